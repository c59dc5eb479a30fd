/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-upload-record.h"

G_BEGIN_DECLS

/* Why a device failed, as far as its reason says. The CSO documents no
 * codes for it (cso-api.md: "a reason in an extra field"), so these are
 * read from the text, case-insensitively, on the words the simulator
 * writes (src/simulator/cso-sim-account.c) and their obvious variants:
 *   ALREADY_HAS_ESIM   "EID … already has an eSIM" (also "already has
 *                      esim", "already assigned", "already bound", "already
 *                      onboarded" when the reason does not name an ICCID
 *                      first);
 *   ICCID_NOT_IN_POOL  a reason naming an ICCID with "not in", "unknown"
 *                      or "not found" ("ICCID … is not in this account's
 *                      pool");
 *   ICCID_IN_USE       a reason naming an ICCID with "in use" or "already"
 *                      ("ICCID … is already in use");
 *   POOL_EMPTY         "No eSIM left in the pool" (also "pool is empty",
 *                      "exhausted");
 *   OTHER              anything else, shown in the server's own words. */
typedef enum
{
  EO_FAILURE_OTHER = 0,
  EO_FAILURE_ALREADY_HAS_ESIM,
  EO_FAILURE_ICCID_NOT_IN_POOL,
  EO_FAILURE_ICCID_IN_USE,
  EO_FAILURE_POOL_EMPTY,
} EoFailureKind;

EoFailureKind  eo_failure_kind_from_reason     (const char     *reason);
/* TRUE when the requested ICCID is what failed: without it the pool
 * assigns one. */
gboolean       eo_failure_kind_concerns_iccid  (EoFailureKind   kind);

/* The failed devices of an upload with one reason. */
typedef struct
{
  EoFailureKind  kind;
  /* The reason with its identifiers (runs of 6 digits or more) as "…":
   * what OTHER groups on, and shows. */
  char          *reason;
  guint          count;
} EoFailureGroup;

void           eo_failure_group_free           (EoFailureGroup *group);

/* The failed devices of @record by reason, most first (EoFailureGroup).
 * One pass over the record's devices. */
GPtrArray     *eo_failure_groups_new           (EoUploadRecord *record);

typedef enum
{
  EO_RETRY_FIX_NONE          = 0,
  /* Sent without the ICCID that failed, so that the pool assigns one. */
  EO_RETRY_FIX_CLEAR_ICCIDS  = 1 << 0,
  /* Devices that already have an eSIM are not sent again. */
  EO_RETRY_FIX_LEAVE_OUT_ALREADY = 1 << 1,
} EoRetryFixes;

/* The upload file of the failed devices with @fixes applied (as
 * eo_export_retry_csv()); NULL when none is left. */
GBytes        *eo_retry_csv                    (EoUploadRecord *record,
                                                EoRetryFixes    fixes,
                                                guint          *n_devices);

G_END_DECLS
