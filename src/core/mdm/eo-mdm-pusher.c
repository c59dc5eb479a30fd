/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-mdm-pusher"

#include "config.h"

#include <signal.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-mdm-pusher.h"

/* A command found for a device counts for a batch recorded at T when it
 * was sent after T minus this (the two clocks may differ). */
#define CLOCK_SLACK_S 300

struct _EoMdmPusher
{
  GObject         parent_instance;

  EoMdmConnector *connector;
  EoPushJournal  *journal;
  char           *only;   /* one management ID, or NULL */
};

G_DEFINE_FINAL_TYPE (EoMdmPusher, eo_mdm_pusher, G_TYPE_OBJECT)

enum
{
  BATCH_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Batch @batch's outcome is known (in memory): its entries, told. */
static void
emit_batch_done (EoMdmPusher *self,
                 guint        batch)
{
  g_signal_emit (self, signals[BATCH_DONE], 0, eo_push_journal_batch_entries (self->journal, batch));
}

/* One run: recovery lookups, then the batches to send. */
typedef struct
{
  gboolean   again;
  guint      n_lookups;      /* find_commands (or state reads) in flight */
  guint      next_state;     /* with again: the next batch to read */
  gboolean   states_read;
  GPtrArray *to_send;        /* EoPushEntry, borrowed */
  guint      next;           /* index into to_send */
  guint      n_active;       /* batches being sent */
  guint      n_sent;
  guint      n_recovered;
  gboolean   finishing;
  guint      more_source;    /* the next batches, below redrawing */
  GError    *error;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_handle_id (&run->more_source, g_source_remove);
  g_clear_pointer (&run->to_send, g_ptr_array_unref);
  g_clear_error (&run->error);
  g_free (run);
}

static void
run_fail (Run    *run,
          GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
}

/* Sending */

typedef struct
{
  GTask *task;
  guint  batch;
  guint  n;
} BatchCall;

static void send_more (GTask *task);

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  if (!eo_push_journal_flush_finish (EO_PUSH_JOURNAL (source), result, &error))
    run_fail (run, error);
  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Done once every line of the run is on disk. */
static void
run_maybe_done (GTask *task)
{
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (run->n_active > 0 || run->n_lookups > 0 || run->finishing)
    return;
  run->finishing = TRUE;
  eo_push_journal_flush_async (self->journal, flushed_cb, g_object_ref (task));
}

/* Whether an error of a push means the MDM took nothing. */
static gboolean
nothing_sent (const GError *error)
{
  return error->domain == EO_ERROR && error->code != EO_ERROR_OUTCOME_UNKNOWN &&
         error->code != EO_ERROR_TIMEOUT;
}

static gboolean
more_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);

  run->more_source = 0;
  send_more (task);
  run_maybe_done (task);
  return G_SOURCE_REMOVE;
}

/* The next batches once the window has drawn (an idle below GTK's
 * redrawing): answers that come back to back then never hold a frame
 * for more than the few batches in flight. */
static void
send_more_later (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->more_source == 0)
    run->more_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, more_idle_cb, g_object_ref (task), g_object_unref);
}

static void
batch_pushed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  BatchCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = eo_mdm_connector_push_finish (EO_MDM_CONNECTOR (source), result, &error);

  run->n_active--;
  /* Queued on the writer: the run ends once they are on disk. */
  if (ids != NULL)
    {
      eo_push_journal_queue_found (self->journal, call->batch, ids, NULL);
      run->n_sent += call->n;
    }
  else
    {
      /* Refused: recorded as not sent. Otherwise it stays recorded and the
       * next run looks it up. */
      if (nothing_sent (error))
        eo_push_journal_queue_failed (self->journal, call->batch, error->message);
      run_fail (run, g_steal_pointer (&error));
    }
  emit_batch_done (self, call->batch);
  g_free (call);
  send_more_later (task);
}

static void
batch_recorded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  BatchCall *call = user_data;
  EoMdmPusher *self = g_task_get_source_object (call->task);
  Run *run = g_task_get_task_data (call->task);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GError *error = NULL;
  GPtrArray *entries;

  call->batch = eo_push_journal_record_batch_finish (EO_PUSH_JOURNAL (source), result, &error);
  if (call->batch == 0)
    {
      g_autoptr(GTask) task = call->task;

      run->n_active--;
      run_fail (run, error);
      g_free (call);
      run_maybe_done (task);
      return;
    }
  /* The crash test: recorded, never sent. */
  if (g_strcmp0 (g_getenv (EO_TEST_JAMF_DIE_AFTER_JOURNAL), "1") == 0)
    raise (SIGKILL);

  entries = eo_push_journal_batch_entries (self->journal, call->batch);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (ids, ((EoPushEntry *) g_ptr_array_index (entries, i))->management_id);
  g_ptr_array_add (ids, NULL);
  eo_mdm_connector_push_async (self->connector, eo_push_journal_get_server_url (self->journal),
                               (const char * const *) ids->pdata, g_task_get_cancellable (call->task),
                               batch_pushed_cb, call);
}

