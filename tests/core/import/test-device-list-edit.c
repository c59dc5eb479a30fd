/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-device-list-edit"

#include "config.h"

#include <string.h>

#include "eo-device-list-edit.h"
#include "eo-device-list-private.h"
#include "eo-identifiers.h"
#include "eo-test-import.h"
#include "eo-test-util.h"

/* Edits of a device list (eo-device-list-edit.h): a row's checks and the
 * duplicates across the list follow each edit, both ways; the counts;
 * undo and redo give back exactly what was; deletions; the bulk fixes;
 * Save As reads back as the same rows. */

/* The problem codes of row @row, e.g. "eid-duplicate:4 name-missing"
 * (a duplicate with the line it names; without with_lines, not). */
static char *
codes_of_full (EoDeviceList *list,
               guint         row,
               gboolean      with_lines)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));

  _eo_device_list_row_problems (list, row, problems);
  for (guint k = 0; k < problems->len; k++)
    {
      const EoProblem *p = &g_array_index (problems, EoProblem, k);

      g_string_append_printf (out, "%s%s", out->len ? " " : "", eo_problem_code_to_string (p->code));
      if (with_lines && (p->code == EO_PROBLEM_EID_DUPLICATE || p->code == EO_PROBLEM_NAME_DUPLICATE ||
                         p->code == EO_PROBLEM_ICCID_DUPLICATE))
        g_string_append_printf (out, ":%u", p->values[0]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
codes_of (EoDeviceList *list,
          guint         row)
{
  return codes_of_full (list, row, TRUE);
}

/* As codes_of, each duplicate with the table position of the row whose
 * line it names instead ("eid-duplicate@3"): the same in an edited list
 * and in the list its Save As reads back as. */
static char *
codes_with_positions (EoDeviceList *list,
                      guint         row)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GArray) problems = g_array_new (FALSE, FALSE, sizeof (EoProblem));

  _eo_device_list_row_problems (list, row, problems);
  for (guint k = 0; k < problems->len; k++)
    {
      const EoProblem *p = &g_array_index (problems, EoProblem, k);

      g_string_append_printf (out, "%s%s", out->len ? " " : "", eo_problem_code_to_string (p->code));
      if (p->code == EO_PROBLEM_EID_DUPLICATE || p->code == EO_PROBLEM_NAME_DUPLICATE ||
          p->code == EO_PROBLEM_ICCID_DUPLICATE)
        {
          int named = eo_device_list_find_row_by_line (list, p->values[0]);

          g_assert_cmpint (named, >=, 0);
          g_assert_false (eo_device_list_get_row (list, (guint) named)->deleted);
          g_string_append_printf (out, "@%u", eo_device_list_get_position (list, (guint) named));
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
eid (guint n)
{
  return eo_test_make_eid (n);
}

typedef struct
{
  GArray *rows;
  guint   n_signals;
} Changed;

static void
rows_changed_cb (EoDeviceList *list,
                 guint         n_rows,
                 const guint  *rows,
                 Changed      *changed)
{
  g_array_set_size (changed->rows, 0);
  g_array_append_vals (changed->rows, rows, n_rows);
  for (guint i = 1; i < n_rows; i++)
    g_assert_cmpuint (rows[i - 1], <, rows[i]);
  changed->n_signals++;
}

static gboolean
changed_has (Changed *changed,
             guint    row)
{
  for (guint i = 0; i < changed->rows->len; i++)
    if (g_array_index (changed->rows, guint, i) == row)
      return TRUE;
  return FALSE;
}

static EoDeviceList *
load_rows (guint        n,
           const char  *extra_header,
           Changed     *changed)
{
  g_autoptr(GString) text = g_string_new ("EID,Name");
  EoDeviceList *list;

  if (extra_header != NULL)
    g_string_append_printf (text, ",%s", extra_header);
  g_string_append_c (text, '\n');
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *e = eid (i + 1);

      g_string_append_printf (text, "%s,Phone %u", e, i);
      if (extra_header != NULL)
        g_string_append_printf (text, ",SN%04u,Model %u", i, i % 3);
      g_string_append_c (text, '\n');
    }
  list = eo_test_load_ok (text->str);
  if (changed != NULL)
    {
      changed->rows = g_array_new (FALSE, FALSE, sizeof (guint));
      g_signal_connect (list, "rows-changed", G_CALLBACK (rows_changed_cb), changed);
    }
  return list;
}

static void
assert_counts (EoDeviceList *list,
               guint         n_valid,
               guint         n_errors,
               guint         n_warnings)
{
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, n_valid);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, n_errors);
  g_assert_cmpuint (eo_device_list_get_n_warnings (list), ==, n_warnings);
}

