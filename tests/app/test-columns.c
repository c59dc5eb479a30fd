/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-columns"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-device-dialog.h"
#include "eo-dialogs.h"
#include "eo-history.h"
#include "eo-history-view.h"
#include "eo-window-private.h"
#include "eo-report.h"
#include "eo-test-gui.h"
#include "eo-test-sim.h"

/* Issue 12 in the real window, against the simulator: devices the history
 * already assigned are marked, left out by default, counted in the
 * confirmation, and sent when the admin includes them; the MDM's own
 * columns (Serial Number, Model) in a device's details. */

static EoApplication *app;
static EoTestSim *sim;
static char *dir;
static GPtrArray *notifications;

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 60)

static void
ensure_application (void)
{
  if (app != NULL)
    return;
  app = eo_test_application_new ();
  eo_application_set_demo_server (app, sim->url);
}

/* A Jamf-like list of @eids: Serial Number and Model beside EID and name. */
static GFile *
write_list (const char  *name,
            char       **eids,
            guint        n)
{
  g_autoptr(GString) csv = g_string_new ("Serial Number,EID,Display Name,Model\n");
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "SN-%s,%s,Phone %s,iPhone 15\n", eids[i] + 26, eids[i], eids[i] + 28);
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static EoWindow *
open_window (GFile *file)
{
  EoWindow *window;

  ensure_application ();
  window = eo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (eo_job_manager_get_loaded (eo_application_get_job_manager (app)), "the history");
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  eo_window_open_file (window, file);
  WAIT_FOR (!eo_window_is_loading (window), "the load");
  return window;
}

static EoDevice *
item (EoWindow *window,
      guint     position)
{
  return g_ptr_array_index (window->items, position);
}

/* win.assign, then the confirmation once the history was searched. */
static GtkWidget *
ask (EoWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  WAIT_FOR (window->dialog != NULL, "the confirmation");
  g_assert_true (eo_is_assign_dialog (window->dialog));
  return window->dialog;
}

/* Confirms and waits for the end; returns the rows the simulator
 * received. */
static gint64
send_and_wait (EoWindow  *window,
               GtkWidget *dialog)
{
  gint64 before;
  EoUploadJob *job;

  EO_TEST_POLL_UNTIL (eo_test_sim_stat (sim, "rows_pending") == 0, "an idle simulator", 60);
  before = eo_test_sim_stat (sim, "rows_processed");
  eo_test_alert_respond (dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  WAIT_FOR (window->job != NULL, "the upload");
  job = window->job;
  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  g_assert_cmpint (eo_upload_record_get_state (eo_upload_job_get_record (job)), ==, EO_UPLOAD_STATE_FINISHED);
  EO_TEST_POLL_UNTIL (eo_test_sim_stat (sim, "rows_pending") == 0, "an idle simulator", 60);
  return eo_test_sim_stat (sim, "rows_processed") - before;
}

static gboolean
record_has_eid (EoUploadRecord *record,
                const char     *eid)
{
  GListModel *devices = eo_upload_record_get_devices (record);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      if (g_str_equal (eo_device_get_eid (device), eid))
        return TRUE;
    }
  return FALSE;
}

