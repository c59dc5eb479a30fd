/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-status-answer"

#include "config.h"

#include <string.h>

#include "eo-status-answer.h"

/* The eid-status reader: what it keeps of an answer, and what it refuses
 * (anything that is not strict JSON in UTF-8, or nests too deep). */

static gboolean
parse (const char     *text,
       EoStatusAnswer *answer)
{
  return eo_status_answer_parse (text, strlen (text), answer);
}

static EoRemoteConfig *
config_at (EoStatusAnswer *answer,
           guint           i)
{
  g_assert_cmpuint (i, <, answer->configs->len);
  return g_ptr_array_index (answer->configs, i);
}

/* The same row, field by field. */
static void
assert_same_config (const EoRemoteConfig *a,
                    const EoRemoteConfig *b)
{
  g_assert_cmpstr (a->eid, ==, b->eid);
  g_assert_cmpstr (a->iccid, ==, b->iccid);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->status, ==, b->status);
  g_assert_cmpstr (a->reason, ==, b->reason);
  g_assert_cmpint (a->kind, ==, b->kind);
}

static void
test_envelope (void)
{
  EoStatusAnswer answer;
  const char *text =
    "{\"code\": 200, \"success\": true, \"error\": null,\n"
    " \"extra\": {\"nested\": [1, 2.5e3, -0.1, true, false, null, \"x\"]},\n"
    " \"data\": {\"request_id\": \"r\", \"configs\": [\n"
    "   {\"eid\": \"E1\", \"iccid\": \"I1\", \"name\": \"one\", \"status\": \"SUCCESS\"},\n"
    "   {\"eid\": \"E2\", \"status\": \"ERROR\", \"reason\": \"pool\", \"error\": \"other\"},\n"
    "   {\"eid\": \"E3\", \"status\": \"IN_PROGRESS\", \"message\": \"\", \"reason\": \"r\", \"name\": 42},\n"
    "   \"not an object\", 7,\n"
    "   {\"eid\": \"first\", \"eid\": \"E4\", \"unknown\": {\"deep\": [[]]}}\n"
    " ]}}";

  g_assert_true (parse (text, &answer));
  g_assert_true (answer.envelope);
  g_assert_true (answer.success);
  g_assert_cmpint (answer.code, ==, 200);
  g_assert_true (answer.has_data);
  g_assert_false (answer.configs_not_list);
  /* Elements that are not objects are skipped. */
  g_assert_cmpuint (answer.configs->len, ==, 4);

  g_assert_cmpstr (config_at (&answer, 0)->eid, ==, "E1");
  g_assert_cmpstr (config_at (&answer, 0)->iccid, ==, "I1");
  g_assert_cmpstr (config_at (&answer, 0)->name, ==, "one");
  g_assert_cmpint (config_at (&answer, 0)->kind, ==, EO_DEVICE_STATUS_SUCCESS);
  g_assert_null (config_at (&answer, 0)->reason);

  /* "reason" before "error"; the kind follows the status. */
  g_assert_cmpstr (config_at (&answer, 1)->reason, ==, "pool");
  g_assert_cmpint (config_at (&answer, 1)->kind, ==, EO_DEVICE_STATUS_FAILED);

  /* An empty "message" gives way; a number where a string goes is none. */
  g_assert_cmpstr (config_at (&answer, 2)->reason, ==, "r");
  g_assert_null (config_at (&answer, 2)->name);
  g_assert_cmpint (config_at (&answer, 2)->kind, ==, EO_DEVICE_STATUS_PENDING);

  /* The last of a repeated member wins, as in a JSON tree. */
  g_assert_cmpstr (config_at (&answer, 3)->eid, ==, "E4");
  g_assert_null (config_at (&answer, 3)->status);
  g_assert_cmpint (config_at (&answer, 3)->kind, ==, EO_DEVICE_STATUS_PENDING);
  eo_status_answer_clear (&answer);
}

