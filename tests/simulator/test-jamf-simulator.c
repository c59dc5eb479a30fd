/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jamf-simulator"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eo-test-sim.h"
#include "eo-test-util.h"

/* The Jamf Pro simulator ($EO_JAMF_SIMULATOR) as a process: tokens,
 * paging, devices without EID and dual-SIM, commands and their states,
 * the ICCID in inventory, faults, the concurrency report. */

#define MGMT(n) "6b1b4a0e-0000-4000-8000-0000000000" n

typedef struct
{
  guint               status;
  char               *retry_after;
  JsonParser         *parser;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_free (answer->retry_after);
  g_clear_object (&answer->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
call (EoTestSim  *sim,
      const char *method,
      const char *path_and_query,
      const char *token,
      const char *content_type,
      const char *body,
      Answer     *answer)
{
  g_autofree char *uri = g_strconcat (sim->url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type, request);
    }
  bytes = soup_session_send_and_read (sim->control, msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                "Retry-After"));
  answer->parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (answer->parser, g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), &error));
}

static JsonObject *
root_object (Answer *answer)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (answer->parser)));
  return json_node_get_object (json_parser_get_root (answer->parser));
}

static char *
get_token (EoTestSim  *sim,
           const char *secret)
{
  g_auto(Answer) answer = { 0 };
  g_autofree char *body = g_strdup_printf ("grant_type=client_credentials&client_id=demo-client&client_secret=%s",
                                           secret);

  call (sim, "POST", "/api/oauth/token", NULL, "application/x-www-form-urlencoded", body, &answer);
  if (answer.status != 200)
    return NULL;
  g_assert_cmpstr (json_object_get_string_member (root_object (&answer), "token_type"), ==, "Bearer");
  return g_strdup (json_object_get_string_member (root_object (&answer), "access_token"));
}

static guint
devices_status (EoTestSim  *sim,
                const char *token)
{
  g_auto(Answer) answer = { 0 };

  call (sim, "GET", "/api/v2/mobile-devices/detail?page=0&page-size=1", token, NULL, NULL, &answer);
  return answer.status;
}

static void
test_token (void)
{
  const char *args[] = { "--token-seconds", "1", NULL };
  EoTestSim *sim = eo_test_sim_start_program ("EO_JAMF_SIMULATOR", args);
  g_autofree char *token = NULL;

  g_assert_null (get_token (sim, "wrong-secret"));
  g_assert_cmpuint (devices_status (sim, NULL), ==, 401);
  g_assert_cmpuint (devices_status (sim, "made-up"), ==, 401);
  token = get_token (sim, "demo-secret");
  g_assert_nonnull (token);
  g_assert_cmpuint (devices_status (sim, token), ==, 200);
  /* The test is about time passing: the token dies after a second. */
  EO_TEST_POLL_UNTIL (devices_status (sim, token) == 401, "the token to expire", 10);
  g_assert_cmpint (eo_test_sim_stat (sim, "token_requests"), ==, 2);
  g_assert_cmpint (eo_test_sim_stat (sim, "tokens_issued"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "expired_tokens"), >=, 1);
  eo_test_sim_stop (sim);
}

static void
test_paging (void)
{
  const char *args[] = { "--generate", "2500", NULL };
  EoTestSim *sim = eo_test_sim_start_program ("EO_JAMF_SIMULATOR", args);
  g_autofree char *token = get_token (sim, "demo-secret");
  guint seen = 0, without_eid = 0, absent = 0, dual = 0;

  for (guint page = 0; page < 3; page++)
    {
      g_auto(Answer) answer = { 0 };
      g_autofree char *path = g_strdup_printf ("/api/v2/mobile-devices/detail?section=GENERAL&section=NETWORK"
                                               "&section=SERVICE_SUBSCRIPTIONS&page=%u&page-size=2000", page);
      JsonArray *results;

      call (sim, "GET", path, token, NULL, NULL, &answer);
      g_assert_cmpuint (answer.status, ==, 200);
      g_assert_cmpint (json_object_get_int_member (root_object (&answer), "totalCount"), ==, 2500);
      results = json_object_get_array_member (root_object (&answer), "results");
      g_assert_cmpuint (json_array_get_length (results), ==, page == 0 ? 2000 : page == 1 ? 500 : 0);
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *device = json_array_get_object_element (results, i);
          JsonObject *network = json_object_get_object_member (device, "network");
          JsonArray *subs = json_object_get_array_member (device, "serviceSubscriptions");

          g_assert_false (json_object_has_member (device, "hardware"));
          g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (device, "general"),
                                                           "managementId"));
          if (!json_object_has_member (network, "eid"))
            absent++;
          if (json_object_get_string_member_with_default (network, "eid", NULL) == NULL &&
              json_array_get_length (subs) == 0)
            without_eid++;
          if (json_array_get_length (subs) == 2)
            {
              dual++;
              g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (subs, 0), "eid"));
            }
          seen++;
        }
    }
  g_assert_cmpuint (seen, ==, 2500);
  g_assert_cmpuint (without_eid, ==, 250);
  g_assert_cmpuint (absent, ==, 125);
  g_assert_cmpuint (dual, >, 300);

  {
    g_auto(Answer) answer = { 0 };

    call (sim, "GET", "/api/v2/mobile-devices/detail?page=0&page-size=2001", token, NULL, NULL, &answer);
    g_assert_cmpuint (answer.status, ==, 400);
  }
  eo_test_sim_stop (sim);
}

