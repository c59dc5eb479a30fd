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

#include "eo-csv-reader.h"
#include "eo-device-list.h"
#include "eo-error.h"
#include "eo-identifiers.h"

/* How it stays fast on a million rows (see tests/bench/bench-validate.c):
 * - the file is read once into one buffer (two threads each read half)
 *   that the CSV reader rewrites in place: every row points into it, no
 *   allocation per field, and rows live in one array sized in advance;
 * - one pass checks that the bytes are UTF-8 text and counts line ends
 *   (eight bytes at a time, two threads each on half);
 * - big files are then parsed and checked in two halves on two threads;
 * - messages exist only for rows with problems;
 * - duplicates are found with open-addressing tables of (hash, row index)
 *   built after the rows are read, two threads each taking half of the
 *   hash values.
 * Huge pages are not requested: fresh 2 MB pages were measured to fault
 * in slower than 4 kB ones on virtual machines that return free memory
 * to their host. */

#define NAME_MAX_CHARS 64
#define CANCEL_CHECK_ROWS 65536
#define PREFETCH_ROWS 16
/* Below these sizes, one thread does everything. */
#define PARALLEL_MIN_ROWS 50000
#define PARALLEL_MIN_BYTES (4 * 1024 * 1024)

/* Build with -DEO_TIMING to print when each phase ends. */
#ifdef EO_TIMING
#include <stdio.h>
#define TIMING(what) fprintf (stderr, "%-12s %.3f\n", what, g_get_monotonic_time () / 1e6)
#else
#define TIMING(what) G_STMT_START { } G_STMT_END
#endif

typedef struct
{
  guint32 hash[3]; /* per key column (EID, name, ICCID); 0 = no value */
} RowKeys;

enum
{
  KEY_EID = 0,
  KEY_NAME,
  KEY_ICCID,
};

/* Rows being read: the whole list, or one half read by its own thread. */
typedef struct
{
  EoDeviceRow *rows;
  RowKeys     *keys;
  guint        n_rows;
  guint        alloc;
  gboolean     can_grow;
  GArray      *problems;       /* EoProblem, row = index in this part */
  gboolean     problems_sorted;
} Part;

struct _EoDeviceList
{
  GObject      parent_instance;

  char        *buffer;       /* the file, rewritten in place by the reader */
  EoDeviceRow *rows;
  guint        n_rows;
  guint        rows_alloc;
  GArray      *problems;     /* EoProblem */
  gboolean     problems_sorted;

  guint        n_errors;
  guint        n_warnings;
  guint        n_valid;
  gboolean     has_iccid;

  GStrv        unknown_columns;
  GStrv        notes;
};

G_DEFINE_FINAL_TYPE (EoDeviceList, eo_device_list, G_TYPE_OBJECT)

static const char * const problem_codes[EO_PROBLEM_N_CODES] = {
  [EO_PROBLEM_EID_MISSING] = "eid-missing",
  [EO_PROBLEM_EID_NOT_DIGITS] = "eid-not-digits",
  [EO_PROBLEM_EID_LENGTH] = "eid-length",
  [EO_PROBLEM_EID_CHECK_DIGITS] = "eid-check-digits",
  [EO_PROBLEM_EID_SEPARATORS] = "eid-separators",
  [EO_PROBLEM_EID_DUPLICATE] = "eid-duplicate",
  [EO_PROBLEM_ICCID_NOT_DIGITS] = "iccid-not-digits",
  [EO_PROBLEM_ICCID_PREFIX] = "iccid-prefix",
  [EO_PROBLEM_ICCID_LENGTH] = "iccid-length",
  [EO_PROBLEM_ICCID_LUHN] = "iccid-luhn",
  [EO_PROBLEM_ICCID_PAD] = "iccid-pad",
  [EO_PROBLEM_ICCID_SEPARATORS] = "iccid-separators",
  [EO_PROBLEM_ICCID_DUPLICATE] = "iccid-duplicate",
  [EO_PROBLEM_NAME_MISSING] = "name-missing",
  [EO_PROBLEM_NAME_TOO_LONG] = "name-too-long",
  [EO_PROBLEM_NAME_CONTROL] = "name-control-chars",
  [EO_PROBLEM_NAME_DUPLICATE] = "name-duplicate",
  [EO_PROBLEM_ROW_FIELD_COUNT] = "row-field-count",
};

/* Helpers */

static void
problem_clear (gpointer data)
{
  EoProblem *problem = data;

  g_clear_pointer (&problem->message, g_free);
}

static inline guint32
hash_bytes (const char *s,
            gsize       len)
{
  guint64 h = G_GUINT64_CONSTANT (0x9e3779b97f4a7c15) ^ len;
  guint64 w;

  while (len >= 8)
    {
      memcpy (&w, s, 8);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
      h ^= h >> 32;
      s += 8;
      len -= 8;
    }
  if (len > 0)
    {
      w = 0;
      memcpy (&w, s, len);
      h = (h ^ w) * G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
      h ^= h >> 29;
    }
  h *= G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  h ^= h >> 32;

  return (guint32) h ? (guint32) h : 1;
}

static void
add_problem (Part          *part,
             guint          row_index,
             EoColumn       column,
             EoProblemCode  code,
             EoSeverity     severity,
             char          *message)
{
  EoDeviceRow *row = &part->rows[row_index];
  EoProblem problem;

  problem.row = row_index;
  problem.line = row->line;
  problem.column = column;
  problem.code = code;
  problem.severity = severity;
  problem.message = message;

  if (part->problems->len > 0)
    {
      const EoProblem *last = &g_array_index (part->problems, EoProblem,
                                              part->problems->len - 1);
      if (last->row > row_index)
        part->problems_sorted = FALSE;
    }
  g_array_append_val (part->problems, problem);

  row->n_problems++;
  if (severity > row->severity)
    row->severity = severity;
}

