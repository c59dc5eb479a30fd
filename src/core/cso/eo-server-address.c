/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-server-address"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "eo-answer-text.h"
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

/* One label of a host name: 1 to 63 letters, digits and inner hyphens. */
static gboolean
is_host_label (const char *label,
               gsize       len)
{
  if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_host_name (const char *host,
              gsize       len)
{
  gsize start = 0;

  if (len > 0 && host[len - 1] == '.')
    len--;
  if (len == 0 || len > 253)
    return FALSE;
  for (gsize i = 0; i <= len; i++)
    {
      if (i < len && host[i] != '.')
        continue;
      if (!is_host_label (host + start, i - start))
        return FALSE;
      start = i + 1;
    }
  return TRUE;
}

static char *
smdp_address_error (GError     **error,
                    const char  *server_url,
                    const char  *why)
{
  g_autofree char *copy = NULL;
  /* The value may come from anywhere: shown safe, and short. */
  const char *shown = eo_answer_text_value (NULL, server_url, 120, &copy);

  g_set_error (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
               _("The SM-DP+ address “%s” cannot be used: %s."), shown, why);
  return NULL;
}

char *
eo_smdp_address_check (const char  *server_url,
                       GError     **error)
{
  const char *host, *p;
  gsize host_len;

  if (server_url == NULL || *server_url == '\0')
    {
      g_set_error_literal (error, EO_ERROR, EO_ERROR_INVALID_SERVER,
                           _("The server did not give an SM-DP+ address for this upload."));
      return NULL;
    }
  if (g_ascii_strncasecmp (server_url, "https://", 8) != 0)
    return smdp_address_error (error, server_url, _("it does not start with https://"));

  host = server_url + 8;
  for (p = host; *p != '\0' && *p != ':' && *p != '/'; p++)
    ;
  host_len = (gsize) (p - host);
  if (!is_host_name (host, host_len))
    return smdp_address_error (error, server_url,
                               _("it does not name a valid host (letters, digits, “-” and “.” only)"));
  if (*p == ':')
    {
      guint64 port = 0;
      const char *digits = ++p;

      while (g_ascii_isdigit (*p) && p - digits < 6)
        port = port * 10 + (guint64) (*p++ - '0');
      if (p == digits || port == 0 || port > 65535)
        return smdp_address_error (error, server_url, _("its port is not a number from 1 to 65535"));
    }
  if (*p == '/')
    p++;
  if (*p != '\0')
    return smdp_address_error (error, server_url,
                               _("something follows the host name (a path, a query, a space or a control character)"));

  {
    char *lower = g_ascii_strdown (host, (gssize) host_len);
    gsize len = strlen (lower);

    if (len > 1 && lower[len - 1] == '.')
      lower[len - 1] = '\0';
    return lower;
  }
}
