/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-record-devices"

#include "config.h"

#include <string.h>

#include "eo-record-devices.h"

struct _EoRecordDevices
{
  GObject    parent_instance;

  GPtrArray *devices; /* EoDevice (ref) */
};

static void eo_record_devices_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (EoRecordDevices, eo_record_devices, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, eo_record_devices_list_model_init))

static GType
get_item_type (GListModel *model)
{
  return EO_TYPE_DEVICE;
}

static guint
get_n_items (GListModel *model)
{
  return EO_RECORD_DEVICES (model)->devices->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  EoRecordDevices *self = EO_RECORD_DEVICES (model);

  if (position >= self->devices->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->devices, position));
}

static void
eo_record_devices_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
eo_record_devices_finalize (GObject *object)
{
  EoRecordDevices *self = EO_RECORD_DEVICES (object);

  g_clear_pointer (&self->devices, g_ptr_array_unref);

  G_OBJECT_CLASS (eo_record_devices_parent_class)->finalize (object);
}

static void
eo_record_devices_class_init (EoRecordDevicesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eo_record_devices_finalize;
}

static void
eo_record_devices_init (EoRecordDevices *self)
{
  self->devices = g_ptr_array_new_with_free_func (g_object_unref);
}

EoRecordDevices *
eo_record_devices_new (void)
{
  return g_object_new (EO_TYPE_RECORD_DEVICES, NULL);
}

void
eo_record_devices_append (EoRecordDevices  *self,
                          EoDevice        **devices,
                          guint             n_devices)
{
  g_return_if_fail (EO_IS_RECORD_DEVICES (self));

  eo_record_devices_splice (self, self->devices->len, 0, devices, n_devices);
}

void
eo_record_devices_splice (EoRecordDevices  *self,
                          guint             position,
                          guint             n_removals,
                          EoDevice        **additions,
                          guint             n_additions)
{
  guint n_after;

  g_return_if_fail (EO_IS_RECORD_DEVICES (self));
  g_return_if_fail (position <= self->devices->len);
  g_return_if_fail (n_removals <= self->devices->len - position);
  g_return_if_fail (additions != NULL || n_additions == 0);

  if (n_removals == 0 && n_additions == 0)
    return;
  /* Referenced first: an addition may be one of the devices removed. */
  for (guint i = 0; i < n_additions; i++)
    g_object_ref (additions[i]);
  if (n_removals > 0)
    g_ptr_array_remove_range (self->devices, position, n_removals);
  n_after = self->devices->len - position;
  g_ptr_array_set_size (self->devices, self->devices->len + n_additions);
  memmove (self->devices->pdata + position + n_additions, self->devices->pdata + position,
           n_after * sizeof (gpointer));
  for (guint i = 0; i < n_additions; i++)
    self->devices->pdata[position + i] = additions[i];
  g_list_model_items_changed (G_LIST_MODEL (self), position, n_removals, n_additions);
}
