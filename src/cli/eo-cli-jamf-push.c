/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-cli-jamf"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "eo-cli.h"
#include "eo-cli-common.h"
#include "eo-cli-diagnostics.h"
#include "eo-cli-jamf.h"
#include "eo-error.h"
#include "eo-history.h"
#include "eo-mdm-follower.h"
#include "eo-mdm-pusher.h"
#include "eo-push-journal.h"
#include "eo-push-targets.h"
#include "eo-server-address.h"
#include "eo-upload-record.h"

/* “jamf push ID” and “jamf status ID”: the SM-DP+ address of an upload
 * sent to its succeeded phones through Jamf Pro, and each phone followed
 * until it answers (and, for status --wait-installed, until its eSIM shows
 * in inventory). What was sent is in the upload's push journal. */

static const char exit_codes[] =
  N_("Exit status: 0 every phone acknowledged, 1 some answered NOT_NOW or ERROR or are not in Jamf Pro, "
     "3 no such upload, 4 configuration, 5 Jamf Pro refused or unreachable, 6 stopped while some are pending.");

/* The upload @id of the history (its local ID or request ID), or NULL. */
static EoUploadRecord *
find_record (const char  *command,
             const char  *id,
             EoHistory  **history,
             int         *status)
{
  g_autoptr(GError) error = NULL;
  EoUploadRecord *record;

  *history = eo_history_new (NULL);
  if (!eo_history_load (*history, NULL, &error))
    {
      eo_cli_print_error (command, error->message);
      *status = EO_CLI_EXIT_UNREADABLE;
      return NULL;
    }
  record = eo_history_find (*history, id, &error);
  if (record == NULL)
    {
      eo_cli_print_error (command, error->message);
      *status = EO_CLI_EXIT_USAGE;
    }
  return record;
}

/* The succeeded devices of @record into the journal, by their management
 * ID (kept from a Jamf import) or by EID in the inventory; the others into
 * @unmatched (EoDevice). FALSE with @error when Jamf cannot be read. */
static gboolean
add_targets (EoCliJamf       *jamf,
             EoUploadRecord  *record,
             EoPushJournal   *journal,
             GPtrArray       *unmatched,
             GError         **error)
{
  g_autoptr(GHashTable) by_eid = NULL;

  if (eo_push_targets_need_inventory (record))
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) devices = NULL;

      eo_mdm_connector_list_devices_async (EO_MDM_CONNECTOR (jamf->client), NULL, NULL, NULL, eo_cli_result_cb, &result);
      devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (jamf->client), eo_cli_wait_for (&result), error);
      if (devices == NULL)
        return FALSE;
      by_eid = eo_push_targets_index_by_eid (devices);
    }
  eo_push_targets_add (record, by_eid, journal, unmatched);
  return TRUE;
}

/* Following */

static gboolean
interrupted_cb (gpointer user_data)
{
  eo_mdm_follower_stop (user_data);
  g_object_set_data (G_OBJECT (user_data), "eo-cli-interrupted", GINT_TO_POINTER (1));
  return G_SOURCE_CONTINUE;
}

static void
follow_finished_cb (EoMdmFollower *follower,
                    const GError  *error,
                    gboolean      *done)
{
  *done = TRUE;
}

/* Follows the journal's commands: once, or until final (and installed). */
static const GError *
follow (EoCliJamf     *jamf,
        EoPushJournal *journal,
        EoMdmFollower **out,
        gboolean       wait,
        gboolean       inventory,
        guint          inventory_s)
{
  EoMdmFollower *follower = eo_mdm_follower_new (EO_MDM_CONNECTOR (jamf->client), journal);
  gboolean done = FALSE;
  guint sigint, sigterm;

  eo_mdm_follower_set_once (follower, !wait);
  eo_mdm_follower_set_inventory (follower, inventory, inventory_s * 1000);
  g_signal_connect (follower, "finished", G_CALLBACK (follow_finished_cb), &done);
  sigint = g_unix_signal_add (SIGINT, interrupted_cb, follower);
  sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, follower);
  eo_mdm_follower_start (follower);
  while (!done && g_object_get_data (G_OBJECT (follower), "eo-cli-interrupted") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  *out = follower;
  return eo_mdm_follower_get_error (follower);
}

