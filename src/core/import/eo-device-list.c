/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-device-list-edit.h"
#include "eo-device-list-private.h"
#include "eo-error.h"

/* How it stays fast on a million rows (see tests/bench/bench-validate.c):
 * - the file is read once into one buffer (two threads each read half)
 *   that the CSV reader rewrites in place: every row's texts are 32-bit
 *   offsets into it, no allocation per field, and rows (24 bytes) live in
 *   one array sized in advance;
 * - one pass checks that the bytes are UTF-8 text and counts line ends
 *   (eight bytes at a time, two threads each on half);
 * - big files are then parsed and checked in two halves on two threads;
 * - messages exist only for rows with problems;
 * - duplicates are found with open-addressing tables of 32-bit slots (row
 *   index and a few bits of the key's hash, computed there and not kept)
 *   built after the rows are read, two threads each taking half of the
 *   hash values.
 * Memory: the buffer, 24 bytes per row, 8 per row for the duplicate
 * tables while they exist; a file of 512 MiB of minimal valid rows (35
 * bytes each, 15 million) peaks at about 1.05 GB (RSS; its data segment
 * stays under 1.06 GB), under 2 × the file + 50 MB = 1.12 GB
 * (tests/core/import/test-device-list-memory.c).
 * Huge pages are not requested: fresh 2 MB pages were measured to fault
 * in slower than 4 kB ones on virtual machines that return free memory
 * to their host.
 *
 * This file holds the type and the parse in its named steps; the reading
 * is in eo-device-list-load.c, the checks in eo-device-list-checks.c, the
 * duplicate search in eo-duplicates.c (see eo-device-list-private.h). */

/* The body read in two halves, each by its own EoReadJob. */
typedef struct
{
  EoReadJob    first;
  EoReadJob    second;
  EoCsvReader  second_reader;
  gboolean     split;    /* second is used */
  guint        n_first;  /* records in the first half */
} BodyRead;

G_DEFINE_FINAL_TYPE (EoDeviceList, eo_device_list, G_TYPE_OBJECT)

/* The memory bound above counts on it. */
G_STATIC_ASSERT (sizeof (EoDeviceRow) == 24);

/* Helpers */

void
_eo_set_empty_error (GError **error)
{
  g_set_error (error, EO_ERROR, EO_ERROR_FILE_EMPTY,
               _("The file is empty. It needs a header line such as “EID,Name,ICCID”, "
                 "then one line per phone."));
}

void
_eo_set_unterminated_error (GError **error,
                            guint    line)
{
  g_set_error (error, EO_ERROR, EO_ERROR_FILE_MALFORMED,
               _("The quote (\") opened on line %u is never closed. Add the missing "
                 "closing quote."), line);
}

/* Where a second thread can start: the first record starting after the
 * middle of the body, right after a '\n' (so the first reader never looks
 * past it). Found by walking the records without writing, which also
 * counts the records before it. FALSE when there is no such place. */
static gboolean
find_split (EoCsvReader  *reader,
            char        **split,
            guint        *split_line,
            guint        *n_records)
{
  EoCsvReader scan = *reader;
  char *start = eo_csv_reader_get_pos (reader);
  char *middle = start + (reader->end - start) / 2;
  char *pos;
  guint n = 0;

  for (;;)
    {
      if (eo_csv_reader_skip (&scan) != EO_CSV_RECORD)
        return FALSE;
      n++;
      pos = eo_csv_reader_get_pos (&scan);
      if (pos >= scan.end)
        return FALSE;
      if (pos >= middle && pos[-1] == '\n')
        break;
    }

  *split = pos;
  *split_line = eo_csv_reader_get_line (&scan);
  *n_records = n;
  return TRUE;
}

static guint
count_more_problems (EoDeviceList *self)
{
  guint n = 0;

  for (guint c = 0; c < EO_PROBLEM_N_CODES; c++)
    n += self->counts.more[c];
  return n;
}

/* Parse steps, in the order _eo_device_list_parse_take runs them */

/* Skips a UTF-8 byte order mark, then finds the columns (a header, or
 * the content of a file without one) into @job. */
