/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-device-list.h"

G_BEGIN_DECLS

/* Which column of a file is the EID, the name and the ICCID, when the
 * admin says so (“--column eid=Serial”, the window's Choose Columns): by
 * a header's text or by position. A column not given is found as usual
 * (by its header name, or in a file without a header by its content). */

/* A position meaning “the file has no such column”: the ICCID is not
 * read; names are left empty, each row saying so. */
#define EO_COLUMN_MAP_ABSENT (-2)
/* A position not given. */
#define EO_COLUMN_MAP_UNSET  (-1)

typedef struct _EoColumnMap EoColumnMap;

EoColumnMap *eo_column_map_new               (void);
EoColumnMap *eo_column_map_copy              (const EoColumnMap *map);
void         eo_column_map_free              (EoColumnMap       *map);
/* 0-based @position, EO_COLUMN_MAP_ABSENT or EO_COLUMN_MAP_UNSET. */
void         eo_column_map_set_position      (EoColumnMap       *map,
                                              EoColumn           column,
                                              int                position);
int          eo_column_map_get_position      (const EoColumnMap *map,
                                              EoColumn           column);
/* The column whose header is @header (compared as header names are, see
 * eo_column_for_header_name); NULL unsets it. */
void         eo_column_map_set_header        (EoColumnMap       *map,
                                              EoColumn           column,
                                              const char        *header);
const char  *eo_column_map_get_header        (const EoColumnMap *map,
                                              EoColumn           column);
/* TRUE when a position or a header is given for @column. */
gboolean     eo_column_map_has               (const EoColumnMap *map,
                                              EoColumn           column);
gboolean     eo_column_map_has_header_names  (const EoColumnMap *map);
/* A list without a name column is read (names empty, each row saying
 * so) rather than refused: pasted EIDs, one per line. */
void         eo_column_map_set_name_optional (EoColumnMap       *map,
                                              gboolean           optional);
gboolean     eo_column_map_get_name_optional (const EoColumnMap *map);

/* One “--column ROLE=HEADER|N” of the command line: ROLE is eid, name or
 * iccid; N (digits only) a 1-based position, anything else a header's
 * text. FALSE with a G_OPTION_ERROR for an unknown role, an empty or 0
 * value, or a role given twice. */
gboolean     eo_column_map_parse_option      (EoColumnMap       *map,
                                              const char        *option,
                                              GError           **error);

/* The positions as a short text (“eid=2;name=1;iccid=-”, 1-based, “-”
 * for absent), to be remembered; and back (NULL when it is not one). */
char        *eo_column_map_to_string         (const EoColumnMap *map);
EoColumnMap *eo_column_map_new_from_string   (const char        *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoColumnMap, eo_column_map_free)

G_END_DECLS
