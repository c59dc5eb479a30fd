/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-device-list-edit.h"
#include "eo-device-list-private.h"

/* What edits keep beside the list as read (eo-device-list-edit.h):
 * - edited texts in a string chunk (never moved, never freed before the
 *   list), a row's offset with EO_ROW_EDIT_TEXT being an index into them;
 * - an edited row's problems of its checks in a side array (the row's
 *   side_problems bit), its old ones staying where they are, so that a
 *   step is undone by putting the old 24-byte row back;
 * - per key (EID, name, ICCID) a hash table from the text to its rows:
 *   a tagged row index when alone, else a sorted GArray of them. The
 *   duplicate problems are made from it when asked for (each row of a
 *   group names the line of the row before it in the group, the first
 *   the second's: as eo-duplicates.c does), so an edit touches at most
 *   three rows of each group it leaves or joins (itself, the row after
 *   it, and the first when it was or becomes the second), whatever the
 *   group's size;
 * - a Fenwick tree of the deleted rows (a row's place in the table);
 * - the steps, each an array of EoRowChange. */

typedef struct _EoListEdits
{
  GStringChunk *chunk;
  GPtrArray    *texts;        /* char *, in chunk */
  GArray       *problems;     /* EoProblem of rows with side_problems */
  GHashTable   *keys[3];      /* text → rows (see above) */
  guint        *deleted_tree; /* n_rows + 1 */
  guint         n_deleted;
  GPtrArray    *steps;        /* Step */
  guint         n_done;       /* steps applied; the others can be redone */
  guint         next_id;
  guint         base_id;      /* of the last step dropped from the stack */
  GArray       *affected;     /* rows touched by the step being applied */
  GArray       *scratch;      /* EoProblem */
} EoListEdits;

typedef struct
{
  guint   id;
  GArray *changes;          /* EoRowChange */
  guint   omitted_before;
  guint   omitted_after;
  guint   omitted_warnings_before;
} Step;

