/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-export"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "eo-error.h"
#include "eo-export.h"
#include "eo-json-writer.h"
#include "eo-server-address.h"
#include "eo-util.h"

static const char * const format_names[] = {
  [EO_EXPORT_FORMAT_CSV] = "csv",
  [EO_EXPORT_FORMAT_JSON] = "json",
  [EO_EXPORT_FORMAT_RETRY_CSV] = "retry-csv",
};

/* Helpers */

static gboolean
is_formula_start (char c)
{
  return c == '=' || c == '+' || c == '-' || c == '@' ||
         c == '\t' || c == '\r' || c == '\n';
}

static gboolean
needs_quotes (const char *value)
{
  gsize len = strlen (value);

  if (len == 0)
    return FALSE;
  if (value[0] == ' ' || value[len - 1] == ' ')
    return TRUE;
  return strpbrk (value, ",\"\r\n") != NULL;
}

static gboolean
is_plain_cell (const char *value)
{
  for (const char *p = value; *p != '\0'; p++)
    if (((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || (guchar) *p >= 0x7f)
      return FALSE;
  return TRUE;
}

static const char *
sanitize_cell (const char  *value,
               char       **copy)
{
  g_autofree char *valid = NULL;
  GString *out;

  *copy = NULL;
  if (is_plain_cell (value))
    return value;
  valid = g_utf8_make_valid (value, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      gboolean unsafe = (type == G_UNICODE_CONTROL && c != '\t' && c != '\n' && c != '\r') ||
                        type == G_UNICODE_FORMAT || type == G_UNICODE_LINE_SEPARATOR ||
                        type == G_UNICODE_PARAGRAPH_SEPARATOR;

      g_string_append_unichar (out, unsafe ? 0xFFFD : c);
    }
  *copy = g_string_free (out, FALSE);
  return *copy;
}

/* The SM-DP+ address as it may be handed on: @server_url when usable or
 * absent, else why it is not (in *@problem). */
static const char *
usable_server_url (const char  *server_url,
                   char       **problem)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;

  *problem = NULL;
  if (server_url == NULL || *server_url == '\0')
    return server_url;
  host = eo_smdp_address_check (server_url, &error);
  if (host != NULL)
    return server_url;
  *problem = g_strdup (error->message);
  return *problem;
}

/* The extra columns (Serial Number, Model…) after the standard ones: their
 * names in the header, or @device's values. */
static void
append_extra_cells (GString            *out,
                    const char * const *columns,
                    EoDevice           *device)
{
  for (guint k = 0; columns[k] != NULL; k++)
    {
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, device != NULL ? eo_device_get_extra (device, k) : columns[k],
                                 TRUE);
    }
}

static void
write_extras_object (EoJsonWriter       *writer,
                     const char * const *columns,
                     EoDevice           *device)
{
  if (columns[0] == NULL)
    return;
  eo_json_writer_begin_object (writer, "extra");
  for (guint k = 0; columns[k] != NULL; k++)
    eo_json_writer_add_string (writer, columns[k], eo_device_get_extra (device, k));
  eo_json_writer_end_object (writer);
}

/* Public API */

