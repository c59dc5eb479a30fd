/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "eo-device.h"
#include "eo-device-list.h"
#include "eo-message.h"

G_BEGIN_DECLS

/* Version of the on-disk JSON shape written by eo_upload_record_to_json().
 * Files with another version are refused (never half-read). */
#define EO_UPLOAD_RECORD_SCHEMA_VERSION 1
/* Value of the "format" member that marks our files. */
#define EO_UPLOAD_RECORD_FORMAT "esim-onboard-upload"

/**
 * EoUploadState:
 * @EO_UPLOAD_STATE_SENDING: recorded just before the POST was sent.
 * @EO_UPLOAD_STATE_OUTCOME_UNKNOWN: the answer never came (connection lost,
 *   process killed): the server may or may not have the upload. Never
 *   re-sent automatically.
 * @EO_UPLOAD_STATE_REFUSED: the server answered with an error (kept in
 *   error-message).
 * @EO_UPLOAD_STATE_ACCEPTED: request id and SM-DP URL known; polling.
 * @EO_UPLOAD_STATE_FINISHED: every device is final (SUCCESS or FAILED).
 * @EO_UPLOAD_STATE_NOT_SENT: the POST provably never reached the server
 *   (the connection could not be made, or the upload was stopped or
 *   could not be recorded before it went out): nothing to check, it may
 *   be sent again.
 */
typedef enum
{
  EO_UPLOAD_STATE_SENDING = 0,
  EO_UPLOAD_STATE_OUTCOME_UNKNOWN,
  EO_UPLOAD_STATE_REFUSED,
  EO_UPLOAD_STATE_ACCEPTED,
  EO_UPLOAD_STATE_FINISHED,
  EO_UPLOAD_STATE_NOT_SENT,
} EoUploadState;

/* One change of a device's status, as seen by this client. */
typedef struct
{
  gint64          time_us;     /* wall clock, microseconds since the epoch (UTC) */
  EoDeviceStatus  status;
  char           *status_text; /* verbatim from the server, or NULL */
  char           *reason;      /* failure reason, or NULL */
} EoStatusChange;

/* Stable machine names ("sending", "outcome-unknown", "refused",
 * "accepted", "finished", "not-sent"): used in files and in the CLI's JSON. */
const char     *eo_upload_state_to_string           (EoUploadState   state);
gboolean        eo_upload_state_from_string         (const char     *str,
                                                     EoUploadState  *state);
/* Translated, for people ("Sending", "Sent, outcome unknown", …). */
const char     *eo_upload_state_to_label            (EoUploadState   state);
/* "none", "pending", "success", "failed". */
const char     *eo_upload_device_status_to_string   (EoDeviceStatus  status);
gboolean        eo_upload_device_status_from_string (const char     *str,
                                                     EoDeviceStatus *status);

/**
 * EoUploadRecord:
 * One upload, as kept in the history. It holds the devices that were sent
 * (a GListModel of EoDevice, the same objects a poller updates: give
 * eo_upload_record_get_devices() to eo_poller_set_devices()). Every status
 * change of a device is appended to that device's history, and when all
 * devices are final an ACCEPTED record becomes FINISHED by itself.
 *
 * Signals: "changed" (void): a device or the record changed; save it.
 * Properties (read-only, notified): state, request-id, server-url,
 * error-message, updated (unix µs).
 */
#define EO_TYPE_UPLOAD_RECORD (eo_upload_record_get_type ())
G_DECLARE_FINAL_TYPE (EoUploadRecord, eo_upload_record, EO, UPLOAD_RECORD, GObject)

/* A new record in state SENDING, with a fresh local id (random UUID), the
 * creation time (now) and the identity of this process as the sender.
 * @server: the CSO base URL; @customer_id: never the key; @source_name:
 * basename of the device list (may be NULL); @has_iccid_column: whether
 * the original file had an ICCID column. */
EoUploadRecord *eo_upload_record_new                (const char     *server,
                                                     const char     *customer_id,
                                                     const char     *source_name,
                                                     gboolean        has_iccid_column);
/* Adds a device as sent (eid, name, requested ICCID). The record keeps a
 * reference and follows the device's status changes. */
void            eo_upload_record_add_device         (EoUploadRecord *self,
                                                     EoDevice       *device);
/* Adds @n_devices devices as sent, in one change of the devices model. */
void            eo_upload_record_add_devices        (EoUploadRecord *self,
                                                     EoDevice      **devices,
                                                     guint           n_devices);
