/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/stat.h>
#include <time.h>
#include <utime.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-history.h"
#include "eo-test-history.h"

static char *
make_dir (void)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives each test its own data dir. */
  return eo_history_dup_default_dir ();
}

static guint
count_files (const char *dir,
             gboolean    only_json)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    if (!only_json || g_str_has_suffix (name, ".json"))
      n++;
  return n;
}

static EoUploadRecord *
get_record (EoHistory *history,
            guint      i)
{
  /* transfer none: the model holds it */
  EoUploadRecord *record = g_list_model_get_item (eo_history_get_records (history), i);

  g_object_unref (record);
  return record;
}

static void
test_default_dir (void)
{
  g_autofree char *dir = eo_history_dup_default_dir ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "esim-onboard", "uploads", NULL);
  g_autoptr(EoHistory) history = eo_history_new (NULL);

  g_assert_cmpstr (dir, ==, expected);
  g_assert_cmpstr (eo_history_get_dir (history), ==, expected);
}

static void
test_missing_dir (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "nothing", "here", NULL);
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_history_load (history, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 0);
  g_assert_cmpuint (eo_history_get_n_skipped (history), ==, 0);
  /* Loading does not create it. */
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

static void
test_roundtrip (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoHistory) again = eo_history_new (dir);
  g_autoptr(GError) error = NULL;
  EoUploadRecord *records[3];
  GStatBuf st;

  for (guint i = 0; i < 3; i++)
    {
      records[i] = eo_test_make_record (4 + i, NULL, i == 1);
      g_assert_true (eo_history_save (history, records[i], &error));
      g_assert_no_error (error);
      g_usleep (2000);
    }
  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 3);
  g_assert_true (get_record (history, 0) == records[2]);
  g_assert_true (get_record (history, 2) == records[0]);
  /* Saving again does not duplicate. */
  g_assert_true (eo_history_save (history, records[1], &error));
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 3);

  g_assert_cmpuint (count_files (dir, FALSE), ==, 3);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  {
    g_autofree char *path = eo_history_dup_path (history, records[0]);

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  g_assert_true (eo_history_load (again, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (eo_history_get_n_skipped (again), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (again)), ==, 3);
  for (guint i = 0; i < 3; i++)
    eo_test_assert_records_equal (records[2 - i], get_record (again, i));

  for (guint i = 0; i < 3; i++)
    g_object_unref (records[i]);
}

/* A good record plus @data written as a second record's file: the good
 * one loads, the other is skipped. Returns whether it was skipped. */
static gboolean
load_with_bad_file (const char *dir,
                    const char *bad_name,
                    const char *data,
                    gsize       length,
                    const char *good_id)
{
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *bad_path = g_build_filename (dir, bad_name, NULL);
  guint warnings_before = eo_test_get_n_warnings ();
  guint n_records;
  gboolean skipped;

  g_assert_true (g_file_set_contents (bad_path, data, length, &error));
  g_assert_true (eo_history_load (history, NULL, &error));
  g_assert_no_error (error);

  n_records = g_list_model_get_n_items (eo_history_get_records (history));
  g_assert_nonnull (eo_history_lookup_local_id (history, good_id));
  skipped = eo_history_get_n_skipped (history) == 1;
  if (skipped)
    {
      g_assert_cmpuint (n_records, ==, 1);
      g_assert_cmpstr (eo_history_get_skipped_files (history)[0], ==, bad_path);
      g_assert_cmpuint (eo_test_get_n_warnings (), ==, warnings_before + 1);
      /* The warning names the file. */
      g_assert_nonnull (strstr (eo_test_get_last_warning (), bad_name));
    }
  else
    {
      g_assert_cmpuint (eo_history_get_n_skipped (history), ==, 0);
      g_assert_cmpuint (n_records, ==, 2);
    }
  g_assert_cmpint (g_unlink (bad_path), ==, 0);
  return skipped;
}

static void
test_truncated (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoUploadRecord) good = eo_test_make_record (2, NULL, FALSE);
  g_autoptr(EoUploadRecord) victim = eo_test_make_record (2, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize length = 0, significant;
  guint n_skipped = 0;

  g_assert_true (eo_history_save (history, good, &error));
  data = eo_upload_record_to_data (victim, &length);
  name = g_strconcat (eo_upload_record_get_local_id (victim), ".json", NULL);
  significant = length;
  while (significant > 0 && g_ascii_isspace (data[significant - 1]))
    significant--;

  /* Every byte offset: a cut file is skipped, never half-loaded. */
  for (gsize cut = 0; cut < significant; cut++)
    {
      if (!load_with_bad_file (dir, name, data, cut, eo_upload_record_get_local_id (good)))
        g_error ("a file cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes was loaded", cut, length);
      n_skipped++;
    }
  g_test_message ("cut at %u offsets, all skipped", n_skipped);
  /* The whole file loads. */
  g_assert_false (load_with_bad_file (dir, name, data, length, eo_upload_record_get_local_id (good)));
}

static void
test_foreign (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoUploadRecord) good = eo_test_make_record (2, NULL, FALSE);
  g_autoptr(EoUploadRecord) other = eo_test_make_record (2, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *other_name = NULL;
  g_autofree char *good_data = NULL;
  g_autofree char *v2 = NULL;
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x3a, 0x7e, 0x9b, 0x55,
  };
  const char *good_id;

  g_assert_true (eo_history_save (history, good, &error));
  good_id = eo_upload_record_get_local_id (good);
  other_name = g_strconcat (eo_upload_record_get_local_id (other), ".json", NULL);
  good_data = eo_upload_record_to_data (good, NULL);

  g_assert_true (load_with_bad_file (dir, other_name, "[1, 2, 3]", 9, good_id));
  g_assert_true (load_with_bad_file (dir, other_name, "", 0, good_id));
  g_assert_true (load_with_bad_file (dir, other_name, "{\"format\":\"esim-onboard-upload\",\"version\":2}", 45, good_id));
  g_assert_true (load_with_bad_file (dir, other_name, (const char *) png, sizeof png, good_id));
  g_assert_true (load_with_bad_file (dir, other_name, "\xff\xfe\x00garbage", 10, good_id));
  /* A valid record under another record's name. */
  g_assert_true (load_with_bad_file (dir, other_name, good_data, strlen (good_data), good_id));
  /* A file name that is not a local id. */
  g_assert_true (load_with_bad_file (dir, "settings.json", good_data, strlen (good_data), good_id));
  /* Another schema version of a real record. */
  v2 = g_strdup (good_data);
  {
    char *version = strstr (v2, "\"version\" : 1");

    g_assert_nonnull (version);
    version[strlen ("\"version\" : ")] = '2';
  }
  g_assert_true (load_with_bad_file (dir, other_name, v2, strlen (v2), good_id));

  /* Temporary files of an interrupted write are ignored silently. */
  {
    g_autofree char *tmp_name = g_strconcat (other_name, ".AB12CD", NULL);
    g_autofree char *tmp_path = g_build_filename (dir, tmp_name, NULL);
    g_autoptr(EoHistory) h = eo_history_new (dir);
    guint warnings = eo_test_get_n_warnings ();

    g_autofree char *old_name = g_strconcat (other_name, ".XY34ZW", NULL);
    g_autofree char *old_path = g_build_filename (dir, old_name, NULL);
    struct utimbuf two_hours_ago = { time (NULL) - 7200, time (NULL) - 7200 };

    g_assert_true (g_file_set_contents (tmp_path, good_data, 20, NULL));
    g_assert_true (g_file_set_contents (old_path, good_data, 20, NULL));
    g_assert_cmpint (g_utime (old_path, &two_hours_ago), ==, 0);
    g_assert_true (eo_history_load (h, NULL, &error));
    g_assert_cmpuint (eo_history_get_n_skipped (h), ==, 0);
    g_assert_cmpuint (eo_test_get_n_warnings (), ==, warnings);
    g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (h)), ==, 1);
    /* The fresh one may belong to a write in progress; the old one is gone. */
    g_assert_true (g_file_test (tmp_path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (old_path, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_unlink (tmp_path), ==, 0);
  }

  /* A directory with a record's name. */
  {
    g_autofree char *sub = g_build_filename (dir, other_name, NULL);
    g_autoptr(EoHistory) h = eo_history_new (dir);

    g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
    g_assert_true (eo_history_load (h, NULL, &error));
    g_assert_cmpuint (eo_history_get_n_skipped (h), ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (h)), ==, 1);
    g_assert_cmpint (g_rmdir (sub), ==, 0);
  }
}

