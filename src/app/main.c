/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "esim-onboard"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "eo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EoApplication) app = NULL;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* Tests run the translations from the build tree. */
  localedir = g_getenv ("ESIM_ONBOARD_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname ("esim-onboard");
  g_set_application_name (_("eSIM Onboard"));

  app = eo_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
