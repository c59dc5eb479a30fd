/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include "eo-device-list-private.h"

/* Linear duplicate search: an open-addressing table (linear probing) of
 * (hash, row index + 1) pairs, about half full, never over 3/4. A row
 * that repeats an earlier one is reported naming the first one's line; the
 * first one is reported (once) naming the first repeat's line. It only
 * reads the rows, so two jobs can run at once, each for the keys whose
 * hash has its top bit (equal keys have equal hashes); the hits become
 * problems afterwards, in the calling thread. */

#define PREFETCH_ROWS 16

typedef struct
{
  guint32 row;    /* gets the problem */
  guint32 other;  /* whose line the message names */
} DupHit;

typedef struct
{
  EoDeviceList    *self;
  const EoRowKeys *keys;
  guint64         *slots;   /* owned; a power of two, at most 3/4 full */
  gsize            n_slots;
  int              half;    /* only keys whose hash has this top bit; -1: all */
  GArray          *hits[3]; /* DupHit per key, owned by the caller */
} DupJob;

/* Helpers */

static const char *
row_key (const EoDeviceRow *row,
         guint              key)
{
  switch (key)
    {
    case EO_KEY_EID:
      return row->eid;
    case EO_KEY_NAME:
      return row->name;
    case EO_KEY_ICCID:
    default:
      return row->iccid;
    }
}

static gsize
table_size (guint n_rows)
{
  gsize n_slots = 16;

  while (n_slots < (gsize) n_rows * 2)
    n_slots *= 2;
  return n_slots;
}

/* Doubles the table, keeping its entries. */
static void
grow_table (DupJob *job)
{
  gsize n_slots = job->n_slots * 2;
  gsize mask = n_slots - 1;
  guint64 *slots = g_new0 (guint64, n_slots);

  for (gsize k = 0; k < job->n_slots; k++)
    {
      guint64 slot = job->slots[k];
      gsize b;

      if (slot == 0)
        continue;
      for (b = (slot >> 32) & mask; slots[b] != 0; b = (b + 1) & mask)
        ;
      slots[b] = slot;
    }

  g_free (job->slots);
  job->slots = slots;
  job->n_slots = n_slots;
}

static void
find_duplicates (DupJob *job,
                 guint   key)
{
  const EoDeviceRow *rows = job->self->rows;
  const EoRowKeys *keys = job->keys;
  guint64 *slots = job->slots;
  guint n_rows = job->self->n_rows;
  g_autofree guint8 *reported = NULL;
  gsize mask = job->n_slots - 1;
  gsize n_used = 0;
  GArray *hits = job->hits[key];
  const int half = job->half;

  for (guint i = 0; i < n_rows; i++)
    {
      guint32 h = keys[i].hash[key];
      gsize b;

      /* The slots are hit at random: start fetching a few rows ahead. */
      if (G_LIKELY (i + PREFETCH_ROWS < n_rows))
        __builtin_prefetch (&slots[keys[i + PREFETCH_ROWS].hash[key] & mask], 1);

      if (h == 0 || (half >= 0 && (int) (h >> 31) != half))
        continue;

      for (b = h & mask;; b = (b + 1) & mask)
        {
          guint64 slot = slots[b];
          guint j;

          if (slot == 0)
            {
              slots[b] = ((guint64) h << 32) | (guint64) (i + 1);
              /* Sized for half full: grow at three quarters (only when
               * the hashes are very uneven between the two halves). */
              if (G_UNLIKELY (++n_used * 4 > job->n_slots * 3))
                {
                  grow_table (job);
                  slots = job->slots;
                  mask = job->n_slots - 1;
                }
              break;
            }
          if ((guint32) (slot >> 32) != h)
            continue;

          j = (guint) (slot & 0xffffffffu) - 1;
          if (strcmp (row_key (&rows[j], key), row_key (&rows[i], key)) != 0)
            continue;

          if (reported == NULL)
            reported = g_new0 (guint8, n_rows);
          if (!reported[j])
            {
              DupHit first = { j, i };

              reported[j] = 1;
              g_array_append_val (hits, first);
            }
          {
            DupHit repeat = { i, j };

            g_array_append_val (hits, repeat);
          }
          break;
        }
    }
}

