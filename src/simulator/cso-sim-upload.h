/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cso-sim-account.h"
#include "cso-sim-csv.h"

G_BEGIN_DECLS

#define CSO_SIM_TYPE_UPLOAD (cso_sim_upload_get_type ())
G_DECLARE_FINAL_TYPE (CsoSimUpload, cso_sim_upload, CSO_SIM, UPLOAD, GObject)

/* An accepted upload: its request id, its account and its device rows
 * (@rows: GPtrArray of CsoSimRow, transfer full). */
CsoSimUpload  *cso_sim_upload_new            (CsoSimAccount *account,
                                              GPtrArray     *rows);
const char    *cso_sim_upload_get_request_id (CsoSimUpload  *self);
CsoSimAccount *cso_sim_upload_get_account    (CsoSimUpload  *self);
guint          cso_sim_upload_get_n_rows     (CsoSimUpload  *self);
CsoSimRow     *cso_sim_upload_get_row        (CsoSimUpload  *self,
                                              guint          index);

G_END_DECLS
