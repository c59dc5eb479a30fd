/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-import"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "eo-test-util.h"

/* `esim-onboard-cli validate` (and submit's side of it) on files whose
 * columns are not the usual ones: without a header, chosen with
 * --column, damaged by a spreadsheet. The CLI runs as a process. */

#define EID1 "89049032123451234512345678901235"
#define EID2 "89049032123451234512345678901332"
#define ICCID1 "8910042348144559361"

typedef EoTestRun CliRun;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, eo_test_run_clear)

/* A file of @text in this test's own folder, freed with the test. */
static const char *
write_file (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_cache_dir (), "devices.csv", NULL);

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_test_queue_free (path);
  return path;
}

/* Untranslated messages (stable text to match). */
static void
run_cli_v (CliRun             *run,
           const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *env[] = { "LC_ALL=C.UTF-8", "LANGUAGE", NULL };

  g_ptr_array_add (argv, (gpointer) eo_test_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  eo_test_run (run, (const char * const *) argv->pdata, env, NULL);
  g_test_message ("→ %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

#define run_cli(run, ...) run_cli_v (run, (const char * const[]) { __VA_ARGS__, NULL })

/* A file of `EID,Name` rows without a header is read, and says so. */
static void
test_headerless (void)
{
  const char *path = write_file (EID1 ",Phone 1\n" EID2 ",Phone 2\n");
  g_auto(CliRun) run = { 0 };

  run_cli (&run, "validate", path);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "note: The list has no header line: its first line was read as a device"));
  g_assert_nonnull (strstr (run.out, "2 devices · 0 errors"));
}

/* --column by a header's text and by position, in every role. */
static void
test_column_forms (void)
{
  const char *path = write_file ("Serial,Label,Identifier,SIM\n"
                                 "S1,Phone 1," EID1 "," ICCID1 "\n"
                                 "S2,Phone 2," EID2 ",\n");
  const char *clean = g_build_filename (g_get_user_cache_dir (), "clean.csv", NULL);
  g_auto(CliRun) missing = { 0 };
  g_auto(CliRun) by_name = { 0 };
  g_auto(CliRun) by_position = { 0 };
  g_auto(CliRun) with_iccid = { 0 };
  g_autofree char *written = NULL;

  g_test_queue_free ((gpointer) clean);
  run_cli (&missing, "validate", path);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "--column eid=HEADER|N"));

  run_cli (&by_name, "validate", "--column", "eid=identifier", "--column", "name=Label", path);
  g_assert_cmpint (by_name.status, ==, 0);
  g_assert_nonnull (strstr (by_name.out, "2 devices · 0 errors"));

  run_cli (&by_position, "validate", "--column", "eid=3", "--column", "name=2", path);
  g_assert_cmpint (by_position.status, ==, 0);

  run_cli (&with_iccid, "validate", "--column", "eid=3", "--column", "name=Label", "--column", "iccid=4",
           "--output", clean, path);
  g_assert_cmpint (with_iccid.status, ==, 0);
  g_assert_true (g_file_get_contents (clean, &written, NULL, NULL));
  g_assert_cmpstr (written, ==, "EID,Name,ICCID\n" EID1 ",Phone 1," ICCID1 "\n" EID2 ",Phone 2,\n");
}

/* Wrong --column: the command line (3) or the file (2). */
static void
test_column_errors (void)
{
  static const struct { const char *first; const char *second; int status; const char *says; } cases[] = {
    { "eid=Nope", "name=2", 2, "No column is named “Nope”" },
    { "eid=9", "name=2", 2, "There is no column 9 for the EID: the file has 3 columns." },
    { "eid=3", "name=3", 2, "Column 3 cannot be both the “EID” column and the “Name” column." },
    { "eid=3", "eid=2", 3, "--column eid is given twice." },
    { "eid=3", "EID=Label", 3, "--column eid is given twice." },
    { "serial=1", "name=2", 3, "unknown role “serial”" },
    { "eid", "name=2", 3, "--column wants ROLE=HEADER or ROLE=N" },
    { "eid=0", "name=2", 3, "columns are numbered from 1" },
    { "eid=", "name=2", 3, "needs a header's text or a column number" },
  };
  const char *path = write_file ("Serial,Label,Identifier\nS1,Phone 1," EID1 "\n");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliRun) run = { 0 };

      run_cli (&run, "validate", "--column", cases[i].first, "--column", cases[i].second, path);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].says));
    }

  /* submit checks them the same way, before any server is asked. */
  {
    g_auto(CliRun) usage = { 0 };
    g_auto(CliRun) file = { 0 };

    run_cli (&usage, "submit", "--column", "serial=1", path);
    g_assert_cmpint (usage.status, ==, 3);
    run_cli (&file, "submit", "--column", "eid=Nope", path);
    g_assert_cmpint (file.status, ==, 2);
    g_assert_nonnull (strstr (file.err, "No column is named “Nope”"));
  }
}

/* Damage by a spreadsheet: its own code, counted once (human and JSON). */
static void
test_spreadsheet (void)
{
  const char *path = write_file ("EID;Name\n8.9049E+31;Phone 1\n8,9049e+31;Phone 2\n"
                                 "89049032123451200000000000000000;Phone 3\n" EID1 ";Phone 4\n");
  g_auto(CliRun) human = { 0 };
  g_auto(CliRun) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *damaged;
  JsonArray *problems;

  run_cli (&human, "validate", path);
  g_assert_cmpint (human.status, ==, 1);
  g_assert_nonnull (strstr (human.out, "note: 3 EIDs were damaged by a spreadsheet"));
  g_assert_nonnull (strstr (human.out, ":2: EID: error: This EID was changed by a spreadsheet program"));
  g_assert_null (strstr (human.out, "may contain only digits"));
  g_assert_null (strstr (human.out, "same EID"));

  run_cli (&json, "validate", "--json", path);
  g_assert_cmpint (json.status, ==, 1);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  damaged = json_object_get_object_member (root, "spreadsheet_damaged");
  g_assert_cmpint (json_object_get_int_member (damaged, "eid"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (damaged, "iccid"), ==, 0);
  problems = json_object_get_array_member (root, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, i), "code"),
                     ==, "eid-spreadsheet");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/import/headerless", test_headerless);
  g_test_add_func ("/cli/import/forms", test_column_forms);
  g_test_add_func ("/cli/import/errors", test_column_errors);
  g_test_add_func ("/cli/import/spreadsheet", test_spreadsheet);

  return g_test_run ();
}
