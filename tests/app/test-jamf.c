/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jamf"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-dialogs.h"
#include "eo-jamf-picker-item.h"
#include "eo-jamf-picker-private.h"
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
 * results dropped); Import from Jamf Pro (the picker pages through
 * 10,000 generated phones, searches, selects all/none, skips phones
 * without EID with the reason, marks those the history assigned; the
 * choice opens as a device list with its serial numbers and management
 * IDs, through the confirmation into the history).
 *
 * EO_TEST_JAMF_DEVICES=N runs the picker test with N phones (100,000
 * with EO_DEBUG_STALLS=FILE measures the main loop's worst gap). */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 30)

static EoApplication *app;

/* Helpers */

/* A fresh application, not connected to Jamf Pro (the settings are in
 * memory, shared by the tests of this process). */
static void
new_app (void)
{
  app = eo_test_application_new_unique ();
  g_settings_reset (eo_application_get_settings (app), "jamf-url");
  g_settings_reset (eo_application_get_settings (app), "jamf-client-id");
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

static const char *
secret_status (EoJamfPage *page)
{
  return adw_action_row_get_subtitle (eo_test_page_child (page, "secret_status_row"));
}

static gboolean
result_shown (EoJamfPage *page)
{
  return gtk_widget_get_visible (eo_test_page_child (page, "result_box"));
}

static const char *
run_connection_test (EoJamfPage *page)
{
  g_signal_emit_by_name (eo_test_page_child (page, "test_button"), "clicked");
  g_assert_false (gtk_widget_get_sensitive (eo_test_page_child (page, "test_button")));
  g_assert_true (gtk_widget_get_visible (eo_test_page_child (page, "test_spinner")));
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the connection test");
  g_assert_true (gtk_widget_get_sensitive (eo_test_page_child (page, "test_button")));
  g_assert_true (result_shown (page));
  return gtk_label_get_text (eo_test_page_child (page, "result_label"));
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
  page = EO_JAMF_PAGE (eo_test_open_preferences_page (app, new_window (), EO_TYPE_JAMF_PAGE, &dialog));
  g_assert_cmpstr (secret_status (page), ==, "Enter the Jamf Pro URL and the API client ID first");

  /* http:// only for loopback, as the CLI and the core say. */
  eo_test_page_apply_row (page, "url_row", "http://acme.jamfcloud.example.test");
  g_assert_true (gtk_widget_has_css_class (eo_test_page_child (page, "url_row"), "error"));
  g_assert_true (result_shown (page));
  g_assert_cmpstr (g_settings_get_string (settings, "jamf-url"), ==, "");

  eo_test_page_apply_row (page, "url_row", url);
  g_assert_false (gtk_widget_has_css_class (eo_test_page_child (page, "url_row"), "error"));
  /* The ID typed, not applied: it counts when the secret is stored. */
  eo_test_page_type_row (page, "client_id_row", client_id);
  eo_test_page_apply_row (page, "secret_row", secret);
  expected = g_strdup_printf ("A secret is stored for %s, API client “%s”", url, client_id);
  g_assert_cmpstr (secret_status (page), ==, expected);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (eo_test_page_child (page, "secret_row"))), ==, "");
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
  eo_test_page_apply_row (page, "client_id_row", "someone-else");
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("No secret stored for %s, API client “someone-else” yet: enter it above and press Enter",
                              url);
  g_assert_cmpstr (secret_status (page), ==, expected);
  eo_test_page_apply_row (page, "client_id_row", client_id);
  g_assert_true (g_str_has_prefix (secret_status (page), "A secret is stored for"));

  /* Forgotten: read back too. */
  g_signal_emit_by_name (eo_test_page_child (page, "forget_button"), "clicked");
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
  page = EO_JAMF_PAGE (eo_test_open_preferences_page (app, new_window (), EO_TYPE_JAMF_PAGE, NULL));
  eo_test_page_apply_row (page, "url_row", sim->url);
  eo_test_page_apply_row (page, "client_id_row", EO_TEST_JAMF_CLIENT_ID);

  /* No secret anywhere yet. */
  text = run_connection_test (page);
  g_assert_cmpstr (text, ==, "No client secret is stored for this server and API client: enter it above.");

  /* The right one, stored: from the keyring. */
  eo_test_page_apply_row (page, "secret_row", EO_TEST_JAMF_SECRET);
  text = run_connection_test (page);
  g_assert_cmpstr (text, ==, "Connected: Jamf Pro accepted API client “demo-client” and its devices can be read");
  g_assert_true (gtk_widget_has_css_class (eo_test_page_child (page, "result_label"), "success"));

  /* A stale result goes with any change. */
  eo_test_page_type_row (page, "url_row", "https://jamf.example.test");
  g_assert_false (result_shown (page));
  eo_test_page_type_row (page, "url_row", sim->url);
  run_connection_test (page);
  eo_test_page_type_row (page, "client_id_row", "other");
  g_assert_false (result_shown (page));
  eo_test_page_type_row (page, "client_id_row", EO_TEST_JAMF_CLIENT_ID);

  /* Wrong secret (typed, not stored: tested as it is). */
  eo_test_page_type_row (page, "secret_row", "not-the-secret");
  text = run_connection_test (page);
  g_assert_true (g_str_has_prefix (text, "Jamf Pro did not accept the API client: check the client ID and the client secret"));
  g_assert_true (gtk_widget_has_css_class (eo_test_page_child (page, "result_label"), "error"));
  eo_test_page_type_row (page, "secret_row", "");

  /* The role lacks the privilege: the 403 names it. */
  eo_test_jamf_sim_post (sim, "faults", "{\"endpoint\":\"devices\",\"status\":403,\"count\":1}");
  text = run_connection_test (page);
  g_assert_nonnull (strstr (text, "lacks the privilege “Read Mobile Devices”"));

  /* A 401 on a fresh token (the client disabled). */
  eo_test_jamf_sim_post (sim, "faults", "{\"endpoint\":\"devices\",\"status\":401,\"count\":2}");
  text = run_connection_test (page);
  g_assert_true (g_str_has_prefix (text, "Jamf Pro refused a fresh access token"));

  /* Not a Jamf Pro server (the CSO simulator). */
  eo_test_page_type_row (page, "url_row", cso->url);
  eo_test_page_type_row (page, "secret_row", EO_TEST_JAMF_SECRET);
  text = run_connection_test (page);
  g_assert_nonnull (strstr (text, "does not answer like a Jamf Pro server"));

  /* Unreachable. */
  eo_test_page_type_row (page, "url_row", closed);
  text = run_connection_test (page);
  g_assert_nonnull (strstr (text, "cannot be reached"));

  /* An answer that comes after the URL changed is not shown. */
  eo_test_page_type_row (page, "url_row", sim->url);
  g_signal_emit_by_name (eo_test_page_child (page, "test_button"), "clicked");
  eo_test_page_type_row (page, "url_row", "https://jamf.example.test");
  WAIT_FOR (!eo_jamf_page_get_busy (page), "the connection test");
  g_assert_false (result_shown (page));

  g_signal_emit_by_name (eo_test_page_child (page, "forget_button"), "clicked");
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
  page = EO_JAMF_PAGE (eo_test_open_preferences_page (app, new_window (), EO_TYPE_JAMF_PAGE, NULL));
  eo_test_page_apply_row (page, "url_row", sim->url);
  eo_test_page_apply_row (page, "client_id_row", EO_TEST_JAMF_CLIENT_ID);
  eo_test_page_type_row (page, "secret_row", EO_TEST_JAMF_SECRET);
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
  page = EO_JAMF_PAGE (eo_test_open_preferences_page (app, new_window (), EO_TYPE_JAMF_PAGE, NULL));
  g_assert_true (gtk_widget_get_visible (eo_test_page_child (page, "demo_group")));
  text = g_strdup (adw_action_row_get_subtitle (eo_test_page_child (page, "demo_row")));
  g_assert_nonnull (strstr (text, "http://127.0.0.1:9"));
  g_assert_false (gtk_widget_get_sensitive (eo_test_page_child (page, "jamf_group")));
  g_assert_false (gtk_widget_get_sensitive (eo_test_page_child (page, "connection_group")));
  g_assert_false (eo_jamf_page_get_busy (page));
  free_app ();
}

