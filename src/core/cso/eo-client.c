/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-server-address.h"
#include "eo-status-answer.h"
#include "eo-error.h"

/* Longest server text quoted in an error message, in characters. */
#define SERVER_TEXT_MAX_CHARS 300
#define READ_CHUNK_BYTES      (64 * 1024)

typedef enum
{
  OPERATION_UPLOAD,
  OPERATION_STATUS,
  OPERATION_TEST,
} Operation;

/* One call (possibly several HTTP attempts for status reads). */
typedef struct
{
  Operation     operation;
  char         *url;
  char         *request_id;         /* status, test */
  GBytes       *csv;                /* upload */
  char         *filename;           /* upload */

  guint         n_attempts;
  guint         max_attempts;
  guint         timeout_s;

  GCancellable *cancellable;        /* ours, cancelled by the caller's */
  GCancellable *caller_cancellable;
  gulong        caller_cancel_id;

  /* Current attempt */
  SoupMessage  *msg;
  GCancellable *attempt_cancellable;
  gulong        attempt_link_id;
  GSource      *deadline;
  gboolean      timed_out;
  gboolean      request_sent;
  GInputStream *stream;
  GByteArray   *body;

  /* A large answer is parsed on a worker thread before it is judged:
   * its parser and root object, or for a status read what it says. */
  gboolean        parsed;
  JsonParser     *parser;
  JsonObject     *envelope;
  gboolean        status_ok;     /* status: well-formed JSON */
  EoStatusAnswer  status;        /* status: its envelope and devices */

  /* Between attempts */
  GSource      *wait_source;
} Request;

struct _EoClient
{
  GObject      parent_instance;

  char        *server_url;
  char        *customer_id;
  char        *api_key;

  SoupSession *session;
  guint        request_timeout_s;
  guint        idle_timeout_s;
  guint        max_attempts;
  guint        backoff_base_ms;
  guint        backoff_max_ms;
  guint        max_retry_after_s;
  guint        n_requests;
};

G_DEFINE_FINAL_TYPE (EoClient, eo_client, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (EoRemoteConfig, eo_remote_config,
                     eo_remote_config_copy, eo_remote_config_free)

/* Internal contract with EoPoller: the number of HTTP attempts a call
 * made is stored on its GTask under this key. */
#define ATTEMPTS_KEY "eo-client-attempts"

static void start_attempt (GTask *task);

/* ---------------------------------------------------------------- helpers */

static void
request_end_attempt (Request *req)
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
    g_signal_handlers_disconnect_by_data (req->msg, req);
  g_clear_object (&req->stream);
  g_clear_object (&req->attempt_cancellable);
}

static void
request_clear_parsed (Request *req)
{
  req->parsed = FALSE;
  req->envelope = NULL;
  g_clear_object (&req->parser);
  eo_status_answer_clear (&req->status);
  req->status_ok = FALSE;
}

static void
request_free (Request *req)
{
  request_end_attempt (req);
  request_clear_parsed (req);
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
  g_clear_pointer (&req->csv, g_bytes_unref);
  g_free (req->filename);
  g_free (req->request_id);
  g_free (req->url);
  g_free (req);
}

static void
cancel_other_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* Printable, valid UTF-8, one line, bounded, and never @api_key.
 * Thread-safe. */
