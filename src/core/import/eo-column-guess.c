/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-column-guess"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-column-guess.h"
#include "eo-csv-reader.h"
#include "eo-error.h"
#include "eo-identifiers.h"

/* Header names as MDMs write them, and columns recognised by what their
 * cells hold. See eo-column-guess.h. */

/* No alias is longer: a longer key is no known name. */
#define KEY_MAX_BYTES 32
/* A sample value is cut after this many characters. */
#define VALUE_MAX_CHARS 40
/* Digits a spreadsheet program keeps of a number. */
#define SPREADSHEET_DIGITS 15

static const struct
{
  const char *key;  /* as eo_column_header_key() makes it */
  EoColumn    column;
} aliases[] = {
  { "eid", EO_COLUMN_EID },
  { "euiccid", EO_COLUMN_EID },
  { "euicc", EO_COLUMN_EID },
  { "eidone", EO_COLUMN_EID },
  { "esimidentifier", EO_COLUMN_EID },
  { "networkeid", EO_COLUMN_EID },
  { "name", EO_COLUMN_NAME },
  { "devicename", EO_COLUMN_NAME },
  { "displayname", EO_COLUMN_NAME },
  { "mobiledevicename", EO_COLUMN_NAME },
  { "device", EO_COLUMN_NAME },
  { "friendlyname", EO_COLUMN_NAME },
  { "iccid", EO_COLUMN_ICCID },
  { "iccidone", EO_COLUMN_ICCID },
  { "simiccid", EO_COLUMN_ICCID },
};

/* Per column, while the sample is read. */
typedef struct
{
  guint eid;
  guint iccid;
  guint text;
  int   valid_eid_in_first;  /* the first record has a valid EID here */
} ColumnCounts;

/* Helpers */

/* Bytes up to and with the last '\n' of @data[@len], or @len. */
static gsize
whole_lines (const char *data,
             gsize       len)
{
  for (gsize i = len; i > 0; i--)
    if (data[i - 1] == '\n')
      return i;
  return len;
}

/* Bytes of what at @p does not count in a header name (0: it counts). */
static gsize
ignored_at (const char *p)
{
  switch (*p)
    {
    case ' ': case '\t': case '_': case '-': case '.': case '"': case '\'':
      return 1;
    default:
      break;
    }
  /* A byte order mark (U+FEFF), typographic quotes (U+201C, U+201D).
   * Byte by byte: @p may be the last character before the NUL, and the
   * comparison stops at the first byte that differs, the NUL included. */
  if ((p[0] == '\xef' && p[1] == '\xbb' && p[2] == '\xbf') ||
      (p[0] == '\xe2' && p[1] == '\x80' && (p[2] == '\x9c' || p[2] == '\x9d')))
    return 3;
  return 0;
}

/* The key of @name into @out (at most @max bytes); FALSE when longer. */
static gboolean
make_key (const char *name,
          char       *out,
          gsize       max,
          gsize      *len_out)
{
  gsize n = 0;

  for (const char *p = name; *p != '\0'; )
    {
      gsize skip = ignored_at (p);

      if (skip > 0)
        {
          p += skip;
          continue;
        }
      if (n == max)
        return FALSE;
      out[n++] = g_ascii_tolower (*p++);
    }
  *len_out = n;
  return TRUE;
}

/* The digits of @text (spaces and dashes not counted) into @digits (at
 * most @max); FALSE when another character or more digits come. */
static gboolean
collect_digits (const char *text,
                gsize       len,
                char       *digits,
                gsize       max,
                gsize      *n_out)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == ' ' || c == '-')
        continue;
      if (c < '0' || c > '9' || n == max)
        return FALSE;
      digits[n++] = c;
    }
  *n_out = n;
  return TRUE;
}

static gboolean
all_zeros (const char *s,
           gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (s[i] != '0')
      return FALSE;
  return TRUE;
}

/* A cell of text (a name), not a number nor empty. */
static gboolean
looks_like_text (const char *text,
                 gsize       len)
{
  if (len == 0 || eo_text_is_scientific (text, len))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (strchr ("0123456789 .,+-", text[i]) == NULL)
      return TRUE;
  return FALSE;
}

/* @text cut after VALUE_MAX_CHARS characters, control characters as
 * spaces, valid UTF-8. */
static char *
clean_value (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0' && n < VALUE_MAX_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (g_utf8_strlen (valid, -1) > VALUE_MAX_CHARS)
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/* The column where more than half of the @n_rows rows look so (the most
 * such), not @not; -1 for none. */
static int
majority_column (const ColumnCounts *counts,
                 guint               n_columns,
                 guint               n_rows,
                 gsize               member,
                 int                 not)
{
  int best = -1;
  guint best_count = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      guint count = *(const guint *) ((const char *) &counts[c] + member);

      if ((int) c != not && count * 2 > n_rows && count > best_count)
        {
          best = (int) c;
          best_count = count;
        }
    }
  return best;
}

/* The first record: its names, what they mean, and whether it is a
 * device rather than a header. */
