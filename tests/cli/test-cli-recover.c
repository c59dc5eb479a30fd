/* SPDX-License-Identifier: GPL-3.0-or-later */
/* esim-onboard-cli check / follow / give-up / resend and what "history"
 * says of an upload nobody follows, run as a process against the
 * simulator on a history written into the test's own XDG_DATA_HOME. */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-history.h"
#include "eo-test-cso.h"
#include "eo-test-sim.h"
#include "eo-test-util.h"

typedef EoTestRun Run;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, eo_test_run_clear)

/* Runs the CLI with XDG_DATA_HOME = this test's data dir, the demo key in
 * the environment, in the C locale. */
static void
run_cli (Run        *run,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *data_home = g_strconcat ("XDG_DATA_HOME=", g_get_user_data_dir (), NULL);
  const char *env[] = { data_home, "LC_ALL=C.UTF-8", "G_DEBUG=", "ESIM_ONBOARD_API_KEY=" EO_TEST_DEMO_KEY, NULL };
  va_list args;

  g_ptr_array_add (argv, (char *) eo_test_cli_path ());
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  eo_test_run (run, (const char * const *) argv->pdata, env, NULL);
}

static JsonObject *
parse_object (const char  *text,
              JsonParser **parser)
{
  g_autoptr(GError) error = NULL;

  *parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (*parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (*parser));
}

static EoUploadRecord *
reload (EoUploadRecord *record)
{
  g_autoptr(EoHistory) history = eo_test_load_history (NULL);
  EoUploadRecord *found = eo_history_lookup_local_id (history, eo_upload_record_get_local_id (record));

  g_assert_nonnull (found);
  return g_object_ref (found);
}

/* check: one read now, kept in the record; history tells it is not followed. */
static void
test_check (void)
{
  const char *slow[] = { "--row-delay-ms", "100000", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (slow);
  g_autoptr(EoUploadRecord) record = eo_test_save_accepted_record (sim, NULL, 100, 3, FALSE);
  g_autoptr(EoUploadRecord) after = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_auto(Run) check = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  JsonObject *upload;
  gint64 reads = eo_test_sim_stat (sim, "status_requests");

  g_assert_cmpint (eo_upload_record_get_last_checked (record), ==, 0);
  run_cli (&check, "check", eo_upload_record_get_request_id (record), "--json", NULL);
  g_assert_cmpint (check.status, ==, 6); /* pending */
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, reads + 1);
  parse_object (check.out, &parser);
  after = reload (record);
  g_assert_cmpint (eo_upload_record_get_last_checked (after), >, 0);
  g_assert_cmpint (eo_upload_record_get_state (after), ==, EO_UPLOAD_STATE_ACCEPTED);

  run_cli (&text, "history", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Not followed since "));
  g_assert_null (strstr (text.out, "In progress"));

  run_cli (&json, "history", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_clear_object (&parser);
  upload = json_array_get_object_element (json_object_get_array_member (parse_object (json.out, &parser),
                                                                        "uploads"), 0);
  g_assert_false (json_object_get_boolean_member (upload, "followed"));
  g_assert_false (json_object_get_boolean_member (upload, "demo"));
  g_assert_nonnull (json_object_get_string_member (upload, "last_checked"));
  g_assert_true (json_object_get_null_member (upload, "given_up"));

  eo_test_sim_stop (sim);
}

/* check when the rows are done, and follow: every device final, FINISHED. */
static void
test_check_done_and_follow (void)
{
  const char *fast[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (fast);
  g_autoptr(EoUploadRecord) done = eo_test_save_accepted_record (sim, NULL, 200, 4, FALSE);
  g_autoptr(EoUploadRecord) followed = eo_test_save_accepted_record (sim, NULL, 300, 4, FALSE);
  g_autoptr(EoUploadRecord) after = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_auto(Run) check = { 0 };
  g_auto(Run) follow = { 0 };
  JsonObject *result;

  EO_TEST_POLL_UNTIL (eo_test_sim_stat (sim, "rows_pending") == 0, "the rows", 30);
  /* By local id this time. */
  run_cli (&check, "check", eo_upload_record_get_local_id (done), NULL);
  g_assert_cmpint (check.status, ==, 0);
  after = reload (done);
  g_assert_cmpint (eo_upload_record_get_state (after), ==, EO_UPLOAD_STATE_FINISHED);

  run_cli (&follow, "follow", eo_upload_record_get_request_id (followed), "--json", "--poll-interval", "50", NULL);
  g_assert_cmpint (follow.status, ==, 0);
  result = parse_object (follow.out, &parser);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (result, "devices")), ==, 4);
  g_clear_object (&after);
  after = reload (followed);
  g_assert_cmpint (eo_upload_record_get_state (after), ==, EO_UPLOAD_STATE_FINISHED);
  g_assert_cmpint (eo_upload_record_get_last_checked (after), >, 0);
  /* Not followed any more: the mark went with the command. */
  {
    g_autoptr(EoHistory) history = eo_test_load_history (NULL);

    g_assert_cmpint (eo_history_get_follower (history, eo_history_lookup_local_id (history,
                       eo_upload_record_get_local_id (followed)), NULL), ==, 0);
  }

  eo_test_sim_stop (sim);
}

/* give-up: a reason is required, kept, and shown. */
static void
test_give_up (void)
{
  const char *slow[] = { "--row-delay-ms", "100000", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (slow);
  g_autoptr(EoUploadRecord) record = eo_test_save_accepted_record (sim, NULL, 400, 2, FALSE);
  g_autoptr(EoUploadRecord) after = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_auto(Run) no_reason = { 0 };
  g_auto(Run) blank = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) text = { 0 };
  JsonObject *result, *given_up;

  run_cli (&no_reason, "give-up", eo_upload_record_get_local_id (record), NULL);
  g_assert_cmpint (no_reason.status, ==, 3);
  run_cli (&blank, "give-up", eo_upload_record_get_local_id (record), "--reason", " \t\n", NULL);
  g_assert_cmpint (blank.status, ==, 3);
  g_clear_object (&after);
  after = reload (record);
  g_assert_false (eo_upload_record_get_given_up (after));

  run_cli (&run, "give-up", eo_upload_record_get_local_id (record), "--reason", "The server lost it\x1b[31m",
           "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  result = parse_object (run.out, &parser);
  given_up = json_object_get_object_member (result, "given_up");
  g_assert_cmpstr (json_object_get_string_member (given_up, "reason"), ==, "The server lost it[31m");
  g_clear_object (&after);
  after = reload (record);
  g_assert_true (eo_upload_record_get_given_up (after));
  g_assert_cmpstr (eo_upload_record_get_given_up_reason (after), ==, "The server lost it[31m");
  g_assert_cmpint (eo_upload_record_get_state (after), ==, EO_UPLOAD_STATE_ACCEPTED);

  run_cli (&again, "give-up", eo_upload_record_get_local_id (record), "--reason", "twice", NULL);
  g_assert_cmpint (again.status, ==, 3);
  run_cli (&text, "history", NULL);
  g_assert_nonnull (strstr (text.out, "Given up on "));
  g_assert_nonnull (strstr (text.out, ": The server lost it"));

  eo_test_sim_stop (sim);
}

/* resend: refused without --yes (nothing sent), once with it, linked. */
static void
test_resend (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoUploadRecord) record = eo_test_save_outcome_unknown_record (sim->url, 500, 3, FALSE);
  g_autoptr(EoHistory) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_auto(Run) refused = { 0 };
  g_auto(Run) run = { 0 };
  g_auto(Run) twice = { 0 };
  EoUploadRecord *original, *copy;
  JsonObject *result;

  run_cli (&refused, "resend", eo_upload_record_get_local_id (record), NULL);
  g_assert_cmpint (refused.status, ==, 3);
  g_assert_nonnull (strstr (refused.err, "second eSIM"));
  g_assert_nonnull (strstr (refused.err, "--yes"));
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 0);

  run_cli (&run, "resend", eo_upload_record_get_local_id (record), "--yes", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  result = parse_object (run.out, &parser);
  g_assert_cmpstr (json_object_get_string_member (result, "resent_from"), ==, eo_upload_record_get_local_id (record));

  reread = eo_test_load_history (NULL);
  original = eo_history_lookup_local_id (reread, eo_upload_record_get_local_id (record));
  copy = eo_history_lookup_local_id (reread, json_object_get_string_member (result, "local_id"));
  g_assert_nonnull (original);
  g_assert_nonnull (copy);
  g_assert_cmpstr (eo_upload_record_get_resent_as (original), ==, eo_upload_record_get_local_id (copy));
  g_assert_cmpstr (eo_upload_record_get_resent_from (copy), ==, eo_upload_record_get_local_id (original));
  g_assert_cmpstr (eo_upload_record_get_resend_confirmed_by (original), ==, g_get_user_name ());
  g_assert_cmpint (eo_upload_record_get_resend_confirmed (original), >, 0);
  g_assert_cmpuint (eo_upload_record_get_n_devices (copy), ==, 3);
  g_assert_true (eo_upload_record_get_state (copy) == EO_UPLOAD_STATE_ACCEPTED ||
                 eo_upload_record_get_state (copy) == EO_UPLOAD_STATE_FINISHED);
  g_assert_cmpint (eo_upload_record_get_state (original), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);

  /* Once only. */
  run_cli (&twice, "resend", eo_upload_record_get_local_id (record), "--yes", NULL);
  g_assert_cmpint (twice.status, ==, 3);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);

  eo_test_sim_stop (sim);
}

