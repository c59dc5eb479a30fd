/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-upload-panel.h"

/* The progress area of an upload. It reads everything from the job and
 * its record, so it shows the same thing whatever way the job ends:
 * finished, refused, outcome unknown, polling failed or stopped. */

struct _EoUploadPanel
{
  GtkWidget       parent_instance;

  EoUploadJob    *job;
  EoUploadRecord *record;
  guint           pulse_source;
  /* Narrow windows: one next step as a button, the others in a menu. */
  gboolean        compact;

  /* Template widgets */
  GtkWidget      *box;
  GtkStack       *icon_stack;
  GtkSpinner     *spinner;
  GtkImage       *state_icon;
  GtkLabel       *title_label;
  GtkWidget      *cancel_button;
  GtkWidget      *preferences_button;
  GtkWidget      *close_button;
  GtkWidget      *next_steps_box;
  GtkWidget      *recover_box;
  GtkWidget      *serials_button;
  GtkWidget      *push_button;
  GtkWidget      *export_button;
  GtkWidget      *report_button;
  GtkWidget      *qr_sheet_button;
  GtkWidget      *retry_button;
  GtkWidget      *more_button;
  GtkWidget      *phones_box;
  GtkInscription *phones_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *message_label;
  GtkWidget      *details_grid;
  GtkLabel       *request_id_label;
  GtkLabel       *server_url_label;
  GtkButton      *copy_request_id_button;
  GtkButton      *copy_server_url_button;
};

