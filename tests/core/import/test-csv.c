/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-csv"

#include "config.h"

#include <glib/gstdio.h>

#include "eo-csv-reader.h"
#include "eo-test-import.h"

/* Reads every record of @text with the reader directly; returns the fields
 * as "a|b|c" lines joined with "\n", each prefixed with the line number. */
static char *
read_all (const char *text,
          char        separator)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GString) out = g_string_new (NULL);
  EoCsvReader reader;
  EoCsvStatus status;

  eo_csv_reader_init (&reader, copy, strlen (copy), separator, 1);
  while ((status = eo_csv_reader_next (&reader)) == EO_CSV_RECORD)
    {
      g_string_append_printf (out, "%u:", reader.record_line);
      for (guint i = 0; i < reader.n_fields; i++)
        {
          g_assert_cmpuint (strlen (reader.fields[i].text), ==, reader.fields[i].len);
          g_string_append_printf (out, "%s%s", i ? "|" : "", reader.fields[i].text);
        }
      g_string_append_c (out, '\n');
    }
  if (status == EO_CSV_UNTERMINATED)
    g_string_append_printf (out, "unterminated@%u\n", reader.error_line);
  eo_csv_reader_clear (&reader);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_quoted_doubled_quotes (void)
{
  g_autofree char *out = read_all ("\"say \"\"hi\"\"\",\"\"\"\",\"\"\n", ',');

  g_assert_cmpstr (out, ==, "1:say \"hi\"|\"|\n");
}

static void
test_quoted_separator (void)
{
  g_autofree char *out = read_all ("\"a,b\",c\n\"x;y\";z\n", ',');

  g_assert_cmpstr (out, ==, "1:a,b|c\n2:x;y;z\n");
}

static void
test_quoted_newline (void)
{
  g_autofree char *out = read_all ("a,\"line1\nline2\r\nline3\",b\nc,d,e\n", ',');

  /* The second record starts on physical line 4. */
  g_assert_cmpstr (out, ==, "1:a|line1\nline2\r\nline3|b\n4:c|d|e\n");
}

static void
test_line_ends (void)
{
  g_autofree char *crlf = read_all ("a,b\r\nc,d\r\n\r\ne,f", ',');
  g_autofree char *cr = read_all ("a,b\rc,d\r", ',');

  g_assert_cmpstr (crlf, ==, "1:a|b\n2:c|d\n3:\n4:e|f\n");
  g_assert_cmpstr (cr, ==, "1:a|b\n2:c|d\n");
}

static void
test_trim_outside_quotes (void)
{
  g_autofree char *out = read_all ("  a b  ,\t\" x \"  ,  \"q\"tail  ,  \n", ',');

  g_assert_cmpstr (out, ==, "1:a b| x |qtail|\n");
}

static void
test_tab_separator_keeps_spaces_rule (void)
{
  g_autofree char *out = read_all (" a \t\tb\n", '\t');

  g_assert_cmpstr (out, ==, "1:a||b\n");
}

static void
test_unterminated_reader (void)
{
  g_autofree char *out = read_all ("a,b\nc,\"open\nmore\nlines\n", ',');

  g_assert_cmpstr (out, ==, "1:a|b\nunterminated@2\n");
}

static void
test_detect_separator (void)
{
  g_assert_cmpint (eo_csv_detect_separator ("EID,Name\n", 9), ==, ',');
  g_assert_cmpint (eo_csv_detect_separator ("EID;Name;ICCID\n1,2\n", 19), ==, ';');
  g_assert_cmpint (eo_csv_detect_separator ("EID\tName\n", 9), ==, '\t');
  /* Separators inside quotes do not count. */
  g_assert_cmpint (eo_csv_detect_separator ("\"a,b,c\";Name\n", 13), ==, ';');
  /* Blank lines before the header are skipped. */
  g_assert_cmpint (eo_csv_detect_separator ("\n  \nEID;Name\n", 13), ==, ';');
  g_assert_cmpint (eo_csv_detect_separator ("EID\n", 4), ==, ',');
}

