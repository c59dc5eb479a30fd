/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "esim-onboard"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#ifdef HAVE_MALLOC_TRIM
# include <malloc.h>
#endif

#include "eo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EoApplication) app = NULL;
  const char *localedir;

#if defined (HAVE_MALLOC_TRIM) && defined (M_MMAP_THRESHOLD)
  /* glibc's default threshold (128 KiB), kept fixed: blocks from there on
   * are mapped on their own and handed back when freed. Left to itself it
   * rises to the size of each such block freed (up to 32 MiB), so that
   * after the GL renderer's first large buffers or the first status
   * answer for 100,000 devices (17 MB) the next ones came from the heap,
   * whose freed space stayed resident: with 100,000 devices and the GL
   * renderer the RSS rose with every answer, to 337-362 MB (314 with
   * this, falling back after each answer). */
  mallopt (M_MMAP_THRESHOLD, 128 * 1024);
#endif

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
