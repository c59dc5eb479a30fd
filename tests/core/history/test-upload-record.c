/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "eo-error.h"
#include "eo-upload-record.h"
#include "eo-test-history.h"
#include "eo-enum-types.h"

#define EO_TEST_RECORD_EID "89049032123451234512345678901235"

static void
count_cb (gpointer  instance,
          guint    *counter)
{
  (*counter)++;
}

static void
test_new (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "cust", "a.csv", FALSE);
  g_autoptr(EoUploadRecord) other = eo_upload_record_new ("https://cso.example.test", "cust", "a.csv", FALSE);
  gint64 now = g_get_real_time ();

  g_assert_true (eo_upload_record_is_valid_local_id (eo_upload_record_get_local_id (record)));
  g_assert_cmpstr (eo_upload_record_get_local_id (record), !=, eo_upload_record_get_local_id (other));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_SENDING);
  g_assert_cmpint (ABS (now - eo_upload_record_get_created (record)), <, 10 * G_USEC_PER_SEC);
  g_assert_null (eo_upload_record_get_request_id (record));
  g_assert_null (eo_upload_record_get_server_url (record));
  g_assert_cmpuint (eo_upload_record_get_n_devices (record), ==, 0);
  /* This process is the sender. */
  g_assert_true (eo_upload_record_sender_is_alive (record));
  eo_upload_record_set_outcome_unknown (record, "connection reset");
  g_assert_false (eo_upload_record_sender_is_alive (record));
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_OUTCOME_UNKNOWN);
  g_assert_cmpstr (eo_upload_record_get_error_message (record), ==, "connection reset");
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GString    *log)
{
  g_string_append_printf (log, "%u-%u+%u;", position, removed, added);
}

/* The record's devices model: the very devices, one "items-changed" per
 * batch added, nothing past the end. */
static void
test_devices_model (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "cust", "a.csv", FALSE);
  g_autoptr(GString) log = g_string_new (NULL);
  GListModel *model = eo_upload_record_get_devices (record);
  EoDevice *devices[3];

  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autofree char *eid = g_strdup_printf ("E%u", i);

      devices[i] = eo_device_new (eid, NULL, NULL);
    }
  g_assert_true (g_list_model_get_item_type (model) == EO_TYPE_DEVICE);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed_cb), log);
  eo_upload_record_add_devices (record, devices, 2);
  eo_upload_record_add_device (record, devices[2]);
  g_assert_cmpstr (log->str, ==, "0-0+2;2-0+1;");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autoptr(EoDevice) item = g_list_model_get_item (model, i);

      g_assert_true (item == devices[i]);
      g_object_unref (devices[i]);
    }
  g_assert_null (g_list_model_get_item (model, 3));
  {
    /* The record holds the devices. */
    g_autoptr(EoDevice) last = g_list_model_get_item (model, 2);

    g_assert_cmpstr (eo_device_get_eid (last), ==, "E2");
  }
}

static void
test_states (void)
{
  EoUploadState state;
  EoDeviceStatus status;

  for (int s = EO_UPLOAD_STATE_SENDING; s <= EO_UPLOAD_STATE_NOT_SENT; s++)
    {
      g_assert_true (eo_upload_state_from_string (eo_upload_state_to_string (s), &state));
      g_assert_cmpint (state, ==, s);
      g_assert_nonnull (eo_upload_state_to_label (s));
    }
  g_assert_false (eo_upload_state_from_string ("SENDING", &state));
  g_assert_false (eo_upload_state_from_string (NULL, &state));
  for (int s = EO_DEVICE_STATUS_NONE; s <= EO_DEVICE_STATUS_FAILED; s++)
    {
      g_assert_true (eo_upload_device_status_from_string (eo_upload_device_status_to_string (s), &status));
      g_assert_cmpint (status, ==, s);
    }
  g_assert_false (eo_upload_device_status_from_string ("IN_PROGRESS", &status));
}

