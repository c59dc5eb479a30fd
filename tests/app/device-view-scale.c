/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-view-scale"

#include "config.h"

#include <stdio.h>
#include <time.h>
#include <glib/gstdio.h>

#include "eo-identifiers.h"
#include "device-view-scale.h"
#include "eo-test-gui.h"

static const char * const words[] = {
  "Alpha", "bravo", "Charlie", "delta", "Écho", "Foxtrot", "golf", "Hôtel",
  "India", "juliett", "Kilo", "lima", "Mike", "november", "Oscar", "papa",
  "Québec", "romeo", "Sierra", "tango", "Uniform", "victor", "Whiskey", "x-ray",
};

void
eo_scale_write_devices (const char *path,
                        guint       n_rows)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  char eid[EO_EID_LENGTH + 1];
  char iccid[20];
  FILE *out = g_fopen (path, "w");

  g_assert_nonnull (out);
  setvbuf (out, NULL, _IOFBF, 1 << 20);
  fputs ("EID,Name,ICCID\n", out);

  for (guint i = 0; i < n_rows; i++)
    {
      guint check;

      g_snprintf (eid, sizeof eid, "890490321234512345%012u", i);
      check = eo_eid_compute_check (eid);
      /* One row in 25: a wrong check digit. */
      if (i % 25 == 3)
        check = check == 98 ? 97 : check + 1;
      eid[30] = (char) ('0' + check / 10);
      eid[31] = (char) ('0' + check % 10);
      eid[32] = '\0';

      g_snprintf (iccid, sizeof iccid, "8910042%011u", i);
      iccid[18] = (char) ('0' + eo_luhn_compute_check (iccid, 18));
      iccid[19] = '\0';

      fprintf (out, "%s,%s %s phone %u,%s\n", eid,
               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
               words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
               g_rand_int_range (rand, 0, 1000000),
               i % 7 == 5 ? "" : iccid);
    }

  g_assert_cmpint (fclose (out), ==, 0);
}

static double
cpu_seconds (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

typedef struct
{
  EoDeviceView  *view;
  GtkAdjustment *adjustment;
  double         pages_per_frame;
  guint          n_frames;      /* scroll: ticks to run */
  guint          ticks;
  gint64         last_tick;
  gint64         start;
  gint64         start_counter;
  double         start_cpu_thread;
  double         start_cpu_process;
  EoScaleStats  *stats;
} Probe;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();
  double gap_ms = (double) (now - probe->last_tick) / 1000.0;

  if (gap_ms > probe->stats->worst_gap_ms)
    probe->stats->worst_gap_ms = gap_ms;
  if (gap_ms > 50.0)
    {
      probe->stats->gaps_over_50ms++;
      if (g_getenv ("EO_SCALE_VERBOSE") != NULL)
        g_printerr ("# frame gap %.1f ms at tick %u\n", gap_ms, probe->ticks);
    }
  probe->last_tick = now;
  probe->ticks++;

  if (probe->adjustment != NULL)
    {
      double value = gtk_adjustment_get_value (probe->adjustment);
      double page = gtk_adjustment_get_page_size (probe->adjustment);
      double upper = gtk_adjustment_get_upper (probe->adjustment);

      value += page * probe->pages_per_frame;
      if (value > upper - page)
        value = gtk_adjustment_get_lower (probe->adjustment);
      gtk_adjustment_set_value (probe->adjustment, value);
    }

  return G_SOURCE_CONTINUE;
}

static void
probe_start (Probe        *probe,
             EoDeviceView *view,
             EoScaleStats *stats)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (view));

  g_assert_nonnull (clock);
  *stats = (EoScaleStats) { 0, };
  probe->view = view;
  probe->stats = stats;
  probe->start_counter = gdk_frame_clock_get_frame_counter (clock);
  probe->start_cpu_thread = cpu_seconds (CLOCK_THREAD_CPUTIME_ID);
  probe->start_cpu_process = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);
  probe->start = probe->last_tick = g_get_monotonic_time ();
}

static void
probe_end (Probe *probe)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (probe->view));
  EoScaleStats *stats = probe->stats;

  stats->seconds = (double) (g_get_monotonic_time () - probe->start) / G_USEC_PER_SEC;
  stats->frames = (guint) (gdk_frame_clock_get_frame_counter (clock) - probe->start_counter);
  stats->fps = stats->seconds > 0 ? stats->frames / stats->seconds : 0;
  stats->cpu_thread_s = cpu_seconds (CLOCK_THREAD_CPUTIME_ID) - probe->start_cpu_thread;
  stats->cpu_process_s = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID) - probe->start_cpu_process;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @probe has seen @ticks more ticks. */