static void
test_escapes (void)
{
  EoStatusAnswer answer;
  const char *text =
    "{\"data\": {\"configs\": [{\"eid\": \"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\","
    " \"name\": \"Zo\\u00eb \\ud83d\\ude00 \xc3\xa9\"}]}}";

  g_assert_true (parse (text, &answer));
  g_assert_true (answer.envelope);
  g_assert_cmpstr (config_at (&answer, 0)->eid, ==, "a\"b\\c/d\n\t\r\b\f");
  g_assert_cmpstr (config_at (&answer, 0)->name, ==, "Zo\xc3\xab \xf0\x9f\x98\x80 \xc3\xa9");
  eo_status_answer_clear (&answer);
}

static void
test_refused (void)
{
  static const char * const refused[] = {
    "",
    "{",
    "{\"data\": {\"configs\": []}",             /* cut short */
    "{\"data\": {}} trailing",                  /* text after the document */
    "{\"data\": {\"configs\": [{\"eid\": \"\\200\"}]}}",  /* json-glib 1.6 takes this one */
    "{\"data\": {\"configs\": [{\"eid\": \"\\x41\"}]}}",
    "{\"data\": {\"configs\": [{\"eid\": \"\\ud83d\"}]}}", /* lone surrogate */
    "{\"data\": {\"configs\": [{\"eid\": \"\\ude00\"}]}}",
    "{\"data\": {\"configs\": [{\"eid\": \"\\u0000\"}]}}", /* would cut a C string */
    "{\"data\": {\"configs\": [{\"eid\": \"\\u12\"}]}}",
    "{\"data\": {\"configs\": [{\"eid\": \"a\tb\"}]}}",     /* raw control character */
    "{\"data\": {\"configs\": [{\"eid\": \"\xff\xfe\"}]}}", /* not UTF-8 */
    "{\"data\": {\"configs\": [{\"eid\" \"a\"}]}}",
    "{\"data\": {\"configs\": [1,]}}",
    "{\"data\": {\"configs\": [01]}}",
    "{\"data\": {\"configs\": [1.]}}",
    "{\"data\": {\"configs\": [-]}}",
    "{\"data\": {\"configs\": [tru]}}",
    "{\"data\": {\"configs\": [NaN]}}",
    "{'data': {}}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      EoStatusAnswer answer;
      g_autofree char *shown = g_strescape (refused[i], NULL);

      g_test_message ("refused: %s", shown);
      g_assert_false (parse (refused[i], &answer));
      eo_status_answer_clear (&answer);
    }
}

/* Nesting is bounded: nothing deeper than EO_STATUS_ANSWER_MAX_DEPTH, and
 * 200,000 levels (which overflowed the stack of a recursive parser) end
 * as a refusal, not a crash. */
static void
test_depth (void)
{
  EoStatusAnswer answer;
  GString *text;

  for (guint depth = EO_STATUS_ANSWER_MAX_DEPTH - 3; depth <= EO_STATUS_ANSWER_MAX_DEPTH; depth++)
    {
      /* {"data": {"configs": [ ... ]}} is 3 levels, then depth - 3 arrays. */
      text = g_string_new ("{\"data\": {\"configs\": [");
      for (guint i = 3; i < depth; i++)
        g_string_append_c (text, '[');
      for (guint i = 3; i < depth; i++)
        g_string_append_c (text, ']');
      g_string_append (text, "]}}");
      g_assert_true (eo_status_answer_parse (text->str, text->len, &answer));
      eo_status_answer_clear (&answer);
      g_string_free (text, TRUE);
    }

  text = g_string_new ("{\"data\": {\"configs\": [");
  for (guint i = 3; i < EO_STATUS_ANSWER_MAX_DEPTH + 1; i++)
    g_string_append_c (text, '[');
  for (guint i = 3; i < EO_STATUS_ANSWER_MAX_DEPTH + 1; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "]}}");
  g_assert_false (eo_status_answer_parse (text->str, text->len, &answer));
  eo_status_answer_clear (&answer);
  g_string_free (text, TRUE);

  text = g_string_new ("{\"data\": ");
  for (guint i = 0; i < 200000; i++)
    g_string_append (text, "{\"a\":[");
  g_assert_false (eo_status_answer_parse (text->str, text->len, &answer));
  eo_status_answer_clear (&answer);
  g_string_free (text, TRUE);
}

