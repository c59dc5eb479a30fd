/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-device-view-scale"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <string.h>

#include "eo-device.h"
#include "eo-device-view-private.h"
#include "eo-icon-cell.h"
#include "eo-test-gui.h"
#include "device-view-scale.h"

/* The real window with 100,000 devices: the table scrolls, sorts and
 * filters without a frame gap over a generous bound (a stall of a
 * quarter of a second is what the eye sees as a freeze; before, every
 * frame of a scroll took 0.4 s), and binding a row sets no tooltip:
 * cells make theirs when GTK asks. The figures themselves are the
 * benchmark's (bench-device-view). */

#define N_ROWS 100000
#define MAX_GAP_MS 250.0
#define MAX_FILTER_GAP_MS 1000.0

static EoApplication *app;
static EoWindow *window;
static char *tmpdir;

static void
open_big_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  tmpdir = g_dir_make_tmp ("eo-view-scale-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (tmpdir, "devices.csv", NULL);
  eo_scale_write_devices (path, N_ROWS);
  file = g_file_new_for_path (path);

  window = eo_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  eo_window_open_file (window, file);
  EO_TEST_WAIT_FOR (!eo_window_is_loading (window), "the load", 120);
  eo_test_wait_for_frames (GTK_WIDGET (window), 5);
  g_unlink (path);

  g_assert_cmpuint (g_list_model_get_n_items (eo_device_view_get_shown_model (window->device_view)), ==, N_ROWS);
}

static void
check_stats_within (const char         *what,
                    const EoScaleStats *stats,
                    double              max_gap_ms)
{
  g_test_message ("%s: %u frames in %.2f s (%.1f fps), worst gap %.1f ms, %u gaps over 50 ms, "
                  "CPU %.2f s (main thread)", what, stats->frames, stats->seconds, stats->fps,
                  stats->worst_gap_ms, stats->gaps_over_50ms, stats->cpu_thread_s);
  g_assert_cmpuint (stats->frames, >, 0);
  g_assert_cmpfloat (stats->worst_gap_ms, <, max_gap_ms);
}

static void
check_stats (const char         *what,
             const EoScaleStats *stats)
{
  check_stats_within (what, stats, MAX_GAP_MS);
}

static void
test_scroll (void)
{
  EoScaleStats stats;

  /* A page a frame: every frame binds every row anew. */
  eo_scale_scroll (window->device_view, 120, 1.0, &stats);
  check_stats ("scroll, a page a frame", &stats);
  g_assert_cmpuint (stats.frames, >=, 100);
}

/* Every mapped widget under @widget: the cells' tooltips are given on
 * demand, none is set as text. Counts the cells with a tooltip now. */
