/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Columns of the file beyond EID, Name and ICCID kept with each row (an
 * MDM's Serial Number, Model…), and their bounds: a longer value is cut
 * on a character boundary, a longer header name too. */
#define EO_DEVICE_LIST_MAX_EXTRA_COLUMNS 64u
#define EO_DEVICE_LIST_EXTRA_VALUE_MAX_BYTES 256u
#define EO_DEVICE_LIST_EXTRA_NAME_MAX_BYTES 128u

/* Largest device list accepted, in bytes. */
#define EO_DEVICE_LIST_MAX_BYTES (512u * 1024u * 1024u)

/* Problems kept per code (the first ones in the file); the others are
 * only counted (eo_device_list_get_n_more_problems), so that memory grows
 * with the file and not with its errors. */
#define EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE 10000u

typedef enum
{
  EO_SEVERITY_OK = 0,
  EO_SEVERITY_WARNING = 1,
  EO_SEVERITY_ERROR = 2,
} EoSeverity;

typedef enum
{
  EO_COLUMN_NONE = 0, /* about the whole file or row */
  EO_COLUMN_EID,
  EO_COLUMN_NAME,
  EO_COLUMN_ICCID,
} EoColumn;

/* Stable machine codes; their string forms (eo_problem_code_to_string)
 * are part of the CLI's JSON output and must never change. */
typedef enum
{
  EO_PROBLEM_EID_MISSING,          /* "eid-missing" */
  EO_PROBLEM_EID_NOT_DIGITS,       /* "eid-not-digits" */
  EO_PROBLEM_EID_LENGTH,           /* "eid-length" */
  EO_PROBLEM_EID_CHECK_DIGITS,     /* "eid-check-digits" */
  EO_PROBLEM_EID_SEPARATORS,       /* "eid-separators" (warning) */
  EO_PROBLEM_EID_DUPLICATE,        /* "eid-duplicate" */
  EO_PROBLEM_ICCID_NOT_DIGITS,     /* "iccid-not-digits" */
  EO_PROBLEM_ICCID_PREFIX,         /* "iccid-prefix" */
  EO_PROBLEM_ICCID_LENGTH,         /* "iccid-length" */
  EO_PROBLEM_ICCID_LUHN,           /* "iccid-luhn" */
  EO_PROBLEM_ICCID_PAD,            /* "iccid-pad" (warning) */
  EO_PROBLEM_ICCID_SEPARATORS,     /* "iccid-separators" (warning) */
  EO_PROBLEM_ICCID_DUPLICATE,      /* "iccid-duplicate" */
  EO_PROBLEM_NAME_MISSING,         /* "name-missing" */
  EO_PROBLEM_NAME_TOO_LONG,        /* "name-too-long" */
  EO_PROBLEM_NAME_CONTROL,         /* "name-control-chars" */
  EO_PROBLEM_NAME_DUPLICATE,       /* "name-duplicate" (warning) */
  EO_PROBLEM_ROW_FIELD_COUNT,      /* "row-field-count" (warning: fewer/more cells than the header) */
  EO_PROBLEM_EID_SPREADSHEET,      /* "eid-spreadsheet": scientific notation or a tail of zeros */
  EO_PROBLEM_ICCID_SPREADSHEET,    /* "iccid-spreadsheet" */
  EO_PROBLEM_N_CODES
} EoProblemCode;

/* One problem, kept compactly: what it is and the few values its
 * sentence quotes; the sentence itself is made when shown
 * (eo_problem_dup_message). */
typedef struct
{
  guint          row;       /* index into the rows, or G_MAXUINT for file-level */
  guint          line;      /* 1-based physical line in the file where the row starts */
  guint8         column;    /* EoColumn */
  guint8         code;      /* EoProblemCode */
  guint8         severity;  /* EoSeverity */
  char           text[5];   /* characters the sentence quotes (UTF-8, NUL-terminated) */
  guint          values[2]; /* numbers the sentence quotes */
} EoProblem;

/* One row, 24 bytes: a list of 512 MiB of minimal rows holds 15 million
 * of them. Its texts are read with eo_device_list_row_get_eid() and its
 * siblings (they live in the list's buffer; the row keeps offsets). */
typedef struct
{
  /*< private >*/
  guint32     eid_offset;
  guint32     name_offset;
  guint32     iccid_offset;
  /*< public >*/
  guint       line;   /* 1-based line where the row starts */
  guint       first_problem; /* index into problems, valid when n_problems > 0 */
  guint       severity : 2;    /* EoSeverity */
  guint       n_problems : 16; /* kept problems; contiguous after sorting */
  guint       has_warning : 1; /* a warning, kept or not */
  guint       has_more : 1;  /* problems beyond the cap of their code, not kept */
  guint       left_out : 1;  /* a clean row not to be sent (it already has an eSIM) */
  guint       eid_damaged : 1;   /* changed by a spreadsheet: not compared for duplicates */
  guint       iccid_damaged : 1;
  /*< private >*/
  guint       side_problems : 1; /* problems in the edits' side table (eo-device-list-edit.c) */
  /*< public >*/
  guint       deleted : 1;   /* removed by an edit: not shown, sent, counted nor saved */
} EoDeviceRow;

/* Which column is which, when the admin says so (eo-column-map.h). */
typedef struct _EoColumnMap EoColumnMap;

#define EO_TYPE_DEVICE_LIST (eo_device_list_get_type ())
G_DECLARE_FINAL_TYPE (EoDeviceList, eo_device_list, EO, DEVICE_LIST, GObject)

const char        *eo_problem_code_to_string     (EoProblemCode code);
/* The translated sentence saying what to fix. */
char              *eo_problem_dup_message        (const EoProblem *problem);

/* Parse and check. On a file-level failure (not text, empty, header only,
 * missing columns, too large) returns NULL and sets an EO_ERROR. Otherwise
 * returns a list, which may hold row errors. */
EoDeviceList      *eo_device_list_new_from_data  (const char    *data,
                                                  gsize          len,
                                                  GError       **error);
/* The same, with columns chosen by @map (NULL: found as usual). */
EoDeviceList      *eo_device_list_new_from_data_full (const char        *data,
                                                      gsize              len,
                                                      const EoColumnMap *map,
                                                      GError           **error);
EoDeviceList      *eo_device_list_new_from_bytes (GBytes        *bytes,
                                                  GError       **error);
/* Like eo_device_list_new_from_data() without a copy: takes @data
 * (g_malloc'd, at least @len + 1 bytes) and parses it in place. */
EoDeviceList      *eo_device_list_new_take_data  (char          *data,
                                                  gsize          len,
                                                  GError       **error);
EoDeviceList      *eo_device_list_load           (GFile         *file,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
EoDeviceList      *eo_device_list_load_full      (GFile              *file,
                                                  const EoColumnMap  *map,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* Reads @fd (not closed; standard input for “-”) up to the size limit:
 * a pipe is read until its end. @display_name names it in errors. */
EoDeviceList      *eo_device_list_load_fd        (int            fd,
                                                  const char    *display_name,
                                                  GCancellable  *cancellable,
                                                  GError       **error);
EoDeviceList      *eo_device_list_load_fd_full   (int                 fd,
                                                  const char         *display_name,
                                                  const EoColumnMap  *map,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
/* Runs eo_device_list_load in a worker thread. */
void               eo_device_list_load_async     (GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
EoDeviceList      *eo_device_list_load_finish    (GAsyncResult  *result,
                                                  GError       **error);

/* The rows kept: every row without errors, and the rows with errors that
 * have a problem kept (see EO_DEVICE_LIST_MAX_PROBLEMS_PER_CODE). */
guint              eo_device_list_get_n_rows     (EoDeviceList  *self);
/* Rows with errors not kept (all their problems beyond the caps): counted
 * in n_errors, not in n_rows. The file has n_rows + n_omitted rows. */
guint              eo_device_list_get_n_omitted_rows (EoDeviceList *self);
/* Problems of @code found but not kept. */
guint              eo_device_list_get_n_more_problems (EoDeviceList  *self,
                                                       EoProblemCode  code);
/* "N more problems are not listed…" when problems were not kept (also
 * one of the notes), or NULL. */
char              *eo_device_list_dup_more_note  (EoDeviceList  *self);
const EoDeviceRow *eo_device_list_get_row        (EoDeviceList  *self,
                                                  guint          index);
/* The texts of row @index, valid as long as the list: the EID normalized
 * (separators removed), never NULL ("" if absent); the name trimmed,
 * never NULL; the ICCID normalized (pad removed), NULL when not given. */
const char        *eo_device_list_row_get_eid    (EoDeviceList  *self,
                                                  guint          index);
const char        *eo_device_list_row_get_name   (EoDeviceList  *self,
                                                  guint          index);
const char        *eo_device_list_row_get_iccid  (EoDeviceList  *self,
                                                  guint          index);
guint              eo_device_list_get_n_problems (EoDeviceList  *self);
const EoProblem   *eo_device_list_get_problem    (EoDeviceList  *self,
                                                  guint          index);
/* Rows with at least one error / warning (a row counts once), in the
 * whole file (omitted rows too). */
guint              eo_device_list_get_n_errors   (EoDeviceList  *self);
guint              eo_device_list_get_n_warnings (EoDeviceList  *self);
/* Rows kept (of n_rows) with an error or a warning: what a filter on
 * problems shows of the list. */
guint              eo_device_list_get_n_flagged_rows (EoDeviceList *self);
/* Rows without error: what would be uploaded. */
guint              eo_device_list_get_n_valid    (EoDeviceList  *self);
/* Leaves the clean row @row out of what is sent, or takes it back (a
 * device that already has an eSIM, left out by default): the normalized
 * CSV and eo_upload_record_add_devices_from_list() skip it. Rows with
 * errors are left out anyway. */
void               eo_device_list_set_left_out   (EoDeviceList  *self,
                                                  guint          row,
                                                  gboolean       left_out);
/* Clean rows left out so; eo_device_list_get_n_valid() minus this many
 * are sent. */
guint              eo_device_list_get_n_left_out (EoDeviceList  *self);
gboolean           eo_device_list_has_iccid_column (EoDeviceList *self);
/* Header names present in the file but not understood, as found (may be empty). */
const char * const *eo_device_list_get_unknown_columns (EoDeviceList *self);
/* The extra columns kept, in the file's order: their names (cleaned of
 * control characters, unique ignoring case) and each row's values (never
 * NULL, "" when empty; valid UTF-8 without control characters; valid as
 * long as the list). Columns past the first EO_DEVICE_LIST_MAX_EXTRA_COLUMNS
 * are only named in a note. */
guint              eo_device_list_get_n_extra_columns   (EoDeviceList *self);
const char        *eo_device_list_get_extra_column_name (EoDeviceList *self,
                                                         guint         column);
/* All their names, NULL-terminated (empty when none). */
const char * const *eo_device_list_get_extra_column_names (EoDeviceList *self);
const char        *eo_device_list_row_get_extra         (EoDeviceList *self,
                                                         guint         row,
                                                         guint         column);
/* The first extra column whose name says serial number
 * (eo_column_name_is_serial_number), or -1. */
int                eo_device_list_find_serial_column    (EoDeviceList *self);
/* Whether a column name means a serial number: "Serial Number",
 * "serial_number", "SerialNumber", "Serial", "Serial No." (case and
 * punctuation do not count). */
gboolean           eo_column_name_is_serial_number      (const char   *name);
/* File-level notes (e.g. "Columns kept with each device: Serial, Model"), translated, may be empty. */
const char * const *eo_device_list_get_notes     (EoDeviceList  *self);
/* Adds a translated note (the app's: columns chosen earlier were used). */
void               eo_device_list_add_note       (EoDeviceList  *self,
                                                  const char    *note);
/* EIDs (@column EO_COLUMN_EID) or ICCIDs (EO_COLUMN_ICCID) a spreadsheet
 * program damaged (problems eid-spreadsheet, iccid-spreadsheet), in the
 * whole file; the notes say it once. */
guint              eo_device_list_get_n_spreadsheet_damaged (EoDeviceList *self,
                                                             EoColumn      column);
/* Joined, translated problem sentences of one row ("" when none). */
char              *eo_device_list_dup_row_message (EoDeviceList *self,
                                                   guint         index);

/* Normalized CSV of the rows without errors and not left out: header "EID,Name" or
 * "EID,Name,ICCID" (when the file had an ICCID column), CRLF-free LF lines,
 * fields quoted when needed. */
GBytes            *eo_device_list_to_normalized_csv (EoDeviceList *self);

G_END_DECLS
