/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-poller"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-poller.h"
#include "eo-poller-private.h"
#include "eo-util.h"

struct _EoPoller
{
  GObject       parent_instance;

  EoClient     *client;
  char         *request_id;

  GListModel   *devices;
  gboolean      own_model;     /* devices built from the answers */
  GHashTable   *by_eid;        /* eid (the device's) -> EoDevice (ref) of tracked devices */

  /* Work on the devices runs in slices of at most slice_us on the
   * poller's context, so that a window stays responsive with 100,000
   * devices: first indexing the model, then merging each answer. */
  GSource      *work;
  guint         slice_us;
  guint         index_pos;     /* devices of the model indexed so far */
  gboolean      indexed;
  GPtrArray    *configs;       /* the answer being merged, or NULL */
  guint         merge_pos;
  gboolean      read_due;      /* the timer fired while work was left */

  /* When the read in flight (or the last one) was sent, monotonic µs. */
  gint64        sent_us;

  guint         first_ms;
  guint         max_ms;
  guint         next_ms;

  /* Progress seen at the previous read, to predict when the rest is done. */
  gint64        mark_us;
  guint         mark_done;

  GMainContext *context;
  GSource      *timer;
  GCancellable *cancellable;   /* of the read in flight */
  gboolean      running;

  guint         n_total;
  /* Without a device list: how many devices the previous answer listed.
   * A server may leave out rows it has not processed, so an answer whose
   * devices are all final proves nothing while the list still grows. */
  guint         n_listed_before;
  EoStatusCounts counts;        /* of the tracked devices */
  guint         n_requests;
};

G_DEFINE_FINAL_TYPE (EoPoller, eo_poller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_N_TOTAL,
  PROP_N_SUCCESS,
  PROP_N_FAILED,
  PROP_N_PENDING,
  PROP_N_REQUESTS,
  N_PROPS
};

