/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deepest nesting of arrays and objects accepted in a document read from
 * outside (an answer of the server, a record on disk). The CSO's answers
 * nest three levels and a record five: anything much deeper is hostile
 * (json-glib recurses once per level and overflows the stack at about
 * 80,000). */
#define EO_JSON_MAX_DEPTH 32

typedef enum
{
  EO_JSON_CHECK_OK,
  EO_JSON_CHECK_EMPTY,
  EO_JSON_CHECK_NOT_UTF8,
  EO_JSON_CHECK_TOO_DEEP,
  EO_JSON_CHECK_SYNTAX,
} EoJsonCheck;

/* Checks that @data is one strict JSON text (RFC 8259) in UTF-8 without
 * NUL bytes, with only the escapes JSON knows (no "\u0000", no lone
 * surrogate), nested at most @max_depth deep. Iterative, O(length), no
 * allocation: call it before handing outside data to json-glib, which
 * is neither bounded nor strict. Thread-safe. */
EoJsonCheck  eo_json_check          (const char  *data,
                                     gsize        length,
                                     guint        max_depth);
/* Why a check failed, for an error message ("it nests too deeply"),
 * translated; _phrase() in English, for an EoMessage's parameter. */
const char  *eo_json_check_describe (EoJsonCheck  result);
const char  *eo_json_check_phrase   (EoJsonCheck  result);

G_END_DECLS
