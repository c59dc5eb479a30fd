/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-device-list"

#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>

#include "eo-device.h"
#include "eo-test-import.h"

static const EoProblem *
assert_problem (EoDeviceList  *list,
                guint          row,
                EoProblemCode  code,
                EoSeverity     severity,
                EoColumn       column,
                guint          line)
{
  const EoProblem *p = eo_test_find_problem (list, row, code);

  if (p == NULL)
    g_error ("row %u has no problem %s", row, eo_problem_code_to_string (code));
  g_assert_cmpint (p->severity, ==, severity);
  g_assert_cmpint (p->column, ==, column);
  g_assert_cmpuint (p->line, ==, line);
  g_assert_nonnull (eo_test_problem_text (p));
  g_assert_cmpstr (eo_test_problem_text (p), !=, "");
  return p;
}

/* A list of one row "EID,Name,ICCID" made of the given cells. */
static EoDeviceList *
one_row (const char *eid,
         const char *name,
         const char *iccid)
{
  g_autofree char *text = g_strdup_printf ("EID,Name,ICCID\n%s,%s,%s\n", eid, name, iccid);

  return eo_test_load_ok (text);
}

static void
test_codes (void)
{
  static const char * const expected[] = {
    "eid-missing", "eid-not-digits", "eid-length", "eid-check-digits", "eid-separators",
    "eid-duplicate", "iccid-not-digits", "iccid-prefix", "iccid-length", "iccid-luhn",
    "iccid-pad", "iccid-separators", "iccid-duplicate", "name-missing", "name-too-long",
    "name-control-chars", "name-duplicate", "row-field-count", "eid-spreadsheet", "iccid-spreadsheet",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (expected) == EO_PROBLEM_N_CODES);
  for (guint i = 0; i < EO_PROBLEM_N_CODES; i++)
    g_assert_cmpstr (eo_problem_code_to_string (i), ==, expected[i]);
}

static void
test_valid_row (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "Phone 1", EO_TEST_ICCID);
  const EoDeviceRow *row = eo_device_list_get_row (list, 0);
  g_autofree char *message = eo_device_list_dup_row_message (list, 0);

  g_assert_cmpint (row->severity, ==, EO_SEVERITY_OK);
  g_assert_cmpuint (row->n_problems, ==, 0);
  g_assert_cmpuint (eo_device_list_get_n_problems (list), ==, 0);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 1);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 0);
  g_assert_cmpuint (eo_device_list_get_n_warnings (list), ==, 0);
  g_assert_cmpstr (message, ==, "");
}

static void
test_eid_missing (void)
{
  g_autoptr(EoDeviceList) list = one_row ("", "Phone", EO_TEST_ICCID);

  assert_problem (list, 0, EO_PROBLEM_EID_MISSING, EO_SEVERITY_ERROR, EO_COLUMN_EID, 2);
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, "");
}

static void
test_eid_not_digits (void)
{
  g_autoptr(EoDeviceList) list = one_row ("8904903212345123451234567890123O", "Phone", "");
  const EoProblem *p = assert_problem (list, 0, EO_PROBLEM_EID_NOT_DIGITS,
                                       EO_SEVERITY_ERROR, EO_COLUMN_EID, 2);

  g_assert_nonnull (strstr (eo_test_problem_text (p), "“O”"));
}

static void
test_eid_length (void)
{
  g_autoptr(EoDeviceList) list = one_row ("8904903212345123451234567890123", "Phone", "");
  const EoProblem *p = assert_problem (list, 0, EO_PROBLEM_EID_LENGTH,
                                       EO_SEVERITY_ERROR, EO_COLUMN_EID, 2);

  g_assert_nonnull (strstr (eo_test_problem_text (p), "31"));
  g_assert_null (eo_test_find_problem (list, 0, EO_PROBLEM_EID_CHECK_DIGITS));
}

static void
test_eid_check_digits_wrong (void)
{
  g_autoptr(EoDeviceList) list = one_row ("89049032123451234512345678901236", "Phone", "");
  const EoProblem *p = assert_problem (list, 0, EO_PROBLEM_EID_CHECK_DIGITS,
                                       EO_SEVERITY_ERROR, EO_COLUMN_EID, 2);

  g_assert_cmpstr (eo_test_problem_text (p), ==,
                   "EID check digits are wrong: expected …35, found …36. Was a digit mistyped?");
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 0);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 1);
}

static void
test_eid_separators (void)
{
  g_autoptr(EoDeviceList) list = one_row ("8904-9032 1234-5123 4512 3456 7890 1235", "Phone", "");
  const EoDeviceRow *row = eo_device_list_get_row (list, 0);

  assert_problem (list, 0, EO_PROBLEM_EID_SEPARATORS, EO_SEVERITY_WARNING, EO_COLUMN_EID, 2);
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
  g_assert_cmpint (row->severity, ==, EO_SEVERITY_WARNING);
  g_assert_cmpuint (row->n_problems, ==, 1);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 1);
  g_assert_cmpuint (eo_device_list_get_n_warnings (list), ==, 1);
}

static void
test_iccid_not_given (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "Phone", "  ");

  g_assert_null (eo_device_list_row_get_iccid (list, 0));
  g_assert_cmpuint (eo_device_list_get_row (list, 0)->n_problems, ==, 0);
}

