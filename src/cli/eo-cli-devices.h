/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The devices of an upload as “submit” and “status” print them: a table
 * with a summary line, or one JSON document; and the exit code they give. */

void eo_cli_print_devices_json  (const char *request_id,
                                 const char *smdp_url,
                                 GListModel *devices);
void eo_cli_print_devices_table (GListModel *devices);
int  eo_cli_exit_for_devices    (GListModel *devices);

G_END_DECLS
