/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-answer-text.h"
#include "eo-client-private.h"
#include "eo-error.h"
#include "eo-json-check.h"

/* A complete HTTP answer: its body parsed (on a worker when large), its
 * texts made safe, then judged by its HTTP status and envelope. Everything
 * in it is untrusted: a hostile or broken server must not crash the
 * client, smuggle control codes or the key into what is kept, nor make
 * an upload that may have arrived look refused. */

/* ------------------------------------------------------------ envelopes */

static const char *
json_object_get_string_or_null (JsonObject *object,
                                const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
json_object_get_object_or_null (JsonObject *object,
                                const char *member)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

/* Parses the CSO envelope {code, data, error, success}. Returns the root
 * object (owned by *parser_out) or NULL. */
JsonObject *
_eo_client_parse_envelope (GByteArray  *body,
                           JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;

  if (body == NULL || body->len == 0)
    return NULL;
  /* json-glib is neither bounded (it overflows the stack on deep
   * nesting) nor strict (it takes "\200" as a raw byte): only a strict
   * JSON text of bounded depth goes to it. */
  if (eo_json_check ((const char *) body->data, body->len, EO_JSON_MAX_DEPTH) != EO_JSON_CHECK_OK)
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *)body->data, body->len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  /* The envelope must at least say whether it worked or carry data. */
  if (json_object_has_member (object, "success"))
    {
      JsonNode *node = json_object_get_member (object, "success");
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return NULL;
    }
  else if (!json_object_has_member (object, "data") && !json_object_has_member (object, "error"))
    return NULL;
  if (json_object_has_member (object, "data")
      && !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "data"))
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (object, "data")))
    return NULL;

  *parser_out = g_steal_pointer (&parser);
  return object;
}

static gboolean
envelope_success (JsonObject *envelope)
{
  if (!json_object_has_member (envelope, "success"))
    return TRUE;
  return json_object_get_boolean_member (envelope, "success");
}

static gint64
envelope_code (JsonObject *envelope)
{
  JsonNode *node;

  if (!json_object_has_member (envelope, "code"))
    return 0;
  node = json_object_get_member (envelope, "code");
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return json_node_get_int (node);
}

/* Server's error text from a body, sanitized, or NULL. */
static char *
dup_server_error_text (EoClient   *self,
                       GByteArray *body)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *envelope = _eo_client_parse_envelope (body, &parser);
  const char *text = json_object_get_string_or_null (envelope, "error");

  if (text == NULL || *text == '\0')
    text = json_object_get_string_or_null (envelope, "message");
  if (text == NULL || *text == '\0')
    return NULL;
  return eo_answer_text_message (self->api_key, text);
}

/* ------------------------------------------------- a status answer's rows */

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static gboolean
same_result (const EoRemoteConfig *a,
             const EoRemoteConfig *b)
{
  return a->kind == b->kind && g_strcmp0 (a->iccid, b->iccid) == 0 &&
         g_strcmp0 (a->status, b->status) == 0;
}

static void
append_result (GString              *out,
               const EoRemoteConfig *config)
{
  if (out->len > 0)
    g_string_append (out, ", ");
  g_string_append (out, config->status != NULL ? config->status : "?");
  g_string_append_c (out, ' ');
  g_string_append (out, config->iccid != NULL ? config->iccid : "—");
}

/* @first, listed again with another result, is kept pending: guessing
 * which row is right could record an ICCID that is not the device's. */
static void
note_contradiction (GHashTable     *contradicted,
                    EoRemoteConfig *first,
                    EoRemoteConfig *again)
{
  GString *results = g_hash_table_lookup (contradicted, first);

  if (results == NULL)
    {
      results = g_string_new (NULL);
      append_result (results, first);
      g_hash_table_insert (contradicted, first, results);
    }
  append_result (results, again);
}

static void
mark_contradicted (GHashTable *contradicted)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, contradicted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      EoRemoteConfig *config = key;
      GString *results = value;

      eo_remote_config_set_string (config, &config->reason,
                                   g_strdup_printf (_("The server listed this device more than once in one answer, "
                                                      "with different results (%s): it stays pending until the "
                                                      "server agrees with itself."),
                                                    results->str));
      eo_remote_config_set_string (config, &config->status, g_strdup ("CONTRADICTORY"));
      eo_remote_config_set_string (config, &config->iccid, NULL);
      config->kind = EO_DEVICE_STATUS_PENDING;
    }
}

