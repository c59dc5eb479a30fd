/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "jamf-sim-device"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "jamf-sim-device.h"
#include "cso-sim-util.h"

static const char *outcome_names[] = { "ACKNOWLEDGED", "NOT_NOW", "ERROR" };

void
jamf_sim_device_free (JamfSimDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->name);
  g_free (device->serial);
  g_free (device->model);
  g_free (device->management_id);
  g_free (device->eid);
  g_free (device->iccid);
  g_free (device->second_iccid);
  g_free (device->installed_iccid);
  g_free (device);
}

const char *
jamf_sim_device_get_eid (JamfSimDevice *device)
{
  return device->eid;
}

gboolean
jamf_sim_outcome_from_string (const char     *name,
                              JamfSimOutcome *outcome)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (name != NULL && g_ascii_strcasecmp (name, outcome_names[i]) == 0)
      {
        *outcome = (JamfSimOutcome) i;
        return TRUE;
      }
  return FALSE;
}

const char *
jamf_sim_outcome_to_string (JamfSimOutcome outcome)
{
  return outcome_names[outcome];
}

/* A valid EID: 30 digits of body, then the MOD 97-10 check digits. */
static char *
make_eid (guint n)
{
  char body[33];
  guint rem = 0;

  g_snprintf (body, sizeof body, "8904903277%020u", n);
  for (guint i = 0; i < 30; i++)
    rem = (rem * 10 + (guint) (body[i] - '0')) % 97;
  rem = (rem * 100) % 97;
  g_snprintf (body + 30, 3, "%02u", 98 - rem);
  g_assert (cso_sim_eid_is_valid (body));
  return g_strdup (body);
}

/* A 19-digit ICCID of a physical SIM, with its Luhn digit. */
static char *
make_physical_iccid (guint n)
{
  char digits[20];

  g_snprintf (digits, sizeof digits, "891480%012u", n);
  digits[18] = cso_sim_luhn_digit (digits, 18);
  digits[19] = '\0';
  return g_strdup (digits);
}

static char *
make_management_id (guint n)
{
  return g_strdup_printf ("6b1b4a0e-0000-4000-8000-%012x", n);
}

GPtrArray *
jamf_sim_devices_generate (guint n)
{
  static const char *models[] = { "iPhone 15", "iPhone 15 Pro", "iPhone 14", "iPad Pro (M4)" };
  GPtrArray *devices = g_ptr_array_new_full (n, (GDestroyNotify) jamf_sim_device_free);

  for (guint i = 0; i < n; i++)
    {
      JamfSimDevice *device = g_new0 (JamfSimDevice, 1);

      device->id = i + 1;
      device->name = g_strdup_printf ("iPhone %05u", i + 1);
      device->serial = g_strdup_printf ("F2LX%08u", i + 1);
      device->model = g_strdup (models[i % G_N_ELEMENTS (models)]);
      device->management_id = make_management_id (i + 1);
      if (i % 10 != 9)
        device->eid = make_eid (i + 1);
      else
        device->eid_absent = (i % 20 == 19);
      device->dual_sim = device->eid != NULL && i % 7 == 3;
      if (device->dual_sim)
        device->second_iccid = make_physical_iccid (i + 1);
      device->outcome = JAMF_SIM_OUTCOME_ACKNOWLEDGED;
      g_ptr_array_add (devices, device);
    }
  return devices;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JamfSimDevice *
device_from_json (JsonNode  *node,
                  guint      index,
                  GError   **error)
{
  g_autoptr(JamfSimDevice) device = g_new0 (JamfSimDevice, 1);
  JsonObject *object;
  const char *eid, *outcome;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Device %u is not an object", index + 1);
      return NULL;
    }
  object = json_node_get_object (node);
  device->id = index + 1;
  device->name = g_strdup (member_string (object, "name"));
  if (device->name == NULL)
    device->name = g_strdup_printf ("Device %u", index + 1);
  device->serial = g_strdup (member_string (object, "serial"));
  if (device->serial == NULL)
    device->serial = g_strdup_printf ("F2LX%08u", index + 1);
  device->model = g_strdup (member_string (object, "model"));
  if (device->model == NULL)
    device->model = g_strdup ("iPhone 15");
  device->management_id = g_strdup (member_string (object, "managementId"));
  if (device->management_id == NULL)
    device->management_id = make_management_id (index + 1);
  eid = member_string (object, "eid");
  if (eid != NULL && *eid != '\0')
    device->eid = g_strdup (eid);
  device->eid_absent = device->eid == NULL && !json_object_has_member (object, "eid");
  device->dual_sim = device->eid != NULL && json_object_get_boolean_member_with_default (object, "dualSim", FALSE);
  device->iccid = g_strdup (member_string (object, "iccid"));
  outcome = member_string (object, "outcome");
  if (outcome != NULL && !jamf_sim_outcome_from_string (outcome, &device->outcome))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Device %u: outcome must be ACKNOWLEDGED, NOT_NOW or ERROR", index + 1);
      return NULL;
    }
  return g_steal_pointer (&device);
}

