/* SPDX-License-Identifier: GPL-3.0-or-later */
/* esim-onboard-cli history / export / qr, run as a separate process on a
 * history written into the test's own XDG_DATA_HOME. */
#include "config.h"

#include <sys/wait.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eo-export.h"
#include "eo-history.h"
#include "eo-test-history.h"

typedef EoTestRun Run;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, eo_test_run_clear)

/* Runs the CLI with XDG_DATA_HOME = this test's data dir, in the C locale. */
static void
run_cli (Run        *run,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *data_home = g_strconcat ("XDG_DATA_HOME=", g_get_user_data_dir (), NULL);
  const char *env[] = { data_home, "LC_ALL=C.UTF-8", "G_DEBUG=", NULL };
  va_list args;

  g_ptr_array_add (argv, (char *) eo_test_cli_path ());
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  eo_test_run (run, (const char * const *) argv->pdata, env, NULL);
}

typedef struct
{
  EoUploadRecord *finished; /* older */
  EoUploadRecord *refused;  /* newer */
} Fixture;

static const char * const names[] = { "=cmd|' /C calc'!A0", "Zoë, \"the\" phone", "plain", "-1", "x" };

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autoptr(GError) error = NULL;

  fixture->finished = eo_test_make_record (G_N_ELEMENTS (names), names, TRUE);
  /* Device 2 and 5 are pending in the helper's record: finish them. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (fixture->finished), i);

      if (eo_device_get_status (device) == EO_DEVICE_STATUS_PENDING)
        eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, NULL);
    }
  g_assert_cmpint (eo_upload_record_get_state (fixture->finished), ==, EO_UPLOAD_STATE_FINISHED);
  g_assert_true (eo_history_save (history, fixture->finished, &error));
  g_usleep (1000);
  fixture->refused = eo_upload_record_new ("https://cso.example.test", "other-customer", "bad.csv", FALSE);
  eo_upload_record_set_refused (fixture->refused, "Invalid API key");
  g_assert_true (eo_history_save (history, fixture->refused, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->finished);
  g_clear_object (&fixture->refused);
}

static void
test_history_text (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  const char *first, *second;

  run_cli (&run, "history", NULL);
  g_assert_cmpint (run.status, ==, 0);
  first = strstr (run.out, eo_upload_record_get_local_id (fixture->refused));
  second = strstr (run.out, eo_upload_record_get_local_id (fixture->finished));
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  /* Newest first. */
  g_assert_true (first < second);
  g_assert_nonnull (strstr (run.out, "3f0c1e2a-1111-4222-8333-944455556666"));
  g_assert_nonnull (strstr (run.out, "Refused"));
  g_assert_nonnull (strstr (run.out, "Finished"));
  g_assert_nonnull (strstr (run.out, "Invalid API key"));
  g_assert_nonnull (strstr (run.out, "customer-1"));
  g_assert_nonnull (strstr (run.out, "5 (3 succeeded, 2 failed, 0 pending)"));
}

static void
test_history_json (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *uploads;
  JsonObject *upload;

  run_cli (&run, "history", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  uploads = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "uploads");
  g_assert_cmpuint (json_array_get_length (uploads), ==, 2);
  upload = json_array_get_object_element (uploads, 0);
  g_assert_cmpstr (json_object_get_string_member (upload, "local_id"), ==,
                   eo_upload_record_get_local_id (fixture->refused));
  g_assert_cmpstr (json_object_get_string_member (upload, "state"), ==, "refused");
  g_assert_true (json_object_get_null_member (upload, "request_id"));
  upload = json_array_get_object_element (uploads, 1);
  g_assert_cmpstr (json_object_get_string_member (upload, "state"), ==, "finished");
  g_assert_cmpint (json_object_get_int_member (upload, "devices"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (upload, "succeeded"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (upload, "failed"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (upload, "pending"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (upload, "customer_id"), ==, "customer-1");
}

static void
test_history_skips_corrupt (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *dir = eo_history_dup_default_dir ();
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strconcat (uuid, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_auto(Run) run = { 0 };

  g_assert_true (g_file_set_contents (path, "{\"format\":\"esim-onboard-upload\",\"vers", -1, NULL));
  run_cli (&run, "history", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, eo_upload_record_get_local_id (fixture->finished)));
  g_assert_nonnull (strstr (run.err, name));
  g_assert_nonnull (strstr (run.err, "1 file of the history could not be read"));
}

static void
test_history_empty (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  run_cli (&run, "history", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "No uploads"));
  eo_test_run_clear (&run);
  run_cli (&run, "history", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  eo_test_run_clear (&run);
  run_cli (&run, "history", "extra", NULL);
  g_assert_cmpint (run.status, ==, 3);
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "results.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) expected = eo_export_results_csv (fixture->finished);
  g_auto(Run) run = { 0 };
  gsize len;

  run_cli (&run, "export", "3f0c1e2a-1111-4222-8333-944455556666", "--output", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  /* The formula-like name is neutralized. */
  g_assert_nonnull (strstr (contents, "\"'=cmd|' /C calc'!A0\""));
  g_assert_nonnull (strstr (contents, "\"Zoë, \"\"the\"\" phone\""));

  /* To standard output. */
  eo_test_run_clear (&run);
  run_cli (&run, "export", "3f0c1e2a", "--output", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, contents);
}

static void
test_export_json (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "results.json", NULL);
  g_autofree char *prefix = g_strndup (eo_upload_record_get_local_id (fixture->finished), 8);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *root;

  /* Format from the file name, record by local id prefix. */
  run_cli (&run, "export", prefix, "--output", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "local_id"), ==,
                   eo_upload_record_get_local_id (fixture->finished));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "devices")), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (root, "devices"), 0), "name"),
                   ==, names[0]);
}

