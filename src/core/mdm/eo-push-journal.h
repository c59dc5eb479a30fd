/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-mdm-connector.h"

G_BEGIN_DECLS

/**
 * EoPushEntry:
 * One phone of an upload to push the SM-DP+ address to. @batch is the
 * number of the latest batch that named it (0: never sent, or known not
 * to have been). The follow-up fills in @command_id, @state, @reason and
 * @installed (they are read back from the MDM, never written here).
 */
typedef struct
{
  char              *management_id;
  char              *eid;
  char              *iccid;
  char              *name;
  guint              batch;
  char              *command_id;
  EoMdmCommandState  state;
  char              *reason;
  gboolean           installed;
} EoPushEntry;

typedef enum
{
  EO_PUSH_BATCH_RECORDED,  /* written before sending: the outcome unknown */
  EO_PUSH_BATCH_SENT,      /* the MDM gave its command IDs */
  EO_PUSH_BATCH_FAILED,    /* refused: nothing was sent */
} EoPushBatchState;

/**
 * EoPushJournal:
 * What was pushed for one upload, in a small file of its own
 * (DIR/LOCAL_ID.jsonl, DIR by default $XDG_DATA_HOME/esim-onboard/pushes,
 * beside the history's uploads folder): one JSON line per event, each
 * appended and flushed to disk (fsync) before the next step. A batch is
 * recorded *before* it is sent and its command IDs after, so that after a
 * crash a batch recorded but not confirmed is looked up at the MDM
 * instead of being sent again. Appending keeps the cost per batch
 * constant at any fleet size; a line cut short by a crash is ignored.
 */
#define EO_TYPE_PUSH_JOURNAL (eo_push_journal_get_type ())
G_DECLARE_FINAL_TYPE (EoPushJournal, eo_push_journal, EO, PUSH_JOURNAL, GObject)

char          *eo_push_journal_default_dir    (void);
/* The journal of @upload_id in @dir (NULL: the default), read if it
 * exists. Fails on a file that cannot be read or is not a journal. */
EoPushJournal *eo_push_journal_open           (const char     *dir,
                                               const char     *upload_id,
                                               GError        **error);
gboolean       eo_push_journal_is_new         (EoPushJournal  *self);
const char    *eo_push_journal_get_path       (EoPushJournal  *self);
const char    *eo_push_journal_get_server_url (EoPushJournal  *self);
const char    *eo_push_journal_get_mdm_url    (EoPushJournal  *self);
/* Writes the first line (MDM and SM-DP+ addresses) of a new journal. */
gboolean       eo_push_journal_begin          (EoPushJournal  *self,
                                               const char     *mdm_url,
                                               const char     *server_url,
                                               GError        **error);

/* Every entry (EoPushEntry, owned by the journal), in the order added. */
GPtrArray     *eo_push_journal_get_entries    (EoPushJournal  *self);
EoPushEntry   *eo_push_journal_lookup         (EoPushJournal  *self,
                                               const char     *management_id);
/* An entry for a phone (the existing one if there is one). */
EoPushEntry   *eo_push_journal_add            (EoPushJournal  *self,
                                               const char     *management_id,
                                               const char     *eid,
                                               const char     *iccid,
                                               const char     *name);

/* Entries never sent (or known not to have been): kept as they move. */
guint          eo_push_journal_count_unsent   (EoPushJournal  *self);

/* Appends "batch N names these entries" and flushes it: returns N (from
 * 1), or 0 with @error. */
guint          eo_push_journal_record_batch   (EoPushJournal  *self,
                                               GPtrArray      *entries,
                                               GError        **error);
/* The MDM's command IDs for batch @batch (char *). */
gboolean       eo_push_journal_record_sent    (EoPushJournal  *self,
                                               guint           batch,
                                               GPtrArray      *command_ids,
                                               GError        **error);
/* Batch @batch was refused: its entries were not sent. */
gboolean       eo_push_journal_record_failed  (EoPushJournal  *self,
                                               guint           batch,
                                               const char     *why,
                                               GError        **error);
/* What a lookup found for a batch recorded but not confirmed: the
 * commands it did create; the entries in @missing (management IDs) were
 * not sent. */
gboolean       eo_push_journal_record_found   (EoPushJournal  *self,
                                               guint           batch,
                                               GPtrArray      *command_ids,
                                               GPtrArray      *missing,
                                               GError        **error);

/* The same off the main thread (one writer thread, lines in order): the
 * batch is numbered and applied in memory at once and finishes (its
 * number, or 0 with @error) once its line is on disk: send it then, not
 * before. A write that failed marks the batch failed. */
void           eo_push_journal_record_batch_async  (EoPushJournal       *self,
                                                    GPtrArray           *entries,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
guint          eo_push_journal_record_batch_finish (EoPushJournal       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* record_found / record_failed queued behind the lines before them and
 * applied at once; a failed write is told by flush. */
void           eo_push_journal_queue_found    (EoPushJournal  *self,
                                               guint           batch,
                                               GPtrArray      *command_ids,
                                               GPtrArray      *missing);
void           eo_push_journal_queue_failed   (EoPushJournal  *self,
                                               guint           batch,
                                               const char     *why);
/* Finishes once every line queued before is on disk. */
void           eo_push_journal_flush_async    (EoPushJournal       *self,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       eo_push_journal_flush_finish   (EoPushJournal       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

guint          eo_push_journal_get_n_batches  (EoPushJournal  *self);
EoPushBatchState eo_push_journal_batch_state  (EoPushJournal  *self,
                                               guint           batch);
/* When batch @batch was recorded (Unix time). */
gint64         eo_push_journal_batch_time     (EoPushJournal  *self,
                                               guint           batch);
/* The entries batch @batch names (EoPushEntry, borrowed). */
GPtrArray     *eo_push_journal_batch_entries  (EoPushJournal  *self,
                                               guint           batch);
/* Whether an entry of batch @batch, whose latest batch it is, passes
 * @test (a hundred entries: no walk over the journal). */
typedef gboolean (*EoPushEntryTest) (const EoPushEntry *entry);
gboolean       eo_push_journal_batch_any      (EoPushJournal   *self,
                                               guint            batch,
                                               EoPushEntryTest  test);
/* The command IDs of a sent batch (char *, borrowed), or NULL. */
GPtrArray     *eo_push_journal_batch_commands (EoPushJournal  *self,
                                               guint           batch);
/* The batch whose answer named @command_id (0: none). */
guint          eo_push_journal_command_batch  (EoPushJournal  *self,
                                               const char     *command_id);

G_END_DECLS
