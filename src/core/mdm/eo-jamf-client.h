/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "eo-mdm-connector.h"

G_BEGIN_DECLS

/* Jamf's guidance and the rules (docs/jamf-pro.md). */
#define EO_JAMF_MAX_IN_FLIGHT      5
#define EO_JAMF_MAX_PUSH_BATCH     100
#define EO_JAMF_MAX_READ_BATCH     100
#define EO_JAMF_DEFAULT_PAGE_SIZE  2000
/* A Retry-After longer than this is not waited for (EO_ERROR_THROTTLED). */
#define EO_JAMF_MAX_RETRY_AFTER_S  120

/* The privileges each call needs, as Jamf Pro's role editor names them. */
#define EO_JAMF_PRIVILEGE_READ_DEVICES  "Read Mobile Devices"
#define EO_JAMF_PRIVILEGE_SEND_REFRESH  "Send Mobile Device Refresh Cellular Plans Command"
#define EO_JAMF_PRIVILEGE_VIEW_COMMANDS "View MDM command information"

/**
 * EoJamfClient:
 * The Jamf Pro API over libsoup, as an EoMdmConnector: OAuth client
 * credentials (a token fetched before it expires and once after a 401,
 * never stored nor logged), at most EO_JAMF_MAX_IN_FLIGHT requests at
 * once, 429 Retry-After honoured, answers bounded and checked before
 * json-glib reads them. Errors are EO_ERROR with a sentence naming what to
 * fix: EO_ERROR_KEY_REFUSED (wrong client ID or secret; a missing
 * privilege, named), EO_ERROR_BAD_ANSWER (not a Jamf Pro server),
 * EO_ERROR_TLS, EO_ERROR_NETWORK, EO_ERROR_TIMEOUT, EO_ERROR_THROTTLED,
 * EO_ERROR_SERVER, EO_ERROR_OUTCOME_UNKNOWN (a push that may have been
 * done). The secret never appears in one.
 */
#define EO_TYPE_JAMF_CLIENT (eo_jamf_client_get_type ())
G_DECLARE_FINAL_TYPE (EoJamfClient, eo_jamf_client, EO, JAMF_CLIENT, GObject)

/* https://, or http:// for a loopback host only; else NULL with
 * EO_ERROR_INVALID_SERVER. */
EoJamfClient *eo_jamf_client_new                (const char          *jamf_url,
                                                 GError             **error);
const char   *eo_jamf_client_get_url            (EoJamfClient        *self);
/* The secret is kept in memory only (wiped when replaced or freed). */
void          eo_jamf_client_set_credentials    (EoJamfClient        *self,
                                                 const char          *client_id,
                                                 const char          *client_secret);
const char   *eo_jamf_client_get_client_id      (EoJamfClient        *self);
void          eo_jamf_client_set_tls_database   (EoJamfClient        *self,
                                                 GTlsDatabase        *database);
/* Devices per page of the inventory (1 to EO_JAMF_DEFAULT_PAGE_SIZE). */
void          eo_jamf_client_set_page_size      (EoJamfClient        *self,
                                                 guint                page_size);
/* HTTP requests sent so far (tokens included), and tokens asked for. */
guint         eo_jamf_client_get_n_requests     (EoJamfClient        *self);
guint         eo_jamf_client_get_n_token_requests (EoJamfClient      *self);
/* Most requests that were in flight at once. */
guint         eo_jamf_client_get_max_in_flight  (EoJamfClient        *self);

/* A token and one device read: TRUE, or the error an admin can act on. */
void          eo_jamf_client_test_connection_async  (EoJamfClient        *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean      eo_jamf_client_test_connection_finish (EoJamfClient        *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS
