/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Below this many devices an answer's freed memory is not worth a trim. */
#define EO_MEMORY_TRIM_MIN_DEVICES 10000

/* Hands the heap's free pages back to the system (glibc's malloc_trim),
 * on a worker thread, at most one at a time. After a large working set
 * that lived only a moment (a status answer of 100,000 devices: its text
 * and rows, read on a worker and freed on another thread), glibc keeps
 * the freed pages resident in each thread's arena, and the next answer,
 * read on another worker, grows another arena. Does nothing without
 * malloc_trim. Thread-safe. */
void eo_memory_trim_async (void);

/* How many trims have run to the end (for tests). */
guint eo_memory_get_n_trims (void);

G_END_DECLS
