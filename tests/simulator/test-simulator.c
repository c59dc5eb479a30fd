/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the CSO simulator, run as a separate process as the real
 * service would be, spoken to over HTTP(S) with libsoup. */
#define G_LOG_DOMAIN "test-simulator"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eo-test-sim.h"

#define UPLOAD_PATH "/v1/api/rsp/esims/assign-eid"
#define STATUS_PATH "/v1/api/rsp/esims/eid-status"

/* The accounts file of most tests. The key of "acme" has the "$" of a
 * bcrypt-like key, to catch any trip through a shell. */
#define ACME_KEY "$2a$04$acme-test-secret-Zq9"
#define OTHER_KEY "other-test-secret-Kw3"
static const char accounts_json[] =
  "{\"accounts\":["
  "{\"customer_id\":\"acme\",\"api_key\":\"" ACME_KEY "\",\"pool_size\":3,\"pool_prefix\":\"8901234\"},"
  "{\"customer_id\":\"other\",\"api_key\":\"" OTHER_KEY "\",\"pool_size\":2,\"pool_prefix\":\"8944000\","
  "\"server_url\":\"https://sm-other.example\"}"
  "]}";

/* The pool of "acme", worked out independently of the simulator. */
static const char *acme_pool[] = {
  "8901234000000000017",
  "8901234000000000025",
  "8901234000000000033",
};

typedef struct
{
  GSubprocess *process;
  char        *dir;
  char        *url;
  char        *stderr_path;
  SoupSession *session;
} Sim;

