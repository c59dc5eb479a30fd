/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Texts taken from a server's answer are untrusted: these make them safe
 * to keep, show, print and export. All are thread-safe and never return a
 * text holding @api_key (its occurrences read "[…]"). */

/* Longest server text quoted in an error message, in characters. */
#define EO_ANSWER_MESSAGE_MAX_CHARS 300
/* Longest value kept of a device's field (EID, ICCID, name, status). */
#define EO_ANSWER_FIELD_MAX_CHARS   200
/* Longest request ID accepted (a UUID has 36 characters). */
#define EO_REQUEST_ID_MAX_CHARS     64

/* A message (an error text, a device's reason): valid UTF-8, one line,
 * runs of spaces and control characters as one space, at most
 * EO_ANSWER_MESSAGE_MAX_CHARS then "…". NULL gives "". */
char     *eo_answer_text_message  (const char *api_key,
                                   const char *text);
/* A value shown verbatim (a status word, an ICCID, an address): invalid
 * UTF-8 and every control or format character (ESC, CR, LF, bidi
 * overrides…) become U+FFFD, so nothing reaches a terminal or a CSV cell
 * as a control code and a damaged value stays visibly damaged; at most
 * @max_chars then "…". Returns @text itself (no copy) in the common case
 * where nothing changes, else a new string in *@copy. */
const char *eo_answer_text_value  (const char  *api_key,
                                   const char  *text,
                                   guint        max_chars,
                                   char       **copy);
/* In place on a g_malloc()ed string: *@slot replaced when it changes. */
void      eo_answer_text_clean    (const char  *api_key,
                                   char       **slot,
                                   guint        max_chars);

/* A request ID as the server may hand one out: 1 to
 * EO_REQUEST_ID_MAX_CHARS ASCII letters, digits and "-". Anything else
 * (spaces, "$", control characters) cannot be followed or printed for a
 * shell safely. */
gboolean  eo_request_id_is_valid  (const char *request_id);

G_END_DECLS
