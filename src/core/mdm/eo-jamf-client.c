/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-client"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-jamf-client-private.h"
#include "eo-secret-store.h"
#include "eo-server-address.h"

#define DEVICES_PATH  "/api/v2/mobile-devices/detail"
#define COMMANDS_PATH "/api/v2/mdm/commands"
#define SECTIONS      "section=GENERAL&section=HARDWARE&section=NETWORK&section=SERVICE_SUBSCRIPTIONS"

static void eo_jamf_client_connector_init (EoMdmConnectorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EoJamfClient, eo_jamf_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (EO_TYPE_MDM_CONNECTOR, eo_jamf_client_connector_init))

/* Listing the devices: page 0, then the others at once (the queue keeps
 * to EO_JAMF_MAX_IN_FLIGHT). */
typedef struct
{
  EoMdmPageFunc  page_func;
  gpointer       page_data;
  guint          page_size;
  guint          total;
  guint          n_pages;
  guint          n_pending;
  guint          n_read;
  GPtrArray     *pages;    /* GPtrArray of EoMdmDevice, by page */
  GError        *error;
} ListState;

/* A page not read (the list stopped before it) is NULL. */
static void
page_free (gpointer data)
{
  if (data != NULL)
    g_ptr_array_unref (data);
}

static void
list_state_free (gpointer data)
{
  ListState *state = data;

  g_clear_pointer (&state->pages, g_ptr_array_unref);
  g_clear_error (&state->error);
  g_free (state);
}

/* Which page an answer is for travels with its callback. */
typedef struct
{
  GTask *task;
  guint  page;
} PageCall;

static void list_page_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
request_page (EoJamfClient *self,
              GTask        *task,
              guint         page)
{
  ListState *state = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf (DEVICES_PATH "?" SECTIONS "&page=%u&page-size=%u",
                                           page, state->page_size);
  PageCall *call = g_new0 (PageCall, 1);

  call->task = g_object_ref (task);
  call->page = page;
  state->n_pending++;
  _eo_jamf_client_call_rows (self, path, EO_JAMF_PRIVILEGE_READ_DEVICES, _eo_jamf_parse_devices,
                             g_task_get_cancellable (task), list_page_cb, call);
}

static void
list_done (GTask *task)
{
  ListState *state = g_task_get_task_data (task);
  GPtrArray *all;

  if (state->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&state->error));
      return;
    }
  all = g_ptr_array_new_full (state->n_read, (GDestroyNotify) eo_mdm_device_free);
  for (guint i = 0; i < state->pages->len; i++)
    {
      GPtrArray *page = g_ptr_array_index (state->pages, i);

      for (guint j = 0; page != NULL && j < page->len; j++)
        g_ptr_array_add (all, g_steal_pointer (&page->pdata[j]));
    }
  g_task_return_pointer (task, all, (GDestroyNotify) g_ptr_array_unref);
}

/* Keeps a page read (the error set when it is short). */
static void
keep_page (ListState *state,
           guint      page,
           guint      total,
           GPtrArray *devices)
{
  guint expected;

  if (state->pages == NULL)
    {
      /* The first page says how many there are. */
      state->total = total;
      state->n_pages = total == 0 ? 1 : (total + state->page_size - 1) / state->page_size;
      state->pages = g_ptr_array_new_full (state->n_pages, page_free);
      g_ptr_array_set_size (state->pages, state->n_pages);
    }
  if (page >= state->n_pages || g_ptr_array_index (state->pages, page) != NULL)
    {
      g_ptr_array_unref (devices);
      return;
    }
  expected = page + 1 < state->n_pages ? state->page_size : state->total - page * state->page_size;
  if (devices->len < expected && state->error == NULL)
    state->error = g_error_new (EO_ERROR, EO_ERROR_BAD_ANSWER,
                                _("Jamf Pro returned %u devices on page %u instead of %u: the list "
                                  "changed while it was read, or the server pages differently. Try again."),
                                devices->len, page + 1, expected);
  state->pages->pdata[page] = devices;
  state->n_read += devices->len;
  if (state->page_func != NULL)
    state->page_func (devices, state->n_read, state->total, state->page_data);
}

