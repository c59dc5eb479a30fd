/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-cli-validate"

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "eo-test-util.h"

/* Runs `esim-onboard-cli` ($EO_CLI) as a separate process, the way an
 * admin or a script would, and checks exit status, stdout and stderr. */

/* GLib 2.74 leaks the strings of G_TEST_OPTION_ISOLATE_DIRS at every test
 * (g_set_user_dirs); not ours, and it would fail the sanitizer build.
 * The sanitizers ask for these hooks at start; other builds ignore them.
 * GLib has no frame pointers, so matching a suppression needs the slow
 * unwinder at malloc (ASAN_OPTIONS from the environment still wins). */
/* One run of the CLI (tests/lib's runner), owned. */
typedef EoTestRun RunResult;

static void
run_result_free (RunResult *result)
{
  eo_test_run_clear (result);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunResult, run_result_free)

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "cli", "data", name, NULL);
}

/* @args: NULL-terminated arguments after the program name. Untranslated
 * messages and no thousands grouping: stable text to match. */
static RunResult *
run_cli_v (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *env[] = { "LC_ALL=C.UTF-8", "LANGUAGE", NULL };
  RunResult *result = g_new0 (RunResult, 1);

  g_ptr_array_add (argv, (gpointer) eo_test_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  eo_test_run (result, (const char * const *) argv->pdata, env, NULL);
  return result;
}

#define run_cli(...) run_cli_v ((const char * const[]) { __VA_ARGS__, NULL })

/* The same, with @input on standard input. */
static RunResult *
run_cli_input_v (const char          *input,
                 const char * const  *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *env[] = { "LC_ALL=C.UTF-8", "LANGUAGE", NULL };
  RunResult *result = g_new0 (RunResult, 1);

  g_ptr_array_add (argv, (gpointer) eo_test_cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  eo_test_run (result, (const char * const *) argv->pdata, env, input);
  return result;
}

#define run_cli_input(input, ...) run_cli_input_v (input, (const char * const[]) { __VA_ARGS__, NULL })

static JsonObject *
parse_json_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* Finds a problem in the JSON "problems" array by line and code. */
static JsonObject *
eo_test_find_problem (JsonObject *doc,
              gint64      line,
              const char *code)
{
  JsonArray *problems = json_object_get_array_member (doc, "problems");

  g_assert_nonnull (problems);
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);

      if (json_object_get_int_member (problem, "line") == line &&
          g_strcmp0 (json_object_get_string_member (problem, "code"), code) == 0)
        return problem;
    }
  return NULL;
}

static gboolean
has_line_starting_with (const char *text,
                        const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return TRUE;
  return FALSE;
}

/* ---- exit 0 ------------------------------------------------------- */

static void
test_valid_human (void)
{
  g_autofree char *path = data_path ("valid.csv");
  g_autoptr(RunResult) r = run_cli ("validate", path);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->err, ==, "");
  lines = g_strsplit (r->out, "\n", -1);
  /* Only the summary, then the final newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[0], ==, "3 devices · 0 errors · 0 warnings");
  g_assert_cmpstr (lines[1], ==, "");
}

static void
test_valid_json (void)
{
  g_autofree char *path = data_path ("valid.csv");
  g_autoptr(RunResult) r = run_cli ("validate", "--json", path);
  g_autoptr(JsonObject) doc = NULL;

  g_assert_cmpint (r->status, ==, 0);
  g_assert_cmpstr (r->err, ==, "");
  doc = parse_json_object (r->out);
  g_assert_cmpstr (json_object_get_string_member (doc, "file"), ==, path);
  g_assert_cmpint (json_object_get_int_member (doc, "devices"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (doc, "valid"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (doc, "errors"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (doc, "warnings"), ==, 0);
  g_assert_true (json_object_get_boolean_member (doc, "uploadable"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "unknown_columns")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "problems")), ==, 0);
}

static void
test_warnings (void)
{
  g_autofree char *path = data_path ("warnings.csv");
  g_autoptr(RunResult) r = run_cli ("validate", path);
  g_autoptr(RunResult) rj = run_cli ("validate", "--json", path);
  g_autofree char *prefix = g_strdup_printf ("%s:3: EID: warning: ", path);
  g_autoptr(JsonObject) doc = NULL;
  JsonArray *unknown;
  JsonObject *problem;

  /* Warnings alone do not stop an upload. */
  g_assert_cmpint (r->status, ==, 0);
  g_assert_true (has_line_starting_with (r->out, prefix));
  /* The ignored column is reported as a file-level note. */
  g_assert_nonnull (strstr (r->out, "Serial"));
  g_assert_true (g_str_has_suffix (r->out, "2 devices · 0 errors · 1 warning\n"));

  g_assert_cmpint (rj->status, ==, 0);
  doc = parse_json_object (rj->out);
  g_assert_true (json_object_get_boolean_member (doc, "uploadable"));
  g_assert_cmpint (json_object_get_int_member (doc, "devices"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (doc, "valid"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (doc, "warnings"), ==, 1);
  unknown = json_object_get_array_member (doc, "unknown_columns");
  g_assert_cmpuint (json_array_get_length (unknown), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (unknown, 0), ==, "Serial");
  problem = eo_test_find_problem (doc, 3, "eid-separators");
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (problem, "column"), ==, "eid");
  g_assert_cmpstr (json_object_get_string_member (problem, "message"), !=, "");
}

