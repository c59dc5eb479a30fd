/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cso-sim-server.h"
#include "cso-sim-upload.h"

G_BEGIN_DECLS

/* What the files of CsoSimServer share:
 *   cso-sim-server.c          the object, the processing queue, dispatch
 *   cso-sim-server-api.c      the API: accounts and keys, upload, status
 *   cso-sim-server-faults.c   injected faults: answers replaced or rewritten
 *   cso-sim-server-control.c  the /_sim/ control endpoints */

#define CSO_SIM_CONTROL_PREFIX "/_sim/"

/* libsoup 3.2 has no name for it. */
#define CSO_SIM_STATUS_TOO_MANY_REQUESTS 429

/* One API request as /_sim/requests reports it. Never holds the key. */
typedef struct
{
  gint64  time_us;
  char   *method;
  char   *path;
  char   *query;
  gboolean has_api_key;
  guint   status;      /* 0: no answer (drop, hang) */
  char   *fault;       /* name of the injected fault, if any */
  char   *request_id;  /* id of an accepted upload */
} LogEntry;

/* A queued device row. */
typedef struct
{
  CsoSimUpload *upload;
  guint         row;
} QueueItem;

/* A "slow" answer waiting to be sent. */
typedef struct
{
  CsoSimServer      *server;
  SoupServerMessage *msg;
  guint              source;
} SlowAnswer;

struct _CsoSimServer
{
  GObject             parent_instance;

  SoupServer         *soup;
  char               *url;

  GPtrArray          *accounts;
  GHashTable         *uploads;      /* request_id -> CsoSimUpload */
  GQueue              queue;        /* QueueItem */
  guint               process_source;
  GPtrArray          *faults;       /* CsoSimFault */
  GQueue              log;          /* LogEntry (rc box) */
  GHashTable         *slow_answers; /* SlowAnswer set */

  guint               row_delay_ms;
  /* Below a millisecond (--row-delay-us): rows are processed on a 1 ms
   * tick, as many as are due, so that the pace holds on average. */
  guint               row_delay_us;
  gint64              next_row_due_us;
  CsoSimPendingStyle  pending_style;
  guint               retry_after;
  guint               slow_ms;
  char               *redirect_to;
  gboolean            quiet;
  /* --assignments: "EID,ICCID" appended per eSIM assigned, for the
   * Jamf simulator of the demo. */
  FILE               *assignments;

  guint64             n_requests;
  guint64             n_uploads;
  guint64             n_accepted_uploads;
  guint64             n_status_requests;
  guint64             n_rows_processed;
  guint64             n_faults_applied;
  gint64              busy_since_us;  /* 0 while the queue is empty */
  gint64              processing_us;  /* total of finished busy spells */
};

/* cso-sim-server.c */
void      _cso_sim_respond_json            (SoupServerMessage *msg,
                                            guint              status,
                                            JsonNode          *root);
void      _cso_sim_respond_envelope        (SoupServerMessage *msg,
                                            guint              status,
                                            JsonNode          *data,
                                            const char        *error);
void      _cso_sim_respond_error           (SoupServerMessage *msg,
                                            guint              status,
                                            const char        *error);
void      _cso_sim_respond_control_error   (SoupServerMessage *msg,
                                            guint              status,
                                            const char        *error);
void      _cso_sim_log_entry_unref         (gpointer           data);
gint64    _cso_sim_server_processing_ms    (CsoSimServer      *self);
void      _cso_sim_server_enqueue_upload   (CsoSimServer      *self,
                                            CsoSimUpload      *upload);

/* cso-sim-server-api.c */
void      _cso_sim_server_handle_upload    (CsoSimServer      *self,
                                            SoupServerMessage *msg,
                                            GHashTable        *query,
                                            LogEntry          *entry);
void      _cso_sim_server_handle_status    (CsoSimServer      *self,
                                            SoupServerMessage *msg,
                                            GHashTable        *query,
                                            gboolean           contradictory,
                                            gboolean           absent);

/* cso-sim-server-faults.c */
gboolean  _cso_sim_server_take_fault       (CsoSimServer      *self,
                                            CsoSimEndpoint     endpoint,
                                            CsoSimFaultKind   *kind);
void      _cso_sim_server_respond_fault    (CsoSimServer      *self,
                                            SoupServerMessage *msg,
                                            CsoSimFaultKind    kind);
void      _cso_sim_server_rewrite_answer   (CsoSimServer      *self,
                                            SoupServerMessage *msg,
                                            CsoSimFaultKind    kind);
void      _cso_sim_server_delay_answer     (CsoSimServer      *self,
                                            SoupServerMessage *msg);
void      _cso_sim_server_drop_connection  (SoupServerMessage *msg);

/* cso-sim-server-control.c */
void      _cso_sim_server_handle_control   (CsoSimServer      *self,
                                            SoupServerMessage *msg,
                                            const char        *path);

G_END_DECLS
