/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-jamf"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-diagnostics.h"
#include "eo-cli-jamf.h"
#include "eo-cli-key.h"
#include "eo-cli-remote.h"
#include "eo-error.h"
#include "eo-jamf-secret.h"
#include "eo-mdm-device-list.h"
#include "eo-secret-store.h"

/* “esim-onboard-cli jamf …”: the Jamf Pro side (issue 14). This file: the
 * sub-command table, the connection, “devices” and “set-secret”;
 * eo-cli-jamf-push.c: “push” and “status”. */

#define SECRET_FILE_MAX (64 * 1024)

void
eo_cli_jamf_options_clear (EoCliJamfOptions *options)
{
  g_clear_pointer (&options->url_flag, g_free);
  g_clear_pointer (&options->client_id_flag, g_free);
  g_clear_pointer (&options->secret_file, g_free);
}

void
eo_cli_jamf_clear (EoCliJamf *jamf)
{
  g_clear_object (&jamf->client);
  g_clear_pointer (&jamf->url, g_free);
  g_clear_pointer (&jamf->client_id, g_free);
}

gboolean
eo_cli_jamf_refuse_secret_in_argv (const char  *command,
                                   int          argc,
                                   char       **argv)
{
  for (int i = 1; i < argc && !g_str_equal (argv[i], "--"); i++)
    if (g_str_equal (argv[i], "--client-secret") || g_str_has_prefix (argv[i], "--client-secret=") ||
        g_str_equal (argv[i], "--secret") || g_str_has_prefix (argv[i], "--secret="))
      {
        eo_cli_print_error (command, _("There is no option to give the Jamf Pro client secret on the command "
                                       "line: other users could read it in the process list."));
        eo_cli_print_hint (_("Give it with --client-secret-file FILE, in the ESIM_ONBOARD_JAMF_SECRET "
                             "environment variable, or store it once with “esim-onboard-cli jamf set-secret”."));
        return TRUE;
      }
  return FALSE;
}

char *
eo_cli_jamf_description (const char *exit_codes)
{
  return g_strdup_printf ("%s\n%s\n\n%s",
                          _("The client secret is read from --client-secret-file, else from the "
                            "ESIM_ONBOARD_JAMF_SECRET environment variable, else from the keyring (see "
                            "“esim-onboard-cli jamf set-secret”). It is never accepted on the command line."),
                          _("The Jamf Pro server and client ID default to the ones saved by the eSIM Onboard app."),
                          exit_codes);
}

/* A string of the app's settings, or NULL when the schema is not there. */
static char *
read_setting (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr(GSettings) settings = NULL;

  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return NULL;
  settings = g_settings_new_full (schema, NULL, NULL);
  return g_settings_get_string (settings, key);
}

static char *
read_secret_file (const char *command,
                  const char *path)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize len = 0;
  char *secret;

  if (g_stat (path, &st) != 0 || (!S_ISREG (st.st_mode) && !S_ISFIFO (st.st_mode)) ||
      (S_ISREG (st.st_mode) && st.st_size > SECRET_FILE_MAX) ||
      !g_file_get_contents (path, &contents, &len, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the client secret file “%s”."), display);

      eo_cli_print_error (command, message);
      return NULL;
    }
  if (S_ISREG (st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Warning: other users can read the client secret file “%s”."),
                                                  display);
      eo_cli_print_hint (message);
    }
  secret = eo_cli_first_line_trimmed (contents, len);
  explicit_bzero (contents, len);
  if (*secret == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("The client secret file “%s” is empty."), display);

      eo_cli_print_error (command, message);
      g_clear_pointer (&secret, eo_secret_free);
    }
  return secret;
}