static void
test_check_text (void)
{
  gsize bad = 0;
  EoCsvTextStats stats;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4180);

  g_assert_cmpint (eo_csv_check_text ("héllo\nwörld 🙂\n", strlen ("héllo\nwörld 🙂\n"), &bad, &stats),
                   ==, EO_CSV_TEXT_OK);
  g_assert_cmpuint (stats.newlines, ==, 2);
  g_assert_cmpuint (stats.returns, ==, 0);

  /* CRLF pairs across the 8-byte steps and in the byte-wise tail. */
  {
    static const char text[] = "abcdefg\r\n\"q\"\r\r\nxyz\r\n\r\ré\r\n\n";

    g_assert_cmpint (eo_csv_check_text (text, sizeof text - 1, &bad, &stats), ==, EO_CSV_TEXT_OK);
    g_assert_cmpuint (stats.newlines, ==, 5);
    g_assert_cmpuint (stats.returns, ==, 7);
    g_assert_cmpuint (stats.crlf, ==, 4);
    g_assert_cmpuint (stats.quotes, ==, 2);
  }

  g_assert_cmpint (eo_csv_check_text ("abcdefghij\0kl", 13, &bad, NULL), ==, EO_CSV_TEXT_NUL);
  g_assert_cmpuint (bad, ==, 10);

  /* Overlong, surrogate, above U+10FFFF, lone continuation, truncated. */
  g_assert_cmpint (eo_csv_check_text ("abc\xc0\x80", 5, &bad, NULL), ==, EO_CSV_TEXT_INVALID_UTF8);
  g_assert_cmpuint (bad, ==, 3);
  g_assert_cmpint (eo_csv_check_text ("\xed\xa0\x80", 3, &bad, NULL), ==, EO_CSV_TEXT_INVALID_UTF8);
  g_assert_cmpint (eo_csv_check_text ("\xf4\x90\x80\x80", 4, &bad, NULL), ==, EO_CSV_TEXT_INVALID_UTF8);
  g_assert_cmpint (eo_csv_check_text ("\xf5\x80\x80\x80", 4, &bad, NULL), ==, EO_CSV_TEXT_INVALID_UTF8);
  g_assert_cmpint (eo_csv_check_text ("12345678\x80", 9, &bad, NULL), ==, EO_CSV_TEXT_INVALID_UTF8);
  g_assert_cmpuint (bad, ==, 8);
  g_assert_cmpint (eo_csv_check_text ("xx\xe2\x82", 4, &bad, NULL), ==, EO_CSV_TEXT_INVALID_UTF8);
  g_assert_cmpint (eo_csv_check_text ("\xe0\x80\xaf", 3, &bad, NULL), ==, EO_CSV_TEXT_INVALID_UTF8);

  /* Long runs of line ends: the byte counters must not overflow. */
  {
    gsize n = 100003;
    g_autofree char *lines = g_malloc (n);

    memset (lines, '\n', n);
    lines[77] = '\r';
    lines[5000] = '"';
    g_assert_cmpint (eo_csv_check_text (lines, n, &bad, &stats), ==, EO_CSV_TEXT_OK);
    g_assert_cmpuint (stats.newlines, ==, n - 2);
    g_assert_cmpuint (stats.returns, ==, 1);
    g_assert_cmpuint (stats.crlf, ==, 1);
    g_assert_cmpuint (stats.quotes, ==, 1);
  }

  /* Random bytes: same verdict as GLib's validator, same newline count. */
  for (guint round = 0; round < 3000; round++)
    {
      char buf[64];
      gsize len = (gsize) g_rand_int_range (rand, 0, sizeof buf);
      gsize expected_nl = 0, expected_cr = 0, expected_crlf = 0, expected_quotes = 0;
      gboolean has_nul = FALSE;
      EoCsvTextStatus status;

      for (gsize i = 0; i < len; i++)
        {
          /* Mostly ASCII with some high bytes, a valid sequence now and then. */
          guint32 r = g_rand_int (rand);

          buf[i] = (char) ((r % 5 == 0) ? (0x80 | (r >> 8)) :
                           (r % 7 == 0) ? '\n' : (r % 11 == 0) ? '\r' : (r % 13 == 0) ? '"' :
                           'a' + (r >> 8) % 26);
          if (r % 97 == 0)
            buf[i] = 0;
        }
      if (len >= 2 && round % 3 == 0)
        memcpy (buf + len / 2 - 1, "\xc3\xa9", 2);
      for (gsize i = 0; i < len; i++)
        {
          expected_nl += buf[i] == '\n';
          expected_cr += buf[i] == '\r';
          expected_quotes += buf[i] == '"';
          expected_crlf += buf[i] == '\n' && i > 0 && buf[i - 1] == '\r';
          has_nul |= buf[i] == 0;
        }

      status = eo_csv_check_text (buf, len, &bad, &stats);
      if (has_nul)
        g_assert_cmpint (status, !=, EO_CSV_TEXT_OK);
      else
        g_assert_cmpint (status == EO_CSV_TEXT_OK, ==, g_utf8_validate (buf, (gssize) len, NULL));
      if (status == EO_CSV_TEXT_OK)
        {
          g_assert_cmpuint (stats.newlines, ==, expected_nl);
          g_assert_cmpuint (stats.returns, ==, expected_cr);
          g_assert_cmpuint (stats.crlf, ==, expected_crlf);
          g_assert_cmpuint (stats.quotes, ==, expected_quotes);
        }
    }
}

