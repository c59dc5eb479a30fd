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

/* The next slice of sliced main-loop work (a merge, a walk, a save): 1 ms
 * from now, above redrawing, so a window that paints without pause cannot
 * starve the work and a frame still fits between two slices. Attached to
 * @context (NULL: the thread's default); the caller owns the returned
 * reference. Make a new one for each slice and let the one running return
 * G_SOURCE_REMOVE: a timeout kept (G_SOURCE_CONTINUE) is re-armed from the
 * time its main-loop iteration began, so after a slice of a few ms it is
 * due again at once and the slices run back to back, before any frame. */
static inline GSource *
eo_slice_source_attach (GMainContext   *context,
                        GSourceFunc     func,
                        gpointer        data,
                        GDestroyNotify  notify,
                        const char     *static_name)
{
  GSource *source = g_timeout_source_new (1);

  g_source_set_priority (source, G_PRIORITY_HIGH_IDLE + 10);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, static_name);
  g_source_attach (source, context != NULL ? context : g_main_context_get_thread_default ());
  return source;
}

G_END_DECLS
