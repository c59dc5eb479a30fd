/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-error.h"
#include "eo-export.h"
#include "eo-report.h"
#include "eo-test-history.h"

/* A strict RFC 4180 reader for the tests: records end with CRLF (or LF
 * when @lf), quoted fields may hold anything, a quote inside a quoted
 * field is doubled, a bare quote elsewhere is an error. Returns a
 * GPtrArray of GStrv. */
static GPtrArray *
parse_csv (const char *data,
           gsize       len,
           gboolean    lf)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  gsize i = 0;

  while (i < len)
    {
      gboolean end_of_record = FALSE;

      if (data[i] == '"')
        {
          i++;
          for (;;)
            {
              g_assert_cmpuint (i, <, len); /* unterminated quote */
              if (data[i] == '"')
                {
                  if (i + 1 < len && data[i + 1] == '"')
                    {
                      g_string_append_c (field, '"');
                      i += 2;
                      continue;
                    }
                  i++;
                  break;
                }
              g_string_append_c (field, data[i++]);
            }
        }
      else
        {
          while (i < len && data[i] != ',' && data[i] != '\r' && data[i] != '\n')
            {
              g_assert_cmpint (data[i], !=, '"');
              g_string_append_c (field, data[i++]);
            }
        }

      g_assert_cmpuint (i, <, len); /* every record ends with a line end */
      if (data[i] == ',')
        {
          i++;
        }
      else if (!lf && data[i] == '\r')
        {
          g_assert_cmpint (data[i + 1], ==, '\n');
          i += 2;
          end_of_record = TRUE;
        }
      else if (lf && data[i] == '\n')
        {
          i++;
          end_of_record = TRUE;
        }
      else
        {
          g_error ("unexpected character 0x%02x at %" G_GSIZE_FORMAT, (guint8) data[i], i);
        }

      g_ptr_array_add (fields, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (end_of_record)
        {
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (rows, g_ptr_array_steal (fields, NULL));
          g_ptr_array_set_free_func (fields, g_free);
        }
    }
  g_assert_cmpuint (fields->len, ==, 0);
  return rows;
}

static const char * const tricky_names[] = {
  "plain",
  "comma, inside",
  "quote \"inside\"",
  "\"starts with quote",
  "line\nbreak",
  "crlf\r\nbreak",
  "Zoë’s 電話 📱",
  "=HYPERLINK(\"http://evil.test\",\"x\")",
  "+1 555",
  "-2+3",
  "@SUM(A1:A2)",
  "\tTabbed",
  "\rCR first",
  " leading and trailing ",
  "semi;colon",
  "a'quote",
  "",
};

static char *
expected_cell (const char *value)
{
  if (value == NULL)
    return g_strdup ("");
  if (strchr ("=+-@\t\r\n", value[0]) != NULL && value[0] != '\0')
    return g_strconcat ("'", value, NULL);
  return g_strdup (value);
}

