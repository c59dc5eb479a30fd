/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-crash"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gstdio.h>

#include "eo-upload-record.h"
#include "eo-test-cso.h"

/*
 * Crash safety of `esim-onboard-cli submit --wait` (issue 4): the CLI is
 * killed with SIGKILL at chosen points; whatever the point, the upload is
 * never sent twice, the history says where it stood, and an ACCEPTED upload
 * is followed to the end by `status REQUEST_ID --wait`.
 */

#define N_DEVICES 6

typedef struct
{
  char *data_home;    /* XDG_DATA_HOME of the CLI */
  char *history_dir;  /* its uploads folder */
  char *csv_path;
} Fixture;

static void
fixture_init (Fixture *fixture,
              guint    first_eid)
{
  g_autofree char *csv = eo_test_make_csv (first_eid, N_DEVICES, FALSE);
  g_autoptr(GError) error = NULL;

  fixture->data_home = g_build_filename (g_get_user_data_dir (), "cli-data", NULL);
  fixture->history_dir = g_build_filename (fixture->data_home, "esim-onboard", "uploads", NULL);
  fixture->csv_path = g_build_filename (g_get_user_data_dir (), "devices.csv", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->data_home, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->csv_path, csv, -1, &error));
  g_assert_no_error (error);
}

static void
fixture_clear (Fixture *fixture)
{
  g_free (fixture->data_home);
  g_free (fixture->history_dir);
  g_free (fixture->csv_path);
}

/* The CLI dies with the test, even when the test crashes. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Runs $EO_CLI with @args; the key is in the environment, never in argv. */
static GSubprocess *
cli_spawn (Fixture            *fixture,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("EO_CLI");
  GSubprocess *process;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", fixture->data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "ESIM_ONBOARD_API_KEY", EO_TEST_DEMO_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static GSubprocess *
cli_submit (Fixture   *fixture,
            EoTestSim *sim)
{
  const char *args[] = { "submit", fixture->csv_path, "--wait",
                         "--server", sim->url, "--customer", EO_TEST_DEMO_CUSTOMER,
                         "--poll-interval", "100", NULL };

  return cli_spawn (fixture, args);
}

static void
cli_kill (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (process); /* SIGKILL */
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
}

/* Waits for the process, returns its exit status; its output goes to the
 * test log. */
static int
cli_wait (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Drains both pipes while waiting (the test's timeout guards a hang). */
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("CLI stdout:\n%s", out != NULL ? out : "");
  g_test_message ("CLI stderr:\n%s", err != NULL ? err : "");
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_null (strstr (out, EO_TEST_DEMO_KEY));
  g_assert_null (strstr (err, EO_TEST_DEMO_KEY));
  return g_subprocess_get_exit_status (process);
}

/* The raw state string of the only record file of @dir (NULL when there
 * is no file yet), read without EoHistory (which would fix a SENDING
 * record left by a dead process). */
static char *
raw_record_state (const char  *dir,
                  char       **request_id)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoUploadRecord) record = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const char *name;
  gsize length;
  guint n = 0;

  if (gdir == NULL)
    return NULL;
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      if (!g_str_has_suffix (name, ".json"))
        continue;
      n++;
      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  if (n == 0)
    return NULL;
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  /* Atomic writes: never a half file. */
  record = eo_upload_record_new_from_data (contents, (gssize) length, &error);
  g_assert_no_error (error);
  if (request_id != NULL)
    *request_id = g_strdup (eo_upload_record_get_request_id (record));
  return g_strdup (eo_upload_state_to_string (eo_upload_record_get_state (record)));
}

static void
assert_all_success (EoUploadRecord *record)
{
  guint ok, failed, pending;

  g_assert_cmpuint (eo_upload_record_get_n_devices (record), ==, N_DEVICES);
  eo_upload_record_get_counts (record, &ok, &failed, &pending);
  g_assert_cmpuint (ok, ==, N_DEVICES);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (pending, ==, 0);
  for (guint i = 0; i < N_DEVICES; i++)
    {
      guint n_changes;
      const EoStatusChange *history = eo_upload_record_get_device_history (record, i, &n_changes);

      g_assert_cmpuint (n_changes, >, 0);
      g_assert_cmpint (history[n_changes - 1].status, ==, EO_DEVICE_STATUS_SUCCESS);
    }
}

