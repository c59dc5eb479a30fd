/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-client.h"
#include "eo-json-check.h"

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

/**
 * EoStatusStream:
 * Reads an eid-status answer as its text arrives, without ever holding
 * all of it: each element of "data.configs" is read as soon as it is
 * complete and kept as a compact row (EoRemoteConfig, its strings and
 * itself in blocks shared by a few hundred rows), and only the rest of
 * the text (the envelope, "configs" left as "[]") is kept. At 100,000
 * devices that is about 14 MB of rows instead of a 17 MB text plus
 * 7 MB of rows pointing into it.
 *
 * Reading is exactly as strict as eo_status_answer_parse_in_place() on
 * the whole text: the same texts are refused, and the same rows kept
 * (those of the last "configs" of the last "data"). Not thread-safe;
 * one stream may move between threads between calls.
 *
 * @clean: called with each row as it is read, its strings still in the
 *   reader's buffer (a row's strings may be replaced with
 *   eo_remote_config_set_string()); FALSE drops the row. It may put rows
 *   before it with eo_status_stream_insert_row(). May be NULL.
 */
typedef struct _EoStatusStream EoStatusStream;
typedef gboolean (*EoStatusRowFunc) (EoStatusStream *stream,
                                     EoRemoteConfig *config,
                                     gpointer        user_data);

EoStatusStream *eo_status_stream_new        (EoStatusRowFunc  clean,
                                             gpointer         user_data);
/* The next @length bytes of the text. Once it cannot be a well-formed
 * answer, the rest is only counted. */
void            eo_status_stream_feed       (EoStatusStream  *stream,
                                             const char      *data,
                                             gsize            length);
/* EO_JSON_CHECK_OK while the text read so far may still be well-formed,
 * else the first problem found. */
EoJsonCheck     eo_status_stream_get_check  (EoStatusStream  *stream);
/* The text without the elements of "data.configs" (owned by @stream);
 * it is well-formed JSON exactly when the whole text is, given that the
 * check is EO_JSON_CHECK_OK, and an error's members are in it. */
GByteArray     *eo_status_stream_get_rest   (EoStatusStream  *stream);
/* Most bytes held at once, besides the rows: the rest and the element
 * being read. */
gsize           eo_status_stream_get_max_held (EoStatusStream *stream);
/* From @clean: @config (taken, with strings of its own) goes before the
 * row being cleaned. */
void            eo_status_stream_insert_row (EoStatusStream  *stream,
                                             EoRemoteConfig  *config);
/* Rows kept so far. */
guint           eo_status_stream_get_n_rows (EoStatusStream  *stream);
/* The end of the text: @answer as eo_status_answer_parse_in_place()
 * gives it (the rows only for a successful envelope, handed over).
 * FALSE when the text is not well-formed. Call once. */
gboolean        eo_status_stream_finish     (EoStatusStream  *stream,
                                             EoStatusAnswer  *answer);
void            eo_status_stream_free       (EoStatusStream  *stream);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoStatusStream, eo_status_stream_free)

G_END_DECLS
