/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-qr-image"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-qr-image.h"

struct _EoQrImage
{
  GtkWidget  parent_instance;

  EoQrCode  *code;
};

G_DEFINE_FINAL_TYPE (EoQrImage, eo_qr_image, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Natural size: this many pixels per module. */
#define NATURAL_MODULE_PX 6

static guint
modules_with_quiet_zone (EoQrImage *self)
{
  if (self->code == NULL)
    return 0;

  return eo_qr_code_get_width (self->code) + 2 * EO_QR_CODE_QUIET_ZONE;
}

static void
update_accessible_label (EoQrImage *self)
{
  g_autofree char *label = NULL;

  if (self->code != NULL)
    /* Translators: accessible label of a QR code image; %s is its text */
    label = g_strdup_printf (_("QR code: %s"), eo_qr_code_get_text (self->code));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label ? label : "",
                                  -1);
}

static void
eo_qr_image_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  EoQrImage *self = EO_QR_IMAGE (widget);
  guint modules = modules_with_quiet_zone (self);

  /* Two pixels per module at least: one pixel is too small to scan. */
  *minimum = (int)modules * 2;
  *natural = (int)modules * NATURAL_MODULE_PX;
}

static void
eo_qr_image_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  EoQrImage *self = EO_QR_IMAGE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int size = MIN (width, height);
  guint n_modules = modules_with_quiet_zone (self);
  guint module;
  int symbol_px;
  float x0, y0;
  GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA black = { 0, 0, 0, 1 };
  int qr_width;

  if (self->code == NULL || size <= 0)
    return;

  module = eo_qr_image_module_size_for (self, size);
  symbol_px = (int)(module * n_modules);
  /* Whole pixels: no module edge falls between two pixels. */
  x0 = (float)((width - symbol_px) / 2);
  y0 = (float)((height - symbol_px) / 2);

  /* The quiet zone is part of the white square. */
  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (x0, y0, symbol_px, symbol_px));

  qr_width = (int)eo_qr_code_get_width (self->code);
  for (int y = 0; y < qr_width; y++)
    {
      int x = 0;

      /* One rectangle per run of dark modules on a row. */
      while (x < qr_width)
        {
          int start;

          while (x < qr_width && !eo_qr_code_get_module (self->code, x, y))
            x++;
          if (x >= qr_width)
            break;
          start = x;
          while (x < qr_width && eo_qr_code_get_module (self->code, x, y))
            x++;

          gtk_snapshot_append_color (snapshot, &black,
                                     &GRAPHENE_RECT_INIT (x0 + (start + EO_QR_CODE_QUIET_ZONE) * (float)module,
                                                          y0 + (y + EO_QR_CODE_QUIET_ZONE) * (float)module,
                                                          (x - start) * (float)module,
                                                          (float)module));
        }
    }
}

static void
eo_qr_image_dispose (GObject *object)
{
  EoQrImage *self = EO_QR_IMAGE (object);

  g_clear_object (&self->code);

  G_OBJECT_CLASS (eo_qr_image_parent_class)->dispose (object);
}

static void
eo_qr_image_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  EoQrImage *self = EO_QR_IMAGE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_object (value, self->code);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_qr_image_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  EoQrImage *self = EO_QR_IMAGE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      eo_qr_image_set_code (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
eo_qr_image_class_init (EoQrImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = eo_qr_image_dispose;
  object_class->get_property = eo_qr_image_get_property;
  object_class->set_property = eo_qr_image_set_property;

  widget_class->measure = eo_qr_image_measure;
  widget_class->snapshot = eo_qr_image_snapshot;

  properties[PROP_CODE] =
    g_param_spec_object ("code", NULL, NULL,
                         EO_TYPE_QR_CODE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "eo-qr-image");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
eo_qr_image_init (EoQrImage *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
eo_qr_image_new (EoQrCode *code)
{
  g_return_val_if_fail (code == NULL || EO_IS_QR_CODE (code), NULL);

  return g_object_new (EO_TYPE_QR_IMAGE, "code", code, NULL);
}

EoQrCode *
eo_qr_image_get_code (EoQrImage *self)
{
  g_return_val_if_fail (EO_IS_QR_IMAGE (self), NULL);

  return self->code;
}

void
eo_qr_image_set_code (EoQrImage *self,
                      EoQrCode  *code)
{
  g_return_if_fail (EO_IS_QR_IMAGE (self));
  g_return_if_fail (code == NULL || EO_IS_QR_CODE (code));

  if (!g_set_object (&self->code, code))
    return;

  update_accessible_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
eo_qr_image_get_text (EoQrImage *self)
{
  g_return_val_if_fail (EO_IS_QR_IMAGE (self), NULL);

  return self->code ? eo_qr_code_get_text (self->code) : NULL;
}

guint
eo_qr_image_module_size_for (EoQrImage *self,
                             int        size)
{
  guint modules;

  g_return_val_if_fail (EO_IS_QR_IMAGE (self), 1);

  modules = modules_with_quiet_zone (self);
  if (modules == 0 || size <= 0)
    return 1;

  return MAX (1u, (guint)size / modules);
}
