/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "jamf-simulator"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "jamf-sim-server.h"
#include "jamf-sim-device.h"

/* The command line. */
typedef struct
{
  char     *host;
  char     *clients_file;
  char     *devices_file;
  char     *assignments;
  char     *tls_cert;
  char     *tls_key;
  GStrv     faults;
  GStrv     outcomes;
  gboolean  demo;
  gboolean  quiet;
  gboolean  version;
  int       port;
  int       generate;
  int       token_seconds;
  int       max_page_size;
  int       ack_ms;
  int       inventory_ms;
  int       latency_ms;
  int       retry_after;
} SimOptions;

static void
sim_options_clear (SimOptions *o)
{
  g_free (o->host);
  g_free (o->clients_file);
  g_free (o->devices_file);
  g_free (o->assignments);
  g_free (o->tls_cert);
  g_free (o->tls_key);
  g_strfreev (o->faults);
  g_strfreev (o->outcomes);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimOptions, sim_options_clear)

static int
fail (const char *message)
{
  g_printerr ("jamf-simulator: %s\n", message);
  return 1;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_options (SimOptions   *o,
               int          *argc,
               char       ***argv,
               GError      **error)
{
  g_autoptr(GOptionContext) context = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &o->port, "Port to listen on (0, the default: any free port)", "PORT" },
    { "host", 0, 0, G_OPTION_ARG_STRING, &o->host, "Loopback address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &o->demo,
      "Add the demo API client (“demo-client”, secret “demo-secret”, every privilege) and 50 devices unless told otherwise", NULL },
    { "clients", 0, 0, G_OPTION_ARG_FILENAME, &o->clients_file,
      "JSON file with the API clients: {\"clients\":[{\"client_id\",\"client_secret\",\"privileges\":[…]}]}", "FILE" },
    { "devices", 0, 0, G_OPTION_ARG_FILENAME, &o->devices_file, "JSON file with the mobile devices", "FILE" },
    { "generate", 'n', 0, G_OPTION_ARG_INT, &o->generate,
      "Generate N devices (every 10th without EID, every 7th dual-SIM)", "N" },
    { "token-seconds", 0, 0, G_OPTION_ARG_INT, &o->token_seconds, "Lifetime of an access token (default 60)", "SECONDS" },
    { "max-page-size", 0, 0, G_OPTION_ARG_INT, &o->max_page_size, "Largest page-size accepted (default 2000)", "N" },
    { "ack-ms", 0, 0, G_OPTION_ARG_INT, &o->ack_ms, "Time a command stays PENDING (default 1500)", "MS" },
    { "inventory-ms", 0, 0, G_OPTION_ARG_INT, &o->inventory_ms,
      "Time from the acknowledgment to the eSIM's ICCID in inventory (default 3000)", "MS" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &o->latency_ms, "Delay of every API answer (default 0)", "MS" },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &o->retry_after, "Retry-After of a 429 fault (default 1)", "SECONDS" },
    { "assignments", 0, 0, G_OPTION_ARG_FILENAME, &o->assignments,
      "“EID,ICCID” lines of the eSIMs assigned (cso-simulator --assignments), read as they come", "FILE" },
    { "outcome", 0, 0, G_OPTION_ARG_STRING_ARRAY, &o->outcomes,
      "The answer of a device to commands (repeatable)", "ID_OR_SERIAL=NOT_NOW|ERROR" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &o->faults,
      "Inject a fault (repeatable): ENDPOINT token, devices, push, commands or any; STATUS 401, 403, 429 or 500",
      "ENDPOINT=STATUS[:COUNT]" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_cert, "PEM certificate: serve HTTPS (needs --tls-key)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_key, "PEM private key of --tls-cert", "FILE" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, "Do not log requests on standard error", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o->version, "Show the version and exit", NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "A local stand-in for the Jamf Pro API, for tests and demos.");
  g_option_context_add_main_entries (context, entries, NULL);
  return g_option_context_parse (context, argc, argv, error);
}

