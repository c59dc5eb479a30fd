/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-column-guess.h"
#include "eo-device-list-private.h"

/* The columns of a device list beyond EID, Name and ICCID: an MDM's
 * export has Serial Number, Model, its own device IDs…, which the admin
 * needs again after the upload (to build the MDM's group). They are kept
 * as they were read, bounded: at most EO_DEVICE_LIST_MAX_EXTRA_COLUMNS
 * columns, a value at most EO_DEVICE_LIST_EXTRA_VALUE_MAX_BYTES bytes,
 * control characters replaced by spaces (the file is valid UTF-8 already).
 *
 * Memory: one 32-bit offset per row (only when the file has an extra
 * column) into one arena where each row's values follow each other, each
 * NUL-terminated; a row whose values are all empty takes no byte of it.
 * So 100,000 rows of "Serial Number,Model" cost 0.4 MB of offsets plus
 * their text, not an object per row.
 *
 * The normalized CSV, written from the checked columns, is here too. */

/* Helpers */

static gboolean
name_taken (GPtrArray  *names,
            const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_utf8_collate (names->pdata[i], name) == 0 ||
        g_ascii_strcasecmp (names->pdata[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* Appends @text[@len] to @out, cut to @max bytes on a character boundary,
 * control characters (C0, DEL, C1) replaced by spaces. @text is UTF-8. */
static void
append_clean (GByteArray *out,
              const char *text,
              gsize       len,
              gsize       max)
{
  const char *p = text;
  const char *end = text + len;
  gsize written = 0;

  while (p < end)
    {
      const char *next = g_utf8_next_char (p);
      gsize n = (gsize) (next - p);
      guchar c = (guchar) *p;

      if (next > end || written + n > max)
        break;
      if (c < 0x20 || c == 0x7f || (c == 0xc2 && n == 2 && (guchar) p[1] < 0xa0))
        {
          out = g_byte_array_append (out, (const guint8 *) " ", 1);
          written++;
        }
      else
        {
          out = g_byte_array_append (out, (const guint8 *) p, (guint) n);
          written += n;
        }
      p = next;
    }
}

/* A header name as kept: cleaned, cut, trimmed; NULL when nothing is left. */
static char *
clean_header_name (const char *text)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  char *name;

  append_clean (out, text, strlen (text), EO_DEVICE_LIST_EXTRA_NAME_MAX_BYTES);
  g_byte_array_append (out, (const guint8 *) "", 1);
  name = g_strstrip ((char *) g_byte_array_free (g_steal_pointer (&out), FALSE));
  if (*name == '\0')
    g_clear_pointer (&name, g_free);
  return name;
}

/* "Columns kept…: A, B" from the plural form @format chose for @names. */
static void
add_note (GPtrArray  *notes,
          GPtrArray  *names,
          const char *format)
{
  g_autofree char *joined = NULL;

  if (names->len == 0)
    return;
  joined = _eo_join_header_names ((const char * const *) names->pdata, names->len);
  g_ptr_array_add (notes, g_strdup_printf (format, joined));
}

static gboolean
is_standard_field (guint      field,
                   const int *standard,
                   guint      n_standard)
{
  for (guint k = 0; k < n_standard; k++)
    if (standard[k] >= 0 && (guint) standard[k] == field)
      return TRUE;
  return FALSE;
}

/* Private API */

void
_eo_device_list_choose_extras (EoDeviceList *self,
                               EoCsvReader  *reader,
                               const int    *standard,
                               guint         n_standard)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ignored = g_ptr_array_new ();
  g_autoptr(GArray) fields = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *notes = g_ptr_array_new ();

  for (guint i = 0; i < reader->n_fields; i++)
    {
      const char *raw = reader->fields[i].text;
      g_autofree char *name = NULL;

      if (reader->fields[i].len == 0 || is_standard_field (i, standard, n_standard))
        continue;
      name = clean_header_name (raw);
      if (name == NULL || eo_column_for_header_name (name) != EO_COLUMN_NONE ||
          kept->len >= EO_DEVICE_LIST_MAX_EXTRA_COLUMNS || name_taken (kept, name))
        {
          if (ignored->len <= 20)
            g_ptr_array_add (ignored, (gpointer) raw);
          continue;
        }
      g_array_append_val (fields, i);
      g_ptr_array_add (kept, g_steal_pointer (&name));
    }

  add_note (notes, kept, g_dngettext (NULL, "Column kept with each device: %s",
                                       "Columns kept with each device: %s", kept->len));
  add_note (notes, ignored, g_dngettext (NULL, "Ignored column: %s", "Ignored columns: %s",
                                         ignored->len));
  g_ptr_array_add (notes, NULL);
  self->notes = (GStrv) g_ptr_array_free (notes, FALSE);

  self->n_extra = kept->len;
  if (self->n_extra == 0)
    return;
  g_ptr_array_add (kept, NULL);
  self->extra_names = (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
  self->extra_fields = (guint *) (gpointer) g_array_free (g_steal_pointer (&fields), FALSE);
}

void
_eo_row_part_init_extras (EoRowPart    *part,
                          EoDeviceList *self,
                          guint32      *base,
                          guint         offset,
                          guint         alloc)
{
  part->n_extra = self->n_extra;
  part->extra_fields = self->extra_fields;
  part->extras = NULL;
  part->extra_values = NULL;
  if (self->n_extra == 0)
    return;

  part->extras = base != NULL ? base + offset : g_new (guint32, MAX (alloc, 1));
  part->extra_values = g_byte_array_new ();
}

void
_eo_row_part_add_extras (EoRowPart        *part,
                         guint             index,
                         const EoCsvField *fields,
                         guint             n_fields)
{
  GByteArray *values = part->extra_values;
  guint start = values->len;
  gboolean any = FALSE;

  for (guint k = 0; k < part->n_extra; k++)
    {
      guint f = part->extra_fields[k];

      if (f < n_fields && fields[f].len > 0)
        {
          append_clean (values, fields[f].text, fields[f].len,
                        EO_DEVICE_LIST_EXTRA_VALUE_MAX_BYTES);
          any = any || values->len > start;
        }
      g_byte_array_append (values, (const guint8 *) "", 1);
    }

  if (any)
    part->extras[index] = start;
  else
    {
      g_byte_array_set_size (values, start);
      part->extras[index] = EO_ROW_NO_TEXT;
    }
}

void
_eo_row_part_join_extra_values (EoRowPart *to,
                                EoRowPart *from)
{
  if (to->extras == NULL)
    return;
  from->extra_base = to->extra_values->len;
  g_byte_array_append (to->extra_values, from->extra_values->data, from->extra_values->len);
  g_clear_pointer (&from->extra_values, g_byte_array_unref);
}

void
_eo_row_part_take_extras (EoRowPart       *to,
                          guint            to_index,
                          const EoRowPart *from,
                          guint            from_index,
                          guint            n)
{
  if (to->extras == NULL)
    return;

  /* Forward: @to_index is never past @from_index in the shared array. */
  for (guint i = 0; i < n; i++)
    {
      guint32 o = from->extras[from_index + i];

      to->extras[to_index + i] = o == EO_ROW_NO_TEXT ? EO_ROW_NO_TEXT : from->extra_base + o;
    }
}
/* Public API */

guint
eo_device_list_get_n_extra_columns (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_extra;
}

const char *
eo_device_list_get_extra_column_name (EoDeviceList *self,
                                      guint         column)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (column < self->n_extra, NULL);

  return self->extra_names[column];
}

const char * const *
eo_device_list_get_extra_column_names (EoDeviceList *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), none);

  return self->extra_names != NULL ? (const char * const *) self->extra_names : none;
}

