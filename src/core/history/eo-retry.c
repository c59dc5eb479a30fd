/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-retry"

#include "config.h"

#include <string.h>

#include "eo-device.h"
#include "eo-export.h"
#include "eo-retry.h"

/* A reason is at most this long when read (the record bounds them too). */
#define REASON_MAX_BYTES 1024
/* Identifiers in a reason: runs of this many digits or more. */
#define IDENTIFIER_MIN_DIGITS 6

static gboolean
has (const char *folded,
     const char *word)
{
  return strstr (folded, word) != NULL;
}

EoFailureKind
eo_failure_kind_from_reason (const char *reason)
{
  g_autofree char *folded = NULL;
  gboolean iccid;

  if (reason == NULL || *reason == '\0')
    return EO_FAILURE_OTHER;

  /* The words looked for are ASCII: other bytes are left as they are. */
  folded = g_ascii_strdown (reason, MIN (strlen (reason), REASON_MAX_BYTES));
  iccid = has (folded, "iccid");
  if (has (folded, "already has an esim") || has (folded, "already has esim") ||
      (!iccid && (has (folded, "already assigned") || has (folded, "already bound") ||
                  has (folded, "already onboarded"))))
    return EO_FAILURE_ALREADY_HAS_ESIM;
  if (iccid && (has (folded, "not in") || has (folded, "unknown") || has (folded, "not found")))
    return EO_FAILURE_ICCID_NOT_IN_POOL;
  if (iccid && (has (folded, "in use") || has (folded, "already")))
    return EO_FAILURE_ICCID_IN_USE;
  if (has (folded, "no esim left") || has (folded, "pool is empty") || has (folded, "exhausted"))
    return EO_FAILURE_POOL_EMPTY;
  return EO_FAILURE_OTHER;
}

gboolean
eo_failure_kind_concerns_iccid (EoFailureKind kind)
{
  return kind == EO_FAILURE_ICCID_NOT_IN_POOL || kind == EO_FAILURE_ICCID_IN_USE;
}

void
eo_failure_group_free (EoFailureGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->reason);
  g_free (group);
}

/* "EID 8904…1235 already has an eSIM" -> "EID … already has an eSIM". */
static char *
dup_generic_reason (const char *reason)
{
  GString *out = g_string_new (NULL);
  const char *p = reason != NULL ? reason : "";
  const char *end = p + MIN (strlen (p), REASON_MAX_BYTES);

  while (p < end)
    {
      const char *q = p;

      while (q < end && g_ascii_isdigit (*q))
        q++;
      if (q - p >= IDENTIFIER_MIN_DIGITS)
        g_string_append (out, "…");
      else if (q > p)
        g_string_append_len (out, p, q - p);
      else
        g_string_append_c (out, *q++);
      p = q;
    }
  if (!g_utf8_validate (out->str, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (out->str, -1);

      g_string_assign (out, valid);
    }
  return g_string_free (out, FALSE);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const EoFailureGroup *ga = *(const EoFailureGroup * const *) a;
  const EoFailureGroup *gb = *(const EoFailureGroup * const *) b;

  if (ga->count != gb->count)
    return ga->count > gb->count ? -1 : 1;
  return g_strcmp0 (ga->reason, gb->reason);
}

GPtrArray *
eo_failure_groups_new (EoUploadRecord *record)
{
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *groups = g_ptr_array_new_with_free_func ((GDestroyNotify) eo_failure_group_free);
  GListModel *devices;
  guint n;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), groups);

  devices = eo_upload_record_get_devices (record);
  n = g_list_model_get_n_items (devices);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      EoFailureKind kind;
      g_autofree char *generic = NULL;
      g_autofree char *key = NULL;
      EoFailureGroup *group;

      if (eo_device_get_status (device) != EO_DEVICE_STATUS_FAILED)
        continue;
      kind = eo_failure_kind_from_reason (eo_device_get_reason (device));
      generic = dup_generic_reason (eo_device_get_reason (device));
      /* A known kind is one group whatever its words. */
      key = kind == EO_FAILURE_OTHER ? g_strconcat ("0:", generic, NULL)
                                     : g_strdup_printf ("%d", (int) kind);
      group = g_hash_table_lookup (by_key, key);
      if (group == NULL)
        {
          group = g_new0 (EoFailureGroup, 1);
          group->kind = kind;
          group->reason = g_steal_pointer (&generic);
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_key, g_steal_pointer (&key), group);
        }
      group->count++;
    }
  g_ptr_array_sort (groups, compare_groups);

  return groups;
}

static EoExportRetryRow
retry_row (EoDevice *device,
           gpointer  user_data)
{
  EoRetryFixes fixes = GPOINTER_TO_UINT (user_data);
  EoFailureKind kind = eo_failure_kind_from_reason (eo_device_get_reason (device));

  if ((fixes & EO_RETRY_FIX_LEAVE_OUT_ALREADY) && kind == EO_FAILURE_ALREADY_HAS_ESIM)
    return EO_EXPORT_RETRY_ROW_LEAVE_OUT;
  if ((fixes & EO_RETRY_FIX_CLEAR_ICCIDS) && eo_failure_kind_concerns_iccid (kind))
    return EO_EXPORT_RETRY_ROW_WITHOUT_ICCID;
  return EO_EXPORT_RETRY_ROW_AS_SENT;
}

GBytes *
eo_retry_csv (EoUploadRecord *record,
              EoRetryFixes    fixes,
              guint          *n_devices)
{
  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  return eo_export_retry_csv_full (record, retry_row, GUINT_TO_POINTER (fixes), n_devices);
}
