/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-test-gui"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "eo-assign-dialog.h"
#include "eo-dialogs.h"
#include "eo-jamf-picker.h"
#include "eo-job-manager.h"
#include "eo-status-cell.h"
#include "eo-test-gui.h"

static void
use_system_data_dirs (char **system_dirs)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GStrvBuilder) icon_dirs = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) icon_path = NULL;
  g_auto(GStrv) mime_path = NULL;

  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      g_autofree char *icons = g_build_filename (system_dirs[i], "icons", NULL);
      g_autofree char *mime = g_build_filename (system_dirs[i], "mime", NULL);

      g_strv_builder_add (icon_dirs, icons);
      g_strv_builder_add (mime_dirs, mime);
    }
  icon_path = g_strv_builder_end (icon_dirs);
  mime_path = g_strv_builder_end (mime_dirs);

  g_content_type_set_mime_dirs ((const char * const *) mime_path);
  gtk_icon_theme_set_search_path (theme, (const char * const *) icon_path);
}

void
eo_test_gui_init (int    *argc,
                  char ***argv)
{
  /* Read before the isolation replaces them. */
  g_auto(GStrv) system_dirs = g_strdupv ((char **) g_get_system_data_dirs ());

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The strings checked are the untranslated ones. */
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();
  use_system_data_dirs (system_dirs);
  /* Dialogs and pages appear at once (no half-open sheet in a
   * screenshot). */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

EoApplication *
eo_test_application_new (void)
{
  EoApplication *app = eo_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  return app;
}

int
eo_test_gui_run (EoApplication **app)
{
  int ret = g_test_run ();

  if (*app != NULL)
    g_application_release (G_APPLICATION (*app));
  g_clear_object (app);
  return ret;
}

EoApplication *
eo_test_application_new_unique (void)
{
  static guint n_apps;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++n_apps);
  EoApplication *app = eo_application_new ();

  g_application_set_application_id (G_APPLICATION (app), id);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));
  return app;
}

void
eo_test_application_free (EoApplication *app)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_list_free (windows);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_application_release (G_APPLICATION (app));
  g_object_unref (app);
}

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *n_frames)
{
  (*n_frames)++;
}

void
eo_test_wait_for_frames (GtkWidget *widget,
                         guint      frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint n_frames = 0;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &n_frames);
  /* No draw may be queued after the last frame: that would drop the
   * render node a screenshot reads. */
  EO_TEST_WAIT_FOR (n_frames >= frames || (gtk_widget_queue_draw (widget), FALSE), "frames", 20);
  g_signal_handler_disconnect (clock, handler);
}

EoWindow *
eo_test_new_window (EoApplication *app)
{
  EoWindow *window = eo_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  return window;
}

void
eo_test_wait_for_load (EoWindow *window)
{
  EO_TEST_WAIT_FOR (!eo_window_is_loading (window), "the load", 20);
}

GFile *
eo_test_write_list (const char *name,
                    const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), name, NULL);

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

EoWindow *
eo_test_open_list (EoApplication *app,
                   const char    *name,
                   const char    *text)
{
  EoWindow *window = eo_test_new_window (app);
  g_autoptr(GFile) file = eo_test_write_list (name, text);

  eo_test_load_file (window, file);
  return window;
}

char *
eo_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "app", "data", name, NULL);
}

GFile *
eo_test_data_file (const char *name)
{
  g_autofree char *path = eo_test_data_path (name);

  return g_file_new_for_path (path);
}

void
eo_test_load_file (EoWindow *window,
                   GFile    *file)
{
  eo_window_open_file (window, file);
  g_assert_true (eo_window_is_loading (window));
  eo_test_wait_for_load (window);
}

EoWindow *
eo_test_open_data_file (EoApplication *app,
                        const char    *name,
                        int            width,
                        int            height)
{
  EoWindow *window = eo_window_new (app);

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  if (name != NULL)
    {
      g_autoptr(GFile) file = eo_test_data_file (name);

      eo_test_load_file (window, file);
    }
  return window;
}

