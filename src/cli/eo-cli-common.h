/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Helpers every command shares: its option context, its error lines, JSON
 * output, and running one async call to its end. */

GOptionContext *eo_cli_option_context_new (const char         *command,
                                           const char         *parameter,
                                           const char         *summary,
                                           const char         *description,
                                           const GOptionEntry *entries);
void            eo_cli_print_error        (const char         *command,
                                           const char         *message);
void            eo_cli_print_hint         (const char         *message);
int             eo_cli_usage_error        (const char         *command,
                                           const char         *message);
void            eo_cli_result_cb          (GObject            *source,
                                           GAsyncResult       *result,
                                           gpointer            user_data);
GAsyncResult   *eo_cli_wait_for           (GAsyncResult      **slot);

G_END_DECLS
