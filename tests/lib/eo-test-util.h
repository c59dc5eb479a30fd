/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The test helpers every kind of test uses: set-up, waiting, processes,
 * paths, log capture and valid identifiers (no core, no GTK). */

/* g_test_init with isolated dirs, and a proxy resolver that works there:
 * GIO's default one (glib-networking's GNOME resolver) aborts when no
 * GSettings schemas are found, as in the isolated dirs. Loopback needs
 * no proxy. */
void        eo_test_init                (int                 *argc,
                                         char              ***argv);

/* The one way to wait: runs the default main context until @cond holds,
 * and fails the test ("Timed out waiting for @what") after @seconds. */
#define EO_TEST_WAIT_FOR(cond, what, seconds)                                   \
  G_STMT_START {                                                                \
    guint eo_test_timeout_ = eo_test_timeout_add ((seconds), (what));           \
    while (!(cond))                                                             \
      g_main_context_iteration (NULL, TRUE);                                    \
    g_source_remove (eo_test_timeout_);                                         \
  } G_STMT_END

/* For a condition no main-loop event announces (a file on disk, another
 * process's counters): checks @cond every 10 ms and fails the test after
 * @seconds. */
#define EO_TEST_POLL_UNTIL(cond, what, seconds)                                 \
  G_STMT_START {                                                                \
    gint64 eo_test_deadline_ = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(cond))                                                             \
      {                                                                         \
        if (g_get_monotonic_time () > eo_test_deadline_)                        \
          g_error ("Timed out waiting for %s", (what));                         \
        g_usleep (10 * 1000);                                                   \
      }                                                                         \
  } G_STMT_END

/* A source that fails the test ("Timed out waiting for @what") after
 * @seconds (EO_TEST_WAIT_FOR's guard). */
guint       eo_test_timeout_add         (guint                seconds,
                                         const char          *what);
/* EO_TEST_WAIT_FOR (*@flag) with a limit in milliseconds. */
void        eo_test_run_until           (gboolean            *flag,
                                         guint                timeout_ms);
/* Runs the default main context for @ms (only where time itself is what
 * the test is about: "nothing happens during N ms"). */
void        eo_test_run_for             (guint                ms);

/* "http://127.0.0.1:PORT" with a port nothing listens on (taken by
 * binding and closing a socket, not assumed closed). */
char       *eo_test_dup_closed_port_url (void);

/* A path in the source tree ($EO_SOURCE_ROOT), NULL-terminated parts. */
char       *eo_test_source_path         (const char          *first,
                                         ...) G_GNUC_NULL_TERMINATED;
/* Removes @path and everything under it (no symlinks followed). */
void        eo_test_remove_tree         (const char          *path);

/* A process run to its end: exit status and both streams (NUL-ended,
 * "" when empty; @out_len counts stdout's bytes). */
typedef struct
{
  int    status;
  char  *out;
  gsize  out_len;
  char  *err;
} EoTestRun;

/* Runs @argv (argv[0] a path) to its end. @env: "NAME=VALUE" sets,
 * "NAME" alone unsets, on top of the test's environment; NULL for none.
 * @input: standard input, or NULL for none. Fails the test if the
 * process is killed by a signal. */
void        eo_test_run                 (EoTestRun           *run,
                                         const char * const  *argv,
                                         const char * const  *env,
                                         const char          *input);
void        eo_test_run_clear           (EoTestRun           *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EoTestRun, eo_test_run_clear)

/* $EO_CLI, the esim-onboard-cli under test (asserted executable). */
const char *eo_test_cli_path            (void);
/* Runs it with the arguments in @args (ended by NULL) and @env (taken:
 * "NAME=VALUE" or "NAME" strings, no NULL at the end, usually from
 * eo_test_dirs_env()), @input as standard input (or NULL), and logs what
 * it said. */
void        eo_test_run_cli_va          (EoTestRun           *run,
                                         GPtrArray           *env,
                                         const char          *input,
                                         va_list              args);
/* "NAME=VALUE" settings (owned strings, no NULL at the end) pointing
 * HOME and XDG_{CONFIG,DATA,CACHE,STATE}_HOME and XDG_RUNTIME_DIR at this
 * test's isolated directories (made if missing), which GLib's isolation
 * hides from children: add more, then NULL, and pass ->pdata as the @env
 * of eo_test_run(). */
GPtrArray  *eo_test_dirs_env            (void);
/* The same settings, on a launcher (for processes run in the background). */
void        eo_test_launcher_set_dirs   (gpointer             launcher);

/* A self-signed certificate for 127.0.0.1 (openssl), in a new temporary
 * folder: for HTTPS simulators. */
typedef struct
{
  char *dir;
  char *cert;
  char *key;
} EoTestCertFiles;

void        eo_test_make_cert           (EoTestCertFiles     *files);
void        eo_test_clear_cert          (EoTestCertFiles     *files);

/* Whether @needle is in the @len bytes of @data (NUL bytes allowed). */
gboolean    eo_test_bytes_contain       (const char          *data,
                                         gsize                len,
                                         const char          *needle);
/* Fails the test when @needle is found in a regular file under @path
 * (symlinks not followed, files over 64 MiB skipped); returns how many
 * files were read. */
guint       eo_test_assert_not_in_tree  (const char          *path,
                                         const char          *needle);

/* Counts warnings of the log domain @domain instead of aborting the test
 * (GTest makes warnings fatal; some code warns by design). Call first
 * thing in main(). */
void        eo_test_capture_warnings    (const char          *domain);
guint       eo_test_get_n_warnings      (void);
const char *eo_test_get_last_warning    (void);

/* A valid EID made from @n (MOD 97-10 check digits, body
 * 890490320000000000 + 12 digits), the same for the same @n. */
char       *eo_test_make_eid            (guint                n);
/* A valid EID, different on each call (random, then a counter). */
char       *eo_test_next_eid            (void);
/* A valid EID into @eid (body 890490321234512345 + 12 digits), without
 * allocating: for lists of many rows. */
void        eo_test_write_eid           (char                 eid[33],
                                         guint                n);
/* A valid 19-digit ICCID (Luhn) 891004234 + 9 digits from @n. */
char       *eo_test_make_iccid          (guint                n);
/* A valid 19-digit ICCID 8910042 + 11 digits into @iccid. */
void        eo_test_write_iccid         (char                 iccid[20],
                                         guint                n);
/* A valid 19-digit ICCID of the simulator's demo pool (prefix 8901990),
 * serial @serial, Luhn check digit. */
char       *eo_test_make_demo_iccid     (guint                serial);

/* What a GListModel's "items-changed" said: how often, and its last
 * arguments. Connect eo_test_items_changed_cb with one as data. */
typedef struct
{
  guint n_changes;
  guint last_position;
  guint last_removed;
  guint last_added;
} EoTestChanges;

void        eo_test_items_changed_cb    (GListModel           *model,
                                         guint                 position,
                                         guint                 removed,
                                         guint                 added,
                                         EoTestChanges        *changes);

G_END_DECLS
