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

/* ------------------------------------------------------------- streaming */

/* What an open array or object is to the stream. */
typedef enum
{
  ROLE_OTHER,
  ROLE_TOP,      /* the text's object */
  ROLE_DATA,     /* the value of its "data" */
  ROLE_CONFIGS,  /* the value of that object's "configs" */
} Role;

/* Member names longer than this (escapes included) are none of those
 * the stream looks for: "configs" written all in \\u escapes is 42. */
#define STREAM_KEY_MAX 64
/* Rows' blocks: a row and its strings take about 130 bytes. */
#define STREAM_BLOCK_BYTES (64 * 1024)
/* A row bigger than this keeps strings of its own instead. */
#define STREAM_ROW_MAX (STREAM_BLOCK_BYTES / 8)

struct _EoStatusStream
{
  EoStatusRowFunc clean;
  gpointer        clean_data;

  GByteArray *rest;       /* the text outside the configs' elements */
  GByteArray *piece;      /* the element being read */
  GPtrArray  *rows;       /* EoRemoteConfig */
  GByteArray *block;      /* where rows go, or NULL */
  gsize       max_held;
  EoJsonCheck check;

  guint       depth;      /* open arrays and objects */
  guint8      is_object[EO_STATUS_ANSWER_MAX_DEPTH + 1];
  guint8      role[EO_STATUS_ANSWER_MAX_DEPTH + 1];
  gboolean    in_string;
  gboolean    escape;
  gboolean    string_is_key;
  gboolean    expect_key;  /* in an object, after "{" or "," */
  gboolean    key_done;    /* a name was read; its ":" comes */
  char        key[STREAM_KEY_MAX];
  guint       key_len;     /* > STREAM_KEY_MAX: too long */
  Role        value_role;  /* of the value after the last ":" */

  guint       configs_depth; /* depth of the configs array, 0: none open */
  guint       n_elements;    /* of the open configs array, so far */
  gboolean    after_comma;   /* an element must come */
};

EoStatusStream *
eo_status_stream_new (EoStatusRowFunc clean,
                      gpointer        user_data)
{
  EoStatusStream *stream = g_new0 (EoStatusStream, 1);

  stream->clean = clean;
  stream->clean_data = user_data;
  stream->rest = g_byte_array_new ();
  stream->piece = g_byte_array_new ();
  stream->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) eo_remote_config_free);
  stream->check = EO_JSON_CHECK_OK;
  return stream;
}

void
eo_status_stream_free (EoStatusStream *stream)
{
  if (stream == NULL)
    return;
  g_byte_array_unref (stream->rest);
  g_byte_array_unref (stream->piece);
  g_ptr_array_unref (stream->rows);
  g_clear_pointer (&stream->block, g_byte_array_unref);
  g_free (stream);
}

EoJsonCheck
eo_status_stream_get_check (EoStatusStream *stream)
{
  g_return_val_if_fail (stream != NULL, EO_JSON_CHECK_SYNTAX);
  return stream->check;
}

GByteArray *
eo_status_stream_get_rest (EoStatusStream *stream)
{
  g_return_val_if_fail (stream != NULL, NULL);
  return stream->rest;
}

gsize
eo_status_stream_get_max_held (EoStatusStream *stream)
{
  g_return_val_if_fail (stream != NULL, 0);
  return stream->max_held;
}

void
eo_status_stream_insert_row (EoStatusStream *stream,
                             EoRemoteConfig *config)
{
  g_return_if_fail (stream != NULL);
  g_return_if_fail (config != NULL && config->text == NULL);

  g_ptr_array_add (stream->rows, config);
}

guint
eo_status_stream_get_n_rows (EoStatusStream *stream)
{
  g_return_val_if_fail (stream != NULL, 0);
  return stream->rows->len;
}

static void
stream_fail (EoStatusStream *stream,
             EoJsonCheck     check)
{
  if (stream->check == EO_JSON_CHECK_OK)
    stream->check = check;
  g_ptr_array_set_size (stream->rows, 0);
  g_byte_array_set_size (stream->piece, 0);
}

/* Room for @size bytes in the rows' block, 8-aligned; NULL when a row of
 * that size keeps strings of its own. */