enum {
  SIGNAL_UPDATED,
  SIGNAL_FINISHED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_read (EoPoller *self,
                           guint     delay_ms);
static void send_read     (EoPoller *self);
static void finish_merge  (EoPoller *self);
static void set_mark      (EoPoller *self);

/* Longest slice of work on the devices between two main-loop iterations. */
#define EO_POLLER_SLICE_US 8000
/* Items between two looks at the clock. */
#define EO_POLLER_CLOCK_STRIDE 64

/* ---------------------------------------------------------------- helpers */

/* Rows with errors were not part of the upload. */
static gboolean
device_is_uploaded (EoDevice *device)
{
  return eo_device_get_severity (device) != EO_SEVERITY_ERROR;
}

static void
set_uint (EoPoller *self,
          guint    *slot,
          guint     value,
          guint     prop_id)
{
  if (*slot == value)
    return;
  *slot = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_running (EoPoller *self,
             gboolean  running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* The counts are kept as devices change (never by walking them); the
 * properties are notified once per merge, here. */
static void
publish_counts (EoPoller *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SUCCESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Starts tracking @device (counted under its status). */
static void
track (EoPoller *self,
       EoDevice *device)
{
  EoDevice *previous = g_hash_table_lookup (self->by_eid, eo_device_get_eid (device));

  if (previous == device)
    return;
  if (previous == NULL)
    self->n_total++;
  eo_status_counts_move (&self->counts,
                         previous != NULL ? (int) eo_device_get_status (previous) : -1,
                         (int) eo_device_get_status (device));
  g_hash_table_replace (self->by_eid, (gpointer) eo_device_get_eid (device), g_object_ref (device));
}

static void
ensure_devices (EoPoller *self)
{
  if (self->devices == NULL)
    {
      self->devices = G_LIST_MODEL (g_list_store_new (EO_TYPE_DEVICE));
      self->own_model = TRUE;
    }
  if (self->own_model)
    self->indexed = TRUE;
}

/* Indexes one device of the given model. */
static void
index_one (EoPoller *self,
           guint     position)
{
  g_autoptr(EoDevice) device = g_list_model_get_item (self->devices, position);

  if (!device_is_uploaded (device))
    return;
  if (eo_device_get_status (device) == EO_DEVICE_STATUS_NONE)
    eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, NULL, NULL, NULL);
  track (self, device);
}

static void
stop_work (EoPoller *self)
{
  if (self->work != NULL)
    {
      g_source_destroy (self->work);
      g_clear_pointer (&self->work, g_source_unref);
    }
  g_clear_pointer (&self->configs, g_ptr_array_unref);
  self->read_due = FALSE;
}

/* Ends the work, the timer and the read in flight. */
static void
stop_sources (EoPoller *self)
{
  stop_work (self);
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
}

static void
stop (EoPoller *self)
{
  stop_sources (self);
  set_running (self, FALSE);
}

static void
merge_one (EoPoller       *self,
           EoRemoteConfig *config)
{
  EoDevice *device;
  EoDeviceStatus before;

  if (config->eid == NULL || *config->eid == '\0')
    {
      g_debug ("Status entry without EID ignored");
      return;
    }

  device = g_hash_table_lookup (self->by_eid, config->eid);
  if (device == NULL && self->own_model)
    {
      g_autoptr(EoDevice) added = eo_device_new (config->eid, config->name, NULL);

      track (self, added);
      g_list_store_append (G_LIST_STORE (self->devices), added);
      device = added;
    }
  if (device == NULL)
    {
      g_debug ("Status entry for an EID that was not uploaded ignored");
      return;
    }

  before = eo_device_get_status (device);
  eo_device_set_remote (device, config->kind, config->status, config->reason, config->iccid);
  eo_status_counts_move (&self->counts, (int) before, (int) eo_device_get_status (device));
}

/* One slice of the work: indexing first, then the answer. Returns TRUE
 * when work is left for another slice. */
static gboolean
work_slice (EoPoller *self)
{
  gint64 deadline = g_get_monotonic_time () + self->slice_us;
  guint stride = 0;

  while (TRUE)
    {
      if (++stride == EO_POLLER_CLOCK_STRIDE)
        {
          stride = 0;
          if (g_get_monotonic_time () >= deadline)
            return TRUE;
        }

      if (!self->indexed)
        {
          if (self->index_pos < g_list_model_get_n_items (self->devices))
            {
              index_one (self, self->index_pos++);
              continue;
            }
          self->indexed = TRUE;
          set_mark (self);
          publish_counts (self);
          if (self->read_due)
            {
              self->read_due = FALSE;
              send_read (self);
            }
          continue;
        }

      if (self->configs != NULL)
        {
          if (self->merge_pos < self->configs->len)
            {
              EoRemoteConfig **slot = (EoRemoteConfig **) &g_ptr_array_index (self->configs, self->merge_pos++);

              /* Freed once merged: an answer for 100,000 devices is about
               * 20 MB of rows, which need not all live until the end. */
              merge_one (self, *slot);
              g_clear_pointer (slot, eo_remote_config_free);
              continue;
            }
          finish_merge (self);
          /* finish_merge() may stop, start or re-queue work. */
          return self->configs != NULL || !self->indexed;
        }

      return FALSE;
    }
}

static gboolean work_cb (gpointer user_data);

/* Each slice 1 ms after the previous one ends, a new source each time
 * (eo_slice_source_attach says why: a kept one made gaps of 80-160 ms of
 * CPU at 100,000). */
static void
schedule_work (EoPoller *self)
{
  if (self->work != NULL)
    {
      g_source_destroy (self->work);
      g_source_unref (self->work);
    }
  self->work = eo_slice_source_attach (self->context, work_cb, self, NULL, "[eo-poller] devices");
}

static gboolean
work_cb (gpointer user_data)
{
  EoPoller *self = EO_POLLER (user_data);
  gboolean more;

  g_object_ref (self);
  more = work_slice (self);
  if (more && self->work != NULL)
    schedule_work (self);
  else if (self->work != NULL)
    {
      g_source_destroy (self->work);
      g_clear_pointer (&self->work, g_source_unref);
    }
  g_object_unref (self);
  return G_SOURCE_REMOVE; /* the next slice has a source of its own */
}

/* Does a first slice now (all of it for small uploads, as before) and
 * the rest from a timeout. */
static void
run_work (EoPoller *self)
{
  if (self->work != NULL)
    return; /* the slices go on */
  if (!work_slice (self))
    return;
  if (self->work != NULL || (!self->running && self->configs == NULL))
    return;
  schedule_work (self);
}

/* Called once per merged answer. */
static gboolean
all_final (EoPoller *self)
{
  gboolean stable = self->n_total == self->n_listed_before;

  self->n_listed_before = self->n_total;
  if (self->counts.n_pending > 0)
    return FALSE;
  /* Without a device list, an empty answer says nothing yet, and the
   * devices are done only when two answers in a row list as many. */
  if (self->own_model && (self->n_total == 0 || !stable))
    return FALSE;
  return TRUE;
}

/* Progress is dated by when the read that saw it was sent. */
static void
set_mark (EoPoller *self)
{
  self->mark_us = self->sent_us;
  self->mark_done = self->n_total - self->counts.n_pending;
}

/*
 * The next read comes after the backoff delay, or sooner when the rate at
 * which rows became final since the previous read says they will all be
 * final before then: a large upload is then read about when it ends
 * instead of up to a whole backoff step later, without more reads while
 * it runs. Never sooner than half the first interval.
 */
static guint
next_delay (EoPoller *self)
{
  guint delay = self->next_ms;
  gint64 now = self->sent_us;
  guint done = self->n_total - self->counts.n_pending;

  if (done > self->mark_done && now > self->mark_us)
    {
      double rate_per_ms = (double)(done - self->mark_done) / ((now - self->mark_us) / 1000.0);
      double predicted_ms = self->counts.n_pending / rate_per_ms * 1.05 + 200.0;
      guint floor_ms = MAX (self->first_ms / 2, 1);

      if (predicted_ms < delay)
        delay = (guint)MAX (predicted_ms, (double)floor_ms);
    }

  set_mark (self);
  return delay;
}

/* --------------------------------------------------------------- callbacks */

static void
status_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  EoPoller *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  guint attempts = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "eo-client-attempts"));

