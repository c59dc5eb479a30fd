/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-remote"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "eo-account.h"
#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-key.h"
#include "eo-cli-remote.h"
#include "eo-error.h"
#include "eo-secret-store.h"

/* The connection state shared by “submit”, “status” and “set-key”: the
 * server and customer (flags, else the app's settings), the API key, the
 * common part of their --help, and the advice printed when the server
 * refuses. */

/* glib-networking's GNOME proxy resolver reads the GSettings schema
 * org.gnome.system.proxy and aborts the program when no schema at all is
 * installed (a bare container, a stripped XDG_DATA_DIRS). Without that
 * schema it could not have read any proxy setting anyway: then use GIO's
 * plain resolver. Must run before the first connection and before any
 * thread starts. */
static void
avoid_unusable_proxy_settings (void)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (g_getenv ("GIO_USE_PROXY_RESOLVER") != NULL)
    return;

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.system.proxy", TRUE);
  if (schema == NULL)
    {
      g_debug ("No org.gnome.system.proxy schema: using GIO's default proxy resolver");
      g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
    }
}

static char *
describe_key_source (EoCliRemote *remote)
{
  switch (remote->key_source)
    {
    case EO_CLI_KEY_SOURCE_FILE:
      return g_strdup_printf (_("The key was read from “%s”."), remote->key_file);
    case EO_CLI_KEY_SOURCE_ENV:
      return g_strdup (_("The key was read from the ESIM_ONBOARD_API_KEY environment variable."));
    case EO_CLI_KEY_SOURCE_KEYRING:
      return g_strdup_printf (_("The key was read from the keyring (customer “%s” on %s)."),
                              remote->customer, remote->server);
    case EO_CLI_KEY_SOURCE_NONE:
    default:
      return g_strdup ("");
    }
}

void
eo_cli_remote_clear (EoCliRemote *remote)
{
  g_clear_object (&remote->client);
  g_clear_pointer (&remote->server, g_free);
  g_clear_pointer (&remote->customer, g_free);
  g_clear_pointer (&remote->key_file, g_free);
}

/* First step of a command that talks to the server: refuses a key on the
 * command line (EO_CLI_EXIT_USAGE) and makes the network usable. */
int
eo_cli_remote_prepare (const char  *command,
                       int          argc,
                       char       **argv)
{
  if (eo_cli_refuse_key_in_argv (command, argc, argv))
    return EO_CLI_EXIT_USAGE;
  avoid_unusable_proxy_settings ();
  return EO_CLI_EXIT_OK;
}

/* The option context of a command that talks to the server: its --help
 * ends with where the key and the account come from, then @exit_codes. */
GOptionContext *
eo_cli_remote_context_new (const char         *command,
                           const char         *parameter,
                           const char         *summary,
                           const char         *exit_codes,
                           const GOptionEntry *entries)
{
  g_autofree char *description = NULL;

  description = g_strdup_printf ("%s\n%s\n\n%s",
                                 _("The API key is read from --api-key-file, else from the ESIM_ONBOARD_API_KEY "
                                   "environment variable, else from the keyring (see “esim-onboard-cli set-key”). "
                                   "It is never accepted on the command line."),
                                 _("The server and customer ID default to the ones saved by the eSIM Onboard app."),
                                 exit_codes);
  return eo_cli_option_context_new (command, parameter, summary, description, entries);
}

/* Server and customer: the flags, else the app's saved settings. Fills
 * @remote->client (without credentials). */
