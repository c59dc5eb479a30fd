/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-a11y"

#include "config.h"

#include <adwaita.h>

#include "eo-a11y.h"

#define FULL_LABEL_KEY "eo-a11y-full-label"

void
eo_a11y_fix_button_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) &&
      gtk_button_get_label (GTK_BUTTON (root)) != NULL &&
      GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (root))))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    eo_a11y_fix_button_names (child);
}

/* "_Open" → "Open" ("__" is a literal underscore). */
static char *
strip_mnemonic (const char *text)
{
  GString *stripped = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (stripped, *p);
    }

  return g_string_free (stripped, FALSE);
}

static GtkWidget *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = find_label (child);

      if (label != NULL)
        return label;
    }

  return NULL;
}

void
eo_a11y_set_button_compact (GtkButton  *button,
                            gboolean    compact,
                            const char *icon_name)
{
  GtkWidget *child;
  const char *full_label;

  g_return_if_fail (GTK_IS_BUTTON (button));

  child = gtk_button_get_child (button);

  /* The label as first shown, kept for the way back. */
  full_label = g_object_get_data (G_OBJECT (button), FULL_LABEL_KEY);
  if (full_label == NULL)
    {
      if (ADW_IS_BUTTON_CONTENT (child))
        full_label = adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
      else
        full_label = gtk_button_get_label (button);
      g_return_if_fail (full_label != NULL);
      g_object_set_data_full (G_OBJECT (button), FULL_LABEL_KEY, g_strdup (full_label), g_free);
      full_label = g_object_get_data (G_OBJECT (button), FULL_LABEL_KEY);
    }

  if (ADW_IS_BUTTON_CONTENT (child))
    {
      GtkWidget *label = find_label (child);

      if (label != NULL)
        gtk_widget_set_visible (label, !compact);
    }
  else if (compact)
    gtk_button_set_icon_name (button, icon_name);
  else
    {
      gtk_button_set_label (button, full_label);
      gtk_button_set_use_underline (button, TRUE);
    }

  if (compact)
    {
      g_autofree char *name = strip_mnemonic (full_label);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
    }
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}
