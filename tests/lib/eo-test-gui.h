/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "eo-application.h"
#include "eo-window-private.h"
#include "eo-test-util.h"

G_BEGIN_DECLS

/* Helpers of the GUI test programs (and of the screenshot tool). */

/* g_test_init with isolated dirs, the C locale, GTK and libadwaita, then
 * the system's icon themes and MIME database again (the isolated dirs
 * replace XDG_DATA_DIRS, where they live). */
void           eo_test_gui_init          (int          *argc,
                                          char       ***argv);

/* An application that opens files and is not unique, registered and held
 * (it runs without windows between tests). */
EoApplication *eo_test_application_new   (void);
/* Runs the tests added, then releases and drops *@app (a program's
 * application, used by its tests): main()'s end. */
int            eo_test_gui_run           (EoApplication **app);
/* The same with an ID of its own (one bus object path each), for tests
 * that make one per test: its history folder is fixed by its first
 * window, in the test's isolated folders. _free() closes its windows,
 * runs what that leaves pending and drops it. */
EoApplication *eo_test_application_new_unique (void);
void           eo_test_application_free  (EoApplication *app);

/* Lets @widget lay out and paint @frames frames. */
void           eo_test_wait_for_frames   (GtkWidget    *widget,
                                          guint         frames);
/* A new window of @app, presented and painted once. */
EoWindow      *eo_test_new_window        (EoApplication *app);
/* Waits until @window's load (of a list) is over. */
void           eo_test_wait_for_load     (EoWindow     *window);
/* A file @name of @text in the test's cache folder. */
GFile         *eo_test_write_list        (const char   *name,
                                          const char   *text);
/* A new window of @app showing the list of @text (file @name), loaded. */
EoWindow      *eo_test_open_list         (EoApplication *app,
                                          const char   *name,
                                          const char   *text);
/* The file @name of tests/app/data (its path: free it). */
char          *eo_test_data_path         (const char   *name);
GFile         *eo_test_data_file         (const char   *name);
/* Opens @file in @window (a load must start) and waits for its end. */
void           eo_test_load_file         (EoWindow     *window,
                                          GFile        *file);
/* A new window of @app, @width x @height (0: its default size), presented
 * and painted once, then showing tests/app/data/@name loaded (NULL:
 * none). */
EoWindow      *eo_test_open_data_file    (EoApplication *app,
                                          const char   *name,
                                          int           width,
                                          int           height);
/* A new window of @app, @width x @height, presented; once the job
 * manager has read the history, its polling intervals set to @first_ms
 * and @max_ms (0: left as they are), and the window painted once. */
EoWindow      *eo_test_open_history_window (EoApplication *app,
                                            int            width,
                                            int            height,
                                            guint          first_ms,
                                            guint          max_ms);
/* Destroys @window and runs what that leaves pending. */
void           eo_test_destroy_window    (EoWindow     *window);

/* Renders @widget once it is painted (for a window, once its page
 * transition is over). */
GdkTexture    *eo_test_render            (GtkWidget    *widget);
/* Renders @widget, saves it as <build>/screenshots/@name and returns it. */
GdkTexture    *eo_test_take_screenshot   (GtkWidget    *widget,
                                          const char   *name);
/* The same, for the picture only. */
void           eo_test_save_screenshot   (GtkWidget    *widget,
                                          const char   *name);

/* The text on @widget's clipboard, waited for ("" if none; free it). */
char          *eo_test_read_clipboard    (GtkWidget    *widget);

/* Dialogs (src/app/eo-dialogs.h) on both platforms. */
/* What a person's click on the button of @response does in @alert: the
 * button must be there and sensitive. */
void           eo_test_alert_respond     (GtkWidget    *alert,
                                          const char   *response);
/* The dialog of @type shown over @parent, waited for. */
GtkWidget     *eo_test_wait_for_dialog   (GtkWindow    *parent,
                                          GType         type);
/* Closes @dialog as Escape would and waits until it is gone. */
void           eo_test_close_dialog      (GtkWidget    *dialog);
/* Saves @dialog as a person sees it: with libadwaita 1.5 and later the
 * window with the dialog over it, before that the dialog's own window. */
void           eo_test_save_dialog_screenshot (GtkWidget *dialog,
                                               const char *name);

/* Preferences pages (EoPreferencesPage, EoJamfPage: a template and a
 * "busy" property, TRUE while the keyring or a connection test runs). */
