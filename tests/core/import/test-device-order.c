/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "eo-device-order.h"
#include "eo-test-import.h"
#include "eo-test-util.h"

/* EoDeviceOrder: the device table's sorted view, sorted on a worker. */

static void
add_device (GListStore *store,
            const char *name,
            const char *iccid,
            guint       line,
            EoSeverity  severity)
{
  g_autofree char *eid = eo_test_next_eid ();
  g_autoptr(EoDevice) device = eo_device_new (eid, name, iccid);

  eo_device_set_check (device, line, severity, severity == EO_SEVERITY_OK ? NULL : "a problem");
  g_list_store_append (store, device);
}

static GListStore *
five_devices (void)
{
  GListStore *store = g_list_store_new (EO_TYPE_DEVICE);

  add_device (store, "Zulu Phone", "8910042000000000001", 2, EO_SEVERITY_OK);
  add_device (store, "alpha phone", NULL, 3, EO_SEVERITY_OK);
  add_device (store, "Mike Phone", NULL, 4, EO_SEVERITY_ERROR);
  add_device (store, "Bravo Phone", NULL, 5, EO_SEVERITY_WARNING);
  add_device (store, "Echo Phone", "8910042000000000002", 6, EO_SEVERITY_OK);
  return store;
}

static char *
names (GListModel *model)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, eo_device_get_name (device));
    }
  return g_string_free (out, FALSE);
}

static void
wait_sorted (EoDeviceOrder *order)
{
  EO_TEST_WAIT_FOR (!eo_device_order_get_pending (order), "the sort", 30);
}

#define assert_names(model, expected) \
  G_STMT_START { \
    g_autofree char *_got = names (G_LIST_MODEL (model)); \
    g_assert_cmpstr (_got, ==, (expected)); \
  } G_STMT_END

static void
test_sort_keys (void)
{
  g_autoptr(GListStore) store = five_devices ();
  g_autoptr(EoDeviceOrder) order = eo_device_order_new (G_LIST_MODEL (store));
  EoTestChanges changes = { 0 };

  g_signal_connect (order, "items-changed", G_CALLBACK (eo_test_items_changed_cb), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, 5);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (order)) == EO_TYPE_DEVICE);
  g_assert_false (eo_device_order_get_pending (order));
  assert_names (order, "Zulu Phone, alpha phone, Mike Phone, Bravo Phone, Echo Phone");

  /* The order shown stays until the worker is done, then all rows change
   * at once. Case does not count. */
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, FALSE);
  g_assert_true (eo_device_order_get_pending (order));
  assert_names (order, "Zulu Phone, alpha phone, Mike Phone, Bravo Phone, Echo Phone");
  g_assert_cmpuint (changes.n_changes, ==, 0);
  wait_sorted (order);
  assert_names (order, "alpha phone, Bravo Phone, Echo Phone, Mike Phone, Zulu Phone");
  g_assert_cmpuint (changes.n_changes, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 0);
  g_assert_cmpuint (changes.last_removed, ==, 5);
  g_assert_cmpuint (changes.last_added, ==, 5);

  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, TRUE);
  wait_sorted (order);
  assert_names (order, "Zulu Phone, Mike Phone, Echo Phone, Bravo Phone, alpha phone");

  /* Errors first, then warnings; ties keep the order shown before. */
  eo_device_order_set_sort (order, EO_DEVICE_SORT_SEVERITY, FALSE);
  wait_sorted (order);
  assert_names (order, "Mike Phone, Bravo Phone, Zulu Phone, Echo Phone, alpha phone");

  /* Requested ICCIDs first, in order, then the automatic ones (in the
   * order shown before). */
  eo_device_order_set_sort (order, EO_DEVICE_SORT_ICCID, FALSE);
  wait_sorted (order);
  assert_names (order, "Zulu Phone, Echo Phone, Mike Phone, Bravo Phone, alpha phone");

  eo_device_order_set_sort (order, EO_DEVICE_SORT_LINE, TRUE);
  wait_sorted (order);
  assert_names (order, "Echo Phone, Bravo Phone, Mike Phone, alpha phone, Zulu Phone");

  eo_device_order_set_sort (order, EO_DEVICE_SORT_PROBLEM, FALSE);
  wait_sorted (order);
  /* "" before "a problem"; ties in the order shown before. */
  assert_names (order, "Echo Phone, alpha phone, Zulu Phone, Bravo Phone, Mike Phone");

  /* Back to the file's order at once. */
  changes.n_changes = 0;
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NONE, FALSE);
  g_assert_false (eo_device_order_get_pending (order));
  g_assert_cmpuint (changes.n_changes, ==, 1);
  assert_names (order, "Zulu Phone, alpha phone, Mike Phone, Bravo Phone, Echo Phone");
}

