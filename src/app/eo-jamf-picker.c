/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-jamf-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-jamf-picker-item.h"
#include "eo-jamf-picker-private.h"
#include "eo-mdm-device-list.h"

/* The history's marks: eo-jamf-picker-marks.c; the rows:
 * eo-jamf-picker-rows.c; the items appended to the store:
 * eo-jamf-picker-append.c.
 *
 * 100,000 phones must not stall the window: the client parses each page
 * (2,000) on a worker, a worker makes it into items, and they are appended
 * to the store EO_JAMF_PICKER_APPEND_BATCH per main-loop iteration; the search is a GtkCustomFilter applied incrementally;
 * Select All/None, the history's marks and the gathering of the choice
 * run in slices of EO_JAMF_PICKER_SLICE_US; the CSV is written on a worker. */


G_DEFINE_FINAL_TYPE (EoJamfPicker, eo_jamf_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNAL_IMPORT,
  SIGNAL_CANCEL,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One reading of the inventory (a newer one makes it stale). */
typedef struct
{
  EoJamfPicker *self;
  guint         generation;
} Load;

static void update_counts (EoJamfPicker *self);

/* Helpers */

static char *
fold_query (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static void
notify_busy (EoJamfPicker *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

void
_eo_jamf_picker_notify_busy (EoJamfPicker *self)
{
  notify_busy (self);
}

static void
select_item (EoJamfPicker     *self,
             EoJamfPickerItem *item,
             gboolean          selected)
{
  if (eo_jamf_picker_item_set_selected (item, selected))
    self->n_selected += selected ? 1 : -1;
}

static void
set_status (EoJamfPicker *self,
            const char   *text,
            gboolean      error)
{
  gtk_label_set_text (self->status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update_progress (EoJamfPicker *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), self->loading);
  if (!self->loading)
    return;
  gtk_progress_bar_set_fraction (self->progress_bar, self->n_total > 0 ? (double) n / self->n_total : 0.0);
  /* Translators: phones read so far, of how many */
  text = g_strdup_printf (_("%u of %u"), n, self->n_total);
  gtk_progress_bar_set_text (self->progress_bar, self->n_total > 0 ? text : NULL);
}

static void
update_status (EoJamfPicker *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  g_autofree char *text = NULL;

  if (self->loading)
    text = g_strdup (_("Reading the mobile devices of Jamf Pro… You can search and choose while they come."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u mobile device in Jamf Pro, %u without an EID (skipped).",
                                         "%u mobile devices in Jamf Pro, %u without an EID (skipped).", n),
                            n, self->n_skipped);
  set_status (self, text, FALSE);
  update_progress (self);
}

/* The inventory, page by page: each page's items are made on a worker
 * (copies of the devices, their search text folded), then appended. */

static void
finish_loading (EoJamfPicker *self)
{
  self->loading = FALSE;
  g_clear_object (&self->cancellable);
  update_status (self);
  if (self->list_error != NULL)
    set_status (self, self->list_error, TRUE);
  g_clear_pointer (&self->list_error, g_free);
  update_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
items_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *devices = task_data;
  GPtrArray *items = g_ptr_array_new_full (devices->len, g_object_unref);

  for (guint i = 0; i < devices->len; i++)
    g_ptr_array_add (items, eo_jamf_picker_item_new (g_steal_pointer (&devices->pdata[i])));
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/* After an append (eo-jamf-picker-append.c): the counts, the marks, and
 * the end of the reading once the last item is in. */
void
_eo_jamf_picker_appended (EoJamfPicker *self,
                          gboolean      all_in)
{
  update_progress (self);
  update_counts (self);
  _eo_jamf_picker_queue_marks (self);
  if (all_in && self->n_building == 0 && self->list_finished)
    finish_loading (self);
}

static void
items_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  EoJamfPicker *self = EO_JAMF_PICKER (source);
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), NULL);

  if (GPOINTER_TO_UINT (user_data) != self->generation || self->store == NULL || items == NULL)
    return;
  self->n_building--;
  if (items->len > 0)
    _eo_jamf_picker_push_ready (self, g_steal_pointer (&items));
  else if (!_eo_jamf_picker_appending (self) && self->n_building == 0 && self->list_finished)
    finish_loading (self);
}

/* What holds every device (the listing's own array, the picker's items),
 * freed on a worker: 100,000 phones are some 800,000 blocks to free. */
static void
free_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_ptr_array_unref (task_data);
  g_task_return_boolean (task, TRUE);
}

static void
free_on_worker (GPtrArray *devices)
{
  g_autoptr(GTask) task = NULL;

  if (devices == NULL)
    return;
  task = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_source_tag (task, free_on_worker);
  g_task_set_task_data (task, devices, NULL);
  g_task_run_in_thread (task, free_thread);
}

