/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-push-journal"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "eo-error.h"
#include "eo-json-check.h"
#include "eo-push-journal-private.h"

/* The journal's format: one JSON object a line, "kind" first:
 *   header    v, upload, mdm, server_url (the first line)
 *   recorded  batch, time, devices [{m, eid, iccid, name}]: before sending
 *   sent      batch, commands: the MDM's command IDs
 *   found     batch, commands, missing: what a look-up after a crash found
 *   failed    batch, error: refused, nothing sent
 * Read back strictly (each line checked, bounded depth); a line cut short
 * by a crash, or of a shape not known, is skipped. */

/* Making lines */

static char *
line_of (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

static void
add_strings (JsonBuilder *builder,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (strings, i));
  json_builder_end_array (builder);
}

static JsonBuilder *
begin_line (const char *kind,
            guint       batch)
{
  JsonBuilder *builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  if (batch > 0)
    {
      json_builder_set_member_name (builder, "batch");
      json_builder_add_int_value (builder, batch);
    }
  return builder;
}

static void
add_optional (JsonBuilder *builder,
              const char  *name,
              const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

char *
_eo_push_journal_header_line (const char *upload_id,
                              const char *mdm_url,
                              const char *server_url)
{
  g_autoptr(JsonBuilder) builder = begin_line ("header", 0);

  json_builder_set_member_name (builder, "v");
  json_builder_add_int_value (builder, EO_PUSH_JOURNAL_VERSION);
  add_optional (builder, "upload", upload_id);
  add_optional (builder, "mdm", mdm_url);
  add_optional (builder, "server_url", server_url);
  json_builder_end_object (builder);
  return line_of (builder);
}

/* The line of batch @number naming @entries, recorded at @now. */
char *
_eo_push_journal_recorded_line (guint      number,
                                GPtrArray *entries,
                                gint64     now)
{
  g_autoptr(JsonBuilder) builder = begin_line ("recorded", number);

  json_builder_set_member_name (builder, "time");
  json_builder_add_int_value (builder, now);
  json_builder_set_member_name (builder, "devices");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      add_optional (builder, "m", entry->management_id);
      add_optional (builder, "eid", entry->eid);
      add_optional (builder, "iccid", entry->iccid);
      add_optional (builder, "name", entry->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return line_of (builder);
}

char *
_eo_push_journal_found_line (guint      batch,
                             GPtrArray *command_ids,
                             GPtrArray *missing)
{
  g_autoptr(JsonBuilder) builder = begin_line (missing != NULL ? "found" : "sent", batch);

  add_strings (builder, "commands", command_ids);
  if (missing != NULL)
    add_strings (builder, "missing", missing);
  json_builder_end_object (builder);
  return line_of (builder);
}

char *
_eo_push_journal_failed_line (guint       batch,
                              const char *why)
{
  g_autoptr(JsonBuilder) builder = begin_line ("failed", batch);

  add_optional (builder, "error", why);
  json_builder_end_object (builder);
  return line_of (builder);
}

/* Reading a journal back */

static const char *
string_of (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

static GPtrArray *
strings_of (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *item = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
          g_ptr_array_add (strings, g_strdup (json_node_get_string (item)));
      }
  return strings;
}

static void
read_recorded (EoPushJournal *self,
               JsonObject    *object)
{
  JsonNode *node = json_object_get_member (object, "devices");
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);
      JsonObject *device = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *id = device != NULL ? string_of (device, "m") : NULL;

      if (id != NULL)
        g_ptr_array_add (entries, eo_push_journal_add (self, id, string_of (device, "eid"),
                                                       string_of (device, "iccid"), string_of (device, "name")));
    }
  _eo_push_journal_apply_recorded (self, entries, json_object_get_int_member_with_default (object, "time", 0));
}

static void
read_line (EoPushJournal *self,
           JsonObject    *object)
{
  const char *kind = string_of (object, "kind");
  guint number = (guint) json_object_get_int_member_with_default (object, "batch", 0);
  g_autoptr(GPtrArray) commands = NULL, missing = NULL;

  if (g_strcmp0 (kind, "header") == 0)
    {
      g_free (self->mdm_url);
      self->mdm_url = g_strdup (string_of (object, "mdm"));
      g_free (self->server_url);
      self->server_url = g_strdup (string_of (object, "server_url"));
    }
  else if (g_strcmp0 (kind, "recorded") == 0)
    read_recorded (self, object);
  else if (_eo_push_journal_get_batch (self, number) == NULL)
    return;
  else if (g_strcmp0 (kind, "sent") == 0 || g_strcmp0 (kind, "found") == 0)
    {
      commands = strings_of (object, "commands");
      missing = strings_of (object, "missing");
      _eo_push_journal_apply_found (self, number, commands, missing);
    }
  else if (g_strcmp0 (kind, "failed") == 0)
    _eo_push_journal_apply_failed (self, number);
}

gboolean
_eo_push_journal_load (EoPushJournal  *self,
                       GError        **error)
{
  g_autofree char *text = NULL;
  gsize len;
  char *line, *end;

  if (!g_file_get_contents (self->path, &text, &len, error))
    return FALSE;
  if (len > EO_PUSH_JOURNAL_MAX_BYTES)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("The push journal %s is too large."), self->path);
      return FALSE;
    }
  /* Only whole lines: the last one may have been cut by a crash. */
  for (line = text; (end = memchr (line, '\n', len - (gsize) (line - text))) != NULL; line = end + 1)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      gsize n = (gsize) (end - line);

      if (eo_json_check (line, n, EO_JSON_MAX_DEPTH) != EO_JSON_CHECK_OK ||
          !json_parser_load_from_data (parser, line, (gssize) n, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      read_line (self, json_node_get_object (json_parser_get_root (parser)));
    }
  if (self->mdm_url == NULL)
    {
      g_set_error (error, EO_ERROR, EO_ERROR_STORE, _("%s is not a push journal."), self->path);
      return FALSE;
    }
  return TRUE;
}