/* Import from Jamf Pro */

static guint
n_test_devices (void)
{
  const char *env = g_getenv ("EO_TEST_JAMF_DEVICES");
  guint64 n = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 0;

  /* A multiple of 20 (the simulator's phones without EID and models). */
  return n >= 100 && n <= 200000 ? (guint) n / 20 * 20 : 10000;
}

/* Saves an upload of @eids in the history: every device assigned. */
static void
save_assigned (const char         *server,
               const char * const *eids)
{
  g_autoptr(GString) csv = g_string_new ("EID,Name\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(EoUploadRecord) record = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  GListModel *devices;

  for (guint i = 0; eids[i] != NULL; i++)
    g_string_append_printf (csv, "%s,Phone %u\n", eids[i], i + 1);
  list = eo_device_list_new_from_data (csv->str, csv->len, &error);
  g_assert_no_error (error);
  record = eo_upload_record_new (server, EO_TEST_DEMO_CUSTOMER, "earlier.csv", FALSE);
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
}

static EoJamfPickerItem *
picker_item (EoJamfPicker *picker,
             guint         position)
{
  EoJamfPickerItem *item = g_list_model_get_item (eo_jamf_picker_get_items (picker), position);

  g_object_unref (item); /* the store keeps it */
  return item;
}

static guint
search_picker (EoJamfPicker *picker,
               const char   *text)
{
  eo_jamf_picker_set_search (picker, text);
  /* Applied incrementally: at fleet size under Xvfb, many frames. */
  EO_TEST_WAIT_FOR (!eo_jamf_picker_get_busy (picker), "the search", 300);
  return g_list_model_get_n_items (eo_jamf_picker_get_shown (picker));
}

static void
select_shown (EoJamfPicker *picker,
              gboolean      selected)
{
  eo_jamf_picker_select_shown (picker, selected);
  EO_TEST_WAIT_FOR (!eo_jamf_picker_get_busy (picker), "the selection", 300);
}

static gpointer
picker_child (EoJamfPicker *picker,
              const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (picker), EO_TYPE_JAMF_PICKER, name);

  g_assert_nonnull (object);
  return object;
}

