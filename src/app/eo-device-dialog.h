/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-device.h"
#include "eo-qr-code.h"
#include "eo-qr-image.h"
#include "eo-upload-record.h"

G_BEGIN_DECLS

/**
 * EoDeviceDialog:
 * One device: its identifiers (each with a copy button), its status and
 * reason, the history of its status, and once it succeeded the
 * activation code "LPA:1$<SM-DP+ host>$" as a QR code, to copy, save as
 * PNG or SVG, or print on a sheet.
 */
#define EO_TYPE_DEVICE_DIALOG (eo_device_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EoDeviceDialog, eo_device_dialog, EO, DEVICE_DIALOG, AdwWindow)

/* @record: the upload @device belongs to, or NULL (a device not sent).
 * @extra_columns: the names of the device's extra values (Serial Number,
 * Model…), or NULL for the record's. */
EoDeviceDialog *eo_device_dialog_new            (GtkWindow          *parent,
                                                 EoUploadRecord     *record,
                                                 EoDevice           *device,
                                                 const char * const *extra_columns);
EoDevice       *eo_device_dialog_get_device     (EoDeviceDialog *self);
/* A row of the Status group, after those the dialog makes (the window's
 * On the Phone row). */
void            eo_device_dialog_add_status_row (EoDeviceDialog *self,
                                                 GtkWidget      *row);
EoUploadRecord *eo_device_dialog_get_record     (EoDeviceDialog *self);
/* The QR code shown, or NULL when the device has none (not succeeded). */
EoQrImage      *eo_device_dialog_get_qr_image   (EoDeviceDialog *self);
/* "LPA:1$host$", or NULL. */
const char     *eo_device_dialog_get_activation_code (EoDeviceDialog *self);
/* What "Save as PNG/SVG" does once a file is chosen. */
gboolean        eo_device_dialog_save_qr        (EoDeviceDialog *self,
                                                 EoQrFormat      format,
                                                 GFile          *file,
                                                 GError        **error);

G_END_DECLS
