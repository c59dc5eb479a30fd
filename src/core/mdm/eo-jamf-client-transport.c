/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-jamf-client-private.h"
#include "eo-secret-store.h"

/* The request queue (at most EO_JAMF_MAX_IN_FLIGHT at once), the access
 * token (fetched before it expires and once after a 401), one HTTP
 * exchange read with a size bound, its JSON checked and parsed on a worker
 * thread (a page of 2,000 phones is about 40 ms of json-glib: on the main
 * loop, the pages arriving together stalled the window for up to 0.7 s),
 * and what its status means. */

#define READ_CHUNK (64 * 1024)
#define MAX_THROTTLED 5
#define MAX_SERVER_ERRORS 2

static void start_call (GTask *task);

static void
jamf_call_free (gpointer data)
{
  JamfCall *call = data;

  g_free (call->method);
  g_free (call->path);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_free (call->token_used);
  g_clear_object (&call->msg);
  if (call->wait != NULL)
    {
      g_source_destroy (call->wait);
      g_source_unref (call->wait);
    }
  g_free (call);
}

/* Reading one answer, bounded */

typedef struct
{
  GInputStream *stream;
  GByteArray   *data;
  gsize         max;
} ReadState;

static void
read_state_free (gpointer data)
{
  ReadState *state = data;

  g_clear_object (&state->stream);
  g_clear_pointer (&state->data, g_byte_array_unref);
  g_free (state);
}

static GError *
too_large_error (void)
{
  return g_error_new_literal (EO_ERROR, EO_ERROR_BAD_ANSWER,
                              _("Jamf Pro’s answer is larger than eSIM Onboard accepts."));
}

static void
chunk_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&state->data)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (state->data->len + g_bytes_get_size (chunk) > state->max)
    {
      g_task_return_error (task, too_large_error ());
      return;
    }
  g_byte_array_append (state->data, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (state->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), chunk_read_cb, g_object_ref (task));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadState *state = g_task_get_task_data (task);
  SoupMessage *msg = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  state->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (state->stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (length > 0 && (gsize) length > state->max)
    {
      g_task_return_error (task, too_large_error ());
      return;
    }
  g_input_stream_read_bytes_async (state->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), chunk_read_cb, g_object_ref (task));
}

static void
read_answer_async (EoJamfClient        *self,
                   SoupMessage         *msg,
                   gsize                max,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (msg, cancellable, callback, user_data);
  ReadState *state = g_new0 (ReadState, 1);

  state->data = g_byte_array_new ();
  state->max = max;
  g_task_set_task_data (task, state, read_state_free);
  self->n_requests++;
  soup_session_send_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable, sent_cb, task);
}

static GBytes *
read_answer_finish (GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Errors */

static GError *
transport_error (EoJamfClient *self,
                 SoupMessage  *msg,
                 GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || error->domain == EO_ERROR)
    return g_error_copy (error);
  if (error->domain == G_TLS_ERROR || soup_message_get_tls_peer_certificate_errors (msg) != 0)
    return g_error_new (EO_ERROR, EO_ERROR_TLS,
                        _("The secure connection to Jamf Pro at %s failed: its certificate is not trusted "
                          "or the TLS handshake failed (%s)."), self->url, error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (EO_ERROR, EO_ERROR_TIMEOUT,
                        _("Jamf Pro at %s did not answer in time."), self->url);
  return g_error_new (EO_ERROR, EO_ERROR_NETWORK,
                      _("Jamf Pro at %s cannot be reached: %s"), self->url, error->message);
}

GError *
_eo_jamf_client_not_jamf_error (EoJamfClient *self)
{
  return g_error_new (EO_ERROR, EO_ERROR_BAD_ANSWER,
                      _("%s does not answer like a Jamf Pro server: check the address "
                        "(for Jamf Cloud: https://NAME.jamfcloud.com)."), self->url);
}

/* The wait a 429 asks for, in ms: Retry-After (seconds), else
 * x-ratelimit-reset (a Unix time), else a backoff. */
static gint64
retry_after_ms (SoupMessage *msg,
                guint        n_before)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autofree char *after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  const char *reset = soup_message_headers_get_one (headers, "x-ratelimit-reset");
  guint64 value;

  if (after != NULL && g_ascii_string_to_unsigned (g_strstrip (after), 10, 0, 86400, &value, NULL))
    return (gint64) value * 1000;
  if (reset != NULL && g_ascii_string_to_unsigned (reset, 10, 0, G_MAXINT64, &value, NULL))
    return MAX ((gint64) value - g_get_real_time () / G_USEC_PER_SEC, 0) * 1000;
  return 1000 << MIN (n_before, 5);
}

/* Ending a call */

