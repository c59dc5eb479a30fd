/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-device-list.h"
#include "eo-history.h"
#include "eo-upload-record.h"
#include "eo-test-sim.h"
#include "eo-test-util.h"

G_BEGIN_DECLS

#define DEMO_CUSTOMER "demo"
#define DEMO_KEY      "demo-key"

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