static void
test_cell (void)
{
  static const struct {
    const char *in;
    gboolean neutralize;
    const char *out;
  } cases[] = {
    { "abc", TRUE, "abc" },
    { "", TRUE, "" },
    { "a,b", TRUE, "\"a,b\"" },
    { "say \"hi\"", TRUE, "\"say \"\"hi\"\"\"" },
    { "two\nlines", FALSE, "\"two\nlines\"" },
    { "=1+1", TRUE, "\"'=1+1\"" },
    { "=1+1", FALSE, "=1+1" },
    { "+x", TRUE, "\"'+x\"" },
    { "-x", TRUE, "\"'-x\"" },
    { "@x", TRUE, "\"'@x\"" },
    { "\tx", TRUE, "\"'\tx\"" },
    { "\rx", TRUE, "\"'\rx\"" },
    { "\nx", TRUE, "\"'\nx\"" },
    /* Escape codes never reach a cell of the results (issue 10). */
    { "\033[31mSUCCESS", TRUE, "\xef\xbf\xbd[31mSUCCESS" },
    { "a\xe2\x80\xae" "b", TRUE, "a\xef\xbf\xbd" "b" },
    { "x=1", TRUE, "x=1" },
    { " pad", TRUE, "\" pad\"" },
    { "=\"a\"", TRUE, "\"'=\"\"a\"\"\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      eo_export_append_csv_cell (out, cases[i].in, cases[i].neutralize);
      g_assert_cmpstr (out->str, ==, cases[i].out);
    }
  {
    g_autoptr(GString) out = g_string_new ("x");

    eo_export_append_csv_cell (out, NULL, TRUE);
    g_assert_cmpstr (out->str, ==, "x");
  }
}

static void
test_csv_roundtrip (void)
{
  g_autoptr(EoUploadRecord) record = eo_test_make_record (G_N_ELEMENTS (tricky_names), tricky_names, TRUE);
  g_autoptr(GBytes) bytes = eo_export_results_csv (record);
  g_autoptr(GPtrArray) rows = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_true (g_utf8_validate (data, len, NULL));
  g_assert_true (g_str_has_prefix (data, "EID,Name,ICCID,Status,Reason,SM-DP URL,Request ID\r\n"));
  rows = parse_csv (data, len, FALSE);
  g_assert_cmpuint (rows->len, ==, 1 + G_N_ELEMENTS (tricky_names));

  for (guint i = 0; i < G_N_ELEMENTS (tricky_names); i++)
    {
      GStrv row = g_ptr_array_index (rows, i + 1);
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), i);
      g_autofree char *name = expected_cell (tricky_names[i]);
      const char *iccid = eo_device_get_assigned_iccid (device) ? eo_device_get_assigned_iccid (device)
                                                                : eo_device_get_iccid (device);

      g_assert_cmpuint (g_strv_length (row), ==, 7);
      g_assert_cmpstr (row[0], ==, eo_device_get_eid (device));
      g_assert_cmpstr (row[1], ==, name);
      g_assert_cmpstr (row[2], ==, iccid ? iccid : "");
      g_assert_cmpstr (row[3], ==, i % 3 == 0 ? "SUCCESS" : i % 3 == 1 ? "FAILED" : "IN_PROGRESS");
      g_assert_cmpstr (row[4], ==, i % 3 == 1 ? "no eSIM left" : "");
      g_assert_cmpstr (row[5], ==, "https://SM-V4-004.prod.example.test:443/");
      g_assert_cmpstr (row[6], ==, "3f0c1e2a-1111-4222-8333-944455556666");
      /* No cell starts with a formula character once parsed. */
      for (guint c = 0; c < 7; c++)
        g_assert_null (strchr ("=+-@\t\r", row[c][0] ? row[c][0] : 'x'));
    }
}

static void
test_csv_status_fallback (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://x.test", "c", NULL, FALSE);
  g_autoptr(EoDevice) a = eo_device_new ("89049032123451234512345678901235", "a", NULL);
  g_autoptr(EoDevice) b = eo_device_new ("89049032123451234512345678901235", "b", "8910042348144559361");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gsize len;
  const char *data;

  eo_upload_record_add_device (record, a);
  eo_upload_record_add_device (record, b);
  eo_device_set_remote (b, EO_DEVICE_STATUS_FAILED, NULL, "gone", NULL);
  bytes = eo_export_results_csv (record);
  data = g_bytes_get_data (bytes, &len);
  rows = parse_csv (data, len, FALSE);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (((GStrv) rows->pdata[1])[3], ==, "PENDING");
  g_assert_cmpstr (((GStrv) rows->pdata[1])[2], ==, "");
  g_assert_cmpstr (((GStrv) rows->pdata[2])[3], ==, "FAILED");
  g_assert_cmpstr (((GStrv) rows->pdata[2])[2], ==, "8910042348144559361");
  g_assert_cmpstr (((GStrv) rows->pdata[2])[5], ==, "");
}

static void
test_json (void)
{
  g_autoptr(EoUploadRecord) record = eo_test_make_record (G_N_ELEMENTS (tricky_names), tricky_names, FALSE);
  g_autoptr(GBytes) bytes = eo_export_results_json (record);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *counts;
  JsonArray *devices;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_true (json_parser_load_from_data (parser, data, len, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "local_id"), ==, eo_upload_record_get_local_id (record));
  g_assert_cmpstr (json_object_get_string_member (root, "request_id"), ==, "3f0c1e2a-1111-4222-8333-944455556666");
  g_assert_cmpstr (json_object_get_string_member (root, "state"), ==, "accepted");
  g_assert_cmpstr (json_object_get_string_member (root, "server_url"), ==, "https://SM-V4-004.prod.example.test:443/");
  counts = json_object_get_object_member (root, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "total"), ==, G_N_ELEMENTS (tricky_names));
  g_assert_cmpint (json_object_get_int_member (counts, "succeeded"), ==, (G_N_ELEMENTS (tricky_names) + 2) / 3);
  g_assert_cmpint (json_object_get_int_member (counts, "failed"), ==, (G_N_ELEMENTS (tricky_names) + 1) / 3);
  g_assert_cmpint (json_object_get_int_member (counts, "pending"), ==, G_N_ELEMENTS (tricky_names) / 3);
  devices = json_object_get_array_member (root, "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, G_N_ELEMENTS (tricky_names));
  for (guint i = 0; i < G_N_ELEMENTS (tricky_names); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      /* Verbatim: no formula neutralization in JSON. */
      g_assert_cmpstr (json_object_get_string_member (device, "name"), ==, tricky_names[i]);
      g_assert_cmpstr (json_object_get_string_member (device, "status"), ==,
                       i % 3 == 0 ? "success" : i % 3 == 1 ? "failed" : "pending");
      if (i % 3 == 0)
        g_assert_cmpstr (json_object_get_string_member (device, "iccid"), ==,
                         json_object_get_string_member (device, "assigned_iccid"));
      else
        g_assert_true (json_object_get_null_member (device, "iccid"));
    }
}