typedef struct
{
  guint       status;
  GBytes     *body;
  JsonNode   *root;  /* NULL when the body is not JSON */
  SoupMessageHeaders *headers;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_pointer (&answer->root, json_node_unref);
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* Helpers: identifiers */

static gboolean
luhn_ok (const char *digits)
{
  gsize len = strlen (digits);
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint d = (guint) (digits[len - 1 - i] - '0');

      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return sum % 10 == 0;
}

/* Helpers: the simulator process */

/* A session that never consults the desktop's proxy settings: the test's
 * isolated XDG dirs have no GSettings schemas, and loopback needs none. */
static SoupSession *
new_session (GTlsDatabase *database)
{
  g_autoptr(GProxyResolver) resolver = g_simple_proxy_resolver_new (NULL, NULL);

  return soup_session_new_with_options ("proxy-resolver", resolver,
                                        "timeout", 10,
                                        database != NULL ? "tls-database" : NULL, database,
                                        NULL);
}

static char *
write_file (Sim        *sim,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (sim->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Start the simulator with the test accounts (unless @with_accounts is
 * FALSE) and the NULL-terminated extra arguments. */
static Sim *
sim_start_full (gboolean    with_accounts,
                const char *first_arg,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Sim *sim = g_new0 (Sim, 1);
  va_list args;

  sim->dir = g_dir_make_tmp ("eo-sim-test-XXXXXX", &error);
  g_assert_no_error (error);
  sim->stderr_path = g_build_filename (sim->dir, "stderr.log", NULL);

  if (with_accounts)
    {
      g_ptr_array_add (argv, g_strdup ("--accounts"));
      g_ptr_array_add (argv, write_file (sim, "accounts.json", accounts_json));
    }
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  sim->process = eo_test_sim_spawn ((const char * const *) argv->pdata, 0, sim->stderr_path, &sim->url);
  sim->session = new_session (NULL);

  return sim;
}

#define sim_start(...) sim_start_full (TRUE, __VA_ARGS__)

static char *
sim_read_stderr (Sim *sim)
{
  char *contents = NULL;

  g_file_get_contents (sim->stderr_path, &contents, NULL, NULL);
  return contents != NULL ? contents : g_strdup ("");
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* Stop with SIGTERM and check a clean exit. */
static void
sim_stop (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait_check (sim->process, NULL, &error);
  g_assert_no_error (error);

  g_clear_object (&sim->session);
  g_clear_object (&sim->process);
  remove_dir (sim->dir);
  g_free (sim->dir);
  g_free (sim->url);
  g_free (sim->stderr_path);
  g_free (sim);
}

/* Helpers: HTTP */

static Answer *
send_message (Sim          *sim,
              SoupSession  *session,
              SoupMessage  *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  Answer *answer = g_new0 (Answer, 1);
  gsize len;
  const char *data;

  answer->body = soup_session_send_and_read (session != NULL ? session : sim->session,
                                             msg, NULL, &error);
  g_assert_no_error (error);
  answer->status = soup_message_get_status (msg);
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  data = g_bytes_get_data (answer->body, &len);
  if (data != NULL && json_parser_load_from_data (parser, data, (gssize) len, NULL))
    answer->root = json_node_ref (json_parser_get_root (parser));

  return answer;
}

static Answer *
http_get (Sim        *sim,
          const char *path,
          const char *api_key)
{
  g_autofree char *uri = g_strconcat (sim->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

  if (api_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", api_key);
  return send_message (sim, NULL, msg);
}

static Answer *
http_post_json (Sim        *sim,
                const char *path,
                const char *json)
{
  g_autofree char *uri = g_strconcat (sim->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return send_message (sim, NULL, msg);
}

static Answer *
status_request (Sim        *sim,
                const char *api_key,
                const char *request_id)
{
  g_autofree char *escaped = g_uri_escape_string (request_id, NULL, FALSE);
  g_autofree char *path = g_strdup_printf (STATUS_PATH "?request_id=%s", escaped);

  return http_get (sim, path, api_key);
}

static SoupMessage *
upload_message (Sim        *sim,
                const char *query_customer,
                const char *api_key,
                const char *csv,
                const char *form_customer)
{
  g_autofree char *uri = g_strdup_printf ("%s" UPLOAD_PATH "?customer_id=%s", sim->url, query_customer);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  SoupMessage *msg;

  if (csv != NULL)
    {
      g_autoptr(GBytes) file = g_bytes_new (csv, strlen (csv));

      soup_multipart_append_form_file (multipart, "eidFile", "devices.csv", "text/csv", file);
    }
  if (form_customer != NULL)
    soup_multipart_append_form_string (multipart, "customer_id", form_customer);

  msg = soup_message_new_from_multipart (uri, multipart);
  if (api_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", api_key);
  return msg;
}

static Answer *
upload (Sim        *sim,
        const char *customer,
        const char *api_key,
        const char *csv)
{
  g_autoptr(SoupMessage) msg = upload_message (sim, customer, api_key, csv, customer);

  return send_message (sim, NULL, msg);
}

/* Helpers: JSON */

static JsonObject *
answer_object (Answer *answer)
{
  g_assert_nonnull (answer->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (answer->root));
  return json_node_get_object (answer->root);
}

/* Check the CSO envelope of a failure and return its error text. */
static const char *
assert_error_envelope (Answer *answer,
                       guint   status)
{
  JsonObject *object;
  const char *error;

  g_assert_cmpuint (answer->status, ==, status);
  object = answer_object (answer);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, status);
  g_assert_false (json_object_get_boolean_member (object, "success"));
  error = json_object_get_string_member (object, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (error, !=, "");
  return error;
}

/* Check a 202 envelope and return a copy of its request id. */
static char *
assert_accepted (Answer *answer)
{
  JsonObject *object, *data;
  const char *request_id, *server_url;

  g_assert_cmpuint (answer->status, ==, 202);
  object = answer_object (answer);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 202);
  g_assert_true (json_object_get_boolean_member (object, "success"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "");
  data = json_object_get_object_member (object, "data");
  g_assert_nonnull (data);
  request_id = json_object_get_string_member (data, "request_id");
  g_assert_true (g_uuid_string_is_valid (request_id));
  server_url = json_object_get_string_member (data, "server_url");
  g_assert_true (g_str_has_prefix (server_url, "https://sm-"));
  g_assert_true (g_str_has_suffix (server_url, ".example"));
  return g_strdup (request_id);
}

static JsonArray *
status_configs (Answer *answer)
{
  JsonObject *object, *data;

  g_assert_cmpuint (answer->status, ==, 200);
  object = answer_object (answer);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 200);
  g_assert_true (json_object_get_boolean_member (object, "success"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "");
  data = json_object_get_object_member (object, "data");
  g_assert_nonnull (data);
  return json_object_get_array_member (data, "configs");
}

static JsonObject *
config_at (JsonArray *configs,
           guint      index)
{
  g_assert_cmpuint (index, <, json_array_get_length (configs));
  return json_array_get_object_element (configs, index);
}

static gboolean
configs_final (JsonArray *configs,
               guint      n_rows)
{
  if (json_array_get_length (configs) != n_rows)
    return FALSE;
  for (guint i = 0; i < n_rows; i++)
    {
      const char *status = json_object_get_string_member (config_at (configs, i), "status");

      if (g_str_equal (status, "PENDING") || g_str_equal (status, "IN_PROGRESS"))
        return FALSE;
    }
  return TRUE;
}

/* Poll the status until all @n_rows rows are final (at most 5 s). */
static Answer *
wait_final (Sim        *sim,
            const char *api_key,
            const char *request_id,
            guint       n_rows)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  for (;;)
    {
      Answer *answer = status_request (sim, api_key, request_id);

      if (configs_final (status_configs (answer), n_rows))
        return answer;
      answer_free (answer);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10 * 1000);
    }
}

static void
assert_row (JsonArray  *configs,
            guint       index,
            const char *eid,
            const char *name,
            const char *status,
            const char *iccid,
            const char *message_part)
{
  JsonObject *row = config_at (configs, index);

  g_assert_cmpstr (json_object_get_string_member (row, "eid"), ==, eid);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, name);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, status);
  if (iccid != NULL)
    g_assert_cmpstr (json_object_get_string_member (row, "iccid"), ==, iccid);
  if (message_part != NULL)
    {
      const char *message = json_object_get_string_member_with_default (row, "message", "");

      if (strstr (message, message_part) == NULL)
        g_error ("row %u: message “%s” lacks “%s”", index, message, message_part);
    }
}

static gint64
stat_value (Sim        *sim,
            const char *name)
{
  g_autoptr(Answer) answer = http_get (sim, "/_sim/stats", NULL);

  g_assert_cmpuint (answer->status, ==, 200);
  g_assert_true (json_object_has_member (answer_object (answer), name));
  return json_object_get_int_member (answer_object (answer), name);
}

static void
add_fault (Sim        *sim,
           const char *endpoint,
           const char *kind,
           int         count)
{
  g_autofree char *json = g_strdup_printf ("{\"endpoint\":\"%s\",\"kind\":\"%s\",\"count\":%d}",
                                           endpoint, kind, count);
  g_autoptr(Answer) answer = http_post_json (sim, "/_sim/faults", json);

  g_assert_cmpuint (answer->status, ==, 200);
}

static char *
csv_rows (const char *header,
          ...)
{
  GString *csv = g_string_new (header);
  va_list args;

  g_string_append_c (csv, '\n');
  va_start (args, header);
  for (const char *row = va_arg (args, const char *); row != NULL; row = va_arg (args, const char *))
    {
      g_string_append (csv, row);
      g_string_append_c (csv, '\n');
    }
  va_end (args);

  return g_string_free (csv, FALSE);
}

/* Tests: startup */

static void
test_startup_listening_line (void)
{
  Sim *sim = sim_start ("--quiet", NULL);
  g_autoptr(GUri) uri = g_uri_parse (sim->url, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "http");
  g_assert_cmpstr (g_uri_get_host (uri), ==, "127.0.0.1");
  g_assert_cmpint (g_uri_get_port (uri), >, 0);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "");

  sim_stop (sim);
}

static void
assert_refuses_to_start (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("EO_SIMULATOR"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, !=, "");
}

static void
test_startup_refusals (void)
{
  const char *no_account[] = { NULL };
  const char *not_loopback[] = { "--demo", "--host", "192.0.2.1", NULL };
  const char *bad_fault[] = { "--demo", "--fault", "upload=explode", NULL };
  const char *bad_endpoint[] = { "--demo", "--fault", "everything=drop", NULL };
  const char *bad_style[] = { "--demo", "--pending-style", "sleepy", NULL };
  const char *key_on_argv[] = { "--demo", "demo-key", NULL };
  const char *cert_without_key[] = { "--demo", "--tls-cert", "/nonexistent.pem", NULL };

  assert_refuses_to_start (no_account);
  assert_refuses_to_start (not_loopback);
  assert_refuses_to_start (bad_fault);
  assert_refuses_to_start (bad_endpoint);
  assert_refuses_to_start (bad_style);
  assert_refuses_to_start (key_on_argv);
  assert_refuses_to_start (cert_without_key);
}

static void
test_startup_bad_accounts (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-sim-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "accounts.json", NULL);
  static const char *bad[] = {
    "not json",
    "{\"accounts\":{}}",
    "{\"accounts\":[{\"api_key\":\"k\",\"pool_size\":1}]}",
    "{\"accounts\":[{\"customer_id\":\"c\",\"pool_size\":1}]}",
    "{\"accounts\":[{\"customer_id\":\"c\",\"api_key\":\"k\",\"pool_prefix\":\"1234\"}]}",
    "{\"accounts\":[{\"customer_id\":\"c\",\"api_key\":\"k\",\"pool_size\":-1}]}",
    /* Two accounts with the same key: the error must not quote it. */
    "{\"accounts\":[{\"customer_id\":\"a\",\"api_key\":\"dup-secret-77\"},"
    "{\"customer_id\":\"b\",\"api_key\":\"dup-secret-77\"}]}",
  };

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_file_set_contents (path, bad[i], -1, &error);
      g_assert_no_error (error);
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error, g_getenv ("EO_SIMULATOR"), "--accounts", path, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
      g_assert_cmpstr (out, ==, "");
      g_assert_null (strstr (err, "dup-secret-77"));
    }

  g_remove (path);
  g_rmdir (dir);
}

/* Tests: the success path */

static void
test_upload_auto_iccids (void)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "5", NULL);
  g_autofree char *eid1 = eo_test_make_eid (1);
  g_autofree char *eid2 = eo_test_make_eid (2);
  g_autofree char *l1 = g_strdup_printf ("%s,phone-one", eid1);
  g_autofree char *l2 = g_strdup_printf ("\"%s\",\"phone, two\"", eid2);
  g_autofree char *csv = csv_rows ("EID,Name", l1, l2, NULL);
  g_autoptr(Answer) accepted = upload (sim, "acme", ACME_KEY, csv);
  g_autofree char *request_id = assert_accepted (accepted);
  g_autoptr(Answer) done = wait_final (sim, ACME_KEY, request_id, 2);
  JsonArray *configs = status_configs (done);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer_object (accepted), "data"),
                                                  "server_url"), ==, "https://sm-cso-sim.example");
  assert_row (configs, 0, eid1, "phone-one", "SUCCESS", acme_pool[0], NULL);
  assert_row (configs, 1, eid2, "phone, two", "SUCCESS", acme_pool[1], NULL);
  g_assert_false (json_object_has_member (config_at (configs, 0), "message"));

  sim_stop (sim);
}

