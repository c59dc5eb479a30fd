/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-l10n"

#include "config.h"

#include <glib.h>
#include <string.h>

#include "eo-test-i18n.h"

/* esim-onboard-cli ($EO_CLI) in German and French, with the catalogs
 * compiled from po/ and found through ESIM_ONBOARD_LOCALEDIR. */

static char *locale_dir;

static void
run_cli (const char *language,
         const char *arg1,
         const char *arg2,
         EoTestRun    *run)
{
  const char *cli = g_getenv ("EO_CLI");
  g_autofree char *language_env = language != NULL ? g_strconcat ("LANGUAGE=", language, NULL)
                                                   : g_strdup ("LANGUAGE");
  /* gettext takes LANGUAGE only outside C.UTF-8: messages in a real
   * locale (the language's own; German for one without a catalog, which
   * must still give English), the rest in C.UTF-8. */
  const char *locale = eo_test_locale_of (language != NULL && eo_test_locale_of (language) ? language : "de");
  g_autofree char *messages_env = g_strconcat ("LC_MESSAGES=", language != NULL ? locale : "C.UTF-8", NULL);
  g_autofree char *dir_env = g_strconcat ("ESIM_ONBOARD_LOCALEDIR=", locale_dir, NULL);
  const char *env[] = { "LC_ALL", "LANG=C.UTF-8", messages_env, language_env, dir_env, NULL };
  const char *argv[] = { cli, arg1, arg2, NULL };

  g_assert_nonnull (cli);
  eo_test_run (run, argv, env, NULL);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "i18n", "data", name, NULL);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not found in:\n%s", part, text);
}

static void
test_validate_fr (void)
{
  g_autofree char *path = data_path ("devices.csv");
  EoTestRun run = { 0 };

  run_cli ("fr", "validate", path, &run);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.out, "3 appareils · 1 erreur · 1 avertissement\n");
  assert_contains (run.out, "devices.csv:3: EID: erreur: Les chiffres de contrôle de l’EID sont erronés\u00a0: …72 attendu, …73 trouvé.");
  assert_contains (run.out, "devices.csv:4: EID: avertissement: Des espaces ou des tirets ont été retirés de l’EID.");
  eo_test_run_clear (&run);
}

static void
test_validate_de (void)
{
  g_autofree char *path = data_path ("devices.csv");
  EoTestRun run = { 0 };

  run_cli ("de", "validate", path, &run);
  g_assert_cmpint (run.status, ==, 1);
  assert_contains (run.out, "3 Geräte · 1 Fehler · 1 Warnung\n");
  assert_contains (run.out, "devices.csv:3: EID: Fehler: Die Prüfziffern der EID sind falsch");
  eo_test_run_clear (&run);
}

static void
test_unreadable_fr (void)
{
  g_autofree char *path = data_path ("no-columns.csv");
  g_autofree char *all = NULL;
  EoTestRun run = { 0 };

  run_cli ("fr", "validate", path, &run);
  g_assert_cmpint (run.status, ==, 2);
  all = g_strconcat (run.out, run.err, NULL);
  assert_contains (all, "Le fichier n’a ni colonne «\u00a0EID\u00a0» ni colonne «\u00a0Name\u00a0».");
  eo_test_run_clear (&run);
}

static void
test_unknown_command_de (void)
{
  EoTestRun run = { 0 };

  run_cli ("de", "frobnicate", NULL, &run);
  g_assert_cmpint (run.status, ==, 3);
  assert_contains (run.err, "Unbekannter Befehl „frobnicate“.");
  eo_test_run_clear (&run);
}

/* The command list stays a table: every description starts in the
 * same column, in each language. */
static void
test_help (gconstpointer data)
{
  const char *language = data;
  g_auto(GStrv) lines = NULL;
  glong column = -1;
  guint n_commands = 0;
  EoTestRun run = { 0 };

  run_cli (language, "--help", NULL, &run);
  g_assert_cmpint (run.status, ==, 0);
  if (g_str_equal (language, "de"))
    assert_contains (run.out, "Aufruf: esim-onboard-cli BEFEHL [OPTION…]");
  else if (g_str_equal (language, "fr"))
    assert_contains (run.out, "Utilisation\u00a0: esim-onboard-cli COMMANDE [OPTION…]");

  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *description;

      if (!g_str_has_prefix (line, "  ") || line[2] == ' ')
        continue;
      /* "  NAME [ARG]   Description" */
      description = strstr (line + 2, "  ");
      if (description == NULL)
        description = strchr (strchr (line + 2, ' ') + 1, ' ');
      g_assert_nonnull (description);
      while (*description == ' ')
        description++;
      if (column < 0)
        column = g_utf8_pointer_to_offset (line, description);
      g_assert_cmpint (g_utf8_pointer_to_offset (line, description), ==, column);
      n_commands++;
    }
  g_assert_cmpuint (n_commands, >=, 5);
  eo_test_run_clear (&run);
}

static void
test_fallback (void)
{
  g_autofree char *path = data_path ("devices.csv");
  EoTestRun run = { 0 };

  /* No LANGUAGE, or one without a catalog: English. */
  run_cli (NULL, "validate", path, &run);
  assert_contains (run.out, "3 devices · 1 error · 1 warning\n");
  eo_test_run_clear (&run);

  run_cli ("xx", "validate", path, &run);
  assert_contains (run.out, "3 devices · 1 error · 1 warning\n");
  eo_test_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The locales the CLI runs in are installed (or the test says so). */
  eo_test_set_messages_locale ("de");
  eo_test_set_messages_locale ("fr");
  locale_dir = eo_test_compile_catalogs ();

  g_test_add_func ("/cli-l10n/validate/fr", test_validate_fr);
  g_test_add_func ("/cli-l10n/validate/de", test_validate_de);
  g_test_add_func ("/cli-l10n/unreadable/fr", test_unreadable_fr);
  g_test_add_func ("/cli-l10n/unknown-command/de", test_unknown_command_de);
  g_test_add_data_func ("/cli-l10n/help/de", "de", test_help);
  g_test_add_data_func ("/cli-l10n/help/fr", "fr", test_help);
  g_test_add_data_func ("/cli-l10n/help/en", "en", test_help);
  g_test_add_func ("/cli-l10n/fallback", test_fallback);

  ret = g_test_run ();

  eo_test_remove_tree (locale_dir);
  g_free (locale_dir);

  return ret;
}
