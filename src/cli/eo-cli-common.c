/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-common"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "eo-cli-common.h"
#include "eo-cli.h"
#include "eo-cli-diagnostics.h"

/* What every command shares: the option context, the error and hint lines
 * on stderr, pretty JSON, and waiting for one async call. */

/* A context for “esim-onboard-cli @command”: the program name is set so
 * that --help shows “esim-onboard-cli COMMAND [OPTION…] @parameter”. */
GOptionContext *
eo_cli_option_context_new (const char         *command,
                           const char         *parameter,
                           const char         *summary,
                           const char         *description,
                           const GOptionEntry *entries)
{
  g_autofree char *prgname = g_strconcat ("esim-onboard-cli ", command, NULL);
  GOptionContext *context;

  g_set_prgname (prgname);
  context = g_option_context_new (parameter);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, description);

  return context;
}

/* “esim-onboard-cli COMMAND: MESSAGE”, control characters escaped. */
void
eo_cli_print_error (const char *command,
                    const char *message)
{
  g_autoptr(GString) text = g_string_new ("esim-onboard-cli ");

  g_string_append (text, command);
  g_string_append (text, ": ");
  eo_cli_append_printable (text, message);
  g_string_append_c (text, '\n');
  fputs (text->str, stderr);
}

/* A line of advice under an error, control characters escaped. */
void
eo_cli_print_hint (const char *message)
{
  g_autoptr(GString) text = g_string_new (NULL);

  eo_cli_append_printable (text, message);
  g_string_append_c (text, '\n');
  fputs (text->str, stderr);
}

/* Prints a wrong command line with the way to its help. */
int
eo_cli_usage_error (const char *command,
                    const char *message)
{
  g_autofree char *hint = g_strdup_printf (_("Run “esim-onboard-cli %s --help” for usage."), command);

  eo_cli_print_error (command, message);
  eo_cli_print_hint (hint);
  return EO_CLI_EXIT_USAGE;
}

/* Async callback that stores the result in the GAsyncResult * slot given
 * as @user_data, for eo_cli_wait_for(). */
void
eo_cli_result_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

/* Runs the default main context until eo_cli_result_cb() filled @slot. */
GAsyncResult *
eo_cli_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}
