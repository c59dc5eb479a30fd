/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_test_init with isolated dirs, and a proxy resolver that works there:
 * GIO's default one (glib-networking's GNOME resolver) aborts when no
 * GSettings schemas are found, as in the isolated dirs. Loopback needs
 * no proxy. */
void eo_test_init      (int        *argc,
                        char     ***argv);

/* Runs the default main context until *@flag or @timeout_ms passed (then
 * fails the test). */
void eo_test_run_until (gboolean   *flag,
                        guint       timeout_ms);
/* Runs the default main context for @ms. */
void eo_test_run_for   (guint       ms);

/* "http://127.0.0.1:PORT" with a port nothing listens on (taken by
 * binding and closing a socket, not assumed closed). */
char *eo_test_dup_closed_port_url (void);

G_END_DECLS
