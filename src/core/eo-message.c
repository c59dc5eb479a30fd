/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-message"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "eo-message.h"

struct _EoMessage
{
  char *code;
  /* key, value, key, value…, NULL */
  char *params[2 * EO_MESSAGE_MAX_PARAMS + 1];
};

/* How each code is said. A parameter's name in the table starts with
 * '@' when its value is an English phrase translated when shown (an
 * untranslated value stays as it is: gettext gives it back), with '#'
 * when it is a count (first place only: the plural chooses by it).
 * Values are only ever arguments, never formats. */
typedef struct
{
  const char *code;
  const char *text;
  /* For a count: the text in the plural form of @n. */
  const char *(*plural) (gulong n);
  const char *params[3];
} MessageFormat;

/* Plural forms, written out where xgettext sees them as such. */
static const char *
timeout_text (gulong n)
{
  return g_dngettext (GETTEXT_PACKAGE,
                      "The server did not answer within %u second.",
                      "The server did not answer within %u seconds.", n);
}

static const char *
throttled_seconds_text (gulong n)
{
  return g_dngettext (GETTEXT_PACKAGE,
                      "The server is receiving too many requests. Try again in %u second.",
                      "The server is receiving too many requests. Try again in %u seconds.", n);
}

static const char *
throttled_minutes_text (gulong n)
{
  return g_dngettext (GETTEXT_PACKAGE,
                      "The server is receiving too many requests. Try again in %u minute.",
                      "The server is receiving too many requests. Try again in %u minutes.", n);
}

static const MessageFormat formats[] = {
  /* The client (eo-client*.c) */
  { "no-credentials",
    N_("No customer ID or API key is set. Set them in Preferences → Account."), NULL, { NULL } },
  { "key-unsendable",
    N_("The API key contains characters that cannot be sent. Paste the key again in Preferences → Account."),
    NULL, { NULL } },
  { "invalid-server", N_("“%s” is not a valid server address."), NULL, { "server" } },
  { "no-request-id", N_("No request ID was given."), NULL, { NULL } },
  { "redirect",
    N_("The server sent the request on to %s. The redirect was not followed, so the API key was not sent there. Check the server address."),
    NULL, { "@target" } },
  { "key-refused",
    N_("The server refused the API key. Set the right key in Preferences → Account."), NULL, { NULL } },
  { "unknown-customer",
    N_("The server does not know the customer ID “%s”. Check the customer ID in Preferences → Account."),
    NULL, { "customer" } },
  { "unknown-request",
    N_("The server does not know the upload “%s”. Check the request ID."), NULL, { "request" } },
  { "file-refused", N_("The server refused the file: %s"), NULL, { "reason" } },
  { "request-refused", N_("The server refused the request ID “%s”: %s"), NULL, { "request", "reason" } },
  { "bad-answer",
    N_("The server’s answer could not be understood (%s). Check that the server address points to the CSO."),
    NULL, { "@detail" } },
  { "outcome-unknown",
    N_("The upload may have reached the server but no answer came back. Check the server before sending it again."),
    NULL, { NULL } },
  { "outcome-unknown-why",
    N_("The upload may have reached the server, but its answer does not say whether it was taken (%s). Check the server before sending it again."),
    NULL, { "@why" } },
  { "timeout", NULL, timeout_text, { "#seconds" } },
  { "throttled",
    N_("The server is receiving too many requests. Try again in a minute."), NULL, { NULL } },
  { "throttled-seconds", NULL, throttled_seconds_text, { "#seconds" } },
  { "throttled-minutes", NULL, throttled_minutes_text, { "#minutes" } },
  { "tls-handshake",
    N_("A secure connection to %s could not be made (%s). Check the server address."),
    NULL, { "host", "@detail" } },
  { "tls-untrusted",
    N_("The server’s certificate is not trusted: %s. The connection to %s was not made."),
    NULL, { "@why", "host" } },
  { "unreachable",
    N_("Could not reach the server %s (%s). Check the network connection and the server address."),
    NULL, { "host", "@detail" } },
  { "server-problem", N_("The server had a problem (HTTP %u%s%s). Try again later."),
    NULL, { "#status", "separator", "text" } },
  { "server-failure", N_("The server reported a failure: %s"), NULL, { "@reason" } },

  /* The upload job, the history, the jobs of a process */
  { "stopped-before-answer",
    N_("The upload was stopped before the server answered: the server may or may not have received it. Check the result in the CSO console before sending it again."),
    NULL, { NULL } },
  { "stopped-before-send",
    N_("The upload was stopped before it was sent: nothing was sent."), NULL, { NULL } },
  { "not-recorded",
    N_("Nothing was sent: the upload could not be recorded in the history. %s"), NULL, { "detail" } },
  { "sender-stopped",
    N_("The program stopped while it was sending this upload: the server may or may not have received it. Check the result in the CSO console before sending it again."),
    NULL, { NULL } },
  { "follow-up-interrupted",
    N_("The last follow-up of this upload did not finish (the app stopped while following it)."),
    NULL, { NULL } },

  /* The rows of a list not sent (eo_upload_record_add_left_out) */
  { "already-assigned", N_("Already assigned on %s (upload “%s”)"), NULL, { "date", "upload" } },
  { "already-pending", N_("Already waiting for an eSIM since %s (upload “%s”)"), NULL, { "date", "upload" } },
  { "check-errors", N_("Not sent because of its errors: %s"), NULL, { "problems" } },
};

