/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-po"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "eo-test-i18n.h"

/* The translations are complete and clean: po/POTFILES.in names every
 * source file with translatable strings, a template made fresh from
 * them has no message that a language lacks (untranslated or fuzzy),
 * msgfmt --check passes, and each language's typography holds. */

static char *work_dir;
static char *pot_path;
static guint pot_count;

/* Same keywords and flags as i18n.gettext (preset: 'glib'). */
static const char * const xgettext_args[] = {
  "--from-code=UTF-8", "--add-comments",
  "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
  "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
  "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
  "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
  "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
  "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
  "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
  "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
  "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
};

/* One message of a PO file, strings kept escaped as in the file. */
typedef struct
{
  GString   *id;
  GString   *plural;
  GPtrArray *strs;
  guint      line;
} PoEntry;

static void
po_entry_free (PoEntry *entry)
{
  g_string_free (entry->id, TRUE);
  if (entry->plural != NULL)
    g_string_free (entry->plural, TRUE);
  g_ptr_array_unref (entry->strs);
  g_free (entry);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PoEntry, po_entry_free)

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Reads the active messages of a PO file (no header, no obsolete ones). */
static GPtrArray *
read_po (const char *path)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)po_entry_free);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PoEntry) entry = NULL;
  GString *field = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];
      const char *quote;

      if (line == NULL || line[0] == '\0' || line[0] == '#')
        {
          if (entry != NULL && entry->id->len > 0)
            g_ptr_array_add (entries, g_steal_pointer (&entry));
          g_clear_pointer (&entry, po_entry_free);
          field = NULL;
          if (line == NULL)
            break;
          continue;
        }

      quote = strchr (line, '"');
      g_assert_nonnull (quote);
      g_assert_true (g_str_has_suffix (line, "\""));

      if (line[0] != '"')
        {
          if (entry == NULL)
            {
              entry = g_new0 (PoEntry, 1);
              entry->id = g_string_new (NULL);
              entry->strs = g_ptr_array_new_with_free_func (string_free);
              entry->line = i + 1;
            }
          if (g_str_has_prefix (line, "msgid_plural "))
            field = entry->plural = g_string_new (NULL);
          else if (g_str_has_prefix (line, "msgid "))
            field = entry->id;
          else if (g_str_has_prefix (line, "msgstr"))
            g_ptr_array_add (entry->strs, field = g_string_new (NULL));
          else
            field = NULL; /* msgctxt */
        }

      if (field != NULL)
        g_string_append_len (field, quote + 1, strlen (quote + 1) - 1);
    }

  return g_steal_pointer (&entries);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint count = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + strlen (needle), needle))
    count++;

  return count;
}

static guint
count_mnemonics (const char *text)
{
  guint count = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '_' && p[1] == '_')
        p++;
      else if (p[0] == '_' && p[1] != '\0')
        count++;
    }

  return count;
}

/* Returns a description of what is wrong with @str as a translation of
 * @id into @lang, or NULL. */
static char *
check_typography (const char *lang,
                  const char *id,
                  const char *str)
{
  gsize id_len = strlen (id), str_len = strlen (str);

  if ((id[0] == ' ') != (str[0] == ' '))
    return g_strdup ("leading space differs");
  if ((id_len > 0 && id[id_len - 1] == ' ') != (str_len > 0 && str[str_len - 1] == ' '))
    return g_strdup ("trailing space differs");
  if (count_occurrences (id, "\\n") != count_occurrences (str, "\\n"))
    return g_strdup ("number of line breaks differs");
  if (strstr (str, "...") != NULL && strstr (id, "...") == NULL)
    return g_strdup ("three dots instead of …");
  if (g_str_has_suffix (id, "…") != g_str_has_suffix (str, "…"))
    return g_strdup ("ellipsis at the end differs");
  if (count_occurrences (str, "\\\"") > count_occurrences (id, "\\\""))
    return g_strdup ("straight double quote");
  if (count_mnemonics (id) == 1 && count_mnemonics (str) != 1)
    return g_strdup ("mnemonic lost or doubled");

  if (g_str_equal (lang, "de"))
    {
      if (strstr (str, "«") != NULL || strstr (str, "»") != NULL || strstr (str, "”") != NULL)
        return g_strdup ("German quotes are „…“");
      if (count_occurrences (str, "„") != count_occurrences (str, "“"))
        return g_strdup ("unbalanced „…“");
    }
  else if (g_str_equal (lang, "fr"))
    {
      if (strstr (str, "„") != NULL || strstr (str, "“") != NULL || strstr (str, "”") != NULL)
        return g_strdup ("French quotes are « … »");
      if (count_occurrences (str, "«") != count_occurrences (str, "«\u00a0") ||
          count_occurrences (str, "»") != count_occurrences (str, "\u00a0»"))
        return g_strdup ("« … » without non-breaking spaces");
      if (count_occurrences (str, "«") != count_occurrences (str, "»"))
        return g_strdup ("unbalanced « … »");
      if (strstr (str, " :") != NULL || strstr (str, " ;") != NULL ||
          strstr (str, " ?") != NULL || strstr (str, " !") != NULL)
        return g_strdup ("plain space before : ; ? ! (non-breaking needed)");
      for (const char *p = strchr (str, '\''); p != NULL; p = strchr (p + 1, '\''))
        if (p == str || p[-1] != '%')
          return g_strdup ("straight apostrophe instead of ’");
    }

  return NULL;
}

