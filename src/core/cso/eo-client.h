/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "eo-device.h"

G_BEGIN_DECLS

/* The real service. */
#define EO_CLIENT_DEFAULT_SERVER "https://cso.celona.io"

/* Defaults (see docs/client.md). */
#define EO_CLIENT_DEFAULT_REQUEST_TIMEOUT_S 30
#define EO_CLIENT_DEFAULT_IDLE_TIMEOUT_S    60
#define EO_CLIENT_DEFAULT_MAX_ATTEMPTS      5
#define EO_CLIENT_DEFAULT_BACKOFF_BASE_MS   1000
#define EO_CLIENT_DEFAULT_BACKOFF_MAX_MS    30000
/* A Retry-After longer than this is not waited for: the read fails with
 * EO_ERROR_THROTTLED saying when to try again. */
#define EO_CLIENT_DEFAULT_MAX_RETRY_AFTER_S 120
/* Largest answer body accepted. */
#define EO_CLIENT_MAX_BODY_BYTES (32u * 1024u * 1024u)

/**
 * EoRemoteConfig:
 * One row of an eid-status answer. Strings are NULL when the server left
 * them out. @status is verbatim; @kind is its meaning: "SUCCESS" ->
 * SUCCESS; "FAILED", "ERROR", "FAILURE", "REJECTED" -> FAILED; anything
 * else or missing -> PENDING. @reason comes from the "message", "reason"
 * or "error" field, if any.
 *
 * @text: the answer's text (a GByteArray) when some of the strings point
 *   into it (read in place: eo_status_answer_parse_in_place), or the
 *   block an EoStatusStream put the row and its strings in, else NULL.
 *   Replace a string with eo_remote_config_set_string(), never g_free(),
 *   and free a row only with eo_remote_config_free().
 */
typedef struct
{
  char           *eid;
  char           *iccid;
  char           *name;
  char           *status;
  char           *reason;
  EoDeviceStatus  kind;
  GByteArray     *text;
} EoRemoteConfig;

#define EO_TYPE_REMOTE_CONFIG (eo_remote_config_get_type ())
GType           eo_remote_config_get_type    (void) G_GNUC_CONST;
EoRemoteConfig *eo_remote_config_copy        (const EoRemoteConfig *config);
void            eo_remote_config_free        (EoRemoteConfig       *config);
/* Puts @value (taken) in @field, one of @config's strings, the old one
 * freed unless it is in @config's text. */
void            eo_remote_config_set_string  (EoRemoteConfig       *config,
                                              char                **field,
                                              char                 *value);
/* Whether @str points into @text (a string read in place), not into
 * memory of its own. */
gboolean        eo_remote_config_text_holds  (GByteArray           *text,
                                              const char           *str);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoRemoteConfig, eo_remote_config_free)

/* Meaning of a status string as the server wrote it (NULL -> PENDING). */
EoDeviceStatus  eo_remote_status_classify    (const char           *status);

#define EO_TYPE_CLIENT (eo_client_get_type ())
G_DECLARE_FINAL_TYPE (EoClient, eo_client, EO, CLIENT, GObject)

/* Accepts https:// URLs, and http:// only for a loopback host (127.0.0.0/8,
 * ::1, localhost). Trailing slashes are tolerated. Otherwise returns NULL
 * with EO_ERROR_INVALID_SERVER. */
EoClient    *eo_client_new                  (const char           *server_url,
                                             GError              **error);
/* Base URL without trailing slash, e.g. "https://cso.celona.io". */
const char  *eo_client_get_server_url       (EoClient             *self);

/* The key is kept in memory only and never logged nor put in an error.
 * Calls without credentials fail with EO_ERROR_NO_CREDENTIALS. */
void         eo_client_set_credentials      (EoClient             *self,
                                             const char           *customer_id,
                                             const char           *api_key);
const char  *eo_client_get_customer_id      (EoClient             *self);
gboolean     eo_client_has_credentials      (EoClient             *self);

SoupSession *eo_client_get_session          (EoClient             *self);
/* Trust anchors for TLS (tests use it to trust a self-signed certificate).
 * NULL restores the system database. Verification is never disabled. */
void         eo_client_set_tls_database     (EoClient             *self,
                                             GTlsDatabase         *db);
/* @request_timeout_s: overall deadline of one HTTP exchange (also used as
 * the session's I/O timeout); @idle_timeout_s: idle connection lifetime.
 * 0 keeps the current value. */
void         eo_client_set_timeouts         (EoClient             *self,
                                             guint                 request_timeout_s,
                                             guint                 idle_timeout_s);
/* Retries of status reads (uploads are never retried): up to
 * @max_attempts HTTP requests, full-jitter exponential backoff from
 * @base_delay_ms capped at @max_delay_ms. 0 keeps the current value. */
void         eo_client_set_retry_policy     (EoClient             *self,
                                             guint                 max_attempts,
                                             guint                 base_delay_ms,
                                             guint                 max_delay_ms);
void         eo_client_set_max_retry_after  (EoClient             *self,
                                             guint                 max_retry_after_s);
/* HTTP requests sent so far by this client (all calls, retries included). */
guint        eo_client_get_n_requests       (EoClient             *self);

/* POST {base}/v1/api/rsp/esims/assign-eid. Never retried. */
void         eo_client_assign_eid_async     (EoClient             *self,
                                             GBytes               *csv,
                                             const char           *filename,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean     eo_client_assign_eid_finish    (EoClient             *self,
                                             GAsyncResult         *result,
                                             char                **request_id,
                                             char                **server_url,
                                             GError              **error);

/* GET {base}/v1/api/rsp/esims/eid-status. Retried on 429, 5xx, network
 * errors and timeouts. Returns an array of EoRemoteConfig (owned). */
void         eo_client_eid_status_async     (EoClient             *self,
                                             const char           *request_id,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GPtrArray   *eo_client_eid_status_finish    (EoClient             *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/**
 * EoStatusTrackFunc:
 * For a row of a status answer, as it is read: the device it is about
 * (any non-NULL key; NULL when none is followed), and in *@unchanged
 * whether the row says what that device says already, so that it need
 * not be kept. Called on the client's thread while the answer is read.
 *
 * EoStatusRebuildFunc: that row made again, from the device @key (for a
 * device the answer lists more than once, whose first row was not kept).
 */
typedef gpointer        (*EoStatusTrackFunc)   (const EoRemoteConfig *config,
                                                gboolean             *unchanged,
                                                gpointer              user_data);
typedef EoRemoteConfig *(*EoStatusRebuildFunc) (gpointer              key,
                                                gpointer              user_data);

/* The same read, leaving out the rows that change nothing (at the end of
 * a 100,000-device upload, most of an answer): the rows returned are
 * then what changed, with the same outcome once merged, repeated EIDs
 * included. Rows of a followed device come without the name (the device
 * has its own). @user_data must outlive the call. Finish with
 * eo_client_eid_status_finish(). */
void         eo_client_eid_status_tracked_async (EoClient            *self,
                                                 const char          *request_id,
                                                 EoStatusTrackFunc    track,
                                                 EoStatusRebuildFunc  rebuild,
                                                 gpointer             track_data,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);

/* Checks server and credentials with one status read of a random unknown
 * request id: 404 means the key was accepted. TRUE or an EO_ERROR. */
void         eo_client_test_connection_async  (EoClient           *self,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
gboolean     eo_client_test_connection_finish (EoClient           *self,
                                               GAsyncResult       *result,
                                               GError            **error);

G_END_DECLS
