/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-client.h"

G_BEGIN_DECLS

/* Deepest nesting of arrays and objects accepted in an answer. The CSO's
 * answers nest three levels; anything much deeper is hostile. */
#define EO_STATUS_ANSWER_MAX_DEPTH 32

/**
 * EoStatusAnswer:
 * What an eid-status answer says, read straight from its text without a
 * document tree: a status answer for 100,000 devices is about 15 MB, and
 * a tree of it costs about ten times that in memory. Only the members the
 * client uses are kept; everything else is checked and skipped.
 *
 * @envelope: the text is a CSO envelope ({code, data, error, success}
 *   with "success" a boolean if present, "data" an object or null, and at
 *   least one of success, data or error).
 * @success: "success", TRUE when absent.
 * @code: "code" when it is an integer, else 0.
 * @has_data: "data" is an object.
 * @configs_not_list: "data.configs" is there, not null, and not a list.
 * @configs: the objects of "data.configs" (EoRemoteConfig; the reason
 *   not yet cleaned), empty when there is none.
 */
typedef struct
{
  gboolean   envelope;
  gboolean   success;
  gint64     code;
  gboolean   has_data;
  gboolean   configs_not_list;
  GPtrArray *configs;
} EoStatusAnswer;

/* FALSE when @data is not well-formed JSON in UTF-8, or nests deeper than
 * EO_STATUS_ANSWER_MAX_DEPTH. Thread-safe. */
gboolean eo_status_answer_parse (const char     *data,
                                 gsize           length,
                                 EoStatusAnswer *answer);
/* The same, reading @text in place: the configs' strings that need no
 * decoding are not copied but point into @text (each config holds a
 * reference to it), NUL-terminated where their closing quote was. At
 * 100,000 devices that is about 12 MB less beside the 17 MB text. @text
 * is changed only when the answer is a successful envelope; otherwise it
 * is left as it was (and the configs dropped), so that an error's text
 * can still be read from it. Not with a text another thread reads. */
gboolean eo_status_answer_parse_in_place (GByteArray     *text,
                                          EoStatusAnswer *answer);
void     eo_status_answer_clear (EoStatusAnswer *answer);

G_END_DECLS