static void
list_page_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  EoJamfClient *self = EO_JAMF_CLIENT (source);
  PageCall *call = user_data;
  g_autoptr(GTask) task = call->task;
  guint page = call->page;
  ListState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfRows) rows = _eo_jamf_client_call_rows_finish (self, result, &error);

  g_free (call);
  state->n_pending--;
  if (error != NULL && state->error == NULL)
    state->error = g_steal_pointer (&error);
  if (rows != NULL)
    keep_page (state, page, rows->total, g_steal_pointer (&rows->rows));
  if (page == 0 && state->error == NULL)
    for (guint p = 1; p < state->n_pages; p++)
      request_page (self, task, p);
  if (state->n_pending == 0)
    list_done (task);
}

static void
eo_jamf_client_list_devices_async (EoMdmConnector      *connector,
                                   EoMdmPageFunc        page_func,
                                   gpointer             page_data,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  EoJamfClient *self = EO_JAMF_CLIENT (connector);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ListState *state = g_new0 (ListState, 1);

  g_task_set_source_tag (task, eo_jamf_client_list_devices_async);
  state->page_func = page_func;
  state->page_data = page_data;
  state->page_size = self->page_size;
  g_task_set_task_data (task, state, list_state_free);
  request_page (self, task, 0);
}

static GPtrArray *
eo_jamf_client_list_devices_finish (EoMdmConnector  *connector,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The push: one request of at most EO_JAMF_MAX_PUSH_BATCH devices */

static GBytes *
push_body (const char         *server_url,
           const char * const *ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clientData");
  json_builder_begin_array (builder);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "managementId");
      json_builder_add_string_value (builder, ids[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "commandData");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "commandType");
  json_builder_add_string_value (builder, "REFRESH_CELLULAR_PLANS");
  json_builder_set_member_name (builder, "esimServerUrl");
  json_builder_add_string_value (builder, server_url);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  return g_bytes_new_take (text, len);
}

static void
push_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = _eo_jamf_client_call_finish (EO_JAMF_CLIENT (source), result, &error);
  GPtrArray *ids;

  if (parser == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ids = _eo_jamf_parse_push (parser);
  if (ids == NULL)
    {
      g_task_return_new_error (task, EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN,
                               _("Jamf Pro took the commands but its answer cannot be read: "
                                 "they are looked up before anything is sent again."));
      return;
    }
  g_task_return_pointer (task, ids, (GDestroyNotify) g_ptr_array_unref);
}

static void
eo_jamf_client_push_async (EoMdmConnector      *connector,
                           const char          *server_url,
                           const char * const  *management_ids,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  EoJamfClient *self = EO_JAMF_CLIENT (connector);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) body = NULL;
  guint n = g_strv_length ((GStrv) management_ids);

  g_task_set_source_tag (task, eo_jamf_client_push_async);
  if (n == 0 || n > EO_JAMF_MAX_PUSH_BATCH)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "A push names 1 to %d devices", EO_JAMF_MAX_PUSH_BATCH);
      return;
    }
  for (guint i = 0; i < n; i++)
    if (!_eo_jamf_id_is_valid (management_ids[i]))
      {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "Not a management ID: %s", management_ids[i]);
        return;
      }
  body = push_body (server_url, management_ids);
  _eo_jamf_client_call (self, "POST", COMMANDS_PATH, body, EO_JAMF_PRIVILEGE_SEND_REFRESH, TRUE,
                        cancellable, push_cb, g_steal_pointer (&task));
}

