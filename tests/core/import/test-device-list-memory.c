/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-device-list-memory"

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "eo-test-import.h"

/* Memory grows with the file, not with its errors (issue 10): a file of
 * 20 MB of one-character lines (10 million rows with errors) is read in
 * a child whose data segment is limited to 2 × the file + 50 MB. Before
 * the problems were capped it needed 7.6 GB and aborted under the limit.
 * Not run under the sanitizers: their shadow memory counts as data. */

#define JUNK_BYTES (20u * 1024u * 1024u)

static void
load_limited (void)
{
  const char *path = g_getenv ("EO_TEST_JUNK");
  struct rlimit limit;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;

  g_assert_nonnull (path);
  limit.rlim_cur = limit.rlim_max = 2 * (rlim_t) JUNK_BYTES + 50 * 1024 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_DATA, &limit), ==, 0);

  file = g_file_new_for_path (path);
  list = eo_device_list_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, JUNK_BYTES / 2);
  g_assert_cmpuint (eo_device_list_get_n_rows (list) + eo_device_list_get_n_omitted_rows (list), ==,
                    JUNK_BYTES / 2);
  g_assert_cmpuint (eo_device_list_get_n_more_problems (list, EO_PROBLEM_EID_NOT_DIGITS), ==,
                    JUNK_BYTES / 2 - EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
}

static void
test_junk_rows (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char header[] = "EID,Name\n";

  if (g_test_subprocess ())
    {
      load_limited ();
      return;
    }

  dir = g_dir_make_tmp ("eo-memory-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "junk.csv", NULL);
  text = g_malloc (sizeof header - 1 + JUNK_BYTES);
  memcpy (text, header, sizeof header - 1);
  for (gsize i = 0; i < JUNK_BYTES; i += 2)
    {
      text[sizeof header - 1 + i] = 'x';
      text[sizeof header + i] = '\n';
    }
  g_file_set_contents (path, text, sizeof header - 1 + JUNK_BYTES, &error);
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);

  g_setenv ("EO_TEST_JUNK", path, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/device-list/memory/junk-rows", test_junk_rows);

  return g_test_run ();
}
