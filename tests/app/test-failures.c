/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-failures"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-device.h"
#include "eo-device-dialog.h"
#include "eo-device-view-private.h"
#include "eo-dialogs.h"
#include "eo-device-list-edit.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"
#include "eo-test-sim.h"
#include "failures-upload.h"

/* Issue 12, failures in full: an upload to the real simulator (demo
 * account) in which devices fail for the simulator's own reasons (an
 * ICCID not in the pool, an EID that already has an eSIM), next to rows
 * with problems of the checks; then what the window shows of them: the
 * reasons in full and both problems of a row, the details dialog, the
 * filters and their counts, per window. */

/* Of an inactive window's finished uploads. */
static GPtrArray *notifications;

/* ---------------------------------------------------------------------- */

static void
test_reasons_in_full (void)
{
  EoDevice *not_in_pool, *two, *already;
  GtkWidget *label;
  g_autofree char *expected = NULL;

  ensure_upload ();
  not_in_pool = table_device (upload.window, ROW_NOT_IN_POOL);
  two = table_device (upload.window, ROW_TWO_WARNINGS);
  already = table_device (upload.window, ROW_ALREADY_1);

  /* The simulator's own words, whole, in the Problem column. */
  expected = g_strdup_printf ("ICCID %s is not in this account's pool", upload.iccids[ROW_NOT_IN_POOL]);
  g_assert_cmpstr (eo_device_get_reason (not_in_pool), ==, expected);
  label = problem_label_of (upload.window, not_in_pool);
  g_assert_nonnull (label);
  g_assert_cmpstr (eo_test_widget_text (label), ==, expected);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (label)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error"));
  {
    g_autofree char *reason = g_strdup_printf ("EID %s already has an eSIM", upload.eids[ROW_ALREADY_1]);

    g_assert_cmpstr (eo_device_get_reason (already), ==, reason);
    g_assert_nonnull (problem_label_of (upload.window, already));
  }
  /* The Status column says Failed, not a cut reason. */
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (upload.window->device_view), "Failed",
                                       EO_TEST_MATCH_EXACT));

  /* Two problems of the checks and the server's reason: all of them in
   * the cell (one line, " · "), whole in the tooltip (made when asked
   * for), the reason on a line of its own there. */
  {
    const char *problems = eo_device_get_problem_text (two);
    g_autofree char *both = NULL;
    g_autofree char *joined = NULL;
    g_autofree char *tooltip = NULL;

    g_assert_nonnull (strstr (problems, "EID"));
    g_assert_nonnull (strstr (problems, "ICCID"));
    both = g_strconcat (problems, "\n", eo_device_get_reason (two), NULL);
    joined = g_strconcat (problems, " · ", eo_device_get_reason (two), NULL);
    label = problem_label_of (upload.window, two);
    g_assert_nonnull (label);
    g_assert_cmpstr (eo_test_widget_text (label), ==, joined);
    g_assert_true (_eo_device_view_cell_has_query_tooltip (GTK_WIDGET (label)));
    g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (label)));
    tooltip = _eo_device_view_dup_cell_tooltip (GTK_WIDGET (label));
    g_assert_cmpstr (tooltip, ==, both);
  }
  eo_test_save_screenshot (GTK_WIDGET (upload.window), "failures-table.png");
}

static gboolean
dialog_has_row (GtkWindow  *dialog,
                const char *title)
{
  return eo_test_find_label (GTK_WIDGET (dialog), title, EO_TEST_MATCH_EXACT) != NULL;
}

