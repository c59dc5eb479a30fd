/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-failures"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-assign-dialog.h"
#include "eo-device.h"
#include "eo-device-view-private.h"
#include "failures-upload.h"

EoApplication *app;
EoTestSim *sim;
char *dir;

Upload upload;

GFile *
write_file (const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

EoWindow *
new_window_with (GFile *file,
                 int    width)
{
  EoWindow *window = eo_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 720);
  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  eo_window_open_file (window, file);
  WAIT_FOR (!eo_window_is_loading (window), "the load");
  return window;
}

/* Assign, confirm (devices assigned before included: the server is to
 * refuse them itself), and wait for the end of the upload. */
EoUploadRecord *
assign_and_wait (EoWindow *window)
{
  EoUploadJob *job;
  GtkWidget *include;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  WAIT_FOR (window->dialog != NULL && eo_is_assign_dialog (window->dialog), "the confirmation");
  include = eo_assign_dialog_get_include_switch (window->dialog);
  if (include != NULL)
    gtk_switch_set_active (GTK_SWITCH (include), TRUE);
  eo_test_alert_respond (window->dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  WAIT_FOR (window->job != NULL, "the upload's record");
  job = window->job;
  WAIT_FOR (!eo_upload_job_get_running (job), "the end of the upload");
  return eo_upload_job_get_record (job);
}

void
ensure_application (void)
{
  if (app != NULL)
    return;
  app = eo_test_application_new ();
  eo_application_set_demo_server (app, sim->url);
}

EoDevice *
table_device (EoWindow *window,
              guint     row)
{
  EoDevice *device = g_ptr_array_index (window->items, row);

  return device;
}

/* The upload with failures, made once and kept for the tests after it. */
void
ensure_upload (void)
{
  g_autoptr(GString) csv = g_string_new ("EID,Name,ICCID\n");
  g_autoptr(GString) first = g_string_new ("EID,Name\n");
  g_autoptr(GFile) first_file = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *spaced = NULL;
  EoWindow *window;

  if (upload.window != NULL)
    return;
  ensure_application ();

  for (guint i = 0; i < N_ROWS; i++)
    upload.eids[i] = eo_test_next_eid ();
  /* Not of the demo pool (prefix 8901990): refused by the server. */
  upload.iccids[ROW_NOT_IN_POOL] = eo_test_make_iccid (71);
  upload.iccids[ROW_TWO_WARNINGS] = eo_test_make_iccid (72);

  /* Two devices get their eSIM first: sent again, they fail. */
  g_string_append_printf (first, "%s,Earlier 1\n%s,Earlier 2\n",
                          upload.eids[ROW_ALREADY_1], upload.eids[ROW_ALREADY_2]);
  first_file = write_file ("earlier.csv", first->str);
  window = new_window_with (first_file, 1100);
  g_assert_cmpuint (eo_upload_record_get_n_devices (assign_and_wait (window)), ==, 2);
  eo_test_destroy_window (window);

  /* Two warnings of the checks in one row (spaces in the EID, an ICCID
   * with its pad F), then the server's failure too. */
  spaced = g_strdup_printf ("%.8s %.8s %.8s %.8s", upload.eids[ROW_TWO_WARNINGS],
                            upload.eids[ROW_TWO_WARNINGS] + 8, upload.eids[ROW_TWO_WARNINGS] + 16,
                            upload.eids[ROW_TWO_WARNINGS] + 24);
  g_string_append_printf (csv, "%s,Good 1,\n", upload.eids[ROW_GOOD_1]);
  g_string_append_printf (csv, "%s,Good 2,\n", upload.eids[ROW_GOOD_2]);
  g_string_append_printf (csv, "%s,Not In Pool,%s\n", upload.eids[ROW_NOT_IN_POOL],
                          upload.iccids[ROW_NOT_IN_POOL]);
  g_string_append_printf (csv, "%s,Two Warnings,%sF\n", spaced, upload.iccids[ROW_TWO_WARNINGS]);
  g_string_append_printf (csv, "%s,Already 1,\n", upload.eids[ROW_ALREADY_1]);
  g_string_append_printf (csv, "%s,Already 2,\n", upload.eids[ROW_ALREADY_2]);
  g_string_append (csv, "89049032123451234512345678901230,Broken,\n");
  file = write_file ("failures.csv", csv->str);

  upload.window = new_window_with (file, 1100);
  g_assert_cmpuint (upload.window->items->len, ==, N_ROWS);
  g_assert_cmpint (eo_device_get_severity (table_device (upload.window, ROW_TWO_WARNINGS)), ==,
                   EO_SEVERITY_WARNING);
  g_assert_cmpint (eo_device_get_severity (table_device (upload.window, ROW_BROKEN)), ==,
                   EO_SEVERITY_ERROR);
  upload.record = g_object_ref (assign_and_wait (upload.window));

  {
    guint n_succeeded, n_failed, n_pending;

    eo_upload_record_get_counts (upload.record, &n_succeeded, &n_failed, &n_pending);
    g_assert_cmpuint (n_succeeded, ==, 2);
    g_assert_cmpuint (n_failed, ==, 4);
    g_assert_cmpuint (n_pending, ==, 0);
  }
  eo_test_wait_for_frames (GTK_WIDGET (upload.window), 2);
}

/* The Problem column's cell of the row showing @device, or NULL. */
GtkWidget *
problem_label_of (EoWindow *window,
                  EoDevice *device)
{
  g_autofree char *full = eo_device_view_dup_problems (device);
  g_auto(GStrv) parts = g_strsplit (full, "\n", -1);
  g_autofree char *text = g_strjoinv (" · ", parts);

  return eo_test_find_text (GTK_WIDGET (window->device_view), text, EO_TEST_MATCH_EXACT);
}

/* A toplevel window of the type named @type_name, or NULL. */
GtkWindow *
find_toplevel (const char *type_name)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (G_OBJECT_TYPE_NAME (window), type_name) == 0)
        return window;
    }
  return NULL;
}

