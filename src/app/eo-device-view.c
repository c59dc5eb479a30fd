/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <string.h>

#include "eo-device.h"
#include "eo-device-view.h"
#include "eo-device-view-private.h"

/* Shows a list of EoDevice in a sortable table, optionally only those
 * with a problem. The pipeline is
 *   model → GtkFilterListModel → GtkSortListModel → GtkSingleSelection,
 * the sorter being the one the column headers drive. */

struct _EoDeviceView
{
  GtkWidget           parent_instance;

  GListModel         *model;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkSingleSelection *selection;
  GtkFilter          *problems_filter;
  gboolean            problems_only;
  gboolean            show_line_numbers;
  gboolean            compact;

  /* Template widgets */
  GtkStack           *stack;
  GtkScrolledWindow  *scrolled_window;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *line_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *eid_column;
  GtkColumnViewColumn *iccid_column;
  GtkColumnViewColumn *problem_column;
  GtkColumnViewColumn *upload_column;
};

G_DEFINE_FINAL_TYPE (EoDeviceView, eo_device_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_PROBLEMS_ONLY,
  PROP_SHOW_UPLOAD_STATUS,
  PROP_SHOW_LINE_NUMBERS,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define UPLOAD_COLUMN_WIDTH 180
#define INCREMENTAL_FILTER_ROWS 5000

static gboolean
has_problem (gpointer item,
             gpointer user_data)
{
  return eo_device_get_severity (EO_DEVICE (item)) > EO_SEVERITY_OK;
}

/* Sorting 100,000 rows makes about two million comparisons. GTK's
 * string sorter, behind the column view's sorter, would build both
 * collation keys again for each of them (GtkColumnViewSorter compares
 * items, not keys): here each row's keys are made once, when first
 * needed, and kept on the device. The order is the one the string
 * sorters gave: case-folded collation keys (the EID's without case
 * folding), "" for a missing string. */

typedef struct
{
  char *name;
  char *eid;
  char *iccid;
  char *problem;
  char *problem_source; /* the text @problem was made from: it may change */
} SortKeys;

static void
sort_keys_free (gpointer data)
{
  SortKeys *keys = data;

  g_free (keys->name);
  g_free (keys->eid);
  g_free (keys->iccid);
  g_free (keys->problem);
  g_free (keys->problem_source);
  g_free (keys);
}

G_DEFINE_QUARK (eo-device-view-sort-keys, sort_keys)

static SortKeys *
get_sort_keys (EoDevice *device)
{
  SortKeys *keys = g_object_get_qdata (G_OBJECT (device), sort_keys_quark ());

  if (G_UNLIKELY (keys == NULL))
    {
      keys = g_new0 (SortKeys, 1);
      g_object_set_qdata_full (G_OBJECT (device), sort_keys_quark (), keys, sort_keys_free);
    }

  return keys;
}

static char *
folded_collate_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text ? text : "", -1);

  return g_utf8_collate_key (folded, -1);
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  SortKeys *ka = get_sort_keys ((EoDevice *) a);
  SortKeys *kb = get_sort_keys ((EoDevice *) b);

  if (G_UNLIKELY (ka->name == NULL))
    ka->name = folded_collate_key (eo_device_get_name ((EoDevice *) a));
  if (G_UNLIKELY (kb->name == NULL))
    kb->name = folded_collate_key (eo_device_get_name ((EoDevice *) b));

  return strcmp (ka->name, kb->name);
}

static int
compare_eid (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  SortKeys *ka = get_sort_keys ((EoDevice *) a);
  SortKeys *kb = get_sort_keys ((EoDevice *) b);

  if (G_UNLIKELY (ka->eid == NULL))
    ka->eid = g_utf8_collate_key (eo_device_get_eid ((EoDevice *) a), -1);
  if (G_UNLIKELY (kb->eid == NULL))
    kb->eid = g_utf8_collate_key (eo_device_get_eid ((EoDevice *) b), -1);

  return strcmp (ka->eid, kb->eid);
}

