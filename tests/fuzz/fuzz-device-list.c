/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-device-list"

#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "eo-device-list.h"
#include "eo-error.h"

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Touches every byte of @s, so a dangling or unterminated string is
 * caught by the sanitizers here rather than later. */
static gsize
check_string (const char *s)
{
  gsize len;

  g_assert (s != NULL);
  len = strlen (s);
  g_assert (g_utf8_validate (s, (gssize) len, NULL));
  return len;
}

/* A critical or a warning from GLib is a bug as well: make it abort. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

/* Feeds @data to the device-list reader and walks everything it hands
 * back. Any crash, sanitizer report or failed assertion is a bug in the
 * reader. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GBytes) csv = NULL;
  const char * const *strv;
  guint n_rows, n_problems, n_errors = 0, n_warnings = 0;

  list = eo_device_list_new_from_data ((const char *) data, size, &error);
  if (list == NULL)
    {
      /* A file-level failure is a proper EO_ERROR with a message. */
      g_assert (error != NULL);
      g_assert (error->domain == EO_ERROR);
      check_string (error->message);
      return 0;
    }
  g_assert (error == NULL);

  n_rows = eo_device_list_get_n_rows (list);
  n_problems = eo_device_list_get_n_problems (list);
  g_assert (n_rows > 0);

  for (guint i = 0; i < n_problems; i++)
    {
      const EoProblem *problem = eo_device_list_get_problem (list, i);

      g_assert (problem != NULL);
      g_assert (problem->code < EO_PROBLEM_N_CODES);
      g_assert (problem->severity == EO_SEVERITY_WARNING || problem->severity == EO_SEVERITY_ERROR);
      g_assert (problem->column <= EO_COLUMN_ICCID);
      g_assert (problem->row == G_MAXUINT || problem->row < n_rows);
      check_string (eo_problem_code_to_string (problem->code));
      {
        g_autofree char *text = eo_problem_dup_message (problem);

        check_string (text);
        g_assert (text[0] != '\0');
      }
    }

  for (guint i = 0; i < n_rows; i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);
      g_autofree char *message = NULL;
      EoSeverity worst = EO_SEVERITY_OK;

      g_assert (row != NULL);
      check_string (eo_device_list_row_get_eid (list, i));
      check_string (eo_device_list_row_get_name (list, i));
      if (eo_device_list_row_get_iccid (list, i) != NULL)
        check_string (eo_device_list_row_get_iccid (list, i));
      /* Line 1 is a device only in a file without a header. */
      g_assert (row->line >= 1);
      g_assert (i > 0 || row->line >= 2 || eo_device_list_get_unknown_columns (list)[0] == NULL);
      if (row->n_problems > 0)
        {
          g_assert (row->first_problem < n_problems);
          g_assert (row->n_problems <= n_problems - row->first_problem);
          for (guint j = 0; j < row->n_problems; j++)
            {
              const EoProblem *problem = eo_device_list_get_problem (list, row->first_problem + j);

              g_assert (problem->row == i);
              worst = MAX (worst, problem->severity);
            }
        }
      /* Problems beyond the caps are counted, not kept. */
      if (row->has_more)
        g_assert (row->severity >= worst);
      else
        g_assert (row->severity == worst);
      if (row->severity == EO_SEVERITY_ERROR)
        n_errors++;
      else if (row->severity == EO_SEVERITY_WARNING)
        n_warnings++;

      message = eo_device_list_dup_row_message (list, i);
      check_string (message);
      g_assert ((row->n_problems == 0 && !row->has_more) == (message[0] == '\0'));
    }

  g_assert (eo_device_list_get_n_errors (list) == n_errors + eo_device_list_get_n_omitted_rows (list));
  g_assert (eo_device_list_get_n_valid (list) == n_rows - n_errors);
  g_assert (eo_device_list_get_n_warnings (list) <= n_rows);

  strv = eo_device_list_get_unknown_columns (list);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    check_string (strv[i]);
  strv = eo_device_list_get_notes (list);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    check_string (strv[i]);
  (void) eo_device_list_has_iccid_column (list);
  g_assert (eo_device_list_get_n_extra_columns (list) <= EO_DEVICE_LIST_MAX_EXTRA_COLUMNS);
  for (guint k = 0; k < eo_device_list_get_n_extra_columns (list); k++)
    {
      check_string (eo_device_list_get_extra_column_name (list, k));
      for (guint i = 0; i < n_rows; i++)
        {
          const char *value = eo_device_list_row_get_extra (list, i, k);

          check_string (value);
          g_assert (strlen (value) <= EO_DEVICE_LIST_EXTRA_VALUE_MAX_BYTES);
        }
    }
  (void) eo_device_list_find_serial_column (list);

  csv = eo_device_list_to_normalized_csv (list);
  g_assert (csv != NULL);
  {
    gsize len = 0;
    const char *text = g_bytes_get_data (csv, &len);

    g_assert (len > 0);
    g_assert (g_utf8_validate (text, (gssize) len, NULL));
    g_assert (memchr (text, '\r', len) == NULL);
    g_assert (g_str_has_prefix (text, "EID,Name"));

    /* What we write must read back as the same devices. */
    if (n_rows > n_errors)
      {
        g_autoptr(GError) again_error = NULL;
        g_autoptr(EoDeviceList) again = eo_device_list_new_from_data (text, len, &again_error);

        g_assert_no_error (again_error);
        g_assert (again != NULL);
        g_assert (eo_device_list_get_n_rows (again) == n_rows - n_errors);
        g_assert (eo_device_list_get_n_errors (again) == 0);
        for (guint i = 0, k = 0; i < n_rows; i++)
          {
            const EoDeviceRow *row = eo_device_list_get_row (list, i);
            const char *iccid = eo_device_list_row_get_iccid (list, i);
            const char *copy_iccid;

            if (row->severity == EO_SEVERITY_ERROR)
              continue;
            copy_iccid = eo_device_list_row_get_iccid (again, k);
            g_assert (g_str_equal (eo_device_list_row_get_eid (list, i),
                                   eo_device_list_row_get_eid (again, k)));
            g_assert (g_str_equal (eo_device_list_row_get_name (list, i),
                                   eo_device_list_row_get_name (again, k)));
            g_assert (g_strcmp0 (iccid, copy_iccid) == 0 ||
                      (iccid == NULL && copy_iccid != NULL && copy_iccid[0] == '\0') ||
                      (copy_iccid == NULL && iccid != NULL && iccid[0] == '\0'));
            k++;
          }
      }
  }

  return 0;
}