GPtrArray *
jamf_sim_devices_load_file (const char  *path,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) jamf_sim_device_free);
  JsonNode *root, *list;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  root = json_parser_get_root (parser);
  list = JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "devices") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: expected {\"devices\": [ … ]}", path);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      JamfSimDevice *device = device_from_json (json_array_get_element (json_node_get_array (list), i),
                                                i, error);

      if (device == NULL)
        return NULL;
      g_ptr_array_add (devices, device);
    }
  return g_steal_pointer (&devices);
}

static gboolean
wants (const char * const *sections,
       const char         *section)
{
  return sections == NULL || sections[0] == NULL || g_strv_contains (sections, section);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_subscriptions (JamfSimDevice *device,
                   JsonBuilder   *builder)
{
  json_builder_set_member_name (builder, "serviceSubscriptions");
  json_builder_begin_array (builder);
  if (device->dual_sim)
    {
      json_builder_begin_object (builder);
      add_string_or_null (builder, "slot", "CTSubscriptionSlotOne");
      add_string_or_null (builder, "label", "Primary");
      add_string_or_null (builder, "eid", device->eid);
      add_string_or_null (builder, "iccid", device->installed_iccid);
      json_builder_end_object (builder);
      json_builder_begin_object (builder);
      add_string_or_null (builder, "slot", "CTSubscriptionSlotTwo");
      add_string_or_null (builder, "label", "Secondary");
      add_string_or_null (builder, "eid", NULL);
      add_string_or_null (builder, "iccid", device->second_iccid);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
jamf_sim_device_to_json (JamfSimDevice      *device,
                         JsonBuilder        *builder,
                         const char * const *sections)
{
  g_autofree char *id = g_strdup_printf ("%u", device->id);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "mobileDeviceId", id);
  add_string_or_null (builder, "deviceType", "iOS");
  if (wants (sections, "GENERAL"))
    {
      json_builder_set_member_name (builder, "general");
      json_builder_begin_object (builder);
      add_string_or_null (builder, "displayName", device->name);
      add_string_or_null (builder, "managementId", device->management_id);
      json_builder_end_object (builder);
    }
  if (wants (sections, "HARDWARE"))
    {
      json_builder_set_member_name (builder, "hardware");
      json_builder_begin_object (builder);
      add_string_or_null (builder, "serialNumber", device->serial);
      add_string_or_null (builder, "model", device->model);
      json_builder_end_object (builder);
    }
  if (wants (sections, "NETWORK"))
    {
      json_builder_set_member_name (builder, "network");
      json_builder_begin_object (builder);
      if (!device->eid_absent)
        add_string_or_null (builder, "eid", device->dual_sim ? NULL : device->eid);
      add_string_or_null (builder, "iccid",
                          !device->dual_sim && device->installed_iccid != NULL ? device->installed_iccid
                          : device->dual_sim ? device->second_iccid : device->iccid);
      json_builder_end_object (builder);
    }
  if (wants (sections, "SERVICE_SUBSCRIPTIONS"))
    add_subscriptions (device, builder);
  json_builder_end_object (builder);
}
