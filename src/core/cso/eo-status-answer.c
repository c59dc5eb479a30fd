/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-status-answer"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "eo-status-answer.h"

/* A strict JSON reader (RFC 8259) over the answer's text, recursive with
 * a depth bound. It keeps what the client needs of an eid-status answer
 * and checks the rest without storing it. */

typedef struct
{
  const char *p;
  const char *end;
  guint       depth;
  GByteArray *text;  /* read in place (the text of p), or NULL */
} Reader;

/* Where a value goes: nowhere (skipped), or a string slot. */
typedef enum
{
  WANT_NOTHING,
  WANT_STRING,
} Want;

static gboolean read_value (Reader  *r,
                            Want     want,
                            char   **string_out);

static void
skip_ws (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
    r->p++;
}

static gboolean
take (Reader *r,
      char    c)
{
  skip_ws (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
peek (Reader *r,
      char    c)
{
  skip_ws (r);
  return r->p < r->end && *r->p == c;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader  *r,
           guint   *value)
{
  *value = 0;
  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int v = hex_value (r->p[i]);

      if (v < 0)
        return FALSE;
      *value = *value * 16 + (guint) v;
    }
  r->p += 4;
  return TRUE;
}

/* A string (the opening quote is next). Decoded into *@out when @out is
 * not NULL; with @borrow, when reading in place, a string without
 * escapes is not copied: its closing quote becomes its NUL and *@out
 * points into the text (given back with release()). The text was checked
 * as UTF-8 as a whole beforehand. */
static gboolean
read_string (Reader    *r,
             char     **out,
             gboolean   borrow)
{
  GString *decoded = NULL;

  if (!take (r, '"'))
    return FALSE;

  /* Most strings have no escape: copied in one piece, at their size (a
   * status answer has about six strings per device). */
  {
    const char *q = r->p;

    while (q < r->end && *q != '"' && *q != '\\' && (guchar) *q >= 0x20)
      q++;
    if (q < r->end && *q == '"')
      {
        if (out != NULL && borrow && r->text != NULL)
          {
            *(char *) q = '\0';
            *out = (char *) r->p;
          }
        else if (out != NULL)
          *out = g_strndup (r->p, q - r->p);
        r->p = q + 1;
        return TRUE;
      }
  }

  if (out != NULL)
    decoded = g_string_new (NULL);

  while (r->p < r->end)
    {
      const char *run = r->p;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      if (decoded != NULL && r->p > run)
        g_string_append_len (decoded, run, r->p - run);
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        break;
      if (*r->p == '"')
        {
          r->p++;
          if (out != NULL)
            *out = g_string_free (decoded, FALSE);
          return TRUE;
        }

      /* An escape. */
      r->p++;
      if (r->p >= r->end)
        break;
      {
        char c = *r->p++;
        gunichar u;
        guint hi, lo;

        switch (c)
          {
          case '"': u = '"'; break;
          case '\\': u = '\\'; break;
          case '/': u = '/'; break;
          case 'b': u = '\b'; break;
          case 'f': u = '\f'; break;
          case 'n': u = '\n'; break;
          case 'r': u = '\r'; break;
          case 't': u = '\t'; break;
          case 'u':
            if (!read_hex4 (r, &hi))
              goto fail;
            if (hi >= 0xD800 && hi <= 0xDBFF)
              {
                /* A surrogate pair, or nothing. */
                if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u')
                  goto fail;
                r->p += 2;
                if (!read_hex4 (r, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                  goto fail;
                u = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
              }
            else if (hi >= 0xDC00 && hi <= 0xDFFF)
              goto fail;
            else if (hi == 0)
              goto fail; /* a NUL inside a C string would cut it */
            else
              u = hi;
            break;
          default:
            goto fail; /* not an escape JSON knows */
          }
        if (decoded != NULL)
          g_string_append_unichar (decoded, u);
      }
    }

fail:
  if (decoded != NULL)
    g_string_free (decoded, TRUE);
  return FALSE;
}

/* Frees a string read by read_string(), or gives a borrowed one back to
 * the text (its closing quote again). */
static void
release (GByteArray *text,
         char       *str)
{
  if (eo_remote_config_text_holds (text, str))
    str[strlen (str)] = '"';
  else
    g_free (str);
}

/* A number; *@integer gets it when it is an integer that fits. */
static gboolean
read_number (Reader   *r,
             gboolean *is_integer,
             gint64   *integer)
{
  const char *start;
  gboolean integral = TRUE;
  g_autofree char *text = NULL;

  skip_ws (r);
  start = r->p;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      integral = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      integral = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  *is_integer = FALSE;
  if (integral && r->p - start <= 20)
    {
      char *end = NULL;
      gint64 value;

      text = g_strndup (start, r->p - start);
      errno = 0;
      value = g_ascii_strtoll (text, &end, 10);
      if (errno == 0 && end != NULL && *end == '\0')
        {
          *is_integer = TRUE;
          *integer = value;
        }
    }
  return TRUE;
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize n = strlen (word);

  skip_ws (r);
  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return FALSE;
  r->p += n;
  return TRUE;
}

static gboolean
enter (Reader *r)
{
  if (++r->depth > EO_STATUS_ANSWER_MAX_DEPTH)
    return FALSE;
  return TRUE;
}

/* Reads one member's value; @key is its name. */
typedef gboolean (*MemberFunc) (Reader     *r,
                                const char *key,
                                gpointer    data);

/* An object (its "{" is next): each member's value read by @func, or
 * skipped when @func is NULL. */
static gboolean
read_object (Reader     *r,
             MemberFunc  func,
             gpointer    data)
{
  if (!take (r, '{') || !enter (r))
    return FALSE;
  if (!take (r, '}'))
    {
      do
        {
          g_autofree char *key = NULL;

          if (!read_string (r, func != NULL ? &key : NULL, FALSE) || !take (r, ':'))
            return FALSE;
          if (func != NULL ? !func (r, key, data) : !read_value (r, WANT_NOTHING, NULL))
            return FALSE;
        }
      while (take (r, ','));
      if (!take (r, '}'))
        return FALSE;
    }
  r->depth--;
  return TRUE;
}

/* Reads one element of an array. */
typedef gboolean (*ElementFunc) (Reader   *r,
                                 gpointer  data);

/* An array (its "[" is next): each element read by @func, or skipped
 * when @func is NULL. */
static gboolean
read_array (Reader      *r,
            ElementFunc  func,
            gpointer     data)
{
  if (!take (r, '[') || !enter (r))
    return FALSE;
  if (!take (r, ']'))
    {
      do
        if (func != NULL ? !func (r, data) : !read_value (r, WANT_NOTHING, NULL))
          return FALSE;
      while (take (r, ','));
      if (!take (r, ']'))
        return FALSE;
    }
  r->depth--;
  return TRUE;
}

/* Any value. With WANT_STRING, a string value is decoded into
 * *@string_out (a value of another type leaves it NULL). */
static gboolean
read_value (Reader  *r,
            Want     want,
            char   **string_out)
{
  gboolean is_integer;
  gint64 integer;

  skip_ws (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '{':
      return read_object (r, NULL, NULL);
    case '[':
      return read_array (r, NULL, NULL);
    case '"':
      return read_string (r, want == WANT_STRING ? string_out : NULL, TRUE);
    case 't':
      return read_literal (r, "true");
    case 'f':
      return read_literal (r, "false");
    case 'n':
      return read_literal (r, "null");
    default:
      return read_number (r, &is_integer, &integer);
    }
}

/* A string member kept in *@slot (the last one wins, as in a JSON tree;
 * a non-string value clears it). */
static gboolean
read_string_member (Reader  *r,
                    char   **slot)
{
  char *value = NULL;

  if (!read_value (r, WANT_STRING, &value))
    return FALSE;
  release (r->text, *slot);
  *slot = value;
  return TRUE;
}

/* The members of a "configs" element that are kept. */
typedef struct
{
  char *eid, *iccid, *name, *status, *message, *reason, *error;
} ConfigFields;

static gboolean
config_member (Reader     *r,
               const char *key,
               gpointer    data)
{
  ConfigFields *fields = data;
  static const struct { const char *key; gsize offset; } slots[] = {
    { "eid", G_STRUCT_OFFSET (ConfigFields, eid) },
    { "iccid", G_STRUCT_OFFSET (ConfigFields, iccid) },
    { "name", G_STRUCT_OFFSET (ConfigFields, name) },
    { "status", G_STRUCT_OFFSET (ConfigFields, status) },
    { "message", G_STRUCT_OFFSET (ConfigFields, message) },
    { "reason", G_STRUCT_OFFSET (ConfigFields, reason) },
    { "error", G_STRUCT_OFFSET (ConfigFields, error) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (slots); i++)
    if (g_str_equal (key, slots[i].key))
      return read_string_member (r, G_STRUCT_MEMBER_P (fields, slots[i].offset));
  return read_value (r, WANT_NOTHING, NULL);
}

/* One element of "configs". Non-objects are skipped (as before). */
static gboolean
read_config (Reader   *r,
             gpointer  data)
{
  EoStatusAnswer *answer = data;
  GPtrArray *configs = answer->configs;
  ConfigFields fields = { 0 };
  EoRemoteConfig *config;
  const char *why;
  gboolean ok;

  if (!peek (r, '{'))
    return read_value (r, WANT_NOTHING, NULL);

  ok = read_object (r, config_member, &fields);
  if (ok)
    {
      config = g_new0 (EoRemoteConfig, 1);
      config->eid = g_steal_pointer (&fields.eid);
      config->iccid = g_steal_pointer (&fields.iccid);
      config->name = g_steal_pointer (&fields.name);
      config->status = g_steal_pointer (&fields.status);
      config->kind = eo_remote_status_classify (config->status);
      /* The first non-empty of message, reason, error. */
      why = (fields.message != NULL && *fields.message != '\0') ? fields.message
            : (fields.reason != NULL && *fields.reason != '\0') ? fields.reason
            : (fields.error != NULL && *fields.error != '\0') ? fields.error : NULL;
      config->reason = g_strdup (why);
      if (r->text != NULL)
        config->text = g_byte_array_ref (r->text);
      g_ptr_array_add (configs, config);
    }
  release (r->text, fields.eid);
  release (r->text, fields.iccid);
  release (r->text, fields.name);
  release (r->text, fields.status);
  release (r->text, fields.message);
  release (r->text, fields.reason);
  release (r->text, fields.error);
  return ok;
}

/* The configs' strings given back to @text, the configs dropped. */
static void
give_back (GByteArray     *text,
           EoStatusAnswer *answer)
{
  for (guint i = 0; i < answer->configs->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (answer->configs, i);
      char **fields[] = { &config->eid, &config->iccid, &config->name, &config->status, &config->reason };

      for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
        if (eo_remote_config_text_holds (text, *fields[f]))
          {
            release (text, *fields[f]);
            *fields[f] = NULL;
          }
    }
  g_ptr_array_set_size (answer->configs, 0);
}

static gboolean
read_configs (Reader         *r,
              EoStatusAnswer *answer)
{
  give_back (r->text, answer);
  answer->configs_not_list = FALSE;

  if (read_literal (r, "null"))
    return TRUE;
  if (!peek (r, '['))
    {
      answer->configs_not_list = TRUE;
      return read_value (r, WANT_NOTHING, NULL);
    }

  return read_array (r, read_config, answer);
}

static gboolean
data_member (Reader     *r,
             const char *key,
             gpointer    data)
{
  if (g_str_equal (key, "configs"))
    return read_configs (r, data);
  return read_value (r, WANT_NOTHING, NULL);
}

/* "data": an object (its "configs" read), null, or anything else (then
 * not an envelope). */
static gboolean
read_data (Reader         *r,
           EoStatusAnswer *answer,
           gboolean       *shape_ok)
{
  answer->has_data = FALSE;
  give_back (r->text, answer);
  answer->configs_not_list = FALSE;

  if (read_literal (r, "null"))
    return TRUE;
  if (!peek (r, '{'))
    {
      *shape_ok = FALSE;
      return read_value (r, WANT_NOTHING, NULL);
    }
  answer->has_data = TRUE;
  return read_object (r, data_member, answer);
}

/* What the envelope's members say, while they are read. */
typedef struct
{
  EoStatusAnswer *answer;
  gboolean        shape_ok;
  gboolean        has_success;
  gboolean        has_data_member;
  gboolean        has_error;
} Envelope;

static gboolean
envelope_member (Reader     *r,
                 const char *key,
                 gpointer    data)
{
  Envelope *envelope = data;
  EoStatusAnswer *answer = envelope->answer;

  if (g_str_equal (key, "success"))
    {
      envelope->has_success = TRUE;
      if (read_literal (r, "true"))
        answer->success = TRUE;
      else if (read_literal (r, "false"))
        answer->success = FALSE;
      else
        {
          envelope->shape_ok = FALSE;
          return read_value (r, WANT_NOTHING, NULL);
        }
      return TRUE;
    }
  if (g_str_equal (key, "code"))
    {
      gboolean is_integer = FALSE;
      gint64 code = 0;

      skip_ws (r);
      answer->code = 0;
      if (r->p < r->end && (*r->p == '-' || g_ascii_isdigit (*r->p)))
        {
          if (!read_number (r, &is_integer, &code))
            return FALSE;
          answer->code = is_integer ? code : 0;
          return TRUE;
        }
      return read_value (r, WANT_NOTHING, NULL);
    }
  if (g_str_equal (key, "data"))
    {
      envelope->has_data_member = TRUE;
      return read_data (r, answer, &envelope->shape_ok);
    }
  if (g_str_equal (key, "error"))
    envelope->has_error = TRUE;
  return read_value (r, WANT_NOTHING, NULL);
}

static gboolean
parse (const char     *data,
       gsize           length,
       GByteArray     *text,
       EoStatusAnswer *answer)
{
  Reader r = { data, data + length, 0, text };
  Envelope envelope = { answer, TRUE, FALSE, FALSE, FALSE };

  memset (answer, 0, sizeof *answer);
  answer->success = TRUE;
  answer->configs = g_ptr_array_new_with_free_func ((GDestroyNotify) eo_remote_config_free);

  if (data == NULL || !g_utf8_validate_len (data, length, NULL))
    return FALSE;

  if (!peek (&r, '{'))
    {
      /* Valid JSON of another shape is not an envelope. */
      if (!read_value (&r, WANT_NOTHING, NULL))
        return FALSE;
      skip_ws (&r);
      return r.p == r.end;
    }

  if (!read_object (&r, envelope_member, &envelope))
    return FALSE;

  skip_ws (&r);
  if (r.p != r.end)
    return FALSE;

  answer->envelope = envelope.shape_ok &&
                     (envelope.has_success || envelope.has_data_member || envelope.has_error);
  if (!answer->envelope)
    answer->success = TRUE;
  return TRUE;
}

gboolean
eo_status_answer_parse (const char     *data,
                        gsize           length,
                        EoStatusAnswer *answer)
{
  g_return_val_if_fail (answer != NULL, FALSE);

  return parse (data, length, NULL, answer);
}

gboolean
eo_status_answer_parse_in_place (GByteArray     *text,
                                 EoStatusAnswer *answer)
{
  gboolean ok;

  g_return_val_if_fail (answer != NULL, FALSE);

  if (text == NULL)
    return parse (NULL, 0, NULL, answer);
  ok = parse ((const char *) text->data, text->len, text, answer);
  if (!ok || !answer->envelope || !answer->success)
    give_back (text, answer);
  return ok;
}

void
eo_status_answer_clear (EoStatusAnswer *answer)
{
  g_clear_pointer (&answer->configs, g_ptr_array_unref);
}
