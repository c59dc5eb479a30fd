/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-record-devices"

#include "config.h"

#include "eo-record-devices.h"
#include "eo-test-util.h"

/* EoRecordDevices as the window's table model: splices as a GListStore
 * makes them, one "items-changed" each. */

/* The names of @model's devices, joined by spaces. */
static char *
names (GListModel *model)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (model, i);

      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", eo_device_get_name (device));
    }
  return g_string_free (s, FALSE);
}

static void
assert_changed (EoTestChanges *changes,
                guint          position,
                guint          removed,
                guint          added)
{
  g_assert_cmpuint (changes->n_changes, ==, 1);
  g_assert_cmpuint (changes->last_position, ==, position);
  g_assert_cmpuint (changes->last_removed, ==, removed);
  g_assert_cmpuint (changes->last_added, ==, added);
  changes->n_changes = 0;
}

static void
test_splice (void)
{
  g_autoptr(EoRecordDevices) devices = eo_record_devices_new ();
  GListModel *model = G_LIST_MODEL (devices);
  EoDevice *d[5];
  EoTestChanges changes = { 0 };
  g_autofree char *all = NULL, *inserted = NULL, *replaced = NULL, *removed = NULL, *again = NULL;
  GWeakRef gone;

  for (guint i = 0; i < G_N_ELEMENTS (d); i++)
    {
      g_autofree char *name = g_strdup_printf ("d%u", i);

      d[i] = eo_device_new ("89049032000000000000000000000000", name, NULL);
    }
  g_signal_connect (devices, "items-changed", G_CALLBACK (eo_test_items_changed_cb), &changes);

  eo_record_devices_splice (devices, 0, 0, d, 3);
  assert_changed (&changes, 0, 0, 3);
  all = names (model);
  g_assert_cmpstr (all, ==, "d0 d1 d2");

  /* Inserted in the middle: the rest moves up. */
  eo_record_devices_splice (devices, 1, 0, &d[3], 1);
  assert_changed (&changes, 1, 0, 1);
  inserted = names (model);
  g_assert_cmpstr (inserted, ==, "d0 d3 d1 d2");

  /* Two replaced by one. */
  eo_record_devices_splice (devices, 1, 2, &d[4], 1);
  assert_changed (&changes, 1, 2, 1);
  replaced = names (model);
  g_assert_cmpstr (replaced, ==, "d0 d4 d2");

  /* Removed at the end; nothing at all makes no signal. */
  eo_record_devices_splice (devices, 2, 1, NULL, 0);
  assert_changed (&changes, 2, 1, 0);
  eo_record_devices_splice (devices, 2, 0, NULL, 0);
  g_assert_cmpuint (changes.n_changes, ==, 0);
  removed = names (model);
  g_assert_cmpstr (removed, ==, "d0 d4");
  g_assert_null (g_list_model_get_item (model, 2));

  /* The whole list again, with a device that was in it and is held by
   * the model alone: it stays alive while it is taken out and put back. */
  eo_record_devices_append (devices, &d[1], 1);
  assert_changed (&changes, 2, 0, 1);
  g_weak_ref_init (&gone, d[0]);
  for (guint i = 0; i < G_N_ELEMENTS (d); i++)
    g_object_unref (d[i]);
  eo_record_devices_splice (devices, 0, 3, &d[4], 1);
  assert_changed (&changes, 0, 3, 1);
  again = names (model);
  g_assert_cmpstr (again, ==, "d4");
  g_assert_null (g_weak_ref_get (&gone));
  g_weak_ref_clear (&gone);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/record-devices/splice", test_splice);

  return g_test_run ();
}
