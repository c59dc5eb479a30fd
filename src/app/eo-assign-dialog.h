/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses of the dialog. */
#define EO_ASSIGN_DIALOG_RESPONSE_CANCEL "cancel"
#define EO_ASSIGN_DIALOG_RESPONSE_ASSIGN "assign"

#define EO_TYPE_ASSIGN_DIALOG (eo_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EoAssignDialog, eo_assign_dialog, EO, ASSIGN_DIALOG, AdwMessageDialog)

/* Asks before an upload: names the server, the customer and the number
 * of devices sent, and says how many rows with errors are left out. */
EoAssignDialog *eo_assign_dialog_new            (GtkWindow      *parent,
                                                 const char     *server,
                                                 const char     *customer,
                                                 guint           n_devices,
                                                 guint           n_left_out,
                                                 gboolean        demo);
guint           eo_assign_dialog_get_n_devices  (EoAssignDialog *self);
guint           eo_assign_dialog_get_n_left_out (EoAssignDialog *self);

G_END_DECLS