static void
page_cb (GPtrArray *page,
         guint      n_read,
         guint      n_total,
         gpointer   user_data)
{
  Load *load = user_data;
  EoJamfPicker *self = load->self;
  g_autoptr(GTask) task = NULL;
  GPtrArray *devices;

  if (load->generation != self->generation || self->store == NULL)
    return;
  devices = g_ptr_array_new_full (page->len, (GDestroyNotify) eo_mdm_device_free);
  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (devices, eo_mdm_device_copy (g_ptr_array_index (page, i)));
  self->n_total = MAX (n_total, n_read);
  self->n_building++;
  task = g_task_new (self, NULL, items_done_cb, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, page_cb);
  g_task_set_task_data (task, devices, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, items_thread);
}

static void
list_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(EoJamfPicker) self = load->self;
  g_autoptr(GError) error = NULL;
  GPtrArray *devices = eo_mdm_connector_list_devices_finish (EO_MDM_CONNECTOR (source), result, &error);
  gboolean current = load->generation == self->generation;

  free_on_worker (devices);
  g_free (load);
  if (!current || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->list_error = error != NULL ? g_strdup (error->message) : NULL;
  self->list_finished = TRUE;
  /* The last pages may still be made into items or appended. */
  if (self->n_building == 0 && !_eo_jamf_picker_appending (self))
    finish_loading (self);
}

/* Select All/None */

static gboolean
select_idle_cb (gpointer user_data)
{
  EoJamfPicker *self = user_data;
  GListModel *model = G_LIST_MODEL (self->store);
  gint64 deadline = g_get_monotonic_time () + EO_JAMF_PICKER_SLICE_US;

  for (; self->select_next < g_list_model_get_n_items (model); self->select_next++)
    {
      g_autoptr(EoJamfPickerItem) item = g_list_model_get_item (model, self->select_next);

      if (eo_jamf_picker_item_matches (item, self->query))
        select_item (self, item, self->select_value);
      if (self->select_next % 256 == 255 && g_get_monotonic_time () >= deadline)
        {
          self->select_next++;
          update_counts (self);
          return G_SOURCE_CONTINUE;
        }
    }
  self->select_source = 0;
  update_counts (self);
  notify_busy (self);
  return G_SOURCE_REMOVE;
}

/* Import: the chosen phones gathered, then the CSV on a worker */

static void
csv_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GPtrArray *items = task_data;
  g_autoptr(GPtrArray) devices = g_ptr_array_sized_new (items->len);
  GString *csv;

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (devices, (gpointer) eo_jamf_picker_item_get_device (g_ptr_array_index (items, i)));
  csv = eo_mdm_device_list_csv ((EoMdmDevice * const *) devices->pdata, devices->len, NULL, NULL);
  /* Their references dropped here: the picker's own go on a worker too. */
  g_ptr_array_unref (items);
  g_task_return_pointer (task, g_string_free_to_bytes (csv), (GDestroyNotify) g_bytes_unref);
}

static void
csv_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  EoJamfPicker *self = EO_JAMF_PICKER (source);
  g_autoptr(GBytes) csv = g_task_propagate_pointer (G_TASK (result), NULL);
  guint n = GPOINTER_TO_UINT (user_data);

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
  notify_busy (self);
  if (csv != NULL)
    g_signal_emit (self, signals[SIGNAL_IMPORT], 0, csv, n);
}

static gboolean
gather_idle_cb (gpointer user_data)
{
  EoJamfPicker *self = user_data;
  GListModel *model = G_LIST_MODEL (self->store);
  gint64 deadline = g_get_monotonic_time () + EO_JAMF_PICKER_SLICE_US;
  g_autoptr(GTask) task = NULL;
  guint n;

  for (; self->gather_next < g_list_model_get_n_items (model); self->gather_next++)
    {
      EoJamfPickerItem *item = g_list_model_get_item (model, self->gather_next);

      if (eo_jamf_picker_item_get_selected (item))
        g_ptr_array_add (self->gathered, item);
      else
        g_object_unref (item);
      if (self->gather_next % 256 == 255 && g_get_monotonic_time () >= deadline)
        {
          self->gather_next++;
          return G_SOURCE_CONTINUE;
        }
    }
  self->gather_source = 0;
  n = self->gathered->len;
  task = g_task_new (self, NULL, csv_done_cb, GUINT_TO_POINTER (n));
  g_task_set_source_tag (task, gather_idle_cb);
  g_task_set_task_data (task, g_steal_pointer (&self->gathered), NULL);
  g_task_run_in_thread (task, csv_thread);
  return G_SOURCE_REMOVE;
}