static guint
eid_hash (const char *eid)
{
  guint h = 2166136261u; /* FNV-1a */

  for (const char *p = eid; *p != '\0'; p++)
    h = (h ^ (guchar) *p) * 16777619u;
  return h;
}

static gboolean
has_eid (const EoRemoteConfig *config)
{
  return config->eid != NULL && *config->eid != '\0';
}

/* Bits of the filter that finds the rows that may repeat an earlier EID:
 * 2^21 (256 KiB), about 1 % of false candidates at 100,000 rows. */
#define FILTER_BITS (1u << 21)

/* Marks @hash in @filter; TRUE if both of its bits were set already. */
static gboolean
filter_add (guint32 *filter,
            guint    hash)
{
  guint a = hash & (FILTER_BITS - 1);
  guint b = (hash >> 11 ^ hash * 0x9E3779B1u) & (FILTER_BITS - 1);
  gboolean seen = (filter[a / 32] >> (a % 32) & 1) && (filter[b / 32] >> (b % 32) & 1);

  filter[a / 32] |= 1u << (a % 32);
  filter[b / 32] |= 1u << (b % 32);
  return seen;
}

/* One row per EID: a repeated row with the same result is dropped, one
 * with another result makes the first contradictory. O(rows): a bit
 * filter finds the few rows that may repeat an EID, and only their EIDs
 * go in a table, checked over the rows a second time (answers without
 * repeats, the usual case, cost one hash per row and no table). */
static void
merge_repeated_rows (GPtrArray *configs)
{
  g_autofree guint32 *filter = g_new0 (guint32, FILTER_BITS / 32);
  g_autoptr(GHashTable) candidates = NULL;   /* EID -> first row, or NULL */
  g_autoptr(GHashTable) contradicted = NULL;
  guint kept = 0;

  for (guint i = 0; i < configs->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (configs, i);

      if (has_eid (config) && filter_add (filter, eid_hash (config->eid)))
        {
          if (candidates == NULL)
            candidates = g_hash_table_new (g_str_hash, g_str_equal);
          g_hash_table_insert (candidates, config->eid, NULL);
        }
    }
  if (candidates == NULL)
    return;

  for (guint i = 0; i < configs->len; i++)
    {
      EoRemoteConfig *config = g_ptr_array_index (configs, i);
      EoRemoteConfig *first = NULL;
      gpointer key;

      if (has_eid (config) && g_hash_table_lookup_extended (candidates, config->eid, &key, (gpointer *) &first))
        {
          if (first == NULL)
            {
              /* The first of its EID: kept, and its EID now its own. */
              g_hash_table_steal (candidates, config->eid);
              g_hash_table_insert (candidates, config->eid, config);
              first = NULL;
            }
        }
      if (first == NULL)
        {
          g_ptr_array_index (configs, kept++) = config;
          continue;
        }
      if (!same_result (first, config))
        {
          if (contradicted == NULL)
            contradicted = g_hash_table_new_full (NULL, NULL, NULL, string_free);
          note_contradiction (contradicted, first, config);
        }
      eo_remote_config_free (config);
    }
  for (guint i = kept; i < configs->len; i++)
    g_ptr_array_index (configs, i) = NULL;
  g_ptr_array_set_size (configs, kept);
  if (contradicted != NULL)
    mark_contradicted (contradicted);
}

/* eo_answer_text_clean() for a string of @config (it may be in the
 * answer's text). */
static void
clean_string (const char     *api_key,
              EoRemoteConfig *config,
              char          **field)
{
  char *copy = NULL;

  eo_answer_text_value (api_key, *field, EO_ANSWER_FIELD_MAX_CHARS, &copy);
  if (copy != NULL)
    eo_remote_config_set_string (config, field, copy);
}

/* One row made safe to keep and show: every text valid, without control
 * codes, bounded and never the key; the EID trimmed, an empty ICCID as
 * none. */
static void
clean_config (const char     *api_key,
              EoRemoteConfig *config)
{
  const char *status = config->status;

  if (config->reason != NULL)
    eo_remote_config_set_string (config, &config->reason, eo_answer_text_message (api_key, config->reason));
  if (config->eid != NULL)
    g_strstrip (config->eid);
  if (config->iccid != NULL && *g_strstrip (config->iccid) == '\0')
    eo_remote_config_set_string (config, &config->iccid, NULL);
  clean_string (api_key, config, &config->eid);
  clean_string (api_key, config, &config->iccid);
  clean_string (api_key, config, &config->name);
  clean_string (api_key, config, &config->status);
  if (config->status != status)
    config->kind = eo_remote_status_classify (config->status);
}

