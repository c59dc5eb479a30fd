/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-edit"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "eo-device-list-edit.h"
#include "eo-dialogs.h"
#include "eo-file-chooser.h"
#include "eo-window-private.h"

/* Fixing the shown list in the window (issue 13; the list's own edits
 * are in src/core/import/eo-device-list-edit.h):
 * - win.edit-row (F2, the row editor of eo-window-edit-dialog.c),
 *   win.delete-row (Delete, on the table), both also in the row menu
 *   (a right click on a row, Shift+F10 or Menu on the table), the bulk fixes
 *   win.remove-duplicates, win.clear-bad-iccids, win.remove-error-rows
 *   (each one step, a toast says how many rows), win.undo (Ctrl+Z) and
 *   win.redo (Ctrl+Shift+Z), win.save-as (Ctrl+Shift+S): all in the
 *   main menu, while the list has not been sent;
 * - the table follows "rows-changed": only the rows named are made
 *   again (a row whose texts changed is a new item, one whose problems
 *   changed is told so), a deleted row leaves the store at its place;
 *   above BULK_ROWS rows the store is made again in one splice;
 * - an edited list not saved says so in the title ("• name.csv", as
 *   GNOME Text Editor marks a modified document) and asks Save / Discard /
 *   Cancel before the window closes or another list replaces it. */

#define BULK_ROWS 2000

#define RESPONSE_CANCEL  "cancel"
#define RESPONSE_DISCARD "discard"
#define RESPONSE_SAVE    "save"

struct _EoWindowEdit
{
  EoDeviceList  *list;          /* whose "rows-changed" is followed */
  guint          saved_state;   /* its edit state last saved (or opened) */
  GtkWidget     *question;      /* Save / Discard / Cancel, while shown */
  EoLoadRequest *pending_load;  /* what waits for the answer */
  gboolean       closing;       /* the window waits for the answer */
  gboolean       go_on;         /* answered: the next close or load goes */
  char          *said;          /* the last toast of a fix */
  GtkWidget     *row_menu;      /* Edit Row… / Delete Row, on the table */
};

static const char * const edit_actions[] = {
  "win.edit-row", "win.delete-row", "win.remove-duplicates", "win.clear-bad-iccids",
  "win.remove-error-rows", "win.save-as",
};

/* Helpers */

static gboolean
can_edit (EoWindow *self)
{
  return self->list != NULL && self->items != NULL && !self->list_sent &&
         !eo_window_is_loading (self) && self->pending_client == NULL &&
         self->assigned_check == NULL;
}

/* The row of the table's selected device, or -1. */
static int
selected_row (EoWindow *self)
{
  GListModel *shown = eo_device_view_get_shown_model (self->device_view);
  EoDevice *device;

  if (self->list == NULL || !GTK_IS_SINGLE_SELECTION (shown))
    return -1;
  device = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (shown));
  if (device == NULL)
    return -1;
  return eo_device_list_find_row_by_line (self->list, eo_device_get_line (device));
}

static gboolean
same_texts (EoDevice *a,
            EoDevice *b)
{
  return g_strcmp0 (eo_device_get_eid (a), eo_device_get_eid (b)) == 0 &&
         g_strcmp0 (eo_device_get_name (a), eo_device_get_name (b)) == 0 &&
         g_strcmp0 (eo_device_get_iccid (a), eo_device_get_iccid (b)) == 0;
}

/* The item of row @row made again from the list: the same one told of
 * its new problems, or a new one when a text changed. */
static EoDevice *
refresh_item (EoWindow *self,
              guint     row)
{
  EoDevice *old = g_ptr_array_index (self->items, row);
  EoDevice *fresh = eo_device_new_from_list_row (self->list, row);

  /* An "Already assigned" mark stays (eo-window-assigned.c). */
  _eo_window_assigned_decorate (self, row, fresh);
  if (same_texts (old, fresh))
    {
      eo_device_set_check (old, eo_device_get_line (fresh), eo_device_get_severity (fresh),
                           eo_device_get_problem_text (fresh));
      g_object_unref (fresh);
      return old;
    }
  g_ptr_array_index (self->items, row) = fresh;
  g_object_unref (old);
  return fresh;
}