static void
test_already_assigned (void)
{
  char *eids[5];
  g_autoptr(GFile) first_file = NULL;
  g_autoptr(GFile) second_file = NULL;
  EoWindow *window;
  GtkWidget *dialog;
  EoUploadRecord *record;
  const char *problem;

  for (guint i = 0; i < G_N_ELEMENTS (eids); i++)
    eids[i] = eo_test_next_eid ();

  /* Three phones assigned. */
  first_file = write_list ("first.csv", eids, 3);
  window = open_window (first_file);
  dialog = ask (window);
  g_assert_cmpuint (eo_assign_dialog_get_n_assigned (dialog), ==, 0);
  g_assert_null (eo_assign_dialog_get_include_switch (dialog));
  g_assert_cmpint (send_and_wait (window, dialog), ==, 3);

  /* The finish panel's step for the MDM's group: the serial numbers of
   * the assigned devices, one a line, on the clipboard. */
  {
    GtkLabel *label;
    g_autofree char *expected = g_strdup_printf ("SN-%s\nSN-%s\nSN-%s\n", eids[0] + 26, eids[1] + 26,
                                                 eids[2] + 26);
    g_autofree char *copied = NULL;

    eo_test_wait_for_frames (GTK_WIDGET (window), 1);
    label = eo_test_find_label (GTK_WIDGET (window->upload_panel), "Copy Serial Numbers", EO_TEST_MATCH_EXACT);
    g_assert_nonnull (label);
    g_assert_true (gtk_widget_get_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_BUTTON)));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-serials", NULL));
    copied = eo_test_read_clipboard (GTK_WIDGET (window));
    g_assert_cmpstr (copied, ==, expected);
    eo_test_save_screenshot (GTK_WIDGET (window), "columns-finish-serials.png");
  }

  /* The details of one show the file's own columns. */
  {
    g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (eo_upload_job_get_record (window->job)), 1);
    GtkWindow *details = _eo_window_show_device_details (window, eo_upload_job_get_record (window->job), device);
    g_autofree char *serial = g_strconcat ("SN-", eids[1] + 26, NULL);

    gtk_window_set_default_size (details, 520, 900);
    eo_test_wait_for_frames (GTK_WIDGET (details), 2);
    g_assert_nonnull (eo_test_find_label (GTK_WIDGET (details), "Serial Number", EO_TEST_MATCH_EXACT));
    g_assert_nonnull (eo_test_find_label (GTK_WIDGET (details), serial, EO_TEST_MATCH_EXACT));
    g_assert_nonnull (eo_test_find_label (GTK_WIDGET (details), "Model", EO_TEST_MATCH_EXACT));
    g_assert_nonnull (eo_test_find_label (GTK_WIDGET (details), "iPhone 15", EO_TEST_MATCH_EXACT));
    {
      /* The identifiers and the file's own columns in sight. */
      GtkWidget *scrolled = eo_test_find_widget_of_type (GTK_WIDGET (details), GTK_TYPE_SCROLLED_WINDOW);
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      eo_test_wait_for_frames (GTK_WIDGET (details), 2);
    }
    eo_test_save_screenshot (GTK_WIDGET (details), "columns-details.png");
    gtk_window_destroy (details);
  }
  eo_test_destroy_window (window);

  /* The same three and two new ones: the three are marked, left out by
   * default and counted. */
  second_file = write_list ("second.csv", eids, 5);
  window = open_window (second_file);
  dialog = ask (window);
  g_assert_cmpuint (eo_assign_dialog_get_n_assigned (dialog), ==, 3);
  g_assert_cmpuint (eo_assign_dialog_get_n_devices (dialog), ==, 2);
  g_assert_false (eo_assign_dialog_get_include_assigned (dialog));
  g_assert_nonnull (strstr (eo_alert_get_body (dialog),
                            "3 devices already have an eSIM from an earlier upload and will be left out."));
  g_assert_nonnull (strstr (eo_alert_get_heading (dialog), "2 Devices"));
  for (guint i = 0; i < 5; i++)
    {
      problem = eo_device_get_problem_text (item (window, i));
      if (i < 3)
        {
          g_assert_nonnull (problem);
          g_assert_true (g_str_has_prefix (problem, "Already assigned on "));
          g_assert_nonnull (strstr (problem, "(upload “first.csv”)"));
          g_assert_cmpint (eo_device_get_severity (item (window, i)), ==, EO_SEVERITY_WARNING);
          g_assert_true (eo_device_list_get_row (window->list, i)->left_out);
        }
      else
        {
          g_assert_null (problem);
          g_assert_false (eo_device_list_get_row (window->list, i)->left_out);
        }
    }
  eo_test_save_dialog_screenshot (dialog, "columns-assigned-confirmation.png");

  /* The switch takes them back in, and out again. */
  gtk_switch_set_active (GTK_SWITCH (eo_assign_dialog_get_include_switch (dialog)), TRUE);
  g_assert_cmpuint (eo_assign_dialog_get_n_devices (dialog), ==, 5);
  g_assert_nonnull (strstr (eo_alert_get_heading (dialog), "5 Devices"));
  g_assert_nonnull (strstr (eo_alert_get_body (dialog), "will be sent again"));
  gtk_switch_set_active (GTK_SWITCH (eo_assign_dialog_get_include_switch (dialog)), FALSE);
  g_assert_cmpuint (eo_assign_dialog_get_n_devices (dialog), ==, 2);

  /* Left out: the simulator gets the two new ones only. */
  g_assert_cmpint (send_and_wait (window, dialog), ==, 2);
  record = eo_upload_job_get_record (window->job);
  g_assert_cmpuint (eo_upload_record_get_n_devices (record), ==, 2);
  g_assert_true (record_has_eid (record, eids[3]));
  g_assert_true (record_has_eid (record, eids[4]));
  g_assert_false (record_has_eid (record, eids[0]));
  /* The three kept with why, for the report (eo_upload_record_get_left_out). */
  g_assert_cmpuint (eo_upload_record_get_n_left_out (record), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const char *eid;
      const char *reason = eo_upload_record_get_left_out (record, i, &eid, NULL, NULL);

      g_assert_cmpstr (eid, ==, eids[i]);
      g_assert_true (g_str_has_prefix (reason, "Already assigned on "));
    }
  {
    g_autofree char *html = eo_report_html (record);
    const char *section = strstr (html, "Devices left out, not sent (3)");

    g_assert_nonnull (section);
    g_assert_nonnull (strstr (section, eids[2]));
  }
  eo_device_view_set_show_upload_status (window->device_view, TRUE);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  eo_test_save_screenshot (GTK_WIDGET (window), "columns-assigned-table.png");
  eo_test_destroy_window (window);

  /* Included: all five are sent (the server then refuses the three). */
  g_clear_object (&second_file);
  second_file = write_list ("third.csv", eids, 5);
  window = open_window (second_file);
  dialog = ask (window);
  g_assert_cmpuint (eo_assign_dialog_get_n_assigned (dialog), ==, 5);
  gtk_switch_set_active (GTK_SWITCH (eo_assign_dialog_get_include_switch (dialog)), TRUE);
  g_assert_cmpint (send_and_wait (window, dialog), ==, 5);
  g_assert_cmpuint (eo_upload_record_get_n_devices (eo_upload_job_get_record (window->job)), ==, 5);
  eo_test_destroy_window (window);

  for (guint i = 0; i < G_N_ELEMENTS (eids); i++)
    g_free (eids[i]);
}

