/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-history.h"
#include "eo-history-private.h"
#include "eo-util.h"

struct _EoHistory
{
  GObject     parent_instance;

  char       *dir;
  GListStore *records;
  GStrv       skipped;

  /* Queued saves: EoUploadRecord (ref) set, and the source that starts
   * writing them (on a worker thread, at most about once a second). */
  GHashTable *pending;
  GSource    *pending_source;
  gboolean    writing;          /* a worker is writing queued saves */
  GPtrArray  *in_flight;        /* EoUploadRecord (ref) it writes */
  gint64      write_start_us;
  gint64      last_write_end_us;
  gint64      write_gap_us;     /* least time between two queued writes */

  /* Each save is numbered; a file is only replaced by a newer save, so a
   * queued write that ends after a later eo_history_save() does not put
   * the older state back. Under write_lock: local id -> guint64 number. */
  guint64     next_seq;
  GMutex      write_lock;
  GHashTable *written_seq;
};

/* One record's queued save, as written by the worker. */
typedef struct
{
  EoUploadRecordSnapshot *snapshot;
  guint64                 seq;
  EoUploadRecord         *record;   /* unowned, kept alive by the saver; records' thread only */
} SaveJob;

G_DEFINE_FINAL_TYPE (EoHistory, eo_history, G_TYPE_OBJECT)

/* Queued saves of one record come at most this often, or twice as far
 * apart as the last write took (a large record on a slow disk). */
#define EO_HISTORY_WRITE_GAP_US G_USEC_PER_SEC

/* Helpers */

/* Writes a numbered save unless a newer one is on disk already. Any thread. */
static gboolean
write_snapshot (EoHistory               *self,
                EoUploadRecordSnapshot  *snapshot,
                guint64                  seq,
                GError                 **error)
{
  const char *local_id = eo_upload_record_snapshot_get_local_id (snapshot);
  gboolean ok = TRUE;
  guint64 *written;

  g_mutex_lock (&self->write_lock);
  written = g_hash_table_lookup (self->written_seq, local_id);
  if (written == NULL || *written < seq)
    {
      ok = _eo_history_write_snapshot_file (self->dir, snapshot, error);
      if (ok)
        {
          if (written == NULL)
            {
              written = g_new (guint64, 1);
              g_hash_table_insert (self->written_seq, g_strdup (local_id), written);
            }
          *written = seq;
        }
    }
  g_mutex_unlock (&self->write_lock);
  return ok;
}

static void
apply_load_result (EoHistory  *self,
                   LoadResult *result)
{
  g_strfreev (self->skipped);
  self->skipped = (GStrv) g_ptr_array_free (g_steal_pointer (&result->skipped), FALSE);

  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->records));
  g_autoptr(GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);

  /* Objects already in the model may be in use (a poller updating them):
   * keep them unless the file is newer. */
  for (guint i = 0; i < n_old; i++)
    {
      EoUploadRecord *record = g_list_model_get_item (G_LIST_MODEL (self->records), i);

      g_hash_table_insert (current, (gpointer) eo_upload_record_get_local_id (record), record);
    }
  for (guint i = 0; i < result->records->len; i++)
    {
      EoUploadRecord *loaded = g_ptr_array_index (result->records, i);
      EoUploadRecord *live = g_hash_table_lookup (current, eo_upload_record_get_local_id (loaded));

      if (live != NULL && eo_upload_record_get_updated (live) >= eo_upload_record_get_updated (loaded))
        {
          g_object_ref (live);
          g_ptr_array_index (result->records, i) = live;
          g_object_unref (loaded);
        }
    }

  g_list_store_splice (self->records, 0, n_old,
                       result->records->pdata, result->records->len);
}

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  eo_upload_record_snapshot_free (job->snapshot);
  g_free (job);
}

static void schedule_pending (EoHistory      *self);
static void add_to_model     (EoHistory      *self,
                              EoUploadRecord *record);

/* A numbered snapshot of @record (taken on the records' thread), which is
 * put in the model if it is not there yet. */
static SaveJob *
save_job_new (EoHistory      *self,
              EoUploadRecord *record)
{
  SaveJob *job = g_new0 (SaveJob, 1);

  job->snapshot = eo_upload_record_snapshot (record);
  job->seq = ++self->next_seq;
  job->record = record;
  add_to_model (self, record);
  return job;
}

static void
write_jobs_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  EoHistory *self = source_object;
  GPtrArray *jobs = task_data;
  GError *first_error = NULL;

  for (guint i = 0; i < jobs->len; i++)
    {
      SaveJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(GError) error = NULL;

      if (!write_snapshot (self, job->snapshot, job->seq, &error) && first_error == NULL)
        first_error = g_steal_pointer (&error);
    }
  if (first_error != NULL)
    g_task_return_error (task, first_error);
  else
    g_task_return_boolean (task, TRUE);
}


