/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-job-manager"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eo-client.h"
#include "eo-error.h"
#include "eo-job-manager.h"

struct _EoJobManager
{
  GObject        parent_instance;

  EoHistory     *history;
  EoSecretStore *secret_store;
  char          *demo_server;

  GCancellable  *cancellable;
  GPtrArray     *jobs;          /* EoUploadJob */

  guint          first_ms;
  guint          max_ms;
  guint          n_skipped;
  guint          started : 1;
  guint          loaded : 1;
  guint          skipped_reported : 1;
};

G_DEFINE_FINAL_TYPE (EoJobManager, eo_job_manager, G_TYPE_OBJECT)

enum {
  SIGNAL_LOADED,
  SIGNAL_JOB_ADDED,
  SIGNAL_JOB_FINISHED,
  SIGNAL_JOB_FAILED,
  SIGNAL_JOB_HELD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
is_demo_server (EoJobManager *self,
                const char   *server)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (self->demo_server == NULL || server == NULL)
    return FALSE;

  a = eo_secret_store_normalize_server (self->demo_server);
  b = eo_secret_store_normalize_server (server);

  return g_strcmp0 (a, b) == 0;
}

static void
job_finished_cb (EoUploadJob  *job,
                 EoJobManager *self)
{
  g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, job);
}

static void
job_failed_cb (EoUploadJob  *job,
               const GError *error,
               EoJobManager *self)
{
  g_signal_emit (self, signals[SIGNAL_JOB_FAILED], 0, job,
                 error ? error->message : "");
}

/* "Following" marks: while this process follows an upload, a file
 * following/LOCAL_ID in the history folder holds its PID; it goes when
 * the follow-up ends (finished, failed, stopped, the app quit). One left
 * by a process that is gone means the follow-up did not finish (a crash,
 * perhaps caused by that very upload's answers): that upload is not
 * resumed at the next start without the admin's say. */

static char *
dup_mark_path (EoJobManager   *self,
               EoUploadRecord *record)
{
  return g_build_filename (eo_history_get_dir (self->history), "following",
                           eo_upload_record_get_local_id (record), NULL);
}

static void
set_following_mark (EoJobManager   *self,
                    EoUploadRecord *record,
                    gboolean        following)
{
  g_autofree char *path = dup_mark_path (self, record);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *pid = NULL;
  g_autoptr(GError) error = NULL;

  if (!following)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("Could not remove %s: %s", path, g_strerror (errno));
      return;
    }
  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, pid, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_debug ("Could not mark %s as followed: %s", path, error != NULL ? error->message : g_strerror (errno));
}

/* TRUE when a process that is gone was following @record. */
static gboolean
follow_up_interrupted (EoJobManager   *self,
                       EoUploadRecord *record)
{
  g_autofree char *path = dup_mark_path (self, record);
  g_autofree char *text = NULL;
  gint64 pid;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  pid = g_ascii_strtoll (text, NULL, 10);
  if (pid > 0 && pid != getpid () && (kill ((pid_t) pid, 0) == 0 || errno == EPERM))
    return FALSE; /* another live process follows it */
  return TRUE;
}

static void
job_running_cb (EoUploadJob  *job,
                GParamSpec   *pspec,
                EoJobManager *self)
{
  if (self->history != NULL)
    set_following_mark (self, eo_upload_job_get_record (job), eo_upload_job_get_running (job));
}

/* Resuming one record */

typedef struct
{
  EoJobManager   *self;
  EoUploadRecord *record;
} ResumeData;

static void
resume_data_free (ResumeData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->record);
  g_free (data);
}

static void
resume_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ResumeData *data = user_data;
  EoJobManager *self = data->self;
  EoUploadRecord *record = data->record;
  g_autoptr(EoSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoClient) client = NULL;
  g_autoptr(EoUploadJob) job = NULL;
  g_autofree char *message = NULL;

  key = eo_job_manager_lookup_key_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  /* Another part of the app may have started following it meanwhile. */
  if (eo_job_manager_lookup_job (self, record) != NULL ||
      eo_upload_record_get_state (record) != EO_UPLOAD_STATE_ACCEPTED)
    goto out;

  if (key == NULL)
    {
      if (error != NULL)
        /* Translators: %s is the keyring's error message */
        message = g_strdup_printf (_("The API key could not be read: %s"), error->message);
      else
        /* Translators: %s is a customer ID */
        message = g_strdup_printf (_("No API key is stored for customer “%s”: add it in the preferences, then open eSIM Onboard again"),
                                   eo_upload_record_get_customer_id (record));
    }
  else
    {
      client = eo_client_new (eo_upload_record_get_server (record), &error);
      if (client == NULL)
        message = g_strdup (error->message);
    }

  if (message != NULL)
    {
      g_warning ("Cannot follow upload %s: %s",
                 eo_upload_record_get_local_id (record), message);
      g_signal_emit (self, signals[SIGNAL_JOB_FAILED], 0, NULL, message);
      goto out;
    }

  eo_client_set_credentials (client, eo_upload_record_get_customer_id (record), key);
  job = eo_upload_job_new (client, self->history, record);
  if (self->first_ms > 0)
    eo_upload_job_set_intervals (job, self->first_ms, self->max_ms);
  eo_job_manager_add_job (self, job);
  g_debug ("Resuming upload %s (request %s)",
           eo_upload_record_get_local_id (record),
           eo_upload_record_get_request_id (record));
  eo_upload_job_resume (job);