static void
test_iccid_pad (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "Phone", EO_TEST_ICCID "F");
  const EoDeviceRow *row = eo_device_list_get_row (list, 0);

  assert_problem (list, 0, EO_PROBLEM_ICCID_PAD, EO_SEVERITY_WARNING, EO_COLUMN_ICCID, 2);
  g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
  g_assert_cmpint (row->severity, ==, EO_SEVERITY_WARNING);
}

static void
test_iccid_separators (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "Phone", "8910 0423-4814 4559 361f");
  const EoDeviceRow *row = eo_device_list_get_row (list, 0);

  assert_problem (list, 0, EO_PROBLEM_ICCID_SEPARATORS, EO_SEVERITY_WARNING, EO_COLUMN_ICCID, 2);
  assert_problem (list, 0, EO_PROBLEM_ICCID_PAD, EO_SEVERITY_WARNING, EO_COLUMN_ICCID, 2);
  g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
  g_assert_cmpuint (row->n_problems, ==, 2);
}

static void
test_iccid_not_digits (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "Phone", "89100423481445593X1");
  const EoProblem *p = assert_problem (list, 0, EO_PROBLEM_ICCID_NOT_DIGITS,
                                       EO_SEVERITY_ERROR, EO_COLUMN_ICCID, 2);

  g_assert_nonnull (strstr (eo_test_problem_text (p), "“X”"));
}

static void
test_iccid_prefix (void)
{
  char iccid[20] = "7910042348144559361";
  g_autoptr(EoDeviceList) list = NULL;

  iccid[18] = (char) ('0' + eo_luhn_compute_check (iccid, 18));
  list = one_row (EO_TEST_EID, "Phone", iccid);
  assert_problem (list, 0, EO_PROBLEM_ICCID_PREFIX, EO_SEVERITY_ERROR, EO_COLUMN_ICCID, 2);
  g_assert_null (eo_test_find_problem (list, 0, EO_PROBLEM_ICCID_LUHN));
}

static void
test_iccid_length (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "Phone", "891004234814455936");
  const EoProblem *p = assert_problem (list, 0, EO_PROBLEM_ICCID_LENGTH,
                                       EO_SEVERITY_ERROR, EO_COLUMN_ICCID, 2);

  g_assert_nonnull (strstr (eo_test_problem_text (p), "18"));
}

static void
test_iccid_luhn (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "Phone", "8910042348144559362");
  const EoProblem *p = assert_problem (list, 0, EO_PROBLEM_ICCID_LUHN,
                                       EO_SEVERITY_ERROR, EO_COLUMN_ICCID, 2);

  g_assert_cmpstr (eo_test_problem_text (p), ==,
                   "ICCID check digit is wrong: expected …1, found …2. Was a digit mistyped?");
}

static void
test_name_missing (void)
{
  g_autoptr(EoDeviceList) list = one_row (EO_TEST_EID, "   ", EO_TEST_ICCID);

  assert_problem (list, 0, EO_PROBLEM_NAME_MISSING, EO_SEVERITY_ERROR, EO_COLUMN_NAME, 2);
}

static void
test_name_quoted_spaces (void)
{
  const char *csv = "EID,Name\n" EO_TEST_EID ",\"  Phone A \t\"\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_from_data (csv, strlen (csv), &error);
  g_autoptr(GBytes) out = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone A");
  g_assert_cmpuint (eo_device_list_get_row (list, 0)->n_problems, ==, 0);

  /* The normalized CSV reads back as the same name. */
  out = eo_device_list_to_normalized_csv (list);
  g_assert_cmpstr (g_bytes_get_data (out, NULL), ==, "EID,Name\n" EO_TEST_EID ",Phone A\n");
}

static void
test_name_too_long (void)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(EoDeviceList) ok = NULL;
  g_autoptr(EoDeviceList) bad = NULL;
  const EoProblem *p;

  /* 64 two-byte characters (128 bytes) are fine; one more is not. */
  for (guint i = 0; i < 64; i++)
    g_string_append (name, "é");
  ok = one_row (EO_TEST_EID, name->str, "");
  g_assert_null (eo_test_find_problem (ok, 0, EO_PROBLEM_NAME_TOO_LONG));
  g_assert_cmpuint (eo_device_list_get_row (ok, 0)->n_problems, ==, 0);

  g_string_append (name, "x");
  bad = one_row (EO_TEST_EID, name->str, "");
  p = assert_problem (bad, 0, EO_PROBLEM_NAME_TOO_LONG, EO_SEVERITY_ERROR, EO_COLUMN_NAME, 2);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "65"));
}

static void
test_name_control (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID;Name\n" EO_TEST_EID ";a\tb\n");
  g_autoptr(EoDeviceList) c1 = one_row (EO_TEST_EID, "bell\x07", "");
  g_autoptr(EoDeviceList) c2 = one_row (EO_TEST_EID, "c1\xc2\x85here", "");
  g_autoptr(EoDeviceList) fine = one_row (EO_TEST_EID, "Ünïcödé ☎", "");

  assert_problem (list, 0, EO_PROBLEM_NAME_CONTROL, EO_SEVERITY_ERROR, EO_COLUMN_NAME, 2);
  assert_problem (c1, 0, EO_PROBLEM_NAME_CONTROL, EO_SEVERITY_ERROR, EO_COLUMN_NAME, 2);
  assert_problem (c2, 0, EO_PROBLEM_NAME_CONTROL, EO_SEVERITY_ERROR, EO_COLUMN_NAME, 2);
  g_assert_cmpuint (eo_device_list_get_row (fine, 0)->n_problems, ==, 0);
}