static void
make_template (void)
{
  g_autofree char *root = eo_test_source_path (".", NULL);
  g_autofree char *potfiles = eo_test_source_path ("po", "POTFILES.in", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  EoTestRun run = { 0 };

  pot_path = g_build_filename (work_dir, GETTEXT_PACKAGE ".pot", NULL);
  g_strv_builder_add_many (builder, "xgettext", "--package-name=" GETTEXT_PACKAGE,
                           "-D", root, "-f", potfiles, "-o", pot_path, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (xgettext_args); i++)
    g_strv_builder_add (builder, xgettext_args[i]);
  argv = g_strv_builder_end (builder);

  eo_test_run (&run, (const char * const *)argv, NULL, NULL);
  if (run.status != 0)
    g_error ("xgettext failed: %s", run.err);
  eo_test_run_clear (&run);

  g_file_get_contents (pot_path, &text, NULL, &error);
  g_assert_no_error (error);
  /* Every "msgid" line but the header's. */
  pot_count = count_occurrences (text, "\nmsgid ") - 1;
  g_test_message ("%u messages in the template", pot_count);
}

static gboolean
has_translatable_strings (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GRegex) regex = NULL;

  if (g_str_has_suffix (path, ".desktop.in.in") || g_str_has_suffix (path, ".metainfo.xml.in.in"))
    return TRUE;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  if (g_str_has_suffix (path, ".ui") || g_str_has_suffix (path, ".gschema.xml"))
    return strstr (text, "translatable=\"yes\"") != NULL || strstr (text, "gettext-domain=") != NULL;
  if (!g_str_has_suffix (path, ".c"))
    return FALSE;

  regex = g_regex_new ("(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext|g_dgettext)\\s*\\(\\s*\"",
                       G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_match (regex, text, 0, NULL);
}

static void
collect_sources (const char *root,
                 const char *relative,
                 GPtrArray  *found)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child_relative = g_build_filename (relative, name, NULL);
      g_autofree char *child = g_build_filename (root, child_relative, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect_sources (root, child_relative, found);
      else if (has_translatable_strings (child))
        g_ptr_array_add (found, g_steal_pointer (&child_relative));
    }
}

static void
test_potfiles (void)
{
  g_autofree char *root = eo_test_source_path (".", NULL);
  g_autofree char *potfiles = eo_test_source_path ("po", "POTFILES.in", NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (potfiles, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      path = g_build_filename (root, lines[i], NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_test_fail_printf ("po/POTFILES.in lists %s, which does not exist", lines[i]);
          return;
        }
      g_assert_false (g_hash_table_contains (listed, lines[i]));
      g_hash_table_add (listed, lines[i]);
    }

  collect_sources (root, "src", found);
  collect_sources (root, "data", found);
  g_assert_cmpuint (found->len, >, 10);
  for (guint i = 0; i < found->len; i++)
    if (!g_hash_table_contains (listed, found->pdata[i]))
      g_string_append_printf (missing, " %s", (char *)found->pdata[i]);

  if (missing->len > 0)
    g_test_fail_printf ("Files with translatable strings missing from po/POTFILES.in:%s", missing->str);
}

static void
test_template (void)
{
  /* The app's own strings, from C, .ui and core sources, are there. */
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (pot_path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "msgid \"Open a Device List\""));
  g_assert_nonnull (strstr (text, "msgid \"Check a device list and assign Celona eSIMs to company phones\""));
  g_assert_nonnull (strstr (text, "msgid \"Spaces or dashes were removed from the EID.\""));
  g_assert_cmpuint (pot_count, >, 400);
}

/* Parses "N translated messages[, N fuzzy translations][, N untranslated messages]." */
static void
parse_statistics (const char *text,
                  guint      *translated,
                  guint      *fuzzy,
                  guint      *untranslated)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *translated = *fuzzy = *untranslated = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 n = g_ascii_strtoull (g_strchug (parts[i]), NULL, 10);

      if (strstr (parts[i], "untranslated") != NULL)
        *untranslated = n;
      else if (strstr (parts[i], "fuzzy") != NULL)
        *fuzzy = n;
      else if (strstr (parts[i], "translated") != NULL)
        *translated = n;
    }
}

