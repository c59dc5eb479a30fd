/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-client"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-client-private.h"
#include "eo-error.h"

/* The errors of EoClient, and what an HTTP status means for each
 * operation. */

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

/* Phrases are kept untranslated in messages (eo-message.h). */
static const char *
describe_tls_errors (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return N_("it is not signed by a known authority");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return N_("it was issued for another server name");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return N_("it has expired");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return N_("it is not valid yet");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return N_("it has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return N_("it uses an insecure algorithm");
  return N_("it could not be verified");
}

/* Why a connection could not be made, as a phrase said in any language
 * later; the system's own text (in the language of the moment) only
 * for a failure without a phrase of ours. */
static const char *
describe_connect_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return N_("the connection was refused");
  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return N_("the server name could not be found");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE))
    return N_("the network is unreachable");
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return N_("the server is unreachable");
  return error->message;
}

GError *
_eo_client_new_throttled_error (gint64 retry_after_ms)
{
  guint seconds;

  g_autofree char *count = NULL;

  if (retry_after_ms < 0)
    return eo_error_new_message (EO_ERROR_THROTTLED, eo_message_new ("throttled", NULL));

  seconds = (guint)MIN ((retry_after_ms + 999) / 1000, G_MAXUINT);
  if (seconds > 120)
    {
      count = g_strdup_printf ("%u", (seconds + 59) / 60);
      return eo_error_new_message (EO_ERROR_THROTTLED,
                                   eo_message_new ("throttled-minutes", "minutes", count, NULL));
    }
  count = g_strdup_printf ("%u", seconds);
  return eo_error_new_message (EO_ERROR_THROTTLED,
                               eo_message_new ("throttled-seconds", "seconds", count, NULL));
}

GError *
_eo_client_new_timeout_error (guint seconds)
{
  g_autofree char *count = g_strdup_printf ("%u", seconds);

  return eo_error_new_message (EO_ERROR_TIMEOUT, eo_message_new ("timeout", "seconds", count, NULL));
}

GError *
_eo_client_new_outcome_unknown_error (const char *why)
{
  if (why == NULL)
    return eo_error_new_message (EO_ERROR_OUTCOME_UNKNOWN, eo_message_new ("outcome-unknown", NULL));
  return eo_error_new_message (EO_ERROR_OUTCOME_UNKNOWN,
                               eo_message_new ("outcome-unknown-why", "why", why, NULL));
}

GError *
_eo_client_new_bad_answer_error (const char *detail)
{
  return eo_error_new_message (EO_ERROR_BAD_ANSWER,
                               eo_message_new ("bad-answer", "detail", detail, NULL));
}

/* The error of a transport failure (no complete HTTP answer), and
 * whether a status read may try again after it. */