static char *
lookup_keyring (EoCliJamf  *jamf,
                const char *command,
                int        *status)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  eo_jamf_secret_lookup_async (jamf->url, jamf->client_id, NULL, eo_cli_result_cb, &result);
  secret = eo_jamf_secret_lookup_finish (eo_cli_wait_for (&result), &error);
  if (error != NULL)
    {
      eo_cli_print_error (command, error->message);
      *status = EO_CLI_EXIT_CONFIG;
      return NULL;
    }
  if (secret == NULL)
    {
      g_autofree char *quoted_url = g_shell_quote (jamf->url);
      g_autofree char *quoted_id = g_shell_quote (jamf->client_id);
      g_autofree char *hint = g_strdup_printf (_("Store it with “esim-onboard-cli jamf set-secret --jamf %s --client-id %s”, "
                                                 "or give --client-secret-file / ESIM_ONBOARD_JAMF_SECRET."),
                                               quoted_url, quoted_id);

      eo_cli_print_error (command, _("No Jamf Pro client secret is stored for this server and client ID."));
      eo_cli_print_hint (hint);
      *status = EO_CLI_EXIT_CONFIG;
    }
  return secret;
}

static char *
find_secret (EoCliJamf        *jamf,
             const char       *command,
             EoCliJamfOptions *options,
             int              *status)
{
  const char *env = g_getenv (EO_CLI_JAMF_SECRET_ENV);
  char *secret;

  *status = EO_CLI_EXIT_CONFIG;
  if (options->secret_file != NULL)
    return read_secret_file (command, options->secret_file);
  if (env != NULL && *env != '\0')
    {
      secret = eo_cli_first_line_trimmed (env, strlen (env));
      explicit_bzero ((char *) env, strlen (env));
      return secret;
    }
  return lookup_keyring (jamf, command, status);
}

int
eo_cli_jamf_connect (EoCliJamf        *jamf,
                     const char       *command,
                     EoCliJamfOptions *options,
                     gboolean          need_secret)
{
  g_autofree char *url = options->url_flag != NULL ? g_strdup (options->url_flag) : read_setting ("jamf-url");
  g_autofree char *id = options->client_id_flag != NULL ? g_strdup (options->client_id_flag)
                                                         : read_setting ("jamf-client-id");
  g_autoptr(GError) error = NULL;
  char *secret;
  int status;

  if (url == NULL || *g_strstrip (url) == '\0')
    {
      eo_cli_print_error (command, _("No Jamf Pro server is set."));
      eo_cli_print_hint (_("Pass --jamf URL, or connect the eSIM Onboard app to Jamf Pro (Preferences → Jamf Pro)."));
      return EO_CLI_EXIT_CONFIG;
    }
  if (id == NULL || *g_strstrip (id) == '\0')
    {
      eo_cli_print_error (command, _("No Jamf Pro API client ID is set."));
      eo_cli_print_hint (_("Pass --client-id ID, or save it in the eSIM Onboard app (Preferences → Jamf Pro)."));
      return EO_CLI_EXIT_CONFIG;
    }
  jamf->client = eo_jamf_client_new (url, &error);
  if (jamf->client == NULL)
    {
      eo_cli_print_error (command, error->message);
      return EO_CLI_EXIT_CONFIG;
    }
  jamf->url = g_strdup (eo_jamf_client_get_url (jamf->client));
  jamf->client_id = g_steal_pointer (&id);
  if (!need_secret)
    return EO_CLI_EXIT_OK;

  /* A secret in memory: no core dump, no reading of this process. */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("prctl (PR_SET_DUMPABLE): %s", g_strerror (errno));
  secret = find_secret (jamf, command, options, &status);
  if (secret == NULL)
    return status;
  eo_jamf_client_set_credentials (jamf->client, jamf->client_id, secret);
  eo_secret_free (secret);
  return EO_CLI_EXIT_OK;
}

int
eo_cli_jamf_report_error (const char   *command,
                          const GError *error)
{
  eo_cli_print_error (command, error->message);
  if (g_error_matches (error, EO_ERROR, EO_ERROR_NO_CREDENTIALS) ||
      g_error_matches (error, EO_ERROR, EO_ERROR_INVALID_SERVER) ||
      (error->domain == EO_ERROR && error->code >= EO_ERROR_KEYRING_UNAVAILABLE &&
       error->code <= EO_ERROR_KEYRING_TIMEOUT))
    return EO_CLI_EXIT_CONFIG;
  return EO_CLI_EXIT_REMOTE;
}

/* jamf devices */