static void
end_call_full (GTask          *task,
               gpointer        result,
               GDestroyNotify  result_free,
               GError         *error)
{
  EoJamfClient *self = g_task_get_source_object (task);

  self->in_flight--;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, result_free);
  g_object_unref (task);
  while (self->in_flight < EO_JAMF_MAX_IN_FLIGHT && !g_queue_is_empty (&self->queue))
    {
      GTask *next = g_queue_pop_head (&self->queue);

      self->in_flight++;
      self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
      start_call (next);
    }
}

static void
end_call (GTask    *task,
          gpointer  result,
          GError   *error)
{
  end_call_full (task, result, g_object_unref, error);
}

static gboolean
wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  JamfCall *call = g_task_get_task_data (task);

  g_clear_pointer (&call->wait, g_source_unref);
  start_call (task);
  return G_SOURCE_REMOVE;
}

static void
retry_later (GTask  *task,
             gint64  delay_ms)
{
  JamfCall *call = g_task_get_task_data (task);

  call->wait = g_timeout_source_new ((guint) delay_ms);
  g_source_set_callback (call->wait, wait_done_cb, task, NULL);
  g_source_attach (call->wait, g_task_get_context (task));
}

/* An answer parsed on a worker: the body in, the parser (or, for a
 * successful answer of a rows call, the rows) out. */
typedef struct
{
  GBytes         *body;
  EoJamfRowsFunc  rows_func;     /* NULL: keep the parser */
  JsonParser     *parser;
  EoJamfRows     *rows;
  char           *error_text;
} ParseJob;

static void
parse_job_free (gpointer data)
{
  ParseJob *job = data;

  g_clear_pointer (&job->body, g_bytes_unref);
  g_clear_object (&job->parser);
  g_clear_pointer (&job->rows, _eo_jamf_rows_free);
  g_free (job->error_text);
  g_free (job);
}

void
_eo_jamf_rows_free (EoJamfRows *rows)
{
  if (rows == NULL)
    return;
  g_clear_pointer (&rows->rows, g_ptr_array_unref);
  g_free (rows);
}

static void
parse_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ParseJob *job = task_data;
  guint total = 0;
  GPtrArray *rows;

  job->parser = _eo_jamf_parse_json (g_bytes_get_data (job->body, NULL), g_bytes_get_size (job->body));
  g_clear_pointer (&job->body, g_bytes_unref);
  if (job->parser != NULL)
    job->error_text = _eo_jamf_error_text (job->parser);
  if (job->parser != NULL && job->rows_func != NULL)
    {
      /* The tree is freed here too: only the rows go to the main loop. */
      if ((rows = job->rows_func (job->parser, &total)) != NULL)
        {
          job->rows = g_new0 (EoJamfRows, 1);
          job->rows->rows = rows;
          job->rows->total = total;
        }
      g_clear_object (&job->parser);
    }
  g_task_return_boolean (task, TRUE);
}

/* What an answer's status means for the call. */
static void
call_answered (GTask    *task,
               ParseJob *job)
{
  EoJamfClient *self = g_task_get_source_object (task);
  JamfCall *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->msg);
  gboolean readable = job->parser != NULL || job->rows != NULL;
  const char *text = job->error_text;
  gint64 delay;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (job->rows != NULL)
        end_call_full (task, g_steal_pointer (&job->rows), (GDestroyNotify) _eo_jamf_rows_free, NULL);
      else if (job->parser == NULL || call->rows_func != NULL)
        end_call (task, NULL, _eo_jamf_client_not_jamf_error (self));
      else
        end_call (task, g_steal_pointer (&job->parser), NULL);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED && call->n_unauthorized++ == 0)
    {
      /* Once: the token may have expired early. Never a loop. */
      if (g_strcmp0 (self->token, call->token_used) == 0)
        _eo_jamf_client_drop_token (self);
      start_call (task);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    end_call (task, NULL, g_error_new_literal (EO_ERROR, EO_ERROR_KEY_REFUSED,
                                               _("Jamf Pro refused a fresh access token: the API client "
                                                 "may be disabled, or its role removed.")));
  else if (status == SOUP_STATUS_FORBIDDEN)
    end_call (task, NULL, g_error_new (EO_ERROR, EO_ERROR_KEY_REFUSED,
                                       _("The Jamf Pro API client lacks the privilege “%s”: add it to the "
                                         "client’s API role (Settings → API Roles and Clients).%s%s"),
                                       call->privilege, text != NULL ? " " : "", text != NULL ? text : ""));
  else if (status == 429 &&
           (delay = retry_after_ms (call->msg, call->n_throttled)) <= EO_JAMF_MAX_RETRY_AFTER_S * 1000 &&
           call->n_throttled++ < MAX_THROTTLED)
    retry_later (task, delay);
  else if (status == 429)
    end_call (task, NULL, g_error_new (EO_ERROR, EO_ERROR_THROTTLED,
                                       _("Jamf Pro asks to slow down (429): try again in a few minutes.")));
  else if (status >= 500 && call->is_push)
    end_call (task, NULL, g_error_new (EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN,
                                       _("Jamf Pro failed (%u) while taking the commands: some may have been sent."),
                                       status));
  else if (status >= 500 && call->n_server_errors++ < MAX_SERVER_ERRORS)
    retry_later (task, 1000 << call->n_server_errors);
  else if (status >= 500)
    end_call (task, NULL, g_error_new (EO_ERROR, EO_ERROR_SERVER, _("Jamf Pro failed (%u).%s%s"),
                                       status, text != NULL ? " " : "", text != NULL ? text : ""));
  else if (status == SOUP_STATUS_NOT_FOUND || !readable)
    end_call (task, NULL, _eo_jamf_client_not_jamf_error (self));
  else
    end_call (task, NULL, g_error_new (EO_ERROR, call->is_push ? EO_ERROR_FILE_REFUSED : EO_ERROR_BAD_ANSWER,
                                       _("Jamf Pro refused the request (%u).%s%s"),
                                       status, text != NULL ? " " : "", text != NULL ? text : ""));
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  call_answered (user_data, g_task_get_task_data (G_TASK (result)));
}

