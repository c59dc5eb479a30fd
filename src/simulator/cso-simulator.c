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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsoSimServer) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *host = NULL;
  g_autofree char *accounts_file = NULL;
  g_autofree char *pending_style = NULL;
  g_autofree char *redirect_to = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_auto(GStrv) faults = NULL;
  g_autofree char *fault_help = NULL;
  gboolean demo = FALSE;
  gboolean quiet = FALSE;
  gboolean version = FALSE;
  int port = 0;
  int row_delay_ms = 200;
  int row_delay_us = -1;
  int retry_after = 1;
  int slow_ms = 2000;
  CsoSimPendingStyle style = CSO_SIM_PENDING_STYLE_PENDING;
  guint sigterm_id, sigint_id;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port to listen on (0, the default: any free port)"), N_("PORT") },
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      N_("Loopback address to listen on (default 127.0.0.1)"), N_("ADDRESS") },
    { "accounts", 'a', 0, G_OPTION_ARG_FILENAME, &accounts_file,
      N_("JSON file with the accounts (customer ids, API keys, eSIM pools)"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Add the demo account (customer “demo”, key “demo-key”, 5000 eSIMs)"), NULL },
    { "row-delay-ms", 0, 0, G_OPTION_ARG_INT, &row_delay_ms,
      N_("Time to process one device row (default 200; 0: as fast as possible)"), N_("MS") },
    { "row-delay-us", 0, 0, G_OPTION_ARG_INT, &row_delay_us,
      N_("Time to process one device row in microseconds (overrides --row-delay-ms; e.g. 200 processes 100,000 rows in 20 s)"), N_("US") },
    { "pending-style", 0, 0, G_OPTION_ARG_STRING, &pending_style,
      N_("How rows not processed yet show in the status: pending, in-progress or absent"), N_("STYLE") },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      N_("Inject a fault (repeatable); ENDPOINT is upload, status or any"), N_("ENDPOINT=KIND[:COUNT]") },
    { "retry-after", 0, 0, G_OPTION_ARG_INT, &retry_after,
      N_("Seconds in the Retry-After header of the throttle fault (default 1)"), N_("SECONDS") },
    { "slow-ms", 0, 0, G_OPTION_ARG_INT, &slow_ms,
      N_("Delay of the slow fault's answers (default 2000)"), N_("MS") },
    { "redirect-to", 0, 0, G_OPTION_ARG_STRING, &redirect_to,
      N_("Location of the redirect fault (default http://127.0.0.2:9/elsewhere)"), N_("URL") },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("PEM certificate: serve HTTPS (needs --tls-key)"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
      N_("PEM private key of --tls-cert"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Do not log requests on standard error"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("cso-simulator");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("A local stand-in for the Celona CSO eSIM API, for tests and demos."));
  fault_help = g_strdup_printf (_("Fault kinds: %s."), cso_sim_fault_kind_names ());
  g_option_context_set_description (context, fault_help);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);

  if (version)
    {
      g_print ("cso-simulator %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (argc > 1)
    return fail (_("Unexpected argument (API keys are only read from --accounts FILE)"));

  if (port < 0 || port > 65535)
    return fail (_("--port must be from 0 to 65535"));
  if (row_delay_ms < 0 || row_delay_us < -1 || retry_after < 0 || slow_ms < 0)
    return fail (_("--row-delay-ms, --retry-after and --slow-ms must not be negative"));
  if (pending_style != NULL && !parse_pending_style (pending_style, &style))
    return fail (_("--pending-style must be pending, in-progress or absent"));
  if ((tls_cert == NULL) != (tls_key == NULL))
    return fail (_("--tls-cert and --tls-key go together"));

  server = cso_sim_server_new ();
  if (row_delay_us >= 0)
    cso_sim_server_set_row_delay_us (server, (guint) row_delay_us);
  else
    cso_sim_server_set_row_delay_ms (server, (guint) row_delay_ms);
  cso_sim_server_set_pending_style (server, style);
  cso_sim_server_set_retry_after (server, (guint) retry_after);
  cso_sim_server_set_slow_ms (server, (guint) slow_ms);
  cso_sim_server_set_quiet (server, quiet);
  if (redirect_to != NULL)
    cso_sim_server_set_redirect_to (server, redirect_to);

  if (accounts_file != NULL)
    {
      g_autoptr(GPtrArray) accounts = cso_sim_account_load_file (accounts_file, &error);

      if (accounts == NULL)
        return fail (error->message);
      for (guint i = 0; i < accounts->len; i++)
        if (!cso_sim_server_add_account (server, g_ptr_array_index (accounts, i), &error))
          return fail (error->message);
    }

  if (demo)
    {
      g_autoptr(CsoSimAccount) account = cso_sim_account_new_demo ();

      if (!cso_sim_server_add_account (server, account, &error))
        return fail (error->message);
    }

  if (cso_sim_server_get_n_accounts (server) == 0)
    return fail (_("No account: use --demo and/or --accounts FILE"));

  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    {
      CsoSimFault *fault = cso_sim_fault_parse (faults[i], &error);

      if (fault == NULL)
        return fail (error->message);
      cso_sim_server_add_fault (server, fault);
    }

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        return fail (error->message);
    }

  /* Catch the signals before anyone can know the port and send one. */
  loop = g_main_loop_new (NULL, FALSE);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);

  if (!cso_sim_server_listen (server, host != NULL ? host : "127.0.0.1", (guint) port,
                              certificate, &error))
    return fail (error->message);

  /* Scripts and tests read the port from this line: keep its form. */
  fprintf (stdout, "Listening on %s\n", cso_sim_server_get_url (server));
  fflush (stdout);

  g_main_loop_run (loop);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);

  if (!quiet)
    g_message ("Stopped");

  return 0;
}
