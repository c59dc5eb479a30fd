/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-bench-jamf-window"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <locale.h>

#include "eo-application.h"
#include "eo-dialogs.h"
#include "eo-jamf-secret.h"
#include "eo-phone-states.h"
#include "eo-push-manager.h"
#include "eo-push-session.h"
#include "eo-secret-store.h"
#include "eo-util.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"
#include "eo-test-jamf.h"

/* The Jamf loop through the real window at fleet size (issue 14): N
 * phones read by Import from Jamf Pro's picker and imported into the
 * table, assigned at the CSO simulator, then Push to Phones and every
 * phone followed until acknowledged. For each step: its wall time and the
 * main loop's worst gap, measured on the window's frame clock kept
 * ticking (the gap between two "update" phases, with the main thread's
 * CPU time in it: on a shared machine a wall gap includes waiting for a
 * core), and the most main-thread CPU in any one gap ("most CPU": what
 * the app itself did between two frames, whatever the load). Not a
 * test; run in a headless session:
 *
 *   build-aux/headless.sh build/tests/bench/bench-jamf-window [--sizes 1000,10000,100000]
 */

#define STEP_SECONDS 1800

typedef struct
{
  GdkFrameClock *clock;
  gint64         last_us;
  gint64         last_cpu_us;
  gint64         max_gap_us;
  gint64         max_gap_cpu_us;
  gint64         max_gap_at_us;   /* when it began */
  gint64         max_cpu_us;      /* the most CPU in any gap */
  gint64         began_us;
  guint          n_over_50;
} Frames;

static void
frame_update_cb (GdkFrameClock *clock,
                 Frames        *frames)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = eo_thread_cpu_us ();

  if (frames->last_us != 0 && now - frames->last_us > frames->max_gap_us)
    {
      frames->max_gap_us = now - frames->last_us;
      frames->max_gap_cpu_us = cpu - frames->last_cpu_us;
      frames->max_gap_at_us = frames->last_us - frames->began_us;
    }
  if (frames->last_us != 0)
    frames->max_cpu_us = MAX (frames->max_cpu_us, cpu - frames->last_cpu_us);
  if (frames->last_us != 0 && now - frames->last_us > 50 * G_TIME_SPAN_MILLISECOND)
    {
      frames->n_over_50++;
      g_printerr ("#   gap %" G_GINT64_FORMAT " ms (%" G_GINT64_FORMAT " ms CPU) from %.3f s\n",
                  (now - frames->last_us) / 1000, (cpu - frames->last_cpu_us) / 1000, frames->last_us / 1e6);
    }
  frames->last_us = now;
  frames->last_cpu_us = cpu;
}

/* A step begins: the worst gap so far forgotten. */
static gint64
step_begin (Frames     *frames,
            const char *name)
{
  g_printerr ("# %s\n", name);
  frames->max_gap_us = frames->max_gap_cpu_us = frames->max_cpu_us = 0;
  frames->n_over_50 = 0;
  frames->last_us = 0;
  frames->began_us = g_get_monotonic_time ();
  return frames->began_us;
}

