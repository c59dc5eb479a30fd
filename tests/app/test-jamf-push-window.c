/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jamf-push-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-device-view-private.h"
#include "eo-dialogs.h"
#include "eo-history-view.h"
#include "eo-jamf-page.h"
#include "eo-jamf-picker.h"
#include "eo-jamf-secret.h"
#include "eo-push-targets.h"
#include "eo-status-cell.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"
#include "eo-test-jamf.h"
#include "eo-test-sim.h"
#include "eo-test-util.h"

/* The loop closed in Jamf Pro, through the real window (issue 14): an
 * upload from a CSV file against the CSO simulator, its SM-DP+ address
 * pushed through the Jamf Pro simulator (the two share the assignments
 * file, so the assigned ICCIDs show in the phones' inventory), the
 * phones followed in the On the Phone column until their eSIM is
 * installed; Push Again re-sends only the Not Now ones; a restart in the
 * middle of the follow-up resumes it without pushing twice. */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 60)

typedef EoTestSims Sims;

static EoApplication *app;
/* "summary\nbody" of each notification the app sent. */
static GPtrArray *notifications;

/* Both simulators, and the Jamf one's devices read. */
static void
sims_start (Sims               *sims,
            const char * const *jamf_args)
{
  eo_test_sims_start (sims, jamf_args);
  eo_test_sims_read_devices (sims);
}

/* A plain CSV (EID,Name: no management IDs) of the simulator's phones
 * that have an EID, and @stranger (not in Jamf Pro) when given. */
static GFile *
write_csv (Sims       *sims,
           const char *stranger,
           guint      *n_phones)
{
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  g_autofree char *path = g_build_filename (sims->dir, "phones.csv", NULL);

  *n_phones = 0;
  for (guint i = 0; i < sims->devices->len; i++)
    {
      EoMdmDevice *device = g_ptr_array_index (sims->devices, i);

      if (device->eid == NULL)
        continue;
      g_string_append_printf (text, "%s,Phone %u\n", device->eid, i + 1);
      (*n_phones)++;
    }
  if (stranger != NULL)
    g_string_append_printf (text, "%s,Stranger\n", stranger);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  return g_file_new_for_path (path);
}

static void
secret_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_jamf_secret_store_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* A new application in demo mode on the CSO simulator, connected to the
 * Jamf simulator (settings and the keyring), polling fast. */
static void
new_app (Sims *sims)
{
  GSettings *settings;
  gboolean stored = FALSE;

  app = eo_test_application_new_unique ();
  eo_application_set_demo_server (app, sims->cso->url);
  settings = eo_application_get_settings (app);
  g_settings_set_string (settings, "jamf-url", sims->jamf->url);
  g_settings_set_string (settings, "jamf-client-id", EO_TEST_JAMF_CLIENT_ID);
  eo_jamf_secret_store_async (sims->jamf->url, EO_TEST_JAMF_CLIENT_ID, EO_TEST_JAMF_SECRET, NULL,
                              secret_stored_cb, &stored);
  WAIT_FOR (stored, "the secret in the keyring");
  eo_push_manager_set_intervals (eo_application_get_push_manager (app), 50, 200, 300);
}

static EoWindow *
new_window (void)
{
  return eo_test_open_history_window (app, 1280, 760, 50, 100);
}

/* Opens @file, assigns it and waits until every device is done. */
static EoUploadRecord *
upload (EoWindow *window,
        GFile    *file)
{
  EoUploadRecord *record;
  guint n_succeeded = 0, n_failed = 0, n_pending = 0;

  eo_window_open_file (window, file);
  WAIT_FOR (!eo_window_is_loading (window), "the load");
  record = eo_test_assign_and_wait (window, 60);
  eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);
  g_assert_cmpuint (n_failed, ==, 0);
  return record;
}

static EoPushSession *
session_of (EoUploadRecord *record)
{
  return eo_push_manager_lookup (eo_application_get_push_manager (app), record);
}

