/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-column-chooser.h"
#include "eo-column-guess.h"
#include "eo-device-list.h"
#include "eo-device-view.h"
#include "eo-export.h"
#include "eo-history-view.h"
#include "eo-jamf-picker.h"
#include "eo-job-manager.h"
#include "eo-record-devices.h"
#include "eo-client.h"
#include "eo-upload-job.h"
#include "eo-upload-panel.h"
#include "eo-window.h"

G_BEGIN_DECLS

typedef struct _EoAssignedCheck EoAssignedCheck;
typedef struct _EoAssignedMarks EoAssignedMarks;
typedef struct _EoWindowEdit EoWindowEdit;
typedef void (*EoAssignedDone) (EoWindow *self);

/* What a load reads (eo-window-import.c): a file or pasted text, with
 * columns chosen by the admin (or NULL), and the choices remembered for
 * headers (a{ss}, read on the main thread for the worker). */
typedef struct
{
  GFile       *file;
  GBytes      *bytes;
  EoColumnMap *map;
  GVariant    *choices;
  /* Text that did not come from the clipboard (Import from Jamf Pro):
   * how the window names it (“the devices from Jamf Pro”), its title,
   * and the file name its upload keeps; NULL for a pasted list. */
  char        *display_name;
  char        *title;
  char        *source_name;
  /* EID → a note for its row (Retry Failed: the server's reason), or NULL. */
  GHashTable  *notes;
} EoLoadRequest;

struct _EoWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The list shown, its items, and where it came from. */
  EoDeviceList         *list;
  EoRecordDevices      *devices;
  /* The same items in an array, one per row of the list (deleted rows
   * too; a row's item is replaced when an edit changes its texts). */
  GPtrArray            *items;
  GFile                *file;
  /* The list shown was pasted (file is NULL), or came from Jamf Pro
   * (its title and upload file name, else NULL). */
  gboolean              pasted;
  char                 *bytes_title;
  char                 *bytes_source;

  /* A load in progress. */
  GCancellable         *load_cancellable;
  GFile                *loading_file;
  guint                 loading_page_source;
  gint64                load_started_us;

  /* Which devices the table shows (eo-window-filter.c). */
  EoDeviceFilter        device_filter;
  GtkStringList        *filter_choices;
  gboolean              updating_choices;
  EoUploadRecord       *filter_record;
  guint                 refilter_source;

  /* Edits of the list (eo-window-edit.c). */
  EoWindowEdit         *edit;

  /* Choose Columns (eo-window-import.c): the page, and what it is for. */
  EoColumnChooser      *column_chooser;
  EoLoadRequest        *columns_request;
  /* Import from Jamf Pro (eo-window-import.c): the picker page, and the
   * connection being made for it. */
  EoJamfPicker         *jamf_picker;
  GCancellable         *jamf_cancellable;

  /* Adaptive layout: narrower than NARROW_WIDTH (eo-window.c). */
  gboolean              narrow;
  int                   allocated_width;
  int                   content_min_width; /* the wide layout's, last measured (libadwaita < 1.4) */
  guint                 narrow_source;

  /* Upload (eo-window-upload.c). */
  EoUploadJob          *job;
  /* Credentials checked, waiting for the confirmation. */
  EoClient             *pending_client;
  /* Of the keyring lookup before the confirmation. */
  GCancellable         *assign_cancellable;
  /* Of the upload's record being made on a worker after it. */
  GCancellable         *prepare_cancellable;
  /* The dialog shown (confirmation or error), while it is open. */
  GtkWidget            *dialog;
  /* The list shown went out (or may have): not sent twice from here. */
  gboolean              list_sent;
  /* Devices the history already assigned (eo-window-assigned.c): the
   * check running before the confirmation, and the rows of assigned_list
   * found (kept through edits). */
  EoAssignedCheck      *assigned_check;
  EoAssignedMarks      *assigned_marks;
  GHashTable           *assigned_reasons; /* row -> EoMessage: why left out */
  /* Of them, rows that had no problem before (eo-window-filter.c counts
   * them with the list's flagged rows). */
  guint                 n_flagged_marked;
  EoDeviceList         *assigned_list; /* unowned: compared with list only */
  /* What the last finished upload said, and whether as a notification. */
  char                 *completion_text;
  gboolean              completion_notified;

  /* Push to Phones (eo-window-push.c): a push being prepared or
   * confirmed, its dialog, the records whose journal was looked up. */
  gboolean              push_busy;
  gboolean              push_manager_connected;
  GtkWidget            *push_dialog;
  GHashTable           *push_looked_up;

  /* History (eo-window-history.c). */
  EoJobManager         *job_manager;
  EoUploadRecord       *shown_record;
  char                 *page_before_history;
  GFile                *retry_file;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkOverlay           *main_overlay;
  GtkBox               *main_box;
  GtkWidget            *header_bar;
  /* libadwaita 1.4+: the header bar and the demo bar as its top bars,
   * the rest its content (_eo_window_use_toolbar_view); NULL before. */
  GtkWidget            *toolbar_view;
  AdwWindowTitle       *window_title;
  GtkWidget            *open_button;
  GtkSpinner           *header_spinner;
  GtkMenuButton        *primary_menu_button;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *loading_page;
  GtkLabel             *loading_label;
  AdwStatusPage        *error_page;
  GtkWidget            *list_page;
  GtkLabel             *summary_label;
  GtkLabel             *notes_label;
  GtkWidget            *filter_label;
  GtkDropDown          *filter_dropdown;
  GtkLabel             *filter_count_label;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_bar_label;
  EoDeviceView         *device_view;
  GtkWidget            *drop_indicator;
  GtkWidget            *assign_button;
  GtkWidget            *demo_bar;
  GtkLabel             *demo_label;
  EoUploadPanel        *upload_panel;
  GtkToggleButton      *history_button;
  EoHistoryView        *history_view;
};

