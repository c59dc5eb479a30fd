/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <string.h>

#include "eo-device.h"
#include "eo-device-view.h"
#include "eo-device-view-private.h"

G_DEFINE_FINAL_TYPE (EoDeviceView, eo_device_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PROBLEMS_ONLY,
  PROP_SHOW_UPLOAD_STATUS,
  PROP_SHOW_LINE_NUMBERS,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define UPLOAD_COLUMN_WIDTH 140
#define COMPACT_UPLOAD_COLUMN_WIDTH 100

static const char * const filter_names[EO_DEVICE_FILTER_N_FILTERS] = {
  "all", "problems", "failed", "pending", "assigned",
};

static gboolean
filter_match_cb (EoDevice *device,
                 gpointer  user_data)
{
  EoDeviceView *self = user_data;

  return eo_device_filter_matches (self->filter_kind, device);
}

/* Which columns a width and a kind of list call for: line numbers only
 * for a file's rows; a compact table keeps the name, the check's icon
 * (whose tooltip tells the problem) and the EID, or once an upload
 * started the status and the problem instead of the EID (in the
 * details): at 360 px each row's status and problem stay in sight. */
static void
update_columns (EoDeviceView *self)
{
  gboolean upload = gtk_column_view_column_get_visible (self->upload_column);

  gtk_column_view_column_set_visible (self->line_column,
                                      self->show_line_numbers && !self->compact);
  gtk_column_view_column_set_visible (self->iccid_column, !self->compact);
  gtk_column_view_column_set_visible (self->eid_column, !(self->compact && upload));
  gtk_column_view_column_set_visible (self->problem_column, !self->compact || upload);
  /* Once an upload started, the Problem column (expanding: the rest of
   * the width) has the server's reasons: the name gives it some room
   * (long names are cut, whole in their tooltip). With Debian 13's wider
   * monospace font the EID and ICCID take about 50 px more. */
  gtk_column_view_column_set_fixed_width (self->name_column, self->compact ? (upload ? 110 : 140)
                                                                           : (upload ? 140 : 200));
  /* GTK 4.8 counts a hidden column's fixed width in the table's minimum
   * width, which the expanding Problem column then lacks (a blank area
   * on the right): fixed only while shown. */
  gtk_column_view_column_set_fixed_width (self->upload_column,
                                          !upload ? -1 : self->compact ? COMPACT_UPLOAD_COLUMN_WIDTH
                                                                       : UPLOAD_COLUMN_WIDTH);
}

/* With only problems shown and none to show, say so rather than show an
 * empty table. */
static void
update_page (EoDeviceView *self)
{
  gboolean nothing_to_show = self->filter_kind == EO_DEVICE_FILTER_PROBLEMS &&
                             self->model != NULL &&
                             g_list_model_get_n_items (self->model) > 0 &&
                             g_list_model_get_n_items (G_LIST_MODEL (self->order)) == 0;

  gtk_stack_set_visible_child_name (self->stack, nothing_to_show ? "no-problems" : "table");
}

static void
filter_items_changed_cb (GListModel   *model,
                         guint         position,
                         guint         removed,
                         guint         added,
                         EoDeviceView *self)
{
  update_page (self);
}

/* Every row of the order is about to change (a sort, a new list): the
 * selection lets go of its row here, while it is at its old place, and
 * takes it again at its new place (reselect_cb). Kept selected through
 * the change, GtkSingleSelection would read every new row looking for
 * it: 40-50 ms at 100,000 rows, all in the frame of the sort. */
static void
reordering_cb (EoDeviceOrder *order,
               EoDeviceView  *self)
{
  EoDevice *selected = gtk_single_selection_get_selected_item (self->selection);

  if (selected == NULL)
    return;
  g_set_object (&self->reselect, selected);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* After the selection has taken the change (connected after it). */
static void
reselect_cb (GListModel   *model,
             guint         position,
             guint         removed,
             guint         added,
             EoDeviceView *self)
{
  g_autoptr(EoDevice) device = g_steal_pointer (&self->reselect);
  guint found;

  /* Gone from the rows shown (removed, or filtered out): not selected,
   * as GtkSingleSelection would have it. */
  if (device != NULL && eo_device_order_find (self->order, device, &found))
    gtk_single_selection_set_selected (self->selection, found);
}

/* A column header was clicked (or a sort asked for): sort again. */
static void
sort_changed_cb (GtkSorter       *sorter,
                 GtkSorterChange  change,
                 EoDeviceView    *self)
{
  EoDeviceSortKey key;
  gboolean descending;

  /* Columns go away with the view: nothing to sort then. */
  if (self->column_view == NULL || self->order == NULL)
    return;
  _eo_device_view_read_sort (self, &key, &descending);
  eo_device_order_set_sort (self->order, key, descending);
}

static void stop_showing_upload_column (EoDeviceView *self);

static void
eo_device_view_dispose (GObject *object)
{
  EoDeviceView *self = EO_DEVICE_VIEW (object);

  /* The column view's sorter changes as its columns go. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          sort_changed_cb, self);
  stop_showing_upload_column (self);
  _eo_device_view_status_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_DEVICE_VIEW);
  _eo_device_view_phone_dispose (self);

  g_clear_object (&self->selection);
  g_clear_object (&self->reselect);
  g_clear_object (&self->order);
  g_clear_object (&self->model);
  g_clear_pointer (&self->proportional_attrs, pango_attr_list_unref);

  G_OBJECT_CLASS (eo_device_view_parent_class)->dispose (object);
}

static void
eo_device_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (eo_device_view_parent_class)->map (widget);
  _eo_device_view_preload_status_icons (EO_DEVICE_VIEW (widget));
}

static void
eo_device_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EoDeviceView *self = EO_DEVICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_PROBLEMS_ONLY:
      g_value_set_boolean (value, self->filter_kind == EO_DEVICE_FILTER_PROBLEMS);
      break;
    case PROP_SHOW_UPLOAD_STATUS:
      g_value_set_boolean (value, eo_device_view_get_show_upload_status (self));
      break;
    case PROP_SHOW_LINE_NUMBERS:
      g_value_set_boolean (value, self->show_line_numbers);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_device_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EoDeviceView *self = EO_DEVICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      eo_device_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_PROBLEMS_ONLY:
      eo_device_view_set_problems_only (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_UPLOAD_STATUS:
      eo_device_view_set_show_upload_status (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_LINE_NUMBERS:
      eo_device_view_set_show_line_numbers (self, g_value_get_boolean (value));
      break;
    case PROP_COMPACT:
      eo_device_view_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_device_view_class_init (EoDeviceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_device_view_dispose;
  object_class->get_property = eo_device_view_get_property;
  object_class->set_property = eo_device_view_set_property;
  widget_class->map = eo_device_view_map;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEMS_ONLY] =
    g_param_spec_boolean ("problems-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_UPLOAD_STATUS] =
    g_param_spec_boolean ("show-upload-status", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_LINE_NUMBERS] =
    g_param_spec_boolean ("show-line-numbers", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-device-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, stack);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, column_view);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, line_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, status_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, name_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, eid_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, iccid_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, problem_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, upload_column);
  _eo_device_view_bind_cell_callbacks (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eo-device-view");
}

static void
eo_device_view_init (EoDeviceView *self)
{
  self->show_line_numbers = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  _eo_device_view_set_up_sorters (self);
  _eo_device_view_phone_init (self);
  _eo_device_view_keys_init (self);
  update_columns (self);

  /* Sorted on a worker and filtered (EoDeviceOrder). */
  self->order = eo_device_order_new (NULL);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sort_changed_cb), self, 0);
  g_signal_connect_object (self->order, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, 0);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->order)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->order, "reordering",
                           G_CALLBACK (reordering_cb), self, 0);
  g_signal_connect_object (self->order, "items-changed",
                           G_CALLBACK (reselect_cb), self, 0);
}