/* Removes every ' ' and '-' from @text in place; returns the new length. */
static inline gsize
remove_separators (char  *text,
                   gsize  len)
{
  gsize w = 0;

  for (gsize r = 0; r < len; r++)
    if (text[r] != ' ' && text[r] != '-')
      text[w++] = text[r];
  text[w] = '\0';

  return w;
}

static inline gboolean
has_separators (const char *text,
                gsize       len)
{
  return memchr (text, ' ', len) != NULL || memchr (text, '-', len) != NULL;
}

/* Offset of the first byte that is not an ASCII digit, or @len. Eight
 * bytes at a time while they are all digits. */
static inline gsize
first_non_digit (const char *text,
                 gsize       len)
{
  const guint64 high = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 v;

      memcpy (&v, text + i, sizeof v);
      /* A byte below '0' borrows, one above '9' carries into its high bit;
       * the lowest non-digit byte is always marked. */
      if (((v - G_GUINT64_CONSTANT (0x3030303030303030)) |
           (v + G_GUINT64_CONSTANT (0x4646464646464646))) & high)
        break;
    }
  for (; i < len; i++)
    if ((guchar) (text[i] - '0') > 9)
      break;
  return i;
}

/* The UTF-8 character at @p, as a new string. */
static char *
dup_char_at (const char *p)
{
  const char *next = g_utf8_next_char (p);

  return g_strndup (p, (gsize) (next - p));
}

static void
check_eid (Part         *part,
           guint         index,
           RowKeys      *keys,
           char         *text,
           gsize         len)
{
  EoDeviceRow *row = &part->rows[index];
  gsize bad;

  row->eid = text;

  /* The common case: exactly 32 digits. */
  if (len != EO_EID_LENGTH || first_non_digit (text, len) != len)
    {
      if (has_separators (text, len))
        {
          len = remove_separators (text, len);
          add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_SEPARATORS,
                       EO_SEVERITY_WARNING,
                       g_strdup (_("Spaces or dashes were removed from the EID.")));
        }

      if (len == 0)
        {
          add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_MISSING,
                       EO_SEVERITY_ERROR,
                       g_strdup (_("The EID is missing: add the 32-digit EID of this phone.")));
          return;
        }

      keys->hash[KEY_EID] = hash_bytes (text, len);

      bad = first_non_digit (text, len);
      if (bad != len)
        {
          g_autofree char *c = dup_char_at (text + bad);

          add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_NOT_DIGITS,
                       EO_SEVERITY_ERROR,
                       g_strdup_printf (_("The EID may contain only digits, but it contains “%s”. "
                                          "Was a letter typed instead of a digit?"), c));
          return;
        }

      if (len != EO_EID_LENGTH)
        {
          add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_LENGTH,
                       EO_SEVERITY_ERROR,
                       g_strdup_printf (g_dngettext (NULL,
                                                     "The EID has %u digit, but an EID has 32. "
                                                     "Check that no digit is missing or repeated.",
                                                     "The EID has %u digits, but an EID has 32. "
                                                     "Check that no digit is missing or repeated.",
                                                     (gulong) len),
                                        (guint) len));
          return;
        }
    }
  else
    {
      keys->hash[KEY_EID] = hash_bytes (text, len);
    }

  {
    guint found = (guint) (text[30] - '0') * 10 + (guint) (text[31] - '0');

    if (found < 2 || found > 98 || eo_digits_mod97 (text, len) != 1)
      {
        guint expected = eo_eid_compute_check (text);

        add_problem (part, index, EO_COLUMN_EID, EO_PROBLEM_EID_CHECK_DIGITS,
                     EO_SEVERITY_ERROR,
                     g_strdup_printf (_("EID check digits are wrong: expected …%02u, found …%c%c. "
                                        "Was a digit mistyped?"),
                                      expected, text[30], text[31]));
      }
  }
}

static void
check_name (Part         *part,
            guint         index,
            RowKeys      *keys,
            char         *text,
            gsize         len)
{
  EoDeviceRow *row = &part->rows[index];
  const guchar *p = (const guchar *) text;
  gboolean control = FALSE;
  gsize n_chars = 0;

  /* Spaces kept inside quotes are still not part of a name: trim them
   * too, so that the normalized CSV reads back as the same name. */
  while (len > 0 && (text[0] == ' ' || text[0] == '\t'))
    {
      text++;
      len--;
    }
  while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    text[--len] = '\0';
  p = (const guchar *) text;

  row->name = text;

  if (len == 0)
    {
      add_problem (part, index, EO_COLUMN_NAME, EO_PROBLEM_NAME_MISSING,
                   EO_SEVERITY_ERROR,
                   g_strdup (_("The device name is missing: add a name that helps you recognize this phone.")));
      return;
    }

  keys->hash[KEY_NAME] = hash_bytes (text, len);

  /* The text is valid UTF-8: count lead bytes, and look for C0 and C1
   * control characters (U+0080..U+009F is encoded C2 80..C2 9F). */
  for (gsize i = 0; i < len; i++)
    {
      guchar c = p[i];

      n_chars += (c & 0xc0) != 0x80;
      if (c < 0x20 || c == 0x7f || (c == 0xc2 && i + 1 < len && p[i + 1] < 0xa0))
        control = TRUE;
    }

  if (n_chars > NAME_MAX_CHARS)
    add_problem (part, index, EO_COLUMN_NAME, EO_PROBLEM_NAME_TOO_LONG,
                 EO_SEVERITY_ERROR,
                 g_strdup_printf (_("The name has %u characters; shorten it to %u characters or fewer."),
                                  (guint) n_chars, (guint) NAME_MAX_CHARS));

  if (control)
    add_problem (part, index, EO_COLUMN_NAME, EO_PROBLEM_NAME_CONTROL,
                 EO_SEVERITY_ERROR,
                 g_strdup (_("The name contains a line break, tab or other control character: remove it.")));
}