/* Through the device list: whole files. */

static void
test_list_crlf_bom (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("\xef\xbb\xbf" "EID,Name\r\n" EO_TEST_EID ",Phone 1\r\n\r\n\r\n");
  const EoDeviceRow *row;

  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 1);
  row = eo_device_list_get_row (list, 0);
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone 1");
  g_assert_null (eo_device_list_row_get_iccid (list, 0));
  g_assert_cmpuint (row->line, ==, 2);
  g_assert_cmpuint (row->n_problems, ==, 0);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 1);
}

static void
test_list_semicolon (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("Name;EID;ICCID\n\"Smith; John\";" EO_TEST_EID ";" EO_TEST_ICCID "\n");
  const EoDeviceRow *row = eo_device_list_get_row (list, 0);

  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Smith; John");
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
  g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
  g_assert_true (eo_device_list_has_iccid_column (list));
  g_assert_cmpuint (row->n_problems, ==, 0);
}

static void
test_list_tab (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID\tName\n" EO_TEST_EID "\tPhone, the first\n");
  const EoDeviceRow *row = eo_device_list_get_row (list, 0);

  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone, the first");
  g_assert_cmpuint (row->n_problems, ==, 0);
}

static void
test_list_quoted_newline_lines (void)
{
  char eid2[33];
  g_autofree char *text = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  const EoProblem *p;

  eo_test_write_eid (eid2, 2);
  text = g_strdup_printf ("EID,Name\n%s,\"two\nlines\"\n%s,ok\n", EO_TEST_EID, eid2);
  list = eo_test_load_ok (text);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 2);
  g_assert_cmpuint (eo_device_list_get_row (list, 0)->line, ==, 2);
  g_assert_cmpuint (eo_device_list_get_row (list, 1)->line, ==, 4);
  /* A line break in a name is a control character. */
  p = eo_test_find_problem (list, 0, EO_PROBLEM_NAME_CONTROL);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->line, ==, 2);
  g_assert_cmpint (p->column, ==, EO_COLUMN_NAME);
}

static void
test_list_trailing_and_blank_lines (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("\n\nEID,Name\n\n" EO_TEST_EID ",A\n,\n  \n\n");

  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 1);
  g_assert_cmpuint (eo_device_list_get_row (list, 0)->line, ==, 5);
}