/* Recorded on the journal's writer first; sent once on disk. */
static void
send_batch (GTask     *task,
            GPtrArray *entries)
{
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  BatchCall *call = g_new0 (BatchCall, 1);

  call->task = g_object_ref (task);
  call->n = entries->len;
  run->n_active++;
  eo_push_journal_record_batch_async (self->journal, entries, batch_recorded_cb, call);
}

static void
send_more (GTask *task)
{
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint size = eo_mdm_connector_get_max_batch (self->connector);

  while (run->error == NULL && run->n_active < EO_MDM_PUSHER_MAX_BATCHES && run->next < run->to_send->len)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();

      while (entries->len < size && run->next < run->to_send->len)
        g_ptr_array_add (entries, g_ptr_array_index (run->to_send, run->next++));
      send_batch (task, entries);
    }
}

static void
choose_and_send (GTask *task)
{
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GPtrArray *entries = eo_push_journal_get_entries (self->journal);

  run->to_send = g_ptr_array_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      if (self->only != NULL && g_strcmp0 (entry->management_id, self->only) != 0)
        continue;
      if (entry->batch == 0 ||
          (run->again && (entry->state == EO_MDM_COMMAND_NOT_NOW || entry->state == EO_MDM_COMMAND_ERROR)))
        g_ptr_array_add (run->to_send, entry);
    }
  send_more (task);
  run_maybe_done (task);
}

/* With --again: the states of the commands sent, to know which failed;
 * read a batch at a time (5 at once), each answer applied on its own, and
 * only for the batches with a phone not known to have acknowledged. */

static void read_more_states (GTask *task);

typedef struct
{
  GTask *task;
  guint  batch;
} StatesRead;

static void
states_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  StatesRead *read = user_data;
  g_autoptr(GTask) task = read->task;
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = eo_mdm_connector_read_commands_finish (EO_MDM_CONNECTOR (source), result, &error);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_free (read);
  run->n_lookups--;
  if (commands == NULL)
    run_fail (run, g_steal_pointer (&error));
  for (guint i = 0; commands != NULL && i < commands->len; i++)
    {
      EoMdmCommand *command = g_ptr_array_index (commands, i);
      EoPushEntry *entry = eo_push_journal_lookup (self->journal, command->management_id);

      if (entry != NULL && entry->batch != 0 && entry->state != command->state &&
          eo_push_journal_command_batch (self->journal, command->command_id) == entry->batch)
        {
          entry->state = command->state;
          g_ptr_array_add (changed, entry);
        }
    }
  if (changed->len > 0)
    g_signal_emit (self, signals[BATCH_DONE], 0, changed);
  read_more_states (task);
}

static gboolean
entry_not_acknowledged (const EoPushEntry *entry)
{
  return entry->state != EO_MDM_COMMAND_ACKNOWLEDGED;
}

static void
read_more_states (GTask *task)
{
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  guint n_batches = eo_push_journal_get_n_batches (self->journal);

  while (run->error == NULL && run->n_lookups < EO_MDM_PUSHER_MAX_BATCHES && run->next_state <= n_batches)
    {
      guint batch = run->next_state++;
      GPtrArray *commands = eo_push_journal_batch_commands (self->journal, batch);
      g_autoptr(GPtrArray) ids = NULL;
      StatesRead *read;

      if (commands == NULL || commands->len == 0 || !eo_push_journal_batch_any (self->journal, batch, entry_not_acknowledged))
        continue;
      ids = g_ptr_array_new_full (commands->len + 1, NULL);
      for (guint i = 0; i < commands->len; i++)
        g_ptr_array_add (ids, g_ptr_array_index (commands, i));
      g_ptr_array_add (ids, NULL);
      read = g_new0 (StatesRead, 1);
      read->task = g_object_ref (task);
      read->batch = batch;
      run->n_lookups++;
      eo_mdm_connector_read_commands_async (self->connector, (const char * const *) ids->pdata,
                                            g_task_get_cancellable (task), states_read_cb, read);
    }
  if (run->n_lookups > 0 || run->states_read)
    return;
  run->states_read = TRUE;
  if (run->error != NULL)
    g_task_return_error (task, g_steal_pointer (&run->error));
  else
    choose_and_send (task);
}

static void
read_states (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  run->next_state = 1;
  read_more_states (task);
}

static void
after_recovery (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  if (run->error != NULL)
    run_maybe_done (task);
  else if (run->again)
    read_states (task);
  else
    choose_and_send (task);
}

/* Recovery: what did a batch recorded but never confirmed do? */

typedef struct
{
  GTask     *task;
  guint      batch;
  guint      n_pending;
  GPtrArray *found;    /* command IDs */
  GPtrArray *missing;  /* management IDs */
} Lookup;

static void
lookup_done (Lookup *lookup)
{
  EoMdmPusher *self = g_task_get_source_object (lookup->task);
  Run *run = g_task_get_task_data (lookup->task);
  GError *error = NULL;

  if (run->error == NULL &&
      !eo_push_journal_record_found (self->journal, lookup->batch, lookup->found, lookup->missing, &error))
    run_fail (run, error);
  else
    emit_batch_done (self, lookup->batch);
  run->n_recovered += lookup->found->len;
  run->n_lookups--;
  if (run->n_lookups == 0)
    after_recovery (lookup->task);
  g_object_unref (lookup->task);
  g_ptr_array_unref (lookup->found);
  g_ptr_array_unref (lookup->missing);
  g_free (lookup);
}

