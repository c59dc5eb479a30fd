/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-upload-record.h"
#include "eo-enum-types.h"
#include "eo-upload-record-private.h"
#include "eo-util.h"

G_DEFINE_FINAL_TYPE (EoUploadRecord, eo_upload_record, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_REQUEST_ID,
  PROP_SERVER_URL,
  PROP_ERROR_MESSAGE,
  PROP_UPDATED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

/* Status texts and reasons repeat across thousands of devices ("FAILED",
 * "No eSIM left in the pool"): each distinct one is kept once, freed with
 * its last use. */
char *
_eo_upload_record_intern (const char *str)
{
  return str != NULL ? g_ref_string_new_intern (str) : NULL;
}

static void
status_change_clear (gpointer data)
{
  EoStatusChange *change = data;

  g_clear_pointer (&change->status_text, g_ref_string_release);
  g_clear_pointer (&change->reason, g_ref_string_release);
}

void
_eo_status_history_append (EoStatusHistory      **history,
                           const EoStatusChange  *change)
{
  guint len = *history != NULL ? (*history)->len : 0;

  /* Exactly as large as needed: a device changes a few times at most. */
  *history = g_realloc (*history, sizeof (EoStatusHistory) + (len + 1) * sizeof (EoStatusChange));
  (*history)->changes[len] = *change;
  (*history)->len = len + 1;
}

void
_eo_status_history_free (EoStatusHistory *history)
{
  if (history == NULL)
    return;
  for (guint i = 0; i < history->len; i++)
    status_change_clear (&history->changes[i]);
  g_free (history);
}

static char *
read_boot_id (void)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/sys/kernel/random/boot_id", &contents, NULL, NULL))
    return NULL;
  return g_strdup (g_strstrip (contents));
}

/* Start time of a process in clock ticks since boot (field 22 of
 * /proc/PID/stat), or 0 when the process does not exist. */