/* A new sort asked for before the last one is done: only the last one's
 * result is shown. */
static void
test_sort_superseded (void)
{
  g_autoptr(GListStore) store = five_devices ();
  g_autoptr(EoDeviceOrder) order = eo_device_order_new (G_LIST_MODEL (store));
  EoTestChanges changes = { 0 };

  g_signal_connect (order, "items-changed", G_CALLBACK (eo_test_items_changed_cb), &changes);
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, FALSE);
  eo_device_order_set_sort (order, EO_DEVICE_SORT_LINE, TRUE);
  wait_sorted (order);
  assert_names (order, "Echo Phone, Bravo Phone, Mike Phone, alpha phone, Zulu Phone");
  /* Let a late answer of the first sort arrive: it must change nothing. */
  for (int i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (changes.n_changes, ==, 1);
  assert_names (order, "Echo Phone, Bravo Phone, Mike Phone, alpha phone, Zulu Phone");
}

/* The source changes while sorted: its order at once, sorted again. */
static void
test_source_changes (void)
{
  g_autoptr(GListStore) store = five_devices ();
  g_autoptr(EoDeviceOrder) order = eo_device_order_new (G_LIST_MODEL (store));
  g_autoptr(GListStore) other = g_list_store_new (EO_TYPE_DEVICE);
  EoTestChanges changes = { 0 };

  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, FALSE);
  wait_sorted (order);
  g_signal_connect (order, "items-changed", G_CALLBACK (eo_test_items_changed_cb), &changes);

  /* One row more: at its place at once, told as one row. */
  add_device (store, "Charlie Phone", NULL, 7, EO_SEVERITY_OK);
  g_assert_cmpuint (changes.n_changes, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 2);
  g_assert_cmpuint (changes.last_removed, ==, 0);
  g_assert_cmpuint (changes.last_added, ==, 1);
  g_assert_false (eo_device_order_get_pending (order));
  assert_names (order, "alpha phone, Bravo Phone, Charlie Phone, Echo Phone, Mike Phone, Zulu Phone");

  /* More rows at once (a list loaded, a bulk fix): the source's order,
   * then sorted again. */
  {
    g_autoptr(EoDevice) a = eo_device_new (EO_TEST_EID, "Delta Phone", NULL);
    g_autoptr(EoDevice) b = eo_device_new (EO_TEST_EID, "Apple Phone", NULL);
    gpointer two[] = { a, b };

    changes.n_changes = 0;
    g_list_store_splice (store, 6, 0, two, 2);
    g_assert_cmpuint (changes.n_changes, ==, 1);
    g_assert_cmpuint (changes.last_removed, ==, 6);
    g_assert_cmpuint (changes.last_added, ==, 8);
    assert_names (order, "Zulu Phone, alpha phone, Mike Phone, Bravo Phone, Echo Phone, Charlie Phone, "
                         "Delta Phone, Apple Phone");
    g_assert_true (eo_device_order_get_pending (order));
    wait_sorted (order);
    assert_names (order, "alpha phone, Apple Phone, Bravo Phone, Charlie Phone, Delta Phone, Echo Phone, "
                         "Mike Phone, Zulu Phone");
    g_list_store_splice (store, 6, 2, NULL, 0);
    wait_sorted (order);
  }

  /* Unsorted, changes pass through as they are. */
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NONE, FALSE);
  changes.n_changes = 0;
  g_list_store_remove (store, 1);
  g_assert_cmpuint (changes.n_changes, ==, 1);
  g_assert_cmpuint (changes.last_position, ==, 1);
  g_assert_cmpuint (changes.last_removed, ==, 1);
  g_assert_cmpuint (changes.last_added, ==, 0);

  /* Another source, sorted by the key in force. */
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, TRUE);
  wait_sorted (order);
  add_device (other, "Yankee Phone", NULL, 2, EO_SEVERITY_OK);
  add_device (other, "Kilo Phone", NULL, 3, EO_SEVERITY_OK);
  add_device (other, "Xray Phone", NULL, 4, EO_SEVERITY_OK);
  eo_device_order_set_source (order, G_LIST_MODEL (other));
  wait_sorted (order);
  assert_names (order, "Yankee Phone, Xray Phone, Kilo Phone");
  eo_device_order_set_source (order, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (order), 0));
}