static void
test_status_history (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "cust", "a.csv", TRUE);
  g_autoptr(EoDevice) d1 = eo_device_new ("89049032123451234512345678901235", "one", NULL);
  g_autoptr(EoDevice) d2 = eo_device_new ("89049032123451234512345678901235", "two", "8910042348144559361");
  guint n_changed = 0;
  guint n_ok, n_failed, n_pending;
  const EoStatusChange *history;
  guint n;
  gint64 updated;

  eo_upload_record_add_device (record, d1);
  eo_upload_record_add_device (record, d2);
  g_signal_connect (record, "changed", G_CALLBACK (count_cb), &n_changed);

  eo_upload_record_set_accepted (record, "req-1", "https://smdp.example.test");
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);
  g_assert_cmpuint (n_changed, ==, 1);

  updated = eo_upload_record_get_updated (record);
  eo_device_set_remote (d1, EO_DEVICE_STATUS_PENDING, "IN_PROGRESS", NULL, NULL);
  g_assert_cmpuint (n_changed, ==, 2);
  g_assert_cmpint (eo_upload_record_get_updated (record), >, updated);
  /* The same answer again: nothing new. */
  eo_device_set_remote (d1, EO_DEVICE_STATUS_PENDING, "IN_PROGRESS", NULL, NULL);
  g_assert_cmpuint (n_changed, ==, 2);
  /* Another verbatim text with the same meaning is a change. */
  eo_device_set_remote (d1, EO_DEVICE_STATUS_PENDING, "QUEUED", NULL, NULL);
  eo_device_set_remote (d1, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "8910042348144559379");

  history = eo_upload_record_get_device_history (record, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (history[0].status_text, ==, "IN_PROGRESS");
  g_assert_cmpstr (history[1].status_text, ==, "QUEUED");
  g_assert_cmpint (history[2].status, ==, EO_DEVICE_STATUS_SUCCESS);
  g_assert_cmpint (history[0].time_us, <=, history[2].time_us);
  g_assert_null (eo_upload_record_get_device_history (record, 1, &n));
  g_assert_cmpuint (n, ==, 0);
  g_assert_null (eo_upload_record_get_device_history (record, 2, &n));
  g_assert_cmpuint (n, ==, 0);

  eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
  g_assert_cmpuint (n_ok, ==, 1);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (n_pending, ==, 1);
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_ACCEPTED);

  /* The last device becomes final: the upload is finished. */
  eo_device_set_remote (d2, EO_DEVICE_STATUS_FAILED, "ERROR", "ICCID in use", NULL);
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_FINISHED);
  eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (n_pending, ==, 0);
  history = eo_upload_record_get_device_history (record, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (history[0].reason, ==, "ICCID in use");
}

/* The poller marks a sent device pending before the server's first
 * answer says "PENDING": one event, not two "Pending" in its history;
 * the server's own other words stay events of their own. */
static void
test_status_history_once (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "cust", "a.csv", FALSE);
  g_autoptr(EoDevice) device = eo_device_new ("89049032123451234512345678901235", "one", NULL);
  const EoStatusChange *history;
  guint n;

  eo_upload_record_add_device (record, device);
  eo_upload_record_set_accepted (record, "req-1", "https://smdp.example.test");
  eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, NULL, NULL, NULL);
  eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "PENDING", NULL, NULL);
  eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "pending", NULL, NULL);
  history = eo_upload_record_get_device_history (record, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (history[0].status, ==, EO_DEVICE_STATUS_PENDING);

  eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "IN_PROGRESS", NULL, NULL);
  g_assert_nonnull (eo_upload_record_get_device_history (record, 0, &n));
  g_assert_cmpuint (n, ==, 2);
  eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "8910042348144559379");
  eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, NULL, NULL, "8910042348144559379");
  history = eo_upload_record_get_device_history (record, 0, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (history[2].status, ==, EO_DEVICE_STATUS_SUCCESS);
}

/* A record file of @error_text and @message_json (a JSON value or NULL). */
static char *
make_record_data (const char *error_text,
                  const char *message_json)
{
  return g_strdup_printf ("{\"format\": \"esim-onboard-upload\", \"version\": 1,"
                          " \"local_id\": \"0b6f8a52-6d5e-4c1c-9a61-4f1c2f0f3a10\","
                          " \"created\": \"2026-01-02T03:04:05.000000Z\","
                          " \"updated\": \"2026-01-02T03:04:06.000000Z\","
                          " \"server\": \"https://cso.example.test\", \"has_iccid_column\": false,"
                          " \"state\": \"refused\", \"error\": \"%s\"%s%s, \"devices\": []}",
                          error_text, message_json != NULL ? ", \"message\": " : "",
                          message_json != NULL ? message_json : "");
}

