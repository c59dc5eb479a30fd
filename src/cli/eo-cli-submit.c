/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-submit"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-diagnostics.h"
#include "eo-cli-devices.h"
#include "eo-cli-follow.h"
#include "eo-cli-remote.h"
#include "eo-column-map.h"
#include "eo-device-list.h"
#include "eo-history.h"
#include "eo-server-address.h"
#include "eo-upload-job.h"

/* “esim-onboard-cli submit FILE”: checks a device list as “validate” does,
 * uploads its clean rows through the history (EoUploadJob), prints the
 * request ID and, with --wait, follows the devices. */

/* The answer to an upload, as the job reports it. */
typedef struct
{
  gboolean  done;
  GError   *error;
} Sending;

static void
on_submit_accepted_cb (EoUploadJob *job,
                       Sending     *sending)
{
  sending->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
on_submit_failed_cb (EoUploadJob  *job,
                     const GError *error,
                     Sending      *sending)
{
  g_clear_error (&sending->error);
  sending->error = g_error_copy (error);
  sending->done = TRUE;
  g_main_context_wakeup (NULL);
}

/* The same lines as “validate”: FILE:LINE: COLUMN: SEVERITY: MESSAGE. */
static void
print_problems (const char   *display_name,
                EoDeviceList *list)
{
  g_autoptr(GString) out = g_string_new (NULL);

  const char * const *notes = eo_device_list_get_notes (list);

  eo_cli_write_problems (stderr, out, display_name, list);
  /* The notes as “validate” prints them: a file without a header, damage
   * by a spreadsheet, problems only counted… */
  for (guint i = 0; notes[i] != NULL; i++)
    {
      eo_cli_append_printable (out, display_name);
      g_string_append_printf (out, ": %s: ", eo_cli_severity_label (EO_SEVERITY_OK));
      eo_cli_append_printable (out, notes[i]);
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stderr);
}

static const char submit_exit_codes[] =
  N_("Exit status:\n"
     "  0  every device succeeded (without --wait: the upload was accepted)\n"
     "  1  some devices failed, or rows with errors were left out of the upload\n"
     "  2  the device list cannot be read\n"
     "  3  the command line is wrong\n"
     "  4  no server, customer ID or API key; the keyring failed\n"
     "  5  the server refused the upload or could not be reached\n"
     "  6  stopped waiting (Ctrl+C) while devices were still pending");

static const EoCliFollowHelp submit_help = {
  "submit",
  N_("FILE"),
  N_("Check a device list as “validate” does (“-” reads standard input), upload the rows without errors to the CSO, "
     "and print the request ID and the SM-DP+ server URL. With --wait, follow the devices "
     "until each one succeeded or failed."),
  submit_exit_codes,
  N_("Wait until every device is done and print the result per device"),
  N_("Customer ID (default: the app's setting)"),
  G_OPTION_ARG_FILENAME_ARRAY,
  N_("Also send the devices that already have an eSIM (or wait for one) in the history; "
     "by default they are left out"),
  TRUE,
};

/* Parses the command line into @options; EO_CLI_EXIT_OK or the usage
 * error printed. */
static int
parse_command_line (int                 argc,
                    char              **argv,
                    EoCliFollowOptions *options)
{
  int status = eo_cli_follow_options_parse (options, &submit_help, argc, argv);

  if (status != EO_CLI_EXIT_OK)
    return status;
  if (options->args == NULL || options->args[0] == NULL)
    return eo_cli_usage_error ("submit", _("No device list given."));
  if (options->args[1] != NULL)
    return eo_cli_usage_error ("submit", _("Only one device list can be uploaded at a time."));
  return eo_cli_follow_options_check (options, "submit");
}

/* 1. The file, checked as “validate” does: NULL with *@status set when it
 * cannot be read or no row is without errors. */
static EoDeviceList *
load_checked_list (const char        *arg,
                   const EoColumnMap *map,
                   const char        *display_name,
                   int               *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  guint n_rows;

  list = eo_cli_load_device_list (arg, map, &error);
  if (list == NULL)
    {
      eo_cli_print_file_error (display_name, error);
      *status = EO_CLI_EXIT_UNREADABLE;
      return NULL;
    }

  print_problems (display_name, list);
  n_rows = eo_device_list_get_n_rows (list) + eo_device_list_get_n_omitted_rows (list);
  if (eo_device_list_get_n_valid (list) == 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("Nothing was uploaded: the only row has errors.",
                                                            "Nothing was uploaded: all %u rows have errors.",
                                                            n_rows), n_rows);
      eo_cli_print_error ("submit", message);
      *status = EO_CLI_EXIT_ROWS_FAILED;
      return NULL;
    }

  *status = EO_CLI_EXIT_OK;
  return g_steal_pointer (&list);
}