static guint
count (EoUploadRecord *record,
       EoPhoneState    state)
{
  EoPushSession *session = session_of (record);

  return session != NULL ? eo_phone_states_count (eo_push_session_get_states (session), state) : 0;
}

static GtkWidget *find_button (EoWindow *window, const char *label);
static GtkWidget *find_push_again (EoWindow *window);

/* Push to Phones (or Push Again), the confirmation checked and accepted. */
static void
push (EoWindow   *window,
      const char *action,
      const char *heading,
      const char *in_body,
      const char *also_in_body)
{
  GtkWidget *dialog;

  /* As a person would: once its button is enabled. */
  if (g_str_equal (action, "win.push-again"))
    WAIT_FOR (gtk_widget_get_sensitive (find_push_again (window)), "Push Again enabled");
  else
    WAIT_FOR (gtk_widget_get_sensitive (find_button (window, "_Push to Phones…")), "Push to Phones enabled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  WAIT_FOR (window->push_dialog != NULL, "the push's confirmation");
  dialog = window->push_dialog;
  g_assert_cmpstr (eo_alert_get_heading (dialog), ==, heading);
  if (in_body != NULL)
    g_assert_nonnull (strstr (eo_alert_get_body (dialog), in_body));
  if (also_in_body != NULL)
    g_assert_nonnull (strstr (eo_alert_get_body (dialog), also_in_body));
  eo_test_alert_respond (dialog, "push");
}

static GtkWidget *
find_push_again (EoWindow *window)
{
  GtkLabel *label = eo_test_find_label (GTK_WIDGET (window->upload_panel), "Push Again…", EO_TEST_MATCH_EXACT);

  g_assert_nonnull (label);
  return gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_BUTTON);
}

/* The button of the finish panel labelled @label (use-underline). */
static GtkWidget *
find_button (EoWindow   *window,
             const char *label)
{
  GtkWidget *found = NULL;
  GtkWidget *widget = GTK_WIDGET (window->upload_panel);
  GtkWidget *next;

  /* Depth-first over the panel's widgets. */
  while (widget != NULL && found == NULL)
    {
      if (ADW_IS_BUTTON_CONTENT (widget) && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (widget)), label) == 0)
        found = gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON);
      next = gtk_widget_get_first_child (widget);
      while (next == NULL && widget != NULL && widget != GTK_WIDGET (window->upload_panel))
        {
          next = gtk_widget_get_next_sibling (widget);
          if (next == NULL)
            widget = gtk_widget_get_parent (widget);
        }
      widget = next;
    }
  g_assert_nonnull (found);
  return found;
}

/* Push to Phones is the suggested (blue) step while it has phones to
 * send to; once every phone was sent the address, its tooltip says so. */
static gboolean
push_suggested (EoWindow *window)
{
  GtkWidget *button = find_button (window, "_Push to Phones…");
  const char *tooltip = gtk_widget_get_tooltip_text (button);
  gboolean suggested = gtk_widget_has_css_class (button, "suggested-action");

  g_assert_nonnull (tooltip);
  g_assert_true (suggested == (strstr (tooltip, "Nothing New to Push") == NULL));
  return suggested;
}

static gboolean
phone_column_visible (EoWindow *window)
{
  return gtk_column_view_column_get_visible (_eo_device_view_get_phone_column (window->device_view));
}

static void
free_app (void)
{
  eo_test_application_free (app);
  app = NULL;
}

/* The journals of a test are not the next test's to resume. */
static void
remove_journals (void)
{
  g_autofree char *dir = eo_push_journal_default_dir ();

  eo_test_remove_tree (dir);
}

static gboolean
all_final (EoUploadRecord *record)
{
  EoPushSession *session = session_of (record);

  return session != NULL && eo_phone_states_all_final (eo_push_session_get_states (session)) &&
         !eo_push_session_is_pushing (session);
}

