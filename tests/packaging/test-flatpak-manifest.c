/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-flatpak"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib.h>
#include <json-glib/json-glib.h>

/* Offline checks of flatpak/APP_ID.json: the GNOME runtime cannot be
 * downloaded on the build machines, so the manifest is read as data and
 * held to the rules of issue 5 (pinned sources, minimal sandbox holes,
 * every library the runtime lacks built as a module). Each rule is a
 * check function that returns FALSE with a message; the real manifest
 * must pass them all, and broken copies of it must fail the right one.
 * When flatpak-builder is installed it must read the manifest back
 * unchanged (it drops and warns about properties it does not know). */

#define PROJECT_MODULE "esim-onboard"
#define EXPECTED_COMMAND "esim-onboard"
#define EXPECTED_RUNTIME "org.gnome.Platform"
#define EXPECTED_SDK "org.gnome.Sdk"
/* GNOME 48 (March 2025) is the oldest runtime still supported. */
#define MIN_RUNTIME_VERSION 48

typedef gboolean (*CheckFunc) (JsonObject  *manifest,
                               GError     **error);

/* The sandbox holes the application needs, and no more: it talks to the
 * CSO API (network), draws through Wayland, or X11 where Wayland is
 * missing (which needs IPC for shared memory), with GPU rendering. The
 * API key goes through the Secret portal: no secrets bus name. */
static const char * const allowed_finish_args[] = {
  "--share=network",
  "--socket=wayland",
  "--socket=fallback-x11",
  "--device=dri",
  "--share=ipc",
};

/* pkg-config names that org.gnome.Platform/Sdk provide. A dependency()
 * of the build outside this list needs a module of the same name. */
static const char * const runtime_provides[] = {
  "glib-2.0", "gio-2.0", "gio-unix-2.0", "gobject-2.0", "gmodule-2.0",
  "gthread-2.0", "json-glib-1.0", "libsoup-3.0", "libsecret-1", "gtk4",
  "libadwaita-1", "threads",
};

/* What the build leaves that the installed application does not need. */
static const char * const required_cleanup[] = {
  "/include", "/lib/pkgconfig", "*.la", "*.a",
};

/* Meson's own options that a config-opts may set besides ours. */
static const char * const meson_builtin_options[] = {
  "buildtype", "optimization", "debug", "werror", "warning_level",
  "c_std", "default_library", "strip",
};

G_DEFINE_QUARK (eo-test-flatpak-error-quark, check_error)

/* Helpers */

static char *
source_root (void)
{
  const char *root = g_getenv ("EO_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_strdup (root);
}

static char *
manifest_path (void)
{
  g_autofree char *root = source_root ();

  return g_build_filename (root, "flatpak", APP_ID ".json", NULL);
}

static JsonNode *
load_manifest (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *path = manifest_path ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_copy (root);
}

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, check_error_quark (), 0, message);
  g_free (message);
  return FALSE;
}

/* The string member @name, or NULL if it is missing or not a string. */
static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The array member @name, or NULL if it is missing or not an array. */
static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

static gboolean
strv_contains (const char * const *strv,
               gsize               n,
               const char         *str)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (strv[i], str) == 0)
      return TRUE;
  return FALSE;
}

/* Whether the JSON array @array holds the string @str. */
static gboolean
array_has_string (JsonArray  *array,
                  const char *str)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node)
          && json_node_get_value_type (node) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (node), str) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_lower_hex (const char *str,
              gsize       len)
{
  if (str == NULL || strlen (str) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (str[i]) && !(str[i] >= 'a' && str[i] <= 'f'))
      return FALSE;
  return TRUE;
}

/* The top-level module named @name and its index, or NULL. */
static JsonObject *
find_module (JsonObject *manifest,
             const char *name,
             guint      *index_out)
{
  JsonArray *modules = get_array (manifest, "modules");

  for (guint i = 0; modules != NULL && i < json_array_get_length (modules); i++)
    {
      JsonNode *node = json_array_get_element (modules, i);

      if (JSON_NODE_HOLDS_OBJECT (node)
          && g_strcmp0 (get_string (json_node_get_object (node), "name"), name) == 0)
        {
          if (index_out != NULL)
            *index_out = i;
          return json_node_get_object (node);
        }
    }
  return NULL;
}