static GPtrArray *
eo_jamf_client_push_finish (EoMdmConnector  *connector,
                            GAsyncResult    *result,
                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading commands: uuid=in=(…) by 100, or one device's */

typedef struct
{
  GPtrArray *commands;
  guint      n_pending;
  GError    *error;
} ReadState;

static void
read_state_free (gpointer data)
{
  ReadState *state = data;

  g_ptr_array_unref (state->commands);
  g_clear_error (&state->error);
  g_free (state);
}

static void
commands_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfRows) rows = _eo_jamf_client_call_rows_finish (EO_JAMF_CLIENT (source), result, &error);
  GPtrArray *commands = rows != NULL ? rows->rows : NULL;

  state->n_pending--;
  if (error != NULL && state->error == NULL)
    state->error = g_steal_pointer (&error);
  for (guint i = 0; commands != NULL && i < commands->len; i++)
    g_ptr_array_add (state->commands, g_steal_pointer (&commands->pdata[i]));
  if (state->n_pending > 0)
    return;
  if (state->error != NULL)
    g_task_return_error (task, g_steal_pointer (&state->error));
  else
    g_task_return_pointer (task, g_ptr_array_ref (state->commands), (GDestroyNotify) g_ptr_array_unref);
}

static GTask *
new_read_task (EoJamfClient        *self,
               gpointer             tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ReadState *state = g_new0 (ReadState, 1);

  g_task_set_source_tag (task, tag);
  state->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) eo_mdm_command_free);
  g_task_set_task_data (task, state, read_state_free);
  return task;
}

static void
read_filtered (EoJamfClient *self,
               GTask        *task,
               const char   *filter,
               guint         page_size)
{
  ReadState *state = g_task_get_task_data (task);
  g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (COMMANDS_PATH "?filter=%s&page=0&page-size=%u", escaped, page_size);

  state->n_pending++;
  _eo_jamf_client_call_rows (self, path, EO_JAMF_PRIVILEGE_VIEW_COMMANDS, _eo_jamf_parse_commands,
                             g_task_get_cancellable (task), commands_cb, g_object_ref (task));
}