static void
test_list_unterminated (void)
{
  g_autoptr(GError) error = eo_test_load_fails ("EID,Name\n" EO_TEST_EID ",ok\n" EO_TEST_EID ",\"open\nx\ny\n",
                                        strlen ("EID,Name\n" EO_TEST_EID ",ok\n" EO_TEST_EID ",\"open\nx\ny\n"),
                                        EO_ERROR_FILE_MALFORMED);

  g_assert_nonnull (strstr (error->message, "line 3"));
}

static void
test_list_binary (void)
{
  static const char data[] = "EID,Name\nabc\0\x01\x02\xff";
  g_autoptr(GError) error = eo_test_load_fails (data, sizeof data - 1, EO_ERROR_FILE_NOT_TEXT);

  g_assert_nonnull (strstr (error->message, "line 2"));
}

static void
test_list_invalid_utf8 (void)
{
  static const char data[] = "EID,Name\n" EO_TEST_EID ",ok\n" EO_TEST_EID ",caf\xe9\n";
  g_autoptr(GError) error = eo_test_load_fails (data, sizeof data - 1, EO_ERROR_FILE_NOT_TEXT);

  g_assert_nonnull (strstr (error->message, "Line 3"));
}

static void
test_list_utf16 (void)
{
  static const char data[] = "\xff\xfe" "E\0I\0D\0";
  g_autoptr(GError) error = eo_test_load_fails (data, sizeof data - 1, EO_ERROR_FILE_NOT_TEXT);

  g_assert_nonnull (strstr (error->message, "UTF-16"));
}

static void
test_list_empty (void)
{
  g_autoptr(GError) e1 = eo_test_load_fails ("", 0, EO_ERROR_FILE_EMPTY);
  g_autoptr(GError) e2 = eo_test_load_fails ("\n\r\n  \n", 6, EO_ERROR_FILE_EMPTY);
  g_autoptr(GError) e3 = eo_test_load_fails ("\xef\xbb\xbf", 3, EO_ERROR_FILE_EMPTY);
}

static void
test_list_header_only (void)
{
  g_autoptr(GError) e1 = eo_test_load_fails ("EID,Name\n", 9, EO_ERROR_FILE_HEADER_ONLY);
  g_autoptr(GError) e2 = eo_test_load_fails ("EID,Name\n,\n\n", 12, EO_ERROR_FILE_HEADER_ONLY);
}

static void
test_list_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-csv-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  FILE *f = g_fopen (path, "w");

  /* A sparse file one byte over the limit: refused before reading. */
  g_assert_nonnull (f);
  g_assert_cmpint (ftruncate (fileno (f), (off_t) EO_DEVICE_LIST_MAX_BYTES + 1), ==, 0);
  fclose (f);

  list = eo_device_list_load (file, NULL, &error);
  g_assert_null (list);
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_TOO_LARGE);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_header_aliases_case (void)
{
  const char *headers[] = {
    "eid,name", "Name,EID", "EID,Device Name", "device name,eid",
    "DISPLAY NAME,Eid,iccid", " EID ,\"Display Name\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(EoDeviceList) list = NULL;
      const EoDeviceRow *row;
      gboolean name_first = g_ascii_strncasecmp (headers[i], "EID", 3) != 0 &&
                            g_ascii_strncasecmp (headers[i], " EID", 4) != 0;

      if (name_first)
        text = g_strdup_printf ("%s\nPhone," EO_TEST_EID "%s\n", headers[i],
                                strstr (headers[i], "iccid") ? "," EO_TEST_ICCID : "");
      else
        text = g_strdup_printf ("%s\n" EO_TEST_EID ",Phone\n", headers[i]);
      list = eo_test_load_ok (text);
      row = eo_device_list_get_row (list, 0);
      g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
      g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone");
      g_assert_cmpuint (row->n_problems, ==, 0);
      g_assert_cmpstr (eo_device_list_get_unknown_columns (list)[0], ==, NULL);
      g_assert_cmpstr (eo_device_list_get_notes (list)[0], ==, NULL);
    }
}

