/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-recover"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-devices.h"
#include "eo-cli-follow.h"
#include "eo-cli-history.h"
#include "eo-cli-remote.h"
#include "eo-export.h"
#include "eo-upload-job.h"

/* Picking an upload of the history up again: “check” (one status read
 * now), “follow” (until every device is done), “give-up ID --reason” and
 * “resend ID --yes” (an upload whose outcome is unknown, sent again). An
 * upload made against the demo server is never read here: only the app
 * in demo mode follows it (the CLI has no demo mode, and the keyring has
 * no key for the demo account). */

typedef struct
{
  gboolean  json;
  gboolean  yes;
  int       interval_ms;
  int       timeout_s;
  char     *reason;
  char     *key_file;
  char    **rest;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->reason, g_free);
  g_clear_pointer (&options->key_file, g_free);
  g_clear_pointer (&options->rest, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

/* “history”: how an upload is followed */

/* Made by the app in demo mode (the CLI's own uploads to a simulator's
 * demo account are not: they were made with a key it was given). */
static gboolean
record_is_demo (EoUploadRecord *record)
{
  return eo_upload_record_get_demo (record);
}

char *
eo_cli_recover_dup_follow_label (EoHistory      *history,
                                 EoUploadRecord *record)
{
  return eo_upload_record_dup_follow_label (record, eo_history_get_follower (history, record, NULL) > 0);
}

void
eo_cli_recover_add_json (EoJsonWriter   *writer,
                         EoHistory      *history,
                         EoUploadRecord *record)
{
  gint64 last_checked = eo_upload_record_get_last_checked (record);
  gint64 given_up = eo_upload_record_get_given_up_time (record);
  gint64 confirmed = eo_upload_record_get_resend_confirmed (record);

  eo_json_writer_add_boolean (writer, "followed", eo_history_get_follower (history, record, NULL) > 0);
  eo_json_writer_add_boolean (writer, "demo", record_is_demo (record));
  if (last_checked != 0)
    eo_json_writer_add_time (writer, "last_checked", last_checked);
  else
    eo_json_writer_add_string (writer, "last_checked", NULL);
  if (given_up != 0)
    {
      eo_json_writer_begin_object (writer, "given_up");
      eo_json_writer_add_time (writer, "time", given_up);
      eo_json_writer_add_string (writer, "reason", eo_upload_record_get_given_up_reason (record));
      eo_json_writer_end_object (writer);
    }
  else
    eo_json_writer_add_string (writer, "given_up", NULL);
  eo_json_writer_add_string (writer, "resent_from", eo_upload_record_get_resent_from (record));
  eo_json_writer_add_string (writer, "resent_as", eo_upload_record_get_resent_as (record));
  if (confirmed != 0)
    {
      eo_json_writer_begin_object (writer, "resend_confirmed");
      eo_json_writer_add_time (writer, "time", confirmed);
      eo_json_writer_add_string (writer, "by", eo_upload_record_get_resend_confirmed_by (record));
      eo_json_writer_end_object (writer);
    }
}

void
eo_cli_recover_append_text (GString        *out,
                            EoUploadRecord *record)
{
  const char *from = eo_upload_record_get_resent_from (record);
  const char *as = eo_upload_record_get_resent_as (record);
  gint64 confirmed = eo_upload_record_get_resend_confirmed (record);

  if (record_is_demo (record))
    g_string_append_printf (out, "  %s %s\n", _("Demo upload:"), eo_upload_record_get_demo_follow_text (FALSE));
  if (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_OUTCOME_UNKNOWN && as == NULL)
    g_string_append_printf (out, "  %s\n", _("Sent, but the server's answer never came: it may or may not have these devices."));
  if (from != NULL)
    g_string_append_printf (out, "  %s %s\n", _("Re-sends:"), from);
  if (as != NULL)
    g_string_append_printf (out, "  %s %s\n", _("Re-sent as:"), as);
  if (confirmed != 0)
    {
      g_autofree char *when = eo_cli_format_local_time (confirmed);
      g_autofree char *who = eo_cli_printable (eo_upload_record_get_resend_confirmed_by (record));

      g_string_append_printf (out, "  %s %s, %s\n", _("Re-send confirmed by:"), *who ? who : "-", when);
    }
}

/* The commands */

/* Parses @argc/@argv with the options of @command (those @extra names,
 * --json, and --api-key-file if it talks to the server), and one ID. */
static int
parse (const char         *command,
       gboolean            remote,
       const char         *summary,
       const char         *exit_codes,
       const GOptionEntry *extra,
       Options            *options,
       int                 argc,
       char              **argv)
{
  const GOptionEntry common[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json, N_("Print the result as one JSON document"), NULL },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &options->key_file,
      N_("Read the API key from the first line of FILE"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->rest, NULL, NULL },
  };
  g_autoptr(GArray) entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr(GOptionContext) context = NULL;

  for (guint i = 0; extra != NULL && extra[i].long_name != NULL; i++)
    g_array_append_val (entries, extra[i]);
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    if (remote || common[i].arg_data != &options->key_file)
      g_array_append_val (entries, common[i]);
  if (remote)
    context = eo_cli_remote_context_new (command, _("REQUEST_ID|LOCAL_ID"), _(summary), _(exit_codes),
                                         (const GOptionEntry *) entries->data);
  else
    context = eo_cli_option_context_new (command, _("REQUEST_ID|LOCAL_ID"), _(summary), _(exit_codes),
                                         (const GOptionEntry *) entries->data);
  if (!eo_cli_history_parse_one_id (context, &argc, &argv, &options->rest))
    return EO_CLI_EXIT_USAGE;
  return EO_CLI_EXIT_OK;
}

