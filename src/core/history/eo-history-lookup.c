/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history"

/* Finding records in the history: by local id, request id, a unique
 * prefix of either, and the uploads still to follow. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-history-private.h"

EoUploadRecord *
eo_history_lookup_local_id (EoHistory  *self,
                            const char *local_id)
{
  guint position;
  g_autoptr(EoUploadRecord) record = NULL;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);

  if (local_id == NULL || !_eo_history_find_local_id (self, local_id, &position))
    return NULL;
  record = g_list_model_get_item (eo_history_get_records (self), position);
  return record; /* the store keeps a reference */
}

EoUploadRecord *
eo_history_lookup_request_id (EoHistory  *self,
                              const char *request_id)
{
  guint n;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);

  if (request_id == NULL)
    return NULL;
  n = g_list_model_get_n_items (eo_history_get_records (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (eo_history_get_records (self), i);

      if (g_strcmp0 (eo_upload_record_get_request_id (record), request_id) == 0)
        return record;
    }
  return NULL;
}

EoUploadRecord *
eo_history_lookup (EoHistory  *self,
                   const char *id)
{
  EoUploadRecord *record;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);

  record = eo_history_lookup_local_id (self, id);
  if (record == NULL)
    record = eo_history_lookup_request_id (self, id);
  return record;
}

EoUploadRecord *
eo_history_find (EoHistory   *self,
                 const char  *id,
                 GError     **error)
{
  EoUploadRecord *record;
  EoUploadRecord *found = NULL;
  guint n_found = 0;
  guint n;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  record = eo_history_lookup (self, id);
  if (record != NULL)
    return record;

  if (strlen (id) >= 4)
    {
      n = g_list_model_get_n_items (eo_history_get_records (self));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(EoUploadRecord) item = g_list_model_get_item (eo_history_get_records (self), i);
          const char *request_id = eo_upload_record_get_request_id (item);

          if (g_str_has_prefix (eo_upload_record_get_local_id (item), id) ||
              (request_id != NULL && g_str_has_prefix (request_id, id)))
            {
              found = item;
              n_found++;
            }
        }
    }

  if (n_found == 1)
    return found;
  if (n_found > 1)
    g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                 _("“%s” matches %u uploads: give more characters."), id, n_found);
  else
    g_set_error (error, EO_ERROR, EO_ERROR_STORE,
                 _("No upload with the id “%s” in the history."), id);
  return NULL;
}

GPtrArray *
eo_history_get_unfinished (EoHistory *self)
{
  GPtrArray *result;
  guint n;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  n = g_list_model_get_n_items (eo_history_get_records (self));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (eo_history_get_records (self), i);
      EoUploadState state = eo_upload_record_get_state (record);

      if (state == EO_UPLOAD_STATE_ACCEPTED ||
          (state == EO_UPLOAD_STATE_SENDING && eo_upload_record_sender_is_alive (record)))
        g_ptr_array_add (result, g_steal_pointer (&record));
    }
  return result;
}

char *
eo_history_match_dup_description (const EoHistoryMatch *match)
{
  g_autofree char *date = NULL;
  g_autofree char *upload = NULL;

  g_return_val_if_fail (match != NULL, NULL);

  _eo_history_match_dup_when_where (match, "%x", &date, &upload);
  /* Translators: first %s is a date, second the upload's file name */
  return g_strdup_printf (_("Already assigned on %s (upload “%s”)"), date, upload);
}
