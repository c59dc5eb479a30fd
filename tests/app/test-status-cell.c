/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-status-cell"

#include "config.h"

#include <adwaita.h>

#include "eo-device.h"
#include "eo-device-view-private.h"
#include "eo-status-cell-private.h"
#include "eo-test-gui.h"

/* The device table's Status column cell (EoStatusCell, issue 8): what it
 * draws (its icon, a gap, its text, in the CSS colour, mirrored right to
 * left), that a new text leaves its size alone, and in the real table that
 * its cells draw with the table's font context and share one layout per
 * text (a PangoContext made per cell was most of the frame that shows the
 * column), and that the column waits for a frame of its own. */

static EoApplication *app;

#define WAIT_FOR(cond, what) EO_TEST_WAIT_FOR (cond, what, 30)
#define ICON_SIZE 16
#define ICON_GAP 6

typedef struct
{
  guint icon;   /* pixels drawn in the icon's place */
  guint gap;    /* between the icon and the text */
  guint text;   /* in the text's place */
  guint red;    /* of those, mostly red */
} Drawn;

static Drawn
count_drawn (GdkTexture *texture,
             gboolean    rtl)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *data = g_malloc (stride * (gsize) height);
  Drawn drawn = { 0, };

  /* CAIRO_FORMAT_ARGB32, premultiplied, native endian. */
  gdk_texture_download (texture, data, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
        guint a = pixel >> 24, r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;
        int from_start = rtl ? width - 1 - x : x;

        if (a < 64)
          continue;
        if (r > g + 40 && r > b + 40)
          drawn.red++;
        if (from_start < ICON_SIZE)
          drawn.icon++;
        else if (from_start < ICON_SIZE + ICON_GAP)
          drawn.gap++;
        else
          drawn.text++;
      }
  return drawn;
}

static void
assert_drawn (GtkWidget *cell,
              gboolean   rtl)
{
  g_autoptr(GdkTexture) texture = eo_test_render (cell);
  Drawn drawn = count_drawn (texture, rtl);

  g_test_message ("icon %u, gap %u, text %u, red %u", drawn.icon, drawn.gap, drawn.text, drawn.red);
  g_assert_cmpuint (drawn.icon, >, 10);
  g_assert_cmpuint (drawn.gap, ==, 0);
  g_assert_cmpuint (drawn.text, >, 20);
  /* The "error" class's colour, icon and text alike. */
  g_assert_cmpuint (drawn.red * 10, >=, (drawn.icon + drawn.text) * 9);
}

