/* SPDX-License-Identifier: GPL-3.0-or-later */
/* esim-onboard-cli jamf … against both simulators (separate processes):
 * devices in, an upload at the CSO, the SM-DP+ address pushed in batches
 * and never twice, the phones followed until their eSIM shows in
 * inventory, a push killed between recording and sending, and the client
 * secret never shown. */
#define G_LOG_DOMAIN "test-cli-jamf"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-test-jamf.h"
#include "eo-test-sim.h"
#include "eo-test-util.h"

/* A secret nobody would print by chance. */
#define CANARY_SECRET "jamf-Canary.Secret/9xQ2$Lm7"

typedef EoTestRun CliRun;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, eo_test_run_clear)

typedef EoTestSims Sims;

/* Runs the CLI with the test's own dirs, the CSO key and (unless @env
 * says otherwise) the Jamf secret in the environment; never in argv. */
static void
run_cli (CliRun             *run,
         const char * const *env,
         const char         *input,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) all_env = eo_test_dirs_env ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (all_env, g_strdup ("ESIM_ONBOARD_API_KEY=" EO_TEST_DEMO_KEY));
  g_ptr_array_add (all_env, g_strdup ("ESIM_ONBOARD_JAMF_SECRET=" EO_TEST_JAMF_SECRET));
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (all_env, g_strdup (env[i]));
  g_ptr_array_add (all_env, NULL);
  g_ptr_array_add (argv, (gpointer) eo_test_cli_path ());
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  eo_test_run (run, (const char * const *) argv->pdata, (const char * const *) all_env->pdata, input);
  g_test_message ("cli %s %s → %d\nstdout: %.2000s\nstderr: %.2000s", (const char *) argv->pdata[1],
                  argv->len > 2 ? (const char *) argv->pdata[2] : "", run->status, run->out, run->err);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static guint
count_lines (const char *text,
             const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* jamf devices --output, then submit --wait: the upload's request ID. */
static char *
import_and_submit (Sims       *sims,
                   const char *csv)
{
  g_auto(CliRun) devices = { 0 }, submit = { 0 };
  g_autoptr(JsonNode) root = NULL;

  run_cli (&devices, NULL, NULL, "jamf", "devices", "--jamf", sims->jamf->url, "--client-id",
           EO_TEST_JAMF_CLIENT_ID, "--output", csv, NULL);
  g_assert_cmpint (devices.status, ==, 0);
  run_cli (&submit, NULL, NULL, "submit", csv, "--server", sims->cso->url, "--customer", EO_TEST_DEMO_CUSTOMER,
           "--wait", "--json", "--poll-interval", "50", NULL);
  g_assert_cmpint (submit.status, ==, 0);
  root = parse_json (submit.out);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "request_id"));
}

static void
test_devices (void)
{
  const char *args[] = { "--generate", "40", NULL };
  Sims sims = { 0 };
  g_auto(CliRun) json = { 0 }, csv = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL, *text = NULL;
  JsonArray *array;
  guint without = 0;

  eo_test_sims_start (&sims, args);
  run_cli (&json, NULL, NULL, "jamf", "devices", "--json", "--jamf", sims.jamf->url, "--client-id",
           EO_TEST_JAMF_CLIENT_ID, NULL);
  g_assert_cmpint (json.status, ==, 0);
  root = parse_json (json.out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 40);
  for (guint i = 0; i < 40; i++)
    without += json_object_get_string_member_with_default (json_array_get_object_element (array, i), "eid", NULL) == NULL;
  g_assert_cmpuint (without, ==, 4);

  path = g_build_filename (sims.dir, "devices.csv", NULL);
  run_cli (&csv, NULL, NULL, "jamf", "devices", "--jamf", sims.jamf->url, "--client-id", EO_TEST_JAMF_CLIENT_ID,
           "--output", path, NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_nonnull (strstr (csv.err, "4 phones without an EID"));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "EID,Name,Serial Number,Jamf Management ID\n"));
  g_assert_cmpuint (count_lines (text, "\n"), ==, 37);
  eo_test_sims_stop (&sims);
}