static gboolean
read_header_record (EoDeviceList       *self,
                    EoCsvReader        *reader,
                    gsize               len,
                    const EoColumnMap  *map,
                    EoReadJob          *job,
                    GError            **error)
{
  char *text = self->buffer;
  gsize text_len = len;

  if (text_len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      text_len -= 3;
    }

  if (!_eo_device_list_find_columns (self, text, text_len, map, reader, job, error))
    return FALSE;
  job->reader = reader;
  return TRUE;
}

/* Most rows a piece of the body of @n_bytes and @n_lines lines can leave
 * kept: every record but the last ends with a LF or a CR, a valid row
 * takes EO_MIN_VALID_ROW_BYTES, and a row with errors is kept only with a
 * problem kept (at most EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE per code).
 * Sized so, the arrays never move, and a file of short junk rows does not
 * reserve memory per line. */
static guint
rows_bound (gsize n_bytes,
            gsize n_lines)
{
  gsize by_bytes = n_bytes / EO_MIN_VALID_ROW_BYTES + 2 +
                   (gsize) EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE * EO_PROBLEM_N_CODES;

  return (guint) MIN (MIN (n_lines, by_bytes), (gsize) G_MAXUINT32 / 2);
}

/* The rows: @alloc of them, only touched pages cost memory. */
static void
alloc_rows (EoDeviceList *self,
            guint         alloc,
            EoReadJob    *job)
{
  self->rows_alloc = MAX (alloc, 1);
  self->rows = g_new (EoDeviceRow, self->rows_alloc);

  job->part.buffer = self->buffer;
  job->part.empty_offset = self->empty_offset;
  job->part.rows = self->rows;
  job->part.n_rows = 0;
  job->part.alloc = self->rows_alloc;
  job->part.can_grow = TRUE;
  job->part.problems = self->problems;
  job->part.problems_sorted = TRUE;
  _eo_row_part_init_extras (&job->part, self, NULL, 0, self->rows_alloc);
}

/* Where a second half of the body can start, if the body is big enough
 * for two. Without quotes before it, the place where the text check cut
 * the file is a record start, and its line is known from the counts;
 * otherwise walk the records. */
static gboolean
find_body_split (gsize                  n_lines,
                 EoCsvReader           *reader,
                 const char            *text_split,
                 const EoCsvTextStats  *first_stats,
                 char                 **split,
                 guint                 *split_line,
                 guint                 *n_first)
{
  if (n_lines < EO_PARALLEL_MIN_ROWS)
    return FALSE;

  if (text_split != NULL && first_stats->quotes == 0 &&
      text_split > eo_csv_reader_get_pos (reader) && text_split < reader->end)
    {
      *split = (char *) text_split;
      *split_line = 1 + (guint) (first_stats->newlines + first_stats->returns - first_stats->crlf);
      *n_first = *split_line - eo_csv_reader_get_line (reader);
      return TRUE;
    }

  return find_split (reader, split, split_line, n_first);
}

/* Cuts the body at @split: the first reader stops there, and a second
 * one reads from there on into the rows after the first half's, in a
 * thread of its own (or here, at once, when no thread can be made). */
static GThread *
start_second_half (EoDeviceList *self,
                   BodyRead     *body,
                   char         *split,
                   guint         split_line,
                   guint         first_alloc)
{
  EoCsvReader *reader = body->first.reader;
  EoRowPart *second = &body->second.part;
  GThread *thread;

  EO_TIME_PHASE ("split");
  eo_csv_reader_init (&body->second_reader, split, (gsize) (reader->end - split),
                      reader->separator, split_line);
  eo_csv_reader_set_end (reader, split);

  body->split = TRUE;
  body->first.part.alloc = first_alloc;
  body->first.part.can_grow = FALSE;
  body->second.reader = &body->second_reader;
  second->rows = self->rows + first_alloc;
  second->alloc = self->rows_alloc - first_alloc;
  second->can_grow = FALSE;
  second->problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  _eo_row_part_init_extras (second, self, body->first.part.extras, first_alloc, second->alloc);

  thread = g_thread_try_new ("eo-read-rows", _eo_read_rows, &body->second, NULL);
  if (thread == NULL)
    {
      /* No thread: read both halves here, one after the other. */
      _eo_read_rows (&body->second);
    }
  return thread;
}

