/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-history"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-history.h"
#include "eo-json-writer.h"
#include "eo-error.h"
#include "eo-export.h"
#include "eo-history.h"
#include "eo-qr-code.h"
#include "eo-report.h"
#include "eo-util.h"

/* The commands that read the history of this computer: “history” lists
 * the uploads, “export” writes the results of one, “qr” its activation
 * code. */

/* Helpers */

/* “PROGRAM: MESSAGE” and the way to --help. Unlike eo_cli_usage_error(),
 * the message is printed as GLib gives it and the hint is this file's own
 * message (translated as such): kept apart so that the output of these
 * commands stays as it is. */
void
eo_cli_history_usage_error (const char *message)
{
  fprintf (stderr, "%s: %s\n", g_get_prgname (), message);
  fprintf (stderr, _("Run “%s --help” for the options."), g_get_prgname ());
  fputc ('\n', stderr);
}

/* Control characters (which a record could hold) become visible escapes
 * instead of reaching the terminal. */
char *
eo_cli_printable (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          /* g_utf8_next_char would skip by the lead byte: step one byte. */
          if (p[1] == '\0')
            break;
          continue;
        }
      if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

void
eo_cli_history_print_error (GError *error)
{
  g_autofree char *text = eo_cli_printable (error->message);

  fprintf (stderr, "%s\n", text);
}

/* Loads the default history; reports skipped files on stderr. */
static EoHistory *
load_history (int *exit_status)
{
  g_autoptr(EoHistory) history = eo_history_new (NULL);
  g_autoptr(GError) error = NULL;
  guint n_skipped;

  if (!eo_history_load (history, NULL, &error))
    {
      eo_cli_history_print_error (error);
      *exit_status = EO_CLI_EXIT_UNREADABLE;
      return NULL;
    }

  n_skipped = eo_history_get_n_skipped (history);
  if (n_skipped > 0)
    {
      fprintf (stderr,
               g_dngettext (GETTEXT_PACKAGE,
                            "%u file of the history could not be read and was skipped.",
                            "%u files of the history could not be read and were skipped.",
                            n_skipped),
               n_skipped);
      fputc ('\n', stderr);
    }
  return g_steal_pointer (&history);
}

/* Loads the default history into *@history and finds the upload that @id
 * names in it; NULL with *@exit_status set when either fails. */
EoUploadRecord *
eo_cli_history_load_record (const char  *id,
                            EoHistory  **history,
                            int         *exit_status)
{
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record;

  *history = load_history (exit_status);
  if (*history == NULL)
    return NULL;

  record = eo_history_find (*history, id, &error);
  if (record == NULL)
    {
      eo_cli_history_print_error (error);
      *exit_status = EO_CLI_EXIT_USAGE;
    }
  return record;
}

