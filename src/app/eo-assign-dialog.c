/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-assign-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-assign-dialog.h"

/* The last question before anything is sent: where to, for whom, how
 * many devices, and what is left out. */

struct _EoAssignDialog
{
  AdwMessageDialog  parent_instance;

  guint             n_devices;
  guint             n_left_out;
};

G_DEFINE_FINAL_TYPE (EoAssignDialog, eo_assign_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

static void
eo_assign_dialog_class_init (EoAssignDialogClass *klass)
{
}

static void
eo_assign_dialog_init (EoAssignDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_add_responses (dialog,
                                    EO_ASSIGN_DIALOG_RESPONSE_CANCEL, _("_Cancel"),
                                    EO_ASSIGN_DIALOG_RESPONSE_ASSIGN, _("_Assign eSIMs"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  adw_message_dialog_set_close_response (dialog, EO_ASSIGN_DIALOG_RESPONSE_CANCEL);
}

EoAssignDialog *
eo_assign_dialog_new (GtkWindow  *parent,
                      const char *server,
                      const char *customer,
                      guint       n_devices,
                      guint       n_left_out,
                      gboolean    demo)
{
  EoAssignDialog *self;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *devices = format_count (n_devices);
  g_autofree char *heading = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  self = g_object_new (EO_TYPE_ASSIGN_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->n_devices = n_devices;
  self->n_left_out = n_left_out;

  /* Translators: %s is a number of devices, e.g. "1,204" */
  heading = g_strdup_printf (ngettext ("Assign an eSIM to %s Device?",
                                       "Assign eSIMs to %s Devices?", n_devices),
                             devices);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);

  /* Translators: first %s is the server URL, second the customer ID */
  g_string_append_printf (body, _("The device list goes to %s for customer “%s”. "
                                  "The server assigns each device an eSIM from the account's pool, "
                                  "or the ICCID the list asks for."),
                          server, customer);
  if (n_left_out > 0)
    {
      g_autofree char *left_out = format_count (n_left_out);

      g_string_append (body, "\n\n");
      /* Translators: %s is a number of rows */
      g_string_append_printf (body, ngettext ("%s row with errors will be left out.",
                                              "%s rows with errors will be left out.", n_left_out),
                              left_out);
    }
  if (demo)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("This is the demo server: no real eSIMs are assigned."));
    }
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body->str);
  eo_a11y_fix_button_names (GTK_WIDGET (self));

  return self;
}

guint
eo_assign_dialog_get_n_devices (EoAssignDialog *self)
{
  g_return_val_if_fail (EO_IS_ASSIGN_DIALOG (self), 0);

  return self->n_devices;
}

guint
eo_assign_dialog_get_n_left_out (EoAssignDialog *self)
{
  g_return_val_if_fail (EO_IS_ASSIGN_DIALOG (self), 0);

  return self->n_left_out;
}