const char *
eo_device_filter_to_string (EoDeviceFilter filter)
{
  g_return_val_if_fail (filter < EO_DEVICE_FILTER_N_FILTERS, NULL);

  return filter_names[filter];
}

gboolean
eo_device_filter_from_string (const char     *str,
                              EoDeviceFilter *filter)
{
  for (guint i = 0; str != NULL && i < EO_DEVICE_FILTER_N_FILTERS; i++)
    if (strcmp (str, filter_names[i]) == 0)
      {
        *filter = (EoDeviceFilter) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
eo_device_filter_matches (EoDeviceFilter  filter,
                          EoDevice       *device)
{
  EoDeviceStatus status = eo_device_get_status (device);
  EoSeverity severity = eo_device_get_severity (device);

  switch (filter)
    {
    case EO_DEVICE_FILTER_PROBLEMS:
      return severity > EO_SEVERITY_OK || status == EO_DEVICE_STATUS_FAILED;
    case EO_DEVICE_FILTER_FAILED:
      return status == EO_DEVICE_STATUS_FAILED;
    case EO_DEVICE_FILTER_PENDING:
      /* Sent, not final yet (the poller makes every device it follows
       * PENDING); a row never sent (an error, left out) stays NONE. */
      return status == EO_DEVICE_STATUS_PENDING;
    case EO_DEVICE_FILTER_ASSIGNED:
      return status == EO_DEVICE_STATUS_SUCCESS;
    case EO_DEVICE_FILTER_ALL:
    case EO_DEVICE_FILTER_N_FILTERS:
    default:
      return TRUE;
    }
}

GtkWidget *
eo_device_view_new (void)
{
  return g_object_new (EO_TYPE_DEVICE_VIEW, NULL);
}

GListModel *
eo_device_view_get_model (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), NULL);

  return self->model;
}