static void
test_atomic_saves (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoUploadRecord) record = eo_test_make_record (30, NULL, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), round);
      g_autofree char *contents = NULL;
      g_autoptr(EoUploadRecord) copy = NULL;
      g_autofree char *text = g_strdup_printf ("STEP_%u", round);

      eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, text, NULL, NULL);
      g_assert_true (eo_history_save (history, record, &error));
      g_assert_no_error (error);

      /* Only the record's file: no temporary file left behind. */
      g_assert_cmpuint (count_files (dir, FALSE), ==, 1);
      path = (g_free (path), eo_history_dup_path (history, record));
      g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
      copy = eo_upload_record_new_from_data (contents, -1, &error);
      g_assert_no_error (error);
      eo_test_assert_records_equal (record, copy);
    }
}

static void
test_remove (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoHistory) again = eo_history_new (dir);
  g_autoptr(EoUploadRecord) a = eo_test_make_record (1, NULL, FALSE);
  g_autoptr(EoUploadRecord) b = eo_test_make_record (1, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_true (eo_history_save (history, a, &error));
  g_assert_true (eo_history_save (history, b, &error));
  path = eo_history_dup_path (history, a);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (eo_history_remove (history, a, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 1);
  g_assert_null (eo_history_lookup_local_id (history, eo_upload_record_get_local_id (a)));
  /* Removing again is fine. */
  g_assert_true (eo_history_remove (history, a, &error));

  g_assert_true (eo_history_load (again, NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (again)), ==, 1);
  g_assert_cmpstr (eo_upload_record_get_local_id (get_record (again, 0)), ==, eo_upload_record_get_local_id (b));
}

static void
test_lookup (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoUploadRecord) a = eo_upload_record_new ("https://x.test", "c", "a.csv", FALSE);
  g_autoptr(EoUploadRecord) b = eo_upload_record_new ("https://x.test", "c", "b.csv", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = NULL;
  EoUploadRecord *found;

  eo_upload_record_set_accepted (a, "aaaa1111-0000-4000-8000-000000000001", "https://smdp.test");
  eo_upload_record_set_accepted (b, "aaaa2222-0000-4000-8000-000000000002", "https://smdp.test");
  g_assert_true (eo_history_save (history, a, &error));
  g_assert_true (eo_history_save (history, b, &error));

  g_assert_true (eo_history_lookup (history, eo_upload_record_get_local_id (a)) == a);
  g_assert_true (eo_history_lookup (history, "aaaa2222-0000-4000-8000-000000000002") == b);
  g_assert_true (eo_history_lookup_request_id (history, "aaaa1111-0000-4000-8000-000000000001") == a);
  g_assert_null (eo_history_lookup (history, "aaaa"));
  g_assert_null (eo_history_lookup (history, NULL));

  found = eo_history_find (history, "aaaa1", &error);
  g_assert_no_error (error);
  g_assert_true (found == a);
  prefix = g_strndup (eo_upload_record_get_local_id (b), 8);
  /* (a random UUID could start with "aaaa": then the prefix is ambiguous) */
  if (!g_str_has_prefix (eo_upload_record_get_local_id (a), prefix))
    {
      found = eo_history_find (history, prefix, &error);
      g_assert_no_error (error);
      g_assert_true (found == b);
    }
  found = eo_history_find (history, "aaaa", &error);
  g_assert_null (found);
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
  g_clear_error (&error);
  found = eo_history_find (history, "zzzz-none", &error);
  g_assert_null (found);
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
  g_clear_error (&error);
  /* Prefixes shorter than 4 are not searched. */
  g_assert_null (eo_history_find (history, "aaa", &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
}

/* Sets sender.pid in a record file. */
static void
set_sender_pid (const char *path,
                gint64      pid)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonObject *sender;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  root = json_from_string (contents, &error);
  g_assert_no_error (error);
  sender = json_object_get_object_member (json_node_get_object (root), "sender");
  json_object_set_int_member (sender, "pid", pid);
  out = json_to_string (root, TRUE);
  g_assert_true (g_file_set_contents (path, out, -1, &error));
}

static void
test_unfinished (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoHistory) again = eo_history_new (dir);
  g_autoptr(EoHistory) third = eo_history_new (dir);
  g_autoptr(EoUploadRecord) dead = eo_upload_record_new ("https://x.test", "c", "dead.csv", FALSE);
  g_autoptr(EoUploadRecord) alive = eo_upload_record_new ("https://x.test", "c", "alive.csv", FALSE);
  g_autoptr(EoUploadRecord) polling = eo_test_make_record (3, NULL, FALSE);
  g_autoptr(EoUploadRecord) refused = eo_upload_record_new ("https://x.test", "c", "r.csv", FALSE);
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dead_path = NULL;
  EoUploadRecord *loaded;

  eo_upload_record_set_refused (refused, "bad key");
  g_assert_true (eo_history_save (history, dead, &error));
  g_assert_true (eo_history_save (history, alive, &error));
  g_assert_true (eo_history_save (history, polling, &error));
  g_assert_true (eo_history_save (history, refused, &error));
  /* A pid above any pid_max: that process is gone. */
  dead_path = eo_history_dup_path (history, dead);
  set_sender_pid (dead_path, 0x7ffffff0);

  g_assert_true (eo_history_load (again, NULL, &error));
  g_assert_no_error (error);
  loaded = eo_history_lookup (again, eo_upload_record_get_local_id (dead));
  g_assert_nonnull (loaded);
  g_assert_cmpint (eo_upload_record_get_state (loaded), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
  g_assert_nonnull (eo_upload_record_get_error_message (loaded));
  loaded = eo_history_lookup (again, eo_upload_record_get_local_id (alive));
  g_assert_cmpint (eo_upload_record_get_state (loaded), ==, EO_UPLOAD_STATE_SENDING);

  unfinished = eo_history_get_unfinished (again);
  g_assert_cmpuint (unfinished->len, ==, 2);
  for (guint i = 0; i < unfinished->len; i++)
    {
      const char *id = eo_upload_record_get_local_id (g_ptr_array_index (unfinished, i));

      g_assert_true (g_str_equal (id, eo_upload_record_get_local_id (alive)) ||
                     g_str_equal (id, eo_upload_record_get_local_id (polling)));
    }

  /* The new state was written back. */
  g_assert_true (eo_history_load (third, NULL, &error));
  loaded = eo_history_lookup (third, eo_upload_record_get_local_id (dead));
  g_assert_cmpint (eo_upload_record_get_state (loaded), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
}

static void
test_reload_keeps_live_objects (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoHistory) other = eo_history_new (dir);
  g_autoptr(EoUploadRecord) live = eo_test_make_record (3, NULL, FALSE);
  g_autoptr(EoUploadRecord) stale = eo_test_make_record (3, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  EoUploadRecord *from_other;

  g_assert_true (eo_history_save (history, live, &error));
  g_assert_true (eo_history_save (history, stale, &error));
  /* Another process updates "stale" on disk. */
  g_assert_true (eo_history_load (other, NULL, &error));
  from_other = eo_history_lookup (other, eo_upload_record_get_local_id (stale));
  eo_upload_record_set_error_message (from_other, "changed elsewhere");
  g_assert_true (eo_history_save (other, from_other, &error));

  g_assert_true (eo_history_load (history, NULL, &error));
  g_assert_true (eo_history_lookup (history, eo_upload_record_get_local_id (live)) == live);
  g_assert_false (eo_history_lookup (history, eo_upload_record_get_local_id (stale)) == stale);
  g_assert_cmpstr (eo_upload_record_get_error_message (eo_history_lookup (history, eo_upload_record_get_local_id (stale))),
                   ==, "changed elsewhere");
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_history_load_finish (EO_HISTORY (source), result, &error));
  g_assert_no_error (error);
  /* The model is filled before the callback. */
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (EO_HISTORY (source))), ==, 5);
  *done = TRUE;
}

