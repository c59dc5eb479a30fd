/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cso-sim-server-private.h"

/* The control endpoints under /_sim/ (stats, faults, the request log):
 * no key needed, not counted nor logged. */

static JsonNode *
stats_to_json (CsoSimServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, (gint64) self->n_requests);
  json_builder_set_member_name (builder, "uploads");
  json_builder_add_int_value (builder, (gint64) self->n_uploads);
  json_builder_set_member_name (builder, "accepted_uploads");
  json_builder_add_int_value (builder, (gint64) self->n_accepted_uploads);
  json_builder_set_member_name (builder, "status_requests");
  json_builder_add_int_value (builder, (gint64) self->n_status_requests);
  json_builder_set_member_name (builder, "rows_processed");
  json_builder_add_int_value (builder, (gint64) self->n_rows_processed);
  json_builder_set_member_name (builder, "rows_pending");
  json_builder_add_int_value (builder, g_queue_get_length (&self->queue));
  json_builder_set_member_name (builder, "processing_ms");
  json_builder_add_int_value (builder, _cso_sim_server_processing_ms (self));
  json_builder_set_member_name (builder, "faults_applied");
  json_builder_add_int_value (builder, (gint64) self->n_faults_applied);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
faults_to_json (CsoSimServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faults");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->faults->len; i++)
    json_builder_add_value (builder, cso_sim_fault_to_json (g_ptr_array_index (self->faults, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
requests_to_json (CsoSimServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (GList *l = self->log.head; l != NULL; l = l->next)
    {
      LogEntry *entry = l->data;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "time_us");
      json_builder_add_int_value (builder, entry->time_us);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, entry->method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, entry->path);
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, entry->query != NULL ? entry->query : "");
      json_builder_set_member_name (builder, "api_key_present");
      json_builder_add_boolean_value (builder, entry->has_api_key);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, entry->status);
      json_builder_set_member_name (builder, "fault");
      if (entry->fault != NULL)
        json_builder_add_string_value (builder, entry->fault);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "request_id");
      if (entry->request_id != NULL)
        json_builder_add_string_value (builder, entry->request_id);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
handle_post_fault (CsoSimServer      *self,
                   SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  CsoSimFault *fault;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      _cso_sim_respond_control_error (msg, SOUP_STATUS_BAD_REQUEST,
                             error != NULL ? error->message : "Empty body");
      return;
    }

  fault = cso_sim_fault_from_json (json_parser_get_root (parser), &error);
  if (fault == NULL)
    {
      _cso_sim_respond_control_error (msg, SOUP_STATUS_BAD_REQUEST, error->message);
      return;
    }

  cso_sim_server_add_fault (self, fault);
  _cso_sim_respond_json (msg, SOUP_STATUS_OK, faults_to_json (self));
}

void
_cso_sim_server_handle_control (CsoSimServer      *self,
                                SoupServerMessage *msg,
                                const char        *path)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean is_get = g_str_equal (method, "GET");
  gboolean is_post = g_str_equal (method, "POST");
  gboolean is_delete = g_str_equal (method, "DELETE");

  if (g_str_equal (path, CSO_SIM_CONTROL_PREFIX "stats") && is_get)
    _cso_sim_respond_json (msg, SOUP_STATUS_OK, stats_to_json (self));
  else if (g_str_equal (path, CSO_SIM_CONTROL_PREFIX "requests") && is_get)
    _cso_sim_respond_json (msg, SOUP_STATUS_OK, requests_to_json (self));
  else if (g_str_equal (path, CSO_SIM_CONTROL_PREFIX "requests") && is_delete)
    {
      g_queue_clear_full (&self->log, _cso_sim_log_entry_unref);
      _cso_sim_respond_json (msg, SOUP_STATUS_OK, requests_to_json (self));
    }
  else if (g_str_equal (path, CSO_SIM_CONTROL_PREFIX "faults") && is_get)
    _cso_sim_respond_json (msg, SOUP_STATUS_OK, faults_to_json (self));
  else if (g_str_equal (path, CSO_SIM_CONTROL_PREFIX "faults") && is_post)
    handle_post_fault (self, msg);
  else if (g_str_equal (path, CSO_SIM_CONTROL_PREFIX "faults") && is_delete)
    {
      g_ptr_array_set_size (self->faults, 0);
      _cso_sim_respond_json (msg, SOUP_STATUS_OK, faults_to_json (self));
    }
  else if (g_str_equal (path, CSO_SIM_CONTROL_PREFIX "stats") ||
           g_str_equal (path, CSO_SIM_CONTROL_PREFIX "requests") ||
           g_str_equal (path, CSO_SIM_CONTROL_PREFIX "faults"))
    _cso_sim_respond_control_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed");
  else
    _cso_sim_respond_control_error (msg, SOUP_STATUS_NOT_FOUND, "No such control endpoint");
}

