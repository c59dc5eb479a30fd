/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-job"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-upload-job.h"

struct _EoUploadJob
{
  GObject         parent_instance;

  EoClient       *client;
  EoHistory      *history;
  EoUploadRecord *record;
  EoPoller       *poller;

  /* Of the POST in flight; NULL otherwise. */
  GCancellable   *cancellable;
  gulong          record_changed_id;

  guint           first_ms;
  guint           max_ms;
  gboolean        running;
  /* One status read of an upload nobody follows (eo_upload_job_check). */
  gboolean        checking;
  /* Whether the record's "changed" is held back while the poller merges
   * (released once per status answer). */
  gboolean        record_frozen;
  /* The run's last save is being written; "finished"/"failed" follow. */
  gboolean        ending;

  /* What to send once the record is on disk. */
  GBytes         *csv;
  char           *filename;
};

G_DEFINE_FINAL_TYPE (EoUploadJob, eo_upload_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RECORD,
  PROP_RUNNING,
  PROP_CHECKING,
  N_PROPS
};

enum {
  SIGNAL_ACCEPTED,
  SIGNAL_UPDATED,
  SIGNAL_FINISHED,
  SIGNAL_FAILED,
  SIGNAL_CHECKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
set_running (EoUploadJob *self,
             gboolean     running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Writes what is queued now (durably); a failure can only be logged: the
 * upload already went out. */
static void
flush_history (EoUploadJob *self)
{
  g_autoptr(GError) error = NULL;

  if (!eo_history_flush (self->history, &error))
    g_warning ("%s", error->message);
}

static void
record_changed_cb (EoUploadRecord *record,
                   EoUploadJob    *self)
{
  eo_history_queue_save (self->history, record);
}

/* While running, every change of the record (state, device statuses and
 * their histories) is saved, coalesced by the history. */
static void
follow_record (EoUploadJob *self)
{
  if (self->record_changed_id != 0)
    return;
  self->record_changed_id = g_signal_connect (self->record, "changed",
                                              G_CALLBACK (record_changed_cb), self);
}

static void
unfollow_record (EoUploadJob *self)
{
  g_clear_signal_handler (&self->record_changed_id, self->record);
}

/* A status answer changes thousands of devices: the record tells of them
 * once per answer, not once per device. */
static void
hold_record_changes (EoUploadJob *self)
{
  if (self->record_frozen)
    return;
  self->record_frozen = TRUE;
  eo_upload_record_freeze_changed (self->record);
}

static void
release_record_changes (EoUploadJob *self)
{
  if (!self->record_frozen)
    return;
  self->record_frozen = FALSE;
  eo_upload_record_thaw_changed (self->record);
}

static void
set_checking (EoUploadJob *self,
              gboolean     checking)
{
  if (self->checking == checking)
    return;
  self->checking = checking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

static void poller_updated_cb  (EoPoller     *poller,
                                EoUploadJob  *self);
static void poller_finished_cb (EoPoller     *poller,
                                EoUploadJob  *self);
static void poller_failed_cb   (EoPoller     *poller,
                                const GError *error,
                                EoUploadJob  *self);

static void
drop_poller (EoUploadJob *self)
{
  if (self->poller == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->poller, self);
  eo_poller_cancel (self->poller);
  g_clear_object (&self->poller);
}

/* Polls the record's devices; @now: the first read at once (a check). */
static void
start_polling (EoUploadJob *self,
               gboolean     now)
{
  const char *request_id = eo_upload_record_get_request_id (self->record);

  drop_poller (self);
  hold_record_changes (self);
  self->poller = eo_poller_new (self->client, request_id);
  eo_poller_set_devices (self->poller, eo_upload_record_get_devices (self->record));
  eo_poller_set_intervals (self->poller, now ? 0 : self->first_ms, self->max_ms);
  g_signal_connect (self->poller, "updated", G_CALLBACK (poller_updated_cb), self);
  g_signal_connect (self->poller, "finished", G_CALLBACK (poller_finished_cb), self);
  g_signal_connect (self->poller, "failed", G_CALLBACK (poller_failed_cb), self);
  eo_poller_start (self->poller);
}

/* Ends a run: queues the last save (written on a worker; the job's
 * dispose and eo_history_flush() make it durable at once), stops
 * following the record. */
static void
stop_running (EoUploadJob *self)
{
  release_record_changes (self);
  eo_history_queue_save (self->history, self->record);
  unfollow_record (self);
  set_running (self, FALSE);
}

/* Ends a run that tells of its end: the record is written durably (on a
 * worker), then the job stops and emits "finished" (@error NULL) or
 * "failed". Whoever sees either may count on the file. */
typedef struct
{
  EoUploadJob *job;
  GError      *error;
  gboolean     emit;
  gboolean     check;    /* the end of a check: "checked" */
} RunEnd;

static void
run_end_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RunEnd *end = user_data;
  EoUploadJob *self = end->job;
  g_autoptr(GError) save_error = NULL;

  if (!eo_history_save_finish (EO_HISTORY (source), result, &save_error))
    g_warning ("%s", save_error->message);

  self->ending = FALSE;
  if (self->record != NULL)
    unfollow_record (self);
  set_running (self, FALSE);
  if (end->check)
    {
      set_checking (self, FALSE);
      g_signal_emit (self, signals[SIGNAL_CHECKED], 0, end->error);
    }
  else if (end->emit && end->error == NULL)
    g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
  else if (end->emit)
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, end->error);

  g_clear_error (&end->error);
  g_object_unref (self);
  g_free (end);
}

static void
end_run (EoUploadJob  *self,
         const GError *error,
         gboolean      emit)
{
  RunEnd *end = g_new0 (RunEnd, 1);

  end->job = g_object_ref (self);
  end->error = error != NULL ? g_error_copy (error) : NULL;
  end->emit = emit;
  end->check = self->checking;
  self->ending = TRUE;
  release_record_changes (self);
  eo_history_save_async (self->history, self->record, NULL, run_end_saved_cb, end);
}

/* Signal callbacks */

static void
poller_updated_cb (EoPoller    *poller,
                   EoUploadJob *self)
{
  /* The answer is merged: one "changed" for all of it. */
  release_record_changes (self);
  hold_record_changes (self);
  /* A successful read: an earlier polling error no longer holds. */
  if (eo_upload_record_get_error_message (self->record) != NULL)
    eo_upload_record_set_error (self->record, NULL);
  eo_upload_record_set_last_checked (self->record, g_get_real_time ());
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
  if (self->checking && self->poller != NULL)
    {
      /* One read only: the record finishes by itself if it is done. */
      drop_poller (self);
      end_run (self, NULL, TRUE);
    }
  g_object_unref (self);
}

static void
poller_finished_cb (EoPoller    *poller,
                    EoUploadJob *self)
{
  g_object_ref (self);
  /* The record finishes by itself when its devices are final; devices that
   * were not uploaded (row errors) do not hold it back. */
  if (eo_upload_record_get_state (self->record) == EO_UPLOAD_STATE_ACCEPTED)
    eo_upload_record_set_state (self->record, EO_UPLOAD_STATE_FINISHED);
  end_run (self, NULL, TRUE);
  g_object_unref (self);
}

static void
poller_failed_cb (EoPoller     *poller,
                  const GError *error,
                  EoUploadJob  *self)
{
  g_object_ref (self);
  /* The record stays ACCEPTED: polling can be resumed later. */
  eo_upload_record_set_error (self->record, error);
  end_run (self, error, TRUE);
  g_object_unref (self);
}

/* Whether a failed upload may still have reached the server. */
static gboolean
outcome_is_unknown (const GError *error)
{
  return g_error_matches (error, EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN) ||
         g_error_matches (error, EO_ERROR, EO_ERROR_BAD_ANSWER) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Whether the POST provably never reached the server: the client could
 * not send it (no connection, no secure connection, an address or key it
 * cannot use) and said so before anything went out. A connection that
 * broke after the request went out is an unknown outcome instead
 * (EoClient tells it as EO_ERROR_OUTCOME_UNKNOWN). */
static gboolean
never_sent (const GError *error)
{
  return g_error_matches (error, EO_ERROR, EO_ERROR_NETWORK) ||
         g_error_matches (error, EO_ERROR, EO_ERROR_TLS) ||
         g_error_matches (error, EO_ERROR, EO_ERROR_TIMEOUT) ||
         g_error_matches (error, EO_ERROR, EO_ERROR_INVALID_SERVER) ||
         g_error_matches (error, EO_ERROR, EO_ERROR_NO_CREDENTIALS);
}

static void
accepted_saved_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EoUploadJob) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!eo_history_save_finish (EO_HISTORY (source), result, &error))
    g_warning ("%s", error->message);
  /* Disposed, or stopped (eo_upload_job_cancel()) meanwhile. */
  if (self->record == NULL || !self->running)
    return;

  if (eo_upload_record_get_state (self->record) == EO_UPLOAD_STATE_ACCEPTED)
    start_polling (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_ACCEPTED], 0);
  if (self->running && self->poller == NULL)
    {
      /* Nothing to poll: the record is final already. */
      end_run (self, NULL, TRUE);
    }
}

