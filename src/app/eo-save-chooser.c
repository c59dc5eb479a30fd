/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-save-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-save-chooser.h"

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

static void
file_dialog_save_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file;

  file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);
  if (file == NULL && !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
eo_save_chooser_run_async (GtkWindow           *parent,
                           const char          *title,
                           const char          *suggested_name,
                           const char          *filter_name,
                           const char          *suffix,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, eo_save_chooser_run_async);
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
eo_save_chooser_run_async (GtkWindow           *parent,
                           const char          *title,
                           const char          *suggested_name,
                           const char          *filter_name,
                           const char          *suffix,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, eo_save_chooser_run_async);
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

#endif

GFile *
eo_save_chooser_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
