/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-device-list.h"
#include "eo-device-view.h"
#include "eo-window.h"

G_BEGIN_DECLS

struct _EoWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The list shown, its items, and where it came from. */
  EoDeviceList         *list;
  GListStore           *devices;
  GFile                *file;

  /* A load in progress. */
  GCancellable         *load_cancellable;
  GFile                *loading_file;
  guint                 loading_page_source;
  gint64                load_started_us;

  gboolean              show_problems_only;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
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
  GtkToggleButton      *problems_toggle;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_bar_label;
  EoDeviceView         *device_view;
  GtkWidget            *drop_indicator;
};

/* eo-window-actions.c */
void          _eo_window_class_actions_init (GtkWidgetClass *widget_class);
void          _eo_window_actions_update     (EoWindow       *self);

/* eo-window-dnd.c */
void          _eo_window_dnd_init           (EoWindow       *self);
GtkDropTarget *_eo_window_get_drop_target   (EoWindow       *self);

/* eo-window.c */
char         *_eo_window_format_summary     (guint           n_devices,
                                             guint           n_errors,
                                             guint           n_warnings);

G_END_DECLS
