/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem */
#define G_LOG_DOMAIN "test-assign"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-device.h"
#include "eo-history.h"
#include "eo-identifiers.h"
#include "eo-dialogs.h"
#include "eo-preferences-page.h"
#include "eo-secret-store.h"
#include "eo-upload-panel.h"
#include "eo-window-private.h"
#include "eo-handoff-dialog.h"
#include "eo-test-gui.h"
#include "eo-test-sim.h"

/* The whole onboarding flow in the real window, against the bundled CSO
 * simulator (a separate process): demo mode, the preferences path with
 * the key in the session's real keyring, a refused key, stopping the
 * polling, and a scan for the key wherever it must not be. */

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *dir;
  char        *accounts_path;
} Simulator;

static EoApplication *app;
static Simulator sim;
/* "summary\nbody" of each notification received, oldest first. */
static GPtrArray *notifications;
/* Key of the "acme" account, made at run time; only the simulator's
 * accounts file (outside the test's home) and the keyring hold it. */
static char *acme_key;
/* Every log message of the test process. */
static GString *log_record;
static GMutex log_mutex;

/* ---------------------------------------------------------------------- */
/* Logging                                                                */

static GLogWriterOutput
record_log_writer (GLogLevelFlags   log_level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  g_mutex_lock (&log_mutex);
  for (gsize i = 0; i < n_fields; i++)
    {
      g_string_append (log_record, fields[i].key);
      g_string_append_c (log_record, '=');
      if (fields[i].length < 0)
        g_string_append (log_record, fields[i].value);
      else
        g_string_append_len (log_record, fields[i].value, fields[i].length);
      g_string_append_c (log_record, ' ');
    }
  g_string_append_c (log_record, '\n');
  g_mutex_unlock (&log_mutex);

  /* Debug messages are recorded, not printed. */
  if (log_level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static GLogFunc previous_default_handler;
static gpointer previous_default_data;

/* Messages logged the old way (g_log without structured fields). */
static void
record_default_handler (const char     *log_domain,
                        GLogLevelFlags  log_level,
                        const char     *message,
                        gpointer        user_data)
{
  g_mutex_lock (&log_mutex);
  g_string_append_printf (log_record, "%s: %s\n", log_domain ? log_domain : "", message);
  g_mutex_unlock (&log_mutex);

  if (!(log_level & G_LOG_LEVEL_DEBUG))
    previous_default_handler (log_domain, log_level, message, previous_default_data);
}


/* ---------------------------------------------------------------------- */
/* Simulator                                                              */

static void
simulator_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *accounts = NULL;

  /* Outside the test's home and XDG dirs: the secrets scan covers those. */
  sim.dir = g_dir_make_tmp ("eo-assign-sim-XXXXXX", &error);
  g_assert_no_error (error);
  sim.accounts_path = g_build_filename (sim.dir, "accounts.json", NULL);
  accounts = g_strdup_printf ("{\"accounts\":[{\"customer_id\":\"acme\",\"api_key\":\"%s\","
                              "\"pool_size\":100,\"pool_prefix\":\"8901234\"}]}",
                              acme_key);
  g_file_set_contents (sim.accounts_path, accounts, -1, &error);
  g_assert_no_error (error);
  g_chmod (sim.accounts_path, 0600);

  {
    const char *args[] = { "--port", "0", "--demo", "--accounts", sim.accounts_path, "--row-delay-ms", "20",
                           "--pending-style", "in-progress", "--quiet", NULL };

    sim.process = eo_test_sim_spawn (args, G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL, &sim.url);
  }
}

static gint64
simulator_stat (const char *name)
{
  return eo_test_sim_stat_at (NULL, sim.url, name);
}

static void
simulator_stop (void)
{
  g_subprocess_send_signal (sim.process, SIGTERM);
  g_subprocess_wait (sim.process, NULL, NULL);
  g_clear_object (&sim.process);
  g_unlink (sim.accounts_path);
  g_rmdir (sim.dir);
  g_clear_pointer (&sim.url, g_free);
  g_clear_pointer (&sim.dir, g_free);
  g_clear_pointer (&sim.accounts_path, g_free);
}

/* Processing is global and in order: when nothing is pending, every row
 * sent so far was processed. */
static gint64
simulator_rows_processed_when_idle (void)
{
  EO_TEST_POLL_UNTIL (simulator_stat ("rows_pending") == 0, "the simulator to process every row", 60);
  return simulator_stat ("rows_processed");
}

/* ---------------------------------------------------------------------- */
/* Helpers                                                                */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 60)

