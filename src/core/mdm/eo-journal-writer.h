/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Appending lines to journal files off the main thread: one writer
 * thread for the process, lines written in the order asked (FIFO), each
 * flushed to the disk (fsync) before its callback runs, in the thread-
 * default main context of the caller. For EoPushJournal: a fleet's push
 * is a thousand batches, each an fsync that must not stall the window. */

/* Appends @line (taken) to @path (created 0600) and flushes it. */
gboolean  eo_journal_write_line         (const char           *path,
                                         const char           *line,
                                         GError              **error);
void      eo_journal_writer_append_async (const char          *path,
                                         char                 *line,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  eo_journal_writer_append_finish (GAsyncResult       *result,
                                           GError            **error);

G_END_DECLS