/* Saves an upload of @csv (finished: every device assigned) in the
 * application's history. */
static EoUploadRecord *
save_upload (const char *source_name,
             const char *csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_from_data (csv, strlen (csv), &error);
  g_autoptr(EoUploadRecord) record = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  GListModel *devices;

  g_assert_no_error (error);
  record = eo_upload_record_new (sim->url, EO_TEST_DEMO_CUSTOMER, source_name, FALSE);
  eo_upload_record_add_devices_from_list (record, list);
  eo_upload_record_set_accepted (record, request_id, "https://smdp.example.test");
  devices = eo_upload_record_get_devices (record);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, NULL);
    }
  g_assert_true (eo_history_save (eo_application_get_history (app), record, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&record);
}

/* Types @text into the History page's search and waits for its answer;
 * returns how many uploads are shown, and checks @record is one of them
 * (when not NULL). */
static guint
search (EoWindow       *window,
        const char     *text,
        EoUploadRecord *record)
{
  EoHistoryFilter *filter = eo_history_view_get_filter (window->history_view);
  GtkListBox *list_box = eo_history_view_get_list_box (window->history_view);
  GListModel *records = eo_history_get_records (eo_application_get_history (app));
  guint n_visible = 0;
  gboolean found = record == NULL;

  gtk_editable_set_text (GTK_EDITABLE (eo_history_filter_get_entry (filter)), text);
  WAIT_FOR (!eo_history_filter_get_busy (filter), "the search");
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(EoUploadRecord) item = g_list_model_get_item (records, i);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list_box, (int) i);

      if (!gtk_widget_get_visible (GTK_WIDGET (row)) || !gtk_widget_get_mapped (GTK_WIDGET (row)))
        continue;
      n_visible++;
      found = found || item == record;
    }
  g_assert_true (found);
  g_assert_cmpuint (n_visible, ==, eo_history_filter_get_n_shown (filter));
  return n_visible;
}

