/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-list"

#include "config.h"

#include <string.h>

#include "eo-device-list-private.h"

/* Linear duplicate search: an open-addressing table (linear probing) of
 * 32-bit slots, about half full, never over 3/4: each holds a row index
 * + 1 in its low bits and the top bits of that row's key hash in the
 * others (so that few probes read another row's text). The hashes are
 * computed here, a few rows ahead of their lookup, and not stored: four
 * bytes per row per table is all it costs. A row that repeats an earlier
 * one is reported naming the line of the last row before it with the
 * same key (its slot then holds the new row); the first one is reported
 * (once) naming the first repeat's line. So an edit of one row changes
 * the message of at most two others (eo-device-list-edit.c names the
 * same rows), however large the group. It only reads the rows, so two
 * jobs can run at once, each for the keys whose hash has its top bit
 * (equal keys have equal hashes); the hits become problems afterwards, in
 * the calling thread. Each job lists its first hits only (the ones that
 * can be kept under the cap of their code) and marks the others in a
 * bitmap, so that a file whose rows all repeat a name costs a bit per
 * row. */

#define PREFETCH_ROWS 16

typedef struct
{
  guint32 row;    /* gets the problem */
  guint32 other;  /* whose line the message names */
} DupHit;

typedef struct
{
  EoDeviceList    *self;
  guint32         *slots;   /* owned; a power of two, at most 3/4 full */
  gsize            n_slots;
  guint            index_bits; /* of a slot holding the row index + 1 */
  int              half;    /* only keys whose hash has this top bit; -1: all */
  GArray          *hits[3]; /* DupHit per key (the first ones), owned by the caller */
  guint32         *more[3]; /* per key: a bit per row hit beyond hits, or NULL */
} DupJob;

/* Helpers */

static inline const char *
row_key (EoDeviceList *self,
         guint         index,
         guint         key)
{
  const EoDeviceRow *row = &self->rows[index];
  guint32 offset;

  switch (key)
    {
    case EO_KEY_EID:
      offset = row->eid_offset;
      break;
    case EO_KEY_NAME:
      offset = row->name_offset;
      break;
    case EO_KEY_ICCID:
    default:
      offset = row->iccid_offset;
      break;
    }
  return _eo_device_list_text (self, offset);
}

/* The hash of a row's key, 0 when it has none (an empty or absent text). */
static inline guint32
row_hash (EoDeviceList *self,
          guint         index,
          guint         key)
{
  const EoDeviceRow *row = &self->rows[index];
  const char *text = row_key (self, index, key);

  /* A spreadsheet's damage makes many EIDs alike: not duplicates. */
  if (text == NULL || *text == '\0' ||
      (key == EO_KEY_EID && row->eid_damaged) || (key == EO_KEY_ICCID && row->iccid_damaged))
    return 0;
  return _eo_hash_bytes (text, strlen (text));
}

static gsize
table_size (guint n_rows)
{
  gsize n_slots = 16;

  while (n_slots < (gsize) n_rows * 2)
    n_slots *= 2;
  return n_slots;
}

static inline void
set_bit (guint32 **bits,
         guint     n_rows,
         guint     index)
{
  if (*bits == NULL)
    *bits = g_new0 (guint32, n_rows / 32 + 1);
  (*bits)[index / 32] |= 1u << (index % 32);
}

static inline gboolean
get_bit (const guint32 *bits,
         guint          index)
{
  return bits != NULL && (bits[index / 32] & (1u << (index % 32))) != 0;
}

/* Doubles the table, keeping its entries (their hashes computed again). */
static void
grow_table (DupJob *job,
            guint   key)
{
  gsize n_slots = job->n_slots * 2;
  gsize mask = n_slots - 1;
  guint32 *slots = g_new0 (guint32, n_slots);
  guint32 index_mask = (guint32) ((G_GUINT64_CONSTANT (1) << job->index_bits) - 1);

  for (gsize k = 0; k < job->n_slots; k++)
    {
      guint32 slot = job->slots[k];
      gsize b;

      if (slot == 0)
        continue;
      for (b = row_hash (job->self, (slot & index_mask) - 1, key) & mask; slots[b] != 0;
           b = (b + 1) & mask)
        ;
      slots[b] = slot;
    }

  g_free (job->slots);
  job->slots = slots;
  job->n_slots = n_slots;
}

/* Notes that @row repeats @other's key (or the reverse). */
static inline void
add_hit (DupJob *job,
         guint   key,
         guint32 row,
         guint32 other)
{
  GArray *hits = job->hits[key];

  if (hits->len < EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE)
    {
      DupHit hit = { row, other };

      g_array_append_val (hits, hit);
    }
  else
    set_bit (&job->more[key], job->self->n_rows, row);
}

