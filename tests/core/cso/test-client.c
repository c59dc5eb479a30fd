/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "eo-client.h"
#include "eo-client-private.h"
#include "eo-error.h"
#include "eo-test-cso.h"

#define BAD_KEY "$2a$04$wrongwrongwrongwrongwrongwrongwrongwrongwrongwrong"

static void
assert_no_key (const GError *error,
               const char   *key)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, key));
}

/* ----------------------------------------------------------- addresses */

static void
test_url_validation (void)
{
  static const struct
  {
    const char *url;
    const char *normalized; /* NULL: refused */
  } cases[] = {
    { "https://cso.celona.io", "https://cso.celona.io" },
    { "https://cso.celona.io/", "https://cso.celona.io" },
    { "  https://cso.celona.io///  ", "https://cso.celona.io" },
    { "https://example.com:8443/base/", "https://example.com:8443/base" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
    { "http://127.1.2.3:8080/", "http://127.1.2.3:8080" },
    { "http://localhost:1234", "http://localhost:1234" },
    { "http://[::1]:1234", "http://[::1]:1234" },
    { "http://cso.celona.io", NULL },
    { "http://10.0.0.1:8080", NULL },
    { "http://127.0.0.1.evil.example", NULL },
    { "http://localhost.evil.example", NULL },
    { "ftp://cso.celona.io", NULL },
    { "cso.celona.io", NULL },
    { "", NULL },
    { "https://", NULL },
    { "https://user:secret@cso.celona.io", NULL },
    { "https://cso.celona.io/?customer_id=x", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EoClient) client = eo_client_new (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      if (cases[i].normalized == NULL)
        {
          g_assert_null (client);
          g_assert_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER);
          g_assert_cmpstr (error->message, !=, "");
          if (strstr (cases[i].url, "secret") != NULL)
            g_assert_null (strstr (error->message, "secret"));
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (eo_client_get_server_url (client), ==, cases[i].normalized);
        }
    }
}

static void
test_no_credentials (void)
{
  g_autoptr(EoClient) client = eo_test_make_client ("http://127.0.0.1:9", NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (eo_client_has_credentials (client));
  g_assert_false (eo_test_connection_sync (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_NO_CREDENTIALS);
  g_assert_cmpuint (eo_client_get_n_requests (client), ==, 0);
}

static void
test_network_refused (void)
{
  /* A port nothing listens on: connection refused. */
  g_autofree char *url = eo_test_dup_closed_port_url ();
  g_autoptr(EoClient) client = eo_test_make_client (url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;

  g_assert_false (eo_test_connection_sync (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  assert_no_key (error, EO_TEST_DEMO_KEY);
}

/* ------------------------------------------------------------- success */

static void
test_upload_and_status (void)
{
  const char * const args[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 3, TRUE);
  g_autofree char *request_id = NULL;
  g_autofree char *server_url = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *log;
  JsonArray *requests;

  g_assert_true (eo_test_upload_sync (client, csv, &request_id, &server_url, &error));
  g_assert_no_error (error);
  g_assert_nonnull (request_id);
  g_assert_true (g_str_has_prefix (server_url, "https://"));

  eo_test_run_for (100);
  configs = eo_test_status_sync (client, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (configs->len, ==, 3);
  for (guint i = 0; i < configs->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (configs, i);
      g_autofree char *eid = eo_test_make_eid (1 + i);
      g_autofree char *iccid = eo_test_make_demo_iccid (1000 + 1 + i);

      g_assert_cmpstr (config->eid, ==, eid);
      g_assert_cmpstr (config->status, ==, "SUCCESS");
      g_assert_cmpint (config->kind, ==, EO_DEVICE_STATUS_SUCCESS);
      g_assert_cmpstr (config->iccid, ==, iccid);
    }

  /* Both calls carried the key, in the header (never in the query). */
  log = eo_test_sim_get (sim, "requests", &parser);
  requests = json_object_get_array_member (log, "requests");
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *entry = json_array_get_object_element (requests, i);
      g_assert_true (json_object_get_boolean_member (entry, "api_key_present"));
      g_assert_null (strstr (json_object_get_string_member (entry, "query"), EO_TEST_DEMO_KEY));
    }
  g_assert_cmpuint (eo_client_get_n_requests (client), ==, 2);

  eo_test_sim_stop (sim);
}

static void
test_status_classify (void)
{
  g_assert_cmpint (eo_remote_status_classify ("SUCCESS"), ==, EO_DEVICE_STATUS_SUCCESS);
  g_assert_cmpint (eo_remote_status_classify ("FAILED"), ==, EO_DEVICE_STATUS_FAILED);
  g_assert_cmpint (eo_remote_status_classify ("ERROR"), ==, EO_DEVICE_STATUS_FAILED);
  g_assert_cmpint (eo_remote_status_classify ("FAILURE"), ==, EO_DEVICE_STATUS_FAILED);
  g_assert_cmpint (eo_remote_status_classify ("REJECTED"), ==, EO_DEVICE_STATUS_FAILED);
  g_assert_cmpint (eo_remote_status_classify ("PENDING"), ==, EO_DEVICE_STATUS_PENDING);
  g_assert_cmpint (eo_remote_status_classify ("IN_PROGRESS"), ==, EO_DEVICE_STATUS_PENDING);
  g_assert_cmpint (eo_remote_status_classify ("DOWNLOADED"), ==, EO_DEVICE_STATUS_PENDING);
  g_assert_cmpint (eo_remote_status_classify (NULL), ==, EO_DEVICE_STATUS_PENDING);
}

/* ------------------------------------------------------------ connection */

static void
test_connection_keys (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoClient) good = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(EoClient) bad = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, BAD_KEY);
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_test_connection_sync (good, &error));
  g_assert_no_error (error);

  g_assert_false (eo_test_connection_sync (bad, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_KEY_REFUSED);
  assert_no_key (error, BAD_KEY);
  /* One request each: a refused key is not retried. */
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 2);

  eo_test_sim_stop (sim);
}

/* --------------------------------------------------------------- faults */

typedef struct
{
  const char *endpoint;
  const char *kind;
  EoError     code;
} FaultCase;

static void
test_faults (void)
{
  static const FaultCase cases[] = {
    { "upload", "forbidden", EO_ERROR_KEY_REFUSED },
    { "upload", "unauthorized", EO_ERROR_KEY_REFUSED },
    { "upload", "unknown-customer", EO_ERROR_UNKNOWN_CUSTOMER },
    { "upload", "throttle", EO_ERROR_THROTTLED },
    { "upload", "throttle-date", EO_ERROR_THROTTLED },
    { "upload", "server-error", EO_ERROR_SERVER },
    /* Only a 4xx or an error envelope proves a refusal (issue 10): any
     * other answer that is not a clean acceptance may hide a taken upload. */
    { "upload", "not-json", EO_ERROR_OUTCOME_UNKNOWN },
    { "upload", "bad-shape", EO_ERROR_OUTCOME_UNKNOWN },
    { "upload", "deep-nesting", EO_ERROR_OUTCOME_UNKNOWN },
    { "upload", "invalid-escape", EO_ERROR_OUTCOME_UNKNOWN },
    { "upload", "gateway-error", EO_ERROR_OUTCOME_UNKNOWN },
    { "upload", "hostile-request-id", EO_ERROR_OUTCOME_UNKNOWN },
    /* A well-formed error envelope refuses it. */
    { "upload", "success-false", EO_ERROR_SERVER },
    { "upload", "redirect", EO_ERROR_REDIRECT },
    { "upload", "drop", EO_ERROR_OUTCOME_UNKNOWN },
    { "upload", "hang", EO_ERROR_OUTCOME_UNKNOWN },
    { "upload", "slow", EO_ERROR_OUTCOME_UNKNOWN },
    { "status", "forbidden", EO_ERROR_KEY_REFUSED },
    { "status", "unauthorized", EO_ERROR_KEY_REFUSED },
    { "status", "throttle", EO_ERROR_THROTTLED },
    { "status", "throttle-date", EO_ERROR_THROTTLED },
    { "status", "server-error", EO_ERROR_SERVER },
    { "status", "not-json", EO_ERROR_BAD_ANSWER },
    { "status", "bad-shape", EO_ERROR_BAD_ANSWER },
    { "status", "deep-nesting", EO_ERROR_BAD_ANSWER },
    { "status", "invalid-escape", EO_ERROR_BAD_ANSWER },
    { "status", "gateway-error", EO_ERROR_SERVER },
    { "status", "success-false", EO_ERROR_SERVER },
    { "status", "redirect", EO_ERROR_REDIRECT },
    { "status", "drop", EO_ERROR_NETWORK },
    { "status", "hang", EO_ERROR_TIMEOUT },
    { "status", "slow", EO_ERROR_TIMEOUT },
  };
  const char * const args[] = { "--row-delay-ms", "0", "--slow-ms", "3000", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = eo_test_make_csv (100, 1, FALSE);
  g_autofree char *request_id = NULL;

  /* One attempt only: here each fault must surface as its own error. */
  eo_client_set_retry_policy (client, 1, 0, 0);
  eo_client_set_timeouts (client, 1, 0);

  g_assert_true (eo_test_upload_sync (client, csv, &request_id, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) configs = NULL;
      gint64 uploads_before = eo_test_sim_stat (sim, "uploads");
      gint64 status_before = eo_test_sim_stat (sim, "status_requests");
      gint64 before = g_get_monotonic_time ();
      gboolean ok;

      g_test_message ("%s=%s", cases[i].endpoint, cases[i].kind);
      eo_test_sim_add_fault (sim, cases[i].endpoint, cases[i].kind, 1);

      if (g_str_equal (cases[i].endpoint, "upload"))
        {
          g_autofree char *one = eo_test_make_csv (200 + i, 1, FALSE);
          ok = eo_test_upload_sync (client, one, NULL, NULL, &error);
          /* Never sent twice. */
          g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, uploads_before + 1);
        }
      else
        {
          configs = eo_test_status_sync (client, request_id, &error);
          ok = configs != NULL;
          g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, status_before + 1);
        }

      g_assert_false (ok);
      g_assert_nonnull (error);
      g_test_message ("  -> %s", error->message);
      g_assert_error (error, EO_ERROR, (gint)cases[i].code);
      assert_no_key (error, EO_TEST_DEMO_KEY);
      g_assert_cmpint (g_utf8_strlen (error->message, -1), <, 600);
      /* The 1 s deadline holds for hang and slow. */
      g_assert_cmpint (g_get_monotonic_time () - before, <, 2500000);
      g_clear_error (&error);
    }

  /* Faults all used up: the account still works. */
  {
    g_autoptr(GPtrArray) configs = eo_test_status_sync (client, request_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (configs->len, ==, 1);
  }

  eo_test_sim_stop (sim);
}

static void
test_unknown_request_and_customer (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(EoClient) stranger = eo_test_make_client (sim->url, "nobody & co", EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 1, FALSE);

  configs = eo_test_status_sync (client, "00000000-0000-0000-0000-000000000000", &error);
  g_assert_null (configs);
  g_assert_error (error, EO_ERROR, EO_ERROR_UNKNOWN_REQUEST);
  g_clear_error (&error);

  /* The customer id is URI-escaped, and named in the error. */
  g_assert_false (eo_test_upload_sync (stranger, csv, NULL, NULL, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_UNKNOWN_CUSTOMER);
  g_assert_nonnull (strstr (error->message, "nobody & co"));

  eo_test_sim_stop (sim);
}

static void
test_file_refused (void)
{
  EoTestSim *sim = eo_test_sim_start_demo (NULL);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;

  g_assert_false (eo_test_upload_sync (client, "Serial,Model\n1,2\n", NULL, NULL, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_FILE_REFUSED);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (strlen (error->message), >, strlen ("The server refused the file: "));

  eo_test_sim_stop (sim);
}

/* ------------------------------------------------------------- retries */

static void
test_retry_after_seconds (void)
{
  const char * const args[] = { "--row-delay-ms", "0", "--retry-after", "1", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 2, FALSE);
  g_autofree char *request_id = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GArray) times = NULL;
  gint64 before;

  g_assert_true (eo_test_upload_sync (client, csv, &request_id, NULL, &error));
  eo_test_sim_add_fault (sim, "status", "throttle", 1);

  before = g_get_monotonic_time ();
  configs = eo_test_status_sync (client, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (configs->len, ==, 2);
  g_assert_cmpint (g_get_monotonic_time () - before, >=, 1000000);

  times = eo_test_sim_request_times (sim, "eid-status");
  g_assert_cmpuint (times->len, ==, 2);
  g_test_message ("retry %" G_GINT64_FORMAT " µs after the 429",
                  g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0));
  /* The retry came no earlier than the announced delay. */
  g_assert_cmpint (g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0), >=, 1000000);
  g_assert_cmpint (g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0), <, 2500000);

  eo_test_sim_stop (sim);
}

static void
test_retry_after_date (void)
{
  const char * const args[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 2, FALSE);
  g_autofree char *request_id = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GArray) times = NULL;
  gint64 first, announced;

  g_assert_true (eo_test_upload_sync (client, csv, &request_id, NULL, &error));
  eo_test_sim_add_fault (sim, "status", "throttle-date", 1);

  configs = eo_test_status_sync (client, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (configs->len, ==, 2);

  times = eo_test_sim_request_times (sim, "eid-status");
  g_assert_cmpuint (times->len, ==, 2);
  /* The simulator announces its clock + 2 s, in whole seconds: the
   * announced instant is at least floor(first) + 2 s. */
  first = g_array_index (times, gint64, 0);
  announced = (first / G_USEC_PER_SEC + 2) * G_USEC_PER_SEC;
  g_test_message ("retry %" G_GINT64_FORMAT " µs after the announced date",
                  g_array_index (times, gint64, 1) - announced);
  g_assert_cmpint (g_array_index (times, gint64, 1), >=, announced);
  g_assert_cmpint (g_array_index (times, gint64, 1) - first, <, 3500000);

  eo_test_sim_stop (sim);
}

static void
test_retry_backoff (void)
{
  const char * const args[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 1, FALSE);
  g_autofree char *request_id = NULL;
  g_autoptr(GPtrArray) configs = NULL;

  g_assert_true (eo_test_upload_sync (client, csv, &request_id, NULL, &error));

  /* Two transient failures, then success within 3 attempts. */
  eo_client_set_retry_policy (client, 3, 50, 200);
  eo_test_sim_add_fault (sim, "status", "server-error", 1);
  eo_test_sim_add_fault (sim, "status", "drop", 1);
  configs = eo_test_status_sync (client, request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (configs->len, ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 3);
  g_clear_pointer (&configs, g_ptr_array_unref);

  /* More failures than attempts: the last error comes out. */
  eo_test_sim_add_fault (sim, "status", "server-error", 5);
  configs = eo_test_status_sync (client, request_id, &error);
  g_assert_null (configs);
  g_assert_error (error, EO_ERROR, EO_ERROR_SERVER);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 6);
  g_clear_error (&error);

  /* A key refused is final at once. */
  eo_test_sim_clear_faults (sim);
  eo_test_sim_add_fault (sim, "status", "forbidden", 5);
  configs = eo_test_status_sync (client, request_id, &error);
  g_assert_error (error, EO_ERROR, EO_ERROR_KEY_REFUSED);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 7);
  g_clear_error (&error);

  /* A Retry-After beyond the limit is not waited for. */
  eo_test_sim_clear_faults (sim);
  eo_client_set_max_retry_after (client, 0);
  eo_test_sim_add_fault (sim, "status", "throttle", 1);
  configs = eo_test_status_sync (client, request_id, &error);
  g_assert_error (error, EO_ERROR, EO_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "1 second"));
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 8);

  eo_test_sim_stop (sim);
}

