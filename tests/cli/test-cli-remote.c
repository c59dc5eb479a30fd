/* SPDX-License-Identifier: GPL-3.0-or-later */
/* esim-onboard-cli submit / status / set-key against the CSO simulator
 * (a separate process, as the real service is), with the key from the
 * environment, a file, or the test session's real keyring. */
#define G_LOG_DOMAIN "test-cli-remote"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-test-sim.h"
/* A key nobody would print by chance; contains '$' like the vendor's keys. */
#define CANARY_KEY "$2a$04$Eo.Canary.Key/7QzLwX9pN3vR5tU1yB"

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *dir;        /* outside HOME: logs, accounts file */
  char        *log_path;
} Simulator;

typedef EoTestRun CliRun;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, eo_test_run_clear)

static const char *cli_path;
static Simulator fast_sim;
/* Directories of the session as the runner made them (before GLib's
 * per-test isolation): the keyring daemon writes there. */
static char *outer_dirs[6];
/* XDG_DATA_DIRS of the session: the system's GSettings schemas (GIO's
 * proxy settings among them), which GLib's test isolation hides. */
static char *system_data_dirs;

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

/* A CSV of @n_valid good rows and @n_bad rows with a broken EID. */
static char *
write_csv (guint n_valid,
           guint n_bad)
{
  g_autoptr(GString) csv = g_string_new ("EID,Name\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-csv-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  for (guint i = 0; i < n_valid; i++)
    {
      g_autofree char *eid = eo_test_next_eid ();
      g_string_append_printf (csv, "%s,phone-%u\n", eid, i + 1);
      if (i == 0 && n_bad > 0)
        {
          /* Bad rows in between the good ones. */
          for (guint j = 0; j < n_bad; j++)
            g_string_append_printf (csv, "8904903212345123451234567890123%u,broken-%u\n", j % 10, j + 1);
        }
    }

  path = g_build_filename (dir, "devices.csv", NULL);
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_file_and_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* Runs the CLI. @env: "NAME=VALUE" sets, "NAME" unsets. @input: standard
 * input, or NULL. The key is never passed in argv. The children get this
 * test's own directories (GLib's isolation points them at /dev/null), so
 * that whatever the CLI writes lands where the secrets test looks. */
static void
run_cli (CliRun             *run,
         const char * const *env,
         const char         *input,
         ...)
{
  GPtrArray *all_env = eo_test_dirs_env ();
  va_list ap;

  /* Each test says where the key comes from. */
  g_ptr_array_add (all_env, g_strdup ("ESIM_ONBOARD_API_KEY"));
  g_ptr_array_add (all_env, g_strconcat ("XDG_DATA_DIRS=", system_data_dirs, NULL));
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (all_env, g_strdup (env[i]));
  va_start (ap, input);
  eo_test_run_cli_va (run, all_env, input, ap);
  va_end (ap);
}

static JsonObject *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
assert_all_success (JsonObject *result,
                    guint       n)
{
  JsonArray *devices = json_object_get_array_member (result, "devices");

  g_assert_nonnull (devices);
  g_assert_cmpuint (json_array_get_length (devices), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      g_assert_cmpstr (json_object_get_string_member (device, "status"), ==, "SUCCESS");
      g_assert_cmpuint (strlen (json_object_get_string_member (device, "eid")), ==, 32);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (device, "iccid"), "89"));
      g_assert_true (json_object_has_member (device, "name"));
      g_assert_true (json_object_has_member (device, "reason"));
    }
  g_assert_cmpint (json_object_get_int_member (result, "succeeded"), ==, n);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (result, "pending"), ==, 0);
}

/* $EO_SIMULATOR --port 0 plus @extra, its standard error in a log file
 * outside HOME. */
static void
simulator_start (Simulator          *sim,
                 const char * const *extra)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  sim->dir = g_dir_make_tmp ("eo-sim-XXXXXX", &error);
  g_assert_no_error (error);
  sim->log_path = g_build_filename (sim->dir, "simulator.log", NULL);

  g_ptr_array_add (args, (gpointer) "--port");
  g_ptr_array_add (args, (gpointer) "0");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra[i]);
  g_ptr_array_add (args, NULL);
  sim->process = eo_test_sim_spawn ((const char * const *) args->pdata, 0, sim->log_path, &sim->url);
}

static char *
simulator_stop (Simulator *sim)
{
  g_autofree char *log = NULL;

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, NULL);
  g_clear_object (&sim->process);
  g_file_get_contents (sim->log_path, &log, NULL, NULL);
  g_unlink (sim->log_path);
  g_rmdir (sim->dir);
  g_clear_pointer (&sim->url, g_free);
  g_clear_pointer (&sim->dir, g_free);
  g_clear_pointer (&sim->log_path, g_free);
  return g_steal_pointer (&log);
}

static char *
env_key (const char *key)
{
  return g_strconcat ("ESIM_ONBOARD_API_KEY=", key, NULL);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                  */

static void
test_submit_env_key (void)
{
  g_autofree char *csv = write_csv (3, 0);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonObject) result = NULL;

  run_cli (&run, env, NULL, "submit", csv, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_json (run.out);
  assert_all_success (result, 3);
  g_assert_cmpuint (strlen (json_object_get_string_member (result, "request_id")), >, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "server_url"), "https://"));
  remove_file_and_dir (csv);
}

