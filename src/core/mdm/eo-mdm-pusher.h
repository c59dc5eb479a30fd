/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-mdm-connector.h"
#include "eo-push-journal.h"

G_BEGIN_DECLS

/* The environment variable of the crash test: set to 1, the process kills
 * itself (SIGKILL) right after a batch is recorded, before it is sent.
 * Honoured in that one place only. */
#define EO_TEST_JAMF_DIE_AFTER_JOURNAL "EO_TEST_JAMF_DIE_AFTER_JOURNAL"

/**
 * EoMdmPusher:
 * Sends the SM-DP+ address to the phones of a push journal: first looks up
 * what batches recorded but never confirmed did (a crash between sending
 * and hearing back), then sends the entries never sent, in batches of the
 * connector's size, at most EO_MDM_PUSHER_MAX_BATCHES at once, each batch
 * recorded before it goes and its command IDs after. With @again, the
 * entries whose phone answered NOT_NOW or ERROR are sent once more; no
 * entry is ever sent twice otherwise.
 *
 * "batch-done" (GPtrArray *entries: EoPushEntry, borrowed) is emitted as
 * the entries of a batch change in memory: sent (waiting), refused (not
 * sent), found by a lookup, or (with @again) their states read back; a
 * hundred at a time, so that a window follows without a walk over them.
 */
#define EO_MDM_PUSHER_MAX_BATCHES 5

#define EO_TYPE_MDM_PUSHER (eo_mdm_pusher_get_type ())
G_DECLARE_FINAL_TYPE (EoMdmPusher, eo_mdm_pusher, EO, MDM_PUSHER, GObject)

EoMdmPusher *eo_mdm_pusher_new        (EoMdmConnector      *connector,
                                       EoPushJournal       *journal);
void         eo_mdm_pusher_run_async  (EoMdmPusher         *self,
                                       gboolean             again,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* Only the entry of @management_id (NULL: all), for one phone's push. */
void         eo_mdm_pusher_set_only   (EoMdmPusher         *self,
                                       const char          *management_id);
/* @n_sent: entries sent by this run; @n_recovered: entries found sent
 * by an interrupted run. */
gboolean     eo_mdm_pusher_run_finish (EoMdmPusher         *self,
                                       GAsyncResult        *result,
                                       guint               *n_sent,
                                       guint               *n_recovered,
                                       GError             **error);

G_END_DECLS
