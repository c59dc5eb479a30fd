/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-recover"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-client.h"
#include "eo-dialogs.h"
#include "eo-error.h"
#include "eo-history-view.h"
#include "eo-job-manager.h"
#include "eo-window-private.h"
#include "eo-test-cso.h"
#include "eo-test-gui.h"
#include "eo-test-sim.h"

/* Every upload can be picked up again (issue 12), through the real window
 * against the simulator: an upload nobody follows says so and is checked
 * once, followed and stopped; a stalled follow-up is resumed; an upload
 * is given up with a reason that stays; a demo upload is left alone
 * outside demo mode; an upload whose outcome is unknown is sent again
 * only once the admin confirms. */

#define find_label(widget, text) eo_test_find_label ((widget), (text), EO_TEST_MATCH_CONTAINS)
#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 30)

static EoApplication *app;

static void
app_startup_cb (GApplication *application,
                gpointer      user_data)
{
  g_application_hold (application);
}

static void
new_app (const char *demo_server)
{
  static guint n_apps;
  g_autofree char *id = g_strdup_printf ("%s.TestRecover%u", APP_ID, ++n_apps);

  app = eo_application_new ();
  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "startup", G_CALLBACK (app_startup_cb), NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  eo_application_set_demo_server (app, demo_server);
}

static void
free_app (void)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);
  /* Nothing of this test is written after it: its folders go. */
  eo_job_manager_shutdown (eo_application_get_job_manager (app));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
}

static EoWindow *
new_window (void)
{
  return eo_test_open_history_window (app, 1100, 700, 50, 100);
}

static EoUploadRecord *
lookup (EoUploadRecord *written)
{
  EoHistory *history = eo_application_get_history (app);
  EoUploadRecord *record = eo_history_lookup_local_id (history, eo_upload_record_get_local_id (written));

  g_assert_nonnull (record);
  return record;
}

static void
wait_for_stack (GtkStack *stack)
{
  while (gtk_stack_get_transition_running (stack))
    eo_test_wait_for_frames (GTK_WIDGET (stack), 1);
}

static void
show_history (EoWindow *window)
{
  _eo_window_show_history (window, TRUE);
  wait_for_stack (window->stack);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
}

static void
open_record (EoWindow       *window,
             EoUploadRecord *record)
{
  show_history (window);
  eo_history_view_open_record (window->history_view, record);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  wait_for_stack (GTK_STACK (eo_test_find_widget_of_type (GTK_WIDGET (window->history_view), GTK_TYPE_STACK)));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
}

static gboolean
all_devices_have (EoUploadRecord *record,
                  EoDeviceStatus  status)
{
  GListModel *devices = eo_upload_record_get_devices (record);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      if (eo_device_get_status (device) != status)
        return FALSE;
    }
  return TRUE;
}

/* Not followed: says so (never "In progress"); Check Again reads once;
 * Follow follows, Stop Following stops, Follow again to the end. */
static void
test_not_followed (void)
{
  const char *args[] = { "--row-delay-ms", "1000000", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoUploadRecord) written = eo_test_save_accepted_record (sim, "http://127.0.0.1:9", 100, 4, TRUE);
  EoJobManager *manager;
  EoUploadRecord *record;
  EoUploadJob *job;
  EoWindow *window;
  gint64 reads;

  new_app (sim->url);
  window = new_window ();
  manager = eo_application_get_job_manager (app);
  record = lookup (written);
  /* An earlier demo run's upload: not resumed by itself. */
  g_assert_null (eo_job_manager_lookup_job (manager, record));
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 0);

  show_history (window);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Not followed since "));
  g_assert_null (find_label (GTK_WIDGET (window->history_view), "In progress"));
  open_record (window, record);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Not followed since "));
  eo_test_save_screenshot (GTK_WIDGET (window), "recover-history.png");

  /* Check Again: one read, the devices take the server's word. */
  reads = eo_test_sim_stat (sim, "status_requests");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.check-again", NULL));
  WAIT_FOR (eo_upload_record_get_last_checked (record) > 0, "the check");
  job = eo_job_manager_lookup_job (manager, record);
  g_assert_nonnull (job);
  WAIT_FOR (!eo_upload_job_get_checking (job), "the end of the check");
  g_assert_false (eo_upload_job_get_running (job));
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, reads + 1);
  /* The server's word, in the devices. */
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  g_assert_true (all_devices_have (record, EO_DEVICE_STATUS_PENDING));
  g_assert_false (eo_job_manager_is_followed (manager, record));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Not followed since "));
  /* A device's status history says Pending once: marked pending when
   * the check began, then the server's "PENDING" is the same event. */
  {
    g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), 0);
    GtkWindow *details = _eo_window_show_device_details (window, record, device);
    guint n_changes;

    eo_test_wait_for_frames (GTK_WIDGET (details), 2);
    g_assert_nonnull (eo_upload_record_get_device_history (record, 0, &n_changes));
    g_assert_cmpuint (n_changes, ==, 1);
    /* the subtitle, the Status row, the history's one event */
    g_assert_cmpuint (eo_test_count_labels (GTK_WIDGET (details), "Pending", EO_TEST_MATCH_EXACT), ==, 3);
    gtk_window_destroy (details);
  }

  /* Follow, then Stop Following. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.follow-upload", NULL));
  WAIT_FOR (eo_job_manager_is_followed (manager, record), "the follow-up");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "In progress"));
  g_assert_null (find_label (GTK_WIDGET (window->history_view), "Not followed since "));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-following", NULL));
  WAIT_FOR (!eo_job_manager_is_followed (manager, record), "the follow-up stopped");
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Not followed since "));

  /* Followed to the end: /recover/resume-stalled. */
  free_app ();
  eo_test_sim_stop (sim);
}

