/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <gio/gio.h>

#include "eo-device-list.h"

G_BEGIN_DECLS

/* Where a device stands with the CSO. */
typedef enum
{
  EO_DEVICE_STATUS_NONE = 0,   /* not uploaded */
  EO_DEVICE_STATUS_PENDING,    /* uploaded, not final (includes unknown statuses) */
  EO_DEVICE_STATUS_SUCCESS,
  EO_DEVICE_STATUS_FAILED,
} EoDeviceStatus;

#define EO_TYPE_DEVICE (eo_device_get_type ())
G_DECLARE_FINAL_TYPE (EoDevice, eo_device, EO, DEVICE, GObject)

EoDevice       *eo_device_new                (const char     *eid,
                                              const char     *name,
                                              const char     *iccid);
/* The item of row @row of @list (with severity and problem text). */
EoDevice       *eo_device_new_from_list_row  (EoDeviceList   *list,
                                              guint           row);
/* One item per row of @list, in file order (with severity and problem text). */
GPtrArray      *eo_device_new_all_from_list  (EoDeviceList   *list);

const char     *eo_device_get_eid            (EoDevice       *self);
/* The EID, name and ICCID, which never change, in their one block
 * ("EID\0name\0" and "ICCID\0" when there is one), with a reference:
 * for a copy of the device's values read on another thread without
 * copying them. NULL when the device has none. Thread-safe. */
const char     *eo_device_ref_ids            (EoDevice       *self);
void            eo_device_ids_unref          (const char     *ids);
const char     *eo_device_get_name           (EoDevice       *self);
/* Requested ICCID, or NULL for "assigned automatically". */
const char     *eo_device_get_iccid          (EoDevice       *self);
guint           eo_device_get_line           (EoDevice       *self);
EoSeverity      eo_device_get_severity       (EoDevice       *self);
const char     *eo_device_get_problem_text   (EoDevice       *self);
void            eo_device_set_check          (EoDevice       *self,
                                              guint           line,
                                              EoSeverity      severity,
                                              const char     *problem_text);

/* The values of the device list's extra columns (Serial Number, Model…),
 * in the order of their names (eo_device_list_get_extra_column_name, or
 * the upload record's eo_upload_record_get_extra_columns); copied, at most
 * EO_DEVICE_LIST_MAX_EXTRA_COLUMNS. Nothing is kept when all are empty. */
void            eo_device_set_extras         (EoDevice           *self,
                                              const char * const *values,
                                              guint               n_values);
void            eo_device_set_extras_from_list (EoDevice         *self,
                                              EoDeviceList       *list,
                                              guint               row);
/* How many values are kept (0 when all were empty). */
guint           eo_device_get_n_extras       (EoDevice       *self);
/* The value of extra column @column: never NULL, "" when empty or absent. */
const char     *eo_device_get_extra          (EoDevice       *self,
                                              guint           column);

EoDeviceStatus  eo_device_get_status         (EoDevice       *self);
/* The status as the server wrote it (e.g. "IN_PROGRESS"), or NULL. */
const char     *eo_device_get_status_text    (EoDevice       *self);
/* Failure reason from the server, or NULL. */
const char     *eo_device_get_reason         (EoDevice       *self);
/* ICCID the server reports for this device, or NULL. */
const char     *eo_device_get_assigned_iccid (EoDevice       *self);
/* The ICCID to show and hand on: the assigned one when there is one (not
 * empty), else the requested one, else NULL. The table, the CLI and the
 * exports all use this one. */
const char     *eo_device_get_effective_iccid (EoDevice      *self);
/* The status word to hand on (CLI output, CSV export): the server's own
 * text when it gave one, else SUCCESS, FAILED or PENDING (never NULL).
 * The window shows a translated label made from the same fields
 * (eo_device_view_format_status). */
const char     *eo_device_get_status_word    (EoDevice       *self);
/* Sets all four at once, notifies only what changed, then emits
 * "remote-changed" (previous status) if anything did. */
void            eo_device_set_remote         (EoDevice       *self,
                                              EoDeviceStatus  status,
                                              const char     *status_text,
                                              const char     *reason,
                                              const char     *assigned_iccid);
gboolean        eo_device_status_is_final    (EoDeviceStatus  status);

/* One direct follower of eo_device_set_remote(), called where
 * "remote-changed" is emitted, with the previous status: an upload record
 * follows its 100,000 devices this way, without a signal handler (and its
 * closure) for each. Returns FALSE when another follower is set (then use
 * the signal). */
typedef void (*EoDeviceObserver) (EoDevice       *device,
                                  EoDeviceStatus  old_status,
                                  gpointer        user_data);

gboolean        eo_device_set_observer       (EoDevice         *self,
                                              EoDeviceObserver  func,
                                              gpointer          user_data);
/* Clears the follower if it is @user_data's. */
void            eo_device_clear_observer     (EoDevice         *self,
                                              gpointer          user_data);

/* Counts of devices by status, kept as they change (NONE counts as
 * pending). */
typedef struct
{
  guint n_success;
  guint n_failed;
  guint n_pending;
  /* Of n_failed: devices with a problem of the checks too (a warning),
   * kept by eo_status_counts_move_device(). */
  guint n_failed_flagged;
} EoStatusCounts;

/* Counts @devices (a GListModel of EoDevice), once. */
void            eo_status_counts_from_model  (EoStatusCounts *counts,
                                              GListModel     *devices);
/* A device's status changed from @before to @after (either may be -1
 * for "not counted": a device added or dropped). */
void            eo_status_counts_move        (EoStatusCounts *counts,
                                              int             before,
                                              int             after);
/* The same for @device, keeping n_failed_flagged too. */
void            eo_status_counts_move_device (EoStatusCounts *counts,
                                              EoDevice       *device,
                                              int             before,
                                              int             after);

G_END_DECLS