static void
assign_eid_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(EoUploadJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *server_url = NULL;
  gboolean cancelled;

  if (self->record == NULL)
    return; /* disposed */
  cancelled = self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable);
  g_clear_object (&self->cancellable);

  if (!eo_client_assign_eid_finish (EO_CLIENT (source), result, &request_id, &server_url, &error))
    {
      if (outcome_is_unknown (error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_autoptr(GError) stopped = eo_error_new_message (EO_ERROR_OUTCOME_UNKNOWN,
                                                                eo_message_new ("stopped-before-answer", NULL));

              eo_upload_record_set_outcome_unknown_error (self->record, stopped);
            }
          else
            eo_upload_record_set_outcome_unknown_error (self->record, error);
        }
      else if (never_sent (error))
        {
          eo_upload_record_set_not_sent (self->record, error);
        }
      else
        {
          eo_upload_record_set_refused_error (self->record, error);
        }
      /* A cancel emits nothing, as the poller's. */
      end_run (self, error, !cancelled);
      return;
    }

  eo_upload_record_set_accepted (self->record, request_id, server_url);
  if (cancelled)
    {
      /* Cancelled while the answer was on its way: keep it resumable. */
      flush_history (self);
      stop_running (self);
      return;
    }

  /* Saved durably before anything else happens (written on a worker;
   * "accepted" and polling follow): after a crash from here on, the
   * upload is resumed, never sent again. The devices' parts of the file
   * were made for the save before the POST and are reused. */
  eo_history_save_async (self->history, self->record, NULL, accepted_saved_cb, g_object_ref (self));
}

