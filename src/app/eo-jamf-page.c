/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-page"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-error.h"
#include "eo-jamf-client.h"
#include "eo-jamf-page.h"
#include "eo-jamf-secret.h"
#include "eo-preferences-rows.h"
#include "eo-secret-store.h"

/* Preferences → Jamf Pro, in the order it is keyed: the server URL and
 * the API client ID (GSettings jamf-url, jamf-client-id), then the client
 * secret (the keyring, per server and client ID: the status row names
 * both and is read back after each store); then Test Connection, whose
 * result goes as soon as the URL, the ID or the secret typed changes.
 * The URL is checked as the CLI and the core check it (eo_jamf_client_new:
 * https://, http:// for loopback only). The secret is never shown back,
 * logged or written to GSettings. */

struct _EoJamfPage
{
  AdwPreferencesPage    parent_instance;

  EoApplication        *application;
  GSettings            *settings;
  GCancellable         *cancellable;
  guint                 n_busy;
  /* Bumped by each change of what a lookup or a test was for: an answer
   * for an older one is not shown. */
  guint                 secret_generation;
  guint                 test_generation;

  /* Template widgets */
  AdwPreferencesGroup  *demo_group;
  AdwActionRow         *demo_row;
  AdwPreferencesGroup  *jamf_group;
  AdwPreferencesGroup  *connection_group;
  AdwEntryRow          *url_row;
  AdwEntryRow          *client_id_row;
  AdwEntryRow          *secret_row;
  AdwActionRow         *secret_status_row;
  GtkImage             *secret_status_icon;
  GtkSpinner           *secret_spinner;
  GtkButton            *forget_button;
  GtkSpinner           *test_spinner;
  GtkButton            *test_button;
  GtkWidget            *result_box;
  GtkImage             *result_icon;
  GtkLabel             *result_label;
};

G_DEFINE_FINAL_TYPE (EoJamfPage, eo_jamf_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A keyring call or a test, and the generation it was made for. */
typedef struct
{
  EoJamfPage   *self;
  EoJamfClient *client;
  guint         generation;
} PageCall;

/* Helpers */

static void
busy_push (EoJamfPage *self)
{
  if (self->n_busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
busy_pop (EoJamfPage *self)
{
  g_return_if_fail (self->n_busy > 0);

  if (--self->n_busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static PageCall *
page_call_new (EoJamfPage   *self,
               EoJamfClient *client,
               guint         generation)
{
  PageCall *call = g_new0 (PageCall, 1);

  call->self = g_object_ref (self);
  call->client = client != NULL ? g_object_ref (client) : NULL;
  call->generation = generation;
  busy_push (self);
  return call;
}

static void
page_call_free (PageCall *call)
{
  busy_pop (call->self);
  g_clear_object (&call->self);
  g_clear_object (&call->client);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageCall, page_call_free)

static void
set_secret_status (EoJamfPage *self,
                   const char *icon_name,
                   const char *css_class,
                   const char *text)
{
  eo_status_row_set (self->secret_status_row, self->secret_status_icon, icon_name, css_class, text);
}

static void
show_result (EoJamfPage *self,
             gboolean    success,
             const char *text)
{
  eo_test_result_show (self->result_box, self->result_icon, self->result_label, success, text);
}

static void
forget_test_result (EoJamfPage *self)
{
  self->test_generation++;
  eo_test_result_hide (self->result_box, self->result_label);
}

/* A client for the URL typed (checked), or NULL with the reason shown. */
static EoJamfClient *
client_for_row (EoJamfPage *self)
{
  g_autofree char *url = eo_entry_row_dup_text (self->url_row);
  g_autoptr(GError) error = NULL;
  EoJamfClient *client;

  if (*url == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      show_result (self, FALSE, _("Enter the address of your Jamf Pro server first (https://…)."));
      return NULL;
    }
  client = eo_jamf_client_new (url, &error);
  if (client == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      show_result (self, FALSE, error->message);
      return NULL;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  return client;
}

/* Saves the URL typed (as the client spells it); FALSE if unusable. */
static gboolean
apply_url (EoJamfPage *self)
{
  g_autoptr(EoJamfClient) client = client_for_row (self);
  g_autofree char *saved = NULL;
  const char *url;

  if (client == NULL)
    return FALSE;
  url = eo_jamf_client_get_url (client);
  saved = g_settings_get_string (self->settings, "jamf-url");
  if (g_strcmp0 (saved, url) != 0)
    g_settings_set_string (self->settings, "jamf-url", url);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->url_row)), url) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  return TRUE;
}

static void
apply_client_id (EoJamfPage *self)
{
  g_autofree char *id = eo_entry_row_dup_text (self->client_id_row);
  g_autofree char *saved = g_settings_get_string (self->settings, "jamf-client-id");

  if (g_strcmp0 (saved, id) != 0)
    g_settings_set_string (self->settings, "jamf-client-id", id);
}

/* The secret's status: is one stored for the saved URL and client ID? */

static void
lookup_status_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(PageCall) call = user_data;
  EoJamfPage *self = call->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL, *id = NULL;
  char *secret = eo_jamf_secret_lookup_finish (result, &error);
  gboolean found = secret != NULL;

  g_clear_pointer (&secret, eo_secret_free);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      call->generation != self->secret_generation)
    return;

  eo_status_row_set_busy (self->secret_spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), found);
  url = g_settings_get_string (self->settings, "jamf-url");
  id = g_settings_get_string (self->settings, "jamf-client-id");
  if (error != NULL)
    set_secret_status (self, "dialog-error-symbolic", "error", error->message);
  else if (found)
    {
      /* Translators: the Jamf Pro URL, then the API client ID */
      text = g_strdup_printf (_("A secret is stored for %s, API client “%s”"), url, id);
      set_secret_status (self, "emblem-ok-symbolic", "success", text);
    }
  else
    {
      /* Translators: the Jamf Pro URL, then the API client ID */
      text = g_strdup_printf (_("No secret stored for %s, API client “%s” yet: enter it above and press Enter"),
                              url, id);
      set_secret_status (self, "dialog-password-symbolic", "dim-label", text);
    }
}

