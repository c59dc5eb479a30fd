/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-import"

#include "config.h"

#include <string.h>

#include "eo-test-import.h"

EoDeviceList *
eo_test_load_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  EoDeviceList *list = eo_device_list_new_from_data (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (list);
  return list;
}

GError *
eo_test_load_fails (const char *text,
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

const EoProblem *
eo_test_find_problem (EoDeviceList  *list,
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

const char *
eo_test_problem_text (const EoProblem *problem)
{
  char *text = eo_problem_dup_message (problem);

  g_test_queue_free (text);
  return text;
}
