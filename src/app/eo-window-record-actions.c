/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-history"

/* What can be done with an upload once it ran, from the History page or
 * the finish panel (_eo_window_current_record): the MDM hand-off
 * (win.show-handoff), exported results (win.export-results), the printable
 * report (win.save-report), the QR sheet of the assigned devices
 * (win.print-qr-sheet) and a new upload of the failed devices
 * (win.retry-failed). */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "eo-dialogs.h"
#include "eo-export.h"
#include "eo-file-chooser.h"
#include "eo-handoff-dialog.h"
#include "eo-qr-code.h"
#include "eo-report.h"
#include "eo-retry.h"
#include "eo-window-private.h"

/* MDM hand-off */

GtkWindow *
_eo_window_show_handoff (EoWindow       *self,
                         EoUploadRecord *record)
{
  EoHandoffDialog *dialog = eo_handoff_dialog_new (GTK_WINDOW (self), record);

  gtk_window_present (GTK_WINDOW (dialog));

  return GTK_WINDOW (dialog);
}

static void
show_handoff_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (_eo_window_current_record (self) != NULL)
    _eo_window_show_handoff (self, _eo_window_current_record (self));
}

/* Export */

gboolean
_eo_window_export_results (EoWindow        *self,
                           EoUploadRecord  *record,
                           EoExportFormat   format,
                           GFile           *file,
                           GError         **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be written"));
      return FALSE;
    }

  if (!eo_export_write_file (record, format, path, error))
    return FALSE;

  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Results saved as “%s”"), name);
  _eo_window_add_toast (self, message);

  return TRUE;
}

typedef struct
{
  EoWindow       *self;
  EoUploadRecord *record;
  EoExportFormat  format;
} ExportData;

/* What a save dialog's callback got: freed once the choice is handled. */
static void
export_data_free (ExportData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->record);
  g_free (data);
}

static void
export_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = eo_file_chooser_save_finish (result, &error);
  if (file != NULL)
    _eo_window_export_results (data->self, data->record, data->format, file, &error);

  if (error != NULL)
    _eo_window_show_error_dialog (data->self, _("Could Not Export the Results"), error->message);

  export_data_free (data);
}

static void
export_results_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = _eo_window_current_record (self);
  const char *format_name = g_variant_get_string (parameter, NULL);
  g_autofree char *stem = NULL;
  g_autofree char *suggested = NULL;
  EoExportFormat format;
  ExportData *data;

  if (record == NULL || !eo_export_format_from_string (format_name, &format) ||
      format == EO_EXPORT_FORMAT_RETRY_CSV)
    return;

  stem = _eo_window_dup_source_stem (record);
  /* Translators: file name of exported results; %s is the upload's file name without extension */
  suggested = g_strdup_printf (_("%s-results.%s"), stem, format_name);

  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->record = g_object_ref (record);
  data->format = format;
  eo_file_chooser_save_async (GTK_WINDOW (self),
                              format == EO_EXPORT_FORMAT_CSV ? _("Export Results as CSV")
                                                            : _("Export Results as JSON"),
                              suggested,
                              format == EO_EXPORT_FORMAT_CSV ? _("CSV Files") : _("JSON Files"),
                              format_name,
                              export_chosen_cb, data);
}

/* Report */

gboolean
_eo_window_save_report (EoWindow        *self,
                        EoUploadRecord  *record,
                        GFile           *file,
                        GError         **error)
{
  g_autofree char *html = eo_report_html (record);
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!g_file_replace_contents (file, html, strlen (html), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error))
    return FALSE;
  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Report saved as “%s”"), name);
  _eo_window_add_toast (self, message);
  return TRUE;
}

static void
report_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ExportData *data = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = eo_file_chooser_save_finish (result, &error);
  if (file != NULL)
    _eo_window_save_report (data->self, data->record, file, &error);
  if (error != NULL)
    _eo_window_show_error_dialog (data->self, _("Could Not Save the Report"), error->message);

  export_data_free (data);
}

/* A printable page about the upload (eo_report_html), to hand on. */
static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = _eo_window_current_record (self);
  g_autofree char *stem = NULL;
  g_autofree char *suggested = NULL;
  ExportData *data;

  if (record == NULL)
    return;
  stem = _eo_window_dup_source_stem (record);
  /* Translators: file name of an upload report; %s is the upload's file name without extension */
  suggested = g_strdup_printf (_("%s-report.html"), stem);
  data = g_new0 (ExportData, 1);
  data->self = g_object_ref (self);
  data->record = g_object_ref (record);
  eo_file_chooser_save_async (GTK_WINDOW (self), _("Save the Upload Report"), suggested,
                              _("Web Pages (HTML)"), "html", report_chosen_cb, data);
}

/* QR sheet */

