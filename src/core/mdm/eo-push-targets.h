/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-push-journal.h"
#include "eo-upload-record.h"

G_BEGIN_DECLS

/* The extra column a Jamf import gives each device (docs/jamf-pro.md). */
#define EO_PUSH_MANAGEMENT_ID_COLUMN "Jamf Management ID"

/* Which phones an upload's SM-DP+ address goes to: its succeeded devices,
 * by the management ID a Jamf import kept, or else found by EID in the
 * MDM's inventory. Shared by the CLI's “jamf push” and the app. */

/* The record's management ID column, or -1. */
int         eo_push_targets_management_column (EoUploadRecord *record);
/* Whether a succeeded device has no management ID: the inventory must be
 * read to find it. */
gboolean    eo_push_targets_need_inventory    (EoUploadRecord *record);
/* EID -> management ID of the @devices (EoMdmDevice) that have both. */
GHashTable *eo_push_targets_index_by_eid      (GPtrArray      *devices);
/* Adds the succeeded devices of @record to @journal, by management ID
 * or through @by_eid (NULL when not needed); those found in neither go
 * to @unmatched (EoDevice, referenced). Returns how many were added. */
guint       eo_push_targets_add               (EoUploadRecord *record,
                                               GHashTable     *by_eid,
                                               EoPushJournal  *journal,
                                               GPtrArray      *unmatched);

/* The same for the app's main loop: the record's devices walked in slices
 * of a few milliseconds (the journal's entries added as they go), the
 * index built on a worker thread (@devices must not change meanwhile). */
void        eo_push_targets_need_inventory_async  (EoUploadRecord      *record,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean    eo_push_targets_need_inventory_finish (EoUploadRecord      *record,
                                                   GAsyncResult        *result,
                                                   gboolean            *need,
                                                   GError             **error);
void        eo_push_targets_add_async             (EoUploadRecord      *record,
                                                   GHashTable          *by_eid,
                                                   EoPushJournal       *journal,
                                                   GPtrArray           *unmatched,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean    eo_push_targets_add_finish            (EoUploadRecord      *record,
                                                   GAsyncResult        *result,
                                                   guint               *n_added,
                                                   GError             **error);
void        eo_push_targets_index_by_eid_async    (GPtrArray           *devices,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GHashTable *eo_push_targets_index_by_eid_finish   (GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
