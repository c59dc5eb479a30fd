/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-column-chooser.h"
#include "eo-window-private.h"
#include "eo-device-view-private.h"
#include "eo-test-gui.h"

/* Lists the window cannot read by itself: the Choose Columns step (the
 * columns shown with their values, the likely ones chosen already, the
 * choice remembered for the same header), lists pasted from the
 * clipboard of the display, and values damaged by a spreadsheet. */

#define EID1 "89049032123451234512345678901235"
#define EID2 "89049032123451234512345678901332"
#define ICCID1 "8910042348144559361"

static EoApplication *app;


static const char *
page (EoWindow *window)
{
  return gtk_stack_get_visible_child_name (window->stack);
}

/* Clicks the chooser's button labelled @label. */
static void
click (EoWindow   *window,
       const char *label)
{
  GtkLabel *text = eo_test_find_label (GTK_WIDGET (window->column_chooser), label, EO_TEST_MATCH_EXACT);
  GtkWidget *button;

  g_assert_nonnull (text);
  button = gtk_widget_get_ancestor (GTK_WIDGET (text), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static const char *unknown_header =
  "Identifier,Label,Serial\n"
  EID1 ",Phone 1,S1\n"
  EID2 ",Phone 2,S2\n"
  "89049032123451234512345678901299,Phone 3,S3\n";

/* Not refused: the columns with their values, the EIDs found by content. */
static void
test_choose_columns (void)
{
  EoWindow *window = eo_test_open_list (app, "unknown-header.csv", unknown_header);
  EoColumnChooser *chooser = window->column_chooser;

  g_assert_cmpstr (page (window), ==, "columns");
  g_assert_null (window->list);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (chooser), "1 · Identifier", EO_TEST_MATCH_EXACT));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (chooser), "3 · Serial", EO_TEST_MATCH_EXACT));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (chooser), EID1 "  ·  " EID2 "  ·  ", EO_TEST_MATCH_PREFIX));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (chooser), "Phone 1  ·  Phone 2  ·  Phone 3", EO_TEST_MATCH_EXACT));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (chooser), "unknown-header.csv", EO_TEST_MATCH_CONTAINS));
  /* Pre-selected from the content: EIDs in column 1, names in column 2. */
  g_assert_cmpint (eo_column_chooser_get_column (chooser, EO_COLUMN_EID), ==, 0);
  g_assert_cmpint (eo_column_chooser_get_column (chooser, EO_COLUMN_NAME), ==, 1);
  g_assert_cmpint (eo_column_chooser_get_column (chooser, EO_COLUMN_ICCID), ==, -1);
  eo_test_save_screenshot (GTK_WIDGET (window), "import-choose-columns.png");

  /* One column for two things: Open waits. */
  eo_column_chooser_set_column (chooser, EO_COLUMN_NAME, 0);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (chooser), "Each column can be used", EO_TEST_MATCH_PREFIX));
  {
    GtkLabel *open = eo_test_find_label (GTK_WIDGET (chooser), "Open", EO_TEST_MATCH_EXACT);

    g_assert_nonnull (open);
    g_assert_false (gtk_widget_get_sensitive (gtk_widget_get_ancestor (GTK_WIDGET (open), GTK_TYPE_BUTTON)));
  }

  /* Serial as the name, then Open: the list, as chosen. */
  eo_column_chooser_set_column (chooser, EO_COLUMN_NAME, 2);
  click (window, "Open");
  eo_test_wait_for_load (window);
  g_assert_cmpstr (page (window), ==, "list");
  g_assert_cmpuint (eo_device_list_get_n_rows (window->list), ==, 3);
  g_assert_cmpstr (eo_device_list_row_get_name (window->list, 0), ==, "S1");
  g_assert_cmpuint (eo_device_list_get_n_errors (window->list), ==, 1);
  g_assert_true (g_str_has_suffix (g_file_peek_path (eo_window_get_file (window)), "unknown-header.csv"));

  eo_test_destroy_window (window);
}

/* The choice of the test above, for a file with the same header written
 * otherwise: applied at once, with a note. */
