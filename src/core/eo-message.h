/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "eo-json-writer.h"

G_BEGIN_DECLS

/**
 * EoMessage:
 * A message for people kept as a machine code and its parameters
 * ({"code": "unreachable", "params": {"host": "cso.example.com", …}}),
 * translated only when it is shown: a record written in German reads in
 * English in an English session. The codes and their texts are the table
 * in eo-message.c (docs/messages.md lists them). A parameter is either
 * kept as it is (a host, the server's own words) or, for the parameters
 * the table marks, an English phrase translated when shown.
 */
typedef struct _EoMessage EoMessage;

/* At most this many parameters, each at most EO_MESSAGE_MAX_VALUE bytes. */
#define EO_MESSAGE_MAX_PARAMS 4
#define EO_MESSAGE_MAX_VALUE  4096

/* Pairs of key and value, ended by NULL; a NULL value leaves its key out.
 * Values are cut to EO_MESSAGE_MAX_VALUE bytes (at a character). */
EoMessage  *eo_message_new            (const char       *code,
                                       ...) G_GNUC_NULL_TERMINATED;
EoMessage  *eo_message_copy           (const EoMessage  *message);
void        eo_message_free           (EoMessage        *message);
const char *eo_message_get_code       (const EoMessage  *message);
/* NULL when absent. */
const char *eo_message_get_param      (const EoMessage  *message,
                                       const char       *key);
/* Whether this program knows how to say @message. */
gboolean    eo_message_is_known       (const EoMessage  *message);
/* The text in the language of the moment, or NULL for an unknown code. */
char       *eo_message_format         (const EoMessage  *message);
gboolean    eo_message_equal          (const EoMessage  *a,
                                       const EoMessage  *b);

/* {"code": …, "params": {…}} as the member @name of an object. */
void        eo_message_write_json     (const EoMessage  *message,
                                       EoJsonWriter     *writer,
                                       const char       *name);
/* Reads what eo_message_write_json() wrote: NULL (and FALSE) when @node
 * is not of that shape (bounded: codes and keys of [a-z0-9_-], at most
 * EO_MESSAGE_MAX_PARAMS string values of valid UTF-8). */
gboolean    eo_message_read_json      (JsonNode         *node,
                                       EoMessage       **out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoMessage, eo_message_free)

G_END_DECLS