  configs = eo_client_eid_status_finish (EO_CLIENT (source), result, &error);

  /* Cancelled means stopped or disposed: @user_data may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = EO_POLLER (user_data);
  g_clear_object (&self->cancellable);
  set_uint (self, &self->n_requests, self->n_requests + MAX (attempts, 1), PROP_N_REQUESTS);

  if (configs == NULL)
    {
      g_debug ("Status read of %s failed: %s", self->request_id, error->message);
      g_object_ref (self);
      stop (self);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      g_object_unref (self);
      return;
    }

  g_object_ref (self);
  g_assert (self->configs == NULL);
  self->configs = g_steal_pointer (&configs);
  self->merge_pos = 0;
  run_work (self);
  g_object_unref (self);
}

/* The whole answer is in the devices: tell, then finish or read again. */
static void
finish_merge (EoPoller *self)
{
  g_clear_pointer (&self->configs, g_ptr_array_unref);
  publish_counts (self);

  g_object_ref (self);
  g_signal_emit (self, signals[SIGNAL_UPDATED], 0);

  if (self->running && self->cancellable == NULL && self->timer == NULL && self->configs == NULL)
    {
      if (all_final (self))
        {
          stop (self);
          g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
        }
      else
        {
          guint delay = next_delay (self);
          gint64 due_us = self->sent_us + (gint64) delay * 1000;
          gint64 left_ms = (due_us - g_get_monotonic_time () + 999) / 1000;

          /* Counted from when this read was sent, not from now: the time
           * the answer took to come and be merged is not added. */
          self->next_ms = (guint)MIN ((guint64)self->next_ms * 3 / 2, self->max_ms);
          schedule_read (self, (guint) CLAMP (left_ms, 0, (gint64) delay));
        }
    }
  g_object_unref (self);
}

/* A row of the answer being read: the device it is about, and whether it
 * changes nothing (then it is not kept: eo_device_set_remote() would do
 * nothing with it). Devices change only by merges, and none runs while a
 * read is in flight. */
static gpointer
track_row (const EoRemoteConfig *config,
           gboolean             *unchanged,
           gpointer              user_data)
{
  EoPoller *self = EO_POLLER (user_data);
  EoDevice *device = g_hash_table_lookup (self->by_eid, config->eid);

  if (device == NULL)
    return NULL;
  *unchanged = self->configs == NULL &&
               eo_device_get_status (device) == config->kind &&
               g_strcmp0 (eo_device_get_status_text (device), config->status) == 0 &&
               g_strcmp0 (eo_device_get_reason (device), config->reason) == 0 &&
               g_strcmp0 (eo_device_get_assigned_iccid (device), config->iccid) == 0;
  return device;
}

/* The row left out for @key, made again from the device. */
static EoRemoteConfig *
rebuild_row (gpointer key,
             gpointer user_data)
{
  EoDevice *device = key;
  EoRemoteConfig *config = g_new0 (EoRemoteConfig, 1);

  config->eid = g_strdup (eo_device_get_eid (device));
  config->name = g_strdup (eo_device_get_name (device));
  config->kind = eo_device_get_status (device);
  config->status = g_strdup (eo_device_get_status_text (device));
  config->reason = g_strdup (eo_device_get_reason (device));
  config->iccid = g_strdup (eo_device_get_assigned_iccid (device));
  return config;
}

static void
send_read (EoPoller *self)
{
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->sent_us = g_get_monotonic_time ();

  /* The poller outlives the read: disposing it cancels the read first. */
  eo_client_eid_status_tracked_async (self->client, self->request_id, track_row, rebuild_row, self,
                                      self->cancellable, status_cb, self);
}

static gboolean
timer_cb (gpointer user_data)
{
  EoPoller *self = EO_POLLER (user_data);

  g_clear_pointer (&self->timer, g_source_unref);
  /* Indexing not done yet: the read goes out when it is. */
  if (!self->indexed)
    self->read_due = TRUE;
  else
    send_read (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_read (EoPoller *self,
               guint     delay_ms)
{
  g_assert (self->timer == NULL);

  self->timer = g_timeout_source_new (delay_ms);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_static_name (self->timer, "[eo-poller] next read");
  g_source_attach (self->timer, self->context);
}

/* ---------------------------------------------------------------- GObject */

static void
eo_poller_dispose (GObject *object)
{
  EoPoller *self = (EoPoller *)object;

  stop_sources (self);
  self->running = FALSE;
  g_clear_pointer (&self->by_eid, g_hash_table_unref);
  g_clear_object (&self->devices);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (eo_poller_parent_class)->dispose (object);
}

static void
eo_poller_finalize (GObject *object)
{
  EoPoller *self = (EoPoller *)object;

  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (eo_poller_parent_class)->finalize (object);
}

static void
eo_poller_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EoPoller *self = EO_POLLER (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_N_TOTAL:
      g_value_set_uint (value, self->n_total);
      break;
    case PROP_N_SUCCESS:
      g_value_set_uint (value, self->counts.n_success);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->counts.n_failed);
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->counts.n_pending);
      break;
    case PROP_N_REQUESTS:
      g_value_set_uint (value, self->n_requests);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_poller_class_init (EoPollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_poller_dispose;
  object_class->finalize = eo_poller_finalize;
  object_class->get_property = eo_poller_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SUCCESS] =
    g_param_spec_uint ("n-success", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_REQUESTS] =
    g_param_spec_uint ("n-requests", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
eo_poller_init (EoPoller *self)
{
  self->first_ms = EO_POLLER_DEFAULT_FIRST_MS;
  self->max_ms = EO_POLLER_DEFAULT_MAX_MS;
  self->by_eid = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->slice_us = EO_POLLER_SLICE_US;
}

/* ------------------------------------------------------------- public API */

EoPoller *
eo_poller_new (EoClient   *client,
               const char *request_id)
{
  EoPoller *self;

  g_return_val_if_fail (EO_IS_CLIENT (client), NULL);
  g_return_val_if_fail (request_id != NULL, NULL);

  self = g_object_new (EO_TYPE_POLLER, NULL);
  self->client = g_object_ref (client);
  self->request_id = g_strdup (request_id);
  return self;
}

const char *
eo_poller_get_request_id (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), NULL);
  return self->request_id;
}

void
eo_poller_set_devices (EoPoller   *self,
                       GListModel *devices)
{
  g_return_if_fail (EO_IS_POLLER (self));
  g_return_if_fail (devices == NULL || G_IS_LIST_MODEL (devices));
  g_return_if_fail (!self->running);

  g_hash_table_remove_all (self->by_eid);
  g_clear_object (&self->devices);
  self->own_model = FALSE;
  self->indexed = FALSE;
  self->index_pos = 0;
  self->n_total = self->counts.n_success = self->counts.n_failed = self->counts.n_pending = 0;
  if (devices != NULL)
    self->devices = g_object_ref (devices);
}

GListModel *
eo_poller_get_devices (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), NULL);

  if (self->devices == NULL)
    ensure_devices (self);
  return self->devices;
}

