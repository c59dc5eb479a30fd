/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Name of the libsecret schema (what Seahorse shows as the item's kind). */
#define EO_SECRET_SCHEMA_NAME "io.github.esimonboard.EsimOnboard.ApiKey"

/* How long a keyring call may take before it fails with
 * EO_ERROR_KEYRING_TIMEOUT. */
#define EO_SECRET_STORE_DEFAULT_TIMEOUT_MS 10000

/**
 * EoSecretStore:
 * The API key of one customer on one server, kept in the Secret Service
 * (GNOME Keyring, KeePassXC…; in a Flatpak, libsecret goes through the
 * Secret portal by itself).
 *
 * Every call is asynchronous, can be cancelled, and fails after the
 * store's time limit with EO_ERROR_KEYRING_TIMEOUT. Failures are mapped to
 * EO_ERROR_KEYRING_UNAVAILABLE (no Secret Service), EO_ERROR_KEYRING_LOCKED
 * (locked keyring, dismissed prompt) or EO_ERROR_KEYRING_TIMEOUT; a
 * cancelled call gives G_IO_ERROR_CANCELLED. The key never appears in a
 * log or an error message.
 *
 * Items are found by the attributes "server" (the base URL without
 * trailing slashes: "https://cso.celona.io/" and "https://cso.celona.io"
 * are the same) and "customer".
 */
#define EO_TYPE_SECRET_STORE (eo_secret_store_get_type ())
G_DECLARE_FINAL_TYPE (EoSecretStore, eo_secret_store, EO, SECRET_STORE, GObject)

EoSecretStore *eo_secret_store_new           (void);
/* 0 restores EO_SECRET_STORE_DEFAULT_TIMEOUT_MS. Applies to later calls. */
void           eo_secret_store_set_timeout   (EoSecretStore        *self,
                                              guint                 timeout_ms);
guint          eo_secret_store_get_timeout   (EoSecretStore        *self);

/* The key of @customer on @server. The result is NULL without error when
 * no key is stored; otherwise free it with eo_secret_free(). */
void           eo_secret_store_lookup_async  (EoSecretStore        *self,
                                              const char           *server,
                                              const char           *customer,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
char          *eo_secret_store_lookup_finish (EoSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Stores (or replaces) the key of @customer on @server in the default
 * collection. @api_key is copied; the caller still wipes its own copy. */
void           eo_secret_store_store_async   (EoSecretStore        *self,
                                              const char           *server,
                                              const char           *customer,
                                              const char           *api_key,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       eo_secret_store_store_finish  (EoSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Removes the key of @customer on @server. TRUE also when there was none. */
void           eo_secret_store_clear_async   (EoSecretStore        *self,
                                              const char           *server,
                                              const char           *customer,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       eo_secret_store_clear_finish  (EoSecretStore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);

/* Server attribute used for @server_url (trailing slashes removed). */
char          *eo_secret_store_normalize_server (const char        *server_url);

/* Zeroes a secret string, then frees it. NULL is allowed. */
void           eo_secret_free                (char                 *secret);
/* Zeroes a secret string in place (keeps the allocation). */
void           eo_secret_wipe                (char                 *secret);

/* For g_autoptr(EoSecret): a char * freed with eo_secret_free(). */
typedef char EoSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoSecret, eo_secret_free)

G_END_DECLS
