/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

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

G_END_DECLS
