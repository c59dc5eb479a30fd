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
 * (EoHistorySearch), then the rows found marked.
 *
 * The marks stay through edits (the list's "rows-changed"): a row whose
 * EID is the one it was marked for keeps its mark; one whose EID changed
 * loses it, and its new EID is looked up (the marks taken off are kept by
 * EID, so that undo and redo put them back at once; an EID not seen
 * before is searched for in the history in slices, as above). A row
 * deleted or with an error is not marked. */

#define SLICE_US 4000

/* A row's mark. */
typedef struct
{
  char      *eid;      /* the EID it was found for */
  char      *text;     /* "Already assigned on DATE (upload …)" */
  EoMessage *reason;   /* why it is left out (a copy in assigned_reasons) */
  gboolean   counted;  /* in n_flagged_marked: the row had no problem */
} Mark;

/* EIDs of edited rows being looked up. */
typedef struct
{
  GPtrArray       *eids;    /* char *, owned */
  GArray          *rows;    /* guint, the row of each */
  EoHistorySearch *search;
  guint            source;
} Lookup;

struct _EoAssignedMarks
{
  GHashTable *rows;      /* row -> Mark */
  GHashTable *known;     /* EID -> Mark: taken off rows whose EID changed */
  char       *server;    /* of the check */
  char       *customer;
  Lookup     *lookup;
};

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

static void
mark_free (gpointer data)
{
  Mark *mark = data;

  g_free (mark->eid);
  g_free (mark->text);
  eo_message_free (mark->reason);
  g_free (mark);
}

static Mark *
mark_new (const char           *eid,
          const EoHistoryMatch *match)
{
  Mark *mark = g_new0 (Mark, 1);

  mark->eid = g_strdup (eid);
  mark->text = eo_history_match_dup_description (match);
  mark->reason = eo_history_match_new_left_out_reason (match);
  return mark;
}

static void
lookup_free (Lookup *lookup)
{
  g_clear_handle_id (&lookup->source, g_source_remove);
  /* The search keeps the EIDs' pointers. */
  g_clear_pointer (&lookup->search, eo_history_search_free);
  g_ptr_array_unref (lookup->eids);
  g_array_unref (lookup->rows);
  g_free (lookup);
}

static void
marks_free (EoAssignedMarks *marks)
{
  g_hash_table_unref (marks->rows);
  g_hash_table_unref (marks->known);
  g_free (marks->server);
  g_free (marks->customer);
  g_clear_pointer (&marks->lookup, lookup_free);
  g_free (marks);
}

static EoAssignedMarks *
marks_new (void)
{
  EoAssignedMarks *marks = g_new0 (EoAssignedMarks, 1);

  marks->rows = g_hash_table_new_full (NULL, NULL, NULL, mark_free);
  marks->known = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, mark_free);
  return marks;
}

static gboolean
rows_marked (EoWindow *self,
             guint     row)
{
  return g_hash_table_contains (self->assigned_marks->rows, GUINT_TO_POINTER (row));
}

/* Row @row gets @mark (taken): counted, left out, in its item. */
static void
set_mark (EoWindow *self,
          guint     row,
          Mark     *mark)
{
  /* A problem now, for the filter's count (eo-window-filter.c). */
  mark->counted = eo_device_list_get_row (self->list, row)->severity == EO_SEVERITY_OK;
  if (mark->counted)
    self->n_flagged_marked++;
  g_hash_table_insert (self->assigned_marks->rows, GUINT_TO_POINTER (row), mark);
  g_hash_table_insert (self->assigned_reasons, GUINT_TO_POINTER (row), eo_message_copy (mark->reason));
  eo_device_list_set_left_out (self->list, row, TRUE);
}

/* Row @row's mark taken off (the caller owns it), or NULL. */
static Mark *
take_mark (EoWindow *self,
           guint     row)
{
  gpointer key = GUINT_TO_POINTER (row);
  Mark *mark = NULL;

  if (!g_hash_table_steal_extended (self->assigned_marks->rows, key, NULL, (gpointer *) &mark))
    return NULL;
  if (mark->counted)
    self->n_flagged_marked--;
  g_hash_table_remove (self->assigned_reasons, key);
  /* A deleted row is counted nowhere (its undo puts its mark back). */
  if (!eo_device_list_get_row (self->list, row)->deleted)
    eo_device_list_set_left_out (self->list, row, FALSE);
  return mark;
}

