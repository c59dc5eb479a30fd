/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

/* The table's Status column (shown once an upload started): what the
 * server said of each device, as an icon and a word. */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "eo-device.h"
#include "eo-device-view-private.h"
#include "eo-status-cell.h"

/* What the Status column says, in @buf when it fits (no allocation for
 * a bind), else in *@to_free. */
static const char *
format_status_in (EoDevice  *device,
                  gboolean   brief,
                  char      *buf,
                  gsize      size,
                  char     **to_free)
{
  const char *status_text = eo_device_get_status_text (device);
  const char *reason = eo_device_get_reason (device);
  const char *format = NULL;
  const char *argument = NULL;

  *to_free = NULL;
  switch (eo_device_get_status (device))
    {
    case EO_DEVICE_STATUS_PENDING:
      /* A status the server wrote that is not the usual one is shown as
       * it came (e.g. IN_PROGRESS). */
      if (status_text != NULL && *status_text != '\0' &&
          g_ascii_strcasecmp (status_text, "PENDING") != 0)
        {
          /* Translators: upload status of a device; %s is the server's own word */
          format = _("Pending (%s)");
          argument = status_text;
          break;
        }
      /* Translators: upload status: the server has not processed the device yet */
      return _("Pending");
    case EO_DEVICE_STATUS_SUCCESS:
      /* Translators: upload status: the device got its eSIM */
      return _("Assigned");
    case EO_DEVICE_STATUS_FAILED:
      /* The table's own cell: the reason is whole in the Problem column. */
      if (brief)
        return _("Failed");
      if (reason != NULL && *reason != '\0')
        {
          /* Translators: upload status; %s is the server's reason */
          format = _("Failed: %s");
          argument = reason;
          break;
        }
      if (status_text != NULL && *status_text != '\0')
        {
          format = _("Failed: %s");
          argument = status_text;
          break;
        }
      /* Translators: upload status */
      return _("Failed");
    case EO_DEVICE_STATUS_NONE:
    default:
      if (eo_device_get_severity (device) == EO_SEVERITY_ERROR)
        /* Translators: upload status of a row with an error: it was not sent */
        return _("Left out");
      return "";
    }

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  if ((gsize) g_snprintf (buf, size, format, argument) < size)
    return buf;
  *to_free = g_strdup_printf (format, argument);
#pragma GCC diagnostic pop
  return *to_free;
}

static char *
upload_tooltip (EoDevice *device)
{
  return eo_device_view_format_status (device);
}

/* The cell is an EoStatusCell (eo-status-cell.h): it draws its icon and
 * text itself, with the shared layouts and metrics of the table's font.
 * It was a GtkInscription with its icon as a CSS background: each one
 * made a PangoContext of its own when created and measured its font
 * through it, which made the frame that shows the column (a cell a row
 * in sight) the longest of the upload. */
static void
update_upload_cell (EoStatusCell *cell,
                    EoDevice     *device)
{
  static const char * const classes[] = { "dim-label", "success", "error", NULL };
  g_autofree char *allocated = NULL;
  char buf[256];
  const char *text = format_status_in (device, TRUE, buf, sizeof buf, &allocated);
  const char *icon = NULL;
  const char *css_class = NULL;

  switch (eo_device_get_status (device))
    {
    case EO_DEVICE_STATUS_PENDING:
      icon = "content-loading-symbolic";
      css_class = classes[0];
      break;
    case EO_DEVICE_STATUS_SUCCESS:
      icon = "emblem-ok-symbolic";
      css_class = classes[1];
      break;
    case EO_DEVICE_STATUS_FAILED:
      icon = "dialog-error-symbolic";
      css_class = classes[2];
      break;
    case EO_DEVICE_STATUS_NONE:
    default:
      if (eo_device_get_severity (device) == EO_SEVERITY_ERROR)
        {
          icon = "action-unavailable-symbolic";
          css_class = classes[0];
        }
      break;
    }

  eo_status_cell_set (cell, icon, text);
  _eo_device_view_set_css_class_among (GTK_WIDGET (cell), classes, css_class);
}

