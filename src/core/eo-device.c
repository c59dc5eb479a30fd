/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-device.h"
#include "eo-device-list-edit.h"
#include "eo-enum-types.h"
#include "eo-util.h"

struct _EoDevice
{
  GObject         parent_instance;

  /* One block: eid, then name, then iccid (when has_iccid), each
   * NUL-terminated (set_ids). The name and the ICCID are found after the
   * EID when asked for: two pointers less, 96 bytes instead of 112 (1.6 MB
   * at 100,000 devices). */
  char           *eid;
  char           *problem_text;
  guint           line;
  /* In the padding after line: 128 bytes in all would be 1.6 MB more. */
  guint8          severity;  /* EoSeverity */
  guint8          status;    /* EoDeviceStatus */
  guint8          n_extras;
  guint8          has_iccid;

  char           *status_text;
  char           *reason;
  char           *assigned_iccid;

  /* The values of the list's extra columns (the record names them), each
   * NUL-terminated, one after the other; NULL when all are empty. */
  char           *extras;

  EoDeviceObserver observer;
  gpointer         observer_data;
};

G_DEFINE_FINAL_TYPE (EoDevice, eo_device, G_TYPE_OBJECT)

G_STATIC_ASSERT (GLIB_SIZEOF_VOID_P != 8 || sizeof (EoDevice) <= 96);

enum {
  PROP_0,
  PROP_EID,
  PROP_NAME,
  PROP_ICCID,
  PROP_LINE,
  PROP_SEVERITY,
  PROP_PROBLEM_TEXT,
  PROP_STATUS,
  PROP_STATUS_TEXT,
  PROP_REASON,
  PROP_ASSIGNED_ICCID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The server's status texts and reasons repeat across thousands of
 * devices: each distinct one is kept once (interned GRefString), freed
 * with its last use. */
static gboolean
set_interned (char       **slot,
              const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_clear_pointer (slot, g_ref_string_release);
  *slot = value != NULL ? g_ref_string_new_intern (value) : NULL;
  return TRUE;
}

enum {
  SIGNAL_REMOTE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


static void
eo_device_finalize (GObject *object)
{
  EoDevice *self = (EoDevice *)object;

  /* name and iccid are in the eid's block. */
  g_clear_pointer (&self->eid, eo_device_ids_unref);
  g_clear_pointer (&self->problem_text, g_free);
  g_clear_pointer (&self->status_text, g_ref_string_release);
  g_clear_pointer (&self->reason, g_ref_string_release);
  g_clear_pointer (&self->assigned_iccid, g_free);
  g_clear_pointer (&self->extras, g_free);

  G_OBJECT_CLASS (eo_device_parent_class)->finalize (object);
}

static void
eo_device_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EoDevice *self = EO_DEVICE (object);

