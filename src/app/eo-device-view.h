/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "eo-device.h"
#include "eo-phone-states.h"

G_BEGIN_DECLS

/* Which devices the table shows. Problems: a problem of the checks or a
 * failure on the server; Pending: sent and not final yet. */
typedef enum
{
  EO_DEVICE_FILTER_ALL = 0,
  EO_DEVICE_FILTER_PROBLEMS,
  EO_DEVICE_FILTER_FAILED,
  EO_DEVICE_FILTER_PENDING,
  EO_DEVICE_FILTER_ASSIGNED,
  EO_DEVICE_FILTER_N_FILTERS,
} EoDeviceFilter;

/* "all", "problems", "failed", "pending", "assigned" */
const char     *eo_device_filter_to_string (EoDeviceFilter  filter);
gboolean        eo_device_filter_from_string (const char     *str,
                                              EoDeviceFilter *filter);
/* Whether @device is shown under @filter. */
gboolean        eo_device_filter_matches   (EoDeviceFilter  filter,
                                            EoDevice       *device);

#define EO_TYPE_DEVICE_VIEW (eo_device_view_get_type ())
G_DECLARE_FINAL_TYPE (EoDeviceView, eo_device_view, EO, DEVICE_VIEW, GtkWidget)

GtkWidget     *eo_device_view_new                (void);
/* A GListModel of EoDevice, in file order. */
GListModel    *eo_device_view_get_model          (EoDeviceView *self);
void           eo_device_view_set_model          (EoDeviceView *self,
                                                  GListModel   *model);
/* The same as the filter EO_DEVICE_FILTER_PROBLEMS (on) or ALL (off). */
gboolean       eo_device_view_get_problems_only  (EoDeviceView *self);
void           eo_device_view_set_problems_only  (EoDeviceView *self,
                                                  gboolean      problems_only);
EoDeviceFilter eo_device_view_get_filter         (EoDeviceView *self);
void           eo_device_view_set_filter         (EoDeviceView  *self,
                                                  EoDeviceFilter filter);
/* The devices' statuses changed: a filter on them is applied again (in
 * steps on a long list). */
void           eo_device_view_refilter           (EoDeviceView *self);
/* The model the column view shows (filtered and sorted). */
GListModel    *eo_device_view_get_shown_model    (EoDeviceView *self);
GtkColumnView *eo_device_view_get_column_view    (EoDeviceView *self);
/* TRUE when only problems are asked for and the list has none. */
gboolean       eo_device_view_is_showing_no_problems (EoDeviceView *self);
/* TRUE while a sort (or the problems filter) is still in progress. */
gboolean       eo_device_view_is_sorting         (EoDeviceView *self);
void           eo_device_view_scroll_to_top      (EoDeviceView *self);
/* The Status column (upload status of each device), hidden until an
 * upload starts. */
gboolean       eo_device_view_get_show_upload_status (EoDeviceView *self);
void           eo_device_view_set_show_upload_status (EoDeviceView *self,
                                                      gboolean      show);
/* The caller changed the window's layout in this frame (the upload panel
 * shown): a Status column still to come waits two frames more, so that
 * the two changes are not measured and drawn in one frame. */
void           eo_device_view_defer_upload_column    (EoDeviceView *self);
/* The Line column (a file's line numbers): upload records have none. */
gboolean       eo_device_view_get_show_line_numbers (EoDeviceView *self);
void           eo_device_view_set_show_line_numbers (EoDeviceView *self,
                                                     gboolean      show);
/* Compact (narrow windows): the check's icon (its tooltip tells the
 * problem), the name and the EID; once an upload started, the upload
 * status and the Problem column instead of the EID. */
gboolean       eo_device_view_get_compact        (EoDeviceView *self);
void           eo_device_view_set_compact        (EoDeviceView *self,
                                                  gboolean      compact);
/* The On the Phone column (where each phone is after a push), shown
 * while @states is set (NULL hides it). */
void           eo_device_view_set_phone_states   (EoDeviceView  *self,
                                                  EoPhoneStates *states);
EoPhoneStates *eo_device_view_get_phone_states   (EoDeviceView  *self);
/* What the Status column says for @device ("Assigned", "Pending",
 * "Pending (IN_PROGRESS)", "Failed: reason", "Left out", or ""). */
char          *eo_device_view_format_status      (EoDevice     *device);
/* All of what the Problem column says for @device (its tooltip): the
 * checks' problems, then the server's reason on a line of its own (""
 * for none). The cell puts them on one line, joined with " · ". */
char          *eo_device_view_dup_problems       (EoDevice     *device);

G_END_DECLS