char *
eo_cli_format_local_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static int
print_history_json (EoHistory *history)
{
  g_autoptr(GString) out = g_string_new (NULL);
  EoJsonWriter writer;
  GListModel *records = eo_history_get_records (history);
  const char * const *skipped = eo_history_get_skipped_files (history);
  guint n = g_list_model_get_n_items (records);

  eo_json_writer_init (&writer, out, TRUE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_begin_array (&writer, "uploads");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (records, i);
      g_autofree char *created = eo_upload_record_format_time (eo_upload_record_get_created (record));
      g_autofree char *updated = eo_upload_record_format_time (eo_upload_record_get_updated (record));
      guint n_ok, n_failed, n_pending;

      eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_string (&writer, "local_id", eo_upload_record_get_local_id (record));
      eo_json_writer_add_string (&writer, "request_id", eo_upload_record_get_request_id (record));
      eo_json_writer_add_string (&writer, "created", created);
      eo_json_writer_add_string (&writer, "updated", updated);
      eo_json_writer_add_string (&writer, "server", eo_upload_record_get_server (record));
      eo_json_writer_add_string (&writer, "customer_id", eo_upload_record_get_customer_id (record));
      eo_json_writer_add_string (&writer, "source_name", eo_upload_record_get_source_name (record));
      eo_json_writer_add_string (&writer, "state", eo_upload_state_to_string (eo_upload_record_get_state (record)));
      eo_json_writer_add_string (&writer, "server_url", eo_upload_record_get_server_url (record));
      eo_json_writer_add_string (&writer, "error", eo_upload_record_get_error_message (record));
      /* The same in every language, for scripts (docs/messages.md). */
      eo_json_writer_add_string (&writer, "error_code",
                                 eo_upload_record_get_message (record) != NULL
                                 ? eo_message_get_code (eo_upload_record_get_message (record)) : NULL);
      eo_json_writer_add_int (&writer, "devices", eo_upload_record_get_n_devices (record));
      eo_json_writer_add_int (&writer, "succeeded", n_ok);
      eo_json_writer_add_int (&writer, "failed", n_failed);
      eo_json_writer_add_int (&writer, "pending", n_pending);
      eo_cli_recover_add_json (&writer, history, record);
      eo_json_writer_end_object (&writer);
    }
  eo_json_writer_end_array (&writer);
  eo_json_writer_begin_array (&writer, "skipped");
  for (guint i = 0; skipped[i] != NULL; i++)
    eo_json_writer_add_string (&writer, NULL, skipped[i]);
  eo_json_writer_end_array (&writer);
  eo_json_writer_end_object (&writer);

  if (printf ("%s\n", out->str) < 0 || fflush (stdout) != 0)
    return EO_CLI_EXIT_UNREADABLE;
  return EO_CLI_EXIT_OK;
}

static int
print_history_text (EoHistory *history)
{
  GListModel *records = eo_history_get_records (history);
  guint n = g_list_model_get_n_items (records);
  g_autoptr(GString) out = g_string_new (NULL);

  if (n == 0)
    {
      printf ("%s\n", _("No uploads in the history yet."));
      return EO_CLI_EXIT_OK;
    }

  /* One block per upload: tables with 36-character ids do not fit a
   * terminal, and translated labels have any width. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (records, i);
      g_autofree char *created = eo_cli_format_local_time (eo_upload_record_get_created (record));
      g_autofree char *customer = eo_cli_printable (eo_upload_record_get_customer_id (record));
      g_autofree char *source = eo_cli_printable (eo_upload_record_get_source_name (record));
      g_autofree char *message = eo_cli_printable (eo_upload_record_get_error_message (record));
      g_autofree char *follow = eo_cli_recover_dup_follow_label (history, record);
      const char *request_id = eo_upload_record_get_request_id (record);
      guint n_ok, n_failed, n_pending;

      eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append_printf (out, "%s  %s  %s\n", created,
                              follow != NULL ? follow : eo_upload_state_to_label (eo_upload_record_get_state (record)),
                              *source ? source : "-");
      g_string_append_printf (out, "  %s %s\n", _("Customer:"), *customer ? customer : "-");
      g_string_append_printf (out, "  %s ", _("Devices:"));
      g_string_append_printf (out,
                              /* Translators: devices of an upload: total, succeeded, failed, pending */
                              _("%u (%u succeeded, %u failed, %u pending)"),
                              eo_upload_record_get_n_devices (record), n_ok, n_failed, n_pending);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, "  %s %s\n", _("Request ID:"), request_id ? request_id : "-");
      g_string_append_printf (out, "  %s %s\n", _("Local ID:"), eo_upload_record_get_local_id (record));
      if (*message)
        g_string_append_printf (out, "  %s %s\n", _("Message:"), message);
      eo_cli_recover_append_text (out, record);
    }

  if (fputs (out->str, stdout) < 0 || fflush (stdout) != 0)
    return EO_CLI_EXIT_UNREADABLE;
  return EO_CLI_EXIT_OK;
}