static guint64
read_start_time (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;

  if (pid <= 0 || !g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  /* The command name (field 2) may hold spaces and parentheses. */
  after_comm = strrchr (contents, ')');
  if (after_comm == NULL)
    return 0;
  fields = g_strsplit (after_comm + 1, " ", -1);
  /* fields[0] is "" (the space after ')'), fields[1] is field 3. */
  if (g_strv_length (fields) < 21)
    return 0;
  return g_ascii_strtoull (fields[20], NULL, 10);
}

static void
device_entry_free (gpointer data)
{
  DeviceEntry *entry = data;

  g_clear_pointer (&entry->history, _eo_status_history_free);
  g_clear_pointer (&entry->pack, _eo_device_pack_unref);
  g_free (entry);
}

/* by_device is a set of the entries, by their device: no array of
 * values beside the keys (1 MB less at 100,000 devices). */
static guint
entry_hash (gconstpointer entry)
{
  return g_direct_hash (((const DeviceEntry *) entry)->device);
}

static gboolean
entry_equal (gconstpointer a,
             gconstpointer b)
{
  return ((const DeviceEntry *) a)->device == ((const DeviceEntry *) b)->device;
}

static DeviceEntry *
lookup_entry (EoUploadRecord *self,
              EoDevice       *device)
{
  DeviceEntry key = { .device = device };

  return g_hash_table_lookup (self->by_device, &key);
}

/* Moves the entry to the count of its device's current status. */
static void
recount_entry (EoUploadRecord *self,
               DeviceEntry    *entry)
{
  EoDeviceStatus status = eo_device_get_status (entry->device);

  eo_status_counts_move_device (&self->counts, entry->device, (int) entry->counted, (int) status);
  entry->counted = status;
}

static void
mark_stale (EoUploadRecord *self,
            DeviceEntry    *entry)
{
  if (entry->pack == NULL && entry->file_length == 0)
    return; /* already listed, or never made */
  g_clear_pointer (&entry->pack, _eo_device_pack_unref);
  entry->file_length = 0;
  g_ptr_array_add (self->stale, entry);
}

/* Appends the device's current status to its history if it differs from
 * the last entry. Returns TRUE if something was appended. */
/* @text, or NULL when it only repeats @status in the server's words
 * ("PENDING" for a device already pending): the poller marks every sent
 * device pending before the server's first answer says "PENDING", which
 * is no new event of the device's history. */
static const char *
text_beyond_status (EoDeviceStatus  status,
                    const char     *text)
{
  static const char * const words[] = {
    [EO_DEVICE_STATUS_PENDING] = "PENDING",
    [EO_DEVICE_STATUS_SUCCESS] = "SUCCESS",
    [EO_DEVICE_STATUS_FAILED] = "FAILED",
  };

  if (text != NULL && (guint) status < G_N_ELEMENTS (words) && words[status] != NULL &&
      g_ascii_strcasecmp (text, words[status]) == 0)
    return NULL;
  return text;
}

static gboolean
note_status (EoUploadRecord *self,
             EoDevice       *device,
             gint64          now_us)
{
  DeviceEntry *entry = lookup_entry (self, device);
  EoDeviceStatus status = eo_device_get_status (device);
  const char *text = eo_device_get_status_text (device);
  const char *reason = eo_device_get_reason (device);
  EoStatusChange change = { 0 };

  if (entry == NULL)
    return FALSE;

  if (entry->history != NULL)
    {
      const EoStatusChange *last = &entry->history->changes[entry->history->len - 1];

      if (last->status == status &&
          g_strcmp0 (text_beyond_status (status, last->status_text),
                     text_beyond_status (status, text)) == 0 &&
          g_strcmp0 (last->reason, reason) == 0)
        return FALSE;
    }
  else if (status == EO_DEVICE_STATUS_NONE && text == NULL && reason == NULL)
    {
      return FALSE;
    }

  change.time_us = now_us;
  change.status = status;
  change.status_text = _eo_upload_record_intern (text);
  change.reason = _eo_upload_record_intern (reason);
  _eo_status_history_append (&entry->history, &change);
  return TRUE;
}

static gboolean
all_devices_final (EoUploadRecord *self)
{
  return self->entries->len > 0 && self->counts.n_pending == 0;
}

static void
touch (EoUploadRecord *self)
{
  gint64 now = g_get_real_time ();

  /* Keep "updated" strictly increasing even if the clock stands still. */
  if (now <= self->updated_us)
    now = self->updated_us + 1;
  self->updated_us = now;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

static void
set_state_internal (EoUploadRecord *self,
                    EoUploadState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* ACCEPTED <-> FINISHED follows the devices. */
static void
update_finished (EoUploadRecord *self)
{
  if (self->state == EO_UPLOAD_STATE_ACCEPTED && all_devices_final (self))
    set_state_internal (self, EO_UPLOAD_STATE_FINISHED);
  else if (self->state == EO_UPLOAD_STATE_FINISHED && !all_devices_final (self))
    set_state_internal (self, EO_UPLOAD_STATE_ACCEPTED);
}

/* Signal callbacks */

static void
device_remote_changed_cb (EoDevice       *device,
                          int             old_status,
                          EoUploadRecord *self)
{
  DeviceEntry *entry = lookup_entry (self, device);

  if (entry == NULL)
    return;

  /* Only a device's remote fields change here: each call is one change
   * (the device emits nothing when the answer repeats itself). */
  note_status (self, device, g_get_real_time ());
  recount_entry (self, entry);
  mark_stale (self, entry);

  if (self->freeze_count > 0)
    {
      self->changed_while_frozen = TRUE;
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  touch (self);
  update_finished (self);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
device_observer_cb (EoDevice       *device,
                    EoDeviceStatus  old_status,
                    gpointer        user_data)
{
  device_remote_changed_cb (device, (int) old_status, user_data);
}

/* Parent overrides */

static void
eo_upload_record_dispose (GObject *object)
{
  EoUploadRecord *self = (EoUploadRecord *)object;

  if (self->entries != NULL)
    {
      for (guint i = 0; i < self->entries->len; i++)
        {
          DeviceEntry *entry = g_ptr_array_index (self->entries, i);

          if (entry->by_signal)
            g_signal_handlers_disconnect_by_func (entry->device, device_remote_changed_cb, self);
          else
            eo_device_clear_observer (entry->device, self);
        }
    }
  g_clear_pointer (&self->by_device, g_hash_table_unref);
  g_clear_pointer (&self->stale, g_ptr_array_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->parts_file, _eo_record_file_unref);
  g_clear_object (&self->devices);

  G_OBJECT_CLASS (eo_upload_record_parent_class)->dispose (object);
}

static void
eo_upload_record_finalize (GObject *object)
{
  EoUploadRecord *self = (EoUploadRecord *)object;

  g_clear_pointer (&self->local_id, g_free);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->extra_columns, g_strfreev);
  _eo_upload_record_free_left_out (self);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->message, eo_message_free);
  g_clear_pointer (&self->sender_boot_id, g_free);
  _eo_upload_record_clear_recovery (self);

  G_OBJECT_CLASS (eo_upload_record_parent_class)->finalize (object);
}

static void
eo_upload_record_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  EoUploadRecord *self = EO_UPLOAD_RECORD (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_upload_record_class_init (EoUploadRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_upload_record_dispose;
  object_class->finalize = eo_upload_record_finalize;
  object_class->get_property = eo_upload_record_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       EO_TYPE_UPLOAD_STATE, EO_UPLOAD_STATE_SENDING,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUEST_ID] =
    g_param_spec_string ("request-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED] =
    g_param_spec_int64 ("updated", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
eo_upload_record_init (EoUploadRecord *self)
{
  self->devices = eo_record_devices_new ();
  self->entries = g_ptr_array_new_with_free_func (device_entry_free);
  self->by_device = g_hash_table_new (entry_hash, entry_equal);
  self->stale = g_ptr_array_new ();
}

/* Public API */

gboolean
eo_upload_record_is_valid_local_id (const char *str)
{
  return str != NULL && g_uuid_string_is_valid (str);
}

EoUploadRecord *
eo_upload_record_new (const char *server,
                      const char *customer_id,
                      const char *source_name,
                      gboolean    has_iccid_column)
{
  EoUploadRecord *self = g_object_new (EO_TYPE_UPLOAD_RECORD, NULL);

  self->local_id = g_uuid_string_random ();
  self->created_us = g_get_real_time ();
  self->updated_us = self->created_us;
  self->server = g_strdup (server);
  self->customer_id = g_strdup (customer_id);
  self->source_name = g_strdup (source_name);
  self->has_iccid_column = !!has_iccid_column;
  self->state = EO_UPLOAD_STATE_SENDING;
  self->sender_pid = getpid ();
  self->sender_boot_id = read_boot_id ();
  self->sender_start_time = read_start_time (self->sender_pid);

  return self;
}

/* Tracks @device without putting it in the model (the caller does). */
static void
track_device (EoUploadRecord  *self,
              EoDevice        *device,
              EoStatusHistory *history)
{
  DeviceEntry *entry = g_new0 (DeviceEntry, 1);

  entry->device = device;
  entry->history = history;
  entry->counted = eo_device_get_status (device);
  entry->position = self->entries->len;
  eo_status_counts_move_device (&self->counts, device, -1, (int) entry->counted);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_add (self->by_device, entry);
  /* As the device's observer: no handler and closure per device (about
   * 150 bytes each). A device another record already follows is followed
   * through its signal. */
  if (!eo_device_set_observer (device, device_observer_cb, self))
    {
      entry->by_signal = TRUE;
      g_signal_connect (device, "remote-changed", G_CALLBACK (device_remote_changed_cb), self);
    }
}

void
_eo_upload_record_add_device_with_history (EoUploadRecord  *self,
                                           EoDevice        *device,
                                           EoStatusHistory *history)
{
  track_device (self, device, history);
  eo_record_devices_append (self->devices, &device, 1);
}

void
eo_upload_record_add_devices (EoUploadRecord  *self,
                              EoDevice       **devices,
                              guint            n_devices)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (devices != NULL || n_devices == 0);

  for (guint i = 0; i < n_devices; i++)
    {
      g_return_if_fail (EO_IS_DEVICE (devices[i]));
      g_return_if_fail (lookup_entry (self, devices[i]) == NULL);
    }
  for (guint i = 0; i < n_devices; i++)
    {
      track_device (self, devices[i], NULL);
      note_status (self, devices[i], g_get_real_time ());
    }
  /* One change of the model for all of them. */
  eo_record_devices_append (self->devices, devices, n_devices);
}

void
eo_upload_record_add_device (EoUploadRecord *self,
                             EoDevice       *device)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (EO_IS_DEVICE (device));
  g_return_if_fail (lookup_entry (self, device) == NULL);

  _eo_upload_record_add_device_with_history (self, device, NULL);
  note_status (self, device, g_get_real_time ());
}

guint
eo_upload_record_add_devices_from_list (EoUploadRecord *self,
                                        EoDeviceList   *list)
{
  g_autoptr(GPtrArray) devices = NULL;
  guint n_rows;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  g_return_val_if_fail (EO_IS_DEVICE_LIST (list), 0);

  n_rows = eo_device_list_get_n_rows (list);
  devices = g_ptr_array_new_full (n_rows, g_object_unref);
  eo_upload_record_set_extra_columns (self, eo_device_list_get_extra_column_names (list));
  for (guint i = 0; i < n_rows; i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);

      if (row->severity == EO_SEVERITY_ERROR)
        {
          g_autofree char *problems = eo_device_list_dup_row_message (list, i);
          g_autoptr(EoMessage) reason = eo_message_new ("check-errors", "problems", problems, NULL);

          eo_upload_record_add_left_out (self, eo_device_list_row_get_eid (list, i),
                                         eo_device_list_row_get_name (list, i),
                                         eo_device_list_row_get_iccid (list, i), reason);
          continue;
        }
      if (row->left_out)
        continue;
      EoDevice *device = eo_device_new (eo_device_list_row_get_eid (list, i),
                                        eo_device_list_row_get_name (list, i),
                                        eo_device_list_row_get_iccid (list, i));

      eo_device_set_extras_from_list (device, list, i);
      g_ptr_array_add (devices, device);
    }
  eo_upload_record_add_devices (self, (EoDevice **) devices->pdata, devices->len);
  return devices->len;
}

const char *
eo_upload_record_get_local_id (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->local_id;
}

gint64
eo_upload_record_get_created (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  return self->created_us;
}

gint64
eo_upload_record_get_updated (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  return self->updated_us;
}

GDateTime *
eo_upload_record_dup_created_date_time (EoUploadRecord *self)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) exact = NULL;
  gint64 secs, rest;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  secs = self->created_us / G_USEC_PER_SEC;
  rest = self->created_us % G_USEC_PER_SEC;
  if (rest < 0)
    {
      secs--;
      rest += G_USEC_PER_SEC;
    }
  utc = g_date_time_new_from_unix_utc (secs);
  if (utc == NULL)
    return NULL;
  exact = g_date_time_add (utc, rest);
  return g_date_time_to_local (exact);
}

const char *
eo_upload_record_get_server (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->server;
}

const char *
eo_upload_record_get_customer_id (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->customer_id;
}

const char *
eo_upload_record_get_source_name (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->source_name;
}

gboolean
eo_upload_record_get_has_iccid_column (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);
  return self->has_iccid_column;
}

