/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-client.h"
#include "eo-history.h"
#include "eo-poller.h"
#include "eo-upload-record.h"

G_BEGIN_DECLS

/*
 * EoUploadJob: one upload from first byte to last status, shared by the
 * GUI and the CLI so that both record, send and poll the same way.
 *
 * submit: the record (state SENDING, its devices = the rows sent) is saved
 * durably in the history BEFORE the POST; then the answer sets it ACCEPTED
 * (request id, SM-DP URL), REFUSED (server error) or OUTCOME_UNKNOWN (the
 * upload may have reached the server; never re-sent). Once accepted, an
 * EoPoller polls over the record's own EoDevice items and every status
 * change is saved (coalesced); when all devices are final the record is
 * FINISHED and saved.
 *
 * resume: for a record already ACCEPTED (after a restart), polls only.
 *
 * cancel: stops polling (the server's work goes on); the record stays
 * ACCEPTED so it can be resumed later.
 *
 * check: one status read now, of an upload nobody follows (then
 * "checked"), or the next read of a followed one brought forward. Every
 * read that answers sets the record's last-checked time.
 */
#define EO_TYPE_UPLOAD_JOB (eo_upload_job_get_type ())
G_DECLARE_FINAL_TYPE (EoUploadJob, eo_upload_job, EO, UPLOAD_JOB, GObject)

EoUploadJob    *eo_upload_job_new           (EoClient       *client,
                                             EoHistory      *history,
                                             EoUploadRecord *record);
EoUploadRecord *eo_upload_job_get_record    (EoUploadJob    *self);
/* NULL until the upload is accepted. */
EoPoller       *eo_upload_job_get_poller    (EoUploadJob    *self);
/* For tests and the CLI: forwarded to the poller when it is made. */
void            eo_upload_job_set_intervals (EoUploadJob    *self,
                                             guint           first_ms,
                                             guint           max_ms);
/* Sends @csv (the normalized CSV of exactly the record's devices). */
void            eo_upload_job_submit        (EoUploadJob    *self,
                                             GBytes         *csv,
                                             const char     *filename);
/* Resuming a given-up upload takes giving up back. */
void            eo_upload_job_resume        (EoUploadJob    *self);
void            eo_upload_job_cancel        (EoUploadJob    *self);
void            eo_upload_job_check         (EoUploadJob    *self);
gboolean        eo_upload_job_get_checking  (EoUploadJob    *self);
gboolean        eo_upload_job_get_running   (EoUploadJob    *self);

/*
 * Signals:
 *   "accepted" (void): the server took the upload; request id and SM-DP URL
 *                      are in the record.
 *   "updated"  (void): statuses were merged (counts in the poller/record).
 *   "finished" (void): every device is final; the record is FINISHED.
 *   "failed"   (GError *error): the upload was refused, its outcome is
 *                      unknown, or polling gave up; the record says which.
 *   "checked"  (GError *error or NULL): a check ended (the record is
 *                      saved); never emitted for a followed upload.
 */

G_END_DECLS
