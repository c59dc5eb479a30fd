/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-client.h"
#include "eo-device.h"

G_BEGIN_DECLS

#define EO_POLLER_DEFAULT_FIRST_MS 2000
#define EO_POLLER_DEFAULT_MAX_MS   30000

/**
 * EoPoller:
 * Reads the status of one upload until every device is final.
 *
 * Signals:
 * - "updated" (void): after each status answer was merged into the devices.
 * - "finished" (void): every device is final; polling stopped.
 * - "failed" (GError *): a read failed for good (after the client's own
 *   retries, or a non-transient error such as a refused key); polling
 *   stopped. eo_poller_start() may be called again to resume.
 *
 * Properties (read-only, notified): n-total, n-success, n-failed,
 * n-pending, n-requests (HTTP requests made, retries included), running.
 */
#define EO_TYPE_POLLER (eo_poller_get_type ())
G_DECLARE_FINAL_TYPE (EoPoller, eo_poller, EO, POLLER, GObject)

EoPoller    *eo_poller_new             (EoClient   *client,
                                        const char *request_id);
const char  *eo_poller_get_request_id  (EoPoller   *self);
/* A model of EoDevice (the uploaded rows). Devices are matched by EID;
 * devices not (yet) in the answer stay PENDING; devices with severity
 * EO_SEVERITY_ERROR were not uploaded and are left alone. Without a model,
 * the poller makes one EoDevice per config it receives and finishes when
 * all the configs seen are final (it cannot know of rows the server does
 * not list yet). Call before start. */
void         eo_poller_set_devices     (EoPoller   *self,
                                        GListModel *devices);
/* The model given, or the one the poller built (never NULL). */
GListModel  *eo_poller_get_devices     (EoPoller   *self);
/* First read after @first_ms, then ×1.5 per read up to @max_ms. */
void         eo_poller_set_intervals   (EoPoller   *self,
                                        guint       first_ms,
                                        guint       max_ms);
void         eo_poller_start           (EoPoller   *self);
/* Reads now instead of at the next interval (a running poller whose read
 * is not already on its way or being merged); the backoff goes on from
 * there. FALSE when nothing was changed. */
gboolean     eo_poller_read_now        (EoPoller   *self);
/* Stops polling (the devices keep their last state). No signal. */
void         eo_poller_cancel          (EoPoller   *self);

gboolean     eo_poller_get_running     (EoPoller   *self);
guint        eo_poller_get_n_total     (EoPoller   *self);
guint        eo_poller_get_n_success   (EoPoller   *self);
guint        eo_poller_get_n_failed    (EoPoller   *self);
guint        eo_poller_get_n_pending   (EoPoller   *self);
guint        eo_poller_get_n_requests  (EoPoller   *self);

G_END_DECLS
