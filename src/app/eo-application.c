/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-application.h"
#include "eo-dialogs.h"
#include "eo-error.h"
#include "eo-jamf-page.h"
#include "eo-jamf-secret.h"
#include "eo-job-manager.h"
#include "eo-preferences-page.h"
#include "eo-stall-probe.h"
#include "eo-window.h"

struct _EoApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *demo_server;
  char           *demo_jamf;

  EoAccount      *account;
  EoSecretStore  *secret_store;
  EoHistory      *history;
  EoJobManager   *job_manager;
  EoPushManager  *push_manager;
  /* The preferences dialog while it is open (weak). */
  GtkWidget      *preferences;
};

G_DEFINE_FINAL_TYPE (EoApplication, eo_application, ADW_TYPE_APPLICATION)

/* A window the next file can go to: the active one if it shows no list
 * yet, otherwise a new one. */
static EoWindow *
get_window_for_file (EoApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (EO_IS_WINDOW (active) && eo_window_is_empty (EO_WINDOW (active)))
    return EO_WINDOW (active);

  return eo_window_new (self);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  EoApplication *self = user_data;

  gtk_window_present (GTK_WINDOW (eo_window_new (self)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  EoApplication *self = user_data;

  eo_about_show (gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  EoApplication *self = user_data;

  eo_application_show_preferences (self,
                                   gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  EoApplication *self = user_data;
  GList *windows;

  /* Closing the windows (rather than g_application_quit) lets each one
   * save its size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static int
eo_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  EoApplication *self = EO_APPLICATION (application);
  const char *demo = NULL;

  if (g_variant_dict_lookup (options, "demo", "&s", &demo))
    {
      g_free (self->demo_server);
      self->demo_server = g_strdup (demo);
    }
  if (g_variant_dict_lookup (options, "demo-jamf", "&s", &demo))
    {
      g_free (self->demo_jamf);
      self->demo_jamf = g_strdup (demo);
    }

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("esim-onboard %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

/* GTK before 4.14: CSS that draws the same window with fewer layers for
 * its GL renderer (style-ngl.css says why). */
static void
load_ngl_style (void)
{
#if !GTK_CHECK_VERSION (4, 14, 0)
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/esimonboard/EsimOnboard/style-ngl.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
#endif
}

static void
eo_application_startup (GApplication *application)
{
  EoApplication *self = EO_APPLICATION (application);
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *new_window_accels[] = { "<Control>n", NULL };
  static const char *problems_accels[] = { "<Control>e", NULL };
  static const char *filter_accels[] = { "<Control><Shift>e", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *assign_accels[] = { "<Control>Return", NULL };
  static const char *history_accels[] = { "<Control>h", NULL };
  static const char *handoff_accels[] = { "<Control>m", NULL };

  G_APPLICATION_CLASS (eo_application_parent_class)->startup (application);
  load_ngl_style ();
  /* EO_DEBUG_STALLS=FILE: main-loop stalls to FILE (nothing otherwise). */
  eo_stall_probe_attach_from_env (GTK_APPLICATION (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.open", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-problems-only", problems_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.choose-device-filter", filter_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.assign", assign_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-history", history_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-handoff", handoff_accels);
}

static void
eo_application_activate (GApplication *application)
{
  EoApplication *self = EO_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (eo_window_new (self));

  gtk_window_present (window);
}

static void
eo_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  EoApplication *self = EO_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      EoWindow *window = get_window_for_file (self);

      eo_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
eo_application_dispose (GObject *object)
{
  EoApplication *self = EO_APPLICATION (object);

  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *)&self->preferences);
  self->preferences = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->account);
  g_clear_object (&self->secret_store);
  if (self->job_manager != NULL)
    eo_job_manager_shutdown (self->job_manager);
  g_clear_object (&self->job_manager);
  if (self->push_manager != NULL)
    eo_push_manager_shutdown (self->push_manager);
  g_clear_object (&self->push_manager);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (eo_application_parent_class)->dispose (object);
}

static void
eo_application_finalize (GObject *object)
{
  EoApplication *self = EO_APPLICATION (object);

  g_clear_pointer (&self->demo_server, g_free);
  g_clear_pointer (&self->demo_jamf, g_free);

  G_OBJECT_CLASS (eo_application_parent_class)->finalize (object);
}

static void
eo_application_class_init (EoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = eo_application_dispose;
  object_class->finalize = eo_application_finalize;

  app_class->handle_local_options = eo_application_handle_local_options;
  app_class->startup = eo_application_startup;
  app_class->activate = eo_application_activate;
  app_class->open = eo_application_open;
}

static void
eo_application_init (EoApplication *self)
{
  static const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use the CSO simulator at URL: no real eSIMs are assigned"), N_("URL") },
    { "demo-jamf", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Use the Jamf Pro simulator at URL with its demo API client"), N_("URL") },
    { NULL }
  };

  self->settings = g_settings_new (APP_ID);

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Check a device list and assign Celona eSIMs to company phones."));
}

EoApplication *
eo_application_new (void)
{
  return g_object_new (EO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/esimonboard/EsimOnboard",
                       NULL);
}

GSettings *
eo_application_get_settings (EoApplication *self)
{
  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
eo_application_get_demo_server (EoApplication *self)
{
  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  return self->demo_server;
}

EoAccount *
eo_application_get_account (EoApplication *self)
{
  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  if (self->account == NULL)
    self->account = eo_account_new ();

  return self->account;
}

EoSecretStore *
eo_application_get_secret_store (EoApplication *self)
{
  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  if (self->secret_store == NULL)
    self->secret_store = eo_secret_store_new ();

  return self->secret_store;
}

EoHistory *
eo_application_get_history (EoApplication *self)
{
  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  if (self->history == NULL)
    self->history = eo_history_new (NULL);

  return self->history;
}

void
eo_application_show_preferences (EoApplication *self,
                                 GtkWindow     *parent)
{
  g_return_if_fail (EO_IS_APPLICATION (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  if (self->preferences == NULL)
    {
      self->preferences = eo_preferences_new (ADW_PREFERENCES_PAGE (eo_preferences_page_new (self)));
      eo_preferences_add_page (self->preferences, ADW_PREFERENCES_PAGE (eo_jamf_page_new (self)));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *)&self->preferences);
    }

  eo_dialog_present (self->preferences, parent);
}

void
eo_application_set_demo_server (EoApplication *self,
                                const char    *url)
{
  g_return_if_fail (EO_IS_APPLICATION (self));

  g_free (self->demo_server);
  self->demo_server = g_strdup (url);
  if (self->job_manager != NULL)
    eo_job_manager_set_demo_server (self->job_manager, url);
}

EoJobManager *
eo_application_get_job_manager (EoApplication *self)
{
  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  if (self->job_manager == NULL)
    self->job_manager = eo_job_manager_new (eo_application_get_history (self),
                                            eo_application_get_secret_store (self),
                                            self->demo_server);

  return self->job_manager;
}

const char *
eo_application_get_demo_jamf (EoApplication *self)
{
  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  return self->demo_jamf;
}

void
eo_application_set_demo_jamf (EoApplication *self,
                              const char    *url)
{
  g_return_if_fail (EO_IS_APPLICATION (self));

  g_free (self->demo_jamf);
  self->demo_jamf = g_strdup (url);
}

/* Jamf Pro: the client the app uses */

typedef struct
{
  EoJamfClient *client;
  char         *client_id;
} JamfConnect;

static void
jamf_connect_free (JamfConnect *connect)
{
  g_clear_object (&connect->client);
  g_free (connect->client_id);
  g_free (connect);
}

static void
jamf_secret_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  JamfConnect *connect = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret = eo_jamf_secret_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (secret == NULL)
    {
      g_task_return_new_error (task, EO_ERROR, EO_ERROR_NO_CREDENTIALS,
                               _("No client secret is stored for Jamf Pro API client “%s”: enter it in "
                                 "Preferences → Jamf Pro."), connect->client_id);
      return;
    }
  eo_jamf_client_set_credentials (connect->client, connect->client_id, secret);
  eo_secret_free (secret);
  g_task_return_pointer (task, g_steal_pointer (&connect->client), g_object_unref);
}

void
eo_application_jamf_connect_async (EoApplication       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *client_id = NULL;
  JamfConnect *connect;

  g_return_if_fail (EO_IS_APPLICATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, eo_application_jamf_connect_async);
  url = g_strdup (self->demo_jamf != NULL ? self->demo_jamf : "");
  client_id = g_strdup (EO_DEMO_JAMF_CLIENT_ID);
  if (self->demo_jamf == NULL)
    {
      g_free (url);
      g_free (client_id);
      url = g_strstrip (g_settings_get_string (self->settings, "jamf-url"));
      client_id = g_strstrip (g_settings_get_string (self->settings, "jamf-client-id"));
    }
  if (*url == '\0' || *client_id == '\0')
    {
      g_task_return_new_error (task, EO_ERROR, EO_ERROR_NO_CREDENTIALS,
                               _("eSIM Onboard is not connected to Jamf Pro yet: enter its server, API client "
                                 "and secret in Preferences → Jamf Pro."));
      return;
    }

  connect = g_new0 (JamfConnect, 1);
  g_task_set_task_data (task, connect, (GDestroyNotify) jamf_connect_free);
  connect->client = eo_jamf_client_new (url, &error);
  if (connect->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  connect->client_id = g_steal_pointer (&client_id);
  if (self->demo_jamf != NULL)
    {
      /* The simulator's demo API client: its secret is in memory only,
       * never looked up nor stored in the keyring. */
      eo_jamf_client_set_credentials (connect->client, connect->client_id, EO_DEMO_JAMF_SECRET);
      g_task_return_pointer (task, g_steal_pointer (&connect->client), g_object_unref);
      return;
    }
  eo_jamf_secret_lookup_async (eo_jamf_client_get_url (connect->client), connect->client_id, cancellable,
                               jamf_secret_cb, g_steal_pointer (&task));
}

EoJamfClient *
eo_application_jamf_connect_finish (EoApplication  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

EoPushManager *
eo_application_get_push_manager (EoApplication *self)
{
  EoJobManager *jobs;

  g_return_val_if_fail (EO_IS_APPLICATION (self), NULL);

  if (self->push_manager != NULL)
    return self->push_manager;
  self->push_manager = eo_push_manager_new (self);
  /* Pushes an earlier run left unfinished, once the history is read. */
  jobs = eo_application_get_job_manager (self);
  if (eo_job_manager_get_loaded (jobs))
    eo_push_manager_resume (self->push_manager);
  else
    g_signal_connect_object (jobs, "loaded", G_CALLBACK (eo_push_manager_resume), self->push_manager,
                             G_CONNECT_SWAPPED);
  return self->push_manager;
}
