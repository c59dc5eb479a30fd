/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "jamf-sim-device.h"

G_BEGIN_DECLS

/* One Refresh Cellular Plans command sent to one device. Its state is a
 * matter of time: PENDING until @created_us + the simulator's delay,
 * then @outcome (the device's outcome when it was sent). */
typedef struct
{
  char           *uuid;
  JamfSimDevice  *device;       /* borrowed: devices outlive commands */
  char           *server_url;   /* esimServerUrl */
  char           *date_sent;    /* ISO 8601, UTC */
  gint64          created_us;   /* monotonic */
  gint64          created_real_us;
  JamfSimOutcome  outcome;
} JamfSimCommand;

void            jamf_sim_command_free      (JamfSimCommand *command);
/* "PENDING", "ACKNOWLEDGED", "NOT_NOW" or "ERROR" at @now_us. */
const char     *jamf_sim_command_state     (JamfSimCommand *command,
                                            gint64          now_us,
                                            gint64          ack_delay_us);
void            jamf_sim_command_to_json   (JamfSimCommand *command,
                                            JsonBuilder    *builder,
                                            gint64          now_us,
                                            gint64          ack_delay_us);

/* The RSQL subset of GET /api/v2/mdm/commands: clauses joined by ';'
 * (and), each FIELD==VALUE or FIELD=in=(V1,V2,…) with FIELD one of uuid,
 * clientManagementId, command. */
typedef struct _JamfSimFilter JamfSimFilter;

JamfSimFilter  *jamf_sim_filter_parse      (const char     *text,
                                            GError        **error);
void            jamf_sim_filter_free       (JamfSimFilter  *filter);
/* The values of @field's clause, or NULL when the filter has none. */
GHashTable     *jamf_sim_filter_values     (JamfSimFilter  *filter,
                                            const char     *field);
gboolean        jamf_sim_filter_matches    (JamfSimFilter  *filter,
                                            JamfSimCommand *command);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (JamfSimFilter, jamf_sim_filter_free)

G_END_DECLS
