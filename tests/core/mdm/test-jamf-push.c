/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-jamf-push"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "eo-error.h"
#include "eo-mdm-follower.h"
#include "eo-mdm-pusher.h"
#include "eo-push-journal.h"
#include "eo-test-jamf.h"
#include "eo-test-util.h"

/* The push (batches, never twice, what a crash leaves), the follow-up of
 * the commands (token renewal over a long one) and the eSIM seen in
 * inventory, against the Jamf Pro simulator. */

#define SMDP "https://smdp.example.com"

/* A journal for upload @id naming generated devices 1..@n. */
static EoPushJournal *
new_journal (EoTestSim  *sim,
             const char *id,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EoPushJournal) journal = eo_push_journal_open (NULL, id, &error);

  g_assert_no_error (error);
  g_assert_true (eo_push_journal_is_new (journal));
  g_assert_true (eo_push_journal_begin (journal, sim->url, SMDP, &error));
  g_assert_no_error (error);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *mgmt = eo_test_jamf_management_id (i);
      g_autofree char *iccid = g_strdup_printf ("89019900000000%05u", i);

      eo_push_journal_add (journal, mgmt, NULL, iccid, NULL);
    }
  return g_steal_pointer (&journal);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static guint
run_pusher (EoJamfClient  *client,
            EoPushJournal *journal,
            gboolean       again,
            guint         *n_recovered,
            GError       **error)
{
  g_autoptr(EoMdmPusher) pusher = eo_mdm_pusher_new (EO_MDM_CONNECTOR (client), journal);
  g_autoptr(GAsyncResult) result = NULL;
  guint n_sent = 0;

  eo_mdm_pusher_run_async (pusher, again, NULL, done_cb, &result);
  EO_TEST_WAIT_FOR (result != NULL, "the push", 120);
  eo_mdm_pusher_run_finish (pusher, result, &n_sent, n_recovered, error);
  return n_sent;
}