static guint
check_cells (GtkWidget *widget,
             guint     *n_cells)
{
  guint n_with_tooltip = 0;

  if (_eo_device_view_cell_has_query_tooltip (widget))
    {
      g_autofree char *text = _eo_device_view_dup_cell_tooltip (widget);

      (*n_cells)++;
      g_assert_true (gtk_widget_get_has_tooltip (widget));
      g_assert_null (gtk_widget_get_tooltip_text (widget));
      if (text != NULL && *text != '\0')
        n_with_tooltip++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_with_tooltip += check_cells (child, n_cells);

  return n_with_tooltip;
}

/* A mapped cell under @widget of type @type showing @device's @text. */
static GtkWidget *
find_cell (GtkWidget  *widget,
           GType       type,
           const char *label_text,
           const char *tooltip_prefix)
{
  if (gtk_widget_get_mapped (widget) && G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      _eo_device_view_cell_has_query_tooltip (widget))
    {
      g_autofree char *tooltip = _eo_device_view_dup_cell_tooltip (widget);

      if ((label_text == NULL || g_strcmp0 (eo_test_widget_text (widget), label_text) == 0) &&
          (tooltip_prefix == NULL || (tooltip != NULL && g_str_has_prefix (tooltip, tooltip_prefix))))
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cell (child, type, label_text, tooltip_prefix);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_tooltips (void)
{
  GtkWidget *column_view = GTK_WIDGET (eo_device_view_get_column_view (window->device_view));
  GListModel *shown = eo_device_view_get_shown_model (window->device_view);
  guint n_cells = 0;
  guint n_with_tooltip;
  GtkWidget *cell;

  /* After a scroll through the list, rows bound many times over. */
  eo_device_view_scroll_to_top (window->device_view);
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);

  n_with_tooltip = check_cells (column_view, &n_cells);
  g_test_message ("%u cells give tooltips on demand, %u have one now", n_cells, n_with_tooltip);
  g_assert_cmpuint (n_cells, >, 20);
  g_assert_cmpuint (n_with_tooltip, >, 10);

  /* The name's tooltip is the whole name, of the row shown now. */
  {
    g_autoptr(EoDevice) first = g_list_model_get_item (shown, 0);
    g_autofree char *tooltip = NULL;

    cell = find_cell (column_view, GTK_TYPE_INSCRIPTION, eo_device_get_name (first), NULL);
    g_assert_nonnull (cell);
    tooltip = _eo_device_view_dup_cell_tooltip (cell);
    g_assert_cmpstr (tooltip, ==, eo_device_get_name (first));
  }

  /* The check icon of a row with an error: the severity and the
   * problem (row 4 of the file has a wrong check digit). */
  {
    g_autoptr(EoDevice) device = g_list_model_get_item (shown, 3);
    g_autofree char *tooltip = NULL;
    g_autofree char *expected = NULL;

    g_assert_cmpint (eo_device_get_severity (device), ==, EO_SEVERITY_ERROR);
    cell = find_cell (column_view, EO_TYPE_ICON_CELL, NULL, "Error");
    g_assert_nonnull (cell);
    tooltip = _eo_device_view_dup_cell_tooltip (cell);
    expected = g_strconcat ("Error: this device will be left out\n", eo_device_get_problem_text (device), NULL);
    g_assert_cmpstr (tooltip, ==, expected);
  }

  /* GTK's own query gives the same text (a GtkTooltip has no getter:
   * the handler's answer is what is checked). */
  {
    GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown_tooltip = FALSE;

    g_signal_emit_by_name (cell, "query-tooltip", 1, 1, FALSE, tooltip, &shown_tooltip);
    g_assert_true (shown_tooltip);
    g_object_unref (tooltip);
  }

  /* A row without a problem has no Problem tooltip. */
  {
    g_autoptr(EoDevice) device = g_list_model_get_item (shown, 0);
    GtkWidget *ok_icon;

    g_assert_cmpint (eo_device_get_severity (device), ==, EO_SEVERITY_OK);
    ok_icon = find_cell (column_view, EO_TYPE_ICON_CELL, NULL, "No problems");
    g_assert_nonnull (ok_icon);
  }
}

/* Layers over most of the window in @node (a color node, an inset
 * shadow) counted into @n_colors and @n_insets, in the coordinates of
 * @transform. */
static void
count_layers (GskRenderNode *node,
              GskTransform  *transform,
              double         min_area,
              guint         *n_colors,
              guint         *n_insets)
{
  graphene_rect_t node_bounds;
  graphene_rect_t bounds;

  gsk_render_node_get_bounds (node, &node_bounds);
  gsk_transform_transform_bounds (transform, &node_bounds, &bounds);
  if (bounds.size.width * bounds.size.height < min_area)
    return;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_COLOR_NODE:
      (*n_colors)++;
      break;
    case GSK_INSET_SHADOW_NODE:
      (*n_insets)++;
      break;
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        count_layers (gsk_container_node_get_child (node, i), transform, min_area, n_colors, n_insets);
      break;
    case GSK_TRANSFORM_NODE:
      {
        g_autoptr(GskTransform) child_transform =
          gsk_transform_transform (gsk_transform_ref (transform), gsk_transform_node_get_transform (node));

        count_layers (gsk_transform_node_get_child (node), child_transform, min_area, n_colors, n_insets);
      }
      break;
    case GSK_CLIP_NODE:
      count_layers (gsk_clip_node_get_child (node), transform, min_area, n_colors, n_insets);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      count_layers (gsk_rounded_clip_node_get_child (node), transform, min_area, n_colors, n_insets);
      break;
    case GSK_OPACITY_NODE:
      count_layers (gsk_opacity_node_get_child (node), transform, min_area, n_colors, n_insets);
      break;
    default:
      break;
    }
}

/* What the GL renderer is given to paint: before GTK 4.14 it paints
 * every node over its whole area, so a layer the size of the window is
 * ~7 ms of software OpenGL a frame, an inset shadow of that size ~45 ms
 * (style-ngl.css). The frame of a window without a compositor is no
 * inset shadow, and the table's rows are painted over two layers (the
 * window's background, the table's), not three. */
static void
test_layers (void)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n_colors = 0;
  guint n_insets = 0;

#if GTK_CHECK_VERSION (4, 14, 0)
  g_test_skip ("GTK 4.14's renderers skip what is covered and draw an inset shadow's ring only");
  return;
#endif
  if (!gtk_widget_has_css_class (widget, "solid-csd"))
    {
      g_test_skip ("the window has a compositor's frame, not solid-csd");
      return;
    }

  eo_device_view_scroll_to_top (window->device_view);
  eo_test_wait_for_frames (widget, 3);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  count_layers (node, NULL, 0.5 * width * height, &n_colors, &n_insets);
  g_test_message ("over half of the window: %u color layers, %u inset shadows", n_colors, n_insets);
  g_assert_cmpuint (n_insets, ==, 0);
  g_assert_cmpuint (n_colors, ==, 2);
}