static gboolean
focus_in (EoWindow  *window,
          GtkWidget *widget)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
test_history_search (void)
{
  char *eids[3];
  g_autofree char *csv_a = NULL;
  g_autofree char *csv_b = NULL;
  g_autoptr(EoUploadRecord) a = NULL;
  g_autoptr(EoUploadRecord) b = NULL;
  g_autoptr(GFile) file = NULL;
  EoHistoryFilter *filter;
  EoWindow *window;
  guint n_all;

  for (guint i = 0; i < G_N_ELEMENTS (eids); i++)
    eids[i] = eo_test_next_eid ();
  csv_a = g_strdup_printf ("EID,Name,Serial Number\n%s,Zoë’s phone,C02QQ1AAA\n%s,Front desk,C02QQ2BBB\n",
                           eids[0], eids[1]);
  csv_b = g_strdup_printf ("EID,Name,Serial Number\n%s,Warehouse scanner,R58XYZ999\n", eids[2]);
  ensure_application ();
  a = save_upload ("search-a.csv", csv_a);
  b = save_upload ("search-b.csv", csv_b);

  file = write_list ("search.csv", eids, 1);
  window = open_window (file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  /* Ctrl+F's action: the search takes the focus. */
  filter = eo_history_view_get_filter (window->history_view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window->history_view), "history.find", NULL));
  WAIT_FOR (focus_in (window, GTK_WIDGET (eo_history_filter_get_entry (filter))), "the search's focus");
  n_all = g_list_model_get_n_items (eo_history_get_records (eo_application_get_history (app)));
  g_assert_cmpuint (n_all, >=, 2);

  /* By EID (its last digits), by name (case and accents aside), by serial. */
  g_assert_cmpuint (search (window, eids[2] + 20, b), ==, 1);
  g_assert_cmpuint (search (window, "front DESK", a), ==, 1);
  g_assert_cmpuint (search (window, "ZOË", a), ==, 1);
  g_assert_cmpuint (search (window, "c02qq2", a), ==, 1);
  g_assert_cmpuint (search (window, "R58XYZ999", b), ==, 1);
  eo_test_save_screenshot (GTK_WIDGET (window), "columns-history-search.png");

  /* Nothing: said so. */
  g_assert_cmpuint (search (window, "no such phone", NULL), ==, 0);
  g_assert_true (eo_history_filter_get_empty (filter));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window->history_view),
                                        "No upload has a device matching “no such phone”",
                                        EO_TEST_MATCH_PREFIX));
  eo_test_save_screenshot (GTK_WIDGET (window), "columns-history-search-empty.png");

  /* Cleared: every upload again. */
  g_assert_cmpuint (search (window, "", NULL), ==, n_all);
  g_assert_false (eo_history_filter_get_empty (filter));
  eo_test_destroy_window (window);
  for (guint i = 0; i < G_N_ELEMENTS (eids); i++)
    g_free (eids[i]);
}

/* The longest the main loop went without running a high-priority 5 ms
 * timer (what src/app/eo-stall-probe.c measures), and how often it ran. */
typedef struct
{
  gint64 last_us;
  gint64 max_gap_us;
  guint  n_runs;
} Probe;