static const char *
check_options (SimOptions *o)
{
  if (o->port < 0 || o->port > 65535)
    return "--port must be from 0 to 65535";
  if (o->generate < 0 || o->token_seconds < 1 || o->max_page_size < 1 || o->ack_ms < 0 ||
      o->inventory_ms < 0 || o->latency_ms < 0 || o->retry_after < 0)
    return "Counts and delays must not be negative (--token-seconds and --max-page-size at least 1)";
  if (o->devices_file != NULL && o->generate > 0)
    return "--devices and --generate do not go together";
  if ((o->tls_cert == NULL) != (o->tls_key == NULL))
    return "--tls-cert and --tls-key go together";
  return NULL;
}

static JamfSimServer *
new_server (SimOptions  *o,
            GError     **error)
{
  g_autoptr(JamfSimServer) server = jamf_sim_server_new ();
  GPtrArray *devices;

  if (o->devices_file != NULL)
    devices = jamf_sim_devices_load_file (o->devices_file, error);
  else
    devices = jamf_sim_devices_generate (o->generate > 0 ? (guint) o->generate : o->demo ? 50 : 0);
  if (devices == NULL)
    return NULL;
  jamf_sim_server_set_devices (server, devices);

  if (o->demo)
    jamf_sim_server_add_client (server, JAMF_SIM_DEMO_CLIENT_ID, JAMF_SIM_DEMO_CLIENT_SECRET, NULL);
  if (o->clients_file != NULL && !jamf_sim_server_load_clients (server, o->clients_file, error))
    return NULL;
  if (jamf_sim_server_get_n_clients (server) == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           "No API client: use --demo and/or --clients FILE");
      return NULL;
    }

  jamf_sim_server_set_token_seconds (server, (guint) o->token_seconds);
  jamf_sim_server_set_max_page_size (server, (guint) o->max_page_size);
  jamf_sim_server_set_delays (server, (guint) o->ack_ms, (guint) o->inventory_ms);
  jamf_sim_server_set_latency_ms (server, (guint) o->latency_ms);
  jamf_sim_server_set_retry_after (server, (guint) o->retry_after);
  jamf_sim_server_set_quiet (server, o->quiet);
  if (o->assignments != NULL)
    jamf_sim_server_set_assignments (server, o->assignments);
  for (guint i = 0; o->outcomes != NULL && o->outcomes[i] != NULL; i++)
    if (!jamf_sim_server_set_outcome_spec (server, o->outcomes[i], error))
      return NULL;
  for (guint i = 0; o->faults != NULL && o->faults[i] != NULL; i++)
    if (!jamf_sim_server_add_fault_spec (server, o->faults[i], error))
      return NULL;
  return g_steal_pointer (&server);
}

static int
serve (JamfSimServer *server,
       SimOptions    *o)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  guint sigterm_id, sigint_id;

  if (o->tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (o->tls_cert, o->tls_key, &error);
      if (certificate == NULL)
        return fail (error->message);
    }
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  if (!jamf_sim_server_listen (server, o->host != NULL ? o->host : "127.0.0.1", (guint) o->port,
                               certificate, &error))
    return fail (error->message);

  /* Scripts and tests read the port from this line: keep its form. */
  fprintf (stdout, "Listening on %s\n", jamf_sim_server_get_url (server));
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_auto(SimOptions) options = {
    .token_seconds = 60, .max_page_size = 2000, .ack_ms = 1500, .inventory_ms = 3000, .retry_after = 1,
  };
  g_autoptr(JamfSimServer) server = NULL;
  g_autoptr(GError) error = NULL;
  const char *wrong;

  /* A developer's tool: its texts are English only. */
  setlocale (LC_ALL, "");
  g_set_prgname ("jamf-simulator");

  if (!parse_options (&options, &argc, &argv, &error))
    return fail (error->message);
  if (options.version)
    {
      g_print ("jamf-simulator %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 1)
    return fail ("Unexpected argument (client secrets are only read from --clients FILE)");
  wrong = check_options (&options);
  if (wrong != NULL)
    return fail (wrong);
  server = new_server (&options, &error);
  if (server == NULL)
    return fail (error->message);
  return serve (server, &options);
}