static void
read_first_record (EoColumnSample *sample,
                   EoCsvReader    *reader,
                   ColumnCounts   *counts,
                   GPtrArray      *keys)
{
  gboolean valid_eid = FALSE;

  sample->n_fields = eo_csv_reader_get_n_fields_total (reader);
  sample->n_columns = MIN (reader->n_fields, EO_COLUMN_SAMPLE_MAX_COLUMNS);
  sample->headers = g_new0 (char *, sample->n_columns + 1);

  for (guint c = 0; c < reader->n_fields; c++)
    {
      const EoCsvField *field = &reader->fields[c];
      EoColumn column = eo_column_for_header_name (field->text);

      if (column != EO_COLUMN_NONE && sample->by_header[column] < 0)
        sample->by_header[column] = (int) c;
      if (c < sample->n_columns)
        {
          counts[c].valid_eid_in_first = eo_text_is_valid_eid (field->text, field->len);
          valid_eid = valid_eid || counts[c].valid_eid_in_first;
          sample->headers[c] = clean_value (field->text);
          g_ptr_array_add (keys, eo_column_header_key (field->text));
        }
    }

  /* No header names a valid EID: a header that says “EID” is not data. */
  sample->has_header = !valid_eid;
  if (!sample->has_header)
    {
      for (guint c = 0; c <= EO_COLUMN_ICCID; c++)
        sample->by_header[c] = -1;
      for (guint c = 0; c < sample->n_columns; c++)
        {
          g_free (sample->headers[c]);
          sample->headers[c] = g_strdup ("");
        }
    }
}

/* One data record: counted, and its values kept among the first few. */
static void
read_data_record (EoColumnSample *sample,
                  EoCsvReader    *reader,
                  ColumnCounts   *counts)
{
  guint row = sample->n_rows++;

  for (guint c = 0; c < sample->n_columns && c < reader->n_fields; c++)
    {
      const EoCsvField *field = &reader->fields[c];

      counts[c].eid += eo_text_looks_like_eid (field->text, field->len);
      counts[c].iccid += eo_text_looks_like_iccid (field->text, field->len);
      counts[c].text += looks_like_text (field->text, field->len);
      if (row < EO_COLUMN_SAMPLE_N_VALUES)
        {
          char **slot = &sample->values[c * EO_COLUMN_SAMPLE_N_VALUES + row];

          g_free (*slot);
          *slot = clean_value (field->text);
        }
    }
}

/* The columns by their content, once the rows are counted. */
static void
guess_by_content (EoColumnSample     *sample,
                  const ColumnCounts *counts)
{
  int eid, iccid;

  eid = majority_column (counts, sample->n_columns, sample->n_rows,
                         G_STRUCT_OFFSET (ColumnCounts, eid), -1);
  if (eid < 0 && !sample->has_header)
    for (guint c = 0; c < sample->n_columns && eid < 0; c++)
      if (counts[c].valid_eid_in_first)
        eid = (int) c;
  iccid = majority_column (counts, sample->n_columns, sample->n_rows,
                           G_STRUCT_OFFSET (ColumnCounts, iccid), eid);

  sample->by_content[EO_COLUMN_EID] = eid;
  sample->by_content[EO_COLUMN_ICCID] = iccid;
  for (guint c = 0; c < sample->n_columns; c++)
    if ((int) c != eid && (int) c != iccid && counts[c].text * 2 > sample->n_rows)
      {
        sample->by_content[EO_COLUMN_NAME] = (int) c;
        break;
      }
}

static char *
make_signature (GPtrArray *keys,
                guint      n_fields)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  g_string_append_printf (joined, "%u", n_fields);
  for (guint i = 0; i < keys->len; i++)
    {
      g_string_append_c (joined, '\x1f');
      g_string_append (joined, keys->pdata[i]);
    }
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined->str, (gssize) joined->len);
}

/* Public API */

char *
eo_column_header_key (const char *name)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, NULL);

  for (const char *p = name; *p != '\0'; )
    {
      gsize skip = ignored_at (p);

      if (skip > 0)
        {
          p += skip;
          continue;
        }
      g_string_append_c (out, g_ascii_tolower (*p++));
    }
  return g_string_free (out, FALSE);
}

EoColumn
eo_column_for_header_name (const char *name)
{
  char key[KEY_MAX_BYTES];
  gsize len;

  g_return_val_if_fail (name != NULL, EO_COLUMN_NONE);

  if (!make_key (name, key, sizeof key, &len))
    return EO_COLUMN_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strlen (aliases[i].key) == len && memcmp (aliases[i].key, key, len) == 0)
      return aliases[i].column;
  return EO_COLUMN_NONE;
}

gboolean
eo_text_looks_like_eid (const char *text,
                        gsize       len)
{
  char digits[EO_EID_LENGTH];
  gsize n;

  return collect_digits (text, len, digits, sizeof digits, &n) && n == EO_EID_LENGTH &&
         digits[0] == '8' && digits[1] == '9';
}

