/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

/* The device table's sorting: keys made once per row, the comparisons
 * the column headers drive. */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <string.h>

#include "eo-device.h"
#include "eo-device-view-private.h"

/* Sorting 100,000 rows makes about two million comparisons. GTK's
 * string sorter, behind the column view's sorter, would build both
 * collation keys again for each of them (GtkColumnViewSorter compares
 * items, not keys): here each row's keys are made once, when first
 * needed, and kept on the device. The order is the one the string
 * sorters gave: case-folded collation keys (the EID's without case
 * folding), "" for a missing string. */

typedef struct
{
  char *name;
  char *eid;
  char *iccid;
  char *problem;
  char *problem_source; /* the text @problem was made from: it may change */
} SortKeys;

static void
sort_keys_free (gpointer data)
{
  SortKeys *keys = data;

  g_free (keys->name);
  g_free (keys->eid);
  g_free (keys->iccid);
  g_free (keys->problem);
  g_free (keys->problem_source);
  g_free (keys);
}

G_DEFINE_QUARK (eo-device-view-sort-keys, sort_keys)

static SortKeys *
get_sort_keys (EoDevice *device)
{
  SortKeys *keys = g_object_get_qdata (G_OBJECT (device), sort_keys_quark ());

  if (G_UNLIKELY (keys == NULL))
    {
      keys = g_new0 (SortKeys, 1);
      g_object_set_qdata_full (G_OBJECT (device), sort_keys_quark (), keys, sort_keys_free);
    }

  return keys;
}

static char *
folded_collate_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text ? text : "", -1);

  return g_utf8_collate_key (folded, -1);
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SortKeys *ka = get_sort_keys ((EoDevice *) a);
  SortKeys *kb = get_sort_keys ((EoDevice *) b);

  if (G_UNLIKELY (ka->name == NULL))
    ka->name = folded_collate_key (eo_device_get_name ((EoDevice *) a));
  if (G_UNLIKELY (kb->name == NULL))
    kb->name = folded_collate_key (eo_device_get_name ((EoDevice *) b));

  return strcmp (ka->name, kb->name);
}

static int
compare_eid (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  SortKeys *ka = get_sort_keys ((EoDevice *) a);
  SortKeys *kb = get_sort_keys ((EoDevice *) b);

  if (G_UNLIKELY (ka->eid == NULL))
    ka->eid = g_utf8_collate_key (eo_device_get_eid ((EoDevice *) a), -1);
  if (G_UNLIKELY (kb->eid == NULL))
    kb->eid = g_utf8_collate_key (eo_device_get_eid ((EoDevice *) b), -1);

  return strcmp (ka->eid, kb->eid);
}

/* Requested ICCIDs first, in order, then the automatic ones. */
static int
compare_iccid (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const char *ia = eo_device_get_iccid ((EoDevice *) a);
  const char *ib = eo_device_get_iccid ((EoDevice *) b);
  SortKeys *ka, *kb;

  if ((ia == NULL) != (ib == NULL))
    return ia == NULL ? 1 : -1;
  if (ia == NULL)
    return 0;

  ka = get_sort_keys ((EoDevice *) a);
  kb = get_sort_keys ((EoDevice *) b);
  if (G_UNLIKELY (ka->iccid == NULL))
    ka->iccid = folded_collate_key (ia);
  if (G_UNLIKELY (kb->iccid == NULL))
    kb->iccid = folded_collate_key (ib);

  return strcmp (ka->iccid, kb->iccid);
}

static const char *
problem_key (EoDevice *device)
{
  SortKeys *keys = get_sort_keys (device);
  const char *text = eo_device_get_problem_text (device);

  if (text == NULL)
    text = "";
  if (G_UNLIKELY (keys->problem == NULL || strcmp (keys->problem_source, text) != 0))
    {
      g_free (keys->problem);
      g_free (keys->problem_source);
      keys->problem = folded_collate_key (text);
      keys->problem_source = g_strdup (text);
    }

  return keys->problem;
}

static int
compare_problem (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (problem_key ((EoDevice *) a), problem_key ((EoDevice *) b));
}

static int
compare_line (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint la = eo_device_get_line ((EoDevice *) a);
  guint lb = eo_device_get_line ((EoDevice *) b);

  return (la > lb) - (la < lb);
}

/* Errors first. */
static int
compare_severity (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int sa = (int) eo_device_get_severity ((EoDevice *) a);
  int sb = (int) eo_device_get_severity ((EoDevice *) b);

  return (sb > sa) - (sb < sa);
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  int sa = (int) eo_device_get_status ((EoDevice *) a);
  int sb = (int) eo_device_get_status ((EoDevice *) b);

  return (sa > sb) - (sa < sb);
}

static void
set_column_sorter (GtkColumnViewColumn *column,
                   GCompareDataFunc     compare)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));

  gtk_column_view_column_set_sorter (column, sorter);
}

void
_eo_device_view_set_up_sorters (EoDeviceView *self)
{
  set_column_sorter (self->line_column, compare_line);
  set_column_sorter (self->status_column, compare_severity);
  set_column_sorter (self->name_column, compare_name);
  set_column_sorter (self->eid_column, compare_eid);
  set_column_sorter (self->iccid_column, compare_iccid);
  set_column_sorter (self->upload_column, compare_status);
  set_column_sorter (self->problem_column, compare_problem);
}