static const char *
state_label (EoPushEntry *entry)
{
  if (entry->batch == 0)
    return _("Not sent");
  switch (entry->state)
    {
    case EO_MDM_COMMAND_ACKNOWLEDGED:
      return entry->installed ? _("eSIM installed") : _("Acknowledged");
    case EO_MDM_COMMAND_NOT_NOW:
      return _("Not now (the phone was busy or locked)");
    case EO_MDM_COMMAND_ERROR:
      return _("Error");
    case EO_MDM_COMMAND_PENDING:
    default:
      return _("Waiting");
    }
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
print_json (EoUploadRecord *record,
            EoPushJournal  *journal,
            GPtrArray      *unmatched,
            guint           n_sent,
            guint           n_recovered)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GPtrArray *entries = eo_push_journal_get_entries (journal);

  json_builder_begin_object (builder);
  add_member (builder, "upload", eo_upload_record_get_local_id (record));
  add_member (builder, "esim_server_url", eo_push_journal_get_server_url (journal));
  json_builder_set_member_name (builder, "sent");
  json_builder_add_int_value (builder, n_sent);
  json_builder_set_member_name (builder, "recovered");
  json_builder_add_int_value (builder, n_recovered);
  json_builder_set_member_name (builder, "phones");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      json_builder_begin_object (builder);
      add_member (builder, "management_id", entry->management_id);
      add_member (builder, "eid", entry->eid);
      add_member (builder, "name", entry->name);
      add_member (builder, "command_id", entry->command_id);
      add_member (builder, "state", entry->batch != 0 ? eo_mdm_command_state_to_string (entry->state) : "NOT_SENT");
      add_member (builder, "reason", entry->reason);
      json_builder_set_member_name (builder, "installed");
      json_builder_add_boolean_value (builder, entry->installed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unmatched");
  json_builder_begin_array (builder);
  for (guint i = 0; unmatched != NULL && i < unmatched->len; i++)
    {
      json_builder_begin_object (builder);
      add_member (builder, "eid", eo_device_get_eid (g_ptr_array_index (unmatched, i)));
      add_member (builder, "name", eo_device_get_name (g_ptr_array_index (unmatched, i)));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_text (EoPushJournal *journal,
            GPtrArray     *unmatched)
{
  GPtrArray *entries = eo_push_journal_get_entries (journal);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      EoPushEntry *entry = g_ptr_array_index (entries, i);

      g_string_truncate (line, 0);
      g_string_append_printf (line, "%-32s  ", entry->eid != NULL ? entry->eid : "");
      eo_cli_append_printable (line, entry->name != NULL ? entry->name : "");
      g_string_append (line, "  ");
      eo_cli_append_printable (line, state_label (entry));
      if (entry->reason != NULL)
        {
          g_string_append (line, ": ");
          eo_cli_append_printable (line, entry->reason);
        }
      puts (line->str);
    }
  if (unmatched != NULL && unmatched->len > 0)
    {
      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                    "%u device of the upload is not in Jamf Pro (no phone with its EID):",
                                    "%u devices of the upload are not in Jamf Pro (no phone with their EID):",
                                    unmatched->len), unmatched->len);
      fputc ('\n', stderr);
      for (guint i = 0; i < unmatched->len; i++)
        {
          g_string_truncate (line, 0);
          g_string_append (line, "  ");
          eo_cli_append_printable (line, eo_device_get_eid (g_ptr_array_index (unmatched, i)));
          g_string_append (line, "  ");
          eo_cli_append_printable (line, eo_device_get_name (g_ptr_array_index (unmatched, i)));
          fprintf (stderr, "%s\n", line->str);
        }
    }
}

static int
exit_status (EoMdmFollower *follower,
             GPtrArray     *unmatched,
             gboolean       installed)
{
  guint acknowledged = eo_mdm_follower_count (follower, EO_MDM_COMMAND_ACKNOWLEDGED);

  if (eo_mdm_follower_count (follower, EO_MDM_COMMAND_PENDING) > 0 ||
      (installed && eo_mdm_follower_count_installed (follower) < acknowledged))
    return EO_CLI_EXIT_PENDING;
  if (eo_mdm_follower_count (follower, EO_MDM_COMMAND_NOT_NOW) > 0 ||
      eo_mdm_follower_count (follower, EO_MDM_COMMAND_ERROR) > 0 || (unmatched != NULL && unmatched->len > 0))
    return EO_CLI_EXIT_ROWS_FAILED;
  return EO_CLI_EXIT_OK;
}

