/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-cso"

#include "config.h"

#include <string.h>

#include "eo-test-cso.h"

EoClient *
eo_test_make_client (const char *url,
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
eo_test_async_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  EoTestAsync *wait = user_data;

  wait->result = g_object_ref (result);
  wait->done = TRUE;
}

void
eo_test_async_clear (EoTestAsync *wait)
{
  g_clear_object (&wait->result);
  wait->done = FALSE;
}

gboolean
eo_test_upload_sync (EoClient    *client,
             const char  *csv,
             char       **request_id,
             char       **server_url,
             GError     **error)
{
  EoTestAsync wait = { 0 };
  g_autoptr(GBytes) bytes = g_bytes_new (csv, strlen (csv));
  gboolean ok;

  eo_client_assign_eid_async (client, bytes, "devices.csv", NULL, eo_test_async_cb, &wait);
  eo_test_run_until (&wait.done, 30000);
  ok = eo_client_assign_eid_finish (client, wait.result, request_id, server_url, error);
  eo_test_async_clear (&wait);
  return ok;
}

GPtrArray *
eo_test_status_sync (EoClient    *client,
             const char  *request_id,
             GError     **error)
{
  EoTestAsync wait = { 0 };
  GPtrArray *configs;

  eo_client_eid_status_async (client, request_id, NULL, eo_test_async_cb, &wait);
  eo_test_run_until (&wait.done, 30000);
  configs = eo_client_eid_status_finish (client, wait.result, error);
  eo_test_async_clear (&wait);
  return configs;
}

gboolean
eo_test_connection_sync (EoClient  *client,
                      GError   **error)
{
  EoTestAsync wait = { 0 };
  gboolean ok;

  eo_client_test_connection_async (client, NULL, eo_test_async_cb, &wait);
  eo_test_run_until (&wait.done, 30000);
  ok = eo_client_test_connection_finish (client, wait.result, error);
  eo_test_async_clear (&wait);
  return ok;
}

char *
eo_test_make_csv (guint    first,
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

EoUploadRecord *
eo_test_make_sending_record (const char  *server,
                 const char  *csv,
                 GBytes     **normalized)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = eo_device_list_new_from_data (csv, strlen (csv), &error);
  EoUploadRecord *record;

  g_assert_no_error (error);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 0);
  record = eo_upload_record_new (server, EO_TEST_DEMO_CUSTOMER, "devices.csv",
                                 eo_device_list_has_iccid_column (list));
  g_assert_cmpuint (eo_upload_record_add_devices_from_list (record, list), ==,
                    eo_device_list_get_n_rows (list));
  *normalized = eo_device_list_to_normalized_csv (list);
  return record;
}

static void
save_record (EoUploadRecord *record)
{
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_history_save (history, record, &error));
  g_assert_no_error (error);
}

EoUploadRecord *
eo_test_save_accepted_record (EoTestSim  *sim,
                              const char *server,
                              guint       first,
                              guint       n,
                              gboolean    demo)
{
  g_autofree char *csv = eo_test_make_csv (first, n, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  g_autoptr(EoClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *server_url = NULL;
  EoUploadRecord *record = eo_test_make_sending_record (server != NULL ? server : sim->url, csv, &normalized);

  client = eo_client_new (sim->url, &error);
  g_assert_no_error (error);
  eo_client_set_credentials (client, EO_TEST_DEMO_CUSTOMER, EO_TEST_DEMO_KEY);
  g_assert_true (eo_test_upload_sync (client, g_bytes_get_data (normalized, NULL), &request_id, &server_url, &error));
  g_assert_no_error (error);
  eo_upload_record_set_demo (record, demo);
  eo_upload_record_set_accepted (record, request_id, server_url);
  save_record (record);
  return record;
}

EoUploadRecord *
eo_test_save_outcome_unknown_record (const char *server,
                                     guint       first,
                                     guint       n,
                                     gboolean    demo)
{
  g_autofree char *csv = eo_test_make_csv (first, n, FALSE);
  g_autoptr(GBytes) normalized = NULL;
  EoUploadRecord *record = eo_test_make_sending_record (server, csv, &normalized);

  eo_upload_record_set_demo (record, demo);
  eo_upload_record_set_outcome_unknown (record, "The connection was lost");
  save_record (record);
  return record;
}

EoHistory *
eo_test_load_history (const char *dir)
{
  g_autoptr(GError) error = NULL;
  EoHistory *history = eo_history_new (dir);

  g_assert_true (eo_history_load (history, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (eo_history_get_n_skipped (history), ==, 0);
  return history;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    EoTestWriteCounter   *counter)
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
eo_test_write_counter_start (EoTestWriteCounter *counter,
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
eo_test_write_counter_stop (EoTestWriteCounter *counter)
{
  g_file_monitor_cancel (counter->monitor);
  g_clear_object (&counter->monitor);
}