static guint8 *
block_take (EoStatusStream *stream,
            gsize           size)
{
  gsize start;

  size = (size + 7) & ~(gsize) 7;
  if (size > STREAM_ROW_MAX)
    return NULL;
  if (stream->block == NULL || stream->block->len + size > STREAM_BLOCK_BYTES)
    {
      g_clear_pointer (&stream->block, g_byte_array_unref);
      /* Reserved whole: the block never moves once rows point into it. */
      stream->block = g_byte_array_sized_new (STREAM_BLOCK_BYTES);
    }
  start = stream->block->len;
  {
    guint8 *data = stream->block->data;

    g_byte_array_set_size (stream->block, (guint) (start + size));
    g_assert (stream->block->data == data);
  }
  return stream->block->data + start;
}

/* Moves @config (its strings in the piece) into the rows' block, or gives
 * it strings of its own when it is too big for one. */
static EoRemoteConfig *
settle (EoStatusStream *stream,
        EoRemoteConfig *config)
{
  char **fields[] = { &config->eid, &config->iccid, &config->name, &config->status, &config->reason };
  gsize size = sizeof (EoRemoteConfig);
  EoRemoteConfig *moved;
  guint8 *p;

  for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
    if (eo_remote_config_text_holds (config->text, *fields[f]))
      size += strlen (*fields[f]) + 1;

  p = block_take (stream, size);
  if (p == NULL)
    {
      for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
        if (eo_remote_config_text_holds (config->text, *fields[f]))
          *fields[f] = g_strdup (*fields[f]);
      g_clear_pointer (&config->text, g_byte_array_unref);
      return config;
    }

  moved = (EoRemoteConfig *) p;
  *moved = *config;
  p += sizeof (EoRemoteConfig);
  {
    char **moved_fields[] = { &moved->eid, &moved->iccid, &moved->name, &moved->status, &moved->reason };

    for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
      if (eo_remote_config_text_holds (config->text, *fields[f]))
        {
          gsize length = strlen (*fields[f]) + 1;

          memcpy (p, *fields[f], length);
          *moved_fields[f] = (char *) p;
          p += length;
        }
  }
  moved->text = g_byte_array_ref (stream->block);
  /* The old one: only the piece is let go (its other strings moved on). */
  g_byte_array_unref (config->text);
  g_free (config);
  return moved;
}

/* The element in the piece, between two separators of the configs. */
static void
stream_element (EoStatusStream *stream)
{
  Reader r;
  EoStatusAnswer into = { 0 };
  guint before = stream->rows->len;
  gboolean ok;

  if (!g_utf8_validate_len ((const char *) stream->piece->data, stream->piece->len, NULL))
    {
      stream_fail (stream, EO_JSON_CHECK_NOT_UTF8);
      return;
    }

  r.p = (const char *) stream->piece->data;
  r.end = r.p + stream->piece->len;
  r.depth = stream->configs_depth;
  r.text = stream->piece;
  into.configs = stream->rows;
  ok = read_config (&r, &into);
  skip_ws (&r);
  if (!ok || r.p != r.end)
    {
      EoJsonCheck check = eo_json_check ((const char *) stream->piece->data, stream->piece->len,
                                         EO_STATUS_ANSWER_MAX_DEPTH - stream->configs_depth);

      stream_fail (stream, check == EO_JSON_CHECK_TOO_DEEP ? check : EO_JSON_CHECK_SYNTAX);
      return;
    }

  if (stream->rows->len > before)
    {
      EoRemoteConfig **slot;

      /* Rows the cleaning puts before it come at the end, then it. */
      if (stream->clean != NULL &&
          !stream->clean (stream, g_ptr_array_index (stream->rows, before), stream->clean_data))
        g_ptr_array_remove_index (stream->rows, before);
      else
        {
          if (stream->rows->len > before + 1)
            {
              gpointer row = g_ptr_array_steal_index (stream->rows, before);

              g_ptr_array_add (stream->rows, row);
            }
          slot = (EoRemoteConfig **) &g_ptr_array_index (stream->rows, stream->rows->len - 1);
          *slot = settle (stream, *slot);
        }
    }
  g_byte_array_set_size (stream->piece, 0);
  stream->n_elements++;
}