  switch (prop_id)
    {
    case PROP_EID:
      g_value_set_string (value, self->eid);
      break;
    case PROP_NAME:
      g_value_set_string (value, eo_device_get_name (self));
      break;
    case PROP_ICCID:
      g_value_set_string (value, eo_device_get_iccid (self));
      break;
    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;
    case PROP_SEVERITY:
      g_value_set_enum (value, self->severity);
      break;
    case PROP_PROBLEM_TEXT:
      g_value_set_string (value, self->problem_text);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_ASSIGNED_ICCID:
      g_value_set_string (value, self->assigned_iccid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_device_class_init (EoDeviceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = eo_device_finalize;
  object_class->get_property = eo_device_get_property;

  properties[PROP_EID] =
    g_param_spec_string ("eid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICCID] =
    g_param_spec_string ("iccid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEVERITY] =
    g_param_spec_enum ("severity", NULL, NULL,
                       EO_TYPE_SEVERITY, EO_SEVERITY_OK,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM_TEXT] =
    g_param_spec_string ("problem-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       EO_TYPE_DEVICE_STATUS, EO_DEVICE_STATUS_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_TEXT] =
    g_param_spec_string ("status-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSIGNED_ICCID] =
    g_param_spec_string ("assigned-iccid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* One emission per eo_device_set_remote() that changed anything, after
   * the property notifications; the argument is the previous status.
   * Followers of many devices (an upload record) connect to this instead
   * of "notify", which would reach them once per property. */
  signals[SIGNAL_REMOTE_CHANGED] =
    g_signal_new ("remote-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
eo_device_init (EoDevice *self)
{
}

/* The block of the ids starts with its reference count (eo_device_ref_ids()). */
#define IDS_COUNT(ids) ((gint *) (gpointer) ((ids) - sizeof (gint)))

/* The three in one block, once: a device list of 100,000 rows made
 * 300,000 small blocks, each with malloc's own header and rounding (about
 * 3 MB more). @iccid empty or NULL: none. */
static void
set_ids (EoDevice   *self,
         const char *eid,
         const char *name,
         const char *iccid)
{
  gsize eid_size = strlen (eid) + 1;
  gsize name_size = strlen (name) + 1;
  gsize iccid_size = (iccid != NULL && *iccid != '\0') ? strlen (iccid) + 1 : 0;
  char *block = (char *) g_malloc (sizeof (gint) + eid_size + name_size + iccid_size) + sizeof (gint);

  *IDS_COUNT (block) = 1;
  g_assert (self->eid == NULL);
  memcpy (block, eid, eid_size);
  memcpy (block + eid_size, name, name_size);
  if (iccid_size > 0)
    memcpy (block + eid_size + name_size, iccid, iccid_size);
  self->eid = block;
  self->has_iccid = iccid_size > 0;
}

const char *
eo_device_ref_ids (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);

  if (self->eid != NULL)
    g_atomic_int_inc (IDS_COUNT (self->eid));
  return self->eid;
}

void
eo_device_ids_unref (const char *ids)
{
  if (ids != NULL && g_atomic_int_dec_and_test (IDS_COUNT (ids)))
    g_free ((gpointer) IDS_COUNT (ids));
}

EoDevice *
eo_device_new (const char *eid,
               const char *name,
               const char *iccid)
{
  EoDevice *self = g_object_new (EO_TYPE_DEVICE, NULL);

  set_ids (self, eid ? eid : "", name ? name : "", iccid);
  return self;
}

/* A value of a row with errors is only shown, never sent: one of
 * megabytes (a hostile file) is cut after SHOWN_VALUE_MAX_CHARS
 * characters ("…"), so that the table stays fast. */
#define SHOWN_VALUE_MAX_CHARS 256

static char *
dup_shown_value (const char *text)
{
  const char *end = text;
  guint n = 0;

  while (*end != '\0' && n < SHOWN_VALUE_MAX_CHARS)
    {
      end = g_utf8_next_char (end);
      n++;
    }
  if (*end == '\0')
    return g_strdup (text);
  {
    GString *cut = g_string_new_len (text, end - text);

    g_string_append (cut, "…");
    return g_string_free (cut, FALSE);
  }
}

EoDevice *
eo_device_new_from_list_row (EoDeviceList *list,
                             guint         i)
{
  const EoDeviceRow *row = eo_device_list_get_row (list, i);
  const char *eid = eo_device_list_row_get_eid (list, i);
  const char *name = eo_device_list_row_get_name (list, i);
  const char *iccid = eo_device_list_row_get_iccid (list, i);
  EoDevice *device;

  if (row->severity == EO_SEVERITY_ERROR)
    {
      g_autofree char *shown_eid = dup_shown_value (eid);
      g_autofree char *shown_name = dup_shown_value (name);
      g_autofree char *shown_iccid = (iccid && *iccid) ? dup_shown_value (iccid) : NULL;

      device = g_object_new (EO_TYPE_DEVICE, NULL);
      set_ids (device, shown_eid, shown_name, shown_iccid);
    }
  else
    device = eo_device_new (eid, name, iccid);

  eo_device_set_extras_from_list (device, list, i);
  device->line = row->line;
  device->severity = row->severity;
  if (row->severity > EO_SEVERITY_OK || eo_device_list_row_get_note (list, i) != NULL)
    device->problem_text = eo_device_list_dup_row_message (list, i);
  return device;
}

GPtrArray *
eo_device_new_all_from_list (EoDeviceList *list)
{
  guint n = eo_device_list_get_n_rows (list);
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, eo_device_new_from_list_row (list, i));

  return items;
}

const char *
eo_device_get_eid (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);
  return self->eid;
}

/* The name, after the EID in the ids block. */
static inline const char *
name_of (EoDevice *self)
{
  return self->eid + strlen (self->eid) + 1;
}

static inline const char *
iccid_of (EoDevice *self)
{
  const char *name;

  if (!self->has_iccid)
    return NULL;
  name = name_of (self);
  return name + strlen (name) + 1;
}

const char *
eo_device_get_name (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);
  return name_of (self);
}

const char *
eo_device_get_iccid (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);
  return iccid_of (self);
}

guint
eo_device_get_line (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), 0);
  return self->line;
}

EoSeverity
eo_device_get_severity (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), EO_SEVERITY_OK);
  return self->severity;
}

const char *
eo_device_get_problem_text (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);
  return self->problem_text;
}

void
eo_device_set_check (EoDevice   *self,
                     guint       line,
                     EoSeverity  severity,
                     const char *problem_text)
{
  g_return_if_fail (EO_IS_DEVICE (self));

  self->line = line;
  if (self->severity != severity)
    {
      self->severity = severity;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEVERITY]);
    }
  if (eo_set_str (&self->problem_text, problem_text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM_TEXT]);
}