/* Requested ICCIDs first, in order, then the automatic ones. */
static int
compare_iccid (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const char *ia = eo_device_get_iccid ((EoDevice *) a);
  const char *ib = eo_device_get_iccid ((EoDevice *) b);
  SortKeys *ka, *kb;

  if ((ia == NULL) != (ib == NULL))
    return ia == NULL ? 1 : -1;
  if (ia == NULL)
    return 0;

  ka = get_sort_keys ((EoDevice *) a);
  kb = get_sort_keys ((EoDevice *) b);
  if (G_UNLIKELY (ka->iccid == NULL))
    ka->iccid = folded_collate_key (ia);
  if (G_UNLIKELY (kb->iccid == NULL))
    kb->iccid = folded_collate_key (ib);

  return strcmp (ka->iccid, kb->iccid);
}

static const char *
problem_key (EoDevice *device)
{
  SortKeys *keys = get_sort_keys (device);
  const char *text = eo_device_get_problem_text (device);

  if (text == NULL)
    text = "";
  if (G_UNLIKELY (keys->problem == NULL || strcmp (keys->problem_source, text) != 0))
    {
      g_free (keys->problem);
      g_free (keys->problem_source);
      keys->problem = folded_collate_key (text);
      keys->problem_source = g_strdup (text);
    }

  return keys->problem;
}

static int
compare_problem (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (problem_key ((EoDevice *) a), problem_key ((EoDevice *) b));
}

static int
compare_line (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  guint la = eo_device_get_line ((EoDevice *) a);
  guint lb = eo_device_get_line ((EoDevice *) b);

  return (la > lb) - (la < lb);
}

/* Errors first. */
static int
compare_severity (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  int sa = (int) eo_device_get_severity ((EoDevice *) a);
  int sb = (int) eo_device_get_severity ((EoDevice *) b);

  return (sb > sa) - (sb < sa);
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  int sa = (int) eo_device_get_status ((EoDevice *) a);
  int sb = (int) eo_device_get_status ((EoDevice *) b);

  return (sa > sb) - (sa < sb);
}

static void
set_column_sorter (GtkColumnViewColumn *column,
                   GCompareDataFunc     compare)
{
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, NULL, NULL));

  gtk_column_view_column_set_sorter (column, sorter);
}

static void
set_up_sorters (EoDeviceView *self)
{
  set_column_sorter (self->line_column, compare_line);
  set_column_sorter (self->status_column, compare_severity);
  set_column_sorter (self->name_column, compare_name);
  set_column_sorter (self->eid_column, compare_eid);
  set_column_sorter (self->iccid_column, compare_iccid);
  set_column_sorter (self->upload_column, compare_status);
  set_column_sorter (self->problem_column, compare_problem);
}

/* Tooltips are made when GTK asks for one (query-tooltip), from the
 * item the cell shows then. Setting them as text on every bind would
 * cost, besides the string, a pointer query to the display (GTK 4.8
 * re-checks the tooltip under the pointer whenever one is set): under
 * X11 a round trip per cell, the whole cost of scrolling 100,000 rows. */

typedef char *(*CellTooltipFunc) (EoDevice *device);

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
  CellTooltipFunc func = g_object_get_qdata (G_OBJECT (cell), cell_tooltip_quark ());
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

