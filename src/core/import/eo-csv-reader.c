/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-csv-reader"

#include "config.h"

#include <string.h>

#include "eo-csv-reader.h"

enum
{
  KIND_PLAIN = 0,
  KIND_TERM,   /* separator, CR, LF, NUL */
  KIND_SPACE,  /* trimmed around fields */
};

#define LOW7 G_GUINT64_CONSTANT (0x7f7f7f7f7f7f7f7f)
#define HIGH G_GUINT64_CONSTANT (0x8080808080808080)
#define ONES G_GUINT64_CONSTANT (0x0101010101010101)

/* High bit set in each byte of @x that is zero, exactly (no false hits). */
static inline guint64
zero_bytes (guint64 x)
{
  return ~(((x & LOW7) + LOW7) | x | LOW7);
}

void
eo_csv_reader_init (EoCsvReader *reader,
                    char        *data,
                    gsize        len,
                    char         separator,
                    guint        first_line)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (data != NULL);

  memset (reader, 0, sizeof *reader);
  reader->pos = data;
  reader->end = data + len;
  reader->line = first_line;
  reader->separator = separator;

  reader->kind[' '] = KIND_SPACE;
  reader->kind['\t'] = KIND_SPACE;
  reader->kind['\r'] = KIND_TERM;
  reader->kind['\n'] = KIND_TERM;
  reader->kind['\0'] = KIND_TERM;
  reader->kind[(guchar) separator] = KIND_TERM;

  reader->fields_alloc = 8;
  reader->fields = g_new (EoCsvField, reader->fields_alloc);
}

void
eo_csv_reader_clear (EoCsvReader *reader)
{
  g_return_if_fail (reader != NULL);

  g_clear_pointer (&reader->fields, g_free);
  reader->n_fields = 0;
  reader->fields_alloc = 0;
}

/* The fields array is full: grows it, or at EO_CSV_MAX_FIELDS counts
 * the field without storing it (FALSE). */
static gboolean
grow_fields (EoCsvReader *reader,
             gsize        len)
{
  if (reader->fields_alloc >= EO_CSV_MAX_FIELDS)
    {
      reader->n_extra++;
      reader->extra_nonblank |= len > 0;
      return FALSE;
    }
  reader->fields_alloc = MIN (reader->fields_alloc * 2, EO_CSV_MAX_FIELDS);
  reader->fields = g_renew (EoCsvField, reader->fields, reader->fields_alloc);
  return TRUE;
}

static inline void
add_field (EoCsvReader *reader,
           char        *text,
           gsize        len)
{
  if (G_UNLIKELY (reader->n_fields == reader->fields_alloc) && !grow_fields (reader, len))
    return;
  reader->fields[reader->n_fields].text = text;
  reader->fields[reader->n_fields].len = (guint) len;
  reader->n_fields++;
}