static void
test_upload_requested_iccid (void)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "0", NULL);
  g_autofree char *eid1 = eo_test_make_eid (11);
  g_autofree char *eid2 = eo_test_make_eid (12);
  /* Columns in another order and case, with a blank line and CRLF. */
  g_autofree char *csv = g_strdup_printf ("\xEF\xBB\xBFname,iccid,eid\r\nfirst,%s,%s\r\n\r\nsecond,,%s\r\n",
                                          acme_pool[2], eid1, eid2);
  g_autoptr(Answer) accepted = upload (sim, "acme", ACME_KEY, csv);
  g_autofree char *request_id = assert_accepted (accepted);
  g_autoptr(Answer) done = wait_final (sim, ACME_KEY, request_id, 2);
  JsonArray *configs = status_configs (done);

  assert_row (configs, 0, eid1, "first", "SUCCESS", acme_pool[2], NULL);
  assert_row (configs, 1, eid2, "second", "SUCCESS", acme_pool[0], NULL);

  sim_stop (sim);
}

static void
test_upload_demo_account (void)
{
  Sim *sim = sim_start_full (FALSE, "--demo", "--quiet", "--row-delay-ms", "0", NULL);
  g_autofree char *eid = eo_test_make_eid (21);
  g_autofree char *line = g_strdup_printf ("%s,demo-phone", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  g_autoptr(Answer) accepted = upload (sim, "demo", "demo-key", csv);
  g_autofree char *request_id = assert_accepted (accepted);
  g_autoptr(Answer) done = wait_final (sim, "demo-key", request_id, 1);
  const char *iccid = json_object_get_string_member (config_at (status_configs (done), 0), "iccid");

  assert_row (status_configs (done), 0, eid, "demo-phone", "SUCCESS", NULL, NULL);
  g_assert_cmpuint (strlen (iccid), ==, 19);
  g_assert_true (g_str_has_prefix (iccid, "89"));
  g_assert_true (luhn_ok (iccid));

  sim_stop (sim);
}

/* Tests: row outcomes */

static void
test_upload_row_outcomes (void)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "0", NULL);
  g_autofree char *a = eo_test_make_eid (31);
  g_autofree char *b = eo_test_make_eid (32);
  g_autofree char *c = eo_test_make_eid (33);
  g_autofree char *d = eo_test_make_eid (34);
  g_autofree char *e = eo_test_make_eid (35);
  g_autofree char *f = eo_test_make_eid (36);
  g_autofree char *bad_check = g_strdup (a);
  g_autofree char *csv = NULL;
  g_autofree char *csv2 = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *request_id2 = NULL;
  g_autoptr(Answer) accepted = NULL;
  g_autoptr(Answer) accepted2 = NULL;
  g_autoptr(Answer) done = NULL;
  g_autoptr(Answer) done2 = NULL;
  JsonArray *configs;

  /* Same digits but a wrong check pair. */
  bad_check[31] = bad_check[31] == '9' ? '0' : bad_check[31] + 1;

  csv = g_strdup_printf ("EID,Name,ICCID\n"
                         "%s,a,%s\n"              /* requested, free: SUCCESS */
                         "%s,b,%s\n"              /* requested again: in use */
                         "%s,c,8910042348144559361\n" /* not in the pool */
                         "1234,short,\n"          /* not an EID: ERROR */
                         "%s,badcheck,\n"         /* wrong check digits: ERROR */
                         "%s,again,\n"            /* EID of row 1: already has an eSIM */
                         "%s,d,\n"                /* next free: pool[0] */
                         "%s,e,\n"                /* next free: pool[2] (pool[1] taken) */
                         "%s,f,\n",               /* pool exhausted */
                         a, acme_pool[1], b, acme_pool[1], c, bad_check, a, d, e, f);
  accepted = upload (sim, "acme", ACME_KEY, csv);
  request_id = assert_accepted (accepted);
  done = wait_final (sim, ACME_KEY, request_id, 9);
  configs = status_configs (done);

  assert_row (configs, 0, a, "a", "SUCCESS", acme_pool[1], NULL);
  assert_row (configs, 1, b, "b", "FAILED", NULL, "is already in use");
  assert_row (configs, 2, c, "c", "FAILED", NULL, "is not in this account's pool");
  assert_row (configs, 3, "1234", "short", "ERROR", NULL, "1234");
  assert_row (configs, 4, bad_check, "badcheck", "ERROR", NULL, bad_check);
  assert_row (configs, 5, a, "again", "FAILED", NULL, "already has an eSIM");
  assert_row (configs, 6, d, "d", "SUCCESS", acme_pool[0], NULL);
  assert_row (configs, 7, e, "e", "SUCCESS", acme_pool[2], NULL);
  assert_row (configs, 8, f, "f", "FAILED", NULL, "No eSIM left in the pool");
  g_assert_cmpstr (json_object_get_string_member (config_at (configs, 1), "message"), ==,
                   "ICCID 8901234000000000025 is already in use");
  g_assert_cmpstr (json_object_get_string_member (config_at (configs, 2), "message"), ==,
                   "ICCID 8910042348144559361 is not in this account's pool");

  /* An EID bound by an earlier upload. */
  csv2 = g_strdup_printf ("EID,Name\n%s,d-again\n", d);
  accepted2 = upload (sim, "acme", ACME_KEY, csv2);
  request_id2 = assert_accepted (accepted2);
  done2 = wait_final (sim, ACME_KEY, request_id2, 1);
  assert_row (status_configs (done2), 0, d, "d-again", "FAILED", NULL, "already has an eSIM");

  g_assert_cmpint (stat_value (sim, "rows_processed"), ==, 10);

  sim_stop (sim);
}

