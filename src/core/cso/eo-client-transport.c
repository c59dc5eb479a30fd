/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-client-private.h"
#include "eo-error.h"

/* One HTTP attempt of a call (send, read the body, the deadline), and the
 * retries of status reads (backoff, Retry-After). */

#define READ_CHUNK_BYTES (64 * 1024)

static void
cancel_other_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* An answer over EO_CLIENT_MAX_BODY_BYTES: only a 4xx proves that an
 * upload was refused. */
static GError *
new_too_large_error (Request *req)
{
  if (req->operation == OPERATION_UPLOAD &&
      !SOUP_STATUS_IS_CLIENT_ERROR (soup_message_get_status (req->msg)))
    return _eo_client_new_outcome_unknown_error (N_("the answer is too large"));
  return _eo_client_new_bad_answer_error (N_("the answer is too large"));
}

/* The request's copy of the key, wiped once the attempt is over (libsoup
 * frees header values without clearing them). */
static void
wipe_key_header (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "X-API-Key");

  if (value != NULL)
    explicit_bzero ((char *) value, strlen (value));
}

void
_eo_client_request_end_attempt (Request *req)
{
  if (req->attempt_link_id != 0)
    {
      g_cancellable_disconnect (req->cancellable, req->attempt_link_id);
      req->attempt_link_id = 0;
    }
  if (req->deadline != NULL)
    {
      g_source_destroy (req->deadline);
      g_clear_pointer (&req->deadline, g_source_unref);
    }
  if (req->msg != NULL)
    {
      g_signal_handlers_disconnect_by_data (req->msg, req);
      wipe_key_header (req->msg);
    }
  g_clear_object (&req->stream);
  g_clear_object (&req->attempt_cancellable);
}

void
_eo_client_request_free (Request *req)
{
  _eo_client_request_end_attempt (req);
  _eo_client_request_clear_parsed (req);
  if (req->wait_source != NULL)
    {
      g_source_destroy (req->wait_source);
      g_clear_pointer (&req->wait_source, g_source_unref);
    }
  if (req->caller_cancel_id != 0)
    g_cancellable_disconnect (req->caller_cancellable, req->caller_cancel_id);
  g_clear_object (&req->caller_cancellable);
  g_clear_object (&req->cancellable);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->body, g_byte_array_unref);
  g_clear_pointer (&req->reader, eo_status_stream_free);
  g_clear_pointer (&req->seen, g_hash_table_unref);
  g_clear_pointer (&req->csv, g_bytes_unref);
  g_free (req->filename);
  g_free (req->request_id);
  g_free (req->url);
  g_free (req);
}

/* Printable, valid UTF-8, one line, bounded, and never @api_key.
 * Thread-safe. */
/* Retry-After in milliseconds (delta-seconds or HTTP date), or -1. */
gint64
_eo_client_parse_retry_after (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;
  GTimeSpan diff;

  if (value == NULL)
    return -1;
  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      g_autofree char *digits = g_strchomp (g_strdup (value));

      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXUINT32, &seconds, NULL))
        return -1;
      return (gint64)seconds * 1000;
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  diff = g_date_time_difference (date, now);
  if (diff <= 0)
    return 0;
  /* Round up so the retry never comes before the announced time. */
  return (diff + 999) / 1000;
}

/* Full jitter: uniform in [0, min(cap, base * 2^(attempt-1))]. */
static guint
backoff_delay_ms (EoClient *self,
                  guint     attempt)
{
  guint64 ceiling = self->backoff_base_ms;

  for (guint i = 1; i < attempt && ceiling < self->backoff_max_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, self->backoff_max_ms);
  if (ceiling == 0)
    return 0;
  return (guint)g_random_int_range (0, (gint32)MIN (ceiling, G_MAXINT32 - 1) + 1);
}

void
_eo_client_return_error (GTask  *task,
                         GError *error)
{
  Request *req = g_task_get_task_data (task);

  g_object_set_data (G_OBJECT (task), EO_CLIENT_ATTEMPTS_KEY, GUINT_TO_POINTER (req->n_attempts));
  g_task_return_error (task, error);
}

static gboolean
wait_done_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  g_clear_pointer (&req->wait_source, g_source_unref);

  if (g_cancellable_is_cancelled (req->cancellable))
    _eo_client_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("Operation was cancelled")));
  else
    _eo_client_start_attempt (g_object_ref (task));

  return G_SOURCE_REMOVE;
}

