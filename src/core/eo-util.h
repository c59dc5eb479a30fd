/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Replaces the string in *@slot by a copy of @value; TRUE when it changed.
 * (g_set_str() only arrived in GLib 2.76.) */
static inline gboolean
eo_set_str (char       **slot,
            const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

/* Adds the member @name to the object being built: @value, or null when
 * @value is NULL. */
static inline void
eo_json_builder_add_nullable_string (JsonBuilder *builder,
                                     const char  *name,
                                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Adds the member @name with the integer @value. */
static inline void
eo_json_builder_add_int_member (JsonBuilder *builder,
                                const char  *name,
                                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

G_END_DECLS