/* Cleans the devices of a status answer as read (clean_config), repeated
 * EIDs merged. Thread-safe. */
void
_eo_client_clean_configs (const char *api_key,
                          GPtrArray  *configs)
{
  for (guint i = 0; i < configs->len; i++)
    clean_config (api_key, g_ptr_array_index (configs, i));
  merge_repeated_rows (configs);
}

gboolean
_eo_client_clean_config (EoStatusStream *stream,
                         EoRemoteConfig *config,
                         gpointer        task)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  gboolean unchanged = FALSE;
  guintptr key, was;

  clean_config (self->api_key, config);
  if (req->track == NULL || !has_eid (config))
    return TRUE;

  key = (guintptr) req->track (config, &unchanged, req->track_data);
  if (key == 0)
    return TRUE;
  g_assert ((key & 1) == 0);
  /* The device has its name: the row's would only take room (1.6 MB in an
   * answer of 100,000 rows named like "Phone 000001"). */
  eo_remote_config_set_string (config, &config->name, NULL);
  if (req->seen == NULL)
    req->seen = g_hash_table_new (NULL, NULL);

  if (g_hash_table_contains (req->seen, GSIZE_TO_POINTER (key | 1)))
    return TRUE; /* listed before and kept: merge_repeated_rows() judges */
  if (g_hash_table_contains (req->seen, GSIZE_TO_POINTER (key)))
    {
      /* Listed before, that row left out: it comes back, first, so that
       * the two are judged as if both had been kept. */
      g_hash_table_remove (req->seen, GSIZE_TO_POINTER (key));
      g_hash_table_add (req->seen, GSIZE_TO_POINTER (key | 1));
      eo_status_stream_insert_row (stream, req->rebuild (GSIZE_TO_POINTER (key), req->track_data));
      return TRUE;
    }
  was = unchanged ? key : key | 1;
  g_hash_table_add (req->seen, GSIZE_TO_POINTER (was));
  return !unchanged;
}

void
_eo_client_merge_repeated_rows (GPtrArray *configs)
{
  merge_repeated_rows (configs);
}

/* ------------------------------------------------------------- parsing */

/* Answers larger than this are parsed on a worker thread (a status answer
 * for 100,000 devices is about 15 MB: parsing it takes about 0.6 s). */
#define PARSE_IN_THREAD_BYTES (64 * 1024)
/* And status answers read as they came with more rows than this: their
 * repeated EIDs are looked for there (a few ms at 100,000). */
#define PARSE_IN_THREAD_ROWS 2000

typedef struct
{
  GByteArray     *body;
  char           *api_key;
  Operation       operation;
  gboolean        in_place;   /* a status answer of a 2xx, read in place */
  EoStatusStream *reader;     /* or read as it came: what is left to do */
  JsonParser     *parser;
  JsonObject     *envelope;
  gboolean        status_ok;
  EoStatusAnswer  status;
} ParseJob;

static void
parse_job_free (ParseJob *job)
{
  g_clear_pointer (&job->body, g_byte_array_unref);
  if (job->api_key != NULL)
    explicit_bzero (job->api_key, strlen (job->api_key));
  g_clear_pointer (&job->api_key, g_free);
  g_clear_object (&job->parser);
  eo_status_answer_clear (&job->status);
  g_clear_pointer (&job->reader, eo_status_stream_free);
  g_free (job);
}

/* Status answers are read without a document tree (they may hold
 * 100,000 devices); the other answers are small. Thread-safe. */
static void
parse_body (ParseJob *job)
{
  if (job->operation == OPERATION_STATUS && job->reader != NULL)
    {
      /* Its rows were read and cleaned as they came. */
      job->status_ok = eo_status_stream_finish (job->reader, &job->status);
      if (job->status_ok)
        _eo_client_merge_repeated_rows (job->status.configs);
    }
  else if (job->operation == OPERATION_STATUS)
    {
      /* In place: the rows' strings point into the body (about 12 MB
       * less at 100,000 devices), which the rows then keep. */
      if (job->in_place)
        job->status_ok = job->body != NULL && eo_status_answer_parse_in_place (job->body, &job->status);
      else
        job->status_ok = job->body != NULL &&
                         eo_status_answer_parse ((const char *) job->body->data, job->body->len, &job->status);
      if (job->status_ok)
        _eo_client_clean_configs (job->api_key, job->status.configs);
    }
  else
    job->envelope = _eo_client_parse_envelope (job->body, &job->parser);
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  parse_body (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
take_parsed (Request  *req,
             ParseJob *job)
{
  req->parsed = TRUE;
  req->parser = g_steal_pointer (&job->parser);
  req->envelope = job->envelope;
  req->status_ok = job->status_ok;
  eo_status_answer_clear (&req->status);
  req->status = job->status;
  job->status.configs = NULL;
}

static void
parsed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;

  take_parsed (g_task_get_task_data (task), g_task_get_task_data (G_TASK (result)));
  _eo_client_attempt_answered (task);
}

static ParseJob *
parse_job_new (EoClient *self,
               Request  *req)
{
  ParseJob *job = g_new0 (ParseJob, 1);

  job->body = req->body != NULL ? g_byte_array_ref (req->body) : NULL;
  job->api_key = g_strdup (self->api_key);
  job->operation = req->operation;
  job->reader = g_steal_pointer (&req->reader);
  /* Any other answer's body may be read again for its error text. */
  job->in_place = SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (req->msg));
  return job;
}

