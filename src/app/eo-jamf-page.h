/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-application.h"

G_BEGIN_DECLS

#define EO_TYPE_JAMF_PAGE (eo_jamf_page_get_type ())
G_DECLARE_FINAL_TYPE (EoJamfPage, eo_jamf_page, EO, JAMF_PAGE, AdwPreferencesPage)

/* Preferences → Jamf Pro: the server URL and API client ID (GSettings
 * jamf-url, jamf-client-id), the client secret (keyring, eo-jamf-secret),
 * and a connection test (a token and one device read). In demo mode
 * (--demo-jamf) it only says so. */
EoJamfPage *eo_jamf_page_new      (EoApplication *application);
/* TRUE while a keyring call or a connection test runs ("busy"). */
gboolean    eo_jamf_page_get_busy (EoJamfPage    *self);

G_END_DECLS
