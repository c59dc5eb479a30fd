/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-device-list-columns"

#include "config.h"

#include <string.h>

#include "eo-test-import.h"

/* The extra columns of a device list (an MDM's Serial Number, Model…):
 * kept in the file's order with each row, bounded and cleaned. */

static void
assert_row (EoDeviceList *list,
            guint         row,
            const char   *serial,
            const char   *model)
{
  g_assert_cmpstr (eo_device_list_row_get_extra (list, row, 0), ==, serial);
  g_assert_cmpstr (eo_device_list_row_get_extra (list, row, 1), ==, model);
}

static gboolean
notes_contain (EoDeviceList *list,
               const char   *text)
{
  const char * const *notes = eo_device_list_get_notes (list);

  for (guint i = 0; notes[i] != NULL; i++)
    if (strstr (notes[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_kept (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("Serial Number,EID,Model,Name,ICCID\n"
                                                  "C02XK1,"  EO_TEST_EID ",iPhone 15,Alice,\n"
                                                  ",,,Bob\n"
                                                  "\"C0,3\",1,\"Pixel\n8\",Carol,\n"
                                                  "C04,2\n");

  g_assert_cmpuint (eo_device_list_get_n_extra_columns (list), ==, 2);
  g_assert_cmpstr (eo_device_list_get_extra_column_name (list, 0), ==, "Serial Number");
  g_assert_cmpstr (eo_device_list_get_extra_column_name (list, 1), ==, "Model");
  g_assert_cmpint (eo_device_list_find_serial_column (list), ==, 0);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 4);
  assert_row (list, 0, "C02XK1", "iPhone 15");
  /* All empty, a separator inside quotes, a line break made a space, a
   * row shorter than the header. */
  assert_row (list, 1, "", "");
  assert_row (list, 2, "C0,3", "Pixel 8");
  assert_row (list, 3, "C04", "");
  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Alice");
  g_assert_true (notes_contain (list, "Columns kept with each device: Serial Number, Model"));
  g_assert_false (notes_contain (list, "Ignored"));
  /* The normalized CSV that is sent stays EID, Name, ICCID. */
  {
    g_autoptr(GBytes) csv = eo_device_list_to_normalized_csv (list);
    g_autofree char *text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));

    g_assert_true (g_str_has_prefix (text, "EID,Name,ICCID\n"));
    g_assert_null (strstr (text, "C02XK1"));
  }
}

static void
test_none (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID,Name\n" EO_TEST_EID ",A\n");

  g_assert_cmpuint (eo_device_list_get_n_extra_columns (list), ==, 0);
  g_assert_cmpint (eo_device_list_find_serial_column (list), ==, -1);
  g_assert_cmpstr (eo_device_list_get_notes (list)[0], ==, NULL);
}

static void
test_bounds (void)
{
  g_autoptr(GString) text = g_string_new ("EID,Name,eid,model,MODEL,\"Asset\ttag\x7f\",\" \"");
  g_autoptr(GString) row = g_string_new (EO_TEST_EID ",A,x,m1,m2,\"a\x01" "b\xc2\x85" "c\", ");
  g_autoptr(EoDeviceList) list = NULL;
  const char *value;

  for (guint k = 0; k < 70; k++)
    {
      g_string_append_printf (text, ",C%u", k);
      g_string_append_printf (row, ",%u", k);
    }
  g_string_append (text, "\n");
  g_string_append (text, row->str);
  g_string_append_c (text, '\n');
  list = eo_test_load_ok (text->str);

  /* A second EID column and a name taken twice (case aside) are not kept,
   * nor a blank name; then 62 of the C columns fill the 64. */
  g_assert_cmpuint (eo_device_list_get_n_extra_columns (list), ==, EO_DEVICE_LIST_MAX_EXTRA_COLUMNS);
  g_assert_cmpstr (eo_device_list_get_extra_column_name (list, 0), ==, "model");
  g_assert_cmpstr (eo_device_list_get_extra_column_name (list, 1), ==, "Asset tag");
  g_assert_cmpstr (eo_device_list_get_extra_column_name (list, 2), ==, "C0");
  g_assert_cmpstr (eo_device_list_get_extra_column_name (list, 63), ==, "C61");
  g_assert_cmpstr (eo_device_list_row_get_extra (list, 0, 0), ==, "m1");
  g_assert_cmpstr (eo_device_list_row_get_extra (list, 0, 1), ==, "a b c");
  g_assert_cmpstr (eo_device_list_row_get_extra (list, 0, 63), ==, "61");
  g_assert_true (notes_contain (list, "Ignored columns: eid, MODEL"));

  /* Every value valid UTF-8 without control characters. */
  for (guint k = 0; k < eo_device_list_get_n_extra_columns (list); k++)
    {
      value = eo_device_list_row_get_extra (list, 0, k);
      g_assert_true (g_utf8_validate (value, -1, NULL));
      for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
        g_assert_false (g_unichar_iscntrl (g_utf8_get_char (p)));
    }
}

static void
test_long_value (void)
{
  g_autoptr(GString) text = g_string_new ("EID,Name,Note\n" EO_TEST_EID ",A,");
  g_autoptr(EoDeviceList) list = NULL;
  const char *value;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "é");
  g_string_append_c (text, '\n');
  list = eo_test_load_ok (text->str);

  value = eo_device_list_row_get_extra (list, 0, 0);
  g_assert_cmpuint (strlen (value), ==, EO_DEVICE_LIST_EXTRA_VALUE_MAX_BYTES);
  g_assert_true (g_utf8_validate (value, -1, NULL));
}

