/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-gnome"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-application.h"
#include "eo-device.h"
#include "eo-dialogs.h"
#include "eo-icon-cell.h"
#include "eo-window-private.h"
#include "eo-device-view-private.h"
#include "eo-test-gui.h"

#define find_label_text(widget, text) GTK_WIDGET (eo_test_find_label ((widget), (text), EO_TEST_MATCH_EXACT))

/* What makes the window a GNOME citizen: every shortcut in the shortcuts
 * window, a layout that fits 360 px, the dark style, accessible names on
 * every control, and the About window. */

static EoApplication *app;

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 20)

/* Mean luminance (0-1) of a texture's pixels in a rectangle. */
static double
mean_luminance (GdkTexture *texture,
                int         x0,
                int         y0,
                int         w,
                int         h)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize)width * height * 4);
  double sum = 0;

  gdk_texture_download (texture, data, width * 4);
  for (int y = y0; y < y0 + h; y++)
    for (int x = x0; x < x0 + w; x++)
      {
        /* Cairo's ARGB32: B, G, R, A in memory on little endian. */
        const guchar *p = data + ((gsize)y * width + x) * 4;
        sum += (0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2]) / 255.0;
      }

  return sum / (w * h);
}

static gboolean
column_visible (EoDeviceView *view,
                const char   *title)
{
  return gtk_column_view_column_get_visible (eo_test_find_column (view, title));
}

/* The tooltip @widget shows: its text, or what the table's cells make
 * when GTK asks for it. */
static char *
dup_tooltip (GtkWidget *widget)
{
  if (_eo_device_view_cell_has_query_tooltip (widget))
    return _eo_device_view_dup_cell_tooltip (widget);

  return g_strdup (gtk_widget_get_tooltip_text (widget));
}

/* A mapped widget under @widget whose tooltip contains @text. */
static GtkWidget *
find_tooltip (GtkWidget  *widget,
              const char *text)
{
  g_autofree char *tooltip = dup_tooltip (widget);

  if (gtk_widget_get_mapped (widget) && tooltip != NULL && strstr (tooltip, text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_tooltip (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Logs the widgets wider than @limit at their minimum: what to fix
 * when the window does not fit. */
static void
dump_wide_widgets (GtkWidget *widget,
                   int        limit,
                   int        depth)
{
  int minimum;

  if (!gtk_widget_get_visible (widget))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum <= limit)
    return;
  g_test_message ("%*s%s (%s): minimum width %d", depth * 2, "",
                  G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget), minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    dump_wide_widgets (child, limit, depth + 1);
}

/* Shortcuts window */

typedef struct
{
  GPtrArray *action_names;
  GPtrArray *accelerators;
} OverlayShortcuts;

static void
read_help_overlay (OverlayShortcuts *shortcuts)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/esimonboard/EsimOnboard/gtk/help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  shortcuts->action_names = g_ptr_array_new_with_free_func (g_free);
  shortcuts->accelerators = g_ptr_array_new_with_free_func (g_free);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *action_name = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;

      g_object_get (l->data,
                    "action-name", &action_name,
                    "accelerator", &accelerator,
                    "title", &title,
                    NULL);
      g_assert_true (title != NULL && *title != '\0');
      /* Each shortcut says which keys: an action's, or its own. */
      g_assert_true ((action_name != NULL && *action_name != '\0') ||
                     (accelerator != NULL && *accelerator != '\0'));
      if (action_name != NULL && *action_name != '\0')
        g_ptr_array_add (shortcuts->action_names, g_steal_pointer (&action_name));
      if (accelerator != NULL && *accelerator != '\0')
        g_ptr_array_add (shortcuts->accelerators, g_steal_pointer (&accelerator));
    }

  gtk_window_destroy (GTK_WINDOW (overlay));
}

static gboolean
str_array_contains (GPtrArray  *array,
                    const char *string)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), string) == 0)
      return TRUE;

  return FALSE;
}

