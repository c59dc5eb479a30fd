/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-jamf"

#include "config.h"

#include "eo-test-jamf.h"
#include "eo-test-util.h"

EoTestSim *
eo_test_jamf_sim_start (const char * const *extra_args)
{
  return eo_test_sim_start_program ("EO_JAMF_SIMULATOR", extra_args);
}

EoJamfClient *
eo_test_jamf_client_new (EoTestSim *sim)
{
  g_autoptr(GError) error = NULL;
  EoJamfClient *client = eo_jamf_client_new (sim->url, &error);

  g_assert_no_error (error);
  eo_jamf_client_set_credentials (client, EO_TEST_JAMF_CLIENT_ID, EO_TEST_JAMF_SECRET);
  return client;
}

void
eo_test_jamf_sim_post (EoTestSim  *sim,
                       const char *what,
                       const char *body)
{
  g_autoptr(JsonParser) parser = NULL;

  eo_test_sim_control (sim->control, sim->url, "POST", what, body, &parser);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

#define RUN_TO_END(call, finish)                                           \
  G_STMT_START {                                                           \
    g_autoptr(GAsyncResult) result = NULL;                                 \
    call;                                                                  \
    EO_TEST_WAIT_FOR (result != NULL, "the Jamf Pro call to end", 120);    \
    return finish;                                                         \
  } G_STMT_END

GPtrArray *
eo_test_jamf_list_devices (EoMdmConnector  *connector,
                           GError         **error)
{
  RUN_TO_END (eo_mdm_connector_list_devices_async (connector, NULL, NULL, NULL, done_cb, &result),
              eo_mdm_connector_list_devices_finish (connector, result, error));
}

GPtrArray *
eo_test_jamf_read_commands (EoMdmConnector      *connector,
                            const char * const  *command_ids,
                            GError             **error)
{
  RUN_TO_END (eo_mdm_connector_read_commands_async (connector, command_ids, NULL, done_cb, &result),
              eo_mdm_connector_read_commands_finish (connector, result, error));
}

GPtrArray *
eo_test_jamf_push (EoMdmConnector      *connector,
                   const char          *server_url,
                   const char * const  *management_ids,
                   GError             **error)
{
  RUN_TO_END (eo_mdm_connector_push_async (connector, server_url, management_ids, NULL, done_cb, &result),
              eo_mdm_connector_push_finish (connector, result, error));
}

char *
eo_test_jamf_management_id (guint n)
{
  return g_strdup_printf ("6b1b4a0e-0000-4000-8000-%012x", n);
}

void
eo_test_sims_start (EoTestSims         *sims,
                    const char * const *jamf_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shared = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *cso_args[] = { "--row-delay-ms", "1", "--assignments", NULL, NULL };

  sims->dir = g_dir_make_tmp ("eo-jamf-XXXXXX", &error);
  g_assert_no_error (error);
  shared = g_build_filename (sims->dir, "assigned.txt", NULL);
  cso_args[3] = shared;
  sims->cso = eo_test_sim_start_demo (cso_args);
  g_ptr_array_add (args, (gpointer) "--assignments");
  g_ptr_array_add (args, shared);
  for (guint i = 0; jamf_args != NULL && jamf_args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) jamf_args[i]);
  g_ptr_array_add (args, NULL);
  sims->jamf = eo_test_jamf_sim_start ((const char * const *) args->pdata);
  sims->devices = NULL;
}

void
eo_test_sims_read_devices (EoTestSims *sims)
{
  g_autoptr(EoJamfClient) client = eo_test_jamf_client_new (sims->jamf);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&sims->devices, g_ptr_array_unref);
  sims->devices = eo_test_jamf_list_devices (EO_MDM_CONNECTOR (client), &error);
  g_assert_no_error (error);
}

void
eo_test_sims_stop (EoTestSims *sims)
{
  eo_test_sim_stop (sims->cso);
  eo_test_sim_stop (sims->jamf);
  eo_test_remove_tree (sims->dir);
  g_clear_pointer (&sims->dir, g_free);
  g_clear_pointer (&sims->devices, g_ptr_array_unref);
}
