/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-journal-writer.h"
#include "eo-push-journal-private.h"

G_DEFINE_FINAL_TYPE (EoPushJournal, eo_push_journal, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  EoPushEntry *entry = data;

  g_free (entry->management_id);
  g_free (entry->eid);
  g_free (entry->iccid);
  g_free (entry->name);
  g_free (entry->command_id);
  g_free (entry->reason);
  g_free (entry);
}

static void
batch_free (gpointer data)
{
  EoPushBatch *batch = data;

  g_ptr_array_unref (batch->entries);
  g_clear_pointer (&batch->commands, g_ptr_array_unref);
  g_free (batch);
}

EoPushBatch *
_eo_push_journal_get_batch (EoPushJournal *self,
                            guint          number)
{
  return number >= 1 && number <= self->batches->len ? g_ptr_array_index (self->batches, number - 1) : NULL;
}

/* Writing at once */

/* Appends one line and flushes it to the disk before returning. */
static gboolean
append_line (EoPushJournal  *self,
             char           *line,
             GError        **error)
{
  g_autofree char *owned = line;

  return eo_journal_write_line (self->path, owned, error);
}

/* Applying events (when written, and when read back) */

static void
apply_commands (EoPushJournal *self,
                guint          number,
                GPtrArray     *commands)
{
  EoPushBatch *batch = _eo_push_journal_get_batch (self, number);

  batch->state = EO_PUSH_BATCH_SENT;
  g_clear_pointer (&batch->commands, g_ptr_array_unref);
  batch->commands = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < commands->len; i++)
    {
      g_ptr_array_add (batch->commands, g_strdup (g_ptr_array_index (commands, i)));
      g_hash_table_replace (self->command_batch, g_strdup (g_ptr_array_index (commands, i)),
                            GUINT_TO_POINTER (number));
    }
}

/* Entries of batch @number whose latest batch it is are unsent again. */
static void
apply_unsent (EoPushJournal *self,
              guint          number,
              GPtrArray     *only)
{
  EoPushBatch *batch = _eo_push_journal_get_batch (self, number);

  for (guint i = 0; i < batch->entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (batch->entries, i);
      gboolean listed = only == NULL;

      for (guint j = 0; only != NULL && j < only->len && !listed; j++)
        listed = g_str_equal (g_ptr_array_index (only, j), entry->management_id);
      if (listed && entry->batch == number)
        {
          entry->batch = 0;
          self->n_unsent++;
        }
    }
}

guint
_eo_push_journal_apply_recorded (EoPushJournal *self,
                                 GPtrArray     *entries,
                                 gint64         time_unix)
{
  EoPushBatch *batch = g_new0 (EoPushBatch, 1);
  guint number;

  batch->state = EO_PUSH_BATCH_RECORDED;
  batch->time_unix = time_unix;
  batch->entries = g_ptr_array_new ();
  g_ptr_array_add (self->batches, batch);
  number = self->batches->len;
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      self->n_unsent -= entry->batch == 0;
      entry->batch = number;
      g_clear_pointer (&entry->command_id, g_free);
      g_clear_pointer (&entry->reason, g_free);
      entry->state = EO_MDM_COMMAND_PENDING;
      entry->installed = FALSE;
      g_ptr_array_add (batch->entries, entry);
    }
  return number;
}

void
_eo_push_journal_apply_found (EoPushJournal *self,
                              guint          batch,
                              GPtrArray     *command_ids,
                              GPtrArray     *missing)
{
  apply_commands (self, batch, command_ids);
  if (missing != NULL && missing->len > 0)
    apply_unsent (self, batch, missing);
}

void
_eo_push_journal_apply_failed (EoPushJournal *self,
                               guint          batch)
{
  _eo_push_journal_get_batch (self, batch)->state = EO_PUSH_BATCH_FAILED;
  apply_unsent (self, batch, NULL);
}

/* GObject */

static void
eo_push_journal_finalize (GObject *object)
{
  EoPushJournal *self = EO_PUSH_JOURNAL (object);

  g_ptr_array_unref (self->batches);
  g_hash_table_unref (self->command_batch);
  g_hash_table_unref (self->by_management);
  g_ptr_array_unref (self->entries);
  g_free (self->path);
  g_free (self->upload_id);
  g_free (self->mdm_url);
  g_free (self->server_url);
  g_clear_error (&self->write_error);

  G_OBJECT_CLASS (eo_push_journal_parent_class)->finalize (object);
}

static void
eo_push_journal_class_init (EoPushJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eo_push_journal_finalize;
}

static void
eo_push_journal_init (EoPushJournal *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_management = g_hash_table_new (g_str_hash, g_str_equal);
  self->batches = g_ptr_array_new_with_free_func (batch_free);
  self->command_batch = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Public API */

char *
eo_push_journal_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "esim-onboard", "pushes", NULL);
}

