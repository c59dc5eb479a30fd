/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-qr-code"

#include "config.h"

#include <errno.h>
#include <qrencode.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-qr-code.h"
#include "eo-report.h"
#include "eo-server-address.h"

struct _EoQrCode
{
  GObject  parent_instance;

  char    *text;
  guint    width;
  guint8  *modules; /* width × width, 1 = dark */
};

G_DEFINE_FINAL_TYPE (EoQrCode, eo_qr_code, G_TYPE_OBJECT)

/* Largest deflate "stored" block. */
#define STORED_BLOCK_MAX 65535u

/* Helpers: PNG writing (stored deflate blocks, no compression library). */

static guint32 crc_table[256];

static gpointer
init_crc_table (gpointer data)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
  return NULL;
}

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_crc_table, NULL);
  crc ^= 0xffffffffu;
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static guint32
adler32 (const guint8 *data,
         gsize         len)
{
  guint32 a = 1, b = 0;

  for (gsize i = 0; i < len; i++)
    {
      a = (a + data[i]) % 65521u;
      b = (b + a) % 65521u;
    }
  return (b << 16) | a;
}

static void
put_be32 (GByteArray *out,
          guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc;

  put_be32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = crc32_update (0, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, len);
  put_be32 (out, crc);
}

/* zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4). */
static GByteArray *
zlib_stored (const guint8 *data,
             gsize         len)
{
  GByteArray *out = g_byte_array_sized_new (len + len / STORED_BLOCK_MAX * 5 + 16);
  static const guint8 header[2] = { 0x78, 0x01 };
  gsize pos = 0;

  g_byte_array_append (out, header, 2);
  do
    {
      gsize n = MIN (len - pos, STORED_BLOCK_MAX);
      gboolean last = pos + n == len;
      guint8 block[5] = {
        last ? 1 : 0,
        n & 0xff, (n >> 8) & 0xff,
        ~n & 0xff, (~n >> 8) & 0xff,
      };

      g_byte_array_append (out, block, 5);
      if (n > 0)
        g_byte_array_append (out, data + pos, n);
      pos += n;
    }
  while (pos < len);
  put_be32 (out, adler32 (data, len));
  return out;
}

/* Parent overrides */

static void
eo_qr_code_finalize (GObject *object)
{
  EoQrCode *self = (EoQrCode *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->modules, g_free);

  G_OBJECT_CLASS (eo_qr_code_parent_class)->finalize (object);
}

static void
eo_qr_code_class_init (EoQrCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eo_qr_code_finalize;
}

static void
eo_qr_code_init (EoQrCode *self)
{
}

/* Public API */

gboolean
eo_qr_format_from_string (const char *str,
                          EoQrFormat *format)
{
  if (g_ascii_strcasecmp (str ? str : "", "png") == 0)
    *format = EO_QR_FORMAT_PNG;
  else if (g_ascii_strcasecmp (str ? str : "", "svg") == 0)
    *format = EO_QR_FORMAT_SVG;
  else
    return FALSE;
  return TRUE;
}

const char *
eo_qr_format_to_string (EoQrFormat format)
{
  return format == EO_QR_FORMAT_SVG ? "svg" : "png";
}

char *
eo_smdp_host_for_server_url (const char  *server_url,
                             GError     **error)
{
  return eo_smdp_address_check (server_url, error);
}

char *
eo_activation_code_for_server_url (const char  *server_url,
                                   GError     **error)
{
  g_autofree char *host = eo_smdp_host_for_server_url (server_url, error);

  if (host == NULL)
    return NULL;
  return g_strdup_printf ("LPA:1$%s$", host);
}

EoQrCode *
eo_qr_code_new (const char  *text,
                GError     **error)
{
  g_autoptr(EoQrCode) self = NULL;
  QRcode *qr;

  g_return_val_if_fail (text != NULL, NULL);

  errno = 0;
  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not make a QR code of “%s”: %s"),
                   text, saved_errno == ERANGE ? _("the text is too long")
                                               : g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (EO_TYPE_QR_CODE, NULL);
  self->text = g_strdup (text);
  self->width = (guint) qr->width;
  self->modules = g_malloc ((gsize) self->width * self->width);
  for (gsize i = 0; i < (gsize) self->width * self->width; i++)
    self->modules[i] = qr->data[i] & 1;
  QRcode_free (qr);

  return g_steal_pointer (&self);
}

