/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-poller"

#include "config.h"

#include <string.h>

#include "eo-client.h"
#include "eo-error.h"
#include "eo-poller.h"
#include "eo-test-cso.h"

typedef struct
{
  GArray   *pending_at_update;  /* guint n-pending after each "updated" */
  guint     n_updated;
  gboolean  finished;
  gboolean  failed;
  GError   *error;
  char     *first_status_text;  /* of the first device, first update */
} Watch;

static void
updated_cb (EoPoller *poller,
            Watch    *watch)
{
  guint pending = eo_poller_get_n_pending (poller);

  g_assert_false (watch->finished);
  watch->n_updated++;
  g_array_append_val (watch->pending_at_update, pending);
  if (watch->n_updated == 1)
    {
      GListModel *devices = eo_poller_get_devices (poller);
      g_autoptr(EoDevice) device = g_list_model_get_n_items (devices) > 0
                                   ? g_list_model_get_item (devices, 0) : NULL;

      if (device != NULL)
        watch->first_status_text = g_strdup (eo_device_get_status_text (device));
    }
}

static void
finished_cb (EoPoller *poller,
             Watch    *watch)
{
  g_assert_false (watch->finished);
  g_assert_false (eo_poller_get_running (poller));
  watch->finished = TRUE;
}

static void
failed_cb (EoPoller     *poller,
           const GError *error,
           Watch        *watch)
{
  g_assert_false (eo_poller_get_running (poller));
  watch->failed = TRUE;
  g_clear_error (&watch->error);
  watch->error = g_error_copy (error);
}

static void
watch_init (Watch    *watch,
            EoPoller *poller)
{
  memset (watch, 0, sizeof *watch);
  watch->pending_at_update = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (poller, "updated", G_CALLBACK (updated_cb), watch);
  g_signal_connect (poller, "finished", G_CALLBACK (finished_cb), watch);
  g_signal_connect (poller, "failed", G_CALLBACK (failed_cb), watch);
}

static void
watch_clear (Watch *watch)
{
  g_array_unref (watch->pending_at_update);
  g_clear_error (&watch->error);
  g_free (watch->first_status_text);
}

/* Every answer but the last had pending rows; the last had none. */
static void
assert_stopped_exactly_when_final (Watch *watch)
{
  g_assert_cmpuint (watch->pending_at_update->len, >, 0);
  for (guint i = 0; i + 1 < watch->pending_at_update->len; i++)
    g_assert_cmpuint (g_array_index (watch->pending_at_update, guint, i), >, 0);
  g_assert_cmpuint (g_array_index (watch->pending_at_update, guint,
                                   watch->pending_at_update->len - 1), ==, 0);
}

static GListStore *
devices_from_csv_rows (guint    first,
                       guint    n,
                       gboolean with_iccid)
{
  GListStore *store = g_list_store_new (EO_TYPE_DEVICE);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = eo_test_make_eid (first + i);
      g_autofree char *name = g_strdup_printf ("phone-%u", first + i);
      g_autofree char *iccid = with_iccid ? eo_test_make_demo_iccid (1000 + first + i) : NULL;
      g_autoptr(EoDevice) device = eo_device_new (eid, name, iccid);

      g_list_store_append (store, device);
    }
  return store;
}

static char *
upload (EoClient   *client,
        const char *csv)
{
  g_autoptr(GError) error = NULL;
  char *request_id = NULL;

  g_assert_true (eo_test_upload_sync (client, csv, &request_id, NULL, &error));
  g_assert_no_error (error);
  return request_id;
}