/* Rows are handled in ascending order: the store holds the rows before
 * @row as they are now, so its place is its position among them. */
static void
update_row (EoWindow *self,
            guint     row)
{
  const EoDeviceRow *r = eo_device_list_get_row (self->list, row);
  guint pos = eo_device_list_get_position (self->list, row);
  EoDevice *old = g_ptr_array_index (self->items, row);
  g_autoptr(EoDevice) at = NULL;
  EoDevice *device;
  gboolean in_store;

  if (pos < g_list_model_get_n_items (G_LIST_MODEL (self->devices)))
    at = g_list_model_get_item (G_LIST_MODEL (self->devices), pos);
  in_store = at == old;
  if (r->deleted)
    {
      if (in_store)
        eo_record_devices_splice (self->devices, pos, 1, NULL, 0);
      return;
    }

  device = refresh_item (self, row);
  if (!in_store)
    eo_record_devices_splice (self->devices, pos, 0, &device, 1);
  else if (device != old)
    eo_record_devices_splice (self->devices, pos, 1, &device, 1);
}

/* Many rows: the items again, then the store in one splice. */
static void
rebuild_rows (EoWindow    *self,
              const guint *rows,
              guint        n_rows)
{
  g_autoptr(GPtrArray) shown = NULL;
  guint n = eo_device_list_get_n_rows (self->list);

  for (guint i = 0; i < n_rows; i++)
    if (!eo_device_list_get_row (self->list, rows[i])->deleted)
      refresh_item (self, rows[i]);

  shown = g_ptr_array_sized_new (n - eo_device_list_get_n_deleted (self->list));
  for (guint i = 0; i < n; i++)
    if (!eo_device_list_get_row (self->list, i)->deleted)
      g_ptr_array_add (shown, g_ptr_array_index (self->items, i));
  eo_record_devices_splice (self->devices, 0, g_list_model_get_n_items (G_LIST_MODEL (self->devices)),
                            (EoDevice **) shown->pdata, shown->len);
}

static void
rows_changed_cb (EoDeviceList *list,
                 guint         n_rows,
                 const guint  *rows,
                 EoWindow     *self)
{
  if (list != self->list || self->items == NULL)
    return;

  _eo_window_assigned_rows_changed (self, rows, n_rows);
  if (n_rows > BULK_ROWS)
    rebuild_rows (self, rows, n_rows);
  else
    for (guint i = 0; i < n_rows; i++)
      update_row (self, rows[i]);

  if (self->device_filter != EO_DEVICE_FILTER_ALL)
    eo_device_view_refilter (self->device_view);
  _eo_window_update_summary (self);
  _eo_window_filter_update (self);
  _eo_window_update_title (self);
  _eo_window_edit_update (self);
}

static void
say (EoWindow   *self,
     const char *text)
{
  g_free (self->edit->said);
  self->edit->said = g_strdup (text);
  _eo_window_add_toast (self, text);
}

static void
say_changed (EoWindow   *self,
             guint       n,
             const char *none)
{
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (n == 0)
    {
      say (self, none);
      return;
    }
  count = g_strdup_printf ("%'u", n);
  /* Translators: a bulk fix is done; %s is a number of rows */
  text = g_strdup_printf (ngettext ("%s row changed", "%s rows changed", n), count);
  say (self, text);
}

/* The row menu (right click, Shift+F10, Menu) */

/* The table's position of the row under (@x, @y) of the view, or -1: its
 * cell's list item (eo-device-view-cells.c keeps it on each cell). */
static int
position_at (EoWindow *self,
             double    x,
             double    y)
{
  GQuark quark = g_quark_try_string ("eo-device-view-cell-item");
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->device_view), x, y, GTK_PICK_DEFAULT);

  for (; quark != 0 && widget != NULL && widget != GTK_WIDGET (self->device_view);
       widget = gtk_widget_get_parent (widget))
    {
      GtkListItem *item = g_object_get_qdata (G_OBJECT (widget), quark);

      if (GTK_IS_LIST_ITEM (item) && gtk_list_item_get_item (item) != NULL)
        return (int) gtk_list_item_get_position (item);
    }
  return -1;
}

