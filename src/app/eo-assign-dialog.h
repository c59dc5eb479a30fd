/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses of the dialog. */
#define EO_ASSIGN_DIALOG_RESPONSE_CANCEL "cancel"
#define EO_ASSIGN_DIALOG_RESPONSE_ASSIGN "assign"

/* Asks before an upload: names the server, the customer and the number
 * of devices sent, and says how many rows with errors are left out and
 * how many devices already have an eSIM from an earlier upload
 * (@n_assigned of the @n_devices without errors: left out unless the
 * switch "Include devices already assigned" is turned on). An
 * alert of eo-dialogs.h (not presented yet): its "response" signal says
 * EO_ASSIGN_DIALOG_RESPONSE_ASSIGN or _CANCEL. */
GtkWidget *eo_assign_dialog_new            (const char *server,
                                            const char *customer,
                                            guint       n_devices,
                                            guint       n_left_out,
                                            guint       n_assigned,
                                            gboolean    demo);
/* TRUE if @widget is a dialog made by eo_assign_dialog_new (). */
gboolean   eo_is_assign_dialog             (gpointer    widget);
/* The devices that will be sent (as the switch is now). */
guint      eo_assign_dialog_get_n_devices  (GtkWidget  *dialog);
guint      eo_assign_dialog_get_n_left_out (GtkWidget  *dialog);
guint      eo_assign_dialog_get_n_assigned (GtkWidget  *dialog);
gboolean   eo_assign_dialog_get_include_assigned (GtkWidget *dialog);
/* The switch, or NULL when no device is assigned already. */
GtkWidget *eo_assign_dialog_get_include_switch (GtkWidget *dialog);

G_END_DECLS
