/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A small RFC 4180 reader that works IN PLACE: it rewrites each field
 * inside the caller's buffer (unquoting and trimming only ever shrink a
 * field) and NUL-terminates it, so a field costs no allocation. The
 * buffer must stay alive as long as the fields are used.
 *
 * Accepted: quoted fields, doubled quotes, separators and line breaks
 * inside quotes, CRLF, LF or lone CR line ends, spaces (and tabs, unless
 * the tab is the separator) around fields trimmed outside quotes.
 * Lenient: a quote inside an unquoted field is kept as a character, and
 * text after a closing quote is appended to the field. */

/* Fields of a record kept for reading; the others are only counted
 * (eo_csv_reader_get_n_fields_total), so that a line of millions of
 * separators costs no memory. */
#define EO_CSV_MAX_FIELDS 4096

typedef struct
{
  char  *text;  /* NUL-terminated, points into the buffer */
  guint  len;   /* bytes, without the NUL */
} EoCsvField;

typedef enum
{
  EO_CSV_RECORD,        /* a record was read; see fields/n_fields/record_line */
  EO_CSV_END,           /* no more data */
  EO_CSV_UNTERMINATED,  /* a quote is never closed; see error_line */
} EoCsvStatus;

typedef enum
{
  EO_CSV_TEXT_OK,
  EO_CSV_TEXT_NUL,          /* a NUL byte: binary data */
  EO_CSV_TEXT_INVALID_UTF8, /* bytes that are not UTF-8 */
} EoCsvTextStatus;

typedef struct
{
  /*< private >*/
  char       *pos;
  char       *end;
  guint       line;
  char        separator;
  guint8      kind[256];

  guint       n_extra;          /* fields past EO_CSV_MAX_FIELDS, not stored */
  gboolean    extra_nonblank;   /* one of them is not empty */

  /*< public, read-only >*/
  EoCsvField *fields;
  guint       n_fields;     /* stored: at most EO_CSV_MAX_FIELDS */
  guint       fields_alloc;
  guint       record_line;  /* 1-based physical line where the record starts */
  guint       error_line;   /* for EO_CSV_UNTERMINATED: line of the opening quote */
} EoCsvReader;

/* @data[@len] must be a NUL byte (the buffer is one byte longer than the
 * text), or the reader must be stopped with eo_csv_reader_set_end() at the
 * start of a record that follows a '\n' (it then never reads at or past
 * that point, so another reader may work on the rest). @separator is ',', ';' or '\t'. @first_line is the physical line
 * number of @data[0] (1 for a whole file). */
void            eo_csv_reader_init       (EoCsvReader *reader,
                                          char        *data,
                                          gsize        len,
                                          char         separator,
                                          guint        first_line);
void            eo_csv_reader_clear      (EoCsvReader *reader);
EoCsvStatus     eo_csv_reader_next       (EoCsvReader *reader);
/* Steps over one record like eo_csv_reader_next() but writes nothing and
 * fills no fields: to find where records start (pos) and their lines. */
EoCsvStatus     eo_csv_reader_skip       (EoCsvReader *reader);
/* Stops the reader at @end (see eo_csv_reader_init()). */
void            eo_csv_reader_set_end    (EoCsvReader *reader,
                                          char        *end);
/* Where the next record starts, and its line. */
static inline char *
eo_csv_reader_get_pos (EoCsvReader *reader)
{
  return reader->pos;
}
static inline guint
eo_csv_reader_get_line (EoCsvReader *reader)
{
  return reader->line;
}
/* Fields of the last record, stored or not. */
static inline guint
eo_csv_reader_get_n_fields_total (EoCsvReader *reader)
{
  return reader->n_fields + reader->n_extra;
}
/* TRUE when the last record has no non-empty field (a blank line). */
gboolean        eo_csv_reader_is_blank   (EoCsvReader *reader);

/* The separator used by the first non-blank line: the most frequent of
 * ',', ';' and '\t' outside quotes; ',' when none appears. */
char            eo_csv_detect_separator  (const char  *data,
                                          gsize        len);

typedef struct
{
  gsize newlines;  /* '\n' bytes */
  gsize returns;   /* '\r' bytes */
  gsize crlf;      /* "\r\n" pairs */
  gsize quotes;    /* '"' bytes */
} EoCsvTextStats;

/* One fast pass over the bytes: no NUL byte, valid UTF-8. On failure
 * @bad_offset (may be NULL) gets the offset of the first bad byte. On
 * success @stats (may be NULL) gets counts of a few bytes. A text may be
 * checked in pieces cut right after a '\n'. */
EoCsvTextStatus eo_csv_check_text        (const char     *data,
                                          gsize           len,
                                          gsize          *bad_offset,
                                          EoCsvTextStats *stats);
/* 1-based line of byte @offset of @data (counts '\n'). */
guint           eo_csv_line_at_offset    (const char  *data,
                                          gsize        offset);

G_END_DECLS