/* Whether the finish panel shows the next step labelled @label, enabled. */
static gboolean
next_step_enabled (EoWindow   *window,
                   const char *label)
{
  GtkLabel *found = eo_test_find_label (GTK_WIDGET (window->upload_panel), label, EO_TEST_MATCH_EXACT);
  GtkWidget *button;

  g_assert_nonnull (found);
  button = gtk_widget_get_ancestor (GTK_WIDGET (found), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* A toplevel window of @type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

/* An ICCID of the demo pool (prefix 8901990) far from the ones handed
 * out automatically, and never the same twice in this process: the
 * simulator is shared by all the subtests, and a second request of the
 * same ICCID fails as "already in use". */
static char *
demo_pool_iccid (void)
{
  static guint next = 4000;

  return eo_test_make_demo_iccid (next++);
}

/* @n_valid rows (the second one asks for a given ICCID) and @n_bad rows
 * with a broken EID, in a file outside the test's home. */
static GFile *
write_csv (guint  n_valid,
           guint  n_bad,
           char **requested_iccid)
{
  g_autoptr(GString) csv = g_string_new ("EID,Name,ICCID\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *iccid = demo_pool_iccid ();

  path = g_build_filename (sim.dir, "devices.csv", NULL);
  for (guint i = 0; i < n_valid; i++)
    {
      g_autofree char *eid = eo_test_next_eid ();

      g_string_append_printf (csv, "%s,Phone %02u,%s\n", eid, i + 1, i == 1 ? iccid : "");
      if (i == 2)
        for (guint j = 0; j < n_bad; j++)
          g_string_append_printf (csv, "8904903212345123451234567890123%u,Broken %u,\n", j % 10, j + 1);
    }
  g_file_set_contents (path, csv->str, -1, &error);
  g_assert_no_error (error);

  if (requested_iccid != NULL)
    *requested_iccid = g_steal_pointer (&iccid);
  return g_file_new_for_path (path);
}

/* The application starts inside the first test, so that what it keeps
 * on disk (the history) is in a test's isolated directories. */
static void
ensure_application (void)
{
  if (app != NULL)
    return;

  app = eo_test_application_new ();
}

static EoWindow *
new_window_with (GFile *file)
{
  EoWindow *window;

  ensure_application ();
  window = eo_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  eo_window_open_file (window, file);
  WAIT_FOR (!eo_window_is_loading (window), "the load");

  return window;
}

/* Assign, answer the confirmation, and wait for the job to end. */
static EoUploadJob *
assign_and_confirm (EoWindow   *window,
                    guint       n_valid,
                    guint       n_bad,
                    const char *server)
{
  static gboolean shot;
  GtkWidget *dialog;
  g_autofree char *count = g_strdup_printf ("%u", n_valid);
  const char *body;

  g_assert_true (gtk_widget_get_sensitive (window->assign_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  /* Outside demo mode the key comes from the keyring first. */
  WAIT_FOR (window->dialog != NULL, "the confirmation");
  g_assert_true (eo_is_assign_dialog (window->dialog));
  dialog = window->dialog;
  g_assert_true (eo_dialog_get_parent (dialog) == GTK_WINDOW (window));
  g_assert_true (eo_dialog_find (GTK_WINDOW (window), eo_alert_get_platform_type ()) == dialog);
  /* Nothing can be assigned twice while asking. */
  g_assert_false (gtk_widget_get_sensitive (window->assign_button));

  g_assert_cmpuint (eo_assign_dialog_get_n_devices (dialog), ==, n_valid);
  g_assert_cmpuint (eo_assign_dialog_get_n_left_out (dialog), ==, n_bad);
  g_assert_nonnull (strstr (eo_alert_get_heading (dialog), count));
  body = eo_alert_get_body (dialog);
  g_assert_nonnull (strstr (body, server));
  if (n_bad == 1)
    g_assert_nonnull (strstr (body, "1 row with errors will be left out"));
  else if (n_bad > 1)
    {
      g_autofree char *left_out = g_strdup_printf ("%u rows with errors will be left out", n_bad);
      g_assert_nonnull (strstr (body, left_out));
    }

  if (!shot)
    {
      eo_test_save_dialog_screenshot (dialog, "assign-confirmation.png");
      shot = TRUE;
    }
  eo_test_alert_respond (dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  /* The upload's record is made on a worker; nothing can be assigned
   * again meanwhile. */
  g_assert_false (gtk_widget_get_sensitive (window->assign_button));
  WAIT_FOR (window->job != NULL, "the upload's record");
  g_assert_nonnull (window->job);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));
  g_assert_true (eo_device_view_get_show_upload_status (window->device_view));

  return window->job;
}

/* An inactive window sends a notification; an active one a toast. */
static void
assert_completion_shown (EoWindow *window)
{
  g_assert_cmpint (window->completion_notified, ==, !gtk_window_is_active (GTK_WINDOW (window)));
  if (window->completion_notified)
    {
      g_autofree char *expected = g_strdup_printf ("Upload Finished\n%s", window->completion_text);

      WAIT_FOR (notifications->len > 0, "the notification");
      g_assert_cmpstr (g_ptr_array_index (notifications, notifications->len - 1), ==, expected);
      g_ptr_array_set_size (notifications, 0);
    }
}

static EoDevice *
device_at (EoWindow *window,
           guint     position)
{
  g_autoptr(EoDevice) device = g_list_model_get_item (G_LIST_MODEL (window->devices), position);

  g_assert_nonnull (device);
  return device;
}

/* Every row without error is SUCCESS, the error rows were left alone. */
static void
assert_all_assigned (EoWindow   *window,
                     const char *requested_iccid)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (window->devices));

  for (guint i = 0; i < n; i++)
    {
      EoDevice *device = device_at (window, i);
      g_autofree char *text = eo_device_view_format_status (device);

      if (eo_device_get_severity (device) == EO_SEVERITY_ERROR)
        {
          g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_NONE);
          g_assert_cmpstr (text, ==, "Left out");
          continue;
        }

      g_assert_cmpint (eo_device_get_status (device), ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_cmpstr (text, ==, "Assigned");
      g_assert_nonnull (eo_device_get_assigned_iccid (device));
      g_assert_true (eo_iccid_is_valid (eo_device_get_assigned_iccid (device), strlen (eo_device_get_assigned_iccid (device))));
      if (eo_device_get_iccid (device) != NULL)
        g_assert_cmpstr (eo_device_get_assigned_iccid (device), ==, eo_device_get_iccid (device));
    }

  if (requested_iccid != NULL)
    g_assert_cmpstr (eo_device_get_assigned_iccid (device_at (window, 1)), ==, requested_iccid);
}

static EoUploadRecord *
load_history_record (const char *request_id)
{
  /* The application's history directory is fixed when it is first
   * used (in the first test's isolated XDG_DATA_HOME): read it anew. */
  g_autoptr(EoHistory) history = eo_history_new (eo_history_get_dir (eo_application_get_history (app)));
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record;

  g_assert_true (eo_history_load (history, NULL, &error));
  g_assert_no_error (error);
  record = eo_history_lookup_request_id (history, request_id);
  g_assert_nonnull (record);
  return g_object_ref (record);
}

static void
async_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* What the keyring holds for @customer on @server. */
static char *
lookup_key (const char  *server,
            const char  *customer,
            GError     **error)
{
  g_autoptr(EoSecretStore) store = eo_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;

  eo_secret_store_lookup_async (store, server, customer, NULL, async_result_cb, &result);
  WAIT_FOR (result != NULL, "the keyring lookup");
  return eo_secret_store_lookup_finish (store, result, error);
}

/* The preferences over @window, their page once the keyring answered. */
static EoPreferencesPage *
open_preferences (EoWindow *window)
{
  GtkWidget *dialog;
  EoPreferencesPage *page;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  dialog = eo_test_wait_for_dialog (GTK_WINDOW (window), eo_preferences_get_platform_type ());
  g_assert_true (eo_dialog_get_parent (dialog) == GTK_WINDOW (window));
  page = EO_PREFERENCES_PAGE (eo_test_find_widget_of_type (dialog, EO_TYPE_PREFERENCES_PAGE));
  WAIT_FOR (!eo_preferences_page_get_busy (page), "the keyring");

  return page;
}

static gpointer
prefs_child (EoPreferencesPage *prefs,
             const char        *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (prefs), EO_TYPE_PREFERENCES_PAGE, name);

  g_assert_nonnull (child);
  return child;
}

/* Types into an entry row and presses its apply button (Enter). */
static void
apply_row (EoPreferencesPage *prefs,
           const char        *name,
           const char        *text)
{
  AdwEntryRow *row = prefs_child (prefs, name);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
  WAIT_FOR (!eo_preferences_page_get_busy (prefs), "the keyring");
}

/* The account through the preferences, as a user sets it up: server,
 * customer, key (to the keyring). */
static void
set_account_in_preferences (EoWindow   *window,
                            const char *customer,
                            const char *key,
                            gboolean    screenshot)
{
  EoPreferencesPage *prefs = open_preferences (window);
  GtkWidget *dialog;
  AdwActionRow *key_status = prefs_child (prefs, "key_status_row");
  GtkLabel *result = prefs_child (prefs, "result_label");
  AdwEntryRow *server_row = prefs_child (prefs, "server_row");

  /* An invalid server is refused with the reason, and not saved. */
  apply_row (prefs, "server_row", "http://cso.example.com");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (server_row), "error"));
  g_assert_true (gtk_widget_get_visible (prefs_child (prefs, "result_box")));
  g_assert_cmpstr (gtk_label_get_text (result), !=, "");
  g_assert_cmpstr (eo_account_get_server_url (eo_application_get_account (app)), !=, "http://cso.example.com");

  apply_row (prefs, "server_row", sim.url);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (server_row), "error"));
  apply_row (prefs, "customer_row", customer);
  apply_row (prefs, "api_key_row", key);
  {
    g_autofree char *stored = g_strdup_printf ("Key stored for %s (customer %s)",
                                               eo_account_get_server_url (eo_application_get_account (app)), customer);

    g_assert_cmpstr (adw_action_row_get_subtitle (key_status), ==, stored);
  }
  /* The typed key does not stay on screen. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (prefs_child (prefs, "api_key_row"))), ==, "");

  g_assert_cmpstr (eo_account_get_customer_id (eo_application_get_account (app)), ==, customer);
  g_assert_true (g_str_has_prefix (eo_account_get_server_url (eo_application_get_account (app)), sim.url));

  /* The connection test with the stored key. */
  g_signal_emit_by_name (prefs_child (prefs, "test_button"), "clicked");
  WAIT_FOR (!eo_preferences_page_get_busy (prefs), "the connection test");
  if (g_strcmp0 (key, acme_key) == 0 || g_strcmp0 (key, "demo-key") == 0)
    {
      g_autofree char *expected = g_strdup_printf ("Connected: the server accepted the key for customer %s", customer);
      g_assert_cmpstr (gtk_label_get_text (result), ==, expected);
    }
  else
    g_assert_nonnull (strstr (gtk_label_get_text (result), "refused"));

  dialog = eo_dialog_find (GTK_WINDOW (window), eo_preferences_get_platform_type ());
  g_assert_true (eo_test_find_widget_of_type (dialog, EO_TYPE_PREFERENCES_PAGE) == GTK_WIDGET (prefs));
  if (screenshot)
    eo_test_save_dialog_screenshot (dialog, "preferences.png");

  eo_test_close_dialog (dialog);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Forgets the account between tests. */