static void
test_details (void)
{
  EoDevice *device;
  GtkWindow *dialog;

  ensure_upload ();
  device = table_device (upload.window, ROW_NOT_IN_POOL);
  /* The server's answer repeats the refused ICCID. */
  g_assert_cmpstr (eo_device_get_assigned_iccid (device), ==, upload.iccids[ROW_NOT_IN_POOL]);

  dialog = _eo_window_show_device_details (upload.window, upload.record, device);
  eo_test_wait_for_frames (GTK_WIDGET (dialog), 2);
  g_assert_true (dialog_has_row (dialog, "ICCID Requested"));
  g_assert_false (dialog_has_row (dialog, "ICCID Assigned"));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (dialog), upload.iccids[ROW_NOT_IN_POOL],
                                        EO_TEST_MATCH_EXACT));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (dialog), eo_device_get_reason (device),
                                        EO_TEST_MATCH_EXACT));
  eo_test_save_screenshot (GTK_WIDGET (dialog), "failures-details.png");
  gtk_window_destroy (dialog);

  /* Both problems in the details of the row with two. */
  device = table_device (upload.window, ROW_TWO_WARNINGS);
  dialog = _eo_window_show_device_details (upload.window, upload.record, device);
  eo_test_wait_for_frames (GTK_WIDGET (dialog), 1);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (dialog), eo_device_get_problem_text (device),
                                        EO_TEST_MATCH_EXACT));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (dialog), eo_device_get_reason (device),
                                        EO_TEST_MATCH_EXACT));
  gtk_window_destroy (dialog);

  /* An assigned device: its ICCID under Assigned. */
  device = table_device (upload.window, ROW_GOOD_1);
  dialog = _eo_window_show_device_details (upload.window, upload.record, device);
  eo_test_wait_for_frames (GTK_WIDGET (dialog), 1);
  g_assert_true (dialog_has_row (dialog, "ICCID Assigned"));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (dialog), eo_device_get_assigned_iccid (device),
                                        EO_TEST_MATCH_EXACT));
  /* Its status history: each event once (marked pending when sent, then
   * the server's "PENDING" was a second "Pending"). */
  g_assert_cmpuint (eo_test_count_labels (GTK_WIDGET (dialog), "Pending", EO_TEST_MATCH_EXACT), ==, 1);
  eo_test_save_screenshot (GTK_WIDGET (dialog), "failures-details-assigned.png");
  /* the subtitle, the Status row, the history */
  g_assert_cmpuint (eo_test_count_labels (GTK_WIDGET (dialog), "Assigned", EO_TEST_MATCH_EXACT), ==, 3);
  gtk_window_destroy (dialog);
}

/* Sets @filter as the drop-down does, waits for the table, and checks
 * that it shows exactly the rows @expected (a bit per row) and the count. */
static void
check_filter (EoWindow       *window,
              EoDeviceFilter  filter,
              guint           expected)
{
  GListModel *shown = eo_device_view_get_shown_model (window->device_view);
  guint n_expected = 0;
  guint seen = 0;
  g_autofree char *count = NULL;

  gtk_drop_down_set_selected (window->filter_dropdown, filter);
  g_assert_cmpint (window->device_filter, ==, filter);
  WAIT_FOR (!eo_device_view_is_sorting (window->device_view), "the filter");

  for (guint i = 0; i < N_ROWS; i++)
    n_expected += (expected >> i) & 1;
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_expected);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (shown, i);

      for (guint row = 0; row < N_ROWS; row++)
        if (table_device (window, row) == device)
          seen |= 1u << row;
    }
  g_assert_cmphex (seen, ==, expected);

  count = g_strdup_printf ("Showing %u of %u", n_expected, (guint) N_ROWS);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->filter_count_label)));
  g_assert_cmpstr (gtk_label_get_text (window->filter_count_label), ==, count);
}

#define ROW(r) (1u << (r))

