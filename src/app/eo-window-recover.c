/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-history"

/* Picking an upload up again, from the History page or the panel
 * (_eo_window_current_record): Check Again (win.check-again), Follow
 * (win.follow-upload), Stop Following (win.stop-following), Mark as Given
 * Up with a reason (win.give-up-upload) and, for an upload whose outcome
 * is unknown, Re-send behind a confirmation that names the risk
 * (win.resend-upload). The work is the job manager's. */

#include "config.h"

#include <glib/gi18n.h>

#include "eo-dialogs.h"
#include "eo-window-private.h"

/* Reasons longer than this are cut (the record keeps 500 characters). */
#define GIVE_UP_REASON_MAX 500

static EoUploadRecord *
target (EoWindow *self)
{
  return self->job_manager != NULL ? _eo_window_current_record (self) : NULL;
}

/* Followed by a job of this window's application. */
static gboolean
followed_here (EoWindow       *self,
               EoUploadRecord *record)
{
  EoUploadJob *job = eo_job_manager_lookup_job (self->job_manager, record);

  return job != NULL && eo_upload_job_get_running (job);
}

void
_eo_window_recover_update_actions (EoWindow *self)
{
  EoUploadRecord *record = target (self);
  gboolean readable = FALSE, followed = FALSE, checking = FALSE, elsewhere = FALSE;

  if (record != NULL)
    {
      readable = eo_job_manager_get_unfollowable_reason (self->job_manager, record) == NULL;
      followed = eo_job_manager_is_followed (self->job_manager, record);
      checking = eo_job_manager_is_checking (self->job_manager, record);
      elsewhere = followed && !followed_here (self, record);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-again", readable && !checking);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.follow-upload",
                                 readable && !followed &&
                                 eo_upload_record_get_state (record) == EO_UPLOAD_STATE_ACCEPTED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop-following",
                                 record != NULL && followed && !elsewhere);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.give-up-upload",
                                 record != NULL && !elsewhere && eo_upload_record_can_give_up (record));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resend-upload",
                                 record != NULL && eo_upload_record_can_resend (record, NULL) &&
                                 eo_job_manager_fits_mode (self->job_manager, record));
}

/* Check Again, Follow, Stop Following */

static void
check_again_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = target (self);

  if (record != NULL)
    eo_job_manager_check (self->job_manager, record);
}

static void
follow_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = target (self);

  if (record != NULL)
    eo_job_manager_follow (self->job_manager, record);
}

static void
stop_following_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = target (self);

  if (record != NULL)
    eo_job_manager_stop_following (self->job_manager, record);
}

/* Mark as Given Up */

gboolean
_eo_window_give_up (EoWindow        *self,
                    EoUploadRecord  *record,
                    const char      *reason,
                    GError         **error)
{
  if (!eo_job_manager_give_up (self->job_manager, record, reason, error))
    return FALSE;
  _eo_window_add_toast (self, _("Upload marked as given up"));
  _eo_window_history_update_actions (self);
  return TRUE;
}

static void
reason_changed_cb (GtkEditable *entry,
                   GtkWidget   *dialog)
{
  g_autofree char *clean = eo_upload_record_clean_text (gtk_editable_get_text (entry), GIVE_UP_REASON_MAX);

  eo_alert_set_response_enabled (dialog, "give-up", clean != NULL);
}

static void
give_up_response_cb (GtkWidget  *dialog,
                     const char *response,
                     EoWindow   *self)
{
  EoUploadRecord *record = g_object_get_data (G_OBJECT (dialog), "eo-record");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "eo-entry");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "give-up") || self->job_manager == NULL)
    return;
  if (!_eo_window_give_up (self, record, gtk_editable_get_text (entry), &error))
    _eo_window_show_error_dialog (self, _("Could Not Give Up the Upload"), error->message);
}

