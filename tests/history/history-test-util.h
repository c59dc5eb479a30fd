/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>
#include <glib.h>

#include "eo-device.h"
#include "eo-upload-record.h"

/* GLib 2.74 leaks the strings of g_set_user_dirs(), which
 * G_TEST_OPTION_ISOLATE_DIRS calls for every test case: tell
 * LeakSanitizer (ASan builds call these; elsewhere they are unused).
 * GLib has no frame pointers, so the suppression needs the slow unwinder
 * to see g_set_user_dirs in the allocation's stack. */
const char *__asan_default_options (void);
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=8";
}

const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n";
}

/* Warnings of the domain "eo-history" are counted instead of aborting the
 * test (GTest makes warnings fatal; the store warns about skipped files by
 * design). Call history_test_capture_warnings() first thing in main(). */
static guint history_test_n_warnings;
static GString *history_test_last_warning;

static GLogWriterOutput
history_test_writer (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "eo-history") == 0)
    {
      history_test_n_warnings++;
      g_string_assign (history_test_last_warning, message ? message : "");
      if (g_test_verbose ())
        g_printerr ("# (expected) %s\n", message ? message : "");
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static inline void
history_test_capture_warnings (void)
{
  history_test_last_warning = g_string_new (NULL);
  g_log_set_writer_func (history_test_writer, NULL, NULL);
}

/* A valid EID (ISO 7064 MOD 97-10) from a 30-digit body built from @seed. */
static inline char *
history_test_make_eid (guint seed)
{
  char body[31];
  guint rem = 0;
  guint check;

  g_snprintf (body, sizeof body, "890490320000000000%012u", seed);
  for (int i = 0; i < 30; i++)
    rem = (rem * 10 + (guint) (body[i] - '0')) % 97;
  /* append "00", then check = 98 - (n mod 97) */
  rem = (rem * 100) % 97;
  check = 98 - rem;
  return g_strdup_printf ("%s%02u", body, check);
}

/* A valid 19-digit ICCID (Luhn) from @seed. */
static inline char *
history_test_make_iccid (guint seed)
{
  char body[19];
  guint sum = 0;

  g_snprintf (body, sizeof body, "891004234%09u", seed);
  /* 18 digits; the check digit makes 19. Double every second digit from the right of the body. */
  for (int i = 17, dbl = 1; i >= 0; i--, dbl = !dbl)
    {
      guint d = (guint) (body[i] - '0');

      if (dbl)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return g_strdup_printf ("%s%u", body, (10 - sum % 10) % 10);
}

/* A record with @n devices named by @names (or "dev-N"), accepted, with
 * a mix of statuses: device i is SUCCESS when i % 3 == 0, FAILED when
 * i % 3 == 1 (reason "no eSIM left"), PENDING otherwise. */
static inline EoUploadRecord *
history_test_make_record (guint               n,
                          const char * const *names,
                          gboolean            with_iccid)
{
  EoUploadRecord *record = eo_upload_record_new ("https://cso.example.test", "customer-1",
                                                 "phones.csv", with_iccid);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = history_test_make_eid (i + 1);
      g_autofree char *iccid = with_iccid && i % 2 == 0 ? history_test_make_iccid (i + 1) : NULL;
      g_autofree char *name = names ? g_strdup (names[i]) : g_strdup_printf ("dev-%u", i);
      g_autoptr(EoDevice) device = eo_device_new (eid, name, iccid);

      eo_upload_record_add_device (record, device);
    }

  eo_upload_record_set_accepted (record, "3f0c1e2a-1111-4222-8333-944455556666",
                                 "https://SM-V4-004.prod.example.test:443/path");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (record), i);
      g_autofree char *assigned = history_test_make_iccid (1000 + i);

      eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "IN_PROGRESS", NULL, NULL);
      if (i % 3 == 0)
        eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, assigned);
      else if (i % 3 == 1)
        eo_device_set_remote (device, EO_DEVICE_STATUS_FAILED, "FAILED", "no eSIM left", NULL);
    }
  return record;
}

/* Asserts that two records hold the same data (ids, states, devices,
 * status histories). */
static inline void
history_test_assert_records_equal (EoUploadRecord *a,
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

  n = eo_upload_record_get_n_devices (a);
  g_assert_cmpuint (n, ==, eo_upload_record_get_n_devices (b));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) da = g_list_model_get_item (eo_upload_record_get_devices (a), i);
      g_autoptr(EoDevice) db = g_list_model_get_item (eo_upload_record_get_devices (b), i);
      GArray *ha = eo_upload_record_get_device_history (a, i);
      GArray *hb = eo_upload_record_get_device_history (b, i);

      g_assert_cmpstr (eo_device_get_eid (da), ==, eo_device_get_eid (db));
      g_assert_cmpstr (eo_device_get_name (da), ==, eo_device_get_name (db));
      g_assert_cmpstr (eo_device_get_iccid (da), ==, eo_device_get_iccid (db));
      g_assert_cmpint (eo_device_get_status (da), ==, eo_device_get_status (db));
      g_assert_cmpstr (eo_device_get_status_text (da), ==, eo_device_get_status_text (db));
      g_assert_cmpstr (eo_device_get_reason (da), ==, eo_device_get_reason (db));
      g_assert_cmpstr (eo_device_get_assigned_iccid (da), ==, eo_device_get_assigned_iccid (db));
      g_assert_nonnull (ha);
      g_assert_nonnull (hb);
      g_assert_cmpuint (ha->len, ==, hb->len);
      for (guint j = 0; j < ha->len; j++)
        {
          EoStatusChange *ca = &g_array_index (ha, EoStatusChange, j);
          EoStatusChange *cb = &g_array_index (hb, EoStatusChange, j);

          g_assert_cmpint (ca->time_us, ==, cb->time_us);
          g_assert_cmpint (ca->status, ==, cb->status);
          g_assert_cmpstr (ca->status_text, ==, cb->status_text);
          g_assert_cmpstr (ca->reason, ==, cb->reason);
        }
    }
}
