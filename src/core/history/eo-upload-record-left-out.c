/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

/* The rows of the list an upload left out (not sent: an error of the
 * checks, or a device an earlier upload already assigned), each with why
 * as an EoMessage, for the report: "left_out" in the record's file, an
 * array of {"eid", "name", "iccid", "reason" (the text when written),
 * "message"}. They never change once the upload is made, so their part
 * of the file is made once. Records written before them have none. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "eo-upload-record-private.h"

/* Rows read from a file beyond this many are not kept. */
#define MAX_LEFT_OUT (1u << 21)

struct _EoLeftOutRow
{
  char      *eid;
  char      *name;
  char      *iccid;
  EoMessage *message;  /* or NULL: a text only (a later version's code) */
  char      *text;     /* the reason said when written or read */
};

void
_eo_left_out_row_free (EoLeftOutRow *row)
{
  g_free (row->eid);
  g_free (row->name);
  g_free (row->iccid);
  g_clear_pointer (&row->message, eo_message_free);
  g_free (row->text);
  g_free (row);
}

static EoLeftOutRow *
left_out_row_new (const char *eid,
                  const char *name,
                  const char *iccid)
{
  EoLeftOutRow *row = g_new0 (EoLeftOutRow, 1);

  row->eid = g_utf8_make_valid (eid != NULL ? eid : "", -1);
  row->name = g_utf8_make_valid (name != NULL ? name : "", -1);
  row->iccid = iccid != NULL && *iccid != '\0' ? g_utf8_make_valid (iccid, -1) : NULL;
  return row;
}

static void
add_row (EoUploadRecord *self,
         EoLeftOutRow   *row)
{
  if (self->left_out == NULL)
    self->left_out = g_ptr_array_new_with_free_func ((GDestroyNotify) _eo_left_out_row_free);
  g_ptr_array_add (self->left_out, row);
  g_clear_pointer (&self->left_out_json, g_free);
}

/* The file */

static char *
dup_left_out_json (EoUploadRecord *self)
{
  GString *out = g_string_sized_new (128 * self->left_out->len + 16);
  EoJsonWriter writer;

  eo_json_writer_init (&writer, out, FALSE);
  eo_json_writer_begin_array (&writer, NULL);
  for (guint i = 0; i < self->left_out->len; i++)
    {
      const EoLeftOutRow *row = g_ptr_array_index (self->left_out, i);

      eo_json_writer_begin_object (&writer, NULL);
      eo_json_writer_add_string (&writer, "eid", row->eid);
      eo_json_writer_add_string (&writer, "name", row->name);
      eo_json_writer_add_string (&writer, "iccid", row->iccid);
      eo_json_writer_add_string (&writer, "reason", row->text);
      if (row->message != NULL)
        eo_message_write_json (row->message, &writer, "message");
      eo_json_writer_end_object (&writer);
    }
  eo_json_writer_end_array (&writer);
  return g_string_free (out, FALSE);
}

void
_eo_upload_record_write_left_out (EoUploadRecord *self,
                                  EoJsonWriter   *writer)
{
  if (self->left_out == NULL || self->left_out->len == 0)
    return;
  if (self->left_out_json == NULL)
    self->left_out_json = dup_left_out_json (self);
  eo_json_writer_add_raw (writer, "left_out", self->left_out_json, strlen (self->left_out_json));
}

static gboolean
read_row (EoUploadRecord  *self,
          JsonNode        *node,
          guint            index,
          GError         **error)
{
  g_autofree char *where = g_strdup_printf ("left_out[%u].", index);
  JsonObject *object = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *eid, *name, *iccid, *text;
  EoLeftOutRow *row;
  EoMessage *message = NULL;

  if (object == NULL)
    return _eo_upload_record_shape_error (error, where, "", _("must be an object"));
  if (!_eo_upload_record_read_string (object, where, "eid", TRUE, &eid, error) ||
      !_eo_upload_record_read_string (object, where, "name", FALSE, &name, error) ||
      !_eo_upload_record_read_string (object, where, "iccid", FALSE, &iccid, error) ||
      !_eo_upload_record_read_string (object, where, "reason", FALSE, &text, error))
    return FALSE;
  row = left_out_row_new (eid, name, iccid);
  /* A message of a code this program does not know keeps the text. */
  if (eo_message_read_json (json_object_get_member (object, "message"), &message))
    row->message = message;
  row->text = row->message != NULL ? eo_message_format (row->message) : NULL;
  if (row->text == NULL)
    row->text = g_strdup (text);
  add_row (self, row);
  return TRUE;
}

gboolean
_eo_upload_record_read_left_out (EoUploadRecord  *self,
                                 JsonObject      *root,
                                 GError         **error)
{
  JsonNode *node = json_object_get_member (root, "left_out");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _eo_upload_record_shape_error (error, "", "left_out", _("must be an array"));
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && i < MAX_LEFT_OUT; i++)
    if (!read_row (self, json_array_get_element (array, i), i, error))
      return FALSE;
  /* Read as written: no need to make it again. */
  g_clear_pointer (&self->left_out_json, g_free);
  return TRUE;
}

void
_eo_upload_record_free_left_out (EoUploadRecord *self)
{
  g_clear_pointer (&self->left_out, g_ptr_array_unref);
  g_clear_pointer (&self->left_out_json, g_free);
}

/* Public API */

void
eo_upload_record_add_left_out (EoUploadRecord  *self,
                               const char      *eid,
                               const char      *name,
                               const char      *iccid,
                               const EoMessage *reason)
{
  EoLeftOutRow *row;

  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  g_return_if_fail (eid != NULL);
  g_return_if_fail (reason != NULL);

  row = left_out_row_new (eid, name, iccid);
  row->message = eo_message_copy (reason);
  row->text = eo_message_format (reason);
  add_row (self, row);
}

guint
eo_upload_record_get_n_left_out (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  return self->left_out != NULL ? self->left_out->len : 0;
}

const char *
eo_upload_record_get_left_out (EoUploadRecord  *self,
                               guint            index,
                               const char     **eid,
                               const char     **name,
                               const char     **iccid)
{
  const EoLeftOutRow *row;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  g_return_val_if_fail (index < eo_upload_record_get_n_left_out (self), NULL);

  row = g_ptr_array_index (self->left_out, index);
  if (eid != NULL)
    *eid = row->eid;
  if (name != NULL)
    *name = row->name;
  if (iccid != NULL)
    *iccid = row->iccid;
  return row->text;
}
