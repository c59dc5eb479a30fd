/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-mdm-follower"

#include "config.h"

#include "eo-mdm-follower.h"

/* The reads of one round in flight at once (the connector keeps to its
 * own limit of connections: more would only wait in its queue). */
#define READS_IN_FLIGHT 5
/* Longest slice of applying an inventory read on the main loop. */
#define INVENTORY_SLICE_US 5000

/* What is still to read of one batch: NULL before its first read (every
 * command of the batch, if one of its phones has not answered). */
typedef struct
{
  GPtrArray *ids;     /* char *, owned */
  gboolean   done;    /* nothing left to read */
} BatchFollow;

struct _EoMdmFollower
{
  GObject         parent_instance;

  EoMdmConnector *connector;
  EoPushJournal  *journal;
  GCancellable   *cancellable;

  guint           first_ms;
  guint           max_ms;
  guint           interval_ms;
  gboolean        follow_inventory;
  gboolean        once;
  guint           inventory_ms;

  /* The batches followed (those recorded when it started), batch N at
   * N - 1: a round reads them one request at a time, so that each answer
   * is applied on its own (a hundred commands), never the whole upload's
   * in one callback. */
  GArray         *batches;        /* BatchFollow */
  guint           n_open;         /* batches not done */
  guint           cursor;         /* the round's next batch (from 1) */
  guint           n_in_flight;
  gboolean        filling;
  gboolean        round_changed;

  /* An inventory read, applied in slices. */
  GPtrArray      *inventory;      /* EoMdmDevice */
  guint           inventory_next;
  guint           slice_source;

  guint           source;
  gboolean        reading;
  gboolean        started;
  gboolean        finished;
  GError         *error;
  guint           n_reads;
};

enum
{
  CHANGED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (EoMdmFollower, eo_mdm_follower, G_TYPE_OBJECT)

static void schedule (EoMdmFollower *self, guint delay_ms);
static void read_more (EoMdmFollower *self);

static void
finish (EoMdmFollower *self,
        GError        *error)
{
  if (self->finished)
    {
      g_clear_error (&error);
      return;
    }
  self->finished = TRUE;
  self->error = error;
  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_handle_id (&self->slice_source, g_source_remove);
  g_signal_emit (self, signals[FINISHED], 0, self->error);
}

static void
batch_follow_clear (gpointer data)
{
  BatchFollow *follow = data;

  g_clear_pointer (&follow->ids, g_ptr_array_unref);
}

static void
batch_done (EoMdmFollower *self,
            BatchFollow   *follow)
{
  if (follow->done)
    return;
  follow->done = TRUE;
  g_clear_pointer (&follow->ids, g_ptr_array_unref);
  self->n_open--;
}

/* A phone that has not answered (looked at once per batch and follow-up). */
static gboolean
entry_pending (const EoPushEntry *entry)
{
  return !eo_mdm_command_state_is_final (entry->state);
}

/* The command IDs to read of batch @batch now (owned), or NULL: none. */
static GPtrArray *
batch_ids (EoMdmFollower *self,
           guint          batch)
{
  BatchFollow *follow = &g_array_index (self->batches, BatchFollow, batch - 1);
  GPtrArray *source = follow->ids;
  GPtrArray *ids;

  if (follow->done)
    return NULL;
  if (source == NULL)
    source = eo_push_journal_batch_any (self->journal, batch, entry_pending) ? eo_push_journal_batch_commands (self->journal, batch) : NULL;
  if (source == NULL || source->len == 0)
    {
      batch_done (self, follow);
      return NULL;
    }
  ids = g_ptr_array_new_full (source->len + 1, g_free);
  for (guint i = 0; i < source->len; i++)
    g_ptr_array_add (ids, g_strdup (g_ptr_array_index (source, i)));
  return ids;
}

static gboolean
waiting_for_inventory (EoMdmFollower *self)
{
  GPtrArray *entries = eo_push_journal_get_entries (self->journal);

  if (!self->follow_inventory)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      if (entry->batch != 0 && entry->state == EO_MDM_COMMAND_ACKNOWLEDGED && !entry->installed &&
          entry->iccid != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The inventory */

static void inventory_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
read_inventory (EoMdmFollower *self)
{
  self->reading = TRUE;
  eo_mdm_connector_list_devices_async (self->connector, NULL, NULL, self->cancellable,
                                       inventory_cb, g_object_ref (self));
}

static void
inventory_applied (EoMdmFollower *self)
{
  self->reading = FALSE;
  g_clear_pointer (&self->inventory, g_ptr_array_unref);
  if (self->once || !waiting_for_inventory (self))
    finish (self, NULL);
  else
    schedule (self, self->inventory_ms);
}

/* One slice of the inventory read: the phones whose ICCID showed. */
static gboolean
inventory_slice_cb (gpointer user_data)
{
  /* A handler of "changed" may drop it. */
  g_autoptr(EoMdmFollower) self = g_object_ref (user_data);
  gint64 deadline = g_get_monotonic_time () + INVENTORY_SLICE_US;
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  self->slice_source = 0;
  while (self->inventory_next < self->inventory->len &&
         ((self->inventory_next & 63) != 0 || g_get_monotonic_time () < deadline))
    {
      EoMdmDevice *device = g_ptr_array_index (self->inventory, self->inventory_next++);
      EoPushEntry *entry = eo_push_journal_lookup (self->journal, device->management_id);

      if (entry != NULL && !entry->installed && entry->state == EO_MDM_COMMAND_ACKNOWLEDGED &&
          eo_mdm_device_has_iccid (device, entry->iccid))
        {
          entry->installed = TRUE;
          g_ptr_array_add (changed, entry);
        }
    }
  if (changed->len > 0)
    g_signal_emit (self, signals[CHANGED], 0, changed);
  if (self->finished)
    return G_SOURCE_REMOVE;
  if (self->inventory_next < self->inventory->len)
    self->slice_source = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 10, 1, inventory_slice_cb, self, NULL);
  else
    inventory_applied (self);
  return G_SOURCE_REMOVE;
}

static void
inventory_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EoMdmFollower) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (source), result, &error);

  if (devices == NULL)
    {
      self->reading = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      return;
    }
  self->n_reads++;
  if (self->finished)
    {
      g_ptr_array_unref (devices);
      return;
    }
  self->inventory = devices;
  self->inventory_next = 0;
  inventory_slice_cb (self);
}