static char *
sanitize_text (const char *api_key,
               const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n_chars = 0;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isprint (c) || g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (n_chars >= SERVER_TEXT_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (api_key != NULL && *api_key != '\0')
    g_string_replace (out, api_key, "[…]", 0);

  return g_string_free (out, FALSE);
}

static char *
sanitize_server_text (EoClient   *self,
                      const char *text)
{
  return sanitize_text (self->api_key, text);
}

static const char *
json_object_get_string_or_null (JsonObject *object,
                                const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
json_object_get_object_or_null (JsonObject *object,
                                const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

/* Parses the CSO envelope {code, data, error, success}. Returns the root
 * object (owned by *parser_out) or NULL. */
static JsonObject *
parse_envelope (GByteArray  *body,
                JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object;

  if (body == NULL || body->len == 0)
    return NULL;
  if (!json_parser_load_from_data (parser, (const char *)body->data, body->len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  /* The envelope must at least say whether it worked or carry data. */
  if (json_object_has_member (object, "success"))
    {
      JsonNode *node = json_object_get_member (object, "success");
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return NULL;
    }
  else if (!json_object_has_member (object, "data") && !json_object_has_member (object, "error"))
    return NULL;
  if (json_object_has_member (object, "data")
      && !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data"))
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "data")))
    return NULL;

  *parser_out = g_steal_pointer (&parser);
  return object;
}

static gboolean
envelope_success (JsonObject *envelope)
{
  if (!json_object_has_member (envelope, "success"))
    return TRUE;
  return json_object_get_boolean_member (envelope, "success");
}

static gint64
envelope_code (JsonObject *envelope)
{
  JsonNode *node;

  if (!json_object_has_member (envelope, "code"))
    return 0;
  node = json_object_get_member (envelope, "code");
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* Server's error text from a body, sanitized, or NULL. */
static char *
dup_server_error_text (EoClient   *self,
                       GByteArray *body)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *envelope = parse_envelope (body, &parser);
  const char *text = json_object_get_string_or_null (envelope, "error");

  if (text == NULL || *text == '\0')
    text = json_object_get_string_or_null (envelope, "message");
  if (text == NULL || *text == '\0')
    return NULL;
  return sanitize_server_text (self, text);
}

/* Retry-After in milliseconds (delta-seconds or HTTP date), or -1. */
static gint64
parse_retry_after (SoupMessage *msg)
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

static char *
dup_redirect_host (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *location = soup_message_headers_get_one (headers, "Location");
  g_autoptr(GUri) target = NULL;

  if (location == NULL)
    return NULL;
  target = g_uri_parse_relative (soup_message_get_uri (msg), location,
                                 G_URI_FLAGS_NONE, NULL);
  if (target == NULL || g_uri_get_host (target) == NULL)
    return NULL;
  if (g_uri_get_port (target) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (target), g_uri_get_port (target));
  return g_strdup (g_uri_get_host (target));
}

static char *
describe_tls_errors (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return g_strdup (_("it is not signed by a known authority"));
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return g_strdup (_("it was issued for another server name"));
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return g_strdup (_("it has expired"));
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return g_strdup (_("it is not valid yet"));
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return g_strdup (_("it has been revoked"));
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return g_strdup (_("it uses an insecure algorithm"));
  return g_strdup (_("it could not be verified"));
}

static GError *
new_throttled_error (gint64 retry_after_ms)
{
  guint seconds;

  if (retry_after_ms < 0)
    return g_error_new_literal (EO_ERROR, EO_ERROR_THROTTLED,
                                _("The server is receiving too many requests. Try again in a minute."));

  seconds = (guint)MIN ((retry_after_ms + 999) / 1000, G_MAXUINT);
  if (seconds > 120)
    {
      guint minutes = (seconds + 59) / 60;
      return g_error_new (EO_ERROR, EO_ERROR_THROTTLED,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "The server is receiving too many requests. Try again in %u minute.",
                                       "The server is receiving too many requests. Try again in %u minutes.",
                                       minutes),
                          minutes);
    }
  return g_error_new (EO_ERROR, EO_ERROR_THROTTLED,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The server is receiving too many requests. Try again in %u second.",
                                   "The server is receiving too many requests. Try again in %u seconds.",
                                   seconds),
                      seconds);
}

static GError *
new_timeout_error (guint seconds)
{
  return g_error_new (EO_ERROR, EO_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The server did not answer within %u second.",
                                   "The server did not answer within %u seconds.",
                                   seconds),
                      seconds);
}

static GError *
new_outcome_unknown_error (void)
{
  return g_error_new_literal (EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN,
                              _("The upload may have reached the server but no answer came back. "
                                "Check the server before sending it again."));
}

static GError *
new_bad_answer_error (const char *detail)
{
  return g_error_new (EO_ERROR, EO_ERROR_BAD_ANSWER,
                      _("The server’s answer could not be understood (%s). "
                        "Check that the server address points to the CSO."),
                      detail);
}

/* Cleans the devices of a status answer as read: the reason made safe to
 * show (never the key), the EID trimmed, an empty ICCID as none.
 * Thread-safe. */