static void
test_remembered (void)
{
  g_autoptr(GVariant) choices = NULL;
  EoWindow *window;
  const char *notes;

  window = eo_test_open_list (app, "same-header.csv", "\"identifier\",\"LABEL\",\"serial\"\n" EID2 ",Phone 9,S9\n");
  g_assert_cmpstr (page (window), ==, "list");
  g_assert_cmpstr (eo_device_list_row_get_name (window->list, 0), ==, "S9");
  notes = gtk_label_get_text (window->notes_label);
  g_assert_nonnull (strstr (notes, "The columns chosen earlier for lists with this header were used"));
  eo_test_destroy_window (window);

  /* Another header: asked again. */
  window = eo_test_open_list (app, "other-header.csv", "Identifier,Label\n" EID1 ",Phone 1\n");
  g_assert_cmpstr (page (window), ==, "columns");
  click (window, "Cancel");
  g_assert_cmpstr (page (window), ==, "empty");
  eo_test_destroy_window (window);

  /* The setting is bounded: 60 choices leave 50, the newest first. */
  window = eo_test_new_window (app);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("h%u.csv", i);
      g_autofree char *text = g_strdup_printf ("Id%u,Label\n" EID1 ",Phone\n", i);
      g_autoptr(GFile) file = eo_test_write_list (name, text);

      eo_test_load_file (window, file);
      g_assert_cmpstr (page (window), ==, "columns");
      click (window, "Open");
      eo_test_wait_for_load (window);
      g_assert_cmpstr (page (window), ==, "list");
    }
  choices = g_settings_get_value (window->settings, "column-choices");
  g_assert_cmpuint (g_variant_n_children (choices), ==, 50);
  eo_test_destroy_window (window);
}

/* The likely ICCID column too, from its content. */
static void
test_preselect_iccid (void)
{
  EoWindow *window = eo_test_open_list (app, "iccids.csv",
                                "Sim,Who,Chip\n" ICCID1 ",Phone 1," EID1 "\n,Phone 2," EID2 "\n"
                                "8910042348144559379,Phone 3,\n");
  EoColumnChooser *chooser = window->column_chooser;

  g_assert_cmpstr (page (window), ==, "columns");
  g_assert_cmpint (eo_column_chooser_get_column (chooser, EO_COLUMN_EID), ==, 2);
  g_assert_cmpint (eo_column_chooser_get_column (chooser, EO_COLUMN_ICCID), ==, 0);
  g_assert_cmpint (eo_column_chooser_get_column (chooser, EO_COLUMN_NAME), ==, 1);
  click (window, "Open");
  eo_test_wait_for_load (window);
  g_assert_true (eo_device_list_has_iccid_column (window->list));
  g_assert_cmpstr (eo_device_list_row_get_iccid (window->list, 0), ==, ICCID1);
  eo_test_destroy_window (window);

  /* Nothing recognised: the first column for the EIDs, another for the
   * names, never one column for both. */
  window = eo_test_open_list (app, "nothing.csv", "Serial,Model\nSN1,Pixel\n");
  g_assert_cmpstr (page (window), ==, "columns");
  g_assert_cmpint (eo_column_chooser_get_column (window->column_chooser, EO_COLUMN_EID), ==, 0);
  g_assert_cmpint (eo_column_chooser_get_column (window->column_chooser, EO_COLUMN_NAME), ==, 1);
  g_assert_null (eo_test_find_label (GTK_WIDGET (window->column_chooser), "Each column can be used",
                                     EO_TEST_MATCH_PREFIX));
  eo_test_destroy_window (window);
}

/* What the clipboard of the display holds, pasted as a person would. */
static EoWindow *
paste (const char *text)
{
  EoWindow *window = eo_test_new_window (app);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));

  gdk_clipboard_set_text (clipboard, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste-list", NULL));
  EO_TEST_WAIT_FOR (window->list != NULL && !eo_window_is_loading (window), "the pasted list", 20);
  return window;
}

