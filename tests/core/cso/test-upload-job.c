/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-upload-job"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-upload-job.h"
#include "eo-test-cso.h"

typedef struct
{
  guint     n_accepted;
  guint     n_updated;
  guint     n_finished;
  guint     n_failed;
  GError   *error;
  gboolean  done;             /* finished or failed */
  gboolean  cancel_on_accept;
  guint     cancel_after_updates;
} Watch;

static void
accepted_cb (EoUploadJob *job,
             Watch       *watch)
{
  EoUploadRecord *record = eo_upload_job_get_record (job);

  watch->n_accepted++;
  g_assert_true (eo_upload_job_get_running (job));
  g_assert_true (eo_poller_get_running (eo_upload_job_get_poller (job)));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  g_assert_nonnull (eo_upload_record_get_request_id (record));
  if (watch->cancel_on_accept)
    {
      eo_upload_job_cancel (job);
      watch->done = TRUE;
    }
}

static void
updated_cb (EoUploadJob *job,
            Watch       *watch)
{
  watch->n_updated++;
  g_assert_nonnull (eo_upload_job_get_poller (job));
  if (watch->cancel_after_updates > 0 && watch->n_updated == watch->cancel_after_updates)
    {
      eo_upload_job_cancel (job);
      g_assert_false (eo_upload_job_get_running (job));
      watch->done = TRUE;
    }
}

static void
finished_cb (EoUploadJob *job,
             Watch       *watch)
{
  g_assert_false (eo_upload_job_get_running (job));
  watch->n_finished++;
  watch->done = TRUE;
}

static void
failed_cb (EoUploadJob  *job,
           const GError *error,
           Watch        *watch)
{
  g_assert_false (eo_upload_job_get_running (job));
  watch->n_failed++;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
  watch->done = TRUE;
}

static void
watch_connect (Watch       *watch,
               EoUploadJob *job)
{
  g_signal_connect (job, "accepted", G_CALLBACK (accepted_cb), watch);
  g_signal_connect (job, "updated", G_CALLBACK (updated_cb), watch);
  g_signal_connect (job, "finished", G_CALLBACK (finished_cb), watch);
  g_signal_connect (job, "failed", G_CALLBACK (failed_cb), watch);
}

static void
watch_clear (Watch *watch)
{
  g_clear_error (&watch->error);
}

static char *
make_history_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "esim-onboard", "uploads", NULL);
}

/* The only record of a fresh load of @dir. */
static EoUploadRecord *
reload_only_record (const char  *dir,
                    EoHistory  **history_out)
{
  g_autoptr(EoHistory) history = eo_test_load_history (dir);
  GListModel *records = eo_history_get_records (history);
  EoUploadRecord *record;

  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  if (history_out != NULL)
    *history_out = g_steal_pointer (&history);
  return record;
}

static void
assert_all_success (EoUploadRecord *record,
                    guint           n_devices)
{
  guint ok, failed, pending;

  g_assert_cmpuint (eo_upload_record_get_n_devices (record), ==, n_devices);
  eo_upload_record_get_counts (record, &ok, &failed, &pending);
  g_assert_cmpuint (ok, ==, n_devices);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpuint (pending, ==, 0);

  for (guint i = 0; i < n_devices; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), i);
      guint n_changes;
      const EoStatusChange *history = eo_upload_record_get_device_history (record, i, &n_changes);
      const EoStatusChange *first, *last;

      g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_cmpstr (eo_device_get_status_text (device), ==, "SUCCESS");
      g_assert_true (g_str_has_prefix (eo_device_get_assigned_iccid (device), "8901990"));
      /* Pending (set when polling starts or from the server), then success. */
      g_assert_nonnull (history);
      g_assert_cmpuint (n_changes, >=, 2);
      first = &history[0];
      last = &history[n_changes - 1];
      g_assert_cmpint (first->status, ==, EO_DEVICE_STATUS_PENDING);
      g_assert_cmpint (last->status, ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_cmpstr (last->status_text, ==, "SUCCESS");
      g_assert_cmpint (last->time_us, >=, first->time_us);
    }
}