static EoUploadRecord *
load_record_data (const char *data)
{
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record = eo_upload_record_new_from_data (data, -1, &error);

  g_assert_no_error (error);
  return record;
}

/* Messages are kept as code and parameters and said in the language of
 * the reader; a record that has only a text keeps showing it. */
static void
test_message (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "cust", NULL, FALSE);
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(GError) refusal = eo_error_new_message (EO_ERROR_FILE_REFUSED,
                                                    eo_message_new ("file-refused", "reason", "EID 8904 is not valid", NULL));
  g_autofree char *data = NULL;
  g_autofree char *german = NULL;
  g_autofree char *old = NULL;
  g_autofree char *future = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *rewritten = NULL;
  g_autoptr(GError) error = NULL;
  const EoMessage *message;

  g_assert_error (refusal, EO_ERROR, EO_ERROR_FILE_REFUSED);
  g_assert_cmpstr (refusal->message, ==, "The server refused the file: EID 8904 is not valid");
  eo_upload_record_set_refused_error (record, refusal);
  g_assert_cmpstr (eo_upload_record_get_error_message (record), ==, refusal->message);
  data = eo_upload_record_to_data (record, NULL);
  g_assert_nonnull (strstr (data, "\"code\" : \"file-refused\""));
  g_assert_nonnull (strstr (data, "\"reason\" : \"EID 8904 is not valid\""));
  copy = eo_upload_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  eo_test_assert_records_equal (record, copy);
  message = eo_upload_record_get_message (copy);
  g_assert_true (eo_message_equal (message, eo_error_get_message (refusal)));

  /* A plain text replaces the message. */
  eo_upload_record_set_error_message (copy, "by hand");
  g_assert_null (eo_upload_record_get_message (copy));
  g_assert_cmpstr (eo_upload_record_get_error_message (copy), ==, "by hand");
  g_clear_object (&copy);

  /* Written in German: said in this process's language (English). */
  german = make_record_data ("Der Server hat den API-Schlüssel abgelehnt.",
                             "{\"code\": \"key-refused\", \"params\": {}}");
  copy = load_record_data (german);
  g_assert_cmpstr (eo_upload_record_get_error_message (copy), ==,
                   "The server refused the API key. Set the right key in Preferences → Account.");
  g_clear_object (&copy);

  /* Older records: only the text. */
  old = make_record_data ("Invalid API key", NULL);
  copy = load_record_data (old);
  g_assert_null (eo_upload_record_get_message (copy));
  g_assert_cmpstr (eo_upload_record_get_error_message (copy), ==, "Invalid API key");
  g_clear_object (&copy);

  /* A code of a later version: the text, and the message kept for it. */
  future = make_record_data ("Said by a later version",
                             "{\"code\": \"from-the-future\", \"params\": {\"x\": \"1\"}}");
  copy = load_record_data (future);
  g_assert_cmpstr (eo_upload_record_get_error_message (copy), ==, "Said by a later version");
  g_assert_cmpstr (eo_message_get_code (eo_upload_record_get_message (copy)), ==, "from-the-future");
  rewritten = eo_upload_record_to_data (copy, NULL);
  g_assert_nonnull (strstr (rewritten, "\"code\" : \"from-the-future\""));
  g_clear_object (&copy);

  /* A message not of the shape is left out, never the record. */
  broken = make_record_data ("Kept text",
                             "{\"code\": \"Key Refused\", \"params\": {\"x\": 1}}");
  copy = load_record_data (broken);
  g_assert_null (eo_upload_record_get_message (copy));
  g_assert_cmpstr (eo_upload_record_get_error_message (copy), ==, "Kept text");
}

