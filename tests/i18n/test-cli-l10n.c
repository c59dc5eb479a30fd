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

/* The CLI in @language (NULL: English) with this test's own folders
 * (its history) and the demo key, running @argv (ended by NULL). */
static void
run_cli_argv (const char         *language,
              const char * const *args,
              EoTestRun          *run)
{
  const char *cli = g_getenv ("EO_CLI");
  g_autoptr(GPtrArray) env = eo_test_dirs_env ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *locale = eo_test_locale_of (language != NULL && eo_test_locale_of (language) ? language : "de");

  g_assert_nonnull (cli);
  g_ptr_array_add (env, g_strdup ("LC_ALL"));
  g_ptr_array_add (env, g_strdup ("LANG=C.UTF-8"));
  g_ptr_array_add (env, g_strconcat ("LC_MESSAGES=", language != NULL ? locale : "C.UTF-8", NULL));
  g_ptr_array_add (env, language != NULL ? g_strconcat ("LANGUAGE=", language, NULL) : g_strdup ("LANGUAGE"));
  g_ptr_array_add (env, g_strconcat ("ESIM_ONBOARD_LOCALEDIR=", locale_dir, NULL));
  g_ptr_array_add (env, g_strdup ("ESIM_ONBOARD_API_KEY=demo-key"));
  g_ptr_array_add (env, NULL);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  eo_test_run (run, (const char * const *) argv->pdata, (const char * const *) env->pdata, NULL);
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

static void assert_contains (const char *text, const char *part);

/* The text of the only upload record of the history, as on disk. */
static char *
read_only_record (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "esim-onboard", "uploads", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  char *contents = NULL;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_str_has_suffix (name, ".json"))
        continue;
      g_assert_null (contents);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    }
  g_assert_nonnull (contents);
  return contents;
}

/* An upload sent in @writer's language to a server nobody listens on;
 * the history read in @reader's language says it in the reader's. */
typedef struct
{
  const char *writer;
  const char *reader;
  const char *written;   /* part of the text in the writer's language */
  const char *not_sent;  /* the state, in the reader's language */
  const char *shown;     /* part of the message, in the reader's language */
} MessageCase;

static const MessageCase message_cases[] = {
  { "de", NULL, "konnte nicht erreicht werden (die Verbindung wurde abgewiesen)",
    "Not sent", "Could not reach the server 127.0.0.1 (the connection was refused)." },
  { NULL, "de", "Could not reach the server 127.0.0.1 (the connection was refused).",
    "Nicht gesendet", "Der Server 127.0.0.1 konnte nicht erreicht werden (die Verbindung wurde abgewiesen)." },
  { "de", "fr", "konnte nicht erreicht werden",
    "Non envoyé", "(la connexion a été refusée)" },
};

static void
test_history_message (gconstpointer data)
{
  const MessageCase *c = data;
  g_autofree char *csv = data_path ("devices.csv");
  g_autofree char *url = eo_test_dup_closed_port_url ();
  g_autofree char *record = NULL;
  g_autofree char *all = NULL;
  const char *submit[] = { "submit", csv, "--server", url, "--customer", "demo", NULL };
  const char *history[] = { "history", NULL };
  const char *history_json[] = { "history", "--json", NULL };
  EoTestRun sent = { 0 }, shown = { 0 }, json = { 0 };

  run_cli_argv (c->writer, submit, &sent);
  g_assert_cmpint (sent.status, !=, 0);
  all = g_strconcat (sent.out, sent.err, NULL);
  assert_contains (all, c->written);

  /* On disk: the writer's text, and the code that any reader says. */
  record = read_only_record ();
  assert_contains (record, c->written);
  assert_contains (record, "\"state\" : \"not-sent\"");
  assert_contains (record, "\"code\" : \"unreachable\"");
  assert_contains (record, "\"detail\" : \"the connection was refused\"");

  run_cli_argv (c->reader, history, &shown);
  g_assert_cmpint (shown.status, ==, 0);
  assert_contains (shown.out, c->not_sent);
  assert_contains (shown.out, c->shown);
  if (strstr (shown.out, c->written) != NULL)
    g_error ("The writer's text “%s” is shown to the reader:\n%s", c->written, shown.out);

  run_cli_argv (c->reader, history_json, &json);
  g_assert_cmpint (json.status, ==, 0);
  assert_contains (json.out, c->shown);
  assert_contains (json.out, "\"state\" : \"not-sent\"");
  assert_contains (json.out, "\"error_code\" : \"unreachable\"");

  eo_test_run_clear (&sent);
  eo_test_run_clear (&shown);
  eo_test_run_clear (&json);
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
  g_test_add_data_func ("/cli-l10n/history-message/de-en", &message_cases[0], test_history_message);
  g_test_add_data_func ("/cli-l10n/history-message/en-de", &message_cases[1], test_history_message);
  g_test_add_data_func ("/cli-l10n/history-message/de-fr", &message_cases[2], test_history_message);

  ret = g_test_run ();

  eo_test_remove_tree (locale_dir);
  g_free (locale_dir);

  return ret;
}