enum {
  SIGNAL_ROWS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define IS_SINGLE(v)   ((GPOINTER_TO_SIZE (v) & 1) != 0)
#define SINGLE_ROW(v)  ((guint) (GPOINTER_TO_SIZE (v) >> 1))
#define MAKE_SINGLE(r) GSIZE_TO_POINTER (((gsize) (r) << 1) | 1)

static const EoColumn key_columns[] = { EO_COLUMN_EID, EO_COLUMN_NAME, EO_COLUMN_ICCID };
static const EoProblemCode key_codes[] = {
  EO_PROBLEM_EID_DUPLICATE, EO_PROBLEM_NAME_DUPLICATE, EO_PROBLEM_ICCID_DUPLICATE,
};
static const EoSeverity key_severities[] = {
  EO_SEVERITY_ERROR, EO_SEVERITY_WARNING, EO_SEVERITY_ERROR,
};

/* Helpers */

static void
step_free (gpointer data)
{
  Step *step = data;

  g_array_unref (step->changes);
  g_free (step);
}

static gboolean
is_duplicate_code (guint code)
{
  return code == EO_PROBLEM_EID_DUPLICATE || code == EO_PROBLEM_NAME_DUPLICATE ||
         code == EO_PROBLEM_ICCID_DUPLICATE;
}

/* The text of @row under @key, or NULL when it is in no group. */
static const char *
key_text (EoDeviceList      *self,
          const EoDeviceRow *row,
          guint              key)
{
  const char *text;

  if (row->deleted)
    return NULL;
  switch (key)
    {
    case EO_KEY_EID:
      text = row->eid_damaged ? NULL : _eo_device_list_text (self, row->eid_offset);
      break;
    case EO_KEY_NAME:
      text = _eo_device_list_text (self, row->name_offset);
      break;
    case EO_KEY_ICCID:
    default:
      text = row->iccid_damaged ? NULL : _eo_device_list_text (self, row->iccid_offset);
      break;
    }
  return text != NULL && *text != '\0' ? text : NULL;
}

static inline void
touch (EoListEdits *edits,
       guint        row)
{
  g_array_append_val (edits->affected, row);
}

/* Where @row is or goes in @group (sorted). */
static guint
lower_bound (GArray *group,
             guint   row)
{
  guint lo = 0, hi = group->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (group, guint, mid) < row)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
index_add (EoListEdits *edits,
           guint        key,
           const char  *text,
           guint        row)
{
  GHashTable *table = edits->keys[key];
  gpointer value;
  GArray *group;
  guint p;

  if (!g_hash_table_lookup_extended (table, text, NULL, &value))
    {
      g_hash_table_insert (table, (gpointer) text, MAKE_SINGLE (row));
      return;
    }
  if (IS_SINGLE (value))
    {
      guint other = SINGLE_ROW (value);

      group = g_array_sized_new (FALSE, FALSE, sizeof (guint), 4);
      g_array_append_val (group, other);
      g_array_insert_val (group, lower_bound (group, row), row);
      g_hash_table_insert (table, (gpointer) text, group);
      touch (edits, other);
      return;
    }

  group = value;
  p = lower_bound (group, row);
  g_array_insert_val (group, p, row);
  /* The row after it names it now; a new second: the first names it. */
  if (p + 1 < group->len)
    touch (edits, g_array_index (group, guint, p + 1));
  if (p == 1)
    touch (edits, g_array_index (group, guint, 0));
}

static void
index_remove (EoListEdits *edits,
              guint        key,
              const char  *text,
              guint        row)
{
  GHashTable *table = edits->keys[key];
  gpointer value = g_hash_table_lookup (table, text);
  GArray *group;
  guint p;

  g_return_if_fail (value != NULL);
  if (IS_SINGLE (value))
    {
      g_hash_table_remove (table, text);
      return;
    }

  group = value;
  p = lower_bound (group, row);
  g_return_if_fail (p < group->len && g_array_index (group, guint, p) == row);
  g_array_remove_index (group, p);
  /* The row after it names the one before now (or, a new first, the
   * new second); its second gone, the first names another. */
  if (p < group->len)
    touch (edits, g_array_index (group, guint, p));
  if (p == 1)
    touch (edits, g_array_index (group, guint, 0));
  if (group->len == 1)
    {
      g_hash_table_insert (table, (gpointer) text, MAKE_SINGLE (g_array_index (group, guint, 0)));
      g_array_unref (group);
    }
}

/* The row whose line row @row's duplicate message names in @group (of
 * two rows or more; @row in it or, for a preview, not): the one before
 * it, or for the first the one after it. */
static guint
named_row (GArray *group,
           guint   row)
{
  guint p = lower_bound (group, row);
  gboolean in = p < group->len && g_array_index (group, guint, p) == row;

  if (p > 0)
    return g_array_index (group, guint, p - 1);
  return g_array_index (group, guint, in ? 1 : 0);
}

/* The first two rows of the group of @text under @key (-1 when none). */
static void
group_firsts (EoListEdits *edits,
              guint        key,
              const char  *text,
              int         *first,
              int         *second)
{
  gpointer value = text != NULL ? g_hash_table_lookup (edits->keys[key], text) : NULL;

  *first = *second = -1;
  if (value == NULL)
    return;
  if (IS_SINGLE (value))
    {
      *first = (int) SINGLE_ROW (value);
      return;
    }
  *first = (int) g_array_index ((GArray *) value, guint, 0);
  *second = (int) g_array_index ((GArray *) value, guint, 1);
}

static void
free_group_cb (gpointer key,
               gpointer value,
               gpointer user_data)
{
  if (!IS_SINGLE (value))
    g_array_unref (value);
}

static void
tree_add (EoListEdits *edits,
          guint        n_rows,
          guint        row,
          int          delta)
{
  for (guint i = row + 1; i <= n_rows; i += i & -i)
    edits->deleted_tree[i] += (guint) delta;
}

/* Deleted rows before @row. */
static guint
tree_prefix (EoListEdits *edits,
             guint        row)
{
  guint n = 0;

  for (guint i = row; i > 0; i -= i & -i)
    n += edits->deleted_tree[i];
  return n;
}

/* The counts a row adds to the list's. */
static void
count_row (EoDeviceList      *self,
           const EoDeviceRow *row,
           int                sign)
{
  guint d = (guint) sign;

  if (row->deleted)
    return;
  if (row->severity == EO_SEVERITY_ERROR)
    self->n_errors += d;
  else
    self->n_valid += d;
  if (row->severity > EO_SEVERITY_OK)
    self->n_flagged += d;
  if (row->has_warning)
    self->n_warnings += d;
  if (row->left_out)
    self->n_left_out += d;
}

/* Severity and warning of row @index from its problems now. */
static void
update_row (EoDeviceList *self,
            guint         index)
{
  EoListEdits *edits = self->edits;
  EoDeviceRow *row = &self->rows[index];
  EoSeverity severity = EO_SEVERITY_OK;
  gboolean warning = FALSE;

  if (row->deleted)
    return;
  g_array_set_size (edits->scratch, 0);
  _eo_device_list_row_problems (self, index, edits->scratch);
  for (guint k = 0; k < edits->scratch->len; k++)
    {
      const EoProblem *p = &g_array_index (edits->scratch, EoProblem, k);

      severity = MAX (severity, (EoSeverity) p->severity);
      warning = warning || p->severity == EO_SEVERITY_WARNING;
    }

  count_row (self, row, -1);
  row->severity = severity;
  row->has_warning = warning;
  if (severity == EO_SEVERITY_ERROR)
    row->left_out = FALSE;
  count_row (self, row, +1);
}

/* Row @index becomes @target: out of its groups, in its new ones. */
static void
set_row (EoDeviceList      *self,
         guint              index,
         const EoDeviceRow *target)
{
  EoListEdits *edits = self->edits;
  EoDeviceRow *row = &self->rows[index];

  count_row (self, row, -1);
  for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
    {
      const char *text = key_text (self, row, key);

      if (text != NULL)
        index_remove (edits, key, text, index);
    }
  if (row->deleted != target->deleted)
    {
      tree_add (edits, self->n_rows, index, target->deleted ? 1 : -1);
      edits->n_deleted += target->deleted ? 1 : -1;
    }

  *row = *target;
  for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
    {
      const char *text = key_text (self, row, key);

      if (text != NULL)
        index_add (edits, key, text, index);
    }
  count_row (self, row, +1);
  touch (edits, index);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
set_omitted (EoDeviceList *self,
             guint         n_omitted,
             guint         n_omitted_warnings)
{
  self->n_errors = self->n_errors - self->n_omitted + n_omitted;
  self->n_warnings = self->n_warnings - self->n_omitted_warnings + n_omitted_warnings;
  self->n_omitted = n_omitted;
  self->n_omitted_warnings = n_omitted_warnings;
}

/* Applies @step (or takes it back), then updates the rows it touched
 * and says which they are. */
static void
apply_step (EoDeviceList *self,
            Step         *step,
            gboolean      forward)
{
  EoListEdits *edits = self->edits;
  GArray *changes = step->changes;
  GArray *affected = edits->affected;
  guint n = 0;

  g_array_set_size (affected, 0);
  for (guint i = 0; i < changes->len; i++)
    {
      const EoRowChange *c = &g_array_index (changes, EoRowChange, forward ? i : changes->len - 1 - i);

      set_row (self, c->row, forward ? &c->after : &c->before);
    }
  if (forward)
    set_omitted (self, step->omitted_after, step->omitted_after == 0 ? 0 : self->n_omitted_warnings);
  else
    set_omitted (self, step->omitted_before, step->omitted_warnings_before);

  g_array_sort (affected, compare_rows);
  for (guint i = 0; i < affected->len; i++)
    {
      guint row = g_array_index (affected, guint, i);

      if (n > 0 && g_array_index (affected, guint, n - 1) == row)
        continue;
      g_array_index (affected, guint, n++) = row;
      update_row (self, row);
    }
  g_array_set_size (affected, n);

  g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0, n, (gpointer) affected->data);
}

/* The rows whose problems beyond the caps were only counted are checked
 * again, all their problems kept: an edit needs to know them. */
static void
check_capped_row (EoDeviceList *self,
                  guint         index);

static EoListEdits *
ensure_edits (EoDeviceList *self)
{
  EoListEdits *edits;

  if (self->edits != NULL)
    return self->edits;

  edits = g_new0 (EoListEdits, 1);
  edits->chunk = g_string_chunk_new (4096);
  edits->texts = g_ptr_array_new ();
  edits->problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  edits->steps = g_ptr_array_new_with_free_func (step_free);
  edits->affected = g_array_new (FALSE, FALSE, sizeof (guint));
  edits->scratch = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  edits->deleted_tree = g_new0 (guint, (gsize) self->n_rows + 1);
  edits->next_id = 1;
  for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
    edits->keys[key] = g_hash_table_new (g_str_hash, g_str_equal);
  self->edits = edits;

  for (guint i = 0; i < self->n_rows; i++)
    for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
      {
        const char *text = key_text (self, &self->rows[i], key);

        if (text != NULL)
          index_add (edits, key, text, i);
      }
  g_array_set_size (edits->affected, 0);

  for (guint i = 0; i < self->n_rows; i++)
    if (G_UNLIKELY (self->rows[i].has_more))
      check_capped_row (self, i);

  return edits;
}

static void
check_capped_row (EoDeviceList *self,
                  guint         index)
{
  EoDeviceRow row = self->rows[index];
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  const guint32 offsets[] = { row.eid_offset, row.name_offset, row.iccid_offset };
  EoRowPart part = { 0 };
  EoDeviceRow scratch_row = { 0 };

  /* Every field again from its text; the row-field-count warning stays. */
  for (guint k = 0; k < row.n_problems && !row.side_problems; k++)
    {
      const EoProblem *p = &g_array_index (self->problems, EoProblem, row.first_problem + k);

      if (p->code == EO_PROBLEM_ROW_FIELD_COUNT)
        g_array_append_vals (problems, p, 1);
    }
  part.problems = problems;
  for (guint c = 0; c < 3; c++)
    {
      const char *text = _eo_device_list_text (self, offsets[c]);
      g_autofree char *copy = g_strdup (text != NULL ? text : "");

      scratch_row.line = row.line;
      scratch_row.iccid_offset = EO_ROW_NO_TEXT;
      part.buffer = copy;
      part.empty_offset = (guint32) strlen (copy);
      part.rows = &scratch_row;
      part.n_rows = part.alloc = 1;
      _eo_row_part_check_field (&part, 0, key_columns[c], copy, strlen (copy));
    }
  for (guint k = 0; k < problems->len; k++)
    g_array_index (problems, EoProblem, k).row = index;
  row.eid_damaged = scratch_row.eid_damaged;
  row.iccid_damaged = scratch_row.iccid_damaged;
  row.has_more = FALSE;
  _eo_device_list_store_problems (self, &row, problems);
  self->rows[index] = row;
  update_row (self, index);
}

/* Private API */

const char *
_eo_device_list_edit_text (EoDeviceList *self,
                           guint32       offset)
{
  g_assert (self->edits != NULL);

  return g_ptr_array_index (self->edits->texts, offset & ~EO_ROW_EDIT_TEXT);
}

guint32
_eo_device_list_store_text (EoDeviceList *self,
                            const char   *text)
{
  EoListEdits *edits = ensure_edits (self);
  guint32 index = edits->texts->len;

  if (*text == '\0')
    return self->empty_offset;
  g_ptr_array_add (edits->texts, g_string_chunk_insert (edits->chunk, text));
  return index | EO_ROW_EDIT_TEXT;
}

void
_eo_device_list_store_problems (EoDeviceList *self,
                                EoDeviceRow  *row,
                                GArray       *problems)
{
  EoListEdits *edits = ensure_edits (self);

  _eo_problems_sort_in_row ((EoProblem *) (gpointer) problems->data, problems->len);
  row->first_problem = edits->problems->len;
  row->n_problems = MIN (problems->len, 0xffffu);
  row->side_problems = TRUE;
  row->has_more = FALSE;
  g_array_append_vals (edits->problems, problems->data, row->n_problems);
}

void
_eo_device_list_base_problems (EoDeviceList *self,
                               guint         index,
                               GArray       *out)
{
  const EoDeviceRow *row = &self->rows[index];
  GArray *from = row->side_problems ? self->edits->problems : self->problems;

  for (guint k = 0; k < row->n_problems; k++)
    {
      const EoProblem *p = &g_array_index (from, EoProblem, row->first_problem + k);

      if (self->edits == NULL || !is_duplicate_code (p->code))
        g_array_append_vals (out, p, 1);
    }
}

void
_eo_device_list_row_problems (EoDeviceList *self,
                              guint         index,
                              GArray       *out)
{
  const EoDeviceRow *row = &self->rows[index];
  guint start = out->len;

  _eo_device_list_base_problems (self, index, out);
  if (self->edits == NULL)
    return;

  {
    const char *texts[3];

    for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
      texts[key] = key_text (self, row, key);
    _eo_device_list_add_duplicates (self, index, row, texts, out);
  }
  _eo_problems_sort_in_row (&g_array_index (out, EoProblem, start), out->len - start);
}

void
_eo_device_list_add_duplicates (EoDeviceList       *self,
                                guint               index,
                                const EoDeviceRow  *row,
                                const char * const *texts,
                                GArray             *problems)
{
  EoListEdits *edits = ensure_edits (self);

  for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
    {
      const char *text = texts[key];
      gpointer value;
      int other = -1;
      EoProblem p = { 0 };

      if (text == NULL || *text == '\0' || (key == EO_KEY_EID && row->eid_damaged) ||
          (key == EO_KEY_ICCID && row->iccid_damaged))
        continue;
      value = g_hash_table_lookup (edits->keys[key], text);
      if (value == NULL)
        continue;
      if (IS_SINGLE (value))
        other = SINGLE_ROW (value) != index ? (int) SINGLE_ROW (value) : -1;
      else
        other = (int) named_row (value, index);
      if (other < 0)
        continue;
      p.row = index;
      p.line = row->line;
      p.column = (guint8) key_columns[key];
      p.code = (guint8) key_codes[key];
      p.severity = (guint8) key_severities[key];
      p.values[0] = self->rows[other].line;
      g_array_append_val (problems, p);
    }
}

void
_eo_device_list_eid_group (EoDeviceList *self,
                           guint         row,
                           int          *first,
                           int          *second)
{
  EoListEdits *edits = ensure_edits (self);

  group_firsts (edits, EO_KEY_EID, key_text (self, &self->rows[row], EO_KEY_EID), first, second);
}

void
_eo_device_list_commit (EoDeviceList *self,
                        GArray       *changes,
                        guint         n_omitted)
{
  EoListEdits *edits = ensure_edits (self);
  Step *step = g_new0 (Step, 1);

  step->id = edits->next_id++;
  step->changes = changes;
  step->omitted_before = self->n_omitted;
  step->omitted_warnings_before = self->n_omitted_warnings;
  step->omitted_after = n_omitted;

  /* What could be redone is gone; the oldest step goes beyond the limit. */
  g_ptr_array_set_size (edits->steps, edits->n_done);
  g_ptr_array_add (edits->steps, step);
  edits->n_done++;
  if (edits->steps->len > EO_DEVICE_LIST_MAX_UNDO)
    {
      edits->base_id = ((Step *) g_ptr_array_index (edits->steps, 0))->id;
      g_ptr_array_remove_index (edits->steps, 0);
      edits->n_done--;
    }

  apply_step (self, step, TRUE);
}

void
_eo_list_edits_free (EoListEdits *edits)
{
  for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
    {
      g_hash_table_foreach (edits->keys[key], free_group_cb, NULL);
      g_hash_table_unref (edits->keys[key]);
    }
  g_string_chunk_free (edits->chunk);
  g_ptr_array_unref (edits->texts);
  g_array_unref (edits->problems);
  g_ptr_array_unref (edits->steps);
  g_array_unref (edits->affected);
  g_array_unref (edits->scratch);
  g_free (edits->deleted_tree);
  g_free (edits);
}

void
_eo_device_list_class_edit_init (GObjectClass *object_class)
{
  /* (guint n_rows, const guint *rows) */
  signals[SIGNAL_ROWS_CHANGED] =
    g_signal_new ("rows-changed",
                  G_TYPE_FROM_CLASS (object_class),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_POINTER);
}

/* Public API */

void
eo_device_list_prepare_edits (EoDeviceList *self)
{
  g_return_if_fail (EO_IS_DEVICE_LIST (self));

  ensure_edits (self);
}

gboolean
eo_device_list_can_undo (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);

