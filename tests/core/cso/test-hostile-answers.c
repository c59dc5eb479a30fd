/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-hostile-answers"

#include "config.h"

#include <string.h>

#include "eo-answer-text.h"
#include "eo-client.h"
#include "eo-client-private.h"
#include "eo-error.h"
#include "eo-json-check.h"
#include "eo-server-address.h"
#include "eo-upload-record.h"
#include "eo-test-cso.h"

/* Issue 10: answers of a hostile or broken server, through EoClient and
 * the simulator's fault modes, and the checks they go through. */

/* ------------------------------------------------------------ checks */

static void
test_json_check (void)
{
  static const struct
  {
    const char  *text;
    EoJsonCheck  result;
  } cases[] = {
    { "{}", EO_JSON_CHECK_OK },
    { "{\"a\":[1,-2.5e3,{\"b\":null}],\"c\":\"x\\u00e9\\n\\ud83d\\ude00\"}", EO_JSON_CHECK_OK },
    { " true ", EO_JSON_CHECK_OK },
    { "", EO_JSON_CHECK_EMPTY },
    { "\"\\200\"", EO_JSON_CHECK_SYNTAX },
    { "\"\\x41\"", EO_JSON_CHECK_SYNTAX },
    { "\"\\u0000\"", EO_JSON_CHECK_SYNTAX },
    { "\"\\udc00\"", EO_JSON_CHECK_SYNTAX },
    { "\"\\ud800x\"", EO_JSON_CHECK_SYNTAX },
    { "\"tab\there\"", EO_JSON_CHECK_SYNTAX },
    { "\"\xc3\"", EO_JSON_CHECK_NOT_UTF8 },
    { "[1,]", EO_JSON_CHECK_SYNTAX },
    { "{\"a\":1,}", EO_JSON_CHECK_SYNTAX },
    { "{\"a\" 1}", EO_JSON_CHECK_SYNTAX },
    { "[1 2]", EO_JSON_CHECK_SYNTAX },
    { "{} {}", EO_JSON_CHECK_SYNTAX },
    { "01", EO_JSON_CHECK_SYNTAX },
    { "[", EO_JSON_CHECK_SYNTAX },
    { "{'a':1}", EO_JSON_CHECK_SYNTAX },
  };
  GString *deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = g_strescape (cases[i].text, NULL);

      g_test_message ("%s", shown);
      g_assert_cmpint (eo_json_check (cases[i].text, strlen (cases[i].text), EO_JSON_MAX_DEPTH), ==,
                       cases[i].result);
    }

  /* 32 levels pass, 33 do not; 100,000 neither (and without recursion). */
  for (guint i = 0; i < 32; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 32; i++)
    g_string_append_c (deep, ']');
  g_assert_cmpint (eo_json_check (deep->str, deep->len, EO_JSON_MAX_DEPTH), ==, EO_JSON_CHECK_OK);
  g_string_prepend_c (deep, '[');
  g_string_append_c (deep, ']');
  g_assert_cmpint (eo_json_check (deep->str, deep->len, EO_JSON_MAX_DEPTH), ==, EO_JSON_CHECK_TOO_DEEP);
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "{\"a\":[");
  g_assert_cmpint (eo_json_check (deep->str, deep->len, EO_JSON_MAX_DEPTH), ==, EO_JSON_CHECK_TOO_DEEP);
  g_string_free (deep, TRUE);
}