/* Takes @task and @error. Retries when allowed, else returns @error. */
void
_eo_client_fail_or_retry (GTask    *task,
                          GError   *error,
                          gboolean  retryable,
                          gint64    retry_after_ms)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  guint delay_ms;

  _eo_client_request_end_attempt (req);

  if (!retryable
      || req->operation != OPERATION_STATUS
      || req->n_attempts >= req->max_attempts)
    {
      _eo_client_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (retry_after_ms > (gint64)self->max_retry_after_s * 1000)
    {
      g_debug ("Retry-After of %" G_GINT64_FORMAT " ms is too long, giving up", retry_after_ms);
      g_error_free (error);
      _eo_client_return_error (task, _eo_client_new_throttled_error (retry_after_ms));
      g_object_unref (task);
      return;
    }

  if (retry_after_ms >= 0)
    delay_ms = (guint)retry_after_ms;
  else
    delay_ms = backoff_delay_ms (self, req->n_attempts);

  g_debug ("Attempt %u of %u failed (%s); retrying in %u ms",
           req->n_attempts, req->max_attempts, error->message, delay_ms);
  g_error_free (error);

  req->wait_source = g_cancellable_source_new (req->cancellable);
  g_source_set_ready_time (req->wait_source, g_get_monotonic_time () + (gint64)delay_ms * 1000);
  g_source_set_callback (req->wait_source, G_SOURCE_FUNC (wait_done_cb), task, g_object_unref);
  g_source_set_static_name (req->wait_source, "[eo-client] retry wait");
  g_source_attach (req->wait_source, g_task_get_context (task));
}

/* A transport failure: no complete HTTP answer. */
static void
attempt_failed (GTask  *task,
                GError *error)
{
  Request *req = g_task_get_task_data (task);
  gboolean retryable;
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !req->timed_out)
    {
      /* The caller cancelled: pass it through as is. */
      _eo_client_fail_or_retry (task, error, FALSE, -1);
      return;
    }

  mapped = _eo_client_new_transport_error (req, error, &retryable);
  g_error_free (error);
  _eo_client_fail_or_retry (task, mapped, retryable, -1);
}

