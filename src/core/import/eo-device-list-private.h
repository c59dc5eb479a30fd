/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "eo-csv-reader.h"
#include "eo-device-list.h"

G_BEGIN_DECLS

/* What the files of the device list share:
 *   eo-device-list.c         the type, parsing in named steps, the getters
 *   eo-device-list-checks.c  each row's checks, the problems
 *   eo-device-list-header.c  which column is which (header names, content,
 *                            an EoColumnMap), the file's notes
 *   eo-duplicates.c          the duplicate search over the checked rows
 *   eo-device-list-load.c    where the text comes from: a file, a stream
 *                            or memory; size limits; is it text at all
 *   eo-device-list-columns.c the extra columns kept with each row (an
 *                            MDM's Serial Number, Model…), the normalized CSV */

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
  guint        n_flagged;   /* rows kept with an error or a warning */
  guint        n_left_out;   /* clean rows left out (eo_device_list_set_left_out) */
  gboolean     has_iccid;

  GStrv        unknown_columns;
  GStrv        notes;

  /* Extra columns (eo-device-list-columns.c): their field indexes and
   * names, and per row an offset into extra_values (its values packed,
   * each NUL-terminated) or EO_ROW_NO_TEXT when all are empty. */
  guint        n_extra;
  guint       *extra_fields;
  GStrv        extra_names;
  guint32     *extra_offsets;
  GByteArray  *extra_values;

  /* Edits (eo-device-list-edit.c): NULL until the first one, or until
   * eo_device_list_prepare_edits(). */
  struct _EoListEdits *edits;
  /* Notes of rows (eo-device-list-notes.c): row → text, or NULL. */
  GHashTable  *row_notes;
};

/* An offset of EoDeviceRow for a text not given (the ICCID). */
#define EO_ROW_NO_TEXT G_MAXUINT32

/* An offset with this bit is an index into the edits' texts. */
#define EO_ROW_EDIT_TEXT 0x80000000u

/* eo-device-list-edit.c: an edited text (@offset has EO_ROW_EDIT_TEXT). */
const char   *_eo_device_list_edit_text       (EoDeviceList    *self,
                                               guint32          offset);

/* A row's text at @offset (edited or not), or NULL. */
static inline const char *
_eo_device_list_text (EoDeviceList *self,
                      guint32       offset)
{
  if (offset == EO_ROW_NO_TEXT)
    return NULL;
  if (G_UNLIKELY (offset & EO_ROW_EDIT_TEXT))
    return _eo_device_list_edit_text (self, offset);
  return self->buffer + offset;
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
  /* The extra columns' values: per row slot (as rows) an offset into
   * extra_values; NULL when the file has no extra column. */
  guint        n_extra;
  const guint *extra_fields;
  guint32     *extras;
  GByteArray  *extra_values;
  guint        extra_base;     /* where its arena starts in the joined one */
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
  gboolean      no_name_column; /* names left empty, each row saying so */
  GCancellable *cancellable;
  EoCsvStatus   status;  /* EO_CSV_RECORD when cancelled */
} EoReadJob;

/* eo-device-list.c */
void          _eo_set_empty_error             (GError         **error);
void          _eo_set_unterminated_error      (GError         **error,
                                               guint            line);