static gboolean
piece_is_blank (EoStatusStream *stream)
{
  for (guint i = 0; i < stream->piece->len; i++)
    {
      guint8 c = stream->piece->data[i];

      if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
        return FALSE;
    }
  return TRUE;
}

/* A "," or "]" of the open configs array. */
static void
stream_separator (EoStatusStream *stream,
                  char            c)
{
  if (piece_is_blank (stream))
    {
      /* Only "[]" (blanks inside) has no element before its end. */
      if (c == ',' || stream->n_elements > 0 || stream->after_comma)
        {
          stream_fail (stream, EO_JSON_CHECK_SYNTAX);
          return;
        }
      g_byte_array_set_size (stream->piece, 0);
    }
  else
    {
      stream_element (stream);
      if (stream->check != EO_JSON_CHECK_OK)
        return;
    }
  stream->after_comma = c == ',';
}

/* The name just read: a member of the text's object, or of its data. */
static Role
key_role (EoStatusStream *stream)
{
  Role parent = stream->role[stream->depth];
  g_autofree char *name = NULL;
  Reader r;
  g_autofree char *quoted = NULL;

  if (stream->key_len > STREAM_KEY_MAX || (parent != ROLE_TOP && parent != ROLE_DATA))
    return ROLE_OTHER;
  /* Read as JSON, escapes and all, as the whole text would be. */
  quoted = g_strdup_printf ("\"%.*s\"", (int) stream->key_len, stream->key);
  r.p = quoted;
  r.end = quoted + strlen (quoted);
  r.depth = 0;
  r.text = NULL;
  if (!read_string (&r, &name, FALSE) || r.p != r.end)
    return ROLE_OTHER; /* the rest's reading will refuse it */
  if (parent == ROLE_TOP && g_str_equal (name, "data"))
    return ROLE_DATA;
  if (parent == ROLE_DATA && g_str_equal (name, "configs"))
    return ROLE_CONFIGS;
  return ROLE_OTHER;
}

static void
stream_open (EoStatusStream *stream,
             char            c)
{
  Role role = ROLE_OTHER;

  if (stream->depth == 0 && c == '{')
    role = ROLE_TOP;
  else if ((stream->value_role == ROLE_DATA && c == '{') || (stream->value_role == ROLE_CONFIGS && c == '['))
    role = stream->value_role;
  stream->value_role = ROLE_OTHER;

  if (stream->depth >= EO_STATUS_ANSWER_MAX_DEPTH)
    {
      stream_fail (stream, EO_JSON_CHECK_TOO_DEEP);
      return;
    }
  stream->depth++;
  stream->is_object[stream->depth] = c == '{';
  stream->role[stream->depth] = role;
  stream->expect_key = c == '{';
  if (role == ROLE_CONFIGS)
    {
      stream->configs_depth = stream->depth;
      stream->n_elements = 0;
      stream->after_comma = FALSE;
    }
}

static void
stream_close (EoStatusStream *stream,
              char            c)
{
  if (stream->depth == 0 || stream->is_object[stream->depth] != (c == '}'))
    {
      stream_fail (stream, EO_JSON_CHECK_SYNTAX);
      return;
    }
  if (stream->depth == stream->configs_depth)
    stream->configs_depth = 0;
  stream->depth--;
  stream->expect_key = FALSE;
  stream->value_role = ROLE_OTHER;
}