static void
test_answer_text (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } values[] = {
    { "SUCCESS", "SUCCESS" },
    { "\033[31mSUCCESS", "\xef\xbf\xbd[31mSUCCESS" },
    { "a\nb\rc\td", "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd" "d" },
    { "\x80" "8901", "\xef\xbf\xbd" "8901" },
    { "r\xe2\x80\xae" "tl", "r\xef\xbf\xbd" "tl" },
    { "key=demo-key!", "key=[…]!" },
    { "caf\xc3\xa9", "caf\xc3\xa9" },
  };
  g_autofree char *long_text = g_strnfill (500, 'x');
  g_autofree char *copy = NULL;
  g_autofree char *message = NULL;
  const char *value;

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *out = NULL;

      value = eo_answer_text_value ("demo-key", values[i].in, EO_ANSWER_FIELD_MAX_CHARS, &out);
      g_assert_cmpstr (value, ==, values[i].out);
      g_assert_true (g_utf8_validate (value, -1, NULL));
    }
  value = eo_answer_text_value (NULL, long_text, EO_ANSWER_FIELD_MAX_CHARS, &copy);
  g_assert_cmpint (g_utf8_strlen (value, -1), ==, EO_ANSWER_FIELD_MAX_CHARS + 1);
  g_assert_true (g_str_has_suffix (value, "…"));

  message = eo_answer_text_message ("demo-key", "bad\033[2J  key demo-key\n");
  g_assert_cmpstr (message, ==, "bad [2J key […]");
}

static void
test_request_id (void)
{
  g_autofree char *too_long = g_strnfill (EO_REQUEST_ID_MAX_CHARS + 1, 'a');
  g_autofree char *longest = g_strnfill (EO_REQUEST_ID_MAX_CHARS, 'a');
  static const char * const bad[] = {
    "", "$(touch PWNED)", "a b", "a\nb", "a;b", "a'b", "\033[2J", "a/b", "é", "a_b",
  };

  g_assert_true (eo_request_id_is_valid ("4d796090-3c59-4717-8f4e-4b3c4861c31e"));
  g_assert_true (eo_request_id_is_valid (longest));
  g_assert_false (eo_request_id_is_valid (too_long));
  g_assert_false (eo_request_id_is_valid (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (eo_request_id_is_valid (bad[i]));

  /* Found by fuzz-answers: an ID is kept as it is, so one that holds the
   * key is refused (outcome unknown) rather than masked. */
  g_assert_null (_eo_client_check_request_id ("demo-key", "4d796090-3c59"));
  g_assert_nonnull (_eo_client_check_request_id ("demo-key", "8d796090-demo-keyc4861"));
  g_assert_nonnull (_eo_client_check_request_id ("demo-key", NULL));
}

/* Item 2: a record that an older version wrote with a server's raw byte
 * is repaired, not dropped; a record nested 100,000 deep is refused
 * without a crash. */
static void
test_record_on_disk (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-answers", "record-not-utf8.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoUploadRecord) deep = NULL;
  GString *nested = g_string_new ("{\"format\":\"esim-onboard-upload\",\"devices\":");
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, &len, &error));
  g_assert_false (g_utf8_validate (text, (gssize) len, NULL));
  record = eo_upload_record_new_from_data (text, (gssize) len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_true (g_utf8_validate (eo_upload_record_get_source_name (record), -1, NULL));
  g_assert_nonnull (strstr (eo_upload_record_get_source_name (record), "\xef\xbf\xbd"));

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (nested, '[');
  deep = eo_upload_record_new_from_data (nested->str, (gssize) nested->len, &error);
  g_assert_null (deep);
  g_assert_error (error, EO_ERROR, EO_ERROR_STORE);
  g_string_free (nested, TRUE);
}

/* ------------------------------------------------------- through HTTP */

