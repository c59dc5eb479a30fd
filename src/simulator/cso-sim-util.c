/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-util"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cso-sim-util.h"

gboolean
cso_sim_eid_is_valid (const char *eid)
{
  guint rem = 0;
  guint check;
  gsize i;

  if (eid == NULL || strlen (eid) != 32)
    return FALSE;

  for (i = 0; i < 32; i++)
    {
      if (!g_ascii_isdigit (eid[i]))
        return FALSE;
      rem = (rem * 10 + (guint) (eid[i] - '0')) % 97;
    }

  check = (guint) (eid[30] - '0') * 10 + (guint) (eid[31] - '0');

  return rem == 1 && check >= 2 && check <= 98;
}

char
cso_sim_luhn_digit (const char *digits,
                    gsize       len)
{
  guint sum = 0;
  gboolean twice = TRUE;
  gsize i;

  /* The check digit goes to the right, so the rightmost payload digit is
   * the first to be doubled. */
  for (i = len; i > 0; i--)
    {
      guint d = (guint) (digits[i - 1] - '0');

      if (twice)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
      twice = !twice;
    }

  return (char) ('0' + (10 - sum % 10) % 10);
}

gboolean
cso_sim_secret_equal (const char *a,
                      const char *b)
{
  gsize la, lb, i;
  guint diff;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  diff = (guint) (la ^ lb);

  for (i = 0; i < lb; i++)
    diff |= (guint) ((guchar) b[i] ^ (guchar) (i < la ? a[i] : 0));

  return diff == 0;
}

char *
cso_sim_json_to_string (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, owned);

  return json_generator_to_data (gen, NULL);
}

gboolean
cso_sim_listen_loopback (SoupServer       *soup,
                         const char       *host,
                         guint             port,
                         GTlsCertificate  *certificate,
                         char            **url,
                         GError          **error)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autofree char *address_string = NULL;
  SoupServerListenOptions options = 0;
  GSList *uris;
  int bound_port = -1;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), host);
      return FALSE;
    }
  if (!g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a loopback address: the simulator only listens on loopback"),
                   host);
      return FALSE;
    }
  if (port > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Port %u is out of range"), port);
      return FALSE;
    }

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (soup, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  socket_address = g_inet_socket_address_new (address, (guint16) port);
  if (!soup_server_listen (soup, socket_address, options, error))
    return FALSE;

  uris = soup_server_get_uris (soup);
  if (uris != NULL)
    bound_port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  address_string = g_inet_address_to_string (address);
  g_free (*url);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    *url = g_strdup_printf ("%s://[%s]:%d", certificate ? "https" : "http",
                                 address_string, bound_port);
  else
    *url = g_strdup_printf ("%s://%s:%d", certificate ? "https" : "http",
                                 address_string, bound_port);

  return TRUE;
}

