/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-messages"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-dialogs.h"
#include "eo-history.h"
#include "eo-history-view.h"
#include "eo-job-manager.h"
#include "eo-preferences-page.h"
#include "eo-secret-store.h"
#include "eo-upload-panel.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"
#include "eo-test-sim.h"

/* What the window says and where (docs/messages.md), through the real
 * window against the simulator: an event is said once (a refused upload,
 * a polling failure, a server that cannot be reached: in the panel, not
 * also in a dialog or a toast); an unreachable server is "Not sent", not
 * "Refused"; a history message written in another language is said in
 * this one; Preferences lists the server first, says for which server and
 * customer a key is stored (read back from the real keyring), and drops a
 * test result that no longer holds. */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 20)

static EoApplication *app;
static EoTestSim *sim;

/* Helpers */

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
  EoWindow *window = eo_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (eo_job_manager_get_loaded (eo_application_get_job_manager (app)), "the history");
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  return window;
}

/* A window with a list of @n valid devices open. */
static EoWindow *
new_window_with_list (guint n)
{
  g_autoptr(GString) csv = g_string_new ("EID,Name\n");
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "phones.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  EoWindow *window;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = eo_test_next_eid ();

      g_string_append_printf (csv, "%s,Phone %u\n", eid, i + 1);
    }
  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);

  window = new_window ();
  eo_window_open_file (window, file);
  WAIT_FOR (!eo_window_is_loading (window), "the list");
  return window;
}

/* Assign, confirm, and wait until the upload's job ends. */
static EoUploadJob *
send_and_wait (EoWindow *window)
{
  EoUploadJob *job;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  WAIT_FOR (window->dialog != NULL && eo_is_assign_dialog (window->dialog), "the confirmation");
  eo_test_alert_respond (window->dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  WAIT_FOR (window->job != NULL, "the upload's record");
  job = window->job;
  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  /* Time for whatever would show up: a dialog, a toast, the panel. */
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);
  return job;
}

static guint
count_labels_under (GtkWidget  *widget,
                    const char *text)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_labels_under (child, text);
  return n;
}

/* Labels on screen that say @text: in every window (the window, its
 * dialogs, their toasts), mapped only. */
static guint
count_on_screen (const char *text)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* GTK's own */
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      n += count_labels_under (toplevel, text);
    }
  return n;
}

static void
assert_said_once (EoWindow   *window,
                  const char *text)
{
  guint n = count_on_screen (text);

  if (n != 1)
    g_error ("“%s” is on screen %u times, not once", text, n);
  /* Nothing to decide: no dialog. */
  g_assert_null (eo_dialog_find (GTK_WINDOW (window), eo_alert_get_platform_type ()));
}

static void
show_history_page (EoWindow *window)
{
  _eo_window_show_history (window, TRUE);
  while (gtk_stack_get_transition_running (window->stack))
    eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
}

/* Each event once */

/* The counting sees toasts and panels: a toast added is counted. */
static void
test_counting_sees_toasts (void)
{
  EoWindow *window;

  new_app (sim->url);
  window = new_window ();
  g_assert_cmpuint (count_on_screen ("A passing event"), ==, 0);
  _eo_window_add_toast (window, "A passing event");
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpuint (count_on_screen ("A passing event"), ==, 1);
  free_app ();
}

