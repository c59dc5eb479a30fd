/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>
#include <sys/stat.h>

#include "eo-application.h"
#include "eo-device.h"
#include "eo-identifiers.h"
#include "eo-dialogs.h"
#include "eo-window-private.h"
#include "eo-device-view-private.h"
#include "eo-test-gui.h"

#define find_label(widget, prefix) eo_test_find_label ((widget), (prefix), EO_TEST_MATCH_PREFIX)
/* A table cell's text (cells are inscriptions). */
#define find_text(widget, prefix) eo_test_find_text ((widget), (prefix), EO_TEST_MATCH_PREFIX)

/* The real window, driven as a user would: open files (chooser path,
 * command line, drop), read what the table and the labels show, filter,
 * sort, and take screenshots of the result. */

static EoApplication *app;

static void
wait_for_sort (EoWindow *window)
{
  EO_TEST_WAIT_FOR (!eo_device_view_is_sorting (window->device_view), "the sort", 20);
}

static GListModel *
shown_model (EoWindow *window)
{
  return eo_device_view_get_shown_model (window->device_view);
}

static EoDevice *
shown_device (EoWindow *window,
              guint     position)
{
  g_autoptr(EoDevice) device = g_list_model_get_item (shown_model (window), position);

  g_assert_nonnull (device);
  /* The model keeps it alive. */
  return device;
}

/* Once the error bar has finished sliding too. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  if (EO_IS_WINDOW (widget))
    {
      EoWindow *window = EO_WINDOW (widget);

      while (gtk_revealer_get_child_revealed (window->error_revealer) !=
             gtk_revealer_get_reveal_child (window->error_revealer))
        eo_test_wait_for_frames (widget, 1);
    }
  eo_test_save_screenshot (widget, name);
}

static void
test_empty (void)
{
  EoWindow *window = eo_test_new_window (app);

  g_assert_true (eo_window_is_empty (window));
  g_assert_false (eo_window_is_loading (window));
  g_assert_null (eo_window_get_file (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "eSIM Onboard");
  /* Filtering needs a list. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->filter_dropdown)));
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Drop a CSV file"));

  save_screenshot (GTK_WIDGET (window), "window-empty.png");
  eo_test_destroy_window (window);
}

static void
test_load (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 0, 0);
  g_autofree char *path = eo_test_data_path ("devices.csv");
  g_autoptr(GFile) expected = g_file_new_for_path (path);
  GListModel *model = shown_model (window);
  EoDevice *device;
  GtkWidget *cell;

  g_assert_false (eo_window_is_empty (window));
  g_assert_true (g_file_equal (eo_window_get_file (window), expected));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "devices.csv");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "devices.csv");

  /* Every row, in file order. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_cmpstr (eo_device_get_name (shown_device (window, 0)), ==, "Zulu Phone");
  g_assert_cmpuint (eo_device_get_line (shown_device (window, 0)), ==, 2);

  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==,
                   "5 devices · 1 error · 1 warning");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->notes_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (window->notes_label), "Serial"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window->filter_dropdown)));

  /* Line 4 has a wrong EID check digit, line 5 spaces in its EID. */
  device = shown_device (window, 2);
  g_assert_cmpstr (eo_device_get_name (device), ==, "Mike Phone");
  g_assert_cmpint (eo_device_get_severity (device), ==, EO_SEVERITY_ERROR);
  g_assert_nonnull (strstr (eo_device_get_problem_text (device), "check digits"));
  device = shown_device (window, 3);
  g_assert_cmpint (eo_device_get_severity (device), ==, EO_SEVERITY_WARNING);

  /* What the table shows. */
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  cell = find_text (GTK_WIDGET (window->device_view), "EID check digits");
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (cell, "error"));
  /* The tooltip is made when asked for (query-tooltip). */
  {
    g_autofree char *tooltip = _eo_device_view_dup_cell_tooltip (cell);

    g_assert_true (gtk_widget_get_has_tooltip (cell));
    g_assert_cmpstr (tooltip, ==, eo_device_get_problem_text (shown_device (window, 2)));
  }
  cell = find_text (GTK_WIDGET (window->device_view), "Bravo Phone");
  g_assert_nonnull (cell);
  cell = find_text (GTK_WIDGET (window->device_view), "assigned automatically");
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (cell, "dim-label"));
  cell = find_text (GTK_WIDGET (window->device_view), eo_device_get_eid (shown_device (window, 0)));
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (cell, "monospace"));

  save_screenshot (GTK_WIDGET (window), "window-loaded.png");
  eo_test_destroy_window (window);
}

