/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-device-list-memory"

#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "eo-test-import.h"

/* Memory grows with the file, not with its errors or its rows (issue 10):
 * a file is read in a child whose data segment is limited to 2 × the
 * file + 50 MB.
 * - 20 MB of one-character lines (10 million rows with errors): before
 *   the problems were capped it needed 7.6 GB and aborted under the limit;
 * - 64 MB of minimal valid rows (a 32-digit EID, ',', a one-character
 *   name: 35 bytes), the most rows a file of that size can hold: with
 *   40-byte rows, a key array and 64-bit duplicate tables it needed
 *   3.3 × the file.
 * Not run under the sanitizers: their shadow memory counts as data. */

#define JUNK_BYTES      (20u * 1024u * 1024u)
#define VALID_ROW_BYTES 35u
#define VALID_ROWS      (64u * 1024u * 1024u / VALID_ROW_BYTES)

static const char header[] = "EID,Name\n";

static EoDeviceList *
load_limited (void)
{
  const char *path = g_getenv ("EO_TEST_MEMORY_FILE");
  struct rlimit limit;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  EoDeviceList *list;
  GStatBuf st;

  g_assert_nonnull (path);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  limit.rlim_cur = limit.rlim_max = 2 * (rlim_t) st.st_size + 50 * 1024 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_DATA, &limit), ==, 0);

  file = g_file_new_for_path (path);
  list = eo_device_list_load (file, NULL, &error);
  g_assert_no_error (error);
  return list;
}

/* Writes @len bytes of @text after the header to a new file in a new
 * folder (*dir_out), and lets the child find it. */
static char *
write_file (const char  *text,
            gsize        len,
            char       **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("eo-memory-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, "list.csv", NULL);
  g_file_set_contents (path, text, (gssize) len, &error);
  g_assert_no_error (error);
  g_setenv ("EO_TEST_MEMORY_FILE", path, TRUE);
  *dir_out = dir;
  return path;
}

static void
remove_file (char *path,
             char *dir)
{
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

static void
test_junk_rows (void)
{
  g_autofree char *text = NULL;
  char *dir = NULL;
  char *path;

  if (g_test_subprocess ())
    {
      g_autoptr(EoDeviceList) list = load_limited ();

      g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, JUNK_BYTES / 2);
      g_assert_cmpuint (eo_device_list_get_n_rows (list) + eo_device_list_get_n_omitted_rows (list), ==,
                        JUNK_BYTES / 2);
      g_assert_cmpuint (eo_device_list_get_n_more_problems (list, EO_PROBLEM_EID_NOT_DIGITS), ==,
                        JUNK_BYTES / 2 - EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
      return;
    }

  text = g_malloc (sizeof header - 1 + JUNK_BYTES);
  memcpy (text, header, sizeof header - 1);
  for (gsize i = 0; i < JUNK_BYTES; i += 2)
    {
      text[sizeof header - 1 + i] = 'x';
      text[sizeof header + i] = '\n';
    }
  path = write_file (text, sizeof header - 1 + JUNK_BYTES, &dir);
  g_clear_pointer (&text, g_free);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  remove_file (path, dir);
}

static void
test_valid_rows (void)
{
  g_autofree char *text = NULL;
  gsize len = sizeof header - 1 + (gsize) VALID_ROWS * VALID_ROW_BYTES;
  char *dir = NULL;
  char *path;
  char *p;

  if (g_test_subprocess ())
    {
      g_autoptr(EoDeviceList) list = load_limited ();
      char eid[33];

      g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, VALID_ROWS);
      g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 0);
      g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, VALID_ROWS);
      g_assert_cmpuint (eo_device_list_get_n_problems (list), ==, EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
      /* 26 names for all the rows: each one repeats another's name. */
      g_assert_cmpuint (eo_device_list_get_n_warnings (list), ==, VALID_ROWS);
      g_assert_cmpuint (eo_device_list_get_n_more_problems (list, EO_PROBLEM_NAME_DUPLICATE), ==,
                        VALID_ROWS - EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
      eo_test_write_eid (eid, VALID_ROWS - 1);
      g_assert_cmpstr (eo_device_list_row_get_eid (list, VALID_ROWS - 1), ==, eid);
      g_assert_cmpstr (eo_device_list_row_get_name (list, VALID_ROWS - 1), ==, "z");
      g_assert_null (eo_device_list_row_get_iccid (list, VALID_ROWS - 1));
      g_assert_cmpuint (eo_device_list_get_row (list, VALID_ROWS - 1)->line, ==, VALID_ROWS + 1);
      return;
    }

  text = g_malloc (len + 1);
  memcpy (text, header, sizeof header - 1);
  p = text + sizeof header - 1;
  for (guint i = 0; i < VALID_ROWS; i++)
    {
      eo_test_write_eid (p, i);
      p[32] = ',';
      p[33] = (char) ('a' + i % 26);
      p[34] = '\n';
      p += VALID_ROW_BYTES;
    }
  g_assert_true (p == text + len);
  path = write_file (text, len, &dir);
  g_clear_pointer (&text, g_free);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  remove_file (path, dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/device-list/memory/junk-rows", test_junk_rows);
  g_test_add_func ("/device-list/memory/valid-rows", test_valid_rows);

  return g_test_run ();
}
