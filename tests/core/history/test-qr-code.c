/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <glib.h>

#include "eo-error.h"
#include "eo-qr-code.h"
#include "eo-test-history.h"

static void
test_activation_code (void)
{
  static const struct {
    const char *url;
    const char *code;
  } good[] = {
    { "https://sm-v4-004-a-gtm.pr.go-esim.com", "LPA:1$sm-v4-004-a-gtm.pr.go-esim.com$" },
    { "https://SMDP.Example.COM/", "LPA:1$smdp.example.com$" },
    { "https://smdp.example.com:8443/", "LPA:1$smdp.example.com$" },
    { "HTTPS://SMDP.Example.COM", "LPA:1$smdp.example.com$" },
    { "https://127.0.0.1:8080", "LPA:1$127.0.0.1$" },
    { "https://smdp.example.com./", "LPA:1$smdp.example.com$" },
  };
  /* Only https:// and a host name alone (issue 10): no path tricks, no
   * user name, no shell or control characters. */
  static const char * const bad[] = {
    NULL, "", "https://", "https:///path", "https://[::1]:443", "https://a$b.example",
    "https://exa mple.com", "https://a..b", "https://-a.example", "not a url at all",
    "smdp.example.com", "http://smdp.example.com", "javascript:alert(1)",
    "https://smdp.example.com:8443/gsma/rsp2?x=1#frag", "https://smdp.example.com/path",
    "https://user@smdp.example.com", "  https://smdp.example.com  ", "https://smdp.example.com\n",
    "https://smdp.example.com:0", "https://smdp.example.com:65536", "https://smdp.example.com:",
    "https://sm.example/$(touch PWNED)", "https://a-.example", "https://smdp.example.com\xef\xbf\xbd",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = eo_activation_code_for_server_url (good[i].url, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, good[i].code);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = eo_activation_code_for_server_url (bad[i], &error);

      if (code != NULL)
        g_error ("“%s” gave “%s”", bad[i], code);
      g_assert_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER);
    }
}

static void
test_matrix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoQrCode) qr = eo_qr_code_new ("LPA:1$smdp.example.com$", &error);
  guint w;

  g_assert_no_error (error);
  g_assert_cmpstr (eo_qr_code_get_text (qr), ==, "LPA:1$smdp.example.com$");
  w = eo_qr_code_get_width (qr);
  /* 23 bytes at level M need version 2 (25 modules). */
  g_assert_cmpuint (w, ==, 25);
  /* Finder patterns: dark corners, light separator. */
  g_assert_true (eo_qr_code_get_module (qr, 0, 0));
  g_assert_true (eo_qr_code_get_module (qr, w - 1, 0));
  g_assert_true (eo_qr_code_get_module (qr, 0, w - 1));
  g_assert_false (eo_qr_code_get_module (qr, 7, 7));
  g_assert_true (eo_qr_code_get_module (qr, 3, 3));
  g_assert_false (eo_qr_code_get_module (qr, 1, 1));
  /* Outside: quiet zone. */
  g_assert_false (eo_qr_code_get_module (qr, -1, 0));
  g_assert_false (eo_qr_code_get_module (qr, 0, w));
  /* Dark module of the format area (always dark, at (8, 4V+9)). */
  g_assert_true (eo_qr_code_get_module (qr, 8, w - 8));
}

static void
test_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (4000, 'x');
  g_autoptr(EoQrCode) qr = eo_qr_code_new (text, &error);

  g_assert_null (qr);
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
}

typedef struct
{
  guint     side;
  guint     n_paths;
  GString  *d;
  gboolean  saw_title;
  GString  *title;
  gboolean  in_title;
} SvgInfo;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgInfo *info = user_data;

  if (g_str_equal (element, "svg"))
    {
      for (guint i = 0; names[i]; i++)
        if (g_str_equal (names[i], "viewBox"))
          {
            guint x, y, w, h;

            g_assert_cmpint (sscanf (values[i], "%u %u %u %u", &x, &y, &w, &h), ==, 4);
            g_assert_cmpuint (w, ==, h);
            info->side = w;
          }
    }
  else if (g_str_equal (element, "path"))
    {
      for (guint i = 0; names[i]; i++)
        if (g_str_equal (names[i], "d"))
          g_string_append (info->d, values[i]);
      info->n_paths++;
    }
  else if (g_str_equal (element, "title"))
    {
      info->saw_title = TRUE;
      info->in_title = TRUE;
    }
}

static void
svg_end (GMarkupParseContext  *context,
         const char           *element,
         gpointer              user_data,
         GError              **error)
{
  ((SvgInfo *) user_data)->in_title = FALSE;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  SvgInfo *info = user_data;

  if (info->in_title)
    g_string_append_len (info->title, text, len);
}