/* Parses the answer's body into @req: here when it is small (TRUE), else
 * on a worker thread, after which attempt_answered() runs again (FALSE:
 * @task was handed on). */
static gboolean
parse_answer (EoClient *self,
              GTask    *task)
{
  Request *req = g_task_get_task_data (task);
  ParseJob *job;

  if (req->parsed)
    return TRUE;

  if ((req->body != NULL && req->body->len > PARSE_IN_THREAD_BYTES) ||
      (req->reader != NULL && eo_status_stream_get_n_rows (req->reader) > PARSE_IN_THREAD_ROWS))
    {
      g_autoptr(GTask) parse = g_task_new (self, NULL, parsed_cb, task);

      /* The attempt's deadline covers the transfer, not the parsing. */
      if (req->deadline != NULL)
        {
          g_source_destroy (req->deadline);
          g_clear_pointer (&req->deadline, g_source_unref);
        }
      g_task_set_task_data (parse, parse_job_new (self, req), (GDestroyNotify) parse_job_free);
      g_task_run_in_thread (parse, parse_thread);
      return FALSE;
    }

  job = parse_job_new (self, req);
  parse_body (job);
  take_parsed (req, job);
  parse_job_free (job);
  return TRUE;
}


void
_eo_client_request_clear_parsed (Request *req)
{
  req->parsed = FALSE;
  req->envelope = NULL;
  g_clear_object (&req->parser);
  eo_status_answer_clear (&req->status);
  req->status_ok = FALSE;
}

/* ------------------------------------------------------------ judging */

/* What an answer says, whatever the operation. */
typedef struct
{
  guint        status;         /* HTTP, or the envelope's code */
  JsonParser  *parser;         /* upload, test: the envelope's tree */
  JsonObject  *envelope;
  gboolean     have_envelope;  /* a well-formed CSO envelope */
  gboolean     success;
  gint64       code;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_object (&answer->parser);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

/* Takes what parsing left in @req. */
static void
answer_take (Answer  *answer,
             Request *req)
{
  answer->status = soup_message_get_status (req->msg);
  answer->parser = g_steal_pointer (&req->parser);
  answer->envelope = req->envelope;
  req->envelope = NULL;
  req->parsed = FALSE;
  if (req->operation == OPERATION_STATUS)
    {
      answer->have_envelope = req->status_ok && req->status.envelope;
      answer->success = !answer->have_envelope || req->status.success;
      answer->code = answer->have_envelope ? req->status.code : 0;
      /* A good answer is read: its text goes before the merge. */
      if (answer->have_envelope && answer->success && SOUP_STATUS_IS_SUCCESSFUL (answer->status))
        g_clear_pointer (&req->body, g_byte_array_unref);
    }
  else
    {
      answer->have_envelope = answer->envelope != NULL;
      answer->success = answer->envelope == NULL || envelope_success (answer->envelope);
      answer->code = answer->envelope != NULL ? envelope_code (answer->envelope) : 0;
    }
}

/* Whether an upload's request ID can be kept, followed and printed; else
 * why not (translated). */
const char *
_eo_client_check_request_id (const char *api_key,
                             const char *request_id)
{
  if (request_id == NULL || *request_id == '\0')
    return N_("no request ID in the answer");
  if (!eo_request_id_is_valid (request_id))
    return N_("its request ID is not made of letters, digits and “-” only, "
              "so it cannot be followed");
  /* An identifier is kept and shown as it is: it cannot be masked. */
  if (api_key != NULL && *api_key != '\0' && strstr (request_id, api_key) != NULL)
    return N_("its request ID holds the API key");
  return NULL;
}

static void
return_upload (GTask      *task,
               JsonObject *envelope)
{
  EoClient *self = g_task_get_source_object (task);
  JsonObject *data = json_object_get_object_or_null (envelope, "data");
  const char *request_id = json_object_get_string_or_null (data, "request_id");
  const char *server_url = json_object_get_string_or_null (data, "server_url");
  const char *why = _eo_client_check_request_id (self->api_key, request_id);
  char **result;

  /* The server took it, or says so: without an ID that can be followed,
   * nobody can tell which upload it is, and sending again may double it. */
  if (why != NULL)
    {
      g_task_return_error (task, _eo_client_new_outcome_unknown_error (why));
      return;
    }
  result = g_new0 (char *, 3);
  result[0] = g_strdup (request_id);
  /* Kept even when it is not a usable SM-DP+ address (checked where it
   * is handed on), but safe to show. */
  if (server_url != NULL && *server_url != '\0')
    {
      char *copy = NULL;

      result[1] = g_strdup (eo_answer_text_value (self->api_key, server_url,
                                                  EO_ANSWER_FIELD_MAX_CHARS, &copy));
      g_free (copy);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) g_strfreev);
  /* g_strfreev stops at the first NULL: result[1] may be NULL, which
   * is fine since nothing follows it. */
}

