/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one place where a CSO server address is checked and put in its
 * canonical form: trimmed, without trailing slashes, scheme and host as
 * GUri writes them. Only https:// is accepted, or http:// for this
 * computer (127.0.0.0/8, ::1, localhost); no user name, query or
 * fragment. NULL and EO_ERROR_INVALID_SERVER otherwise. */
char *eo_server_address_normalize (const char  *text,
                                   GError     **error);

/* For keys and comparisons (the keyring's attribute, the demo server): the
 * canonical form when @text is valid, else @text trimmed of spaces and
 * trailing slashes. */
char *eo_server_address_key       (const char  *text);

/* The one check of an SM-DP+ address as a server hands it out, before it
 * is handed on (QR code, MDM hand-off, export): "https://", a valid DNS
 * host name or IPv4 address, an optional port, at most a final "/", and
 * nothing else (no path, query, user name, space, "$", control
 * character). Returns the host in lower case without a trailing dot
 * ("https://SM.Example.com:443/" -> "sm.example.com"), or NULL with
 * EO_ERROR_INVALID_SERVER saying why. */
char *eo_smdp_address_check       (const char  *server_url,
                                   GError     **error);

G_END_DECLS
