/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-push"

/* Push to Phones (issue 14): the upload's SM-DP+ address sent through
 * Jamf Pro to its succeeded devices, after a confirmation that names the
 * count and the address (win.push-to-phones); Push Again for the phones
 * that answered Not Now or Error (win.push-again); Check Now
 * (win.check-phones). The panel counts the phones' answers and the
 * tables show them (On the Phone). The work is EoPushManager's. */

#include "config.h"

#include <glib/gi18n.h>

#include "eo-application.h"
#include "eo-dialogs.h"
#include "eo-error.h"
#include "eo-jamf-page.h"
#include "eo-window-private.h"

/* Devices the confirmation names of those Jamf Pro lacks. */
#define UNMATCHED_LISTED 8

typedef struct
{
  EoWindow       *window;
  EoUploadRecord *record;
  EoPushSession  *session;
  EoMdmConnector *connector;
  gboolean        again;
  /* One phone's push (the device details): its EID, then its entry's
   * management ID. */
  char           *only_eid;
  char           *only;
} PushFlow;

static void
push_flow_free (PushFlow *flow)
{
  if (flow->window != NULL)
    {
      flow->window->push_busy = FALSE;
      _eo_window_push_update (flow->window);
      g_object_remove_weak_pointer (G_OBJECT (flow->window), (gpointer *) &flow->window);
    }
  g_clear_object (&flow->record);
  g_clear_object (&flow->session);
  g_clear_object (&flow->connector);
  g_free (flow->only_eid);
  g_free (flow->only);
  g_free (flow);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PushFlow, push_flow_free)

static EoPushManager *
get_manager (EoWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  return EO_IS_APPLICATION (application) ? eo_application_get_push_manager (EO_APPLICATION (application)) : NULL;
}

static EoPushSession *
current_session (EoWindow *self)
{
  EoPushManager *manager = get_manager (self);

  return manager != NULL ? eo_push_manager_lookup (manager, _eo_window_current_record (self)) : NULL;
}

static void
set_push_dialog (EoWindow  *self,
                 GtkWidget *dialog)
{
  if (self->push_dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->push_dialog), (gpointer *) &self->push_dialog);
  self->push_dialog = dialog;
  if (dialog != NULL)
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->push_dialog);
}

/* Not connected to Jamf Pro */

static GtkWidget *
find_jamf_page (GtkWidget *widget)
{
  if (EO_IS_JAMF_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_jamf_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Preferences, on its Jamf Pro page. */
static void
not_connected_response_cb (GtkWidget  *dialog,
                           const char *response,
                           EoWindow   *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *preferences, *page;

  if (!g_str_equal (response, "preferences") || !EO_IS_APPLICATION (application))
    return;
  eo_application_show_preferences (EO_APPLICATION (application), GTK_WINDOW (self));
  preferences = eo_dialog_find (GTK_WINDOW (self), eo_preferences_get_platform_type ());
  page = preferences != NULL ? find_jamf_page (preferences) : NULL;
  if (page != NULL)
    eo_preferences_set_visible_page (preferences, ADW_PREFERENCES_PAGE (page));
}

static void
explain_not_connected (EoWindow   *self,
                       const char *why)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  body = g_strdup_printf ("%s\n\n%s", why,
                          _("To push the SM-DP+ address to the phones, eSIM Onboard needs your Jamf Pro server "
                            "and an API client (its ID and secret) whose role may read mobile devices, send the "
                            "Refresh Cellular Plans command and view MDM command information. Set them in "
                            "Preferences → Jamf Pro."));
  dialog = eo_alert_new (_("Connect to Jamf Pro First"), body);
  eo_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (dialog, "preferences", _("Open _Preferences"), ADW_RESPONSE_SUGGESTED);
  eo_alert_set_default_response (dialog, "preferences");
  eo_alert_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (not_connected_response_cb), self, 0);
  set_push_dialog (self, dialog);
  eo_dialog_present (dialog, GTK_WINDOW (self));
}

static void
flow_failed (PushFlow     *flow,
             const GError *error)
{
  g_debug ("Push to Phones stopped: %s", error->message);
  if (flow->window == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, EO_ERROR, EO_ERROR_NO_CREDENTIALS))
    explain_not_connected (flow->window, error->message);
  else
    _eo_window_show_error_dialog (flow->window, _("Could Not Push to the Phones"), error->message);
}

/* Sending, once confirmed */