/* The server and key of @record's account; a demo upload is refused. */
static int
connect_record (EoCliRemote    *remote,
                const char     *command,
                EoUploadRecord *record,
                const char     *key_file)
{
  int status;

  if (record_is_demo (record))
    {
      eo_cli_print_error (command, eo_upload_record_get_demo_follow_text (FALSE));
      return EO_CLI_EXIT_CONFIG;
    }
  status = eo_cli_remote_resolve_account (remote, command, eo_upload_record_get_server (record),
                                          eo_upload_record_get_customer_id (record), FALSE);
  if (status == EO_CLI_EXIT_OK)
    status = eo_cli_remote_resolve_key (remote, command, key_file);
  return status;
}

/* A record that can be read from the server (accepted, with its id). */
static int
check_followable (const char     *command,
                  EoUploadRecord *record)
{
  EoUploadState state = eo_upload_record_get_state (record);

  if ((state == EO_UPLOAD_STATE_ACCEPTED || state == EO_UPLOAD_STATE_FINISHED) &&
      eo_upload_record_get_request_id (record) != NULL)
    return EO_CLI_EXIT_OK;
  eo_cli_print_error (command, _("The server never confirmed this upload: there is nothing to read."));
  if (state == EO_UPLOAD_STATE_OUTCOME_UNKNOWN)
    eo_cli_print_hint (_("Check the CSO console; to send the devices again: esim-onboard-cli resend ID --yes"));
  return EO_CLI_EXIT_USAGE;
}

static void
print_record_result (EoUploadRecord *record,
                     gboolean        json)
{
  GListModel *devices = eo_upload_record_get_devices (record);

  if (json)
    eo_cli_print_devices_json (eo_upload_record_get_request_id (record),
                               eo_upload_record_get_server_url (record), devices);
  else
    eo_cli_print_devices_table (devices);
}

static const char check_exit_codes[] =
  N_("Exit status:\n"
     "  0  every device succeeded\n"
     "  1  some devices failed (and none is pending)\n"
     "  2  the history cannot be read\n"
     "  3  the command line is wrong, no upload has this ID, or the server never confirmed it\n"
     "  4  no API key, or an upload made against the demo server\n"
     "  5  the server refused the request or could not be reached\n"
     "  6  some devices are still pending");

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} Checking;

static void
checked_cb (EoUploadJob  *job,
            const GError *error,
            Checking     *checking)
{
  if (error != NULL)
    checking->error = g_error_copy (error);
  g_main_loop_quit (checking->loop);
}

int
eo_cli_check (int    argc,
              char **argv)
{
  g_auto(Options) options = { FALSE };
  g_auto(EoCliRemote) remote = { NULL };
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(EoUploadJob) job = NULL;
  Checking checking = { NULL };
  EoUploadRecord *record;
  int status;

  status = eo_cli_remote_prepare ("check", argc, argv);
  if (status == EO_CLI_EXIT_OK)
    status = parse ("check", TRUE, N_("Read the status of an upload of the history once, now, and keep it in the "
                                "history, whether or not anything follows the upload."),
                    check_exit_codes, NULL, &options, argc, argv);
  if (status != EO_CLI_EXIT_OK)
    return status;
  record = eo_cli_history_load_record (options.rest[0], &history, &status);
  if (record == NULL)
    return status;
  status = check_followable ("check", record);
  if (status == EO_CLI_EXIT_OK)
    status = connect_record (&remote, "check", record, options.key_file);
  if (status != EO_CLI_EXIT_OK)
    return status;

  job = eo_upload_job_new (remote.client, history, record);
  checking.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (job, "checked", G_CALLBACK (checked_cb), &checking);
  eo_upload_job_check (job);
  if (eo_upload_job_get_checking (job))
    g_main_loop_run (checking.loop);
  g_main_loop_unref (checking.loop);
  if (checking.error != NULL)
    {
      status = eo_cli_remote_report_error (&remote, "check", checking.error);
      g_clear_error (&checking.error);
      return status;
    }
  print_record_result (record, options.json);
  return eo_cli_exit_for_devices (eo_upload_record_get_devices (record));
}