/* Parent overrides */

static void
eo_upload_job_dispose (GObject *object)
{
  EoUploadJob *self = (EoUploadJob *)object;

  drop_poller (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->record != NULL)
    {
      release_record_changes (self);
      unfollow_record (self);
    }
  if (self->history != NULL)
    flush_history (self);
  self->running = FALSE;

  g_clear_object (&self->client);
  g_clear_object (&self->history);
  g_clear_object (&self->record);
  g_clear_pointer (&self->csv, g_bytes_unref);
  g_clear_pointer (&self->filename, g_free);

  G_OBJECT_CLASS (eo_upload_job_parent_class)->dispose (object);
}

static void
eo_upload_job_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  EoUploadJob *self = EO_UPLOAD_JOB (object);

  switch (prop_id)
    {
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_upload_job_class_init (EoUploadJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_upload_job_dispose;
  object_class->get_property = eo_upload_job_get_property;

  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL, EO_TYPE_UPLOAD_RECORD,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ACCEPTED] =
    g_signal_new ("accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
eo_upload_job_init (EoUploadJob *self)
{
  self->first_ms = EO_POLLER_DEFAULT_FIRST_MS;
  self->max_ms = EO_POLLER_DEFAULT_MAX_MS;
}

/* Public API */

EoUploadJob *
eo_upload_job_new (EoClient       *client,
                   EoHistory      *history,
                   EoUploadRecord *record)
{
  EoUploadJob *self;

  g_return_val_if_fail (EO_IS_CLIENT (client), NULL);
  g_return_val_if_fail (EO_IS_HISTORY (history), NULL);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  self = g_object_new (EO_TYPE_UPLOAD_JOB, NULL);
  self->client = g_object_ref (client);
  self->history = g_object_ref (history);
  self->record = g_object_ref (record);
  return self;
}

EoUploadRecord *
eo_upload_job_get_record (EoUploadJob *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_JOB (self), NULL);
  return self->record;
}

EoPoller *
eo_upload_job_get_poller (EoUploadJob *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_JOB (self), NULL);
  return self->poller;
}

void
eo_upload_job_set_intervals (EoUploadJob *self,
                             guint        first_ms,
                             guint        max_ms)
{
  g_return_if_fail (EO_IS_UPLOAD_JOB (self));

  self->first_ms = first_ms;
  self->max_ms = MAX (max_ms, 1);
  if (self->poller != NULL)
    eo_poller_set_intervals (self->poller, self->first_ms, self->max_ms);
}

/* Not sent, so the server does not have it. */
static void
refuse_unsent (EoUploadJob  *self,
               const GError *store_error)
{
  g_autoptr(GError) error = NULL;

  error = eo_error_new_message (EO_ERROR_STORE,
                                eo_message_new ("not-recorded", "detail", store_error->message, NULL));
  eo_upload_record_set_not_sent (self->record, error);
  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
  g_object_unref (self);
}

