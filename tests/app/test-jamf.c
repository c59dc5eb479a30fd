/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jamf"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-dialogs.h"
#include "eo-jamf-page.h"
#include "eo-jamf-secret.h"
#include "eo-job-manager.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"
#include "eo-test-jamf.h"
#include "eo-test-sim.h"

/* Issue 14 in the real window, against the Jamf Pro simulator over
 * loopback: Preferences → Jamf Pro (the secret in the real keyring and
 * nowhere else, Test Connection's sentence for each failure, stale
 * results dropped). */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 30)

static EoApplication *app;

/* Helpers */

static void
new_app (void)
{
  app = eo_test_application_new_unique ();
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

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (eo_job_manager_get_loaded (eo_application_get_job_manager (app)), "the history");
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  return window;
}

static void
async_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static char *
keyring_lookup (const char *url,
                const char *client_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  eo_jamf_secret_lookup_async (url, client_id, NULL, async_result_cb, &result);
  WAIT_FOR (result != NULL, "the keyring");
  secret = eo_jamf_secret_lookup_finish (result, &error);
  g_assert_no_error (error);
  return secret;
}

/* Preferences → Jamf Pro */

static EoJamfPage *
open_jamf_page (EoWindow   *window,
                GtkWidget **dialog_out)
{
  GtkWidget *dialog;
  EoJamfPage *page;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  dialog = eo_test_wait_for_dialog (GTK_WINDOW (window), eo_preferences_get_platform_type ());
  page = EO_JAMF_PAGE (eo_test_find_widget_of_type (dialog, EO_TYPE_JAMF_PAGE));
  g_assert_nonnull (page);
  eo_preferences_set_visible_page (dialog, ADW_PREFERENCES_PAGE (page));
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the keyring");
  if (dialog_out != NULL)
    *dialog_out = dialog;
  return page;
}

static gpointer
child (EoJamfPage *page,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), EO_TYPE_JAMF_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static void
type_row (EoJamfPage *page,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (page, name)), text);
}

/* Types into a row and presses Enter. */
static void
apply_row (EoJamfPage *page,
           const char *name,
           const char *text)
{
  type_row (page, name, text);
  g_signal_emit_by_name (child (page, name), "apply");
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the keyring");
}

static const char *
secret_status (EoJamfPage *page)
{
  return adw_action_row_get_subtitle (child (page, "secret_status_row"));
}

static gboolean
result_shown (EoJamfPage *page)
{
  return gtk_widget_get_visible (child (page, "result_box"));
}

static const char *
run_connection_test (EoJamfPage *page)
{
  g_signal_emit_by_name (child (page, "test_button"), "clicked");
  g_assert_false (gtk_widget_get_sensitive (child (page, "test_button")));
  g_assert_true (gtk_widget_get_visible (child (page, "test_spinner")));
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the connection test");
  g_assert_true (gtk_widget_get_sensitive (child (page, "test_button")));
  g_assert_true (result_shown (page));
  return gtk_label_get_text (child (page, "result_label"));
}

/* Whether any file under @dir holds @needle. */
static gboolean
folder_contains (const char *dir,
                 const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR) ? folder_contains (path, needle)
                                                 : (g_file_get_contents (path, &contents, &len, NULL) &&
                                                    eo_test_bytes_contain (contents, len, needle)))
        return TRUE;
    }
  return FALSE;
}

