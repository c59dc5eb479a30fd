/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-cli-remote.h"
#include "eo-poller.h"
#include "eo-upload-job.h"

G_BEGIN_DECLS

/* Following the devices of an upload until each one is done, shared by
 * “submit” and “status”: their common options, the progress on stderr and
 * the result on stdout. */

typedef struct
{
  gboolean   wait;
  gboolean   json;
  int        interval_ms;
  int        timeout_s;     /* --timeout: 0 waits as long as it takes */
  gboolean   include_assigned; /* submit: send devices that already have an eSIM */
  char     **columns;       /* submit: --column ROLE=HEADER|N */
  char      *server;
  char      *customer;
  char      *key_file;
  char     **args;          /* what is left after the options */
} EoCliFollowOptions;

/* What differs between the command lines of “submit” and “status”; the
 * texts are marked with N_() and translated when shown. */
typedef struct
{
  const char *command;
  const char *parameter;
  const char *summary;
  const char *exit_codes;
  const char *wait_help;
  const char *customer_help;
  GOptionArg  args_kind;      /* of the arguments left after the options */
  const char *include_assigned_help; /* NULL: no --include-assigned */
  gboolean    columns;        /* --column */
} EoCliFollowHelp;

void eo_cli_follow_options_clear   (EoCliFollowOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EoCliFollowOptions, eo_cli_follow_options_clear)

int  eo_cli_follow_options_parse   (EoCliFollowOptions    *options,
                                    const EoCliFollowHelp *help,
                                    int                    argc,
                                    char                 **argv);
int  eo_cli_follow_options_check   (EoCliFollowOptions *options,
                                    const char         *command);
void eo_cli_poller_apply_interval  (EoPoller           *poller,
                                    int                 interval_ms);
void eo_cli_job_apply_interval     (EoUploadJob        *job,
                                    int                 interval_ms);
int  eo_cli_follow                 (const char         *command,
                                    EoCliRemote        *remote,
                                    EoPoller           *poller,
                                    EoUploadJob        *job,
                                    const char         *smdp_url,
                                    gboolean            json,
                                    guint               timeout_s,
                                    int                 status_if_done);

G_END_DECLS
