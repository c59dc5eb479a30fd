/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-poller.h"

G_BEGIN_DECLS

/* For tests: merges @configs (EoRemoteConfig, taken) as if a status read
 * had answered them, through the same sliced work as a real answer; the
 * poller must be running and have no read in flight. "updated" tells when
 * it is done. */
void eo_poller_merge_answer (EoPoller  *self,
                             GPtrArray *configs);

/* For tests: whether the devices given are all indexed (the first reads
 * wait for that). */
gboolean eo_poller_is_indexed (EoPoller *self);

G_END_DECLS
