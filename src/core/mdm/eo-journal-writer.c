/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-journal-writer.h"

typedef struct
{
  char  *path;
  char  *line;
  GTask *task;
} Append;

gboolean
eo_journal_write_line (const char  *path,
                       const char  *line,
                       GError     **error)
{
  gsize len = strlen (line), done = 0;
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  int saved;

  if (fd < 0)
    goto failed;
  while (done < len)
    {
      gssize n = write (fd, line + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      done += (gsize) n;
    }
  if (fsync (fd) != 0)
    goto failed;
  close (fd);
  return TRUE;

failed:
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("Cannot write the push journal %s: %s"), path, g_strerror (saved));
  return FALSE;
}

static void
append_cb (gpointer data,
           gpointer pool_data)
{
  Append *append = data;
  GError *error = NULL;

  if (eo_journal_write_line (append->path, append->line, &error))
    g_task_return_boolean (append->task, TRUE);
  else
    g_task_return_error (append->task, error);
  g_object_unref (append->task);
  g_free (append->path);
  g_free (append->line);
  g_free (append);
}

/* One thread: the lines of a journal stay in order. */
static GThreadPool *
get_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (append_cb, NULL, 1, FALSE, NULL));
  return pool;
}

void
eo_journal_writer_append_async (const char          *path,
                                char                *line,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Append *append = g_new0 (Append, 1);

  append->path = g_strdup (path);
  append->line = line;
  append->task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (append->task, eo_journal_writer_append_async);
  g_thread_pool_push (get_pool (), append, NULL);
}

gboolean
eo_journal_writer_append_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
