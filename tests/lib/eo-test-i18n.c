/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-i18n"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include <locale.h>

#include "eo-test-i18n.h"

/* The languages of po/LINGUAS. */
GStrv
eo_test_read_linguas (void)
{
  g_autofree char *path = eo_test_source_path ("po", "LINGUAS", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      words = g_strsplit_set (lines[i], " \t", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (words[j][0] != '\0')
          g_strv_builder_add (builder, words[j]);
    }

  return g_strv_builder_end (builder);
}

/* Compiles po/LL.po for each language of LINGUAS into a new folder laid
 * out as a locale directory: DIR/LL/LC_MESSAGES/esim-onboard.mo. The
 * catalogs come straight from the source tree, so the tests see the
 * translations as they are now. */
char *
eo_test_compile_catalogs (void)
{
  g_auto(GStrv) linguas = eo_test_read_linguas ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-locale-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (linguas), >, 0);

  for (guint i = 0; linguas[i] != NULL; i++)
    {
      g_autofree char *po_name = g_strconcat (linguas[i], ".po", NULL);
      g_autofree char *po = eo_test_source_path ("po", po_name, NULL);
      g_autofree char *messages = g_build_filename (dir, linguas[i], "LC_MESSAGES", NULL);
      g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
      const char *argv[] = { "msgfmt", "--check", "-o", mo, po, NULL };
      g_auto(EoTestRun) run = { 0 };

      g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
      eo_test_run (&run, argv, NULL, NULL);
      if (run.status != 0)
        g_error ("msgfmt %s failed: %s", po, run.err);
      g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
    }

  return g_steal_pointer (&dir);
}

const char *
eo_test_locale_of (const char *lang)
{
  static const struct { const char *lang, *locale; } locales[] = {
    { "de", "de_DE.UTF-8" },
    { "fr", "fr_FR.UTF-8" },
  };

  for (guint i = 0; lang != NULL && i < G_N_ELEMENTS (locales); i++)
    if (g_str_equal (locales[i].lang, lang))
      return locales[i].locale;

  return NULL;
}

void
eo_test_set_messages_locale (const char *lang)
{
  const char *locale = eo_test_locale_of (lang);

  g_assert_nonnull (locale);
  if (setlocale (LC_MESSAGES, locale) == NULL)
    g_error ("The locale %s is not installed (build-aux/install-deps.sh generates it)", locale);
}