static void
refresh_secret_status (EoJamfPage *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "jamf-url");
  g_autofree char *id = g_settings_get_string (self->settings, "jamf-client-id");

  self->secret_generation++;
  if (*url == '\0' || *id == '\0')
    {
      eo_status_row_set_busy (self->secret_spinner, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), FALSE);
      set_secret_status (self, "dialog-password-symbolic", "dim-label",
                         _("Enter the Jamf Pro URL and the API client ID first"));
      return;
    }

  eo_status_row_set_busy (self->secret_spinner, TRUE);
  eo_jamf_secret_lookup_async (url, id, self->cancellable, lookup_status_cb,
                               page_call_new (self, NULL, self->secret_generation));
}

/* Signal callbacks */

static void
settings_changed_cb (EoJamfPage *self)
{
  forget_test_result (self);
  refresh_secret_status (self);
}

static void
edited_cb (EoJamfPage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  forget_test_result (self);
}

static void
url_apply_cb (EoJamfPage *self)
{
  apply_url (self);
}

static void
client_id_apply_cb (EoJamfPage *self)
{
  apply_client_id (self);
}

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PageCall) call = user_data;
  EoJamfPage *self = call->self;
  g_autoptr(GError) error = NULL;

  if (!eo_jamf_secret_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      eo_status_row_set_busy (self->secret_spinner, FALSE);
      /* The secret typed stays in the row so it can be applied again. */
      set_secret_status (self, "dialog-error-symbolic", "error", error->message);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  /* Read back: the row says what the keyring now holds, and for whom. */
  refresh_secret_status (self);
}

static void
secret_apply_cb (EoJamfPage *self)
{
  g_autoptr(EoSecret) secret = NULL;
  g_autofree char *url = NULL, *id = NULL;

  /* A URL and an ID typed but not applied yet count: the secret is
   * stored for what the page shows. */
  if (!apply_url (self))
    return;
  apply_client_id (self);

  secret = eo_entry_row_dup_text (self->secret_row);
  if (*secret == '\0')
    return;
  url = g_settings_get_string (self->settings, "jamf-url");
  id = g_settings_get_string (self->settings, "jamf-client-id");
  if (*id == '\0')
    {
      set_secret_status (self, "dialog-error-symbolic", "error",
                         _("Enter the API client ID first: the secret is stored for one client"));
      return;
    }

  eo_status_row_set_busy (self->secret_spinner, TRUE);
  eo_jamf_secret_store_async (url, id, secret, self->cancellable, store_cb,
                              page_call_new (self, NULL, self->secret_generation));
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PageCall) call = user_data;
  g_autoptr(GError) error = NULL;

  if (!eo_jamf_secret_clear_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      eo_status_row_set_busy (call->self->secret_spinner, FALSE);
      set_secret_status (call->self, "dialog-error-symbolic", "error", error->message);
      return;
    }
  refresh_secret_status (call->self);
}

static void
forget_clicked_cb (EoJamfPage *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "jamf-url");
  g_autofree char *id = g_settings_get_string (self->settings, "jamf-client-id");

  eo_status_row_set_busy (self->secret_spinner, TRUE);
  eo_jamf_secret_clear_async (url, id, self->cancellable, clear_cb,
                              page_call_new (self, NULL, self->secret_generation));
}

/* Connection test */

static void
test_done (EoJamfPage *self)
{
  eo_status_row_set_busy (self->test_spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
}

static void
test_connection_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PageCall) call = user_data;
  EoJamfPage *self = call->self;
  g_autoptr(GError) error = NULL;
  gboolean ok = eo_jamf_client_test_connection_finish (EO_JAMF_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  test_done (self);
  if (call->generation != self->test_generation)
    return; /* tested for a URL, ID or secret no longer on the page */
  if (ok)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the API client ID */
      text = g_strdup_printf (_("Connected: Jamf Pro accepted API client “%s” and its devices can be read"),
                              eo_jamf_client_get_client_id (EO_JAMF_CLIENT (source)));
      show_result (self, TRUE, text);
    }
  else
    show_result (self, FALSE, error->message);
}

