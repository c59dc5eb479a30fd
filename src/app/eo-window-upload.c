/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-upload"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-assign-dialog.h"
#include "eo-device-list-edit.h"
#include "eo-dialogs.h"
#include "eo-error.h"
#include "eo-history.h"
#include "eo-secret-store.h"
#include "eo-stall-probe.h"
#include "eo-window-private.h"

/* The window's upload: win.assign (account check, keyring lookup,
 * confirmation, EoUploadJob), win.cancel-upload (stops polling only),
 * errors in a dialog (and in the panel, which keeps them), and the
 * completion as a toast or, when the window is not active, a
 * notification.
 *
 * The devices given to the upload record are the very EoDevice items the
 * table shows (rows without errors, in file order: exactly what
 * eo_device_list_to_normalized_csv() sends), so the poller's updates show
 * up in the Status column as they come. */

/* Polling in demo mode: the simulator is local and quick. */
#define DEMO_POLL_FIRST_MS 500
#define DEMO_POLL_MAX_MS   2000

#define RESPONSE_CLOSE       "close"
#define RESPONSE_PREFERENCES "preferences"

static void job_finished_cb (EoUploadJob  *job,
                             EoWindow     *self);
static void job_failed_cb   (EoUploadJob  *job,
                             const GError *error,
                             EoWindow     *self);

/* Helpers */

static EoApplication *
get_application (EoWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  return EO_IS_APPLICATION (application) ? EO_APPLICATION (application) : NULL;
}

static gboolean
upload_running (EoWindow *self)
{
  return self->job != NULL && eo_upload_job_get_running (self->job);
}

static gboolean
assign_in_progress (EoWindow *self)
{
  return self->assign_cancellable != NULL || self->pending_client != NULL ||
         self->prepare_cancellable != NULL;
}

static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

static void
forget_dialog (EoWindow *self)
{
  if (self->dialog == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *)&self->dialog);
  self->dialog = NULL;
}

static void
track_dialog (EoWindow  *self,
              GtkWidget *dialog)
{
  forget_dialog (self);
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->dialog);
}

static void
message_response_cb (GtkWidget  *dialog,
                     const char *response,
                     EoWindow   *self)
{
  EoApplication *application = get_application (self);

  if (g_strcmp0 (response, RESPONSE_PREFERENCES) == 0 && application != NULL)
    eo_application_show_preferences (application, GTK_WINDOW (self));
}

/* A dialog that stays until read: for everything that must not be lost. */
static void
show_message (EoWindow   *self,
              const char *heading,
              const char *body,
              gboolean    offer_preferences)
{
  GtkWidget *dialog = eo_alert_new (heading, body);

  eo_alert_add_response (dialog, RESPONSE_CLOSE, _("_Close"), ADW_RESPONSE_DEFAULT);
  if (offer_preferences)
    {
      eo_alert_add_response (dialog, RESPONSE_PREFERENCES, _("Open _Preferences"), ADW_RESPONSE_SUGGESTED);
      eo_alert_set_default_response (dialog, RESPONSE_PREFERENCES);
    }
  else
    eo_alert_set_default_response (dialog, RESPONSE_CLOSE);
  eo_alert_set_close_response (dialog, RESPONSE_CLOSE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (message_response_cb), self, 0);

  track_dialog (self, dialog);
  eo_dialog_present (dialog, GTK_WINDOW (self));
}

