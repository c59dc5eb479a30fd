/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-history-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-history-view.h"
#include "eo-job-manager.h"

struct _EoHistoryView
{
  GtkWidget        parent_instance;

  EoHistory       *history;
  EoJobManager    *job_manager;
  EoUploadRecord  *record;
  gulong           record_changed_id;
  gboolean         loading;
  gboolean         compact;

  /* Template widgets */
  GtkButton       *retry_button;
  GtkButton       *handoff_button;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  GtkListBox      *list_box;
  EoHistoryFilter *filter;
  GtkLabel        *title_label;
  GtkLabel        *counts_label;
  GtkRevealer     *notice_revealer;
  GtkWidget       *notice_box;
  GtkImage        *notice_icon;
  GtkLabel        *notice_label;
  GtkWidget       *recover_box;
  GtkWidget       *check_button;
  GtkWidget       *follow_button;
  GtkWidget       *stop_button;
  GtkWidget       *give_up_button;
  GtkWidget       *resend_button;
  EoDeviceView    *device_view;
};

G_DEFINE_FINAL_TYPE (EoHistoryView, eo_history_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_RECORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_DEVICE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_page (EoHistoryView *self);

/* Helpers */

static char *
format_time (gint64 time_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);

  /* Translators: date and time of an upload (strftime format) */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static const char *
record_title (EoUploadRecord *record)
{
  const char *source = eo_upload_record_get_source_name (record);

  if (source != NULL && *source != '\0')
    return source;

  return _("Upload");
}

static const char *
state_css_class (EoUploadRecord *record)
{
  guint n_succeeded, n_failed, n_pending;

  switch (eo_upload_record_get_state (record))
    {
    case EO_UPLOAD_STATE_FINISHED:
      eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);
      return n_failed > 0 ? "warning" : "success";
    case EO_UPLOAD_STATE_OUTCOME_UNKNOWN:
      return "warning";
    case EO_UPLOAD_STATE_REFUSED:
    case EO_UPLOAD_STATE_NOT_SENT:
      return "error";
    case EO_UPLOAD_STATE_ACCEPTED:
    case EO_UPLOAD_STATE_SENDING:
    default:
      return "accent";
    }
}

static const char *
state_icon_name (EoUploadRecord *record)
{
  guint n_succeeded, n_failed, n_pending;

  switch (eo_upload_record_get_state (record))
    {
    case EO_UPLOAD_STATE_FINISHED:
      eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);
      return n_failed > 0 ? "dialog-warning-symbolic" : "emblem-ok-symbolic";
    case EO_UPLOAD_STATE_OUTCOME_UNKNOWN:
      return "dialog-question-symbolic";
    case EO_UPLOAD_STATE_REFUSED:
      return "dialog-error-symbolic";
    case EO_UPLOAD_STATE_NOT_SENT:
      return "network-offline-symbolic";
    case EO_UPLOAD_STATE_ACCEPTED:
    case EO_UPLOAD_STATE_SENDING:
    default:
      return "content-loading-symbolic";
    }
}

/* "Not followed since DATE", "Given up on DATE: REASON" or the state. */
static char *
dup_state_text (EoHistoryView  *self,
                EoUploadRecord *record)
{
  char *text = NULL;

  if (self->job_manager != NULL)
    text = eo_job_manager_dup_follow_label (self->job_manager, record);
  return text != NULL ? text : g_strdup (eo_upload_state_to_label (eo_upload_record_get_state (record)));
}

/* Why it cannot be followed here (a demo upload outside demo mode), or NULL. */
static const char *
mode_reason (EoHistoryView  *self,
             EoUploadRecord *record)
{
  if (self->job_manager == NULL || eo_job_manager_fits_mode (self->job_manager, record))
    return NULL;
  return eo_job_manager_get_unfollowable_reason (self->job_manager, record);
}

/* A row of the list */

