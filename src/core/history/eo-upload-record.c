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
#include "eo-util.h"

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

  EoUploadState  state;
  char          *request_id;
  char          *server_url;
  char          *error_message;

  /* Who was sending (meaningful in SENDING only). */
  gint64         sender_pid;
  char          *sender_boot_id;
  guint64        sender_start_time;

  GListStore    *devices;
  /* DeviceEntry, in the order of devices */
  GPtrArray     *entries;
  /* EoDevice * (unowned: the store holds it) -> DeviceEntry (unowned) */
  GHashTable    *by_device;
  /* Entries whose cached JSON must be made again (unowned, no repeats). */
  GPtrArray     *stale;

  /* Counts of the devices' statuses, kept as they change. */
  EoStatusCounts counts;

  /* eo_upload_record_freeze_changed() depth, and whether a device changed
   * while frozen. */
  guint          freeze_count;
  gboolean       changed_while_frozen;
};

/* What the record keeps of one device besides the EoDevice itself. */
typedef struct
{
  EoDevice       *device;   /* unowned: the store holds it */
  GArray         *history;  /* EoStatusChange */
  char           *json;     /* GRefString of the device's JSON, or NULL when stale */
  EoDeviceStatus  counted;  /* the status it is counted under */
  guint           position; /* in devices */
  gboolean        by_signal; /* followed with "remote-changed", not as observer */
} DeviceEntry;

/* A copy of a record's serialized parts, taken on the record's thread and
 * written out on any thread. */
struct _EoUploadRecordSnapshot
{
  char      *local_id;
  char      *head;       /* everything before the devices */
  GPtrArray *devices;    /* GRefString per device */
  gsize      length;     /* of the whole document */
};

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

static const char * const state_names[] = {
  [EO_UPLOAD_STATE_SENDING] = "sending",
  [EO_UPLOAD_STATE_OUTCOME_UNKNOWN] = "outcome-unknown",
  [EO_UPLOAD_STATE_REFUSED] = "refused",
  [EO_UPLOAD_STATE_ACCEPTED] = "accepted",
  [EO_UPLOAD_STATE_FINISHED] = "finished",
};

static const char * const status_names[] = {
  [EO_DEVICE_STATUS_NONE] = "none",
  [EO_DEVICE_STATUS_PENDING] = "pending",
  [EO_DEVICE_STATUS_SUCCESS] = "success",
  [EO_DEVICE_STATUS_FAILED] = "failed",
};

/* Helpers */

