/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-device-view"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "eo-device.h"
#include "eo-device-view.h"

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

static gboolean
has_problem (gpointer item,
             gpointer user_data)
{
  return eo_device_get_severity (EO_DEVICE (item)) > EO_SEVERITY_OK;
}

/* GTK 4.8's string sorter cannot take NULL strings: these give "" instead. */
static char *
iccid_sort_key (EoDevice *device,
                gpointer  user_data)
{
  const char *iccid = eo_device_get_iccid (device);

  return g_strdup (iccid ? iccid : "");
}

static gboolean
iccid_is_automatic (EoDevice *device,
                    gpointer  user_data)
{
  return eo_device_get_iccid (device) == NULL;
}

static char *
problem_sort_key (EoDevice *device,
                  gpointer  user_data)
{
  const char *text = eo_device_get_problem_text (device);

  return g_strdup (text ? text : "");
}

static void
set_up_sorters (EoDeviceView *self)
{
  GtkMultiSorter *iccid_sorter = gtk_multi_sorter_new ();
  GtkStringSorter *problem_sorter;

  /* Requested ICCIDs first, in order, then the automatic ones. */
  gtk_multi_sorter_append (iccid_sorter,
                           GTK_SORTER (gtk_numeric_sorter_new (
                             gtk_cclosure_expression_new (G_TYPE_BOOLEAN, NULL, 0, NULL,
                                                          G_CALLBACK (iccid_is_automatic),
                                                          NULL, NULL))));
  gtk_multi_sorter_append (iccid_sorter,
                           GTK_SORTER (gtk_string_sorter_new (
                             gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                          G_CALLBACK (iccid_sort_key),
                                                          NULL, NULL))));
  gtk_column_view_column_set_sorter (self->iccid_column, GTK_SORTER (iccid_sorter));
  g_object_unref (iccid_sorter);

  problem_sorter = gtk_string_sorter_new (gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                                      G_CALLBACK (problem_sort_key),
                                                                      NULL, NULL));
  gtk_column_view_column_set_sorter (self->problem_column, GTK_SORTER (problem_sorter));
  g_object_unref (problem_sorter);
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

static void
update_status_icon (GtkImage *image,
                    EoDevice *device)
{
  GtkWidget *widget = GTK_WIDGET (image);
  const char *icon_name;
  const char *tooltip;
  const char *css_class;
  const char *problem;

  switch (eo_device_get_severity (device))
    {
    case EO_SEVERITY_ERROR:
      icon_name = "dialog-error-symbolic";
      css_class = "error";
      tooltip = _("Error: this device will be left out");
      break;
    case EO_SEVERITY_WARNING:
      icon_name = "dialog-warning-symbolic";
      css_class = "warning";
      tooltip = _("Warning: check this device");
      break;
    case EO_SEVERITY_OK:
    default:
      icon_name = "emblem-ok-symbolic";
      css_class = "success";
      tooltip = _("No problems");
      break;
    }

  gtk_image_set_from_icon_name (image, icon_name);
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "success");
  gtk_widget_add_css_class (widget, css_class);

  /* The problem itself as well: in a narrow window the Problem column is
   * hidden and this icon is all that is left of it. */
  problem = eo_device_get_problem_text (device);
  if (problem != NULL && *problem != '\0')
    {
      g_autofree char *text = g_strconcat (tooltip, "\n", problem, NULL);

      gtk_widget_set_tooltip_text (widget, text);
    }
  else
    gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem ? problem : "",
                                  -1);
}

static void
update_problem_label (GtkLabel *label,
                      EoDevice *device)
{
  GtkWidget *widget = GTK_WIDGET (label);
  const char *text = eo_device_get_problem_text (device);

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_tooltip_text (widget, (text && *text) ? text : NULL);
  gtk_widget_remove_css_class (widget, "error");
  gtk_widget_remove_css_class (widget, "warning");
  switch (eo_device_get_severity (device))
    {
    case EO_SEVERITY_ERROR:
      gtk_widget_add_css_class (widget, "error");
      break;
    case EO_SEVERITY_WARNING:
      gtk_widget_add_css_class (widget, "warning");
      break;
    case EO_SEVERITY_OK:
    default:
      break;
    }
}

static void
status_notify_cb (EoDevice   *device,
                  GParamSpec *pspec,
                  GtkImage   *image)
{
  update_status_icon (image, device);
}

static void
problem_notify_cb (EoDevice   *device,
                   GParamSpec *pspec,
                   GtkLabel   *label)
{
  update_problem_label (label, device);
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
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

/* Check (status icon) */

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 EoDeviceView             *self)
{
  GtkWidget *image = gtk_image_new ();

  gtk_widget_set_halign (image, GTK_ALIGN_CENTER);
  gtk_list_item_set_child (list_item, image);
}

static void
status_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkImage *image = GTK_IMAGE (gtk_list_item_get_child (list_item));

  update_status_icon (image, device);
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

/* Name */

static void
name_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               EoDeviceView             *self)
{
  gtk_list_item_set_child (list_item, new_cell_label ());
}

