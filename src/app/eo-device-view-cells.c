/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

/* The device table's cells: one factory per column, set up once, bound
 * without allocating where it can, tooltips made on demand. */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <string.h>

#include "eo-device.h"
#include "eo-device-view-private.h"
#include "eo-icon-cell.h"

/* Tooltips are made when GTK asks for one (query-tooltip), from the
 * item the cell shows then. Setting them as text on every bind would
 * cost, besides the string, a pointer query to the display (GTK 4.8
 * re-checks the tooltip under the pointer whenever one is set): under
 * X11 a round trip per cell, the whole cost of scrolling 100,000 rows. */

G_DEFINE_QUARK (eo-device-view-cell-tooltip, cell_tooltip)
G_DEFINE_QUARK (eo-device-view-cell-item, cell_item)

static EoDevice *
cell_get_device (GtkWidget *cell)
{
  GtkListItem *list_item;

  /* The list item owns its child: a child still in the table has one. */
  if (gtk_widget_get_parent (cell) == NULL)
    return NULL;
  list_item = g_object_get_qdata (G_OBJECT (cell), cell_item_quark ());
  if (list_item == NULL)
    return NULL;

  return gtk_list_item_get_item (list_item);
}

static char *
dup_cell_tooltip (GtkWidget *cell)
{
  EoDeviceViewTooltipFunc func = g_object_get_qdata (G_OBJECT (cell), cell_tooltip_quark ());
  EoDevice *device;

  if (func == NULL)
    return NULL;
  device = cell_get_device (cell);
  if (device == NULL)
    return NULL;

  return func (device);
}

