/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "jamf-sim-server"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jamf-sim-server-private.h"
#include "cso-sim-util.h"

#define MAX_LOG_ENTRIES 2000
#define MAX_ASSIGNMENT_LINE 256

G_DEFINE_FINAL_TYPE (JamfSimServer, jamf_sim_server, G_TYPE_OBJECT)

static void
client_free (gpointer data)
{
  JamfSimClient *client = data;

  g_free (client->client_id);
  g_free (client->secret);
  g_strfreev (client->privileges);
  g_free (client);
}

void
_jamf_sim_log_entry_free (gpointer data)
{
  JamfSimLogEntry *entry = data;

  g_free (entry->method);
  g_free (entry->path);
  g_free (entry->query);
  g_free (entry);
}

/* Answers */

void
_jamf_sim_respond_json (SoupServerMessage *msg,
                        guint              status,
                        JsonNode          *root)
{
  char *body = cso_sim_json_to_string (root);

  soup_server_message_set_status (msg, status, status == 429 ? "Too Many Requests" : NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

/* Jamf Pro API's error shape: {"httpStatus", "errors":[{"code",
 * "description", "id", "field"}]}. */
void
_jamf_sim_respond_error (SoupServerMessage *msg,
                         guint              status,
                         const char        *code,
                         const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "httpStatus");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "0");
  json_builder_set_member_name (builder, "field");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _jamf_sim_respond_json (msg, status, json_builder_get_root (builder));
}

/* Assignments shared with the CSO simulator */

static void
add_assignment_line (JamfSimServer *self,
                     const char    *line)
{
  g_auto(GStrv) parts = g_strsplit (line, ",", 3);

  if (g_strv_length (parts) >= 2 && cso_sim_eid_is_valid (g_strstrip (parts[0])))
    g_hash_table_replace (self->assignments, g_strdup (parts[0]), g_strdup (g_strstrip (parts[1])));
}

/* Reads what was appended to the assignments file since the last time. */
void
_jamf_sim_server_read_assignments (JamfSimServer *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  char buffer[8192];
  gssize n;

  if (self->assignments_path == NULL)
    return;
  file = g_file_new_for_path (self->assignments_path);
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL ||
      !g_seekable_seek (G_SEEKABLE (stream), self->assignments_read, G_SEEK_SET, NULL, NULL))
    return;
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      self->assignments_read += n;
      for (gssize i = 0; i < n; i++)
        {
          if (buffer[i] == '\n')
            {
              add_assignment_line (self, self->assignments_partial->str);
              g_string_truncate (self->assignments_partial, 0);
            }
          else if (self->assignments_partial->len < MAX_ASSIGNMENT_LINE)
            g_string_append_c (self->assignments_partial, buffer[i]);
        }
    }
}

/* The eSIM shows in inventory some time after the acknowledgment, once
 * the ICCID the CSO assigned to the phone's EID is known. */
void
_jamf_sim_server_refresh_device (JamfSimServer *self,
                                 JamfSimDevice *device,
                                 gint64         now_us)
{
  JamfSimCommand *command = device->last_command;
  const char *iccid;

  if (command == NULL || device->installed_iccid != NULL || device->eid == NULL ||
      command->outcome != JAMF_SIM_OUTCOME_ACKNOWLEDGED ||
      now_us < command->created_us + self->ack_delay_us + self->inventory_delay_us)
    return;
  iccid = g_hash_table_lookup (self->assignments, device->eid);
  if (iccid != NULL)
    device->installed_iccid = g_strdup (iccid);
}

/* Faults */

void
_jamf_sim_server_add_fault (JamfSimServer *self,
                            JamfSimFault  *fault)
{
  if (fault->remaining == 0)
    g_free (fault);
  else
    g_ptr_array_add (self->faults, fault);
}

static guint
take_fault (JamfSimServer   *self,
            JamfSimEndpoint  endpoint)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      JamfSimFault *fault = g_ptr_array_index (self->faults, i);
      guint status = fault->status;

      if ((fault->endpoints & endpoint) == 0)
        continue;
      if (fault->remaining > 0 && --fault->remaining == 0)
        g_ptr_array_remove_index (self->faults, i);
      return status;
    }
  return 0;
}