static void
test_filters (void)
{
  EoWindow *window;
  EoWindow *other;
  g_autoptr(GFile) clean = NULL;

  ensure_upload ();
  window = upload.window;
  /* After an upload, five choices. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (window->filter_dropdown)), ==, 5);

  /* Problems: the checks' and the server's. */
  check_filter (window, EO_DEVICE_FILTER_PROBLEMS,
                ROW (ROW_NOT_IN_POOL) | ROW (ROW_TWO_WARNINGS) | ROW (ROW_ALREADY_1) |
                ROW (ROW_ALREADY_2) | ROW (ROW_BROKEN));
  check_filter (window, EO_DEVICE_FILTER_ASSIGNED, ROW (ROW_GOOD_1) | ROW (ROW_GOOD_2));
  check_filter (window, EO_DEVICE_FILTER_PENDING, 0);
  check_filter (window, EO_DEVICE_FILTER_FAILED,
                ROW (ROW_NOT_IN_POOL) | ROW (ROW_TWO_WARNINGS) | ROW (ROW_ALREADY_1) | ROW (ROW_ALREADY_2));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  eo_test_save_screenshot (GTK_WIDGET (window), "failures-filter-failed.png");

  /* Another window: its own filter, All, and only All or Problems for
   * a list not sent; this one stays as it was. */
  clean = write_file ("clean.csv", "EID,Name\n");
  {
    g_autofree char *eid = eo_test_next_eid ();
    g_autofree char *csv = g_strdup_printf ("EID,Name\n%s,Clean\n", eid);

    g_clear_object (&clean);
    clean = write_file ("clean.csv", csv);
  }
  other = new_window_with (clean, 900);
  g_assert_cmpint (other->device_filter, ==, EO_DEVICE_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (other->filter_dropdown)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (eo_device_view_get_shown_model (other->device_view)), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (other->filter_count_label)));
  g_assert_cmpint (window->device_filter, ==, EO_DEVICE_FILTER_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (eo_device_view_get_shown_model (window->device_view)), ==, 4);
  eo_test_destroy_window (other);

  /* All: nothing hidden, no count. */
  gtk_drop_down_set_selected (window->filter_dropdown, EO_DEVICE_FILTER_ALL);
  WAIT_FOR (!eo_device_view_is_sorting (window->device_view), "the filter");
  g_assert_cmpuint (g_list_model_get_n_items (eo_device_view_get_shown_model (window->device_view)), ==, N_ROWS);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->filter_count_label)));

  /* The keyboard: win.device-filter (what the menu and Ctrl+E use). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-filter", "s", "pending"));
  g_assert_cmpuint (gtk_drop_down_get_selected (window->filter_dropdown), ==, EO_DEVICE_FILTER_PENDING);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.device-filter", "s", "all"));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "win.choose-device-filter");

    g_assert_nonnull (accels);
    g_assert_cmpstr (accels[0], ==, "<Shift><Control>e");
  }
}

static void
test_finish_panel (void)
{
  static const char * const steps[] = {
    "MDM Hand-off", "Export Results…", "Upload Report…", "Print QR Sheet…", "Retry Failed…",
  };
  EoWindow *window;
  g_autofree char *expected_path = NULL;
  g_autofree char *path = NULL;
  g_autofree char *sheet = NULL;
  g_autoptr(GError) error = NULL;

  ensure_upload ();
  window = upload.window;
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));
  /* Every next step, enabled: two devices assigned, four failed. */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      GtkWidget *button = next_step (window, steps[i]);

      g_assert_true (gtk_widget_get_mapped (button));
      g_assert_true (gtk_widget_is_sensitive (button));
    }
  eo_test_save_screenshot (GTK_WIDGET (window->upload_panel), "failures-finish-panel.png");
  check_saved_report (window);

  /* Print QR Sheet: the sheet of this upload, written and opened. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.print-qr-sheet", NULL));
  expected_path = g_strdup_printf ("%s/esim-onboard/sheets/%s.html", g_get_user_cache_dir (),
                                   eo_upload_record_get_local_id (upload.record));
  EO_TEST_POLL_UNTIL (g_file_test (expected_path, G_FILE_TEST_EXISTS), "the QR sheet", 30);
  path = _eo_window_print_qr_sheet (window, upload.record, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected_path);
  g_file_get_contents (path, &sheet, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (sheet, "<svg"));
  g_assert_nonnull (strstr (sheet, "LPA:1$sm-cso-sim.example$"));
  /* The devices that got their eSIM, not the failed ones. */
  g_assert_nonnull (strstr (sheet, "Good 1"));
  g_assert_nonnull (strstr (sheet, eo_device_get_assigned_iccid (table_device (window, ROW_GOOD_2))));
  g_assert_null (strstr (sheet, upload.eids[ROW_NOT_IN_POOL]));

  /* Ctrl+M there: the MDM hand-off of this upload. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-handoff");
    GtkWindow *handoff = NULL;

    g_assert_cmpstr (accels[0], ==, "<Control>m");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-handoff", NULL));
    WAIT_FOR ((handoff = find_toplevel ("EoHandoffDialog")) != NULL, "the MDM hand-off");
    g_assert_nonnull (handoff);
    gtk_window_destroy (handoff);
  }
}

/* The panel's title is shown (mapped) in @window. */
static gboolean
panel_title_shown (EoWindow *window)
{
  return eo_test_find_label (GTK_WIDGET (window), eo_upload_panel_get_title (window->upload_panel),
                             EO_TEST_MATCH_EXACT) != NULL;
}

/* The History page shows alone: the finish panel of the window's upload
 * is not under it (nor over it), and is back with the list. */
