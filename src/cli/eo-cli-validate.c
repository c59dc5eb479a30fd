/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-validate"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-json-writer.h"
#include "eo-cli-diagnostics.h"
#include "eo-column-map.h"
#include "eo-device-list.h"
#include "eo-error.h"

/* “esim-onboard-cli validate FILE”: checks a device list and prints its
 * problems (lines or one JSON document); --output writes the clean rows. */

/* Output is collected here and written in large chunks, so that a list
 * with a million problems does not cost a million write() calls. */
#define OUT_CHUNK (64 * 1024)

typedef struct
{
  GString *buf;
  FILE    *stream;
  gboolean failed;
} EoOut;

static void
out_flush (EoOut *out)
{
  if (out->buf->len > 0)
    {
      if (fwrite (out->buf->str, 1, out->buf->len, out->stream) != out->buf->len)
        out->failed = TRUE;
      g_string_truncate (out->buf, 0);
    }
}

static inline void
out_maybe_flush (EoOut *out)
{
  if (out->buf->len >= OUT_CHUNK)
    out_flush (out);
}

static const char *
column_id (EoColumn column)
{
  switch (column)
    {
    case EO_COLUMN_EID:
      return "eid";
    case EO_COLUMN_NAME:
      return "name";
    case EO_COLUMN_ICCID:
      return "iccid";
    case EO_COLUMN_NONE:
    default:
      return "";
    }
}

static const char *
severity_id (EoSeverity severity)
{
  switch (severity)
    {
    case EO_SEVERITY_ERROR:
      return "error";
    case EO_SEVERITY_WARNING:
      return "warning";
    case EO_SEVERITY_OK:
    default:
      return "info";
    }
}

/* Stable machine codes of the file-level errors, for --json. */
static const char *
file_error_id (const GError *error)
{
  if (error->domain == EO_ERROR)
    {
      switch ((EoError) error->code)
        {
        case EO_ERROR_FILE_EMPTY:
          return "file-empty";
        case EO_ERROR_FILE_TOO_LARGE:
          return "file-too-large";
        case EO_ERROR_FILE_NOT_TEXT:
          return "file-not-text";
        case EO_ERROR_FILE_HEADER_ONLY:
          return "file-header-only";
        case EO_ERROR_FILE_MISSING_COLUMNS:
          return "file-missing-columns";
        case EO_ERROR_FILE_MALFORMED:
          return "file-malformed";
        case EO_ERROR_FILE_UNREADABLE:
        default:
          return "file-unreadable";
        }
    }

  return "file-unreadable";
}

static char *
format_summary (EoDeviceList *list)
{
  guint n_rows = eo_device_list_get_n_rows (list) + eo_device_list_get_n_omitted_rows (list);
  guint n_errors = eo_device_list_get_n_errors (list);
  guint n_warnings = eo_device_list_get_n_warnings (list);
  g_autofree char *devices = NULL;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  /* The ' flag groups thousands as the locale says ("1,204", "1 204"). */
  devices = g_strdup_printf (ngettext ("%'u device", "%'u devices", n_rows), n_rows);
  errors = g_strdup_printf (ngettext ("%'u error", "%'u errors", n_errors), n_errors);
  warnings = g_strdup_printf (ngettext ("%'u warning", "%'u warnings", n_warnings), n_warnings);

  /* Translators: summary of a checked device list: "1,204 devices · 3 errors · 2 warnings" */
  return g_strdup_printf (_("%s · %s · %s"), devices, errors, warnings);
}

static void
print_human (EoOut        *out,
             const char   *display_name,
             EoDeviceList *list)
{
  const char * const *notes = eo_device_list_get_notes (list);
  const char *note_label = eo_cli_severity_label (EO_SEVERITY_OK);
  g_autofree char *summary = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);

  if (!eo_cli_write_problems (out->stream, out->buf, display_name, list))
    out->failed = TRUE;

  eo_cli_append_printable (prefix, display_name);

  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    {
      g_string_append_len (out->buf, prefix->str, prefix->len);
      g_string_append (out->buf, ": ");
      g_string_append (out->buf, note_label);
      g_string_append (out->buf, ": ");
      eo_cli_append_printable (out->buf, notes[i]);
      g_string_append_c (out->buf, '\n');
    }

  summary = format_summary (list);
  g_string_append (out->buf, summary);
  g_string_append_c (out->buf, '\n');
}

