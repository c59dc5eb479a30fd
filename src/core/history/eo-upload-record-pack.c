/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

/* A device's part of the record's file, packed: its values one after the
 * other (about 110 bytes, against about 370 for its JSON), made on the
 * record's thread when the device changed and written out as JSON by the
 * snapshot's writer, on any thread. */

#include "config.h"

#include <string.h>

#include "eo-json-writer.h"
#include "eo-upload-record-private.h"

/* The EID, name and ICCID are the device's own block, shared
 * (eo_device_ref_ids(): about 70 of a pack's 110 bytes). After the
 * header: status text, reason, assigned ICCID and the extras as strings
 * (a byte 0 for NULL, else 1 and the text with its NUL), then each status
 * change: its time (8 bytes), its status (1), its status text and reason
 * as strings. */
struct _EoDevicePack
{
  const char *ids;  /* or NULL */
  guint8  status;
  guint8  n_extras;
  guint8  has_iccid;
  guint32 n_history;
  guint32 size;     /* of data */
  char    data[];
};

static gsize
string_size (const char *str)
{
  return str != NULL ? strlen (str) + 2 : 1;
}

static char *
put_string (char       *p,
            const char *str)
{
  gsize length;

  if (str == NULL)
    {
      *p = 0;
      return p + 1;
    }
  length = strlen (str);
  *p = 1;
  memcpy (p + 1, str, length + 1);
  return p + length + 2;
}

static const char *
get_string (const char **p)
{
  const char *str;

  if (*(*p)++ == 0)
    return NULL;
  str = *p;
  *p += strlen (str) + 1;
  return str;
}

EoDevicePack *
_eo_device_pack_new (EoDevice        *device,
                     EoStatusHistory *history)
{
  const char *strings[] = {
    eo_device_get_status_text (device), eo_device_get_reason (device),
    eo_device_get_assigned_iccid (device),
  };
  guint n_extras = eo_device_get_n_extras (device);
  guint n_history = history != NULL ? history->len : 0;
  gsize size = 0;
  EoDevicePack *pack;
  char *p;

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    size += string_size (strings[i]);
  for (guint k = 0; k < n_extras; k++)
    size += string_size (eo_device_get_extra (device, k));
  for (guint j = 0; j < n_history; j++)
    {
      const EoStatusChange *change = &history->changes[j];

      size += sizeof (gint64) + 1 + string_size (change->status_text) + string_size (change->reason);
    }

  pack = g_atomic_rc_box_alloc (sizeof (EoDevicePack) + size);
  pack->ids = eo_device_ref_ids (device);
  pack->has_iccid = eo_device_get_iccid (device) != NULL;
  pack->status = (guint8) eo_device_get_status (device);
  pack->n_extras = (guint8) n_extras;
  pack->n_history = n_history;
  pack->size = (guint32) size;
  p = pack->data;
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    p = put_string (p, strings[i]);
  for (guint k = 0; k < n_extras; k++)
    p = put_string (p, eo_device_get_extra (device, k));
  for (guint j = 0; j < n_history; j++)
    {
      const EoStatusChange *change = &history->changes[j];

      memcpy (p, &change->time_us, sizeof (gint64));
      p += sizeof (gint64);
      *p++ = (char) change->status;
      p = put_string (p, change->status_text);
      p = put_string (p, change->reason);
    }
  g_assert ((gsize) (p - pack->data) == size);
  return pack;
}

EoDevicePack *
_eo_device_pack_ref (EoDevicePack *pack)
{
  return g_atomic_rc_box_acquire (pack);
}

/* The EID, name and ICCID in the device's block (all NULL without one). */
static void
split_ids (EoDevicePack  *pack,
           const char   **eid,
           const char   **name,
           const char   **iccid)
{
  *eid = pack->ids;
  *name = *eid != NULL ? *eid + strlen (*eid) + 1 : NULL;
  *iccid = *name != NULL && pack->has_iccid ? *name + strlen (*name) + 1 : NULL;
}

static void
pack_clear (gpointer data)
{
  EoDevicePack *pack = data;

  eo_device_ids_unref (pack->ids);
}

void
_eo_device_pack_unref (EoDevicePack *pack)
{
  g_atomic_rc_box_release_full (pack, pack_clear);
}

gsize
_eo_device_pack_get_size (EoDevicePack *pack)
{
  const char *ids[3];
  gsize size = sizeof (EoDevicePack) + pack->size;

  /* With the shared EID, name and ICCID, as the JSON has them. */
  split_ids (pack, &ids[0], &ids[1], &ids[2]);
  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    size += string_size (ids[i]);
  return size;
}

void
_eo_device_pack_append_json (EoDevicePack *pack,
                             GString      *out)
{
  const char *p = pack->data;
  const char *eid, *name, *iccid, *status_text, *reason, *assigned_iccid;
  EoJsonWriter writer;

  split_ids (pack, &eid, &name, &iccid);
  status_text = get_string (&p);
  reason = get_string (&p);
  assigned_iccid = get_string (&p);

  eo_json_writer_init (&writer, out, FALSE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_add_string (&writer, "eid", eid);
  eo_json_writer_add_string (&writer, "name", name);
  eo_json_writer_add_string (&writer, "iccid", iccid);
  eo_json_writer_add_string (&writer, "status", eo_upload_device_status_to_string (pack->status));
  eo_json_writer_add_string (&writer, "status_text", status_text);
  eo_json_writer_add_string (&writer, "reason", reason);
  eo_json_writer_add_string (&writer, "assigned_iccid", assigned_iccid);
  if (pack->n_extras > 0)
    {
      eo_json_writer_begin_array (&writer, "extra");
      for (guint k = 0; k < pack->n_extras; k++)
        eo_json_writer_add_string (&writer, NULL, get_string (&p));
      eo_json_writer_end_array (&writer);
    }
  eo_json_writer_begin_array (&writer, "history");
  for (guint j = 0; j < pack->n_history; j++)
    {
      gint64 time_us;
      EoDeviceStatus status;

      memcpy (&time_us, p, sizeof (gint64));
      p += sizeof (gint64);
      status = (EoDeviceStatus) (guint8) *p++;
      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_time (&writer, "time", time_us);
      eo_json_writer_add_string (&writer, "status", eo_upload_device_status_to_string (status));
      eo_json_writer_add_string (&writer, "status_text", get_string (&p));
      eo_json_writer_add_string (&writer, "reason", get_string (&p));
      eo_json_writer_end_object (&writer);
    }
  eo_json_writer_end_array (&writer);
  eo_json_writer_end_object (&writer);
}