static void
check_iccid (Part         *part,
             guint         index,
             RowKeys      *keys,
             char         *text,
             gsize         len)
{
  EoDeviceRow *row = &part->rows[index];
  gboolean fast;
  gsize bad;

  if (len == 0)
    return;

  row->iccid = text;

  fast = (len == 19 || len == 20) && first_non_digit (text, len) == len;
  if (!fast)
    {
      gsize padded = len;

      if (has_separators (text, len))
        {
          len = remove_separators (text, len);
          add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_SEPARATORS,
                       EO_SEVERITY_WARNING,
                       g_strdup (_("Spaces or dashes were removed from the ICCID.")));
        }

      padded = len;
      while (len > 0 && (text[len - 1] == 'F' || text[len - 1] == 'f'))
        len--;
      if (len != padded)
        {
          text[len] = '\0';
          add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_PAD,
                       EO_SEVERITY_WARNING,
                       g_strdup (_("The padding “F” at the end of the ICCID was removed.")));
        }

      if (len == 0)
        {
          /* Only separators or padding: treat as not given. */
          row->iccid = NULL;
          return;
        }
    }

  keys->hash[KEY_ICCID] = hash_bytes (text, len);

  if (!fast)
    {
      bad = first_non_digit (text, len);
      if (bad != len)
        {
          g_autofree char *c = dup_char_at (text + bad);

          add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_NOT_DIGITS,
                       EO_SEVERITY_ERROR,
                       g_strdup_printf (_("The ICCID may contain only digits, but it contains “%s”. "
                                          "Correct it, or leave the cell empty."), c));
          return;
        }
    }

  if (len < 2 || text[0] != '8' || text[1] != '9')
    add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_PREFIX,
                 EO_SEVERITY_ERROR,
                 g_strdup_printf (_("An ICCID starts with 89, but this one starts with “%.*s”. "
                                    "Check that the number copied is the ICCID."),
                                  (int) MIN (len, 2), text));

  if (len != 19 && len != 20)
    {
      add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_LENGTH,
                   EO_SEVERITY_ERROR,
                   g_strdup_printf (g_dngettext (NULL,
                                                 "The ICCID has %u digit, but an ICCID has 19 or 20. "
                                                 "Check that no digit is missing or repeated.",
                                                 "The ICCID has %u digits, but an ICCID has 19 or 20. "
                                                 "Check that no digit is missing or repeated.",
                                                 (gulong) len),
                                    (guint) len));
      return;
    }

  if (!eo_luhn_is_valid (text, len))
    add_problem (part, index, EO_COLUMN_ICCID, EO_PROBLEM_ICCID_LUHN,
                 EO_SEVERITY_ERROR,
                 g_strdup_printf (_("ICCID check digit is wrong: expected …%u, found …%c. "
                                    "Was a digit mistyped?"),
                                  eo_luhn_compute_check (text, len - 1), text[len - 1]));
}

static const char *
row_key (const EoDeviceRow *row,
         guint              key)
{
  switch (key)
    {
    case KEY_EID:
      return row->eid;
    case KEY_NAME:
      return row->name;
    case KEY_ICCID:
    default:
      return row->iccid;
    }
}

static char *
duplicate_message (guint key,
                   guint other_line)
{
  switch (key)
    {
    case KEY_EID:
      return g_strdup_printf (_("The same EID is also on line %u. Each eSIM can be listed only once: "
                                "remove one of the rows or correct the EID."), other_line);
    case KEY_ICCID:
      return g_strdup_printf (_("The same ICCID is also on line %u. Remove one of the rows or "
                                "correct the ICCID."), other_line);
    case KEY_NAME:
    default:
      return g_strdup_printf (_("The same name is also used on line %u. Consider giving each "
                                "phone its own name so you can tell them apart."), other_line);
    }
}

typedef struct
{
  guint32 row;    /* gets the problem */
  guint32 other;  /* whose line the message names */
} DupHit;

typedef struct
{
  EoDeviceList  *self;
  const RowKeys *keys;
  guint64       *slots;   /* owned; a power of two, at most 3/4 full */
  gsize          n_slots;
  int            half;    /* only keys whose hash has this top bit; -1: all */
  GArray        *hits[3]; /* DupHit per key, owned by the caller */
} DupJob;

