/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-targets"

#include "config.h"

#include "eo-push-targets.h"

int
eo_push_targets_management_column (EoUploadRecord *record)
{
  const char * const *names;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), -1);

  names = eo_upload_record_get_extra_columns (record);
  for (int i = 0; names != NULL && names[i] != NULL; i++)
    if (g_ascii_strcasecmp (names[i], EO_PUSH_MANAGEMENT_ID_COLUMN) == 0)
      return i;
  return -1;
}

static const char *
device_management_id (EoDevice *device,
                      int       column)
{
  return column >= 0 ? eo_device_get_extra (device, (guint) column) : "";
}

gboolean
eo_push_targets_need_inventory (EoUploadRecord *record)
{
  GListModel *devices;
  int column;
  guint n;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);

  devices = eo_upload_record_get_devices (record);
  column = eo_push_targets_management_column (record);
  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      if (eo_device_get_status (device) == EO_DEVICE_STATUS_SUCCESS && *device_management_id (device, column) == '\0')
        return TRUE;
    }
  return FALSE;
}

GHashTable *
eo_push_targets_index_by_eid (GPtrArray *devices)
{
  GHashTable *by_eid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      EoMdmDevice *device = g_ptr_array_index (devices, i);

      if (device->eid != NULL && device->management_id != NULL)
        g_hash_table_replace (by_eid, g_strdup (device->eid), g_strdup (device->management_id));
    }
  return by_eid;
}

guint
eo_push_targets_add (EoUploadRecord *record,
                     GHashTable     *by_eid,
                     EoPushJournal  *journal,
                     GPtrArray      *unmatched)
{
  GListModel *devices;
  int column;
  guint n, n_added = 0;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), 0);
  g_return_val_if_fail (EO_IS_PUSH_JOURNAL (journal), 0);

  devices = eo_upload_record_get_devices (record);
  column = eo_push_targets_management_column (record);
  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *mgmt = device_management_id (device, column);

      if (eo_device_get_status (device) != EO_DEVICE_STATUS_SUCCESS)
        continue;
      if (*mgmt == '\0')
        mgmt = by_eid != NULL ? g_hash_table_lookup (by_eid, eo_device_get_eid (device)) : NULL;
      if (mgmt == NULL)
        {
          if (unmatched != NULL)
            g_ptr_array_add (unmatched, g_object_ref (device));
          continue;
        }
      eo_push_journal_add (journal, mgmt, eo_device_get_eid (device), eo_device_get_effective_iccid (device),
                           eo_device_get_name (device));
      n_added++;
    }
  return n_added;
}
