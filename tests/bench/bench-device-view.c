/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-bench-device-view"

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <adwaita.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "eo-test-gui.h"
#include "device-view-scale.h"

/* The real window with a large device list (100,000 rows by default),
 * under Xvfb: frames per second and the longest frame gap while the
 * table scrolls (the vertical adjustment moved every frame, then Page
 * Down pressed through XTest with xdotool when it is installed), and
 * CPU time and longest frame gap of sorting and filtering.
 *
 *   xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- \
 *     build/tests/app/bench-device-view [-n ROWS] [--frames N]
 *
 * Set GDK_DEBUG=gl-disable for the Cairo renderer. */

static EoApplication *app;
static gint64 n_rows = 100000;
static int n_frames = 300;
static gboolean no_sort = FALSE;
static gboolean no_scroll = FALSE;
static int key_delay_ms = 16;
static gboolean only_keyboard = FALSE;

static void
subprocess_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
scroll_with_keyboard (EoWindow *window,
                      guint     presses)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *repeat = g_strdup_printf ("%u", presses);
  g_autofree char *delay = g_strdup_printf ("%d", key_delay_ms);
  GtkColumnView *column_view = eo_device_view_get_column_view (window->device_view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  EoScaleStats stats;
  double start_value;

  if (xdotool == NULL || !GDK_IS_X11_SURFACE (surface))
    {
      g_print ("keyboard scrolling: skipped (%s)\n",
               xdotool == NULL ? "xdotool is not installed" : "not an X11 display");
      return;
    }

  gtk_adjustment_set_value (adjustment, 0);
  gtk_widget_grab_focus (GTK_WIDGET (column_view));
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);
  start_value = gtk_adjustment_get_value (adjustment);

  /* The window found by this process's ID (_NET_WM_PID: GTK 4.18
   * deprecates asking GDK for the X11 window), the pointer over it (no
   * window manager: the keyboard follows the pointer), then Page Down
   * through XTest every --key-delay ms (16: ~60 a second, a key a frame
   * at 60 frames a second, so that the table's frame rate is what is
   * measured, not the key rate; 33 is a held key's repeat, which capped
   * this figure at 30). A press the window is still busy with waits: the
   * next frame handles every press since the last (each binds a page of
   * rows), so a window slower than the keys falls further behind. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, xdotool,
                              "search", "--sync", "--onlyvisible", "--pid", pid, ".",
                              "mousemove", "--window", "%1", "600", "400",
                              "windowfocus", "--sync", "%1",
                              "key", "--delay", delay, "--repeat", repeat, "Page_Down", NULL);
  if (process == NULL)
    {
      g_print ("keyboard scrolling: skipped (%s)\n", error->message);
      return;
    }

  {
    EoScaleWatch *watch = eo_scale_watch_start (window->device_view, &stats);
    gboolean done = FALSE;

    g_subprocess_wait_async (process, NULL, subprocess_done_cb, &done);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
    eo_scale_watch_stop (watch);
  }
  {
    g_autofree char *what = g_strdup_printf ("keyboard, %u × Page Down", presses);
    double keys_per_s = stats.seconds > 0 ? presses / stats.seconds : 0;

    eo_scale_print (what, &stats);
    g_print ("  (%.0f keys a second, %d ms apart; moved %.0f px: %s)\n", keys_per_s, key_delay_ms,
             gtk_adjustment_get_value (adjustment) - start_value,
             gtk_adjustment_get_value (adjustment) > start_value ? "the keys arrived" : "THE KEYS DID NOT ARRIVE");
  }
#else
  g_print ("keyboard scrolling: skipped (no X11 backend)\n");
#endif
}

static void
bench (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  EoWindow *window;
  EoScaleStats stats;

  tmpdir = g_dir_make_tmp ("eo-bench-view-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "devices.csv", NULL);
  eo_scale_write_devices (path, (guint) n_rows);
  file = g_file_new_for_path (path);

  app = eo_test_application_new ();
  window = eo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);

  {
    gint64 start = g_get_monotonic_time ();

    eo_window_open_file (window, file);
    EO_TEST_WAIT_FOR (!eo_window_is_loading (window), "the load", 120);
    eo_test_wait_for_frames (GTK_WIDGET (window), 5);
    g_print ("rows: %" G_GINT64_FORMAT ", renderer: %s, loaded and shown in %.2f s\n", n_rows,
             G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
             (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  }

  if (!no_scroll)
    {
      if (!only_keyboard)
        {
          eo_scale_scroll (window->device_view, (guint) n_frames, 1.0, &stats);
          eo_scale_print ("scroll, 1 page a frame", &stats);
          eo_scale_scroll (window->device_view, (guint) n_frames, 0.25, &stats);
          eo_scale_print ("scroll, 1/4 page a frame", &stats);
        }
      scroll_with_keyboard (window, (guint) n_frames / 2);
    }

  if (!no_sort)
    {
      eo_scale_sort (window->device_view, "Name", FALSE, &stats);
      eo_scale_print ("sort by Name", &stats);
      eo_scale_sort (window->device_view, "Name", TRUE, &stats);
      eo_scale_print ("sort by Name, descending", &stats);
      if (!no_scroll)
        {
          eo_scale_scroll (window->device_view, (guint) n_frames, 1.0, &stats);
          eo_scale_print ("scroll sorted, 1 page a frame", &stats);
        }
      eo_scale_sort (window->device_view, "Check", FALSE, &stats);
      eo_scale_print ("sort by Check (status)", &stats);
      eo_device_view_set_show_upload_status (window->device_view, TRUE);
      eo_scale_sort (window->device_view, "Status", FALSE, &stats);
      eo_scale_print ("sort by Status (upload)", &stats);
      eo_device_view_set_show_upload_status (window->device_view, FALSE);
      eo_scale_sort (window->device_view, "EID", FALSE, &stats);
      eo_scale_print ("sort by EID", &stats);
      eo_scale_sort (window->device_view, "ICCID", FALSE, &stats);
      eo_scale_print ("sort by ICCID", &stats);
      eo_scale_sort (window->device_view, "Problem", FALSE, &stats);
      eo_scale_print ("sort by Problem", &stats);
      eo_scale_sort (window->device_view, "Name", FALSE, &stats);
      eo_scale_print ("sort by Name again", &stats);
      eo_scale_filter (window->device_view, TRUE, &stats);
      eo_scale_print ("only problems (sorted)", &stats);
      eo_scale_filter (window->device_view, FALSE, &stats);
      eo_scale_print ("all rows again (sorted)", &stats);
      eo_scale_sort (window->device_view, "Line", FALSE, &stats);
      eo_scale_print ("sort by Line", &stats);
    }

  eo_device_view_scroll_to_top (window->device_view);
  eo_test_save_screenshot (GTK_WIDGET (window), "device-view-scale.png");

  eo_test_destroy_window (window);
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &n_rows, "Number of rows (default 100000)", "N" },
    { "frames", 'f', 0, G_OPTION_ARG_INT, &n_frames, "Frames of each scrolling run (default 300)", "N" },
    { "no-sort", 0, 0, G_OPTION_ARG_NONE, &no_sort, "Only scroll", NULL },
    { "no-scroll", 0, 0, G_OPTION_ARG_NONE, &no_scroll, "Only sort and filter (e.g. to profile them)", NULL },
    { "only-keyboard", 0, 0, G_OPTION_ARG_NONE, &only_keyboard, "Of the scrolling runs only the keyboard's (e.g. to profile it)", NULL },
    { "key-delay", 0, 0, G_OPTION_ARG_INT, &key_delay_ms, "Milliseconds between two Page Down presses (default 16)", "MS" },
    { NULL }
  };

  /* A test program with one case, for the isolated folders. */
  eo_test_gui_init (&argc, &argv);
  context = g_option_context_new ("- frames of the device table at scale");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  g_test_add_func ("/bench/device-view", bench);
  return g_test_run ();
}