static gboolean
cell_query_tooltip_cb (GtkWidget  *cell,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  g_autofree char *text = dup_cell_tooltip (cell);

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The list item of the first cell under @widget (a row of the table, or
 * a cell's child) that has one. */
GtkListItem *
_eo_device_view_find_list_item (GtkWidget *widget)
{
  GtkListItem *list_item = g_object_get_qdata (G_OBJECT (widget), cell_item_quark ());

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       list_item == NULL && child != NULL;
       child = gtk_widget_get_next_sibling (child))
    list_item = _eo_device_view_find_list_item (child);

  return list_item;
}

/* Once, when the cell is made: nothing is left to do on bind. */
void
_eo_device_view_set_up_cell_tooltip (GtkWidget               *cell,
                                     GtkListItem             *list_item,
                                     EoDeviceViewTooltipFunc  func)
{
  g_object_set_qdata (G_OBJECT (cell), cell_item_quark (), list_item);
  g_object_set_qdata (G_OBJECT (cell), cell_tooltip_quark (), func);
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
}

/* Of @classes (NULL-terminated), gives @widget only @wanted (or none):
 * a class it already has is not taken off and put back. */
void
_eo_device_view_set_css_class_among (GtkWidget          *widget,
                                     const char * const *classes,
                                     const char         *wanted)
{
  for (const char * const *c = classes; *c != NULL; c++)
    if (*c != wanted && gtk_widget_has_css_class (widget, *c))
      gtk_widget_remove_css_class (widget, *c);
  if (wanted != NULL && !gtk_widget_has_css_class (widget, wanted))
    gtk_widget_add_css_class (widget, wanted);
}

/* Text cells are GtkInscriptions, not GtkLabels: an inscription's size
 * comes from its character counts, not from its text, so a new text
 * (a bind while scrolling, a status change) only redraws the cell. A
 * label's new text re-measures it, and through the column every cell of
 * that column, each one shaping its text again: at 100,000 rows that
 * was a fifth of the table's CPU per frame while scrolling. */
void
_eo_device_view_set_cell_text (GtkInscription *cell,
                               const char     *text)
{
  if (g_strcmp0 (gtk_inscription_get_text (cell), text) == 0)
    return;
  gtk_inscription_set_text (cell, text);
  /* Screen readers read the cell's name: GTK 4.8's inscription does not
   * give it its text itself. Only on a change, as the text. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

/* @chars: the width the column asks for, in characters; longer text is
 * ellipsized (or, with @clip, cut: identifiers are sized to fit). */
GtkWidget *
_eo_device_view_new_cell_text (guint    chars,
                               gboolean clip)
{
  GtkWidget *cell = gtk_inscription_new (NULL);
  GtkInscription *inscription = GTK_INSCRIPTION (cell);

  gtk_inscription_set_xalign (inscription, 0.0f);
  gtk_inscription_set_min_chars (inscription, clip ? chars : MIN (chars, 8));
  gtk_inscription_set_nat_chars (inscription, chars);
  gtk_inscription_set_text_overflow (inscription,
                                     clip ? GTK_INSCRIPTION_OVERFLOW_CLIP
                                          : GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  return cell;
}

/* Check (status icon) */

static const char *
severity_label (EoSeverity severity)
{
  switch (severity)
    {
    case EO_SEVERITY_ERROR:
      return _("Error: this device will be left out");
    case EO_SEVERITY_WARNING:
      return _("Warning: check this device");
    case EO_SEVERITY_OK:
    default:
      return _("No problems");
    }
}

/* The problem itself as well: in a narrow window the Problem column is
 * hidden and this icon is all that is left of it. */
static char *
status_tooltip (EoDevice *device)
{
  const char *label = severity_label (eo_device_get_severity (device));
  const char *problem = eo_device_get_problem_text (device);

  if (problem != NULL && *problem != '\0')
    return g_strconcat (label, "\n", problem, NULL);

  return g_strdup (label);
}

static const char * const severity_classes[] = { "error", "warning", "success", NULL };

G_DEFINE_QUARK (eo-device-view-status-label, status_label)
G_DEFINE_QUARK (eo-device-view-status-problem, status_problem)

static void
update_status_icon (EoIconCell *image,
                    EoDevice   *device,
                    gboolean    force)
{
  GtkWidget *widget = GTK_WIDGET (image);
  EoSeverity severity = eo_device_get_severity (device);
  const char *label = severity_label (severity);
  const char *problem = eo_device_get_problem_text (device);

  switch (severity)
    {
    case EO_SEVERITY_ERROR:
      eo_icon_cell_set_icon_name (image, "dialog-error-symbolic");
      _eo_device_view_set_css_class_among (widget, severity_classes, severity_classes[0]);
      break;
    case EO_SEVERITY_WARNING:
      eo_icon_cell_set_icon_name (image, "dialog-warning-symbolic");
      _eo_device_view_set_css_class_among (widget, severity_classes, severity_classes[1]);
      break;
    case EO_SEVERITY_OK:
    default:
      eo_icon_cell_set_icon_name (image, "emblem-ok-symbolic");
      _eo_device_view_set_css_class_among (widget, severity_classes, severity_classes[2]);
      break;
    }

  /* The accessible label and description copy their strings: only when
   * they change (most rows of a list have the same label and no
   * problem). */
  if (!force &&
      g_object_get_qdata (G_OBJECT (image), status_label_quark ()) == label &&
      g_object_get_qdata (G_OBJECT (image), status_problem_quark ()) == problem)
    return;
  g_object_set_qdata (G_OBJECT (image), status_label_quark (), (gpointer) label);
  g_object_set_qdata (G_OBJECT (image), status_problem_quark (), (gpointer) problem);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem ? problem : "",
                                  -1);
}

static void
status_notify_cb (EoDevice   *device,
                  GParamSpec *pspec,
                  EoIconCell *image)
{
  update_status_icon (image, device, TRUE);
}

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  /* Not a GtkImage: a new icon would measure the table again. */
  GtkWidget *image = eo_icon_cell_new ();

  gtk_widget_set_halign (image, GTK_ALIGN_CENTER);
  _eo_device_view_set_up_cell_tooltip (image, list_item, status_tooltip);
  gtk_list_item_set_child (list_item, image);
}

static void
status_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  EoIconCell *image = EO_ICON_CELL (gtk_list_item_get_child (list_item));

  update_status_icon (image, device, FALSE);
  g_signal_connect_object (device, "notify::severity",
                           G_CALLBACK (status_notify_cb), image, 0);
  g_signal_connect_object (device, "notify::problem-text",
                           G_CALLBACK (status_notify_cb), image, 0);
}

static void
status_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  g_signal_handlers_disconnect_by_func (device, status_notify_cb,
                                        gtk_list_item_get_child (list_item));
}

/* Problem */

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* The checks' problems, then the server's reason after @separator; in
 * @buf when it fits, else in *@to_free. The cell joins them in one line
 * (" · "), the tooltip and the details put the reason on its own line. */
static const char *
format_problems_in (EoDevice   *device,
                    const char *separator,
                    char       *buf,
                    gsize       size,
                    char      **to_free)
{
  const char *problem = eo_device_get_problem_text (device);
  const char *reason = eo_device_get_reason (device);

  *to_free = NULL;
  if (!has_text (reason))
    return problem != NULL ? problem : "";
  if (!has_text (problem))
    return reason;
  if ((gsize) g_snprintf (buf, size, "%s%s%s", problem, separator, reason) < size)
    return buf;
  *to_free = g_strconcat (problem, separator, reason, NULL);
  return *to_free;
}

