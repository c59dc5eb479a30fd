/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-status-cell.h"

G_BEGIN_DECLS

/* For the tests: the layout @self draws its text with (shared with the
 * cells of its table saying the same), NULL before it was first drawn or
 * without text. */
PangoLayout *_eo_status_cell_get_layout (EoStatusCell *self);

G_END_DECLS
