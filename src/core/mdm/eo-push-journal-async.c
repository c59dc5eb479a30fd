/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-journal"

#include "config.h"

#include "eo-journal-writer.h"
#include "eo-push-journal-private.h"

/* Off the main thread (eo-journal-writer.h): the same lines, in order.
 * The state in memory moves at once; a batch's sending waits for its
 * line to be on disk (record_batch_finish), the lines after a sending
 * are only queued, and a failure to write them is kept for flush. */

static void
batch_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoPushJournal *self = g_task_get_source_object (task);
  guint batch = GPOINTER_TO_UINT (g_task_get_task_data (task));
  GError *error = NULL;

  if (!eo_journal_writer_append_finish (result, &error))
    {
      /* Not on disk: it must not be sent. */
      _eo_push_journal_apply_failed (self, batch);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, batch);
}

void
eo_push_journal_record_batch_async (EoPushJournal       *self,
                                    GPtrArray           *entries,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *line = NULL;
  GTask *task;
  guint number;

  g_return_if_fail (EO_IS_PUSH_JOURNAL (self));

  line = _eo_push_journal_recorded_line (self->batches->len + 1, entries, now);
  number = _eo_push_journal_apply_recorded (self, entries, now);
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, eo_push_journal_record_batch_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (number), NULL);
  eo_journal_writer_append_async (self->path, g_steal_pointer (&line), batch_written_cb, task);
}

guint
eo_push_journal_record_batch_finish (EoPushJournal  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  n = g_task_propagate_int (G_TASK (result), error);
  return n > 0 ? (guint) n : 0;
}

static void
queued_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(EoPushJournal) self = user_data;
  GError *error = NULL;

  if (!eo_journal_writer_append_finish (result, &error))
    {
      if (self->write_error == NULL)
        self->write_error = error;
      else
        g_error_free (error);
    }
}

static void
queue_line (EoPushJournal *self,
            char          *line)
{
  eo_journal_writer_append_async (self->path, line, queued_cb, g_object_ref (self));
}

void
eo_push_journal_queue_found (EoPushJournal *self,
                             guint          batch,
                             GPtrArray     *command_ids,
                             GPtrArray     *missing)
{
  g_return_if_fail (_eo_push_journal_get_batch (self, batch) != NULL);
  queue_line (self, _eo_push_journal_found_line (batch, command_ids, missing));
  _eo_push_journal_apply_found (self, batch, command_ids, missing);
}

void
eo_push_journal_queue_failed (EoPushJournal *self,
                              guint          batch,
                              const char    *why)
{
  g_return_if_fail (_eo_push_journal_get_batch (self, batch) != NULL);
  queue_line (self, _eo_push_journal_failed_line (batch, why));
  _eo_push_journal_apply_failed (self, batch);
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoPushJournal *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!eo_journal_writer_append_finish (result, &error))
    g_task_return_error (task, error);
  else if (self->write_error != NULL)
    g_task_return_error (task, g_error_copy (self->write_error));
  else
    g_task_return_boolean (task, TRUE);
}

void
eo_push_journal_flush_async (EoPushJournal       *self,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (EO_IS_PUSH_JOURNAL (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, eo_push_journal_flush_async);
  /* Behind every line queued: an empty one is only an fsync. */
  eo_journal_writer_append_async (self->path, g_strdup (""), flushed_cb, task);
}

gboolean
eo_push_journal_flush_finish (EoPushJournal  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