/* Appends the second half's rows and problems to the first half's. The
 * second half kept up to the caps on its own: its problems beyond what
 * the first half left are now only counted, and its rows with errors
 * left without a problem are omitted. */
static void
join_halves (EoDeviceList *self,
             BodyRead     *body)
{
  EoRowPart *first = &body->first.part;
  EoRowPart *second = &body->second.part;
  EoProblemCounts *counts = &first->counts;
  const EoProblem *sp = (const EoProblem *) (gpointer) second->problems->data;
  guint n_sp = second->problems->len;
  guint w = first->n_rows;

  if (body->first.status == EO_CSV_END)
    {
      body->first.status = body->second.status;
      body->first.reader->error_line = body->second_reader.error_line;
    }
  eo_csv_reader_clear (&body->second_reader);

  for (guint c = 0; c < EO_PROBLEM_N_CODES; c++)
    counts->more[c] += second->counts.more[c];
  first->n_omitted += second->n_omitted;
  first->n_omitted_warnings += second->n_omitted_warnings;
  _eo_row_part_join_extra_values (first, second);

  if (n_sp == 0)
    {
      /* Rows of the second follow the first's (the gap is the first
       * half's room left, usually 0). */
      if (w != (guint) (second->rows - self->rows))
        memmove (self->rows + w, second->rows, sizeof (EoDeviceRow) * second->n_rows);
      _eo_row_part_take_extras (first, w, second, 0, second->n_rows);
      w += second->n_rows;
    }
  else
    {
      guint p = 0;

      /* The second half's problems are in row order; w never passes r. */
      for (guint r = 0; r < second->n_rows; r++)
        {
          EoDeviceRow row = second->rows[r];
          guint kept = 0;

          for (; p < n_sp && sp[p].row == r; p++)
            {
              EoProblem problem = sp[p];

              if (counts->kept[problem.code] >= EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE)
                {
                  counts->more[problem.code]++;
                  row.has_more = TRUE;
                  continue;
                }
              counts->kept[problem.code]++;
              problem.row = w;
              g_array_append_val (self->problems, problem);
              kept++;
            }
          row.n_problems = kept;
          if (!_eo_row_part_keep_row (first, &row))
            continue;
          self->rows[w] = row;
          _eo_row_part_take_extras (first, w++, second, r, 1);
        }
    }

  g_array_unref (second->problems);
  first->problems_sorted = first->problems_sorted && second->problems_sorted;
  first->n_rows = w;
}

/* Reads and checks the records after the header into self's rows, a big
 * body in two halves at once, one per core. Returns how the reading
 * ended (EO_CSV_RECORD when cancelled). */
static EoCsvStatus
read_body (EoDeviceList         *self,
           BodyRead             *body,
           gsize                 n_lines,
           const char           *text_split,
           const EoCsvTextStats *first_stats)
{
  EoCsvReader *reader = body->first.reader;
  GThread *thread = NULL;
  char *split = NULL;
  guint split_line = 0;
  guint first_alloc = 0;
  guint alloc;

  body->split = FALSE;
  body->n_first = 0;
  if (find_body_split (n_lines, reader, text_split, first_stats,
                       &split, &split_line, &body->n_first))
    {
      char *pos = eo_csv_reader_get_pos (reader);

      first_alloc = rows_bound ((gsize) (split - pos), body->n_first);
      alloc = first_alloc + rows_bound ((gsize) (reader->end - split), n_lines - body->n_first);
    }
  else
    {
      split = NULL;
      alloc = rows_bound ((gsize) (reader->end - eo_csv_reader_get_pos (reader)), n_lines);
    }

  alloc_rows (self, alloc, &body->first);
  body->second = body->first;
  if (split != NULL)
    thread = start_second_half (self, body, split, split_line, first_alloc);

  _eo_read_rows (&body->first);
  if (thread != NULL)
    g_thread_join (thread);
  EO_TIME_PHASE ("rows");

  if (body->split)
    join_halves (self, body);

  eo_csv_reader_clear (body->first.reader);
  self->rows = body->first.part.rows;
  self->rows_alloc = MAX (body->first.part.alloc, self->rows_alloc);
  self->n_rows = body->first.part.n_rows;
  self->problems_sorted = body->first.part.problems_sorted;
  self->counts = body->first.part.counts;
  self->n_omitted = body->first.part.n_omitted;
  self->n_omitted_warnings = body->first.part.n_omitted_warnings;
  self->extra_offsets = body->first.part.extras;
  self->extra_values = body->first.part.extra_values;
  return body->first.status;
}