/* Once, when the cell is made: nothing is left to do on bind. */
static void
set_up_cell_tooltip (GtkWidget       *cell,
                     GtkListItem     *list_item,
                     CellTooltipFunc  func)
{
  g_object_set_qdata (G_OBJECT (cell), cell_item_quark (), list_item);
  g_object_set_qdata (G_OBJECT (cell), cell_tooltip_quark (), func);
  gtk_widget_set_has_tooltip (cell, TRUE);
  g_signal_connect (cell, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
}

/* Of @classes (NULL-terminated), gives @widget only @wanted (or none):
 * a class it already has is not taken off and put back. */
static void
set_css_class_among (GtkWidget          *widget,
                     const char * const *classes,
                     const char         *wanted)
{
  for (const char * const *c = classes; *c != NULL; c++)
    if (*c != wanted && gtk_widget_has_css_class (widget, *c))
      gtk_widget_remove_css_class (widget, *c);
  if (wanted != NULL && !gtk_widget_has_css_class (widget, wanted))
    gtk_widget_add_css_class (widget, wanted);
}

static void
set_icon_name (GtkImage   *image,
               const char *icon_name)
{
  if (gtk_image_get_storage_type (image) == GTK_IMAGE_ICON_NAME &&
      g_strcmp0 (gtk_image_get_icon_name (image), icon_name) == 0)
    return;
  gtk_image_set_from_icon_name (image, icon_name);
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (strcmp (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static GtkWidget *
new_cell_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);

  return label;
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
update_status_icon (GtkImage *image,
                    EoDevice *device,
                    gboolean  force)
{
  GtkWidget *widget = GTK_WIDGET (image);
  EoSeverity severity = eo_device_get_severity (device);
  const char *label = severity_label (severity);
  const char *problem = eo_device_get_problem_text (device);

  switch (severity)
    {
    case EO_SEVERITY_ERROR:
      set_icon_name (image, "dialog-error-symbolic");
      set_css_class_among (widget, severity_classes, severity_classes[0]);
      break;
    case EO_SEVERITY_WARNING:
      set_icon_name (image, "dialog-warning-symbolic");
      set_css_class_among (widget, severity_classes, severity_classes[1]);
      break;
    case EO_SEVERITY_OK:
    default:
      set_icon_name (image, "emblem-ok-symbolic");
      set_css_class_among (widget, severity_classes, severity_classes[2]);
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
                  GtkImage   *image)
{
  update_status_icon (image, device, TRUE);
}

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  GtkWidget *image = gtk_image_new ();

  gtk_widget_set_halign (image, GTK_ALIGN_CENTER);
  set_up_cell_tooltip (image, list_item, status_tooltip);
  gtk_list_item_set_child (list_item, image);
}

static void
status_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkImage *image = GTK_IMAGE (gtk_list_item_get_child (list_item));

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

static char *
problem_tooltip (EoDevice *device)
{
  return g_strdup (eo_device_get_problem_text (device));
}

static void
update_problem_label (GtkLabel *label,
                      EoDevice *device)
{
  static const char * const classes[] = { "error", "warning", NULL };
  const char *text = eo_device_get_problem_text (device);

  set_label_text (label, text ? text : "");
  switch (eo_device_get_severity (device))
    {
    case EO_SEVERITY_ERROR:
      set_css_class_among (GTK_WIDGET (label), classes, classes[0]);
      break;
    case EO_SEVERITY_WARNING:
      set_css_class_among (GTK_WIDGET (label), classes, classes[1]);
      break;
    case EO_SEVERITY_OK:
    default:
      set_css_class_among (GTK_WIDGET (label), classes, NULL);
      break;
    }
}

static void
problem_notify_cb (EoDevice   *device,
                   GParamSpec *pspec,
                   GtkLabel   *label)
{
  update_problem_label (label, device);
}

static void
problem_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  EoDeviceView             *self)
{
  GtkWidget *label = new_cell_label ();

  set_up_cell_tooltip (label, list_item, problem_tooltip);
  gtk_list_item_set_child (list_item, label);
}

static void
problem_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  update_problem_label (label, device);
  g_signal_connect_object (device, "notify::problem-text",
                           G_CALLBACK (problem_notify_cb), label, 0);
  g_signal_connect_object (device, "notify::severity",
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
  GtkWidget *label = new_cell_label ();

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
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
  set_label_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
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
  GtkWidget *label = new_cell_label ();

  set_up_cell_tooltip (label, list_item, name_tooltip);
  gtk_list_item_set_child (list_item, label);
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  set_label_text (GTK_LABEL (gtk_list_item_get_child (list_item)), eo_device_get_name (device));
}

/* EID */

static void
eid_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EoDeviceView             *self)
{
  GtkWidget *label = new_cell_label ();

  /* An identifier is no use cut short. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (list_item, label);
}

static void
eid_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);

  set_label_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                  eo_device_get_eid (device));
}

/* ICCID */

static char *
iccid_tooltip (EoDevice *device)
{
  const char *assigned = eo_device_get_assigned_iccid (device);

  if (eo_device_get_iccid (device) == NULL && assigned != NULL && *assigned != '\0')
    /* Translators: tooltip of an ICCID the server chose itself */
    return g_strdup_printf (_("Assigned automatically by the server: %s"), assigned);

  return NULL;
}

static void
iccid_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  GtkWidget *label = new_cell_label ();

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
  set_up_cell_tooltip (label, list_item, iccid_tooltip);
  gtk_list_item_set_child (list_item, label);
}

static void
update_iccid_label (GtkLabel *label,
                    EoDevice *device)
{
  GtkWidget *widget = GTK_WIDGET (label);
  const char *iccid = eo_device_get_iccid (device);
  const char *assigned = eo_device_get_assigned_iccid (device);

  if (iccid == NULL && assigned != NULL && *assigned != '\0')
    {
      /* The server picked one: show it, marked as picked. */
      set_label_text (label, assigned);
      if (!gtk_widget_has_css_class (widget, "monospace"))
        gtk_widget_add_css_class (widget, "monospace");
      gtk_widget_remove_css_class (widget, "dim-label");
      if (!gtk_widget_has_css_class (widget, "eo-assigned-iccid"))
        gtk_widget_add_css_class (widget, "eo-assigned-iccid");
    }
  else if (iccid != NULL)
    {
      set_label_text (label, iccid);
      if (!gtk_widget_has_css_class (widget, "monospace"))
        gtk_widget_add_css_class (widget, "monospace");
      gtk_widget_remove_css_class (widget, "dim-label");
      gtk_widget_remove_css_class (widget, "eo-assigned-iccid");
    }
  else
    {
      /* Translators: shown in the ICCID column when the list gives none:
       * the CSO picks a free eSIM profile itself. */
      set_label_text (label, _("assigned automatically"));
      gtk_widget_remove_css_class (widget, "monospace");
      if (!gtk_widget_has_css_class (widget, "dim-label"))
        gtk_widget_add_css_class (widget, "dim-label");
      gtk_widget_remove_css_class (widget, "eo-assigned-iccid");
    }
}

static void
iccid_notify_cb (EoDevice   *device,
                 GParamSpec *pspec,
                 GtkLabel   *label)
{
  update_iccid_label (label, device);
}

static void
iccid_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

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

/* Upload status (shown once an upload started) */

/* What the Status column says, in @buf when it fits (no allocation for
 * a bind), else in *@to_free. */
static const char *
format_status_in (EoDevice  *device,
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

static void
update_upload_cell (GtkWidget *box,
                    EoDevice  *device)
{
  static const char * const classes[] = { "dim-label", "success", "error", NULL };
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  g_autofree char *allocated = NULL;
  char buf[256];
  const char *text = format_status_in (device, buf, sizeof buf, &allocated);
  const char *icon_name = NULL;
  const char *css_class = NULL;

  switch (eo_device_get_status (device))
    {
    case EO_DEVICE_STATUS_PENDING:
      icon_name = "content-loading-symbolic";
      css_class = classes[0];
      break;
    case EO_DEVICE_STATUS_SUCCESS:
      icon_name = "emblem-ok-symbolic";
      css_class = classes[1];
      break;
    case EO_DEVICE_STATUS_FAILED:
      icon_name = "dialog-error-symbolic";
      css_class = classes[2];
      break;
    case EO_DEVICE_STATUS_NONE:
    default:
      if (eo_device_get_severity (device) == EO_SEVERITY_ERROR)
        {
          icon_name = "action-unavailable-symbolic";
          css_class = classes[0];
        }
      break;
    }

  if (icon_name != NULL)
    set_icon_name (GTK_IMAGE (image), icon_name);
  gtk_widget_set_visible (image, icon_name != NULL);
  set_label_text (GTK_LABEL (label), text);
  set_css_class_among (box, classes, css_class);
}

static void
upload_notify_cb (EoDevice   *device,
                  GParamSpec *pspec,
                  GtkWidget  *box)
{
  update_upload_cell (box, device);
}

static void
upload_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = new_cell_label ();

  gtk_box_append (GTK_BOX (box), gtk_image_new ());
  gtk_box_append (GTK_BOX (box), label);
  set_up_cell_tooltip (box, list_item, upload_tooltip);
  gtk_list_item_set_child (list_item, box);
}

static void
upload_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);

  update_upload_cell (box, device);
  g_signal_connect_object (device, "notify::status",
                           G_CALLBACK (upload_notify_cb), box, 0);
  g_signal_connect_object (device, "notify::status-text",
                           G_CALLBACK (upload_notify_cb), box, 0);
  g_signal_connect_object (device, "notify::reason",
                           G_CALLBACK (upload_notify_cb), box, 0);
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