/* What is missing from the account, with a way to fix it. */
static void
show_account_toast (EoWindow   *self,
                    const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_button_label (toast, _("Open _Preferences"));
  adw_toast_set_action_name (toast, "app.preferences");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_toast (EoWindow   *self,
            const char *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
drop_job (EoWindow *self)
{
  if (self->job == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->job, self);
  g_clear_object (&self->job);
}

/* Poll intervals: EO_POLL_INTERVAL_MS (tests, debugging) sets both. */
static void
set_intervals (EoWindow    *self,
               EoUploadJob *job)
{
  const char *env = g_getenv ("EO_POLL_INTERVAL_MS");

  if (env != NULL && *env != '\0')
    {
      guint64 ms = g_ascii_strtoull (env, NULL, 10);

      if (ms > 0 && ms < 600000)
        {
          eo_upload_job_set_intervals (job, (guint)ms, (guint)ms);
          return;
        }
    }

  if (_eo_window_get_demo_server (self) != NULL)
    eo_upload_job_set_intervals (job, DEMO_POLL_FIRST_MS, DEMO_POLL_MAX_MS);
}

static void
job_running_cb (EoWindow *self)
{
  _eo_window_upload_update (self);
}

/* The panel grows (the request's rows) as the server takes the upload:
 * the Status column, if still to come, in a frame of its own. */
static void
job_accepted_cb (EoWindow *self)
{
  eo_device_view_defer_upload_column (self->device_view);
  _eo_window_upload_update (self);
}

/* What the worker makes of the list before anything is sent: the record
 * of the upload (with 100,000 devices, adding them and making their parts
 * of the history file takes longer than many frames) and the CSV. */
typedef struct
{
  EoClient       *client;
  EoDeviceList   *list;
  GPtrArray      *items;        /* EoDevice: the table's own items, all rows */
  GHashTable     *reasons;      /* row -> EoMessage of the rows left out as assigned, or NULL */
  char           *server;
  char           *customer_id;
  char           *source_name;
  gboolean        demo;
  gboolean        edited;
  EoUploadRecord *record;
  GBytes         *csv;
} Prepared;

static void
prepared_free (Prepared *prepared)
{
  g_clear_object (&prepared->client);
  g_clear_object (&prepared->list);
  g_clear_pointer (&prepared->items, g_ptr_array_unref);
  g_clear_pointer (&prepared->reasons, g_hash_table_unref);
  g_free (prepared->server);
  g_free (prepared->customer_id);
  g_free (prepared->source_name);
  g_clear_object (&prepared->record);
  g_clear_pointer (&prepared->csv, g_bytes_unref);
  g_free (prepared);
}

/* The rows not sent, with why, into the record (for the report). */
static void
add_left_out (Prepared *prepared)
{
  for (guint i = 0; i < prepared->items->len; i++)
    {
      EoDevice *device = g_ptr_array_index (prepared->items, i);
      g_autoptr(EoMessage) errors = NULL;
      const EoMessage *reason = NULL;

      if (eo_device_get_severity (device) == EO_SEVERITY_ERROR)
        reason = errors = eo_message_new ("check-errors", "problems", eo_device_get_problem_text (device), NULL);
      else if (eo_device_list_get_row (prepared->list, i)->left_out && prepared->reasons != NULL)
        reason = g_hash_table_lookup (prepared->reasons, GUINT_TO_POINTER (i));
      if (reason != NULL)
        eo_upload_record_add_left_out (prepared->record, eo_device_get_eid (device), eo_device_get_name (device),
                                       eo_device_get_iccid (device), reason);
    }
}

/* No one else uses the new record yet, and the devices' fields it reads
 * do not change before the upload is sent. */
static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepared *prepared = task_data;
  g_autoptr(GPtrArray) sent = g_ptr_array_new_full (prepared->items->len, NULL);

  /* The rows without errors, in file order: exactly what
   * eo_device_list_to_normalized_csv() sends. */
  for (guint i = 0; i < prepared->items->len; i++)
    {
      EoDevice *device = g_ptr_array_index (prepared->items, i);

      if (eo_device_get_severity (device) < EO_SEVERITY_ERROR &&
          eo_device_list_row_is_sent (prepared->list, i))
        g_ptr_array_add (sent, device);
    }
  prepared->record = eo_upload_record_new (prepared->server, prepared->customer_id,
                                           prepared->source_name,
                                           eo_device_list_has_iccid_column (prepared->list));
  add_left_out (prepared);
  g_warn_if_fail (sent->len == eo_device_list_get_n_valid (prepared->list) -
                               eo_device_list_get_n_left_out (prepared->list));

  eo_upload_record_set_extra_columns (prepared->record,
                                      eo_device_list_get_extra_column_names (prepared->list));
  eo_upload_record_set_demo (prepared->record, prepared->demo);
  eo_upload_record_set_list_edited (prepared->record, prepared->edited);
  eo_upload_record_add_devices (prepared->record, (EoDevice **) sent->pdata, sent->len);
  /* Makes each device's part of the history file now, here. */
  eo_upload_record_snapshot_free (eo_upload_record_snapshot (prepared->record));
  prepared->csv = eo_device_list_to_normalized_csv (prepared->list);
  g_task_return_boolean (task, TRUE);
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  EoWindow *self = EO_WINDOW (source);
  Prepared *prepared = g_task_get_task_data (G_TASK (result));
  EoApplication *application = get_application (self);
  g_autoptr(EoUploadJob) job = NULL;
  gboolean cancelled = g_task_had_error (G_TASK (result)) ||
                       g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result)));

  if (cancelled)
    return; /* the window is going away */
  g_clear_object (&self->prepare_cancellable);
  if (application == NULL || self->list != prepared->list)
    {
      /* Closed, or another list opened meanwhile: nothing was sent. */
      if (self->list == NULL)
        eo_device_view_set_show_upload_status (self->device_view, FALSE);
      _eo_window_upload_update (self);
      return;
    }

  job = eo_upload_job_new (prepared->client, eo_application_get_history (application), prepared->record);
  set_intervals (self, job);

  drop_job (self);
  self->job = g_object_ref (job);
  g_signal_connect_object (job, "finished", G_CALLBACK (job_finished_cb), self, 0);
  g_signal_connect_object (job, "failed", G_CALLBACK (job_failed_cb), self, 0);
  g_signal_connect_object (job, "notify::running", G_CALLBACK (job_running_cb), self,
                           G_CONNECT_SWAPPED);
  /* Stopping becomes possible once the server took the upload. */
  g_signal_connect_object (job, "accepted", G_CALLBACK (job_accepted_cb), self,
                           G_CONNECT_SWAPPED);

  eo_upload_panel_set_job (self->upload_panel, job);
  gtk_widget_set_visible (GTK_WIDGET (self->upload_panel), TRUE);
  /* The panel's frame measures the window again: the Status column (its
   * cells for the rows in sight) comes in a frame of its own, as when
   * the panel grows (job_accepted_cb). */
  eo_device_view_defer_upload_column (self->device_view);

  /* The application follows it too: Remove in the history stops its
   * polling, and it is found by its record. */
  if (self->job_manager != NULL)
    eo_job_manager_add_job (self->job_manager, job);

  eo_upload_job_submit (job, prepared->csv,
                        prepared->source_name ? prepared->source_name : "devices.csv");
  _eo_window_upload_update (self);
}

