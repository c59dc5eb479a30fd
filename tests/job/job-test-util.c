/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "job-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "job-test-util.h"

/* The simulator dies with the test, even when the test crashes. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
job_test_init (int    *argc,
               char ***argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

JobSim *
job_sim_start (const char * const *extra_args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *path = g_getenv ("EO_SIMULATOR");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  JobSim *sim;

  g_assert_nonnull (path);
  g_ptr_array_add (argv, (char *) path);
  g_ptr_array_add (argv, (char *) "--port");
  g_ptr_array_add (argv, (char *) "0");
  g_ptr_array_add (argv, (char *) "--demo");
  g_ptr_array_add (argv, (char *) "--quiet");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra_args[i]);
  g_ptr_array_add (argv, NULL);

  sim = g_new0 (JobSim, 1);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  sim->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  sim->url = g_strstrip (g_strdup (line + strlen ("Listening on ")));
  sim->control = soup_session_new ();
  return sim;
}

void
job_sim_stop (JobSim *sim)
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

gint64
job_sim_stat (JobSim     *sim,
              const char *name)
{
  g_autofree char *url = g_strconcat (sim->url, "/_sim/stats", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *stats;

  answer = soup_session_send_and_read (sim->control, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                              (gssize) g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  stats = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (stats, name));
  return json_object_get_int_member (stats, name);
}

static guint
mod97 (const char *digits)
{
  guint rest = 0;

  for (const char *p = digits; *p != '\0'; p++)
    rest = (rest * 10 + (guint) (*p - '0')) % 97;
  return rest;
}

char *
job_make_eid (guint n)
{
  g_autofree char *body = g_strdup_printf ("890490320000000000%012u", n);
  g_autofree char *shifted = g_strconcat (body, "00", NULL);
  char *eid = g_strdup_printf ("%s%02u", body, 98 - mod97 (shifted));

  g_assert_cmpuint (mod97 (eid), ==, 1);
  return eid;
}

char *
job_make_csv (guint first,
              guint n)
{
  GString *csv = g_string_new ("EID,Name\n");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *eid = job_make_eid (first + i);

      g_string_append_printf (csv, "%s,phone-%u\n", eid, first + i);
    }
  return g_string_free (csv, FALSE);
}

EoClient *
job_make_client (const char *url,
                 const char *key)
{
  g_autoptr(GError) error = NULL;
  EoClient *client = eo_client_new (url, &error);

  g_assert_no_error (error);
  eo_client_set_credentials (client, DEMO_CUSTOMER, key);
  eo_client_set_timeouts (client, 5, 5);
  eo_client_set_retry_policy (client, 3, 50, 200);
  return client;
}

EoUploadRecord *
job_make_record (const char  *server,
                 const char  *csv,
                 GBytes     **normalized)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_from_data (csv, strlen (csv), &error);
  EoUploadRecord *record;

  g_assert_no_error (error);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 0);
  record = eo_upload_record_new (server, DEMO_CUSTOMER, "devices.csv",
                                 eo_device_list_has_iccid_column (list));
  g_assert_cmpuint (eo_upload_record_add_devices_from_list (record, list), ==,
                    eo_device_list_get_n_rows (list));
  *normalized = eo_device_list_to_normalized_csv (list);
  return record;
}

EoHistory *
job_load_history (const char *dir)
{
  g_autoptr(GError) error = NULL;
  EoHistory *history = eo_history_new (dir);

  g_assert_true (eo_history_load (history, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (eo_history_get_n_skipped (history), ==, 0);
  return history;
}

static gboolean
flag_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
job_run_until (gboolean *flag,
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
job_run_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, flag_timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    JobWriteCounter   *counter)
{
  GFile *target = NULL;
  g_autofree char *name = NULL;

  if (event == G_FILE_MONITOR_EVENT_RENAMED)
    target = other;
  else if (event == G_FILE_MONITOR_EVENT_MOVED_IN)
    target = file;
  if (target == NULL)
    return;
  name = g_file_get_basename (target);
  if (g_str_has_suffix (name, ".json"))
    counter->n_writes++;
}

void
job_write_counter_start (JobWriteCounter *counter,
                         const char      *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  counter->n_writes = 0;
  counter->monitor = g_file_monitor_directory (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  g_assert_no_error (error);
  g_file_monitor_set_rate_limit (counter->monitor, 0);
  g_signal_connect (counter->monitor, "changed", G_CALLBACK (monitor_changed_cb), counter);
}

void
job_write_counter_stop (JobWriteCounter *counter)
{
  g_file_monitor_cancel (counter->monitor);
  g_clear_object (&counter->monitor);
}