/* submit -> accepted -> finished, with the record on disk at each step. */
static void
test_submit_finished (void)
{
  const guint n_devices = 20;
  const char *args[] = { "--row-delay-ms", "10", "--fault", "upload=slow:1", "--slow-ms", "1000", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autofree char *csv = eo_test_make_csv (1, n_devices, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
  g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
  g_autoptr(EoUploadRecord) on_disk = NULL;
  g_autoptr(EoHistory) reloaded = NULL;
  EoTestWriteCounter writes = { 0 };
  Watch watch = { 0 };
  guint n_requests;

  eo_test_write_counter_start (&writes, dir);
  watch_connect (&watch, job);
  eo_upload_job_set_intervals (job, 50, 200);
  g_assert_null (eo_upload_job_get_poller (job));

  eo_upload_job_submit (job, normalized, "devices.csv");
  g_assert_true (eo_upload_job_get_running (job));
  /* Recorded before anything was sent (the write runs on a worker, the
   * POST goes out when it is done): once the upload has reached the
   * server, whose answer is held back, SENDING is on disk. */
  while (eo_test_sim_stat (sim, "requests") < 1)
    eo_test_run_for (10);
  on_disk = reload_only_record (dir, NULL);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_SENDING);
  g_assert_cmpuint (eo_upload_record_get_n_devices (on_disk), ==, n_devices);
  g_assert_cmpstr (eo_upload_record_get_local_id (on_disk), ==, eo_upload_record_get_local_id (record));
  g_assert_true (eo_history_lookup_local_id (history, eo_upload_record_get_local_id (record)) == record);
  g_clear_object (&on_disk);

  eo_test_run_until (&watch.done, 30000);
  g_assert_no_error (watch.error);
  g_assert_cmpuint (watch.n_accepted, ==, 1);
  g_assert_cmpuint (watch.n_finished, ==, 1);
  g_assert_cmpuint (watch.n_failed, ==, 0);
  g_assert_cmpuint (watch.n_updated, >=, 1);
  g_assert_false (eo_upload_job_get_running (job));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);
  assert_all_success (record, n_devices);

  n_requests = eo_poller_get_n_requests (eo_upload_job_get_poller (job));
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, n_requests);

  /* A fresh store from the same folder sees the same upload. */
  on_disk = reload_only_record (dir, &reloaded);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_FINISHED);
  g_assert_cmpstr (eo_upload_record_get_request_id (on_disk), ==, eo_upload_record_get_request_id (record));
  g_assert_cmpstr (eo_upload_record_get_server_url (on_disk), ==, "https://sm-cso-sim.example");
  g_assert_null (eo_upload_record_get_error_message (on_disk));
  assert_all_success (on_disk, n_devices);
  g_assert_cmpuint (eo_history_get_unfinished (reloaded)->len, ==, 0);

  /* Writes: SENDING, ACCEPTED (devices marked pending), then at most one
   * per status answer (the last one is the final flush). */
  eo_test_run_for (200);
  g_test_message ("%u devices: %u status answers, %u updates, %u record writes",
                  n_devices, n_requests, watch.n_updated, writes.n_writes);
  g_assert_cmpuint (writes.n_writes, >=, 3);
  g_assert_cmpuint (writes.n_writes, <=, 2 + watch.n_updated);
  eo_test_write_counter_stop (&writes);

  watch_clear (&watch);
  g_ptr_array_unref (eo_history_get_unfinished (reloaded));
  eo_test_sim_stop (sim);
}

static void
test_submit_refused (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, "not-the-key");
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autofree char *csv = eo_test_make_csv (100, 3, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
  g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
  g_autoptr(EoUploadRecord) on_disk = NULL;
  Watch watch = { 0 };

  watch_connect (&watch, job);
  eo_upload_job_set_intervals (job, 20, 50);
  eo_upload_job_submit (job, normalized, "devices.csv");
  eo_test_run_until (&watch.done, 10000);

  g_assert_error (watch.error, EO_ERROR, EO_ERROR_KEY_REFUSED);
  g_assert_cmpuint (watch.n_accepted, ==, 0);
  g_assert_cmpuint (watch.n_failed, ==, 1);
  g_assert_null (eo_upload_job_get_poller (job));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_REFUSED);

  on_disk = reload_only_record (dir, NULL);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_REFUSED);
  g_assert_cmpstr (eo_upload_record_get_error_message (on_disk), ==, watch.error->message);
  g_assert_null (eo_upload_record_get_request_id (on_disk));
  g_assert_null (strstr (eo_upload_record_get_error_message (on_disk), "not-the-key"));
  /* Kept as a code, said when shown (a record of another language reads
   * in this one). */
  g_assert_nonnull (eo_upload_record_get_message (on_disk));
  g_assert_cmpstr (eo_message_get_code (eo_upload_record_get_message (on_disk)), ==, "key-refused");

  /* Nothing is polled, and nothing is sent again. */
  eo_test_run_for (300);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 0);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

