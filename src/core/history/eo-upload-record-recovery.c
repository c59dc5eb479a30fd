/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

/* Picking an upload up again: what the record keeps for it (made in demo
 * mode, the last status read, given up and why, re-sent and by whom), the
 * texts that say so, and its members of the file (optional: written only
 * when set, so that older files read as before). */

#include "config.h"

#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-json-writer.h"
#include "eo-upload-record-private.h"
#include "eo-util.h"

/* Longest reason kept for giving up, in characters. */
#define EO_GIVE_UP_REASON_MAX 500

void
_eo_upload_record_clear_recovery (EoUploadRecord *self)
{
  g_clear_pointer (&self->given_up_reason, g_free);
  g_clear_pointer (&self->resent_from, g_free);
  g_clear_pointer (&self->resent_as, g_free);
  g_clear_pointer (&self->resend_confirmed_by, g_free);
}

static char *
format_local_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);
  /* Translators: date and time of a status read (strftime format) */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

char *
eo_upload_record_clean_text (const char *text,
                             guint       max_chars)
{
  g_autoptr(GString) out = NULL;
  g_autofree char *valid = NULL;
  guint n = 0;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);
  for (const char *p = valid; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      /* Line breaks and tabs become spaces; other controls go. */
      if (c == '\n' || c == '\r' || c == '\t')
        g_string_append_c (out, ' ');
      else if (!g_unichar_iscntrl (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
        g_string_append_unichar (out, c);
    }
  g_strstrip (out->str);
  if (out->str[0] == '\0')
    return NULL;
  return g_strdup (out->str);
}

gboolean
eo_upload_record_get_demo (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);
  return self->demo;
}

void
eo_upload_record_set_demo (EoUploadRecord *self,
                           gboolean        demo)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  self->demo = !!demo;
}

gboolean
eo_upload_record_get_list_edited (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);
  return self->list_edited;
}

void
eo_upload_record_set_list_edited (EoUploadRecord *self,
                                  gboolean        edited)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));
  self->list_edited = !!edited;
}

gint64
eo_upload_record_get_last_checked (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  return self->last_checked_us;
}

void
eo_upload_record_set_last_checked (EoUploadRecord *self,
                                   gint64          time_us)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));

  if (self->last_checked_us == time_us)
    return;
  self->last_checked_us = time_us;
  _eo_upload_record_changed (self);
}

gboolean
eo_upload_record_get_given_up (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);
  return self->given_up_us != 0;
}

gint64
eo_upload_record_get_given_up_time (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  return self->given_up_us;
}

const char *
eo_upload_record_get_given_up_reason (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->given_up_reason;
}

gboolean
eo_upload_record_can_give_up (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);

  if (self->given_up_us != 0)
    return FALSE;
  switch (self->state)
    {
    case EO_UPLOAD_STATE_ACCEPTED:
    case EO_UPLOAD_STATE_OUTCOME_UNKNOWN:
      return TRUE;
    case EO_UPLOAD_STATE_SENDING:
      return !eo_upload_record_sender_is_alive (self);
    case EO_UPLOAD_STATE_REFUSED:
    case EO_UPLOAD_STATE_FINISHED:
    default:
      return FALSE;
    }
}

gboolean
eo_upload_record_give_up (EoUploadRecord  *self,
                          const char      *reason,
                          GError         **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);

  clean = eo_upload_record_clean_text (reason, EO_GIVE_UP_REASON_MAX);
  if (clean == NULL)
    {
      g_set_error_literal (error, EO_ERROR, EO_ERROR_STORE,
                           _("Say why the upload is given up: the reason is kept with it."));
      return FALSE;
    }
  if (!eo_upload_record_can_give_up (self))
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   self->given_up_us != 0 ? _("This upload was given up already.")
                                          /* Translators: %s is the state of an upload, e.g. “Finished” */
                                          : _("An upload that is “%s” cannot be given up."),
                   eo_upload_state_to_label (self->state));
      return FALSE;
    }
  self->given_up_us = g_get_real_time ();
  g_free (self->given_up_reason);
  self->given_up_reason = g_steal_pointer (&clean);
  _eo_upload_record_changed (self);
  return TRUE;
}

void
eo_upload_record_take_back_give_up (EoUploadRecord *self)
{
  g_return_if_fail (EO_IS_UPLOAD_RECORD (self));

  if (self->given_up_us == 0)
    return;
  self->given_up_us = 0;
  g_clear_pointer (&self->given_up_reason, g_free);
  _eo_upload_record_changed (self);
}