/* 2. Devices that an upload of the history already assigned (or is still
 * assigning) from the same server and customer are left out unless --include-assigned, each one said on
 * stderr with the upload that has it, and why in @reasons (row -> EoMessage)
 * for the record. Returns how many are left out, or
 * G_MAXUINT with *@status set when nothing would be left to send. */
static guint
leave_out_assigned (EoHistory    *history,
                    EoCliRemote  *remote,
                    EoDeviceList *list,
                    gboolean      include,
                    GHashTable   *reasons,
                    int          *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) eids = g_ptr_array_new ();
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) assigned = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n_rows = eo_device_list_get_n_rows (list);
  guint n_found = 0;

  *status = EO_CLI_EXIT_OK;
  if (!eo_history_load (history, NULL, &error))
    {
      /* Not a reason to stop: the server refuses what it already did. */
      g_autofree char *hint = g_strdup_printf (_("The history could not be read, so devices that already "
                                                 "have an eSIM are not left out: %s"), error->message);
      eo_cli_print_hint (hint);
      return 0;
    }
  for (guint i = 0; i < n_rows; i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);

      if (row->severity == EO_SEVERITY_ERROR)
        continue;
      g_ptr_array_add (eids, (gpointer) eo_device_list_row_get_eid (list, i));
      g_array_append_val (rows, i);
    }
  assigned = eo_history_find_assigned (history, (const char * const *) eids->pdata, eids->len,
                                       remote->server, remote->customer, NULL);

  for (guint k = 0; k < rows->len; k++)
    {
      guint i = g_array_index (rows, guint, k);
      const char *eid = eo_device_list_row_get_eid (list, i);
      EoHistoryMatch *match = g_hash_table_lookup (assigned, eid);
      g_autoptr(GDateTime) utc = NULL;
      g_autoptr(GDateTime) local = NULL;
      g_autofree char *date = NULL;
      g_autofree char *upload = NULL;

      if (match == NULL)
        continue;
      n_found++;
      if (!include)
        {
          eo_device_list_set_left_out (list, i, TRUE);
          g_hash_table_insert (reasons, GUINT_TO_POINTER (i), eo_history_match_new_left_out_reason (match));
        }
      utc = g_date_time_new_from_unix_utc (match->since_us / G_USEC_PER_SEC);
      local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      date = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
      upload = g_strndup (eo_upload_record_get_local_id (match->record), 8);
      eo_cli_append_printable (out, eid);
      g_string_append (out, " (");
      eo_cli_append_printable (out, eo_device_list_row_get_name (list, i));
      g_string_append (out, "): ");
      g_string_append_printf (out,
                              eo_device_get_status (match->device) == EO_DEVICE_STATUS_SUCCESS
                                /* Translators: a device of the list; the date and the upload's local id */
                                ? _("already assigned on %s (upload %s)")
                                : _("already waiting for an eSIM since %s (upload %s)"),
                              date, upload);
      g_string_append_c (out, '\n');
    }
  fputs (out->str, stderr);

  if (n_found == 0)
    return 0;
  if (include)
    {
      g_autofree char *hint = g_strdup_printf (ngettext ("%u device already has an eSIM and is sent again (--include-assigned).",
                                                         "%u devices already have an eSIM and are sent again (--include-assigned).",
                                                         n_found), n_found);
      eo_cli_print_hint (hint);
      return 0;
    }
  if (n_found == eids->len)
    {
      eo_cli_print_error ("submit", _("Nothing was uploaded: every device of the list already has an eSIM. "
                                      "Use --include-assigned to send them anyway."));
      *status = EO_CLI_EXIT_ROWS_FAILED;
      return G_MAXUINT;
    }
  {
    g_autofree char *hint = g_strdup_printf (ngettext ("%u device already has an eSIM and is left out (--include-assigned sends it anyway).",
                                                       "%u devices already have an eSIM and are left out (--include-assigned sends them anyway).",
                                                       n_found), n_found);
    eo_cli_print_hint (hint);
  }
  return n_found;
}