static void
call_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  EoJamfClient *self = g_task_get_source_object (task);
  JamfCall *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = read_answer_finish (result, &error);

  if (body != NULL)
    {
      g_autoptr(GTask) parse = g_task_new (NULL, NULL, parsed_cb, task);
      ParseJob *job = g_new0 (ParseJob, 1);

      job->body = g_steal_pointer (&body);
      /* Rows only from a successful answer: an error's shape is Jamf's. */
      if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (call->msg)))
        job->rows_func = call->rows_func;
      g_task_set_source_tag (parse, call_read_cb);
      g_task_set_task_data (parse, job, parse_job_free);
      g_task_run_in_thread (parse, parse_thread);
      return;
    }
  /* A push whose request may have gone out: the MDM may have acted. */
  if (call->is_push && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) && error->domain != G_TLS_ERROR &&
      error->domain != G_RESOLVER_ERROR)
    end_call (task, NULL, g_error_new (EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN,
                                       _("The connection to Jamf Pro broke while it took the commands: "
                                         "some may have been sent (%s)."), error->message));
  else
    end_call (task, NULL, transport_error (self, call->msg, error));
}

static void
send_call (GTask *task)
{
  EoJamfClient *self = g_task_get_source_object (task);
  JamfCall *call = g_task_get_task_data (task);
  g_autofree char *uri = g_strconcat (self->url, call->path, NULL);
  g_autofree char *auth = g_strconcat ("Bearer ", self->token, NULL);
  SoupMessageHeaders *headers;

  g_clear_object (&call->msg);
  call->msg = soup_message_new (call->method, uri);
  if (call->msg == NULL)
    {
      end_call (task, NULL, _eo_jamf_client_not_jamf_error (self));
      return;
    }
  headers = soup_message_get_request_headers (call->msg);
  soup_message_headers_replace (headers, "Authorization", auth);
  soup_message_headers_replace (headers, "Accept", "application/json");
  eo_secret_wipe (auth);
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (call->msg, "application/json", call->body);
  g_free (call->token_used);
  call->token_used = g_strdup (self->token);
  read_answer_async (self, call->msg, EO_JAMF_MAX_ANSWER_BYTES, g_task_get_cancellable (task),
                     call_read_cb, task);
}

/* The token */

static void fetch_token (EoJamfClient *self);

static void
release_waiters (EoJamfClient *self,
                 const GError *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->token_waiters)) != NULL)
    {
      if (error != NULL)
        end_call (task, NULL, g_error_copy (error));
      else
        send_call (task);
    }
}