/* The commands */

/* Applies one answer: the entries whose command or state changed go to
 * @changed; the IDs done with (final, or not ours) to @dropped. */
static void
apply_commands (EoMdmFollower *self,
                GPtrArray     *commands,
                GPtrArray     *changed,
                GHashTable    *dropped)
{
  for (guint i = 0; i < commands->len; i++)
    {
      EoMdmCommand *command = g_ptr_array_index (commands, i);
      EoPushEntry *entry = eo_push_journal_lookup (self->journal, command->management_id);
      guint batch = eo_push_journal_command_batch (self->journal, command->command_id);

      /* A command of an earlier round, or of another device: not ours now. */
      if (entry == NULL || batch == 0 || entry->batch != batch)
        {
          g_hash_table_add (dropped, command->command_id);
          continue;
        }
      if (g_strcmp0 (entry->command_id, command->command_id) != 0 || entry->state != command->state)
        {
          g_free (entry->command_id);
          entry->command_id = g_strdup (command->command_id);
          entry->state = command->state;
          g_free (entry->reason);
          entry->reason = g_strdup (command->reason);
          g_ptr_array_add (changed, entry);
        }
      if (eo_mdm_command_state_is_final (command->state))
        g_hash_table_add (dropped, command->command_id);
    }
}

/* What batch @batch still has to read after an answer. */
static void
batch_keep (EoMdmFollower *self,
            guint          batch,
            GPtrArray     *asked,
            GHashTable    *dropped)
{
  BatchFollow *follow = &g_array_index (self->batches, BatchFollow, batch - 1);
  GPtrArray *left = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < asked->len; i++)
    if (!g_hash_table_contains (dropped, g_ptr_array_index (asked, i)))
      g_ptr_array_add (left, g_strdup (g_ptr_array_index (asked, i)));
  g_clear_pointer (&follow->ids, g_ptr_array_unref);
  follow->ids = left;
  if (left->len == 0)
    batch_done (self, follow);
}

