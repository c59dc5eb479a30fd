/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-follow"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-devices.h"
#include "eo-cli-diagnostics.h"
#include "eo-cli-follow.h"
#include "eo-cli-remote.h"

/* Waiting for the devices of an upload (“submit --wait”, “status --wait”):
 * the options both commands share, a progress line on stderr, Ctrl+C, and
 * the result once every device is done. */

/* Without a terminal, a progress line at most this often (µs). */
#define EO_CLI_PROGRESS_EVERY_US (10 * G_USEC_PER_SEC)

/* State while waiting for the devices of an upload. */
typedef struct
{
  GMainLoop   *loop;
  EoPoller    *poller;
  EoUploadJob *job;         /* when the upload is in the history */
  GError      *error;
  gboolean     interrupted;
  gboolean     timed_out;
  gboolean     finished;
  gint64       started_us;
  guint        timeout_id;
  gboolean     tty;
  gboolean     line_open;   /* a progress line is on screen without '\n' */
  gint64       last_print_us;
  guint        last_done;
  guint        sigint_id;
  guint        sigterm_id;
} Waiting;

/* ------------------------------------------------------------------ */
/* Options                                                            */

void
eo_cli_follow_options_clear (EoCliFollowOptions *options)
{
  g_clear_pointer (&options->server, g_free);
  g_clear_pointer (&options->customer, g_free);
  g_clear_pointer (&options->key_file, g_free);
  g_clear_pointer (&options->args, g_strfreev);
  g_clear_pointer (&options->columns, g_strfreev);
}

/* Parses --wait, --json, --server, --customer, --api-key-file and
 * --poll-interval (in this order in --help) into @options, and the
 * remaining arguments as @help->args_kind. EO_CLI_EXIT_OK, or the usage
 * error printed. */
int
eo_cli_follow_options_parse (EoCliFollowOptions    *options,
                             const EoCliFollowHelp *help,
                             int                    argc,
                             char                 **argv)
{
  const GOptionEntry entries[] = {
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &options->wait, help->wait_help, NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print the result as one JSON document"), NULL },
    { "server", 's', 0, G_OPTION_ARG_STRING, &options->server,
      N_("CSO server (default: the app's setting, else https://cso.celona.io)"), N_("URL") },
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &options->customer, help->customer_help, N_("ID") },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &options->key_file,
      N_("Read the API key from the first line of FILE"), N_("FILE") },
    { "poll-interval", 0, 0, G_OPTION_ARG_INT, &options->interval_ms,
      N_("With --wait, first delay between status reads (default 2000; it grows up to 30000)"), N_("MS") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout_s,
      N_("With --wait, stop waiting after SECONDS (default: until every device is done)"), N_("SECONDS") },
    { G_OPTION_REMAINING, 0, 0, help->args_kind, &options->args, NULL, NULL },
    { NULL }
  };
  /* The command's own options in front of the shared ones. */
  GOptionEntry all[G_N_ELEMENTS (entries) + 2];
  const GOptionEntry include_assigned = {
    "include-assigned", 0, 0, G_OPTION_ARG_NONE, &options->include_assigned, help->include_assigned_help, NULL
  };
  const GOptionEntry columns = {
    "column", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->columns, eo_cli_column_help, eo_cli_column_arg
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (help->include_assigned_help != NULL)
    all[n++] = include_assigned;
  if (help->columns)
    all[n++] = columns;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    all[n++] = entries[i];

  context = eo_cli_remote_context_new (help->command, _(help->parameter), _(help->summary),
                                       _(help->exit_codes), all);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return eo_cli_usage_error (help->command, error->message);
  return EO_CLI_EXIT_OK;
}

/* The check of the parsed options that both commands make last, after
 * their own of the arguments. */
int
eo_cli_follow_options_check (EoCliFollowOptions *options,
                             const char         *command)
{
  if (options->interval_ms < 0)
    return eo_cli_usage_error (command, _("--poll-interval must be a positive number of milliseconds."));
  if (options->timeout_s < 0)
    return eo_cli_usage_error (command, _("--timeout must be a positive number of seconds."));
  return EO_CLI_EXIT_OK;
}

/* Interval option shared by submit and status. */
void
eo_cli_poller_apply_interval (EoPoller *poller,
                              int       interval_ms)
{
  if (interval_ms > 0)
    eo_poller_set_intervals (poller, (guint) interval_ms, MAX ((guint) interval_ms, EO_POLLER_DEFAULT_MAX_MS));
}

