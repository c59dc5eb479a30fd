/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where an API key comes from: never the command line; a file, the
 * environment or the keyring. */

/* Environment variable that may hold the API key. */
#define EO_CLI_KEY_ENV "ESIM_ONBOARD_API_KEY"

gboolean  eo_cli_refuse_key_in_argv  (const char *command,
                                      int         argc,
                                      char      **argv);
char     *eo_cli_first_line_trimmed  (const char *text,
                                      gsize       len);
char     *eo_cli_key_read_file       (const char *command,
                                      const char *path,
                                      int        *status);
char     *eo_cli_key_lookup_keyring  (const char *command,
                                      const char *server,
                                      const char *customer,
                                      int        *status);

G_END_DECLS