/* ---- exit 1 ------------------------------------------------------- */

static void
test_errors_human (void)
{
  g_autofree char *path = data_path ("errors.csv");
  g_autoptr(RunResult) r = run_cli ("validate", path);
  g_autofree char *line3 = g_strdup_printf ("%s:3: EID: error: ", path);
  g_autofree char *line5 = g_strdup_printf ("%s:5: EID: error: ", path);
  g_autofree char *line6 = g_strdup_printf ("%s:6: EID: error: ", path);
  g_auto(GStrv) lines = NULL;
  guint last_line = 0;
  guint n_problem_lines = 0;

  g_assert_cmpint (r->status, ==, 1);
  g_assert_cmpstr (r->err, ==, "");
  g_assert_true (has_line_starting_with (r->out, line3));
  g_assert_true (has_line_starting_with (r->out, line5));
  g_assert_true (has_line_starting_with (r->out, line6));
  g_assert_true (g_str_has_suffix (r->out, " devices · 3 errors · 0 warnings\n") ||
                 g_str_has_suffix (r->out, " devices · 4 errors · 0 warnings\n"));

  /* Problems come sorted by line. */
  lines = g_strsplit (r->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *rest;
      guint64 line;
      char *end = NULL;

      if (!g_str_has_prefix (lines[i], path) || lines[i][strlen (path)] != ':')
        continue;
      rest = lines[i] + strlen (path) + 1;
      line = g_ascii_strtoull (rest, &end, 10);
      if (end == rest)
        continue; /* a file-level note */
      g_assert_cmpuint (line, >=, last_line);
      last_line = line;
      n_problem_lines++;
    }
  g_assert_cmpuint (n_problem_lines, >=, 3);
}

static void
test_errors_json (void)
{
  g_autofree char *path = data_path ("errors.csv");
  g_autoptr(RunResult) r = run_cli ("validate", "--json", path);
  g_autoptr(JsonObject) doc = NULL;
  JsonObject *problem;
  JsonArray *problems;
  gint64 devices, valid, errors;
  gint64 last_line = 0;

  g_assert_cmpint (r->status, ==, 1);
  g_assert_cmpstr (r->err, ==, "");
  doc = parse_json_object (r->out);
  devices = json_object_get_int_member (doc, "devices");
  valid = json_object_get_int_member (doc, "valid");
  errors = json_object_get_int_member (doc, "errors");
  g_assert_cmpint (devices, ==, 5);
  g_assert_false (json_object_get_boolean_member (doc, "uploadable"));
  /* Line 2 and line 6 share an EID: at least the second one is an error. */
  g_assert_cmpint (errors, >=, 3);
  g_assert_cmpint (errors, <=, 4);
  g_assert_cmpint (valid, ==, devices - errors);

  problem = eo_test_find_problem (doc, 3, "eid-check-digits");
  g_assert_nonnull (problem);
  g_assert_cmpstr (json_object_get_string_member (problem, "severity"), ==, "error");
  g_assert_cmpstr (json_object_get_string_member (problem, "column"), ==, "eid");
  g_assert_nonnull (eo_test_find_problem (doc, 5, "eid-not-digits"));
  g_assert_nonnull (eo_test_find_problem (doc, 6, "eid-duplicate"));
  g_assert_null (eo_test_find_problem (doc, 4, "eid-check-digits"));

  problems = json_object_get_array_member (doc, "problems");
  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      gint64 line = json_object_get_int_member (json_array_get_object_element (problems, i), "line");

      g_assert_cmpint (line, >=, last_line);
      last_line = line;
    }
}

