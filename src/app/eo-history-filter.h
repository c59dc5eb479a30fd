/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "eo-history.h"

G_BEGIN_DECLS

/**
 * EoHistoryFilter:
 * The search of the History page: a search entry that keeps, in the list
 * box of uploads, only those with a device matching by EID, ICCID, name
 * or an extra column's value such as the serial number
 * (eo_history_find_devices, in slices of the main loop), and says so
 * when none does ("No upload has a device matching “…”").
 */
#define EO_TYPE_HISTORY_FILTER (eo_history_filter_get_type ())
G_DECLARE_FINAL_TYPE (EoHistoryFilter, eo_history_filter, EO, HISTORY_FILTER, GtkBox)

/* @list_box shows the records of @history, one row per upload with its
 * record as the row's "eo-record" data. */
void            eo_history_filter_set_list_box (EoHistoryFilter *self,
                                                GtkListBox      *list_box);
void            eo_history_filter_set_history  (EoHistoryFilter *self,
                                                EoHistory       *history);
GtkSearchEntry *eo_history_filter_get_entry    (EoHistoryFilter *self);
/* A search is running (the entry's text was not looked up yet). */
gboolean        eo_history_filter_get_busy     (EoHistoryFilter *self);
/* Uploads kept by the last search (all when no text). */
guint           eo_history_filter_get_n_shown  (EoHistoryFilter *self);
/* The "no upload" page is shown. */
gboolean        eo_history_filter_get_empty    (EoHistoryFilter *self);

G_END_DECLS
