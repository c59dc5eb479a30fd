/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

/* The upload record's file, written: through EoJsonWriter, each device's
 * part packed only when the device changed (eo-upload-record-pack.c) and
 * made into JSON by the writer, snapshots written on any thread. Once a
 * snapshot is on disk, the parts of the devices that did not change since
 * are dropped: the next snapshot copies them from that file, kept open,
 * instead. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-json-writer.h"
#include "eo-upload-record-parts-private.h"
#include "eo-upload-record-private.h"

/* A file this process wrote a record to (renamed into place; open, so
 * another writer replacing the file does not change what it holds). */
struct _EoRecordFile
{
  gint ref_count;
  int  fd;
};

/* One device's part of a snapshot: its values, packed (then the writer
 * sets its length), or where it is in the snapshot's source file. */
typedef struct
{
  EoDevicePack *pack;   /* or NULL */
  gint64        offset;
  guint32       length;
} Piece;

/* A copy of a record's serialized parts, taken on the record's thread and
 * written out on any thread. */
struct _EoUploadRecordSnapshot
{
  char         *local_id;
  char         *head;          /* everything before the devices */
  /* Piece per device, in a block of just their size (a GArray rounds up
   * to a power of two: 4 MiB instead of 2.4 MB at 100,000 devices). */
  Piece        *pieces;
  guint         n_pieces;
  EoRecordFile *source;        /* of the pieces without JSON, or NULL */
  gsize         length;        /* of the whole document */
  EoRecordFile *written;       /* the file it was written to, or NULL */
  gboolean      source_failed; /* reading the source failed */
};

/* The document around the devices' parts. */
#define DEVICES_FIRST "\n    "
#define DEVICES_NEXT  ",\n    "
#define DOCUMENT_END  "\n  ]\n}\n"

static EoRecordFile *
record_file_new (int fd)
{
  EoRecordFile *file = g_new0 (EoRecordFile, 1);

  file->ref_count = 1;
  file->fd = fd;
  return file;
}

static EoRecordFile *
record_file_ref (EoRecordFile *file)
{
  if (file != NULL)
    g_atomic_int_inc (&file->ref_count);
  return file;
}

void
_eo_record_file_unref (EoRecordFile *file)
{
  if (file == NULL || !g_atomic_int_dec_and_test (&file->ref_count))
    return;
  close (file->fd);
  g_free (file);
}

JsonNode *
eo_upload_record_to_json (EoUploadRecord *self)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  data = eo_upload_record_to_data (self, &length);
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    g_return_val_if_reached (NULL);
  return json_node_ref (json_parser_get_root (parser));
}

/* Everything before the devices' parts: the object and the opened array
 * "devices". */
