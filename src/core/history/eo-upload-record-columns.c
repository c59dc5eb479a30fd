/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

/* The extra columns of an upload record: the names of the device list's
 * columns beyond EID, Name and ICCID (an MDM's Serial Number, Model…),
 * once per record ("extra_columns" in its file), and each device's values
 * ("extra", an array in the same order; absent when all are empty).
 * Records written before them have neither and still load. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-upload-record-private.h"

/* Helpers */

/* @text cleaned as the device list cleans its values: control characters
 * made spaces, at most @max bytes on a character boundary. */
static char *
dup_clean (const char *text,
           gsize       max)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize n = (gsize) (g_utf8_next_char (p) - p);

      if (out->len + n > max)
        break;
      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, (gssize) n);
    }
  return g_string_free (out, FALSE);
}

static gboolean
columns_error (GError     **error,
               const char  *where,
               const char  *what)
{
  g_set_error (error, EO_ERROR, EO_ERROR_STORE,
               /* Translators: e.g. "Not an upload record: “devices[3].eid” must be a string." */
               _("Not an upload record: “%s%s” %s."), "", where, what);
  return FALSE;
}

/* The strings of @node, an array of at most @max strings, cleaned. */
static GStrv
read_strings (JsonNode    *node,
              guint        max,
              gsize        max_bytes,
              const char  *where,
              GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      columns_error (error, where, _("must be an array of texts"));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array) && i < max; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *clean = NULL;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        {
          columns_error (error, where, _("must be an array of texts"));
          return NULL;
        }
      clean = dup_clean (json_node_get_string (element), max_bytes);
      g_strv_builder_add (builder, clean);
    }
  return g_strv_builder_end (builder);
}

/* Private API */

void
_eo_upload_record_write_extra_columns (EoUploadRecord *self,
                                       EoJsonWriter   *writer)
{
  if (self->extra_columns == NULL || self->extra_columns[0] == NULL)
    return;
  eo_json_writer_begin_array (writer, "extra_columns");
  for (guint k = 0; self->extra_columns[k] != NULL; k++)
    eo_json_writer_add_string (writer, NULL, self->extra_columns[k]);
  eo_json_writer_end_array (writer);
}

gboolean
_eo_upload_record_read_extra_columns (EoUploadRecord  *self,
                                      JsonObject      *root,
                                      GError         **error)
{
  JsonNode *node = json_object_get_member (root, "extra_columns");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  g_clear_pointer (&self->extra_columns, g_strfreev);
  self->extra_columns = read_strings (node, EO_DEVICE_LIST_MAX_EXTRA_COLUMNS,
                                      EO_DEVICE_LIST_EXTRA_NAME_MAX_BYTES, "extra_columns", error);
  return self->extra_columns != NULL;
}

gboolean
_eo_upload_record_read_extras (EoUploadRecord  *self,
                               JsonObject      *object,
                               const char      *where,
                               EoDevice        *device,
                               GError         **error)
{
  JsonNode *node = json_object_get_member (object, "extra");
  g_autofree char *member = NULL;
  g_auto(GStrv) values = NULL;
  guint n_columns;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  member = g_strconcat (where, "extra", NULL);
  n_columns = self->extra_columns != NULL ? g_strv_length (self->extra_columns) : 0;
  values = read_strings (node, n_columns, EO_DEVICE_LIST_EXTRA_VALUE_MAX_BYTES, member, error);
  if (values == NULL)
    return FALSE;
  eo_device_set_extras (device, (const char * const *) values, g_strv_length (values));
  return TRUE;
}

/* Public API */

void
eo_upload_record_set_extra_columns (EoUploadRecord     *self,
                                    const char * const *names)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));

  g_clear_pointer (&self->extra_columns, g_strfreev);
  if (names != NULL && names[0] != NULL)
    self->extra_columns = g_strdupv ((char **) names);
}

const char * const *
eo_upload_record_get_extra_columns (EoUploadRecord *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), none);

  return self->extra_columns != NULL ? (const char * const *) self->extra_columns : none;
}

int
eo_upload_record_find_serial_column (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), -1);

  for (guint k = 0; self->extra_columns != NULL && self->extra_columns[k] != NULL; k++)
    if (eo_column_name_is_serial_number (self->extra_columns[k]))
      return (int) k;
  return -1;
}
