/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-diagnostics"

#include "config.h"

#include <unistd.h>
#include <glib/gi18n.h>

#include "eo-cli-common.h"
#include "eo-cli-diagnostics.h"
#include "eo-column-map.h"
#include "eo-error.h"

/* Problem lines are collected in the caller's buffer and written in large
 * chunks, so that a list with a million problems does not cost a million
 * write() calls. */
#define OUT_CHUNK (64 * 1024)

/* Appends @text for a terminal: control characters (which a device list
 * could smuggle in to move the cursor or change colours) become visible
 * escapes instead of being sent as is. @text is UTF-8; NULL is "". */
void
eo_cli_append_printable (GString    *buf,
                         const char *text)
{
  const char *run;
  const char *p;

  if (text == NULL)
    text = "";

  run = text;
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (G_LIKELY (c >= 0x20 && c != 0x7f && c != 0xc2))
        continue;
      if (c == 0xc2)
        {
          /* U+0080..U+009F, the C1 controls (CSI is U+009B). */
          guchar next = (guchar) p[1];

          if (next < 0x80 || next > 0x9f)
            continue;
          g_string_append_len (buf, run, p - run);
          g_string_append_printf (buf, "\\u%04x", next);
          p++;
          run = p + 1;
          continue;
        }
      g_string_append_len (buf, run, p - run);
      g_string_append_printf (buf, "\\x%02x", c);
      run = p + 1;
    }
  g_string_append_len (buf, run, p - run);
}

/* Header names as they appear in the CSV: not translated. */
const char *
eo_cli_column_label (EoColumn column)
{
  switch (column)
    {
    case EO_COLUMN_EID:
      return "EID";
    case EO_COLUMN_NAME:
      return "Name";
    case EO_COLUMN_ICCID:
      return "ICCID";
    case EO_COLUMN_NONE:
    default:
      return NULL;
    }
}

const char *
eo_cli_severity_label (EoSeverity severity)
{
  switch (severity)
    {
    case EO_SEVERITY_ERROR:
      /* Translators: severity of a problem in a device list, as in "devices.csv:12: EID: error: …" */
      return _("error");
    case EO_SEVERITY_WARNING:
      /* Translators: severity of a problem in a device list, as in "devices.csv:12: Name: warning: …" */
      return _("warning");
    case EO_SEVERITY_OK:
    default:
      /* Translators: severity of a problem in a device list */
      return _("note");
    }
}

/* Prints "FILE: MESSAGE" on stderr, for a device list that cannot be read. */
void
eo_cli_print_file_error (const char   *display_name,
                         const GError *error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  eo_cli_append_printable (text, display_name);
  g_string_append (text, ": ");
  eo_cli_append_printable (text, error->message);
  g_string_append_c (text, '\n');
  fputs (text->str, stderr);
  if (g_error_matches (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS))
    eo_cli_print_hint (_("Say which columns hold the EIDs and the names with --column eid=HEADER|N "
                         "and --column name=HEADER|N (a header's text or a column number from 1)."));
}

const char eo_cli_column_help[] =
  N_("Which column holds the EIDs, the names or the ICCIDs: eid=HEADER or eid=N (a header's text, "
     "or a column number from 1); name= and iccid= likewise. Repeat it for each");
const char eo_cli_column_arg[] = N_("ROLE=HEADER|N");

gboolean
eo_cli_parse_columns (char         **columns,
                      EoColumnMap  **map_out,
                      GError       **error)
{
  g_autoptr(EoColumnMap) map = NULL;

  *map_out = NULL;
  if (columns == NULL || columns[0] == NULL)
    return TRUE;
  map = eo_column_map_new ();
  for (guint i = 0; columns[i] != NULL; i++)
    if (!eo_column_map_parse_option (map, columns[i], error))
      return FALSE;
  *map_out = g_steal_pointer (&map);
  return TRUE;
}

EoDeviceList *
eo_cli_load_device_list (const char         *arg,
                         const EoColumnMap  *map,
                         GError            **error)
{
  g_autoptr(GFile) file = NULL;

  if (g_strcmp0 (arg, "-") == 0)
    return eo_device_list_load_fd_full (STDIN_FILENO, _("standard input"), map, NULL, error);

  file = g_file_new_for_commandline_arg (arg);
  return eo_device_list_load_full (file, map, NULL, error);
}

static int
compare_problem_index (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  EoDeviceList *list = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  const EoProblem *pa = eo_device_list_get_problem (list, ia);
  const EoProblem *pb = eo_device_list_get_problem (list, ib);

  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  /* Keep the reader's order on one line. */
  return ia < ib ? -1 : (ia > ib ? 1 : 0);
}

/* Problem indices ordered by line. The reader normally hands them over
 * sorted already; only sort when it did not. */
guint *
eo_cli_sorted_problem_indices (EoDeviceList *list,
                               guint         n_problems)
{
  g_autofree guint *order = g_new (guint, MAX (n_problems, 1));
  gboolean sorted = TRUE;
  guint last_line = 0;

  for (guint i = 0; i < n_problems; i++)
    {
      const EoProblem *problem = eo_device_list_get_problem (list, i);

      order[i] = i;
      if (problem->line < last_line)
        sorted = FALSE;
      last_line = problem->line;
    }

  if (!sorted)
    g_qsort_with_data (order, (gint) n_problems, sizeof (guint), compare_problem_index, list);

  return g_steal_pointer (&order);
}

/* Appends one "FILE:LINE: COLUMN: SEVERITY: MESSAGE" line per problem of
 * @list to @buf, ordered by line, and writes @buf to @stream whenever it
 * grows past a chunk. What is left in @buf is the caller's to write.
 * Returns FALSE if a write failed. */
gboolean
eo_cli_write_problems (FILE         *stream,
                       GString      *buf,
                       const char   *display_name,
                       EoDeviceList *list)
{
  guint n_problems = eo_device_list_get_n_problems (list);
  g_autofree guint *order = eo_cli_sorted_problem_indices (list, n_problems);
  g_autoptr(GString) prefix = g_string_new (NULL);
  gboolean ok = TRUE;
  /* Looked up once: gettext per line is measurable on a million lines. */
  const char *labels[] = {
    [EO_SEVERITY_OK] = eo_cli_severity_label (EO_SEVERITY_OK),
    [EO_SEVERITY_WARNING] = eo_cli_severity_label (EO_SEVERITY_WARNING),
    [EO_SEVERITY_ERROR] = eo_cli_severity_label (EO_SEVERITY_ERROR),
  };

  eo_cli_append_printable (prefix, display_name);

  for (guint i = 0; i < n_problems; i++)
    {
      const EoProblem *problem = eo_device_list_get_problem (list, order[i]);
      const char *label = eo_cli_column_label (problem->column);
      g_autofree char *message = eo_problem_dup_message (problem);

      g_string_append_len (buf, prefix->str, prefix->len);
      if (problem->line > 0)
        g_string_append_printf (buf, ":%u", problem->line);
      g_string_append (buf, ": ");
      if (label != NULL)
        {
          g_string_append (buf, label);
          g_string_append (buf, ": ");
        }
      g_string_append (buf, problem->severity <= EO_SEVERITY_ERROR ? labels[problem->severity]
                                                                   : labels[EO_SEVERITY_OK]);
      g_string_append (buf, ": ");
      eo_cli_append_printable (buf, message);
      g_string_append_c (buf, '\n');
      if (buf->len >= OUT_CHUNK)
        {
          if (fwrite (buf->str, 1, buf->len, stream) != buf->len)
            ok = FALSE;
          g_string_truncate (buf, 0);
        }
    }

  return ok;
}
