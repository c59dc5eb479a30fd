/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-stall-sampler"

#include "config.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "eo-stall-sampler.h"

#define MAX_FRAMES     64
#define MAX_SAMPLES    24
#define FIRST_SAMPLE_US (30 * G_TIME_SPAN_MILLISECOND)
#define SAMPLE_EVERY_US (10 * G_TIME_SPAN_MILLISECOND)
#define REPORT_OVER_US  (50 * G_TIME_SPAN_MILLISECOND)
#define MEMORY_EVERY_US (100 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  gint64  after_us;   /* since the gap began */
  int     n_frames;
  void   *frames[MAX_FRAMES];
} Sample;

static pthread_t main_thread;
static int out_fd = -1;
static gint64 last_tick_us;   /* __atomic */

/* Filled by the signal handler on the main thread. */
static void *handler_frames[MAX_FRAMES];
static volatile int handler_n_frames;
static int handler_done;      /* __atomic */

static Sample samples[MAX_SAMPLES];

static void
sigprof_handler (int signum)
{
  int saved = errno;

  handler_n_frames = backtrace (handler_frames, MAX_FRAMES);
  __atomic_store_n (&handler_done, 1, __ATOMIC_RELEASE);
  errno = saved;
}

/* Asks the main thread for its stack; FALSE if it did not answer within
 * 100 ms. */
static gboolean
take_sample (Sample *sample)
{
  gint64 until = g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND;

  __atomic_store_n (&handler_done, 0, __ATOMIC_RELEASE);
  if (pthread_kill (main_thread, SIGPROF) != 0)
    return FALSE;
  while (!__atomic_load_n (&handler_done, __ATOMIC_ACQUIRE))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      g_usleep (200);
    }
  sample->n_frames = handler_n_frames;
  memcpy (sample->frames, handler_frames, sizeof (void *) * (gsize) sample->n_frames);
  return TRUE;
}

static void
write_gap (gint64 began_us,
           gint64 length_us,
           guint  n_samples)
{
  char line[128];

  g_snprintf (line, sizeof line, "gap %" G_GINT64_FORMAT " at %" G_GINT64_FORMAT " samples %u\n",
              length_us / 1000, began_us / 1000, n_samples);
  if (write (out_fd, line, strlen (line)) < 0)
    return;
  for (guint i = 0; i < n_samples; i++)
    {
      g_snprintf (line, sizeof line, "sample +%" G_GINT64_FORMAT "\n", samples[i].after_us / 1000);
      if (write (out_fd, line, strlen (line)) < 0)
        return;
      backtrace_symbols_fd (samples[i].frames, samples[i].n_frames, out_fd);
    }
}

/* "mem T rss R anon A heap_used U heap_free F mmapped M" (KiB): the
 * process's resident memory beside what malloc holds, in use and free. */
static void
write_memory (gint64 now_us)
{
  g_autofree char *status = NULL;
  const char *rss, *anon;
  struct mallinfo2 info = mallinfo2 ();
  char line[256];

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  rss = strstr (status, "VmRSS:");
  anon = strstr (status, "RssAnon:");
  g_snprintf (line, sizeof line,
              "mem %" G_GINT64_FORMAT " rss %" G_GUINT64_FORMAT " anon %" G_GUINT64_FORMAT
              " heap_used %zu heap_free %zu mmapped %zu\n",
              now_us / 1000,
              rss != NULL ? g_ascii_strtoull (rss + 6, NULL, 10) : 0,
              anon != NULL ? g_ascii_strtoull (anon + 8, NULL, 10) : 0,
              info.uordblks / 1024, info.fordblks / 1024, info.hblkhd / 1024);
  if (write (out_fd, line, strlen (line)) < 0)
    return;
}

static gpointer
watch_thread (gpointer data)
{
  gint64 next_memory = 0;

  gint64 gap_began = 0;
  guint n_samples = 0;
  gint64 next_sample = 0;

  for (;;)
    {
      gint64 tick = __atomic_load_n (&last_tick_us, __ATOMIC_ACQUIRE);
      gint64 now = g_get_monotonic_time ();

      if (now >= next_memory && gap_began == 0)
        {
          write_memory (now);
          next_memory = now + MEMORY_EVERY_US;
        }
      if (gap_began != 0 && tick != gap_began)
        {
          /* The gap ended: the main thread ran again at about @tick. */
          if (tick - gap_began > REPORT_OVER_US)
            write_gap (gap_began, tick - gap_began, n_samples);
          gap_began = 0;
          n_samples = 0;
        }
      if (now - tick >= FIRST_SAMPLE_US)
        {
          if (gap_began == 0)
            {
              gap_began = tick;
              next_sample = now;
            }
          if (now >= next_sample && n_samples < MAX_SAMPLES)
            {
              samples[n_samples].after_us = now - gap_began;
              if (take_sample (&samples[n_samples]))
                n_samples++;
              next_sample = now + SAMPLE_EVERY_US;
            }
        }
      g_usleep (2 * G_TIME_SPAN_MILLISECOND);
    }

  return NULL;
}

void
eo_stall_sampler_start (const char *path)
{
  struct sigaction action = { 0 };
  void *warm[4];

  g_return_if_fail (path != NULL);
  g_return_if_fail (out_fd < 0);

  out_fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out_fd < 0)
    {
      g_warning ("EO_DEBUG_STALLS_STACKS: cannot write %s: %s", path, g_strerror (errno));
      return;
    }

  /* backtrace() loads the unwinder on its first call: not in a handler. */
  backtrace (warm, G_N_ELEMENTS (warm));

  main_thread = pthread_self ();
  action.sa_handler = sigprof_handler;
  action.sa_flags = SA_RESTART;
  sigemptyset (&action.sa_mask);
  sigaction (SIGPROF, &action, NULL);

  __atomic_store_n (&last_tick_us, g_get_monotonic_time (), __ATOMIC_RELEASE);
  g_thread_unref (g_thread_new ("eo-stall-sampler", watch_thread, NULL));
}

void
eo_stall_sampler_note_tick (gint64 now_us)
{
  if (out_fd >= 0)
    __atomic_store_n (&last_tick_us, now_us, __ATOMIC_RELEASE);
}