/* A server nothing listens on: the POST never went out, so the upload
 * is "not sent" (the server has nothing to check), not refused by it. */
static void
test_submit_unreachable (void)
{
  g_autofree char *url = eo_test_dup_closed_port_url ();
  g_autoptr(EoClient) client = eo_test_make_client (url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autofree char *csv = eo_test_make_csv (100, 3, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (url, csv, &normalized);
  g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
  g_autoptr(EoUploadRecord) on_disk = NULL;
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const EoMessage *message;
  Watch watch = { 0 };

  watch_connect (&watch, job);
  eo_upload_job_submit (job, normalized, "devices.csv");
  eo_test_run_until (&watch.done, 10000);

  g_assert_error (watch.error, EO_ERROR, EO_ERROR_NETWORK);
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_NOT_SENT);

  on_disk = reload_only_record (dir, NULL);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_NOT_SENT);
  g_assert_cmpstr (eo_upload_state_to_string (EO_UPLOAD_STATE_NOT_SENT), ==, "not-sent");
  g_assert_cmpstr (eo_upload_state_to_label (EO_UPLOAD_STATE_NOT_SENT), ==, "Not sent");
  message = eo_upload_record_get_message (on_disk);
  g_assert_nonnull (message);
  g_assert_cmpstr (eo_message_get_code (message), ==, "unreachable");
  g_assert_cmpstr (eo_message_get_param (message, "host"), ==, g_uri_get_host (uri));
  /* The system's reason as a phrase of ours, said in any language. */
  g_assert_cmpstr (eo_message_get_param (message, "detail"), ==, "the connection was refused");
  g_assert_true (g_str_has_prefix (eo_upload_record_get_error_message (on_disk), "Could not reach the server"));
  g_assert_nonnull (strstr (eo_upload_record_get_error_message (on_disk), "the connection was refused"));

  watch_clear (&watch);
}

static void
test_submit_dropped (void)
{
  const char *args[] = { "--fault", "upload=drop:1", "--row-delay-ms", "1", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoHistory) reloaded = NULL;
  g_autofree char *csv = eo_test_make_csv (200, 4, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
  g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
  g_autoptr(EoUploadRecord) on_disk = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;
  Watch watch = { 0 };

  watch_connect (&watch, job);
  eo_upload_job_set_intervals (job, 20, 50);
  eo_upload_job_submit (job, normalized, "devices.csv");
  eo_test_run_until (&watch.done, 10000);

  g_assert_error (watch.error, EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN);
  g_assert_cmpuint (watch.n_accepted, ==, 0);
  g_assert_null (eo_upload_job_get_poller (job));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);

  on_disk = reload_only_record (dir, &reloaded);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
  g_assert_nonnull (eo_upload_record_get_error_message (on_disk));
  unfinished = eo_history_get_unfinished (reloaded);
  g_assert_cmpuint (unfinished->len, ==, 0);

  /* The server did get it (dropped after queuing), and it is not re-sent. */
  eo_test_run_for (500);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "accepted_uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 0);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

/* If the record cannot be written, nothing is sent. */
static void
test_submit_store_failure (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *blocker = g_build_filename (g_get_user_data_dir (), "not-a-folder", NULL);
  g_autofree char *dir = g_build_filename (blocker, "uploads", NULL);
  g_autoptr(EoHistory) history = NULL;
  g_autofree char *csv = eo_test_make_csv (300, 2, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
  g_autoptr(EoUploadJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Watch watch = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (blocker, "a file where the folder should be", -1, &error));
  g_assert_no_error (error);

  history = eo_history_new (dir);
  job = eo_upload_job_new (client, history, record);
  watch_connect (&watch, job);
  eo_upload_job_submit (job, normalized, "devices.csv");

  /* Reported at once, nothing started. */
  g_assert_true (watch.done);
  g_assert_false (eo_upload_job_get_running (job));
  g_assert_error (watch.error, EO_ERROR, EO_ERROR_STORE);
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_NOT_SENT);
  g_assert_cmpstr (eo_message_get_code (eo_upload_record_get_message (record)), ==, "not-recorded");
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 0);

  eo_test_run_for (300);
  g_assert_cmpint (eo_test_sim_stat (sim, "requests"), ==, 0);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 0);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