static const char *
endpoint_privilege (JamfSimEndpoint endpoint)
{
  switch (endpoint)
    {
    case JAMF_SIM_ENDPOINT_DEVICES:
      return JAMF_SIM_PRIV_READ_DEVICES;
    case JAMF_SIM_ENDPOINT_PUSH:
      return JAMF_SIM_PRIV_SEND_REFRESH;
    case JAMF_SIM_ENDPOINT_COMMANDS:
      return JAMF_SIM_PRIV_VIEW_COMMANDS;
    case JAMF_SIM_ENDPOINT_TOKEN:
    case JAMF_SIM_ENDPOINT_ANY:
    default:
      return NULL;
    }
}

static void
respond_forbidden (JamfSimServer     *self,
                   SoupServerMessage *msg,
                   JamfSimEndpoint    endpoint)
{
  g_autofree char *text = g_strdup_printf ("Forbidden: the API role lacks the privilege “%s”",
                                           endpoint_privilege (endpoint));

  self->n_forbidden++;
  _jamf_sim_respond_error (msg, SOUP_STATUS_FORBIDDEN, "INVALID_PRIVILEGE", text);
}

static void
respond_fault (JamfSimServer     *self,
               SoupServerMessage *msg,
               JamfSimEndpoint    endpoint,
               guint              status)
{
  if (status == 401)
    {
      self->n_unauthorized++;
      _jamf_sim_respond_error (msg, 401, "INVALID_TOKEN", "Unauthorized");
    }
  else if (status == 403 && endpoint != JAMF_SIM_ENDPOINT_TOKEN)
    respond_forbidden (self, msg, endpoint);
  else if (status == 429)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", self->retry_after);

      self->n_throttled++;
      _jamf_sim_respond_error (msg, 429, "TOO_MANY_REQUESTS", "Rate limit exceeded");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", seconds);
    }
  else
    {
      self->n_server_errors++;
      _jamf_sim_respond_error (msg, status, "SERVER_ERROR", "Internal server error (simulated)");
    }
}

/* Tokens */

/* The client behind a valid bearer token, or NULL (answered 401). */
static JamfSimClient *
check_token (JamfSimServer     *self,
             SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  JamfSimToken *token = NULL;

  if (auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    token = g_hash_table_lookup (self->tokens, auth + 7);
  if (token != NULL && token->expires_us > g_get_monotonic_time ())
    return token->client;

  if (token != NULL)
    self->n_expired_tokens++;
  self->n_unauthorized++;
  _jamf_sim_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "INVALID_TOKEN", "Unauthorized");
  return NULL;
}

/* Concurrency */

static void
request_done_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  JamfSimServer *self = user_data;

  if (g_object_get_data (G_OBJECT (msg), "jamf-sim-counted") == NULL)
    return;
  g_object_set_data (G_OBJECT (msg), "jamf-sim-counted", NULL);
  self->in_flight--;
}

static void
count_in_flight (JamfSimServer     *self,
                 SoupServerMessage *msg)
{
  self->in_flight++;
  if (self->in_flight > self->max_in_flight)
    self->max_in_flight = self->in_flight;
  if (self->in_flight > JAMF_SIM_MAX_CONCURRENT)
    {
      self->n_over_limit++;
      g_warning ("%u requests at once: Jamf asks for at most %d concurrent connections",
                 self->in_flight, JAMF_SIM_MAX_CONCURRENT);
    }
  g_object_set_data (G_OBJECT (msg), "jamf-sim-counted", GINT_TO_POINTER (1));
  g_signal_connect_object (msg, "finished", G_CALLBACK (request_done_cb), self, 0);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (request_done_cb), self, 0);
}

static gboolean
latency_done_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;
  JamfSimServer *self = g_object_get_data (G_OBJECT (msg), "jamf-sim-server");

  g_hash_table_steal (self->delayed, msg);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
delay_answer (JamfSimServer     *self,
              SoupServerMessage *msg)
{
  guint id;

  soup_server_message_pause (msg);
  g_object_set_data (G_OBJECT (msg), "jamf-sim-server", self);
  id = g_timeout_add (self->latency_ms, latency_done_cb, g_object_ref (msg));
  g_hash_table_insert (self->delayed, msg, GUINT_TO_POINTER (id));
}

/* Dispatch */

