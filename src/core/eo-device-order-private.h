/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What eo-device-order.c (the sort), eo-device-order-filter.c (the
 * filter) and eo-device-order-place.c (one row changed) share. Not for
 * other files. */

#include "eo-device-order.h"

G_BEGIN_DECLS

struct _EoDeviceOrder
{
  GObject          parent_instance;

  GListModel      *source;
  /* The source's items, in its order: a GListStore finds an item by
   * position in a tree, and GTK asks for every row after a sort (a
   * GtkSingleSelection looks for its selected item among them). */
  GPtrArray       *items;
  guint            n_items;      /* of the source, as last seen */
  guint           *perm;         /* shown position -> source position; NULL: as the source */
  EoDeviceSortKey  key;
  gboolean         descending;
  gboolean         pending;
  guint            generation;   /* of the sort whose result is wanted */
  GCancellable    *cancellable;
  guint            resort_id;

  /* The filter (eo-device-order-filter.c). */
  EoDeviceMatchFunc match;
  gpointer         match_data;
  guint8          *mask;         /* by source position: shown; NULL without a filter */
  guint           *shown;        /* shown position -> source position; NULL without a filter */
  guint            n_shown;
  gboolean         sorting;      /* a sort on its way */
  /* A filter's change being told to the view, step by step from the
   * end of the sorted order (eo-device-order-filter.c): the rows before
   * apply_split are the old ones (apply_old), the others the new ones
   * from apply_new_from on. */
  gboolean         applying;
  guint8          *apply_old_mask;  /* NULL: all were shown */
  guint           *apply_old;
  guint           *apply_new;
  guint            apply_n_new;
  guint            apply_cursor;    /* sorted index: from here on told */
  guint            apply_old_at;    /* old rows before the cursor */
  guint            apply_new_at;    /* new rows before the cursor */
  guint            apply_split;
  guint            apply_new_from;
  guint            apply_n;         /* rows shown meanwhile */
  guint            apply_id;
  guint64          n_reads;      /* rows read through GListModel */
};

/* The source position of the device shown at @position (all rows: the
 * sort's order, before any filter). */
static inline guint
_eo_device_order_sorted_at (EoDeviceOrder *self,
                            guint          position)
{
  return self->perm != NULL ? self->perm[position] : position;
}

/* Rows shown now. */
guint    _eo_device_order_n_shown          (EoDeviceOrder *self);
/* The source position of the row shown at @position (< n_shown). */
guint    _eo_device_order_source_position  (EoDeviceOrder *self,
                                            guint          position);
/* The filter's rows again after the order changed (same mask): no signal. */
void     _eo_device_order_rebuild_shown    (EoDeviceOrder *self);
/* Asks the filter about every device again and rebuilds: no signal. */
void     _eo_device_order_rematch          (EoDeviceOrder *self);
void     _eo_device_order_clear_filter     (EoDeviceOrder *self);
/* Tells the rest of a filter's change at once (before the order or the
 * source changes). */
void     _eo_device_order_finish_filter    (EoDeviceOrder *self);
void     _eo_device_order_update_pending   (EoDeviceOrder *self);

/* eo-device-order.c: the sort's keys (a text key is a collation key, to
 * compare with strcmp; @problem: the device's problem text). */
gboolean _eo_device_order_key_is_number    (EoDeviceSortKey key);
gint64   _eo_device_order_number_key       (EoDeviceSortKey key,
                                            EoDevice       *device);
char    *_eo_device_order_dup_text_key     (EoDeviceSortKey key,
                                            EoDevice       *device,
                                            const char     *problem);
/* Takes @added items of the source from @position into the mirror, in
 * place of @removed. */
void     _eo_device_order_mirror_source    (EoDeviceOrder *self,
                                            guint          position,
                                            guint          removed,
                                            guint          added);

/* eo-device-order-place.c: a change of one row of a sorted source put
 * at its sorted place and told; FALSE when it is not one (the caller
 * shows the source's order and sorts again). */
gboolean _eo_device_order_place_change     (EoDeviceOrder *self,
                                            guint          position,
                                            guint          removed,
                                            guint          added);

G_END_DECLS