void
eo_poller_set_intervals (EoPoller *self,
                         guint     first_ms,
                         guint     max_ms)
{
  g_return_if_fail (EO_IS_POLLER (self));

  self->first_ms = first_ms;
  self->max_ms = MAX (max_ms, 1);
}

void
eo_poller_start (EoPoller *self)
{
  g_return_if_fail (EO_IS_POLLER (self));

  if (self->running)
    return;

  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();

  ensure_devices (self);
  self->sent_us = g_get_monotonic_time ();
  set_mark (self);
  self->next_ms = (guint)MIN ((guint64)MAX (self->first_ms, 1) * 3 / 2, self->max_ms);
  set_running (self, TRUE);
  schedule_read (self, self->first_ms);
  /* Indexes the devices (in slices when there are many). */
  run_work (self);
  if (self->indexed)
    publish_counts (self);
}

gboolean
eo_poller_read_now (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), FALSE);

  if (!self->running || self->timer == NULL)
    return FALSE; /* a read is on its way, or its answer being merged */
  g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  /* Through the timer's own path: it waits for the indexing. */
  schedule_read (self, 0);
  return TRUE;
}

void
eo_poller_cancel (EoPoller *self)
{
  g_return_if_fail (EO_IS_POLLER (self));
  stop (self);
}

gboolean
eo_poller_get_running (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), FALSE);
  return self->running;
}

guint
eo_poller_get_n_total (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), 0);
  return self->n_total;
}

guint
eo_poller_get_n_success (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), 0);
  return self->counts.n_success;
}

guint
eo_poller_get_n_failed (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), 0);
  return self->counts.n_failed;
}

guint
eo_poller_get_n_pending (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), 0);
  return self->counts.n_pending;
}

guint
eo_poller_get_n_requests (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), 0);
  return self->n_requests;
}

void
eo_poller_merge_answer (EoPoller  *self,
                        GPtrArray *configs)
{
  g_return_if_fail (EO_IS_POLLER (self));
  g_return_if_fail (self->running && self->configs == NULL && self->cancellable == NULL);

  /* As a read sent now and answered at once. */
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  self->sent_us = g_get_monotonic_time ();
  self->configs = configs;
  self->merge_pos = 0;
  run_work (self);
}

gboolean
eo_poller_is_indexed (EoPoller *self)
{
  g_return_val_if_fail (EO_IS_POLLER (self), FALSE);
  return self->indexed;
}
