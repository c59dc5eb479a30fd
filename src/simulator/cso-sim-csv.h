/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CSO_SIM_ROW_PENDING,
  CSO_SIM_ROW_SUCCESS,
  CSO_SIM_ROW_FAILED,
  CSO_SIM_ROW_ERROR,
} CsoSimRowState;

/* One device row of an uploaded CSV file and what became of it. */
typedef struct
{
  char           *eid;
  char           *name;
  char           *requested_iccid; /* NULL when the row asks for none */
  CsoSimRowState  state;
  char           *iccid;           /* assigned ICCID, once processed */
  char           *message;         /* reason of a FAILED/ERROR row */
} CsoSimRow;

void        cso_sim_row_free          (CsoSimRow    *row);
const char *cso_sim_row_state_to_string (CsoSimRowState state);

/* Parse an uploaded device list: a header row with the columns EID and
 * Name (mandatory) and ICCID (optional), in any order and case, then one
 * row per device. Returns a GPtrArray of CsoSimRow, or NULL with @error
 * (G_IO_ERROR_INVALID_DATA) set to a message meant for the HTTP answer. */
GPtrArray  *cso_sim_csv_parse_devices (const char   *data,
                                       gsize         len,
                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsoSimRow, cso_sim_row_free)

G_END_DECLS