const char *
eo_device_list_row_get_extra (EoDeviceList *self,
                              guint         row,
                              guint         column)
{
  const char *p;
  guint32 offset;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);
  g_return_val_if_fail (column < self->n_extra, NULL);

  offset = self->extra_offsets[row];
  if (offset == EO_ROW_NO_TEXT)
    return "";
  p = (const char *) self->extra_values->data + offset;
  for (guint k = 0; k < column; k++)
    p += strlen (p) + 1;
  return p;
}

int
eo_device_list_find_serial_column (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), -1);

  for (guint k = 0; k < self->n_extra; k++)
    if (eo_column_name_is_serial_number (self->extra_names[k]))
      return (int) k;
  return -1;
}

gboolean
eo_column_name_is_serial_number (const char *name)
{
  g_autoptr(GString) letters = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, FALSE);

  /* Letters and digits only, lower case: "Serial Number", "serial_number",
   * "SerialNumber", "Serial-No." and "Serial" are all the same. */
  for (const char *p = name; *p != '\0' && letters->len < 32; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (letters, g_ascii_tolower (*p));

  return g_str_equal (letters->str, "serial") || g_str_equal (letters->str, "serialnumber") ||
         g_str_equal (letters->str, "serialno") || g_str_equal (letters->str, "serialnum");
}