static void
check_pending_style (const char *style,
                     const char *expected)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "400", "--pending-style", style, NULL);
  g_autofree char *eid = eo_test_make_eid (41);
  g_autofree char *line = g_strdup_printf ("%s,slowpoke,%s", eid, acme_pool[1]);
  g_autofree char *csv = csv_rows ("EID,Name,ICCID", line, NULL);
  g_autoptr(Answer) accepted = upload (sim, "acme", ACME_KEY, csv);
  g_autofree char *request_id = assert_accepted (accepted);
  g_autoptr(Answer) early = status_request (sim, ACME_KEY, request_id);
  g_autoptr(Answer) done = NULL;
  JsonArray *configs = status_configs (early);

  if (expected == NULL)
    {
      g_assert_cmpuint (json_array_get_length (configs), ==, 0);
    }
  else
    {
      assert_row (configs, 0, eid, "slowpoke", expected, acme_pool[1], NULL);
      g_assert_cmpint (stat_value (sim, "rows_pending"), ==, 1);
    }

  done = wait_final (sim, ACME_KEY, request_id, 1);
  assert_row (status_configs (done), 0, eid, "slowpoke", "SUCCESS", acme_pool[1], NULL);

  sim_stop (sim);
}

static void
test_status_pending_styles (void)
{
  check_pending_style ("pending", "PENDING");
  check_pending_style ("in-progress", "IN_PROGRESS");
  check_pending_style ("absent", NULL);
}

/* Tests: refusals of the API */

static void
test_upload_auth_errors (void)
{
  Sim *sim = sim_start ("--quiet", NULL);
  g_autofree char *eid = eo_test_make_eid (51);
  g_autofree char *line = g_strdup_printf ("%s,x", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  g_autoptr(Answer) no_key = upload (sim, "acme", NULL, csv);
  g_autoptr(Answer) empty_key = upload (sim, "acme", "", csv);
  g_autoptr(Answer) wrong_key = upload (sim, "acme", "not-the-key", csv);
  g_autoptr(Answer) other_key = upload (sim, "acme", OTHER_KEY, csv);
  g_autoptr(Answer) unknown = upload (sim, "nobody", ACME_KEY, csv);

  g_assert_cmpstr (assert_error_envelope (no_key, 403), ==, "Missing X-API-Key header");
  assert_error_envelope (empty_key, 403);
  g_assert_cmpstr (assert_error_envelope (wrong_key, 403), ==, "Invalid API key");
  assert_error_envelope (other_key, 403);
  g_assert_cmpstr (assert_error_envelope (unknown, 404), ==, "Customer not found");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (answer_object (unknown), "data")));

  g_assert_cmpint (stat_value (sim, "uploads"), ==, 5);
  g_assert_cmpint (stat_value (sim, "accepted_uploads"), ==, 0);

  sim_stop (sim);
}

static void
check_bad_upload (Sim        *sim,
                  SoupMessage *msg,
                  const char *error_part)
{
  g_autoptr(Answer) answer = send_message (sim, NULL, msg);
  const char *error = assert_error_envelope (answer, 400);

  if (strstr (error, error_part) == NULL)
    g_error ("error “%s” lacks “%s”", error, error_part);
}