static void
test_language (gconstpointer data)
{
  const char *lang = data;
  g_autofree char *po_name = g_strconcat (lang, ".po", NULL);
  g_autofree char *po = eo_test_source_path ("po", po_name, NULL);
  g_autofree char *merged = g_build_filename (work_dir, po_name, NULL);
  g_autofree char *header = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  guint translated, fuzzy, untranslated;
  EoTestRun run = { 0 };

  /* The file as committed: valid, format strings and accelerators kept. */
  {
    const char *argv[] = { "msgfmt", "--check", "--check-accelerators=_", "--statistics",
                           "-o", "/dev/null", po, NULL };

    eo_test_run (&run, argv, (const char * const[]) { "LC_ALL=C", "LANGUAGE", NULL }, NULL);
    if (run.status != 0)
      {
        g_test_fail_printf ("msgfmt --check %s failed:\n%s", po_name, run.err);
        eo_test_run_clear (&run);
        return;
      }
    g_test_message ("%s: %s", po_name, g_strstrip (run.err));
    eo_test_run_clear (&run);
  }

  /* Against the template of the tree as it is now: nothing missing. */
  {
    const char *argv[] = { "msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap",
                           "-o", merged, po, pot_path, NULL };

    eo_test_run (&run, argv, NULL, NULL);
    if (run.status != 0)
      g_error ("msgmerge %s failed:\n%s", po_name, run.err);
    eo_test_run_clear (&run);
  }
  for (guint i = 0; i < 2; i++)
    {
      const char *which = i == 0 ? "--untranslated" : "--only-fuzzy";
      const char *argv[] = { "msgattrib", which, "--no-obsolete", "--no-wrap", merged, NULL };

      eo_test_run (&run, argv, NULL, NULL);
      g_assert_cmpint (run.status, ==, 0);
      /* Only the header may be left. */
      if (count_occurrences (run.out, "\nmsgid ") > 0)
        {
          g_test_fail_printf ("%s has %s messages (update it with ninja esim-onboard-update-po, "
                              "then translate them):\n%s", po_name,
                              i == 0 ? "untranslated or missing" : "fuzzy", run.out);
          eo_test_run_clear (&run);
          return;
        }
      eo_test_run_clear (&run);
    }
  {
    const char *argv[] = { "msgfmt", "--check", "--statistics", "-o", "/dev/null", merged, NULL };

    eo_test_run (&run, argv, (const char * const[]) { "LC_ALL=C", "LANGUAGE", NULL }, NULL);
    if (run.status != 0)
      {
        g_test_fail_printf ("msgfmt --check of the merged %s failed:\n%s", po_name, run.err);
        eo_test_run_clear (&run);
        return;
      }
    parse_statistics (run.err, &translated, &fuzzy, &untranslated);
    g_assert_cmpuint (fuzzy, ==, 0);
    g_assert_cmpuint (untranslated, ==, 0);
    g_assert_cmpuint (translated, ==, pot_count);
    eo_test_run_clear (&run);
  }

  /* Plural forms as the language has them. */
  {
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    const char *expected = g_str_equal (lang, "fr") ? "nplurals=2; plural=(n > 1);"
                                                    : "nplurals=2; plural=(n != 1);";

    g_file_get_contents (po, &text, NULL, &error);
    g_assert_no_error (error);
    if (g_str_equal (lang, "de") || g_str_equal (lang, "fr"))
      g_assert_nonnull (strstr (text, expected));
    g_assert_nonnull (strstr (text, "charset=UTF-8"));
  }

  /* Typography of each translation. */
  entries = read_po (merged);
  g_assert_cmpuint (entries->len, >=, pot_count);
  for (guint i = 0; i < entries->len; i++)
    {
      PoEntry *entry = entries->pdata[i];

      for (guint j = 0; j < entry->strs->len; j++)
        {
          GString *str = entry->strs->pdata[j];
          const char *id = (j > 0 && entry->plural != NULL) ? entry->plural->str : entry->id->str;
          g_autofree char *problem = NULL;

          /* The search keywords keep their form; checked by desktop-file-validate. */
          if (str->len == 0)
            continue;
          problem = check_typography (lang, id, str->str);
          if (problem != NULL)
            g_string_append_printf (problems, "\n  %s:%u: %s: \"%s\"", po_name, entry->line, problem, str->str);
        }
    }
  if (problems->len > 0)
    g_test_fail_printf ("Typography problems:%s", problems->str);
}

int
main (int   argc,
      char *argv[])
{
  g_auto(GStrv) linguas = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Messages quote translations: keep them readable. */
  setlocale (LC_ALL, "C.UTF-8");

  work_dir = g_dir_make_tmp ("eo-po-XXXXXX", &error);
  g_assert_no_error (error);
  make_template ();

  g_test_add_func ("/po/potfiles", test_potfiles);
  g_test_add_func ("/po/template", test_template);
  linguas = eo_test_read_linguas ();
  for (guint i = 0; linguas[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup_printf ("/po/%s", linguas[i]);

      g_test_add_data_func (name, linguas[i], test_language);
    }

  ret = g_test_run ();

  eo_test_remove_tree (work_dir);
  g_free (work_dir);
  g_free (pot_path);

  return ret;
}
