/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-file-chooser.h"
#include "eo-window-private.h"

/* The window's actions: win.open (a file chooser) and
 * win.show-problems-only and win.device-filter (stateful, from the
 * properties of those names). */

static GListStore *
new_file_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("Device Lists (CSV)"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_mime_type (csv, "text/comma-separated-values");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_suffix (csv, "txt");
  g_list_store_append (filters, csv);

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  g_list_store_append (filters, all);

  return filters;
}

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EoWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = eo_file_chooser_open_finish (result, &error);
  if (error != NULL)
    g_warning ("Could not choose a file: %s", error->message);
  else if (file != NULL)
    eo_window_open_file (self, file);
}

static void
choose_file (EoWindow *self)
{
  g_autoptr(GListStore) filters = new_file_filters ();
  g_autoptr(GFile) folder = self->file != NULL ? g_file_get_parent (self->file) : NULL;

  eo_file_chooser_open_async (GTK_WINDOW (self), _("Open a Device List"),
                              G_LIST_MODEL (filters), folder,
                              file_chosen_cb, g_object_ref (self));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  choose_file (EO_WINDOW (widget));
}

/* Ctrl+Shift+E: the filter's choices, from the keyboard. */
static void
choose_device_filter_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (!gtk_widget_is_sensitive (GTK_WIDGET (self->filter_dropdown)))
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_dropdown));
  gtk_widget_activate (GTK_WIDGET (self->filter_dropdown));
}

void
_eo_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.choose-device-filter", NULL,
                                   choose_device_filter_action);
  gtk_widget_class_install_property_action (widget_class,
                                            "win.show-problems-only",
                                            "show-problems-only");
  gtk_widget_class_install_property_action (widget_class,
                                            "win.device-filter",
                                            "device-filter");
}

void
_eo_window_actions_update (EoWindow *self)
{
  /* Filtering means something only once a list is shown. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-problems-only",
                                 self->list != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.device-filter",
                                 self->list != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.choose-device-filter",
                                 self->list != NULL);
  _eo_window_upload_update (self);
}
