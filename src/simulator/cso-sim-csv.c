/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-csv"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "cso-sim-csv.h"

/* One parsed record: its fields and the line it starts on. */
typedef struct
{
  GPtrArray *fields;
  guint      line;
} Record;

static void
record_free (Record *record)
{
  g_ptr_array_unref (record->fields);
  g_free (record);
}

void
cso_sim_row_free (CsoSimRow *row)
{
  if (row == NULL)
    return;
  g_free (row->eid);
  g_free (row->name);
  g_free (row->requested_iccid);
  g_free (row->iccid);
  g_free (row->message);
  g_free (row);
}

const char *
cso_sim_row_state_to_string (CsoSimRowState state)
{
  switch (state)
    {
    case CSO_SIM_ROW_PENDING:
      return "PENDING";
    case CSO_SIM_ROW_SUCCESS:
      return "SUCCESS";
    case CSO_SIM_ROW_FAILED:
      return "FAILED";
    case CSO_SIM_ROW_ERROR:
      return "ERROR";
    default:
      g_assert_not_reached ();
    }
}

static gboolean
record_is_blank (Record *record)
{
  return record->fields->len == 1 &&
         ((const char *) g_ptr_array_index (record->fields, 0))[0] == '\0';
}

/* RFC 4180 records: comma separated, fields optionally in double quotes
 * ("" inside quotes is one quote), CRLF, LF or CR line ends. */
typedef enum
{
  FIELD_START,
  FIELD_UNQUOTED,
  FIELD_QUOTED,
  FIELD_AFTER_QUOTE,
} FieldState;

static gsize
newline_length (const char *data,
                gsize       len,
                gsize       i)
{
  if (data[i] == '\n')
    return 1;
  if (data[i] == '\r')
    return (i + 1 < len && data[i + 1] == '\n') ? 2 : 1;
  return 0;
}

/* The state of split_records() while it walks the text. */
typedef struct
{
  const char *data;
  gsize       len;
  gsize       i;
  guint       line;
  guint       quote_line;
  FieldState  state;
  GString    *field;
  Record     *current;
  GPtrArray  *records;
} Splitter;

/* Inside quotes: a doubled quote, the closing quote, or text (line ends
 * included). */
static void
split_quoted (Splitter *sp)
{
  char c = sp->data[sp->i];
  gsize nl = newline_length (sp->data, sp->len, sp->i);

  if (c == '"' && sp->i + 1 < sp->len && sp->data[sp->i + 1] == '"')
    {
      g_string_append_c (sp->field, '"');
      sp->i += 2;
    }
  else if (c == '"')
    {
      sp->state = FIELD_AFTER_QUOTE;
      sp->i++;
    }
  else
    {
      if (nl > 0)
        sp->line++;
      g_string_append_len (sp->field, sp->data + sp->i, nl > 0 ? (gssize) nl : 1);
      sp->i += nl > 0 ? nl : 1;
    }
}

/* A separator or a line end: the field ends (and with a line end, the
 * record). */
static void
split_end_field (Splitter *sp,
                 gsize     nl)
{
  g_ptr_array_add (sp->current->fields, g_strndup (sp->field->str, sp->field->len));
  g_string_truncate (sp->field, 0);
  sp->state = FIELD_START;
  if (nl > 0)
    {
      g_ptr_array_add (sp->records, g_steal_pointer (&sp->current));
      sp->line++;
      sp->i += nl;
    }
  else
    {
      sp->i++;
    }
}

/* Outside quotes: FALSE (and @error) for a quote where none may be. */
static gboolean
split_plain (Splitter  *sp,
             GError   **error)
{
  char c = sp->data[sp->i];

  if (sp->state == FIELD_AFTER_QUOTE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Unexpected character after a closing quote on line %u", sp->line);
      return FALSE;
    }
  if (c == '"')
    {
      if (sp->state == FIELD_UNQUOTED)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Stray double quote inside an unquoted field on line %u", sp->line);
          return FALSE;
        }
      sp->state = FIELD_QUOTED;
      sp->quote_line = sp->line;
      sp->i++;
      return TRUE;
    }
  sp->state = FIELD_UNQUOTED;
  g_string_append_c (sp->field, c);
  sp->i++;
  return TRUE;
}

