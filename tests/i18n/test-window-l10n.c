/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window-l10n"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "eo-device-view-private.h"
#include "eo-history.h"
#include "eo-test-gui.h"

#define find_label(widget, prefix) eo_test_find_label ((widget), (prefix), EO_TEST_MATCH_PREFIX)
#include "eo-test-i18n.h"

/* The real window in another language (the first argument: de or fr),
 * with the catalogs compiled from po/ in the source tree: the texts
 * shown are the translations, plural forms included, and no English
 * message is left in the window. */

typedef struct
{
  const char *lang;
  const char *empty_title;
  const char *open_label;
  const char *assign_label;
  const char *summary;
  const char *problem_prefix;
  const char *line_column;
  const char *error_title;
  const char *unreachable;  /* an English record's message, said here */
  const char *not_sent;
  const char *columns_title;
} Expected;

static const Expected expectations[] = {
  {
    "de",
    "Eine Geräteliste öffnen",
    "_Öffnen",
    "eSIMs _zuweisen",
    "3 Geräte · 1 Fehler · 1 Warnung",
    "Die Prüfziffern der EID sind falsch: erwartet …72, gefunden …73.",
    "Zeile",
    "„no-devices.csv“ konnte nicht geöffnet werden",
    "Der Server cso.example.test konnte nicht erreicht werden (die Verbindung wurde abgewiesen).",
    "Nicht gesendet",
    "Spalten wählen",
  },
  {
    "fr",
    "Ouvrir une liste d’appareils",
    "_Ouvrir",
    "A_ttribuer les eSIM",
    "3 appareils · 1 erreur · 1 avertissement",
    "Les chiffres de contrôle de l’EID sont erronés\u00a0: …72 attendu, …73 trouvé.",
    "Ligne",
    "Impossible d’ouvrir «\u00a0no-devices.csv\u00a0»",
    "Impossible de joindre le serveur cso.example.test (la connexion a été refusée).",
    "Non envoyé",
    "Choisir les colonnes",
  },
};

static EoApplication *app;
static const Expected *expected;

static EoWindow *
new_window (void)
{
  EoWindow *window = eo_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);

  return window;
}

/* A PNG of the window for a person to review, in the build tree's
 * screenshots/ folder. */
static void
save_screenshot (EoWindow   *window,
                 const char *what)
{
  g_autofree char *name = g_strdup_printf ("l10n-%s-%s.png", expected->lang, what);

  eo_test_save_screenshot (GTK_WIDGET (window), name);
}

static void
open_data_file (EoWindow   *window,
                const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "i18n", "data", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  eo_window_open_file (window, file);
  EO_TEST_WAIT_FOR (!eo_window_is_loading (window), "the load", 20);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
}

/* A text shown untranslated: gettext () knows it as an English
 * message whose translation differs. (A message left untranslated in
 * the catalog is caught by the "po" test.) */
static void
check_text (GPtrArray  *untranslated,
            const char *what,
            const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (strcmp (gettext (text), text) != 0)
    g_ptr_array_add (untranslated, g_strdup_printf ("%s “%s”", what, text));
}

static void
collect_untranslated (GtkWidget *widget,
                      GPtrArray *untranslated)
{
  check_text (untranslated, "tooltip", gtk_widget_get_tooltip_text (widget));
  /* The device table's cells make their tooltips when asked. */
  if (_eo_device_view_cell_has_query_tooltip (widget))
    {
      g_autofree char *tooltip = _eo_device_view_dup_cell_tooltip (widget);

      check_text (untranslated, "tooltip", tooltip);
    }
  if (GTK_IS_LABEL (widget))
    check_text (untranslated, "label", gtk_label_get_label (GTK_LABEL (widget)));
  else if (GTK_IS_BUTTON (widget))
    check_text (untranslated, "button", gtk_button_get_label (GTK_BUTTON (widget)));
  else if (ADW_IS_STATUS_PAGE (widget))
    {
      check_text (untranslated, "status page", adw_status_page_get_title (ADW_STATUS_PAGE (widget)));
      check_text (untranslated, "status page", adw_status_page_get_description (ADW_STATUS_PAGE (widget)));
    }
  else if (ADW_IS_WINDOW_TITLE (widget))
    {
      check_text (untranslated, "title", adw_window_title_get_title (ADW_WINDOW_TITLE (widget)));
      check_text (untranslated, "subtitle", adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)));
    }
  else if (GTK_IS_COLUMN_VIEW (widget))
    {
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (widget));

      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          check_text (untranslated, "column", gtk_column_view_column_get_title (column));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_untranslated (child, untranslated);
}

static void
assert_all_translated (GtkWidget *widget)
{
  g_autoptr(GPtrArray) untranslated = g_ptr_array_new_with_free_func (g_free);

  collect_untranslated (widget, untranslated);
  g_ptr_array_add (untranslated, NULL);
  if (untranslated->len > 1)
    {
      g_autofree char *list = g_strjoinv ("\n  ", (char **)untranslated->pdata);

      g_test_fail_printf ("Shown in English:\n  %s", list);
    }
}

static void
test_detector (void)
{
  g_autoptr(GPtrArray) untranslated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkWidget) label = g_object_ref_sink (gtk_label_new ("Open a Device List"));

  /* An English message is caught, in a label or a tooltip. */
  collect_untranslated (label, untranslated);
  gtk_label_set_label (GTK_LABEL (label), expected->empty_title);
  gtk_widget_set_tooltip_text (label, "Main Menu");
  collect_untranslated (label, untranslated);
  gtk_widget_set_tooltip_text (label, NULL);
  collect_untranslated (label, untranslated);
  g_assert_cmpuint (untranslated->len, ==, 2);
}