/* A cell of the On the Phone column in sight says @text with @icon, in
 * the colour of @css_class: an EoStatusCell (drawn with the table's font,
 * no Pango context of its own), its text readable by the accessibility
 * tree as its label. */
static void
assert_phone_cell (EoWindow   *window,
                   const char *text,
                   const char *icon,
                   const char *css_class)
{
  GtkWidget *cell = eo_test_find_text (GTK_WIDGET (window->device_view), text, EO_TEST_MATCH_EXACT);

  g_assert_nonnull (cell);
  g_assert_true (EO_IS_STATUS_CELL (cell));
  g_assert_cmpstr (eo_status_cell_get_icon_name (EO_STATUS_CELL (cell)), ==, icon);
  g_assert_true (gtk_widget_has_css_class (cell, css_class));
  g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (cell)) == GTK_ACCESSIBLE_ROLE_LABEL);
}

/* A CSV upload: the phones matched by EID (the stranger listed and left
 * out), pushed once after a confirmation naming the count and the
 * address, acknowledged, then installed; a second Push to Phones sends
 * nothing. */
static void
test_push_from_csv (void)
{
  const char *args[] = { "--generate", "12", "--ack-ms", "600", "--inventory-ms", "600", NULL };
  Sims sims = { 0 };
  g_autofree char *stranger = eo_test_make_eid (4242);
  g_autofree char *heading = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFile) file = NULL;
  EoUploadRecord *record;
  EoWindow *window;
  guint n = 0;

  sims_start (&sims, args);
  file = write_csv (&sims, stranger, &n);
  g_assert_cmpuint (n, >, 5);
  new_app (&sims);
  window = new_window ();
  record = upload (window, file);
  g_assert_false (phone_column_visible (window));
  WAIT_FOR (gtk_widget_get_visible (GTK_WIDGET (window->upload_panel)), "the finish panel");
  WAIT_FOR (gtk_widget_is_sensitive (find_button (window, "_Push to Phones…")), "Push to Phones enabled");
  eo_test_save_screenshot (GTK_WIDGET (window), "push-finish-panel.png");

  heading = g_strdup_printf ("Push to %u Phones?", n);
  push (window, "win.push-to-phones", heading, eo_upload_record_get_server_url (record), stranger);
  WAIT_FOR (session_of (record) != NULL && eo_phone_states_get_n_pushed (eo_push_session_get_states (session_of (record))) == n,
            "the push");
  g_assert_true (phone_column_visible (window));
  g_assert_cmpuint (count (record, EO_PHONE_STATE_NOT_IN_MDM), ==, 1);
  WAIT_FOR (count (record, EO_PHONE_STATE_ACKNOWLEDGED) + count (record, EO_PHONE_STATE_INSTALLED) == n,
            "every phone acknowledged");
  eo_test_save_screenshot (GTK_WIDGET (window), "push-following.png");
  WAIT_FOR (count (record, EO_PHONE_STATE_INSTALLED) == n, "every eSIM installed");
  expected = g_strdup_printf ("Pushed %u · Acknowledged %u · Installed %u · Not in Jamf Pro 1", n, n, n);
  WAIT_FOR (g_strcmp0 (eo_upload_panel_get_phones (window->upload_panel), expected) == 0, "the panel's counts");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  eo_test_save_screenshot (GTK_WIDGET (window), "push-installed.png");
  assert_phone_cell (window, "eSIM Installed", "emblem-ok-symbolic", "success");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, n);

  /* Nothing is pushed twice. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.push-to-phones", NULL));
  WAIT_FOR (!window->push_busy, "the second push's look-up");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, n);

  free_app ();
  remove_journals ();
  eo_test_sims_stop (&sims);
}

/* Two phones answer NOT_NOW: Push Again (after its confirmation) sends
 * to those two only, counted at the simulator; the others keep their
 * one command. */