static void
test_shapes (void)
{
  static const struct
  {
    const char *text;
    gboolean    envelope;
    gboolean    success;
    gint64      code;
    gboolean    has_data;
    gboolean    configs_not_list;
  } cases[] = {
    { "{\"success\": false, \"code\": 403, \"error\": \"no\"}", TRUE, FALSE, 403, FALSE, FALSE },
    { "{\"success\": \"yes\", \"data\": {}}", FALSE, TRUE, 0, TRUE, FALSE },
    { "{\"data\": [1]}", FALSE, TRUE, 0, FALSE, FALSE },
    { "{\"data\": null}", TRUE, TRUE, 0, FALSE, FALSE },
    { "{\"error\": \"x\"}", TRUE, TRUE, 0, FALSE, FALSE },
    { "{\"code\": 200}", FALSE, TRUE, 200, FALSE, FALSE },
    { "{\"code\": 2.5, \"data\": {\"configs\": null}}", TRUE, TRUE, 0, TRUE, FALSE },
    { "{\"code\": \"200\", \"data\": {\"configs\": {}}}", TRUE, TRUE, 0, TRUE, TRUE },
    { "{\"code\": 99999999999999999999, \"data\": {\"configs\": \"x\"}}", TRUE, TRUE, 0, TRUE, TRUE },
    { "[{\"data\": {}}]", FALSE, TRUE, 0, FALSE, FALSE },
    { "\"text\"", FALSE, TRUE, 0, FALSE, FALSE },
    { "{}", FALSE, TRUE, 0, FALSE, FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      EoStatusAnswer answer;

      g_test_message ("shape: %s", cases[i].text);
      g_assert_true (parse (cases[i].text, &answer));
      g_assert_cmpint (answer.envelope, ==, cases[i].envelope);
      g_assert_cmpint (answer.success, ==, cases[i].success);
      g_assert_cmpint (answer.code, ==, cases[i].code);
      g_assert_cmpint (answer.has_data, ==, cases[i].has_data);
      g_assert_cmpint (answer.configs_not_list, ==, cases[i].configs_not_list);
      g_assert_cmpuint (answer.configs->len, ==, 0);
      eo_status_answer_clear (&answer);
    }
}

/* A fleet-sized answer: every row kept, in order. */
static void
test_large (void)
{
  const guint n = 100000;
  GString *text = g_string_new ("{\"code\":200,\"success\":true,\"data\":{\"configs\":[");
  EoStatusAnswer answer;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s{\"eid\":\"8904903200000000000000%010u\",\"iccid\":\"89100423%011u\","
                            "\"status\":\"SUCCESS\"}", i > 0 ? "," : "", i, i);
  g_string_append (text, "]}}");

  g_assert_true (eo_status_answer_parse (text->str, text->len, &answer));
  g_assert_cmpuint (answer.configs->len, ==, n);
  g_assert_cmpstr (config_at (&answer, n - 1)->eid, ==, "89049032000000000000000000099999");
  g_assert_cmpint (config_at (&answer, n - 1)->kind, ==, EO_DEVICE_STATUS_SUCCESS);
  eo_status_answer_clear (&answer);
  g_string_free (text, TRUE);
}

static GByteArray *
byte_array_of (const char *text)
{
  GByteArray *bytes = g_byte_array_new ();

  g_byte_array_append (bytes, (const guint8 *) text, strlen (text));
  return bytes;
}

/* Read in place: the same rows as read by copy; their strings without
 * escapes point into the text (which the rows keep), the others have
 * memory of their own. */
static void
test_in_place (void)
{
  const char *text =
    "{\"code\": 200, \"success\": true, \"data\": {\"configs\": [\n"
    "  {\"eid\": \"E1\", \"iccid\": \"I1\", \"name\": \"one\", \"status\": \"SUCCESS\"},\n"
    "  {\"eid\": \"first\", \"eid\": \"E\\u0032\", \"status\": \"ERROR\", \"message\": \"\", \"reason\": \"pool\"},\n"
    "  {\"eid\": \"\", \"name\": 42, \"name\": \"two\"}]}}";
  GByteArray *bytes = byte_array_of (text);
  EoStatusAnswer copied, in_place;
  EoRemoteConfig *first, *second;

  g_assert_true (parse (text, &copied));
  g_assert_true (eo_status_answer_parse_in_place (bytes, &in_place));
  g_assert_true (in_place.envelope);
  g_assert_cmpuint (in_place.configs->len, ==, 3);
  g_assert_cmpuint (in_place.configs->len, ==, copied.configs->len);
  for (guint i = 0; i < copied.configs->len; i++)
    {
      EoRemoteConfig *a = config_at (&copied, i), *b = config_at (&in_place, i);

      assert_same_config (a, b);
      g_assert_null (a->text);
      g_assert_true (b->text == bytes);
    }

  first = config_at (&in_place, 0);
  second = config_at (&in_place, 1);
  g_assert_true (eo_remote_config_text_holds (bytes, first->eid));
  g_assert_true (eo_remote_config_text_holds (bytes, first->name));
  g_assert_true (eo_remote_config_text_holds (bytes, config_at (&in_place, 2)->eid));
  g_assert_false (eo_remote_config_text_holds (bytes, second->eid));
  g_assert_false (eo_remote_config_text_holds (bytes, second->reason));

  /* A string replaced: the one in the text is not freed (the sanitizers
   * would tell), the new one is the config's. */
  eo_remote_config_set_string (first, &first->name, g_strdup ("uno"));
  g_assert_false (eo_remote_config_text_holds (bytes, first->name));

  /* The rows keep the text. */
  g_byte_array_unref (bytes);
  g_assert_cmpstr (first->eid, ==, "E1");
  g_assert_cmpstr (first->name, ==, "uno");
  eo_status_answer_clear (&in_place);
  eo_status_answer_clear (&copied);
}

/* An answer that is not a successful envelope, or not JSON, leaves the
 * text as it came (its error's text is read from it again), and no rows. */
static void
test_in_place_untouched (void)
{
  const char *texts[] = {
    "{\"success\": false, \"error\": \"busy\", \"data\": {\"configs\": [{\"eid\": \"E1\", \"eid\": \"E2\", \"name\": \"n\"}]}}",
    "{\"data\": {\"configs\": [{\"eid\": \"E1\"}]}, \"data\": {\"configs\": [{\"eid\": \"E3\"}]}, \"success\": false}",
    "{\"data\": {\"configs\": [{\"eid\": \"E1\", \"name\": \"n\"}, {\"eid\": \"E2\", \"name\": tru}]}}",
    "{\"data\": {\"configs\": [{\"eid\": \"E1\", \"status\": \"SUCCESS\"}]}, \"success\": 1}",
    "{\"data\": {\"configs\": [{\"eid\": \"E1\", \"status\": \"SUCCESS\"}]}} trailing",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      GByteArray *bytes = byte_array_of (texts[i]);
      EoStatusAnswer answer;

      eo_status_answer_parse_in_place (bytes, &answer);
      g_assert_cmpuint (answer.configs->len, ==, 0);
      g_assert_cmpmem (bytes->data, bytes->len, texts[i], strlen (texts[i]));
      eo_status_answer_clear (&answer);
      g_byte_array_unref (bytes);
    }
}


/* ------------------------------------------------------------ streamed */

/* Texts the stream must read exactly as the whole-text reader does:
 * well-formed and not, every shape of envelope, and every way the
 * configs' elements can be written or broken. */
static const char *stream_texts[] = {
  "{\"code\": 200, \"success\": true, \"data\": {\"configs\": [{\"eid\": \"E1\", \"iccid\": \"I1\", \"name\": \"one\", \"status\": \"SUCCESS\"}, {\"eid\": \"E2\", \"status\": \"FAILED\", \"reason\": \"pool\"}]}}",
  "{\"data\":{\"configs\":[]}}",
  "{\"data\":{\"configs\":[ \n ]}}",
  "{\"data\":{\"configs\":[,]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"},]}}",
  "{\"data\":{\"configs\":[,{\"eid\":\"E1\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"},,{\"eid\":\"E2\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"} {\"eid\":\"E2\"}]}}",
  "{\"data\":{\"configs\":[1, \"a,b]\", null, [2, {\"eid\": \"x\"}], {\"eid\": \"E\\u0031\", \"name\": \"a\\\"b\"}, true]}}",
  "{\"d\\u0061ta\":{\"c\\u006fnfigs\":[{\"eid\":\"escaped-keys\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}, \"data\":{\"configs\":[{\"eid\":\"E3\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}, \"data\":{}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}], \"configs\": null}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}], \"configs\": {\"eid\": \"E2\"}}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}, \"success\": false, \"error\": \"busy\"}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}, \"success\": 1}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}} trailing",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}}{\"data\":{\"configs\":[{\"eid\":\"E2\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"]]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"\\x\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"\\u0000\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"\xff\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"ok\"}]}, \"x\": \"\xc3\"}",
  "{\"data\":{\"configs\":[{\"eid\":\"tab\tin\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":tru}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\" \"name\":\"n\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}, }",
  "{\"data\" {\"configs\":[{\"eid\":\"E1\"}]}}",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\"}]}:1}",
  "{\"x\": {\"data\": {\"configs\": [{\"eid\": \"not-at-the-top\"}]}}}",
  "{\"data\": {\"x\": {\"configs\": [{\"eid\": \"not-in-data\"}]}}}",
  "[{\"data\": {\"configs\": [{\"eid\": \"E1\"}]}}]",
  "{\"configs\": [{\"eid\": \"E1\"}], \"data\": {\"configs\": [{\"eid\": \"E2\"}]}}",
  "{\"success\": true, \"data\": {\"configs\": [{\"eid\": \"E1\"}]}, \"success\": false}",
  "",
  "   ",
  "{\"data\":{\"configs\":[{\"eid\":\"E1\", \"name\": \"n\", \"name\": 4, \"status\": \"pending\", \"message\": \"m\", \"error\": \"e\"}]}}",
};

