/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-secret-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "eo-error.h"
#include "eo-secret-store.h"
#include "eo-server-address.h"

struct _EoSecretStore
{
  GObject parent_instance;

  guint   timeout_ms;
};

/* State of one keyring call. The caller's GTask completes either when
 * libsecret answers, or earlier when the time limit passes or the caller
 * cancels: libsecret's late answer is then dropped. */
typedef struct
{
  GCancellable *cancellable;     /* handed to libsecret */
  GCancellable *caller;          /* the caller's, may be NULL */
  gulong        caller_handler;
  GSource      *timeout_source;
  guint         timeout_ms;
  gboolean      done;
} EoSecretOp;

typedef enum
{
  OP_LOOKUP,
  OP_STORE,
  OP_CLEAR,
} EoSecretOpKind;

G_DEFINE_FINAL_TYPE (EoSecretStore, eo_secret_store, G_TYPE_OBJECT)

static const SecretSchema *
eo_secret_store_get_schema (void)
{
  static const SecretSchema schema = {
    EO_SECRET_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "customer", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
eo_secret_op_free (EoSecretOp *op)
{
  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_clear_pointer (&op->timeout_source, g_source_unref);
    }
  if (op->caller != NULL && op->caller_handler != 0)
    g_cancellable_disconnect (op->caller, op->caller_handler);
  g_clear_object (&op->caller);
  g_clear_object (&op->cancellable);
  g_free (op);
}

/* Called once per task: stops the clock and detaches from the caller. */
static void
eo_secret_op_settle (EoSecretOp *op)
{
  op->done = TRUE;
  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_clear_pointer (&op->timeout_source, g_source_unref);
    }
  if (op->caller != NULL && op->caller_handler != 0)
    {
      g_cancellable_disconnect (op->caller, op->caller_handler);
      op->caller_handler = 0;
    }
}

static GHashTable *
make_attributes (const char *server,
                 const char *customer)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer) "server", eo_secret_store_normalize_server (server));
  g_hash_table_insert (attributes, (gpointer) "customer", g_strdup (customer != NULL ? customer : ""));

  return attributes;
}