static void
clean_configs (const char *api_key,
               GPtrArray  *configs)
{
  for (guint i = 0; i < configs->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (configs, i);

      if (config->reason != NULL)
        {
          char *clean = sanitize_text (api_key, config->reason);

          g_free (config->reason);
          config->reason = clean;
        }
      if (config->eid != NULL)
        g_strstrip (config->eid);
      if (config->iccid != NULL && *g_strstrip (config->iccid) == '\0')
        g_clear_pointer (&config->iccid, g_free);
    }
}

/* ------------------------------------------------------- request outcome */

static void
return_error (GTask  *task,
              GError *error)
{
  Request *req = g_task_get_task_data (task);

  g_object_set_data (G_OBJECT (task), ATTEMPTS_KEY, GUINT_TO_POINTER (req->n_attempts));
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
    return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("Operation was cancelled")));
  else
    start_attempt (g_object_ref (task));

  return G_SOURCE_REMOVE;
}

/* Takes @task and @error. Retries when allowed, else returns @error. */
static void
fail_or_retry (GTask  *task,
               GError *error,
               gboolean retryable,
               gint64  retry_after_ms)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  guint delay_ms;

  request_end_attempt (req);

  if (!retryable
      || req->operation != OPERATION_STATUS
      || req->n_attempts >= req->max_attempts)
    {
      return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (retry_after_ms > (gint64)self->max_retry_after_s * 1000)
    {
      g_debug ("Retry-After of %" G_GINT64_FORMAT " ms is too long, giving up", retry_after_ms);
      g_error_free (error);
      return_error (task, new_throttled_error (retry_after_ms));
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
  GTlsCertificateFlags tls_errors = 0;
  GError *mapped = NULL;
  gboolean retryable = FALSE;
  g_autoptr(GUri) uri = g_uri_parse (req->url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : req->url;

  if (req->msg != NULL)
    tls_errors = soup_message_get_tls_peer_certificate_errors (req->msg);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !req->timed_out)
    {
      /* The caller cancelled: pass it through as is. */
      fail_or_retry (task, error, FALSE, -1);
      return;
    }

  g_debug ("Transport error on %s (sent: %d): %s %d: %s", host, req->request_sent,
           g_quark_to_string (error->domain), error->code, error->message);

  if (req->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      mapped = new_timeout_error (req->timeout_s);
      retryable = TRUE;
    }
  else if (tls_errors == 0 && error->domain == G_TLS_ERROR)
    {
      /* Not the certificate: the handshake itself failed (e.g. not TLS). */
      mapped = g_error_new (EO_ERROR, EO_ERROR_TLS,
                            _("A secure connection to %s could not be made (%s). "
                              "Check the server address."),
                            host, error->message);
    }
  else if (tls_errors != 0)
    {
      g_autofree char *why = describe_tls_errors (tls_errors);
      mapped = g_error_new (EO_ERROR, EO_ERROR_TLS,
                            _("The server’s certificate is not trusted: %s. "
                              "The connection to %s was not made."),
                            why, host);
    }
  else if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    {
      mapped = g_error_new (EO_ERROR, EO_ERROR_NETWORK,
                            _("Could not reach the server %s (%s). "
                              "Check the network connection and the server address."),
                            host, error->message);
      retryable = TRUE;
    }
  else
    {
      mapped = new_bad_answer_error (error->message);
      retryable = TRUE;
    }

  /* An upload whose request went out may have been processed. */
  if (req->operation == OPERATION_UPLOAD && req->request_sent
      && mapped->code != EO_ERROR_TLS)
    {
      g_error_free (mapped);
      mapped = new_outcome_unknown_error ();
    }

  g_error_free (error);
  fail_or_retry (task, mapped, retryable, -1);
}

static void
handle_success (GTask      *task,
                JsonObject *envelope)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  JsonObject *data = json_object_get_object_or_null (envelope, "data");

  request_end_attempt (req);
  g_object_set_data (G_OBJECT (task), ATTEMPTS_KEY, GUINT_TO_POINTER (req->n_attempts));

  switch (req->operation)
    {
    case OPERATION_UPLOAD:
      {
        const char *request_id = json_object_get_string_or_null (data, "request_id");
        const char *server_url = json_object_get_string_or_null (data, "server_url");
        char **result;

        if (request_id == NULL || *request_id == '\0')
          {
            g_task_return_error (task, new_bad_answer_error (_("no request ID in the answer")));
            break;
          }
        result = g_new0 (char *, 3);
        result[0] = sanitize_server_text (self, request_id);
        result[1] = (server_url != NULL && *server_url != '\0')
                    ? sanitize_server_text (self, server_url) : NULL;
        g_task_return_pointer (task, result, (GDestroyNotify)g_strfreev);
        /* g_strfreev stops at the first NULL: result[1] may be NULL, which
         * is fine since nothing follows it. */
      }
      break;

    case OPERATION_STATUS:
      if (req->status.configs_not_list)
        g_task_return_error (task, new_bad_answer_error (_("the device list is not a list")));
      else if (!req->status.has_data)
        g_task_return_error (task, new_bad_answer_error (_("no data in the answer")));
      else
        g_task_return_pointer (task, g_steal_pointer (&req->status.configs),
                               (GDestroyNotify)g_ptr_array_unref);
      break;

    case OPERATION_TEST:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }

  g_object_unref (task);
}

