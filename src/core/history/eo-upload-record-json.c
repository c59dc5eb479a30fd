/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

/* The upload record's file: the strict reader
 * (eo_upload_record_new_from_json/_data). The writer is in
 * eo-upload-record-snapshot.c. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-json-writer.h"
#include "eo-json-check.h"
#include "eo-upload-record-private.h"
#include "eo-util.h"

char *
eo_upload_record_format_time (gint64 time_us)
{
  char buf[32];

  eo_json_format_time (buf, time_us);
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
  g_autoptr(EoStatusHistory) history = NULL;
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
          change.status_text = _eo_upload_record_intern (ctext);
          change.reason = _eo_upload_record_intern (creason);
          _eo_status_history_append (&history, &change);
        }
    }

  device = eo_device_new (eid, name, iccid);
  if (!_eo_upload_record_read_extras (self, object, where, device, error))
    return FALSE;
  eo_device_set_remote (device, status, status_text, reason, assigned);
  _eo_upload_record_add_device_with_history (self, device, g_steal_pointer (&history));
  return TRUE;
}

/* "format" and "version": this program's kind of file. */
static gboolean
check_format (JsonObject  *root,
              GError     **error)
{
  const char *format;
  gint64 version;

  if (!read_string (root, "", "format", TRUE, &format, error))
    return FALSE;
  if (!g_str_equal (format, EO_UPLOAD_RECORD_FORMAT))
    return shape_error (error, "", "format", _("names another kind of file"));
  if (!read_int (root, "", "version", TRUE, &version, error))
    return FALSE;
  if (version != EO_UPLOAD_RECORD_SCHEMA_VERSION)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("The upload record has version %lld, but this program reads version %d only."),
                   (long long) version, EO_UPLOAD_RECORD_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* "message" (optional): the code and parameters of "error", said in the
 * language of this process. One that is not of the shape, or of a code
 * this program does not know, leaves the kept text: never a reason to
 * lose the record. */
static void
read_message (EoUploadRecord *self,
              JsonObject     *root)
{
  g_autoptr(EoMessage) message = NULL;
  g_autofree char *said = NULL;

  if (!eo_message_read_json (json_object_get_member (root, "message"), &message))
    return;
  said = eo_message_format (message);
  if (said != NULL)
    eo_set_str (&self->error_message, said);
  self->message = g_steal_pointer (&message);
}

/* The members about the upload itself (ids, times, server, state). */
static gboolean
read_head (EoUploadRecord  *self,
           JsonObject      *root,
           GError         **error)
{
  const char *local_id, *server, *customer_id, *source_name;
  const char *state_str, *request_id, *server_url, *message;
  JsonNode *bool_node;

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
    return FALSE;
  if (!eo_upload_record_is_valid_local_id (local_id))
    return shape_error (error, "", "local_id", _("is not a UUID"));
  if (!eo_upload_state_from_string (state_str, &self->state))
    return shape_error (error, "", "state", _("is not a known upload state"));
  if ((self->state == EO_UPLOAD_STATE_ACCEPTED || self->state == EO_UPLOAD_STATE_FINISHED) &&
      (request_id == NULL || *request_id == '\0'))
    return shape_error (error, "", "request_id", _("is missing"));

  bool_node = json_object_get_member (root, "has_iccid_column");
  if (bool_node == NULL || !JSON_NODE_HOLDS_VALUE (bool_node) ||
      json_node_get_value_type (bool_node) != G_TYPE_BOOLEAN)
    return shape_error (error, "", "has_iccid_column", _("must be true or false"));
  self->has_iccid_column = json_node_get_boolean (bool_node);

  self->local_id = g_strdup (local_id);
  self->server = g_strdup (server);
  self->customer_id = g_strdup (customer_id);
  self->source_name = g_strdup (source_name);
  self->request_id = g_strdup (request_id);
  self->server_url = g_strdup (server_url);
  self->error_message = g_strdup (message);
  read_message (self, root);
  return TRUE;
}

/* "sender" (optional): the process that sent the upload. */
static gboolean
read_sender (EoUploadRecord  *self,
             JsonObject      *root,
             GError         **error)
{
  JsonObject *sender;
  const char *boot_id;
  gint64 pid, start_time;

  if (!json_object_has_member (root, "sender"))
    return TRUE;
  sender = object_of (json_object_get_member (root, "sender"));
  if (sender == NULL)
    return shape_error (error, "", "sender", _("must be an object"));
  if (!read_int (sender, "sender.", "pid", FALSE, &pid, error) ||
      !read_string (sender, "sender.", "boot_id", FALSE, &boot_id, error) ||
      !read_int (sender, "sender.", "start_time", FALSE, &start_time, error))
    return FALSE;
  self->sender_pid = pid;
  self->sender_boot_id = g_strdup (boot_id);
  self->sender_start_time = start_time > 0 ? (guint64) start_time : 0;
  return TRUE;
}

/* For eo-upload-record-recovery.c's members. */
gboolean
_eo_upload_record_read_string (JsonObject  *object,
                               const char  *where,
                               const char  *member,
                               gboolean     required,
                               const char **out,
                               GError     **error)
{
  return read_string (object, where, member, required, out, error);
}

gboolean
_eo_upload_record_read_time (JsonObject  *object,
                             const char  *where,
                             const char  *member,
                             gint64      *out,
                             GError     **error)
{
  return read_time (object, where, member, out, error);
}

gboolean
_eo_upload_record_shape_error (GError     **error,
                               const char  *where,
                               const char  *member,
                               const char  *what)
{
  return shape_error (error, where, member, what);
}

EoUploadRecord *
eo_upload_record_new_from_json (JsonNode  *node,
                                GError   **error)
{
  g_autoptr(EoUploadRecord) self = NULL;
  JsonObject *root = object_of (node);
  JsonArray *devices;

  if (root == NULL)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("Not an upload record: the file does not hold a JSON object."));
      return NULL;
    }
  if (!check_format (root, error))
    return NULL;

  self = g_object_new (EO_TYPE_UPLOAD_RECORD, NULL);
  if (!read_head (self, root, error) || !_eo_upload_record_read_recovery (self, root, error) ||
      !read_sender (self, root, error) || !_eo_upload_record_read_extra_columns (self, root, error) ||
      !_eo_upload_record_read_left_out (self, root, error))
    return NULL;

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

  return g_steal_pointer (&self);
}

EoUploadRecord *
eo_upload_record_new_from_data (const char  *data,
                                gssize       length,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *repaired = NULL;
  EoJsonCheck check;

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
      /* Bytes that are not UTF-8 inside a string (an older version kept
       * a server's "\200" as it came): repaired, so that the upload is
       * not lost; anything else still fails below. */
      repaired = g_utf8_make_valid (data, length);
      data = repaired;
      length = strlen (repaired);
    }
  /* Only a strict JSON text of bounded depth goes to json-glib, which
   * recurses once per level. */
  check = eo_json_check (data, length, EO_JSON_MAX_DEPTH);
  if (check != EO_JSON_CHECK_OK)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   _("The upload record is not valid JSON: %s"), eo_json_check_describe (check));
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
