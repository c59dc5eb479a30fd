/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-history.h"
#include "eo-upload-record-private.h"

G_BEGIN_DECLS

/* Shared by the files of EoHistory: eo-history.c (the model, queued
 * saves, lookups) and eo-history-files.c (the folder: one file per
 * record, written atomically, read strictly). */

/* A temporary file this old cannot belong to a write in progress. */
#define EO_HISTORY_STALE_TEMP_S (60 * 60)

/* What a load of the folder found (made on a worker thread). */
typedef struct
{
  GPtrArray *records; /* EoUploadRecord */
  GPtrArray *skipped; /* char *, NULL-terminated when done */
} LoadResult;

void        _eo_history_load_result_free    (LoadResult              *result);
/* Newest first. */
int         _eo_history_compare_records     (gconstpointer            a,
                                             gconstpointer            b,
                                             gpointer                 user_data);
char       *_eo_history_path_for_id         (const char              *dir,
                                             const char              *local_id);
gboolean    _eo_history_make_dir            (const char              *dir,
                                             GError                 **error);
gboolean    _eo_history_write_snapshot_file (const char              *dir,
                                             EoUploadRecordSnapshot  *snapshot,
                                             GError                 **error);
/* The position of the record with @local_id in the model. */
gboolean    _eo_history_find_local_id       (EoHistory               *self,
                                             const char              *local_id,
                                             guint                   *position);
/* Reads every record of @dir (any thread). */
LoadResult *_eo_history_load_dir            (const char              *dir,
                                             GCancellable            *cancellable,
                                             GError                 **error);

/* When and in which upload @match was found (eo-history-search.c): the
 * date in local time as @date_format gives it ("?" if unknown), and the
 * upload's file name, or the start of its local ID. Both newly allocated. */
void _eo_history_match_dup_when_where (const EoHistoryMatch *match,
                                       const char           *date_format,
                                       char                **date,
                                       char                **upload);

G_END_DECLS