typedef struct
{
  Lookup *lookup;
  char   *management_id;
} DeviceLookup;

static void
found_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  DeviceLookup *one = user_data;
  Lookup *lookup = one->lookup;
  EoMdmPusher *self = g_task_get_source_object (lookup->task);
  Run *run = g_task_get_task_data (lookup->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = eo_mdm_connector_find_commands_finish (EO_MDM_CONNECTOR (source), result, &error);
  gint64 since = eo_push_journal_batch_time (self->journal, lookup->batch) - CLOCK_SLACK_S;
  EoMdmCommand *newest = NULL;

  for (guint i = 0; commands != NULL && i < commands->len; i++)
    {
      EoMdmCommand *command = g_ptr_array_index (commands, i);

      if (command->sent_unix >= since && (newest == NULL || command->sent_unix >= newest->sent_unix))
        newest = command;
    }
  if (commands == NULL)
    run_fail (run, g_steal_pointer (&error));
  else if (newest != NULL)
    g_ptr_array_add (lookup->found, g_strdup (newest->command_id));
  else
    g_ptr_array_add (lookup->missing, g_strdup (one->management_id));
  g_free (one->management_id);
  g_free (one);
  if (--lookup->n_pending == 0)
    lookup_done (lookup);
}

static void
recover (GTask *task)
{
  EoMdmPusher *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  for (guint b = 1; b <= eo_push_journal_get_n_batches (self->journal); b++)
    {
      GPtrArray *entries;
      Lookup *lookup;

      if (eo_push_journal_batch_state (self->journal, b) != EO_PUSH_BATCH_RECORDED)
        continue;
      entries = eo_push_journal_batch_entries (self->journal, b);
      lookup = g_new0 (Lookup, 1);
      lookup->task = g_object_ref (task);
      lookup->batch = b;
      lookup->found = g_ptr_array_new_with_free_func (g_free);
      lookup->missing = g_ptr_array_new_with_free_func (g_free);
      lookup->n_pending = entries->len;
      run->n_lookups++;
      if (entries->len == 0)
        {
          lookup_done (lookup);
          continue;
        }
      for (guint i = 0; i < entries->len; i++)
        {
          DeviceLookup *one = g_new0 (DeviceLookup, 1);

          one->lookup = lookup;
          one->management_id = g_strdup (((EoPushEntry *) g_ptr_array_index (entries, i))->management_id);
          eo_mdm_connector_find_commands_async (self->connector, one->management_id,
                                                g_task_get_cancellable (task), found_cb, one);
        }
    }
  if (run->n_lookups == 0)
    after_recovery (task);
}

/* GObject */

static void
eo_mdm_pusher_finalize (GObject *object)
{
  EoMdmPusher *self = EO_MDM_PUSHER (object);

  g_clear_object (&self->connector);
  g_clear_object (&self->journal);
  g_free (self->only);
  G_OBJECT_CLASS (eo_mdm_pusher_parent_class)->finalize (object);
}

static void
eo_mdm_pusher_class_init (EoMdmPusherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eo_mdm_pusher_finalize;

  signals[BATCH_DONE] = g_signal_new ("batch-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
eo_mdm_pusher_init (EoMdmPusher *self)
{
}

/* Public API */

EoMdmPusher *
eo_mdm_pusher_new (EoMdmConnector *connector,
                   EoPushJournal  *journal)
{
  EoMdmPusher *self;

  g_return_val_if_fail (EO_IS_MDM_CONNECTOR (connector), NULL);
  g_return_val_if_fail (EO_IS_PUSH_JOURNAL (journal), NULL);

  self = g_object_new (EO_TYPE_MDM_PUSHER, NULL);
  self->connector = g_object_ref (connector);
  self->journal = g_object_ref (journal);
  return self;
}

void
eo_mdm_pusher_run_async (EoMdmPusher         *self,
                         gboolean             again,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Run *run = g_new0 (Run, 1);

  g_return_if_fail (EO_IS_MDM_PUSHER (self));
  g_return_if_fail (eo_push_journal_get_server_url (self->journal) != NULL);

  g_task_set_source_tag (task, eo_mdm_pusher_run_async);
  run->again = again;
  g_task_set_task_data (task, run, run_free);
  recover (task);
}

gboolean
eo_mdm_pusher_run_finish (EoMdmPusher   *self,
                          GAsyncResult  *result,
                          guint         *n_sent,
                          guint         *n_recovered,
                          GError       **error)
{
  Run *run;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  run = g_task_get_task_data (G_TASK (result));
  if (n_sent != NULL)
    *n_sent = run->n_sent;
  if (n_recovered != NULL)
    *n_recovered = run->n_recovered;
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
eo_mdm_pusher_set_only (EoMdmPusher *self,
                        const char  *management_id)
{
  g_return_if_fail (EO_IS_MDM_PUSHER (self));
  g_free (self->only);
  self->only = g_strdup (management_id);
}
