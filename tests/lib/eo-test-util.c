/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "eo-test-util.h"

void
eo_test_init (int    *argc,
              char ***argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

/* GLib 2.74 leaks the strings of g_set_user_dirs(), which
 * G_TEST_OPTION_ISOLATE_DIRS calls for every test case: tell
 * LeakSanitizer (sanitizer builds call these hooks at start; other builds
 * never do). GLib has no frame pointers, so the suppression needs the slow
 * unwinder to see g_set_user_dirs in the allocation's stack
 * (ASAN_OPTIONS from the environment still wins). Every test links this
 * file whole. */
const char *__asan_default_options      (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=8";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n";
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out waiting for %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

guint
eo_test_timeout_add (guint       seconds,
                     const char *what)
{
  return g_timeout_add_seconds (seconds, timeout_cb, (gpointer) what);
}

static gboolean
flag_timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
eo_test_run_until (gboolean *flag,
                   guint     timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, flag_timeout_cb, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  g_assert_true (*flag);
}

void
eo_test_run_for (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, flag_timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

char *
eo_test_dup_closed_port_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  /* Bound and closed without listening: the kernel picked a free port,
   * and nothing accepts on it afterwards. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any_port, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_assert_true (g_socket_close (socket, &error));
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* A path in the source tree ($EO_SOURCE_ROOT). */
char *
eo_test_source_path (const char *first,
                  ...)
{
  const char *root = g_getenv ("EO_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer)root);
  g_ptr_array_add (parts, (gpointer)first);
  va_start (args, first);
  for (const char *part = va_arg (args, const char *); part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer)part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **)parts->pdata);
}

void
eo_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            eo_test_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static char *
dup_bytes (GBytes *bytes,
           gsize  *len_out)
{
  gsize len = bytes != NULL ? g_bytes_get_size (bytes) : 0;
  char *text = g_malloc0 (len + 1);

  if (len > 0)
    memcpy (text, g_bytes_get_data (bytes, NULL), len);
  if (len_out != NULL)
    *len_out = len;
  return text;
}

void
eo_test_run_cli_va (EoTestRun  *run,
                    GPtrArray  *env,
                    const char *input,
                    va_list     args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) all_env = env;
  const char *arg;

  g_ptr_array_add (all_env, NULL);
  g_ptr_array_add (argv, (gpointer) eo_test_cli_path ());
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  eo_test_run (run, (const char * const *) argv->pdata, (const char * const *) all_env->pdata, input);
  g_test_message ("cli %s → %d\nstdout: %s\nstderr: %s",
                  (const char *) argv->pdata[1], run->status, run->out, run->err);
}

void
eo_test_run (EoTestRun          *run,
             const char * const *argv,
             const char * const *env,
             const char         *input)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) in = input != NULL ? g_bytes_new (input, strlen (input)) : NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  if (input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equal = strchr (env[i], '=');

      if (equal == NULL)
        {
          g_subprocess_launcher_unsetenv (launcher, env[i]);
        }
      else
        {
          g_autofree char *name = g_strndup (env[i], equal - env[i]);

          g_subprocess_launcher_setenv (launcher, name, equal + 1, TRUE);
        }
    }

  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, in, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->out = dup_bytes (out, &run->out_len);
  run->err = dup_bytes (err, NULL);
  if (!g_subprocess_get_if_exited (process))
    g_error ("%s %s died: signal %d\nstderr: %s", argv[0], argv[1] != NULL ? argv[1] : "",
             g_subprocess_get_term_sig (process), run->err);
  run->status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_test_message ("%s %s → %d\nstdout:\n%s\nstderr:\n%s", argv[0], argv[1] != NULL ? argv[1] : "",
                    run->status, run->out, run->err);
}

void
eo_test_run_clear (EoTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->out_len = 0;
}

const char *
eo_test_cli_path (void)
{
  const char *path = g_getenv ("EO_CLI");

  g_assert_nonnull (path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));
  return path;
}

GPtrArray *
eo_test_dirs_env (void)
{
  const struct { const char *name; const char *value; } dirs[] = {
    { "HOME", g_get_home_dir () },
    { "XDG_CONFIG_HOME", g_get_user_config_dir () },
    { "XDG_DATA_HOME", g_get_user_data_dir () },
    { "XDG_CACHE_HOME", g_get_user_cache_dir () },
    { "XDG_STATE_HOME", g_get_user_state_dir () },
    { "XDG_RUNTIME_DIR", g_get_user_runtime_dir () },
  };
  GPtrArray *env = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_mkdir_with_parents (dirs[i].value, 0700);
      g_ptr_array_add (env, g_strconcat (dirs[i].name, "=", dirs[i].value, NULL));
    }
  return env;
}

void
eo_test_launcher_set_dirs (gpointer launcher)
{
  g_autoptr(GPtrArray) env = eo_test_dirs_env ();

  for (guint i = 0; i < env->len; i++)
    {
      const char *setting = env->pdata[i];
      const char *equal = strchr (setting, '=');
      g_autofree char *name = g_strndup (setting, equal - setting);

      g_subprocess_launcher_setenv (G_SUBPROCESS_LAUNCHER (launcher), name, equal + 1, TRUE);
    }
}

