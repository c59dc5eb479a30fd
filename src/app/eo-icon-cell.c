/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-icon-cell"

#include "config.h"

#include "eo-icon-cell.h"

struct _EoIconCell
{
  GtkWidget  parent_instance;

  char      *icon_name;  /* NULL: none */
};

G_DEFINE_FINAL_TYPE (EoIconCell, eo_icon_cell, GTK_TYPE_WIDGET)

void
_eo_icon_cell_get_color (GtkWidget *widget,
                         GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static void
eo_icon_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  EoIconCell *self = EO_ICON_CELL (widget);
  GdkRGBA color;

  if (self->icon_name == NULL)
    return;
  _eo_icon_cell_get_color (widget, &color);
  _eo_icon_cell_snapshot_icon (widget, snapshot, self->icon_name, &color,
                               (gtk_widget_get_width (widget) - EO_ICON_CELL_SIZE) / 2,
                               (gtk_widget_get_height (widget) - EO_ICON_CELL_SIZE) / 2);
}

static void
eo_icon_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = *natural = EO_ICON_CELL_SIZE;
}

static void
eo_icon_cell_finalize (GObject *object)
{
  EoIconCell *self = EO_ICON_CELL (object);

  g_free (self->icon_name);

  G_OBJECT_CLASS (eo_icon_cell_parent_class)->finalize (object);
}

static void
eo_icon_cell_class_init (EoIconCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = eo_icon_cell_finalize;
  widget_class->snapshot = eo_icon_cell_snapshot;
  widget_class->measure = eo_icon_cell_measure;

  gtk_widget_class_set_css_name (widget_class, "eo-icon-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
eo_icon_cell_init (EoIconCell *self)
{
}

/* Public API */

GtkWidget *
eo_icon_cell_new (void)
{
  return g_object_new (EO_TYPE_ICON_CELL, NULL);
}

void
eo_icon_cell_set_icon_name (EoIconCell *self,
                            const char *icon_name)
{
  g_return_if_fail (EO_IS_ICON_CELL (self));

  if (g_strcmp0 (self->icon_name, icon_name) == 0)
    return;
  g_free (self->icon_name);
  self->icon_name = g_strdup (icon_name);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
eo_icon_cell_get_icon_name (EoIconCell *self)
{
  g_return_val_if_fail (EO_IS_ICON_CELL (self), NULL);

  return self->icon_name;
}

void
_eo_icon_cell_snapshot_icon (GtkWidget     *widget,
                             GtkSnapshot   *snapshot,
                             const char    *icon_name,
                             const GdkRGBA *color,
                             int            x,
                             int            y)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  /* The theme's cache answers (the view loads these icons ahead). */
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, icon_name, NULL, EO_ICON_CELL_SIZE,
                                                                 gtk_widget_get_scale_factor (widget),
                                                                 GTK_TEXT_DIR_NONE, 0);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            EO_ICON_CELL_SIZE, EO_ICON_CELL_SIZE, color, 1);
  gtk_snapshot_restore (snapshot);
}
