/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-preferences-page"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-account.h"
#include "eo-client.h"
#include "eo-error.h"
#include "eo-preferences-page.h"
#include "eo-preferences-rows.h"
#include "eo-secret-store.h"

/* Preferences: the account, in the order it is keyed: the server URL,
 * the customer ID (both in GSettings) and the API key (in the keyring, per
 * server and customer: the key's row names both); then a connection test,
 * whose result goes as soon as the server, customer or key changes.
 * Every keyring call is asynchronous and cancelled when the window goes;
 * its failures (no keyring, locked, too slow) are shown, never fatal.
 * The key is never logged, never written to GSettings. */

struct _EoPreferencesPage
{
  AdwPreferencesPage    parent_instance;

  EoApplication        *application;
  EoAccount            *account;
  EoSecretStore        *secret_store;
  GCancellable         *cancellable;
  guint                 n_busy;
  gboolean              demo;
  /* Bumped by each change of what a key lookup or a test was for: an
   * answer for an older one is not shown. */
  guint                 key_generation;
  guint                 test_generation;

  /* Template widgets */
  AdwPreferencesGroup  *demo_group;
  AdwActionRow         *demo_row;
  AdwPreferencesGroup  *account_group;
  AdwPreferencesGroup  *connection_group;
  AdwEntryRow          *customer_row;
  AdwEntryRow          *api_key_row;
  AdwActionRow         *key_status_row;
  GtkImage             *key_status_icon;
  GtkSpinner           *key_spinner;
  GtkButton            *forget_button;
  AdwEntryRow          *server_row;
  GtkButton            *server_reset_button;
  AdwActionRow         *test_row;
  GtkSpinner           *test_spinner;
  GtkButton            *test_button;
  GtkWidget            *result_box;
  GtkImage             *result_icon;
  GtkLabel             *result_label;
};

