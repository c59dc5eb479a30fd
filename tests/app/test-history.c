/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-history"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "eo-application.h"
#include "eo-client.h"
#include "eo-device-dialog.h"
#include "eo-export.h"
#include "eo-handoff-dialog.h"
#include "eo-history-view.h"
#include "eo-job-manager.h"
#include "eo-qr-image.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"

#define find_label(widget, text) eo_test_find_label ((widget), (text), EO_TEST_MATCH_CONTAINS)
#include "eo-test-sim.h"

/* The History page and what hangs off it, driven through the real window:
 * uploads listed from the history on disk, one opened into the device
 * table, a device's details with its QR code, the MDM hand-off, exports,
 * retry of the failed devices, removal, and an upload left ACCEPTED by an
 * earlier run followed to the end against the simulator. */

#define SMDP_URL  "https://sm-v4-072-d-gtm.pr.go-esim.com"
#define SMDP_HOST "sm-v4-072-d-gtm.pr.go-esim.com"

static EoApplication *app;

/* Helpers */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 20)

static void
wait_for_stack (GtkStack *stack)
{
  while (gtk_stack_get_transition_running (stack))
    eo_test_wait_for_frames (GTK_WIDGET (stack), 1);
}

/* A fresh application for each test: the history's folder is fixed when
 * the first window starts the job manager, and each test has its own. */
static void
new_app (const char *demo_server)
{
  app = eo_test_application_new_unique ();
  eo_application_set_demo_server (app, demo_server);
}

static void
free_app (void)
{
  eo_test_application_free (g_steal_pointer (&app));
}

static EoWindow *
new_window (void)
{
  return eo_test_open_history_window (app, 1000, 640, 0, 0);
}

static void
close_window (GtkWindow *window)
{
  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Writes a finished upload: three devices assigned, one failed. */
static EoUploadRecord *
write_finished_record (EoHistory *history)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.celona.io", "acme",
                                                           "phones.csv", FALSE);
  g_autofree char *request_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  GListModel *devices;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *eid = eo_test_make_eid (100 + i);
      g_autofree char *name = g_strdup_printf ("iPhone %u", i + 1);
      g_autoptr(EoDevice) device = eo_device_new (eid, name, NULL);

      eo_upload_record_add_device (record, device);
    }
  eo_upload_record_set_accepted (record, request_id, SMDP_URL);

  devices = eo_upload_record_get_devices (record);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *iccid = g_strdup_printf ("890199000000000%04u", 11 + i);

      if (i == 2)
        eo_device_set_remote (device, EO_DEVICE_STATUS_FAILED, "FAILED",
                              "EID not eligible for this profile", NULL);
      else
        eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, iccid);
    }
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);

  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&record);
}

/* An upload whose answer never came. */
static void
write_unknown_record (EoHistory *history)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.celona.io", "acme",
                                                           "lost.csv", FALSE);
  g_autofree char *eid = eo_test_make_eid (900);
  g_autoptr(EoDevice) device = eo_device_new (eid, "Lost phone", NULL);
  g_autoptr(GError) error = NULL;

  eo_upload_record_add_device (record, device);
  eo_upload_record_set_outcome_unknown (record, "The connection was closed");
  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

static GtkListBoxRow *
history_row (EoWindow *window,
             guint     index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (eo_history_view_get_list_box (window->history_view),
                                                      (int)index);

  g_assert_nonnull (row);
  return row;
}

static EoDevice *
record_device (EoUploadRecord *record,
               guint           position)
{
  g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), position);

  g_assert_nonnull (device);
  return device; /* the record keeps it */
}

/* Tests */