G_DEFINE_FINAL_TYPE (EoUploadPanel, eo_upload_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PULSE_INTERVAL_MS 120

/* Helpers */

static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

static gboolean
pulse_cb (gpointer user_data)
{
  EoUploadPanel *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
set_pulsing (EoUploadPanel *self,
             gboolean       pulsing)
{
  if (pulsing && self->pulse_source == 0)
    self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, pulse_cb, self);
  else if (!pulsing)
    g_clear_handle_id (&self->pulse_source, g_source_remove);
}

static void
set_icon (EoUploadPanel *self,
          const char    *icon_name,
          const char    *css_class)
{
  GtkWidget *icon = GTK_WIDGET (self->state_icon);
  gboolean spinning = icon_name == NULL;

  gtk_spinner_set_spinning (self->spinner, spinning);
  gtk_stack_set_visible_child_name (self->icon_stack, spinning ? "spinner" : "icon");
  if (spinning)
    return;

  gtk_image_set_from_icon_name (self->state_icon, icon_name);
  gtk_widget_remove_css_class (icon, "success");
  gtk_widget_remove_css_class (icon, "warning");
  gtk_widget_remove_css_class (icon, "error");
  if (css_class != NULL)
    gtk_widget_add_css_class (icon, css_class);
}

static void
set_message (EoUploadPanel *self,
             const char    *message)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
  /* Two lines in a narrow window: the whole message in its tooltip. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->message_label), self->compact ? message : NULL);
}

/* Whether the record's last message is fixed in Preferences → Account
 * (a key or customer the server refused, none set). */
static gboolean
needs_account_fix (EoUploadRecord *record)
{
  static const char * const codes[] = {
    "key-refused", "unknown-customer", "no-credentials", "key-unsendable", NULL
  };
  const EoMessage *message = eo_upload_record_get_message (record);

  return message != NULL && g_strv_contains (codes, eo_message_get_code (message));
}

/* Icon, title and message of an upload past sending. */
static void
show_state (EoUploadPanel *self,
            EoUploadState  state,
            gboolean       running,
            const char    *error_message,
            guint          n_failed)
{
  switch (state)
    {
    case EO_UPLOAD_STATE_ACCEPTED:
      if (running)
        {
          /* A still icon, not a spinner: polling lasts minutes, and an
           * animation would repaint the window all that time. The
           * progress bar moves with each answer. */
          set_icon (self, "emblem-synchronizing-symbolic", NULL);
          gtk_label_set_text (self->title_label, _("Assigning eSIMs…"));
          set_message (self, NULL);
        }
      else if (error_message != NULL)
        {
          g_autofree char *text = NULL;

          set_icon (self, "dialog-error-symbolic", "error");
          gtk_label_set_text (self->title_label, _("Could Not Read the Status"));
          /* Translators: %s is the reason */
          text = g_strdup_printf (_("%s The server keeps working on the upload; it stays in the history and can be resumed."),
                                  error_message);
          set_message (self, text);
        }
      else
        {
          g_autofree char *label = eo_upload_record_dup_follow_label (self->record, FALSE);

          set_icon (self, "media-playback-pause-symbolic", NULL);
          gtk_label_set_text (self->title_label, label);
          set_message (self, _("The server keeps working on the upload. Check Again reads its status once; "
                               "Follow follows it here until every device is done."));
        }
      break;

    case EO_UPLOAD_STATE_FINISHED:
      if (n_failed > 0)
        {
          set_icon (self, "dialog-warning-symbolic", "warning");
          gtk_label_set_text (self->title_label, _("Done, With Failures"));
          set_message (self, _("The Problem column gives the server's reason for each failed device."));
        }
      else
        {
          set_icon (self, "emblem-ok-symbolic", "success");
          gtk_label_set_text (self->title_label, _("eSIMs Assigned"));
          set_message (self, _("Push the SM-DP+ URL to the devices from your device management system so they download their eSIM."));
        }
      break;

    case EO_UPLOAD_STATE_REFUSED:
      set_icon (self, "dialog-error-symbolic", "error");
      gtk_label_set_text (self->title_label, _("Upload Refused"));
      gtk_progress_bar_set_text (self->progress_bar, _("Nothing was assigned"));
      set_message (self, error_message);
      break;

    case EO_UPLOAD_STATE_NOT_SENT:
      set_icon (self, "network-offline-symbolic", "error");
      gtk_label_set_text (self->title_label, _("Not Sent"));
      gtk_progress_bar_set_text (self->progress_bar, _("The server did not receive the list"));
      set_message (self, error_message);
      break;

    case EO_UPLOAD_STATE_OUTCOME_UNKNOWN:
      {
        g_autofree char *text = NULL;

        set_icon (self, "dialog-warning-symbolic", "warning");
        gtk_label_set_text (self->title_label, _("Outcome Unknown"));
        gtk_progress_bar_set_text (self->progress_bar, _("The server may have received the upload"));
        /* Translators: %s is the reason */
        text = g_strdup_printf (_("%s Check the CSO console before sending the list again."),
                                eo_upload_record_get_unknown_device_text ());
        set_message (self, g_strstrip (text));
      }
      break;

    case EO_UPLOAD_STATE_SENDING:
    default:
      break;
    }
}

/* Picking the upload up again: for an upload nobody follows here, or
 * whose outcome is unknown (the window's actions act on it). Given up,
 * it says so and why. */
static void
update_recover (EoUploadPanel *self,
                EoUploadState  state,
                gboolean       running)
{
  gboolean accepted = state == EO_UPLOAD_STATE_ACCEPTED && !running &&
                      !eo_upload_job_get_checking (self->job);
  gboolean unknown = state == EO_UPLOAD_STATE_OUTCOME_UNKNOWN;

  /* Each button is enabled by the window when it applies. */
  gtk_widget_set_visible (self->recover_box, accepted || unknown);
  if (eo_upload_record_get_given_up (self->record))
    {
      g_autofree char *label = eo_upload_record_dup_follow_label (self->record, FALSE);

      set_icon (self, "action-unavailable-symbolic", NULL);
      gtk_label_set_text (self->title_label, _("Given Up"));
      set_message (self, label);
    }
}

static gboolean
has_serials (EoUploadPanel *self)
{
  return self->record != NULL && eo_upload_record_find_serial_column (self->record) >= 0;
}

/* The next steps other than the hand-off, in the order of the panel:
 * buttons in a wide window, items of More Actions in a narrow one. */
static GMenuModel *
new_more_menu (EoUploadPanel *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) steps = g_menu_new ();
  g_autoptr(GMenu) copies = g_menu_new ();

  g_menu_append (steps, _("_Push to Phones…"), "win.push-to-phones");
  g_menu_append (steps, _("_Export Results…"), "win.export-results::csv");
  g_menu_append (steps, _("Upload _Report…"), "win.save-report");
  if (has_serials (self))
    g_menu_append (steps, _("Copy _Serial Numbers"), "win.copy-serials");
  g_menu_append (steps, _("Print _QR Sheet…"), "win.print-qr-sheet");
  g_menu_append (steps, _("_Retry Failed…"), "win.retry-failed");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (steps));
  g_menu_append (copies, _("Copy the Request ID"), "panel.copy::request-id");
  if (gtk_widget_get_visible (GTK_WIDGET (self->copy_server_url_button)))
    g_menu_append (copies, _("Copy the SM-DP+ URL"), "panel.copy::server-url");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copies));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
