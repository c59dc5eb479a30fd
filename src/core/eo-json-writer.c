/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-json-writer"

#include "config.h"

#include <string.h>
#include <time.h>

#include "eo-json-writer.h"

/* Deeper than any document of ours; a bug, not input. */
#define MAX_DEPTH 63

static void
newline (EoJsonWriter *self,
         guint         depth)
{
  g_string_append_c (self->out, '\n');
  for (guint i = 0; i < depth; i++)
    g_string_append (self->out, "  ");
}

/* The separator and the name before a value. */
static void
begin_value (EoJsonWriter *self,
             const char   *name)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << self->depth;

  if (self->depth > 0)
    {
      if (self->has_items & bit)
        g_string_append_c (self->out, ',');
      if (self->pretty)
        newline (self, self->depth);
    }
  self->has_items |= bit;
  if (name != NULL)
    {
      eo_json_append_string (self->out, name);
      g_string_append (self->out, self->pretty ? " : " : ":");
    }
}

static void
open_container (EoJsonWriter *self,
                const char   *name,
                char          bracket)
{
  g_return_if_fail (self->depth < MAX_DEPTH);

  begin_value (self, name);
  g_string_append_c (self->out, bracket);
  self->depth++;
  self->has_items &= ~(G_GUINT64_CONSTANT (1) << self->depth);
}

static void
close_container (EoJsonWriter *self,
                 char          bracket)
{
  g_return_if_fail (self->depth > 0);

  if (self->pretty && (self->has_items & (G_GUINT64_CONSTANT (1) << self->depth)))
    newline (self, self->depth - 1);
  self->depth--;
  g_string_append_c (self->out, bracket);
}

void
eo_json_writer_init (EoJsonWriter *self,
                     GString      *out,
                     gboolean      pretty)
{
  memset (self, 0, sizeof *self);
  self->out = out;
  self->pretty = pretty;
}

void
eo_json_writer_begin_object (EoJsonWriter *self,
                             const char   *name)
{
  open_container (self, name, '{');
}

void
eo_json_writer_end_object (EoJsonWriter *self)
{
  close_container (self, '}');
}

void
eo_json_writer_begin_array (EoJsonWriter *self,
                            const char   *name)
{
  open_container (self, name, '[');
}

void
eo_json_writer_end_array (EoJsonWriter *self)
{
  close_container (self, ']');
}

void
eo_json_writer_add_string (EoJsonWriter *self,
                           const char   *name,
                           const char   *value)
{
  begin_value (self, name);
  eo_json_append_string (self->out, value);
}

void
eo_json_writer_add_int (EoJsonWriter *self,
                        const char   *name,
                        gint64        value)
{
  begin_value (self, name);
  g_string_append_printf (self->out, "%" G_GINT64_FORMAT, value);
}

void
eo_json_writer_add_boolean (EoJsonWriter *self,
                            const char   *name,
                            gboolean      value)
{
  begin_value (self, name);
  g_string_append (self->out, value ? "true" : "false");
}

void
eo_json_writer_add_time (EoJsonWriter *self,
                         const char   *name,
                         gint64        time_us)
{
  char buf[32];

  eo_json_format_time (buf, time_us);
  eo_json_writer_add_string (self, name, buf);
}

void
eo_json_writer_add_raw (EoJsonWriter *self,
                        const char   *name,
                        const char   *json,
                        gsize         length)
{
  begin_value (self, name);
  g_string_append_len (self->out, json, length);
}

void
eo_json_append_string (GString    *out,
                       const char *str)
{
  g_autofree char *valid = NULL;

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) str; *p != '\0'; p++)
    {
      const unsigned char *run = p;

      /* Plain characters in one go. */
      while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          g_string_append_printf (out, "\\u%04x", *p);
        }
    }
  g_string_append_c (out, '"');
}

/* @n as @width digits, zero-padded. */
static char *
put_digits (char  *p,
            guint  n,
            guint  width)
{
  for (guint i = width; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + n % 10);
      n /= 10;
    }
  return p + width;
}

void
eo_json_format_time (char   *buf,
                     gint64  time_us)
{
  gint64 secs = time_us / G_USEC_PER_SEC;
  gint64 rest = time_us % G_USEC_PER_SEC;
  time_t t;
  struct tm tm;
  char *p = buf;

  if (rest < 0)
    {
      secs--;
      rest += G_USEC_PER_SEC;
    }
  t = (time_t) secs;
  if ((gint64) t != secs || gmtime_r (&t, &tm) == NULL ||
      tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
    {
      memset (&tm, 0, sizeof tm);
      tm.tm_year = 70;
      tm.tm_mday = 1;
      rest = 0;
    }
  p = put_digits (p, tm.tm_year + 1900, 4);
  *p++ = '-';
  p = put_digits (p, tm.tm_mon + 1, 2);
  *p++ = '-';
  p = put_digits (p, tm.tm_mday, 2);
  *p++ = 'T';
  p = put_digits (p, tm.tm_hour, 2);
  *p++ = ':';
  p = put_digits (p, tm.tm_min, 2);
  *p++ = ':';
  p = put_digits (p, tm.tm_sec, 2);
  *p++ = '.';
  p = put_digits (p, (guint) rest, 6);
  *p++ = 'Z';
  *p = '\0';
}
