/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window"

#include "config.h"

#include <string.h>

#include "eo-window-private.h"

/* EO_DEBUG_TIMING: how long a load took, and the memory it left, on
 * standard error (for the benchmarks). */

gboolean
_eo_window_debug_timing (void)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_getenv ("EO_DEBUG_TIMING") != NULL;

  return enabled;
}

/* Peak and current resident memory, from /proc/self/status, in KiB. */
static void
read_memory (guint64 *rss_kib,
             guint64 *hwm_kib)
{
  g_autofree char *status = NULL;

  *rss_kib = *hwm_kib = 0;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;

  for (char *line = status; line != NULL && *line != '\0'; )
    {
      char *next = strchr (line, '\n');

      if (g_str_has_prefix (line, "VmRSS:"))
        *rss_kib = g_ascii_strtoull (line + 6, NULL, 10);
      else if (g_str_has_prefix (line, "VmHWM:"))
        *hwm_kib = g_ascii_strtoull (line + 6, NULL, 10);
      line = next ? next + 1 : NULL;
    }
}

static void
print_timing_after_paint_cb (GdkFrameClock *frame_clock,
                             EoWindow      *self)
{
  guint64 rss, hwm;

  g_signal_handlers_disconnect_by_func (frame_clock, print_timing_after_paint_cb, self);

  read_memory (&rss, &hwm);
  g_printerr ("eo-timing: %u rows on screen %.0f ms after the open request "
              "(wall clock %.3f s); VmRSS %" G_GUINT64_FORMAT " KiB, VmHWM %" G_GUINT64_FORMAT " KiB\n",
              self->list ? eo_device_list_get_n_rows (self->list) : 0,
              (g_get_monotonic_time () - self->load_started_us) / 1000.0,
              g_get_real_time () / 1e6,
              rss, hwm);
}

void
_eo_window_print_load_timing (EoWindow *self,
                              guint     n_rows,
                              gint64    parsed_us,
                              gint64    built_us,
                              gint64    splice_us)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_printerr ("eo-timing: %u rows: parse and check %.0f ms, items %.0f ms, splice %.0f ms\n",
              n_rows, parsed_us / 1000.0, built_us / 1000.0, splice_us / 1000.0);
  if (frame_clock != NULL)
    g_signal_connect_object (frame_clock, "after-paint",
                             G_CALLBACK (print_timing_after_paint_cb), self, 0);
}
