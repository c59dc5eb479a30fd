/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-key"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-key.h"
#include "eo-secret-store.h"

/* Reading the API key: the refusal of a key on the command line, the key
 * file with its checks, and the keyring. Keys are wiped after use and
 * never printed. */

/* Largest API key file read. */
#define EO_CLI_KEY_FILE_MAX (64 * 1024)

/* A key on the command line is visible to every local user (ps, /proc)
 * and lands in the shell history: there is deliberately no option for it.
 * The value is never echoed. */
gboolean
eo_cli_refuse_key_in_argv (const char *command,
                           int         argc,
                           char      **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        break;
      if (g_str_equal (arg, "--api-key") || g_str_has_prefix (arg, "--api-key=") ||
          g_str_equal (arg, "--key") || g_str_has_prefix (arg, "--key="))
        {
          eo_cli_print_error (command,
                              _("There is no option to give the API key on the command line: "
                                "other users of this computer could read it in the process list, "
                                "and it would stay in the shell history."));
          eo_cli_print_hint (_("Give it with --api-key-file FILE, in the ESIM_ONBOARD_API_KEY environment "
                               "variable, or store it once in the keyring with “esim-onboard-cli set-key”."));
          return TRUE;
        }
    }

  return FALSE;
}

/* First line of @text, without surrounding white space, as a new secret. */
char *
eo_cli_first_line_trimmed (const char *text,
                           gsize       len)
{
  const char *end = memchr (text, '\n', len);
  gsize n = end != NULL ? (gsize) (end - text) : len;
  const char *start = text;
  char *line;

  while (n > 0 && g_ascii_isspace (*start))
    {
      start++;
      n--;
    }
  while (n > 0 && (g_ascii_isspace (start[n - 1]) || start[n - 1] == '\0'))
    n--;

  line = g_malloc (n + 1);
  memcpy (line, start, n);
  line[n] = '\0';
  return line;
}

/* The key from the first line of the file @path, after checking that it
 * is a file of sensible size; NULL with *@status set and the reason
 * printed otherwise. Warns when other users can read it. */
char *
eo_cli_key_read_file (const char *command,
                      const char *path,
                      int        *status)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize len = 0;
  char *key;

  *status = EO_CLI_EXIT_CONFIG;

  if (g_stat (path, &st) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the API key file “%s”: %s"),
                                                  display, g_strerror (errno));
      eo_cli_print_error (command, message);
      return NULL;
    }
  if (!S_ISREG (st.st_mode) && !S_ISFIFO (st.st_mode) && !S_ISCHR (st.st_mode))
    {
      g_autofree char *message = g_strdup_printf (_("The API key file “%s” is not a regular file."), display);
      eo_cli_print_error (command, message);
      return NULL;
    }
  if (S_ISREG (st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Warning: other users can read the API key file “%s”. "
                                                    "Restrict it with “chmod 600”."), display);
      eo_cli_print_hint (message);
    }
  if (S_ISREG (st.st_mode) && st.st_size > EO_CLI_KEY_FILE_MAX)
    {
      g_autofree char *message = g_strdup_printf (_("The API key file “%s” is too large to hold a key."), display);
      eo_cli_print_error (command, message);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      /* GLib's message names the file, never its contents. */
      eo_cli_print_error (command, error->message);
      return NULL;
    }

  key = eo_cli_first_line_trimmed (contents, len);
  memset (contents, 0, len);

  if (key[0] == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("The API key file “%s” is empty."), display);
      eo_secret_free (key);
      eo_cli_print_error (command, message);
      return NULL;
    }

  *status = EO_CLI_EXIT_OK;
  return key;
}

/* The key stored for @customer on @server; NULL with *@status set and
 * the reason printed when there is none or the keyring fails. */
char *
eo_cli_key_lookup_keyring (const char *command,
                           const char *server,
                           const char *customer,
                           int        *status)
{
  g_autoptr(EoSecretStore) store = eo_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  *status = EO_CLI_EXIT_CONFIG;

  if (customer[0] == '\0')
    {
      eo_cli_print_error (command, _("No API key: without a customer ID, the keyring cannot be searched."));
      eo_cli_print_hint (_("Pass --customer ID, or give the key with --api-key-file FILE or ESIM_ONBOARD_API_KEY."));
      return NULL;
    }

  eo_secret_store_lookup_async (store, server, customer, NULL, eo_cli_result_cb, &result);
  key = eo_secret_store_lookup_finish (store, eo_cli_wait_for (&result), &error);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the API key from the keyring: %s"), error->message);
      eo_cli_print_error (command, message);
      eo_cli_print_hint (_("Give the key with --api-key-file FILE or the ESIM_ONBOARD_API_KEY environment variable instead."));
      return NULL;
    }
  if (key == NULL || key[0] == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("No API key is stored for customer “%s” on %s."),
                                                  customer, server);
      g_autofree char *quoted_server = g_shell_quote (server);
      g_autofree char *quoted_customer = g_shell_quote (customer);
      g_autofree char *hint = g_strdup_printf (_("Store it with “esim-onboard-cli set-key --server %s --customer %s” "
                                                 "(the key is read from standard input), or give it with "
                                                 "--api-key-file FILE or ESIM_ONBOARD_API_KEY."),
                                               quoted_server, quoted_customer);
      eo_secret_free (key);
      eo_cli_print_error (command, message);
      eo_cli_print_hint (hint);
      return NULL;
    }

  *status = EO_CLI_EXIT_OK;
  return key;
}