static void
pushed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PushFlow) flow = user_data;
  g_autoptr(GError) error = NULL;
  guint n_sent = 0;

  if (!eo_push_session_push_finish (EO_PUSH_SESSION (source), result, &n_sent, &error))
    {
      flow_failed (flow, error);
      return;
    }
  if (flow->window != NULL)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Sent the SM-DP+ address to %'u phone",
                                                            "Sent the SM-DP+ address to %'u phones", n_sent),
                                               n_sent);
      _eo_window_add_toast (flow->window, text);
    }
}

static void
confirm_response_cb (GtkWidget  *dialog,
                     const char *response,
                     PushFlow   *flow)
{
  PushFlow *taken = g_object_steal_data (G_OBJECT (dialog), "eo-push-flow");

  if (taken == NULL)
    return;
  if (!g_str_equal (response, "push") || flow->window == NULL)
    {
      push_flow_free (taken);
      return;
    }
  eo_push_session_push_async (taken->session, taken->again, taken->only, NULL, pushed_cb, taken);
}

static void
append_unmatched (GString   *body,
                  GPtrArray *unmatched)
{
  guint n = unmatched->len;

  if (n == 0)
    return;
  g_string_append (body, "\n\n");
  g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                             "%'u device of the upload is not in Jamf Pro (no phone with its EID) and is left out:",
                                             "%'u devices of the upload are not in Jamf Pro (no phone with their EID) and are left out:",
                                             n), n);
  for (guint i = 0; i < MIN (n, UNMATCHED_LISTED); i++)
    {
      EoDevice *device = g_ptr_array_index (unmatched, i);
      const char *name = eo_device_get_name (device);

      g_string_append_printf (body, "\n%s%s%s", eo_device_get_eid (device),
                              name != NULL && *name != '\0' ? " · " : "", name != NULL ? name : "");
    }
  if (n > UNMATCHED_LISTED)
    /* Translators: after a list of devices */
    g_string_append_printf (body, "\n%s", _("…and more (Export Results lists them all)"));
}

static void
confirm (PushFlow *flow,
         guint     n)
{
  const char *url = eo_push_journal_get_server_url (eo_push_session_get_journal (flow->session));
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (flow->only != NULL)
    {
      EoPushEntry *entry = eo_push_journal_lookup (eo_push_session_get_journal (flow->session), flow->only);

      heading = g_strdup (_("Push to This Phone?"));
      /* Translators: %s: the SM-DP+ address, then the phone's name, then its EID */
      g_string_append_printf (body, _("Jamf Pro sends Refresh Cellular Plans with the SM-DP+ address %s to %s (EID %s)."),
                              url, entry->name != NULL && *entry->name != '\0' ? entry->name : _("the phone"),
                              entry->eid);
    }
  else if (flow->again)
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Push Again to %'u Phone?",
                                              "Push Again to %'u Phones?", n), n);
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "%'u phone answered Not Now or Error. Jamf Pro sends it Refresh Cellular Plans with the SM-DP+ address %s once more; the other phones are not sent it again.",
                                                 "%'u phones answered Not Now or Error. Jamf Pro sends them Refresh Cellular Plans with the SM-DP+ address %s once more; the other phones are not sent it again.",
                                                 n), n, url);
    }
  else
    {
      heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Push to %'u Phone?", "Push to %'u Phones?", n), n);
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "Jamf Pro sends Refresh Cellular Plans with the SM-DP+ address %s to %'u phone of this upload, which then downloads its eSIM. Each phone is sent it once.",
                                                 "Jamf Pro sends Refresh Cellular Plans with the SM-DP+ address %s to %'u phones of this upload, which then download their eSIM. Each phone is sent it once.",
                                                 n), url, n);
      append_unmatched (body, eo_push_session_get_unmatched (flow->session));
    }
  dialog = eo_alert_new (heading, body->str);
  eo_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (dialog, "push", flow->again ? _("Push _Again") : _("_Push"), ADW_RESPONSE_SUGGESTED);
  eo_alert_set_default_response (dialog, "push");
  eo_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "eo-push-flow", flow, (GDestroyNotify) push_flow_free);
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_response_cb), flow);
  set_push_dialog (flow->window, dialog);
  eo_dialog_present (dialog, GTK_WINDOW (flow->window));
}

/* What goes out, then the confirmation */