/* Saying a message: plural forms, phrases, bounds. */
static void
test_message_format (void)
{
  g_autoptr(EoMessage) one = eo_message_new ("timeout", "seconds", "1", NULL);
  g_autoptr(EoMessage) many = eo_message_new ("timeout", "seconds", "30", NULL);
  g_autoptr(EoMessage) raw = eo_message_new ("unreachable", "host", "h.example", "detail", "Socket I/O timed out", NULL);
  g_autoptr(EoMessage) unknown = eo_message_new ("not-a-code", NULL);
  g_autoptr(EoMessage) crowded = NULL;
  g_autoptr(EoMessage) copy = NULL;
  g_autofree char *long_value = NULL;
  g_autofree char *one_text = eo_message_format (one);
  g_autofree char *many_text = eo_message_format (many);
  g_autofree char *raw_text = eo_message_format (raw);
  g_autoptr(GString) value = g_string_new (NULL);

  g_assert_cmpstr (one_text, ==, "The server did not answer within 1 second.");
  g_assert_cmpstr (many_text, ==, "The server did not answer within 30 seconds.");
  /* A detail that is no phrase of ours stays as it came. */
  g_assert_cmpstr (raw_text, ==, "Could not reach the server h.example (Socket I/O timed out). "
                                 "Check the network connection and the server address.");
  g_assert_false (eo_message_is_known (unknown));
  g_assert_null (eo_message_format (unknown));

  /* Bounded: at most EO_MESSAGE_MAX_PARAMS, each cut at a character. */
  for (guint i = 0; i < EO_MESSAGE_MAX_VALUE; i++)
    g_string_append (value, "é");
  crowded = eo_message_new ("file-refused", "reason", value->str, "b", "2", "c", "3", "d", "4", "e", "5", NULL);
  g_assert_cmpuint (strlen (eo_message_get_param (crowded, "reason")), <=, EO_MESSAGE_MAX_VALUE);
  g_assert_true (g_utf8_validate (eo_message_get_param (crowded, "reason"), -1, NULL));
  g_assert_cmpstr (eo_message_get_param (crowded, "d"), ==, "4");
  g_assert_null (eo_message_get_param (crowded, "e"));
  copy = eo_message_copy (crowded);
  g_assert_true (eo_message_equal (copy, crowded));
  g_assert_false (eo_message_equal (copy, one));
}

static void
test_refused (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "cust", NULL, FALSE);
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;

  eo_upload_record_set_refused (record, "Invalid API key");
  g_assert_cmpint (eo_upload_record_get_state (record), ==, EO_UPLOAD_STATE_REFUSED);
  g_assert_cmpstr (eo_upload_record_get_error_message (record), ==, "Invalid API key");

  data = eo_upload_record_to_data (record, NULL);
  copy = eo_upload_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  eo_test_assert_records_equal (record, copy);
  g_assert_null (eo_upload_record_get_source_name (copy));
}

static void
test_json_roundtrip (void)
{
  static const char * const names[] = {
    "Ünïcødé 电话", "comma, name", "quote \"q\"", "=SUM(A1)", "tab\there", "plain",
  };
  g_autoptr(EoUploadRecord) record = eo_test_make_record (G_N_ELEMENTS (names), names, TRUE);
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  gsize length = 0;

  data = eo_upload_record_to_data (record, &length);
  g_assert_cmpuint (length, ==, strlen (data));
  g_assert_nonnull (strstr (data, "\"format\""));
  g_assert_nonnull (strstr (data, "\"version\" : 1"));

  copy = eo_upload_record_new_from_data (data, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  eo_test_assert_records_equal (record, copy);

  /* Serializing the copy gives the same bytes. */
  data2 = eo_upload_record_to_data (copy, NULL);
  g_assert_cmpstr (data, ==, data2);

  /* The copy keeps following its devices. */
  {
    g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (copy), 2);
    guint n_changes;

    eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, NULL);
    g_assert_nonnull (eo_upload_record_get_device_history (copy, 2, &n_changes));
    g_assert_cmpuint (n_changes, ==, 2);
  }
}

/* Replaces @member (a top-level member, or "devices.0.MEMBER") in the
 * JSON of @record by @json_value (NULL removes it). */
