/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "jamf-sim-command"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "jamf-sim-command.h"

#define COMMAND_TYPE "REFRESH_CELLULAR_PLANS"

void
jamf_sim_command_free (JamfSimCommand *command)
{
  if (command == NULL)
    return;
  g_free (command->uuid);
  g_free (command->server_url);
  g_free (command->date_sent);
  g_free (command);
}

const char *
jamf_sim_command_state (JamfSimCommand *command,
                        gint64          now_us,
                        gint64          ack_delay_us)
{
  if (now_us < command->created_us + ack_delay_us)
    return "PENDING";
  return jamf_sim_outcome_to_string (command->outcome);
}

void
jamf_sim_command_to_json (JamfSimCommand *command,
                          JsonBuilder    *builder,
                          gint64          now_us,
                          gint64          ack_delay_us)
{
  const char *state = jamf_sim_command_state (command, now_us, ack_delay_us);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, command->uuid);
  json_builder_set_member_name (builder, "client");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "managementId");
  json_builder_add_string_value (builder, command->device->management_id);
  json_builder_set_member_name (builder, "clientType");
  json_builder_add_string_value (builder, "MOBILE_DEVICE");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "commandState");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "commandType");
  json_builder_add_string_value (builder, COMMAND_TYPE);
  json_builder_set_member_name (builder, "dateSent");
  json_builder_add_string_value (builder, command->date_sent);
  json_builder_set_member_name (builder, "dateCompleted");
  if (g_str_equal (state, "PENDING"))
    json_builder_add_null_value (builder);
  else
    {
      g_autoptr(GDateTime) done = g_date_time_new_from_unix_utc ((command->created_real_us + ack_delay_us) / G_USEC_PER_SEC);
      g_autofree char *text = g_date_time_format (done, "%Y-%m-%dT%H:%M:%SZ");

      json_builder_add_string_value (builder, text);
    }
  if (g_str_equal (state, "ERROR"))
    {
      json_builder_set_member_name (builder, "errorMessage");
      json_builder_add_string_value (builder, "36003: The cellular stack is busy (simulated)");
    }
  json_builder_end_object (builder);
}

/* Filters */

struct _JamfSimFilter
{
  GHashTable *clauses; /* field -> GHashTable set of values */
};

static const char *fields[] = { "uuid", "clientManagementId", "command" };

void
jamf_sim_filter_free (JamfSimFilter *filter)
{
  if (filter == NULL)
    return;
  g_hash_table_unref (filter->clauses);
  g_free (filter);
}

static gboolean
add_clause (JamfSimFilter  *filter,
            const char     *clause,
            GError        **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *op;
  g_autofree char *field = NULL;
  gboolean in;

  op = strstr (clause, "=in=");
  in = op != NULL;
  if (!in)
    op = strstr (clause, "==");
  if (op == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unsupported RSQL clause: %s", clause);
      return FALSE;
    }
  field = g_strndup (clause, (gsize) (op - clause));
  if (!g_strv_contains (fields, field))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Field %s cannot be filtered on", field);
      return FALSE;
    }
  if (in)
    {
      const char *list = op + 4;
      gsize len = strlen (list);
      g_autofree char *inner = NULL;
      g_auto(GStrv) parts = NULL;

      if (len < 2 || list[0] != '(' || list[len - 1] != ')')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "=in= needs a list in parentheses");
          return FALSE;
        }
      inner = g_strndup (list + 1, len - 2);
      parts = g_strsplit (inner, ",", -1);
      for (guint i = 0; parts[i] != NULL; i++)
        g_hash_table_add (values, g_strdup (parts[i]));
    }
  else
    g_hash_table_add (values, g_strdup (op + 2));

  g_hash_table_replace (filter->clauses, g_steal_pointer (&field), g_steal_pointer (&values));
  return TRUE;
}

JamfSimFilter *
jamf_sim_filter_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(JamfSimFilter) filter = g_new0 (JamfSimFilter, 1);
  g_auto(GStrv) clauses = NULL;

  filter->clauses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "The filter is required");
      return NULL;
    }
  /* Parentheses only hold =in= lists here, so ';' splits the clauses. */
  clauses = g_strsplit (text, ";", -1);
  for (guint i = 0; clauses[i] != NULL; i++)
    if (!add_clause (filter, clauses[i], error))
      return NULL;
  return g_steal_pointer (&filter);
}

GHashTable *
jamf_sim_filter_values (JamfSimFilter *filter,
                        const char    *field)
{
  return g_hash_table_lookup (filter->clauses, field);
}

gboolean
jamf_sim_filter_matches (JamfSimFilter  *filter,
                         JamfSimCommand *command)
{
  GHashTable *values;

  values = jamf_sim_filter_values (filter, "uuid");
  if (values != NULL && !g_hash_table_contains (values, command->uuid))
    return FALSE;
  values = jamf_sim_filter_values (filter, "clientManagementId");
  if (values != NULL && !g_hash_table_contains (values, command->device->management_id))
    return FALSE;
  values = jamf_sim_filter_values (filter, "command");
  if (values != NULL && !g_hash_table_contains (values, COMMAND_TYPE))
    return FALSE;
  return TRUE;
}