static const MessageFormat *
lookup_format (const char *code)
{
  if (code == NULL)
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (formats[i].code, code))
      return &formats[i];
  return NULL;
}

static gboolean
is_name (const char *str,
         gsize       max)
{
  gsize len = 0;

  if (str == NULL || *str == '\0')
    return FALSE;
  for (const char *p = str; *p != '\0'; p++, len++)
    if (len >= max || !(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '_'))
      return FALSE;
  return TRUE;
}

/* @value cut to EO_MESSAGE_MAX_VALUE bytes at a character, made valid. */
static char *
dup_value (const char *value)
{
  const char *end = value;

  while (*end != '\0' && (gsize) (end - value) < EO_MESSAGE_MAX_VALUE)
    end = g_utf8_next_char (end);
  if ((gsize) (end - value) > EO_MESSAGE_MAX_VALUE)
    end = g_utf8_find_prev_char (value, end);
  return g_utf8_make_valid (value, end != NULL ? end - value : 0);
}

static void
add_param (EoMessage  *self,
           const char *key,
           const char *value)
{
  guint n = 0;

  while (self->params[n] != NULL)
    n += 2;
  if (value == NULL || n >= 2 * EO_MESSAGE_MAX_PARAMS)
    return;
  self->params[n] = g_strdup (key);
  self->params[n + 1] = dup_value (value);
}

EoMessage *
eo_message_new (const char *code,
                ...)
{
  EoMessage *self;
  const char *key;
  va_list args;

  g_return_val_if_fail (is_name (code, 64), NULL);

  self = g_new0 (EoMessage, 1);
  self->code = g_strdup (code);
  va_start (args, code);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_warn_if_fail (is_name (key, 32));
      add_param (self, key, value);
    }
  va_end (args);
  return self;
}

EoMessage *
eo_message_copy (const EoMessage *message)
{
  EoMessage *copy;

  if (message == NULL)
    return NULL;
  copy = g_new0 (EoMessage, 1);
  copy->code = g_strdup (message->code);
  for (guint i = 0; message->params[i] != NULL; i++)
    copy->params[i] = g_strdup (message->params[i]);
  return copy;
}

void
eo_message_free (EoMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->code);
  for (guint i = 0; message->params[i] != NULL; i++)
    g_free (message->params[i]);
  g_free (message);
}

const char *
eo_message_get_code (const EoMessage *message)
{
  g_return_val_if_fail (message != NULL, NULL);
  return message->code;
}