typedef struct
{
  EoTestSim *sim;
  EoClient  *client;
  char      *request_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const args[] = { "--row-delay-ms", "0", NULL };
  g_autofree char *csv = eo_test_make_csv (300, 2, FALSE);
  g_autoptr(GError) error = NULL;

  fixture->sim = eo_test_sim_start_demo (args);
  fixture->client = eo_test_make_client (fixture->sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  eo_client_set_retry_policy (fixture->client, 1, 0, 0);
  g_assert_true (eo_test_upload_sync (fixture->client, csv, &fixture->request_id, NULL, &error));
  g_assert_no_error (error);
  /* Both rows processed before the faults are read. */
  for (guint i = 0; i < 500 && eo_test_sim_stat (fixture->sim, "rows_pending") > 0; i++)
    eo_test_run_for (10);
  g_assert_cmpint (eo_test_sim_stat (fixture->sim, "rows_pending"), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_free (fixture->request_id);
  eo_test_sim_stop (fixture->sim);
}

static GPtrArray *
read_with_fault (Fixture    *fixture,
                 const char *kind)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *configs;

  eo_test_sim_add_fault (fixture->sim, "status", kind, 1);
  configs = eo_test_status_sync (fixture->client, fixture->request_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (configs);
  return configs;
}

static gboolean
is_clean (const char *text)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
        return FALSE;
    }
  return strstr (text, EO_TEST_DEMO_KEY) == NULL;
}

static void
assert_clean_configs (GPtrArray *configs)
{
  for (guint i = 0; i < configs->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (configs, i);

      g_assert_true (is_clean (config->eid));
      g_assert_true (is_clean (config->iccid));
      g_assert_true (is_clean (config->name));
      g_assert_true (is_clean (config->status));
      g_assert_true (is_clean (config->reason));
    }
}

static void
test_escape_codes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) configs = read_with_fault (fixture, "escape-codes");
  EoRemoteConfig *config;

  g_assert_cmpuint (configs->len, ==, 2);
  assert_clean_configs (configs);
  config = g_ptr_array_index (configs, 0);
  /* Shown visibly damaged, and not taken for a success. */
  g_assert_cmpstr (config->status, ==, "\xef\xbf\xbd[31mSUCCESS");
  g_assert_cmpint (config->kind, ==, EO_DEVICE_STATUS_PENDING);
  g_assert_true (g_str_has_prefix (config->name, "\xef\xbf\xbd[2J"));
}

static void
test_echo_key (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) configs = read_with_fault (fixture, "echo-key");
  EoRemoteConfig *config;

  assert_clean_configs (configs);
  config = g_ptr_array_index (configs, 0);
  g_assert_cmpstr (config->status, ==, "[…] SUCCESS");
  g_assert_true (g_str_has_prefix (config->iccid, "[…] "));
}

static void
test_contradictory (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) configs = read_with_fault (fixture, "contradictory");

  /* One row per device, kept pending with a note and no ICCID. */
  g_assert_cmpuint (configs->len, ==, 2);
  for (guint i = 0; i < configs->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (configs, i);

      g_assert_cmpint (config->kind, ==, EO_DEVICE_STATUS_PENDING);
      g_assert_cmpstr (config->status, ==, "CONTRADICTORY");
      g_assert_null (config->iccid);
      g_assert_nonnull (strstr (config->reason, "SUCCESS 89"));
      g_assert_nonnull (strstr (config->reason, "FAILED —"));
    }
}

/* A tracked read (eo_client_eid_status_tracked_async) against states
 * held here, one per EID: the rows as an EoRemoteConfig each. */
static gpointer
track_state (const EoRemoteConfig *config,
             gboolean             *unchanged,
             gpointer              user_data)
{
  GHashTable *states = user_data;
  EoRemoteConfig *state = g_hash_table_lookup (states, config->eid);

  if (state == NULL)
    return NULL;
  *unchanged = state->kind == config->kind && g_strcmp0 (state->status, config->status) == 0 &&
               g_strcmp0 (state->reason, config->reason) == 0 && g_strcmp0 (state->iccid, config->iccid) == 0;
  return state;
}

static EoRemoteConfig *
rebuild_state (gpointer key,
               gpointer user_data)
{
  return eo_remote_config_copy (key);
}

static GPtrArray *
read_tracked (Fixture    *fixture,
              GHashTable *states)
{
  g_autoptr(GError) error = NULL;
  EoTestAsync wait = { 0 };
  GPtrArray *configs;

  eo_client_eid_status_tracked_async (fixture->client, fixture->request_id, track_state, rebuild_state, states,
                                      NULL, eo_test_async_cb, &wait);
  eo_test_run_until (&wait.done, 30000);
  configs = eo_client_eid_status_finish (fixture->client, wait.result, &error);
  eo_test_async_clear (&wait);
  g_assert_no_error (error);
  g_assert_nonnull (configs);
  return configs;
}