/* 3. Uploads the clean rows of @list (taken) only, recorded in the
 * history first (so that a crash never leads to sending it twice, and the
 * app shows it). Returns the job once the server answered; @error is set
 * when it did not accept. */
static EoUploadJob *
upload (EoCliRemote   *remote,
        EoHistory     *history,
        const char    *arg,
        EoDeviceList  *list,
        GHashTable    *reasons,
        int            interval_ms,
        GError       **error)
{
  g_autoptr(GBytes) csv = eo_device_list_to_normalized_csv (list);
  /* Standard input has no name: the record and the server get one. */
  g_autoptr(GFile) file = g_strcmp0 (arg, "-") == 0 ? NULL : g_file_new_for_commandline_arg (arg);
  g_autofree char *basename = file != NULL ? g_file_get_basename (file) : g_strdup ("stdin.csv");
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoUploadJob) job = NULL;
  Sending sending = { FALSE, NULL };

  record = eo_upload_record_new (remote->server, remote->customer, basename,
                                 eo_device_list_has_iccid_column (list));
  eo_upload_record_add_devices_from_list (record, list);
  /* The devices left out as assigned already, with why, for the report. */
  for (guint i = 0; g_hash_table_size (reasons) > 0 && i < eo_device_list_get_n_rows (list); i++)
    {
      const EoMessage *reason = g_hash_table_lookup (reasons, GUINT_TO_POINTER (i));

      if (reason != NULL)
        eo_upload_record_add_left_out (record, eo_device_list_row_get_eid (list, i),
                                       eo_device_list_row_get_name (list, i),
                                       eo_device_list_row_get_iccid (list, i), reason);
    }
  job = eo_upload_job_new (remote->client, history, record);
  eo_cli_job_apply_interval (job, interval_ms);
  g_signal_connect (job, "accepted", G_CALLBACK (on_submit_accepted_cb), &sending);
  g_signal_connect (job, "failed", G_CALLBACK (on_submit_failed_cb), &sending);
  eo_upload_job_submit (job, csv, basename);
  /* The job keeps what it sends; the list is not needed any more (with
   * 100,000 devices the two take about 20 MB). */
  g_clear_pointer (&csv, g_bytes_unref);
  g_object_unref (list);
  while (!sending.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (job, &sending);

  if (sending.error != NULL)
    g_propagate_error (error, sending.error);
  return g_steal_pointer (&job);
}

/* The upload is kept, but an SM-DP+ address that is not https:// and a
 * host name is not to be pushed to devices: said so. */
static void
report_unusable_address (const char *smdp_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = eo_smdp_address_check (smdp_url, &error);

  if (host == NULL)
    eo_cli_print_hint (error->message);
}

/* 4. The accepted upload: its request ID and SM-DP+ server, then either
 * how to follow it, or (--wait) the devices once done. */
