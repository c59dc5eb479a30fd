/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-server-address"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "eo-client.h"
#include "eo-error.h"
#include "eo-server-address.h"

/* @text without surrounding space and trailing slashes. */
static char *
trim (const char *text)
{
  char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
eo_server_address_normalize (const char  *server_url,
                             GError     **error)
{
  g_autofree char *text = trim (server_url);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  gsize len;

  if (*text == '\0')
    {
      g_set_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
                   _("No server address is set. Use %s unless told otherwise."),
                   EO_CLIENT_DEFAULT_SERVER);
      return NULL;
    }

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
                   _("“%s” is not a server address. Write it as a web address, such as %s."),
                   text, EO_CLIENT_DEFAULT_SERVER);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
                           _("The server address must not contain a user name or password."));
      return NULL;
    }
  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
                   _("The server address must not contain “?” or “#” parts. Use only the address, such as %s."),
                   EO_CLIENT_DEFAULT_SERVER);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "https") == 0)
    ;
  else if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (!host_is_loopback (host))
        {
          g_set_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
                       _("The server address “%s” uses plain http://, which would send the API key "
                         "unencrypted. Use https:// (plain http:// is only accepted for this computer, "
                         "such as http://127.0.0.1)."),
                       text);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
                   _("The server address “%s” must start with https://."), text);
      return NULL;
    }

  {
    g_autofree char *normalized = g_uri_to_string (uri);
    len = strlen (normalized);
    while (len > 0 && normalized[len - 1] == '/')
      normalized[--len] = '\0';
    return g_steal_pointer (&normalized);
  }
}

char *
eo_server_address_key (const char *text)
{
  g_autofree char *normalized = eo_server_address_normalize (text, NULL);

  return normalized != NULL ? g_steal_pointer (&normalized) : trim (text);
}