/* The picker pages through the inventory with a progress bar, usable
 * while it loads; search, select all/none, skipped and assigned phones;
 * then the choice becomes the window's list, with its extra columns,
 * and goes through the confirmation into the history. */
static void
test_picker_import (void)
{
  guint n = n_test_devices ();
  g_autofree char *generate = g_strdup_printf ("%u", n);
  /* Slow answers keep it loading for the checks and the screenshot (a
   * fleet-sized run is for the main loop's gaps: quicker). */
  const char *args[] = { "--generate", generate, "--latency-ms", n > 10000 ? "200" : "5000", NULL };
  EoTestSim *jamf = eo_test_jamf_sim_start (args);
  EoTestSim *cso = eo_test_sim_start_demo (NULL);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (jamf);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *last_serial = g_strdup_printf ("F2LX%08u", n);
  g_autofree char *expected_count = NULL;
  const char *assigned_eids[3] = { NULL };
  EoJamfPicker *picker;
  EoJamfPickerItem *item;
  EoWindow *window;
  GtkWidget *dialog;
  EoUploadJob *job;
  EoUploadRecord *record;
  GtkWidget *check;
  double fraction;

  /* Phones 2 and 5 were assigned by an earlier upload. */
  devices = eo_test_jamf_list_devices (EO_MDM_CONNECTOR (client), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, n);
  assigned_eids[0] = ((EoMdmDevice *) g_ptr_array_index (devices, 1))->eid;
  assigned_eids[1] = ((EoMdmDevice *) g_ptr_array_index (devices, 4))->eid;

  new_app ();
  eo_application_set_demo_server (app, cso->url);
  eo_application_set_demo_jamf (app, jamf->url);
  window = new_window ();
  save_assigned (cso->url, assigned_eids);

  /* From the empty window's menu action (the empty page has the button). */
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (window->empty_page), "Import from Jamf Pro…", EO_TEST_MATCH_EXACT));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-jamf", NULL));
  picker = window->jamf_picker;
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "jamf");
  /* The entry's own delayed search-changed must not be what makes a
   * search right (setting its text empties it first, which it reports at
   * once): without the delay the searches below are decided by the
   * picker alone. */
  gtk_search_entry_set_search_delay (picker_child (picker, "search_entry"), G_MAXINT / 2);

  /* The first rows come a batch a frame (GTK 4.8's list view makes a row
   * for each of its first 200 items at once: 200 rows made and measured
   * were most of the picker's longest frame). */
  {
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
    gint64 first_frame;

    WAIT_FOR (eo_jamf_picker_get_n_loaded (picker) > 0, "the first rows");
    g_assert_cmpuint (eo_jamf_picker_get_n_loaded (picker), <=, EO_JAMF_PICKER_FIRST_ROWS_BATCH);
    first_frame = gdk_frame_clock_get_frame_counter (clock);
    WAIT_FOR (eo_jamf_picker_get_n_loaded (picker) >= EO_JAMF_PICKER_FIRST_ROWS, "the first 200 rows");
    g_assert_cmpint (gdk_frame_clock_get_frame_counter (clock) - first_frame, >=,
                     EO_JAMF_PICKER_FIRST_ROWS / EO_JAMF_PICKER_FIRST_ROWS_BATCH - 1);
  }

  /* Mid-load: some pages in, the bar part way, the list usable. */
  WAIT_FOR (eo_jamf_picker_get_n_loaded (picker) >= 2000, "the first page");
  g_assert_true (eo_jamf_picker_get_loading (picker));
  g_assert_cmpuint (eo_jamf_picker_get_n_total (picker), ==, n);
  g_assert_true (gtk_widget_get_visible (picker_child (picker, "progress_bar")));
  fraction = gtk_progress_bar_get_fraction (picker_child (picker, "progress_bar"));
  g_assert_cmpfloat (fraction, >, 0.0);
  g_assert_cmpfloat (fraction, <, 1.0);
  if (n <= 10000)
    {
      eo_test_wait_for_frames (GTK_WIDGET (window), 3);
      g_assert_nonnull (eo_test_find_text (GTK_WIDGET (picker), "iPhone 00001", EO_TEST_MATCH_EXACT));
      /* At fleet size the answers are quick: the measurement is of gaps. */
      eo_test_save_screenshot (GTK_WIDGET (window), "jamf-picker-loading.png");
      g_assert_true (eo_jamf_picker_get_loading (picker));
    }
  /* A search while pages come: it applies to the ones that come next. */
  eo_jamf_picker_set_search (picker, last_serial);

  /* To the end: every page, no more. */
  EO_TEST_WAIT_FOR (!eo_jamf_picker_get_loading (picker), "the whole inventory", 300);
  g_assert_cmpuint (eo_jamf_picker_get_n_loaded (picker), ==, n);
  WAIT_FOR (!eo_jamf_picker_get_busy (picker), "the search");
  g_assert_cmpuint (g_list_model_get_n_items (eo_jamf_picker_get_shown (picker)), ==, 1);
  search_picker (picker, "");
  g_assert_false (gtk_widget_get_visible (picker_child (picker, "progress_bar")));
  status = g_strdup_printf ("%u mobile devices in Jamf Pro, %u without an EID (skipped).", n, n / 10);
  g_assert_cmpstr (gtk_label_get_text (picker_child (picker, "status_label")), ==, status);
  WAIT_FOR (!eo_jamf_picker_get_busy (picker), "the history's marks");

  /* Phone 10 has no EID: listed, skipped with the reason, not chosen. */
  item = picker_item (picker, 9);
  g_assert_false (eo_jamf_picker_item_get_selectable (item));
  g_assert_cmpuint (search_picker (picker, "iPhone 00010"), ==, 1);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (picker), "Skipped: Jamf Pro reports no EID (no eSIM to assign)",
                                        EO_TEST_MATCH_EXACT));
  check = eo_test_find_widget_of_type (picker_child (picker, "list_view"), GTK_TYPE_CHECK_BUTTON);
  g_assert_false (gtk_widget_get_sensitive (check));
  select_shown (picker, TRUE);
  g_assert_cmpuint (eo_jamf_picker_get_n_selected (picker), ==, 0);

  /* Phones 2 and 5: marked as the history has them; phone 3 not. */
  g_assert_true (g_str_has_prefix (eo_jamf_picker_item_get_assigned (picker_item (picker, 1)), "Already assigned on "));
  g_assert_nonnull (strstr (eo_jamf_picker_item_get_assigned (picker_item (picker, 4)), "“earlier.csv”"));
  g_assert_null (eo_jamf_picker_item_get_assigned (picker_item (picker, 2)));
  g_assert_cmpuint (search_picker (picker, "iphone 00002"), ==, 1);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_nonnull (eo_test_find_label (GTK_WIDGET (picker), "Already assigned on ", EO_TEST_MATCH_PREFIX));

  /* Search by name (case aside), serial number, model; nothing. */
  g_assert_cmpuint (search_picker (picker, "IPHONE 01234"), ==, 1);
  g_assert_cmpuint (search_picker (picker, "F2LX00004321"), ==, 1);
  g_assert_cmpuint (search_picker (picker, "ipad pro"), ==, n / 4);
  g_assert_cmpuint (search_picker (picker, "no such phone"), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (picker_child (picker, "list_stack")), ==, "none");

  /* Select all of those shown (the iPads with an EID), none, all. */
  search_picker (picker, "ipad pro");
  select_shown (picker, TRUE);
  g_assert_cmpuint (eo_jamf_picker_get_n_selected (picker), ==, n / 4 - n / 20);
  search_picker (picker, "");
  select_shown (picker, FALSE);
  g_assert_cmpuint (eo_jamf_picker_get_n_selected (picker), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (picker_child (picker, "import_button")));
  select_shown (picker, TRUE);
  g_assert_cmpuint (eo_jamf_picker_get_n_selected (picker), ==, n - n / 10);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  eo_test_save_screenshot (GTK_WIDGET (window), "jamf-picker.png");

  /* Phones 1 to 9 chosen, then phone 1 unticked in its row: 8. */
  expected_count = g_strdup_printf ("8 chosen · 9 of %u shown", n);
  select_shown (picker, FALSE);
  g_assert_cmpuint (search_picker (picker, "iPhone 0000"), ==, 9);
  select_shown (picker, TRUE);
  g_assert_cmpuint (eo_jamf_picker_get_n_selected (picker), ==, 9);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  check = eo_test_find_widget_of_type (picker_child (picker, "list_view"), GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  g_assert_cmpuint (eo_jamf_picker_get_n_selected (picker), ==, 8);
  g_assert_false (eo_jamf_picker_item_get_selected (picker_item (picker, 0)));
  g_assert_cmpstr (gtk_label_get_text (picker_child (picker, "count_label")), ==, expected_count);
  g_assert_true (gtk_widget_get_sensitive (picker_child (picker, "import_button")));

  /* Imported: the window's list, like any CSV, with the extra columns. */
  g_signal_emit_by_name (picker_child (picker, "import_button"), "clicked");
  WAIT_FOR (window->list != NULL && !eo_window_is_loading (window), "the imported list");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "list");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Devices from Jamf Pro");
  g_assert_cmpuint (window->items->len, ==, 8);
  g_assert_cmpstr (eo_device_list_get_extra_column_name (window->list, 0), ==, "Serial Number");
  g_assert_cmpstr (eo_device_list_get_extra_column_name (window->list, 1), ==, "Jamf Management ID");
  for (guint i = 0; i < window->items->len; i++)
    {
      EoDevice *device = g_ptr_array_index (window->items, i);
      const EoMdmDevice *mdm = g_ptr_array_index (devices, i + 1);
      g_autofree char *serial = g_strdup_printf ("F2LX%08u", i + 2);

      g_assert_cmpstr (eo_device_get_eid (device), ==, mdm->eid);
      g_assert_cmpstr (eo_device_get_extra (device, 0), ==, serial);
      g_assert_cmpstr (eo_device_get_extra (device, 1), ==, mdm->management_id);
    }

  /* The same confirmation as any list; phones 2 and 5 found assigned. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  WAIT_FOR (window->dialog != NULL && eo_is_assign_dialog (window->dialog), "the confirmation");
  dialog = window->dialog;
  g_assert_cmpuint (eo_assign_dialog_get_n_assigned (dialog), ==, 2);
  eo_test_alert_respond (dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  WAIT_FOR (window->job != NULL, "the upload");
  job = window->job;
  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  record = eo_upload_job_get_record (job);
  g_assert_cmpstr (eo_upload_record_get_source_name (record), ==, "jamf-pro.csv");
  g_assert_cmpstr (eo_upload_record_get_extra_columns (record)[0], ==, "Serial Number");
  g_assert_cmpstr (eo_upload_record_get_extra_columns (record)[1], ==, "Jamf Management ID");
  {
    GListModel *sent = eo_upload_record_get_devices (record);
    g_autoptr(EoDevice) first = g_list_model_get_item (sent, 0);

    g_assert_cmpuint (g_list_model_get_n_items (sent), ==, 6);
    g_assert_cmpstr (eo_device_get_extra (first, 1), ==, ((EoMdmDevice *) g_ptr_array_index (devices, 2))->management_id);
  }
  free_app ();
  eo_test_sim_stop (cso);
  eo_test_sim_stop (jamf);
}

/* Not connected: the picker says what to do, nothing else happens. */
static void
test_picker_not_connected (void)
{
  EoWindow *window;
  const char *text;

  new_app ();
  window = new_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-jamf", NULL));
  WAIT_FOR (*gtk_label_get_text (picker_child (window->jamf_picker, "status_label")) != '\0', "the reason");
  text = gtk_label_get_text (picker_child (window->jamf_picker, "status_label"));
  g_assert_true (g_str_has_prefix (text, "eSIM Onboard is not connected to Jamf Pro yet"));
  g_assert_nonnull (strstr (text, "Preferences → Jamf Pro"));
  g_signal_emit_by_name (picker_child (window->jamf_picker, "cancel_button"), "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (window->stack), ==, "empty");
  free_app ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) notifications = NULL;

  eo_test_gui_init (&argc, &argv);
  /* The upload's end is notified: somewhere to go. */
  notifications = eo_test_notifications_start ();

  g_test_add_func ("/jamf/preferences/secret", test_preferences_secret);
  g_test_add_func ("/jamf/preferences/connection", test_preferences_connection);
  g_test_add_func ("/jamf/preferences/tls", test_preferences_tls);
  g_test_add_func ("/jamf/preferences/demo", test_preferences_demo);
  g_test_add_func ("/jamf/picker/import", test_picker_import);
  g_test_add_func ("/jamf/picker/not-connected", test_picker_not_connected);

  return g_test_run ();
}