static gpointer
find_all_duplicates (gpointer data)
{
  DupJob *job = data;
  gboolean used = FALSE;

  for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
    {
      if (key == EO_KEY_ICCID && !job->self->has_iccid)
        continue;
      if (used)
        memset (job->slots, 0, job->n_slots * sizeof (guint64));
      find_duplicates (job, key);
      used = TRUE;
    }

  return NULL;
}

static void
apply_duplicates (EoDeviceList *self,
                  DupJob       *jobs)
{
  static const EoColumn columns[] = { EO_COLUMN_EID, EO_COLUMN_NAME, EO_COLUMN_ICCID };
  static const EoProblemCode codes[] = {
    EO_PROBLEM_EID_DUPLICATE, EO_PROBLEM_NAME_DUPLICATE, EO_PROBLEM_ICCID_DUPLICATE,
  };
  static const EoSeverity severities[] = {
    EO_SEVERITY_ERROR, EO_SEVERITY_WARNING, EO_SEVERITY_ERROR,
  };
  EoRowPart whole = { self->rows, NULL, self->n_rows, self->rows_alloc, FALSE,
                      self->problems, self->problems_sorted, self->counts, 0, 0 };

  /* The hits of each key in row order (merging the two jobs' lists, each
   * nearly in row order already), so that the problems kept under the
   * caps are about the first rows. */
  for (guint key = EO_KEY_EID; key <= EO_KEY_ICCID; key++)
    {
      GArray *a = jobs[0].hits[key];
      GArray *b = jobs[1].hits[key];
      guint ia = 0, ib = 0;

      while (ia < a->len || ib < b->len)
        {
          const DupHit *hit;

          if (ib >= b->len ||
              (ia < a->len && g_array_index (a, DupHit, ia).row <= g_array_index (b, DupHit, ib).row))
            hit = &g_array_index (a, DupHit, ia++);
          else
            hit = &g_array_index (b, DupHit, ib++);

          _eo_row_part_add_problem (&whole, hit->row, columns[key], codes[key], severities[key],
                                    self->rows[hit->other].line, 0, NULL, 0);
        }
    }
  self->problems_sorted = whole.problems_sorted;
  self->counts = whole.counts;
}

/* Private API */

/* Finds the rows whose EID, ICCID or name repeats another's, and adds
 * their problems. */
void
_eo_duplicates_find (EoDeviceList    *self,
                     const EoRowKeys *keys)
{
  /* With two jobs each sees about half of the keys, so tables start sized
   * for half of the rows; a single job's table grows once. */
  gsize n_slots = table_size (self->n_rows / 2);
  DupJob jobs[2];
  GThread *helper = NULL;

  g_assert (keys != NULL);

  /* Two threads, each for half of the hash values: equal keys always
   * meet in the same one. */
  for (guint t = 0; t < 2; t++)
    {
      jobs[t].self = self;
      jobs[t].keys = keys;
      jobs[t].half = self->n_rows >= EO_PARALLEL_MIN_ROWS ? (int) t : -1;
      jobs[t].n_slots = n_slots;
      jobs[t].slots = NULL;
      if (t == 0 || jobs[t].half >= 0)
        {
          jobs[t].slots = g_new0 (guint64, n_slots);
        }
      for (guint key = 0; key < 3; key++)
        jobs[t].hits[key] = g_array_new (FALSE, FALSE, sizeof (DupHit));
    }

  if (jobs[0].half >= 0)
    {
      helper = g_thread_try_new ("eo-duplicates", find_all_duplicates, &jobs[1], NULL);
      find_all_duplicates (&jobs[0]);
      if (helper != NULL)
        g_thread_join (g_steal_pointer (&helper));
      else
        find_all_duplicates (&jobs[1]);
    }
  else
    find_all_duplicates (&jobs[0]);
  EO_TIME_PHASE ("dups");

  apply_duplicates (self, jobs);
  for (guint t = 0; t < 2; t++)
    {
      for (guint key = 0; key < 3; key++)
        g_array_unref (jobs[t].hits[key]);
      g_free (jobs[t].slots);
    }
}
