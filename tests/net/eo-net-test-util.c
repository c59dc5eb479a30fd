/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-net-test"

#include "config.h"

#include <string.h>

#include "eo-net-test-util.h"

void
sim_add_fault (EoTestSim  *sim,
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
sim_clear_faults (EoTestSim *sim)
{
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (sim->control, sim->url, "DELETE", "faults", NULL, &parser);
}

GArray *
sim_request_times (EoTestSim  *sim,
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
  eo_test_run_until (&wait.done, 30000);
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
  eo_test_run_until (&wait.done, 30000);
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
  eo_test_run_until (&wait.done, 30000);
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
      g_autofree char *eid = eo_test_make_eid (first + i);

      if (with_iccid)
        {
          g_autofree char *iccid = eo_test_make_demo_iccid (1000 + first + i);
          g_string_append_printf (csv, "%s,phone-%u,%s\n", eid, first + i, iccid);
        }
      else
        g_string_append_printf (csv, "%s,phone-%u\n", eid, first + i);
    }
  return g_string_free (csv, FALSE);
}
