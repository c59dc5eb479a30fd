/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-application.h"
#include "eo-history.h"
#include "eo-window-private.h"

/* Before the confirmation: the devices of the list that the local history
 * already assigned (succeeded, or pending in an upload still followed) on
 * the same server for the same customer. They are marked in the table
 * ("Already assigned on DATE (upload …)", a warning) and left out unless
 * the admin includes them in the confirmation.
 *
 * 100,000 devices must not stall the window: the work runs in slices of
 * a few milliseconds on the main loop (the history's records and devices
 * live there): the EIDs gathered, the history walked
 * (EoHistorySearch), then the rows found marked. */

#define SLICE_US 4000

struct _EoAssignedCheck
{
  EoWindow         *window;   /* unowned: the window ends the check first */
  EoDeviceList     *list;
  GPtrArray        *eids;     /* const char *, the list's own */
  GArray           *rows;     /* guint, the row of each EID */
  guint             next_row;
  EoHistorySearch  *search;
  GHashTable       *found;
  guint             next_mark;
  gboolean          unsorted;  /* rows marked before a smaller one */
  guint             n_freed;
  guint             source;
  EoAssignedDone    done;
};

static void
check_free (EoAssignedCheck *check)
{
  g_clear_handle_id (&check->source, g_source_remove);
  g_clear_object (&check->list);
  g_ptr_array_unref (check->eids);
  g_array_unref (check->rows);
  g_clear_pointer (&check->search, eo_history_search_free);
  g_clear_pointer (&check->found, g_hash_table_unref);
  g_free (check);
}

/* The row's device says it is assigned already, once. */
static void
mark_row (EoWindow             *self,
          guint                 row,
          const EoHistoryMatch *match)
{
  EoDevice *device = g_ptr_array_index (self->items, row);
  const char *before = eo_device_get_problem_text (device);
  g_autofree char *text = eo_history_match_dup_description (match);
  g_autofree char *joined = NULL;

  if (before != NULL && *before != '\0')
    joined = g_strconcat (before, " ", text, NULL);
  /* A problem now, for the filter's count (eo-window-filter.c). */
  if (eo_device_get_severity (device) == EO_SEVERITY_OK)
    self->n_flagged_marked++;
  eo_device_set_check (device, eo_device_get_line (device),
                       MAX (eo_device_get_severity (device), EO_SEVERITY_WARNING),
                       joined != NULL ? joined : text);
  g_array_append_val (self->assigned_rows, row);
  g_hash_table_insert (self->assigned_reasons, GUINT_TO_POINTER (row),
                       eo_history_match_new_left_out_reason (match));
}

static gboolean
rows_marked (EoWindow *self,
             guint     row)
{
  /* Rows are marked in order: a binary search. */
  guint lo = 0, hi = self->assigned_rows->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      guint r = g_array_index (self->assigned_rows, guint, mid);

      if (r == row)
        return TRUE;
      if (r < row)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  guint ra = *(const guint *) a, rb = *(const guint *) b;

  return ra < rb ? -1 : ra > rb;
}