/* history --find: the devices of every upload that match. */
static int
print_matches (EoHistory  *history,
               const char *text,
               gboolean    json)
{
  g_autoptr(GPtrArray) matches = eo_history_find_devices (history, text);
  g_autoptr(GString) out = g_string_new (NULL);
  EoJsonWriter writer;

  if (json)
    {
      eo_json_writer_init (&writer, out, TRUE);
      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_begin_array (&writer, "matches");
    }
  else if (matches->len == 0)
    {
      g_autofree char *shown = eo_cli_printable (text);

      printf (_("No device of the history matches “%s”."), shown);
      putchar ('\n');
      return EO_CLI_EXIT_OK;
    }

  for (guint i = 0; i < matches->len; i++)
    {
      EoHistoryMatch *match = g_ptr_array_index (matches, i);
      EoUploadRecord *record = match->record;
      EoDevice *device = match->device;
      const char *status = eo_upload_device_status_to_string (eo_device_get_status (device));

      if (json)
        {
          eo_json_writer_begin_object (&writer, NULL);
          eo_json_writer_add_string (&writer, "eid", eo_device_get_eid (device));
          eo_json_writer_add_string (&writer, "name", eo_device_get_name (device));
          eo_json_writer_add_string (&writer, "iccid", eo_device_get_effective_iccid (device));
          eo_json_writer_add_string (&writer, "status", status);
          eo_json_writer_add_time (&writer, "since", match->since_us);
          eo_json_writer_add_string (&writer, "local_id", eo_upload_record_get_local_id (record));
          eo_json_writer_add_string (&writer, "request_id", eo_upload_record_get_request_id (record));
          eo_json_writer_add_string (&writer, "state", eo_upload_state_to_string (eo_upload_record_get_state (record)));
          eo_json_writer_add_string (&writer, "source_name", eo_upload_record_get_source_name (record));
          eo_json_writer_end_object (&writer);
        }
      else
        {
          g_autofree char *since = eo_cli_format_local_time (match->since_us);
          g_autofree char *name = eo_cli_printable (eo_device_get_name (device));
          g_autofree char *source = eo_cli_printable (eo_upload_record_get_source_name (record));
          const char *iccid = eo_device_get_effective_iccid (device);

          g_string_append_printf (out, "%s  %s  %s  %s\n", eo_device_get_eid (device), *name ? name : "-",
                                  status, iccid != NULL ? iccid : "-");
          g_string_append_printf (out, "  %s %s  %s  %s\n", _("Upload:"), since,
                                  eo_upload_state_to_label (eo_upload_record_get_state (record)),
                                  *source ? source : "-");
          g_string_append_printf (out, "  %s %s\n", _("Local ID:"), eo_upload_record_get_local_id (record));
        }
    }
  if (json)
    {
      eo_json_writer_end_array (&writer);
      eo_json_writer_end_object (&writer);
      g_string_append_c (out, '\n');
    }

  if (fputs (out->str, stdout) < 0 || fflush (stdout) != 0)
    return EO_CLI_EXIT_UNREADABLE;
  return EO_CLI_EXIT_OK;
}

/* Public API */

