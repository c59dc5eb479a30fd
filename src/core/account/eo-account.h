/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* GSettings schema holding the account (keys "server-url", "customer-id"). */
#define EO_ACCOUNT_SCHEMA_ID      "io.github.esimonboard.EsimOnboard"
#define EO_ACCOUNT_DEFAULT_SERVER "https://cso.celona.io"

/**
 * EoAccount:
 * Where to upload: the CSO server URL and the customer ID. Never the key
 * (see EoSecretStore).
 *
 * Backed by GSettings when the schema is installed (looked up first, so a
 * missing schema never aborts); otherwise the values live in memory only,
 * starting from the defaults (server EO_ACCOUNT_DEFAULT_SERVER, no
 * customer), and eo_account_is_persistent() returns FALSE.
 *
 * Properties (notified, also when GSettings changes behind our back):
 * "server-url", "customer-id" (strings, never NULL, "" when unset),
 * "persistent" (read-only).
 */
#define EO_TYPE_ACCOUNT (eo_account_get_type ())
G_DECLARE_FINAL_TYPE (EoAccount, eo_account, EO, ACCOUNT, GObject)

/* Uses the default schema source (GSETTINGS_SCHEMA_DIR, XDG_DATA_DIRS). */
EoAccount   *eo_account_new                   (void);
/* Uses @source (NULL: no schema, in-memory only). For tests and for
 * callers that ship their own compiled schemas. */
EoAccount   *eo_account_new_for_schema_source (GSettingsSchemaSource *source);

gboolean     eo_account_is_persistent         (EoAccount   *self);
/* The GSettings behind the account, or NULL when in memory only. */
GSettings   *eo_account_get_settings          (EoAccount   *self);

const char  *eo_account_get_server_url        (EoAccount   *self);
/* NULL or "" restores the default server. Stored trimmed. */
void         eo_account_set_server_url        (EoAccount   *self,
                                               const char  *server_url);
const char  *eo_account_get_customer_id       (EoAccount   *self);
/* NULL clears it. Stored trimmed. */
void         eo_account_set_customer_id       (EoAccount   *self,
                                               const char  *customer_id);
/* TRUE when a customer ID is set. */
gboolean     eo_account_has_customer_id       (EoAccount   *self);

G_END_DECLS
