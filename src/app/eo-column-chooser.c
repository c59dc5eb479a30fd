/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-column-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-a11y.h"
#include "eo-column-chooser.h"

/* See eo-column-chooser.h. The three choices are combo rows over the
 * same column labels; the name and the ICCID have one more item at the
 * end, for “none”. */

struct _EoColumnChooser
{
  GtkWidget             parent_instance;

  char                 *signature;
  guint                 n_columns;
  GPtrArray            *column_rows;

  /* Template widgets */
  GtkWidget            *scrolled;
  GtkLabel             *description_label;
  AdwComboRow          *eid_row;
  AdwComboRow          *name_row;
  AdwComboRow          *iccid_row;
  GtkLabel             *problem_label;
  GtkWidget            *cancel_button;
  GtkWidget            *open_button;
  AdwPreferencesGroup  *columns_group;
};

G_DEFINE_FINAL_TYPE (EoColumnChooser, eo_column_chooser, GTK_TYPE_WIDGET)

enum {
  SIGNAL_OPEN,
  SIGNAL_CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static char *
dup_column_label (const EoColumnSample *sample,
                  guint                 column)
{
  const char *header = sample->headers[column];

  if (header != NULL && header[0] != '\0')
    /* Translators: a column of the list: its number, then its header */
    return g_strdup_printf (_("%u · %s"), column + 1, header);
  /* Translators: a column of a list without a header */
  return g_strdup_printf (_("Column %u"), column + 1);
}

/* The first few values of @column, for the admin to recognise it. */
static char *
dup_column_values (const EoColumnSample *sample,
                   guint                 column)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint k = 0; k < EO_COLUMN_SAMPLE_N_VALUES; k++)
    {
      const char *value = sample->values[column * EO_COLUMN_SAMPLE_N_VALUES + k];

      if (k >= sample->n_rows)
        break;
      if (out->len > 0)
        g_string_append (out, "  ·  ");
      g_string_append (out, value[0] != '\0' ? value : "—");
    }
  if (out->len == 0)
    g_string_append (out, _("(empty)"));
  return g_markup_escape_text (out->str, -1);
}

static void
set_model (AdwComboRow  *row,
           GtkStringList *labels,
           const char   *none)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (labels));

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (model, gtk_string_list_get_string (labels, i));
  if (none != NULL)
    gtk_string_list_append (model, none);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
}

static AdwComboRow *
row_for (EoColumnChooser *self,
         EoColumn         column)
{
  switch (column)
    {
    case EO_COLUMN_EID:
      return self->eid_row;
    case EO_COLUMN_NAME:
      return self->name_row;
    case EO_COLUMN_ICCID:
      return self->iccid_row;
    case EO_COLUMN_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The guess for @column: its header name, else its content. */
static int
guess (const EoColumnSample *sample,
       EoColumn              column)
{
  return sample->by_header[column] >= 0 ? sample->by_header[column] : sample->by_content[column];
}

/* The guesses, each column for one role only: the EID first (else the
 * first column), then the name (else the first other column), then the
 * ICCID (else none). */
static void
choose_likely (EoColumnChooser      *self,
               const EoColumnSample *sample)
{
  int eid = MAX (guess (sample, EO_COLUMN_EID), 0);
  int name = guess (sample, EO_COLUMN_NAME);
  int iccid = guess (sample, EO_COLUMN_ICCID);

  if (name < 0 || name == eid)
    name = sample->n_columns > 1 ? (eid == 0 ? 1 : 0) : -1;
  if (iccid == eid || iccid == name)
    iccid = -1;
  eo_column_chooser_set_column (self, EO_COLUMN_EID, eid);
  eo_column_chooser_set_column (self, EO_COLUMN_NAME, name);
  eo_column_chooser_set_column (self, EO_COLUMN_ICCID, iccid);
}

/* Open only with one column for each role chosen. */
static void
update_problem (EoColumnChooser *self)
{
  int eid = eo_column_chooser_get_column (self, EO_COLUMN_EID);
  int name = eo_column_chooser_get_column (self, EO_COLUMN_NAME);
  int iccid = eo_column_chooser_get_column (self, EO_COLUMN_ICCID);
  gboolean same = (name >= 0 && name == eid) || (iccid >= 0 && (iccid == eid || iccid == name));

  gtk_label_set_text (self->problem_label,
                      same ? _("Each column can be used for one thing only: choose another column.") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), same);
  gtk_widget_set_sensitive (self->open_button, eid >= 0 && !same);
}

/* Signal callbacks */

static void
selected_cb (EoColumnChooser *self)
{
  update_problem (self);
}

static void
open_clicked_cb (EoColumnChooser *self)
{
  g_signal_emit (self, signals[SIGNAL_OPEN], 0);
}

static void
cancel_clicked_cb (EoColumnChooser *self)
{
  g_signal_emit (self, signals[SIGNAL_CANCEL], 0);
}

/* Parent overrides and class */

static void
eo_column_chooser_dispose (GObject *object)
{
  EoColumnChooser *self = EO_COLUMN_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), EO_TYPE_COLUMN_CHOOSER);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (eo_column_chooser_parent_class)->dispose (object);
}

