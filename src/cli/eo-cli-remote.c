/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-remote"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "eo-account.h"
#include "eo-cli.h"
#include "eo-cli-diagnostics.h"
#include "eo-client.h"
#include "eo-device-list.h"
#include "eo-device.h"
#include "eo-error.h"
#include "eo-history.h"
#include "eo-poller.h"
#include "eo-secret-store.h"
#include "eo-upload-job.h"
#include "eo-util.h"

/* Environment variable that may hold the API key. */
#define EO_CLI_KEY_ENV "ESIM_ONBOARD_API_KEY"
/* Largest API key file read. */
#define EO_CLI_KEY_FILE_MAX (64 * 1024)
/* Without a terminal, a progress line at most this often (µs). */
#define EO_CLI_PROGRESS_EVERY_US (10 * G_USEC_PER_SEC)

typedef enum
{
  KEY_SOURCE_NONE,
  KEY_SOURCE_FILE,
  KEY_SOURCE_ENV,
  KEY_SOURCE_KEYRING,
} KeySource;

/* What a command needs to talk to the server. */
typedef struct
{
  EoClient  *client;
  char      *server;       /* normalized base URL */
  char      *customer;     /* "" when unknown */
  KeySource  key_source;
  char      *key_file;     /* display name, for messages */
} Remote;

/* State while waiting for the devices of an upload. */
typedef struct
{
  GMainLoop   *loop;
  EoPoller    *poller;
  EoUploadJob *job;         /* when the upload is in the history */
  GError    *error;
  gboolean   interrupted;
  gboolean   finished;
  gboolean   tty;
  gboolean   line_open;     /* a progress line is on screen without '\n' */
  gint64     last_print_us;
  guint      last_done;
} Waiting;

/* ------------------------------------------------------------------ */
/* Output helpers                                                     */

static void
print_error (const char *command,
             const char *message)
{
  g_autoptr(GString) text = g_string_new ("esim-onboard-cli ");

  g_string_append (text, command);
  g_string_append (text, ": ");
  eo_cli_append_printable (text, message);
  g_string_append_c (text, '\n');
  fputs (text->str, stderr);
}

static void
print_hint (const char *message)
{
  g_autoptr(GString) text = g_string_new (NULL);

  eo_cli_append_printable (text, message);
  g_string_append_c (text, '\n');
  fputs (text->str, stderr);
}

static int
usage_error (const char *command,
             const char *message)
{
  g_autofree char *hint = g_strdup_printf (_("Run “esim-onboard-cli %s --help” for usage."), command);

  print_error (command, message);
  print_hint (hint);
  return EO_CLI_EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* Command line                                                       */

/* A key on the command line is visible to every local user (ps, /proc)
 * and lands in the shell history: there is deliberately no option for it.
 * The value is never echoed. */
static gboolean
refuse_key_in_argv (const char *command,
                    int         argc,
                    char      **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        break;
      if (g_str_equal (arg, "--api-key") || g_str_has_prefix (arg, "--api-key=") ||
          g_str_equal (arg, "--key") || g_str_has_prefix (arg, "--key="))
        {
          print_error (command,
                       _("There is no option to give the API key on the command line: "
                         "other users of this computer could read it in the process list, "
                         "and it would stay in the shell history."));
          print_hint (_("Give it with --api-key-file FILE, in the ESIM_ONBOARD_API_KEY environment "
                        "variable, or store it once in the keyring with “esim-onboard-cli set-key”."));
          return TRUE;
        }
    }

  return FALSE;
}

static GOptionContext *
make_context (const char         *command,
              const char         *parameter,
              const char         *summary,
              const char         *exit_codes,
              const GOptionEntry *entries)
{
  g_autofree char *prgname = g_strconcat ("esim-onboard-cli ", command, NULL);
  g_autofree char *description = NULL;
  GOptionContext *context;

  g_set_prgname (prgname);
  context = g_option_context_new (parameter);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  description = g_strdup_printf ("%s\n%s\n\n%s",
                                 _("The API key is read from --api-key-file, else from the ESIM_ONBOARD_API_KEY "
                                   "environment variable, else from the keyring (see “esim-onboard-cli set-key”). "
                                   "It is never accepted on the command line."),
                                 _("The server and customer ID default to the ones saved by the eSIM Onboard app."),
                                 exit_codes);
  g_option_context_set_description (context, description);

  return context;
}

/* glib-networking's GNOME proxy resolver reads the GSettings schema
 * org.gnome.system.proxy and aborts the program when no schema at all is
 * installed (a bare container, a stripped XDG_DATA_DIRS). Without that
 * schema it could not have read any proxy setting anyway: then use GIO's
 * plain resolver. Must run before the first connection and before any
 * thread starts. */
static void
avoid_unusable_proxy_settings (void)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (g_getenv ("GIO_USE_PROXY_RESOLVER") != NULL)
    return;

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.system.proxy", TRUE);
  if (schema == NULL)
    {
      g_debug ("No org.gnome.system.proxy schema: using GIO's default proxy resolver");
      g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
    }
}

/* ------------------------------------------------------------------ */
/* Running async calls                                                */

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* ------------------------------------------------------------------ */
/* Settings and key                                                   */

static void
remote_clear (Remote *remote)
{
  g_clear_object (&remote->client);
  g_clear_pointer (&remote->server, g_free);
  g_clear_pointer (&remote->customer, g_free);
  g_clear_pointer (&remote->key_file, g_free);
}