static void
test_svg (void)
{
  static const GMarkupParser parser = { svg_start, svg_end, svg_text, NULL, NULL };
  const char *text = "LPA:1$smdp.example.com$<&>";
  g_autoptr(GError) error = NULL;
  g_autoptr(EoQrCode) qr = eo_qr_code_new (text, &error);
  g_autofree char *svg = NULL;
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autofree guint8 *painted = NULL;
  SvgInfo info = { 0 };
  guint w, side;
  const char *p;

  g_assert_no_error (error);
  svg = eo_qr_code_to_svg (qr, 0);
  info.d = g_string_new (NULL);
  info.title = g_string_new (NULL);
  ctx = g_markup_parse_context_new (&parser, 0, &info, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, svg, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);

  w = eo_qr_code_get_width (qr);
  side = w + 2 * EO_QR_CODE_QUIET_ZONE;
  g_assert_cmpuint (info.side, ==, side);
  g_assert_cmpuint (info.n_paths, ==, 1);
  g_assert_true (info.saw_title);
  g_assert_cmpstr (info.title->str, ==, text);

  /* Paint the path's runs ("MxXyhNv1h-Nz") and compare with the matrix. */
  painted = g_malloc0 (side * side);
  p = info.d->str;
  while (*p)
    {
      guint x, y, n1, n2;
      int consumed = 0;

      g_assert_cmpint (sscanf (p, "M%u %uh%uv1h-%uz%n", &x, &y, &n1, &n2, &consumed), ==, 4);
      g_assert_cmpuint (n1, ==, n2);
      g_assert_cmpuint (x + n1, <=, side - EO_QR_CODE_QUIET_ZONE);
      g_assert_cmpuint (y, <, side - EO_QR_CODE_QUIET_ZONE);
      g_assert_cmpuint (x, >=, EO_QR_CODE_QUIET_ZONE);
      g_assert_cmpuint (y, >=, EO_QR_CODE_QUIET_ZONE);
      for (guint k = 0; k < n1; k++)
        {
          g_assert_cmpuint (painted[y * side + x + k], ==, 0);
          painted[y * side + x + k] = 1;
        }
      p += consumed;
    }
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      g_assert_cmpint (painted[y * side + x], ==,
                       eo_qr_code_get_module (qr, (int) x - EO_QR_CODE_QUIET_ZONE, (int) y - EO_QR_CODE_QUIET_ZONE));

  g_string_free (info.d, TRUE);
  g_string_free (info.title, TRUE);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
ref_crc32 (const guint8 *data,
           gsize         len)
{
  guint32 crc = 0xffffffffu;

  /* Bitwise, no table: independent of the code under test. */
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

/* Checks the PNG's structure and returns its pixels (side × side). */
static guint8 *
decode_png (GBytes *png,
            guint  *side_out)
{
  gsize len;
  const guint8 *d = g_bytes_get_data (png, &len);
  static const guint8 sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GByteArray) zdata = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  guint8 *pixels;
  gsize pos = 8, zp;
  guint width = 0, height = 0;
  gboolean seen_end = FALSE;
  guint32 a = 1, b = 0;

  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (d, 8, sig, 8);
  while (pos < len)
    {
      guint32 clen, crc;
      const guint8 *type;

      g_assert_false (seen_end);
      g_assert_cmpuint (pos + 12, <=, len);
      clen = be32 (d + pos);
      type = d + pos + 4;
      g_assert_cmpuint (pos + 12 + clen, <=, len);
      crc = be32 (d + pos + 8 + clen);
      g_assert_cmpuint (crc, ==, ref_crc32 (type, 4 + clen));
      if (memcmp (type, "IHDR", 4) == 0)
        {
          g_assert_cmpuint (clen, ==, 13);
          width = be32 (type + 4);
          height = be32 (type + 8);
          g_assert_cmpuint (type[12], ==, 8); /* depth */
          g_assert_cmpuint (type[13], ==, 0); /* grayscale */
          g_assert_cmpuint (type[16], ==, 0); /* not interlaced */
        }
      else if (memcmp (type, "IDAT", 4) == 0)
        g_byte_array_append (zdata, type + 4, clen);
      else if (memcmp (type, "IEND", 4) == 0)
        seen_end = TRUE;
      pos += 12 + clen;
    }
  g_assert_true (seen_end);
  g_assert_cmpuint (width, ==, height);
  g_assert_cmpuint (width, >, 0);

  /* zlib: CMF/FLG check, stored blocks, Adler-32. */
  g_assert_cmpuint (zdata->len, >=, 2 + 5 + 4);
  g_assert_cmpuint (zdata->data[0] & 0x0f, ==, 8);
  g_assert_cmpuint (((guint) zdata->data[0] << 8 | zdata->data[1]) % 31, ==, 0);
  zp = 2;
  for (;;)
    {
      guint8 header = zdata->data[zp];
      guint n = zdata->data[zp + 1] | (zdata->data[zp + 2] << 8);
      guint nn = zdata->data[zp + 3] | (zdata->data[zp + 4] << 8);

      g_assert_cmpuint ((header >> 1) & 3, ==, 0); /* stored */
      g_assert_cmpuint (n ^ 0xffff, ==, nn);
      zp += 5;
      g_assert_cmpuint (zp + n, <=, zdata->len);
      g_byte_array_append (raw, zdata->data + zp, n);
      zp += n;
      if (header & 1)
        break;
    }
  g_assert_cmpuint (zp + 4, ==, zdata->len);
  for (guint i = 0; i < raw->len; i++)
    {
      a = (a + raw->data[i]) % 65521;
      b = (b + a) % 65521;
    }
  g_assert_cmpuint (be32 (zdata->data + zp), ==, (b << 16) | a);

  g_assert_cmpuint (raw->len, ==, (gsize) (width + 1) * height);
  pixels = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    {
      g_assert_cmpuint (raw->data[y * (width + 1)], ==, 0); /* filter none */
      memcpy (pixels + (gsize) y * width, raw->data + y * (width + 1) + 1, width);
    }
  *side_out = width;
  return pixels;
}

static void
test_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoQrCode) qr = eo_qr_code_new ("LPA:1$sm-v4-004-a-gtm.pr.go-esim.com$", &error);
  static const guint scales[] = { 1, 3, 8, 20 };

  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      g_autoptr(GBytes) png = eo_qr_code_to_png (qr, scales[s]);
      g_autofree guint8 *pixels = NULL;
      guint side, w = eo_qr_code_get_width (qr);

      pixels = decode_png (png, &side);
      g_assert_cmpuint (side, ==, (w + 2 * EO_QR_CODE_QUIET_ZONE) * scales[s]);
      for (guint y = 0; y < side; y++)
        for (guint x = 0; x < side; x++)
          {
            gboolean dark = eo_qr_code_get_module (qr,
                                                   (int) (x / scales[s]) - EO_QR_CODE_QUIET_ZONE,
                                                   (int) (y / scales[s]) - EO_QR_CODE_QUIET_ZONE);

            g_assert_cmpuint (pixels[(gsize) y * side + x], ==, dark ? 0x00 : 0xff);
          }
    }

  /* Over 64 KiB of pixels: several stored blocks. */
  {
    g_autoptr(GBytes) png = eo_qr_code_to_png (qr, 40);
    g_autofree guint8 *pixels = NULL;
    guint side;

    pixels = decode_png (png, &side);
    g_assert_cmpuint ((gsize) side * side, >, 3 * 65535);
  }
}