gboolean
eo_export_format_from_string (const char     *str,
                              EoExportFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_ascii_strcasecmp (str, format_names[i]) == 0)
        {
          *format = (EoExportFormat) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
eo_export_format_to_string (EoExportFormat format)
{
  if ((guint) format < G_N_ELEMENTS (format_names))
    return format_names[format];
  return "unknown";
}

void
eo_export_append_csv_cell (GString    *out,
                           const char *value,
                           gboolean    neutralize_formulas)
{
  g_autofree char *copy = NULL;
  gboolean neutralize;

  g_return_if_fail (out != NULL);

  if (value == NULL)
    return;
  /* In an export for people (results): no control or escape character
   * from a server or a file (ESC, BEL, bidi overrides…) reaches a
   * spreadsheet or a terminal that shows it; they read U+FFFD. Line
   * breaks and tabs stay (quoted). */
  if (neutralize_formulas)
    value = sanitize_cell (value, &copy);

  neutralize = neutralize_formulas && is_formula_start (value[0]);
  if (!neutralize && !needs_quotes (value))
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  if (neutralize)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

GBytes *
eo_export_results_csv (EoUploadRecord *record)
{
  GString *out;
  GListModel *devices;
  const char *server_url;
  const char *server_cell;
  g_autofree char *problem = NULL;
  const char *request_id;
  const char * const *columns;
  guint n;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  columns = eo_upload_record_get_extra_columns (record);
  devices = eo_upload_record_get_devices (record);
  server_url = eo_upload_record_get_server_url (record);
  server_cell = usable_server_url (server_url, &problem);
  request_id = eo_upload_record_get_request_id (record);
  n = g_list_model_get_n_items (devices);
  out = g_string_sized_new (128 + 128 * (gsize) n);

  g_string_append (out, "EID,Name,ICCID,Status,Reason,SM-DP URL,Request ID");
  append_extra_cells (out, columns, NULL);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      eo_export_append_csv_cell (out, eo_device_get_eid (device), TRUE);
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, eo_device_get_name (device), TRUE);
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, eo_device_get_effective_iccid (device), TRUE);
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, eo_device_get_status_word (device), TRUE);
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, eo_device_get_reason (device), TRUE);
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, server_cell, TRUE);
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, request_id, TRUE);
      append_extra_cells (out, columns, device);
      g_string_append (out, "\r\n");
    }

  return g_string_free_to_bytes (out);
}

GBytes *
eo_export_results_json (EoUploadRecord *record)
{
  GString *out;
  EoJsonWriter writer;
  g_autofree char *problem = NULL;
  g_autofree char *created = NULL;
  GListModel *devices;
  guint n_ok, n_failed, n_pending, n;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  devices = eo_upload_record_get_devices (record);
  n = g_list_model_get_n_items (devices);
  eo_upload_record_get_counts (record, &n_ok, &n_failed, &n_pending);
  created = eo_upload_record_format_time (eo_upload_record_get_created (record));

  out = g_string_sized_new (256 + (gsize) n * 320);
  eo_json_writer_init (&writer, out, TRUE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_add_string (&writer, "local_id", eo_upload_record_get_local_id (record));
  eo_json_writer_add_string (&writer, "request_id", eo_upload_record_get_request_id (record));
  eo_json_writer_add_string (&writer, "created", created);
  eo_json_writer_add_string (&writer, "server", eo_upload_record_get_server (record));
  eo_json_writer_add_string (&writer, "customer_id", eo_upload_record_get_customer_id (record));
  eo_json_writer_add_string (&writer, "source_name", eo_upload_record_get_source_name (record));
  eo_json_writer_add_string (&writer, "state", eo_upload_state_to_string (eo_upload_record_get_state (record)));
  eo_json_writer_add_string (&writer, "server_url", eo_upload_record_get_server_url (record));
  /* Why the address must not be handed on, or null. */
  usable_server_url (eo_upload_record_get_server_url (record), &problem);
  eo_json_writer_add_string (&writer, "server_url_problem", problem);
  eo_json_writer_add_string (&writer, "error", eo_upload_record_get_error_message (record));
  eo_json_writer_begin_object (&writer, "counts");
  eo_json_writer_add_int (&writer, "total", n);
  eo_json_writer_add_int (&writer, "succeeded", n_ok);
  eo_json_writer_add_int (&writer, "failed", n_failed);
  eo_json_writer_add_int (&writer, "pending", n_pending);
  eo_json_writer_end_object (&writer);

  eo_json_writer_begin_array (&writer, "devices");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_string (&writer, "eid", eo_device_get_eid (device));
      eo_json_writer_add_string (&writer, "name", eo_device_get_name (device));
      eo_json_writer_add_string (&writer, "iccid", eo_device_get_effective_iccid (device));
      eo_json_writer_add_string (&writer, "requested_iccid", eo_device_get_iccid (device));
      eo_json_writer_add_string (&writer, "assigned_iccid", eo_device_get_assigned_iccid (device));
      eo_json_writer_add_string (&writer, "status", eo_upload_device_status_to_string (eo_device_get_status (device)));
      eo_json_writer_add_string (&writer, "status_text", eo_device_get_status_text (device));
      eo_json_writer_add_string (&writer, "reason", eo_device_get_reason (device));
      write_extras_object (&writer, eo_upload_record_get_extra_columns (record), device);
      eo_json_writer_end_object (&writer);
    }
  eo_json_writer_end_array (&writer);
  eo_json_writer_end_object (&writer);

  /* A final newline, as text files have. */
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

/* The normalized upload CSV of the devices (all, or the failed ones),
 * each as @func says (NULL: as sent). */
static GBytes *
upload_csv_full (EoUploadRecord    *record,
                 gboolean           failed_only,
                 EoExportRetryFunc  func,
                 gpointer           user_data,
                 guint             *n_devices)
{
  GString *out;
  GListModel *devices;
  gboolean with_iccid;
  guint n, n_rows = 0;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  devices = eo_upload_record_get_devices (record);
  with_iccid = eo_upload_record_get_has_iccid_column (record);
  n = g_list_model_get_n_items (devices);
  out = g_string_new (with_iccid ? "EID,Name,ICCID\n" : "EID,Name\n");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      EoExportRetryRow what = EO_EXPORT_RETRY_ROW_AS_SENT;

      if (failed_only && eo_device_get_status (device) != EO_DEVICE_STATUS_FAILED)
        continue;
      if (func != NULL)
        what = func (device, user_data);
      if (what == EO_EXPORT_RETRY_ROW_LEAVE_OUT)
        continue;
      eo_export_append_csv_cell (out, eo_device_get_eid (device), FALSE);
      g_string_append_c (out, ',');
      eo_export_append_csv_cell (out, eo_device_get_name (device), FALSE);
      if (with_iccid)
        {
          g_string_append_c (out, ',');
          if (what == EO_EXPORT_RETRY_ROW_AS_SENT)
            eo_export_append_csv_cell (out, eo_device_get_iccid (device), FALSE);
        }
      g_string_append_c (out, '\n');
      n_rows++;
    }

  if (n_devices != NULL)
    *n_devices = n_rows;
  if (n_rows == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free_to_bytes (out);
}

static GBytes *
upload_csv (EoUploadRecord *record,
            gboolean        failed_only,
            guint          *n_devices)
{
  return upload_csv_full (record, failed_only, NULL, NULL, n_devices);
}

GBytes *
eo_export_retry_csv_full (EoUploadRecord     *record,
                          EoExportRetryFunc   func,
                          gpointer            user_data,
                          guint              *n_devices)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);
  return upload_csv_full (record, TRUE, func, user_data, n_devices);
}

