/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "jamf-sim-server"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jamf-sim-server-private.h"
#include "cso-sim-util.h"

/* Most devices one push may name (Jamf documents no limit: assumed). */
#define MAX_PUSH_DEVICES 1000

/* The token endpoint: OAuth 2 client credentials */

static char *
random_token (void)
{
  GString *token = g_string_sized_new (64);

  for (guint i = 0; i < 8; i++)
    g_string_append_printf (token, "%08x", g_random_int ());
  return g_string_free (token, FALSE);
}

void
_jamf_sim_server_handle_token (JamfSimServer     *self,
                               SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_autoptr(GHashTable) form = soup_form_decode (text);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *grant = g_hash_table_lookup (form, "grant_type");
  const char *id = g_hash_table_lookup (form, "client_id");
  const char *secret = g_hash_table_lookup (form, "client_secret");
  JamfSimClient *client = NULL;
  JamfSimToken *token;
  char *value;

  if (g_strcmp0 (grant, "client_credentials") != 0)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, "unsupported_grant_type");
      json_builder_end_object (builder);
      _jamf_sim_respond_json (msg, SOUP_STATUS_BAD_REQUEST, json_builder_get_root (builder));
      return;
    }
  for (guint i = 0; i < self->clients->len && client == NULL; i++)
    {
      JamfSimClient *candidate = g_ptr_array_index (self->clients, i);

      if (g_strcmp0 (candidate->client_id, id) == 0 && cso_sim_secret_equal (candidate->secret, secret))
        client = candidate;
    }
  if (client == NULL)
    {
      self->n_unauthorized++;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, "invalid_client");
      json_builder_end_object (builder);
      _jamf_sim_respond_json (msg, SOUP_STATUS_UNAUTHORIZED, json_builder_get_root (builder));
      return;
    }

  token = g_new0 (JamfSimToken, 1);
  token->client = client;
  token->expires_us = g_get_monotonic_time () + (gint64) self->token_seconds * G_USEC_PER_SEC;
  value = random_token ();
  g_hash_table_replace (self->tokens, g_strdup (value), token);
  self->n_tokens_issued++;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, "api-role:1");
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, self->token_seconds);
  json_builder_end_object (builder);
  g_free (value);
  _jamf_sim_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Paging, as the v2 endpoints do: 0-based page, page-size. FALSE when
 * answered 400. */
static gboolean
read_paging (JamfSimServer     *self,
             SoupServerMessage *msg,
             GHashTable        *params,
             guint             *page,
             guint             *page_size)
{
  const char *p = g_hash_table_lookup (params, "page");
  const char *s = g_hash_table_lookup (params, "page-size");
  guint64 page_value = 0, size_value = 100;

  if ((p != NULL && !g_ascii_string_to_unsigned (p, 10, 0, G_MAXINT, &page_value, NULL)) ||
      (s != NULL && !g_ascii_string_to_unsigned (s, 10, 1, G_MAXINT, &size_value, NULL)))
    {
      _jamf_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD",
                               "page and page-size must be numbers (page-size at least 1)");
      return FALSE;
    }
  if (size_value > self->max_page_size)
    {
      g_autofree char *text = g_strdup_printf ("page-size must be at most %u", self->max_page_size);

      _jamf_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_FIELD", text);
      return FALSE;
    }
  *page = (guint) page_value;
  *page_size = (guint) size_value;
  return TRUE;
}

/* The query with every value of a repeated parameter (section=A&section=B). */
static GHashTable *
parse_query (SoupServerMessage *msg,
             GPtrArray         *sections)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = g_strsplit (query != NULL ? query : "", "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL, *value = NULL;

      if (eq == NULL)
        continue;
      name = g_uri_unescape_segment (pairs[i], eq, NULL);
      value = g_uri_unescape_string (eq + 1, NULL);
      if (name == NULL || value == NULL)
        continue;
      if (g_str_equal (name, "section") && sections != NULL)
        g_ptr_array_add (sections, g_strdup (value));
      else
        g_hash_table_replace (params, g_steal_pointer (&name), g_steal_pointer (&value));
    }
  return params;
}