static void
start_upload (EoWindow *self,
              EoClient *client)
{
  g_autoptr(GTask) task = NULL;
  Prepared *prepared;

  g_return_if_fail (self->list != NULL);
  g_return_if_fail (self->items != NULL);
  g_return_if_fail (get_application (self) != NULL);

  eo_stall_probe_note_confirmed ();
  prepared = g_new0 (Prepared, 1);
  prepared->client = g_object_ref (client);
  prepared->list = g_object_ref (self->list);
  prepared->server = g_strdup (eo_client_get_server_url (client));
  prepared->customer_id = g_strdup (eo_client_get_customer_id (client));
  prepared->demo = _eo_window_get_demo_server (self) != NULL;
  prepared->edited = eo_device_list_get_edit_state (self->list) != 0;
  if (self->file != NULL)
    prepared->source_name = g_file_get_basename (self->file);
  else if (self->pasted)
    prepared->source_name = g_strdup (self->bytes_source != NULL ? self->bytes_source : "pasted.csv");

  /* The table's own items, so that the table follows the statuses. */
  prepared->items = g_ptr_array_ref (self->items);
  if (self->assigned_list == self->list && self->assigned_reasons != NULL)
    prepared->reasons = g_hash_table_ref (self->assigned_reasons);

  /* From here this list is not sent again from this window. The Status
   * column shows at once ("pending" follows with the acceptance). */
  self->list_sent = TRUE;
  eo_device_view_set_show_upload_status (self->device_view, TRUE);
  self->prepare_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->prepare_cancellable, prepared_cb, NULL);
  g_task_set_task_data (task, prepared, (GDestroyNotify) prepared_free);
  g_task_run_in_thread (task, prepare_thread);
  _eo_window_upload_update (self);
}

static void
assign_response_cb (GtkWidget  *dialog,
                    const char *response,
                    EoWindow   *self)
{
  g_autoptr(EoClient) client = g_steal_pointer (&self->pending_client);
  EoDeviceList *list = g_object_get_data (G_OBJECT (dialog), "eo-device-list");

  if (g_strcmp0 (response, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN) != 0 || client == NULL)
    {
      _eo_window_upload_update (self);
      return;
    }

  if (list != NULL && list == self->list)
    _eo_window_include_assigned (self, eo_assign_dialog_get_include_assigned (dialog));
  if (list == NULL || list != self->list)
    {
      /* Another file was opened meanwhile: nothing is sent unseen. */
      show_toast (self, _("Another device list was opened: nothing was sent"));
      _eo_window_upload_update (self);
      return;
    }

  start_upload (self, client);
}