static gboolean
settings_contain (GSettings  *settings,
                  const char *needle)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      if (strstr (text, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The secret goes to the real keyring, for the URL and client ID shown
 * (typed but not applied ones included), is never shown back nor kept in
 * the settings or a file; the status row is read back after each store
 * and says for which server and client. */
static void
test_preferences_secret (void)
{
  g_autofree char *secret = g_strdup_printf ("s3cret-%08x-%08x", g_random_int (), g_random_int ());
  g_autofree char *client_id = g_strdup_printf ("client-%08x", g_random_int ());
  g_autofree char *expected = NULL;
  g_autofree char *in_keyring = NULL;
  const char *url = "https://acme.jamfcloud.example.test";
  GSettings *settings;
  GtkWidget *dialog;
  EoJamfPage *page;

  new_app ();
  settings = eo_application_get_settings (app);
  page = open_jamf_page (new_window (), &dialog);
  g_assert_cmpstr (secret_status (page), ==, "Enter the Jamf Pro URL and the API client ID first");

  /* http:// only for loopback, as the CLI and the core say. */
  apply_row (page, "url_row", "http://acme.jamfcloud.example.test");
  g_assert_true (gtk_widget_has_css_class (child (page, "url_row"), "error"));
  g_assert_true (result_shown (page));
  g_assert_cmpstr (g_settings_get_string (settings, "jamf-url"), ==, "");

  apply_row (page, "url_row", url);
  g_assert_false (gtk_widget_has_css_class (child (page, "url_row"), "error"));
  /* The ID typed, not applied: it counts when the secret is stored. */
  type_row (page, "client_id_row", client_id);
  apply_row (page, "secret_row", secret);
  expected = g_strdup_printf ("A secret is stored for %s, API client “%s”", url, client_id);
  g_assert_cmpstr (secret_status (page), ==, expected);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (page, "secret_row"))), ==, "");
  g_assert_cmpstr (g_settings_get_string (settings, "jamf-url"), ==, url);
  g_assert_cmpstr (g_settings_get_string (settings, "jamf-client-id"), ==, client_id);
  in_keyring = keyring_lookup (url, client_id);
  g_assert_cmpstr (in_keyring, ==, secret);
  eo_test_save_dialog_screenshot (dialog, "jamf-preferences.png");

  /* Nowhere else: not in the settings, not in the app's folders. */
  g_assert_false (settings_contain (settings, secret));
  g_assert_false (folder_contains (g_get_user_data_dir (), secret));
  g_assert_false (folder_contains (g_get_user_config_dir (), secret));
  g_assert_false (folder_contains (g_get_user_cache_dir (), secret));

  /* Another client ID has no secret; the first one still has. */
  apply_row (page, "client_id_row", "someone-else");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("No secret stored for %s, API client “someone-else” yet: enter it above and press Enter",
                              url);
  g_assert_cmpstr (secret_status (page), ==, expected);
  apply_row (page, "client_id_row", client_id);
  g_assert_true (g_str_has_prefix (secret_status (page), "A secret is stored for"));

  /* Forgotten: read back too. */
  g_signal_emit_by_name (child (page, "forget_button"), "clicked");
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the keyring");
  g_assert_true (g_str_has_prefix (secret_status (page), "No secret stored for"));
  g_clear_pointer (&in_keyring, g_free);
  in_keyring = keyring_lookup (url, client_id);
  g_assert_null (in_keyring);
  free_app ();
}

/* Test Connection: a token and one device read, in the background, with
 * the core's sentence for each failure; a result goes when the URL, the
 * ID or the secret changes. */