/* Linear duplicate search: an open-addressing table (linear probing) of
 * (hash, row index + 1) pairs, about half full, never over 3/4. A row
 * that repeats an earlier one is reported naming the first one's line; the
 * first one is reported (once) naming the first repeat's line. It only
 * reads the rows, so two jobs can run at once, each for the keys whose
 * hash has its top bit (equal keys have equal hashes); the hits become
 * problems afterwards, in the calling thread. */
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
  const RowKeys *keys = job->keys;
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

  for (guint key = KEY_EID; key <= KEY_ICCID; key++)
    {
      if (key == KEY_ICCID && !job->self->has_iccid)
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
                  DupJob       *job)
{
  static const EoColumn columns[] = { EO_COLUMN_EID, EO_COLUMN_NAME, EO_COLUMN_ICCID };
  static const EoProblemCode codes[] = {
    EO_PROBLEM_EID_DUPLICATE, EO_PROBLEM_NAME_DUPLICATE, EO_PROBLEM_ICCID_DUPLICATE,
  };
  static const EoSeverity severities[] = {
    EO_SEVERITY_ERROR, EO_SEVERITY_WARNING, EO_SEVERITY_ERROR,
  };
  Part whole = { self->rows, NULL, self->n_rows, self->rows_alloc, FALSE,
                 self->problems, self->problems_sorted };

  for (guint key = KEY_EID; key <= KEY_ICCID; key++)
    for (guint k = 0; k < job->hits[key]->len; k++)
      {
        const DupHit *hit = &g_array_index (job->hits[key], DupHit, k);

        add_problem (&whole, hit->row, columns[key], codes[key], severities[key],
                     duplicate_message (key, self->rows[hit->other].line));
      }
  self->problems_sorted = whole.problems_sorted;
}

static int
compare_problems_in_row (const EoProblem *a,
                         const EoProblem *b)
{
  if (a->column != b->column)
    return a->column < b->column ? -1 : 1;
  if (a->code != b->code)
    return a->code < b->code ? -1 : 1;
  return 0;
}

/* Makes each row's problems contiguous (counting sort on the row index,
 * then a tiny insertion sort inside each row) and sets first_problem. */
static void
finish_problems (EoDeviceList *self)
{
  guint n = self->problems->len;
  guint offset = 0;

  for (guint i = 0; i < self->n_rows; i++)
    {
      EoDeviceRow *row = &self->rows[i];

      row->first_problem = offset;
      offset += row->n_problems;
    }

  if (!self->problems_sorted && n > 0)
    {
      EoProblem *src = (EoProblem *) (gpointer) self->problems->data;
      g_autofree EoProblem *sorted = g_new (EoProblem, n);
      g_autofree guint *fill = g_new0 (guint, self->n_rows);

      for (guint k = 0; k < n; k++)
        {
          guint r = src[k].row;

          sorted[self->rows[r].first_problem + fill[r]++] = src[k];
        }
      memcpy (src, sorted, sizeof (EoProblem) * n);
      self->problems_sorted = TRUE;
    }

  for (guint i = 0; i < self->n_rows; i++)
    {
      EoDeviceRow *row = &self->rows[i];

      if (row->n_problems > 1)
        {
          EoProblem *p = &g_array_index (self->problems, EoProblem, row->first_problem);

          for (guint a = 1; a < row->n_problems; a++)
            {
              EoProblem tmp = p[a];
              guint b = a;

              while (b > 0 && compare_problems_in_row (&p[b - 1], &tmp) > 0)
                {
                  p[b] = p[b - 1];
                  b--;
                }
              p[b] = tmp;
            }
        }

      if (row->severity == EO_SEVERITY_ERROR)
        self->n_errors++;
      else
        self->n_valid++;

      if (row->n_problems > 0 && row->severity >= EO_SEVERITY_WARNING)
        {
          const EoProblem *p = &g_array_index (self->problems, EoProblem, row->first_problem);

          for (guint k = 0; k < row->n_problems; k++)
            if (p[k].severity == EO_SEVERITY_WARNING)
              {
                self->n_warnings++;
                break;
              }
        }
    }
}

static gboolean
header_is (const char *name,
           const char *wanted)
{
  return g_ascii_strcasecmp (name, wanted) == 0;
}

static char *
join_found_columns (EoCsvReader *reader)
{
  g_autoptr(GString) found = g_string_new (NULL);

  for (guint i = 0; i < reader->n_fields; i++)
    {
      if (reader->fields[i].len == 0)
        continue;
      if (found->len > 0)
        g_string_append (found, ", ");
      g_string_append_printf (found, "“%s”", reader->fields[i].text);
    }

  if (found->len == 0)
    return g_strdup (_("none"));
  return g_string_free (g_steal_pointer (&found), FALSE);
}

/* Reads the header record: which field holds which column. */
static gboolean
read_header (EoDeviceList  *self,
             EoCsvReader   *reader,
             int           *col_eid,
             int           *col_name,
             int           *col_iccid,
             GError       **error)
{
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *found = NULL;

  *col_eid = *col_name = *col_iccid = -1;

  for (guint i = 0; i < reader->n_fields; i++)
    {
      const char *name = reader->fields[i].text;
      int *slot = NULL;

      if (reader->fields[i].len == 0)
        continue;

      if (header_is (name, "EID"))
        slot = col_eid;
      else if (header_is (name, "Name") || header_is (name, "Device Name") ||
               header_is (name, "Display Name"))
        slot = col_name;
      else if (header_is (name, "ICCID"))
        slot = col_iccid;

      if (slot != NULL && *slot < 0)
        *slot = (int) i;
      else
        g_ptr_array_add (unknown, g_strdup (name));
    }

  if (*col_eid < 0 || *col_name < 0)
    {
      found = join_found_columns (reader);

      if (*col_eid < 0 && *col_name < 0)
        g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                     _("The file has no “EID” column and no “Name” column. Its first line must "
                       "name the columns, for example “EID,Name,ICCID”. Columns found: %s."),
                     found);
      else if (*col_eid < 0)
        g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                     _("The file has no “EID” column. Columns found: %s."), found);
      else
        g_set_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS,
                     _("The file has no “Name” column (“Device Name” and “Display Name” are "
                       "accepted too). Columns found: %s."), found);
      return FALSE;
    }

  self->has_iccid = *col_iccid >= 0;

  if (unknown->len > 0)
    {
      g_autofree char *joined = NULL;
      GPtrArray *notes = g_ptr_array_new ();

      g_ptr_array_add (unknown, NULL);
      self->unknown_columns = (GStrv) g_ptr_array_free (g_steal_pointer (&unknown), FALSE);
      joined = g_strjoinv (", ", self->unknown_columns);

      g_ptr_array_add (notes, g_strdup_printf (g_dngettext (NULL,
                                                            "Ignored column: %s",
                                                            "Ignored columns: %s",
                                                            g_strv_length (self->unknown_columns)),
                                               joined));
      g_ptr_array_add (notes, NULL);
      self->notes = (GStrv) g_ptr_array_free (notes, FALSE);
    }

  return TRUE;
}

