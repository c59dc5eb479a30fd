/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-error.h"
#include "eo-journal-writer.h"
#include "eo-json-check.h"
#include "eo-push-journal.h"

#define JOURNAL_VERSION 1
#define MAX_JOURNAL_BYTES (512u * 1024u * 1024u)

typedef struct
{
  EoPushBatchState  state;
  gint64            time_unix;
  GPtrArray        *entries;   /* EoPushEntry, borrowed */
  GPtrArray        *commands;  /* char *, or NULL */
} Batch;

struct _EoPushJournal
{
  GObject     parent_instance;

  char       *path;
  char       *upload_id;
  char       *mdm_url;
  char       *server_url;
  gboolean    is_new;
  GPtrArray  *entries;        /* EoPushEntry */
  GHashTable *by_management;  /* -> EoPushEntry */
  GPtrArray  *batches;        /* Batch, batch N at N - 1 */
  GHashTable *command_batch;  /* command ID -> batch number */
  GError     *write_error;    /* of a queued line */
};

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
  Batch *batch = data;

  g_ptr_array_unref (batch->entries);
  g_clear_pointer (&batch->commands, g_ptr_array_unref);
  g_free (batch);
}

static Batch *
get_batch (EoPushJournal *self,
           guint          number)
{
  return number >= 1 && number <= self->batches->len ? g_ptr_array_index (self->batches, number - 1) : NULL;
}

/* Writing */

static char *
line_of (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* Appends one line and flushes it to the disk before returning. */
static gboolean
append_line (EoPushJournal  *self,
             JsonBuilder    *builder,
             GError        **error)
{
  g_autofree char *line = line_of (builder);

  return eo_journal_write_line (self->path, line, error);
}

static void
add_strings (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static JsonBuilder *
begin_line (const char *kind,
            guint       batch)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  if (batch > 0)
    {
      json_builder_set_member_name (builder, "batch");
      json_builder_add_int_value (builder, batch);
    }
  return builder;
}

static void
add_optional (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Applying events (when written, and when read back) */

static void
apply_commands (EoPushJournal *self,
                guint          number,
                GPtrArray     *commands)
{
  Batch *batch = get_batch (self, number);

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
  Batch *batch = get_batch (self, number);

  for (guint i = 0; i < batch->entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (batch->entries, i);
      gboolean listed = only == NULL;

      for (guint j = 0; only != NULL && j < only->len && !listed; j++)
        listed = g_str_equal (g_ptr_array_index (only, j), entry->management_id);
      if (listed && entry->batch == number)
        entry->batch = 0;
    }
}

static guint
apply_recorded (EoPushJournal *self,
                GPtrArray     *entries,
                gint64         time_unix)
{
  Batch *batch = g_new0 (Batch, 1);
  guint number;

  batch->state = EO_PUSH_BATCH_RECORDED;
  batch->time_unix = time_unix;
  batch->entries = g_ptr_array_new ();
  g_ptr_array_add (self->batches, batch);
  number = self->batches->len;
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      entry->batch = number;
      g_clear_pointer (&entry->command_id, g_free);
      g_clear_pointer (&entry->reason, g_free);
      entry->state = EO_MDM_COMMAND_PENDING;
      entry->installed = FALSE;
      g_ptr_array_add (batch->entries, entry);
    }
  return number;
}

/* Reading */

static const char *
string_of (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static GPtrArray *
strings_of (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *item = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
          g_ptr_array_add (strings, g_strdup (json_node_get_string (item)));
      }
  return strings;
}

static void
read_recorded (EoPushJournal *self,
               JsonObject    *object)
{
  JsonNode *node = json_object_get_member (object, "devices");
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);
      JsonObject *device = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *id = device != NULL ? string_of (device, "m") : NULL;

      if (id != NULL)
        g_ptr_array_add (entries, eo_push_journal_add (self, id, string_of (device, "eid"),
                                                       string_of (device, "iccid"), string_of (device, "name")));
    }
  apply_recorded (self, entries, json_object_get_int_member_with_default (object, "time", 0));
}