/* Adds one EoDevice per row of @list without errors: exactly the rows
 * eo_device_list_to_normalized_csv() sends. Returns how many. */
guint           eo_upload_record_add_devices_from_list (EoUploadRecord *self,
                                                        EoDeviceList   *list);

/* A row of the list that was not sent (the checks found an error in it,
 * or an earlier upload already assigned it), with why (copied): the
 * report lists them. eo_upload_record_add_devices_from_list() adds the
 * rows with errors itself. */
void            eo_upload_record_add_left_out       (EoUploadRecord     *self,
                                                     const char         *eid,
                                                     const char         *name,
                                                     const char         *iccid,
                                                     const EoMessage    *reason);
guint           eo_upload_record_get_n_left_out     (EoUploadRecord     *self);
/* Row @index's fields (the record's own; @iccid NULL when none asked
 * for) and its reason, said in the language of the moment. */
const char     *eo_upload_record_get_left_out       (EoUploadRecord     *self,
                                                     guint               index,
                                                     const char        **eid,
                                                     const char        **name,
                                                     const char        **iccid);
/* The names of the device list's extra columns (Serial Number, Model…),
 * whose values each device carries (eo_device_get_extra); set before the
 * devices are added. Never NULL (empty when none). */
void            eo_upload_record_set_extra_columns  (EoUploadRecord     *self,
                                                     const char * const *names);
const char * const *eo_upload_record_get_extra_columns (EoUploadRecord *self);
/* The first extra column that is a serial number, or -1. */
int             eo_upload_record_find_serial_column (EoUploadRecord *self);

const char     *eo_upload_record_get_local_id       (EoUploadRecord *self);
gint64          eo_upload_record_get_created        (EoUploadRecord *self);
/* Time of the last change (unix µs). */
gint64          eo_upload_record_get_updated        (EoUploadRecord *self);
/* Creation time as a local GDateTime (new reference). */
GDateTime      *eo_upload_record_dup_created_date_time (EoUploadRecord *self);
const char     *eo_upload_record_get_server         (EoUploadRecord *self);
const char     *eo_upload_record_get_customer_id    (EoUploadRecord *self);
const char     *eo_upload_record_get_source_name    (EoUploadRecord *self);
gboolean        eo_upload_record_get_has_iccid_column (EoUploadRecord *self);
EoUploadState   eo_upload_record_get_state          (EoUploadRecord *self);
/* Request id from the server, NULL before acceptance. */
const char     *eo_upload_record_get_request_id     (EoUploadRecord *self);
/* SM-DP+ URL from the server ("server_url" of the answer), or NULL. */
const char     *eo_upload_record_get_server_url     (EoUploadRecord *self);
/* Refusal message, reason of an unknown outcome or of not sending, or
 * last polling error: in the language of this process when the record
 * keeps it as a message (eo_upload_record_get_message()), else the text
 * as it was kept (records of older versions). */
const char     *eo_upload_record_get_error_message  (EoUploadRecord *self);
/* The code and parameters of that text, or NULL when only a text is kept. */
const EoMessage *eo_upload_record_get_message       (EoUploadRecord *self);

/* A GListModel of EoDevice, in file order. */
GListModel     *eo_upload_record_get_devices        (EoUploadRecord *self);
guint           eo_upload_record_get_n_devices      (EoUploadRecord *self);
/* Counts of the devices' statuses; NONE counts as pending. */
void            eo_upload_record_get_counts         (EoUploadRecord *self,
                                                     guint          *n_succeeded,
                                                     guint          *n_failed,
                                                     guint          *n_pending);
/* All of the counts, n_failed_flagged too. */
void            eo_upload_record_get_status_counts  (EoUploadRecord *self,
                                                     EoStatusCounts *counts);
/* Status changes of the device at @position, oldest first, *@n_changes
 * of them (owned by the record, valid until the next change), or NULL
 * when there is none or @position is out of range. */
const EoStatusChange *eo_upload_record_get_device_history (EoUploadRecord *self,
                                                           guint           position,
                                                           guint          *n_changes);

/* Whether @device (the very object) is one of the record's, and where. */
gboolean        eo_upload_record_find_device        (EoUploadRecord *self,
                                                     EoDevice       *device,
                                                     guint          *position);
/* State changes. Each updates "updated" and emits "changed". */
void            eo_upload_record_set_accepted       (EoUploadRecord *self,
                                                     const char     *request_id,
                                                     const char     *server_url);