/* Back on the records' thread: each record learns what was written; one
 * whose saved file could not be read again is queued again (then TRUE). */
static gboolean
jobs_done (EoHistory *self,
           GPtrArray *jobs)
{
  gboolean again = FALSE;

  for (guint i = 0; i < jobs->len; i++)
    {
      SaveJob *job = g_ptr_array_index (jobs, i);

      if (eo_upload_record_snapshot_done (job->record, job->snapshot))
        {
          eo_history_queue_save (self, job->record);
          again = TRUE;
        }
    }
  return again;
}

static void
write_jobs_done_cb (GObject      *source_object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EoHistory *self = EO_HISTORY (source_object);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();
  gint64 took = now - self->write_start_us;
  gboolean again;

  /* The records written are in in_flight until here. */
  again = jobs_done (self, g_task_get_task_data (G_TASK (result)));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (again)
        g_debug ("%s (made again)", error->message);
      else
        g_warning ("%s", error->message);
    }

  g_ptr_array_set_size (self->in_flight, 0);
  self->writing = FALSE;
  self->last_write_end_us = now;
  self->write_gap_us = MAX (EO_HISTORY_WRITE_GAP_US, 2 * took);
  schedule_pending (self);
}

/* Longest slice of serializing on the records' thread. */
#define EO_HISTORY_SLICE_US 8000

/* One slice of serializing the queued records' changed devices. TRUE when
 * all are done. */
static gboolean
refresh_pending (EoHistory *self)
{
  gint64 deadline = g_get_monotonic_time () + EO_HISTORY_SLICE_US;
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!eo_upload_record_refresh_parts (key, deadline))
      return FALSE;
  return TRUE;
}

/* Makes a numbered snapshot of each queued record (here, on the records'
 * thread: only what changed is serialized, in slices) and writes them on
 * a worker. */
static gboolean
write_pending_cb (gpointer user_data)
{
  EoHistory *self = user_data;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (save_job_free);
  GHashTableIter iter;
  gpointer key;

  g_clear_pointer (&self->pending_source, g_source_unref);

  /* The devices that changed are serialized here, a slice at a time
   * (after a status answer that is every device of the upload). */
  if (!refresh_pending (self))
    {
      self->pending_source = eo_slice_source_attach (NULL, write_pending_cb, self, NULL, "[eo] history save");
      return G_SOURCE_REMOVE;
    }

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_ptr_array_add (jobs, save_job_new (self, key));
      g_ptr_array_add (self->in_flight, g_object_ref (key));
    }
  g_hash_table_remove_all (self->pending);

  self->writing = TRUE;
  task = g_task_new (self, NULL, write_jobs_done_cb, NULL);
  g_task_set_source_tag (task, write_pending_cb);
  g_task_set_task_data (task, g_steal_pointer (&jobs), (GDestroyNotify) g_ptr_array_unref);
  self->write_start_us = g_get_monotonic_time ();
  g_task_run_in_thread (task, write_jobs_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_pending (EoHistory *self)
{
  gint64 wait_us;

  if (self->writing || self->pending_source != NULL || g_hash_table_size (self->pending) == 0)
    return;

  wait_us = self->last_write_end_us + self->write_gap_us - g_get_monotonic_time ();
  if (self->last_write_end_us == 0 || wait_us <= 0)
    self->pending_source = g_idle_source_new ();
  else
    self->pending_source = g_timeout_source_new ((guint) ((wait_us + 999) / 1000));
  g_source_set_priority (self->pending_source, G_PRIORITY_LOW);
  g_source_set_callback (self->pending_source, write_pending_cb, self, NULL);
  g_source_set_static_name (self->pending_source, "[eo] history save");
  g_source_attach (self->pending_source, g_main_context_get_thread_default ());
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *dir = task_data;
  GError *error = NULL;
  LoadResult *result = _eo_history_load_dir (dir, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) _eo_history_load_result_free);
}

