/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-device-list-private.h"
#include "eo-error.h"
#include "eo-column-guess.h"
#include "eo-identifiers.h"

/* The checks of a device list: each row's EID, name and ICCID, and the
 * problems they find, sorted by row at the end (which column is which is
 * in eo-device-list-header.c). The rows are read and checked in one pass (_eo_read_rows), on
 * one or two threads: each only touches its own EoRowPart. */

#define NAME_MAX_CHARS 64
#define CANCEL_CHECK_ROWS 65536

static const char * const problem_codes[EO_PROBLEM_N_CODES] = {
  [EO_PROBLEM_EID_MISSING] = "eid-missing",
  [EO_PROBLEM_EID_NOT_DIGITS] = "eid-not-digits",
  [EO_PROBLEM_EID_LENGTH] = "eid-length",
  [EO_PROBLEM_EID_CHECK_DIGITS] = "eid-check-digits",
  [EO_PROBLEM_EID_SEPARATORS] = "eid-separators",
  [EO_PROBLEM_EID_DUPLICATE] = "eid-duplicate",
  [EO_PROBLEM_ICCID_NOT_DIGITS] = "iccid-not-digits",
  [EO_PROBLEM_ICCID_PREFIX] = "iccid-prefix",
  [EO_PROBLEM_ICCID_LENGTH] = "iccid-length",
  [EO_PROBLEM_ICCID_LUHN] = "iccid-luhn",
  [EO_PROBLEM_ICCID_PAD] = "iccid-pad",
  [EO_PROBLEM_ICCID_SEPARATORS] = "iccid-separators",
  [EO_PROBLEM_ICCID_DUPLICATE] = "iccid-duplicate",
  [EO_PROBLEM_NAME_MISSING] = "name-missing",
  [EO_PROBLEM_NAME_TOO_LONG] = "name-too-long",
  [EO_PROBLEM_NAME_CONTROL] = "name-control-chars",
  [EO_PROBLEM_NAME_DUPLICATE] = "name-duplicate",
  [EO_PROBLEM_ROW_FIELD_COUNT] = "row-field-count",
  [EO_PROBLEM_EID_SPREADSHEET] = "eid-spreadsheet",
  [EO_PROBLEM_ICCID_SPREADSHEET] = "iccid-spreadsheet",
};

/* Helpers */

/* The offset of @text, a field of the part's buffer, or of "" (any other
 * empty text). */
static inline guint32
text_offset (const EoRowPart *part,
             const char      *text)
{
  if (*text == '\0')
    return part->empty_offset;
  return (guint32) (text - part->buffer);
}

/* Removes every ' ' and '-' from @text in place; returns the new length. */
static inline gsize
remove_separators (char  *text,
                   gsize  len)
{
  gsize w = 0;

  for (gsize r = 0; r < len; r++)
    if (text[r] != ' ' && text[r] != '-')
      text[w++] = text[r];
  text[w] = '\0';

  return w;
}

static inline gboolean
has_separators (const char *text,
                gsize       len)
{
  return memchr (text, ' ', len) != NULL || memchr (text, '-', len) != NULL;
}

/* Offset of the first byte that is not an ASCII digit, or @len. Eight
 * bytes at a time while they are all digits. */
static inline gsize
first_non_digit (const char *text,
                 gsize       len)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 v;

      memcpy (&v, text + i, sizeof v);
      /* A byte below '0' borrows, one above '9' carries into its high bit;
       * the lowest non-digit byte is always marked. */
      if (((v - G_GUINT64_CONSTANT (0x3030303030303030)) |
           (v + G_GUINT64_CONSTANT (0x4646464646464646))) & high)
        break;
    }
  for (; i < len; i++)
    if ((guchar) (text[i] - '0') > 9)
      break;
  return i;
}

/* Bytes of the UTF-8 character at @p. */
static gsize
char_len_at (const char *p)
{
  return (gsize) (g_utf8_next_char (p) - p);
}