/* jamf push */

static gboolean
run_pusher (EoCliJamf      *jamf,
            EoPushJournal  *journal,
            gboolean        again,
            guint          *n_sent,
            guint          *n_recovered,
            GError        **error)
{
  g_autoptr(EoMdmPusher) pusher = eo_mdm_pusher_new (EO_MDM_CONNECTOR (jamf->client), journal);
  g_autoptr(GAsyncResult) result = NULL;

  eo_mdm_pusher_run_async (pusher, again, NULL, eo_cli_result_cb, &result);
  return eo_mdm_pusher_run_finish (pusher, eo_cli_wait_for (&result), n_sent, n_recovered, error);
}

static void
say_what_was_sent (EoPushJournal *journal,
                   guint          n_sent,
                   guint          n_recovered,
                   gboolean       again)
{
  guint n = eo_push_journal_get_entries (journal)->len;

  if (n_recovered > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "%u phone had been sent the address by a run that was interrupted: found in Jamf Pro, not sent again.",
                                  "%u phones had been sent the address by a run that was interrupted: found in Jamf Pro, not sent again.",
                                  n_recovered), n_recovered);
  else if (n_sent == 0 && again)
    fprintf (stderr, "%s", _("No phone answered NOT_NOW or ERROR: nothing was sent again."));
  else if (n_sent == 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "Nothing new was sent: the %u phone of this upload was sent the address before "
                                  "(--again re-sends to phones that answered NOT_NOW or ERROR).",
                                  "Nothing new was sent: the %u phones of this upload were sent the address before "
                                  "(--again re-sends to phones that answered NOT_NOW or ERROR).", n), n);
  if (n_recovered > 0 || n_sent == 0)
    fputc ('\n', stderr);
  if (n_sent > 0)
    {
      fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Sent the SM-DP+ address to %u phone.",
                                    "Sent the SM-DP+ address to %u phones.", n_sent), n_sent);
      fputc ('\n', stderr);
    }
}

/* The journal of @record, begun with its SM-DP+ address if new. */
static EoPushJournal *
open_journal (const char      *command,
              EoCliJamf       *jamf,
              EoUploadRecord  *record,
              int             *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoPushJournal) journal = eo_push_journal_open (NULL, eo_upload_record_get_local_id (record), &error);
  const char *server_url = eo_upload_record_get_server_url (record);
  g_autofree char *host = NULL;

  *status = EO_CLI_EXIT_CONFIG;
  if (journal == NULL)
    {
      eo_cli_print_error (command, error->message);
      return NULL;
    }
  if (!eo_push_journal_is_new (journal))
    return g_steal_pointer (&journal);
  host = server_url != NULL ? eo_smdp_address_check (server_url, &error) : NULL;
  if (host == NULL)
    {
      eo_cli_print_error (command, error != NULL ? error->message
                                                 : _("The upload has no SM-DP+ address: it was not accepted by the CSO."));
      return NULL;
    }
  if (!eo_push_journal_begin (journal, jamf->url, server_url, &error))
    {
      eo_cli_print_error (command, error->message);
      return NULL;
    }
  return g_steal_pointer (&journal);
}