void            eo_upload_record_set_refused        (EoUploadRecord *self,
                                                     const char     *message);
void            eo_upload_record_set_outcome_unknown (EoUploadRecord *self,
                                                      const char     *message);
/* Keeps the last polling error (NULL clears it); the state is unchanged. */
void            eo_upload_record_set_error_message  (EoUploadRecord *self,
                                                     const char     *message);
/* The same from an error: its message (eo_error_get_message()) is kept
 * as code and parameters, translated when shown; a plain error's text
 * as a text. */
void            eo_upload_record_set_refused_error  (EoUploadRecord *self,
                                                     const GError   *error);
void            eo_upload_record_set_outcome_unknown_error (EoUploadRecord *self,
                                                            const GError   *error);
/* NOT_SENT, with why. */
void            eo_upload_record_set_not_sent       (EoUploadRecord *self,
                                                     const GError   *error);
/* The last polling error (NULL clears it); the state is unchanged. */
void            eo_upload_record_set_error          (EoUploadRecord *self,
                                                     const GError   *error);
/* Forces a state (e.g. FINISHED after a resumed poll); prefer the above. */
void            eo_upload_record_set_state          (EoUploadRecord *self,
                                                     EoUploadState   state);

/* TRUE when the state is SENDING and the process that was sending still
 * runs (same boot, same pid, same start time). A SENDING record whose
 * sender is gone is an unknown outcome. */
gboolean        eo_upload_record_sender_is_alive    (EoUploadRecord *self);

/* Holds "changed" back for device changes until the matching thaw, which
 * emits it once if any device changed meanwhile (a status read touches
 * thousands of devices: one save and one redraw for all of them). State
 * changes of the record itself are never held back. Nests. */
void            eo_upload_record_freeze_changed     (EoUploadRecord *self);
void            eo_upload_record_thaw_changed       (EoUploadRecord *self);

/* The record as it is now, ready to be written on any thread: makes only
 * the parts of the devices that changed since the last snapshot, and
 * takes a reference to every other device's kept part, or its place in
 * the file last written (eo_upload_record_snapshot_done). */
typedef struct _EoUploadRecordSnapshot EoUploadRecordSnapshot;

EoUploadRecordSnapshot *eo_upload_record_snapshot   (EoUploadRecord         *self);
/* Makes again the kept parts of devices that changed, until @deadline_us
 * (monotonic): a snapshot after it only takes references. TRUE when none
 * is left to make. */
gboolean        eo_upload_record_refresh_parts      (EoUploadRecord         *self,
                                                     gint64                  deadline_us);
const char     *eo_upload_record_snapshot_get_local_id (EoUploadRecordSnapshot *snapshot);
/* The same document as eo_upload_record_to_data(), or NULL when the
 * file a snapshot copies devices from could not be read. Thread-safe. */
char           *eo_upload_record_snapshot_to_data   (EoUploadRecordSnapshot  *snapshot,
                                                     gsize                   *length,
                                                     GError                 **error);
/* Writes that document to @fd. Thread-safe. */
gboolean        eo_upload_record_snapshot_write     (EoUploadRecordSnapshot  *snapshot,
                                                     int                      fd,
                                                     GError                 **error);
/* The writer of @snapshot put it on disk; @fd (taken) is open on that
 * file. Thread-safe. */
void            eo_upload_record_snapshot_set_written (EoUploadRecordSnapshot *snapshot,
                                                     int                     fd);
/* On the record's thread, after @snapshot of @self was written (or not):
 * the devices that did not change since are then read back from that file
 * when needed, and their parts are no longer kept in memory. TRUE when
 * the file it copied from could not be read: then a new snapshot makes
 * every part again, and the save should be made again. */
gboolean        eo_upload_record_snapshot_done      (EoUploadRecord         *self,
                                                     EoUploadRecordSnapshot *snapshot);
void            eo_upload_record_snapshot_free      (EoUploadRecordSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoUploadRecordSnapshot, eo_upload_record_snapshot_free)

/* Serialization. from_json checks the whole shape: anything else than a
 * record of this schema version fails with EO_ERROR_STORE. */
JsonNode       *eo_upload_record_to_json            (EoUploadRecord *self);
char           *eo_upload_record_to_data            (EoUploadRecord *self,
                                                     gsize          *length);
EoUploadRecord *eo_upload_record_new_from_json      (JsonNode       *node,
                                                     GError        **error);
