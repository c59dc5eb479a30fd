/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-history"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "eo-device-dialog.h"
#include "eo-dialogs.h"
#include "eo-export.h"
#include "eo-handoff-dialog.h"
#include "eo-file-chooser.h"
#include "eo-report.h"
#include "eo-window-private.h"

/* The window's side of the upload history: the History page (win.show-history,
 * Ctrl+H), an opened upload's actions (win.export-results, win.retry-failed,
 * win.show-handoff, win.remove-upload), the device details dialog, and the
 * toasts of the jobs resumed at start. */

/* The upload the record actions (export, hand-off, retry, report) act
 * on: the one opened on the History page while it shows, else the one the
 * window's progress panel follows. */
EoUploadRecord *
_eo_window_current_record (EoWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "history") == 0)
    return eo_history_view_get_record (self->history_view);
  if (self->job != NULL && gtk_widget_get_visible (GTK_WIDGET (self->upload_panel)))
    return eo_upload_job_get_record (self->job);
  return NULL;
}

void
_eo_window_add_toast (EoWindow   *self,
                      const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_eo_window_show_error_dialog (EoWindow   *self,
                              const char *heading,
                              const char *body)
{
  eo_alert_show_message (GTK_WINDOW (self), heading, body);
}

/* The stem of the upload's file name, for names of files made from it. */
char *
_eo_window_dup_source_stem (EoUploadRecord *record)
{
  const char *source = eo_upload_record_get_source_name (record);
  g_autofree char *stem = NULL;
  char *dot;

  stem = g_strdup (source != NULL && *source != '\0' ? source : "upload");
  dot = strrchr (stem, '.');
  if (dot != NULL && dot != stem)
    *dot = '\0';
  g_strdelimit (stem, "/\\:*?\"<>|", '_');

  return g_steal_pointer (&stem);
}

void
_eo_window_history_update_actions (EoWindow *self)
{
  EoUploadRecord *record = _eo_window_current_record (self);
  guint n_succeeded = 0, n_failed = 0, n_pending = 0;
  const char *url = NULL;

  if (record != NULL)
    {
      eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);
      url = eo_upload_record_get_server_url (record);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-results", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-report", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-upload", record != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-handoff",
                                 record != NULL && url != NULL && *url != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-failed",
                                 record != NULL && n_failed > 0);
  /* A sheet of the devices that got their eSIM, with the address. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-qr-sheet",
                                 record != NULL && url != NULL && *url != '\0' && n_succeeded > 0);
  _eo_window_recover_update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-serials",
                                 record != NULL && n_succeeded > 0 &&
                                 eo_upload_record_find_serial_column (record) >= 0);
  _eo_window_push_update (self);
}

/* Showing the History page */

static void
set_history_state (EoWindow *self,
                   gboolean  shown)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "show-history");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (shown));
}

void
_eo_window_show_history (EoWindow *self,
                         gboolean  show)
{
  const char *visible = gtk_stack_get_visible_child_name (self->stack);
  gboolean shown = g_strcmp0 (visible, "history") == 0;

  if (show == shown)
    {
      set_history_state (self, show);
      return;
    }

  if (show)
    {
      g_free (self->page_before_history);
      self->page_before_history = g_strdup (visible);
      set_history_state (self, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "history");
    }
  else
    {
      const char *back = self->page_before_history;

      /* A load that was in progress may have ended meanwhile. */
      if (back == NULL || g_str_equal (back, "loading"))
        back = self->list != NULL ? "list" : "empty";
      set_history_state (self, FALSE);
      gtk_stack_set_visible_child_name (self->stack, back);
    }
}