EoPushJournal *
eo_push_journal_open (const char  *dir,
                      const char  *upload_id,
                      GError     **error)
{
  g_autoptr(EoPushJournal) self = g_object_new (EO_TYPE_PUSH_JOURNAL, NULL);
  g_autofree char *default_dir = dir == NULL ? eo_push_journal_default_dir () : NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (upload_id != NULL && *upload_id != '\0' && strchr (upload_id, '/') == NULL &&
                        upload_id[0] != '.', NULL);

  name = g_strconcat (upload_id, ".jsonl", NULL);
  self->upload_id = g_strdup (upload_id);
  self->path = g_build_filename (dir != NULL ? dir : default_dir, name, NULL);
  self->is_new = !g_file_test (self->path, G_FILE_TEST_EXISTS);
  if (!self->is_new && !_eo_push_journal_load (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
eo_push_journal_is_new (EoPushJournal *self)
{
  return self->is_new;
}

const char *
eo_push_journal_get_path (EoPushJournal *self)
{
  return self->path;
}

const char *
eo_push_journal_get_server_url (EoPushJournal *self)
{
  return self->server_url;
}

const char *
eo_push_journal_get_mdm_url (EoPushJournal *self)
{
  return self->mdm_url;
}

gboolean
eo_push_journal_begin (EoPushJournal  *self,
                       const char     *mdm_url,
                       const char     *server_url,
                       GError        **error)
{
  g_autofree char *line = NULL;
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *parent = NULL;
  int fd;

  g_return_val_if_fail (self->is_new, FALSE);

  line = _eo_push_journal_header_line (self->upload_id, mdm_url, server_url);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (self->path, line, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, NULL))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("Cannot write the push journal %s: %s"),
                   self->path, g_strerror (errno));
      return FALSE;
    }
  /* The new name itself survives a crash. */
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  self->is_new = FALSE;
  self->mdm_url = g_strdup (mdm_url);
  self->server_url = g_strdup (server_url);
  return TRUE;
}

GPtrArray *
eo_push_journal_get_entries (EoPushJournal *self)
{
  return self->entries;
}

EoPushEntry *
eo_push_journal_lookup (EoPushJournal *self,
                        const char    *management_id)
{
  return management_id != NULL ? g_hash_table_lookup (self->by_management, management_id) : NULL;
}

EoPushEntry *
eo_push_journal_add (EoPushJournal *self,
                     const char    *management_id,
                     const char    *eid,
                     const char    *iccid,
                     const char    *name)
{
  EoPushEntry *entry = eo_push_journal_lookup (self, management_id);

  if (entry != NULL)
    return entry;
  entry = g_new0 (EoPushEntry, 1);
  entry->management_id = g_strdup (management_id);
  entry->eid = g_strdup (eid);
  entry->iccid = g_strdup (iccid);
  entry->name = g_strdup (name);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_management, entry->management_id, entry);
  self->n_unsent++;
  return entry;
}

guint
eo_push_journal_count_unsent (EoPushJournal *self)
{
  return self->n_unsent;
}

guint
eo_push_journal_record_batch (EoPushJournal  *self,
                              GPtrArray      *entries,
                              GError        **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (!append_line (self, _eo_push_journal_recorded_line (self->batches->len + 1, entries, now), error))
    return 0;
  return _eo_push_journal_apply_recorded (self, entries, now);
}

gboolean
eo_push_journal_record_sent (EoPushJournal  *self,
                             guint           batch,
                             GPtrArray      *command_ids,
                             GError        **error)
{
  return eo_push_journal_record_found (self, batch, command_ids, NULL, error);
}

gboolean
eo_push_journal_record_failed (EoPushJournal  *self,
                               guint           batch,
                               const char     *why,
                               GError        **error)
{
  g_return_val_if_fail (_eo_push_journal_get_batch (self, batch) != NULL, FALSE);
  if (!append_line (self, _eo_push_journal_failed_line (batch, why), error))
    return FALSE;
  _eo_push_journal_apply_failed (self, batch);
  return TRUE;
}

gboolean
eo_push_journal_record_found (EoPushJournal  *self,
                              guint           batch,
                              GPtrArray      *command_ids,
                              GPtrArray      *missing,
                              GError        **error)
{
  g_return_val_if_fail (_eo_push_journal_get_batch (self, batch) != NULL, FALSE);
  if (!append_line (self, _eo_push_journal_found_line (batch, command_ids, missing), error))
    return FALSE;
  _eo_push_journal_apply_found (self, batch, command_ids, missing);
  return TRUE;
}

guint
eo_push_journal_get_n_batches (EoPushJournal *self)
{
  return self->batches->len;
}

EoPushBatchState
eo_push_journal_batch_state (EoPushJournal *self,
                             guint          batch)
{
  g_return_val_if_fail (_eo_push_journal_get_batch (self, batch) != NULL, EO_PUSH_BATCH_FAILED);
  return _eo_push_journal_get_batch (self, batch)->state;
}

gint64
eo_push_journal_batch_time (EoPushJournal *self,
                            guint          batch)
{
  g_return_val_if_fail (_eo_push_journal_get_batch (self, batch) != NULL, 0);
  return _eo_push_journal_get_batch (self, batch)->time_unix;
}

GPtrArray *
eo_push_journal_batch_entries (EoPushJournal *self,
                               guint          batch)
{
  g_return_val_if_fail (_eo_push_journal_get_batch (self, batch) != NULL, NULL);
  return _eo_push_journal_get_batch (self, batch)->entries;
}

GPtrArray *
eo_push_journal_batch_commands (EoPushJournal *self,
                                guint          batch)
{
  g_return_val_if_fail (_eo_push_journal_get_batch (self, batch) != NULL, NULL);
  return _eo_push_journal_get_batch (self, batch)->commands;
}

gboolean
eo_push_journal_batch_any (EoPushJournal   *self,
                           guint            batch,
                           EoPushEntryTest  test)
{
  GPtrArray *entries;

  g_return_val_if_fail (_eo_push_journal_get_batch (self, batch) != NULL, FALSE);

  entries = _eo_push_journal_get_batch (self, batch)->entries;
  for (guint i = 0; i < entries->len; i++)
    {
      const EoPushEntry *entry = g_ptr_array_index (entries, i);

      if (entry->batch == batch && test (entry))
        return TRUE;
    }
  return FALSE;
}

guint
eo_push_journal_command_batch (EoPushJournal *self,
                               const char    *command_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->command_batch, command_id));
}
