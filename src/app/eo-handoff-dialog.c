/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-handoff-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-handoff-dialog.h"
#include "eo-qr-code.h"

struct _EoHandoffDialog
{
  AdwWindow            parent_instance;

  EoUploadRecord      *record;
  char                *host;
  char                *activation_code;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkLabel            *intro_label;
  AdwPreferencesGroup *server_group;
  AdwPreferencesGroup *apple_group;
  AdwPreferencesGroup *jamf_group;
  AdwPreferencesGroup *intune_group;
  GtkButton           *export_button;
};

G_DEFINE_FINAL_TYPE (EoHandoffDialog, eo_handoff_dialog, ADW_TYPE_WINDOW)

static void
copy_clicked_cb (GtkButton       *button,
                 EoHandoffDialog *self)
{
  const char *value = g_object_get_data (G_OBJECT (button), "eo-value");
  AdwToast *toast;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), value);
  toast = adw_toast_new (g_object_get_data (G_OBJECT (button), "eo-done"));
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
add_row (EoHandoffDialog     *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         const char          *copy_tooltip,
         const char          *copied_text)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_add_css_class (row, "eo-monospace-subtitle");

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
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
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);

  adw_preferences_group_add (group, row);
}

static void
build (EoHandoffDialog *self)
{
  const char *url = eo_upload_record_get_server_url (self->record);
  const char *source = eo_upload_record_get_source_name (self->record);
  g_autoptr(GError) error = NULL;

  adw_window_title_set_subtitle (self->window_title, source);

  if (url == NULL || *url == '\0')
    {
      gtk_label_set_text (self->intro_label,
                          _("The server has not given an SM-DP+ address for this upload: it is known once the server accepts the upload."));
      gtk_widget_set_visible (GTK_WIDGET (self->server_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->apple_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->jamf_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->intune_group), FALSE);
      return;
    }

  self->host = eo_smdp_host_for_server_url (url, &error);
  if (self->host != NULL)
    self->activation_code = eo_activation_code_for_server_url (url, NULL);
  else
    g_warning ("No host name in the SM-DP+ URL %s: %s", url, error->message);

  add_row (self, self->server_group, _("SM-DP+ URL"), url,
           _("Copy SM-DP+ URL"), _("SM-DP+ URL copied"));
  if (self->host != NULL)
    add_row (self, self->server_group, _("Host Name"), self->host,
             _("Copy Host Name"), _("Host name copied"));
  if (self->activation_code != NULL)
    add_row (self, self->server_group, _("Activation Code (QR)"), self->activation_code,
             _("Copy Activation Code"), _("Activation code copied"));

  add_row (self, self->apple_group, _("Command"), "RefreshCellularPlans",
           _("Copy Command Name"), _("Command name copied"));
  add_row (self, self->apple_group, "eSIMServerURL", url,
           _("Copy SM-DP+ URL"), _("SM-DP+ URL copied"));

  add_row (self, self->jamf_group, _("Command Type"), "REFRESH_CELLULAR_PLANS",
           _("Copy Command Type"), _("Command type copied"));
  add_row (self, self->jamf_group, "esimServerUrl / e_sim_server_url", url,
           _("Copy SM-DP+ URL"), _("SM-DP+ URL copied"));

  add_row (self, self->intune_group, _("iOS and iPadOS: Update Cellular Data Plan"), url,
           _("Copy SM-DP+ URL"), _("SM-DP+ URL copied"));
  if (self->host != NULL)
    add_row (self, self->intune_group, _("Windows: Download Server"), self->host,
             _("Copy Host Name"), _("Host name copied"));
}

static void
export_clicked_cb (GtkButton       *button,
                   EoHandoffDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.export-results", "s", "csv");
}

static void
eo_handoff_dialog_dispose (GObject *object)
{
  EoHandoffDialog *self = EO_HANDOFF_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_HANDOFF_DIALOG);
  g_clear_object (&self->record);

  G_OBJECT_CLASS (eo_handoff_dialog_parent_class)->dispose (object);
}

static void
eo_handoff_dialog_finalize (GObject *object)
{
  EoHandoffDialog *self = EO_HANDOFF_DIALOG (object);

  g_free (self->host);
  g_free (self->activation_code);

  G_OBJECT_CLASS (eo_handoff_dialog_parent_class)->finalize (object);
}

static void
eo_handoff_dialog_class_init (EoHandoffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_handoff_dialog_dispose;
  object_class->finalize = eo_handoff_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-handoff-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, server_group);
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, apple_group);
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, jamf_group);
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, intune_group);
  gtk_widget_class_bind_template_child (widget_class, EoHandoffDialog, export_button);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
eo_handoff_dialog_init (EoHandoffDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  eo_a11y_fix_button_names (GTK_WIDGET (self));

  g_signal_connect (self->export_button, "clicked", G_CALLBACK (export_clicked_cb), self);
}

EoHandoffDialog *
eo_handoff_dialog_new (GtkWindow      *parent,
                       EoUploadRecord *record)
{
  EoHandoffDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  self = g_object_new (EO_TYPE_HANDOFF_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->record = g_object_ref (record);
  build (self);

  return self;
}

EoUploadRecord *
eo_handoff_dialog_get_record (EoHandoffDialog *self)
{
  g_return_val_if_fail (EO_IS_HANDOFF_DIALOG (self), NULL);

  return self->record;
}

const char *
eo_handoff_dialog_get_server_url (EoHandoffDialog *self)
{
  g_return_val_if_fail (EO_IS_HANDOFF_DIALOG (self), NULL);

  return eo_upload_record_get_server_url (self->record);
}

const char *
eo_handoff_dialog_get_host (EoHandoffDialog *self)
{
  g_return_val_if_fail (EO_IS_HANDOFF_DIALOG (self), NULL);

  return self->host;
}