/* Answers larger than this are parsed on a worker thread (a status answer
 * for 100,000 devices is about 15 MB: parsing it takes about 0.6 s). */
#define PARSE_IN_THREAD_BYTES (64 * 1024)

typedef struct
{
  GByteArray     *body;
  char           *api_key;
  Operation       operation;
  JsonParser     *parser;
  JsonObject     *envelope;
  gboolean        status_ok;
  EoStatusAnswer  status;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  g_clear_pointer (&job->body, g_byte_array_unref);
  if (job->api_key != NULL)
    explicit_bzero (job->api_key, strlen (job->api_key));
  g_clear_pointer (&job->api_key, g_free);
  g_clear_object (&job->parser);
  eo_status_answer_clear (&job->status);
  g_free (job);
}

/* Status answers are read without a document tree (they may hold
 * 100,000 devices); the other answers are small. Thread-safe. */
static void
parse_body (ParseJob *job)
{
  if (job->operation == OPERATION_STATUS)
    {
      job->status_ok = job->body != NULL &&
                       eo_status_answer_parse ((const char *) job->body->data, job->body->len, &job->status);
      if (job->status_ok)
        clean_configs (job->api_key, job->status.configs);
    }
  else
    job->envelope = parse_envelope (job->body, &job->parser);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  parse_body (task_data);
  g_task_return_boolean (task, TRUE);
}

static void attempt_answered (GTask *task);

static void
take_parsed (Request  *req,
             ParseJob *job)
{
  req->parsed = TRUE;
  req->parser = g_steal_pointer (&job->parser);
  req->envelope = job->envelope;
  req->status_ok = job->status_ok;
  eo_status_answer_clear (&req->status);
  req->status = job->status;
  job->status.configs = NULL;
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;

  take_parsed (g_task_get_task_data (task), g_task_get_task_data (G_TASK (result)));
  attempt_answered (task);
}

static ParseJob *
parse_job_new (EoClient *self,
               Request  *req)
{
  ParseJob *job = g_new0 (ParseJob, 1);

  job->body = req->body != NULL ? g_byte_array_ref (req->body) : NULL;
  job->api_key = g_strdup (self->api_key);
  job->operation = req->operation;
  return job;
}

/* What an HTTP status means for an operation: the first row that
 * matches, else ANSWER_OTHER (a bad answer). */
typedef enum
{
  ANSWER_SUCCESS,
  ANSWER_REDIRECT,
  ANSWER_KEY_REFUSED,
  ANSWER_TEST_REACHED,
  ANSWER_NOT_FOUND,
  ANSWER_REFUSED,
  ANSWER_THROTTLED,
  ANSWER_OUTCOME_UNKNOWN,
  ANSWER_SERVER,
  ANSWER_OTHER,
} AnswerClass;

#define FOR_ANY    0
#define FOR_UPLOAD (1u << OPERATION_UPLOAD)
#define FOR_TEST   (1u << OPERATION_TEST)