/* Every batch of the round read: what next. */
static void
round_done (EoMdmFollower *self)
{
  self->reading = FALSE;
  self->n_reads++;
  if (self->once && waiting_for_inventory (self))
    read_inventory (self);
  else if (self->once)
    finish (self, NULL);
  else if (self->n_open > 0)
    {
      self->interval_ms = self->round_changed ? self->first_ms : MIN (self->interval_ms * 2, self->max_ms);
      schedule (self, self->interval_ms);
    }
  else if (waiting_for_inventory (self))
    schedule (self, 0);
  else
    finish (self, NULL);
}

typedef struct
{
  EoMdmFollower *self;
  guint          batch;
  GPtrArray     *ids;   /* what was asked, NULL-ended */
} BatchRead;

static void
commands_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  BatchRead *read = user_data;
  g_autoptr(EoMdmFollower) self = read->self;
  g_autoptr(GPtrArray) ids = read->ids;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = eo_mdm_connector_read_commands_finish (EO_MDM_CONNECTOR (source), result, &error);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  g_autoptr(GHashTable) dropped = g_hash_table_new (g_str_hash, g_str_equal);
  guint batch = read->batch;

  g_free (read);
  self->n_in_flight--;
  if (self->finished)
    return;
  if (commands == NULL)
    {
      self->reading = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      return;
    }
  apply_commands (self, commands, changed, dropped);
  g_ptr_array_set_size (ids, ids->len - 1);  /* the NULL */
  batch_keep (self, batch, ids, dropped);
  if (changed->len > 0)
    {
      self->round_changed = TRUE;
      g_signal_emit (self, signals[CHANGED], 0, changed);
    }
  if (!self->finished)
    read_more (self);
}

/* Keeps READS_IN_FLIGHT batches of the round being read; the round is
 * done once every batch was read or had nothing to read. */
static void
read_more (EoMdmFollower *self)
{
  guint n_batches = self->batches->len;

  if (self->filling)
    return;
  self->filling = TRUE;
  while (!self->finished && self->n_in_flight < READS_IN_FLIGHT && self->cursor <= n_batches)
    {
      guint batch = self->cursor++;
      GPtrArray *ids = batch_ids (self, batch);
      BatchRead *read;

      if (ids == NULL)
        continue;
      g_ptr_array_add (ids, NULL);
      read = g_new0 (BatchRead, 1);
      read->self = g_object_ref (self);
      read->batch = batch;
      read->ids = ids;
      self->n_in_flight++;
      eo_mdm_connector_read_commands_async (self->connector, (const char * const *) ids->pdata,
                                            self->cancellable, commands_cb, read);
    }
  self->filling = FALSE;
  if (!self->finished && self->reading && self->n_in_flight == 0 && self->cursor > n_batches)
    round_done (self);
}

static void
read_now (EoMdmFollower *self)
{
  if (self->reading || self->finished)
    return;
  if (self->n_open == 0)
    {
      if (!waiting_for_inventory (self))
        finish (self, NULL);
      else
        read_inventory (self);
      return;
    }
  self->reading = TRUE;
  self->round_changed = FALSE;
  self->cursor = 1;
  read_more (self);
}

static gboolean
tick_cb (gpointer user_data)
{
  EoMdmFollower *self = user_data;

  self->source = 0;
  read_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (EoMdmFollower *self,
          guint          delay_ms)
{
  g_clear_handle_id (&self->source, g_source_remove);
  self->source = g_timeout_add (delay_ms, tick_cb, self);
}

/* GObject */

static void
eo_mdm_follower_dispose (GObject *object)
{
  EoMdmFollower *self = EO_MDM_FOLLOWER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_handle_id (&self->slice_source, g_source_remove);
  G_OBJECT_CLASS (eo_mdm_follower_parent_class)->dispose (object);
}

static void
eo_mdm_follower_finalize (GObject *object)
{
  EoMdmFollower *self = EO_MDM_FOLLOWER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->connector);
  g_clear_object (&self->journal);
  g_array_unref (self->batches);
  g_clear_pointer (&self->inventory, g_ptr_array_unref);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (eo_mdm_follower_parent_class)->finalize (object);
}

