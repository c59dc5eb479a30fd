/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-order"

#include "config.h"

#include <string.h>

#include "eo-device-order-private.h"

/*
 * The filter of an EoDeviceOrder. Why not GtkFilterListModel: asking
 * 100,000 devices whether they match takes a millisecond or two, but
 * GtkFilterListModel tells the view in steps of a few hundred rows, each
 * step its own "items-changed" through the selection and the list view:
 * 0.44 s of main-thread CPU and gaps of ~100 ms to show only the
 * problems of 100,000 rows. Here the new rows are found at once, and
 * the view is told in steps of EO_FILTER_STEP rows of the sorted order
 * from its end, one "items-changed" per step over the rows of the step
 * that come or go, a step per main-loop idle (so frames come between):
 * a dozen signals for 100,000 rows. Meanwhile the model shows the old
 * rows before the step and the new ones after it, as each signal says.
 */
#define EO_FILTER_STEP 8192u

guint
_eo_device_order_n_shown (EoDeviceOrder *self)
{
  if (self->applying)
    return self->apply_n;
  return self->shown != NULL ? self->n_shown : self->n_items;
}

guint
_eo_device_order_source_position (EoDeviceOrder *self,
                                  guint          position)
{
  if (self->applying)
    return position < self->apply_split ? self->apply_old[position]
                                         : self->apply_new[position - self->apply_split + self->apply_new_from];
  if (self->shown != NULL)
    return self->shown[position];
  return _eo_device_order_sorted_at (self, position);
}

/* The rows @mask keeps, in the sort's order (NULL mask: all of them). */
static guint *
shown_for_mask (EoDeviceOrder *self,
                const guint8  *mask,
                guint         *n_out)
{
  guint *shown = g_new (guint, MAX (self->n_items, 1));
  guint n = 0;

  for (guint i = 0; i < self->n_items; i++)
    {
      guint position = _eo_device_order_sorted_at (self, i);

      if (mask == NULL || mask[position])
        shown[n++] = position;
    }
  *n_out = n;
  return shown;
}

void
_eo_device_order_rebuild_shown (EoDeviceOrder *self)
{
  g_return_if_fail (!self->applying);

  g_clear_pointer (&self->shown, g_free);
  self->n_shown = 0;
  if (self->mask != NULL)
    self->shown = shown_for_mask (self, self->mask, &self->n_shown);
}

static guint8 *
match_all (EoDeviceOrder *self)
{
  guint8 *mask;

  if (self->match == NULL)
    return NULL;

  mask = g_new (guint8, MAX (self->n_items, 1));
  for (guint i = 0; i < self->n_items; i++)
    mask[i] = self->match (g_ptr_array_index (self->items, i), self->match_data) ? 1 : 0;
  return mask;
}

void
_eo_device_order_rematch (EoDeviceOrder *self)
{
  g_return_if_fail (!self->applying);

  g_free (self->mask);
  self->mask = match_all (self);
  _eo_device_order_rebuild_shown (self);
}

/* The model shows the old rows before @split, the new ones from
 * @new_from on. */
static void
present (EoDeviceOrder *self,
         guint          split,
         guint          new_from)
{
  self->apply_split = split;
  self->apply_new_from = new_from;
  self->apply_n = split + (self->apply_n_new - new_from);
}

/* The change is told: the new rows become the model's own. */
static void
end_applying (EoDeviceOrder *self)
{
  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_clear_pointer (&self->apply_old_mask, g_free);
  g_clear_pointer (&self->apply_old, g_free);
  g_clear_pointer (&self->shown, g_free);
  if (self->mask != NULL)
    {
      self->shown = g_steal_pointer (&self->apply_new);
      self->n_shown = self->apply_n_new;
    }
  else
    {
      g_clear_pointer (&self->apply_new, g_free);
      self->n_shown = 0;
    }
  self->applying = FALSE;
}

/* Tells the view about the rows of the sorted order from @from to the
 * cursor that came or went, in one signal, and moves the cursor there. */
