/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-jamf-picker.h"
#include "eo-jamf-picker-item.h"

G_BEGIN_DECLS

/* eo-jamf-picker.c: a row's check button was clicked. */
void                _eo_jamf_picker_toggle          (EoJamfPicker     *self,
                                                     EoJamfPickerItem *item,
                                                     gboolean          selected);
/* eo-jamf-picker-rows.c: the factory of the list's rows. */
GtkListItemFactory *_eo_jamf_picker_row_factory_new (void);

G_END_DECLS