/* Position of @str in a table of names (NULL entries never match). */
static gboolean
find_name (const char * const *names,
           guint               n_names,
           const char         *str,
           guint              *index)
{
  for (guint i = 0; str != NULL && i < n_names; i++)
    {
      if (names[i] != NULL && g_str_equal (str, names[i]))
        {
          *index = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Status texts and reasons repeat across thousands of devices ("FAILED",
 * "No eSIM left in the pool"): each distinct one is kept once, freed with
 * its last use. */
static char *
intern (const char *str)
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

static GArray *
status_history_new (void)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (EoStatusChange));

  g_array_set_clear_func (array, status_change_clear);
  return array;
}

/* Made for every status change of every device when a record is saved:
 * digits by hand rather than a GDateTime and printf each time. */
static void format_time_into (char   *buf,
                              gint64  time_us);

char *
eo_upload_record_format_time (gint64 time_us)
{
  char buf[32];

  format_time_into (buf, time_us);
  return g_strdup (buf);
}

static gboolean
parse_time (const char *str,
            gint64     *time_us)
{
  g_autoptr(GDateTime) dt = NULL;

  if (str == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (str, NULL);
  if (dt == NULL)
    return FALSE;
  *time_us = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
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

  g_clear_pointer (&entry->history, g_array_unref);
  g_clear_pointer (&entry->json, g_ref_string_release);
  g_free (entry);
}

static DeviceEntry *
lookup_entry (EoUploadRecord *self,
              EoDevice       *device)
{
  return g_hash_table_lookup (self->by_device, device);
}

static GArray *
lookup_history (EoUploadRecord *self,
                EoDevice       *device)
{
  DeviceEntry *entry = lookup_entry (self, device);

  return entry != NULL ? entry->history : NULL;
}

/* Moves the entry to the count of its device's current status. */
static void
recount_entry (EoUploadRecord *self,
               DeviceEntry    *entry)
{
  EoDeviceStatus status = eo_device_get_status (entry->device);

  eo_status_counts_move (&self->counts, (int) entry->counted, (int) status);
  entry->counted = status;
}

static void
mark_stale (EoUploadRecord *self,
            DeviceEntry    *entry)
{
  if (entry->json == NULL)
    return; /* already listed, or never made */
  g_clear_pointer (&entry->json, g_ref_string_release);
  g_ptr_array_add (self->stale, entry);
}

/* Appends the device's current status to its history if it differs from
 * the last entry. Returns TRUE if something was appended. */
static gboolean
note_status (EoUploadRecord *self,
             EoDevice       *device,
             gint64          now_us)
{
  GArray *history = lookup_history (self, device);
  EoDeviceStatus status = eo_device_get_status (device);
  const char *text = eo_device_get_status_text (device);
  const char *reason = eo_device_get_reason (device);
  EoStatusChange change = { 0 };

  if (history == NULL)
    return FALSE;

  if (history->len > 0)
    {
      const EoStatusChange *last = &g_array_index (history, EoStatusChange, history->len - 1);

      if (last->status == status &&
          g_strcmp0 (last->status_text, text) == 0 &&
          g_strcmp0 (last->reason, reason) == 0)
        return FALSE;
    }
  else if (status == EO_DEVICE_STATUS_NONE && text == NULL && reason == NULL)
    {
      return FALSE;
    }

  change.time_us = now_us;
  change.status = status;
  change.status_text = intern (text);
  change.reason = intern (reason);
  g_array_append_val (history, change);
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
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->sender_boot_id, g_free);

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
      g_value_set_int (value, self->state);
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
    g_param_spec_int ("state", NULL, NULL,
                      EO_UPLOAD_STATE_SENDING, EO_UPLOAD_STATE_FINISHED, EO_UPLOAD_STATE_SENDING,
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
  self->devices = g_list_store_new (EO_TYPE_DEVICE);
  self->entries = g_ptr_array_new_with_free_func (device_entry_free);
  self->by_device = g_hash_table_new (NULL, NULL);
  self->stale = g_ptr_array_new ();
}

/* Public API */

const char *
eo_upload_state_to_string (EoUploadState state)
{
  if ((guint) state < G_N_ELEMENTS (state_names))
    return state_names[state];
  return "unknown";
}

gboolean
eo_upload_state_from_string (const char    *str,
                             EoUploadState *state)
{
  guint i;

  if (!find_name (state_names, G_N_ELEMENTS (state_names), str, &i))
    return FALSE;
  *state = (EoUploadState) i;
  return TRUE;
}

const char *
eo_upload_state_to_label (EoUploadState state)
{
  switch (state)
    {
    case EO_UPLOAD_STATE_SENDING:
      return _("Sending");
    case EO_UPLOAD_STATE_OUTCOME_UNKNOWN:
      return _("Sent, outcome unknown");
    case EO_UPLOAD_STATE_REFUSED:
      return _("Refused");
    case EO_UPLOAD_STATE_ACCEPTED:
      return _("In progress");
    case EO_UPLOAD_STATE_FINISHED:
      return _("Finished");
    default:
      return _("Unknown");
    }
}

const char *
eo_upload_device_status_to_string (EoDeviceStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "unknown";
}

gboolean
eo_upload_device_status_from_string (const char     *str,
                                     EoDeviceStatus *status)
{
  guint i;

  if (!find_name (status_names, G_N_ELEMENTS (status_names), str, &i))
    return FALSE;
  *status = (EoDeviceStatus) i;
  return TRUE;
}

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
track_device (EoUploadRecord *self,
              EoDevice       *device,
              GArray         *history)
{
  DeviceEntry *entry = g_new0 (DeviceEntry, 1);

  entry->device = device;
  entry->history = history;
  entry->counted = eo_device_get_status (device);
  entry->position = self->entries->len;
  eo_status_counts_move (&self->counts, -1, (int) entry->counted);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_device, device, entry);
  /* As the device's observer: no handler and closure per device (about
   * 150 bytes each). A device another record already follows is followed
   * through its signal. */
  if (!eo_device_set_observer (device, device_observer_cb, self))
    {
      entry->by_signal = TRUE;
      g_signal_connect (device, "remote-changed", G_CALLBACK (device_remote_changed_cb), self);
    }
}

static void
add_device_internal (EoUploadRecord *self,
                     EoDevice       *device,
                     GArray         *history)
{
  track_device (self, device, history);
  g_list_store_append (self->devices, device);
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
      track_device (self, devices[i], status_history_new ());
      note_status (self, devices[i], g_get_real_time ());
    }
  /* One change of the model for all of them. */
  g_list_store_splice (self->devices, g_list_model_get_n_items (G_LIST_MODEL (self->devices)), 0,
                       (gpointer *) devices, n_devices);
}

