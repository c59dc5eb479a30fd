/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-job-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-client.h"
#include "eo-error.h"
#include "eo-export.h"
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
  SIGNAL_FOLLOW_CHANGED,
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

/* TRUE when a process that is gone was following @record. */
static gboolean
follow_up_interrupted (EoJobManager   *self,
                       EoUploadRecord *record)
{
  gboolean interrupted;

  eo_history_get_follower (self->history, record, &interrupted);
  return interrupted;
}

static void
job_running_cb (EoUploadJob  *job,
                GParamSpec   *pspec,
                EoJobManager *self)
{
  if (self->history != NULL)
    eo_history_set_following (self->history, eo_upload_job_get_record (job), eo_upload_job_get_running (job));
  g_signal_emit (self, signals[SIGNAL_FOLLOW_CHANGED], 0, eo_upload_job_get_record (job));
}

static void
job_checking_cb (EoUploadJob  *job,
                 GParamSpec   *pspec,
                 EoJobManager *self)
{
  g_signal_emit (self, signals[SIGNAL_FOLLOW_CHANGED], 0, eo_upload_job_get_record (job));
}

/* Demo uploads. A file written before the record kept "demo" tells by
 * its customer. */
static gboolean
record_is_demo (EoUploadRecord *record)
{
  return eo_upload_record_get_demo (record) ||
         g_strcmp0 (eo_upload_record_get_customer_id (record), EO_DEMO_CUSTOMER) == 0;
}

/* A demo upload is followed only in demo mode, the others only outside. */
static gboolean
record_fits_mode (EoJobManager   *self,
                  EoUploadRecord *record)
{
  return record_is_demo (record) == (self->demo_server != NULL);
}

/* Where a record is followed: a demo upload on the demo server running
 * now (an earlier one's port is gone), any other on its own. */
static const char *
record_server (EoJobManager   *self,
               EoUploadRecord *record)
{
  if (record_is_demo (record) && self->demo_server != NULL)
    return self->demo_server;
  return eo_upload_record_get_server (record);
}

/* A job for one record: made once its key is read */

typedef enum
{
  JOB_ACTION_FOLLOW,
  JOB_ACTION_CHECK,
  JOB_ACTION_RESEND,  /* of the record: a new one sent */
} JobAction;

typedef struct
{
  EoJobManager   *self;
  EoUploadRecord *record;
  JobAction       action;
  char           *confirmed_by; /* JOB_ACTION_RESEND */
} ResumeData;

static void
resume_data_free (ResumeData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->record);
  g_clear_pointer (&data->confirmed_by, g_free);
  g_free (data);
}

/* The record that re-sends @data's (once the key is known, so that a
 * missing key leaves the original as it was), the original saved with
 * its link first; NULL with @message set if not. */
static EoUploadRecord *
make_resend (ResumeData  *data,
             char       **message)
{
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = eo_upload_record_new_resend (data->record, data->confirmed_by, &error);
  if (copy == NULL || !eo_history_save (data->self->history, data->record, &error))
    {
      *message = g_strdup (error->message);
      return NULL;
    }
  return g_steal_pointer (&copy);
}

static void
run_action (EoJobManager *self,
            EoUploadJob  *job,
            ResumeData   *data)
{
  EoUploadRecord *record = eo_upload_job_get_record (job);

  switch (data->action)
    {
    case JOB_ACTION_CHECK:
      eo_upload_job_check (job);
      break;
    case JOB_ACTION_RESEND:
      {
        g_autoptr(GBytes) csv = eo_export_upload_csv (record);

        eo_upload_job_submit (job, csv, eo_upload_record_get_source_name (record));
      }
      break;
    case JOB_ACTION_FOLLOW:
    default:
      g_debug ("Resuming upload %s (request %s)",
               eo_upload_record_get_local_id (record),
               eo_upload_record_get_request_id (record));
      eo_upload_job_resume (job);
      break;
    }
}

static void
resume_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ResumeData *data = user_data;
  EoJobManager *self = data->self;
  EoUploadRecord *record = data->record;
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(EoSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoClient) client = NULL;
  g_autoptr(EoUploadJob) job = NULL;
  g_autofree char *message = NULL;

  key = eo_job_manager_lookup_key_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    goto out;

  /* Another part of the app may have started following it meanwhile. */
  if ((data->action != JOB_ACTION_RESEND && eo_job_manager_lookup_job (self, record) != NULL) ||
      (data->action == JOB_ACTION_FOLLOW && eo_upload_record_get_state (record) != EO_UPLOAD_STATE_ACCEPTED))
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
      client = eo_client_new (record_server (self, record), &error);
      if (client == NULL)
        message = g_strdup (error->message);
      else if (data->action == JOB_ACTION_RESEND && (copy = make_resend (data, &message)) != NULL)
        record = copy;
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
  run_action (self, job, data);

out:
  resume_data_free (data);
}

