/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-retry"

#include "config.h"

#include <string.h>

#include "eo-device.h"
#include "eo-retry.h"
#include "eo-test-util.h"

/* Failure reasons read as kinds (the simulator's own texts and variants),
 * grouped, and the upload file of a retry with its fixes. */

static void
test_kinds (void)
{
  g_assert_cmpint (eo_failure_kind_from_reason ("EID 89049032123451234512345678901235 already has an eSIM"), ==,
                   EO_FAILURE_ALREADY_HAS_ESIM);
  g_assert_cmpint (eo_failure_kind_from_reason ("Device already assigned"), ==, EO_FAILURE_ALREADY_HAS_ESIM);
  g_assert_cmpint (eo_failure_kind_from_reason ("ICCID 8910042348144559361 is not in this account's pool"), ==,
                   EO_FAILURE_ICCID_NOT_IN_POOL);
  g_assert_cmpint (eo_failure_kind_from_reason ("iccid unknown"), ==, EO_FAILURE_ICCID_NOT_IN_POOL);
  g_assert_cmpint (eo_failure_kind_from_reason ("ICCID 8910042348144559361 is already in use"), ==,
                   EO_FAILURE_ICCID_IN_USE);
  g_assert_cmpint (eo_failure_kind_from_reason ("No eSIM left in the pool"), ==, EO_FAILURE_POOL_EMPTY);
  g_assert_cmpint (eo_failure_kind_from_reason ("Name is empty"), ==, EO_FAILURE_OTHER);
  g_assert_cmpint (eo_failure_kind_from_reason (NULL), ==, EO_FAILURE_OTHER);
  g_assert_true (eo_failure_kind_concerns_iccid (EO_FAILURE_ICCID_NOT_IN_POOL));
  g_assert_false (eo_failure_kind_concerns_iccid (EO_FAILURE_ALREADY_HAS_ESIM));
}

static EoDevice *
add_failed (EoUploadRecord *record,
            guint           n,
            const char     *iccid,
            const char     *reason_format)
{
  g_autofree char *eid = eo_test_make_eid (n);
  g_autofree char *name = g_strdup_printf ("Phone %u", n);
  g_autofree char *reason = g_strdup_printf (reason_format, iccid != NULL ? iccid : eid);
  EoDevice *device = eo_device_new (eid, name, iccid);

  eo_upload_record_add_device (record, device);
  eo_device_set_remote (device, EO_DEVICE_STATUS_FAILED, "FAILED", reason, iccid);
  g_object_unref (device);
  return device;
}

static void
test_groups_and_csv (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("http://127.0.0.1:1", "demo", "phones.csv", TRUE);
  g_autofree char *iccid1 = eo_test_make_iccid (1);
  g_autofree char *iccid2 = eo_test_make_iccid (2);
  g_autofree char *eid3 = eo_test_make_eid (3);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autofree char *expected = NULL;
  const EoFailureGroup *group;
  guint n = 0;

  add_failed (record, 1, iccid1, "ICCID %s is not in this account's pool");
  add_failed (record, 2, iccid2, "ICCID %s is not in this account's pool");
  add_failed (record, 3, NULL, "EID %s already has an eSIM");
  add_failed (record, 4, NULL, "Strange %s");

  groups = eo_failure_groups_new (record);
  g_assert_cmpuint (groups->len, ==, 3);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpint (group->kind, ==, EO_FAILURE_ICCID_NOT_IN_POOL);
  g_assert_cmpuint (group->count, ==, 2);
  g_assert_cmpstr (group->reason, ==, "ICCID … is not in this account's pool");

  /* Both fixes: the ICCIDs refused are cleared, the device with an eSIM
   * is left out, the rest as sent. */
  csv = eo_retry_csv (record, EO_RETRY_FIX_CLEAR_ICCIDS | EO_RETRY_FIX_LEAVE_OUT_ALREADY, &n);
  g_assert_cmpuint (n, ==, 3);
  {
    g_autofree char *e1 = eo_test_make_eid (1);
    g_autofree char *e2 = eo_test_make_eid (2);
    g_autofree char *e4 = eo_test_make_eid (4);

    expected = g_strdup_printf ("EID,Name,ICCID\n%s,Phone 1,\n%s,Phone 2,\n%s,Phone 4,\n", e1, e2, e4);
  }
  g_assert_cmpstr (g_bytes_get_data (csv, NULL), ==, expected);
  g_clear_pointer (&csv, g_bytes_unref);

  /* No fix: as eo_export_retry_csv. */
  csv = eo_retry_csv (record, EO_RETRY_FIX_NONE, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_nonnull (strstr (g_bytes_get_data (csv, NULL), iccid1));
  g_assert_nonnull (strstr (g_bytes_get_data (csv, NULL), eid3));
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/retry/kinds", test_kinds);
  g_test_add_func ("/retry/groups-and-csv", test_groups_and_csv);

  return g_test_run ();
}