static void
test_panel_not_under_history (void)
{
  EoWindow *window;

  ensure_upload ();
  window = upload.window;
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window->upload_panel)));
  g_assert_true (panel_title_shown (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "history") == 0 &&
            !gtk_widget_get_mapped (GTK_WIDGET (window->upload_panel)),
            "the History page alone");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window->upload_panel)));
  g_assert_false (panel_title_shown (window));
  eo_test_save_screenshot (GTK_WIDGET (window), "failures-history-page.png");
  /* The History page's upload: its report. */
  eo_history_view_open_record (window->history_view, upload.record);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  check_saved_report (window);
  /* Still the window's upload: back on the list, its panel is there. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "list") == 0 &&
            gtk_widget_get_mapped (GTK_WIDGET (window->upload_panel)),
            "the list and its panel");
  g_assert_true (panel_title_shown (window));
}

/* At 360 px: each row's status and problem in sight. */
static void
test_narrow (void)
{
  EoWindow *window;
  EoDevice *device;
  GtkWidget *problem;
  GtkWidget *status;

  ensure_upload ();
  window = upload.window;
  gtk_drop_down_set_selected (window->filter_dropdown, EO_DEVICE_FILTER_FAILED);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), _eo_window_get_narrow (window)),
            "the narrow layout");
  /* The whole window at 360 px, not held at the wide layout's minimum
   * (it was 494 px after an upload). */
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1),
             gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))) == 360),
            "a window 360 px wide");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  WAIT_FOR (!eo_device_view_is_sorting (window->device_view), "the filter");
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);

  device = table_device (window, ROW_NOT_IN_POOL);
  problem = problem_label_of (window, device);
  g_assert_nonnull (problem);
  g_assert_true (gtk_widget_get_mapped (problem));
  g_assert_cmpint (gtk_widget_get_width (problem), >, 0);
  status = eo_test_find_text (GTK_WIDGET (window->device_view), "Failed", EO_TEST_MATCH_EXACT);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpint (gtk_widget_get_width (status), >, 0);
  /* Both inside the window, not scrolled away to the right. */
  {
#if GTK_CHECK_VERSION (4, 12, 0)
    graphene_point_t point;

    g_assert_true (gtk_widget_compute_point (problem, GTK_WIDGET (window),
                                             &GRAPHENE_POINT_INIT (0, 0), &point));
    g_assert_cmpfloat (point.x, <, gtk_widget_get_width (GTK_WIDGET (window)));
#else
    double x, y;

    g_assert_true (gtk_widget_translate_coordinates (problem, GTK_WIDGET (window), 0, 0, &x, &y));
    g_assert_cmpfloat (x, <, gtk_widget_get_width (GTK_WIDGET (window)));
#endif
  }
  eo_test_save_screenshot (GTK_WIDGET (window), "failures-360.png");

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), !_eo_window_get_narrow (window)),
            "the wide layout");
  gtk_drop_down_set_selected (window->filter_dropdown, EO_DEVICE_FILTER_ALL);
}

/* Retry Failed: the reasons grouped, the fixes that apply on by default;
 * the new upload sends the devices whose ICCID was refused without it and
 * leaves out those that already have an eSIM. Last: it opens another
 * list in the upload's window. */