static void
test_write (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoQrCode) qr = eo_qr_code_new ("LPA:1$smdp.example.com$", &error);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "qr", NULL);
  g_autofree char *png_path = g_build_filename (dir, "code.png", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "code.svg", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "missing", "code.svg", NULL);
  g_autofree char *contents = NULL;
  EoQrFormat format;
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (eo_qr_code_write (qr, EO_QR_FORMAT_PNG, 2, png_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png_path, &contents, &len, NULL));
  g_assert_cmpmem (contents, 4, "\x89PNG", 4);
  g_clear_pointer (&contents, g_free);
  g_assert_true (eo_qr_code_write (qr, EO_QR_FORMAT_SVG, 0, svg_path, &error));
  g_assert_true (g_file_get_contents (svg_path, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_false (eo_qr_code_write (qr, EO_QR_FORMAT_SVG, 0, bad_path, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);

  g_assert_true (eo_qr_format_from_string ("SVG", &format));
  g_assert_cmpint (format, ==, EO_QR_FORMAT_SVG);
  g_assert_true (eo_qr_format_from_string ("png", &format));
  g_assert_cmpint (format, ==, EO_QR_FORMAT_PNG);
  g_assert_false (eo_qr_format_from_string ("jpg", &format));
}

static void
test_sheet (void)
{
  static const char * const names[] = { "<b>bold</b> & co", "Ana", "Zoë" };
  g_autoptr(EoUploadRecord) record = eo_test_make_record (3, names, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = eo_activation_code_for_server_url (eo_upload_record_get_server_url (record), &error);
  g_autoptr(EoQrCode) qr = eo_qr_code_new (code, &error);
  g_autofree char *html = eo_qr_code_sheet_html (qr, record);

  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "LPA:1$sm-v4-004.prod.example.test$");
  g_assert_nonnull (strstr (html, "<svg"));
  g_assert_nonnull (strstr (html, "LPA:1$sm-v4-004.prod.example.test$"));
  g_assert_nonnull (strstr (html, "&lt;b&gt;bold&lt;/b&gt; &amp; co"));
  g_assert_null (strstr (html, "<b>bold"));
  /* Device 1 failed: not on the sheet. */
  g_assert_null (strstr (html, ">Ana<"));
  g_assert_nonnull (strstr (html, ">Zoë<"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/qr/activation-code", test_activation_code);
  g_test_add_func ("/history/qr/matrix", test_matrix);
  g_test_add_func ("/history/qr/too-long", test_too_long);
  g_test_add_func ("/history/qr/svg", test_svg);
  g_test_add_func ("/history/qr/png", test_png);
  g_test_add_func ("/history/qr/write", test_write);
  g_test_add_func ("/history/qr/sheet", test_sheet);

  return g_test_run ();
}
