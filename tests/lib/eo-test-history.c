/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-history"

#include "config.h"

#include "eo-test-history.h"

EoUploadRecord *
eo_test_make_record (guint               n,
                          const char * const *names,
                          gboolean            with_iccid)
{
  EoUploadRecord *record = eo_upload_record_new ("https://cso.example.test", "customer-1",
                                                 "phones.csv", with_iccid);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = eo_test_make_eid (i + 1);
      g_autofree char *iccid = with_iccid && i % 2 == 0 ? eo_test_make_iccid (i + 1) : NULL;
      g_autofree char *name = names ? g_strdup (names[i]) : g_strdup_printf ("dev-%u", i);
      g_autoptr(EoDevice) device = eo_device_new (eid, name, iccid);

      eo_upload_record_add_device (record, device);
    }

  eo_upload_record_set_accepted (record, "3f0c1e2a-1111-4222-8333-944455556666",
                                 "https://SM-V4-004.prod.example.test:443/");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), i);
      g_autofree char *assigned = eo_test_make_iccid (1000 + i);

      eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "IN_PROGRESS", NULL, NULL);
      if (i % 3 == 0)
        eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, assigned);
      else if (i % 3 == 1)
        eo_device_set_remote (device, EO_DEVICE_STATUS_FAILED, "FAILED", "no eSIM left", NULL);
    }
  return record;
}

void
eo_test_assert_records_equal (EoUploadRecord *a,
                                   EoUploadRecord *b)
{
  guint n;

  g_assert_cmpstr (eo_upload_record_get_local_id (a), ==, eo_upload_record_get_local_id (b));
  g_assert_cmpint (eo_upload_record_get_created (a), ==, eo_upload_record_get_created (b));
  g_assert_cmpint (eo_upload_record_get_updated (a), ==, eo_upload_record_get_updated (b));
  g_assert_cmpstr (eo_upload_record_get_server (a), ==, eo_upload_record_get_server (b));
  g_assert_cmpstr (eo_upload_record_get_customer_id (a), ==, eo_upload_record_get_customer_id (b));
  g_assert_cmpstr (eo_upload_record_get_source_name (a), ==, eo_upload_record_get_source_name (b));
  g_assert_cmpint (eo_upload_record_get_has_iccid_column (a), ==, eo_upload_record_get_has_iccid_column (b));
  g_assert_cmpint (eo_upload_record_get_state (a), ==, eo_upload_record_get_state (b));
  g_assert_cmpstr (eo_upload_record_get_request_id (a), ==, eo_upload_record_get_request_id (b));
  g_assert_cmpstr (eo_upload_record_get_server_url (a), ==, eo_upload_record_get_server_url (b));
  g_assert_cmpstr (eo_upload_record_get_error_message (a), ==, eo_upload_record_get_error_message (b));
  g_assert_true (eo_message_equal (eo_upload_record_get_message (a), eo_upload_record_get_message (b)));

  n = eo_upload_record_get_n_devices (a);
  g_assert_cmpuint (n, ==, eo_upload_record_get_n_devices (b));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) da = g_list_model_get_item (eo_upload_record_get_devices (a), i);
      g_autoptr(EoDevice) db = g_list_model_get_item (eo_upload_record_get_devices (b), i);
      guint na, nb;
      const EoStatusChange *ha = eo_upload_record_get_device_history (a, i, &na);
      const EoStatusChange *hb = eo_upload_record_get_device_history (b, i, &nb);

      g_assert_cmpstr (eo_device_get_eid (da), ==, eo_device_get_eid (db));
      g_assert_cmpstr (eo_device_get_name (da), ==, eo_device_get_name (db));
      g_assert_cmpstr (eo_device_get_iccid (da), ==, eo_device_get_iccid (db));
      g_assert_cmpint (eo_device_get_status (da), ==, eo_device_get_status (db));
      g_assert_cmpstr (eo_device_get_status_text (da), ==, eo_device_get_status_text (db));
      g_assert_cmpstr (eo_device_get_reason (da), ==, eo_device_get_reason (db));
      g_assert_cmpstr (eo_device_get_assigned_iccid (da), ==, eo_device_get_assigned_iccid (db));
      g_assert_cmpuint (na, ==, nb);
      g_assert_true ((ha == NULL) == (na == 0));
      g_assert_true ((hb == NULL) == (nb == 0));
      for (guint j = 0; j < na; j++)
        {
          const EoStatusChange *ca = &ha[j];
          const EoStatusChange *cb = &hb[j];

          g_assert_cmpint (ca->time_us, ==, cb->time_us);
          g_assert_cmpint (ca->status, ==, cb->status);
          g_assert_cmpstr (ca->status_text, ==, cb->status_text);
          g_assert_cmpstr (ca->reason, ==, cb->reason);
        }
    }
}
