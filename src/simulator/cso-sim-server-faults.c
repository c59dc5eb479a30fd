/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-server"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cso-sim-server-private.h"

/* Injected faults: answers that replace the real one (before any work),
 * and answers of requests handled for real, then lost, delayed or
 * rewritten the way a hostile or broken server or proxy would. */

/* Levels of the deep-nesting fault: about 200 KB, far beyond what a
 * recursive parser survives on an 8 MB stack. */
#define DEEP_NESTING_LEVELS 100000

static const char gateway_page[] =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
  "<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>\n";

/* What the hostile faults put in an answer. */
#define HOSTILE_REQUEST_ID "$(touch PWNED) \\u001b[2J"
#define HOSTILE_SERVER_URL "http://sm-cso-sim.example/$(touch PWNED)\\n x"

static void
respond_deep_nesting (SoupServerMessage *msg)
{
  static const char before[] = "{\"code\":200,\"data\":";
  static const char after[] = ",\"error\":\"\",\"success\":true}";
  GString *body = g_string_sized_new (2 * DEEP_NESTING_LEVELS + 64);

  g_string_append (body, before);
  for (guint i = 0; i < DEEP_NESTING_LEVELS; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < DEEP_NESTING_LEVELS; i++)
    g_string_append_c (body, ']');
  g_string_append (body, after);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    body->str, body->len);
  g_string_free (body, FALSE);
}

gboolean
_cso_sim_server_take_fault (CsoSimServer    *self,
                            CsoSimEndpoint   endpoint,
                            CsoSimFaultKind *kind)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      CsoSimFault *fault = g_ptr_array_index (self->faults, i);

      if ((fault->endpoint & endpoint) == 0 || fault->remaining == 0)
        continue;

      *kind = fault->kind;
      if (fault->remaining > 0 && --fault->remaining == 0)
        g_ptr_array_remove_index (self->faults, i);
      self->n_faults_applied++;
      return TRUE;
    }

  return FALSE;
}

/* Answer at once for the faults that replace the real answer. */
void
_cso_sim_server_respond_fault (CsoSimServer      *self,
                               SoupServerMessage *msg,
                               CsoSimFaultKind    kind)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  switch (kind)
    {
    case CSO_SIM_FAULT_FORBIDDEN:
      _cso_sim_respond_error (msg, SOUP_STATUS_FORBIDDEN, "Forbidden");
      break;

    case CSO_SIM_FAULT_UNAUTHORIZED:
      _cso_sim_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "Unauthorized");
      break;

    case CSO_SIM_FAULT_UNKNOWN_CUSTOMER:
      _cso_sim_respond_error (msg, SOUP_STATUS_NOT_FOUND, "Customer not found");
      break;

    case CSO_SIM_FAULT_THROTTLE:
      {
        g_autofree char *seconds = g_strdup_printf ("%u", self->retry_after);

        _cso_sim_respond_error (msg, CSO_SIM_STATUS_TOO_MANY_REQUESTS, "Too many requests, retry later");
        soup_message_headers_replace (headers, "Retry-After", seconds);
      }
      break;

    case CSO_SIM_FAULT_THROTTLE_DATE:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 2);
        g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);

        _cso_sim_respond_error (msg, CSO_SIM_STATUS_TOO_MANY_REQUESTS, "Too many requests, retry later");
        soup_message_headers_replace (headers, "Retry-After", date);
      }
      break;

    case CSO_SIM_FAULT_SERVER_ERROR:
      _cso_sim_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Internal server error");
      break;

    case CSO_SIM_FAULT_NOT_JSON:
      {
        static const char html[] =
          "<!DOCTYPE html>\n<html><head><title>Service unavailable</title></head>"
          "<body><h1>Service temporarily unavailable</h1></body></html>\n";

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                          html, strlen (html));
      }
      break;

    case CSO_SIM_FAULT_BAD_SHAPE:
      {
        static const char shape[] =
          "{\"code\":200,\"data\":\"unexpected\",\"error\":\"\",\"success\":true}";

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                          shape, strlen (shape));
      }
      break;

    case CSO_SIM_FAULT_REDIRECT:
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, self->redirect_to);
      break;

    case CSO_SIM_FAULT_DEEP_NESTING:
      respond_deep_nesting (msg);
      break;

    case CSO_SIM_FAULT_SUCCESS_FALSE:
      {
        static const char failure[] =
          "{\"code\":200,\"data\":null,\"error\":\"Temporary failure, try again\",\"success\":false}";

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                          failure, strlen (failure));
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
slow_answer_cb (gpointer user_data)
{
  SlowAnswer *slow = user_data;

  slow->source = 0;
  soup_server_message_unpause (slow->msg);
  g_hash_table_remove (slow->server->slow_answers, slow);

  return G_SOURCE_REMOVE;
}