/* A demo upload is never read from the CLI (nor its key looked up). */
static void
test_demo_refused (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoUploadRecord) record = eo_test_save_accepted_record (sim, NULL, 600, 2, TRUE);
  g_auto(Run) check = { 0 };
  g_auto(Run) follow = { 0 };
  g_auto(Run) text = { 0 };
  gint64 reads;

  reads = eo_test_sim_stat (sim, "status_requests");

  run_cli (&check, "check", eo_upload_record_get_local_id (record), NULL);
  g_assert_cmpint (check.status, ==, 4);
  g_assert_nonnull (strstr (check.err, "demo server"));
  run_cli (&follow, "follow", eo_upload_record_get_local_id (record), NULL);
  g_assert_cmpint (follow.status, ==, 4);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, reads);

  run_cli (&text, "history", NULL);
  g_assert_nonnull (strstr (text.out, "Demo upload: Made against the demo server"));

  eo_test_sim_stop (sim);
}

static void
test_help (void)
{
  const char *commands[] = { "check", "follow", "give-up", "resend" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) help = { 0 };
      g_auto(Run) none = { 0 };

      run_cli (&help, commands[i], "--help", NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_nonnull (strstr (help.out, "--json"));
      run_cli (&none, commands[i], NULL);
      g_assert_cmpint (none.status, ==, 3);
    }
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/cli/recover/check", test_check);
  g_test_add_func ("/cli/recover/check-done-and-follow", test_check_done_and_follow);
  g_test_add_func ("/cli/recover/give-up", test_give_up);
  g_test_add_func ("/cli/recover/resend", test_resend);
  g_test_add_func ("/cli/recover/demo-refused", test_demo_refused);
  g_test_add_func ("/cli/recover/help", test_help);

  return g_test_run ();
}
