/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "eo-error.h"
#include "eo-jamf-secret.h"
#include "eo-secret-store.h"
#include "eo-server-address.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    EO_JAMF_SECRET_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { "jamf-url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "client-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* The keyring's failure in the project's words (never the secret). */
static GError *
keyring_error (GError *error)
{
  GError *mapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;
  if (error->domain == SECRET_ERROR && error->code == SECRET_ERROR_IS_LOCKED)
    mapped = g_error_new_literal (EO_ERROR, EO_ERROR_KEYRING_LOCKED,
                                  _("The keyring is locked: unlock it to use the Jamf Pro client secret."));
  else
    mapped = g_error_new (EO_ERROR, EO_ERROR_KEYRING_UNAVAILABLE,
                          _("The keyring cannot be used for the Jamf Pro client secret: %s"), error->message);
  g_error_free (error);
  return mapped;
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) eo_secret_free);
}

void
eo_jamf_secret_lookup_async (const char          *jamf_url,
                             const char          *client_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = eo_server_address_key (jamf_url);

  g_task_set_source_tag (task, eo_jamf_secret_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_cb, task,
                          "jamf-url", url, "client-id", client_id, NULL);
}

char *
eo_jamf_secret_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_get_source_tag (task) == eo_jamf_secret_store_async)
    secret_password_store_finish (result, &error);
  else
    secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
eo_jamf_secret_store_async (const char          *jamf_url,
                            const char          *client_id,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = eo_server_address_key (jamf_url);
  g_autofree char *label = g_strdup_printf (_("Jamf Pro API client %s at %s"), client_id, url);

  g_task_set_source_tag (task, eo_jamf_secret_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret, cancellable,
                         done_cb, task, "jamf-url", url, "client-id", client_id, NULL);
}

gboolean
eo_jamf_secret_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
eo_jamf_secret_clear_async (const char          *jamf_url,
                            const char          *client_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *url = eo_server_address_key (jamf_url);

  g_task_set_source_tag (task, eo_jamf_secret_clear_async);
  secret_password_clear (get_schema (), cancellable, done_cb, task,
                         "jamf-url", url, "client-id", client_id, NULL);
}

gboolean
eo_jamf_secret_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