static void
test_refused_once (void)
{
  EoWindow *window;
  EoUploadJob *job;
  EoUploadRecord *record;
  const char *text;

  new_app (sim->url);
  window = new_window_with_list (3);
  eo_test_sim_add_fault (sim, "upload", "forbidden", 1);
  job = send_and_wait (window);
  record = eo_upload_job_get_record (job);

  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_REFUSED);
  text = eo_upload_record_get_error_message (record);
  g_assert_nonnull (strstr (text, "The server refused the API key"));
  g_assert_nonnull (strstr (eo_upload_panel_get_message (window->upload_panel), text));
  assert_said_once (window, text);
  g_assert_cmpuint (count_on_screen ("Upload Refused"), ==, 1);
  /* The fix, where it is said. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->upload_panel),
                                                                                    EO_TYPE_UPLOAD_PANEL,
                                                                                    "preferences_button"))));
  eo_test_sim_clear_faults (sim);
  free_app ();
}

static void
test_polling_failure_once (void)
{
  EoWindow *window;
  EoUploadJob *job;
  EoUploadRecord *record;
  const char *text;

  new_app (sim->url);
  eo_job_manager_set_intervals (eo_application_get_job_manager (app), 50, 100);
  window = new_window_with_list (3);
  /* The first status read fails for good: the server forgot the upload. */
  eo_test_sim_add_fault (sim, "status", "unknown-customer", 1);
  job = send_and_wait (window);
  record = eo_upload_job_get_record (job);

  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  g_assert_cmpstr (eo_upload_panel_get_title (window->upload_panel), ==, "Could Not Read the Status");
  text = eo_upload_record_get_error_message (record);
  g_assert_nonnull (strstr (text, "The server does not know the upload"));
  assert_said_once (window, text);
  g_assert_cmpuint (count_on_screen ("Could Not Read"), ==, 1);
  eo_test_sim_clear_faults (sim);
  free_app ();
}

/* A server nobody listens on: "Not sent", never "Refused", said once in
 * the panel, and so in the history. */
static void
test_unreachable_not_sent (void)
{
  g_autofree char *url = eo_test_dup_closed_port_url ();
  EoWindow *window;
  EoUploadJob *job;
  EoUploadRecord *record;
  g_autofree char *text = NULL;

  new_app (url);
  window = new_window_with_list (3);
  job = send_and_wait (window);
  record = eo_upload_job_get_record (job);

  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_NOT_SENT);
  g_assert_cmpstr (eo_upload_panel_get_title (window->upload_panel), ==, "Not Sent");
  text = g_strdup (eo_upload_record_get_error_message (record));
  g_assert_true (g_str_has_prefix (text, "Could not reach the server 127.0.0.1 (the connection was refused)."));
  assert_said_once (window, text);
  g_assert_cmpuint (count_on_screen ("Refused"), ==, 0);
  /* Nothing reached the server: the list may be sent again. */
  g_assert_true (gtk_widget_get_sensitive (window->assign_button));

  show_history_page (window);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window), "Not sent: the server never received this upload",
                                        EO_TEST_MATCH_CONTAINS));
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window), "Last error: Could not reach the server 127.0.0.1",
                                        EO_TEST_MATCH_CONTAINS));
  g_assert_cmpuint (count_on_screen ("Refused"), ==, 0);
  g_assert_cmpuint (count_on_screen ("refused the upload"), ==, 0);
  eo_test_save_screenshot (GTK_WIDGET (window), "messages-history-unreachable.png");
  free_app ();
}

/* A message of the history written in German is said in English: the
 * record keeps its code, not the German text. */
static void
test_history_in_reader_language (void)
{
  const char *german =
    "{\"format\": \"esim-onboard-upload\", \"version\": 1,"
    " \"local_id\": \"6a1f1e0c-3b7d-4a8e-9b53-1d2c3e4f5a6b\","
    " \"created\": \"2026-03-04T10:00:00.000000Z\", \"updated\": \"2026-03-04T10:00:01.000000Z\","
    " \"server\": \"https://cso.example.test\", \"customer_id\": \"acme\", \"source_name\": \"telefone.csv\","
    " \"has_iccid_column\": false, \"state\": \"not-sent\","
    " \"error\": \"Der Server cso.example.test konnte nicht erreicht werden (die Verbindung wurde abgewiesen).\","
    " \"message\": {\"code\": \"unreachable\", \"params\": {\"host\": \"cso.example.test\","
    " \"detail\": \"the connection was refused\"}},"
    " \"devices\": []}";
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoHistory) writer = eo_history_new (NULL);
  g_autoptr(GError) error = NULL;
  EoWindow *window;

  record = eo_upload_record_new_from_data (german, -1, &error);
  g_assert_no_error (error);
  g_assert_true (eo_history_save (writer, record, &error));
  g_assert_no_error (error);

  new_app (NULL);
  window = new_window ();
  show_history_page (window);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window),
                                        "Could not reach the server cso.example.test (the connection was refused).",
                                        EO_TEST_MATCH_CONTAINS));
  g_assert_cmpuint (count_on_screen ("konnte nicht"), ==, 0);
  g_assert_cmpuint (count_on_screen ("Verbindung"), ==, 0);
  free_app ();
}

