/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-file-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-file-chooser.h"

static GtkFileFilter *
new_filter (const char *filter_name,
            const char *suffix)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_suffix (filter, suffix);

  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)

/* Cancelling or dismissing the dialog is no error. */
static void
return_file (GTask  *task,
             GFile  *file,
             GError *error)
{
  if (file == NULL && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      g_clear_error (&error);
      g_task_return_pointer (task, file, g_object_unref);
    }
}

static void
file_dialog_open_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GFile *file;

  file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);
  return_file (task, file, error);
}

void
eo_file_chooser_open_async (GtkWindow           *parent,
                            const char          *title,
                            GListModel          *filters,
                            GFile               *folder,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, eo_file_chooser_open_async);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (filters != NULL && g_list_model_get_n_items (filters) > 0)
    {
      g_autoptr(GtkFileFilter) first = g_list_model_get_item (filters, 0);

      gtk_file_dialog_set_filters (dialog, filters);
      gtk_file_dialog_set_default_filter (dialog, first);
    }
  if (folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, folder);

  gtk_file_dialog_open (dialog, parent, NULL, file_dialog_open_cb, task);
}

static void
file_dialog_save_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GFile *file;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);
  return_file (task, file, error);
}

void
eo_file_chooser_save_async (GtkWindow           *parent,
                            const char          *title,
                            const char          *suggested_name,
                            const char          *filter_name,
                            const char          *suffix,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, eo_file_chooser_save_async);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (suggested_name != NULL)
    gtk_file_dialog_set_initial_name (dialog, suggested_name);
  if (filter_name != NULL && suffix != NULL)
    {
      g_autoptr(GtkFileFilter) filter = new_filter (filter_name, suffix);
      g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

      g_list_store_append (filters, filter);
      gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
      gtk_file_dialog_set_default_filter (dialog, filter);
    }

  gtk_file_dialog_save (dialog, parent, NULL, file_dialog_save_cb, task);
}

void
eo_file_launch (GtkWindow *parent,
                GFile     *file)
{
  g_autoptr(GtkFileLauncher) launcher = NULL;

  g_return_if_fail (G_IS_FILE (file));

  launcher = gtk_file_launcher_new (file);
  gtk_file_launcher_launch (launcher, parent, NULL, NULL, NULL);
}

#else /* GTK 4.8 */

static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_task_return_pointer (task, file, g_object_unref);
}

void
eo_file_chooser_open_async (GtkWindow           *parent,
                            const char          *title,
                            GListModel          *filters,
                            GFile               *folder,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task = g_task_new (NULL, NULL, callback, user_data);
  guint n_filters = filters != NULL ? g_list_model_get_n_items (filters) : 0;

  g_task_set_source_tag (task, eo_file_chooser_open_async);
  native = gtk_file_chooser_native_new (title, parent,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  for (guint i = 0; i < n_filters; i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);

  /* The native dialog is freed in the response handler. */
  g_signal_connect (native, "response", G_CALLBACK (native_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
eo_file_chooser_save_async (GtkWindow           *parent,
                            const char          *title,
                            const char          *suggested_name,
                            const char          *filter_name,
                            const char          *suffix,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, eo_file_chooser_save_async);
  native = gtk_file_chooser_native_new (title, parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), suggested_name);
  if (filter_name != NULL && suffix != NULL)
    {
      g_autoptr(GtkFileFilter) filter = new_filter (filter_name, suffix);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }

  /* The native dialog is freed in the response handler. */
  g_signal_connect (native, "response", G_CALLBACK (native_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
eo_file_launch (GtkWindow *parent,
                GFile     *file)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}

#endif

GFile *
eo_file_chooser_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GFile *
eo_file_chooser_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