/* (a) Killed while the upload waits for its answer. */
static void
test_kill_before_answer (void)
{
  const char *args[] = { "--row-delay-ms", "50", "--fault", "upload=slow:1", "--slow-ms", "1500", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autofree char *state = NULL;
  EoUploadRecord *record;
  Fixture fixture;

  fixture_init (&fixture, 1000);
  cli = cli_submit (&fixture, sim);

  /* The upload reached the server; its answer is held back. */
  EO_TEST_POLL_UNTIL (eo_test_sim_stat (sim, "uploads") > 0, "the upload to reach the server", 30);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  /* It was recorded before it was sent. */
  state = raw_record_state (fixture.history_dir, NULL);
  g_assert_cmpstr (state, ==, "sending");

  cli_kill (cli);
  g_clear_pointer (&state, g_free);
  state = raw_record_state (fixture.history_dir, NULL);
  g_assert_cmpstr (state, ==, "sending");

  /* Read back: the sender is gone, so the outcome is unknown; it is not
   * offered for resuming nor sent again. */
  history = eo_test_load_history (fixture.history_dir);
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 1);
  record = g_list_model_get_item (eo_history_get_records (history), 0);
  g_object_unref (record); /* the store keeps it */
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
  g_assert_null (eo_upload_record_get_request_id (record));
  g_assert_cmpuint (eo_upload_record_get_n_devices (record), ==, N_DEVICES);
  unfinished = eo_history_get_unfinished (history);
  g_assert_cmpuint (unfinished->len, ==, 0);
  g_clear_pointer (&state, g_free);
  state = raw_record_state (fixture.history_dir, NULL);
  g_assert_cmpstr (state, ==, "outcome-unknown");

  /* The server did queue it (so sending it again would assign twice);
   * nothing sent it again. */
  g_usleep (1800 * 1000);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "accepted_uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 0);

  fixture_clear (&fixture);
  eo_test_sim_stop (sim);
}

/* Waits until the record file says @state (and at least @min_status_reads
 * status reads reached the server). */
static char *
wait_for_state (Fixture    *fixture,
                EoTestSim  *sim,
                const char *wanted,
                gint64      min_status_reads)
{
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *request_id = NULL;
      g_autofree char *state = raw_record_state (fixture->history_dir, &request_id);

      if (g_strcmp0 (state, wanted) == 0 &&
          eo_test_sim_stat (sim, "status_requests") >= min_status_reads)
        return g_steal_pointer (&request_id);
      g_usleep (10 * 1000);
    }
  g_assert_not_reached ();
  return NULL;
}

/* Resumes with `status REQUEST_ID --wait` and checks the end state. */
static void
resume_and_check (Fixture    *fixture,
                  EoTestSim  *sim,
                  const char *request_id)
{
  const char *args[] = { "status", request_id, "--wait", "--server", sim->url,
                         "--poll-interval", "100", NULL };
  g_autoptr(GSubprocess) cli = cli_spawn (fixture, args);
  g_autoptr(EoHistory) history = NULL;
  g_autofree char *state = NULL;
  EoUploadRecord *record;

  g_assert_cmpint (cli_wait (cli), ==, 0);

  history = eo_test_load_history (fixture->history_dir);
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 1);
  record = eo_history_lookup_request_id (history, request_id);
  g_assert_nonnull (record);
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);
  assert_all_success (record);
  state = raw_record_state (fixture->history_dir, NULL);
  g_assert_cmpstr (state, ==, "finished");

  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "rows_processed"), ==, N_DEVICES);
}

/* (b) Killed while polling. */
static void
test_kill_while_polling (void)
{
  const char *args[] = { "--row-delay-ms", "300", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(GSubprocess) cli = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *request_id2 = NULL;
  g_autofree char *state = NULL;
  Fixture fixture;

  fixture_init (&fixture, 2000);
  cli = cli_submit (&fixture, sim);
  /* Accepted on disk, and polling under way. */
  request_id = wait_for_state (&fixture, sim, "accepted", 2);
  g_assert_nonnull (request_id);
  g_assert_cmpint (eo_test_sim_stat (sim, "rows_processed"), <, N_DEVICES);
  cli_kill (cli);

  state = raw_record_state (fixture.history_dir, &request_id2);
  g_assert_cmpstr (state, ==, "accepted");
  g_assert_cmpstr (request_id2, ==, request_id);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);

  resume_and_check (&fixture, sim, request_id);

  fixture_clear (&fixture);
  eo_test_sim_stop (sim);
}

/* (c) Killed at once after the answer came (the record is ACCEPTED before
 * any status read). */
static void
test_kill_after_answer (void)
{
  const char *args[] = { "--row-delay-ms", "100", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(GSubprocess) cli = NULL;
  g_autofree char *request_id = NULL;
  Fixture fixture;

  fixture_init (&fixture, 3000);
  cli = cli_submit (&fixture, sim);
  request_id = wait_for_state (&fixture, sim, "accepted", 0);
  cli_kill (cli);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);

  resume_and_check (&fixture, sim, request_id);

  fixture_clear (&fixture);
  eo_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/job/cli-crash/before-answer", test_kill_before_answer);
  g_test_add_func ("/job/cli-crash/after-answer", test_kill_after_answer);
  g_test_add_func ("/job/cli-crash/while-polling", test_kill_while_polling);

  return g_test_run ();
}
