/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Asks where to save a file: GtkFileDialog on GTK 4.10 and later, a
 * GtkFileChooserNative on 4.8. @suggested_name: the file name offered;
 * @filter_name and @suffix (without dot): a filter for that kind, or NULL.
 * The result is NULL without error when the user cancels. */
void   eo_save_chooser_run_async (GtkWindow           *parent,
                                  const char          *title,
                                  const char          *suggested_name,
                                  const char          *filter_name,
                                  const char          *suffix,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
GFile *eo_save_chooser_run_finish (GAsyncResult       *result,
                                   GError            **error);

G_END_DECLS
