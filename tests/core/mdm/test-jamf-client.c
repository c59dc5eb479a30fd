/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jamf-client"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-jamf-client.h"
#include "eo-test-jamf.h"
#include "eo-test-util.h"

/* EoJamfClient against the Jamf Pro simulator over loopback: paging,
 * phones without EID, the errors an admin can act on, 429, the limit of
 * requests in flight. */

static guint n_pages_seen;

static void
page_cb (GPtrArray *page,
         guint      n_read,
         guint      n_total,
         gpointer   user_data)
{
  n_pages_seen++;
  g_assert_cmpuint (n_read, <=, n_total);
}

static void
list_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_paging (void)
{
  const char *args[] = { "--generate", "10000", "--latency-ms", "20", NULL };
  EoTestSim *sim = eo_test_jamf_sim_start (args);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint without_eid = 0, from_subscription = 0;

  eo_mdm_connector_list_devices_async (EO_MDM_CONNECTOR (client), page_cb, NULL, NULL, list_done_cb, &result);
  EO_TEST_WAIT_FOR (result != NULL, "10,000 devices", 120);
  devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (client), result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 10000);
  g_assert_cmpuint (n_pages_seen, ==, 5);
  for (guint i = 0; i < devices->len; i++)
    {
      EoMdmDevice *device = g_ptr_array_index (devices, i);

      g_assert_nonnull (device->management_id);
      g_assert_nonnull (device->serial);
      g_hash_table_add (ids, device->management_id);
      if (device->eid == NULL)
        without_eid++;
      else
        g_assert_cmpuint (strlen (device->eid), ==, 32);
      /* Dual-SIM: the EID comes from serviceSubscriptions, the physical
       * SIM's ICCID is kept. */
      if (device->eid != NULL && g_strv_length (device->iccids) == 1)
        from_subscription++;
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, 10000);
  g_assert_cmpuint (without_eid, ==, 1000);
  g_assert_cmpuint (from_subscription, >, 1000);
  /* 2000 per page, 5 pages, at most 5 at once. */
  g_assert_cmpint (eo_test_sim_stat (sim, "device_requests"), ==, 5);
  g_assert_cmpint (eo_test_sim_stat (sim, "token_requests"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "over_limit"), ==, 0);
  g_assert_cmpuint (eo_jamf_client_get_max_in_flight (client), <=, EO_JAMF_MAX_IN_FLIGHT);
  eo_test_sim_stop (sim);
}

static void
cancel_page_cb (GPtrArray *page,
                guint      n_read,
                guint      n_total,
                gpointer   user_data)
{
  g_cancellable_cancel (user_data);
}

/* A listing stopped after its first page (an app closed while the
 * follow-up reads the inventory): it ends cancelled, the pages never
 * read left alone (a NULL page was unreffed: a critical, fatal here). */
static void
test_paging_cancelled (void)
{
  const char *args[] = { "--generate", "10000", "--latency-ms", "20", NULL };
  EoTestSim *sim = eo_test_jamf_sim_start (args);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;

  eo_mdm_connector_list_devices_async (EO_MDM_CONNECTOR (client), cancel_page_cb, cancellable, cancellable,
                                       list_done_cb, &result);
  EO_TEST_WAIT_FOR (result != NULL, "the listing to stop", 60);
  devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (client), result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (devices);
  g_clear_object (&result);
  eo_test_sim_stop (sim);
}

static gboolean
test_connection (EoJamfClient  *client,
                 GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  eo_jamf_client_test_connection_async (client, NULL, list_done_cb, &result);
  EO_TEST_WAIT_FOR (result != NULL, "the connection test", 60);
  return eo_jamf_client_test_connection_finish (client, result, error);
}