/* eo-window-actions.c */
void          _eo_window_class_actions_init (GtkWidgetClass *widget_class);
void          _eo_window_actions_update     (EoWindow       *self);

/* eo-window-dnd.c */
void          _eo_window_dnd_init           (EoWindow       *self);
GtkDropTarget *_eo_window_get_drop_target   (EoWindow       *self);

/* eo-window-timing.c */
gboolean      _eo_window_debug_timing       (void);
void          _eo_window_print_load_timing  (EoWindow       *self,
                                             guint           n_rows,
                                             gint64          parsed_us,
                                             gint64          built_us,
                                             gint64          splice_us);

/* eo-window-import.c */
void          _eo_window_class_import_init  (GtkWidgetClass *widget_class);
void          _eo_window_import_init        (EoWindow       *self);
void          _eo_window_import_dispose     (EoWindow       *self);
/* @map (copied) may be NULL; one of @file and @bytes. */
EoLoadRequest *_eo_load_request_new         (GFile             *file,
                                             GBytes            *bytes,
                                             const EoColumnMap *map);
void          _eo_load_request_free         (EoLoadRequest  *request);
/* Its name for the admin: the file's, or “the pasted list”. */
char         *_eo_load_request_dup_name     (EoLoadRequest  *request);
/* In the worker: the list, with the columns remembered for its header
 * when it is not understood alone; else NULL with the error, and
 * *@sample_out set when the admin can choose the columns. */
EoDeviceList *_eo_window_import_load        (EoLoadRequest   *request,
                                             GCancellable    *cancellable,
                                             EoColumnSample **sample_out,
                                             GError         **error);
void          _eo_window_show_columns       (EoWindow             *self,
                                             EoLoadRequest        *request,
                                             const EoColumnSample *sample);

/* eo-window-edit.c */
void          _eo_window_class_edit_init    (GtkWidgetClass *widget_class);
void          _eo_window_edit_init          (EoWindow       *self);
void          _eo_window_edit_dispose       (EoWindow       *self);
/* A list is shown (or none): its edits are followed, it counts as saved. */
void          _eo_window_edit_list_shown    (EoWindow       *self);
/* Enables the edit actions for the window's state. */
void          _eo_window_edit_update        (EoWindow       *self);
/* The list was edited since it was opened or saved. */
gboolean      _eo_window_edit_is_dirty      (EoWindow       *self);
/* @name marked edited ("• name") when it is. */
char         *_eo_window_edit_dup_title     (EoWindow       *self,
                                             const char     *name);
/* TRUE when the window must not close yet: it asks first (Save /
 * Discard / Cancel) and closes again once answered. */