/* The SENDING record is on disk (written on a worker): now it may go. */
static void
sending_saved_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(EoUploadJob) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) csv = g_steal_pointer (&self->csv);
  g_autofree char *filename = g_steal_pointer (&self->filename);

  if (self->record == NULL)
    return; /* disposed */

  if (!eo_history_save_finish (EO_HISTORY (source), result, &error))
    {
      g_clear_object (&self->cancellable);
      unfollow_record (self);
      set_running (self, FALSE);
      refuse_unsent (self, error);
      return;
    }

  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr(GError) stopped = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                       _("Operation was cancelled"));
      g_autoptr(GError) unsent = eo_error_new_message (EO_ERROR_STORE,
                                                       eo_message_new ("stopped-before-send", NULL));

      /* Stopped before the POST: the server never saw it. */
      g_clear_object (&self->cancellable);
      eo_upload_record_set_not_sent (self->record, unsent);
      end_run (self, stopped, FALSE);
      return;
    }

  eo_client_assign_eid_async (self->client, csv, filename,
                              self->cancellable, assign_eid_cb, g_object_ref (self));
}

void
eo_upload_job_submit (EoUploadJob *self,
                      GBytes      *csv,
                      const char  *filename)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EO_IS_UPLOAD_JOB (self));
  g_return_if_fail (csv != NULL);
  g_return_if_fail (!self->running);
  g_return_if_fail (eo_upload_record_get_state (self->record) == EO_UPLOAD_STATE_SENDING);

  /* A history that cannot be written is told at once, nothing started. */
  if (!eo_history_ensure_dir (self->history, &error))
    {
      refuse_unsent (self, error);
      return;
    }

  set_running (self, TRUE);
  follow_record (self);
  self->cancellable = g_cancellable_new ();
  self->csv = g_bytes_ref (csv);
  self->filename = g_strdup (filename != NULL ? filename : "devices.csv");
  /* Nothing goes out unless it is recorded first (durably): the POST is
   * sent from the callback of the write. With 100,000 devices the write
   * takes longer than a frame, so it runs on a worker. */
  eo_history_save_async (self->history, self->record, NULL, sending_saved_cb, g_object_ref (self));
}

/* Whether the server confirmed the upload (else @error says why not). */
static gboolean
check_followable (EoUploadJob  *self,
                  GError      **error)
{
  EoUploadState state = eo_upload_record_get_state (self->record);

  if ((state == EO_UPLOAD_STATE_ACCEPTED || state == EO_UPLOAD_STATE_FINISHED) &&
      eo_upload_record_get_request_id (self->record) != NULL)
    return TRUE;
  g_set_error (error, EO_ERROR,
               state == EO_UPLOAD_STATE_OUTCOME_UNKNOWN ? EO_ERROR_OUTCOME_UNKNOWN : EO_ERROR_STORE,
               _("This upload cannot be followed: the server never confirmed it (%s)."),
               eo_upload_state_to_label (state));
  return FALSE;
}

void
eo_upload_job_resume (EoUploadJob *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EO_IS_UPLOAD_JOB (self));

  if (self->running || self->ending)
    return;

  if (!check_followable (self, &error))
    {
      g_object_ref (self);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      g_object_unref (self);
      return;
    }

  /* A check under way becomes the follow-up. */
  set_checking (self, FALSE);
  /* Following again takes giving up back. */
  eo_upload_record_take_back_give_up (self->record);
  set_running (self, TRUE);
  follow_record (self);
  start_polling (self, FALSE);
}

void
eo_upload_job_check (EoUploadJob *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EO_IS_UPLOAD_JOB (self));

  if (self->ending || self->checking)
    return;
  if (self->running)
    {
      /* Followed: its next read comes now. */
      if (self->poller != NULL)
        eo_poller_read_now (self->poller);
      return;
    }
  if (!check_followable (self, &error))
    {
      g_object_ref (self);
      g_signal_emit (self, signals[SIGNAL_CHECKED], 0, error);
      g_object_unref (self);
      return;
    }

  set_checking (self, TRUE);
  follow_record (self);
  start_polling (self, TRUE);
}

gboolean
eo_upload_job_get_checking (EoUploadJob *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_JOB (self), FALSE);
  return self->checking;
}

void
eo_upload_job_cancel (EoUploadJob *self)
{
  g_return_if_fail (EO_IS_UPLOAD_JOB (self));

  if (self->checking && !self->ending)
    {
      /* A check stopped half way: what was merged is kept. */
      drop_poller (self);
      stop_running (self);
      set_checking (self, FALSE);
      return;
    }
  if (!self->running || self->ending)
    return;

  if (self->cancellable != NULL)
    {
      /* The answer callback records the outcome and stops. */
      g_cancellable_cancel (self->cancellable);
      return;
    }

  /* The poller keeps its counts for whoever shows them. */
  if (self->poller != NULL)
    eo_poller_cancel (self->poller);
  stop_running (self);
}

gboolean
eo_upload_job_get_running (EoUploadJob *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_JOB (self), FALSE);
  return self->running;
}