static void
test_empty (void)
{
  EoWindow *window = new_window ();

  g_assert_cmpstr (adw_status_page_get_title (window->empty_page), ==, expected->empty_title);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (window->open_button)), ==, expected->open_label);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (window->assign_button)), ==, expected->assign_label);
  /* The application name stays as it is. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "eSIM Onboard");
  assert_all_translated (GTK_WIDGET (window));
  save_screenshot (window, "empty");

  eo_test_destroy_window (window);
}

static void
test_list (void)
{
  EoWindow *window = new_window ();
  GtkColumnView *column_view;
  GListModel *columns;
  gboolean found = FALSE;

  open_data_file (window, "devices.csv");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  /* Plural and singular forms, side by side. */
  g_assert_cmpstr (gtk_label_get_text (window->summary_label), ==, expected->summary);

  /* A problem found by the core library, shown in the table. */
  g_assert_nonnull (eo_test_find_text (GTK_WIDGET (window->device_view), expected->problem_prefix, EO_TEST_MATCH_PREFIX));

  column_view = eo_device_view_get_column_view (window->device_view);
  columns = gtk_column_view_get_columns (column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), expected->line_column) == 0)
        found = TRUE;
    }
  g_assert_true (found);
  assert_all_translated (GTK_WIDGET (window));
  save_screenshot (window, "list");

  eo_test_destroy_window (window);
}

static void
test_error (void)
{
  EoWindow *window = new_window ();

  open_data_file (window, "no-devices.csv");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (window->error_page), ==, expected->error_title);
  assert_all_translated (GTK_WIDGET (window));
  save_screenshot (window, "error");

  eo_test_destroy_window (window);
}

/* An upload recorded by an English session: its message is said in this
 * language on the History page (the record keeps its code), never in
 * English. */
static void
test_history_message (void)
{
  const char *english =
    "{\"format\": \"esim-onboard-upload\", \"version\": 1,"
    " \"local_id\": \"2f0c8a3e-5b1d-4c6e-8f7a-9b0c1d2e3f40\","
    " \"created\": \"2026-03-04T10:00:00.000000Z\", \"updated\": \"2026-03-04T10:00:01.000000Z\","
    " \"server\": \"https://cso.example.test\", \"customer_id\": \"acme\", \"source_name\": \"phones.csv\","
    " \"has_iccid_column\": false, \"state\": \"not-sent\","
    " \"error\": \"Could not reach the server cso.example.test (the connection was refused). Check the network connection and the server address.\","
    " \"message\": {\"code\": \"unreachable\", \"params\": {\"host\": \"cso.example.test\","
    " \"detail\": \"the connection was refused\"}},"
    " \"devices\": []}";
  EoWindow *window = new_window ();
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = eo_upload_record_new_from_data (english, -1, &error);
  g_assert_no_error (error);
  g_assert_true (eo_history_save (eo_application_get_history (app), record, &error));
  g_assert_no_error (error);

  _eo_window_show_history (window, TRUE);
  while (gtk_stack_get_transition_running (window->stack))
    eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window), expected->unreachable, EO_TEST_MATCH_CONTAINS));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window), expected->not_sent, EO_TEST_MATCH_CONTAINS));
  g_assert_null (eo_test_find_label (GTK_WIDGET (window), "Could not reach", EO_TEST_MATCH_CONTAINS));
  g_assert_null (eo_test_find_label (GTK_WIDGET (window), "the connection was refused", EO_TEST_MATCH_CONTAINS));
  save_screenshot (window, "history-message");

  g_assert_true (eo_history_remove (eo_application_get_history (app), record, &error));
  g_assert_no_error (error);
  eo_test_destroy_window (window);
}

/* Columns the window does not know: the Choose Columns step. */
static void
test_columns (void)
{
  EoWindow *window = new_window ();

  open_data_file (window, "no-columns.csv");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "columns");
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window), expected->columns_title, EO_TEST_MATCH_EXACT));
  assert_all_translated (GTK_WIDGET (window));
  save_screenshot (window, "columns");

  eo_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale_dir = NULL;
  const char *lang = NULL;
  int ret;

  /* The language comes first, before g_test_init sees the options. */
  if (argc >= 2 && argv[1][0] != '-')
    lang = argv[1];
  for (guint i = 0; lang != NULL && i < G_N_ELEMENTS (expectations); i++)
    if (g_str_equal (expectations[i].lang, lang))
      expected = &expectations[i];
  if (expected == NULL)
    g_error ("Usage: %s LANGUAGE [TEST OPTION…] (LANGUAGE: de or fr)", argv[0]);

  /* The messages in the language's locale (glibc ignores LANGUAGE in
   * C.UTF-8, which eo_test_gui_init sets for the rest). */
  g_setenv ("LANGUAGE", expected->lang, TRUE);
  eo_test_gui_init (&argc, &argv);
  eo_test_set_messages_locale (expected->lang);
  locale_dir = eo_test_compile_catalogs ();
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* The catalog is found, before any widget is made. */
  g_assert_cmpstr (_("Open a Device List"), ==, expected->empty_title);

  app = eo_test_application_new ();

  g_test_add_func ("/window-l10n/detector", test_detector);
  g_test_add_func ("/window-l10n/empty", test_empty);
  g_test_add_func ("/window-l10n/list", test_list);
  g_test_add_func ("/window-l10n/error", test_error);
  g_test_add_func ("/window-l10n/history-message", test_history_message);
  g_test_add_func ("/window-l10n/columns", test_columns);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  eo_test_remove_tree (locale_dir);

  return ret;
}
