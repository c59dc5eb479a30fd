/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-devices"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-json-writer.h"
#include "eo-cli-devices.h"
#include "eo-cli-diagnostics.h"
#include "eo-device.h"
#include "eo-util.h"

/* Devices of an upload on standard output (“submit --wait” and “status”):
 * the per-status counts, the aligned table, the JSON document, and the
 * exit code that follows from them. */

void
eo_cli_print_devices_json (const char *request_id,
                           const char *smdp_url,
                           GListModel *devices)
{
  g_autoptr(GString) out = g_string_new (NULL);
  EoJsonWriter writer;
  guint n = g_list_model_get_n_items (devices);
  guint n_success, n_failed, n_pending;
  EoStatusCounts counts;

  eo_status_counts_from_model (&counts, devices);
  n_success = counts.n_success;
  n_failed = counts.n_failed;
  n_pending = counts.n_pending;

  /* Text from the server or the file may be invalid UTF-8: the writer
   * repairs it. */
  eo_json_writer_init (&writer, out, TRUE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_add_string (&writer, "request_id", request_id);
  eo_json_writer_add_string (&writer, "server_url", smdp_url);
  eo_json_writer_begin_array (&writer, "devices");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_string (&writer, "eid", eo_device_get_eid (device));
      eo_json_writer_add_string (&writer, "name", eo_device_get_name (device));
      eo_json_writer_add_string (&writer, "iccid", eo_device_get_effective_iccid (device));
      eo_json_writer_add_string (&writer, "status", eo_device_get_status_word (device));
      eo_json_writer_add_string (&writer, "reason", eo_device_get_reason (device));
      eo_json_writer_end_object (&writer);
    }
  eo_json_writer_end_array (&writer);
  eo_json_writer_add_int (&writer, "succeeded", n_success);
  eo_json_writer_add_int (&writer, "failed", n_failed);
  eo_json_writer_add_int (&writer, "pending", n_pending);
  eo_json_writer_end_object (&writer);

  g_string_append_c (out, '\n');
  fputs (out->str, stdout);
}

/* The five cells of @device's table row, in the order of the headers. */
static void
device_cells (EoDevice    *device,
              const char **cells)
{
  cells[0] = eo_device_get_eid (device);
  cells[1] = eo_device_get_name (device);
  cells[2] = eo_device_get_effective_iccid (device);
  cells[3] = eo_device_get_status_word (device);
  cells[4] = eo_device_get_reason (device);
}

static void
append_cell (GString    *line,
             const char *text,
             guint       width,
             gboolean    last)
{
  g_autoptr(GString) cell = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  glong len;

  eo_cli_append_printable (cell, valid);
  g_string_append (line, cell->str);
  if (last)
    return;
  len = g_utf8_strlen (cell->str, -1);
  for (glong i = len; i < (glong) width + 2; i++)
    g_string_append_c (line, ' ');
}

static guint
cell_width (const char *text)
{
  g_autoptr(GString) cell = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  eo_cli_append_printable (cell, valid);
  return (guint) g_utf8_strlen (cell->str, -1);
}

void
eo_cli_print_devices_table (GListModel *devices)
{
  /* Translators: column headers of the device table printed by submit --wait and status */
  const char *headers[5] = { _("EID"), _("Name"), _("ICCID"), _("Status"), _("Reason") };
  guint widths[5];
  guint n = g_list_model_get_n_items (devices);
  guint n_success, n_failed, n_pending;
  EoStatusCounts counts;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *summary = NULL;

  for (guint c = 0; c < 5; c++)
    widths[c] = cell_width (headers[c]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *cells[5];

      device_cells (device, cells);

      for (guint c = 0; c < 5; c++)
        widths[c] = MAX (widths[c], cell_width (cells[c]));
    }

  for (guint c = 0; c < 5; c++)
    append_cell (out, headers[c], widths[c], c == 4);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *cells[5];

      device_cells (device, cells);

      for (guint c = 0; c < 5; c++)
        append_cell (out, cells[c] != NULL ? cells[c] : (c == 2 ? "—" : ""), widths[c], c == 4);
      /* No trailing blanks when the reason is empty. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }

  eo_status_counts_from_model (&counts, devices);
  n_success = counts.n_success;
  n_failed = counts.n_failed;
  n_pending = counts.n_pending;
  /* Translators: summary under the device table */
  summary = g_strdup_printf (_("%u succeeded, %u failed, %u pending"), n_success, n_failed, n_pending);
  g_string_append (out, summary);
  g_string_append_c (out, '\n');
  fputs (out->str, stdout);
}

/* Pending before failed before success. */
int
eo_cli_exit_for_devices (GListModel *devices)
{
  EoStatusCounts counts;

  eo_status_counts_from_model (&counts, devices);
  if (counts.n_pending > 0)
    return EO_CLI_EXIT_PENDING;
  if (counts.n_failed > 0)
    return EO_CLI_EXIT_ROWS_FAILED;
  return EO_CLI_EXIT_OK;
}