/* Preferences */

static void
async_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
keyring_lookup (const char *server,
                const char *customer)
{
  g_autoptr(EoSecretStore) store = eo_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  eo_secret_store_lookup_async (store, server, customer, NULL, async_result_cb, &result);
  WAIT_FOR (result != NULL, "the keyring");
  key = eo_secret_store_lookup_finish (store, result, &error);
  g_assert_no_error (error);
  return key;
}

static const char *
key_status (EoPreferencesPage *page)
{
  return adw_action_row_get_subtitle (eo_test_page_child (page, "key_status_row"));
}

static void
assert_key_status (EoPreferencesPage *page,
                   const char        *format,
                   const char        *server,
                   const char        *customer)
{
  g_autofree char *expected = g_strdup_printf (format, server, customer);

  g_assert_cmpstr (key_status (page), ==, expected);
}

/* Depth-first position of @widget under @root, or -1. */
static int
position_under (GtkWidget *root,
                GtkWidget *widget,
                int       *counter)
{
  if (root == widget)
    return *counter;
  ++*counter;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      int found = position_under (c, widget, counter);

      if (found >= 0)
        return found;
    }
  return -1;
}

static int
position_of (EoPreferencesPage *page,
             const char        *name)
{
  int counter = 0;
  int position = position_under (GTK_WIDGET (page), GTK_WIDGET (eo_test_page_child (page, name)), &counter);

  g_assert_cmpint (position, >=, 0);
  return position;
}

#define STORED "Key stored for %s (customer %s)"
#define NOT_STORED "No key stored for %s (customer %s) yet: enter it above and press Enter"

static void
test_preferences_order (void)
{
  EoPreferencesPage *page;

  new_app (NULL);
  page = EO_PREFERENCES_PAGE (eo_test_open_preferences_page (app, new_window (), EO_TYPE_PREFERENCES_PAGE, NULL));

  /* The server first: a key is stored for the server above it. */
  g_assert_cmpint (position_of (page, "server_row"), <, position_of (page, "customer_row"));
  g_assert_cmpint (position_of (page, "customer_row"), <, position_of (page, "api_key_row"));
  g_assert_cmpint (position_of (page, "api_key_row"), <, position_of (page, "key_status_row"));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (eo_test_page_child (page, "server_row")),
                                         GTK_WIDGET (eo_test_page_child (page, "account_group"))));
  free_app ();
}

static void
test_preferences_key_status (void)
{
  g_autofree char *customer = g_strdup_printf ("acme-%08x", g_random_int ());
  const char *server_a = "https://cso-a.example.test";
  const char *server_b = "https://cso-b.example.test";
  const char *server_c = "https://cso-c.example.test";
  EoPreferencesPage *page;
  GtkWidget *dialog;
  g_autofree char *in_keyring = NULL;
  g_autofree char *in_keyring_c = NULL;

  new_app (NULL);
  page = EO_PREFERENCES_PAGE (eo_test_open_preferences_page (app, new_window (), EO_TYPE_PREFERENCES_PAGE, &dialog));

  eo_test_page_apply_row (page, "server_row", server_a);
  eo_test_page_apply_row (page, "customer_row", customer);
  assert_key_status (page, NOT_STORED, server_a, customer);
  eo_test_page_apply_row (page, "api_key_row", "key-for-a");
  /* Read back from the keyring at once, naming whose key it is. */
  assert_key_status (page, STORED, server_a, customer);
  in_keyring = keyring_lookup (server_a, customer);
  g_assert_cmpstr (in_keyring, ==, "key-for-a");
  eo_test_save_dialog_screenshot (dialog, "messages-preferences.png");

  /* Another server: that one has no key. */
  eo_test_page_apply_row (page, "server_row", server_b);
  assert_key_status (page, NOT_STORED, server_b, customer);
  /* The same server again, changed elsewhere (another window). */
  eo_account_set_server_url (eo_application_get_account (app), server_a);
  WAIT_FOR (!eo_preferences_page_get_busy (page), "the keyring");
  assert_key_status (page, STORED, server_a, customer);

  /* A server typed but not applied counts when the key is stored: the
   * key goes where the page says. */
  eo_test_page_type_row (page, "server_row", server_c);
  eo_test_page_apply_row (page, "api_key_row", "key-for-c");
  g_assert_cmpstr (eo_account_get_server_url (eo_application_get_account (app)), ==, server_c);
  assert_key_status (page, STORED, server_c, customer);
  in_keyring_c = keyring_lookup (server_c, customer);
  g_assert_cmpstr (in_keyring_c, ==, "key-for-c");

  /* Forgotten: read back too. */
  g_signal_emit_by_name (eo_test_page_child (page, "forget_button"), "clicked");
  WAIT_FOR (!eo_preferences_page_get_busy (page), "the keyring");
  assert_key_status (page, NOT_STORED, server_c, customer);
  g_clear_pointer (&in_keyring_c, g_free);
  in_keyring_c = keyring_lookup (server_c, customer);
  g_assert_null (in_keyring_c);

  eo_test_page_apply_row (page, "server_row", server_a);
  g_signal_emit_by_name (eo_test_page_child (page, "forget_button"), "clicked");
  WAIT_FOR (!eo_preferences_page_get_busy (page), "the keyring");
  free_app ();
}