static void
test_shortcuts (void)
{
  /* A window sets the shortcuts window's own accelerator (Ctrl+?). */
  EoWindow *window = eo_test_open_data_file (app, NULL, 800, 600);
  OverlayShortcuts shortcuts;
  g_auto(GStrv) actions = NULL;
  guint n_with_accels = 0;

  read_help_overlay (&shortcuts);
  g_assert_cmpuint (shortcuts.action_names->len, >=, 8);

  /* Every action with keys is in the shortcuts window. */
  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      g_autofree char *action_name = NULL;
      g_autoptr(GVariant) target = NULL;

      if (accels[0] == NULL)
        continue;

      g_assert_true (g_action_parse_detailed_name (actions[i], &action_name, &target, NULL));
      if (!str_array_contains (shortcuts.action_names, action_name))
        g_error ("%s (%s) is missing from help-overlay.ui", action_name, accels[0]);
      n_with_accels++;
    }
  g_assert_cmpuint (n_with_accels, >=, 10);

  /* Every action listed has keys, and the window or the app has it. */
  for (guint i = 0; i < shortcuts.action_names->len; i++)
    {
      const char *action_name = g_ptr_array_index (shortcuts.action_names, i);
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action_name);

      if (accels[0] == NULL)
        g_error ("help-overlay.ui lists %s, which has no accelerator", action_name);
      if (g_str_has_prefix (action_name, "app."))
        g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), action_name + 4));
    }

  /* The keys written out in the file parse. */
  for (guint i = 0; i < shortcuts.accelerators->len; i++)
    {
      guint key = 0;
      GdkModifierType mods = 0;

      g_assert_true (gtk_accelerator_parse (g_ptr_array_index (shortcuts.accelerators, i), &key, &mods));
      g_assert_cmpuint (key, !=, 0);
    }

  g_ptr_array_unref (shortcuts.action_names);
  g_ptr_array_unref (shortcuts.accelerators);
  eo_test_destroy_window (window);
}

/* Narrow window */

/* libadwaita 1.4+: the header bar and the demo bar are the top bars of an
 * AdwToolbarView over the content; 1.2 keeps the template's plain box. */
static void
test_toolbar_view (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 1000, 640);

  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
#if ADW_CHECK_VERSION (1, 4, 0)
  g_assert_nonnull (window->toolbar_view);
  g_assert_true (ADW_IS_TOOLBAR_VIEW (window->toolbar_view));
  g_assert_true (gtk_widget_get_ancestor (window->header_bar, ADW_TYPE_TOOLBAR_VIEW) == window->toolbar_view);
  g_assert_true (gtk_widget_get_ancestor (window->demo_bar, ADW_TYPE_TOOLBAR_VIEW) == window->toolbar_view);
  g_assert_true (gtk_widget_get_ancestor (GTK_WIDGET (window->stack), ADW_TYPE_TOOLBAR_VIEW) == window->toolbar_view);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (window->upload_panel), window->toolbar_view));
#else
  g_assert_null (window->toolbar_view);
  g_assert_true (gtk_widget_get_parent (window->header_bar) == GTK_WIDGET (window->main_box));
#endif
  /* Still the same widgets: the header bar's buttons work. */
  g_assert_true (gtk_widget_get_mapped (window->header_bar));
  eo_test_destroy_window (window);
}

