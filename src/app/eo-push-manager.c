/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-manager"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "eo-error.h"
#include "eo-application.h"
#include "eo-push-manager.h"
#include "eo-server-address.h"

#define JOURNAL_SUFFIX ".jsonl"

struct _EoPushManager
{
  GObject       parent_instance;

  EoApplication *application; /* weak: it owns this */
  EoHistory    *history;
  char         *dir;
  GHashTable   *sessions;    /* local ID -> EoPushSession */
  GCancellable *cancellable;
  gboolean      resumed;

  guint         first_ms;
  guint         max_ms;
  guint         inventory_ms;
};

G_DEFINE_FINAL_TYPE (EoPushManager, eo_push_manager, G_TYPE_OBJECT)

enum
{
  SESSION_ADDED,
  SESSION_CHANGED,
  ALL_FINAL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_setting (EoPushManager *self,
             const char    *key)
{
  GSettings *settings = self->application != NULL ? eo_application_get_settings (self->application) : NULL;
  g_autofree char *value = settings != NULL ? g_settings_get_string (settings, key) : NULL;

  return value != NULL ? g_strdup (g_strstrip (value)) : g_strdup ("");
}

/* The Jamf Pro server pushes go through now. */
static char *
dup_mdm_url (EoPushManager *self)
{
  const char *demo = self->application != NULL ? eo_application_get_demo_jamf (self->application) : NULL;

  return demo != NULL ? g_strdup (demo) : dup_setting (self, "jamf-url");
}

static void
session_changed_cb (EoPushSession *session,
                    EoPushManager *self)
{
  g_signal_emit (self, signals[SESSION_CHANGED], 0, session);
}

static void
session_all_final_cb (EoPushSession *session,
                      EoPushManager *self)
{
  g_signal_emit (self, signals[ALL_FINAL], 0, session);
}

/* @journal taken. */
static EoPushSession *
add_session (EoPushManager  *self,
             EoUploadRecord *record,
             EoPushJournal  *journal)
{
  EoPushSession *session = eo_push_session_new (record, journal);

  eo_push_session_set_intervals (session, self->first_ms, self->max_ms, self->inventory_ms);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, 0);
  g_signal_connect_object (session, "all-final", G_CALLBACK (session_all_final_cb), self, 0);
  g_hash_table_replace (self->sessions, g_strdup (eo_upload_record_get_local_id (record)), session);
  g_signal_emit (self, signals[SESSION_ADDED], 0, session);
  return session;
}

/* GObject */

static void
eo_push_manager_dispose (GObject *object)
{
  EoPushManager *self = EO_PUSH_MANAGER (object);

  eo_push_manager_shutdown (self);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->history);
  G_OBJECT_CLASS (eo_push_manager_parent_class)->dispose (object);
}

static void
eo_push_manager_finalize (GObject *object)
{
  EoPushManager *self = EO_PUSH_MANAGER (object);

  g_hash_table_unref (self->sessions);
  g_clear_object (&self->cancellable);
  g_free (self->dir);
  G_OBJECT_CLASS (eo_push_manager_parent_class)->finalize (object);
}

