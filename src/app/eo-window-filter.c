/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-filter"

/* Which devices the window's table shows (its own choice, not a setting
 * shared by the windows): All or Problems for a checked list, and once an
 * upload of it started Failed, Pending and Assigned too; "Showing 17 of
 * 22" whenever rows are hidden. The number shown comes from counts kept
 * as the statuses change (the list's flagged rows, the upload record's
 * EoStatusCounts), never from a walk over the devices; the table itself
 * is filtered again, in steps, at most once a second while statuses
 * change (REFILTER_INTERVAL_MS). */

#include "config.h"

#include <glib/gi18n.h>

#include "eo-window-private.h"

#define REFILTER_INTERVAL_MS 1000

/* The choices of the drop-down, in the order of EoDeviceFilter. */
static const char *
filter_label (EoDeviceFilter filter)
{
  switch (filter)
    {
    case EO_DEVICE_FILTER_PROBLEMS:
      /* Translators: filter of the device table: problems of the checks
       * and failures on the server */
      return _("Problems");
    case EO_DEVICE_FILTER_FAILED:
      /* Translators: filter of the device table */
      return _("Failed");
    case EO_DEVICE_FILTER_PENDING:
      /* Translators: filter of the device table */
      return _("Pending");
    case EO_DEVICE_FILTER_ASSIGNED:
      /* Translators: filter of the device table: devices that got their eSIM */
      return _("Assigned");
    case EO_DEVICE_FILTER_ALL:
    case EO_DEVICE_FILTER_N_FILTERS:
    default:
      /* Translators: filter of the device table */
      return _("All Devices");
    }
}

/* The upload whose statuses the table shows, or NULL. */
static EoUploadRecord *
shown_upload (EoWindow *self)
{
  if (self->job == NULL || !eo_device_view_get_show_upload_status (self->device_view))
    return NULL;
  return eo_upload_job_get_record (self->job);
}

static guint
count_matching (EoWindow       *self,
                EoDeviceFilter  filter)
{
  EoUploadRecord *record = self->filter_record;
  EoStatusCounts counts = { 0, };
  guint n_flagged = self->list != NULL ? eo_device_list_get_n_flagged_rows (self->list) : 0;

  /* Rows marked "Already assigned" before the confirmation. */
  if (self->list != NULL && self->assigned_list == self->list)
    n_flagged += self->n_flagged_marked;

  if (record != NULL)
    eo_upload_record_get_status_counts (record, &counts);

  switch (filter)
    {
    case EO_DEVICE_FILTER_PROBLEMS:
      return n_flagged + counts.n_failed - counts.n_failed_flagged;
    case EO_DEVICE_FILTER_FAILED:
      return counts.n_failed;
    case EO_DEVICE_FILTER_PENDING:
      return counts.n_pending;
    case EO_DEVICE_FILTER_ASSIGNED:
      return counts.n_success;
    case EO_DEVICE_FILTER_ALL:
    case EO_DEVICE_FILTER_N_FILTERS:
    default:
      return g_list_model_get_n_items (G_LIST_MODEL (self->devices));
    }
}

static void
update_count_label (EoWindow *self)
{
  guint n_total = g_list_model_get_n_items (G_LIST_MODEL (self->devices));
  guint n_shown;
  g_autofree char *shown = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;

  if (self->device_filter == EO_DEVICE_FILTER_ALL || self->list == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->filter_count_label), FALSE);
      return;
    }

  n_shown = MIN (count_matching (self, self->device_filter), n_total);
  shown = g_strdup_printf ("%'u", n_shown);
  total = g_strdup_printf ("%'u", n_total);
  /* Translators: how many devices the filter of the table shows, e.g.
   * "Showing 17 of 22" */
  text = g_strdup_printf (ngettext ("Showing %s of %s", "Showing %s of %s", n_total), shown, total);
  gtk_label_set_text (self->filter_count_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_count_label), TRUE);
}

/* All five once an upload started, else All and Problems. */
static void
update_choices (EoWindow *self)
{
  guint n_wanted = eo_device_view_get_show_upload_status (self->device_view)
                   ? EO_DEVICE_FILTER_N_FILTERS : EO_DEVICE_FILTER_FAILED;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_choices));

  if (n_items == n_wanted)
    return;
  if (n_wanted < n_items && self->device_filter >= n_wanted)
    _eo_window_set_device_filter (self, EO_DEVICE_FILTER_ALL);

  self->updating_choices = TRUE;
  if (n_wanted > n_items)
    for (guint i = n_items; i < n_wanted; i++)
      gtk_string_list_append (self->filter_choices, filter_label ((EoDeviceFilter) i));
  else
    gtk_string_list_splice (self->filter_choices, n_wanted, n_items - n_wanted, NULL);
  gtk_drop_down_set_selected (self->filter_dropdown, self->device_filter);
  self->updating_choices = FALSE;
}

