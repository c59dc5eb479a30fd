/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <glib.h>

#include "eo-device-list.h"

G_BEGIN_DECLS

/* Output shared by "validate" and "submit": both print the problems of a
 * device list the same way. */

void         eo_cli_append_printable     (GString      *buf,
                                          const char   *text);
const char  *eo_cli_column_label         (EoColumn      column);
const char  *eo_cli_severity_label       (EoSeverity    severity);
guint       *eo_cli_sorted_problem_indices (EoDeviceList *list,
                                            guint         n_problems);
void         eo_cli_print_file_error     (const char   *display_name,
                                          const GError *error);
/* The device list named on the command line: a file, or “-” for
 * standard input. */
EoDeviceList *eo_cli_load_device_list    (const char        *arg,
                                          const EoColumnMap *map,
                                          GError           **error);
/* The --column options (“ROLE=HEADER|N”) as a map, NULL when none; FALSE
 * with a G_OPTION_ERROR for a wrong one. */
gboolean     eo_cli_parse_columns        (char        **columns,
                                          EoColumnMap **map_out,
                                          GError      **error);
/* The help of --column and its argument, untranslated (N_). */
extern const char eo_cli_column_help[];
extern const char eo_cli_column_arg[];
gboolean     eo_cli_write_problems       (FILE         *stream,
                                          GString      *buf,
                                          const char   *display_name,
                                          EoDeviceList *list);

G_END_DECLS
