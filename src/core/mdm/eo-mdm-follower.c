/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-mdm-follower"

#include "config.h"

#include "eo-mdm-follower.h"

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

  GHashTable     *pending;        /* command IDs still to read */
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
  g_signal_emit (self, signals[FINISHED], 0, self->error);
}

/* The commands of the latest batch of every entry, not final yet. */
static void
collect_pending (EoMdmFollower *self)
{
  GPtrArray *entries = eo_push_journal_get_entries (self->journal);
  g_autoptr(GHashTable) batches = g_hash_table_new (NULL, NULL);

  g_hash_table_remove_all (self->pending);
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      if (entry->batch != 0 && !eo_mdm_command_state_is_final (entry->state))
        g_hash_table_add (batches, GUINT_TO_POINTER (entry->batch));
    }
  for (guint b = 1; b <= eo_push_journal_get_n_batches (self->journal); b++)
    {
      GPtrArray *commands = eo_push_journal_batch_commands (self->journal, b);

      if (!g_hash_table_contains (batches, GUINT_TO_POINTER (b)))
        continue;
      for (guint i = 0; commands != NULL && i < commands->len; i++)
        g_hash_table_add (self->pending, g_strdup (g_ptr_array_index (commands, i)));
    }
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

static void
inventory_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EoMdmFollower) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (source), result, &error);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  self->reading = FALSE;
  if (devices == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      return;
    }
  self->n_reads++;
  for (guint i = 0; i < devices->len; i++)
    {
      EoMdmDevice *device = g_ptr_array_index (devices, i);
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
  if (self->once || !waiting_for_inventory (self))
    finish (self, NULL);
  else
    schedule (self, self->inventory_ms);
}

/* Adds the entries whose command or state changed to @changed. */
static void
apply_commands (EoMdmFollower *self,
                GPtrArray     *commands,
                GPtrArray     *changed)
{
  for (guint i = 0; i < commands->len; i++)
    {
      EoMdmCommand *command = g_ptr_array_index (commands, i);
      EoPushEntry *entry = eo_push_journal_lookup (self->journal, command->management_id);
      guint batch = eo_push_journal_command_batch (self->journal, command->command_id);

      /* A command of an earlier round, or of another device: not ours now. */
      if (entry == NULL || batch == 0 || entry->batch != batch)
        {
          g_hash_table_remove (self->pending, command->command_id);
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
        g_hash_table_remove (self->pending, command->command_id);
    }
}

static void
commands_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(EoMdmFollower) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = eo_mdm_connector_read_commands_finish (EO_MDM_CONNECTOR (source), result, &error);
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  self->reading = FALSE;
  if (commands == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        finish (self, g_steal_pointer (&error));
      return;
    }
  self->n_reads++;
  apply_commands (self, commands, changed);
  if (changed->len > 0)
    g_signal_emit (self, signals[CHANGED], 0, changed);

  if (self->once && waiting_for_inventory (self))
    {
      self->reading = TRUE;
      eo_mdm_connector_list_devices_async (self->connector, NULL, NULL, self->cancellable,
                                           inventory_cb, g_object_ref (self));
    }
  else if (self->once)
    finish (self, NULL);
  else if (g_hash_table_size (self->pending) > 0)
    {
      self->interval_ms = changed->len > 0 ? self->first_ms : MIN (self->interval_ms * 2, self->max_ms);
      schedule (self, self->interval_ms);
    }
  else if (waiting_for_inventory (self))
    schedule (self, 0);
  else
    finish (self, NULL);
}

static void
read_now (EoMdmFollower *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  if (self->reading || self->finished)
    return;
  if (g_hash_table_size (self->pending) == 0)
    {
      if (!waiting_for_inventory (self))
        {
          finish (self, NULL);
          return;
        }
      self->reading = TRUE;
      eo_mdm_connector_list_devices_async (self->connector, NULL, NULL, self->cancellable,
                                           inventory_cb, g_object_ref (self));
      return;
    }
  ids = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_add (ids, NULL);
  self->reading = TRUE;
  eo_mdm_connector_read_commands_async (self->connector, (const char * const *) ids->pdata,
                                        self->cancellable, commands_cb, g_object_ref (self));
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
  G_OBJECT_CLASS (eo_mdm_follower_parent_class)->dispose (object);
}

static void
eo_mdm_follower_finalize (GObject *object)
{
  EoMdmFollower *self = EO_MDM_FOLLOWER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->connector);
  g_clear_object (&self->journal);
  g_hash_table_unref (self->pending);
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
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  collect_pending (self);
  read_now (self);
}

void
eo_mdm_follower_stop (EoMdmFollower *self)
{
  g_return_if_fail (EO_IS_MDM_FOLLOWER (self));
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->source, g_source_remove);
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