/* 100,000 devices: in order afterwards, every row there once, equal
 * names in the order they had. */
static void
test_large (void)
{
  g_autoptr(GListStore) store = g_list_store_new (EO_TYPE_DEVICE);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(EoDeviceOrder) order = NULL;
  g_autofree guint8 *seen = NULL;
  const guint n = 100000;
  EoDevice *previous = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = eo_test_make_eid (i + 1);
      /* Names in a scrambled order, some equal. */
      g_autofree char *name = g_strdup_printf ("Phone %05u", (i * 7919u) % 60000u);
      EoDevice *device = eo_device_new (eid, name, NULL);

      eo_device_set_check (device, i, EO_SEVERITY_OK, NULL);
      g_ptr_array_add (devices, device);
    }
  g_list_store_splice (store, 0, 0, devices->pdata, devices->len);
  order = eo_device_order_new (G_LIST_MODEL (store));
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, FALSE);
  wait_sorted (order);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, n);
  seen = g_new0 (guint8, n);
  for (guint i = 0; i < n; i++)
    {
      EoDevice *device = g_list_model_get_item (G_LIST_MODEL (order), i);
      guint line = eo_device_get_line (device);

      g_assert_cmpuint (line, <, n);
      g_assert_cmpuint (seen[line], ==, 0);
      seen[line] = 1;
      if (previous != NULL)
        {
          int c = strcmp (eo_device_get_name (previous), eo_device_get_name (device));

          g_assert_cmpint (c, <=, 0);
          if (c == 0)
            g_assert_cmpuint (eo_device_get_line (previous), <, line);
        }
      g_clear_object (&previous);
      previous = device;
    }
  g_clear_object (&previous);
}

/* What a view does with the signals: a copy of the rows, changed as each
 * signal says, reading the new rows while the signal is emitted. It must
 * end the same as the model, and every read in between must succeed. */
typedef struct
{
  GPtrArray *rows;
  guint      n_signals;
} Mirror;

static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *mirror)
{
  mirror->n_signals++;
  g_assert_cmpuint (position + removed, <=, mirror->rows->len);
  g_ptr_array_remove_range (mirror->rows, position, removed);
  for (guint i = 0; i < added; i++)
    {
      EoDevice *device = g_list_model_get_item (model, position + i);

      g_assert_nonnull (device);
      g_ptr_array_insert (mirror->rows, position + i, device);
    }
  g_assert_cmpuint (mirror->rows->len, ==, g_list_model_get_n_items (model));
}

static void
mirror_follow (Mirror     *mirror,
               GListModel *model)
{
  mirror->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (mirror->rows, g_list_model_get_item (model, i));
  g_signal_connect (model, "items-changed", G_CALLBACK (mirror_changed_cb), mirror);
}

static void
mirror_assert_same (Mirror     *mirror,
                    GListModel *model)
{
  g_assert_cmpuint (mirror->rows->len, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < mirror->rows->len; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (model, i);

      g_assert_true (device == g_ptr_array_index (mirror->rows, i));
    }
}

static void
mirror_stop (Mirror     *mirror,
             GListModel *model)
{
  g_signal_handlers_disconnect_by_func (model, mirror_changed_cb, mirror);
  g_clear_pointer (&mirror->rows, g_ptr_array_unref);
}

static gboolean
has_problem (EoDevice *device,
             gpointer  user_data)
{
  return eo_device_get_severity (device) > EO_SEVERITY_OK ||
         eo_device_get_status (device) == EO_DEVICE_STATUS_FAILED;
}

/* Whether the model's rows are in @key's order (names: case aside). */
static void
assert_sorted (GListModel      *model,
               EoDeviceSortKey  key,
               gboolean         descending)
{
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EoDevice) a = g_list_model_get_item (model, i - 1);
      g_autoptr(EoDevice) b = g_list_model_get_item (model, i);
      int c;

      if (key == EO_DEVICE_SORT_NAME)
        {
          g_autofree char *fa = g_utf8_casefold (eo_device_get_name (a), -1);
          g_autofree char *fb = g_utf8_casefold (eo_device_get_name (b), -1);

          c = g_utf8_collate (fa, fb);
        }
      else
        c = (int) eo_device_get_line (a) - (int) eo_device_get_line (b);
      if (descending)
        c = -c;
      if (c > 0)
        g_error ("rows %u and %u out of order: %s (line %u), %s (line %u)", i - 1, i,
                 eo_device_get_name (a), eo_device_get_line (a), eo_device_get_name (b), eo_device_get_line (b));
    }
}