EoDeviceList *_eo_device_list_parse_take      (char            *buffer,
                                               gsize            len,
                                               const EoColumnMap *map,
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
gpointer      _eo_read_rows                   (gpointer         job);
void          _eo_device_list_finish_problems (EoDeviceList    *self);

/* eo-device-list-columns.c */
/* Which of the header's fields not understood are kept as extra columns
 * (at most EO_DEVICE_LIST_MAX_EXTRA_COLUMNS, named, not a second EID,
 * Name or ICCID column, not twice the same name); sets the notes that
 * say which are kept and which ignored. */
void          _eo_device_list_choose_extras   (EoDeviceList    *self,
                                               EoCsvReader     *reader,
                                               const int       *standard,
                                               guint            n_standard);
/* Gives @part room for the extra values of @alloc rows at @base +
 * @offset (@base NULL: allocated), with an arena of its own; nothing when
 * the list has no extra column. */
void          _eo_row_part_init_extras        (EoRowPart       *part,
                                               EoDeviceList    *self,
                                               guint32         *base,
                                               guint            offset,
                                               guint            alloc);
/* Stores the extra values of row @index from the reader's fields. */
void          _eo_row_part_add_extras         (EoRowPart       *part,
                                               guint            index,
                                               const EoCsvField *fields,
                                               guint            n_fields);
/* Joining halves: appends @from's arena to @to's (once, first), then
 * moves the extra values of @n rows from @from (starting at row
 * @from_index) to @to at @to_index. */
void          _eo_row_part_join_extra_values  (EoRowPart       *to,
                                               EoRowPart       *from);
void          _eo_row_part_take_extras        (EoRowPart       *to,
                                               guint            to_index,
                                               const EoRowPart *from,
                                               guint            from_index,
                                               guint            n);
/* Appends @text as one CSV field, quoted when needed. */
void          _eo_csv_append_field            (GString         *out,
                                               const char      *text);
/* eo-device-list-header.c */
/* Adds @note (taken) to the notes. */
void          _eo_device_list_take_note       (EoDeviceList    *self,
                                               char            *note);
void          _eo_device_list_add_damage_notes (EoDeviceList   *self);
char         *_eo_join_header_names           (const char * const *names,
                                               guint            n_names);
/* Reads what says which column is which at the start of @text (after
 * any byte order mark): a header record, or in a file without one, the
 * content of its first rows; and @map. Sets up @reader on @text, at the
 * first record of data, and @job's columns. */
gboolean      _eo_device_list_find_columns    (EoDeviceList    *self,
                                               char            *text,
                                               gsize            len,
                                               const EoColumnMap *map,
                                               EoCsvReader     *reader,
                                               EoReadJob       *job,
                                               GError         **error);

/* eo-device-list-checks.c: checks one field of row @index of @part
 * (@text, @len bytes, NUL-terminated, in @part's buffer, rewritten in
 * place) as _eo_read_rows does. */
void          _eo_row_part_check_field        (EoRowPart       *part,
                                               guint            index,
                                               EoColumn         column,
                                               char            *text,
                                               gsize            len);
/* Sorts @n problems of one row by column, then code. */
void          _eo_problems_sort_in_row        (EoProblem       *problems,
                                               guint            n);

/* eo-device-list-edit.c */
/* One row of a step of edits: as it was and as it becomes. */
typedef struct
{
  guint       row;
  EoDeviceRow before;
  EoDeviceRow after;
} EoRowChange;

/* Row @index's problems now (with the duplicates of the edited list)
 * appended to @out (EoProblem). */
void          _eo_device_list_row_problems    (EoDeviceList    *self,
                                               guint            index,
                                               GArray          *out);
/* Those of the checks of its fields only (no duplicates). */
void          _eo_device_list_base_problems   (EoDeviceList    *self,
                                               guint            index,
                                               GArray          *out);
/* Keeps @text for an edited row; returns its offset. */
guint32       _eo_device_list_store_text      (EoDeviceList    *self,
                                               const char      *text);
/* Keeps @problems as the side problems of @row (first_problem, n_problems). */
void          _eo_device_list_store_problems  (EoDeviceList    *self,
                                               EoDeviceRow     *row,
                                               GArray          *problems);
/* Makes @changes (EoRowChange, taken) one step, with the rows only
 * counted becoming @n_omitted; applies it and emits "rows-changed". */
void          _eo_device_list_commit          (EoDeviceList    *self,
                                               GArray          *changes,
                                               guint            n_omitted);
/* Adds to @problems the duplicates row @index would have as @row (its
 * damage flags) with @texts (EID, name, ICCID; NULL: none). */
void          _eo_device_list_add_duplicates  (EoDeviceList    *self,
                                               guint            index,
                                               const EoDeviceRow *row,
                                               const char * const *texts,
                                               GArray          *problems);
/* The first rows of the group of @row's EID (-1: none; the row is alone
 * when first is itself and second -1). */
void          _eo_device_list_eid_group       (EoDeviceList    *self,
                                               guint            row,
                                               int             *first,
                                               int             *second);
void          _eo_list_edits_free             (struct _EoListEdits *edits);
void          _eo_device_list_class_edit_init (GObjectClass    *object_class);

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
