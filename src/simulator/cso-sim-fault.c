/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-fault"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "cso-sim-fault.h"

static const struct
{
  CsoSimFaultKind kind;
  const char     *name;
} kinds[] = {
  { CSO_SIM_FAULT_FORBIDDEN, "forbidden" },
  { CSO_SIM_FAULT_UNAUTHORIZED, "unauthorized" },
  { CSO_SIM_FAULT_UNKNOWN_CUSTOMER, "unknown-customer" },
  { CSO_SIM_FAULT_THROTTLE, "throttle" },
  { CSO_SIM_FAULT_THROTTLE_DATE, "throttle-date" },
  { CSO_SIM_FAULT_SERVER_ERROR, "server-error" },
  { CSO_SIM_FAULT_DROP, "drop" },
  { CSO_SIM_FAULT_SLOW, "slow" },
  { CSO_SIM_FAULT_HANG, "hang" },
  { CSO_SIM_FAULT_NOT_JSON, "not-json" },
  { CSO_SIM_FAULT_BAD_SHAPE, "bad-shape" },
  { CSO_SIM_FAULT_REDIRECT, "redirect" },
  { CSO_SIM_FAULT_DEEP_NESTING, "deep-nesting" },
  { CSO_SIM_FAULT_GATEWAY_ERROR, "gateway-error" },
  { CSO_SIM_FAULT_INVALID_ESCAPE, "invalid-escape" },
  { CSO_SIM_FAULT_ESCAPE_CODES, "escape-codes" },
  { CSO_SIM_FAULT_ECHO_KEY, "echo-key" },
  { CSO_SIM_FAULT_HOSTILE_REQUEST_ID, "hostile-request-id" },
  { CSO_SIM_FAULT_HOSTILE_SERVER_URL, "hostile-server-url" },
  { CSO_SIM_FAULT_CONTRADICTORY, "contradictory" },
  { CSO_SIM_FAULT_ABSENT_ROWS, "absent-rows" },
  { CSO_SIM_FAULT_SUCCESS_FALSE, "success-false" },
};

static const struct
{
  CsoSimEndpoint  endpoint;
  const char     *name;
} endpoints[] = {
  { CSO_SIM_ENDPOINT_UPLOAD, "upload" },
  { CSO_SIM_ENDPOINT_STATUS, "status" },
  { CSO_SIM_ENDPOINT_ANY, "any" },
};

static gboolean
kind_from_string (const char      *name,
                  CsoSimFaultKind *kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (name, kinds[i].name))
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

static gboolean
endpoint_from_string (const char     *name,
                      CsoSimEndpoint *endpoint)
{
  for (gsize i = 0; i < G_N_ELEMENTS (endpoints); i++)
    if (g_str_equal (name, endpoints[i].name))
      {
        *endpoint = endpoints[i].endpoint;
        return TRUE;
      }
  return FALSE;
}

static CsoSimFault *
fault_from_strings (const char  *endpoint_name,
                    const char  *kind_name,
                    int          count,
                    GError     **error)
{
  CsoSimEndpoint endpoint;
  CsoSimFaultKind kind;

  if (!endpoint_from_string (endpoint_name, &endpoint))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown endpoint “%s” (expected upload, status or any)"), endpoint_name);
      return NULL;
    }
  if (!kind_from_string (kind_name, &kind))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Unknown fault “%s” (expected one of %s)"), kind_name,
                   cso_sim_fault_kind_names ());
      return NULL;
    }

  return cso_sim_fault_new (endpoint, kind, count);
}

CsoSimFault *
cso_sim_fault_new (CsoSimEndpoint  endpoint,
                   CsoSimFaultKind kind,
                   int             count)
{
  CsoSimFault *fault = g_new0 (CsoSimFault, 1);

  fault->endpoint = endpoint;
  fault->kind = kind;
  fault->remaining = count < 0 ? -1 : count;

  return fault;
}

