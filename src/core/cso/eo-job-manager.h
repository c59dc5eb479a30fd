/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-history.h"
#include "eo-secret-store.h"
#include "eo-upload-job.h"

G_BEGIN_DECLS

/* The simulator's demo account (cso-simulator --demo). */
#define EO_DEMO_CUSTOMER "demo"
#define EO_DEMO_KEY      "demo-key"

/**
 * EoJobManager:
 * The application's upload jobs that outlive a window: on start it loads
 * the history (in the background) and resumes polling every upload left
 * ACCEPTED by an earlier run. Uploads whose outcome is unknown are never
 * sent again. Windows show the jobs; other code may add its own jobs
 * with eo_job_manager_add_job() so that they are found by record.
 *
 * Signals:
 *   "loaded" (void): the history is loaded (see get_n_skipped).
 *   "job-added" (EoUploadJob *job)
 *   "job-finished" (EoUploadJob *job): every device of the job is final.
 *   "job-failed" (EoUploadJob *job, const char *message): polling gave up
 *                or could not start (no key in the keyring).
 *   "job-held" (EoUploadRecord *record): an upload left ACCEPTED whose
 *                last follow-up did not finish (the process following it
 *                died, perhaps because of its answers) is not resumed; its
 *                record says so. eo_job_manager_continue() resumes it.
 *   "follow-changed" (EoUploadRecord *record): a job of this process
 *                started or stopped following or checking @record.
 */
#define EO_TYPE_JOB_MANAGER (eo_job_manager_get_type ())
G_DECLARE_FINAL_TYPE (EoJobManager, eo_job_manager, EO, JOB_MANAGER, GObject)

/* @demo_server: URL of the simulator in demo mode (its uploads use the
 * demo account's key), or NULL. */
EoJobManager *eo_job_manager_new            (EoHistory     *history,
                                             EoSecretStore *secret_store,
                                             const char    *demo_server);
EoHistory    *eo_job_manager_get_history    (EoJobManager  *self);
void          eo_job_manager_set_demo_server (EoJobManager *self,
                                             const char    *demo_server);
/* Loads the history and resumes the unfinished uploads. Once only. */
void          eo_job_manager_start          (EoJobManager  *self);
gboolean      eo_job_manager_get_loaded     (EoJobManager  *self);
/* Files skipped as unreadable by the load. */
guint         eo_job_manager_get_n_skipped  (EoJobManager  *self);
/* Returns the number of skipped files the first time only (0 after), so
 * that one window reports them once. */
guint         eo_job_manager_take_skipped_report (EoJobManager *self);
/* Polling intervals of the jobs resumed from now on (tests). */
void          eo_job_manager_set_intervals  (EoJobManager  *self,
                                             guint          first_ms,
                                             guint          max_ms);
void          eo_job_manager_add_job        (EoJobManager  *self,
                                             EoUploadJob   *job);
/* The job following @record, or NULL. (transfer none) */
EoUploadJob  *eo_job_manager_lookup_job     (EoJobManager  *self,
                                             EoUploadRecord *record);
/* Jobs known (running or ended), oldest first. (transfer none) */
GPtrArray    *eo_job_manager_get_jobs       (EoJobManager  *self);
/* The key for @customer on @server: the demo key for the demo server,
 * otherwise from the keyring. NULL result without error: no key stored. */
void          eo_job_manager_lookup_key_async  (EoJobManager  *self,
                                                const char    *server,
                                                const char    *customer,
                                                GCancellable  *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer       user_data);
char         *eo_job_manager_lookup_key_finish (EoJobManager  *self,
                                                GAsyncResult  *result,
                                                GError       **error);
/* Resumes an upload held back at start ("job-held"), on the admin's say. */
void          eo_job_manager_continue       (EoJobManager   *self,
                                             EoUploadRecord *record);
/* Picking an upload up again. Demo uploads (the record's demo flag, or
 * the demo customer in older files) are followed only in demo mode, on
 * the demo server running now, and never with a key from the keyring;
 * other uploads only outside demo mode. Given-up uploads are never
 * resumed at start. */

/* Followed now: by a job of this process, or by another live process
 * (its mark in the history folder). */
gboolean      eo_job_manager_is_followed    (EoJobManager   *self,
                                             EoUploadRecord *record);
/* A check (one status read) of @record is under way. */
gboolean      eo_job_manager_is_checking    (EoJobManager   *self,
                                             EoUploadRecord *record);
/* eo_upload_record_dup_follow_label() with the above. */
char         *eo_job_manager_dup_follow_label (EoJobManager *self,
                                             EoUploadRecord *record);
/* A demo upload in demo mode, or another one outside it. */
gboolean      eo_job_manager_fits_mode      (EoJobManager   *self,
                                             EoUploadRecord *record);
/* Why @record cannot be followed or checked here (another mode, never
 * confirmed by the server), or NULL. */
const char   *eo_job_manager_get_unfollowable_reason (EoJobManager   *self,
                                                      EoUploadRecord *record);
/* Follow (resume polling; takes giving up back), Check Again (one read
 * now, or the next read of a followed upload now: "checked" on the job)
 * and Stop Following (the record stays ACCEPTED). A job is made when
 * there is none (its key read first; "job-failed" if there is none). */
void          eo_job_manager_follow         (EoJobManager   *self,
                                             EoUploadRecord *record);
void          eo_job_manager_check          (EoJobManager   *self,
                                             EoUploadRecord *record);
void          eo_job_manager_stop_following (EoJobManager   *self,
                                             EoUploadRecord *record);
/* Stops following @record, marks it given up with @reason, saves it. */
gboolean      eo_job_manager_give_up        (EoJobManager   *self,
                                             EoUploadRecord *record,
                                             const char     *reason,
                                             GError        **error);
/* Sends the devices of an upload whose outcome is unknown again, on the
 * admin's confirmation (@confirmed_by, NULL for the user name): once the
 * key is read, a new record (eo_upload_record_new_resend) is made, the
 * original saved with its link, and the new one's job added ("job-added")
 * and submitted. FALSE with @error when it cannot be re-sent. */
gboolean      eo_job_manager_resend         (EoJobManager   *self,
                                             EoUploadRecord *record,
                                             const char     *confirmed_by,
                                             GError        **error);
/* Stops polling (records stay ACCEPTED for the next run). */
void          eo_job_manager_shutdown       (EoJobManager  *self);

G_END_DECLS
