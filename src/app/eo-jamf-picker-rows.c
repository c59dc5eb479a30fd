/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-jamf-picker-item.h"
#include "eo-jamf-picker-private.h"

/* The picker's rows: a check button (off for a skipped phone), the name,
 * "serial · model · EID", and on the right why it is skipped or when the
 * history assigned it. A row follows its item's "selected" and
 * "assigned"; a click on its check button goes to the picker, which
 * counts. */

static void
row_toggled_cb (GtkCheckButton *check,
                GtkListItem    *list_item)
{
  GtkWidget *picker = gtk_widget_get_ancestor (GTK_WIDGET (check), EO_TYPE_JAMF_PICKER);
  EoJamfPickerItem *item = gtk_list_item_get_item (list_item);

  if (picker == NULL || item == NULL)
    return;
  _eo_jamf_picker_toggle (EO_JAMF_PICKER (picker), item, gtk_check_button_get_active (check));
}

/* The name and the details: inscriptions, whose size comes from their
 * character counts (a label's natural width shapes its whole text when
 * measured: the picker's first rows were most of its first frame). */
static GtkWidget *
new_text (const char *css_class,
          int         nat_chars)
{
  GtkWidget *text = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (text), 0);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (text), 8);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (text), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (text, css_class);
  return text;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *status = gtk_label_new (NULL);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (texts), new_text ("heading", 30));
  gtk_box_append (GTK_BOX (texts), new_text ("dim-label", 60));
  gtk_box_append (GTK_BOX (row), texts);
  /* Shown for the few rows that say something. */
  gtk_widget_set_visible (status, FALSE);
  gtk_widget_add_css_class (status, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (status), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (status), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_max_width_chars (GTK_LABEL (status), 40);
  gtk_label_set_xalign (GTK_LABEL (status), 1);
  gtk_box_append (GTK_BOX (row), status);
  g_signal_connect (check, "toggled", G_CALLBACK (row_toggled_cb), list_item);
  gtk_list_item_set_child (list_item, row);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
row_assigned_cb (EoJamfPickerItem *item,
                 GParamSpec       *pspec,
                 GtkLabel         *status)
{
  const char *assigned = eo_jamf_picker_item_get_assigned (item);
  const char *reason = eo_jamf_picker_item_get_skip_reason (item);

  gtk_label_set_text (status, reason != NULL ? reason : assigned != NULL ? assigned : "");
  gtk_widget_set_visible (GTK_WIDGET (status), reason != NULL || assigned != NULL);
  if (assigned != NULL && reason == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (status), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (status), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (status), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (status), "dim-label");
    }
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item)
{
  EoJamfPickerItem *item = gtk_list_item_get_item (list_item);
  const EoMdmDevice *device = eo_jamf_picker_item_get_device (item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_first_child (row);
  GtkWidget *texts = gtk_widget_get_next_sibling (check);
  GtkWidget *status = gtk_widget_get_next_sibling (texts);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  g_autofree char *details = NULL;
  GBinding *binding;

  gtk_inscription_set_text (GTK_INSCRIPTION (name), device->name != NULL ? device->name : device->serial);
  gtk_accessible_update_property (GTK_ACCESSIBLE (name), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_inscription_get_text (GTK_INSCRIPTION (name)), -1);
  /* Translators: serial number · model · EID (or "no EID") */
  details = g_strdup_printf (_("%s · %s · %s"), device->serial != NULL ? device->serial : "—",
                             device->model != NULL ? device->model : "—",
                             device->eid != NULL ? device->eid : _("no EID"));
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_widget_get_next_sibling (name)), details);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_next_sibling (name)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, details, -1);
  gtk_widget_set_sensitive (check, eo_jamf_picker_item_get_selectable (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_inscription_get_text (GTK_INSCRIPTION (name)), -1);
  binding = g_object_bind_property (item, "selected", check, "active", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (list_item), "eo-binding", binding);
  row_assigned_cb (item, NULL, GTK_LABEL (status));
  g_signal_connect_object (item, "notify::assigned", G_CALLBACK (row_assigned_cb), status, 0);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  EoJamfPickerItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *status = gtk_widget_get_last_child (row);
  GBinding *binding = g_object_steal_data (G_OBJECT (list_item), "eo-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, row_assigned_cb, status);
}

GtkListItemFactory *
_eo_jamf_picker_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  return factory;
}