static void
test_push_again (void)
{
  Sims sims = { 0 };
  g_autofree char *first = NULL, *second = NULL, *expected = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  EoUploadRecord *record;
  EoWindow *window;
  guint n = 0;

  /* The simulator generates its phones alike every time: the IDs of
   * two with an EID, from a first run. */
  {
    const char *probe[] = { "--generate", "10", NULL };
    Sims probe_sims = { 0 };
    guint found = 0;

    sims_start (&probe_sims, probe);
    for (guint i = 0; i < probe_sims.devices->len && found < 2; i++)
      {
        EoMdmDevice *device = g_ptr_array_index (probe_sims.devices, i);

        if (device->eid == NULL)
          continue;
        g_ptr_array_add (args, g_strdup ("--outcome"));
        g_ptr_array_add (args, g_strdup_printf ("%s=NOT_NOW", device->management_id));
        found++;
      }
    eo_test_sims_stop (&probe_sims);
  }
  g_ptr_array_add (args, g_strdup ("--generate"));
  g_ptr_array_add (args, g_strdup ("10"));
  g_ptr_array_add (args, g_strdup ("--ack-ms"));
  g_ptr_array_add (args, g_strdup ("300"));
  g_ptr_array_add (args, NULL);
  sims_start (&sims, (const char * const *) args->pdata);
  file = write_csv (&sims, NULL, &n);
  new_app (&sims);
  window = new_window ();
  record = upload (window, file);
  /* No counts, no Push Again before a push. */
  g_assert_null (eo_upload_panel_get_phones (window->upload_panel));

  first = g_strdup_printf ("Push to %u Phones?", n);
  push (window, "win.push-to-phones", first, NULL, NULL);
  WAIT_FOR (all_final (record) && count (record, EO_PHONE_STATE_NOT_NOW) == 2, "every phone's answer");
  g_assert_cmpuint (count (record, EO_PHONE_STATE_ACKNOWLEDGED) + count (record, EO_PHONE_STATE_INSTALLED), ==, n - 2);
  expected = g_strdup_printf ("Not Now 2");
  WAIT_FOR (strstr (eo_upload_panel_get_phones (window->upload_panel) ?: "", expected) != NULL, "the panel's counts");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, n);
  WAIT_FOR (gtk_widget_get_sensitive (find_push_again (window)), "Push Again enabled");
  /* Every phone was sent it once: Push Again is the step now. */
  g_assert_false (push_suggested (window));
  eo_test_save_screenshot (GTK_WIDGET (window), "push-not-now.png");

  push (window, "win.push-again", "Push Again to 2 Phones?", "2 phones answered Not Now or Error", NULL);
  WAIT_FOR (eo_test_sim_stat (sims.jamf, "commands_created") == n + 2, "the two commands again");
  WAIT_FOR (all_final (record), "the second answers");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 2);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, n + 2);
  g_assert_cmpuint (count (record, EO_PHONE_STATE_NOT_NOW), ==, 2);

  free_app ();
  remove_journals ();
  eo_test_sims_stop (&sims);
}

/* The app goes away while the phones have not answered; the next one
 * resumes the follow-up at start, without pushing again, to the end;
 * the record opened in the history shows the column. */