/* What Upload Report… (win.save-report, on the upload of the panel or of
 * the History page) writes once a file is chosen: the failed devices with their reasons and the row left out
 * with why. */
void
check_saved_report (EoWindow *window)
{
  g_autofree char *path = g_build_filename (dir, "report.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *html = NULL;
  const char *left_out;

  g_assert_true (_eo_window_current_record (window) == upload.record);
  g_assert_true (_eo_window_save_report (window, _eo_window_current_record (window), file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "Failed devices (4)"));
  {
    /* (HTML: the apostrophe escaped) */
    g_autofree char *reason = g_strdup_printf ("ICCID %s is not in this account&apos;s pool",
                                               upload.iccids[ROW_NOT_IN_POOL]);

    g_assert_nonnull (strstr (html, reason));
  }
  left_out = strstr (html, "Devices left out, not sent (1)");
  g_assert_nonnull (left_out);
  g_assert_nonnull (strstr (left_out, "<code>89049032123451234512345678901230</code></td><td>Broken</td>"));
  g_assert_nonnull (strstr (left_out, "Not sent because of its errors: "));
  g_unlink (path);
}

/* The finish panel's next step labelled @label: its button. */
GtkWidget *
next_step (EoWindow   *window,
           const char *label)
{
  GtkLabel *found = eo_test_find_label (GTK_WIDGET (window->upload_panel), label, EO_TEST_MATCH_EXACT);
  GtkWidget *button;

  g_assert_nonnull (found);
  button = gtk_widget_get_ancestor (GTK_WIDGET (found), GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  return button;
}

void
failures_upload_init (const char *dir_template)
{
  g_autoptr(GError) error = NULL;

  dir = g_dir_make_tmp (dir_template, &error);
  g_assert_no_error (error);
  sim = eo_test_sim_start_demo (NULL);
}

void
failures_upload_cleanup (void)
{
  if (upload.window != NULL)
    eo_test_destroy_window (upload.window);
  g_clear_object (&upload.record);
  for (guint i = 0; i < N_ROWS; i++)
    {
      g_free (upload.eids[i]);
      g_free (upload.iccids[i]);
    }
  if (app != NULL)
    g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  eo_test_sim_stop (sim);
  eo_test_remove_tree (dir);
  g_free (dir);
}