/* One slice; FALSE when the check is over. */
static gboolean
check_step (EoAssignedCheck *check,
            gint64           deadline)
{
  EoWindow *self = check->window;
  guint n_rows = eo_device_list_get_n_rows (check->list);

  for (; check->next_row < n_rows; check->next_row++)
    {
      guint r = check->next_row;

      if (eo_device_list_get_row (check->list, r)->severity == EO_SEVERITY_ERROR ||
          eo_device_list_get_row (check->list, r)->deleted)
        continue;
      g_ptr_array_add (check->eids, (gpointer) eo_device_list_row_get_eid (check->list, r));
      g_array_append_val (check->rows, r);
      if (r % 4096 == 0 && g_get_monotonic_time () >= deadline)
        {
          check->next_row++;
          return TRUE;
        }
    }

  if (check->search == NULL && check->found == NULL)
    check->search = eo_history_search_new_assigned (eo_application_get_history (EO_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)))),
                                                    (const char * const *) check->eids->pdata,
                                                    check->eids->len,
                                                    eo_client_get_server_url (self->pending_client),
                                                    eo_client_get_customer_id (self->pending_client),
                                                    NULL);
  if (check->search != NULL)
    {
      if (!eo_history_search_step (check->search, deadline))
        return TRUE;
      check->found = eo_history_search_steal_found (check->search);
      g_clear_pointer (&check->search, eo_history_search_free);
    }

  for (; check->next_mark < check->eids->len && g_hash_table_size (check->found) > 0; check->next_mark++)
    {
      const char *eid = g_ptr_array_index (check->eids, check->next_mark);
      guint row = g_array_index (check->rows, guint, check->next_mark);
      const EoHistoryMatch *match = g_hash_table_lookup (check->found, eid);

      if (match != NULL && !rows_marked (self, row))
        {
          check->unsorted = check->unsorted ||
                            (self->assigned_rows->len > 0 &&
                             g_array_index (self->assigned_rows, guint, self->assigned_rows->len - 1) > row);
          mark_row (self, row, match);
        }
      if (check->next_mark % 64 == 0 && g_get_monotonic_time () >= deadline)
        {
          check->next_mark++;
          return TRUE;
        }
    }
  /* The matches go (100,000 of them are more than a frame to free). */
  if (check->found != NULL)
    {
      GHashTableIter iter;

      g_hash_table_iter_init (&iter, check->found);
      while (g_hash_table_iter_next (&iter, NULL, NULL))
        {
          g_hash_table_iter_remove (&iter);
          if (++check->n_freed % 256 == 0 && g_get_monotonic_time () >= deadline)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
check_idle_cb (gpointer user_data)
{
  EoAssignedCheck *check = user_data;
  EoWindow *self = check->window;
  EoAssignedDone done = check->done;

  if (self->list != check->list || self->pending_client == NULL)
    {
      /* Another list was opened meanwhile: nothing is asked. */
      check->source = 0;
      self->assigned_check = NULL;
      check_free (check);
      g_clear_object (&self->pending_client);
      _eo_window_upload_update (self);
      return G_SOURCE_REMOVE;
    }
  if (check_step (check, g_get_monotonic_time () + SLICE_US))
    return G_SOURCE_CONTINUE;

  check->source = 0;
  self->assigned_check = NULL;
  if (check->unsorted)
    g_array_sort (self->assigned_rows, compare_rows);
  check_free (check);
  /* The rows marked are problems now. */
  eo_device_view_refilter (self->device_view);
  _eo_window_filter_update (self);
  /* Left out by default; the confirmation may include them again. */
  _eo_window_include_assigned (self, FALSE);
  done (self);
  return G_SOURCE_REMOVE;
}

/* Private API */

void
_eo_window_check_assigned (EoWindow       *self,
                           EoAssignedDone  done)
{
  EoAssignedCheck *check;

  g_return_if_fail (self->list != NULL && self->pending_client != NULL);
  g_return_if_fail (self->assigned_check == NULL);

  if (self->assigned_rows == NULL)
    self->assigned_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  if (self->assigned_list != self->list)
    {
      /* A new list: nothing of it is marked yet. */
      g_array_set_size (self->assigned_rows, 0);
      /* A new table: an upload being prepared may still read the old one. */
      g_clear_pointer (&self->assigned_reasons, g_hash_table_unref);
      self->n_flagged_marked = 0;
      self->assigned_list = self->list;
    }

  if (self->assigned_reasons == NULL)
    self->assigned_reasons = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) eo_message_free);
  check = g_new0 (EoAssignedCheck, 1);
  check->window = self;
  check->list = g_object_ref (self->list);
  check->eids = g_ptr_array_sized_new (MIN (eo_device_list_get_n_valid (self->list), 1u << 20));
  check->rows = g_array_sized_new (FALSE, FALSE, sizeof (guint), check->eids->len);
  check->done = done;
  self->assigned_check = check;
  check->source = g_idle_add_full (G_PRIORITY_DEFAULT, check_idle_cb, check, NULL);
}

void
_eo_window_cancel_assigned_check (EoWindow *self)
{
  g_clear_pointer (&self->assigned_check, check_free);
}

void
_eo_window_assigned_dispose (EoWindow *self)
{
  _eo_window_cancel_assigned_check (self);
  g_clear_pointer (&self->assigned_rows, g_array_unref);
  g_clear_pointer (&self->assigned_reasons, g_hash_table_unref);
  self->assigned_list = NULL;
}

guint
_eo_window_get_n_assigned (EoWindow *self)
{
  if (self->list == NULL || self->assigned_rows == NULL || self->assigned_list != self->list)
    return 0;
  return self->assigned_rows->len;
}

void
_eo_window_include_assigned (EoWindow *self,
                             gboolean  include)
{
  if (self->list == NULL || self->assigned_rows == NULL || self->assigned_list != self->list)
    return;
  for (guint i = 0; i < self->assigned_rows->len; i++)
    eo_device_list_set_left_out (self->list, g_array_index (self->assigned_rows, guint, i), !include);
}