static void
test_paste_tsv (void)
{
  EoWindow *window = paste ("Device Name\tSerial\tEID\n"
                            "Phone 1\tS1\t" EID1 "\n"
                            "Phone 2\tS2\t" EID2 "\n");

  g_assert_cmpstr (page (window), ==, "list");
  g_assert_cmpuint (eo_device_list_get_n_valid (window->list), ==, 2);
  g_assert_cmpstr (eo_device_list_row_get_name (window->list, 1), ==, "Phone 2");
  g_assert_cmpstr (adw_window_title_get_title (window->window_title), ==, "Pasted Device List");
  g_assert_null (eo_window_get_file (window));
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (window->device_view), "Phone 2", EO_TEST_MATCH_EXACT));
  eo_test_destroy_window (window);
}

/* One EID per line: read, each name missing with a sentence that says
 * what to do. */
static void
test_paste_eids (void)
{
  EoWindow *window = paste (EID1 "\n" EID2 "\n");
  g_autofree char *message = NULL;

  g_assert_cmpstr (page (window), ==, "list");
  g_assert_cmpuint (eo_device_list_get_n_rows (window->list), ==, 2);
  g_assert_cmpstr (eo_device_list_row_get_eid (window->list, 1), ==, EID2);
  message = eo_device_list_dup_row_message (window->list, 0);
  g_assert_cmpstr (message, ==, "Name missing: type a name for this device.");
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (window->device_view), "Name missing", EO_TEST_MATCH_PREFIX));
  eo_test_destroy_window (window);
}

/* Ctrl+V is the window's, in the bubble phase (a text field with the
 * focus pastes into itself); the menu has the item. */
static void
test_paste_shortcut (void)
{
  g_autoptr(GtkShortcutTrigger) ctrl_v = gtk_keyval_trigger_new (GDK_KEY_v, GDK_CONTROL_MASK);
  gboolean found = FALSE;
  EoWindow *window = eo_test_new_window (app);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GMenuModel *menu = gtk_menu_button_get_menu_model (window->primary_menu_button);
  gboolean in_menu = FALSE;

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), ctrl_v) &&
              GTK_IS_NAMED_ACTION (action) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.paste-list") == 0)
            {
              found = TRUE;
              /* Not before the focused widget: a text field takes Ctrl+V first. */
              g_assert_cmpint (gtk_event_controller_get_propagation_phase (controller), ==, GTK_PHASE_BUBBLE);
            }
        }
    }
  g_assert_true (found);

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action) &&
              g_strcmp0 (action, "win.paste-list") == 0)
            in_menu = TRUE;
        }
      g_clear_object (&section);
    }
  g_assert_true (in_menu);
  eo_test_destroy_window (window);
}

/* Spreadsheet damage: said per row, counted once in the notes. */
static void
test_spreadsheet_damage (void)
{
  g_autoptr(GString) text = g_string_new ("Name;EID;ICCID\n");
  EoWindow *window;

  g_string_append (text, "Reception iPhone;" EID1 ";" ICCID1 "\n");
  for (guint i = 0; i < 41; i++)
    g_string_append_printf (text, "Warehouse scanner %u;8,9049E+31;\n", i + 1);
  g_string_append (text, "Meeting room iPad;89049032123451200000000000000000;8910042348144550000\n");
  window = eo_test_open_list (app, "spreadsheet.csv", text->str);

  g_assert_cmpstr (page (window), ==, "list");
  g_assert_nonnull (strstr (gtk_label_get_text (window->notes_label), "42 EIDs were damaged by a spreadsheet"));
  g_assert_nonnull (strstr (gtk_label_get_text (window->notes_label), "1 ICCID was damaged by a spreadsheet"));
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (window->device_view), "This EID was changed by a spreadsheet",
                                       EO_TEST_MATCH_PREFIX));
  eo_test_save_screenshot (GTK_WIDGET (window), "import-spreadsheet-damage.png");
  eo_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);
  app = eo_test_application_new ();

  /* In this order: the second remembers the first's choice. */
  g_test_add_func ("/import/choose-columns", test_choose_columns);
  g_test_add_func ("/import/remembered", test_remembered);
  g_test_add_func ("/import/preselect-iccid", test_preselect_iccid);
  g_test_add_func ("/import/paste/tsv", test_paste_tsv);
  g_test_add_func ("/import/paste/eids", test_paste_eids);
  g_test_add_func ("/import/paste/shortcut", test_paste_shortcut);
  g_test_add_func ("/import/spreadsheet-damage", test_spreadsheet_damage);

  return eo_test_gui_run (&app);
}