static void
test_resume_after_restart (void)
{
  const char *args[] = { "--generate", "10", "--ack-ms", "4000", "--inventory-ms", "300", NULL };
  Sims sims = { 0 };
  g_autofree char *heading = NULL;
  g_autofree char *local_id = NULL;
  g_autoptr(GFile) file = NULL;
  EoUploadRecord *record;
  EoWindow *window;
  guint n = 0;

  sims_start (&sims, args);
  file = write_csv (&sims, NULL, &n);
  new_app (&sims);
  window = new_window ();
  record = upload (window, file);
  local_id = g_strdup (eo_upload_record_get_local_id (record));
  heading = g_strdup_printf ("Push to %u Phones?", n);
  push (window, "win.push-to-phones", heading, NULL, NULL);
  WAIT_FOR (eo_test_sim_stat (sims.jamf, "commands_created") == n && !eo_push_session_is_pushing (session_of (record)),
            "the push");
  g_assert_cmpuint (count (record, EO_PHONE_STATE_WAITING), ==, n);
  free_app ();

  new_app (&sims);
  window = new_window ();
  record = eo_history_lookup_local_id (eo_application_get_history (app), local_id);
  g_assert_nonnull (record);
  WAIT_FOR (session_of (record) != NULL, "the push resumed");
  WAIT_FOR (count (record, EO_PHONE_STATE_INSTALLED) == n, "every eSIM installed");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, n);

  _eo_window_show_history (window, TRUE);
  eo_history_view_open_record (window->history_view, record);
  WAIT_FOR (eo_device_view_get_phone_states (eo_history_view_get_device_view (window->history_view)) ==
            eo_push_session_get_states (session_of (record)), "the column in the history");
  g_assert_true (gtk_column_view_column_get_visible (
    _eo_device_view_get_phone_column (eo_history_view_get_device_view (window->history_view))));

  free_app ();
  remove_journals ();
  eo_test_sims_stop (&sims);
}

/* A list imported from Jamf Pro (its Jamf Management ID column, as
 * `esim-onboard-cli jamf devices --output` writes it) is pushed by those
 * IDs: the inventory is not read again. One phone pushed from its
 * details first is not pushed again with the others. */
static void
test_push_by_management_id (void)
{
  const char *args[] = { "--generate", "8", "--ack-ms", "200", NULL };
  Sims sims = { 0 };
  g_autoptr(GString) text = g_string_new ("EID,Name,Serial Number,Jamf Management ID\n");
  g_autofree char *path = NULL, *heading = NULL;
  g_autoptr(GFile) file = NULL;
  EoUploadRecord *record;
  EoWindow *window;
  gint64 device_requests;
  guint n = 0;

  sims_start (&sims, args);
  for (guint i = 0; i < sims.devices->len; i++)
    {
      EoMdmDevice *device = g_ptr_array_index (sims.devices, i);

      if (device->eid == NULL)
        continue;
      g_string_append_printf (text, "%s,Phone %u,%s,%s\n", device->eid, i + 1, device->serial, device->management_id);
      n++;
    }
  path = g_build_filename (sims.dir, "from-jamf.csv", NULL);
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  file = g_file_new_for_path (path);
  new_app (&sims);
  window = new_window ();
  record = upload (window, file);
  /* By management ID: no inventory read to match them (the follow-up
   * reads it later, for the ICCIDs). */
  g_assert_false (eo_push_targets_need_inventory (record));
  g_assert_true (push_suggested (window));

  /* One phone first, from its details (the inventory not read for it). */
  device_requests = eo_test_sim_stat (sims.jamf, "device_requests");
  {
    g_autoptr(EoDevice) first = g_list_model_get_item (eo_upload_record_get_devices (record), 0);
    GtkWindow *details = _eo_window_show_device_details (window, record, first);
    GtkLabel *label;

    eo_test_wait_for_frames (GTK_WIDGET (details), 2);
    g_assert_nonnull (eo_test_find_label (GTK_WIDGET (details), "Not pushed yet", EO_TEST_MATCH_EXACT));
    label = eo_test_find_label (GTK_WIDGET (details), "Push to This Phone…", EO_TEST_MATCH_EXACT);
    g_assert_nonnull (label);
    g_signal_emit_by_name (gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_BUTTON), "clicked");
    WAIT_FOR (window->push_dialog != NULL, "the phone's confirmation");
    g_assert_cmpint (eo_test_sim_stat (sims.jamf, "device_requests"), ==, device_requests);
    g_assert_cmpstr (eo_alert_get_heading (window->push_dialog), ==, "Push to This Phone?");
    g_assert_nonnull (strstr (eo_alert_get_body (window->push_dialog), eo_device_get_eid (first)));
    eo_test_alert_respond (window->push_dialog, "push");
    WAIT_FOR (eo_test_sim_stat (sims.jamf, "commands_created") == 1, "the one command");
    gtk_window_destroy (details);
    WAIT_FOR (!window->push_busy, "the phone's push");
  }
  /* The others are still to push. */
  g_assert_true (push_suggested (window));

  /* Then the others: never that one again. */
  heading = g_strdup_printf ("Push to %u Phones?", n - 1);
  WAIT_FOR (gtk_widget_get_sensitive (find_button (window, "_Push to Phones…")), "Push to Phones enabled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.push-to-phones", NULL));
  WAIT_FOR (window->push_dialog != NULL, "the push's confirmation");
  g_assert_cmpstr (eo_alert_get_heading (window->push_dialog), ==, heading);
  eo_test_alert_respond (window->push_dialog, "push");
  WAIT_FOR (all_final (record), "every phone's answer");
  g_assert_cmpuint (count (record, EO_PHONE_STATE_ACKNOWLEDGED) + count (record, EO_PHONE_STATE_INSTALLED), ==, n);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, n);
  g_assert_cmpuint (count (record, EO_PHONE_STATE_NOT_IN_MDM), ==, 0);
  /* Nothing left: no longer the suggested step. */
  WAIT_FOR (!push_suggested (window), "Push to Phones no longer suggested");
  eo_test_save_screenshot (GTK_WIDGET (window), "push-nothing-left.png");

  free_app ();
  eo_test_sims_stop (&sims);
}