static void
test_upload_not_repeated (void)
{
  const char * const args[] = { "--row-delay-ms", "0", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 2, FALSE);

  eo_client_set_retry_policy (client, 5, 10, 10);
  eo_test_sim_add_fault (sim, "upload", "drop", 1);
  g_assert_false (eo_test_upload_sync (client, csv, NULL, NULL, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_OUTCOME_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "before sending it again"));

  eo_test_run_for (300);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  /* The server did take it: which is why it must not be sent again. */
  g_assert_cmpint (eo_test_sim_stat (sim, "accepted_uploads"), ==, 1);

  g_clear_error (&error);
  eo_test_sim_add_fault (sim, "upload", "server-error", 1);
  g_assert_false (eo_test_upload_sync (client, csv, NULL, NULL, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_SERVER);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 2);

  eo_test_sim_stop (sim);
}

/* -------------------------------------------------------------- timeout */

static void
test_hang_timeout (void)
{
  const char * const args[] = { "--fault", "status=hang", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  gint64 before, elapsed;

  eo_client_set_timeouts (client, 2, 0);
  eo_client_set_retry_policy (client, 1, 0, 0);

  before = g_get_monotonic_time ();
  configs = eo_test_status_sync (client, "some-request", &error);
  elapsed = g_get_monotonic_time () - before;
  g_test_message ("failed after %" G_GINT64_FORMAT " ms", elapsed / 1000);

  g_assert_null (configs);
  g_assert_error (error, EO_ERROR, EO_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "The server did not answer within 2 seconds.");
  g_assert_cmpint (elapsed, >=, 1900000);
  g_assert_cmpint (elapsed, <, 3000000);

  eo_test_sim_stop (sim);
}

static void
test_cancel (void)
{
  const char * const args[] = { "--fault", "status=hang", NULL };
  EoTestSim *sim = eo_test_sim_start_demo (args);
  g_autoptr(EoClient) client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  EoTestAsync wait = { 0 };

  eo_client_eid_status_async (client, "x", cancellable, eo_test_async_cb, &wait);
  eo_test_run_for (200);
  g_assert_false (wait.done);
  g_cancellable_cancel (cancellable);
  eo_test_run_until (&wait.done, 2000);
  configs = eo_client_eid_status_finish (client, wait.result, &error);
  g_assert_null (configs);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  eo_test_async_clear (&wait);

  eo_test_sim_stop (sim);
}

/* ------------------------------------------------------------------ TLS */

static void
test_tls (void)
{
  EoTestCertFiles files = { 0 };
  EoTestSim *sim;
  g_autoptr(EoClient) client = NULL;
  g_autoptr(GTlsDatabase) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 1, FALSE);
  g_autofree char *request_id = NULL;

  eo_test_make_cert (&files);
  {
    const char * const args[] = { "--row-delay-ms", "0", "--tls-cert", files.cert,
                                  "--tls-key", files.key, NULL };
    sim = eo_test_sim_start_demo (args);
  }
  g_assert_true (g_str_has_prefix (sim->url, "https://127.0.0.1:"));
  db = g_tls_file_database_new (files.cert, &error);
  g_assert_no_error (error);
  /* The test's own control connection trusts the certificate. */
  soup_session_set_tls_database (sim->control, db);

  /* Not trusted by default: refused, and nothing reached the server. */
  client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  eo_client_set_retry_policy (client, 1, 0, 0);
  g_assert_false (eo_test_connection_sync (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_false (eo_test_upload_sync (client, csv, NULL, NULL, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_TLS);
  g_clear_error (&error);

  g_assert_cmpint (eo_test_sim_stat (sim, "requests"), ==, 0);

  /* Trusted through the client's database: works. */
  eo_client_set_tls_database (client, db);
  g_assert_true (eo_test_connection_sync (client, &error));
  g_assert_no_error (error);
  g_assert_true (eo_test_upload_sync (client, csv, &request_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (eo_test_sim_stat (sim, "uploads"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "status_requests"), ==, 1);

  /* Back to the system's trust: refused again. */
  g_clear_object (&client);
  client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  eo_client_set_tls_database (client, NULL);
  g_assert_false (eo_test_connection_sync (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_TLS);

  eo_test_sim_stop (sim);
  eo_test_clear_cert (&files);
}

/* ------------------------------------------------------------- redirect */

static void
target_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  guint *hits = user_data;

  (*hits)++;
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
test_redirect (void)
{
  g_autoptr(SoupServer) target = soup_server_new (NULL, NULL);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *location = NULL;
  g_autofree char *host = NULL;
  g_autofree char *csv = eo_test_make_csv (1, 1, FALSE);
  g_autoptr(EoClient) client = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  guint hits = 0;
  EoTestSim *sim;

  /* Another host: 127.0.0.2 (any 127/8 address is loopback on Linux). */
  soup_server_add_handler (target, NULL, target_handler, &hits, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.2", 0);
  if (!soup_server_listen (target, address, 0, &error))
    {
      g_test_message ("127.0.0.2 unavailable (%s): using 127.0.0.1", error->message);
      g_clear_error (&error);
      soup_server_listen_local (target, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
    }
  g_assert_no_error (error);
  uris = soup_server_get_uris (target);
  g_assert_nonnull (uris);
  host = g_strdup_printf ("%s:%d", g_uri_get_host (uris->data), g_uri_get_port (uris->data));
  location = g_strdup_printf ("http://%s/v1/api/rsp/esims/elsewhere", host);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);

  {
    const char * const args[] = { "--redirect-to", location, "--fault", "any=redirect", NULL };
    sim = eo_test_sim_start_demo (args);
  }
  client = eo_test_make_client (sim->url, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);

  g_assert_false (eo_test_upload_sync (client, csv, NULL, NULL, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, host));
  g_clear_error (&error);

  configs = eo_test_status_sync (client, "abc", &error);
  g_assert_null (configs);
  g_assert_error (error, EO_ERROR, EO_ERROR_REDIRECT);
  g_assert_nonnull (strstr (error->message, host));
  g_clear_error (&error);

  g_assert_false (eo_test_connection_sync (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_REDIRECT);

  /* Let any stray request arrive, then check none did. */
  eo_test_run_for (200);
  g_assert_cmpuint (hits, ==, 0);
  /* Redirects are never retried either. */
  g_assert_cmpint (eo_test_sim_stat (sim, "requests"), ==, 3);

  eo_test_sim_stop (sim);
}

/* The upload's body is a stream over the list (no copy of it), and on the
 * wire exactly what soup_multipart_to_message() writes, but for the
 * boundary: a file name that needs quoting, a list holding boundary-like
 * lines and CRLFs. */
static void
test_upload_body (void)
{
  const char *text = "EID,Name\r\n--eo-\r\n89049032000000000000000000000001,\"--\r\nx\"\n";
  const char *filename = "Fleet \"S\xc3\xbc\x64\" \\ 2026.csv";
  g_autoptr(GBytes) csv = g_bytes_new_static (text, strlen (text));
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessageHeaders) soup_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(SoupMessageHeaders) our_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GBytes) soup_body = NULL;
  g_autoptr(GHashTable) soup_params = NULL;
  g_autoptr(GHashTable) our_params = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) our_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ours = NULL;
  g_autoptr(SoupMultipart) parsed = NULL;
  g_autofree char *content_type = NULL;
  const char *soup_boundary, *our_boundary;
  SoupMessageHeaders *part_headers;
  GBytes *part_body;
  goffset length = -1;
  gssize copied;

  stream = _eo_client_new_upload_body (csv, filename, "customer-7", &content_type, &length);
  copied = g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                   G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  our_body = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_cmpint (copied, ==, length);
  g_assert_cmpuint (g_bytes_get_size (our_body), ==, (gsize) length);

  soup_message_headers_replace (our_headers, "Content-Type", content_type);
  g_assert_cmpstr (soup_message_headers_get_content_type (our_headers, &our_params), ==,
                   SOUP_FORM_MIME_TYPE_MULTIPART);
  our_boundary = g_hash_table_lookup (our_params, "boundary");
  g_assert_nonnull (our_boundary);
  g_assert_null (strstr (text, our_boundary));

  /* Read back by libsoup's own parser (the simulator's). */
  parsed = soup_multipart_new_from_message (our_headers, our_body);
  g_assert_nonnull (parsed);
  g_assert_cmpint (soup_multipart_get_length (parsed), ==, 2);
  g_assert_true (soup_multipart_get_part (parsed, 0, &part_headers, &part_body));
  g_assert_true (g_bytes_equal (part_body, csv));
  g_assert_cmpstr (soup_message_headers_get_content_type (part_headers, NULL), ==, "text/csv");
  {
    g_autoptr(GHashTable) params = NULL;
    g_autofree char *disposition = NULL;

    g_assert_true (soup_message_headers_get_content_disposition (part_headers, &disposition, &params));
    g_assert_cmpstr (disposition, ==, "form-data");
    g_assert_cmpstr (g_hash_table_lookup (params, "name"), ==, "eidFile");
    g_assert_cmpstr (g_hash_table_lookup (params, "filename"), ==, filename);
  }
  g_assert_true (soup_multipart_get_part (parsed, 1, &part_headers, &part_body));
  g_assert_cmpmem (g_bytes_get_data (part_body, NULL), g_bytes_get_size (part_body), "customer-7", 10);

  /* Byte for byte what libsoup writes, its boundary for ours. */
  soup_multipart_append_form_file (multipart, "eidFile", filename, "text/csv", csv);
  soup_multipart_append_form_string (multipart, "customer_id", "customer-7");
  soup_multipart_to_message (multipart, soup_headers, &soup_body);
  g_assert_nonnull (soup_message_headers_get_content_type (soup_headers, &soup_params));
  soup_boundary = g_hash_table_lookup (soup_params, "boundary");
  ours = g_string_new_len (g_bytes_get_data (our_body, NULL), (gssize) g_bytes_get_size (our_body));
  g_assert_cmpuint (g_string_replace (ours, our_boundary, soup_boundary, 0), ==, 3);
  g_assert_cmpmem (ours->str, ours->len, g_bytes_get_data (soup_body, NULL), g_bytes_get_size (soup_body));
}

int
main (int   argc,
      char *argv[])
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/client/url/validation", test_url_validation);
  g_test_add_func ("/client/no-credentials", test_no_credentials);
  g_test_add_func ("/client/network/refused", test_network_refused);
  g_test_add_func ("/client/status/classify", test_status_classify);
  g_test_add_func ("/client/success/upload-and-status", test_upload_and_status);
  g_test_add_func ("/client/connection/keys", test_connection_keys);
  g_test_add_func ("/client/faults/each-maps-to-its-error", test_faults);
  g_test_add_func ("/client/errors/unknown-request-and-customer", test_unknown_request_and_customer);
  g_test_add_func ("/client/errors/file-refused", test_file_refused);
  g_test_add_func ("/client/retry/retry-after-seconds", test_retry_after_seconds);
  g_test_add_func ("/client/retry/retry-after-date", test_retry_after_date);
  g_test_add_func ("/client/retry/backoff-and-limits", test_retry_backoff);
  g_test_add_func ("/client/upload/not-repeated-after-drop", test_upload_not_repeated);
  g_test_add_func ("/client/upload/body", test_upload_body);
  g_test_add_func ("/client/timeout/hang", test_hang_timeout);
  g_test_add_func ("/client/cancel", test_cancel);
  g_test_add_func ("/client/tls/self-signed", test_tls);
  g_test_add_func ("/client/redirect/key-not-sent", test_redirect);

  return g_test_run ();
}
