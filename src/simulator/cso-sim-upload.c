/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-upload"

#include "config.h"

#include "cso-sim-upload.h"

struct _CsoSimUpload
{
  GObject        parent_instance;

  char          *request_id;
  CsoSimAccount *account;
  GPtrArray     *rows;
};

G_DEFINE_FINAL_TYPE (CsoSimUpload, cso_sim_upload, G_TYPE_OBJECT)

static void
cso_sim_upload_finalize (GObject *object)
{
  CsoSimUpload *self = CSO_SIM_UPLOAD (object);

  g_free (self->request_id);
  g_clear_object (&self->account);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (cso_sim_upload_parent_class)->finalize (object);
}

static void
cso_sim_upload_class_init (CsoSimUploadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cso_sim_upload_finalize;
}

static void
cso_sim_upload_init (CsoSimUpload *self)
{
  self->request_id = g_uuid_string_random ();
}

CsoSimUpload *
cso_sim_upload_new (CsoSimAccount *account,
                    GPtrArray     *rows)
{
  CsoSimUpload *self;

  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  self = g_object_new (CSO_SIM_TYPE_UPLOAD, NULL);
  self->account = g_object_ref (account);
  self->rows = rows;

  return self;
}

const char *
cso_sim_upload_get_request_id (CsoSimUpload *self)
{
  g_return_val_if_fail (CSO_SIM_IS_UPLOAD (self), NULL);
  return self->request_id;
}

CsoSimAccount *
cso_sim_upload_get_account (CsoSimUpload *self)
{
  g_return_val_if_fail (CSO_SIM_IS_UPLOAD (self), NULL);
  return self->account;
}

guint
cso_sim_upload_get_n_rows (CsoSimUpload *self)
{
  g_return_val_if_fail (CSO_SIM_IS_UPLOAD (self), 0);
  return self->rows->len;
}

CsoSimRow *
cso_sim_upload_get_row (CsoSimUpload *self,
                        guint         index)
{
  g_return_val_if_fail (CSO_SIM_IS_UPLOAD (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}
