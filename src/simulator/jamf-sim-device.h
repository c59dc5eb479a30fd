/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a phone answers to a Refresh Cellular Plans command. */
typedef enum
{
  JAMF_SIM_OUTCOME_ACKNOWLEDGED,
  JAMF_SIM_OUTCOME_NOT_NOW,
  JAMF_SIM_OUTCOME_ERROR,
} JamfSimOutcome;

/* One mobile device of the simulated Jamf Pro inventory. */
typedef struct
{
  guint           id;              /* mobileDeviceId */
  char           *name;
  char           *serial;
  char           *model;
  char           *management_id;
  char           *eid;             /* network.eid; NULL: none */
  gboolean        eid_absent;      /* without EID: member left out (else null) */
  gboolean        dual_sim;        /* EID under serviceSubscriptions[0] only */
  char           *iccid;           /* network.iccid before any eSIM; NULL: none */
  char           *second_iccid;    /* dual SIM: the physical SIM of slot 2 */
  JamfSimOutcome  outcome;         /* of the next commands */
  gpointer        last_command;    /* JamfSimCommand, borrowed */
  char           *installed_iccid; /* the eSIM, once in inventory */
} JamfSimDevice;

void            jamf_sim_device_free          (JamfSimDevice *device);
/* The EID the phone reports (network.eid, or its subscription's). */
const char     *jamf_sim_device_get_eid       (JamfSimDevice *device);
/* @n devices: every 10th without EID, every 7th dual-SIM, valid EIDs. */
GPtrArray      *jamf_sim_devices_generate     (guint          n);
/* {"devices":[{"name","serial","model","managementId","eid","dualSim",
 * "iccid","outcome"}]}; missing management IDs and serials are made. */
GPtrArray      *jamf_sim_devices_load_file    (const char    *path,
                                               GError       **error);
gboolean        jamf_sim_outcome_from_string  (const char    *name,
                                               JamfSimOutcome *outcome);
const char     *jamf_sim_outcome_to_string    (JamfSimOutcome outcome);
/* The device in Jamf's v2 detail shape, with the asked @sections
 * (GENERAL, HARDWARE, NETWORK, SERVICE_SUBSCRIPTIONS; NULL: all). */
void            jamf_sim_device_to_json       (JamfSimDevice *device,
                                               JsonBuilder   *builder,
                                               const char * const *sections);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JamfSimDevice, jamf_sim_device_free)

G_END_DECLS
