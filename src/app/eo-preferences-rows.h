/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What the pages of Preferences share: a status row (an icon and a
 * subtitle: what the keyring holds) and a connection test's result (an
 * icon and a sentence under the test's row). */

/* @css_class: "success", "error", "dim-label" or NULL. */
void  eo_status_row_set        (AdwActionRow *row,
                                GtkImage     *icon,
                                const char   *icon_name,
                                const char   *css_class,
                                const char   *text);
void  eo_status_row_set_busy   (GtkSpinner   *spinner,
                                gboolean      busy);
void  eo_test_result_show      (GtkWidget    *box,
                                GtkImage     *icon,
                                GtkLabel     *label,
                                gboolean      success,
                                const char   *text);
void  eo_test_result_hide      (GtkWidget    *box,
                                GtkLabel     *label);
/* The text of an entry row, trimmed (new string). */
char *eo_entry_row_dup_text    (AdwEntryRow  *row);

G_END_DECLS