static void
update_row (AdwActionRow   *row,
            EoUploadRecord *record)
{
  EoHistoryView *self = g_object_get_data (G_OBJECT (row), "eo-view");
  g_autofree char *state_text = dup_state_text (self, record);
  const char *reason = mode_reason (self, record);
  GtkLabel *state_label = g_object_get_data (G_OBJECT (row), "eo-state-label");
  GtkImage *state_icon = g_object_get_data (G_OBJECT (row), "eo-state-icon");
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *time = format_time (eo_upload_record_get_created (record));
  g_autofree char *counts = eo_history_view_format_counts (record);
  g_autofree char *explanation = NULL;
  const char *customer = eo_upload_record_get_customer_id (record);
  EoUploadState state = eo_upload_record_get_state (record);

  g_string_append (subtitle, time);
  if (customer != NULL && *customer != '\0')
    {
      g_string_append (subtitle, _(" · "));
      /* Translators: %s is a customer ID */
      g_string_append_printf (subtitle, _("customer %s"), customer);
    }
  g_string_append (subtitle, _(" · "));
  g_string_append (subtitle, counts);

  /* An unknown outcome always says what to do about it. */
  if (state == EO_UPLOAD_STATE_OUTCOME_UNKNOWN || state == EO_UPLOAD_STATE_REFUSED ||
      state == EO_UPLOAD_STATE_NOT_SENT)
    {
      explanation = eo_history_view_format_explanation (record);
      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, explanation);
    }
  if (eo_upload_record_get_list_edited (record))
    {
      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, _("List edited before sending"));
    }
  if (reason != NULL)
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: %s says why, e.g. "Made against the demo server; …" */
      g_string_append_printf (subtitle, _("Demo upload: %s"), reason);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), record_title (record));
  adw_action_row_set_subtitle (row, subtitle->str);

  gtk_label_set_text (state_label, state_text);
  gtk_image_set_from_icon_name (state_icon, state_icon_name (record));
  for (const char * const *c = (const char * const[]) { "accent", "success", "warning", "error", NULL }; *c; c++)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (state_label), *c);
      gtk_widget_remove_css_class (GTK_WIDGET (state_icon), *c);
    }
  gtk_widget_add_css_class (GTK_WIDGET (state_label), state_css_class (record));
  gtk_widget_add_css_class (GTK_WIDGET (state_icon), state_css_class (record));
}

static void
row_record_changed_cb (EoUploadRecord *record,
                       AdwActionRow   *row)
{
  update_row (row, record);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  EoUploadRecord *record = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *state_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *state_icon = gtk_image_new ();
  GtkWidget *state_label = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  gtk_widget_set_valign (state_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (state_box), state_icon);
  gtk_box_append (GTK_BOX (state_box), state_label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_box);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_object_set_data (G_OBJECT (row), "eo-view", user_data);
  g_object_set_data (G_OBJECT (row), "eo-state-label", state_label);
  g_object_set_data (G_OBJECT (row), "eo-state-icon", state_icon);
  g_object_set_data_full (G_OBJECT (row), "eo-record", g_object_ref (record), g_object_unref);

  update_row (ADW_ACTION_ROW (row), record);
  g_signal_connect_object (record, "changed", G_CALLBACK (row_record_changed_cb), row, 0);

  return row;
}

/* The opened record */

/* The explanation, with how it is followed first: not followed since,
 * given up, made in the other mode, re-sent. */