static char *
problem_tooltip (EoDevice *device)
{
  return eo_device_view_dup_problems (device);
}

static void
update_problem_label (GtkInscription *label,
                      EoDevice       *device)
{
  static const char * const classes[] = { "error", "warning", NULL };
  g_autofree char *allocated = NULL;
  char buf[512];
  const char *text = format_problems_in (device, " · ", buf, sizeof buf, &allocated);
  const char *wanted = NULL;

  _eo_device_view_set_cell_text (label, text);
  if (eo_device_get_severity (device) == EO_SEVERITY_ERROR ||
      eo_device_get_status (device) == EO_DEVICE_STATUS_FAILED)
    wanted = classes[0];
  else if (eo_device_get_severity (device) == EO_SEVERITY_WARNING)
    wanted = classes[1];
  _eo_device_view_set_css_class_among (GTK_WIDGET (label), classes, wanted);
}

static void
problem_notify_cb (EoDevice       *device,
                   GParamSpec     *pspec,
                   GtkInscription *label)
{
  update_problem_label (label, device);
}

static void
problem_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  EoDeviceView             *self)
{
  GtkWidget *label = _eo_device_view_new_cell_text (40, FALSE);

  _eo_device_view_set_up_cell_tooltip (label, list_item, problem_tooltip);
  gtk_list_item_set_child (list_item, label);
}

static void
problem_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkInscription *label = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));

  update_problem_label (label, device);
  g_signal_connect_object (device, "notify::problem-text",
                           G_CALLBACK (problem_notify_cb), label, 0);
  g_signal_connect_object (device, "notify::severity",
                           G_CALLBACK (problem_notify_cb), label, 0);
  g_signal_connect_object (device, "notify::reason",
                           G_CALLBACK (problem_notify_cb), label, 0);
  g_signal_connect_object (device, "notify::status",
                           G_CALLBACK (problem_notify_cb), label, 0);
}

static void
problem_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  g_signal_handlers_disconnect_by_func (device, problem_notify_cb,
                                        gtk_list_item_get_child (list_item));
}

/* Line */

static void
line_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EoDeviceView             *self)
{
  /* Up to 7 digits: the reader stops long before 10 million lines. */
  GtkWidget *label = _eo_device_view_new_cell_text (7, TRUE);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_item_set_child (list_item, label);
}

static void
line_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  char text[16];

  g_snprintf (text, sizeof text, "%u", eo_device_get_line (device));
  _eo_device_view_set_cell_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), text);
}

/* Name */

/* Long names are cut: the tooltip has them whole. */
static char *
name_tooltip (EoDevice *device)
{
  return g_strdup (eo_device_get_name (device));
}

static void
name_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EoDeviceView             *self)
{
  GtkWidget *label = _eo_device_view_new_cell_text (24, FALSE);

  _eo_device_view_set_up_cell_tooltip (label, list_item, name_tooltip);
  gtk_list_item_set_child (list_item, label);
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  _eo_device_view_set_cell_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), eo_device_get_name (device));
}

/* EID */

static void
eid_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EoDeviceView             *self)
{
  /* An identifier is no use cut short: as wide as an EID. */
  GtkWidget *label = _eo_device_view_new_cell_text (32, TRUE);

  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

static void
eid_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  _eo_device_view_set_cell_text (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)),
                 eo_device_get_eid (device));
}

/* ICCID */

static char *
iccid_tooltip (EoDevice *device)
{
  const char *assigned = eo_device_get_assigned_iccid (device);

  if (eo_device_get_iccid (device) == NULL && assigned != NULL && *assigned != '\0' &&
      eo_device_get_status (device) != EO_DEVICE_STATUS_FAILED)
    /* Translators: tooltip of an ICCID the server chose itself */
    return g_strdup_printf (_("Assigned automatically by the server: %s"), assigned);

  return NULL;
}

G_DEFINE_QUARK (eo-device-view-proportional, proportional)

/* The font of the table's text, as an attribute: the ICCID cells are
 * monospace (the class set once), "assigned automatically" is shown in
 * this font through the inscription's attributes, which only redraw the
 * cell. Switching the cell's CSS font instead (as each device got its
 * ICCID from the server) measured the cell again and, through it, the
 * whole window, in every frame of an upload. */
