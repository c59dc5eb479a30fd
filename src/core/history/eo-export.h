/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-upload-record.h"

G_BEGIN_DECLS

typedef enum
{
  EO_EXPORT_FORMAT_CSV = 0,   /* results, for people and spreadsheets */
  EO_EXPORT_FORMAT_JSON,      /* results, for programs */
  EO_EXPORT_FORMAT_RETRY_CSV, /* upload file of the failed devices */
} EoExportFormat;

/* "csv", "json", "retry-csv". */
gboolean  eo_export_format_from_string   (const char      *str,
                                          EoExportFormat  *format);
const char *eo_export_format_to_string   (EoExportFormat   format);

/* Appends one CSV cell (RFC 4180: quoted when it holds a comma, quote, CR
 * or LF, or starts/ends with a space; quotes doubled). With
 * @neutralize_formulas, a cell a spreadsheet would read as a formula
 * (first character =, +, -, @, TAB, CR or LF) gets a leading ' and is
 * quoted (OWASP "CSV injection"), and control and format characters
 * read U+FFFD. NULL is an empty cell. */
void      eo_export_append_csv_cell      (GString         *out,
                                          const char      *value,
                                          gboolean         neutralize_formulas);

/* Results as CSV, CRLF lines, UTF-8 without BOM. Columns: EID, Name,
 * ICCID (assigned, else requested), Status (the server's text, else
 * PENDING / SUCCESS / FAILED), Reason, SM-DP URL, Request ID, then the
 * device list's extra columns under their own names (Serial Number,
 * Model…). Formula cells are neutralized. */
GBytes   *eo_export_results_csv          (EoUploadRecord  *record);
/* Results as a JSON object: the upload's ids, state, counts, devices
 * (each with an object "extra" of the extra columns, when the list had
 * any: {"Serial Number": "C02…", "Model": "…"}). */
GBytes   *eo_export_results_json         (EoUploadRecord  *record);
/* The normalized upload CSV ("EID,Name" or "EID,Name,ICCID" as the
 * original, LF lines, values exactly as sent) of the FAILED devices, to
 * send them again. NULL when no device failed. @n_devices: rows written. */
GBytes   *eo_export_retry_csv            (EoUploadRecord  *record,
                                          guint           *n_devices);

/* The same of every device (sending the upload again); NULL without
 * devices. */
GBytes   *eo_export_upload_csv           (EoUploadRecord  *record);

/* The serial numbers (the first extra column whose name says so:
 * eo_upload_record_find_serial_column) of the devices that succeeded, one
 * a line in the upload's order, for an MDM group (Jamf, Intune); empty
 * serials skipped. NULL when the list had no such column. @n_serials:
 * lines written. */
char     *eo_export_dup_serial_numbers   (EoUploadRecord  *record,
                                          guint           *n_serials);

/* What a retry does with a failed device. */
typedef enum
{
  EO_EXPORT_RETRY_ROW_AS_SENT = 0,
  EO_EXPORT_RETRY_ROW_WITHOUT_ICCID,  /* the pool assigns one */
  EO_EXPORT_RETRY_ROW_LEAVE_OUT,
} EoExportRetryRow;

typedef EoExportRetryRow (*EoExportRetryFunc) (EoDevice *device,
                                               gpointer  user_data);

/* The same, each failed device as @func says (NULL: as sent). */
GBytes   *eo_export_retry_csv_full       (EoUploadRecord    *record,
                                          EoExportRetryFunc  func,
                                          gpointer           user_data,
                                          guint             *n_devices);

/* One of the above; a retry CSV without failed devices fails with
 * EO_ERROR_STORE. */
GBytes   *eo_export_to_bytes             (EoUploadRecord  *record,
                                          EoExportFormat   format,
                                          GError         **error);
/* Writes atomically (mode 0644 before umask); EO_ERROR_STORE on failure. */
gboolean  eo_export_write_file           (EoUploadRecord  *record,
                                          EoExportFormat   format,
                                          const char      *path,
                                          GError         **error);

G_END_DECLS
