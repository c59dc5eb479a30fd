/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>

#include "eo-device-list-private.h"
#include "eo-error.h"

/* Where a device list's text comes from: a local file (read into one
 * buffer of the right size, two threads each reading half), any other
 * GFile or a pipe (read in chunks), or memory; the size limit; and the
 * first check of the bytes (UTF-8 text, no NUL), also on two threads. */

typedef struct
{
  const char      *data;
  gsize            len;
  EoCsvTextStatus  status;
  gsize            bad;
  EoCsvTextStats   stats;
} CheckJob;

typedef struct
{
  int    fd;
  char  *buffer;
  gsize  offset;
  gsize  size;
  int    error;  /* errno */
  gsize  done;
} ReadPart;

static char *read_stream (GFile         *file,
                          const char    *name,
                          GInputStream  *stream,
                          gsize         *len_out,
                          GCancellable  *cancellable,
                          GError       **error);

/* Helpers */

/* @name names the file (GFile's parse name) when @file is NULL. */
static void
set_unreadable_error (GError     **error,
                      GFile       *file,
                      const char  *name,
                      const char  *reason)
{
  g_autofree char *parse_name = file != NULL ? g_file_get_parse_name (file) : NULL;

  g_set_error (error, EO_ERROR, EO_ERROR_FILE_UNREADABLE,
               _("Could not read “%s”: %s"), parse_name != NULL ? parse_name : name, reason);
}

static void
set_too_large_error (GError  **error,
                     goffset   size)
{
  g_autofree char *size_str = g_format_size ((guint64) size);
  g_autofree char *limit = g_format_size (EO_DEVICE_LIST_MAX_BYTES);

  /* Just over the limit, both round to the same text: say the bytes. */
  if (g_strcmp0 (size_str, limit) == 0)
    {
      g_free (size_str);
      g_free (limit);
      size_str = g_format_size_full ((guint64) size, G_FORMAT_SIZE_LONG_FORMAT);
      limit = g_format_size_full (EO_DEVICE_LIST_MAX_BYTES, G_FORMAT_SIZE_LONG_FORMAT);
    }

  g_set_error (error, EO_ERROR, EO_ERROR_FILE_TOO_LARGE,
               _("The file is %s, more than the limit of %s. Split it into smaller lists."),
               size_str, limit);
}

/* A stream (a pipe, standard input) ended past the limit: its size is
 * not known. */
static void
set_stream_too_large_error (GError **error)
{
  g_autofree char *limit = g_format_size (EO_DEVICE_LIST_MAX_BYTES);

  g_set_error (error, EO_ERROR, EO_ERROR_FILE_TOO_LARGE,
               _("The list is larger than the limit of %s. Split it into smaller lists."),
               limit);
}

/* Only regular files are read by name: a named pipe without a writer
 * would block forever, a device never ends. FALSE with the error set
 * for anything else. */
static gboolean
check_regular (GFile        *file,
               mode_t        mode,
               GError      **error)
{
  const char *reason;

  if (S_ISREG (mode))
    return TRUE;

  if (S_ISDIR (mode))
    reason = _("it is a folder");
  else if (S_ISFIFO (mode))
    reason = _("it is a named pipe, not a file");
  else if (S_ISSOCK (mode))
    reason = _("it is a socket, not a file");
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    reason = _("it is a device, not a file");
  else
    reason = _("it is not a regular file");

  set_unreadable_error (error, file, NULL, reason);
  return FALSE;
}

static gpointer
check_text_thread (gpointer data)
{
  CheckJob *job = data;

  job->status = eo_csv_check_text (job->data, job->len, &job->bad, &job->stats);
  return NULL;
}