/* Server and customer: the flags, else the app's saved settings. Fills
 * remote->client (without credentials). */
static int
resolve_account (const char *command,
                 const char *server_flag,
                 const char *customer_flag,
                 gboolean    need_customer,
                 Remote     *remote)
{
  g_autoptr(EoAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  const char *server = server_flag;
  const char *customer = customer_flag;

  /* Only read the settings when a flag is missing. */
  if (server == NULL || customer == NULL)
    {
      account = eo_account_new ();
      if (server == NULL)
        server = eo_account_get_server_url (account);
      if (customer == NULL)
        customer = eo_account_get_customer_id (account);
    }

  remote->client = eo_client_new (server, &error);
  if (remote->client == NULL)
    {
      print_error (command, error->message);
      return EO_CLI_EXIT_CONFIG;
    }
  remote->server = g_strdup (eo_client_get_server_url (remote->client));
  remote->customer = g_strstrip (g_strdup (customer != NULL ? customer : ""));

  if (need_customer && remote->customer[0] == '\0')
    {
      print_error (command, _("No customer ID is set."));
      print_hint (_("Pass --customer ID, or save it in the eSIM Onboard app (Preferences → Account)."));
      return EO_CLI_EXIT_CONFIG;
    }

  return EO_CLI_EXIT_OK;
}

/* First line of @text, without surrounding white space, as a new secret. */
static char *
first_line_trimmed (const char *text,
                    gsize       len)
{
  const char *end = memchr (text, '\n', len);
  gsize n = end != NULL ? (gsize) (end - text) : len;
  const char *start = text;
  char *line;

  while (n > 0 && g_ascii_isspace (*start))
    {
      start++;
      n--;
    }
  while (n > 0 && (g_ascii_isspace (start[n - 1]) || start[n - 1] == '\0'))
    n--;

  line = g_malloc (n + 1);
  memcpy (line, start, n);
  line[n] = '\0';
  return line;
}

static char *
read_key_file (const char  *command,
               const char  *path,
               int         *status)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize len = 0;
  char *key;

  *status = EO_CLI_EXIT_CONFIG;

  if (g_stat (path, &st) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the API key file “%s”: %s"),
                                                  display, g_strerror (errno));
      print_error (command, message);
      return NULL;
    }
  if (!S_ISREG (st.st_mode) && !S_ISFIFO (st.st_mode) && !S_ISCHR (st.st_mode))
    {
      g_autofree char *message = g_strdup_printf (_("The API key file “%s” is not a regular file."), display);
      print_error (command, message);
      return NULL;
    }
  if (S_ISREG (st.st_mode) && (st.st_mode & (S_IRGRP | S_IROTH)) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Warning: other users can read the API key file “%s”. "
                                                    "Restrict it with “chmod 600”."), display);
      print_hint (message);
    }
  if (S_ISREG (st.st_mode) && st.st_size > EO_CLI_KEY_FILE_MAX)
    {
      g_autofree char *message = g_strdup_printf (_("The API key file “%s” is too large to hold a key."), display);
      print_error (command, message);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      /* GLib's message names the file, never its contents. */
      print_error (command, error->message);
      return NULL;
    }

  key = first_line_trimmed (contents, len);
  memset (contents, 0, len);

  if (key[0] == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("The API key file “%s” is empty."), display);
      eo_secret_free (key);
      print_error (command, message);
      return NULL;
    }

  *status = EO_CLI_EXIT_OK;
  return key;
}

static char *
lookup_keyring (const char *command,
                Remote     *remote,
                int        *status)
{
  g_autoptr(EoSecretStore) store = eo_secret_store_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  *status = EO_CLI_EXIT_CONFIG;

  if (remote->customer[0] == '\0')
    {
      print_error (command, _("No API key: without a customer ID, the keyring cannot be searched."));
      print_hint (_("Pass --customer ID, or give the key with --api-key-file FILE or ESIM_ONBOARD_API_KEY."));
      return NULL;
    }

  eo_secret_store_lookup_async (store, remote->server, remote->customer, NULL, on_result_cb, &result);
  key = eo_secret_store_lookup_finish (store, wait_for (&result), &error);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read the API key from the keyring: %s"), error->message);
      print_error (command, message);
      print_hint (_("Give the key with --api-key-file FILE or the ESIM_ONBOARD_API_KEY environment variable instead."));
      return NULL;
    }
  if (key == NULL || key[0] == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("No API key is stored for customer “%s” on %s."),
                                                  remote->customer, remote->server);
      g_autofree char *hint = g_strdup_printf (_("Store it with “esim-onboard-cli set-key --server %s --customer %s” "
                                                 "(the key is read from standard input), or give it with "
                                                 "--api-key-file FILE or ESIM_ONBOARD_API_KEY."),
                                               remote->server, remote->customer);
      eo_secret_free (key);
      print_error (command, message);
      print_hint (hint);
      return NULL;
    }

  *status = EO_CLI_EXIT_OK;
  return key;
}

