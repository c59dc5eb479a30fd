/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-device.h"

G_BEGIN_DECLS

/* Devices as a GListModel in an array of references, 8 bytes a device
 * (a GListStore keeps a GSequence node of about 50 bytes per item: 5 MB
 * at 100,000 devices): an upload record's devices, and the window's
 * table of the device list. */
#define EO_TYPE_RECORD_DEVICES (eo_record_devices_get_type ())
G_DECLARE_FINAL_TYPE (EoRecordDevices, eo_record_devices, EO, RECORD_DEVICES, GObject)

EoRecordDevices *eo_record_devices_new    (void);
/* Appends @n_devices (each referenced), in one "items-changed". */
void             eo_record_devices_append (EoRecordDevices  *self,
                                           EoDevice        **devices,
                                           guint             n_devices);
/* Replaces @n_removals devices from @position with @n_additions (each
 * referenced; they may be among those removed), in one "items-changed"
 * (none when both are 0), as g_list_store_splice(). */
void             eo_record_devices_splice (EoRecordDevices  *self,
                                           guint             position,
                                           guint             n_removals,
                                           EoDevice        **additions,
                                           guint             n_additions);

G_END_DECLS