static void
read_line (EoPushJournal *self,
           JsonObject    *object)
{
  const char *kind = string_of (object, "kind");
  guint number = (guint) json_object_get_int_member_with_default (object, "batch", 0);
  g_autoptr(GPtrArray) commands = NULL, missing = NULL;

  if (g_strcmp0 (kind, "header") == 0)
    {
      g_free (self->mdm_url);
      self->mdm_url = g_strdup (string_of (object, "mdm"));
      g_free (self->server_url);
      self->server_url = g_strdup (string_of (object, "server_url"));
    }
  else if (g_strcmp0 (kind, "recorded") == 0)
    read_recorded (self, object);
  else if (get_batch (self, number) == NULL)
    return;
  else if (g_strcmp0 (kind, "sent") == 0 || g_strcmp0 (kind, "found") == 0)
    {
      commands = strings_of (object, "commands");
      apply_commands (self, number, commands);
      missing = strings_of (object, "missing");
      if (missing->len > 0)
        apply_unsent (self, number, missing);
    }
  else if (g_strcmp0 (kind, "failed") == 0)
    {
      get_batch (self, number)->state = EO_PUSH_BATCH_FAILED;
      apply_unsent (self, number, NULL);
    }
}

static gboolean
load (EoPushJournal  *self,
      GError        **error)
{
  g_autofree char *text = NULL;
  gsize len;
  char *line, *end;

  if (!g_file_get_contents (self->path, &text, &len, error))
    return FALSE;
  if (len > MAX_JOURNAL_BYTES)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("The push journal %s is too large."), self->path);
      return FALSE;
    }
  /* Only whole lines: the last one may have been cut by a crash. */
  for (line = text; (end = memchr (line, '\n', len - (gsize) (line - text))) != NULL; line = end + 1)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gsize n = (gsize) (end - line);

      if (eo_json_check (line, n, EO_JSON_MAX_DEPTH) != EO_JSON_CHECK_OK ||
          !json_parser_load_from_data (parser, line, (gssize) n, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      read_line (self, json_node_get_object (json_parser_get_root (parser)));
    }
  if (self->mdm_url == NULL)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("%s is not a push journal."), self->path);
      return FALSE;
    }
  return TRUE;
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
  if (!self->is_new && !load (self, error))
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
  g_autoptr(JsonBuilder) builder = begin_line ("header", 0);
  g_autofree char *line = NULL;
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *parent = NULL;
  int fd;

  g_return_val_if_fail (self->is_new, FALSE);

  json_builder_set_member_name (builder, "v");
  json_builder_add_int_value (builder, JOURNAL_VERSION);
  add_optional (builder, "upload", self->upload_id);
  add_optional (builder, "mdm", mdm_url);
  add_optional (builder, "server_url", server_url);
  json_builder_end_object (builder);
  line = line_of (builder);
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
  return entry;
}