typedef struct
{
  const char      *data;
  gsize            len;
  EoCsvTextStatus  status;
  gsize            bad;
  EoCsvTextStats   stats;
} CheckJob;

static gpointer
check_text_thread (gpointer data)
{
  CheckJob *job = data;

  job->status = eo_csv_check_text (job->data, job->len, &job->bad, &job->stats);
  return NULL;
}

/* Checks that @data is UTF-8 text without NUL bytes. Big texts are
 * checked in two pieces at once, cut right after the first '\n' past the
 * middle (*split_out, or NULL when not cut); *first_stats counts the first
 * piece, *stats the whole text. */
static gboolean
check_text (const char      *data,
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
      g_autofree char *size = g_format_size (len);
      g_autofree char *limit = g_format_size (EO_DEVICE_LIST_MAX_BYTES);

      g_set_error (error, EO_ERROR, EO_ERROR_FILE_TOO_LARGE,
                   _("The file is %s, more than the limit of %s. Split it into smaller lists."),
                   size, limit);
      return FALSE;
    }

  if (len >= 2 && (((guchar) data[0] == 0xff && (guchar) data[1] == 0xfe) ||
                   ((guchar) data[0] == 0xfe && (guchar) data[1] == 0xff)))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_NOT_TEXT,
                   _("The file is in UTF-16. Save it as “CSV UTF-8” and try again."));
      return FALSE;
    }

  if (len >= PARALLEL_MIN_BYTES)
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

static void
set_empty_error (GError **error)
{
  g_set_error (error, EO_ERROR, EO_ERROR_FILE_EMPTY,
               _("The file is empty. It needs a header line such as “EID,Name,ICCID”, "
                 "then one line per phone."));
}

static void
set_unterminated_error (GError **error,
                        guint    line)
{
  g_set_error (error, EO_ERROR, EO_ERROR_FILE_MALFORMED,
               _("The quote (\") opened on line %u is never closed. Add the missing "
                 "closing quote."), line);
}

static gsize
table_size (guint n_rows)
{
  gsize n_slots = 16;

  while (n_slots < (gsize) n_rows * 2)
    n_slots *= 2;
  return n_slots;
}

typedef struct
{
  Part          part;
  EoCsvReader  *reader;
  guint         n_header_fields;
  int           col_eid;
  int           col_name;
  int           col_iccid;
  GCancellable *cancellable;
  EoCsvStatus   status;  /* EO_CSV_RECORD when cancelled */
} ReadJob;

/* Reads and checks every record of the job's reader. Runs in a thread of
 * its own when the file is read in two halves: it only touches its part. */
static gpointer
read_rows (gpointer data)
{
  ReadJob *job = data;
  Part *part = &job->part;
  EoCsvReader *reader = job->reader;
  const guint n_header_fields = job->n_header_fields;
  const int col_eid = job->col_eid;
  const int col_name = job->col_name;
  const int col_iccid = job->col_iccid;
  EoCsvStatus status;

  while ((status = eo_csv_reader_next (reader)) == EO_CSV_RECORD)
    {
      const EoCsvField *fields = reader->fields;
      guint n_fields = reader->n_fields;
      EoDeviceRow *row;
      RowKeys *k;
      guint index;

      if (eo_csv_reader_is_blank (reader))
        continue;

      if (G_UNLIKELY (part->n_rows == part->alloc))
        {
          /* Only lone-CR files have more rows than lines; their part may
           * grow. A half never needs to (see parse_take). */
          g_assert (part->can_grow);
          part->alloc = part->alloc * 2 + 16;
          part->rows = g_renew (EoDeviceRow, part->rows, part->alloc);
          part->keys = g_renew (RowKeys, part->keys, part->alloc);
        }

      if (G_UNLIKELY ((part->n_rows % CANCEL_CHECK_ROWS) == 0 &&
                      g_cancellable_is_cancelled (job->cancellable)))
        {
          job->status = EO_CSV_RECORD;
          return NULL;
        }

      index = part->n_rows++;
      row = &part->rows[index];
      k = &part->keys[index];
      row->eid = "";
      row->name = "";
      row->iccid = NULL;
      row->line = reader->record_line;
      row->severity = EO_SEVERITY_OK;
      row->first_problem = 0;
      row->n_problems = 0;
      k->hash[0] = k->hash[1] = k->hash[2] = 0;

      if (n_fields != n_header_fields)
        add_problem (part, index, EO_COLUMN_NONE, EO_PROBLEM_ROW_FIELD_COUNT,
                     EO_SEVERITY_WARNING,
                     g_strdup_printf (g_dngettext (NULL,
                                                   "This row has %u cell but the header has %u. "
                                                   "Check for a missing or extra separator.",
                                                   "This row has %u cells but the header has %u. "
                                                   "Check for a missing or extra separator.",
                                                   n_fields),
                                      n_fields, n_header_fields));

      if ((guint) col_eid < n_fields)
        check_eid (part, index, k, fields[col_eid].text, fields[col_eid].len);
      else
        check_eid (part, index, k, (char *) "", 0);

      if ((guint) col_name < n_fields)
        check_name (part, index, k, fields[col_name].text, fields[col_name].len);
      else
        check_name (part, index, k, (char *) "", 0);

      if (col_iccid >= 0 && (guint) col_iccid < n_fields)
        check_iccid (part, index, k, fields[col_iccid].text, fields[col_iccid].len);
    }

  job->status = status;
  return NULL;
}