static void
handle_success (GTask      *task,
                JsonObject *envelope)
{
  Request *req = g_task_get_task_data (task);

  _eo_client_request_end_attempt (req);
  g_object_set_data (G_OBJECT (task), EO_CLIENT_ATTEMPTS_KEY, GUINT_TO_POINTER (req->n_attempts));

  switch (req->operation)
    {
    case OPERATION_UPLOAD:
      return_upload (task, envelope);
      break;

    case OPERATION_STATUS:
      if (req->status.configs_not_list)
        g_task_return_error (task, _eo_client_new_bad_answer_error (N_("the device list is not a list")));
      else if (!req->status.has_data)
        g_task_return_error (task, _eo_client_new_bad_answer_error (N_("no data in the answer")));
      else
        g_task_return_pointer (task, g_steal_pointer (&req->status.configs),
                               (GDestroyNotify) g_ptr_array_unref);
      break;

    case OPERATION_TEST:
    default:
      g_task_return_boolean (task, TRUE);
      break;
    }

  g_object_unref (task);
}

/* Why a body is not a CSO envelope ("it nests too deeply"). */
static const char *
describe_body (Request *req)
{
  EoJsonCheck check = EO_JSON_CHECK_EMPTY;

  /* Read as it came: a fault the reader found comes first. */
  if (req->read_check != EO_JSON_CHECK_OK)
    return eo_json_check_phrase (req->read_check);
  if (req->body != NULL)
    check = eo_json_check ((const char *) req->body->data, req->body->len, EO_JSON_MAX_DEPTH);
  if (check == EO_JSON_CHECK_OK)
    check = EO_JSON_CHECK_SYNTAX; /* JSON, but not of the expected form */
  return eo_json_check_phrase (check);
}

static GError *
new_server_error (guint       status,
                  const char *server_text)
{
  g_autofree char *code = g_strdup_printf ("%u", status);

  return eo_error_new_message (EO_ERROR_SERVER,
                               eo_message_new ("server-problem", "status", code,
                                               "separator", server_text != NULL ? ": " : NULL,
                                               "text", server_text, NULL));
}

/* An answer to the POST. Only a 4xx or a well-formed error envelope
 * proves that the upload was refused; any other answer that is not a
 * clean acceptance leaves it "sent, outcome unknown". Takes @task. */
