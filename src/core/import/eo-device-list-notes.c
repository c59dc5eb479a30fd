/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include "eo-device-list-edit.h"
#include "eo-device-list-private.h"

/* Rows' notes (eo_device_list_set_row_note: a retry's server reasons),
 * and finding rows: by line, what is sent. Kept by row index, so through
 * every edit. */

/* Helpers */

/* @text cut to @max bytes on a character boundary, control characters
 * made spaces, trimmed; NULL when nothing is left. */
static char *
clean_note (const char *text,
            gsize       max)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *end;

  g_utf8_validate (text, -1, &end);
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (out->len + 6 > max)
        break;
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  return out->str[0] != '\0' ? g_strdup (out->str) : NULL;
}

/* Public API */

void
eo_device_list_set_row_note (EoDeviceList *self,
                             guint         row,
                             const char   *note)
{
  char *clean;

  g_return_if_fail (EO_IS_DEVICE_LIST (self));
  g_return_if_fail (row < self->n_rows);

  clean = note != NULL ? clean_note (note, EO_DEVICE_LIST_NOTE_MAX_BYTES) : NULL;
  if (self->row_notes == NULL)
    self->row_notes = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (clean != NULL)
    g_hash_table_insert (self->row_notes, GUINT_TO_POINTER (row), clean);
  else
    g_hash_table_remove (self->row_notes, GUINT_TO_POINTER (row));
}

const char *
eo_device_list_row_get_note (EoDeviceList *self,
                             guint         row)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  if (self->row_notes == NULL)
    return NULL;
  return g_hash_table_lookup (self->row_notes, GUINT_TO_POINTER (row));
}

int
eo_device_list_find_row_by_line (EoDeviceList *self,
                                 guint         line)
{
  guint lo = 0, hi;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), -1);

  /* Rows are in the order of their lines. */
  hi = self->n_rows;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->rows[mid].line < line)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < self->n_rows && self->rows[lo].line == line ? (int) lo : -1;
}

gboolean
eo_device_list_row_is_sent (EoDeviceList *self,
                            guint         row)
{
  const EoDeviceRow *r;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);
  g_return_val_if_fail (row < self->n_rows, FALSE);

  r = &self->rows[row];
  return r->severity < EO_SEVERITY_ERROR && !r->left_out && !r->deleted;
}