static char *
dup_record_explanation (EoHistoryView  *self,
                        EoUploadRecord *record)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *follow = self->job_manager != NULL ? eo_job_manager_dup_follow_label (self->job_manager, record)
                                                      : NULL;
  g_autofree char *rest = eo_history_view_format_explanation (record);
  const char *reason = mode_reason (self, record);
  const char *from = eo_upload_record_get_resent_from (record);
  const char *as = eo_upload_record_get_resent_as (record);

  if (follow != NULL && (eo_upload_record_get_given_up (record) ||
                         !eo_job_manager_is_followed (self->job_manager, record)))
    g_string_append_printf (text, "%s.", follow);
  if (reason != NULL)
    g_string_append_printf (text, "%s%s.", text->len > 0 ? " " : "", reason);
  if (*rest != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", rest);
  if (as != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "",
                            _("Sent again after a confirmation; see the newer upload."));
  else if (from != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "",
                            _("This upload sends again an upload whose outcome was unknown, on the admin's confirmation."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A button of a GtkFlowBox shown or hidden with its child slot (else an
 * empty slot stays). */
static void
set_button_shown (GtkWidget *button,
                  gboolean   shown)
{
  GtkWidget *parent = gtk_widget_get_parent (button);

  gtk_widget_set_visible (button, shown);
  if (GTK_IS_FLOW_BOX_CHILD (parent))
    gtk_widget_set_visible (parent, shown);
}

/* The buttons that pick the upload up again, where they apply; Follow
 * says why it is off for an upload of the other mode. */
static void
update_recover_buttons (EoHistoryView *self,
                        EoUploadState  state)
{
  gboolean accepted = state == EO_UPLOAD_STATE_ACCEPTED;
  gboolean unknown = state == EO_UPLOAD_STATE_OUTCOME_UNKNOWN || state == EO_UPLOAD_STATE_SENDING;
  const char *reason = mode_reason (self, self->record);

  gtk_widget_set_visible (self->recover_box, accepted || unknown);
  set_button_shown (self->check_button, accepted);
  set_button_shown (self->follow_button, accepted);
  set_button_shown (self->stop_button, accepted);
  set_button_shown (self->resend_button, unknown && eo_upload_record_get_resent_as (self->record) == NULL);
  gtk_widget_set_tooltip_text (self->follow_button,
                               reason != NULL ? reason : _("Follow This Upload Until Every Device Is Done"));
}

static void
update_record_page (EoHistoryView *self)
{
  g_autofree char *time = NULL;
  g_autofree char *title = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *explanation = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *state_text = NULL;
  EoUploadState state;

  if (self->record == NULL)
    return;

  state = eo_upload_record_get_state (self->record);
  time = format_time (eo_upload_record_get_created (self->record));
  /* Translators: title of an opened upload: file name, then date and time */
  title = g_strdup_printf (_("%s, %s"), record_title (self->record), time);
  counts = eo_history_view_format_counts (self->record);
  /* Translators: state of an upload, then its counts */
  state_text = dup_state_text (self, self->record);
  subtitle = g_strdup_printf (_("%s · %s"), state_text, counts);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->counts_label, subtitle);

  explanation = dup_record_explanation (self, self->record);
  update_recover_buttons (self, state);
  gtk_label_set_text (self->notice_label, explanation);
  gtk_image_set_from_icon_name (self->notice_icon, state_icon_name (self->record));
  for (const char * const *c = (const char * const[]) { "accent", "success", "warning", "error", NULL }; *c; c++)
    gtk_widget_remove_css_class (self->notice_box, *c);
  gtk_widget_add_css_class (self->notice_box, state_css_class (self->record));
  gtk_revealer_set_reveal_child (self->notice_revealer, *explanation != '\0');
}

static void
record_changed_cb (EoUploadRecord *record,
                   EoHistoryView  *self)
{
  update_record_page (self);
}

static void
set_record (EoHistoryView  *self,
            EoUploadRecord *record)
{
  if (self->record == record)
    return;

  if (self->record != NULL)
    g_clear_signal_handler (&self->record_changed_id, self->record);
  g_set_object (&self->record, record);

  if (record != NULL)
    {
      self->record_changed_id = g_signal_connect (record, "changed",
                                                  G_CALLBACK (record_changed_cb), self);
      eo_device_view_set_model (self->device_view, eo_upload_record_get_devices (record));
      eo_device_view_scroll_to_top (self->device_view);
      update_record_page (self);
    }
  else
    eo_device_view_set_model (self->device_view, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD]);
}

static void
update_page (EoHistoryView *self)
{
  GListModel *records = self->history ? eo_history_get_records (self->history) : NULL;
  const char *page;

  gtk_spinner_set_spinning (self->spinner, self->loading);

  if (self->record != NULL)
    page = "record";
  else if (self->loading)
    page = "loading";
  else if (records == NULL || g_list_model_get_n_items (records) == 0)
    page = "empty";
  else
    page = "records";

  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Signal callbacks */

static void
records_changed_cb (GListModel    *records,
                    guint          position,
                    guint          removed,
                    guint          added,
                    EoHistoryView *self)
{
  /* The opened record was removed (or replaced by a reload). */
  if (self->record != NULL)
    {
      guint n = g_list_model_get_n_items (records);
      gboolean found = FALSE;

      for (guint i = 0; i < n && !found; i++)
        {
          g_autoptr(EoUploadRecord) record = g_list_model_get_item (records, i);
          found = record == self->record;
        }
      if (!found)
        set_record (self, NULL);
    }

  update_page (self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EoHistoryView *self = EO_HISTORY_VIEW (widget);

  eo_history_view_show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (eo_history_filter_get_entry (self->filter)));
}

static void
row_activated_cb (GtkListBox    *list_box,
                  GtkListBoxRow *row,
                  EoHistoryView *self)
{
  EoUploadRecord *record = g_object_get_data (G_OBJECT (row), "eo-record");

  if (record != NULL)
    eo_history_view_open_record (self, record);
}

static void
device_activate_cb (GtkColumnView *column_view,
                    guint          position,
                    EoHistoryView *self)
{
  GListModel *shown = eo_device_view_get_shown_model (self->device_view);
  g_autoptr(EoDevice) device = g_list_model_get_item (shown, position);

  if (device != NULL)
    g_signal_emit (self, signals[SIGNAL_DEVICE_ACTIVATED], 0, device);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  eo_history_view_show_list (EO_HISTORY_VIEW (widget));
}

/* Overrides */

static void
eo_history_view_dispose (GObject *object)
{
  EoHistoryView *self = EO_HISTORY_VIEW (object);

  eo_history_view_set_history (self, NULL);
  set_record (self, NULL);
  eo_history_view_set_job_manager (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_HISTORY_VIEW);

  G_OBJECT_CLASS (eo_history_view_parent_class)->dispose (object);
}

static void
eo_history_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  EoHistoryView *self = EO_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_RECORD:
      g_value_set_object (value, self->record);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_history_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  EoHistoryView *self = EO_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      eo_history_view_set_history (self, g_value_get_object (value));
      break;
    case PROP_RECORD:
      eo_history_view_open_record (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_history_view_class_init (EoHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_history_view_dispose;
  object_class->get_property = eo_history_view_get_property;
  object_class->set_property = eo_history_view_set_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         EO_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD] =
    g_param_spec_object ("record", NULL, NULL,
                         EO_TYPE_UPLOAD_RECORD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_DEVICE_ACTIVATED] =
    g_signal_new ("device-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EO_TYPE_DEVICE);

  g_type_ensure (EO_TYPE_DEVICE_VIEW);
  g_type_ensure (EO_TYPE_HISTORY_FILTER);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "eo-history-view");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, spinner);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, list_box);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, filter);
  /* Ctrl+F on the History page: to the search. */
  gtk_widget_class_install_action (widget_class, "history.find", NULL, find_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "history.find", NULL);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, title_label);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, notice_box);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, notice_icon);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, notice_label);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, device_view);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, handoff_button);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, recover_box);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, check_button);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, follow_button);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, stop_button);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, give_up_button);
  gtk_widget_class_bind_template_child (widget_class, EoHistoryView, resend_button);

  gtk_widget_class_install_action (widget_class, "history.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "history.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Left, GDK_ALT_MASK, "history.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "history.back", NULL);
}

