/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-column-guess.h"
#include "eo-column-map.h"
#include "eo-device-list-private.h"
#include "eo-error.h"

/* Which column is which, and the notes about the file as a whole: a file
 * without a header, columns chosen by the admin (EoColumnMap), values a
 * spreadsheet program damaged. Only the start of the file is looked at
 * (EoColumnSample): the header record, or the first rows' content. */

#define N_ROLES (EO_COLUMN_ICCID + 1)
/* Header names: quoted up to this many characters, this many of them;
 * at most UNKNOWN_COLUMNS_MAX kept. */
#define HEADER_NAME_MAX_CHARS 64
#define HEADER_NAMES_SHOWN 20
#define UNKNOWN_COLUMNS_MAX 1000

/* Helpers */

static const char *
role_name (EoColumn column)
{
  switch (column)
    {
    case EO_COLUMN_EID:
      return _("EID");
    case EO_COLUMN_NAME:
      return _("Name");
    case EO_COLUMN_ICCID:
      return _("ICCID");
    case EO_COLUMN_NONE:
    default:
      return "";
    }
}

/* Appends @text, cut after HEADER_NAME_MAX_CHARS characters ("…"): a
 * header name is quoted in messages, and a hostile one may be megabytes. */
static void
append_header_name (GString    *out,
                    const char *text)
{
  const char *end = text;
  guint n = 0;

  while (*end != '\0' && n < HEADER_NAME_MAX_CHARS)
    {
      end = g_utf8_next_char (end);
      n++;
    }
  g_string_append_len (out, text, end - text);
  if (*end != '\0')
    g_string_append (out, "…");
}

/* The names of @names joined by ", " (each in “” when @quote), the first
 * HEADER_NAMES_SHOWN of them only, then "…". */
static char *
join_header_names (const char * const *names,
                   guint               n_names,
                   gboolean            quote)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_names; i++)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      if (i == HEADER_NAMES_SHOWN)
        {
          g_string_append (out, "…");
          break;
        }
      if (quote)
        g_string_append (out, "“");
      append_header_name (out, names[i]);
      if (quote)
        g_string_append (out, "”");
    }

  return g_string_free (out, FALSE);
}

static char *
join_found_columns (EoCsvReader *reader)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < reader->n_fields && names->len <= HEADER_NAMES_SHOWN; i++)
    {
      if (reader->fields[i].len == 0)
        continue;
      g_ptr_array_add (names, reader->fields[i].text);
    }

  if (names->len == 0)
    return g_strdup (_("none"));
  return join_header_names ((const char * const *) names->pdata, names->len, TRUE);
}

/* The field of @reader whose name is @header (compared as keys). */
static int
find_header (EoCsvReader *reader,
             const char  *header)
{
  g_autofree char *wanted = eo_column_header_key (header);

  for (guint i = 0; i < reader->n_fields; i++)
    {
      g_autofree char *key = eo_column_header_key (reader->fields[i].text);

      if (strcmp (key, wanted) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
is_used (const int *cols,
         int        field)
{
  for (guint c = EO_COLUMN_EID; c < N_ROLES; c++)
    if (cols[c] == field)
      return TRUE;
  return FALSE;
}

/* The map's positions into @cols (@absent: the map says there is none);
 * FALSE past the @n_fields of the first record. */
static gboolean
apply_positions (const EoColumnMap  *map,
                 guint               n_fields,
                 int                *cols,
                 gboolean           *absent,
                 GError            **error)
{
  for (EoColumn c = EO_COLUMN_EID; c <= EO_COLUMN_ICCID && map != NULL; c++)
    {
      int position = eo_column_map_get_position (map, c);

      if (position == EO_COLUMN_MAP_ABSENT)
        absent[c] = TRUE;
      else if (position >= 0 && (guint) position >= n_fields)
        {
          g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                       g_dngettext (NULL, "There is no column %u for the %s: the file has %u column.",
                                    "There is no column %u for the %s: the file has %u columns.", n_fields),
                       (guint) position + 1, role_name (c), n_fields);
          return FALSE;
        }
      else if (position >= 0)
        cols[c] = position;
    }
  return TRUE;
}

/* FALSE when two roles have the same column. */
static gboolean
check_distinct (const int  *cols,
                GError    **error)
{
  for (EoColumn a = EO_COLUMN_EID; a <= EO_COLUMN_ICCID; a++)
    for (EoColumn b = a + 1; b <= EO_COLUMN_ICCID; b++)
      if (cols[a] >= 0 && cols[a] == cols[b])
        {
          g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                       _("Column %u cannot be both the “%s” column and the “%s” column."),
                       (guint) cols[a] + 1, role_name (a), role_name (b));
          return FALSE;
        }
  return TRUE;
}

static void
set_missing_error (GError    **error,
                   const int  *cols,
                   char       *found)
{
  if (cols[EO_COLUMN_EID] < 0 && cols[EO_COLUMN_NAME] < 0)
    g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                 _("The file has no “EID” column and no “Name” column. Its first line must "
                   "name the columns, for example “EID,Name,ICCID”. Columns found: %s."),
                 found);
  else if (cols[EO_COLUMN_EID] < 0)
    g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                 _("The file has no “EID” column. Columns found: %s."), found);
  else
    g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                 _("The file has no “Name” column (“Device Name”, “Display Name”, “Mobile Device "
                   "Name”, “Device” and “Friendly Name” are accepted too). Columns found: %s."),
                 found);
  g_free (found);
}

