/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "jamf-sim-server.h"
#include "jamf-sim-command.h"
#include "jamf-sim-device.h"

G_BEGIN_DECLS

/* What the files of JamfSimServer share:
 *   jamf-sim-server.c          the object, dispatch, tokens, faults, the log
 *   jamf-sim-server-api.c      the API: token, devices, commands
 *   jamf-sim-server-control.c  the /_sim/ control endpoints */

#define JAMF_SIM_CONTROL_PREFIX "/_sim/"

typedef enum
{
  JAMF_SIM_ENDPOINT_TOKEN    = 1 << 0,
  JAMF_SIM_ENDPOINT_DEVICES  = 1 << 1,
  JAMF_SIM_ENDPOINT_PUSH     = 1 << 2,
  JAMF_SIM_ENDPOINT_COMMANDS = 1 << 3,
  JAMF_SIM_ENDPOINT_ANY      = 0xf,
} JamfSimEndpoint;

typedef struct
{
  guint endpoints;
  guint status;     /* 401, 403, 429, 500 */
  int   remaining;  /* < 0: forever */
} JamfSimFault;

typedef struct
{
  char  *client_id;
  char  *secret;
  GStrv  privileges;
} JamfSimClient;

typedef struct
{
  JamfSimClient *client; /* borrowed */
  gint64         expires_us;
} JamfSimToken;

/* One API request as /_sim/requests reports it. Never holds a secret. */
typedef struct
{
  gint64    time_us;
  char     *method;
  char     *path;
  char     *query;
  gboolean  has_token;
  guint     status;
  guint     fault;
  guint     n_items;   /* devices in a push, results of a read */
} JamfSimLogEntry;

struct _JamfSimServer
{
  GObject      parent_instance;

  SoupServer  *soup;
  char        *url;
  gboolean     quiet;

  GPtrArray   *devices;          /* JamfSimDevice, by id */
  GHashTable  *by_management_id; /* -> JamfSimDevice */
  GHashTable  *by_serial;        /* -> JamfSimDevice */
  GPtrArray   *clients;          /* JamfSimClient */
  GHashTable  *tokens;           /* token -> JamfSimToken */
  GPtrArray   *commands;         /* JamfSimCommand, in order */
  GHashTable  *by_uuid;          /* -> JamfSimCommand */
  GHashTable  *device_commands;  /* JamfSimDevice -> GPtrArray of commands */
  GPtrArray   *faults;           /* JamfSimFault */
  GQueue       log;              /* JamfSimLogEntry */

  GHashTable  *assignments;      /* EID -> ICCID */
  char        *assignments_path;
  goffset      assignments_read;
  GString     *assignments_partial;

  guint        token_seconds;
  guint        max_page_size;
  gint64       ack_delay_us;
  gint64       inventory_delay_us;
  guint        latency_ms;
  guint        retry_after;
  GHashTable  *delayed;          /* paused answers -> source id */

  /* Counters of /_sim/stats */
  guint64      n_requests;
  guint64      n_token_requests;
  guint64      n_tokens_issued;
  guint64      n_device_requests;
  guint64      n_push_requests;
  guint64      n_commands_created;
  guint64      n_command_requests;
  guint64      n_unauthorized;
  guint64      n_expired_tokens;
  guint64      n_forbidden;
  guint64      n_throttled;
  guint64      n_server_errors;
  guint        in_flight;
  guint        max_in_flight;
  guint64      n_over_limit;
};

/* jamf-sim-server.c */
void      _jamf_sim_log_entry_free     (gpointer           data);
void      _jamf_sim_respond_json       (SoupServerMessage *msg,
                                        guint              status,
                                        JsonNode          *root);
void      _jamf_sim_respond_error      (SoupServerMessage *msg,
                                        guint              status,
                                        const char        *code,
                                        const char        *description);
void      _jamf_sim_server_read_assignments (JamfSimServer *self);
void      _jamf_sim_server_refresh_device   (JamfSimServer *self,
                                             JamfSimDevice *device,
                                             gint64         now_us);
JsonNode *_jamf_sim_server_stats_json  (JamfSimServer     *self);
JsonNode *_jamf_sim_fault_to_json      (JamfSimFault      *fault);
JamfSimFault *_jamf_sim_fault_from_json (JsonNode         *node,
                                         GError          **error);
void      _jamf_sim_server_add_fault   (JamfSimServer     *self,
                                        JamfSimFault      *fault);

/* jamf-sim-server-api.c */
void      _jamf_sim_server_handle_token    (JamfSimServer     *self,
                                            SoupServerMessage *msg);
void      _jamf_sim_server_handle_devices  (JamfSimServer     *self,
                                            SoupServerMessage *msg,
                                            JamfSimLogEntry   *entry);
void      _jamf_sim_server_handle_push     (JamfSimServer     *self,
                                            SoupServerMessage *msg,
                                            JamfSimLogEntry   *entry);
void      _jamf_sim_server_handle_commands (JamfSimServer     *self,
                                            SoupServerMessage *msg,
                                            JamfSimLogEntry   *entry);

/* jamf-sim-server-control.c */
void      _jamf_sim_server_handle_control  (JamfSimServer     *self,
                                            SoupServerMessage *msg,
                                            const char        *path);

G_END_DECLS