static void
eo_history_view_init (EoHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->list_box, "row-activated", G_CALLBACK (row_activated_cb), self);
  eo_history_filter_set_list_box (self->filter, self->list_box);
  g_signal_connect (eo_device_view_get_column_view (self->device_view), "activate",
                    G_CALLBACK (device_activate_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.back", FALSE);
  update_page (self);
}

/* Public API */

GtkWidget *
eo_history_view_new (void)
{
  return g_object_new (EO_TYPE_HISTORY_VIEW, NULL);
}

EoHistory *
eo_history_view_get_history (EoHistoryView *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_VIEW (self), NULL);

  return self->history;
}

void
eo_history_view_set_history (EoHistoryView *self,
                             EoHistory     *history)
{
  g_return_if_fail (EO_IS_HISTORY_VIEW (self));
  g_return_if_fail (history == NULL || EO_IS_HISTORY (history));

  if (self->history == history)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (eo_history_get_records (self->history),
                                          records_changed_cb, self);
  set_record (self, NULL);
  g_set_object (&self->history, history);
  eo_history_filter_set_history (self->filter, history);

  if (history != NULL)
    {
      GListModel *records = eo_history_get_records (history);

      gtk_list_box_bind_model (self->list_box, records, create_row_cb, self, NULL);
      g_signal_connect (records, "items-changed", G_CALLBACK (records_changed_cb), self);
    }
  else
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);

  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

