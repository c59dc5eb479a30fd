/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-client"

#include "config.h"

#include <string.h>

#include "eo-answer-text.h"
#include "eo-jamf-client-private.h"
#include "eo-json-check.h"

/* What Jamf Pro's answers say, read defensively: every member checked for
 * its type, every text kept cleaned and bounded, IDs of a safe alphabet. */

#define MAX_ID_CHARS 64

JsonParser *
_eo_jamf_parse_json (const guint8 *data,
                     gsize         len)
{
  g_autoptr(JsonParser) parser = NULL;

  /* json-glib is neither bounded nor strict: only a strict JSON text of
   * bounded depth goes to it. */
  if (data == NULL || eo_json_check ((const char *) data, len, EO_JSON_MAX_DEPTH) != EO_JSON_CHECK_OK)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) len, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return g_steal_pointer (&parser);
}

gboolean
_eo_jamf_id_is_valid (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > MAX_ID_CHARS)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-' && id[i] != '_' && id[i] != '.')
      return FALSE;
  return TRUE;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A string member (a number is taken as its digits: Jamf's IDs are
 * strings in v2, numbers elsewhere), or NULL. */
static const char *
string_member (JsonObject *object,
               const char *name,
               char        number[32])
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_snprintf (number, 32, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return number;
    }
  return NULL;
}

/* A text kept: cleaned and bounded; NULL when absent or empty. */
static char *
clean_text (JsonObject *object,
            const char *name)
{
  char number[32];
  const char *text = string_member (object, name, number);
  char *copy = NULL;
  const char *value;

  if (text == NULL || *text == '\0')
    return NULL;
  value = eo_answer_text_value (NULL, text, EO_ANSWER_FIELD_MAX_CHARS, &copy);
  return copy != NULL ? copy : g_strdup (value);
}

static char *
clean_id (JsonObject *object,
          const char *name)
{
  char number[32];
  const char *id = string_member (object, name, number);

  return _eo_jamf_id_is_valid (id) ? g_strdup (id) : NULL;
}

char *
_eo_jamf_error_text (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *errors = array_member (object, "errors");
  JsonNode *first;
  const char *text;

  if (errors == NULL || json_array_get_length (errors) == 0)
    return NULL;
  first = json_array_get_element (errors, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return NULL;
  text = json_object_get_string_member_with_default (json_node_get_object (first), "description", NULL);
  if (text == NULL || *text == '\0')
    return NULL;
  return eo_answer_text_message (NULL, text);
}

static JsonArray *
results_of (JsonParser *parser,
            guint      *total)
{
  JsonNode *root = json_parser_get_root (parser);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *count = object != NULL ? json_object_get_member (object, "totalCount") : NULL;
  JsonArray *results = array_member (object, "results");

  if (results == NULL || count == NULL || !JSON_NODE_HOLDS_VALUE (count) ||
      json_node_get_value_type (count) != G_TYPE_INT64 || json_node_get_int (count) < 0 ||
      json_node_get_int (count) > G_MAXINT32)
    return NULL;
  *total = (guint) json_node_get_int (count);
  return results;
}

/* The EID and ICCIDs: network's, then every service subscription's. */
static void
read_identifiers (JsonObject  *device,
                  EoMdmDevice *out)
{
  g_autoptr(GStrvBuilder) iccids = g_strv_builder_new ();
  JsonObject *network = object_member (device, "network");
  JsonArray *subs = array_member (device, "serviceSubscriptions");
  g_autofree char *first = NULL;
  char *iccid;

  out->eid = clean_text (network, "eid");
  first = clean_text (network, "iccid");
  if (first != NULL)
    g_strv_builder_add (iccids, first);
  for (guint i = 0; subs != NULL && i < json_array_get_length (subs) && i < 8; i++)
    {
      JsonNode *node = json_array_get_element (subs, i);
      JsonObject *sub = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (out->eid == NULL)
        out->eid = clean_text (sub, "eid");
      iccid = clean_text (sub, "iccid");
      if (iccid != NULL && g_strcmp0 (iccid, first) != 0)
        g_strv_builder_add (iccids, iccid);
      g_free (iccid);
    }
  out->iccids = g_strv_builder_end (iccids);
}

GPtrArray *
_eo_jamf_parse_devices (JsonParser *parser,
                        guint      *total)
{
  JsonArray *results = results_of (parser, total);
  GPtrArray *devices;

  if (results == NULL)
    return NULL;
  devices = g_ptr_array_new_full (json_array_get_length (results), (GDestroyNotify) eo_mdm_device_free);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonObject *general = object_member (object, "general");
      JsonObject *hardware = object_member (object, "hardware");
      EoMdmDevice *device = g_new0 (EoMdmDevice, 1);

      device->device_id = clean_id (object, "mobileDeviceId");
      device->management_id = clean_id (general, "managementId");
      device->name = clean_text (general, "displayName");
      device->serial = clean_text (hardware, "serialNumber");
      device->model = clean_text (hardware, "model");
      read_identifiers (object, device);
      g_ptr_array_add (devices, device);
    }
  return devices;
}

static gint64
parse_date (const char *text)
{
  g_autoptr(GDateTime) date = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return date != NULL ? g_date_time_to_unix (date) : 0;
}

GPtrArray *
_eo_jamf_parse_commands (JsonParser *parser,
                         guint      *total)
{
  JsonArray *results = results_of (parser, total);
  GPtrArray *commands;

  if (results == NULL)
    return NULL;
  commands = g_ptr_array_new_full (json_array_get_length (results), (GDestroyNotify) eo_mdm_command_free);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      char number[32];
      const char *state = string_member (object, "commandState", number);
      const char *type = string_member (object, "commandType", number);
      g_autoptr(EoMdmCommand) command = g_new0 (EoMdmCommand, 1);

      if (type != NULL && !g_str_equal (type, "REFRESH_CELLULAR_PLANS"))
        continue;
      command->command_id = clean_id (object, "uuid");
      command->management_id = clean_id (object_member (object, "client"), "managementId");
      if (command->command_id == NULL || command->management_id == NULL)
        continue;
      command->state = eo_mdm_command_state_from_string (state);
      if (command->state == EO_MDM_COMMAND_ERROR)
        {
          command->reason = clean_text (object, "errorMessage");
          if (command->reason == NULL)
            command->reason = clean_text (object, "status");
        }
      command->sent_unix = parse_date (string_member (object, "dateSent", number));
      g_ptr_array_add (commands, g_steal_pointer (&command));
    }
  return commands;
}

GPtrArray *
_eo_jamf_parse_push (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
  GPtrArray *ids;

  if (array == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      char *id = JSON_NODE_HOLDS_OBJECT (node) ? clean_id (json_node_get_object (node), "id") : NULL;

      if (id != NULL)
        g_ptr_array_add (ids, id);
    }
  return ids;
}
