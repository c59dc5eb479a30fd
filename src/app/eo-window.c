/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window"

#include "config.h"

#include <glib/gi18n.h>
#ifdef HAVE_MALLOC_TRIM
# include <malloc.h>
#endif

#include "eo-a11y.h"
#include "eo-device.h"
#include "eo-device-list.h"
#include "eo-device-list-edit.h"
#include "eo-window-private.h"

/* What the worker thread hands back: the checked list and one item per
 * row, built off the main thread so that only the splice is left. */
typedef struct
{
  EoDeviceList *list;
  /* No list: the columns to choose from. */
  EoColumnSample *sample;
  GPtrArray    *items;
  gint64        parsed_us;
  gint64        built_us;
} LoadResult;

G_DEFINE_FINAL_TYPE (EoWindow, eo_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SHOW_PROBLEMS_ONLY,
  PROP_DEVICE_FILTER,
  PROP_FILE,
  PROP_LOADING,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Lists up to this many rows are made ready for edits on the worker. */
#define PREPARE_EDITS_MAX_ROWS 200000

/* Shows the loading page only if a load lasts longer than this, so that
 * small files do not flash a spinner. */
#define LOADING_PAGE_DELAY_MS 150

/* Below this width the window switches to its narrow layout. */
#define NARROW_WIDTH 600

static void
load_result_free (LoadResult *result)
{
  g_clear_object (&result->list);
  g_clear_pointer (&result->sample, eo_column_sample_free);
  g_clear_pointer (&result->items, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoadResult, load_result_free)

/* Display name of a file for titles: its basename as the user sees it. */
static char *
dup_display_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = NULL;

  if (basename != NULL)
    name = g_filename_display_name (basename);
  else
    name = g_file_get_parse_name (file);

  return g_steal_pointer (&name);
}

/* The folder a file is in, with the home folder shortened to "~". */
static char *
dup_display_folder (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return NULL;

  if (g_file_equal (parent, home))
    return g_strdup ("~");

  relative = g_file_get_relative_path (home, parent);
  if (relative != NULL)
    {
      g_autofree char *display = g_filename_display_name (relative);
      return g_build_filename ("~", display, NULL);
    }

  return g_file_get_parse_name (parent);
}

/* "1,204" in the user's locale. */
static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

/* @n_assigned: the rows marked as assigned already by an earlier upload
 * (left out, each with its mark in the Problem column). */
char *
_eo_window_format_summary (guint n_devices,
                           guint n_errors,
                           guint n_warnings,
                           guint n_assigned)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autofree char *devices = format_count (n_devices);

  /* Translators: %s is a number of devices, e.g. "1,204" */
  g_string_append_printf (summary, ngettext ("%s device", "%s devices", n_devices), devices);

  if (n_errors == 0 && n_warnings == 0 && n_assigned == 0)
    {
      /* Translators: separator between parts of the summary, then a part */
      g_string_append (summary, _(" · "));
      g_string_append (summary, _("no problems"));
    }

  if (n_errors > 0)
    {
      g_autofree char *errors = format_count (n_errors);

      g_string_append (summary, _(" · "));
      /* Translators: %s is a number of devices with an error */
      g_string_append_printf (summary, ngettext ("%s error", "%s errors", n_errors), errors);
    }

  if (n_warnings > 0)
    {
      g_autofree char *warnings = format_count (n_warnings);

      g_string_append (summary, _(" · "));
      /* Translators: %s is a number of devices with a warning */
      g_string_append_printf (summary, ngettext ("%s warning", "%s warnings", n_warnings), warnings);
    }

  if (n_assigned > 0)
    {
      g_autofree char *assigned = format_count (n_assigned);

      g_string_append (summary, _(" · "));
      /* Translators: %s is a number of devices that an earlier upload
       * gave an eSIM already (they are left out) */
      g_string_append_printf (summary, ngettext ("%s already assigned", "%s already assigned", n_assigned),
                              assigned);
    }

  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static void
set_narrow (EoWindow *self,
            gboolean  narrow)
{
  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;

  /* Icons for Open and Assign; History stays in the main menu. */
  eo_a11y_set_button_compact (GTK_BUTTON (self->open_button), narrow, "document-open-symbolic");
  eo_a11y_set_button_compact (GTK_BUTTON (self->assign_button), narrow, "document-send-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->history_button), !narrow);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label),
                          !narrow && *gtk_label_get_text (self->notes_label) != '\0');

  eo_device_view_set_compact (self->device_view, narrow);
  eo_history_view_set_compact (self->history_view, narrow);
  eo_upload_panel_set_compact (self->upload_panel, narrow);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}

void
_eo_window_notify_filter (EoWindow *self,
                          gboolean  problems_changed)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_FILTER]);
  if (problems_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PROBLEMS_ONLY]);
}