/* An upload of acme's with @csv and the form's @form_customer part
 * (either NULL: the part is left out), refused with @error_part. */
static void
check_bad_acme_upload (Sim        *sim,
                       const char *csv,
                       const char *form_customer,
                       const char *error_part)
{
  g_autoptr(SoupMessage) msg = upload_message (sim, "acme", ACME_KEY, csv, form_customer);

  check_bad_upload (sim, msg, error_part);
}

static void
test_upload_bad_files (void)
{
  Sim *sim = sim_start ("--quiet", NULL);
  g_autofree char *eid = eo_test_make_eid (61);
  g_autofree char *good = g_strdup_printf ("EID,Name\n%s,x\n", eid);
  g_autofree char *no_name = g_strdup_printf ("EID,Label\n%s,x\n", eid);
  g_autofree char *no_eid = g_strdup_printf ("Serial,Name\n%s,x\n", eid);
  g_autofree char *unterminated = g_strdup_printf ("EID,Name\n%s,\"x\n", eid);
  g_autofree char *wrong_count = g_strdup_printf ("EID,Name\n%s,x,extra\n", eid);
  g_autofree char *uri = g_strdup_printf ("%s" UPLOAD_PATH "?customer_id=acme", sim->url);
  g_autoptr(GBytes) raw = g_bytes_new (good, strlen (good));
  g_autoptr(SoupMultipart) no_filename = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessage) not_multipart = soup_message_new ("POST", uri);
  SoupMessage *msg;

  soup_message_set_request_body_from_bytes (not_multipart, "text/csv", raw);
  soup_message_headers_replace (soup_message_get_request_headers (not_multipart), "X-API-Key", ACME_KEY);
  check_bad_upload (sim, not_multipart, "multipart/form-data");

  check_bad_acme_upload (sim, NULL, "acme", "Missing the eidFile part");
  check_bad_acme_upload (sim, good, NULL, "Missing the customer_id part");
  check_bad_acme_upload (sim, good, "other", "does not match");

  soup_multipart_append_form_string (no_filename, "eidFile", good);
  soup_multipart_append_form_string (no_filename, "customer_id", "acme");
  msg = soup_message_new_from_multipart (uri, no_filename);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", ACME_KEY);
  check_bad_upload (sim, msg, "no filename");
  g_object_unref (msg);

  check_bad_acme_upload (sim, no_name, "acme", "missing: Name");
  check_bad_acme_upload (sim, no_eid, "acme", "missing: EID");
  check_bad_acme_upload (sim, "EID,Name\n\n", "acme", "no device rows");
  check_bad_acme_upload (sim, "", "acme", "empty");
  check_bad_acme_upload (sim, unterminated, "acme", "Unterminated quoted field");
  check_bad_acme_upload (sim, wrong_count, "acme", "Line 2 has 3 fields");
  check_bad_acme_upload (sim, "EID,Name\n\xff\xfe,x\n", "acme", "UTF-8");

  g_assert_cmpint (stat_value (sim, "accepted_uploads"), ==, 0);

  sim_stop (sim);
}

static void
test_status_errors (void)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "0", NULL);
  g_autofree char *eid = eo_test_make_eid (71);
  g_autofree char *line = g_strdup_printf ("%s,x", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  g_autoptr(Answer) accepted = upload (sim, "acme", ACME_KEY, csv);
  g_autofree char *request_id = assert_accepted (accepted);
  g_autoptr(Answer) unknown = status_request (sim, ACME_KEY, "00000000-0000-4000-8000-000000000000");
  g_autoptr(Answer) no_key = status_request (sim, NULL, request_id);
  g_autoptr(Answer) bad_key = status_request (sim, "not-the-key", request_id);
  g_autoptr(Answer) foreign = status_request (sim, OTHER_KEY, request_id);
  g_autoptr(Answer) no_id = http_get (sim, STATUS_PATH, ACME_KEY);
  g_autoptr(Answer) own = status_request (sim, ACME_KEY, request_id);
  g_autoptr(Answer) wrong_method = http_post_json (sim, STATUS_PATH, "{}");
  g_autoptr(Answer) nowhere = http_get (sim, "/v1/api/rsp/esims/other", ACME_KEY);

  g_assert_cmpstr (assert_error_envelope (unknown, 404), ==, "Request not found");
  assert_error_envelope (no_key, 403);
  assert_error_envelope (bad_key, 403);
  /* Another customer's request looks exactly like an unknown one. */
  g_assert_cmpstr (assert_error_envelope (foreign, 404), ==, "Request not found");
  assert_error_envelope (no_id, 400);
  status_configs (own);
  assert_error_envelope (wrong_method, 405);
  assert_error_envelope (nowhere, 404);

  sim_stop (sim);
}

/* Tests: faults */