/* Finds the key and hands it to the client. */
static int
resolve_key (const char *command,
             const char *key_file,
             Remote     *remote)
{
  const char *env_key = g_getenv (EO_CLI_KEY_ENV);
  int status = EO_CLI_EXIT_OK;
  char *key = NULL;

  if (key_file != NULL)
    {
      key = read_key_file (command, key_file, &status);
      remote->key_source = KEY_SOURCE_FILE;
      remote->key_file = g_filename_display_name (key_file);
    }
  else if (env_key != NULL && env_key[0] != '\0')
    {
      key = first_line_trimmed (env_key, strlen (env_key));
      remote->key_source = KEY_SOURCE_ENV;
    }
  else
    {
      key = lookup_keyring (command, remote, &status);
      remote->key_source = KEY_SOURCE_KEYRING;
    }

  if (key == NULL)
    return status != EO_CLI_EXIT_OK ? status : EO_CLI_EXIT_CONFIG;

  /* EoClient wants a customer ID even for status reads, which do not send
   * it: any placeholder does there. */
  eo_client_set_credentials (remote->client,
                             remote->customer[0] != '\0' ? remote->customer : "-",
                             key);
  eo_secret_free (key);

  return EO_CLI_EXIT_OK;
}

static char *
describe_key_source (Remote *remote)
{
  switch (remote->key_source)
    {
    case KEY_SOURCE_FILE:
      return g_strdup_printf (_("The key was read from “%s”."), remote->key_file);
    case KEY_SOURCE_ENV:
      return g_strdup (_("The key was read from the ESIM_ONBOARD_API_KEY environment variable."));
    case KEY_SOURCE_KEYRING:
      return g_strdup_printf (_("The key was read from the keyring (customer “%s” on %s)."),
                              remote->customer, remote->server);
    case KEY_SOURCE_NONE:
    default:
      return g_strdup ("");
    }
}

/* Prints a remote failure with what to do about it. */
static int
report_remote_error (const char   *command,
                     Remote       *remote,
                     const GError *error)
{
  if (g_error_matches (error, EO_ERROR, EO_ERROR_KEY_REFUSED))
    {
      g_autofree char *source = describe_key_source (remote);
      g_autofree char *hint = g_strdup_printf (_("Store the right key with “esim-onboard-cli set-key --server %s --customer %s”, "
                                                 "or correct --api-key-file / ESIM_ONBOARD_API_KEY."),
                                               remote->server,
                                               remote->customer[0] != '\0' ? remote->customer : "ID");

      print_error (command, _("The server refused the API key."));
      print_hint (source);
      print_hint (hint);
      return EO_CLI_EXIT_REMOTE;
    }

  if (g_error_matches (error, EO_ERROR, EO_ERROR_NO_CREDENTIALS))
    {
      print_error (command, error->message);
      return EO_CLI_EXIT_CONFIG;
    }

  print_error (command, error->message);
  return EO_CLI_EXIT_REMOTE;
}

/* ------------------------------------------------------------------ */
/* Devices: counts, table, JSON                                       */

static const char *
device_status_text (EoDevice *device)
{
  const char *text = eo_device_get_status_text (device);

  if (text != NULL && text[0] != '\0')
    return text;

  switch (eo_device_get_status (device))
    {
    case EO_DEVICE_STATUS_SUCCESS:
      return "SUCCESS";
    case EO_DEVICE_STATUS_FAILED:
      return "FAILED";
    case EO_DEVICE_STATUS_PENDING:
    case EO_DEVICE_STATUS_NONE:
    default:
      return "PENDING";
    }
}

static const char *
device_iccid (EoDevice *device)
{
  const char *iccid = eo_device_get_assigned_iccid (device);

  return iccid != NULL ? iccid : eo_device_get_iccid (device);
}

static void
count_devices (GListModel *devices,
               guint      *n_success,
               guint      *n_failed,
               guint      *n_pending)
{
  guint n = g_list_model_get_n_items (devices);

  *n_success = *n_failed = *n_pending = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      switch (eo_device_get_status (device))
        {
        case EO_DEVICE_STATUS_SUCCESS:
          (*n_success)++;
          break;
        case EO_DEVICE_STATUS_FAILED:
          (*n_failed)++;
          break;
        case EO_DEVICE_STATUS_PENDING:
        case EO_DEVICE_STATUS_NONE:
        default:
          (*n_pending)++;
          break;
        }
    }
}

static void
json_add_string_or_null (JsonBuilder *builder,
                         const char  *name,
                         const char  *value)
{
  /* Text from the server or the file may be invalid UTF-8: repaired first. */
  g_autofree char *valid = value != NULL ? g_utf8_make_valid (value, -1) : NULL;

  eo_json_builder_add_nullable_string (builder, name, valid);
}

static void
print_json (const char *request_id,
            const char *smdp_url,
            GListModel *devices)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (devices);
  guint n_success, n_failed, n_pending;

  count_devices (devices, &n_success, &n_failed, &n_pending);

  json_builder_begin_object (builder);
  json_add_string_or_null (builder, "request_id", request_id);
  json_add_string_or_null (builder, "server_url", smdp_url);
  json_builder_set_member_name (builder, "devices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      json_builder_begin_object (builder);
      json_add_string_or_null (builder, "eid", eo_device_get_eid (device));
      json_add_string_or_null (builder, "name", eo_device_get_name (device));
      json_add_string_or_null (builder, "iccid", device_iccid (device));
      json_add_string_or_null (builder, "status", device_status_text (device));
      json_add_string_or_null (builder, "reason", eo_device_get_reason (device));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "succeeded");
  json_builder_add_int_value (builder, n_success);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, n_failed);
  json_builder_set_member_name (builder, "pending");
  json_builder_add_int_value (builder, n_pending);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}

static void
append_cell (GString    *line,
             const char *text,
             guint       width,
             gboolean    last)
{
  g_autoptr(GString) cell = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  glong len;

  eo_cli_append_printable (cell, valid);
  g_string_append (line, cell->str);
  if (last)
    return;
  len = g_utf8_strlen (cell->str, -1);
  for (glong i = len; i < (glong) width + 2; i++)
    g_string_append_c (line, ' ');
}