/* The row's device says it is assigned already, once. */
static void
mark_row (EoWindow             *self,
          guint                 row,
          const EoHistoryMatch *match)
{
  set_mark (self, row, mark_new (eo_device_list_row_get_eid (self->list, row), match));
  _eo_window_assigned_decorate (self, row, g_ptr_array_index (self->items, row));
}

/* Whether row @row of @list may be marked: not deleted, no error. */
static gboolean
row_markable (EoDeviceList *list,
              guint         row)
{
  const EoDeviceRow *r = eo_device_list_get_row (list, row);

  return !r->deleted && r->severity != EO_SEVERITY_ERROR;
}

/* The rows marked are problems now: the filter and its count. */
static void
marks_shown (EoWindow *self)
{
  eo_device_view_refilter (self->device_view);
  _eo_window_filter_update (self);
  _eo_window_update_summary (self);
}

static void start_lookup (EoWindow *self,
                          GPtrArray *eids,
                          GArray    *rows);

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

      if (!row_markable (check->list, r))
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
                                                    self->assigned_marks->server,
                                                    self->assigned_marks->customer,
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
        mark_row (self, row, match);
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
  check_free (check);
  marks_shown (self);
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

  if (self->assigned_marks == NULL || self->assigned_list != self->list)
    {
      /* A new list: nothing of it is marked yet. */
      g_clear_pointer (&self->assigned_marks, marks_free);
      self->assigned_marks = marks_new ();
      /* A new table: an upload being prepared may still read the old one. */
      g_clear_pointer (&self->assigned_reasons, g_hash_table_unref);
      self->n_flagged_marked = 0;
      self->assigned_list = self->list;
    }
  /* This check looks every row up: an edited row's lookup on its way
   * is done twice otherwise, and could still mark rows once the upload
   * it confirms reads them on a worker. */
  g_clear_pointer (&self->assigned_marks->lookup, lookup_free);
  /* What edits look their new EIDs up against. */
  g_free (self->assigned_marks->server);
  g_free (self->assigned_marks->customer);
  self->assigned_marks->server = g_strdup (eo_client_get_server_url (self->pending_client));
  self->assigned_marks->customer = g_strdup (eo_client_get_customer_id (self->pending_client));

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
  g_clear_pointer (&self->assigned_marks, marks_free);
  g_clear_pointer (&self->assigned_reasons, g_hash_table_unref);
  self->assigned_list = NULL;
}

guint
_eo_window_get_n_assigned (EoWindow *self)
{
  if (self->list == NULL || self->assigned_marks == NULL || self->assigned_list != self->list)
    return 0;
  return g_hash_table_size (self->assigned_marks->rows);
}