out:
  resume_data_free (data);
}

static void
resume_record (EoJobManager   *self,
               EoUploadRecord *record)
{
  ResumeData *data = g_new0 (ResumeData, 1);

  data->self = g_object_ref (self);
  data->record = g_object_ref (record);
  eo_job_manager_lookup_key_async (self,
                                   eo_upload_record_get_server (record),
                                   eo_upload_record_get_customer_id (record),
                                   self->cancellable,
                                   resume_key_cb, data);
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EoJobManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;

  if (!eo_history_load_finish (self->history, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not read the upload history: %s", error->message);
    }

  self->loaded = TRUE;
  self->n_skipped = eo_history_get_n_skipped (self->history);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);

  /* Uploads the server accepted: follow them again. SENDING ones still
   * belong to a live process; OUTCOME_UNKNOWN ones are never re-sent. */
  unfinished = eo_history_get_unfinished (self->history);
  for (guint i = 0; i < unfinished->len; i++)
    {
      EoUploadRecord *record = g_ptr_array_index (unfinished, i);

      if (eo_upload_record_get_state (record) != EO_UPLOAD_STATE_ACCEPTED ||
          eo_job_manager_lookup_job (self, record) != NULL)
        continue;
      if (follow_up_interrupted (self, record))
        {
          /* Held back: resumed only by eo_job_manager_continue(). */
          g_debug ("Not resuming upload %s: its last follow-up did not finish",
                   eo_upload_record_get_local_id (record));
          g_autoptr(GError) held = eo_error_new_message (EO_ERROR_STORE,
                                                         eo_message_new ("follow-up-interrupted", NULL));

          eo_upload_record_set_error (record, held);
          eo_history_queue_save (self->history, record);
          g_signal_emit (self, signals[SIGNAL_JOB_HELD], 0, record);
          continue;
        }
      resume_record (self, record);
    }
}

static void
eo_job_manager_dispose (GObject *object)
{
  EoJobManager *self = EO_JOB_MANAGER (object);

  eo_job_manager_shutdown (self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_object (&self->history);
  g_clear_object (&self->secret_store);

  G_OBJECT_CLASS (eo_job_manager_parent_class)->dispose (object);
}

static void
eo_job_manager_finalize (GObject *object)
{
  EoJobManager *self = EO_JOB_MANAGER (object);

  g_free (self->demo_server);

  G_OBJECT_CLASS (eo_job_manager_parent_class)->finalize (object);
}

static void
eo_job_manager_class_init (EoJobManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_job_manager_dispose;
  object_class->finalize = eo_job_manager_finalize;

  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_JOB_ADDED] =
    g_signal_new ("job-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_UPLOAD_JOB);
  signals[SIGNAL_JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_UPLOAD_JOB);
  signals[SIGNAL_JOB_FAILED] =
    g_signal_new ("job-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, EO_TYPE_UPLOAD_JOB, G_TYPE_STRING);
  signals[SIGNAL_JOB_HELD] =
    g_signal_new ("job-held", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_UPLOAD_RECORD);
}

static void
eo_job_manager_init (EoJobManager *self)
{
  self->cancellable = g_cancellable_new ();
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
}

EoJobManager *
eo_job_manager_new (EoHistory     *history,
                    EoSecretStore *secret_store,
                    const char    *demo_server)
{
  EoJobManager *self;

  g_return_val_if_fail (EO_IS_HISTORY (history), NULL);
  g_return_val_if_fail (EO_IS_SECRET_STORE (secret_store), NULL);

  self = g_object_new (EO_TYPE_JOB_MANAGER, NULL);
  self->history = g_object_ref (history);
  self->secret_store = g_object_ref (secret_store);
  self->demo_server = g_strdup (demo_server);

  return self;
}

EoHistory *
eo_job_manager_get_history (EoJobManager *self)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), NULL);

  return self->history;
}