static void
test_field_count (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID,Name,ICCID\n" EO_TEST_EID ",Phone\n");
  g_autoptr(EoDeviceList) missing_name = eo_test_load_ok ("EID,Name\n" EO_TEST_EID "\n");

  assert_problem (list, 0, EO_PROBLEM_ROW_FIELD_COUNT, EO_SEVERITY_WARNING, EO_COLUMN_NONE, 2);
  g_assert_null (eo_device_list_row_get_iccid (list, 0));
  assert_problem (missing_name, 0, EO_PROBLEM_ROW_FIELD_COUNT, EO_SEVERITY_WARNING, EO_COLUMN_NONE, 2);
  assert_problem (missing_name, 0, EO_PROBLEM_NAME_MISSING, EO_SEVERITY_ERROR, EO_COLUMN_NAME, 2);
}

static void
test_duplicate_eid (void)
{
  char eid2[33];
  g_autofree char *text = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  const EoProblem *p;

  eo_test_write_eid (eid2, 7);
  text = g_strdup_printf ("EID,Name\n%s,A\n%s,B\n\n%s,C\n%s,D\n",
                          EO_TEST_EID, eid2, "8904 9032 1234 5123 4512 3456 7890 1235", EO_TEST_EID);
  list = eo_test_load_ok (text);

  p = assert_problem (list, 0, EO_PROBLEM_EID_DUPLICATE, EO_SEVERITY_ERROR, EO_COLUMN_EID, 2);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "line 5"));
  g_assert_null (eo_test_find_problem (list, 1, EO_PROBLEM_EID_DUPLICATE));
  p = assert_problem (list, 2, EO_PROBLEM_EID_DUPLICATE, EO_SEVERITY_ERROR, EO_COLUMN_EID, 5);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "line 2"));
  /* Each repeat names the row before it in its group (an edit of the
   * first row then changes two messages, not the whole group's). */
  p = assert_problem (list, 3, EO_PROBLEM_EID_DUPLICATE, EO_SEVERITY_ERROR, EO_COLUMN_EID, 6);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "line 5"));
  /* The first row is reported once, not once per repeat. */
  g_assert_cmpuint (eo_device_list_get_row (list, 0)->n_problems, ==, 1);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 3);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 1);
}

static void
test_duplicate_iccid (void)
{
  char eid2[33];
  g_autofree char *text = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  const EoProblem *p;

  eo_test_write_eid (eid2, 8);
  text = g_strdup_printf ("EID,Name,ICCID\n%s,A,%s\n%s,B,%sF\n", EO_TEST_EID, EO_TEST_ICCID, eid2, EO_TEST_ICCID);
  list = eo_test_load_ok (text);

  p = assert_problem (list, 0, EO_PROBLEM_ICCID_DUPLICATE, EO_SEVERITY_ERROR, EO_COLUMN_ICCID, 2);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "line 3"));
  p = assert_problem (list, 1, EO_PROBLEM_ICCID_DUPLICATE, EO_SEVERITY_ERROR, EO_COLUMN_ICCID, 3);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "line 2"));
}

static void
test_duplicate_name (void)
{
  char eid2[33];
  g_autofree char *text = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  const EoProblem *p;

  eo_test_write_eid (eid2, 9);
  text = g_strdup_printf ("EID,Name\n%s, Lobby \n%s,Lobby\n", EO_TEST_EID, eid2);
  list = eo_test_load_ok (text);

  p = assert_problem (list, 0, EO_PROBLEM_NAME_DUPLICATE, EO_SEVERITY_WARNING, EO_COLUMN_NAME, 2);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "line 3"));
  assert_problem (list, 1, EO_PROBLEM_NAME_DUPLICATE, EO_SEVERITY_WARNING, EO_COLUMN_NAME, 3);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 2);
  g_assert_cmpuint (eo_device_list_get_n_warnings (list), ==, 2);
}

static void
test_duplicates_many_rows (void)
{
  /* Enough rows for the threaded path; every 1000th row repeats row 0's
   * EID, every 999th repeats row 1's ICCID. */
  const guint n = 120000;
  g_autoptr(GString) text = g_string_new ("EID,Name,ICCID\n");
  g_autoptr(EoDeviceList) list = NULL;
  guint eid_dups = 0, iccid_dups = 0;

  for (guint i = 0; i < n; i++)
    {
      char eid[33], iccid[20];

      eo_test_write_eid (eid, (i > 0 && i % 1000 == 0) ? 0 : i);
      eo_test_write_iccid (iccid, (i > 1 && i % 999 == 0) ? 1 : i);
      g_string_append_printf (text, "%s,device-%u,%s\n", eid, i, iccid);
    }
  list = eo_test_load_ok (text->str);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, n);

  for (guint i = 0; i < n; i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);
      const EoProblem *p;

      g_assert_cmpuint (row->line, ==, i + 2);
      p = eo_test_find_problem (list, i, EO_PROBLEM_EID_DUPLICATE);
      g_assert_true ((p != NULL) == (i == 0 || i % 1000 == 0));
      eid_dups += p != NULL;
      p = eo_test_find_problem (list, i, EO_PROBLEM_ICCID_DUPLICATE);
      g_assert_true ((p != NULL) == (i == 1 || (i > 1 && i % 999 == 0)));
      iccid_dups += p != NULL;
      g_assert_null (eo_test_find_problem (list, i, EO_PROBLEM_NAME_DUPLICATE));
    }
  g_assert_cmpuint (eid_dups, ==, n / 1000);
  g_assert_cmpuint (iccid_dups, ==, 1 + (n - 1) / 999);
}