static void
run_connection_test (EoPreferencesPage *page)
{
  g_signal_emit_by_name (eo_test_page_child (page, "test_button"), "clicked");
  WAIT_FOR (!eo_preferences_page_get_busy (page), "the connection test");
}

static gboolean
result_shown (EoPreferencesPage *page)
{
  return gtk_widget_get_visible (eo_test_page_child (page, "result_box"));
}

static void
test_preferences_stale_result (void)
{
  EoPreferencesPage *page;
  GtkLabel *result;

  new_app (NULL);
  page = EO_PREFERENCES_PAGE (eo_test_open_preferences_page (app, new_window (), EO_TYPE_PREFERENCES_PAGE, NULL));
  result = eo_test_page_child (page, "result_label");
  eo_test_page_apply_row (page, "server_row", sim->url);
  eo_test_page_apply_row (page, "customer_row", "demo");
  eo_test_page_type_row (page, "api_key_row", "demo-key");

  run_connection_test (page);
  g_assert_true (result_shown (page));
  g_assert_cmpstr (gtk_label_get_text (result), ==, "Connected: the server accepted the key for customer demo");

  /* The server changes: the result was for the old one. */
  eo_test_page_type_row (page, "server_row", "https://cso.example.test");
  g_assert_false (result_shown (page));

  eo_test_page_type_row (page, "server_row", sim->url);
  run_connection_test (page);
  g_assert_true (result_shown (page));
  /* The customer changes. */
  eo_test_page_apply_row (page, "customer_row", "someone-else");
  g_assert_false (result_shown (page));

  eo_test_page_apply_row (page, "customer_row", "demo");
  run_connection_test (page);
  g_assert_true (result_shown (page));
  /* The key changes. */
  eo_test_page_type_row (page, "api_key_row", "another-key");
  g_assert_false (result_shown (page));

  /* An answer that comes after the server changed is not shown. */
  eo_test_page_type_row (page, "api_key_row", "demo-key");
  g_signal_emit_by_name (eo_test_page_child (page, "test_button"), "clicked");
  eo_test_page_type_row (page, "server_row", "https://cso.example.test");
  WAIT_FOR (!eo_preferences_page_get_busy (page), "the connection test");
  g_assert_false (result_shown (page));
  free_app ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  eo_test_gui_init (&argc, &argv);
  sim = eo_test_sim_start_demo (NULL);

  g_test_add_func ("/messages/once/counting", test_counting_sees_toasts);
  g_test_add_func ("/messages/once/refused", test_refused_once);
  g_test_add_func ("/messages/once/polling-failure", test_polling_failure_once);
  g_test_add_func ("/messages/not-sent", test_unreachable_not_sent);
  g_test_add_func ("/messages/history/reader-language", test_history_in_reader_language);
  g_test_add_func ("/messages/preferences/order", test_preferences_order);
  g_test_add_func ("/messages/preferences/key-status", test_preferences_key_status);
  g_test_add_func ("/messages/preferences/stale-result", test_preferences_stale_result);

  ret = g_test_run ();
  eo_test_sim_stop (sim);
  return ret;
}