/* Where a second thread can start: the first record starting after the
 * middle of the body, right after a '\n' (so the first reader never looks
 * past it). Found by walking the records without writing, which also
 * counts the records before it. FALSE when there is no such place. */
static gboolean
find_split (EoCsvReader  *reader,
            char        **split,
            guint        *split_line,
            guint        *n_records)
{
  EoCsvReader scan = *reader;
  char *start = eo_csv_reader_get_pos (reader);
  char *middle = start + (reader->end - start) / 2;
  char *pos;
  guint n = 0;

  for (;;)
    {
      if (eo_csv_reader_skip (&scan) != EO_CSV_RECORD)
        return FALSE;
      n++;
      pos = eo_csv_reader_get_pos (&scan);
      if (pos >= scan.end)
        return FALSE;
      if (pos >= middle && pos[-1] == '\n')
        break;
    }

  *split = pos;
  *split_line = eo_csv_reader_get_line (&scan);
  *n_records = n;
  return TRUE;
}

/* Takes @buffer (g_malloc'd, @len bytes of text plus a NUL byte). */
static EoDeviceList *
parse_take (char          *buffer,
            gsize          len,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(EoDeviceList) self = NULL;
  g_autofree RowKeys *keys = NULL;
  EoCsvReader reader;
  EoCsvStatus status;
  char *text = buffer;
  gsize text_len = len;
  EoCsvTextStats stats;
  EoCsvTextStats first_stats;
  const char *text_split = NULL;
  int col_eid, col_name, col_iccid;
  guint n_header_fields;
  gsize n_slots;
  GThread *helper = NULL;

  self = g_object_new (EO_TYPE_DEVICE_LIST, NULL);
  self->buffer = buffer;

  if (len == 0)
    {
      set_empty_error (error);
      return NULL;
    }

  TIMING ("read");
  if (!check_text (buffer, len, &stats, &text_split, &first_stats, error))
    return NULL;
  TIMING ("checktext");

  if (text_len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      text_len -= 3;
    }

  eo_csv_reader_init (&reader, text, text_len,
                      eo_csv_detect_separator (text, text_len), 1);

  /* The header: the first record that is not blank. */
  do
    status = eo_csv_reader_next (&reader);
  while (status == EO_CSV_RECORD && eo_csv_reader_is_blank (&reader));

  if (status == EO_CSV_END)
    {
      eo_csv_reader_clear (&reader);
      set_empty_error (error);
      return NULL;
    }
  if (status == EO_CSV_UNTERMINATED)
    {
      eo_csv_reader_clear (&reader);
      set_unterminated_error (error, reader.error_line);
      return NULL;
    }

  if (!read_header (self, &reader, &col_eid, &col_name, &col_iccid, error))
    {
      eo_csv_reader_clear (&reader);
      return NULL;
    }
  n_header_fields = reader.n_fields;

  /* Every record but the last ends with a LF or a CR: that bounds the
   * rows, so the arrays never move (only touched pages cost memory). */
  self->rows_alloc = (guint) MIN (stats.newlines + stats.returns - stats.crlf + 1,
                                  (gsize) G_MAXUINT32 / 2);
  self->rows = g_new (EoDeviceRow, self->rows_alloc);
  keys = g_new (RowKeys, self->rows_alloc);

  {
    EoCsvReader second_reader;
    ReadJob first = { { self->rows, keys, 0, self->rows_alloc, TRUE, self->problems, TRUE },
                      &reader, n_header_fields, col_eid, col_name, col_iccid, cancellable,
                      EO_CSV_END };
    ReadJob second = first;
    GThread *thread = NULL;
    char *split = NULL;
    guint split_line = 0;
    guint n_first = 0;

    /* Big files are read in two halves, one per core. Without quotes
     * before it, the place where the text check cut the file is a record
     * start, and its line is known from the counts; otherwise walk. */
    if (self->rows_alloc >= PARALLEL_MIN_ROWS && text_split != NULL &&
        first_stats.quotes == 0 && text_split > eo_csv_reader_get_pos (&reader) &&
        text_split < reader.end)
      {
        split = (char *) text_split;
        split_line = 1 + (guint) (first_stats.newlines + first_stats.returns - first_stats.crlf);
        n_first = split_line - eo_csv_reader_get_line (&reader);
      }
    else if (self->rows_alloc >= PARALLEL_MIN_ROWS)
      {
        if (!find_split (&reader, &split, &split_line, &n_first))
          split = NULL;
      }

    if (split != NULL)
      {
        TIMING ("split");
        eo_csv_reader_init (&second_reader, split, (gsize) (reader.end - split),
                            reader.separator, split_line);
        eo_csv_reader_set_end (&reader, split);

        first.part.alloc = n_first;
        first.part.can_grow = FALSE;
        second.reader = &second_reader;
        second.part.rows = self->rows + n_first;
        second.part.keys = keys + n_first;
        second.part.alloc = self->rows_alloc - n_first;
        second.part.can_grow = FALSE;
        second.part.problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
        g_array_set_clear_func (second.part.problems, problem_clear);

        thread = g_thread_try_new ("eo-read-rows", read_rows, &second, NULL);
        if (thread == NULL)
          {
            /* No thread: read both halves here, one after the other. */
            read_rows (&second);
          }
      }

    read_rows (&first);
    if (thread != NULL)
      g_thread_join (thread);
    TIMING ("rows");

    if (second.reader == &second_reader)
      {
        if (first.status == EO_CSV_END)
          {
            first.status = second.status;
            reader.error_line = second_reader.error_line;
          }
        eo_csv_reader_clear (&second_reader);

        /* Join the halves: rows of the second follow the first's (the gap
         * is the number of blank records in the first half, usually 0). */
        if (first.part.n_rows != n_first)
          {
            memmove (self->rows + first.part.n_rows, second.part.rows,
                     sizeof (EoDeviceRow) * second.part.n_rows);
            memmove (keys + first.part.n_rows, second.part.keys,
                     sizeof (RowKeys) * second.part.n_rows);
          }
        for (guint k = 0; k < second.part.problems->len; k++)
          {
            EoProblem *p = &g_array_index (second.part.problems, EoProblem, k);

            p->row += first.part.n_rows;
          }
        g_array_append_vals (self->problems, second.part.problems->data,
                             second.part.problems->len);
        /* The messages now belong to self->problems. */
        g_array_set_clear_func (second.part.problems, NULL);
        g_array_unref (second.part.problems);
        first.part.problems_sorted = first.part.problems_sorted && second.part.problems_sorted;
        first.part.n_rows += second.part.n_rows;
      }

    eo_csv_reader_clear (&reader);
    self->rows = first.part.rows;
    self->rows_alloc = first.part.alloc > self->rows_alloc ? first.part.alloc : self->rows_alloc;
    keys = first.part.keys;
    self->n_rows = first.part.n_rows;
    self->problems_sorted = first.part.problems_sorted;
    status = first.status;
  }

  if (status == EO_CSV_RECORD)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }

  if (status == EO_CSV_UNTERMINATED)
    {
      set_unterminated_error (error, reader.error_line);
      return NULL;
    }

  if (self->n_rows == 0)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_FILE_HEADER_ONLY,
                   _("The file has a header line but no devices. Add one line per phone "
                     "below the header."));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* With two jobs each sees about half of the keys, so tables start sized
   * for half of the rows; a single job's table grows once. */
  n_slots = table_size (self->n_rows / 2);

  {
    DupJob jobs[2];

    /* Two threads, each for half of the hash values: equal keys always
     * meet in the same one. */
    for (guint t = 0; t < 2; t++)
      {
        jobs[t].self = self;
        jobs[t].keys = keys;
        jobs[t].half = self->n_rows >= PARALLEL_MIN_ROWS ? (int) t : -1;
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
    TIMING ("dups");

    for (guint t = 0; t < 2; t++)
      {
        apply_duplicates (self, &jobs[t]);
        for (guint key = 0; key < 3; key++)
          g_array_unref (jobs[t].hits[key]);
        g_free (jobs[t].slots);
      }
  }

  finish_problems (self);
  TIMING ("finish");

  return g_steal_pointer (&self);
}