static gboolean
refetch_token_cb (gpointer user_data)
{
  EoJamfClient *self = user_data;

  fetch_token (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* A token of printable ASCII: it goes into a header. */
static gboolean
token_is_valid (const char *token)
{
  gsize len = token != NULL ? strlen (token) : 0;

  if (len == 0 || len > 8192)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (token[i] <= ' ' || token[i] > '~')
      return FALSE;
  return TRUE;
}

static GError *
take_token (EoJamfClient *self,
            GBytes       *body)
{
  g_autoptr(JsonParser) parser = _eo_jamf_parse_json (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  JsonObject *object;
  const char *token;
  gint64 lifetime;
  double margin;

  if (parser == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return _eo_jamf_client_not_jamf_error (self);
  object = json_node_get_object (json_parser_get_root (parser));
  token = json_object_get_string_member_with_default (object, "access_token", NULL);
  lifetime = json_object_get_int_member_with_default (object, "expires_in", 60);
  if (!token_is_valid (token) || lifetime < 1 || lifetime > 7 * 24 * 3600)
    return _eo_jamf_client_not_jamf_error (self);

  _eo_jamf_client_drop_token (self);
  self->token = g_strdup (token);
  /* Renewed shortly before it expires: a fifth of its life, at most 10 s. */
  margin = MIN (lifetime / 5.0, 10.0);
  self->token_renew_us = g_get_monotonic_time () + (gint64) ((lifetime - margin) * G_USEC_PER_SEC);
  return NULL;
}

static void
token_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EoJamfClient) self = user_data;
  g_autoptr(SoupMessage) msg = SOUP_MESSAGE (g_object_ref (source));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = read_answer_finish (result, &error);
  guint status = soup_message_get_status (msg);
  gint64 delay;

  self->fetching_token = FALSE;
  if (body == NULL)
    {
      GError *mapped = transport_error (self, msg, error);

      g_clear_error (&error);
      error = mapped;
    }
  else if (SOUP_STATUS_IS_SUCCESSFUL (status))
    error = take_token (self, body);
  else if (status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_UNAUTHORIZED)
    error = g_error_new_literal (EO_ERROR, EO_ERROR_KEY_REFUSED,
                                 _("Jamf Pro did not accept the API client: check the client ID and the "
                                   "client secret (Settings → API Roles and Clients)."));
  else if (status == 429 && (delay = retry_after_ms (msg, 0)) <= EO_JAMF_MAX_RETRY_AFTER_S * 1000)
    {
      self->fetching_token = TRUE;
      g_timeout_add ((guint) delay, refetch_token_cb, g_object_ref (self));
      return;
    }
  else if (status >= 500)
    error = g_error_new (EO_ERROR, EO_ERROR_SERVER, _("Jamf Pro failed (%u)."), status);
  else
    error = _eo_jamf_client_not_jamf_error (self);
  release_waiters (self, error);
}

static void
fetch_token (EoJamfClient *self)
{
  g_autofree char *uri = g_strconcat (self->url, "/api/oauth/token", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = NULL;
  char *form;

  if (self->client_id == NULL || self->secret == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (EO_ERROR, EO_ERROR_NO_CREDENTIALS,
                                                     _("No Jamf Pro API client is set: give a client ID and its secret."));
      release_waiters (self, error);
      return;
    }
  form = soup_form_encode ("grant_type", "client_credentials", "client_id", self->client_id,
                           "client_secret", self->secret, NULL);
  body = g_bytes_new_with_free_func (form, strlen (form), (GDestroyNotify) eo_secret_free, form);
  soup_message_set_request_body_from_bytes (msg, SOUP_FORM_MIME_TYPE_URLENCODED, body);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  self->fetching_token = TRUE;
  self->n_token_requests++;
  read_answer_async (self, msg, EO_JAMF_MAX_TOKEN_BYTES, NULL, token_read_cb, g_object_ref (self));
}

void
_eo_jamf_client_drop_token (EoJamfClient *self)
{
  g_clear_pointer (&self->token, eo_secret_free);
  self->token_renew_us = 0;
}

/* Calls */

static void
start_call (GTask *task)
{
  EoJamfClient *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      end_call (task, NULL, error);
      return;
    }
  if (self->token != NULL && g_get_monotonic_time () < self->token_renew_us)
    {
      send_call (task);
      return;
    }
  g_queue_push_tail (&self->token_waiters, task);
  if (!self->fetching_token)
    fetch_token (self);
}

static void
queue_call (EoJamfClient        *self,
            JamfCall            *call,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, _eo_jamf_client_call);
  g_task_set_task_data (task, call, jamf_call_free);

  if (self->in_flight >= EO_JAMF_MAX_IN_FLIGHT)
    {
      g_queue_push_tail (&self->queue, task);
      return;
    }
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  start_call (task);
}

void
_eo_jamf_client_call (EoJamfClient        *self,
                      const char          *method,
                      const char          *path,
                      GBytes              *body,
                      const char          *privilege,
                      gboolean             is_push,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  JamfCall *call = g_new0 (JamfCall, 1);

  call->method = g_strdup (method);
  call->path = g_strdup (path);
  call->body = body != NULL ? g_bytes_ref (body) : NULL;
  call->privilege = privilege;
  call->is_push = is_push;
  queue_call (self, call, cancellable, callback, user_data);
}

void
_eo_jamf_client_call_rows (EoJamfClient        *self,
                           const char          *path,
                           const char          *privilege,
                           EoJamfRowsFunc       rows_func,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  JamfCall *call = g_new0 (JamfCall, 1);

  call->method = g_strdup ("GET");
  call->path = g_strdup (path);
  call->privilege = privilege;
  call->rows_func = rows_func;
  queue_call (self, call, cancellable, callback, user_data);
}

EoJamfRows *
_eo_jamf_client_call_rows_finish (EoJamfClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonParser *
_eo_jamf_client_call_finish (EoJamfClient  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
