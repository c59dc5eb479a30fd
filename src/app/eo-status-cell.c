/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-status-cell"

#include "config.h"

#include "eo-status-cell.h"
#include "eo-status-cell-private.h"
#include "eo-icon-cell.h"

struct _EoStatusCell
{
  GtkWidget    parent_instance;

  char        *text;       /* NULL: none */
  char        *icon_name;  /* NULL: none */
  PangoLayout *layout;     /* the shared one for text, once asked for */
  guint        layout_serial;
};

G_DEFINE_FINAL_TYPE (EoStatusCell, eo_status_cell, GTK_TYPE_WIDGET)

#define ICON_SIZE EO_ICON_CELL_SIZE
#define ICON_GAP 6
/* The width asked for when the column has none fixed, in characters of
 * the font (the text cells' GtkInscription counts). */
#define MIN_CHARS 8
#define NAT_CHARS 16
/* Distinct texts kept laid out per table; a server's own words are
 * bounded in number this way, whatever it sends. */
#define MAX_SHARED_LAYOUTS 32

/* What the cells of one table share, kept on the table's PangoContext:
 * its font's metrics and the layouts of the texts shown, made again when
 * the context changes (a new font, a new resolution). */
typedef struct
{
  guint       serial;      /* pango_context_get_serial () of the metrics */
  int         line_height;
  int         char_width;
  GHashTable *layouts;     /* text -> PangoLayout */
} SharedFont;

G_DEFINE_QUARK (eo-status-cell-shared-font, shared_font)

static void
shared_font_free (gpointer data)
{
  SharedFont *font = data;

  g_hash_table_unref (font->layouts);
  g_free (font);
}

/* The table's context, not one of the cell's own (gtk_widget_get_pango_context
 * makes one per widget): the cells have the table's font. */
static PangoContext *
get_context (EoStatusCell *self)
{
  GtkWidget *table = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);

  return gtk_widget_get_pango_context (table != NULL ? table : GTK_WIDGET (self));
}

static SharedFont *
get_shared_font (PangoContext *context)
{
  SharedFont *font = g_object_get_qdata (G_OBJECT (context), shared_font_quark ());
  PangoFontMetrics *metrics;

  if (font == NULL)
    {
      font = g_new0 (SharedFont, 1);
      font->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      font->serial = pango_context_get_serial (context) - 1;
      g_object_set_qdata_full (G_OBJECT (context), shared_font_quark (), font, shared_font_free);
    }
  if (font->serial == pango_context_get_serial (context))
    return font;

  font->serial = pango_context_get_serial (context);
  g_hash_table_remove_all (font->layouts);
  metrics = pango_context_get_metrics (context, NULL, NULL);
  font->line_height = pango_font_metrics_get_height (metrics);
  if (font->line_height <= 0)
    font->line_height = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);
  font->line_height = PANGO_PIXELS_CEIL (font->line_height);
  font->char_width = PANGO_PIXELS_CEIL (MAX (pango_font_metrics_get_approximate_char_width (metrics),
                                             pango_font_metrics_get_approximate_digit_width (metrics)));
  pango_font_metrics_unref (metrics);
  return font;
}

static PangoLayout *
get_layout (EoStatusCell *self)
{
  PangoContext *context;
  SharedFont *font;
  PangoLayout *layout;

  if (self->text == NULL)
    return NULL;
  context = get_context (self);
  font = get_shared_font (context);
  if (self->layout != NULL && self->layout_serial == font->serial)
    return self->layout;

  g_clear_object (&self->layout);
  layout = g_hash_table_lookup (font->layouts, self->text);
  if (layout == NULL)
    {
      if (g_hash_table_size (font->layouts) >= MAX_SHARED_LAYOUTS)
        g_hash_table_remove_all (font->layouts);
      layout = pango_layout_new (context);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_text (layout, self->text, -1);
      g_hash_table_insert (font->layouts, g_strdup (self->text), layout);
    }
  /* The cell keeps its own reference: the table's set may be emptied. */
  self->layout = g_object_ref (layout);
  self->layout_serial = font->serial;
  return layout;
}

static void
eo_status_cell_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  EoStatusCell *self = EO_STATUS_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int text_width = width - ICON_SIZE - ICON_GAP;
  PangoLayout *layout = get_layout (self);
  PangoRectangle logical;
  GdkRGBA color;

  _eo_icon_cell_get_color (widget, &color);
  if (self->icon_name != NULL)
    _eo_icon_cell_snapshot_icon (widget, snapshot, self->icon_name, &color,
                                 rtl ? width - ICON_SIZE : 0, (height - ICON_SIZE) / 2);
  if (layout == NULL || text_width <= 0)
    return;

  /* The cells of a column have one width: set once for them all. */
  if (pango_layout_get_width (layout) != text_width * PANGO_SCALE)
    pango_layout_set_width (layout, text_width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((rtl ? text_width - logical.width : ICON_SIZE + ICON_GAP) - logical.x,
                                                (height - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
eo_status_cell_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SharedFont *font = get_shared_font (get_context (EO_STATUS_CELL (widget)));

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = ICON_SIZE + ICON_GAP + MIN_CHARS * font->char_width;
      *natural = ICON_SIZE + ICON_GAP + NAT_CHARS * font->char_width;
    }
  else
    *minimum = *natural = MAX (ICON_SIZE, font->line_height);
}

static void
eo_status_cell_direction_changed (GtkWidget        *widget,
                                  GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (eo_status_cell_parent_class)->direction_changed (widget, previous);
  gtk_widget_queue_draw (widget);
}

static void
eo_status_cell_finalize (GObject *object)
{
  EoStatusCell *self = EO_STATUS_CELL (object);

  g_clear_object (&self->layout);
  g_free (self->text);
  g_free (self->icon_name);

  G_OBJECT_CLASS (eo_status_cell_parent_class)->finalize (object);
}

static void
eo_status_cell_class_init (EoStatusCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = eo_status_cell_finalize;
  widget_class->snapshot = eo_status_cell_snapshot;
  widget_class->measure = eo_status_cell_measure;
  widget_class->direction_changed = eo_status_cell_direction_changed;

  gtk_widget_class_set_css_name (widget_class, "eo-status-cell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
eo_status_cell_init (EoStatusCell *self)
{
}

/* Public API */

GtkWidget *
eo_status_cell_new (void)
{
  return g_object_new (EO_TYPE_STATUS_CELL, NULL);
}

void
eo_status_cell_set (EoStatusCell *self,
                    const char   *icon_name,
                    const char   *text)
{
  g_return_if_fail (EO_IS_STATUS_CELL (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->icon_name, icon_name) == 0 && g_strcmp0 (self->text, text) == 0)
    return;

  if (g_strcmp0 (self->icon_name, icon_name) != 0)
    {
      g_free (self->icon_name);
      self->icon_name = g_strdup (icon_name);
    }
  if (g_strcmp0 (self->text, text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (text);
      g_clear_object (&self->layout);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text != NULL ? text : "",
                                      -1);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
eo_status_cell_get_text (EoStatusCell *self)
{
  g_return_val_if_fail (EO_IS_STATUS_CELL (self), NULL);

  return self->text != NULL ? self->text : "";
}

const char *
eo_status_cell_get_icon_name (EoStatusCell *self)
{
  g_return_val_if_fail (EO_IS_STATUS_CELL (self), NULL);

  return self->icon_name;
}

PangoLayout *
_eo_status_cell_get_layout (EoStatusCell *self)
{
  g_return_val_if_fail (EO_IS_STATUS_CELL (self), NULL);

  return self->layout;
}