static const struct
{
  guint       first;
  guint       last;
  guint       operations;   /* FOR_* bits; FOR_ANY matches every one */
  AnswerClass klass;
} answer_classes[] = {
  { 200, 299, FOR_ANY, ANSWER_SUCCESS },
  { 300, 399, FOR_ANY, ANSWER_REDIRECT },
  { 401, 401, FOR_ANY, ANSWER_KEY_REFUSED },
  { 403, 403, FOR_ANY, ANSWER_KEY_REFUSED },
  { 400, 400, FOR_TEST, ANSWER_TEST_REACHED },
  { 404, 404, FOR_TEST, ANSWER_TEST_REACHED },
  { 422, 422, FOR_TEST, ANSWER_TEST_REACHED },
  { 404, 404, FOR_ANY, ANSWER_NOT_FOUND },
  { 400, 400, FOR_ANY, ANSWER_REFUSED },
  { 413, 413, FOR_ANY, ANSWER_REFUSED },
  { 422, 422, FOR_ANY, ANSWER_REFUSED },
  { 429, 429, FOR_ANY, ANSWER_THROTTLED },
  /* A gateway that gave up after the upload went out: it may be there. */
  { 504, 504, FOR_UPLOAD, ANSWER_OUTCOME_UNKNOWN },
  { 500, 599, FOR_ANY, ANSWER_SERVER },
};

static AnswerClass
classify_answer (Operation operation,
                 guint     status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (answer_classes); i++)
    if (status >= answer_classes[i].first && status <= answer_classes[i].last &&
        (answer_classes[i].operations == FOR_ANY || (answer_classes[i].operations & (1u << operation))))
      return answer_classes[i].klass;
  return ANSWER_OTHER;
}

/* The error of an answer that refuses the call (not retried). */
static GError *
new_refusal_error (EoClient    *self,
                   Request     *req,
                   AnswerClass  klass,
                   guint        status)
{
  g_autofree char *server_text = dup_server_error_text (self, req->body);
  const char *reason = server_text != NULL ? server_text : soup_status_get_phrase (status);

  switch (klass)
    {
    case ANSWER_REDIRECT:
      {
        g_autofree char *target = dup_redirect_host (req->msg);

        return g_error_new (EO_ERROR, EO_ERROR_REDIRECT,
                            _("The server sent the request on to %s. The redirect was not "
                              "followed, so the API key was not sent there. Check the server address."),
                            target != NULL ? target : _("another address"));
      }
    case ANSWER_KEY_REFUSED:
      return g_error_new_literal (EO_ERROR, EO_ERROR_KEY_REFUSED,
                                  _("The server refused the API key. "
                                    "Set the right key in Preferences → Account."));
    case ANSWER_NOT_FOUND:
      if (req->operation == OPERATION_UPLOAD)
        return g_error_new (EO_ERROR, EO_ERROR_UNKNOWN_CUSTOMER,
                            _("The server does not know the customer ID “%s”. "
                              "Check the customer ID in Preferences → Account."),
                            self->customer_id);
      return g_error_new (EO_ERROR, EO_ERROR_UNKNOWN_REQUEST,
                          _("The server does not know the upload “%s”. Check the request ID."),
                          req->request_id);
    case ANSWER_REFUSED:
      if (req->operation == OPERATION_UPLOAD)
        return g_error_new (EO_ERROR, EO_ERROR_FILE_REFUSED,
                            _("The server refused the file: %s"), reason);
      return g_error_new (EO_ERROR, EO_ERROR_UNKNOWN_REQUEST,
                          _("The server refused the request ID “%s”: %s"), req->request_id, reason);
    case ANSWER_SUCCESS:
    case ANSWER_TEST_REACHED:
    case ANSWER_THROTTLED:
    case ANSWER_OUTCOME_UNKNOWN:
    case ANSWER_SERVER:
    case ANSWER_OTHER:
    default:
      {
        g_autofree char *detail = g_strdup_printf (_("HTTP %u %s"), status, soup_status_get_phrase (status));

        return new_bad_answer_error (detail);
      }
    }
}

/* Parses the answer's body into @req: here when it is small (TRUE), else
 * on a worker thread, after which attempt_answered() runs again (FALSE:
 * @task was handed on). */