const char *
eo_upload_record_get_resent_from (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->resent_from;
}

const char *
eo_upload_record_get_resent_as (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->resent_as;
}

const char *
eo_upload_record_get_resend_confirmed_by (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);
  return self->resend_confirmed_by;
}

gint64
eo_upload_record_get_resend_confirmed (EoUploadRecord *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), 0);
  return self->resend_confirmed_us;
}

gboolean
eo_upload_record_can_resend (EoUploadRecord  *self,
                             GError         **error)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), FALSE);

  if (self->resent_as != NULL)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                   /* Translators: %s is the local ID of an upload */
                   _("This upload was sent again already (upload %s)."), self->resent_as);
      return FALSE;
    }
  if (self->state != EO_UPLOAD_STATE_OUTCOME_UNKNOWN &&
      (self->state != EO_UPLOAD_STATE_SENDING || eo_upload_record_sender_is_alive (self)))
    {
      g_set_error_literal (error, EO_ERROR, EO_ERROR_STORE,
                           _("Only an upload whose outcome is unknown can be sent again from here."));
      return FALSE;
    }
  if (eo_upload_record_get_n_devices (self) == 0)
    {
      g_set_error_literal (error, EO_ERROR, EO_ERROR_STORE, _("This upload has no devices to send."));
      return FALSE;
    }
  return TRUE;
}

static void
set_confirmation (EoUploadRecord *self,
                  const char     *confirmed_by,
                  gint64          when_us)
{
  self->resend_confirmed_us = when_us;
  eo_set_str (&self->resend_confirmed_by, confirmed_by);
}

EoUploadRecord *
eo_upload_record_new_resend (EoUploadRecord  *self,
                             const char      *confirmed_by,
                             GError         **error)
{
  g_autoptr(EoUploadRecord) copy = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autofree char *who = NULL;
  GListModel *model;
  gint64 now = g_get_real_time ();
  guint n;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  if (!eo_upload_record_can_resend (self, error))
    return NULL;

  who = eo_upload_record_clean_text (confirmed_by != NULL ? confirmed_by : g_get_user_name (), 200);
  copy = eo_upload_record_new (self->server, self->customer_id, self->source_name, self->has_iccid_column);
  copy->demo = self->demo;
  copy->list_edited = self->list_edited;

  /* The same rows, as they were sent: EID, name and requested ICCID. */
  model = eo_upload_record_get_devices (self);
  n = g_list_model_get_n_items (model);
  devices = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (model, i);

      g_ptr_array_add (devices, eo_device_new (eo_device_get_eid (device), eo_device_get_name (device),
                                               eo_device_get_iccid (device)));
    }
  eo_upload_record_add_devices (copy, (EoDevice **) devices->pdata, devices->len);

  set_confirmation (copy, who, now);
  copy->resent_from = g_strdup (self->local_id);
  set_confirmation (self, who, now);
  g_free (self->resent_as);
  self->resent_as = g_strdup (copy->local_id);
  _eo_upload_record_changed (self);
  return g_steal_pointer (&copy);
}

char *
eo_upload_record_dup_follow_label (EoUploadRecord *self,
                                   gboolean        followed)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (self), NULL);

  if (self->given_up_us != 0)
    {
      date = format_local_time (self->given_up_us);
      /* Translators: %s is a date and time, then the admin's reason */
      return g_strdup_printf (_("Given up on %s: %s"), date,
                              self->given_up_reason != NULL ? self->given_up_reason : "");
    }
  if (self->state != EO_UPLOAD_STATE_ACCEPTED)
    return NULL;
  if (followed)
    return g_strdup (eo_upload_state_to_label (self->state));
  date = format_local_time (self->last_checked_us != 0 ? self->last_checked_us : self->updated_us);
  /* Translators: %s is the date and time of the last status read */
  return g_strdup_printf (_("Not followed since %s"), date);
}

const char *
eo_upload_record_get_unknown_device_text (void)
{
  return _("Sent; the server's answer never came, so it may or may not have this device");
}

const char *
eo_upload_record_get_demo_follow_text (gboolean demo_mode)
{
  if (demo_mode)
    return _("Made against a real server; open the app without demo mode to follow it");
  return _("Made against the demo server; open the app in demo mode to follow it");
}