const char *
eo_qr_code_get_text (EoQrCode *self)
{
  g_return_val_if_fail (EO_IS_QR_CODE (self), NULL);
  return self->text;
}

guint
eo_qr_code_get_width (EoQrCode *self)
{
  g_return_val_if_fail (EO_IS_QR_CODE (self), 0);
  return self->width;
}

gboolean
eo_qr_code_get_module (EoQrCode *self,
                       int       x,
                       int       y)
{
  g_return_val_if_fail (EO_IS_QR_CODE (self), FALSE);

  if (x < 0 || y < 0 || (guint) x >= self->width || (guint) y >= self->width)
    return FALSE;
  return self->modules[(gsize) y * self->width + x] != 0;
}

char *
eo_qr_code_to_svg (EoQrCode *self,
                   guint     scale)
{
  GString *out;
  g_autofree char *title = NULL;
  guint side;

  g_return_val_if_fail (EO_IS_QR_CODE (self), NULL);

  if (scale == 0)
    scale = EO_QR_CODE_DEFAULT_SCALE;
  scale = MIN (scale, EO_QR_CODE_MAX_SCALE);
  side = self->width + 2 * EO_QR_CODE_QUIET_ZONE;
  title = g_markup_escape_text (self->text, -1);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (out,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                          "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" "
                          "shape-rendering=\"crispEdges\">\n",
                          side * scale, side * scale, side, side);
  g_string_append_printf (out, "<title>%s</title>\n", title);
  g_string_append_printf (out, "<rect width=\"%u\" height=\"%u\" fill=\"#ffffff\"/>\n", side, side);
  g_string_append (out, "<path fill=\"#000000\" d=\"");
  for (guint y = 0; y < self->width; y++)
    {
      guint x = 0;

      while (x < self->width)
        {
          guint run;

          if (!self->modules[(gsize) y * self->width + x])
            {
              x++;
              continue;
            }
          run = 1;
          while (x + run < self->width && self->modules[(gsize) y * self->width + x + run])
            run++;
          g_string_append_printf (out, "M%u %uh%uv1h-%uz",
                                  x + EO_QR_CODE_QUIET_ZONE, y + EO_QR_CODE_QUIET_ZONE, run, run);
          x += run;
        }
    }
  g_string_append (out, "\"/>\n</svg>\n");

  return g_string_free (out, FALSE);
}