static gboolean
parse_answer (EoClient *self,
              GTask    *task)
{
  Request *req = g_task_get_task_data (task);
  ParseJob *job;

  if (req->parsed)
    return TRUE;

  if (req->body != NULL && req->body->len > PARSE_IN_THREAD_BYTES)
    {
      g_autoptr(GTask) parse = g_task_new (self, NULL, parsed_cb, task);

      /* The attempt's deadline covers the transfer, not the parsing. */
      if (req->deadline != NULL)
        {
          g_source_destroy (req->deadline);
          g_clear_pointer (&req->deadline, g_source_unref);
        }
      g_task_set_task_data (parse, parse_job_new (self, req), (GDestroyNotify) parse_job_free);
      g_task_run_in_thread (parse, parse_thread);
      return FALSE;
    }

  job = parse_job_new (self, req);
  parse_body (job);
  take_parsed (req, job);
  parse_job_free (job);
  return TRUE;
}

/* A complete HTTP answer arrived. Takes @task. */
static void
attempt_answered (GTask *task)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  guint status = soup_message_get_status (req->msg);
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *envelope;
  gboolean have_envelope, success;
  gint64 code;
  g_autofree char *server_text = NULL;
  gint64 retry_after_ms = -1;

  if (!parse_answer (self, task))
    return; /* on a worker; this runs again when it is done */

  parser = g_steal_pointer (&req->parser);
  envelope = req->envelope;
  req->envelope = NULL;
  req->parsed = FALSE;
  if (req->operation == OPERATION_STATUS)
    {
      have_envelope = req->status_ok && req->status.envelope;
      success = !have_envelope || req->status.success;
      code = have_envelope ? req->status.code : 0;
      /* A good answer is read: its text goes before the merge. */
      if (have_envelope && success && SOUP_STATUS_IS_SUCCESSFUL (status))
        g_clear_pointer (&req->body, g_byte_array_unref);
    }
  else
    {
      have_envelope = envelope != NULL;
      success = envelope == NULL || envelope_success (envelope);
      code = envelope != NULL ? envelope_code (envelope) : 0;
    }

  g_debug ("HTTP %u from %s (%u bytes)", status,
           g_uri_get_host (soup_message_get_uri (req->msg)),
           req->body != NULL ? req->body->len : 0);

  /* A 200 that says it failed: judge it by its inner code. */
  if (SOUP_STATUS_IS_SUCCESSFUL (status) && have_envelope && !success)
    {
      if (code >= 300 && code <= 599)
        status = (guint)code;
      else
        {
          server_text = dup_server_error_text (self, req->body);
          fail_or_retry (task,
                         new_bad_answer_error (server_text != NULL ? server_text
                                                                   : _("it reports a failure without a reason")),
                         FALSE, -1);
          return;
        }
    }

  switch (classify_answer (req->operation, status))
    {
    case ANSWER_SUCCESS:
    case ANSWER_TEST_REACHED:
      /* For a connection test, a 4xx past authentication means the key was
       * taken: the made-up request is unknown. */
      if (!have_envelope)
        fail_or_retry (task, new_bad_answer_error (_("it is not in the expected JSON form")), FALSE, -1);
      else
        handle_success (task, envelope);
      return;
    case ANSWER_THROTTLED:
      retry_after_ms = parse_retry_after (req->msg);
      fail_or_retry (task, new_throttled_error (retry_after_ms), TRUE, retry_after_ms);
      return;
    case ANSWER_OUTCOME_UNKNOWN:
      fail_or_retry (task, new_outcome_unknown_error (), FALSE, -1);
      return;
    case ANSWER_SERVER:
      server_text = dup_server_error_text (self, req->body);
      retry_after_ms = parse_retry_after (req->msg);
      fail_or_retry (task,
                     g_error_new (EO_ERROR, EO_ERROR_SERVER,
                                  _("The server had a problem (HTTP %u%s%s). Try again later."),
                                  status,
                                  server_text != NULL ? ": " : "",
                                  server_text != NULL ? server_text : ""),
                     TRUE, retry_after_ms);
      return;
    case ANSWER_REDIRECT:
    case ANSWER_KEY_REFUSED:
    case ANSWER_NOT_FOUND:
    case ANSWER_REFUSED:
    case ANSWER_OTHER:
    default:
      fail_or_retry (task, new_refusal_error (self, req, classify_answer (req->operation, status), status),
                     FALSE, -1);
      return;
    }
}

