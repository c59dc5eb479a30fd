/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-stall-probe"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "eo-stall-probe.h"
#include "eo-stall-sampler.h"

#include "eo-application.h"
#include "eo-job-manager.h"
#include "eo-util.h"

struct _EoStallProbe
{
  GObject         parent_instance;

  GtkApplication *application;   /* weak: it owns the probe */
  FILE           *out;

  GSource        *timer;
  gint64          last_tick_us;
  gint64          last_tick_cpu_us;

  GdkFrameClock  *clock;         /* of the active window */
  gulong          update_handler;
  gulong          before_handler;
  gulong          after_handler;
  gint64          last_frame_us;
  gint64          frame_began_us;
  gint64          frame_began_cpu_us;

  guint           n_jobs_running;
  /* An upload was confirmed and its job is not there yet. */
  gboolean        confirmed;
  int             frame_mode;
  gboolean        manager_connected;
  gboolean        summary_written;
  guint           sigterm_id;
  guint           sigint_id;

  gint64          max_timer_us;
  gint64          max_frame_us;
  gint64          max_in_jobs_us;
  guint           n_stalls;
  guint           n_frame_gaps;
};

G_DEFINE_FINAL_TYPE (EoStallProbe, eo_stall_probe, G_TYPE_OBJECT)

enum {
  FRAMES_PASSIVE,   /* each frame's own cost */
  FRAMES_TICK,      /* the clock kept ticking, gaps between frames */
  FRAMES_OFF,
};

#define PROBE_INTERVAL_MS 5
#define STALL_THRESHOLD_US (50 * G_TIME_SPAN_MILLISECOND)

/* Helpers */

static gint64
now_ms (void)
{
  return g_get_monotonic_time () / 1000;
}

static void
write_line (EoStallProbe *self,
            const char   *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
write_line (EoStallProbe *self,
            const char   *format,
            ...)
{
  va_list args;

  if (self->out == NULL)
    return;
  va_start (args, format);
  vfprintf (self->out, format, args);
  va_end (args);
  fputc ('\n', self->out);
  fflush (self->out);
}

static guint64
read_vm_hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10) : 0;
}

/* A gap of @gap_us that began at @since_us, from @kind. */
static void
record_gap (EoStallProbe *self,
            gboolean      frame,
            gint64        since_us,
            gint64        gap_us,
            gint64        cpu_us)
{
  if (self->n_jobs_running > 0 || self->confirmed)
    self->max_in_jobs_us = MAX (self->max_in_jobs_us, gap_us);

  if (frame)
    {
      self->max_frame_us = MAX (self->max_frame_us, gap_us);
      if (gap_us <= STALL_THRESHOLD_US)
        return;
      self->n_frame_gaps++;
      write_line (self, "frame_gap %" G_GINT64_FORMAT " at %" G_GINT64_FORMAT " cpu %" G_GINT64_FORMAT,
                  gap_us / 1000, since_us / 1000, cpu_us / 1000);
    }
  else
    {
      self->max_timer_us = MAX (self->max_timer_us, gap_us);
      if (gap_us <= STALL_THRESHOLD_US)
        return;
      self->n_stalls++;
      write_line (self, "stall %" G_GINT64_FORMAT " at %" G_GINT64_FORMAT " cpu %" G_GINT64_FORMAT,
                  gap_us / 1000, since_us / 1000, cpu_us / 1000);
    }
}

/* Disconnects *@id from the clock unless the clock's dispose already
 * dropped it: GDK disposes a toplevel's frame clock when the window goes
 * (a dialog closed, the window destroyed), though the probe still holds
 * it, and that removes every handler (disconnecting again was the fatal
 * "instance … has no handler with id …" warning). TRUE if it was still
 * connected. */
static gboolean
clear_clock_handler (EoStallProbe *self,
                     gulong       *id)
{
  gboolean connected = *id != 0 && g_signal_handler_is_connected (self->clock, *id);

  if (connected)
    g_signal_handler_disconnect (self->clock, *id);
  *id = 0;
  return connected;
}

static void
detach_clock (EoStallProbe *self)
{
  if (self->clock == NULL)
    return;
  clear_clock_handler (self, &self->before_handler);
  clear_clock_handler (self, &self->after_handler);
  if (clear_clock_handler (self, &self->update_handler))
    gdk_frame_clock_end_updating (self->clock);
  g_clear_object (&self->clock);
  self->last_frame_us = 0;
}

/* Signal callbacks */

static void
clock_update_cb (GdkFrameClock *clock,
                 EoStallProbe  *self)
{
  gint64 now = g_get_monotonic_time ();

  gint64 cpu = eo_thread_cpu_us ();

  if (self->last_frame_us != 0)
    record_gap (self, TRUE, self->last_frame_us, now - self->last_frame_us,
                cpu - self->frame_began_cpu_us);
  self->last_frame_us = now;
  self->frame_began_cpu_us = cpu;
}