/* A body that was cancelled, has a quote never closed or no rows at all
 * fails the whole file. */
static gboolean
check_body_end (EoDeviceList  *self,
                EoCsvStatus    status,
                guint          error_line,
                GCancellable  *cancellable,
                GError       **error)
{
  if (status == EO_CSV_RECORD)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }

  if (status == EO_CSV_UNTERMINATED)
    {
      _eo_set_unterminated_error (error, error_line);
      return FALSE;
    }

  if (self->n_rows == 0)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_HEADER_ONLY,
                   _("The file has a header line but no devices. Add one line per phone "
                     "below the header."));
      return FALSE;
    }

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Says, among the notes, that problems were only counted. */
static void
add_more_note (EoDeviceList *self)
{
  g_autofree char *note = eo_device_list_dup_more_note (self);
  guint n = self->notes != NULL ? g_strv_length (self->notes) : 0;

  if (note == NULL)
    return;
  self->notes = g_renew (char *, self->notes, n + 2);
  self->notes[n] = g_steal_pointer (&note);
  self->notes[n + 1] = NULL;
}

/* Parent overrides and class */

static void
eo_device_list_finalize (GObject *object)
{
  EoDeviceList *self = (EoDeviceList *) object;

  g_clear_pointer (&self->problems, g_array_unref);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->unknown_columns, g_strfreev);
  g_clear_pointer (&self->notes, g_strfreev);
  g_clear_pointer (&self->extra_fields, g_free);
  g_clear_pointer (&self->extra_names, g_strfreev);
  g_clear_pointer (&self->extra_offsets, g_free);
  g_clear_pointer (&self->extra_values, g_byte_array_unref);
  g_clear_pointer (&self->edits, _eo_list_edits_free);
  g_clear_pointer (&self->row_notes, g_hash_table_unref);

  G_OBJECT_CLASS (eo_device_list_parent_class)->finalize (object);
}

static void
eo_device_list_class_init (EoDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eo_device_list_finalize;
  _eo_device_list_class_edit_init (object_class);
}

static void
eo_device_list_init (EoDeviceList *self)
{
  self->problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  self->problems_sorted = TRUE;
}

/* Private API */

/* Takes @buffer (g_malloc'd, @len bytes of text plus a NUL byte): checks
 * that it is text, reads the header, then the rows with their checks,
 * finds the duplicates and sorts the problems by row. */
EoDeviceList *
_eo_device_list_parse_take (char               *buffer,
                            gsize               len,
                            const EoColumnMap  *map,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(EoDeviceList) self = NULL;
  EoCsvReader reader;
  EoCsvTextStats stats;
  EoCsvTextStats first_stats;
  const char *text_split = NULL;
  BodyRead body;
  EoCsvStatus status;

  self = g_object_new (EO_TYPE_DEVICE_LIST, NULL);
  self->buffer = buffer;
  /* Offsets are 32 bits: the text is at most EO_DEVICE_LIST_MAX_BYTES. */
  self->empty_offset = (guint32) MIN (len, (gsize) EO_DEVICE_LIST_MAX_BYTES);

  if (len == 0)
    {
      _eo_set_empty_error (error);
      return NULL;
    }

  EO_TIME_PHASE ("read");
  if (!_eo_device_list_check_text (buffer, len, &stats, &text_split, &first_stats, error))
    return NULL;
  EO_TIME_PHASE ("checktext");

  if (!read_header_record (self, &reader, len, map, &body.first, error))
    return NULL;

  memset (&body.first.part, 0, sizeof body.first.part);
  body.first.cancellable = cancellable;
  body.first.status = EO_CSV_END;
  status = read_body (self, &body, stats.newlines + stats.returns - stats.crlf + 1,
                      text_split, &first_stats);

  if (!check_body_end (self, status, reader.error_line, cancellable, error))
    return NULL;

  _eo_duplicates_find (self);
  _eo_device_list_finish_problems (self);
  _eo_device_list_add_damage_notes (self);
  add_more_note (self);
  EO_TIME_PHASE ("finish");

  return g_steal_pointer (&self);
}

