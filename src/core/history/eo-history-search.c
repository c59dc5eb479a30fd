/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history"

/* Searching the devices of every upload: by EID, ICCID or name (history
 * --find, the history page), and the EIDs of a new list that already
 * have an eSIM or are waiting for one (before a list is sent again). */

#include "config.h"

#include <string.h>

#include "eo-device.h"
#include "eo-history-private.h"

void
eo_history_match_free (EoHistoryMatch *match)
{
  if (match == NULL)
    return;
  g_clear_object (&match->record);
  g_clear_object (&match->device);
  g_free (match);
}

static EoHistoryMatch *
match_new (EoUploadRecord *record,
           EoDevice       *device,
           guint           position)
{
  EoHistoryMatch *match = g_new0 (EoHistoryMatch, 1);
  GArray *history = eo_upload_record_get_device_history (record, position);

  match->record = g_object_ref (record);
  match->device = g_object_ref (device);
  if (history != NULL && history->len > 0)
    match->since_us = g_array_index (history, EoStatusChange, history->len - 1).time_us;
  else
    match->since_us = eo_upload_record_get_updated (record);
  return match;
}

/* Folded for comparing names: lower case, accents kept apart. */
static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return normalized != NULL ? g_utf8_casefold (normalized, -1) : g_strdup ("");
}

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && *needle != '\0' && strstr (haystack, needle) != NULL;
}

/* @text's digits when it is an identifier (digits, spaces, dashes), else
 * NULL. */
static char *
identifier_digits (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '-')
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  if (digits->len < 4)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

GPtrArray *
eo_history_find_devices (EoHistory  *self,
                         const char *text)
{
  GListModel *records;
  GPtrArray *matches;
  g_autofree char *digits = NULL;
  g_autofree char *folded = NULL;
  guint n_records;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  matches = g_ptr_array_new_with_free_func ((GDestroyNotify) eo_history_match_free);
  digits = identifier_digits (text);
  folded = fold (text);
  if (*folded == '\0')
    return matches;

  records = eo_history_get_records (self);
  n_records = g_list_model_get_n_items (records);
  for (guint r = 0; r < n_records; r++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (records, r);
      GListModel *devices = eo_upload_record_get_devices (record);
      guint n = g_list_model_get_n_items (devices);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
          gboolean found;

          if (digits != NULL)
            found = contains (eo_device_get_eid (device), digits) ||
                    contains (eo_device_get_iccid (device), digits) ||
                    contains (eo_device_get_assigned_iccid (device), digits);
          else
            {
              g_autofree char *name = fold (eo_device_get_name (device) ? eo_device_get_name (device) : "");

              found = contains (name, folded);
            }
          if (found)
            g_ptr_array_add (matches, match_new (record, device, i));
        }
    }
  return matches;
}

/* Whether @device of @record counts as having (or about to have) an eSIM. */
static gboolean
holds_esim (EoUploadRecord *record,
            EoDevice       *device)
{
  switch (eo_device_get_status (device))
    {
    case EO_DEVICE_STATUS_SUCCESS:
      return TRUE;
    case EO_DEVICE_STATUS_PENDING:
      /* Only while the upload is still followed: a stalled one says
       * nothing about the phone. */
      return eo_upload_record_get_state (record) == EO_UPLOAD_STATE_ACCEPTED;
    case EO_DEVICE_STATUS_NONE:
    case EO_DEVICE_STATUS_FAILED:
    default:
      return FALSE;
    }
}

GHashTable *
eo_history_find_assigned (EoHistory          *self,
                          const char * const *eids,
                          guint               n_eids,
                          const char         *server,
                          const char         *customer,
                          EoUploadRecord     *except)
{
  g_autoptr(GHashTable) wanted = NULL;
  GHashTable *found;
  GListModel *records;
  guint n_records;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (eids != NULL || n_eids == 0, NULL);

  found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify) eo_history_match_free);
  wanted = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n_eids; i++)
    if (eids[i] != NULL)
      g_hash_table_add (wanted, (gpointer) eids[i]);
  if (g_hash_table_size (wanted) == 0)
    return found;

  /* Newest upload first: the first match of an EID is the one kept. */
  records = eo_history_get_records (self);
  n_records = g_list_model_get_n_items (records);
  for (guint r = 0; r < n_records; r++)
    {
      g_autoptr(EoUploadRecord) record = g_list_model_get_item (records, r);
      GListModel *devices;
      guint n;

      if (record == except ||
          (server != NULL && g_strcmp0 (eo_upload_record_get_server (record), server) != 0) ||
          (customer != NULL && g_strcmp0 (eo_upload_record_get_customer_id (record), customer) != 0))
        continue;
      devices = eo_upload_record_get_devices (record);
      n = g_list_model_get_n_items (devices);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
          gpointer key;

          if (!holds_esim (record, device) ||
              !g_hash_table_lookup_extended (wanted, eo_device_get_eid (device), &key, NULL) ||
              g_hash_table_contains (found, key))
            continue;
          g_hash_table_insert (found, key, match_new (record, device, i));
        }
    }
  return found;
}