static void
clock_before_paint_cb (GdkFrameClock *clock,
                       EoStallProbe  *self)
{
  self->frame_began_us = g_get_monotonic_time ();
  self->frame_began_cpu_us = eo_thread_cpu_us ();
}

/* One frame's own cost, from before-paint to after-paint. */
static void
clock_after_paint_cb (GdkFrameClock *clock,
                      EoStallProbe  *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->frame_began_us != 0)
    record_gap (self, TRUE, self->frame_began_us, now - self->frame_began_us,
                eo_thread_cpu_us () - self->frame_began_cpu_us);
  self->frame_began_us = 0;
}

/* Follows the active window's frame clock (it changes with the active
 * window, and appears once the window is realized). */
static void
follow_active_window (EoStallProbe *self)
{
  GtkWindow *window = self->application ? gtk_application_get_active_window (self->application) : NULL;
  GdkFrameClock *clock = window != NULL ? gtk_widget_get_frame_clock (GTK_WIDGET (window)) : NULL;

  if (clock == self->clock)
    return;

  detach_clock (self);
  if (clock == NULL)
    return;
  self->clock = g_object_ref (clock);
  self->frame_began_us = 0;
  if (self->frame_mode == FRAMES_TICK)
    {
      self->update_handler = g_signal_connect (clock, "update", G_CALLBACK (clock_update_cb), self);
      gdk_frame_clock_begin_updating (clock);
    }
  else
    {
      self->before_handler = g_signal_connect (clock, "before-paint", G_CALLBACK (clock_before_paint_cb), self);
      self->after_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (clock_after_paint_cb), self);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  EoStallProbe *self = user_data;
  gint64 now = g_get_monotonic_time ();

  gint64 cpu = eo_thread_cpu_us ();

  eo_stall_sampler_note_tick (now);
  record_gap (self, FALSE, self->last_tick_us, now - self->last_tick_us,
              cpu - self->last_tick_cpu_us);
  self->last_tick_us = now;
  self->last_tick_cpu_us = cpu;
  if (self->frame_mode != FRAMES_OFF)
    follow_active_window (self);

  return G_SOURCE_CONTINUE;
}

static void
job_accepted_cb (EoUploadJob  *job,
                 EoStallProbe *self)
{
  write_line (self, "accepted_at %" G_GINT64_FORMAT, now_ms ());
}

static void
job_added_cb (EoJobManager *manager,
              EoUploadJob  *job,
              EoStallProbe *self)
{
  EoUploadRecord *record = eo_upload_job_get_record (job);

  self->n_jobs_running++;
  self->confirmed = FALSE;
  write_line (self, "job_added_at %" G_GINT64_FORMAT " devices %u", now_ms (),
              record != NULL ? eo_upload_record_get_n_devices (record) : 0);
  g_signal_connect_object (job, "accepted", G_CALLBACK (job_accepted_cb), self, 0);
}

static void
job_finished_cb (EoJobManager *manager,
                 EoUploadJob  *job,
                 EoStallProbe *self)
{
  if (self->n_jobs_running > 0)
    self->n_jobs_running--;
  write_line (self, "all_final_at %" G_GINT64_FORMAT, now_ms ());
}

static void
job_failed_cb (EoJobManager *manager,
               EoUploadJob  *job,
               const char   *message,
               EoStallProbe *self)
{
  if (job != NULL && self->n_jobs_running > 0)
    self->n_jobs_running--;
  write_line (self, "job_failed_at %" G_GINT64_FORMAT, now_ms ());
}

/* The job manager is made by the first window: follow it from then. */
static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window,
                 EoStallProbe   *self)
{
  EoJobManager *manager;

  if (self->manager_connected || !EO_IS_APPLICATION (application))
    return;

  self->manager_connected = TRUE;
  manager = eo_application_get_job_manager (EO_APPLICATION (application));
  g_signal_connect_object (manager, "job-added", G_CALLBACK (job_added_cb), self, 0);
  g_signal_connect_object (manager, "job-finished", G_CALLBACK (job_finished_cb), self, 0);
  g_signal_connect_object (manager, "job-failed", G_CALLBACK (job_failed_cb), self, 0);
}

static void
shutdown_cb (GApplication *application,
             EoStallProbe *self)
{
  eo_stall_probe_write_summary (self);
}

static gboolean
quit_signal_cb (gpointer user_data)
{
  EoStallProbe *self = user_data;

  eo_stall_probe_write_summary (self);
  if (self->application != NULL)
    g_application_quit (G_APPLICATION (self->application));

  return G_SOURCE_CONTINUE;
}

