/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define JAMF_SIM_TOKEN_PATH    "/api/oauth/token"
#define JAMF_SIM_DEVICES_PATH  "/api/v2/mobile-devices/detail"
#define JAMF_SIM_COMMANDS_PATH "/api/v2/mdm/commands"

/* The privileges of an API role, as the simulator names them. */
#define JAMF_SIM_PRIV_READ_DEVICES  "Read Mobile Devices"
#define JAMF_SIM_PRIV_SEND_REFRESH  "Send Mobile Device Refresh Cellular Plans Command"
#define JAMF_SIM_PRIV_VIEW_COMMANDS "View MDM command information"

/* The demo API client of --demo. */
#define JAMF_SIM_DEMO_CLIENT_ID     "demo-client"
#define JAMF_SIM_DEMO_CLIENT_SECRET "demo-secret"

/* Jamf asks clients to keep to this many concurrent connections. */
#define JAMF_SIM_MAX_CONCURRENT 5

#define JAMF_SIM_TYPE_SERVER (jamf_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (JamfSimServer, jamf_sim_server, JAMF_SIM, SERVER, GObject)

JamfSimServer *jamf_sim_server_new                (void);
/* Takes ownership of @devices (JamfSimDevice). */
void           jamf_sim_server_set_devices        (JamfSimServer  *self,
                                                   GPtrArray      *devices);
/* An API client and the privileges of its role (NULL: all three). */
void           jamf_sim_server_add_client         (JamfSimServer  *self,
                                                   const char     *client_id,
                                                   const char     *client_secret,
                                                   const char * const *privileges);
/* {"clients":[{"client_id","client_secret","privileges":[…]}]} */
gboolean       jamf_sim_server_load_clients       (JamfSimServer  *self,
                                                   const char     *path,
                                                   GError        **error);
guint          jamf_sim_server_get_n_clients      (JamfSimServer  *self);
void           jamf_sim_server_set_token_seconds  (JamfSimServer  *self,
                                                   guint           seconds);
void           jamf_sim_server_set_max_page_size  (JamfSimServer  *self,
                                                   guint           size);
/* PENDING for @ack_ms after a command is sent; the assigned ICCID shows
 * in inventory @inventory_ms after the acknowledgment. */
void           jamf_sim_server_set_delays         (JamfSimServer  *self,
                                                   guint           ack_ms,
                                                   guint           inventory_ms);
/* Every API answer waits this long (to make requests overlap). */
void           jamf_sim_server_set_latency_ms     (JamfSimServer  *self,
                                                   guint           latency_ms);
void           jamf_sim_server_set_retry_after    (JamfSimServer  *self,
                                                   guint           seconds);
/* An "EID,ICCID" line file (cso-simulator --assignments), read as it
 * grows. */
void           jamf_sim_server_set_assignments    (JamfSimServer  *self,
                                                   const char     *path);
/* "MANAGEMENT_ID_OR_SERIAL=NOT_NOW|ERROR|ACKNOWLEDGED". */
gboolean       jamf_sim_server_set_outcome_spec   (JamfSimServer  *self,
                                                   const char     *spec,
                                                   GError        **error);
/* "ENDPOINT=STATUS[:COUNT]": token, devices, push, commands or any;
 * 401, 403, 429 or 500. */
gboolean       jamf_sim_server_add_fault_spec     (JamfSimServer  *self,
                                                   const char     *spec,
                                                   GError        **error);
void           jamf_sim_server_set_quiet          (JamfSimServer  *self,
                                                   gboolean        quiet);
gboolean       jamf_sim_server_listen             (JamfSimServer  *self,
                                                   const char     *host,
                                                   guint           port,
                                                   GTlsCertificate *certificate,
                                                   GError        **error);
const char    *jamf_sim_server_get_url            (JamfSimServer  *self);

G_END_DECLS