static void
show_history_change_state (GSimpleAction *action,
                           GVariant      *state,
                           gpointer       user_data)
{
  _eo_window_show_history (EO_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
stack_visible_child_cb (GtkStack   *stack,
                        GParamSpec *pspec,
                        EoWindow   *self)
{
  /* Something else (a file that opened) took the page. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "history") != 0)
    set_history_state (self, FALSE);
  _eo_window_history_update_actions (self);
}

/* Device details */

static EoUploadRecord *
find_record_for_device (EoWindow *self,
                        EoDevice *device)
{
  GListModel *records;
  guint n;

  if (self->job_manager == NULL)
    return NULL;

  records = eo_history_get_records (eo_job_manager_get_history (self->job_manager));
  n = g_list_model_get_n_items (records);

  /* The very object first (devices of an upload are the record's). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (records, i);

      if (eo_upload_record_find_device (record, device, NULL))
        return record;
    }

  /* A row of the window's list that was uploaded: its newest upload. A row
   * never sent has no record (an old upload of the same EID is not it). */
  if (eo_device_get_status (device) == EO_DEVICE_STATUS_NONE)
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (records, i);
      GListModel *devices = eo_upload_record_get_devices (record);
      guint n_devices = g_list_model_get_n_items (devices);

      for (guint j = 0; j < n_devices; j++)
        {
          g_autoptr(EoDevice) item = g_list_model_get_item (devices, j);

          if (g_strcmp0 (eo_device_get_eid (item), eo_device_get_eid (device)) == 0)
            return record;
        }
    }

  return NULL;
}

GtkWindow *
_eo_window_show_device_details (EoWindow       *self,
                                EoUploadRecord *record,
                                EoDevice       *device)
{
  EoDeviceDialog *dialog;
  GtkWidget *phone_row;

  if (record == NULL)
    record = find_record_for_device (self, device);
  if (record != NULL && eo_upload_record_get_n_devices (record) > 0)
    {
      /* The record's own object carries the status history. */
      GListModel *devices = eo_upload_record_get_devices (record);

      for (guint j = 0; j < g_list_model_get_n_items (devices); j++)
        {
          g_autoptr(EoDevice) item = g_list_model_get_item (devices, j);

          if (item == device)
            break;
          if (g_strcmp0 (eo_device_get_eid (item), eo_device_get_eid (device)) == 0)
            {
              device = item;
              break;
            }
        }
    }

  dialog = eo_device_dialog_new (GTK_WINDOW (self), record, device,
                                 record == NULL && self->list != NULL
                                 ? eo_device_list_get_extra_column_names (self->list) : NULL);
  phone_row = _eo_window_push_device_row (self, record, device);
  if (phone_row != NULL)
    eo_device_dialog_add_status_row (dialog, phone_row);
  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

static void
history_device_activated_cb (EoHistoryView *view,
                             EoDevice      *device,
                             EoWindow      *self)
{
  _eo_window_show_device_details (self, eo_history_view_get_record (view), device);
}

static void
list_device_activate_cb (GtkColumnView *column_view,
                         guint          position,
                         EoWindow      *self)
{
  GListModel *shown = eo_device_view_get_shown_model (self->device_view);
  g_autoptr(EoDevice) device = g_list_model_get_item (shown, position);

  if (device != NULL)
    _eo_window_show_device_details (self, NULL, device);
}

/* Remove */

gboolean
_eo_window_remove_upload (EoWindow        *self,
                          EoUploadRecord  *record,
                          GError         **error)
{
  g_autoptr(EoUploadRecord) keep = g_object_ref (record);
  EoUploadJob *job;

  /* Polling a record that is gone would write it back. */
  job = self->job_manager ? eo_job_manager_lookup_job (self->job_manager, record) : NULL;
  if (job != NULL && eo_upload_job_get_running (job))
    eo_upload_job_cancel (job);

  return eo_history_remove (eo_job_manager_get_history (self->job_manager), record, error);
}

static void
remove_response_cb (GObject    *dialog,
                    const char *response,
                    EoWindow   *self)
{
  EoUploadRecord *record = g_object_get_data (dialog, "eo-record");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0 || record == NULL)
    return;

  if (!_eo_window_remove_upload (self, record, &error))
    _eo_window_show_error_dialog (self, _("Could Not Remove the Upload"), error->message);
  else
    _eo_window_add_toast (self, _("Upload removed from the history"));
}

static void
remove_upload_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = _eo_window_current_record (self);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n = 0;
  const char *heading = _("Remove This Upload From the History?");

  if (record == NULL || self->job_manager == NULL)
    return;

  n = eo_upload_record_get_n_devices (record);
  body = g_strdup_printf (ngettext ("The record of this upload (%u device) is deleted from this computer. Nothing changes on the server: assigned eSIMs stay assigned.",
                                    "The record of this upload (%u devices) is deleted from this computer. Nothing changes on the server: assigned eSIMs stay assigned.",
                                    n), n);

  dialog = eo_alert_new (heading, body);
  eo_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (dialog, "remove", _("_Remove"), ADW_RESPONSE_DESTRUCTIVE);
  eo_alert_set_default_response (dialog, "cancel");
  eo_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "eo-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  eo_dialog_present (dialog, GTK_WINDOW (self));
}

/* Opening one upload (from a toast) */

static void
show_upload_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record;

  if (self->job_manager == NULL)
    return;

  record = eo_history_lookup (eo_job_manager_get_history (self->job_manager),
                              g_variant_get_string (parameter, NULL));
  if (record == NULL)
    return;

  _eo_window_show_history (self, TRUE);
  eo_history_view_open_record (self->history_view, record);
}