GError *
_eo_client_new_transport_error (Request      *req,
                                const GError *error,
                                gboolean     *retryable)
{
  GTlsCertificateFlags tls_errors = 0;
  GError *mapped = NULL;
  g_autoptr(GUri) uri = g_uri_parse (req->url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : req->url;

  *retryable = FALSE;
  if (req->msg != NULL)
    tls_errors = soup_message_get_tls_peer_certificate_errors (req->msg);

  g_debug ("Transport error on %s (sent: %d): %s %d: %s", host, req->request_sent,
           g_quark_to_string (error->domain), error->code, error->message);

  if (req->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      mapped = _eo_client_new_timeout_error (req->timeout_s);
      *retryable = TRUE;
    }
  else if (tls_errors == 0 && error->domain == G_TLS_ERROR)
    {
      /* Not the certificate: the handshake itself failed (e.g. not TLS). */
      mapped = eo_error_new_message (EO_ERROR_TLS,
                                     eo_message_new ("tls-handshake", "host", host,
                                                     "detail", error->message, NULL));
    }
  else if (tls_errors != 0)
    {
      mapped = eo_error_new_message (EO_ERROR_TLS,
                                     eo_message_new ("tls-untrusted", "why", describe_tls_errors (tls_errors),
                                                     "host", host, NULL));
    }
  else if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    {
      mapped = eo_error_new_message (EO_ERROR_NETWORK,
                                     eo_message_new ("unreachable", "host", host,
                                                     "detail", describe_connect_error (error), NULL));
      *retryable = TRUE;
    }
  else
    {
      mapped = _eo_client_new_bad_answer_error (error->message);
      *retryable = TRUE;
    }

  /* An upload whose request went out may have been processed. */
  if (req->operation == OPERATION_UPLOAD && req->request_sent
      && mapped->code != EO_ERROR_TLS)
    {
      g_error_free (mapped);
      mapped = _eo_client_new_outcome_unknown_error (NULL);
    }

  return mapped;
}

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
  /* Any other 4xx refuses an upload: the server did not take it. */
  { 400, 499, FOR_UPLOAD, ANSWER_REFUSED },
  /* A gateway that gave up after the upload went out: it may be there,
   * whatever the body says. Other 5xx answers refuse an upload only with
   * a well-formed error envelope (eo-client-answer.c). */
  { 504, 504, FOR_UPLOAD, ANSWER_OUTCOME_UNKNOWN },
  { 500, 599, FOR_ANY, ANSWER_SERVER },
};

AnswerClass
_eo_client_classify_answer (Operation operation,
                            guint     status)
{
  for (gsize i = 0; i < G_N_ELEMENTS (answer_classes); i++)
    if (status >= answer_classes[i].first && status <= answer_classes[i].last &&
        (answer_classes[i].operations == FOR_ANY || (answer_classes[i].operations & (1u << operation))))
      return answer_classes[i].klass;
  return ANSWER_OTHER;
}

/* The error of an answer that refuses the call (not retried). */
GError *
_eo_client_new_refusal_error (EoClient    *self,
                              Request     *req,
                              AnswerClass  klass,
                              guint        status,
                              const char  *server_text)
{
  const char *reason = server_text != NULL ? server_text : soup_status_get_phrase (status);

  switch (klass)
    {
    case ANSWER_REDIRECT:
      {
        g_autofree char *target = dup_redirect_host (req->msg);

        return eo_error_new_message (EO_ERROR_REDIRECT,
                                     eo_message_new ("redirect", "target",
                                                     target != NULL ? target : N_("another address"), NULL));
      }
    case ANSWER_KEY_REFUSED:
      return eo_error_new_message (EO_ERROR_KEY_REFUSED, eo_message_new ("key-refused", NULL));
    case ANSWER_NOT_FOUND:
      if (req->operation == OPERATION_UPLOAD)
        return eo_error_new_message (EO_ERROR_UNKNOWN_CUSTOMER,
                                     eo_message_new ("unknown-customer", "customer", self->customer_id, NULL));
      return eo_error_new_message (EO_ERROR_UNKNOWN_REQUEST,
                                   eo_message_new ("unknown-request", "request", req->request_id, NULL));
    case ANSWER_REFUSED:
      if (req->operation == OPERATION_UPLOAD)
        return eo_error_new_message (EO_ERROR_FILE_REFUSED,
                                     eo_message_new ("file-refused", "reason", reason, NULL));
      return eo_error_new_message (EO_ERROR_UNKNOWN_REQUEST,
                                   eo_message_new ("request-refused", "request", req->request_id,
                                                   "reason", reason, NULL));
    case ANSWER_SUCCESS:
    case ANSWER_TEST_REACHED:
    case ANSWER_THROTTLED:
    case ANSWER_OUTCOME_UNKNOWN:
    case ANSWER_SERVER:
    case ANSWER_OTHER:
    default:
      {
        /* The same in every language. */
        g_autofree char *detail = g_strdup_printf ("HTTP %u %s", status, soup_status_get_phrase (status));

        return _eo_client_new_bad_answer_error (detail);
      }
    }
}