/* Runs in the caller's context: fill the model, then finish the outer task. */
static void
load_thread_done_cb (GObject      *source_object,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  EoHistory *self = EO_HISTORY (source_object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  LoadResult *result;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  apply_load_result (self, result);
  _eo_history_load_result_free (result);
  g_task_return_boolean (task, TRUE);
}

/* Parent overrides */

static void
eo_history_dispose (GObject *object)
{
  EoHistory *self = (EoHistory *)object;

  if (self->pending != NULL && g_hash_table_size (self->pending) > 0)
    {
      g_autoptr(GError) error = NULL;

      if (!eo_history_flush (self, &error))
        g_warning ("%s", error->message);
    }
  if (self->pending_source != NULL)
    {
      g_source_destroy (self->pending_source);
      g_clear_pointer (&self->pending_source, g_source_unref);
    }
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_object (&self->records);

  G_OBJECT_CLASS (eo_history_parent_class)->dispose (object);
}

static void
eo_history_finalize (GObject *object)
{
  EoHistory *self = (EoHistory *)object;

  g_clear_pointer (&self->dir, g_free);
  g_clear_pointer (&self->skipped, g_strfreev);
  g_clear_pointer (&self->written_seq, g_hash_table_unref);
  g_clear_pointer (&self->in_flight, g_ptr_array_unref);
  g_mutex_clear (&self->write_lock);

  G_OBJECT_CLASS (eo_history_parent_class)->finalize (object);
}

static void
eo_history_class_init (EoHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_history_dispose;
  object_class->finalize = eo_history_finalize;
}

static void
eo_history_init (EoHistory *self)
{
  self->records = g_list_store_new (EO_TYPE_UPLOAD_RECORD);
  self->skipped = g_new0 (char *, 1);
  self->pending = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->write_gap_us = EO_HISTORY_WRITE_GAP_US;
  self->in_flight = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->write_lock);
  self->written_seq = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

char *
eo_history_dup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "esim-onboard", "uploads", NULL);
}

EoHistory *
eo_history_new (const char *dir)
{
  EoHistory *self = g_object_new (EO_TYPE_HISTORY, NULL);

  self->dir = dir != NULL ? g_strdup (dir) : eo_history_dup_default_dir ();
  return self;
}

const char *
eo_history_get_dir (EoHistory *self)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  return self->dir;
}

char *
eo_history_dup_path (EoHistory      *self,
                     EoUploadRecord *record)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);
  return _eo_history_path_for_id (self->dir, eo_upload_record_get_local_id (record));
}

gboolean
eo_history_load (EoHistory     *self,
                 GCancellable  *cancellable,
                 GError       **error)
{
  LoadResult *result;

  g_return_val_if_fail (EO_IS_HISTORY (self), FALSE);

  result = _eo_history_load_dir (self->dir, cancellable, error);
  if (result == NULL)
    return FALSE;
  apply_load_result (self, result);
  _eo_history_load_result_free (result);
  return TRUE;
}

void
eo_history_load_async (EoHistory           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (EO_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eo_history_load_async);

  inner = g_task_new (self, cancellable, load_thread_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (inner, load_thread);
  g_task_set_task_data (inner, g_strdup (self->dir), g_free);
  g_task_run_in_thread (inner, load_thread);
}

gboolean
eo_history_load_finish (EoHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_history_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
eo_history_get_n_skipped (EoHistory *self)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), 0);
  return g_strv_length (self->skipped);
}

const char * const *
eo_history_get_skipped_files (EoHistory *self)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  return (const char * const *) self->skipped;
}

GListModel *
eo_history_get_records (EoHistory *self)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  return G_LIST_MODEL (self->records);
}