static void
eo_column_chooser_finalize (GObject *object)
{
  EoColumnChooser *self = EO_COLUMN_CHOOSER (object);

  g_clear_pointer (&self->signature, g_free);

  G_OBJECT_CLASS (eo_column_chooser_parent_class)->finalize (object);
}

static void
eo_column_chooser_class_init (EoColumnChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_column_chooser_dispose;
  object_class->finalize = eo_column_chooser_finalize;

  signals[SIGNAL_OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/esimonboard/EsimOnboard/eo-column-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, scrolled);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, description_label);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, eid_row);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, name_row);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, iccid_row);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, problem_label);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, open_button);
  gtk_widget_class_bind_template_child (widget_class, EoColumnChooser, columns_group);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
eo_column_chooser_init (EoColumnChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  eo_a11y_fix_button_names (GTK_WIDGET (self));
  self->column_rows = g_ptr_array_new ();

  g_signal_connect_swapped (self->eid_row, "notify::selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->name_row, "notify::selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->iccid_row, "notify::selected", G_CALLBACK (selected_cb), self);
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (open_clicked_cb), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_clicked_cb), self);
}

/* Public API */

GtkWidget *
eo_column_chooser_new (void)
{
  return g_object_new (EO_TYPE_COLUMN_CHOOSER, NULL);
}

void
eo_column_chooser_set_sample (EoColumnChooser      *self,
                              const EoColumnSample *sample,
                              const char           *display_name)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *description = NULL;

  g_return_if_fail (EO_IS_COLUMN_CHOOSER (self));
  g_return_if_fail (sample != NULL);

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, self->column_rows->pdata[i]);
  g_ptr_array_set_size (self->column_rows, 0);

  self->n_columns = sample->n_columns;
  g_free (self->signature);
  self->signature = g_strdup (sample->signature);

  for (guint c = 0; c < sample->n_columns; c++)
    {
      g_autofree char *label = dup_column_label (sample, c);
      g_autofree char *title = g_markup_escape_text (label, -1);
      g_autofree char *values = dup_column_values (sample, c);
      GtkWidget *row = adw_action_row_new ();

      gtk_string_list_append (labels, label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), values);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }

  set_model (self->eid_row, labels, NULL);
  set_model (self->name_row, labels, _("No name column (type the names later)"));
  set_model (self->iccid_row, labels, _("None"));

  /* Translators: %s is the name of a file (or “the pasted list”) */
  description = g_strdup_printf (_("Which columns of “%s” hold the EIDs, the names and the ICCIDs? "
                                   "The likely columns are chosen already; check them against the "
                                   "values below."), display_name);
  gtk_label_set_text (self->description_label, description);

  choose_likely (self, sample);
  update_problem (self);
}

int
eo_column_chooser_get_column (EoColumnChooser *self,
                              EoColumn         column)
{
  guint selected;

  g_return_val_if_fail (EO_IS_COLUMN_CHOOSER (self), -1);

  selected = adw_combo_row_get_selected (row_for (self, column));
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->n_columns)
    return -1;
  return (int) selected;
}

void
eo_column_chooser_set_column (EoColumnChooser *self,
                              EoColumn         column,
                              int              position)
{
  guint selected;

  g_return_if_fail (EO_IS_COLUMN_CHOOSER (self));

  /* Unknown: the first column for the EID, “none” for the others. */
  if (position >= 0 && (guint) position < self->n_columns)
    selected = (guint) position;
  else
    selected = column == EO_COLUMN_EID ? 0 : self->n_columns;
  adw_combo_row_set_selected (row_for (self, column), selected);
}

EoColumnMap *
eo_column_chooser_dup_map (EoColumnChooser *self)
{
  EoColumnMap *map;

  g_return_val_if_fail (EO_IS_COLUMN_CHOOSER (self), NULL);

  map = eo_column_map_new ();
  for (EoColumn role = EO_COLUMN_EID; role <= EO_COLUMN_ICCID; role++)
    {
      int position = eo_column_chooser_get_column (self, role);

      eo_column_map_set_position (map, role, position >= 0 ? position : EO_COLUMN_MAP_ABSENT);
    }
  return map;
}

const char *
eo_column_chooser_get_signature (EoColumnChooser *self)
{
  g_return_val_if_fail (EO_IS_COLUMN_CHOOSER (self), NULL);

  return self->signature;
}