void
cso_sim_fault_free (CsoSimFault *fault)
{
  g_free (fault);
}

CsoSimFault *
cso_sim_fault_parse (const char  *spec,
                     GError     **error)
{
  g_autofree char *endpoint = NULL;
  g_autofree char *kind = NULL;
  const char *eq, *colon;
  int count = -1;

  g_return_val_if_fail (spec != NULL, NULL);

  eq = strchr (spec, '=');
  if (eq == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Fault “%s” is not of the form ENDPOINT=KIND[:COUNT]"), spec);
      return NULL;
    }
  endpoint = g_strndup (spec, (gsize) (eq - spec));

  colon = strchr (eq + 1, ':');
  if (colon != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, G_MAXINT, &value, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Fault “%s”: the count must be a whole number"), spec);
          return NULL;
        }
      count = (int) value;
      kind = g_strndup (eq + 1, (gsize) (colon - eq - 1));
    }
  else
    {
      kind = g_strdup (eq + 1);
    }

  return fault_from_strings (endpoint, kind, count, error);
}

CsoSimFault *
cso_sim_fault_from_json (JsonNode  *node,
                         GError   **error)
{
  JsonObject *object;
  const char *endpoint = "any";
  const char *kind;
  JsonNode *member;
  int count = -1;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "Expected a JSON object {\"endpoint\":…,\"kind\":…,\"count\":…}");
      return NULL;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "endpoint");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "\"endpoint\" must be a string");
          return NULL;
        }
      endpoint = json_node_get_string (member);
    }

  member = json_object_get_member (object, "kind");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "\"kind\" must be a string");
      return NULL;
    }
  kind = json_node_get_string (member);

  member = json_object_get_member (object, "count");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "\"count\" must be a whole number");
          return NULL;
        }
      value = json_node_get_int (member);
      count = value < 0 ? -1 : (int) MIN (value, G_MAXINT);
    }

  return fault_from_strings (endpoint, kind, count, error);
}

JsonNode *
cso_sim_fault_to_json (const CsoSimFault *fault)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "endpoint");
  json_builder_add_string_value (builder, cso_sim_endpoint_to_string (fault->endpoint));
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, cso_sim_fault_kind_to_string (fault->kind));
  json_builder_set_member_name (builder, "count");
  if (fault->remaining < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, fault->remaining);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

const char *
cso_sim_fault_kind_to_string (CsoSimFaultKind kind)
{
  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].kind == kind)
      return kinds[i].name;
  g_return_val_if_reached (NULL);
}

const char *
cso_sim_endpoint_to_string (CsoSimEndpoint endpoint)
{
  for (gsize i = 0; i < G_N_ELEMENTS (endpoints); i++)
    if (endpoints[i].endpoint == endpoint)
      return endpoints[i].name;
  g_return_val_if_reached (NULL);
}

gboolean
cso_sim_fault_kind_after_work (CsoSimFaultKind kind)
{
  switch (kind)
    {
    case CSO_SIM_FAULT_DROP:
    case CSO_SIM_FAULT_SLOW:
    case CSO_SIM_FAULT_GATEWAY_ERROR:
    case CSO_SIM_FAULT_INVALID_ESCAPE:
    case CSO_SIM_FAULT_ESCAPE_CODES:
    case CSO_SIM_FAULT_ECHO_KEY:
    case CSO_SIM_FAULT_HOSTILE_REQUEST_ID:
    case CSO_SIM_FAULT_HOSTILE_SERVER_URL:
    case CSO_SIM_FAULT_CONTRADICTORY:
    case CSO_SIM_FAULT_ABSENT_ROWS:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
cso_sim_fault_kind_names (void)
{
  static char *names = NULL;

  if (g_once_init_enter (&names))
    {
      GString *s = g_string_new (NULL);

      for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
        g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", kinds[i].name);
      g_once_init_leave (&names, g_string_free (s, FALSE));
    }

  return names;
}
