/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-column-guess.h"
#include "eo-column-map.h"

G_BEGIN_DECLS

/* The Choose Columns step: each column of a list the application could
 * not read by itself (its header and a few values), and three choices:
 * which column holds the EIDs, the names and (optionally) the ICCIDs. It
 * emits "open" when the admin confirms, "cancel" when they go back. */

#define EO_TYPE_COLUMN_CHOOSER (eo_column_chooser_get_type ())
G_DECLARE_FINAL_TYPE (EoColumnChooser, eo_column_chooser, EO, COLUMN_CHOOSER, GtkWidget)

GtkWidget   *eo_column_chooser_new        (void);
/* Shows @sample (copied) of the list named @display_name; the likely
 * columns are chosen already (by their header names, else by content). */
void         eo_column_chooser_set_sample (EoColumnChooser      *self,
                                           const EoColumnSample *sample,
                                           const char           *display_name);
/* The columns chosen (0-based; -1 for none: names, ICCIDs). */
int          eo_column_chooser_get_column (EoColumnChooser      *self,
                                           EoColumn              column);
void         eo_column_chooser_set_column (EoColumnChooser      *self,
                                           EoColumn              column,
                                           int                   position);
/* The choice as a map (positions, absent roles said so). */
EoColumnMap *eo_column_chooser_dup_map    (EoColumnChooser      *self);
/* Names the header, for the remembered choices; NULL without a header. */
const char  *eo_column_chooser_get_signature (EoColumnChooser   *self);

G_END_DECLS
