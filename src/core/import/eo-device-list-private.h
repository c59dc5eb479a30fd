/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "eo-csv-reader.h"
#include "eo-device-list.h"

G_BEGIN_DECLS

/* What the files of the device list share:
 *   eo-device-list.c         the type, parsing in named steps, the getters
 *   eo-device-list-checks.c  the header, each row's checks, the problems
 *   eo-duplicates.c          the duplicate search over the checked rows
 *   eo-device-list-load.c    where the text comes from: a file, a stream
 *                            or memory; size limits; is it text at all */

/* Below these sizes, one thread does everything. */
#define EO_PARALLEL_MIN_ROWS  50000
#define EO_PARALLEL_MIN_BYTES (4 * 1024 * 1024)

/* A valid row has an EID of 32 digits, a separator and a name of at
 * least one byte, and all rows but the last end with a line end: a text
 * of N bytes holds at most N / EO_MIN_VALID_ROW_BYTES + 1 valid rows. */
#define EO_MIN_VALID_ROW_BYTES 35

/* Build with -DEO_TIMING to print when each phase ends. */
#ifdef EO_TIMING
#include <stdio.h>
#define EO_TIME_PHASE(what) fprintf (stderr, "%-12s %.3f\n", what, g_get_monotonic_time () / 1e6)
#else
#define EO_TIME_PHASE(what) G_STMT_START { } G_STMT_END
#endif

/* Problems kept and only counted, per code. */
typedef struct
{
  guint kept[EO_PROBLEM_N_CODES];
  guint more[EO_PROBLEM_N_CODES];
} EoProblemCounts;

struct _EoDeviceList
{
  GObject      parent_instance;

  char        *buffer;       /* the file, rewritten in place by the reader */
  guint32      empty_offset; /* of its final NUL byte: "" */
  EoDeviceRow *rows;
  guint        n_rows;
  guint        rows_alloc;
  GArray      *problems;     /* EoProblem */
  gboolean     problems_sorted;

  EoProblemCounts counts;
  guint        n_omitted;           /* rows with errors not kept */
  guint        n_omitted_warnings;  /* of which with a warning */

  guint        n_errors;
  guint        n_warnings;
  guint        n_valid;
  guint        n_left_out;   /* clean rows left out (eo_device_list_set_left_out) */
  gboolean     has_iccid;

  GStrv        unknown_columns;
  GStrv        notes;
};

/* An offset of EoDeviceRow for a text not given (the ICCID). */
#define EO_ROW_NO_TEXT G_MAXUINT32

/* A row's text at @offset into @buffer (the list's), or NULL. */
static inline const char *
_eo_row_text (const char *buffer,
              guint32     offset)
{
  return offset == EO_ROW_NO_TEXT ? NULL : buffer + offset;
}

/* The hash of a key of the duplicate search (never 0). */
static inline guint32
_eo_hash_bytes (const char *s,
                gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ len;
  guint64 w;

  while (len >= 8)
    {
      memcpy (&w, s, 8);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 32;
      s += 8;
      len -= 8;
    }
  if (len > 0)
    {
      w = 0;
      memcpy (&w, s, len);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
      h ^= h >> 29;
    }
  h *= G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  h ^= h >> 32;

  return (guint32) h ? (guint32) h : 1;
}

/* The key columns of the duplicate search. */
enum
{
  EO_KEY_EID = 0,
  EO_KEY_NAME,
  EO_KEY_ICCID,
};

/* Rows being read: the whole list, or one half read by its own thread. */
typedef struct
{
  const char  *buffer;         /* the list's: row texts are offsets into it */
  guint32      empty_offset;   /* of a NUL byte in it: "" */
  EoDeviceRow *rows;
  guint        n_rows;
  guint        alloc;
  gboolean     can_grow;
  GArray      *problems;       /* EoProblem, row = index in this part */
  gboolean     problems_sorted;
  EoProblemCounts counts;
  guint        n_omitted;           /* rows with errors not kept */
  guint        n_omitted_warnings;
} EoRowPart;

/* One reader's records turned into checked rows (_eo_read_rows). */
typedef struct
{
  EoRowPart     part;
  EoCsvReader  *reader;
  guint         n_header_fields;
  int           col_eid;
  int           col_name;
  int           col_iccid;
  GCancellable *cancellable;
  EoCsvStatus   status;  /* EO_CSV_RECORD when cancelled */
} EoReadJob;

/* eo-device-list.c */
EoDeviceList *_eo_device_list_parse_take      (char            *buffer,
                                               gsize            len,
                                               GCancellable    *cancellable,
                                               GError         **error);

/* eo-device-list-checks.c */
/* Adds a problem to a row (kept if its code's cap allows, else counted):
 * @value0, @value1 and @text[@text_len] (at most 4 bytes) are what its
 * sentence quotes. */
void          _eo_row_part_add_problem        (EoRowPart       *part,
                                               guint            row_index,
                                               EoColumn         column,
                                               EoProblemCode    code,
                                               EoSeverity       severity,
                                               guint            value0,
                                               guint            value1,
                                               const char      *text,
                                               gsize            text_len);
/* Whether a row just checked by _eo_read_rows is kept: FALSE for a row
 * with errors and no problem kept (then counted as omitted). */
gboolean      _eo_row_part_keep_row           (EoRowPart       *part,
                                               const EoDeviceRow *row);
gboolean      _eo_device_list_read_header     (EoDeviceList    *self,
                                               EoCsvReader     *reader,
                                               int             *col_eid,
                                               int             *col_name,
                                               int             *col_iccid,
                                               GError         **error);
gpointer      _eo_read_rows                   (gpointer         job);
void          _eo_device_list_finish_problems (EoDeviceList    *self);

/* eo-duplicates.c */
void          _eo_duplicates_find             (EoDeviceList    *self);

/* eo-device-list-load.c */
gboolean      _eo_device_list_check_text      (const char      *data,
                                               gsize            len,
                                               EoCsvTextStats  *stats,
                                               const char     **split_out,
                                               EoCsvTextStats  *first_stats,
                                               GError         **error);

G_END_DECLS
