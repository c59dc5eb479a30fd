/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-device-order.h"
#include "eo-device-view.h"
#include "eo-phone-states.h"

G_BEGIN_DECLS

/* Shows a list of EoDevice in a sortable table, optionally only those
 * with a problem. The pipeline is
 *   model → EoDeviceOrder → GtkFilterListModel → GtkSingleSelection:
 * sorted (on a worker, as the column headers ask) below the filter, so
 * that a filter change does not sort again. */

struct _EoDeviceView
{
  GtkWidget           parent_instance;

  GListModel         *model;
  EoDeviceOrder      *order;
  EoDeviceSortKey     probe_key; /* see eo-device-view-sort.c */
  GtkSingleSelection *selection;
  /* The selected row while every row changes (EoDeviceOrder::reordering). */
  EoDevice           *reselect;
  EoDeviceFilter      filter_kind;
  gboolean            show_line_numbers;
  gboolean            compact;
  gboolean            show_upload_status;
  guint               upload_column_tick; /* shows the Status column two frames later */
  guint               upload_column_ticks;

  /* The On the Phone column (eo-device-view-phone.c). */
  GtkColumnViewColumn *phone_column;
  EoPhoneStates      *phone_states;
  GHashTable         *phone_cells;   /* EID -> bound cell */
  guint               phone_refresh_source;

  /* Template widgets */
  GtkStack           *stack;
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *line_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *eid_column;
  GtkColumnViewColumn *iccid_column;
  GtkColumnViewColumn *problem_column;
  GtkColumnViewColumn *upload_column;

  /* The ICCID cells' text in the proportional font (see the cells). */
  PangoAttrList      *proportional_attrs;
  /* The upload's icons, loaded ahead (eo-device-view-status.c). */
  GPtrArray          *icons;
  guint               preload_source;
};

/* Shared by the files of EoDeviceView: eo-device-view.c (the widget and
 * its models), eo-device-view-sort.c, eo-device-view-cells.c. */
void           _eo_device_view_set_up_sorters         (EoDeviceView   *self);
/* What the column headers ask to sort by now. */
void           _eo_device_view_read_sort              (EoDeviceView    *self,
                                                       EoDeviceSortKey *key,
                                                       gboolean        *descending);
void           _eo_device_view_bind_cell_callbacks    (GtkWidgetClass *widget_class);
void           _eo_device_view_bind_status_callbacks  (GtkWidgetClass *widget_class);
void           _eo_device_view_preload_status_icons   (EoDeviceView   *self);
void           _eo_device_view_status_dispose         (EoDeviceView   *self);

/* The cells' pieces (eo-device-view-cells.c), for the Status column's
 * cells (eo-device-view-status.c). */
typedef char *(*EoDeviceViewTooltipFunc) (EoDevice *device);

/* A text cell @chars wide; longer text is ellipsized (or, with @clip, cut). */
GtkWidget     *_eo_device_view_new_cell_text          (guint           chars,
                                                       gboolean        clip);
/* Only on a change: the text and the cell's accessible name. */
void           _eo_device_view_set_cell_text          (GtkInscription *cell,
                                                       const char     *text);
/* Of @classes (NULL-terminated), gives @widget only @wanted (or none). */
void           _eo_device_view_set_css_class_among    (GtkWidget          *widget,
                                                       const char * const *classes,
                                                       const char         *wanted);
/* Once, when the cell is made: its tooltip, made by @func when asked for. */
void           _eo_device_view_set_up_cell_tooltip    (GtkWidget               *cell,
                                                       GtkListItem             *list_item,
                                                       EoDeviceViewTooltipFunc  func);
/* The list item of the first cell under @widget that has one, or NULL. */
GtkListItem   *_eo_device_view_find_list_item         (GtkWidget      *widget);
/* Page Up and Page Down scroll before the list moves (eo-device-view-keys.c). */
void           _eo_device_view_keys_init              (EoDeviceView   *self);
/* Page Down (@down) or Page Up with @mods (Ctrl, Shift) from the focused
 * row, as the key does: FALSE when it is left to the list. */
gboolean       _eo_device_view_move_page              (EoDeviceView   *self,
                                                       gboolean        down,
                                                       GdkModifierType mods);
void           _eo_device_view_phone_init             (EoDeviceView   *self);
void           _eo_device_view_phone_dispose          (EoDeviceView   *self);
/* For the tests. */
GtkColumnViewColumn *_eo_device_view_get_phone_column (EoDeviceView   *self);

/* For the tests. The table's cells make their tooltips when GTK asks
 * (query-tooltip), from the item shown then: gtk_widget_get_tooltip_text()
 * has nothing to read. */

/* TRUE when @cell (a cell's child widget) gives its tooltip on demand. */
gboolean       _eo_device_view_cell_has_query_tooltip (GtkWidget *cell);
/* The tooltip @cell would show now, or NULL for none. */
char          *_eo_device_view_dup_cell_tooltip       (GtkWidget *cell);

G_END_DECLS
