/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-device-list.h"

G_BEGIN_DECLS

/* Fixing a device list in place: edit a row's EID, name or ICCID, delete
 * rows, the bulk fixes, undo and redo (eo-device-list-edit.c,
 * eo-device-list-fixes.c).
 *
 * The row's checks run again on the edited field only, and the duplicate
 * checks of the whole list through indexes (EID, name and ICCID → rows)
 * built once, then kept up to date: an edit costs the rows it touches,
 * not the list (tests/bench/bench-edit.c). Row indexes never change: a
 * deleted row keeps its index with EoDeviceRow.deleted set, and is not
 * shown, sent, saved nor counted (eo_device_list_get_n_deleted() says how
 * many; eo_device_list_get_n_rows() still counts them). The counts
 * (errors, warnings, valid, flagged, left out) follow every edit. Notes
 * of rows and finding rows are in eo-device-list-notes.c.
 *
 * Every change below is one step that eo_device_list_undo() takes back
 * exactly (texts, problems, left-out marks), and then emits
 * "rows-changed" (guint n_rows, const guint *rows): the rows whose text,
 * problems or deleted mark changed, in ascending order. */

/* Longest text an edit takes, in bytes. */
#define EO_DEVICE_LIST_EDIT_MAX_BYTES 1024u

/* Steps kept for undo. */
#define EO_DEVICE_LIST_MAX_UNDO 200u

/* Builds what edits need (the duplicate indexes: O(rows), once); may run
 * on a worker thread before the list is shown, else the first edit does. */
void      eo_device_list_prepare_edits      (EoDeviceList  *self);

/* Sets the texts of row @row (NULL: that one stays; an ICCID of "" is
 * none), checks them again, and the duplicates. FALSE with an error for
 * a text that is not UTF-8 or longer than EO_DEVICE_LIST_EDIT_MAX_BYTES;
 * TRUE without a step when nothing changes. */
gboolean  eo_device_list_edit_row           (EoDeviceList  *self,
                                             guint          row,
                                             const char    *eid,
                                             const char    *name,
                                             const char    *iccid,
                                             GError       **error);
/* What the row's problems would be with these texts (as
 * eo_device_list_edit_row takes them), without changing it: the
 * sentences ("" for none) and the worst severity. */
char     *eo_device_list_dup_edit_preview   (EoDeviceList  *self,
                                             guint          row,
                                             const char    *eid,
                                             const char    *name,
                                             const char    *iccid,
                                             EoSeverity    *severity);
/* Deletes @n_rows rows (already deleted ones are skipped); returns how
 * many were deleted. */
guint     eo_device_list_delete_rows        (EoDeviceList  *self,
                                             const guint   *rows,
                                             guint          n_rows);
/* Bulk fixes, each one step; they return the rows changed (0: no step).
 * Remove Duplicate Rows: each row whose EID an earlier row has. */
guint     eo_device_list_remove_duplicate_rows (EoDeviceList *self);
/* Clear Requested ICCIDs With Problems: the ICCID of each row with an
 * error about its ICCID (the pool assigns one). */
guint     eo_device_list_clear_bad_iccids   (EoDeviceList  *self);
/* Remove Rows With Errors (the rows only counted go too). */
guint     eo_device_list_remove_error_rows  (EoDeviceList  *self);

gboolean  eo_device_list_can_undo           (EoDeviceList  *self);
gboolean  eo_device_list_can_redo           (EoDeviceList  *self);
gboolean  eo_device_list_undo               (EoDeviceList  *self);
gboolean  eo_device_list_redo               (EoDeviceList  *self);
/* Which state of its edits the list is in: 0 as read; another number
 * for each step made (undo goes back to the number before). */
guint     eo_device_list_get_edit_state     (EoDeviceList  *self);

guint     eo_device_list_get_n_deleted      (EoDeviceList  *self);
/* Where row @row is among the rows not deleted (its place in the table). */
guint     eo_device_list_get_position       (EoDeviceList  *self,
                                             guint          row);
/* The row that starts on line @line of the file, or -1. */
int       eo_device_list_find_row_by_line   (EoDeviceList  *self,
                                             guint          line);
/* Whether row @row goes out with an upload (no error, not left out, not
 * deleted). */
gboolean  eo_device_list_row_is_sent        (EoDeviceList  *self,
                                             guint          row);

/* A note shown after row @row's problems (a retry's server reason):
 * kept through edits, not a problem (the row's severity stays), cut to
 * EO_DEVICE_LIST_NOTE_MAX_BYTES, control characters made spaces; NULL
 * or "" removes it. Not an edit step. */
#define EO_DEVICE_LIST_NOTE_MAX_BYTES 512u
void        eo_device_list_set_row_note     (EoDeviceList  *self,
                                             guint          row,
                                             const char    *note);
/* Its note, or NULL. */
const char *eo_device_list_row_get_note     (EoDeviceList  *self,
                                             guint          row);

/* Save As: every row not deleted (with errors too) as CSV: header
 * "EID,Name[,ICCID]" and the extra columns, their values kept. */
GBytes   *eo_device_list_to_csv             (EoDeviceList  *self);

G_END_DECLS
