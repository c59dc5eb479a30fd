/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cso-sim-account.h"
#include "cso-sim-fault.h"

G_BEGIN_DECLS

#define CSO_SIM_UPLOAD_PATH "/v1/api/rsp/esims/assign-eid"
#define CSO_SIM_STATUS_PATH "/v1/api/rsp/esims/eid-status"

typedef enum
{
  CSO_SIM_PENDING_STYLE_PENDING,
  CSO_SIM_PENDING_STYLE_IN_PROGRESS,
  CSO_SIM_PENDING_STYLE_ABSENT,
} CsoSimPendingStyle;

#define CSO_SIM_TYPE_SERVER (cso_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (CsoSimServer, cso_sim_server, CSO_SIM, SERVER, GObject)

CsoSimServer *cso_sim_server_new               (void);
/* Fails when another account has the same customer id or API key. */
gboolean      cso_sim_server_add_account       (CsoSimServer       *self,
                                                CsoSimAccount      *account,
                                                GError            **error);
guint         cso_sim_server_get_n_accounts    (CsoSimServer       *self);
/* Takes ownership of @fault. */
void          cso_sim_server_add_fault         (CsoSimServer       *self,
                                                CsoSimFault        *fault);
void          cso_sim_server_set_row_delay_ms  (CsoSimServer       *self,
                                                guint               row_delay_ms);
/* The same in microseconds (a pace below one row per millisecond). */
void          cso_sim_server_set_row_delay_us  (CsoSimServer       *self,
                                                guint               row_delay_us);
void          cso_sim_server_set_pending_style (CsoSimServer       *self,
                                                CsoSimPendingStyle  style);
void          cso_sim_server_set_retry_after   (CsoSimServer       *self,
                                                guint               seconds);
void          cso_sim_server_set_slow_ms       (CsoSimServer       *self,
                                                guint               slow_ms);
void          cso_sim_server_set_redirect_to   (CsoSimServer       *self,
                                                const char         *url);
/* Appends "EID,ICCID" to @path for each eSIM assigned (the demo's Jamf
 * simulator reads it: jamf-simulator --assignments). */
gboolean      cso_sim_server_set_assignments_file (CsoSimServer    *self,
                                                const char         *path,
                                                GError            **error);
void          cso_sim_server_set_quiet         (CsoSimServer       *self,
                                                gboolean            quiet);
/* Listen on @host (a loopback address) and @port (0: any free port);
 * serve HTTPS when @certificate is given. */
gboolean      cso_sim_server_listen            (CsoSimServer       *self,
                                                const char         *host,
                                                guint               port,
                                                GTlsCertificate    *certificate,
                                                GError            **error);
/* "http://127.0.0.1:PORT" (or https), once listening. */
const char   *cso_sim_server_get_url           (CsoSimServer       *self);

G_END_DECLS