static JamfSimEndpoint
classify (const char *path,
          const char *method,
          gboolean   *known_path)
{
  *known_path = TRUE;
  if (g_str_equal (path, JAMF_SIM_TOKEN_PATH))
    return g_str_equal (method, "POST") ? JAMF_SIM_ENDPOINT_TOKEN : 0;
  if (g_str_equal (path, JAMF_SIM_DEVICES_PATH))
    return g_str_equal (method, "GET") ? JAMF_SIM_ENDPOINT_DEVICES : 0;
  if (g_str_equal (path, JAMF_SIM_COMMANDS_PATH))
    {
      if (g_str_equal (method, "POST"))
        return JAMF_SIM_ENDPOINT_PUSH;
      return g_str_equal (method, "GET") ? JAMF_SIM_ENDPOINT_COMMANDS : 0;
    }
  *known_path = FALSE;
  return 0;
}

static JamfSimLogEntry *
log_request (JamfSimServer     *self,
             SoupServerMessage *msg,
             const char        *path)
{
  JamfSimLogEntry *entry = g_new0 (JamfSimLogEntry, 1);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");

  entry->time_us = g_get_real_time ();
  entry->method = g_strdup (soup_server_message_get_method (msg));
  entry->path = g_strdup (path);
  entry->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
  entry->has_token = auth != NULL;
  g_queue_push_tail (&self->log, entry);
  while (g_queue_get_length (&self->log) > MAX_LOG_ENTRIES)
    _jamf_sim_log_entry_free (g_queue_pop_head (&self->log));
  return entry;
}

static void
handle_api (JamfSimServer     *self,
            SoupServerMessage *msg,
            JamfSimEndpoint    endpoint,
            JamfSimLogEntry   *entry)
{
  JamfSimClient *client;
  const char *privilege = endpoint_privilege (endpoint);

  if (endpoint == JAMF_SIM_ENDPOINT_TOKEN)
    {
      _jamf_sim_server_handle_token (self, msg);
      return;
    }
  client = check_token (self, msg);
  if (client == NULL)
    return;
  if (client->privileges != NULL && !g_strv_contains ((const char * const *) client->privileges, privilege))
    {
      respond_forbidden (self, msg, endpoint);
      return;
    }
  if (endpoint == JAMF_SIM_ENDPOINT_DEVICES)
    _jamf_sim_server_handle_devices (self, msg, entry);
  else if (endpoint == JAMF_SIM_ENDPOINT_PUSH)
    _jamf_sim_server_handle_push (self, msg, entry);
  else
    _jamf_sim_server_handle_commands (self, msg, entry);
}

static void
server_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  JamfSimServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  JamfSimLogEntry *entry;
  JamfSimEndpoint endpoint;
  gboolean known_path;
  guint fault = 0;

  if (g_str_has_prefix (path, JAMF_SIM_CONTROL_PREFIX))
    {
      _jamf_sim_server_handle_control (self, msg, path);
      return;
    }

  self->n_requests++;
  entry = log_request (self, msg, path);
  count_in_flight (self, msg);
  endpoint = classify (path, method, &known_path);
  if (endpoint == JAMF_SIM_ENDPOINT_TOKEN)
    self->n_token_requests++;
  else if (endpoint == JAMF_SIM_ENDPOINT_DEVICES)
    self->n_device_requests++;
  else if (endpoint == JAMF_SIM_ENDPOINT_PUSH)
    self->n_push_requests++;
  else if (endpoint == JAMF_SIM_ENDPOINT_COMMANDS)
    self->n_command_requests++;

  if (endpoint != 0)
    fault = take_fault (self, endpoint);

  if (endpoint == 0)
    _jamf_sim_respond_error (msg, known_path ? SOUP_STATUS_METHOD_NOT_ALLOWED : SOUP_STATUS_NOT_FOUND,
                             known_path ? "METHOD_NOT_ALLOWED" : "NOT_FOUND",
                             known_path ? "Method not allowed" : "Not found");
  else if (fault != 0)
    respond_fault (self, msg, endpoint, fault);
  else
    handle_api (self, msg, endpoint, entry);

  entry->fault = fault;
  entry->status = soup_server_message_get_status (msg);
  if (!self->quiet)
    g_message ("%s %s -> %u", method, path, entry->status);
  if (self->latency_ms > 0)
    delay_answer (self, msg);
}

/* Stats */