void
eo_job_manager_set_demo_server (EoJobManager *self,
                                const char   *demo_server)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));

  g_free (self->demo_server);
  self->demo_server = g_strdup (demo_server);
}

void
eo_job_manager_start (EoJobManager *self)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));

  if (self->started)
    return;
  self->started = TRUE;

  eo_history_load_async (self->history, self->cancellable,
                         history_loaded_cb, g_object_ref (self));
}

gboolean
eo_job_manager_get_loaded (EoJobManager *self)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), FALSE);

  return self->loaded;
}

guint
eo_job_manager_get_n_skipped (EoJobManager *self)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), 0);

  return self->n_skipped;
}

guint
eo_job_manager_take_skipped_report (EoJobManager *self)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), 0);

  if (!self->loaded || self->skipped_reported)
    return 0;
  self->skipped_reported = TRUE;

  return self->n_skipped;
}

void
eo_job_manager_set_intervals (EoJobManager *self,
                              guint         first_ms,
                              guint         max_ms)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));

  self->first_ms = first_ms;
  self->max_ms = MAX (first_ms, max_ms);
}

void
eo_job_manager_add_job (EoJobManager *self,
                        EoUploadJob  *job)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));
  g_return_if_fail (EO_IS_UPLOAD_JOB (job));

  if (g_ptr_array_find (self->jobs, job, NULL))
    return;

  g_ptr_array_add (self->jobs, g_object_ref (job));
  g_signal_connect_object (job, "finished", G_CALLBACK (job_finished_cb), self, 0);
  g_signal_connect_object (job, "failed", G_CALLBACK (job_failed_cb), self, 0);
  g_signal_connect_object (job, "notify::running", G_CALLBACK (job_running_cb), self, 0);
  if (eo_upload_job_get_running (job))
    set_following_mark (self, eo_upload_job_get_record (job), TRUE);
  g_signal_emit (self, signals[SIGNAL_JOB_ADDED], 0, job);
}

EoUploadJob *
eo_job_manager_lookup_job (EoJobManager   *self,
                           EoUploadRecord *record)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), NULL);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  /* Newest first: a record followed again has its latest job found. */
  for (guint i = self->jobs->len; i > 0; i--)
    {
      EoUploadJob *job = g_ptr_array_index (self->jobs, i - 1);

      if (eo_upload_job_get_record (job) == record)
        return job;
    }

  return NULL;
}

GPtrArray *
eo_job_manager_get_jobs (EoJobManager *self)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), NULL);

  return self->jobs;
}

static void
lookup_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key;

  key = eo_secret_store_lookup_finish (EO_SECRET_STORE (object), result, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, key, (GDestroyNotify)eo_secret_free);
}

void
eo_job_manager_lookup_key_async (EoJobManager        *self,
                                 const char          *server,
                                 const char          *customer,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EO_IS_JOB_MANAGER (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (customer != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eo_job_manager_lookup_key_async);

  if (is_demo_server (self, server) && g_strcmp0 (customer, EO_DEMO_CUSTOMER) == 0)
    {
      g_task_return_pointer (task, g_strdup (EO_DEMO_KEY), (GDestroyNotify)eo_secret_free);
      return;
    }

  eo_secret_store_lookup_async (self->secret_store, server, customer, cancellable,
                                lookup_key_cb, g_steal_pointer (&task));
}

char *
eo_job_manager_lookup_key_finish (EoJobManager  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
eo_job_manager_continue (EoJobManager   *self,
                         EoUploadRecord *record)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  if (eo_upload_record_get_state (record) != EO_UPLOAD_STATE_ACCEPTED ||
      eo_job_manager_lookup_job (self, record) != NULL)
    return;
  set_following_mark (self, record, FALSE);
  eo_upload_record_set_error_message (record, NULL);
  resume_record (self, record);
}

void
eo_job_manager_shutdown (EoJobManager *self)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; self->jobs != NULL && i < self->jobs->len; i++)
    {
      EoUploadJob *job = g_ptr_array_index (self->jobs, i);

      if (eo_upload_job_get_running (job))
        eo_upload_job_cancel (job);
    }
  /* Writes still queued by the jobs go to disk now. */
  if (self->history != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!eo_history_flush (self->history, &error))
        g_warning ("Could not save the upload history: %s", error->message);
    }
}