/* A follow-up whose read never answers is stopped and resumed. */
static void
test_resume_stalled (void)
{
  const char *args[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoUploadRecord) written = eo_test_save_accepted_record (sim, "http://127.0.0.1:9", 200, 3, TRUE);
  EoJobManager *manager;
  EoUploadRecord *record;
  EoWindow *window;

  new_app (sim->url);
  window = new_window ();
  manager = eo_application_get_job_manager (app);
  record = lookup (written);
  open_record (window, record);

  eo_test_sim_add_fault (sim, "status", "hang", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.follow-upload", NULL));
  WAIT_FOR (eo_job_manager_is_followed (manager, record), "the follow-up");
  /* The read went out and never answers (the main loop runs meanwhile). */
  for (guint i = 0; eo_test_sim_stat (sim, "faults_applied") < 1; i++)
    {
      g_assert_cmpuint (i, <, 600);
      eo_test_run_for (50);
    }
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  g_assert_true (all_devices_have (record, EO_DEVICE_STATUS_PENDING) || all_devices_have (record, EO_DEVICE_STATUS_NONE));

  /* Stalled: stop, and once the server answers again, follow it to its end. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop-following", NULL));
  WAIT_FOR (!eo_job_manager_is_followed (manager, record), "the follow-up stopped");
  eo_test_sim_clear_faults (sim);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.follow-upload", NULL));
  WAIT_FOR (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_FINISHED, "the end of the upload");
  g_assert_true (all_devices_have (record, EO_DEVICE_STATUS_SUCCESS));

  free_app ();
  eo_test_sim_stop (sim);
}

/* Given up with a reason: shown, kept on disk, never resumed. */
static void
test_give_up (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoUploadRecord) written = NULL;
  g_autoptr(EoHistory) reread = NULL;
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record, *again;
  GtkWidget *dialog, *entry;
  EoWindow *window;

  /* Made on a demo server of an earlier run (not resumed in this one). */
  written = eo_test_save_accepted_record (sim, "http://127.0.0.1:9", 300, 2, TRUE);
  new_app (sim->url);
  window = new_window ();
  record = lookup (written);
  open_record (window, record);

  dialog = _eo_window_ask_give_up (window, record);
  entry = g_object_get_data (G_OBJECT (dialog), "eo-entry");
  g_assert_false (eo_alert_get_response_enabled (dialog, "give-up"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "The CSO console shows no such request");
  g_assert_true (eo_alert_get_response_enabled (dialog, "give-up"));
  eo_test_alert_respond (dialog, "give-up");
  WAIT_FOR (eo_upload_record_get_given_up (record), "the upload given up");
  g_assert_cmpstr (eo_upload_record_get_given_up_reason (record), ==, "The CSO console shows no such request");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Given up on "));
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "The CSO console shows no such request"));
  free_app ();

  /* Kept on disk, and not resumed at the next start. */
  reread = eo_history_new (NULL);
  g_assert_true (eo_history_load (reread, NULL, &error));
  g_assert_no_error (error);
  again = eo_history_lookup_local_id (reread, eo_upload_record_get_local_id (written));
  g_assert_true (eo_upload_record_get_given_up (again));
  g_assert_cmpstr (eo_upload_record_get_given_up_reason (again), ==, "The CSO console shows no such request");

  /* In demo mode on that very server it would be resumed, were it not
   * given up. */
  new_app ("http://127.0.0.1:9");
  window = new_window ();
  record = lookup (written);
  g_assert_true (eo_upload_record_get_given_up (record));
  eo_test_run_for (300);
  g_assert_null (eo_job_manager_lookup_job (eo_application_get_job_manager (app), record));
  show_history (window);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view), "Given up on "));

  free_app ();
  eo_test_sim_stop (sim);
}

static void
key_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  GError **error = user_data;
  char *key = eo_job_manager_lookup_key_finish (EO_JOB_MANAGER (source), result, error);

  g_assert_null (key);
  g_assert_nonnull (*error);
}

