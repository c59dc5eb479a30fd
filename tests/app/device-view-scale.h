/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-device-view.h"

G_BEGIN_DECLS

/* Shared by the device-view-scale test and the bench-device-view
 * benchmark: a large device list, and frame-clock measurements of the
 * real window while its table scrolls or sorts. */

/* Writes a device list of @n_rows rows to @path: names in a shuffled
 * order (so that sorting by name moves rows), one row in 25 with a
 * wrong EID check digit (an error), one in 7 without an ICCID. */
void     eo_scale_write_devices  (const char   *path,
                                  guint         n_rows);

typedef struct
{
  guint  frames;          /* frames painted (frame counter) */
  double seconds;         /* wall time of the measurement */
  double fps;
  double worst_gap_ms;    /* longest time between two frame-clock ticks */
  guint  gaps_over_50ms;
  double cpu_thread_s;    /* main thread's CPU time */
  double cpu_process_s;   /* the whole process (renderer threads too) */
} EoScaleStats;

/* Moves the table's vertical adjustment by @pages_per_frame pages on
 * every frame for @n_frames frames (from the top; back to the top when
 * the end is reached). */
void     eo_scale_scroll         (EoDeviceView *view,
                                  guint         n_frames,
                                  double        pages_per_frame,
                                  EoScaleStats *stats);

/* Sorts by the column titled @title (ascending, or descending when
 * @descending) and waits for the sort to end, measuring frames all the
 * while (plus @settle_frames frames afterwards). */
void     eo_scale_sort           (EoDeviceView *view,
                                  const char   *title,
                                  gboolean      descending,
                                  EoScaleStats *stats);

/* Turns the "only problems" filter on or off, measuring the same way
 * until the view has settled. */
void     eo_scale_filter         (EoDeviceView *view,
                                  gboolean      problems_only,
                                  EoScaleStats *stats);

/* Measures frames from now until eo_scale_watch_stop(). */
typedef struct _EoScaleWatch EoScaleWatch;
EoScaleWatch *eo_scale_watch_start (EoDeviceView *view,
                                    EoScaleStats *stats);
void     eo_scale_watch_stop     (EoScaleWatch *watch);

void     eo_scale_print          (const char         *what,
                                  const EoScaleStats *stats);

G_END_DECLS
