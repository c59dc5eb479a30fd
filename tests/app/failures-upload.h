/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-application.h"
#include "eo-window-private.h"
#include "eo-test-gui.h"
#include "eo-test-sim.h"

G_BEGIN_DECLS

/* Issue 12: the upload with failures of the tests failures and
 * finish-panel, made once against the real simulator (demo account) and
 * kept for the tests after it: two devices assigned, four failed for the
 * simulator's own reasons (an ICCID not in the pool, an EID that already
 * has an eSIM), one with two warnings of the checks, one left out. */

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 90)

/* Rows of the list of the upload with failures (file order). */
enum {
  ROW_GOOD_1,
  ROW_GOOD_2,
  ROW_NOT_IN_POOL,
  ROW_TWO_WARNINGS,
  ROW_ALREADY_1,
  ROW_ALREADY_2,
  ROW_BROKEN,
  N_ROWS
};

typedef struct
{
  EoWindow       *window;
  EoUploadRecord *record;
  char           *eids[N_ROWS];
  char           *iccids[N_ROWS];  /* requested, or NULL */
} Upload;

extern EoApplication *app;
extern EoTestSim     *sim;
extern char          *dir;
extern Upload         upload;

/* The temporary folder (@dir_template for g_dir_make_tmp) and the simulator. */
void       failures_upload_init    (const char *dir_template);
void       failures_upload_cleanup (void);

GFile     *write_file              (const char *name,
                                    const char *contents);
EoWindow  *new_window_with         (GFile      *file,
                                    int         width);
EoUploadRecord *assign_and_wait    (EoWindow   *window);
void       ensure_application      (void);
EoDevice  *table_device            (EoWindow   *window,
                                    guint       row);
void       ensure_upload           (void);
GtkWidget *problem_label_of        (EoWindow   *window,
                                    EoDevice   *device);
GtkWindow *find_toplevel           (const char *type_name);
void       check_saved_report      (EoWindow   *window);
GtkWidget *next_step               (EoWindow   *window,
                                    const char *label);

G_END_DECLS
