/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "eo-test-util.h"

G_BEGIN_DECLS

/* The CSO simulator ($EO_SIMULATOR) run as a separate process by the
 * tests: start, stop, its control endpoints, faults and request log. */

/* The demo account of `cso-simulator --demo`. */
#define EO_TEST_DEMO_CUSTOMER "demo"
#define EO_TEST_DEMO_KEY      "demo-key"

/* Spawns $EO_SIMULATOR with @args (NULL-terminated, after the program's
 * name), sent SIGTERM when the test process dies, and reads its
 * "Listening on URL" line into *@url. @flags are added to a stdout pipe;
 * @stderr_path, if not NULL, receives its standard error. */
GSubprocess *eo_test_sim_spawn       (const char * const  *args,
                                      GSubprocessFlags     flags,
                                      const char          *stderr_path,
                                      char               **url);

/* The same for the program named by the environment variable
 * @program_env (EO_SIMULATOR, EO_JAMF_SIMULATOR). */
GSubprocess *eo_test_spawn_listening (const char          *program_env,
                                      const char * const  *args,
                                      GSubprocessFlags     flags,
                                      const char          *stderr_path,
                                      char               **url);

/* Calls the control endpoint /_sim/@what of the simulator at @url with
 * @method and @body (JSON, or NULL), asserts a 200 answer holding a JSON
 * object and returns it (owned by *@parser_out). @session: NULL for a
 * new one. */
JsonObject  *eo_test_sim_control     (SoupSession         *session,
                                      const char          *url,
                                      const char          *method,
                                      const char          *what,
                                      const char          *body,
                                      JsonParser         **parser_out);
/* A counter of /_sim/stats. */
gint64       eo_test_sim_stat_at     (SoupSession         *session,
                                      const char          *url,
                                      const char          *name);

/* A simulator started with --port 0. */
typedef struct
{
  GSubprocess *process;
  char        *url;      /* http://127.0.0.1:PORT */
  SoupSession *control;  /* for the /_sim/ endpoints */
} EoTestSim;

/* $EO_SIMULATOR --port 0 --demo --quiet plus @extra_args (NULL-terminated,
 * may be NULL). */
EoTestSim   *eo_test_sim_start_demo  (const char * const  *extra_args);
/* $@program_env --port 0 --demo --quiet plus @extra_args: the Jamf
 * simulator is started this way too (eo-test-jamf.h). */
EoTestSim   *eo_test_sim_start_program (const char         *program_env,
                                        const char * const *extra_args);
/* SIGTERM, then waits for the process. */
void         eo_test_sim_stop        (EoTestSim           *sim);
/* GET /_sim/@what ("stats", "requests"): the root object, owned by
 * *@parser_out. */
JsonObject  *eo_test_sim_get         (EoTestSim           *sim,
                                      const char          *what,
                                      JsonParser         **parser_out);
gint64       eo_test_sim_stat        (EoTestSim           *sim,
                                      const char          *name);

/* DELETE /_sim/@what (the answer dropped). */
void         eo_test_sim_control_delete (EoTestSim         *sim,
                                         const char        *what);
/* Fault injection (POST /_sim/faults): @kind on @endpoint, @count
 * times (-1: always). */
void         eo_test_sim_add_fault     (EoTestSim           *sim,
                                        const char          *endpoint,
                                        const char          *kind,
                                        int                  count);
void         eo_test_sim_clear_faults  (EoTestSim           *sim);
/* time_us of the main API requests logged, in order, for one path suffix
 * ("eid-status" or "assign-eid"). */
GArray      *eo_test_sim_request_times (EoTestSim           *sim,
                                        const char          *path_suffix);

G_END_DECLS