static void
reset_account (void)
{
  EoAccount *account = eo_application_get_account (app);

  eo_account_set_customer_id (account, NULL);
  eo_account_set_server_url (account, NULL);
  eo_application_set_demo_server (app, NULL);
}

/* ---------------------------------------------------------------------- */
/* Tests                                                                  */

static guint64
vm_hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) : 0;
}

/* A fleet-sized upload through the window with the production poll
 * intervals (first read after 2 s, backing off to 30 s): every device
 * reaches SUCCESS, with few status reads. Figures go to the test log. */
static void
test_thousand (void)
{
  g_autoptr(GFile) file = NULL;
  EoWindow *window;
  EoUploadJob *job;
  EoUploadRecord *record;
  gint64 processed_before, reads_before, processing_before, accepted_at = 0, reads;
  gint64 wall_ms, processing_ms;
  const guint n_valid = 1000;

  ensure_application ();
  eo_application_set_demo_server (app, sim.url);
  processed_before = simulator_rows_processed_when_idle ();
  reads_before = simulator_stat ("status_requests");
  processing_before = simulator_stat ("processing_ms");
  file = write_csv (n_valid, 0, NULL);
  window = new_window_with (file);

  job = assign_and_confirm (window, n_valid, 0, sim.url);
  eo_upload_job_set_intervals (job, EO_POLLER_DEFAULT_FIRST_MS, EO_POLLER_DEFAULT_MAX_MS);
  record = eo_upload_job_get_record (job);
  WAIT_FOR (eo_upload_record_get_state (record) != EO_UPLOAD_STATE_SENDING, "the answer");
  accepted_at = g_get_monotonic_time ();
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  wall_ms = (g_get_monotonic_time () - accepted_at) / 1000;

  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);
  assert_all_assigned (window, NULL);
  g_assert_cmpint (simulator_rows_processed_when_idle () - processed_before, ==, n_valid);
  reads = simulator_stat ("status_requests") - reads_before;
  processing_ms = simulator_stat ("processing_ms") - processing_before;
  g_test_message ("%u devices: simulator processing %" G_GINT64_FORMAT " ms, accepted → all final "
                  "in the window %" G_GINT64_FORMAT " ms, %" G_GINT64_FORMAT " status requests, "
                  "peak resident memory of the process %" G_GUINT64_FORMAT " KiB",
                  n_valid, processing_ms, wall_ms, reads, vm_hwm_kib ());
  /* Backoff alone would read at 2, 5, 9.5, 16.25, 26.4 s. */
  g_assert_cmpint (reads, <=, 6);
  g_assert_cmpint (reads, ==, eo_poller_get_n_requests (eo_upload_job_get_poller (job)));

  eo_test_destroy_window (window);
}

