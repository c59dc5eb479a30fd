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

GError *
_eo_client_new_throttled_error (gint64 retry_after_ms)
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

GError *
_eo_client_new_timeout_error (guint seconds)
{
  return g_error_new (EO_ERROR, EO_ERROR_TIMEOUT,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The server did not answer within %u second.",
                                   "The server did not answer within %u seconds.",
                                   seconds),
                      seconds);
}

GError *
_eo_client_new_outcome_unknown_error (const char *why)
{
  if (why == NULL)
    return g_error_new_literal (EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN,
                                _("The upload may have reached the server but no answer came back. "
                                  "Check the server before sending it again."));
  return g_error_new (EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN,
                      _("The upload may have reached the server, but its answer does not say "
                        "whether it was taken (%s). Check the server before sending it again."),
                      why);
}

GError *
_eo_client_new_bad_answer_error (const char *detail)
{
  return g_error_new (EO_ERROR, EO_ERROR_BAD_ANSWER,
                      _("The server’s answer could not be understood (%s). "
                        "Check that the server address points to the CSO."),
                      detail);
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

        return _eo_client_new_bad_answer_error (detail);
      }
    }
}