static EoDevice *
random_device (GRand *rand,
               guint  line)
{
  g_autofree char *eid = eo_test_make_eid (line + 1);
  g_autofree char *name = g_strdup_printf ("%s %03d", g_rand_boolean (rand) ? "Phone" : "phone",
                                           g_rand_int_range (rand, 0, 60));
  EoDevice *device = eo_device_new (eid, name, NULL);

  eo_device_set_check (device, line, EO_SEVERITY_OK, NULL);
  return device;
}

/* Rows replaced, removed and put back one at a time (the window's edits:
 * 8 rounds of 80 on 120 rows, within the sanitizers' time), sorted by
 * name or line, up or down, with and without a filter: each change is in
 * its place at once (no sort on its way, the rows in order),
 * told in one signal that a view can follow (the mirror), which names
 * only the rows from the old place to the new; a replaced row with the
 * same key keeps its place among its equals. */
static void
test_one_row (void)
{
  static const EoDeviceSortKey keys[] = { EO_DEVICE_SORT_NAME, EO_DEVICE_SORT_LINE };
  GRand *rand = g_rand_new_with_seed (8);
  guint next_line = 0;

  for (guint round = 0; round < 8; round++)
    {
      g_autoptr(GListStore) store = g_list_store_new (EO_TYPE_DEVICE);
      g_autoptr(EoDeviceOrder) order = NULL;
      EoDeviceSortKey key = keys[round % 2];
      gboolean descending = (round / 2) % 2 == 1;
      gboolean filtered = round >= 4;
      EoTestChanges changes = { 0 };
      Mirror mirror = { 0 };

      for (guint i = 0; i < 120; i++)
        {
          g_autoptr(EoDevice) device = random_device (rand, next_line++);

          if (i % 7 == 0)
            eo_device_set_check (device, eo_device_get_line (device), EO_SEVERITY_WARNING, "a problem");
          g_list_store_append (store, device);
        }
      order = eo_device_order_new (G_LIST_MODEL (store));
      if (filtered)
        eo_device_order_set_filter (order, has_problem, NULL);
      eo_device_order_set_sort (order, key, descending);
      wait_sorted (order);
      mirror_follow (&mirror, G_LIST_MODEL (order));
      g_signal_connect (order, "items-changed", G_CALLBACK (eo_test_items_changed_cb), &changes);

      for (guint step = 0; step < 80; step++)
        {
          guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
          guint at = (guint) g_rand_int_range (rand, 0, (gint32) n);
          int what = g_rand_int_range (rand, 0, 3);
          g_autoptr(EoDevice) device = random_device (rand, next_line++);

          if (g_rand_int_range (rand, 0, 3) == 0)
            eo_device_set_check (device, eo_device_get_line (device), EO_SEVERITY_ERROR, "a problem");
          changes.n_changes = 0;
          if (what == 0 && n > 80)
            g_list_store_remove (store, at);
          else if (what == 1)
            g_list_store_insert (store, at, device);
          else
            g_list_store_splice (store, at, 1, (gpointer *) &device, 1);

          g_assert_false (eo_device_order_get_pending (order));
          g_assert_cmpuint (changes.n_changes, <=, 1);
          g_assert_cmpuint (changes.last_removed + changes.last_added, <=,
                            2 * g_list_model_get_n_items (G_LIST_MODEL (order)) + 1);
          assert_sorted (G_LIST_MODEL (order), key, descending);
          mirror_assert_same (&mirror, G_LIST_MODEL (order));
          g_assert_cmpuint (eo_device_order_get_n_source_items (order), ==,
                            g_list_model_get_n_items (G_LIST_MODEL (store)));
        }
      mirror_stop (&mirror, G_LIST_MODEL (order));
    }

  /* Equal keys: a row replaced by one of the same name stays where it
   * was among them; one that did not move is told as itself alone. */
  {
    g_autoptr(GListStore) store = g_list_store_new (EO_TYPE_DEVICE);
    g_autoptr(EoDeviceOrder) order = NULL;
    g_autoptr(EoDevice) same = eo_device_new (EO_TEST_EID, "Same", NULL);
    EoTestChanges changes = { 0 };

    add_device (store, "Same", NULL, 2, EO_SEVERITY_OK);
    add_device (store, "Other", NULL, 3, EO_SEVERITY_OK);
    add_device (store, "Same", NULL, 4, EO_SEVERITY_OK);
    add_device (store, "Same", NULL, 5, EO_SEVERITY_OK);
    order = eo_device_order_new (G_LIST_MODEL (store));
    eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, FALSE);
    wait_sorted (order);
    g_signal_connect (order, "items-changed", G_CALLBACK (eo_test_items_changed_cb), &changes);
    eo_device_set_check (same, 9, EO_SEVERITY_OK, NULL);
    g_list_store_splice (store, 2, 1, (gpointer *) &same, 1);
    g_assert_cmpuint (changes.n_changes, ==, 1);
    g_assert_cmpuint (changes.last_position, ==, 2);
    g_assert_cmpuint (changes.last_removed, ==, 1);
    g_assert_cmpuint (changes.last_added, ==, 1);
    {
      g_autoptr(EoDevice) at = g_list_model_get_item (G_LIST_MODEL (order), 2);

      g_assert_true (at == same);
    }
  }
  g_rand_free (rand);
}

