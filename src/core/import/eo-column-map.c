/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-column-map"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "eo-column-map.h"
#include "eo-csv-reader.h"

/* See eo-column-map.h. The map only says what was asked; the device
 * list's header step (eo-device-list-header.c) applies it to a file. */

#define N_ROLES (EO_COLUMN_ICCID + 1)
/* A header's text given on the command line, at most. */
#define HEADER_MAX_BYTES 256

struct _EoColumnMap
{
  int       position[N_ROLES];
  char     *header[N_ROLES];
  gboolean  name_optional;
};

static const char * const role_ids[N_ROLES] = {
  [EO_COLUMN_EID] = "eid",
  [EO_COLUMN_NAME] = "name",
  [EO_COLUMN_ICCID] = "iccid",
};

/* Helpers */

static gboolean
is_role (EoColumn column)
{
  return column >= EO_COLUMN_EID && column <= EO_COLUMN_ICCID;
}

static EoColumn
role_from_id (const char *id,
              gsize       len)
{
  for (EoColumn c = EO_COLUMN_EID; c <= EO_COLUMN_ICCID; c++)
    if (strlen (role_ids[c]) == len && g_ascii_strncasecmp (role_ids[c], id, len) == 0)
      return c;
  return EO_COLUMN_NONE;
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Public API */

EoColumnMap *
eo_column_map_new (void)
{
  EoColumnMap *map = g_new0 (EoColumnMap, 1);

  for (guint c = 0; c < N_ROLES; c++)
    map->position[c] = EO_COLUMN_MAP_UNSET;
  return map;
}

EoColumnMap *
eo_column_map_copy (const EoColumnMap *map)
{
  EoColumnMap *copy;

  g_return_val_if_fail (map != NULL, NULL);

  copy = g_memdup2 (map, sizeof *map);
  for (guint c = 0; c < N_ROLES; c++)
    copy->header[c] = g_strdup (map->header[c]);
  return copy;
}

void
eo_column_map_free (EoColumnMap *map)
{
  if (map == NULL)
    return;
  for (guint c = 0; c < N_ROLES; c++)
    g_free (map->header[c]);
  g_free (map);
}

void
eo_column_map_set_position (EoColumnMap *map,
                            EoColumn     column,
                            int          position)
{
  g_return_if_fail (map != NULL);
  g_return_if_fail (is_role (column));
  g_return_if_fail (position >= EO_COLUMN_MAP_ABSENT && position < EO_CSV_MAX_FIELDS);

  map->position[column] = position;
  g_clear_pointer (&map->header[column], g_free);
}

int
eo_column_map_get_position (const EoColumnMap *map,
                            EoColumn           column)
{
  g_return_val_if_fail (map != NULL, EO_COLUMN_MAP_UNSET);
  g_return_val_if_fail (is_role (column), EO_COLUMN_MAP_UNSET);

  return map->position[column];
}

void
eo_column_map_set_header (EoColumnMap *map,
                          EoColumn     column,
                          const char  *header)
{
  g_return_if_fail (map != NULL);
  g_return_if_fail (is_role (column));

  g_free (map->header[column]);
  map->header[column] = g_strdup (header);
  map->position[column] = EO_COLUMN_MAP_UNSET;
}

const char *
eo_column_map_get_header (const EoColumnMap *map,
                          EoColumn           column)
{
  g_return_val_if_fail (map != NULL, NULL);
  g_return_val_if_fail (is_role (column), NULL);

  return map->header[column];
}

gboolean
eo_column_map_has (const EoColumnMap *map,
                   EoColumn           column)
{
  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (is_role (column), FALSE);

  return map->header[column] != NULL || map->position[column] != EO_COLUMN_MAP_UNSET;
}

gboolean
eo_column_map_has_header_names (const EoColumnMap *map)
{
  g_return_val_if_fail (map != NULL, FALSE);

  for (guint c = 0; c < N_ROLES; c++)
    if (map->header[c] != NULL)
      return TRUE;
  return FALSE;
}

void
eo_column_map_set_name_optional (EoColumnMap *map,
                                 gboolean     optional)
{
  g_return_if_fail (map != NULL);

  map->name_optional = !!optional;
}

gboolean
eo_column_map_get_name_optional (const EoColumnMap *map)
{
  g_return_val_if_fail (map != NULL, FALSE);

  return map->name_optional;
}

gboolean
eo_column_map_parse_option (EoColumnMap  *map,
                            const char   *option,
                            GError      **error)
{
  const char *eq;
  const char *value;
  EoColumn column;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (option != NULL, FALSE);

  eq = strchr (option, '=');
  if (eq == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--column wants ROLE=HEADER or ROLE=N (for example “eid=2” or "
                     "“name=Device Name”), not “%s”."), option);
      return FALSE;
    }
  column = role_from_id (option, (gsize) (eq - option));
  if (column == EO_COLUMN_NONE)
    {
      g_autofree char *role = g_strndup (option, (gsize) (eq - option));

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--column: unknown role “%s”; the roles are eid, name and iccid."), role);
      return FALSE;
    }
  if (eo_column_map_has (map, column))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--column %s is given twice."), role_ids[column]);
      return FALSE;
    }

  value = eq + 1;
  if (*value == '\0' || strlen (value) > HEADER_MAX_BYTES || !g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--column %s= needs a header's text or a column number."), role_ids[column]);
      return FALSE;
    }
  if (all_digits (value))
    {
      guint64 n = g_ascii_strtoull (value, NULL, 10);

      if (n == 0 || n > EO_CSV_MAX_FIELDS)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--column %s=%s: columns are numbered from 1 to %u."),
                       role_ids[column], value, EO_CSV_MAX_FIELDS);
          return FALSE;
        }
      eo_column_map_set_position (map, column, (int) n - 1);
    }
  else
    eo_column_map_set_header (map, column, value);
  return TRUE;
}

char *
eo_column_map_to_string (const EoColumnMap *map)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (map != NULL, NULL);

  for (EoColumn c = EO_COLUMN_EID; c <= EO_COLUMN_ICCID; c++)
    {
      if (map->position[c] == EO_COLUMN_MAP_UNSET)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ';');
      if (map->position[c] == EO_COLUMN_MAP_ABSENT)
        g_string_append_printf (out, "%s=-", role_ids[c]);
      else
        g_string_append_printf (out, "%s=%d", role_ids[c], map->position[c] + 1);
    }
  return g_string_free (out, FALSE);
}

EoColumnMap *
eo_column_map_new_from_string (const char *text)
{
  g_autoptr(EoColumnMap) map = eo_column_map_new ();
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (strlen (text) > 64)
    return NULL;
  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *eq = strchr (parts[i], '=');
      EoColumn column;

      if (eq == NULL)
        return NULL;
      column = role_from_id (parts[i], (gsize) (eq - parts[i]));
      if (column == EO_COLUMN_NONE || eo_column_map_has (map, column))
        return NULL;
      if (strcmp (eq + 1, "-") == 0)
        map->position[column] = EO_COLUMN_MAP_ABSENT;
      else if (all_digits (eq + 1) && strlen (eq + 1) <= 4 && atoi (eq + 1) >= 1 &&
               atoi (eq + 1) <= EO_CSV_MAX_FIELDS)
        map->position[column] = atoi (eq + 1) - 1;
      else
        return NULL;
    }
  if (map->position[EO_COLUMN_EID] < 0)
    return NULL;
  return g_steal_pointer (&map);
}