static void
check_eid (EoRowPart    *part,
           guint         index,
           char         *text,
           gsize         len)
{
  EoDeviceRow *row = &part->rows[index];
  gsize bad;

  row->eid_offset = text_offset (part, text);

  /* The common case: exactly 32 digits. */
  if (len != EO_EID_LENGTH || first_non_digit (text, len) != len)
    {
      if (has_separators (text, len))
        {
          len = remove_separators (text, len);
          _eo_row_part_add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_SEPARATORS,
                                    EO_SEVERITY_WARNING, 0, 0, NULL, 0);
        }

      if (len == 0)
        {
          _eo_row_part_add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_MISSING,
                                    EO_SEVERITY_ERROR, 0, 0, NULL, 0);
          return;
        }

      bad = first_non_digit (text, len);
      if (bad != len && eo_text_is_scientific (text, len))
        {
          _eo_row_part_add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_SPREADSHEET,
                                    EO_SEVERITY_ERROR, 0, 0, NULL, 0);
          row->eid_damaged = TRUE;
          return;
        }
      if (bad != len)
        {
          _eo_row_part_add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_NOT_DIGITS,
                                    EO_SEVERITY_ERROR, 0, 0, text + bad, char_len_at (text + bad));
          return;
        }

      if (len != EO_EID_LENGTH)
        {
          _eo_row_part_add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_LENGTH,
                                    EO_SEVERITY_ERROR, (guint) len, 0, NULL, 0);
          return;
        }
    }

  {
    guint found = (guint) (text[30] - '0') * 10 + (guint) (text[31] - '0');

    if (found >= 2 && found <= 98 && eo_digits_mod97 (text, len) == 1)
      return;
    if (eo_digits_have_rounded_tail (text, len))
      {
        _eo_row_part_add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_SPREADSHEET,
                                  EO_SEVERITY_ERROR, 0, 0, NULL, 0);
        row->eid_damaged = TRUE;
      }
    else
      {
        guint expected = eo_eid_compute_check (text);

        _eo_row_part_add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_CHECK_DIGITS,
                                  EO_SEVERITY_ERROR, expected, 0, text + 30, 2);
      }
  }
}

static void
check_name (EoRowPart    *part,
            guint         index,
            char         *text,
            gsize         len)
{
  EoDeviceRow *row = &part->rows[index];
  const guchar *p = (const guchar *) text;
  gboolean control = FALSE;
  gsize n_chars = 0;

  /* Spaces kept inside quotes are still not part of a name: trim them
   * too, so that the normalized CSV reads back as the same name. */
  while (len > 0 && (text[0] == ' ' || text[0] == '\t'))
    {
      text++;
      len--;
    }
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    text[--len] = '\0';
  p = (const guchar *) text;

  row->name_offset = text_offset (part, text);

  if (len == 0)
    {
      _eo_row_part_add_problem (part, index, EO_COLUMN_NAME, EO_PROBLEM_NAME_MISSING,
                                EO_SEVERITY_ERROR, 0, 0, NULL, 0);
      return;
    }

  /* The text is valid UTF-8: count lead bytes, and look for C0 and C1
   * control characters (U+0080..U+009F is encoded C2 80..C2 9F). */
  for (gsize i = 0; i < len; i++)
    {
      guchar c = p[i];

      n_chars += (c & 0xc0) != 0x80;
      if (c < 0x20 || c == 0x7f || (c == 0xc2 && i + 1 < len && p[i + 1] < 0xa0))
        control = TRUE;
    }

  if (n_chars > NAME_MAX_CHARS)
    _eo_row_part_add_problem (part, index, EO_COLUMN_NAME, EO_PROBLEM_NAME_TOO_LONG,
                              EO_SEVERITY_ERROR, (guint) n_chars, NAME_MAX_CHARS, NULL, 0);

  if (control)
    _eo_row_part_add_problem (part, index, EO_COLUMN_NAME, EO_PROBLEM_NAME_CONTROL,
                              EO_SEVERITY_ERROR, 0, 0, NULL, 0);
}