EoWindow *
eo_test_open_history_window (EoApplication *app,
                             int            width,
                             int            height,
                             guint          first_ms,
                             guint          max_ms)
{
  EoWindow *window = eo_window_new (app);
  EoJobManager *manager = eo_application_get_job_manager (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  EO_TEST_WAIT_FOR (eo_job_manager_get_loaded (manager), "the history", 20);
  if (first_ms > 0)
    eo_job_manager_set_intervals (manager, first_ms, max_ms);
  eo_test_wait_for_frames (GTK_WIDGET (window), 1);
  return window;
}

void
eo_test_destroy_window (EoWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GdkTexture *
eo_test_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  GtkSnapshot *snapshot;
  int width, height;

  if (EO_IS_WINDOW (widget))
    EO_TEST_WAIT_FOR ((eo_test_wait_for_frames (widget, 1), !gtk_stack_get_transition_running (EO_WINDOW (widget)->stack)),
                      "the transition", 20);
  eo_test_wait_for_frames (widget, 3);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    g_error ("Nothing drawn for %s: %d×%d mapped %d drawable %d", G_OBJECT_TYPE_NAME (widget), width, height,
             gtk_widget_get_mapped (widget), gtk_widget_is_drawable (widget));

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  return texture;
}

GdkTexture *
eo_test_take_screenshot (GtkWidget  *widget,
                         const char *name)
{
  const char *build_root = g_getenv ("EO_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (build_root ? build_root : g_get_tmp_dir (), "screenshots", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GdkTexture *texture = eo_test_render (widget);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("Screenshot: %s", path);
  return texture;
}

void
eo_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_object_unref (eo_test_take_screenshot (widget, name));
}

/* ---------------------------------------------------------------------- */
/* Dialogs                                                                */

void
eo_test_alert_respond (GtkWidget  *alert,
                       const char *response)
{
  GtkWidget *button;

  g_assert_true (eo_is_alert (alert));
  g_assert_true (eo_alert_has_response (alert, response));
  g_assert_true (eo_alert_get_response_enabled (alert, response));
  button = eo_alert_get_response_button (alert, response);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

GtkWidget *
eo_test_wait_for_dialog (GtkWindow *parent,
                         GType      type)
{
  EO_TEST_WAIT_FOR (eo_dialog_find (parent, type) != NULL, g_type_name (type), 20);

  return eo_dialog_find (parent, type);
}

void
eo_test_close_dialog (GtkWidget *dialog)
{
  GtkWindow *parent = eo_dialog_get_parent (dialog);
  GType type = G_OBJECT_TYPE (dialog);

  g_assert_nonnull (parent);
  eo_dialog_close (dialog);
  EO_TEST_WAIT_FOR (eo_dialog_find (parent, type) == NULL, "the dialog to close", 20);
}

void
eo_test_save_dialog_screenshot (GtkWidget  *dialog,
                                const char *name)
{
  GtkWindow *window;

  EO_TEST_WAIT_FOR (eo_dialog_get_window (dialog) != NULL, "the dialog on screen", 20);
  window = eo_dialog_get_window (dialog);
  eo_test_save_screenshot (GTK_WIDGET (window), name);
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

char *
eo_test_read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  EO_TEST_WAIT_FOR (text != NULL, "the clipboard", 30);
  return text;
}

/* ---------------------------------------------------------------------- */
/* A notification server on the session bus (the test's own)             */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static GPtrArray *notifications;
static gboolean notifications_ready;

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *object_path,
                         const char            *interface_name,
                         const char            *method_name,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notifications, g_strdup_printf ("%s\n%s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      const char *caps[] = { "body", NULL };
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "eo", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
notifications_name_acquired_cb (GDBusConnection *connection,
                                const char      *name,
                                gpointer         user_data)
{
  notifications_ready = TRUE;
}

GPtrArray *
eo_test_notifications_start (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;

  notifications = g_ptr_array_new_with_free_func (g_free);
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE,
                                notifications_name_acquired_cb, NULL, NULL, NULL);
  while (!notifications_ready)
    g_main_context_iteration (NULL, TRUE);
  return g_ptr_array_ref (notifications);
}

const char *
eo_test_widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    {
      const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

      return text != NULL ? text : "";
    }
  if (EO_IS_STATUS_CELL (widget))
    return eo_status_cell_get_text (EO_STATUS_CELL (widget));
  return NULL;
}

static gboolean
text_matches (const char  *shown,
              const char  *text,
              EoTestMatch  match)
{

  switch (match)
    {
    case EO_TEST_MATCH_PREFIX:
      return g_str_has_prefix (shown, text);
    case EO_TEST_MATCH_CONTAINS:
      return strstr (shown, text) != NULL;
    case EO_TEST_MATCH_EXACT:
    default:
      return g_strcmp0 (shown, text) == 0;
    }
}

GtkLabel *
eo_test_find_label (GtkWidget   *widget,
                    const char  *text,
                    EoTestMatch  match)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      text_matches (gtk_label_get_text (GTK_LABEL (widget)), text, match))
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = eo_test_find_label (child, text, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

guint
eo_test_count_labels (GtkWidget   *widget,
                      const char  *text,
                      EoTestMatch  match)
{
  guint n = 0;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      text_matches (gtk_label_get_text (GTK_LABEL (widget)), text, match))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += eo_test_count_labels (child, text, match);
  return n;
}

