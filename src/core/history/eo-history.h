/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-upload-record.h"

G_BEGIN_DECLS

/* Larger files in the store are skipped as corrupt. */
#define EO_HISTORY_MAX_FILE_BYTES (256u * 1024u * 1024u)

/**
 * EoHistory:
 * The uploads made from this account on this computer, one JSON file per
 * upload named "<local id>.json" in $XDG_DATA_HOME/esim-onboard/uploads/
 * (directory 0700, files 0600). Every write replaces the file atomically
 * and durably (temporary file, fsync, rename, fsync of the directory): a
 * crash or kill at any instant leaves the previous or the new version.
 *
 * Usage for an upload: eo_upload_record_new() (state SENDING),
 * eo_history_save() BEFORE the POST, then eo_upload_record_set_accepted()
 * / _set_refused() / _set_outcome_unknown() and save again; while polling,
 * save after each answer (or call eo_history_queue_save() from the
 * record's "changed" signal: saves are coalesced in an idle).
 */
#define EO_TYPE_HISTORY (eo_history_get_type ())
G_DECLARE_FINAL_TYPE (EoHistory, eo_history, EO, HISTORY, GObject)

/* $XDG_DATA_HOME/esim-onboard/uploads */
char               *eo_history_dup_default_dir    (void);
/* @dir: NULL for the default directory. Nothing is read before load. */
EoHistory          *eo_history_new                (const char          *dir);
const char         *eo_history_get_dir            (EoHistory           *self);
/* Path of the record's file (it may not exist yet). */
char               *eo_history_dup_path           (EoHistory           *self,
                                                   EoUploadRecord      *record);

/* Reads every "*.json" file of the directory and replaces the model's
 * contents. Corrupt, truncated or foreign files are skipped with a
 * g_warning naming the file (see get_n_skipped). A missing directory is an
 * empty history. A record left in SENDING by a process that is gone
 * becomes OUTCOME_UNKNOWN (and is saved so). Temporary files left by a
 * killed write ("<id>.json.XXXXXX") are ignored, and deleted when older
 * than an hour. Fails (EO_ERROR_STORE) only
 * when the directory exists but cannot be listed. */
