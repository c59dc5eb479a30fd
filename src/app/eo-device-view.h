/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "eo-device.h"

G_BEGIN_DECLS

#define EO_TYPE_DEVICE_VIEW (eo_device_view_get_type ())
G_DECLARE_FINAL_TYPE (EoDeviceView, eo_device_view, EO, DEVICE_VIEW, GtkWidget)

GtkWidget     *eo_device_view_new                (void);
/* A GListModel of EoDevice, in file order. */
GListModel    *eo_device_view_get_model          (EoDeviceView *self);
void           eo_device_view_set_model          (EoDeviceView *self,
                                                  GListModel   *model);
gboolean       eo_device_view_get_problems_only  (EoDeviceView *self);
void           eo_device_view_set_problems_only  (EoDeviceView *self,
                                                  gboolean      problems_only);
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
/* The Line column (a file's line numbers): upload records have none. */
gboolean       eo_device_view_get_show_line_numbers (EoDeviceView *self);
void           eo_device_view_set_show_line_numbers (EoDeviceView *self,
                                                     gboolean      show);
/* Compact (narrow windows): only the check's icon, the name, the EID and
 * the upload status; the problem is in the icon's tooltip. */
gboolean       eo_device_view_get_compact        (EoDeviceView *self);
void           eo_device_view_set_compact        (EoDeviceView *self,
                                                  gboolean      compact);
/* What the Status column says for @device ("Assigned", "Pending",
 * "Pending (IN_PROGRESS)", "Failed: reason", "Left out", or ""). */
char          *eo_device_view_format_status      (EoDevice     *device);

G_END_DECLS
