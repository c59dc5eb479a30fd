/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-account"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-account.h"

struct _EoAccount
{
  GObject    parent_instance;

  GSettings *settings;      /* NULL: in memory only */
  char      *server_url;    /* never NULL */
  char      *customer_id;   /* never NULL */
};

enum
{
  PROP_0,
  PROP_SERVER_URL,
  PROP_CUSTOMER_ID,
  PROP_PERSISTENT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (EoAccount, eo_account, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static char *
clean_value (const char *value)
{
  return g_strstrip (g_strdup (value != NULL ? value : ""));
}

/* Updates the cached value; notifies when it changed. */
static void
take_value (EoAccount  *self,
            char      **field,
            char       *value,
            guint       prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }

  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
reload_server_url (EoAccount *self)
{
  g_autofree char *value = g_settings_get_string (self->settings, "server-url");
  char *clean = clean_value (value);

  if (*clean == '\0')
    {
      g_free (clean);
      clean = g_strdup (EO_ACCOUNT_DEFAULT_SERVER);
    }
  take_value (self, &self->server_url, clean, PROP_SERVER_URL);
}

static void
reload_customer_id (EoAccount *self)
{
  g_autofree char *value = g_settings_get_string (self->settings, "customer-id");

  take_value (self, &self->customer_id, clean_value (value), PROP_CUSTOMER_ID);
}

static void
on_settings_changed_cb (GSettings  *settings,
                        const char *key,
                        EoAccount  *self)
{
  if (key == NULL || g_str_equal (key, "server-url"))
    reload_server_url (self);
  if (key == NULL || g_str_equal (key, "customer-id"))
    reload_customer_id (self);
}

static void
eo_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EoAccount *self = EO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;
    case PROP_PERSISTENT:
      g_value_set_boolean (value, self->settings != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  EoAccount *self = EO_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      eo_account_set_server_url (self, g_value_get_string (value));
      break;
    case PROP_CUSTOMER_ID:
      eo_account_set_customer_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_account_dispose (GObject *object)
{
  EoAccount *self = EO_ACCOUNT (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (eo_account_parent_class)->dispose (object);
}

static void
eo_account_finalize (GObject *object)
{
  EoAccount *self = EO_ACCOUNT (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->customer_id, g_free);

  G_OBJECT_CLASS (eo_account_parent_class)->finalize (object);
}

static void
eo_account_class_init (EoAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = eo_account_get_property;
  object_class->set_property = eo_account_set_property;
  object_class->dispose = eo_account_dispose;
  object_class->finalize = eo_account_finalize;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         EO_ACCOUNT_DEFAULT_SERVER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
eo_account_init (EoAccount *self)
{
  self->server_url = g_strdup (EO_ACCOUNT_DEFAULT_SERVER);
  self->customer_id = g_strdup ("");
}

/* GSettings for our schema from @source, or NULL when the schema is not
 * there or lacks one of our keys (an old or foreign schema). Never aborts:
 * g_settings_new() would on a missing schema. */
static GSettings *
settings_from_source (GSettingsSchemaSource *source)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;

  schema = g_settings_schema_source_lookup (source, EO_ACCOUNT_SCHEMA_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("Schema %s not installed: settings are kept in memory only", EO_ACCOUNT_SCHEMA_ID);
      return NULL;
    }

  if (!g_settings_schema_has_key (schema, "server-url") ||
      !g_settings_schema_has_key (schema, "customer-id"))
    {
      g_debug ("Schema %s lacks server-url or customer-id: settings are kept in memory only",
               EO_ACCOUNT_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

EoAccount *
eo_account_new_for_schema_source (GSettingsSchemaSource *source)
{
  EoAccount *self = g_object_new (EO_TYPE_ACCOUNT, NULL);

  self->settings = settings_from_source (source);
  if (self->settings != NULL)
    {
      g_signal_connect (self->settings, "changed",
                        G_CALLBACK (on_settings_changed_cb), self);
      reload_server_url (self);
      reload_customer_id (self);
    }

  return self;
}

EoAccount *
eo_account_new (void)
{
  return eo_account_new_for_schema_source (g_settings_schema_source_get_default ());
}

gboolean
eo_account_is_persistent (EoAccount *self)
{
  g_return_val_if_fail (EO_IS_ACCOUNT (self), FALSE);

  return self->settings != NULL;
}

GSettings *
eo_account_get_settings (EoAccount *self)
{
  g_return_val_if_fail (EO_IS_ACCOUNT (self), NULL);

  return self->settings;
}

const char *
eo_account_get_server_url (EoAccount *self)
{
  g_return_val_if_fail (EO_IS_ACCOUNT (self), NULL);

  return self->server_url;
}

void
eo_account_set_server_url (EoAccount  *self,
                           const char *server_url)
{
  char *clean;

  g_return_if_fail (EO_IS_ACCOUNT (self));

  clean = clean_value (server_url);
  if (*clean == '\0')
    {
      g_free (clean);
      clean = g_strdup (EO_ACCOUNT_DEFAULT_SERVER);
    }

  if (self->settings != NULL)
    {
      /* "changed" updates the cache and notifies. */
      if (g_str_equal (clean, EO_ACCOUNT_DEFAULT_SERVER))
        g_settings_reset (self->settings, "server-url");
      else
        g_settings_set_string (self->settings, "server-url", clean);
      g_free (clean);
      reload_server_url (self);
      return;
    }

  take_value (self, &self->server_url, clean, PROP_SERVER_URL);
}

const char *
eo_account_get_customer_id (EoAccount *self)
{
  g_return_val_if_fail (EO_IS_ACCOUNT (self), NULL);

  return self->customer_id;
}

void
eo_account_set_customer_id (EoAccount  *self,
                            const char *customer_id)
{
  char *clean;

  g_return_if_fail (EO_IS_ACCOUNT (self));

  clean = clean_value (customer_id);
  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "customer-id", clean);
      g_free (clean);
      reload_customer_id (self);
      return;
    }

  take_value (self, &self->customer_id, clean, PROP_CUSTOMER_ID);
}

gboolean
eo_account_has_customer_id (EoAccount *self)
{
  g_return_val_if_fail (EO_IS_ACCOUNT (self), FALSE);

  return self->customer_id[0] != '\0';
}