static PangoAttrList *
get_proportional_attrs (EoDeviceView *self)
{
  if (self->proportional_attrs == NULL)
    {
      PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
      const PangoFontDescription *font = pango_context_get_font_description (context);
      const char *family = font != NULL ? pango_font_description_get_family (font) : NULL;

      self->proportional_attrs = pango_attr_list_new ();
      pango_attr_list_insert (self->proportional_attrs,
                              pango_attr_family_new (family != NULL ? family : "Sans"));
    }
  return self->proportional_attrs;
}

static void
iccid_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  /* An ICCID has at most 20 digits; "assigned automatically", in the
   * proportional font, fits in the same width. */
  GtkWidget *label = _eo_device_view_new_cell_text (20, TRUE);

  gtk_widget_add_css_class (label, "monospace");
  g_object_set_qdata_full (G_OBJECT (label), proportional_quark (),
                           pango_attr_list_ref (get_proportional_attrs (self)),
                           (GDestroyNotify) pango_attr_list_unref);
  _eo_device_view_set_up_cell_tooltip (label, list_item, iccid_tooltip);
  gtk_list_item_set_child (list_item, label);
}

static void
set_has_css_class (GtkWidget  *widget,
                   const char *css_class,
                   gboolean    has)
{
  if (has && !gtk_widget_has_css_class (widget, css_class))
    gtk_widget_add_css_class (widget, css_class);
  else if (!has && gtk_widget_has_css_class (widget, css_class))
    gtk_widget_remove_css_class (widget, css_class);
}

static void
update_iccid_label (GtkInscription *label,
                    EoDevice       *device)
{
  const char *iccid = eo_device_get_iccid (device);
  /* A failed device's answer may repeat an ICCID: not an assigned one. */
  const char *assigned = eo_device_get_status (device) == EO_DEVICE_STATUS_FAILED
                         ? NULL : eo_device_get_assigned_iccid (device);
  gboolean automatic = iccid == NULL && (assigned == NULL || *assigned == '\0');
  PangoAttrList *attrs = automatic ? g_object_get_qdata (G_OBJECT (label), proportional_quark ()) : NULL;

  if (automatic)
    /* Translators: shown in the ICCID column when the list gives none:
     * the CSO picks a free eSIM profile itself. */
    _eo_device_view_set_cell_text (label, _("assigned automatically"));
  else
    /* The server's pick is shown, marked as picked. */
    _eo_device_view_set_cell_text (label, iccid != NULL ? iccid : assigned);
  if (gtk_inscription_get_attributes (label) != attrs)
    gtk_inscription_set_attributes (label, attrs);
  /* Colour and opacity only: the cell is drawn again, not measured. */
  set_has_css_class (GTK_WIDGET (label), "dim-label", automatic);
  set_has_css_class (GTK_WIDGET (label), "eo-assigned-iccid", iccid == NULL && !automatic);
}

static void
iccid_notify_cb (EoDevice       *device,
                 GParamSpec     *pspec,
                 GtkInscription *label)
{
  update_iccid_label (label, device);
}

static void
iccid_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkInscription *label = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));

  update_iccid_label (label, device);
  g_signal_connect_object (device, "notify::assigned-iccid",
                           G_CALLBACK (iccid_notify_cb), label, 0);
}

static void
iccid_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  g_signal_handlers_disconnect_by_func (device, iccid_notify_cb,
                                        gtk_list_item_get_child (list_item));
}

/* Public API */

char *
eo_device_view_dup_problems (EoDevice *device)
{
  char *allocated = NULL;
  char buf[512];
  const char *text;

  g_return_val_if_fail (EO_IS_DEVICE (device), NULL);

  text = format_problems_in (device, "\n", buf, sizeof buf, &allocated);
  return allocated != NULL ? allocated : g_strdup (text);
}

/* For the tests: what the cell's tooltip says when GTK asks for it. */
char *
_eo_device_view_dup_cell_tooltip (GtkWidget *cell)
{
  g_return_val_if_fail (GTK_IS_WIDGET (cell), NULL);

  return dup_cell_tooltip (cell);
}

gboolean
_eo_device_view_cell_has_query_tooltip (GtkWidget *cell)
{
  g_return_val_if_fail (GTK_IS_WIDGET (cell), FALSE);

  return g_object_get_qdata (G_OBJECT (cell), cell_tooltip_quark ()) != NULL;
}

void
_eo_device_view_bind_cell_callbacks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, line_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, line_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, eid_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, eid_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, iccid_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, iccid_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, iccid_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_unbind_cb);
  _eo_device_view_bind_status_callbacks (widget_class);
}
