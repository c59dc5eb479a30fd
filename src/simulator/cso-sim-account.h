/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cso-sim-csv.h"

G_BEGIN_DECLS

#define CSO_SIM_DEFAULT_SERVER_URL "https://sm-cso-sim.example"

#define CSO_SIM_TYPE_ACCOUNT (cso_sim_account_get_type ())
G_DECLARE_FINAL_TYPE (CsoSimAccount, cso_sim_account, CSO_SIM, ACCOUNT, GObject)

/* A CSO account: its customer id, its API key and its pool of eSIMs, made of
 * @pool_size 19-digit ICCIDs built from @pool_prefix (digits, starting with
 * 89) and a serial number, with a Luhn check digit. */
CsoSimAccount *cso_sim_account_new             (const char     *customer_id,
                                                const char     *api_key,
                                                const char     *pool_prefix,
                                                guint           pool_size,
                                                const char     *server_url,
                                                GError        **error);
/* The built-in demo account: customer "demo", key "demo-key", 5000 eSIMs. */
CsoSimAccount *cso_sim_account_new_demo        (void);
/* Accounts from a JSON file:
 * {"accounts":[{"customer_id":…,"api_key":…,"pool_size":N,"pool_prefix":…,
 *               "server_url":… (optional)}]}
 * Returns a GPtrArray of CsoSimAccount. Error messages never quote a key. */
GPtrArray     *cso_sim_account_load_file       (const char     *path,
                                                GError        **error);

const char    *cso_sim_account_get_customer_id (CsoSimAccount  *self);
const char    *cso_sim_account_get_server_url  (CsoSimAccount  *self);
gboolean       cso_sim_account_check_key       (CsoSimAccount  *self,
                                                const char     *api_key);
gboolean       cso_sim_account_same_key        (CsoSimAccount  *self,
                                                CsoSimAccount  *other);
guint          cso_sim_account_get_pool_size   (CsoSimAccount  *self);
guint          cso_sim_account_get_pool_free   (CsoSimAccount  *self);
const char    *cso_sim_account_get_pool_iccid  (CsoSimAccount  *self,
                                                guint           index);
/* Decide the outcome of one device row and bind its eSIM on success. */
void           cso_sim_account_process_row     (CsoSimAccount  *self,
                                                CsoSimRow      *row);

G_END_DECLS