GtkWidget *
eo_test_find_text (GtkWidget   *widget,
                   const char  *text,
                   EoTestMatch  match)
{
  const char *shown = eo_test_widget_text (widget);

  if (shown != NULL && gtk_widget_get_mapped (widget) && text_matches (shown, text, match))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = eo_test_find_text (child, text, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
eo_test_find_widget_of_type (GtkWidget *widget,
                             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = eo_test_find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
eo_test_find_action_button (GtkWidget  *widget,
                            const char *action_name)
{
  if (GTK_IS_ACTIONABLE (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = eo_test_find_action_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
eo_test_find_widget_by_name (GtkWidget  *widget,
                             const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = eo_test_find_widget_by_name (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkColumnViewColumn *
eo_test_find_column (EoDeviceView *view,
                     const char   *title)
{
  GListModel *columns = gtk_column_view_get_columns (eo_device_view_get_column_view (view));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }
  g_error ("No column titled %s", title);
  return NULL;
}

/* Preferences pages */

static gboolean
page_busy (gpointer page)
{
  gboolean busy;

  g_object_get (page, "busy", &busy, NULL);
  return busy;
}

void
eo_test_page_wait_idle (gpointer    page,
                        const char *what)
{
  EO_TEST_WAIT_FOR (!page_busy (page), what, 60);
}

GtkWidget *
eo_test_open_preferences_page (EoApplication  *app,
                               EoWindow       *window,
                               GType           page_type,
                               GtkWidget     **dialog_out)
{
  GtkWidget *dialog;
  GtkWidget *page;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  dialog = eo_test_wait_for_dialog (GTK_WINDOW (window), eo_preferences_get_platform_type ());
  page = eo_test_find_widget_of_type (dialog, page_type);
  g_assert_nonnull (page);
  eo_preferences_set_visible_page (dialog, ADW_PREFERENCES_PAGE (page));
  eo_test_page_wait_idle (page, "the keyring");
  if (dialog_out != NULL)
    *dialog_out = dialog;
  return page;
}

gpointer
eo_test_page_child (gpointer    page,
                    const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), G_OBJECT_TYPE (page), name);

  g_assert_nonnull (object);
  return object;
}

void
eo_test_page_type_row (gpointer    page,
                       const char *name,
                       const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (eo_test_page_child (page, name)), text);
}

void
eo_test_page_apply_row (gpointer    page,
                        const char *name,
                        const char *text)
{
  eo_test_page_type_row (page, name, text);
  g_signal_emit_by_name (eo_test_page_child (page, name), "apply");
  eo_test_page_wait_idle (page, "the keyring");
}

/* The Jamf loop */

void
eo_test_jamf_picker_read (EoWindow *window,
                          guint     n_phones,
                          guint     seconds)
{
  EoJamfPicker *picker;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-jamf", NULL));
  picker = window->jamf_picker;
  EO_TEST_WAIT_FOR ((n_phones == 0 ? eo_jamf_picker_get_n_loaded (picker) > 0
                                   : eo_jamf_picker_get_n_loaded (picker) == n_phones) &&
                    !eo_jamf_picker_get_loading (picker), "the inventory", seconds);
  EO_TEST_WAIT_FOR (!eo_jamf_picker_get_busy (picker), "the history's marks", seconds);
}

guint
eo_test_jamf_picker_select_all (EoWindow *window,
                                guint     seconds)
{
  eo_jamf_picker_select_shown (window->jamf_picker, TRUE);
  EO_TEST_WAIT_FOR (!eo_jamf_picker_get_busy (window->jamf_picker), "the selection", seconds);
  return eo_jamf_picker_get_n_selected (window->jamf_picker);
}

void
eo_test_jamf_picker_import (EoWindow *window,
                            guint     seconds)
{
  GObject *import_button = gtk_widget_get_template_child (GTK_WIDGET (window->jamf_picker), EO_TYPE_JAMF_PICKER,
                                                          "import_button");

  g_signal_emit_by_name (import_button, "clicked");
  EO_TEST_WAIT_FOR (window->list != NULL && !eo_window_is_loading (window), "the imported list", seconds);
}

guint
eo_test_choose_all_in_jamf (EoWindow *window,
                            guint     n_phones,
                            guint     seconds)
{
  eo_test_jamf_picker_read (window, n_phones, seconds);
  return eo_test_jamf_picker_select_all (window, seconds);
}

guint
eo_test_import_all_from_jamf (EoWindow *window,
                              guint     n_phones,
                              guint     seconds)
{
  guint n = eo_test_choose_all_in_jamf (window, n_phones, seconds);

  eo_test_jamf_picker_import (window, seconds);
  return n;
}

EoUploadRecord *
eo_test_assign_and_wait (EoWindow *window,
                         guint     seconds)
{
  EoUploadRecord *record;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.assign", NULL));
  EO_TEST_WAIT_FOR (window->dialog != NULL, "the confirmation", seconds);
  eo_test_alert_respond (window->dialog, EO_ASSIGN_DIALOG_RESPONSE_ASSIGN);
  EO_TEST_WAIT_FOR (window->job != NULL, "the upload's record", seconds);
  record = eo_upload_job_get_record (window->job);
  EO_TEST_WAIT_FOR (eo_upload_record_get_state (record) == EO_UPLOAD_STATE_FINISHED, "the upload's end", seconds);
  return record;
}
