/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-history.h"
#include "eo-json-writer.h"

G_BEGIN_DECLS

/* What the commands on the history of this computer share
 * (eo-cli-history.c: history, export, qr, report; eo-cli-recover.c:
 * check, follow, give-up, resend). */

void            eo_cli_history_usage_error  (const char       *message);
void            eo_cli_history_print_error  (GError           *error);
/* Control characters become visible escapes. */
char           *eo_cli_printable            (const char       *text);
char           *eo_cli_format_local_time    (gint64            time_us);
/* Loads the default history into *@history and finds the upload @id
 * names (local or request id, or a unique prefix); NULL with
 * *@exit_status set when either fails. */
EoUploadRecord *eo_cli_history_load_record  (const char       *id,
                                             EoHistory       **history,
                                             int              *exit_status);
gboolean        eo_cli_history_parse_one_id (GOptionContext   *context,
                                             int              *argc,
                                             char           ***argv,
                                             char           ***rest);

/* eo-cli-recover.c: how an upload is followed, for “history”. */
char           *eo_cli_recover_dup_follow_label (EoHistory      *history,
                                                 EoUploadRecord *record);
void            eo_cli_recover_add_json     (EoJsonWriter     *writer,
                                             EoHistory        *history,
                                             EoUploadRecord   *record);
void            eo_cli_recover_append_text  (GString          *out,
                                             EoUploadRecord   *record);

G_END_DECLS
