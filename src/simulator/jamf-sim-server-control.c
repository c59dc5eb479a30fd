/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "jamf-sim-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jamf-sim-server-private.h"

/* The control endpoints under /_sim/: no token needed, not counted nor
 * logged. stats, requests (GET, DELETE), faults (GET, POST, DELETE),
 * iccids (POST {"EID":"ICCID"}), outcomes (POST {"ID":"NOT_NOW"}),
 * tokens (DELETE: every token expires now). */

static const struct
{
  const char *name;
  guint       endpoints;
} endpoint_names[] = {
  { "token", JAMF_SIM_ENDPOINT_TOKEN },
  { "devices", JAMF_SIM_ENDPOINT_DEVICES },
  { "push", JAMF_SIM_ENDPOINT_PUSH },
  { "commands", JAMF_SIM_ENDPOINT_COMMANDS },
  { "any", JAMF_SIM_ENDPOINT_ANY },
};

JsonNode *
_jamf_sim_fault_to_json (JamfSimFault *fault)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *name = "any";

  for (guint i = 0; i < G_N_ELEMENTS (endpoint_names); i++)
    if (endpoint_names[i].endpoints == fault->endpoints)
      name = endpoint_names[i].name;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "endpoint");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, fault->status);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, fault->remaining);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JamfSimFault *
_jamf_sim_fault_from_json (JsonNode  *node,
                           GError   **error)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *name = object != NULL ? json_object_get_string_member_with_default (object, "endpoint", "any") : NULL;
  gint64 status = object != NULL ? json_object_get_int_member_with_default (object, "status", 0) : 0;
  JamfSimFault *fault;
  guint endpoints = 0;

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (endpoint_names); i++)
    if (g_str_equal (name, endpoint_names[i].name))
      endpoints = endpoint_names[i].endpoints;
  if (endpoints == 0 || (status != 401 && status != 403 && status != 429 && status != 500))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "A fault is {\"endpoint\": token|devices|push|commands|any, "
                           "\"status\": 401|403|429|500, \"count\": N (-1: always)}");
      return NULL;
    }
  fault = g_new0 (JamfSimFault, 1);
  fault->endpoints = endpoints;
  fault->status = (guint) status;
  fault->remaining = (int) json_object_get_int_member_with_default (object, "count", 1);
  return fault;
}

static JsonNode *
faults_to_json (JamfSimServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faults");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->faults->len; i++)
    json_builder_add_value (builder, _jamf_sim_fault_to_json (g_ptr_array_index (self->faults, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
requests_to_json (JamfSimServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (GList *l = self->log.head; l != NULL; l = l->next)
    {
      JamfSimLogEntry *entry = l->data;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time_us");
      json_builder_add_int_value (builder, entry->time_us);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, entry->method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, entry->path);
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, entry->query != NULL ? entry->query : "");
      json_builder_set_member_name (builder, "token_present");
      json_builder_add_boolean_value (builder, entry->has_token);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, entry->status);
      json_builder_set_member_name (builder, "fault");
      json_builder_add_int_value (builder, entry->fault);
      json_builder_set_member_name (builder, "items");
      json_builder_add_int_value (builder, entry->n_items);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The body of a control POST as an object, or NULL (answered 400). */
static JsonObject *
read_object (SoupServerMessage *msg,
             JsonParser        *parser)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      _jamf_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_JSON", "Expected a JSON object");
      return NULL;
    }
  return json_node_get_object (json_parser_get_root (parser));
}

static void
post_fault (JamfSimServer     *self,
            SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JamfSimFault *fault;

  if (read_object (msg, parser) == NULL)
    return;
  fault = _jamf_sim_fault_from_json (json_parser_get_root (parser), &error);
  if (fault == NULL)
    {
      _jamf_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_FAULT", error->message);
      return;
    }
  _jamf_sim_server_add_fault (self, fault);
  _jamf_sim_respond_json (msg, SOUP_STATUS_OK, faults_to_json (self));
}

/* {"EID": "ICCID", …}: what the CSO assigned, as a shared file would say. */
static void
post_iccids (JamfSimServer     *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObjectIter iter;
  JsonObject *object = read_object (msg, parser);
  const char *eid;
  JsonNode *value;

  if (object == NULL)
    return;
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &eid, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      g_hash_table_replace (self->assignments, g_strdup (eid), g_strdup (json_node_get_string (value)));
  _jamf_sim_respond_json (msg, SOUP_STATUS_OK, _jamf_sim_server_stats_json (self));
}

/* {"MANAGEMENT_ID_OR_SERIAL": "NOT_NOW", …}: the answer of later commands. */
static void
post_outcomes (JamfSimServer     *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObjectIter iter;
  JsonObject *object = read_object (msg, parser);
  const char *id;
  JsonNode *value;

  if (object == NULL)
    return;
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &id, &value))
    {
      g_autofree char *spec = g_strdup_printf ("%s=%s", id,
                                               JSON_NODE_HOLDS_VALUE (value) ? json_node_get_string (value) : "");
      g_autoptr(GError) error = NULL;

      if (!jamf_sim_server_set_outcome_spec (self, spec, &error))
        {
          _jamf_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_OUTCOME", error->message);
          return;
        }
    }
  _jamf_sim_respond_json (msg, SOUP_STATUS_OK, _jamf_sim_server_stats_json (self));
}

static void
expire_tokens (JamfSimServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ((JamfSimToken *) value)->expires_us = 0;
}

void
_jamf_sim_server_handle_control (JamfSimServer     *self,
                                 SoupServerMessage *msg,
                                 const char        *path)
{
  const char *what = path + sizeof JAMF_SIM_CONTROL_PREFIX - 1;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, "GET"), post = g_str_equal (method, "POST");
  gboolean delete = g_str_equal (method, "DELETE");

  if (g_str_equal (what, "stats") && get)
    _jamf_sim_respond_json (msg, SOUP_STATUS_OK, _jamf_sim_server_stats_json (self));
  else if (g_str_equal (what, "requests") && (get || delete))
    {
      if (delete)
        g_queue_clear_full (&self->log, _jamf_sim_log_entry_free);
      _jamf_sim_respond_json (msg, SOUP_STATUS_OK, requests_to_json (self));
    }
  else if (g_str_equal (what, "faults") && (get || delete))
    {
      if (delete)
        g_ptr_array_set_size (self->faults, 0);
      _jamf_sim_respond_json (msg, SOUP_STATUS_OK, faults_to_json (self));
    }
  else if (g_str_equal (what, "faults") && post)
    post_fault (self, msg);
  else if (g_str_equal (what, "iccids") && post)
    post_iccids (self, msg);
  else if (g_str_equal (what, "outcomes") && post)
    post_outcomes (self, msg);
  else if (g_str_equal (what, "tokens") && delete)
    {
      expire_tokens (self);
      _jamf_sim_respond_json (msg, SOUP_STATUS_OK, _jamf_sim_server_stats_json (self));
    }
  else
    _jamf_sim_respond_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such control endpoint");
}
