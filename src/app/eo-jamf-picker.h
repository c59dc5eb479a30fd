/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-history.h"
#include "eo-mdm-connector.h"

G_BEGIN_DECLS

/* Import from Jamf Pro: every mobile device of the MDM, read page by page
 * (the list usable while it loads, a progress bar, Cancel), searched by
 * name, serial number or model, chosen one by one or all/none of those
 * shown; a phone without an EID is listed as skipped with the reason, a
 * phone the local history already assigned is marked. "import" gives the
 * choice as a device list (CSV, eo_mdm_device_list_csv), "cancel" goes
 * back. */

#define EO_TYPE_JAMF_PICKER (eo_jamf_picker_get_type ())
G_DECLARE_FINAL_TYPE (EoJamfPicker, eo_jamf_picker, EO, JAMF_PICKER, AdwBin)

GtkWidget  *eo_jamf_picker_new           (void);
/* Reads the devices of @connector (again: the earlier ones go); marks
 * those @history (may be NULL) assigned. */
void        eo_jamf_picker_start         (EoJamfPicker   *self,
                                          EoMdmConnector *connector,
                                          EoHistory      *history);
/* Says why the devices cannot be read (no connector). */
void        eo_jamf_picker_show_error    (EoJamfPicker   *self,
                                          const char     *message);
/* Stops reading and forgets the devices. */
void        eo_jamf_picker_stop          (EoJamfPicker   *self);
/* While pages come ("loading" notified when it ends). */
gboolean    eo_jamf_picker_get_loading   (EoJamfPicker   *self);
guint       eo_jamf_picker_get_n_loaded  (EoJamfPicker   *self);
/* The inventory's size as Jamf Pro says it (0 before the first page). */
guint       eo_jamf_picker_get_n_total   (EoJamfPicker   *self);
guint       eo_jamf_picker_get_n_selected (EoJamfPicker  *self);
/* The phones shown (EoJamfPickerItem), the search applied. */
GListModel *eo_jamf_picker_get_shown     (EoJamfPicker   *self);
/* Every phone read so far, in the order the pages came. */
GListModel *eo_jamf_picker_get_items     (EoJamfPicker   *self);
/* TRUE while a search, a Select All/None or the history's marks are
 * still being applied (in slices). */
gboolean    eo_jamf_picker_get_busy      (EoJamfPicker   *self);
void        eo_jamf_picker_set_search    (EoJamfPicker   *self,
                                          const char     *text);
/* Select All/None: the phones shown (matching the search). */
void        eo_jamf_picker_select_shown  (EoJamfPicker   *self,
                                          gboolean        selected);

G_END_DECLS