/* --column by header and by position; a file without a header. */
static void
test_submit_columns (void)
{
  g_autofree char *eid1 = eo_test_next_eid ();
  g_autofree char *eid2 = eo_test_next_eid ();
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) mapped = { 0 };
  g_auto(CliRun) headerless = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "devices.csv", NULL);
  g_autofree char *text = g_strdup_printf ("Serial,Label,Identifier\nS1,phone-1,%s\n", eid1);
  g_autofree char *input = g_strdup_printf ("%s,phone-2\n", eid2);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  run_cli (&mapped, env, NULL, "submit", path, "--column", "eid=Identifier", "--column", "name=2",
           "--wait", "--json", "--poll-interval", "50", "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (mapped.status, ==, 0);
  result = parse_json (mapped.out);
  assert_all_success (result, 1);

  run_cli (&headerless, env, input, "submit", "-", "--wait", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (headerless.status, ==, 0);
  g_assert_nonnull (strstr (headerless.err, "no header line"));
  g_assert_nonnull (strstr (headerless.out, "phone-2"));
  remove_file_and_dir (path);
}

static void
test_submit_human (void)
{
  g_autofree char *csv = write_csv (2, 0);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, env, NULL, "submit", csv, "--wait", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Request ID: "));
  g_assert_nonnull (strstr (run.out, "SM-DP+ server: https://"));
  g_assert_nonnull (strstr (run.out, "phone-1"));
  g_assert_nonnull (strstr (run.out, "SUCCESS"));
  g_assert_nonnull (strstr (run.out, "2 succeeded, 0 failed, 0 pending"));
  remove_file_and_dir (csv);
}

static void
test_submit_keyring (void)
{
  g_autofree char *csv = write_csv (2, 0);
  g_auto(CliRun) set = { 0 };
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) clear = { 0 };
  g_auto(CliRun) after = { 0 };
  g_autoptr(JsonObject) result = NULL;

  run_cli (&set, NULL, EO_TEST_DEMO_KEY "\n", "set-key", "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (set.status, ==, 0);
  g_assert_nonnull (strstr (set.err, "Stored"));

  run_cli (&run, NULL, NULL, "submit", csv, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_json (run.out);
  assert_all_success (result, 2);

  /* Removed again: now there is no key at all → configuration error. */
  run_cli (&clear, NULL, NULL, "set-key", "--clear", "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (clear.status, ==, 0);
  run_cli (&after, NULL, NULL, "submit", csv, "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (after.status, ==, 4);
  remove_file_and_dir (csv);
}

static void
test_submit_wrong_key (void)
{
  g_autofree char *csv = write_csv (2, 0);
  g_autofree char *key = env_key ("not-the-demo-key");
  const char *env[] = { key, NULL };
  g_auto(CliRun) run = { 0 };

  run_cli (&run, env, NULL, "submit", csv, "--wait", "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 5);
  g_assert_nonnull (strstr (run.err, "refused the API key"));
  g_assert_nonnull (strstr (run.err, "ESIM_ONBOARD_API_KEY"));
  g_assert_nonnull (strstr (run.err, "set-key"));
  g_assert_null (strstr (run.err, "not-the-demo-key"));
  g_assert_cmpstr (run.out, ==, "");
  remove_file_and_dir (csv);
}

static void
test_submit_no_key (void)
{
  g_autofree char *csv = write_csv (1, 0);
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) no_customer = { 0 };
  gint64 uploads = eo_test_sim_stat_at (NULL, fast_sim.url, "uploads");

  run_cli (&run, NULL, NULL, "submit", csv, "--server", fast_sim.url, "--customer", "nobody-here", NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "No API key is stored"));
  g_assert_nonnull (strstr (run.err, "set-key"));

  /* No customer anywhere (memory settings start empty). */
  run_cli (&no_customer, NULL, NULL, "submit", csv, "--server", fast_sim.url, NULL);
  g_assert_cmpint (no_customer.status, ==, 4);
  g_assert_nonnull (strstr (no_customer.err, "customer"));

  g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "uploads"), ==, uploads);
  remove_file_and_dir (csv);
}

static void
test_submit_then_status (void)
{
  g_autofree char *csv = write_csv (3, 0);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) submit = { 0 };
  g_auto(CliRun) wait = { 0 };
  g_auto(CliRun) status = { 0 };
  g_auto(CliRun) unknown = { 0 };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) waited = NULL;
  g_autoptr(JsonObject) read = NULL;
  const char *request_id;

  run_cli (&submit, env, NULL, "submit", csv, "--json", "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (submit.status, ==, 0);
  submitted = parse_json (submit.out);
  request_id = json_object_get_string_member (submitted, "request_id");
  g_assert_nonnull (request_id);
  g_assert_cmpint (json_object_get_int_member (submitted, "pending"), ==, 3);

  run_cli (&wait, env, NULL, "status", request_id, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, NULL);
  g_assert_cmpint (wait.status, ==, 0);
  waited = parse_json (wait.out);
  assert_all_success (waited, 3);

  run_cli (&status, env, NULL, "status", request_id, "--json", "--server", fast_sim.url, NULL);
  g_assert_cmpint (status.status, ==, 0);
  read = parse_json (status.out);
  assert_all_success (read, 3);
  g_assert_cmpstr (json_object_get_string_member (read, "request_id"), ==, request_id);

  run_cli (&unknown, env, NULL, "status", "00000000-0000-4000-8000-000000000000",
           "--server", fast_sim.url, NULL);
  g_assert_cmpint (unknown.status, ==, 5);
  remove_file_and_dir (csv);
}

/* A list sent again: the devices the history already assigned are left
 * out (said per device), unless --include-assigned; a list of only those
 * sends nothing. */