static void
test_demo (void)
{
  g_autofree char *requested = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(EoUploadRecord) saved = NULL;
  g_autofree char *progress = NULL;
  EoWindow *window;
  EoUploadJob *job;
  EoUploadRecord *record;
  gint64 processed_before;
  const guint n_valid = 120, n_bad = 3;

  ensure_application ();
  eo_application_set_demo_server (app, sim.url);
  processed_before = simulator_rows_processed_when_idle ();
  file = write_csv (n_valid, n_bad, &requested);
  window = new_window_with (file);

  /* Demo mode is in sight. */
  g_assert_true (gtk_widget_get_visible (window->demo_bar));
  g_assert_cmpstr (gtk_label_get_text (window->demo_label), ==, sim.url);
  g_assert_true (g_str_has_prefix (adw_window_title_get_subtitle (window->window_title), "Demo"));

  job = assign_and_confirm (window, n_valid, n_bad, sim.url);
  record = eo_upload_job_get_record (job);
  /* The application follows the window's upload too. */
  g_assert_true (eo_job_manager_lookup_job (eo_application_get_job_manager (app), record) == job);
  g_assert_cmpstr (eo_upload_record_get_customer_id (record), ==, EO_DEMO_CUSTOMER);
  g_assert_cmpuint (eo_upload_record_get_n_devices (record), ==, n_valid);
  /* The record follows the table's own items. */
  g_assert_true (g_list_model_get_item (eo_upload_record_get_devices (record), 0) == (gpointer)device_at (window, 0));
  g_object_unref (device_at (window, 0));

  /* Running: some rows done, others pending with the server's word. */
  WAIT_FOR (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_ACCEPTED &&
            eo_device_get_status (device_at (window, 0)) == EO_DEVICE_STATUS_SUCCESS,
            "the first assignment");
  g_assert_true (eo_upload_job_get_running (job));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));
  g_assert_cmpstr (eo_upload_panel_get_title (window->upload_panel), ==, "Assigning eSIMs…");
  g_assert_false (gtk_widget_get_sensitive (window->assign_button));
  {
    EoDevice *last = device_at (window, n_valid + n_bad - 1);
    g_autofree char *text = eo_device_view_format_status (last);

    g_assert_cmpint (eo_device_get_status (last), ==, EO_DEVICE_STATUS_PENDING);
    g_assert_cmpstr (text, ==, "Pending (IN_PROGRESS)");
  }
  eo_test_save_screenshot (GTK_WIDGET (window), "assign-running.png");

  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);
  assert_all_assigned (window, requested);

  /* The panel. */
  progress = g_strdup_printf ("%u of %u done", n_valid, n_valid);
  g_assert_cmpfloat (eo_upload_panel_get_fraction (window->upload_panel), ==, 1.0);
  g_assert_cmpstr (eo_upload_panel_get_progress_text (window->upload_panel), ==, progress);
  g_assert_cmpstr (eo_upload_panel_get_title (window->upload_panel), ==, "eSIMs Assigned");
  g_assert_cmpstr (eo_upload_panel_get_request_id (window->upload_panel), ==, eo_upload_record_get_request_id (record));
  g_assert_cmpuint (strlen (eo_upload_panel_get_request_id (window->upload_panel)), >, 0);
  g_assert_true (g_str_has_prefix (eo_upload_panel_get_server_url (window->upload_panel), "https://"));
  g_assert_cmpstr (window->completion_text, ==, "eSIMs assigned: 120 succeeded, 0 failed");
  assert_completion_shown (window);

  /* The error rows never reached the server. */
  g_assert_cmpint (simulator_rows_processed_when_idle () - processed_before, ==, n_valid);

  /* The history on disk says FINISHED. */
  {
    g_autofree char *expected_dir = g_build_filename (g_get_user_data_dir (), "esim-onboard", "uploads", NULL);

    g_assert_cmpstr (eo_history_get_dir (eo_application_get_history (app)), ==, expected_dir);
  }
  saved = load_history_record (eo_upload_record_get_request_id (record));
  g_assert_cmpint (eo_upload_record_get_state (saved), ==, EO_UPLOAD_STATE_FINISHED);
  g_assert_cmpuint (eo_upload_record_get_n_devices (saved), ==, n_valid);
  g_assert_cmpstr (eo_upload_record_get_customer_id (saved), ==, "demo");

  /* The same list is not sent twice. */
  g_assert_false (gtk_widget_get_sensitive (window->assign_button));

  /* A clear end: the next steps act on this upload. */
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (next_step_enabled (window, "MDM Hand-off"));
  g_assert_true (next_step_enabled (window, "Export Results…"));
  g_assert_true (next_step_enabled (window, "Upload Report…"));
  g_assert_false (next_step_enabled (window, "Retry Failed…"));
  /* Ctrl+M (win.show-handoff) shows the hand-off of this upload. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-handoff", NULL));
  {
    GtkWindow *handoff = NULL;

    WAIT_FOR ((handoff = find_toplevel (EO_TYPE_HANDOFF_DIALOG)) != NULL, "the MDM hand-off");
    g_assert_cmpstr (eo_handoff_dialog_get_server_url (EO_HANDOFF_DIALOG (handoff)), ==,
                     eo_upload_record_get_server_url (record));
    gtk_window_destroy (handoff);
  }

  eo_test_save_screenshot (GTK_WIDGET (window), "assign-done.png");

  /* Another list in the same window: the panel was the last upload's, it
   * goes; the new list is not shown as sent. The upload stays followed by
   * the application and in the history. */
  {
    g_autoptr(GFile) other = write_csv (4, 0, NULL);

    eo_window_open_file (window, other);
    WAIT_FOR (window->list != NULL && eo_device_list_get_n_rows (window->list) == 4, "the other list");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)));
    g_assert_null (window->job);
    g_assert_false (eo_device_view_get_show_upload_status (window->device_view));
    WAIT_FOR (gtk_widget_get_sensitive (window->assign_button), "Assign eSIMs for the other list");
    g_assert_true (eo_job_manager_lookup_job (eo_application_get_job_manager (app), record) == job);
    eo_test_save_screenshot (GTK_WIDGET (window), "assign-next-list.png");
  }

  eo_test_destroy_window (window);
  reset_account ();
}