/* Parent overrides */

static void
eo_stall_probe_dispose (GObject *object)
{
  EoStallProbe *self = EO_STALL_PROBE (object);

  eo_stall_probe_write_summary (self);
  detach_clock (self);
  if (self->timer != NULL)
    g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  g_clear_handle_id (&self->sigterm_id, g_source_remove);
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;

  G_OBJECT_CLASS (eo_stall_probe_parent_class)->dispose (object);
}

static void
eo_stall_probe_finalize (GObject *object)
{
  EoStallProbe *self = EO_STALL_PROBE (object);

  g_clear_pointer (&self->out, fclose);

  G_OBJECT_CLASS (eo_stall_probe_parent_class)->finalize (object);
}

static void
eo_stall_probe_class_init (EoStallProbeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_stall_probe_dispose;
  object_class->finalize = eo_stall_probe_finalize;
}

static void
eo_stall_probe_init (EoStallProbe *self)
{
}

/* Public API */

/* The one probe of the process, if any. */
static EoStallProbe *the_probe;

void
eo_stall_probe_note_confirmed (void)
{
  if (the_probe == NULL)
    return;
  the_probe->confirmed = TRUE;
  write_line (the_probe, "confirmed_at %" G_GINT64_FORMAT, now_ms ());
}

EoStallProbe *
eo_stall_probe_attach_from_env (GtkApplication *application)
{
  const char *path = g_getenv ("EO_DEBUG_STALLS");
  const char *frames;
  EoStallProbe *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  if (path == NULL || *path == '\0')
    return NULL;

  self = g_object_new (EO_TYPE_STALL_PROBE, NULL);
  the_probe = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &the_probe);
  self->out = fopen (path, "we");
  if (self->out == NULL)
    g_warning ("EO_DEBUG_STALLS: cannot write %s: %s", path, g_strerror (errno));
  write_line (self, "start_at %" G_GINT64_FORMAT, now_ms ());

  frames = g_getenv ("EO_DEBUG_STALLS_FRAMES");
  if (g_strcmp0 (frames, "0") == 0)
    self->frame_mode = FRAMES_OFF;
  else if (g_strcmp0 (frames, "tick") == 0)
    self->frame_mode = FRAMES_TICK;
  else
    self->frame_mode = FRAMES_PASSIVE;
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  g_signal_connect_object (application, "window-added", G_CALLBACK (window_added_cb), self, 0);
  g_signal_connect_object (application, "shutdown", G_CALLBACK (shutdown_cb), self, 0);
  self->sigterm_id = g_unix_signal_add (SIGTERM, quit_signal_cb, self);
  self->sigint_id = g_unix_signal_add (SIGINT, quit_signal_cb, self);

  if (g_strcmp0 (g_getenv ("EO_DEBUG_STALLS_STACKS"), "1") == 0)
    {
      g_autofree char *stacks = g_strconcat (path, ".stacks", NULL);

      eo_stall_sampler_start (stacks);
    }

  self->last_tick_us = g_get_monotonic_time ();
  self->last_tick_cpu_us = eo_thread_cpu_us ();
  self->timer = g_timeout_source_new (PROBE_INTERVAL_MS);
  g_source_set_priority (self->timer, G_PRIORITY_HIGH);
  g_source_set_callback (self->timer, tick_cb, self, NULL);
  g_source_set_static_name (self->timer, "[eo-stall-probe]");
  g_source_attach (self->timer, NULL);

  g_object_set_data_full (G_OBJECT (application), "eo-stall-probe", self, g_object_unref);
  return self;
}

void
eo_stall_probe_write_summary (EoStallProbe *self)
{
  g_return_if_fail (EO_IS_STALL_PROBE (self));

  if (self->summary_written)
    return;
  self->summary_written = TRUE;

  write_line (self, "max_stall_ms %" G_GINT64_FORMAT, MAX (self->max_timer_us, self->max_frame_us) / 1000);
  write_line (self, "n_stalls_over_50 %u", self->n_stalls);
  write_line (self, "max_timer_stall_ms %" G_GINT64_FORMAT, self->max_timer_us / 1000);
  write_line (self, "max_frame_gap_ms %" G_GINT64_FORMAT, self->max_frame_us / 1000);
  write_line (self, "n_frame_gaps_over_50 %u", self->n_frame_gaps);
  write_line (self, "max_stall_during_jobs_ms %" G_GINT64_FORMAT, self->max_in_jobs_us / 1000);
  write_line (self, "peak_rss_kib %" G_GUINT64_FORMAT, read_vm_hwm_kib ());
  write_line (self, "end");
}
