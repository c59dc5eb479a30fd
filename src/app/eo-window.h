/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-application.h"

G_BEGIN_DECLS

#define EO_TYPE_WINDOW (eo_window_get_type ())
G_DECLARE_FINAL_TYPE (EoWindow, eo_window, EO, WINDOW, AdwApplicationWindow)

EoWindow   *eo_window_new        (EoApplication *application);
/* Loads @file in the background; the current list stays until it succeeds. */
void        eo_window_open_file  (EoWindow      *self,
                                  GFile         *file);
/* TRUE when the window shows no device list and is not loading one. */
gboolean    eo_window_is_empty   (EoWindow      *self);
/* The file of the list shown, or NULL. */
GFile      *eo_window_get_file   (EoWindow      *self);
gboolean    eo_window_is_loading (EoWindow      *self);

G_END_DECLS
