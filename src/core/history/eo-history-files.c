/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history"

/* The history's folder: one JSON file per record, named after its local
 * id, written atomically (temporary file, fsync, rename) and read
 * strictly; files that are not usable records are skipped with a reason,
 * never deleted. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-history-private.h"

void
_eo_history_load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->records, g_ptr_array_unref);
  g_clear_pointer (&result->skipped, g_ptr_array_unref);
  g_free (result);
}

int
_eo_history_compare_records (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  EoUploadRecord *ra = (EoUploadRecord *) a;
  EoUploadRecord *rb = (EoUploadRecord *) b;
  gint64 ca = eo_upload_record_get_created (ra);
  gint64 cb = eo_upload_record_get_created (rb);

  /* Newest first; ties by local id so the order is stable. */
  if (ca != cb)
    return ca > cb ? -1 : 1;
  return g_strcmp0 (eo_upload_record_get_local_id (ra), eo_upload_record_get_local_id (rb));
}

static int
compare_records_ptr (gconstpointer a,
                     gconstpointer b)
{
  return _eo_history_compare_records (*(EoUploadRecord * const *) a, *(EoUploadRecord * const *) b, NULL);
}

char *
_eo_history_path_for_id (const char *dir,
             const char *local_id)
{
  g_autofree char *name = g_strconcat (local_id, ".json", NULL);

  return g_build_filename (dir, name, NULL);
}

static void
skip_file (LoadResult *result,
           const char *path,
           const char *why)
{
  g_warning ("Skipped the upload record “%s”: %s", path, why);
  g_ptr_array_add (result->skipped, g_strdup (path));
}

/* "<uuid>.json.XXXXXX" left by a killed g_file_set_contents(), older
 * than EO_HISTORY_STALE_TEMP_S: deleted. */
static void
remove_stale_temp (const char *dir,
                   const char *name)
{
  const char *dot = strstr (name, ".json.");
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  GStatBuf st;

  if (dot == NULL || strlen (dot) != strlen (".json.XXXXXX"))
    return;
  id = g_strndup (name, dot - name);
  if (!eo_upload_record_is_valid_local_id (id))
    return;
  path = g_build_filename (dir, name, NULL);
  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return;
  if ((gint64) st.st_mtime > g_get_real_time () / G_USEC_PER_SEC - EO_HISTORY_STALE_TEMP_S)
    return;
  if (g_unlink (path) == 0)
    g_debug ("Removed the stale temporary file “%s”", path);
}

gboolean
_eo_history_make_dir (const char  *dir,
          GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not create the history folder “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Writes @snapshot to the record's file atomically and durably, streamed
 * through a temporary file beside it ("<id>.json.XXXXXX", which a later
 * load removes if a crash left it). Thread-safe. */
gboolean
_eo_history_write_snapshot_file (const char              *dir,
                     EoUploadRecordSnapshot  *snapshot,
                     GError                 **error)
{
  const char *local_id = eo_upload_record_snapshot_get_local_id (snapshot);
  g_autofree char *path = _eo_history_path_for_id (dir, local_id);
  g_autofree char *tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  g_autoptr(GError) local_error = NULL;
  int fd, dir_fd, saved_errno, kept_fd = -1;
  gboolean ok;

  if (!_eo_history_make_dir (dir, error))
    return FALSE;

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not save the upload record “%s”: %s"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  ok = eo_upload_record_snapshot_write (snapshot, fd, &local_error) && fsync (fd) == 0;
  saved_errno = errno;
  /* Kept open for the next save, which copies the unchanged devices'
   * parts from it (eo_upload_record_snapshot_done). */
  if (ok && (kept_fd = fcntl (fd, F_DUPFD_CLOEXEC, 0)) < 0)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (ok && g_rename (tmp_path, path) != 0)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    {
      if (kept_fd >= 0)
        close (kept_fd);
      g_unlink (tmp_path);
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not save the upload record “%s”: %s"),
                   path, local_error != NULL ? local_error->message : g_strerror (saved_errno));
      return FALSE;
    }

  /* The rename is durable once the directory is synced too. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      (void) fsync (dir_fd);
      close (dir_fd);
    }
  eo_upload_record_snapshot_set_written (snapshot, kept_fd);
  return TRUE;
}

/* For a record no other thread uses (one being loaded). */
static gboolean
write_record (const char      *dir,
              EoUploadRecord  *record,
              GError         **error)
{
  g_autoptr(EoUploadRecordSnapshot) snapshot = eo_upload_record_snapshot (record);

  return _eo_history_write_snapshot_file (dir, snapshot, error);
}

/* Reads one file; NULL (and a reason) when it is not a usable record. */
static EoUploadRecord *
read_record_file (const char  *path,
                  const char  *expected_id,
                  char       **why)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(EoUploadRecord) record = NULL;
  GStatBuf st;
  gsize length = 0;

  if (g_stat (path, &st) != 0)
    {
      *why = g_strdup (g_strerror (errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      *why = g_strdup ("not a regular file");
      return NULL;
    }
  if ((guint64) st.st_size > EO_HISTORY_MAX_FILE_BYTES)
    {
      *why = g_strdup ("too large");
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  record = eo_upload_record_new_from_data (contents, length, &error);
  if (record == NULL)
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  if (g_strcmp0 (eo_upload_record_get_local_id (record), expected_id) != 0)
    {
      *why = g_strdup ("the local id inside does not match the file name");
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* The whole load, without touching @self: runs in a worker thread for
 * load_async. */
LoadResult *
_eo_history_load_dir (const char    *dir,
          GCancellable  *cancellable,
          GError       **error)
{
  LoadResult *result = g_new0 (LoadResult, 1);
  g_autoptr(GDir) gdir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  result->records = g_ptr_array_new_with_free_func (g_object_unref);
  result->skipped = g_ptr_array_new_with_free_func (g_free);

  gdir = g_dir_open (dir, 0, &local_error);
  if (gdir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_ptr_array_add (result->skipped, NULL);
          return result;
        }
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not read the history folder “%s”: %s"),
                   dir, local_error->message);
      _eo_history_load_result_free (result);
      return NULL;
    }

  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *id = NULL;
      g_autofree char *why = NULL;
      EoUploadRecord *record;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          _eo_history_load_result_free (result);
          return NULL;
        }

      /* Temporary files of an interrupted write end in ".json.XXXXXX":
       * never read; removed once old enough that no write can be using
       * them. */
      if (!g_str_has_suffix (name, ".json"))
        {
          remove_stale_temp (dir, name);
          continue;
        }

      path = g_build_filename (dir, name, NULL);
      id = g_strndup (name, strlen (name) - strlen (".json"));
      if (!eo_upload_record_is_valid_local_id (id))
        {
          skip_file (result, path, "the file name is not <local id>.json");
          continue;
        }

      record = read_record_file (path, id, &why);
      if (record == NULL)
        {
          skip_file (result, path, why);
          continue;
        }

      if (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_SENDING &&
          !eo_upload_record_sender_is_alive (record))
        {
          g_autoptr(GError) save_error = NULL;
          g_autoptr(GError) stopped = eo_error_new_message (EO_ERROR_OUTCOME_UNKNOWN,
                                                            eo_message_new ("sender-stopped", NULL));

          eo_upload_record_set_outcome_unknown_error (record, stopped);
          if (!write_record (dir, record, &save_error))
            g_warning ("%s", save_error->message);
        }

      g_ptr_array_add (result->records, record);
    }

  g_ptr_array_sort (result->records, compare_records_ptr);
  g_ptr_array_add (result->skipped, NULL);
  return result;
}