/* The states the answer as it is now gives. */
static GHashTable *
states_now (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) configs = eo_test_status_sync (fixture->client, fixture->request_id, &error);
  GHashTable *states = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) eo_remote_config_free);

  g_assert_no_error (error);
  for (guint i = 0; i < configs->len; i++)
    {
      EoRemoteConfig *copy = eo_remote_config_copy (g_ptr_array_index (configs, i));

      g_hash_table_insert (states, copy->eid, copy);
    }
  return states;
}

/* Rows that say what is known already are left out; the others, and
 * rows of EIDs not followed, come as they are. */
static void
test_tracked_unchanged (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) states = states_now (fixture);
  g_autoptr(GPtrArray) all = read_tracked (fixture, states);
  g_autoptr(GPtrArray) one = NULL;
  g_autoptr(GPtrArray) untracked = NULL;
  g_autofree char *unfollowed = NULL;
  EoRemoteConfig *state;
  GHashTableIter iter;
  gpointer key;

  g_assert_cmpuint (g_hash_table_size (states), ==, 2);
  g_assert_cmpuint (all->len, ==, 0);

  /* One device known as pending: its row changes it. */
  g_hash_table_iter_init (&iter, states);
  g_assert_true (g_hash_table_iter_next (&iter, &key, (gpointer *) &state));
  state->kind = EO_DEVICE_STATUS_PENDING;
  one = read_tracked (fixture, states);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (((EoRemoteConfig *) g_ptr_array_index (one, 0))->eid, ==, key);
  g_assert_cmpint (((EoRemoteConfig *) g_ptr_array_index (one, 0))->kind, ==, EO_DEVICE_STATUS_SUCCESS);
  /* Without the name: the device has it. */
  g_assert_null (((EoRemoteConfig *) g_ptr_array_index (one, 0))->name);

  /* The other not followed at all: its row comes too, with its name. */
  g_assert_true (g_hash_table_iter_next (&iter, &key, NULL));
  unfollowed = g_strdup (key);
  g_hash_table_iter_remove (&iter);
  untracked = read_tracked (fixture, states);
  g_assert_cmpuint (untracked->len, ==, 2);
  for (guint i = 0; i < untracked->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (untracked, i);

      if (g_strcmp0 (config->eid, unfollowed) == 0)
        g_assert_nonnull (config->name);
      else
        g_assert_null (config->name);
    }
}

/* A device listed twice with two results, its first row saying what is
 * known: that row comes back, and the device is contradictory exactly as
 * in an untracked read. */
static void
test_tracked_contradictory (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) states = states_now (fixture);
  g_autoptr(GPtrArray) untracked = read_with_fault (fixture, "contradictory");
  g_autoptr(GPtrArray) tracked = NULL;

  eo_test_sim_add_fault (fixture->sim, "status", "contradictory", 1);
  tracked = read_tracked (fixture, states);
  g_assert_cmpuint (untracked->len, ==, 2);
  g_assert_cmpuint (tracked->len, ==, untracked->len);
  for (guint i = 0; i < tracked->len; i++)
    {
      EoRemoteConfig *a = g_ptr_array_index (untracked, i), *b = g_ptr_array_index (tracked, i);

      g_assert_cmpstr (a->eid, ==, b->eid);
      g_assert_cmpint (b->kind, ==, EO_DEVICE_STATUS_PENDING);
      g_assert_cmpstr (b->status, ==, "CONTRADICTORY");
      g_assert_cmpstr (a->status, ==, b->status);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_null (b->iccid);
    }
}

static void
test_absent_rows (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) configs = read_with_fault (fixture, "absent-rows");

  g_assert_cmpuint (configs->len, ==, 1);
}