void
_eo_window_include_assigned (EoWindow *self,
                             gboolean  include)
{
  GHashTableIter iter;
  gpointer row;

  if (self->list == NULL || self->assigned_marks == NULL || self->assigned_list != self->list)
    return;
  g_hash_table_iter_init (&iter, self->assigned_marks->rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    eo_device_list_set_left_out (self->list, GPOINTER_TO_UINT (row), !include);
}

/* Edits */

static gboolean
lookup_idle_cb (gpointer user_data)
{
  EoWindow *self = user_data;
  Lookup *lookup = self->assigned_marks->lookup;
  GHashTable *found;
  gboolean marked = FALSE;

  if (!eo_history_search_step (lookup->search, g_get_monotonic_time () + SLICE_US))
    return G_SOURCE_CONTINUE;

  lookup->source = 0;
  found = eo_history_search_steal_found (lookup->search);
  /* Another list was opened meanwhile: its rows are others. */
  for (guint i = 0; i < lookup->rows->len && self->assigned_list == self->list && self->list != NULL; i++)
    {
      guint row = g_array_index (lookup->rows, guint, i);
      const char *eid = g_ptr_array_index (lookup->eids, i);
      const EoHistoryMatch *match = g_hash_table_lookup (found, eid);

      /* The row may have changed again meanwhile. */
      if (match == NULL || rows_marked (self, row) || !row_markable (self->list, row) ||
          g_strcmp0 (eo_device_list_row_get_eid (self->list, row), eid) != 0)
        continue;
      mark_row (self, row, match);
      marked = TRUE;
    }
  g_hash_table_unref (found);
  g_clear_pointer (&self->assigned_marks->lookup, lookup_free);
  if (marked)
    marks_shown (self);
  return G_SOURCE_REMOVE;
}

/* Looks @eids (taken) of @rows (taken) up in the history, with those a
 * lookup on its way still had to. */
static void
start_lookup (EoWindow  *self,
              GPtrArray *eids,
              GArray    *rows)
{
  EoAssignedMarks *marks = self->assigned_marks;
  EoApplication *application = EO_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  Lookup *lookup;

  if (application == NULL)
    {
      g_ptr_array_unref (eids);
      g_array_unref (rows);
      return;
    }
  if (marks->lookup != NULL)
    {
      for (guint i = 0; i < marks->lookup->rows->len; i++)
        {
          g_ptr_array_add (eids, g_strdup (g_ptr_array_index (marks->lookup->eids, i)));
          g_array_append_val (rows, g_array_index (marks->lookup->rows, guint, i));
        }
      g_clear_pointer (&marks->lookup, lookup_free);
    }
  lookup = g_new0 (Lookup, 1);
  lookup->eids = eids;
  lookup->rows = rows;
  lookup->search = eo_history_search_new_assigned (eo_application_get_history (application),
                                                   (const char * const *) eids->pdata, eids->len,
                                                   marks->server, marks->customer, NULL);
  lookup->source = g_idle_add_full (G_PRIORITY_DEFAULT, lookup_idle_cb, self, NULL);
  marks->lookup = lookup;
}

void
_eo_window_assigned_rows_changed (EoWindow    *self,
                                  const guint *rows,
                                  guint        n_rows)
{
  EoAssignedMarks *marks = self->assigned_marks;
  g_autoptr(GPtrArray) eids = NULL;
  g_autoptr(GArray) looked_up = NULL;

  if (marks == NULL || self->list == NULL || self->assigned_list != self->list)
    return;

  for (guint i = 0; i < n_rows; i++)
    {
      guint row = rows[i];
      const char *eid = eo_device_list_row_get_eid (self->list, row);
      Mark *mark = take_mark (self, row);

      if (mark != NULL && g_strcmp0 (mark->eid, eid) != 0)
        {
          /* For undo: the EID it had may come back. */
          g_hash_table_replace (marks->known, mark->eid, mark);
          mark = NULL;
        }
      if (!row_markable (self->list, row) || eid == NULL)
        {
          if (mark != NULL)
            g_hash_table_replace (marks->known, mark->eid, mark);
          continue;
        }
      if (mark == NULL)
        g_hash_table_steal_extended (marks->known, eid, NULL, (gpointer *) &mark);
      if (mark != NULL)
        {
          set_mark (self, row, mark);
          continue;
        }
      if (eids == NULL)
        {
          eids = g_ptr_array_new_with_free_func (g_free);
          looked_up = g_array_new (FALSE, FALSE, sizeof (guint));
        }
      g_ptr_array_add (eids, g_strdup (eid));
      g_array_append_val (looked_up, row);
    }
  if (eids != NULL)
    start_lookup (self, g_steal_pointer (&eids), g_steal_pointer (&looked_up));
}

void
_eo_window_assigned_decorate (EoWindow *self,
                              guint     row,
                              EoDevice *device)
{
  const Mark *mark;
  const char *before;
  g_autofree char *joined = NULL;

  if (self->assigned_marks == NULL || self->assigned_list != self->list)
    return;
  mark = g_hash_table_lookup (self->assigned_marks->rows, GUINT_TO_POINTER (row));
  if (mark == NULL)
    return;
  before = eo_device_get_problem_text (device);
  if (before != NULL && *before != '\0')
    joined = g_strconcat (before, " ", mark->text, NULL);
  eo_device_set_check (device, eo_device_get_line (device),
                       MAX (eo_device_get_severity (device), EO_SEVERITY_WARNING),
                       joined != NULL ? joined : mark->text);
}