static gpointer
read_part_thread (gpointer data)
{
  ReadPart *part = data;

  while (part->done < part->size)
    {
      gssize n = pread (part->fd, part->buffer + part->offset + part->done,
                        part->size - part->done, (off_t) (part->offset + part->done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          part->error = errno;
          break;
        }
      if (n == 0)
        break; /* the file shrank */
      part->done += (gsize) n;
    }

  return NULL;
}

/* Reads @size bytes of @fd into @buffer; returns how many it got (fewer
 * when the file shrank meanwhile), or sets *errno_out. Two threads each
 * read half: filling fresh memory is what costs most here, and two cores
 * fault pages in twice as fast. */
static gsize
read_fd (int    fd,
         char  *buffer,
         gsize  size,
         int   *errno_out)
{
  if (size >= EO_PARALLEL_MIN_BYTES)
    {
      ReadPart second = { fd, buffer, size / 2, size - size / 2, 0, 0 };
      ReadPart first = { fd, buffer, 0, size / 2, 0, 0 };
      GThread *thread = g_thread_try_new ("eo-read", read_part_thread, &second, NULL);

      read_part_thread (&first);
      if (thread != NULL)
        g_thread_join (thread);
      else
        read_part_thread (&second);

      *errno_out = first.error ? first.error : second.error;
      /* A file that shrank meanwhile: keep what is contiguous. */
      return first.done < first.size ? first.done : first.size + second.done;
    }
  else
    {
      ReadPart whole = { fd, buffer, 0, size, 0, 0 };

      read_part_thread (&whole);
      *errno_out = whole.error;
      return whole.done;
    }
}

/* A local file: read into a buffer of exactly the right size. */
static char *
read_local (GFile         *file,
            const char    *path,
            gsize         *len_out,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize size;
  gsize done = 0;
  int read_errno = 0;
  int fd;

  /* What it is, before opening it: opening a device may already do
   * something. */
  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      set_unreadable_error (error, file, NULL, g_strerror (saved));
      return NULL;
    }
  if (!check_regular (file, st.st_mode, error))
    return NULL;

  /* O_NONBLOCK: if it was swapped for a named pipe meanwhile, opening
   * does not wait for a writer; fstat then says what was opened. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      int saved = errno;

      set_unreadable_error (error, file, NULL, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      set_unreadable_error (error, file, NULL, g_strerror (saved));
      close (fd);
      return NULL;
    }
  if (!check_regular (file, st.st_mode, error))
    {
      close (fd);
      return NULL;
    }
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);
  if (st.st_size == 0)
    {
      /* A file whose size is not known in advance (as in /proc). */
      g_autoptr(GInputStream) stream = g_unix_input_stream_new (fd, TRUE);

      return read_stream (file, NULL, stream, len_out, cancellable, error);
    }

  if ((guint64) st.st_size > EO_DEVICE_LIST_MAX_BYTES)
    {
      set_too_large_error (error, st.st_size);
      close (fd);
      return NULL;
    }

  size = (gsize) st.st_size;
  buffer = g_malloc (size + 1);

  done = read_fd (fd, buffer, size, &read_errno);
  if (read_errno != 0)
    {
      set_unreadable_error (error, file, NULL, g_strerror (read_errno));
      close (fd);
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      close (fd);
      return NULL;
    }

  close (fd);
  buffer[done] = '\0';
  *len_out = done;

  return g_steal_pointer (&buffer);
}

/* Any other GFile (e.g. from GVfs), or a pipe: read in chunks, never
 * more than the limit. @file or @name names it in errors. */
static char *
read_stream (GFile         *file,
             const char    *name,
             GInputStream  *stream,
             gsize         *len_out,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GInputStream) opened = NULL;
  g_autoptr(GByteArray) array = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *chunk = g_malloc (65536);

  if (stream == NULL)
    {
      opened = (GInputStream *) g_file_read (file, cancellable, &local_error);
      if (opened == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            set_unreadable_error (error, file, name, local_error->message);
          return NULL;
        }
      stream = opened;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (stream, chunk, 65536, cancellable, &local_error);

      if (n < 0)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            set_unreadable_error (error, file, name, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (array->len + (gsize) n > EO_DEVICE_LIST_MAX_BYTES)
        {
          set_stream_too_large_error (error);
          return NULL;
        }
      g_byte_array_append (array, chunk, (guint) n);
    }

  *len_out = array->len;
  g_byte_array_append (array, (const guint8 *) "", 1);

  return (char *) g_byte_array_free (g_steal_pointer (&array), FALSE);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  EoDeviceList *list;

  list = eo_device_list_load (file, cancellable, &error);
  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, g_object_unref);
}

static EoDeviceList *
parse_copy (const char        *data,
            gsize              len,
            const EoColumnMap *map,
            GCancellable      *cancellable,
            GError           **error)
{
  char *buffer;

  if (len > EO_DEVICE_LIST_MAX_BYTES)
    {
      set_too_large_error (error, (goffset) len);
      return NULL;
    }

  buffer = g_malloc (len + 1);
  if (len > 0)
    memcpy (buffer, data, len);
  buffer[len] = '\0';

  return _eo_device_list_parse_take (buffer, len, map, cancellable, error);
}

/* Private API */

/* Checks that @data is UTF-8 text without NUL bytes. Big texts are
 * checked in two pieces at once, cut right after the first '\n' past the
 * middle (*split_out, or NULL when not cut); *first_stats counts the first
 * piece, *stats the whole text. */
