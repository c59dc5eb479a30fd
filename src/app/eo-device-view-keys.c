/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

/* Page Up and Page Down in the device table, done here instead of by the
 * list's own binding (GTK before 4.10): the table is scrolled to the row
 * the key moves to before the focus moves there, so that the row has
 * its widget already.
 *
 * GTK 4.8's list moves the focus to the row a page away and only then
 * scrolls to it: that row, out of the rows the list keeps (the rows in
 * sight and up to 200 on one side of them), got a row of cells made for
 * it, and the row left behind was destroyed. A cell made or destroyed
 * makes its column measure again every cell it has (GtkColumnViewColumn
 * queues a resize on each), and through them the window: at 100,000
 * rows that was more than half of a Page Down's CPU. Scrolled first,
 * the list binds the rows it keeps anew, as when the scrollbar moves,
 * and makes none.
 *
 * The row moved to is the one the list's own binding finds (with every
 * row as high as the others, from the positions alone: after a scroll
 * in the same frame the list's own geometry is stale until the next
 * allocation, and its binding then overshot by pages); focus and
 * selection go through the list's own actions, as its binding does. */

#include "config.h"

#include <adwaita.h>

#include "eo-device-view-private.h"

/* The position of the focused row of @self's table, or
 * GTK_INVALID_LIST_POSITION: the list item of one of its cells. */
static guint
focused_position (EoDeviceView *self)
{
  GtkWidget *column_view = GTK_WIDGET (self->column_view);
  GtkRoot *root = gtk_widget_get_root (column_view);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkListItem *list_item;

  if (focus == NULL || focus == column_view || !gtk_widget_is_ancestor (focus, column_view))
    return GTK_INVALID_LIST_POSITION;
  list_item = _eo_device_view_find_list_item (focus);
  if (list_item == NULL)
    return GTK_INVALID_LIST_POSITION;

  return gtk_list_item_get_position (list_item);
}

/* The row GTK's list moves the focus to from @pos on Page Down
 * (@down) or Page Up, with every row @row_height high, as
 * gtk_list_base_move_cursor_page_down/up find it: the last (first) row
 * whole in the page that starts (ends) at the row in @pos, and at
 * least one row on. */
static guint
page_target (guint    pos,
             guint    n_items,
             int      row_height,
             int      page_size,
             gboolean down)
{
  gint64 top = (gint64) pos * row_height;
  gint64 end = (gint64) n_items * row_height;
  gint64 target;

  if (down)
    {
      gint64 limit = MIN (end, top + page_size);

      target = (limit - 1) / row_height;
      if ((target + 1) * row_height > limit)
        target--;
      if (target <= (gint64) pos)
        target = pos + 1;
      return (guint) MIN (target, (gint64) n_items - 1);
    }

  {
    gint64 limit = MAX (0, top + row_height - page_size);

    target = limit / row_height;
    if (target * row_height < limit)
      target++;
    if (target >= (gint64) pos)
      target = (gint64) pos - 1;
    return (guint) MAX (target, 0);
  }
}

static guint
row_position (GtkWidget *row)
{
  GtkListItem *list_item = _eo_device_view_find_list_item (row);

  return list_item != NULL ? gtk_list_item_get_position (list_item) : GTK_INVALID_LIST_POSITION;
}

/* The row widget of @list (the table's list) showing @position, or NULL
 * when the list keeps none for it. The list's rows are its children in
 * the order of their positions: from @from (the focused row, at @from_position)
 * the row is that many siblings on, checked; else all rows are looked at. */
static GtkWidget *
row_at_position (GtkWidget *list,
                 GtkWidget *from,
                 guint      from_position,
                 guint      position)
{
  GtkWidget *row = from;

  for (guint i = from_position; row != NULL && i < position; i++)
    row = gtk_widget_get_next_sibling (row);
  for (guint i = position; row != NULL && i < from_position; i++)
    row = gtk_widget_get_prev_sibling (row);
  if (row != NULL && row_position (row) == position)
    return row;

  for (row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (row_position (row) == position)
      return row;
  return NULL;
}

/* GtkSingleSelection says a move from one row to another changed every
 * row between them, and GTK 4.8's list binds each row in that range
 * again: a page of rows bound twice a Page Down. Unselected first, then
 * selected, two rows change. */
static void
unselect_first (EoDeviceView *self,
                guint         target)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION && selected != target)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                EoDeviceView          *self)
{
  GdkModifierType mods = state & gtk_accelerator_get_default_mod_mask ();

  switch (keyval)
    {
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      return _eo_device_view_move_page (self, TRUE, mods);
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      return _eo_device_view_move_page (self, FALSE, mods);
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

/* GTK 4.10 rewrote the list's widget keeping (tiles): only the lists
 * before it make a row for the row a page away. */
static gboolean
list_makes_rows_on_page_keys (void)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  return FALSE;
#else
  return TRUE;
#endif
}

void
_eo_device_view_keys_init (EoDeviceView *self)
{
  GtkEventController *controller;

  if (!list_makes_rows_on_page_keys ())
    return;
  controller = gtk_event_controller_key_new ();

  /* Before the list's own bindings (bubble phase, on the list). */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);
}

gboolean
_eo_device_view_move_page (EoDeviceView    *self,
                           gboolean         down,
                           GdkModifierType  mods)
{
  /* As the list's bindings: Ctrl moves the focus only, Shift extends
   * the selection, both toggle. */
  gboolean select = !(mods & GDK_CONTROL_MASK) || (mods & GDK_SHIFT_MASK);
  gboolean modify = (mods & GDK_CONTROL_MASK) && (mods & GDK_SHIFT_MASK);
  gboolean extend = (mods & GDK_SHIFT_MASK) != 0;
  GtkAdjustment *adjustment;
  GtkWidget *list, *row;
  guint n_items, pos, target;
  double upper, page_size;
  int row_height;

  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  /* The list's own bindings are for these modifiers only. */
  if (!list_makes_rows_on_page_keys () || (mods & ~(GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  list = gtk_widget_get_focus_child (GTK_WIDGET (self->column_view));
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  pos = focused_position (self);
  if (list == NULL || n_items == 0 || pos >= n_items)
    return GDK_EVENT_PROPAGATE;
  if (down ? pos + 1 >= n_items : pos == 0)
    return GDK_EVENT_STOP;

  /* Every row of the table is as high as the others (one line of text
   * each); if not, the list is left to do it all. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));
  upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment);
  page_size = gtk_adjustment_get_page_size (adjustment);
  row_height = (int) (upper / n_items + 0.5);
  if (row_height <= 0 || page_size < row_height ||
      upper - (double) row_height * n_items > 0.5 || (double) row_height * n_items - upper > 0.5)
    return GDK_EVENT_PROPAGATE;

  /* Scrolled to first (the least that shows it, as the list scrolls to
   * a focused row), the row has its widget: the list keeps widgets for
   * the rows around the one it scrolled to. */
  target = page_target (pos, n_items, row_height, (int) page_size, down);
  gtk_widget_activate_action (list, "list.scroll-to-item", "u", target);
  row = row_at_position (list, gtk_widget_get_focus_child (list), pos, target);
  if (row == NULL)
    return GDK_EVENT_PROPAGATE;

  /* What the list does with the row it moves to. */
  if (!gtk_widget_grab_focus (row))
    return GDK_EVENT_PROPAGATE;
  if (select && !modify)
    unselect_first (self, target);
  if (select)
    gtk_widget_activate_action (row, "listitem.select", "(bb)", modify, extend);

  return GDK_EVENT_STOP;
}
