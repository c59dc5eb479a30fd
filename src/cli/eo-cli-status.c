/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-status"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-devices.h"
#include "eo-cli-follow.h"
#include "eo-cli-remote.h"
#include "eo-device.h"
#include "eo-history.h"
#include "eo-poller.h"
#include "eo-upload-job.h"

/* “esim-onboard-cli status REQUEST_ID”: reads the devices of an upload
 * once, or (--wait) follows them, through the history when the upload is
 * in it. */

static const char status_exit_codes[] =
  N_("Exit status:\n"
     "  0  every device succeeded\n"
     "  1  some devices failed (and none is pending)\n"
     "  3  the command line is wrong\n"
     "  4  no server or API key; the keyring failed\n"
     "  5  the server refused the request or could not be reached (an unknown request ID included)\n"
     "  6  some devices are still pending (without --wait), or waiting was stopped");

static const EoCliFollowHelp status_help = {
  "status",
  N_("REQUEST_ID"),
  N_("Show the devices of an upload, as the CSO reports them. With --wait, follow them "
     "until each one succeeded or failed."),
  status_exit_codes,
  N_("Wait until every device is done"),
  N_("Customer ID whose key is taken from the keyring (default: the app's setting)"),
  G_OPTION_ARG_STRING_ARRAY,
};

/* Parses the command line into @options; EO_CLI_EXIT_OK or the usage
 * error printed. */
static int
parse_command_line (int                 argc,
                    char              **argv,
                    EoCliFollowOptions *options)
{
  int status = eo_cli_follow_options_parse (options, &status_help, argc, argv);
  char **ids = options->args;

  if (status != EO_CLI_EXIT_OK)
    return status;
  if (ids == NULL || ids[0] == NULL || g_strstrip (ids[0])[0] == '\0')
    return eo_cli_usage_error ("status", _("No request ID given."));
  if (ids[1] != NULL)
    return eo_cli_usage_error ("status", _("Give one request ID."));
  return eo_cli_follow_options_check (options, "status");
}

/* The upload of the history with @request_id on @remote's server, or
 * NULL (another computer, or no history). Kept alive by @history. */
static EoUploadRecord *
lookup_record (EoCliRemote *remote,
               EoHistory   *history,
               const char  *request_id)
{
  g_autoptr(GError) load_error = NULL;
  EoUploadRecord *record;

  if (!eo_history_load (history, NULL, &load_error))
    {
      g_debug ("History not read: %s", load_error->message);
      return NULL;
    }
  record = eo_history_lookup_request_id (history, request_id);
  if (record == NULL || g_strcmp0 (eo_upload_record_get_server (record), remote->server) != 0)
    return NULL;
  if (eo_upload_record_get_state (record) != EO_UPLOAD_STATE_ACCEPTED &&
      eo_upload_record_get_state (record) != EO_UPLOAD_STATE_FINISHED)
    return NULL;
  return record;
}

static void
print_uncountable_hint (void)
{
  eo_cli_print_hint (_("This computer has no record of the upload: devices the server has not listed "
                       "yet cannot be counted."));
}

/* --wait: an upload of the history is resumed through it, so that its
 * record follows (and the app shows the result); else plain polling. */
static int
follow_request (EoCliRemote        *remote,
                const char         *request_id,
                EoCliFollowOptions *options)
{
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autoptr(EoUploadJob) job = NULL;
  g_autoptr(EoPoller) poller = NULL;
  EoUploadRecord *record = lookup_record (remote, history, request_id);
  int status;

  if (record != NULL)
    {
      job = eo_upload_job_new (remote->client, history, record);
      eo_cli_job_apply_interval (job, options->interval_ms);
      return eo_cli_follow ("status", remote, NULL, job, eo_upload_record_get_server_url (record),
                            options->json, (guint) options->timeout_s, EO_CLI_EXIT_OK);
    }

  print_uncountable_hint ();
  poller = eo_poller_new (remote->client, request_id);
  eo_cli_poller_apply_interval (poller, options->interval_ms);
  status = eo_cli_follow ("status", remote, poller, NULL, NULL, options->json, (guint) options->timeout_s,
                          EO_CLI_EXIT_OK);
  return status;
}