static void
step_end (Frames     *frames,
          const char *name,
          gint64      began,
          GString    *table)
{
  /* For a profile (perf record -k CLOCK_MONOTONIC): when it was. */
  g_printerr ("# %s: worst gap from %.3f s to %.3f s (monotonic)\n", name,
              (frames->began_us + frames->max_gap_at_us) / 1e6,
              (frames->began_us + frames->max_gap_at_us + frames->max_gap_us) / 1e6);
  g_string_append_printf (table, "| %-40s | %7.2f | %12" G_GINT64_FORMAT " | %10" G_GINT64_FORMAT " | %7.2f | %12u | %11" G_GINT64_FORMAT " |\n",
                          name, (g_get_monotonic_time () - began) / 1e6, frames->max_gap_us / 1000,
                          frames->max_gap_cpu_us / 1000, frames->max_gap_at_us / 1e6, frames->n_over_50,
                          frames->max_cpu_us / 1000);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The app's account: the bench's CSO account and the demo Jamf client,
 * their secrets in the (session's) keyring. */
static void
configure (EoApplication *app,
           EoTestSims    *sims)
{
  GSettings *settings = eo_application_get_settings (app);
  g_autoptr(EoSecretStore) store = eo_secret_store_new ();
  g_autoptr(GAsyncResult) key = NULL, secret = NULL;

  g_settings_set_string (settings, "server-url", sims->cso->url);
  g_settings_set_string (settings, "customer-id", "bench");
  g_settings_set_string (settings, "jamf-url", sims->jamf->url);
  g_settings_set_string (settings, "jamf-client-id", EO_TEST_JAMF_CLIENT_ID);
  eo_secret_store_store_async (store, sims->cso->url, "bench", "bench-key", NULL, stored_cb, &key);
  eo_jamf_secret_store_async (sims->jamf->url, EO_TEST_JAMF_CLIENT_ID, EO_TEST_JAMF_SECRET, NULL,
                              stored_cb, &secret);
  EO_TEST_WAIT_FOR (key != NULL && secret != NULL, "the keyring", 60);
  g_assert_true (eo_secret_store_store_finish (store, key, NULL));
  g_assert_true (eo_jamf_secret_store_finish (secret, NULL));
}

static EoTestSim *
start_cso (const char *dir,
           guint       n)
{
  g_autofree char *accounts = g_build_filename (dir, "accounts.json", NULL);
  g_autofree char *shared = g_build_filename (dir, "assigned.txt", NULL);
  g_autofree char *text = g_strdup_printf ("{\"accounts\":[{\"customer_id\":\"bench\",\"api_key\":\"bench-key\","
                                           "\"pool_size\":%u}]}", n + 100);
  const char *args[] = { "--accounts", accounts, "--row-delay-us", "200", "--assignments", shared, NULL };

  g_assert_true (g_file_set_contents (accounts, text, -1, NULL));
  g_assert_cmpint (g_chmod (accounts, 0600), ==, 0);
  return eo_test_sim_start_program ("EO_SIMULATOR", args);
}

static guint
count (EoApplication  *app,
       EoUploadRecord *record,
       EoPhoneState    state)
{
  EoPushSession *session = eo_push_manager_lookup (eo_application_get_push_manager (app), record);

  return session != NULL ? eo_phone_states_count (eo_push_session_get_states (session), state) : 0;
}

static void
run_size (gconstpointer data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GString) table = g_string_new (NULL);
  g_autofree char *generated = g_strdup_printf ("%u", n * 10 / 9);
  g_autofree char *shared = NULL;
  const char *jamf_args[] = { "--generate", generated, "--token-seconds", "60", "--ack-ms", "2000",
                              "--inventory-ms", "2000", "--assignments", NULL, NULL };
  EoTestSims sims = { 0 };
  g_autoptr(GError) error = NULL;
  EoApplication *app;
  EoUploadRecord *record;
  GtkWidget *button;
  EoWindow *window;
  Frames frames = { 0 };
  guint n_phones, n_ok;
  gulong handler;
  gint64 began;

  sims.dir = g_dir_make_tmp ("eo-bench-jamf-XXXXXX", &error);
  g_assert_no_error (error);
  shared = g_build_filename (sims.dir, "assigned.txt", NULL);
  jamf_args[9] = shared;
  sims.cso = start_cso (sims.dir, n);
  sims.jamf = eo_test_jamf_sim_start (jamf_args);

  app = eo_test_application_new_unique ();
  g_printerr ("# the keyring\n");
  configure (app, &sims);
  window = eo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  gtk_window_present (GTK_WINDOW (window));
  EO_TEST_WAIT_FOR (eo_job_manager_get_loaded (eo_application_get_job_manager (app)), "the history", 60);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  frames.clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (frames.clock, "update", G_CALLBACK (frame_update_cb), &frames);
  gdk_frame_clock_begin_updating (frames.clock);

  g_string_append_printf (table, "\n%u phones with an EID (%s in Jamf Pro)\n\n", n, generated);
  g_string_append (table, "| step                                     |  wall s | worst gap ms | its CPU ms |  at s | gaps > 50 ms | most CPU ms |\n"
                          "| ---------------------------------------- | ------: | -----------: | ---------: | ----: | -----------: | ----------: |\n");

  began = step_begin (&frames, "read");
  eo_test_jamf_picker_read (window, n * 10 / 9, STEP_SECONDS);
  step_end (&frames, "Import from Jamf Pro: every phone read", began, table);
  began = step_begin (&frames, "select");
  n_phones = eo_test_jamf_picker_select_all (window, STEP_SECONDS);
  step_end (&frames, "Select All", began, table);
  g_assert_cmpuint (n_phones, ==, n);
  began = step_begin (&frames, "import");
  eo_test_jamf_picker_import (window, STEP_SECONDS);
  step_end (&frames, "Import: the list checked, in the table", began, table);

  began = step_begin (&frames, "assign");
  record = eo_test_assign_and_wait (window, STEP_SECONDS);
  step_end (&frames, "Assign (confirm, upload, followed)", began, table);

  began = step_begin (&frames, "push");
  /* As a person would: once Push to Phones is enabled. */
  EO_TEST_WAIT_FOR ((button = eo_test_find_action_button (GTK_WIDGET (window), "win.push-to-phones")) != NULL &&
                    gtk_widget_get_sensitive (button), "Push to Phones enabled", STEP_SECONDS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.push-to-phones", NULL));
  EO_TEST_WAIT_FOR (window->push_dialog != NULL, "the push's confirmation", STEP_SECONDS);
  eo_test_alert_respond (window->push_dialog, "push");
  EO_TEST_WAIT_FOR ((n_ok = count (app, record, EO_PHONE_STATE_ACKNOWLEDGED) +
                            count (app, record, EO_PHONE_STATE_INSTALLED)) == n,
                    "every phone acknowledged", STEP_SECONDS);
  step_end (&frames, "Push to Phones, every phone acknowledged", began, table);

  g_string_append_printf (table, "\nJamf simulator: push_requests %" G_GINT64_FORMAT ", commands_created %"
                          G_GINT64_FORMAT ", device_requests %" G_GINT64_FORMAT ", command_requests %"
                          G_GINT64_FORMAT "\n",
                          eo_test_sim_stat (sims.jamf, "push_requests"),
                          eo_test_sim_stat (sims.jamf, "commands_created"),
                          eo_test_sim_stat (sims.jamf, "device_requests"),
                          eo_test_sim_stat (sims.jamf, "command_requests"));

  gdk_frame_clock_end_updating (frames.clock);
  g_signal_handler_disconnect (frames.clock, handler);
  eo_test_application_free (app);
  eo_test_sims_stop (&sims);
  g_print ("%s", table->str);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *sizes_text = NULL;
  g_auto(GStrv) sizes = NULL;
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "Phones with an EID, comma-separated (1000,10000,100000)", "N,…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- the Jamf loop through the window");
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  /* What meson test gives the tests (the keyring: headless.sh's). */
  g_setenv ("EO_SIMULATOR", EO_BENCH_SIMULATORS "/cso-simulator", FALSE);
  g_setenv ("EO_JAMF_SIMULATOR", EO_BENCH_SIMULATORS "/jamf-simulator", FALSE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", EO_BENCH_SCHEMAS, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* Under Xvfb the GL renderer is llvmpipe, whose first use of each shader
   * compiles it on the main thread (0.1-0.3 s each, once per install):
   * cairo unless told otherwise (GSK_RENDERER=gl to compare). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  /* The test helpers' set-up: GTK, libadwaita, warnings fatal, and each
   * size in folders of its own (a GTest case each). */
  eo_test_gui_init (&argc, &argv);
  /* The app's notification ("every phone answered") goes somewhere. */
  g_ptr_array_unref (eo_test_notifications_start ());
  sizes = g_strsplit (sizes_text != NULL ? sizes_text : "1000,10000,100000", ",", -1);
  for (guint i = 0; sizes[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/bench/jamf-window/%s", sizes[i]);

      g_test_add_data_func (path, GUINT_TO_POINTER ((guint) g_ascii_strtoull (sizes[i], NULL, 10)), run_size);
    }
  return g_test_run ();
}
