/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "eo-a11y.h"
#include "eo-device-dialog.h"
#include "eo-file-chooser.h"

struct _EoDeviceDialog
{
  AdwWindow            parent_instance;

  EoUploadRecord      *record;
  EoDevice            *device;
  EoQrCode            *code;
  GStrv                extra_columns;  /* names of the device's extra values */

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkWidget           *qr_box;
  EoQrImage           *qr_image;
  GtkLabel            *code_label;
  GtkWidget           *copy_code_button;
  AdwPreferencesGroup *status_group;
  AdwPreferencesGroup *ids_group;
  AdwPreferencesGroup *history_group;
};

G_DEFINE_FINAL_TYPE (EoDeviceDialog, eo_device_dialog, ADW_TYPE_WINDOW)

/* Helpers */

static void
show_toast (EoDeviceDialog *self,
            const char     *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
copy_clicked_cb (GtkButton      *button,
                 EoDeviceDialog *self)
{
  const char *value = g_object_get_data (G_OBJECT (button), "eo-value");
  const char *done = g_object_get_data (G_OBJECT (button), "eo-done");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), value);
  show_toast (self, done);
}

/* A row with a value and, when @copy_tooltip is given, a copy button. */
static GtkWidget *
add_row (EoDeviceDialog      *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         gboolean             monospace,
         const char          *copy_tooltip,
         const char          *copied_text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  if (monospace)
    gtk_widget_add_css_class (row, "eo-monospace-subtitle");

  if (copy_tooltip != NULL && value != NULL && *value != '\0')
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, copy_tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, copy_tooltip,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "eo-value", g_strdup (value), g_free);
      g_object_set_data_full (G_OBJECT (button), "eo-done", g_strdup (copied_text), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_preferences_group_add (group, row);

  return row;
}

/* The device list's own columns (Serial Number, Model…), each with its
 * value, after the identifiers. */
static void
add_extra_rows (EoDeviceDialog *self)
{
  const char * const *columns = (const char * const *) self->extra_columns;

  for (guint k = 0; columns != NULL && columns[k] != NULL; k++)
    {
      const char *value = eo_device_get_extra (self->device, k);
      g_autofree char *tooltip = NULL;
      g_autofree char *done = NULL;

      if (*value == '\0')
        continue;
      /* Translators: a button's tooltip; %s is a column of the device list, e.g. “Serial Number” */
      tooltip = g_strdup_printf (_("Copy %s"), columns[k]);
      /* Translators: %s is a column of the device list, e.g. “Serial Number” */
      done = g_strdup_printf (_("%s copied"), columns[k]);
      add_row (self, self->ids_group, columns[k], value, FALSE, tooltip, done);
    }
}

static const char *
status_word (EoDeviceStatus status)
{
  switch (status)
    {
    case EO_DEVICE_STATUS_PENDING:
      return _("Pending");
    case EO_DEVICE_STATUS_SUCCESS:
      return _("Assigned");
    case EO_DEVICE_STATUS_FAILED:
      return _("Failed");
    case EO_DEVICE_STATUS_NONE:
    default:
      return _("Not uploaded");
    }
}

/* "Pending (IN_PROGRESS)" when the server's word says more. */
static char *
format_status (EoDeviceStatus  status,
               const char     *status_text)
{
  if (status_text != NULL && *status_text != '\0' &&
      g_ascii_strcasecmp (status_text, "SUCCESS") != 0 &&
      g_ascii_strcasecmp (status_text, "PENDING") != 0 &&
      g_ascii_strcasecmp (status_text, "FAILED") != 0)
    /* Translators: a device's status, then the server's own word for it */
    return g_strdup_printf (_("%s (%s)"), status_word (status), status_text);

  return g_strdup (status_word (status));
}

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);

  /* Translators: date and time of a status change (strftime format) */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
}

static gint
find_position (EoUploadRecord *record,
               EoDevice       *device)
{
  guint position;

  if (!eo_upload_record_find_device (record, device, &position))
    return -1;
  return (gint) position;
}

static char *
suggested_file_name (EoDeviceDialog *self,
                     const char     *extension)
{
  const char *name = eo_device_get_name (self->device);
  g_autofree char *base = NULL;

  base = g_strdup (name != NULL && *name != '\0' ? name : eo_device_get_eid (self->device));
  g_strdelimit (base, "/\\:*?\"<>|", '_');

  /* Translators: file name of a saved QR code; %s is the device's name */
  return g_strdup_printf (_("esim-%s.%s"), base, extension);
}

/* Building the content */