static inline guint
count_newlines (const char *p,
                const char *end)
{
  guint n = 0;

  while (p < end && (p = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      n++;
      p++;
    }

  return n;
}

/* Longer than 100 lines on purpose: this is the CSV hot loop, run once
 * per record (tests/bench/bench-validate.c times it), kept in one piece so
 * that the field scan, the quoted field and the record end are one loop
 * with no calls in the common path. */
EoCsvStatus
eo_csv_reader_next (EoCsvReader *reader)
{
  const guint8 *kind = reader->kind;
  const char sep = reader->separator;
  char *end = reader->end;
  char *r = reader->pos;

  if (r >= end)
    return EO_CSV_END;

  reader->n_fields = 0;
  reader->n_extra = 0;
  reader->extra_nonblank = FALSE;
  reader->record_line = reader->line;

  for (;;)
    {
      char *start;
      char *w;
      char c;

      while (kind[(guchar) *r] == KIND_SPACE && *r != sep)
        r++;

      if (*r == '"')
        {
          guint open_line = reader->line;
          char *tail;

          start = w = r;
          r++;
          for (;;)
            {
              char *q = memchr (r, '"', (gsize) (end - r));
              gsize n;

              if (q == NULL)
                {
                  reader->error_line = open_line;
                  reader->pos = end;
                  return EO_CSV_UNTERMINATED;
                }
              reader->line += count_newlines (r, q);
              n = (gsize) (q - r);
              memmove (w, r, n);
              w += n;
              r = q + 1;
              if (*r == '"')
                {
                  *w++ = '"';
                  r++;
                  continue;
                }
              break;
            }

          /* Anything after the closing quote is kept, minus trailing spaces. */
          tail = w;
          while (kind[(guchar) *r] != KIND_TERM || (*r == '\0' && r < end))
            *w++ = *r++;
          while (w > tail && kind[(guchar) w[-1]] == KIND_SPACE && w[-1] != sep)
            w--;
        }
      else
        {
          start = r;
          while (kind[(guchar) *r] != KIND_TERM || (*r == '\0' && r < end))
            r++;
          w = r;
          while (w > start && kind[(guchar) w[-1]] == KIND_SPACE && w[-1] != sep)
            w--;
        }

      /* Read the terminator before overwriting it (w may equal r). */
      c = *r;
      *w = '\0';
      add_field (reader, start, (gsize) (w - start));

      if (c == sep && r < end)
        {
          r++;
          continue;
        }

      if (c == '\r')
        {
          r++;
          if (*r == '\n')
            r++;
          reader->line++;
        }
      else if (c == '\n')
        {
          r++;
          reader->line++;
        }
      break;
    }

  reader->pos = r;
  return EO_CSV_RECORD;
}

EoCsvStatus
eo_csv_reader_skip (EoCsvReader *reader)
{
  const guint8 *kind = reader->kind;
  const char sep = reader->separator;
  const char *end = reader->end;
  const char *r = reader->pos;

  if (r >= end)
    return EO_CSV_END;

  reader->n_fields = 0;
  reader->n_extra = 0;
  reader->extra_nonblank = FALSE;
  reader->record_line = reader->line;

  /* The same walk as eo_csv_reader_next(), without writing. */
  for (;;)
    {
      char c;

      while (kind[(guchar) *r] == KIND_SPACE && *r != sep)
        r++;

      if (*r == '"')
        {
          guint open_line = reader->line;

          r++;
          for (;;)
            {
              const char *q = memchr (r, '"', (gsize) (end - r));

              if (q == NULL)
                {
                  reader->error_line = open_line;
                  reader->pos = reader->end;
                  return EO_CSV_UNTERMINATED;
                }
              reader->line += count_newlines (r, q);
              r = q + 1;
              if (*r == '"')
                {
                  r++;
                  continue;
                }
              break;
            }
        }

      while (kind[(guchar) *r] != KIND_TERM || (*r == '\0' && r < end))
        r++;

      c = *r;
      if (c == sep && r < end)
        {
          r++;
          continue;
        }
      if (c == '\r')
        {
          r++;
          if (*r == '\n')
            r++;
          reader->line++;
        }
      else if (c == '\n')
        {
          r++;
          reader->line++;
        }
      break;
    }

  reader->pos = (char *) r;
  return EO_CSV_RECORD;
}

void
eo_csv_reader_set_end (EoCsvReader *reader,
                       char        *end)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (end >= reader->pos && end <= reader->end);

  reader->end = end;
}

gboolean
eo_csv_reader_is_blank (EoCsvReader *reader)
{
  for (guint i = 0; i < reader->n_fields; i++)
    if (reader->fields[i].len > 0)
      return FALSE;
  return !reader->extra_nonblank;
}

char
eo_csv_detect_separator (const char *data,
                         gsize       len)
{
  const char *p = data;
  const char *end = data + len;

  /* Skip blank lines before the header. */
  while (p < end)
    {
      const char *q = p;

      while (q < end && (*q == ' ' || *q == '\t'))
        q++;
      if (q < end && (*q == '\r' || *q == '\n'))
        {
          p = q + 1;
          continue;
        }
      break;
    }

  {
    gboolean in_quotes = FALSE;
    guint comma = 0, semicolon = 0, tab = 0;

    for (; p < end; p++)
      {
        char c = *p;

        if (c == '"')
          in_quotes = !in_quotes;
        else if (in_quotes)
          continue;
        else if (c == '\n' || c == '\r')
          break;
        else if (c == ',')
          comma++;
        else if (c == ';')
          semicolon++;
        else if (c == '\t')
          tab++;
      }

    if (semicolon > comma && semicolon >= tab)
      return ';';
    if (tab > comma && tab > semicolon)
      return '\t';
    return ',';
  }
}

/* Length of the valid UTF-8 sequence starting at @p (a non-ASCII lead
 * byte), or 0 when it is not valid. */