static void
test_export_retry (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "retry.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) expected = eo_export_retry_csv (fixture->finished, NULL);
  g_auto(Run) run = { 0 };
  gsize len;

  run_cli (&run, "export", "3f0c1e2a-1111-4222-8333-944455556666", "--output", path, "--format", "retry-csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_true (g_str_has_prefix (contents, "EID,Name,ICCID\n"));
  g_assert_nonnull (strstr (contents, "\"Zoë, \"\"the\"\" phone\""));
}

static void
test_export_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "x.csv", NULL);
  g_autofree char *bad = g_build_filename (g_get_user_data_dir (), "no", "dir", "x.csv", NULL);
  g_auto(Run) run = { 0 };

  run_cli (&run, "export", "00000000-0000-4000-8000-000000000000", "--output", path, NULL);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_nonnull (strstr (run.err, "No upload"));
  eo_test_run_clear (&run);
  run_cli (&run, "export", "3f0c1e2a", NULL);
  g_assert_cmpint (run.status, ==, 3);
  eo_test_run_clear (&run);
  run_cli (&run, "export", "3f0c1e2a", "--output", path, "--format", "xlsx", NULL);
  g_assert_cmpint (run.status, ==, 3);
  eo_test_run_clear (&run);
  run_cli (&run, "export", "--output", path, NULL);
  g_assert_cmpint (run.status, ==, 3);
  eo_test_run_clear (&run);
  run_cli (&run, "export", "3f0c1e2a", "--output", bad, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static char *
zbar_decode (const char *path)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  return out;
}

static void
test_qr (Fixture       *fixture,
         gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "qr-out", "sub", NULL);
  g_autofree char *png = g_build_filename (dir, "esim-activation-3f0c1e2a-1111-4222-8333-944455556666.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "esim-activation-3f0c1e2a-1111-4222-8333-944455556666.svg", NULL);
  g_autofree char *sheet = g_build_filename (dir, "esim-activation-3f0c1e2a-1111-4222-8333-944455556666-sheet.html", NULL);
  g_autofree char *decoded = NULL;
  g_autofree char *html = NULL;
  g_auto(Run) run = { 0 };

  run_cli (&run, "qr", "3f0c1e2a-1111-4222-8333-944455556666", "--output-dir", dir, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "LPA:1$sm-v4-004.prod.example.test$"));
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  decoded = zbar_decode (png);
  g_assert_cmpstr (decoded, ==, "LPA:1$sm-v4-004.prod.example.test$\n");
  g_assert_true (g_file_get_contents (sheet, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "=cmd|&apos; /C calc&apos;!A0"));
  /* Failed devices are not on the sheet. */
  g_assert_null (strstr (html, "the&quot; phone"));

  eo_test_run_clear (&run);
  run_cli (&run, "qr", "3f0c1e2a", "--output-dir", dir, "--format", "svg", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));

  /* No SM-DP+ address: refused upload. */
  eo_test_run_clear (&run);
  run_cli (&run, "qr", eo_upload_record_get_local_id (fixture->refused), "--output-dir", dir, NULL);
  g_assert_cmpint (run.status, ==, 5);

  eo_test_run_clear (&run);
  run_cli (&run, "qr", "3f0c1e2a", NULL);
  g_assert_cmpint (run.status, ==, 3);
  eo_test_run_clear (&run);
  run_cli (&run, "qr", "3f0c1e2a", "--output-dir", dir, "--scale", "0", NULL);
  g_assert_cmpint (run.status, ==, 3);
  eo_test_run_clear (&run);
  run_cli (&run, "qr", "3f0c1e2a", "--output-dir", dir, "--format", "gif", NULL);
  g_assert_cmpint (run.status, ==, 3);
}

