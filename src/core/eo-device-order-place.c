/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-order"

#include "config.h"

#include <string.h>

#include "eo-device-order-private.h"

/*
 * One row of a sorted source changed (an edit of the list: a row
 * replaced, removed or put back): it goes to its sorted place at once,
 * instead of the source's order being shown until a new sort is done on
 * the worker (the table flashed in file order after each edit). Its place
 * is found by a binary search on the main thread: the new row's key, and
 * the keys of the ~17 rows the search compares it with at 100,000 rows;
 * the arrays of positions are shifted by one in one pass. A replaced row
 * keeps its place among rows of the same key (as a sort from the order
 * shown would). The view is told in one "items-changed" over the rows
 * from its old place to its new one (one row when it did not move).
 */

/* The sort key of @device (for the text keys: @key_text). */
static gint64
device_key (EoDeviceOrder  *self,
            EoDevice       *device,
            char          **key_text)
{
  *key_text = NULL;
  if (_eo_device_order_key_is_number (self->key))
    return _eo_device_order_number_key (self->key, device);
  *key_text = _eo_device_order_dup_text_key (self->key, device, eo_device_get_problem_text (device));
  return 0;
}

/* Where the device at source position @position goes among the @n rows
 * of the sorted order; @tie: its place before (ties go there), or -1
 * (ties: after them). */
static guint
find_place (EoDeviceOrder *self,
            guint          position,
            guint          n,
            int            tie)
{
  gboolean number = _eo_device_order_key_is_number (self->key);
  g_autofree char *text = NULL;
  gint64 value = device_key (self, g_ptr_array_index (self->items, position), &text);
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autofree char *other_text = NULL;
      gint64 other = device_key (self, g_ptr_array_index (self->items, self->perm[mid]), &other_text);
      int c = number ? (value > other) - (value < other) : strcmp (text, other_text);

      if (self->descending)
        c = -c;
      if (c == 0)
        c = tie >= 0 && mid >= (guint) tie ? -1 : 1;
      if (c > 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The sorted index of source position @position, or -1. */
static int
perm_index (EoDeviceOrder *self,
            guint          position)
{
  for (guint k = 0; k < self->n_items; k++)
    if (self->perm[k] == position)
      return (int) k;
  return -1;
}

/* The place shown of source position @position, or -1 (filtered out). */
static int
shown_place (EoDeviceOrder *self,
             guint          position)
{
  if (self->mask == NULL)
    return perm_index (self, position);
  if (!self->mask[position])
    return -1;
  for (guint k = 0; k < self->n_shown; k++)
    if (self->shown[k] == position)
      return (int) k;
  return -1;
}

/* The source's row at @position goes out of the order and the filter's
 * mask; returns its sorted index. */
static guint
take_out (EoDeviceOrder *self,
          guint          position)
{
  /* Every row of the source is in the order (the mask only hides). */
  guint k_old = (guint) MAX (perm_index (self, position), 0);

  memmove (self->perm + k_old, self->perm + k_old + 1, (self->n_items - k_old - 1) * sizeof (guint));
  if (self->mask != NULL)
    memmove (self->mask + position, self->mask + position + 1, self->n_items - position - 1);
  return k_old;
}

/* Private API */

gboolean
_eo_device_order_place_change (EoDeviceOrder *self,
                               guint          position,
                               guint          removed,
                               guint          added)
{
  int shown_old = -1, shown_new = -1, tie = -1;
  guint n;

  if (self->perm == NULL || self->sorting || self->key == EO_DEVICE_SORT_NONE ||
      removed > 1 || added > 1 || removed + added == 0)
    return FALSE;

  _eo_device_order_finish_filter (self);
  /* Out with the old row. */
  if (removed == 1)
    {
      shown_old = shown_place (self, position);
      tie = (int) take_out (self, position);
    }
  n = self->n_items - removed;
  /* The rows after it in the source moved. */
  for (guint k = 0; k < n; k++)
    if (self->perm[k] >= position + removed)
      self->perm[k] = self->perm[k] + added - removed;
  _eo_device_order_mirror_source (self, position, removed, added);
  self->n_items = self->items->len;

  /* In with the new one, at its place. */
  if (added == 1)
    {
      guint k_new;

      self->perm = g_renew (guint, self->perm, MAX (self->n_items, 1));
      k_new = find_place (self, position, n, tie);
      memmove (self->perm + k_new + 1, self->perm + k_new, (n - k_new) * sizeof (guint));
      self->perm[k_new] = position;
      if (self->mask != NULL)
        {
          self->mask = g_renew (guint8, self->mask, MAX (self->n_items, 1));
          memmove (self->mask + position + 1, self->mask + position, self->n_items - position - 1);
          self->mask[position] = self->match (g_ptr_array_index (self->items, position), self->match_data) ? 1 : 0;
        }
    }
  _eo_device_order_rebuild_shown (self);
  if (added == 1)
    shown_new = shown_place (self, position);

  if (shown_old >= 0 && shown_new >= 0)
    {
      guint lo = (guint) MIN (shown_old, shown_new), hi = (guint) MAX (shown_old, shown_new);

      g_list_model_items_changed (G_LIST_MODEL (self), lo, hi - lo + 1, hi - lo + 1);
    }
  else if (shown_old >= 0)
    g_list_model_items_changed (G_LIST_MODEL (self), (guint) shown_old, 1, 0);
  else if (shown_new >= 0)
    g_list_model_items_changed (G_LIST_MODEL (self), (guint) shown_new, 0, 1);
  return TRUE;
}