EoUploadState
eo_upload_record_get_state (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), EO_UPLOAD_STATE_SENDING);
  return self->state;
}

const char *
eo_upload_record_get_request_id (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->request_id;
}

const char *
eo_upload_record_get_server_url (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->server_url;
}

const char *
eo_upload_record_get_error_message (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->error_message;
}

const EoMessage *
eo_upload_record_get_message (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->message;
}

GListModel *
eo_upload_record_get_devices (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return G_LIST_MODEL (self->devices);
}

guint
eo_upload_record_get_n_devices (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->devices));
}

void
eo_upload_record_get_counts (EoUploadRecord *self,
                             guint          *n_succeeded,
                             guint          *n_failed,
                             guint          *n_pending)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));

  if (n_succeeded != NULL)
    *n_succeeded = self->counts.n_success;
  if (n_failed != NULL)
    *n_failed = self->counts.n_failed;
  if (n_pending != NULL)
    *n_pending = self->counts.n_pending;
}

void
eo_upload_record_get_status_counts (EoUploadRecord *self,
                                    EoStatusCounts *counts)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (counts != NULL);

  *counts = self->counts;
}

const EoStatusChange *
eo_upload_record_get_device_history (EoUploadRecord *self,
                                     guint           position,
                                     guint          *n_changes)
{
  EoStatusHistory *history;

  g_return_val_if_fail (n_changes != NULL, NULL);
  *n_changes = 0;
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  if (position >= self->entries->len)
    return NULL;
  history = ((DeviceEntry *) g_ptr_array_index (self->entries, position))->history;
  if (history == NULL)
    return NULL;
  *n_changes = history->len;
  return history->changes;
}