static void
check_retry (gboolean with_iccid)
{
  g_autoptr(EoUploadRecord) record = eo_test_make_record (G_N_ELEMENTS (tricky_names), tricky_names, with_iccid);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  guint n_rows = 0, k = 0;
  gsize len;
  const char *data;

  bytes = eo_export_retry_csv (record, &n_rows);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (n_rows, ==, (G_N_ELEMENTS (tricky_names) + 1) / 3);
  data = g_bytes_get_data (bytes, &len);
  g_assert_true (g_str_has_prefix (data, with_iccid ? "EID,Name,ICCID\n" : "EID,Name\n"));

  /* Our strict parser: values exactly as sent (no formula prefix). */
  rows = parse_csv (data, len, TRUE);
  g_assert_cmpuint (rows->len, ==, 1 + n_rows);
  for (guint i = 0; i < G_N_ELEMENTS (tricky_names); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), i);
      GStrv row;

      if (eo_device_get_status (device) != EO_DEVICE_STATUS_FAILED)
        continue;
      row = g_ptr_array_index (rows, ++k);
      g_assert_cmpuint (g_strv_length (row), ==, with_iccid ? 3 : 2);
      g_assert_cmpstr (row[0], ==, eo_device_get_eid (device));
      g_assert_cmpstr (row[1], ==, tricky_names[i]);
      if (with_iccid)
        g_assert_cmpstr (row[2], ==, eo_device_get_iccid (device) ? eo_device_get_iccid (device) : "");
    }
  g_assert_cmpuint (k, ==, n_rows);

  /* The project's own reader takes it as an upload file. */
  list = eo_device_list_new_from_data (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, n_rows);
  g_assert_cmpint (eo_device_list_has_iccid_column (list), ==, with_iccid);
  k = 0;
  for (guint i = 0; i < G_N_ELEMENTS (tricky_names); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), i);

      if (eo_device_get_status (device) != EO_DEVICE_STATUS_FAILED)
        continue;
      g_assert_cmpstr (eo_device_list_row_get_eid (list, k), ==, eo_device_get_eid (device));
      g_assert_cmpstr (eo_device_list_row_get_iccid (list, k), ==,
                       with_iccid ? eo_device_get_iccid (device) : NULL);
      k++;
    }
}

/* The ICCID shown is one fact: the assigned one when there is one, else
 * the requested one, also when the server reported an empty one. The CLI's
 * device output uses the same eo_device_get_effective_iccid(). */
static void
test_effective_iccid (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "cust", "a.csv", TRUE);
  g_autoptr(EoDevice) requested = eo_device_new ("89049032123451234512345678901235", "one", "8910042348144559361");
  g_autoptr(EoDevice) assigned = eo_device_new ("89049032123451234512345678901235", "two", "8910042348144559361");
  g_autoptr(EoDevice) none = eo_device_new ("89049032123451234512345678901235", "three", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *devices;
  gsize len;
  const char *data;

  eo_device_set_remote (requested, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "");
  eo_device_set_remote (assigned, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "8910042348144559379");
  eo_device_set_remote (none, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "");
  g_assert_cmpstr (eo_device_get_effective_iccid (requested), ==, "8910042348144559361");
  g_assert_cmpstr (eo_device_get_effective_iccid (assigned), ==, "8910042348144559379");
  g_assert_null (eo_device_get_effective_iccid (none));

  eo_upload_record_add_device (record, requested);
  eo_upload_record_add_device (record, assigned);
  eo_upload_record_add_device (record, none);
  bytes = eo_export_results_json (record);
  data = g_bytes_get_data (bytes, &len);
  g_assert_true (json_parser_load_from_data (parser, data, len, &error));
  g_assert_no_error (error);
  devices = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "devices");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (devices, 0), "iccid"), ==,
                   "8910042348144559361");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (devices, 1), "iccid"), ==,
                   "8910042348144559379");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (devices, 2), "iccid"));
}

static void
test_retry (void)
{
  check_retry (TRUE);
  check_retry (FALSE);
}

