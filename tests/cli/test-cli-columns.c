/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The MDM's own columns (Serial Number, Model…) from import to export:
 * a Jamf-like CSV sent by esim-onboard-cli submit to the simulator, then
 * export (CSV, JSON) and history --find by serial number, each run as a
 * process on the test's own history. */
#define G_LOG_DOMAIN "test-cli-columns"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-test-sim.h"

typedef EoTestRun CliRun;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, eo_test_run_clear)

static EoTestSim *sim;
static char *system_data_dirs;

static void
run_cli (CliRun *run,
         ...)
{
  GPtrArray *env = eo_test_dirs_env ();
  va_list ap;

  g_ptr_array_add (env, g_strdup ("ESIM_ONBOARD_API_KEY=" EO_TEST_DEMO_KEY));
  g_ptr_array_add (env, g_strconcat ("XDG_DATA_DIRS=", system_data_dirs, NULL));
  g_ptr_array_add (env, g_strdup ("LC_ALL=C.UTF-8"));
  va_start (ap, run);
  eo_test_run_cli_va (run, env, NULL, ap);
  va_end (ap);
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A Jamf-like export: its own columns around EID and the name. */
static char *
write_jamf_csv (char  **eids,
                guint   n)
{
  g_autoptr(GString) csv = g_string_new ("Serial Number,Display Name,Model,EID,Jamf ID\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-csv-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      eids[i] = eo_test_next_eid ();
      g_string_append_printf (csv, "C02XK%03u,Phone %u,\"iPhone 15, Pro\",%s,%u\n",
                              i, i, eids[i], 1000 + i);
    }
  path = g_build_filename (dir, "jamf-export.csv", NULL);
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_columns_import_to_export (void)
{
  char *eids[3] = { NULL };
  g_autofree char *csv = write_jamf_csv (eids, 3);
  g_autofree char *dir = g_path_get_dirname (csv);
  g_autofree char *csv_out = g_build_filename (dir, "results.csv", NULL);
  g_autofree char *json_out = g_build_filename (dir, "results.json", NULL);
  g_autofree char *csv_text = NULL;
  g_autofree char *json_text = NULL;
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) exported = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(CliRun) submit = { 0 };
  g_auto(CliRun) export_csv = { 0 };
  g_auto(CliRun) export_json = { 0 };
  g_auto(CliRun) find = { 0 };
  g_auto(CliRun) find_json = { 0 };
  g_autoptr(JsonObject) found = NULL;
  JsonArray *devices;
  const char *request_id;

  run_cli (&submit, "submit", csv, "--wait", "--json", "--poll-interval", "50",
           "--server", sim->url, "--customer", EO_TEST_DEMO_CUSTOMER, NULL);
  g_assert_cmpint (submit.status, ==, 0);
  submitted = parse_json (submit.out);
  request_id = json_object_get_string_member (submitted, "request_id");
  g_assert_nonnull (request_id);

  /* CSV: the standard columns, then the file's own under their names. */
  run_cli (&export_csv, "export", request_id, "--format", "csv", "--output", csv_out, NULL);
  g_assert_cmpint (export_csv.status, ==, 0);
  g_assert_true (g_file_get_contents (csv_out, &csv_text, NULL, NULL));
  lines = g_strsplit (csv_text, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "EID,Name,ICCID,Status,Reason,SM-DP URL,Request ID,Serial Number,Model,Jamf ID");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *tail = g_strdup_printf (",C02XK%03u,\"iPhone 15, Pro\",%u", i, 1000 + i);

      g_assert_true (g_str_has_prefix (lines[i + 1], eids[i]));
      g_assert_true (g_str_has_suffix (lines[i + 1], tail));
      g_assert_nonnull (strstr (lines[i + 1], ",SUCCESS,"));
    }

  /* JSON: an object per device. */
  run_cli (&export_json, "export", request_id, "--format", "json", "--output", json_out, NULL);
  g_assert_cmpint (export_json.status, ==, 0);
  g_assert_true (g_file_get_contents (json_out, &json_text, NULL, NULL));
  exported = parse_json (json_text);
  devices = json_object_get_array_member (exported, "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);
      JsonObject *extra = json_object_get_object_member (device, "extra");
      g_autofree char *serial = g_strdup_printf ("C02XK%03u", i);
      g_autofree char *jamf_id = g_strdup_printf ("%u", 1000 + i);

      g_assert_cmpstr (json_object_get_string_member (device, "eid"), ==, eids[i]);
      g_assert_nonnull (extra);
      g_assert_cmpuint (json_object_get_size (extra), ==, 3);
      g_assert_cmpstr (json_object_get_string_member (extra, "Serial Number"), ==, serial);
      g_assert_cmpstr (json_object_get_string_member (extra, "Model"), ==, "iPhone 15, Pro");
      g_assert_cmpstr (json_object_get_string_member (extra, "Jamf ID"), ==, jamf_id);
    }

  /* history --find by serial number finds that upload's device. */
  run_cli (&find, "history", "--find", "c02xk001", NULL);
  g_assert_cmpint (find.status, ==, 0);
  g_assert_nonnull (strstr (find.out, eids[1]));
  g_assert_null (strstr (find.out, eids[0]));
  run_cli (&find_json, "history", "--find", "C02XK002", "--json", NULL);
  g_assert_cmpint (find_json.status, ==, 0);
  found = parse_json (find_json.out);
  devices = json_object_get_array_member (found, "matches");
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (devices, 0), "eid"), ==,
                   eids[2]);

  for (guint i = 0; i < 3; i++)
    g_free (eids[i]);
  g_unlink (csv_out);
  g_unlink (json_out);
  g_unlink (csv);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS") != NULL && g_getenv ("XDG_DATA_DIRS")[0] != '\0'
                               ? g_getenv ("XDG_DATA_DIRS") : "/usr/local/share:/usr/share");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-columns/import-to-export", test_columns_import_to_export);

  sim = eo_test_sim_start_demo ((const char *[]) { "--row-delay-ms", "5", NULL });
  ret = g_test_run ();
  eo_test_sim_stop (sim);
  g_free (system_data_dirs);
  return ret;
}
