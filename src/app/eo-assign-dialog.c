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
  guint      n_devices;   /* without errors, assigned ones included */
  guint      n_left_out;  /* rows with errors */
  guint      n_assigned;  /* already assigned by an earlier upload */
  gboolean   demo;
  char      *server;
  char      *customer;
  GtkWidget *include;     /* the switch, or NULL */
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

static void
counts_free (Counts *counts)
{
  g_free (counts->server);
  g_free (counts->customer);
  g_free (counts);
}

static gboolean
include_assigned (Counts *counts)
{
  return counts->include != NULL && gtk_switch_get_active (GTK_SWITCH (counts->include));
}

static guint
n_sent (Counts *counts)
{
  return include_assigned (counts) ? counts->n_devices : counts->n_devices - counts->n_assigned;
}

/* The heading and the body, for the switch as it is. */
static void
update_text (GtkWidget *self,
             Counts    *counts)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *devices = format_count (n_sent (counts));
  g_autofree char *heading = NULL;

  /* Translators: %s is a number of devices, e.g. "1,204" */
  heading = g_strdup_printf (ngettext ("Assign an eSIM to %s Device?",
                                       "Assign eSIMs to %s Devices?", n_sent (counts)),
                             devices);
  eo_alert_set_heading (self, heading);

  /* Translators: first %s is the server URL, second the customer ID */
  g_string_append_printf (body, _("The device list goes to %s for customer “%s”. "
                                  "The server assigns each device an eSIM from the account's pool, "
                                  "or the ICCID the list asks for."),
                          counts->server, counts->customer);
  if (counts->n_assigned > 0)
    {
      g_autofree char *assigned = format_count (counts->n_assigned);

      g_string_append (body, "\n\n");
      if (include_assigned (counts))
        /* Translators: %s is a number of devices */
        g_string_append_printf (body, ngettext ("%s device already has an eSIM from an earlier upload and will be sent again: the server may refuse it, or the phone get a second eSIM.",
                                                "%s devices already have an eSIM from an earlier upload and will be sent again: the server may refuse them, or the phones get a second eSIM.",
                                                counts->n_assigned),
                                assigned);
      else
        /* Translators: %s is a number of devices */
        g_string_append_printf (body, ngettext ("%s device already has an eSIM from an earlier upload and will be left out.",
                                                "%s devices already have an eSIM from an earlier upload and will be left out.",
                                                counts->n_assigned),
                                assigned);
    }
  if (counts->n_left_out > 0)
    {
      g_autofree char *left_out = format_count (counts->n_left_out);

      g_string_append (body, "\n\n");
      /* Translators: %s is a number of rows */
      g_string_append_printf (body, ngettext ("%s row with errors will be left out.",
                                              "%s rows with errors will be left out.", counts->n_left_out),
                              left_out);
    }
  if (counts->demo)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("This is the demo server: no real eSIMs are assigned."));
    }
  eo_alert_set_body (self, body->str);
  /* Nothing to send: only Cancel makes sense. */
  eo_alert_set_response_enabled (self, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN, n_sent (counts) > 0);
}

static void
include_changed_cb (GtkWidget *self)
{
  update_text (self, get_counts (self));
}

/* "Include devices already assigned" and its switch. */
static GtkWidget *
make_include_row (GtkWidget *self,
                  Counts    *counts)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("_Include devices already assigned"));

  counts->include = gtk_switch_new ();
  gtk_widget_set_valign (counts->include, GTK_ALIGN_CENTER);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), counts->include);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), counts->include);
  g_signal_connect_object (counts->include, "notify::active", G_CALLBACK (include_changed_cb),
                           self, G_CONNECT_SWAPPED);
  return box;
}

GtkWidget *
eo_assign_dialog_new (const char *server,
                      const char *customer,
                      guint       n_devices,
                      guint       n_left_out,
                      guint       n_assigned,
                      gboolean    demo)
{
  GtkWidget *self;
  Counts *counts;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (customer != NULL, NULL);
  g_return_val_if_fail (n_assigned <= n_devices, NULL);

  self = eo_alert_new (NULL, NULL);
  counts = g_new0 (Counts, 1);
  counts->n_devices = n_devices;
  counts->n_left_out = n_left_out;
  counts->n_assigned = n_assigned;
  counts->demo = demo;
  counts->server = g_strdup (server);
  counts->customer = g_strdup (customer);
  g_object_set_qdata_full (G_OBJECT (self), counts_quark (), counts, (GDestroyNotify) counts_free);

  eo_alert_add_response (self, EO_ASSIGN_DIALOG_RESPONSE_CANCEL, _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (self, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN, _("_Assign eSIMs"), ADW_RESPONSE_SUGGESTED);
  eo_alert_set_default_response (self, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  eo_alert_set_close_response (self, EO_ASSIGN_DIALOG_RESPONSE_CANCEL);
  if (n_assigned > 0)
    eo_alert_set_extra_child (self, make_include_row (self, counts));
  update_text (self, counts);

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

  return n_sent (get_counts (dialog));
}

guint
eo_assign_dialog_get_n_left_out (GtkWidget *dialog)
{
  g_return_val_if_fail (eo_is_assign_dialog (dialog), 0);

  return get_counts (dialog)->n_left_out;
}

guint
eo_assign_dialog_get_n_assigned (GtkWidget *dialog)
{
  g_return_val_if_fail (eo_is_assign_dialog (dialog), 0);

  return get_counts (dialog)->n_assigned;
}

gboolean
eo_assign_dialog_get_include_assigned (GtkWidget *dialog)
{
  g_return_val_if_fail (eo_is_assign_dialog (dialog), FALSE);

  return include_assigned (get_counts (dialog));
}

GtkWidget *
eo_assign_dialog_get_include_switch (GtkWidget *dialog)
{
  g_return_val_if_fail (eo_is_assign_dialog (dialog), NULL);

  return get_counts (dialog)->include;
}