/* One byte outside a string and outside the configs' elements. */
static void
stream_structure (EoStatusStream *stream,
                  char            c)
{
  switch (c)
    {
    case '"':
      stream->in_string = TRUE;
      /* Only names that may be "data" or "configs" are looked at. */
      stream->string_is_key = stream->depth > 0 && stream->is_object[stream->depth] && stream->expect_key &&
                              (stream->role[stream->depth] == ROLE_TOP || stream->role[stream->depth] == ROLE_DATA);
      stream->key_len = 0;
      stream->expect_key = FALSE;
      stream->value_role = ROLE_OTHER;
      break;
    case ':':
      if (stream->key_done)
        {
          stream->value_role = key_role (stream);
          /* The last "data" and its last "configs" count, as in a tree. */
          if (stream->value_role != ROLE_OTHER)
            g_ptr_array_set_size (stream->rows, 0);
        }
      stream->key_done = FALSE;
      break;
    case ',':
      stream->expect_key = stream->depth > 0 && stream->is_object[stream->depth];
      stream->key_done = FALSE;
      stream->value_role = ROLE_OTHER;
      break;
    case '{':
    case '[':
      stream->key_done = FALSE;
      stream_open (stream, c);
      break;
    case '}':
    case ']':
      stream->key_done = FALSE;
      stream_close (stream, c);
      break;
    case ' ':
    case '\t':
    case '\n':
    case '\r':
      break;
    default:
      stream->key_done = FALSE;
      stream->value_role = ROLE_OTHER;
      break;
    }
}

/* Bytes kept, in the rest or in the piece. */
static void
hold (EoStatusStream *stream,
      GByteArray     *into,
      const char     *data,
      gsize           length)
{
  g_byte_array_append (into, (const guint8 *) data, (guint) length);
  stream->max_held = MAX (stream->max_held, (gsize) stream->rest->len + stream->piece->len);
}

void
eo_status_stream_feed (EoStatusStream *stream,
                       const char     *data,
                       gsize           length)
{
  g_return_if_fail (stream != NULL);
  g_return_if_fail (data != NULL || length == 0);

  for (gsize i = 0; i < length && stream->check == EO_JSON_CHECK_OK; i++)
    {
      char c = data[i];
      gboolean element;

      /* Most of the text is in strings: a run of it in one go. */
      if (stream->in_string && !stream->escape && !stream->string_is_key && c != '"' && c != '\\')
        {
          gsize end = i + 1;

          while (end < length && data[end] != '"' && data[end] != '\\')
            end++;
          hold (stream, stream->configs_depth > 0 ? stream->piece : stream->rest, data + i, end - i);
          i = end - 1;
          continue;
        }
      /* Inside an element of the configs (at any depth below it). */
      element = stream->configs_depth > 0 &&
                (stream->depth > stream->configs_depth || (c != ',' && c != ']') || stream->in_string);

      if (stream->in_string)
        {
          if (stream->escape)
            stream->escape = FALSE;
          else if (c == '\\')
            stream->escape = TRUE;
          else if (c == '"')
            {
              stream->in_string = FALSE;
              stream->key_done = stream->string_is_key;
            }
          if (stream->string_is_key && stream->in_string)
            {
              if (stream->key_len < STREAM_KEY_MAX)
                stream->key[stream->key_len] = c;
              if (stream->key_len <= STREAM_KEY_MAX)
                stream->key_len++;
            }
        }
      else if (stream->configs_depth > 0 && stream->depth == stream->configs_depth && (c == ',' || c == ']'))
        {
          stream_separator (stream, c);
          if (c == ',')
            continue; /* the rest has "[]" where the configs were */
          if (stream->check == EO_JSON_CHECK_OK)
            stream_close (stream, c);
        }
      else
        stream_structure (stream, c);

      hold (stream, element ? stream->piece : stream->rest, &c, 1);
    }
}

gboolean
eo_status_stream_finish (EoStatusStream *stream,
                         EoStatusAnswer *answer)
{
  gboolean ok;

  g_return_val_if_fail (stream != NULL, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);

  /* The text ended inside an element, a string or a container. */
  if (stream->check == EO_JSON_CHECK_OK && (stream->in_string || stream->depth > 0))
    stream_fail (stream, EO_JSON_CHECK_SYNTAX);

  ok = parse ((const char *) stream->rest->data, stream->rest->len, NULL, answer);
  if (stream->check != EO_JSON_CHECK_OK)
    ok = FALSE;
  if (ok && answer->envelope && answer->success && answer->has_data && !answer->configs_not_list)
    {
      g_ptr_array_unref (answer->configs);
      answer->configs = g_steal_pointer (&stream->rows);
      stream->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) eo_remote_config_free);
    }
  else
    g_ptr_array_set_size (answer->configs, 0);
  return ok;
}