EoDeviceStatus
eo_device_get_status (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), EO_DEVICE_STATUS_NONE);
  return self->status;
}

const char *
eo_device_get_status_text (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);
  return self->status_text;
}

const char *
eo_device_get_reason (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);
  return self->reason;
}

const char *
eo_device_get_assigned_iccid (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);
  return self->assigned_iccid;
}

void
eo_device_set_remote (EoDevice       *self,
                      EoDeviceStatus  status,
                      const char     *status_text,
                      const char     *reason,
                      const char     *assigned_iccid)
{
  EoDeviceStatus old_status;

  g_return_if_fail (EO_IS_DEVICE (self));

  /* The common case of a status read: nothing new for this device. */
  if (self->status == status &&
      g_strcmp0 (self->status_text, status_text) == 0 &&
      g_strcmp0 (self->reason, reason) == 0 &&
      g_strcmp0 (self->assigned_iccid, assigned_iccid) == 0)
    return;

  old_status = self->status;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (set_interned (&self->status_text, status_text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
  if (set_interned (&self->reason, reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASON]);
  if (eo_set_str (&self->assigned_iccid, assigned_iccid))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNED_ICCID]);
  g_object_thaw_notify (G_OBJECT (self));
  if (self->observer != NULL)
    self->observer (self, old_status, self->observer_data);
  g_signal_emit (self, signals[SIGNAL_REMOTE_CHANGED], 0, (int) old_status);
}

const char *
eo_device_get_effective_iccid (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);

  if (self->assigned_iccid != NULL && *self->assigned_iccid != '\0')
    return self->assigned_iccid;
  return iccid_of (self);
}

const char *
eo_device_get_status_word (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), NULL);

  if (self->status_text != NULL && *self->status_text != '\0')
    return self->status_text;
  switch (self->status)
    {
    case EO_DEVICE_STATUS_SUCCESS:
      return "SUCCESS";
    case EO_DEVICE_STATUS_FAILED:
      return "FAILED";
    case EO_DEVICE_STATUS_NONE:
    case EO_DEVICE_STATUS_PENDING:
    default:
      return "PENDING";
    }
}

gboolean
eo_device_set_observer (EoDevice         *self,
                        EoDeviceObserver  func,
                        gpointer          user_data)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->observer != NULL)
    return FALSE;
  self->observer = func;
  self->observer_data = user_data;
  return TRUE;
}

