/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-device-list.h"

G_BEGIN_DECLS

/* Which column of a device list is which: by the header's names (an
 * MDM's own names for the EID, the name and the ICCID), or, in a file
 * without a header, by what the cells hold. Everything here looks at a
 * bounded start of the text only (EO_COLUMN_SAMPLE_MAX_BYTES, at most
 * EO_COLUMN_SAMPLE_MAX_ROWS records), so it costs the same on a list of
 * ten rows and of a million. */

#define EO_COLUMN_SAMPLE_MAX_BYTES   (64u * 1024u)
#define EO_COLUMN_SAMPLE_MAX_ROWS    50u
/* Columns looked at (and shown when they are chosen by hand). */
#define EO_COLUMN_SAMPLE_MAX_COLUMNS 64u
/* Sample values kept per column, for the admin to recognise it. */
#define EO_COLUMN_SAMPLE_N_VALUES    3u

/* The standard column a header name means, EO_COLUMN_NONE for none.
 * Case, spaces, “_”, “-”, “.”, quotes and a byte order mark do not count:
 * “Mobile Device Name”, “mobile_device_name” and “"MOBILE-DEVICE-NAME"”
 * are the same name. Aliases: EID, eUICC ID, EUICC, EIDOne,
 * esimIdentifier, network.eid; Name, Device Name, Display Name, Mobile
 * Device Name, Device, Friendly Name; ICCID, ICCIDOne, SIM ICCID. */
EoColumn         eo_column_for_header_name   (const char *name);
/* The form of @name compared with the aliases (see above): lower-case
 * ASCII, without what does not count. */
char            *eo_column_header_key        (const char *name);

/* What a cell looks like, spaces and dashes not counted: 32 digits
 * starting with 89 (an EID), 19 or 20 digits starting with 89 (an ICCID;
 * an “F” pad not counted either). */
gboolean         eo_text_looks_like_eid      (const char *text,
                                              gsize       len);
gboolean         eo_text_looks_like_iccid    (const char *text,
                                              gsize       len);
/* A valid EID (check digits right), spaces and dashes not counted. */
gboolean         eo_text_is_valid_eid        (const char *text,
                                              gsize       len);

/* What a spreadsheet program leaves of a long number: scientific
 * notation (“8.9049E+31”, “8,9049e31”); or, for @len digits, a tail of
 * zeros where the digits past the 15 it keeps were (@len > 15). */
gboolean         eo_text_is_scientific       (const char *text,
                                              gsize       len);
gboolean         eo_digits_have_rounded_tail (const char *digits,
                                              gsize       len);

typedef struct
{
  char      separator;
  /* The first record names the columns; FALSE when it is a device (a
   * valid EID in one of its cells). */
  gboolean  has_header;
  /* Fields of the first record (at most EO_COLUMN_SAMPLE_MAX_COLUMNS are
   * described below), and data records looked at. */
  guint     n_fields;
  guint     n_columns;
  guint     n_rows;
  /* n_columns header names (empty strings without a header), and
   * EO_COLUMN_SAMPLE_N_VALUES values of each column (n_columns × that,
   * "" past the rows): valid UTF-8, control characters replaced. */
  char    **headers;
  char    **values;
  /* 0-based column of each EoColumn (index EO_COLUMN_EID…ICCID), or -1:
   * by the header's names, and by the content (EID and ICCID: the column
   * where most rows look so; name: the first other column of text). */
  int       by_header[EO_COLUMN_ICCID + 1];
  int       by_content[EO_COLUMN_ICCID + 1];
  /* Names the header (its names as eo_column_header_key() makes them,
   * hashed); NULL without a header. */
  char     *signature;
} EoColumnSample;

/* Looks at the start of @data (a device list's text, UTF-8, after any
 * byte order mark) with @separator (0: detected). */
EoColumnSample  *eo_column_sample_new        (const char    *data,
                                              gsize          len,
                                              char           separator);
/* Reads the start of @file (at most EO_COLUMN_SAMPLE_MAX_BYTES) and
 * looks at it. NULL with an error when it cannot be read or is not
 * UTF-8 text. */
EoColumnSample  *eo_column_sample_load       (GFile         *file,
                                              GCancellable  *cancellable,
                                              GError       **error);
EoColumnSample  *eo_column_sample_new_from_bytes (GBytes    *bytes);
void             eo_column_sample_free       (EoColumnSample *sample);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoColumnSample, eo_column_sample_free)

G_END_DECLS