void
eo_device_view_set_model (EoDeviceView *self,
                          GListModel   *model)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  eo_device_order_set_source (self->order, model);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gboolean
eo_device_view_get_problems_only (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return self->filter_kind == EO_DEVICE_FILTER_PROBLEMS;
}

void
eo_device_view_set_problems_only (EoDeviceView *self,
                                  gboolean      problems_only)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  eo_device_view_set_filter (self, problems_only ? EO_DEVICE_FILTER_PROBLEMS : EO_DEVICE_FILTER_ALL);
}

EoDeviceFilter
eo_device_view_get_filter (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), EO_DEVICE_FILTER_ALL);

  return self->filter_kind;
}

static void
apply_filter (EoDeviceView *self)
{
  eo_device_order_set_filter (self->order,
                              self->filter_kind == EO_DEVICE_FILTER_ALL ? NULL : filter_match_cb,
                              self);
  update_page (self);
}

void
eo_device_view_set_filter (EoDeviceView   *self,
                           EoDeviceFilter  filter)
{
  gboolean was_problems;

  g_return_if_fail (EO_IS_DEVICE_VIEW (self));
  g_return_if_fail (filter < EO_DEVICE_FILTER_N_FILTERS);

  if (self->filter_kind == filter)
    return;

  was_problems = self->filter_kind == EO_DEVICE_FILTER_PROBLEMS;
  self->filter_kind = filter;
  apply_filter (self);
  if (was_problems != (filter == EO_DEVICE_FILTER_PROBLEMS))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS_ONLY]);
}

void
eo_device_view_refilter (EoDeviceView *self)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  if (self->filter_kind != EO_DEVICE_FILTER_ALL)
    apply_filter (self);
}

GListModel *
eo_device_view_get_shown_model (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

gboolean
eo_device_view_is_showing_no_problems (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "no-problems") == 0;
}

GtkColumnView *
eo_device_view_get_column_view (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), NULL);

  return self->column_view;
}

gboolean
eo_device_view_is_sorting (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return eo_device_order_get_pending (self->order);
}

void
eo_device_view_scroll_to_top (EoDeviceView *self)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

gboolean
eo_device_view_get_show_upload_status (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return self->show_upload_status;
}

static void
show_upload_column (EoDeviceView *self)
{
  gtk_column_view_column_set_visible (self->upload_column, TRUE);
  update_columns (self);
}

/* The first tick is the frame that shows the confirmation gone (and the
 * window's focus back); the column comes in the next one. */
static gboolean
show_upload_column_tick_cb (GtkWidget     *widget,
                            GdkFrameClock *frame_clock,
                            gpointer       user_data)
{
  EoDeviceView *self = EO_DEVICE_VIEW (widget);

  if (++self->upload_column_ticks < 2)
    return G_SOURCE_CONTINUE;
  self->upload_column_tick = 0;
  show_upload_column (self);
  return G_SOURCE_REMOVE;
}

static void
stop_showing_upload_column (EoDeviceView *self)
{
  if (self->upload_column_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->upload_column_tick);
  self->upload_column_tick = 0;
}

/* Shown, the Status column makes a cell for every row in sight (each
 * text measures its font): in a mapped table that happens two frames
 * later, not in the frame in which the confirmation closed, so that
 * neither frame takes long. */
void
eo_device_view_set_show_upload_status (EoDeviceView *self,
                                       gboolean      show)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  show = !!show;
  if (self->show_upload_status == show)
    return;

  self->show_upload_status = show;
  stop_showing_upload_column (self);
  if (show && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->upload_column_ticks = 0;
      self->upload_column_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                               show_upload_column_tick_cb,
                                                               NULL, NULL);
    }
  else if (show)
    show_upload_column (self);
  else
    {
      gtk_column_view_column_set_visible (self->upload_column, FALSE);
      update_columns (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_UPLOAD_STATUS]);
}

void
eo_device_view_defer_upload_column (EoDeviceView *self)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  if (self->upload_column_tick != 0)
    self->upload_column_ticks = 0;
}

gboolean
eo_device_view_get_show_line_numbers (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return self->show_line_numbers;
}

void
eo_device_view_set_show_line_numbers (EoDeviceView *self,
                                      gboolean      show)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  show = !!show;
  if (self->show_line_numbers == show)
    return;

  self->show_line_numbers = show;
  update_columns (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LINE_NUMBERS]);
}

gboolean
eo_device_view_get_compact (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return self->compact;
}

void
eo_device_view_set_compact (EoDeviceView *self,
                            gboolean      compact)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  update_columns (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