static void
test_halves (void)
{
  /* Big enough to be read in two halves by two threads: blank lines,
   * quoted line breaks, CRLF and problems everywhere must come out the
   * same as when read in one go. */
  const guint n = 90000;
  g_autoptr(GString) text = g_string_new ("EID,Name,ICCID\r\n");
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(EoDeviceList) list = NULL;
  guint line = 2;

  for (guint i = 0; i < n; i++)
    {
      char eid[33], iccid[20];

      eo_test_write_eid (eid, i);
      eo_test_write_iccid (iccid, i);
      if (i % 1000 == 7)
        {
          g_string_append (text, "\r\n,,\r\n");
          line += 2;
        }
      if (i % 500 == 3)
        eid[31] = eid[31] == '9' ? '0' : (char) (eid[31] + 1);
      g_array_append_val (lines, line);
      if (i % 777 == 5)
        {
          g_string_append_printf (text, "%s,\"multi\nline %u\",%s\r\n", eid, i, iccid);
          line += 2;
        }
      else
        {
          g_string_append_printf (text, "%s,\"device, %u\",%s\r\n", eid, i, iccid);
          line += 1;
        }
    }
  list = eo_test_load_ok (text->str);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, n);

  for (guint i = 0; i < n; i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);
      g_autofree char *name = (i % 777 == 5) ? g_strdup_printf ("multi\nline %u", i)
                                             : g_strdup_printf ("device, %u", i);

      g_assert_cmpuint (row->line, ==, g_array_index (lines, guint, i));
      g_assert_cmpstr (eo_device_list_row_get_name (list, i), ==, name);
      g_assert_true ((eo_test_find_problem (list, i, EO_PROBLEM_EID_CHECK_DIGITS) != NULL) == (i % 500 == 3));
      g_assert_true ((eo_test_find_problem (list, i, EO_PROBLEM_NAME_CONTROL) != NULL) == (i % 777 == 5));
    }
}

static void
test_halves_no_quotes (void)
{
  /* Without quotes the halves are cut where the text check cut the file,
   * and the second half's first line comes from the counts of LF, CR and
   * CRLF: mix all three kinds of line end, and blank lines. */
  const guint n = 80000;
  g_autoptr(GString) text = g_string_new ("EID;Name;ICCID\n");
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(EoDeviceList) list = NULL;
  guint line = 2;

  for (guint i = 0; i < n; i++)
    {
      static const char * const ends[] = { "\n", "\r\n", "\r" };
      char eid[33], iccid[20];

      eo_test_write_eid (eid, i);
      eo_test_write_iccid (iccid, i);
      if (i % 999 == 4)
        {
          g_string_append (text, ";;\r\n\n");
          line += 2;
        }
      if (i % 600 == 1)
        iccid[5] = iccid[5] == '9' ? '0' : (char) (iccid[5] + 1);
      g_array_append_val (lines, line);
      g_string_append_printf (text, "%s;device %u;%s%s", eid, i, iccid, ends[(i / 7) % 3]);
      line++;
    }
  list = eo_test_load_ok (text->str);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, n);

  for (guint i = 0; i < n; i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);
      g_autofree char *name = g_strdup_printf ("device %u", i);

      g_assert_cmpuint (row->line, ==, g_array_index (lines, guint, i));
      g_assert_cmpstr (eo_device_list_row_get_name (list, i), ==, name);
      g_assert_true ((eo_test_find_problem (list, i, EO_PROBLEM_ICCID_LUHN) != NULL) == (i % 600 == 1));
      g_assert_cmpuint (row->n_problems, ==, i % 600 == 1 ? 1 : 0);
    }
}

static void
test_duplicates_table_grows (void)
{
  /* Few enough rows for one thread, whose table starts for half of them
   * and grows: duplicates on both sides of the growth are found. */
  const guint n = 7000;
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  g_autoptr(EoDeviceList) list = NULL;

  /* 7000 rows: the table starts with 8192 slots and grows past 6144. */
  for (guint i = 0; i < n; i++)
    {
      char eid[33];

      eo_test_write_eid (eid, i == 6500 ? 10 : (i == n - 1 ? 0 : i));
      g_string_append_printf (text, "%s,d%u\n", eid, i == 6800 ? 3 : i);
    }
  list = eo_test_load_ok (text->str);

  for (guint i = 0; i < n; i++)
    {
      gboolean eid_dup = i == 10 || i == 6500 || i == 0 || i == n - 1;
      gboolean name_dup = i == 3 || i == 6800;

      g_assert_true ((eo_test_find_problem (list, i, EO_PROBLEM_EID_DUPLICATE) != NULL) == eid_dup);
      g_assert_true ((eo_test_find_problem (list, i, EO_PROBLEM_NAME_DUPLICATE) != NULL) == name_dup);
    }
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 4);
  g_assert_cmpuint (eo_device_list_get_n_warnings (list), ==, 2);
}