void
eo_history_view_set_loading (EoHistoryView *self,
                             gboolean       loading)
{
  g_return_if_fail (EO_IS_HISTORY_VIEW (self));

  self->loading = !!loading;
  update_page (self);
}

void
eo_history_view_open_record (EoHistoryView  *self,
                             EoUploadRecord *record)
{
  g_return_if_fail (EO_IS_HISTORY_VIEW (self));
  g_return_if_fail (record == NULL || EO_IS_UPLOAD_RECORD (record));

  set_record (self, record);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.back", record != NULL);
  update_page (self);
  if (record != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (eo_device_view_get_column_view (self->device_view)));
}

EoUploadRecord *
eo_history_view_get_record (EoHistoryView *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_VIEW (self), NULL);

  return self->record;
}

void
eo_history_view_show_list (EoHistoryView *self)
{
  g_autoptr(EoUploadRecord) previous = NULL;

  g_return_if_fail (EO_IS_HISTORY_VIEW (self));

  previous = self->record ? g_object_ref (self->record) : NULL;
  eo_history_view_open_record (self, NULL);

  /* Back where the user came from: the row of the record just closed. */
  if (previous != NULL)
    {
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        if (g_object_get_data (G_OBJECT (row), "eo-record") == previous)
          {
            gtk_widget_grab_focus (row);
            break;
          }
    }
}

const char *
eo_history_view_get_page (EoHistoryView *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

EoHistoryFilter *
eo_history_view_get_filter (EoHistoryView *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_VIEW (self), NULL);

  return self->filter;
}

GtkListBox *
eo_history_view_get_list_box (EoHistoryView *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_VIEW (self), NULL);

  return self->list_box;
}

EoDeviceView *
eo_history_view_get_device_view (EoHistoryView *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_VIEW (self), NULL);

  return self->device_view;
}

