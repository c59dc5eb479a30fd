/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * EoStallProbe:
 * A debugging aid for fleet-sized uploads: measures how long the main
 * loop is blocked, and writes it to the file named by the environment
 * variable EO_DEBUG_STALLS. Without that variable nothing is made and
 * nothing runs.
 *
 * Two measurements, times in monotonic milliseconds
 * (g_get_monotonic_time () / 1000, the clock of CLOCK_MONOTONIC):
 *  - a high-priority timeout every 5 ms; a gap over 50 ms between two of
 *    its runs is written as "stall MS at T cpu C" (T: when the gap
 *    began; C: milliseconds of CPU the main thread used in it, which on
 *    a loaded machine tells the app's own work from waiting for a core);
 *  - the frame clock of the active window: a frame that takes over 50 ms
 *    from "before-paint" to "after-paint" is written as
 *    "frame_gap MS at T cpu C". With EO_DEBUG_STALLS_FRAMES=tick the clock is
 *    kept ticking instead (gdk_frame_clock_begin_updating) and the gaps
 *    between two "update" phases are written: a frame every 16 ms, which
 *    itself costs the window a lot with a long list; =0: no frame
 *    measurement.
 * Upload jobs of the application's job manager are followed too:
 * "job_added_at T devices N", "accepted_at T", "all_final_at T" (every
 * device final: the job's "finished"), "job_failed_at T".
 *
 * At exit (the application's "shutdown", or SIGTERM/SIGINT, which then
 * quit the application) a summary: "max_stall_ms N" (both
 * measurements), "n_stalls_over_50 N", "max_timer_stall_ms N",
 * "max_frame_gap_ms N", "n_frame_gaps_over_50 N",
 * "max_stall_during_jobs_ms N" (from the confirmation of an upload,
 * "confirmed_at T", through its job's addition to its end),
 * "peak_rss_kib N" (VmHWM), then "end". Every line is flushed at once.
 *
 * With EO_DEBUG_STALLS_STACKS=1 too, the main thread's call stacks in
 * each stall go to the same path with ".stacks" after it
 * (eo-stall-sampler.h).
 */
#define EO_TYPE_STALL_PROBE (eo_stall_probe_get_type ())
G_DECLARE_FINAL_TYPE (EoStallProbe, eo_stall_probe, EO, STALL_PROBE, GObject)

/* If EO_DEBUG_STALLS is set, attaches a probe to @application (which
 * owns it) and returns it (transfer none); otherwise returns NULL at
 * once. */
EoStallProbe *eo_stall_probe_attach_from_env (GtkApplication *application);
/* The window calls this when the admin confirms an upload (nothing when
 * no probe runs). */
void          eo_stall_probe_note_confirmed   (void);
/* Writes the summary now (once; later calls do nothing). */
void          eo_stall_probe_write_summary   (EoStallProbe   *self);

G_END_DECLS