/* One JSON document (pretty, as every command's --json), written in
 * pieces: the problems may be tens of thousands. */
static void
print_json (EoOut        *out,
            const char   *display_name,
            EoDeviceList *list)
{
  guint n_problems = eo_device_list_get_n_problems (list);
  g_autofree guint *order = eo_cli_sorted_problem_indices (list, n_problems);
  const char * const *unknown = eo_device_list_get_unknown_columns (list);
  const char * const *notes = eo_device_list_get_notes (list);
  guint n_errors = eo_device_list_get_n_errors (list);
  EoJsonWriter writer;

  eo_json_writer_init (&writer, out->buf, TRUE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_add_string (&writer, "file", display_name);
  eo_json_writer_add_int (&writer, "devices", eo_device_list_get_n_rows (list) + eo_device_list_get_n_omitted_rows (list));
  eo_json_writer_add_int (&writer, "valid", eo_device_list_get_n_valid (list));
  eo_json_writer_add_int (&writer, "errors", n_errors);
  eo_json_writer_add_int (&writer, "warnings", eo_device_list_get_n_warnings (list));
  eo_json_writer_add_boolean (&writer, "uploadable", n_errors == 0);

  eo_json_writer_begin_array (&writer, "unknown_columns");
  for (guint i = 0; unknown != NULL && unknown[i] != NULL; i++)
    eo_json_writer_add_string (&writer, NULL, unknown[i]);
  eo_json_writer_end_array (&writer);
  eo_json_writer_begin_array (&writer, "notes");
  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    eo_json_writer_add_string (&writer, NULL, notes[i]);
  eo_json_writer_end_array (&writer);

  eo_json_writer_begin_array (&writer, "problems");
  for (guint i = 0; i < n_problems; i++)
    {
      const EoProblem *problem = eo_device_list_get_problem (list, order[i]);
      g_autofree char *message = eo_problem_dup_message (problem);

      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_int (&writer, "line", problem->line);
      eo_json_writer_add_string (&writer, "column", column_id (problem->column));
      eo_json_writer_add_string (&writer, "code", eo_problem_code_to_string (problem->code));
      eo_json_writer_add_string (&writer, "severity", severity_id (problem->severity));
      eo_json_writer_add_string (&writer, "message", message != NULL ? message : "");
      eo_json_writer_end_object (&writer);
      out_maybe_flush (out);
    }
  eo_json_writer_end_array (&writer);

  eo_json_writer_begin_object (&writer, "more_problems");
  for (guint code = 0; code < EO_PROBLEM_N_CODES; code++)
    {
      guint n_more = eo_device_list_get_n_more_problems (list, code);

      if (n_more > 0)
        eo_json_writer_add_int (&writer, eo_problem_code_to_string (code), n_more);
    }
  eo_json_writer_end_object (&writer);
  eo_json_writer_begin_object (&writer, "spreadsheet_damaged");
  eo_json_writer_add_int (&writer, "eid", eo_device_list_get_n_spreadsheet_damaged (list, EO_COLUMN_EID));
  eo_json_writer_add_int (&writer, "iccid", eo_device_list_get_n_spreadsheet_damaged (list, EO_COLUMN_ICCID));
  eo_json_writer_end_object (&writer);
  eo_json_writer_add_int (&writer, "omitted_rows", eo_device_list_get_n_omitted_rows (list));
  eo_json_writer_end_object (&writer);
  g_string_append_c (out->buf, '\n');
}

static void
print_json_error (EoOut        *out,
                  const char   *display_name,
                  const GError *error)
{
  EoJsonWriter writer;

  eo_json_writer_init (&writer, out->buf, TRUE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_add_string (&writer, "file", display_name);
  eo_json_writer_begin_object (&writer, "error");
  eo_json_writer_add_string (&writer, "code", file_error_id (error));
  eo_json_writer_add_string (&writer, "message", error->message);
  eo_json_writer_end_object (&writer);
  eo_json_writer_end_object (&writer);
  g_string_append_c (out->buf, '\n');
}

static void
print_usage_error (const char *message)
{
  eo_cli_print_error ("validate", message);
  eo_cli_print_hint (_("Run “esim-onboard-cli validate --help” for usage."));
}

static int
finish_output (EoOut *out,
               int    status)
{
  out_flush (out);
  if (fflush (out->stream) != 0 || out->failed)
    {
      /* stdout closed or full: say so, the result would be lost silently otherwise. */
      eo_cli_print_error ("validate", _("Could not write the result."));
      status = EO_CLI_EXIT_UNREADABLE;
    }
  g_string_free (out->buf, TRUE);
  out->buf = NULL;
  return status;
}

/* --output: the devices without errors as a clean CSV; FALSE (and the
 * reason printed) when it cannot be written. */
static gboolean
write_clean_csv (EoOut        *out,
                 EoDeviceList *list,
                 const char   *output_path,
                 gboolean      json)
{
  g_autoptr(GBytes) csv = eo_device_list_to_normalized_csv (list);
  g_autofree char *output_display = g_filename_display_name (output_path);
  g_autoptr(GError) write_error = NULL;
  gsize csv_len = 0;
  const char *csv_data = g_bytes_get_data (csv, &csv_len);

  if (!g_file_set_contents (output_path, csv_data != NULL ? csv_data : "", csv_len, &write_error))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      out_flush (out);
      eo_cli_append_printable (text, write_error->message);
      g_string_append_c (text, '\n');
      fflush (out->stream);
      fputs (text->str, stderr);
      return FALSE;
    }
  if (!json)
    {
      guint n_valid = eo_device_list_get_n_valid (list);
      g_autofree char *line = NULL;

      line = g_strdup_printf (ngettext ("Wrote %'u device to “%s”.",
                                        "Wrote %'u devices to “%s”.", n_valid),
                              n_valid, output_display);
      eo_cli_append_printable (out->buf, line);
      g_string_append_c (out->buf, '\n');
    }
  return TRUE;
}

int
eo_cli_validate (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  g_autofree char *output_path = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) columns = NULL;
  g_autoptr(EoColumnMap) map = NULL;
  const GOptionEntry entries[] = {
    { "column", 0, 0, G_OPTION_ARG_STRING_ARRAY, &columns, eo_cli_column_help, eo_cli_column_arg },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the result as one JSON document"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Write the devices without errors to FILE as a clean CSV"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *description = NULL;
  EoOut out = { NULL, stdout, FALSE };
  int status;

  description = g_strdup_printf ("%s\n  %s\n  %s\n  %s\n  %s",
                                 _("Exit status:"),
                                 _("0  the file can be uploaded (it may have warnings)"),
                                 _("1  some rows have errors"),
                                 _("2  the file cannot be read (missing, not a CSV list, no EID or Name column, too large), or --output could not be written"),
                                 _("3  the command line is wrong"));
  /* --help shows "esim-onboard-cli validate [OPTION…] FILE": the usage
   * line ends with the FILE of the G_OPTION_REMAINING entry. */
  context = eo_cli_option_context_new ("validate", NULL,
                                       _("Check a device list (CSV with the columns EID, Name and optionally ICCID; "
                                         "“-” reads standard input) "
                                         "before it is uploaded. Every problem is printed as "
                                         "“FILE:LINE: COLUMN: SEVERITY: MESSAGE”, followed by a summary."),
                                       description, entries);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      print_usage_error (error->message);
      return EO_CLI_EXIT_USAGE;
    }

  if (!eo_cli_parse_columns (columns, &map, &error))
    {
      print_usage_error (error->message);
      return EO_CLI_EXIT_USAGE;
    }
  if (files == NULL || files[0] == NULL)
    {
      print_usage_error (_("No device list given."));
      return EO_CLI_EXIT_USAGE;
    }
  if (files[1] != NULL)
    {
      print_usage_error (_("Only one device list can be checked at a time."));
      return EO_CLI_EXIT_USAGE;
    }

  display_name = g_filename_display_name (files[0]);
  out.buf = g_string_sized_new (OUT_CHUNK + 4096);

  list = eo_cli_load_device_list (files[0], map, &error);
  if (list == NULL)
    {
      if (json)
        print_json_error (&out, display_name, error);
      eo_cli_print_file_error (display_name, error);

      return finish_output (&out, EO_CLI_EXIT_UNREADABLE);
    }

  if (json)
    print_json (&out, display_name, list);
  else
    print_human (&out, display_name, list);

  status = eo_device_list_get_n_errors (list) > 0 ? EO_CLI_EXIT_ROWS_FAILED : EO_CLI_EXIT_OK;

  if (output_path != NULL && !write_clean_csv (&out, list, output_path, json))
    status = EO_CLI_EXIT_UNREADABLE;

  return finish_output (&out, status);
}
