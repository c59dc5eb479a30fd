/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-edit"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-device-list-edit.h"
#include "eo-dialogs.h"
#include "eo-history.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"
#include "eo-test-sim.h"

/* Fixing a list in the window (issue 13): the row editor re-checks as
 * one types and the table shows the row's new problems (and the
 * duplicates across the list); Delete; the bulk fixes with their toasts;
 * Ctrl+Z / Ctrl+Shift+Z through the window's own shortcuts; Save As read
 * back; the title of an edited list and the question before it goes. */

#define EID1 "89049032123451234512345678901235"
#define EID2 "89049032123451234512345678901332"
#define EID3 "89049032123451234512345678901429"
#define BAD  "89049032123451234512345678901234" /* check digits wrong */
#define ICCID1 "8910042348144559361"

static const char list_text[] =
  "EID,Name,ICCID,Serial Number\n"
  EID1 ",Front desk," ICCID1 ",SN-A\n"   /* line 2 */
  BAD ",Lab,,SN-B\n"                     /* line 3: bad check digits */
  EID2 ",Store,1234,SN-C\n"              /* line 4: bad ICCID */
  EID1 ",Spare,,SN-D\n";                 /* line 5: repeats line 2's EID */

static EoApplication *app;

#define find_named(widget, name) eo_test_find_widget_by_name ((widget), (name))

static EoWindow *
open_list (const char *name,
           const char *text)
{
  EoWindow *window = eo_test_open_list (app, name, text);

  g_assert_nonnull (window->list);
  return window;
}

/* Selects the table's row showing line @line. */
static void
select_line (EoWindow *window,
             guint     line)
{
  GListModel *shown = eo_device_view_get_shown_model (window->device_view);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (shown, i);

      if (eo_device_get_line (device) == line)
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (shown), i);
          return;
        }
    }
  g_error ("no row on line %u", line);
}

static EoDevice *
device_on_line (EoWindow *window,
                guint     line)
{
  GListModel *model = G_LIST_MODEL (window->devices);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (model, i);

      if (eo_device_get_line (device) == line)
        return device;
    }
  return NULL;
}

/* The shortcut of @widget's shortcut controllers for @keyval + @mods,
 * activated as the key would (FALSE when there is none). */
static gboolean
press (GtkWidget       *widget,
       guint            keyval,
       GdkModifierType  mods,
       const char      *action_name)
{
  g_autoptr(GtkShortcutTrigger) trigger = gtk_keyval_trigger_new (keyval, mods);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger))
            continue;
          /* Not before the focused widget: a text field keeps its own keys. */
          g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==, GTK_PHASE_BUBBLE);
          g_assert_true (GTK_IS_NAMED_ACTION (action));
          g_assert_cmpstr (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), ==, action_name);
          return gtk_shortcut_action_activate (action, 0, widget, NULL);
        }
    }
  return FALSE;
}

static const char *
title (EoWindow *window)
{
  return adw_window_title_get_title (window->window_title);
}

static GtkWidget *
edit_with_f2 (EoWindow *window,
              guint     line)
{
  select_line (window, line);
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_F2, 0, "win.edit-row"));
  return eo_test_wait_for_dialog (GTK_WINDOW (window), eo_alert_get_platform_type ());
}