/* Cancel while polling: the record stays ACCEPTED (on disk too), and
 * polling really stops. */
static void
test_cancel_keeps_accepted (void)
{
  const guint n_devices = 10;
  const char *args[] = { "--row-delay-ms", "100", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autofree char *csv = eo_test_make_csv (400, n_devices, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
  g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
  g_autoptr(EoUploadRecord) on_disk = NULL;
  Watch watch = { 0 };
  guint ok, failed, pending;
  gint64 n_status;

  watch.cancel_after_updates = 1;
  watch_connect (&watch, job);
  eo_upload_job_set_intervals (job, 50, 50);
  eo_upload_job_submit (job, normalized, "devices.csv");
  eo_test_run_until (&watch.done, 10000);

  g_assert_no_error (watch.error);
  g_assert_cmpuint (watch.n_accepted, ==, 1);
  g_assert_cmpuint (watch.n_updated, ==, 1);
  g_assert_cmpuint (watch.n_finished, ==, 0);
  g_assert_false (eo_upload_job_get_running (job));
  g_assert_false (eo_poller_get_running (eo_upload_job_get_poller (job)));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);

  on_disk = reload_only_record (dir, NULL);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_ACCEPTED);
  eo_upload_record_get_counts (on_disk, &ok, &failed, &pending);
  g_assert_cmpuint (pending, >, 0);
  g_assert_cmpuint (ok + failed + pending, ==, n_devices);
  /* The statuses of the one answer read are on disk already. */
  eo_upload_record_get_counts (record, &ok, NULL, NULL);
  {
    guint ok_disk;

    eo_upload_record_get_counts (on_disk, &ok_disk, NULL, NULL);
    g_assert_cmpuint (ok_disk, ==, ok);
  }

  n_status = eo_test_sim_stat (sim, "status_requests");
  eo_test_run_for (400);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, n_status);
  g_assert_cmpint (watch.n_updated, ==, 1);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

/* An ACCEPTED record, read back by another store (as after a restart), is
 * polled to the end by a new job: no second upload. */
