/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-device.h"
#include "eo-upload-record.h"
#include "eo-test-util.h"

G_BEGIN_DECLS

/* Helpers of the history, record and export tests. */

/* A record with @n devices named by @names (or "dev-N"), accepted, with
 * a mix of statuses: device i is SUCCESS when i % 3 == 0, FAILED when
 * i % 3 == 1 (reason "no eSIM left"), PENDING otherwise. */
EoUploadRecord *eo_test_make_record          (guint               n,
                                              const char * const *names,
                                              gboolean            with_iccid);
/* Asserts that two records hold the same data (ids, states, devices,
 * status histories). */
void            eo_test_assert_records_equal (EoUploadRecord     *a,
                                              EoUploadRecord     *b);

G_END_DECLS