static char *
mutate (EoUploadRecord *record,
        const char     *member,
        const char     *json_value)
{
  g_autoptr(JsonNode) root = eo_upload_record_to_json (record);
  g_autoptr(JsonNode) copy = json_node_copy (root);
  JsonObject *object = json_node_get_object (copy);

  if (g_str_has_prefix (member, "devices.0."))
    {
      object = json_array_get_object_element (json_object_get_array_member (object, "devices"), 0);
      member += strlen ("devices.0.");
    }
  if (json_value == NULL)
    {
      json_object_remove_member (object, member);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      JsonNode *value = json_from_string (json_value, &error);

      g_assert_no_error (error);
      if (value == NULL)
        value = json_node_new (JSON_NODE_NULL);
      json_object_set_member (object, member, value);
    }
  return json_to_string (copy, FALSE);
}

static void
test_json_strict (void)
{
  g_autoptr(EoUploadRecord) record = eo_test_make_record (3, NULL, FALSE);
  static const struct {
    const char *member;
    const char *value;
  } mutations[] = {
    { "format", NULL },
    { "format", "\"something-else\"" },
    { "format", "42" },
    { "version", NULL },
    { "version", "2" },
    { "version", "0" },
    { "version", "\"1\"" },
    { "version", "1.0" },
    { "local_id", NULL },
    { "local_id", "\"not-a-uuid\"" },
    { "local_id", "17" },
    { "created", "\"yesterday\"" },
    { "created", NULL },
    { "updated", "123" },
    { "state", "\"paused\"" },
    { "state", NULL },
    { "request_id", "null" },   /* accepted without request id */
    { "request_id", "[]" },
    { "server", "{}" },
    { "has_iccid_column", "\"yes\"" },
    { "has_iccid_column", NULL },
    { "sender", "[]" },
    { "devices", NULL },
    { "devices", "{}" },
    { "devices", "[1]" },
    { "devices", "[null]" },
    { "devices.0.eid", NULL },
    { "devices.0.eid", "8904903212345" },
    { "devices.0.name", "[]" },
    { "devices.0.status", "\"SUCCESS\"" },
    { "devices.0.status", NULL },
    { "devices.0.history", "{}" },
    { "devices.0.history", "[{\"time\":\"bad\",\"status\":\"pending\"}]" },
    { "devices.0.history", "[{\"time\":\"2024-01-01T00:00:00Z\",\"status\":\"weird\"}]" },
    { "devices.0.history", "[7]" },
  };
  static const char * const garbage[] = {
    "",
    " ",
    "null",
    "[]",
    "[{\"format\":\"esim-onboard-upload\"}]",
    "{}",
    "42",
    "\"text\"",
    "{\"format\":\"esim-onboard-upload\",\"version\":1}",
    "{\"format\":\"esim-onboard-upload\",\"version\":99,\"whatever\":true}",
    "{ not json",
    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
  };

  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++)
    {
      g_autofree char *data = mutate (record, mutations[i].member, mutations[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(EoUploadRecord) copy = NULL;

      copy = eo_upload_record_new_from_data (data, -1, &error);
      if (copy != NULL)
        g_error ("accepted with %s = %s", mutations[i].member, mutations[i].value);
      g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
      g_assert_nonnull (error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EoUploadRecord) copy = NULL;
      gsize len = i == G_N_ELEMENTS (garbage) - 1 ? 16 : strlen (garbage[i]);

      copy = eo_upload_record_new_from_data (garbage[i], len, &error);
      g_assert_null (copy);
      g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
    }

  /* Unknown extra members are tolerated (forward compatible). */
  {
    g_autofree char *data = mutate (record, "future_member", "{\"x\":[1,2]}");
    g_autoptr(GError) error = NULL;
    g_autoptr(EoUploadRecord) copy = eo_upload_record_new_from_data (data, -1, &error);

    g_assert_no_error (error);
    eo_test_assert_records_equal (record, copy);
  }
}

static void
test_from_list (void)
{
  g_autofree char *eid1 = eo_test_make_eid (11);
  g_autofree char *eid2 = eo_test_make_eid (12);
  g_autofree char *iccid = eo_test_make_iccid (5);
  g_autofree char *csv = g_strdup_printf ("EID,Name,ICCID\n%s,alpha,%s\n123,broken,\n%s,beta,\n",
                                          eid1, iccid, eid2);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_from_data (csv, strlen (csv), &error);
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoDevice) first = NULL;
  g_autoptr(EoDevice) second = NULL;

  g_assert_no_error (error);
  record = eo_upload_record_new ("https://cso.example.test", "c", "list.csv",
                                 eo_device_list_has_iccid_column (list));
  g_assert_cmpuint (eo_upload_record_add_devices_from_list (record, list), ==, 2);
  g_assert_cmpuint (eo_upload_record_get_n_devices (record), ==, eo_device_list_get_n_valid (list));
  g_assert_true (eo_upload_record_get_has_iccid_column (record));
  first = g_list_model_get_item (eo_upload_record_get_devices (record), 0);
  second = g_list_model_get_item (eo_upload_record_get_devices (record), 1);
  g_assert_cmpstr (eo_device_get_eid (first), ==, eid1);
  g_assert_cmpstr (eo_device_get_iccid (first), ==, iccid);
  g_assert_cmpstr (eo_device_get_name (second), ==, "beta");
  g_assert_null (eo_device_get_iccid (second));
}