/* Which columns a width and a kind of list call for: line numbers only
 * for a file's rows; a compact table keeps the name, the EID, the check's
 * icon (whose tooltip tells the problem) and the upload status. */
static void
update_columns (EoDeviceView *self)
{
  gtk_column_view_column_set_visible (self->line_column,
                                      self->show_line_numbers && !self->compact);
  gtk_column_view_column_set_visible (self->iccid_column, !self->compact);
  gtk_column_view_column_set_visible (self->problem_column, !self->compact);
  gtk_column_view_column_set_fixed_width (self->name_column, self->compact ? 140 : 200);
}

/* With only problems shown and none to show, say so rather than show an
 * empty table. */
static void
update_page (EoDeviceView *self)
{
  gboolean nothing_to_show = self->problems_only &&
                             self->model != NULL &&
                             gtk_filter_list_model_get_pending (self->filter_model) == 0 &&
                             g_list_model_get_n_items (self->model) > 0 &&
                             g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;

  gtk_stack_set_visible_child_name (self->stack, nothing_to_show ? "no-problems" : "table");
}

static void
filter_items_changed_cb (GListModel   *model,
                         guint         position,
                         guint         removed,
                         guint         added,
                         EoDeviceView *self)
{
  update_page (self);
}

static void
eo_device_view_dispose (GObject *object)
{
  EoDeviceView *self = EO_DEVICE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_DEVICE_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->problems_filter);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (eo_device_view_parent_class)->dispose (object);
}

