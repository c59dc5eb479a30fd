/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Largest device list accepted, in bytes. */
#define EO_DEVICE_LIST_MAX_BYTES (512u * 1024u * 1024u)

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
  EO_PROBLEM_N_CODES
} EoProblemCode;

typedef struct
{
  guint          row;      /* index into the rows, or G_MAXUINT for file-level */
  guint          line;     /* 1-based physical line in the file where the row starts */
  EoColumn       column;
  EoProblemCode  code;
  EoSeverity     severity;
  char          *message;  /* translated sentence saying what to fix */
} EoProblem;

typedef struct
{
  const char *eid;    /* normalized (separators removed), never NULL ("" if absent) */
  const char *name;   /* trimmed, never NULL */
  const char *iccid;  /* normalized (pad removed), NULL when not given */
  guint       line;   /* 1-based line where the row starts */
  EoSeverity  severity;
  guint       first_problem; /* index into problems, valid when n_problems > 0 */
  guint       n_problems;    /* problems of this row are contiguous after sorting */
} EoDeviceRow;

#define EO_TYPE_DEVICE_LIST (eo_device_list_get_type ())
G_DECLARE_FINAL_TYPE (EoDeviceList, eo_device_list, EO, DEVICE_LIST, GObject)

const char        *eo_problem_code_to_string     (EoProblemCode code);

/* Parse and check. On a file-level failure (not text, empty, header only,
 * missing columns, too large) returns NULL and sets an EO_ERROR. Otherwise
 * returns a list, which may hold row errors. */
EoDeviceList      *eo_device_list_new_from_data  (const char    *data,
                                                  gsize          len,
                                                  GError       **error);
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
/* Runs eo_device_list_load in a worker thread. */
void               eo_device_list_load_async     (GFile               *file,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
EoDeviceList      *eo_device_list_load_finish    (GAsyncResult  *result,
                                                  GError       **error);

guint              eo_device_list_get_n_rows     (EoDeviceList  *self);
const EoDeviceRow *eo_device_list_get_row        (EoDeviceList  *self,
                                                  guint          index);
guint              eo_device_list_get_n_problems (EoDeviceList  *self);
const EoProblem   *eo_device_list_get_problem    (EoDeviceList  *self,
                                                  guint          index);
/* Rows with at least one error / warning (a row counts once). */
guint              eo_device_list_get_n_errors   (EoDeviceList  *self);
guint              eo_device_list_get_n_warnings (EoDeviceList  *self);
/* Rows without error: what would be uploaded. */
guint              eo_device_list_get_n_valid    (EoDeviceList  *self);
gboolean           eo_device_list_has_iccid_column (EoDeviceList *self);
/* Header names present in the file but not understood, as found (may be empty). */
const char * const *eo_device_list_get_unknown_columns (EoDeviceList *self);
/* File-level notes (e.g. "Ignored columns: Serial, Model"), translated, may be empty. */
const char * const *eo_device_list_get_notes     (EoDeviceList  *self);
/* Joined, translated problem sentences of one row ("" when none). */
char              *eo_device_list_dup_row_message (EoDeviceList *self,
                                                   guint         index);

/* Normalized CSV of the rows without errors: header "EID,Name" or
 * "EID,Name,ICCID" (when the file had an ICCID column), CRLF-free LF lines,
 * fields quoted when needed. */
GBytes            *eo_device_list_to_normalized_csv (EoDeviceList *self);

G_END_DECLS