set_step_visible (GtkWidget *button,
                  gboolean   visible)
{
  /* The flow box's child, so that no empty place is left. */
  gtk_widget_set_visible (gtk_widget_get_parent (button), visible);
}

static void
update_next_steps (EoUploadPanel *self)
{
  gboolean wide = !self->compact;
  g_autoptr(GMenuModel) menu = NULL;

  set_step_visible (self->push_button, wide);
  set_step_visible (self->export_button, wide);
  set_step_visible (self->report_button, wide);
  /* The MDM's group: only when the list had a serial number column. */
  set_step_visible (self->serials_button, wide && has_serials (self));
  set_step_visible (self->qr_sheet_button, wide);
  set_step_visible (self->retry_button, wide);
  set_step_visible (self->more_button, !wide);
  if (wide)
    return;

  menu = new_more_menu (self);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->more_button), menu);
}

static void
update (EoUploadPanel *self)
{
  EoUploadState state;
  gboolean running;
  guint n_succeeded = 0, n_failed = 0, n_pending = 0, n_total;
  const char *request_id;
  const char *server_url;
  const char *error_message;
  g_autofree char *progress = NULL;

  if (self->job == NULL)
    {
      set_pulsing (self, FALSE);
      gtk_widget_set_visible (self->next_steps_box, FALSE);
      gtk_widget_set_visible (self->recover_box, FALSE);
      return;
    }

  state = eo_upload_record_get_state (self->record);
  running = eo_upload_job_get_running (self->job);
  request_id = eo_upload_record_get_request_id (self->record);
  server_url = eo_upload_record_get_server_url (self->record);
  error_message = eo_upload_record_get_error_message (self->record);
  n_total = eo_upload_record_get_n_devices (self->record);
  eo_upload_record_get_counts (self->record, &n_succeeded, &n_failed, &n_pending);

  gtk_label_set_text (self->request_id_label, request_id ? request_id : "");
  gtk_label_set_text (self->server_url_label, server_url ? server_url : "");
  gtk_widget_set_visible (self->details_grid, request_id != NULL && !self->compact);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_server_url_button), server_url != NULL);

  /* Stopping only makes sense while polling. */
  gtk_widget_set_visible (self->cancel_button, running && state == EO_UPLOAD_STATE_ACCEPTED);
  /* The fix of a refusal is in the account: at hand where it is said. */
  gtk_widget_set_visible (self->preferences_button, !running && needs_account_fix (self->record));
  /* A clear end: what to do next, once every device is done (each button
   * is enabled by the window when it applies: Retry only with failures). */
  gtk_widget_set_visible (self->next_steps_box, state == EO_UPLOAD_STATE_FINISHED);
  update_next_steps (self);
  gtk_widget_set_visible (self->close_button, !running);

  if (state == EO_UPLOAD_STATE_SENDING)
    {
      set_pulsing (self, running);
      set_icon (self, NULL, NULL);
      gtk_label_set_text (self->title_label, _("Sending the Device List…"));
      gtk_progress_bar_set_text (self->progress_bar, _("Waiting for the server to accept it"));
      set_message (self, NULL);
      return;
    }

  set_pulsing (self, FALSE);
  progress = eo_upload_panel_format_progress (n_succeeded + n_failed, n_total, n_failed);
  gtk_progress_bar_set_text (self->progress_bar, progress);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 n_total > 0 ? (double)(n_succeeded + n_failed) / n_total : 0.0);

  show_state (self, state, running, error_message, n_failed);
  update_recover (self, state, running);
}

