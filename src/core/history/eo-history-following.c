/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history"

/* "Following" marks: while a process follows an upload (the app's jobs,
 * the CLI's follow and status --wait), a file following/LOCAL_ID in the
 * history folder holds its PID; it goes when the follow-up ends. Other
 * processes read it to tell whether an upload is followed; one left by a
 * process that is gone means the follow-up did not finish. */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "eo-history.h"

static char *
dup_mark_path (EoHistory      *self,
               EoUploadRecord *record)
{
  return g_build_filename (eo_history_get_dir (self), "following",
                           eo_upload_record_get_local_id (record), NULL);
}

void
eo_history_set_following (EoHistory      *self,
                          EoUploadRecord *record,
                          gboolean        following)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pid = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (EO_IS_HISTORY (self));
  g_return_if_fail (EO_IS_UPLOAD_RECORD (record));

  path = dup_mark_path (self, record);
  if (!following)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        g_debug ("Could not remove %s: %s", path, g_strerror (errno));
      return;
    }
  dir = g_path_get_dirname (path);
  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, pid, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_debug ("Could not mark %s as followed: %s", path, error != NULL ? error->message : g_strerror (errno));
}

gint64
eo_history_get_follower (EoHistory      *self,
                         EoUploadRecord *record,
                         gboolean       *interrupted)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gint64 pid;

  g_return_val_if_fail (EO_IS_HISTORY (self), 0);
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), 0);

  if (interrupted != NULL)
    *interrupted = FALSE;
  path = dup_mark_path (self, record);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  pid = g_ascii_strtoll (text, NULL, 10);
  if (pid > 0 && pid <= G_MAXINT && pid != getpid () && (kill ((pid_t) pid, 0) == 0 || errno == EPERM))
    return pid; /* another live process follows it */
  if (interrupted != NULL)
    *interrupted = TRUE;
  return 0;
}

const char *
eo_history_get_followed_text (void)
{
  return _("Another eSIM Onboard follows this upload right now: stop following it there first.");
}
