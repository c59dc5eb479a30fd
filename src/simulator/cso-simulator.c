/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-simulator"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "cso-sim-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
parse_pending_style (const char          *value,
                     CsoSimPendingStyle  *style)
{
  if (g_str_equal (value, "pending"))
    *style = CSO_SIM_PENDING_STYLE_PENDING;
  else if (g_str_equal (value, "in-progress"))
    *style = CSO_SIM_PENDING_STYLE_IN_PROGRESS;
  else if (g_str_equal (value, "absent"))
    *style = CSO_SIM_PENDING_STYLE_ABSENT;
  else
    return FALSE;
  return TRUE;
}

static int
fail (const char *message)
{
  g_printerr ("cso-simulator: %s\n", message);
  return 1;
}

/* The command line. */
typedef struct
{
  char     *host;
  char     *accounts_file;
  char     *pending_style;
  char     *redirect_to;
  char     *tls_cert;
  char     *tls_key;
  char     *assignments;
  GStrv     faults;
  gboolean  demo;
  gboolean  quiet;
  gboolean  version;
  int       port;
  int       row_delay_ms;
  int       row_delay_us;
  int       retry_after;
  int       slow_ms;
  CsoSimPendingStyle style;
} SimOptions;

static void
sim_options_clear (SimOptions *options)
{
  g_free (options->host);
  g_free (options->accounts_file);
  g_free (options->pending_style);
  g_free (options->redirect_to);
  g_free (options->tls_cert);
  g_free (options->tls_key);
  g_free (options->assignments);
  g_strfreev (options->faults);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SimOptions, sim_options_clear)