gboolean
_eo_window_get_narrow (EoWindow *self)
{
  return self->narrow;
}

#if ADW_CHECK_VERSION (1, 4, 0)

static void
breakpoint_apply_cb (EoWindow *self)
{
  set_narrow (self, TRUE);
}

static void
breakpoint_unapply_cb (EoWindow *self)
{
  set_narrow (self, FALSE);
}

static void
set_up_breakpoint (EoWindow *self)
{
  AdwBreakpoint *breakpoint;

  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_new_length (ADW_BREAKPOINT_CONDITION_MAX_WIDTH,
                                                                        NARROW_WIDTH - 1,
                                                                        ADW_LENGTH_UNIT_PX));
  g_signal_connect_swapped (breakpoint, "apply", G_CALLBACK (breakpoint_apply_cb), self);
  g_signal_connect_swapped (breakpoint, "unapply", G_CALLBACK (breakpoint_unapply_cb), self);
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (self), breakpoint);
}

#else /* libadwaita 1.2 and 1.3: no breakpoints, the window's width is watched */

static gboolean
apply_narrow_cb (gpointer user_data)
{
  EoWindow *self = user_data;

  self->narrow_source = 0;
  set_narrow (self, self->allocated_width > 0 && self->allocated_width < NARROW_WIDTH);

  return G_SOURCE_REMOVE;
}

/* As AdwBreakpointBin does from libadwaita 1.4: whatever the layout, the
 * window can be as narrow as its width-request, so that a window given
 * 360 px at once (a phone, a remembered size) gets them and the narrow
 * layout follows, rather than staying at the wide layout's minimum. */
static void
eo_window_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  GTK_WIDGET_CLASS (eo_window_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* GTK measures again whenever the content's size may have changed,
       * before allocating: kept for size_allocate. */
      if (for_size < 0)
        EO_WINDOW (widget)->content_min_width = *minimum;
      *minimum = 0;  /* the width-request (360) applies */
    }
}

static void
eo_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  EoWindow *self = EO_WINDOW (widget);
  gboolean narrow = width < NARROW_WIDTH;
  int content_min, content_natural, unused;

  /* Until the narrow layout applies (an idle later), the wide one keeps its
   * minimum and is cut at the window's edge. */
  /* Measured again only when the width may be below it: a window's
   * measure is no cache lookup (it reads the monitor's work area from the
   * X server), and the table's rows ask for a relayout as they scroll. */
  content_min = self->content_min_width;
  if (width < content_min || content_min <= 0)
    GTK_WIDGET_CLASS (eo_window_parent_class)->measure (widget, GTK_ORIENTATION_HORIZONTAL, -1,
                                                        &content_min, &content_natural, &unused, &unused);
  GTK_WIDGET_CLASS (eo_window_parent_class)->size_allocate (widget, MAX (width, content_min),
                                                            height, baseline);

  self->allocated_width = width;
  /* Not while allocating: changing the layout then would queue a resize
   * inside this one. */
  if (narrow != self->narrow && self->narrow_source == 0)
    self->narrow_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_narrow_cb, self, NULL);
}

#endif

