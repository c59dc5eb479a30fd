/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-device-list.h"
#include "eo-history.h"
#include "eo-upload-record.h"
#include "eo-test-sim.h"
#include "eo-test-util.h"

G_BEGIN_DECLS

/* Helpers of the tests of the CSO client, poller and upload job. */

/* A client of @url with short timeouts and fast retries. */
EoClient       *eo_test_make_client          (const char          *url,
                                              const char          *customer,
                                              const char          *key);

/* Collects a GAsyncResult. */
typedef struct
{
  GAsyncResult *result;
  gboolean      done;
} EoTestAsync;

void            eo_test_async_cb             (GObject             *source,
                                              GAsyncResult        *result,
                                              gpointer             user_data);
void            eo_test_async_clear          (EoTestAsync         *wait);

/* Sync wrappers over the async API (run the main context). */
gboolean        eo_test_upload_sync          (EoClient            *client,
                                              const char          *csv,
                                              char               **request_id,
                                              char               **server_url,
                                              GError             **error);
GPtrArray      *eo_test_status_sync          (EoClient            *client,
                                              const char          *request_id,
                                              GError             **error);
gboolean        eo_test_connection_sync      (EoClient            *client,
                                              GError             **error);

/* CSV with @n valid rows (EIDs from @first), header EID,Name[,ICCID]. */
char           *eo_test_make_csv             (guint                first,
                                              guint                n,
                                              gboolean             with_iccid);

/* A record (SENDING) of the rows of @csv, and the normalized CSV to send. */
EoUploadRecord *eo_test_make_sending_record  (const char          *server,
                                              const char          *csv,
                                              GBytes             **normalized);
/* The same for @n rows (EIDs from @first), sent to @sim (demo account)
 * and saved in the default history: ACCEPTED, recorded against @server
 * (NULL: @sim's own address; another one: an earlier run's), made in demo
 * mode if @demo. For the tests of picking uploads up again. */
EoUploadRecord *eo_test_save_accepted_record (EoTestSim           *sim,
                                              const char          *server,
                                              guint                first,
                                              guint                n,
                                              gboolean             demo);
/* A record of @n rows (EIDs from @first) on @server whose outcome is
 * unknown ("The connection was lost"), saved in the default history. */
EoUploadRecord *eo_test_save_outcome_unknown_record (const char   *server,
                                                     guint         first,
                                                     guint         n,
                                                     gboolean      demo);
/* A fresh EoHistory loaded from @dir (asserts the load works). */
EoHistory      *eo_test_load_history         (const char          *dir);

/* Counts the files renamed into @dir (each atomic write is one). */
typedef struct
{
  GFileMonitor *monitor;
  guint         n_writes;
} EoTestWriteCounter;

void            eo_test_write_counter_start  (EoTestWriteCounter  *counter,
                                              const char          *dir);
void            eo_test_write_counter_stop   (EoTestWriteCounter  *counter);

G_END_DECLS