static gboolean
is_dbus_unavailable (const GError *error)
{
  if (error->domain != G_DBUS_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_DBUS_ERROR_SERVICE_UNKNOWN:
    case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
    case G_DBUS_ERROR_NO_SERVER:
    case G_DBUS_ERROR_DISCONNECTED:
    case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
    case G_DBUS_ERROR_SPAWN_FORK_FAILED:
    case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
    case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
    case G_DBUS_ERROR_SPAWN_FAILED:
    case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
    case G_DBUS_ERROR_SPAWN_CONFIG_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
    case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
    case G_DBUS_ERROR_SPAWN_PERMISSIONS_INVALID:
    case G_DBUS_ERROR_SPAWN_FILE_INVALID:
    case G_DBUS_ERROR_SPAWN_NO_MEMORY:
    case G_DBUS_ERROR_UNKNOWN_METHOD:
    case G_DBUS_ERROR_UNKNOWN_OBJECT:
    case G_DBUS_ERROR_UNKNOWN_INTERFACE:
    case G_DBUS_ERROR_ACCESS_DENIED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Turns whatever libsecret or GDBus said into an EO_ERROR. @error never
 * holds the key (libsecret does not put secrets in errors). */
static GError *
map_error (const GError *error)
{
  g_debug ("Keyring call failed: %s (%s, %d)",
           error->message, g_quark_to_string (error->domain), error->code);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new_literal (EO_ERROR, EO_ERROR_KEYRING_LOCKED,
                                _("The keyring is locked. Unlock it (for example in the Passwords and Keys app) and try again."));

  /* Cancelled although neither we nor the caller cancelled: the unlock
   * prompt was dismissed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (EO_ERROR, EO_ERROR_KEYRING_LOCKED,
                                _("The keyring stayed locked: the unlock prompt was dismissed."));

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (EO_ERROR, EO_ERROR_KEYRING_TIMEOUT,
                                _("The keyring did not answer in time. Check that the keyring (Secret Service) is running and not waiting for a password, then try again."));

  if (is_dbus_unavailable (error) || error->domain == G_IO_ERROR || error->domain == G_DBUS_ERROR)
    return g_error_new (EO_ERROR, EO_ERROR_KEYRING_UNAVAILABLE,
                        _("No keyring is available: nothing provides the Secret Service on this session (%s). "
                          "Start GNOME Keyring or another Secret Service provider."),
                        error->message);

  return g_error_new (EO_ERROR, EO_ERROR_KEYRING_UNAVAILABLE,
                      _("The keyring could not be used: %s"), error->message);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  GTask *task = G_TASK (user_data);
  EoSecretOp *op = g_task_get_task_data (task);
  guint seconds;

  if (op->done)
    return G_SOURCE_REMOVE;

  seconds = MAX (1u, (op->timeout_ms + 999) / 1000);
  g_debug ("Keyring call timed out after %u ms", op->timeout_ms);
  eo_secret_op_settle (op);
  g_cancellable_cancel (op->cancellable);
  g_task_return_new_error (task, EO_ERROR, EO_ERROR_KEYRING_TIMEOUT,
                           ngettext ("The keyring did not answer within %u second. Check that the keyring (Secret Service) is running and not waiting for a password, then try again.",
                                     "The keyring did not answer within %u seconds. Check that the keyring (Secret Service) is running and not waiting for a password, then try again.",
                                     seconds),
                           seconds);

  return G_SOURCE_REMOVE;
}

static gboolean
return_cancelled_cb (gpointer user_data)
{
  GTask *task = G_TASK (user_data);
  EoSecretOp *op = g_task_get_task_data (task);

  if (!op->done)
    {
      eo_secret_op_settle (op);
      g_cancellable_cancel (op->cancellable);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The keyring call was cancelled."));
    }

  return G_SOURCE_REMOVE;
}

/* May run in any thread (GCancellable::cancelled): defer to the task's
 * context. */
static void
on_caller_cancelled_cb (GCancellable *caller,
                        gpointer      user_data)
{
  GTask *task = G_TASK (user_data);
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, return_cancelled_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (idle, "[eo] keyring call cancelled");
  g_source_attach (idle, g_task_get_context (task));
}

static GTask *
start_op (EoSecretStore       *self,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  EoSecretOp *op = g_new0 (EoSecretOp, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  op->cancellable = g_cancellable_new ();
  op->timeout_ms = self->timeout_ms;
  g_task_set_task_data (task, op, (GDestroyNotify) eo_secret_op_free);

  op->timeout_source = g_timeout_source_new (op->timeout_ms);
  g_source_set_callback (op->timeout_source, on_timeout_cb, task, NULL);
  g_source_set_static_name (op->timeout_source, "[eo] keyring time limit");
  g_source_attach (op->timeout_source, g_task_get_context (task));

  if (cancellable != NULL)
    {
      op->caller = g_object_ref (cancellable);
      /* Invokes the callback at once when already cancelled. The handler
       * holds no reference: it is disconnected before the task dies. */
      op->caller_handler = g_cancellable_connect (cancellable,
                                                  G_CALLBACK (on_caller_cancelled_cb),
                                                  task, NULL);
    }

  return task;
}

static void
on_lookup_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoSecretOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (op->done)
    {
      eo_secret_free (secret);
      return;
    }

  eo_secret_op_settle (op);
  if (error != NULL)
    g_task_return_error (task, map_error (error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) eo_secret_free);
}

static void
on_store_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoSecretOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  secret_password_store_finish (result, &error);
  if (op->done)
    return;

  eo_secret_op_settle (op);
  if (error != NULL)
    g_task_return_error (task, map_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_clear_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EoSecretOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* FALSE without error: nothing was stored, which is fine. */
  secret_password_clear_finish (result, &error);
  if (op->done)
    return;

  eo_secret_op_settle (op);
  if (error != NULL)
    g_task_return_error (task, map_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
eo_secret_store_class_init (EoSecretStoreClass *klass)
{
}

static void
eo_secret_store_init (EoSecretStore *self)
{
  self->timeout_ms = EO_SECRET_STORE_DEFAULT_TIMEOUT_MS;
}

EoSecretStore *
eo_secret_store_new (void)
{
  return g_object_new (EO_TYPE_SECRET_STORE, NULL);
}

void
eo_secret_store_set_timeout (EoSecretStore *self,
                             guint          timeout_ms)
{
  g_return_if_fail (EO_IS_SECRET_STORE (self));

  self->timeout_ms = timeout_ms != 0 ? timeout_ms : EO_SECRET_STORE_DEFAULT_TIMEOUT_MS;
}

guint
eo_secret_store_get_timeout (EoSecretStore *self)
{
  g_return_val_if_fail (EO_IS_SECRET_STORE (self), 0);

  return self->timeout_ms;
}

void
eo_secret_store_lookup_async (EoSecretStore       *self,
                              const char          *server,
                              const char          *customer,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  EoSecretOp *op;

  g_return_if_fail (EO_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (customer != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_op (self, eo_secret_store_lookup_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  attributes = make_attributes (server, customer);

  secret_password_lookupv (eo_secret_store_get_schema (), attributes, op->cancellable,
                           on_lookup_cb, g_steal_pointer (&task));
}

char *
eo_secret_store_lookup_finish (EoSecretStore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (EO_IS_SECRET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_secret_store_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
eo_secret_store_store_async (EoSecretStore       *self,
                             const char          *server,
                             const char          *customer,
                             const char          *api_key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  g_autofree char *normalized = NULL;
  EoSecretOp *op;

  g_return_if_fail (EO_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (customer != NULL);
  g_return_if_fail (api_key != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_op (self, eo_secret_store_store_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  attributes = make_attributes (server, customer);
  normalized = eo_secret_store_normalize_server (server);
  /* TRANSLATORS: label of the keyring item, shown in Passwords and Keys */
  label = g_strdup_printf (_("eSIM Onboard API key for customer %s on %s"), customer, normalized);

  secret_password_storev (eo_secret_store_get_schema (), attributes,
                          SECRET_COLLECTION_DEFAULT, label, api_key,
                          op->cancellable, on_store_cb, g_steal_pointer (&task));
}

gboolean
eo_secret_store_store_finish (EoSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (EO_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_secret_store_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
eo_secret_store_clear_async (EoSecretStore       *self,
                             const char          *server,
                             const char          *customer,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  EoSecretOp *op;

  g_return_if_fail (EO_IS_SECRET_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (customer != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_op (self, eo_secret_store_clear_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  attributes = make_attributes (server, customer);

  secret_password_clearv (eo_secret_store_get_schema (), attributes, op->cancellable,
                          on_clear_cb, g_steal_pointer (&task));
}

gboolean
eo_secret_store_clear_finish (EoSecretStore  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (EO_IS_SECRET_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_secret_store_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

char *
eo_secret_store_normalize_server (const char *server_url)
{
  return eo_server_address_key (server_url);
}

void
eo_secret_wipe (char *secret)
{
  volatile char *p = (volatile char *) secret;

  if (secret == NULL)
    return;

  while (*p != '\0')
    *p++ = '\0';
}

void
eo_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  eo_secret_wipe (secret);
  g_free (secret);
}
