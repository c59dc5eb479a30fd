/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "eo-push-journal.h"

G_BEGIN_DECLS

/* What the files of EoPushJournal share:
 *   eo-push-journal.c        the object: entries, batches, the events
 *                            applied, the calls that write at once
 *   eo-push-journal-lines.c  the file's format: each kind of line made,
 *                            a journal read back
 *   eo-push-journal-async.c  the same lines through the writer thread
 *                            (eo-journal-writer.h) */

#define EO_PUSH_JOURNAL_VERSION   1
#define EO_PUSH_JOURNAL_MAX_BYTES (512u * 1024u * 1024u)

typedef struct
{
  EoPushBatchState  state;
  gint64            time_unix;
  GPtrArray        *entries;   /* EoPushEntry, borrowed */
  GPtrArray        *commands;  /* char *, or NULL */
} EoPushBatch;

struct _EoPushJournal
{
  GObject     parent_instance;

  char       *path;
  char       *upload_id;
  char       *mdm_url;
  char       *server_url;
  gboolean    is_new;
  GPtrArray  *entries;        /* EoPushEntry */
  GHashTable *by_management;  /* -> EoPushEntry */
  GPtrArray  *batches;        /* EoPushBatch, batch N at N - 1 */
  GHashTable *command_batch;  /* command ID -> batch number */
  guint       n_unsent;       /* entries whose batch is 0 */
  GError     *write_error;    /* of a queued line */
};

/* eo-push-journal.c: the events, when written and when read back. */
EoPushBatch *_eo_push_journal_get_batch       (EoPushJournal *self,
                                               guint          number);
/* A new batch naming @entries: returns its number. */
guint        _eo_push_journal_apply_recorded  (EoPushJournal *self,
                                               GPtrArray     *entries,
                                               gint64         time_unix);
void         _eo_push_journal_apply_found     (EoPushJournal *self,
                                               guint          batch,
                                               GPtrArray     *command_ids,
                                               GPtrArray     *missing);
void         _eo_push_journal_apply_failed    (EoPushJournal *self,
                                               guint          batch);

/* eo-push-journal-lines.c: each line as text, "\n" ended. */
char        *_eo_push_journal_header_line     (const char    *upload_id,
                                               const char    *mdm_url,
                                               const char    *server_url);
char        *_eo_push_journal_recorded_line   (guint          batch,
                                               GPtrArray     *entries,
                                               gint64         now);
/* "sent" without @missing, "found" with it. */
char        *_eo_push_journal_found_line      (guint          batch,
                                               GPtrArray     *command_ids,
                                               GPtrArray     *missing);
char        *_eo_push_journal_failed_line     (guint          batch,
                                               const char    *why);
/* Reads self->path back into @self. */
gboolean     _eo_push_journal_load            (EoPushJournal  *self,
                                               GError        **error);

G_END_DECLS