/* Header names not used (as found), and which of them are kept as extra
 * columns (the notes say so). */
static void
choose_unknown_columns (EoDeviceList *self,
                        EoCsvReader  *reader,
                        const int    *cols)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < reader->n_fields && unknown->len < UNKNOWN_COLUMNS_MAX; i++)
    if (reader->fields[i].len > 0 && !is_used (cols, (int) i))
      g_ptr_array_add (unknown, g_strdup (reader->fields[i].text));
  if (unknown->len == 0)
    return;

  g_ptr_array_add (unknown, NULL);
  self->unknown_columns = (GStrv) g_ptr_array_free (g_steal_pointer (&unknown), FALSE);
  _eo_device_list_choose_extras (self, reader, cols + EO_COLUMN_EID, 3);
}

/* The header record read by @reader: the map's columns, then the known
 * names for the others. */
static gboolean
columns_from_header (EoDeviceList       *self,
                     EoCsvReader        *reader,
                     const EoColumnMap  *map,
                     int                *cols,
                     GError            **error)
{
  gboolean absent[N_ROLES] = { FALSE, };

  for (EoColumn c = EO_COLUMN_EID; c <= EO_COLUMN_ICCID && map != NULL; c++)
    {
      const char *header = eo_column_map_get_header (map, c);

      if (header == NULL)
        continue;
      cols[c] = find_header (reader, header);
      if (cols[c] < 0)
        {
          g_autofree char *found = join_found_columns (reader);

          g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                       _("No column is named “%s” (given for the %s). Columns found: %s."),
                       header, role_name (c), found);
          return FALSE;
        }
    }
  if (!apply_positions (map, eo_csv_reader_get_n_fields_total (reader), cols, absent, error))
    return FALSE;

  for (guint i = 0; i < reader->n_fields; i++)
    {
      EoColumn c;

      if (reader->fields[i].len == 0 || is_used (cols, (int) i))
        continue;
      c = eo_column_for_header_name (reader->fields[i].text);
      if (c != EO_COLUMN_NONE && cols[c] < 0 && !absent[c] && (map == NULL || !eo_column_map_has (map, c)))
        cols[c] = (int) i;
    }

  if (!check_distinct (cols, error))
    return FALSE;
  if (cols[EO_COLUMN_EID] < 0 ||
      (cols[EO_COLUMN_NAME] < 0 && !absent[EO_COLUMN_NAME] &&
       (map == NULL || !eo_column_map_get_name_optional (map))))
    {
      set_missing_error (error, cols, join_found_columns (reader));
      return FALSE;
    }

  choose_unknown_columns (self, reader, cols);
  return TRUE;
}

/* A file whose first record is a device: the map's columns, then the
 * sample's content for the others. */
static gboolean
columns_from_content (EoDeviceList          *self,
                      const EoColumnSample  *sample,
                      const EoColumnMap     *map,
                      int                   *cols,
                      GError               **error)
{
  gboolean absent[N_ROLES] = { FALSE, };

  if (!apply_positions (map, sample->n_fields, cols, absent, error))
    return FALSE;
  for (EoColumn c = EO_COLUMN_EID; c <= EO_COLUMN_ICCID; c++)
    if (cols[c] < 0 && !absent[c] && !is_used (cols, sample->by_content[c]))
      cols[c] = sample->by_content[c];

  if (!check_distinct (cols, error))
    return FALSE;
  if (cols[EO_COLUMN_EID] < 0)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                   _("The list has no header line, and none of its columns holds EIDs. Add a header "
                     "line such as “EID,Name”."));
      return FALSE;
    }
  if (cols[EO_COLUMN_NAME] < 0 && !absent[EO_COLUMN_NAME] &&
      (map == NULL || !eo_column_map_get_name_optional (map)))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                   _("The list has no header line, and none of its columns holds device names. Add "
                     "a header line such as “EID,Name”."));
      return FALSE;
    }

  if (cols[EO_COLUMN_NAME] < 0)
    _eo_device_list_take_note (self, g_strdup_printf (_("The list has no header line: its first line was "
                                                        "read as a device (EIDs in column %u, no names)."),
                                                      cols[EO_COLUMN_EID] + 1));
  else if (cols[EO_COLUMN_ICCID] < 0)
    _eo_device_list_take_note (self, g_strdup_printf (_("The list has no header line: its first line was "
                                                        "read as a device (EIDs in column %u, names in "
                                                        "column %u)."),
                                                      cols[EO_COLUMN_EID] + 1, cols[EO_COLUMN_NAME] + 1));
  else
    _eo_device_list_take_note (self, g_strdup_printf (_("The list has no header line: its first line was "
                                                        "read as a device (EIDs in column %u, names in "
                                                        "column %u, ICCIDs in column %u)."),
                                                      cols[EO_COLUMN_EID] + 1, cols[EO_COLUMN_NAME] + 1,
                                                      cols[EO_COLUMN_ICCID] + 1));
  return TRUE;
}