static void
assert_same_rows (EoStatusAnswer *expected,
                  EoStatusAnswer *got)
{
  g_assert_cmpint (got->envelope, ==, expected->envelope);
  g_assert_cmpint (got->success, ==, expected->success);
  g_assert_cmpint (got->code, ==, expected->code);
  g_assert_cmpint (got->has_data, ==, expected->has_data);
  g_assert_cmpint (got->configs_not_list, ==, expected->configs_not_list);
  g_assert_cmpuint (got->configs->len, ==, expected->configs->len);
  for (guint i = 0; i < expected->configs->len; i++)
    {
      EoRemoteConfig *a = config_at (expected, i), *b = config_at (got, i);

      assert_same_config (a, b);
    }
}

/* Fed in pieces of @step bytes (0: all at once). */
static gboolean
stream_read (const char     *text,
             gsize           length,
             gsize           step,
             EoStatusAnswer *answer,
             EoJsonCheck    *check,
             GByteArray    **rest)
{
  g_autoptr(EoStatusStream) stream = eo_status_stream_new (NULL, NULL);
  gboolean ok;

  for (gsize done = 0; done < length;)
    {
      gsize n = step == 0 ? length : MIN (step, length - done);

      eo_status_stream_feed (stream, text + done, n);
      done += n;
    }
  *check = eo_status_stream_get_check (stream);
  if (rest != NULL)
    *rest = g_byte_array_ref (eo_status_stream_get_rest (stream));
  ok = eo_status_stream_finish (stream, answer);
  return ok;
}

