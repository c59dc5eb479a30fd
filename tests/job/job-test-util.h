/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-device-list.h"
#include "eo-history.h"
#include "eo-upload-record.h"

G_BEGIN_DECLS

#define DEMO_CUSTOMER "demo"
#define DEMO_KEY      "demo-key"

/* A running cso-simulator process. */
typedef struct
{
  GSubprocess *process;
  char        *url;      /* http://127.0.0.1:PORT */
  SoupSession *control;  /* for /_sim/ endpoints */
} JobSim;

/* g_test_init with isolated dirs (and a proxy resolver that works there). */
void            job_test_init      (int                 *argc,
                                    char              ***argv);

/* $EO_SIMULATOR --port 0 --demo --quiet plus @extra_args (NULL-terminated). */
JobSim         *job_sim_start      (const char * const  *extra_args);
void            job_sim_stop       (JobSim              *sim);
gint64          job_sim_stat       (JobSim              *sim,
                                    const char          *name);

/* A valid EID made from @n (MOD 97 check digits). */
char           *job_make_eid       (guint                n);
/* CSV "EID,Name" with @n valid rows (EIDs from @first). */
char           *job_make_csv       (guint                first,
                                    guint                n);

EoClient       *job_make_client    (const char          *url,
                                    const char          *key);
/* A record (SENDING) of the rows of @csv, and the normalized CSV to send. */
EoUploadRecord *job_make_record    (const char          *server,
                                    const char          *csv,
                                    GBytes             **normalized);

/* A fresh EoHistory loaded from @dir (asserts the load works). */
EoHistory      *job_load_history   (const char          *dir);

/* Runs the default main context until *@flag or @timeout_ms passed (then
 * fails the test). */
void            job_run_until      (gboolean            *flag,
                                    guint                timeout_ms);
void            job_run_for        (guint                ms);

/* Counts the files renamed into @dir (each atomic write is one). */
typedef struct
{
  GFileMonitor *monitor;
  guint         n_writes;
} JobWriteCounter;

void            job_write_counter_start (JobWriteCounter *counter,
                                         const char      *dir);
void            job_write_counter_stop  (JobWriteCounter *counter);

G_END_DECLS