static guint
cell_width (const char *text)
{
  g_autoptr(GString) cell = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  eo_cli_append_printable (cell, valid);
  return (guint) g_utf8_strlen (cell->str, -1);
}

static void
print_table (GListModel *devices)
{
  /* Translators: column headers of the device table printed by submit --wait and status */
  const char *headers[5] = { _("EID"), _("Name"), _("ICCID"), _("Status"), _("Reason") };
  guint widths[5];
  guint n = g_list_model_get_n_items (devices);
  guint n_success, n_failed, n_pending;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *summary = NULL;

  for (guint c = 0; c < 5; c++)
    widths[c] = cell_width (headers[c]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *cells[5] = { eo_device_get_eid (device), eo_device_get_name (device),
                               device_iccid (device), device_status_text (device),
                               eo_device_get_reason (device) };

      for (guint c = 0; c < 5; c++)
        widths[c] = MAX (widths[c], cell_width (cells[c]));
    }

  for (guint c = 0; c < 5; c++)
    append_cell (out, headers[c], widths[c], c == 4);
  g_string_append_c (out, '\n');

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);
      const char *cells[5] = { eo_device_get_eid (device), eo_device_get_name (device),
                               device_iccid (device), device_status_text (device),
                               eo_device_get_reason (device) };

      for (guint c = 0; c < 5; c++)
        append_cell (out, cells[c] != NULL ? cells[c] : (c == 2 ? "—" : ""), widths[c], c == 4);
      /* No trailing blanks when the reason is empty. */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }

  count_devices (devices, &n_success, &n_failed, &n_pending);
  /* Translators: summary under the device table */
  summary = g_strdup_printf (_("%u succeeded, %u failed, %u pending"), n_success, n_failed, n_pending);
  g_string_append (out, summary);
  g_string_append_c (out, '\n');
  fputs (out->str, stdout);
}