static void
test_stream_same (void)
{
  const gsize steps[] = { 0, 1, 2, 3, 7, 64 };

  for (gsize i = 0; i < G_N_ELEMENTS (stream_texts); i++)
    {
      const char *text = stream_texts[i];
      g_autoptr(GByteArray) bytes = byte_array_of (text);
      EoStatusAnswer whole;
      gboolean whole_ok;

      g_test_message ("text: %s", text);
      whole_ok = eo_status_answer_parse_in_place (bytes, &whole);
      for (gsize s = 0; s < G_N_ELEMENTS (steps); s++)
        {
          EoStatusAnswer streamed;
          EoJsonCheck check;
          g_autoptr(GByteArray) rest = NULL;
          gboolean ok = stream_read (text, strlen (text), steps[s], &streamed, &check, &rest);

          g_assert_cmpint (ok, ==, whole_ok);
          if (ok)
            {
              assert_same_rows (&whole, &streamed);
              g_assert_cmpint (check, ==, EO_JSON_CHECK_OK);
            }
          else
            {
              g_assert_cmpuint (streamed.configs->len, ==, 0);
              /* What is wrong is what a check of the whole text says. */
              if (check != EO_JSON_CHECK_OK)
                g_assert_cmpint (check, ==, eo_json_check (text, strlen (text), EO_STATUS_ANSWER_MAX_DEPTH));
              else
                g_assert_cmpint (eo_json_check ((const char *) rest->data, rest->len, EO_STATUS_ANSWER_MAX_DEPTH),
                                 ==, eo_json_check (text, strlen (text), EO_STATUS_ANSWER_MAX_DEPTH));
            }
          eo_status_answer_clear (&streamed);
        }
      eo_status_answer_clear (&whole);
    }
}