static void
test_success_without_iccid (void)
{
  const guint n_rows = 20;
  const char * const args[] = { "--row-delay-ms", "50", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *csv = eo_test_make_csv (1, n_rows, FALSE);
  g_autoptr(GListStore) devices = devices_from_csv_rows (1, n_rows, FALSE);
  g_autofree char *request_id = upload (client, csv);
  g_autoptr(EoPoller) poller = eo_poller_new (client, request_id);
  Watch watch;
  gint64 before = g_get_monotonic_time ();

  watch_init (&watch, poller);
  eo_poller_set_devices (poller, G_LIST_MODEL (devices));
  eo_poller_set_intervals (poller, 200, 400);
  eo_poller_start (poller);
  g_assert_true (eo_poller_get_running (poller));
  g_assert_cmpuint (eo_poller_get_n_total (poller), ==, n_rows);
  g_assert_cmpuint (eo_poller_get_n_pending (poller), ==, n_rows);

  eo_test_run_until (&watch.finished, 15000);
  g_test_message ("%u rows final after %u status requests, %" G_GINT64_FORMAT " ms",
                  n_rows, eo_poller_get_n_requests (poller),
                  (g_get_monotonic_time () - before) / 1000);

  g_assert_false (watch.failed);
  g_assert_cmpuint (eo_poller_get_n_success (poller), ==, n_rows);
  g_assert_cmpuint (eo_poller_get_n_failed (poller), ==, 0);
  g_assert_cmpuint (eo_poller_get_n_pending (poller), ==, 0);
  assert_stopped_exactly_when_final (&watch);
  /* Processing takes 1 s; reads at 0.2, 0.5, 0.95, 1.35 … s: 4 or 5. */
  g_assert_cmpuint (eo_poller_get_n_requests (poller), ==, watch.n_updated);
  g_assert_cmpuint (eo_poller_get_n_requests (poller), <=, 8);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, eo_poller_get_n_requests (poller));

  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (G_LIST_MODEL (devices), i);

      g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_cmpstr (eo_device_get_status_text (device), ==, "SUCCESS");
      g_assert_nonnull (eo_device_get_assigned_iccid (device));
      g_assert_true (g_str_has_prefix (eo_device_get_assigned_iccid (device), "8901990"));
    }

  /* No read after the end. */
  eo_test_run_for (500);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, eo_poller_get_n_requests (poller));

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

static void
test_success_with_iccid (void)
{
  const char * const args[] = { "--row-delay-ms", "30", "--pending-style", "absent", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GListStore) devices = devices_from_csv_rows (1, 6, TRUE);
  g_autoptr(EoPoller) poller = NULL;
  g_autoptr(EoDevice) outside = NULL;
  g_autoptr(EoDevice) not_uploaded = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *outside_eid = eo_test_make_eid (7);
  g_autofree char *outside_iccid = eo_test_make_demo_iccid (99999);
  GString *csv = g_string_new (NULL);
  Watch watch;

  /* Rows 1-6 with ICCIDs of the pool, row 7 with an ICCID outside it. */
  {
    g_autofree char *rows = eo_test_make_csv (1, 6, TRUE);
    g_string_append (csv, rows);
    g_string_append_printf (csv, "%s,phone-7,%s\n", outside_eid, outside_iccid);
  }
  outside = eo_device_new (outside_eid, "phone-7", outside_iccid);
  g_list_store_append (devices, outside);
  /* A row the device list refused: not uploaded, so not followed. */
  not_uploaded = eo_device_new ("123", "broken", NULL);
  eo_device_set_check (not_uploaded, 9, EO_SEVERITY_ERROR, "EID too short");
  g_list_store_append (devices, not_uploaded);

  request_id = upload (client, csv->str);
  g_string_free (csv, TRUE);

  poller = eo_poller_new (client, request_id);
  watch_init (&watch, poller);
  eo_poller_set_devices (poller, G_LIST_MODEL (devices));
  eo_poller_set_intervals (poller, 50, 150);
  eo_poller_start (poller);
  g_assert_cmpuint (eo_poller_get_n_total (poller), ==, 7);

  eo_test_run_until (&watch.finished, 10000);
  g_test_message ("7 rows final after %u status requests", eo_poller_get_n_requests (poller));

  g_assert_cmpuint (eo_poller_get_n_success (poller), ==, 6);
  g_assert_cmpuint (eo_poller_get_n_failed (poller), ==, 1);
  g_assert_cmpuint (eo_poller_get_n_pending (poller), ==, 0);
  assert_stopped_exactly_when_final (&watch);
  /* The first answer came while rows were still absent: they stayed pending. */
  g_assert_cmpuint (g_array_index (watch.pending_at_update, guint, 0), >, 0);
  g_assert_cmpuint (eo_poller_get_n_requests (poller), ==, watch.n_updated);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, eo_poller_get_n_requests (poller));

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (G_LIST_MODEL (devices), i);

      g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_cmpstr (eo_device_get_assigned_iccid (device), ==, eo_device_get_iccid (device));
      g_assert_null (eo_device_get_reason (device));
    }
  g_assert_cmpint (eo_device_get_status (outside), ==, EO_DEVICE_STATUS_FAILED);
  g_assert_cmpstr (eo_device_get_status_text (outside), ==, "FAILED");
  g_assert_nonnull (eo_device_get_reason (outside));
  g_assert_nonnull (strstr (eo_device_get_reason (outside), "pool"));
  g_assert_cmpint (eo_device_get_status (not_uploaded), ==, EO_DEVICE_STATUS_NONE);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