static void
show_row_menu (EoWindow *self,
               double    x,
               double    y)
{
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  if (self->edit->row_menu == NULL)
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      g_menu_append (menu, _("_Edit Row…"), "win.edit-row");
      g_menu_append (menu, _("_Delete Row"), "win.delete-row");
      self->edit->row_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
      gtk_widget_set_parent (self->edit->row_menu, GTK_WIDGET (self->device_view));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->edit->row_menu), FALSE);
      gtk_widget_set_halign (self->edit->row_menu, GTK_ALIGN_START);
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->edit->row_menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->edit->row_menu));
}

static void
table_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  EoWindow        *self)
{
  GListModel *shown = eo_device_view_get_shown_model (self->device_view);
  int position = position_at (self, x, y);

  if (position < 0 || !can_edit (self) || !GTK_IS_SINGLE_SELECTION (shown))
    return;
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (shown), (guint) position);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  show_row_menu (self, x, y);
}

static void
row_menu_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  int width = gtk_widget_get_width (GTK_WIDGET (self->device_view));
  int height = gtk_widget_get_height (GTK_WIDGET (self->device_view));

  if (selected_row (self) >= 0 && can_edit (self))
    show_row_menu (self, width / 3.0, height / 3.0);
}

/* Actions */

static void
edit_row_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  int row = selected_row (self);

  if (row < 0 || !can_edit (self))
    {
      _eo_window_add_toast (self, _("Select a row to edit first"));
      return;
    }
  _eo_window_edit_row (self, (guint) row);
}

static void
delete_row_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  int row = selected_row (self);
  guint r;

  if (row < 0 || !can_edit (self))
    return;
  r = (guint) row;
  if (eo_device_list_delete_rows (self->list, &r, 1) == 1)
    say (self, _("Row deleted"));
}

static void
remove_duplicates_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (can_edit (self))
    say_changed (self, eo_device_list_remove_duplicate_rows (self->list),
                 _("No row repeats another’s EID"));
}

static void
clear_bad_iccids_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (can_edit (self))
    say_changed (self, eo_device_list_clear_bad_iccids (self->list),
                 _("No requested ICCID has a problem"));
}

static void
remove_error_rows_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (can_edit (self))
    say_changed (self, eo_device_list_remove_error_rows (self->list), _("No row has an error"));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (can_edit (self))
    eo_device_list_undo (self->list);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);

  if (can_edit (self))
    eo_device_list_redo (self->list);
}

/* Saving */

static void go_on (EoWindow *self);

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(EoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = G_FILE (source);
  guint state = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (file), "eo-edit-state"));

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      _eo_window_show_error_dialog (self, _("Could Not Save the Device List"), error->message);
      self->edit->closing = FALSE;
      g_clear_pointer (&self->edit->pending_load, _eo_load_request_free);
      return;
    }
  if (self->list == NULL)
    return;
  self->edit->saved_state = state;
  g_set_object (&self->file, file);
  self->pasted = FALSE;
  _eo_window_update_title (self);
  {
    g_autofree char *name = g_file_get_basename (file);
    /* Translators: %s is a file name */
    g_autofree char *text = g_strdup_printf (_("Saved as “%s”"), name);

    _eo_window_add_toast (self, text);
  }
  go_on (self);
}

static void
save_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = eo_file_chooser_save_finish (result, &error);

  if (error != NULL)
    g_warning ("Could not choose where to save: %s", error->message);
  if (file == NULL)
    {
      /* Cancelled: nothing closes, nothing else opens. */
      self->edit->closing = FALSE;
      g_clear_pointer (&self->edit->pending_load, _eo_load_request_free);
      return;
    }
  _eo_window_save_list (self, file);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->list == NULL)
    return;
  if (self->file != NULL)
    {
      g_autofree char *base = g_file_get_basename (self->file);
      char *dot = strrchr (base, '.');

      if (dot != NULL)
        *dot = '\0';
      /* Translators: the name offered to save a corrected list; %s is the
       * name of the file it came from, without ".csv" */
      name = g_strdup_printf (_("%s (corrected).csv"), base);
    }
  else
    name = g_strdup ("devices.csv");
  eo_file_chooser_save_async (GTK_WINDOW (self), _("Save the Device List"), name,
                              _("Device Lists (CSV)"), "csv", save_chosen_cb, g_object_ref (self));
}

