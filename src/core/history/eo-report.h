/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-upload-record.h"

G_BEGIN_DECLS

/* A printable report of one upload, to hand a colleague: one HTML page
 * (no scripts, nothing fetched, prints from any browser or the desktop):
 * server, customer, times, state, counts, the SM-DP+ address, then the
 * failed devices with the server's reasons, the pending ones and the
 * assigned ones. Text from the file or the server is escaped and control
 * characters replaced, so nothing in it can become markup. */
char *eo_report_html      (EoUploadRecord  *record);

/* @text (NULL is nothing) as HTML text: escaped, control characters as
 * U+FFFD, invalid UTF-8 repaired. */
void  eo_html_append_text (GString         *out,
                           const char      *text);

G_END_DECLS