/* 225 phones with an EID: 3 push requests, then none; all acknowledged,
 * then all installed. */
static void
test_push_flow (void)
{
  const char *args[] = { "--generate", "250", "--ack-ms", "300", "--inventory-ms", "300", "--latency-ms", "10", NULL };
  Sims sims = { 0 };
  g_auto(CliRun) push = { 0 }, again = { 0 }, status = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *csv = NULL, *id = NULL;
  JsonArray *phones;

  eo_test_sims_start (&sims, args);
  csv = g_build_filename (sims.dir, "devices.csv", NULL);
  id = import_and_submit (&sims, csv);

  run_cli (&push, NULL, NULL, "jamf", "push", id, "--wait", "--json", "--jamf", sims.jamf->url,
           "--client-id", EO_TEST_JAMF_CLIENT_ID, NULL);
  g_assert_cmpint (push.status, ==, 0);
  root = parse_json (push.out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "sent"), ==, 225);
  phones = json_object_get_array_member (json_node_get_object (root), "phones");
  g_assert_cmpuint (json_array_get_length (phones), ==, 225);
  for (guint i = 0; i < 225; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, i), "state"), ==,
                     "ACKNOWLEDGED");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 3);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, 225);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "over_limit"), ==, 0);

  /* The second push sends nothing and says so. */
  run_cli (&again, NULL, NULL, "jamf", "push", id, "--jamf", sims.jamf->url, "--client-id", EO_TEST_JAMF_CLIENT_ID, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.err, "Nothing new was sent"));
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 3);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, 225);

  run_cli (&status, NULL, NULL, "jamf", "status", id, "--wait-installed", "--inventory-interval", "1",
           "--jamf", sims.jamf->url, "--client-id", EO_TEST_JAMF_CLIENT_ID, NULL);
  g_assert_cmpint (status.status, ==, 0);
  g_assert_cmpuint (count_lines (status.out, "eSIM installed"), ==, 225);
  eo_test_sims_stop (&sims);
}

/* A list from a CSV without management IDs: matched by EID; one device
 * that Jamf does not know is listed, and the exit status says so. */
static void
test_match_by_eid (void)
{
  const char *args[] = { "--generate", "10", "--ack-ms", "100", NULL };
  Sims sims = { 0 };
  g_auto(CliRun) submit = { 0 }, push = { 0 };
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *csv = NULL, *stranger = eo_test_make_eid (4242);
  g_autoptr(EoJamfClient) client = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;

  eo_test_sims_start (&sims, args);
  client = eo_test_jamf_client_new (sims.jamf);
  devices = eo_test_jamf_list_devices (EO_MDM_CONNECTOR (client), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < devices->len; i++)
    if (((EoMdmDevice *) g_ptr_array_index (devices, i))->eid != NULL)
      g_string_append_printf (text, "%s,phone-%u\n", ((EoMdmDevice *) g_ptr_array_index (devices, i))->eid, i);
  g_string_append_printf (text, "%s,stranger\n", stranger);
  csv = g_build_filename (sims.dir, "plain.csv", NULL);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));
  run_cli (&submit, NULL, NULL, "submit", csv, "--server", sims.cso->url, "--customer", EO_TEST_DEMO_CUSTOMER,
           "--wait", "--json", "--poll-interval", "50", NULL);
  g_assert_cmpint (submit.status, ==, 0);
  root = parse_json (submit.out);

  run_cli (&push, NULL, NULL, "jamf", "push",
           json_object_get_string_member (json_node_get_object (root), "request_id"), "--wait",
           "--jamf", sims.jamf->url, "--client-id", EO_TEST_JAMF_CLIENT_ID, NULL);
  g_assert_cmpint (push.status, ==, 1);
  g_assert_nonnull (strstr (push.err, "1 device of the upload is not in Jamf Pro"));
  g_assert_nonnull (strstr (push.err, stranger));
  g_assert_cmpuint (count_lines (push.out, "Acknowledged"), ==, 9);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, 9);
  eo_test_sims_stop (&sims);
}

/* Killed right after the batch was recorded: nothing sent; the next run
 * looks the batch up, sends it once, and the follow-up completes. */
