/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-jamf-client.h"
#include "eo-mdm-connector.h"
#include "eo-test-sim.h"

G_BEGIN_DECLS

/* The Jamf Pro simulator ($EO_JAMF_SIMULATOR) and clients of it. */

#define EO_TEST_JAMF_CLIENT_ID "demo-client"
#define EO_TEST_JAMF_SECRET    "demo-secret"

/* $EO_JAMF_SIMULATOR --port 0 --demo --quiet plus @extra_args. */
EoTestSim    *eo_test_jamf_sim_start      (const char * const *extra_args);
/* A client of @sim with the demo client's credentials. */
EoJamfClient *eo_test_jamf_client_new     (EoTestSim          *sim);
/* POST /_sim/@what with @body, the answer dropped. */
void          eo_test_jamf_sim_post       (EoTestSim          *sim,
                                           const char         *what,
                                           const char         *body);
/* The connector's calls run to their end. */
GPtrArray    *eo_test_jamf_list_devices   (EoMdmConnector     *connector,
                                           GError            **error);
GPtrArray    *eo_test_jamf_read_commands  (EoMdmConnector     *connector,
                                           const char * const *command_ids,
                                           GError            **error);
GPtrArray    *eo_test_jamf_push           (EoMdmConnector     *connector,
                                           const char         *server_url,
                                           const char * const *management_ids,
                                           GError            **error);
/* Both simulators, the CSO's telling the Jamf one what it assigned
 * through a shared file in @dir (outside HOME; also for the tests' own
 * files). */
typedef struct
{
  EoTestSim *cso;
  EoTestSim *jamf;
  char      *dir;
  GPtrArray *devices;   /* EoMdmDevice, after eo_test_sims_read_devices () */
} EoTestSims;

/* cso-simulator --demo --row-delay-ms 1 and jamf-simulator with
 * @jamf_args, sharing the assignments file. */
void          eo_test_sims_start          (EoTestSims         *sims,
                                           const char * const *jamf_args);
/* The Jamf simulator's devices into sims->devices. */
void          eo_test_sims_read_devices   (EoTestSims         *sims);
void          eo_test_sims_stop           (EoTestSims         *sims);

/* The management ID the simulator gives generated device @n (from 1). */
char         *eo_test_jamf_management_id  (guint               n);

G_END_DECLS
