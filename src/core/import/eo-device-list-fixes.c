/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-device-list-edit.h"
#include "eo-device-list-private.h"

/* The edits themselves (eo-device-list-edit.h): each makes the rows it
 * changes as they become (texts checked again, problems of the checks in
 * the side table) and hands them to _eo_device_list_commit as one step;
 * and Save As. */

/* Helpers */

static guint32 *
row_offset (EoDeviceRow *row,
            EoColumn     column)
{
  switch (column)
    {
    case EO_COLUMN_EID:
      return &row->eid_offset;
    case EO_COLUMN_NAME:
      return &row->name_offset;
    case EO_COLUMN_ICCID:
    case EO_COLUMN_NONE:
    default:
      return &row->iccid_offset;
    }
}

static gboolean
check_text (const char  *text,
            GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (strlen (text) > EO_DEVICE_LIST_EDIT_MAX_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The text is too long: at most %u bytes."), EO_DEVICE_LIST_EDIT_MAX_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The text is not valid UTF-8."));
      return FALSE;
    }
  return TRUE;
}

/* Drops the problems of @column from @problems. */
static void
drop_column_problems (GArray   *problems,
                      EoColumn  column)
{
  guint w = 0;

  for (guint k = 0; k < problems->len; k++)
    {
      EoProblem p = g_array_index (problems, EoProblem, k);

      if (p.column != column)
        g_array_index (problems, EoProblem, w++) = p;
    }
  g_array_set_size (problems, w);
}

/* Checks @text as field @column of @row (row index @index), as a file's
 * field is: its damage flag set in @row, its problems added to
 * @problems; returns its text as kept (normalized; NULL for no ICCID). */
static char *
check_field (guint         index,
             EoDeviceRow  *row,
             EoColumn      column,
             const char   *text,
             GArray       *problems)
{
  gsize len = strlen (text);
  g_autofree char *copy = g_strndup (text, len);
  EoDeviceRow scratch = { 0 };
  EoRowPart part = { 0 };
  guint start = problems->len;
  guint32 offset;

  scratch.line = row->line;
  scratch.eid_offset = scratch.name_offset = (guint32) len;
  scratch.iccid_offset = EO_ROW_NO_TEXT;
  part.buffer = copy;
  part.empty_offset = (guint32) len;
  part.rows = &scratch;
  part.n_rows = part.alloc = 1;
  part.problems = problems;
  part.problems_sorted = TRUE;
  _eo_row_part_check_field (&part, 0, column, copy, len);

  for (guint k = start; k < problems->len; k++)
    g_array_index (problems, EoProblem, k).row = index;
  if (column == EO_COLUMN_EID)
    row->eid_damaged = scratch.eid_damaged;
  else if (column == EO_COLUMN_ICCID)
    row->iccid_damaged = scratch.iccid_damaged;
  offset = *row_offset (&scratch, column);
  return offset == EO_ROW_NO_TEXT ? NULL : g_strdup (copy + offset);
}

/* Row @index with @texts (per column, NULL: unchanged) checked again into
 * @row and @problems (its problems without duplicates), the normalized
 * texts into @kept; FALSE when no text differs. */
static gboolean
check_edit (EoDeviceList        *self,
            guint                index,
            const char * const   texts[3],
            EoDeviceRow         *row,
            GArray              *problems,
            char                *kept[3])
{
  gboolean changed = FALSE;

  *row = self->rows[index];
  _eo_device_list_base_problems (self, index, problems);
  for (EoColumn c = EO_COLUMN_EID; c <= EO_COLUMN_ICCID; c++)
    {
      const char *old = _eo_device_list_text (self, *row_offset (row, c));

      kept[c - 1] = NULL;
      if (texts[c - 1] == NULL || g_strcmp0 (old != NULL ? old : "", texts[c - 1]) == 0)
        {
          kept[c - 1] = g_strdup (old);
          continue;
        }
      drop_column_problems (problems, c);
      kept[c - 1] = check_field (index, row, c, texts[c - 1], problems);
      changed = TRUE;
    }
  return changed;
}

/* Row @index with @texts (per column, NULL: unchanged) into @change;
 * FALSE when no text differs. */
