/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-session"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-mdm-follower.h"
#include "eo-mdm-pusher.h"
#include "eo-push-session.h"
#include "eo-push-targets.h"

struct _EoPushSession
{
  GObject         parent_instance;

  EoUploadRecord *record;
  EoPushJournal  *journal;
  EoPhoneStates  *states;
  EoMdmConnector *connector;
  EoMdmFollower  *follower;
  GPtrArray      *unmatched;
  char           *error;
  gboolean        pushing;
  gboolean        final_said;
  /* What an earlier run sent, told to the states a slice at a time. */
  guint           told_next;
  guint           tell_source;
  /* The devices Jamf Pro lacks, told the same way. */
  guint           unmatched_next;
  guint           unmatched_source;

  guint           first_ms;
  guint           max_ms;
  guint           inventory_ms;
};

G_DEFINE_FINAL_TYPE (EoPushSession, eo_push_session, G_TYPE_OBJECT)

/* Entries of a journal read back told to the states per main-loop
 * iteration (100,000 at once were one long callback at start). */
#define TELL_SLICE 2000

enum
{
  CHANGED,
  ALL_FINAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (EoPushSession *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
  /* Not before every entry read back was told. */
  if (!self->final_said && self->tell_source == 0 && eo_phone_states_all_final (self->states))
    {
      self->final_said = TRUE;
      g_signal_emit (self, signals[ALL_FINAL], 0);
    }
}

/* What an earlier run sent: waiting until read back. */
static gboolean
tell_slice_cb (gpointer user_data)
{
  EoPushSession *self = user_data;
  GPtrArray *entries = eo_push_journal_get_entries (self->journal);
  guint end = MIN (self->told_next + TELL_SLICE, entries->len);
  g_autoptr(GPtrArray) slice = g_ptr_array_new_full (end - self->told_next, NULL);

  for (guint i = self->told_next; i < end; i++)
    g_ptr_array_add (slice, g_ptr_array_index (entries, i));
  self->told_next = end;
  eo_phone_states_update (self->states, slice);
  self->tell_source = 0;
  if (end < entries->len)
    self->tell_source = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 10, 1, tell_slice_cb, self, NULL);
  emit_changed (self);
  return G_SOURCE_REMOVE;
}

/* The next TELL_SLICE devices Jamf Pro lacks: TRUE while more are left. */
static gboolean
tell_unmatched (EoPushSession *self)
{
  guint end = MIN (self->unmatched_next + TELL_SLICE, self->unmatched->len);
  g_autoptr(GPtrArray) eids = g_ptr_array_new_full (end - self->unmatched_next, NULL);

  for (guint i = self->unmatched_next; i < end; i++)
    g_ptr_array_add (eids, (gpointer) eo_device_get_eid (g_ptr_array_index (self->unmatched, i)));
  self->unmatched_next = end;
  eo_phone_states_add_not_in_mdm (self->states, eids);
  return end < self->unmatched->len;
}

static gboolean
unmatched_slice_cb (gpointer user_data)
{
  EoPushSession *self = user_data;

  self->unmatched_source = 0;
  if (tell_unmatched (self))
    self->unmatched_source = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 10, 1, unmatched_slice_cb, self, NULL);
  emit_changed (self);
  return G_SOURCE_REMOVE;
}

/* Following */

static void
follower_changed_cb (EoMdmFollower *follower,
                     GPtrArray     *entries,
                     EoPushSession *self)
{
  eo_phone_states_update (self->states, entries);
  emit_changed (self);
}

static void
drop_follower (EoPushSession *self)
{
  if (self->follower == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->follower, self);
  eo_mdm_follower_stop (self->follower);
  g_clear_object (&self->follower);
}

static void
follower_finished_cb (EoMdmFollower *follower,
                      const GError  *error,
                      EoPushSession *self)
{
  g_clear_pointer (&self->error, g_free);
  if (error != NULL)
    self->error = g_strdup (error->message);
  drop_follower (self);
  emit_changed (self);
}

/* GObject */

static void
eo_push_session_dispose (GObject *object)
{
  EoPushSession *self = EO_PUSH_SESSION (object);

  drop_follower (self);
  g_clear_handle_id (&self->tell_source, g_source_remove);
  g_clear_handle_id (&self->unmatched_source, g_source_remove);
  G_OBJECT_CLASS (eo_push_session_parent_class)->dispose (object);
}