/* The question */

/* What waited for the answer goes on. */
static void
go_on (EoWindow *self)
{
  EoWindowEdit *edit = self->edit;

  if (edit->closing)
    {
      edit->closing = FALSE;
      edit->go_on = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (edit->pending_load != NULL)
    {
      edit->go_on = TRUE;
      _eo_window_load (self, g_steal_pointer (&edit->pending_load));
    }
}

static void
question_response_cb (GtkWidget  *alert,
                      const char *response,
                      EoWindow   *self)
{
  EoWindowEdit *edit = self->edit;

  edit->question = NULL;
  if (g_strcmp0 (response, RESPONSE_DISCARD) == 0)
    {
      if (self->list != NULL)
        edit->saved_state = eo_device_list_get_edit_state (self->list);
      _eo_window_update_title (self);
      go_on (self);
    }
  else if (g_strcmp0 (response, RESPONSE_SAVE) == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
  else
    {
      edit->closing = FALSE;
      g_clear_pointer (&edit->pending_load, _eo_load_request_free);
    }
}

static void
ask (EoWindow *self)
{
  g_autofree char *name = self->file != NULL ? g_file_get_basename (self->file)
                          : g_strdup (self->bytes_title != NULL ? self->bytes_title : _("Pasted Device List"));
  /* Translators: %s is a file name */
  g_autofree char *body = g_strdup_printf (_("The device list “%s” was edited. Edits not saved are lost."),
                                           name);
  GtkWidget *alert;

  if (self->edit->question != NULL)
    return;
  alert = eo_alert_new (_("Save the Edited List?"), body);
  eo_alert_add_response (alert, RESPONSE_CANCEL, _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (alert, RESPONSE_DISCARD, _("_Discard"), ADW_RESPONSE_DESTRUCTIVE);
  eo_alert_add_response (alert, RESPONSE_SAVE, _("_Save As…"), ADW_RESPONSE_SUGGESTED);
  eo_alert_set_default_response (alert, RESPONSE_SAVE);
  eo_alert_set_close_response (alert, RESPONSE_CANCEL);
  g_signal_connect_object (alert, "response", G_CALLBACK (question_response_cb), self, 0);
  self->edit->question = alert;
  eo_dialog_present (alert, GTK_WINDOW (self));
}

/* Private API */

void
_eo_window_class_edit_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.edit-row", NULL, edit_row_action);
  gtk_widget_class_install_action (widget_class, "win.delete-row", NULL, delete_row_action);
  gtk_widget_class_install_action (widget_class, "win.remove-duplicates", NULL, remove_duplicates_action);
  gtk_widget_class_install_action (widget_class, "win.clear-bad-iccids", NULL, clear_bad_iccids_action);
  gtk_widget_class_install_action (widget_class, "win.remove-error-rows", NULL, remove_error_rows_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.row-menu", NULL, row_menu_action);

  /* In the bubble phase: a text field with the focus undoes its own typing. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "win.edit-row", NULL);
}

void
_eo_window_edit_init (EoWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkGesture *click;
  GMenuModel *menu = gtk_menu_button_get_menu_model (self->primary_menu_button);
  g_autoptr(GMenu) edits = g_menu_new ();
  g_autoptr(GMenu) fixes = g_menu_new ();

  self->edit = g_new0 (EoWindowEdit, 1);

  /* Delete: on the table only (a text field deletes its own text). */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("win.delete-row")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("win.row-menu")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Menu, 0),
                                                          gtk_named_action_new ("win.row-menu")));
  gtk_widget_add_controller (GTK_WIDGET (self->device_view), keys);
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (table_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->device_view), GTK_EVENT_CONTROLLER (click));

  g_menu_append (edits, _("_Undo"), "win.undo");
  g_menu_append (edits, _("_Redo"), "win.redo");
  g_menu_append (edits, _("_Edit Row…"), "win.edit-row");
  g_menu_append (edits, _("_Delete Row"), "win.delete-row");
  g_menu_append (edits, _("_Save List As…"), "win.save-as");
  g_menu_append (fixes, _("Remove D_uplicate Rows (Keep the First)"), "win.remove-duplicates");
  g_menu_append (fixes, _("_Clear Requested ICCIDs With Problems"), "win.clear-bad-iccids");
  g_menu_append (fixes, _("Remove Rows With _Errors"), "win.remove-error-rows");
  if (G_IS_MENU (menu))
    {
      g_menu_insert_section (G_MENU (menu), 1, NULL, G_MENU_MODEL (edits));
      g_menu_insert_section (G_MENU (menu), 2, NULL, G_MENU_MODEL (fixes));
    }
  _eo_window_edit_update (self);
}

