/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-device.h"

G_BEGIN_DECLS

/* The devices of an upload record as a GListModel: an array of
 * references that only grows, 8 bytes a device (a GListStore keeps a
 * GSequence node of about 50 bytes per item: 5 MB at 100,000 devices,
 * beside the window's own store of the same devices). */
#define EO_TYPE_RECORD_DEVICES (eo_record_devices_get_type ())
G_DECLARE_FINAL_TYPE (EoRecordDevices, eo_record_devices, EO, RECORD_DEVICES, GObject)

EoRecordDevices *eo_record_devices_new    (void);
/* Appends @n_devices (each referenced), in one "items-changed". */
void             eo_record_devices_append (EoRecordDevices  *self,
                                           EoDevice        **devices,
                                           guint             n_devices);

G_END_DECLS