static void
test_fault_answers (void)
{
  Sim *sim = sim_start ("--quiet", "--retry-after", "3", "--redirect-to", "http://127.0.0.2:9/moved", NULL);
  g_autofree char *eid = eo_test_make_eid (81);
  g_autofree char *line = g_strdup_printf ("%s,x", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) when = NULL;
  Answer *answer;
  JsonObject *object;
  GTimeSpan ahead;

  add_fault (sim, "status", "forbidden", 1);
  answer = status_request (sim, ACME_KEY, "x");
  assert_error_envelope (answer, 403);
  answer_free (answer);

  /* The fault is used up: the real answer again. */
  answer = status_request (sim, ACME_KEY, "x");
  g_assert_cmpstr (assert_error_envelope (answer, 404), ==, "Request not found");
  answer_free (answer);

  add_fault (sim, "status", "unauthorized", 1);
  answer = status_request (sim, ACME_KEY, "x");
  assert_error_envelope (answer, 401);
  answer_free (answer);

  add_fault (sim, "upload", "unknown-customer", 1);
  answer = upload (sim, "acme", ACME_KEY, csv);
  g_assert_cmpstr (assert_error_envelope (answer, 404), ==, "Customer not found");
  answer_free (answer);

  add_fault (sim, "any", "throttle", 1);
  answer = status_request (sim, ACME_KEY, "x");
  assert_error_envelope (answer, 429);
  g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "Retry-After"), ==, "3");
  answer_free (answer);

  add_fault (sim, "any", "throttle-date", 1);
  answer = status_request (sim, ACME_KEY, "x");
  assert_error_envelope (answer, 429);
  now = g_date_time_new_now_utc ();
  when = soup_date_time_new_from_http_string (soup_message_headers_get_one (answer->headers, "Retry-After"));
  g_assert_nonnull (when);
  ahead = g_date_time_difference (when, now);
  g_assert_cmpint (ahead, >=, 0);
  g_assert_cmpint (ahead, <=, 3 * G_TIME_SPAN_SECOND);
  answer_free (answer);

  add_fault (sim, "status", "server-error", 1);
  answer = status_request (sim, ACME_KEY, "x");
  assert_error_envelope (answer, 500);
  answer_free (answer);

  add_fault (sim, "status", "not-json", 1);
  answer = status_request (sim, ACME_KEY, "x");
  g_assert_cmpuint (answer->status, ==, 200);
  g_assert_null (answer->root);
  g_assert_cmpstr (soup_message_headers_get_content_type (answer->headers, NULL), ==, "text/html");
  answer_free (answer);

  add_fault (sim, "status", "bad-shape", 1);
  answer = status_request (sim, ACME_KEY, "x");
  g_assert_cmpuint (answer->status, ==, 200);
  object = answer_object (answer);
  g_assert_true (json_object_get_boolean_member (object, "success"));
  g_assert_cmpint (json_node_get_node_type (json_object_get_member (object, "data")), ==, JSON_NODE_VALUE);
  answer_free (answer);

  add_fault (sim, "status", "redirect", 1);
  {
    g_autofree char *uri = g_strconcat (sim->url, STATUS_PATH "?request_id=x", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

    soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
    answer = send_message (sim, NULL, msg);
    g_assert_cmpuint (answer->status, ==, 302);
    g_assert_cmpstr (soup_message_headers_get_one (answer->headers, "Location"), ==,
                     "http://127.0.0.2:9/moved");
    answer_free (answer);
  }

  g_assert_cmpint (stat_value (sim, "faults_applied"), ==, 9);
  g_assert_cmpint (stat_value (sim, "accepted_uploads"), ==, 0);

  sim_stop (sim);
}

static void
test_fault_slow (void)
{
  Sim *sim = sim_start ("--quiet", "--slow-ms", "300", "--row-delay-ms", "0",
                        "--fault", "upload=slow:1", NULL);
  g_autofree char *eid = eo_test_make_eid (91);
  g_autofree char *line = g_strdup_printf ("%s,x", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(Answer) slow = upload (sim, "acme", ACME_KEY, csv);
  gint64 elapsed = g_get_monotonic_time () - start;
  g_autofree char *request_id = assert_accepted (slow);
  g_autoptr(Answer) done = wait_final (sim, ACME_KEY, request_id, 1);

  g_assert_cmpint (elapsed, >=, 300 * 1000);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  assert_row (status_configs (done), 0, eid, "x", "SUCCESS", acme_pool[0], NULL);

  sim_stop (sim);
}

static void
send_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, error);

  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "an answer came");
}

static void
test_fault_hang (void)
{
  Sim *sim = sim_start ("--quiet", "--fault", "status=hang", NULL);
  g_autofree char *uri = g_strconcat (sim->url, STATUS_PATH "?request_id=x", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Answer) stats = NULL;
  GError *error = NULL;
  gint64 deadline = g_get_monotonic_time () + 500 * 1000;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", ACME_KEY);
  soup_session_send_and_read_async (sim->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    send_done_cb, &error);

  /* No answer for half a second, and the request did arrive. */
  while (g_get_monotonic_time () < deadline && error == NULL)
    g_main_context_iteration (NULL, FALSE);
  g_assert_no_error (error);

  {
    g_autoptr(SoupSession) other = new_session (NULL);
    g_autofree char *stats_uri = g_strconcat (sim->url, "/_sim/stats", NULL);
    g_autoptr(SoupMessage) stats_msg = soup_message_new ("GET", stats_uri);

    stats = send_message (sim, other, stats_msg);
    g_assert_cmpint (json_object_get_int_member (answer_object (stats), "status_requests"), ==, 1);
  }

  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  sim_stop (sim);
}

static void
test_fault_drop_upload (void)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "0", NULL);
  g_autofree char *eid = eo_test_make_eid (101);
  g_autofree char *line = g_strdup_printf ("%s,dropped", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  g_autoptr(SoupSession) fresh = new_session (NULL);
  g_autoptr(SoupMessage) msg = upload_message (sim, "acme", ACME_KEY, csv, "acme");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Answer) requests = NULL;
  g_autoptr(Answer) done = NULL;
  g_autoptr(Answer) again = NULL;
  g_autoptr(Answer) again_done = NULL;
  g_autofree char *again_id = NULL;
  JsonArray *list;
  JsonObject *last;
  const char *request_id;

  add_fault (sim, "upload", "drop", 1);
  body = soup_session_send_and_read (fresh, msg, NULL, &error);
  g_assert_null (body);
  g_assert_nonnull (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_NONE);

  /* It was received once, and queued. */
  g_assert_cmpint (stat_value (sim, "uploads"), ==, 1);
  g_assert_cmpint (stat_value (sim, "accepted_uploads"), ==, 1);

  requests = http_get (sim, "/_sim/requests", NULL);
  list = json_object_get_array_member (answer_object (requests), "requests");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  last = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (last, "fault"), ==, "drop");
  g_assert_cmpint (json_object_get_int_member (last, "status"), ==, 0);
  request_id = json_object_get_string_member (last, "request_id");
  g_assert_true (g_uuid_string_is_valid (request_id));

  done = wait_final (sim, ACME_KEY, request_id, 1);
  assert_row (status_configs (done), 0, eid, "dropped", "SUCCESS", acme_pool[0], NULL);

  /* Sending the same list again, as a client that never saw the answer
   * would, fails for the device that was served. */
  again = upload (sim, "acme", ACME_KEY, csv);
  again_id = assert_accepted (again);
  again_done = wait_final (sim, ACME_KEY, again_id, 1);
  assert_row (status_configs (again_done), 0, eid, "dropped", "FAILED", NULL, "already has an eSIM");

  sim_stop (sim);
}