static void
eo_device_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EoDeviceView *self = EO_DEVICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_PROBLEMS_ONLY:
      g_value_set_boolean (value, self->problems_only);
      break;
    case PROP_SHOW_UPLOAD_STATUS:
      g_value_set_boolean (value, eo_device_view_get_show_upload_status (self));
      break;
    case PROP_SHOW_LINE_NUMBERS:
      g_value_set_boolean (value, self->show_line_numbers);
      break;
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_device_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  EoDeviceView *self = EO_DEVICE_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      eo_device_view_set_model (self, g_value_get_object (value));
      break;
    case PROP_PROBLEMS_ONLY:
      eo_device_view_set_problems_only (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_UPLOAD_STATUS:
      eo_device_view_set_show_upload_status (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_LINE_NUMBERS:
      eo_device_view_set_show_line_numbers (self, g_value_get_boolean (value));
      break;
    case PROP_COMPACT:
      eo_device_view_set_compact (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_device_view_class_init (EoDeviceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_device_view_dispose;
  object_class->get_property = eo_device_view_get_property;
  object_class->set_property = eo_device_view_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEMS_ONLY] =
    g_param_spec_boolean ("problems-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_UPLOAD_STATUS] =
    g_param_spec_boolean ("show-upload-status", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_LINE_NUMBERS] =
    g_param_spec_boolean ("show-line-numbers", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-device-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, stack);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, column_view);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, line_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, status_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, name_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, eid_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, iccid_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, problem_column);
  gtk_widget_class_bind_template_child (widget_class, EoDeviceView, upload_column);
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
  gtk_widget_class_bind_template_callback (widget_class, upload_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, upload_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, upload_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_unbind_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eo-device-view");
}

static void
eo_device_view_init (EoDeviceView *self)
{
  self->show_line_numbers = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  set_up_sorters (self);
  update_columns (self);

  self->problems_filter = GTK_FILTER (gtk_custom_filter_new (has_problem, NULL, NULL));

  /* Sorting 100,000 rows runs in steps so the window stays
   * responsive, on keys made once per row (set_up_sorters). */
  self->filter_model = gtk_filter_list_model_new (NULL, NULL);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, 0);
  g_signal_connect_object (self->filter_model, "notify::pending",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);

  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_sort_list_model_set_incremental (self->sort_model, TRUE);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
eo_device_view_new (void)
{
  return g_object_new (EO_TYPE_DEVICE_VIEW, NULL);
}

GListModel *
eo_device_view_get_model (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), NULL);

  return self->model;
}