gboolean
eo_upload_record_find_device (EoUploadRecord *self,
                              EoDevice       *device,
                              guint          *position)
{
  DeviceEntry *entry;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);

  entry = device != NULL ? lookup_entry (self, device) : NULL;
  if (entry == NULL)
    return FALSE;
  if (position != NULL)
    *position = entry->position;
  return TRUE;
}

void
eo_upload_record_freeze_changed (EoUploadRecord *self)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  self->freeze_count++;
}

void
eo_upload_record_thaw_changed (EoUploadRecord *self)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (self->freeze_count > 0);

  if (--self->freeze_count > 0 || !self->changed_while_frozen)
    return;
  self->changed_while_frozen = FALSE;
  g_object_freeze_notify (G_OBJECT (self));
  touch (self);
  update_finished (self);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
changed (EoUploadRecord *self)
{
  touch (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean set_message (EoUploadRecord  *self,
                             const char      *text,
                             const EoMessage *message);

void
_eo_upload_record_changed (EoUploadRecord *self)
{
  changed (self);
}

void
eo_upload_record_set_accepted (EoUploadRecord *self,
                               const char     *request_id,
                               const char     *server_url)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (eo_set_str (&self->request_id, request_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_ID]);
  if (eo_set_str (&self->server_url, server_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  if (set_message (self, NULL, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_state_internal (self, EO_UPLOAD_STATE_ACCEPTED);
  update_finished (self);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Keeps @message (copied; said now) or else @text. TRUE if it changed. */
static gboolean
set_message (EoUploadRecord  *self,
             const char      *text,
             const EoMessage *message)
{
  g_autofree char *said = message != NULL ? eo_message_format (message) : NULL;
  gboolean same_message = eo_message_equal (self->message, message);

  if (!same_message)
    {
      g_clear_pointer (&self->message, eo_message_free);
      self->message = eo_message_copy (message);
    }
  return eo_set_str (&self->error_message, said != NULL ? said : text) || !same_message;
}

static void
set_failure (EoUploadRecord  *self,
             EoUploadState    state,
             const char      *text,
             const EoMessage *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (set_message (self, text, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_state_internal (self, state);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
eo_upload_record_set_refused (EoUploadRecord *self,
                              const char     *message)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  set_failure (self, EO_UPLOAD_STATE_REFUSED, message, NULL);
}

void
eo_upload_record_set_outcome_unknown (EoUploadRecord *self,
                                      const char     *message)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  set_failure (self, EO_UPLOAD_STATE_OUTCOME_UNKNOWN, message, NULL);
}

void
eo_upload_record_set_refused_error (EoUploadRecord *self,
                                    const GError   *error)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (error != NULL);
  set_failure (self, EO_UPLOAD_STATE_REFUSED, error->message, eo_error_get_message (error));
}

void
eo_upload_record_set_outcome_unknown_error (EoUploadRecord *self,
                                            const GError   *error)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (error != NULL);
  set_failure (self, EO_UPLOAD_STATE_OUTCOME_UNKNOWN, error->message, eo_error_get_message (error));
}

void
eo_upload_record_set_not_sent (EoUploadRecord *self,
                               const GError   *error)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (error != NULL);
  set_failure (self, EO_UPLOAD_STATE_NOT_SENT, error->message, eo_error_get_message (error));
}

static void
set_error_internal (EoUploadRecord  *self,
                    const char      *text,
                    const EoMessage *message)
{
  if (!set_message (self, text, message))
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
eo_upload_record_set_error_message (EoUploadRecord *self,
                                    const char     *message)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  set_error_internal (self, message, NULL);
}

void
eo_upload_record_set_error (EoUploadRecord *self,
                            const GError   *error)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  set_error_internal (self, error != NULL ? error->message : NULL, eo_error_get_message (error));
}

void
eo_upload_record_set_state (EoUploadRecord *self,
                            EoUploadState   state)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (state >= EO_UPLOAD_STATE_SENDING && state <= EO_UPLOAD_STATE_NOT_SENT);

  if (self->state == state)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  set_state_internal (self, state);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
eo_upload_record_sender_is_alive (EoUploadRecord *self)
{
  g_autofree char *boot_id = NULL;
  guint64 start_time;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);

  if (self->state != EO_UPLOAD_STATE_SENDING || self->sender_pid <= 0)
    return FALSE;

  boot_id = read_boot_id ();
  if (boot_id != NULL && self->sender_boot_id != NULL &&
      !g_str_equal (boot_id, self->sender_boot_id))
    return FALSE;

  start_time = read_start_time (self->sender_pid);
  if (start_time == 0)
    return FALSE;
  /* Same pid but another start time: the pid was reused. */
  if (self->sender_start_time != 0 && start_time != self->sender_start_time)
    return FALSE;
  return TRUE;
}