static void
test_filter (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 0, 0);
  EoWindow *other = NULL;
  GListModel *model = shown_model (window);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  /* Before an upload the choice is All or Problems. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (window->filter_dropdown)), ==, 2);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->filter_count_label)));

  /* As Ctrl+E does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems-only", NULL));
  g_assert_cmpuint (gtk_drop_down_get_selected (window->filter_dropdown), ==, EO_DEVICE_FILTER_PROBLEMS);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (eo_device_get_name (shown_device (window, 0)), ==, "Mike Phone");
  g_assert_cmpstr (eo_device_get_name (shown_device (window, 1)), ==, "Bravo Phone");
  /* Rows are hidden: how many are shown is said. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->filter_count_label)));
  g_assert_cmpstr (gtk_label_get_text (window->filter_count_label), ==, "Showing 2 of 5");

  /* The summary still counts the whole list. */
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==,
                   "5 devices · 1 error · 1 warning");

  /* The filter is this window's: another window (a clean list, say)
   * shows every device, and leaves this one filtered. */
  other = eo_test_open_data_file (app, "valid.csv", 0, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (other->filter_dropdown), ==, EO_DEVICE_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (other)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (other)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (other->devices)));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (gtk_drop_down_get_selected (window->filter_dropdown), ==, EO_DEVICE_FILTER_PROBLEMS);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  eo_test_destroy_window (other);

  /* All again in the drop-down, as a user would choose it. */
  gtk_drop_down_set_selected (window->filter_dropdown, EO_DEVICE_FILTER_ALL);
  g_assert_false (eo_device_view_get_problems_only (window->device_view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->filter_count_label)));

  /* Not remembered: the next window starts with every device. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems-only", NULL));
  eo_test_destroy_window (window);
  window = eo_test_open_data_file (app, "devices.csv", 0, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (window->filter_dropdown), ==, EO_DEVICE_FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 5);

  eo_test_destroy_window (window);
}

static void
test_no_problems (void)
{
  EoWindow *window = eo_test_open_data_file (app, "valid.csv", 0, 0);

  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "3 devices · no problems");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->notes_label)));
  g_assert_false (eo_device_view_is_showing_no_problems (window->device_view));

  /* Only problems, and there are none: said in words, not an empty table. */
  g_object_set (window, "show-problems-only", TRUE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 0);
  g_assert_true (eo_device_view_is_showing_no_problems (window->device_view));
  save_screenshot (GTK_WIDGET (window), "window-no-problems.png");

  /* A list with problems brings the table back. */
  {
    g_autoptr(GFile) file = eo_test_data_file ("devices.csv");

    eo_test_load_file (window, file);
    g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 2);
    g_assert_false (eo_device_view_is_showing_no_problems (window->device_view));
  }

  g_object_set (window, "show-problems-only", FALSE, NULL);
  eo_test_destroy_window (window);
}

static void
assert_names (EoWindow   *window,
              const char *expected)
{
  GListModel *model = shown_model (window);
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, eo_device_get_name (shown_device (window, i)));
    }

  g_assert_cmpstr (names->str, ==, expected);
}

