/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jamf-hostile"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "eo-error.h"
#include "eo-jamf-client.h"
#include "eo-test-jamf.h"
#include "eo-test-util.h"

/* EoJamfClient against answers no Jamf Pro would give (a server in the
 * test's own loop): nesting deep enough to overflow json-glib, an answer
 * larger than the bound, a token with control characters, texts with
 * escape codes. Each is an EO_ERROR_BAD_ANSWER or is cleaned, never a
 * crash. */

typedef enum
{
  HOSTILE_DEEP,
  HOSTILE_HUGE,
  HOSTILE_TOKEN,
  HOSTILE_TEXTS,
} Hostile;

static Hostile hostile;

static void
respond (SoupServerMessage *msg,
         char              *body,
         gsize              len)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, len);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  if (g_str_equal (path, "/api/oauth/token"))
    {
      const char *token = hostile == HOSTILE_TOKEN ? "abc\\u001b[31mdef" : "good-token";
      char *body = g_strdup_printf ("{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":60}", token);

      respond (msg, body, strlen (body));
    }
  else if (hostile == HOSTILE_DEEP)
    {
      gsize depth = 100000;
      char *body = g_malloc (depth * 2);

      memset (body, '[', depth);
      memset (body + depth, ']', depth);
      respond (msg, body, depth * 2);
    }
  else if (hostile == HOSTILE_HUGE)
    {
      gsize len = 17 * 1024 * 1024;
      char *body = g_malloc (len);

      memset (body, ' ', len);
      body[0] = '{';
      body[len - 1] = '}';
      respond (msg, body, len);
    }
  else
    {
      const char *text = "{\"totalCount\":1,\"results\":[{\"mobileDeviceId\":\"1\",\"general\":{\"displayName\":"
                         "\"evil\\u001b]0;pwned\\u0007name\",\"managementId\":\"$(rm -rf ~)\"},"
                         "\"hardware\":{\"serialNumber\":\"S1\"},\"network\":{\"eid\":\"\\u202e123\"}}]}";

      respond (msg, g_strdup (text), strlen (text));
    }
}

static GError *
list_with (Hostile     kind,
           GPtrArray **devices_out)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfClient) client = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  GPtrArray *devices;

  hostile = kind;
  soup_server_add_handler (server, NULL, handler_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  client = eo_jamf_client_new (url, &error);
  g_assert_no_error (error);
  eo_jamf_client_set_credentials (client, "id", "secret");
  devices = eo_test_jamf_list_devices (EO_MDM_CONNECTOR (client), &error);
  if (devices_out != NULL)
    *devices_out = devices;
  else
    g_clear_pointer (&devices, g_ptr_array_unref);
  return g_steal_pointer (&error);
}

static void
test_refused (gconstpointer data)
{
  g_autoptr(GError) error = list_with (GPOINTER_TO_INT (data), NULL);

  g_assert_error (error, EO_ERROR, EO_ERROR_BAD_ANSWER);
}

static void
test_texts_cleaned (void)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = list_with (HOSTILE_TEXTS, &devices);
  EoMdmDevice *device;

  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 1);
  device = g_ptr_array_index (devices, 0);
  /* No escape code survives; a management ID outside the safe alphabet
   * is dropped (it goes into filters and requests). */
  g_assert_null (strchr (device->name, '\033'));
  g_assert_null (strchr (device->name, '\007'));
  g_assert_null (device->management_id);
  g_assert_null (strstr (device->eid, "\u202e"));
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);
  g_test_add_data_func ("/jamf/hostile/deep-nesting", GINT_TO_POINTER (HOSTILE_DEEP), test_refused);
  g_test_add_data_func ("/jamf/hostile/too-large", GINT_TO_POINTER (HOSTILE_HUGE), test_refused);
  g_test_add_data_func ("/jamf/hostile/token-control-characters", GINT_TO_POINTER (HOSTILE_TOKEN), test_refused);
  g_test_add_func ("/jamf/hostile/texts-cleaned", test_texts_cleaned);
  return g_test_run ();
}