static void
find_duplicates (DupJob *job,
                 guint   key)
{
  EoDeviceList *self = job->self;
  guint32 *slots = job->slots;
  guint n_rows = self->n_rows;
  g_autofree guint32 *reported = NULL;
  gsize mask = job->n_slots - 1;
  gsize n_used = 0;
  const int half = job->half;
  const guint32 index_mask = (guint32) ((G_GUINT64_CONSTANT (1) << job->index_bits) - 1);
  guint32 ahead[PREFETCH_ROWS];

  for (guint i = 0; i < PREFETCH_ROWS && i < n_rows; i++)
    ahead[i] = row_hash (self, i, key);

  for (guint i = 0; i < n_rows; i++)
    {
      guint32 h = ahead[i % PREFETCH_ROWS];
      guint32 tag;
      const char *text;
      gsize b;

      /* The slots are hit at random: start fetching a few rows ahead. */
      if (G_LIKELY (i + PREFETCH_ROWS < n_rows))
        {
          guint32 next = row_hash (self, i + PREFETCH_ROWS, key);

          ahead[i % PREFETCH_ROWS] = next;
          __builtin_prefetch (&slots[next & mask], 1);
        }

      if (h == 0 || (half >= 0 && (int) (h >> 31) != half))
        continue;

      tag = h & ~index_mask;
      text = NULL;
      for (b = h & mask;; b = (b + 1) & mask)
        {
          guint32 slot = slots[b];
          guint j;

          if (slot == 0)
            {
              slots[b] = tag | (guint32) (i + 1);
              /* Sized for half full: grow at three quarters (only when
               * the hashes are very uneven between the two halves). */
              if (G_UNLIKELY (++n_used * 4 > job->n_slots * 3))
                {
                  grow_table (job, key);
                  slots = job->slots;
                  mask = job->n_slots - 1;
                }
              break;
            }
          if ((slot & ~index_mask) != tag)
            continue;

          j = (slot & index_mask) - 1;
          if (text == NULL)
            text = row_key (self, i, key);
          if (strcmp (row_key (self, j, key), text) != 0)
            continue;

          /* Every repeat is marked: one not marked is a group's first. */
          if (!get_bit (reported, j))
            {
              set_bit (&reported, n_rows, j);
              add_hit (job, key, j, i);
            }
          add_hit (job, key, i, j);
          set_bit (&reported, n_rows, i);
          slots[b] = tag | (guint32) (i + 1);
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
        memset (job->slots, 0, job->n_slots * sizeof (guint32));
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
  EoRowPart whole = {
    .buffer = self->buffer,
    .empty_offset = self->empty_offset,
    .rows = self->rows,
    .n_rows = self->n_rows,
    .alloc = self->rows_alloc,
    .can_grow = FALSE,
    .problems = self->problems,
    .problems_sorted = self->problems_sorted,
    .counts = self->counts,
  };

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

      /* The rows hit beyond a job's list: a job listed the first cap's
       * worth, so the merged lists filled the cap and these are only
       * counted. */
      for (guint t = 0; t < 2; t++)
        {
          const guint32 *more = jobs[t].more[key];

          if (more == NULL)
            continue;
          g_assert (whole.counts.kept[codes[key]] >= EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE);
          for (guint w = 0; w <= self->n_rows / 32; w++)
            {
              guint32 bits = more[w];

              while (bits != 0)
                {
                  guint r = w * 32 + (guint) __builtin_ctz (bits);

                  bits &= bits - 1;
                  _eo_row_part_add_problem (&whole, r, columns[key], codes[key], severities[key],
                                            0, 0, NULL, 0);
                }
            }
        }
    }
  self->problems_sorted = whole.problems_sorted;
  self->counts = whole.counts;
}

/* Private API */

/* Finds the rows whose EID, ICCID or name repeats another's, and adds
 * their problems. */
void
_eo_duplicates_find (EoDeviceList *self)
{
  /* With two jobs each sees about half of the keys, so tables start sized
   * for half of the rows; a single job's table grows once. */
  gsize n_slots = table_size (self->n_rows / 2);
  DupJob jobs[2];
  GThread *helper = NULL;

  /* Two threads, each for half of the hash values: equal keys always
   * meet in the same one. */
  for (guint t = 0; t < 2; t++)
    {
      jobs[t].self = self;
      jobs[t].index_bits = g_bit_storage (self->n_rows);
      jobs[t].half = self->n_rows >= EO_PARALLEL_MIN_ROWS ? (int) t : -1;
      jobs[t].n_slots = n_slots;
      jobs[t].slots = NULL;
      if (t == 0 || jobs[t].half >= 0)
        jobs[t].slots = g_new0 (guint32, n_slots);
      for (guint key = 0; key < 3; key++)
        {
          jobs[t].hits[key] = g_array_new (FALSE, FALSE, sizeof (DupHit));
          jobs[t].more[key] = NULL;
        }
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
        {
          g_array_unref (jobs[t].hits[key]);
          g_free (jobs[t].more[key]);
        }
      g_free (jobs[t].slots);
    }
}