/* ----------------------------------------------------------- the attempt */

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
      attempt_answered (g_steal_pointer (&task));
      return;
    }

  if (req->body->len + g_bytes_get_size (bytes) > EO_CLIENT_MAX_BODY_BYTES)
    {
      GError *too_big = new_bad_answer_error (_("the answer is too large"));

      if (req->operation == OPERATION_UPLOAD && SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (req->msg)))
        {
          g_error_free (too_big);
          too_big = new_outcome_unknown_error ();
        }
      fail_or_retry (g_steal_pointer (&task), too_big, FALSE, -1);
      return;
    }

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
      fail_or_retry (g_steal_pointer (&task), new_bad_answer_error (_("the answer is too large")), FALSE, -1);
      return;
    }

  g_clear_pointer (&req->body, g_byte_array_unref);
  /* Sized from the announced length when there is one (bounded above):
   * a 15 MB answer then needs no copies while it grows. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
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

static SoupMessage *
build_message (EoClient *self,
               Request  *req)
{
  SoupMessage *msg;

  if (req->operation == OPERATION_UPLOAD)
    {
      g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);

      soup_multipart_append_form_file (multipart, "eidFile", req->filename, "text/csv", req->csv);
      soup_multipart_append_form_string (multipart, "customer_id", self->customer_id);
      msg = soup_message_new_from_multipart (req->url, multipart);
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
static void
start_attempt (GTask *task)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (req->cancellable))
    {
      return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                               _("Operation was cancelled")));
      g_object_unref (task);
      return;
    }

  request_clear_parsed (req);
  g_clear_object (&req->msg);
  req->msg = build_message (self, req);
  if (req->msg == NULL)
    {
      return_error (task, g_error_new (EO_ERROR, EO_ERROR_INVALID_SERVER,
                                       _("“%s” is not a valid server address."), self->server_url));
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

static GTask *
new_call (EoClient     *self,
          Operation     operation,
          GCancellable *cancellable,
          gpointer      source_tag,
          GAsyncReadyCallback callback,
          gpointer      user_data)
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
  g_task_set_task_data (task, req, (GDestroyNotify)request_free);

  return task;
}

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
              g_task_return_new_error (task, EO_ERROR, EO_ERROR_NO_CREDENTIALS,
                                       _("The API key contains characters that cannot be sent. "
                                         "Paste the key again in Preferences → Account."));
              return FALSE;
            }
        }
      return TRUE;
    }

  g_task_return_new_error (task, EO_ERROR, EO_ERROR_NO_CREDENTIALS,
                           _("No customer ID or API key is set. "
                             "Set them in Preferences → Account."));
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

void
eo_remote_config_free (EoRemoteConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->eid);
  g_free (config->iccid);
  g_free (config->name);
  g_free (config->status);
  g_free (config->reason);
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

  task = new_call (self, OPERATION_UPLOAD, cancellable, eo_client_assign_eid_async, callback, user_data);
  if (!check_credentials (self, task))
    return;

  req = g_task_get_task_data (task);
  escaped = g_uri_escape_string (self->customer_id, NULL, FALSE);
  req->url = g_strconcat (self->server_url, "/v1/api/rsp/esims/assign-eid?customer_id=", escaped, NULL);
  req->csv = g_bytes_ref (csv);
  req->filename = g_strdup (filename != NULL && *filename != '\0' ? filename : "devices.csv");

  start_attempt (g_steal_pointer (&task));
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
  g_autoptr(GTask) task = NULL;
  Request *req;

  g_return_if_fail (EO_IS_CLIENT (self));
  g_return_if_fail (request_id != NULL);

  task = new_call (self, OPERATION_STATUS, cancellable, eo_client_eid_status_async, callback, user_data);
  if (!check_credentials (self, task))
    return;

  req = g_task_get_task_data (task);
  req->request_id = g_strstrip (g_strdup (request_id));
  if (*req->request_id == '\0')
    {
      g_task_return_new_error (task, EO_ERROR, EO_ERROR_UNKNOWN_REQUEST,
                               _("No request ID was given."));
      return;
    }
  req->url = build_status_url (self, req->request_id);

  start_attempt (g_steal_pointer (&task));
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

  task = new_call (self, OPERATION_TEST, cancellable, eo_client_test_connection_async, callback, user_data);
  if (!check_credentials (self, task))
    return;

  req = g_task_get_task_data (task);
  req->request_id = g_uuid_string_random ();
  req->url = build_status_url (self, req->request_id);

  start_attempt (g_steal_pointer (&task));
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