static void
update_counts (EoJamfPicker *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->shown));
  g_autofree char *text = NULL;

  if (n_shown < n_items || *self->query != '\0')
    /* Translators: phones chosen, phones shown by the search, phones read */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen · %u of %u shown", "%u chosen · %u of %u shown",
                                         self->n_selected),
                            self->n_selected, n_shown, n_items);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chosen", "%u chosen", self->n_selected),
                            self->n_selected);
  gtk_label_set_text (self->count_label, text);

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), self->n_selected > 0 && self->gather_source == 0);

  if (n_shown == 0 && *self->query != '\0' && gtk_filter_list_model_get_pending (self->shown) == 0)
    {
      g_autofree char *description = NULL;

      /* Translators: %s is what was searched for */
      description = g_strdup_printf (_("No mobile device read so far has “%s” in its name, serial number or model."),
                                     gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      adw_status_page_set_description (self->none_page, description);
      gtk_stack_set_visible_child_name (self->list_stack, "none");
    }
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

/* Signal callbacks */

static gboolean
filter_match_cb (gpointer item,
                 gpointer user_data)
{
  EoJamfPicker *self = user_data;

  return eo_jamf_picker_item_matches (item, self->query);
}

static void
shown_changed_cb (EoJamfPicker *self)
{
  update_counts (self);
}

static void
pending_changed_cb (EoJamfPicker *self)
{
  update_counts (self);
  if (gtk_filter_list_model_get_pending (self->shown) == 0)
    notify_busy (self);
}

static void
search_changed_cb (EoJamfPicker *self)
{
  /* Setting the entry's text empties it first, and an empty entry says
   * search-changed at once: that "" is not a search. */
  if (self->setting_text)
    return;
  eo_jamf_picker_set_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
select_all_clicked_cb (EoJamfPicker *self)
{
  eo_jamf_picker_select_shown (self, TRUE);
}

static void
select_none_clicked_cb (EoJamfPicker *self)
{
  eo_jamf_picker_select_shown (self, FALSE);
}

static void
cancel_clicked_cb (EoJamfPicker *self)
{
  eo_jamf_picker_stop (self);
  g_signal_emit (self, signals[SIGNAL_CANCEL], 0);
}

static void
import_clicked_cb (EoJamfPicker *self)
{
  if (self->n_selected == 0 || self->gather_source != 0)
    return;
  /* What was read is what is imported: no page comes after the click. */
  g_cancellable_cancel (self->cancellable);
  if (self->loading)
    {
      self->loading = FALSE;
      self->generation++;
      self->n_building = 0;
      _eo_jamf_picker_drop_ready (self);
      update_status (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  self->gathered = g_ptr_array_new_with_free_func (g_object_unref);
  self->gather_next = 0;
  self->gather_source = g_idle_add_full (G_PRIORITY_DEFAULT, gather_idle_cb, self, NULL);
  notify_busy (self);
}

/* Parent overrides */

static void
eo_jamf_picker_dispose (GObject *object)
{
  EoJamfPicker *self = EO_JAMF_PICKER (object);

  eo_jamf_picker_stop (self);
  g_clear_handle_id (&self->gather_source, g_source_remove);
  g_clear_pointer (&self->gathered, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_JAMF_PICKER);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->store);
  g_clear_object (&self->history);
  g_clear_pointer (&self->pending_eids, g_ptr_array_unref);
  g_clear_pointer (&self->by_eid, g_hash_table_unref);
  g_clear_pointer (&self->all_items, g_ptr_array_unref);

  G_OBJECT_CLASS (eo_jamf_picker_parent_class)->dispose (object);
}

static void
eo_jamf_picker_finalize (GObject *object)
{
  EoJamfPicker *self = EO_JAMF_PICKER (object);

  g_free (self->query);
  g_free (self->list_error);

  G_OBJECT_CLASS (eo_jamf_picker_parent_class)->finalize (object);
}

static void
eo_jamf_picker_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EoJamfPicker *self = EO_JAMF_PICKER (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, eo_jamf_picker_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_jamf_picker_class_init (EoJamfPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_jamf_picker_dispose;
  object_class->finalize = eo_jamf_picker_finalize;
  object_class->get_property = eo_jamf_picker_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The device list (CSV bytes) and how many devices it holds. */
  signals[SIGNAL_IMPORT] = g_signal_new ("import", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_UINT);
  signals[SIGNAL_CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-jamf-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, status_label);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, select_none_button);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, list_stack);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, none_page);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, count_label);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EoJamfPicker, import_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, select_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, select_none_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
}