static void
test_submit_leaves_out_assigned (void)
{
  g_autofree char *first = write_csv (3, 0);
  g_autofree char *first_text = NULL;
  g_autofree char *more = NULL;
  g_autofree char *more_path = NULL;
  g_autofree char *eid_new1 = eo_test_next_eid ();
  g_autofree char *eid_new2 = eo_test_next_eid ();
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) once = { 0 };
  g_auto(CliRun) again = { 0 };
  g_auto(CliRun) mixed = { 0 };
  g_auto(CliRun) forced = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 uploads, rows;

  run_cli (&once, env, NULL, "submit", first, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (once.status, ==, 0);
  result = parse_json (once.out);
  assert_all_success (result, 3);

  /* The same list: nothing to send, nothing sent. */
  uploads = eo_test_sim_stat_at (NULL, fast_sim.url, "uploads");
  run_cli (&again, env, NULL, "submit", first, "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "already assigned on"));
  g_assert_nonnull (strstr (again.err, "Nothing was uploaded: every device of the list already has an eSIM."));
  g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "uploads"), ==, uploads);

  /* Two new devices beside the three: only the two are sent. */
  g_assert_true (g_file_get_contents (first, &first_text, NULL, NULL));
  more = g_strdup_printf ("%s%s,new-1\n%s,new-2\n", first_text, eid_new1, eid_new2);
  more_path = g_strconcat (first, ".more.csv", NULL);
  g_assert_true (g_file_set_contents (more_path, more, -1, NULL));
  rows = eo_test_sim_stat_at (NULL, fast_sim.url, "rows_processed");
  run_cli (&mixed, env, NULL, "submit", more_path, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (mixed.status, ==, 0);
  g_assert_nonnull (strstr (mixed.err, "3 devices already have an eSIM and are left out (--include-assigned sends them anyway)."));
  lines = g_strsplit (mixed.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  g_clear_pointer (&result, json_object_unref);
  result = parse_json (mixed.out);
  assert_all_success (result, 2);
  g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "rows_processed") - rows, ==, 2);

  /* --include-assigned sends every device; the server then refuses the
   * ones that already have an eSIM. */
  rows = eo_test_sim_stat_at (NULL, fast_sim.url, "rows_processed");
  run_cli (&forced, env, NULL, "submit", more_path, "--include-assigned", "--wait", "--json",
           "--poll-interval", "50", "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_nonnull (strstr (forced.err, "5 devices already have an eSIM and are sent again (--include-assigned)."));
  g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "rows_processed") - rows, ==, 5);
  g_unlink (more_path);
  remove_file_and_dir (first);
}

/* The report of an upload lists the rows it left out with why: the
 * devices an earlier upload assigned and the rows with errors, besides
 * the ones that failed. */
static void
test_report_left_out (void)
{
  g_autofree char *eid1 = eo_test_next_eid ();
  g_autofree char *eid2 = eo_test_next_eid ();
  g_autofree char *eid3 = eo_test_next_eid ();
  g_autofree char *dir = g_dir_make_tmp ("eo-report-XXXXXX", NULL);
  g_autofree char *first = g_build_filename (dir, "first.csv", NULL);
  g_autofree char *second = g_build_filename (dir, "second.csv", NULL);
  g_autofree char *report_path = g_build_filename (dir, "report.html", NULL);
  g_autofree char *first_text = g_strdup_printf ("EID,Name\n%s,phone-1\n%s,phone-2\n", eid1, eid2);
  g_autofree char *second_text = NULL;
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) once = { 0 };
  g_auto(CliRun) mixed = { 0 };
  g_auto(CliRun) report = { 0 };
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *html = NULL;
  const char *section;

  g_assert_true (g_file_set_contents (first, first_text, -1, NULL));
  run_cli (&once, env, NULL, "submit", first, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (once.status, ==, 0);

  /* The two again, a new one, and one with a wrong check digit. */
  second_text = g_strdup_printf ("%s%s,phone-3\n89049032123451234512345678901230,broken\n",
                                 first_text, eid3);
  g_assert_true (g_file_set_contents (second, second_text, -1, NULL));
  run_cli (&mixed, env, NULL, "submit", second, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (mixed.status, ==, 1);
  result = parse_json (mixed.out);
  assert_all_success (result, 1);

  run_cli (&report, NULL, NULL, "report", json_object_get_string_member (result, "request_id"),
           "--output", report_path, NULL);
  g_assert_cmpint (report.status, ==, 0);
  g_assert_true (g_file_get_contents (report_path, &html, NULL, NULL));
  section = strstr (html, "Devices left out, not sent (3)");
  g_assert_nonnull (section);
  /* Each left-out row once, in that section, with its reason. */
  {
    g_autofree char *assigned1 = g_strdup_printf ("<code>%s</code></td><td>phone-1</td><td>assigned automatically</td>"
                                                  "<td>Already assigned on ", eid1);
    g_autofree char *assigned2 = g_strdup_printf ("<code>%s</code></td><td>phone-2</td>", eid2);
    const char *broken = strstr (section, "<code>89049032123451234512345678901230</code></td><td>broken</td>");

    g_assert_nonnull (strstr (section, assigned1));
    g_assert_nonnull (strstr (strstr (section, assigned2), "Already assigned on "));
    g_assert_nonnull (strstr (strstr (section, assigned2), "(upload “first.csv”)"));
    g_assert_nonnull (broken);
    g_assert_nonnull (strstr (broken, "Not sent because of its errors: "));
    g_assert_nonnull (strstr (broken, "check digits"));
    g_assert_null (strstr (section + 1, "Devices left out, not sent"));
  }
  /* The one sent is among the assigned, not the left out. */
  g_assert_nonnull (strstr (html, "Assigned devices (1)"));
  g_assert_nonnull (strstr (strstr (html, "Assigned devices (1)"), eid3));
  {
    g_autofree char *left_out = g_strndup (section, strstr (html, "Assigned devices (1)") - section);

    g_assert_null (strstr (left_out, eid3));
  }

  g_unlink (first);
  g_unlink (second);
  g_unlink (report_path);
  g_rmdir (dir);
}

static void
test_submit_partial (void)
{
  g_autofree char *csv = write_csv (3, 2);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonObject) result = NULL;
  gint64 rows_before = eo_test_sim_stat_at (NULL, fast_sim.url, "rows_processed");

  run_cli (&run, env, NULL, "submit", csv, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  /* Rows were left out: 1, although every uploaded device succeeded. */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "2 rows with errors are left out; uploading 3 of 5 devices."));
  g_assert_nonnull (strstr (run.err, "devices.csv:3: EID: error:"));
  result = parse_json (run.out);
  assert_all_success (result, 3);
  g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "rows_processed") - rows_before, ==, 3);
  remove_file_and_dir (csv);
}

static void
test_submit_all_bad (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-csv-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) missing = { 0 };
  gint64 uploads = eo_test_sim_stat_at (NULL, fast_sim.url, "uploads");

  g_file_set_contents (csv, "EID,Name\n123,a\n456,b\n", -1, &error);
  g_assert_no_error (error);
  run_cli (&run, env, NULL, "submit", csv, "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "Nothing was uploaded"));
  g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "uploads"), ==, uploads);
  remove_file_and_dir (csv);

  run_cli (&missing, env, NULL, "submit", csv, "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (missing.status, ==, 2);
}