void
eo_cli_job_apply_interval (EoUploadJob *job,
                           int          interval_ms)
{
  if (interval_ms > 0)
    eo_upload_job_set_intervals (job, (guint) interval_ms, MAX ((guint) interval_ms, EO_POLLER_DEFAULT_MAX_MS));
}

/* ------------------------------------------------------------------ */
/* Progress                                                           */

static void
progress_print (Waiting  *waiting,
                gboolean  force)
{
  guint total = eo_poller_get_n_total (waiting->poller);
  guint n_success = eo_poller_get_n_success (waiting->poller);
  guint n_failed = eo_poller_get_n_failed (waiting->poller);
  guint n_pending = eo_poller_get_n_pending (waiting->poller);
  guint done = n_success + n_failed;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *line = NULL;

  if (waiting->tty)
    {
      line = g_strdup_printf (_("Waiting for the server: %u of %u done (%u succeeded, %u failed, %u pending)…"),
                              done, total, n_success, n_failed, n_pending);
      fprintf (stderr, "\r\033[K%s", line);
      fflush (stderr);
      waiting->line_open = TRUE;
      return;
    }

  if (!force && (done == waiting->last_done || now - waiting->last_print_us < EO_CLI_PROGRESS_EVERY_US))
    return;

  waiting->last_done = done;
  waiting->last_print_us = now;
  line = g_strdup_printf (_("%u of %u done (%u succeeded, %u failed, %u pending)"),
                          done, total, n_success, n_failed, n_pending);
  fprintf (stderr, "%s\n", line);
}

static void
progress_end (Waiting *waiting)
{
  if (waiting->line_open)
    {
      fputc ('\n', stderr);
      waiting->line_open = FALSE;
    }
}

/* The same handlers serve an EoPoller and an EoUploadJob: both have
 * “updated”, “finished” and “failed (GError)”. */
static void
on_updated_cb (GObject *source,
               Waiting *waiting)
{
  progress_print (waiting, FALSE);
}

static void
on_finished_cb (GObject *source,
                Waiting *waiting)
{
  waiting->finished = TRUE;
  g_main_loop_quit (waiting->loop);
}

static void
on_failed_cb (GObject      *source,
              const GError *error,
              Waiting      *waiting)
{
  g_clear_error (&waiting->error);
  waiting->error = g_error_copy (error);
  g_main_loop_quit (waiting->loop);
}

static gboolean
on_interrupt_cb (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->interrupted = TRUE;
  /* Stopped once: the second signal finds the loop gone. */
  if (waiting->timeout_id != 0)
    g_clear_handle_id (&waiting->timeout_id, g_source_remove);
  /* The job saves the record (still ACCEPTED: resumable). */
  if (waiting->job != NULL)
    eo_upload_job_cancel (waiting->job);
  else
    eo_poller_cancel (waiting->poller);
  g_main_loop_quit (waiting->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->timeout_id = 0;
  waiting->timed_out = TRUE;
  on_interrupt_cb (waiting);
  return G_SOURCE_REMOVE;
}

/* "2 min 5 s", "40 s": how long the command waited. */
static char *
format_waited (gint64 us)
{
  guint64 seconds = (guint64) MAX (us, 0) / G_USEC_PER_SEC;

  if (seconds < 60)
    return g_strdup_printf (_("%u s"), (guint) seconds);
  if (seconds < 3600)
    return g_strdup_printf (_("%u min %u s"), (guint) (seconds / 60), (guint) (seconds % 60));
  return g_strdup_printf (_("%u h %u min"), (guint) (seconds / 3600), (guint) (seconds / 60 % 60));
}

/* ------------------------------------------------------------------ */
/* Waiting                                                            */

/* Connects to the job (which resumes if it is not polling yet) or starts
 * the poller; returns the request ID followed. */
static const char *
waiting_start (Waiting     *waiting,
               EoPoller    *poller,
               EoUploadJob *job)
{
  GObject *source = job != NULL ? G_OBJECT (job) : G_OBJECT (poller);
  const char *request_id;

  g_signal_connect (source, "updated", G_CALLBACK (on_updated_cb), waiting);
  g_signal_connect (source, "finished", G_CALLBACK (on_finished_cb), waiting);
  g_signal_connect (source, "failed", G_CALLBACK (on_failed_cb), waiting);
  if (job != NULL)
    {
      /* A submitted job polls already; a recorded one resumes. */
      if (!eo_upload_job_get_running (job))
        eo_upload_job_resume (job);
      poller = eo_upload_job_get_poller (job);
      request_id = eo_upload_record_get_request_id (eo_upload_job_get_record (job));
    }
  else
    {
      eo_poller_start (poller);
      request_id = eo_poller_get_request_id (poller);
    }
  waiting->poller = poller;
  waiting->sigint_id = g_unix_signal_add (SIGINT, on_interrupt_cb, waiting);
  waiting->sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt_cb, waiting);

  return request_id;
}