static void
test_preferences_keyring (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(EoUploadRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoSecret) stored = NULL;
  EoWindow *window;
  EoUploadJob *job;
  gint64 processed_before;
  const guint n_valid = 5, n_bad = 1;

  processed_before = simulator_rows_processed_when_idle ();
  file = write_csv (n_valid, n_bad, NULL);
  window = new_window_with (file);
  g_assert_false (gtk_widget_get_visible (window->demo_bar));

  set_account_in_preferences (window, "demo", "demo-key", TRUE);

  /* The key went to the real keyring. */
  stored = lookup_key (sim.url, "demo", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "demo-key");

  job = assign_and_confirm (window, n_valid, n_bad, sim.url);
  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  g_assert_cmpint (eo_upload_record_get_state (eo_upload_job_get_record (job)), ==, EO_UPLOAD_STATE_FINISHED);
  assert_all_assigned (window, NULL);
  g_assert_cmpfloat (eo_upload_panel_get_fraction (window->upload_panel), ==, 1.0);
  g_assert_cmpstr (eo_upload_panel_get_progress_text (window->upload_panel), ==, "5 of 5 done");
  g_assert_cmpint (simulator_rows_processed_when_idle () - processed_before, ==, n_valid);

  saved = load_history_record (eo_upload_record_get_request_id (eo_upload_job_get_record (job)));
  g_assert_cmpint (eo_upload_record_get_state (saved), ==, EO_UPLOAD_STATE_FINISHED);

  eo_test_destroy_window (window);
  reset_account ();
}

