/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-json-check"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-json-check.h"

/* A strict JSON checker without recursion: the open containers are bits
 * of one 64-bit word (1: object, 0: array), so the depth bound is at most
 * 64 and nothing is allocated. */

#define STACK_BITS 64

typedef struct
{
  const char *p;
  const char *end;
} Scan;

static inline void
skip_ws (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
    s->p++;
}

static gboolean
hex4 (Scan  *s,
      guint *value)
{
  *value = 0;
  if (s->end - s->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      char c = s->p[i];
      guint v;

      if (c >= '0' && c <= '9')
        v = (guint) (c - '0');
      else if (c >= 'a' && c <= 'f')
        v = (guint) (c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v = (guint) (c - 'A' + 10);
      else
        return FALSE;
      *value = *value * 16 + v;
    }
  s->p += 4;
  return TRUE;
}

/* A string; its opening quote is next. */
static gboolean
scan_string (Scan *s)
{
  s->p++;
  while (s->p < s->end)
    {
      guchar c = (guchar) *s->p++;
      guint hi, lo;

      if (c == '"')
        return TRUE;
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        continue;
      if (s->p >= s->end)
        return FALSE;
      c = (guchar) *s->p++;
      switch (c)
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          break;
        case 'u':
          if (!hex4 (s, &hi) || hi == 0 || (hi >= 0xDC00 && hi <= 0xDFFF))
            return FALSE;
          if (hi >= 0xD800 && hi <= 0xDBFF)
            {
              if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u')
                return FALSE;
              s->p += 2;
              if (!hex4 (s, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                return FALSE;
            }
          break;
        default:
          return FALSE; /* "\200", "\x41", "\'"…: not JSON */
        }
    }
  return FALSE;
}

static gboolean
scan_digits (Scan *s)
{
  const char *start = s->p;

  while (s->p < s->end && g_ascii_isdigit (*s->p))
    s->p++;
  return s->p > start;
}

static gboolean
scan_number (Scan *s)
{
  if (s->p < s->end && *s->p == '-')
    s->p++;
  if (s->p < s->end && *s->p == '0')
    s->p++;
  else if (!scan_digits (s))
    return FALSE;
  if (s->p < s->end && *s->p == '.')
    {
      s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  if (s->p < s->end && (*s->p == 'e' || *s->p == 'E'))
    {
      s->p++;
      if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
        s->p++;
      if (!scan_digits (s))
        return FALSE;
    }
  return TRUE;
}

static gboolean
scan_literal (Scan       *s,
              const char *word,
              gsize       n)
{
  if ((gsize) (s->end - s->p) < n || memcmp (s->p, word, n) != 0)
    return FALSE;
  s->p += n;
  return TRUE;
}

/* A scalar value (not a container); its first character is next. */
static gboolean
scan_scalar (Scan *s)
{
  switch (*s->p)
    {
    case '"':
      return scan_string (s);
    case 't':
      return scan_literal (s, "true", 4);
    case 'f':
      return scan_literal (s, "false", 5);
    case 'n':
      return scan_literal (s, "null", 4);
    default:
      return scan_number (s);
    }
}

/* A member's name and its colon; the name's quote should be next. */
static gboolean
scan_key (Scan *s)
{
  skip_ws (s);
  if (s->p >= s->end || *s->p != '"' || !scan_string (s))
    return FALSE;
  skip_ws (s);
  if (s->p >= s->end || *s->p != ':')
    return FALSE;
  s->p++;
  return TRUE;
}

EoJsonCheck
eo_json_check (const char *data,
               gsize       length,
               guint       max_depth)
{
  Scan s = { data, data + length };
  guint64 objects = 0;   /* bit i: container at depth i+1 is an object */
  guint depth = 0;

  if (data == NULL || length == 0)
    return EO_JSON_CHECK_EMPTY;
  if (!g_utf8_validate_len (data, length, NULL))
    return EO_JSON_CHECK_NOT_UTF8;
  max_depth = MIN (max_depth, STACK_BITS);

  for (;;)
    {
      /* A value is next. */
      skip_ws (&s);
      if (s.p >= s.end)
        return EO_JSON_CHECK_SYNTAX;
      if (*s.p == '{' || *s.p == '[')
        {
          gboolean object = *s.p == '{';

          if (++depth > max_depth)
            return EO_JSON_CHECK_TOO_DEEP;
          if (object)
            objects |= G_GUINT64_CONSTANT (1) << (depth - 1);
          else
            objects &= ~(G_GUINT64_CONSTANT (1) << (depth - 1));
          s.p++;
          skip_ws (&s);
          if (s.p < s.end && *s.p == (object ? '}' : ']'))
            {
              s.p++;
              depth--;
            }
          else
            {
              if (object && !scan_key (&s))
                return EO_JSON_CHECK_SYNTAX;
              continue;
            }
        }
      else if (!scan_scalar (&s))
        return EO_JSON_CHECK_SYNTAX;

      /* After a value: a separator, the end of containers, or the end. */
      for (;;)
        {
          gboolean object;

          skip_ws (&s);
          if (depth == 0)
            return s.p == s.end ? EO_JSON_CHECK_OK : EO_JSON_CHECK_SYNTAX;
          if (s.p >= s.end)
            return EO_JSON_CHECK_SYNTAX;
          object = (objects >> (depth - 1)) & 1;
          if (*s.p == ',')
            {
              s.p++;
              if (object && !scan_key (&s))
                return EO_JSON_CHECK_SYNTAX;
              break;
            }
          if (*s.p != (object ? '}' : ']'))
            return EO_JSON_CHECK_SYNTAX;
          s.p++;
          depth--;
        }
    }
}

const char *
eo_json_check_phrase (EoJsonCheck result)
{
  switch (result)
    {
    case EO_JSON_CHECK_OK:
      return "";
    case EO_JSON_CHECK_EMPTY:
      return N_("it is empty");
    case EO_JSON_CHECK_NOT_UTF8:
      return N_("it is not UTF-8 text");
    case EO_JSON_CHECK_TOO_DEEP:
      return N_("it nests too deeply");
    case EO_JSON_CHECK_SYNTAX:
    default:
      return N_("it is not in the expected JSON form");
    }
}

const char *
eo_json_check_describe (EoJsonCheck result)
{
  const char *phrase = eo_json_check_phrase (result);

  return *phrase != '\0' ? _(phrase) : phrase;
}
