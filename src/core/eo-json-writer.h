/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one way the project writes JSON: records on disk, exports and the
 * CLI's output. Streams into a GString (no document tree, so 100,000
 * devices cost their text, not a tree of nodes), escapes every string
 * (valid UTF-8 out even when the input is not; control characters as
 * \uXXXX), and writes either compactly or pretty (two spaces per level,
 * "name" : value, as json-glib's generator did). Members take a @name;
 * array elements and the top level pass NULL. */
typedef struct
{
  GString *out;
  guint    depth;
  gboolean pretty;
  guint64  has_items;  /* bit d: the container at depth d has a value */
} EoJsonWriter;

void eo_json_writer_init         (EoJsonWriter *self,
                                  GString      *out,
                                  gboolean      pretty);

void eo_json_writer_begin_object (EoJsonWriter *self,
                                  const char   *name);
void eo_json_writer_end_object   (EoJsonWriter *self);
void eo_json_writer_begin_array  (EoJsonWriter *self,
                                  const char   *name);
void eo_json_writer_end_array    (EoJsonWriter *self);

/* @value NULL writes null. */
void eo_json_writer_add_string   (EoJsonWriter *self,
                                  const char   *name,
                                  const char   *value);
void eo_json_writer_add_int      (EoJsonWriter *self,
                                  const char   *name,
                                  gint64        value);
void eo_json_writer_add_boolean  (EoJsonWriter *self,
                                  const char   *name,
                                  gboolean      value);
/* @time_us (microseconds since the epoch) as "YYYY-MM-DDTHH:MM:SS.uuuuuuZ". */
void eo_json_writer_add_time     (EoJsonWriter *self,
                                  const char   *name,
                                  gint64        time_us);
/* @json: a value this writer (or another) already made. */
void eo_json_writer_add_raw      (EoJsonWriter *self,
                                  const char   *name,
                                  const char   *json,
                                  gsize         length);

/* @str as a JSON string (or null) at the end of @out. */
void eo_json_append_string       (GString      *out,
                                  const char   *str);
/* @time_us as above into @buf (at least 28 bytes); out-of-range times
 * are written as the epoch. */
void eo_json_format_time         (char         *buf,
                                  gint64        time_us);

G_END_DECLS