gboolean
_eo_history_find_local_id (EoHistory  *self,
                           const char *local_id,
                           guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->records));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (G_LIST_MODEL (self->records), i);

      if (g_strcmp0 (eo_upload_record_get_local_id (record), local_id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Puts a saved record in the model (newest first) unless it is there. */
static void
add_to_model (EoHistory      *self,
              EoUploadRecord *record)
{
  guint position;

  if (_eo_history_find_local_id (self, eo_upload_record_get_local_id (record), &position))
    {
      g_autoptr(EoUploadRecord) current = g_list_model_get_item (G_LIST_MODEL (self->records), position);

      if (current == record)
        return;
      g_list_store_remove (self->records, position);
    }
  g_list_store_insert_sorted (self->records, record, _eo_history_compare_records, NULL);
}

gboolean
eo_history_save (EoHistory       *self,
                 EoUploadRecord  *record,
                 GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  SaveJob *job;
  gboolean ok;

  g_return_val_if_fail (EO_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  job = save_job_new (self, record);
  ok = write_snapshot (self, job->snapshot, job->seq, &local_error);
  if (eo_upload_record_snapshot_done (record, job->snapshot))
    {
      /* The file it copied from could not be read: once more, whole. */
      save_job_free (job);
      g_clear_error (&local_error);
      job = save_job_new (self, record);
      ok = write_snapshot (self, job->snapshot, job->seq, &local_error);
      eo_upload_record_snapshot_done (record, job->snapshot);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  save_job_free (job);
  return ok;
}

void
eo_history_queue_save (EoHistory      *self,
                       EoUploadRecord *record)
{
  g_return_if_fail (EO_IS_HISTORY (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  if (!g_hash_table_contains (self->pending, record))
    g_hash_table_add (self->pending, g_object_ref (record));
  schedule_pending (self);
}

gboolean
eo_history_flush (EoHistory  *self,
                  GError    **error)
{
  g_autoptr(GList) records = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (EO_IS_HISTORY (self), FALSE);

  if (self->pending_source != NULL)
    {
      g_source_destroy (self->pending_source);
      g_clear_pointer (&self->pending_source, g_source_unref);
    }

  /* What a worker is writing now too: written again here (a newer save
   * wins), so that everything is on disk when this returns. */
  for (guint i = 0; i < self->in_flight->len; i++)
    if (!g_hash_table_contains (self->pending, g_ptr_array_index (self->in_flight, i)))
      g_hash_table_add (self->pending, g_object_ref (g_ptr_array_index (self->in_flight, i)));
  records = g_hash_table_get_keys (self->pending);
  for (GList *l = records; l != NULL; l = l->next)
    g_object_ref (l->data);
  g_hash_table_remove_all (self->pending);

  for (GList *l = records; l != NULL; l = l->next)
    {
      g_autoptr(GError) local_error = NULL;

      if (!eo_history_save (self, l->data, ok ? error : &local_error))
        ok = FALSE;
      g_object_unref (l->data);
    }
  return ok;
}

gboolean
eo_history_ensure_dir (EoHistory  *self,
                       GError    **error)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), FALSE);
  return _eo_history_make_dir (self->dir, error);
}

typedef struct
{
  EoHistory      *history;
  EoUploadRecord *record;
  GSource        *slice;
} SaveAsync;

static void
save_async_free (SaveAsync *save)
{
  if (save->slice != NULL)
    {
      g_source_destroy (save->slice);
      g_source_unref (save->slice);
    }
  g_clear_object (&save->record);
  g_free (save);
}

/* The snapshot is written: the record (kept by @user_data, the task of
 * eo_history_save_async) learns it, then the caller. */
static void
save_async_written_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  jobs_done (EO_HISTORY (source_object), g_task_get_task_data (G_TASK (result)));
  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Serializes the record's changed devices a slice at a time, then writes
 * a numbered snapshot on a worker. */
static gboolean
save_async_slice_cb (gpointer user_data)
{
  GTask *task = user_data;
  SaveAsync *save = g_task_get_task_data (task);
  EoHistory *self = g_task_get_source_object (task);
  g_autoptr(GTask) write = NULL;
  GPtrArray *jobs;

  g_clear_pointer (&save->slice, g_source_unref);
  if (!eo_upload_record_refresh_parts (save->record, g_get_monotonic_time () + EO_HISTORY_SLICE_US))
    {
      /* The next slice, from a new source (eo_slice_source_attach). */
      save->slice = eo_slice_source_attach (NULL, save_async_slice_cb, task, NULL, "[eo] history save");
      return G_SOURCE_REMOVE;
    }

  /* This save covers what was queued for the record. */
  g_hash_table_remove (self->pending, save->record);
  jobs = g_ptr_array_new_with_free_func (save_job_free);
  g_ptr_array_add (jobs, save_job_new (self, save->record));

  /* The thread's task has only the jobs as its data (it may be freed on
   * the worker); @task keeps the record until the write is done. */
  write = g_task_new (self, NULL, save_async_written_cb, task);
  g_task_set_source_tag (write, save_async_slice_cb);
  g_task_set_task_data (write, jobs, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (write, write_jobs_thread);
  return G_SOURCE_REMOVE;
}

void
eo_history_save_async (EoHistory           *self,
                       EoUploadRecord      *record,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  SaveAsync *save;

  g_return_if_fail (EO_IS_HISTORY (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eo_history_save_async);
  save = g_new0 (SaveAsync, 1);
  save->record = g_object_ref (record);
  g_task_set_task_data (task, save, (GDestroyNotify) save_async_free);

  /* Small records in one go, now, as before; larger ones go on in slices. */
  save_async_slice_cb (task);
}

gboolean
eo_history_save_finish (EoHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
eo_history_get_n_queued (EoHistory *self)
{
  g_return_val_if_fail (EO_IS_HISTORY (self), 0);
  return g_hash_table_size (self->pending) + self->in_flight->len;
}

gboolean
eo_history_remove (EoHistory       *self,
                   EoUploadRecord  *record,
                   GError         **error)
{
  g_autofree char *path = NULL;
  guint position;

  g_return_val_if_fail (EO_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  path = _eo_history_path_for_id (self->dir, eo_upload_record_get_local_id (record));
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not delete the upload record “%s”: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  g_hash_table_remove (self->pending, record);
  if (_eo_history_find_local_id (self, eo_upload_record_get_local_id (record), &position))
    g_list_store_remove (self->records, position);
  return TRUE;
}