/* The rows left out: those with errors from the list itself, those an
 * earlier upload assigned from the caller, each with why; kept through
 * the file (the same bytes again), said in the reader's language (a
 * record written in German reads in English here); hostile shapes refused. */
static void
test_left_out (void)
{
  g_autofree char *eid1 = eo_test_make_eid (21);
  g_autofree char *eid2 = eo_test_make_eid (22);
  g_autofree char *csv = g_strdup_printf ("EID,Name\n%s,alpha\n123,broken\n%s,beta\n", eid1, eid2);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_from_data (csv, strlen (csv), &error);
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(EoMessage) assigned = eo_message_new ("already-assigned", "date", "2026-12-01",
                                                  "upload", "first.csv", NULL);
  g_autofree char *data = NULL;
  g_autofree char *data2 = NULL;
  g_autofree char *german = NULL;
  const char *eid, *name, *iccid, *reason;

  g_assert_no_error (error);
  record = eo_upload_record_new ("https://cso.example.test", "c", "list.csv", FALSE);
  eo_device_list_set_left_out (list, 2, TRUE);
  g_assert_cmpuint (eo_upload_record_add_devices_from_list (record, list), ==, 1);
  eo_upload_record_add_left_out (record, eid2, "beta", NULL, assigned);
  g_assert_cmpuint (eo_upload_record_get_n_left_out (record), ==, 2);
  reason = eo_upload_record_get_left_out (record, 0, &eid, &name, &iccid);
  g_assert_cmpstr (eid, ==, "123");
  g_assert_cmpstr (name, ==, "broken");
  g_assert_null (iccid);
  {
    g_autofree char *problems = eo_device_list_dup_row_message (list, 1);
    g_autofree char *expected = g_strconcat ("Not sent because of its errors: ", problems, NULL);

    g_assert_cmpstr (reason, ==, expected);
  }
  reason = eo_upload_record_get_left_out (record, 1, &eid, &name, &iccid);
  g_assert_cmpstr (eid, ==, eid2);
  g_assert_cmpstr (reason, ==, "Already assigned on 2026-12-01 (upload “first.csv”)");

  data = eo_upload_record_to_data (record, NULL);
  copy = eo_upload_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eo_upload_record_get_n_left_out (copy), ==, 2);
  g_assert_cmpstr (eo_upload_record_get_left_out (copy, 1, NULL, NULL, NULL), ==,
                   "Already assigned on 2026-12-01 (upload “first.csv”)");
  data2 = eo_upload_record_to_data (copy, NULL);
  g_assert_cmpstr (data, ==, data2);
  g_clear_object (&copy);

  /* Written in German: the code is said in this session's language. */
  german = g_strdup (data);
  {
    char *at = strstr (german, "Already assigned on 2026-12-01");

    g_assert_nonnull (at);
    memcpy (at, "Bereits zugewiesen  2026-12-01", strlen ("Already assigned on 2026-12-01"));
  }
  copy = eo_upload_record_new_from_data (german, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eo_upload_record_get_left_out (copy, 1, NULL, NULL, NULL), ==,
                   "Already assigned on 2026-12-01 (upload “first.csv”)");
  g_clear_object (&copy);

  /* Not an array, a row without its EID: refused. */
  {
    g_autofree char *bad = mutate (record, "left_out", "{}");

    copy = eo_upload_record_new_from_data (bad, -1, &error);
    g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
    g_assert_null (copy);
    g_clear_error (&error);
  }
  {
    g_autofree char *bad = mutate (record, "left_out", "[{\"name\": \"x\"}]");

    copy = eo_upload_record_new_from_data (bad, -1, &error);
    g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
    g_assert_null (copy);
    g_clear_error (&error);
  }
}

