/* SPDX-License-Identifier: GPL-3.0-or-later */
/* EoJsonWriter: the one JSON writer of records, exports and the CLI. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "eo-json-writer.h"
#include "eo-test-util.h"

static void
write_sample (EoJsonWriter *writer)
{
  eo_json_writer_begin_object (writer, NULL);
  eo_json_writer_add_string (writer, "name", "Zoë \"the\" phone\\");
  eo_json_writer_add_string (writer, "none", NULL);
  eo_json_writer_add_int (writer, "n", -42);
  eo_json_writer_add_boolean (writer, "yes", TRUE);
  eo_json_writer_begin_object (writer, "inner");
  eo_json_writer_add_int (writer, "big", G_GINT64_CONSTANT (9007199254740993));
  eo_json_writer_end_object (writer);
  eo_json_writer_begin_array (writer, "list");
  eo_json_writer_add_string (writer, NULL, "a");
  eo_json_writer_begin_object (writer, NULL);
  eo_json_writer_add_string (writer, "b", "c");
  eo_json_writer_end_object (writer);
  eo_json_writer_end_array (writer);
  eo_json_writer_end_object (writer);
}

/* Pretty output: two spaces per level and "name" : value, the layout
 * json-glib 1.6's generator gave the CLI's output before; and the same
 * document as the compact form. */
static void
test_pretty (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) compact = g_string_new (NULL);
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;
  EoJsonWriter writer;

  eo_json_writer_init (&writer, out, TRUE);
  write_sample (&writer);
  g_assert_cmpstr (out->str, ==,
                   "{\n"
                   "  \"name\" : \"Zoë \\\"the\\\" phone\\\\\",\n"
                   "  \"none\" : null,\n"
                   "  \"n\" : -42,\n"
                   "  \"yes\" : true,\n"
                   "  \"inner\" : {\n"
                   "    \"big\" : 9007199254740993\n"
                   "  },\n"
                   "  \"list\" : [\n"
                   "    \"a\",\n"
                   "    {\n"
                   "      \"b\" : \"c\"\n"
                   "    }\n"
                   "  ]\n"
                   "}");
  eo_json_writer_init (&writer, compact, FALSE);
  write_sample (&writer);
  a = json_from_string (out->str, &error);
  g_assert_no_error (error);
  b = json_from_string (compact->str, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (a, b));
}

static void
test_compact (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  EoJsonWriter writer;

  eo_json_writer_init (&writer, out, FALSE);
  write_sample (&writer);
  g_assert_cmpstr (out->str, ==,
                   "{\"name\":\"Zoë \\\"the\\\" phone\\\\\",\"none\":null,\"n\":-42,\"yes\":true,"
                   "\"inner\":{\"big\":9007199254740993},\"list\":[\"a\",{\"b\":\"c\"}]}");
}

/* Control characters are escaped, invalid UTF-8 repaired: the output is
 * always valid JSON text, whatever a server or file handed in. */
static void
test_hostile_text (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  EoJsonWriter writer;
  const char *value;

  eo_json_writer_init (&writer, out, FALSE);
  eo_json_writer_begin_array (&writer, NULL);
  eo_json_writer_add_string (&writer, NULL, "a\x1b[31mred\x7f\n\t\r\x01");
  eo_json_writer_add_string (&writer, NULL, "bad \x80\xff byte");
  eo_json_writer_end_array (&writer);
  g_assert_cmpstr (out->str, ==, "[\"a\\u001b[31mred\\u007f\\n\\t\\r\\u0001\",\"bad \xef\xbf\xbd\xef\xbf\xbd byte\"]");
  g_assert_true (g_utf8_validate (out->str, -1, NULL));
  g_assert_true (json_parser_load_from_data (parser, out->str, -1, &error));
  g_assert_no_error (error);
  value = json_array_get_string_element (json_node_get_array (json_parser_get_root (parser)), 0);
  g_assert_cmpstr (value, ==, "a\x1b[31mred\x7f\n\t\r\x01");
}

static void
test_empty_and_time (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  EoJsonWriter writer;
  char buf[32];

  eo_json_writer_init (&writer, out, TRUE);
  eo_json_writer_begin_object (&writer, NULL);
  eo_json_writer_begin_array (&writer, "devices");
  eo_json_writer_end_array (&writer);
  eo_json_writer_add_time (&writer, "at", G_GINT64_CONSTANT (1764547200123456));
  eo_json_writer_end_object (&writer);
  g_assert_cmpstr (out->str, ==, "{\n  \"devices\" : [],\n  \"at\" : \"2025-12-01T00:00:00.123456Z\"\n}");

  /* Before the epoch, and out of range (written as the epoch). */
  eo_json_format_time (buf, -1);
  g_assert_cmpstr (buf, ==, "1969-12-31T23:59:59.999999Z");
  eo_json_format_time (buf, G_MAXINT64);
  g_assert_cmpstr (buf, ==, "1970-01-01T00:00:00.000000Z");
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);

  g_test_add_func ("/json-writer/pretty", test_pretty);
  g_test_add_func ("/json-writer/compact", test_compact);
  g_test_add_func ("/json-writer/hostile-text", test_hostile_text);
  g_test_add_func ("/json-writer/empty-and-time", test_empty_and_time);

  return g_test_run ();
}