/* Credentials are in @self->pending_client: ask before sending. */
static void
confirm (EoWindow *self)
{
  GtkWidget *dialog;

  dialog = eo_assign_dialog_new (eo_client_get_server_url (self->pending_client),
                                 eo_client_get_customer_id (self->pending_client),
                                 eo_device_list_get_n_valid (self->list),
                                 eo_device_list_get_n_errors (self->list),
                                 _eo_window_get_n_assigned (self),
                                 _eo_window_get_demo_server (self) != NULL);
  g_object_set_data_full (G_OBJECT (dialog), "eo-device-list",
                          g_object_ref (self->list), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (assign_response_cb), self, 0);

  track_dialog (self, dialog);
  eo_dialog_present (dialog, GTK_WINDOW (self));
  _eo_window_upload_update (self);
}

static void
lookup_key_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoSecret) key = NULL;

  key = eo_secret_store_lookup_finish (EO_SECRET_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->assign_cancellable);

  if (self->pending_client == NULL || self->list == NULL)
    {
      g_clear_object (&self->pending_client);
      _eo_window_upload_update (self);
      return;
    }

  if (error != NULL)
    {
      g_clear_object (&self->pending_client);
      show_message (self, _("Could Not Read the API Key"), error->message, TRUE);
      _eo_window_upload_update (self);
      return;
    }

  if (key == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the customer ID */
      text = g_strdup_printf (_("No API key is stored for customer “%s” on this server"),
                              eo_client_get_customer_id (self->pending_client));
      g_clear_object (&self->pending_client);
      show_account_toast (self, text);
      _eo_window_upload_update (self);
      return;
    }

  {
    /* set_credentials frees the customer it replaces: copy it first. */
    g_autofree char *customer = g_strdup (eo_client_get_customer_id (self->pending_client));

    eo_client_set_credentials (self->pending_client, customer, key);
  }
  _eo_window_check_assigned (self, confirm);
}

/* Signal callbacks */

static void
job_finished_cb (EoUploadJob *job,
                 EoWindow    *self)
{
  EoApplication *application = get_application (self);
  EoUploadRecord *record = eo_upload_job_get_record (job);
  guint n_succeeded = 0, n_failed = 0, n_pending = 0;
  g_autofree char *succeeded = NULL;
  g_autofree char *failed = NULL;

  eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);
  succeeded = format_count (n_succeeded);
  failed = format_count (n_failed);

  g_free (self->completion_text);
  /* Translators: "eSIMs assigned: 998 succeeded, 2 failed" */
  self->completion_text = g_strdup_printf (_("eSIMs assigned: %s succeeded, %s failed"),
                                           succeeded, failed);

  if (gtk_window_is_active (GTK_WINDOW (self)) || application == NULL)
    {
      self->completion_notified = FALSE;
      show_toast (self, self->completion_text);
    }
  else
    {
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *id = NULL;

      notification = g_notification_new (n_failed > 0 ? _("Upload Finished With Failures")
                                                      : _("Upload Finished"));
      g_notification_set_body (notification, self->completion_text);
      id = g_strconcat ("upload-", eo_upload_record_get_local_id (record), NULL);
      g_application_send_notification (G_APPLICATION (application), id, notification);
      self->completion_notified = TRUE;
    }

  _eo_window_upload_update (self);
}

/* The upload's own end: said by its panel alone (title, the reason, and
 * Open Preferences when the fix is there), no dialog: nothing to decide
 * (docs/messages.md). */
static void
job_failed_cb (EoUploadJob  *job,
               const GError *error,
               EoWindow     *self)
{
  EoUploadRecord *record = eo_upload_job_get_record (job);
  EoUploadState state = eo_upload_record_get_state (record);

  if (state == EO_UPLOAD_STATE_REFUSED || state == EO_UPLOAD_STATE_NOT_SENT)
    {
      /* Nothing was assigned: the list may be sent again. */
      self->list_sent = FALSE;
      eo_device_view_set_show_upload_status (self->device_view, FALSE);
    }
  g_debug ("Upload %s failed: %s", eo_upload_record_get_local_id (record), error->message);

  _eo_window_upload_update (self);
}

static void
application_notify_cb (EoWindow *self)
{
  const char *demo_server = _eo_window_get_demo_server (self);

  gtk_widget_set_visible (self->demo_bar, demo_server != NULL);
  gtk_label_set_text (self->demo_label, demo_server ? demo_server : "");
  _eo_window_update_title (self);
}

