/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Files chosen and opened through the platform's dialogs: GtkFileDialog
 * and GtkFileLauncher on GTK 4.10 and later (portals in the Flatpak),
 * GtkFileChooserNative and gtk_show_uri () on 4.8. Every GTK version
 * check of them is in eo-file-chooser.c.
 *
 * Which file to open. @filters: GtkFileFilters, the first one the
 * default; @folder: where to start, or NULL. The result is NULL without
 * error when the user cancels. */
void   eo_file_chooser_open_async  (GtkWindow            *parent,
                                    const char           *title,
                                    GListModel           *filters,
                                    GFile                *folder,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GFile *eo_file_chooser_open_finish (GAsyncResult         *result,
                                    GError              **error);

/* Where to save a file. @suggested_name: the file name offered;
 * @filter_name and @suffix (without dot): a filter for that kind, or NULL.
 * The result is NULL without error when the user cancels. */
void   eo_file_chooser_save_async  (GtkWindow            *parent,
                                    const char           *title,
                                    const char           *suggested_name,
                                    const char           *filter_name,
                                    const char           *suffix,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GFile *eo_file_chooser_save_finish (GAsyncResult         *result,
                                    GError              **error);

/* Opens @file in the application the desktop chooses for it. */
void   eo_file_launch              (GtkWindow            *parent,
                                    GFile                *file);

G_END_DECLS