void
eo_upload_record_add_device (EoUploadRecord *self,
                             EoDevice       *device)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (EO_IS_DEVICE (device));
  g_return_if_fail (lookup_history (self, device) == NULL);

  add_device_internal (self, device, status_history_new ());
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
  for (guint i = 0; i < n_rows; i++)
    {
      const EoDeviceRow *row = eo_device_list_get_row (list, i);

      if (row->severity == EO_SEVERITY_ERROR)
        continue;
      g_ptr_array_add (devices, eo_device_new (row->eid, row->name, row->iccid));
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

GArray *
eo_upload_record_get_device_history (EoUploadRecord *self,
                                     guint           position)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  if (position >= self->entries->len)
    return NULL;
  return ((DeviceEntry *) g_ptr_array_index (self->entries, position))->history;
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
  if (eo_set_str (&self->error_message, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_state_internal (self, EO_UPLOAD_STATE_ACCEPTED);
  update_finished (self);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_failure (EoUploadRecord *self,
             EoUploadState   state,
             const char     *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (eo_set_str (&self->error_message, message))
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
  set_failure (self, EO_UPLOAD_STATE_REFUSED, message);
}

void
eo_upload_record_set_outcome_unknown (EoUploadRecord *self,
                                      const char     *message)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  set_failure (self, EO_UPLOAD_STATE_OUTCOME_UNKNOWN, message);
}

void
eo_upload_record_set_error_message (EoUploadRecord *self,
                                    const char     *message)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));

  if (!eo_set_str (&self->error_message, message))
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
eo_upload_record_set_state (EoUploadRecord *self,
                            EoUploadState   state)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail ((guint) state < G_N_ELEMENTS (state_names));

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

/* Serialization */

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       time_us)
{
  g_autofree char *str = eo_upload_record_format_time (time_us);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, str);
}

