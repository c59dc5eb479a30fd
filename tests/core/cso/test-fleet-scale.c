/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fleet-scale"

#include "config.h"

#include <time.h>
#include <glib/gstdio.h>

#include "eo-device.h"
#include "eo-poller-private.h"
#include "eo-upload-job.h"
#include "eo-test-cso.h"

/* Fleet scale: a status answer for 100,000 devices is merged into an
 * upload of 100,000 devices in linear time. Before the merge was made
 * linear, every device change walked the whole upload (n² steps: about
 * 11 minutes of CPU at 100,000 devices). The CPU budgets below are
 * generous (several times what the merge takes here) so that a loaded
 * machine cannot fail them, and far below what a quadratic merge needs. */

#define N_FLEET 100000

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *
make_history_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("eo-fleet-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
count_cb (gpointer  instance,
          guint    *counter)
{
  (*counter)++;
}

static GPtrArray *
make_answer (guint        n,
             const char  *status)
{
  GPtrArray *configs = g_ptr_array_new_full (n, (GDestroyNotify) eo_remote_config_free);

  for (guint i = 0; i < n; i++)
    {
      EoRemoteConfig *config = g_new0 (EoRemoteConfig, 1);

      config->eid = eo_test_make_eid (i + 1);
      config->name = g_strdup_printf ("phone-%u", i + 1);
      config->status = g_strdup (status);
      config->kind = eo_remote_status_classify (status);
      if (config->kind == EO_DEVICE_STATUS_SUCCESS)
        config->iccid = g_strdup_printf ("89100423481445%05u", i);
      g_ptr_array_add (configs, config);
    }
  return configs;
}

/* Merges @configs the way a status read does and returns the CPU time it
 * took, the record's "changed" held back as the upload job does and one
 * snapshot for saving made afterwards. */
static double
merge_and_save (EoPoller       *poller,
                EoUploadRecord *record,
                GPtrArray      *configs,
                guint          *n_updated)
{
  guint before = *n_updated;
  double start = cpu_seconds ();
  g_autoptr(EoUploadRecordSnapshot) snapshot = NULL;

  eo_upload_record_freeze_changed (record);
  eo_poller_merge_answer (poller, configs);
  while (*n_updated == before)
    g_main_context_iteration (NULL, TRUE);
  eo_upload_record_thaw_changed (record);
  snapshot = eo_upload_record_snapshot (record);
  return cpu_seconds () - start;
}

static void
test_merge (void)
{
  g_autoptr(EoClient) client = eo_test_make_client ("http://127.0.0.1:1", EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("http://127.0.0.1:1", EO_TEST_DEMO_CUSTOMER, "fleet.csv", FALSE);
  g_autoptr(EoPoller) poller = eo_poller_new (client, "fleet-request");
  g_autoptr(EoUploadRecordSnapshot) snapshot = NULL;
  guint n_updated = 0, n_changed = 0;
  guint n_ok, n_failed, n_pending, n_changes;
  double pending_s, success_s, again_s, start;
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GPtrArray) devices = g_ptr_array_new_full (N_FLEET, g_object_unref);

    for (guint i = 0; i < N_FLEET; i++)
      {
        g_autofree char *eid = eo_test_make_eid (i + 1);
        g_autofree char *name = g_strdup_printf ("phone-%u", i + 1);

        g_ptr_array_add (devices, eo_device_new (eid, name, NULL));
      }
    start = cpu_seconds ();
    eo_upload_record_add_devices (record, (EoDevice **) devices->pdata, devices->len);
  }
  g_test_message ("adding %u devices to a record: %.3f s CPU", N_FLEET, cpu_seconds () - start);
  start = cpu_seconds ();
  snapshot = eo_upload_record_snapshot (record);
  g_test_message ("first snapshot: %.3f s CPU", cpu_seconds () - start);
  start = cpu_seconds ();
  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);
  g_test_message ("a durable save after it: %.3f s CPU", cpu_seconds () - start);
  eo_upload_record_set_accepted (record, "fleet-request", "https://smdp.example.test");
  g_signal_connect (record, "changed", G_CALLBACK (count_cb), &n_changed);

  /* No read ever goes out: the answers are given by hand. */
  eo_poller_set_intervals (poller, 3600 * 1000, 3600 * 1000);
  eo_poller_set_devices (poller, eo_upload_record_get_devices (record));
  g_signal_connect (poller, "updated", G_CALLBACK (count_cb), &n_updated);
  start = cpu_seconds ();
  eo_upload_record_freeze_changed (record);
  eo_poller_start (poller);
  while (!eo_poller_is_indexed (poller))
    g_main_context_iteration (NULL, TRUE);
  eo_upload_record_thaw_changed (record);
  g_test_message ("indexing %u devices (marking them pending): %.3f s CPU", N_FLEET, cpu_seconds () - start);
  g_assert_cmpuint (eo_poller_get_n_total (poller), ==, N_FLEET);
  g_assert_cmpuint (eo_poller_get_n_pending (poller), ==, N_FLEET);

  pending_s = merge_and_save (poller, record, make_answer (N_FLEET, "IN_PROGRESS"), &n_updated);
  g_assert_cmpuint (eo_poller_get_n_pending (poller), ==, N_FLEET);
  success_s = merge_and_save (poller, record, make_answer (N_FLEET, "SUCCESS"), &n_updated);
  g_test_message ("merge of %u devices: IN_PROGRESS %.3f s, SUCCESS %.3f s CPU (with a snapshot for saving)",
                  N_FLEET, pending_s, success_s);

  g_assert_cmpuint (eo_poller_get_n_success (poller), ==, N_FLEET);
  g_assert_cmpuint (eo_poller_get_n_pending (poller), ==, 0);
  g_assert_false (eo_poller_get_running (poller));
  eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
  g_assert_cmpuint (n_ok, ==, N_FLEET);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (n_pending, ==, 0);
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);
  /* One "changed" for the marking and one per answer, not one per device. */
  g_assert_cmpuint (n_changed, ==, 3);
  /* Every device's history: pending, IN_PROGRESS, SUCCESS. */
  g_assert_nonnull (eo_upload_record_get_device_history (record, N_FLEET - 1, &n_changes));
  g_assert_cmpuint (n_changes, ==, 3);

  g_assert_cmpfloat (pending_s, <, 2.0);
  g_assert_cmpfloat (success_s, <, 2.0);

  /* An answer that changes nothing costs little and tells of nothing. */
  eo_poller_start (poller);
  while (!eo_poller_is_indexed (poller))
    g_main_context_iteration (NULL, TRUE);
  again_s = merge_and_save (poller, record, make_answer (N_FLEET, "SUCCESS"), &n_updated);
  g_test_message ("the same answer again: %.3f s CPU", again_s);
  g_assert_cmpfloat (again_s, <, 1.0);
  g_assert_cmpuint (n_changed, ==, 3);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Watch;