int
eo_cli_history (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  g_autofree char *find = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the history as one JSON document"), NULL },
    { "find", 'f', 0, G_OPTION_ARG_STRING, &find,
      N_("List the devices of every upload whose EID, ICCID or name contains TEXT"), N_("TEXT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autofree char *description = NULL;
  int status = EO_CLI_EXIT_OK;

  description = g_strdup_printf ("%s\n  %s\n  %s\n  %s",
                                 _("Exit status:"),
                                 _("0  the history was listed (files that cannot be read are skipped with a warning)"),
                                 _("2  the history folder cannot be read"),
                                 _("3  the command line is wrong"));
  context = eo_cli_option_context_new ("history", NULL,
                                     _("List the uploads made from this computer, newest first: time, customer, "
                                       "devices (succeeded, failed, pending), state, request ID and local ID."),
                                     description, entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      eo_cli_history_usage_error (error->message);
      return EO_CLI_EXIT_USAGE;
    }
  if (rest != NULL && rest[0] != NULL)
    {
      eo_cli_history_usage_error (_("“history” takes no arguments."));
      return EO_CLI_EXIT_USAGE;
    }

  history = load_history (&status);
  if (history == NULL)
    return status;

  if (find != NULL)
    return print_matches (history, find, json);
  return json ? print_history_json (history) : print_history_text (history);
}

/* Parses the command line of a command that takes one upload ID (left in
 * *@rest); prints why not and returns FALSE when it is wrong. */
gboolean
eo_cli_history_parse_one_id (GOptionContext   *context,
                             int              *argc,
                             char           ***argv,
                             char           ***rest)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      eo_cli_history_usage_error (error->message);
      return FALSE;
    }
  if (*rest == NULL || (*rest)[0] == NULL || (*rest)[1] != NULL)
    {
      eo_cli_history_usage_error (_("Give exactly one request ID or local ID."));
      return FALSE;
    }
  return TRUE;
}

/* Standard output takes @length bytes of @data (an --output of “-”). */
static int
write_stdout (const char *data,
              gsize       length)
{
  if (fwrite (data, 1, length, stdout) != length || fflush (stdout) != 0)
    return EO_CLI_EXIT_UNREADABLE;
  return EO_CLI_EXIT_OK;
}

/* Says that @output was written (export and report). */
static int
report_written (const char *output)
{
  g_autofree char *display = g_filename_display_name (output);

  printf (_("Wrote %s."), display);
  putchar ('\n');
  return EO_CLI_EXIT_OK;
}