static void
count_cb (GtkListItemFactory *factory,
          GtkListItem        *list_item,
          guint              *count)
{
  (*count)++;
}

/* The focused row of the table, or GTK_INVALID_LIST_POSITION. */
static guint
focused_row (void)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkListItem *list_item = focus != NULL ? _eo_device_view_find_list_item (focus) : NULL;

  return list_item != NULL ? gtk_list_item_get_position (list_item) : GTK_INVALID_LIST_POSITION;
}

static guint
selected_row (void)
{
  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (eo_device_view_get_shown_model (window->device_view)));
}

/* Page Down and Page Up move the focus and the selection a page, the
 * row moved to in sight, and make or destroy no row of cells: with GTK
 * 4.8 each one used to make the row a page away (and destroy one), and
 * every cell made or destroyed has its column measure all its cells
 * again. Rows are counted with the factories' setup and teardown. */
static void
test_page_keys (void)
{
  GtkColumnView *column_view = eo_device_view_get_column_view (window->device_view);
  GListModel *columns = gtk_column_view_get_columns (column_view);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (column_view));
  guint n_setup = 0, n_teardown = 0, n_bind = 0;
  double row_height, page_size;
  guint rows_per_page, pos;

  eo_device_view_scroll_to_top (window->device_view);
  gtk_widget_grab_focus (GTK_WIDGET (column_view));
  eo_test_wait_for_frames (GTK_WIDGET (window), 3);
  pos = focused_row ();
  g_assert_cmpuint (pos, ==, 0);
  if (!_eo_device_view_move_page (window->device_view, TRUE, 0))
    {
      g_test_skip ("GTK's own list binding moves a page (GTK 4.10 and later)");
      return;
    }
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);

  row_height = (gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment)) / N_ROWS;
  page_size = gtk_adjustment_get_page_size (adjustment);
  /* The last row whole in the page that starts at the focused one. */
  rows_per_page = (guint) (page_size / row_height) - 1;
  g_test_message ("rows %.0f px high, %u a page", row_height, rows_per_page);
  g_assert_cmpuint (focused_row (), ==, rows_per_page);
  g_assert_cmpuint (selected_row (), ==, rows_per_page);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkListItemFactory *factory = gtk_column_view_column_get_factory (column);

      g_signal_connect (factory, "setup", G_CALLBACK (count_cb), &n_setup);
      g_signal_connect (factory, "teardown", G_CALLBACK (count_cb), &n_teardown);
      g_signal_connect (factory, "bind", G_CALLBACK (count_cb), &n_bind);
    }

  /* A key a frame, then two keys in one frame (the second one before
   * the list is allocated again). */
  for (guint i = 0; i < 12; i++)
    {
      guint n_bind_before = n_bind;

      pos = focused_row ();
      g_assert_true (_eo_device_view_move_page (window->device_view, TRUE, 0));
      if (i >= 8 && i % 2 == 0)
        {
          g_assert_cmpuint (focused_row (), ==, pos + rows_per_page);
          continue;
        }
      eo_test_wait_for_frames (GTK_WIDGET (window), 1);
      g_assert_cmpuint (focused_row (), ==, pos + rows_per_page);
      g_assert_cmpuint (selected_row (), ==, focused_row ());
      /* The two rows whose selection changed are bound again (GTK 4.8
       * binds a row whose state changes anew), and the rows the list
       * takes into its range: not every row between the two (a
       * GtkSingleSelection moving says all of them changed), which was a
       * page of rows bound twice (132 cells a key here before). */
      if (i < 8)
        {
          guint n_shown_columns = 0;

          for (guint c = 0; c < g_list_model_get_n_items (columns); c++)
            {
              g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, c);

              n_shown_columns += gtk_column_view_column_get_visible (column);
            }
          g_test_message ("Page Down %u: %u cells bound", i, n_bind - n_bind_before);
          g_assert_cmpuint (n_bind - n_bind_before, <, rows_per_page * n_shown_columns);
        }
      /* In sight, at the bottom. */
      g_assert_cmpfloat (focused_row () * row_height, >=, gtk_adjustment_get_value (adjustment));
      g_assert_cmpfloat ((focused_row () + 1) * row_height, <=,
                         gtk_adjustment_get_value (adjustment) + page_size + 0.5);
    }
  pos = focused_row ();
  g_assert_true (_eo_device_view_move_page (window->device_view, FALSE, 0));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_cmpuint (focused_row (), ==, pos - rows_per_page);
  g_assert_cmpuint (selected_row (), ==, focused_row ());
  g_assert_cmpfloat (focused_row () * row_height, >=, gtk_adjustment_get_value (adjustment) - 0.5);

  g_test_message ("%u rows made, %u destroyed", n_setup, n_teardown);
  g_assert_cmpuint (n_setup, ==, 0);
  g_assert_cmpuint (n_teardown, ==, 0);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_signal_handlers_disconnect_by_func (gtk_column_view_column_get_factory (column), count_cb, &n_setup);
      g_signal_handlers_disconnect_by_func (gtk_column_view_column_get_factory (column), count_cb, &n_teardown);
      g_signal_handlers_disconnect_by_func (gtk_column_view_column_get_factory (column), count_cb, &n_bind);
    }

  /* Ctrl moves the focus, not the selection (the list then keeps the
   * selected row's widget besides: a row more, rightly). */
  pos = focused_row ();
  g_assert_true (_eo_device_view_move_page (window->device_view, TRUE, GDK_CONTROL_MASK));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_cmpuint (focused_row (), ==, pos + rows_per_page);
  g_assert_cmpuint (selected_row (), ==, pos);
}