static void
check_iccid (EoRowPart    *part,
             guint         index,
             char         *text,
             gsize         len)
{
  EoDeviceRow *row = &part->rows[index];
  gboolean fast;
  gsize bad;

  if (len == 0)
    return;

  fast = (len == 19 || len == 20) && first_non_digit (text, len) == len;
  if (!fast)
    {
      gsize padded = len;

      if (has_separators (text, len))
        {
          len = remove_separators (text, len);
          _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_SEPARATORS,
                                    EO_SEVERITY_WARNING, 0, 0, NULL, 0);
        }

      padded = len;
      while (len > 0 && (text[len - 1] == 'F' || text[len - 1] == 'f'))
        len--;
      if (len != padded)
        {
          text[len] = '\0';
          _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_PAD,
                                    EO_SEVERITY_WARNING, 0, 0, NULL, 0);
        }

      if (len == 0)
        {
          /* Only separators or padding: treat as not given. */
          return;
        }
    }

  row->iccid_offset = text_offset (part, text);

  if (!fast)
    {
      bad = first_non_digit (text, len);
      if (bad != len && eo_text_is_scientific (text, len))
        {
          _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_SPREADSHEET,
                                    EO_SEVERITY_ERROR, 0, 0, NULL, 0);
          row->iccid_damaged = TRUE;
          return;
        }
      if (bad != len)
        {
          _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_NOT_DIGITS,
                                    EO_SEVERITY_ERROR, 0, 0, text + bad, char_len_at (text + bad));
          return;
        }
    }

  if (len < 2 || text[0] != '8' || text[1] != '9')
    _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_PREFIX,
                              EO_SEVERITY_ERROR, 0, 0, text, MIN (len, 2));

  if (len != 19 && len != 20)
    {
      _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_LENGTH,
                                EO_SEVERITY_ERROR, (guint) len, 0, NULL, 0);
      return;
    }

  if (eo_luhn_is_valid (text, len))
    return;
  if (eo_digits_have_rounded_tail (text, len))
    {
      _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_SPREADSHEET,
                                EO_SEVERITY_ERROR, 0, 0, NULL, 0);
      row->iccid_damaged = TRUE;
    }
  else
    _eo_row_part_add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_LUHN,
                              EO_SEVERITY_ERROR, eo_luhn_compute_check (text, len - 1), 0,
                              text + len - 1, 1);
}

static int
compare_problems_in_row (const EoProblem *a,
                         const EoProblem *b)
{
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if (a->code != b->code)
    return a->code < b->code ? -1 : 1;
  return 0;
}

/* Private API */

void
_eo_row_part_add_problem (EoRowPart     *part,
                          guint          row_index,
                          EoColumn       column,
                          EoProblemCode  code,
                          EoSeverity     severity,
                          guint          value0,
                          guint          value1,
                          const char    *text,
                          gsize          text_len)
{
  EoDeviceRow *row = &part->rows[row_index];
  EoProblem problem;

  g_assert (text_len < sizeof problem.text);

  if (severity > row->severity)
    row->severity = severity;
  if (severity == EO_SEVERITY_WARNING)
    row->has_warning = TRUE;

  if (part->counts.kept[code] >= EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE)
    {
      part->counts.more[code]++;
      row->has_more = TRUE;
      return;
    }
  part->counts.kept[code]++;

  problem.row = row_index;
  problem.line = row->line;
  problem.column = (guint8) column;
  problem.code = (guint8) code;
  problem.severity = (guint8) severity;
  memset (problem.text, 0, sizeof problem.text);
  if (text_len > 0)
    memcpy (problem.text, text, text_len);
  problem.values[0] = value0;
  problem.values[1] = value1;

  if (part->problems->len > 0)
    {
      const EoProblem *last = &g_array_index (part->problems, EoProblem,
                                              part->problems->len - 1);
      if (last->row > row_index)
        part->problems_sorted = FALSE;
    }
  g_array_append_val (part->problems, problem);

  row->n_problems++;
}

