/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  CSO_SIM_ENDPOINT_UPLOAD = 1 << 0,
  CSO_SIM_ENDPOINT_STATUS = 1 << 1,
  CSO_SIM_ENDPOINT_ANY    = CSO_SIM_ENDPOINT_UPLOAD | CSO_SIM_ENDPOINT_STATUS,
} CsoSimEndpoint;

typedef enum
{
  CSO_SIM_FAULT_FORBIDDEN,
  CSO_SIM_FAULT_UNAUTHORIZED,
  CSO_SIM_FAULT_UNKNOWN_CUSTOMER,
  CSO_SIM_FAULT_THROTTLE,
  CSO_SIM_FAULT_THROTTLE_DATE,
  CSO_SIM_FAULT_SERVER_ERROR,
  CSO_SIM_FAULT_DROP,
  CSO_SIM_FAULT_SLOW,
  CSO_SIM_FAULT_HANG,
  CSO_SIM_FAULT_NOT_JSON,
  CSO_SIM_FAULT_BAD_SHAPE,
  CSO_SIM_FAULT_REDIRECT,
  /* Hostile or broken answers (issue 10). */
  CSO_SIM_FAULT_DEEP_NESTING,
  CSO_SIM_FAULT_GATEWAY_ERROR,
  CSO_SIM_FAULT_INVALID_ESCAPE,
  CSO_SIM_FAULT_ESCAPE_CODES,
  CSO_SIM_FAULT_ECHO_KEY,
  CSO_SIM_FAULT_HOSTILE_REQUEST_ID,
  CSO_SIM_FAULT_HOSTILE_SERVER_URL,
  CSO_SIM_FAULT_CONTRADICTORY,
  CSO_SIM_FAULT_ABSENT_ROWS,
  CSO_SIM_FAULT_SUCCESS_FALSE,
} CsoSimFaultKind;

/* A fault to inject: on which endpoint(s), what, and how many more times
 * (@remaining < 0: forever). */
typedef struct
{
  CsoSimEndpoint  endpoint;
  CsoSimFaultKind kind;
  int             remaining;
} CsoSimFault;

CsoSimFault *cso_sim_fault_new            (CsoSimEndpoint    endpoint,
                                           CsoSimFaultKind   kind,
                                           int               count);
void         cso_sim_fault_free           (CsoSimFault      *fault);
/* "ENDPOINT=KIND[:COUNT]", e.g. "upload=throttle:2". */
CsoSimFault *cso_sim_fault_parse          (const char       *spec,
                                           GError          **error);
/* {"endpoint":"upload","kind":"throttle","count":2}; count optional. */
CsoSimFault *cso_sim_fault_from_json      (JsonNode         *node,
                                           GError          **error);
JsonNode    *cso_sim_fault_to_json        (const CsoSimFault *fault);
const char  *cso_sim_fault_kind_to_string (CsoSimFaultKind   kind);
const char  *cso_sim_endpoint_to_string   (CsoSimEndpoint    endpoint);
/* Whether the request is handled for real before the fault shows (drop,
 * slow, and the answers rewritten or shaped after the work). */
gboolean     cso_sim_fault_kind_after_work (CsoSimFaultKind kind);
/* The list of kind names, comma separated, for help texts. */
const char  *cso_sim_fault_kind_names     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsoSimFault, cso_sim_fault_free)

G_END_DECLS
