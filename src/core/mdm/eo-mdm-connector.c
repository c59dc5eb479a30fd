/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-mdm-connector"

#include "config.h"

#include "eo-mdm-connector.h"

static const char *state_names[] = { "PENDING", "ACKNOWLEDGED", "NOT_NOW", "ERROR" };

G_DEFINE_INTERFACE (EoMdmConnector, eo_mdm_connector, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (EoMdmDevice, eo_mdm_device, eo_mdm_device_copy, eo_mdm_device_free)
G_DEFINE_BOXED_TYPE (EoMdmCommand, eo_mdm_command, eo_mdm_command_copy, eo_mdm_command_free)

static void
eo_mdm_connector_default_init (EoMdmConnectorInterface *iface)
{
}

const char *
eo_mdm_command_state_to_string (EoMdmCommandState state)
{
  g_return_val_if_fail (state <= EO_MDM_COMMAND_ERROR, "PENDING");
  return state_names[state];
}

EoMdmCommandState
eo_mdm_command_state_from_string (const char *word)
{
  for (guint i = 0; word != NULL && i < G_N_ELEMENTS (state_names); i++)
    if (g_str_equal (word, state_names[i]))
      return (EoMdmCommandState) i;
  return EO_MDM_COMMAND_PENDING;
}

gboolean
eo_mdm_command_state_is_final (EoMdmCommandState state)
{
  return state != EO_MDM_COMMAND_PENDING;
}

EoMdmDevice *
eo_mdm_device_copy (const EoMdmDevice *device)
{
  EoMdmDevice *copy = g_new0 (EoMdmDevice, 1);

  copy->device_id = g_strdup (device->device_id);
  copy->management_id = g_strdup (device->management_id);
  copy->name = g_strdup (device->name);
  copy->serial = g_strdup (device->serial);
  copy->model = g_strdup (device->model);
  copy->eid = g_strdup (device->eid);
  copy->iccids = g_strdupv (device->iccids);
  return copy;
}

void
eo_mdm_device_free (EoMdmDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->device_id);
  g_free (device->management_id);
  g_free (device->name);
  g_free (device->serial);
  g_free (device->model);
  g_free (device->eid);
  g_strfreev (device->iccids);
  g_free (device);
}

gboolean
eo_mdm_device_has_iccid (const EoMdmDevice *device,
                         const char        *iccid)
{
  return iccid != NULL && device->iccids != NULL &&
         g_strv_contains ((const char * const *) device->iccids, iccid);
}

EoMdmCommand *
eo_mdm_command_copy (const EoMdmCommand *command)
{
  EoMdmCommand *copy = g_new0 (EoMdmCommand, 1);

  copy->command_id = g_strdup (command->command_id);
  copy->management_id = g_strdup (command->management_id);
  copy->state = command->state;
  copy->reason = g_strdup (command->reason);
  copy->sent_unix = command->sent_unix;
  return copy;
}

void
eo_mdm_command_free (EoMdmCommand *command)
{
  if (command == NULL)
    return;
  g_free (command->command_id);
  g_free (command->management_id);
  g_free (command->reason);
  g_free (command);
}

guint
eo_mdm_connector_get_max_batch (EoMdmConnector *self)
{
  g_return_val_if_fail (EO_IS_MDM_CONNECTOR (self), 1);
  return EO_MDM_CONNECTOR_GET_IFACE (self)->get_max_batch (self);
}

void
eo_mdm_connector_list_devices_async (EoMdmConnector      *self,
                                     EoMdmPageFunc        page_func,
                                     gpointer             page_data,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (EO_IS_MDM_CONNECTOR (self));
  EO_MDM_CONNECTOR_GET_IFACE (self)->list_devices_async (self, page_func, page_data, cancellable,
                                                         callback, user_data);
}

GPtrArray *
eo_mdm_connector_list_devices_finish (EoMdmConnector  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (EO_IS_MDM_CONNECTOR (self), NULL);
  return EO_MDM_CONNECTOR_GET_IFACE (self)->list_devices_finish (self, result, error);
}

void
eo_mdm_connector_push_async (EoMdmConnector      *self,
                             const char          *server_url,
                             const char * const  *management_ids,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (EO_IS_MDM_CONNECTOR (self));
  g_return_if_fail (server_url != NULL && management_ids != NULL);
  EO_MDM_CONNECTOR_GET_IFACE (self)->push_async (self, server_url, management_ids, cancellable,
                                                 callback, user_data);
}

GPtrArray *
eo_mdm_connector_push_finish (EoMdmConnector  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (EO_IS_MDM_CONNECTOR (self), NULL);
  return EO_MDM_CONNECTOR_GET_IFACE (self)->push_finish (self, result, error);
}

void
eo_mdm_connector_read_commands_async (EoMdmConnector      *self,
                                      const char * const  *command_ids,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (EO_IS_MDM_CONNECTOR (self));
  g_return_if_fail (command_ids != NULL);
  EO_MDM_CONNECTOR_GET_IFACE (self)->read_commands_async (self, command_ids, cancellable,
                                                          callback, user_data);
}

GPtrArray *
eo_mdm_connector_read_commands_finish (EoMdmConnector  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (EO_IS_MDM_CONNECTOR (self), NULL);
  return EO_MDM_CONNECTOR_GET_IFACE (self)->read_commands_finish (self, result, error);
}

void
eo_mdm_connector_find_commands_async (EoMdmConnector      *self,
                                      const char          *management_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (EO_IS_MDM_CONNECTOR (self));
  g_return_if_fail (management_id != NULL);
  EO_MDM_CONNECTOR_GET_IFACE (self)->find_commands_async (self, management_id, cancellable,
                                                          callback, user_data);
}

GPtrArray *
eo_mdm_connector_find_commands_finish (EoMdmConnector  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (EO_IS_MDM_CONNECTOR (self), NULL);
  return EO_MDM_CONNECTOR_GET_IFACE (self)->find_commands_finish (self, result, error);
}