static gboolean
make_edit (EoDeviceList        *self,
           guint                index,
           const char * const   texts[3],
           EoRowChange         *change)
{
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  char *kept[3];
  EoDeviceRow row;
  gboolean changed = check_edit (self, index, texts, &row, problems, kept);

  for (EoColumn c = EO_COLUMN_EID; changed && c <= EO_COLUMN_ICCID; c++)
    if (texts[c - 1] != NULL)
      *row_offset (&row, c) = kept[c - 1] == NULL ? EO_ROW_NO_TEXT
                                                 : _eo_device_list_store_text (self, kept[c - 1]);
  for (guint c = 0; c < 3; c++)
    g_free (kept[c]);
  if (!changed)
    return FALSE;

  _eo_device_list_store_problems (self, &row, problems);
  change->row = index;
  change->before = self->rows[index];
  change->after = row;
  return TRUE;
}

static GArray *
new_changes (void)
{
  return g_array_new (FALSE, FALSE, sizeof (EoRowChange));
}

static void
add_deletion (EoDeviceList *self,
              GArray       *changes,
              guint         index)
{
  EoRowChange change = { index, self->rows[index], self->rows[index] };

  change.after.deleted = TRUE;
  g_array_append_val (changes, change);
}

/* Commits @changes when there are any; returns how many. */
static guint
commit (EoDeviceList *self,
        GArray       *changes,
        guint         n_omitted)
{
  guint n = changes->len;

  if (n == 0 && n_omitted == self->n_omitted)
    {
      g_array_unref (changes);
      return 0;
    }
  _eo_device_list_commit (self, changes, n_omitted);
  return n;
}

static gint
compare_uint (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Public API */

gboolean
eo_device_list_edit_row (EoDeviceList  *self,
                         guint          row,
                         const char    *eid,
                         const char    *name,
                         const char    *iccid,
                         GError       **error)
{
  const char * const texts[3] = { eid, name, iccid };
  EoRowChange change;
  GArray *changes;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);
  g_return_val_if_fail (row < self->n_rows, FALSE);
  g_return_val_if_fail (!self->rows[row].deleted, FALSE);

  if (!check_text (eid, error) || !check_text (name, error) || !check_text (iccid, error))
    return FALSE;

  eo_device_list_prepare_edits (self);
  if (!make_edit (self, row, texts, &change))
    return TRUE;
  if (iccid != NULL && *iccid != '\0')
    self->has_iccid = TRUE;

  changes = new_changes ();
  g_array_append_val (changes, change);
  commit (self, changes, self->n_omitted);
  return TRUE;
}

char *
eo_device_list_dup_edit_preview (EoDeviceList *self,
                                 guint         row,
                                 const char   *eid,
                                 const char   *name,
                                 const char   *iccid,
                                 EoSeverity   *severity)
{
  const char * const texts[3] = { eid, name, iccid };
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  g_autoptr(GString) message = g_string_new (NULL);
  EoSeverity worst = EO_SEVERITY_OK;
  char *kept[3];
  EoDeviceRow after;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (row < self->n_rows, NULL);

  eo_device_list_prepare_edits (self);
  if (!check_text (eid, NULL) || !check_text (name, NULL) || !check_text (iccid, NULL))
    {
      if (severity != NULL)
        *severity = EO_SEVERITY_ERROR;
      return g_strdup (_("The text is not valid UTF-8 or too long."));
    }
  check_edit (self, row, texts, &after, problems, kept);
  _eo_device_list_add_duplicates (self, row, &after, (const char * const *) kept, problems);
  _eo_problems_sort_in_row ((EoProblem *) (gpointer) problems->data, problems->len);
  for (guint k = 0; k < problems->len; k++)
    {
      const EoProblem *p = &g_array_index (problems, EoProblem, k);
      g_autofree char *text = eo_problem_dup_message (p);

      worst = MAX (worst, (EoSeverity) p->severity);
      g_string_append_printf (message, "%s%s", message->len > 0 ? " " : "", text);
    }
  for (guint c = 0; c < 3; c++)
    g_free (kept[c]);
  if (severity != NULL)
    *severity = worst;
  return g_string_free (g_steal_pointer (&message), FALSE);
}