static void
judge_upload (EoClient *self,
              GTask    *task,
              Answer   *answer)
{
  Request *req = g_task_get_task_data (task);
  AnswerClass klass = _eo_client_classify_answer (req->operation, answer->status);
  g_autofree char *server_text = NULL;
  g_autofree char *detail = NULL;

  switch (klass)
    {
    case ANSWER_SUCCESS:
      if (answer->have_envelope)
        handle_success (task, answer->envelope);
      else
        _eo_client_fail_or_retry (task, _eo_client_new_outcome_unknown_error (describe_body (req)),
                                  FALSE, -1);
      return;
    case ANSWER_SERVER:
      server_text = dup_server_error_text (self, req->body);
      if (answer->have_envelope && (!answer->success || server_text != NULL))
        {
          _eo_client_fail_or_retry (task, new_server_error (answer->status, server_text), FALSE, -1);
          return;
        }
      G_GNUC_FALLTHROUGH;
    case ANSWER_OUTCOME_UNKNOWN:
    case ANSWER_OTHER:
      /* A proxy that lost the upstream's answer, or a server that broke
       * after taking the file. */
      detail = g_strdup_printf (_("HTTP %u %s"), answer->status, soup_status_get_phrase (answer->status));
      _eo_client_fail_or_retry (task, _eo_client_new_outcome_unknown_error (detail), FALSE, -1);
      return;
    case ANSWER_THROTTLED:
      _eo_client_fail_or_retry (task, _eo_client_new_throttled_error (_eo_client_parse_retry_after (req->msg)),
                                FALSE, -1);
      return;
    case ANSWER_REDIRECT:
    case ANSWER_KEY_REFUSED:
    case ANSWER_TEST_REACHED:
    case ANSWER_NOT_FOUND:
    case ANSWER_REFUSED:
    default:
      server_text = dup_server_error_text (self, req->body);
      _eo_client_fail_or_retry (task, _eo_client_new_refusal_error (self, req, klass, answer->status, server_text),
                                FALSE, -1);
      return;
    }
}

/* An answer to a status read or a connection test. Takes @task. */
static void
judge_read (EoClient *self,
            GTask    *task,
            Answer   *answer)
{
  Request *req = g_task_get_task_data (task);
  AnswerClass klass = _eo_client_classify_answer (req->operation, answer->status);
  g_autofree char *server_text = NULL;
  gint64 retry_after_ms = -1;

  switch (klass)
    {
    case ANSWER_SUCCESS:
    case ANSWER_TEST_REACHED:
      /* For a connection test, a 4xx past authentication means the key was
       * taken: the made-up request is unknown. */
      if (!answer->have_envelope)
        _eo_client_fail_or_retry (task, _eo_client_new_bad_answer_error (describe_body (req)), FALSE, -1);
      else
        handle_success (task, answer->envelope);
      return;
    case ANSWER_THROTTLED:
      retry_after_ms = _eo_client_parse_retry_after (req->msg);
      _eo_client_fail_or_retry (task, _eo_client_new_throttled_error (retry_after_ms), TRUE, retry_after_ms);
      return;
    case ANSWER_SERVER:
      server_text = dup_server_error_text (self, req->body);
      retry_after_ms = _eo_client_parse_retry_after (req->msg);
      _eo_client_fail_or_retry (task, new_server_error (answer->status, server_text), TRUE, retry_after_ms);
      return;
    case ANSWER_OUTCOME_UNKNOWN:
    case ANSWER_REDIRECT:
    case ANSWER_KEY_REFUSED:
    case ANSWER_NOT_FOUND:
    case ANSWER_REFUSED:
    case ANSWER_OTHER:
    default:
      server_text = dup_server_error_text (self, req->body);
      _eo_client_fail_or_retry (task, _eo_client_new_refusal_error (self, req, klass, answer->status, server_text),
                                FALSE, -1);
      return;
    }
}

/* A complete HTTP answer arrived. Takes @task. */
void
_eo_client_attempt_answered (GTask *task)
{
  EoClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_auto(Answer) answer = { 0 };

  if (!parse_answer (self, task))
    return; /* on a worker; this runs again when it is done */

  answer_take (&answer, req);
  g_debug ("HTTP %u from %s (%u bytes)", answer.status,
           g_uri_get_host (soup_message_get_uri (req->msg)),
           (guint) req->received);

  /* A 200 that says it failed: judged by its inner code, else as a
   * failure of the server (a refusal of an upload; a status read tries
   * again, as after a 5xx). */
  if (SOUP_STATUS_IS_SUCCESSFUL (answer.status) && answer.have_envelope && !answer.success)
    {
      if (answer.code >= 300 && answer.code <= 599)
        answer.status = (guint) answer.code;
      else
        {
          g_autofree char *server_text = dup_server_error_text (self, req->body);
          GError *error = eo_error_new_message (EO_ERROR_SERVER,
                                                eo_message_new ("server-failure", "reason",
                                                                server_text != NULL ? server_text
                                                                                    : N_("it gave no reason"),
                                                                NULL));

          _eo_client_fail_or_retry (task, error, req->operation != OPERATION_UPLOAD, -1);
          return;
        }
    }

  if (req->operation == OPERATION_UPLOAD)
    judge_upload (self, task, &answer);
  else
    judge_read (self, task, &answer);
}
