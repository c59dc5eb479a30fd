/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "eo-client.h"
#include "eo-status-answer.h"

G_BEGIN_DECLS

/* What the files of EoClient share:
 *   eo-client.c            the object, its settings and the public calls
 *   eo-client-transport.c  one HTTP attempt (send, read, deadline), retries
 *   eo-client-answer.c     a complete answer: parsed, judged, returned
 *   eo-client-errors.c     the errors, and what an HTTP status means */

typedef enum
{
  OPERATION_UPLOAD,
  OPERATION_STATUS,
  OPERATION_TEST,
} Operation;

/* One call (possibly several HTTP attempts for status reads). */
typedef struct
{
  Operation     operation;
  char         *url;
  char         *request_id;         /* status, test */
  GBytes       *csv;                /* upload */
  char         *filename;           /* upload */

  guint         n_attempts;
  guint         max_attempts;
  guint         timeout_s;

  GCancellable *cancellable;        /* ours, cancelled by the caller's */
  GCancellable *caller_cancellable;
  gulong        caller_cancel_id;

  /* Current attempt */
  SoupMessage  *msg;
  GCancellable *attempt_cancellable;
  gulong        attempt_link_id;
  GSource      *deadline;
  gboolean      timed_out;
  gboolean      request_sent;
  GInputStream *stream;
  GByteArray   *body;
  gsize         received;           /* bytes of the answer's body */
  /* A status answer of a 2xx is read as it arrives (its rows kept, its
   * text not): body is then the text without the rows, and read_check
   * what the reader found wrong with the rest. */
  EoStatusStream *reader;
  EoJsonCheck   read_check;
  /* Rows that change nothing left out (eo_client_eid_status_tracked_async):
   * the devices seen in the answer being read, each key tagged with
   * whether its row was kept (bit 0 set) or left out. */
  EoStatusTrackFunc   track;
  EoStatusRebuildFunc rebuild;
  gpointer            track_data;
  GHashTable         *seen;

  /* A large answer is parsed on a worker thread before it is judged:
   * its parser and root object, or for a status read what it says. */
  gboolean        parsed;
  JsonParser     *parser;
  JsonObject     *envelope;
  gboolean        status_ok;     /* status: well-formed JSON */
  EoStatusAnswer  status;        /* status: its envelope and devices */

  /* Between attempts */
  GSource      *wait_source;
} Request;

struct _EoClient
{
  GObject      parent_instance;

  char        *server_url;
  char        *customer_id;
  char        *api_key;

  SoupSession *session;
  guint        request_timeout_s;
  guint        idle_timeout_s;
  guint        max_attempts;
  guint        backoff_base_ms;
  guint        backoff_max_ms;
  guint        max_retry_after_s;
  guint        n_requests;
};

/* Internal contract with EoPoller: the number of HTTP attempts a call
 * made is stored on its GTask under this key. */
#define EO_CLIENT_ATTEMPTS_KEY "eo-client-attempts"

/* What an HTTP status means for an operation (eo-client-errors.c). */
typedef enum
{
  ANSWER_SUCCESS,
  ANSWER_REDIRECT,
  ANSWER_KEY_REFUSED,
  ANSWER_TEST_REACHED,
  ANSWER_NOT_FOUND,
  ANSWER_REFUSED,
  ANSWER_THROTTLED,
  ANSWER_OUTCOME_UNKNOWN,
  ANSWER_SERVER,
  ANSWER_OTHER,
} AnswerClass;

/* eo-client-transport.c */
GTask       *_eo_client_new_call               (EoClient            *self,
                                                Operation            operation,
                                                GCancellable        *cancellable,
                                                gpointer             source_tag,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void         _eo_client_start_attempt          (GTask        *task);
/* The upload's body, multipart/form-data as soup_multipart_to_message()
 * writes it (the part "eidFile": @csv as text/csv named @filename, then
 * "customer_id"), but a stream that reads @csv where it is instead of a
 * copy of it (8 MB at 100,000 devices). Sets *@content_type (with the
 * boundary; free it) and *@length. */
GInputStream *_eo_client_new_upload_body       (GBytes       *csv,
                                                const char   *filename,
                                                const char   *customer_id,
                                                char        **content_type,
                                                goffset      *length);
void         _eo_client_fail_or_retry          (GTask        *task,
                                                GError       *error,
                                                gboolean      retryable,
                                                gint64        retry_after_ms);
void         _eo_client_return_error           (GTask        *task,
                                                GError       *error);
void         _eo_client_request_end_attempt    (Request      *req);
void         _eo_client_request_free           (Request      *req);
gint64       _eo_client_parse_retry_after      (SoupMessage  *msg);

/* eo-client-answer.c */
void         _eo_client_attempt_answered       (GTask        *task);
void         _eo_client_request_clear_parsed   (Request      *req);
/* For the fuzzer too: the CSO envelope of @body (strictly checked and
 * depth-bounded before json-glib reads it), owned by *@parser_out, or
 * NULL; the rows of a status answer made safe and merged. */
JsonObject  *_eo_client_parse_envelope         (GByteArray   *body,
                                                JsonParser  **parser_out);
void         _eo_client_clean_configs          (const char   *api_key,
                                                GPtrArray    *configs);
/* The same in two steps: each row as it is read (an EoStatusRowFunc,
 * @task the read's; rows a tracked read leaves out dropped), then
 * repeated EIDs over all of them. */
gboolean     _eo_client_clean_config           (EoStatusStream *stream,
                                                EoRemoteConfig *config,
                                                gpointer        task);
void         _eo_client_merge_repeated_rows    (GPtrArray    *configs);
/* NULL when an upload's request ID can be kept and followed, else why
 * (an English phrase, translated when shown: eo-message.h). */
const char  *_eo_client_check_request_id       (const char   *api_key,
                                                const char   *request_id);

/* eo-client-errors.c */
AnswerClass  _eo_client_classify_answer        (Operation     operation,
                                                guint         status);
GError      *_eo_client_new_refusal_error      (EoClient     *self,
                                                Request      *req,
                                                AnswerClass   klass,
                                                guint         status,
                                                const char   *server_text);
GError      *_eo_client_new_throttled_error    (gint64        retry_after_ms);
GError      *_eo_client_new_timeout_error      (guint         seconds);
GError      *_eo_client_new_outcome_unknown_error (const char *why);
GError      *_eo_client_new_bad_answer_error   (const char   *detail);
GError      *_eo_client_new_transport_error    (Request      *req,
                                                const GError *error,
                                                gboolean     *retryable);

G_END_DECLS