static void
test_retry_none_failed (void)
{
  g_autoptr(EoUploadRecord) record = eo_test_make_record (1, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  guint n = 42;

  g_assert_null (eo_export_retry_csv (record, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (eo_export_to_bytes (record, EO_EXPORT_FORMAT_RETRY_CSV, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
}

static void
test_write_file (void)
{
  g_autoptr(EoUploadRecord) record = eo_test_make_record (4, NULL, TRUE);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "out.csv", NULL);
  g_autofree char *bad = g_build_filename (g_get_user_data_dir (), "no", "such", "dir", "out.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) expected = eo_export_results_csv (record);
  g_autoptr(GError) error = NULL;
  EoExportFormat format;
  gsize len;

  g_assert_true (g_file_test (g_get_user_data_dir (), G_FILE_TEST_IS_DIR) ||
                 g_mkdir_with_parents (g_get_user_data_dir (), 0700) == 0);
  g_assert_true (eo_export_write_file (record, EO_EXPORT_FORMAT_CSV, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));

  g_assert_false (eo_export_write_file (record, EO_EXPORT_FORMAT_JSON, bad, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);

  g_assert_true (eo_export_format_from_string ("JSON", &format));
  g_assert_cmpint (format, ==, EO_EXPORT_FORMAT_JSON);
  g_assert_true (eo_export_format_from_string ("retry-csv", &format));
  g_assert_cmpint (format, ==, EO_EXPORT_FORMAT_RETRY_CSV);
  g_assert_false (eo_export_format_from_string ("xlsx", &format));
  g_assert_cmpstr (eo_export_format_to_string (EO_EXPORT_FORMAT_CSV), ==, "csv");
}

/* The report's text: escaped, control and format characters replaced,
 * invalid UTF-8 repaired. */
static void
test_html_text (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  eo_html_append_text (out, "<script>alert('x')</script> & \"q\" \x1b[31mred\xe2\x80\xae \x80");
  g_assert_cmpstr (out->str, ==,
                   "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot; "
                   "\xef\xbf\xbd[31mred\xef\xbf\xbd \xef\xbf\xbd");
  g_string_truncate (out, 0);
  eo_html_append_text (out, NULL);
  g_assert_cmpstr (out->str, ==, "");
}

/* One status word for the CLI and the exports: the server's text, else
 * the status; counts of a model made the same way everywhere. */
static void
test_status_word (void)
{
  g_autoptr(GListStore) store = g_list_store_new (EO_TYPE_DEVICE);
  g_autoptr(EoDevice) none = eo_device_new ("89049032123451234512345678901235", "a", NULL);
  g_autoptr(EoDevice) pending = eo_device_new ("89049032123451234512345678901235", "b", NULL);
  g_autoptr(EoDevice) done = eo_device_new ("89049032123451234512345678901235", "c", NULL);
  g_autoptr(EoDevice) failed = eo_device_new ("89049032123451234512345678901235", "d", NULL);
  EoStatusCounts counts;

  eo_device_set_remote (pending, EO_DEVICE_STATUS_PENDING, "IN_PROGRESS", NULL, NULL);
  eo_device_set_remote (done, EO_DEVICE_STATUS_SUCCESS, NULL, NULL, "8910042348144559379");
  eo_device_set_remote (failed, EO_DEVICE_STATUS_FAILED, "", "no eSIM left", NULL);
  g_assert_cmpstr (eo_device_get_status_word (none), ==, "PENDING");
  g_assert_cmpstr (eo_device_get_status_word (pending), ==, "IN_PROGRESS");
  g_assert_cmpstr (eo_device_get_status_word (done), ==, "SUCCESS");
  g_assert_cmpstr (eo_device_get_status_word (failed), ==, "FAILED");

  g_list_store_append (store, none);
  g_list_store_append (store, pending);
  g_list_store_append (store, done);
  g_list_store_append (store, failed);
  eo_status_counts_from_model (&counts, G_LIST_MODEL (store));
  g_assert_cmpuint (counts.n_success, ==, 1);
  g_assert_cmpuint (counts.n_failed, ==, 1);
  g_assert_cmpuint (counts.n_pending, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/export/status-word", test_status_word);
  g_test_add_func ("/history/export/html-text", test_html_text);
  g_test_add_func ("/history/export/cell", test_cell);
  g_test_add_func ("/history/export/csv-roundtrip", test_csv_roundtrip);
  g_test_add_func ("/history/export/csv-status-fallback", test_csv_status_fallback);
  g_test_add_func ("/history/export/json", test_json);
  g_test_add_func ("/history/export/effective-iccid", test_effective_iccid);
  g_test_add_func ("/history/export/retry", test_retry);
  g_test_add_func ("/history/export/retry-none-failed", test_retry_none_failed);
  g_test_add_func ("/history/export/write-file", test_write_file);

  return g_test_run ();
}