/* “export --output -”: the document on standard output. */
static int
export_to_stdout (EoUploadRecord *record,
                  EoExportFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = eo_export_to_bytes (record, format, &error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    {
      eo_cli_history_print_error (error);
      return EO_CLI_EXIT_UNREADABLE;
    }
  data = g_bytes_get_data (bytes, &length);
  return write_stdout (data, length);
}

int
eo_cli_export (int    argc,
               char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *format_str = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (“-” for the standard output)"), N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str,
      N_("csv (results), json (results) or retry-csv (upload file of the failed devices); "
         "default: json if FILE ends in .json, else csv"), N_("FORMAT") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autofree char *description = NULL;
  EoUploadRecord *record;
  EoExportFormat format = EO_EXPORT_FORMAT_CSV;
  int status = EO_CLI_EXIT_OK;

  description = g_strdup_printf ("%s\n  %s\n  %s\n  %s",
                                 _("Exit status:"),
                                 _("0  the file was written (for retry-csv: or no device failed)"),
                                 _("2  the history or FILE cannot be read or written"),
                                 _("3  the command line is wrong, or no upload has this ID"));
  context = eo_cli_option_context_new ("export", _("REQUEST_ID|LOCAL_ID"),
                                     _("Write the results of an upload from the history. The CSV has the columns "
                                       "EID, Name, ICCID, Status, Reason, SM-DP URL and Request ID; cells that a "
                                       "spreadsheet would take for a formula start with an apostrophe. "
                                       "An ID may be shortened to a unique prefix."),
                                     description, entries);
  if (!eo_cli_history_parse_one_id (context, &argc, &argv, &rest))
    return EO_CLI_EXIT_USAGE;
  if (output == NULL || *output == '\0')
    {
      eo_cli_history_usage_error (_("--output FILE is required."));
      return EO_CLI_EXIT_USAGE;
    }
  if (format_str != NULL)
    {
      if (!eo_export_format_from_string (format_str, &format))
        {
          eo_cli_history_usage_error (_("--format must be csv, json or retry-csv."));
          return EO_CLI_EXIT_USAGE;
        }
    }
  else if (g_str_has_suffix (output, ".json") || g_str_has_suffix (output, ".JSON"))
    {
      format = EO_EXPORT_FORMAT_JSON;
    }

  record = eo_cli_history_load_record (rest[0], &history, &status);
  if (record == NULL)
    return status;

  if (format == EO_EXPORT_FORMAT_RETRY_CSV)
    {
      guint n_failed = 0;

      eo_upload_record_get_counts (record, NULL, &n_failed, NULL);
      if (n_failed == 0)
        {
          fprintf (stderr, "%s\n", _("No device of this upload failed: nothing was written."));
          return EO_CLI_EXIT_OK;
        }
    }

  if (g_str_equal (output, "-"))
    return export_to_stdout (record, format);

  if (!eo_export_write_file (record, format, output, &error))
    {
      eo_cli_history_print_error (error);
      return EO_CLI_EXIT_UNREADABLE;
    }
  return report_written (output);
}

/* Writes the QR code image and the printable sheet of @record into
 * @output_dir (created if needed), and prints what was written. */
static int
write_qr_files (EoQrCode       *qr,
                EoUploadRecord *record,
                const char     *code,
                EoQrFormat      format,
                guint           scale,
                const char     *output_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *image_name = NULL;
  g_autofree char *image_path = NULL;
  g_autofree char *sheet_name = NULL;
  g_autofree char *sheet_path = NULL;
  g_autofree char *sheet = NULL;

  if (g_mkdir_with_parents (output_dir, 0755) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (output_dir);

      fprintf (stderr, _("Could not create the folder “%s”: %s"), display, g_strerror (saved_errno));
      fputc ('\n', stderr);
      return EO_CLI_EXIT_UNREADABLE;
    }

  base = g_strdup_printf ("esim-activation-%s",
                          eo_upload_record_get_request_id (record) ? eo_upload_record_get_request_id (record)
                                                                   : eo_upload_record_get_local_id (record));
  /* A request id comes from the server: keep only safe characters. */
  g_strcanon (base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", '_');
  image_name = g_strconcat (base, ".", eo_qr_format_to_string (format), NULL);
  image_path = g_build_filename (output_dir, image_name, NULL);
  sheet_name = g_strconcat (base, "-sheet.html", NULL);
  sheet_path = g_build_filename (output_dir, sheet_name, NULL);

  if (!eo_qr_code_write (qr, format, scale, image_path, &error))
    {
      eo_cli_history_print_error (error);
      return EO_CLI_EXIT_UNREADABLE;
    }
  sheet = eo_qr_code_sheet_html (qr, record);
  if (!g_file_set_contents_full (sheet_path, sheet, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      eo_cli_history_print_error (error);
      return EO_CLI_EXIT_UNREADABLE;
    }

  {
    g_autofree char *image_display = g_filename_display_name (image_path);
    g_autofree char *sheet_display = g_filename_display_name (sheet_path);

    printf ("%s %s\n", _("Activation code:"), code);
    printf ("%s %s\n", _("QR code:"), image_display);
    printf ("%s %s\n", _("Sheet:"), sheet_display);
  }
  return EO_CLI_EXIT_OK;
}

int
eo_cli_qr (int    argc,
           char **argv)
{
  g_autofree char *output_dir = NULL;
  g_autofree char *format_str = NULL;
  int scale = EO_QR_CODE_DEFAULT_SCALE;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "output-dir", 'd', 0, G_OPTION_ARG_FILENAME, &output_dir,
      N_("Write the files into DIR (created if needed)"), N_("DIR") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_str,
      N_("png (default) or svg"), N_("FORMAT") },
    { "scale", 's', 0, G_OPTION_ARG_INT, &scale,
      N_("Pixels per module of the PNG (1 to 64, default 8)"), N_("N") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(EoQrCode) qr = NULL;
  g_autofree char *description = NULL;
  g_autofree char *code = NULL;
  EoUploadRecord *record;
  EoQrFormat format = EO_QR_FORMAT_PNG;
  int status = EO_CLI_EXIT_OK;

  description = g_strdup_printf ("%s\n  %s\n  %s\n  %s\n  %s",
                                 _("Exit status:"),
                                 _("0  the files were written"),
                                 _("2  the history cannot be read, or DIR cannot be written"),
                                 _("3  the command line is wrong, or no upload has this ID"),
                                 _("5  the server gave no SM-DP+ address for this upload (refused or unknown outcome)"));
  context = eo_cli_option_context_new ("qr", _("REQUEST_ID|LOCAL_ID"),
                                     _("Write the eSIM activation code of an upload (LPA:1$SM-DP+ address$) as a QR "
                                       "code image, and a printable HTML sheet listing its devices. Devices whose "
                                       "MDM cannot push the SM-DP+ address can scan it."),
                                     description, entries);
  if (!eo_cli_history_parse_one_id (context, &argc, &argv, &rest))
    return EO_CLI_EXIT_USAGE;
  if (output_dir == NULL || *output_dir == '\0')
    {
      eo_cli_history_usage_error (_("--output-dir DIR is required."));
      return EO_CLI_EXIT_USAGE;
    }
  if (format_str != NULL && !eo_qr_format_from_string (format_str, &format))
    {
      eo_cli_history_usage_error (_("--format must be png or svg."));
      return EO_CLI_EXIT_USAGE;
    }
  if (scale < 1 || scale > EO_QR_CODE_MAX_SCALE)
    {
      eo_cli_history_usage_error (_("--scale must be between 1 and 64."));
      return EO_CLI_EXIT_USAGE;
    }

  record = eo_cli_history_load_record (rest[0], &history, &status);
  if (record == NULL)
    return status;

  if (eo_upload_record_get_server_url (record) == NULL)
    {
      fprintf (stderr, "%s\n", _("The server gave no SM-DP+ address for this upload, so there is no activation code."));
      return EO_CLI_EXIT_REMOTE;
    }
  code = eo_activation_code_for_server_url (eo_upload_record_get_server_url (record), &error);
  if (code == NULL)
    {
      eo_cli_history_print_error (error);
      return EO_CLI_EXIT_REMOTE;
    }
  qr = eo_qr_code_new (code, &error);
  if (qr == NULL)
    {
      eo_cli_history_print_error (error);
      return EO_CLI_EXIT_REMOTE;
    }

  return write_qr_files (qr, record, code, format, (guint) scale, output_dir);
}

int
eo_cli_report (int    argc,
               char **argv)
{
  g_autofree char *output = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE (“-” for the standard output)"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autofree char *description = NULL;
  g_autofree char *html = NULL;
  EoUploadRecord *record;
  int status = EO_CLI_EXIT_OK;

  description = g_strdup_printf ("%s\n  %s\n  %s\n  %s",
                                 _("Exit status:"),
                                 _("0  the report was written"),
                                 _("2  the history or FILE cannot be read or written"),
                                 _("3  the command line is wrong, or no upload has this ID"));
  context = eo_cli_option_context_new ("report", _("REQUEST_ID|LOCAL_ID"),
                                     _("Write a printable report of an upload from the history, one HTML page: "
                                       "server, customer, times, counts, the SM-DP+ address, the failed devices "
                                       "with the server's reasons, the pending and the assigned ones. "
                                       "An ID may be shortened to a unique prefix."),
                                     description, entries);
  if (!eo_cli_history_parse_one_id (context, &argc, &argv, &rest))
    return EO_CLI_EXIT_USAGE;
  if (output == NULL || *output == '\0')
    {
      eo_cli_history_usage_error (_("--output FILE is required."));
      return EO_CLI_EXIT_USAGE;
    }

  record = eo_cli_history_load_record (rest[0], &history, &status);
  if (record == NULL)
    return status;
  html = eo_report_html (record);

  if (g_str_equal (output, "-"))
    return write_stdout (html, strlen (html));
  if (!g_file_set_contents_full (output, html, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      eo_cli_history_print_error (error);
      return EO_CLI_EXIT_UNREADABLE;
    }
  return report_written (output);
}