G_DEFINE_FINAL_TYPE (EoPreferencesPage, eo_preferences_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
busy_push (EoPreferencesPage *self)
{
  if (self->n_busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
busy_pop (EoPreferencesPage *self)
{
  g_return_if_fail (self->n_busy > 0);

  if (--self->n_busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_key_status (EoPreferencesPage *self,
                const char          *icon_name,
                const char          *css_class,
                const char          *text)
{
  eo_status_row_set (self->key_status_row, self->key_status_icon, icon_name, css_class, text);
}

static void
set_key_busy (EoPreferencesPage *self,
              gboolean             busy)
{
  eo_status_row_set_busy (self->key_spinner, busy);
}

static void
show_result (EoPreferencesPage *self,
             gboolean             success,
             const char          *text)
{
  eo_test_result_show (self->result_box, self->result_icon, self->result_label, success, text);
}

static void
hide_result (EoPreferencesPage *self)
{
  eo_test_result_hide (self->result_box, self->result_label);
}

/* A stale Test Connection result goes, and so does the answer of a test
 * still running. */
static void
forget_test_result (EoPreferencesPage *self)
{
  self->test_generation++;
  hide_result (self);
}

/* Key status: is a key stored for the account's server and customer? It
 * says which ones, so that a key is never taken for another server's. */

typedef struct
{
  EoPreferencesPage *self;
  guint              generation;
} KeyLookup;

static void
lookup_status_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  KeyLookup *lookup = user_data;
  g_autoptr(EoPreferencesPage) self = lookup->self;
  guint generation = lookup->generation;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoSecret) key = NULL;
  g_autofree char *text = NULL;

  g_free (lookup);
  key = eo_secret_store_lookup_finish (EO_SECRET_STORE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (generation != self->key_generation)
    {
      busy_pop (self);
      return; /* a lookup for another server or customer follows */
    }

  set_key_busy (self, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), key != NULL);

  if (error != NULL)
    set_key_status (self, "dialog-error-symbolic", "error", error->message);
  else if (key != NULL)
    {
      /* Translators: the server URL, then the customer ID */
      text = g_strdup_printf (_("Key stored for %s (customer %s)"),
                              eo_account_get_server_url (self->account),
                              eo_account_get_customer_id (self->account));
      set_key_status (self, "emblem-ok-symbolic", "success", text);
    }
  else
    {
      /* Translators: the server URL, then the customer ID */
      text = g_strdup_printf (_("No key stored for %s (customer %s) yet: enter it above and press Enter"),
                              eo_account_get_server_url (self->account),
                              eo_account_get_customer_id (self->account));
      set_key_status (self, "dialog-password-symbolic", "dim-label", text);
    }
  busy_pop (self);
}

static void
refresh_key_status (EoPreferencesPage *self)
{
  KeyLookup *lookup;

  if (self->demo)
    return;

  self->key_generation++;
  if (!eo_account_has_customer_id (self->account))
    {
      set_key_busy (self, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), FALSE);
      set_key_status (self, "dialog-password-symbolic", "dim-label",
                      _("Enter the customer ID first"));
      return;
    }

  busy_push (self);
  set_key_busy (self, TRUE);
  lookup = g_new0 (KeyLookup, 1);
  lookup->self = g_object_ref (self);
  lookup->generation = self->key_generation;
  eo_secret_store_lookup_async (self->secret_store,
                                eo_account_get_server_url (self->account),
                                eo_account_get_customer_id (self->account),
                                self->cancellable,
                                lookup_status_cb,
                                lookup);
}

/* Signal callbacks */

/* The server or customer changed (here, in another window, or by the
 * CLI): the key's row says it for the new ones. */
static void
account_changed_cb (EoPreferencesPage *self)
{
  forget_test_result (self);
  refresh_key_status (self);
}

/* Typing in a row of the account. */
static void
account_edited_cb (EoPreferencesPage *self)
{
  forget_test_result (self);
}

static void
customer_apply_cb (EoPreferencesPage *self)
{
  g_autofree char *customer = eo_entry_row_dup_text (self->customer_row);

  if (g_strcmp0 (customer, eo_account_get_customer_id (self->account)) == 0)
    return;

  eo_account_set_customer_id (self->account, customer);
}

static gboolean apply_server (EoPreferencesPage *self);

static void
store_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EoPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!eo_secret_store_store_finish (EO_SECRET_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_key_busy (self, FALSE);
      /* The key typed stays in the row so it can be applied again. */
      set_key_status (self, "dialog-error-symbolic", "error", error->message);
      busy_pop (self);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->api_key_row), "");
  busy_pop (self);
  /* Read back: the row says what the keyring now holds, and for whom. */
  refresh_key_status (self);
}

static void
api_key_apply_cb (EoPreferencesPage *self)
{
  g_autoptr(EoSecret) key = NULL;

  /* A server and a customer typed but not applied yet count: the key is
   * stored for what the page shows. */
  if (!apply_server (self))
    return;
  customer_apply_cb (self);

  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->api_key_row))));
  if (*key == '\0')
    return;

  if (!eo_account_has_customer_id (self->account))
    {
      set_key_status (self, "dialog-error-symbolic", "error",
                      _("Enter the customer ID first: the key is stored for one customer"));
      return;
    }

  busy_push (self);
  set_key_busy (self, TRUE);
  eo_secret_store_store_async (self->secret_store,
                               eo_account_get_server_url (self->account),
                               eo_account_get_customer_id (self->account),
                               key,
                               self->cancellable,
                               store_cb,
                               g_object_ref (self));
}

static void
clear_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EoPreferencesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!eo_secret_store_clear_finish (EO_SECRET_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_key_busy (self, FALSE);
      set_key_status (self, "dialog-error-symbolic", "error", error->message);
      busy_pop (self);
      return;
    }

  busy_pop (self);
  refresh_key_status (self);
}