char *
eo_history_view_format_counts (EoUploadRecord *record)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_devices, n_succeeded, n_failed, n_pending;

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  n_devices = eo_upload_record_get_n_devices (record);
  eo_upload_record_get_counts (record, &n_succeeded, &n_failed, &n_pending);

  /* Translators: number of devices in an upload */
  g_string_append_printf (text, ngettext ("%'u device", "%'u devices", n_devices), n_devices);

  /* Before the server took it, nothing succeeded or failed yet. */
  if (eo_upload_record_get_state (record) != EO_UPLOAD_STATE_ACCEPTED &&
      eo_upload_record_get_state (record) != EO_UPLOAD_STATE_FINISHED)
    return g_string_free (g_steal_pointer (&text), FALSE);

  g_string_append (text, _(" · "));
  /* Translators: number of devices that got their eSIM */
  g_string_append_printf (text, ngettext ("%'u succeeded", "%'u succeeded", n_succeeded), n_succeeded);
  if (n_failed > 0)
    {
      g_string_append (text, _(" · "));
      /* Translators: number of devices that failed */
      g_string_append_printf (text, ngettext ("%'u failed", "%'u failed", n_failed), n_failed);
    }
  if (n_pending > 0)
    {
      g_string_append (text, _(" · "));
      /* Translators: number of devices without a final status */
      g_string_append_printf (text, ngettext ("%'u pending", "%'u pending", n_pending), n_pending);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
eo_history_view_format_explanation (EoUploadRecord *record)
{
  const char *message;
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (EO_IS_UPLOAD_RECORD (record), NULL);

  message = eo_upload_record_get_error_message (record);

  switch (eo_upload_record_get_state (record))
    {
    case EO_UPLOAD_STATE_OUTCOME_UNKNOWN:
      g_string_append (text, _("The upload was sent but no answer came back: the server may or may not have it. Check in the CSO console before sending these devices again; eSIM Onboard never sends it again by itself."));
      break;
    case EO_UPLOAD_STATE_REFUSED:
      g_string_append (text, _("The server refused the upload: no eSIM was assigned."));
      break;
    case EO_UPLOAD_STATE_NOT_SENT:
      g_string_append (text, _("Not sent: the server never received this upload, so it may be sent again."));
      break;
    case EO_UPLOAD_STATE_SENDING:
      g_string_append (text, _("Another eSIM Onboard is sending this upload right now."));
      break;
    case EO_UPLOAD_STATE_ACCEPTED:
    case EO_UPLOAD_STATE_FINISHED:
    default:
      break;
    }

  if (message != NULL && *message != '\0')
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: %s is an error message from the server or the network */
      g_string_append_printf (text, _("Last error: %s"), message);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
eo_history_view_get_compact (EoHistoryView *self)
{
  g_return_val_if_fail (EO_IS_HISTORY_VIEW (self), FALSE);

  return self->compact;
}

void
eo_history_view_set_compact (EoHistoryView *self,
                             gboolean       compact)
{
  g_return_if_fail (EO_IS_HISTORY_VIEW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  /* Icons only for the upload's buttons; their tooltips say the rest. */
  eo_a11y_set_button_compact (self->retry_button, compact, NULL);
  eo_a11y_set_button_compact (self->handoff_button, compact, NULL);
  eo_device_view_set_compact (self->device_view, compact);
}

/* A row's record, and the opened one, say again how they are followed. */
static void
follow_changed_cb (EoJobManager   *manager,
                   EoUploadRecord *record,
                   EoHistoryView  *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "eo-record") == record)
      update_row (ADW_ACTION_ROW (row), record);
  if (record == self->record)
    update_record_page (self);
}

void
eo_history_view_set_job_manager (EoHistoryView *self,
                                 EoJobManager  *manager)
{
  g_return_if_fail (EO_IS_HISTORY_VIEW (self));
  g_return_if_fail (manager == NULL || EO_IS_JOB_MANAGER (manager));

  if (self->job_manager == manager)
    return;
  if (self->job_manager != NULL)
    g_signal_handlers_disconnect_by_func (self->job_manager, follow_changed_cb, self);
  g_set_object (&self->job_manager, manager);
  if (manager != NULL)
    g_signal_connect (manager, "follow-changed", G_CALLBACK (follow_changed_cb), self);
  /* The rows again, with how each is followed. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      EoUploadRecord *record = g_object_get_data (G_OBJECT (row), "eo-record");

      if (record != NULL)
        update_row (ADW_ACTION_ROW (row), record);
    }
  update_record_page (self);
}