JsonNode *
_jamf_sim_server_stats_json (JamfSimServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const struct { const char *name; gint64 value; } counters[] = {
    { "requests", (gint64) self->n_requests },
    { "token_requests", (gint64) self->n_token_requests },
    { "tokens_issued", (gint64) self->n_tokens_issued },
    { "device_requests", (gint64) self->n_device_requests },
    { "push_requests", (gint64) self->n_push_requests },
    { "commands_created", (gint64) self->n_commands_created },
    { "command_requests", (gint64) self->n_command_requests },
    { "unauthorized", (gint64) self->n_unauthorized },
    { "expired_tokens", (gint64) self->n_expired_tokens },
    { "forbidden", (gint64) self->n_forbidden },
    { "throttled", (gint64) self->n_throttled },
    { "server_errors", (gint64) self->n_server_errors },
    { "in_flight", self->in_flight },
    { "max_in_flight", self->max_in_flight },
    { "over_limit", (gint64) self->n_over_limit },
    { "devices", self->devices->len },
    { "assignments", g_hash_table_size (self->assignments) },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    {
      json_builder_set_member_name (builder, counters[i].name);
      json_builder_add_int_value (builder, counters[i].value);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* GObject */

static void
jamf_sim_server_dispose (GObject *object)
{
  JamfSimServer *self = JAMF_SIM_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (jamf_sim_server_parent_class)->dispose (object);
}

static void
jamf_sim_server_finalize (GObject *object)
{
  JamfSimServer *self = JAMF_SIM_SERVER (object);

  g_hash_table_unref (self->delayed);
  g_hash_table_unref (self->device_commands);
  g_hash_table_unref (self->by_uuid);
  g_ptr_array_unref (self->commands);
  g_hash_table_unref (self->by_management_id);
  g_hash_table_unref (self->by_serial);
  g_ptr_array_unref (self->devices);
  g_hash_table_unref (self->tokens);
  g_ptr_array_unref (self->clients);
  g_ptr_array_unref (self->faults);
  g_hash_table_unref (self->assignments);
  g_string_free (self->assignments_partial, TRUE);
  g_free (self->assignments_path);
  g_queue_clear_full (&self->log, _jamf_sim_log_entry_free);
  g_free (self->url);

  G_OBJECT_CLASS (jamf_sim_server_parent_class)->finalize (object);
}

static void
jamf_sim_server_class_init (JamfSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = jamf_sim_server_dispose;
  object_class->finalize = jamf_sim_server_finalize;
}

static void
jamf_sim_server_init (JamfSimServer *self)
{
  self->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) jamf_sim_device_free);
  self->by_management_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_serial = g_hash_table_new (g_str_hash, g_str_equal);
  self->clients = g_ptr_array_new_with_free_func (client_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) jamf_sim_command_free);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  self->device_commands = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->faults = g_ptr_array_new_with_free_func (g_free);
  self->assignments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->assignments_partial = g_string_new (NULL);
  self->delayed = g_hash_table_new_full (NULL, NULL, NULL, NULL);
  g_queue_init (&self->log);

  self->token_seconds = 60;
  self->max_page_size = 2000;
  self->ack_delay_us = 1500 * 1000;
  self->inventory_delay_us = 3000 * 1000;
  self->retry_after = 1;

  self->soup = soup_server_new ("server-header", "jamf-simulator/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, server_handler_cb, self, NULL);
}

/* Public API */

JamfSimServer *
jamf_sim_server_new (void)
{
  return g_object_new (JAMF_SIM_TYPE_SERVER, NULL);
}

void
jamf_sim_server_set_devices (JamfSimServer *self,
                             GPtrArray     *devices)
{
  g_return_if_fail (JAMF_SIM_IS_SERVER (self));

  g_ptr_array_unref (self->devices);
  self->devices = devices;
  for (guint i = 0; i < devices->len; i++)
    {
      JamfSimDevice *device = g_ptr_array_index (devices, i);

      device->id = i + 1;
      g_hash_table_insert (self->by_management_id, device->management_id, device);
      g_hash_table_insert (self->by_serial, device->serial, device);
    }
}

void
jamf_sim_server_add_client (JamfSimServer      *self,
                            const char         *client_id,
                            const char         *client_secret,
                            const char * const *privileges)
{
  JamfSimClient *client = g_new0 (JamfSimClient, 1);

  client->client_id = g_strdup (client_id);
  client->secret = g_strdup (client_secret);
  client->privileges = privileges != NULL ? g_strdupv ((GStrv) privileges) : NULL;
  g_ptr_array_add (self->clients, client);
}

gboolean
jamf_sim_server_load_clients (JamfSimServer  *self,
                              const char     *path,
                              GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *clients;

  if (!json_parser_load_from_file (parser, path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "clients") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "clients")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: expected {\"clients\": [ … ]}", path);
      return FALSE;
    }
  clients = json_object_get_array_member (json_node_get_object (root), "clients");
  for (guint i = 0; i < json_array_get_length (clients); i++)
    {
      JsonObject *client = json_array_get_object_element (clients, i);
      g_autoptr(GStrvBuilder) privileges = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      const char *id, *secret;

      id = client != NULL ? json_object_get_string_member_with_default (client, "client_id", NULL) : NULL;
      secret = client != NULL ? json_object_get_string_member_with_default (client, "client_secret", NULL) : NULL;
      if (id == NULL || secret == NULL)
        {
          /* Never quote a secret. */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: client %u needs client_id and client_secret", path, i + 1);
          return FALSE;
        }
      if (json_object_has_member (client, "privileges"))
        {
          JsonArray *names = json_object_get_array_member (client, "privileges");

          for (guint j = 0; names != NULL && j < json_array_get_length (names); j++)
            g_strv_builder_add (privileges, json_array_get_string_element (names, j));
          list = g_strv_builder_end (privileges);
        }
      jamf_sim_server_add_client (self, id, secret, (const char * const *) list);
    }
  return TRUE;
}