gboolean      _eo_window_edit_hold_close    (EoWindow       *self);
/* The same before another list replaces this one: TRUE when @request
 * (taken) waits for the answer. */
gboolean      _eo_window_edit_hold_load     (EoWindow       *self,
                                             EoLoadRequest  *request);
/* What the last fix said in its toast, or NULL (for tests). */
const char   *_eo_window_edit_get_said      (EoWindow       *self);
/* The question shown, or NULL (for tests). */
GtkWidget    *_eo_window_edit_get_question  (EoWindow       *self);
/* Writes the list as corrected to @file (Save As once chosen; tests). */
void          _eo_window_save_list          (EoWindow       *self,
                                             GFile          *file);
/* eo-window-edit-dialog.c: the row editor of row @row, presented. */
GtkWidget    *_eo_window_edit_row           (EoWindow       *self,
                                             guint           row);

/* eo-window-filter.c */
void          _eo_window_filter_init        (EoWindow       *self);
void          _eo_window_filter_dispose     (EoWindow       *self);
/* The list, the upload or its statuses changed. */
void          _eo_window_filter_update      (EoWindow       *self);
void          _eo_window_set_device_filter  (EoWindow       *self,
                                             EoDeviceFilter  filter);
/* eo-window.c: notifies "device-filter" (and "show-problems-only" when
 * @problems_changed). */
void          _eo_window_notify_filter      (EoWindow       *self,
                                             gboolean        problems_changed);

/* eo-window-upload.c */
void          _eo_window_class_upload_init  (GtkWidgetClass *widget_class);
void          _eo_window_upload_init        (EoWindow       *self);
void          _eo_window_upload_dispose     (EoWindow       *self);

/* eo-window-assigned.c: looks the list's EIDs up in the history (for the
 * server and customer of pending_client) in slices, marks the rows found
 * and leaves them out, then calls @done. */
void          _eo_window_check_assigned     (EoWindow       *self,
                                             EoAssignedDone  done);
void          _eo_window_cancel_assigned_check (EoWindow    *self);
void          _eo_window_assigned_dispose   (EoWindow       *self);
/* Rows of the list found assigned by the last check. */
guint         _eo_window_get_n_assigned     (EoWindow       *self);
/* Sends those rows too (TRUE), or leaves them out. */
void          _eo_window_include_assigned   (EoWindow       *self,
                                             gboolean        include);
/* Rows of the list changed (an edit, undo, redo): their marks follow
 * their EIDs (kept, taken off, put back, or looked up again); call before
 * their items are made again. */
void          _eo_window_assigned_rows_changed (EoWindow    *self,
                                             const guint    *rows,
                                             guint           n_rows);
/* Adds row @row's mark, if any, to @device's problem (its item, made
 * again from the list). */
void          _eo_window_assigned_decorate  (EoWindow       *self,
                                             guint           row,
                                             EoDevice       *device);
void          _eo_window_upload_update      (EoWindow       *self);
/* A new list is shown: it has not been sent. */
void          _eo_window_upload_list_changed (EoWindow      *self);
/* URL of the demo server, or NULL outside demo mode. */
const char   *_eo_window_get_demo_server    (EoWindow       *self);

/* eo-window-history.c */
void          _eo_window_class_history_init (GtkWidgetClass *widget_class);
void          _eo_window_history_init       (EoWindow       *self);
void          _eo_window_history_dispose    (EoWindow       *self);
/* The upload the record actions act on: the History page's while it
 * shows, else the finish panel's (NULL for none). */
EoUploadRecord *_eo_window_current_record (EoWindow       *self);
void          _eo_window_add_toast          (EoWindow       *self,
                                             const char     *title);
void          _eo_window_show_error_dialog  (EoWindow       *self,
                                             const char     *heading,
                                             const char     *body);
/* The stem of the upload's file name, for names of files made from it. */
char         *_eo_window_dup_source_stem    (EoUploadRecord *record);
/* eo-window-layout.c (libadwaita 1.4+ only) */
#if ADW_CHECK_VERSION (1, 4, 0)
void          _eo_window_use_toolbar_view   (EoWindow       *self);
#endif
/* eo-window-record-actions.c */
void          _eo_window_class_record_actions_init (GtkWidgetClass *widget_class);
/* Enables the record actions for the upload they would act on now. */
void          _eo_window_history_update_actions (EoWindow   *self);
void          _eo_window_show_history       (EoWindow       *self,
                                             gboolean        show);