static gboolean
is_pending (EoDevice *device,
            gpointer  user_data)
{
  return eo_device_get_status (device) == EO_DEVICE_STATUS_PENDING;
}

static void
test_filter (void)
{
  g_autoptr(GListStore) store = five_devices ();
  g_autoptr(EoDeviceOrder) order = eo_device_order_new (G_LIST_MODEL (store));
  g_autoptr(EoDevice) zulu = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(EoDevice) echo = g_list_model_get_item (G_LIST_MODEL (store), 4);
  g_autofree char *shown = NULL;
  Mirror mirror = { 0, };

  mirror_follow (&mirror, G_LIST_MODEL (order));
  eo_device_order_set_filter (order, has_problem, NULL);
  shown = names (G_LIST_MODEL (order));
  g_assert_cmpstr (shown, ==, "Mike Phone, Bravo Phone");
  g_assert_cmpuint (eo_device_order_get_n_source_items (order), ==, 5);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));
  /* A short list is told at once, in one signal. */
  g_assert_cmpuint (mirror.n_signals, ==, 1);

  /* Sorted, the filter keeps its rows in the new order. */
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, FALSE);
  wait_sorted (order);
  g_clear_pointer (&shown, g_free);
  shown = names (G_LIST_MODEL (order));
  g_assert_cmpstr (shown, ==, "Bravo Phone, Mike Phone");
  mirror_assert_same (&mirror, G_LIST_MODEL (order));

  /* Statuses change: asked again, the failed ones come in their place. */
  eo_device_set_remote (zulu, EO_DEVICE_STATUS_FAILED, "failed", "refused", NULL);
  eo_device_set_remote (echo, EO_DEVICE_STATUS_FAILED, "failed", "refused", NULL);
  mirror.n_signals = 0;
  eo_device_order_refilter (order);
  g_clear_pointer (&shown, g_free);
  shown = names (G_LIST_MODEL (order));
  g_assert_cmpstr (shown, ==, "Bravo Phone, Echo Phone, Mike Phone, Zulu Phone");
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));

  /* Nothing changed: no signal. */
  mirror.n_signals = 0;
  eo_device_order_refilter (order);
  g_assert_cmpuint (mirror.n_signals, ==, 0);

  /* Another filter, then none. */
  eo_device_order_set_filter (order, is_pending, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, 0);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));
  eo_device_order_set_filter (order, NULL, NULL);
  g_clear_pointer (&shown, g_free);
  shown = names (G_LIST_MODEL (order));
  g_assert_cmpstr (shown, ==, "alpha phone, Bravo Phone, Echo Phone, Mike Phone, Zulu Phone");
  mirror_assert_same (&mirror, G_LIST_MODEL (order));

  /* A change of the source is filtered at once. */
  eo_device_order_set_filter (order, has_problem, NULL);
  add_device (store, "Oscar Phone", NULL, 7, EO_SEVERITY_ERROR);
  add_device (store, "Papa Phone", NULL, 8, EO_SEVERITY_OK);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, 5);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));
  wait_sorted (order);
  g_clear_pointer (&shown, g_free);
  shown = names (G_LIST_MODEL (order));
  g_assert_cmpstr (shown, ==, "Bravo Phone, Echo Phone, Mike Phone, Oscar Phone, Zulu Phone");
  mirror_assert_same (&mirror, G_LIST_MODEL (order));
  mirror_stop (&mirror, G_LIST_MODEL (order));
}