static void
test_batching (void)
{
  const char *args[] = { "--generate", "300", "--latency-ms", "50", NULL };
  EoTestSim *sim = eo_test_jamf_sim_start (args);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(EoPushJournal) journal = new_journal (sim, "batching", 250);
  g_autoptr(EoPushJournal) again = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  g_assert_cmpuint (run_pusher (client, journal, FALSE, NULL, &error), ==, 250);
  g_assert_no_error (error);
  /* 250 devices: 100 + 100 + 50. */
  g_assert_cmpint (eo_test_sim_stat (sim, "push_requests"), ==, 3);
  g_assert_cmpint (eo_test_sim_stat (sim, "commands_created"), ==, 250);
  g_assert_cmpint (eo_test_sim_stat (sim, "over_limit"), ==, 0);
  g_assert_cmpuint (eo_push_journal_get_n_batches (journal), ==, 3);
  entries = eo_push_journal_get_entries (journal);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpuint (((EoPushEntry *) g_ptr_array_index (entries, i))->batch, !=, 0);

  /* Read back from disk: nothing is sent twice. */
  again = eo_push_journal_open (NULL, "batching", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (eo_push_journal_get_n_batches (again), ==, 3);
  g_assert_cmpuint (eo_push_journal_batch_commands (again, 3)->len, ==, 50);
  g_assert_cmpuint (run_pusher (client, again, FALSE, NULL, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (eo_test_sim_stat (sim, "push_requests"), ==, 3);
  g_assert_cmpint (eo_test_sim_stat (sim, "commands_created"), ==, 250);
  eo_test_sim_stop (sim);
}

/* A crash between recording and sending, and one between sending and
 * hearing back: the next run looks both up and sends only what was not. */
static void
test_recovery (void)
{
  const char *args[] = { "--generate", "20", NULL };
  EoTestSim *sim = eo_test_jamf_sim_start (args);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(EoPushJournal) journal = new_journal (sim, "recovery", 20);
  g_autoptr(EoPushJournal) reopened = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new (), second = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) commands = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = eo_push_journal_get_entries (journal);
  guint recovered = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_ptr_array_add (first, g_ptr_array_index (entries, i));
      g_ptr_array_add (second, g_ptr_array_index (entries, i + 10));
      g_ptr_array_add (ids, ((EoPushEntry *) g_ptr_array_index (entries, i))->management_id);
    }
  g_ptr_array_add (ids, NULL);
  /* Batch 1 recorded and sent, its answer lost; batch 2 recorded only. */
  g_assert_cmpuint (eo_push_journal_record_batch (journal, first, &error), ==, 1);
  commands = eo_test_jamf_push (EO_MDM_CONNECTOR (client), SMDP, (const char * const *) ids->pdata, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (commands->len, ==, 10);
  g_assert_cmpuint (eo_push_journal_record_batch (journal, second, &error), ==, 2);
  g_assert_cmpint (eo_test_sim_stat (sim, "commands_created"), ==, 10);

  reopened = eo_push_journal_open (NULL, "recovery", &error);
  g_assert_no_error (error);
  g_assert_cmpint (eo_push_journal_batch_state (reopened, 1), ==, EO_PUSH_BATCH_RECORDED);
  g_assert_cmpuint (run_pusher (client, reopened, FALSE, &recovered, &error), ==, 10);
  g_assert_no_error (error);
  g_assert_cmpuint (recovered, ==, 10);
  /* 20 commands in all: none twice. */
  g_assert_cmpint (eo_test_sim_stat (sim, "commands_created"), ==, 20);
  g_assert_cmpint (eo_test_sim_stat (sim, "push_requests"), ==, 2);
  g_assert_cmpint (eo_push_journal_batch_state (reopened, 1), ==, EO_PUSH_BATCH_SENT);
  g_assert_cmpuint (eo_push_journal_batch_commands (reopened, 1)->len, ==, 10);
  eo_test_sim_stop (sim);
}

static void
finished_cb (EoMdmFollower *follower,
             const GError  *error,
             gboolean      *finished)
{
  g_assert_no_error (error);
  *finished = TRUE;
}

/* Tokens of 2 s over a follow-up of several of them: one token per
 * lifetime at most, no 401; and after the tokens are revoked, one 401
 * per call, one new token, no loop. */
static void
test_token_renewal (void)
{
  const char *args[] = { "--generate", "30", "--token-seconds", "2", "--ack-ms", "7000", NULL };
  EoTestSim *sim = eo_test_jamf_sim_start (args);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(EoPushJournal) journal = new_journal (sim, "renewal", 30);
  g_autoptr(EoMdmFollower) follower = NULL;
  g_autoptr(GError) error = NULL;
  gboolean finished = FALSE;
  gint64 start = g_get_monotonic_time (), elapsed_s;
  gint64 tokens, reads;

  g_assert_cmpuint (run_pusher (client, journal, FALSE, NULL, &error), ==, 30);
  g_assert_no_error (error);
  follower = eo_mdm_follower_new (EO_MDM_CONNECTOR (client), journal);
  eo_mdm_follower_set_intervals (follower, 250, 500);
  g_signal_connect (follower, "finished", G_CALLBACK (finished_cb), &finished);
  eo_mdm_follower_start (follower);
  EO_TEST_WAIT_FOR (finished, "every phone to acknowledge", 60);
  elapsed_s = (g_get_monotonic_time () - start) / G_USEC_PER_SEC + 1;

  g_assert_cmpuint (eo_mdm_follower_count (follower, EO_MDM_COMMAND_ACKNOWLEDGED), ==, 30);
  reads = eo_test_sim_stat (sim, "command_requests");
  tokens = eo_test_sim_stat (sim, "token_requests");
  g_test_message ("%" G_GINT64_FORMAT " s, %" G_GINT64_FORMAT " reads, %" G_GINT64_FORMAT " tokens",
                  elapsed_s, reads, tokens);
  g_assert_cmpint (reads, >=, 10);
  /* A token lives 2 s and is renewed after 1.6 s. */
  g_assert_cmpint (tokens, >=, 3);
  g_assert_cmpint (tokens, <=, elapsed_s * 10 / 16 + 1);
  g_assert_cmpint (eo_test_sim_stat (sim, "unauthorized"), ==, 0);

  /* Every token revoked: the next call meets one 401, takes one token. */
  {
    g_autoptr(GPtrArray) commands = NULL;
    const char *ids[] = { eo_push_journal_batch_commands (journal, 1)->pdata[0], NULL };

    eo_test_sim_control_delete (sim, "tokens");
    commands = eo_test_jamf_read_commands (EO_MDM_CONNECTOR (client), ids, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (commands->len, ==, 1);
    g_assert_cmpint (eo_test_sim_stat (sim, "unauthorized"), ==, 1);
    g_assert_cmpint (eo_test_sim_stat (sim, "token_requests"), ==, tokens + 1);
  }
  /* Always 401: an error after one retry, never a loop. */
  {
    g_autoptr(GPtrArray) commands = NULL;
    const char *ids[] = { eo_push_journal_batch_commands (journal, 1)->pdata[0], NULL };

    eo_test_jamf_sim_post (sim, "faults", "{\"endpoint\":\"commands\",\"status\":401,\"count\":-1}");
    commands = eo_test_jamf_read_commands (EO_MDM_CONNECTOR (client), ids, &error);
    g_assert_null (commands);
    g_assert_error (error, EO_ERROR, EO_ERROR_KEY_REFUSED);
    g_assert_cmpint (eo_test_sim_stat (sim, "unauthorized"), ==, 3);
  }
  eo_test_sim_stop (sim);
}

/* NOT_NOW, then --again sends only those; the installed eSIM is seen in
 * the inventory after the acknowledgment. */
static void
test_again_and_installed (void)
{
  g_autofree char *busy = eo_test_jamf_management_id (2);
  g_autofree char *busy_spec = g_strdup_printf ("%s=NOT_NOW", busy);
  const char *args[] = { "--generate", "4", "--ack-ms", "200", "--inventory-ms", "300", "--outcome", busy_spec, NULL };
  EoTestSim *sim = eo_test_jamf_sim_start (args);
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sim);
  g_autoptr(EoPushJournal) journal = new_journal (sim, "again", 3);
  g_autoptr(EoMdmFollower) follower = NULL, second = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) iccids = g_string_new ("{");
  g_autofree char *outcome = NULL;
  gboolean finished = FALSE;

  /* What the CSO assigned: device n's EID -> the journal's ICCID. */
  devices = eo_test_jamf_list_devices (EO_MDM_CONNECTOR (client), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_string_append_printf (iccids, "%s\"%s\":\"%s\"", i > 0 ? "," : "",
                            ((EoMdmDevice *) g_ptr_array_index (devices, i))->eid,
                            ((EoPushEntry *) g_ptr_array_index (eo_push_journal_get_entries (journal), i))->iccid);
  g_string_append_c (iccids, '}');
  eo_test_jamf_sim_post (sim, "iccids", iccids->str);

  g_assert_cmpuint (run_pusher (client, journal, FALSE, NULL, &error), ==, 3);
  follower = eo_mdm_follower_new (EO_MDM_CONNECTOR (client), journal);
  eo_mdm_follower_set_intervals (follower, 100, 200);
  eo_mdm_follower_set_inventory (follower, TRUE, 200);
  g_signal_connect (follower, "finished", G_CALLBACK (finished_cb), &finished);
  eo_mdm_follower_start (follower);
  EO_TEST_WAIT_FOR (finished, "the phones and their inventory", 60);
  g_assert_cmpuint (eo_mdm_follower_count (follower, EO_MDM_COMMAND_ACKNOWLEDGED), ==, 2);
  g_assert_cmpuint (eo_mdm_follower_count (follower, EO_MDM_COMMAND_NOT_NOW), ==, 1);
  g_assert_cmpuint (eo_mdm_follower_count_installed (follower), ==, 2);

  /* The busy phone is free now: --again sends it alone. */
  outcome = g_strdup_printf ("{\"%s\":\"ACKNOWLEDGED\"}", busy);
  eo_test_jamf_sim_post (sim, "outcomes", outcome);
  g_assert_cmpuint (run_pusher (client, journal, FALSE, NULL, &error), ==, 0);
  g_assert_cmpuint (run_pusher (client, journal, TRUE, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (eo_test_sim_stat (sim, "commands_created"), ==, 4);
  finished = FALSE;
  second = eo_mdm_follower_new (EO_MDM_CONNECTOR (client), journal);
  eo_mdm_follower_set_intervals (second, 100, 200);
  eo_mdm_follower_set_inventory (second, TRUE, 200);
  g_signal_connect (second, "finished", G_CALLBACK (finished_cb), &finished);
  eo_mdm_follower_start (second);
  EO_TEST_WAIT_FOR (finished, "the busy phone", 60);
  g_assert_cmpuint (eo_mdm_follower_count (second, EO_MDM_COMMAND_ACKNOWLEDGED), ==, 3);
  g_assert_cmpuint (eo_mdm_follower_count_installed (second), ==, 3);
  eo_test_sim_stop (sim);
}

int
main (int    argc,
      char **argv)
{
  eo_test_init (&argc, &argv);
  g_test_add_func ("/jamf/push/batching-no-double", test_batching);
  g_test_add_func ("/jamf/push/recovery", test_recovery);
  g_test_add_func ("/jamf/follow/token-renewal", test_token_renewal);
  g_test_add_func ("/jamf/follow/again-and-installed", test_again_and_installed);
  return g_test_run ();
}