/* An upload held back at start (its last follow-up did not finish): the
 * admin says when to follow it again. */
static void
continue_upload_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record;

  if (self->job_manager == NULL)
    return;
  record = eo_history_lookup (eo_job_manager_get_history (self->job_manager),
                              g_variant_get_string (parameter, NULL));
  if (record != NULL)
    eo_job_manager_continue (self->job_manager, record);
}

/* The job manager */

static void
report_skipped (EoWindow *self)
{
  guint n = eo_job_manager_take_skipped_report (self->job_manager);
  g_autofree char *text = NULL;

  if (n == 0)
    return;

  text = g_strdup_printf (ngettext ("%u history file could not be read and was skipped",
                                    "%u history files could not be read and were skipped",
                                    n), n);
  _eo_window_add_toast (self, text);
}

static void
manager_loaded_cb (EoJobManager *manager,
                   EoWindow     *self)
{
  eo_history_view_set_loading (self->history_view, FALSE);

  /* One window says it, the one in front. */
  if (gtk_window_is_active (GTK_WINDOW (self)) ||
      gtk_application_get_active_window (gtk_window_get_application (GTK_WINDOW (self))) == NULL ||
      gtk_application_get_active_window (gtk_window_get_application (GTK_WINDOW (self))) == GTK_WINDOW (self))
    report_skipped (self);
}

