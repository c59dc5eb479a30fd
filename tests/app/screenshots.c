/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-screenshots"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "eo-application.h"
#include "eo-assign-dialog.h"
#include "eo-device.h"
#include "eo-dialogs.h"
#include "eo-jamf-picker.h"
#include "eo-phone-states.h"
#include "eo-push-manager.h"
#include "eo-push-session.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"

/* Takes the screenshots of the AppStream metainfo: the real window,
 * driven through the same calls as the GUI tests, against the simulator.
 * Not a test: build-aux/take-screenshots.sh runs it under Xvfb.
 *
 *   screenshots SIMULATOR_URL DEVICE_LIST OUTPUT_DIR
 *   screenshots --jamf SIMULATOR_URL JAMF_SIMULATOR_URL OUTPUT_DIR
 *
 * The second, in a session of its own (its history empty, a CSO
 * simulator that assigned nothing yet): the Jamf Pro loop with the demo
 * phones, the picker and the On the Phone column once pushed.
 *
 * The simulator's demo account does the uploads; the window is shown as
 * with a real account (no demo bar), since that is what users see. */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 60)

/* Lets timeouts (toasts, transitions) run for @ms. */
static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (5000), TRUE);
}

static void
save (GtkWidget  *widget,
      const char *dir,
      const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GdkTexture) texture = NULL;

  wait_ms (400);
  texture = eo_test_render (widget);
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Could not write %s", path);
  g_print ("%s (%d×%d)\n", path, gdk_texture_get_width (texture), gdk_texture_get_height (texture));
}

static guint
n_answered (EoApplication  *app,
            EoUploadRecord *record)
{
  EoPushSession *session = eo_push_manager_lookup (eo_application_get_push_manager (app), record);
  EoPhoneStates *states = session != NULL ? eo_push_session_get_states (session) : NULL;

  return states == NULL ? 0 : eo_phone_states_count (states, EO_PHONE_STATE_ACKNOWLEDGED) +
                              eo_phone_states_count (states, EO_PHONE_STATE_INSTALLED);
}

/* Import from Jamf Pro, assign, Push to Phones (the demo's Jamf Pro). */
static int
jamf_screenshots (const char *url,
                  const char *jamf_url,
                  const char *dir)
{
  g_autoptr(EoApplication) app = eo_test_application_new ();
  EoUploadRecord *record;
  GtkWidget *button;
  EoWindow *window;
  guint n;

  eo_application_set_demo_jamf (app, jamf_url);
  eo_push_manager_set_intervals (eo_application_get_push_manager (app), 200, 500, 1000);
  window = eo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1290, 810);
  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* 1. The picker, every phone read, those with an EID chosen. */
  n = eo_test_choose_all_in_jamf (window, 0, 60);
  save (GTK_WIDGET (window), dir, "jamf-picker.png");
  eo_test_jamf_picker_import (window, 60);

  /* 2. Assigned, then pushed: every phone acknowledged or installed. */
  eo_application_set_demo_server (app, url);
  record = eo_test_assign_and_wait (window, 60);
  WAIT_FOR ((button = eo_test_find_action_button (GTK_WIDGET (window), "win.push-to-phones")) != NULL &&
            gtk_widget_get_sensitive (button), "Push to Phones enabled");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.push-to-phones", NULL);
  WAIT_FOR (window->push_dialog != NULL, "the push's confirmation");
  save (GTK_WIDGET (eo_dialog_get_window (window->push_dialog)), dir, "jamf-push-confirmation.png");
  eo_test_alert_respond (window->push_dialog, "push");
  WAIT_FOR (n_answered (app, record) == n, "every phone's answer");
  /* Past the toast and the notification. */
  wait_ms (5000);
  save (GTK_WIDGET (window), dir, "on-the-phone.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EoApplication) app = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(EoDevice) device = NULL;
  EoUploadRecord *record;
  EoWindow *window;
  GtkWindow *details;
  const char *url, *dir;

  if (argc == 5 && g_str_equal (argv[1], "--jamf"))
    {
      g_mkdir_with_parents (argv[4], 0755);
      setlocale (LC_ALL, "");
      gtk_init ();
      adw_init ();
      return jamf_screenshots (argv[2], argv[3], argv[4]);
    }
  if (argc != 4)
    {
      g_printerr ("Usage: %s SIMULATOR_URL DEVICE_LIST OUTPUT_DIR\n"
                  "       %s --jamf SIMULATOR_URL JAMF_SIMULATOR_URL OUTPUT_DIR\n", argv[0], argv[0]);
      return 2;
    }
  url = argv[1];
  file = g_file_new_for_commandline_arg (argv[2]);
  dir = argv[3];
  g_mkdir_with_parents (dir, 0755);

  setlocale (LC_ALL, "");
  gtk_init ();
  adw_init ();

  app = eo_test_application_new ();

  window = eo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1290, 810);
  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* 1. The list, checked. */
  eo_window_open_file (window, file);
  WAIT_FOR (!eo_window_is_loading (window), "the load");
  save (GTK_WIDGET (window), dir, "device-list.png");

  /* 2. Assigned (the simulator's demo account, set only now: the window
   * looks as with a real account). */
  eo_application_set_demo_server (app, url);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL);
  WAIT_FOR (window->dialog != NULL, "the confirmation");
  EO_TEST_WAIT_FOR (eo_dialog_get_window (window->dialog) != NULL, "the confirmation on screen", 20);
  save (GTK_WIDGET (eo_dialog_get_window (window->dialog)), dir, "confirmation.png");
  eo_test_alert_respond (window->dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  WAIT_FOR (window->job != NULL && !eo_upload_job_get_running (window->job), "the upload");
  record = eo_upload_job_get_record (window->job);
  /* Past the toast. */
  wait_ms (5000);
  save (GTK_WIDGET (window), dir, "assigned.png");

  /* 3. A device's details and its QR code. */
  device = g_list_model_get_item (eo_upload_record_get_devices (record), 1);
  details = _eo_window_show_device_details (window, record, device);
  gtk_window_set_default_size (details, 560, 900);
  eo_test_wait_for_frames (GTK_WIDGET (details), 2);
  save (GTK_WIDGET (details), dir, "device-details.png");
  gtk_window_destroy (details);

  /* 4. The history, with the upload opened (the panel closed, as with
   * its close button). */
  gtk_widget_set_visible (GTK_WIDGET (window->upload_panel), FALSE);
  _eo_window_show_history (window, TRUE);
  WAIT_FOR (eo_job_manager_get_loaded (window->job_manager), "the history");
  save (GTK_WIDGET (window), dir, "history.png");
  eo_history_view_open_record (window->history_view, record);
  save (GTK_WIDGET (window), dir, "history-upload.png");

  /* 5. Narrow and dark. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  _eo_window_show_history (window, FALSE);
  save (GTK_WIDGET (window), dir, "dark.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 760);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), _eo_window_get_narrow (window)), "the narrow layout");
  gtk_window_set_default_size (GTK_WINDOW (window), 370, 760);
  save (GTK_WIDGET (window), dir, "narrow-dark.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (app));

  return 0;
}
