/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-mdm-device-list"

#include "config.h"

#include "eo-export.h"
#include "eo-mdm-device-list.h"

GString *
eo_mdm_device_list_csv (EoMdmDevice * const *devices,
                        guint                n_devices,
                        guint               *n_written,
                        guint               *n_skipped)
{
  GString *csv = g_string_new (EO_MDM_DEVICE_LIST_HEADER "\n");
  guint n = 0, skipped = 0;

  g_return_val_if_fail (devices != NULL || n_devices == 0, csv);

  for (guint i = 0; i < n_devices; i++)
    {
      const EoMdmDevice *device = devices[i];

      if (device->eid == NULL || device->management_id == NULL)
        {
          skipped++;
          continue;
        }
      /* Formulas neutralized, as in every CSV made for people. */
      eo_export_append_csv_cell (csv, device->eid, TRUE);
      g_string_append_c (csv, ',');
      eo_export_append_csv_cell (csv, device->name != NULL ? device->name : device->serial, TRUE);
      g_string_append_c (csv, ',');
      eo_export_append_csv_cell (csv, device->serial, TRUE);
      g_string_append_c (csv, ',');
      eo_export_append_csv_cell (csv, device->management_id, TRUE);
      g_string_append_c (csv, '\n');
      n++;
    }
  if (n_written != NULL)
    *n_written = n;
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return csv;
}