static void
test_sort (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 0, 0);
  GtkColumnView *column_view = eo_device_view_get_column_view (window->device_view);

  assert_names (window, "Zulu Phone, Alpha Phone, Mike Phone, Bravo Phone, Echo Phone");

  gtk_column_view_sort_by_column (column_view, eo_test_find_column (window->device_view, "Name"), GTK_SORT_ASCENDING);
  wait_for_sort (window);
  assert_names (window, "Alpha Phone, Bravo Phone, Echo Phone, Mike Phone, Zulu Phone");

  gtk_column_view_sort_by_column (column_view, eo_test_find_column (window->device_view, "Name"), GTK_SORT_DESCENDING);
  wait_for_sort (window);
  assert_names (window, "Zulu Phone, Mike Phone, Echo Phone, Bravo Phone, Alpha Phone");

  /* Errors first, then warnings; ties keep the previous order. */
  gtk_column_view_sort_by_column (column_view, eo_test_find_column (window->device_view, "Check"), GTK_SORT_ASCENDING);
  wait_for_sort (window);
  g_assert_cmpstr (eo_device_get_name (shown_device (window, 0)), ==, "Mike Phone");
  g_assert_cmpstr (eo_device_get_name (shown_device (window, 1)), ==, "Bravo Phone");

  /* Requested ICCIDs first, the automatic ones after. */
  gtk_column_view_sort_by_column (column_view, eo_test_find_column (window->device_view, "ICCID"), GTK_SORT_ASCENDING);
  wait_for_sort (window);
  g_assert_nonnull (eo_device_get_iccid (shown_device (window, 0)));
  g_assert_nonnull (eo_device_get_iccid (shown_device (window, 1)));
  g_assert_null (eo_device_get_iccid (shown_device (window, 4)));

  gtk_column_view_sort_by_column (column_view, eo_test_find_column (window->device_view, "Line"), GTK_SORT_DESCENDING);
  wait_for_sort (window);
  g_assert_cmpuint (eo_device_get_line (shown_device (window, 0)), ==, 6);
  g_assert_cmpuint (eo_device_get_line (shown_device (window, 4)), ==, 2);

  /* Sorting and filtering together. */
  gtk_column_view_sort_by_column (column_view, eo_test_find_column (window->device_view, "Name"), GTK_SORT_ASCENDING);
  g_object_set (window, "show-problems-only", TRUE, NULL);
  wait_for_sort (window);
  assert_names (window, "Bravo Phone, Mike Phone");
  g_object_set (window, "show-problems-only", FALSE, NULL);

  eo_test_destroy_window (window);
}

static void
test_error_without_list (void)
{
  EoWindow *window = eo_test_open_data_file (app, "header-only.csv", 0, 0);
  const char *description;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (window->error_page), ==,
                   "Could Not Open “header-only.csv”");
  description = adw_status_page_get_description (window->error_page);
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, "no devices"));
  g_assert_null (eo_window_get_file (window));
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 0);
  /* The window can take the next file. */
  g_assert_true (eo_window_is_empty (window));

  save_screenshot (GTK_WIDGET (window), "window-error.png");

  /* And a good file replaces the error. */
  {
    g_autoptr(GFile) file = eo_test_data_file ("devices.csv");

    eo_test_load_file (window, file);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
    g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 5);
  }

  eo_test_destroy_window (window);
}

/* A named pipe without a writer (issue 10): the loader used to wait for
 * it forever; now the window says why it is not read. */
static void
test_error_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "devices.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EoWindow *window = eo_test_new_window (app);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  eo_test_load_file (window, file);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (window->error_page), ==, "Could Not Open “devices.csv”");
  g_assert_true (g_str_has_suffix (adw_status_page_get_description (window->error_page),
                                   ": it is a named pipe, not a file"));

  eo_test_destroy_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* More than 10,000 problems of a kind: the rows with errors beyond them
 * are counted in the summary, and a note says the rest is not listed. */
static void
test_capped_problems (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  EoWindow *window = eo_test_new_window (app);

  for (guint i = 0; i < 12000; i++)
    g_string_append (text, "1,\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  eo_test_load_file (window, file);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  summary = _eo_window_format_summary (12000, 12000, 0, 0);
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, summary);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
  g_assert_nonnull (strstr (gtk_label_get_text (window->notes_label), "more problems are not listed"));

  eo_test_destroy_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_error_keeps_list (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 0, 0);
  g_autoptr(GFile) bad = eo_test_data_file ("header-only.csv");
  g_autoptr(GFile) missing = eo_test_data_file ("no-such-file.csv");
  g_autoptr(GFile) good = eo_test_data_file ("devices.csv");

  g_assert_false (gtk_revealer_get_reveal_child (window->error_revealer));

  eo_test_load_file (window, bad);

  /* The list shown stays, with the reason the new one is not there. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 5);
  g_assert_true (g_file_equal (eo_window_get_file (window), good));
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "devices.csv");
  g_assert_true (gtk_revealer_get_reveal_child (window->error_revealer));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (window->error_bar_label),
                                   "Could not open “header-only.csv”: "));
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_bar_label), "no devices"));

  save_screenshot (GTK_WIDGET (window), "window-error-bar.png");

  /* A file that does not exist: a message, not a crash. */
  eo_test_load_file (window, missing);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 5);
  g_assert_nonnull (strstr (gtk_label_get_text (window->error_bar_label), "no-such-file.csv"));

  /* A good file clears the message. */
  eo_test_load_file (window, good);
  g_assert_false (gtk_revealer_get_reveal_child (window->error_revealer));

  eo_test_destroy_window (window);
}