static void
test_header_missing_columns (void)
{
  g_autoptr(GError) e1 = eo_test_load_fails ("Serial,Model\n1,2\n", 17, EO_ERROR_FILE_MISSING_COLUMNS);
  g_autoptr(GError) e2 = eo_test_load_fails ("EID,Model\n1,2\n", 14, EO_ERROR_FILE_MISSING_COLUMNS);
  g_autoptr(GError) e3 = eo_test_load_fails ("Name;Serial\n", 12, EO_ERROR_FILE_MISSING_COLUMNS);

  g_assert_nonnull (strstr (e1->message, "Serial"));
  g_assert_nonnull (strstr (e1->message, "Model"));
  g_assert_nonnull (strstr (e1->message, "EID"));
  g_assert_nonnull (strstr (e1->message, "Name"));
  g_assert_nonnull (strstr (e2->message, "“Name”"));
  g_assert_nonnull (strstr (e2->message, "Model"));
  g_assert_nonnull (strstr (e3->message, "“EID”"));
  g_assert_nonnull (strstr (e3->message, "Serial"));
}

static void
test_header_unknown_columns (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("Serial,EID,Model,Name\n"
                                          "s1," EO_TEST_EID ",m1,A\n"
                                          "s2,,m2,B\n");
  const char * const *unknown = eo_device_list_get_unknown_columns (list);
  const char * const *notes = eo_device_list_get_notes (list);

  g_assert_cmpuint (g_strv_length ((char **) unknown), ==, 2);
  g_assert_cmpstr (unknown[0], ==, "Serial");
  g_assert_cmpstr (unknown[1], ==, "Model");
  g_assert_cmpuint (g_strv_length ((char **) notes), ==, 1);
  g_assert_nonnull (strstr (notes[0], "Serial, Model"));
  /* Reported once, not per row. */
  for (guint i = 0; i < eo_device_list_get_n_rows (list); i++)
    g_assert_null (eo_test_find_problem (list, i, EO_PROBLEM_ROW_FIELD_COUNT));
}

static void
test_garbage_never_crashes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2024);
  static const char alphabet[] = "\"\",;\t\r\n 89-Ff0123456789aEIDName\xc3\xa9";

  for (guint round = 0; round < 5000; round++)
    {
      char buf[96];
      gsize len = (gsize) g_rand_int_range (rand, 0, sizeof buf);
      g_autoptr(GError) error = NULL;
      g_autoptr(EoDeviceList) list = NULL;

      if (round % 2 == 0)
        {
          memcpy (buf, "EID,Name,ICCID\n", 15);
          len = MAX (len, 15);
        }
      for (gsize i = (round % 2 == 0) ? 15 : 0; i < len; i++)
        buf[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

      list = eo_device_list_new_from_data (buf, len, &error);
      g_assert_true ((list == NULL) != (error == NULL));
      if (list != NULL)
        {
          g_autoptr(GBytes) csv = eo_device_list_to_normalized_csv (list);

          for (guint i = 0; i < eo_device_list_get_n_rows (list); i++)
            {
              g_autofree char *message = eo_device_list_dup_row_message (list, i);

              g_assert_nonnull (message);
            }
        }
    }
}

/* A line of a million separators: only EO_CSV_MAX_FIELDS fields are
 * stored (16 bytes each), the others counted; a non-empty one past them
 * still makes the record not blank. */
