/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-finish-panel"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-device.h"
#include "eo-device-view-private.h"
#include "eo-dialogs.h"
#include "eo-handoff-dialog.h"
#include "eo-upload-panel.h"
#include "failures-upload.h"

/* Issue 12, the finish panel of the upload with failures (failures-upload.c)
 * as a person uses it: at 360 px its next steps in a short panel, each
 * reached with the keyboard; Upload Report… through the real file chooser,
 * from the panel and from the History page. */

/* The Problem cell of a failed device at 1100 px, at least: about 20
 * characters of the reason (208 px on Debian 12, 162 px on Debian 13,
 * whose monospace digits are wider); it had 85 px, the hidden On the
 * Phone column's fixed width taken from it, 132 px with the Name column
 * at 200 px, and 124 px on Debian 13 with the ICCID column 22 characters
 * wide and the Name column at 160 px. */
#define PROBLEM_MIN_WIDTH 160

/* ---------------------------------------------------------------------- */
/* The file chooser (GtkFileChooserNative's own dialog without portals,
 * under GtkFileDialog too from GTK 4.10), as a person fills it in. */

static GtkWindow *
wait_for_file_chooser (void)
{
  GtkWindow *chooser = NULL;

  WAIT_FOR ((chooser = find_toplevel ("GtkFileChooserDialog")) != NULL &&
            gtk_widget_get_mapped (GTK_WIDGET (chooser)),
            "the file chooser");
  return chooser;
}

static gboolean
recent_file_holds (const char *recent,
                   const char *uri)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (recent, &contents, NULL, NULL) && strstr (contents, uri) != NULL;
}

/* Types @path as the file's name and presses Save. */
static void
save_in_file_chooser (GtkWindow  *chooser,
                      const char *path)
{
  GtkWidget *entry;
  GtkLabel *save;
  g_autofree char *recent = NULL;
  g_autofree char *recent_dir = NULL;
  g_autofree char *uri = NULL;

  /* The chooser adds the file to the recent files, whose manager (one
   * per process) writes in the home of the test that made it, removed
   * since: there again. */
  g_object_get (gtk_recent_manager_get_default (), "filename", &recent, NULL);
  recent_dir = g_path_get_dirname (recent);
  g_assert_cmpint (g_mkdir_with_parents (recent_dir, 0700), ==, 0);
  entry = eo_test_find_widget_of_type (GTK_WIDGET (chooser), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_get_mapped (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), path);
  save = eo_test_find_label (GTK_WIDGET (chooser), "Save", EO_TEST_MATCH_EXACT);
  g_assert_nonnull (save);
  g_assert_true (gtk_widget_activate (gtk_widget_get_ancestor (GTK_WIDGET (save), GTK_TYPE_BUTTON)));
  WAIT_FOR (find_toplevel ("GtkFileChooserDialog") == NULL, "the file chooser to close");
  /* It writes them 250 ms later: within this test, before its home goes
   * (GTK 4.18 else warned once, fatally, that the folder was gone). */
  uri = g_filename_to_uri (path, NULL, NULL);
  if (gtk_recent_manager_has_item (gtk_recent_manager_get_default (), uri))
    {
      WAIT_FOR (recent_file_holds (recent, uri), "the recent files written");
      g_test_message ("Recent files written with %s", uri);
    }
}

static void
cancel_file_chooser (GtkWindow *chooser)
{
  gtk_window_close (chooser);
  WAIT_FOR (find_toplevel ("GtkFileChooserDialog") == NULL, "the file chooser to close");
}

/* The report the chooser saved at @path: the upload's facts, its failed
 * devices with their reasons and the row left out. */
static void
check_report_file (const char *path)
{
  g_autofree char *html = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;

  WAIT_FOR (g_file_test (path, G_FILE_TEST_EXISTS), "the report");
  g_file_get_contents (path, &html, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (html, eo_upload_record_get_request_id (upload.record)));
  g_assert_nonnull (strstr (html, eo_upload_record_get_server_url (upload.record)));
  g_assert_nonnull (strstr (html, "Failed devices (4)"));
  /* (HTML: the apostrophe escaped) */
  reason = g_strdup_printf ("ICCID %s is not in this account&apos;s pool", upload.iccids[ROW_NOT_IN_POOL]);
  g_assert_nonnull (strstr (html, reason));
  g_assert_nonnull (strstr (html, upload.eids[ROW_ALREADY_1]));
  g_assert_nonnull (strstr (html, "Devices left out, not sent (1)"));
  g_unlink (path);
}

