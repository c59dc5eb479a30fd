/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

/* The device table's sorting: what the column headers ask for. */

#include "config.h"

#include <adwaita.h>

#include "eo-device.h"
#include "eo-device-view-private.h"

/* The column headers drive GtkColumnView's sorter, but the rows are not
 * sorted by it: GtkSortListModel would compare items on the main loop,
 * two million comparisons for 100,000 rows. EoDeviceOrder sorts on a
 * worker; this file tells it what the headers ask for.
 *
 * GTK 4.8 has no way to ask a GtkColumnViewSorter which column sorts
 * (gtk_column_view_sorter_get_primary_sort_column() is 4.10). So each
 * column's own sorter, which nothing else calls, notes its key when it
 * is asked and says "smaller": the column view's sorter asks its primary
 * column first, and turns the answer round when that column sorts
 * descending. One comparison tells both, on every GTK version. */

typedef struct
{
  EoDeviceView    *view;  /* not a reference: the columns are the view's */
  EoDeviceSortKey  key;
} Probe;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  Probe *probe = user_data;

  probe->view->probe_key = probe->key;
  return -1;
}

static void
set_column_sorter (EoDeviceView        *self,
                   GtkColumnViewColumn *column,
                   EoDeviceSortKey      key)
{
  g_autoptr(GtkSorter) sorter = NULL;
  Probe *probe = g_new (Probe, 1);

  probe->view = self;
  probe->key = key;
  sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, probe, g_free));
  gtk_column_view_column_set_sorter (column, sorter);
}

void
_eo_device_view_set_up_sorters (EoDeviceView *self)
{
  set_column_sorter (self, self->line_column, EO_DEVICE_SORT_LINE);
  set_column_sorter (self, self->status_column, EO_DEVICE_SORT_SEVERITY);
  set_column_sorter (self, self->name_column, EO_DEVICE_SORT_NAME);
  set_column_sorter (self, self->eid_column, EO_DEVICE_SORT_EID);
  set_column_sorter (self, self->iccid_column, EO_DEVICE_SORT_ICCID);
  set_column_sorter (self, self->upload_column, EO_DEVICE_SORT_STATUS);
  set_column_sorter (self, self->problem_column, EO_DEVICE_SORT_PROBLEM);
}

void
_eo_device_view_read_sort (EoDeviceView    *self,
                           EoDeviceSortKey *key,
                           gboolean        *descending)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering result;

  self->probe_key = EO_DEVICE_SORT_NONE;
  /* Two distinct objects (a sorter may take the same one twice as
   * equal); the column sorters do not look at them. */
  result = gtk_sorter_compare (sorter, self, self->column_view);
  *key = result == GTK_ORDERING_EQUAL ? EO_DEVICE_SORT_NONE : self->probe_key;
  *descending = result == GTK_ORDERING_LARGER;
}
