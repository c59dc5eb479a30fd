/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-targets"

#include "config.h"

#include "eo-push-targets.h"
#include "eo-util.h"

int
eo_push_targets_management_column (EoUploadRecord *record)
{
  const char * const *names;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), -1);

  names = eo_upload_record_get_extra_columns (record);
  for (int i = 0; names != NULL && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], EO_PUSH_MANAGEMENT_ID_COLUMN) == 0)
      return i;
  return -1;
}

static const char *
device_management_id (EoDevice *device,
                      int       column)
{
  return column >= 0 ? eo_device_get_extra (device, (guint) column) : "";
}

/* A walk over the succeeded devices: whether one must be found by EID,
 * or the journal's entries added (the sync calls for the CLI, sliced for
 * the app: eo-push-targets.h). */

#define WALK_SLICE_US 5000

typedef struct
{
  EoUploadRecord *record;
  GHashTable     *by_eid;
  EoPushJournal  *journal;
  GPtrArray      *unmatched;
  gboolean        only_need;  /* stop at the first device to find by EID */
  int             column;
  guint           next;
  guint           n_added;
  gboolean        need;
  GSource        *source;
} Walk;

static void
walk_free (gpointer data)
{
  Walk *walk = data;

  if (walk->source != NULL)
    {
      g_source_destroy (walk->source);
      g_source_unref (walk->source);
    }
  g_clear_object (&walk->record);
  g_clear_pointer (&walk->by_eid, g_hash_table_unref);
  g_clear_object (&walk->journal);
  g_clear_pointer (&walk->unmatched, g_ptr_array_unref);
  g_free (walk);
}

/* One device: FALSE once the walk is done with. */
static gboolean
walk_device (Walk     *walk,
             EoDevice *device)
{
  const char *mgmt = device_management_id (device, walk->column);

  if (eo_device_get_status (device) != EO_DEVICE_STATUS_SUCCESS)
    return TRUE;
  if (walk->only_need)
    {
      walk->need = *mgmt == '\0';
      return !walk->need;
    }
  if (*mgmt == '\0')
    mgmt = walk->by_eid != NULL ? g_hash_table_lookup (walk->by_eid, eo_device_get_eid (device)) : NULL;
  if (mgmt == NULL)
    {
      if (walk->unmatched != NULL)
        g_ptr_array_add (walk->unmatched, g_object_ref (device));
      return TRUE;
    }
  eo_push_journal_add (walk->journal, mgmt, eo_device_get_eid (device), eo_device_get_effective_iccid (device),
                       eo_device_get_name (device));
  walk->n_added++;
  return TRUE;
}

/* The record's devices one by one, on the caller's stack. */
static void
walk_all (EoUploadRecord *record,
          Walk           *walk)
{
  GListModel *devices = eo_upload_record_get_devices (record);
  guint n = g_list_model_get_n_items (devices);
  gboolean more = TRUE;

  walk->column = eo_push_targets_management_column (record);
  for (guint i = 0; more && i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      more = walk_device (walk, device);
    }
}

gboolean
eo_push_targets_need_inventory (EoUploadRecord *record)
{
  Walk walk = { .only_need = TRUE };

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  walk_all (record, &walk);
  return walk.need;
}

GHashTable *
eo_push_targets_index_by_eid (GPtrArray *devices)
{
  GHashTable *by_eid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      EoMdmDevice *device = g_ptr_array_index (devices, i);

      if (device->eid != NULL && device->management_id != NULL)
        g_hash_table_replace (by_eid, g_strdup (device->eid), g_strdup (device->management_id));
    }
  return by_eid;
}

guint
eo_push_targets_add (EoUploadRecord *record,
                     GHashTable     *by_eid,
                     EoPushJournal  *journal,
                     GPtrArray      *unmatched)
{
  Walk walk = { .by_eid = by_eid, .journal = journal, .unmatched = unmatched };

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), 0);
  g_return_val_if_fail (EO_IS_PUSH_JOURNAL (journal), 0);

  walk_all (record, &walk);
  return walk.n_added;
}

/* The same for the app's main loop: slices of at most WALK_SLICE_US, the
 * next 1 ms later, above redrawing (as the poller's). */

static gboolean walk_slice_cb (gpointer user_data);

/* The next slice 1 ms after this one ends, from a new source
 * (eo_slice_source_attach). */
static void
walk_schedule (GTask *task)
{
  Walk *walk = g_task_get_task_data (task);

  if (walk->source != NULL)
    {
      g_source_destroy (walk->source);
      g_source_unref (walk->source);
    }
  walk->source = eo_slice_source_attach (NULL, walk_slice_cb, g_object_ref (task), g_object_unref,
                                         "[eo] push targets");
}

static gboolean
walk_slice_cb (gpointer user_data)
{
  GTask *task = user_data;
  Walk *walk = g_task_get_task_data (task);
  GListModel *devices = eo_upload_record_get_devices (walk->record);
  gint64 deadline = g_get_monotonic_time () + WALK_SLICE_US;
  guint n = g_list_model_get_n_items (devices);
  gboolean more = TRUE;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;
  while (more && walk->next < n && ((walk->next & 63) != 0 || g_get_monotonic_time () < deadline))
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, walk->next++);

      more = walk_device (walk, device);
    }
  if (more && walk->next < n)
    walk_schedule (task);
  else
    g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
walk_start (EoUploadRecord      *record,
            Walk                *walk,
            gpointer             tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (record, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  walk->record = g_object_ref (record);
  walk->column = eo_push_targets_management_column (record);
  g_task_set_task_data (task, walk, walk_free);
  walk_schedule (task);
  g_object_unref (task);
}

void
eo_push_targets_need_inventory_async (EoUploadRecord      *record,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Walk *walk = g_new0 (Walk, 1);

  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  walk->only_need = TRUE;
  walk_start (record, walk, eo_push_targets_need_inventory_async, cancellable, callback, user_data);
}

gboolean
eo_push_targets_need_inventory_finish (EoUploadRecord  *record,
                                       GAsyncResult    *result,
                                       gboolean        *need,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, record), FALSE);

  *need = ((Walk *) g_task_get_task_data (G_TASK (result)))->need;
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
eo_push_targets_add_async (EoUploadRecord      *record,
                           GHashTable          *by_eid,
                           EoPushJournal       *journal,
                           GPtrArray           *unmatched,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Walk *walk = g_new0 (Walk, 1);

  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));
  g_return_if_fail (EO_IS_PUSH_JOURNAL (journal));

  walk->by_eid = by_eid != NULL ? g_hash_table_ref (by_eid) : NULL;
  walk->journal = g_object_ref (journal);
  walk->unmatched = unmatched != NULL ? g_ptr_array_ref (unmatched) : NULL;
  walk_start (record, walk, eo_push_targets_add_async, cancellable, callback, user_data);
}

gboolean
eo_push_targets_add_finish (EoUploadRecord  *record,
                            GAsyncResult    *result,
                            guint           *n_added,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, record), FALSE);

  if (n_added != NULL)
    *n_added = ((Walk *) g_task_get_task_data (G_TASK (result)))->n_added;
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
index_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_task_return_pointer (task, eo_push_targets_index_by_eid (task_data), (GDestroyNotify) g_hash_table_unref);
}

void
eo_push_targets_index_by_eid_async (GPtrArray           *devices,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, eo_push_targets_index_by_eid_async);
  /* The devices are the worker's until it is done. */
  g_task_set_task_data (task, g_ptr_array_ref (devices), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, index_thread);
}

GHashTable *
eo_push_targets_index_by_eid_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