static void
set_entry (GtkWidget  *dialog,
           const char *name,
           const char *text)
{
  GtkWidget *entry = find_named (dialog, name);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static const char *
problems_label (GtkWidget *dialog)
{
  GtkWidget *label = find_named (dialog, "edit-problems");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* A real edit through the row editor: the problem shown as one types,
 * then in the table; a duplicate made across the list shows on both rows. */
static void
test_edit_recheck (void)
{
  EoWindow *window = open_list ("recheck.csv", list_text);
  GtkWidget *dialog;
  EoDevice *device;

  g_assert_cmpstr (title (window), ==, "recheck.csv");
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "4 devices · 4 errors");
  device = device_on_line (window, 3);
  g_assert_nonnull (strstr (eo_device_get_problem_text (device), "check digits"));

  dialog = edit_with_f2 (window, 3);
  g_assert_nonnull (strstr (problems_label (dialog), "check digits"));
  set_entry (dialog, "eid-entry", EID3);
  g_assert_cmpstr (problems_label (dialog), ==, "No problems.");
  set_entry (dialog, "eid-entry", EID2);
  g_assert_nonnull (strstr (problems_label (dialog), "also on line 4"));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  eo_test_save_dialog_screenshot (dialog, "edit-row.png");
  set_entry (dialog, "eid-entry", EID3);
  eo_test_alert_respond (dialog, "apply");

  device = device_on_line (window, 3);
  g_assert_cmpstr (eo_device_get_eid (device), ==, EID3);
  g_assert_cmpint (eo_device_get_severity (device), ==, EO_SEVERITY_OK);
  g_assert_null (eo_device_get_problem_text (device));
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "4 devices · 3 errors");
  g_assert_cmpstr (title (window), ==, "• recheck.csv");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->devices)), ==, 4);

  /* The spare's EID fixed: line 2 loses its duplicate too. */
  g_assert_nonnull (strstr (eo_device_get_problem_text (device_on_line (window, 2)), "line 5"));
  dialog = edit_with_f2 (window, 5);
  set_entry (dialog, "eid-entry", eo_device_list_row_get_eid (window->list, 0));
  set_entry (dialog, "eid-entry", "89049032123451234512345678901526");
  g_assert_cmpstr (problems_label (dialog), ==, "No problems.");
  eo_test_alert_respond (dialog, "apply");
  g_assert_cmpint (eo_device_get_severity (device_on_line (window, 2)), ==, EO_SEVERITY_OK);
  g_assert_cmpint (eo_device_get_severity (device_on_line (window, 5)), ==, EO_SEVERITY_OK);
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "4 devices · 1 error");

  /* Screenshot: the title says edited, lines 3 and 5 fixed (the editor gone). */
  EO_TEST_WAIT_FOR (eo_dialog_find (GTK_WINDOW (window), eo_alert_get_platform_type ()) == NULL,
                    "the row editor to go", 20);
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);
  eo_test_save_screenshot (GTK_WIDGET (window), "edit-list.png");

  /* Undo and redo through the window's shortcuts. */
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  g_assert_cmpint (eo_device_get_severity (device_on_line (window, 5)), ==, EO_SEVERITY_ERROR);
  g_assert_nonnull (strstr (eo_device_get_problem_text (device_on_line (window, 2)), "line 5"));
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  g_assert_cmpstr (eo_device_get_eid (device_on_line (window, 3)), ==, BAD);
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "4 devices · 4 errors");
  g_assert_cmpstr (title (window), ==, "recheck.csv");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL) &&
                  eo_device_list_can_undo (window->list));
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo"));
  g_assert_cmpstr (eo_device_get_eid (device_on_line (window, 3)), ==, EID3);
  g_assert_cmpstr (title (window), ==, "• recheck.csv");

  eo_test_destroy_window (window);
}