/* Private API */

/* Joined header names for the notes (see join_header_names). */
char *
_eo_join_header_names (const char * const *names,
                       guint               n_names)
{
  return join_header_names (names, n_names, FALSE);
}

gboolean
_eo_device_list_find_columns (EoDeviceList       *self,
                              char               *text,
                              gsize               len,
                              const EoColumnMap  *map,
                              EoCsvReader        *reader,
                              EoReadJob          *job,
                              GError            **error)
{
  char separator = eo_csv_detect_separator (text, len);
  g_autoptr(EoColumnSample) sample = eo_column_sample_new (text, len, separator);
  int cols[N_ROLES] = { -1, -1, -1, -1 };
  gboolean ok;

  eo_csv_reader_init (reader, text, len, separator, 1);

  if (sample->has_header || (map != NULL && eo_column_map_has_header_names (map)))
    {
      EoCsvStatus status;

      do
        status = eo_csv_reader_next (reader);
      while (status == EO_CSV_RECORD && eo_csv_reader_is_blank (reader));

      if (status != EO_CSV_RECORD)
        {
          if (status == EO_CSV_END)
            _eo_set_empty_error (error);
          else
            _eo_set_unterminated_error (error, reader->error_line);
          eo_csv_reader_clear (reader);
          return FALSE;
        }
      ok = columns_from_header (self, reader, map, cols, error);
      job->n_header_fields = eo_csv_reader_get_n_fields_total (reader);
    }
  else
    {
      ok = columns_from_content (self, sample, map, cols, error);
      job->n_header_fields = sample->n_fields;
    }

  if (!ok)
    {
      eo_csv_reader_clear (reader);
      return FALSE;
    }
  job->col_eid = cols[EO_COLUMN_EID];
  job->col_name = cols[EO_COLUMN_NAME];
  job->col_iccid = cols[EO_COLUMN_ICCID];
  job->no_name_column = cols[EO_COLUMN_NAME] < 0;
  self->has_iccid = cols[EO_COLUMN_ICCID] >= 0;
  return TRUE;
}

void
_eo_device_list_take_note (EoDeviceList *self,
                           char         *note)
{
  guint n = self->notes != NULL ? g_strv_length (self->notes) : 0;

  self->notes = g_renew (char *, self->notes, n + 2);
  self->notes[n] = note;
  self->notes[n + 1] = NULL;
}

/* “41 EIDs were damaged by a spreadsheet”, once per file. */
void
_eo_device_list_add_damage_notes (EoDeviceList *self)
{
  guint n_eids = eo_device_list_get_n_spreadsheet_damaged (self, EO_COLUMN_EID);
  guint n_iccids = eo_device_list_get_n_spreadsheet_damaged (self, EO_COLUMN_ICCID);

  /* Translators: the ' flag groups thousands as the locale says */
  if (n_eids > 0)
    _eo_device_list_take_note (self, g_strdup_printf (g_dngettext (NULL,
                                                                   "%'u EID was damaged by a spreadsheet",
                                                                   "%'u EIDs were damaged by a spreadsheet",
                                                                   n_eids), n_eids));
  if (n_iccids > 0)
    _eo_device_list_take_note (self, g_strdup_printf (g_dngettext (NULL,
                                                                   "%'u ICCID was damaged by a spreadsheet",
                                                                   "%'u ICCIDs were damaged by a spreadsheet",
                                                                   n_iccids), n_iccids));
}

/* Public API */

guint
eo_device_list_get_n_spreadsheet_damaged (EoDeviceList *self,
                                          EoColumn      column)
{
  EoProblemCode code;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);
  g_return_val_if_fail (column == EO_COLUMN_EID || column == EO_COLUMN_ICCID, 0);

  code = column == EO_COLUMN_EID ? EO_PROBLEM_EID_SPREADSHEET : EO_PROBLEM_ICCID_SPREADSHEET;
  return self->counts.kept[code] + self->counts.more[code];
}

void
eo_device_list_add_note (EoDeviceList *self,
                         const char   *note)
{
  g_return_if_fail (EO_IS_DEVICE_LIST (self));
  g_return_if_fail (note != NULL && g_utf8_validate (note, -1, NULL));

  _eo_device_list_take_note (self, g_strdup (note));
}
