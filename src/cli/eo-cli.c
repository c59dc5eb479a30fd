/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#ifdef HAVE_MALLOC_TRIM
# include <malloc.h>
#endif
#include <glib/gi18n.h>

#include "eo-cli.h"

/* The commands: name, entry point, and the line of the usage text. */
typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} EoCliCommand;

static const EoCliCommand commands[] = {
  { "validate", eo_cli_validate,
    N_("  validate FILE     Check a device list (CSV) before it is uploaded") },
  { "submit", eo_cli_submit,
    N_("  submit FILE       Check and upload a device list, optionally wait for the result") },
  { "status", eo_cli_status,
    N_("  status REQUEST_ID Show (or wait for) the devices of an upload") },
  { "history", eo_cli_history,
    N_("  history           List the uploads made from this computer") },
  { "check", eo_cli_check,
    N_("  check ID          Read the status of an upload of the history once, now") },
  { "follow", eo_cli_follow_command,
    N_("  follow ID         Follow an upload of the history until every device is done") },
  { "give-up", eo_cli_give_up,
    N_("  give-up ID        Mark an upload as given up (--reason TEXT)") },
  { "resend", eo_cli_resend,
    N_("  resend ID         Send an upload whose outcome is unknown again (--yes)") },
  { "export", eo_cli_export,
    N_("  export ID         Write the results of an upload as CSV or JSON") },
  { "qr", eo_cli_qr,
    N_("  qr ID             Write the activation QR code of an upload") },
  { "report", eo_cli_report,
    N_("  report ID         Write a printable report of an upload (HTML)") },
  { "set-key", eo_cli_set_key,
    N_("  set-key           Store the API key in the keyring (read from standard input)") },
  { "jamf", eo_cli_jamf,
    N_("  jamf COMMAND      Jamf Pro: list devices, push the SM-DP+ address, follow the phones") },
};

/* The usage text, one line per entry of the command table. */
static void
print_usage (FILE *stream)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n\n%s\n",
                          _("Usage: esim-onboard-cli COMMAND [OPTION…]"),
                          _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "%s\n", _(commands[i].summary));
  g_string_append_printf (text, "\n%s\n",
                          _("Run “esim-onboard-cli COMMAND --help” for the options of a command."));
  fputs (text->str, stream);
}

int
main (int    argc,
      char **argv)
{
  const char *localedir;

#if defined (HAVE_MALLOC_TRIM) && defined (M_ARENA_MAX)
  /* One malloc arena: a status answer for 100,000 devices is read on a
   * worker thread and freed on this one, and glibc would otherwise keep
   * the worker's arena grown (about 20 MB of the peak at 100,000). The
   * CLI's threads hardly contend. */
  mallopt (M_ARENA_MAX, 1);
#endif

  setlocale (LC_ALL, "");
  /* Tests run the translations from the build tree. */
  localedir = g_getenv ("ESIM_ONBOARD_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("esim-onboard-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return EO_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EO_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("esim-onboard-cli %s\n", PACKAGE_VERSION);
      return EO_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, _("Unknown command “%s”."), argv[1]);
  fputc ('\n', stderr);
  print_usage (stderr);
  return EO_CLI_EXIT_USAGE;
}