static void
test_retry (void)
{
  EoWindow *window;
  GtkWidget *dialog;
  GtkWidget *clear;
  GtkWidget *leave_out;
  EoUploadRecord *retried;
  GListModel *devices;

  ensure_upload ();
  window = upload.window;

  /* Cancel opens nothing. */
  dialog = _eo_window_ask_retry (window, upload.record);
  eo_test_alert_respond (dialog, "cancel");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (eo_device_list_get_n_rows (window->list), ==, N_ROWS);

  dialog = _eo_window_ask_retry (window, upload.record);
  g_assert_cmpstr (eo_alert_get_heading (dialog), ==, "Send 4 Failed Devices Again?");
  g_assert_nonnull (strstr (eo_alert_get_body (dialog), "2 × ICCID … is not in this account's pool"));
  g_assert_nonnull (strstr (eo_alert_get_body (dialog), "2 × EID … already has an eSIM"));
  clear = g_object_get_data (G_OBJECT (dialog), "eo-retry-clear-iccids");
  leave_out = g_object_get_data (G_OBJECT (dialog), "eo-retry-leave-out");
  g_assert_true (GTK_IS_CHECK_BUTTON (clear));
  g_assert_true (GTK_IS_CHECK_BUTTON (leave_out));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (clear)));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (leave_out)));
  eo_test_save_dialog_screenshot (dialog, "failures-retry.png");
  eo_test_alert_respond (dialog, "retry");

  /* The failed devices open as a list to fix, then the usual confirmation. */
  WAIT_FOR (window->list != NULL && eo_device_list_get_n_rows (window->list) == 2 &&
            !eo_window_is_loading (window), "the failed devices' list");
  g_test_message ("retry list: %s", window->file ? g_file_peek_path (window->file) : "none");
  /* The upload before is not this list's: its panel went. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));
  /* Issue 13: an editable list, each row saying why the server refused it. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (G_LIST_MODEL (window->devices), i);

      g_assert_true (g_str_has_prefix (eo_device_list_row_get_note (window->list, i), "Refused by the server: "));
      g_assert_nonnull (strstr (eo_device_get_problem_text (device), "Refused by the server: "));
    }
  /* Opened to be fixed first: no confirmation comes by itself; the toast
   * says what to do, and Assign sends the list as any other. */
  WAIT_FOR (eo_test_find_label (GTK_WIDGET (window),
                                 "Fix the failed devices in the table if needed, then Assign eSIMs",
                                 EO_TEST_MATCH_EXACT) != NULL,
            "the retry's toast");
  g_assert_null (window->dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  WAIT_FOR (window->dialog != NULL && eo_is_assign_dialog (window->dialog), "the retry's confirmation");
  eo_test_alert_respond (window->dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  WAIT_FOR (window->job != NULL && eo_upload_job_get_record (window->job) != upload.record,
            "the retry's upload");
  WAIT_FOR (!eo_upload_job_get_running (window->job), "the end of the retry");
  retried = eo_upload_job_get_record (window->job);
  g_assert_false (eo_upload_record_get_list_edited (retried));

  /* What was sent: the two refused-ICCID devices, without an ICCID; the
   * pool gave each one. */
  devices = eo_upload_record_get_devices (retried);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *eid = eo_device_get_eid (device);

      g_assert_true (g_str_equal (eid, upload.eids[ROW_NOT_IN_POOL]) ||
                     g_str_equal (eid, upload.eids[ROW_TWO_WARNINGS]));
      g_assert_null (eo_device_get_iccid (device));
      g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_nonnull (eo_device_get_assigned_iccid (device));
    }
}

/* A pasted list is another list too: the panel of the upload before
 * goes. Last: it replaces the upload's list. */
static void
test_panel_cleared_by_paste (void)
{
  EoWindow *window;
  GdkClipboard *clipboard;
  g_autofree char *eid = eo_test_next_eid ();
  g_autofree char *text = g_strdup_printf ("EID\tName\n%s\tPasted\n", eid);

  ensure_upload ();
  window = upload.window;
  if (!gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)))
    {
      /* Run alone: the panel of the upload made for it is shown. */
      g_assert_nonnull (window->job);
      gtk_widget_set_visible (GTK_WIDGET (window->upload_panel), TRUE);
    }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  gdk_clipboard_set_text (clipboard, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-list", NULL));
  WAIT_FOR (window->list != NULL && eo_device_list_get_n_rows (window->list) == 1 &&
            !eo_window_is_loading (window), "the pasted list");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));
  g_assert_null (window->job);
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (window->device_view), "Pasted", EO_TEST_MATCH_EXACT));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_setenv ("EO_POLL_INTERVAL_MS", "60", TRUE);
  eo_test_gui_init (&argc, &argv);
  failures_upload_init ("eo-failures-XXXXXX");
  notifications = eo_test_notifications_start ();

  g_test_add_func ("/failures/reasons-in-full", test_reasons_in_full);
  g_test_add_func ("/failures/details", test_details);
  g_test_add_func ("/failures/filters", test_filters);
  g_test_add_func ("/failures/finish-panel", test_finish_panel);
  g_test_add_func ("/failures/panel-not-under-history", test_panel_not_under_history);
  g_test_add_func ("/failures/narrow", test_narrow);
  g_test_add_func ("/failures/retry", test_retry);
  g_test_add_func ("/failures/panel-cleared-by-paste", test_panel_cleared_by_paste);

  ret = g_test_run ();

  g_clear_pointer (&notifications, g_ptr_array_unref);
  failures_upload_cleanup ();

  return ret;
}