static void
update_title (EoWindow *self)
{
  if (self->file != NULL)
    {
      g_autofree char *file_name = dup_display_name (self->file);
      g_autofree char *name = _eo_window_edit_dup_title (self, file_name);
      g_autofree char *folder = dup_display_folder (self->file);

      adw_window_title_set_title (self->window_title, name);
      if (_eo_window_get_demo_server (self) != NULL)
        {
          g_autofree char *subtitle = NULL;

          /* Translators: window subtitle in demo mode; %s is a folder */
          subtitle = g_strdup_printf (_("Demo · %s"), folder ? folder : "");
          adw_window_title_set_subtitle (self->window_title, subtitle);
        }
      else
        adw_window_title_set_subtitle (self->window_title, folder);
      gtk_window_set_title (GTK_WINDOW (self), name);
    }
  else if (self->pasted && self->list != NULL)
    {
      g_autofree char *name = _eo_window_edit_dup_title (self, self->bytes_title != NULL
                                                               ? self->bytes_title
                                                               : _("Pasted Device List"));

      adw_window_title_set_title (self->window_title, name);
      adw_window_title_set_subtitle (self->window_title,
                                     _eo_window_get_demo_server (self) ? _("Demo") : NULL);
      gtk_window_set_title (GTK_WINDOW (self), name);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("eSIM Onboard"));
      /* Translators: window subtitle in demo mode */
      adw_window_title_set_subtitle (self->window_title,
                                     _eo_window_get_demo_server (self) ? _("Demo") : NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("eSIM Onboard"));
    }
}

void
_eo_window_update_title (EoWindow *self)
{
  update_title (self);
}

void
_eo_window_update_summary (EoWindow *self)
{
  g_autofree char *summary = NULL;
  const char * const *notes;

  if (self->list == NULL)
    return;

  /* Rows with errors beyond the problem caps are counted, not kept. */
  summary = _eo_window_format_summary (eo_device_list_get_n_rows (self->list) -
                                       eo_device_list_get_n_deleted (self->list) +
                                       eo_device_list_get_n_omitted_rows (self->list),
                                       eo_device_list_get_n_errors (self->list),
                                       eo_device_list_get_n_warnings (self->list),
                                       _eo_window_get_n_assigned (self));
  gtk_label_set_text (self->summary_label, summary);

  notes = eo_device_list_get_notes (self->list);
  if (notes != NULL && notes[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (" · ", (char **)notes);
      g_autofree char *tooltip = g_strjoinv ("\n", (char **)notes);

      gtk_label_set_text (self->notes_label, joined);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->notes_label), tooltip);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), !self->narrow);
    }
  else
    {
      gtk_label_set_text (self->notes_label, "");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->notes_label), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->notes_label), FALSE);
    }
}

static void
set_loading (EoWindow *self,
             gboolean  loading)
{
  g_clear_handle_id (&self->loading_page_source, g_source_remove);

  gtk_widget_set_visible (GTK_WIDGET (self->header_spinner), loading);
  gtk_spinner_set_spinning (self->header_spinner, loading);

  _eo_window_actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
show_loading_page_cb (gpointer user_data)
{
  EoWindow *self = user_data;

  self->loading_page_source = 0;

  /* A list already shown stays: the header bar spinner says enough. */
  if (self->list == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");

  return G_SOURCE_REMOVE;
}

static void
show_error (EoWindow      *self,
            EoLoadRequest *request,
            const GError  *error)
{
  g_autofree char *name = _eo_load_request_dup_name (request);

  if (self->list == NULL)
    {
      g_autofree char *title = NULL;

      /* Translators: %s is a file name */
      title = g_strdup_printf (_("Could Not Open “%s”"), name);
      adw_status_page_set_title (self->error_page, title);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      g_autofree char *text = NULL;

      /* The list shown stays; say why the new one is not there. */
      /* Translators: %s is a file name, then the reason */
      text = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
      gtk_label_set_text (self->error_bar_label, text);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  EoLoadRequest *request = task_data;
  g_autoptr(LoadResult) result = g_new0 (LoadResult, 1);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  result->list = _eo_window_import_load (request, cancellable, &result->sample, &error);
  if (result->list == NULL && result->sample != NULL)
    {
      /* Not understood: the admin chooses the columns. */
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)load_result_free);
      return;
    }
  if (result->list == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->parsed_us = g_get_monotonic_time () - start;

  if (g_task_return_error_if_cancelled (task))
    return;

  result->items = eo_device_new_all_from_list (result->list);
  if (eo_device_list_get_n_rows (result->list) <= PREPARE_EDITS_MAX_ROWS)
    eo_device_list_prepare_edits (result->list);
  result->built_us = g_get_monotonic_time () - start - result->parsed_us;

  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)load_result_free);
}