/* Depth counts the same whole or streamed, inside the configs or not. */
static void
test_stream_depth (void)
{
  for (guint depth = EO_STATUS_ANSWER_MAX_DEPTH - 1; depth <= EO_STATUS_ANSWER_MAX_DEPTH + 1; depth++)
    for (guint inside = 0; inside < 2; inside++)
      {
        GString *text = g_string_new (inside ? "{\"data\": {\"configs\": [" : "{\"x\": {\"y\": [");
        EoStatusAnswer whole, streamed;
        EoJsonCheck check;
        gboolean whole_ok;

        for (guint i = 3; i < depth; i++)
          g_string_append_c (text, '[');
        for (guint i = 3; i < depth; i++)
          g_string_append_c (text, ']');
        g_string_append (text, "]}}");
        whole_ok = eo_status_answer_parse (text->str, text->len, &whole);
        g_assert_cmpint (whole_ok, ==, depth <= EO_STATUS_ANSWER_MAX_DEPTH);
        g_assert_cmpint (stream_read (text->str, text->len, 5, &streamed, &check, NULL), ==, whole_ok);
        if (!whole_ok)
          g_assert_cmpint (check, ==, EO_JSON_CHECK_TOO_DEEP);
        eo_status_answer_clear (&whole);
        eo_status_answer_clear (&streamed);
        g_string_free (text, TRUE);
      }
}

static gboolean
clean_row (EoStatusStream *stream,
           EoRemoteConfig *config,
           gpointer        user_data)
{
  guint *n_cleaned = user_data;

  /* Strings replaced while the row is read are the row's own. */
  if (config->reason != NULL)
    eo_remote_config_set_string (config, &config->reason, g_strdup_printf ("[%s]", config->reason));
  ++*n_cleaned;
  return TRUE;
}

/* A fleet-sized answer, read in the client's 64 KiB chunks: every row
 * kept and cleaned, in order, while the stream never holds more than a
 * few KiB of text; rows freed in any order, before or after the stream
 * (the sanitizers watch the blocks they share). */
