/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-device-list-private.h"
#include "eo-error.h"

/* How it stays fast on a million rows (see tests/bench/bench-validate.c):
 * - the file is read once into one buffer (two threads each read half)
 *   that the CSV reader rewrites in place: every row points into it, no
 *   allocation per field, and rows live in one array sized in advance;
 * - one pass checks that the bytes are UTF-8 text and counts line ends
 *   (eight bytes at a time, two threads each on half);
 * - big files are then parsed and checked in two halves on two threads;
 * - messages exist only for rows with problems;
 * - duplicates are found with open-addressing tables of (hash, row index)
 *   built after the rows are read, two threads each taking half of the
 *   hash values.
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

/* Helpers */

static void
set_empty_error (GError **error)
{
  g_set_error (error, EO_ERROR, EO_ERROR_FILE_EMPTY,
               _("The file is empty. It needs a header line such as “EID,Name,ICCID”, "
                 "then one line per phone."));
}

static void
set_unterminated_error (GError **error,
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

/* Parse steps, in the order _eo_device_list_parse_take runs them */

/* Skips a UTF-8 byte order mark, then reads the header (the first record
 * that is not blank) into @job: which field holds which column. */
static gboolean
read_header_record (EoDeviceList  *self,
                    EoCsvReader   *reader,
                    gsize          len,
                    EoReadJob     *job,
                    GError       **error)
{
  char *text = self->buffer;
  gsize text_len = len;
  EoCsvStatus status;

  if (text_len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      text_len -= 3;
    }

  eo_csv_reader_init (reader, text, text_len,
                      eo_csv_detect_separator (text, text_len), 1);

  do
    status = eo_csv_reader_next (reader);
  while (status == EO_CSV_RECORD && eo_csv_reader_is_blank (reader));

  if (status == EO_CSV_END)
    {
      eo_csv_reader_clear (reader);
      set_empty_error (error);
      return FALSE;
    }
  if (status == EO_CSV_UNTERMINATED)
    {
      eo_csv_reader_clear (reader);
      set_unterminated_error (error, reader->error_line);
      return FALSE;
    }

  if (!_eo_device_list_read_header (self, reader, &job->col_eid, &job->col_name,
                                    &job->col_iccid, error))
    {
      eo_csv_reader_clear (reader);
      return FALSE;
    }
  job->reader = reader;
  job->n_header_fields = reader->n_fields;
  return TRUE;
}

/* Every record but the last ends with a LF or a CR: that bounds the
 * rows, so the arrays never move (only touched pages cost memory).
 * Returns the keys beside the rows, which @job's part now fills. */
static EoRowKeys *
alloc_rows (EoDeviceList         *self,
            const EoCsvTextStats *stats,
            EoReadJob            *job)
{
  EoRowKeys *keys;

  self->rows_alloc = (guint) MIN (stats->newlines + stats->returns - stats->crlf + 1,
                                  (gsize) G_MAXUINT32 / 2);
  self->rows = g_new (EoDeviceRow, self->rows_alloc);
  keys = g_new (EoRowKeys, self->rows_alloc);

  job->part.rows = self->rows;
  job->part.keys = keys;
  job->part.n_rows = 0;
  job->part.alloc = self->rows_alloc;
  job->part.can_grow = TRUE;
  job->part.problems = self->problems;
  job->part.problems_sorted = TRUE;
  return keys;
}

/* Where a second half of the body can start, if the body is big enough
 * for two. Without quotes before it, the place where the text check cut
 * the file is a record start, and its line is known from the counts;
 * otherwise walk the records. */
static gboolean
find_body_split (EoDeviceList          *self,
                 EoCsvReader           *reader,
                 const char            *text_split,
                 const EoCsvTextStats  *first_stats,
                 char                 **split,
                 guint                 *split_line,
                 guint                 *n_first)
{
  if (self->rows_alloc < EO_PARALLEL_MIN_ROWS)
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
                   guint         split_line)
{
  EoCsvReader *reader = body->first.reader;
  EoRowPart *second = &body->second.part;
  GThread *thread;

  EO_TIME_PHASE ("split");
  eo_csv_reader_init (&body->second_reader, split, (gsize) (reader->end - split),
                      reader->separator, split_line);
  eo_csv_reader_set_end (reader, split);

  body->split = TRUE;
  body->first.part.alloc = body->n_first;
  body->first.part.can_grow = FALSE;
  body->second.reader = &body->second_reader;
  second->rows = self->rows + body->n_first;
  second->keys = body->first.part.keys + body->n_first;
  second->alloc = self->rows_alloc - body->n_first;
  second->can_grow = FALSE;
  second->problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  g_array_set_clear_func (second->problems, _eo_problem_clear);

  thread = g_thread_try_new ("eo-read-rows", _eo_read_rows, &body->second, NULL);
  if (thread == NULL)
    {
      /* No thread: read both halves here, one after the other. */
      _eo_read_rows (&body->second);
    }
  return thread;
}

/* Appends the second half's rows and problems to the first half's. */
static void
join_halves (EoDeviceList *self,
             BodyRead     *body)
{
  EoRowPart *first = &body->first.part;
  EoRowPart *second = &body->second.part;

  if (body->first.status == EO_CSV_END)
    {
      body->first.status = body->second.status;
      body->first.reader->error_line = body->second_reader.error_line;
    }
  eo_csv_reader_clear (&body->second_reader);

  /* Rows of the second follow the first's (the gap is the number of
   * blank records in the first half, usually 0). */
  if (first->n_rows != body->n_first)
    {
      memmove (self->rows + first->n_rows, second->rows,
               sizeof (EoDeviceRow) * second->n_rows);
      memmove (first->keys + first->n_rows, second->keys,
               sizeof (EoRowKeys) * second->n_rows);
    }
  for (guint k = 0; k < second->problems->len; k++)
    {
      EoProblem *p = &g_array_index (second->problems, EoProblem, k);

      p->row += first->n_rows;
    }
  g_array_append_vals (self->problems, second->problems->data,
                       second->problems->len);
  /* The messages now belong to self->problems. */
  g_array_set_clear_func (second->problems, NULL);
  g_array_unref (second->problems);
  first->problems_sorted = first->problems_sorted && second->problems_sorted;
  first->n_rows += second->n_rows;
}

/* Reads and checks the records after the header into self's rows, a big
 * body in two halves at once, one per core. Returns how the reading
 * ended (EO_CSV_RECORD when cancelled). */
static EoCsvStatus
read_body (EoDeviceList         *self,
           BodyRead             *body,
           const char           *text_split,
           const EoCsvTextStats *first_stats)
{
  GThread *thread = NULL;
  char *split = NULL;
  guint split_line = 0;

  body->second = body->first;
  body->split = FALSE;
  body->n_first = 0;
  if (find_body_split (self, body->first.reader, text_split, first_stats,
                       &split, &split_line, &body->n_first))
    thread = start_second_half (self, body, split, split_line);

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
      set_unterminated_error (error, error_line);
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

  G_OBJECT_CLASS (eo_device_list_parent_class)->finalize (object);
}

static void
eo_device_list_class_init (EoDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eo_device_list_finalize;
}

static void
eo_device_list_init (EoDeviceList *self)
{
  self->problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  g_array_set_clear_func (self->problems, _eo_problem_clear);
  self->problems_sorted = TRUE;
}

/* Private API */

/* Takes @buffer (g_malloc'd, @len bytes of text plus a NUL byte): checks
 * that it is text, reads the header, then the rows with their checks,
 * finds the duplicates and sorts the problems by row. */
EoDeviceList *
_eo_device_list_parse_take (char          *buffer,
                            gsize          len,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(EoDeviceList) self = NULL;
  g_autofree EoRowKeys *keys = NULL;
  EoCsvReader reader;
  EoCsvTextStats stats;
  EoCsvTextStats first_stats;
  const char *text_split = NULL;
  BodyRead body;
  EoCsvStatus status;

  self = g_object_new (EO_TYPE_DEVICE_LIST, NULL);
  self->buffer = buffer;

  if (len == 0)
    {
      set_empty_error (error);
      return NULL;
    }

  EO_TIME_PHASE ("read");
  if (!_eo_device_list_check_text (buffer, len, &stats, &text_split, &first_stats, error))
    return NULL;
  EO_TIME_PHASE ("checktext");

  if (!read_header_record (self, &reader, len, &body.first, error))
    return NULL;

  keys = alloc_rows (self, &stats, &body.first);
  body.first.cancellable = cancellable;
  body.first.status = EO_CSV_END;
  status = read_body (self, &body, text_split, &first_stats);
  /* A part that grew has moved its keys. */
  keys = body.first.part.keys;

  if (!check_body_end (self, status, reader.error_line, cancellable, error))
    return NULL;

  _eo_duplicates_find (self, keys);
  _eo_device_list_finish_problems (self);
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
eo_device_list_get_n_valid (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_valid;
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
  const EoDeviceRow *row;
  GString *message;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  row = &self->rows[index];
  message = g_string_new (NULL);

  for (guint k = 0; k < row->n_problems; k++)
    {
      const EoProblem *p = &g_array_index (self->problems, EoProblem, row->first_problem + k);

      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append (message, p->message);
    }

  return g_string_free (message, FALSE);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

GBytes *
eo_device_list_to_normalized_csv (EoDeviceList *self)
{
  GString *out;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);

  out = g_string_sized_new (16 + (gsize) self->n_valid * 72);
  g_string_append (out, self->has_iccid ? "EID,Name,ICCID\n" : "EID,Name\n");

  for (guint i = 0; i < self->n_rows; i++)
    {
      const EoDeviceRow *row = &self->rows[i];

      if (row->severity == EO_SEVERITY_ERROR)
        continue;

      append_csv_field (out, row->eid);
      g_string_append_c (out, ',');
      append_csv_field (out, row->name);
      if (self->has_iccid)
        {
          g_string_append_c (out, ',');
          if (row->iccid != NULL)
            append_csv_field (out, row->iccid);
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free_to_bytes (out);
}