static inline gsize
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];
  gsize avail = (gsize) (end - p);
  guchar lo = 0x80, hi = 0xbf;
  gsize n;

  if (c >= 0xc2 && c <= 0xdf)
    n = 2;
  else if (c >= 0xe0 && c <= 0xef)
    {
      n = 3;
      if (c == 0xe0)
        lo = 0xa0;
      else if (c == 0xed)
        hi = 0x9f; /* no surrogates */
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      n = 4;
      if (c == 0xf0)
        lo = 0x90;
      else if (c == 0xf4)
        hi = 0x8f; /* not above U+10FFFF */
    }
  else
    return 0;

  if (avail < n)
    return 0;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (gsize i = 2; i < n; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;

  return n;
}

/* Exact counts of CR bytes, CRLF pairs and quotes, when the fast pass
 * saw some: most files have neither CRs nor quotes. */
static void
count_returns_and_quotes (const guchar   *p,
                          const guchar   *end,
                          EoCsvTextStats *counts)
{
  gboolean prev_cr = FALSE;

  for (; p < end; p++)
    {
      guchar c = *p;

      counts->returns += (c == '\r');
      counts->quotes += (c == '"');
      counts->crlf += (c == '\n' && prev_cr);
      prev_cr = (c == '\r');
    }
}

EoCsvTextStatus
eo_csv_check_text (const char     *data,
                   gsize           len,
                   gsize          *bad_offset,
                   EoCsvTextStats *stats)
{
  const guchar *start = (const guchar *) data;
  const guchar *p = start;
  const guchar *end = start + len;
  const guint64 nl = ONES * '\n';
  const guint64 cr = ONES * '\r';
  const guint64 quote = ONES * '"';
  EoCsvTextStats counts = { 0, 0, 0, 0 };
  guint64 seen = 0;     /* marks of CR or quote bytes, ORed */
  guint64 lf_acc = 0;   /* per-byte LF counts, up to 255 words */
  guint n_acc = 0;

  g_return_val_if_fail (data != NULL || len == 0, EO_CSV_TEXT_OK);

/* Adds up the eight byte counters of an accumulator (each up to 255):
 * pairs into 16-bit lanes first, then the four lanes. */
#define PAIRS(acc) (((acc) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff)) + \
                    (((acc) >> 8) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff)))
#define SUM_BYTES(acc) ((gsize) ((PAIRS (acc) * G_GUINT64_CONSTANT (0x0001000100010001)) >> 48))

  while (p < end)
    {
      /* Eight ASCII bytes at a time while the text is plain ASCII. */
      while (end - p >= 8)
        {
          guint64 w;

          memcpy (&w, p, sizeof w);
          if ((w & HIGH) != 0 || zero_bytes (w) != 0)
            break;
          lf_acc += zero_bytes (w ^ nl) >> 7;
          seen |= zero_bytes (w ^ cr) | zero_bytes (w ^ quote);
          if (G_UNLIKELY (++n_acc == 255))
            {
              counts.newlines += SUM_BYTES (lf_acc);
              lf_acc = 0;
              n_acc = 0;
            }
          p += 8;
        }
      if (p >= end)
        break;

      /* One character at a time until the next non-ASCII one is done. */
      for (;;)
        {
          guchar c;

          if (p >= end)
            break;
          c = *p;
          if (c == 0)
            {
              if (bad_offset)
                *bad_offset = (gsize) (p - start);
              return EO_CSV_TEXT_NUL;
            }
          if (c < 0x80)
            {
              counts.newlines += (c == '\n');
              seen |= (c == '\r' || c == '"');
              p++;
              continue;
            }
          else
            {
              gsize n = utf8_sequence (p, end);

              if (n == 0)
                {
                  if (bad_offset)
                    *bad_offset = (gsize) (p - start);
                  return EO_CSV_TEXT_INVALID_UTF8;
                }
              p += n;
              break;
            }
        }
    }
  counts.newlines += SUM_BYTES (lf_acc);
#undef SUM_BYTES
#undef PAIRS

  if (seen != 0)
    count_returns_and_quotes (start, end, &counts);

  if (stats)
    *stats = counts;
  return EO_CSV_TEXT_OK;
}

guint
eo_csv_line_at_offset (const char *data,
                       gsize       offset)
{
  return 1 + count_newlines (data, data + offset);
}