/* Removing a running upload from the history stops its polling, for an
 * upload started from a window as for one resumed at start. */
static void
test_remove_running (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoUploadRecord) record = NULL;
  EoWindow *window;
  EoUploadJob *job;

  ensure_application ();
  eo_application_set_demo_server (app, sim.url);
  file = write_csv (60, 0, NULL);
  window = new_window_with (file);

  job = assign_and_confirm (window, 60, 0, sim.url);
  record = g_object_ref (eo_upload_job_get_record (job));
  WAIT_FOR (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_ACCEPTED, "the acceptance");
  g_assert_true (eo_upload_job_get_running (job));

  g_assert_true (_eo_window_remove_upload (window, record, &error));
  g_assert_no_error (error);
  g_assert_false (eo_upload_job_get_running (job));
  g_assert_null (eo_history_lookup (eo_application_get_history (app),
                                    eo_upload_record_get_local_id (record)));

  eo_test_destroy_window (window);
  reset_account ();
}

static void
test_wrong_key (void)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *key = g_strdup_printf ("wrong-%u", g_random_int ());
  EoWindow *window;
  EoUploadJob *job;
  const char *body;

  file = write_csv (3, 0, NULL);
  window = new_window_with (file);
  set_account_in_preferences (window, "demo", key, FALSE);

  job = assign_and_confirm (window, 3, 0, sim.url);
  WAIT_FOR (!eo_upload_job_get_running (job), "the refusal");
  g_assert_cmpint (eo_upload_record_get_state (eo_upload_job_get_record (job)), ==, EO_UPLOAD_STATE_REFUSED);
  /* Said by the panel alone, with the way to fix it (docs/messages.md):
   * no dialog to close. */
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_null (eo_dialog_find (GTK_WINDOW (window), eo_alert_get_platform_type ()));
  g_assert_cmpstr (eo_upload_panel_get_title (window->upload_panel), ==, "Upload Refused");
  body = eo_upload_panel_get_message (window->upload_panel);
  g_assert_nonnull (strstr (body, "The server refused the API key"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->upload_panel),
                                                                        EO_TYPE_UPLOAD_PANEL, "preferences_button"))));
  /* Nothing was assigned: the list may go again once the key is fixed. */
  g_assert_true (gtk_widget_get_sensitive (window->assign_button));

  eo_test_destroy_window (window);
  reset_account ();
}

