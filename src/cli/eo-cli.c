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

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} EoCliCommand;

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n\n%s\n",
           _("Usage: esim-onboard-cli COMMAND [OPTION…]"),
           _("Commands:"),
           _("  validate FILE     Check a device list (CSV) before it is uploaded"),
           _("  submit FILE       Check and upload a device list, optionally wait for the result"),
           _("  status REQUEST_ID Show (or wait for) the devices of an upload"),
           _("  history           List the uploads made from this computer"),
           _("  export ID         Write the results of an upload as CSV or JSON"),
           _("  qr ID             Write the activation QR code of an upload"),
           _("  set-key           Store the API key in the keyring (read from standard input)"),
           _("Run “esim-onboard-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  static const EoCliCommand commands[] = {
    { "validate", eo_cli_validate, NULL },
    { "submit", eo_cli_submit, NULL },
    { "status", eo_cli_status, NULL },
    { "history", eo_cli_history, NULL },
    { "export", eo_cli_export, NULL },
    { "qr", eo_cli_qr, NULL },
    { "set-key", eo_cli_set_key, NULL },
  };
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