static void
eo_jamf_client_read_commands_async (EoMdmConnector      *connector,
                                    const char * const  *command_ids,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  EoJamfClient *self = EO_JAMF_CLIENT (connector);
  g_autoptr(GTask) task = new_read_task (self, eo_jamf_client_read_commands_async, cancellable,
                                         callback, user_data);
  g_autoptr(GString) filter = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; command_ids[i] != NULL; i++)
    {
      if (!_eo_jamf_id_is_valid (command_ids[i]))
        continue;
      g_string_append_printf (filter, "%s%s", n == 0 ? "uuid=in=(" : ",", command_ids[i]);
      if (++n == EO_JAMF_MAX_READ_BATCH || command_ids[i + 1] == NULL)
        {
          g_string_append_c (filter, ')');
          read_filtered (self, task, filter->str, n);
          g_string_truncate (filter, 0);
          n = 0;
        }
    }
  if (n > 0)
    {
      g_string_append_c (filter, ')');
      read_filtered (self, task, filter->str, n);
    }
  if (((ReadState *) g_task_get_task_data (task))->n_pending == 0)
    g_task_return_pointer (task, g_ptr_array_new_with_free_func ((GDestroyNotify) eo_mdm_command_free),
                           (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
eo_jamf_client_read_commands_finish (EoMdmConnector  *connector,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, connector), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
eo_jamf_client_find_commands_async (EoMdmConnector      *connector,
                                    const char          *management_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  EoJamfClient *self = EO_JAMF_CLIENT (connector);
  g_autoptr(GTask) task = new_read_task (self, eo_jamf_client_find_commands_async, cancellable,
                                         callback, user_data);
  g_autofree char *filter = NULL;

  if (!_eo_jamf_id_is_valid (management_id))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Not a management ID: %s", management_id);
      return;
    }
  filter = g_strdup_printf ("clientManagementId==%s;command==REFRESH_CELLULAR_PLANS", management_id);
  read_filtered (self, task, filter, 100);
}

static guint
eo_jamf_client_get_max_batch (EoMdmConnector *connector)
{
  return EO_JAMF_MAX_PUSH_BATCH;
}

static void
eo_jamf_client_connector_init (EoMdmConnectorInterface *iface)
{
  iface->get_max_batch = eo_jamf_client_get_max_batch;
  iface->list_devices_async = eo_jamf_client_list_devices_async;
  iface->list_devices_finish = eo_jamf_client_list_devices_finish;
  iface->push_async = eo_jamf_client_push_async;
  iface->push_finish = eo_jamf_client_push_finish;
  iface->read_commands_async = eo_jamf_client_read_commands_async;
  iface->read_commands_finish = eo_jamf_client_read_commands_finish;
  iface->find_commands_async = eo_jamf_client_find_commands_async;
  iface->find_commands_finish = eo_jamf_client_read_commands_finish;
}

/* GObject */

static void
eo_jamf_client_finalize (GObject *object)
{
  EoJamfClient *self = EO_JAMF_CLIENT (object);

  _eo_jamf_client_drop_token (self);
  g_clear_pointer (&self->secret, eo_secret_free);
  g_free (self->client_id);
  g_free (self->url);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (eo_jamf_client_parent_class)->finalize (object);
}

static void
eo_jamf_client_class_init (EoJamfClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eo_jamf_client_finalize;
}

static void
eo_jamf_client_init (EoJamfClient *self)
{
  g_queue_init (&self->queue);
  g_queue_init (&self->token_waiters);
  self->page_size = EO_JAMF_DEFAULT_PAGE_SIZE;
  self->session = soup_session_new_with_options ("max-conns", EO_JAMF_MAX_IN_FLIGHT,
                                                 "max-conns-per-host", EO_JAMF_MAX_IN_FLIGHT,
                                                 "timeout", 60,
                                                 "idle-timeout", 60,
                                                 "user-agent", "esim-onboard/" PACKAGE_VERSION " ",
                                                 NULL);
}

/* Public API */

EoJamfClient *
eo_jamf_client_new (const char  *jamf_url,
                    GError     **error)
{
  g_autofree char *url = eo_server_address_normalize (jamf_url, error);
  EoJamfClient *self;

  if (url == NULL)
    return NULL;
  self = g_object_new (EO_TYPE_JAMF_CLIENT, NULL);
  self->url = g_steal_pointer (&url);
  return self;
}

const char *
eo_jamf_client_get_url (EoJamfClient *self)
{
  g_return_val_if_fail (EO_IS_JAMF_CLIENT (self), NULL);
  return self->url;
}

void
eo_jamf_client_set_credentials (EoJamfClient *self,
                                const char   *client_id,
                                const char   *client_secret)
{
  g_return_if_fail (EO_IS_JAMF_CLIENT (self));

  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  g_clear_pointer (&self->secret, eo_secret_free);
  self->secret = g_strdup (client_secret);
  _eo_jamf_client_drop_token (self);
}

const char *
eo_jamf_client_get_client_id (EoJamfClient *self)
{
  g_return_val_if_fail (EO_IS_JAMF_CLIENT (self), NULL);
  return self->client_id;
}

void
eo_jamf_client_set_tls_database (EoJamfClient *self,
                                 GTlsDatabase *database)
{
  g_return_if_fail (EO_IS_JAMF_CLIENT (self));
  soup_session_set_tls_database (self->session, database);
}

void
eo_jamf_client_set_page_size (EoJamfClient *self,
                              guint         page_size)
{
  g_return_if_fail (EO_IS_JAMF_CLIENT (self));
  self->page_size = CLAMP (page_size, 1, EO_JAMF_DEFAULT_PAGE_SIZE);
}

guint
eo_jamf_client_get_n_requests (EoJamfClient *self)
{
  return self->n_requests;
}

guint
eo_jamf_client_get_n_token_requests (EoJamfClient *self)
{
  return self->n_token_requests;
}

guint
eo_jamf_client_get_max_in_flight (EoJamfClient *self)
{
  return self->max_in_flight;
}

static void
test_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfRows) rows = _eo_jamf_client_call_rows_finish (EO_JAMF_CLIENT (source), result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
eo_jamf_client_test_connection_async (EoJamfClient        *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, eo_jamf_client_test_connection_async);
  _eo_jamf_client_call_rows (self, DEVICES_PATH "?section=GENERAL&page=0&page-size=1",
                             EO_JAMF_PRIVILEGE_READ_DEVICES, _eo_jamf_parse_devices, cancellable, test_cb, task);
}

gboolean
eo_jamf_client_test_connection_finish (EoJamfClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
