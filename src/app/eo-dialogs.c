/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-dialogs"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-dialogs.h"

/* Every libadwaita version check of the dialogs is in this file: the
 * AdwDialog family from 1.5, the windows before. */

#if ADW_CHECK_VERSION (1, 5, 0)
#define EO_DIALOGS_ARE_SHEETS 1
#define ALERT(w) ADW_ALERT_DIALOG (w)
#else
#define EO_DIALOGS_ARE_SHEETS 0
#define ALERT(w) ADW_MESSAGE_DIALOG (w)
#endif

static const char *developers[] = {
  "The eSIM Onboard developers",
  NULL
};

/* Alerts */

GType
eo_alert_get_platform_type (void)
{
#if EO_DIALOGS_ARE_SHEETS
  return ADW_TYPE_ALERT_DIALOG;
#else
  return ADW_TYPE_MESSAGE_DIALOG;
#endif
}

#if EO_DIALOGS_ARE_SHEETS
static GtkWidget *
find_label_with_class (GtkWidget  *widget,
                       const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}
#endif

GtkWidget *
eo_alert_new (const char *heading,
              const char *body)
{
#if EO_DIALOGS_ARE_SHEETS
  GtkWidget *alert = GTK_WIDGET (adw_alert_dialog_new (heading, body));
  GtkWidget *contents = adw_dialog_get_child (ADW_DIALOG (alert));
  GtkWidget *large_heading = contents != NULL ? find_label_with_class (contents, "title-2") : NULL;

  /* The large heading label does not wrap: libadwaita 1.7 measures it at
   * the dialog's width even when the heading is wider (GTK warns "Trying
   * to measure GtkLabel … for width of 292, but it needs at least 303")
   * before it shows the smaller, wrapping one instead. Wrapping, its
   * minimum width fits; which label shows is libadwaita's choice still. */
  if (large_heading != NULL)
    {
      gtk_label_set_wrap (GTK_LABEL (large_heading), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (large_heading), PANGO_WRAP_WORD_CHAR);
    }

  return alert;
#else
  return adw_message_dialog_new (NULL, heading, body);
#endif
}

gboolean
eo_is_alert (gpointer object)
{
  return object != NULL && G_TYPE_CHECK_INSTANCE_TYPE (object, eo_alert_get_platform_type ());
}

void
eo_alert_add_response (GtkWidget             *alert,
                       const char            *id,
                       const char            *label,
                       AdwResponseAppearance  appearance)
{
  g_return_if_fail (eo_is_alert (alert));

#if EO_DIALOGS_ARE_SHEETS
  adw_alert_dialog_add_response (ALERT (alert), id, label);
  adw_alert_dialog_set_response_appearance (ALERT (alert), id, appearance);
#else
  adw_message_dialog_add_response (ALERT (alert), id, label);
  adw_message_dialog_set_response_appearance (ALERT (alert), id, appearance);
#endif
  /* The buttons' accessible names without the mnemonic's underscore. */
  eo_a11y_fix_button_names (alert);
}

void
eo_alert_set_default_response (GtkWidget  *alert,
                               const char *id)
{
  g_return_if_fail (eo_is_alert (alert));

#if EO_DIALOGS_ARE_SHEETS
  adw_alert_dialog_set_default_response (ALERT (alert), id);
#else
  adw_message_dialog_set_default_response (ALERT (alert), id);
#endif
}

void
eo_alert_set_close_response (GtkWidget  *alert,
                             const char *id)
{
  g_return_if_fail (eo_is_alert (alert));

#if EO_DIALOGS_ARE_SHEETS
  adw_alert_dialog_set_close_response (ALERT (alert), id);
#else
  adw_message_dialog_set_close_response (ALERT (alert), id);
#endif
}

void
eo_alert_set_heading (GtkWidget  *alert,
                      const char *heading)
{
  g_return_if_fail (eo_is_alert (alert));

  g_object_set (alert, "heading", heading, NULL);
}

const char *
eo_alert_get_heading (GtkWidget *alert)
{
  g_return_val_if_fail (eo_is_alert (alert), NULL);

#if EO_DIALOGS_ARE_SHEETS
  return adw_alert_dialog_get_heading (ALERT (alert));
#else
  return adw_message_dialog_get_heading (ALERT (alert));
#endif
}

void
eo_alert_set_body (GtkWidget  *alert,
                   const char *body)
{
  g_return_if_fail (eo_is_alert (alert));

  g_object_set (alert, "body", body, NULL);
}

const char *
eo_alert_get_body (GtkWidget *alert)
{
  g_return_val_if_fail (eo_is_alert (alert), NULL);

#if EO_DIALOGS_ARE_SHEETS
  return adw_alert_dialog_get_body (ALERT (alert));
#else
  return adw_message_dialog_get_body (ALERT (alert));
#endif
}