/* A name with terminal escape sequences must not reach the terminal raw. */
static void
test_control_chars (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "escape.csv", NULL);
  g_autoptr(GError) error = NULL;
  const char *csv = "EID,Name\n89049032123451234512345678900168,\"\x1b[31mred\x1b]0;title\x07\"\n";
  g_autoptr(RunResult) r = NULL;
  g_autoptr(RunResult) rj = NULL;
  g_autoptr(JsonObject) doc = NULL;

  g_file_set_contents (path, csv, -1, &error);
  g_assert_no_error (error);

  r = run_cli ("validate", path);
  g_assert_cmpint (r->status, ==, 1);
  g_assert_null (memchr (r->out, 0x1b, r->out_len));
  g_assert_null (memchr (r->out, 0x07, r->out_len));
  g_assert_null (strchr (r->err, 0x1b));

  rj = run_cli ("validate", "--json", path);
  g_assert_cmpint (rj->status, ==, 1);
  doc = parse_json_object (rj->out);
  g_assert_nonnull (eo_test_find_problem (doc, 2, "name-control-chars"));

  g_unlink (path);
  g_rmdir (dir);
}

/* ---- exit 2 ------------------------------------------------------- */

static void
check_unreadable (const char *path,
                  const char *json_code)
{
  g_autoptr(RunResult) r = run_cli ("validate", path);
  g_autoptr(RunResult) rj = run_cli ("validate", "--json", path);
  g_autoptr(JsonObject) doc = NULL;
  JsonObject *error;

  g_assert_cmpint (r->status, ==, 2);
  g_assert_cmpstr (r->out, ==, "");
  /* The message names the file, then says what is wrong. */
  g_assert_true (g_str_has_prefix (r->err, path));
  g_assert_cmpuint (strlen (r->err), >, strlen (path) + 4);
  g_assert_true (g_str_has_suffix (r->err, "\n"));

  g_assert_cmpint (rj->status, ==, 2);
  doc = parse_json_object (rj->out);
  g_assert_cmpstr (json_object_get_string_member (doc, "file"), ==, path);
  g_assert_false (json_object_has_member (doc, "devices"));
  error = json_object_get_object_member (doc, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, json_code);
  g_assert_cmpstr (json_object_get_string_member (error, "message"), !=, "");
}

static void
test_unreadable_missing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "no-such-file.csv", NULL);

  check_unreadable (path, "file-unreadable");
  g_rmdir (dir);
}

static void
test_unreadable_directory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);

  check_unreadable (dir, "file-unreadable");
  g_rmdir (dir);
}

/* A named pipe without a writer: refused at once with a message (it used
 * to hang forever). That the run returns at all is the test. */
