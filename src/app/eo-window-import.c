/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-window-import"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-application.h"
#include "eo-column-chooser.h"
#include "eo-column-guess.h"
#include "eo-column-map.h"
#include "eo-device-list-edit.h"
#include "eo-error.h"
#include "eo-window-private.h"

/* What a list is read from besides a file, and how its columns are found
 * when the application cannot tell by itself:
 * - the Choose Columns step (EoColumnChooser, a page of the window's
 *   stack) for a list without an EID or a name column it recognises; the
 *   choice is remembered per header (the setting column-choices, at most
 *   MAX_CHOICES) and used again, with a note;
 * - win.paste-list (Ctrl+V when no text field takes it, and the menu):
 *   the clipboard's text, at most MAX_PASTE_BYTES, read as a list on the
 *   same worker as a file. */

#define MAX_CHOICES 50
#define MAX_PASTE_BYTES (64u * 1024u * 1024u)
#define PASTE_CHUNK 65536

/* A read of the clipboard in progress. */
typedef struct
{
  EoWindow     *window;
  GInputStream *stream;
  GByteArray   *text;
} PasteRead;

/* Helpers */

static void
paste_read_free (PasteRead *read)
{
  g_clear_object (&read->window);
  g_clear_object (&read->stream);
  g_clear_pointer (&read->text, g_byte_array_unref);
  g_free (read);
}

static EoDeviceList *
load_with_map (EoLoadRequest      *request,
               const EoColumnMap  *map,
               GCancellable       *cancellable,
               GError            **error)
{
  gsize len = 0;
  const char *data;

  if (request->file != NULL)
    return eo_device_list_load_full (request->file, map, cancellable, error);
  data = g_bytes_get_data (request->bytes, &len);
  return eo_device_list_new_from_data_full (data != NULL ? data : "", len, map, error);
}

/* Each row whose EID @notes has gets its note. */
static void
add_notes (EoDeviceList *list,
           GHashTable   *notes)
{
  for (guint i = 0; i < eo_device_list_get_n_rows (list); i++)
    {
      const char *note = g_hash_table_lookup (notes, eo_device_list_row_get_eid (list, i));

      if (note != NULL)
        eo_device_list_set_row_note (list, i, note);
    }
}

/* The admin already said which column is which. */
static gboolean
map_has_columns (const EoColumnMap *map)
{
  if (map == NULL)
    return FALSE;
  for (EoColumn c = EO_COLUMN_EID; c <= EO_COLUMN_ICCID; c++)
    if (eo_column_map_has (map, c))
      return TRUE;
  return FALSE;
}

/* The remembered choice for lists of @signature, or NULL. */
static EoColumnMap *
find_choice (GVariant   *choices,
             const char *signature)
{
  const char *text = NULL;

  if (choices == NULL || signature == NULL ||
      !g_variant_lookup (choices, signature, "&s", &text))
    return NULL;
  return eo_column_map_new_from_string (text);
}

/* The chosen map first, then the older ones, at most MAX_CHOICES. */
static void
remember_choice (EoWindow          *self,
                 const char        *signature,
                 const EoColumnMap *map)
{
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, "column-choices");
  g_autofree char *text = eo_column_map_to_string (map);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key, *value;
  guint n = 1;

  if (signature == NULL)
    return;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&builder, "{ss}", signature, text);
  g_variant_iter_init (&iter, old);
  while (n < MAX_CHOICES && g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (g_strcmp0 (key, signature) != 0)
      {
        g_variant_builder_add (&builder, "{ss}", key, value);
        n++;
      }
  g_settings_set_value (self->settings, "column-choices", g_variant_builder_end (&builder));
}

static void
show_paste_problem (EoWindow   *self,
                    const char *text)
{
  _eo_window_add_toast (self, text);
}

/* Signal callbacks */

static void
chooser_open_cb (EoColumnChooser *chooser,
                 EoWindow        *self)
{
  g_autoptr(EoColumnMap) map = eo_column_chooser_dup_map (chooser);
  EoLoadRequest *pending = self->columns_request;
  EoLoadRequest *request;

  g_return_if_fail (pending != NULL);

  remember_choice (self, eo_column_chooser_get_signature (chooser), map);
  if (pending->map != NULL && eo_column_map_get_name_optional (pending->map))
    eo_column_map_set_name_optional (map, TRUE);
  request = _eo_load_request_new (pending->file, pending->bytes, map);
  g_clear_pointer (&self->columns_request, _eo_load_request_free);
  _eo_window_load (self, request);
}

static void
chooser_cancel_cb (EoColumnChooser *chooser,
                   EoWindow        *self)
{
  g_clear_pointer (&self->columns_request, _eo_load_request_free);
  gtk_stack_set_visible_child_name (self->stack, self->list != NULL ? "list" : "empty");
}

