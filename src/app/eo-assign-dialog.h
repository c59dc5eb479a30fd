/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses of the dialog. */
#define EO_ASSIGN_DIALOG_RESPONSE_CANCEL "cancel"
#define EO_ASSIGN_DIALOG_RESPONSE_ASSIGN "assign"

/* Asks before an upload: names the server, the customer and the number
 * of devices sent, and says how many rows with errors are left out. An
 * alert of eo-dialogs.h (not presented yet): its "response" signal says
 * EO_ASSIGN_DIALOG_RESPONSE_ASSIGN or _CANCEL. */
GtkWidget *eo_assign_dialog_new            (const char *server,
                                            const char *customer,
                                            guint       n_devices,
                                            guint       n_left_out,
                                            gboolean    demo);
/* TRUE if @widget is a dialog made by eo_assign_dialog_new (). */
gboolean   eo_is_assign_dialog             (gpointer    widget);
guint      eo_assign_dialog_get_n_devices  (GtkWidget  *dialog);
guint      eo_assign_dialog_get_n_left_out (GtkWidget  *dialog);

G_END_DECLS
