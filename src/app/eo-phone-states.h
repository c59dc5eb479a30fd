/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-push-journal.h"

G_BEGIN_DECLS

/* Where a phone is after the SM-DP+ address was pushed to it. */
typedef enum
{
  EO_PHONE_STATE_NONE = 0,      /* not pushed */
  EO_PHONE_STATE_WAITING,       /* sent, the phone has not answered */
  EO_PHONE_STATE_ACKNOWLEDGED,  /* acknowledged, not yet in inventory */
  EO_PHONE_STATE_NOT_NOW,       /* the phone was busy or locked */
  EO_PHONE_STATE_ERROR,         /* with the MDM's reason */
  EO_PHONE_STATE_INSTALLED,     /* the assigned ICCID is in inventory */
  EO_PHONE_STATE_NOT_IN_MDM,    /* no phone with its EID in the MDM */
  EO_PHONE_N_STATES
} EoPhoneState;

typedef struct
{
  EoPhoneState  state;
  char         *reason;
  /* When this process first saw it acknowledged (g_get_real_time), 0. */
  gint64        acknowledged_us;
} EoPhoneInfo;

/**
 * EoPhoneStates:
 * One upload's phones after a push, by EID: the table the "On the Phone"
 * column reads. Updated with the entries a follower's answer changed
 * (never a walk over the upload), counts kept as states move. "changed"
 * (GPtrArray *eids: const char *, borrowed) is emitted once per update
 * that changed something.
 */
#define EO_TYPE_PHONE_STATES (eo_phone_states_get_type ())
G_DECLARE_FINAL_TYPE (EoPhoneStates, eo_phone_states, EO, PHONE_STATES, GObject)

EoPhoneStates     *eo_phone_states_new           (void);
/* From EoPushEntry (entries never sent are left out). */
void               eo_phone_states_update        (EoPhoneStates *self,
                                                  GPtrArray     *entries);
/* The EIDs (char *) of devices the MDM does not have. */
void               eo_phone_states_add_not_in_mdm (EoPhoneStates *self,
                                                   GPtrArray     *eids);
const EoPhoneInfo *eo_phone_states_lookup        (EoPhoneStates *self,
                                                  const char    *eid);
guint              eo_phone_states_count         (EoPhoneStates *self,
                                                  EoPhoneState   state);
/* Phones the address was sent to (every state but NONE and NOT_IN_MDM). */
guint              eo_phone_states_get_n_pushed  (EoPhoneStates *self);
/* Every phone pushed has answered. */
gboolean           eo_phone_states_all_final     (EoPhoneStates *self);
/* What the column says: "Waiting", "Acknowledged, not yet in inventory
 * (5 min)", "Not Now: the phone was busy or locked", "Error: reason",
 * "eSIM Installed", "Not in Jamf Pro" (NULL @info: ""). */
char              *eo_phone_info_format          (const EoPhoneInfo *info,
                                                  gint64             now_us);
/* "Pushed 20 · Acknowledged 18 · Not Now 1 · Error 1 · Installed 12"
 * (acknowledged counts the installed ones; zero counts left out). */
char              *eo_phone_states_format_counts (EoPhoneStates *self);

G_END_DECLS
