/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

/* The "On the Phone" column (issue 14): where each phone is after the
 * SM-DP+ address was pushed to it, read from the upload's EoPhoneStates
 * by EID. Shown once a push exists. The cells bound now are kept by EID,
 * so that an answer that changes some phones sets the text of those
 * cells only (no items-changed, no walk over the list); the minutes since
 * an acknowledgment are told again once a minute, in the bound cells.
 *
 * The cells are EoStatusCells (an icon and a text drawn with the table's
 * font, no PangoContext of their own), as the Status column's: the
 * column shown by the first push made a GtkInscription a row in sight,
 * each creating its context and measuring its font, in the Push step's
 * longest frame. */

#include "config.h"

#include <glib/gi18n.h>

#include "eo-device.h"
#include "eo-device-view-private.h"
#include "eo-status-cell.h"

#define PHONE_REFRESH_S 60

G_DEFINE_QUARK (eo-device-view-phone-eid, phone_eid)

static const char * const phone_classes[] = { "dim-label", "success", "warning", "error", NULL };

/* The state's icon and colour, as the Status column's. */
static const char *
phone_state_icon (EoPhoneState  state,
                  const char  **css_class)
{

  switch (state)
    {
    case EO_PHONE_STATE_WAITING:
      *css_class = phone_classes[0];
      return "content-loading-symbolic";
    case EO_PHONE_STATE_ACKNOWLEDGED:
      *css_class = NULL;
      return "send-to-symbolic";
    case EO_PHONE_STATE_NOT_NOW:
      *css_class = phone_classes[2];
      return "dialog-warning-symbolic";
    case EO_PHONE_STATE_ERROR:
      *css_class = phone_classes[3];
      return "dialog-error-symbolic";
    case EO_PHONE_STATE_INSTALLED:
      *css_class = phone_classes[1];
      return "emblem-ok-symbolic";
    case EO_PHONE_STATE_NOT_IN_MDM:
      *css_class = phone_classes[0];
      return "action-unavailable-symbolic";
    case EO_PHONE_STATE_NONE:
    case EO_PHONE_N_STATES:
    default:
      *css_class = NULL;
      return NULL;
    }
}

static void
set_phone_text (EoDeviceView *self,
                EoStatusCell *cell,
                const char   *eid)
{
  const EoPhoneInfo *info = self->phone_states != NULL ? eo_phone_states_lookup (self->phone_states, eid) : NULL;
  g_autofree char *text = eo_phone_info_format (info, g_get_real_time ());
  const char *css_class = NULL;
  const char *icon = phone_state_icon (info != NULL ? info->state : EO_PHONE_STATE_NONE, &css_class);

  eo_status_cell_set (cell, icon, text);
  _eo_device_view_set_css_class_among (GTK_WIDGET (cell), phone_classes, css_class);
}

static gboolean
phone_query_tooltip_cb (GtkWidget     *cell,
                        int            x,
                        int            y,
                        gboolean       keyboard_mode,
                        GtkTooltip    *tooltip,
                        EoDeviceView  *self)
{
  const char *text = eo_status_cell_get_text (EO_STATUS_CELL (cell));

  if (*text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
phone_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  GtkWidget *cell = eo_status_cell_new ();

  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (phone_query_tooltip_cb), self);
  gtk_list_item_set_child (list_item, cell);
}

static void
phone_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EoDeviceView             *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  EoDevice *device = gtk_list_item_get_item (list_item);
  const char *eid = eo_device_get_eid (device);

  /* The device outlives the binding: its EID is the key. */
  g_object_set_qdata (G_OBJECT (cell), phone_eid_quark (), (gpointer) eid);
  if (eid != NULL && self->phone_cells != NULL)
    g_hash_table_insert (self->phone_cells, (gpointer) eid, cell);
  set_phone_text (self, EO_STATUS_CELL (cell), eid);
}

static void
phone_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  const char *eid = g_object_steal_qdata (G_OBJECT (cell), phone_eid_quark ());

  if (eid != NULL && self->phone_cells != NULL && g_hash_table_lookup (self->phone_cells, eid) == cell)
    g_hash_table_remove (self->phone_cells, eid);
}