static gboolean
probe_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last_us > 0)
    probe->max_gap_us = MAX (probe->max_gap_us, now - probe->last_us);
  probe->last_us = now;
  probe->n_runs++;
  return G_SOURCE_CONTINUE;
}

/* 100,000 devices of the list, all assigned by an upload in the history:
 * the check before the confirmation runs in slices, the window keeps
 * running meanwhile, and every row is marked and left out. */
static void
test_already_assigned_scale (void)
{
  const guint n = 100000;
  g_autoptr(GString) csv = g_string_new ("EID,Name,Serial Number\n");
  g_autoptr(EoUploadRecord) record = NULL;
  g_autofree char *path = g_build_filename (dir, "fleet.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  Probe probe = { 0 };
  EoWindow *window;
  GtkWidget *dialog;
  guint source;

  ensure_application ();
  record = eo_upload_record_new (sim->url, EO_TEST_DEMO_CUSTOMER, "fleet-before.csv", FALSE);
  for (guint i = 0; i < n; i++)
    {
      char eid[33];

      eo_test_write_eid (eid, 500000 + i);
      g_string_append_printf (csv, "%s,fleet %u,SN%u\n", eid, i, i);
      g_ptr_array_add (devices, eo_device_new (eid, "fleet", NULL));
    }
  eo_upload_record_add_devices (record, (EoDevice **) devices->pdata, devices->len);
  eo_upload_record_set_accepted (record, "7f0c1e2a-1111-4222-8333-944455556666", "https://smdp.example.test");
  for (guint i = 0; i < n; i++)
    eo_device_set_remote (g_ptr_array_index (devices, i), EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, NULL);
  g_assert_true (eo_history_save (eo_application_get_history (app), record, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));
  g_assert_no_error (error);

  window = open_window (file);
  g_assert_cmpuint (eo_device_list_get_n_valid (window->list), ==, n);

  source = g_timeout_add_full (G_PRIORITY_HIGH, 5, probe_cb, &probe, NULL);
  probe_cb (&probe);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  WAIT_FOR (window->dialog != NULL, "the confirmation");
  g_source_remove (source);
  probe_cb (&probe);

  dialog = window->dialog;
  g_assert_cmpuint (eo_assign_dialog_get_n_assigned (dialog), ==, n);
  g_assert_cmpuint (eo_assign_dialog_get_n_devices (dialog), ==, 0);
  g_assert_false (eo_alert_get_response_enabled (dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN));
  g_assert_cmpuint (eo_device_list_get_n_left_out (window->list), ==, n);
  g_assert_true (g_str_has_prefix (eo_device_get_problem_text (item (window, n - 1)), "Already assigned on "));
  /* The check ran in slices: the timer ran in between. */
  g_assert_cmpuint (probe.n_runs, >, 3);
  g_test_message ("100,000 devices looked up: longest main-loop stall %.1f ms, timer ran %u times",
                  probe.max_gap_us / 1000.0, probe.n_runs);
  g_print ("# longest stall during the check of %u devices: %.1f ms (%u timer runs)\n",
           n, probe.max_gap_us / 1000.0, probe.n_runs);
  eo_test_alert_respond (dialog, EO_ASSIGN_DIALOG_RESPONSE_CANCEL);
  eo_test_destroy_window (window);
  g_assert_true (eo_history_remove (eo_application_get_history (app), record, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  eo_test_gui_init (&argc, &argv);
  notifications = eo_test_notifications_start ();
  dir = g_dir_make_tmp ("eo-columns-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/columns/already-assigned", test_already_assigned);
  g_test_add_func ("/columns/history-search", test_history_search);
  g_test_add_func ("/columns/already-assigned-scale", test_already_assigned_scale);

  sim = eo_test_sim_start_demo ((const char *[]) { "--row-delay-ms", "5", NULL });
  ret = g_test_run ();
  g_clear_object (&app);
  eo_test_sim_stop (sim);
  g_ptr_array_unref (notifications);
  return ret;
}
