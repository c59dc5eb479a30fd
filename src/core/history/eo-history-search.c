/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history"

/* Searching the devices of every upload: by EID, ICCID, name or an extra
 * column's value such as the serial number (history --find, the history
 * page), and the EIDs of a new list that already
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

void
_eo_history_match_dup_when_where (const EoHistoryMatch *match,
                                  const char           *date_format,
                                  char                **date,
                                  char                **upload)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (match->since_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  const char *name = eo_upload_record_get_source_name (match->record);

  *date = local != NULL ? g_date_time_format (local, date_format) : g_strdup ("?");
  *upload = name != NULL && *name != '\0' ? g_strdup (name)
                                          : g_strndup (eo_upload_record_get_local_id (match->record), 8);
}

EoMessage *
eo_history_match_new_left_out_reason (const EoHistoryMatch *match)
{
  g_autofree char *date = NULL;
  g_autofree char *upload = NULL;

  g_return_val_if_fail (match != NULL, NULL);

  _eo_history_match_dup_when_where (match, "%Y-%m-%d", &date, &upload);
  return eo_message_new (eo_device_get_status (match->device) == EO_DEVICE_STATUS_SUCCESS
                           ? "already-assigned" : "already-pending",
                         "date", date, "upload", upload, NULL);
}

static EoHistoryMatch *
match_new (EoUploadRecord *record,
           EoDevice       *device,
           guint           position)
{
  EoHistoryMatch *match = g_new0 (EoHistoryMatch, 1);
  guint n_changes;
  const EoStatusChange *changes = eo_upload_record_get_device_history (record, position, &n_changes);

  match->record = g_object_ref (record);
  match->device = g_object_ref (device);
  if (n_changes > 0)
    match->since_us = changes[n_changes - 1].time_us;
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

/* Whether one of @device's extra values (Serial Number, Model…) contains
 * @folded (case and accents aside). */
static gboolean
extras_contain (EoDevice   *device,
                const char *folded)
{
  for (guint k = 0; k < eo_device_get_n_extras (device); k++)
    {
      const char *value = eo_device_get_extra (device, k);
      g_autofree char *value_folded = NULL;

      if (*value == '\0')
        continue;
      value_folded = fold (value);
      if (contains (value_folded, folded))
        return TRUE;
    }
  return FALSE;
}

static gboolean
matches_text (EoDevice   *device,
              const char *digits,
              const char *folded)
{
  if (digits != NULL &&
      (contains (eo_device_get_eid (device), digits) ||
       contains (eo_device_get_iccid (device), digits) ||
       contains (eo_device_get_assigned_iccid (device), digits)))
    return TRUE;
  if (digits == NULL)
    {
      g_autofree char *name = fold (eo_device_get_name (device) ? eo_device_get_name (device) : "");

      if (contains (name, folded))
        return TRUE;
    }
  return extras_contain (device, folded);
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

/* A search over the history in steps. */
struct _EoHistorySearch
{
  GPtrArray  *records;     /* EoUploadRecord, newest first, taken at the start */
  guint       record;      /* where the walk is */
  guint       device;
  /* By text */
  char       *digits;
  char       *folded;
  GPtrArray  *matches;     /* EoHistoryMatch */
  /* Assigned */
  const char * const *eids;
  guint       n_eids;
  guint       next_eid;    /* EIDs added to wanted so far */
  GHashTable *wanted;
  GHashTable *found;       /* EID -> EoHistoryMatch */
  char       *server;
  char       *customer;
  EoUploadRecord *except;
};

static EoHistorySearch *
search_new (EoHistory *history)
{
  EoHistorySearch *search = g_new0 (EoHistorySearch, 1);
  GListModel *records = eo_history_get_records (history);
  guint n = g_list_model_get_n_items (records);

  search->records = g_ptr_array_new_full (n, g_object_unref);
  for (guint r = 0; r < n; r++)
    g_ptr_array_add (search->records, g_list_model_get_item (records, r));
  return search;
}

static gboolean
record_skipped (EoHistorySearch *search,
                EoUploadRecord  *record)
{
  if (search->found == NULL)
    return FALSE;
  return record == search->except ||
         (search->server != NULL && g_strcmp0 (eo_upload_record_get_server (record), search->server) != 0) ||
         (search->customer != NULL && g_strcmp0 (eo_upload_record_get_customer_id (record), search->customer) != 0);
}

static void
visit_device (EoHistorySearch *search,
              EoUploadRecord  *record,
              EoDevice        *device,
              guint            position)
{
  gpointer key;

  if (search->matches != NULL)
    {
      if (matches_text (device, search->digits, search->folded))
        g_ptr_array_add (search->matches, match_new (record, device, position));
      return;
    }
  if (!holds_esim (record, device) ||
      !g_hash_table_lookup_extended (search->wanted, eo_device_get_eid (device), &key, NULL) ||
      g_hash_table_contains (search->found, key))
    return;
  g_hash_table_insert (search->found, key, match_new (record, device, position));
}

/* Public API */

EoHistorySearch *
eo_history_search_new_text (EoHistory  *self,
                            const char *text)
{
  EoHistorySearch *search;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  search = search_new (self);
  search->matches = g_ptr_array_new_with_free_func ((GDestroyNotify) eo_history_match_free);
  search->digits = identifier_digits (text);
  search->folded = fold (text);
  if (*search->folded == '\0')
    g_ptr_array_set_size (search->records, 0);
  return search;
}

EoHistorySearch *
eo_history_search_new_assigned (EoHistory          *self,
                                const char * const *eids,
                                guint               n_eids,
                                const char         *server,
                                const char         *customer,
                                EoUploadRecord     *except)
{
  EoHistorySearch *search;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (eids != NULL || n_eids == 0, NULL);

  search = search_new (self);
  search->eids = eids;
  search->n_eids = n_eids;
  search->wanted = g_hash_table_new (g_str_hash, g_str_equal);
  search->found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) eo_history_match_free);
  search->server = g_strdup (server);
  search->customer = g_strdup (customer);
  search->except = except;
  return search;
}