static void
eo_jamf_picker_init (EoJamfPicker *self)
{
  GtkListItemFactory *factory = _eo_jamf_picker_row_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  eo_a11y_fix_button_names (GTK_WIDGET (self));

  self->query = g_strdup ("");
  g_queue_init (&self->ready);
  self->all_items = g_ptr_array_new_with_free_func (g_object_unref);
  self->store = g_list_store_new (EO_TYPE_JAMF_PICKER_ITEM);
  self->filter = gtk_custom_filter_new (filter_match_cb, self, NULL);
  self->shown = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                           GTK_FILTER (g_object_ref (self->filter)));
  gtk_filter_list_model_set_incremental (self->shown, TRUE);
  g_signal_connect_object (self->shown, "items-changed", G_CALLBACK (shown_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shown, "notify::pending", G_CALLBACK (pending_changed_cb), self, G_CONNECT_SWAPPED);
  self->pending_eids = g_ptr_array_new ();
  self->by_eid = g_hash_table_new (g_str_hash, g_str_equal);

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->shown)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (selection);
  g_object_unref (factory);
  update_counts (self);
}

/* Private API */

void
_eo_jamf_picker_toggle (EoJamfPicker     *self,
                        EoJamfPickerItem *item,
                        gboolean          selected)
{
  select_item (self, item, selected);
  update_counts (self);
}

/* Public API */

GtkWidget *
eo_jamf_picker_new (void)
{
  return g_object_new (EO_TYPE_JAMF_PICKER, NULL);
}

void
eo_jamf_picker_start (EoJamfPicker   *self,
                      EoMdmConnector *connector,
                      EoHistory      *history)
{
  Load *load;

  g_return_if_fail (EO_IS_JAMF_PICKER (self));
  g_return_if_fail (EO_IS_MDM_CONNECTOR (connector));

  eo_jamf_picker_stop (self);
  g_set_object (&self->history, history);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->generation = ++self->generation;
  update_status (self);
  update_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  eo_mdm_connector_list_devices_async (connector, page_cb, load, self->cancellable, list_done_cb, load);
}

void
eo_jamf_picker_show_error (EoJamfPicker *self,
                           const char   *message)
{
  g_return_if_fail (EO_IS_JAMF_PICKER (self));

  eo_jamf_picker_stop (self);
  set_status (self, message, TRUE);
}

void
eo_jamf_picker_stop (EoJamfPicker *self)
{
  gboolean was_loading;

  g_return_if_fail (EO_IS_JAMF_PICKER (self));

  was_loading = self->loading;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;
  self->loading = FALSE;
  self->n_building = 0;
  _eo_jamf_picker_drop_ready (self);
  self->list_finished = FALSE;
  g_clear_pointer (&self->list_error, g_free);
  g_clear_handle_id (&self->select_source, g_source_remove);
  _eo_jamf_picker_stop_marks (self);
  self->n_total = self->n_skipped = self->n_selected = 0;
  if (self->store != NULL)
    {
      /* The store's references go here, the last ones on a worker. */
      g_list_store_remove_all (self->store);
      free_on_worker (g_steal_pointer (&self->all_items));
      self->all_items = g_ptr_array_new_with_free_func (g_object_unref);
    }
  if (*self->query != '\0')
    {
      g_free (self->query);
      self->query = g_strdup ("");
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  update_progress (self);
  set_status (self, "", FALSE);
  if (was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
eo_jamf_picker_get_loading (EoJamfPicker *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER (self), FALSE);

  return self->loading;
}

guint
eo_jamf_picker_get_n_loaded (EoJamfPicker *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

guint
eo_jamf_picker_get_n_total (EoJamfPicker *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER (self), 0);

  return self->n_total;
}

guint
eo_jamf_picker_get_n_selected (EoJamfPicker *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER (self), 0);

  return self->n_selected;
}

GListModel *
eo_jamf_picker_get_shown (EoJamfPicker *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER (self), NULL);

  return G_LIST_MODEL (self->shown);
}

GListModel *
eo_jamf_picker_get_items (EoJamfPicker *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER (self), NULL);

  return G_LIST_MODEL (self->store);
}

gboolean
eo_jamf_picker_get_busy (EoJamfPicker *self)
{
  g_return_val_if_fail (EO_IS_JAMF_PICKER (self), FALSE);

  return self->select_source != 0 || self->assigned_source != 0 || self->gather_source != 0 ||
         gtk_filter_list_model_get_pending (self->shown) > 0;
}

void
eo_jamf_picker_set_search (EoJamfPicker *self,
                           const char   *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (EO_IS_JAMF_PICKER (self));

  folded = fold_query (text);
  if (g_str_equal (folded, self->query))
    return;
  g_free (self->query);
  self->query = g_steal_pointer (&folded);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      self->setting_text = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
      self->setting_text = FALSE;
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_counts (self);
  notify_busy (self);
}

void
eo_jamf_picker_select_shown (EoJamfPicker *self,
                             gboolean      selected)
{
  g_return_if_fail (EO_IS_JAMF_PICKER (self));

  self->select_value = selected;
  self->select_next = 0;
  if (self->select_source == 0)
    self->select_source = g_idle_add_full (G_PRIORITY_DEFAULT, select_idle_cb, self, NULL);
  notify_busy (self);
}