static void
job_changed_cb (EoUploadPanel *self)
{
  update (self);
}

static void
copy_text (EoUploadPanel *self,
           GtkButton     *button,
           GtkLabel      *label)
{
  const char *text = gtk_label_get_text (label);

  if (text == NULL || *text == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), _("Copied"));
}

/* Signal callbacks */

static void
copy_request_id_clicked_cb (EoUploadPanel *self,
                            GtkButton     *button)
{
  copy_text (self, button, self->request_id_label);
}

static void
copy_server_url_clicked_cb (EoUploadPanel *self,
                            GtkButton     *button)
{
  copy_text (self, button, self->server_url_label);
}

/* panel.copy::request-id and ::server-url: the copy buttons of More
 * Actions in a narrow window, where the rows are not shown. */
static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EoUploadPanel *self = EO_UPLOAD_PANEL (widget);

  if (g_str_equal (g_variant_get_string (parameter, NULL), "server-url"))
    copy_text (self, self->copy_server_url_button, self->server_url_label);
  else
    copy_text (self, self->copy_request_id_button, self->request_id_label);
}

static void
close_clicked_cb (EoUploadPanel *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* Parent overrides */

static void
eo_upload_panel_dispose (GObject *object)
{
  EoUploadPanel *self = EO_UPLOAD_PANEL (object);

  eo_upload_panel_set_job (self, NULL);
  set_pulsing (self, FALSE);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_UPLOAD_PANEL);

  G_OBJECT_CLASS (eo_upload_panel_parent_class)->dispose (object);
}

static void
eo_upload_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EoUploadPanel *self = EO_UPLOAD_PANEL (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_upload_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EoUploadPanel *self = EO_UPLOAD_PANEL (object);

  switch (prop_id)
    {
    case PROP_JOB:
      eo_upload_panel_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The counts whole, when cut: asked as the tooltip shows (setting a
 * tooltip's text asks the X server where the pointer is, after every
 * batch of a push). */
static gboolean
phones_query_tooltip_cb (GtkWidget  *widget,
                         int         x,
                         int         y,
                         gboolean    keyboard_mode,
                         GtkTooltip *tooltip,
                         gpointer    user_data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
eo_upload_panel_class_init (EoUploadPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_upload_panel_dispose;
  object_class->get_property = eo_upload_panel_get_property;
  object_class->set_property = eo_upload_panel_set_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, EO_TYPE_UPLOAD_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-upload-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, box);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, icon_stack);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, state_icon);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, preferences_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, close_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, next_steps_box);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, recover_box);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, serials_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, push_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, export_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, report_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, qr_sheet_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, retry_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, more_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, phones_box);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, phones_label);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, message_label);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, details_grid);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, request_id_label);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, server_url_label);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, copy_request_id_button);
  gtk_widget_class_bind_template_child (widget_class, EoUploadPanel, copy_server_url_button);
  gtk_widget_class_bind_template_callback (widget_class, copy_request_id_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_server_url_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, phones_query_tooltip_cb);
  gtk_widget_class_install_action (widget_class, "panel.copy", "s", copy_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eo-upload-panel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
eo_upload_panel_init (EoUploadPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  eo_a11y_fix_button_names (GTK_WIDGET (self));
  update_next_steps (self);
}

/* Public API */

GtkWidget *
eo_upload_panel_new (void)
{
  return g_object_new (EO_TYPE_UPLOAD_PANEL, NULL);
}

EoUploadJob *
eo_upload_panel_get_job (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), NULL);

  return self->job;
}