static gboolean
waiting_running (Waiting *waiting)
{
  if (waiting->job != NULL)
    return eo_upload_job_get_running (waiting->job);
  return eo_poller_get_running (waiting->poller);
}

/* Runs until every device is final, the user interrupts, or a read fails
 * for good; then disconnects and ends the progress line. */
static void
waiting_run (Waiting *waiting)
{
  GObject *source = waiting->job != NULL ? G_OBJECT (waiting->job) : G_OBJECT (waiting->poller);

  if (waiting->poller != NULL)
    progress_print (waiting, TRUE);
  if (waiting_running (waiting) && waiting->error == NULL)
    g_main_loop_run (waiting->loop);

  g_source_remove (waiting->sigint_id);
  g_source_remove (waiting->sigterm_id);
  g_clear_handle_id (&waiting->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (source, waiting);
  if (!waiting->interrupted && !waiting->finished && waiting->error == NULL)
    waiting->finished = !waiting_running (waiting);
  progress_end (waiting);
}

/* Polls until every device is final, the user interrupts, or a read
 * fails for good. Prints the result. With @job (an upload of the history,
 * accepted or resumed), the job polls and records every change; else
 * @poller polls alone. */
int
eo_cli_follow (const char  *command,
               EoCliRemote *remote,
               EoPoller    *poller,
               EoUploadJob *job,
               const char  *smdp_url,
               gboolean     json,
               guint        timeout_s,
               int          status_if_done)
{
  Waiting waiting = { NULL };
  const char *request_id;
  GListModel *devices;
  int status;

  g_return_val_if_fail ((poller == NULL) != (job == NULL), EO_CLI_EXIT_REMOTE);

  waiting.loop = g_main_loop_new (NULL, FALSE);
  waiting.job = job;
  waiting.tty = isatty (fileno (stderr));
  waiting.last_print_us = g_get_monotonic_time ();
  waiting.started_us = waiting.last_print_us;
  if (timeout_s > 0)
    waiting.timeout_id = g_timeout_add_seconds (timeout_s, on_timeout_cb, &waiting);

  request_id = waiting_start (&waiting, poller, job);
  waiting_run (&waiting);

  if (job != NULL)
    devices = eo_upload_record_get_devices (eo_upload_job_get_record (job));
  else
    devices = eo_poller_get_devices (poller);

  if (waiting.error != NULL || waiting.interrupted)
    {
      g_autofree char *quoted_id = g_shell_quote (request_id);
      g_autofree char *quoted_server = g_shell_quote (remote->server);
      g_autofree char *resume = g_strdup_printf (_("The upload continues on the server. To follow it: "
                                                   "esim-onboard-cli status %s --wait --server %s"),
                                                 quoted_id, quoted_server);

      if (waiting.error != NULL)
        status = eo_cli_remote_report_error (remote, command, waiting.error);
      else
        {
          g_autofree char *waited = format_waited (g_get_monotonic_time () - waiting.started_us);
          g_autofree char *message = g_strdup_printf (waiting.timed_out
                                                        ? _("Stopped waiting after %s (--timeout): devices are still pending.")
                                                        : _("Stopped waiting after %s."),
                                                      waited);

          eo_cli_print_error (command, message);
          status = EO_CLI_EXIT_PENDING;
        }
      eo_cli_print_hint (resume);
      if (json)
        eo_cli_print_devices_json (request_id, smdp_url, devices);
      g_clear_error (&waiting.error);
      g_main_loop_unref (waiting.loop);
      return status;
    }

  if (json)
    eo_cli_print_devices_json (request_id, smdp_url, devices);
  else
    eo_cli_print_devices_table (devices);

  g_main_loop_unref (waiting.loop);

  status = eo_cli_exit_for_devices (devices);
  if (status == EO_CLI_EXIT_OK)
    status = status_if_done;
  return status;
}