JsonNode *
eo_upload_record_to_json (EoUploadRecord *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  guint n;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  json_builder_begin_object (builder);
  eo_json_builder_add_nullable_string (builder, "format", EO_UPLOAD_RECORD_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, EO_UPLOAD_RECORD_SCHEMA_VERSION);
  eo_json_builder_add_nullable_string (builder, "local_id", self->local_id);
  add_time (builder, "created", self->created_us);
  add_time (builder, "updated", self->updated_us);
  eo_json_builder_add_nullable_string (builder, "server", self->server);
  eo_json_builder_add_nullable_string (builder, "customer_id", self->customer_id);
  eo_json_builder_add_nullable_string (builder, "source_name", self->source_name);
  json_builder_set_member_name (builder, "has_iccid_column");
  json_builder_add_boolean_value (builder, self->has_iccid_column);
  eo_json_builder_add_nullable_string (builder, "state", eo_upload_state_to_string (self->state));
  eo_json_builder_add_nullable_string (builder, "request_id", self->request_id);
  eo_json_builder_add_nullable_string (builder, "server_url", self->server_url);
  eo_json_builder_add_nullable_string (builder, "error", self->error_message);

  json_builder_set_member_name (builder, "sender");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, self->sender_pid);
  eo_json_builder_add_nullable_string (builder, "boot_id", self->sender_boot_id);
  json_builder_set_member_name (builder, "start_time");
  json_builder_add_int_value (builder, (gint64) MIN (self->sender_start_time, (guint64) G_MAXINT64));
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "devices");
  json_builder_begin_array (builder);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (G_LIST_MODEL (self->devices), i);
      GArray *history = lookup_history (self, device);

      json_builder_begin_object (builder);
      eo_json_builder_add_nullable_string (builder, "eid", eo_device_get_eid (device));
      eo_json_builder_add_nullable_string (builder, "name", eo_device_get_name (device));
      eo_json_builder_add_nullable_string (builder, "iccid", eo_device_get_iccid (device));
      eo_json_builder_add_nullable_string (builder, "status", eo_upload_device_status_to_string (eo_device_get_status (device)));
      eo_json_builder_add_nullable_string (builder, "status_text", eo_device_get_status_text (device));
      eo_json_builder_add_nullable_string (builder, "reason", eo_device_get_reason (device));
      eo_json_builder_add_nullable_string (builder, "assigned_iccid", eo_device_get_assigned_iccid (device));
      json_builder_set_member_name (builder, "history");
      json_builder_begin_array (builder);
      for (guint j = 0; history != NULL && j < history->len; j++)
        {
          const EoStatusChange *change = &g_array_index (history, EoStatusChange, j);

          json_builder_begin_object (builder);
          add_time (builder, "time", change->time_us);
          eo_json_builder_add_nullable_string (builder, "status", eo_upload_device_status_to_string (change->status));
          eo_json_builder_add_nullable_string (builder, "status_text", change->status_text);
          eo_json_builder_add_nullable_string (builder, "reason", change->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Fast serialization for saving. The file is the same document as
 * eo_upload_record_to_json() gives, written directly: each device's part
 * is kept once made and made again only when the device changes, so a
 * save costs the devices that changed, not the whole upload. */

/* A JSON string (or null), valid UTF-8 even if @str is not. */
static void
append_json_string (GString    *out,
                    const char *str)
{
  g_autofree char *valid = NULL;

  if (str == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);

  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) str; *p != '\0'; p++)
    {
      const unsigned char *run = p;

      /* Plain characters in one go. */
      while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
        p++;
      if (p > run)
        g_string_append_len (out, (const char *) run, p - run);
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20 || *p == 0x7f)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_member (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_c (out, '"');
  g_string_append (out, name);
  g_string_append (out, "\":");
  append_json_string (out, value);
}

/* @n as @width digits, zero-padded. */
static char *
put_digits (char  *p,
            guint  n,
            guint  width)
{
  for (guint i = width; i > 0; i--)
    {
      p[i - 1] = (char) ('0' + n % 10);
      n /= 10;
    }
  return p + width;
}

/* As eo_upload_record_format_time(), into @buf (at least 28 bytes). */
static void
format_time_into (char   *buf,
                  gint64  time_us)
{
  gint64 secs = time_us / G_USEC_PER_SEC;
  gint64 rest = time_us % G_USEC_PER_SEC;
  time_t t;
  struct tm tm;
  char *p = buf;

  if (rest < 0)
    {
      secs--;
      rest += G_USEC_PER_SEC;
    }
  t = (time_t) secs;
  if ((gint64) t != secs || gmtime_r (&t, &tm) == NULL ||
      tm.tm_year + 1900 < 1 || tm.tm_year + 1900 > 9999)
    {
      memset (&tm, 0, sizeof tm);
      tm.tm_year = 70;
      tm.tm_mday = 1;
      rest = 0;
    }
  p = put_digits (p, tm.tm_year + 1900, 4);
  *p++ = '-';
  p = put_digits (p, tm.tm_mon + 1, 2);
  *p++ = '-';
  p = put_digits (p, tm.tm_mday, 2);
  *p++ = 'T';
  p = put_digits (p, tm.tm_hour, 2);
  *p++ = ':';
  p = put_digits (p, tm.tm_min, 2);
  *p++ = ':';
  p = put_digits (p, tm.tm_sec, 2);
  *p++ = '.';
  p = put_digits (p, (guint) rest, 6);
  *p++ = 'Z';
  *p = '\0';
}

static void
append_time_member (GString    *out,
                    const char *name,
                    gint64      time_us)
{
  char buf[32];

  format_time_into (buf, time_us);
  append_member (out, name, buf);
}

static char *
device_entry_to_json (DeviceEntry *entry)
{
  EoDevice *device = entry->device;
  GString *out = g_string_sized_new (256);
  char *json;

  g_string_append_c (out, '{');
  append_member (out, "eid", eo_device_get_eid (device));
  g_string_append_c (out, ',');
  append_member (out, "name", eo_device_get_name (device));
  g_string_append_c (out, ',');
  append_member (out, "iccid", eo_device_get_iccid (device));
  g_string_append_c (out, ',');
  append_member (out, "status", eo_upload_device_status_to_string (eo_device_get_status (device)));
  g_string_append_c (out, ',');
  append_member (out, "status_text", eo_device_get_status_text (device));
  g_string_append_c (out, ',');
  append_member (out, "reason", eo_device_get_reason (device));
  g_string_append_c (out, ',');
  append_member (out, "assigned_iccid", eo_device_get_assigned_iccid (device));
  g_string_append (out, ",\"history\":[");
  for (guint j = 0; entry->history != NULL && j < entry->history->len; j++)
    {
      const EoStatusChange *change = &g_array_index (entry->history, EoStatusChange, j);

      g_string_append (out, j > 0 ? ",{" : "{");
      append_time_member (out, "time", change->time_us);
      g_string_append_c (out, ',');
      append_member (out, "status", eo_upload_device_status_to_string (change->status));
      g_string_append_c (out, ',');
      append_member (out, "status_text", change->status_text);
      g_string_append_c (out, ',');
      append_member (out, "reason", change->reason);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");

  json = g_ref_string_new_len (out->str, out->len);
  g_string_free (out, TRUE);
  return json;
}

static char *
dup_head_json (EoUploadRecord *self)
{
  GString *out = g_string_new ("{\n ");

  append_member (out, "format", EO_UPLOAD_RECORD_FORMAT);
  g_string_append_printf (out, ",\n \"version\" : %d,\n ", EO_UPLOAD_RECORD_SCHEMA_VERSION);
  append_member (out, "local_id", self->local_id);
  g_string_append (out, ",\n ");
  append_time_member (out, "created", self->created_us);
  g_string_append (out, ",\n ");
  append_time_member (out, "updated", self->updated_us);
  g_string_append (out, ",\n ");
  append_member (out, "server", self->server);
  g_string_append (out, ",\n ");
  append_member (out, "customer_id", self->customer_id);
  g_string_append (out, ",\n ");
  append_member (out, "source_name", self->source_name);
  g_string_append_printf (out, ",\n \"has_iccid_column\" : %s,\n ",
                          self->has_iccid_column ? "true" : "false");
  append_member (out, "state", eo_upload_state_to_string (self->state));
  g_string_append (out, ",\n ");
  append_member (out, "request_id", self->request_id);
  g_string_append (out, ",\n ");
  append_member (out, "server_url", self->server_url);
  g_string_append (out, ",\n ");
  append_member (out, "error", self->error_message);
  g_string_append_printf (out, ",\n \"sender\" : { \"pid\" : %" G_GINT64_FORMAT ", ", self->sender_pid);
  append_member (out, "boot_id", self->sender_boot_id);
  g_string_append_printf (out, ", \"start_time\" : %" G_GINT64_FORMAT " },\n \"devices\" : [",
                          (gint64) MIN (self->sender_start_time, (guint64) G_MAXINT64));
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

      if (entry->json == NULL)
        entry->json = device_entry_to_json (entry);
      if (++stride == 64)
        {
          stride = 0;
          if (g_get_monotonic_time () >= deadline_us)
            break;
        }
    }
  return self->stale->len == 0;
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

      if (entry->json == NULL)
        entry->json = device_entry_to_json (entry);
    }
  g_ptr_array_set_size (self->stale, 0);

  n = self->entries->len;
  snapshot = g_new0 (EoUploadRecordSnapshot, 1);
  snapshot->local_id = g_strdup (self->local_id);
  snapshot->head = dup_head_json (self);
  snapshot->devices = g_ptr_array_new_full (n, (GDestroyNotify) g_ref_string_release);
  snapshot->length = strlen (snapshot->head) + strlen ("\n ]\n}\n");
  for (guint i = 0; i < n; i++)
    {
      DeviceEntry *entry = g_ptr_array_index (self->entries, i);

      /* Devices added or loaded have no part yet: made once here. */
      if (entry->json == NULL)
        entry->json = device_entry_to_json (entry);
      g_ptr_array_add (snapshot->devices, g_ref_string_acquire (entry->json));
      snapshot->length += g_ref_string_length (entry->json) + 4;
    }
  return snapshot;
}

