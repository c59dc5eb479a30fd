/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The stall probe's sampler (EO_DEBUG_STALLS_STACKS=1 beside
 * EO_DEBUG_STALLS): when the main thread has not run the probe's timer
 * for 30 ms, a watch thread asks it, by SIGPROF, for its call stack, and
 * again every 10 ms while the gap lasts. When a gap of over 50 ms ends,
 * its stacks go to @path:
 *   "gap MS at T samples N", then per sample "sample +MS" and one line
 *   per frame (backtrace_symbols_fd: the object, the exported symbol and
 *   offset, the address; addresses in the app resolve with addr2line).
 * Every 100 ms outside a gap, a line on memory (KiB):
 *   "mem T rss R anon A heap_used U heap_free F mmapped M" (VmRSS and
 *   RssAnon beside malloc's mallinfo2(): in use, free but kept, mapped).
 * A debugging aid that the benchmark can turn on: nothing of it runs
 * without the variable.
 */

/* Starts the watch thread; from the main thread, once. */
void     eo_stall_sampler_start  (const char *path);
/* The main thread ran (the probe's timer): @now_us monotonic. */
void     eo_stall_sampler_note_tick (gint64 now_us);

G_END_DECLS
