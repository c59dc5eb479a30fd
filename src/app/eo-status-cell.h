/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * EoStatusCell:
 * One cell of the device table's Status column: a 16 px symbolic icon and
 * one line of text (ellipsized), both in the cell's CSS colour, drawn by
 * the widget itself.
 *
 * It is made for many cells at once (a column made visible makes one a
 * row in sight): no PangoContext of its own (a GtkInscription or
 * GtkLabel creates one each, and measures its font through it), its size
 * read from font metrics kept once per table, and the text's PangoLayout
 * shared by the cells of the same table saying the same thing. A new
 * text or icon redraws the cell, never measures it again.
 *
 * Its accessible role is a label, named by its text.
 */
#define EO_TYPE_STATUS_CELL (eo_status_cell_get_type ())
G_DECLARE_FINAL_TYPE (EoStatusCell, eo_status_cell, EO, STATUS_CELL, GtkWidget)

GtkWidget  *eo_status_cell_new           (void);
/* @icon_name: a symbolic icon of the theme, or NULL; @text: NULL or "" for none. */
void        eo_status_cell_set           (EoStatusCell *self,
                                          const char   *icon_name,
                                          const char   *text);
/* "" when the cell says nothing. */
const char *eo_status_cell_get_text      (EoStatusCell *self);
const char *eo_status_cell_get_icon_name (EoStatusCell *self);

G_END_DECLS