static void
job_failed_cb (EoJobManager *manager,
               EoUploadJob  *job,
               const char   *message,
               guint        *n_failed)
{
  ++*n_failed;
}

/* Outside demo mode a demo upload is not resumed, its key never looked
 * up in the keyring, and Follow says why it is off. */
static void
test_demo_not_resumed (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoUploadRecord) written = eo_test_save_accepted_record (sim, sim->url, 400, 2, TRUE);
  g_autoptr(GError) key_error = NULL;
  EoJobManager *manager;
  EoUploadRecord *record;
  EoWindow *window;
  guint n_failed = 0;

  new_app (NULL);
  manager = eo_application_get_job_manager (app);
  g_signal_connect (manager, "job-failed", G_CALLBACK (job_failed_cb), &n_failed);
  window = new_window ();
  record = lookup (written);
  eo_test_run_for (500);
  g_assert_null (eo_job_manager_lookup_job (manager, record));
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 0);

  /* The demo account's key is never asked of the keyring. */
  eo_job_manager_lookup_key_async (manager, sim->url, EO_DEMO_CUSTOMER, NULL, key_cb, &key_error);
  WAIT_FOR (key_error != NULL, "the key lookup");
  g_assert_error (key_error, EO_ERROR, EO_ERROR_NO_CREDENTIALS);

  show_history (window);
  g_assert_nonnull (find_label (GTK_WIDGET (window->history_view),
                                "Demo upload: Made against the demo server; open the app in demo mode to follow it"));
  open_record (window, record);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.follow-upload", NULL) &&
                  eo_job_manager_lookup_job (manager, record) != NULL);
  eo_job_manager_check (manager, record);
  eo_job_manager_follow (manager, record);
  eo_test_run_for (300);
  g_assert_null (eo_job_manager_lookup_job (manager, record));
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 0);
  g_assert_cmpuint (n_failed, ==, 0);

  g_signal_handlers_disconnect_by_func (manager, job_failed_cb, &n_failed);
  free_app ();
  eo_test_sim_stop (sim);
}

/* Re-send: the details say what is known; the confirmation names the
 * risk; cancel sends nothing, confirm sends once and is remembered. */
static void
test_resend (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoUploadRecord) written = eo_test_save_outcome_unknown_record (sim->url, 500, 3, TRUE);
  g_autoptr(EoDevice) device = NULL;
  EoUploadRecord *record, *copy;
  GtkWindow *details;
  GtkWidget *dialog;
  EoWindow *window;

  new_app (sim->url);
  window = new_window ();
  record = lookup (written);
  open_record (window, record);

  /* What is known of each device, not "Not uploaded". */
  device = g_list_model_get_item (eo_upload_record_get_devices (record), 0);
  details = _eo_window_show_device_details (window, record, device);
  eo_test_wait_for_frames (GTK_WIDGET (details), 2);
  g_assert_nonnull (find_label (GTK_WIDGET (details), "Sent; the server's answer never came"));
  g_assert_null (find_label (GTK_WIDGET (details), "Not uploaded"));
  gtk_window_destroy (details);

  dialog = _eo_window_ask_resend (window, record);
  g_assert_nonnull (strstr (eo_alert_get_body (dialog), "The same phones may get a second eSIM"));
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);
  eo_test_save_dialog_screenshot (dialog, "recover-resend.png");
  eo_test_alert_respond (dialog, "cancel");
  eo_test_run_for (300);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 0);
  g_assert_null (eo_upload_record_get_resent_as (record));

  dialog = _eo_window_ask_resend (window, record);
  eo_test_alert_respond (dialog, "resend");
  WAIT_FOR (eo_upload_record_get_resent_as (record) != NULL, "the new upload");
  WAIT_FOR ((copy = eo_history_lookup_local_id (eo_application_get_history (app),
                                                eo_upload_record_get_resent_as (record))) != NULL &&
            eo_upload_record_get_state (copy) != EO_UPLOAD_STATE_SENDING, "the new upload sent");
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_cmpstr (eo_upload_record_get_resent_from (copy), ==, eo_upload_record_get_local_id (record));
  g_assert_nonnull (eo_upload_record_get_resend_confirmed_by (record));
  g_assert_cmpint (eo_upload_record_get_resend_confirmed (record), >, 0);
  g_assert_false (eo_upload_record_can_resend (record, NULL));

  free_app ();
  eo_test_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);

  g_test_add_func ("/recover/not-followed", test_not_followed);
  g_test_add_func ("/recover/resume-stalled", test_resume_stalled);
  g_test_add_func ("/recover/give-up", test_give_up);
  g_test_add_func ("/recover/demo-not-resumed", test_demo_not_resumed);
  g_test_add_func ("/recover/resend", test_resend);

  return g_test_run ();
}