/* Runs the test of @call with @secret (NULL: none found). */
static void
run_test (PageCall   *call,
          const char *secret)
{
  EoJamfPage *self = call->self;
  g_autofree char *id = g_strdup (eo_jamf_client_get_client_id (call->client));

  if (secret == NULL)
    {
      show_result (self, FALSE, _("No client secret is stored for this server and API client: enter it above."));
      test_done (self);
      page_call_free (call);
      return;
    }
  eo_jamf_client_set_credentials (call->client, id, secret);
  eo_jamf_client_test_connection_async (call->client, self->cancellable, test_connection_cb, call);
}

static void
test_lookup_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PageCall *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoSecret) secret = eo_jamf_secret_lookup_finish (result, &error);

  if (error != NULL || call->generation != call->self->test_generation)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (error != NULL && call->generation == call->self->test_generation)
            show_result (call->self, FALSE, error->message);
          test_done (call->self);
        }
      page_call_free (call);
      return;
    }
  run_test (call, secret);
}

static void
test_clicked_cb (EoJamfPage *self)
{
  g_autoptr(EoJamfClient) client = client_for_row (self);
  g_autofree char *id = eo_entry_row_dup_text (self->client_id_row);
  g_autoptr(EoSecret) typed = NULL;
  PageCall *call;

  if (client == NULL)
    return;
  if (*id == '\0')
    {
      show_result (self, FALSE, _("Enter the API client ID first."));
      return;
    }

  eo_test_result_hide (self->result_box, self->result_label);
  eo_status_row_set_busy (self->test_spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);
  /* The ID is kept by the client until the secret is known. */
  eo_jamf_client_set_credentials (client, id, NULL);
  call = page_call_new (self, client, ++self->test_generation);

  /* A secret typed but not stored yet is tested as it is; otherwise the
   * one in the keyring. */
  typed = eo_entry_row_dup_text (self->secret_row);
  if (*typed != '\0')
    {
      run_test (call, typed);
      return;
    }
  eo_jamf_secret_lookup_async (eo_jamf_client_get_url (client), id, self->cancellable, test_lookup_cb, call);
}

/* Parent overrides */

static void
eo_jamf_page_dispose (GObject *object)
{
  EoJamfPage *self = EO_JAMF_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_JAMF_PAGE);

  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (eo_jamf_page_parent_class)->dispose (object);
}

static void
eo_jamf_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  EoJamfPage *self = EO_JAMF_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, eo_jamf_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_jamf_page_class_init (EoJamfPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_jamf_page_dispose;
  object_class->get_property = eo_jamf_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-jamf-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, demo_group);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, demo_row);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, jamf_group);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, connection_group);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, secret_row);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, secret_status_row);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, secret_status_icon);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, secret_spinner);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, forget_button);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPage, result_label);
  gtk_widget_class_bind_template_callback (widget_class, edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_id_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, secret_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
}

static void
eo_jamf_page_init (EoJamfPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  eo_a11y_fix_button_names (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* Public API */

EoJamfPage *
eo_jamf_page_new (EoApplication *application)
{
  EoJamfPage *self;
  const char *demo_jamf;
  g_autofree char *url = NULL, *id = NULL;

  g_return_val_if_fail (EO_IS_APPLICATION (application), NULL);

  self = g_object_new (EO_TYPE_JAMF_PAGE, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (eo_application_get_settings (application));
  demo_jamf = eo_application_get_demo_jamf (application);

  if (demo_jamf != NULL)
    {
      g_autofree char *text = NULL;

      /* Demo mode touches neither the keyring nor the settings. */
      /* Translators: %s is the URL of the Jamf Pro simulator */
      text = g_strdup_printf (_("This window uses the bundled Jamf Pro simulator at %s with its demo API client: "
                                "no real phone is reached. The connection below is used when eSIM Onboard runs "
                                "without --demo-jamf."),
                              demo_jamf);
      adw_action_row_set_subtitle (self->demo_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->demo_group), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->jamf_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->connection_group), FALSE);
      adw_action_row_set_subtitle (self->secret_status_row, _("Not used in demo mode"));
      return self;
    }

  url = g_settings_get_string (self->settings, "jamf-url");
  id = g_settings_get_string (self->settings, "jamf-client-id");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), id);
  g_signal_connect_object (self->settings, "changed::jamf-url",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::jamf-client-id",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  refresh_secret_status (self);

  return self;
}

gboolean
eo_jamf_page_get_busy (EoJamfPage *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PAGE (self), FALSE);

  return self->n_busy > 0;
}