static void
build (EoDeviceDialog *self)
{
  EoDeviceStatus status = eo_device_get_status (self->device);
  const char *name = eo_device_get_name (self->device);
  const char *iccid = eo_device_get_iccid (self->device);
  const char *assigned = eo_device_get_assigned_iccid (self->device);
  const char *reason = eo_device_get_reason (self->device);
  const char *server_url = self->record ? eo_upload_record_get_server_url (self->record) : NULL;
  g_autofree char *status_text = format_status (status, eo_device_get_status_text (self->device));
  EoUploadState state = self->record != NULL ? eo_upload_record_get_state (self->record) : EO_UPLOAD_STATE_FINISHED;

  /* Sent, but the answer never came: not "Not uploaded". */
  if (status == EO_DEVICE_STATUS_NONE &&
      (state == EO_UPLOAD_STATE_OUTCOME_UNKNOWN ||
       (state == EO_UPLOAD_STATE_SENDING && !eo_upload_record_sender_is_alive (self->record))))
    {
      g_free (status_text);
      status_text = g_strdup (eo_upload_record_get_unknown_device_text ());
    }
  g_autofree char *line = NULL;

  adw_window_title_set_title (self->window_title,
                              name != NULL && *name != '\0' ? name : _("Device"));
  adw_window_title_set_subtitle (self->window_title, status_text);
  gtk_window_set_title (GTK_WINDOW (self), name != NULL && *name != '\0' ? name : _("Device"));

  /* Status */
  add_row (self, self->status_group, _("Status"), status_text, FALSE, NULL, NULL);
  if (reason != NULL && *reason != '\0')
    add_row (self, self->status_group, _("Reason"), reason, FALSE,
             _("Copy Reason"), _("Reason copied"));
  if (eo_device_get_problem_text (self->device) != NULL)
    add_row (self, self->status_group, _("Check"), eo_device_get_problem_text (self->device),
             FALSE, NULL, NULL);

  /* Identifiers */
  add_row (self, self->ids_group, _("EID"), eo_device_get_eid (self->device), TRUE,
           _("Copy EID"), _("EID copied"));
  add_row (self, self->ids_group, _("Name"), name, FALSE,
           _("Copy Name"), _("Name copied"));
  add_row (self, self->ids_group, _("ICCID Requested"),
           iccid != NULL ? iccid : _("None: assigned automatically"), iccid != NULL,
           iccid != NULL ? _("Copy Requested ICCID") : NULL, _("ICCID copied"));
  /* Only an eSIM the server gave: a failed device's answer repeats the
   * ICCID it refused, which was requested, never assigned. */
  if (status == EO_DEVICE_STATUS_SUCCESS && assigned != NULL && *assigned != '\0')
    add_row (self, self->ids_group, _("ICCID Assigned"), assigned, TRUE,
             _("Copy Assigned ICCID"), _("ICCID copied"));
  if (eo_device_get_line (self->device) > 0)
    {
      line = g_strdup_printf ("%u", eo_device_get_line (self->device));
      add_row (self, self->ids_group, _("Line in the File"), line, FALSE, NULL, NULL);
    }
  if (self->record != NULL && eo_upload_record_get_request_id (self->record) != NULL)
    add_row (self, self->ids_group, _("Request ID"),
             eo_upload_record_get_request_id (self->record), TRUE,
             _("Copy Request ID"), _("Request ID copied"));

  add_extra_rows (self);

  /* Status history */
  if (self->record != NULL)
    {
      gint position = find_position (self->record, self->device);
      guint n_changes = 0;
      const EoStatusChange *changes =
        position >= 0 ? eo_upload_record_get_device_history (self->record, (guint)position, &n_changes) : NULL;

      for (guint i = 0; i < n_changes; i++)
        {
          const EoStatusChange *change = &changes[i];
          g_autofree char *time = format_time (change->time_us);
          g_autofree char *text = format_status (change->status, change->status_text);

          if (change->reason != NULL && *change->reason != '\0')
            {
              char *with_reason = g_strdup_printf (_("%s: %s"), text, change->reason);
              g_free (text);
              text = with_reason;
            }
          add_row (self, self->history_group, time, text, FALSE, NULL, NULL);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->history_group), n_changes > 0);
    }

  /* The activation code, once the device has its eSIM. */
  if (status == EO_DEVICE_STATUS_SUCCESS && server_url != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *activation = eo_activation_code_for_server_url (server_url, &error);

      if (activation != NULL)
        self->code = eo_qr_code_new (activation, &error);
      if (self->code == NULL)
        g_debug ("No activation code: %s", error->message);
    }

  if (self->code != NULL)
    {
      eo_qr_image_set_code (self->qr_image, self->code);
      gtk_label_set_text (self->code_label, eo_qr_code_get_text (self->code));
      gtk_widget_set_visible (self->qr_box, TRUE);
      /* Focus on the button, not in the selectable code (which would
       * show it all selected). */
      gtk_window_set_focus (GTK_WINDOW (self), self->copy_code_button);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.copy-code", self->code != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.save-qr", self->code != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.print-sheet",
                                 self->code != NULL && self->record != NULL);
}

/* Actions */

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EoDeviceDialog *self = EO_DEVICE_DIALOG (widget);

  if (self->code == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), eo_qr_code_get_text (self->code));
  show_toast (self, _("Activation code copied"));
}

typedef struct
{
  EoDeviceDialog *self;
  EoQrFormat      format;
} SaveData;