static void
eo_push_manager_class_init (EoPushManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_push_manager_dispose;
  object_class->finalize = eo_push_manager_finalize;

  signals[SESSION_ADDED] = g_signal_new ("session-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_PUSH_SESSION);
  signals[SESSION_CHANGED] = g_signal_new ("session-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_PUSH_SESSION);
  signals[ALL_FINAL] = g_signal_new ("all-final", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_PUSH_SESSION);
}

static void
eo_push_manager_init (EoPushManager *self)
{
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
}

/* Public API */

EoPushManager *
eo_push_manager_new (EoApplication *application)
{
  EoPushManager *self;

  g_return_val_if_fail (EO_IS_APPLICATION (application), NULL);

  self = g_object_new (EO_TYPE_PUSH_MANAGER, NULL);
  g_set_weak_pointer (&self->application, application);
  self->history = g_object_ref (eo_application_get_history (application));
  self->first_ms = 2000;
  self->max_ms = 30000;
  self->inventory_ms = 0;
  return self;
}

void
eo_push_manager_set_dir (EoPushManager *self,
                         const char    *dir)
{
  g_return_if_fail (EO_IS_PUSH_MANAGER (self));
  g_free (self->dir);
  self->dir = g_strdup (dir);
}

void
eo_push_manager_set_intervals (EoPushManager *self,
                               guint          first_ms,
                               guint          max_ms,
                               guint          inventory_ms)
{
  g_return_if_fail (EO_IS_PUSH_MANAGER (self));
  self->first_ms = first_ms;
  self->max_ms = max_ms;
  self->inventory_ms = inventory_ms;
}

gboolean
eo_push_manager_is_configured (EoPushManager *self)
{
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (EO_IS_PUSH_MANAGER (self), FALSE);

  if (self->application != NULL && eo_application_get_demo_jamf (self->application) != NULL)
    return TRUE;
  url = dup_setting (self, "jamf-url");
  id = dup_setting (self, "jamf-client-id");
  return *url != '\0' && *id != '\0';
}

/* Connecting: the application's Jamf Pro client (its settings and the
 * keyring, or the demo's simulator), asked for each push or resumption;
 * a session keeps the one it follows with. */

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  EoJamfClient *client = eo_application_jamf_connect_finish (EO_APPLICATION (source), result, &error);

  if (client == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, client, g_object_unref);
}

void
eo_push_manager_connect_async (EoPushManager       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (EO_IS_PUSH_MANAGER (self));

  g_task_set_source_tag (task, eo_push_manager_connect_async);
  if (self->application == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The application is gone");
      return;
    }
  eo_application_jamf_connect_async (self->application, cancellable, connected_cb, g_steal_pointer (&task));
}

EoMdmConnector *
eo_push_manager_connect_finish (EoPushManager  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

EoPushSession *
eo_push_manager_lookup (EoPushManager  *self,
                        EoUploadRecord *record)
{
  g_return_val_if_fail (EO_IS_PUSH_MANAGER (self), NULL);
  return record != NULL ? g_hash_table_lookup (self->sessions, eo_upload_record_get_local_id (record)) : NULL;
}

/* Opening a journal: read on a worker (a fleet's is megabytes). */

typedef struct
{
  EoUploadRecord *record;
  char           *dir;
  char           *local_id;
  gboolean        create;
  char           *mdm_url;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *open = data;

  g_clear_object (&open->record);
  g_free (open->dir);
  g_free (open->local_id);
  g_free (open->mdm_url);
  g_free (open);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *open = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoPushJournal) journal = eo_push_journal_open (open->dir, open->local_id, &error);

  if (journal == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&journal), g_object_unref);
}

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoPushManager *self = EO_PUSH_MANAGER (source);
  OpenData *open = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoPushJournal) journal = g_task_propagate_pointer (G_TASK (result), &error);
  EoPushSession *session;

  if (journal == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Opened meanwhile by another caller: the same session. */
  session = eo_push_manager_lookup (self, open->record);
  if (session != NULL)
    {
      g_task_return_pointer (task, g_object_ref (session), g_object_unref);
      return;
    }
  if (eo_push_journal_is_new (journal) && !open->create)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (eo_push_journal_is_new (journal) &&
      !eo_push_journal_begin (journal, open->mdm_url, eo_upload_record_get_server_url (open->record), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  session = add_session (self, open->record, journal);
  g_task_return_pointer (task, g_object_ref (session), g_object_unref);
}

void
eo_push_manager_open_async (EoPushManager       *self,
                            EoUploadRecord      *record,
                            gboolean             create,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) worker = NULL;
  EoPushSession *session;
  OpenData *open;

  g_return_if_fail (EO_IS_PUSH_MANAGER (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  g_task_set_source_tag (task, eo_push_manager_open_async);
  session = eo_push_manager_lookup (self, record);
  if (session != NULL)
    {
      g_task_return_pointer (task, g_object_ref (session), g_object_unref);
      return;
    }
  if (create)
    {
      const char *server_url = eo_upload_record_get_server_url (record);
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;

      host = server_url != NULL ? eo_smdp_address_check (server_url, &error) : NULL;
      if (host == NULL)
        {
          g_task_return_new_error (task, EO_ERROR, EO_ERROR_INVALID_SERVER, "%s",
                                   error != NULL ? error->message
                                                 : _("The upload has no SM-DP+ address: it was not accepted by the CSO."));
          return;
        }
    }
  open = g_new0 (OpenData, 1);
  open->record = g_object_ref (record);
  open->dir = g_strdup (self->dir);
  open->local_id = g_strdup (eo_upload_record_get_local_id (record));
  open->create = create;
  open->mdm_url = dup_mdm_url (self);
  g_task_set_task_data (task, open, open_data_free);
  /* The worker reads what the task owns (it lives until opened_cb). */
  worker = g_task_new (self, cancellable, opened_cb, g_object_ref (task));
  g_task_set_task_data (worker, open, NULL);
  g_task_run_in_thread (worker, open_thread);
}

EoPushSession *
eo_push_manager_open_finish (EoPushManager  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Following */

static gboolean
has_unconfirmed_batch (EoPushJournal *journal)
{
  for (guint b = 1; b <= eo_push_journal_get_n_batches (journal); b++)
    if (eo_push_journal_batch_state (journal, b) == EO_PUSH_BATCH_RECORDED)
      return TRUE;
  return FALSE;
}

static void
recovered_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!eo_push_session_push_finish (EO_PUSH_SESSION (source), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("A push could not be resumed: %s", error->message);
}

/* With a connector: an interrupted push is looked up (nothing new is
 * sent: only recorded entries are in a journal read back), then followed. */
static void
follow_connected (EoPushManager  *self,
                  EoPushSession  *session,
                  EoMdmConnector *connector)
{
  if (eo_push_session_get_connector (session) == NULL)
    eo_push_session_set_connector (session, connector);
  if (has_unconfirmed_batch (eo_push_session_get_journal (session)))
    eo_push_session_push_async (session, FALSE, NULL, self->cancellable, recovered_cb, NULL);
  else
    eo_push_session_follow (session);
}

static void
follow_connect_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GPtrArray) sessions = user_data;
  EoPushManager *self = EO_PUSH_MANAGER (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoMdmConnector) connector = eo_push_manager_connect_finish (self, result, &error);

  if (connector == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Pushes not followed: %s", error->message);
      return;
    }
  for (guint i = 0; i < sessions->len; i++)
    follow_connected (self, g_ptr_array_index (sessions, i), connector);
}

/* Follows @sessions (EoPushSession, taken) once connected. */
static void
follow_sessions (EoPushManager *self,
                 GPtrArray     *sessions)
{
  if (sessions->len == 0)
    {
      g_ptr_array_unref (sessions);
      return;
    }
  eo_push_manager_connect_async (self, self->cancellable, follow_connect_cb, sessions);
}

void
eo_push_manager_follow (EoPushManager *self,
                        EoPushSession *session)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (EO_IS_PUSH_MANAGER (self));
  g_return_if_fail (EO_IS_PUSH_SESSION (session));

  if (eo_push_session_is_following (session) || eo_push_session_is_pushing (session))
    {
      g_ptr_array_unref (sessions);
      return;
    }
  g_ptr_array_add (sessions, g_object_ref (session));
  follow_sessions (self, sessions);
}

/* Resuming at start */

typedef struct
{
  char          *local_id;
  EoPushJournal *journal;
} FoundJournal;

static void
found_journal_free (gpointer data)
{
  FoundJournal *found = data;

  g_free (found->local_id);
  g_clear_object (&found->journal);
  g_free (found);
}

static void
resume_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autofree char *dir = task_data != NULL ? g_strdup (task_data) : eo_push_journal_default_dir ();
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (found_journal_free);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL && !g_cancellable_is_cancelled (cancellable))
    {
      g_autofree char *local_id = NULL;
      g_autoptr(EoPushJournal) journal = NULL;
      FoundJournal *entry;

      if (!g_str_has_suffix (name, JOURNAL_SUFFIX) || strlen (name) <= strlen (JOURNAL_SUFFIX))
        continue;
      local_id = g_strndup (name, strlen (name) - strlen (JOURNAL_SUFFIX));
      journal = eo_push_journal_open (dir, local_id, NULL);
      if (journal == NULL || eo_push_journal_get_n_batches (journal) == 0)
        continue;
      entry = g_new0 (FoundJournal, 1);
      entry->local_id = g_steal_pointer (&local_id);
      entry->journal = g_steal_pointer (&journal);
      g_ptr_array_add (found, entry);
    }
  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
resume_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  EoPushManager *self = EO_PUSH_MANAGER (source);
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (result), NULL);
  GPtrArray *sessions = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      FoundJournal *entry = g_ptr_array_index (found, i);
      EoUploadRecord *record = eo_history_lookup_local_id (self->history, entry->local_id);

      if (record == NULL || eo_push_manager_lookup (self, record) != NULL)
        continue;
      g_ptr_array_add (sessions, g_object_ref (add_session (self, record, entry->journal)));
    }
  follow_sessions (self, sessions);
}

void
eo_push_manager_resume (EoPushManager *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (EO_IS_PUSH_MANAGER (self));

  if (self->resumed)
    return;
  self->resumed = TRUE;
  task = g_task_new (self, self->cancellable, resume_read_cb, NULL);
  g_task_set_source_tag (task, eo_push_manager_resume);
  g_task_set_task_data (task, g_strdup (self->dir), g_free);
  g_task_run_in_thread (task, resume_thread);
}

void
eo_push_manager_shutdown (EoPushManager *self)
{
  GHashTableIter iter;
  gpointer session;

  g_return_if_fail (EO_IS_PUSH_MANAGER (self));

  g_cancellable_cancel (self->cancellable);
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, &session))
    eo_push_session_stop (session);
}