/* Read in two halves by two threads, with rows having errors (kept),
 * blank lines, rows whose extras are all empty, and rows with errors
 * beyond the caps (omitted: their slots are reused): every kept row has
 * its own values. */
static void
check_halves (guint    n,
              gboolean with_errors)
{
  g_autoptr(GString) text = g_string_new ("EID,Serial,Name,Model\n");
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(EoDeviceList) list = NULL;

  for (guint i = 0; i < n; i++)
    {
      char eid[33];

      eo_test_write_eid (eid, i);
      if (i % 1000 == 7)
        g_string_append (text, ",,,\n");
      if (with_errors && i % 3 == 1)
        {
          /* Errors: eid-length, name-missing; past the caps, omitted. */
          g_string_append_printf (text, "1,OMIT%u,,x\n", i);
          continue;
        }
      g_array_append_val (ids, i);
      if (i % 11 == 0)
        g_string_append_printf (text, "%s,,d%u,\n", eid, i);
      else
        g_string_append_printf (text, "%s,S%u,d%u,M%u\n", eid, i, i, i % 5);
    }
  list = eo_test_load_ok (text->str);

  if (!with_errors)
    g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, n);
  for (guint r = 0, j = 0; r < eo_device_list_get_n_rows (list); r++)
    {
      const char *serial = eo_device_list_row_get_extra (list, r, 0);
      g_autofree char *s = NULL;
      g_autofree char *m = NULL;
      guint i;

      if (g_str_has_prefix (serial, "OMIT"))
        {
          g_assert_cmpstr (eo_device_list_row_get_extra (list, r, 1), ==, "x");
          g_assert_cmpint (eo_device_list_get_row (list, r)->severity, ==, EO_SEVERITY_ERROR);
          continue;
        }
      g_assert_cmpuint (j, <, ids->len);
      i = g_array_index (ids, guint, j++);
      s = i % 11 == 0 ? g_strdup ("") : g_strdup_printf ("S%u", i);
      m = i % 11 == 0 ? g_strdup ("") : g_strdup_printf ("M%u", i % 5);
      g_assert_cmpstr (serial, ==, s);
      g_assert_cmpstr (eo_device_list_row_get_extra (list, r, 1), ==, m);
      g_assert_cmpint (eo_device_list_get_row (list, r)->severity, !=, EO_SEVERITY_ERROR);
      if (r + 1 == eo_device_list_get_n_rows (list))
        g_assert_cmpuint (j, ==, ids->len);
    }
}

static void
test_halves (void)
{
  check_halves (120000, FALSE);
}

static void
test_halves_with_errors (void)
{
  check_halves (120000, TRUE);
}

static void
test_one_thread_lone_cr (void)
{
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GString) text = g_string_new ("EID,Name,Serial\r");

  for (guint i = 0; i < 300; i++)
    {
      char eid[33];

      eo_test_write_eid (eid, i);
      g_string_append_printf (text, "%s,d%u,S%u\r", eid, i, i);
    }
  list = eo_test_load_ok (text->str);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 300);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *s = g_strdup_printf ("S%u", i);

      g_assert_cmpstr (eo_device_list_row_get_extra (list, i, 0), ==, s);
    }
}

static void
test_serial_names (void)
{
  static const char * const yes[] = {
    "Serial Number", "serial_number", "SerialNumber", "SERIAL", "Serial No.", "serial-number",
    " Serial  Number ",
  };
  static const char * const no[] = {
    "Model", "Serial Number 2", "Serialized", "Asset Tag", "", "UDID",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (eo_column_name_is_serial_number (yes[i]));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (eo_column_name_is_serial_number (no[i]));
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/device-list/columns/kept", test_kept);
  g_test_add_func ("/device-list/columns/none", test_none);
  g_test_add_func ("/device-list/columns/bounds", test_bounds);
  g_test_add_func ("/device-list/columns/long-value", test_long_value);
  g_test_add_func ("/device-list/columns/halves", test_halves);
  g_test_add_func ("/device-list/columns/halves-with-errors", test_halves_with_errors);
  g_test_add_func ("/device-list/columns/lone-cr", test_one_thread_lone_cr);
  g_test_add_func ("/device-list/columns/serial-names", test_serial_names);

  return g_test_run ();
}