void
_jamf_sim_server_handle_devices (JamfSimServer     *self,
                                 SoupServerMessage *msg,
                                 JamfSimLogEntry   *entry)
{
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) params = parse_query (msg, sections);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 now = g_get_monotonic_time ();
  guint page, page_size;
  guint64 start, end;

  if (!read_paging (self, msg, params, &page, &page_size))
    return;
  g_ptr_array_add (sections, NULL);
  _jamf_sim_server_read_assignments (self);

  start = (guint64) page * page_size;
  end = MIN (start + page_size, (guint64) self->devices->len);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "totalCount");
  json_builder_add_int_value (builder, self->devices->len);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint64 i = start; i < end; i++)
    {
      JamfSimDevice *device = g_ptr_array_index (self->devices, i);

      _jamf_sim_server_refresh_device (self, device, now);
      jamf_sim_device_to_json (device, builder, (const char * const *) sections->pdata);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  entry->n_items = end > start ? (guint) (end - start) : 0;
  _jamf_sim_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* The push */

static JamfSimCommand *
new_command (JamfSimServer *self,
             JamfSimDevice *device,
             const char    *server_url)
{
  JamfSimCommand *command = g_new0 (JamfSimCommand, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GPtrArray *list;

  command->uuid = g_uuid_string_random ();
  command->device = device;
  command->server_url = g_strdup (server_url);
  command->date_sent = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  command->created_us = g_get_monotonic_time ();
  command->created_real_us = g_get_real_time ();
  command->outcome = device->outcome;
  g_ptr_array_add (self->commands, command);
  g_hash_table_insert (self->by_uuid, command->uuid, command);
  list = g_hash_table_lookup (self->device_commands, device);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->device_commands, device, list);
    }
  g_ptr_array_add (list, command);
  device->last_command = command;
  g_clear_pointer (&device->installed_iccid, g_free);
  self->n_commands_created++;
  return command;
}

/* The devices named by a push body, or NULL (answered 400). */
static GPtrArray *
read_push (JamfSimServer      *self,
           SoupServerMessage  *msg,
           JsonParser         *parser,
           const char        **server_url)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GPtrArray) devices = g_ptr_array_new ();
  JsonObject *root, *data;
  JsonArray *clients;
  const char *type, *url;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return _jamf_sim_respond_error (msg, 400, "INVALID_JSON", "The body is not a JSON object"), NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  clients = json_object_has_member (root, "clientData") ? json_object_get_array_member (root, "clientData") : NULL;
  data = json_object_has_member (root, "commandData") ? json_object_get_object_member (root, "commandData") : NULL;
  type = data != NULL ? json_object_get_string_member_with_default (data, "commandType", NULL) : NULL;
  url = data != NULL ? json_object_get_string_member_with_default (data, "esimServerUrl", NULL) : NULL;
  if (clients == NULL || json_array_get_length (clients) == 0 || json_array_get_length (clients) > MAX_PUSH_DEVICES)
    return _jamf_sim_respond_error (msg, 400, "INVALID_FIELD", "clientData must list 1 to 1000 devices"), NULL;
  if (g_strcmp0 (type, "REFRESH_CELLULAR_PLANS") != 0)
    return _jamf_sim_respond_error (msg, 400, "INVALID_FIELD", "commandData.commandType is not supported"), NULL;
  if (url == NULL || !g_str_has_prefix (url, "https://") || strlen (url) <= 8)
    return _jamf_sim_respond_error (msg, 400, "INVALID_FIELD", "commandData.esimServerUrl must be an https URL"), NULL;

  for (guint i = 0; i < json_array_get_length (clients); i++)
    {
      JsonObject *client = json_array_get_object_element (clients, i);
      const char *id = client != NULL ? json_object_get_string_member_with_default (client, "managementId", NULL) : NULL;
      JamfSimDevice *device = id != NULL ? g_hash_table_lookup (self->by_management_id, id) : NULL;

      if (device == NULL)
        {
          g_autofree char *text = g_strdup_printf ("clientData[%u].managementId is not a managed mobile device", i);

          _jamf_sim_respond_error (msg, 400, "INVALID_FIELD", text);
          return NULL;
        }
      g_ptr_array_add (devices, device);
    }
  *server_url = url;
  return g_steal_pointer (&devices);
}