static void
name_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              EoDeviceView             *self)
{
  EoDevice *device = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *name = eo_device_get_name (device);

  gtk_label_set_text (GTK_LABEL (label), name);
  /* Long names are cut: the tooltip has them whole. */
  gtk_widget_set_tooltip_text (label, *name ? name : NULL);
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

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      eo_device_get_eid (device));
}

/* ICCID */

static void
iccid_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                EoDeviceView             *self)
{
  GtkWidget *label = new_cell_label ();

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_NONE);
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
      g_autofree char *tooltip = NULL;

      gtk_label_set_text (label, assigned);
      gtk_widget_add_css_class (widget, "monospace");
      gtk_widget_remove_css_class (widget, "dim-label");
      gtk_widget_add_css_class (widget, "eo-assigned-iccid");
      /* Translators: tooltip of an ICCID the server chose itself */
      tooltip = g_strdup_printf (_("Assigned automatically by the server: %s"), assigned);
      gtk_widget_set_tooltip_text (widget, tooltip);
    }
  else if (iccid != NULL)
    {
      gtk_label_set_text (label, iccid);
      gtk_widget_add_css_class (widget, "monospace");
      gtk_widget_remove_css_class (widget, "dim-label");
      gtk_widget_remove_css_class (widget, "eo-assigned-iccid");
      gtk_widget_set_tooltip_text (widget, NULL);
    }
  else
    {
      /* Translators: shown in the ICCID column when the list gives none:
       * the CSO picks a free eSIM profile itself. */
      gtk_label_set_text (label, _("assigned automatically"));
      gtk_widget_remove_css_class (widget, "monospace");
      gtk_widget_add_css_class (widget, "dim-label");
      gtk_widget_remove_css_class (widget, "eo-assigned-iccid");
      gtk_widget_set_tooltip_text (widget, NULL);
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

static void
update_upload_cell (GtkWidget *box,
                    EoDevice  *device)
{
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  g_autofree char *text = eo_device_view_format_status (device);
  const char *icon_name = NULL;
  const char *css_class = NULL;

  switch (eo_device_get_status (device))
    {
    case EO_DEVICE_STATUS_PENDING:
      icon_name = "content-loading-symbolic";
      css_class = "dim-label";
      break;
    case EO_DEVICE_STATUS_SUCCESS:
      icon_name = "emblem-ok-symbolic";
      css_class = "success";
      break;
    case EO_DEVICE_STATUS_FAILED:
      icon_name = "dialog-error-symbolic";
      css_class = "error";
      break;
    case EO_DEVICE_STATUS_NONE:
    default:
      if (eo_device_get_severity (device) == EO_SEVERITY_ERROR)
        {
          icon_name = "action-unavailable-symbolic";
          css_class = "dim-label";
        }
      break;
    }

  gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
  gtk_widget_set_visible (image, icon_name != NULL);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (box, *text ? text : NULL);
  for (const char * const *c = (const char * const[]) { "dim-label", "success", "error", NULL }; *c; c++)
    gtk_widget_remove_css_class (box, *c);
  if (css_class != NULL)
    gtk_widget_add_css_class (box, css_class);
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

/* Problem */

static void
problem_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  EoDeviceView             *self)
{
  gtk_list_item_set_child (list_item, new_cell_label ());
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

  /* The template's sorters look up EoDevice properties. */
  g_type_ensure (EO_TYPE_DEVICE);

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

  /* Filtering is a cheap test on an integer: done at once. Sorting
   * 100,000 strings is not: it runs in steps so the window stays
   * responsive. */
  self->filter_model = gtk_filter_list_model_new (NULL, NULL);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self, 0);
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

  return gtk_sort_list_model_get_pending (self->sort_model) > 0;
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
  const char *status_text;
  const char *reason;

  g_return_val_if_fail (EO_IS_DEVICE (device), NULL);

  status_text = eo_device_get_status_text (device);
  reason = eo_device_get_reason (device);

  switch (eo_device_get_status (device))
    {
    case EO_DEVICE_STATUS_PENDING:
      /* A status the server wrote that is not the usual one is shown as
       * it came (e.g. IN_PROGRESS). */
      if (status_text != NULL && *status_text != '\0' &&
          g_ascii_strcasecmp (status_text, "PENDING") != 0)
        /* Translators: upload status of a device; %s is the server's own word */
        return g_strdup_printf (_("Pending (%s)"), status_text);
      /* Translators: upload status: the server has not processed the device yet */
      return g_strdup (_("Pending"));
    case EO_DEVICE_STATUS_SUCCESS:
      /* Translators: upload status: the device got its eSIM */
      return g_strdup (_("Assigned"));
    case EO_DEVICE_STATUS_FAILED:
      if (reason != NULL && *reason != '\0')
        /* Translators: upload status; %s is the server's reason */
        return g_strdup_printf (_("Failed: %s"), reason);
      if (status_text != NULL && *status_text != '\0')
        return g_strdup_printf (_("Failed: %s"), status_text);
      /* Translators: upload status */
      return g_strdup (_("Failed"));
    case EO_DEVICE_STATUS_NONE:
    default:
      if (eo_device_get_severity (device) == EO_SEVERITY_ERROR)
        /* Translators: upload status of a row with an error: it was not sent */
        return g_strdup (_("Left out"));
      return g_strdup ("");
    }
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