static void
test_preferences_connection (void)
{
  EoTestSim *sim = eo_test_jamf_sim_start (NULL);
  EoTestSim *cso = eo_test_sim_start_demo (NULL);
  g_autofree char *closed = eo_test_dup_closed_port_url ();
  EoJamfPage *page;
  const char *text;

  new_app ();
  page = open_jamf_page (new_window (), NULL);
  apply_row (page, "url_row", sim->url);
  apply_row (page, "client_id_row", EO_TEST_JAMF_CLIENT_ID);

  /* No secret anywhere yet. */
  text = run_connection_test (page);
  g_assert_cmpstr (text, ==, "No client secret is stored for this server and API client: enter it above.");

  /* The right one, stored: from the keyring. */
  apply_row (page, "secret_row", EO_TEST_JAMF_SECRET);
  text = run_connection_test (page);
  g_assert_cmpstr (text, ==, "Connected: Jamf Pro accepted API client “demo-client” and its devices can be read");
  g_assert_true (gtk_widget_has_css_class (child (page, "result_label"), "success"));

  /* A stale result goes with any change. */
  type_row (page, "url_row", "https://jamf.example.test");
  g_assert_false (result_shown (page));
  type_row (page, "url_row", sim->url);
  run_connection_test (page);
  type_row (page, "client_id_row", "other");
  g_assert_false (result_shown (page));
  type_row (page, "client_id_row", EO_TEST_JAMF_CLIENT_ID);

  /* Wrong secret (typed, not stored: tested as it is). */
  type_row (page, "secret_row", "not-the-secret");
  text = run_connection_test (page);
  g_assert_true (g_str_has_prefix (text, "Jamf Pro did not accept the API client: check the client ID and the client secret"));
  g_assert_true (gtk_widget_has_css_class (child (page, "result_label"), "error"));
  type_row (page, "secret_row", "");

  /* The role lacks the privilege: the 403 names it. */
  eo_test_jamf_sim_post (sim, "faults", "{\"endpoint\":\"devices\",\"status\":403,\"count\":1}");
  text = run_connection_test (page);
  g_assert_nonnull (strstr (text, "lacks the privilege “Read Mobile Devices”"));

  /* A 401 on a fresh token (the client disabled). */
  eo_test_jamf_sim_post (sim, "faults", "{\"endpoint\":\"devices\",\"status\":401,\"count\":2}");
  text = run_connection_test (page);
  g_assert_true (g_str_has_prefix (text, "Jamf Pro refused a fresh access token"));

  /* Not a Jamf Pro server (the CSO simulator). */
  type_row (page, "url_row", cso->url);
  type_row (page, "secret_row", EO_TEST_JAMF_SECRET);
  text = run_connection_test (page);
  g_assert_nonnull (strstr (text, "does not answer like a Jamf Pro server"));

  /* Unreachable. */
  type_row (page, "url_row", closed);
  text = run_connection_test (page);
  g_assert_nonnull (strstr (text, "cannot be reached"));

  /* An answer that comes after the URL changed is not shown. */
  type_row (page, "url_row", sim->url);
  g_signal_emit_by_name (child (page, "test_button"), "clicked");
  type_row (page, "url_row", "https://jamf.example.test");
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the connection test");
  g_assert_false (result_shown (page));

  g_signal_emit_by_name (child (page, "forget_button"), "clicked");
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the keyring");
  free_app ();
  eo_test_sim_stop (cso);
  eo_test_sim_stop (sim);
}

/* HTTPS with a certificate nobody trusts: the TLS sentence. */
static void
test_preferences_tls (void)
{
  EoTestCertFiles files = { 0 };
  g_autoptr(GTlsDatabase) db = NULL;
  EoTestSim *sim;
  EoJamfPage *page;
  const char *text;

  eo_test_make_cert (&files);
  {
    const char * const args[] = { "--tls-cert", files.cert, "--tls-key", files.key, NULL };
    sim = eo_test_jamf_sim_start (args);
  }
  db = g_tls_file_database_new (files.cert, NULL);
  g_assert_nonnull (db);
  soup_session_set_tls_database (sim->control, db);
  new_app ();
  page = open_jamf_page (new_window (), NULL);
  apply_row (page, "url_row", sim->url);
  apply_row (page, "client_id_row", EO_TEST_JAMF_CLIENT_ID);
  type_row (page, "secret_row", EO_TEST_JAMF_SECRET);
  text = run_connection_test (page);
  g_assert_true (g_str_has_prefix (text, "The secure connection to Jamf Pro at"));
  g_assert_nonnull (strstr (text, "certificate is not trusted"));
  g_assert_cmpint (eo_test_sim_stat (sim, "requests"), ==, 0);
  free_app ();
  eo_test_sim_stop (sim);
  eo_test_clear_cert (&files);
}

/* Demo mode: the page says so and touches neither keyring nor settings. */
static void
test_preferences_demo (void)
{
  EoJamfPage *page;
  g_autofree char *text = NULL;

  new_app ();
  eo_application_set_demo_jamf (app, "http://127.0.0.1:9");
  page = open_jamf_page (new_window (), NULL);
  g_assert_true (gtk_widget_get_visible (child (page, "demo_group")));
  text = g_strdup (adw_action_row_get_subtitle (child (page, "demo_row")));
  g_assert_nonnull (strstr (text, "http://127.0.0.1:9"));
  g_assert_false (gtk_widget_get_sensitive (child (page, "jamf_group")));
  g_assert_false (gtk_widget_get_sensitive (child (page, "connection_group")));
  g_assert_false (eo_jamf_page_get_busy (page));
  free_app ();
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);

  g_test_add_func ("/jamf/preferences/secret", test_preferences_secret);
  g_test_add_func ("/jamf/preferences/connection", test_preferences_connection);
  g_test_add_func ("/jamf/preferences/tls", test_preferences_tls);
  g_test_add_func ("/jamf/preferences/demo", test_preferences_demo);

  return g_test_run ();
}