static void
test_narrow (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 1000, 640);
  EoDeviceView *history_devices = eo_history_view_get_device_view (window->history_view);
  GtkWidget *header_bar = gtk_widget_get_ancestor (window->open_button, ADW_TYPE_HEADER_BAR);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int minimum, natural;
  g_autoptr(GdkTexture) texture = NULL;
  gboolean narrow;

  g_assert_nonnull (header_bar);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* Wide: every column of a file, History in the header bar. */
  g_object_get (window, "narrow", &narrow, NULL);
  g_assert_false (narrow);
  g_assert_true (column_visible (window->device_view, "Line"));
  g_assert_true (column_visible (window->device_view, "ICCID"));
  g_assert_true (column_visible (window->device_view, "Problem"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->history_button)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (window->open_button)), ==, "_Open");
  /* An upload's devices have no line numbers. */
  g_assert_false (column_visible (history_devices, "Line"));

  /* Narrower than the wide layout's minimum (as a user's drag would
   * stop there), then 360 × 640, a phone's width. */
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 640);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), _eo_window_get_narrow (window)),
            "the narrow layout");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), gtk_widget_get_width (GTK_WIDGET (window)) <= 360),
            "the window at 360 px");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_test_message ("Window at 360 px: widget width %d", gtk_widget_get_width (GTK_WIDGET (window)));
  if (gtk_widget_get_width (GTK_WIDGET (window)) > 360)
    dump_wide_widgets (GTK_WIDGET (window), 360, 0);
  /* (The frame's border is not part of the widget.) */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >=, 340);

  g_assert_false (column_visible (window->device_view, "Line"));
  g_assert_false (column_visible (window->device_view, "ICCID"));
  g_assert_false (column_visible (window->device_view, "Problem"));
  g_assert_true (column_visible (window->device_view, "Check"));
  g_assert_true (column_visible (window->device_view, "Name"));
  g_assert_true (column_visible (window->device_view, "EID"));
  g_assert_false (column_visible (history_devices, "ICCID"));
  /* History from the main menu; Open as an icon that keeps its name. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->history_button)));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (window->open_button)), ==, "document-open-symbolic");
  g_assert_true (gtk_widget_is_sensitive (window->assign_button));
  g_assert_true (gtk_widget_get_mapped (window->assign_button));

  /* The problem is in the check icon's tooltip. */
  {
    EoDevice *device = g_list_model_get_item (eo_device_view_get_shown_model (window->device_view), 2);
    GtkWidget *image;

    g_assert_cmpint (eo_device_get_severity (device), ==, EO_SEVERITY_ERROR);
    image = find_tooltip (GTK_WIDGET (window->device_view), eo_device_get_problem_text (device));
    g_assert_true (EO_IS_ICON_CELL (image));
    g_assert_true (gtk_widget_has_css_class (image, "error"));
    {
      g_autofree char *tooltip = dup_tooltip (image);

      g_assert_true (g_str_has_prefix (tooltip, "Error"));
    }
    g_object_unref (device);
  }

  /* Everything fits: the header bar and the whole content. */
  gtk_widget_measure (header_bar, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("Header bar at 360 px: minimum %d, natural %d", minimum, natural);
  g_assert_cmpint (minimum, <=, 360);
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("Content at 360 px: minimum %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, 360, &minimum, &natural, NULL, NULL);
  g_test_message ("Content height at 360 px wide: minimum %d", minimum);
  g_assert_cmpint (minimum, <=, 500);

  texture = eo_test_take_screenshot (GTK_WIDGET (window), "window-narrow.png");
  g_assert_cmpint (gdk_texture_get_width (texture), <=, 360);

  /* And back. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 640);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), !_eo_window_get_narrow (window)),
            "the wide layout");
  g_assert_true (column_visible (window->device_view, "Line"));
  g_assert_true (column_visible (window->device_view, "Problem"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->history_button)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (window->open_button)), ==, "_Open");
  g_assert_false (column_visible (history_devices, "Line"));

  eo_test_destroy_window (window);
}

/* The header of the column titled @title ends at the table's right edge. */
static void
assert_last_column_fills (EoDeviceView *view,
                          const char   *title)
{
  GtkWidget *column_view = GTK_WIDGET (eo_device_view_get_column_view (view));
  GtkWidget *label = find_label_text (column_view, title);
  GtkWidget *header;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (column_view);

  g_assert_nonnull (label);
  /* The label's parent box, then the column's title widget. */
  header = gtk_widget_get_parent (gtk_widget_get_parent (label));
  g_assert_true (gtk_widget_compute_bounds (header, column_view, &bounds));
  g_test_message ("%s column: %.0f to %.0f of %d px", title,
                  bounds.origin.x, bounds.origin.x + bounds.size.width, width);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, >=, width - 2);
}

/* The Problem column takes the width that is left: no blank area on the
 * right of a wide window. */
static void
test_columns_fill (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 1200, 600);
  GtkColumnView *column_view = eo_device_view_get_column_view (window->device_view);
  GtkColumnViewColumn *problem = eo_test_find_column (window->device_view, "Problem");
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr(GtkColumnViewColumn) last = g_list_model_get_item (columns, g_list_model_get_n_items (columns) - 1);

  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (gtk_column_view_column_get_expand (problem));
  g_assert_true (last == problem);
  assert_last_column_fills (window->device_view, "Problem");

  /* Still after columns come and go: the narrow layout, the Status
   * column of an upload. */
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 600);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), _eo_window_get_narrow (window)),
            "the narrow layout");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 600);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), !_eo_window_get_narrow (window)),
            "the wide layout");
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  assert_last_column_fills (window->device_view, "Problem");

  eo_device_view_set_show_upload_status (window->device_view, TRUE);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  assert_last_column_fills (window->device_view, "Problem");
  eo_device_view_set_show_upload_status (window->device_view, FALSE);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  assert_last_column_fills (window->device_view, "Problem");
  eo_test_save_screenshot (GTK_WIDGET (window), "window-wide.png");

  eo_test_destroy_window (window);
}

/* Dark style */

