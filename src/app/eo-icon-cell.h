/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * EoIconCell:
 * One cell of the device table's Check column: a 16 px symbolic icon in
 * the cell's CSS colour, drawn by the widget itself.
 *
 * A GtkImage given another icon queues a resize (gtk_image_clear), and
 * through its row the whole table and window are measured again: while
 * the table scrolls, every bound row whose check differs from the row it
 * showed before did. This cell is always 16 × 16: a new icon only
 * redraws it.
 *
 * Its accessible role is an image; whoever shows it names it.
 */
#define EO_TYPE_ICON_CELL (eo_icon_cell_get_type ())
G_DECLARE_FINAL_TYPE (EoIconCell, eo_icon_cell, EO, ICON_CELL, GtkWidget)

GtkWidget  *eo_icon_cell_new           (void);
/* @icon_name: a symbolic icon of the theme, or NULL for none. */
void        eo_icon_cell_set_icon_name (EoIconCell *self,
                                        const char *icon_name);
const char *eo_icon_cell_get_icon_name (EoIconCell *self);

/* @widget's @icon_name, EO_ICON_CELL_SIZE px, at @x, @y, in @color (also
 * for EoStatusCell). */
#define EO_ICON_CELL_SIZE 16
void        _eo_icon_cell_snapshot_icon (GtkWidget     *widget,
                                         GtkSnapshot   *snapshot,
                                         const char    *icon_name,
                                         const GdkRGBA *color,
                                         int            x,
                                         int            y);

/* @widget's CSS colour (GTK 4.10 has gtk_widget_get_color for it). */
void        _eo_icon_cell_get_color     (GtkWidget     *widget,
                                         GdkRGBA       *color);

G_END_DECLS