static char *capture_domain;
static guint n_warnings;
static GString *last_warning;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, capture_domain) == 0)
    {
      n_warnings++;
      g_string_assign (last_warning, message ? message : "");
      if (g_test_verbose ())
        g_printerr ("# (expected) %s\n", message ? message : "");
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
eo_test_capture_warnings (const char *domain)
{
  capture_domain = g_strdup (domain);
  last_warning = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);
}

guint
eo_test_get_n_warnings (void)
{
  return n_warnings;
}

const char *
eo_test_get_last_warning (void)
{
  return last_warning != NULL ? last_warning->str : "";
}

/* @digits mod 97, for a string of decimal digits. */
static guint
mod97 (const char *digits)
{
  guint rest = 0;

  for (const char *p = digits; *p != '\0'; p++)
    rest = (rest * 10 + (guint) (*p - '0')) % 97;
  return rest;
}

/* @body (30 digits) and its two check digits. */
static char *
eid_with_check (const char *body)
{
  g_autofree char *shifted = g_strconcat (body, "00", NULL);
  char *eid = g_strdup_printf ("%s%02u", body, 98 - mod97 (shifted));

  g_assert_cmpuint (strlen (eid), ==, 32);
  g_assert_cmpuint (mod97 (eid), ==, 1);
  return eid;
}

char *
eo_test_make_eid (guint n)
{
  g_autofree char *body = g_strdup_printf ("890490320000000000%012u", n);

  return eid_with_check (body);
}

char *
eo_test_next_eid (void)
{
  static guint counter;
  g_autofree char *body = g_strdup_printf ("89049032%014u%08u", g_random_int_range (1, 999999), ++counter);

  return eid_with_check (body);
}

static char
luhn_digit (const char *body)
{
  gsize len = strlen (body);
  guint sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint d = (guint) (body[len - 1 - i] - '0');

      if (i % 2 == 0)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return (char) ('0' + (10 - sum % 10) % 10);
}

void
eo_test_write_eid (char  eid[33],
                   guint n)
{
  char shifted[33];
  guint check;

  g_snprintf (shifted, sizeof shifted, "890490321234512345%012u00", n);
  check = 98 - mod97 (shifted);
  memcpy (eid, shifted, 30);
  eid[30] = (char) ('0' + check / 10);
  eid[31] = (char) ('0' + check % 10);
  eid[32] = '\0';
}

char *
eo_test_make_iccid (guint n)
{
  g_autofree char *body = g_strdup_printf ("891004234%09u", n);

  return g_strdup_printf ("%s%c", body, luhn_digit (body));
}

void
eo_test_write_iccid (char  iccid[20],
                     guint n)
{
  g_snprintf (iccid, 20, "8910042%011u", n);
  iccid[18] = luhn_digit (iccid);
  iccid[19] = '\0';
}

char *
eo_test_make_demo_iccid (guint serial)
{
  g_autofree char *body = g_strdup_printf ("8901990%011u", serial);

  return g_strdup_printf ("%s%c", body, luhn_digit (body));
}

gboolean
eo_test_bytes_contain (const char *data,
                       gsize       len,
                       const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= len; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

guint
eo_test_assert_not_in_tree (const char *path,
                            const char *needle)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  GStatBuf st;
  guint n = 0;

  if (g_lstat (path, &st) != 0)
    return 0;
  if (S_ISREG (st.st_mode))
    {
      g_autofree char *data = NULL;
      gsize len = 0;

      if (st.st_size > 64 * 1024 * 1024 || !g_file_get_contents (path, &data, &len, NULL))
        return 0;
      if (eo_test_bytes_contain (data, len, needle))
        g_error ("The secret was found in clear in %s", path);
      return 1;
    }
  if (!S_ISDIR (st.st_mode) || (dir = g_dir_open (path, 0, NULL)) == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      n += eo_test_assert_not_in_tree (child, needle);
    }
  return n;
}

void
eo_test_make_cert (EoTestCertFiles *files)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) openssl = NULL;

  files->dir = g_dir_make_tmp ("eo-net-tls-XXXXXX", &error);
  g_assert_no_error (error);
  files->cert = g_build_filename (files->dir, "cert.pem", NULL);
  files->key = g_build_filename (files->dir, "key.pem", NULL);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error,
                              "openssl", "req", "-x509", "-newkey", "ec",
                              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                              "-keyout", files->key, "-out", files->cert, "-days", "2",
                              "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1",
                              NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (openssl, NULL, &error);
  g_assert_no_error (error);
}

void
eo_test_clear_cert (EoTestCertFiles *files)
{
  g_unlink (files->cert);
  g_unlink (files->key);
  g_rmdir (files->dir);
  g_free (files->cert);
  g_free (files->key);
  g_free (files->dir);
}

void
eo_test_items_changed_cb (GListModel    *model,
                          guint          position,
                          guint          removed,
                          guint          added,
                          EoTestChanges *changes)
{
  changes->n_changes++;
  changes->last_position = position;
  changes->last_removed = removed;
  changes->last_added = added;
}