static void
paste_chunk_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PasteRead *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  EoWindow *self = read->window;

  if (chunk == NULL)
    {
      show_paste_problem (self, _("The clipboard could not be read."));
      paste_read_free (read);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(EoColumnMap) map = eo_column_map_new ();
      g_autoptr(GBytes) text = g_byte_array_free_to_bytes (g_steal_pointer (&read->text));

      if (g_bytes_get_size (text) == 0)
        show_paste_problem (self, _("The clipboard holds no text to paste."));
      else
        {
          /* Pasted EIDs may come without names: each row says so. */
          eo_column_map_set_name_optional (map, TRUE);
          _eo_window_load (self, _eo_load_request_new (NULL, text, map));
        }
      paste_read_free (read);
      return;
    }
  if (read->text->len + g_bytes_get_size (chunk) > MAX_PASTE_BYTES)
    {
      g_autofree char *limit = g_format_size (MAX_PASTE_BYTES);
      g_autofree char *message = g_strdup_printf (_("The clipboard holds more than %s: save the list "
                                                    "as a file and open it."), limit);

      show_paste_problem (self, message);
      paste_read_free (read);
      return;
    }
  g_byte_array_append (read->text, g_bytes_get_data (chunk, NULL), (guint) g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (read->stream, PASTE_CHUNK, G_PRIORITY_DEFAULT, NULL,
                                   paste_chunk_cb, read);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GInputStream *stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);
  PasteRead *read;

  if (stream == NULL)
    {
      show_paste_problem (self, _("The clipboard holds no text to paste."));
      return;
    }
  read = g_new0 (PasteRead, 1);
  read->window = g_steal_pointer (&self);
  read->stream = stream;
  read->text = g_byte_array_new ();
  g_input_stream_read_bytes_async (stream, PASTE_CHUNK, G_PRIORITY_DEFAULT, NULL, paste_chunk_cb, read);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  static const char *mime_types[] = { "text/plain;charset=utf-8", NULL };
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);

  gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, NULL,
                            clipboard_read_cb, g_object_ref (widget));
}

/* Import from Jamf Pro: the picker as a page, fed by the application's
 * Jamf Pro client (or the demo's); its choice is opened as a list, as a
 * pasted one is: same checks, table, confirmation and history. */

static void
jamf_connected_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(EoWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EoJamfClient) client = eo_application_jamf_connect_finish (EO_APPLICATION (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->jamf_picker == NULL)
    return;
  if (client == NULL)
    {
      eo_jamf_picker_show_error (self->jamf_picker, error->message);
      return;
    }
  eo_jamf_picker_start (self->jamf_picker, EO_MDM_CONNECTOR (client),
                        eo_application_get_history (EO_APPLICATION (source)));
}

static void
import_jamf_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EoWindow *self = EO_WINDOW (widget);
  EoApplication *application = EO_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_cancellable_cancel (self->jamf_cancellable);
  g_clear_object (&self->jamf_cancellable);
  self->jamf_cancellable = g_cancellable_new ();
  eo_jamf_picker_stop (self->jamf_picker);
  gtk_stack_set_visible_child_name (self->stack, "jamf");
  gtk_widget_grab_focus (GTK_WIDGET (self->jamf_picker));
  eo_application_jamf_connect_async (application, self->jamf_cancellable, jamf_connected_cb, g_object_ref (self));
}

static void
jamf_import_cb (EoJamfPicker *picker,
                GBytes       *csv,
                guint         n_devices,
                EoWindow     *self)
{
  EoLoadRequest *request = _eo_load_request_new (NULL, csv, NULL);

  request->display_name = g_strdup (_("the devices from Jamf Pro"));
  request->title = g_strdup (_("Devices from Jamf Pro"));
  request->source_name = g_strdup ("jamf-pro.csv");
  eo_jamf_picker_stop (picker);
  _eo_window_load (self, request);
}

static void
jamf_cancel_cb (EoJamfPicker *picker,
                EoWindow     *self)
{
  g_cancellable_cancel (self->jamf_cancellable);
  gtk_stack_set_visible_child_name (self->stack, self->list != NULL ? "list" : "empty");
}

/* Private API */

EoLoadRequest *
_eo_load_request_new (GFile             *file,
                      GBytes            *bytes,
                      const EoColumnMap *map)
{
  EoLoadRequest *request = g_new0 (EoLoadRequest, 1);

  g_assert ((file == NULL) != (bytes == NULL));
  g_set_object (&request->file, file);
  request->bytes = bytes != NULL ? g_bytes_ref (bytes) : NULL;
  request->map = map != NULL ? eo_column_map_copy (map) : NULL;
  return request;
}