static void
test_unreadable_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "devices.csv", NULL);
  g_autofree char *expected = NULL;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  check_unreadable (path, "file-unreadable");
  {
    g_autoptr(RunResult) r = run_cli ("validate", path);

    expected = g_strdup_printf ("%s: Could not read “%s”: it is a named pipe, not a file\n", path, path);
    g_assert_cmpstr (r->err, ==, expected);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* A device never ends: refused by name (it used to say "536.9 MB, more
 * than the limit of 536.9 MB" after reading half a gigabyte). */
static void
test_unreadable_device (void)
{
  g_autoptr(RunResult) r = run_cli ("validate", "/dev/zero");

  check_unreadable ("/dev/zero", "file-unreadable");
  g_assert_cmpstr (r->err, ==, "/dev/zero: Could not read “/dev/zero”: it is a device, not a file\n");
}

/* “-” reads standard input, for validate and submit. */
static void
test_stdin (void)
{
  g_autofree char *path = data_path ("valid.csv");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(RunResult) r = run_cli_input (text, "validate", "-");

    g_assert_cmpint (r->status, ==, 0);
    g_assert_cmpstr (r->err, ==, "");
    g_assert_cmpstr (r->out, ==, "3 devices · 0 errors · 0 warnings\n");
  }
  {
    g_autoptr(RunResult) r = run_cli_input (text, "validate", "--json", "-");
    g_autoptr(JsonObject) doc = NULL;

    g_assert_cmpint (r->status, ==, 0);
    doc = parse_json_object (r->out);
    g_assert_cmpstr (json_object_get_string_member (doc, "file"), ==, "-");
    g_assert_cmpint (json_object_get_int_member (doc, "devices"), ==, 3);
  }
  {
    g_autoptr(RunResult) r = run_cli_input ("EID,Name\n", "validate", "-");

    g_assert_cmpint (r->status, ==, 2);
    g_assert_true (g_str_has_prefix (r->err, "-: The file has a header line but no devices."));
  }
  {
    /* submit reads the list before it looks for an account. */
    g_autoptr(RunResult) r = run_cli_input ("EID,Name\n", "submit", "-");

    g_assert_cmpint (r->status, ==, 2);
    g_assert_true (g_str_has_prefix (r->err, "-: The file has a header line but no devices."));
  }
}

/* More than 10,000 problems of one kind: the first 10,000 are printed,
 * the others counted, and every row still counts in the summary. */
static void
test_errors_capped (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr(GString) text = g_string_new ("EID,Name\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  for (guint i = 0; i < 12000; i++)
    g_string_append (text, "1,\n");
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  {
    g_autoptr(RunResult) r = run_cli ("validate", path);

    g_assert_cmpint (r->status, ==, 1);
    note = g_strdup_printf ("%s: note: 4000 more problems are not listed: only the first 10000 of each kind are.\n"
                            "12000 devices · 12000 errors · 0 warnings\n", path);
    g_assert_true (g_str_has_suffix (r->out, note));
  }
  {
    g_autoptr(RunResult) r = run_cli ("validate", "--json", path);
    g_autoptr(JsonObject) doc = NULL;
    JsonObject *more;

    g_assert_cmpint (r->status, ==, 1);
    doc = parse_json_object (r->out);
    g_assert_cmpint (json_object_get_int_member (doc, "devices"), ==, 12000);
    g_assert_cmpint (json_object_get_int_member (doc, "errors"), ==, 12000);
    g_assert_cmpint (json_object_get_int_member (doc, "omitted_rows"), ==, 2000);
    /* eid-length, name-missing and eid-duplicate, 10,000 of each. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "problems")), ==, 30000);
    more = json_object_get_object_member (doc, "more_problems");
    g_assert_nonnull (more);
    g_assert_cmpuint (json_object_get_size (more), ==, 2);
    g_assert_cmpint (json_object_get_int_member (more, "eid-length"), ==, 2000);
    g_assert_cmpint (json_object_get_int_member (more, "name-missing"), ==, 2000);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_unreadable_not_text (void)
{
  g_autofree char *path = data_path ("not-text.bin");

  check_unreadable (path, "file-not-text");
}

static void
test_unreadable_empty (void)
{
  g_autofree char *path = data_path ("empty.csv");

  check_unreadable (path, "file-empty");
}

static void
test_unreadable_header_only (void)
{
  g_autofree char *path = data_path ("header-only.csv");

  check_unreadable (path, "file-header-only");
}

static void
test_unreadable_missing_column (void)
{
  g_autofree char *path = data_path ("missing-column.csv");
  g_autoptr(RunResult) r = run_cli ("validate", path);

  check_unreadable (path, "file-missing-columns");
  /* It says which column is missing. */
  g_assert_nonnull (strstr (r->err, "Name"));
}

/* ---- exit 3 ------------------------------------------------------- */

static void
check_usage (RunResult *r)
{
  g_assert_cmpint (r->status, ==, 3);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_str_has_prefix (r->err, "esim-onboard-cli validate: "));
  g_assert_nonnull (strstr (r->err, "--help"));
}

static void
test_usage_no_file (void)
{
  g_autoptr(RunResult) r = run_cli ("validate");

  check_usage (r);
}

static void
test_usage_two_files (void)
{
  g_autofree char *path = data_path ("valid.csv");
  g_autoptr(RunResult) r = run_cli ("validate", path, path);

  check_usage (r);
}

static void
test_usage_unknown_option (void)
{
  g_autofree char *path = data_path ("valid.csv");
  g_autoptr(RunResult) r = run_cli ("validate", "--no-such-option", path);

  check_usage (r);
  g_assert_nonnull (strstr (r->err, "--no-such-option"));
}

static void
test_usage_output_without_value (void)
{
  g_autofree char *path = data_path ("valid.csv");
  g_autoptr(RunResult) r = run_cli ("validate", path, "--output");

  check_usage (r);
}

static void
test_help (void)
{
  g_autoptr(RunResult) r = run_cli ("validate", "--help");

  g_assert_cmpint (r->status, ==, 0);
  g_assert_nonnull (strstr (r->out, "esim-onboard-cli validate [OPTION…] FILE\n"));
  g_assert_nonnull (strstr (r->out, "--json"));
  g_assert_nonnull (strstr (r->out, "--output"));
  /* Every exit status is documented. */
  g_assert_nonnull (strstr (r->out, "Exit status:"));
  for (int code = 0; code <= 3; code++)
    {
      g_autofree char *needle = g_strdup_printf ("\n  %d  ", code);

      g_assert_nonnull (strstr (r->out, needle));
    }
}

/* ---- --output ----------------------------------------------------- */

static void
test_output (void)
{
  g_autofree char *path = data_path ("errors.csv");
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (dir, "clean.csv", NULL);
  g_autoptr(RunResult) r = run_cli ("validate", "--output", output, path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  /* Still exit 1: the input has errors; the output holds the good rows. */
  g_assert_cmpint (r->status, ==, 1);
  g_file_get_contents (output, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strchr (contents, '\r'));
  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "EID,Name");
  g_assert_nonnull (strstr (contents, "89049032123451234512345678900847,Phone three\n"));
  g_assert_null (strstr (contents, "Phone two"));
  g_assert_null (strstr (contents, "Phone four"));
  g_assert_null (strstr (contents, "Phone five"));
  g_assert_nonnull (strstr (r->out, "Wrote "));

  g_unlink (output);
  g_rmdir (dir);
}

static void
test_output_unwritable (void)
{
  g_autofree char *path = data_path ("valid.csv");
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (dir, "missing-dir", "clean.csv", NULL);
  g_autoptr(RunResult) r = run_cli ("validate", "--output", output, path);

  g_assert_cmpint (r->status, ==, 2);
  g_assert_cmpstr (r->err, !=, "");
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* ---- scale -------------------------------------------------------- */

/* Check digits of an EID from its first 30 digits (MOD 97-10), computed
 * here independently from the core. */
static guint
eid_check (const char *first30)
{
  guint rem = 0;

  for (guint i = 0; i < 30; i++)
    rem = (rem * 10 + (guint) (first30[i] - '0')) % 97;
  rem = (rem * 100) % 97;
  return 98 - rem;
}

/* 200,000 rows, one in a hundred with wrong check digits: output must be
 * complete, counted right, and come back quickly. */
static void
test_large (void)
{
  const guint n_rows = 200000;
  g_autofree char *dir = g_dir_make_tmp ("eo-cli-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.csv", NULL);
  g_autoptr(GString) csv = g_string_sized_new (n_rows * 48);
  g_autoptr(GError) error = NULL;
  g_autoptr(RunResult) r = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint n_bad = 0;
  guint n_error_lines = 0;
  guint last_bad_line = 0;

  g_string_append (csv, "EID,Name\n");
  for (guint i = 0; i < n_rows; i++)
    {
      char first30[31];
      char line[64];
      guint check;

      g_snprintf (first30, sizeof first30, "8904903200000000000000%08u", i);
      check = eid_check (first30);
      if (i % 100 == 7)
        {
          check = check == 98 ? 2 : check + 1;
          n_bad++;
          last_bad_line = i + 2;
        }
      /* No allocation per row: the sanitizer build unwinds every malloc. */
      g_snprintf (line, sizeof line, "%s%02u,Device %u\n", first30, check, i);
      g_string_append (csv, line);
    }
  g_file_set_contents (path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  timer = g_timer_new ();
  r = run_cli ("validate", path);
  g_test_message ("human output of %u rows: %.2f s", n_rows, g_timer_elapsed (timer, NULL));
  g_assert_cmpint (r->status, ==, 1);
  for (const char *p = r->out; (p = strstr (p, ": EID: error: ")) != NULL; p++)
    n_error_lines++;
  g_assert_cmpuint (n_error_lines, ==, n_bad);
  g_assert_true (g_str_has_suffix (r->out, "200000 devices · 2000 errors · 0 warnings\n"));

  g_clear_pointer (&r, run_result_free);
  g_timer_start (timer);
  r = run_cli ("validate", "--json", path);
  g_test_message ("JSON output of %u rows: %.2f s", n_rows, g_timer_elapsed (timer, NULL));
  g_assert_cmpint (r->status, ==, 1);
  doc = parse_json_object (r->out);
  g_assert_cmpint (json_object_get_int_member (doc, "devices"), ==, n_rows);
  g_assert_cmpint (json_object_get_int_member (doc, "errors"), ==, n_bad);
  g_assert_cmpint (json_object_get_int_member (doc, "valid"), ==, n_rows - n_bad);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "problems")), ==, n_bad);
  g_assert_nonnull (eo_test_find_problem (doc, 9, "eid-check-digits"));
  g_assert_nonnull (eo_test_find_problem (doc, last_bad_line, "eid-check-digits"));

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/validate/valid/human", test_valid_human);
  g_test_add_func ("/cli/validate/valid/json", test_valid_json);
  g_test_add_func ("/cli/validate/valid/warnings", test_warnings);
  g_test_add_func ("/cli/validate/errors/human", test_errors_human);
  g_test_add_func ("/cli/validate/errors/json", test_errors_json);
  g_test_add_func ("/cli/validate/errors/control-chars", test_control_chars);
  g_test_add_func ("/cli/validate/unreadable/missing", test_unreadable_missing);
  g_test_add_func ("/cli/validate/unreadable/directory", test_unreadable_directory);
  g_test_add_func ("/cli/validate/unreadable/not-text", test_unreadable_not_text);
  g_test_add_func ("/cli/validate/unreadable/fifo", test_unreadable_fifo);
  g_test_add_func ("/cli/validate/unreadable/device", test_unreadable_device);
  g_test_add_func ("/cli/validate/stdin", test_stdin);
  g_test_add_func ("/cli/validate/errors/capped", test_errors_capped);
  g_test_add_func ("/cli/validate/unreadable/empty", test_unreadable_empty);
  g_test_add_func ("/cli/validate/unreadable/header-only", test_unreadable_header_only);
  g_test_add_func ("/cli/validate/unreadable/missing-column", test_unreadable_missing_column);
  g_test_add_func ("/cli/validate/usage/no-file", test_usage_no_file);
  g_test_add_func ("/cli/validate/usage/two-files", test_usage_two_files);
  g_test_add_func ("/cli/validate/usage/unknown-option", test_usage_unknown_option);
  g_test_add_func ("/cli/validate/usage/output-without-value", test_usage_output_without_value);
  g_test_add_func ("/cli/validate/help", test_help);
  g_test_add_func ("/cli/validate/output/clean-csv", test_output);
  g_test_add_func ("/cli/validate/output/unwritable", test_output_unwritable);
  g_test_add_func ("/cli/validate/large", test_large);

  return g_test_run ();
}