static void
run_ticks (Probe *probe,
           guint  ticks)
{
  guint until = probe->ticks + ticks;
  guint timeout = g_timeout_add_seconds (300, timeout_cb, (gpointer) "frames");

  while (probe->ticks < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
}

void
eo_scale_scroll (EoDeviceView *view,
                 guint         n_frames,
                 double        pages_per_frame,
                 EoScaleStats *stats)
{
  GtkWidget *column_view = GTK_WIDGET (eo_device_view_get_column_view (view));
  Probe probe = { 0, };
  guint id;

  probe.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  g_assert_nonnull (probe.adjustment);
  probe.pages_per_frame = pages_per_frame;
  gtk_adjustment_set_value (probe.adjustment, gtk_adjustment_get_lower (probe.adjustment));

  probe_start (&probe, view, stats);
  id = gtk_widget_add_tick_callback (column_view, tick_cb, &probe, NULL);
  run_ticks (&probe, n_frames);
  gtk_widget_remove_tick_callback (column_view, id);
  probe_end (&probe);
}

#define SETTLE_FRAMES 10

void
eo_scale_sort (EoDeviceView *view,
               const char   *title,
               gboolean      descending,
               EoScaleStats *stats)
{
  GtkWidget *column_view = GTK_WIDGET (eo_device_view_get_column_view (view));
  GtkColumnViewColumn *column = eo_test_find_column (view, title);
  Probe probe = { 0, };
  guint id;

  /* Let the frame clock run first, so the first gap counted is the one
   * the sort makes. */
  id = gtk_widget_add_tick_callback (column_view, tick_cb, &probe, NULL);
  probe.stats = stats;
  probe.last_tick = g_get_monotonic_time ();
  run_ticks (&probe, 3);

  probe_start (&probe, view, stats);
  probe.ticks = 0;
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (column_view), column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  {
    guint timeout = g_timeout_add_seconds (300, timeout_cb, (gpointer) "the sort");

    while (eo_device_view_is_sorting (view))
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (timeout);
  }
  run_ticks (&probe, SETTLE_FRAMES);
  gtk_widget_remove_tick_callback (column_view, id);
  probe_end (&probe);
}

void
eo_scale_filter (EoDeviceView *view,
                 gboolean      problems_only,
                 EoScaleStats *stats)
{
  GtkWidget *column_view = GTK_WIDGET (eo_device_view_get_column_view (view));
  Probe probe = { 0, };
  guint id;

  id = gtk_widget_add_tick_callback (column_view, tick_cb, &probe, NULL);
  probe.stats = stats;
  probe.last_tick = g_get_monotonic_time ();
  run_ticks (&probe, 3);

  probe_start (&probe, view, stats);
  probe.ticks = 0;
  eo_device_view_set_problems_only (view, problems_only);
  {
    guint timeout = g_timeout_add_seconds (300, timeout_cb, (gpointer) "the filter");

    while (eo_device_view_is_sorting (view))
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (timeout);
  }
  run_ticks (&probe, SETTLE_FRAMES);
  gtk_widget_remove_tick_callback (column_view, id);
  probe_end (&probe);
}

struct _EoScaleWatch
{
  Probe probe;
  guint tick_id;
};

EoScaleWatch *
eo_scale_watch_start (EoDeviceView *view,
                      EoScaleStats *stats)
{
  EoScaleWatch *watch = g_new0 (EoScaleWatch, 1);

  probe_start (&watch->probe, view, stats);
  watch->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (eo_device_view_get_column_view (view)),
                                                 tick_cb, &watch->probe, NULL);
  return watch;
}

void
eo_scale_watch_stop (EoScaleWatch *watch)
{
  gtk_widget_remove_tick_callback (GTK_WIDGET (eo_device_view_get_column_view (watch->probe.view)),
                                   watch->tick_id);
  probe_end (&watch->probe);
  g_free (watch);
}

void
eo_scale_print (const char         *what,
                const EoScaleStats *stats)
{
  g_print ("%-28s %6u frames in %6.2f s = %5.1f fps, worst gap %7.1f ms, %3u gaps > 50 ms, "
           "CPU main thread %5.2f s, process %5.2f s\n",
           what, stats->frames, stats->seconds, stats->fps, stats->worst_gap_ms,
           stats->gaps_over_50ms, stats->cpu_thread_s, stats->cpu_process_s);
}