void
_eo_load_request_free (EoLoadRequest *request)
{
  g_clear_object (&request->file);
  g_clear_pointer (&request->bytes, g_bytes_unref);
  g_clear_pointer (&request->map, eo_column_map_free);
  g_clear_pointer (&request->choices, g_variant_unref);
  g_free (request->display_name);
  g_free (request->title);
  g_free (request->source_name);
  g_clear_pointer (&request->notes, g_hash_table_unref);
  g_free (request);
}

EoDeviceList *
_eo_window_import_load (EoLoadRequest   *request,
                        GCancellable    *cancellable,
                        EoColumnSample **sample_out,
                        GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(EoColumnSample) sample = NULL;
  g_autoptr(EoColumnMap) remembered = NULL;
  EoDeviceList *list;

  *sample_out = NULL;
  list = load_with_map (request, request->map, cancellable, &local_error);
  if (list != NULL && request->notes != NULL)
    add_notes (list, request->notes);
  if (list != NULL || map_has_columns (request->map) ||
      !g_error_matches (local_error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS))
    goto out;

  /* Not understood: what it looks like, for the choice (made before, or now). */
  sample = request->bytes != NULL ? eo_column_sample_new_from_bytes (request->bytes)
                                  : eo_column_sample_load (request->file, cancellable, NULL);
  if (sample == NULL || sample->n_columns == 0)
    goto out;
  remembered = find_choice (request->choices, sample->signature);
  if (remembered != NULL)
    {
      if (request->map != NULL && eo_column_map_get_name_optional (request->map))
        eo_column_map_set_name_optional (remembered, TRUE);
      list = load_with_map (request, remembered, cancellable, NULL);
      if (list != NULL)
        {
          g_autofree char *note = g_strdup_printf (_("The columns chosen earlier for lists with this header "
                                                     "were used (EIDs in column %d)."),
                                                   eo_column_map_get_position (remembered, EO_COLUMN_EID) + 1);

          eo_device_list_add_note (list, note);
          g_clear_error (&local_error);
          goto out;
        }
    }
  *sample_out = g_steal_pointer (&sample);

out:
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return list;
}

char *
_eo_load_request_dup_name (EoLoadRequest *request)
{
  g_autofree char *basename = NULL;

  if (request->display_name != NULL)
    return g_strdup (request->display_name);
  if (request->file == NULL)
    return g_strdup (_("the pasted list"));
  basename = g_file_get_basename (request->file);
  return basename != NULL ? g_filename_display_name (basename) : g_file_get_parse_name (request->file);
}

void
_eo_window_show_columns (EoWindow             *self,
                         EoLoadRequest        *request,
                         const EoColumnSample *sample)
{
  g_autofree char *name = _eo_load_request_dup_name (request);

  g_clear_pointer (&self->columns_request, _eo_load_request_free);
  self->columns_request = _eo_load_request_new (request->file, request->bytes, request->map);
  eo_column_chooser_set_sample (self->column_chooser, sample, name);
  gtk_stack_set_visible_child_name (self->stack, "columns");
}

void
_eo_window_class_import_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (EO_TYPE_COLUMN_CHOOSER);
  gtk_widget_class_install_action (widget_class, "win.paste-list", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.import-jamf", NULL, import_jamf_action);
  /* In the bubble phase: a text field with the focus pastes into itself. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste-list", NULL);
}

void
_eo_window_import_init (EoWindow *self)
{
  self->column_chooser = EO_COLUMN_CHOOSER (eo_column_chooser_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->column_chooser), "columns");
  g_signal_connect_object (self->column_chooser, "open", G_CALLBACK (chooser_open_cb), self, 0);
  g_signal_connect_object (self->column_chooser, "cancel", G_CALLBACK (chooser_cancel_cb), self, 0);

  self->jamf_picker = EO_JAMF_PICKER (eo_jamf_picker_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->jamf_picker), "jamf");
  g_signal_connect_object (self->jamf_picker, "import", G_CALLBACK (jamf_import_cb), self, 0);
  g_signal_connect_object (self->jamf_picker, "cancel", G_CALLBACK (jamf_cancel_cb), self, 0);
}

void
_eo_window_import_dispose (EoWindow *self)
{
  g_clear_pointer (&self->columns_request, _eo_load_request_free);
  g_cancellable_cancel (self->jamf_cancellable);
  g_clear_object (&self->jamf_cancellable);
  if (self->jamf_picker != NULL)
    eo_jamf_picker_stop (self->jamf_picker);
  self->jamf_picker = NULL; /* the stack's, gone with the template */
  g_clear_pointer (&self->bytes_title, g_free);
  g_clear_pointer (&self->bytes_source, g_free);
}
