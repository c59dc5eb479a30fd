/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-upload-record.h"

G_BEGIN_DECLS

/* Light modules around the symbol, as ISO/IEC 18004 asks. */
#define EO_QR_CODE_QUIET_ZONE    4
#define EO_QR_CODE_DEFAULT_SCALE 8
#define EO_QR_CODE_MAX_SCALE     64

typedef enum
{
  EO_QR_FORMAT_PNG = 0,
  EO_QR_FORMAT_SVG,
} EoQrFormat;

/* "png" / "svg". */
gboolean    eo_qr_format_from_string           (const char   *str,
                                                EoQrFormat   *format);
const char *eo_qr_format_to_string             (EoQrFormat    format);

/* Host name of an SM-DP+ URL, lowercase, without scheme, port or
 * trailing dot ("https://SMDP.example.com:443/" -> "smdp.example.com"),
 * as eo_smdp_address_check() finds it: EO_ERROR_INVALID_SERVER saying
 * why when the address is not https:// and a valid host name alone.
 * Also what Windows MDMs want. */
char       *eo_smdp_host_for_server_url        (const char   *server_url,
                                                GError      **error);
/* GSMA SGP.22 activation code "LPA:1$<host>$" (empty matching ID: the
 * profile is bound to the EID). */
char       *eo_activation_code_for_server_url  (const char   *server_url,
                                                GError      **error);

/**
 * EoQrCode:
 * A QR symbol (libqrencode, error correction M, 8-bit, case sensitive)
 * and its renderings. Nothing here needs GTK.
 */
#define EO_TYPE_QR_CODE (eo_qr_code_get_type ())
G_DECLARE_FINAL_TYPE (EoQrCode, eo_qr_code, EO, QR_CODE, GObject)

/* EO_ERROR_STORE when the text cannot be encoded (e.g. too long). */
EoQrCode   *eo_qr_code_new                     (const char   *text,
                                                GError      **error);
const char *eo_qr_code_get_text                (EoQrCode     *self);
/* Modules per side, without the quiet zone. */
guint       eo_qr_code_get_width               (EoQrCode     *self);
/* TRUE for a dark module; outside the symbol (quiet zone) FALSE. */
gboolean    eo_qr_code_get_module              (EoQrCode     *self,
                                                int           x,
                                                int           y);

/* SVG document: one path of dark modules on a white square, with the
 * quiet zone, @scale pixels per module for width/height (0 = default). */
char       *eo_qr_code_to_svg                  (EoQrCode     *self,
                                                guint         scale);
/* PNG, 8-bit grayscale, @scale pixels per module (0 = default, at most
 * EO_QR_CODE_MAX_SCALE), quiet zone included. */
GBytes     *eo_qr_code_to_png                  (EoQrCode     *self,
                                                guint         scale);
/* Writes atomically (EO_ERROR_STORE on failure). */
gboolean    eo_qr_code_write                   (EoQrCode     *self,
                                                EoQrFormat    format,
                                                guint         scale,
                                                const char   *path,
                                                GError      **error);

/* A printable HTML page for the devices of @record: the activation code
 * as an inline SVG and as text to type, and one row per device that did
 * not fail (name, EID, ICCID, status). */
char       *eo_qr_code_sheet_html              (EoQrCode       *self,
                                                EoUploadRecord *record);

/* Writes the sheet of @record (its activation code from its SM-DP+
 * address) as @dir/LOCAL_ID.html, @dir made if missing; returns the
 * path, or NULL with EO_ERROR_INVALID_SERVER or EO_ERROR_STORE. */
char       *eo_qr_sheet_write                  (EoUploadRecord  *record,
                                                const char      *dir,
                                                GError         **error);

G_END_DECLS