/* A long list (40,000 rows: five steps) is told in steps of 8,192 rows,
 * one signal per step that changed, the model right between steps too; a
 * few stretches of change make one signal each. */
static void
test_filter_large (void)
{
  const guint n = 40000;
  g_autoptr(GListStore) store = g_list_store_new (EO_TYPE_DEVICE);
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(EoDeviceOrder) order = NULL;
  Mirror mirror = { 0, };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = eo_test_next_eid ();
      g_autofree char *name = g_strdup_printf ("Phone %06u", i);
      EoDevice *device = eo_device_new (eid, name, NULL);

      eo_device_set_check (device, i, EO_SEVERITY_OK, NULL);
      eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "pending", NULL, NULL);
      g_ptr_array_add (devices, device);
    }
  g_list_store_splice (store, 0, 0, devices->pdata, devices->len);
  order = eo_device_order_new (G_LIST_MODEL (store));
  mirror_follow (&mirror, G_LIST_MODEL (order));

  eo_device_order_set_filter (order, is_pending, NULL);
  g_assert_cmpuint (mirror.n_signals, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, n);

  /* Every other device final. */
  for (guint i = 0; i < n; i += 2)
    eo_device_set_remote (g_ptr_array_index (devices, i), EO_DEVICE_STATUS_SUCCESS, "done", NULL, NULL);
  eo_device_order_refilter (order);
  g_assert_true (eo_device_order_get_pending (order));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, n);
  /* One step: the last 8,192 rows are the new ones, the others the old. */
  g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, n - 8192 / 2);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));
  wait_sorted (order);
  g_assert_cmpuint (mirror.n_signals, ==, (n + 8191) / 8192);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, n / 2);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));

  /* Three stretches, each inside one step (steps end at n - k × 8,192). */
  mirror.n_signals = 0;
  for (guint i = 1; i < n; i += 2)
    if (i < 1601 || (i > 20000 && i < 20101) || i > n - 10)
      eo_device_set_remote (g_ptr_array_index (devices, i), EO_DEVICE_STATUS_SUCCESS, "done", NULL, NULL);
  eo_device_order_refilter (order);
  wait_sorted (order);
  g_assert_cmpuint (mirror.n_signals, ==, 3);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));

  /* A sort while a change is being told: told at once first. */
  for (guint i = 0; i < n; i++)
    eo_device_set_remote (g_ptr_array_index (devices, i), EO_DEVICE_STATUS_PENDING, "pending", NULL, NULL);
  eo_device_order_refilter (order);
  g_main_context_iteration (NULL, TRUE);
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, TRUE);
  wait_sorted (order);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, n);
  mirror_assert_same (&mirror, G_LIST_MODEL (order));
  {
    g_autoptr(EoDevice) first = g_list_model_get_item (G_LIST_MODEL (order), 0);

    g_assert_cmpstr (eo_device_get_name (first), ==, "Phone 039999");
  }
  mirror_stop (&mirror, G_LIST_MODEL (order));
}

typedef struct
{
  EoTestChanges *changes;
  guint          n_reordering;
  guint          changes_before;   /* items-changed seen when it came */
  char          *first_before;     /* the first row shown when it came */
} Reordering;

static void
reordering_cb (EoDeviceOrder *order,
               Reordering    *seen)
{
  g_autoptr(EoDevice) first = g_list_model_get_item (G_LIST_MODEL (order), 0);

  seen->n_reordering++;
  seen->changes_before = seen->changes->n_changes;
  g_free (seen->first_before);
  seen->first_before = g_strdup (first != NULL ? eo_device_get_name (first) : NULL);
}

static guint
find_name (EoDeviceOrder *order,
           GListModel    *store,
           guint          store_position)
{
  g_autoptr(EoDevice) device = g_list_model_get_item (store, store_position);
  guint position = G_MAXUINT;

  if (!eo_device_order_find (order, device, &position))
    return G_MAXUINT;
  {
    g_autoptr(EoDevice) shown = g_list_model_get_item (G_LIST_MODEL (order), position);

    g_assert_true (shown == device);
  }
  return position;
}