static void
tell_down_to (EoDeviceOrder *self,
              guint          from)
{
  guint old_at = self->apply_old_at, new_at = self->apply_new_at;
  guint old_end = 0, new_end = 0, old_first = 0, new_first = 0;
  gboolean changed = FALSE;

  for (guint i = self->apply_cursor; i-- > from;)
    {
      guint position = _eo_device_order_sorted_at (self, i);
      gboolean was = self->apply_old_mask == NULL || self->apply_old_mask[position];
      gboolean is = self->mask == NULL || self->mask[position];

      if (was != is && !changed)
        {
          changed = TRUE;
          old_end = old_at;
          new_end = new_at;
        }
      old_at -= was;
      new_at -= is;
      if (was != is)
        {
          old_first = old_at;
          new_first = new_at;
        }
    }

  self->apply_cursor = from;
  self->apply_old_at = old_at;
  self->apply_new_at = new_at;
  if (changed)
    {
      present (self, old_first, new_first);
      g_list_model_items_changed (G_LIST_MODEL (self), old_first,
                                  old_end - old_first, new_end - new_first);
    }
  present (self, old_at, new_at);
}

static gboolean
apply_step_cb (gpointer user_data)
{
  EoDeviceOrder *self = user_data;

  tell_down_to (self, self->apply_cursor > EO_FILTER_STEP ? self->apply_cursor - EO_FILTER_STEP : 0);
  if (self->apply_cursor > 0)
    return G_SOURCE_CONTINUE;

  self->apply_id = 0;
  end_applying (self);
  _eo_device_order_update_pending (self);
  return G_SOURCE_REMOVE;
}

void
_eo_device_order_finish_filter (EoDeviceOrder *self)
{
  if (!self->applying)
    return;
  tell_down_to (self, 0);
  end_applying (self);
  _eo_device_order_update_pending (self);
}

void
_eo_device_order_clear_filter (EoDeviceOrder *self)
{
  if (self->applying)
    end_applying (self);
  g_clear_pointer (&self->mask, g_free);
  g_clear_pointer (&self->shown, g_free);
  self->n_shown = 0;
  self->match = NULL;
  self->match_data = NULL;
}

static void
start_telling (EoDeviceOrder *self)
{
  if (self->apply_cursor <= EO_FILTER_STEP)
    {
      _eo_device_order_finish_filter (self);
      return;
    }
  _eo_device_order_update_pending (self);
  self->apply_id = g_idle_add (apply_step_cb, self);
}

/* Asks the filter again and tells the view what changed: at once for a
 * short list, in steps for a long one. */
static void
refilter (EoDeviceOrder *self)
{
  guint8 *new_mask;
  guint n_old;

  _eo_device_order_finish_filter (self);
  new_mask = match_all (self);
  if (self->mask == NULL && new_mask == NULL)
    return;

  self->apply_old = self->shown != NULL ? g_steal_pointer (&self->shown)
                                        : shown_for_mask (self, NULL, &self->n_shown);
  n_old = self->n_shown;
  self->apply_old_mask = g_steal_pointer (&self->mask);
  self->mask = new_mask;
  self->apply_new = shown_for_mask (self, new_mask, &self->apply_n_new);
  self->apply_cursor = self->n_items;
  self->apply_old_at = n_old;
  self->apply_new_at = self->apply_n_new;
  self->applying = TRUE;
  present (self, n_old, self->apply_n_new);
  start_telling (self);
}

/* Public API */

void
eo_device_order_set_filter (EoDeviceOrder     *self,
                            EoDeviceMatchFunc  match,
                            gpointer           user_data)
{
  g_return_if_fail (EO_IS_DEVICE_ORDER (self));

  self->match = match;
  self->match_data = match != NULL ? user_data : NULL;
  refilter (self);
}

void
eo_device_order_refilter (EoDeviceOrder *self)
{
  g_return_if_fail (EO_IS_DEVICE_ORDER (self));

  refilter (self);
}