gboolean
eo_history_search_step (EoHistorySearch *search,
                        gint64           deadline_us)
{
  guint stride = 0;

  g_return_val_if_fail (search != NULL, TRUE);

  /* The EIDs looked for, first (the caller keeps them). */
  while (search->next_eid < search->n_eids)
    {
      const char *eid = search->eids[search->next_eid++];

      if (eid != NULL && *eid != '\0')
        g_hash_table_add (search->wanted, (gpointer) eid);
      if (++stride % 4096 == 0 && g_get_monotonic_time () >= deadline_us)
        return FALSE;
    }
  if (search->wanted != NULL && g_hash_table_size (search->wanted) == 0)
    return TRUE;

  /* Newest upload first: for assigned EIDs the first match is kept. */
  for (; search->record < search->records->len; search->record++, search->device = 0)
    {
      EoUploadRecord *record = g_ptr_array_index (search->records, search->record);
      GListModel *devices = eo_upload_record_get_devices (record);
      guint n = g_list_model_get_n_items (devices);

      if (record_skipped (search, record))
        continue;
      for (; search->device < n; search->device++)
        {
          g_autoptr(EoDevice) device = g_list_model_get_item (devices, search->device);

          visit_device (search, record, device, search->device);
          if (++stride % 256 == 0 && g_get_monotonic_time () >= deadline_us)
            {
              search->device++;
              return FALSE;
            }
        }
    }
  return TRUE;
}

GPtrArray *
eo_history_search_steal_matches (EoHistorySearch *search)
{
  g_return_val_if_fail (search != NULL && search->matches != NULL, NULL);

  return g_steal_pointer (&search->matches);
}

GHashTable *
eo_history_search_steal_found (EoHistorySearch *search)
{
  g_return_val_if_fail (search != NULL && search->found != NULL, NULL);

  return g_steal_pointer (&search->found);
}

void
eo_history_search_free (EoHistorySearch *search)
{
  if (search == NULL)
    return;
  g_ptr_array_unref (search->records);
  g_free (search->digits);
  g_free (search->folded);
  g_clear_pointer (&search->matches, g_ptr_array_unref);
  g_clear_pointer (&search->wanted, g_hash_table_unref);
  g_clear_pointer (&search->found, g_hash_table_unref);
  g_free (search->server);
  g_free (search->customer);
  g_free (search);
}

GPtrArray *
eo_history_find_devices (EoHistory  *self,
                         const char *text)
{
  g_autoptr(EoHistorySearch) search = NULL;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  search = eo_history_search_new_text (self, text);
  eo_history_search_step (search, G_MAXINT64);
  return eo_history_search_steal_matches (search);
}

GHashTable *
eo_history_find_assigned (EoHistory          *self,
                          const char * const *eids,
                          guint               n_eids,
                          const char         *server,
                          const char         *customer,
                          EoUploadRecord     *except)
{
  g_autoptr(EoHistorySearch) search = NULL;

  g_return_val_if_fail (EO_IS_HISTORY (self), NULL);
  g_return_val_if_fail (eids != NULL || n_eids == 0, NULL);

  search = eo_history_search_new_assigned (self, eids, n_eids, server, customer, except);
  eo_history_search_step (search, G_MAXINT64);
  return eo_history_search_steal_found (search);
}
