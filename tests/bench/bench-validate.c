/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-bench-validate"

#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "eo-device-list.h"
#include "eo-identifiers.h"

/* Generates N valid device rows (32-digit EID, "device-0000123", valid
 * 19-digit ICCID), writes them to a file, then times reading + parsing +
 * checking that file with eo_device_list_load(), as the app and the CLI
 * do. With --output the file is kept so that `esim-onboard-cli validate`
 * can be timed on it too. */

static void
generate (FILE  *out,
          guint  n_rows)
{
  char eid[EO_EID_LENGTH + 1];
  char iccid[20];

  fputs ("EID,Name,ICCID\n", out);

  for (guint i = 0; i < n_rows; i++)
    {
      guint check;

      /* 18 fixed digits + 12 digits of the row number + 2 check digits. */
      g_snprintf (eid, sizeof eid, "890490321234512345%012u", i);
      check = eo_eid_compute_check (eid);
      eid[30] = (char) ('0' + check / 10);
      eid[31] = (char) ('0' + check % 10);
      eid[32] = '\0';

      /* "8910042" + 11 digits of the row number + Luhn digit: 19 digits. */
      g_snprintf (iccid, sizeof iccid, "8910042%011u", i);
      iccid[18] = (char) ('0' + eo_luhn_compute_check (iccid, 18));
      iccid[19] = '\0';

      fprintf (out, "%s,device-%07u,%s\n", eid, i, iccid);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *output = NULL;
  g_autofree char *input = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *path = NULL;
  gint64 n_rows = 1000000;
  gboolean generate_only = FALSE;
  int repeat = 1;
  double best = G_MAXDOUBLE;
  FILE *out;
  GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT64, &n_rows, "Number of rows (default 1000000)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the generated file here and keep it", "PATH" },
    { "generate-only", 'g', 0, G_OPTION_ARG_NONE, &generate_only, "Only write the file (needs --output)", NULL },
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &input, "Do not generate: time loading this file", "PATH" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, "Time the load this many times, report the best (default 1)", "K" },
    { NULL }
  };

  context = g_option_context_new ("- time parsing and checking a device list");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_rows < 1 || n_rows > G_MAXUINT32 / 2 || repeat < 1 || (generate_only && output == NULL))
    {
      g_printerr ("Bad options: --rows must be >= 1, --repeat >= 1, --generate-only needs --output\n");
      return 2;
    }

  if (input != NULL)
    path = g_strdup (input);
  else if (output != NULL)
    path = g_strdup (output);
  else
    {
      tmpdir = g_dir_make_tmp ("eo-bench-XXXXXX", &error);
      if (tmpdir == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      path = g_build_filename (tmpdir, "devices.csv", NULL);
    }

  if (input == NULL)
    {
      out = g_fopen (path, "w");
      if (out == NULL)
        {
          g_printerr ("Cannot write %s\n", path);
          return 1;
        }
      setvbuf (out, NULL, _IOFBF, 1 << 20);
      generate (out, (guint) n_rows);
      if (fclose (out) != 0)
        {
          g_printerr ("Cannot write %s\n", path);
          return 1;
        }
    }

  if (generate_only)
    return 0;

  file = g_file_new_for_path (path);

  for (int k = 0; k < repeat; k++)
    {
      gint64 start;
      double seconds;

      g_clear_object (&list);
      start = g_get_monotonic_time ();
      list = eo_device_list_load (file, NULL, &error);
      seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
      if (list == NULL)
        {
          g_printerr ("Load failed: %s\n", error->message);
          return 1;
        }
      best = MIN (best, seconds);
    }

  {
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
    goffset size = info ? g_file_info_get_size (info) : 0;

    g_print ("rows: %u (valid %u, errors %u, warnings %u)\n",
             eo_device_list_get_n_rows (list), eo_device_list_get_n_valid (list),
             eo_device_list_get_n_errors (list), eo_device_list_get_n_warnings (list));
    g_print ("file: %s, %.1f MB\n", path, (double) size / 1e6);
    g_print ("read+parse+check: %.3f s (best of %d), %.0f MB/s\n",
             best, repeat, (double) size / 1e6 / best);
  }

  if (input == NULL && eo_device_list_get_n_valid (list) != (guint) n_rows)
    {
      g_printerr ("Expected every generated row to be valid\n");
      return 1;
    }

  if (input == NULL && output == NULL)
    {
      g_unlink (path);
      g_rmdir (tmpdir);
    }

  return 0;
}