gboolean
eo_alert_has_response (GtkWidget  *alert,
                       const char *id)
{
  g_return_val_if_fail (eo_is_alert (alert), FALSE);

#if EO_DIALOGS_ARE_SHEETS
  return adw_alert_dialog_has_response (ALERT (alert), id);
#else
  return adw_message_dialog_has_response (ALERT (alert), id);
#endif
}

gboolean
eo_alert_get_response_enabled (GtkWidget  *alert,
                               const char *id)
{
  g_return_val_if_fail (eo_is_alert (alert), FALSE);

#if EO_DIALOGS_ARE_SHEETS
  return adw_alert_dialog_get_response_enabled (ALERT (alert), id);
#else
  return adw_message_dialog_get_response_enabled (ALERT (alert), id);
#endif
}

void
eo_alert_set_response_enabled (GtkWidget  *alert,
                               const char *id,
                               gboolean    enabled)
{
  g_return_if_fail (eo_is_alert (alert));

#if EO_DIALOGS_ARE_SHEETS
  adw_alert_dialog_set_response_enabled (ALERT (alert), id, enabled);
#else
  adw_message_dialog_set_response_enabled (ALERT (alert), id, enabled);
#endif
}

void
eo_alert_set_extra_child (GtkWidget *alert,
                          GtkWidget *child)
{
  g_return_if_fail (eo_is_alert (alert));

  /* "extra-child" on both AdwMessageDialog and AdwAlertDialog. */
  g_object_set (alert, "extra-child", child, NULL);
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The button a person clicks for the response @id, or NULL. */
GtkWidget *
eo_alert_get_response_button (GtkWidget  *alert,
                              const char *id)
{
  const char *label;

  g_return_val_if_fail (eo_is_alert (alert), NULL);

  if (!eo_alert_has_response (alert, id))
    return NULL;
#if EO_DIALOGS_ARE_SHEETS
  label = adw_alert_dialog_get_response_label (ALERT (alert), id);
#else
  label = adw_message_dialog_get_response_label (ALERT (alert), id);
#endif

  return find_button_labelled (alert, label);
}

GtkWidget *
eo_alert_show_message (GtkWindow  *parent,
                       const char *heading,
                       const char *body)
{
  GtkWidget *alert = eo_alert_new (heading, body);

  eo_alert_add_response (alert, "close", _("_Close"), ADW_RESPONSE_DEFAULT);
  eo_alert_set_default_response (alert, "close");
  eo_alert_set_close_response (alert, "close");
  eo_dialog_present (alert, parent);

  return alert;
}

/* Any dialog */

void
eo_dialog_present (GtkWidget *dialog,
                   GtkWindow *parent)
{
  g_return_if_fail (GTK_IS_WIDGET (dialog));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

#if EO_DIALOGS_ARE_SHEETS
  if (ADW_IS_DIALOG (dialog))
    {
      GtkRoot *shown_in = gtk_widget_get_root (dialog);

      /* A sheet cannot move to another window: raise it where it is. */
      if (shown_in != NULL && GTK_WINDOW (shown_in) != parent)
        {
          adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (shown_in));
          gtk_window_present (GTK_WINDOW (shown_in));
          return;
        }
      adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (parent));
      return;
    }
#endif

  g_return_if_fail (GTK_IS_WINDOW (dialog));
  if (parent != NULL && GTK_WINDOW (dialog) != parent)
    gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
eo_dialog_close (GtkWidget *dialog)
{
  g_return_if_fail (GTK_IS_WIDGET (dialog));

#if EO_DIALOGS_ARE_SHEETS
  if (ADW_IS_DIALOG (dialog))
    {
      adw_dialog_close (ADW_DIALOG (dialog));
      return;
    }
#endif
  g_return_if_fail (GTK_IS_WINDOW (dialog));
  gtk_window_close (GTK_WINDOW (dialog));
}

