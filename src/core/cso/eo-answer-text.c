/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-answer-text"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-answer-text.h"

#define KEY_MASK "[…]"
#define REPLACEMENT 0xFFFD

static void
mask_key (GString    *out,
          const char *api_key)
{
  if (api_key != NULL && *api_key != '\0')
    g_string_replace (out, api_key, KEY_MASK, 0);
}

static gboolean
is_unsafe (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
    case G_UNICODE_SURROGATE:
      return TRUE;
    default:
      return FALSE;
    }
}

char *
eo_answer_text_message (const char *api_key,
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

      if (!g_unichar_isprint (c) || g_unichar_isspace (c) || is_unsafe (c))
        {
          space = out->len > 0;
          continue;
        }
      if (n_chars >= EO_ANSWER_MESSAGE_MAX_CHARS)
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

  mask_key (out, api_key);
  return g_string_free (out, FALSE);
}

/* Plain printable ASCII, short enough, and without the key: kept as is
 * (the case of nearly every field of a status answer). */
static gboolean
is_plain (const char *api_key,
          const char *text,
          guint       max_chars)
{
  gsize n = 0;

  for (const char *p = text; *p != '\0'; p++, n++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      return FALSE;
  if (n > max_chars)
    return FALSE;
  /* A text shorter than the key cannot hold it (the usual case: a bcrypt
   * key has 60 characters, an EID 32). */
  if (api_key == NULL || *api_key == '\0' || n < strlen (api_key))
    return TRUE;
  return strstr (text, api_key) == NULL;
}

const char *
eo_answer_text_value (const char  *api_key,
                      const char  *text,
                      guint        max_chars,
                      char       **copy)
{
  GString *out;
  const char *p, *end;
  guint n_chars = 0;

  *copy = NULL;
  if (text == NULL || is_plain (api_key, text, max_chars))
    return text;

  out = g_string_new (NULL);
  end = text + strlen (text);
  for (p = text; p < end && *p != '\0'; )
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (n_chars >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* An invalid byte ("\200" as json-glib decodes it). */
          g_string_append_unichar (out, REPLACEMENT);
          p++;
        }
      else
        {
          g_string_append_unichar (out, is_unsafe (c) ? REPLACEMENT : c);
          p = g_utf8_next_char (p);
        }
      n_chars++;
    }

  mask_key (out, api_key);
  *copy = g_string_free (out, FALSE);
  return *copy;
}

void
eo_answer_text_clean (const char  *api_key,
                      char       **slot,
                      guint        max_chars)
{
  char *copy = NULL;

  eo_answer_text_value (api_key, *slot, max_chars, &copy);
  if (copy != NULL)
    {
      g_free (*slot);
      *slot = copy;
    }
}

gboolean
eo_request_id_is_valid (const char *request_id)
{
  gsize n = 0;

  if (request_id == NULL)
    return FALSE;
  for (const char *p = request_id; *p != '\0'; p++, n++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return n > 0 && n <= EO_REQUEST_ID_MAX_CHARS;
}
