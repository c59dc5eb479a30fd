/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "eo-jamf-client.h"

G_BEGIN_DECLS

/* What the files of EoJamfClient share:
 *   eo-jamf-client.c            the object, its settings, the connector's calls
 *   eo-jamf-client-transport.c  the queue, the token, one request and its retries
 *   eo-jamf-client-answer.c     what an answer says (devices, commands, errors) */

/* Largest answers read: a page of 2000 devices is about 1 MB. */
#define EO_JAMF_MAX_ANSWER_BYTES (16u * 1024u * 1024u)
#define EO_JAMF_MAX_TOKEN_BYTES  (64u * 1024u)

/* What a GET's answer is read into on the worker: its rows (EoMdmDevice
 * or EoMdmCommand) and its totalCount; NULL when not the expected shape. */
typedef GPtrArray *(*EoJamfRowsFunc) (JsonParser *parser,
                                      guint      *total);

typedef struct
{
  GPtrArray *rows;
  guint      total;
} EoJamfRows;

void _eo_jamf_rows_free (EoJamfRows *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoJamfRows, _eo_jamf_rows_free)

/* One API call, as the task data of its GTask (result: a JsonParser, or
 * EoJamfRows when read with a rows_func). */
typedef struct
{
  char         *method;
  char         *path;          /* path and query, after the base URL */
  GBytes       *body;          /* JSON, or NULL */
  const char   *privilege;     /* the one a 403 means is missing */
  gboolean      is_push;       /* a POST that may take effect */
  EoJamfRowsFunc rows_func;    /* run on the worker after the parse */
  guint         n_unauthorized;
  guint         n_throttled;
  guint         n_server_errors;
  char         *token_used;
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *answer;
  GSource      *wait;
} JamfCall;

struct _EoJamfClient
{
  GObject      parent_instance;

  char        *url;
  char        *client_id;
  char        *secret;
  SoupSession *session;
  guint        page_size;

  char        *token;
  gint64       token_renew_us;   /* monotonic: fetch a new one from then */
  gboolean     fetching_token;
  GQueue       token_waiters;    /* GTask of calls */

  GQueue       queue;            /* GTask of calls not started */
  guint        in_flight;
  guint        max_in_flight;
  guint        n_requests;
  guint        n_token_requests;
};

/* eo-jamf-client-transport.c */
void        _eo_jamf_client_call       (EoJamfClient        *self,
                                        const char          *method,
                                        const char          *path,
                                        GBytes              *body,
                                        const char          *privilege,
                                        gboolean             is_push,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
JsonParser *_eo_jamf_client_call_finish (EoJamfClient       *self,
                                         GAsyncResult       *result,
                                         GError            **error);
/* A GET whose successful answer is parsed and read into rows on a worker
 * thread (the main loop only gets the rows): the listing and the command
 * reads, whose pages are up to a megabyte. */
void        _eo_jamf_client_call_rows  (EoJamfClient        *self,
                                        const char          *path,
                                        const char          *privilege,
                                        EoJamfRowsFunc       rows_func,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
EoJamfRows *_eo_jamf_client_call_rows_finish (EoJamfClient   *self,
                                              GAsyncResult   *result,
                                              GError        **error);
void        _eo_jamf_client_drop_token (EoJamfClient        *self);
/* "URL does not answer like a Jamf Pro server" (EO_ERROR_BAD_ANSWER). */
GError     *_eo_jamf_client_not_jamf_error (EoJamfClient    *self);

/* eo-jamf-client-answer.c */
/* A JSON text checked (strict, depth-bounded) and parsed, or NULL
 * (thread-safe, as are the readers below). */
JsonParser *_eo_jamf_parse_json        (const guint8        *data,
                                        gsize                len);
/* errors[0].description of Jamf's error shape, cleaned, or NULL. */
char       *_eo_jamf_error_text        (JsonParser          *parser);
/* The devices of a page (EoMdmDevice), its totalCount; NULL if not the
 * expected shape. */
GPtrArray  *_eo_jamf_parse_devices     (JsonParser          *parser,
                                        guint               *total);
GPtrArray  *_eo_jamf_parse_commands    (JsonParser          *parser,
                                        guint               *total);
/* The IDs of a push's 201 answer (char *), or NULL. */
GPtrArray  *_eo_jamf_parse_push        (JsonParser          *parser);
/* A management or command ID fit to keep and to put in a filter. */
gboolean    _eo_jamf_id_is_valid       (const char          *id);

G_END_DECLS
