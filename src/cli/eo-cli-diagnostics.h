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
EoDeviceList *eo_cli_load_device_list    (const char   *arg,
                                          GError      **error);
gboolean     eo_cli_write_problems       (FILE         *stream,
                                          GString      *buf,
                                          const char   *display_name,
                                          EoDeviceList *list);

G_END_DECLS