static void
check_sorted (GCompareFunc compare)
{
  GListModel *shown = eo_device_view_get_shown_model (window->device_view);
  guint n = g_list_model_get_n_items (shown);
  g_autoptr(EoDevice) previous = g_list_model_get_item (shown, 0);

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (shown, i);

      if (compare (previous, device) > 0)
        g_error ("Rows %u and %u out of order", i - 1, i);
      g_set_object (&previous, device);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *fa = g_utf8_casefold (eo_device_get_name ((EoDevice *) a), -1);
  g_autofree char *fb = g_utf8_casefold (eo_device_get_name ((EoDevice *) b), -1);

  return g_utf8_collate (fa, fb);
}

static int
compare_severity_descending (gconstpointer a,
                             gconstpointer b)
{
  return (int) eo_device_get_severity ((EoDevice *) b) - (int) eo_device_get_severity ((EoDevice *) a);
}

static void
test_sort (void)
{
  GtkColumnView *column_view = eo_device_view_get_column_view (window->device_view);
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (eo_device_view_get_shown_model (window->device_view));
  EoDeviceOrder *order = EO_DEVICE_ORDER (gtk_single_selection_get_model (selection));
  g_autoptr(EoDevice) last = NULL;
  guint last_position = 0;
  EoScaleStats stats;
  guint64 reads;

  /* A row selected that a sort by name puts last: the sort keeps it
   * selected, and finds it without reading the rows (a
   * GtkSingleSelection that keeps its row through the change reads each
   * new row until it finds it: 100,000 more here, 200,406 reads in all
   * before EoDeviceOrder::reordering). GTK 4.8's list view itself reads
   * each new row once when a row it tracks (the one at the top, the
   * focus) is among the changed ones: the other 100,000. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (order)); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (G_LIST_MODEL (order), i);

      if (last == NULL || compare_names (device, last) >= 0)
        {
          g_set_object (&last, device);
          last_position = i;
        }
    }
  gtk_single_selection_set_selected (selection, last_position);
  reads = eo_device_order_get_n_reads (order);
  eo_scale_sort (window->device_view, "Name", FALSE, &stats);
  check_stats ("sort by name", &stats);
  g_test_message ("rows read by the sort's change: %" G_GUINT64_FORMAT,
                  eo_device_order_get_n_reads (order) - reads);
  g_assert_cmpuint (eo_device_order_get_n_reads (order) - reads, <, N_ROWS + N_ROWS / 2);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer) last);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, N_ROWS - 1);
  check_sorted (compare_names);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);

  eo_scale_sort (window->device_view, "Check", FALSE, &stats);
  check_stats ("sort by check status", &stats);
  check_sorted (compare_severity_descending);

  /* Scrolling a sorted list. */
  eo_scale_scroll (window->device_view, 60, 1.0, &stats);
  check_stats ("scroll sorted, a page a frame", &stats);

  gtk_column_view_sort_by_column (column_view, NULL, GTK_SORT_ASCENDING);
  EO_TEST_WAIT_FOR (!eo_device_view_is_sorting (window->device_view), "the sort", 60);
}