static void
test_fault_drop_status (void)
{
  Sim *sim = sim_start ("--quiet", "--fault", "status=drop:1", NULL);
  g_autofree char *uri = g_strconcat (sim->url, STATUS_PATH "?request_id=x", NULL);
  g_autoptr(SoupSession) fresh = new_session (NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (fresh, msg, NULL, &error);
  g_autoptr(Answer) after = status_request (sim, ACME_KEY, "x");

  g_assert_null (body);
  g_assert_nonnull (error);
  assert_error_envelope (after, 404);

  sim_stop (sim);
}

static void
test_fault_command_line (void)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "0",
                        "--fault", "upload=throttle:2", "--fault", "status=server-error", NULL);
  g_autofree char *eid = eo_test_make_eid (111);
  g_autofree char *line = g_strdup_printf ("%s,x", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  g_autoptr(Answer) first = upload (sim, "acme", ACME_KEY, csv);
  g_autoptr(Answer) second = upload (sim, "acme", ACME_KEY, csv);
  g_autoptr(Answer) third = upload (sim, "acme", ACME_KEY, csv);
  g_autofree char *request_id = assert_accepted (third);
  g_autoptr(Answer) s1 = status_request (sim, ACME_KEY, request_id);
  g_autoptr(Answer) s2 = status_request (sim, ACME_KEY, request_id);
  g_autoptr(Answer) faults = http_get (sim, "/_sim/faults", NULL);
  g_autoptr(Answer) cleared = NULL;
  g_autoptr(Answer) done = NULL;
  JsonArray *list;

  assert_error_envelope (first, 429);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Retry-After"), ==, "1");
  assert_error_envelope (second, 429);
  assert_error_envelope (s1, 500);
  assert_error_envelope (s2, 500);

  /* The used-up fault is gone, the endless one is listed. */
  list = json_object_get_array_member (answer_object (faults), "faults");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "kind"),
                   ==, "server-error");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (list, 0), "count"));

  {
    g_autofree char *uri = g_strconcat (sim->url, "/_sim/faults", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("DELETE", uri);

    cleared = send_message (sim, NULL, msg);
    g_assert_cmpuint (cleared->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer_object (cleared), "faults")),
                      ==, 0);
  }

  done = wait_final (sim, ACME_KEY, request_id, 1);
  assert_row (status_configs (done), 0, eid, "x", "SUCCESS", acme_pool[0], NULL);

  sim_stop (sim);
}

static void
test_control_faults_refusals (void)
{
  Sim *sim = sim_start ("--quiet", NULL);
  g_autoptr(Answer) not_json = http_post_json (sim, "/_sim/faults", "{nope");
  g_autoptr(Answer) bad_kind = http_post_json (sim, "/_sim/faults", "{\"endpoint\":\"upload\",\"kind\":\"explode\"}");
  g_autoptr(Answer) bad_endpoint = http_post_json (sim, "/_sim/faults", "{\"endpoint\":\"all\",\"kind\":\"drop\"}");
  g_autoptr(Answer) bad_count = http_post_json (sim, "/_sim/faults", "{\"kind\":\"drop\",\"count\":\"2\"}");
  g_autoptr(Answer) unknown = http_get (sim, "/_sim/nothing", NULL);
  g_autoptr(Answer) listed = http_get (sim, "/_sim/faults", NULL);

  g_assert_cmpuint (not_json->status, ==, 400);
  g_assert_cmpuint (bad_kind->status, ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (answer_object (bad_kind), "error"), "explode"));
  g_assert_cmpuint (bad_endpoint->status, ==, 400);
  g_assert_cmpuint (bad_count->status, ==, 400);
  g_assert_cmpuint (unknown->status, ==, 404);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer_object (listed), "faults")),
                    ==, 0);
  /* Control requests are not API requests. */
  g_assert_cmpint (stat_value (sim, "requests"), ==, 0);

  sim_stop (sim);
}

/* Tests: stats, request log, secrecy */

static void
test_stats_counting (void)
{
  Sim *sim = sim_start ("--quiet", "--row-delay-ms", "20", NULL);
  g_autofree char *e1 = eo_test_make_eid (121);
  g_autofree char *e2 = eo_test_make_eid (122);
  g_autofree char *e3 = eo_test_make_eid (123);
  g_autofree char *e4 = eo_test_make_eid (124);
  g_autofree char *csv = g_strdup_printf ("EID,Name\n%s,a\n%s,b\n%s,c\n%s,d\n", e1, e2, e3, e4);
  g_autoptr(Answer) accepted = upload (sim, "acme", ACME_KEY, csv);
  g_autoptr(Answer) refused = upload (sim, "acme", "wrong", csv);
  g_autofree char *request_id = assert_accepted (accepted);
  g_autoptr(Answer) done = wait_final (sim, ACME_KEY, request_id, 4);
  gint64 status_requests = stat_value (sim, "status_requests");
  gint64 processing;

  g_assert_cmpint (status_requests, >=, 1);
  g_assert_cmpint (stat_value (sim, "uploads"), ==, 2);
  g_assert_cmpint (stat_value (sim, "accepted_uploads"), ==, 1);
  g_assert_cmpint (stat_value (sim, "requests"), ==, 2 + status_requests);
  g_assert_cmpint (stat_value (sim, "rows_processed"), ==, 4);
  g_assert_cmpint (stat_value (sim, "rows_pending"), ==, 0);

  /* Four rows at 20 ms each, the first one waiting too. */
  processing = stat_value (sim, "processing_ms");
  g_assert_cmpint (processing, >=, 70);
  g_assert_cmpint (processing, <, 2000);
  /* Idle now: the figure no longer grows. */
  g_usleep (50 * 1000);
  g_assert_cmpint (stat_value (sim, "processing_ms"), ==, processing);

  sim_stop (sim);
}