static void
test_stop_polling (void)
{
  g_autoptr(GFile) file = NULL;
  EoWindow *window;
  EoUploadJob *job;
  EoUploadRecord *record;

  ensure_application ();
  eo_application_set_demo_server (app, sim.url);
  file = write_csv (60, 0, NULL);
  window = new_window_with (file);

  job = assign_and_confirm (window, 60, 0, sim.url);
  record = eo_upload_job_get_record (job);
  WAIT_FOR (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_ACCEPTED, "the acceptance");
  /* Stopping becomes possible once the acceptance is on disk (the job's
   * "accepted", a moment after the record's state). */
  WAIT_FOR (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window->upload_panel), EO_TYPE_UPLOAD_PANEL, "cancel_button"))),
            "stopping to be possible");
  g_assert_true (eo_upload_job_get_poller (job) != NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-upload", NULL));
  g_assert_false (eo_upload_job_get_running (job));
  /* Resumable: the record stays accepted. */
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  /* Nobody follows it now, and the panel says so (issue 12). */
  g_assert_true (g_str_has_prefix (eo_upload_panel_get_title (window->upload_panel), "Not followed since "));
  g_assert_true (g_str_has_prefix (eo_upload_panel_get_message (window->upload_panel),
                                   "The server keeps working on the upload. Check Again"));
  g_assert_cmpstr (eo_upload_panel_get_request_id (window->upload_panel), !=, "");
  /* The list went out: not sent twice from here. */
  g_assert_false (gtk_widget_get_sensitive (window->assign_button));

  eo_test_destroy_window (window);
  simulator_rows_processed_when_idle ();
  reset_account ();
}

static void
scan_dir_for (const char *path,
              const char *needle,
              guint      *n_files)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          scan_dir_for (child, needle, n_files);
          continue;
        }
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (child, &contents, &length, NULL))
        continue;
      (*n_files)++;
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        g_error ("The API key is in %s", child);
    }
}

static void
test_secrets (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  GSettings *settings;
  EoWindow *window;
  EoUploadJob *job;
  guint n_files = 0;
  const char *dirs[] = {
    g_get_home_dir (), g_get_user_data_dir (), g_get_user_config_dir (),
    g_get_user_cache_dir (), g_get_user_state_dir (), g_get_user_runtime_dir (),
  };

  file = write_csv (4, 1, NULL);
  window = new_window_with (file);
  set_account_in_preferences (window, "acme", acme_key, FALSE);

  job = assign_and_confirm (window, 4, 1, sim.url);
  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  g_assert_cmpint (eo_upload_record_get_state (eo_upload_job_get_record (job)), ==, EO_UPLOAD_STATE_FINISHED);
  /* The second row asks for an ICCID of the demo pool, which is not
   * acme's: the server's reason is shown. */
  {
    EoDevice *failed = device_at (window, 1);
    g_autofree char *text = eo_device_view_format_status (failed);

    g_assert_cmpint (eo_device_get_status (failed), ==, EO_DEVICE_STATUS_FAILED);
    g_assert_nonnull (strstr (eo_device_get_reason (failed), "is not in this account's pool"));
    g_assert_true (g_str_has_prefix (text, "Failed: ICCID "));
    g_assert_cmpint (eo_device_get_status (device_at (window, 0)), ==, EO_DEVICE_STATUS_SUCCESS);
  }
  g_assert_cmpstr (eo_upload_panel_get_progress_text (window->upload_panel), ==, "4 of 4 done · 1 failed");
  g_assert_cmpstr (eo_upload_panel_get_title (window->upload_panel), ==, "Done, With Failures");
  g_assert_cmpstr (window->completion_text, ==, "eSIMs assigned: 3 succeeded, 1 failed");
  eo_test_save_screenshot (GTK_WIDGET (window), "assign-failures.png");
  eo_test_destroy_window (window);
  g_assert_no_errno (eo_history_flush (eo_application_get_history (app), NULL) ? 0 : -1);

  /* Not in any file of the home and XDG directories (the history is
   * there: it must hold something to scan). */
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    scan_dir_for (dirs[i], acme_key, &n_files);
  scan_dir_for (eo_history_get_dir (eo_application_get_history (app)), acme_key, &n_files);
  g_assert_cmpuint (n_files, >, 0);

  /* Not in the settings. */
  settings = eo_account_get_settings (eo_application_get_account (app));
  g_assert_nonnull (settings);
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, acme_key));
    }

  /* Not in any log message (debug ones included). */
  g_mutex_lock (&log_mutex);
  g_assert_cmpuint (log_record->len, >, 0);
  g_assert_null (strstr (log_record->str, acme_key));
  g_mutex_unlock (&log_mutex);

  reset_account ();
}