gboolean
_eo_row_part_keep_row (EoRowPart         *part,
                       const EoDeviceRow *row)
{
  if (row->severity != EO_SEVERITY_ERROR || row->n_problems > 0)
    return TRUE;

  part->n_omitted++;
  if (row->has_warning)
    part->n_omitted_warnings++;
  return FALSE;
}

void
_eo_problems_sort_in_row (EoProblem *p,
                          guint      n)
{
  for (guint a = 1; a < n; a++)
    {
      EoProblem tmp = p[a];
      guint b = a;

      while (b > 0 && compare_problems_in_row (&p[b - 1], &tmp) > 0)
        {
          p[b] = p[b - 1];
          b--;
        }
      p[b] = tmp;
    }
}

void
_eo_row_part_check_field (EoRowPart *part,
                          guint      index,
                          EoColumn   column,
                          char      *text,
                          gsize      len)
{
  switch (column)
    {
    case EO_COLUMN_EID:
      check_eid (part, index, text, len);
      break;
    case EO_COLUMN_NAME:
      check_name (part, index, text, len);
      break;
    case EO_COLUMN_ICCID:
      check_iccid (part, index, text, len);
      break;
    case EO_COLUMN_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* Reads and checks every record of the job's reader. Runs in a thread of
 * its own when the file is read in two halves: it only touches its part. */
gpointer
_eo_read_rows (gpointer data)
{
  EoReadJob *job = data;
  EoRowPart *part = &job->part;
  EoCsvReader *reader = job->reader;
  const guint n_header_fields = job->n_header_fields;
  const int col_eid = job->col_eid;
  const int col_name = job->col_name;
  const int col_iccid = job->col_iccid;
  EoCsvStatus status;

  while ((status = eo_csv_reader_next (reader)) == EO_CSV_RECORD)
    {
      const EoCsvField *fields = reader->fields;
      guint n_fields = eo_csv_reader_get_n_fields_total (reader);
      EoDeviceRow *row;
      guint index;

      if (eo_csv_reader_is_blank (reader))
        continue;

      if (G_UNLIKELY (part->n_rows == part->alloc))
        {
          /* Only lone-CR files have more rows than lines; their part may
           * grow. A half never needs to (see read_body in eo-device-list.c). */
          g_assert (part->can_grow);
          part->alloc = part->alloc * 2 + 16;
          part->rows = g_renew (EoDeviceRow, part->rows, part->alloc);
          if (part->extras != NULL)
            part->extras = g_renew (guint32, part->extras, part->alloc);
        }

      if (G_UNLIKELY ((part->n_rows % CANCEL_CHECK_ROWS) == 0 &&
                      g_cancellable_is_cancelled (job->cancellable)))
        {
          job->status = EO_CSV_RECORD;
          return NULL;
        }

      index = part->n_rows++;
      row = &part->rows[index];
      row->eid_offset = part->empty_offset;
      row->name_offset = part->empty_offset;
      row->iccid_offset = EO_ROW_NO_TEXT;
      row->line = reader->record_line;
      row->severity = EO_SEVERITY_OK;
      row->first_problem = 0;
      row->n_problems = 0;
      row->has_warning = FALSE;
      row->has_more = FALSE;
      row->left_out = FALSE;
      row->eid_damaged = FALSE;
      row->iccid_damaged = FALSE;
      row->side_problems = FALSE;
      row->deleted = FALSE;

      if (n_fields != n_header_fields)
        _eo_row_part_add_problem (part, index, EO_COLUMN_NONE, EO_PROBLEM_ROW_FIELD_COUNT,
                                  EO_SEVERITY_WARNING, n_fields, n_header_fields, NULL, 0);

      /* The columns are among the fields stored (EO_CSV_MAX_FIELDS). */
      if ((guint) col_eid < n_fields)
        check_eid (part, index, fields[col_eid].text, fields[col_eid].len);
      else
        check_eid (part, index, (char *) "", 0);

      if ((guint) col_name < n_fields)
        check_name (part, index, fields[col_name].text, fields[col_name].len);
      else if (job->no_name_column)
        _eo_row_part_add_problem (part, index, EO_COLUMN_NAME, EO_PROBLEM_NAME_MISSING,
                                  EO_SEVERITY_ERROR, 1, 0, NULL, 0);
      else
        check_name (part, index, (char *) "", 0);

      if (col_iccid >= 0 && (guint) col_iccid < n_fields)
        check_iccid (part, index, fields[col_iccid].text, fields[col_iccid].len);

      /* A row with errors whose problems are all beyond the caps is only
       * counted: its slot is used by the next row. */
      if (G_UNLIKELY (row->has_more) && !_eo_row_part_keep_row (part, row))
        part->n_rows--;
      else if (part->extras != NULL)
        _eo_row_part_add_extras (part, index, fields, reader->n_fields);
    }

  job->status = status;
  return NULL;
}

/* Makes each row's problems contiguous (counting sort on the row index,
 * then a tiny insertion sort inside each row) and sets first_problem. */
void
_eo_device_list_finish_problems (EoDeviceList *self)
{
  guint n = self->problems->len;
  guint offset = 0;

  for (guint i = 0; i < self->n_rows; i++)
    {
      EoDeviceRow *row = &self->rows[i];

      row->first_problem = offset;
      offset += row->n_problems;
    }

  if (!self->problems_sorted && n > 0)
    {
      EoProblem *src = (EoProblem *) (gpointer) self->problems->data;
      g_autofree EoProblem *sorted = g_new (EoProblem, n);
      g_autofree guint *fill = g_new0 (guint, self->n_rows);

      for (guint k = 0; k < n; k++)
        {
          guint r = src[k].row;

          sorted[self->rows[r].first_problem + fill[r]++] = src[k];
        }
      memcpy (src, sorted, sizeof (EoProblem) * n);
      self->problems_sorted = TRUE;
    }

  for (guint i = 0; i < self->n_rows; i++)
    {
      EoDeviceRow *row = &self->rows[i];

      if (row->n_problems > 1)
        _eo_problems_sort_in_row (&g_array_index (self->problems, EoProblem, row->first_problem),
                                  row->n_problems);

      if (row->severity == EO_SEVERITY_ERROR)
        self->n_errors++;
      else
        self->n_valid++;
      if (row->severity > EO_SEVERITY_OK)
        self->n_flagged++;

      if (row->has_warning)
        self->n_warnings++;
    }

  self->n_errors += self->n_omitted;
  self->n_warnings += self->n_omitted_warnings;
}

/* Public API */

char *
eo_problem_dup_message (const EoProblem *problem)
{
  const char *text;
  const guint *v;

  g_return_val_if_fail (problem != NULL, NULL);

  text = problem->text;
  v = problem->values;

  switch ((EoProblemCode) problem->code)
    {
    case EO_PROBLEM_EID_MISSING:
      return g_strdup (_("The EID is missing: add the 32-digit EID of this phone."));
    case EO_PROBLEM_EID_NOT_DIGITS:
      return g_strdup_printf (_("The EID may contain only digits, but it contains “%s”. "
                                "Was a letter typed instead of a digit?"), text);
    case EO_PROBLEM_EID_LENGTH:
      return g_strdup_printf (g_dngettext (NULL,
                                           "The EID has %u digit, but an EID has 32. "
                                           "Check that no digit is missing or repeated.",
                                           "The EID has %u digits, but an EID has 32. "
                                           "Check that no digit is missing or repeated.",
                                           (gulong) v[0]),
                              v[0]);
    case EO_PROBLEM_EID_CHECK_DIGITS:
      return g_strdup_printf (_("EID check digits are wrong: expected …%02u, found …%c%c. "
                                "Was a digit mistyped?"),
                              v[0], text[0], text[1]);
    case EO_PROBLEM_EID_SEPARATORS:
      return g_strdup (_("Spaces or dashes were removed from the EID."));
    case EO_PROBLEM_EID_DUPLICATE:
      return g_strdup_printf (_("The same EID is also on line %u. Each eSIM can be listed only once: "
                                "remove one of the rows or correct the EID."), v[0]);
    case EO_PROBLEM_ICCID_NOT_DIGITS:
      return g_strdup_printf (_("The ICCID may contain only digits, but it contains “%s”. "
                                "Correct it, or leave the cell empty."), text);
    case EO_PROBLEM_ICCID_PREFIX:
      return g_strdup_printf (_("An ICCID starts with 89, but this one starts with “%.*s”. "
                                "Check that the number copied is the ICCID."),
                              (int) strlen (text), text);
    case EO_PROBLEM_ICCID_LENGTH:
      return g_strdup_printf (g_dngettext (NULL,
                                           "The ICCID has %u digit, but an ICCID has 19 or 20. "
                                           "Check that no digit is missing or repeated.",
                                           "The ICCID has %u digits, but an ICCID has 19 or 20. "
                                           "Check that no digit is missing or repeated.",
                                           (gulong) v[0]),
                              v[0]);
    case EO_PROBLEM_ICCID_LUHN:
      return g_strdup_printf (_("ICCID check digit is wrong: expected …%u, found …%c. "
                                "Was a digit mistyped?"),
                              v[0], text[0]);
    case EO_PROBLEM_ICCID_PAD:
      return g_strdup (_("The padding “F” at the end of the ICCID was removed."));
    case EO_PROBLEM_ICCID_SEPARATORS:
      return g_strdup (_("Spaces or dashes were removed from the ICCID."));
    case EO_PROBLEM_ICCID_DUPLICATE:
      return g_strdup_printf (_("The same ICCID is also on line %u. Remove one of the rows or "
                                "correct the ICCID."), v[0]);
    case EO_PROBLEM_NAME_MISSING:
      /* values[0]: the list has no names at all (pasted EIDs). */
      if (v[0] == 1)
        return g_strdup (_("Name missing: type a name for this device."));
      return g_strdup (_("The device name is missing: add a name that helps you recognize this phone."));
    case EO_PROBLEM_NAME_TOO_LONG:
      return g_strdup_printf (_("The name has %u characters; shorten it to %u characters or fewer."),
                              v[0], v[1]);
    case EO_PROBLEM_NAME_CONTROL:
      return g_strdup (_("The name contains a line break, tab or other control character: remove it."));
    case EO_PROBLEM_NAME_DUPLICATE:
      return g_strdup_printf (_("The same name is also used on line %u. Consider giving each "
                                "phone its own name so you can tell them apart."), v[0]);
    case EO_PROBLEM_ROW_FIELD_COUNT:
      return g_strdup_printf (g_dngettext (NULL,
                                           "This row has %u cell but the header has %u. "
                                           "Check for a missing or extra separator.",
                                           "This row has %u cells but the header has %u. "
                                           "Check for a missing or extra separator.",
                                           v[0]),
                              v[0], v[1]);
    case EO_PROBLEM_EID_SPREADSHEET:
      return g_strdup (_("This EID was changed by a spreadsheet program, which keeps only 15 digits; "
                         "the real digits are lost. Export the list from the MDM again and open it "
                         "as text, not as numbers."));
    case EO_PROBLEM_ICCID_SPREADSHEET:
      return g_strdup (_("This ICCID was changed by a spreadsheet program, which keeps only 15 digits; "
                         "the real digits are lost. Export the list from the MDM again and open it "
                         "as text, not as numbers."));
    case EO_PROBLEM_N_CODES:
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

const char *
eo_problem_code_to_string (EoProblemCode code)
{
  g_return_val_if_fail (code < EO_PROBLEM_N_CODES, NULL);

  return problem_codes[code];
}