/* The file's members */

/* What picking the upload up again added (each only when set: files
 * without them read as before). */
void
_eo_upload_record_write_recovery (EoUploadRecord *self,
                                 EoJsonWriter   *writer)
{
  if (self->demo)
    eo_json_writer_add_boolean (writer, "demo", TRUE);
  if (self->list_edited)
    eo_json_writer_add_boolean (writer, "list_edited", TRUE);
  if (self->last_checked_us != 0)
    eo_json_writer_add_time (writer, "last_checked", self->last_checked_us);
  if (self->given_up_us != 0)
    {
      eo_json_writer_begin_object (writer, "given_up");
      eo_json_writer_add_time (writer, "time", self->given_up_us);
      eo_json_writer_add_string (writer, "reason", self->given_up_reason);
      eo_json_writer_end_object (writer);
    }
  if (self->resend_confirmed_us != 0)
    {
      eo_json_writer_begin_object (writer, "resend");
      eo_json_writer_add_time (writer, "confirmed", self->resend_confirmed_us);
      eo_json_writer_add_string (writer, "confirmed_by", self->resend_confirmed_by);
      eo_json_writer_add_string (writer, "resent_from", self->resent_from);
      eo_json_writer_add_string (writer, "resent_as", self->resent_as);
      eo_json_writer_end_object (writer);
    }
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return (node != NULL && JSON_NODE_HOLDS_OBJECT (node)) ? json_node_get_object (node) : NULL;
}

static gboolean
read_optional_time (JsonObject  *object,
                    const char  *where,
                    const char  *member,
                    gint64      *out,
                    GError     **error)
{
  *out = 0;
  if (!json_object_has_member (object, member) ||
      JSON_NODE_HOLDS_NULL (json_object_get_member (object, member)))
    return TRUE;
  return _eo_upload_record_read_time (object, where, member, out, error);
}

/* A local id of another record, or NULL. */
static gboolean
read_local_id (JsonObject  *object,
               const char  *where,
               const char  *member,
               char       **out,
               GError     **error)
{
  const char *id;

  if (!_eo_upload_record_read_string (object, where, member, FALSE, &id, error))
    return FALSE;
  if (id != NULL && !eo_upload_record_is_valid_local_id (id))
    return _eo_upload_record_shape_error (error, where, member, _("is not a UUID"));
  *out = g_strdup (id);
  return TRUE;
}

/* An optional true or false member of @root into @out. */
static gboolean
read_optional_boolean (JsonObject  *root,
                       const char  *member,
                       gboolean    *out,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _eo_upload_record_shape_error (error, "", member, _("must be true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* "demo", "list_edited", "last_checked", "given_up" and "resend" (all
 * optional). */
gboolean
_eo_upload_record_read_recovery (EoUploadRecord  *self,
                                 JsonObject      *root,
                                 GError         **error)
{
  JsonObject *object;
  const char *text;

  if (!read_optional_boolean (root, "demo", &self->demo, error) ||
      !read_optional_boolean (root, "list_edited", &self->list_edited, error))
    return FALSE;
  if (!read_optional_time (root, "", "last_checked", &self->last_checked_us, error))
    return FALSE;

  if (json_object_has_member (root, "given_up"))
    {
      object = object_member (root, "given_up");
      if (object == NULL)
        return _eo_upload_record_shape_error (error, "", "given_up", _("must be an object"));
      if (!_eo_upload_record_read_time (object, "given_up.", "time", &self->given_up_us, error) ||
          !_eo_upload_record_read_string (object, "given_up.", "reason", FALSE, &text, error))
        return FALSE;
      self->given_up_reason = eo_upload_record_clean_text (text, 500);
    }

  if (json_object_has_member (root, "resend"))
    {
      object = object_member (root, "resend");
      if (object == NULL)
        return _eo_upload_record_shape_error (error, "", "resend", _("must be an object"));
      if (!_eo_upload_record_read_time (object, "resend.", "confirmed", &self->resend_confirmed_us, error) ||
          !_eo_upload_record_read_string (object, "resend.", "confirmed_by", FALSE, &text, error) ||
          !read_local_id (object, "resend.", "resent_from", &self->resent_from, error) ||
          !read_local_id (object, "resend.", "resent_as", &self->resent_as, error))
        return FALSE;
      self->resend_confirmed_by = eo_upload_record_clean_text (text, 200);
    }
  return TRUE;
}
