/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The libsecret schema of a Jamf Pro API client's secret: its own kind of
 * item, found by the attributes "jamf-url" (normalized) and "client-id". */
#define EO_JAMF_SECRET_SCHEMA_NAME "io.github.esimonboard.EsimOnboard.JamfClientSecret"

/* The secret of @client_id at @jamf_url: NULL without error when none is
 * stored; free it with eo_secret_free(). Errors: EO_ERROR_KEYRING_*. */
void      eo_jamf_secret_lookup_async  (const char          *jamf_url,
                                        const char          *client_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *eo_jamf_secret_lookup_finish (GAsyncResult        *result,
                                        GError             **error);
void      eo_jamf_secret_store_async   (const char          *jamf_url,
                                        const char          *client_id,
                                        const char          *secret,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  eo_jamf_secret_store_finish  (GAsyncResult        *result,
                                        GError             **error);
void      eo_jamf_secret_clear_async   (const char          *jamf_url,
                                        const char          *client_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  eo_jamf_secret_clear_finish  (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
