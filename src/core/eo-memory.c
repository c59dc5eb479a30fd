/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-memory"

#include "config.h"

#include <gio/gio.h>
#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include "eo-memory.h"

static gint trimming;
static guint n_trims;

static void
trim_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
#ifdef HAVE_MALLOC_TRIM
  malloc_trim (0);
#endif
  g_atomic_int_inc ((gint *) &n_trims);
  g_atomic_int_set (&trimming, 0);
  g_task_return_boolean (task, TRUE);
}

void
eo_memory_trim_async (void)
{
  g_autoptr(GTask) task = NULL;

  if (!g_atomic_int_compare_and_exchange (&trimming, 0, 1))
    return; /* one is on its way: it trims this too */
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, eo_memory_trim_async);
  g_task_run_in_thread (task, trim_thread);
}

guint
eo_memory_get_n_trims (void)
{
  return (guint) g_atomic_int_get ((gint *) &n_trims);
}