static void
test_many_fields (void)
{
  const guint n = 1000000;
  g_autoptr(GString) text = g_string_new (NULL);
  EoCsvReader reader;

  for (guint i = 1; i < n; i++)
    g_string_append_c (text, ',');
  g_string_append (text, "x\n");
  for (guint i = 1; i < n; i++)
    g_string_append_c (text, ',');
  g_string_append_c (text, '\n');

  eo_csv_reader_init (&reader, text->str, text->len, ',', 1);
  g_assert_cmpint (eo_csv_reader_next (&reader), ==, EO_CSV_RECORD);
  g_assert_cmpuint (reader.n_fields, ==, EO_CSV_MAX_FIELDS);
  g_assert_cmpuint (reader.fields_alloc, ==, EO_CSV_MAX_FIELDS);
  g_assert_cmpuint (eo_csv_reader_get_n_fields_total (&reader), ==, n);
  g_assert_false (eo_csv_reader_is_blank (&reader));
  g_assert_cmpint (eo_csv_reader_next (&reader), ==, EO_CSV_RECORD);
  g_assert_cmpuint (eo_csv_reader_get_n_fields_total (&reader), ==, n);
  g_assert_true (eo_csv_reader_is_blank (&reader));
  g_assert_cmpint (eo_csv_reader_next (&reader), ==, EO_CSV_END);
  eo_csv_reader_clear (&reader);

  /* In a device list: the header's columns are found among the first
   * fields, and a row's cells are counted in full. */
  {
    g_autoptr(GString) list_text = g_string_new ("EID,Name");
    g_autoptr(GError) error = NULL;
    g_autoptr(EoDeviceList) list = NULL;
    const EoProblem *p;

    for (guint i = 0; i < 10000; i++)
      g_string_append (list_text, ",Extra");
    g_string_append (list_text, "\n" EO_TEST_EID ",Phone\n");
    list = eo_device_list_new_from_data (list_text->str, list_text->len, &error);
    g_assert_no_error (error);
    p = eo_test_find_problem (list, 0, EO_PROBLEM_ROW_FIELD_COUNT);
    g_assert_nonnull (p);
    g_assert_cmpuint (p->values[0], ==, 2);
    g_assert_cmpuint (p->values[1], ==, 10002);
    g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone");
    g_assert_cmpint (eo_device_list_get_row (list, 0)->severity, ==, EO_SEVERITY_WARNING);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/csv/quoted/doubled-quotes", test_quoted_doubled_quotes);
  g_test_add_func ("/csv/many-fields", test_many_fields);
  g_test_add_func ("/csv/quoted/separator", test_quoted_separator);
  g_test_add_func ("/csv/quoted/newline", test_quoted_newline);
  g_test_add_func ("/csv/quoted/unterminated", test_unterminated_reader);
  g_test_add_func ("/csv/line-ends", test_line_ends);
  g_test_add_func ("/csv/trim/outside-quotes", test_trim_outside_quotes);
  g_test_add_func ("/csv/trim/tab-separator", test_tab_separator_keeps_spaces_rule);
  g_test_add_func ("/csv/separator/detect", test_detect_separator);
  g_test_add_func ("/csv/text/check", test_check_text);
  g_test_add_func ("/csv/file/crlf-bom", test_list_crlf_bom);
  g_test_add_func ("/csv/file/semicolon", test_list_semicolon);
  g_test_add_func ("/csv/file/tab", test_list_tab);
  g_test_add_func ("/csv/file/quoted-newline-lines", test_list_quoted_newline_lines);
  g_test_add_func ("/csv/file/blank-lines", test_list_trailing_and_blank_lines);
  g_test_add_func ("/csv/file/unterminated-quote", test_list_unterminated);
  g_test_add_func ("/csv/file/binary", test_list_binary);
  g_test_add_func ("/csv/file/invalid-utf8", test_list_invalid_utf8);
  g_test_add_func ("/csv/file/utf16", test_list_utf16);
  g_test_add_func ("/csv/file/empty", test_list_empty);
  g_test_add_func ("/csv/file/header-only", test_list_header_only);
  g_test_add_func ("/csv/file/too-large", test_list_too_large);
  g_test_add_func ("/csv/header/aliases-case", test_header_aliases_case);
  g_test_add_func ("/csv/header/missing-columns", test_header_missing_columns);
  g_test_add_func ("/csv/header/unknown-columns", test_header_unknown_columns);
  g_test_add_func ("/csv/garbage/never-crashes", test_garbage_never_crashes);

  return g_test_run ();
}