static void
test_killed_after_journal (void)
{
  const char *args[] = { "--generate", "30", "--ack-ms", "100", NULL };
  Sims sims = { 0 };
  g_auto(CliRun) push = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL, *id = NULL, *pushes = NULL, *journal = NULL;
  g_autoptr(GDir) dir = NULL;

  eo_test_sims_start (&sims, args);
  csv = g_build_filename (sims.dir, "devices.csv", NULL);
  id = import_and_submit (&sims, csv);

  eo_test_launcher_set_dirs (launcher);
  g_subprocess_launcher_setenv (launcher, "ESIM_ONBOARD_JAMF_SECRET", EO_TEST_JAMF_SECRET, TRUE);
  g_subprocess_launcher_setenv (launcher, "EO_TEST_JAMF_DIE_AFTER_JOURNAL", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, eo_test_cli_path (), "jamf", "push", id,
                                         "--jamf", sims.jamf->url, "--client-id", EO_TEST_JAMF_CLIENT_ID, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, 0);

  /* The batch is on disk, recorded and not confirmed. */
  pushes = g_build_filename (g_get_user_data_dir (), "esim-onboard", "pushes", NULL);
  dir = g_dir_open (pushes, 0, &error);
  g_assert_no_error (error);
  journal = g_build_filename (pushes, g_dir_read_name (dir), NULL);
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (journal, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "\"kind\":\"recorded\""));
    g_assert_null (strstr (text, "\"kind\":\"sent\""));
  }

  run_cli (&push, NULL, NULL, "jamf", "push", id, "--wait", "--jamf", sims.jamf->url,
           "--client-id", EO_TEST_JAMF_CLIENT_ID, NULL);
  g_assert_cmpint (push.status, ==, 0);
  g_assert_cmpuint (count_lines (push.out, "Acknowledged"), ==, 27);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, 27);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 1);
  eo_test_sims_stop (&sims);
}

/* The secret from the keyring (set-secret from stdin), a file, the
 * environment: never in argv, output, logs or files. */
