/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "eo-device-list.h"
#include "eo-error.h"
#include "eo-identifiers.h"

/* GLib 2.74 leaks the strings of G_TEST_OPTION_ISOLATE_DIRS at every test
 * (g_set_user_dirs): not ours, and it would fail the sanitizer build. The
 * sanitizers call these hooks at start; other builds ignore them. GLib has
 * no frame pointers, so matching the suppression needs the slow unwinder
 * at malloc (ASAN_OPTIONS from the environment still wins). */
const char *__asan_default_options      (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n";
}

#define GOOD_EID "89049032123451234512345678901235"
#define GOOD_ICCID "8910042348144559361"

/* A valid EID / ICCID numbered @n, for lists of many rows. */
static inline void
make_eid (char  eid[EO_EID_LENGTH + 1],
          guint n)
{
  guint check;

  g_snprintf (eid, EO_EID_LENGTH + 1, "890490321234512345%012u", n);
  check = eo_eid_compute_check (eid);
  eid[30] = (char) ('0' + check / 10);
  eid[31] = (char) ('0' + check % 10);
  eid[32] = '\0';
}

static inline void
make_iccid (char  iccid[20],
            guint n)
{
  g_snprintf (iccid, 20, "8910042%011u", n);
  iccid[18] = (char) ('0' + eo_luhn_compute_check (iccid, 18));
  iccid[19] = '\0';
}

static inline EoDeviceList *
load_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  EoDeviceList *list = eo_device_list_new_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

static inline GError *
load_fails (const char *text,
            gsize       len,
            int         code)
{
  GError *error = NULL;
  EoDeviceList *list = eo_device_list_new_from_data (text, len, &error);

  g_assert_null (list);
  g_assert_error (error, EO_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  return error;
}

/* The problem of row @row with @code, or NULL. */
static inline const EoProblem *
find_problem (EoDeviceList  *list,
              guint          row,
              EoProblemCode  code)
{
  const EoDeviceRow *r = eo_device_list_get_row (list, row);

  for (guint k = 0; k < r->n_problems; k++)
    {
      const EoProblem *p = eo_device_list_get_problem (list, r->first_problem + k);

      g_assert_cmpuint (p->row, ==, row);
      if (p->code == code)
        return p;
    }
  return NULL;
}
