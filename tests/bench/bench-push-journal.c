/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The push journal's main-thread time at fleet size (issue 14): 100,000
 * phones in 1,000 batches of 100, each recorded before it is sent and its
 * command IDs after. Written on the main thread (record_batch,
 * record_sent: an fsync each) against the writer thread
 * (record_batch_async, queue_found, flush): the time the main thread
 * spends in the journal's calls, in total and the longest one.
 *
 *   build/tests/bench/bench-push-journal [-n 100000] [-d DIR]
 *
 * DIR (default: a folder under /var/tmp, a real disk) is where the
 * journals go; fsync costs what that disk costs. */
#define G_LOG_DOMAIN "bench-push-journal"

#include "config.h"

#include <glib/gstdio.h>

#include "eo-push-journal.h"

#define BATCH 100

typedef struct
{
  gint64 total_us;
  gint64 max_us;
} Spent;

static void
spend (Spent  *spent,
       gint64  began_us)
{
  gint64 took = g_get_monotonic_time () - began_us;

  spent->total_us += took;
  spent->max_us = MAX (spent->max_us, took);
}

static EoPushJournal *
new_journal (const char *dir,
             const char *id,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  EoPushJournal *journal = eo_push_journal_open (dir, id, &error);

  g_assert_no_error (error);
  g_assert_true (eo_push_journal_begin (journal, "https://jamf.example", "https://smdp.example", &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *m = g_strdup_printf ("mgmt-%08u", i);
      g_autofree char *eid = g_strdup_printf ("89049032000000000000000%09u", i);

      eo_push_journal_add (journal, m, eid, "8901990000000000011", "Phone");
    }
  return journal;
}

static GPtrArray *
fake_ids (guint batch)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < BATCH; i++)
    g_ptr_array_add (ids, g_strdup_printf ("cmd-%u-%u", batch, i));
  return ids;
}

static GPtrArray *
slice (EoPushJournal *journal,
       guint          first)
{
  GPtrArray *entries = eo_push_journal_get_entries (journal);
  GPtrArray *part = g_ptr_array_new ();

  for (guint i = first; i < MIN (first + BATCH, entries->len); i++)
    g_ptr_array_add (part, g_ptr_array_index (entries, i));
  return part;
}

static Spent
run_sync (const char *dir,
          guint       n)
{
  g_autoptr(EoPushJournal) journal = new_journal (dir, "sync", n);
  Spent spent = { 0 };

  for (guint first = 0; first < n; first += BATCH)
    {
      g_autoptr(GPtrArray) part = slice (journal, first);
      g_autoptr(GPtrArray) ids = NULL;
      g_autoptr(GError) error = NULL;
      gint64 began = g_get_monotonic_time ();
      guint batch = eo_push_journal_record_batch (journal, part, &error);

      spend (&spent, began);
      g_assert_no_error (error);
      ids = fake_ids (batch);
      began = g_get_monotonic_time ();
      g_assert_true (eo_push_journal_record_sent (journal, batch, ids, &error));
      spend (&spent, began);
    }
  return spent;
}

typedef struct
{
  EoPushJournal *journal;
  Spent          spent;
  guint          n_pending;
  gboolean       flushed;
} Async;

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Async *async = user_data;
  g_autoptr(GError) error = NULL;
  gint64 began = g_get_monotonic_time ();
  guint batch = eo_push_journal_record_batch_finish (async->journal, result, &error);
  g_autoptr(GPtrArray) ids = NULL;

  g_assert_no_error (error);
  ids = fake_ids (batch);
  /* What the pusher does once the MDM answers (here at once). */
  eo_push_journal_queue_found (async->journal, batch, ids, NULL);
  spend (&async->spent, began);
  async->n_pending--;
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Async *async = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_push_journal_flush_finish (async->journal, result, &error));
  async->flushed = TRUE;
}

static Spent
run_async (const char *dir,
           guint       n)
{
  Async async = { 0 };

  async.journal = new_journal (dir, "async", n);
  /* Five in flight, as the pusher sends them. */
  for (guint first = 0; first < n; first += BATCH)
    {
      g_autoptr(GPtrArray) part = slice (async.journal, first);
      gint64 began;

      while (async.n_pending >= 5)
        g_main_context_iteration (NULL, TRUE);
      began = g_get_monotonic_time ();
      eo_push_journal_record_batch_async (async.journal, part, recorded_cb, &async);
      spend (&async.spent, began);
      async.n_pending++;
    }
  while (async.n_pending > 0)
    g_main_context_iteration (NULL, TRUE);
  eo_push_journal_flush_async (async.journal, flushed_cb, &async);
  while (!async.flushed)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (async.journal);
  return async.spent;
}

int
main (int   argc,
      char *argv[])
{
  int n = 100000;
  g_autofree char *dir = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "devices", 'n', 0, G_OPTION_ARG_INT, &n, "Phones (default 100000)", "N" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Folder of the journals", "DIR" },
    { NULL }
  };
  gint64 began;
  Spent sync, async;
  double sync_s, async_s;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n < 1)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "-n must be positive");
      return 2;
    }
  if (dir == NULL)
    {
      dir = g_strdup ("/var/tmp/bench-push-journal-XXXXXX");
      g_assert_nonnull (g_mkdtemp (dir));
    }

  began = g_get_monotonic_time ();
  sync = run_sync (dir, (guint) n);
  sync_s = (g_get_monotonic_time () - began) / 1e6;
  began = g_get_monotonic_time ();
  async = run_async (dir, (guint) n);
  async_s = (g_get_monotonic_time () - began) / 1e6;

  g_print ("Push journal, %d phones in %d batches of %d (journals in %s)\n", n, (n + BATCH - 1) / BATCH, BATCH, dir);
  g_print ("  main thread writes (fsync there):   main-thread time %8.1f ms, longest call %6.2f ms, wall %.2f s\n",
           sync.total_us / 1e3, sync.max_us / 1e3, sync_s);
  g_print ("  writer thread (record before send): main-thread time %8.1f ms, longest call %6.2f ms, wall %.2f s\n",
           async.total_us / 1e3, async.max_us / 1e3, async_s);
  for (const char *id = "sync"; id != NULL; id = g_str_equal (id, "sync") ? "async" : NULL)
    {
      g_autofree char *name = g_strconcat (id, ".jsonl", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  return 0;
}