static void
nothing_to_send (PushFlow *flow)
{
  g_debug ("Push to Phones: nothing to send");
  if (flow->again)
    _eo_window_add_toast (flow->window, _("No phone answered Not Now or Error: nothing to push again"));
  else
    _eo_window_add_toast (flow->window, _("Every phone of this upload was sent the address before: nothing new to push"));
}

/* One phone: sent only if never sent, or if it answered Not Now or Error. */
static void
one_phone (PushFlow *flow)
{
  EoPushEntry *entry = eo_push_session_find_entry (flow->session, flow->only_eid);

  if (entry == NULL)
    {
      _eo_window_show_error_dialog (flow->window, _("No Phone to Push To"),
                                    _("This device is not in Jamf Pro: no phone has its EID."));
      push_flow_free (flow);
      return;
    }
  if (entry->batch != 0 && entry->state != EO_MDM_COMMAND_NOT_NOW && entry->state != EO_MDM_COMMAND_ERROR)
    {
      _eo_window_add_toast (flow->window, _("This phone was sent the address before: nothing new to push"));
      push_flow_free (flow);
      return;
    }
  flow->only = g_strdup (entry->management_id);
  flow->again = entry->batch != 0;
  confirm (flow, 1);
}

static void
targets_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(PushFlow) flow = user_data;
  g_autoptr(GError) error = NULL;
  guint n;

  if (!eo_push_session_add_targets_finish (EO_PUSH_SESSION (source), result, &error))
    {
      flow_failed (flow, error);
      return;
    }
  if (flow->window == NULL)
    return;
  if (flow->only_eid != NULL)
    {
      one_phone (g_steal_pointer (&flow));
      return;
    }
  n = eo_push_session_count_unsent (flow->session);
  if (n == 0 && eo_push_session_get_unmatched (flow->session)->len > 0)
    _eo_window_show_error_dialog (flow->window, _("No Phone to Push To"),
                                  _("None of the upload's assigned devices is in Jamf Pro: no phone has their EID."));
  else if (n == 0)
    nothing_to_send (flow);
  else
    confirm (g_steal_pointer (&flow), n);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(PushFlow) flow = user_data;
  g_autoptr(GError) error = NULL;
  guint n;

  flow->session = eo_push_manager_open_finish (EO_PUSH_MANAGER (source), result, &error);
  if (flow->session == NULL)
    {
      flow_failed (flow, error);
      return;
    }
  if (flow->window == NULL)
    return;
  /* A session resumed or opened from the history may have none yet. */
  if (eo_push_session_get_connector (flow->session) == NULL)
    eo_push_session_set_connector (flow->session, flow->connector);
  if (!flow->again || flow->only_eid != NULL)
    {
      EoPushSession *session = flow->session;

      eo_push_session_add_targets_async (session, NULL, targets_cb, g_steal_pointer (&flow));
      return;
    }
  n = eo_push_session_count_retryable (flow->session);
  if (n == 0)
    nothing_to_send (flow);
  else
    confirm (g_steal_pointer (&flow), n);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PushFlow) flow = user_data;
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record;

  flow->connector = eo_push_manager_connect_finish (EO_PUSH_MANAGER (source), result, &error);
  if (flow->connector == NULL)
    {
      flow_failed (flow, error);
      return;
    }
  record = flow->record;
  eo_push_manager_open_async (EO_PUSH_MANAGER (source), record, TRUE, NULL, opened_cb, g_steal_pointer (&flow));
}

static void
start_push (EoWindow   *self,
            gboolean    again,
            const char *only_eid)
{
  EoUploadRecord *record = _eo_window_current_record (self);
  EoPushManager *manager = get_manager (self);
  PushFlow *flow;

  if (record == NULL || manager == NULL || self->push_busy)
    return;
  if (!eo_push_manager_is_configured (manager))
    {
      explain_not_connected (self, _("eSIM Onboard is not connected to Jamf Pro."));
      return;
    }
  flow = g_new0 (PushFlow, 1);
  flow->window = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &flow->window);
  flow->record = g_object_ref (record);
  flow->again = again;
  flow->only_eid = g_strdup (only_eid);
  self->push_busy = TRUE;
  _eo_window_push_update (self);
  eo_push_manager_connect_async (manager, NULL, connected_cb, flow);
}

static void
push_to_phones_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  start_push (EO_WINDOW (widget), FALSE, NULL);
}

static void
push_again_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_push (EO_WINDOW (widget), TRUE, NULL);
}