/* The list's extra columns go with the record: names once, values per
 * device (none for a device whose values are all empty), kept through the
 * file; a record without them (older) still loads; hostile values are
 * refused or cleaned. */
static void
test_extra_columns (void)
{
  g_autofree char *eid1 = eo_test_make_eid (21);
  g_autofree char *eid2 = eo_test_make_eid (22);
  g_autofree char *csv = g_strdup_printf ("Serial Number,EID,Name,Model\nC02A,%s,alpha,iPhone\n,%s,beta,\n",
                                          eid1, eid2);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_from_data (csv, strlen (csv), &error);
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(EoUploadRecord) old = NULL;
  g_autoptr(EoUploadRecord) hostile = NULL;
  g_autoptr(EoDevice) first = NULL;
  g_autoptr(EoDevice) second = NULL;
  g_autofree char *data = NULL;
  g_autofree char *old_data = NULL;
  g_autofree char *bad_data = NULL;
  g_autofree char *cleaned_data = NULL;
  const char * const *columns;
  GString *edit;

  g_assert_no_error (error);
  record = eo_upload_record_new ("https://cso.example.test", "c", "list.csv", FALSE);
  g_assert_cmpuint (eo_upload_record_add_devices_from_list (record, list), ==, 2);
  data = eo_upload_record_to_data (record, NULL);
  g_assert_nonnull (strstr (data, "\"extra_columns\" : [\n    \"Serial Number\",\n    \"Model\"\n  ]"));
  copy = eo_upload_record_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  columns = eo_upload_record_get_extra_columns (copy);
  g_assert_cmpuint (g_strv_length ((char **) columns), ==, 2);
  g_assert_cmpstr (columns[0], ==, "Serial Number");
  g_assert_cmpint (eo_upload_record_find_serial_column (copy), ==, 0);
  first = g_list_model_get_item (eo_upload_record_get_devices (copy), 0);
  second = g_list_model_get_item (eo_upload_record_get_devices (copy), 1);
  g_assert_cmpuint (eo_device_get_n_extras (first), ==, 2);
  g_assert_cmpstr (eo_device_get_extra (first, 0), ==, "C02A");
  g_assert_cmpstr (eo_device_get_extra (first, 1), ==, "iPhone");
  g_assert_cmpuint (eo_device_get_n_extras (second), ==, 0);
  g_assert_cmpstr (eo_device_get_extra (second, 1), ==, "");
  {
    g_autofree char *again = eo_upload_record_to_data (copy, NULL);

    g_assert_cmpstr (again, ==, data);
  }

  /* Older records have neither member. */
  old = eo_test_make_record (2, (const char *[]) { "a", "b" }, TRUE);
  old_data = eo_upload_record_to_data (old, NULL);
  g_assert_null (strstr (old_data, "extra"));
  g_clear_object (&old);
  old = eo_upload_record_new_from_data (old_data, -1, &error);
  g_assert_no_error (error);
  g_assert_null (eo_upload_record_get_extra_columns (old)[0]);

  /* A value that is not text fails the record; control characters and
   * values past the columns are cleaned away. */
  edit = g_string_new (data);
  g_string_replace (edit, "\"C02A\"", "7", 1);
  bad_data = g_string_free (edit, FALSE);
  g_assert_null (eo_upload_record_new_from_data (bad_data, -1, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "devices[0].extra"));
  g_clear_error (&error);
  edit = g_string_new (data);
  g_string_replace (edit, "\"C02A\"", "\"C0\\u001b[2J\", \"iPhone\", \"more\"", 1);
  cleaned_data = g_string_free (edit, FALSE);
  hostile = eo_upload_record_new_from_data (cleaned_data, -1, &error);
  g_assert_no_error (error);
  g_clear_object (&first);
  first = g_list_model_get_item (eo_upload_record_get_devices (hostile), 0);
  g_assert_cmpuint (eo_device_get_n_extras (first), ==, 2);
  g_assert_cmpstr (eo_device_get_extra (first, 0), ==, "C0 [2J");
}

