/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-sim"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "eo-test-sim.h"

#define LISTENING "Listening on "

/* The simulator dies with the test, even when an assertion aborts it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocess *
eo_test_sim_spawn (const char * const  *args,
                   GSubprocessFlags     flags,
                   const char          *stderr_path,
                   char               **url)
{
  return eo_test_spawn_listening ("EO_SIMULATOR", args, flags, stderr_path, url);
}

GSubprocess *
eo_test_spawn_listening (const char          *program_env,
                         const char * const  *args,
                         GSubprocessFlags     flags,
                         const char          *stderr_path,
                         char               **url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *path = g_getenv (program_env);
  GSubprocess *process;

  g_assert_nonnull (path);
  g_ptr_array_add (argv, (gpointer) path);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (stderr_path != NULL)
    g_subprocess_launcher_set_stderr_file_path (launcher, stderr_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, LISTENING));
  *url = g_strstrip (g_strdup (line + strlen (LISTENING)));
  return process;
}

JsonObject *
eo_test_sim_control (SoupSession  *session,
                     const char   *url,
                     const char   *method,
                     const char   *what,
                     const char   *body,
                     JsonParser  **parser_out)
{
  g_autoptr(SoupSession) own_session = session == NULL ? soup_session_new () : NULL;
  g_autofree char *uri = g_strconcat (url, "/_sim/", what, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
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
  answer = soup_session_send_and_read (session != NULL ? session : own_session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                              (gssize) g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (root);
}

gint64
eo_test_sim_stat_at (SoupSession *session,
                     const char  *url,
                     const char  *name)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *stats = eo_test_sim_control (session, url, "GET", "stats", NULL, &parser);

  g_assert_true (json_object_has_member (stats, name));
  return json_object_get_int_member (stats, name);
}

EoTestSim *
eo_test_sim_start_demo (const char * const *extra_args)
{
  return eo_test_sim_start_program ("EO_SIMULATOR", extra_args);
}

EoTestSim *
eo_test_sim_start_program (const char         *program_env,
                           const char * const *extra_args)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  EoTestSim *sim = g_new0 (EoTestSim, 1);

  g_ptr_array_add (args, (gpointer) "--port");
  g_ptr_array_add (args, (gpointer) "0");
  g_ptr_array_add (args, (gpointer) "--demo");
  g_ptr_array_add (args, (gpointer) "--quiet");
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) extra_args[i]);
  g_ptr_array_add (args, NULL);

  sim->process = eo_test_spawn_listening (program_env, (const char * const *) args->pdata, 0, NULL, &sim->url);
  sim->control = soup_session_new ();
  return sim;
}

void
eo_test_sim_stop (EoTestSim *sim)
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

JsonObject *
eo_test_sim_get (EoTestSim   *sim,
                 const char  *what,
                 JsonParser **parser_out)
{
  return eo_test_sim_control (sim->control, sim->url, "GET", what, NULL, parser_out);
}

gint64
eo_test_sim_stat (EoTestSim  *sim,
                  const char *name)
{
  return eo_test_sim_stat_at (sim->control, sim->url, name);
}

void
eo_test_sim_add_fault (EoTestSim  *sim,
               const char *endpoint,
               const char *kind,
               int         count)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *body = g_strdup_printf ("{\"endpoint\":\"%s\",\"kind\":\"%s\",\"count\":%d}",
                                           endpoint, kind, count);

  eo_test_sim_control (sim->control, sim->url, "POST", "faults", body, &parser);
}

void
eo_test_sim_control_delete (EoTestSim  *sim,
                            const char *what)
{
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (sim->control, sim->url, "DELETE", what, NULL, &parser);
}

void
eo_test_sim_clear_faults (EoTestSim *sim)
{
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (sim->control, sim->url, "DELETE", "faults", NULL, &parser);
}

GArray *
eo_test_sim_request_times (EoTestSim  *sim,
                   const char *path_suffix)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *root = eo_test_sim_get (sim, "requests", &parser);
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