static void
test_hostile_server_url (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *csv = eo_test_make_csv (320, 1, FALSE);
  g_autofree char *request_id = NULL;
  g_autofree char *server_url = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GError) error = NULL;

  eo_test_sim_add_fault (fixture->sim, "upload", "hostile-server-url", 1);
  /* Accepted: the upload is kept, its address only flagged. */
  g_assert_true (eo_test_upload_sync (fixture->client, csv, &request_id, &server_url, &error));
  g_assert_no_error (error);
  g_assert_true (eo_request_id_is_valid (request_id));
  g_assert_true (is_clean (server_url));
  g_assert_null (strchr (server_url, '\n'));
  host = eo_smdp_address_check (server_url, &error);
  g_assert_null (host);
  g_assert_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER);
  g_assert_nonnull (strstr (error->message, "https://"));
}

static void
test_upload_not_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const kinds[] = {
    "gateway-error", "deep-nesting", "invalid-escape", "hostile-request-id", "not-json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *csv = eo_test_make_csv (330 + i, 1, FALSE);
      g_autoptr(GError) error = NULL;
      gint64 uploads = eo_test_sim_stat (fixture->sim, "uploads");

      g_test_message ("%s", kinds[i]);
      eo_test_sim_add_fault (fixture->sim, "upload", kinds[i], 1);
      g_assert_false (eo_test_upload_sync (fixture->client, csv, NULL, NULL, &error));
      g_assert_error (error, EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN);
      g_assert_nonnull (strstr (error->message, "before sending it again"));
      g_assert_true (is_clean (error->message));
      /* Sent once, never again by the client. */
      g_assert_cmpint (eo_test_sim_stat (fixture->sim, "uploads"), ==, uploads + 1);
    }
  /* The gateway error came after the work: the server has that upload. */
  g_assert_cmpint (eo_test_sim_stat (fixture->sim, "accepted_uploads"), >=, 4);
}

static void
test_status_not_json (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const kinds[] = { "deep-nesting", "invalid-escape" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) configs = NULL;

      eo_test_sim_add_fault (fixture->sim, "status", kinds[i], 1);
      configs = eo_test_status_sync (fixture->client, fixture->request_id, &error);
      g_assert_null (configs);
      g_assert_error (error, EO_ERROR, EO_ERROR_BAD_ANSWER);
    }
}

/* Item 9: a status read that says success:false is tried again, as after
 * a 5xx, instead of ending the wait. */
static void
test_success_false_retried (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  gint64 before = eo_test_sim_stat (fixture->sim, "status_requests");

  eo_client_set_retry_policy (fixture->client, 3, 10, 20);
  eo_test_sim_add_fault (fixture->sim, "status", "success-false", 1);
  configs = eo_test_status_sync (fixture->client, fixture->request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (configs->len, ==, 2);
  g_assert_cmpint (eo_test_sim_stat (fixture->sim, "status_requests"), ==, before + 2);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/hostile/check/json", test_json_check);
  g_test_add_func ("/hostile/check/answer-text", test_answer_text);
  g_test_add_func ("/hostile/check/request-id", test_request_id);
  g_test_add_func ("/hostile/record/on-disk", test_record_on_disk);
#define ADD(path, func) \
  g_test_add ("/hostile/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("status/escape-codes", test_escape_codes);
  ADD ("status/echo-key", test_echo_key);
  ADD ("status/contradictory-rows", test_contradictory);
  ADD ("status/absent-rows", test_absent_rows);
  ADD ("status/tracked/unchanged-left-out", test_tracked_unchanged);
  ADD ("status/tracked/contradictory-rows", test_tracked_contradictory);
  ADD ("status/not-json", test_status_not_json);
  ADD ("status/success-false-retried", test_success_false_retried);
  ADD ("upload/hostile-server-url", test_hostile_server_url);
  ADD ("upload/outcome-unknown-not-refused", test_upload_not_refused);
#undef ADD

  return g_test_run ();
}