static void
eo_push_session_finalize (GObject *object)
{
  EoPushSession *self = EO_PUSH_SESSION (object);

  g_clear_object (&self->record);
  g_clear_object (&self->journal);
  g_clear_object (&self->states);
  g_clear_object (&self->connector);
  g_clear_pointer (&self->unmatched, g_ptr_array_unref);
  g_free (self->error);
  G_OBJECT_CLASS (eo_push_session_parent_class)->finalize (object);
}

static void
eo_push_session_class_init (EoPushSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_push_session_dispose;
  object_class->finalize = eo_push_session_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ALL_FINAL] = g_signal_new ("all-final", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
eo_push_session_init (EoPushSession *self)
{
  self->states = eo_phone_states_new ();
  self->unmatched = g_ptr_array_new_with_free_func (g_object_unref);
  self->first_ms = EO_MDM_FOLLOWER_FIRST_INTERVAL_MS;
  self->max_ms = EO_MDM_FOLLOWER_MAX_INTERVAL_MS;
  self->inventory_ms = EO_MDM_FOLLOWER_INVENTORY_MS;
}

/* Public API */

EoPushSession *
eo_push_session_new (EoUploadRecord *record,
                     EoPushJournal  *journal)
{
  EoPushSession *self;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);
  g_return_val_if_fail (EO_IS_PUSH_JOURNAL (journal), NULL);

  self = g_object_new (EO_TYPE_PUSH_SESSION, NULL);
  self->record = g_object_ref (record);
  self->journal = g_object_ref (journal);
  if (eo_push_journal_get_entries (journal)->len > 0)
    self->tell_source = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 10, 1, tell_slice_cb, self, NULL);
  return self;
}

EoUploadRecord *
eo_push_session_get_record (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), NULL);
  return self->record;
}

EoPushJournal *
eo_push_session_get_journal (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), NULL);
  return self->journal;
}

EoPhoneStates *
eo_push_session_get_states (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), NULL);
  return self->states;
}

void
eo_push_session_set_connector (EoPushSession  *self,
                               EoMdmConnector *connector)
{
  g_return_if_fail (EO_IS_PUSH_SESSION (self));
  g_set_object (&self->connector, connector);
}

EoMdmConnector *
eo_push_session_get_connector (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), NULL);
  return self->connector;
}

void
eo_push_session_set_intervals (EoPushSession *self,
                               guint          first_ms,
                               guint          max_ms,
                               guint          inventory_ms)
{
  g_return_if_fail (EO_IS_PUSH_SESSION (self));
  self->first_ms = first_ms;
  self->max_ms = max_ms;
  self->inventory_ms = inventory_ms;
}

/* Targets: the record's devices walked in slices (eo-push-targets.h), the
 * inventory's index made on a worker. */

static void
targets_added_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoPushSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!eo_push_targets_add_finish (EO_UPLOAD_RECORD (source), result, NULL, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The first slice now, the rest a slice per main-loop iteration. */
  self->unmatched_next = 0;
  if (tell_unmatched (self))
    self->unmatched_source = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 10, 1, unmatched_slice_cb, self, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
add_targets (GTask      *task,
             GHashTable *by_eid)
{
  EoPushSession *self = g_task_get_source_object (task);

  g_clear_handle_id (&self->unmatched_source, g_source_remove);
  g_ptr_array_set_size (self->unmatched, 0);
  eo_push_targets_add_async (self->record, by_eid, self->journal, self->unmatched, g_task_get_cancellable (task),
                             targets_added_cb, g_object_ref (task));
}

static void
indexed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) by_eid = eo_push_targets_index_by_eid_finish (result, &error);

  if (by_eid == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    add_targets (task, by_eid);
}

static void
inventory_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (source), result, &error);

  if (devices == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  eo_push_targets_index_by_eid_async (devices, g_task_get_cancellable (task), indexed_cb, g_object_ref (task));
}

static void
need_inventory_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoPushSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gboolean need = FALSE;

  if (!eo_push_targets_need_inventory_finish (EO_UPLOAD_RECORD (source), result, &need, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!need)
    add_targets (task, NULL);
  else
    eo_mdm_connector_list_devices_async (self->connector, NULL, NULL, g_task_get_cancellable (task),
                                         inventory_read_cb, g_object_ref (task));
}

void
eo_push_session_add_targets_async (EoPushSession       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (EO_IS_PUSH_SESSION (self));
  g_return_if_fail (self->connector != NULL);

  g_task_set_source_tag (task, eo_push_session_add_targets_async);
  eo_push_targets_need_inventory_async (self->record, cancellable, need_inventory_cb, g_steal_pointer (&task));
}