static void
push_device_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_push (EO_WINDOW (widget), FALSE, g_variant_get_string (parameter, NULL));
}

static void
check_phones_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoPushSession *session = current_session (self);

  if (session == NULL)
    return;
  if (eo_push_session_is_following (session))
    eo_push_session_check_now (session);
  else
    eo_push_manager_follow (get_manager (self), session);
}

/* Following what the tables and the panel show */

/* A record shown whose journal was not read yet: read once (a session
 * comes with "session-added" if it has one), and followed. */
static EoPushSession *
find_session (EoWindow       *self,
              EoPushManager  *manager,
              EoUploadRecord *record);

static void
lookup_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EoPushSession) session = eo_push_manager_open_finish (EO_PUSH_MANAGER (source), result, NULL);

  if (session != NULL && !eo_push_session_is_following (session) &&
      eo_push_journal_get_n_batches (eo_push_session_get_journal (session)) > 0)
    eo_push_manager_follow (EO_PUSH_MANAGER (source), session);
}

static EoPushSession *
find_session (EoWindow       *self,
              EoPushManager  *manager,
              EoUploadRecord *record)
{
  EoPushSession *session;
  const char *local_id;

  if (record == NULL || manager == NULL)
    return NULL;
  session = eo_push_manager_lookup (manager, record);
  local_id = eo_upload_record_get_local_id (record);
  if (session == NULL && eo_upload_record_get_server_url (record) != NULL &&
      !g_hash_table_contains (self->push_looked_up, local_id))
    {
      g_hash_table_add (self->push_looked_up, g_strdup (local_id));
      eo_push_manager_open_async (manager, record, FALSE, NULL, lookup_opened_cb, NULL);
    }
  return session;
}

static gboolean
can_push (EoUploadRecord *record)
{
  guint n_succeeded = 0, n_failed = 0, n_pending = 0;

  if (record == NULL || eo_upload_record_get_server_url (record) == NULL)
    return FALSE;
  eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);
  return n_succeeded > 0;
}

/* Whether Push to Phones would send something: not once every succeeded
 * device of @record has an entry (or is not in Jamf Pro) and every entry
 * was sent. Counts only: this runs after each batch's answer. */
static gboolean
push_left (EoPushSession  *session,
           EoUploadRecord *record)
{
  guint n_succeeded = 0, n_failed = 0, n_pending = 0;
  guint n_entries;

  if (session == NULL || record == NULL)
    return TRUE;
  eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);
  n_entries = eo_push_journal_get_entries (eo_push_session_get_journal (session))->len;
  return eo_push_session_count_unsent (session) > 0 || n_entries == 0 ||
         n_entries + eo_push_session_get_unmatched (session)->len < n_succeeded;
}

static char *
format_panel_text (EoPushSession *session)
{
  g_autofree char *counts = eo_phone_states_format_counts (eo_push_session_get_states (session));
  const char *error = eo_push_session_get_error (session);

  if (error != NULL)
    /* Translators: the phones' counts, then why they are not followed */
    return g_strdup_printf (_("%s · Not followed: %s"), counts, error);
  return g_steal_pointer (&counts);
}

void
_eo_window_push_update (EoWindow *self)
{
  EoPushManager *manager = get_manager (self);
  EoUploadRecord *current = _eo_window_current_record (self);
  EoUploadRecord *panel_record = self->job != NULL ? eo_upload_job_get_record (self->job) : NULL;
  EoPushSession *session, *panel_session, *history_session;
  gboolean busy;
  g_autofree char *text = NULL;

  if (self->push_looked_up == NULL)
    return; /* not set up yet, or going away */
  session = find_session (self, manager, current);
  panel_session = find_session (self, manager, panel_record);
  history_session = find_session (self, manager, eo_history_view_get_record (self->history_view));
  busy = self->push_busy || (session != NULL && eo_push_session_is_pushing (session));
  text = panel_session != NULL ? format_panel_text (panel_session) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.push-to-phones", can_push (current) && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.push-again",
                                 session != NULL && !busy && eo_push_session_count_retryable (session) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.push-device", can_push (current) && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-phones", session != NULL && !busy);

  eo_device_view_set_phone_states (self->device_view,
                                   panel_session != NULL ? eo_push_session_get_states (panel_session) : NULL);
  eo_device_view_set_phone_states (eo_history_view_get_device_view (self->history_view),
                                   history_session != NULL ? eo_push_session_get_states (history_session) : NULL);
  eo_upload_panel_set_phones (self->upload_panel, text);
  eo_upload_panel_set_push_suggested (self->upload_panel, push_left (panel_session, panel_record));
}