static void
save_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(EoDeviceDialog) self = data->self;
  EoQrFormat format = data->format;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_free (data);

  file = eo_file_chooser_save_finish (result, &error);
  if (file == NULL)
    {
      if (error != NULL)
        show_toast (self, error->message);
      return;
    }

  if (!eo_device_dialog_save_qr (self, format, file, &error))
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
save_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EoDeviceDialog *self = EO_DEVICE_DIALOG (widget);
  const char *format_name = g_variant_get_string (parameter, NULL);
  g_autofree char *suggested = NULL;
  SaveData *data;
  EoQrFormat format;

  if (self->code == NULL || !eo_qr_format_from_string (format_name, &format))
    return;

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->format = format;
  suggested = suggested_file_name (self, format_name);
  eo_file_chooser_save_async (GTK_WINDOW (self),
                              format == EO_QR_FORMAT_PNG ? _("Save QR Code as PNG") : _("Save QR Code as SVG"),
                              suggested,
                              format == EO_QR_FORMAT_PNG ? _("PNG Images") : _("SVG Images"),
                              format_name,
                              save_chosen_cb, data);
}

static void
print_sheet_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EoDeviceDialog *self = EO_DEVICE_DIALOG (widget);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (self->code == NULL || self->record == NULL)
    return;

  /* The sheet goes next to the app's other cached files, then opens in
   * the browser, which prints it. */
  dir = g_build_filename (g_get_user_cache_dir (), "esim-onboard", "sheets", NULL);
  path = eo_qr_sheet_write (self->record, dir, &error);
  if (path == NULL)
    {
      show_toast (self, error->message);
      return;
    }

  file = g_file_new_for_path (path);
  eo_file_launch (GTK_WINDOW (self), file);
  show_toast (self, _("The sheet opens in your browser: print it from there"));
}

/* Overrides */

static void
eo_device_dialog_dispose (GObject *object)
{
  EoDeviceDialog *self = EO_DEVICE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_DEVICE_DIALOG);

  g_clear_object (&self->record);
  g_clear_object (&self->device);
  g_clear_object (&self->code);
  g_clear_pointer (&self->extra_columns, g_strfreev);

  G_OBJECT_CLASS (eo_device_dialog_parent_class)->dispose (object);
}

static void
eo_device_dialog_class_init (EoDeviceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_device_dialog_dispose;

  g_type_ensure (EO_TYPE_QR_IMAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-device-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, qr_box);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, qr_image);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, copy_code_button);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, status_group);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, ids_group);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceDialog, history_group);

  gtk_widget_class_install_action (widget_class, "device.copy-code", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "device.save-qr", "s", save_qr_action);
  gtk_widget_class_install_action (widget_class, "device.print-sheet", NULL, print_sheet_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
eo_device_dialog_init (EoDeviceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  eo_a11y_fix_button_names (GTK_WIDGET (self));
}

/* Public API */

EoDeviceDialog *
eo_device_dialog_new (GtkWindow          *parent,
                      EoUploadRecord     *record,
                      EoDevice           *device,
                      const char * const *extra_columns)
{
  EoDeviceDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (record == NULL || EO_IS_UPLOAD_RECORD (record), NULL);
  g_return_val_if_fail (EO_IS_DEVICE (device), NULL);

  self = g_object_new (EO_TYPE_DEVICE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->record = record ? g_object_ref (record) : NULL;
  self->device = g_object_ref (device);
  if (extra_columns == NULL && record != NULL)
    extra_columns = eo_upload_record_get_extra_columns (record);
  self->extra_columns = extra_columns != NULL ? g_strdupv ((char **) extra_columns) : NULL;
  build (self);

  return self;
}

EoDevice *
eo_device_dialog_get_device (EoDeviceDialog *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_DIALOG (self), NULL);

  return self->device;
}

EoUploadRecord *
eo_device_dialog_get_record (EoDeviceDialog *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_DIALOG (self), NULL);

  return self->record;
}

EoQrImage *
eo_device_dialog_get_qr_image (EoDeviceDialog *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_DIALOG (self), NULL);

  return self->code != NULL ? self->qr_image : NULL;
}

const char *
eo_device_dialog_get_activation_code (EoDeviceDialog *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_DIALOG (self), NULL);

  return self->code != NULL ? eo_qr_code_get_text (self->code) : NULL;
}

gboolean
eo_device_dialog_save_qr (EoDeviceDialog *self,
                          EoQrFormat      format,
                          GFile          *file,
                          GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (EO_IS_DEVICE_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->code != NULL, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be written"));
      return FALSE;
    }

  if (!eo_qr_code_write (self->code, format, 0, path, error))
    return FALSE;

  basename = g_file_get_basename (file);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("QR code saved as “%s”"), basename);
  show_toast (self, message);

  return TRUE;
}

void
eo_device_dialog_add_status_row (EoDeviceDialog *self,
                                 GtkWidget      *row)
{
  g_return_if_fail (EO_IS_DEVICE_DIALOG (self));
  g_return_if_fail (GTK_IS_WIDGET (row));

  adw_preferences_group_add (self->status_group, row);
}