static void
forget_clicked_cb (EoPreferencesPage *self)
{
  if (!eo_account_has_customer_id (self->account))
    return;

  busy_push (self);
  set_key_busy (self, TRUE);
  eo_secret_store_clear_async (self->secret_store,
                               eo_account_get_server_url (self->account),
                               eo_account_get_customer_id (self->account),
                               self->cancellable,
                               clear_cb,
                               g_object_ref (self));
}

static void
server_changed_cb (EoPreferencesPage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  forget_test_result (self);
}

/* Saves the server typed; FALSE (and why, below) if it cannot be used. */
static gboolean
apply_server (EoPreferencesPage *self)
{
  g_autofree char *url = eo_entry_row_dup_text (self->server_row);
  g_autoptr(EoClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (*url == '\0')
    {
      g_free (url);
      url = g_strdup (EO_ACCOUNT_DEFAULT_SERVER);
      gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
    }

  client = eo_client_new (url, &error);
  if (client == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      show_result (self, FALSE, error->message);
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  if (g_strcmp0 (eo_account_get_server_url (self->account), url) != 0)
    eo_account_set_server_url (self->account, url); /* keys are per server: account_changed_cb */
  return TRUE;
}

static void
server_apply_cb (EoPreferencesPage *self)
{
  apply_server (self);
}

static void
server_reset_clicked_cb (EoPreferencesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), EO_ACCOUNT_DEFAULT_SERVER);
  server_apply_cb (self);
}

/* Connection test */

typedef struct
{
  EoPreferencesPage *self;
  EoClient            *client;
  char                *customer;
  guint                generation;
} TestData;

static void
test_data_free (TestData *data)
{
  g_clear_object (&data->self);
  g_clear_object (&data->client);
  g_free (data->customer);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestData, test_data_free)

static void
test_done (EoPreferencesPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), FALSE);
  gtk_spinner_set_spinning (self->test_spinner, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), TRUE);
  busy_pop (self);
}

static void
test_connection_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TestData) data = user_data;
  g_autoptr(GError) error = NULL;
  EoPreferencesPage *self = data->self;
  gboolean ok = eo_client_test_connection_finish (EO_CLIENT (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data->generation != self->test_generation)
    {
      /* Tested for a server, customer or key no longer on the page. */
      test_done (self);
      return;
    }
  if (!ok)
    {
      show_result (self, FALSE, error->message);
    }
  else
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the customer ID */
      text = g_strdup_printf (_("Connected: the server accepted the key for customer %s"),
                              data->customer);
      show_result (self, TRUE, text);
    }

  test_done (self);
}

/* Runs the test with @key (NULL: none found). Does not keep @key. */
static void
run_test (TestData   *data,
          const char *key)
{
  EoPreferencesPage *self = data->self;

  if (key == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the customer ID */
      text = g_strdup_printf (_("No API key is stored for customer %s on this server: enter it above"),
                              data->customer);
      show_result (self, FALSE, text);
      test_done (self);
      test_data_free (data);
      return;
    }

  eo_client_set_credentials (data->client, data->customer, key);
  eo_client_test_connection_async (data->client, self->cancellable,
                                   test_connection_cb, data);
}

static void
test_lookup_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TestData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoSecret) key = NULL;

  key = eo_secret_store_lookup_finish (EO_SECRET_STORE (source), result, &error);
  if (error != NULL || data->generation != data->self->test_generation)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (error != NULL && data->generation == data->self->test_generation)
            show_result (data->self, FALSE, error->message);
          test_done (data->self);
        }
      test_data_free (data);
      return;
    }

  run_test (data, key);
}

