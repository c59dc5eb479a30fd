/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-net-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "eo-net-test-util.h"

/* The simulator dies with the test, even when the test crashes. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
net_test_init (int    *argc,
               char ***argv)
{
  /* GIO's default proxy resolver (glib-networking's GNOME one) aborts when
   * no GSettings schemas are found, which is the case in the isolated
   * directories of G_TEST_OPTION_ISOLATE_DIRS. Loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

Sim *
sim_start (const char * const *extra_args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *path = g_getenv ("EO_SIMULATOR");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  Sim *sim;

  g_assert_nonnull (path);
  g_ptr_array_add (argv, (char *)path);
  g_ptr_array_add (argv, (char *)"--port");
  g_ptr_array_add (argv, (char *)"0");
  g_ptr_array_add (argv, (char *)"--demo");
  g_ptr_array_add (argv, (char *)"--quiet");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)extra_args[i]);
  g_ptr_array_add (argv, NULL);

  sim = g_new0 (Sim, 1);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  sim->url = g_strdup (line + strlen ("Listening on "));
  g_strchomp (sim->url);

  sim->control = soup_session_new ();
  return sim;
}

void
sim_stop (Sim *sim)
{
  g_autoptr(GError) error = NULL;

  if (sim == NULL)
    return;
  g_subprocess_send_signal (sim->process, SIGTERM);
  g_subprocess_wait (sim->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&sim->process);
  g_clear_object (&sim->control);
  g_free (sim->url);
  g_free (sim);
}

static JsonObject *
control_call (Sim         *sim,
              const char  *method,
              const char  *what,
              const char  *body,
              JsonParser **parser_out)
{
  g_autofree char *url = g_strconcat (sim->url, "/_sim/", what, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (sim->control, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                              g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (root);
}

JsonObject *
sim_get (Sim         *sim,
         const char  *what,
         JsonParser **parser_out)
{
  return control_call (sim, "GET", what, NULL, parser_out);
}

gint64
sim_stat (Sim        *sim,
          const char *name)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *stats = sim_get (sim, "stats", &parser);

  g_assert_true (json_object_has_member (stats, name));
  return json_object_get_int_member (stats, name);
}

void
sim_add_fault (Sim        *sim,
               const char *endpoint,
               const char *kind,
               int         count)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *body = g_strdup_printf ("{\"endpoint\":\"%s\",\"kind\":\"%s\",\"count\":%d}",
                                           endpoint, kind, count);

  control_call (sim, "POST", "faults", body, &parser);
}

void
sim_clear_faults (Sim *sim)
{
  g_autoptr(JsonParser) parser = NULL;

  control_call (sim, "DELETE", "faults", NULL, &parser);
}

GArray *
sim_request_times (Sim        *sim,
                   const char *path_suffix)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = sim_get (sim, "requests", &parser);
  JsonArray *requests = json_object_get_array_member (root, "requests");
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (requests); i++)
    {
      JsonObject *entry = json_array_get_object_element (requests, i);
      const char *path = json_object_get_string_member (entry, "path");
      gint64 time_us = json_object_get_int_member (entry, "time_us");

      if (g_str_has_suffix (path, path_suffix))
        g_array_append_val (times, time_us);
    }
  return times;
}

/* @digits mod 97, for a string of decimal digits. */
static guint
mod97 (const char *digits)
{
  guint rest = 0;

  for (const char *p = digits; *p != '\0'; p++)
    rest = (rest * 10 + (guint)(*p - '0')) % 97;
  return rest;
}

char *
make_eid (guint n)
{
  g_autofree char *body = g_strdup_printf ("890490320000000000%012u", n);
  g_autofree char *shifted = g_strconcat (body, "00", NULL);
  guint check = 98 - mod97 (shifted);
  char *eid = g_strdup_printf ("%s%02u", body, check);

  g_assert_cmpuint (strlen (eid), ==, 32);
  g_assert_cmpuint (mod97 (eid), ==, 1);
  return eid;
}

static char
luhn_digit (const char *body)
{
  gsize len = strlen (body);
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint d = (guint)(body[len - 1 - i] - '0');
      if (i % 2 == 0)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return (char)('0' + (10 - sum % 10) % 10);
}

char *
make_demo_iccid (guint serial)
{
  /* Demo pool: prefix 8901990, serial on 11 digits, Luhn digit. */
  g_autofree char *body = g_strdup_printf ("8901990%011u", serial);

  return g_strdup_printf ("%s%c", body, luhn_digit (body));
}

EoClient *
make_client (const char *url,
             const char *customer,
             const char *key)
{
  g_autoptr(GError) error = NULL;
  EoClient *client = eo_client_new (url, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  eo_client_set_credentials (client, customer, key);
  eo_client_set_timeouts (client, 5, 5);
  eo_client_set_retry_policy (client, 3, 50, 200);
  return client;
}

static gboolean
flag_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
run_until (gboolean *flag,
           guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, flag_timeout_cb, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  g_assert_true (*flag);
}

void
run_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, flag_timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

void
async_wait_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

void
async_wait_clear (AsyncWait *wait)
{
  g_clear_object (&wait->result);
  wait->done = FALSE;
}

gboolean
upload_sync (EoClient    *client,
             const char  *csv,
             char       **request_id,
             char       **server_url,
             GError     **error)
{
  AsyncWait wait = { 0 };
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  gboolean ok;

  eo_client_assign_eid_async (client, bytes, "devices.csv", NULL, async_wait_cb, &wait);
  run_until (&wait.done, 30000);
  ok = eo_client_assign_eid_finish (client, wait.result, request_id, server_url, error);
  async_wait_clear (&wait);
  return ok;
}

GPtrArray *
status_sync (EoClient    *client,
             const char  *request_id,
             GError     **error)
{
  AsyncWait wait = { 0 };
  GPtrArray *configs;

  eo_client_eid_status_async (client, request_id, NULL, async_wait_cb, &wait);
  run_until (&wait.done, 30000);
  configs = eo_client_eid_status_finish (client, wait.result, error);
  async_wait_clear (&wait);
  return configs;
}

gboolean
test_connection_sync (EoClient  *client,
                      GError   **error)
{
  AsyncWait wait = { 0 };
  gboolean ok;

  eo_client_test_connection_async (client, NULL, async_wait_cb, &wait);
  run_until (&wait.done, 30000);
  ok = eo_client_test_connection_finish (client, wait.result, error);
  async_wait_clear (&wait);
  return ok;
}

char *
make_csv (guint    first,
          guint    n,
          gboolean with_iccid)
{
  GString *csv = g_string_new (with_iccid ? "EID,Name,ICCID\n" : "EID,Name\n");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = make_eid (first + i);

      if (with_iccid)
        {
          g_autofree char *iccid = make_demo_iccid (1000 + first + i);
          g_string_append_printf (csv, "%s,phone-%u,%s\n", eid, first + i, iccid);
        }
      else
        g_string_append_printf (csv, "%s,phone-%u\n", eid, first + i);
    }
  return g_string_free (csv, FALSE);
}