gboolean
eo_push_session_add_targets_finish (EoPushSession  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

EoPushEntry *
eo_push_session_find_entry (EoPushSession *self,
                            const char    *eid)
{
  GPtrArray *entries;

  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), NULL);

  entries = eo_push_journal_get_entries (self->journal);
  for (guint i = 0; eid != NULL && i < entries->len; i++)
    if (g_strcmp0 (((EoPushEntry *) g_ptr_array_index (entries, i))->eid, eid) == 0)
      return g_ptr_array_index (entries, i);
  return NULL;
}

GPtrArray *
eo_push_session_get_unmatched (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), NULL);
  return self->unmatched;
}

guint
eo_push_session_count_unsent (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), 0);
  return eo_push_journal_count_unsent (self->journal);
}

guint
eo_push_session_count_retryable (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), 0);
  return eo_phone_states_count (self->states, EO_PHONE_STATE_NOT_NOW) +
         eo_phone_states_count (self->states, EO_PHONE_STATE_ERROR);
}

/* Pushing */

static void
batch_done_cb (EoMdmPusher   *pusher,
               GPtrArray     *entries,
               EoPushSession *self)
{
  /* What was sent now waits: a batch at a time. */
  eo_phone_states_update (self->states, entries);
  emit_changed (self);
}

static void
pushed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoPushSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  guint n_sent = 0;
  gboolean ok = eo_mdm_pusher_run_finish (EO_MDM_PUSHER (source), result, &n_sent, NULL, &error);

  self->pushing = FALSE;
  g_signal_handlers_disconnect_by_data (source, self);
  /* The follower learns the rest. */
  if (n_sent > 0)
    self->final_said = FALSE;
  drop_follower (self);
  eo_push_session_follow (self);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n_sent);
}

void
eo_push_session_push_async (EoPushSession       *self,
                            gboolean             again,
                            const char          *only,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(EoMdmPusher) pusher = NULL;

  g_return_if_fail (EO_IS_PUSH_SESSION (self));
  g_return_if_fail (self->connector != NULL);

  g_task_set_source_tag (task, eo_push_session_push_async);
  if (self->pushing)
    {
      g_task_return_int (task, 0);
      return;
    }
  self->pushing = TRUE;
  pusher = eo_mdm_pusher_new (self->connector, self->journal);
  eo_mdm_pusher_set_only (pusher, only);
  g_signal_connect (pusher, "batch-done", G_CALLBACK (batch_done_cb), self);
  eo_mdm_pusher_run_async (pusher, again, cancellable, pushed_cb, g_steal_pointer (&task));
  emit_changed (self);
}

gboolean
eo_push_session_push_finish (EoPushSession  *self,
                             GAsyncResult   *result,
                             guint          *n_sent,
                             GError        **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  n = g_task_propagate_int (G_TASK (result), error);
  if (n_sent != NULL)
    *n_sent = n > 0 ? (guint) n : 0;
  return n >= 0;
}

gboolean
eo_push_session_is_pushing (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), FALSE);
  return self->pushing;
}

void
eo_push_session_follow (EoPushSession *self)
{
  g_autoptr(EoMdmFollower) follower = NULL;

  g_return_if_fail (EO_IS_PUSH_SESSION (self));

  if (self->follower != NULL || self->connector == NULL || eo_push_journal_get_n_batches (self->journal) == 0)
    return;
  g_clear_pointer (&self->error, g_free);
  self->follower = eo_mdm_follower_new (self->connector, self->journal);
  eo_mdm_follower_set_intervals (self->follower, self->first_ms, self->max_ms);
  eo_mdm_follower_set_inventory (self->follower, TRUE, self->inventory_ms);
  g_signal_connect (self->follower, "changed", G_CALLBACK (follower_changed_cb), self);
  g_signal_connect (self->follower, "finished", G_CALLBACK (follower_finished_cb), self);
  /* It may finish at once, and be dropped while it starts. */
  follower = g_object_ref (self->follower);
  eo_mdm_follower_start (follower);
  emit_changed (self);
}

void
eo_push_session_stop (EoPushSession *self)
{
  g_return_if_fail (EO_IS_PUSH_SESSION (self));
  drop_follower (self);
  emit_changed (self);
}

gboolean
eo_push_session_is_following (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), FALSE);
  return self->follower != NULL;
}

void
eo_push_session_check_now (EoPushSession *self)
{
  g_return_if_fail (EO_IS_PUSH_SESSION (self));
  if (self->follower != NULL)
    eo_mdm_follower_check_now (self->follower);
  else
    eo_push_session_follow (self);
}

const char *
eo_push_session_get_error (EoPushSession *self)
{
  g_return_val_if_fail (EO_IS_PUSH_SESSION (self), NULL);
  return self->error;
}