/* report: one printable page, hostile names escaped. */
static void
test_report (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "report.html", NULL);
  g_autofree char *html = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) out = { 0 };
  g_auto(Run) missing = { 0 };

  run_cli (&run, "report", "3f0c1e2a", "--output", path, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "3f0c1e2a-1111-4222-8333-944455556666"));
  g_assert_nonnull (strstr (html, "customer-1"));
  g_assert_nonnull (strstr (html, "5 devices: 3 assigned, 2 failed, 0 pending"));
  g_assert_nonnull (strstr (html, "Failed devices (2)"));
  g_assert_nonnull (strstr (html, "Assigned devices (3)"));
  g_assert_null (strstr (html, "Pending devices"));
  g_assert_nonnull (strstr (html, "no eSIM left"));
  /* Names from the file are text, never markup. */
  g_assert_nonnull (strstr (html, "Zoë, &quot;the&quot; phone"));
  g_assert_nonnull (strstr (html, "=cmd|&apos; /C calc&apos;!A0"));
  g_assert_null (strstr (html, "<script"));

  run_cli (&out, "report", eo_upload_record_get_local_id (fixture->finished), "--output", "-", NULL);
  g_assert_cmpint (out.status, ==, 0);
  /* The same page, but for the footer's time of making. */
  {
    const char *footer = strstr (html, "<p class=\"footer\">");
    const char *out_footer = strstr (out.out, "<p class=\"footer\">");

    g_assert_nonnull (footer);
    g_assert_nonnull (out_footer);
    g_assert_cmpint (footer - html, ==, out_footer - out.out);
    g_assert_cmpint (strncmp (html, out.out, footer - html), ==, 0);
  }

  run_cli (&missing, "report", "ffffffff", "--output", path, NULL);
  g_assert_cmpint (missing.status, ==, 3);
}

/* history --find: the devices of every upload by EID digits or name. */
static void
test_history_find (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(EoDevice) device = g_list_model_get_item (eo_upload_record_get_devices (fixture->finished), 1);
  const char *eid = eo_device_get_eid (device);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) text = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) none = { 0 };
  JsonArray *matches;
  JsonObject *match;

  run_cli (&text, "history", "--find", "ZOË", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, eid));
  g_assert_nonnull (strstr (text.out, "Zoë, \"the\" phone"));
  g_assert_nonnull (strstr (text.out, eo_upload_record_get_local_id (fixture->finished)));

  run_cli (&json, "history", "--find", eid + 20, "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, &error));
  g_assert_no_error (error);
  matches = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "matches");
  g_assert_cmpuint (json_array_get_length (matches), ==, 1);
  match = json_array_get_object_element (matches, 0);
  g_assert_cmpstr (json_object_get_string_member (match, "eid"), ==, eid);
  g_assert_cmpstr (json_object_get_string_member (match, "status"), ==, "failed");
  g_assert_cmpstr (json_object_get_string_member (match, "local_id"), ==,
                   eo_upload_record_get_local_id (fixture->finished));

  run_cli (&none, "history", "--find", "no such phone", NULL);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_nonnull (strstr (none.out, "No device of the history matches"));
}

/* A CSO stand-in on its own thread (the CLI runs while the test waits for
 * it): every status read answers that @eid succeeded with an empty ICCID. */
typedef struct
{
  GMutex        lock;
  GCond         cond;
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *url;
  const char   *eid;
} EmptyIccidServer;