static void
test_last_open_wins (void)
{
  EoWindow *window = eo_test_new_window (app);
  g_autoptr(GFile) bad = eo_test_data_file ("header-only.csv");
  g_autoptr(GFile) good = eo_test_data_file ("devices.csv");

  /* The second request cancels the first: only its result shows. */
  eo_window_open_file (window, bad);
  eo_test_load_file (window, good);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 5);
  g_assert_false (gtk_revealer_get_reveal_child (window->error_revealer));

  eo_test_destroy_window (window);
}

static void
test_drop (void)
{
  EoWindow *window = eo_test_new_window (app);
  GtkDropTarget *target = _eo_window_get_drop_target (window);
  g_autoptr(GFile) file = eo_test_data_file ("devices.csv");
  g_auto(GValue) value = G_VALUE_INIT;
  const GType *types;
  gsize n_types;
  gboolean has_file_list = FALSE;
  GdkDragAction action = 0;
  gboolean accepted = FALSE;
  GSList files = { file, NULL };

  g_assert_nonnull (target);
  g_assert_true (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)) == GTK_WIDGET (window));
  types = gtk_drop_target_get_gtypes (target, &n_types);
  for (gsize i = 0; i < n_types; i++)
    has_file_list |= types[i] == GDK_TYPE_FILE_LIST;
  g_assert_true (has_file_list);
  g_assert_true (gtk_drop_target_get_actions (target) & GDK_ACTION_COPY);

  /* Dragging over the window shows the drop indicator. */
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "drop-active"));
  g_signal_emit_by_name (target, "enter", 100.0, 100.0, &action);
  g_assert_cmpint (action, ==, GDK_ACTION_COPY);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "drop-active"));
  eo_test_wait_for_frames (GTK_WIDGET (window), 20); /* the indicator fades in */
  save_screenshot (GTK_WIDGET (window), "window-drop.png");
  g_signal_emit_by_name (target, "leave");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "drop-active"));

  /* Dropping the file opens it. */
  g_signal_emit_by_name (target, "enter", 100.0, 100.0, &action);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, &files);
  g_signal_emit_by_name (target, "drop", &value, 100.0, 100.0, &accepted);
  g_assert_true (accepted);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "drop-active"));
  eo_test_wait_for_load (window);
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, 5);

  eo_test_destroy_window (window);
}

static void
test_application_open (void)
{
  g_autoptr(GFile) file = eo_test_data_file ("devices.csv");
  GtkWindow *window;

  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* What "esim-onboard devices.csv" and "Open With" do. */
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (EO_IS_WINDOW (window));
  eo_test_wait_for_load (EO_WINDOW (window));
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (EO_WINDOW (window))), ==, 5);

  /* A second file gets a window of its own. */
  g_application_open (G_APPLICATION (app), &file, 1, "");
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 2);

  while (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL)
    {
      EoWindow *w = gtk_application_get_windows (GTK_APPLICATION (app))->data;

      eo_test_wait_for_load (w);
      eo_test_destroy_window (w);
    }
}

static void
test_actions (void)
{
  EoWindow *window = eo_test_new_window (app);
  g_auto(GStrv) accels = NULL;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "new-window"));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.open");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>o", NULL }));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>q", NULL }));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "window.close");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Control>w", NULL }));

  /* The shortcuts window comes from the resources: the window has the
   * action that shows it (GTK adds it with the overlay; asking for the
   * overlay itself is deprecated in GTK 4.18). */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));

  /* About. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  {
    GtkWidget *about = eo_test_wait_for_dialog (GTK_WINDOW (window), eo_about_get_platform_type ());
    g_autofree char *version = NULL;
    GtkLicense license;

    g_object_get (about, "version", &version, "license-type", &license, NULL);
    g_assert_cmpstr (version, ==, PACKAGE_VERSION);
    g_assert_cmpint (license, ==, GTK_LICENSE_GPL_3_0);
    eo_test_close_dialog (about);
  }

  /* Ctrl+W's action exists and closes the window. */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static void