EoUploadRecord *eo_upload_record_new_from_data      (const char     *data,
                                                     gssize          length,
                                                     GError        **error);

/* Picking an upload up again (eo-upload-record-recovery.c). */

/* @text without control characters (line breaks become spaces), valid
 * UTF-8, at most @max_chars characters, stripped; NULL when empty. */
char           *eo_upload_record_clean_text         (const char     *text,
                                                     guint           max_chars);
/* The device list was edited in the app before it was sent (kept in the
 * file as "list_edited"; shown as "List edited before sending"). Set
 * before the first save. */
gboolean        eo_upload_record_get_list_edited    (EoUploadRecord *self);
void            eo_upload_record_set_list_edited    (EoUploadRecord *self,
                                                     gboolean        edited);
/* Made against the demo server (kept in the file as "demo"): followed
 * only in demo mode. Set before the first save. */
gboolean        eo_upload_record_get_demo           (EoUploadRecord *self);
void            eo_upload_record_set_demo           (EoUploadRecord *self,
                                                     gboolean        demo);
/* Time of the last status read that answered (unix µs), 0 for none. */
gint64          eo_upload_record_get_last_checked   (EoUploadRecord *self);
void            eo_upload_record_set_last_checked   (EoUploadRecord *self,
                                                     gint64          time_us);
/* Given up by the admin, with a reason: never followed again by itself
 * (Check Again still reads it; Follow takes giving up back). The state
 * stays what it was. */
gboolean        eo_upload_record_get_given_up       (EoUploadRecord *self);
gint64          eo_upload_record_get_given_up_time  (EoUploadRecord *self);
const char     *eo_upload_record_get_given_up_reason (EoUploadRecord *self);
/* TRUE for an upload not given up that is ACCEPTED, OUTCOME_UNKNOWN or
 * SENDING by a process that is gone. */
gboolean        eo_upload_record_can_give_up        (EoUploadRecord *self);
/* @reason is cleaned (eo_upload_record_clean_text, 500 characters) and
 * must not be empty. Emits "changed". */
gboolean        eo_upload_record_give_up            (EoUploadRecord *self,
                                                     const char     *reason,
                                                     GError        **error);
void            eo_upload_record_take_back_give_up  (EoUploadRecord *self);
/* Re-sending an upload whose outcome is unknown, on the admin's
 * confirmation: who confirmed and when (kept in both records), and each
 * record's link to the other (local ids), or NULL / 0. */
const char     *eo_upload_record_get_resent_from    (EoUploadRecord *self);
const char     *eo_upload_record_get_resent_as      (EoUploadRecord *self);
const char     *eo_upload_record_get_resend_confirmed_by (EoUploadRecord *self);
gint64          eo_upload_record_get_resend_confirmed (EoUploadRecord *self);
/* Only an upload whose outcome is unknown, with devices, not re-sent yet. */
gboolean        eo_upload_record_can_resend         (EoUploadRecord *self,
                                                     GError        **error);
/* A new record (SENDING) of the same devices as sent (EID, name,
 * requested ICCID), server, customer and demo flag; both records keep the
 * confirmation (@confirmed_by, NULL for the user name, and now) and their
 * link. @self emits "changed": save both. */
EoUploadRecord *eo_upload_record_new_resend         (EoUploadRecord *self,
                                                     const char     *confirmed_by,
                                                     GError        **error);
/* What to show instead of the state when it matters: "Given up on DATE:
 * REASON"; for an ACCEPTED upload "Not followed since DATE" (the last
 * status read, else the last change) unless @followed ("In progress");
 * NULL otherwise. */
char           *eo_upload_record_dup_follow_label   (EoUploadRecord *self,
                                                     gboolean        followed);
/* A device of an upload whose outcome is unknown, said plainly. */
const char     *eo_upload_record_get_unknown_device_text (void);
/* Why Follow is off for an upload of the other mode (@demo_mode: the app
 * runs in demo mode and the upload is not a demo one). */
const char     *eo_upload_record_get_demo_follow_text (gboolean demo_mode);

/* ISO 8601 UTC with microseconds, e.g. "2024-05-01T09:30:00.000001Z". */
char           *eo_upload_record_format_time        (gint64          time_us);

/* TRUE if @str is a UUID in the canonical lowercase/uppercase 8-4-4-4-12 form. */
gboolean        eo_upload_record_is_valid_local_id  (const char     *str);

G_END_DECLS