/* Where CSV text goes: counted only (out NULL), or written. */
typedef struct
{
  char  *out;
  gsize  len;
} CsvSink;

static inline void
sink_put (CsvSink    *sink,
          const char *text,
          gsize       n)
{
  if (sink->out != NULL)
    memcpy (sink->out + sink->len, text, n);
  sink->len += n;
}

/* @text as one CSV field: quoted when it holds a comma, a quote or a
 * line end. */
static void
sink_field (CsvSink    *sink,
            const char *text)
{
  const char *special = strpbrk (text, ",\"\r\n");

  if (special == NULL)
    {
      sink_put (sink, text, strlen (text));
      return;
    }

  sink_put (sink, "\"", 1);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        sink_put (sink, "\"", 1);
      sink_put (sink, p, 1);
    }
  sink_put (sink, "\"", 1);
}

void
_eo_csv_append_field (GString    *out,
                      const char *text)
{
  CsvSink count = { NULL, 0 };
  CsvSink write = { NULL, 0 };
  gsize at = out->len;

  sink_field (&count, text);
  g_string_set_size (out, at + count.len);
  write.out = out->str + at;
  sink_field (&write, text);
}

static void
sink_rows (EoDeviceList *self,
           CsvSink      *sink)
{
  const char *header = self->has_iccid ? "EID,Name,ICCID\n" : "EID,Name\n";

  sink_put (sink, header, strlen (header));
  for (guint i = 0; i < self->n_rows; i++)
    {
      const EoDeviceRow *row = &self->rows[i];

      if (row->severity == EO_SEVERITY_ERROR || row->left_out || row->deleted)
        continue;

      sink_field (sink, _eo_device_list_text (self, row->eid_offset));
      sink_put (sink, ",", 1);
      sink_field (sink, _eo_device_list_text (self, row->name_offset));
      if (self->has_iccid)
        {
          sink_put (sink, ",", 1);
          if (row->iccid_offset != EO_ROW_NO_TEXT)
            sink_field (sink, _eo_device_list_text (self, row->iccid_offset));
        }
      sink_put (sink, "\n", 1);
    }
}

/* Counted first, then written into a block of just its size: a GString
 * rounds up to a power of two (8 MiB for the 4.7 MB of 100,000 rows). */
GBytes *
eo_device_list_to_normalized_csv (EoDeviceList *self)
{
  CsvSink count = { NULL, 0 };
  CsvSink write = { NULL, 0 };

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);

  sink_rows (self, &count);
  write.out = g_malloc (count.len + 1);
  sink_rows (self, &write);
  g_assert (write.len == count.len);
  write.out[write.len] = '\0';

  return g_bytes_new_take (write.out, write.len);
}