static void
empty_iccid_handler_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data)
{
  EmptyIccidServer *self = user_data;
  g_autofree char *body = g_strdup_printf ("{\"success\":true,\"code\":200,\"message\":\"ok\","
                                           "\"data\":{\"configs\":[{\"eid\":\"%s\",\"name\":\"one\","
                                           "\"status\":\"SUCCESS\",\"iccid\":\"\"}]}}", self->eid);

  soup_server_message_set_status (msg, g_str_has_suffix (path, "/eid-status") ? 200 : 404, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static gpointer
empty_iccid_thread (gpointer user_data)
{
  EmptyIccidServer *self = user_data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, empty_iccid_handler_cb, self, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&self->lock);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (self->loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* One truth for the ICCID shown: a device that asked for an ICCID and
 * succeeded with an empty assigned one shows the same ICCID in `status
 * --json` as in `export --json` (once they disagreed: "" against the
 * requested one). */
static void
test_effective_iccid_agrees (void)
{
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *eid = eo_test_make_eid (77);
  g_autofree char *requested = eo_test_make_iccid (77);
  g_autofree char *key_env = g_strdup ("ESIM_ONBOARD_API_KEY=test-key");
  g_autofree char *data_home = g_strconcat ("XDG_DATA_HOME=", g_get_user_data_dir (), NULL);
  const char *env[] = { data_home, key_env, "LC_ALL=C.UTF-8", "G_DEBUG=", NULL };
  const char *request_id = "5b0c1e2a-2222-4333-8444-955566667777";
  EmptyIccidServer server = { 0 };
  g_auto(Run) status = { 0 };
  g_auto(Run) export = { 0 };
  g_autoptr(JsonParser) status_parser = json_parser_new ();
  g_autoptr(JsonParser) export_parser = json_parser_new ();
  JsonObject *status_device, *export_device;

  server.eid = eid;
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_lock (&server.lock);
  server.thread = g_thread_new ("empty-iccid-server", empty_iccid_thread, &server);
  while (server.url == NULL)
    g_cond_wait (&server.cond, &server.lock);
  g_mutex_unlock (&server.lock);

  record = eo_upload_record_new (server.url, "customer-1", "phones.csv", TRUE);
  device = eo_device_new (eid, "one", requested);
  eo_upload_record_add_device (record, device);
  eo_upload_record_set_accepted (record, request_id, "https://smdp.example.test");
  /* As a record written by an older poller holds it: "" assigned. */
  eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "IN_PROGRESS", NULL, NULL);
  eo_device_set_remote (device, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "");
  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { eo_test_cli_path (), "status", request_id, "--wait", "--json",
                           "--server", server.url, "--customer", "customer-1", NULL };
    eo_test_run (&status, argv, env, NULL);
  }
  {
    const char *argv[] = { eo_test_cli_path (), "export", request_id, "--format", "json", "--output", "-", NULL };
    eo_test_run (&export, argv, env, NULL);
  }
  g_main_loop_quit (server.loop);
  g_thread_join (server.thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_free (server.url);

  g_assert_cmpint (status.status, ==, 0);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (json_parser_load_from_data (status_parser, status.out, -1, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (export_parser, export.out, -1, &error));
  g_assert_no_error (error);
  status_device = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (status_parser)), "devices"), 0);
  export_device = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (export_parser)), "devices"), 0);
  g_assert_cmpstr (json_object_get_string_member (status_device, "eid"), ==, eid);
  g_assert_cmpstr (json_object_get_string_member (export_device, "eid"), ==, eid);
  g_assert_cmpstr (json_object_get_string_member (export_device, "iccid"), ==, requested);
  g_assert_cmpstr (json_object_get_string_member (status_device, "iccid"), ==,
                   json_object_get_string_member (export_device, "iccid"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/history/cli/history-empty", test_history_empty);
  g_test_add ("/history/cli/history-text", Fixture, NULL, fixture_setup, test_history_text, fixture_teardown);
  g_test_add ("/history/cli/history-json", Fixture, NULL, fixture_setup, test_history_json, fixture_teardown);
  g_test_add ("/history/cli/history-skips-corrupt", Fixture, NULL, fixture_setup, test_history_skips_corrupt, fixture_teardown);
  g_test_add ("/history/cli/export-csv", Fixture, NULL, fixture_setup, test_export_csv, fixture_teardown);
  g_test_add ("/history/cli/export-json", Fixture, NULL, fixture_setup, test_export_json, fixture_teardown);
  g_test_add ("/history/cli/export-retry", Fixture, NULL, fixture_setup, test_export_retry, fixture_teardown);
  g_test_add ("/history/cli/export-errors", Fixture, NULL, fixture_setup, test_export_errors, fixture_teardown);
  g_test_add ("/history/cli/qr", Fixture, NULL, fixture_setup, test_qr, fixture_teardown);
  g_test_add ("/history/cli/report", Fixture, NULL, fixture_setup, test_report, fixture_teardown);
  g_test_add ("/history/cli/history-find", Fixture, NULL, fixture_setup, test_history_find, fixture_teardown);
  g_test_add_func ("/history/cli/effective-iccid-agrees", test_effective_iccid_agrees);

  return g_test_run ();
}