static void
eo_mdm_follower_class_init (EoMdmFollowerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_mdm_follower_dispose;
  object_class->finalize = eo_mdm_follower_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
eo_mdm_follower_init (EoMdmFollower *self)
{
  self->cancellable = g_cancellable_new ();
  self->batches = g_array_new (FALSE, TRUE, sizeof (BatchFollow));
  g_array_set_clear_func (self->batches, batch_follow_clear);
  self->first_ms = EO_MDM_FOLLOWER_FIRST_INTERVAL_MS;
  self->max_ms = EO_MDM_FOLLOWER_MAX_INTERVAL_MS;
  self->inventory_ms = EO_MDM_FOLLOWER_INVENTORY_MS;
}

/* Public API */

EoMdmFollower *
eo_mdm_follower_new (EoMdmConnector *connector,
                     EoPushJournal  *journal)
{
  EoMdmFollower *self;

  g_return_val_if_fail (EO_IS_MDM_CONNECTOR (connector), NULL);
  g_return_val_if_fail (EO_IS_PUSH_JOURNAL (journal), NULL);

  self = g_object_new (EO_TYPE_MDM_FOLLOWER, NULL);
  self->connector = g_object_ref (connector);
  self->journal = g_object_ref (journal);
  return self;
}

void
eo_mdm_follower_set_intervals (EoMdmFollower *self,
                               guint          first_ms,
                               guint          max_ms)
{
  g_return_if_fail (EO_IS_MDM_FOLLOWER (self));
  self->first_ms = MAX (first_ms, 1);
  self->max_ms = MAX (max_ms, self->first_ms);
}

void
eo_mdm_follower_set_inventory (EoMdmFollower *self,
                               gboolean       follow,
                               guint          interval_ms)
{
  g_return_if_fail (EO_IS_MDM_FOLLOWER (self));
  self->follow_inventory = follow;
  self->inventory_ms = interval_ms > 0 ? interval_ms : EO_MDM_FOLLOWER_INVENTORY_MS;
}

void
eo_mdm_follower_set_once (EoMdmFollower *self,
                          gboolean       once)
{
  g_return_if_fail (EO_IS_MDM_FOLLOWER (self));
  self->once = once;
}

void
eo_mdm_follower_start (EoMdmFollower *self)
{
  g_return_if_fail (EO_IS_MDM_FOLLOWER (self));
  if (self->started)
    return;
  self->started = TRUE;
  self->interval_ms = self->first_ms;
  /* Each batch's commands are looked at when its turn comes. */
  g_array_set_size (self->batches, eo_push_journal_get_n_batches (self->journal));
  self->n_open = self->batches->len;
  read_now (self);
}

void
eo_mdm_follower_stop (EoMdmFollower *self)
{
  g_return_if_fail (EO_IS_MDM_FOLLOWER (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->source, g_source_remove);
  g_clear_handle_id (&self->slice_source, g_source_remove);
}

void
eo_mdm_follower_check_now (EoMdmFollower *self)
{
  g_return_if_fail (EO_IS_MDM_FOLLOWER (self));
  if (self->started && !self->reading && !self->finished)
    schedule (self, 0);
}

gboolean
eo_mdm_follower_is_finished (EoMdmFollower *self)
{
  return self->finished;
}

const GError *
eo_mdm_follower_get_error (EoMdmFollower *self)
{
  return self->error;
}

guint
eo_mdm_follower_count (EoMdmFollower     *self,
                       EoMdmCommandState  state)
{
  GPtrArray *entries = eo_push_journal_get_entries (self->journal);
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      n += entry->batch != 0 && entry->state == state;
    }
  return n;
}

guint
eo_mdm_follower_count_installed (EoMdmFollower *self)
{
  GPtrArray *entries = eo_push_journal_get_entries (self->journal);
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    n += ((EoPushEntry *) g_ptr_array_index (entries, i))->installed;
  return n;
}

guint
eo_mdm_follower_get_n_reads (EoMdmFollower *self)
{
  return self->n_reads;
}
