/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-preferences-rows"

#include "config.h"

#include "eo-preferences-rows.h"

void
eo_status_row_set (AdwActionRow *row,
                   GtkImage     *icon,
                   const char   *icon_name,
                   const char   *css_class,
                   const char   *text)
{
  GtkWidget *widget = GTK_WIDGET (icon);

  adw_action_row_set_subtitle (row, text);
  gtk_image_set_from_icon_name (icon, icon_name);
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "dim-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (widget, css_class);
}

void
eo_status_row_set_busy (GtkSpinner *spinner,
                        gboolean    busy)
{
  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_spinner_set_spinning (spinner, busy);
}

void
eo_test_result_show (GtkWidget  *box,
                     GtkImage   *icon,
                     GtkLabel   *label,
                     gboolean    success,
                     const char *text)
{
  GtkWidget *label_widget = GTK_WIDGET (label);

  gtk_image_set_from_icon_name (icon, success ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (icon), success ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (icon), success ? "success" : "error");
  gtk_widget_remove_css_class (label_widget, success ? "error" : "success");
  gtk_widget_add_css_class (label_widget, success ? "success" : "error");
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (box, TRUE);
}

void
eo_test_result_hide (GtkWidget *box,
                     GtkLabel  *label)
{
  gtk_widget_set_visible (box, FALSE);
  gtk_label_set_text (label, "");
}

char *
eo_entry_row_dup_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}