static void
test_problems_contiguous (void)
{
  char eid2[33];
  g_autofree char *text = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  guint expected_first = 0;

  eo_test_write_eid (eid2, 3);
  /* Row 1 (line 2): check digits wrong + name duplicate (found later).
   * Row 2 (line 3): fine. Row 3 (line 4): ICCID pad, name duplicate. */
  text = g_strdup_printf ("EID,Name,ICCID\n"
                          "89049032123451234512345678901236,Same,\n"
                          "%s,Other,\n"
                          "8904-9032123451234512345678901235,Same,%sF\n",
                          eid2, EO_TEST_ICCID);
  list = eo_test_load_ok (text);

  for (guint i = 0; i < eo_device_list_get_n_rows (list); i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);

      if (row->n_problems > 0)
        g_assert_cmpuint (row->first_problem, ==, expected_first);
      for (guint k = 0; k < row->n_problems; k++)
        {
          const EoProblem *p = eo_device_list_get_problem (list, row->first_problem + k);

          g_assert_cmpuint (p->row, ==, i);
          g_assert_cmpuint (p->line, ==, row->line);
          g_assert_cmpint (p->severity, <=, row->severity);
        }
      expected_first += row->n_problems;
    }
  g_assert_cmpuint (expected_first, ==, eo_device_list_get_n_problems (list));

  g_assert_cmpuint (eo_device_list_get_row (list, 0)->n_problems, ==, 2);
  g_assert_cmpint (eo_device_list_get_row (list, 0)->severity, ==, EO_SEVERITY_ERROR);
  g_assert_cmpuint (eo_device_list_get_row (list, 1)->n_problems, ==, 0);
  g_assert_cmpuint (eo_device_list_get_row (list, 2)->n_problems, ==, 3);
  g_assert_cmpint (eo_device_list_get_row (list, 2)->severity, ==, EO_SEVERITY_WARNING);

  /* Ordered by column inside a row: EID, Name, ICCID. */
  {
    const EoDeviceRow *row = eo_device_list_get_row (list, 2);
    const EoProblem *p = eo_device_list_get_problem (list, row->first_problem);
    g_autofree char *message = eo_device_list_dup_row_message (list, 2);
    g_autofree char *joined = g_strjoin (" ", eo_test_problem_text (&p[0]), eo_test_problem_text (&p[1]), eo_test_problem_text (&p[2]), NULL);

    g_assert_cmpint (p[0].code, ==, EO_PROBLEM_EID_SEPARATORS);
    g_assert_cmpint (p[1].code, ==, EO_PROBLEM_NAME_DUPLICATE);
    g_assert_cmpint (p[2].code, ==, EO_PROBLEM_ICCID_PAD);
    g_assert_cmpstr (message, ==, joined);
  }

  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 1);
  g_assert_cmpuint (eo_device_list_get_n_warnings (list), ==, 2);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 2);
}

static void
test_normalized_csv (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("Serial;ICCID;Device Name;EID\r\n"
                                          "1;" EO_TEST_ICCID "f;\"Smith, \"\"J\"\"\";8904 9032 1234 5123 4512 3456 7890 1235\r\n"
                                          "2;;Broken;89049032123451234512345678901236\r\n"
                                          "3;;Plain;89049032123451234500000000000089\r\n");
  g_autoptr(GBytes) bytes = eo_device_list_to_normalized_csv (list);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len,
                   "EID,Name,ICCID\n"
                   EO_TEST_EID ",\"Smith, \"\"J\"\"\"," EO_TEST_ICCID "\n"
                   "89049032123451234500000000000089,Plain,\n",
                   strlen ("EID,Name,ICCID\n"
                           EO_TEST_EID ",\"Smith, \"\"J\"\"\"," EO_TEST_ICCID "\n"
                           "89049032123451234500000000000089,Plain,\n"));
}

static void
test_normalized_csv_no_iccid (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID,Name\n" EO_TEST_EID ",\"two\nlines\"\n"
                                          "89049032123451234500000000000089,ok\n");
  g_autoptr(GBytes) bytes = eo_device_list_to_normalized_csv (list);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  static const char expected[] = "EID,Name\n89049032123451234500000000000089,ok\n";

  g_assert_false (eo_device_list_has_iccid_column (list));
  g_assert_cmpmem (data, len, expected, sizeof expected - 1);
}

static void
test_normalized_csv_roundtrip (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID,Name\n" EO_TEST_EID ",\"quote \"\" and , comma\"\n");
  g_autoptr(GBytes) bytes = eo_device_list_to_normalized_csv (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) again = eo_device_list_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (eo_device_list_row_get_name (again, 0), ==, "quote \" and , comma");
}

static void
test_take_data (void)
{
  char *data = g_strdup ("EID,Name\n" EO_TEST_EID ",Taken\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_take_data (data, strlen (data), &error);
  char *empty = g_malloc0 (1);
  g_autoptr(EoDeviceList) none = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Taken");

  none = eo_device_list_new_take_data (empty, 0, &error);
  g_assert_null (none);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_EMPTY);
}