static char *
dup_head_json (EoUploadRecord *self)
{
  GString *out = g_string_sized_new (1024);
  EoJsonWriter writer;

  eo_json_writer_init (&writer, out, TRUE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_add_string (&writer, "format", EO_UPLOAD_RECORD_FORMAT);
  eo_json_writer_add_int (&writer, "version", EO_UPLOAD_RECORD_SCHEMA_VERSION);
  eo_json_writer_add_string (&writer, "local_id", self->local_id);
  eo_json_writer_add_time (&writer, "created", self->created_us);
  eo_json_writer_add_time (&writer, "updated", self->updated_us);
  eo_json_writer_add_string (&writer, "server", self->server);
  eo_json_writer_add_string (&writer, "customer_id", self->customer_id);
  eo_json_writer_add_string (&writer, "source_name", self->source_name);
  eo_json_writer_add_boolean (&writer, "has_iccid_column", self->has_iccid_column);
  _eo_upload_record_write_extra_columns (self, &writer);
  _eo_upload_record_write_left_out (self, &writer);
  eo_json_writer_add_string (&writer, "state", eo_upload_state_to_string (self->state));
  eo_json_writer_add_string (&writer, "request_id", self->request_id);
  eo_json_writer_add_string (&writer, "server_url", self->server_url);
  /* The text in the language of the writer, for readers that do not
   * know the message's code; the message itself, said when shown. */
  eo_json_writer_add_string (&writer, "error", self->error_message);
  if (self->message != NULL)
    eo_message_write_json (self->message, &writer, "message");
  _eo_upload_record_write_recovery (self, &writer);
  eo_json_writer_begin_object (&writer, "sender");
  eo_json_writer_add_int (&writer, "pid", self->sender_pid);
  eo_json_writer_add_string (&writer, "boot_id", self->sender_boot_id);
  eo_json_writer_add_int (&writer, "start_time", (gint64) MIN (self->sender_start_time, (guint64) G_MAXINT64));
  eo_json_writer_end_object (&writer);
  /* Opened here; the parts and DOCUMENT_END follow. */
  eo_json_writer_begin_array (&writer, "devices");
  return g_string_free (out, FALSE);
}

gboolean
eo_upload_record_refresh_parts (EoUploadRecord *self,
                                gint64          deadline_us)
{
  guint stride = 0;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), TRUE);

  while (self->stale->len > 0)
    {
      DeviceEntry *entry = g_ptr_array_steal_index_fast (self->stale, self->stale->len - 1);

      if (entry->pack == NULL)
        entry->pack = _eo_device_pack_new (entry->device, entry->history);
      if (++stride == 64)
        {
          stride = 0;
          if (g_get_monotonic_time () >= deadline_us)
            break;
        }
    }
  return self->stale->len == 0;
}

/* Drops the parts kept in the record's file: every device is made again
 * at the next snapshot (after that file could not be read). */
static void
forget_file (EoUploadRecord *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      DeviceEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->file_length > 0)
        {
          entry->file_length = 0;
          g_ptr_array_add (self->stale, entry);
        }
    }
  g_clear_pointer (&self->parts_file, _eo_record_file_unref);
}

EoUploadRecordSnapshot *
eo_upload_record_snapshot (EoUploadRecord *self)
{
  EoUploadRecordSnapshot *snapshot;
  guint n;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  /* Only what changed since the last snapshot is made again. */
  for (guint i = 0; i < self->stale->len; i++)
    {
      DeviceEntry *entry = g_ptr_array_index (self->stale, i);

      if (entry->pack == NULL)
        entry->pack = _eo_device_pack_new (entry->device, entry->history);
    }
  g_ptr_array_set_size (self->stale, 0);

  n = self->entries->len;
  snapshot = g_new0 (EoUploadRecordSnapshot, 1);
  snapshot->local_id = g_strdup (self->local_id);
  snapshot->head = dup_head_json (self);
  snapshot->pieces = g_new (Piece, MAX (n, 1));
  snapshot->source = record_file_ref (self->parts_file);
  snapshot->length = strlen (snapshot->head) + strlen (DOCUMENT_END);
  for (guint i = 0; i < n; i++)
    {
      DeviceEntry *entry = g_ptr_array_index (self->entries, i);
      Piece piece = { NULL, entry->file_offset, entry->file_length };

      if (entry->file_length == 0)
        {
          /* Devices added or loaded have no part yet: made once here. */
          if (entry->pack == NULL)
            entry->pack = _eo_device_pack_new (entry->device, entry->history);
          piece.pack = _eo_device_pack_ref (entry->pack);
          piece.length = 0;
        }
      snapshot->pieces[snapshot->n_pieces++] = piece;
      /* A part's JSON is about three times its packed size. */
      snapshot->length += (piece.pack != NULL ? 3 * _eo_device_pack_get_size (piece.pack) : piece.length) +
                          strlen (DEVICES_NEXT);
    }
  return snapshot;
}