/* ---------------------------------------------------------------------- */
/* The panel at 360 px */

/* The item of the open menu @popover labelled @label, or NULL. */
static GtkWidget *
menu_item (GtkWidget  *popover,
           const char *label)
{
  GtkLabel *found = eo_test_find_label (popover, label, EO_TEST_MATCH_EXACT);
  GtkWidget *item;

  if (found == NULL)
    return NULL;
  for (item = GTK_WIDGET (found); item != NULL; item = gtk_widget_get_parent (item))
    if (g_strcmp0 (gtk_widget_get_css_name (item), "modelbutton") == 0)
      return item;
  return NULL;
}

/* Opens More Actions as the keyboard does (focus, Enter) and activates
 * its item @label; returns FALSE if the item is not there. */
static gboolean
activate_more_action (EoWindow   *window,
                      GtkWidget  *more,
                      const char *label)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (more)));
  GtkWidget *item;

  g_assert_true (gtk_widget_grab_focus (more));
  g_assert_true (gtk_widget_activate (more));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (more)));
  WAIT_FOR (popover != NULL && gtk_widget_get_mapped (popover), "the More Actions menu");
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  item = menu_item (popover, label);
  if (item == NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (popover));
      return FALSE;
    }
  g_assert_true (gtk_widget_is_sensitive (item));
  g_assert_true (gtk_widget_activate (item));
  WAIT_FOR (!gtk_widget_get_mapped (popover), "the menu to close");
  return TRUE;
}

/* The height of a row of the device table. */
static int
row_height (GtkWidget *cell)
{
  for (GtkWidget *row = cell; row != NULL; row = gtk_widget_get_parent (row))
    if (g_strcmp0 (gtk_widget_get_css_name (row), "row") == 0)
      return gtk_widget_get_height (row);
  g_assert_not_reached ();
}

static void
check_clipboard (EoWindow   *window,
                 const char *expected)
{
  g_autofree char *text = eo_test_read_clipboard (GTK_WIDGET (window));

  g_assert_cmpstr (text, ==, expected);
}

static void
check_alert_opens (EoWindow   *window,
                   GtkWidget  *more,
                   const char *label,
                   const char *heading)
{
  GtkWidget *alert;

  g_assert_true (activate_more_action (window, more, label));
  alert = eo_test_wait_for_dialog (GTK_WINDOW (window), eo_alert_get_platform_type ());
  /* The heading as the alert holds it, whichever alert type the
   * libadwaita version gives (on Debian 13 no mapped label of the
   * AdwAlertDialog held it when looked for). */
  g_assert_cmpstr (eo_alert_get_heading (alert), ==, heading);
  eo_test_alert_respond (alert, "cancel");
  WAIT_FOR (eo_dialog_find (GTK_WINDOW (window), eo_alert_get_platform_type ()) == NULL, "the alert to close");
}