static int
write_device_list (const char *command,
                   const char *output,
                   GPtrArray  *devices)
{
  g_autoptr(GString) csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_name (output);
  guint n = 0, skipped = 0;

  csv = eo_mdm_device_list_csv ((EoMdmDevice * const *) devices->pdata, devices->len, &n, &skipped);
  if (!g_file_set_contents_full (output, csv->str, (gssize) csv->len, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      eo_cli_print_error (command, error->message);
      return EO_CLI_EXIT_UNREADABLE;
    }
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Wrote %u device to “%s”.", "Wrote %u devices to “%s”.", n),
           n, display);
  fputc ('\n', stderr);
  if (skipped > 0)
    {
      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%u phone without an EID was left out (no eSIM to assign).",
                                    "%u phones without an EID were left out (no eSIM to assign).", skipped),
               skipped);
      fputc ('\n', stderr);
    }
  return EO_CLI_EXIT_OK;
}

static void
print_devices (GPtrArray *devices,
               gboolean   json)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < devices->len; i++)
        {
          EoMdmDevice *device = g_ptr_array_index (devices, i);
          const char *names[] = { "eid", "name", "serial", "model", "management_id" };
          const char *values[] = { device->eid, device->name, device->serial, device->model, device->management_id };

          json_builder_begin_object (builder);
          for (guint j = 0; j < G_N_ELEMENTS (names); j++)
            {
              json_builder_set_member_name (builder, names[j]);
              if (values[j] != NULL)
                json_builder_add_string_value (builder, values[j]);
              else
                json_builder_add_null_value (builder);
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      printf ("%s\n", text);
      return;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      EoMdmDevice *device = g_ptr_array_index (devices, i);

      g_string_truncate (out, 0);
      g_string_append_printf (out, "%-32s  ", device->eid != NULL ? device->eid : _("(no EID)"));
      eo_cli_append_printable (out, device->name != NULL ? device->name : "");
      g_string_append (out, "  ");
      eo_cli_append_printable (out, device->serial != NULL ? device->serial : "");
      g_string_append (out, "  ");
      eo_cli_append_printable (out, device->model != NULL ? device->model : "");
      g_string_append (out, "  ");
      eo_cli_append_printable (out, device->management_id != NULL ? device->management_id : "");
      puts (out->str);
    }
}

static int
jamf_devices (int    argc,
              char **argv)
{
  g_auto(EoCliJamfOptions) o = { NULL };
  g_auto(EoCliJamf) jamf = { NULL };
  g_autofree char *output = NULL, *description = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int status;
  GOptionEntry entries[] = {
    EO_CLI_JAMF_OPTION_ENTRIES (&o),
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the devices as JSON"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write a device list (CSV: EID, Name, Serial Number, Jamf Management ID) for “submit”"), N_("FILE") },
    { NULL }
  };

  description = eo_cli_jamf_description (_("Exit status: 0 listed, 4 configuration, 5 Jamf Pro refused or unreachable."));
  context = eo_cli_option_context_new ("jamf devices", NULL, _("List the mobile devices of Jamf Pro with their EID."),
                                       description, entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return eo_cli_usage_error ("jamf devices", error->message);
  if (argc > 1)
    return eo_cli_usage_error ("jamf devices", _("Unexpected argument."));
  status = eo_cli_jamf_connect (&jamf, "jamf devices", &o, TRUE);
  if (status != EO_CLI_EXIT_OK)
    return status;

  eo_mdm_connector_list_devices_async (EO_MDM_CONNECTOR (jamf.client), NULL, NULL, NULL, eo_cli_result_cb, &result);
  devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (jamf.client), eo_cli_wait_for (&result), &error);
  if (devices == NULL)
    return eo_cli_jamf_report_error ("jamf devices", error);
  if (output != NULL)
    return write_device_list ("jamf devices", output, devices);
  print_devices (devices, json);
  return EO_CLI_EXIT_OK;
}

/* jamf set-secret */

