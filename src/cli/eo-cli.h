/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes shared by every command (documented in --help and the man page). */
typedef enum
{
  EO_CLI_EXIT_OK = 0,          /* success / file can be uploaded / all devices succeeded */
  EO_CLI_EXIT_ROWS_FAILED = 1, /* file has errors, or some devices failed */
  EO_CLI_EXIT_UNREADABLE = 2,  /* file cannot be read */
  EO_CLI_EXIT_USAGE = 3,       /* bad command line */
  EO_CLI_EXIT_CONFIG = 4,      /* missing server, customer or key; keyring trouble */
  EO_CLI_EXIT_REMOTE = 5,      /* the server refused or could not be reached */
  EO_CLI_EXIT_PENDING = 6,     /* without --wait: devices still pending */
} EoCliExit;

/* Each command gets argv with argv[0] = command name. */
int eo_cli_validate (int argc, char **argv);
int eo_cli_submit   (int argc, char **argv);
int eo_cli_status   (int argc, char **argv);
int eo_cli_history  (int argc, char **argv);
int eo_cli_export   (int argc, char **argv);
int eo_cli_qr       (int argc, char **argv);
int eo_cli_report   (int argc, char **argv);
int eo_cli_set_key  (int argc, char **argv);
int eo_cli_check    (int argc, char **argv);
int eo_cli_follow_command (int argc, char **argv);
int eo_cli_give_up  (int argc, char **argv);
int eo_cli_resend   (int argc, char **argv);
int eo_cli_jamf     (int argc, char **argv);

G_END_DECLS