static void
test_clicked_cb (EoPreferencesPage *self)
{
  g_autofree char *url = eo_entry_row_dup_text (self->server_row);
  g_autofree char *customer = eo_entry_row_dup_text (self->customer_row);
  g_autoptr(EoSecret) typed_key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoClient) client = NULL;
  TestData *data;

  if (*url == '\0')
    {
      g_free (url);
      url = g_strdup (EO_ACCOUNT_DEFAULT_SERVER);
    }

  client = eo_client_new (url, &error);
  if (client == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      show_result (self, FALSE, error->message);
      return;
    }
  if (*customer == '\0')
    {
      show_result (self, FALSE, _("Enter a customer ID first"));
      return;
    }

  hide_result (self);
  busy_push (self);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), TRUE);
  gtk_spinner_set_spinning (self->test_spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), FALSE);

  data = g_new0 (TestData, 1);
  data->self = g_object_ref (self);
  data->client = g_steal_pointer (&client);
  data->customer = g_steal_pointer (&customer);
  data->generation = ++self->test_generation;

  /* A key typed but not saved yet is tested as it is; otherwise the one
   * in the keyring. */
  typed_key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->api_key_row))));
  if (*typed_key != '\0')
    {
      run_test (data, typed_key);
      return;
    }

  eo_secret_store_lookup_async (self->secret_store, url, data->customer,
                                self->cancellable, test_lookup_cb, data);
}

/* Parent overrides */

static void
eo_preferences_page_dispose (GObject *object)
{
  EoPreferencesPage *self = EO_PREFERENCES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_PREFERENCES_PAGE);

  g_clear_object (&self->account);
  g_clear_object (&self->secret_store);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (eo_preferences_page_parent_class)->dispose (object);
}

static void
eo_preferences_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  EoPreferencesPage *self = EO_PREFERENCES_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, eo_preferences_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_preferences_page_class_init (EoPreferencesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_preferences_page_dispose;
  object_class->get_property = eo_preferences_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-preferences-page.ui");
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, demo_group);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, demo_row);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, account_group);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, connection_group);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, key_status_row);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, key_status_icon);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, key_spinner);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, forget_button);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, server_reset_button);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, test_row);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, test_button);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, result_box);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, result_icon);
  gtk_widget_class_bind_template_child (widget_class, EoPreferencesPage, result_label);
  gtk_widget_class_bind_template_callback (widget_class, account_edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, api_key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, forget_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, server_reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
}

static void
eo_preferences_page_init (EoPreferencesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  eo_a11y_fix_button_names (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* Public API */

EoPreferencesPage *
eo_preferences_page_new (EoApplication *application)
{
  EoPreferencesPage *self;
  const char *demo_server;

  g_return_val_if_fail (EO_IS_APPLICATION (application), NULL);

  self = g_object_new (EO_TYPE_PREFERENCES_PAGE, NULL);
  self->application = g_object_ref (application);
  demo_server = eo_application_get_demo_server (application);
  self->demo = demo_server != NULL;

  if (self->demo)
    {
      g_autofree char *text = NULL;

      /* Demo mode touches neither the keyring nor the settings. */
      /* Translators: %s is the URL of the demo server */
      text = g_strdup_printf (_("This window uses the bundled simulator at %s with its demo account: no real eSIMs are assigned. The account below is used when eSIM Onboard runs without --demo."),
                              demo_server);
      adw_action_row_set_subtitle (self->demo_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->demo_group), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->account_group), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->connection_group), FALSE);
      adw_action_row_set_subtitle (self->key_status_row, _("Not used in demo mode"));
      return self;
    }

  self->account = g_object_ref (eo_application_get_account (application));
  self->secret_store = g_object_ref (eo_application_get_secret_store (application));

  gtk_editable_set_text (GTK_EDITABLE (self->customer_row),
                         eo_account_get_customer_id (self->account));
  gtk_editable_set_text (GTK_EDITABLE (self->server_row),
                         eo_account_get_server_url (self->account));
  g_signal_connect_object (self->account, "notify::server-url",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "notify::customer-id",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
  refresh_key_status (self);

  return self;
}

gboolean
eo_preferences_page_get_busy (EoPreferencesPage *self)
{
  g_return_val_if_fail (EO_IS_PREFERENCES_PAGE (self), FALSE);

  return self->n_busy > 0;
}