gboolean
eo_text_looks_like_iccid (const char *text,
                          gsize       len)
{
  char digits[20];
  gsize n;

  while (len > 0 && (text[len - 1] == 'F' || text[len - 1] == 'f'))
    len--;
  return collect_digits (text, len, digits, sizeof digits, &n) && (n == 19 || n == 20) &&
         digits[0] == '8' && digits[1] == '9';
}

gboolean
eo_text_is_valid_eid (const char *text,
                      gsize       len)
{
  char digits[EO_EID_LENGTH];
  gsize n;

  return collect_digits (text, len, digits, sizeof digits, &n) && eo_eid_is_valid (digits, n);
}

gboolean
eo_text_is_scientific (const char *text,
                       gsize       len)
{
  gsize i = 0;
  gsize start;

  /* digits [ (.|,) digits ] (e|E) [+] digits */
  while (i < len && g_ascii_isdigit (text[i]))
    i++;
  if (i == 0)
    return FALSE;
  if (i < len && (text[i] == '.' || text[i] == ','))
    {
      start = ++i;
      while (i < len && g_ascii_isdigit (text[i]))
        i++;
      if (i == start)
        return FALSE;
    }
  if (i == len || (text[i] != 'e' && text[i] != 'E'))
    return FALSE;
  i++;
  if (i < len && text[i] == '+')
    i++;
  start = i;
  while (i < len && g_ascii_isdigit (text[i]))
    i++;
  return i == len && i > start && i - start <= 3;
}

gboolean
eo_digits_have_rounded_tail (const char *digits,
                             gsize       len)
{
  if (len <= SPREADSHEET_DIGITS)
    return FALSE;
  return all_zeros (digits + SPREADSHEET_DIGITS, len - SPREADSHEET_DIGITS);
}

EoColumnSample *
eo_column_sample_new (const char *data,
                      gsize       len,
                      char        separator)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree ColumnCounts *counts = g_new0 (ColumnCounts, EO_COLUMN_SAMPLE_MAX_COLUMNS);
  g_autofree char *copy = NULL;
  EoColumnSample *sample = g_new0 (EoColumnSample, 1);
  EoCsvReader reader;
  gboolean first = TRUE;
  gsize n;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  /* A copy of the start, cut after a line end: the reader writes into it. */
  n = MIN (len, (gsize) EO_COLUMN_SAMPLE_MAX_BYTES);
  if (n < len)
    n = whole_lines (data, n);
  copy = g_malloc (n + 1);
  memcpy (copy, data, n);
  copy[n] = '\0';

  for (guint c = 0; c <= EO_COLUMN_ICCID; c++)
    sample->by_header[c] = sample->by_content[c] = -1;
  sample->separator = separator != 0 ? separator : eo_csv_detect_separator (copy, n);
  sample->has_header = TRUE;

  eo_csv_reader_init (&reader, copy, n, sample->separator, 1);
  while (sample->n_rows < EO_COLUMN_SAMPLE_MAX_ROWS && eo_csv_reader_next (&reader) == EO_CSV_RECORD)
    {
      if (eo_csv_reader_is_blank (&reader))
        continue;
      if (first)
        {
          read_first_record (sample, &reader, counts, keys);
          sample->values = g_new0 (char *, sample->n_columns * EO_COLUMN_SAMPLE_N_VALUES + 1);
          for (guint i = 0; i < sample->n_columns * EO_COLUMN_SAMPLE_N_VALUES; i++)
            sample->values[i] = g_strdup ("");
          first = FALSE;
          if (sample->has_header)
            continue;
        }
      read_data_record (sample, &reader, counts);
    }
  eo_csv_reader_clear (&reader);

  if (first)
    {
      sample->headers = g_new0 (char *, 1);
      sample->values = g_new0 (char *, 1);
    }
  guess_by_content (sample, counts);
  if (sample->has_header && !first)
    sample->signature = make_signature (keys, sample->n_fields);

  return sample;
}

EoColumnSample *
eo_column_sample_new_from_bytes (GBytes *bytes)
{
  gsize len;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  return eo_column_sample_new (data != NULL ? data : "", len, 0);
}

EoColumnSample *
eo_column_sample_load (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = g_malloc (EO_COLUMN_SAMPLE_MAX_BYTES + 1);
  gsize n = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, EO_COLUMN_SAMPLE_MAX_BYTES,
                                &n, cancellable, error))
    return NULL;

  /* A full buffer may end inside a character: keep whole lines. */
  if (n == EO_COLUMN_SAMPLE_MAX_BYTES)
    n = whole_lines (buffer, n);
  buffer[n] = '\0';
  if (eo_csv_check_text (buffer, n, NULL, NULL) != EO_CSV_TEXT_OK)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_NOT_TEXT,
                   _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."));
      return NULL;
    }
  return eo_column_sample_new (buffer, n, 0);
}

void
eo_column_sample_free (EoColumnSample *sample)
{
  if (sample == NULL)
    return;
  g_strfreev (sample->headers);
  g_strfreev (sample->values);
  g_free (sample->signature);
  g_free (sample);
}