test_window_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  EoWindow *window;
  int width, height;

  g_settings_set_int (settings, "window-width", 1000);
  g_settings_set_int (settings, "window-height", 600);
  window = eo_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 600);

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 500);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_summary_format (void)
{
  char *s;

  s = _eo_window_format_summary (1, 0, 0, 0);
  g_assert_cmpstr (s, ==, "1 device · no problems");
  g_free (s);
  s = _eo_window_format_summary (2, 1, 0, 0);
  g_assert_cmpstr (s, ==, "2 devices · 1 error");
  g_free (s);
  s = _eo_window_format_summary (2, 0, 2, 0);
  g_assert_cmpstr (s, ==, "2 devices · 2 warnings");
  g_free (s);
  /* The C locale has no thousands separator. */
  s = _eo_window_format_summary (1204, 3, 2, 0);
  g_assert_cmpstr (s, ==, "1204 devices · 3 errors · 2 warnings");
  g_free (s);
  /* Rows an earlier upload assigned are left out: counted, never "no problems". */
  s = _eo_window_format_summary (2, 0, 0, 2);
  g_assert_cmpstr (s, ==, "2 devices · 2 already assigned");
  g_free (s);
  s = _eo_window_format_summary (3, 1, 0, 1);
  g_assert_cmpstr (s, ==, "3 devices · 1 error · 1 already assigned");
  g_free (s);
}

/* A list the size of a large fleet: loads without blocking the window
 * and within the time a person waits for it. */
static void
test_large_list (void)
{
  const guint n_devices = 100000;
  g_autoptr(GString) csv = g_string_sized_new (n_devices * 64);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "large.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  EoWindow *window;
  gint64 start, elapsed_ms;
  guint main_loop_turns = 0;

  g_string_append (csv, "EID,Name,ICCID\n");
  for (guint i = 0; i < n_devices; i++)
    {
      char eid[EO_EID_LENGTH + 1];

      g_snprintf (eid, sizeof eid, "890490320000%018u", i);
      g_snprintf (eid + 30, 3, "%02u", eo_eid_compute_check (eid));
      g_string_append_printf (csv, "%s,Phone %06u,\n", eid, n_devices - i);
    }
  g_assert_no_errno (g_mkdir_with_parents (g_get_user_cache_dir (), 0700));
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  window = eo_test_new_window (app);
  start = g_get_monotonic_time ();
  eo_window_open_file (window, file);
  while (eo_window_is_loading (window))
    {
      g_main_context_iteration (NULL, TRUE);
      main_loop_turns++;
    }
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("%u devices on screen in %" G_GINT64_FORMAT " ms", n_devices, elapsed_ms);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (shown_model (window)), ==, n_devices);
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "100000 devices · no problems");
  /* The main loop kept turning while the worker thread read the file. */
  g_assert_cmpuint (main_loop_turns, >, 1);
  /* Generous for a loaded machine; it takes about 0.5 s here. */
  g_assert_cmpint (elapsed_ms, <, 5000);

  /* Sorting 100,000 names runs in steps and ends. */
  gtk_column_view_sort_by_column (eo_device_view_get_column_view (window->device_view),
                                  eo_test_find_column (window->device_view, "Name"), GTK_SORT_ASCENDING);
  wait_for_sort (window);
  g_assert_cmpstr (eo_device_get_name (shown_device (window, 0)), ==, "Phone 000001");

  eo_test_destroy_window (window);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);
  app = eo_test_application_new ();

  g_test_add_func ("/window/summary-format", test_summary_format);
  g_test_add_func ("/window/empty", test_empty);
  g_test_add_func ("/window/load", test_load);
  g_test_add_func ("/window/filter", test_filter);
  g_test_add_func ("/window/no-problems", test_no_problems);
  g_test_add_func ("/window/sort", test_sort);
  g_test_add_func ("/window/error-without-list", test_error_without_list);
  g_test_add_func ("/window/error-keeps-list", test_error_keeps_list);
  g_test_add_func ("/window/error-fifo", test_error_fifo);
  g_test_add_func ("/window/capped-problems", test_capped_problems);
  g_test_add_func ("/window/last-open-wins", test_last_open_wins);
  g_test_add_func ("/window/drop", test_drop);
  g_test_add_func ("/window/application-open", test_application_open);
  g_test_add_func ("/window/actions", test_actions);
  g_test_add_func ("/window/size-saved", test_window_size_saved);
  g_test_add_func ("/window/large-list", test_large_list);

  return eo_test_gui_run (&app);
}