static void
test_delete_and_bulk (void)
{
  EoWindow *window = open_list ("bulk.csv", list_text);
  GListModel *devices = G_LIST_MODEL (window->devices);

  /* The row menu (Shift+F10 on the table) has Edit and Delete. */
  select_line (window, 3);
  g_assert_true (press (GTK_WIDGET (window->device_view), GDK_KEY_F10, GDK_SHIFT_MASK, "win.row-menu"));
  {
    GtkWidget *menu = eo_test_find_widget_of_type (GTK_WIDGET (window->device_view), GTK_TYPE_POPOVER_MENU);

    g_assert_nonnull (menu);
    EO_TEST_WAIT_FOR (gtk_widget_get_mapped (menu), "the row menu", 20);
    g_assert_nonnull (eo_test_find_label (menu, "Delete Row", EO_TEST_MATCH_EXACT));
    g_assert_nonnull (eo_test_find_label (menu, "Edit Row…", EO_TEST_MATCH_EXACT));
    gtk_popover_popdown (GTK_POPOVER (menu));
  }

  /* Delete, on the table. */
  g_assert_true (press (GTK_WIDGET (window->device_view), GDK_KEY_Delete, 0, "win.delete-row"));
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 3);
  g_assert_null (device_on_line (window, 3));
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "3 devices · 3 errors");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 4);
  {
    g_autoptr(EoDevice) second = g_list_model_get_item (devices, 1);

    g_assert_cmpuint (eo_device_get_line (second), ==, 3);
  }

  /* The bulk fixes, each one step saying how many rows. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-duplicates", NULL);
  g_assert_null (device_on_line (window, 5));
  g_assert_cmpstr (_eo_window_edit_get_said (window), ==, "1 row changed");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-bad-iccids", NULL);
  g_assert_null (eo_device_get_iccid (device_on_line (window, 4)));
  g_assert_cmpint (eo_device_get_severity (device_on_line (window, 4)), ==, EO_SEVERITY_OK);
  g_assert_cmpstr (eo_device_get_iccid (device_on_line (window, 2)), ==, ICCID1);
  g_assert_cmpstr (_eo_window_edit_get_said (window), ==, "1 row changed");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-error-rows", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 2);
  g_assert_cmpstr (_eo_window_edit_get_said (window), ==, "1 row changed");
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "2 devices · no problems");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-error-rows", NULL);
  g_assert_cmpstr (_eo_window_edit_get_said (window), ==, "No row has an error");

  /* Three steps back: as opened. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 4);
  g_assert_cmpstr (eo_device_get_iccid (device_on_line (window, 4)), ==, "1234");
  g_assert_cmpstr (title (window), ==, "bulk.csv");

  eo_test_destroy_window (window);
}

/* Save As writes the corrected list, its extra column kept; opened again
 * it has the same rows and not the problems fixed. */
static void
test_save_as (void)
{
  EoWindow *window = open_list ("save.csv", list_text);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "saved.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  EoWindow *again;
  GtkWidget *dialog;

  dialog = edit_with_f2 (window, 3);
  set_entry (dialog, "eid-entry", EID3);
  set_entry (dialog, "name-entry", "Lab, north");
  eo_test_alert_respond (dialog, "apply");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-duplicates", NULL);
  g_assert_true (_eo_window_edit_is_dirty (window));

  _eo_window_save_list (window, file);
  EO_TEST_WAIT_FOR (!_eo_window_edit_is_dirty (window), "the save", 20);
  g_assert_cmpstr (title (window), ==, "saved.csv");
  g_assert_true (g_file_equal (eo_window_get_file (window), file));

  again = eo_test_new_window (app);
  eo_test_load_file (again, file);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again->devices)), ==, 3);
  g_assert_cmpstr (gtk_label_get_text (again->summary_label), ==, "3 devices · 1 error");
  g_assert_cmpstr (eo_device_list_row_get_name (again->list, 1), ==, "Lab, north");
  g_assert_cmpstr (eo_device_list_row_get_eid (again->list, 1), ==, EID3);
  g_assert_cmpstr (eo_device_list_get_extra_column_name (again->list, 0), ==, "Serial Number");
  g_assert_cmpstr (eo_device_list_row_get_extra (again->list, 2, 0), ==, "SN-C");
  g_assert_cmpint (eo_device_list_get_row (again->list, 1)->severity, ==, EO_SEVERITY_OK);

  eo_test_destroy_window (again);
  eo_test_destroy_window (window);
}

/* An edited list asks before the window closes or another list replaces
 * it: Cancel keeps it, Discard lets it go. */
