/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-user-guide"

#include "config.h"

#include <string.h>
#include <glib.h>

#include "eo-device-list.h"
#include "eo-error.h"

/* The user guide must explain every problem the device-list checks can
 * report and every error of the core, so that a new code cannot ship
 * undocumented. A problem code is explained under a heading that names it
 * (“### `eid-missing` …”); an error under an HTML comment that names its
 * enumerator (<!-- EO_ERROR_KEY_REFUSED -->), since people see the
 * message, not the enum. Either way some real text must follow. */

#define MIN_EXPLANATION_CHARS 80

static char *guide;

/* Non-blank characters from @start up to the next heading or the next
 * error anchor. */
static gsize
explanation_length (const char *start)
{
  gsize n = 0;

  for (const char *p = start; *p != '\0'; p++)
    {
      if ((p == guide || p[-1] == '\n') && *p == '#')
        break;
      if (g_str_has_prefix (p, "<!-- EO_ERROR_"))
        break;
      if (!g_ascii_isspace (*p))
        n++;
    }
  return n;
}

/* The heading line that names `code`, or NULL. */
static const char *
find_code_heading (const char *code)
{
  g_autofree char *quoted = g_strdup_printf ("`%s`", code);

  for (const char *p = strstr (guide, quoted); p != NULL; p = strstr (p + 1, quoted))
    {
      const char *line = p;

      while (line > guide && line[-1] != '\n')
        line--;
      if (*line == '#')
        return line;
    }
  return NULL;
}

static void
test_problem_codes (void)
{
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (EO_PROBLEM_N_CODES, >=, 18);

  for (guint i = 0; i < EO_PROBLEM_N_CODES; i++)
    {
      const char *code = eo_problem_code_to_string ((EoProblemCode) i);
      const char *heading;
      const char *body;

      g_assert_nonnull (code);
      g_assert_true (g_hash_table_add (seen, (gpointer) code));

      heading = find_code_heading (code);
      if (heading == NULL)
        {
          g_test_fail_printf ("The user guide has no heading naming the problem code `%s`", code);
          continue;
        }
      body = strchr (heading, '\n');
      if (body == NULL || explanation_length (body + 1) < MIN_EXPLANATION_CHARS)
        g_test_fail_printf ("The user guide's section on `%s` explains nothing", code);
    }

  g_hash_table_unref (seen);
}

static void
test_error_codes (void)
{
  g_autofree char *header = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  guint n_codes = 0;

  g_file_get_contents (EO_ERROR_HEADER, &header, NULL, &error);
  g_assert_no_error (error);

  /* The enumerators of EoError, as written in the header. */
  regex = g_regex_new ("^\\s*(EO_ERROR_[A-Z_]+)\\s*[,=]", G_REGEX_MULTILINE, 0, &error);
  g_assert_no_error (error);

  for (g_regex_match (regex, header, 0, &match); g_match_info_matches (match);
       g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);
      const char *p = guide;
      gboolean found = FALSE;

      n_codes++;
      /* In an anchor comment, possibly among other names. */
      while ((p = strstr (p, name)) != NULL)
        {
          const char *open = g_strrstr_len (guide, p - guide, "<!--");
          const char *close = g_strrstr_len (guide, p - guide, "-->");
          const char *after = strstr (p, "-->");
          char next = p[strlen (name)];

          if (open != NULL && (close == NULL || close < open) && after != NULL &&
              (next == ' ' || next == '-'))
            {
              found = TRUE;
              if (explanation_length (after + 3) < MIN_EXPLANATION_CHARS)
                g_test_fail_printf ("The user guide does not explain %s after its anchor", name);
              break;
            }
          p += strlen (name);
        }
      if (!found)
        g_test_fail_printf ("The user guide has no <!-- %s --> anchor explaining that error", name);
    }

  /* EO_ERROR_FILE_UNREADABLE .. EO_ERROR_STORE: the regex did find them. */
  g_assert_cmpuint (n_codes, >=, 25);
}

/* Guards the test itself: the search must not accept a code that is only
 * mentioned in passing. */
static void
test_search_is_strict (void)
{
  g_assert_null (find_code_heading ("no-such-problem-code"));
  g_assert_nonnull (find_code_heading ("eid-missing"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_file_get_contents (EO_USER_GUIDE, &guide, NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/user-guide/problem-codes", test_problem_codes);
  g_test_add_func ("/user-guide/error-codes", test_error_codes);
  g_test_add_func ("/user-guide/search-is-strict", test_search_is_strict);

  status = g_test_run ();
  g_free (guide);
  return status;
}
