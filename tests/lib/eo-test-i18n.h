/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-test-util.h"

G_BEGIN_DECLS

/* Helpers of the translation tests. */

/* The languages of po/LINGUAS. */
GStrv eo_test_read_linguas     (void);
/* Compiles po/LL.po of each language into a new locale directory
 * (DIR/LL/LC_MESSAGES/esim-onboard.mo) and returns DIR. */
char *eo_test_compile_catalogs (void);

/* The UTF-8 locale that gettext needs for language @lang ("de" →
 * "de_DE.UTF-8"): glibc ignores LANGUAGE in the C and C.UTF-8 locales
 * (since 2.35 upstream, so on Debian 13). build-aux/install-deps.sh
 * generates those of po/LINGUAS. NULL for another language. */
const char *eo_test_locale_of           (const char *lang);
/* Sets LC_MESSAGES (only: numbers and dates stay C.UTF-8) to the locale
 * of @lang; fails the test, saying what to install, if it is missing. */
void        eo_test_set_messages_locale (const char *lang);

G_END_DECLS