static void
start_job (EoJobManager   *self,
           EoUploadRecord *record,
           JobAction       action,
           const char     *confirmed_by)
{
  ResumeData *data = g_new0 (ResumeData, 1);

  data->self = g_object_ref (self);
  data->record = g_object_ref (record);
  data->action = action;
  data->confirmed_by = g_strdup (confirmed_by);
  eo_job_manager_lookup_key_async (self,
                                   record_server (self, record),
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
      /* Given up by the admin, or of the other mode (a demo upload
       * outside demo mode, or a real one in it; in demo mode only those
       * of the demo server running now): left alone. */
      if (eo_upload_record_get_given_up (record) || !record_fits_mode (self, record) ||
          (self->demo_server != NULL && !is_demo_server (self, eo_upload_record_get_server (record))))
        {
          g_debug ("Not resuming upload %s: given up, or not of this mode",
                   eo_upload_record_get_local_id (record));
          continue;
        }
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
      start_job (self, record, JOB_ACTION_FOLLOW, NULL);
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
  signals[SIGNAL_FOLLOW_CHANGED] =
    g_signal_new ("follow-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_UPLOAD_RECORD);
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
  g_signal_connect_object (job, "notify::checking", G_CALLBACK (job_checking_cb), self, 0);
  if (eo_upload_job_get_running (job))
    eo_history_set_following (self->history, eo_upload_job_get_record (job), TRUE);
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
  /* The demo account has no key in the keyring: never asked for. */
  if (g_strcmp0 (customer, EO_DEMO_CUSTOMER) == 0)
    {
      g_task_return_new_error (task, EO_ERROR, EO_ERROR_NO_CREDENTIALS, "%s",
                               eo_upload_record_get_demo_follow_text (FALSE));
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
  eo_history_set_following (self->history, record, FALSE);
  eo_upload_record_set_error_message (record, NULL);
  start_job (self, record, JOB_ACTION_FOLLOW, NULL);
}

/* Picking an upload up again */

gboolean
eo_job_manager_is_followed (EoJobManager   *self,
                            EoUploadRecord *record)
{
  EoUploadJob *job;

  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), FALSE);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  job = eo_job_manager_lookup_job (self, record);
  if (job != NULL && eo_upload_job_get_running (job))
    return TRUE;
  return eo_history_get_follower (self->history, record, NULL) > 0;
}

gboolean
eo_job_manager_is_checking (EoJobManager   *self,
                            EoUploadRecord *record)
{
  EoUploadJob *job;

  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), FALSE);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  job = eo_job_manager_lookup_job (self, record);
  return job != NULL && eo_upload_job_get_checking (job);
}

char *
eo_job_manager_dup_follow_label (EoJobManager   *self,
                                 EoUploadRecord *record)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), NULL);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  return eo_upload_record_dup_follow_label (record, eo_job_manager_is_followed (self, record));
}

gboolean
eo_job_manager_fits_mode (EoJobManager   *self,
                          EoUploadRecord *record)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), FALSE);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  return record_fits_mode (self, record);
}

const char *
eo_job_manager_get_unfollowable_reason (EoJobManager   *self,
                                        EoUploadRecord *record)
{
  EoUploadState state;

  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), NULL);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  if (!record_fits_mode (self, record))
    return eo_upload_record_get_demo_follow_text (self->demo_server != NULL);
  state = eo_upload_record_get_state (record);
  if ((state != EO_UPLOAD_STATE_ACCEPTED && state != EO_UPLOAD_STATE_FINISHED) ||
      eo_upload_record_get_request_id (record) == NULL)
    return _("The server never confirmed this upload: there is nothing to follow.");
  return NULL;
}

/* Runs @action on the record's job, made first if there is none. */
static void
act_on (EoJobManager   *self,
        EoUploadRecord *record,
        JobAction       action)
{
  EoUploadJob *job = eo_job_manager_lookup_job (self, record);
  ResumeData data = { self, record, action, NULL };

  if (eo_job_manager_get_unfollowable_reason (self, record) != NULL)
    return;
  if (job != NULL)
    run_action (self, job, &data);
  else
    start_job (self, record, action, NULL);
}

void
eo_job_manager_follow (EoJobManager   *self,
                       EoUploadRecord *record)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  if (eo_job_manager_is_followed (self, record))
    return;
  /* The admin says so: a held follow-up goes on too. */
  eo_history_set_following (self->history, record, FALSE);
  act_on (self, record, JOB_ACTION_FOLLOW);
}

void
eo_job_manager_check (EoJobManager   *self,
                      EoUploadRecord *record)
{
  g_return_if_fail (EO_IS_JOB_MANAGER (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  act_on (self, record, JOB_ACTION_CHECK);
}

void
eo_job_manager_stop_following (EoJobManager   *self,
                               EoUploadRecord *record)
{
  EoUploadJob *job;

  g_return_if_fail (EO_IS_JOB_MANAGER (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  job = eo_job_manager_lookup_job (self, record);
  if (job != NULL)
    eo_upload_job_cancel (job);
}

gboolean
eo_job_manager_give_up (EoJobManager    *self,
                        EoUploadRecord  *record,
                        const char      *reason,
                        GError         **error)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), FALSE);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  /* Another process's saves would undo the mark. */
  if (eo_history_get_follower (self->history, record, NULL) > 0)
    {
      g_set_error_literal (error, EO_ERROR, EO_ERROR_STORE, eo_history_get_followed_text ());
      return FALSE;
    }
  /* Polling stops first, so that no read lands after the mark. */
  if (eo_upload_record_can_give_up (record))
    eo_job_manager_stop_following (self, record);
  if (!eo_upload_record_give_up (record, reason, error))
    return FALSE;
  return eo_history_save (self->history, record, error);
}

gboolean
eo_job_manager_resend (EoJobManager    *self,
                       EoUploadRecord  *record,
                       const char      *confirmed_by,
                       GError         **error)
{
  g_return_val_if_fail (EO_IS_JOB_MANAGER (self), FALSE);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  if (!record_fits_mode (self, record))
    {
      g_set_error_literal (error, EO_ERROR, EO_ERROR_STORE,
                           eo_upload_record_get_demo_follow_text (self->demo_server != NULL));
      return FALSE;
    }
  if (!eo_upload_record_can_resend (record, error))
    return FALSE;
  start_job (self, record, JOB_ACTION_RESEND, confirmed_by);
  return TRUE;
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
