/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 names a button with a text label by that label *and* the
 * label child's text, mnemonic underline included ("_Open Open"). This
 * drops the button's own copy for every such button under @root, so that
 * screen readers say the text once ("Open"). Call it again after
 * gtk_button_set_label(). */
void eo_a11y_fix_button_names   (GtkWidget *root);

/* Shows only an icon on @button (narrow windows), or its label again,
 * keeping the same accessible name. A button with a text label gets
 * @icon_name; one whose child is an AdwButtonContent keeps its icon and
 * hides its label. */
void eo_a11y_set_button_compact (GtkButton  *button,
                                 gboolean    compact,
                                 const char *icon_name);

G_END_DECLS
