/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-client.h"

G_BEGIN_DECLS

/* The connection state of a command that talks to the server: where, who,
 * and which key. Declare it as “g_auto(EoCliRemote) remote = { NULL };”
 * and every return frees it. */

typedef enum
{
  EO_CLI_KEY_SOURCE_NONE,
  EO_CLI_KEY_SOURCE_FILE,
  EO_CLI_KEY_SOURCE_ENV,
  EO_CLI_KEY_SOURCE_KEYRING,
} EoCliKeySource;

typedef struct
{
  EoClient       *client;
  char           *server;       /* normalized base URL */
  char           *customer;     /* "" when unknown */
  EoCliKeySource  key_source;
  char           *key_file;     /* display name, for messages */
} EoCliRemote;

void            eo_cli_remote_clear            (EoCliRemote        *remote);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EoCliRemote, eo_cli_remote_clear)

int             eo_cli_remote_prepare          (const char         *command,
                                                int                 argc,
                                                char              **argv);
GOptionContext *eo_cli_remote_context_new      (const char         *command,
                                                const char         *parameter,
                                                const char         *summary,
                                                const char         *exit_codes,
                                                const GOptionEntry *entries);
int             eo_cli_remote_resolve_account  (EoCliRemote        *remote,
                                                const char         *command,
                                                const char         *server_flag,
                                                const char         *customer_flag,
                                                gboolean            need_customer);
int             eo_cli_remote_resolve_key      (EoCliRemote        *remote,
                                                const char         *command,
                                                const char         *key_file);
int             eo_cli_remote_report_error     (EoCliRemote        *remote,
                                                const char         *command,
                                                const GError       *error);

G_END_DECLS