/* An EID fixed: the row's error goes, the counts follow, undo brings the
 * row back byte for byte, redo the fix. */
static void
test_fix_eid (void)
{
  g_autofree char *good = eid (7);
  g_autofree char *bad = g_strdup (good);
  g_autoptr(GString) text = g_string_new ("EID,Name,ICCID\n");
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  EoDeviceRow before;

  bad[31] = bad[31] == '0' ? '1' : '0';
  g_string_append_printf (text, "%s,A,%s\n", bad, EO_TEST_ICCID);
  list = eo_test_load_ok (text->str);
  before = *eo_device_list_get_row (list, 0);
  g_assert_cmpint (before.severity, ==, EO_SEVERITY_ERROR);
  assert_counts (list, 0, 1, 0);
  g_assert_false (eo_device_list_can_undo (list));
  g_assert_cmpuint (eo_device_list_get_edit_state (list), ==, 0);

  g_assert_true (eo_device_list_edit_row (list, 0, good, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, good);
  g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
  g_assert_cmpint (eo_device_list_get_row (list, 0)->severity, ==, EO_SEVERITY_OK);
  message = eo_device_list_dup_row_message (list, 0);
  g_assert_cmpstr (message, ==, "");
  assert_counts (list, 1, 0, 0);
  g_assert_true (eo_device_list_row_is_sent (list, 0));
  g_assert_cmpuint (eo_device_list_get_edit_state (list), !=, 0);

  /* The same text again is no step. */
  g_assert_true (eo_device_list_edit_row (list, 0, good, "A", EO_TEST_ICCID, &error));
  g_assert_true (eo_device_list_undo (list));
  g_assert_false (eo_device_list_can_undo (list));
  g_assert_cmpuint (eo_device_list_get_edit_state (list), ==, 0);
  g_assert_cmpint (memcmp (&before, eo_device_list_get_row (list, 0), sizeof before), ==, 0);
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, bad);
  assert_counts (list, 0, 1, 0);

  g_assert_true (eo_device_list_redo (list));
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, good);
  assert_counts (list, 1, 0, 0);
  g_assert_false (eo_device_list_can_redo (list));

  /* A note (a retry's reason): cleaned, after the problems, kept through
   * edits, not a problem. */
  eo_device_list_set_row_note (list, 0, "Refused:\nICCID in use\x1b");
  g_assert_cmpstr (eo_device_list_row_get_note (list, 0), ==, "Refused: ICCID in use");
  g_clear_pointer (&message, g_free);
  message = eo_device_list_dup_row_message (list, 0);
  g_assert_cmpstr (message, ==, "Refused: ICCID in use");
  g_assert_true (eo_device_list_edit_row (list, 0, NULL, "B", NULL, NULL));
  g_assert_cmpstr (eo_device_list_row_get_note (list, 0), ==, "Refused: ICCID in use");
  assert_counts (list, 1, 0, 0);
  g_assert_true (eo_device_list_undo (list));
  eo_device_list_set_row_note (list, 0, NULL);
  g_assert_null (eo_device_list_row_get_note (list, 0));

  /* Bad input: no step. */
  g_assert_false (eo_device_list_edit_row (list, 0, NULL, "\xff\xfe", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  {
    g_autofree char *huge = g_strnfill (EO_DEVICE_LIST_EDIT_MAX_BYTES + 1, 'x');

    g_assert_false (eo_device_list_edit_row (list, 0, NULL, huge, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  }
  g_assert_true (eo_device_list_undo (list));
  g_assert_false (eo_device_list_can_undo (list));
}

/* An edit that makes two EIDs equal makes both rows errors, each naming
 * the other's line; editing it away takes both back. */
static void
test_duplicate_both_ways (void)
{
  Changed changed = { 0 };
  g_autoptr(EoDeviceList) list = load_rows (4, NULL, &changed);
  g_autofree char *e0 = g_strdup (eo_device_list_row_get_eid (list, 0));
  g_autofree char *e2 = g_strdup (eo_device_list_row_get_eid (list, 2));
  g_autofree char *c0 = NULL, *c2 = NULL;

  assert_counts (list, 4, 0, 0);
  /* Asked first: what it would say, nothing changed. */
  {
    EoSeverity severity = EO_SEVERITY_OK;
    g_autofree char *preview = eo_device_list_dup_edit_preview (list, 2, e0, NULL, NULL, &severity);

    g_assert_cmpint (severity, ==, EO_SEVERITY_ERROR);
    g_assert_nonnull (strstr (preview, "line 2"));
    g_clear_pointer (&preview, g_free);
    preview = eo_device_list_dup_edit_preview (list, 2, NULL, "", NULL, &severity);
    g_assert_cmpint (severity, ==, EO_SEVERITY_ERROR);
    g_assert_nonnull (strstr (preview, "name is missing"));
    g_assert_false (eo_device_list_can_undo (list));
    assert_counts (list, 4, 0, 0);
  }
  g_assert_true (eo_device_list_edit_row (list, 2, e0, NULL, NULL, NULL));
  assert_counts (list, 2, 2, 0);
  g_assert_true (changed_has (&changed, 0));
  g_assert_true (changed_has (&changed, 2));
  g_assert_cmpuint (changed.rows->len, ==, 2);
  c0 = codes_of (list, 0);
  c2 = codes_of (list, 2);
  g_assert_cmpstr (c0, ==, "eid-duplicate:4"); /* row 2 is on line 4 */
  g_assert_cmpstr (c2, ==, "eid-duplicate:2");
  g_assert_cmpint (eo_device_list_get_row (list, 0)->severity, ==, EO_SEVERITY_ERROR);
  g_assert_false (eo_device_list_row_is_sent (list, 2));

  /* A name made equal: a warning on both. */
  g_assert_true (eo_device_list_edit_row (list, 3, NULL, "Phone 1", NULL, NULL));
  assert_counts (list, 2, 2, 2);
  g_assert_cmpint (eo_device_list_get_row (list, 1)->severity, ==, EO_SEVERITY_WARNING);

  /* Both undone: as read. */
  g_assert_true (eo_device_list_undo (list));
  assert_counts (list, 2, 2, 0);
  g_assert_true (eo_device_list_edit_row (list, 2, e2, NULL, NULL, NULL));
  assert_counts (list, 4, 0, 0);
  g_assert_cmpint (eo_device_list_get_row (list, 0)->severity, ==, EO_SEVERITY_OK);
  g_assert_cmpuint (changed.n_signals, ==, 4);
  g_array_unref (changed.rows);
}

/* The rows of a group of six (EID and name) named in each row's
 * duplicates, as table positions. */
static void
assert_group_names (EoDeviceList *list,
                    const char   *expected)
{
  g_autoptr(GString) all = g_string_new (NULL);

  for (guint i = 0; i < eo_device_list_get_n_rows (list); i++)
    {
      g_autofree char *c = codes_with_positions (list, i);

      g_string_append_printf (all, "%s%u:%s", i ? " | " : "", i, c);
    }
  g_assert_cmpstr (all->str, ==, expected);
}

/* Each duplicate names the row before it in its group (the first the
 * second), so an edit changes the messages of two or three rows, however
 * large the group: its first row leaving touches itself and the new first;
 * a middle row, itself and the one after it; the second, the first too.
 * The list as read says the same as the list made ready for edits. */
static void
test_duplicate_group_neighbours (void)
{
  Changed changed = { 0 };
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  g_autoptr(EoDeviceList) list = NULL;
  g_autofree char *other = eid (99);
  g_autofree char *shared = eid (5);
  const char *as_read = "0:eid-duplicate@1 name-duplicate@1 | 1:eid-duplicate@0 name-duplicate@0 | "
                        "2:eid-duplicate@1 name-duplicate@1 | 3:eid-duplicate@2 name-duplicate@2 | "
                        "4:eid-duplicate@3 name-duplicate@3 | 5:eid-duplicate@4 name-duplicate@4";

  for (guint i = 0; i < 6; i++)
    g_string_append_printf (text, "%s,Same\n", shared);
  list = eo_test_load_ok (text->str);
  assert_group_names (list, as_read);
  changed.rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (list, "rows-changed", G_CALLBACK (rows_changed_cb), &changed);
  eo_device_list_prepare_edits (list);
  assert_group_names (list, as_read);

  /* The first leaves: it and the new first (now naming row 2). */
  g_assert_true (eo_device_list_edit_row (list, 0, other, "Alone", NULL, NULL));
  g_assert_cmpuint (changed.rows->len, ==, 2);
  g_assert_true (changed_has (&changed, 0) && changed_has (&changed, 1));
  assert_group_names (list, "0: | 1:eid-duplicate@2 name-duplicate@2 | "
                            "2:eid-duplicate@1 name-duplicate@1 | 3:eid-duplicate@2 name-duplicate@2 | "
                            "4:eid-duplicate@3 name-duplicate@3 | 5:eid-duplicate@4 name-duplicate@4");
  /* Back: the same two. */
  g_assert_true (eo_device_list_undo (list));
  g_assert_cmpuint (changed.rows->len, ==, 2);
  assert_group_names (list, as_read);

  /* A middle row leaves: it and the one after it (now naming row 2). */
  g_assert_true (eo_device_list_edit_row (list, 3, other, "Alone", NULL, NULL));
  g_assert_cmpuint (changed.rows->len, ==, 2);
  g_assert_true (changed_has (&changed, 3) && changed_has (&changed, 4));
  assert_group_names (list, "0:eid-duplicate@1 name-duplicate@1 | 1:eid-duplicate@0 name-duplicate@0 | "
                            "2:eid-duplicate@1 name-duplicate@1 | 3: | "
                            "4:eid-duplicate@2 name-duplicate@2 | 5:eid-duplicate@4 name-duplicate@4");
  g_assert_true (eo_device_list_undo (list));

  /* The second is deleted: it, the first (naming row 2 now) and row 2;
   * the positions are those of the table without it. */
  {
    guint row = 1;

    g_assert_cmpuint (eo_device_list_delete_rows (list, &row, 1), ==, 1);
  }
  g_assert_cmpuint (changed.rows->len, ==, 3);
  g_assert_true (changed_has (&changed, 0) && changed_has (&changed, 1) && changed_has (&changed, 2));
  g_assert_true (eo_device_list_undo (list));
  assert_group_names (list, as_read);
  g_array_unref (changed.rows);
}

/* A group's first row leaves: the others name each other now. */
static void
test_duplicate_first_leaves (void)
{
  Changed changed = { 0 };
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID,Name\n"
                                                  "89049032123451234512345678901235,Same\n"
                                                  "89049032123451234512345678901235,Same\n"
                                                  "89049032123451234512345678901235,Same\n");
  g_autofree char *before0 = eo_device_list_dup_row_message (list, 0);
  g_autofree char *before2 = eo_device_list_dup_row_message (list, 2);
  g_autofree char *c1 = NULL, *c2 = NULL, *after0 = NULL, *after2 = NULL;
  g_autofree char *other = eid (99);

  changed.rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (list, "rows-changed", G_CALLBACK (rows_changed_cb), &changed);
  assert_counts (list, 0, 3, 3);

  /* Made ready first: the messages are those of the file. */
  eo_device_list_prepare_edits (list);
  after0 = eo_device_list_dup_row_message (list, 0);
  after2 = eo_device_list_dup_row_message (list, 2);
  g_assert_cmpstr (after0, ==, before0);
  g_assert_cmpstr (after2, ==, before2);

  g_assert_true (eo_device_list_edit_row (list, 0, other, "Alone", NULL, NULL));
  /* Row 0 and the new first; row 2 still names row 1. */
  g_assert_cmpuint (changed.rows->len, ==, 2);
  c1 = codes_of (list, 1);
  c2 = codes_of (list, 2);
  /* Each names the other for the EID and for the name. */
  g_assert_cmpstr (c1, ==, "eid-duplicate:4 name-duplicate:4");
  g_assert_cmpstr (c2, ==, "eid-duplicate:3 name-duplicate:3");
  g_assert_cmpint (eo_device_list_get_row (list, 0)->severity, ==, EO_SEVERITY_OK);
  assert_counts (list, 1, 2, 2);

  g_assert_true (eo_device_list_undo (list));
  g_clear_pointer (&after2, g_free);
  after2 = eo_device_list_dup_row_message (list, 2);
  g_assert_cmpstr (after2, ==, before2);
  assert_counts (list, 0, 3, 3);
  g_array_unref (changed.rows);
}

/* Deleted rows: out of the counts, the duplicates, the upload and the
 * table's positions; undone, back. */
static void
test_delete (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("EID,Name\n"
                                                  "89049032123451234512345678901235,A\n"
                                                  "89049032123451234512345678901235,B\n"
                                                  "8904,C\n");
  guint rows[] = { 1, 1 };
  g_autoptr(GBytes) csv = NULL;

  assert_counts (list, 0, 3, 0);
  g_assert_cmpuint (eo_device_list_delete_rows (list, rows, 2), ==, 1);
  g_assert_true (eo_device_list_get_row (list, 1)->deleted);
  g_assert_cmpuint (eo_device_list_get_n_deleted (list), ==, 1);
  g_assert_cmpuint (eo_device_list_get_position (list, 2), ==, 1);
  assert_counts (list, 1, 1, 0);
  csv = eo_device_list_to_normalized_csv (list);
  g_assert_cmpstr (g_bytes_get_data (csv, NULL), ==, "EID,Name\n89049032123451234512345678901235,A\n");
  /* Deleted again: nothing. */
  g_assert_cmpuint (eo_device_list_delete_rows (list, rows, 1), ==, 0);

  g_assert_true (eo_device_list_undo (list));
  g_assert_false (eo_device_list_get_row (list, 1)->deleted);
  g_assert_cmpuint (eo_device_list_get_position (list, 2), ==, 2);
  assert_counts (list, 0, 3, 0);
  g_assert_cmpint (eo_device_list_find_row_by_line (list, 3), ==, 1);
  g_assert_cmpint (eo_device_list_find_row_by_line (list, 9), ==, -1);
}

static void
test_bulk_fixes (void)
{
  g_autofree char *e1 = eid (1), *e2 = eid (2), *e3 = eid (3);
  g_autofree char *text = g_strdup_printf ("EID,Name,ICCID\n"
                                           "%s,A,%s\n"   /* line 2 */
                                           "%s,B,\n"     /* line 3: repeats line 2's EID */
                                           "%s,C,%s\n"   /* line 4: repeats line 2's ICCID */
                                           "%s,D,1234\n" /* line 5: a bad ICCID */
                                           "%s,E,\n"     /* line 6: repeats line 2's EID */
                                           "123,F,\n",   /* line 7: a bad EID */
                                           e1, EO_TEST_ICCID, e1, e2, EO_TEST_ICCID, e3, e1);
  g_autoptr(EoDeviceList) list = eo_test_load_ok (text);

  assert_counts (list, 0, 6, 0);
  g_assert_cmpuint (eo_device_list_remove_duplicate_rows (list), ==, 2);
  g_assert_true (eo_device_list_get_row (list, 1)->deleted);
  g_assert_true (eo_device_list_get_row (list, 4)->deleted);
  assert_counts (list, 0, 4, 0);
  g_assert_cmpuint (eo_device_list_remove_duplicate_rows (list), ==, 0);

  g_assert_cmpuint (eo_device_list_clear_bad_iccids (list), ==, 3);
  g_assert_null (eo_device_list_row_get_iccid (list, 0));
  g_assert_null (eo_device_list_row_get_iccid (list, 2));
  g_assert_null (eo_device_list_row_get_iccid (list, 3));
  assert_counts (list, 3, 1, 0);

  g_assert_cmpuint (eo_device_list_remove_error_rows (list), ==, 1);
  assert_counts (list, 3, 0, 0);
  g_assert_cmpuint (eo_device_list_get_n_deleted (list), ==, 3);

  /* Each was one step. */
  g_assert_true (eo_device_list_undo (list));
  assert_counts (list, 3, 1, 0);
  g_assert_true (eo_device_list_undo (list));
  g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
  assert_counts (list, 0, 4, 0);
  g_assert_true (eo_device_list_undo (list));
  assert_counts (list, 0, 6, 0);
  g_assert_false (eo_device_list_can_undo (list));
  g_assert_true (eo_device_list_redo (list));
  g_assert_true (eo_device_list_redo (list));
  g_assert_true (eo_device_list_redo (list));
  assert_counts (list, 3, 0, 0);
}

/* Save As: the rows not deleted, with their extra columns, read back as
 * the same rows, the fixed problem gone. */
static void
test_save_round_trip (void)
{
  g_autoptr(EoDeviceList) list = load_rows (5, "Serial Number,Model", NULL);
  g_autoptr(EoDeviceList) again = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GError) error = NULL;
  guint gone = 3;
  gsize len;
  const char *data;

  /* Row 1 gets a name with a comma and a quote, row 2 an empty name. */
  g_assert_true (eo_device_list_edit_row (list, 1, NULL, "Lab, \"north\"", NULL, NULL));
  g_assert_true (eo_device_list_edit_row (list, 2, NULL, "", NULL, NULL));
  assert_counts (list, 4, 1, 0);
  g_assert_true (eo_device_list_edit_row (list, 2, NULL, "Fixed", NULL, NULL));
  g_assert_cmpuint (eo_device_list_delete_rows (list, &gone, 1), ==, 1);

  csv = eo_device_list_to_csv (list);
  data = g_bytes_get_data (csv, &len);
  again = eo_device_list_new_from_data (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eo_device_list_get_n_rows (again), ==, 4);
  assert_counts (again, 4, 0, 0);
  g_assert_cmpuint (eo_device_list_get_n_extra_columns (again), ==, 2);
  g_assert_cmpstr (eo_device_list_get_extra_column_name (again, 0), ==, "Serial Number");
  for (guint i = 0, j = 0; i < 5; i++)
    {
      if (i == gone)
        continue;
      g_assert_cmpstr (eo_device_list_row_get_eid (again, j), ==, eo_device_list_row_get_eid (list, i));
      g_assert_cmpstr (eo_device_list_row_get_name (again, j), ==, eo_device_list_row_get_name (list, i));
      g_assert_cmpstr (eo_device_list_row_get_extra (again, j, 0), ==, eo_device_list_row_get_extra (list, i, 0));
      g_assert_cmpstr (eo_device_list_row_get_extra (again, j, 1), ==, eo_device_list_row_get_extra (list, i, 1));
      j++;
    }
  g_assert_cmpstr (eo_device_list_row_get_name (again, 1), ==, "Lab, \"north\"");
  g_assert_cmpstr (eo_device_list_row_get_extra (again, 3, 0), ==, "SN0004");
}

/* Random edits, deletions, fixes, undos and redos: after each, the counts
 * and every row's severity and problems are those of the same rows read
 * from a file. */
static void
test_random_against_reload (void)
{
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GString) text = g_string_new ("EID,Name,ICCID\n");
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *e = eid (g_rand_int_range (rand, 1, 40));

      g_string_append_printf (text, "%s,N%d,%s\n", e, g_rand_int_range (rand, 0, 40),
                              g_rand_boolean (rand) ? EO_TEST_ICCID : "");
    }
  list = eo_test_load_ok (text->str);

  for (guint step = 0; step < 300; step++)
    {
      guint row = (guint) g_rand_int_range (rand, 0, 60);
      int what = g_rand_int_range (rand, 0, 10);
      g_autoptr(GBytes) csv = NULL;
      g_autoptr(EoDeviceList) again = NULL;
      g_autoptr(GError) error = NULL;
      const char *data;
      gsize len;
      guint j = 0;

      if (what < 4 && !eo_device_list_get_row (list, row)->deleted)
        {
          g_autofree char *e = eid (g_rand_int_range (rand, 1, 40));
          g_autofree char *n = g_strdup_printf ("N%d", g_rand_int_range (rand, 0, 40));

          g_assert_true (eo_device_list_edit_row (list, row, what == 0 ? "89" : e, n,
                                                  what == 1 ? EO_TEST_ICCID : NULL, NULL));
        }
      else if (what == 4)
        eo_device_list_delete_rows (list, &row, 1);
      else if (what == 5)
        eo_device_list_undo (list);
      else if (what == 6)
        eo_device_list_redo (list);
      else if (what == 7 && g_rand_int_range (rand, 0, 4) == 0)
        eo_device_list_remove_duplicate_rows (list);
      else if (what == 8 && g_rand_int_range (rand, 0, 4) == 0)
        eo_device_list_clear_bad_iccids (list);

      if (eo_device_list_get_n_deleted (list) == 60)
        continue;
      csv = eo_device_list_to_csv (list);
      data = g_bytes_get_data (csv, &len);
      again = eo_device_list_new_from_data (data, len, &error);
      g_assert_no_error (error);
      assert_counts (list, eo_device_list_get_n_valid (again), eo_device_list_get_n_errors (again),
                     eo_device_list_get_n_warnings (again));
      g_assert_cmpuint (eo_device_list_get_n_flagged_rows (list), ==, eo_device_list_get_n_flagged_rows (again));
      for (guint i = 0; i < 60; i++)
        {
          g_autofree char *c1 = NULL, *c2 = NULL;

          if (eo_device_list_get_row (list, i)->deleted)
            continue;
          g_assert_cmpuint (eo_device_list_get_position (list, i), ==, j);
          g_assert_cmpint (eo_device_list_get_row (list, i)->severity, ==,
                           eo_device_list_get_row (again, j)->severity);
          /* The lines named differ (rows were deleted), the rows named
           * do not. */
          c1 = codes_with_positions (list, i);
          c2 = codes_with_positions (again, j);
          g_assert_cmpstr (c1, ==, c2);
          j++;
        }
    }
  g_rand_free (rand);
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/device-list-edit/fix-eid", test_fix_eid);
  g_test_add_func ("/device-list-edit/duplicate/both-ways", test_duplicate_both_ways);
  g_test_add_func ("/device-list-edit/duplicate/first-leaves", test_duplicate_first_leaves);
  g_test_add_func ("/device-list-edit/duplicate/group-neighbours", test_duplicate_group_neighbours);
  g_test_add_func ("/device-list-edit/delete", test_delete);
  g_test_add_func ("/device-list-edit/bulk-fixes", test_bulk_fixes);
  g_test_add_func ("/device-list-edit/save-round-trip", test_save_round_trip);
  g_test_add_func ("/device-list-edit/random", test_random_against_reload);

  return g_test_run ();
}