static void
test_submit_some_failed (void)
{
  g_autofree char *csv = write_csv (2, 0);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) first = { 0 };
  g_auto(CliRun) again = { 0 };
  g_autoptr(JsonObject) result = NULL;
  JsonArray *devices;

  run_cli (&first, env, NULL, "submit", csv, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (first.status, ==, 0);

  /* The same EIDs again, sent although the history knows them
   * (--include-assigned): the server refuses each (already has an eSIM). */
  run_cli (&again, env, NULL, "submit", csv, "--include-assigned", "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (again.status, ==, 1);
  result = parse_json (again.out);
  g_assert_cmpint (json_object_get_int_member (result, "failed"), ==, 2);
  devices = json_object_get_array_member (result, "devices");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (devices, 0), "status"), !=, "SUCCESS");
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (devices, 0), "reason"));
  remove_file_and_dir (csv);
}

/* The app's schema is not installed (run from the build tree): the flags
 * give what is needed, settings fall back to defaults, nothing aborts.
 * @data_dirs: XDG_DATA_DIRS for the CLI, NULL for none at all (then not
 * even GIO's own proxy schema is there). */
static void
check_no_schema (const char *data_dirs)
{
  g_autofree char *csv = write_csv (2, 0);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  g_autofree char *empty = g_dir_make_tmp ("eo-noschema-XXXXXX", NULL);
  g_autofree char *data_env = g_strconcat ("XDG_DATA_DIRS=", data_dirs != NULL ? data_dirs : empty, NULL);
  /* Without GIO_USE_PROXY_RESOLVER, as on a user's machine: the CLI must
   * cope with glib-networking's GNOME proxy module itself. */
  const char *env[] = { key, "GSETTINGS_SCHEMA_DIR", "GSETTINGS_BACKEND", "GIO_USE_PROXY_RESOLVER", data_env, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) status = { 0 };
  g_autoptr(JsonObject) result = NULL;

  run_cli (&run, env, NULL, "submit", csv, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "GLib-GIO"));
  g_assert_null (strstr (run.err, "schema"));
  result = parse_json (run.out);
  assert_all_success (result, 2);

  /* status: no customer given nor saved; the key from the environment. */
  run_cli (&status, env, NULL, "status", json_object_get_string_member (result, "request_id"),
           "--json", "--server", fast_sim.url, NULL);
  g_assert_cmpint (status.status, ==, 0);
  g_rmdir (empty);
  remove_file_and_dir (csv);
}

static void
test_no_schema (void)
{
  check_no_schema (system_data_dirs);
}

static void
test_no_schema_at_all (void)
{
  check_no_schema (NULL);
}

static void
test_api_key_option_refused (void)
{
  g_autofree char *csv = write_csv (1, 0);
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) split = { 0 };
  g_auto(CliRun) positional = { 0 };

  run_cli (&run, NULL, NULL, "submit", csv, "--api-key=sekrit-in-argv", "--server", fast_sim.url, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "--api-key-file"));
  g_assert_null (strstr (run.err, "sekrit-in-argv"));

  run_cli (&split, NULL, NULL, "status", "abc", "--api-key", "sekrit-in-argv", NULL);
  g_assert_cmpint (split.status, ==, 3);
  g_assert_null (strstr (split.err, "sekrit-in-argv"));

  run_cli (&positional, NULL, NULL, "set-key", "sekrit-in-argv", "--customer", "demo", NULL);
  g_assert_cmpint (positional.status, ==, 3);
  g_assert_null (strstr (positional.err, "sekrit-in-argv"));
  remove_file_and_dir (csv);
}

