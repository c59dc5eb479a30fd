/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The app's dialogs on both platforms, each kind in one place. With
 * libadwaita 1.5 and later they are of the AdwDialog family (sheets
 * attached to their window, adaptive on a narrow one): AdwAlertDialog,
 * AdwAboutDialog, AdwPreferencesDialog. With 1.2 to 1.4 (Debian 12) they
 * are the modal windows these replace: AdwMessageDialog, AdwAboutWindow,
 * AdwPreferencesWindow. The rest of the app sees a GtkWidget.
 *
 * Alerts: a heading, a body and responses. Both kinds emit "response"
 * (detailed by the response's ID) with the same signature:
 *   void (*) (GtkWidget *alert, const char *response, gpointer user_data) */
GtkWidget  *eo_alert_new                  (const char            *heading,
                                           const char            *body);
gboolean    eo_is_alert                   (gpointer               object);
void        eo_alert_add_response         (GtkWidget             *alert,
                                           const char            *id,
                                           const char            *label,
                                           AdwResponseAppearance  appearance);
void        eo_alert_set_default_response (GtkWidget             *alert,
                                           const char            *id);
void        eo_alert_set_close_response   (GtkWidget             *alert,
                                           const char            *id);
void        eo_alert_set_heading          (GtkWidget             *alert,
                                           const char            *heading);
const char *eo_alert_get_heading          (GtkWidget             *alert);
void        eo_alert_set_body             (GtkWidget             *alert,
                                           const char            *body);
const char *eo_alert_get_body             (GtkWidget             *alert);
gboolean    eo_alert_has_response         (GtkWidget             *alert,
                                           const char            *id);
gboolean    eo_alert_get_response_enabled (GtkWidget             *alert,
                                           const char            *id);
void        eo_alert_set_response_enabled (GtkWidget             *alert,
                                           const char            *id,
                                           gboolean               enabled);
/* A widget below the body (a switch…). */
void        eo_alert_set_extra_child      (GtkWidget             *alert,
                                           GtkWidget             *child);
GtkWidget  *eo_alert_get_response_button  (GtkWidget             *alert,
                                           const char            *id);

/* A message that stays until read, with one Close response ("close"). */
GtkWidget  *eo_alert_show_message         (GtkWindow             *parent,
                                           const char            *heading,
                                           const char            *body);

/* Any dialog made here. Presented over @parent: a sheet in it, or a
 * modal window transient for it (destroyed with it). Presenting a dialog
 * already shown raises it where it is. */
void        eo_dialog_present             (GtkWidget             *dialog,
                                           GtkWindow             *parent);
void        eo_dialog_close               (GtkWidget             *dialog);
/* Ends @dialog now, without a response, as its window goes (for the
 * window's dispose): a sheet goes with the window's widgets, a dialog
 * window is destroyed. */
void        eo_dialog_destroy             (GtkWidget             *dialog);
/* The window the dialog is shown in (for a sheet) or the dialog's own
 * window: what a screenshot of it shows. NULL while it is not shown. */
GtkWindow  *eo_dialog_get_window          (GtkWidget             *dialog);
/* The window the dialog was presented over, or NULL. */
GtkWindow  *eo_dialog_get_parent          (GtkWidget             *dialog);
/* The dialog of @type shown over @parent, or NULL (for tests). */
GtkWidget  *eo_dialog_find                (GtkWindow             *parent,
                                           GType                  type);

/* The types used on this platform, for eo_dialog_find (). */
GType       eo_alert_get_platform_type       (void);
GType       eo_about_get_platform_type       (void);
GType       eo_preferences_get_platform_type (void);

/* The about dialog of the application, presented over @parent. Its
 * properties have the same names on both platforms. */
GtkWidget  *eo_about_show                 (GtkWindow             *parent);

/* A preferences dialog holding @page (its only page); not presented. */
GtkWidget  *eo_preferences_new            (AdwPreferencesPage    *page);
/* Another page of the preferences made by eo_preferences_new(). */
void        eo_preferences_add_page       (GtkWidget             *preferences,
                                           AdwPreferencesPage    *page);
void        eo_preferences_set_visible_page (GtkWidget           *preferences,
                                           AdwPreferencesPage    *page);

G_END_DECLS