void
eo_dialog_destroy (GtkWidget *dialog)
{
  g_return_if_fail (GTK_IS_WIDGET (dialog));

#if EO_DIALOGS_ARE_SHEETS
  /* A child of its window's dialog host: destroyed with the window. */
  if (ADW_IS_DIALOG (dialog))
    return;
#endif
  g_return_if_fail (GTK_IS_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

GtkWindow *
eo_dialog_get_window (GtkWidget *dialog)
{
  g_return_val_if_fail (GTK_IS_WIDGET (dialog), NULL);

  if (!gtk_widget_get_mapped (dialog))
    return NULL;
#if EO_DIALOGS_ARE_SHEETS
  if (ADW_IS_DIALOG (dialog))
    {
      GtkRoot *root = gtk_widget_get_root (dialog);

      return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
    }
#endif

  return GTK_IS_WINDOW (dialog) ? GTK_WINDOW (dialog) : NULL;
}

GtkWindow *
eo_dialog_get_parent (GtkWidget *dialog)
{
  g_return_val_if_fail (GTK_IS_WIDGET (dialog), NULL);

#if EO_DIALOGS_ARE_SHEETS
  if (ADW_IS_DIALOG (dialog))
    {
      GtkRoot *root = gtk_widget_get_root (dialog);

      return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
    }
#endif

  return GTK_IS_WINDOW (dialog) ? gtk_window_get_transient_for (GTK_WINDOW (dialog)) : NULL;
}

GtkWidget *
eo_dialog_find (GtkWindow *parent,
                GType      type)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

#if EO_DIALOGS_ARE_SHEETS
  if (g_type_is_a (type, ADW_TYPE_DIALOG))
    {
      AdwDialog *shown = NULL;

      if (ADW_IS_APPLICATION_WINDOW (parent))
        shown = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (parent));
      else if (ADW_IS_WINDOW (parent))
        shown = adw_window_get_visible_dialog (ADW_WINDOW (parent));

      return shown != NULL && G_TYPE_CHECK_INSTANCE_TYPE (shown, type) ? GTK_WIDGET (shown) : NULL;
    }
#endif

  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    guint n = g_list_model_get_n_items (toplevels);

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

        if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
            gtk_widget_get_visible (GTK_WIDGET (window)) &&
            gtk_window_get_transient_for (window) == parent)
          return GTK_WIDGET (window);
      }
  }

  return NULL;
}

/* About */

GType
eo_about_get_platform_type (void)
{
#if EO_DIALOGS_ARE_SHEETS
  return ADW_TYPE_ABOUT_DIALOG;
#else
  return ADW_TYPE_ABOUT_WINDOW;
#endif
}

GtkWidget *
eo_about_show (GtkWindow *parent)
{
  GtkWidget *about;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  /* The same properties on AdwAboutDialog and AdwAboutWindow. */
  about = g_object_new (eo_about_get_platform_type (),
                        "application-icon", APP_ID,
                        "application-name", _("eSIM Onboard"),
                        "developer-name", _("The eSIM Onboard developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Check a device list exported from your mobile device management system and assign Celona eSIMs to company phones."),
                        "website", "https://github.com/esimonboard/esim-onboard",
                        "issue-url", "https://github.com/esimonboard/esim-onboard/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", _("© The eSIM Onboard developers"),
                        "developers", developers,
                        /* Translators: Replace "translator-credits" with your names, one name per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  eo_dialog_present (about, parent);

  return about;
}

/* Preferences */

GType
eo_preferences_get_platform_type (void)
{
#if EO_DIALOGS_ARE_SHEETS
  return ADW_TYPE_PREFERENCES_DIALOG;
#else
  return ADW_TYPE_PREFERENCES_WINDOW;
#endif
}

GtkWidget *
eo_preferences_new (AdwPreferencesPage *page)
{
  GtkWidget *preferences;

  g_return_val_if_fail (ADW_IS_PREFERENCES_PAGE (page), NULL);

#if EO_DIALOGS_ARE_SHEETS
  preferences = g_object_new (ADW_TYPE_PREFERENCES_DIALOG,
                              "title", _("Preferences"),
                              "search-enabled", FALSE,
                              "content-width", 600,
                              "content-height", 640,
                              NULL);
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (preferences), page);
#else
  preferences = g_object_new (ADW_TYPE_PREFERENCES_WINDOW,
                              "title", _("Preferences"),
                              "modal", TRUE,
                              "search-enabled", FALSE,
                              "default-width", 600,
                              "default-height", 640,
                              NULL);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (preferences), page);
#endif

  return preferences;
}

void
eo_preferences_add_page (GtkWidget          *preferences,
                         AdwPreferencesPage *page)
{
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (preferences, eo_preferences_get_platform_type ()));
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

#if EO_DIALOGS_ARE_SHEETS
  adw_preferences_dialog_add (ADW_PREFERENCES_DIALOG (preferences), page);
#else
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (preferences), page);
#endif
}

void
eo_preferences_set_visible_page (GtkWidget          *preferences,
                                 AdwPreferencesPage *page)
{
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (preferences, eo_preferences_get_platform_type ()));
  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));

#if EO_DIALOGS_ARE_SHEETS
  adw_preferences_dialog_set_visible_page (ADW_PREFERENCES_DIALOG (preferences), page);
#else
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), page);
#endif
}