GBytes *
eo_qr_code_to_png (EoQrCode *self,
                   guint     scale)
{
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GByteArray) zdata = NULL;
  g_autofree guint8 *raw = NULL;
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13];
  gsize side, stride;

  g_return_val_if_fail (EO_IS_QR_CODE (self), NULL);

  if (scale == 0)
    scale = EO_QR_CODE_DEFAULT_SCALE;
  scale = MIN (scale, EO_QR_CODE_MAX_SCALE);
  side = ((gsize) self->width + 2 * EO_QR_CODE_QUIET_ZONE) * scale;
  stride = side + 1; /* filter byte + one byte per pixel */

  raw = g_malloc (stride * side);
  for (gsize py = 0; py < side; py++)
    {
      guint8 *line = raw + py * stride;
      int my = (int) (py / scale) - EO_QR_CODE_QUIET_ZONE;

      line[0] = 0; /* filter: none */
      for (gsize px = 0; px < side; px++)
        {
          int mx = (int) (px / scale) - EO_QR_CODE_QUIET_ZONE;

          line[1 + px] = eo_qr_code_get_module (self, mx, my) ? 0x00 : 0xff;
        }
    }

  ihdr[0] = side >> 24; ihdr[1] = side >> 16; ihdr[2] = side >> 8; ihdr[3] = side;
  ihdr[4] = side >> 24; ihdr[5] = side >> 16; ihdr[6] = side >> 8; ihdr[7] = side;
  ihdr[8] = 8;  /* bit depth */
  ihdr[9] = 0;  /* colour type: grayscale */
  ihdr[10] = 0; /* compression: deflate */
  ihdr[11] = 0; /* filter method */
  ihdr[12] = 0; /* no interlace */

  zdata = zlib_stored (raw, stride * side);
  out = g_byte_array_sized_new (zdata->len + 64);
  g_byte_array_append (out, signature, sizeof signature);
  put_chunk (out, "IHDR", ihdr, sizeof ihdr);
  put_chunk (out, "IDAT", zdata->data, zdata->len);
  put_chunk (out, "IEND", NULL, 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
eo_qr_code_write (EoQrCode    *self,
                  EoQrFormat   format,
                  guint        scale,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (EO_IS_QR_CODE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (format == EO_QR_FORMAT_SVG)
    {
      char *svg = eo_qr_code_to_svg (self, scale);

      bytes = g_bytes_new_take (svg, strlen (svg));
    }
  else
    {
      bytes = eo_qr_code_to_png (self, scale);
    }

  data = g_bytes_get_data (bytes, &length);
  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

char *
eo_qr_code_sheet_html (EoQrCode       *self,
                       EoUploadRecord *record)
{
  GString *out;
  g_autofree char *svg = NULL;
  const char *svg_body;
  GListModel *devices;
  guint n;

  g_return_val_if_fail (EO_IS_QR_CODE (self), NULL);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  svg = eo_qr_code_to_svg (self, 6);
  /* Inline the <svg> element without the XML declaration. */
  svg_body = strstr (svg, "<svg");

  out = g_string_new ("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>");
  eo_html_append_text (out, _("eSIM activation"));
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; margin: 2em; }\n"
                        "table { border-collapse: collapse; margin-top: 1em; }\n"
                        "th, td { border: 1px solid #888; padding: 0.3em 0.6em; text-align: left; }\n"
                        "code { font-size: 1.1em; }\n"
                        "@media print { .device { page-break-inside: avoid; } }\n"
                        "</style>\n</head>\n<body>\n<h1>");
  eo_html_append_text (out, _("eSIM activation"));
  g_string_append (out, "</h1>\n<p>");
  eo_html_append_text (out, _("Scan this code on each device below, or type the activation code by hand."));
  g_string_append (out, "</p>\n<div class=\"qr\">");
  g_string_append (out, svg_body);
  g_string_append (out, "</div>\n<p>");
  eo_html_append_text (out, _("Activation code:"));
  g_string_append (out, " <code>");
  eo_html_append_text (out, self->text);
  g_string_append (out, "</code></p>\n<p>");
  eo_html_append_text (out, _("Request:"));
  g_string_append_c (out, ' ');
  eo_html_append_text (out, eo_upload_record_get_request_id (record));
  g_string_append (out, "</p>\n<table>\n<tr><th>");
  eo_html_append_text (out, _("Name"));
  g_string_append (out, "</th><th>");
  eo_html_append_text (out, _("EID"));
  g_string_append (out, "</th><th>");
  eo_html_append_text (out, _("ICCID"));
  g_string_append (out, "</th><th>");
  eo_html_append_text (out, _("Status"));
  g_string_append (out, "</th></tr>\n");

  devices = eo_upload_record_get_devices (record);
  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *iccid = eo_device_get_effective_iccid (device);
      const char *status = eo_device_get_status_text (device);

      if (eo_device_get_status (device) == EO_DEVICE_STATUS_FAILED)
        continue;
      if (status == NULL)
        status = eo_upload_device_status_to_string (eo_device_get_status (device));

      g_string_append (out, "<tr class=\"device\"><td>");
      eo_html_append_text (out, eo_device_get_name (device));
      g_string_append (out, "</td><td><code>");
      eo_html_append_text (out, eo_device_get_eid (device));
      g_string_append (out, "</code></td><td><code>");
      eo_html_append_text (out, iccid);
      g_string_append (out, "</code></td><td>");
      eo_html_append_text (out, status);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n</body>\n</html>\n");

  return g_string_free (out, FALSE);
}

char *
eo_qr_sheet_write (EoUploadRecord  *record,
                   const char      *dir,
                   GError         **error)
{
  g_autofree char *activation = NULL;
  g_autoptr(EoQrCode) code = NULL;
  g_autofree char *html = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);
  g_return_val_if_fail (dir != NULL, NULL);

  activation = eo_activation_code_for_server_url (eo_upload_record_get_server_url (record), error);
  if (activation == NULL)
    return NULL;
  code = eo_qr_code_new (activation, error);
  if (code == NULL)
    return NULL;

  html = eo_qr_code_sheet_html (code, record);
  name = g_strdup_printf ("%s.html", eo_upload_record_get_local_id (record));
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  if (!g_file_set_contents_full (path, html, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;

  return g_steal_pointer (&path);
}
