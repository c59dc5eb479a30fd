/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-client-private.h"
#include "eo-server-address.h"
#include "eo-error.h"

/* EoClient: the object, its settings and the public calls. A call is a
 * GTask with a Request (eo-client-private.h); its HTTP attempts are in
 * eo-client-transport.c, what an answer means in eo-client-answer.c and
 * eo-client-errors.c. */

G_DEFINE_FINAL_TYPE (EoClient, eo_client, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (EoRemoteConfig, eo_remote_config,
                     eo_remote_config_copy, eo_remote_config_free)

/* ---------------------------------------------------------------- helpers */

static gboolean
check_credentials (EoClient *self,
                   GTask    *task)
{
  if (self->customer_id != NULL && *self->customer_id != '\0'
      && self->api_key != NULL && *self->api_key != '\0')
    {
      /* Header values cannot carry control characters or non-ASCII. */
      for (const char *p = self->api_key; *p != '\0'; p++)
        {
          if ((guchar)*p < 0x20 || (guchar)*p >= 0x7f)
            {
              g_task_return_error (task, eo_error_new_message (EO_ERROR_NO_CREDENTIALS,
                                                               eo_message_new ("key-unsendable", NULL)));
              return FALSE;
            }
        }
      return TRUE;
    }

  g_task_return_error (task, eo_error_new_message (EO_ERROR_NO_CREDENTIALS,
                                                   eo_message_new ("no-credentials", NULL)));
  return FALSE;
}

static char *
build_status_url (EoClient   *self,
                  const char *request_id)
{
  g_autofree char *escaped = g_uri_escape_string (request_id, NULL, FALSE);

  return g_strconcat (self->server_url, "/v1/api/rsp/esims/eid-status?request_id=", escaped, NULL);
}

static void
apply_timeouts (EoClient *self)
{
  g_object_set (self->session,
                "timeout", self->request_timeout_s,
                "idle-timeout", self->idle_timeout_s,
                NULL);
}

/* --------------------------------------------------------------- GObject */

static void
eo_client_finalize (GObject *object)
{
  EoClient *self = (EoClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  if (self->api_key != NULL)
    {
      explicit_bzero (self->api_key, strlen (self->api_key));
      g_clear_pointer (&self->api_key, g_free);
    }

  G_OBJECT_CLASS (eo_client_parent_class)->finalize (object);
}

static void
eo_client_class_init (EoClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eo_client_finalize;
}

static void
eo_client_init (EoClient *self)
{
  self->request_timeout_s = EO_CLIENT_DEFAULT_REQUEST_TIMEOUT_S;
  self->idle_timeout_s = EO_CLIENT_DEFAULT_IDLE_TIMEOUT_S;
  self->max_attempts = EO_CLIENT_DEFAULT_MAX_ATTEMPTS;
  self->backoff_base_ms = EO_CLIENT_DEFAULT_BACKOFF_BASE_MS;
  self->backoff_max_ms = EO_CLIENT_DEFAULT_BACKOFF_MAX_MS;
  self->max_retry_after_s = EO_CLIENT_DEFAULT_MAX_RETRY_AFTER_S;

  self->session = soup_session_new_with_options ("user-agent", "esim-onboard/" PACKAGE_VERSION,
                                                 NULL);
  apply_timeouts (self);
}

/* ------------------------------------------------------------ public API */

EoRemoteConfig *
eo_remote_config_copy (const EoRemoteConfig *config)
{
  EoRemoteConfig *copy;

  if (config == NULL)
    return NULL;
  copy = g_new0 (EoRemoteConfig, 1);
  copy->eid = g_strdup (config->eid);
  copy->iccid = g_strdup (config->iccid);
  copy->name = g_strdup (config->name);
  copy->status = g_strdup (config->status);
  copy->reason = g_strdup (config->reason);
  copy->kind = config->kind;
  return copy;
}

gboolean
eo_remote_config_text_holds (GByteArray *text,
                             const char *str)
{
  return text != NULL && str != NULL &&
         (const guint8 *) str >= text->data && (const guint8 *) str < text->data + text->len;
}

void
eo_remote_config_set_string (EoRemoteConfig  *config,
                             char           **field,
                             char            *value)
{
  g_return_if_fail (config != NULL && field != NULL);

  if (*field == value)
    return;
  if (!eo_remote_config_text_holds (config->text, *field))
    g_free (*field);
  *field = value;
}

void
eo_remote_config_free (EoRemoteConfig *config)
{
  if (config == NULL)
    return;
  eo_remote_config_set_string (config, &config->eid, NULL);
  eo_remote_config_set_string (config, &config->iccid, NULL);
  eo_remote_config_set_string (config, &config->name, NULL);
  eo_remote_config_set_string (config, &config->status, NULL);
  eo_remote_config_set_string (config, &config->reason, NULL);
  /* A row read by an EoStatusStream lives in its text too. */
  if (eo_remote_config_text_holds (config->text, (const char *) config))
    {
      g_byte_array_unref (config->text);
      return;
    }
  g_clear_pointer (&config->text, g_byte_array_unref);
  g_free (config);
}

EoDeviceStatus
eo_remote_status_classify (const char *status)
{
  static const char * const failed[] = { "FAILED", "ERROR", "FAILURE", "REJECTED" };
  g_autofree char *trimmed = NULL;

  if (status == NULL)
    return EO_DEVICE_STATUS_PENDING;
  trimmed = g_strstrip (g_strdup (status));
  if (g_ascii_strcasecmp (trimmed, "SUCCESS") == 0)
    return EO_DEVICE_STATUS_SUCCESS;
  for (guint i = 0; i < G_N_ELEMENTS (failed); i++)
    if (g_ascii_strcasecmp (trimmed, failed[i]) == 0)
      return EO_DEVICE_STATUS_FAILED;
  return EO_DEVICE_STATUS_PENDING;
}

EoClient *
eo_client_new (const char  *server_url,
               GError     **error)
{
  g_autofree char *normalized = eo_server_address_normalize (server_url, error);
  EoClient *self;

  if (normalized == NULL)
    return NULL;

  self = g_object_new (EO_TYPE_CLIENT, NULL);
  self->server_url = g_steal_pointer (&normalized);
  return self;
}

const char *
eo_client_get_server_url (EoClient *self)
{
  g_return_val_if_fail (EO_IS_CLIENT (self), NULL);
  return self->server_url;
}

void
eo_client_set_credentials (EoClient   *self,
                           const char *customer_id,
                           const char *api_key)
{
  g_return_if_fail (EO_IS_CLIENT (self));

  g_free (self->customer_id);
  self->customer_id = customer_id != NULL ? g_strstrip (g_strdup (customer_id)) : NULL;
  if (self->api_key != NULL)
    {
      explicit_bzero (self->api_key, strlen (self->api_key));
      g_free (self->api_key);
    }
  self->api_key = api_key != NULL ? g_strstrip (g_strdup (api_key)) : NULL;
}

const char *
eo_client_get_customer_id (EoClient *self)
{
  g_return_val_if_fail (EO_IS_CLIENT (self), NULL);
  return self->customer_id;
}

gboolean
eo_client_has_credentials (EoClient *self)
{
  g_return_val_if_fail (EO_IS_CLIENT (self), FALSE);
  return self->customer_id != NULL && *self->customer_id != '\0'
         && self->api_key != NULL && *self->api_key != '\0';
}

SoupSession *
eo_client_get_session (EoClient *self)
{
  g_return_val_if_fail (EO_IS_CLIENT (self), NULL);
  return self->session;
}

void
eo_client_set_tls_database (EoClient     *self,
                            GTlsDatabase *db)
{
  g_return_if_fail (EO_IS_CLIENT (self));
  g_return_if_fail (db == NULL || G_IS_TLS_DATABASE (db));

  if (db == NULL)
    {
      /* NULL in libsoup means "every certificate fails": use the system's. */
      g_autoptr(GTlsDatabase) system = g_tls_backend_get_default_database (g_tls_backend_get_default ());
      soup_session_set_tls_database (self->session, system);
    }
  else
    soup_session_set_tls_database (self->session, db);
}

void
eo_client_set_timeouts (EoClient *self,
                        guint     request_timeout_s,
                        guint     idle_timeout_s)
{
  g_return_if_fail (EO_IS_CLIENT (self));

  if (request_timeout_s > 0)
    self->request_timeout_s = request_timeout_s;
  if (idle_timeout_s > 0)
    self->idle_timeout_s = idle_timeout_s;
  apply_timeouts (self);
}

void
eo_client_set_retry_policy (EoClient *self,
                            guint     max_attempts,
                            guint     base_delay_ms,
                            guint     max_delay_ms)
{
  g_return_if_fail (EO_IS_CLIENT (self));

  if (max_attempts > 0)
    self->max_attempts = max_attempts;
  if (base_delay_ms > 0)
    self->backoff_base_ms = base_delay_ms;
  if (max_delay_ms > 0)
    self->backoff_max_ms = max_delay_ms;
}

void
eo_client_set_max_retry_after (EoClient *self,
                               guint     max_retry_after_s)
{
  g_return_if_fail (EO_IS_CLIENT (self));
  self->max_retry_after_s = max_retry_after_s;
}

guint
eo_client_get_n_requests (EoClient *self)
{
  g_return_val_if_fail (EO_IS_CLIENT (self), 0);
  return self->n_requests;
}

void
eo_client_assign_eid_async (EoClient            *self,
                            GBytes              *csv,
                            const char          *filename,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  Request *req;

  g_return_if_fail (EO_IS_CLIENT (self));
  g_return_if_fail (csv != NULL);

  task = _eo_client_new_call (self, OPERATION_UPLOAD, cancellable, eo_client_assign_eid_async, callback, user_data);
  if (!check_credentials (self, task))
    return;

  req = g_task_get_task_data (task);
  escaped = g_uri_escape_string (self->customer_id, NULL, FALSE);
  req->url = g_strconcat (self->server_url, "/v1/api/rsp/esims/assign-eid?customer_id=", escaped, NULL);
  req->csv = g_bytes_ref (csv);
  req->filename = g_strdup (filename != NULL && *filename != '\0' ? filename : "devices.csv");

  _eo_client_start_attempt (g_steal_pointer (&task));
}

gboolean
eo_client_assign_eid_finish (EoClient      *self,
                             GAsyncResult  *result,
                             char         **request_id,
                             char         **server_url,
                             GError       **error)
{
  g_auto(GStrv) values = NULL;

  g_return_val_if_fail (EO_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_client_assign_eid_async, FALSE);

  values = g_task_propagate_pointer (G_TASK (result), error);
  if (values == NULL)
    return FALSE;

  if (request_id != NULL)
    *request_id = g_steal_pointer (&values[0]);
  if (server_url != NULL)
    *server_url = g_steal_pointer (&values[1]);
  /* values[0] may now be NULL while values[1] is not: free by hand. */
  g_free (values[0]);
  g_free (values[1]);
  g_free (g_steal_pointer (&values));
  return TRUE;
}

void
eo_client_eid_status_async (EoClient            *self,
                            const char          *request_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  eo_client_eid_status_tracked_async (self, request_id, NULL, NULL, NULL, cancellable, callback, user_data);
}

void
eo_client_eid_status_tracked_async (EoClient            *self,
                                    const char          *request_id,
                                    EoStatusTrackFunc    track,
                                    EoStatusRebuildFunc  rebuild,
                                    gpointer             track_data,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  g_return_if_fail (EO_IS_CLIENT (self));
  g_return_if_fail (request_id != NULL);
  g_return_if_fail ((track == NULL) == (rebuild == NULL));

  task = _eo_client_new_call (self, OPERATION_STATUS, cancellable, eo_client_eid_status_async, callback, user_data);
  if (!check_credentials (self, task))
    return;

  req = g_task_get_task_data (task);
  req->track = track;
  req->rebuild = rebuild;
  req->track_data = track_data;
  req->request_id = g_strstrip (g_strdup (request_id));
  if (*req->request_id == '\0')
    {
      g_task_return_error (task, eo_error_new_message (EO_ERROR_UNKNOWN_REQUEST,
                                                       eo_message_new ("no-request-id", NULL)));
      return;
    }
  req->url = build_status_url (self, req->request_id);

  _eo_client_start_attempt (g_steal_pointer (&task));
}

GPtrArray *
eo_client_eid_status_finish (EoClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (EO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_client_eid_status_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
eo_client_test_connection_async (EoClient            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  g_return_if_fail (EO_IS_CLIENT (self));

  task = _eo_client_new_call (self, OPERATION_TEST, cancellable, eo_client_test_connection_async, callback, user_data);
  if (!check_credentials (self, task))
    return;

  req = g_task_get_task_data (task);
  req->request_id = g_uuid_string_random ();
  req->url = build_status_url (self, req->request_id);

  _eo_client_start_attempt (g_steal_pointer (&task));
}

gboolean
eo_client_test_connection_finish (EoClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (EO_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_client_test_connection_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
