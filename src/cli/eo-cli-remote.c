/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-remote"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-cli.h"

int
eo_cli_submit (int    argc,
               char **argv)
{
  g_printerr ("submit: not written yet\n");
  return EO_CLI_EXIT_USAGE;
}

int
eo_cli_status (int    argc,
               char **argv)
{
  g_printerr ("status: not written yet\n");
  return EO_CLI_EXIT_USAGE;
}
