/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-answers"

#include "config.h"

#include <stdint.h>
#include <string.h>
#include <glib.h>

#include "eo-answer-text.h"
#include "eo-client-private.h"
#include "eo-error.h"
#include "eo-json-check.h"
#include "eo-server-address.h"
#include "eo-status-answer.h"
#include "eo-upload-record.h"

/* What a hostile server or a damaged disk hands the client (issue 10):
 * every input goes through the upload envelope, the status answer and the
 * record reader, and whatever comes out must be safe text. */

#define KEY "demo-key"

int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Valid UTF-8, no control or format character, never the key. */
static void
check_clean (const char *s)
{
  if (s == NULL)
    return;
  g_assert (g_utf8_validate (s, -1, NULL));
  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert (!g_unichar_iscntrl (c));
      g_assert (g_unichar_type (c) != G_UNICODE_FORMAT);
    }
  g_assert (strstr (s, KEY) == NULL);
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
fuzz_envelope (const uint8_t *data,
               size_t         size)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *envelope, *answer_data;
  JsonNode *node;

  g_byte_array_append (body, data, (guint) size);
  envelope = _eo_client_parse_envelope (body, &parser);
  if (envelope == NULL)
    return;
  g_assert (eo_json_check ((const char *) data, size, EO_JSON_MAX_DEPTH) == EO_JSON_CHECK_OK);
  node = json_object_get_member (envelope, "data");
  answer_data = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (answer_data == NULL)
    return;
  node = json_object_get_member (answer_data, "request_id");
  /* A request ID the client keeps is safe as it is. */
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      _eo_client_check_request_id (KEY, json_node_get_string (node)) == NULL)
    check_clean (json_node_get_string (node));
  node = json_object_get_member (answer_data, "server_url");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *copy = NULL;
      g_autofree char *host = NULL;
      g_autoptr(GError) error = NULL;
      const char *url = eo_answer_text_value (KEY, json_node_get_string (node), EO_ANSWER_FIELD_MAX_CHARS, &copy);

      check_clean (url);
      host = eo_smdp_address_check (url, &error);
      if (host != NULL)
        {
          for (const char *p = host; *p != '\0'; p++)
            g_assert (g_ascii_isalnum (*p) || *p == '-' || *p == '.');
        }
      else
        check_clean (error->message);
    }
}

/* The same rows, field by field. */
static void
check_same_configs (GPtrArray *a,
                    GPtrArray *b)
{
  g_assert (a->len == b->len);
  for (guint i = 0; i < a->len; i++)
    {
      EoRemoteConfig *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert (g_strcmp0 (x->eid, y->eid) == 0);
      g_assert (g_strcmp0 (x->iccid, y->iccid) == 0);
      g_assert (g_strcmp0 (x->name, y->name) == 0);
      g_assert (g_strcmp0 (x->status, y->status) == 0);
      g_assert (g_strcmp0 (x->reason, y->reason) == 0);
      g_assert (x->kind == y->kind);
    }
}

/* Read in place (as the client does), the text's copy is changed only
 * for a successful envelope, and the rows are those read by copy. */
static void
fuzz_status_in_place (const uint8_t  *data,
                      size_t          size,
                      gboolean        parsed,
                      EoStatusAnswer *copied)
{
  GByteArray *text = g_byte_array_sized_new ((guint) size);
  EoStatusAnswer answer;
  gboolean ok;

  g_byte_array_append (text, data, (guint) size);
  ok = eo_status_answer_parse_in_place (text, &answer);
  g_assert (ok == parsed);
  if (ok && answer.envelope && answer.success)
    {
      _eo_client_clean_configs (KEY, answer.configs);
      check_same_configs (copied->configs, answer.configs);
    }
  else
    {
      g_assert (answer.configs->len == 0);
      g_assert (text->len == size && memcmp (text->data, data, size) == 0);
    }
  g_byte_array_unref (text);
  eo_status_answer_clear (&answer);
}

/* Read as it arrives, in pieces of a size the input picks: the same
 * verdict and rows as read whole. */
static void
fuzz_status_stream (const uint8_t  *data,
                    size_t          size,
                    gboolean        parsed,
                    EoStatusAnswer *copied)
{
  EoStatusStream *stream = eo_status_stream_new (NULL, NULL);
  gsize step = size > 0 ? 1 + data[0] % 64 : 1;
  EoStatusAnswer answer;
  EoJsonCheck check;
  gboolean ok;

  for (gsize done = 0; done < size; done += step)
    eo_status_stream_feed (stream, (const char *) data + done, MIN (step, size - done));
  check = eo_status_stream_get_check (stream);
  ok = eo_status_stream_finish (stream, &answer);
  g_assert (ok == parsed);
  /* (Its verdict is the first fault in reading order, which may differ
   * from the whole text's check: a fault after a deeper nesting.) */
  if (check != EO_JSON_CHECK_OK)
    g_assert (!ok && eo_json_check ((const char *) data, size, EO_STATUS_ANSWER_MAX_DEPTH) != EO_JSON_CHECK_OK);
  if (ok && answer.envelope && answer.success)
    {
      _eo_client_clean_configs (KEY, answer.configs);
      check_same_configs (copied->configs, answer.configs);
    }
  else
    g_assert (answer.configs->len == 0);
  eo_status_stream_free (stream);
  eo_status_answer_clear (&answer);
}

static void
fuzz_status (const uint8_t *data,
             size_t         size)
{
  EoStatusAnswer answer;
  gboolean parsed = eo_status_answer_parse ((const char *) data, size, &answer);

  if (parsed)
    {
      g_autoptr(GHashTable) eids = g_hash_table_new (g_str_hash, g_str_equal);

      _eo_client_clean_configs (KEY, answer.configs);
      for (guint i = 0; i < answer.configs->len; i++)
        {
          EoRemoteConfig *config = g_ptr_array_index (answer.configs, i);

          check_clean (config->eid);
          check_clean (config->iccid);
          check_clean (config->name);
          check_clean (config->status);
          check_clean (config->reason);
          /* One row per EID once merged. */
          if (config->eid != NULL && *config->eid != '\0')
            g_assert (g_hash_table_add (eids, config->eid));
        }
    }
  fuzz_status_in_place (data, size, parsed, &answer);
  fuzz_status_stream (data, size, parsed, &answer);
  eo_status_answer_clear (&answer);
}

static void
fuzz_record (const uint8_t *data,
             size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoUploadRecord) record = eo_upload_record_new_from_data ((const char *) data, (gssize) size, &error);

  if (record == NULL)
    {
      g_assert (error != NULL && error->domain == EO_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert (g_utf8_validate (eo_upload_record_get_local_id (record), -1, NULL));
  g_list_model_get_n_items (eo_upload_record_get_devices (record));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if (size > 1 << 20)
    return 0;
  fuzz_envelope (data, size);
  fuzz_status (data, size);
  fuzz_record (data, size);
  return 0;
}
