/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-picker"

#include "config.h"

#include "eo-jamf-picker-private.h"

/* The phones the local history assigned, marked in the picker: the EIDs
 * of each page wait in pending_eids; one EoHistorySearch at a time looks
 * for those gathered so far, in slices of the main loop, then marks the
 * items found (in slices too), then the next batch. */

void
_eo_jamf_picker_stop_marks (EoJamfPicker *self)
{
  g_clear_handle_id (&self->assigned_source, g_source_remove);
  g_clear_pointer (&self->search, eo_history_search_free);
  g_clear_pointer (&self->search_eids, g_ptr_array_unref);
  g_clear_pointer (&self->found, g_hash_table_unref);
  if (self->pending_eids != NULL)
    g_ptr_array_set_size (self->pending_eids, 0);
  g_hash_table_remove_all (self->by_eid);
}

/* One slice; FALSE when nothing is left to look up or mark. */
static gboolean
marks_step (EoJamfPicker *self,
            gint64        deadline)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n = 0;

  if (self->found == NULL && self->search == NULL)
    {
      if (self->pending_eids->len == 0)
        return FALSE;
      self->search_eids = g_steal_pointer (&self->pending_eids);
      self->pending_eids = g_ptr_array_new ();
      /* Any server and customer: a mark, not a refusal (the window's own
       * check before the confirmation is per server and customer). */
      self->search = eo_history_search_new_assigned (self->history,
                                                     (const char * const *) self->search_eids->pdata,
                                                     self->search_eids->len, NULL, NULL, NULL);
    }
  if (self->search != NULL)
    {
      if (!eo_history_search_step (self->search, deadline))
        return TRUE;
      self->found = eo_history_search_steal_found (self->search);
      g_clear_pointer (&self->search, eo_history_search_free);
    }

  g_hash_table_iter_init (&iter, self->found);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      EoJamfPickerItem *item = g_hash_table_lookup (self->by_eid, key);
      g_autofree char *text = eo_history_match_dup_description (value);

      if (item != NULL)
        eo_jamf_picker_item_set_assigned (item, text);
      g_hash_table_iter_remove (&iter);
      if (++n % 64 == 0 && g_get_monotonic_time () >= deadline)
        return TRUE;
    }
  g_clear_pointer (&self->found, g_hash_table_unref);
  g_clear_pointer (&self->search_eids, g_ptr_array_unref);
  return TRUE;
}

static gboolean
marks_idle_cb (gpointer user_data)
{
  EoJamfPicker *self = user_data;

  if (marks_step (self, g_get_monotonic_time () + EO_JAMF_PICKER_SLICE_US))
    return G_SOURCE_CONTINUE;
  self->assigned_source = 0;
  _eo_jamf_picker_notify_busy (self);
  return G_SOURCE_REMOVE;
}

void
_eo_jamf_picker_queue_marks (EoJamfPicker *self)
{
  if (self->history == NULL || self->assigned_source != 0 || self->pending_eids->len == 0)
    return;
  self->assigned_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, marks_idle_cb, self, NULL);
  _eo_jamf_picker_notify_busy (self);
}
