/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-upload-record.h"

G_BEGIN_DECLS

/**
 * EoHandoffDialog:
 * What to give the MDM once an upload is accepted: the SM-DP+ URL (with
 * copy), and for each MDM where it goes (Apple MDM RefreshCellularPlans
 * eSIMServerURL, Jamf Pro REFRESH_CELLULAR_PLANS esimServerUrl / Classic
 * e_sim_server_url, Intune iOS "Update cellular data plan", Windows'
 * bare host name), plus an "Export Results…" button (win.export-results
 * of the parent window).
 */
#define EO_TYPE_HANDOFF_DIALOG (eo_handoff_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EoHandoffDialog, eo_handoff_dialog, EO, HANDOFF_DIALOG, AdwWindow)

EoHandoffDialog *eo_handoff_dialog_new            (GtkWindow       *parent,
                                                   EoUploadRecord  *record);
EoUploadRecord  *eo_handoff_dialog_get_record     (EoHandoffDialog *self);
/* The URL to push, and the bare host (NULL when the server gave none). */
const char      *eo_handoff_dialog_get_server_url (EoHandoffDialog *self);
const char      *eo_handoff_dialog_get_host       (EoHandoffDialog *self);

G_END_DECLS