static const char *
command_state (EoTestSim  *sim,
               const char *token,
               const char *filter,
               guint       expected)
{
  static char state[32];
  g_auto(Answer) answer = { 0 };
  g_autofree char *escaped = g_uri_escape_string (filter, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/v2/mdm/commands?filter=", escaped, NULL);
  JsonArray *results;

  call (sim, "GET", path, token, NULL, NULL, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  results = json_object_get_array_member (root_object (&answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, expected);
  g_strlcpy (state, json_object_get_string_member (json_array_get_object_element (results, 0), "commandState"),
             sizeof state);
  return state;
}

static const char *
device_iccid (EoTestSim  *sim,
              const char *token)
{
  static char iccid[32];
  g_auto(Answer) answer = { 0 };
  JsonObject *device, *network;

  call (sim, "GET", "/api/v2/mobile-devices/detail?section=NETWORK&page=0&page-size=1", token, NULL, NULL, &answer);
  device = json_array_get_object_element (json_object_get_array_member (root_object (&answer), "results"), 0);
  network = json_object_get_object_member (device, "network");
  g_strlcpy (iccid, json_object_get_string_member_with_default (network, "iccid", NULL) ?: "", sizeof iccid);
  return iccid;
}

static void
test_commands (void)
{
  g_autofree char *assignments = g_build_filename (g_get_tmp_dir (), "assigned.txt", NULL);
  const char *args[] = { "--generate", "10", "--ack-ms", "300", "--inventory-ms", "300",
                         "--outcome", MGMT("02") "=NOT_NOW", "--assignments", assignments, NULL };
  EoTestSim *sim = eo_test_sim_start_program ("EO_JAMF_SIMULATOR", args);
  g_autofree char *token = get_token (sim, "demo-secret");
  g_autofree char *first = NULL, *filter = NULL;
  g_auto(Answer) push = { 0 };
  const char *body = "{\"clientData\":[{\"managementId\":\"" MGMT("01") "\"},{\"managementId\":\"" MGMT("02") "\"}],"
                     "\"commandData\":{\"commandType\":\"REFRESH_CELLULAR_PLANS\",\"esimServerUrl\":\"https://smdp.example\"}}";
  JsonArray *ids;

  call (sim, "POST", "/api/v2/mdm/commands", token, "application/json", body, &push);
  g_assert_cmpuint (push.status, ==, 201);
  ids = json_node_get_array (json_parser_get_root (push.parser));
  g_assert_cmpuint (json_array_get_length (ids), ==, 2);
  first = g_strdup (json_object_get_string_member (json_array_get_object_element (ids, 0), "id"));
  filter = g_strdup_printf ("uuid=in=(%s,%s)", first,
                            json_object_get_string_member (json_array_get_object_element (ids, 1), "id"));
  g_assert_cmpstr (command_state (sim, token, filter, 2), ==, "PENDING");
  EO_TEST_POLL_UNTIL (g_str_equal (command_state (sim, token, "clientManagementId==" MGMT("01") ";command==REFRESH_CELLULAR_PLANS", 1),
                                   "ACKNOWLEDGED"), "the acknowledgment", 10);
  g_assert_cmpstr (command_state (sim, token, "clientManagementId==" MGMT("02"), 1), ==, "NOT_NOW");
  g_assert_cmpint (eo_test_sim_stat (sim, "commands_created"), ==, 2);

  {
    g_auto(Answer) bad = { 0 };

    call (sim, "GET", "/api/v2/mdm/commands", token, NULL, NULL, &bad);
    g_assert_cmpuint (bad.status, ==, 400);
  }

  /* The CSO simulator's line for device 1: its ICCID shows in inventory. */
  g_assert_cmpstr (device_iccid (sim, token), ==, "");
  g_assert_true (g_file_set_contents (assignments, "89049032770000000000000000000178,8901990000000000012\n", -1, NULL));
  EO_TEST_POLL_UNTIL (g_str_equal (device_iccid (sim, token), "8901990000000000012"), "the ICCID in inventory", 10);
  g_assert_cmpint (eo_test_sim_stat (sim, "assignments"), ==, 1);
  g_unlink (assignments);
  eo_test_sim_stop (sim);
}

static void
test_faults (void)
{
  g_autofree char *clients = g_build_filename (g_get_tmp_dir (), "clients.json", NULL);
  const char *args[] = { "--clients", clients, "--retry-after", "7", NULL };
  EoTestSim *sim;
  g_autofree char *token = NULL, *reader = NULL;
  g_autoptr(JsonParser) parser = NULL;

  g_assert_true (g_file_set_contents (clients,
                                      "{\"clients\":[{\"client_id\":\"reader\",\"client_secret\":\"s1\","
                                      "\"privileges\":[\"Read Mobile Devices\"]}]}", -1, NULL));
  sim = eo_test_sim_start_program ("EO_JAMF_SIMULATOR", args);
  token = get_token (sim, "demo-secret");

  /* A role without the privilege: 403 naming it. */
  {
    g_auto(Answer) answer = { 0 };

    call (sim, "POST", "/api/oauth/token", NULL, "application/x-www-form-urlencoded",
          "grant_type=client_credentials&client_id=reader&client_secret=s1", &answer);
    reader = g_strdup (json_object_get_string_member (root_object (&answer), "access_token"));
  }
  g_assert_cmpuint (devices_status (sim, reader), ==, 200);
  {
    g_auto(Answer) answer = { 0 };
    JsonObject *error;

    call (sim, "GET", "/api/v2/mdm/commands?filter=command%3D%3DREFRESH_CELLULAR_PLANS", reader, NULL, NULL, &answer);
    g_assert_cmpuint (answer.status, ==, 403);
    error = json_array_get_object_element (json_object_get_array_member (root_object (&answer), "errors"), 0);
    g_assert_nonnull (strstr (json_object_get_string_member (error, "description"), "View MDM command information"));
  }

  eo_test_sim_control (sim->control, sim->url, "POST", "faults", "{\"endpoint\":\"devices\",\"status\":429,\"count\":1}", &parser);
  {
    g_auto(Answer) answer = { 0 };

    call (sim, "GET", "/api/v2/mobile-devices/detail", token, NULL, NULL, &answer);
    g_assert_cmpuint (answer.status, ==, 429);
    g_assert_cmpstr (answer.retry_after, ==, "7");
  }
  g_assert_cmpuint (devices_status (sim, token), ==, 200);
  g_clear_object (&parser);
  eo_test_sim_control (sim->control, sim->url, "POST", "faults", "{\"endpoint\":\"any\",\"status\":500,\"count\":1}", &parser);
  g_assert_cmpuint (devices_status (sim, token), ==, 500);
  g_assert_cmpint (eo_test_sim_stat (sim, "throttled"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "server_errors"), ==, 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "forbidden"), ==, 1);
  g_unlink (clients);
  eo_test_sim_stop (sim);
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  guint *n = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  (*n)++;
}

static void
test_concurrency (void)
{
  const char *args[] = { "--latency-ms", "300", NULL };
  EoTestSim *sim = eo_test_sim_start_program ("EO_JAMF_SIMULATOR", args);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns-per-host", 10, NULL);
  g_autofree char *uri = g_strconcat (sim->url, "/api/v2/mobile-devices/detail", NULL);
  guint answered = 0;

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, answered_cb, &answered);
    }
  EO_TEST_WAIT_FOR (answered == 7, "seven answers", 20);
  g_assert_cmpint (eo_test_sim_stat (sim, "max_in_flight"), ==, 7);
  g_assert_cmpint (eo_test_sim_stat (sim, "over_limit"), ==, 2);
  g_assert_cmpint (eo_test_sim_stat (sim, "in_flight"), ==, 0);
  eo_test_sim_stop (sim);
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);
  g_test_add_func ("/jamf-simulator/token", test_token);
  g_test_add_func ("/jamf-simulator/paging", test_paging);
  g_test_add_func ("/jamf-simulator/commands", test_commands);
  g_test_add_func ("/jamf-simulator/faults", test_faults);
  g_test_add_func ("/jamf-simulator/concurrency", test_concurrency);
  return g_test_run ();
}