/* Without a Jamf Pro connection, Push to Phones explains and opens
 * Preferences on its Jamf Pro page; nothing is sent. */
static void
test_not_connected (void)
{
  const char *args[] = { "--generate", "3", NULL };
  Sims sims = { 0 };
  g_autoptr(GFile) file = NULL;
  GtkWidget *dialog, *preferences;
  EoWindow *window;
  guint n = 0;

  sims_start (&sims, args);
  file = write_csv (&sims, NULL, &n);
  app = eo_test_application_new_unique ();
  eo_application_set_demo_server (app, sims.cso->url);
  /* The settings' memory backend outlives the tests before. */
  g_settings_reset (eo_application_get_settings (app), "jamf-url");
  g_settings_reset (eo_application_get_settings (app), "jamf-client-id");
  window = new_window ();
  upload (window, file);
  WAIT_FOR (gtk_widget_get_sensitive (find_button (window, "_Push to Phones…")), "Push to Phones enabled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.push-to-phones", NULL));
  WAIT_FOR (window->push_dialog != NULL, "the explanation");
  dialog = window->push_dialog;
  g_assert_cmpstr (eo_alert_get_heading (dialog), ==, "Connect to Jamf Pro First");
  g_assert_nonnull (strstr (eo_alert_get_body (dialog), "Preferences → Jamf Pro"));
  eo_test_save_dialog_screenshot (dialog, "push-not-connected.png");
  eo_test_alert_respond (dialog, "preferences");
  preferences = eo_test_wait_for_dialog (GTK_WINDOW (window), eo_preferences_get_platform_type ());
  /* On its Jamf Pro page. */
  WAIT_FOR (gtk_widget_get_mapped (eo_test_find_widget_of_type (preferences, EO_TYPE_JAMF_PAGE)), "the Jamf Pro page");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 0);

  free_app ();
  eo_test_sims_stop (&sims);
}

/* The whole loop in the window: Import from Jamf Pro (every phone with
 * an EID), assign at the CSO, Push to Phones, every phone acknowledged,
 * then its eSIM in inventory. */