static void
test_without_devices (void)
{
  const char * const args[] = { "--row-delay-ms", "100", "--pending-style", "in-progress", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *csv = eo_test_make_csv (1, 4, FALSE);
  g_autofree char *request_id = upload (client, csv);
  g_autoptr(EoPoller) poller = eo_poller_new (client, request_id);
  GListModel *devices;
  Watch watch;

  watch_init (&watch, poller);
  eo_poller_set_intervals (poller, 20, 100);
  eo_poller_start (poller);
  eo_test_run_until (&watch.finished, 10000);

  /* The first answer showed the unknown status verbatim, as pending. */
  g_assert_cmpstr (watch.first_status_text, ==, "IN_PROGRESS");
  assert_stopped_exactly_when_final (&watch);

  devices = eo_poller_get_devices (poller);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 4);
  g_assert_cmpuint (eo_poller_get_n_total (poller), ==, 4);
  g_assert_cmpuint (eo_poller_get_n_success (poller), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *eid = eo_test_make_eid (1 + i);
      g_autofree char *name = g_strdup_printf ("phone-%u", 1 + i);

      g_assert_cmpstr (eo_device_get_eid (device), ==, eid);
      g_assert_cmpstr (eo_device_get_name (device), ==, name);
      g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_SUCCESS);
    }

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

static void
test_failed_signal (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *csv = eo_test_make_csv (1, 2, FALSE);
  g_autofree char *request_id = upload (client, csv);
  g_autoptr(EoClient) wrong = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, "not-the-key");
  g_autoptr(EoPoller) poller = eo_poller_new (wrong, request_id);
  g_autoptr(GListStore) devices = devices_from_csv_rows (1, 2, FALSE);
  Watch watch;

  watch_init (&watch, poller);
  eo_poller_set_devices (poller, G_LIST_MODEL (devices));
  eo_poller_set_intervals (poller, 10, 50);
  eo_poller_start (poller);
  eo_test_run_until (&watch.failed, 5000);

  g_assert_error (watch.error, EO_ERROR, EO_ERROR_KEY_REFUSED);
  g_assert_false (watch.finished);
  g_assert_cmpuint (watch.n_updated, ==, 0);
  g_assert_cmpuint (eo_poller_get_n_requests (poller), ==, 1);
  g_assert_cmpuint (eo_poller_get_n_pending (poller), ==, 2);

  /* Stopped: no further reads. */
  eo_test_run_for (200);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 1);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