static void
test_draw (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *cell = eo_status_cell_new ();
  EoStatusCell *status = EO_STATUS_CELL (cell);
  int width, height;

  gtk_widget_set_halign (cell, GTK_ALIGN_START);
  gtk_widget_add_css_class (cell, "error");
  gtk_box_append (GTK_BOX (box), cell);
  gtk_window_set_child (GTK_WINDOW (window), box);
  eo_status_cell_set (status, "dialog-error-symbolic", "Failed");
  gtk_window_present (GTK_WINDOW (window));

  assert_drawn (cell, FALSE);
  g_assert_cmpstr (eo_status_cell_get_text (status), ==, "Failed");
  g_assert_cmpstr (eo_status_cell_get_icon_name (status), ==, "dialog-error-symbolic");
  width = gtk_widget_get_width (cell);
  height = gtk_widget_get_height (cell);
  g_assert_cmpint (width, >, ICON_SIZE + ICON_GAP);
  g_assert_cmpint (height, >=, ICON_SIZE);

  /* Its size comes from the font, not from the text: a server's long
   * word is cut, the table not measured again. */
  eo_status_cell_set (status, "dialog-error-symbolic",
                      "Failed: a reason of the server far too long for the column it is shown in");
  assert_drawn (cell, FALSE);
  g_assert_cmpint (gtk_widget_get_width (cell), ==, width);
  g_assert_cmpint (gtk_widget_get_height (cell), ==, height);

  /* Right to left: the icon at the start, on the right. */
  gtk_widget_set_direction (cell, GTK_TEXT_DIR_RTL);
  assert_drawn (cell, TRUE);

  /* No text, no icon: nothing left of either. */
  eo_status_cell_set (status, NULL, "");
  g_assert_cmpstr (eo_status_cell_get_text (status), ==, "");
  g_assert_null (eo_status_cell_get_icon_name (status));
  g_assert_null (_eo_status_cell_get_layout (status));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (EO_IS_STATUS_CELL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (cells, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

static GPtrArray *
shown_cells (EoWindow *window)
{
  GPtrArray *cells = g_ptr_array_new ();

  eo_test_wait_for_frames (GTK_WIDGET (window), 3);
  collect_cells (GTK_WIDGET (eo_device_view_get_column_view (window->device_view)), cells);
  return cells;
}

static void
test_table (void)
{
  g_autoptr(GString) csv = g_string_new ("EID,Name\n");
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) after = NULL;
  GListModel *devices;
  EoWindow *window;
  GtkWidget *table;
  PangoLayout *pending = NULL;
  PangoLayout *assigned = NULL;
  guint n_assigned = 0;

  for (guint i = 0; i < 80; i++)
    {
      g_autofree char *eid = eo_test_make_eid (i + 1);

      g_string_append_printf (csv, "%s,Phone %u\n", eid, i + 1);
    }
  window = eo_test_open_list (app, "status-cells.csv", csv->str);
  table = GTK_WIDGET (eo_device_view_get_column_view (window->device_view));

  eo_device_view_set_show_upload_status (window->device_view, TRUE);
  WAIT_FOR ((eo_test_wait_for_frames (GTK_WIDGET (window), 1),
             gtk_column_view_column_get_visible (window->device_view->upload_column)),
            "the Status column");
  devices = G_LIST_MODEL (window->devices);
  g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 80);
  for (guint i = 0; i < g_list_model_get_n_items (devices); i++)
    {
      g_autoptr(EoDevice) device = g_list_model_get_item (devices, i);

      eo_device_set_remote (device, EO_DEVICE_STATUS_PENDING, "PENDING", NULL, NULL);
    }

  /* A cell a row in sight, each drawn with the one layout of its text,
   * made in the table's context. */
  cells = shown_cells (window);
  g_test_message ("%u cells in sight", cells->len);
  g_assert_cmpuint (cells->len, >=, 10);
  for (guint i = 0; i < cells->len; i++)
    {
      EoStatusCell *cell = g_ptr_array_index (cells, i);
      PangoLayout *layout = _eo_status_cell_get_layout (cell);

      g_assert_cmpstr (eo_status_cell_get_text (cell), ==, "Pending");
      g_assert_nonnull (layout);
      if (pending == NULL)
        pending = layout;
      g_assert_true (layout == pending);
    }
  g_assert_true (pango_layout_get_context (pending) == gtk_widget_get_pango_context (table));

  /* One device's answer: its cell alone changes, to a layout of its own. */
  {
    g_autoptr(EoDevice) first = g_list_model_get_item (devices, 0);

    eo_device_set_remote (first, EO_DEVICE_STATUS_SUCCESS, "SUCCESS", NULL, "8901990000000000011");
  }
  after = shown_cells (window);
  g_assert_cmpuint (after->len, ==, cells->len);
  for (guint i = 0; i < after->len; i++)
    {
      EoStatusCell *cell = g_ptr_array_index (after, i);

      if (g_str_equal (eo_status_cell_get_text (cell), "Assigned"))
        {
          n_assigned++;
          assigned = _eo_status_cell_get_layout (cell);
          g_assert_cmpstr (eo_status_cell_get_icon_name (cell), ==, "emblem-ok-symbolic");
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell), "success"));
        }
      else
        {
          g_assert_cmpstr (eo_status_cell_get_text (cell), ==, "Pending");
          g_assert_true (_eo_status_cell_get_layout (cell) == pending);
        }
    }
  g_assert_cmpuint (n_assigned, ==, 1);
  g_assert_nonnull (assigned);
  g_assert_true (assigned != pending);

  eo_test_destroy_window (window);
}

static gint64
frame_counter (EoWindow *window)
{
  return gdk_frame_clock_get_frame_counter (gtk_widget_get_frame_clock (GTK_WIDGET (window)));
}

/* The window defers the Status column while its layout changes (the
 * upload panel shown, then grown as the server takes the upload): the
 * column shows two frames after the last such change, never in the same
 * frame as one. */
static void
test_deferred_column (void)
{
  g_autoptr(GString) csv = g_string_new ("EID,Name\n");
  GtkColumnViewColumn *column;
  EoWindow *window;
  gint64 last;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *eid = eo_test_make_eid (i + 1);

      g_string_append_printf (csv, "%s,Phone %u\n", eid, i + 1);
    }
  window = eo_test_open_list (app, "deferred.csv", csv->str);
  column = window->device_view->upload_column;
  g_assert_false (gtk_column_view_column_get_visible (column));

  eo_device_view_set_show_upload_status (window->device_view, TRUE);
  g_assert_true (eo_device_view_get_show_upload_status (window->device_view));
  for (guint i = 0; i < 6; i++)
    {
      gint64 frame = frame_counter (window);

      eo_device_view_defer_upload_column (window->device_view);
      WAIT_FOR (frame_counter (window) > frame, "a frame");
      g_assert_false (gtk_column_view_column_get_visible (column));
    }
  last = frame_counter (window);
  eo_device_view_defer_upload_column (window->device_view);
  WAIT_FOR (gtk_column_view_column_get_visible (column), "the Status column");
  g_test_message ("shown %" G_GINT64_FORMAT " frames after the last deferral", frame_counter (window) - last);
  g_assert_cmpint (frame_counter (window) - last, >=, 2);
  g_assert_cmpint (frame_counter (window) - last, <=, 3);

  /* Nothing to defer once shown. */
  eo_device_view_defer_upload_column (window->device_view);
  eo_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (gtk_column_view_column_get_visible (column));

  eo_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  eo_test_gui_init (&argc, &argv);
  app = eo_test_application_new ();

  g_test_add_func ("/status-cell/draw", test_draw);
  g_test_add_func ("/status-cell/table", test_table);
  g_test_add_func ("/status-cell/deferred-column", test_deferred_column);

  return eo_test_gui_run (&app);
}