static GPtrArray *
split_records (const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  g_autoptr(GString) field = g_string_new (NULL);
  Splitter sp = { data, len, 0, 1, 0, FIELD_START, field, NULL, records };
  gboolean ok = TRUE;

  /* A UTF-8 byte order mark is not part of the first column's name. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    sp.i = 3;

  while (ok && sp.i < len)
    {
      gsize nl = newline_length (data, len, sp.i);

      if (sp.current == NULL)
        {
          sp.current = g_new0 (Record, 1);
          sp.current->fields = g_ptr_array_new_with_free_func (g_free);
          sp.current->line = sp.line;
        }
      if (sp.state == FIELD_QUOTED)
        split_quoted (&sp);
      else if (data[sp.i] == ',' || nl > 0)
        split_end_field (&sp, nl);
      else
        ok = split_plain (&sp, error);
    }

  if (ok && sp.state == FIELD_QUOTED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Unterminated quoted field starting on line %u", sp.quote_line);
      ok = FALSE;
    }
  if (!ok)
    {
      g_clear_pointer (&sp.current, record_free);
      return NULL;
    }
  if (sp.current != NULL)
    {
      g_ptr_array_add (sp.current->fields, g_strndup (field->str, field->len));
      g_ptr_array_add (records, sp.current);
    }
  return g_steal_pointer (&records);
}

static char *
field_value (Record *record,
             int     column)
{
  if (column < 0)
    return NULL;
  return g_strstrip (g_strdup (g_ptr_array_index (record->fields, column)));
}

/* The columns EID, Name and ICCID of @header (-1: absent). */
static gboolean
find_columns (Record  *header,
              int     *col_eid,
              int     *col_name,
              int     *col_iccid,
              GError **error)
{
  *col_eid = *col_name = *col_iccid = -1;
  for (guint i = 0; i < header->fields->len; i++)
    {
      g_autofree char *title = g_strstrip (g_strdup (g_ptr_array_index (header->fields, i)));
      int *slot = NULL;

      if (g_ascii_strcasecmp (title, "EID") == 0)
        slot = col_eid;
      else if (g_ascii_strcasecmp (title, "Name") == 0)
        slot = col_name;
      else if (g_ascii_strcasecmp (title, "ICCID") == 0)
        slot = col_iccid;
      else
        continue;

      if (*slot >= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Column %s appears twice in the header row", title);
          return FALSE;
        }
      *slot = (int) i;
    }

  if (*col_eid < 0 || *col_name < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The header row must have the columns EID and Name (missing: %s)",
                   *col_eid < 0 && *col_name < 0 ? "EID, Name" : *col_eid < 0 ? "EID" : "Name");
      return FALSE;
    }
  return TRUE;
}

static CsoSimRow *
row_from_record (Record *record,
                 int     col_eid,
                 int     col_name,
                 int     col_iccid)
{
  CsoSimRow *row = g_new0 (CsoSimRow, 1);
  char *iccid = field_value (record, col_iccid);

  row->eid = field_value (record, col_eid);
  row->name = field_value (record, col_name);
  if (iccid != NULL && iccid[0] == '\0')
    g_clear_pointer (&iccid, g_free);
  row->requested_iccid = iccid;
  row->state = CSO_SIM_ROW_PENDING;
  return row;
}

GPtrArray *
cso_sim_csv_parse_devices (const char  *data,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  Record *header = NULL;
  int col_eid, col_name, col_iccid;
  guint first = 0;

  if (data == NULL || len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The eidFile is empty");
      return NULL;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, (gssize) len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The eidFile is not UTF-8 text");
      return NULL;
    }

  records = split_records (data, len, error);
  if (records == NULL)
    return NULL;

  /* Blank lines are skipped, the first other record is the header. */
  for (first = 0; first < records->len; first++)
    if (!record_is_blank (g_ptr_array_index (records, first)))
      break;
  if (first == records->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The eidFile has no header row");
      return NULL;
    }
  header = g_ptr_array_index (records, first);
  if (!find_columns (header, &col_eid, &col_name, &col_iccid, error))
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) cso_sim_row_free);
  for (guint i = first + 1; i < records->len; i++)
    {
      Record *record = g_ptr_array_index (records, i);

      if (record_is_blank (record))
        continue;
      if (record->fields->len != header->fields->len)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Line %u has %u fields, the header has %u",
                       record->line, record->fields->len, header->fields->len);
          return NULL;
        }
      g_ptr_array_add (rows, row_from_record (record, col_eid, col_name, col_iccid));
    }

  if (rows->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The eidFile has no device rows");
      return NULL;
    }
  return g_steal_pointer (&rows);
}