static void
session_changed_cb (EoPushManager *manager,
                    EoPushSession *session,
                    EoWindow      *self)
{
  _eo_window_push_update (self);
}

/* Said once, by the window used last: a toast when it is active, else a
 * notification. */
static void
all_final_cb (EoPushManager *manager,
              EoPushSession *session,
              EoWindow      *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GList *windows = application != NULL ? gtk_application_get_windows (application) : NULL;
  EoPhoneStates *states = eo_push_session_get_states (session);
  g_autofree char *counts = eo_phone_states_format_counts (states);
  g_autofree char *id = NULL;
  g_autoptr(GNotification) notification = NULL;
  gboolean failures;

  if (windows == NULL || windows->data != (gpointer) self)
    return;
  failures = eo_push_session_count_retryable (session) > 0;
  if (gtk_window_is_active (GTK_WINDOW (self)))
    {
      _eo_window_add_toast (self, counts);
      return;
    }
  notification = g_notification_new (failures ? _("Every Phone Answered, Some Not Now or Error")
                                              : _("Every Phone Answered"));
  g_notification_set_body (notification, counts);
  id = g_strconcat ("push-", eo_upload_record_get_local_id (eo_push_session_get_record (session)), NULL);
  g_application_send_notification (G_APPLICATION (application), id, notification);
}

/* The device details: where the phone is, and Push to This Phone. */

static void
push_device_clicked_cb (GtkButton *button,
                        EoWindow  *self)
{
  const char *eid = g_object_get_data (G_OBJECT (button), "eo-eid");

  gtk_widget_activate_action (GTK_WIDGET (self), "win.push-device", "s", eid);
}

GtkWidget *
_eo_window_push_device_row (EoWindow       *self,
                            EoUploadRecord *record,
                            EoDevice       *device)
{
  EoPushManager *manager = get_manager (self);
  EoPushSession *session = manager != NULL ? eo_push_manager_lookup (manager, record) : NULL;
  const EoPhoneInfo *info = NULL;
  g_autofree char *state = NULL;
  GtkWidget *row, *button;

  if (record == NULL || eo_device_get_status (device) != EO_DEVICE_STATUS_SUCCESS || !can_push (record))
    return NULL;
  if (session != NULL)
    info = eo_phone_states_lookup (eo_push_session_get_states (session), eo_device_get_eid (device));
  state = info != NULL ? eo_phone_info_format (info, g_get_real_time ()) : g_strdup (_("Not pushed yet"));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("On the Phone"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), state);
  button = gtk_button_new_with_mnemonic (info == NULL ? _("_Push to This Phone…") : _("Push _Again…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, info == NULL || info->state == EO_PHONE_STATE_NOT_NOW ||
                                    info->state == EO_PHONE_STATE_ERROR);
  g_object_set_data_full (G_OBJECT (button), "eo-eid", g_strdup (eo_device_get_eid (device)), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (push_device_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* Setup */

void
_eo_window_class_push_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.push-to-phones", NULL, push_to_phones_action);
  gtk_widget_class_install_action (widget_class, "win.push-again", NULL, push_again_action);
  gtk_widget_class_install_action (widget_class, "win.push-device", "s", push_device_action);
  gtk_widget_class_install_action (widget_class, "win.check-phones", NULL, check_phones_action);
}

void
_eo_window_push_init (EoWindow *self)
{
  self->push_looked_up = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.push-to-phones", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.push-again", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-phones", FALSE);
}

/* Once the window has its application. */
void
_eo_window_push_connect (EoWindow *self)
{
  EoPushManager *manager = get_manager (self);

  if (manager == NULL || self->push_manager_connected)
    return;
  self->push_manager_connected = TRUE;
  g_signal_connect_object (manager, "session-changed", G_CALLBACK (session_changed_cb), self, 0);
  g_signal_connect_object (manager, "session-added", G_CALLBACK (session_changed_cb), self, 0);
  g_signal_connect_object (manager, "all-final", G_CALLBACK (all_final_cb), self, 0);
}

void
_eo_window_push_dispose (EoWindow *self)
{
  set_push_dialog (self, NULL);
  g_clear_pointer (&self->push_looked_up, g_hash_table_unref);
}
