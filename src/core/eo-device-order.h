/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-device.h"

G_BEGIN_DECLS

/**
 * EoDeviceSortKey:
 * What an #EoDeviceOrder sorts by. Text is compared by collation keys,
 * case-folded except the EID's; ties keep the order shown before.
 * @EO_DEVICE_SORT_NONE: the source's own order.
 * @EO_DEVICE_SORT_SEVERITY: errors first, then warnings.
 * @EO_DEVICE_SORT_ICCID: requested ICCIDs first, in order, then the
 *   devices the server picks one for.
 */
typedef enum
{
  EO_DEVICE_SORT_NONE = 0,
  EO_DEVICE_SORT_LINE,
  EO_DEVICE_SORT_SEVERITY,
  EO_DEVICE_SORT_NAME,
  EO_DEVICE_SORT_EID,
  EO_DEVICE_SORT_ICCID,
  EO_DEVICE_SORT_STATUS,
  EO_DEVICE_SORT_PROBLEM,
} EoDeviceSortKey;

/**
 * EoDeviceOrder:
 * A GListModel of EoDevice: the devices of a source model in a sorted
 * order. The order is computed on a worker thread (the collation keys of
 * 100,000 names and the sort itself never run on the main loop); until
 * it is ready the model keeps showing the order it had, then changes in
 * one "items-changed" over all rows. A change of one row of the source
 * (replaced, removed or inserted: an edit) goes to its sorted place at
 * once, told from its old place to its new one; a larger change shows
 * the source's order at once, sorted again once the worker is done.
 * Property "pending" (read-only, notified): a sort is on its way.
 *
 * A filter (eo_device_order_set_filter) keeps the devices it matches, in
 * the same order. Matching is cheap (a device's own fields); what is not
 * is telling the view: a change of the filter or eo_device_order_refilter()
 * is told in a dozen "items-changed" at most (for 100,000 rows), one per
 * main-loop idle from the end of the list ("pending" meanwhile); a list
 * of up to 8,192 rows at once.
 */

typedef gboolean (*EoDeviceMatchFunc) (EoDevice *device,
                                       gpointer  user_data);

#define EO_TYPE_DEVICE_ORDER (eo_device_order_get_type ())
G_DECLARE_FINAL_TYPE (EoDeviceOrder, eo_device_order, EO, DEVICE_ORDER, GObject)

EoDeviceOrder  *eo_device_order_new          (GListModel      *source);
GListModel     *eo_device_order_get_source   (EoDeviceOrder   *self);
void            eo_device_order_set_source   (EoDeviceOrder   *self,
                                              GListModel      *source);
/* Sorts by @key, reversed with @descending. The key's values are read
 * now, on the calling thread: a device whose status or problem changes
 * later keeps its place until the next sort. */
void            eo_device_order_set_sort     (EoDeviceOrder   *self,
                                              EoDeviceSortKey  key,
                                              gboolean         descending);
EoDeviceSortKey eo_device_order_get_sort_key (EoDeviceOrder   *self);
gboolean        eo_device_order_get_descending (EoDeviceOrder *self);
gboolean        eo_device_order_get_pending  (EoDeviceOrder   *self);
/* Shows only the devices @match keeps (NULL: all of them), now. */
void            eo_device_order_set_filter   (EoDeviceOrder     *self,
                                              EoDeviceMatchFunc  match,
                                              gpointer           user_data);
/* Asks the filter again about every device (their statuses changed). */
void            eo_device_order_refilter     (EoDeviceOrder   *self);
/* Devices of the source, shown or not. */
guint           eo_device_order_get_n_source_items (EoDeviceOrder *self);
gboolean        eo_device_order_find         (EoDeviceOrder   *self,
                                              EoDevice        *device,
                                              guint           *position);
guint64         eo_device_order_get_n_reads  (EoDeviceOrder   *self);

G_END_DECLS
