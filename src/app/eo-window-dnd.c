/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-dnd"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-window-private.h"

/* The whole window takes dropped files. While a file is dragged over it,
 * the window has the "drop-active" style class, which reveals the drop
 * indicator (see style.css). */

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               EoWindow      *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "drop-active");

  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               EoWindow      *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-active");
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         EoWindow      *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-active");

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        g_ptr_array_add (files, g_object_ref (l->data));
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      GFile *file = g_value_get_object (value);

      if (file != NULL)
        g_ptr_array_add (files, g_object_ref (file));
    }

  if (files->len == 0)
    return FALSE;

  /* The first file goes to this window, any others to windows of their own. */
  eo_window_open_file (self, g_ptr_array_index (files, 0));
  if (files->len > 1)
    {
      GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

      if (application != NULL)
        g_application_open (application, (GFile **)files->pdata + 1, files->len - 1, "");
    }

  return TRUE;
}

void
_eo_window_dnd_init (EoWindow *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  gtk_event_controller_set_name (GTK_EVENT_CONTROLLER (target), "eo-file-drop-target");

  g_signal_connect_object (target, "enter", G_CALLBACK (drop_enter_cb), self, 0);
  g_signal_connect_object (target, "leave", G_CALLBACK (drop_leave_cb), self, 0);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);

  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

GtkDropTarget *
_eo_window_get_drop_target (EoWindow *self)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (self));
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller) &&
          g_strcmp0 (gtk_event_controller_get_name (controller), "eo-file-drop-target") == 0)
        return GTK_DROP_TARGET (controller);
    }

  return NULL;
}