static void
test_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  g_autoptr(GBytes) css = NULL;
  const char *text;
  EoWindow *window;
  double light_bg, dark_bg;

  /* Nothing forces a scheme: the system's preference rules. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* The style sheet takes its colours from the theme (named colours),
   * never hard-coded ones that would be wrong in one of the styles. */
  css = g_resources_lookup_data ("/io/github/esimonboard/EsimOnboard/style.css", 0, NULL);
  g_assert_nonnull (css);
  text = g_bytes_get_data (css, NULL);
  g_assert_null (strstr (text, "rgb("));
  g_assert_null (strstr (text, "rgba("));
  for (const char *p = strchr (text, '#'); p != NULL; p = strchr (p + 1, '#'))
    g_assert_false (g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]));

  window = eo_test_open_data_file (app, "devices.csv", 1000, 640);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  light = eo_test_take_screenshot (GTK_WIDGET (window), "window-light.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  dark = eo_test_take_screenshot (GTK_WIDGET (window), "window-dark.png");

  /* The empty part of the table, under the rows. */
  light_bg = mean_luminance (light, 100, 500, 400, 80);
  dark_bg = mean_luminance (dark, 100, 500, 400, 80);
  g_test_message ("Table background luminance: light %.2f, dark %.2f", light_bg, dark_bg);
  g_assert_cmpfloat (light_bg, >, 0.8);
  g_assert_cmpfloat (dark_bg, <, 0.3);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  eo_test_destroy_window (window);
}

/* Accessible names */

static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  /* A button with a text label is named by it. */
  if (GTK_IS_BUTTON (widget))
    {
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

      if (GTK_IS_LABEL (child))
        return *gtk_label_get_text (GTK_LABEL (child)) != '\0';
      if (ADW_IS_BUTTON_CONTENT (child))
        return *adw_button_content_get_label (ADW_BUTTON_CONTENT (child)) != '\0';
    }

  return FALSE;
}

/* Every button, toggle, menu button and entry under @widget has a name. */
static guint
check_names (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
      GTK_IS_ENTRY (widget) || GTK_IS_SWITCH (widget) || GTK_IS_COLUMN_VIEW (widget) ||
      GTK_IS_LIST_BOX (widget))
    {
      /* The menu button's inner toggle is named by its parent. */
      if (!(GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget))) &&
          !has_accessible_name (widget))
        g_error ("%s %p (%s) has no accessible name",
                 G_OBJECT_TYPE_NAME (widget), widget,
                 gtk_widget_get_tooltip_text (widget) ? gtk_widget_get_tooltip_text (widget) : "no tooltip");
      n++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += check_names (child);

  return n;
}

static void
test_accessible_names (void)
{
  EoWindow *window = eo_test_open_data_file (app, "devices.csv", 1000, 640);
  GListModel *columns = gtk_column_view_get_columns (eo_device_view_get_column_view (window->device_view));
  guint n;

  n = check_names (GTK_WIDGET (window));
  g_test_message ("%u controls named", n);
  g_assert_cmpuint (n, >=, 15);

  /* Every column has a title. */
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_assert_true (gtk_column_view_column_get_title (column) != NULL &&
                     *gtk_column_view_column_get_title (column) != '\0');
    }

  /* Buttons with a text label are named once, without the underline
   * (GTK 4.8 would say "_Assign eSIMs Assign eSIMs"). */
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (window->assign_button),
                                                    GTK_ACCESSIBLE_PROPERTY_LABEL));

  /* The Open button as an icon keeps its name. */
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 640);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1), _eo_window_get_narrow (window)),
            "the narrow layout");
  {
    char *error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (window->open_button),
                                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "Open");
    if (error != NULL)
      g_error ("Open button: %s", error);
    error = gtk_test_accessible_check_property (GTK_ACCESSIBLE (window->assign_button),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, "Assign eSIMs");
    if (error != NULL)
      g_error ("Assign button: %s", error);
  }
  n = check_names (GTK_WIDGET (window));
  g_assert_cmpuint (n, >=, 10);

  eo_test_destroy_window (window);
}

/* Icons */

/* Every icon the windows name is found and loads (gdk-pixbuf's SVG loader
 * is installed): without, each shows as a broken image. */