static void
test_stream_large (void)
{
  const guint n = 100000;
  GString *text = g_string_new ("{\"code\":200,\"success\":true,\"data\":{\"configs\":[");
  g_autoptr(GByteArray) bytes = NULL;
  EoStatusStream *stream;
  EoStatusAnswer whole, streamed;
  guint n_cleaned = 0;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s{\"eid\":\"8904903200000000000000%010u\",\"iccid\":\"89100423%011u\","
                            "\"name\":\"Phone %u\",\"status\":\"%s\"%s}", i > 0 ? "," : "", i, i, i,
                            i % 3 ? "SUCCESS" : "FAILED", i % 3 ? "" : ",\"reason\":\"pool empty\"");
  g_string_append (text, "]}}");
  bytes = byte_array_of (text->str);
  g_assert_true (eo_status_answer_parse_in_place (bytes, &whole));

  stream = eo_status_stream_new (clean_row, &n_cleaned);
  for (gsize done = 0; done < text->len; done += 64 * 1024)
    eo_status_stream_feed (stream, text->str + done, MIN (64 * 1024, text->len - done));
  g_assert_cmpuint (eo_status_stream_get_n_rows (stream), ==, n);
  g_assert_cmpuint (eo_status_stream_get_max_held (stream), <, 4096);
  g_assert_cmpuint (eo_status_stream_get_rest (stream)->len, <, 100);
  g_assert_true (eo_status_stream_finish (stream, &streamed));
  eo_status_stream_free (stream);
  g_assert_cmpuint (n_cleaned, ==, n);

  for (guint i = 0; i < n; i++)
    {
      EoRemoteConfig *a = config_at (&whole, i), *b = config_at (&streamed, i);

      g_assert_cmpstr (a->eid, ==, b->eid);
      g_assert_cmpstr (a->iccid, ==, b->iccid);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpint (a->kind, ==, b->kind);
      if (a->reason != NULL)
        g_assert_cmpstr (b->reason, ==, "[pool empty]");
      else
        g_assert_null (b->reason);
    }

  /* Every other row freed from the end, then the rest from the start. */
  for (guint i = n; i-- > 0;)
    if (i % 2)
      g_clear_pointer (&g_ptr_array_index (streamed.configs, i), eo_remote_config_free);
  for (guint i = 0; i < n; i++)
    {
      EoRemoteConfig *b = g_ptr_array_index (streamed.configs, i);

      if (i % 2 == 0)
        g_assert_cmpstr (b->eid, ==, config_at (&whole, i)->eid);
      g_clear_pointer (&g_ptr_array_index (streamed.configs, i), eo_remote_config_free);
    }
  eo_status_answer_clear (&streamed);
  eo_status_answer_clear (&whole);
  g_string_free (text, TRUE);
}

/* A row too big for the shared blocks keeps strings of its own. */
static void
test_stream_big_row (void)
{
  GString *text = g_string_new ("{\"data\":{\"configs\":[{\"eid\":\"E1\",\"name\":\"");
  EoStatusAnswer answer;
  EoJsonCheck check;
  EoRemoteConfig *config;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (text, 'a' + i % 26);
  g_string_append (text, "\"},{\"eid\":\"E2\"}]}}");
  g_assert_true (stream_read (text->str, text->len, 4096, &answer, &check, NULL));
  g_assert_cmpuint (answer.configs->len, ==, 2);
  config = config_at (&answer, 0);
  g_assert_null (config->text);
  g_assert_cmpuint (strlen (config->name), ==, 100000);
  g_assert_nonnull (config_at (&answer, 1)->text);
  g_assert_cmpstr (config_at (&answer, 1)->eid, ==, "E2");
  eo_status_answer_clear (&answer);
  g_string_free (text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/status-answer/envelope", test_envelope);
  g_test_add_func ("/status-answer/escapes", test_escapes);
  g_test_add_func ("/status-answer/refused", test_refused);
  g_test_add_func ("/status-answer/depth", test_depth);
  g_test_add_func ("/status-answer/shapes", test_shapes);
  g_test_add_func ("/status-answer/large", test_large);
  g_test_add_func ("/status-answer/in-place", test_in_place);
  g_test_add_func ("/status-answer/in-place/untouched", test_in_place_untouched);
  g_test_add_func ("/status-answer/stream/same-as-whole", test_stream_same);
  g_test_add_func ("/status-answer/stream/depth", test_stream_depth);
  g_test_add_func ("/status-answer/stream/large", test_stream_large);
  g_test_add_func ("/status-answer/stream/big-row", test_stream_big_row);

  return g_test_run ();
}