static void
states_changed_cb (EoPhoneStates *states,
                   GPtrArray     *eids,
                   EoDeviceView  *self)
{
  for (guint i = 0; i < eids->len; i++)
    {
      const char *eid = g_ptr_array_index (eids, i);
      GtkWidget *cell = g_hash_table_lookup (self->phone_cells, eid);

      if (cell != NULL)
        set_phone_text (self, EO_STATUS_CELL (cell), eid);
    }
}

/* The bound cells only: a screenful. */
static gboolean
refresh_cb (gpointer user_data)
{
  EoDeviceView *self = user_data;
  GHashTableIter iter;
  gpointer eid, cell;

  if (self->phone_states == NULL ||
      eo_phone_states_count (self->phone_states, EO_PHONE_STATE_ACKNOWLEDGED) == 0)
    return G_SOURCE_CONTINUE;
  g_hash_table_iter_init (&iter, self->phone_cells);
  while (g_hash_table_iter_next (&iter, &eid, &cell))
    set_phone_text (self, cell, eid);
  return G_SOURCE_CONTINUE;
}

void
_eo_device_view_phone_init (EoDeviceView *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  guint position = 0;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  self->phone_cells = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (factory, "setup", G_CALLBACK (phone_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (phone_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (phone_unbind_cb), self);
  /* Translators: column title: where the phone is after the SM-DP+ address was pushed to it */
  self->phone_column = gtk_column_view_column_new (_("On the Phone"), factory);
  gtk_column_view_column_set_resizable (self->phone_column, TRUE);
  gtk_column_view_column_set_visible (self->phone_column, FALSE);
  /* Right after the upload's Status column. */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (column == self->upload_column)
        position = i + 1;
    }
  gtk_column_view_insert_column (self->column_view, position, self->phone_column);
}

void
_eo_device_view_phone_dispose (EoDeviceView *self)
{
  eo_device_view_set_phone_states (self, NULL);
  g_clear_pointer (&self->phone_cells, g_hash_table_unref);
  g_clear_object (&self->phone_column);
}

void
eo_device_view_set_phone_states (EoDeviceView  *self,
                                 EoPhoneStates *states)
{
  GHashTableIter iter;
  gpointer eid, cell;

  g_return_if_fail (EO_IS_DEVICE_VIEW (self));
  g_return_if_fail (states == NULL || EO_IS_PHONE_STATES (states));

  if (self->phone_states == states)
    return;
  if (self->phone_states != NULL)
    g_signal_handlers_disconnect_by_data (self->phone_states, self);
  g_set_object (&self->phone_states, states);
  if (self->phone_cells == NULL)
    return;
  if (states != NULL)
    g_signal_connect_object (states, "changed", G_CALLBACK (states_changed_cb), self, 0);
  if (states != NULL && self->phone_refresh_source == 0)
    self->phone_refresh_source = g_timeout_add_seconds (PHONE_REFRESH_S, refresh_cb, self);
  else if (states == NULL)
    g_clear_handle_id (&self->phone_refresh_source, g_source_remove);
  if (self->phone_column != NULL)
    {
      gtk_column_view_column_set_visible (self->phone_column, states != NULL);
      /* GTK 4.8 counts a hidden column's fixed width in the table's
       * minimum, which the expanding Problem column then lacks: fixed
       * only while shown (as the Status column). */
      gtk_column_view_column_set_fixed_width (self->phone_column, states != NULL ? 300 : -1);
    }
  g_hash_table_iter_init (&iter, self->phone_cells);
  while (g_hash_table_iter_next (&iter, &eid, &cell))
    set_phone_text (self, cell, eid);
}

EoPhoneStates *
eo_device_view_get_phone_states (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), NULL);
  return self->phone_states;
}

GtkColumnViewColumn *
_eo_device_view_get_phone_column (EoDeviceView *self)
{
  return self->phone_column;
}