char *
_eo_window_print_qr_sheet (EoWindow        *self,
                           EoUploadRecord  *record,
                           GError         **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "esim-onboard", "sheets", NULL);
  g_autofree char *path = eo_qr_sheet_write (record, dir, error);
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return NULL;

  /* The browser prints it, as the device details' sheet. */
  file = g_file_new_for_path (path);
  eo_file_launch (GTK_WINDOW (self), file);
  _eo_window_add_toast (self, _("The sheet opens in your browser: print it from there"));

  return g_steal_pointer (&path);
}

static void
print_qr_sheet_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = _eo_window_current_record (self);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (record == NULL)
    return;
  path = _eo_window_print_qr_sheet (self, record, &error);
  if (path == NULL)
    _eo_window_show_error_dialog (self, _("Could Not Make the QR Sheet"), error->message);
}

/* Retry */

static void retry_loaded_cb (EoWindow *self, GParamSpec *pspec, gpointer user_data);

/* Stops waiting for a retry's list (whatever the wait was for). */
static void
forget_retry_wait (EoWindow *self)
{
  g_signal_handlers_disconnect_matched (self, G_SIGNAL_MATCH_FUNC, 0, 0, NULL, retry_loaded_cb, NULL);
}

static void
retry_loaded_cb (EoWindow   *self,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  /* Once the retry's own list is the window's ("file" is told after the
   * list is shown; "loading" ends before). A new retry replaces this
   * wait; another file opened meanwhile does not start an upload. */
  if (eo_window_is_loading (self) || self->retry_file == NULL || self->file == NULL ||
      !g_file_equal (self->retry_file, self->file))
    return;

  forget_retry_wait (self);
  if (user_data == NULL)
    {
      /* Issue 13: the failed devices are fixed first, in the table, where
       * each says why it was refused; the admin sends them. */
      _eo_window_add_toast (self, _("Fix the failed devices in the table if needed, then Assign eSIMs"));
      return;
    }
  /* The same confirmation and upload as for any device list. This
   * handler may run before the window's own, which enables win.assign
   * once the list is shown: bring the actions up to date first. */
  _eo_window_upload_update (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.assign", NULL);
}

/* EID → "Refused by the server: reason" for the failed devices of
 * @record (made once per retry). */
static GHashTable *
dup_failure_notes (EoUploadRecord *record)
{
  GListModel *devices = eo_upload_record_get_devices (record);
  GHashTable *notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *reason = eo_device_get_reason (device);

      if (eo_device_get_status (device) != EO_DEVICE_STATUS_FAILED || reason == NULL || *reason == '\0')
        continue;
      /* Translators: %s is the server's reason, as it said it */
      g_hash_table_replace (notes, g_strdup (eo_device_get_eid (device)),
                            g_strdup_printf (_("Refused by the server: %s"), reason));
    }
  return notes;
}

GFile *
_eo_window_retry_failed_with (EoWindow        *self,
                              EoUploadRecord  *record,
                              guint            fixes,
                              gboolean         then_assign,
                              GError         **error)
{
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  EoLoadRequest *request;
  guint n_devices = 0;

  csv = fixes == EO_RETRY_FIX_NONE ? eo_export_retry_csv (record, &n_devices)
                                    : eo_retry_csv (record, (EoRetryFixes) fixes, &n_devices);
  if (csv == NULL || n_devices == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           fixes == EO_RETRY_FIX_NONE ? _("No device of this upload failed")
                                                      : _("No failed device is left to send with these fixes"));
      return NULL;
    }

  /* A real file, so that the new upload names it like any other list. */
  dir = g_build_filename (g_get_user_data_dir (), "esim-onboard", "retries", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  stem = _eo_window_dup_source_stem (record);
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  name = g_strdup_printf ("%s-retry-%s.csv", stem, stamp);
  path = g_build_filename (dir, name, NULL);
  if (!g_file_set_contents_full (path, g_bytes_get_data (csv, NULL), (gssize)g_bytes_get_size (csv),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  file = g_file_new_for_path (path);
  g_set_object (&self->retry_file, file);
  forget_retry_wait (self);
  /* An editable list like any other, each row saying why it failed. */
  request = _eo_load_request_new (file, NULL, NULL);
  request->notes = dup_failure_notes (record);
  _eo_window_load (self, request);
  /* With @then_assign the confirmation follows once it shows; else the
   * admin is told to fix and send. */
  g_signal_connect (self, "notify::file", G_CALLBACK (retry_loaded_cb),
                    then_assign ? GINT_TO_POINTER (TRUE) : NULL);

  return g_steal_pointer (&file);
}

GFile *
_eo_window_retry_failed (EoWindow        *self,
                         EoUploadRecord  *record,
                         gboolean         then_assign,
                         GError         **error)
{
  return _eo_window_retry_failed_with (self, record, EO_RETRY_FIX_NONE, then_assign, error);
}

#define RETRY_CLEAR_ICCIDS "eo-retry-clear-iccids"
#define RETRY_LEAVE_OUT "eo-retry-leave-out"

static void
retry_response_cb (GtkWidget  *dialog,
                   const char *response,
                   EoWindow   *self)
{
  EoUploadRecord *record = g_object_get_data (G_OBJECT (dialog), "eo-record");
  GtkWidget *clear = g_object_get_data (G_OBJECT (dialog), RETRY_CLEAR_ICCIDS);
  GtkWidget *leave_out = g_object_get_data (G_OBJECT (dialog), RETRY_LEAVE_OUT);
  EoRetryFixes fixes = EO_RETRY_FIX_NONE;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "retry") != 0 || record == NULL)
    return;
  if (clear != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (clear)))
    fixes |= EO_RETRY_FIX_CLEAR_ICCIDS;
  if (leave_out != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (leave_out)))
    fixes |= EO_RETRY_FIX_LEAVE_OUT_ALREADY;

  /* Opened to be checked and fixed; sent with Assign, as any list. */
  file = _eo_window_retry_failed_with (self, record, fixes, FALSE, &error);
  if (file == NULL)
    _eo_window_show_error_dialog (self, _("Could Not Prepare the New Upload"), error->message);
}