const char *
eo_upload_record_snapshot_get_local_id (EoUploadRecordSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, NULL);
  return snapshot->local_id;
}

char *
eo_upload_record_snapshot_to_data (EoUploadRecordSnapshot *snapshot,
                                   gsize                  *length)
{
  GString *out;

  g_return_val_if_fail (snapshot != NULL, NULL);

  out = g_string_sized_new (snapshot->length + 1);
  g_string_append (out, snapshot->head);
  for (guint i = 0; i < snapshot->devices->len; i++)
    {
      g_string_append (out, i > 0 ? ",\n  " : "\n  ");
      g_string_append (out, g_ptr_array_index (snapshot->devices, i));
    }
  g_string_append (out, "\n ]\n}\n");
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
eo_upload_record_snapshot_write (EoUploadRecordSnapshot  *snapshot,
                                 int                      fd,
                                 GError                 **error)
{
  GString *buffer;
  gboolean ok = TRUE;

  g_return_val_if_fail (snapshot != NULL, FALSE);

  /* Through a buffer of about 1 MiB: the document is never whole in
   * memory (it is about 45 MB for 100,000 devices). */
  buffer = g_string_sized_new (1 << 20);
  g_string_append (buffer, snapshot->head);
  for (guint i = 0; ok && i <= snapshot->devices->len; i++)
    {
      if (i < snapshot->devices->len)
        {
          g_string_append (buffer, i > 0 ? ",\n  " : "\n  ");
          g_string_append (buffer, g_ptr_array_index (snapshot->devices, i));
        }
      else
        g_string_append (buffer, "\n ]\n}\n");

      if (buffer->len >= (1 << 20) || i == snapshot->devices->len)
        {
          const char *p = buffer->str;
          gsize left = buffer->len;

          while (left > 0)
            {
              gssize n = write (fd, p, left);

              if (n < 0 && errno == EINTR)
                continue;
              if (n <= 0)
                {
                  int saved_errno = errno;

                  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                                       g_strerror (saved_errno));
                  ok = FALSE;
                  break;
                }
              p += n;
              left -= (gsize) n;
            }
          g_string_truncate (buffer, 0);
        }
    }
  g_string_free (buffer, TRUE);
  return ok;
}