static void
test_filter (void)
{
  GListModel *shown = eo_device_view_get_shown_model (window->device_view);
  EoScaleStats stats;

  eo_scale_sort (window->device_view, "Name", FALSE, &stats);
  eo_scale_filter (window->device_view, TRUE, &stats);
  /* Filtering a sorted list still has gaps of 0.1-0.35 s (the sort
   * model takes each batch the filter gives): a freeze is what fails. */
  check_stats_within ("only problems", &stats, MAX_FILTER_GAP_MS);
  /* One row in 25 has a wrong check digit; a few names repeat (warnings). */
  {
    GListModel *model = eo_device_view_get_model (window->device_view);
    guint n_problems = 0;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(EoDevice) device = g_list_model_get_item (model, i);

        n_problems += eo_device_get_severity (device) > EO_SEVERITY_OK;
      }
    g_assert_cmpuint (n_problems, >=, N_ROWS / 25);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, n_problems);
  }
  check_sorted (compare_names);

  eo_scale_filter (window->device_view, FALSE, &stats);
  check_stats_within ("all rows again", &stats, MAX_FILTER_GAP_MS);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, N_ROWS);
  check_sorted (compare_names);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* The frames measured are the app's work (binding, sorting): the GL
   * renderer on Xvfb's software OpenGL adds ~30 ms of CPU to every full
   * frame (180 ms before style-ngl.css), which on a shared machine is
   * mostly waiting for a core (bench-device-view measures both
   * renderers; the layers case checks what GL is given to paint). */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  eo_test_gui_init (&argc, &argv);
  app = eo_test_application_new ();

  g_test_add_func ("/device-view/scale/open", open_big_list);
  g_test_add_func ("/device-view/scale/layers", test_layers);
  g_test_add_func ("/device-view/scale/scroll", test_scroll);
  g_test_add_func ("/device-view/scale/tooltips", test_tooltips);
  g_test_add_func ("/device-view/scale/page-keys", test_page_keys);
  g_test_add_func ("/device-view/scale/sort", test_sort);
  g_test_add_func ("/device-view/scale/filter", test_filter);
  status = g_test_run ();

  if (window != NULL)
    eo_test_destroy_window (window);
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  if (tmpdir != NULL)
    g_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}