int
eo_cli_follow_command (int    argc,
                       char **argv)
{
  g_auto(Options) options = { FALSE };
  g_auto(EoCliRemote) remote = { NULL };
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(EoUploadJob) job = NULL;
  EoUploadRecord *record;
  const GOptionEntry extra[] = {
    { "poll-interval", 0, 0, G_OPTION_ARG_INT, &options.interval_ms,
      N_("First delay between status reads (default 2000; it grows up to 30000)"), N_("MS") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout_s,
      N_("Stop waiting after SECONDS (default: until every device is done)"), N_("SECONDS") },
    { NULL }
  };
  gint64 other;
  int status;

  status = eo_cli_remote_prepare ("follow", argc, argv);
  if (status == EO_CLI_EXIT_OK)
    status = parse ("follow", TRUE, N_("Follow an upload of the history until every device succeeded or failed "
                                 "(as “status --wait”), keeping each change in the history. Following an "
                                 "upload that was given up takes giving up back."),
                    check_exit_codes, extra, &options, argc, argv);
  if (status != EO_CLI_EXIT_OK)
    return status;
  if (options.interval_ms < 0 || options.timeout_s < 0)
    return eo_cli_usage_error ("follow", _("--poll-interval and --timeout must be positive numbers."));
  record = eo_cli_history_load_record (options.rest[0], &history, &status);
  if (record == NULL)
    return status;
  status = check_followable ("follow", record);
  if (status == EO_CLI_EXIT_OK)
    status = connect_record (&remote, "follow", record, options.key_file);
  if (status != EO_CLI_EXIT_OK)
    return status;

  other = eo_history_get_follower (history, record, NULL);
  if (other > 0)
    {
      /* Translators: %lld is a process ID */
      g_autofree char *hint = g_strdup_printf (_("Another process (%lld) follows this upload too."), (long long) other);

      eo_cli_print_hint (hint);
    }
  job = eo_upload_job_new (remote.client, history, record);
  eo_cli_job_apply_interval (job, options.interval_ms);
  eo_history_set_following (history, record, TRUE);
  status = eo_cli_follow ("follow", &remote, NULL, job, eo_upload_record_get_server_url (record),
                          options.json, (guint) options.timeout_s, EO_CLI_EXIT_OK);
  eo_history_set_following (history, record, FALSE);
  return status;
}

static const char give_up_exit_codes[] =
  N_("Exit status:\n"
     "  0  the upload is marked as given up\n"
     "  2  the history cannot be read or written\n"
     "  3  the command line is wrong, no upload has this ID, or it cannot be given up");

int
eo_cli_give_up (int    argc,
                char **argv)
{
  g_auto(Options) options = { FALSE };
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record;
  const GOptionEntry extra[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &options.reason,
      N_("Why the upload is given up (kept with it, required)"), N_("TEXT") },
    { NULL }
  };
  int status;

  status = parse ("give-up", FALSE, N_("Mark an upload of the history as given up, with the reason: it is never "
                                "followed again by itself (“follow” takes it back)."),
                  give_up_exit_codes, extra, &options, argc, argv);
  if (status != EO_CLI_EXIT_OK)
    return status;
  record = eo_cli_history_load_record (options.rest[0], &history, &status);
  if (record == NULL)
    return status;
  /* Its saves would undo the mark. */
  if (eo_history_get_follower (history, record, NULL) > 0)
    {
      eo_cli_print_error ("give-up", eo_history_get_followed_text ());
      return EO_CLI_EXIT_USAGE;
    }
  if (!eo_upload_record_give_up (record, options.reason, &error))
    {
      eo_cli_print_error ("give-up", error->message);
      return EO_CLI_EXIT_USAGE;
    }
  if (!eo_history_save (history, record, &error))
    {
      eo_cli_print_error ("give-up", error->message);
      return EO_CLI_EXIT_UNREADABLE;
    }
  if (options.json)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      EoJsonWriter writer;

      eo_json_writer_init (&writer, out, TRUE);
      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_string (&writer, "local_id", eo_upload_record_get_local_id (record));
      eo_cli_recover_add_json (&writer, history, record);
      eo_json_writer_end_object (&writer);
      printf ("%s\n", out->str);
    }
  else
    {
      g_autofree char *label = eo_upload_record_dup_follow_label (record, FALSE);
      g_autofree char *shown = eo_cli_printable (label);

      printf ("%s\n", shown);
    }
  return EO_CLI_EXIT_OK;
}

