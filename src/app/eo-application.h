/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EO_TYPE_APPLICATION (eo_application_get_type ())
G_DECLARE_FINAL_TYPE (EoApplication, eo_application, EO, APPLICATION, AdwApplication)

EoApplication *eo_application_new              (void);
GSettings     *eo_application_get_settings     (EoApplication *self);
/* URL of a CSO simulator given with --demo, or NULL. */
const char    *eo_application_get_demo_server  (EoApplication *self);

G_END_DECLS
