/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-picker-item"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "eo-jamf-picker-item.h"

struct _EoJamfPickerItem
{
  GObject      parent_instance;

  EoMdmDevice *device;
  /* Name, serial, model and EID, folded once for the search. */
  char        *haystack;
  char        *assigned;
  gboolean     selected;
};

G_DEFINE_FINAL_TYPE (EoJamfPickerItem, eo_jamf_picker_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_ASSIGNED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static void
eo_jamf_picker_item_finalize (GObject *object)
{
  EoJamfPickerItem *self = EO_JAMF_PICKER_ITEM (object);

  g_clear_pointer (&self->device, eo_mdm_device_free);
  g_free (self->haystack);
  g_free (self->assigned);

  G_OBJECT_CLASS (eo_jamf_picker_item_parent_class)->finalize (object);
}

static void
eo_jamf_picker_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  EoJamfPickerItem *self = EO_JAMF_PICKER_ITEM (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;
    case PROP_ASSIGNED:
      g_value_set_string (value, self->assigned);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_jamf_picker_item_class_init (EoJamfPickerItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eo_jamf_picker_item_finalize;
  object_class->get_property = eo_jamf_picker_item_get_property;

  properties[PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSIGNED] =
    g_param_spec_string ("assigned", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eo_jamf_picker_item_init (EoJamfPickerItem *self)
{
}

EoJamfPickerItem *
eo_jamf_picker_item_new (EoMdmDevice *device)
{
  EoJamfPickerItem *self;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (device != NULL, NULL);

  self = g_object_new (EO_TYPE_JAMF_PICKER_ITEM, NULL);
  self->device = device;
  joined = g_strjoin ("\n", device->name != NULL ? device->name : "", device->serial != NULL ? device->serial : "",
                      device->model != NULL ? device->model : "", device->eid != NULL ? device->eid : "", NULL);
  self->haystack = fold (joined);
  return self;
}

const EoMdmDevice *
eo_jamf_picker_item_get_device (EoJamfPickerItem *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER_ITEM (self), NULL);

  return self->device;
}

gboolean
eo_jamf_picker_item_get_selectable (EoJamfPickerItem *self)
{
  return eo_jamf_picker_item_get_skip_reason (self) == NULL;
}

const char *
eo_jamf_picker_item_get_skip_reason (EoJamfPickerItem *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER_ITEM (self), NULL);

  if (self->device->eid == NULL)
    return _("Skipped: Jamf Pro reports no EID (no eSIM to assign)");
  if (self->device->management_id == NULL)
    return _("Skipped: Jamf Pro reports no management ID");
  return NULL;
}

gboolean
eo_jamf_picker_item_get_selected (EoJamfPickerItem *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER_ITEM (self), FALSE);

  return self->selected;
}

gboolean
eo_jamf_picker_item_set_selected (EoJamfPickerItem *self,
                                  gboolean          selected)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER_ITEM (self), FALSE);

  selected = !!selected && eo_jamf_picker_item_get_selectable (self);
  if (self->selected == selected)
    return FALSE;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  return TRUE;
}

const char *
eo_jamf_picker_item_get_assigned (EoJamfPickerItem *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER_ITEM (self), NULL);

  return self->assigned;
}

void
eo_jamf_picker_item_set_assigned (EoJamfPickerItem *self,
                                  const char       *text)
{
  g_return_if_fail (EO_IS_JAMF_PICKER_ITEM (self));

  if (g_strcmp0 (self->assigned, text) == 0)
    return;
  g_free (self->assigned);
  self->assigned = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNED]);
}

gboolean
eo_jamf_picker_item_matches (EoJamfPickerItem *self,
                             const char       *folded)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER_ITEM (self), FALSE);

  return folded == NULL || *folded == '\0' || strstr (self->haystack, folded) != NULL;
}