static void
test_api_key_file (void)
{
  g_autofree char *csv = write_csv (1, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-key-XXXXXX", &error);
  g_autofree char *key_path = g_build_filename (dir, "key", NULL);
  g_auto(CliRun) open_file = { 0 };
  g_auto(CliRun) closed_file = { 0 };
  g_auto(CliRun) empty_file = { 0 };

  g_file_set_contents (key_path, "  " EO_TEST_DEMO_KEY "  \nsecond line ignored\n", -1, &error);
  g_assert_no_error (error);

  g_chmod (key_path, 0644);
  run_cli (&open_file, NULL, NULL, "submit", csv, "--api-key-file", key_path,
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (open_file.status, ==, 0);
  g_assert_nonnull (strstr (open_file.err, "other users can read"));

  g_chmod (key_path, 0600);
  run_cli (&closed_file, NULL, NULL, "submit", csv, "--wait", "--api-key-file", key_path, "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  /* Second upload of the same EID: it fails on the server, but the key was accepted. */
  g_assert_cmpint (closed_file.status, ==, 1);
  g_assert_null (strstr (closed_file.err, "other users can read"));

  g_file_set_contents (key_path, "\n", -1, &error);
  run_cli (&empty_file, NULL, NULL, "submit", csv, "--api-key-file", key_path,
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (empty_file.status, ==, 4);

  g_unlink (key_path);
  g_rmdir (dir);
  remove_file_and_dir (csv);
}

static void
test_usage (void)
{
  g_auto(CliRun) no_file = { 0 };
  g_auto(CliRun) no_id = { 0 };
  g_auto(CliRun) help = { 0 };
  g_auto(CliRun) bad_server = { 0 };
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_autofree char *csv = write_csv (1, 0);

  run_cli (&no_file, NULL, NULL, "submit", NULL);
  g_assert_cmpint (no_file.status, ==, 3);
  run_cli (&no_id, NULL, NULL, "status", NULL);
  g_assert_cmpint (no_id.status, ==, 3);
  run_cli (&help, NULL, NULL, "submit", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "Exit status:"));
  g_assert_nonnull (strstr (help.out, "--api-key-file"));

  /* Plain http to a remote host is refused: a configuration error. */
  run_cli (&bad_server, env, NULL, "submit", csv, "--server", "http://example.com", "--customer", "demo", NULL);
  g_assert_cmpint (bad_server.status, ==, 4);
  remove_file_and_dir (csv);
}

/* Slow server: without --wait, status says "pending" (6); Ctrl+C during
 * --wait stops cleanly and says how to resume. */
static void
test_pending_and_interrupt (void)
{
  const char *extra[] = { "--demo", "--quiet", "--row-delay-ms", "3000", NULL };
  Simulator slow = { NULL };
  g_autofree char *csv = write_csv (3, 0);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_auto(CliRun) submit = { 0 };
  g_auto(CliRun) status = { 0 };
  g_autoptr(JsonObject) submitted = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) waiter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *err_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *csv2 = write_csv (2, 0);
  g_autofree char *log = NULL;
  gint64 deadline;

  simulator_start (&slow, extra);

  run_cli (&submit, env, NULL, "submit", csv, "--json", "--server", slow.url, "--customer", "demo", NULL);
  g_assert_cmpint (submit.status, ==, 0);
  submitted = parse_json (submit.out);

  run_cli (&status, env, NULL, "status", json_object_get_string_member (submitted, "request_id"),
           "--json", "--server", slow.url, NULL);
  g_assert_cmpint (status.status, ==, 6);
  read = parse_json (status.out);
  g_assert_cmpint (json_object_get_int_member (read, "pending"), >, 0);

  /* Ctrl+C while waiting. */
  out_path = g_build_filename (slow.dir, "out", NULL);
  err_path = g_build_filename (slow.dir, "err", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "ESIM_ONBOARD_API_KEY", EO_TEST_DEMO_KEY, TRUE);
  eo_test_launcher_set_dirs (launcher);
  g_subprocess_launcher_set_stdout_file_path (launcher, out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  waiter = g_subprocess_launcher_spawn (launcher, &error, cli_path, "submit", csv2, "--wait",
                                        "--poll-interval", "50", "--server", slow.url,
                                        "--customer", "demo", NULL);
  g_assert_no_error (error);

  /* Wait until the upload was accepted (request id printed). */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&out, g_free);
      g_file_get_contents (out_path, &out, NULL, NULL);
      if (out != NULL && strstr (out, "Request ID: ") != NULL)
        break;
      g_usleep (20000);
    }
  g_assert_nonnull (out);
  g_assert_nonnull (strstr (out, "Request ID: "));
  g_usleep (200000);

  g_subprocess_send_signal (waiter, SIGINT);
  g_subprocess_wait (waiter, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (waiter));
  g_assert_cmpint (g_subprocess_get_exit_status (waiter), ==, 6);
  g_file_get_contents (err_path, &err, NULL, NULL);
  g_test_message ("interrupted: %s", err);
  g_assert_nonnull (strstr (err, "Stopped waiting"));
  g_assert_nonnull (strstr (err, "continues on the server"));
  g_assert_nonnull (strstr (err, "status "));
  g_assert_nonnull (strstr (err, "--wait"));

  g_unlink (out_path);
  g_unlink (err_path);
  log = simulator_stop (&slow);
  remove_file_and_dir (csv);
  remove_file_and_dir (csv2);
}

/* ---------------------------------------------------------------------- */
/* Secrets                                                                */

static guint n_files_scanned;
static guint n_keyrings_scanned;

/* Binary-safe substring search. */
static gboolean
bytes_contain (const char *data,
               gsize       len,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_not_in_tree (const char *path,
                    const char *needle)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISREG (st.st_mode))
    {
      g_autofree char *data = NULL;
      gsize len = 0;

      if (st.st_size > 64 * 1024 * 1024 || !g_file_get_contents (path, &data, &len, NULL))
        return;
      n_files_scanned++;
      if (g_str_has_suffix (path, ".keyring"))
        n_keyrings_scanned++;
      g_test_message ("scanned %s (%" G_GSIZE_FORMAT " bytes)", path, len);
      if (bytes_contain (data, len, needle))
        g_error ("The API key was found in clear in %s", path);
      return;
    }

  if (!S_ISDIR (st.st_mode))
    return;

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      assert_not_in_tree (child, needle);
    }
}

