/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-device-list.h"
#include "eo-error.h"
#include "eo-identifiers.h"
#include "eo-test-util.h"

G_BEGIN_DECLS

/* Helpers of the device-list tests. */

/* A valid EID and a valid ICCID (check digits right). */
#define EO_TEST_EID   "89049032123451234512345678901235"
#define EO_TEST_ICCID "8910042348144559361"

/* Reads @text as a device list and asserts it loads. */
EoDeviceList    *eo_test_load_ok      (const char    *text);
/* Asserts that @text (@len bytes) does not load, with @code and a
 * message; returns the error. */
GError          *eo_test_load_fails   (const char    *text,
                                       gsize          len,
                                       int            code);
/* The problem of row @row with @code, or NULL. */
const EoProblem *eo_test_find_problem (EoDeviceList  *list,
                                       guint          row,
                                       EoProblemCode  code);

/* The sentence of @problem, freed at the end of the test. */
const char      *eo_test_problem_text (const EoProblem *problem);

G_END_DECLS