static void
load_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  EoWindow *self = EO_WINDOW (object);
  GTask *task = G_TASK (res);
  g_autoptr(LoadResult) result = NULL;
  g_autoptr(GError) error = NULL;
  EoLoadRequest *request = g_task_get_task_data (task);
  gint64 splice_start;
  guint n_old, n_new;

  g_assert (user_data == NULL);

  result = g_task_propagate_pointer (task, &error);

  /* A newer load replaced this one: it owns the window's state now. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->loading_file);
  set_loading (self, FALSE);

  if (result == NULL)
    {
      show_error (self, request, error);
      return;
    }
  if (result->list == NULL)
    {
      _eo_window_show_columns (self, request, result->sample);
      return;
    }

  g_set_object (&self->list, result->list);
  g_set_object (&self->file, request->file);
  self->pasted = request->bytes != NULL;
  g_free (self->bytes_title);
  self->bytes_title = g_strdup (request->title);
  g_free (self->bytes_source);
  self->bytes_source = g_strdup (request->source_name);

  /* One splice: one items-changed for the whole list. */
  splice_start = g_get_monotonic_time ();
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  eo_record_devices_splice (self->devices, 0, n_old,
                            (EoDevice **) result->items->pdata, result->items->len);
  /* Kept as an array too: a worker may read it (a GListStore may not be
   * read off its thread). */
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&result->items);
  n_new = g_list_model_get_n_items (G_LIST_MODEL (self->devices));

  _eo_window_upload_list_changed (self);
  _eo_window_edit_list_shown (self);
  update_title (self);
  _eo_window_update_summary (self);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  eo_device_view_scroll_to_top (self->device_view);
  gtk_stack_set_visible_child_name (self->stack, "list");
  _eo_window_actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);

#ifdef HAVE_MALLOC_TRIM
  /* Parsing a large file leaves freed memory in the worker thread's
   * arena: hand it back rather than keep it resident. */
  if (n_new > 10000 || n_old > 10000)
    malloc_trim (0);
#endif

  if (_eo_window_debug_timing ())
    _eo_window_print_load_timing (self, n_new, result->parsed_us, result->built_us,
                                  g_get_monotonic_time () - splice_start);
}

static void
error_bar_dismiss_cb (EoWindow *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
save_window_state (EoWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
eo_window_close_request (GtkWindow *window)
{
  EoWindow *self = EO_WINDOW (window);

  if (_eo_window_edit_hold_close (self))
    return TRUE;
  save_window_state (self);
  g_cancellable_cancel (self->load_cancellable);

  return GTK_WINDOW_CLASS (eo_window_parent_class)->close_request (window);
}

static void
eo_window_dispose (GObject *object)
{
  EoWindow *self = EO_WINDOW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->loading_page_source, g_source_remove);
  g_clear_handle_id (&self->narrow_source, g_source_remove);
  _eo_window_filter_dispose (self);
  _eo_window_upload_dispose (self);
  _eo_window_history_dispose (self);
  _eo_window_import_dispose (self);
  _eo_window_edit_dispose (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_WINDOW);

  g_clear_object (&self->devices);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->list);
  g_clear_object (&self->file);
  g_clear_object (&self->loading_file);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (eo_window_parent_class)->dispose (object);
}