static void
test_secret_never_shown (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = g_dir_make_tmp ("eo-jamf-secret-XXXXXX", &error);
  g_autofree char *clients = g_build_filename (outside, "clients.json", NULL);
  g_autofree char *secret_file = g_build_filename (outside, "secret", NULL);
  g_autofree char *body = g_strdup_printf ("{\"clients\":[{\"client_id\":\"canary\",\"client_secret\":\"%s\"}]}",
                                           CANARY_SECRET);
  const char *args[] = { "--generate", "12", "--ack-ms", "1500", "--clients", clients, NULL };
  const char *no_env[] = { "ESIM_ONBOARD_JAMF_SECRET", NULL };
  const char *wrong_env[] = { "ESIM_ONBOARD_JAMF_SECRET=wrong-" CANARY_SECRET, NULL };
  Sims sims = { 0 };
  g_auto(CliRun) set = { 0 }, devices = { 0 }, from_file = { 0 }, wrong = { 0 }, refused = { 0 }, submit = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *csv = NULL, *cmdline_path = NULL, *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean cmdline_read = FALSE;
  guint n_files = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (clients, body, -1, NULL));
  g_assert_true (g_file_set_contents (secret_file, CANARY_SECRET "\n", -1, NULL));
  g_chmod (secret_file, 0600);
  eo_test_sims_start (&sims, args);

  run_cli (&set, no_env, CANARY_SECRET "\n", "jamf", "set-secret", "--jamf", sims.jamf->url, "--client-id", "canary", NULL);
  g_assert_cmpint (set.status, ==, 0);
  run_cli (&devices, no_env, NULL, "jamf", "devices", "--jamf", sims.jamf->url, "--client-id", "canary", NULL);
  g_assert_cmpint (devices.status, ==, 0);
  run_cli (&from_file, no_env, NULL, "jamf", "devices", "--jamf", sims.jamf->url, "--client-id", "canary",
           "--client-secret-file", secret_file, NULL);
  g_assert_cmpint (from_file.status, ==, 0);
  run_cli (&wrong, wrong_env, NULL, "jamf", "devices", "--jamf", sims.jamf->url, "--client-id", "canary", NULL);
  g_assert_cmpint (wrong.status, ==, 5);
  g_assert_nonnull (strstr (wrong.err, "client secret"));
  run_cli (&refused, no_env, NULL, "jamf", "devices", "--jamf", sims.jamf->url, "--client-id", "canary",
           "--client-secret=" CANARY_SECRET, NULL);
  g_assert_cmpint (refused.status, ==, 3);

  /* A push followed from the keyring's secret: its argv read while it runs. */
  csv = g_build_filename (sims.dir, "devices.csv", NULL);
  run_cli (&submit, no_env, NULL, "jamf", "devices", "--jamf", sims.jamf->url, "--client-id", "canary",
           "--output", csv, NULL);
  g_assert_cmpint (submit.status, ==, 0);
  eo_test_run_clear (&submit);
  run_cli (&submit, NULL, NULL, "submit", csv, "--server", sims.cso->url, "--customer", EO_TEST_DEMO_CUSTOMER,
           "--wait", "--json", "--poll-interval", "50", NULL);
  g_assert_cmpint (submit.status, ==, 0);
  root = parse_json (submit.out);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  eo_test_launcher_set_dirs (launcher);
  g_subprocess_launcher_unsetenv (launcher, "ESIM_ONBOARD_JAMF_SECRET");
  process = g_subprocess_launcher_spawn (launcher, &error, eo_test_cli_path (), "jamf", "push",
                                         json_object_get_string_member (json_node_get_object (root), "request_id"),
                                         "--wait", "--jamf", sims.jamf->url, "--client-id", "canary", NULL);
  g_assert_no_error (error);
  cmdline_path = g_strdup_printf ("/proc/%s/cmdline", g_subprocess_get_identifier (process));
  EO_TEST_POLL_UNTIL (eo_test_sim_stat (sims.jamf, "push_requests") > 0 || !g_file_test (cmdline_path, G_FILE_TEST_EXISTS),
                      "the push to be sent", 30);
  {
    g_autofree char *cmdline = NULL;
    gsize len = 0;

    if (g_file_get_contents (cmdline_path, &cmdline, &len, NULL) && len > 0)
      {
        cmdline_read = TRUE;
        g_assert_false (eo_test_bytes_contain (cmdline, len, CANARY_SECRET));
        g_assert_true (eo_test_bytes_contain (cmdline, len, "canary"));
      }
  }
  g_assert_true (cmdline_read);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  /* Outputs, then every file under the test's home and data dirs. */
  {
    const char *texts[] = { set.out, set.err, devices.out, devices.err, from_file.out, from_file.err,
                            wrong.out, wrong.err, refused.out, refused.err, out, err };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      g_assert_null (strstr (texts[i], CANARY_SECRET));
  }
  n_files += eo_test_assert_not_in_tree (g_get_home_dir (), CANARY_SECRET);
  n_files += eo_test_assert_not_in_tree (g_get_user_data_dir (), CANARY_SECRET);
  n_files += eo_test_assert_not_in_tree (g_get_user_config_dir (), CANARY_SECRET);
  n_files += eo_test_assert_not_in_tree (g_get_user_cache_dir (), CANARY_SECRET);
  n_files += eo_test_assert_not_in_tree (sims.dir, CANARY_SECRET);
  g_test_message ("%u files scanned for the secret", n_files);
  g_assert_cmpuint (n_files, >=, 3);
  eo_test_sims_stop (&sims);
  eo_test_remove_tree (outside);
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);
  g_test_add_func ("/cli-jamf/devices", test_devices);
  g_test_add_func ("/cli-jamf/push/batches-once-installed", test_push_flow);
  g_test_add_func ("/cli-jamf/push/match-by-eid", test_match_by_eid);
  g_test_add_func ("/cli-jamf/push/killed-after-journal", test_killed_after_journal);
  g_test_add_func ("/cli-jamf/secret-never-shown", test_secret_never_shown);
  return g_test_run ();
}