void
eo_device_view_set_model (EoDeviceView *self,
                          GListModel   *model)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;

  gtk_filter_list_model_set_model (self->filter_model, model);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

gboolean
eo_device_view_get_problems_only (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return self->problems_only;
}

void
eo_device_view_set_problems_only (EoDeviceView *self,
                                  gboolean      problems_only)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  problems_only = !!problems_only;
  if (self->problems_only == problems_only)
    return;

  self->problems_only = problems_only;
  /* A long list is filtered in steps: 100,000 rows leaving or coming
   * back at once make the sort model below drop and take each of them
   * in one go (a third of a second). A short one at once, as before. */
  gtk_filter_list_model_set_incremental (self->filter_model,
                                         self->model != NULL &&
                                         g_list_model_get_n_items (self->model) > INCREMENTAL_FILTER_ROWS);
  gtk_filter_list_model_set_filter (self->filter_model,
                                    problems_only ? self->problems_filter : NULL);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS_ONLY]);
}

GListModel *
eo_device_view_get_shown_model (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

gboolean
eo_device_view_is_showing_no_problems (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "no-problems") == 0;
}

GtkColumnView *
eo_device_view_get_column_view (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), NULL);

  return self->column_view;
}

gboolean
eo_device_view_is_sorting (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return gtk_sort_list_model_get_pending (self->sort_model) > 0 ||
         gtk_filter_list_model_get_pending (self->filter_model) > 0;
}

void
eo_device_view_scroll_to_top (EoDeviceView *self)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

gboolean
eo_device_view_get_show_upload_status (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return gtk_column_view_column_get_visible (self->upload_column);
}

void
eo_device_view_set_show_upload_status (EoDeviceView *self,
                                       gboolean      show)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  show = !!show;
  if (eo_device_view_get_show_upload_status (self) == show)
    return;

  /* GTK 4.8 counts a hidden column's fixed width in the table's minimum
   * width, which the expanding Problem column then lacks (a blank area
   * on the right): fixed only while shown. */
  gtk_column_view_column_set_fixed_width (self->upload_column, show ? UPLOAD_COLUMN_WIDTH : -1);
  gtk_column_view_column_set_visible (self->upload_column, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_UPLOAD_STATUS]);
}

char *
eo_device_view_format_status (EoDevice *device)
{
  char *allocated = NULL;
  char buf[256];
  const char *text;

  g_return_val_if_fail (EO_IS_DEVICE (device), NULL);

  text = format_status_in (device, buf, sizeof buf, &allocated);
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

gboolean
eo_device_view_get_show_line_numbers (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return self->show_line_numbers;
}

void
eo_device_view_set_show_line_numbers (EoDeviceView *self,
                                      gboolean      show)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  show = !!show;
  if (self->show_line_numbers == show)
    return;

  self->show_line_numbers = show;
  update_columns (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LINE_NUMBERS]);
}

gboolean
eo_device_view_get_compact (EoDeviceView *self)
{
  g_return_val_if_fail (EO_IS_DEVICE_VIEW (self), FALSE);

  return self->compact;
}

void
eo_device_view_set_compact (EoDeviceView *self,
                            gboolean      compact)
{
  g_return_if_fail (EO_IS_DEVICE_VIEW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  update_columns (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