static int
exit_for_devices (GListModel *devices)
{
  guint n_success, n_failed, n_pending;

  count_devices (devices, &n_success, &n_failed, &n_pending);
  if (n_pending > 0)
    return EO_CLI_EXIT_PENDING;
  if (n_failed > 0)
    return EO_CLI_EXIT_ROWS_FAILED;
  return EO_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Waiting with EoPoller                                              */

static void
progress_print (Waiting  *waiting,
                gboolean  force)
{
  guint total = eo_poller_get_n_total (waiting->poller);
  guint n_success = eo_poller_get_n_success (waiting->poller);
  guint n_failed = eo_poller_get_n_failed (waiting->poller);
  guint n_pending = eo_poller_get_n_pending (waiting->poller);
  guint done = n_success + n_failed;
  gint64 now = g_get_monotonic_time ();
  g_autofree char *line = NULL;

  if (waiting->tty)
    {
      line = g_strdup_printf (_("Waiting for the server: %u of %u done (%u succeeded, %u failed, %u pending)…"),
                              done, total, n_success, n_failed, n_pending);
      fprintf (stderr, "\r\033[K%s", line);
      fflush (stderr);
      waiting->line_open = TRUE;
      return;
    }

  if (!force && (done == waiting->last_done || now - waiting->last_print_us < EO_CLI_PROGRESS_EVERY_US))
    return;

  waiting->last_done = done;
  waiting->last_print_us = now;
  line = g_strdup_printf (_("%u of %u done (%u succeeded, %u failed, %u pending)"),
                          done, total, n_success, n_failed, n_pending);
  fprintf (stderr, "%s\n", line);
}

static void
progress_end (Waiting *waiting)
{
  if (waiting->line_open)
    {
      fputc ('\n', stderr);
      waiting->line_open = FALSE;
    }
}

static void
on_poller_updated_cb (EoPoller *poller,
                      Waiting  *waiting)
{
  progress_print (waiting, FALSE);
}

static void
on_poller_finished_cb (EoPoller *poller,
                       Waiting  *waiting)
{
  waiting->finished = TRUE;
  g_main_loop_quit (waiting->loop);
}

static void
on_poller_failed_cb (EoPoller     *poller,
                     const GError *error,
                     Waiting      *waiting)
{
  g_clear_error (&waiting->error);
  waiting->error = g_error_copy (error);
  g_main_loop_quit (waiting->loop);
}

static void
on_job_updated_cb (EoUploadJob *job,
                   Waiting     *waiting)
{
  progress_print (waiting, FALSE);
}

static void
on_job_finished_cb (EoUploadJob *job,
                    Waiting     *waiting)
{
  waiting->finished = TRUE;
  g_main_loop_quit (waiting->loop);
}

static void
on_job_failed_cb (EoUploadJob  *job,
                  const GError *error,
                  Waiting      *waiting)
{
  g_clear_error (&waiting->error);
  waiting->error = g_error_copy (error);
  g_main_loop_quit (waiting->loop);
}

static gboolean
on_interrupt_cb (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->interrupted = TRUE;
  /* The job saves the record (still ACCEPTED: resumable). */
  if (waiting->job != NULL)
    eo_upload_job_cancel (waiting->job);
  else
    eo_poller_cancel (waiting->poller);
  g_main_loop_quit (waiting->loop);
  return G_SOURCE_CONTINUE;
}

/* Polls until every device is final, the user interrupts, or a read
 * fails for good. Prints the result. With @job (an upload of the history,
 * accepted or resumed), the job polls and records every change; else
 * @poller polls alone. */
static int
wait_and_report (const char  *command,
                 Remote      *remote,
                 EoPoller    *poller,
                 EoUploadJob *job,
                 const char  *smdp_url,
                 gboolean     json,
                 int          status_if_done)
{
  Waiting waiting = { NULL };
  const char *request_id;
  GListModel *devices;
  guint sigint_id, sigterm_id;
  gboolean running;
  int status;

  g_return_val_if_fail ((poller == NULL) != (job == NULL), EO_CLI_EXIT_REMOTE);

  waiting.loop = g_main_loop_new (NULL, FALSE);
  waiting.job = job;
  waiting.tty = isatty (fileno (stderr));
  waiting.last_print_us = g_get_monotonic_time ();

  if (job != NULL)
    {
      g_signal_connect (job, "updated", G_CALLBACK (on_job_updated_cb), &waiting);
      g_signal_connect (job, "finished", G_CALLBACK (on_job_finished_cb), &waiting);
      g_signal_connect (job, "failed", G_CALLBACK (on_job_failed_cb), &waiting);
      /* A submitted job polls already; a recorded one resumes. */
      if (!eo_upload_job_get_running (job))
        eo_upload_job_resume (job);
      poller = eo_upload_job_get_poller (job);
      request_id = eo_upload_record_get_request_id (eo_upload_job_get_record (job));
    }
  else
    {
      g_signal_connect (poller, "updated", G_CALLBACK (on_poller_updated_cb), &waiting);
      g_signal_connect (poller, "finished", G_CALLBACK (on_poller_finished_cb), &waiting);
      g_signal_connect (poller, "failed", G_CALLBACK (on_poller_failed_cb), &waiting);
      eo_poller_start (poller);
      request_id = eo_poller_get_request_id (poller);
    }
  waiting.poller = poller;
  sigint_id = g_unix_signal_add (SIGINT, on_interrupt_cb, &waiting);
  sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt_cb, &waiting);

  if (poller != NULL)
    progress_print (&waiting, TRUE);
  running = job != NULL ? eo_upload_job_get_running (job) : eo_poller_get_running (poller);
  if (running && waiting.error == NULL)
    g_main_loop_run (waiting.loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (job != NULL)
    g_signal_handlers_disconnect_by_data (job, &waiting);
  else
    g_signal_handlers_disconnect_by_data (poller, &waiting);
  if (!waiting.interrupted && !waiting.finished && waiting.error == NULL)
    waiting.finished = job != NULL ? !eo_upload_job_get_running (job) : !eo_poller_get_running (poller);
  progress_end (&waiting);

  if (job != NULL)
    devices = eo_upload_record_get_devices (eo_upload_job_get_record (job));
  else
    devices = eo_poller_get_devices (poller);

  if (waiting.error != NULL || waiting.interrupted)
    {
      g_autofree char *resume = g_strdup_printf (_("The upload continues on the server. To follow it: "
                                                   "esim-onboard-cli status %s --wait --server %s"),
                                                 request_id, remote->server);

      if (waiting.error != NULL)
        status = report_remote_error (command, remote, waiting.error);
      else
        {
          print_error (command, _("Stopped waiting."));
          status = EO_CLI_EXIT_PENDING;
        }
      print_hint (resume);
      if (json)
        print_json (request_id, smdp_url, devices);
      g_clear_error (&waiting.error);
      g_main_loop_unref (waiting.loop);
      return status;
    }

  if (json)
    print_json (request_id, smdp_url, devices);
  else
    print_table (devices);

  g_main_loop_unref (waiting.loop);

  status = exit_for_devices (devices);
  if (status == EO_CLI_EXIT_OK)
    status = status_if_done;
  return status;
}

/* Interval option shared by submit and status. */
static void
apply_interval (EoPoller *poller,
                int       interval_ms)
{
  if (interval_ms > 0)
    eo_poller_set_intervals (poller, (guint) interval_ms, MAX ((guint) interval_ms, EO_POLLER_DEFAULT_MAX_MS));
}

static void
apply_job_interval (EoUploadJob *job,
                    int          interval_ms)
{
  if (interval_ms > 0)
    eo_upload_job_set_intervals (job, (guint) interval_ms, MAX ((guint) interval_ms, EO_POLLER_DEFAULT_MAX_MS));
}

/* The answer to an upload, as the job reports it. */
typedef struct
{
  gboolean  done;
  GError   *error;
} Sending;

static void
on_submit_accepted_cb (EoUploadJob *job,
                       Sending     *sending)
{
  sending->done = TRUE;
  g_main_context_wakeup (NULL);
}

static void
on_submit_failed_cb (EoUploadJob  *job,
                     const GError *error,
                     Sending      *sending)
{
  g_clear_error (&sending->error);
  sending->error = g_error_copy (error);
  sending->done = TRUE;
  g_main_context_wakeup (NULL);
}

/* ------------------------------------------------------------------ */
/* submit                                                             */

/* The same lines as “validate”: FILE:LINE: COLUMN: SEVERITY: MESSAGE. */
static void
print_problems (const char   *display_name,
                EoDeviceList *list)
{
  g_autoptr(GString) out = g_string_new (NULL);

  eo_cli_write_problems (stderr, out, display_name, list);
  fputs (out->str, stderr);
}

static const char submit_exit_codes[] =
  N_("Exit status:\n"
     "  0  every device succeeded (without --wait: the upload was accepted)\n"
     "  1  some devices failed, or rows with errors were left out of the upload\n"
     "  2  the device list cannot be read\n"
     "  3  the command line is wrong\n"
     "  4  no server, customer ID or API key; the keyring failed\n"
     "  5  the server refused the upload or could not be reached\n"
     "  6  stopped waiting (Ctrl+C) while devices were still pending");

int
eo_cli_submit (int    argc,
               char **argv)
{
  gboolean wait = FALSE;
  gboolean json = FALSE;
  int interval_ms = 0;
  g_autofree char *server = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *key_file = NULL;
  g_auto(GStrv) files = NULL;
  const GOptionEntry entries[] = {
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait,
      N_("Wait until every device is done and print the result per device"), NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the result as one JSON document"), NULL },
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("CSO server (default: the app's setting, else https://cso.celona.io)"), N_("URL") },
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer,
      N_("Customer ID (default: the app's setting)"), N_("ID") },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("Read the API key from the first line of FILE"), N_("FILE") },
    { "poll-interval", 0, 0, G_OPTION_ARG_INT, &interval_ms,
      N_("With --wait, first delay between status reads (default 2000; it grows up to 30000)"), N_("MS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(EoUploadRecord) record = NULL;
  g_autoptr(EoUploadJob) job = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *basename = NULL;
  const char *request_id;
  const char *smdp_url;
  GListModel *devices;
  Sending sending = { FALSE, NULL };
  Remote remote = { NULL };
  guint n_valid, n_rows, n_left_out;
  int status;

  if (refuse_key_in_argv ("submit", argc, argv))
    return EO_CLI_EXIT_USAGE;
  avoid_unusable_proxy_settings ();

  context = make_context ("submit", _("FILE"),
                          _("Check a device list as “validate” does, upload the rows without errors to the CSO, "
                            "and print the request ID and the SM-DP+ server URL. With --wait, follow the devices "
                            "until each one succeeded or failed."),
                          _(submit_exit_codes), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("submit", error->message);
  if (files == NULL || files[0] == NULL)
    return usage_error ("submit", _("No device list given."));
  if (files[1] != NULL)
    return usage_error ("submit", _("Only one device list can be uploaded at a time."));
  if (interval_ms < 0)
    return usage_error ("submit", _("--poll-interval must be a positive number of milliseconds."));

  /* 1. The file, checked as “validate” does. */
  display_name = g_filename_display_name (files[0]);
  file = g_file_new_for_commandline_arg (files[0]);
  list = eo_device_list_load (file, NULL, &error);
  if (list == NULL)
    {
      eo_cli_print_file_error (display_name, error);
      return EO_CLI_EXIT_UNREADABLE;
    }

  print_problems (display_name, list);
  n_rows = eo_device_list_get_n_rows (list);
  n_valid = eo_device_list_get_n_valid (list);
  n_left_out = n_rows - n_valid;
  if (n_valid == 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("Nothing was uploaded: the only row has errors.",
                                                            "Nothing was uploaded: all %u rows have errors.",
                                                            n_rows), n_rows);
      print_error ("submit", message);
      return EO_CLI_EXIT_ROWS_FAILED;
    }

  /* 2. Where, who, and the key. */
  status = resolve_account ("submit", server, customer, TRUE, &remote);
  if (status == EO_CLI_EXIT_OK)
    status = resolve_key ("submit", key_file, &remote);
  if (status != EO_CLI_EXIT_OK)
    {
      remote_clear (&remote);
      return status;
    }

  if (n_left_out > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u row with errors is left out; uploading %u of %u devices.",
                                                            "%u rows with errors are left out; uploading %u of %u devices.",
                                                            n_left_out),
                                                  n_left_out, n_valid, n_rows);
      print_hint (message);
    }

  /* 3. Upload the clean rows only, recorded in the history first (so
   * that a crash never leads to sending it twice, and the app shows it). */
  csv = eo_device_list_to_normalized_csv (list);
  basename = g_file_get_basename (file);
  record = eo_upload_record_new (remote.server, remote.customer, basename,
                                 eo_device_list_has_iccid_column (list));
  eo_upload_record_add_devices_from_list (record, list);
  history = eo_history_new (NULL);
  job = eo_upload_job_new (remote.client, history, record);
  apply_job_interval (job, interval_ms);
  g_signal_connect (job, "accepted", G_CALLBACK (on_submit_accepted_cb), &sending);
  g_signal_connect (job, "failed", G_CALLBACK (on_submit_failed_cb), &sending);
  eo_upload_job_submit (job, csv, basename);
  /* The job keeps what it sends; the list is not needed any more (with
   * 100,000 devices the two take about 20 MB). */
  g_clear_pointer (&csv, g_bytes_unref);
  g_clear_object (&list);
  while (!sending.done)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (job, &sending);

  if (sending.error != NULL)
    {
      status = report_remote_error ("submit", &remote, sending.error);
      g_clear_error (&sending.error);
      remote_clear (&remote);
      return status;
    }

  request_id = eo_upload_record_get_request_id (record);
  smdp_url = eo_upload_record_get_server_url (record);
  devices = eo_upload_record_get_devices (record);

  if (!json)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      g_string_append_printf (out, "%s ", _("Request ID:"));
      eo_cli_append_printable (out, request_id);
      g_string_append_printf (out, "\n%s ", _("SM-DP+ server:"));
      eo_cli_append_printable (out, smdp_url != NULL ? smdp_url : "");
      g_string_append_c (out, '\n');
      fputs (out->str, stdout);
      fflush (stdout);
    }

  if (!wait)
    {
      /* Stop following; the record stays ACCEPTED for “status --wait”
       * and the app. */
      eo_upload_job_cancel (job);
      if (json)
        print_json (request_id, smdp_url, devices);
      else
        {
          g_autofree char *hint = g_strdup_printf (_("Accepted. Follow it with: esim-onboard-cli status %s --wait"),
                                                   request_id);
          print_hint (hint);
        }
      remote_clear (&remote);
      return n_left_out > 0 ? EO_CLI_EXIT_ROWS_FAILED : EO_CLI_EXIT_OK;
    }

  status = wait_and_report ("submit", &remote, NULL, job, smdp_url, json,
                            n_left_out > 0 ? EO_CLI_EXIT_ROWS_FAILED : EO_CLI_EXIT_OK);

  remote_clear (&remote);
  return status;
}