/* "reordering" comes before every change of all rows, while the old rows
 * are still shown, and eo_device_order_find() tells where a row went
 * without reading the rows through GListModel. */
static void
test_reordering (void)
{
  g_autoptr(GListStore) store = five_devices ();
  g_autoptr(EoDeviceOrder) order = eo_device_order_new (G_LIST_MODEL (store));
  EoTestChanges changes = { 0 };
  Reordering seen = { &changes, 0, 0, NULL };
  guint64 reads;

  g_signal_connect (order, "items-changed", G_CALLBACK (eo_test_items_changed_cb), &changes);
  g_signal_connect (order, "reordering", G_CALLBACK (reordering_cb), &seen);
  /* Zulu, alpha, Mike, Bravo, Echo: as the source. */
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 0), ==, 0);
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 4), ==, 4);

  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, FALSE);
  wait_sorted (order);
  g_assert_cmpuint (seen.n_reordering, ==, 1);
  g_assert_cmpuint (seen.changes_before, ==, 0);
  g_assert_cmpuint (changes.n_changes, ==, 1);
  g_assert_cmpstr (seen.first_before, ==, "Zulu Phone");
  /* alpha, Bravo, Echo, Mike, Zulu. */
  reads = eo_device_order_get_n_reads (order);
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 0), ==, 4);
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 3), ==, 1);
  /* find_name reads the row found, once each: find() itself reads none. */
  g_assert_cmpuint (eo_device_order_get_n_reads (order), ==, reads + 2);

  eo_device_order_set_sort (order, EO_DEVICE_SORT_NAME, TRUE);
  wait_sorted (order);
  g_assert_cmpuint (seen.n_reordering, ==, 2);
  g_assert_cmpstr (seen.first_before, ==, "alpha phone");
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 0), ==, 0);

  /* Filtered: only the problems (Mike, Bravo), sorted descending. */
  eo_device_order_set_filter (order, has_problem, NULL);
  while (g_main_context_pending (NULL) || eo_device_order_get_pending (order))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (order)), ==, 2);
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 2), ==, 0);
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 3), ==, 1);
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 0), ==, G_MAXUINT);

  /* Back to the source's order: all rows change, said first. */
  eo_device_order_set_filter (order, NULL, NULL);
  while (g_main_context_pending (NULL) || eo_device_order_get_pending (order))
    g_main_context_iteration (NULL, TRUE);
  seen.n_reordering = 0;
  changes.n_changes = 0;
  eo_device_order_set_sort (order, EO_DEVICE_SORT_NONE, FALSE);
  g_assert_cmpuint (seen.n_reordering, ==, 1);
  g_assert_cmpuint (seen.changes_before, ==, 0);
  g_assert_cmpstr (seen.first_before, ==, "Zulu Phone");
  g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 1), ==, 1);

  /* A new source: said while the old rows are shown. */
  {
    g_autoptr(GListStore) other = g_list_store_new (EO_TYPE_DEVICE);

    add_device (other, "Oscar Phone", NULL, 2, EO_SEVERITY_OK);
    seen.n_reordering = 0;
    eo_device_order_set_source (order, G_LIST_MODEL (other));
    g_assert_cmpuint (seen.n_reordering, ==, 1);
    g_assert_cmpstr (seen.first_before, ==, "Zulu Phone");
    g_assert_cmpuint (find_name (order, G_LIST_MODEL (store), 1), ==, G_MAXUINT);
    g_assert_cmpuint (find_name (order, G_LIST_MODEL (other), 0), ==, 0);
    eo_device_order_set_source (order, NULL);
  }
  g_free (seen.first_before);
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/device-order/sort-keys", test_sort_keys);
  g_test_add_func ("/device-order/superseded", test_sort_superseded);
  g_test_add_func ("/device-order/source-changes", test_source_changes);
  g_test_add_func ("/device-order/one-row", test_one_row);
  g_test_add_func ("/device-order/large", test_large);
  g_test_add_func ("/device-order/filter", test_filter);
  g_test_add_func ("/device-order/filter-large", test_filter_large);
  g_test_add_func ("/device-order/reordering", test_reordering);

  return g_test_run ();
}