gboolean            eo_history_load               (EoHistory           *self,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
/* The same, reading and parsing in a worker thread; the model is updated
 * in the caller's main context before @callback runs. */
void                eo_history_load_async         (EoHistory           *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            eo_history_load_finish        (EoHistory           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Files skipped by the last load, and their paths (NULL-terminated). */
guint               eo_history_get_n_skipped      (EoHistory           *self);
const char * const *eo_history_get_skipped_files  (EoHistory           *self);

/* A GListModel of EoUploadRecord, newest (creation time) first. */
GListModel         *eo_history_get_records        (EoHistory           *self);

/* Writes the record's file and adds the record to the model if needed
 * (replacing another object with the same local id). */
gboolean            eo_history_save               (EoHistory           *self,
                                                   EoUploadRecord      *record,
                                                   GError             **error);
/* Makes the history folder if needed: a quick check that saves can work
 * before anything is started. */
gboolean            eo_history_ensure_dir         (EoHistory           *self,
                                                   GError             **error);
/* eo_history_save() on a worker thread: the snapshot is taken now (on
 * this thread), the durable write happens there. A later save of the
 * same record always wins over an earlier one that ends after it. */
void                eo_history_save_async         (EoHistory           *self,
                                                   EoUploadRecord      *record,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean            eo_history_save_finish        (EoHistory           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Saves @record soon: the thread-default main context takes a snapshot
 * (only devices changed since the last one are serialized again) and a
 * worker thread writes it. Calls in between make one write, and writes
 * of queued saves come at most about once a second (or twice as far apart
 * as the last one took). A failure is logged with g_warning.
 * eo_history_flush() writes what is queued or being written, now. */
void                eo_history_queue_save         (EoHistory           *self,
                                                   EoUploadRecord      *record);
/* Records queued or being written by a worker (0 when all is on disk). */
guint               eo_history_get_n_queued       (EoHistory           *self);
gboolean            eo_history_flush              (EoHistory           *self,
                                                   GError             **error);
/* Deletes the record's file (a missing file is fine) and drops it from
 * the model. */
gboolean            eo_history_remove             (EoHistory           *self,
                                                   EoUploadRecord      *record,
                                                   GError             **error);

/* Exact local id or request id; NULL when none. (transfer none) */
EoUploadRecord     *eo_history_lookup             (EoHistory           *self,
                                                   const char          *id);
EoUploadRecord     *eo_history_lookup_local_id    (EoHistory           *self,
                                                   const char          *local_id);
EoUploadRecord     *eo_history_lookup_request_id  (EoHistory           *self,
                                                   const char          *request_id);
/* Like lookup, but also accepts a unique prefix (at least 4 characters)
 * of a local id or request id. NULL with EO_ERROR_STORE when nothing or
 * several records match. (transfer none) */
EoUploadRecord     *eo_history_find               (EoHistory           *self,
                                                   const char          *id,
                                                   GError             **error);
/* Records still in flight, newest first: ACCEPTED ones (resume polling)
 * and SENDING ones whose sending process still runs (another instance is
 * busy with them). (transfer container) */
GPtrArray          *eo_history_get_unfinished     (EoHistory           *self);

/* A device of an upload in the history. */
typedef struct
{
  EoUploadRecord *record;    /* (owned) */
  EoDevice       *device;    /* (owned) */
  gint64          since_us;  /* when the device took its current status */
} EoHistoryMatch;

void                eo_history_match_free         (EoHistoryMatch      *match);
/* Why a row of a new list is left out because of @match: "already-assigned"
 * or "already-pending", with the date and the upload (for
 * eo_upload_record_add_left_out). */
EoMessage          *eo_history_match_new_left_out_reason (const EoHistoryMatch *match);
/* "Already assigned on DATE (upload “NAME”)", for the admin. */
char               *eo_history_match_dup_description (const EoHistoryMatch *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoHistoryMatch, eo_history_match_free)

/* The devices of every upload that match @text, newest upload first: an
 * EID or ICCID (requested or assigned) that contains @text's digits, or
 * a name or an extra column's value (Serial Number, Model…) that contains
 * @text (case and accents aside). One walk over the history.
 * (element-type EoHistoryMatch) */
GPtrArray          *eo_history_find_devices       (EoHistory           *self,
                                                   const char          *text);

/* Which of @eids already have an eSIM or are waiting for one from
 * @server for @customer (NULL: any): the newest upload (other than
 * @except, which may be NULL) where the EID succeeded, or is pending in an
 * upload still being followed. EID (as in @eids) -> EoHistoryMatch; EIDs
 * found nowhere are not in the table. One walk over the history, whatever
 * the number of EIDs. */
GHashTable         *eo_history_find_assigned      (EoHistory           *self,
                                                   const char * const  *eids,
                                                   guint                n_eids,
                                                   const char          *server,
                                                   const char          *customer,
                                                   EoUploadRecord      *except);

/* The two searches above in steps, for the main loop (100,000 devices
 * are more than a frame): made with the history's records of now; each
 * step returns TRUE when the search is done, FALSE when @deadline_us
 * (monotonic) came first. An assigned search keeps @eids' pointers: they
 * must outlive it. Then steal the result (the same as the calls above). */
typedef struct _EoHistorySearch EoHistorySearch;

EoHistorySearch    *eo_history_search_new_text    (EoHistory           *self,
                                                   const char          *text);
EoHistorySearch    *eo_history_search_new_assigned (EoHistory          *self,
                                                   const char * const  *eids,
                                                   guint                n_eids,
                                                   const char          *server,
                                                   const char          *customer,
                                                   EoUploadRecord      *except);
gboolean            eo_history_search_step        (EoHistorySearch     *search,
                                                   gint64               deadline_us);
/* (element-type EoHistoryMatch) (transfer full) */
GPtrArray          *eo_history_search_steal_matches (EoHistorySearch   *search);
/* EID -> EoHistoryMatch (transfer full) */
GHashTable         *eo_history_search_steal_found (EoHistorySearch     *search);
void                eo_history_search_free        (EoHistorySearch     *search);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoHistorySearch, eo_history_search_free)

/* Following marks (eo-history-following.c): while this process follows
 * @record, a file in the history folder says so with its PID. */
void                eo_history_set_following      (EoHistory           *self,
                                                   EoUploadRecord      *record,
                                                   gboolean             following);
/* The PID of another live process following @record, else 0; then
 * *@interrupted (may be NULL) tells whether a mark was left by a process
 * that is gone (or by this one before). */
gint64              eo_history_get_follower       (EoHistory           *self,
                                                   EoUploadRecord      *record,
                                                   gboolean            *interrupted);
/* "Another eSIM Onboard follows this upload…": why it cannot be given up. */
const char         *eo_history_get_followed_text  (void);

G_END_DECLS