static void
test_icons (void)
{
  static const char *names[] = {
    APP_ID "-symbolic", "dialog-error-symbolic", "dialog-password-symbolic", "dialog-warning-symbolic",
    "document-open-recent-symbolic", "document-save-symbolic", "edit-copy-symbolic",
    "edit-undo-symbolic", "emblem-ok-symbolic", "go-previous-symbolic", "open-menu-symbolic",
    "send-to-symbolic", "user-trash-symbolic", "view-refresh-symbolic", "window-close-symbolic",
  };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, names[i], NULL, 16, 1,
                                                                     GTK_TEXT_DIR_NONE, 0);
      g_autoptr(GFile) file = gtk_icon_paintable_get_file (icon);
      g_autofree char *basename = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
      g_autoptr(GError) error = NULL;
      gsize length;

      g_assert_nonnull (file);
      basename = g_file_get_basename (file);
      if (g_str_has_prefix (basename, "image-missing"))
        g_error ("The icon %s is not installed", names[i]);
      g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
      if (!gdk_pixbuf_loader_write (loader, (const guchar *) contents, length, &error) ||
          !gdk_pixbuf_loader_close (loader, &error))
        g_error ("The icon %s (%s) does not load: %s", names[i], basename, error->message);
      g_assert_nonnull (gdk_pixbuf_loader_get_pixbuf (loader));
    }
}

/* About */

static void
test_about (void)
{
  EoWindow *window = eo_test_open_data_file (app, NULL, 800, 600);
  GtkWidget *about;
  g_autofree char *name = NULL, *icon = NULL, *version = NULL, *website = NULL;
  g_autofree char *issue_url = NULL, *translators = NULL;
  g_auto(GStrv) developers = NULL;
  GtkLicense license;

  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  /* AdwAboutDialog over the window (libadwaita 1.5 and later) or a modal
   * AdwAboutWindow transient for it: the same properties. */
  about = eo_test_wait_for_dialog (GTK_WINDOW (window), eo_about_get_platform_type ());
  g_assert_true (eo_dialog_get_parent (about) == GTK_WINDOW (window));
  if (GTK_IS_WINDOW (about))
    g_assert_true (gtk_window_get_modal (GTK_WINDOW (about)));

  g_object_get (about,
                "application-name", &name,
                "application-icon", &icon,
                "version", &version,
                "license-type", &license,
                "website", &website,
                "issue-url", &issue_url,
                "developers", &developers,
                "translator-credits", &translators,
                NULL);
  g_assert_cmpstr (name, ==, "eSIM Onboard");
  g_assert_cmpstr (icon, ==, APP_ID);
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
  g_assert_cmpint (license, ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (website, ==, "https://github.com/esimonboard/esim-onboard");
  g_assert_cmpstr (issue_url, ==, "https://github.com/esimonboard/esim-onboard/issues");
  g_assert_true (developers != NULL && developers[0] != NULL);
  g_assert_cmpstr (translators, ==, _("translator-credits"));

  eo_test_save_dialog_screenshot (about, "about.png");
  eo_test_close_dialog (about);
  eo_test_destroy_window (window);
}

/* The metainfo's screenshots are in the tree, small, and the first is
 * the default. */
static void
test_metainfo_screenshots (void)
{
  const char *source_root = g_getenv ("EO_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (source_root, "data",
                                            "io.github.esimonboard.EsimOnboard.metainfo.xml.in.in", NULL);
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  const char *prefix = "https://raw.githubusercontent.com/esimonboard/esim-onboard/main/data/screenshots/";
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (xml, "<screenshot type=\"default\">"));

  for (const char *p = strstr (xml, prefix); p != NULL; p = strstr (p + 1, prefix))
    {
      const char *name = p + strlen (prefix);
      g_autofree char *file = g_strndup (name, strcspn (name, "<"));
      g_autofree char *local = g_build_filename (source_root, "data", "screenshots", file, NULL);
      GStatBuf st;

      g_assert_true (g_str_has_suffix (file, ".png"));
      if (g_stat (local, &st) != 0)
        g_error ("%s is referenced by the metainfo but missing", local);
      g_test_message ("%s: %ld bytes", file, (long) st.st_size);
      g_assert_cmpint (st.st_size, <, 300 * 1024);
      n++;
    }
  g_assert_cmpuint (n, >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);
  app = eo_test_application_new ();

  g_test_add_func ("/gnome/shortcuts", test_shortcuts);
  g_test_add_func ("/gnome/toolbar-view", test_toolbar_view);
  g_test_add_func ("/gnome/narrow", test_narrow);
  g_test_add_func ("/gnome/columns-fill", test_columns_fill);
  g_test_add_func ("/gnome/dark", test_dark);
  g_test_add_func ("/gnome/accessible-names", test_accessible_names);
  g_test_add_func ("/gnome/icons", test_icons);
  g_test_add_func ("/gnome/about", test_about);
  g_test_add_func ("/gnome/metainfo-screenshots", test_metainfo_screenshots);

  return eo_test_gui_run (&app);
}
