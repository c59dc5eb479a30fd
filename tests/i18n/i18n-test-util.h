/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Helpers shared by the translation tests. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} I18nRun;

char    *i18n_source_path         (const char         *first,
                                   ...) G_GNUC_NULL_TERMINATED;
GStrv    i18n_read_linguas        (void);
void     i18n_run                 (const char * const *argv,
                                   const char * const *env,
                                   I18nRun            *run);
void     i18n_run_clear           (I18nRun            *run);
char    *i18n_compile_catalogs    (void);
void     i18n_remove_tree         (const char         *path);

G_END_DECLS