const char *
eo_message_get_param (const EoMessage *message,
                      const char      *key)
{
  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; message->params[i] != NULL; i += 2)
    if (g_str_equal (message->params[i], key))
      return message->params[i + 1];
  return NULL;
}

gboolean
eo_message_is_known (const EoMessage *message)
{
  return message != NULL && lookup_format (message->code) != NULL;
}

/* The value of the table's parameter @spec ("@why", "#seconds", "host"),
 * ready to be an argument: "" when absent. */
static const char *
argument (const EoMessage *message,
          const char      *spec)
{
  gboolean phrase = spec[0] == '@';
  const char *value = eo_message_get_param (message, spec + (phrase || spec[0] == '#'));

  if (value == NULL)
    return "";
  /* gettext ("") is the catalog's header. */
  return phrase && *value != '\0' ? g_dgettext (GETTEXT_PACKAGE, value) : value;
}

char *
eo_message_format (const EoMessage *message)
{
  const MessageFormat *format;
  const char *args[3] = { "", "", "" };

  g_return_val_if_fail (message != NULL, NULL);

  format = lookup_format (message->code);
  if (format == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (format->params) && format->params[i] != NULL; i++)
    args[i] = argument (message, format->params[i]);

  if (format->params[0] != NULL && format->params[0][0] == '#')
    {
      guint64 n = g_ascii_strtoull (args[0], NULL, 10);
      guint count = (guint) MIN (n, G_MAXUINT);
      const char *text = format->plural != NULL ? format->plural (count)
                                                : g_dgettext (GETTEXT_PACKAGE, format->text);

      return g_strdup_printf (text, count, args[1], args[2]);
    }
  return g_strdup_printf (g_dgettext (GETTEXT_PACKAGE, format->text), args[0], args[1], args[2]);
}

gboolean
eo_message_equal (const EoMessage *a,
                  const EoMessage *b)
{
  guint i;

  if (a == NULL || b == NULL)
    return a == b;
  if (!g_str_equal (a->code, b->code))
    return FALSE;
  for (i = 0; a->params[i] != NULL; i++)
    if (g_strcmp0 (a->params[i], b->params[i]) != 0)
      return FALSE;
  return b->params[i] == NULL;
}

void
eo_message_write_json (const EoMessage *message,
                       EoJsonWriter    *writer,
                       const char      *name)
{
  g_return_if_fail (message != NULL);
  g_return_if_fail (writer != NULL);

  eo_json_writer_begin_object (writer, name);
  eo_json_writer_add_string (writer, "code", message->code);
  eo_json_writer_begin_object (writer, "params");
  for (guint i = 0; message->params[i] != NULL; i += 2)
    eo_json_writer_add_string (writer, message->params[i], message->params[i + 1]);
  eo_json_writer_end_object (writer);
  eo_json_writer_end_object (writer);
}

static const char *
string_of (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
eo_message_read_json (JsonNode   *node,
                      EoMessage **out)
{
  g_autoptr(EoMessage) message = NULL;
  JsonObject *object, *params = NULL;
  JsonNode *params_node;
  const char *code;

  g_return_val_if_fail (out != NULL, FALSE);

  *out = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  code = string_of (json_object_get_member (object, "code"));
  if (!is_name (code, 64))
    return FALSE;
  params_node = json_object_get_member (object, "params");
  if (params_node != NULL && !JSON_NODE_HOLDS_NULL (params_node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (params_node))
        return FALSE;
      params = json_node_get_object (params_node);
      if (json_object_get_size (params) > EO_MESSAGE_MAX_PARAMS)
        return FALSE;
    }

  message = eo_message_new (code, NULL);
  if (params != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (params);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *value = string_of (json_object_get_member (params, l->data));

          if (!is_name (l->data, 32) || value == NULL ||
              strlen (value) > EO_MESSAGE_MAX_VALUE || !g_utf8_validate (value, -1, NULL))
            return FALSE;
          add_param (message, l->data, value);
        }
    }
  *out = g_steal_pointer (&message);
  return TRUE;
}