static void
test_full_loop (void)
{
  const char *args[] = { "--generate", "10", "--ack-ms", "300", "--inventory-ms", "300", NULL };
  Sims sims = { 0 };
  g_autofree char *heading = NULL;
  EoUploadRecord *record;
  EoWindow *window;
  guint n = 0;

  sims_start (&sims, args);
  for (guint i = 0; i < sims.devices->len; i++)
    n += ((EoMdmDevice *) g_ptr_array_index (sims.devices, i))->eid != NULL;
  new_app (&sims);
  window = new_window ();

  g_assert_cmpuint (eo_test_import_all_from_jamf (window, sims.devices->len, 60), ==, n);
  record = eo_test_assign_and_wait (window, 60);
  /* Imported from Jamf Pro: pushed by management ID. */
  g_assert_false (eo_push_targets_need_inventory (record));

  heading = g_strdup_printf ("Push to %u Phones?", n);
  push (window, "win.push-to-phones", heading, eo_upload_record_get_server_url (record), NULL);
  WAIT_FOR (count (record, EO_PHONE_STATE_ACKNOWLEDGED) + count (record, EO_PHONE_STATE_INSTALLED) == n,
            "every phone acknowledged");
  WAIT_FOR (count (record, EO_PHONE_STATE_INSTALLED) == n, "every eSIM installed");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  eo_test_save_screenshot (GTK_WIDGET (window), "push-full-loop.png");
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "push_requests"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sims.jamf, "commands_created"), ==, n);

  free_app ();
  eo_test_sims_stop (&sims);
}

/* What the window did when the main-loop probe ran (EO_DEBUG_STALLS, as
 * when the 100,000-phone import was measured): the probe follows the
 * active window's frame clock; the confirmations close (GDK disposes
 * their clocks, and with them every handler), then the window; the
 * probe's next tick let go of a clock whose handlers were gone and
 * disconnected them again: the fatal warning "instance … has no handler
 * with id …". Here, with warnings fatal: the same steps at 10 phones. */
static void
test_with_stall_probe (void)
{
  const char *args[] = { "--generate", "10", "--ack-ms", "300", NULL };
  Sims sims = { 0 };
  g_autofree char *probe = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *text = NULL;
  EoUploadRecord *record;
  EoWindow *window;
  guint n;

  sims_start (&sims, args);
  probe = g_build_filename (sims.dir, "stalls.log", NULL);
  g_setenv ("EO_DEBUG_STALLS", probe, TRUE);
  /* The clock's own "update" phases: the handler the window's end drops. */
  g_setenv ("EO_DEBUG_STALLS_FRAMES", "tick", TRUE);
  new_app (&sims);
  g_unsetenv ("EO_DEBUG_STALLS");
  g_unsetenv ("EO_DEBUG_STALLS_FRAMES");
  window = new_window ();

  n = eo_test_import_all_from_jamf (window, sims.devices->len, 60);
  record = eo_test_assign_and_wait (window, 60);
  heading = g_strdup_printf ("Push to %u Phones?", n);
  push (window, "win.push-to-phones", heading, NULL, NULL);
  WAIT_FOR (count (record, EO_PHONE_STATE_ACKNOWLEDGED) + count (record, EO_PHONE_STATE_INSTALLED) == n,
            "every phone acknowledged");
  /* The window goes (its clock disposed) while the probe still follows
   * it: the probe's next ticks (every 5 ms) let go of that clock. */
  eo_test_destroy_window (window);
  eo_test_run_for (100);
  free_app ();

  /* The probe ran all along: it saw the upload. */
  g_assert_true (g_file_get_contents (probe, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "job_added_at "));
  eo_test_sims_stop (&sims);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);
  notifications = eo_test_notifications_start ();

  g_test_add_func ("/jamf/push/from-csv", test_push_from_csv);
  g_test_add_func ("/jamf/push/again", test_push_again);
  g_test_add_func ("/jamf/push/by-management-id", test_push_by_management_id);
  g_test_add_func ("/jamf/push/not-connected", test_not_connected);
  g_test_add_func ("/jamf/push/full-loop", test_full_loop);
  g_test_add_func ("/jamf/push/resume-after-restart", test_resume_after_restart);
  g_test_add_func ("/jamf/push/with-stall-probe", test_with_stall_probe);

  return g_test_run ();
}