static void
upload_notify_cb (EoDevice     *device,
                  GParamSpec   *pspec,
                  EoStatusCell *cell)
{
  update_upload_cell (cell, device);
}

static void
upload_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  GtkWidget *cell = eo_status_cell_new ();

  _eo_device_view_set_up_cell_tooltip (cell, list_item, upload_tooltip);
  gtk_list_item_set_child (list_item, cell);
}

static void
upload_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  EoStatusCell *cell = EO_STATUS_CELL (gtk_list_item_get_child (list_item));

  update_upload_cell (cell, device);
  g_signal_connect_object (device, "notify::status",
                           G_CALLBACK (upload_notify_cb), cell, 0);
  g_signal_connect_object (device, "notify::status-text",
                           G_CALLBACK (upload_notify_cb), cell, 0);
  g_signal_connect_object (device, "notify::reason",
                           G_CALLBACK (upload_notify_cb), cell, 0);
}

static void
upload_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  g_signal_handlers_disconnect_by_func (device, upload_notify_cb,
                                        gtk_list_item_get_child (list_item));
}

/* Public API */

char *
eo_device_view_format_status (EoDevice *device)
{
  char *allocated = NULL;
  char buf[256];
  const char *text;

  g_return_val_if_fail (EO_IS_DEVICE (device), NULL);

  text = format_status_in (device, FALSE, buf, sizeof buf, &allocated);
  return allocated != NULL ? allocated : g_strdup (text);
}

void
_eo_device_view_bind_status_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, upload_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, upload_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, upload_unbind_cb);
}

/* The icons an upload shows first, loaded in idle time once the table is
 * in sight: the icon theme loads an icon's SVG (gdk-pixbuf, librsvg)
 * when it is first drawn, which was ~10 ms of the frames right after the
 * confirmation. One icon an idle call; the view keeps them, so that the
 * theme's cache keeps them loaded. The upload panel's too: its spinner
 * (process-working-symbolic, Adwaita's GtkSpinner) was parsed in the
 * frame that shows the panel (4 of its 27 ms). */
static const char * const upload_icons[] = {
  "content-loading-symbolic", "emblem-ok-symbolic", "dialog-error-symbolic",
  "action-unavailable-symbolic", "process-working-symbolic", "emblem-synchronizing-symbolic",
  "dialog-warning-symbolic", "window-close-symbolic",
  "phone-symbolic", "send-to-symbolic", "document-save-symbolic", "printer-symbolic",
  "edit-copy-symbolic", "document-print-symbolic", "view-refresh-symbolic",
};

static gboolean
preload_icon_cb (gpointer user_data)
{
  EoDeviceView *self = user_data;
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  guint i = self->icons != NULL ? self->icons->len : 0;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkIconPaintable *icon;

  if (i >= G_N_ELEMENTS (upload_icons))
    {
      self->preload_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (self->icons == NULL)
    self->icons = g_ptr_array_new_with_free_func (g_object_unref);
  /* As the CSS icon and GtkImage ask: 16 px, no direction, no flags. */
  icon = gtk_icon_theme_lookup_icon (theme, upload_icons[i], NULL, 16,
                                     gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                     GTK_TEXT_DIR_NONE, 0);
  g_ptr_array_add (self->icons, icon);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (GDK_PAINTABLE (icon), GDK_SNAPSHOT (snapshot), 16, 16);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return G_SOURCE_CONTINUE;
}

void
_eo_device_view_preload_status_icons (EoDeviceView *self)
{
  if (self->preload_source != 0 || self->icons != NULL)
    return;
  self->preload_source = g_idle_add_full (G_PRIORITY_LOW, preload_icon_cb, self, NULL);
}

void
_eo_device_view_status_dispose (EoDeviceView *self)
{
  g_clear_handle_id (&self->preload_source, g_source_remove);
  g_clear_pointer (&self->icons, g_ptr_array_unref);
}