gboolean
eo_upload_record_snapshot_done (EoUploadRecord         *self,
                                EoUploadRecordSnapshot *snapshot)
{
  gsize position;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  if (snapshot->source_failed)
    {
      if (snapshot->source == self->parts_file)
        forget_file (self);
      return TRUE;
    }
  /* Another snapshot was put on disk since this one was taken: the
   * devices' parts stay where they are. */
  if (snapshot->written == NULL || snapshot->source != self->parts_file ||
      snapshot->n_pieces != self->entries->len)
    return FALSE;

  position = strlen (snapshot->head);
  for (guint i = 0; i < snapshot->n_pieces; i++)
    {
      Piece *piece = &snapshot->pieces[i];
      DeviceEntry *entry = g_ptr_array_index (self->entries, i);
      gboolean unchanged = piece->pack != NULL ? entry->pack == piece->pack : entry->file_length > 0;

      /* A part too long to be found in the file again stays packed. */
      if (piece->length > EO_RECORD_MAX_FILE_PART)
        unchanged = FALSE;

      position += strlen (i > 0 ? DEVICES_NEXT : DEVICES_FIRST);
      if (unchanged)
        {
          g_clear_pointer (&entry->pack, _eo_device_pack_unref);
          entry->file_offset = (gint64) position;
          entry->file_length = piece->length;
        }
      position += piece->length;
    }
  g_clear_pointer (&self->parts_file, _eo_record_file_unref);
  self->parts_file = record_file_ref (snapshot->written);
  return FALSE;
}

void
eo_upload_record_snapshot_set_written (EoUploadRecordSnapshot *snapshot,
                                       int                     fd)
{
  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (fd >= 0);

  g_clear_pointer (&snapshot->written, _eo_record_file_unref);
  snapshot->written = record_file_new (fd);
}

const char *
eo_upload_record_snapshot_get_local_id (EoUploadRecordSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  return snapshot->local_id;
}

/* Appends @length bytes of @snapshot's source from @offset to @out: one
 * or more whole device parts, as this process wrote them. */