static void
test_narrow (void)
{
  EoWindow *window;
  GtkWidget *panel;
  GtkWidget *more;
  GtkWidget *handoff_button;
  GtkWidget *scrolled;
  GtkWidget *problem;
  GtkWindow *dialog = NULL;
  g_autofree char *report = NULL;
  g_autofree char *sheet = NULL;

  ensure_upload ();
  window = upload.window;
  panel = GTK_WIDGET (window->upload_panel);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1),
             gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))) == 360 &&
             _eo_window_get_narrow (window)),
            "a narrow window 360 px wide");
  g_assert_true (eo_upload_panel_get_compact (window->upload_panel));
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);

  /* Short: a third of the window at most, the table with room for 8 rows. */
  g_assert_true (gtk_widget_get_mapped (panel));
  g_test_message ("panel %d px of %d", gtk_widget_get_height (panel), gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_height (panel), <=, gtk_widget_get_height (GTK_WIDGET (window)) / 3);
  problem = problem_label_of (window, table_device (window, ROW_NOT_IN_POOL));
  g_assert_nonnull (problem);
  scrolled = gtk_widget_get_ancestor (problem, GTK_TYPE_SCROLLED_WINDOW);
  g_test_message ("table %d px, rows %d px", gtk_widget_get_height (scrolled), row_height (problem));
  g_assert_cmpint (gtk_widget_get_height (scrolled), >=, 8 * row_height (problem));
  /* One next step as a button, the others in More Actions. */
  handoff_button = next_step (window, "MDM Hand-off");
  g_assert_true (gtk_widget_get_mapped (handoff_button));
  g_assert_null (eo_test_find_label (panel, "Export Results…", EO_TEST_MATCH_EXACT));
  g_assert_null (eo_test_find_label (panel, "Request ID", EO_TEST_MATCH_EXACT));
  eo_test_save_screenshot (GTK_WIDGET (window), "finish-panel-360.png");
  more = gtk_widget_get_ancestor (next_step (window, "More Actions"), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (more);
  g_assert_true (gtk_widget_get_mapped (more));

  /* Each next step with the keyboard, and what it does. */
  g_assert_true (gtk_widget_grab_focus (handoff_button));
  g_assert_true (gtk_widget_activate (handoff_button));
  WAIT_FOR ((dialog = find_toplevel ("EoHandoffDialog")) != NULL, "the MDM hand-off");
  gtk_window_destroy (dialog);

  g_assert_true (activate_more_action (window, more, "Export Results…"));
  cancel_file_chooser (wait_for_file_chooser ());

  report = g_build_filename (dir, "narrow-report.html", NULL);
  g_assert_true (activate_more_action (window, more, "Upload Report…"));
  save_in_file_chooser (wait_for_file_chooser (), report);
  check_report_file (report);

  sheet = g_strdup_printf ("%s/esim-onboard/sheets/%s.html", g_get_user_cache_dir (),
                           eo_upload_record_get_local_id (upload.record));
  g_unlink (sheet);
  g_assert_true (activate_more_action (window, more, "Print QR Sheet…"));
  WAIT_FOR (g_file_test (sheet, G_FILE_TEST_EXISTS), "the QR sheet");

  check_alert_opens (window, more, "Retry Failed…", "Send 4 Failed Devices Again?");
  /* Not connected to Jamf Pro in this test: it says so. */
  check_alert_opens (window, more, "Push to Phones…", "Connect to Jamf Pro First");

  /* The copies of the details the narrow panel does not show. */
  g_assert_true (activate_more_action (window, more, "Copy the Request ID"));
  check_clipboard (window, eo_upload_record_get_request_id (upload.record));
  g_assert_true (activate_more_action (window, more, "Copy the SM-DP+ URL"));
  check_clipboard (window, eo_upload_record_get_server_url (upload.record));
  /* No serial number column in this list: no such item. */
  g_assert_false (activate_more_action (window, more, "Copy Serial Numbers"));

  /* Wide again: the buttons, no menu. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), !_eo_window_get_narrow (window)),
            "the wide layout");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_false (eo_upload_panel_get_compact (window->upload_panel));
  g_assert_false (gtk_widget_get_mapped (more));
  g_assert_true (gtk_widget_get_mapped (next_step (window, "Export Results…")));
  g_assert_nonnull (eo_test_find_label (panel, "Request ID", EO_TEST_MATCH_EXACT));
}

/* ---------------------------------------------------------------------- */
/* The Problem column at 1100 px */

/* @cell shows its whole text (no ellipsis): as wide as the text's layout. */
static void
assert_unclipped (GtkWidget *cell)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (cell, eo_test_widget_text (cell));
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  g_object_unref (layout);
  g_test_message ("“%s”: %d px of %d", eo_test_widget_text (cell), gtk_widget_get_width (cell), width);
  g_assert_cmpint (gtk_widget_get_width (cell), >=, width);
}

/* Each cell of @cell's row, and its width: what took the room. */
static void
log_row_cells (GtkWidget *cell)
{
  GtkWidget *row = cell;

  while (row != NULL && g_strcmp0 (gtk_widget_get_css_name (row), "row") != 0)
    row = gtk_widget_get_parent (row);
  if (row == NULL)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      {
        GtkWidget *inner = gtk_widget_get_first_child (child);
        const char *text = inner != NULL ? eo_test_widget_text (inner) : NULL;
        int text_width = -1;
        int char_width = -1;

        if (text != NULL)
          {
            PangoLayout *layout = gtk_widget_create_pango_layout (inner, text);
            PangoFontMetrics *metrics = pango_context_get_metrics (gtk_widget_get_pango_context (inner),
                                                                   NULL, NULL);

            pango_layout_get_pixel_size (layout, &text_width, NULL);
            char_width = pango_font_metrics_get_approximate_char_width (metrics);
            pango_font_metrics_unref (metrics);
            g_object_unref (layout);
          }
        g_test_message ("cell %d px, %s %d px, “%s” %d px, char %d/1024", gtk_widget_get_width (child),
                        inner != NULL ? G_OBJECT_TYPE_NAME (inner) : "-",
                        inner != NULL ? gtk_widget_get_width (inner) : -1,
                        text != NULL ? text : "", text_width, char_width);
      }
}

