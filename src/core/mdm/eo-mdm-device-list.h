/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-mdm-connector.h"

G_BEGIN_DECLS

/* The header of a device list made from the MDM's phones: the reader
 * knows EID and Name, and keeps the other two as extra columns (through
 * the history and its exports). */
#define EO_MDM_DEVICE_LIST_HEADER "EID,Name,Serial Number,Jamf Management ID"

/* The device list (CSV, EO_MDM_DEVICE_LIST_HEADER) of @devices, as
 * `esim-onboard-cli jamf devices --output` writes it and the window opens
 * it: a phone without an EID or a management ID is left out (counted in
 * @n_skipped); a phone without a name is named by its serial number. */
GString *eo_mdm_device_list_csv (EoMdmDevice * const *devices,
                                 guint                n_devices,
                                 guint               *n_written,
                                 guint               *n_skipped);

G_END_DECLS
