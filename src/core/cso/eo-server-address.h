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

G_END_DECLS