static void
test_load_async (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) writer = eo_history_new (dir);
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(EoUploadRecord) record = eo_test_make_record (10, NULL, FALSE);

      g_assert_true (eo_history_save (writer, record, &error));
    }

  eo_history_load_async (history, NULL, load_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
load_cancelled_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_false (eo_history_load_finish (EO_HISTORY (source), result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  *done = TRUE;
}

static void
test_load_async_cancelled (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) writer = eo_history_new (dir);
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoUploadRecord) record = eo_test_make_record (1, NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (eo_history_save (writer, record, &error));
  g_cancellable_cancel (cancellable);
  eo_history_load_async (history, cancellable, load_cancelled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (eo_history_get_records (history)), ==, 0);
}

static void
test_queue_save (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(EoHistory) history = eo_history_new (dir);
  g_autoptr(EoHistory) reader = eo_history_new (dir);
  g_autoptr(EoUploadRecord) record = eo_test_make_record (3, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = eo_history_dup_path (history, record);
  g_autoptr(EoDevice) device = NULL;

  g_signal_connect_object (record, "changed", G_CALLBACK (eo_history_queue_save), history, G_CONNECT_SWAPPED);
  device = g_list_model_get_item (eo_upload_record_get_devices (record), 2);
  eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Written on a worker thread, which then tells this thread. */
  while (eo_history_get_n_queued (history) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_true (eo_history_load (reader, NULL, &error));
  eo_test_assert_records_equal (record, eo_history_lookup (reader, eo_upload_record_get_local_id (record)));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);

  /* Flush writes what is queued right away. */
  eo_upload_record_set_error_message (record, "later");
  g_assert_true (eo_history_flush (history, &error));
  g_assert_true (eo_history_load (reader, NULL, &error));
  g_assert_cmpstr (eo_upload_record_get_error_message (eo_history_lookup (reader, eo_upload_record_get_local_id (record))),
                   ==, "later");
}

/* history --find and the history page's search: EID or ICCID digits, or
 * a name, across every upload. */
static void
test_find_devices (void)
{
  static const char * const names[] = { "Alpha Phone", "beta PHONE", "Gamma", "Délta" };
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autoptr(EoUploadRecord) record = eo_test_make_record (G_N_ELEMENTS (names), names, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *eid = eo_test_make_eid (2);
  g_autofree char *assigned = eo_test_make_iccid (1000);
  g_autofree char *typed = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) by_eid = NULL;
  g_autoptr(GPtrArray) by_iccid = NULL;
  g_autoptr(GPtrArray) by_accent = NULL;
  g_autoptr(GPtrArray) none = NULL;

  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);

  by_name = eo_history_find_devices (history, "phone");
  g_assert_cmpuint (by_name->len, ==, 2);
  g_assert_cmpstr (eo_device_get_name (((EoHistoryMatch *) by_name->pdata[0])->device), ==, "Alpha Phone");
  g_assert_true (((EoHistoryMatch *) by_name->pdata[0])->record == record);

  /* The last eight digits, typed with a space. */
  typed = g_strdup_printf ("%.4s %s", eid + 24, eid + 28);
  by_eid = eo_history_find_devices (history, typed);
  g_assert_cmpuint (by_eid->len, ==, 1);
  g_assert_cmpstr (eo_device_get_eid (((EoHistoryMatch *) by_eid->pdata[0])->device), ==, eid);

  /* Device 0 succeeded with the ICCID 1000: found by the assigned one. */
  by_iccid = eo_history_find_devices (history, assigned);
  g_assert_cmpuint (by_iccid->len, ==, 1);
  g_assert_cmpstr (eo_device_get_name (((EoHistoryMatch *) by_iccid->pdata[0])->device), ==, "Alpha Phone");
  g_assert_cmpint (((EoHistoryMatch *) by_iccid->pdata[0])->since_us, >, 0);

  by_accent = eo_history_find_devices (history, "DÉLTA");
  g_assert_cmpuint (by_accent->len, ==, 1);
  none = eo_history_find_devices (history, "zzz");
  g_assert_cmpuint (none->len, ==, 0);
}

/* Before a list is sent again: which EIDs already have an eSIM (they
 * succeeded) or are waiting for one (pending in an upload still
 * followed), from the newest upload that says so. */
static void
test_find_assigned (void)
{
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autoptr(EoUploadRecord) older = eo_test_make_record (6, NULL, FALSE);
  g_autoptr(EoUploadRecord) newer = NULL;
  g_autoptr(EoDevice) again = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GHashTable) except_older = NULL;
  g_autoptr(GHashTable) other_server = NULL;
  g_autoptr(GHashTable) other_customer = NULL;
  g_autoptr(GHashTable) same = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *eid1 = eo_test_make_eid (1);   /* success in older */
  g_autofree char *eid2 = eo_test_make_eid (2);   /* failed */
  g_autofree char *eid3 = eo_test_make_eid (3);   /* pending, upload followed */
  g_autofree char *eid4 = eo_test_make_eid (4);   /* success, then again in newer */
  g_autofree char *eid99 = eo_test_make_eid (99); /* never sent */
  const char *eids[] = { eid1, eid2, eid3, eid4, eid99 };
  EoHistoryMatch *match;

  g_assert_true (eo_history_save (history, older, &error));
  g_usleep (1000); /* a later creation time: newest first */
  newer = eo_upload_record_new ("https://cso.example.test", "customer-1", "again.csv", FALSE);
  again = eo_device_new (eid4, "dev-3 again", NULL);
  eo_upload_record_add_device (newer, again);
  eo_upload_record_set_accepted (newer, "4a0c1e2a-1111-4222-8333-944455556666", "https://smdp.example.test");
  eo_device_set_remote (again, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, NULL);
  g_assert_true (eo_history_save (history, newer, &error));
  g_assert_no_error (error);

  found = eo_history_find_assigned (history, eids, G_N_ELEMENTS (eids), NULL, NULL, NULL);
  g_assert_cmpuint (g_hash_table_size (found), ==, 3);
  match = g_hash_table_lookup (found, eid1);
  g_assert_nonnull (match);
  g_assert_true (match->record == older);
  g_assert_cmpint (eo_device_get_status (match->device), ==, EO_DEVICE_STATUS_SUCCESS);
  g_assert_null (g_hash_table_lookup (found, eid2));
  match = g_hash_table_lookup (found, eid3);
  g_assert_nonnull (match);
  g_assert_cmpint (eo_device_get_status (match->device), ==, EO_DEVICE_STATUS_PENDING);
  match = g_hash_table_lookup (found, eid4);
  g_assert_true (match->record == newer);
  g_assert_null (g_hash_table_lookup (found, eid99));

  /* The upload itself does not count against its own devices. */
  except_older = eo_history_find_assigned (history, eids, G_N_ELEMENTS (eids), NULL, NULL, older);
  g_assert_cmpuint (g_hash_table_size (except_older), ==, 1);
  g_assert_true (((EoHistoryMatch *) g_hash_table_lookup (except_older, eid4))->record == newer);

  /* Another server or customer: none of these uploads counts. */
  other_server = eo_history_find_assigned (history, eids, G_N_ELEMENTS (eids), "https://other.example.test", NULL, NULL);
  g_assert_cmpuint (g_hash_table_size (other_server), ==, 0);
  other_customer = eo_history_find_assigned (history, eids, G_N_ELEMENTS (eids), "https://cso.example.test", "customer-2", NULL);
  g_assert_cmpuint (g_hash_table_size (other_customer), ==, 0);
  same = eo_history_find_assigned (history, eids, G_N_ELEMENTS (eids), "https://cso.example.test", "customer-1", NULL);
  g_assert_cmpuint (g_hash_table_size (same), ==, 3);

  /* A pending device of an upload nobody follows says nothing. */
  eo_upload_record_set_state (older, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
  g_clear_pointer (&found, g_hash_table_unref);
  found = eo_history_find_assigned (history, eids, G_N_ELEMENTS (eids), NULL, NULL, NULL);
  g_assert_null (g_hash_table_lookup (found, eid3));
  g_assert_nonnull (g_hash_table_lookup (found, eid1));
}

int
main (int    argc,
      char **argv)
{
  eo_test_capture_warnings ("eo-history");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/store/default-dir", test_default_dir);
  g_test_add_func ("/history/store/missing-dir", test_missing_dir);
  g_test_add_func ("/history/store/roundtrip", test_roundtrip);
  g_test_add_func ("/history/store/truncated", test_truncated);
  g_test_add_func ("/history/store/foreign", test_foreign);
  g_test_add_func ("/history/store/atomic-saves", test_atomic_saves);
  g_test_add_func ("/history/store/remove", test_remove);
  g_test_add_func ("/history/store/lookup", test_lookup);
  g_test_add_func ("/history/store/unfinished", test_unfinished);
  g_test_add_func ("/history/store/reload-keeps-live-objects", test_reload_keeps_live_objects);
  g_test_add_func ("/history/store/load-async", test_load_async);
  g_test_add_func ("/history/store/load-async-cancelled", test_load_async_cancelled);
  g_test_add_func ("/history/store/queue-save", test_queue_save);
  g_test_add_func ("/history/store/find-devices", test_find_devices);
  g_test_add_func ("/history/store/find-assigned", test_find_assigned);

  return g_test_run ();
}