static void
test_resume (void)
{
  const guint n_devices = 8;
  const char *args[] = { "--row-delay-ms", "30", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autofree char *dir = make_history_dir ();
  g_autofree char *local_id = NULL;
  g_autofree char *request_id = NULL;
  g_autoptr(EoHistory) history2 = NULL;
  g_autoptr(EoClient) client2 = NULL;
  g_autoptr(EoUploadJob) job2 = NULL;
  g_autoptr(EoUploadRecord) on_disk = NULL;
  EoUploadRecord *resumed;
  Watch watch2 = { 0 };

  /* First process: sends, and stops as soon as it is accepted. */
  {
    g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
    g_autoptr(EoHistory) history = eo_history_new (dir);
    g_autofree char *csv = eo_test_make_csv (500, n_devices, FALSE);
    g_autoptr(GBytes) normalized = NULL;
    g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
    g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
    Watch watch = { 0 };

    watch.cancel_on_accept = TRUE;
    watch_connect (&watch, job);
    eo_upload_job_submit (job, normalized, "devices.csv");
    eo_test_run_until (&watch.done, 10000);
    g_assert_no_error (watch.error);
    g_assert_false (eo_poller_get_running (eo_upload_job_get_poller (job)));
    g_assert_false (eo_upload_job_get_running (job));
    local_id = g_strdup (eo_upload_record_get_local_id (record));
    request_id = g_strdup (eo_upload_record_get_request_id (record));
    watch_clear (&watch);
  }
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 0);

  /* Second process. */
  history2 = eo_test_load_history (dir);
  {
    g_autoptr(GPtrArray) unfinished = eo_history_get_unfinished (history2);

    g_assert_cmpuint (unfinished->len, ==, 1);
  }
  resumed = eo_history_lookup_request_id (history2, request_id);
  g_assert_nonnull (resumed);
  g_assert_cmpstr (eo_upload_record_get_local_id (resumed), ==, local_id);
  g_assert_cmpint (eo_upload_record_get_state (resumed), ==, EO_UPLOAD_STATE_ACCEPTED);

  client2 = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  job2 = eo_upload_job_new (client2, history2, resumed);
  watch_connect (&watch2, job2);
  eo_upload_job_set_intervals (job2, 50, 100);
  eo_upload_job_resume (job2);
  g_assert_true (eo_upload_job_get_running (job2));
  eo_test_run_until (&watch2.done, 20000);

  g_assert_no_error (watch2.error);
  g_assert_cmpuint (watch2.n_accepted, ==, 0);
  g_assert_cmpuint (watch2.n_finished, ==, 1);
  g_assert_cmpint (eo_upload_record_get_state (resumed), ==, EO_UPLOAD_STATE_FINISHED);
  assert_all_success (resumed, n_devices);

  on_disk = reload_only_record (dir, NULL);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_FINISHED);
  g_assert_cmpstr (eo_upload_record_get_request_id (on_disk), ==, request_id);
  assert_all_success (on_disk, n_devices);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);

  watch_clear (&watch2);
  eo_test_sim_stop (sim);
}

/* Only a confirmed upload can be followed. */
static void
test_resume_unconfirmed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoClient) client = eo_client_new ("http://127.0.0.1:9", &error);
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autofree char *csv = eo_test_make_csv (600, 1, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record ("http://127.0.0.1:9", csv, &normalized);
  g_autoptr(EoUploadJob) job = NULL;
  Watch watch = { 0 };

  g_assert_no_error (error);
  eo_upload_record_set_outcome_unknown (record, "lost");
  job = eo_upload_job_new (client, history, record);
  watch_connect (&watch, job);
  eo_upload_job_resume (job);
  g_assert_true (watch.done);
  g_assert_error (watch.error, EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN);
  g_assert_false (eo_upload_job_get_running (job));
  g_assert_null (eo_upload_job_get_poller (job));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
  watch_clear (&watch);
}

/* Cancelling while the answer is awaited: the server may have it. */
static void
test_cancel_while_sending (void)
{
  const char *args[] = { "--fault", "upload=slow:1", "--slow-ms", "1500", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autofree char *csv = eo_test_make_csv (700, 2, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
  g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
  g_autoptr(EoUploadRecord) on_disk = NULL;
  Watch watch = { 0 };

  watch_connect (&watch, job);
  eo_upload_job_submit (job, normalized, "devices.csv");
  /* Wait until the request reached the server. */
  for (guint i = 0; i < 100 && eo_test_sim_stat (sim, "uploads") == 0; i++)
    eo_test_run_for (20);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_true (eo_upload_job_get_running (job));

  eo_upload_job_cancel (job);
  for (guint i = 0; i < 100 && eo_upload_job_get_running (job); i++)
    eo_test_run_for (10);
  g_assert_false (eo_upload_job_get_running (job));
  g_assert_false (watch.done); /* a cancel emits nothing */
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);

  on_disk = reload_only_record (dir, NULL);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/job/submit/finished", test_submit_finished);
  g_test_add_func ("/job/submit/refused", test_submit_refused);
  g_test_add_func ("/job/submit/unreachable", test_submit_unreachable);
  g_test_add_func ("/job/submit/dropped", test_submit_dropped);
  g_test_add_func ("/job/submit/store-failure", test_submit_store_failure);
  g_test_add_func ("/job/cancel/polling", test_cancel_keeps_accepted);
  g_test_add_func ("/job/cancel/sending", test_cancel_while_sending);
  g_test_add_func ("/job/resume/accepted", test_resume);
  g_test_add_func ("/job/resume/unconfirmed", test_resume_unconfirmed);

  return g_test_run ();
}