static void
test_wrong_secret (void)
{
  EoTestSim *sim = eo_test_jamf_sim_start (NULL);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(GError) error = NULL;

  eo_jamf_client_set_credentials (client, EO_TEST_JAMF_CLIENT_ID, "not-the-secret-4711");
  g_assert_false (test_connection (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_KEY_REFUSED);
  g_assert_nonnull (strstr (error->message, "client secret"));
  g_assert_null (strstr (error->message, "not-the-secret-4711"));
  g_assert_cmpint (eo_test_sim_stat (sim, "token_requests"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "device_requests"), ==, 0);
  eo_test_sim_stop (sim);
}

static void
test_forbidden (void)
{
  g_autofree char *clients = g_build_filename (g_get_tmp_dir (), "reader.json", NULL);
  const char *args[] = { "--clients", clients, NULL };
  EoTestSim *sim;
  g_autoptr(EoJamfClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  const char *ids[] = { "0b9d3c8e-1111-4222-8333-444455556666", NULL };

  g_assert_true (g_file_set_contents (clients, "{\"clients\":[{\"client_id\":\"reader\",\"client_secret\":\"r-secret\","
                                               "\"privileges\":[\"Read Mobile Devices\"]}]}", -1, NULL));
  sim = eo_test_jamf_sim_start (args);
  client = eo_test_jamf_client_new (sim);
  eo_jamf_client_set_credentials (client, "reader", "r-secret");
  g_assert_true (test_connection (client, &error));
  g_assert_no_error (error);

  commands = eo_test_jamf_read_commands (EO_MDM_CONNECTOR (client), ids, &error);
  g_assert_null (commands);
  g_assert_error (error, EO_ERROR, EO_ERROR_KEY_REFUSED);
  g_assert_nonnull (strstr (error->message, "“" EO_JAMF_PRIVILEGE_VIEW_COMMANDS "”"));
  /* A 403 is not retried. */
  g_assert_cmpint (eo_test_sim_stat (sim, "command_requests"), ==, 1);
  g_unlink (clients);
  eo_test_sim_stop (sim);
}

static void
test_throttled (void)
{
  const char *args[] = { "--retry-after", "2", "--fault", "devices=429:2", NULL };
  EoTestSim *sim = eo_test_jamf_sim_start (args);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (test_connection (client, &error));
  g_assert_no_error (error);
  /* Two 429s, each waited for 2 s, then the read: 3 requests. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 4 * G_USEC_PER_SEC - 100000);
  g_assert_cmpint (eo_test_sim_stat (sim, "throttled"), ==, 2);
  g_assert_cmpint (eo_test_sim_stat (sim, "device_requests"), ==, 3);
  times = eo_test_sim_request_times (sim, "/mobile-devices/detail");
  g_assert_cmpuint (times->len, ==, 3);
  g_assert_cmpint (g_array_index (times, gint64, 1) - g_array_index (times, gint64, 0), >=, 2 * G_USEC_PER_SEC - 50000);
  g_assert_cmpint (g_array_index (times, gint64, 2) - g_array_index (times, gint64, 1), >=, 2 * G_USEC_PER_SEC - 50000);
  eo_test_sim_stop (sim);
}

static void
test_not_jamf (void)
{
  EoTestSim *cso = eo_test_sim_start_demo (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfClient) client = eo_jamf_client_new (cso->url, &error);

  eo_jamf_client_set_credentials (client, EO_TEST_JAMF_CLIENT_ID, EO_TEST_JAMF_SECRET);
  g_assert_false (test_connection (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_BAD_ANSWER);
  g_assert_nonnull (strstr (error->message, "Jamf Pro server"));
  eo_test_sim_stop (cso);
}

static void
test_unreachable (void)
{
  g_autofree char *url = eo_test_dup_closed_port_url ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfClient) client = eo_jamf_client_new (url, &error);

  eo_jamf_client_set_credentials (client, EO_TEST_JAMF_CLIENT_ID, EO_TEST_JAMF_SECRET);
  g_assert_false (test_connection (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "cannot be reached"));
}

/* HTTPS with a certificate nobody trusts: a TLS error before any
 * request, the secret never sent; trusted, the same server works. */
static void
test_tls (void)
{
  EoTestCertFiles files = { 0 };
  EoTestSim *sim;
  g_autoptr(EoJamfClient) client = NULL;
  g_autoptr(GTlsDatabase) db = NULL;
  g_autoptr(GError) error = NULL;

  eo_test_make_cert (&files);
  {
    const char * const args[] = { "--tls-cert", files.cert, "--tls-key", files.key, NULL };
    sim = eo_test_jamf_sim_start (args);
  }
  g_assert_true (g_str_has_prefix (sim->url, "https://127.0.0.1:"));
  db = g_tls_file_database_new (files.cert, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (sim->control, db);

  client = eo_test_jamf_client_new (sim);
  g_assert_false (test_connection (client, &error));
  g_assert_error (error, EO_ERROR, EO_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_clear_error (&error);
  g_assert_cmpint (eo_test_sim_stat (sim, "requests"), ==, 0);

  eo_jamf_client_set_tls_database (client, db);
  g_assert_true (test_connection (client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (eo_test_sim_stat (sim, "token_requests"), ==, 1);
  eo_test_sim_stop (sim);
  eo_test_clear_cert (&files);
}

static void
test_https_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfClient) client = eo_jamf_client_new ("http://jamf.example.com", &error);

  g_assert_null (client);
  g_assert_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER);
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);
  g_test_add_func ("/jamf/client/paging-10000", test_paging);
  g_test_add_func ("/jamf/client/paging-cancelled", test_paging_cancelled);
  g_test_add_func ("/jamf/client/wrong-secret", test_wrong_secret);
  g_test_add_func ("/jamf/client/forbidden-names-privilege", test_forbidden);
  g_test_add_func ("/jamf/client/throttled-retry-after", test_throttled);
  g_test_add_func ("/jamf/client/not-jamf", test_not_jamf);
  g_test_add_func ("/jamf/client/unreachable", test_unreachable);
  g_test_add_func ("/jamf/client/tls", test_tls);
  g_test_add_func ("/jamf/client/https-only", test_https_only);
  return g_test_run ();
}