/* ------------------------------------------------------------------ */
/* status                                                             */

static const char status_exit_codes[] =
  N_("Exit status:\n"
     "  0  every device succeeded\n"
     "  1  some devices failed (and none is pending)\n"
     "  3  the command line is wrong\n"
     "  4  no server or API key; the keyring failed\n"
     "  5  the server refused the request or could not be reached (an unknown request ID included)\n"
     "  6  some devices are still pending (without --wait), or waiting was stopped");

int
eo_cli_status (int    argc,
               char **argv)
{
  gboolean wait = FALSE;
  gboolean json = FALSE;
  int interval_ms = 0;
  g_autofree char *server = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *key_file = NULL;
  g_auto(GStrv) ids = NULL;
  const GOptionEntry entries[] = {
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait,
      N_("Wait until every device is done"), NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json,
      N_("Print the result as one JSON document"), NULL },
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("CSO server (default: the app's setting, else https://cso.celona.io)"), N_("URL") },
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer,
      N_("Customer ID whose key is taken from the keyring (default: the app's setting)"), N_("ID") },
    { "api-key-file", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("Read the API key from the first line of FILE"), N_("FILE") },
    { "poll-interval", 0, 0, G_OPTION_ARG_INT, &interval_ms,
      N_("With --wait, first delay between status reads (default 2000; it grows up to 30000)"), N_("MS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &ids, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) configs = NULL;
  g_autoptr(GListStore) devices = NULL;
  g_autoptr(EoPoller) poller = NULL;
  Remote remote = { NULL };
  int status;

  if (refuse_key_in_argv ("status", argc, argv))
    return EO_CLI_EXIT_USAGE;
  avoid_unusable_proxy_settings ();

  context = make_context ("status", _("REQUEST_ID"),
                          _("Show the devices of an upload, as the CSO reports them. With --wait, follow them "
                            "until each one succeeded or failed."),
                          _(status_exit_codes), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("status", error->message);
  if (ids == NULL || ids[0] == NULL || g_strstrip (ids[0])[0] == '\0')
    return usage_error ("status", _("No request ID given."));
  if (ids[1] != NULL)
    return usage_error ("status", _("Give one request ID."));
  if (interval_ms < 0)
    return usage_error ("status", _("--poll-interval must be a positive number of milliseconds."));

  status = resolve_account ("status", server, customer, FALSE, &remote);
  if (status == EO_CLI_EXIT_OK)
    status = resolve_key ("status", key_file, &remote);
  if (status != EO_CLI_EXIT_OK)
    {
      remote_clear (&remote);
      return status;
    }

  if (wait)
    {
      g_autoptr(EoHistory) history = eo_history_new (NULL);
      g_autoptr(EoUploadJob) job = NULL;
      g_autoptr(GError) load_error = NULL;
      EoUploadRecord *record = NULL;

      /* An upload of the history is resumed through it, so that its
       * record follows (and the app shows the result); else plain
       * polling. */
      if (eo_history_load (history, NULL, &load_error))
        record = eo_history_lookup_request_id (history, ids[0]);
      else
        g_debug ("History not read: %s", load_error->message);
      if (record != NULL &&
          g_strcmp0 (eo_upload_record_get_server (record), remote.server) == 0 &&
          (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_ACCEPTED ||
           eo_upload_record_get_state (record) == EO_UPLOAD_STATE_FINISHED))
        {
          job = eo_upload_job_new (remote.client, history, record);
          apply_job_interval (job, interval_ms);
          status = wait_and_report ("status", &remote, NULL, job,
                                    eo_upload_record_get_server_url (record), json, EO_CLI_EXIT_OK);
        }
      else
        {
          poller = eo_poller_new (remote.client, ids[0]);
          apply_interval (poller, interval_ms);
          status = wait_and_report ("status", &remote, poller, NULL, NULL, json, EO_CLI_EXIT_OK);
        }
      remote_clear (&remote);
      return status;
    }

  eo_client_eid_status_async (remote.client, ids[0], NULL, on_result_cb, &result);
  configs = eo_client_eid_status_finish (remote.client, wait_for (&result), &error);
  if (configs == NULL)
    {
      status = report_remote_error ("status", &remote, error);
      remote_clear (&remote);
      return status;
    }

  devices = g_list_store_new (EO_TYPE_DEVICE);
  for (guint i = 0; i < configs->len; i++)
    {
      const EoRemoteConfig *config = g_ptr_array_index (configs, i);
      g_autoptr(EoDevice) device = eo_device_new (config->eid != NULL ? config->eid : "",
                                                  config->name != NULL ? config->name : "",
                                                  NULL);

      eo_device_set_remote (device, config->kind, config->status, config->reason, config->iccid);
      g_list_store_append (devices, device);
    }

  if (json)
    print_json (ids[0], NULL, G_LIST_MODEL (devices));
  else
    print_table (G_LIST_MODEL (devices));

  remote_clear (&remote);

  /* No row yet: the server has not started. */
  if (configs->len == 0)
    return EO_CLI_EXIT_PENDING;
  return exit_for_devices (G_LIST_MODEL (devices));
}

/* ------------------------------------------------------------------ */
/* set-key                                                            */

/* Reads one line from standard input into a fixed buffer (no copies left
 * behind by reallocation); without echo on a terminal. */
static char *
read_key_from_stdin (gboolean *ok)
{
  char buffer[4096];
  gboolean tty = isatty (STDIN_FILENO);
  struct termios saved, quiet;
  gboolean echo_off = FALSE;
  char *line = NULL;
  char *key;

  *ok = FALSE;

  if (tty)
    {
      fputs (_("API key (not shown): "), stderr);
      fflush (stderr);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          quiet = saved;
          quiet.c_lflag &= ~(tcflag_t) ECHO;
          quiet.c_lflag |= ECHONL;
          echo_off = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  line = fgets (buffer, sizeof buffer, stdin);

  if (echo_off)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (line == NULL)
    {
      memset (buffer, 0, sizeof buffer);
      return NULL;
    }

  key = first_line_trimmed (buffer, strnlen (buffer, sizeof buffer));
  memset (buffer, 0, sizeof buffer);
  *ok = TRUE;
  return key;
}

static const char set_key_exit_codes[] =
  N_("Exit status:\n"
     "  0  the key was stored (or removed)\n"
     "  3  the command line is wrong\n"
     "  4  no customer ID, no key on standard input, or the keyring failed");

int
eo_cli_set_key (int    argc,
                char **argv)
{
  gboolean clear = FALSE;
  g_autofree char *server = NULL;
  g_autofree char *customer = NULL;
  g_auto(GStrv) rest = NULL;
  const GOptionEntry entries[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, &server,
      N_("CSO server (default: the app's setting, else https://cso.celona.io)"), N_("URL") },
    { "customer", 'c', 0, G_OPTION_ARG_STRING, &customer,
      N_("Customer ID (default: the app's setting)"), N_("ID") },
    { "clear", 0, 0, G_OPTION_ARG_NONE, &clear,
      N_("Remove the stored key instead"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoSecretStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *message = NULL;
  Remote remote = { NULL };
  int status;

  if (refuse_key_in_argv ("set-key", argc, argv))
    return EO_CLI_EXIT_USAGE;
  avoid_unusable_proxy_settings ();

  context = make_context ("set-key", NULL,
                          _("Store the API key of a customer in the keyring, for the app and for “submit” and "
                            "“status”. The key is read from standard input (one line; not shown when typed), "
                            "e.g. “esim-onboard-cli set-key --customer ID < keyfile”."),
                          _(set_key_exit_codes), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("set-key", error->message);
  if (rest != NULL && rest[0] != NULL)
    {
      print_error ("set-key", _("The key is read from standard input, not from the command line."));
      print_hint (_("Run for example “esim-onboard-cli set-key --customer ID < keyfile”, or type the key when asked."));
      return EO_CLI_EXIT_USAGE;
    }

  status = resolve_account ("set-key", server, customer, TRUE, &remote);
  if (status != EO_CLI_EXIT_OK)
    {
      remote_clear (&remote);
      return status;
    }

  store = eo_secret_store_new ();

  if (clear)
    {
      eo_secret_store_clear_async (store, remote.server, remote.customer, NULL, on_result_cb, &result);
      if (!eo_secret_store_clear_finish (store, wait_for (&result), &error))
        {
          print_error ("set-key", error->message);
          remote_clear (&remote);
          return EO_CLI_EXIT_CONFIG;
        }
      message = g_strdup_printf (_("Removed the API key of customer “%s” on %s from the keyring."),
                                 remote.customer, remote.server);
    }
  else
    {
      gboolean ok;
      char *key = read_key_from_stdin (&ok);
      gboolean sendable = TRUE;

      if (key == NULL || key[0] == '\0')
        {
          eo_secret_free (key);
          print_error ("set-key", _("No API key on standard input."));
          remote_clear (&remote);
          return EO_CLI_EXIT_CONFIG;
        }
      for (const char *p = key; *p != '\0'; p++)
        if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
          sendable = FALSE;
      if (!sendable)
        {
          eo_secret_free (key);
          print_error ("set-key", _("The API key contains characters that cannot be sent to the server "
                                    "(control characters or non-ASCII)."));
          remote_clear (&remote);
          return EO_CLI_EXIT_CONFIG;
        }

      eo_secret_store_store_async (store, remote.server, remote.customer, key, NULL, on_result_cb, &result);
      eo_secret_free (key);
      if (!eo_secret_store_store_finish (store, wait_for (&result), &error))
        {
          print_error ("set-key", error->message);
          remote_clear (&remote);
          return EO_CLI_EXIT_CONFIG;
        }
      message = g_strdup_printf (_("Stored the API key of customer “%s” on %s in the keyring."),
                                 remote.customer, remote.server);
    }

  print_hint (message);
  remote_clear (&remote);
  return EO_CLI_EXIT_OK;
}
