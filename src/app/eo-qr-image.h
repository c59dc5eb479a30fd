/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "eo-qr-code.h"

G_BEGIN_DECLS

/**
 * EoQrImage:
 * Draws an EoQrCode with GtkSnapshot: dark modules on a white square with
 * the quiet zone, whole pixels per module so that the edges stay crisp,
 * and white also under a dark style (scanners need dark on light).
 *
 * Its accessible label is "QR code: " followed by the code's text.
 */
#define EO_TYPE_QR_IMAGE (eo_qr_image_get_type ())
G_DECLARE_FINAL_TYPE (EoQrImage, eo_qr_image, EO, QR_IMAGE, GtkWidget)

GtkWidget  *eo_qr_image_new        (EoQrCode  *code);
EoQrCode   *eo_qr_image_get_code   (EoQrImage *self);
void        eo_qr_image_set_code   (EoQrImage *self,
                                    EoQrCode  *code);
/* The text the symbol holds, or NULL without a code. */
const char *eo_qr_image_get_text   (EoQrImage *self);
/* Pixels per module for a square of @size pixels (at least 1). */
guint       eo_qr_image_module_size_for (EoQrImage *self,
                                         int        size);

G_END_DECLS
