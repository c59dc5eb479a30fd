/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <time.h>

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

/* CPU time of the calling thread, in µs (0 if unknown): on a loaded
 * machine a main-loop gap's wall time includes waiting for a core, its
 * CPU time is the app's own work. */
static inline gint64
eo_thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

G_END_DECLS