static void
test_transient_errors_retried (void)
{
  const char * const args[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *csv = eo_test_make_csv (1, 3, FALSE);
  g_autofree char *request_id = upload (client, csv);
  g_autoptr(EoPoller) poller = eo_poller_new (client, request_id);
  Watch watch;

  eo_test_sim_add_fault (sim, "status", "server-error", 1);
  eo_test_sim_add_fault (sim, "status", "drop", 1);
  eo_client_set_retry_policy (client, 3, 20, 50);

  watch_init (&watch, poller);
  eo_poller_set_intervals (poller, 10, 50);
  eo_poller_start (poller);
  eo_test_run_until (&watch.finished, 5000);

  g_assert_false (watch.failed);
  /* Without a device list, done when two answers in a row list as many
   * devices (a server may leave out rows it has not processed). */
  g_assert_cmpuint (watch.n_updated, ==, 2);
  g_assert_cmpuint (eo_poller_get_n_requests (poller), ==, 4);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 4);
  g_assert_cmpuint (eo_poller_get_n_success (poller), ==, 3);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

static void
cancel_after_five_cb (EoPoller *poller,
                      gboolean *done)
{
  if (eo_poller_get_n_requests (poller) == 5)
    {
      /* Cancelling from a handler stops the poller there. */
      eo_poller_cancel (poller);
      *done = TRUE;
    }
}

static void
test_intervals (void)
{
  /* Rows that take far longer than the test: the poller never ends. */
  const char * const args[] = { "--row-delay-ms", "100000", NULL };
  static const guint expected[] = { 150, 225, 300, 300 };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *csv = eo_test_make_csv (1, 2, FALSE);
  g_autofree char *request_id = upload (client, csv);
  g_autoptr(EoPoller) poller = eo_poller_new (client, request_id);
  g_autoptr(GArray) times = NULL;
  gboolean done = FALSE;
  gint64 started;
  Watch watch;

  watch_init (&watch, poller);
  g_signal_connect (poller, "updated", G_CALLBACK (cancel_after_five_cb), &done);
  eo_poller_set_intervals (poller, 100, 300);
  started = g_get_real_time ();
  eo_poller_start (poller);
  eo_test_run_until (&done, 5000);
  g_assert_false (eo_poller_get_running (poller));
  eo_test_run_for (500);

  /* 100, +150, +225, +300, +300 ms, then nothing after the cancel. Each
   * read is due that long after the previous one was sent (not after its
   * answer was merged). The simulator sees a read when it arrives, never
   * before it was sent: so read i arrives no sooner than the sum of the
   * intervals before it after the start, exactly. Two arrivals' gap may
   * be shorter than its interval by the previous read's trip (up to tens
   * of ms on a loaded machine): that bound is looser. */
  times = eo_test_sim_request_times (sim, "eid-status");
  g_assert_cmpuint (times->len, ==, 5);
  g_assert_cmpint (g_array_index (times, gint64, 0) - started, >=, 100000);
  for (guint i = 1, due = 100; i < times->len; i++)
    {
      gint64 gap = g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 1);

      due += expected[i - 1];
      g_test_message ("gap %u: %" G_GINT64_FORMAT " ms", i, gap / 1000);
      g_assert_cmpint (g_array_index (times, gint64, i) - started, >=, (gint64) due * 1000);
      g_assert_cmpint (gap, >=, (gint64)expected[i - 1] * 1000 - 50000);
      g_assert_cmpint (gap, <, (gint64)expected[i - 1] * 1000 + 500000);
    }
  g_assert_false (watch.finished);
  g_assert_cmpuint (watch.n_updated, ==, 5);
  g_assert_cmpuint (eo_poller_get_n_requests (poller), ==, 5);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

/* A large upload is read about when it ends, not a backoff step later,
 * and without more reads than the backoff alone would make. */
static void
test_reads_when_predicted_done (void)
{
  const guint n_rows = 100;
  const char * const args[] = { "--row-delay-ms", "25", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autofree char *csv = eo_test_make_csv (1, n_rows, FALSE);
  g_autoptr(GListStore) devices = devices_from_csv_rows (1, n_rows, FALSE);
  g_autofree char *request_id = upload (client, csv);
  g_autoptr(EoPoller) poller = eo_poller_new (client, request_id);
  gint64 started = g_get_monotonic_time ();
  gint64 elapsed_ms, processing_ms;
  Watch watch;

  watch_init (&watch, poller);
  eo_poller_set_devices (poller, G_LIST_MODEL (devices));
  /* Backoff alone reads at 0.4, 1.0, 1.9, 3.25, 5.3 s: 2.5 s of work
   * would be seen done at 3.25 s, 0.75 s late. */
  eo_poller_set_intervals (poller, 400, 10000);
  eo_poller_start (poller);
  eo_test_run_until (&watch.finished, 15000);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;
  processing_ms = eo_test_sim_stat (sim, "processing_ms");

  g_test_message ("%u rows: processing %" G_GINT64_FORMAT " ms, seen done after %"
                  G_GINT64_FORMAT " ms, %u status requests",
                  n_rows, processing_ms, elapsed_ms, eo_poller_get_n_requests (poller));
  g_assert_cmpuint (eo_poller_get_n_success (poller), ==, n_rows);
  assert_stopped_exactly_when_final (&watch);
  g_assert_cmpuint (eo_poller_get_n_requests (poller), <=, 4);
  g_assert_cmpint (elapsed_ms, <, processing_ms + 500);

  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

static void
test_dispose_mid_request (void)
{
  const char * const args[] = { "--fault", "status=hang", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  EoPoller *poller = eo_poller_new (client, "some-request");
  GWeakRef weak;
  Watch watch;

  g_weak_ref_init (&weak, poller);
  watch_init (&watch, poller);
  eo_poller_set_intervals (poller, 0, 100);
  eo_poller_start (poller);
  eo_test_run_for (300);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 1);

  /* Dropped while its read hangs: gone at once, no callback into it. */
  g_object_unref (poller);
  g_assert_null (g_weak_ref_get (&weak));
  eo_test_run_for (300);
  g_assert_cmpuint (watch.n_updated, ==, 0);
  g_assert_false (watch.failed);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 1);

  g_weak_ref_clear (&weak);
  watch_clear (&watch);
  eo_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/poller/success/without-iccid", test_success_without_iccid);
  g_test_add_func ("/poller/success/with-iccid", test_success_with_iccid);
  g_test_add_func ("/poller/without-devices", test_without_devices);
  g_test_add_func ("/poller/failed-signal", test_failed_signal);
  g_test_add_func ("/poller/transient-errors-retried", test_transient_errors_retried);
  g_test_add_func ("/poller/intervals", test_intervals);
  g_test_add_func ("/poller/reads-when-predicted-done", test_reads_when_predicted_done);
  g_test_add_func ("/poller/dispose-mid-request", test_dispose_mid_request);

  return g_test_run ();
}
