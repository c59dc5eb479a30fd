/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EoSecretStore against the test session's real gnome-keyring, against a
 * bus without any Secret Service and against one that never answers; and
 * EoAccount with and without the GSettings schema.
 *
 * Cases that need another session bus or another schema lookup path run
 * this program again as a child ("--child MODE") with its own
 * environment, printing one result line that the parent checks. */
#define G_LOG_DOMAIN "test-account"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "eo-account.h"
#include "eo-error.h"
#include "eo-secret-store.h"

#define TEST_SERVER "http://127.0.0.1:9/"
/* A key in the shape of the vendor's sample (bcrypt-like, with '$'). */
#define TEST_KEY    "$2a$04$TestKeyForAccountSuite.zz9QxW"

static const char *self_path;

/* ---------------------------------------------------------------------- */
/* Running async calls to completion                                      */

typedef struct
{
  GAsyncResult *result;
} Waiter;

static void
on_done_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_result (Waiter *waiter)
{
  while (waiter->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return waiter->result;
}

static char *
lookup (EoSecretStore *store,
        const char    *server,
        const char    *customer,
        GCancellable  *cancellable,
        GError       **error)
{
  Waiter waiter = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  eo_secret_store_lookup_async (store, server, customer, cancellable, on_done_cb, &waiter);
  result = wait_result (&waiter);
  return eo_secret_store_lookup_finish (store, result, error);
}

static gboolean
store_key (EoSecretStore *store,
           const char    *server,
           const char    *customer,
           const char    *key,
           GError       **error)
{
  Waiter waiter = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  eo_secret_store_store_async (store, server, customer, key, NULL, on_done_cb, &waiter);
  result = wait_result (&waiter);
  return eo_secret_store_store_finish (store, result, error);
}

static gboolean
clear_key (EoSecretStore *store,
           const char    *server,
           const char    *customer,
           GError       **error)
{
  Waiter waiter = { NULL };
  g_autoptr(GAsyncResult) result = NULL;

  eo_secret_store_clear_async (store, server, customer, NULL, on_done_cb, &waiter);
  result = wait_result (&waiter);
  return eo_secret_store_clear_finish (store, result, error);
}

/* ---------------------------------------------------------------------- */
/* Children                                                               */

/* Filter of the fake keyring: swallows every method call, answers none. */
static GDBusMessage *
drop_calls_filter (GDBusConnection *connection,
                   GDBusMessage    *message,
                   gboolean         incoming,
                   gpointer         user_data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_object_unref (message);
      return NULL;
    }

  return message;
}

/* Owns org.freedesktop.secrets on the session bus and never answers. */
static GDBusConnection *
start_silent_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *address = NULL;
  GDBusConnection *connection;
  guint32 code = 0;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_add_filter (connection, drop_calls_filter, NULL, NULL);

  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.secrets", 4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &code);
  g_assert_cmpuint (code, ==, 1 /* PRIMARY_OWNER */);

  return connection;
}

static void
print_error_result (const GError *error,
                    gint64        elapsed_us)
{
  if (error == NULL)
    g_print ("result=ok elapsed_ms=%" G_GINT64_FORMAT "\n", elapsed_us / 1000);
  else
    g_print ("result=%s:%d elapsed_ms=%" G_GINT64_FORMAT " message=%s\n",
             g_quark_to_string (error->domain), error->code, elapsed_us / 1000, error->message);
}

static int
run_child (const char *mode)
{
  if (g_str_equal (mode, "lookup") || g_str_equal (mode, "store") || g_str_equal (mode, "silent"))
    {
      g_autoptr(EoSecretStore) store = eo_secret_store_new ();
      g_autoptr(GDBusConnection) silent = NULL;
      g_autoptr(GError) error = NULL;
      const char *timeout = g_getenv ("TEST_KEYRING_TIMEOUT_MS");
      gint64 start;

      if (timeout != NULL)
        eo_secret_store_set_timeout (store, (guint) g_ascii_strtoull (timeout, NULL, 10));
      if (g_str_equal (mode, "silent"))
        silent = start_silent_keyring ();

      start = g_get_monotonic_time ();
      if (g_str_equal (mode, "store"))
        store_key (store, TEST_SERVER, "acme", TEST_KEY, &error);
      else
        {
          char *key = lookup (store, TEST_SERVER, "acme", NULL, &error);
          if (key != NULL)
            g_print ("found-a-key\n");
          eo_secret_free (key);
        }
      print_error_result (error, g_get_monotonic_time () - start);
      return 0;
    }

  if (g_str_equal (mode, "account"))
    {
      g_autoptr(EoAccount) account = eo_account_new ();

      g_print ("persistent=%d server=%s customer=%s\n",
               eo_account_is_persistent (account),
               eo_account_get_server_url (account),
               eo_account_get_customer_id (account));
      eo_account_set_customer_id (account, " cust-7 ");
      g_print ("after-set customer=%s\n", eo_account_get_customer_id (account));
      return 0;
    }

  g_printerr ("unknown child mode %s\n", mode);
  return 99;
}

