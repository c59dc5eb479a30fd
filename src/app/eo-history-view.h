/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "eo-device-view.h"
#include "eo-history-filter.h"
#include "eo-history.h"
#include "eo-job-manager.h"

G_BEGIN_DECLS

/**
 * EoHistoryView:
 * The uploads of the history, newest first (time, file, customer, counts,
 * state), and one upload opened into a device table with each device's
 * live status. The buttons of an opened upload use the window's actions
 * win.retry-failed, win.show-handoff, win.export-results and
 * win.remove-upload.
 *
 * Signals: "device-activated" (EoDevice *device): a row of the opened
 * upload was activated (Enter or double click).
 * Properties: "history", "record" (the opened upload or NULL), "loading".
 */
#define EO_TYPE_HISTORY_VIEW (eo_history_view_get_type ())
G_DECLARE_FINAL_TYPE (EoHistoryView, eo_history_view, EO, HISTORY_VIEW, GtkWidget)

GtkWidget      *eo_history_view_new            (void);
EoHistory      *eo_history_view_get_history    (EoHistoryView  *self);
void            eo_history_view_set_history    (EoHistoryView  *self,
                                                EoHistory      *history);
/* Tells how each upload is followed ("Not followed since …") and offers
 * Check Again, Follow, Stop Following, Give Up and Re-send. */
void            eo_history_view_set_job_manager (EoHistoryView *self,
                                                 EoJobManager  *manager);
/* Shows a spinner until the history is loaded. */
void            eo_history_view_set_loading    (EoHistoryView  *self,
                                                gboolean        loading);
/* Opens @record into the device table (NULL: back to the list). */
void            eo_history_view_open_record    (EoHistoryView  *self,
                                                EoUploadRecord *record);
EoUploadRecord *eo_history_view_get_record     (EoHistoryView  *self);
/* Back to the list of uploads. */
void            eo_history_view_show_list      (EoHistoryView  *self);
/* "records", "record", "empty" or "loading". */
const char     *eo_history_view_get_page       (EoHistoryView  *self);
GtkListBox     *eo_history_view_get_list_box   (EoHistoryView  *self);
/* The search above the list of uploads (Ctrl+F: history.find). */
EoHistoryFilter *eo_history_view_get_filter    (EoHistoryView  *self);
EoDeviceView   *eo_history_view_get_device_view (EoHistoryView *self);
/* Narrow windows: icon-only buttons and a compact device table. */
gboolean        eo_history_view_get_compact    (EoHistoryView  *self);
void            eo_history_view_set_compact    (EoHistoryView  *self,
                                                gboolean        compact);

/* "5 devices · 4 succeeded · 1 failed" (pending only when some are). */
char           *eo_history_view_format_counts  (EoUploadRecord *record);
/* For people: "Sent, outcome unknown", "Finished", … */
/* What the state means and what to do ("" when nothing to say). */
char           *eo_history_view_format_explanation (EoUploadRecord *record);

G_END_DECLS