static void
test_unsaved_question (void)
{
  EoWindow *window = open_list ("unsaved.csv", list_text);
  g_autoptr(GFile) other = eo_test_write_list ("other.csv", "EID,Name\n" EID1 ",One\n");
  GtkWidget *question;

  /* Not edited: nothing to ask. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-duplicates", NULL);
  g_assert_true (_eo_window_edit_is_dirty (window));

  /* Another list over it: asked; Cancel keeps the edited one. */
  eo_window_open_file (window, other);
  question = _eo_window_edit_get_question (window);
  g_assert_nonnull (question);
  g_assert_false (eo_window_is_loading (window));
  eo_test_alert_respond (question, "cancel");
  g_assert_null (_eo_window_edit_get_question (window));
  g_assert_cmpstr (title (window), ==, "• unsaved.csv");

  /* Closing: asked; Cancel keeps the window. */
  g_object_ref (window);
  gtk_window_close (GTK_WINDOW (window));
  question = _eo_window_edit_get_question (window);
  g_assert_nonnull (question);
  eo_test_alert_respond (question, "cancel");
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Another list, Discard: it opens. */
  eo_window_open_file (window, other);
  question = _eo_window_edit_get_question (window);
  g_assert_nonnull (question);
  eo_test_alert_respond (question, "discard");
  eo_test_wait_for_load (window);
  g_assert_cmpstr (title (window), ==, "other.csv");
  g_assert_false (_eo_window_edit_is_dirty (window));

  /* Edited again, closed, Discard: the window goes. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-error-rows", NULL);
  select_line (window, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-row", NULL);
  g_assert_true (_eo_window_edit_is_dirty (window));
  gtk_window_close (GTK_WINDOW (window));
  question = _eo_window_edit_get_question (window);
  g_assert_nonnull (question);
  eo_test_alert_respond (question, "discard");
  /* Destroyed (the test's reference keeps the object). */
  EO_TEST_WAIT_FOR (!gtk_widget_get_realized (GTK_WIDGET (window)), "the window to close", 20);
  g_object_unref (window);
}

/* The names the table shows in the Name column, top to bottom (the
 * rows painted: each cell's text, where it is), joined with ", ". */
static char *
painted_names (EoWindow *window)
{
  GQuark quark = g_quark_try_string ("eo-device-view-cell-item");
  GtkWidget *view = GTK_WIDGET (eo_device_view_get_column_view (window->device_view));
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_cmpuint (quark, !=, 0);
  g_ptr_array_add (stack, view);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);
      GtkListItem *item = g_object_get_qdata (G_OBJECT (widget), quark);
      const char *text = eo_test_widget_text (widget);

      if (!gtk_widget_get_mapped (widget))
        continue;
      if (item != NULL && text != NULL && gtk_list_item_get_item (item) != NULL &&
          g_strcmp0 (text, eo_device_get_name (gtk_list_item_get_item (item))) == 0)
        {
          graphene_point_t at = GRAPHENE_POINT_INIT (0, 0), in_view;

          g_assert_true (gtk_widget_compute_point (widget, view, &at, &in_view));
          /* Rows above or below the viewport are not painted. */
          if (in_view.y >= 0 && in_view.y < gtk_widget_get_height (view))
            {
              guint i = 0;

              while (i < found->len && g_array_index (found, graphene_point_t, i).y < in_view.y)
                i++;
              g_array_insert_val (found, i, in_view);
              g_ptr_array_insert (texts, (int) i, (gpointer) text);
            }
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (texts, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The names of the table's model (sorted and filtered), joined. */
static char *
shown_names (EoWindow *window)
{
  GListModel *shown = eo_device_view_get_shown_model (window->device_view);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (shown, i);

      g_string_append_printf (out, "%s%s", i ? ", " : "", eo_device_get_name (device));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Every change the table's model announces leaves it sorted by name. */
static void
sorted_on_change_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *n_unsorted)
{
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EoDevice) a = g_list_model_get_item (model, i - 1);
      g_autoptr(EoDevice) b = g_list_model_get_item (model, i);

      if (g_utf8_collate (eo_device_get_name (a), eo_device_get_name (b)) > 0)
        {
          g_test_message ("unsorted after a change at %u (-%u +%u): %s before %s", position, removed,
                          added, eo_device_get_name (a), eo_device_get_name (b));
          (*n_unsorted)++;
          return;
        }
    }
}

#define SORTED_AFTER(window, expected) \
  G_STMT_START { \
    g_autofree char *_model = shown_names (window); \
    g_autofree char *_painted = NULL; \
    g_assert_cmpstr (_model, ==, (expected)); \
    g_assert_false (eo_device_view_is_sorting ((window)->device_view)); \
    eo_test_wait_for_frames (GTK_WIDGET (window), 1); \
    _painted = painted_names (window); \
    g_assert_cmpstr (_painted, ==, (expected)); \
  } G_STMT_END

/* Sorted by Name, an edit moves the row to its sorted place at once: the
 * model is never announced in the file's order, no sort is on its way
 * afterwards, and the very next frame paints the rows in order; the same
 * for a deletion, its undo and a redo. */
