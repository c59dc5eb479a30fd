/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window"

#include "config.h"

#include "eo-window-private.h"

#if ADW_CHECK_VERSION (1, 4, 0)

/* libadwaita 1.4+: the window's bars in an AdwToolbarView (the header bar
 * and the demo bar on top, flat over the content, as GNOME apps of the
 * platform are laid out); the template's plain box stays for 1.2. The
 * widgets keep their template pointers: only their parent changes. */
void
_eo_window_use_toolbar_view (EoWindow *self)
{
  AdwToolbarView *view = ADW_TOOLBAR_VIEW (adw_toolbar_view_new ());
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *child;

  g_object_ref (self->header_bar);
  gtk_box_remove (self->main_box, self->header_bar);
  adw_toolbar_view_add_top_bar (view, self->header_bar);
  g_object_unref (self->header_bar);
  g_object_ref (self->demo_bar);
  gtk_box_remove (self->main_box, self->demo_bar);
  adw_toolbar_view_add_top_bar (view, self->demo_bar);
  g_object_unref (self->demo_bar);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->main_box))) != NULL)
    {
      g_object_ref (child);
      gtk_box_remove (self->main_box, child);
      gtk_box_append (GTK_BOX (content), child);
      g_object_unref (child);
    }
  adw_toolbar_view_set_content (view, content);
  gtk_overlay_set_child (self->main_overlay, GTK_WIDGET (view));
  self->main_box = GTK_BOX (content);
  self->toolbar_view = GTK_WIDGET (view);
}

#endif