gboolean
_eo_device_list_check_text (const char      *data,
                            gsize            len,
                            EoCsvTextStats  *stats,
                            const char     **split_out,
                            EoCsvTextStats  *first_stats,
                            GError         **error)
{
  CheckJob first = { data, len, EO_CSV_TEXT_OK, 0, { 0, 0, 0, 0 } };
  CheckJob second = { NULL, 0, EO_CSV_TEXT_OK, 0, { 0, 0, 0, 0 } };
  const char *split = NULL;
  GThread *thread = NULL;
  gsize bad = 0;
  EoCsvTextStatus status;

  *split_out = NULL;

  if (len > EO_DEVICE_LIST_MAX_BYTES)
    {
      set_too_large_error (error, (goffset) len);
      return FALSE;
    }

  if (len >= 2 && (((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe) ||
                   ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_NOT_TEXT,
                   _("The file is in UTF-16. Save it as “CSV UTF-8” and try again."));
      return FALSE;
    }

  if (len >= EO_PARALLEL_MIN_BYTES)
    {
      const char *nl = memchr (data + len / 2, '\n', len - len / 2);

      if (nl != NULL && nl + 1 < data + len)
        {
          split = nl + 1;
          first.len = (gsize) (split - data);
          second.data = split;
          second.len = len - first.len;
          thread = g_thread_try_new ("eo-check-text", check_text_thread, &second, NULL);
          if (thread == NULL)
            check_text_thread (&second);
        }
    }

  check_text_thread (&first);
  if (thread != NULL)
    g_thread_join (thread);

  /* The first bad byte of the file. */
  status = first.status;
  bad = first.bad;
  if (status == EO_CSV_TEXT_OK && second.status != EO_CSV_TEXT_OK)
    {
      status = second.status;
      bad = first.len + second.bad;
    }

  switch (status)
    {
    case EO_CSV_TEXT_NUL:
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_NOT_TEXT,
                   _("The file is not text: it contains binary data (on line %u). "
                     "Export the list from your spreadsheet as CSV."),
                   eo_csv_line_at_offset (data, bad));
      return FALSE;

    case EO_CSV_TEXT_INVALID_UTF8:
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_NOT_TEXT,
                   _("Line %u is not valid UTF-8 text. Save the file as “CSV UTF-8” "
                     "and try again."),
                   eo_csv_line_at_offset (data, bad));
      return FALSE;

    case EO_CSV_TEXT_OK:
    default:
      break;
    }

  *first_stats = first.stats;
  stats->newlines = first.stats.newlines + second.stats.newlines;
  stats->returns = first.stats.returns + second.stats.returns;
  stats->crlf = first.stats.crlf + second.stats.crlf; /* never split inside "\r\n" */
  stats->quotes = first.stats.quotes + second.stats.quotes;
  *split_out = split;
  return TRUE;
}

/* Public API */

EoDeviceList *
eo_device_list_new_from_data (const char  *data,
                              gsize        len,
                              GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_copy (data, len, NULL, NULL, error);
}

EoDeviceList *
eo_device_list_new_from_data_full (const char         *data,
                                   gsize               len,
                                   const EoColumnMap  *map,
                                   GError            **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_copy (data, len, map, NULL, error);
}

EoDeviceList *
eo_device_list_new_from_bytes (GBytes  *bytes,
                               GError **error)
{
  gconstpointer data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &len);

  return parse_copy (data, len, NULL, NULL, error);
}

/**
 * eo_device_list_new_take_data:
 * @data: (transfer full): g_malloc()ed text, with at least @len + 1 bytes
 * @len: length of the text; @data[@len] is overwritten with a NUL byte
 *
 * Like eo_device_list_new_from_data() but parses @data in place without a
 * copy. @data is freed (now or with the list) in every case.
 */
EoDeviceList *
eo_device_list_new_take_data (char     *data,
                              gsize     len,
                              GError  **error)
{
  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data[len] = '\0';
  return _eo_device_list_parse_take (data, len, NULL, NULL, error);
}

EoDeviceList *
eo_device_list_load (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return eo_device_list_load_full (file, NULL, cancellable, error);
}

EoDeviceList *
eo_device_list_load_full (GFile              *file,
                          const EoColumnMap  *map,
                          GCancellable       *cancellable,
                          GError            **error)
{
  const char *path;
  char *buffer;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  EO_TIME_PHASE ("start");
  path = g_file_peek_path (file);
  if (path != NULL)
    buffer = read_local (file, path, &len, cancellable, error);
  else
    buffer = read_stream (file, NULL, NULL, &len, cancellable, error);

  if (buffer == NULL)
    return NULL;

  return _eo_device_list_parse_take (buffer, len, map, cancellable, error);
}

EoDeviceList *
eo_device_list_load_fd (int            fd,
                        const char    *display_name,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return eo_device_list_load_fd_full (fd, display_name, NULL, cancellable, error);
}

EoDeviceList *
eo_device_list_load_fd_full (int                 fd,
                             const char         *display_name,
                             const EoColumnMap  *map,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autoptr(GInputStream) stream = NULL;
  char *buffer;
  gsize len = 0;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  stream = g_unix_input_stream_new (fd, FALSE);
  buffer = read_stream (NULL, display_name, stream, &len, cancellable, error);
  if (buffer == NULL)
    return NULL;

  return _eo_device_list_parse_take (buffer, len, map, cancellable, error);
}

void
eo_device_list_load_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, eo_device_list_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

EoDeviceList *
eo_device_list_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == eo_device_list_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

