/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-jamf-client.h"

G_BEGIN_DECLS

/* What the “jamf” commands share: where Jamf Pro is, which API client,
 * its secret (a file, the environment, the keyring; never the command
 * line), and the meaning of a failure as an exit code. */

#define EO_CLI_JAMF_SECRET_ENV "ESIM_ONBOARD_JAMF_SECRET"

typedef struct
{
  char         *url_flag;
  char         *client_id_flag;
  char         *secret_file;
} EoCliJamfOptions;

#define EO_CLI_JAMF_OPTION_ENTRIES(o)                                                              \
  { "jamf", 0, 0, G_OPTION_ARG_STRING, &(o)->url_flag,                                             \
    N_("Jamf Pro server (default: the app’s setting)"), N_("URL") },                               \
  { "client-id", 0, 0, G_OPTION_ARG_STRING, &(o)->client_id_flag,                                  \
    N_("Jamf Pro API client ID (default: the app’s setting)"), N_("ID") },                         \
  { "client-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &(o)->secret_file,                          \
    N_("Read the API client’s secret from the first line of FILE"), N_("FILE") }

typedef struct
{
  EoJamfClient *client;
  char         *url;
  char         *client_id;
} EoCliJamf;

void  eo_cli_jamf_options_clear (EoCliJamfOptions *options);
void  eo_cli_jamf_clear         (EoCliJamf        *jamf);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EoCliJamfOptions, eo_cli_jamf_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EoCliJamf, eo_cli_jamf_clear)

/* The --help text's end: where the secret and the server come from. */
char *eo_cli_jamf_description   (const char       *exit_codes);
/* Server and client ID (flags, else settings); with @need_secret, the
 * secret too. An exit code (EO_CLI_EXIT_OK when ready). */
int   eo_cli_jamf_connect       (EoCliJamf        *jamf,
                                 const char       *command,
                                 EoCliJamfOptions *options,
                                 gboolean          need_secret);
/* Prints a failure; its exit code (4: configuration, 5: remote). */
int   eo_cli_jamf_report_error  (const char       *command,
                                 const GError     *error);
/* Whether argv tries to give a secret (refused, said why). */
gboolean eo_cli_jamf_refuse_secret_in_argv (const char *command,
                                            int         argc,
                                            char      **argv);

/* eo-cli-jamf-push.c */
int   eo_cli_jamf_push          (int               argc,
                                 char            **argv);
int   eo_cli_jamf_status        (int               argc,
                                 char            **argv);

G_END_DECLS