static void set_too_large_error (GError  **error,
                                 goffset   size);

static EoDeviceList *
parse_copy (const char    *data,
            gsize          len,
            GCancellable  *cancellable,
            GError       **error)
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

  return parse_take (buffer, len, cancellable, error);
}

static void
set_unreadable_error (GError     **error,
                      GFile       *file,
                      const char  *reason)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, EO_ERROR, EO_ERROR_FILE_UNREADABLE,
               _("Could not read “%s”: %s"), name, reason);
}

static void
set_too_large_error (GError  **error,
                     goffset   size)
{
  g_autofree char *size_str = g_format_size ((guint64) size);
  g_autofree char *limit = g_format_size (EO_DEVICE_LIST_MAX_BYTES);

  g_set_error (error, EO_ERROR, EO_ERROR_FILE_TOO_LARGE,
               _("The file is %s, more than the limit of %s. Split it into smaller lists."),
               size_str, limit);
}

typedef struct
{
  int    fd;
  char  *buffer;
  gsize  offset;
  gsize  size;
  int    error;  /* errno */
  gsize  done;
} ReadPart;

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

static char *read_stream (GFile         *file,
                          GInputStream  *stream,
                          gsize         *len_out,
                          GCancellable  *cancellable,
                          GError       **error);

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
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      set_unreadable_error (error, file, g_strerror (saved));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      set_unreadable_error (error, file, g_strerror (saved));
      close (fd);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      set_unreadable_error (error, file, _("it is a folder"));
      close (fd);
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || st.st_size == 0)
    {
      /* A pipe, or a file whose size is not known in advance. */
      g_autoptr(GInputStream) stream = g_unix_input_stream_new (fd, TRUE);

      return read_stream (file, stream, len_out, cancellable, error);
    }

  if ((guint64) st.st_size > EO_DEVICE_LIST_MAX_BYTES)
    {
      set_too_large_error (error, st.st_size);
      close (fd);
      return NULL;
    }

  size = (gsize) st.st_size;
  buffer = g_malloc (size + 1);

  /* Two threads each read half: filling fresh memory is what costs most
   * here, and two cores fault pages in twice as fast. */
  if (size >= PARALLEL_MIN_BYTES)
    {
      ReadPart second = { fd, buffer, size / 2, size - size / 2, 0, 0 };
      ReadPart first = { fd, buffer, 0, size / 2, 0, 0 };
      GThread *thread = g_thread_try_new ("eo-read", read_part_thread, &second, NULL);

      read_part_thread (&first);
      if (thread != NULL)
        g_thread_join (thread);
      else
        read_part_thread (&second);

      if (first.error != 0 || second.error != 0)
        {
          set_unreadable_error (error, file,
                                g_strerror (first.error ? first.error : second.error));
          close (fd);
          return NULL;
        }
      /* A file that shrank meanwhile: keep what is contiguous. */
      done = first.done < first.size ? first.done : first.size + second.done;
    }
  else
    {
      ReadPart whole = { fd, buffer, 0, size, 0, 0 };

      read_part_thread (&whole);
      if (whole.error != 0)
        {
          set_unreadable_error (error, file, g_strerror (whole.error));
          close (fd);
          return NULL;
        }
      done = whole.done;
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

/* Any other GFile (e.g. from GVfs), or a pipe: read in chunks. */
static char *
read_stream (GFile         *file,
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
            set_unreadable_error (error, file, local_error->message);
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
            set_unreadable_error (error, file, local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (array->len + (gsize) n > EO_DEVICE_LIST_MAX_BYTES)
        {
          set_too_large_error (error, (goffset) array->len + n);
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

/* Parent overrides and class */

static void
eo_device_list_finalize (GObject *object)
{
  EoDeviceList *self = (EoDeviceList *) object;

  g_clear_pointer (&self->problems, g_array_unref);
  g_clear_pointer (&self->rows, g_free);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->unknown_columns, g_strfreev);
  g_clear_pointer (&self->notes, g_strfreev);

  G_OBJECT_CLASS (eo_device_list_parent_class)->finalize (object);
}

static void
eo_device_list_class_init (EoDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eo_device_list_finalize;
}

static void
eo_device_list_init (EoDeviceList *self)
{
  self->problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));
  g_array_set_clear_func (self->problems, problem_clear);
  self->problems_sorted = TRUE;
}

/* Public API */

const char *
eo_problem_code_to_string (EoProblemCode code)
{
  g_return_val_if_fail (code < EO_PROBLEM_N_CODES, NULL);

  return problem_codes[code];
}

EoDeviceList *
eo_device_list_new_from_data (const char  *data,
                              gsize        len,
                              GError     **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_copy (data, len, NULL, error);
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

  return parse_copy (data, len, NULL, error);
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
  return parse_take (data, len, NULL, error);
}

EoDeviceList *
eo_device_list_load (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  const char *path;
  char *buffer;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  TIMING ("start");
  path = g_file_peek_path (file);
  if (path != NULL)
    buffer = read_local (file, path, &len, cancellable, error);
  else
    buffer = read_stream (file, NULL, &len, cancellable, error);

  if (buffer == NULL)
    return NULL;

  return parse_take (buffer, len, cancellable, error);
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

guint
eo_device_list_get_n_rows (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_rows;
}

const EoDeviceRow *
eo_device_list_get_row (EoDeviceList *self,
                        guint         index)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  return &self->rows[index];
}

guint
eo_device_list_get_n_problems (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->problems->len;
}

const EoProblem *
eo_device_list_get_problem (EoDeviceList *self,
                            guint         index)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);

  return &g_array_index (self->problems, EoProblem, index);
}