  return self->edits != NULL && self->edits->n_done > 0;
}

gboolean
eo_device_list_can_redo (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);

  return self->edits != NULL && self->edits->n_done < self->edits->steps->len;
}

gboolean
eo_device_list_undo (EoDeviceList *self)
{
  EoListEdits *edits;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);

  if (!eo_device_list_can_undo (self))
    return FALSE;
  edits = self->edits;
  apply_step (self, g_ptr_array_index (edits->steps, --edits->n_done), FALSE);
  return TRUE;
}

gboolean
eo_device_list_redo (EoDeviceList *self)
{
  EoListEdits *edits;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);

  if (!eo_device_list_can_redo (self))
    return FALSE;
  edits = self->edits;
  apply_step (self, g_ptr_array_index (edits->steps, edits->n_done++), TRUE);
  return TRUE;
}

guint
eo_device_list_get_edit_state (EoDeviceList *self)
{
  EoListEdits *edits;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  edits = self->edits;
  if (edits == NULL)
    return 0;
  if (edits->n_done == 0)
    return edits->base_id;
  return ((Step *) g_ptr_array_index (edits->steps, edits->n_done - 1))->id;
}

guint
eo_device_list_get_n_deleted (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->edits != NULL ? self->edits->n_deleted : 0;
}

guint
eo_device_list_get_position (EoDeviceList *self,
                             guint         row)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);
  g_return_val_if_fail (row <= self->n_rows, 0);

  if (self->edits == NULL)
    return row;
  return row - tree_prefix (self->edits, row);
}