static void
test_problem_width (void)
{
  EoWindow *window;
  EoDevice *device;
  GtkWidget *problem;
  GtkWidget *eid;
  g_autofree char *tooltip = NULL;

  ensure_upload ();
  window = upload.window;
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1),
             gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))) == 1100 &&
             !_eo_window_get_narrow (window)),
            "a wide window 1100 px wide");
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);

  device = table_device (window, ROW_NOT_IN_POOL);
  problem = problem_label_of (window, device);
  g_assert_nonnull (problem);
  g_test_message ("Problem %d px, table %d px", gtk_widget_get_width (problem),
                  gtk_widget_get_width (GTK_WIDGET (window->device_view)));
  log_row_cells (problem);
  /* The rest of the width. */
  g_assert_cmpint (gtk_widget_get_width (problem), >=, PROBLEM_MIN_WIDTH);
  /* The identifiers whole beside it. */
  eid = eo_test_find_text (GTK_WIDGET (window->device_view), eo_device_get_eid (device), EO_TEST_MATCH_EXACT);
  g_assert_nonnull (eid);
  assert_unclipped (eid);
  assert_unclipped (eo_test_find_text (GTK_WIDGET (window->device_view), upload.iccids[ROW_NOT_IN_POOL],
                                       EO_TEST_MATCH_EXACT));
  /* The whole reason in its tooltip, made when asked for. */
  tooltip = _eo_device_view_dup_cell_tooltip (problem);
  g_assert_nonnull (strstr (tooltip, eo_device_get_reason (device)));
  eo_test_save_screenshot (GTK_WIDGET (window), "finish-panel-1100.png");
}

/* ---------------------------------------------------------------------- */
/* Upload Report… through the file chooser */

static void
test_report_from_panel (void)
{
  EoWindow *window;
  g_autofree char *path = NULL;

  ensure_upload ();
  window = upload.window;
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  path = g_build_filename (dir, "panel-report.html", NULL);

  /* Cancelled: nothing written. */
  g_assert_true (gtk_widget_activate (next_step (window, "Upload Report…")));
  cancel_file_chooser (wait_for_file_chooser ());
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (gtk_widget_activate (next_step (window, "Upload Report…")));
  save_in_file_chooser (wait_for_file_chooser (), path);
  check_report_file (path);
}

static void
test_report_from_history (void)
{
  EoWindow *window;
  GtkWidget *export;
  GtkWidget *popover;
  GtkWidget *item;
  g_autofree char *path = NULL;

  ensure_upload ();
  window = upload.window;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "history") == 0,
            "the History page");
  eo_history_view_open_record (window->history_view, upload.record);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* The upload's Export menu: Upload Report… */
  export = eo_test_find_widget_of_type (GTK_WIDGET (window->history_view), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (export);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (export), ==, "Export Results");
  g_assert_true (gtk_widget_activate (export));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (export)));
  WAIT_FOR (gtk_widget_get_mapped (popover), "the Export menu");
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  item = menu_item (popover, "Upload Report…");
  g_assert_nonnull (item);
  g_assert_true (gtk_widget_activate (item));

  path = g_build_filename (dir, "history-report.html", NULL);
  save_in_file_chooser (wait_for_file_chooser (), path);
  check_report_file (path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-history", NULL));
  WAIT_FOR (g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "list") == 0, "the list");
}

int
main (int   argc,
      char *argv[])
{
  /* Of an inactive window's finished uploads. */
  g_autoptr(GPtrArray) notifications = NULL;
  int ret;

  g_setenv ("EO_POLL_INTERVAL_MS", "60", TRUE);
  eo_test_gui_init (&argc, &argv);
  failures_upload_init ("eo-finish-panel-XXXXXX");
  notifications = eo_test_notifications_start ();

  g_test_add_func ("/finish-panel/narrow", test_narrow);
  g_test_add_func ("/finish-panel/problem-width", test_problem_width);
  g_test_add_func ("/finish-panel/report-from-panel", test_report_from_panel);
  g_test_add_func ("/finish-panel/report-from-history", test_report_from_history);

  ret = g_test_run ();

  failures_upload_cleanup ();

  return ret;
}
