/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-validate"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-cli.h"

int
eo_cli_validate (int    argc,
                 char **argv)
{
  g_printerr ("validate: not written yet\n");
  return EO_CLI_EXIT_USAGE;
}
