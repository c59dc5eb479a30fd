/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-upload-record"

/* The names of upload states and device statuses in files and output are
 * the nicks of their enum types (eo-enum-types, made by glib-mkenums):
 * one truth for "outcome-unknown", "success"…; and the labels shown. */

#include "config.h"

#include <glib/gi18n.h>

#include "eo-enum-types.h"
#include "eo-upload-record.h"

/* The class stays referenced: names are asked for every device saved. */
static GEnumClass *
enum_class (GType type)
{
  GEnumClass *klass = g_type_class_peek (type);

  return klass != NULL ? klass : g_type_class_ref (type);
}

static const char *
to_nick (GType type,
         int   value)
{
  GEnumValue *found = g_enum_get_value (enum_class (type), value);

  return found != NULL ? found->value_nick : "unknown";
}

static gboolean
from_nick (GType       type,
           const char *str,
           int        *value)
{
  GEnumValue *found;

  if (str == NULL)
    return FALSE;
  found = g_enum_get_value_by_nick (enum_class (type), str);
  if (found == NULL)
    return FALSE;
  *value = found->value;
  return TRUE;
}

const char *
eo_upload_state_to_string (EoUploadState state)
{
  return to_nick (EO_TYPE_UPLOAD_STATE, state);
}

gboolean
eo_upload_state_from_string (const char    *str,
                             EoUploadState *state)
{
  int value;

  if (!from_nick (EO_TYPE_UPLOAD_STATE, str, &value))
    return FALSE;
  *state = (EoUploadState) value;
  return TRUE;
}

const char *
eo_upload_state_to_label (EoUploadState state)
{
  switch (state)
    {
    case EO_UPLOAD_STATE_SENDING:
      return _("Sending");
    case EO_UPLOAD_STATE_OUTCOME_UNKNOWN:
      return _("Sent, outcome unknown");
    case EO_UPLOAD_STATE_REFUSED:
      return _("Refused");
    case EO_UPLOAD_STATE_NOT_SENT:
      return _("Not sent");
    case EO_UPLOAD_STATE_ACCEPTED:
      return _("In progress");
    case EO_UPLOAD_STATE_FINISHED:
      return _("Finished");
    default:
      return _("Unknown");
    }
}

const char *
eo_upload_device_status_to_string (EoDeviceStatus status)
{
  return to_nick (EO_TYPE_DEVICE_STATUS, status);
}

gboolean
eo_upload_device_status_from_string (const char     *str,
                                     EoDeviceStatus *status)
{
  int value;

  if (!from_nick (EO_TYPE_DEVICE_STATUS, str, &value))
    return FALSE;
  *status = (EoDeviceStatus) value;
  return TRUE;
}