int
eo_cli_remote_resolve_account (EoCliRemote *remote,
                               const char  *command,
                               const char  *server_flag,
                               const char  *customer_flag,
                               gboolean     need_customer)
{
  g_autoptr(EoAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *server = server_flag;
  const char *customer = customer_flag;

  /* Only read the settings when a flag is missing. */
  if (server == NULL || customer == NULL)
    {
      account = eo_account_new ();
      if (server == NULL)
        server = eo_account_get_server_url (account);
      if (customer == NULL)
        customer = eo_account_get_customer_id (account);
    }

  remote->client = eo_client_new (server, &error);
  if (remote->client == NULL)
    {
      eo_cli_print_error (command, error->message);
      return EO_CLI_EXIT_CONFIG;
    }
  remote->server = g_strdup (eo_client_get_server_url (remote->client));
  remote->customer = g_strstrip (g_strdup (customer != NULL ? customer : ""));

  if (need_customer && remote->customer[0] == '\0')
    {
      eo_cli_print_error (command, _("No customer ID is set."));
      eo_cli_print_hint (_("Pass --customer ID, or save it in the eSIM Onboard app (Preferences → Account)."));
      return EO_CLI_EXIT_CONFIG;
    }

  return EO_CLI_EXIT_OK;
}

/* Finds the key (--api-key-file, else the environment, else the keyring)
 * and hands it to @remote->client. */
int
eo_cli_remote_resolve_key (EoCliRemote *remote,
                           const char  *command,
                           const char  *key_file)
{
  const char *env_key = g_getenv (EO_CLI_KEY_ENV);
  int status = EO_CLI_EXIT_OK;
  char *key = NULL;

  /* From here on a key is in memory: no core dump of this process, and
   * no other process of the user reads its memory (issue 10). */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("prctl (PR_SET_DUMPABLE): %s", g_strerror (errno));

  if (key_file != NULL)
    {
      key = eo_cli_key_read_file (command, key_file, &status);
      remote->key_source = EO_CLI_KEY_SOURCE_FILE;
      remote->key_file = g_filename_display_name (key_file);
    }
  else if (env_key != NULL && env_key[0] != '\0')
    {
      key = eo_cli_first_line_trimmed (env_key, strlen (env_key));
      remote->key_source = EO_CLI_KEY_SOURCE_ENV;
      /* The environment's copy is not needed again: wiped in place. */
      explicit_bzero ((char *) env_key, strlen (env_key));
    }
  else
    {
      key = eo_cli_key_lookup_keyring (command, remote->server, remote->customer, &status);
      remote->key_source = EO_CLI_KEY_SOURCE_KEYRING;
    }

  if (key == NULL)
    return status != EO_CLI_EXIT_OK ? status : EO_CLI_EXIT_CONFIG;

  /* EoClient wants a customer ID even for status reads, which do not send
   * it: any placeholder does there. */
  eo_client_set_credentials (remote->client,
                             remote->customer[0] != '\0' ? remote->customer : "-",
                             key);
  eo_secret_free (key);

  return EO_CLI_EXIT_OK;
}

/* Prints a remote failure with what to do about it. */
int
eo_cli_remote_report_error (EoCliRemote  *remote,
                            const char   *command,
                            const GError *error)
{
  if (g_error_matches (error, EO_ERROR, EO_ERROR_KEY_REFUSED))
    {
      g_autofree char *source = describe_key_source (remote);
      g_autofree char *quoted_server = g_shell_quote (remote->server);
      g_autofree char *quoted_customer = g_shell_quote (remote->customer);
      g_autofree char *hint = g_strdup_printf (_("Store the right key with “esim-onboard-cli set-key --server %s --customer %s”, "
                                                 "or correct --api-key-file / ESIM_ONBOARD_API_KEY."),
                                               quoted_server,
                                               remote->customer[0] != '\0' ? quoted_customer : "ID");

      eo_cli_print_error (command, _("The server refused the API key."));
      eo_cli_print_hint (source);
      eo_cli_print_hint (hint);
      return EO_CLI_EXIT_REMOTE;
    }

  if (g_error_matches (error, EO_ERROR, EO_ERROR_NO_CREDENTIALS))
    {
      eo_cli_print_error (command, error->message);
      return EO_CLI_EXIT_CONFIG;
    }

  eo_cli_print_error (command, error->message);
  return EO_CLI_EXIT_REMOTE;
}