static void
test_format_time (void)
{
  g_autofree char *t0 = eo_upload_record_format_time (0);
  g_autofree char *t1 = eo_upload_record_format_time (1700000000123456);
  g_autofree char *tn = eo_upload_record_format_time (-1);

  g_assert_cmpstr (t0, ==, "1970-01-01T00:00:00.000000Z");
  g_assert_cmpstr (t1, ==, "2023-11-14T22:13:20.123456Z");
  g_assert_cmpstr (tn, ==, "1969-12-31T23:59:59.999999Z");
}

/* The state, a device's status and a row's severity are real enum types
 * (names and nicks for bindings and debuggers), not plain ints. */
static void
test_enum_properties (void)
{
  g_autoptr(EoUploadRecord) record = eo_upload_record_new ("https://cso.example.test", "c", "f.csv", FALSE);
  g_autoptr(EoDevice) device = eo_device_new (EO_TEST_RECORD_EID, "one", NULL);
  GParamSpec *state = g_object_class_find_property (G_OBJECT_GET_CLASS (record), "state");
  GParamSpec *status = g_object_class_find_property (G_OBJECT_GET_CLASS (device), "status");
  GParamSpec *severity = g_object_class_find_property (G_OBJECT_GET_CLASS (device), "severity");
  g_autoptr(GEnumClass) states = g_type_class_ref (EO_TYPE_UPLOAD_STATE);
  g_autoptr(GEnumClass) statuses = g_type_class_ref (EO_TYPE_DEVICE_STATUS);
  EoUploadState value = -1;

  g_assert_true (G_IS_PARAM_SPEC_ENUM (state));
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (state) == EO_TYPE_UPLOAD_STATE);
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (status) == EO_TYPE_DEVICE_STATUS);
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (severity) == EO_TYPE_SEVERITY);
  g_assert_cmpstr (g_enum_get_value (states, EO_UPLOAD_STATE_OUTCOME_UNKNOWN)->value_nick, ==, "outcome-unknown");
  g_assert_cmpstr (g_enum_get_value (statuses, EO_DEVICE_STATUS_FAILED)->value_nick, ==, "failed");

  eo_upload_record_set_refused (record, "no");
  g_object_get (record, "state", &value, NULL);
  g_assert_cmpint (value, ==, EO_UPLOAD_STATE_REFUSED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/record/enum-properties", test_enum_properties);
  g_test_add_func ("/history/record/new", test_new);
  g_test_add_func ("/history/record/devices-model", test_devices_model);
  g_test_add_func ("/history/record/states", test_states);
  g_test_add_func ("/history/record/status-history", test_status_history);
  g_test_add_func ("/history/record/status-history-once", test_status_history_once);
  g_test_add_func ("/history/record/refused", test_refused);
  g_test_add_func ("/history/record/message", test_message);
  g_test_add_func ("/history/record/message-format", test_message_format);
  g_test_add_func ("/history/record/json-roundtrip", test_json_roundtrip);
  g_test_add_func ("/history/record/json-strict", test_json_strict);
  g_test_add_func ("/history/record/from-list", test_from_list);
  g_test_add_func ("/history/record/left-out", test_left_out);
  g_test_add_func ("/history/record/extra-columns", test_extra_columns);
  g_test_add_func ("/history/record/format-time", test_format_time);

  return g_test_run ();
}
