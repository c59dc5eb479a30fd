/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "eo-upload-job.h"

G_BEGIN_DECLS

#define EO_TYPE_UPLOAD_PANEL (eo_upload_panel_get_type ())
G_DECLARE_FINAL_TYPE (EoUploadPanel, eo_upload_panel, EO, UPLOAD_PANEL, GtkWidget)

/* Follows one upload job: a progress bar ("412 of 1,000 done · 3
 * failed"), the request id and the SM-DP+ URL with copy buttons, a
 * button for win.cancel-upload, and what happened when it ends. */
GtkWidget   *eo_upload_panel_new               (void);
EoUploadJob *eo_upload_panel_get_job           (EoUploadPanel *self);
void         eo_upload_panel_set_job           (EoUploadPanel *self,
                                                EoUploadJob   *job);
/* What the panel shows (for tests and accessibility checks). */
const char  *eo_upload_panel_get_title         (EoUploadPanel *self);
const char  *eo_upload_panel_get_progress_text (EoUploadPanel *self);
double       eo_upload_panel_get_fraction      (EoUploadPanel *self);
const char  *eo_upload_panel_get_request_id    (EoUploadPanel *self);
const char  *eo_upload_panel_get_server_url    (EoUploadPanel *self);
/* The explanation under the bar ("" when none). */
const char  *eo_upload_panel_get_message       (EoUploadPanel *self);
/* The phones' answers after Push to Phones ("Pushed 20 · Acknowledged
 * 18 · …") with Check Now and Push Again; NULL hides them. */
void         eo_upload_panel_set_phones        (EoUploadPanel *self,
                                                const char    *text);
const char  *eo_upload_panel_get_phones        (EoUploadPanel *self);
/* Push to Phones as the suggested step, or not once every phone of the
 * upload was sent the address (its tooltip says so). */
void         eo_upload_panel_set_push_suggested (EoUploadPanel *self,
                                                 gboolean       suggested);
void         eo_upload_panel_set_compact       (EoUploadPanel *self,
                                                gboolean       compact);
gboolean     eo_upload_panel_get_compact       (EoUploadPanel *self);
/* "412 of 1,000 done · 3 failed" */
char        *eo_upload_panel_format_progress   (guint          n_done,
                                                guint          n_total,
                                                guint          n_failed);

G_END_DECLS