/* Runs this program as a child with @env changes (NAME=VALUE sets, NAME=
 * with no '=' unsets) and returns its stdout. Asserts a clean exit. */
static char *
spawn_child (const char         *mode,
             const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *eq = strchr (env[i], '=');

      if (eq == NULL)
        g_subprocess_launcher_unsetenv (launcher, env[i]);
      else
        {
          g_autofree char *name = g_strndup (env[i], eq - env[i]);
          g_subprocess_launcher_setenv (launcher, name, eq + 1, TRUE);
        }
    }

  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--child", mode, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("child %s: stdout: %s stderr: %s", mode, out, err);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

  return g_steal_pointer (&out);
}

/* A session bus of our own with no service files: nothing provides
 * org.freedesktop.secrets, and nothing can be activated. */
typedef struct
{
  GSubprocess *daemon;
  char        *dir;
  char        *address;
} PrivateBus;

static void
private_bus_start (PrivateBus *bus)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *arg = NULL;
  g_autoptr(GDataInputStream) lines = NULL;

  bus->dir = g_dir_make_tmp ("eo-bus-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_strdup_printf ("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
                            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                            "<busconfig>\n"
                            "  <type>session</type>\n"
                            "  <listen>unix:dir=%s</listen>\n"
                            "  <auth>EXTERNAL</auth>\n"
                            "  <policy context=\"default\">\n"
                            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
                            "    <allow eavesdrop=\"true\"/>\n"
                            "    <allow own=\"*\"/>\n"
                            "  </policy>\n"
                            "</busconfig>\n", bus->dir);
  config_path = g_build_filename (bus->dir, "bus.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  arg = g_strconcat ("--config-file=", config_path, NULL);
  bus->daemon = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                  "dbus-daemon", arg, "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->daemon));
  bus->address = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus->address);
  g_strstrip (bus->address);
}

static void
private_bus_stop (PrivateBus *bus)
{
  g_subprocess_force_exit (bus->daemon);
  g_subprocess_wait (bus->daemon, NULL, NULL);
  g_clear_object (&bus->daemon);
  g_clear_pointer (&bus->address, g_free);
  if (bus->dir != NULL)
    {
      g_autofree char *config_path = g_build_filename (bus->dir, "bus.conf", NULL);
      g_unlink (config_path);
      /* The daemon removes its socket on exit. */
      g_rmdir (bus->dir);
      g_clear_pointer (&bus->dir, g_free);
    }
}

static gint64
parse_elapsed (const char *out)
{
  const char *p = strstr (out, "elapsed_ms=");

  g_assert_nonnull (p);
  return g_ascii_strtoll (p + strlen ("elapsed_ms="), NULL, 10);
}

/* ---------------------------------------------------------------------- */
/* Tests with the real keyring of the test session                        */