static void read_next (GTask *task);

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL)
    {
      attempt_failed (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      if (req->reader != NULL)
        {
          /* The text without its rows: enough to judge the answer and
           * to quote an error from it. */
          req->read_check = eo_status_stream_get_check (req->reader);
          g_clear_pointer (&req->seen, g_hash_table_unref);
          g_clear_pointer (&req->body, g_byte_array_unref);
          req->body = g_byte_array_ref (eo_status_stream_get_rest (req->reader));
        }
      _eo_client_attempt_answered (g_steal_pointer (&task));
      return;
    }

  if (req->received + g_bytes_get_size (bytes) > EO_CLIENT_MAX_BODY_BYTES)
    {
      _eo_client_fail_or_retry (g_steal_pointer (&task), new_too_large_error (req), FALSE, -1);
      return;
    }

  req->received += g_bytes_get_size (bytes);
  if (req->reader != NULL)
    eo_status_stream_feed (req->reader, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  else
    g_byte_array_append (req->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  Request *req = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (req->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   req->attempt_cancellable, read_cb, task);
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  req->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (req->stream == NULL)
    {
      attempt_failed (g_steal_pointer (&task), g_steal_pointer (&error));
      return;
    }

  headers = soup_message_get_response_headers (req->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) > EO_CLIENT_MAX_BODY_BYTES)
    {
      _eo_client_fail_or_retry (g_steal_pointer (&task), new_too_large_error (req), FALSE, -1);
      return;
    }

  g_clear_pointer (&req->body, g_byte_array_unref);
  g_clear_pointer (&req->reader, eo_status_stream_free);
  g_clear_pointer (&req->seen, g_hash_table_unref);
  req->received = 0;
  req->read_check = EO_JSON_CHECK_OK;
  /* A status answer for 100,000 devices is about 17 MB: read as it comes
   * instead of held whole. Other answers are kept for their error text. */
  if (req->operation == OPERATION_STATUS && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (req->msg)))
    {
      req->reader = eo_status_stream_new (_eo_client_clean_config, task);
      req->body = g_byte_array_new ();
    }
  /* Sized from the announced length when there is one (bounded above):
   * a 15 MB answer then needs no copies while it grows. */
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    req->body = g_byte_array_sized_new ((guint) MIN (soup_message_headers_get_content_length (headers),
                                                     (goffset) EO_CLIENT_MAX_BODY_BYTES) + 1);
  else
    req->body = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

static gboolean
deadline_cb (gpointer user_data)
{
  Request *req = user_data;

  req->timed_out = TRUE;
  g_clear_pointer (&req->deadline, g_source_unref);
  if (req->attempt_cancellable != NULL)
    g_cancellable_cancel (req->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
wrote_headers_cb (SoupMessage *msg,
                  gpointer     user_data)
{
  Request *req = user_data;

  req->request_sent = TRUE;
}

/* Adds @bytes (taken) to the memory stream @stream. */
static void
add_bytes (GInputStream *stream,
           GBytes       *bytes)
{
  g_memory_input_stream_add_bytes (G_MEMORY_INPUT_STREAM (stream), bytes);
  g_bytes_unref (bytes);
}

GInputStream *
_eo_client_new_upload_body (GBytes      *csv,
                            const char  *filename,
                            const char  *customer_id,
                            char       **content_type,
                            goffset     *length)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GString) tail = g_string_new (NULL);
  g_autofree char *boundary = NULL;
  GInputStream *stream;
  gsize csv_len;
  const char *csv_data = g_bytes_get_data (csv, &csv_len);

  g_return_val_if_fail (filename != NULL && customer_id != NULL, NULL);

  /* A random boundary that none of the three texts holds (a list could
   * hold any line, in the names; a list's text has no NUL byte). */
  do
    {
      g_free (boundary);
      boundary = g_strdup_printf ("eo-%08x%08x%08x%08x", g_random_int (), g_random_int (),
                                  g_random_int (), g_random_int ());
    }
  while ((csv_data != NULL && g_strstr_len (csv_data, (gssize) csv_len, boundary) != NULL) ||
         strstr (filename, boundary) != NULL || strstr (customer_id, boundary) != NULL);

  g_string_append_printf (head, "--%s\r\nContent-Disposition: form-data; ", boundary);
  soup_header_g_string_append_param_quoted (head, "name", "eidFile");
  g_string_append (head, "; ");
  soup_header_g_string_append_param_quoted (head, "filename", filename);
  g_string_append (head, "\r\nContent-Type: text/csv\r\n\r\n");

  g_string_append_printf (tail, "\r\n--%s\r\nContent-Disposition: form-data; ", boundary);
  soup_header_g_string_append_param_quoted (tail, "name", "customer_id");
  g_string_append_printf (tail, "\r\n\r\n%s\r\n--%s--\r\n", customer_id, boundary);

  *length = (goffset) (head->len + csv_len + tail->len);
  *content_type = g_strdup_printf ("%s; boundary=%s", SOUP_FORM_MIME_TYPE_MULTIPART, boundary);

  stream = g_memory_input_stream_new ();
  add_bytes (stream, g_string_free_to_bytes (g_steal_pointer (&head)));
  add_bytes (stream, g_bytes_ref (csv));
  add_bytes (stream, g_string_free_to_bytes (g_steal_pointer (&tail)));
  return stream;
}

static SoupMessage *
build_message (EoClient *self,
               Request  *req)
{
  SoupMessage *msg;

  if (req->operation == OPERATION_UPLOAD)
    {
      g_autoptr(GInputStream) body = NULL;
      g_autofree char *content_type = NULL;
      goffset length = 0;

      msg = soup_message_new (SOUP_METHOD_POST, req->url);
      if (msg == NULL)
        return NULL;
      body = _eo_client_new_upload_body (req->csv, req->filename, self->customer_id,
                                         &content_type, &length);
      soup_message_set_request_body (msg, content_type, body, (gssize) length);
    }
  else
    msg = soup_message_new (SOUP_METHOD_GET, req->url);

  if (msg == NULL)
    return NULL;

  /* A fresh connection for every attempt. For the POST, a stale kept-alive
   * connection failing would leave its outcome unknown for nothing. For a
   * GET, libsoup silently sends it again when a reused connection drops:
   * this way one attempt is exactly one HTTP request, and our own retry
   * policy (backoff, attempt limit) is the only one. Polls are seconds
   * apart, so the cost of a handshake per read is small. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);

  /* Never follow redirects: X-API-Key would go along to any host. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", self->api_key);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");

  return msg;
}

/* Takes @task. */
void
_eo_client_start_attempt (GTask *task)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (req->cancellable))
    {
      _eo_client_return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("Operation was cancelled")));
      g_object_unref (task);
      return;
    }

  _eo_client_request_clear_parsed (req);
  g_clear_object (&req->msg);
  req->msg = build_message (self, req);
  if (req->msg == NULL)
    {
      _eo_client_return_error (task, eo_error_new_message (EO_ERROR_INVALID_SERVER,
                                                           eo_message_new ("invalid-server", "server",
                                                                           self->server_url, NULL)));
      g_object_unref (task);
      return;
    }
  g_signal_connect (req->msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), req);

  req->timed_out = FALSE;
  req->request_sent = FALSE;
  req->timeout_s = self->request_timeout_s;
  req->attempt_cancellable = g_cancellable_new ();
  req->attempt_link_id = g_cancellable_connect (req->cancellable, G_CALLBACK (cancel_other_cb),
                                                g_object_ref (req->attempt_cancellable),
                                                g_object_unref);

  req->deadline = g_timeout_source_new ((guint)MIN ((guint64)req->timeout_s * 1000, G_MAXUINT));
  g_source_set_callback (req->deadline, deadline_cb, req, NULL);
  g_source_set_static_name (req->deadline, "[eo-client] request deadline");
  g_source_attach (req->deadline, g_task_get_context (task));

  req->n_attempts++;
  self->n_requests++;

  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                           req->attempt_cancellable, send_cb, task);
}

GTask *
_eo_client_new_call (EoClient            *self,
                     Operation            operation,
                     GCancellable        *cancellable,
                     gpointer             source_tag,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, source_tag);
  req->operation = operation;
  req->max_attempts = operation == OPERATION_STATUS ? self->max_attempts : 1;
  req->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      req->caller_cancellable = g_object_ref (cancellable);
      req->caller_cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancel_other_cb),
                                                     g_object_ref (req->cancellable),
                                                     g_object_unref);
    }
  g_task_set_task_data (task, req, (GDestroyNotify) _eo_client_request_free);

  return task;
}

