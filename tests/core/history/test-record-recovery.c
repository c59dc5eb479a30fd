/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a record keeps for picking its upload up again: demo flag, last
 * status read, given up with a reason, re-sent with a confirmation; read
 * back from its file, and absent from files that never had it. */
#include "config.h"

#include <string.h>
#include <glib.h>

#include "eo-error.h"
#include "eo-test-history.h"
#include "eo-test-util.h"
#include "eo-upload-record.h"

static EoUploadRecord *
reread (EoUploadRecord *record)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = eo_upload_record_to_data (record, NULL);
  EoUploadRecord *copy = eo_upload_record_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

static EoUploadRecord *
accepted_record (void)
{
  EoUploadRecord *record = eo_upload_record_new ("https://cso.example.test", "acme", "list.csv", FALSE);
  g_autoptr(EoDevice) device = eo_device_new ("89049032123451234512345678901235", "Pixel", NULL);

  eo_upload_record_add_device (record, device);
  eo_upload_record_set_accepted (record, "3f0c1e2a-1111-4222-8333-944455556666", "https://smdp.example");
  return record;
}

static void
test_old_file (void)
{
  g_autoptr(EoUploadRecord) record = accepted_record ();
  g_autofree char *data = eo_upload_record_to_data (record, NULL);
  g_autoptr(EoUploadRecord) copy = reread (record);
  g_autofree char *label = NULL;

  /* Nothing written when nothing is set: files read as before. */
  g_assert_null (strstr (data, "\"demo\""));
  g_assert_null (strstr (data, "list_edited"));
  g_assert_false (eo_upload_record_get_list_edited (copy));
  g_assert_null (strstr (data, "given_up"));
  g_assert_null (strstr (data, "last_checked"));
  g_assert_false (eo_upload_record_get_demo (copy));
  g_assert_cmpint (eo_upload_record_get_last_checked (copy), ==, 0);
  g_assert_false (eo_upload_record_get_given_up (copy));
  g_assert_null (eo_upload_record_get_resent_as (copy));
  label = eo_upload_record_dup_follow_label (copy, FALSE);
  g_assert_true (g_str_has_prefix (label, "Not followed since "));
  g_clear_pointer (&label, g_free);
  label = eo_upload_record_dup_follow_label (copy, TRUE);
  g_assert_cmpstr (label, ==, "In progress");
}

static void
test_round_trip (void)
{
  g_autoptr(EoUploadRecord) record = accepted_record ();
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  gint64 checked = 1764590400123456;

  eo_upload_record_set_demo (record, TRUE);
  eo_upload_record_set_list_edited (record, TRUE);
  eo_upload_record_set_last_checked (record, checked);
  g_assert_true (eo_upload_record_can_give_up (record));
  g_assert_false (eo_upload_record_give_up (record, " \n\t ", &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
  g_clear_error (&error);
  g_assert_true (eo_upload_record_give_up (record, "Lost\non the \x1b[2Jserver\xe2\x80\xae", &error));
  g_assert_no_error (error);
  g_assert_false (eo_upload_record_can_give_up (record));

  copy = reread (record);
  g_assert_true (eo_upload_record_get_demo (copy));
  /* Issue 13: "List edited before sending". */
  g_assert_true (eo_upload_record_get_list_edited (copy));
  g_assert_cmpint (eo_upload_record_get_last_checked (copy), ==, checked);
  g_assert_true (eo_upload_record_get_given_up (copy));
  /* Line breaks are spaces; escapes and format characters are gone. */
  g_assert_cmpstr (eo_upload_record_get_given_up_reason (copy), ==, "Lost on the [2Jserver");
  label = eo_upload_record_dup_follow_label (copy, TRUE);
  g_assert_true (g_str_has_prefix (label, "Given up on "));
  g_assert_true (g_str_has_suffix (label, ": Lost on the [2Jserver"));

  eo_upload_record_take_back_give_up (copy);
  g_assert_false (eo_upload_record_get_given_up (copy));
}

static void
test_resend (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "acme", "list.csv", TRUE);
  g_autoptr(EoUploadRecord) accepted = accepted_record ();
  g_autoptr(EoUploadRecord) resent = NULL;
  g_autoptr(EoUploadRecord) first = NULL;
  g_autoptr(EoUploadRecord) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDevice) a = eo_device_new ("89049032123451234512345678901235", "A", "8901234000000000017");
  g_autoptr(EoDevice) b = eo_device_new ("89049032123451234512345678901243", "B", NULL);
  g_autoptr(EoDevice) resent_a = NULL;

  g_assert_false (eo_upload_record_can_resend (accepted, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
  g_clear_error (&error);

  eo_upload_record_add_device (record, a);
  eo_upload_record_add_device (record, b);
  eo_upload_record_set_outcome_unknown (record, "The connection was lost");
  resent = eo_upload_record_new_resend (record, "admin", &error);
  g_assert_no_error (error);
  g_assert_nonnull (resent);
  g_assert_cmpint (eo_upload_record_get_state (resent), ==, EO_UPLOAD_STATE_SENDING);
  g_assert_cmpuint (eo_upload_record_get_n_devices (resent), ==, 2);
  resent_a = g_list_model_get_item (eo_upload_record_get_devices (resent), 0);
  g_assert_cmpstr (eo_device_get_iccid (resent_a), ==, "8901234000000000017");
  g_assert_true (resent_a != a);
  g_assert_true (eo_upload_record_get_has_iccid_column (resent));

  first = reread (record);
  second = reread (resent);
  g_assert_cmpstr (eo_upload_record_get_resent_as (first), ==, eo_upload_record_get_local_id (resent));
  g_assert_cmpstr (eo_upload_record_get_resent_from (second), ==, eo_upload_record_get_local_id (record));
  g_assert_cmpstr (eo_upload_record_get_resend_confirmed_by (first), ==, "admin");
  g_assert_cmpstr (eo_upload_record_get_resend_confirmed_by (second), ==, "admin");
  g_assert_cmpint (eo_upload_record_get_resend_confirmed (first), >, 0);
  g_assert_cmpint (eo_upload_record_get_resend_confirmed (first), ==,
                   eo_upload_record_get_resend_confirmed (second));

  /* Once only. */
  g_assert_null (eo_upload_record_new_resend (first, "admin", &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
}

static void
test_hostile_file (void)
{
  g_autoptr(EoUploadRecord) record = accepted_record ();
  g_autofree char *data = eo_upload_record_to_data (record, NULL);
  const char *bad[] = {
    "\"demo\" : \"yes\",",
    "\"given_up\" : [1],",
    "\"given_up\" : { \"reason\" : \"x\" },",
    "\"resend\" : { \"confirmed\" : \"2026-01-01T00:00:00Z\", \"resent_as\" : \"../../etc\" },",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) text = g_string_new (data);
      g_autoptr(EoUploadRecord) copy = NULL;
      const char *at = strstr (text->str, "\"sender\"");

      g_assert_nonnull (at);
      g_string_insert (text, at - text->str, bad[i]);
      copy = eo_upload_record_new_from_data (text->str, text->len, &error);
      g_assert_null (copy);
      g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
    }
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/history/recovery/old-file", test_old_file);
  g_test_add_func ("/history/recovery/round-trip", test_round_trip);
  g_test_add_func ("/history/recovery/resend", test_resend);
  g_test_add_func ("/history/recovery/hostile-file", test_hostile_file);

  return g_test_run ();
}