static void
eo_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EoWindow *self = EO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PROBLEMS_ONLY:
      g_value_set_boolean (value, self->device_filter == EO_DEVICE_FILTER_PROBLEMS);
      break;
    case PROP_DEVICE_FILTER:
      g_value_set_string (value, eo_device_filter_to_string (self->device_filter));
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, eo_window_is_loading (self));
      break;
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  EoWindow *self = EO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SHOW_PROBLEMS_ONLY:
      _eo_window_set_device_filter (self, g_value_get_boolean (value) ? EO_DEVICE_FILTER_PROBLEMS
                                                                      : EO_DEVICE_FILTER_ALL);
      break;
    case PROP_DEVICE_FILTER:
      {
        EoDeviceFilter filter;

        if (eo_device_filter_from_string (g_value_get_string (value), &filter))
          _eo_window_set_device_filter (self, filter);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_window_class_init (EoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = eo_window_dispose;
  object_class->get_property = eo_window_get_property;
  object_class->set_property = eo_window_set_property;

  window_class->close_request = eo_window_close_request;
#if !ADW_CHECK_VERSION (1, 4, 0)
  widget_class->measure = eo_window_measure;
  widget_class->size_allocate = eo_window_size_allocate;
#endif

  properties[PROP_SHOW_PROBLEMS_ONLY] =
    g_param_spec_boolean ("show-problems-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "all", "problems", "failed", "pending" or "assigned" (win.device-filter) */
  properties[PROP_DEVICE_FILTER] =
    g_param_spec_string ("device-filter", NULL, NULL,
                         "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EO_TYPE_DEVICE_VIEW);
  g_type_ensure (EO_TYPE_UPLOAD_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, main_overlay);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, header_spinner);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, list_page);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, filter_label);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, filter_count_label);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, error_bar_label);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, device_view);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, drop_indicator);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, assign_button);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, demo_bar);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, demo_label);
  gtk_widget_class_bind_template_child (widget_class, EoWindow, upload_panel);
  gtk_widget_class_bind_template_callback (widget_class, error_bar_dismiss_cb);

  _eo_window_class_actions_init (widget_class);
  _eo_window_class_upload_init (widget_class);
  _eo_window_class_history_init (widget_class);
  _eo_window_class_import_init (widget_class);
  _eo_window_class_edit_init (widget_class);
}

static void
eo_window_init (EoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Every window has its own GSettings object; they share one backend. */
  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  /* "Only Problems" belongs to this window and its list: a new window
   * shows every device (it is not a setting shared by all windows). */

  eo_a11y_fix_button_names (GTK_WIDGET (self));
#if ADW_CHECK_VERSION (1, 4, 0)
  _eo_window_use_toolbar_view (self);
  set_up_breakpoint (self);
#endif

  self->devices = eo_record_devices_new ();
  eo_device_view_set_model (self->device_view, G_LIST_MODEL (self->devices));
  _eo_window_filter_init (self);

  _eo_window_dnd_init (self);
  _eo_window_import_init (self);
  _eo_window_upload_init (self);
  _eo_window_history_init (self);
  _eo_window_edit_init (self);
  _eo_window_actions_update (self);
}

EoWindow *
eo_window_new (EoApplication *application)
{
  return g_object_new (EO_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
_eo_window_load (EoWindow      *self,
                 EoLoadRequest *request)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;

  /* An edited list is not replaced unasked. */
  if (_eo_window_edit_hold_load (self, request))
    return;
  name = _eo_load_request_dup_name (request);

  /* Opening a list while another loads: the last one asked for wins. */
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  g_set_object (&self->loading_file, request->file);
  self->load_started_us = g_get_monotonic_time ();
  if (request->map == NULL || !eo_column_map_has (request->map, EO_COLUMN_EID))
    request->choices = g_settings_get_value (self->settings, "column-choices");

  gtk_label_set_text (self->loading_label, name);

  task = g_task_new (self, self->load_cancellable, load_cb, NULL);
  g_task_set_source_tag (task, eo_window_open_file);
  g_task_set_task_data (task, request, (GDestroyNotify)_eo_load_request_free);
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, load_thread);

  set_loading (self, TRUE);
  self->loading_page_source = g_timeout_add (LOADING_PAGE_DELAY_MS, show_loading_page_cb, self);
}

void
eo_window_open_file (EoWindow *self,
                     GFile    *file)
{
  g_return_if_fail (EO_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _eo_window_load (self, _eo_load_request_new (file, NULL, NULL));
}

gboolean
eo_window_is_empty (EoWindow *self)
{
  g_return_val_if_fail (EO_IS_WINDOW (self), FALSE);

  return self->list == NULL && self->load_cancellable == NULL;
}

GFile *
eo_window_get_file (EoWindow *self)
{
  g_return_val_if_fail (EO_IS_WINDOW (self), NULL);

  return self->file;
}

gboolean
eo_window_is_loading (EoWindow *self)
{
  g_return_val_if_fail (EO_IS_WINDOW (self), FALSE);

  return self->load_cancellable != NULL;
}