/* Appends to @files every meson.build of the tree at @dir that the
 * Flatpak build reads: not the tests (-Dtests=false), not build
 * directories, not hidden ones. */
static void
collect_meson_files (const char *dir,
                     gboolean    top,
                     GPtrArray  *files)
{
  g_autoptr(GDir) gdir = NULL;
  g_autofree char *private_dir = g_build_filename (dir, "meson-private", NULL);
  const char *name;

  if (g_file_test (private_dir, G_FILE_TEST_IS_DIR))
    return;
  gdir = g_dir_open (dir, 0, NULL);
  if (gdir == NULL)
    return;
  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (name[0] == '.')
        continue;
      if (top && (g_str_equal (name, "tests") || g_str_equal (name, "subprojects")))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR)
          && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        collect_meson_files (path, FALSE, files);
      else if (g_str_equal (name, "meson.build"))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

/* The option names declared in meson_options.txt. */
static GPtrArray *
read_project_options (GError **error)
{
  g_autofree char *root = source_root ();
  g_autofree char *path = g_build_filename (root, "meson_options.txt", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;
  regex = g_regex_new ("^\\s*option\\s*\\(\\s*'([^']+)'", G_REGEX_MULTILINE, 0, error);
  if (regex == NULL)
    return NULL;
  g_regex_match (regex, contents, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (names, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
  return g_steal_pointer (&names);
}

/* Checks */

static gboolean
check_identity (JsonObject  *manifest,
                GError     **error)
{
  const char *id = get_string (manifest, "id");
  const char *app_id = get_string (manifest, "app-id");
  const char *version;
  JsonNode *version_node;
  guint64 major = 0;

  if (id == NULL && app_id == NULL)
    return fail (error, "neither id nor app-id is set");
  if (id != NULL && app_id != NULL && g_strcmp0 (id, app_id) != 0)
    return fail (error, "id %s and app-id %s differ", id, app_id);
  if (g_strcmp0 (id != NULL ? id : app_id, APP_ID) != 0)
    return fail (error, "id is %s, not %s", id != NULL ? id : app_id, APP_ID);

  if (g_strcmp0 (get_string (manifest, "runtime"), EXPECTED_RUNTIME) != 0)
    return fail (error, "runtime is not " EXPECTED_RUNTIME);
  if (g_strcmp0 (get_string (manifest, "sdk"), EXPECTED_SDK) != 0)
    return fail (error, "sdk is not " EXPECTED_SDK);

  version_node = json_object_get_member (manifest, "runtime-version");
  if (version_node == NULL)
    return fail (error, "runtime-version is missing");
  version = get_string (manifest, "runtime-version");
  if (version == NULL)
    return fail (error, "runtime-version is not a JSON string");
  if (!g_ascii_string_to_unsigned (version, 10, 0, G_MAXUINT64, &major, NULL))
    return fail (error, "runtime-version \"%s\" is not a GNOME release number", version);
  if (major < MIN_RUNTIME_VERSION)
    return fail (error, "runtime-version %s is older than %d", version, MIN_RUNTIME_VERSION);

  if (g_strcmp0 (get_string (manifest, "command"), EXPECTED_COMMAND) != 0)
    return fail (error, "command is not " EXPECTED_COMMAND);
  return TRUE;
}

static gboolean
check_finish_args (JsonObject  *manifest,
                   GError     **error)
{
  JsonArray *args = get_array (manifest, "finish-args");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (args == NULL)
    return fail (error, "finish-args is missing");
  for (guint i = 0; i < json_array_get_length (args); i++)
    {
      JsonNode *node = json_array_get_element (args, i);
      const char *arg;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return fail (error, "finish-args[%u] is not a string", i);
      arg = json_node_get_string (node);
      if (g_str_has_prefix (arg, "--filesystem"))
        return fail (error, "%s: no file system access (the file chooser portal gives it)", arg);
      if (strstr (arg, "org.freedesktop.secrets") != NULL)
        return fail (error, "%s: secrets go through the Secret portal, not the bus", arg);
      if (g_str_equal (arg, "--socket=session-bus") || g_str_equal (arg, "--socket=system-bus"))
        return fail (error, "%s: no whole-bus access", arg);
      if (!strv_contains (allowed_finish_args, G_N_ELEMENTS (allowed_finish_args), arg))
        return fail (error, "%s is not an allowed finish-arg", arg);
      if (!g_hash_table_add (seen, (gpointer) arg))
        return fail (error, "%s is given twice", arg);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (allowed_finish_args); i++)
    if (!g_hash_table_contains (seen, allowed_finish_args[i]))
      return fail (error, "finish-args lacks %s", allowed_finish_args[i]);
  return TRUE;
}

static gboolean
check_source (const char  *module,
              guint        index,
              JsonNode    *node,
              GError     **error)
{
  JsonObject *source;
  const char *type;
  const char *url;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "module %s: source %u is not inline (a file reference is not checked)",
                 module, index);
  source = json_node_get_object (node);
  type = get_string (source, "type");
  url = get_string (source, "url");
  if (type == NULL)
    return fail (error, "module %s: source %u has no type", module, index);

  if (g_str_equal (type, "archive") || g_str_equal (type, "file")
      || g_str_equal (type, "extra-data"))
    {
      if (url == NULL && get_string (source, "path") != NULL && !g_str_equal (type, "extra-data"))
        return TRUE; /* a file of this tree */
      if (url == NULL)
        return fail (error, "module %s: %s source %u has no url", module, type, index);
      if (!g_str_has_prefix (url, "https://"))
        return fail (error, "module %s: %s is not fetched over https", module, url);
      if (!json_object_has_member (source, "sha256"))
        return fail (error, "module %s: %s has no sha256", module, url);
      if (!is_lower_hex (get_string (source, "sha256"), 64))
        return fail (error, "module %s: the sha256 of %s is not 64 hex digits", module, url);
      return TRUE;
    }
  if (g_str_equal (type, "git"))
    {
      if (!json_object_has_member (source, "commit"))
        return fail (error, "module %s: git source %u has no commit", module, index);
      if (!is_lower_hex (get_string (source, "commit"), 40))
        return fail (error, "module %s: git commit of source %u is not 40 hex digits",
                     module, index);
      return TRUE;
    }
  if (g_str_equal (type, "dir"))
    {
      if (get_string (source, "path") == NULL)
        return fail (error, "module %s: dir source %u has no path", module, index);
      return TRUE;
    }
  /* Local by nature: a patch or script of this tree, inline commands. */
  if (g_str_equal (type, "patch") || g_str_equal (type, "script")
      || g_str_equal (type, "shell") || g_str_equal (type, "inline"))
    {
      if (url != NULL)
        return fail (error, "module %s: %s source %u with a url cannot be pinned",
                     module, type, index);
      return TRUE;
    }
  return fail (error, "module %s: source type %s is not one we know how to pin", module, type);
}

static gboolean
check_modules_pinned (JsonArray  *modules,
                      GError    **error)
{
  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonNode *node = json_array_get_element (modules, i);
      JsonObject *module;
      JsonArray *sources;
      JsonArray *nested;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (error, "module %u is not inline (a file reference is not checked)", i);
      module = json_node_get_object (node);
      name = get_string (module, "name");
      if (name == NULL)
        return fail (error, "module %u has no name", i);
      sources = get_array (module, "sources");
      if (sources == NULL || json_array_get_length (sources) == 0)
        return fail (error, "module %s has no sources", name);
      for (guint j = 0; j < json_array_get_length (sources); j++)
        if (!check_source (name, j, json_array_get_element (sources, j), error))
          return FALSE;
      nested = get_array (module, "modules");
      if (nested != NULL && !check_modules_pinned (nested, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_sources_pinned (JsonObject  *manifest,
                      GError     **error)
{
  JsonArray *modules = get_array (manifest, "modules");

  if (modules == NULL || json_array_get_length (modules) == 0)
    return fail (error, "no modules");
  return check_modules_pinned (modules, error);
}

/* Every library the build looks up with dependency() and the runtime
 * lacks has a module of that name, built before the application; the
 * command is an executable of the build. */
static gboolean
check_dependencies_built (JsonObject  *manifest,
                          GError     **error)
{
  g_autofree char *root = source_root ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) dep_regex = NULL;
  g_autoptr(GString) executables = g_string_new (" ");
  g_autoptr(GRegex) exe_regex = NULL;
  g_autofree char *wanted_exe = NULL;
  guint project_index = 0;
  guint n_deps = 0;

  if (find_module (manifest, PROJECT_MODULE, &project_index) == NULL)
    return fail (error, "no module named " PROJECT_MODULE);

  dep_regex = g_regex_new ("(?<![A-Za-z0-9_])dependency\\s*\\(\\s*'([^']+)'", 0, 0, NULL);
  exe_regex = g_regex_new ("(?<![A-Za-z0-9_])executable\\s*\\(\\s*'([^']+)'", 0, 0, NULL);
  g_assert_nonnull (dep_regex);
  g_assert_nonnull (exe_regex);

  collect_meson_files (root, TRUE, files);
  if (files->len == 0)
    return fail (error, "no meson.build under %s", root);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_file_get_contents (files->pdata[i], &contents, NULL, error))
        return FALSE;

      g_regex_match (dep_regex, contents, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *dep = g_match_info_fetch (match, 1);
          guint module_index = 0;

          n_deps++;
          if (!strv_contains (runtime_provides, G_N_ELEMENTS (runtime_provides), dep))
            {
              if (find_module (manifest, dep, &module_index) == NULL)
                return fail (error, "%s (in %s) is not in the GNOME runtime and has no module",
                             dep, (const char *) files->pdata[i]);
              if (module_index > project_index)
                return fail (error, "module %s comes after " PROJECT_MODULE, dep);
            }
          g_match_info_next (match, NULL);
        }
      g_clear_pointer (&match, g_match_info_free);

      g_regex_match (exe_regex, contents, 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *exe = g_match_info_fetch (match, 1);

          g_string_append_printf (executables, "%s ", exe);
          g_match_info_next (match, NULL);
        }
    }

  if (n_deps == 0)
    return fail (error, "no dependency() found in the build: the scan is broken");
  wanted_exe = g_strdup_printf (" %s ", EXPECTED_COMMAND);
  if (strstr (executables->str, wanted_exe) == NULL)
    return fail (error, "the build has no executable named " EXPECTED_COMMAND);
  return TRUE;
}

/* The application's own module: last, meson, without the test suite,
 * only options the project knows, built from this tree (or, on Flathub,
 * from a pinned git commit). */
static gboolean
check_project_module (JsonObject  *manifest,
                      GError     **error)
{
  JsonArray *modules = get_array (manifest, "modules");
  JsonObject *module;
  JsonArray *opts;
  JsonArray *sources;
  g_autoptr(GPtrArray) options = NULL;
  guint index = 0;
  gboolean tests_off = FALSE;

  module = find_module (manifest, PROJECT_MODULE, &index);
  if (module == NULL)
    return fail (error, "no module named " PROJECT_MODULE);
  if (index + 1 != json_array_get_length (modules))
    return fail (error, PROJECT_MODULE " is not the last module");
  if (g_strcmp0 (get_string (module, "buildsystem"), "meson") != 0)
    return fail (error, PROJECT_MODULE " is not built with meson");

  options = read_project_options (error);
  if (options == NULL)
    return FALSE;
  if (options->len == 0)
    return fail (error, "meson_options.txt declares no option: the scan is broken");

  opts = get_array (module, "config-opts");
  if (opts == NULL)
    return fail (error, PROJECT_MODULE " has no config-opts");
  for (guint i = 0; i < json_array_get_length (opts); i++)
    {
      JsonNode *node = json_array_get_element (opts, i);
      const char *opt;
      g_autofree char *name = NULL;
      const char *eq;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return fail (error, "config-opts[%u] is not a string", i);
      opt = json_node_get_string (node);
      if (!g_str_has_prefix (opt, "-D"))
        continue;
      eq = strchr (opt, '=');
      if (eq == NULL)
        return fail (error, "%s has no value", opt);
      name = g_strndup (opt + 2, eq - (opt + 2));
      if (!g_ptr_array_find_with_equal_func (options, name, g_str_equal, NULL)
          && !strv_contains (meson_builtin_options, G_N_ELEMENTS (meson_builtin_options), name)
          && !g_str_has_prefix (name, "b_"))
        return fail (error, "%s: the project has no option %s", opt, name);
      if (g_str_equal (name, "tests"))
        {
          if (!g_str_equal (eq + 1, "false"))
            return fail (error, "%s: the Flatpak build does not build the tests", opt);
          tests_off = TRUE;
        }
    }
  if (!tests_off)
    return fail (error, PROJECT_MODULE " does not configure with -Dtests=false");

  sources = get_array (module, "sources");
  if (sources == NULL || json_array_get_length (sources) != 1)
    return fail (error, PROJECT_MODULE " should have exactly one source");
  {
    JsonNode *node = json_array_get_element (sources, 0);
    JsonObject *source;
    const char *type;

    if (!JSON_NODE_HOLDS_OBJECT (node))
      return fail (error, PROJECT_MODULE "'s source is not inline");
    source = json_node_get_object (node);
    type = get_string (source, "type");
    if (g_strcmp0 (type, "dir") == 0)
      {
        g_autofree char *path = manifest_path ();
        g_autofree char *manifest_dir = g_path_get_dirname (path);
        g_autofree char *root = source_root ();
        g_autoptr(GFile) base = g_file_new_for_path (manifest_dir);
        g_autoptr(GFile) dir = NULL;
        g_autoptr(GFile) expected = g_file_new_for_path (root);
        g_autofree char *resolved = NULL;
        g_autofree char *wanted = NULL;

        if (get_string (source, "path") == NULL)
          return fail (error, PROJECT_MODULE "'s dir source has no path");
        dir = g_file_resolve_relative_path (base, get_string (source, "path"));
        resolved = g_canonicalize_filename (g_file_peek_path (dir), NULL);
        wanted = g_canonicalize_filename (g_file_peek_path (expected), NULL);
        if (g_strcmp0 (resolved, wanted) != 0)
          return fail (error, PROJECT_MODULE "'s dir source is %s, not the source tree %s",
                       resolved, wanted);
      }
    else if (g_strcmp0 (type, "git") != 0)
      return fail (error, PROJECT_MODULE "'s source is neither this tree nor a git commit");
  }
  return TRUE;
}

static gboolean
check_cleanup (JsonObject  *manifest,
               GError     **error)
{
  JsonArray *cleanup = get_array (manifest, "cleanup");

  for (gsize i = 0; i < G_N_ELEMENTS (required_cleanup); i++)
    if (!array_has_string (cleanup, required_cleanup[i]))
      return fail (error, "cleanup lacks %s", required_cleanup[i]);
  return TRUE;
}

/* Tests of the real manifest */

static void
run_check (CheckFunc check)
{
  g_autoptr(JsonNode) root = load_manifest ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = check (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
test_parses (void)
{
  g_autoptr(JsonNode) root = load_manifest ();
  JsonArray *modules = get_array (json_node_get_object (root), "modules");

  g_assert_nonnull (modules);
  g_assert_cmpuint (json_array_get_length (modules), >=, 2);
}

static void
test_identity (void)
{
  run_check (check_identity);
}

static void
test_finish_args (void)
{
  run_check (check_finish_args);
}

static void
test_sources_pinned (void)
{
  run_check (check_sources_pinned);
}

static void
test_dependencies_built (void)
{
  run_check (check_dependencies_built);
}

static void
test_project_module (void)
{
  run_check (check_project_module);
}

static void
test_cleanup (void)
{
  run_check (check_cleanup);
}

/* libqrencode: the pinned upstream release, without its tools (they
 * would pull in libpng and install a program the app does not use). */
static void
test_qrencode_module (void)
{
  g_autoptr(JsonNode) root = load_manifest ();
  JsonObject *module = find_module (json_node_get_object (root), "libqrencode", NULL);
  JsonArray *sources;
  JsonObject *source;

  g_assert_nonnull (module);
  g_assert_true (array_has_string (get_array (module, "config-opts"), "--without-tools"));
  sources = get_array (module, "sources");
  g_assert_nonnull (sources);
  g_assert_cmpuint (json_array_get_length (sources), ==, 1);
  source = json_array_get_object_element (sources, 0);
  g_assert_cmpstr (get_string (source, "type"), ==, "archive");
  g_assert_cmpstr (get_string (source, "url"), ==,
                   "https://fukuchi.org/works/qrencode/qrencode-4.1.1.tar.bz2");
  /* The same bytes as Debian's qrencode_4.1.1.orig.tar.bz2. */
  g_assert_cmpstr (get_string (source, "sha256"), ==,
                   "e455d9732f8041cf5b9c388e345a641fd15707860f928e94507b1961256a6923");
}

/* flatpak-builder reads the manifest back unchanged and without a
 * warning (it drops, with a warning, a property it does not know). */
static void
test_builder_show_manifest (void)
{
  g_autofree char *builder = g_find_program_in_path ("flatpak-builder");
  g_autofree char *path = manifest_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) original = NULL;
  g_autoptr(JsonNode) shown = NULL;
  int status = 0;

  if (builder == NULL)
    {
      g_test_skip ("flatpak-builder is not installed: --show-manifest not run "
                   "(all the other checks were)");
      return;
    }

  {
    const char *argv[] = { builder, "--show-manifest", path, NULL };

    /* It creates its state directory (.flatpak-builder) in the working
     * directory: run it in the test's isolated home, which GLib removes. */
    g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
    g_spawn_sync (g_get_home_dir (), (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_test_message ("flatpak-builder stderr: %s", err);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (err, "WARNING"));
  g_assert_null (strstr (err, "Unknown property"));

  original = load_manifest ();
  shown = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shown);
  g_assert_true (json_node_equal (original, shown));
}

/* The checks catch what they are for */

typedef struct
{
  const char *name;
  CheckFunc   check;
  const char *mutation; /* JSON Pointer-ish description, see mutate () */
  const char *value;    /* JSON text, or NULL to remove */
  const char *message;  /* part of the expected error */
} BadCase;

/* Applies one mutation to @manifest. @where is "member" (top level),
 * "member+" (append to a top-level array), "module:NAME:member",
 * "module:NAME:member+" or "module:NAME:source0:member". */
static void
mutate (JsonObject *manifest,
        const char *where,
        const char *value)
{
  g_auto(GStrv) parts = g_strsplit (where, ":", -1);
  JsonObject *target = manifest;
  const char *member;
  g_autoptr(JsonNode) node = NULL;
  gsize len;

  if (g_str_equal (parts[0], "module"))
    {
      g_assert_nonnull (parts[1]);
      target = find_module (manifest, parts[1], NULL);
      g_assert_nonnull (target);
      member = parts[2];
      if (g_str_equal (member, "source0"))
        {
          target = json_array_get_object_element (get_array (target, "sources"), 0);
          member = parts[3];
        }
    }
  else
    member = parts[0];
  g_assert_nonnull (member);

  if (value != NULL)
    {
      g_autoptr(GError) error = NULL;

      node = json_from_string (value, &error);
      g_assert_no_error (error);
    }

  len = strlen (member);
  if (len > 0 && member[len - 1] == '+')
    {
      g_autofree char *name = g_strndup (member, len - 1);
      JsonArray *array = get_array (target, name);

      g_assert_nonnull (array);
      g_assert_nonnull (node);
      json_array_add_element (array, g_steal_pointer (&node));
    }
  else if (node == NULL)
    {
      g_assert_true (json_object_has_member (target, member));
      json_object_remove_member (target, member);
    }
  else
    json_object_set_member (target, member, g_steal_pointer (&node));
}

static const BadCase bad_cases[] = {
  { "id", check_identity, "id", "\"org.example.Other\"", "not " APP_ID },
  { "runtime", check_identity, "runtime", "\"org.freedesktop.Platform\"", "runtime" },
  { "sdk", check_identity, "sdk", "\"org.kde.Sdk\"", "sdk" },
  { "runtime-version-number", check_identity, "runtime-version", "49", "not a JSON string" },
  { "runtime-version-old", check_identity, "runtime-version", "\"46\"", "older" },
  { "runtime-version-missing", check_identity, "runtime-version", NULL, "missing" },
  { "command", check_identity, "command", "\"esim-onboard-cli\"", "command" },
  { "filesystem", check_finish_args, "finish-args+", "\"--filesystem=home\"", "file system" },
  { "secrets-bus", check_finish_args, "finish-args+",
    "\"--talk-name=org.freedesktop.secrets\"", "Secret portal" },
  { "session-bus", check_finish_args, "finish-args+", "\"--socket=session-bus\"", "whole-bus" },
  { "x11", check_finish_args, "finish-args+", "\"--socket=x11\"", "not an allowed" },
  { "duplicate-arg", check_finish_args, "finish-args+", "\"--share=ipc\"", "twice" },
  { "missing-ipc", check_finish_args, "finish-args",
    "[\"--share=network\", \"--socket=wayland\", \"--socket=fallback-x11\", \"--device=dri\"]",
    "lacks --share=ipc" },
  { "no-sha256", check_sources_pinned, "module:libqrencode:source0:sha256", NULL, "no sha256" },
  { "bad-sha256", check_sources_pinned, "module:libqrencode:source0:sha256", "\"e455d973\"",
    "64 hex" },
  { "http", check_sources_pinned, "module:libqrencode:source0:url",
    "\"http://fukuchi.org/works/qrencode/qrencode-4.1.1.tar.bz2\"", "https" },
  { "git-without-commit", check_sources_pinned, "module:libqrencode:sources",
    "[{\"type\": \"git\", \"url\": \"https://example.org/qrencode.git\", \"tag\": \"v4.1.1\"}]",
    "no commit" },
  { "unknown-source", check_sources_pinned, "module:libqrencode:sources",
    "[{\"type\": \"svn\", \"url\": \"https://example.org/svn\"}]", "svn" },
  { "no-qrencode-module", check_dependencies_built, "modules",
    "[{\"name\": \"esim-onboard\", \"sources\": [{\"type\": \"dir\", \"path\": \"..\"}]}]",
    "libqrencode" },
  { "tests-on", check_project_module, "module:esim-onboard:config-opts", "[\"-Dtests=true\"]",
    "does not build the tests" },
  { "tests-unset", check_project_module, "module:esim-onboard:config-opts", "[]",
    "-Dtests=false" },
  { "unknown-option", check_project_module, "module:esim-onboard:config-opts+",
    "\"-Dno_such_option=1\"", "no option no_such_option" },
  { "not-meson", check_project_module, "module:esim-onboard:buildsystem", "\"cmake\"",
    "meson" },
  { "wrong-dir", check_project_module, "module:esim-onboard:source0:path", "\"../..\"",
    "not the source tree" },
  { "no-cleanup", check_cleanup, "cleanup", "[\"/share/man\"]", "/include" },
};

static void
test_rejects (gconstpointer data)
{
  const BadCase *bad = data;
  g_autoptr(JsonNode) root = load_manifest ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* The intact manifest passes this check ... */
  ok = bad->check (json_node_get_object (root), &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* ... and the broken one fails it, for the right reason. */
  mutate (json_node_get_object (root), bad->mutation, bad->value);
  ok = bad->check (json_node_get_object (root), &error);
  g_assert_false (ok);
  g_assert_error (error, check_error_quark (), 0);
  g_test_message ("%s: %s", bad->name, error->message);
  g_assert_nonnull (strstr (error->message, bad->message));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/flatpak/manifest/parses", test_parses);
  g_test_add_func ("/flatpak/manifest/identity", test_identity);
  g_test_add_func ("/flatpak/manifest/finish-args", test_finish_args);
  g_test_add_func ("/flatpak/manifest/sources-pinned", test_sources_pinned);
  g_test_add_func ("/flatpak/manifest/dependencies-built", test_dependencies_built);
  g_test_add_func ("/flatpak/manifest/project-module", test_project_module);
  g_test_add_func ("/flatpak/manifest/cleanup", test_cleanup);
  g_test_add_func ("/flatpak/manifest/qrencode-module", test_qrencode_module);
  g_test_add_func ("/flatpak/builder/show-manifest", test_builder_show_manifest);

  for (gsize i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/flatpak/manifest/rejects/%s", bad_cases[i].name);

      g_test_add_data_func (path, &bad_cases[i], test_rejects);
    }

  return g_test_run ();
}