static void
test_history_page (void)
{
  guint n_warnings_before;
  g_autoptr(EoHistory) writer = eo_history_new (NULL);
  g_autoptr(EoUploadRecord) written = NULL;
  g_autofree char *dir = eo_history_dup_default_dir ();
  g_autofree char *bad1 = g_build_filename (dir, "11111111-1111-4111-8111-111111111111.json", NULL);
  g_autofree char *bad2 = g_build_filename (dir, "22222222-2222-4222-8222-222222222222.json", NULL);
  g_autofree char *csv_path = g_build_filename (g_get_user_cache_dir (), "results.csv", NULL);
  g_autofree char *json_path = g_build_filename (g_get_user_cache_dir (), "results.json", NULL);
  g_autofree char *png_path = g_build_filename (g_get_user_cache_dir (), "qr.png", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *retry = NULL;
  g_autofree char *failed_eid = eo_test_make_eid (102);
  g_autofree char *expected_retry = NULL;
  g_autoptr(GFile) retry_file = NULL;
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv_path);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GFile) png_file = g_file_new_for_path (png_path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  EoJobManager *manager;
  EoUploadRecord *record;
  EoWindow *window;
  GtkWindow *dialog;
  EoQrImage *qr;
  GListModel *shown;
  GList *toplevels;
  guint n_before;

  /* On disk: an upload with an unknown outcome, a finished one (newest),
   * and two files that are not records. */
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));
  write_unknown_record (writer);
  g_usleep (2000);
  written = write_finished_record (writer);
  g_assert_true (g_file_set_contents (bad1, "{\"format\":\"esim-onboard-upload\",", -1, NULL));
  g_assert_true (g_file_set_contents (bad2, "not json at all", -1, NULL));
  n_warnings_before = eo_test_get_n_warnings ();

  new_app (NULL);
  window = new_window ();
  /* The store names each file it skips. */
  /* The history's warnings about the files it skips are expected (GTest
   * makes warnings fatal): counted, not printed. */
  g_assert_cmpuint (eo_test_get_n_warnings () - n_warnings_before, ==, 2);
  g_assert_nonnull (strstr (eo_test_get_last_warning (), "Skipped the upload record"));
  manager = eo_application_get_job_manager (app);
  g_assert_cmpuint (eo_job_manager_get_n_skipped (manager), ==, 2);
  /* Reported once, by the first window. */
  g_assert_cmpuint (eo_job_manager_take_skipped_report (manager), ==, 0);

  /* Ctrl+H's action shows the list, newest first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  wait_for_stack (window->stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "history");
  g_assert_true (gtk_toggle_button_get_active (window->history_button));
  g_assert_cmpstr (eo_history_view_get_page (window->history_view), ==, "records");
  g_assert_nonnull (find_label (GTK_WIDGET (history_row (window, 0)), "4 devices · 3 succeeded · 1 failed"));
  g_assert_nonnull (find_label (GTK_WIDGET (history_row (window, 0)), "phones.csv"));
  g_assert_nonnull (find_label (GTK_WIDGET (history_row (window, 0)), "customer acme"));
  g_assert_nonnull (find_label (GTK_WIDGET (history_row (window, 0)), "Finished"));
  g_assert_nonnull (find_label (GTK_WIDGET (history_row (window, 1)), "Sent, outcome unknown"));
  g_assert_nonnull (find_label (GTK_WIDGET (history_row (window, 1)), "never sends it again"));
  g_assert_null (find_label (GTK_WIDGET (history_row (window, 1)), "succeeded"));
  eo_test_save_screenshot (GTK_WIDGET (window), "history.png");

  /* Activating the row opens it into the device table. */
  gtk_widget_activate (GTK_WIDGET (history_row (window, 0)));
  wait_for_stack (window->stack);
  record = eo_history_view_get_record (window->history_view);
  g_assert_nonnull (record);
  g_assert_cmpstr (eo_upload_record_get_local_id (record), ==, eo_upload_record_get_local_id (written));
  g_assert_cmpstr (eo_history_view_get_page (window->history_view), ==, "record");
  shown = eo_device_view_get_shown_model (eo_history_view_get_device_view (window->history_view));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);
  g_assert_true (eo_device_view_get_show_upload_status (eo_history_view_get_device_view (window->history_view)));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (window->history_view), "EID not eligible for this profile", EO_TEST_MATCH_CONTAINS));
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (window->history_view), "Assigned", EO_TEST_MATCH_EXACT));
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Finished · 4 devices · 3 succeeded · 1 failed"));
  eo_test_save_screenshot (GTK_WIDGET (window), "history-record.png");

  /* A row of the table opens the device's details: an assigned device has
   * its activation code as a QR code. */
  n_before = g_list_length (gtk_window_list_toplevels ());
  g_signal_emit_by_name (eo_device_view_get_column_view (eo_history_view_get_device_view (window->history_view)),
                         "activate", 0u);
  toplevels = gtk_window_list_toplevels ();
  g_assert_cmpuint (g_list_length (toplevels), ==, n_before + 1);
  dialog = NULL;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (EO_IS_DEVICE_DIALOG (l->data))
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  close_window (dialog);

  dialog = _eo_window_show_device_details (window, record, record_device (record, 0));
  qr = eo_device_dialog_get_qr_image (EO_DEVICE_DIALOG (dialog));
  g_assert_nonnull (qr);
  g_assert_cmpstr (eo_qr_image_get_text (qr), ==, "LPA:1$" SMDP_HOST "$");
  g_assert_cmpstr (eo_device_dialog_get_activation_code (EO_DEVICE_DIALOG (dialog)), ==, "LPA:1$" SMDP_HOST "$");
  gtk_window_set_default_size (dialog, 520, 900);
  eo_test_wait_for_frames (GTK_WIDGET (dialog), 2);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (qr)));
  /* Whole pixels per module, at least 4 at the size shown. */
  g_assert_cmpuint (eo_qr_image_module_size_for (qr, MIN (gtk_widget_get_width (GTK_WIDGET (qr)),
                                                           gtk_widget_get_height (GTK_WIDGET (qr)))), >=, 4);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), eo_device_get_eid (record_device (record, 0))));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "8901990000000000011"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "Status History"));
  g_assert_true (eo_device_dialog_save_qr (EO_DEVICE_DIALOG (dialog), EO_QR_FORMAT_PNG, png_file, &error));
  g_assert_no_error (error);
  {
    g_autofree char *png = read_file (png_path);
    g_assert_true (memcmp (png, "\x89PNG", 4) == 0);
  }
  eo_test_save_screenshot (GTK_WIDGET (dialog), "details-qr.png");
  close_window (dialog);

  /* A failed device: the reason, no QR code. */
  dialog = _eo_window_show_device_details (window, record, record_device (record, 2));
  g_assert_null (eo_device_dialog_get_qr_image (EO_DEVICE_DIALOG (dialog)));
  eo_test_wait_for_frames (GTK_WIDGET (dialog), 1);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "EID not eligible for this profile"));
  g_assert_null (eo_test_find_widget_of_type (GTK_WIDGET (dialog), EO_TYPE_QR_IMAGE) != NULL &&
                 gtk_widget_get_mapped (eo_test_find_widget_of_type (GTK_WIDGET (dialog), EO_TYPE_QR_IMAGE))
                 ? dialog : NULL);
  close_window (dialog);

  /* MDM hand-off. */
  dialog = _eo_window_show_handoff (window, record);
  gtk_window_set_default_size (dialog, 640, 1100);
  eo_test_wait_for_frames (GTK_WIDGET (dialog), 2);
  g_assert_cmpstr (eo_handoff_dialog_get_server_url (EO_HANDOFF_DIALOG (dialog)), ==, SMDP_URL);
  g_assert_cmpstr (eo_handoff_dialog_get_host (EO_HANDOFF_DIALOG (dialog)), ==, SMDP_HOST);
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "RefreshCellularPlans"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "eSIMServerURL"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "REFRESH_CELLULAR_PLANS"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "e_sim_server_url"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "Update cellular data plan"));
  g_assert_nonnull (find_label (GTK_WIDGET (dialog), "LPA:1$" SMDP_HOST "$"));
  eo_test_save_screenshot (GTK_WIDGET (dialog), "handoff.png");
  close_window (dialog);

  /* Exports. */
  g_assert_true (_eo_window_export_results (window, record, EO_EXPORT_FORMAT_CSV, csv_file, &error));
  g_assert_no_error (error);
  csv = read_file (csv_path);
  g_assert_true (g_str_has_prefix (csv, "EID,Name,ICCID,Status,Reason,SM-DP URL,Request ID\r\n"));
  g_assert_nonnull (strstr (csv, "EID not eligible for this profile"));
  g_assert_nonnull (strstr (csv, SMDP_URL));
  {
    g_auto(GStrv) csv_lines = g_strsplit (csv, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (csv_lines), ==, 6);
  }
  g_assert_true (_eo_window_export_results (window, record, EO_EXPORT_FORMAT_JSON, json_file, &error));
  g_assert_no_error (error);
  json = read_file (json_path);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  g_assert_nonnull (strstr (json, "EID not eligible for this profile"));
  /* A folder that does not exist is an error, not a crash. */
  {
    g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-dir/results.csv");

    g_assert_false (_eo_window_export_results (window, record, EO_EXPORT_FORMAT_CSV, nowhere, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  /* Retry: a new device list of the failed device only, shown in the
   * window like any opened file. */
  retry_file = _eo_window_retry_failed (window, record, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (retry_file);
  retry = read_file (g_file_peek_path (retry_file));
  expected_retry = g_strdup_printf ("EID,Name\n%s,iPhone 3\n", failed_eid);
  g_assert_cmpstr (retry, ==, expected_retry);
  WAIT_FOR (!eo_window_is_loading (window), "the retry list");
  wait_for_stack (window->stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  g_assert_false (gtk_toggle_button_get_active (window->history_button));
  g_assert_cmpuint (eo_device_list_get_n_rows (window->list), ==, 1);
  g_assert_true (g_file_equal (eo_window_get_file (window), retry_file));

  /* Back to the history, where the record is still open; remove it. */
  _eo_window_show_history (window, TRUE);
  g_assert_true (eo_history_view_get_record (window->history_view) == record);
  g_assert_true (_eo_window_remove_upload (window, record, &error));
  g_assert_no_error (error);
  g_assert_null (eo_history_view_get_record (window->history_view));
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (eo_application_get_history (app))), ==, 1);
  {
    g_autofree char *name = g_strdup_printf ("%s.json", eo_upload_record_get_local_id (written));
    g_autofree char *path = g_build_filename (dir, name, NULL);

    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  free_app ();
}

static void
test_empty_history (void)
{
  EoWindow *window;

  new_app (NULL);
  window = new_window ();
  _eo_window_show_history (window, TRUE);
  g_assert_cmpstr (eo_history_view_get_page (window->history_view), ==, "empty");
  g_assert_nonnull (find_label (GTK_WIDGET (window), "No Uploads Yet"));
  /* Nothing is open: the upload's actions are off. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-failed", NULL) &&
                  eo_history_view_get_record (window->history_view) != NULL);
  _eo_window_show_history (window, FALSE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  free_app ();
}

/* The simulator */

static void
assign_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_client_assign_eid_finish (EO_CLIENT (object), result, &out[0], &out[1], &error));
  g_assert_no_error (error);
}

static void
test_resume (void)
{
  const char *sim_args[] = { "--port", "0", "--demo", "--row-delay-ms", "10", "--quiet", NULL };
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GString) csv = g_string_new ("EID,Name\n");
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoClient) client = NULL;
  g_autoptr(EoHistory) writer = eo_history_new (NULL);
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoHistory) reread = NULL;
  char *answer[2] = { NULL, NULL };
  EoUploadRecord *resumed;
  EoJobManager *manager;
  EoWindow *window;
  GListModel *devices;

  sim = eo_test_sim_spawn (sim_args, 0, NULL, &url);

  /* An earlier run: sent, accepted, then the app was closed. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *eid = eo_test_make_eid (700 + i);
      g_string_append_printf (csv, "%s,Pixel %u\n", eid, i + 1);
    }
  list = eo_device_list_new_from_data (csv->str, csv->len, &error);
  g_assert_no_error (error);
  normalized = eo_device_list_to_normalized_csv (list);
  client = eo_client_new (url, &error);
  g_assert_no_error (error);
  eo_client_set_credentials (client, EO_DEMO_CUSTOMER, EO_DEMO_KEY);
  eo_client_assign_eid_async (client, normalized, "pixels.csv", NULL, assign_cb, answer);
  WAIT_FOR (answer[0] != NULL, "the upload");

  record = eo_upload_record_new (url, EO_DEMO_CUSTOMER, "pixels.csv", FALSE);
  g_assert_cmpuint (eo_upload_record_add_devices_from_list (record, list), ==, 5);
  g_assert_true (eo_history_save (writer, record, &error));
  eo_upload_record_set_accepted (record, answer[0], answer[1]);
  g_assert_true (eo_history_save (writer, record, &error));
  g_assert_no_error (error);

  /* This run: the first window loads the history and follows it. */
  new_app (url);
  manager = eo_application_get_job_manager (app);
  eo_job_manager_set_intervals (manager, 50, 100);
  window = new_window ();
  resumed = eo_history_lookup_request_id (eo_application_get_history (app), answer[0]);
  g_assert_nonnull (resumed);
  WAIT_FOR (eo_job_manager_lookup_job (manager, resumed) != NULL, "the resume");

  /* Shown while it runs. */
  _eo_window_show_history (window, TRUE);
  eo_history_view_open_record (window->history_view, resumed);

  WAIT_FOR (eo_upload_record_get_state (resumed) == EO_UPLOAD_STATE_FINISHED, "the end of the upload");
  devices = eo_upload_record_get_devices (resumed);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_nonnull (eo_device_get_assigned_iccid (device));
    }
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Finished · 5 devices · 5 succeeded"));

  /* Saved so. */
  g_assert_true (eo_history_flush (eo_application_get_history (app), &error));
  reread = eo_history_new (NULL);
  g_assert_true (eo_history_load (reread, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (eo_upload_record_get_state (eo_history_lookup_request_id (reread, answer[0])), ==,
                   EO_UPLOAD_STATE_FINISHED);

  free_app ();
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_free (answer[0]);
  g_free (answer[1]);
}

static void
held_cb (EoJobManager   *manager,
         EoUploadRecord *record,
         gpointer        user_data)
{
  *(EoUploadRecord **) user_data = record;
}

/* Issue 10: a crash never repeats itself. An upload whose follow-up was
 * cut short by the death of the process following it (its mark is left
 * in the history folder) is not resumed at start: the record says so,
 * and the admin continues it. */
static void
test_held_after_crash (void)
{
  const char *sim_args[] = { "--port", "0", "--demo", "--row-delay-ms", "0", "--quiet", NULL };
  const char *true_argv[] = { "true", NULL };
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GSubprocess) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *mark_dir = NULL;
  g_autofree char *mark = NULL;
  g_autofree char *pid = NULL;
  g_autoptr(GString) csv = g_string_new ("EID,Name\n");
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoClient) client = NULL;
  g_autoptr(EoHistory) writer = eo_history_new (NULL);
  g_autoptr(EoUploadRecord) record = NULL;
  char *answer[2] = { NULL, NULL };
  EoUploadRecord *held = NULL;
  EoUploadRecord *resumed;
  EoJobManager *manager;
  EoWindow *window;

  sim = eo_test_sim_spawn (sim_args, 0, NULL, &url);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *eid = eo_test_make_eid (800 + i);
      g_string_append_printf (csv, "%s,Tablet %u\n", eid, i + 1);
    }
  list = eo_device_list_new_from_data (csv->str, csv->len, &error);
  g_assert_no_error (error);
  normalized = eo_device_list_to_normalized_csv (list);
  client = eo_client_new (url, &error);
  g_assert_no_error (error);
  eo_client_set_credentials (client, EO_DEMO_CUSTOMER, EO_DEMO_KEY);
  eo_client_assign_eid_async (client, normalized, "tablets.csv", NULL, assign_cb, answer);
  WAIT_FOR (answer[0] != NULL, "the upload");
  record = eo_upload_record_new (url, EO_DEMO_CUSTOMER, "tablets.csv", FALSE);
  eo_upload_record_add_devices_from_list (record, list);
  eo_upload_record_set_accepted (record, answer[0], answer[1]);
  g_assert_true (eo_history_save (writer, record, &error));
  g_assert_no_error (error);

  /* An earlier run died while following it: its mark stays, with the
   * PID of a process that is gone. */
  gone = g_subprocess_newv (true_argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  pid = g_strdup_printf ("%s\n", g_subprocess_get_identifier (gone));
  g_assert_true (g_subprocess_wait (gone, NULL, &error));
  mark_dir = g_build_filename (eo_history_get_dir (writer), "following", NULL);
  mark = g_build_filename (mark_dir, eo_upload_record_get_local_id (record), NULL);
  g_assert_cmpint (g_mkdir_with_parents (mark_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (mark, pid, -1, &error));

  new_app (url);
  manager = eo_application_get_job_manager (app);
  eo_job_manager_set_intervals (manager, 50, 100);
  g_signal_connect (manager, "job-held", G_CALLBACK (held_cb), &held);
  window = new_window ();
  resumed = eo_history_lookup_request_id (eo_application_get_history (app), answer[0]);
  g_assert_nonnull (resumed);
  WAIT_FOR (held == resumed, "the upload held back");

  /* Not followed, and the record says why. */
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_null (eo_job_manager_lookup_job (manager, resumed));
  g_assert_cmpint (eo_upload_record_get_state (resumed), ==, EO_UPLOAD_STATE_ACCEPTED);
  g_assert_nonnull (strstr (eo_upload_record_get_error_message (resumed), "did not finish"));
  g_assert_cmpint (eo_test_sim_stat_at (NULL, url, "status_requests"), ==, 0);

  /* The admin's say: the toast's Continue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.continue-upload", "s",
                                             eo_upload_record_get_local_id (resumed)));
  WAIT_FOR (eo_upload_record_get_state (resumed) == EO_UPLOAD_STATE_FINISHED, "the end of the upload");
  g_assert_null (eo_upload_record_get_error_message (resumed));
  /* Followed to its end: no mark left. */
  WAIT_FOR (!g_file_test (mark, G_FILE_TEST_EXISTS), "the follow-up's mark removed");

  g_signal_handlers_disconnect_by_func (manager, held_cb, &held);
  free_app ();
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_free (answer[0]);
  g_free (answer[1]);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);
  eo_test_capture_warnings ("eo-history");

  g_test_add_func ("/history/page", test_history_page);
  g_test_add_func ("/history/empty", test_empty_history);
  g_test_add_func ("/history/resume", test_resume);
  g_test_add_func ("/history/held-after-crash", test_held_after_crash);

  return g_test_run ();
}
