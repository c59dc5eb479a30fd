/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "eo-history.h"
#include "eo-test-history.h"
#include "eo-upload-record-parts-private.h"

/* A saved record keeps no device's part of its file in memory: the next
 * save copies the unchanged devices from the file it wrote last. Every
 * file written that way must be the one a record made whole writes. */

#define N_DEVICES 400

/* Warnings expected so far (the failed reads of test_unreadable). */
static guint n_warnings;

static EoDevice *
get_device (EoUploadRecord *record,
            guint           i)
{
  /* transfer none: the record holds it */
  EoDevice *device = g_list_model_get_item (eo_upload_record_get_devices (record), i);

  g_object_unref (device);
  return device;
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_history_save_finish (EO_HISTORY (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* The file of @record in @dir: what @record writes now, and what a copy
 * read from it writes when made whole; the copy holds the same data. */
static void
assert_file_whole (EoHistory      *history,
                   EoUploadRecord *record)
{
  g_autofree char *path = eo_history_dup_path (history, record);
  g_autofree char *contents = NULL;
  g_autofree char *again = NULL;
  g_autofree char *whole = NULL;
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, again_length, whole_length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  copy = eo_upload_record_new_from_data (contents, length, &error);
  g_assert_no_error (error);
  eo_test_assert_records_equal (record, copy);

  whole = eo_upload_record_to_data (copy, &whole_length);
  g_assert_cmpuint (eo_upload_record_count_kept_parts (copy), ==, N_DEVICES);
  g_assert_cmpmem (whole, whole_length, contents, length);
  again = eo_upload_record_to_data (record, &again_length);
  g_assert_cmpmem (again, again_length, contents, length);
  /* Read from the file it wrote, not made again after a failed read. */
  g_assert_cmpuint (eo_test_get_n_warnings (), ==, n_warnings);
}

static void
test_from_file (void)
{
  g_autofree char *dir = eo_history_dup_default_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoUploadRecord) record = eo_test_make_record (N_DEVICES, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  gboolean saved = FALSE;

  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (eo_upload_record_count_kept_parts (record), ==, 0);
  assert_file_whole (history, record);

  /* The first, a middle and the last device change: saved, in place. */
  eo_device_set_remote (get_device (record, 0), EO_DEVICE_STATUS_FAILED, "FAILED", "First one", NULL);
  eo_device_set_remote (get_device (record, N_DEVICES / 2), EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "89014103211118510720");
  eo_device_set_remote (get_device (record, N_DEVICES - 1), EO_DEVICE_STATUS_FAILED, "ERROR", "Last “one”", NULL);
  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (eo_upload_record_count_kept_parts (record), ==, 0);
  assert_file_whole (history, record);

  /* Queued (written on a worker), then through save_async. */
  g_signal_connect_object (record, "changed", G_CALLBACK (eo_history_queue_save), history, G_CONNECT_SWAPPED);
  eo_device_set_remote (get_device (record, 2), EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "89014103211118510738");
  eo_device_set_remote (get_device (record, 3), EO_DEVICE_STATUS_FAILED, "FAILED", "Third", NULL);
  EO_TEST_WAIT_FOR (eo_history_get_n_queued (history) == 0, "the queued save", 30);
  g_assert_cmpuint (eo_upload_record_count_kept_parts (record), ==, 0);
  assert_file_whole (history, record);

  g_signal_handlers_disconnect_by_data (record, history);
  eo_device_set_remote (get_device (record, 4), EO_DEVICE_STATUS_FAILED, "FAILED", "Fourth", NULL);
  eo_history_save_async (history, record, NULL, saved_cb, &saved);
  EO_TEST_WAIT_FOR (saved, "the async save", 30);
  g_assert_cmpuint (eo_upload_record_count_kept_parts (record), ==, 0);
  assert_file_whole (history, record);
}

/* Someone cut the file short: nothing is lost, the next save writes it
 * whole again (at once, or queued again). */
static void
test_unreadable (void)
{
  g_autofree char *dir = eo_history_dup_default_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoUploadRecord) record = eo_test_make_record (N_DEVICES, NULL, FALSE);
  g_autofree char *path = eo_history_dup_path (history, record);
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_history_save (history, record, &error));
  g_assert_cmpint (truncate (path, 100), ==, 0);
  eo_device_set_remote (get_device (record, 5), EO_DEVICE_STATUS_FAILED, "FAILED", "Fifth", NULL);
  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);
  assert_file_whole (history, record);

  g_assert_cmpint (truncate (path, 100), ==, 0);
  {
    gsize length;
    g_autofree char *data = eo_upload_record_to_data (record, &length);
    g_autoptr(EoUploadRecord) copy = eo_upload_record_new_from_data (data, length, &error);

    g_assert_no_error (error);
    eo_test_assert_records_equal (record, copy);
  }
  g_assert_cmpuint (eo_test_get_n_warnings (), ==, ++n_warnings);
  g_assert_true (g_str_has_prefix (eo_test_get_last_warning (), "Could not read the saved upload record"));

  g_assert_true (eo_history_save (history, record, &error));
  g_assert_cmpint (truncate (path, 100), ==, 0);
  eo_device_set_remote (get_device (record, 6), EO_DEVICE_STATUS_FAILED, "FAILED", "Sixth", NULL);
  eo_history_queue_save (history, record);
  EO_TEST_WAIT_FOR (eo_history_get_n_queued (history) == 0, "the queued save, twice", 30);
  assert_file_whole (history, record);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);
  eo_test_capture_warnings ("eo-upload-record");

  g_test_add_func ("/history/parts/from-file", test_from_file);
  g_test_add_func ("/history/parts/unreadable", test_unreadable);
  return g_test_run ();
}