void
_jamf_sim_server_handle_push (JamfSimServer     *self,
                              SoupServerMessage *msg,
                              JamfSimLogEntry   *entry)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) devices = NULL;
  const char *server_url = NULL;

  devices = read_push (self, msg, parser, &server_url);
  if (devices == NULL)
    return;
  json_builder_begin_array (builder);
  for (guint i = 0; i < devices->len; i++)
    {
      JamfSimCommand *command = new_command (self, g_ptr_array_index (devices, i), server_url);
      g_autofree char *href = g_strdup_printf ("/api/v2/mdm/commands?filter=uuid%%3D%%3D%s", command->uuid);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, command->uuid);
      json_builder_set_member_name (builder, "href");
      json_builder_add_string_value (builder, href);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  entry->n_items = devices->len;
  _jamf_sim_respond_json (msg, SOUP_STATUS_CREATED, json_builder_get_root (builder));
}

/* Reading commands */

/* The commands the filter can name, in the order they were sent. */
static GPtrArray *
candidates (JamfSimServer *self,
            JamfSimFilter *filter)
{
  GHashTable *uuids = jamf_sim_filter_values (filter, "uuid");
  GHashTable *ids = jamf_sim_filter_values (filter, "clientManagementId");
  GPtrArray *found = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (uuids == NULL && ids == NULL)
    {
      for (guint i = 0; i < self->commands->len; i++)
        g_ptr_array_add (found, g_ptr_array_index (self->commands, i));
      return found;
    }
  if (uuids != NULL)
    {
      g_hash_table_iter_init (&iter, uuids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          JamfSimCommand *command = g_hash_table_lookup (self->by_uuid, key);

          if (command != NULL)
            g_ptr_array_add (found, command);
        }
    }
  else
    {
      g_hash_table_iter_init (&iter, ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          JamfSimDevice *device = g_hash_table_lookup (self->by_management_id, key);
          GPtrArray *list = device != NULL ? g_hash_table_lookup (self->device_commands, device) : NULL;

          for (guint i = 0; list != NULL && i < list->len; i++)
            g_ptr_array_add (found, g_ptr_array_index (list, i));
        }
    }
  return found;
}

static int
compare_sent (gconstpointer a,
              gconstpointer b)
{
  const JamfSimCommand *ca = *(JamfSimCommand **) a, *cb = *(JamfSimCommand **) b;

  return (ca->created_us > cb->created_us) - (ca->created_us < cb->created_us);
}

void
_jamf_sim_server_handle_commands (JamfSimServer     *self,
                                  SoupServerMessage *msg,
                                  JamfSimLogEntry   *entry)
{
  g_autoptr(GHashTable) params = parse_query (msg, NULL);
  g_autoptr(JamfSimFilter) filter = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_monotonic_time ();
  guint page, page_size;
  guint64 start, end;

  if (!read_paging (self, msg, params, &page, &page_size))
    return;
  filter = jamf_sim_filter_parse (g_hash_table_lookup (params, "filter"), &error);
  if (filter == NULL)
    {
      _jamf_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_FILTER", error->message);
      return;
    }
  found = candidates (self, filter);
  for (guint i = 0; i < found->len; i++)
    if (jamf_sim_filter_matches (filter, g_ptr_array_index (found, i)))
      g_ptr_array_add (matching, g_ptr_array_index (found, i));
  g_ptr_array_sort (matching, compare_sent);

  start = (guint64) page * page_size;
  end = MIN (start + page_size, (guint64) matching->len);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "totalCount");
  json_builder_add_int_value (builder, matching->len);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint64 i = start; i < end; i++)
    jamf_sim_command_to_json (g_ptr_array_index (matching, i), builder, now, self->ack_delay_us);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  entry->n_items = end > start ? (guint) (end - start) : 0;
  _jamf_sim_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
