/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-jamf-picker.h"
#include "eo-jamf-picker-item.h"

G_BEGIN_DECLS

/* The main loop's work in slices of this (µs). */
#define EO_JAMF_PICKER_SLICE_US 4000
/* Items appended to the store in one main-loop iteration. */
#define EO_JAMF_PICKER_APPEND_BATCH 500
/* GTK 4.8's list view makes a row for up to 200 items at once, whatever
 * is in sight: the first rows are appended this many a frame (from a tick
 * callback), so that no frame makes and measures 200 rows. */
#define EO_JAMF_PICKER_FIRST_ROWS 200
#define EO_JAMF_PICKER_FIRST_ROWS_BATCH 25

struct _EoJamfPicker
{
  AdwBin              parent_instance;

  GListStore         *store;
  /* The store's items again (owned): dropped on a worker, 100,000 items
   * freed on the main loop were a 176 ms gap when the choice opened. */
  GPtrArray          *all_items;
  GtkCustomFilter    *filter;
  GtkFilterListModel *shown;
  char               *query;      /* folded; "" shows all */
  gboolean            setting_text; /* set_search writes the entry: its changes are not the admin's */

  /* The reading of the inventory. */
  GCancellable       *cancellable;
  guint               generation;
  gboolean            loading;
  /* Pages being made into items, whether the listing ended, its error. */
  guint               n_building;
  /* Items made, appended to the store EO_JAMF_PICKER_APPEND_BATCH at a
   * time by an idle: GPtrArray of EoJamfPickerItem (owned). */
  GQueue              ready;
  guint               ready_next;     /* in the head array */
  guint               append_source;
  guint               append_tick;    /* the first rows: one batch a frame */
  gboolean            list_finished;
  char               *list_error;
  guint               n_total;
  guint               n_skipped;
  guint               n_selected;

  /* The history's marks: EIDs waiting for a search, the search, what it
   * found (being marked). */
  EoHistory          *history;
  GPtrArray          *pending_eids;   /* const char *, the items' own */
  GHashTable         *by_eid;         /* EID -> EoJamfPickerItem (unowned) */
  GPtrArray          *search_eids;
  EoHistorySearch    *search;
  GHashTable         *found;
  guint               assigned_source;

  /* Select All/None in slices. */
  guint               select_source;
  guint               select_next;
  gboolean            select_value;

  /* Import: the choice gathered in slices. */
  guint               gather_source;
  guint               gather_next;
  GPtrArray          *gathered;       /* EoJamfPickerItem (owned) */

  /* Template widgets */
  GtkLabel           *status_label;
  GtkProgressBar     *progress_bar;
  GtkSearchEntry     *search_entry;
  GtkButton          *select_all_button;
  GtkButton          *select_none_button;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *none_page;
  GtkLabel           *count_label;
  GtkButton          *cancel_button;
  GtkButton          *import_button;
};

void                _eo_jamf_picker_notify_busy     (EoJamfPicker     *self);
/* eo-jamf-picker.c: after items were appended (@all_in: none waits). */
void                _eo_jamf_picker_appended        (EoJamfPicker     *self,
                                                     gboolean          all_in);
/* eo-jamf-picker-append.c */
void                _eo_jamf_picker_push_ready      (EoJamfPicker     *self,
                                                     GPtrArray        *items);
void                _eo_jamf_picker_drop_ready      (EoJamfPicker     *self);
gboolean            _eo_jamf_picker_appending       (EoJamfPicker     *self);
/* eo-jamf-picker-marks.c */
void                _eo_jamf_picker_queue_marks     (EoJamfPicker     *self);
void                _eo_jamf_picker_stop_marks      (EoJamfPicker     *self);

/* eo-jamf-picker.c: a row's check button was clicked. */
void                _eo_jamf_picker_toggle          (EoJamfPicker     *self,
                                                     EoJamfPickerItem *item,
                                                     gboolean          selected);
/* eo-jamf-picker-rows.c: the factory of the list's rows. */
GtkListItemFactory *_eo_jamf_picker_row_factory_new (void);

G_END_DECLS