static void
done_cb (EoUploadJob *job,
         Watch       *watch)
{
  watch->done = TRUE;
}

static void
failed_cb (EoUploadJob  *job,
           const GError *error,
           Watch        *watch)
{
  watch->error = g_error_copy (error);
  watch->done = TRUE;
}

/* 100,000 devices through the simulator: upload, status reads, merge and
 * the history's saves, end to end. */
static void
test_job (void)
{
  const char *args[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *dir = make_history_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autofree char *csv = eo_test_make_csv (1, N_FLEET, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoUploadRecord) record = eo_test_make_sending_record (sim->url, csv, &normalized);
  g_autoptr(EoUploadJob) job = eo_upload_job_new (client, history, record);
  g_autoptr(EoHistory) reloaded = NULL;
  EoUploadRecord *on_disk;
  Watch watch = { 0 };
  guint n_ok, n_failed, n_pending;
  double start, cpu_s;

  /* A large answer takes longer than the tests' usual 5 s limit. */
  eo_client_set_timeouts (client, 60, 60);
  g_signal_connect (job, "finished", G_CALLBACK (done_cb), &watch);
  g_signal_connect (job, "failed", G_CALLBACK (failed_cb), &watch);
  eo_upload_job_set_intervals (job, 200, 1000);

  start = cpu_seconds ();
  eo_upload_job_submit (job, normalized, "fleet.csv");
  while (!watch.done)
    g_main_context_iteration (NULL, TRUE);
  cpu_s = cpu_seconds () - start;
  g_assert_no_error (watch.error);

  g_test_message ("%u devices through the simulator: %.3f s CPU in this process, %u status reads",
                  N_FLEET, cpu_s, eo_poller_get_n_requests (eo_upload_job_get_poller (job)));
  /* The demo account's ICCID pool is smaller than the fleet: the rest
   * fail with "pool exhausted", which is final too. */
  eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
  g_test_message ("%u succeeded, %u failed", n_ok, n_failed);
  g_assert_cmpuint (n_ok, >, 0);
  g_assert_cmpuint (n_ok + n_failed, ==, N_FLEET);
  g_assert_cmpuint (n_pending, ==, 0);
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);

  /* "finished" comes once the record is on disk. */
  reloaded = eo_test_load_history (dir);
  on_disk = eo_history_lookup_local_id (reloaded, eo_upload_record_get_local_id (record));
  g_assert_nonnull (on_disk);
  g_assert_cmpint (eo_upload_record_get_state (on_disk), ==, EO_UPLOAD_STATE_FINISHED);
  {
    guint disk_ok, disk_failed, disk_pending;

    eo_upload_record_get_counts (on_disk, &disk_ok, &disk_failed, &disk_pending);
    g_assert_cmpuint (disk_ok, ==, n_ok);
    g_assert_cmpuint (disk_failed, ==, n_failed);
    g_assert_cmpuint (disk_pending, ==, 0);
  }

  g_assert_cmpfloat (cpu_s, <, 20.0);

  g_clear_error (&watch.error);
  eo_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/fleet/merge-100k", test_merge);
  g_test_add_func ("/fleet/job-100k", test_job);

  return g_test_run ();
}