static void
test_requests_log_and_secrecy (void)
{
  Sim *sim = sim_start ("--row-delay-ms", "0", NULL);
  g_autofree char *eid = eo_test_make_eid (131);
  g_autofree char *line = g_strdup_printf ("%s,x", eid);
  g_autofree char *csv = csv_rows ("EID,Name", line, NULL);
  g_autoptr(Answer) accepted = upload (sim, "acme", ACME_KEY, csv);
  g_autofree char *request_id = assert_accepted (accepted);
  g_autoptr(Answer) no_key = status_request (sim, NULL, request_id);
  g_autoptr(Answer) wrong = status_request (sim, OTHER_KEY, request_id);
  g_autoptr(Answer) requests = http_get (sim, "/_sim/requests", NULL);
  g_autofree char *body = g_strndup (g_bytes_get_data (requests->body, NULL), g_bytes_get_size (requests->body));
  g_autofree char *log = NULL;
  JsonArray *list = json_object_get_array_member (answer_object (requests), "requests");
  JsonObject *entry;

  g_assert_cmpuint (json_array_get_length (list), ==, 3);

  entry = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "POST");
  g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, UPLOAD_PATH);
  g_assert_true (json_object_get_boolean_member (entry, "api_key_present"));
  g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 202);
  g_assert_cmpstr (json_object_get_string_member (entry, "request_id"), ==, request_id);

  entry = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "method"), ==, "GET");
  g_assert_cmpstr (json_object_get_string_member (entry, "path"), ==, STATUS_PATH);
  g_assert_false (json_object_get_boolean_member (entry, "api_key_present"));
  g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 403);

  entry = json_array_get_object_element (list, 2);
  g_assert_true (json_object_get_boolean_member (entry, "api_key_present"));
  g_assert_cmpint (json_object_get_int_member (entry, "status"), ==, 404);

  /* Neither key appears anywhere the simulator writes. */
  g_assert_null (strstr (body, ACME_KEY));
  g_assert_null (strstr (body, OTHER_KEY));
  g_assert_null (strstr (body, "acme-test-secret"));

  /* The request log on stderr: method, path, status, and no key. */
  log = sim_read_stderr (sim);
  g_assert_nonnull (strstr (log, "POST " UPLOAD_PATH " -> 202"));
  g_assert_nonnull (strstr (log, "GET " STATUS_PATH " -> 403"));
  g_assert_null (strstr (log, "acme-test-secret"));
  g_assert_null (strstr (log, OTHER_KEY));

  sim_stop (sim);
}

/* Tests: HTTPS */

static void
test_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("eo-sim-tls-XXXXXX", &error);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autoptr(GSubprocess) openssl = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupSession) trusting = NULL;
  g_autoptr(SoupSession) untrusting = NULL;
  g_autoptr(Answer) answer = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) refused = NULL;
  g_autoptr(GBytes) refused_body = NULL;
  g_autoptr(GError) tls_error = NULL;
  Sim *sim;

  g_assert_no_error (error);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                              "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                              "-keyout", key, "-out", cert, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);

  sim = sim_start ("--quiet", "--tls-cert", cert, "--tls-key", key, NULL);
  g_assert_true (g_str_has_prefix (sim->url, "https://127.0.0.1:"));

  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);
  trusting = new_session (database);
  uri = g_strconcat (sim->url, STATUS_PATH "?request_id=x", NULL);
  {
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-API-Key", ACME_KEY);
    answer = send_message (sim, trusting, msg);
    g_assert_cmpstr (assert_error_envelope (answer, 404), ==, "Request not found");
  }

  /* A client that does not trust the certificate gets no answer. */
  untrusting = new_session (NULL);
  refused = soup_message_new ("GET", uri);
  refused_body = soup_session_send_and_read (untrusting, refused, NULL, &tls_error);
  g_assert_null (refused_body);
  g_assert_error (tls_error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  sim_stop (sim);
  g_remove (cert);
  g_remove (key);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  /* GSocketClient asks the default proxy resolver even when the session
   * has its own; the GNOME one needs GSettings schemas, which the isolated
   * XDG dirs do not have. Loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sim/startup/listening-line", test_startup_listening_line);
  g_test_add_func ("/sim/startup/refusals", test_startup_refusals);
  g_test_add_func ("/sim/startup/bad-accounts", test_startup_bad_accounts);
  g_test_add_func ("/sim/upload/auto-iccids", test_upload_auto_iccids);
  g_test_add_func ("/sim/upload/requested-iccid", test_upload_requested_iccid);
  g_test_add_func ("/sim/upload/demo-account", test_upload_demo_account);
  g_test_add_func ("/sim/upload/row-outcomes", test_upload_row_outcomes);
  g_test_add_func ("/sim/upload/auth-errors", test_upload_auth_errors);
  g_test_add_func ("/sim/upload/bad-files", test_upload_bad_files);
  g_test_add_func ("/sim/status/pending-styles", test_status_pending_styles);
  g_test_add_func ("/sim/status/errors", test_status_errors);
  g_test_add_func ("/sim/fault/answers", test_fault_answers);
  g_test_add_func ("/sim/fault/slow", test_fault_slow);
  g_test_add_func ("/sim/fault/hang", test_fault_hang);
  g_test_add_func ("/sim/fault/drop-upload", test_fault_drop_upload);
  g_test_add_func ("/sim/fault/drop-status", test_fault_drop_status);
  g_test_add_func ("/sim/fault/command-line", test_fault_command_line);
  g_test_add_func ("/sim/control/faults-refusals", test_control_faults_refusals);
  g_test_add_func ("/sim/control/stats", test_stats_counting);
  g_test_add_func ("/sim/control/requests-and-secrecy", test_requests_log_and_secrecy);
  g_test_add_func ("/sim/tls", test_tls);

  return g_test_run ();
}