GBytes *
eo_export_retry_csv (EoUploadRecord *record,
                     guint          *n_devices)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);
  return upload_csv (record, TRUE, n_devices);
}

GBytes *
eo_export_upload_csv (EoUploadRecord *record)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);
  return upload_csv (record, FALSE, NULL);
}

char *
eo_export_dup_serial_numbers (EoUploadRecord *record,
                              guint          *n_serials)
{
  GListModel *devices;
  GString *out;
  guint n_lines = 0;
  int column;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  if (n_serials != NULL)
    *n_serials = 0;
  column = eo_upload_record_find_serial_column (record);
  if (column < 0)
    return NULL;

  devices = eo_upload_record_get_devices (record);
  out = g_string_new (NULL);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *serial = eo_device_get_extra (device, (guint) column);

      if (eo_device_get_status (device) != EO_DEVICE_STATUS_SUCCESS || *serial == '\0')
        continue;
      g_string_append (out, serial);
      g_string_append_c (out, '\n');
      n_lines++;
    }
  if (n_serials != NULL)
    *n_serials = n_lines;
  return g_string_free (out, FALSE);
}

GBytes *
eo_export_to_bytes (EoUploadRecord  *record,
                    EoExportFormat   format,
                    GError         **error)
{
  GBytes *bytes = NULL;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  switch (format)
    {
    case EO_EXPORT_FORMAT_CSV:
      return eo_export_results_csv (record);
    case EO_EXPORT_FORMAT_JSON:
      return eo_export_results_json (record);
    case EO_EXPORT_FORMAT_RETRY_CSV:
      bytes = eo_export_retry_csv (record, NULL);
      if (bytes == NULL)
        g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                     _("No device of this upload failed: there is nothing to send again."));
      return bytes;
    default:
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("Unknown export format."));
      return NULL;
    }
}

gboolean
eo_export_write_file (EoUploadRecord  *record,
                      EoExportFormat   format,
                      const char      *path,
                      GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = eo_export_to_bytes (record, format, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Could not write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
