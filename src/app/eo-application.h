/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-account.h"
#include "eo-history.h"
#include "eo-jamf-client.h"
#include "eo-job-manager.h"
#include "eo-push-manager.h"
#include "eo-secret-store.h"

G_BEGIN_DECLS

#define EO_TYPE_APPLICATION (eo_application_get_type ())
G_DECLARE_FINAL_TYPE (EoApplication, eo_application, EO, APPLICATION, AdwApplication)

EoApplication *eo_application_new              (void);
GSettings     *eo_application_get_settings     (EoApplication *self);
/* URL of a CSO simulator given with --demo, or NULL. */
const char    *eo_application_get_demo_server  (EoApplication *self);
/* What --demo sets (tests use it); NULL leaves demo mode for new uploads. */
void           eo_application_set_demo_server  (EoApplication *self,
                                                const char    *url);
/* URL of a Jamf Pro simulator given with --demo-jamf, or NULL; tests set
 * it. Its demo API client is used (EO_DEMO_JAMF_*, the secret kept in
 * memory only: never in the keyring). */
#define EO_DEMO_JAMF_CLIENT_ID "demo-client"
#define EO_DEMO_JAMF_SECRET    "demo-secret"
const char    *eo_application_get_demo_jamf    (EoApplication *self);
void           eo_application_set_demo_jamf    (EoApplication *self,
                                                const char    *url);
/* The Jamf Pro client to use, with its credentials: the --demo-jamf
 * simulator, else the settings jamf-url and jamf-client-id and the secret
 * in the keyring. EO_ERROR_NO_CREDENTIALS (a sentence pointing to
 * Preferences → Jamf Pro) when something is missing; keyring errors;
 * EO_ERROR_INVALID_SERVER. */
void           eo_application_jamf_connect_async  (EoApplication       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
EoJamfClient  *eo_application_jamf_connect_finish (EoApplication       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Shared by all windows: where to upload (GSettings), the keyring, and
 * the upload history (not loaded here). */
EoAccount     *eo_application_get_account      (EoApplication *self);
EoSecretStore *eo_application_get_secret_store (EoApplication *self);
EoHistory     *eo_application_get_history      (EoApplication *self);
/* Loads the history (started by the first window) and follows the
 * uploads an earlier run left unfinished. */
EoJobManager  *eo_application_get_job_manager  (EoApplication *self);
/* The pushes of SM-DP+ addresses to phones (issue 14); resumes those an
 * earlier run left unfinished once the history is loaded. */
EoPushManager *eo_application_get_push_manager (EoApplication *self);
/* Opens (or raises) the preferences, transient for @parent. */
void           eo_application_show_preferences (EoApplication *self,
                                                GtkWindow     *parent);

G_END_DECLS