static void
test_secret_roundtrip (void)
{
  g_autoptr(EoSecretStore) store = eo_secret_store_new ();
  g_autoptr(GError) error = NULL;
  char *key;

  /* Nothing yet. */
  key = lookup (store, TEST_SERVER, "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  g_assert_true (store_key (store, TEST_SERVER, "acme", TEST_KEY, &error));
  g_assert_no_error (error);

  /* The same server written without the trailing slash finds it. */
  key = lookup (store, "http://127.0.0.1:9", "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, TEST_KEY);
  eo_secret_free (key);

  /* Another customer, or another server, finds nothing. */
  key = lookup (store, TEST_SERVER, "other-customer", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  key = lookup (store, "https://cso.celona.io", "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  /* Replacing keeps one item with the new key. */
  g_assert_true (store_key (store, TEST_SERVER, "acme", "second-key", &error));
  g_assert_no_error (error);
  key = lookup (store, TEST_SERVER, "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "second-key");
  eo_secret_free (key);

  g_assert_true (clear_key (store, TEST_SERVER, "acme", &error));
  g_assert_no_error (error);
  key = lookup (store, TEST_SERVER, "acme", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  /* Clearing what is not there is fine. */
  g_assert_true (clear_key (store, TEST_SERVER, "acme", &error));
  g_assert_no_error (error);
}

static void
test_secret_cancelled (void)
{
  g_autoptr(EoSecretStore) store = eo_secret_store_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  char *key;

  g_cancellable_cancel (cancellable);
  key = lookup (store, TEST_SERVER, "acme", cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (key);
}

static void
test_secret_wipe (void)
{
  char *secret = g_strdup ("abc$def");
  char *alias = secret;

  eo_secret_wipe (secret);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (alias[i], ==, '\0');
  eo_secret_free (secret);
  eo_secret_free (NULL);
}

static void
test_secret_normalize (void)
{
  g_autofree char *a = eo_secret_store_normalize_server (" https://cso.celona.io// ");
  g_autofree char *b = eo_secret_store_normalize_server ("https://cso.celona.io");

  g_assert_cmpstr (a, ==, "https://cso.celona.io");
  g_assert_cmpstr (b, ==, "https://cso.celona.io");
}

/* ---------------------------------------------------------------------- */
/* Tests without a working keyring (children)                             */

static void
test_secret_no_service (void)
{
  PrivateBus bus = { NULL };
  g_autofree char *env_bus = NULL;
  g_autofree char *out_lookup = NULL;
  g_autofree char *out_store = NULL;
  g_autofree char *expected = g_strdup_printf ("result=%s:%d ",
                                               g_quark_to_string (EO_ERROR),
                                               EO_ERROR_KEYRING_UNAVAILABLE);

  private_bus_start (&bus);
  env_bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", bus.address, NULL);

  {
    const char *env[] = { env_bus, NULL };

    out_lookup = spawn_child ("lookup", env);
    out_store = spawn_child ("store", env);
  }
  private_bus_stop (&bus);

  g_assert_nonnull (strstr (out_lookup, expected));
  g_assert_nonnull (strstr (out_store, expected));
  g_assert_null (strstr (out_lookup, "found-a-key"));
  /* A sentence saying what to do, and never the key. */
  g_assert_nonnull (strstr (out_store, "Secret Service"));
  g_assert_null (strstr (out_store, TEST_KEY));
}

static void
test_secret_bogus_bus (void)
{
  g_autofree char *dir = g_dir_make_tmp ("eo-nobus-XXXXXX", NULL);
  g_autofree char *env_bus = g_strdup_printf ("DBUS_SESSION_BUS_ADDRESS=unix:path=%s/no-such-socket", dir);
  const char *env[] = { env_bus, NULL };
  g_autofree char *out = spawn_child ("lookup", env);
  g_autofree char *expected = g_strdup_printf ("result=%s:%d ",
                                               g_quark_to_string (EO_ERROR),
                                               EO_ERROR_KEYRING_UNAVAILABLE);

  g_rmdir (dir);
  g_assert_nonnull (strstr (out, expected));
}

static void
test_secret_timeout (void)
{
  PrivateBus bus = { NULL };
  g_autofree char *env_bus = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("result=%s:%d ",
                                               g_quark_to_string (EO_ERROR),
                                               EO_ERROR_KEYRING_TIMEOUT);
  gint64 elapsed;

  private_bus_start (&bus);
  env_bus = g_strconcat ("DBUS_SESSION_BUS_ADDRESS=", bus.address, NULL);
  {
    const char *env[] = { env_bus, "TEST_KEYRING_TIMEOUT_MS=400", NULL };

    out = spawn_child ("silent", env);
  }
  private_bus_stop (&bus);

  g_assert_nonnull (strstr (out, expected));
  elapsed = parse_elapsed (out);
  g_test_message ("keyring time limit 400 ms, failed after %" G_GINT64_FORMAT " ms", elapsed);
  g_assert_cmpint (elapsed, >=, 390);
  g_assert_cmpint (elapsed, <, 2000);
  g_assert_nonnull (strstr (out, "did not answer"));
}

/* ---------------------------------------------------------------------- */
/* EoAccount                                                              */

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_account_fallback (void)
{
  g_autoptr(EoAccount) account = eo_account_new_for_schema_source (NULL);
  guint notified = 0;

  g_assert_false (eo_account_is_persistent (account));
  g_assert_null (eo_account_get_settings (account));
  g_assert_cmpstr (eo_account_get_server_url (account), ==, EO_ACCOUNT_DEFAULT_SERVER);
  g_assert_cmpstr (eo_account_get_customer_id (account), ==, "");
  g_assert_false (eo_account_has_customer_id (account));

  g_signal_connect (account, "notify::customer-id", G_CALLBACK (on_notify_cb), &notified);
  eo_account_set_customer_id (account, "  acme ");
  g_assert_cmpstr (eo_account_get_customer_id (account), ==, "acme");
  g_assert_true (eo_account_has_customer_id (account));
  g_assert_cmpuint (notified, ==, 1);
  eo_account_set_customer_id (account, "acme");
  g_assert_cmpuint (notified, ==, 1);

  eo_account_set_server_url (account, "http://127.0.0.1:8080");
  g_assert_cmpstr (eo_account_get_server_url (account), ==, "http://127.0.0.1:8080");
  eo_account_set_server_url (account, "");
  g_assert_cmpstr (eo_account_get_server_url (account), ==, EO_ACCOUNT_DEFAULT_SERVER);
}

static GSettingsSchemaSource *
test_schema_source (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "core", "account", NULL);
  g_autoptr(GError) error = NULL;
  GSettingsSchemaSource *source;

  source = g_settings_schema_source_new_from_directory (dir, NULL, FALSE, &error);
  g_assert_no_error (error);
  return source;
}

static void
test_account_gsettings (void)
{
  g_autoptr(GSettingsSchemaSource) source = test_schema_source ();
  g_autoptr(EoAccount) account = eo_account_new_for_schema_source (source);
  g_autoptr(EoAccount) other = NULL;
  GSettings *settings;
  g_autofree char *stored = NULL;
  guint notified = 0;

  g_assert_true (eo_account_is_persistent (account));
  settings = eo_account_get_settings (account);
  g_assert_nonnull (settings);
  g_assert_cmpstr (eo_account_get_server_url (account), ==, "https://cso.celona.io");
  g_assert_cmpstr (eo_account_get_customer_id (account), ==, "");

  g_signal_connect (account, "notify::customer-id", G_CALLBACK (on_notify_cb), &notified);
  eo_account_set_customer_id (account, "acme");
  stored = g_settings_get_string (settings, "customer-id");
  g_assert_cmpstr (stored, ==, "acme");
  g_assert_cmpuint (notified, ==, 1);

  /* A second instance (another window, the next run) sees it. */
  other = eo_account_new_for_schema_source (source);
  g_assert_cmpstr (eo_account_get_customer_id (other), ==, "acme");

  /* Changes made through GSettings (dconf-editor, the other instance)
   * reach the object. */
  eo_account_set_server_url (other, "http://127.0.0.1:4444/");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (eo_account_get_server_url (account), ==, "http://127.0.0.1:4444/");

  /* Back to the default. */
  eo_account_set_server_url (account, NULL);
  g_assert_cmpstr (eo_account_get_server_url (account), ==, "https://cso.celona.io");
  g_assert_false (g_settings_get_user_value (settings, "server-url") != NULL);

  eo_account_set_customer_id (account, NULL);
  g_assert_false (eo_account_has_customer_id (account));
}

static void
test_account_default_source_missing (void)
{
  g_autofree char *empty = g_dir_make_tmp ("eo-noschema-XXXXXX", NULL);
  g_autofree char *env_data = g_strconcat ("XDG_DATA_DIRS=", empty, NULL);
  g_autofree char *env_home = g_strconcat ("XDG_DATA_HOME=", empty, NULL);
  const char *env[] = { "GSETTINGS_SCHEMA_DIR", env_data, env_home, NULL };
  g_autofree char *out = spawn_child ("account", env);

  g_rmdir (empty);
  g_assert_nonnull (strstr (out, "persistent=0 server=https://cso.celona.io customer=\n"));
  g_assert_nonnull (strstr (out, "after-set customer=cust-7\n"));
}

static void
test_account_default_source_present (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "core", "account", NULL);
  g_autofree char *env_dir = g_strconcat ("GSETTINGS_SCHEMA_DIR=", dir, NULL);
  const char *env[] = { env_dir, "GSETTINGS_BACKEND=memory", NULL };
  g_autofree char *out = spawn_child ("account", env);

  g_assert_nonnull (strstr (out, "persistent=1 server=https://cso.celona.io customer=\n"));
  g_assert_nonnull (strstr (out, "after-set customer=cust-7\n"));
}

int
main (int    argc,
      char **argv)
{
  self_path = argv[0];

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/account/secret/roundtrip", test_secret_roundtrip);
  g_test_add_func ("/account/secret/cancelled", test_secret_cancelled);
  g_test_add_func ("/account/secret/wipe", test_secret_wipe);
  g_test_add_func ("/account/secret/normalize-server", test_secret_normalize);
  g_test_add_func ("/account/secret/unavailable/no-service", test_secret_no_service);
  g_test_add_func ("/account/secret/unavailable/bogus-bus", test_secret_bogus_bus);
  g_test_add_func ("/account/secret/timeout", test_secret_timeout);
  g_test_add_func ("/account/settings/fallback", test_account_fallback);
  g_test_add_func ("/account/settings/gsettings", test_account_gsettings);
  g_test_add_func ("/account/settings/default-source/missing", test_account_default_source_missing);
  g_test_add_func ("/account/settings/default-source/present", test_account_default_source_present);

  return g_test_run ();
}
