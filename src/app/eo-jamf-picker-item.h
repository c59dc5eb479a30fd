/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "eo-mdm-connector.h"

G_BEGIN_DECLS

/* One phone of the Jamf Pro picker: the MDM's device, whether it is
 * chosen, and what the local history says of its EID. */

#define EO_TYPE_JAMF_PICKER_ITEM (eo_jamf_picker_item_get_type ())
G_DECLARE_FINAL_TYPE (EoJamfPickerItem, eo_jamf_picker_item, EO, JAMF_PICKER_ITEM, GObject)

/* Takes @device. */
EoJamfPickerItem  *eo_jamf_picker_item_new          (EoMdmDevice      *device);
const EoMdmDevice *eo_jamf_picker_item_get_device   (EoJamfPickerItem *self);
/* A phone without an EID (or a management ID) cannot be chosen. */
gboolean           eo_jamf_picker_item_get_selectable (EoJamfPickerItem *self);
/* Why it cannot be chosen (NULL when it can). */
const char        *eo_jamf_picker_item_get_skip_reason (EoJamfPickerItem *self);
gboolean           eo_jamf_picker_item_get_selected (EoJamfPickerItem *self);
/* TRUE if it changed ("selected" notified); never for a skipped phone. */
gboolean           eo_jamf_picker_item_set_selected (EoJamfPickerItem *self,
                                                     gboolean          selected);
/* "Already assigned on …", or NULL ("assigned" notified). */
const char        *eo_jamf_picker_item_get_assigned (EoJamfPickerItem *self);
void               eo_jamf_picker_item_set_assigned (EoJamfPickerItem *self,
                                                     const char       *text);
/* Whether the name, serial number, model or EID holds @folded (a text
 * from g_utf8_casefold of g_utf8_normalize; "" matches all). */
gboolean           eo_jamf_picker_item_matches      (EoJamfPickerItem *self,
                                                     const char       *folded);

G_END_DECLS
