/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-picker"

#include "config.h"

#include "eo-jamf-picker-item.h"
#include "eo-jamf-picker-private.h"

/* The picker's items, made on workers, appended to its store in the main
 * loop: EO_JAMF_PICKER_APPEND_BATCH an idle call, except the first
 * EO_JAMF_PICKER_FIRST_ROWS while the list is in sight, appended
 * EO_JAMF_PICKER_FIRST_ROWS_BATCH a frame from a tick callback (GTK 4.8's
 * list view makes a row for each of its first 200 items at once: 200 rows
 * made and measured in one frame were the picker's longest, ~75-80 ms of
 * CPU; 25 a frame: 24-29 ms). */

void
_eo_jamf_picker_drop_ready (EoJamfPicker *self)
{
  g_clear_handle_id (&self->append_source, g_source_remove);
  if (self->append_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->append_tick);
  self->append_tick = 0;
  g_queue_clear_full (&self->ready, (GDestroyNotify) g_ptr_array_unref);
  self->ready_next = 0;
}

static gboolean append_idle_cb (gpointer user_data);

static gboolean appending_first_rows (EoJamfPicker *self);
static gboolean append_tick_cb (GtkWidget     *widget,
                                GdkFrameClock *clock,
                                gpointer       user_data);

/* Whether ready items wait for the idle or the tick callback. */
gboolean
_eo_jamf_picker_appending (EoJamfPicker *self)
{
  return self->append_source != 0 || self->append_tick != 0;
}

/* The ready items are appended from the tick callback while they are the
 * first rows, then from the idle: one of the two at a time. */
static gboolean
continue_appending (EoJamfPicker *self)
{
  gboolean in_tick = self->append_tick != 0;

  if (appending_first_rows (self) == in_tick)
    return G_SOURCE_CONTINUE;
  if (in_tick)
    {
      self->append_tick = 0;
      self->append_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, append_idle_cb, self, NULL);
    }
  else
    {
      self->append_source = 0;
      self->append_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), append_tick_cb, self, NULL);
    }
  return G_SOURCE_REMOVE;
}

/* The first rows: a batch this frame, the next in the next one. */
static gboolean
append_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  EoJamfPicker *self = user_data;

  if (append_idle_cb (self) == G_SOURCE_REMOVE)
    self->append_tick = 0;
  return self->append_tick != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Whether the next batch is one of the first rows (the list in sight). */
static gboolean
appending_first_rows (EoJamfPicker *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->store)) < EO_JAMF_PICKER_FIRST_ROWS &&
         gtk_widget_get_mapped (GTK_WIDGET (self->list_view));
}

/* Appends from an idle (or a tick callback while the first rows are)
 * at most EO_JAMF_PICKER_APPEND_BATCH ready items (the store, the filter
 * and the list view each take their share of an append). */
static gboolean
append_idle_cb (gpointer user_data)
{
  EoJamfPicker *self = user_data;
  GPtrArray *items = g_queue_peek_head (&self->ready);
  gboolean first_rows = appending_first_rows (self);
  guint n = MIN (items->len - self->ready_next,
                 first_rows ? EO_JAMF_PICKER_FIRST_ROWS_BATCH : EO_JAMF_PICKER_APPEND_BATCH);

  for (guint i = self->ready_next; i < self->ready_next + n; i++)
    {
      EoJamfPickerItem *item = g_ptr_array_index (items, i);
      const EoMdmDevice *device = eo_jamf_picker_item_get_device (item);

      if (!eo_jamf_picker_item_get_selectable (item))
        self->n_skipped++;
      else if (!g_hash_table_contains (self->by_eid, device->eid))
        {
          g_hash_table_insert (self->by_eid, device->eid, item);
          g_ptr_array_add (self->pending_eids, device->eid);
        }
    }
  g_list_store_splice (self->store, g_list_model_get_n_items (G_LIST_MODEL (self->store)), 0,
                       items->pdata + self->ready_next, n);
  for (guint i = self->ready_next; i < self->ready_next + n; i++)
    g_ptr_array_add (self->all_items, g_object_ref (g_ptr_array_index (items, i)));
  self->ready_next += n;
  if (self->ready_next == items->len)
    {
      g_ptr_array_unref (g_queue_pop_head (&self->ready));
      self->ready_next = 0;
    }
  if (!g_queue_is_empty (&self->ready))
    {
      _eo_jamf_picker_appended (self, FALSE);
      return continue_appending (self);
    }
  self->append_source = 0;
  _eo_jamf_picker_appended (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* @items (EoJamfPickerItem, owned): made on a worker, appended from the
 * main loop in batches. */
void
_eo_jamf_picker_push_ready (EoJamfPicker *self,
                            GPtrArray    *items)
{
  g_queue_push_tail (&self->ready, items);
  if (!_eo_jamf_picker_appending (self))
    self->append_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, append_idle_cb, self, NULL);
}
