/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-server"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cso-sim-server-private.h"

/* The API itself: the key's account, the upload (POST assign-eid) and the
 * status of an upload (GET eid-status). */

static CsoSimAccount *
find_account_by_key (CsoSimServer *self,
                     const char   *api_key)
{
  CsoSimAccount *found = NULL;

  /* Compare with every account, so the time taken does not tell which. */
  for (guint i = 0; i < self->accounts->len; i++)
    {
      CsoSimAccount *account = g_ptr_array_index (self->accounts, i);

      if (cso_sim_account_check_key (account, api_key) && found == NULL)
        found = account;
    }

  return found;
}

static CsoSimAccount *
find_account_by_customer (CsoSimServer *self,
                          const char   *customer_id)
{
  for (guint i = 0; i < self->accounts->len; i++)
    {
      CsoSimAccount *account = g_ptr_array_index (self->accounts, i);

      if (g_strcmp0 (cso_sim_account_get_customer_id (account), customer_id) == 0)
        return account;
    }

  return NULL;
}

/* The account of the request's X-API-Key, or NULL after answering 403. */
static CsoSimAccount *
authenticate (CsoSimServer      *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "X-API-Key");
  CsoSimAccount *account;

  if (key == NULL || key[0] == '\0')
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_FORBIDDEN, "Missing X-API-Key header");
      return NULL;
    }

  account = find_account_by_key (self, key);
  if (account == NULL)
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_FORBIDDEN, "Invalid API key");
      return NULL;
    }

  return account;
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (data == NULL)
    return g_strdup ("");
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, (gssize) len, NULL))
    return NULL;
  return g_strstrip (g_strndup (data, len));
}

/* The parts of an upload's multipart/form-data body. */
typedef struct
{
  GBytes   *file;
  gboolean  file_has_name;
  gboolean  has_customer_part;
  char     *form_customer;
} UploadForm;

static void
upload_form_clear (UploadForm *form)
{
  g_clear_pointer (&form->file, g_bytes_unref);
  g_clear_pointer (&form->form_customer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UploadForm, upload_form_clear)

/* The account the upload is for: the key's, and the query's customer.
 * NULL after answering. */
static CsoSimAccount *
upload_account (CsoSimServer      *self,
                SoupServerMessage *msg,
                GHashTable        *query,
                const char       **customer_id)
{
  CsoSimAccount *account, *customer;

  account = authenticate (self, msg);
  if (account == NULL)
    return NULL;

  *customer_id = query != NULL ? g_hash_table_lookup (query, "customer_id") : NULL;
  if (*customer_id == NULL || (*customer_id)[0] == '\0')
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "Missing customer_id query parameter");
      return NULL;
    }

  customer = find_account_by_customer (self, *customer_id);
  if (customer == NULL)
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_NOT_FOUND, "Customer not found");
      return NULL;
    }
  if (customer != account)
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_FORBIDDEN, "The API key does not belong to this customer");
      return NULL;
    }
  return account;
}

/* Reads the body into @form; FALSE after answering. */
static gboolean
read_upload_form (SoupServerMessage *msg,
                  UploadForm        *form)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMultipart) multipart = NULL;
  int n_parts;

  if (content_type == NULL || g_ascii_strcasecmp (content_type, "multipart/form-data") != 0)
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                              "The request body must be multipart/form-data");
      return FALSE;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  multipart = soup_multipart_new_from_message (headers, body);
  if (multipart == NULL)
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST,
                              "The multipart/form-data body cannot be parsed");
      return FALSE;
    }

  n_parts = soup_multipart_get_length (multipart);
  for (int i = 0; i < n_parts; i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autoptr(GHashTable) params = NULL;
      const char *name;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body) ||
          !soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        continue;

      name = g_hash_table_lookup (params, "name");
      if (g_strcmp0 (name, "eidFile") == 0 && form->file == NULL)
        {
          const char *filename = g_hash_table_lookup (params, "filename");

          form->file = g_bytes_ref (part_body);
          form->file_has_name = filename != NULL && filename[0] != '\0';
        }
      else if (g_strcmp0 (name, "customer_id") == 0 && !form->has_customer_part)
        {
          form->has_customer_part = TRUE;
          form->form_customer = bytes_to_string (part_body);
        }
    }
  return TRUE;
}

/* Whether the form has what it must; FALSE after answering. */
static gboolean
check_upload_form (SoupServerMessage *msg,
                   UploadForm        *form,
                   const char        *customer_id)
{
  const char *problem = NULL;

  if (form->file == NULL)
    problem = "Missing the eidFile part";
  else if (!form->file_has_name)
    problem = "The eidFile part must be a file (no filename given)";
  else if (!form->has_customer_part)
    problem = "Missing the customer_id part";
  else if (g_strcmp0 (form->form_customer, customer_id) != 0)
    problem = "The customer_id part does not match the customer_id query parameter";
  if (problem == NULL)
    return TRUE;
  _cso_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, problem);
  return FALSE;
}

