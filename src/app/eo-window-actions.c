/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-window-private.h"

/* The window's actions: win.open (a file chooser) and
 * win.show-problems-only (stateful, from the property of that name). */

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

#if GTK_CHECK_VERSION (4, 10, 0)

static void
file_dialog_open_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(EoWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
        g_warning ("Could not choose a file: %s", error->message);
      return;
    }

  eo_window_open_file (self, file);
}

static void
choose_file (EoWindow *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListStore) filters = new_file_filters ();

  gtk_file_dialog_set_title (dialog, _("Open a Device List"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_set_default_filter (dialog, g_list_model_get_item (G_LIST_MODEL (filters), 0));
  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);
      gtk_file_dialog_set_initial_folder (dialog, folder);
    }

  gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL,
                        file_dialog_open_cb, g_object_ref (self));
}

#else /* GTK 4.8 */

static void
file_chooser_response_cb (GtkNativeDialog *native,
                          int              response,
                          EoWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        eo_window_open_file (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_file (EoWindow *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GListStore) filters = new_file_filters ();
  guint n_filters = g_list_model_get_n_items (G_LIST_MODEL (filters));

  native = gtk_file_chooser_native_new (_("Open a Device List"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  for (guint i = 0; i < n_filters; i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (filters), i);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }

  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
    }

  /* The reference is dropped in the response handler. */
  g_signal_connect_object (native, "response",
                           G_CALLBACK (file_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  choose_file (EO_WINDOW (widget));
}

void
_eo_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_property_action (widget_class,
                                            "win.show-problems-only",
                                            "show-problems-only");
}

void
_eo_window_actions_update (EoWindow *self)
{
  /* Filtering means something only once a list is shown. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-problems-only",
                                 self->list != NULL);
  _eo_window_upload_update (self);
}