/* Public API */

guint
eo_device_list_get_n_rows (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_rows;
}

const EoDeviceRow *
eo_device_list_get_row (EoDeviceList *self,
                        guint         index)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  return &self->rows[index];
}

const char *
eo_device_list_row_get_eid (EoDeviceList *self,
                            guint         index)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  return _eo_device_list_text (self, self->rows[index].eid_offset);
}

const char *
eo_device_list_row_get_name (EoDeviceList *self,
                             guint         index)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  return _eo_device_list_text (self, self->rows[index].name_offset);
}

const char *
eo_device_list_row_get_iccid (EoDeviceList *self,
                              guint         index)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  return _eo_device_list_text (self, self->rows[index].iccid_offset);
}

guint
eo_device_list_get_n_omitted_rows (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_omitted;
}

guint
eo_device_list_get_n_more_problems (EoDeviceList  *self,
                                    EoProblemCode  code)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);
  g_return_val_if_fail (code < EO_PROBLEM_N_CODES, 0);

  return self->counts.more[code];
}

char *
eo_device_list_dup_more_note (EoDeviceList *self)
{
  guint n_more;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);

  n_more = count_more_problems (self);
  if (n_more == 0)
    return NULL;
  /* Translators: the ' flag groups thousands as the locale says */
  return g_strdup_printf (g_dngettext (NULL,
                                       "%'u more problem is not listed: only the first %'u of each kind are.",
                                       "%'u more problems are not listed: only the first %'u of each kind are.",
                                       n_more),
                          n_more, EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
}

guint
eo_device_list_get_n_problems (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->problems->len;
}

const EoProblem *
eo_device_list_get_problem (EoDeviceList *self,
                            guint         index)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  return &g_array_index (self->problems, EoProblem, index);
}

guint
eo_device_list_get_n_errors (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_errors;
}

guint
eo_device_list_get_n_warnings (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_warnings;
}

guint
eo_device_list_get_n_flagged_rows (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_flagged;
}

guint
eo_device_list_get_n_valid (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_valid;
}

void
eo_device_list_set_left_out (EoDeviceList *self,
                             guint         row,
                             gboolean      left_out)
{
  EoDeviceRow *r;

  g_return_if_fail (EO_IS_DEVICE_LIST (self));
  g_return_if_fail (row < self->n_rows);

  r = &self->rows[row];
  if (r->severity == EO_SEVERITY_ERROR || r->left_out == !!left_out)
    return;
  r->left_out = !!left_out;
  if (left_out)
    self->n_left_out++;
  else
    self->n_left_out--;
}

guint
eo_device_list_get_n_left_out (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_left_out;
}

gboolean
eo_device_list_has_iccid_column (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);

  return self->has_iccid;
}

const char * const *
eo_device_list_get_unknown_columns (EoDeviceList *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), empty);

  return self->unknown_columns ? (const char * const *) self->unknown_columns : empty;
}

const char * const *
eo_device_list_get_notes (EoDeviceList *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), empty);

  return self->notes ? (const char * const *) self->notes : empty;
}

char *
eo_device_list_dup_row_message (EoDeviceList *self,
                                guint         index)
{
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  const EoDeviceRow *row;
  GString *message;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  row = &self->rows[index];
  message = g_string_new (NULL);
  _eo_device_list_row_problems (self, index, problems);

  for (guint k = 0; k < problems->len; k++)
    {
      g_autofree char *text = eo_problem_dup_message (&g_array_index (problems, EoProblem, k));

      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append (message, text);
    }
  if (row->has_more)
    {
      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append (message, _("Other problems of this row are not listed."));
    }
  if (eo_device_list_row_get_note (self, index) != NULL)
    {
      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append (message, eo_device_list_row_get_note (self, index));
    }

  return g_string_free (message, FALSE);
}
