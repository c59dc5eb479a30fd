/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "eo-mdm-connector.h"
#include "eo-push-journal.h"

G_BEGIN_DECLS

#define EO_MDM_FOLLOWER_FIRST_INTERVAL_MS 2000
#define EO_MDM_FOLLOWER_MAX_INTERVAL_MS   30000
#define EO_MDM_FOLLOWER_INVENTORY_MS      (3 * 60 * 1000)

/**
 * EoMdmFollower:
 * Follows the commands of a push journal, as EoPoller follows an upload:
 * reads the states of the commands not final yet (in batches, through the
 * connector), every 2 s at first, backing off to 30 s while nothing
 * changes, back to 2 s when something does; stops when every phone
 * answered. With the inventory followed too, it then re-reads the
 * inventory at a slow pace (and on eo_mdm_follower_check_now()) until the
 * ICCID assigned to each acknowledged phone shows there. States update
 * the journal's entries (in memory); "changed" (GPtrArray *entries: the
 * EoPushEntry that changed, borrowed) is emitted once after each read
 * that changed something, "finished" once (with the error that stopped
 * it, or NULL).
 */
#define EO_TYPE_MDM_FOLLOWER (eo_mdm_follower_get_type ())
G_DECLARE_FINAL_TYPE (EoMdmFollower, eo_mdm_follower, EO, MDM_FOLLOWER, GObject)

EoMdmFollower *eo_mdm_follower_new            (EoMdmConnector *connector,
                                               EoPushJournal  *journal);
void           eo_mdm_follower_set_intervals  (EoMdmFollower  *self,
                                               guint           first_ms,
                                               guint           max_ms);
/* Follow until each acknowledged phone shows its eSIM in inventory,
 * re-read every @interval_ms (0: the default). */
void           eo_mdm_follower_set_inventory  (EoMdmFollower  *self,
                                               gboolean        follow,
                                               guint           interval_ms);
/* One read of the states (and of the inventory, when followed), then
 * "finished": for a status shown once. */
void           eo_mdm_follower_set_once       (EoMdmFollower  *self,
                                               gboolean        once);
void           eo_mdm_follower_start          (EoMdmFollower  *self);
void           eo_mdm_follower_stop           (EoMdmFollower  *self);
/* The next read now (and the inventory's, when it is followed). */
void           eo_mdm_follower_check_now      (EoMdmFollower  *self);
gboolean       eo_mdm_follower_is_finished    (EoMdmFollower  *self);
const GError  *eo_mdm_follower_get_error      (EoMdmFollower  *self);
/* Entries sent, by state, and of the acknowledged ones how many show
 * their eSIM in inventory. */
guint          eo_mdm_follower_count          (EoMdmFollower  *self,
                                               EoMdmCommandState state);
guint          eo_mdm_follower_count_installed (EoMdmFollower *self);
guint          eo_mdm_follower_get_n_reads    (EoMdmFollower  *self);

G_END_DECLS
