/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* TRUE when @eid is exactly 32 ASCII digits whose value is 1 modulo 97
 * (ISO 7064 MOD 97-10, check digits in 02..98). */
gboolean  cso_sim_eid_is_valid     (const char *eid);
/* The Luhn check digit ('0'..'9') for the @len digits of @digits. */
char      cso_sim_luhn_digit       (const char *digits,
                                    gsize       len);
/* TRUE when @a and @b are equal, in a time that does not depend on where
 * they differ. Either may be NULL (then FALSE). */
gboolean  cso_sim_secret_equal     (const char *a,
                                    const char *b);
/* Serialise @node (transfer full) to a compact JSON string. */
char     *cso_sim_json_to_string   (JsonNode   *node);

/* Listens on @host (a loopback address) and @port (0: any free port),
 * HTTPS when @certificate is given; *@url becomes "http://HOST:PORT". */
gboolean  cso_sim_listen_loopback  (SoupServer      *soup,
                                    const char      *host,
                                    guint            port,
                                    GTlsCertificate *certificate,
                                    char           **url,
                                    GError         **error);

G_END_DECLS