GtkWidget *
_eo_window_ask_give_up (EoWindow       *self,
                        EoUploadRecord *record)
{
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  dialog = eo_alert_new (_("Mark This Upload as Given Up?"),
                         _("It is no longer followed, and never again by itself: say why, for whoever reads "
                           "the history later. Nothing changes on the server. Check Again still reads it; "
                           "Follow takes giving up back."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. “The CSO console shows no such request”"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), GIVE_UP_REASON_MAX);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  eo_alert_set_extra_child (dialog, entry);
  eo_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (dialog, "give-up", _("_Give Up"), ADW_RESPONSE_DESTRUCTIVE);
  eo_alert_set_response_enabled (dialog, "give-up", FALSE);
  eo_alert_set_default_response (dialog, "cancel");
  eo_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "eo-record", g_object_ref (record), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "eo-entry", entry);
  g_signal_connect_object (entry, "changed", G_CALLBACK (reason_changed_cb), dialog, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (give_up_response_cb), self, 0);
  eo_dialog_present (dialog, GTK_WINDOW (self));
  gtk_widget_grab_focus (entry);
  return dialog;
}

static void
give_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = target (self);

  if (record != NULL && eo_upload_record_can_give_up (record))
    _eo_window_ask_give_up (self, record);
}

/* Re-send */

static void
resend_response_cb (GtkWidget  *dialog,
                    const char *response,
                    EoWindow   *self)
{
  EoUploadRecord *record = g_object_get_data (G_OBJECT (dialog), "eo-record");
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "resend") || self->job_manager == NULL)
    return;
  if (!eo_job_manager_resend (self->job_manager, record, NULL, &error))
    _eo_window_show_error_dialog (self, _("Could Not Send the Upload Again"), error->message);
  else
    _eo_window_add_toast (self, _("Sending the devices again as a new upload"));
}

GtkWidget *
_eo_window_ask_resend (EoWindow       *self,
                       EoUploadRecord *record)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  guint n = eo_upload_record_get_n_devices (record);

  body = g_strdup_printf (ngettext ("The server may have received this upload although its answer never came. "
                                    "The same phones may get a second eSIM if it is sent again (%u device). "
                                    "Check the CSO console first. Your confirmation is kept in the history.",
                                    "The server may have received this upload although its answer never came. "
                                    "The same phones may get a second eSIM if it is sent again (%u devices). "
                                    "Check the CSO console first. Your confirmation is kept in the history.",
                                    n), n);
  dialog = eo_alert_new (_("Send This Upload Again?"), body);
  eo_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (dialog, "resend", _("_Send Again"), ADW_RESPONSE_DESTRUCTIVE);
  eo_alert_set_default_response (dialog, "cancel");
  eo_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "eo-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (resend_response_cb), self, 0);
  eo_dialog_present (dialog, GTK_WINDOW (self));
  return dialog;
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = target (self);

  if (record != NULL && eo_upload_record_can_resend (record, NULL))
    _eo_window_ask_resend (self, record);
}

/* The new upload of a re-send goes to the panel when it starts. */
static void
manager_job_added_cb (EoJobManager *manager,
                      EoUploadJob  *job,
                      EoWindow     *self)
{
  EoUploadRecord *record = eo_upload_job_get_record (job);
  const char *from = eo_upload_record_get_resent_from (record);
  EoUploadRecord *shown = _eo_window_current_record (self);

  if (from != NULL && shown != NULL && g_strcmp0 (eo_upload_record_get_local_id (shown), from) == 0)
    eo_history_view_open_record (self->history_view, record);
  _eo_window_recover_update_actions (self);
}

static void
manager_follow_changed_cb (EoWindow *self)
{
  _eo_window_recover_update_actions (self);
}

void
_eo_window_recover_connect (EoWindow     *self,
                            EoJobManager *manager)
{
  g_signal_connect_object (manager, "job-added", G_CALLBACK (manager_job_added_cb), self, 0);
  g_signal_connect_object (manager, "follow-changed", G_CALLBACK (manager_follow_changed_cb), self,
                           G_CONNECT_SWAPPED);
  eo_history_view_set_job_manager (self->history_view, manager);
}

void
_eo_window_class_recover_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.check-again", NULL, check_again_action);
  gtk_widget_class_install_action (widget_class, "win.follow-upload", NULL, follow_action);
  gtk_widget_class_install_action (widget_class, "win.stop-following", NULL, stop_following_action);
  gtk_widget_class_install_action (widget_class, "win.give-up-upload", NULL, give_up_action);
  gtk_widget_class_install_action (widget_class, "win.resend-upload", NULL, resend_action);
}
