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

G_END_DECLS