static void
test_secrets (void)
{
  Simulator sim = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *accounts_dir = g_dir_make_tmp ("eo-accounts-XXXXXX", &error);
  g_autofree char *accounts_path = g_build_filename (accounts_dir, "accounts.json", NULL);
  g_autofree char *accounts_arg = g_strconcat ("--accounts=", accounts_path, NULL);
  const char *extra[] = { accounts_arg, "--row-delay-ms", "5", NULL };
  g_autofree char *key_path = g_build_filename (accounts_dir, "key", NULL);
  g_autofree char *csv1 = write_csv (2, 0);
  g_autofree char *csv2 = write_csv (2, 1);
  g_autofree char *csv3 = write_csv (1, 0);
  g_autofree char *key = env_key (CANARY_KEY);
  g_autofree char *schema_dir = g_test_build_filename (G_TEST_BUILT, "core", "account", NULL);
  g_autofree char *schema_env = g_strconcat ("GSETTINGS_SCHEMA_DIR=", schema_dir, NULL);
  const char *keyring_env[] = { "GSETTINGS_BACKEND=keyfile", schema_env, NULL };
  const char *with_key_env[] = { key, "GSETTINGS_BACKEND=keyfile", schema_env, NULL };
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *sim_log = NULL;
  const char *dirs[] = { g_get_home_dir (), g_get_user_data_dir (), g_get_user_config_dir (),
                         g_get_user_cache_dir (), g_get_user_state_dir (), g_get_user_runtime_dir () };

  g_assert_no_error (error);
  g_file_set_contents (accounts_path,
                       "{\"accounts\":[{\"customer_id\":\"canary-corp\",\"api_key\":\"" CANARY_KEY "\","
                       "\"pool_size\":100,\"pool_prefix\":\"8944000\"}]}", -1, &error);
  g_assert_no_error (error);
  simulator_start (&sim, extra);
  g_unlink (accounts_path);

  /* 1. Into the keyring, from standard input. */
  {
    g_auto(CliRun) run = { 0 };
    run_cli (&run, keyring_env, CANARY_KEY "\n", "set-key", "--server", sim.url, "--customer", "canary-corp", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_string_append_printf (all, "%s%s", run.out, run.err);
  }
  /* 2. Submit and wait, key from the keyring; human and JSON output. */
  {
    g_auto(CliRun) run = { 0 };
    run_cli (&run, keyring_env, NULL, "submit", csv1, "--wait", "--json", "--poll-interval", "50",
             "--server", sim.url, "--customer", "canary-corp", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_string_append_printf (all, "%s%s", run.out, run.err);
    result = parse_json (run.out);
    request_id = g_strdup (json_object_get_string_member (result, "request_id"));
  }
  {
    g_auto(CliRun) run = { 0 };
    run_cli (&run, keyring_env, NULL, "status", request_id, "--customer", "canary-corp",
             "--server", sim.url, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_string_append_printf (all, "%s%s", run.out, run.err);
  }
  /* 3. Key from the environment, a file with an error row. */
  {
    g_auto(CliRun) run = { 0 };
    run_cli (&run, with_key_env, NULL, "submit", csv2, "--wait", "--poll-interval", "50",
             "--server", sim.url, "--customer", "canary-corp", NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_string_append_printf (all, "%s%s", run.out, run.err);
  }
  /* 4. Key from a file (outside HOME, removed before the scan). */
  {
    g_auto(CliRun) run = { 0 };
    g_file_set_contents (key_path, CANARY_KEY "\n", -1, &error);
    g_assert_no_error (error);
    g_chmod (key_path, 0644);
    run_cli (&run, keyring_env, NULL, "submit", csv3, "--wait", "--api-key-file", key_path,
             "--poll-interval", "50", "--server", sim.url, "--customer", "canary-corp", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_string_append_printf (all, "%s%s", run.out, run.err);
    g_unlink (key_path);
  }
  /* 5. The server refuses another customer's request with this key. */
  {
    g_auto(CliRun) run = { 0 };
    run_cli (&run, with_key_env, NULL, "submit", csv3, "--server", sim.url, "--customer", "demo", NULL);
    g_assert_cmpint (run.status, ==, 5);
    g_string_append_printf (all, "%s%s", run.out, run.err);
  }
  /* 6. The key given on the command line is refused without being echoed. */
  {
    g_auto(CliRun) run = { 0 };
    run_cli (&run, keyring_env, NULL, "submit", csv3, "--api-key=" CANARY_KEY, NULL);
    g_assert_cmpint (run.status, ==, 3);
    g_string_append_printf (all, "%s%s", run.out, run.err);
  }

  g_assert_cmpuint (all->len, >, 0);
  g_assert_null (strstr (all->str, CANARY_KEY));

  /* GSettings (keyfile backend, so any write would also be a file). */
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                         G_SUBPROCESS_FLAGS_STDERR_MERGE);
    g_autoptr(GSubprocess) dump = NULL;
    g_autofree char *dump_out = NULL;

    eo_test_launcher_set_dirs (launcher);
    g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
    g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
    dump = g_subprocess_launcher_spawn (launcher, &error, "gsettings", "list-recursively",
                                        "io.github.esimonboard.EsimOnboard", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (dump, NULL, NULL, &dump_out, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("gsettings: %s", dump_out);
    g_assert_nonnull (strstr (dump_out, "server-url"));
    g_assert_null (strstr (dump_out, CANARY_KEY));
  }

  /* Files: the test's own HOME and XDG dirs, and the session's (where the
   * keyring daemon keeps its encrypted file). The keyring still holds the
   * key at this point. */
  n_files_scanned = 0;
  n_keyrings_scanned = 0;
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    assert_not_in_tree (dirs[i], CANARY_KEY);
  for (guint i = 0; i < G_N_ELEMENTS (outer_dirs); i++)
    {
      g_autofree char *prefix = outer_dirs[0] != NULL ? g_strconcat (outer_dirs[0], "/", NULL) : NULL;

      /* The session's dirs usually sit inside the sandbox: scan once. */
      if (outer_dirs[i] == NULL || (i > 0 && prefix != NULL &&
                                    (g_str_has_prefix (outer_dirs[i], prefix) ||
                                     g_str_equal (outer_dirs[i], outer_dirs[0]))))
        continue;
      assert_not_in_tree (outer_dirs[i], CANARY_KEY);
    }
  g_test_message ("%u files scanned for the key, %u of them keyrings", n_files_scanned, n_keyrings_scanned);
  g_assert_cmpuint (n_files_scanned, >, 0);
  /* In the runner's session, the keyring file (holding the key, encrypted)
   * was among them. */
  if (outer_dirs[0] != NULL)
    g_assert_cmpuint (n_keyrings_scanned, >, 0);

  /* Clean up the keyring; then the simulator's own log. */
  {
    g_auto(CliRun) run = { 0 };
    run_cli (&run, keyring_env, NULL, "set-key", "--clear", "--server", sim.url, "--customer", "canary-corp", NULL);
    g_assert_cmpint (run.status, ==, 0);
  }
  sim_log = simulator_stop (&sim);
  g_assert_null (strstr (sim_log != NULL ? sim_log : "", CANARY_KEY));
  g_rmdir (accounts_dir);
  remove_file_and_dir (csv1);
  remove_file_and_dir (csv2);
  remove_file_and_dir (csv3);
}

/* ---------------------------------------------------------------------- */
/* Hostile answers (issue 10)                                             */

static void
add_fault (const char *endpoint,
           const char *kind,
           int         count)
{
  g_autofree char *body = count < 0
    ? g_strdup_printf ("{\"endpoint\":\"%s\",\"kind\":\"%s\"}", endpoint, kind)
    : g_strdup_printf ("{\"endpoint\":\"%s\",\"kind\":\"%s\",\"count\":%d}", endpoint, kind, count);
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (NULL, fast_sim.url, "POST", "faults", body, &parser);
}

static void
clear_faults (void)
{
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (NULL, fast_sim.url, "DELETE", "faults", NULL, &parser);
}

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n')
      return TRUE;
  return FALSE;
}

/* Submits @n devices and waits until they are done; returns the ID. */
static char *
submit_and_wait (const char * const *env,
                 guint               n)
{
  g_autofree char *csv = write_csv (n, 0);
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonObject) result = NULL;

  run_cli (&run, env, NULL, "submit", csv, "--wait", "--json", "--poll-interval", "50",
           "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_json (run.out);
  remove_file_and_dir (csv);
  return g_strdup (json_object_get_string_member (result, "request_id"));
}

/* Items 1, 2, 3, 6: an answer to the POST that does not prove a refusal
 * leaves the upload kept as "Sent, outcome unknown", sent once. */
static void
test_hostile_upload_answers (void)
{
  static const char * const kinds[] = { "deep-nesting", "invalid-escape", "gateway-error", "hostile-request-id" };
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *csv = write_csv (2, 0);
      g_auto(CliRun) run = { 0 };
      g_auto(CliRun) history = { 0 };
      gint64 uploads = eo_test_sim_stat_at (NULL, fast_sim.url, "uploads");

      add_fault ("upload", kinds[i], 1);
      run_cli (&run, env, NULL, "submit", csv, "--server", fast_sim.url, "--customer", "demo", NULL);
      /* No crash; the server may have it: never "refused", never "try again". */
      g_assert_cmpint (run.status, ==, 5);
      g_assert_nonnull (strstr (run.err, "Check the server before sending it again"));
      g_assert_null (strstr (run.err, "Try again later"));
      g_assert_null (strstr (run.out, "$(touch"));
      g_assert_false (has_control_chars (run.err));
      g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "uploads"), ==, uploads + 1);

      run_cli (&history, NULL, NULL, "history", NULL);
      g_assert_cmpint (history.status, ==, 0);
      g_assert_nonnull (strstr (history.out, "Sent, outcome unknown"));
      g_assert_null (strstr (history.out, "Refused"));
      remove_file_and_dir (csv);
    }
}

/* Items 1, 2, 9: status answers that nest too deeply or hold an invalid
 * escape are bad answers; escape codes and an echoed key never reach the
 * terminal, the record or the export. */
static void
test_hostile_status_answers (void)
{
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_autofree char *id = submit_and_wait (env, 2);
  g_autofree char *out_dir = g_dir_make_tmp ("eo-export-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (out_dir, "results.csv", NULL);
  g_autofree char *csv = NULL;
  const char *bad[] = { "deep-nesting", "invalid-escape" };
  const char *dirty[] = { "escape-codes", "echo-key" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(CliRun) run = { 0 };

      add_fault ("status", bad[i], -1);
      run_cli (&run, env, NULL, "status", id, "--server", fast_sim.url, NULL);
      g_assert_cmpint (run.status, ==, 5);
      g_assert_nonnull (strstr (run.err, "could not be understood"));
      clear_faults ();
    }
  for (guint i = 0; i < G_N_ELEMENTS (dirty); i++)
    {
      g_auto(CliRun) run = { 0 };
      g_auto(CliRun) wait = { 0 };

      add_fault ("status", dirty[i], -1);
      run_cli (&run, env, NULL, "status", id, "--server", fast_sim.url, NULL);
      /* Damaged statuses are not successes. */
      g_assert_cmpint (run.status, ==, 6);
      g_assert_false (has_control_chars (run.out));
      g_assert_null (strstr (run.out, EO_TEST_DEMO_KEY));
      /* Followed (the record takes the answer), stopped by --timeout. */
      run_cli (&wait, env, NULL, "status", id, "--wait", "--timeout", "1", "--poll-interval", "50",
               "--server", fast_sim.url, NULL);
      g_assert_cmpint (wait.status, ==, 6);
      g_assert_nonnull (strstr (wait.err, "Stopped waiting after"));
      g_assert_false (has_control_chars (wait.out));
      clear_faults ();
    }
  {
    g_auto(CliRun) run = { 0 };

    run_cli (&run, NULL, NULL, "export", id, "--format", "csv", "--output", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (out, &csv, NULL, NULL));
    g_assert_null (strchr (csv, '\033'));
    g_assert_null (strstr (csv, EO_TEST_DEMO_KEY));
    g_assert_nonnull (strstr (csv, "[…] SUCCESS"));
  }
  g_unlink (out);
  g_rmdir (out_dir);
}

/* Item 4: a device the answer leaves out is pending; without a record
 * the CLI says it cannot count them. Item 9: contradictory rows. */
static void
test_hostile_pending_rows (void)
{
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_autofree char *csv = write_csv (3, 0);
  g_auto(CliRun) submit = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *elsewhere = g_dir_make_tmp ("eo-other-computer-XXXXXX", NULL);
  g_autofree char *other_data = g_strconcat ("XDG_DATA_HOME=", elsewhere, NULL);
  const char *other_env[] = { key, other_data, NULL };
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) other = { 0 };
  g_auto(CliRun) wait = { 0 };
  g_auto(CliRun) contradictory = { 0 };
  const char *line;

  /* Not followed: the record knows only that three devices were sent. */
  run_cli (&submit, env, NULL, "submit", csv, "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (submit.status, ==, 0);
  line = strstr (submit.out, "Request ID: ");
  g_assert_nonnull (line);
  id = g_strndup (line + 12, strcspn (line + 12, "\n"));
  for (guint i = 0; i < 1000 && eo_test_sim_stat_at (NULL, fast_sim.url, "rows_pending") > 0; i++)
    eo_test_run_for (10);
  g_assert_cmpint (eo_test_sim_stat_at (NULL, fast_sim.url, "rows_pending"), ==, 0);

  add_fault ("status", "absent-rows", -1);
  run_cli (&run, env, NULL, "status", id, "--server", fast_sim.url, NULL);
  g_assert_cmpint (run.status, ==, 6);
  g_assert_nonnull (strstr (run.out, "1 succeeded, 0 failed, 2 pending"));

  run_cli (&other, other_env, NULL, "status", id, "--server", fast_sim.url, NULL);
  g_assert_nonnull (strstr (other.err, "cannot be counted"));

  run_cli (&wait, env, NULL, "status", id, "--wait", "--timeout", "1", "--poll-interval", "50",
           "--server", fast_sim.url, NULL);
  g_assert_cmpint (wait.status, ==, 6);
  clear_faults ();

  add_fault ("status", "contradictory", -1);
  run_cli (&contradictory, env, NULL, "status", id, "--server", fast_sim.url, NULL);
  g_assert_cmpint (contradictory.status, ==, 6);
  g_assert_nonnull (strstr (contradictory.out, "CONTRADICTORY"));
  g_assert_nonnull (strstr (contradictory.out, "more than once in one answer"));
  clear_faults ();
  g_rmdir (elsewhere);
  remove_file_and_dir (csv);
}

/* Items 6, 7: the hint is quoted for a shell; an SM-DP+ address that is
 * not https:// and a host keeps the upload but is not handed on. */
static void
test_hostile_server_url (void)
{
  g_autofree char *csv = write_csv (1, 0);
  g_autofree char *key = env_key (EO_TEST_DEMO_KEY);
  const char *env[] = { key, NULL };
  g_autofree char *dir = g_dir_make_tmp ("eo-qr-XXXXXX", NULL);
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) qr = { 0 };
  const char *line;
  g_autofree char *id = NULL;

  add_fault ("upload", "hostile-server-url", 1);
  run_cli (&run, env, NULL, "submit", csv, "--server", fast_sim.url, "--customer", "demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_false (has_control_chars (run.out));
  g_assert_nonnull (strstr (run.err, "cannot be used: it does not start with https://"));
  g_assert_nonnull (strstr (run.err, "status '"));
  line = strstr (run.out, "Request ID: ");
  g_assert_nonnull (line);
  id = g_strndup (line + 12, strcspn (line + 12, "\n"));

  run_cli (&qr, NULL, NULL, "qr", id, "--output-dir", dir, NULL);
  g_assert_cmpint (qr.status, !=, 0);
  g_assert_nonnull (strstr (qr.err, "cannot be used"));

  /* The report says so, and does not tell to push it. */
  {
    g_autofree char *path = g_build_filename (dir, "report.html", NULL);
    g_autofree char *html = NULL;
    g_auto(CliRun) report = { 0 };

    run_cli (&report, NULL, NULL, "report", id, "--output", path, NULL);
    g_assert_cmpint (report.status, ==, 0);
    g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
    g_assert_nonnull (strstr (html, "SM-DP+ address problem"));
    g_assert_null (strstr (html, "Next step"));
    g_assert_null (strchr (html, '\033'));
    g_unlink (path);
  }
  g_rmdir (dir);
  remove_file_and_dir (csv);
}

int
main (int    argc,
      char **argv)
{
  const char *extra[] = { "--demo", "--quiet", "--row-delay-ms", "5", NULL };
  const char *sandbox = g_getenv ("EO_TEST_SANDBOX");
  int ret;

  /* Only when the runner made a throwaway session: never walk a real home. */
  if (sandbox != NULL && sandbox[0] != '\0')
    {
      const char *names[] = { "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" };

      outer_dirs[0] = g_strdup (sandbox);
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        outer_dirs[i + 1] = g_strdup (g_getenv (names[i]));
    }

  system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS") != NULL && g_getenv ("XDG_DATA_DIRS")[0] != '\0'
                               ? g_getenv ("XDG_DATA_DIRS") : "/usr/local/share:/usr/share");

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  cli_path = g_getenv ("EO_CLI");
  g_assert_nonnull (cli_path);

  g_test_add_func ("/cli-remote/submit/env-key", test_submit_env_key);
  g_test_add_func ("/cli-remote/submit/human", test_submit_human);
  g_test_add_func ("/cli-remote/submit/columns", test_submit_columns);
  g_test_add_func ("/cli-remote/submit/keyring", test_submit_keyring);
  g_test_add_func ("/cli-remote/submit/wrong-key", test_submit_wrong_key);
  g_test_add_func ("/cli-remote/submit/no-key", test_submit_no_key);
  g_test_add_func ("/cli-remote/submit/then-status", test_submit_then_status);
  g_test_add_func ("/cli-remote/submit/partial", test_submit_partial);
  g_test_add_func ("/cli-remote/report/left-out", test_report_left_out);
  g_test_add_func ("/cli-remote/submit/leaves-out-assigned", test_submit_leaves_out_assigned);
  g_test_add_func ("/cli-remote/submit/all-bad", test_submit_all_bad);
  g_test_add_func ("/cli-remote/submit/some-failed", test_submit_some_failed);
  g_test_add_func ("/cli-remote/submit/no-schema", test_no_schema);
  g_test_add_func ("/cli-remote/submit/no-schema-at-all", test_no_schema_at_all);
  g_test_add_func ("/cli-remote/usage/api-key-option", test_api_key_option_refused);
  g_test_add_func ("/cli-remote/usage/api-key-file", test_api_key_file);
  g_test_add_func ("/cli-remote/usage/misc", test_usage);
  g_test_add_func ("/cli-remote/status/pending-and-interrupt", test_pending_and_interrupt);
  g_test_add_func ("/cli-remote/secrets", test_secrets);
  g_test_add_func ("/cli-remote/hostile/upload-answers", test_hostile_upload_answers);
  g_test_add_func ("/cli-remote/hostile/status-answers", test_hostile_status_answers);
  g_test_add_func ("/cli-remote/hostile/pending-rows", test_hostile_pending_rows);
  g_test_add_func ("/cli-remote/hostile/server-url", test_hostile_server_url);

  simulator_start (&fast_sim, extra);
  ret = g_test_run ();
  g_free (simulator_stop (&fast_sim));

  for (guint i = 0; i < G_N_ELEMENTS (outer_dirs); i++)
    g_free (outer_dirs[i]);
  g_free (system_data_dirs);

  return ret;
}
