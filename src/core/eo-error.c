/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-error"

#include "config.h"

#include "eo-error.h"

/* EO_ERROR is an extended error domain: each error may carry the
 * EoMessage its text was made from. */
typedef struct
{
  EoMessage *message;
} EoErrorPrivate;

static void
eo_error_private_init (EoErrorPrivate *priv)
{
  priv->message = NULL;
}

static void
eo_error_private_copy (const EoErrorPrivate *src,
                       EoErrorPrivate       *dest)
{
  dest->message = eo_message_copy (src->message);
}

static void
eo_error_private_clear (EoErrorPrivate *priv)
{
  g_clear_pointer (&priv->message, eo_message_free);
}

G_DEFINE_EXTENDED_ERROR (EoError, eo_error)

GError *
eo_error_new_message (EoError    code,
                      EoMessage *message)
{
  g_autofree char *text = NULL;
  GError *error;

  g_return_val_if_fail (message != NULL, NULL);

  text = eo_message_format (message);
  error = g_error_new_literal (EO_ERROR, code, text != NULL ? text : eo_message_get_code (message));
  eo_error_get_private (error)->message = message;
  return error;
}

const EoMessage *
eo_error_get_message (const GError *error)
{
  EoErrorPrivate *priv;

  if (error == NULL || error->domain != EO_ERROR)
    return NULL;
  priv = eo_error_get_private (error);
  return priv != NULL ? priv->message : NULL;
}