/* Actions */

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoApplication *application = get_application (self);
  const char *demo_server = _eo_window_get_demo_server (self);
  g_autoptr(EoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  EoAccount *account;

  if (application == NULL || self->list == NULL || upload_running (self) ||
      assign_in_progress (self) || self->list_sent)
    return;

  if (demo_server != NULL)
    {
      /* The simulator's demo account; neither keyring nor settings. */
      client = eo_client_new (demo_server, &error);
      if (client == NULL)
        {
          show_message (self, _("Demo Server Unusable"), error->message, FALSE);
          return;
        }
      /* The simulator's demo account (public: it is not a secret). */
      eo_client_set_credentials (client, EO_DEMO_CUSTOMER, EO_DEMO_KEY);
      self->pending_client = g_steal_pointer (&client);
      _eo_window_check_assigned (self, confirm);
      return;
    }

  account = eo_application_get_account (application);
  if (!eo_account_has_customer_id (account))
    {
      show_account_toast (self, _("Set your customer ID and API key in Preferences first"));
      return;
    }

  client = eo_client_new (eo_account_get_server_url (account), &error);
  if (client == NULL)
    {
      show_message (self, _("Invalid Server URL"), error->message, TRUE);
      return;
    }
  /* The key comes next, from the keyring; the customer is kept here. */
  eo_client_set_credentials (client, eo_account_get_customer_id (account), NULL);

  self->pending_client = g_steal_pointer (&client);
  self->assign_cancellable = g_cancellable_new ();
  eo_secret_store_lookup_async (eo_application_get_secret_store (application),
                                eo_account_get_server_url (account),
                                eo_account_get_customer_id (account),
                                self->assign_cancellable,
                                lookup_key_cb,
                                g_object_ref (self));
  _eo_window_upload_update (self);
}

static void
cancel_upload_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (!upload_running (self))
    return;

  /* The panel says it. */
  eo_upload_job_cancel (self->job);
  _eo_window_upload_update (self);
}

/* Private API */

void
_eo_window_class_upload_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-upload", NULL, cancel_upload_action);
}

void
_eo_window_upload_init (EoWindow *self)
{
  /* Hiding the panel takes its upload out of the record actions' reach. */
  g_signal_connect_swapped (self->upload_panel, "notify::visible",
                            G_CALLBACK (_eo_window_history_update_actions), self);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_notify_cb), NULL);
}

void
_eo_window_upload_dispose (EoWindow *self)
{
  g_cancellable_cancel (self->assign_cancellable);
  g_clear_object (&self->assign_cancellable);
  g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  _eo_window_assigned_dispose (self);
  g_clear_object (&self->pending_client);
  drop_job (self);
  if (self->dialog != NULL)
    {
      GtkWidget *dialog = self->dialog;

      forget_dialog (self);
      eo_dialog_destroy (dialog);
    }
  g_clear_pointer (&self->completion_text, g_free);
}

void
_eo_window_upload_update (EoWindow *self)
{
  gboolean can_assign;
  gboolean can_cancel;

  can_assign = self->list != NULL &&
               eo_device_list_get_n_valid (self->list) > 0 &&
               !self->list_sent &&
               !upload_running (self) &&
               !assign_in_progress (self) &&
               !eo_window_is_loading (self);
  can_cancel = upload_running (self) &&
               eo_upload_record_get_state (eo_upload_job_get_record (self->job)) == EO_UPLOAD_STATE_ACCEPTED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.assign", can_assign);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-upload", can_cancel);
  /* The finish panel's next steps act on this upload. */
  _eo_window_history_update_actions (self);
  _eo_window_filter_update (self);
  _eo_window_edit_update (self);
}

void
_eo_window_upload_list_changed (EoWindow *self)
{
  /* A new list: its items are new, none of them sent. */
  self->list_sent = FALSE;
  eo_device_view_set_show_upload_status (self->device_view, FALSE);

  /* The panel belongs to the upload of the list before: it does not stay
   * under this one, which would look assigned. The upload itself goes on
   * (the application follows it) and is in the history. */
  if (self->job != NULL)
    {
      eo_upload_panel_set_job (self->upload_panel, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->upload_panel), FALSE);
      drop_job (self);
    }
}

const char *
_eo_window_get_demo_server (EoWindow *self)
{
  EoApplication *application = get_application (self);

  return application ? eo_application_get_demo_server (application) : NULL;
}