static GtkWidget *
add_fix (GtkWidget  *box,
         const char *label)
{
  GtkWidget *check = gtk_check_button_new_with_mnemonic (label);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_box_append (GTK_BOX (box), check);
  return check;
}

/* Before sending the failed devices again: why they failed, grouped,
 * and the fixes that apply, each on by default. */
GtkWidget *
_eo_window_ask_retry (EoWindow       *self,
                      EoUploadRecord *record)
{
  g_autoptr(GPtrArray) groups = eo_failure_groups_new (record);
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  gboolean iccid_failed = FALSE, already = FALSE;
  guint n_failed = 0;

  for (guint i = 0; i < groups->len; i++)
    {
      EoFailureGroup *group = g_ptr_array_index (groups, i);

      n_failed += group->count;
      iccid_failed |= eo_failure_kind_concerns_iccid (group->kind);
      already |= group->kind == EO_FAILURE_ALREADY_HAS_ESIM;
      if (i > 0)
        g_string_append_c (reasons, '\n');
      /* Translators: one line per reason: how many devices failed for it */
      g_string_append_printf (reasons, _("%u × %s"), group->count,
                              group->reason != NULL && *group->reason != '\0' ? group->reason : _("no reason given"));
    }

  heading = g_strdup_printf (ngettext ("Send %u Failed Device Again?",
                                       "Send %u Failed Devices Again?", n_failed), n_failed);
  dialog = eo_alert_new (heading, reasons->str);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (iccid_failed)
    g_object_set_data (G_OBJECT (dialog), RETRY_CLEAR_ICCIDS,
                       add_fix (box, _("_Clear the requested ICCIDs that failed, so that the pool assigns one")));
  if (already)
    g_object_set_data (G_OBJECT (dialog), RETRY_LEAVE_OUT,
                       add_fix (box, _("_Leave out the devices that already have an eSIM")));
  if (gtk_widget_get_first_child (box) != NULL)
    eo_alert_set_extra_child (dialog, box);
  else
    {
      g_object_ref_sink (box);
      g_object_unref (box);
    }

  eo_alert_add_response (dialog, "cancel", _("_Cancel"), ADW_RESPONSE_DEFAULT);
  /* The list opens first: the usual checks and confirmation follow. */
  eo_alert_add_response (dialog, "retry", _("_Open the Failed Devices"), ADW_RESPONSE_SUGGESTED);
  eo_alert_set_default_response (dialog, "retry");
  eo_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "eo-record", g_object_ref (record), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (retry_response_cb), self, 0);
  eo_dialog_present (dialog, GTK_WINDOW (self));
  return dialog;
}

static void
retry_failed_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = _eo_window_current_record (self);
  guint n_failed = 0;

  if (record == NULL)
    return;
  eo_upload_record_get_counts (record, NULL, &n_failed, NULL);
  if (n_failed == 0)
    {
      _eo_window_show_error_dialog (self, _("Could Not Prepare the New Upload"),
                                    _("No device of this upload failed"));
      return;
    }
  _eo_window_ask_retry (self, record);
}

/* Serial numbers of the assigned devices, for the MDM's group */

static void
copy_serials_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoUploadRecord *record = _eo_window_current_record (self);
  g_autofree char *serials = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  if (record == NULL || (serials = eo_export_dup_serial_numbers (record, &n)) == NULL || n == 0)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), serials);
  /* Translators: %u is a number of serial numbers */
  text = g_strdup_printf (ngettext ("%u serial number copied: paste it into the MDM’s group",
                                    "%u serial numbers copied, one a line: paste them into the MDM’s group",
                                    n),
                          n);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_eo_window_class_record_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.copy-serials", NULL, copy_serials_action);
  gtk_widget_class_install_action (widget_class, "win.export-results", "s", export_results_action);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "win.print-qr-sheet", NULL, print_qr_sheet_action);
  gtk_widget_class_install_action (widget_class, "win.retry-failed", NULL, retry_failed_action);
  gtk_widget_class_install_action (widget_class, "win.show-handoff", NULL, show_handoff_action);
}