static int
report_accepted (EoCliRemote        *remote,
                 EoUploadJob        *job,
                 EoCliFollowOptions *options,
                 int                 status_if_done)
{
  EoUploadRecord *record = eo_upload_job_get_record (job);
  const char *request_id = eo_upload_record_get_request_id (record);
  const char *smdp_url = eo_upload_record_get_server_url (record);
  GListModel *devices = eo_upload_record_get_devices (record);

  if (!options->json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      g_string_append_printf (out, "%s ", _("Request ID:"));
      eo_cli_append_printable (out, request_id);
      g_string_append_printf (out, "\n%s ", _("SM-DP+ server:"));
      eo_cli_append_printable (out, smdp_url != NULL ? smdp_url : "");
      g_string_append_c (out, '\n');
      fputs (out->str, stdout);
      fflush (stdout);
      report_unusable_address (smdp_url);
    }

  if (options->wait)
    return eo_cli_follow ("submit", remote, NULL, job, smdp_url, options->json, (guint) options->timeout_s,
                          status_if_done);

  /* Stop following; the record stays ACCEPTED for “status --wait” and
   * the app. */
  eo_upload_job_cancel (job);
  if (options->json)
    eo_cli_print_devices_json (request_id, smdp_url, devices);
  else
    {
      /* Quoted for a shell, whatever it holds. */
      g_autofree char *quoted = g_shell_quote (request_id);
      g_autofree char *hint = g_strdup_printf (_("Accepted. Follow it with: esim-onboard-cli status %s --wait"),
                                               quoted);
      eo_cli_print_hint (hint);
    }
  return status_if_done;
}

int
eo_cli_submit (int    argc,
               char **argv)
{
  g_auto(EoCliFollowOptions) options = { FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(EoUploadJob) job = NULL;
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autofree char *display_name = NULL;
  g_auto(EoCliRemote) remote = { NULL };
  g_autoptr(EoColumnMap) map = NULL;
  g_autoptr(GHashTable) reasons = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) eo_message_free);
  guint n_valid, n_rows, n_left_out, n_assigned;
  int status;

  status = eo_cli_remote_prepare ("submit", argc, argv);
  if (status == EO_CLI_EXIT_OK)
    status = parse_command_line (argc, argv, &options);
  if (status != EO_CLI_EXIT_OK)
    return status;

  if (!eo_cli_parse_columns (options.columns, &map, &error))
    return eo_cli_usage_error ("submit", error->message);
  display_name = g_filename_display_name (options.args[0]);
  list = load_checked_list (options.args[0], map, display_name, &status);
  if (list == NULL)
    return status;
  n_rows = eo_device_list_get_n_rows (list) + eo_device_list_get_n_omitted_rows (list);
  n_valid = eo_device_list_get_n_valid (list);
  n_left_out = n_rows - n_valid;

  /* Where, who, and the key. */
  status = eo_cli_remote_resolve_account (&remote, "submit", options.server, options.customer, TRUE);
  if (status == EO_CLI_EXIT_OK)
    status = eo_cli_remote_resolve_key (&remote, "submit", options.key_file);
  if (status != EO_CLI_EXIT_OK)
    return status;
  n_assigned = leave_out_assigned (history, &remote, list, options.include_assigned, reasons, &status);
  if (n_assigned == G_MAXUINT)
    return status;

  if (n_left_out > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u row with errors is left out; uploading %u of %u devices.",
                                                            "%u rows with errors are left out; uploading %u of %u devices.",
                                                            n_left_out),
                                                  n_left_out, n_valid - n_assigned, n_rows);
      eo_cli_print_hint (message);
    }

  job = upload (&remote, history, options.args[0], g_steal_pointer (&list), reasons,
                options.interval_ms, &error);
  if (error != NULL)
    return eo_cli_remote_report_error (&remote, "submit", error);

  return report_accepted (&remote, job, &options,
                          n_left_out > 0 ? EO_CLI_EXIT_ROWS_FAILED : EO_CLI_EXIT_OK);
}
