/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-mdm-connector.h"
#include "eo-phone-states.h"
#include "eo-push-journal.h"
#include "eo-upload-record.h"

G_BEGIN_DECLS

/**
 * EoPushSession:
 * The push of one upload's SM-DP+ address to its phones, in the app: its
 * journal, the pusher's runs and the follower (commands, then the
 * inventory), and the phones' states by EID (EoPhoneStates) for the
 * table. "changed" after each answer that changed a state or when
 * following starts or stops; "all-final" once every phone pushed has
 * answered (again after a Push Again).
 */
#define EO_TYPE_PUSH_SESSION (eo_push_session_get_type ())
G_DECLARE_FINAL_TYPE (EoPushSession, eo_push_session, EO, PUSH_SESSION, GObject)

EoPushSession  *eo_push_session_new            (EoUploadRecord      *record,
                                                EoPushJournal       *journal);
EoUploadRecord *eo_push_session_get_record     (EoPushSession       *self);
EoPushJournal  *eo_push_session_get_journal    (EoPushSession       *self);
EoPhoneStates  *eo_push_session_get_states     (EoPushSession       *self);
/* The MDM to push to and read from (set before pushing or following). */
void            eo_push_session_set_connector  (EoPushSession       *self,
                                                EoMdmConnector      *connector);
EoMdmConnector *eo_push_session_get_connector  (EoPushSession       *self);
/* The follower's intervals (tests): commands, and the inventory. */
void            eo_push_session_set_intervals  (EoPushSession       *self,
                                                guint                first_ms,
                                                guint                max_ms,
                                                guint                inventory_ms);
/* Adds the upload's succeeded devices (eo_push_targets_add), reading the
 * inventory first when some have no management ID; the ones the MDM
 * lacks are kept (get_unmatched) and shown as such. */
void            eo_push_session_add_targets_async  (EoPushSession       *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean        eo_push_session_add_targets_finish (EoPushSession       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* The entry of the device with @eid, or NULL (a walk: for one click). */
EoPushEntry    *eo_push_session_find_entry     (EoPushSession       *self,
                                                const char          *eid);
/* The upload's devices the MDM does not have (EoDevice). */
GPtrArray      *eo_push_session_get_unmatched  (EoPushSession       *self);
/* Phones never sent the address, and those that answered Not Now or
 * Error (what Push Again sends). */
guint           eo_push_session_count_unsent   (EoPushSession       *self);
guint           eo_push_session_count_retryable (EoPushSession      *self);
/* Sends what was never sent (@again: and the NOT_NOW/ERROR ones once
 * more; @only: to that management ID alone, or NULL), then follows. */
void            eo_push_session_push_async     (EoPushSession       *self,
                                                gboolean             again,
                                                const char          *only,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        eo_push_session_push_finish    (EoPushSession       *self,
                                                GAsyncResult        *result,
                                                guint               *n_sent,
                                                GError             **error);
gboolean        eo_push_session_is_pushing     (EoPushSession       *self);
/* Follows the commands sent (and then the inventory) until each phone's
 * eSIM shows; nothing when already following. */
void            eo_push_session_follow         (EoPushSession       *self);
void            eo_push_session_stop           (EoPushSession       *self);
gboolean        eo_push_session_is_following   (EoPushSession       *self);
void            eo_push_session_check_now      (EoPushSession       *self);
/* Why following stopped, or NULL. */
const char     *eo_push_session_get_error      (EoPushSession       *self);

G_END_DECLS