static gboolean
refilter_cb (gpointer user_data)
{
  EoWindow *self = user_data;

  self->refilter_source = 0;
  eo_device_view_refilter (self->device_view);

  return G_SOURCE_REMOVE;
}

/* Statuses changed: the count at once, the table soon. */
static void
record_changed_cb (EoUploadRecord *record,
                   EoWindow       *self)
{
  update_count_label (self);
  if (self->device_filter != EO_DEVICE_FILTER_ALL && self->refilter_source == 0)
    self->refilter_source = g_timeout_add (REFILTER_INTERVAL_MS, refilter_cb, self);
}

static void
set_filter_record (EoWindow       *self,
                   EoUploadRecord *record)
{
  if (self->filter_record == record)
    return;

  if (self->filter_record != NULL)
    g_signal_handlers_disconnect_by_func (self->filter_record, record_changed_cb, self);
  g_set_object (&self->filter_record, record);
  if (record != NULL)
    g_signal_connect_object (record, "changed", G_CALLBACK (record_changed_cb), self, 0);
  /* Statuses may have changed while no one listened. */
  eo_device_view_refilter (self->device_view);
}

static void
dropdown_selected_cb (GtkDropDown *dropdown,
                      GParamSpec  *pspec,
                      EoWindow    *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_choices || selected >= EO_DEVICE_FILTER_N_FILTERS)
    return;
  _eo_window_set_device_filter (self, (EoDeviceFilter) selected);
}

static void
upload_status_shown_cb (EoWindow *self)
{
  _eo_window_filter_update (self);
}

/* Private API */

void
_eo_window_filter_init (EoWindow *self)
{
  self->filter_choices = gtk_string_list_new (NULL);
  for (guint i = 0; i < EO_DEVICE_FILTER_FAILED; i++)
    gtk_string_list_append (self->filter_choices, filter_label ((EoDeviceFilter) i));
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (self->filter_choices));
  gtk_drop_down_set_selected (self->filter_dropdown, EO_DEVICE_FILTER_ALL);
  g_signal_connect (self->filter_dropdown, "notify::selected",
                    G_CALLBACK (dropdown_selected_cb), self);
  g_signal_connect_object (self->device_view, "notify::show-upload-status",
                           G_CALLBACK (upload_status_shown_cb), self, G_CONNECT_SWAPPED);

  /* The drop-down's own button is what AT-SPI reaches: named by the
   * label before it, as the drop-down is. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_dropdown));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->filter_label, NULL,
                                      -1);
}

void
_eo_window_filter_dispose (EoWindow *self)
{
  g_clear_handle_id (&self->refilter_source, g_source_remove);
  if (self->filter_record != NULL)
    g_signal_handlers_disconnect_by_func (self->filter_record, record_changed_cb, self);
  g_clear_object (&self->filter_record);
  g_clear_object (&self->filter_choices);
}

void
_eo_window_filter_update (EoWindow *self)
{
  set_filter_record (self, shown_upload (self));
  update_choices (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_dropdown), self->list != NULL);
  update_count_label (self);
}

void
_eo_window_set_device_filter (EoWindow       *self,
                              EoDeviceFilter  filter)
{
  gboolean was_problems = self->device_filter == EO_DEVICE_FILTER_PROBLEMS;

  g_return_if_fail (filter < EO_DEVICE_FILTER_N_FILTERS);

  if (self->device_filter == filter)
    return;

  self->device_filter = filter;
  g_clear_handle_id (&self->refilter_source, g_source_remove);
  eo_device_view_set_filter (self->device_view, filter);
  if (gtk_drop_down_get_selected (self->filter_dropdown) != filter &&
      filter < g_list_model_get_n_items (G_LIST_MODEL (self->filter_choices)))
    {
      self->updating_choices = TRUE;
      gtk_drop_down_set_selected (self->filter_dropdown, filter);
      self->updating_choices = FALSE;
    }
  update_count_label (self);
  _eo_window_notify_filter (self, was_problems != (filter == EO_DEVICE_FILTER_PROBLEMS));
}