void
eo_device_clear_observer (EoDevice *self,
                          gpointer  user_data)
{
  g_return_if_fail (EO_IS_DEVICE (self));

  if (self->observer_data != user_data)
    return;
  self->observer = NULL;
  self->observer_data = NULL;
}

gboolean
eo_device_status_is_final (EoDeviceStatus status)
{
  return status == EO_DEVICE_STATUS_SUCCESS || status == EO_DEVICE_STATUS_FAILED;
}

static guint *
count_slot (EoStatusCounts *counts,
            EoDeviceStatus  status)
{
  switch (status)
    {
    case EO_DEVICE_STATUS_SUCCESS:
      return &counts->n_success;
    case EO_DEVICE_STATUS_FAILED:
      return &counts->n_failed;
    case EO_DEVICE_STATUS_NONE:
    case EO_DEVICE_STATUS_PENDING:
    default:
      return &counts->n_pending;
    }
}

void
eo_status_counts_move (EoStatusCounts *counts,
                       int             before,
                       int             after)
{
  if (before == after)
    return;
  if (before >= 0)
    (*count_slot (counts, (EoDeviceStatus) before))--;
  if (after >= 0)
    (*count_slot (counts, (EoDeviceStatus) after))++;
}

void
eo_status_counts_move_device (EoStatusCounts *counts,
                              EoDevice       *device,
                              int             before,
                              int             after)
{
  if (before == after)
    return;
  eo_status_counts_move (counts, before, after);
  if (device->severity == EO_SEVERITY_OK)
    return;
  if (before == EO_DEVICE_STATUS_FAILED)
    counts->n_failed_flagged--;
  if (after == EO_DEVICE_STATUS_FAILED)
    counts->n_failed_flagged++;
}

void
eo_status_counts_from_model (EoStatusCounts *counts,
                             GListModel     *devices)
{
  guint n = g_list_model_get_n_items (devices);

  memset (counts, 0, sizeof *counts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      eo_status_counts_move_device (counts, device, -1, eo_device_get_status (device));
    }
}

void
eo_device_set_extras (EoDevice           *self,
                      const char * const *values,
                      guint               n_values)
{
  GString *packed;
  gboolean any = FALSE;

  g_return_if_fail (EO_IS_DEVICE (self));

  g_clear_pointer (&self->extras, g_free);
  self->n_extras = 0;
  n_values = MIN (n_values, EO_DEVICE_LIST_MAX_EXTRA_COLUMNS);
  packed = g_string_new (NULL);
  for (guint k = 0; k < n_values; k++)
    {
      const char *value = values[k] != NULL ? values[k] : "";

      any = any || *value != '\0';
      g_string_append_len (packed, value, (gssize) strlen (value) + 1);
    }
  if (!any)
    {
      g_string_free (packed, TRUE);
      return;
    }
  self->n_extras = (guint8) n_values;
  self->extras = g_string_free (packed, FALSE);
}

void
eo_device_set_extras_from_list (EoDevice     *self,
                                EoDeviceList *list,
                                guint         row)
{
  const char *values[EO_DEVICE_LIST_MAX_EXTRA_COLUMNS];
  guint n;

  g_return_if_fail (EO_IS_DEVICE (self));
  g_return_if_fail (EO_IS_DEVICE_LIST (list));

  n = eo_device_list_get_n_extra_columns (list);
  for (guint k = 0; k < n; k++)
    values[k] = eo_device_list_row_get_extra (list, row, k);
  eo_device_set_extras (self, values, n);
}

guint
eo_device_get_n_extras (EoDevice *self)
{
  g_return_val_if_fail (EO_IS_DEVICE (self), 0);
  return self->n_extras;
}

const char *
eo_device_get_extra (EoDevice *self,
                     guint     column)
{
  const char *p;

  g_return_val_if_fail (EO_IS_DEVICE (self), "");

  if (column >= self->n_extras)
    return "";
  p = self->extras;
  for (guint k = 0; k < column; k++)
    p += strlen (p) + 1;
  return p;
}
