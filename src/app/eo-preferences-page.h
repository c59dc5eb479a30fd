/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-application.h"

G_BEGIN_DECLS

#define EO_TYPE_PREFERENCES_PAGE (eo_preferences_page_get_type ())
G_DECLARE_FINAL_TYPE (EoPreferencesPage, eo_preferences_page, EO, PREFERENCES_PAGE, AdwPreferencesPage)

/* The account of @application: customer ID and server (GSettings), API
 * key (keyring), and a connection test. In demo mode it only says so. */
EoPreferencesPage *eo_preferences_page_new      (EoApplication       *application);
/* TRUE while a keyring call or a connection test runs ("busy" property). */
gboolean             eo_preferences_page_get_busy (EoPreferencesPage *self);

G_END_DECLS