int
eo_cli_jamf_push (int    argc,
                  char **argv)
{
  g_auto(EoCliJamfOptions) o = { NULL };
  g_auto(EoCliJamf) jamf = { NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(EoPushJournal) journal = NULL;
  g_autoptr(EoMdmFollower) follower = NULL;
  g_autoptr(GPtrArray) unmatched = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *description = NULL;
  gboolean wait = FALSE, json = FALSE, again = FALSE;
  EoUploadRecord *record;
  guint n_sent = 0, n_recovered = 0;
  const GError *follow_error;
  int status;
  GOptionEntry entries[] = {
    EO_CLI_JAMF_OPTION_ENTRIES (&o),
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait, N_("Follow the commands until every phone answered"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the phones and their states as JSON"), NULL },
    { "again", 0, 0, G_OPTION_ARG_NONE, &again, N_("Send again to the phones that answered NOT_NOW or ERROR"), NULL },
    { NULL }
  };

  description = eo_cli_jamf_description (_(exit_codes));
  context = eo_cli_option_context_new ("jamf push", "ID",
                                       _("Send the SM-DP+ address of upload ID (local or request ID) to its succeeded "
                                         "phones through Jamf Pro (Refresh Cellular Plans), never twice."),
                                       description, entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return eo_cli_usage_error ("jamf push", error->message);
  if (argc != 2)
    return eo_cli_usage_error ("jamf push", _("Give one upload ID."));
  status = eo_cli_jamf_connect (&jamf, "jamf push", &o, TRUE);
  if (status != EO_CLI_EXIT_OK)
    return status;
  record = find_record ("jamf push", argv[1], &history, &status);
  if (record == NULL)
    return status;
  journal = open_journal ("jamf push", &jamf, record, &status);
  if (journal == NULL)
    return status;
  if (!add_targets (&jamf, record, journal, unmatched, &error) ||
      !run_pusher (&jamf, journal, again, &n_sent, &n_recovered, &error))
    return eo_cli_jamf_report_error ("jamf push", error);
  say_what_was_sent (journal, n_sent, n_recovered, again);

  follow_error = follow (&jamf, journal, &follower, wait, FALSE, 0);
  if (follow_error != NULL)
    return eo_cli_jamf_report_error ("jamf push", follow_error);
  if (json)
    print_json (record, journal, unmatched, n_sent, n_recovered);
  else
    print_text (journal, unmatched);
  return exit_status (follower, unmatched, FALSE);
}

/* jamf status */

int
eo_cli_jamf_status (int    argc,
                    char **argv)
{
  g_auto(EoCliJamfOptions) o = { NULL };
  g_auto(EoCliJamf) jamf = { NULL };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoHistory) history = NULL;
  g_autoptr(EoPushJournal) journal = NULL;
  g_autoptr(EoMdmFollower) follower = NULL;
  g_autofree char *description = NULL;
  gboolean wait_installed = FALSE, json = FALSE;
  int inventory_s = EO_MDM_FOLLOWER_INVENTORY_MS / 1000;
  const GError *follow_error;
  EoUploadRecord *record;
  int status;
  GOptionEntry entries[] = {
    EO_CLI_JAMF_OPTION_ENTRIES (&o),
    { "wait-installed", 'w', 0, G_OPTION_ARG_NONE, &wait_installed,
      N_("Wait until every acknowledged phone shows its new eSIM in Jamf Pro’s inventory"), NULL },
    { "inventory-interval", 0, 0, G_OPTION_ARG_INT, &inventory_s,
      N_("Seconds between two reads of the inventory while waiting (default 180)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the phones and their states as JSON"), NULL },
    { NULL }
  };

  description = eo_cli_jamf_description (_(exit_codes));
  context = eo_cli_option_context_new ("jamf status", "ID",
                                       _("Show each phone’s Refresh Cellular Plans command and whether its eSIM is in "
                                         "Jamf Pro’s inventory."), description, entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return eo_cli_usage_error ("jamf status", error->message);
  if (argc != 2)
    return eo_cli_usage_error ("jamf status", _("Give one upload ID."));
  if (inventory_s < 1 || inventory_s > 24 * 3600)
    return eo_cli_usage_error ("jamf status", _("--inventory-interval must be from 1 to 86400 seconds."));
  status = eo_cli_jamf_connect (&jamf, "jamf status", &o, TRUE);
  if (status != EO_CLI_EXIT_OK)
    return status;
  record = find_record ("jamf status", argv[1], &history, &status);
  if (record == NULL)
    return status;
  journal = eo_push_journal_open (NULL, eo_upload_record_get_local_id (record), &error);
  if (journal == NULL)
    return eo_cli_jamf_report_error ("jamf status", error);
  if (eo_push_journal_is_new (journal))
    {
      eo_cli_print_error ("jamf status", _("Nothing was pushed for this upload yet: run “esim-onboard-cli jamf push ID”."));
      return EO_CLI_EXIT_USAGE;
    }

  follow_error = follow (&jamf, journal, &follower, wait_installed, TRUE, (guint) inventory_s);
  if (follow_error != NULL)
    return eo_cli_jamf_report_error ("jamf status", follow_error);
  if (json)
    print_json (record, journal, NULL, 0, 0);
  else
    print_text (journal, NULL);
  return exit_status (follower, NULL, wait_installed);
}
