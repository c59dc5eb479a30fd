/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What eo-upload-record.c (the record and its devices) and
 * eo-upload-record-json.c (its file: writing, snapshots, reading) share.
 * Not for other files. */

#include "eo-json-writer.h"
#include "eo-record-devices.h"
#include "eo-upload-record.h"

G_BEGIN_DECLS

typedef struct _EoRecordFile EoRecordFile;
typedef struct _EoDevicePack EoDevicePack;
typedef struct _EoStatusHistory EoStatusHistory;

struct _EoUploadRecord
{
  GObject        parent_instance;

  char          *local_id;
  gint64         created_us;
  gint64         updated_us;
  char          *server;
  char          *customer_id;
  char          *source_name;
  gboolean       has_iccid_column;
  GStrv          extra_columns;  /* names, or NULL (eo-upload-record-columns.c) */
  GPtrArray     *left_out;       /* EoLeftOutRow, or NULL (eo-upload-record-left-out.c) */
  char          *left_out_json;  /* their part of the file, made once, or NULL */

  EoUploadState  state;
  char          *request_id;
  char          *server_url;
  char          *error_message;  /* shown: message said now, or the kept text */
  EoMessage     *message;        /* or NULL (a text only) */

  /* Picking an upload up again (eo-upload-record-recovery.c). */
  gboolean       demo;                /* made against the demo server */
  gboolean       list_edited;         /* the list was edited in the app before it was sent */
  gint64         last_checked_us;     /* last status read, 0 for never */
  gint64         given_up_us;         /* 0: not given up */
  char          *given_up_reason;
  char          *resent_from;         /* local id of the original */
  char          *resent_as;           /* local id of the re-sent copy */
  char          *resend_confirmed_by; /* who confirmed the re-send */
  gint64         resend_confirmed_us;

  /* Who was sending (meaningful in SENDING only). */
  gint64         sender_pid;
  char          *sender_boot_id;
  guint64        sender_start_time;

  EoRecordDevices *devices;
  /* DeviceEntry, in the order of devices */
  GPtrArray     *entries;
  /* DeviceEntry (unowned), a set by the entry's device */
  GHashTable    *by_device;
  /* Entries whose cached JSON must be made again (unowned, no repeats). */
  GPtrArray     *stale;
  /* The file last written, where the devices' parts with a file_length
   * are (eo-upload-record-snapshot.c), or NULL. */
  EoRecordFile  *parts_file;

  /* Counts of the devices' statuses, kept as they change. */
  EoStatusCounts counts;

  /* eo_upload_record_freeze_changed() depth, and whether a device changed
   * while frozen. */
  guint          freeze_count;
  gboolean       changed_while_frozen;
};

/* A device's status changes, oldest first, in one block of just their
 * size: at 100,000 devices of three changes each, a GArray apiece (its
 * header, and its block rounded up to a power of two) took about 7 MB
 * more. */
struct _EoStatusHistory
{
  guint          len;
  EoStatusChange changes[];
};

/* What the record keeps of one device besides the EoDevice itself. Its
 * part of the file is either in pack, or (file_length > 0) in parts_file,
 * or neither: stale (listed in stale) or never made. */
typedef struct
{
  EoDevice       *device;   /* unowned: the store holds it */
  EoStatusHistory *history; /* or NULL: no change yet */
  EoDevicePack   *pack;     /* the device's values (eo-upload-record-pack.c), or NULL */
  gint64          file_offset;
  guint           position; /* in devices */
  /* 40 bytes in all: a longer part stays packed (EO_RECORD_MAX_FILE_PART). */
  guint           file_length : 24;
  EoDeviceStatus  counted : 7;  /* the status it is counted under */
  guint           by_signal : 1; /* followed with "remote-changed", not as observer */
} DeviceEntry;

#define EO_RECORD_MAX_FILE_PART ((1u << 24) - 1)

void    _eo_record_file_unref                     (EoRecordFile   *file);

/* eo-upload-record-pack.c: a device's part of the file, packed
 * (reference counted, thread-safe; made on the record's thread). */
EoDevicePack *_eo_device_pack_new                 (EoDevice        *device,
                                                   EoStatusHistory *history);
EoDevicePack *_eo_device_pack_ref                 (EoDevicePack   *pack);
void          _eo_device_pack_unref               (EoDevicePack   *pack);
gsize         _eo_device_pack_get_size            (EoDevicePack   *pack);
/* Its JSON, as the file has it, at the end of @out. */
void          _eo_device_pack_append_json         (EoDevicePack   *pack,
                                                   GString        *out);


/* An interned GRefString of @str (NULL stays NULL). */
char   *_eo_upload_record_intern                  (const char     *str);
/* Appends @change to *@history (made when NULL), taking its strings. */
void    _eo_status_history_append                 (EoStatusHistory      **history,
                                                   const EoStatusChange  *change);
void    _eo_status_history_free                   (EoStatusHistory       *history);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoStatusHistory, _eo_status_history_free)
/* Adds a device (read from a file) with its history (taken, may be NULL). */
void    _eo_upload_record_add_device_with_history (EoUploadRecord  *self,
                                                   EoDevice        *device,
                                                   EoStatusHistory *history);

/* eo-upload-record-left-out.c: the rows not sent, in the file. */
typedef struct _EoLeftOutRow EoLeftOutRow;
void     _eo_left_out_row_free                    (EoLeftOutRow   *row);
void     _eo_upload_record_write_left_out         (EoUploadRecord *self,
                                                   EoJsonWriter   *writer);
gboolean _eo_upload_record_read_left_out          (EoUploadRecord *self,
                                                   JsonObject     *root,
                                                   GError        **error);
void     _eo_upload_record_free_left_out          (EoUploadRecord *self);

/* eo-upload-record-columns.c: the extra columns in the file. */
void     _eo_upload_record_write_extra_columns    (EoUploadRecord *self,
                                                   EoJsonWriter   *writer);
gboolean _eo_upload_record_read_extra_columns     (EoUploadRecord *self,
                                                   JsonObject     *root,
                                                   GError        **error);
gboolean _eo_upload_record_read_extras            (EoUploadRecord *self,
                                                   JsonObject     *object,
                                                   const char     *where,
                                                   EoDevice       *device,
                                                   GError        **error);
/* touch() and "changed": a change of the record itself, never held back. */
void    _eo_upload_record_changed                 (EoUploadRecord *self);
/* The file's readers (eo-upload-record-json.c), for the members of
 * eo-upload-record-recovery.c. */
gboolean _eo_upload_record_read_string            (JsonObject     *object,
                                                   const char     *where,
                                                   const char     *member,
                                                   gboolean        required,
                                                   const char    **out,
                                                   GError        **error);
gboolean _eo_upload_record_read_time              (JsonObject     *object,
                                                   const char     *where,
                                                   const char     *member,
                                                   gint64         *out,
                                                   GError        **error);
gboolean _eo_upload_record_shape_error            (GError        **error,
                                                   const char     *where,
                                                   const char     *member,
                                                   const char     *what);
/* The recovery members of the file ("demo", "last_checked", "given_up",
 * "resend"), and freeing them (eo-upload-record-recovery.c). */
void     _eo_upload_record_write_recovery         (EoUploadRecord *self,
                                                   EoJsonWriter   *writer);
gboolean _eo_upload_record_read_recovery          (EoUploadRecord *self,
                                                   JsonObject     *root,
                                                   GError        **error);
/* Frees the recovery fields (eo-upload-record-recovery.c). */
void    _eo_upload_record_clear_recovery          (EoUploadRecord *self);

G_END_DECLS