/* The devices of an answer: those the upload sent (from @record, a device
 * the answer leaves out is pending), else those the answer lists. */
static GListStore *
devices_of_answer (EoUploadRecord *record,
                   GPtrArray      *configs)
{
  GListStore *devices = g_list_store_new (EO_TYPE_DEVICE);
  g_autoptr(GHashTable) by_eid = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *sent;
  guint n;

  for (guint i = 0; i < configs->len; i++)
    {
      const EoRemoteConfig *config = g_ptr_array_index (configs, i);
      g_autoptr(EoDevice) device = NULL;

      if (record != NULL)
        {
          if (config->eid != NULL)
            g_hash_table_insert (by_eid, config->eid, (gpointer) config);
          continue;
        }
      device = eo_device_new (config->eid != NULL ? config->eid : "",
                              config->name != NULL ? config->name : "", NULL);
      eo_device_set_remote (device, config->kind, config->status, config->reason, config->iccid);
      g_list_store_append (devices, device);
    }
  if (record == NULL)
    return devices;

  sent = eo_upload_record_get_devices (record);
  n = g_list_model_get_n_items (sent);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) mine = g_list_model_get_item (sent, i);
      g_autoptr(EoDevice) device = NULL;
      const EoRemoteConfig *config;

      if (eo_device_get_severity (mine) == EO_SEVERITY_ERROR)
        continue; /* not uploaded */
      device = eo_device_new (eo_device_get_eid (mine), eo_device_get_name (mine), eo_device_get_iccid (mine));
      config = g_hash_table_lookup (by_eid, eo_device_get_eid (mine));
      if (config != NULL)
        eo_device_set_remote (device, config->kind, config->status, config->reason, config->iccid);
      else if (eo_device_status_is_final (eo_device_get_status (mine)))
        eo_device_set_remote (device, eo_device_get_status (mine), eo_device_get_status_text (mine),
                              eo_device_get_reason (mine), eo_device_get_assigned_iccid (mine));
      else
        eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, NULL, NULL, NULL);
      g_list_store_append (devices, device);
    }
  return devices;
}

/* Without --wait: one read of the devices, printed. */
static int
read_request (EoCliRemote        *remote,
              const char         *request_id,
              EoCliFollowOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GListStore) devices = NULL;
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  EoUploadRecord *record;

  eo_client_eid_status_async (remote->client, request_id, NULL, eo_cli_result_cb, &result);
  configs = eo_client_eid_status_finish (remote->client, eo_cli_wait_for (&result), &error);
  if (configs == NULL)
    return eo_cli_remote_report_error (remote, "status", error);

  record = lookup_record (remote, history, request_id);
  devices = devices_of_answer (record, configs);
  if (options->json)
    eo_cli_print_devices_json (request_id, record != NULL ? eo_upload_record_get_server_url (record) : NULL,
                               G_LIST_MODEL (devices));
  else
    eo_cli_print_devices_table (G_LIST_MODEL (devices));
  if (record == NULL)
    print_uncountable_hint ();

  /* No row yet: the server has not started. */
  if (g_list_model_get_n_items (G_LIST_MODEL (devices)) == 0)
    return EO_CLI_EXIT_PENDING;
  return eo_cli_exit_for_devices (G_LIST_MODEL (devices));
}

int
eo_cli_status (int    argc,
               char **argv)
{
  g_auto(EoCliFollowOptions) options = { FALSE };
  g_auto(EoCliRemote) remote = { NULL };
  int status;

  status = eo_cli_remote_prepare ("status", argc, argv);
  if (status == EO_CLI_EXIT_OK)
    status = parse_command_line (argc, argv, &options);
  if (status == EO_CLI_EXIT_OK)
    status = eo_cli_remote_resolve_account (&remote, "status", options.server, options.customer, FALSE);
  if (status == EO_CLI_EXIT_OK)
    status = eo_cli_remote_resolve_key (&remote, "status", options.key_file);
  if (status != EO_CLI_EXIT_OK)
    return status;

  if (options.wait)
    return follow_request (&remote, options.args[0], &options);
  return read_request (&remote, options.args[0], &options);
}