/* app.preferences activated, the page of @page_type shown, once not busy. */
GtkWidget     *eo_test_open_preferences_page (EoApplication *app,
                                              EoWindow      *window,
                                              GType          page_type,
                                              GtkWidget    **dialog_out);
/* The page's template child @name (fails the test if none). */
gpointer       eo_test_page_child        (gpointer      page,
                                          const char   *name);
/* Waits until @page is not busy (@what: what it waits for). */
void           eo_test_page_wait_idle    (gpointer      page,
                                          const char   *what);
/* Types @text into the row @name. */
void           eo_test_page_type_row     (gpointer      page,
                                          const char   *name,
                                          const char   *text);
/* The same and Enter pressed, then waits for the keyring. */
void           eo_test_page_apply_row    (gpointer      page,
                                          const char   *name,
                                          const char   *text);

/* The Jamf loop as a person goes through it (tests, benchmark,
 * screenshots); each wait at most @seconds. */
/* Import from Jamf Pro: the picker opened and its @n_phones read (0: as
 * many as there are), the history's marks made. */
void            eo_test_jamf_picker_read     (EoWindow *window,
                                              guint     n_phones,
                                              guint     seconds);
/* Select All (of those shown): how many are chosen. */
guint           eo_test_jamf_picker_select_all (EoWindow *window,
                                                guint     seconds);
/* Import clicked, the list loaded in the window. */
void            eo_test_jamf_picker_import   (EoWindow *window,
                                              guint     seconds);
/* Read and Select All: every phone with an EID chosen (how many). */
guint           eo_test_choose_all_in_jamf   (EoWindow *window,
                                              guint     n_phones,
                                              guint     seconds);
/* The same, then Import. */
guint           eo_test_import_all_from_jamf (EoWindow *window,
                                              guint     n_phones,
                                              guint     seconds);
/* Assign: the confirmation accepted, the upload followed to its end. */
EoUploadRecord *eo_test_assign_and_wait      (EoWindow *window,
                                              guint     seconds);

/* Owns org.freedesktop.Notifications on the session bus (the test's own
 * server), so that the app's notifications arrive somewhere. Returns the
 * "summary\nbody" of each notification received, oldest first (a new
 * reference to the one list). */
GPtrArray *eo_test_notifications_start (void);

/* How a label's text is matched. */
typedef enum
{
  EO_TEST_MATCH_EXACT,
  EO_TEST_MATCH_PREFIX,
  EO_TEST_MATCH_CONTAINS,
} EoTestMatch;

/* The first mapped GtkLabel under @widget (depth first, @widget
 * included) whose text matches @text, or NULL. */
GtkLabel            *eo_test_find_label          (GtkWidget    *widget,
                                                  const char   *text,
                                                  EoTestMatch   match);
/* How many mapped GtkLabels under @widget (included) match @text. */
guint                eo_test_count_labels        (GtkWidget    *widget,
                                                  const char   *text,
                                                  EoTestMatch   match);
/* Like eo_test_find_label(), for any text widget: a GtkLabel or a
 * GtkInscription (the device table's cells) or an EoStatusCell (its Status column). */
GtkWidget           *eo_test_find_text           (GtkWidget    *widget,
                                                  const char   *text,
                                                  EoTestMatch   match);
/* The text a GtkLabel, GtkInscription or EoStatusCell shows, else NULL. */
const char          *eo_test_widget_text         (GtkWidget    *widget);
/* The first widget of @type under @widget (included), or NULL. */
GtkWidget           *eo_test_find_widget_of_type (GtkWidget    *widget,
                                                  GType         type);
/* The first mapped button (any GtkActionable) under @widget bound to
 * @action_name ("win.push-to-phones"), or NULL: whether it is sensitive
 * is whether a person can use the action. */
GtkWidget           *eo_test_find_action_button  (GtkWidget    *widget,
                                                  const char   *action_name);
/* The first widget named @name (gtk_widget_set_name) under @widget
 * (included), or NULL. */
GtkWidget           *eo_test_find_widget_by_name (GtkWidget    *widget,
                                                  const char   *name);
/* The column of @view titled @title (fails the test if none). */
GtkColumnViewColumn *eo_test_find_column         (EoDeviceView *view,
                                                  const char   *title);

G_END_DECLS