static void
test_sorted_edit (void)
{
  EoWindow *window = open_list ("sorted.csv",
                                "EID,Name\n"
                                EID1 ",Kilo\n" EID2 ",Delta\n" EID3 ",Bravo\n"
                                "89049032123451234512345678901526,Mike\n"
                                "89049032123451234512345678901623,Echo\n");
  GListModel *shown = eo_device_view_get_shown_model (window->device_view);
  guint n_unsorted = 0;
  GtkWidget *dialog;

  gtk_column_view_sort_by_column (eo_device_view_get_column_view (window->device_view),
                                  eo_test_find_column (window->device_view, "Name"), GTK_SORT_ASCENDING);
  EO_TEST_WAIT_FOR (!eo_device_view_is_sorting (window->device_view), "the sort", 20);
  SORTED_AFTER (window, "Bravo, Delta, Echo, Kilo, Mike");
  g_signal_connect (shown, "items-changed", G_CALLBACK (sorted_on_change_cb), &n_unsorted);

  /* Kilo (line 2) becomes Alpha: first. */
  dialog = edit_with_f2 (window, 2);
  set_entry (dialog, "name-entry", "Alpha");
  eo_test_alert_respond (dialog, "apply");
  SORTED_AFTER (window, "Alpha, Bravo, Delta, Echo, Mike");
  eo_test_save_screenshot (GTK_WIDGET (window), "edit-sorted.png");
  /* Bravo (line 4) becomes Zulu: last. */
  dialog = edit_with_f2 (window, 4);
  set_entry (dialog, "name-entry", "Zulu");
  eo_test_alert_respond (dialog, "apply");
  SORTED_AFTER (window, "Alpha, Delta, Echo, Mike, Zulu");

  select_line (window, 3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-row", NULL);
  SORTED_AFTER (window, "Alpha, Echo, Mike, Zulu");
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  SORTED_AFTER (window, "Alpha, Delta, Echo, Mike, Zulu");
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  SORTED_AFTER (window, "Alpha, Bravo, Delta, Echo, Mike");
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo"));
  SORTED_AFTER (window, "Alpha, Delta, Echo, Mike, Zulu");
  g_assert_cmpuint (n_unsorted, ==, 0);

  g_signal_handlers_disconnect_by_func (shown, sorted_on_change_cb, &n_unsorted);
  eo_test_destroy_window (window);
}

/* Whether the item of row @row is marked as assigned (and left out). */
static gboolean
marked (EoWindow *window,
        guint     row)
{
  EoDevice *device = g_ptr_array_index (window->items, row);
  const char *problem = eo_device_get_problem_text (device);
  gboolean is_marked = problem != NULL && strstr (problem, "Already assigned on ") != NULL &&
                       strstr (problem, "(upload “earlier.csv”)") != NULL;

  g_assert_cmpint (is_marked, ==, eo_device_list_get_row (window->list, row)->left_out);
  if (is_marked)
    g_assert_cmpint (eo_device_get_severity (device), >=, EO_SEVERITY_WARNING);
  return is_marked;
}

#define ASSERT_MARKS(window, m0, m1, m2, m3) \
  G_STMT_START { \
    g_assert_cmpint (marked ((window), 0), ==, (m0)); \
    g_assert_cmpint (marked ((window), 1), ==, (m1)); \
    g_assert_cmpint (marked ((window), 2), ==, (m2)); \
    g_assert_cmpint (marked ((window), 3), ==, (m3)); \
    g_assert_cmpuint (_eo_window_get_n_assigned (window), ==, (m0) + (m1) + (m2) + (m3)); \
  } G_STMT_END

/* Rows marked "Already assigned" by the check before the confirmation
 * (an upload in the history, on the demo server) keep the mark when
 * other rows are edited; the edited row is checked again (its new EID
 * assigned: marked; no longer: not), and undo and redo take the marks
 * with them; the next confirmation counts what the table shows. */
static void
test_assigned_marks (void)
{
  g_autofree char *server = eo_test_dup_closed_port_url ();
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  char eids[6][33];
  EoWindow *window;
  GtkWidget *dialog;

  /* EIDs 0, 1 and 4 got an eSIM in an earlier upload; 2, 3 and 5 not. */
  for (guint i = 0; i < 6; i++)
    eo_test_write_eid (eids[i], 7000 + i);
  eo_application_set_demo_server (app, server);
  record = eo_upload_record_new (server, EO_TEST_DEMO_CUSTOMER, "earlier.csv", FALSE);
  for (guint i = 0; i < 6; i++)
    if (i == 0 || i == 1 || i == 4)
      g_ptr_array_add (devices, eo_device_new (eids[i], "Before", NULL));
  eo_upload_record_add_devices (record, (EoDevice **) devices->pdata, devices->len);
  eo_upload_record_set_accepted (record, "7f0c1e2a-1111-4222-8333-944455556677", "https://smdp.example.test");
  for (guint i = 0; i < devices->len; i++)
    eo_device_set_remote (g_ptr_array_index (devices, i), EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, NULL);
  g_assert_true (eo_history_save (eo_application_get_history (app), record, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 4; i++)
    g_string_append_printf (text, "%s,Phone %u\n", eids[i], i);
  window = open_list ("marks.csv", text->str);
  EO_TEST_WAIT_FOR (eo_job_manager_get_loaded (eo_application_get_job_manager (app)), "the history", 20);

  /* The confirmation finds rows 0 and 1; cancelled, the list is edited. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  EO_TEST_WAIT_FOR (window->dialog != NULL, "the confirmation", 20);
  dialog = window->dialog;
  g_assert_cmpuint (eo_assign_dialog_get_n_assigned (dialog), ==, 2);
  ASSERT_MARKS (window, TRUE, TRUE, FALSE, FALSE);
  /* The summary counts them: no longer "no problems". */
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "4 devices · 2 already assigned");
  eo_test_alert_respond (dialog, "cancel");
  EO_TEST_WAIT_FOR (window->dialog == NULL && window->pending_client == NULL, "the confirmation to go", 20);

  /* Another row's name: the marks stay. */
  dialog = edit_with_f2 (window, 4);
  set_entry (dialog, "name-entry", "Renamed");
  eo_test_alert_respond (dialog, "apply");
  ASSERT_MARKS (window, TRUE, TRUE, FALSE, FALSE);
  /* A marked row's own name: its mark stays. */
  dialog = edit_with_f2 (window, 2);
  set_entry (dialog, "name-entry", "Front desk");
  eo_test_alert_respond (dialog, "apply");
  ASSERT_MARKS (window, TRUE, TRUE, FALSE, FALSE);

  /* Row 3 gets an EID the history assigned (looked up): marked. */
  dialog = edit_with_f2 (window, 5);
  set_entry (dialog, "eid-entry", eids[4]);
  eo_test_alert_respond (dialog, "apply");
  EO_TEST_WAIT_FOR (marked (window, 3), "row 3's new EID looked up", 20);
  ASSERT_MARKS (window, TRUE, TRUE, FALSE, TRUE);
  /* Row 1 gets one it did not: no longer marked. */
  dialog = edit_with_f2 (window, 3);
  set_entry (dialog, "eid-entry", eids[5]);
  eo_test_alert_respond (dialog, "apply");
  ASSERT_MARKS (window, TRUE, FALSE, FALSE, TRUE);
  /* Deleted, a mark goes; undone, it is back. */
  select_line (window, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-row", NULL);
  g_assert_cmpuint (_eo_window_get_n_assigned (window), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "3 devices · 1 already assigned");

  /* Undo, step by step, then redo: the marks follow at once. */
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  ASSERT_MARKS (window, TRUE, FALSE, FALSE, TRUE);
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  ASSERT_MARKS (window, TRUE, TRUE, FALSE, TRUE);
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
  ASSERT_MARKS (window, TRUE, TRUE, FALSE, FALSE);
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo"));
  ASSERT_MARKS (window, TRUE, TRUE, FALSE, TRUE);
  g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo"));
  ASSERT_MARKS (window, TRUE, FALSE, FALSE, TRUE);
  eo_test_save_screenshot (GTK_WIDGET (window), "edit-assigned-marks.png");

  /* The next confirmation: the two marked, left out; two sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  EO_TEST_WAIT_FOR (window->dialog != NULL, "the confirmation", 20);
  dialog = window->dialog;
  g_assert_cmpuint (eo_assign_dialog_get_n_assigned (dialog), ==, 2);
  g_assert_cmpuint (eo_assign_dialog_get_n_devices (dialog), ==, 2);
  ASSERT_MARKS (window, TRUE, FALSE, FALSE, TRUE);
  eo_test_save_dialog_screenshot (dialog, "edit-assigned-confirmation.png");
  eo_test_alert_respond (dialog, "cancel");
  EO_TEST_WAIT_FOR (window->dialog == NULL && window->pending_client == NULL, "the confirmation to go", 20);

  eo_test_destroy_window (window);
  eo_application_set_demo_server (app, NULL);
}

/* An edit of a 100,000-row list through the window: the table follows
 * it (the row's new item, the duplicate on the other row) and the time of
 * each, with the table's models, is said (bench-edit has the limit). */
static void
test_large_list (void)
{
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  EoWindow *window;
  const guint n = 100000;
  guint first = 0;
  gint64 start;

  for (guint i = 0; i < n; i++)
    {
      char eid[33];

      eo_test_write_eid (eid, i + 1);
      g_string_append_printf (text, "%s,Phone %u\n", eid, i);
    }
  window = open_list ("large.csv", text->str);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->devices)), ==, n);

  for (guint k = 0; k < 3; k++)
    {
      guint row = 50000 + k;
      g_autofree char *other = g_strdup (eo_device_list_row_get_eid (window->list, 10 + k));

      start = g_get_monotonic_time ();
      g_assert_true (eo_device_list_edit_row (window->list, row, other, NULL, NULL, NULL));
      g_test_message ("edit of row %u (a duplicate made) with the table: %.2f ms", row,
                      (g_get_monotonic_time () - start) / 1000.0);
      g_assert_cmpint (eo_device_get_severity (device_on_line (window, row + 2)), ==, EO_SEVERITY_ERROR);
      g_assert_cmpint (eo_device_get_severity (device_on_line (window, 12 + k)), ==, EO_SEVERITY_ERROR);
      start = g_get_monotonic_time ();
      g_assert_true (press (GTK_WIDGET (window), GDK_KEY_z, GDK_CONTROL_MASK, "win.undo"));
      g_test_message ("its undo with the table: %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
      g_assert_cmpint (eo_device_get_severity (device_on_line (window, 12 + k)), ==, EO_SEVERITY_OK);
    }
  /* Sorted by name: an edit moves its row at once (it goes first). */
  gtk_column_view_sort_by_column (eo_device_view_get_column_view (window->device_view),
                                  eo_test_find_column (window->device_view, "Name"), GTK_SORT_ASCENDING);
  EO_TEST_WAIT_FOR (!eo_device_view_is_sorting (window->device_view), "the sort", 60);
  start = g_get_monotonic_time ();
  g_assert_true (eo_device_list_edit_row (window->list, 60000, NULL, "Aaa first", NULL, NULL));
  g_test_message ("edit of row 60000's name in the table sorted by name: %.2f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_false (eo_device_view_is_sorting (window->device_view));
  {
    g_autoptr(EoDevice) top = g_list_model_get_item (eo_device_view_get_shown_model (window->device_view), 0);

    g_assert_cmpstr (eo_device_get_name (top), ==, "Aaa first");
  }

  start = g_get_monotonic_time ();
  g_assert_cmpuint (eo_device_list_delete_rows (window->list, &first, 1), ==, 1);
  g_test_message ("deletion of the first row with the table: %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->devices)), ==, n - 1);
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, "99999 devices · no problems");

  eo_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);
  app = eo_test_application_new ();

  g_test_add_func ("/edit/recheck", test_edit_recheck);
  g_test_add_func ("/edit/delete-and-bulk", test_delete_and_bulk);
  g_test_add_func ("/edit/save-as", test_save_as);
  g_test_add_func ("/edit/unsaved-question", test_unsaved_question);
  g_test_add_func ("/edit/sorted", test_sorted_edit);
  g_test_add_func ("/edit/assigned-marks", test_assigned_marks);
  g_test_add_func ("/edit/large-list", test_large_list);

  return eo_test_gui_run (&app);
}