static void
test_load_data_dir (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "import", "data", "semicolon-crlf.csv", NULL);
  g_autofree char *bom_path = g_test_build_filename (G_TEST_DIST, "core", "import", "data", "bom-utf8.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bom_file = g_file_new_for_path (bom_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_load (file, NULL, &error);
  g_autoptr(EoDeviceList) bom = NULL;
  const EoDeviceRow *row;

  g_assert_no_error (error);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 2);
  row = eo_device_list_get_row (list, 0);
  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Front desk; tablet");
  g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
  row = eo_device_list_get_row (list, 1);
  g_assert_cmpuint (row->line, ==, 3);
  g_assert_null (eo_device_list_row_get_iccid (list, 1));
  assert_problem (list, 1, EO_PROBLEM_EID_SEPARATORS, EO_SEVERITY_WARNING, EO_COLUMN_EID, 3);
  assert_problem (list, 1, EO_PROBLEM_EID_CHECK_DIGITS, EO_SEVERITY_ERROR, EO_COLUMN_EID, 3);
  g_assert_cmpstr (eo_device_list_get_unknown_columns (list)[0], ==, "Serial");

  bom = eo_device_list_load (bom_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eo_device_list_row_get_name (bom, 0), ==, "Réception");
}

static void
test_load_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/devices.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_load (file, NULL, &error);

  g_assert_null (list);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "devices.csv"));
}

static void
test_load_folder_and_pipe (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-list-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "devices.fifo", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) pipe_file = g_file_new_for_path (fifo);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  static const char text[] = "EID,Name\n" EO_TEST_EID ",Piped\n";
  GPid pid;

  list = eo_device_list_load (folder, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_UNREADABLE);
  g_clear_error (&error);

  /* A named pipe without a writer would block forever: refused by
   * name, without waiting (issue 10). Returning at all is the test. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  list = eo_device_list_load (pipe_file, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "devices.fifo"));
  g_assert_nonnull (strstr (error->message, "it is a named pipe, not a file"));
  g_clear_error (&error);

  /* A pipe is read through its descriptor (what “-” does): to its end. */
  {
    int fds[2];

    g_assert_cmpint (pipe (fds), ==, 0);
    pid = fork ();
    g_assert_cmpint (pid, >=, 0);
    if (pid == 0)
      {
        close (fds[0]);
        if (write (fds[1], text, sizeof text - 1) != (gssize) (sizeof text - 1))
          _exit (1);
        _exit (0);
      }
    close (fds[1]);
    list = eo_device_list_load_fd (fds[0], "standard input", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Piped");
    g_clear_object (&list);
    close (fds[0]);
    waitpid (pid, NULL, 0);
  }

  g_unlink (fifo);
  g_rmdir (dir);
}

/* A device never ends and a socket is no file: both refused by name. */
static void
test_load_device_and_socket (void)
{
  g_autoptr(GFile) zero = g_file_new_for_path ("/dev/zero");
  g_autofree char *dir = g_dir_make_tmp ("eo-list-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "devices.sock", NULL);
  g_autoptr(GFile) sock_file = g_file_new_for_path (path);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocket) sock = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;

  list = eo_device_list_load (zero, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_UNREADABLE);
  g_assert_cmpstr (error->message, ==, "Could not read “/dev/zero”: it is a device, not a file");
  g_clear_error (&error);

  sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (sock, address, FALSE, &error));
  g_assert_no_error (error);
  list = eo_device_list_load (sock_file, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "it is a socket, not a file"));

  g_socket_close (sock, NULL);
  g_unlink (path);
  g_rmdir (dir);
}

/* Just over the limit, the sizes would both read "536.9 MB": the
 * message then says the bytes. A sparse file: nothing is written. */
static void
test_load_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-list-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "devices.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  int fd = g_open (path, O_WRONLY | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) EO_DEVICE_LIST_MAX_BYTES + 1), ==, 0);
  close (fd);

  list = eo_device_list_load (file, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_TOO_LARGE);
  /* g_format_size: "536.9 MB (536870913 bytes)" (a no-break space, and
   * thousands grouped as the locale says). */
  g_assert_true (g_str_has_prefix (error->message, "The file is 536.9"));
  g_assert_nonnull (strstr (error->message, "536870913 bytes), more than the limit of 536.9"));
  g_assert_true (g_str_has_suffix (error->message, "536870912 bytes). Split it into smaller lists."));

  g_unlink (path);
  g_rmdir (dir);
}

typedef struct
{
  GMainLoop    *loop;
  EoDeviceList *list;
  GError       *error;
} AsyncData;

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncData *data = user_data;

  data->list = eo_device_list_load_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static char *
