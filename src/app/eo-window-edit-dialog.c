/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-edit"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-device-list-edit.h"
#include "eo-dialogs.h"
#include "eo-window-private.h"

/* The row editor (win.edit-row, F2): an alert with the row's EID, name
 * and ICCID in text fields and, below them, what the checks would say of
 * them, again at each change (eo_device_list_dup_edit_preview: the row's
 * checks and the duplicates across the list, nothing changed yet); Enter
 * or Apply makes the edit, one step to undo. */

#define RESPONSE_CANCEL "cancel"
#define RESPONSE_APPLY  "apply"

typedef struct
{
  EoWindow     *window;   /* unowned: the alert goes with it */
  EoDeviceList *list;
  guint         row;
  GtkEditable  *entries[3];
  GtkLabel     *problems;
} RowEditor;

static void
row_editor_free (RowEditor *editor)
{
  g_clear_object (&editor->list);
  g_free (editor);
}

static const char *
entry_text (RowEditor *editor,
            guint      column)
{
  return gtk_editable_get_text (editor->entries[column]);
}

static void
preview (RowEditor *editor)
{
  EoSeverity severity = EO_SEVERITY_OK;
  g_autofree char *text = eo_device_list_dup_edit_preview (editor->list, editor->row,
                                                           entry_text (editor, 0),
                                                           entry_text (editor, 1),
                                                           entry_text (editor, 2),
                                                           &severity);

  gtk_label_set_text (editor->problems, *text != '\0' ? text : _("No problems."));
  gtk_widget_remove_css_class (GTK_WIDGET (editor->problems), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (editor->problems), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (editor->problems), "success");
  gtk_widget_add_css_class (GTK_WIDGET (editor->problems),
                            severity == EO_SEVERITY_ERROR ? "error"
                            : severity == EO_SEVERITY_WARNING ? "warning" : "success");
}

static void
entry_changed_cb (GtkEditable *editable,
                  RowEditor   *editor)
{
  preview (editor);
}

static void
response_cb (GtkWidget  *alert,
             const char *response,
             RowEditor  *editor)
{
  EoWindow *self = editor->window;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, RESPONSE_APPLY) != 0 || self->list != editor->list)
    return;
  if (eo_device_list_get_row (editor->list, editor->row)->deleted)
    return;
  if (!eo_device_list_edit_row (editor->list, editor->row, entry_text (editor, 0),
                                entry_text (editor, 1), entry_text (editor, 2), &error))
    _eo_window_add_toast (self, error->message);
}

static GtkEditable *
add_field (GtkGrid    *grid,
           int         top,
           const char *label_text,
           const char *name,
           const char *value)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_halign (label, GTK_ALIGN_END);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_widget_set_name (entry, name);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), EO_DEVICE_LIST_EDIT_MAX_BYTES);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  gtk_grid_attach (grid, label, 0, top, 1, 1);
  gtk_grid_attach (grid, entry, 1, top, 1, 1);
  return GTK_EDITABLE (entry);
}

GtkWidget *
_eo_window_edit_row (EoWindow *self,
                     guint     row)
{
  RowEditor *editor = g_new0 (RowEditor, 1);
  const EoDeviceRow *r = eo_device_list_get_row (self->list, row);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  g_autofree char *body = NULL;
  GtkWidget *alert;

  editor->window = self;
  editor->list = g_object_ref (self->list);
  editor->row = row;

  gtk_grid_set_row_spacing (grid, 6);
  gtk_grid_set_column_spacing (grid, 12);
  editor->entries[0] = add_field (grid, 0, _("_EID"), "eid-entry",
                                  eo_device_list_row_get_eid (self->list, row));
  editor->entries[1] = add_field (grid, 1, _("_Name"), "name-entry",
                                  eo_device_list_row_get_name (self->list, row));
  editor->entries[2] = add_field (grid, 2, _("_ICCID"), "iccid-entry",
                                  eo_device_list_row_get_iccid (self->list, row));
  editor->problems = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (editor->problems), "edit-problems");
  gtk_label_set_wrap (editor->problems, TRUE);
  gtk_label_set_xalign (editor->problems, 0);
  gtk_label_set_max_width_chars (editor->problems, 50);
  gtk_grid_attach (grid, GTK_WIDGET (editor->problems), 0, 3, 2, 1);
  for (guint c = 0; c < 3; c++)
    g_signal_connect (editor->entries[c], "changed", G_CALLBACK (entry_changed_cb), editor);
  preview (editor);

  /* Translators: %u is the row's line in the file */
  body = g_strdup_printf (_("Line %u of the list"), r->line);
  alert = eo_alert_new (_("Edit Row"), body);
  eo_alert_add_response (alert, RESPONSE_CANCEL, _("_Cancel"), ADW_RESPONSE_DEFAULT);
  eo_alert_add_response (alert, RESPONSE_APPLY, _("_Apply"), ADW_RESPONSE_SUGGESTED);
  eo_alert_set_default_response (alert, RESPONSE_APPLY);
  eo_alert_set_close_response (alert, RESPONSE_CANCEL);
  eo_alert_set_extra_child (alert, GTK_WIDGET (grid));
  g_signal_connect_data (alert, "response", G_CALLBACK (response_cb), editor,
                         (GClosureNotify) (void (*) (void)) row_editor_free, 0);
  eo_dialog_present (alert, GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (editor->entries[0]));
  return alert;
}