guint
eo_device_list_delete_rows (EoDeviceList *self,
                            const guint  *rows,
                            guint         n_rows)
{
  g_autofree guint *sorted = NULL;
  GArray *changes;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);
  g_return_val_if_fail (rows != NULL || n_rows == 0, 0);

  eo_device_list_prepare_edits (self);
  sorted = g_memdup2 (rows, sizeof (guint) * n_rows);
  g_qsort_with_data (sorted, (gint) n_rows, sizeof (guint), compare_uint, NULL);
  changes = new_changes ();
  for (guint i = 0; i < n_rows; i++)
    {
      g_return_val_if_fail (sorted[i] < self->n_rows, 0);
      if ((i == 0 || sorted[i] != sorted[i - 1]) && !self->rows[sorted[i]].deleted)
        add_deletion (self, changes, sorted[i]);
    }
  return commit (self, changes, self->n_omitted);
}

guint
eo_device_list_remove_duplicate_rows (EoDeviceList *self)
{
  GArray *changes;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  eo_device_list_prepare_edits (self);
  changes = new_changes ();
  for (guint i = 0; i < self->n_rows; i++)
    {
      int first, second;

      if (self->rows[i].deleted)
        continue;
      _eo_device_list_eid_group (self, i, &first, &second);
      if (first >= 0 && first != (int) i)
        add_deletion (self, changes, i);
    }
  return commit (self, changes, self->n_omitted);
}

guint
eo_device_list_clear_bad_iccids (EoDeviceList *self)
{
  static const char * const texts[3] = { NULL, NULL, "" };
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  GArray *changes;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  eo_device_list_prepare_edits (self);
  changes = new_changes ();
  for (guint i = 0; i < self->n_rows; i++)
    {
      const EoDeviceRow *row = &self->rows[i];
      gboolean bad = FALSE;
      EoRowChange change;

      if (row->deleted || row->severity != EO_SEVERITY_ERROR || row->iccid_offset == EO_ROW_NO_TEXT)
        continue;
      g_array_set_size (problems, 0);
      _eo_device_list_row_problems (self, i, problems);
      for (guint k = 0; k < problems->len && !bad; k++)
        {
          const EoProblem *p = &g_array_index (problems, EoProblem, k);

          bad = p->column == EO_COLUMN_ICCID && p->severity == EO_SEVERITY_ERROR;
        }
      if (bad && make_edit (self, i, texts, &change))
        g_array_append_val (changes, change);
    }
  return commit (self, changes, self->n_omitted);
}

guint
eo_device_list_remove_error_rows (EoDeviceList *self)
{
  GArray *changes;
  guint n_omitted;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  eo_device_list_prepare_edits (self);
  changes = new_changes ();
  for (guint i = 0; i < self->n_rows; i++)
    if (!self->rows[i].deleted && self->rows[i].severity == EO_SEVERITY_ERROR)
      add_deletion (self, changes, i);
  n_omitted = self->n_omitted;
  return commit (self, changes, 0) + n_omitted;
}

GBytes *
eo_device_list_to_csv (EoDeviceList *self)
{
  guint n_extra;
  GString *out;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);

  n_extra = eo_device_list_get_n_extra_columns (self);
  out = g_string_sized_new (64 + (gsize) self->n_rows * 72);
  g_string_append (out, self->has_iccid ? "EID,Name,ICCID" : "EID,Name");
  for (guint k = 0; k < n_extra; k++)
    {
      g_string_append_c (out, ',');
      _eo_csv_append_field (out, eo_device_list_get_extra_column_name (self, k));
    }
  g_string_append_c (out, '\n');

  for (guint i = 0; i < self->n_rows; i++)
    {
      const EoDeviceRow *row = &self->rows[i];
      const char *iccid = _eo_device_list_text (self, row->iccid_offset);

      if (row->deleted)
        continue;
      _eo_csv_append_field (out, _eo_device_list_text (self, row->eid_offset));
      g_string_append_c (out, ',');
      _eo_csv_append_field (out, _eo_device_list_text (self, row->name_offset));
      if (self->has_iccid)
        {
          g_string_append_c (out, ',');
          _eo_csv_append_field (out, iccid != NULL ? iccid : "");
        }
      for (guint k = 0; k < n_extra; k++)
        {
          g_string_append_c (out, ',');
          _eo_csv_append_field (out, eo_device_list_row_get_extra (self, i, k));
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free_to_bytes (out);
}