/* The line of batch @number naming @entries, recorded at @now. */
static JsonBuilder *
recorded_line (guint      number,
               GPtrArray *entries,
               gint64     now)
{
  JsonBuilder *builder = begin_line ("recorded", number);

  json_builder_set_member_name (builder, "time");
  json_builder_add_int_value (builder, now);
  json_builder_set_member_name (builder, "devices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      add_optional (builder, "m", entry->management_id);
      add_optional (builder, "eid", entry->eid);
      add_optional (builder, "iccid", entry->iccid);
      add_optional (builder, "name", entry->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder;
}

guint
eo_push_journal_record_batch (EoPushJournal  *self,
                              GPtrArray      *entries,
                              GError        **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(JsonBuilder) builder = recorded_line (self->batches->len + 1, entries, now);

  if (!append_line (self, builder, error))
    return 0;
  return apply_recorded (self, entries, now);
}

gboolean
eo_push_journal_record_sent (EoPushJournal  *self,
                             guint           batch,
                             GPtrArray      *command_ids,
                             GError        **error)
{
  return eo_push_journal_record_found (self, batch, command_ids, NULL, error);
}

static JsonBuilder *
failed_line (guint       batch,
             const char *why)
{
  JsonBuilder *builder = begin_line ("failed", batch);

  add_optional (builder, "error", why);
  json_builder_end_object (builder);
  return builder;
}

static void
apply_failed (EoPushJournal *self,
              guint          batch)
{
  get_batch (self, batch)->state = EO_PUSH_BATCH_FAILED;
  apply_unsent (self, batch, NULL);
}

gboolean
eo_push_journal_record_failed (EoPushJournal  *self,
                               guint           batch,
                               const char     *why,
                               GError        **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (get_batch (self, batch) != NULL, FALSE);
  builder = failed_line (batch, why);
  if (!append_line (self, builder, error))
    return FALSE;
  apply_failed (self, batch);
  return TRUE;
}


static JsonBuilder *
found_line (guint      batch,
            GPtrArray *command_ids,
            GPtrArray *missing)
{
  JsonBuilder *builder = begin_line (missing != NULL ? "found" : "sent", batch);

  add_strings (builder, "commands", command_ids);
  if (missing != NULL)
    add_strings (builder, "missing", missing);
  json_builder_end_object (builder);
  return builder;
}

static void
apply_found (EoPushJournal *self,
             guint          batch,
             GPtrArray     *command_ids,
             GPtrArray     *missing)
{
  apply_commands (self, batch, command_ids);
  if (missing != NULL && missing->len > 0)
    apply_unsent (self, batch, missing);
}

gboolean
eo_push_journal_record_found (EoPushJournal  *self,
                              guint           batch,
                              GPtrArray      *command_ids,
                              GPtrArray      *missing,
                              GError        **error)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (get_batch (self, batch) != NULL, FALSE);
  builder = found_line (batch, command_ids, missing);
  if (!append_line (self, builder, error))
    return FALSE;
  apply_found (self, batch, command_ids, missing);
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
  g_return_val_if_fail (get_batch (self, batch) != NULL, EO_PUSH_BATCH_FAILED);
  return get_batch (self, batch)->state;
}

gint64
eo_push_journal_batch_time (EoPushJournal *self,
                            guint          batch)
{
  g_return_val_if_fail (get_batch (self, batch) != NULL, 0);
  return get_batch (self, batch)->time_unix;
}

GPtrArray *
eo_push_journal_batch_entries (EoPushJournal *self,
                               guint          batch)
{
  g_return_val_if_fail (get_batch (self, batch) != NULL, NULL);
  return get_batch (self, batch)->entries;
}

GPtrArray *
eo_push_journal_batch_commands (EoPushJournal *self,
                                guint          batch)
{
  g_return_val_if_fail (get_batch (self, batch) != NULL, NULL);
  return get_batch (self, batch)->commands;
}

guint
eo_push_journal_command_batch (EoPushJournal *self,
                               const char    *command_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->command_batch, command_id));
}

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
      apply_failed (self, batch);
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
  g_autoptr(JsonBuilder) builder = NULL;
  GTask *task;
  guint number;

  g_return_if_fail (EO_IS_PUSH_JOURNAL (self));

  builder = recorded_line (self->batches->len + 1, entries, now);
  number = apply_recorded (self, entries, now);
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, eo_push_journal_record_batch_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (number), NULL);
  eo_journal_writer_append_async (self->path, line_of (builder), batch_written_cb, task);
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
            JsonBuilder   *builder)
{
  eo_journal_writer_append_async (self->path, line_of (builder), queued_cb, g_object_ref (self));
}

void
eo_push_journal_queue_found (EoPushJournal *self,
                             guint          batch,
                             GPtrArray     *command_ids,
                             GPtrArray     *missing)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (get_batch (self, batch) != NULL);
  builder = found_line (batch, command_ids, missing);
  queue_line (self, builder);
  apply_found (self, batch, command_ids, missing);
}

void
eo_push_journal_queue_failed (EoPushJournal *self,
                              guint          batch,
                              const char    *why)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_if_fail (get_batch (self, batch) != NULL);
  builder = failed_line (batch, why);
  queue_line (self, builder);
  apply_failed (self, batch);
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