guint
eo_device_list_get_n_errors (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_errors;
}

guint
eo_device_list_get_n_warnings (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_warnings;
}

guint
eo_device_list_get_n_valid (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), 0);

  return self->n_valid;
}

gboolean
eo_device_list_has_iccid_column (EoDeviceList *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), FALSE);

  return self->has_iccid;
}

const char * const *
eo_device_list_get_unknown_columns (EoDeviceList *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), empty);

  return self->unknown_columns ? (const char * const *) self->unknown_columns : empty;
}

const char * const *
eo_device_list_get_notes (EoDeviceList *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), empty);

  return self->notes ? (const char * const *) self->notes : empty;
}

char *
eo_device_list_dup_row_message (EoDeviceList *self,
                                guint         index)
{
  const EoDeviceRow *row;
  GString *message;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);
  g_return_val_if_fail (index < self->n_rows, NULL);

  row = &self->rows[index];
  message = g_string_new (NULL);

  for (guint k = 0; k < row->n_problems; k++)
    {
      const EoProblem *p = &g_array_index (self->problems, EoProblem, row->first_problem + k);

      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append (message, p->message);
    }

  return g_string_free (message, FALSE);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

GBytes *
eo_device_list_to_normalized_csv (EoDeviceList *self)
{
  GString *out;

  g_return_val_if_fail (EO_IS_DEVICE_LIST (self), NULL);

  out = g_string_sized_new (16 + (gsize) self->n_valid * 72);
  g_string_append (out, self->has_iccid ? "EID,Name,ICCID\n" : "EID,Name\n");

  for (guint i = 0; i < self->n_rows; i++)
    {
      const EoDeviceRow *row = &self->rows[i];

      if (row->severity == EO_SEVERITY_ERROR)
        continue;

      append_csv_field (out, row->eid);
      g_string_append_c (out, ',');
      append_csv_field (out, row->name);
      if (self->has_iccid)
        {
          g_string_append_c (out, ',');
          if (row->iccid != NULL)
            append_csv_field (out, row->iccid);
        }
      g_string_append_c (out, '\n');
    }

  return g_string_free_to_bytes (out);
}