/* Issue 10, items 1-3 through the real window: a gateway error after the
 * upload went out, status answers that nest 100,000 deep or hold an
 * invalid escape. No crash, the upload kept, the right state. */
static void
add_sim_fault (const char *endpoint,
               const char *kind)
{
  g_autofree char *body = g_strdup_printf ("{\"endpoint\":\"%s\",\"kind\":\"%s\"}", endpoint, kind);
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (NULL, sim.url, "POST", "faults", body, &parser);
}

static void
clear_sim_faults (void)
{
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (NULL, sim.url, "DELETE", "faults", NULL, &parser);
}

static void
test_hostile_answers (void)
{
  static const struct
  {
    const char     *endpoint;
    const char     *kind;
    EoUploadState   state;
  } cases[] = {
    { "upload", "gateway-error", EO_UPLOAD_STATE_OUTCOME_UNKNOWN },
    { "upload", "deep-nesting", EO_UPLOAD_STATE_OUTCOME_UNKNOWN },
    { "status", "deep-nesting", EO_UPLOAD_STATE_ACCEPTED },
    { "status", "invalid-escape", EO_UPLOAD_STATE_ACCEPTED },
  };

  ensure_application ();
  eo_application_set_demo_server (app, sim.url);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = write_csv (3, 0, NULL);
      g_autoptr(EoUploadRecord) saved = NULL;
      g_autoptr(EoHistory) history = NULL;
      g_autoptr(GError) error = NULL;
      EoUploadRecord *record;
      EoWindow *window;
      EoUploadJob *job;

      g_test_message ("%s=%s", cases[i].endpoint, cases[i].kind);
      add_sim_fault (cases[i].endpoint, cases[i].kind);
      window = new_window_with (file);
      job = assign_and_confirm (window, 3, 0, sim.url);
      record = eo_upload_job_get_record (job);
      WAIT_FOR (!eo_upload_job_get_running (job), "the end of the job");
      eo_test_wait_for_frames (GTK_WIDGET (window), 2);

      /* Never "refused": the server may have it, and it is not offered
       * for sending again. */
      g_assert_cmpint (eo_upload_record_get_state (record), ==, cases[i].state);
      g_assert_nonnull (eo_upload_record_get_error_message (record));
      g_assert_true (g_utf8_validate (eo_upload_record_get_error_message (record), -1, NULL));
      g_assert_false (gtk_widget_get_sensitive (window->assign_button));

      /* Kept on disk, readable. */
      g_assert_true (eo_history_flush (eo_application_get_history (app), &error));
      g_assert_no_error (error);
      history = eo_history_new (eo_history_get_dir (eo_application_get_history (app)));
      g_assert_true (eo_history_load (history, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (eo_history_get_n_skipped (history), ==, 0);
      saved = g_object_ref (eo_history_lookup_local_id (history, eo_upload_record_get_local_id (record)));
      g_assert_cmpint (eo_upload_record_get_state (saved), ==, cases[i].state);

      clear_sim_faults ();
      eo_test_destroy_window (window);
    }
  reset_account ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = NULL;
  int ret;

  log_record = g_string_new (NULL);
  g_log_set_writer_func (record_log_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("EO_POLL_INTERVAL_MS", "60", TRUE);

  eo_test_gui_init (&argc, &argv);
  previous_default_handler = g_log_set_default_handler (record_default_handler, NULL);

  uuid = g_uuid_string_random ();
  acme_key = g_strdup_printf ("$2a$04$eoSecretTest%s", uuid);
  simulator_start ();
  notifications = eo_test_notifications_start ();

  g_test_add_func ("/assign/demo", test_demo);
  g_test_add_func ("/assign/preferences-keyring", test_preferences_keyring);
  g_test_add_func ("/assign/wrong-key", test_wrong_key);
  g_test_add_func ("/assign/stop-polling", test_stop_polling);
  g_test_add_func ("/assign/remove-running", test_remove_running);
  g_test_add_func ("/assign/secrets", test_secrets);
  g_test_add_func ("/assign/thousand", test_thousand);
  g_test_add_func ("/assign/hostile-answers", test_hostile_answers);

  ret = g_test_run ();

  if (app != NULL)
    g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  simulator_stop ();
  eo_secret_free (acme_key);
  g_string_free (log_record, TRUE);
  g_clear_pointer (&notifications, g_ptr_array_unref);

  return ret;
}