static int
jamf_set_secret (int    argc,
                 char **argv)
{
  g_auto(EoCliJamfOptions) o = { NULL };
  g_auto(EoCliJamf) jamf = { NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) input = g_string_new (NULL);
  g_autofree char *description = NULL;
  char buffer[4096];
  size_t n;
  char *secret;
  int status;
  GOptionEntry entries[] = {
    { "jamf", 0, 0, G_OPTION_ARG_STRING, &o.url_flag, N_("Jamf Pro server (default: the app’s setting)"), N_("URL") },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &o.client_id_flag,
      N_("Jamf Pro API client ID (default: the app’s setting)"), N_("ID") },
    { NULL }
  };

  description = g_strdup (_("The secret is read from standard input (its first line) and stored in the keyring for "
                            "this server and client ID.\n\nExit status: 0 stored, 4 nothing read or keyring trouble."));
  context = eo_cli_option_context_new ("jamf set-secret", NULL,
                                       _("Store the Jamf Pro API client’s secret in the keyring."), description, entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return eo_cli_usage_error ("jamf set-secret", error->message);
  if (argc > 1)
    return eo_cli_usage_error ("jamf set-secret", _("Unexpected argument (the secret is read from standard input)."));
  status = eo_cli_jamf_connect (&jamf, "jamf set-secret", &o, FALSE);
  if (status != EO_CLI_EXIT_OK)
    return status;

  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    g_debug ("prctl (PR_SET_DUMPABLE): %s", g_strerror (errno));
  while (input->len <= SECRET_FILE_MAX && (n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (input, buffer, (gssize) n);
  explicit_bzero (buffer, sizeof buffer);
  secret = eo_cli_first_line_trimmed (input->str, input->len);
  explicit_bzero (input->str, input->len);
  if (*secret == '\0')
    {
      eo_secret_free (secret);
      eo_cli_print_error ("jamf set-secret", _("No secret on standard input."));
      return EO_CLI_EXIT_CONFIG;
    }
  eo_jamf_secret_store_async (jamf.url, jamf.client_id, secret, NULL, eo_cli_result_cb, &result);
  eo_secret_free (secret);
  if (!eo_jamf_secret_store_finish (eo_cli_wait_for (&result), &error))
    return eo_cli_jamf_report_error ("jamf set-secret", error);
  fprintf (stderr, _("Stored the secret of Jamf Pro API client “%s” at %s in the keyring."), jamf.client_id, jamf.url);
  fputc ('\n', stderr);
  return EO_CLI_EXIT_OK;
}

/* The sub-commands */

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} subcommands[] = {
  { "devices", jamf_devices, N_("  devices           List the mobile devices (or write a device list with --output)") },
  { "push", eo_cli_jamf_push, N_("  push ID           Send the SM-DP+ address of upload ID to its phones") },
  { "status", eo_cli_jamf_status, N_("  status ID         Show each phone’s command state and whether its eSIM is installed") },
  { "set-secret", jamf_set_secret, N_("  set-secret        Store the API client’s secret in the keyring (from standard input)") },
};

static int
jamf_usage (FILE *stream,
            int   status)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: esim-onboard-cli jamf COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (stream, "%s\n", _(subcommands[i].summary));
  fprintf (stream, "\n%s\n%s\n%s\n%s\n\n%s\n", _("Options of every command:"),
           _("  --jamf URL                  Jamf Pro server (default: the app’s setting)"),
           _("  --client-id ID              Jamf Pro API client ID (default: the app’s setting)"),
           _("  --client-secret-file FILE   Read the API client’s secret from the first line of FILE"),
           _("Run “esim-onboard-cli jamf COMMAND --help” for the options of a command."));
  return status;
}

int
eo_cli_jamf (int    argc,
             char **argv)
{
  if (argc < 2)
    return jamf_usage (stderr, EO_CLI_EXIT_USAGE);
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    return jamf_usage (stdout, EO_CLI_EXIT_OK);
  if (eo_cli_jamf_refuse_secret_in_argv ("jamf", argc, argv))
    return EO_CLI_EXIT_USAGE;
  if (eo_cli_remote_prepare ("jamf", argc, argv) != EO_CLI_EXIT_OK)
    return EO_CLI_EXIT_USAGE;
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[1], subcommands[i].name))
      return subcommands[i].run (argc - 1, argv + 1);
  fprintf (stderr, _("Unknown command “jamf %s”."), argv[1]);
  fputc ('\n', stderr);
  return jamf_usage (stderr, EO_CLI_EXIT_USAGE);
}