void
_eo_window_edit_dispose (EoWindow *self)
{
  EoWindowEdit *edit = self->edit;

  if (edit == NULL)
    return;
  if (edit->list != NULL)
    g_signal_handlers_disconnect_by_func (edit->list, rows_changed_cb, self);
  g_clear_object (&edit->list);
  g_clear_pointer (&edit->row_menu, gtk_widget_unparent);
  g_clear_pointer (&edit->pending_load, _eo_load_request_free);
  g_clear_pointer (&edit->said, g_free);
  g_clear_pointer (&self->edit, g_free);
}

void
_eo_window_edit_list_shown (EoWindow *self)
{
  EoWindowEdit *edit = self->edit;

  if (edit->list != NULL)
    g_signal_handlers_disconnect_by_func (edit->list, rows_changed_cb, self);
  g_set_object (&edit->list, self->list);
  if (edit->list != NULL)
    g_signal_connect (edit->list, "rows-changed", G_CALLBACK (rows_changed_cb), self);
  edit->saved_state = self->list != NULL ? eo_device_list_get_edit_state (self->list) : 0;
  _eo_window_edit_update (self);
}

void
_eo_window_edit_update (EoWindow *self)
{
  gboolean editable;

  if (self->edit == NULL)
    return;
  editable = can_edit (self);
  for (guint i = 0; i < G_N_ELEMENTS (edit_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), edit_actions[i], editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", self->list != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 editable && eo_device_list_can_undo (self->list));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 editable && eo_device_list_can_redo (self->list));
}

gboolean
_eo_window_edit_is_dirty (EoWindow *self)
{
  return self->edit != NULL && self->list != NULL &&
         eo_device_list_get_edit_state (self->list) != self->edit->saved_state;
}

char *
_eo_window_edit_dup_title (EoWindow   *self,
                           const char *name)
{
  return _eo_window_edit_is_dirty (self) ? g_strdup_printf ("• %s", name) : g_strdup (name);
}

gboolean
_eo_window_edit_hold_close (EoWindow *self)
{
  if (self->edit == NULL || self->edit->go_on || !_eo_window_edit_is_dirty (self))
    {
      if (self->edit != NULL)
        self->edit->go_on = FALSE;
      return FALSE;
    }
  self->edit->closing = TRUE;
  ask (self);
  return TRUE;
}

gboolean
_eo_window_edit_hold_load (EoWindow      *self,
                           EoLoadRequest *request)
{
  EoWindowEdit *edit = self->edit;

  if (edit == NULL || edit->go_on || !_eo_window_edit_is_dirty (self))
    {
      if (edit != NULL)
        edit->go_on = FALSE;
      return FALSE;
    }
  g_clear_pointer (&edit->pending_load, _eo_load_request_free);
  edit->pending_load = request;
  ask (self);
  return TRUE;
}

const char *
_eo_window_edit_get_said (EoWindow *self)
{
  return self->edit != NULL ? self->edit->said : NULL;
}

GtkWidget *
_eo_window_edit_get_question (EoWindow *self)
{
  return self->edit != NULL ? self->edit->question : NULL;
}

void
_eo_window_save_list (EoWindow *self,
                      GFile    *file)
{
  g_autoptr(GBytes) csv = NULL;

  g_return_if_fail (self->list != NULL);

  /* Made here (about 20 ms for 100,000 rows, once per save), written
   * off the main loop. */
  csv = eo_device_list_to_csv (self->list);
  g_object_set_data (G_OBJECT (file), "eo-edit-state",
                     GUINT_TO_POINTER (eo_device_list_get_edit_state (self->list)));
  g_file_replace_contents_bytes_async (file, csv, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, saved_cb, g_object_ref (self));
}