void
eo_upload_panel_set_job (EoUploadPanel *self,
                         EoUploadJob   *job)
{
  g_return_if_fail (EO_IS_UPLOAD_PANEL (self));
  g_return_if_fail (job == NULL || EO_IS_UPLOAD_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      g_signal_handlers_disconnect_by_data (self->record, self);
    }
  g_clear_object (&self->record);
  g_set_object (&self->job, job);

  if (job != NULL)
    {
      self->record = g_object_ref (eo_upload_job_get_record (job));
      g_signal_connect_swapped (job, "accepted", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (job, "updated", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (job, "finished", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (job, "failed", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (job, "notify::running", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (job, "notify::checking", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (job, "checked", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (self->record, "changed", G_CALLBACK (job_changed_cb), self);
      g_signal_connect_swapped (self->record, "notify::state", G_CALLBACK (job_changed_cb), self);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_request_id_button), _("Copy the Request ID"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->copy_server_url_button), _("Copy the SM-DP+ URL"));
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

const char *
eo_upload_panel_get_title (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), NULL);

  return gtk_label_get_text (self->title_label);
}

const char *
eo_upload_panel_get_progress_text (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), NULL);

  return gtk_progress_bar_get_text (self->progress_bar);
}

double
eo_upload_panel_get_fraction (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), 0.0);

  return gtk_progress_bar_get_fraction (self->progress_bar);
}

const char *
eo_upload_panel_get_request_id (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), NULL);

  return gtk_label_get_text (self->request_id_label);
}

const char *
eo_upload_panel_get_server_url (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), NULL);

  return gtk_label_get_text (self->server_url_label);
}

const char *
eo_upload_panel_get_message (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), NULL);

  return gtk_label_get_text (self->message_label);
}

char *
eo_upload_panel_format_progress (guint n_done,
                                 guint n_total,
                                 guint n_failed)
{
  g_autofree char *done = format_count (n_done);
  g_autofree char *total = format_count (n_total);

  if (n_failed > 0)
    {
      g_autofree char *failed = format_count (n_failed);

      /* Translators: "412 of 1,000 done · 3 failed" */
      return g_strdup_printf (_("%s of %s done · %s failed"), done, total, failed);
    }

  /* Translators: "412 of 1,000 done" */
  return g_strdup_printf (_("%s of %s done"), done, total);
}

void
eo_upload_panel_set_phones (EoUploadPanel *self,
                            const char    *text)
{
  g_return_if_fail (EO_IS_UPLOAD_PANEL (self));

  if (g_strcmp0 (gtk_inscription_get_text (self->phones_label), text != NULL ? text : "") != 0)
    {
      gtk_inscription_set_text (self->phones_label, text != NULL ? text : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->phones_label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      text != NULL ? text : "", -1);
    }
  gtk_widget_set_visible (self->phones_box, text != NULL);
}

void
eo_upload_panel_set_push_suggested (EoUploadPanel *self,
                                    gboolean       suggested)
{
  g_return_if_fail (EO_IS_UPLOAD_PANEL (self));

  if (suggested == gtk_widget_has_css_class (self->push_button, "suggested-action"))
    return;
  if (suggested)
    {
      gtk_widget_add_css_class (self->push_button, "suggested-action");
      gtk_widget_set_tooltip_text (self->push_button,
                                   _("Send the SM-DP+ Address to the Assigned Phones Through Jamf Pro"));
    }
  else
    {
      gtk_widget_remove_css_class (self->push_button, "suggested-action");
      gtk_widget_set_tooltip_text (self->push_button,
                                   _("Every Phone of This Upload Was Sent the SM-DP+ Address: Nothing New to Push"));
    }
}

const char *
eo_upload_panel_get_phones (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), NULL);

  return gtk_widget_get_visible (self->phones_box) ? gtk_inscription_get_text (self->phones_label) : NULL;
}

/* Narrow windows (eo-window.c): the hand-off as a button and the other
 * next steps, with the copies of the Request ID and SM-DP+ URL, in More
 * Actions; the message in two lines. */
void
eo_upload_panel_set_compact (EoUploadPanel *self,
                             gboolean       compact)
{
  g_return_if_fail (EO_IS_UPLOAD_PANEL (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  /* The message in two lines at most (the whole in its tooltip). */
  gtk_label_set_lines (self->message_label, compact ? 2 : -1);
  gtk_label_set_ellipsize (self->message_label, compact ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  update (self);
  if (self->job == NULL)
    update_next_steps (self);
}

gboolean
eo_upload_panel_get_compact (EoUploadPanel *self)
{
  g_return_val_if_fail (EO_IS_UPLOAD_PANEL (self), FALSE);

  return self->compact;
}
