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

      g_assert_cmpstr (a->eid, ==, b->eid);
      g_assert_cmpstr (a->iccid, ==, b->iccid);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->status, ==, b->status);
      g_assert_cmpstr (a->reason, ==, b->reason);
      g_assert_cmpint (a->kind, ==, b->kind);
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

  return g_test_run ();
}
