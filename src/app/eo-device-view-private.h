/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-device-view.h"

G_BEGIN_DECLS

/* For the tests. The table's cells make their tooltips when GTK asks
 * (query-tooltip), from the item shown then: gtk_widget_get_tooltip_text()
 * has nothing to read. */

/* TRUE when @cell (a cell's child widget) gives its tooltip on demand. */
gboolean       _eo_device_view_cell_has_query_tooltip (GtkWidget *cell);
/* The tooltip @cell would show now, or NULL for none. */
char          *_eo_device_view_dup_cell_tooltip       (GtkWidget *cell);

G_END_DECLS
