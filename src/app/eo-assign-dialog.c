/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-assign-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-assign-dialog.h"
#include "eo-dialogs.h"

/* The last question before anything is sent: where to, for whom, how
 * many devices, and what is left out. */

typedef struct
{
  guint n_devices;
  guint n_left_out;
} Counts;

G_DEFINE_QUARK (eo-assign-dialog-counts, counts)

static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

static Counts *
get_counts (gpointer widget)
{
  return widget != NULL && G_IS_OBJECT (widget) ? g_object_get_qdata (widget, counts_quark ()) : NULL;
}

GtkWidget *
eo_assign_dialog_new (const char *server,
                      const char *customer,
                      guint       n_devices,
                      guint       n_left_out,
                      gboolean    demo)
{
  GtkWidget *self;
  Counts *counts;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *devices = format_count (n_devices);
  g_autofree char *heading = NULL;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  self = eo_alert_new (NULL, NULL);
  counts = g_new (Counts, 1);
  counts->n_devices = n_devices;
  counts->n_left_out = n_left_out;
  g_object_set_qdata_full (G_OBJECT (self), counts_quark (), counts, g_free);

  eo_alert_add_response (self, EO_ASSIGN_DIALOG_RESPONSE_CANCEL, _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (self, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN, _("_Assign eSIMs"), ADW_RESPONSE_SUGGESTED);
  eo_alert_set_default_response (self, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  eo_alert_set_close_response (self, EO_ASSIGN_DIALOG_RESPONSE_CANCEL);

  /* Translators: %s is a number of devices, e.g. "1,204" */
  heading = g_strdup_printf (ngettext ("Assign an eSIM to %s Device?",
                                       "Assign eSIMs to %s Devices?", n_devices),
                             devices);
  eo_alert_set_heading (self, heading);

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
  eo_alert_set_body (self, body->str);

  return self;
}

gboolean
eo_is_assign_dialog (gpointer widget)
{
  return eo_is_alert (widget) && get_counts (widget) != NULL;
}

guint
eo_assign_dialog_get_n_devices (GtkWidget *dialog)
{
  g_return_val_if_fail (eo_is_assign_dialog (dialog), 0);

  return get_counts (dialog)->n_devices;
}

guint
eo_assign_dialog_get_n_left_out (GtkWidget *dialog)
{
  g_return_val_if_fail (eo_is_assign_dialog (dialog), 0);

  return get_counts (dialog)->n_left_out;
}
