/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-i18n"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "i18n-test-util.h"

/* A path in the source tree ($EO_SOURCE_ROOT). */
char *
i18n_source_path (const char *first,
                  ...)
{
  const char *root = g_getenv ("EO_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer)root);
  g_ptr_array_add (parts, (gpointer)first);
  va_start (args, first);
  for (const char *part = va_arg (args, const char *); part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **)parts->pdata);
}

/* The languages of po/LINGUAS. */
GStrv
i18n_read_linguas (void)
{
  g_autofree char *path = i18n_source_path ("po", "LINGUAS", NULL);
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

/* Runs @argv to its end; @env holds "NAME=VALUE" pairs set on top of
 * the test's environment ("NAME" alone unsets it). */
void
i18n_run (const char * const *argv,
          const char * const *env,
          I18nRun            *run)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equal = strchr (env[i], '=');

      if (equal == NULL)
        {
          g_subprocess_launcher_unsetenv (launcher, env[i]);
        }
      else
        {
          g_autofree char *name = g_strndup (env[i], equal - env[i]);

          g_subprocess_launcher_setenv (launcher, name, equal + 1, TRUE);
        }
    }

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

void
i18n_run_clear (I18nRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Compiles po/LL.po for each language of LINGUAS into a new folder laid
 * out as a locale directory: DIR/LL/LC_MESSAGES/esim-onboard.mo. The
 * catalogs come straight from the source tree, so the tests see the
 * translations as they are now. */
char *
i18n_compile_catalogs (void)
{
  g_auto(GStrv) linguas = i18n_read_linguas ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-locale-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (linguas), >, 0);

  for (guint i = 0; linguas[i] != NULL; i++)
    {
      g_autofree char *po_name = g_strconcat (linguas[i], ".po", NULL);
      g_autofree char *po = i18n_source_path ("po", po_name, NULL);
      g_autofree char *messages = g_build_filename (dir, linguas[i], "LC_MESSAGES", NULL);
      g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
      const char *argv[] = { "msgfmt", "--check", "-o", mo, po, NULL };
      I18nRun run = { 0 };

      g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
      i18n_run (argv, NULL, &run);
      if (run.status != 0)
        g_error ("msgfmt %s failed: %s", po, run.err);
      i18n_run_clear (&run);
      g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
    }

  return g_steal_pointer (&dir);
}

void
i18n_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            i18n_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}