static gboolean
read_range (EoUploadRecordSnapshot  *snapshot,
            gint64                   offset,
            gsize                    length,
            GString                 *out,
            GError                 **error)
{
  gsize start = out->len, done = 0;
  int saved_errno = EIO;

  g_string_set_size (out, start + length);
  while (snapshot->source != NULL && done < length)
    {
      gssize n = pread (snapshot->source->fd, out->str + start + done, length - done, offset + (gint64) done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          saved_errno = n < 0 ? errno : EIO;
          break;
        }
      done += (gsize) n;
    }
  if (done == length && length > 0 && out->str[start] == '{' && out->str[start + length - 1] == '}')
    return TRUE;

  snapshot->source_failed = TRUE;
  g_string_truncate (out, start);
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

/* Appends the pieces from @*next on that lie one after the other in the
 * source (with their separators), at least one and no more than @room
 * bytes. */
static gboolean
append_range (EoUploadRecordSnapshot  *snapshot,
              GString                 *out,
              guint                   *next,
              gsize                    room,
              GError                 **error)
{
  Piece *first = &snapshot->pieces[*next];
  gint64 end = first->offset + first->length;
  guint last = *next;

  while (last + 1 < snapshot->n_pieces)
    {
      Piece *following = &snapshot->pieces[last + 1];

      if (following->pack != NULL || following->offset != end + (gint64) strlen (DEVICES_NEXT) ||
          (gsize) (following->offset + following->length - first->offset) > room)
        break;
      end = following->offset + following->length;
      last++;
    }
  if (!read_range (snapshot, first->offset, (gsize) (end - first->offset), out, error))
    return FALSE;
  *next = last + 1;
  return TRUE;
}

/* Appends the document's pieces from device @*next on to @out, until @out
 * holds at least @limit bytes or the document is whole (then *@done). The
 * head goes in first, when @*next is 0. */
static gboolean
append_pieces (EoUploadRecordSnapshot  *snapshot,
               GString                 *out,
               guint                   *next,
               gsize                    limit,
               gboolean                *done,
               GError                 **error)
{
  guint n = snapshot->n_pieces;

  *done = FALSE;
  if (*next == 0)
    g_string_append (out, snapshot->head);
  while (*next < n)
    {
      Piece *piece = &snapshot->pieces[*next];

      g_string_append (out, *next > 0 ? DEVICES_NEXT : DEVICES_FIRST);
      if (piece->pack != NULL)
        {
          gsize start = out->len;

          /* The writer owns the snapshot: the length is read back by
           * eo_upload_record_snapshot_done() once it is written. */
          _eo_device_pack_append_json (piece->pack, out);
          piece->length = (guint32) MIN (out->len - start, (gsize) G_MAXUINT32);
          ++*next;
        }
      else if (!append_range (snapshot, out, next, limit > out->len ? limit - out->len : 0, error))
        return FALSE;
      if (out->len >= limit)
        return TRUE;
    }
  if (*next == n)
    {
      g_string_append (out, DOCUMENT_END);
      ++*next;
    }
  *done = TRUE;
  return TRUE;
}

char *
eo_upload_record_snapshot_to_data (EoUploadRecordSnapshot  *snapshot,
                                   gsize                   *length,
                                   GError                 **error)
{
  GString *out;
  guint next = 0;
  gboolean done;

  g_return_val_if_fail (snapshot != NULL, NULL);

  out = g_string_sized_new (snapshot->length + 1);
  if (!append_pieces (snapshot, out, &next, G_MAXSIZE, &done, error))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        length,
           GError     **error)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;

          g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

gboolean
eo_upload_record_snapshot_write (EoUploadRecordSnapshot  *snapshot,
                                 int                      fd,
                                 GError                 **error)
{
  g_autoptr(GString) buffer = NULL;
  guint next = 0;
  gboolean done = FALSE;

  g_return_val_if_fail (snapshot != NULL, FALSE);

  /* Through a buffer of about 1 MiB: the document is never whole in
   * memory (it is about 38 MB for 100,000 devices). */
  buffer = g_string_sized_new (1 << 20);
  while (!done)
    {
      if (!append_pieces (snapshot, buffer, &next, 1 << 20, &done, error) ||
          !write_all (fd, buffer->str, buffer->len, error))
        return FALSE;
      g_string_truncate (buffer, 0);
    }
  return TRUE;
}

void
eo_upload_record_snapshot_free (EoUploadRecordSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_free (snapshot->local_id);
  g_free (snapshot->head);
  for (guint i = 0; i < snapshot->n_pieces; i++)
    g_clear_pointer (&snapshot->pieces[i].pack, _eo_device_pack_unref);
  g_free (snapshot->pieces);
  g_clear_pointer (&snapshot->source, _eo_record_file_unref);
  g_clear_pointer (&snapshot->written, _eo_record_file_unref);
  g_free (snapshot);
}

char *
eo_upload_record_to_data (EoUploadRecord *self,
                          gsize          *length)
{
  g_autoptr(GError) error = NULL;
  EoUploadRecordSnapshot *snapshot;
  char *data;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  snapshot = eo_upload_record_snapshot (self);
  data = eo_upload_record_snapshot_to_data (snapshot, length, &error);
  if (data == NULL)
    {
      /* The kept file could not be read: every part is made again. */
      g_warning ("Could not read the saved upload record %s again: %s", self->local_id, error->message);
      eo_upload_record_snapshot_done (self, snapshot);
      eo_upload_record_snapshot_free (snapshot);
      snapshot = eo_upload_record_snapshot (self);
      data = eo_upload_record_snapshot_to_data (snapshot, length, NULL);
    }
  eo_upload_record_snapshot_free (snapshot);
  return data;
}

guint
eo_upload_record_count_kept_parts (EoUploadRecord *self)
{
  guint n = 0;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);

  for (guint i = 0; i < self->entries->len; i++)
    if (((DeviceEntry *) g_ptr_array_index (self->entries, i))->pack != NULL)
      n++;
  return n;
}