static const char resend_exit_codes[] =
  N_("Exit status:\n"
     "  0  the server accepted the new upload\n"
     "  2  the history cannot be read or written\n"
     "  3  the command line is wrong (no --yes), no upload has this ID, or it cannot be sent again\n"
     "  4  no API key, or an upload made against the demo server\n"
     "  5  the server refused the new upload, could not be reached, or its outcome is unknown again");

typedef struct
{
  GMainLoop *loop;
  GError    *error;
} Sending;

static void
sent_cb (EoUploadJob *job,
         Sending     *sending)
{
  g_main_loop_quit (sending->loop);
}

static void
send_failed_cb (EoUploadJob  *job,
                const GError *error,
                Sending      *sending)
{
  g_clear_error (&sending->error);
  sending->error = g_error_copy (error);
  g_main_loop_quit (sending->loop);
}

/* Sends @copy (made by eo_upload_record_new_resend) and waits for the
 * server's answer; the job stops following once it is accepted. */
static int
send_copy (EoCliRemote    *remote,
           EoHistory      *history,
           EoUploadRecord *copy)
{
  g_autoptr(EoUploadJob) job = eo_upload_job_new (remote->client, history, copy);
  g_autoptr(GBytes) csv = eo_export_upload_csv (copy);
  Sending sending = { g_main_loop_new (NULL, FALSE), NULL };
  int status = EO_CLI_EXIT_OK;

  g_signal_connect (job, "accepted", G_CALLBACK (sent_cb), &sending);
  g_signal_connect (job, "finished", G_CALLBACK (sent_cb), &sending);
  g_signal_connect (job, "failed", G_CALLBACK (send_failed_cb), &sending);
  eo_upload_job_submit (job, csv, eo_upload_record_get_source_name (copy));
  if (eo_upload_job_get_running (job))
    g_main_loop_run (sending.loop);
  g_signal_handlers_disconnect_by_data (job, &sending);
  eo_upload_job_cancel (job);
  g_main_loop_unref (sending.loop);
  if (sending.error != NULL)
    {
      status = eo_cli_remote_report_error (remote, "resend", sending.error);
      g_clear_error (&sending.error);
    }
  return status;
}

int
eo_cli_resend (int    argc,
               char **argv)
{
  g_auto(Options) options = { FALSE };
  g_auto(EoCliRemote) remote = { NULL };
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record;
  const GOptionEntry extra[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &options.yes,
      N_("Confirm that the same phones may get a second eSIM (required)"), NULL },
    { NULL }
  };
  int status;

  status = eo_cli_remote_prepare ("resend", argc, argv);
  if (status == EO_CLI_EXIT_OK)
    status = parse ("resend", TRUE, N_("Send the devices of an upload whose outcome is unknown again, as a new upload "
                                 "that refers to the first one. The server may have the first upload: the same "
                                 "phones may then get a second eSIM. Check the CSO console first."),
                    resend_exit_codes, extra, &options, argc, argv);
  if (status != EO_CLI_EXIT_OK)
    return status;
  record = eo_cli_history_load_record (options.rest[0], &history, &status);
  if (record == NULL)
    return status;
  if (!eo_upload_record_can_resend (record, &error))
    {
      eo_cli_print_error ("resend", error->message);
      return EO_CLI_EXIT_USAGE;
    }
  if (!options.yes)
    {
      eo_cli_print_error ("resend", _("Nothing was sent. The server may have received this upload although its "
                                      "answer never came: sending it again, the same phones may get a second eSIM."));
      eo_cli_print_hint (_("Check the CSO console first. To send it again anyway, add --yes."));
      return EO_CLI_EXIT_USAGE;
    }
  status = connect_record (&remote, "resend", record, options.key_file);
  if (status != EO_CLI_EXIT_OK)
    return status;

  copy = eo_upload_record_new_resend (record, NULL, &error);
  if (copy == NULL || !eo_history_save (history, record, &error))
    {
      eo_cli_print_error ("resend", error->message);
      return EO_CLI_EXIT_UNREADABLE;
    }
  status = send_copy (&remote, history, copy);
  if (options.json)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      EoJsonWriter writer;

      eo_json_writer_init (&writer, out, TRUE);
      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_string (&writer, "local_id", eo_upload_record_get_local_id (copy));
      eo_json_writer_add_string (&writer, "request_id", eo_upload_record_get_request_id (copy));
      eo_json_writer_add_string (&writer, "state", eo_upload_state_to_string (eo_upload_record_get_state (copy)));
      eo_json_writer_add_string (&writer, "resent_from", eo_upload_record_get_local_id (record));
      eo_json_writer_end_object (&writer);
      printf ("%s\n", out->str);
    }
  else if (status == EO_CLI_EXIT_OK)
    {
      printf ("%s %s\n", _("Request ID:"), eo_upload_record_get_request_id (copy));
      printf ("%s %s\n", _("Local ID:"), eo_upload_record_get_local_id (copy));
    }
  return status;
}
