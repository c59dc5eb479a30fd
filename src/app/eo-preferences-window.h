/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-application.h"

G_BEGIN_DECLS

#define EO_TYPE_PREFERENCES_WINDOW (eo_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (EoPreferencesWindow, eo_preferences_window, EO, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The account of @application: customer ID and server (GSettings), API
 * key (keyring), and a connection test. In demo mode it only says so. */
EoPreferencesWindow *eo_preferences_window_new      (EoApplication       *application);
/* TRUE while a keyring call or a connection test runs ("busy" property). */
gboolean             eo_preferences_window_get_busy (EoPreferencesWindow *self);

G_END_DECLS
