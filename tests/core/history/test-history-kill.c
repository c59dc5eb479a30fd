/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A writer process saving a record over and over is killed (SIGKILL) at
 * random instants: the file left behind is always the previous or the
 * new version, complete, never a torn one. */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "eo-history.h"
#include "eo-test-history.h"

#define N_ROUNDS 20

static void
test_kill_while_saving (void)
{
  g_autofree char *dir = eo_history_dup_default_dir ();
  g_autoptr(EoUploadRecord) version_a = eo_test_make_record (600, NULL, TRUE);
  g_autoptr(EoUploadRecord) version_b = NULL;
  g_autofree char *data_a = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  guint n_a = 0, n_b = 0, n_temp = 0;
  gsize size = 0;
  gint64 save_us;

  /* B: the same record (same file) with other contents. */
  data_a = eo_upload_record_to_data (version_a, &size);
  version_b = eo_upload_record_new_from_data (data_a, size, &error);
  g_assert_no_error (error);
  eo_upload_record_set_error_message (version_b, "version B");
  eo_upload_record_set_error_message (version_a, "version A");

  /* How long one durable save takes here: kills are spread over several
   * saves so that both versions get replaced mid-way. */
  {
    g_autoptr(EoHistory) history = eo_history_new (dir);
    gint64 start;

    g_assert_true (eo_history_save (history, version_b, &error));
    start = g_get_monotonic_time ();
    g_assert_true (eo_history_save (history, version_a, &error));
    save_us = MAX (g_get_monotonic_time () - start, 500);
  }
  g_test_message ("record file: %" G_GSIZE_FORMAT " bytes, one save: %" G_GINT64_FORMAT " us",
                  size, save_us);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autoptr(EoHistory) reader = eo_history_new (dir);
      EoUploadRecord *loaded;
      const char *message;
      int wait_status = 0;
      pid_t pid;

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          g_autoptr(EoHistory) writer = eo_history_new (dir);

          for (guint i = 0;; i++)
            if (!eo_history_save (writer, i % 2 ? version_b : version_a, NULL))
              _exit (3);
        }

      g_usleep (g_rand_int_range (rand, 0, (gint32) MIN (save_us * 6, 2 * G_USEC_PER_SEC)));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (wait_status));

      g_assert_true (eo_history_load (reader, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (eo_history_get_n_skipped (reader), ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (reader)), ==, 1);
      loaded = eo_history_lookup_local_id (reader, eo_upload_record_get_local_id (version_a));
      g_assert_nonnull (loaded);
      g_assert_cmpuint (eo_upload_record_get_n_devices (loaded), ==, 600);
      message = eo_upload_record_get_error_message (loaded);
      if (g_strcmp0 (message, "version A") == 0)
        {
          eo_test_assert_records_equal (version_a, loaded);
          n_a++;
        }
      else
        {
          eo_test_assert_records_equal (version_b, loaded);
          n_b++;
        }
    }

  /* Temporary files of killed writes may stay; they are never read. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (!g_str_has_suffix (name, ".json"))
        n_temp++;
  }
  g_test_message ("%u kills: %u left version A, %u version B, %u temporary files left",
                  N_ROUNDS, n_a, n_b, n_temp);
}

int
main (int    argc,
      char **argv)
{
  eo_test_capture_warnings ("eo-history");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/kill/while-saving", test_kill_while_saving);

  return g_test_run ();
}