guint
jamf_sim_server_get_n_clients (JamfSimServer *self)
{
  return self->clients->len;
}

void
jamf_sim_server_set_token_seconds (JamfSimServer *self,
                                   guint          seconds)
{
  self->token_seconds = MAX (seconds, 1);
}

void
jamf_sim_server_set_max_page_size (JamfSimServer *self,
                                   guint          size)
{
  self->max_page_size = MAX (size, 1);
}

void
jamf_sim_server_set_delays (JamfSimServer *self,
                            guint          ack_ms,
                            guint          inventory_ms)
{
  self->ack_delay_us = (gint64) ack_ms * 1000;
  self->inventory_delay_us = (gint64) inventory_ms * 1000;
}

void
jamf_sim_server_set_latency_ms (JamfSimServer *self,
                                guint          latency_ms)
{
  self->latency_ms = latency_ms;
}

void
jamf_sim_server_set_retry_after (JamfSimServer *self,
                                 guint          seconds)
{
  self->retry_after = seconds;
}

void
jamf_sim_server_set_assignments (JamfSimServer *self,
                                 const char    *path)
{
  g_free (self->assignments_path);
  self->assignments_path = g_strdup (path);
  self->assignments_read = 0;
}

gboolean
jamf_sim_server_set_outcome_spec (JamfSimServer  *self,
                                  const char     *spec,
                                  GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "=", 2);
  JamfSimDevice *device = NULL;
  JamfSimOutcome outcome;

  if (g_strv_length (parts) == 2)
    {
      device = g_hash_table_lookup (self->by_management_id, parts[0]);
      if (device == NULL)
        device = g_hash_table_lookup (self->by_serial, parts[0]);
    }
  if (device == NULL || !jamf_sim_outcome_from_string (parts[1], &outcome))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s”: expected MANAGEMENT_ID_OR_SERIAL=NOT_NOW|ERROR|ACKNOWLEDGED of a known device",
                   spec);
      return FALSE;
    }
  device->outcome = outcome;
  return TRUE;
}

gboolean
jamf_sim_server_add_fault_spec (JamfSimServer  *self,
                                const char     *spec,
                                GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) parts = g_strsplit_set (spec, "=:", 3);
  g_autoptr(JsonNode) node = NULL;
  JamfSimFault *fault;

  if (g_strv_length (parts) < 2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s”: expected ENDPOINT=STATUS[:COUNT]", spec);
      return FALSE;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "endpoint");
  json_builder_add_string_value (builder, parts[0]);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, g_ascii_strtoll (parts[1], NULL, 10));
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, parts[2] != NULL ? g_ascii_strtoll (parts[2], NULL, 10) : -1);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  fault = _jamf_sim_fault_from_json (node, error);
  if (fault == NULL)
    return FALSE;
  _jamf_sim_server_add_fault (self, fault);
  return TRUE;
}

void
jamf_sim_server_set_quiet (JamfSimServer *self,
                           gboolean       quiet)
{
  self->quiet = !!quiet;
}

gboolean
jamf_sim_server_listen (JamfSimServer    *self,
                        const char       *host,
                        guint             port,
                        GTlsCertificate  *certificate,
                        GError          **error)
{
  return cso_sim_listen_loopback (self->soup, host, port, certificate, &self->url, error);
}

const char *
jamf_sim_server_get_url (JamfSimServer *self)
{
  return self->url;
}
