/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-mdm-connector.h"
#include "eo-push-session.h"

G_BEGIN_DECLS

/**
 * EoPushManager:
 * The application's pushes to phones (issue 14), like EoJobManager for
 * uploads: one EoPushSession per upload with a push journal, the
 * application's Jamf Pro client (eo_application_jamf_connect_async), and,
 * once the history is loaded, every push an earlier run
 * left unfinished resumed (a batch recorded but not confirmed looked up
 * first: nothing is sent twice).
 *
 * Signals:
 *   "session-added" (EoPushSession *session)
 *   "session-changed" (EoPushSession *session): its phones' states, or
 *                whether it pushes or follows.
 *   "all-final" (EoPushSession *session): every phone pushed answered.
 */
#define EO_TYPE_PUSH_MANAGER (eo_push_manager_get_type ())
G_DECLARE_FINAL_TYPE (EoPushManager, eo_push_manager, EO, PUSH_MANAGER, GObject)

typedef struct _EoApplication EoApplication;

/* @application: its owner (kept weakly). */
EoPushManager  *eo_push_manager_new             (EoApplication       *application);
/* The journals' folder (NULL: the default; tests). */
void            eo_push_manager_set_dir         (EoPushManager       *self,
                                                 const char          *dir);
/* The sessions' follower intervals from now on (tests). */
void            eo_push_manager_set_intervals   (EoPushManager       *self,
                                                 guint                first_ms,
                                                 guint                max_ms,
                                                 guint                inventory_ms);
/* A Jamf Pro server and client ID are set (or the demo's). */
gboolean        eo_push_manager_is_configured   (EoPushManager       *self);
/* The application's Jamf Pro client, with its secret.
 * EO_ERROR_NO_CREDENTIALS when none is set or stored. */
void            eo_push_manager_connect_async   (EoPushManager       *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
EoMdmConnector *eo_push_manager_connect_finish  (EoPushManager       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The session of @record in memory, or NULL. */
EoPushSession  *eo_push_manager_lookup          (EoPushManager       *self,
                                                 EoUploadRecord      *record);
/* The session of @record, its journal read on a worker; with @create a
 * new journal is begun with the upload's SM-DP+ address (checked:
 * https:// and a host). Without, NULL result and no error when nothing
 * was pushed for it. */
void            eo_push_manager_open_async      (EoPushManager       *self,
                                                 EoUploadRecord      *record,
                                                 gboolean             create,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
EoPushSession  *eo_push_manager_open_finish     (EoPushManager       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Follows @session (connecting first; an interrupted push looked up
 * before): for a push opened from the history. */
void            eo_push_manager_follow          (EoPushManager       *self,
                                                 EoPushSession       *session);
/* Reads the journals of the history's uploads (on a worker) and resumes
 * the pushes they hold. Once only; the history must be loaded. */
void            eo_push_manager_resume          (EoPushManager       *self);
/* Stops following (the journals stay for the next run). */
void            eo_push_manager_shutdown        (EoPushManager       *self);

G_END_DECLS
