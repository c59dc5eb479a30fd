/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history-filter"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "eo-history-filter.h"

#define SLICE_US 4000

struct _EoHistoryFilter
{
  GtkBox           parent_instance;

  GtkSearchEntry  *entry;
  AdwStatusPage   *empty_page;
  GtkListBox      *list_box;   /* unowned: the history view's */
  EoHistory       *history;

  /* The search running, and the uploads the last one kept (NULL: all). */
  EoHistorySearch *search;
  guint            search_source;
  GHashTable      *shown;      /* EoUploadRecord * (ref) */
  guint            n_shown;
  gboolean         pending;    /* typed, not looked up yet */
};

G_DEFINE_FINAL_TYPE (EoHistoryFilter, eo_history_filter, GTK_TYPE_BOX)

/* Helpers */

/* A list box bound to a model ignores filter functions: each row (one
 * per upload, "eo-record" its record) is shown or hidden. */
static void
apply_filter (EoHistoryFilter *self)
{
  if (self->list_box == NULL)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      gpointer record = g_object_get_data (G_OBJECT (row), "eo-record");

      if (GTK_IS_LIST_BOX_ROW (row))
        gtk_widget_set_visible (row, self->shown == NULL ||
                                     (record != NULL && g_hash_table_contains (self->shown, record)));
    }
}

static void
stop_search (EoHistoryFilter *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
  g_clear_pointer (&self->search, eo_history_search_free);
}

/* The search's matches, by upload. */
static void
show_matches (EoHistoryFilter *self,
              GPtrArray       *matches)
{
  g_autofree char *description = NULL;

  g_clear_pointer (&self->shown, g_hash_table_unref);
  self->shown = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, NULL);
  for (guint i = 0; i < matches->len; i++)
    {
      EoHistoryMatch *match = g_ptr_array_index (matches, i);

      if (!g_hash_table_contains (self->shown, match->record))
        g_hash_table_add (self->shown, g_object_ref (match->record));
    }
  self->n_shown = g_hash_table_size (self->shown);
  apply_filter (self);

  /* Translators: %s is what the admin searched for */
  description = g_strdup_printf (_("No upload has a device matching “%s”. Search by EID, ICCID, name or serial number."),
                                 gtk_editable_get_text (GTK_EDITABLE (self->entry)));
  adw_status_page_set_description (self->empty_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), self->n_shown == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list_box), self->n_shown > 0);
  self->pending = FALSE;
}

static void
show_all (EoHistoryFilter *self)
{
  g_clear_pointer (&self->shown, g_hash_table_unref);
  self->n_shown = self->history != NULL ? g_list_model_get_n_items (eo_history_get_records (self->history)) : 0;
  if (self->list_box != NULL)
    {
      apply_filter (self);
      gtk_widget_set_visible (GTK_WIDGET (self->list_box), TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), FALSE);
  self->pending = FALSE;
}

/* Signal callbacks */

static void
text_changed_cb (EoHistoryFilter *self)
{
  self->pending = TRUE;
}

static gboolean
search_step_cb (gpointer user_data)
{
  EoHistoryFilter *self = user_data;
  g_autoptr(GPtrArray) matches = NULL;

  if (!eo_history_search_step (self->search, g_get_monotonic_time () + SLICE_US))
    return G_SOURCE_CONTINUE;
  self->search_source = 0;
  matches = eo_history_search_steal_matches (self->search);
  g_clear_pointer (&self->search, eo_history_search_free);
  show_matches (self, matches);
  return G_SOURCE_REMOVE;
}

/* GtkSearchEntry's "search-changed" comes once the typing pauses. */
static void
search_changed_cb (EoHistoryFilter *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  stop_search (self);
  if (*text == '\0' || self->history == NULL)
    {
      show_all (self);
      return;
    }
  self->search = eo_history_search_new_text (self->history, text);
  self->search_source = g_idle_add (search_step_cb, self);
}

static void
stop_search_cb (EoHistoryFilter *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

/* Parent overrides */

static void
eo_history_filter_dispose (GObject *object)
{
  EoHistoryFilter *self = EO_HISTORY_FILTER (object);

  stop_search (self);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (eo_history_get_records (self->history),
                                          search_changed_cb, self);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (eo_history_filter_parent_class)->dispose (object);
}

static void
eo_history_filter_class_init (EoHistoryFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = eo_history_filter_dispose;
}

static void
eo_history_filter_init (EoHistoryFilter *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->entry, "placeholder-text", _("Search by EID, ICCID, name or serial number"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search the uploads"), -1);
  g_signal_connect_swapped (self->entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->entry, "stop-search", G_CALLBACK (stop_search_cb), self);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (text_changed_cb), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->entry));

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
  adw_status_page_set_title (self->empty_page, _("No Matching Upload"));
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), FALSE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->empty_page));
}

/* Public API */

void
eo_history_filter_set_list_box (EoHistoryFilter *self,
                                GtkListBox      *list_box)
{
  g_return_if_fail (EO_IS_HISTORY_FILTER (self));
  g_return_if_fail (GTK_IS_LIST_BOX (list_box));

  self->list_box = list_box;
}

void
eo_history_filter_set_history (EoHistoryFilter *self,
                               EoHistory       *history)
{
  g_return_if_fail (EO_IS_HISTORY_FILTER (self));

  stop_search (self);
  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (eo_history_get_records (self->history),
                                          search_changed_cb, self);
  g_set_object (&self->history, history);
  /* A new or removed upload: the search is made again. */
  if (history != NULL)
    g_signal_connect_object (eo_history_get_records (history), "items-changed",
                             G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  show_all (self);
}

GtkSearchEntry *
eo_history_filter_get_entry (EoHistoryFilter *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_FILTER (self), NULL);

  return self->entry;
}

gboolean
eo_history_filter_get_busy (EoHistoryFilter *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_FILTER (self), FALSE);

  return self->pending || self->search != NULL;
}

guint
eo_history_filter_get_n_shown (EoHistoryFilter *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_FILTER (self), 0);

  return self->n_shown;
}

gboolean
eo_history_filter_get_empty (EoHistoryFilter *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_FILTER (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->empty_page));
}