static void
manager_job_finished_cb (EoJobManager *manager,
                         EoUploadJob  *job,
                         EoWindow     *self)
{
  EoUploadRecord *record = eo_upload_job_get_record (job);
  const char *source = eo_upload_record_get_source_name (record);
  g_autofree char *counts = eo_history_view_format_counts (record);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* This window's own upload: it says so itself. */
  if (job == self->job)
    return;

  if (!gtk_window_is_active (GTK_WINDOW (self)) &&
      gtk_application_get_active_window (gtk_window_get_application (GTK_WINDOW (self))) != GTK_WINDOW (self))
    return;

  /* Translators: %s is a file name, then the counts of the upload */
  title = g_strdup_printf (_("Upload of “%s” finished: %s"), source ? source : "", counts);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Show"));
  adw_toast_set_action_name (toast, "win.show-upload");
  adw_toast_set_action_target_value (toast, g_variant_new_string (eo_upload_record_get_local_id (record)));
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
manager_job_failed_cb (EoJobManager *manager,
                       EoUploadJob  *job,
                       const char   *message,
                       EoWindow     *self)
{
  g_autofree char *title = NULL;

  /* Only the jobs resumed at start: an upload's own window reports the rest. */
  if (job != NULL)
    return;
  if (gtk_application_get_active_window (gtk_window_get_application (GTK_WINDOW (self))) != GTK_WINDOW (self))
    return;

  /* Translators: %s says why */
  title = g_strdup_printf (_("An earlier upload could not be followed: %s"), message);
  _eo_window_add_toast (self, title);
}

static void
manager_job_held_cb (EoJobManager   *manager,
                     EoUploadRecord *record,
                     EoWindow       *self)
{
  const char *source = eo_upload_record_get_source_name (record);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (gtk_application_get_active_window (gtk_window_get_application (GTK_WINDOW (self))) != GTK_WINDOW (self))
    return;

  /* Translators: %s is a file name */
  title = g_strdup_printf (_("The last follow-up of the upload of “%s” did not finish: it was not resumed."),
                           source != NULL ? source : "");
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Continue"));
  adw_toast_set_action_name (toast, "win.continue-upload");
  adw_toast_set_action_target_value (toast, g_variant_new_string (eo_upload_record_get_local_id (record)));
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
record_changed_cb (EoUploadRecord *record,
                   EoWindow       *self)
{
  _eo_window_history_update_actions (self);
}

static void
history_record_cb (EoHistoryView *view,
                   GParamSpec    *pspec,
                   EoWindow      *self)
{
  EoUploadRecord *record = eo_history_view_get_record (view);

  if (self->shown_record != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_record, record_changed_cb, self);
  g_set_object (&self->shown_record, record);
  if (record != NULL)
    g_signal_connect (record, "changed", G_CALLBACK (record_changed_cb), self);

  _eo_window_history_update_actions (self);
}

static void
application_cb (EoWindow   *self,
                GParamSpec *pspec,
                gpointer    user_data)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  EoJobManager *manager;

  if (self->job_manager != NULL || !EO_IS_APPLICATION (application))
    return;

  /* The first window loads the history and follows the uploads an
   * earlier run left (once per application). */
  manager = eo_application_get_job_manager (EO_APPLICATION (application));
  self->job_manager = g_object_ref (manager);
  eo_job_manager_start (manager);

  eo_history_view_set_history (self->history_view, eo_job_manager_get_history (manager));
  eo_history_view_set_loading (self->history_view, !eo_job_manager_get_loaded (manager));
  g_signal_connect_object (manager, "loaded", G_CALLBACK (manager_loaded_cb), self, 0);
  g_signal_connect_object (manager, "job-finished", G_CALLBACK (manager_job_finished_cb), self, 0);
  g_signal_connect_object (manager, "job-failed", G_CALLBACK (manager_job_failed_cb), self, 0);
  g_signal_connect_object (manager, "job-held", G_CALLBACK (manager_job_held_cb), self, 0);
  _eo_window_recover_connect (self, manager);
  _eo_window_push_connect (self);
}

/* Setup */

void
_eo_window_class_history_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (EO_TYPE_HISTORY_VIEW);

  gtk_widget_class_bind_template_child (widget_class, EoWindow, history_button);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, history_view);

  _eo_window_class_record_actions_init (widget_class);
  _eo_window_class_recover_init (widget_class);
  _eo_window_class_push_init (widget_class);
  gtk_widget_class_install_action (widget_class, "win.remove-upload", NULL, remove_upload_action);
  gtk_widget_class_install_action (widget_class, "win.show-upload", "s", show_upload_action);
  gtk_widget_class_install_action (widget_class, "win.continue-upload", "s", continue_upload_action);
}

void
_eo_window_history_init (EoWindow *self)
{
  _eo_window_push_init (self);
  g_autoptr(GSimpleAction) show_history = NULL;

  show_history = g_simple_action_new_stateful ("show-history", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect (show_history, "change-state", G_CALLBACK (show_history_change_state), self);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_history));

  g_signal_connect (self->stack, "notify::visible-child-name",
                    G_CALLBACK (stack_visible_child_cb), self);
  g_signal_connect (self->history_view, "notify::record",
                    G_CALLBACK (history_record_cb), self);
  g_signal_connect (self->history_view, "device-activated",
                    G_CALLBACK (history_device_activated_cb), self);
  g_signal_connect (eo_device_view_get_column_view (self->device_view), "activate",
                    G_CALLBACK (list_device_activate_cb), self);

  /* The application is set after init. */
  g_signal_connect (self, "notify::application", G_CALLBACK (application_cb), NULL);

  _eo_window_history_update_actions (self);
}

void
_eo_window_history_dispose (EoWindow *self)
{
  _eo_window_push_dispose (self);
  if (self->shown_record != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_record, record_changed_cb, self);
  g_clear_object (&self->shown_record);
  g_clear_object (&self->job_manager);
  g_clear_object (&self->retry_file);
  g_clear_pointer (&self->page_before_history, g_free);
}