/* What the actions do once a file is chosen or confirmed (also for tests). */
gboolean      _eo_window_export_results     (EoWindow       *self,
                                             EoUploadRecord *record,
                                             EoExportFormat  format,
                                             GFile          *file,
                                             GError        **error);
/* What win.save-report writes once a file is chosen: the report of @record. */
gboolean      _eo_window_save_report        (EoWindow       *self,
                                             EoUploadRecord *record,
                                             GFile          *file,
                                             GError        **error);
/* Writes the QR sheet of @record (activation code, assigned devices) in
 * the cache and opens it in the browser to print; returns its path. */
char         *_eo_window_print_qr_sheet     (EoWindow       *self,
                                             EoUploadRecord *record,
                                             GError        **error);
/* Writes the failed devices' upload file and opens it as the list; with
 * @then_assign, win.assign runs once it is shown. */
GFile        *_eo_window_retry_failed       (EoWindow       *self,
                                             EoUploadRecord *record,
                                             gboolean        then_assign,
                                             GError        **error);
/* The same with fixes (EoRetryFixes of eo-retry.h). */
GFile        *_eo_window_retry_failed_with  (EoWindow       *self,
                                             EoUploadRecord *record,
                                             guint           fixes,
                                             gboolean        then_assign,
                                             GError        **error);
/* Retry Failed's alert: the reasons grouped, the fixes that apply (check
 * buttons, on, as data "eo-retry-clear-iccids" / "eo-retry-leave-out"). */
GtkWidget    *_eo_window_ask_retry          (EoWindow       *self,
                                             EoUploadRecord *record);
gboolean      _eo_window_remove_upload      (EoWindow       *self,
                                             EoUploadRecord *record,
                                             GError        **error);
GtkWindow    *_eo_window_show_device_details (EoWindow      *self,
                                             EoUploadRecord *record,
                                             EoDevice       *device);
GtkWindow    *_eo_window_show_handoff       (EoWindow       *self,
                                             EoUploadRecord *record);

/* eo-window-recover.c: Check Again, Follow, Stop Following, Mark as
 * Given Up, Re-send. */
void          _eo_window_class_recover_init (GtkWidgetClass *widget_class);
void          _eo_window_recover_connect    (EoWindow       *self,
                                             EoJobManager   *manager);
void          _eo_window_recover_update_actions (EoWindow   *self);
/* The dialogs (for tests): the reason, and the confirmation. */
GtkWidget    *_eo_window_ask_give_up        (EoWindow       *self,
                                             EoUploadRecord *record);
GtkWidget    *_eo_window_ask_resend         (EoWindow       *self,
                                             EoUploadRecord *record);
gboolean      _eo_window_give_up            (EoWindow       *self,
                                             EoUploadRecord *record,
                                             const char     *reason,
                                             GError        **error);

/* eo-window-push.c: Push to Phones, Push Again, Check Now; the On the
 * Phone column and the panel's counts of the upload shown. */
void          _eo_window_class_push_init    (GtkWidgetClass *widget_class);
void          _eo_window_push_init          (EoWindow       *self);
void          _eo_window_push_connect       (EoWindow       *self);
void          _eo_window_push_dispose       (EoWindow       *self);
void          _eo_window_push_update        (EoWindow       *self);
/* The device details' On the Phone row with Push to This Phone (for a
 * device of @record that got its eSIM), or NULL. */
GtkWidget    *_eo_window_push_device_row    (EoWindow       *self,
                                             EoUploadRecord *record,
                                             EoDevice       *device);

/* eo-window.c */
void          _eo_window_update_title       (EoWindow       *self);
void          _eo_window_update_summary     (EoWindow       *self);
/* Reads @request (taken) on a worker and shows the list: the last load
 * asked for wins. */
void          _eo_window_load               (EoWindow       *self,
                                             EoLoadRequest  *request);
/* The narrow layout (below 600 px): fewer columns, an icon for Open,
 * History in the menu only. */
gboolean      _eo_window_get_narrow         (EoWindow       *self);

char         *_eo_window_format_summary     (guint           n_devices,
                                             guint           n_errors,
                                             guint           n_warnings,
                                             guint           n_assigned);

G_END_DECLS
