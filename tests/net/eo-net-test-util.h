/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-test-sim.h"
#include "eo-test-util.h"

G_BEGIN_DECLS

#define DEMO_CUSTOMER "demo"
#define DEMO_KEY      "demo-key"

/* Fault injection and the request log of the simulator. */
void        sim_add_fault        (EoTestSim    *sim,
                                  const char   *endpoint,
                                  const char   *kind,
                                  int           count);
void        sim_clear_faults     (EoTestSim    *sim);
/* time_us of the main API requests logged, in order, for one path suffix
 * ("eid-status" or "assign-eid"). */
GArray     *sim_request_times    (EoTestSim    *sim,
                                  const char   *path_suffix);

EoClient   *make_client          (const char   *url,
                                  const char   *customer,
                                  const char   *key);

/* Collects a GAsyncResult. */
typedef struct
{
  GAsyncResult *result;
  gboolean      done;
} AsyncWait;

void        async_wait_cb        (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data);
void        async_wait_clear     (AsyncWait    *wait);

/* Sync wrappers over the async API (run the main context). */
gboolean    upload_sync          (EoClient     *client,
                                  const char   *csv,
                                  char        **request_id,
                                  char        **server_url,
                                  GError      **error);
GPtrArray  *status_sync          (EoClient     *client,
                                  const char   *request_id,
                                  GError      **error);
gboolean    test_connection_sync (EoClient     *client,
                                  GError      **error);

/* CSV with @n valid rows (EIDs from @first), header EID,Name[,ICCID]. */
char       *make_csv             (guint         first,
                                  guint         n,
                                  gboolean      with_iccid);

G_END_DECLS
