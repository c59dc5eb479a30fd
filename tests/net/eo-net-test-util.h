/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"

G_BEGIN_DECLS

#define DEMO_CUSTOMER "demo"
#define DEMO_KEY      "demo-key"

/* A running cso-simulator process. */
typedef struct
{
  GSubprocess *process;
  char        *url;      /* e.g. http://127.0.0.1:PORT */
  SoupSession *control;  /* for /_sim/ endpoints */
} Sim;

/* g_test_init with isolated dirs, and a proxy resolver that works there. */
void        net_test_init        (int          *argc,
                                  char       ***argv);

/* Starts $EO_SIMULATOR --port 0 --demo --quiet plus @extra_args (NULL-terminated). */
Sim        *sim_start            (const char * const *extra_args);
void        sim_stop             (Sim          *sim);
/* GET a control endpoint ("stats", "requests"), returns the root object (owned
 * by *parser_out). */
JsonObject *sim_get              (Sim          *sim,
                                  const char   *what,
                                  JsonParser  **parser_out);
gint64      sim_stat             (Sim          *sim,
                                  const char   *name);
void        sim_add_fault        (Sim          *sim,
                                  const char   *endpoint,
                                  const char   *kind,
                                  int           count);
void        sim_clear_faults     (Sim          *sim);
/* time_us of the main API requests logged, in order, for one path suffix
 * ("eid-status" or "assign-eid"). */
GArray     *sim_request_times    (Sim          *sim,
                                  const char   *path_suffix);

/* A valid EID made from @n (MOD 97 check digits). */
char       *make_eid             (guint         n);
/* A valid 19-digit ICCID of the demo pool (serial @serial, from 1). */
char       *make_demo_iccid      (guint         serial);

EoClient   *make_client          (const char   *url,
                                  const char   *customer,
                                  const char   *key);

/* Runs the default main context until *@flag or @timeout_ms passed
 * (then fails the test). */
void        run_until            (gboolean     *flag,
                                  guint         timeout_ms);
/* Runs the default main context for @ms. */
void        run_for              (guint         ms);

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