void
eo_upload_record_snapshot_free (EoUploadRecordSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_free (snapshot->local_id);
  g_free (snapshot->head);
  g_ptr_array_unref (snapshot->devices);
  g_free (snapshot);
}

char *
eo_upload_record_to_data (EoUploadRecord *self,
                          gsize          *length)
{
  EoUploadRecordSnapshot *snapshot;
  char *data;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  snapshot = eo_upload_record_snapshot (self);
  data = eo_upload_record_snapshot_to_data (snapshot, length);
  eo_upload_record_snapshot_free (snapshot);
  return data;
}


/* Strict readers: each fails with a message naming the member. */

static gboolean
shape_error (GError     **error,
             const char  *where,
             const char  *member,
             const char  *what)
{
  g_set_error (error, EO_ERROR, EO_ERROR_STORE,
               /* Translators: e.g. "Not an upload record: “devices[3].eid” must be a string." */
               _("Not an upload record: “%s%s” %s."),
               where, member, what);
  return FALSE;
}

/* @out may be NULL (absent or null allowed when !@required). */
static gboolean
read_string (JsonObject  *object,
             const char  *where,
             const char  *member,
             gboolean     required,
             const char **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return shape_error (error, where, member, _("is missing"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return shape_error (error, where, member, _("must be a string"));
  *out = json_node_get_string (node);
  if (!g_utf8_validate (*out, -1, NULL))
    return shape_error (error, where, member, _("is not valid text"));
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *where,
          const char  *member,
          gboolean     required,
          gint64      *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return shape_error (error, where, member, _("is missing"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return shape_error (error, where, member, _("must be an integer"));
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *where,
           const char  *member,
           gint64      *out,
           GError     **error)
{
  const char *str;

  if (!read_string (object, where, member, TRUE, &str, error))
    return FALSE;
  if (!parse_time (str, out))
    return shape_error (error, where, member, _("is not an ISO 8601 time"));
  return TRUE;
}

static gboolean
read_status (JsonObject     *object,
             const char     *where,
             const char     *member,
             EoDeviceStatus *out,
             GError        **error)
{
  const char *str;

  if (!read_string (object, where, member, TRUE, &str, error))
    return FALSE;
  if (!eo_upload_device_status_from_string (str, out))
    return shape_error (error, where, member, _("is not a known device status"));
  return TRUE;
}

static JsonObject *
object_of (JsonNode *node)
{
  return (node != NULL && JSON_NODE_HOLDS_OBJECT (node)) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return (node != NULL && JSON_NODE_HOLDS_ARRAY (node)) ? json_node_get_array (node) : NULL;
}

static gboolean
read_device (EoUploadRecord  *self,
             JsonNode        *node,
             guint            index,
             GError         **error)
{
  g_autofree char *where = g_strdup_printf ("devices[%u].", index);
  JsonObject *object = object_of (node);
  const char *eid, *name, *iccid, *status_text, *reason, *assigned;
  EoDeviceStatus status;
  g_autoptr(EoDevice) device = NULL;
  g_autoptr(GArray) history = NULL;
  JsonArray *changes;

  if (object == NULL)
    return shape_error (error, where, "", _("must be an object"));
  if (!read_string (object, where, "eid", TRUE, &eid, error) ||
      !read_string (object, where, "name", TRUE, &name, error) ||
      !read_string (object, where, "iccid", FALSE, &iccid, error) ||
      !read_status (object, where, "status", &status, error) ||
      !read_string (object, where, "status_text", FALSE, &status_text, error) ||
      !read_string (object, where, "reason", FALSE, &reason, error) ||
      !read_string (object, where, "assigned_iccid", FALSE, &assigned, error))
    return FALSE;

  history = status_history_new ();
  if (json_object_has_member (object, "history"))
    {
      changes = array_member (object, "history");
      if (changes == NULL)
        return shape_error (error, where, "history", _("must be an array"));
      for (guint j = 0; j < json_array_get_length (changes); j++)
        {
          g_autofree char *cwhere = g_strdup_printf ("devices[%u].history[%u].", index, j);
          JsonObject *cobject = object_of (json_array_get_element (changes, j));
          EoStatusChange change = { 0 };
          const char *ctext, *creason;

          if (cobject == NULL)
            return shape_error (error, cwhere, "", _("must be an object"));
          if (!read_time (cobject, cwhere, "time", &change.time_us, error) ||
              !read_status (cobject, cwhere, "status", &change.status, error) ||
              !read_string (cobject, cwhere, "status_text", FALSE, &ctext, error) ||
              !read_string (cobject, cwhere, "reason", FALSE, &creason, error))
            return FALSE;
          change.status_text = intern (ctext);
          change.reason = intern (creason);
          g_array_append_val (history, change);
        }
    }

  device = eo_device_new (eid, name, iccid);
  eo_device_set_remote (device, status, status_text, reason, assigned);
  add_device_internal (self, device, g_steal_pointer (&history));
  return TRUE;
}

EoUploadRecord *
eo_upload_record_new_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(EoUploadRecord) self = NULL;
  JsonObject *root = object_of (node);
  JsonObject *sender;
  JsonArray *devices;
  const char *format, *local_id, *server, *customer_id, *source_name;
  const char *state_str, *request_id, *server_url, *message, *boot_id;
  gint64 version, pid, start_time;
  JsonNode *bool_node;

  if (root == NULL)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Not an upload record: the file does not hold a JSON object."));
      return NULL;
    }
  if (!read_string (root, "", "format", TRUE, &format, error))
    return NULL;
  if (!g_str_equal (format, EO_UPLOAD_RECORD_FORMAT))
    {
      shape_error (error, "", "format", _("names another kind of file"));
      return NULL;
    }
  if (!read_int (root, "", "version", TRUE, &version, error))
    return NULL;
  if (version != EO_UPLOAD_RECORD_SCHEMA_VERSION)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("The upload record has version %lld, but this program reads version %d only."),
                   (long long) version, EO_UPLOAD_RECORD_SCHEMA_VERSION);
      return NULL;
    }

  self = g_object_new (EO_TYPE_UPLOAD_RECORD, NULL);

  if (!read_string (root, "", "local_id", TRUE, &local_id, error) ||
      !read_time (root, "", "created", &self->created_us, error) ||
      !read_time (root, "", "updated", &self->updated_us, error) ||
      !read_string (root, "", "server", FALSE, &server, error) ||
      !read_string (root, "", "customer_id", FALSE, &customer_id, error) ||
      !read_string (root, "", "source_name", FALSE, &source_name, error) ||
      !read_string (root, "", "state", TRUE, &state_str, error) ||
      !read_string (root, "", "request_id", FALSE, &request_id, error) ||
      !read_string (root, "", "server_url", FALSE, &server_url, error) ||
      !read_string (root, "", "error", FALSE, &message, error))
    return NULL;
  if (!eo_upload_record_is_valid_local_id (local_id))
    {
      shape_error (error, "", "local_id", _("is not a UUID"));
      return NULL;
    }
  if (!eo_upload_state_from_string (state_str, &self->state))
    {
      shape_error (error, "", "state", _("is not a known upload state"));
      return NULL;
    }
  if ((self->state == EO_UPLOAD_STATE_ACCEPTED || self->state == EO_UPLOAD_STATE_FINISHED) &&
      (request_id == NULL || *request_id == '\0'))
    {
      shape_error (error, "", "request_id", _("is missing"));
      return NULL;
    }

  bool_node = json_object_get_member (root, "has_iccid_column");
  if (bool_node == NULL || !JSON_NODE_HOLDS_VALUE (bool_node) ||
      json_node_get_value_type (bool_node) != G_TYPE_BOOLEAN)
    {
      shape_error (error, "", "has_iccid_column", _("must be true or false"));
      return NULL;
    }
  self->has_iccid_column = json_node_get_boolean (bool_node);

  if (json_object_has_member (root, "sender"))
    {
      sender = object_of (json_object_get_member (root, "sender"));
      if (sender == NULL)
        {
          shape_error (error, "", "sender", _("must be an object"));
          return NULL;
        }
      if (!read_int (sender, "sender.", "pid", FALSE, &pid, error) ||
          !read_string (sender, "sender.", "boot_id", FALSE, &boot_id, error) ||
          !read_int (sender, "sender.", "start_time", FALSE, &start_time, error))
        return NULL;
      self->sender_pid = pid;
      self->sender_boot_id = g_strdup (boot_id);
      self->sender_start_time = start_time > 0 ? (guint64) start_time : 0;
    }

  devices = array_member (root, "devices");
  if (devices == NULL)
    {
      shape_error (error, "", "devices", _("must be an array"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      if (!read_device (self, json_array_get_element (devices, i), i, error))
        return NULL;
    }

  self->local_id = g_strdup (local_id);
  self->server = g_strdup (server);
  self->customer_id = g_strdup (customer_id);
  self->source_name = g_strdup (source_name);
  self->request_id = g_strdup (request_id);
  self->server_url = g_strdup (server_url);
  self->error_message = g_strdup (message);

  return g_steal_pointer (&self);
}

EoUploadRecord *
eo_upload_record_new_from_data (const char  *data,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);
  if (length == 0)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("The upload record is empty."));
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("The upload record is not text."));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("The upload record is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return eo_upload_record_new_from_json (json_parser_get_root (parser), error);
}
