/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Decodes our QR codes with an independent reader (zbarimg, from
 * zbar-tools) and compares with the activation code, byte for byte. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "eo-qr-code.h"
#include "eo-test-history.h"

static char *
zbar_decode (const char *path)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "--raw", "-q", path, NULL };
  int wait_status = 0;

  if (zbarimg == NULL)
    g_error ("zbarimg is not installed (Debian package zbar-tools): it is needed to check the QR codes");
  argv[0] = zbarimg;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &wait_status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_test_message ("zbarimg failed on %s: %s", path, err);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static void
check_decodes (const char *server_url,
               EoQrFormat  format,
               guint       scale)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = eo_activation_code_for_server_url (server_url, &error);
  g_autoptr(EoQrCode) qr = NULL;
  g_autofree char *name = g_strdup_printf ("code-%u.%s", scale, eo_qr_format_to_string (format));
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);
  g_autofree char *decoded = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  qr = eo_qr_code_new (code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (eo_qr_code_write (qr, format, scale, path, &error));
  g_assert_no_error (error);

  decoded = zbar_decode (path);
  expected = g_strconcat (code, "\n", NULL);
  g_assert_cmpstr (decoded, ==, expected);
  g_test_message ("%s (%s, scale %u, %u modules) -> %s", server_url,
                  eo_qr_format_to_string (format), scale, eo_qr_code_get_width (qr), code);
}

static void
test_png_decodes (void)
{
  static const char * const urls[] = {
    "https://sm-v4-004-a-gtm.pr.go-esim.com",
    "https://smdp.example.com:8443/",
    "https://a.very.long.sm-dp-plus.host.name.of.some.operator.example.net",
    "https://127.0.0.1:4010",
  };
  static const guint scales[] = { 3, 8 };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
      check_decodes (urls[i], EO_QR_FORMAT_PNG, scales[s]);
}

typedef struct
{
  guint    side;
  GString *d;
} SvgPaths;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgPaths *svg = user_data;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (element, "svg") && g_str_equal (names[i], "viewBox"))
        g_assert_cmpint (sscanf (values[i], "0 0 %u", &svg->side), ==, 1);
      else if (g_str_equal (element, "path") && g_str_equal (names[i], "d"))
        g_string_append (svg->d, values[i]);
    }
}

/* ImageMagick here has no SVG renderer: the test rasterizes the SVG's
 * path itself (into a PGM, which zbarimg reads) so that the SVG, not the
 * matrix behind it, is what gets decoded. */
static void
test_svg_decodes (void)
{
  static const GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  const guint scale = 6;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = eo_activation_code_for_server_url ("https://sm-v4-004-a-gtm.pr.go-esim.com", &error);
  g_autoptr(EoQrCode) qr = eo_qr_code_new (code, &error);
  g_autofree char *svg_text = eo_qr_code_to_svg (qr, 0);
  g_autoptr(GMarkupParseContext) ctx = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "from-svg.pgm", NULL);
  g_autofree char *decoded = NULL;
  g_autofree char *expected = g_strconcat (code, "\n", NULL);
  g_autoptr(GString) pgm = g_string_new (NULL);
  g_autofree guint8 *pixels = NULL;
  SvgPaths svg = { 0, g_string_new (NULL) };
  gsize side_px;
  const char *p;

  g_assert_no_error (error);
  ctx = g_markup_parse_context_new (&parser, 0, &svg, NULL);
  g_assert_true (g_markup_parse_context_parse (ctx, svg_text, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (ctx, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (svg.side, >, 0);

  side_px = (gsize) svg.side * scale;
  pixels = g_malloc (side_px * side_px);
  memset (pixels, 0xff, side_px * side_px);
  for (p = svg.d->str; *p != '\0';)
    {
      guint x, y, n1, n2;
      int consumed = 0;

      g_assert_cmpint (sscanf (p, "M%u %uh%uv1h-%uz%n", &x, &y, &n1, &n2, &consumed), ==, 4);
      for (gsize py = (gsize) y * scale; py < (gsize) (y + 1) * scale; py++)
        memset (pixels + py * side_px + (gsize) x * scale, 0x00, (gsize) n1 * scale);
      p += consumed;
    }
  g_string_append_printf (pgm, "P5\n%" G_GSIZE_FORMAT " %" G_GSIZE_FORMAT "\n255\n", side_px, side_px);
  g_string_append_len (pgm, (const char *) pixels, side_px * side_px);
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, pgm->str, pgm->len, &error));

  decoded = zbar_decode (path);
  g_assert_cmpstr (decoded, ==, expected);
  g_string_free (svg.d, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/qr-decode/png", test_png_decodes);
  g_test_add_func ("/history/qr-decode/svg", test_svg_decodes);

  return g_test_run ();
}