static gboolean
parse_options (SimOptions   *o,
               int          *argc,
               char       ***argv,
               GError      **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *fault_help = NULL;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &o->port,
      N_("Port to listen on (0, the default: any free port)"), N_("PORT") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &o->host,
      N_("Loopback address to listen on (default 127.0.0.1)"), N_("ADDRESS") },
    { "accounts", 'a', 0, G_OPTION_ARG_FILENAME, &o->accounts_file,
      N_("JSON file with the accounts (customer ids, API keys, eSIM pools)"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &o->demo,
      N_("Add the demo account (customer “demo”, key “demo-key”, 5000 eSIMs)"), NULL },
    { "row-delay-ms", 0, 0, G_OPTION_ARG_INT, &o->row_delay_ms,
      N_("Time to process one device row (default 200; 0: as fast as possible)"), N_("MS") },
    { "row-delay-us", 0, 0, G_OPTION_ARG_INT, &o->row_delay_us,
      N_("Time to process one device row in microseconds (overrides --row-delay-ms; e.g. 200 processes 100,000 rows in 20 s)"), N_("US") },
    { "pending-style", 0, 0, G_OPTION_ARG_STRING, &o->pending_style,
      N_("How rows not processed yet show in the status: pending, in-progress or absent"), N_("STYLE") },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &o->faults,
      N_("Inject a fault (repeatable); ENDPOINT is upload, status or any"), N_("ENDPOINT=KIND[:COUNT]") },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &o->retry_after,
      N_("Seconds in the Retry-After header of the throttle fault (default 1)"), N_("SECONDS") },
    { "slow-ms", 0, 0, G_OPTION_ARG_INT, &o->slow_ms,
      N_("Delay of the slow fault's answers (default 2000)"), N_("MS") },
    { "redirect-to", 0, 0, G_OPTION_ARG_STRING, &o->redirect_to,
      N_("Location of the redirect fault (default http://127.0.0.2:9/elsewhere)"), N_("URL") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_cert,
      N_("PEM certificate: serve HTTPS (needs --tls-key)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &o->tls_key,
      N_("PEM private key of --tls-cert"), N_("FILE") },
    { "assignments", 0, 0, G_OPTION_ARG_FILENAME, &o->assignments,
      N_("Append “EID,ICCID” to FILE for each eSIM assigned (for jamf-simulator --assignments)"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
      N_("Do not log requests on standard error"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o->version,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("A local stand-in for the Celona CSO eSIM API, for tests and demos."));
  fault_help = g_strdup_printf (_("Fault kinds: %s."), cso_sim_fault_kind_names ());
  g_option_context_set_description (context, fault_help);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

/* The values' ranges; NULL when they are right, else what is wrong. */
static const char *
check_options (SimOptions *o)
{
  if (o->port < 0 || o->port > 65535)
    return _("--port must be from 0 to 65535");
  if (o->row_delay_ms < 0 || o->row_delay_us < -1 || o->retry_after < 0 || o->slow_ms < 0)
    return _("--row-delay-ms, --retry-after and --slow-ms must not be negative");
  if (o->pending_style != NULL && !parse_pending_style (o->pending_style, &o->style))
    return _("--pending-style must be pending, in-progress or absent");
  if ((o->tls_cert == NULL) != (o->tls_key == NULL))
    return _("--tls-cert and --tls-key go together");
  return NULL;
}

/* A server with the options' accounts, faults and delays. */
static CsoSimServer *
new_server (SimOptions  *o,
            GError     **error)
{
  g_autoptr(CsoSimServer) server = cso_sim_server_new ();

  if (o->row_delay_us >= 0)
    cso_sim_server_set_row_delay_us (server, (guint) o->row_delay_us);
  else
    cso_sim_server_set_row_delay_ms (server, (guint) o->row_delay_ms);
  cso_sim_server_set_pending_style (server, o->style);
  cso_sim_server_set_retry_after (server, (guint) o->retry_after);
  cso_sim_server_set_slow_ms (server, (guint) o->slow_ms);
  cso_sim_server_set_quiet (server, o->quiet);
  if (o->redirect_to != NULL)
    cso_sim_server_set_redirect_to (server, o->redirect_to);
  if (o->assignments != NULL && !cso_sim_server_set_assignments_file (server, o->assignments, error))
    return NULL;

  if (o->accounts_file != NULL)
    {
      g_autoptr(GPtrArray) accounts = cso_sim_account_load_file (o->accounts_file, error);

      if (accounts == NULL)
        return NULL;
      for (guint i = 0; i < accounts->len; i++)
        if (!cso_sim_server_add_account (server, g_ptr_array_index (accounts, i), error))
          return NULL;
    }
  if (o->demo)
    {
      g_autoptr(CsoSimAccount) account = cso_sim_account_new_demo ();

      if (!cso_sim_server_add_account (server, account, error))
        return NULL;
    }
  if (cso_sim_server_get_n_accounts (server) == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _("No account: use --demo and/or --accounts FILE"));
      return NULL;
    }

  for (guint i = 0; o->faults != NULL && o->faults[i] != NULL; i++)
    {
      CsoSimFault *fault = cso_sim_fault_parse (o->faults[i], error);

      if (fault == NULL)
        return NULL;
      cso_sim_server_add_fault (server, fault);
    }
  return g_steal_pointer (&server);
}

/* Listens, says where, and serves until SIGTERM or SIGINT. */
static int
serve (CsoSimServer *server,
       SimOptions   *o)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint sigterm_id, sigint_id;

  if (o->tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (o->tls_cert, o->tls_key, &error);
      if (certificate == NULL)
        return fail (error->message);
    }

  /* Catch the signals before anyone can know the port and send one. */
  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);

  if (!cso_sim_server_listen (server, o->host != NULL ? o->host : "127.0.0.1", (guint) o->port,
                              certificate, &error))
    return fail (error->message);

  /* Scripts and tests read the port from this line: keep its form. */
  fprintf (stdout, "Listening on %s\n", cso_sim_server_get_url (server));
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);

  if (!o->quiet)
    g_message ("Stopped");
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_auto(SimOptions) options = {
    .row_delay_ms = 200, .row_delay_us = -1, .retry_after = 1, .slow_ms = 2000,
    .style = CSO_SIM_PENDING_STYLE_PENDING,
  };
  g_autoptr(CsoSimServer) server = NULL;
  g_autoptr(GError) error = NULL;
  const char *wrong;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("cso-simulator");

  if (!parse_options (&options, &argc, &argv, &error))
    return fail (error->message);
  if (options.version)
    {
      g_print ("cso-simulator %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc > 1)
    return fail (_("Unexpected argument (API keys are only read from --accounts FILE)"));
  wrong = check_options (&options);
  if (wrong != NULL)
    return fail (wrong);

  server = new_server (&options, &error);
  if (server == NULL)
    return fail (error->message);
  return serve (server, &options);
}
