/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-set-key"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-key.h"
#include "eo-cli-remote.h"
#include "eo-secret-store.h"

/* “esim-onboard-cli set-key”: stores the API key read from standard input
 * in the keyring (or removes it with --clear). */

/* Reads one line from standard input into a fixed buffer (no copies left
 * behind by reallocation); without echo on a terminal. */
static char *
read_key_from_stdin (gboolean *ok)
{
  char buffer[4096];
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  char *line = NULL;
  char *key;

  *ok = FALSE;

  if (tty)
    {
      fputs (_("API key (not shown): "), stderr);
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          quiet.c_lflag |= ECHONL;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  line = fgets (buffer, sizeof buffer, stdin);

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (line == NULL)
    {
      memset (buffer, 0, sizeof buffer);
      return NULL;
    }

  key = eo_cli_first_line_trimmed (buffer, strnlen (buffer, sizeof buffer));
  memset (buffer, 0, sizeof buffer);
  *ok = TRUE;
  return key;
}

static const char set_key_exit_codes[] =
  N_("Exit status:\n"
     "  0  the key was stored (or removed)\n"
     "  3  the command line is wrong\n"
     "  4  no customer ID, no key on standard input, or the keyring failed");

/* Removes the key of @remote's customer; the message to print, or NULL
 * with the error printed. */
static char *
clear_key (EoCliRemote   *remote,
           EoSecretStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  eo_secret_store_clear_async (store, remote->server, remote->customer, NULL, eo_cli_result_cb, &result);
  if (!eo_secret_store_clear_finish (store, eo_cli_wait_for (&result), &error))
    {
      eo_cli_print_error ("set-key", error->message);
      return NULL;
    }
  return g_strdup_printf (_("Removed the API key of customer “%s” on %s from the keyring."),
                          remote->customer, remote->server);
}

/* Stores the key from standard input; the message to print, or NULL with
 * the error printed. */
static char *
store_key (EoCliRemote   *remote,
           EoSecretStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  char *key = read_key_from_stdin (&ok);
  gboolean sendable = TRUE;

  if (key == NULL || key[0] == '\0')
    {
      eo_secret_free (key);
      eo_cli_print_error ("set-key", _("No API key on standard input."));
      return NULL;
    }
  for (const char *p = key; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
      sendable = FALSE;
  if (!sendable)
    {
      eo_secret_free (key);
      eo_cli_print_error ("set-key", _("The API key contains characters that cannot be sent to the server "
                                       "(control characters or non-ASCII)."));
      return NULL;
    }

  eo_secret_store_store_async (store, remote->server, remote->customer, key, NULL, eo_cli_result_cb, &result);
  eo_secret_free (key);
  if (!eo_secret_store_store_finish (store, eo_cli_wait_for (&result), &error))
    {
      eo_cli_print_error ("set-key", error->message);
      return NULL;
    }
  return g_strdup_printf (_("Stored the API key of customer “%s” on %s in the keyring."),
                          remote->customer, remote->server);
}

int
eo_cli_set_key (int    argc,
                char **argv)
{
  gboolean clear = FALSE;
  g_autofree char *server = NULL;
  g_autofree char *customer = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("CSO server (default: the app's setting, else https://cso.celona.io)"), N_("URL") },
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer,
      N_("Customer ID (default: the app's setting)"), N_("ID") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear,
      N_("Remove the stored key instead"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoSecretStore) store = NULL;
  g_autofree char *message = NULL;
  g_auto(EoCliRemote) remote = { NULL };
  int status;

  status = eo_cli_remote_prepare ("set-key", argc, argv);
  if (status != EO_CLI_EXIT_OK)
    return status;

  context = eo_cli_remote_context_new ("set-key", NULL,
                                       _("Store the API key of a customer in the keyring, for the app and for “submit” and "
                                         "“status”. The key is read from standard input (one line; not shown when typed), "
                                         "e.g. “esim-onboard-cli set-key --customer ID < keyfile”."),
                                       _(set_key_exit_codes), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return eo_cli_usage_error ("set-key", error->message);
  if (rest != NULL && rest[0] != NULL)
    {
      eo_cli_print_error ("set-key", _("The key is read from standard input, not from the command line."));
      eo_cli_print_hint (_("Run for example “esim-onboard-cli set-key --customer ID < keyfile”, or type the key when asked."));
      return EO_CLI_EXIT_USAGE;
    }

  status = eo_cli_remote_resolve_account (&remote, "set-key", server, customer, TRUE);
  if (status != EO_CLI_EXIT_OK)
    return status;

  store = eo_secret_store_new ();
  message = clear ? clear_key (&remote, store) : store_key (&remote, store);
  if (message == NULL)
    return EO_CLI_EXIT_CONFIG;

  eo_cli_print_hint (message);
  return EO_CLI_EXIT_OK;
}