void
_cso_sim_server_delay_answer (CsoSimServer      *self,
                              SoupServerMessage *msg)
{
  SlowAnswer *slow = g_new0 (SlowAnswer, 1);

  slow->server = self;
  slow->msg = g_object_ref (msg);
  slow->source = g_timeout_add (self->slow_ms, slow_answer_cb, slow);
  g_hash_table_add (self->slow_answers, slow);
  soup_server_message_pause (msg);
}

void
_cso_sim_server_drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}


/* @text as the inside of a JSON string. */
static char *
json_string_body (const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), text);
  g_autofree char *quoted = json_to_string (node, FALSE);
  gsize len = strlen (quoted);

  return g_strndup (quoted + 1, len >= 2 ? len - 2 : 0);
}

/* Puts @prefix at the start of every string value of @member. */
static void
prefix_member (GString    *body,
               const char *member,
               const char *prefix)
{
  g_autofree char *from = g_strdup_printf ("\"%s\":\"", member);
  g_autofree char *to = g_strdup_printf ("\"%s\":\"%s", member, prefix);

  g_string_replace (body, from, to, 0);
}

/* Replaces every string value of @member by @value (JSON text). */
static void
replace_member (GString    *body,
                const char *member,
                const char *value)
{
  g_autofree char *pattern = g_strdup_printf ("\"%s\":\"[^\"]*\"", member);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GString) replacement = g_string_new (NULL);
  g_autofree char *result = NULL;

  /* GRegex reads backslashes in a replacement: the value's are doubled. */
  g_string_append_printf (replacement, "\"%s\":\"", member);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\')
        g_string_append_c (replacement, '\\');
      g_string_append_c (replacement, *p);
    }
  g_string_append_c (replacement, '"');
  result = g_regex_replace (regex, body->str, (gssize) body->len, 0, replacement->str, 0, NULL);
  if (result != NULL)
    g_string_assign (body, result);
}

/* The real answer of a request handled for real, rewritten. */
void
_cso_sim_server_rewrite_answer (CsoSimServer      *self,
                                SoupServerMessage *msg,
                                CsoSimFaultKind    kind)
{
  SoupMessageBody *response = soup_server_message_get_response_body (msg);
  g_autoptr(GBytes) flat = soup_message_body_flatten (response);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-API-Key");
  GString *body;
  gsize len;
  const char *data = g_bytes_get_data (flat, &len);

  if (kind == CSO_SIM_FAULT_CONTRADICTORY || kind == CSO_SIM_FAULT_ABSENT_ROWS)
    return; /* shaped by handle_status */
  /* set_response() appends to what is there. */
  soup_message_body_truncate (response);
  if (kind == CSO_SIM_FAULT_GATEWAY_ERROR)
    {
      /* A proxy lost the upstream's answer: the work is done. */
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        gateway_page, strlen (gateway_page));
      return;
    }

  body = g_string_new_len (data != NULL ? data : "", (gssize) len);
  switch (kind)
    {
    case CSO_SIM_FAULT_INVALID_ESCAPE:
      /* Not JSON: json-glib 1.6 decodes it as the raw byte 0x80. */
      prefix_member (body, "status", "\\200");
      prefix_member (body, "iccid", "\\200");
      prefix_member (body, "request_id", "\\200");
      break;
    case CSO_SIM_FAULT_ESCAPE_CODES:
      prefix_member (body, "status", "\\u001b[31m");
      prefix_member (body, "iccid", "\\u001b]0;owned\\u0007");
      prefix_member (body, "name", "\\u001b[2J");
      break;
    case CSO_SIM_FAULT_ECHO_KEY:
      {
        g_autofree char *inside = json_string_body (key != NULL ? key : "");
        g_autofree char *echo = g_strconcat (inside, " ", NULL);

        prefix_member (body, "status", echo);
        prefix_member (body, "iccid", echo);
      }
      break;
    case CSO_SIM_FAULT_HOSTILE_REQUEST_ID:
      replace_member (body, "request_id", HOSTILE_REQUEST_ID);
      break;
    case CSO_SIM_FAULT_HOSTILE_SERVER_URL:
      replace_member (body, "server_url", HOSTILE_SERVER_URL);
      break;
    default:
      break;
    }
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body->str, body->len);
  g_string_free (body, FALSE);
}