write_temp_list (const char *contents,
                 char      **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("eo-list-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, "devices.csv", NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  *dir_out = dir;
  return path;
}

static void
test_load_async (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temp_list ("EID,Name\n" EO_TEST_EID ",Async\n", &dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  eo_device_list_load_async (file, NULL, load_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_no_error (data.error);
  g_assert_nonnull (data.list);
  g_assert_cmpstr (eo_device_list_row_get_name (data.list, 0), ==, "Async");

  g_clear_object (&data.list);
  g_main_loop_unref (data.loop);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_load_async_error (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temp_list ("EID,Name\n", &dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  eo_device_list_load_async (file, NULL, load_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_null (data.list);
  g_assert_error (data.error, EO_ERROR, EO_ERROR_FILE_HEADER_ONLY);

  g_clear_error (&data.error);
  g_main_loop_unref (data.loop);
  g_unlink (path);
  g_rmdir (dir);
}

/* The app's loader: a named pipe without a writer is refused, the
 * callback comes (it used to never come). */
static void
test_load_async_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-list-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "devices.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (fifo);
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  eo_device_list_load_async (file, NULL, load_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_null (data.list);
  g_assert_error (data.error, EO_ERROR, EO_ERROR_FILE_UNREADABLE);
  g_assert_nonnull (strstr (data.error->message, "named pipe"));

  g_clear_error (&data.error);
  g_main_loop_unref (data.loop);
  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_load_async_cancelled (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = write_temp_list ("EID,Name\n" EO_TEST_EID ",Async\n", &dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncData data = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  g_cancellable_cancel (cancellable);
  eo_device_list_load_async (file, cancellable, load_cb, &data);
  g_main_loop_run (data.loop);

  g_assert_null (data.list);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_clear_error (&data.error);
  g_main_loop_unref (data.loop);
  g_unlink (path);
  g_rmdir (dir);
}

/* @n_rows rows "1,,NOTE" (NOTE: @note_len bytes): each has eid-length,
 * name-missing and (after the first) eid-duplicate. */
static EoDeviceList *
load_bad_rows (guint n_rows,
               guint note_len)
{
  g_autoptr(GString) text = g_string_new ("EID,Name,Note\n");
  g_autoptr(GString) row = g_string_new ("1,,");
  g_autoptr(GError) error = NULL;
  EoDeviceList *list;
  gsize len;

  for (guint i = 0; i < note_len; i++)
    g_string_append_c (row, 'n');
  g_string_append_c (row, '\n');
  for (guint i = 0; i < n_rows; i++)
    g_string_append_len (text, row->str, row->len);
  len = text->len;
  list = eo_device_list_new_take_data (g_string_free (g_steal_pointer (&text), FALSE), len, &error);
  g_assert_no_error (error);
  return list;
}

/* The kept problems of @code: exactly the cap, the first ones in the
 * file (lines 2 … cap + 1), the others counted. */
static void
assert_capped (EoDeviceList  *list,
               EoProblemCode  code,
               guint          n_found,
               guint          first_line)
{
  guint n_kept = 0;
  guint last_line = 0;

  for (guint i = 0; i < eo_device_list_get_n_problems (list); i++)
    {
      const EoProblem *p = eo_device_list_get_problem (list, i);

      if (p->code != code)
        continue;
      n_kept++;
      last_line = MAX (last_line, p->line);
    }
  g_assert_cmpuint (n_kept, ==, EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
  g_assert_cmpuint (last_line, ==, first_line + EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE - 1);
  g_assert_cmpuint (eo_device_list_get_n_more_problems (list, code), ==,
                    n_found - EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
}

static void
check_caps (guint n_rows,
            guint note_len)
{
  g_autoptr(EoDeviceList) list = load_bad_rows (n_rows, note_len);
  const guint cap = EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE;
  guint n_kept_rows = eo_device_list_get_n_rows (list);
  const char * const *notes = eo_device_list_get_notes (list);
  g_autofree char *note = eo_device_list_dup_more_note (list);
  g_autofree char *expected = NULL;

  /* Every row counted; only those with a problem kept are rows. */
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, n_rows);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 0);
  g_assert_cmpuint (n_kept_rows, ==, cap);
  g_assert_cmpuint (n_kept_rows + eo_device_list_get_n_omitted_rows (list), ==, n_rows);
  g_assert_cmpuint (eo_device_list_get_n_problems (list), ==, 3 * cap);

  assert_capped (list, EO_PROBLEM_EID_LENGTH, n_rows, 2);
  assert_capped (list, EO_PROBLEM_NAME_MISSING, n_rows, 2);
  /* The duplicates are only searched among the rows kept. */
  g_assert_cmpuint (eo_device_list_get_n_more_problems (list, EO_PROBLEM_EID_DUPLICATE), ==, 0);
  g_assert_cmpuint (eo_device_list_get_row (list, cap - 1)->line, ==, cap + 1);

  expected = g_strdup_printf ("%u more problems are not listed: only the first %u of each kind are.",
                              2 * (n_rows - cap), cap);
  g_assert_cmpstr (note, ==, expected);
  g_assert_true (g_strv_contains (notes, expected));
}

/* Problems beyond the first 10,000 of each code are only counted, in
 * one piece and in a file big enough to be read by two threads. */
static void
test_caps (void)
{
  check_caps (25000, 1);
}

/* A row kept for one problem while another is beyond its cap: its
 * message says that more is not listed. */
static void
test_caps_row_message (void)
{
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autofree char *message = NULL;
  const EoDeviceRow *row;
  guint last;

  for (guint i = 0; i < EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE; i++)
    g_string_append (text, "1,a\n");
  g_string_append (text, "2,\"b\x01\"\n");
  list = eo_device_list_new_from_data (text->str, text->len, &error);
  g_assert_no_error (error);

  last = eo_device_list_get_n_rows (list) - 1;
  g_assert_cmpuint (last, ==, EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
  row = eo_device_list_get_row (list, last);
  g_assert_cmpint (row->severity, ==, EO_SEVERITY_ERROR);
  g_assert_true (row->has_more);
  g_assert_cmpuint (row->n_problems, ==, 1);
  message = eo_device_list_dup_row_message (list, last);
  g_assert_cmpstr (message, ==,
                   "The name contains a line break, tab or other control character: remove it. "
                   "Other problems of this row are not listed.");
  g_assert_cmpuint (eo_device_list_get_n_more_problems (list, EO_PROBLEM_EID_LENGTH), ==, 1);
}

static void
test_caps_two_halves (void)
{
  /* 84 bytes a row: 60,000 rows are 5 MB, read in two halves. */
  check_caps (60000, 80);
}

/* A field of 10 MB: checked at once, and shown cut in the device that
 * the app's table shows. */
static void
test_long_field (void)
{
  const gsize n = 10 * 1024 * 1024;
  g_autoptr(GString) text = g_string_sized_new (n + 64);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  const EoProblem *p;
  EoDevice *device;
  gsize len;

  g_string_append (text, "EID,Name\n" EO_TEST_EID ",");
  for (gsize i = 0; i < n; i++)
    g_string_append_c (text, 'a');
  g_string_append_c (text, '\n');
  len = text->len;
  list = eo_device_list_new_take_data (g_string_free (g_steal_pointer (&text), FALSE), len, &error);
  g_assert_no_error (error);

  p = assert_problem (list, 0, EO_PROBLEM_NAME_TOO_LONG, EO_SEVERITY_ERROR, EO_COLUMN_NAME, 2);
  g_assert_cmpstr (eo_test_problem_text (p), ==,
                   "The name has 10485760 characters; shorten it to 64 characters or fewer.");

  devices = eo_device_new_all_from_list (list);
  device = g_ptr_array_index (devices, 0);
  g_assert_cmpuint (g_utf8_strlen (eo_device_get_name (device), -1), ==, 257);
  g_assert_true (g_str_has_suffix (eo_device_get_name (device), "a…"));
  g_assert_cmpstr (eo_device_get_eid (device), ==, EO_TEST_EID);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/device-list/codes", test_codes);
  g_test_add_func ("/device-list/caps", test_caps);
  g_test_add_func ("/device-list/caps/two-halves", test_caps_two_halves);
  g_test_add_func ("/device-list/caps/row-message", test_caps_row_message);
  g_test_add_func ("/device-list/long-field", test_long_field);
  g_test_add_func ("/device-list/valid-row", test_valid_row);
  g_test_add_func ("/eid/missing", test_eid_missing);
  g_test_add_func ("/eid/not-digits", test_eid_not_digits);
  g_test_add_func ("/eid/length", test_eid_length);
  g_test_add_func ("/eid/check-digits/wrong", test_eid_check_digits_wrong);
  g_test_add_func ("/eid/separators", test_eid_separators);
  g_test_add_func ("/iccid/not-given", test_iccid_not_given);
  g_test_add_func ("/iccid/pad", test_iccid_pad);
  g_test_add_func ("/iccid/separators", test_iccid_separators);
  g_test_add_func ("/iccid/not-digits", test_iccid_not_digits);
  g_test_add_func ("/iccid/prefix", test_iccid_prefix);
  g_test_add_func ("/iccid/length", test_iccid_length);
  g_test_add_func ("/iccid/luhn", test_iccid_luhn);
  g_test_add_func ("/name/missing", test_name_missing);
  g_test_add_func ("/name/quoted-spaces", test_name_quoted_spaces);
  g_test_add_func ("/name/too-long", test_name_too_long);
  g_test_add_func ("/name/control-chars", test_name_control);
  g_test_add_func ("/row/field-count", test_field_count);
  g_test_add_func ("/duplicates/eid", test_duplicate_eid);
  g_test_add_func ("/duplicates/iccid", test_duplicate_iccid);
  g_test_add_func ("/duplicates/name", test_duplicate_name);
  g_test_add_func ("/duplicates/many-rows", test_duplicates_many_rows);
  g_test_add_func ("/duplicates/table-grows", test_duplicates_table_grows);
  g_test_add_func ("/problems/contiguous", test_problems_contiguous);
  g_test_add_func ("/device-list/halves", test_halves);
  g_test_add_func ("/device-list/halves/no-quotes", test_halves_no_quotes);
  g_test_add_func ("/normalized-csv/exact", test_normalized_csv);
  g_test_add_func ("/normalized-csv/no-iccid", test_normalized_csv_no_iccid);
  g_test_add_func ("/normalized-csv/roundtrip", test_normalized_csv_roundtrip);
  g_test_add_func ("/device-list/take-data", test_take_data);
  g_test_add_func ("/load/data-dir", test_load_data_dir);
  g_test_add_func ("/load/missing-file", test_load_missing_file);
  g_test_add_func ("/load/folder-and-pipe", test_load_folder_and_pipe);
  g_test_add_func ("/load/device-and-socket", test_load_device_and_socket);
  g_test_add_func ("/load/too-large", test_load_too_large);
  g_test_add_func ("/load/async/fifo", test_load_async_fifo);
  g_test_add_func ("/load/async", test_load_async);
  g_test_add_func ("/load/async/error", test_load_async_error);
  g_test_add_func ("/load/async/cancelled", test_load_async_cancelled);

  return g_test_run ();
}