void
_cso_sim_server_handle_upload (CsoSimServer      *self,
                               SoupServerMessage *msg,
                               GHashTable        *query,
                               LogEntry          *entry)
{
  g_auto(UploadForm) form = { NULL };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CsoSimUpload) upload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  CsoSimAccount *account;
  const char *customer_id = NULL;

  account = upload_account (self, msg, query, &customer_id);
  if (account == NULL || !read_upload_form (msg, &form) || !check_upload_form (msg, &form, customer_id))
    return;

  rows = cso_sim_csv_parse_devices (g_bytes_get_data (form.file, NULL), g_bytes_get_size (form.file), &error);
  if (rows == NULL)
    {
      g_autofree char *text = g_strdup_printf ("Invalid eidFile: %s", error->message);

      _cso_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, text);
      return;
    }

  upload = cso_sim_upload_new (account, g_steal_pointer (&rows));
  g_hash_table_insert (self->uploads,
                       g_strdup (cso_sim_upload_get_request_id (upload)),
                       g_object_ref (upload));
  self->n_accepted_uploads++;
  g_free (entry->request_id);
  entry->request_id = g_strdup (cso_sim_upload_get_request_id (upload));

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, cso_sim_upload_get_request_id (upload));
  json_builder_set_member_name (builder, "server_url");
  json_builder_add_string_value (builder, cso_sim_account_get_server_url (account));
  json_builder_end_object (builder);
  _cso_sim_respond_envelope (msg, SOUP_STATUS_ACCEPTED, json_builder_get_root (builder), NULL);

  _cso_sim_server_enqueue_upload (self, upload);
}

/* One row of a status answer. */
static void
add_status_row (JsonBuilder *builder,
                const char  *eid,
                const char  *iccid,
                const char  *name,
                const char  *status,
                const char  *message)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "eid");
  json_builder_add_string_value (builder, eid);
  json_builder_set_member_name (builder, "iccid");
  json_builder_add_string_value (builder, iccid != NULL ? iccid : "");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  if (message != NULL)
    {
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
    }
  json_builder_end_object (builder);
}

/* @contradictory: each final row is listed a second time with the other
 * outcome; @absent: only the first row is listed (the server leaves the
 * others out, as if not processed). */
void
_cso_sim_server_handle_status (CsoSimServer      *self,
                               SoupServerMessage *msg,
                               GHashTable        *query,
                               gboolean           contradictory,
                               gboolean           absent)
{
  g_autoptr(JsonBuilder) builder = NULL;
  CsoSimAccount *account;
  CsoSimUpload *upload;
  const char *request_id;
  guint n;

  account = authenticate (self, msg);
  if (account == NULL)
    return;

  request_id = query != NULL ? g_hash_table_lookup (query, "request_id") : NULL;
  if (request_id == NULL || request_id[0] == '\0')
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "Missing request_id query parameter");
      return;
    }

  upload = g_hash_table_lookup (self->uploads, request_id);
  /* Another customer's request is as unknown as one that never was. */
  if (upload == NULL || cso_sim_upload_get_account (upload) != account)
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_NOT_FOUND, "Request not found");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "configs");
  json_builder_begin_array (builder);

  n = cso_sim_upload_get_n_rows (upload);
  for (guint i = 0; i < n; i++)
    {
      CsoSimRow *row = cso_sim_upload_get_row (upload, i);
      const char *status = cso_sim_row_state_to_string (row->state);
      const char *iccid = row->iccid;

      if (row->state == CSO_SIM_ROW_PENDING)
        {
          if (self->pending_style == CSO_SIM_PENDING_STYLE_ABSENT)
            continue;
          if (self->pending_style == CSO_SIM_PENDING_STYLE_IN_PROGRESS)
            status = "IN_PROGRESS";
          iccid = row->requested_iccid;
        }

      if (absent && i > 0)
        continue;
      add_status_row (builder, row->eid, iccid, row->name, status, row->message);
      if (contradictory && row->state == CSO_SIM_ROW_SUCCESS)
        add_status_row (builder, row->eid, "", row->name, "FAILED", "Contradictory row");
      else if (contradictory && row->state != CSO_SIM_ROW_PENDING)
        add_status_row (builder, row->eid, "8901990000000000000", row->name, "SUCCESS", NULL);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _cso_sim_respond_envelope (msg, SOUP_STATUS_OK, json_builder_get_root (builder), NULL);
}

