/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cso-sim-server.h"
#include "cso-sim-server-private.h"
#include "cso-sim-upload.h"
#include "cso-sim-util.h"

#define MAX_LOG_ENTRIES 200

G_DEFINE_FINAL_TYPE (CsoSimServer, cso_sim_server, G_TYPE_OBJECT)

static void
log_entry_clear (gpointer data)
{
  LogEntry *entry = data;

  g_free (entry->method);
  g_free (entry->path);
  g_free (entry->query);
  g_free (entry->fault);
  g_free (entry->request_id);
}

void
_cso_sim_log_entry_unref (gpointer data)
{
  g_rc_box_release_full (data, log_entry_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LogEntry, _cso_sim_log_entry_unref)

static void
queue_item_free (gpointer data)
{
  QueueItem *item = data;

  g_object_unref (item->upload);
  g_free (item);
}

static void
slow_answer_free (gpointer data)
{
  SlowAnswer *slow = data;

  g_clear_handle_id (&slow->source, g_source_remove);
  g_object_unref (slow->msg);
  g_free (slow);
}

/* Answers */

void
_cso_sim_respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *root)
{
  char *body = cso_sim_json_to_string (root);

  soup_server_message_set_status (msg, status,
                                  status == CSO_SIM_STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

/* The CSO's envelope: {"code":N,"data":…,"error":"…","success":bool}.
 * @data: (transfer full) (nullable) */
void
_cso_sim_respond_envelope (SoupServerMessage *msg,
                  guint              status,
                  JsonNode          *data,
                  const char        *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "data");
  if (data != NULL)
    json_builder_add_value (builder, data);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error != NULL ? error : "");
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, SOUP_STATUS_IS_SUCCESSFUL (status));
  json_builder_end_object (builder);

  _cso_sim_respond_json (msg, status, json_builder_get_root (builder));
}

void
_cso_sim_respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *error)
{
  _cso_sim_respond_envelope (msg, status, NULL, error);
}

void
_cso_sim_respond_control_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_end_object (builder);

  _cso_sim_respond_json (msg, status, json_builder_get_root (builder));
}

/* Processing */

gint64
_cso_sim_server_processing_ms (CsoSimServer *self)
{
  gint64 total = self->processing_us;

  if (self->busy_since_us != 0)
    total += g_get_monotonic_time () - self->busy_since_us;

  return total / 1000;
}

static void
process_one_row (CsoSimServer *self)
{
  QueueItem *item = g_queue_pop_head (&self->queue);

  if (item != NULL)
    {
      CsoSimUpload *upload = item->upload;

      CsoSimRow *row = cso_sim_upload_get_row (upload, item->row);

      cso_sim_account_process_row (cso_sim_upload_get_account (upload), row);
      self->n_rows_processed++;
      if (self->assignments != NULL && row->state == CSO_SIM_ROW_SUCCESS && row->iccid != NULL)
        {
          fprintf (self->assignments, "%s,%s\n", row->eid, row->iccid);
          fflush (self->assignments);
        }
      queue_item_free (item);
    }
}

static gboolean
process_row_cb (gpointer user_data)
{
  CsoSimServer *self = user_data;

  if (self->row_delay_us % 1000 == 0)
    process_one_row (self);
  else
    {
      gint64 now = g_get_monotonic_time ();

      /* Every row whose time has come, one per row_delay_us. */
      while (!g_queue_is_empty (&self->queue) && self->next_row_due_us <= now)
        {
          process_one_row (self);
          self->next_row_due_us += self->row_delay_us;
        }
    }

  if (g_queue_is_empty (&self->queue))
    {
      self->processing_us += g_get_monotonic_time () - self->busy_since_us;
      self->busy_since_us = 0;
      self->process_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

void
_cso_sim_server_enqueue_upload (CsoSimServer *self,
                                CsoSimUpload *upload)
{
  guint n = cso_sim_upload_get_n_rows (upload);

  if (n == 0)
    return;

  if (self->busy_since_us == 0)
    self->busy_since_us = g_get_monotonic_time ();

  for (guint i = 0; i < n; i++)
    {
      QueueItem *item = g_new0 (QueueItem, 1);

      item->upload = g_object_ref (upload);
      item->row = i;
      g_queue_push_tail (&self->queue, item);
    }

  /* Never inside the request's handler: the rows stay pending at least
   * until the main loop runs again. */
  if (self->process_source == 0 && self->row_delay_us % 1000 != 0)
    {
      self->next_row_due_us = g_get_monotonic_time () + self->row_delay_us;
      self->process_source = g_timeout_add (1, process_row_cb, self);
    }
  else if (self->process_source == 0)
    self->process_source = g_timeout_add (self->row_delay_ms, process_row_cb, self);
}

/* Dispatch */

static void
log_answer (CsoSimServer      *self,
            SoupServerMessage *msg,
            const char        *path,
            const char        *what)
{
  if (self->quiet)
    return;

  if (what != NULL)
    g_message ("%s %s -> %s", soup_server_message_get_method (msg), path, what);
  else
    g_message ("%s %s -> %u", soup_server_message_get_method (msg), path,
               soup_server_message_get_status (msg));
}

static LogEntry *
log_request (CsoSimServer      *self,
             SoupServerMessage *msg,
             const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  LogEntry *entry = g_rc_box_new0 (LogEntry);

  entry->time_us = g_get_real_time ();
  entry->method = g_strdup (soup_server_message_get_method (msg));
  entry->path = g_strdup (path);
  entry->query = g_strdup (g_uri_get_query (uri));
  entry->has_api_key = soup_message_headers_get_one (headers, "X-API-Key") != NULL;

  g_queue_push_tail (&self->log, g_rc_box_acquire (entry));
  while (g_queue_get_length (&self->log) > MAX_LOG_ENTRIES)
    _cso_sim_log_entry_unref (g_queue_pop_head (&self->log));

  return entry;
}

static void
server_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  CsoSimServer *self = user_data;
  g_autoptr(LogEntry) entry = NULL;
  const char *method = soup_server_message_get_method (msg);
  CsoSimEndpoint endpoint = 0;
  CsoSimFaultKind kind;
  gboolean faulty = FALSE;

  if (g_str_has_prefix (path, CSO_SIM_CONTROL_PREFIX))
    {
      _cso_sim_server_handle_control (self, msg, path);
      log_answer (self, msg, path, NULL);
      return;
    }

  self->n_requests++;
  entry = log_request (self, msg, path);

  if (g_str_equal (path, CSO_SIM_UPLOAD_PATH) && g_str_equal (method, "POST"))
    {
      endpoint = CSO_SIM_ENDPOINT_UPLOAD;
      self->n_uploads++;
    }
  else if (g_str_equal (path, CSO_SIM_STATUS_PATH) && g_str_equal (method, "GET"))
    {
      endpoint = CSO_SIM_ENDPOINT_STATUS;
      self->n_status_requests++;
    }

  if (endpoint != 0)
    faulty = _cso_sim_server_take_fault (self, endpoint, &kind);

  if (faulty)
    entry->fault = g_strdup (cso_sim_fault_kind_to_string (kind));

  if (faulty && kind == CSO_SIM_FAULT_HANG)
    {
      /* Never answer; libsoup keeps the connection open. */
      soup_server_message_pause (msg);
      log_answer (self, msg, path, "hang");
      return;
    }

  if (faulty && !cso_sim_fault_kind_after_work (kind))
    {
      _cso_sim_server_respond_fault (self, msg, kind);
    }
  else if (endpoint == CSO_SIM_ENDPOINT_UPLOAD)
    {
      _cso_sim_server_handle_upload (self, msg, query, entry);
    }
  else if (endpoint == CSO_SIM_ENDPOINT_STATUS)
    {
      _cso_sim_server_handle_status (self, msg, query,
                                     faulty && kind == CSO_SIM_FAULT_CONTRADICTORY,
                                     faulty && kind == CSO_SIM_FAULT_ABSENT_ROWS);
    }
  else if (g_str_equal (path, CSO_SIM_UPLOAD_PATH) || g_str_equal (path, CSO_SIM_STATUS_PATH))
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method not allowed");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow",
                                    g_str_equal (path, CSO_SIM_UPLOAD_PATH) ? "POST" : "GET");
    }
  else
    {
      _cso_sim_respond_error (msg, SOUP_STATUS_NOT_FOUND, "Not found");
    }

  if (faulty && kind == CSO_SIM_FAULT_DROP)
    {
      /* The work is done (an upload is queued), but the answer is lost. */
      _cso_sim_server_drop_connection (msg);
      log_answer (self, msg, path, "dropped");
      return;
    }

  entry->status = soup_server_message_get_status (msg);

  if (faulty && kind == CSO_SIM_FAULT_SLOW)
    _cso_sim_server_delay_answer (self, msg);
  else if (faulty && cso_sim_fault_kind_after_work (kind))
    {
      _cso_sim_server_rewrite_answer (self, msg, kind);
      entry->status = soup_server_message_get_status (msg);
    }

  log_answer (self, msg, path, NULL);
}

/* GObject */

static void
cso_sim_server_dispose (GObject *object)
{
  CsoSimServer *self = CSO_SIM_SERVER (object);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_handle_id (&self->process_source, g_source_remove);
  g_queue_clear_full (&self->queue, queue_item_free);
  g_clear_pointer (&self->slow_answers, g_hash_table_unref);

  G_OBJECT_CLASS (cso_sim_server_parent_class)->dispose (object);
}

static void
cso_sim_server_finalize (GObject *object)
{
  CsoSimServer *self = CSO_SIM_SERVER (object);

  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->uploads, g_hash_table_unref);
  g_clear_pointer (&self->faults, g_ptr_array_unref);
  g_queue_clear_full (&self->log, _cso_sim_log_entry_unref);
  g_free (self->redirect_to);
  g_free (self->url);
  g_clear_pointer (&self->assignments, fclose);

  G_OBJECT_CLASS (cso_sim_server_parent_class)->finalize (object);
}

static void
cso_sim_server_class_init (CsoSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cso_sim_server_dispose;
  object_class->finalize = cso_sim_server_finalize;
}

static void
cso_sim_server_init (CsoSimServer *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->uploads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) cso_sim_fault_free);
  self->slow_answers = g_hash_table_new_full (NULL, NULL, slow_answer_free, NULL);
  g_queue_init (&self->queue);
  g_queue_init (&self->log);

  self->row_delay_ms = 200;
  self->row_delay_us = 200000;
  self->pending_style = CSO_SIM_PENDING_STYLE_PENDING;
  self->retry_after = 1;
  self->slow_ms = 2000;
  self->redirect_to = g_strdup ("http://127.0.0.2:9/elsewhere");

  self->soup = soup_server_new ("server-header", "cso-simulator/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->soup, NULL, server_handler_cb, self, NULL);
}

/* Public API */

CsoSimServer *
cso_sim_server_new (void)
{
  return g_object_new (CSO_SIM_TYPE_SERVER, NULL);
}

gboolean
cso_sim_server_add_account (CsoSimServer   *self,
                            CsoSimAccount  *account,
                            GError        **error)
{
  g_return_val_if_fail (CSO_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (account), FALSE);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      CsoSimAccount *other = g_ptr_array_index (self->accounts, i);

      if (g_str_equal (cso_sim_account_get_customer_id (other),
                       cso_sim_account_get_customer_id (account)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Two accounts have the customer id “%s”"),
                       cso_sim_account_get_customer_id (account));
          return FALSE;
        }
      /* Never name the key itself. */
      if (cso_sim_account_same_key (other, account))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Accounts “%s” and “%s” have the same API key"),
                       cso_sim_account_get_customer_id (other),
                       cso_sim_account_get_customer_id (account));
          return FALSE;
        }
    }

  g_ptr_array_add (self->accounts, g_object_ref (account));
  return TRUE;
}

guint
cso_sim_server_get_n_accounts (CsoSimServer *self)
{
  g_return_val_if_fail (CSO_SIM_IS_SERVER (self), 0);
  return self->accounts->len;
}

void
cso_sim_server_add_fault (CsoSimServer *self,
                          CsoSimFault  *fault)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  g_return_if_fail (fault != NULL);

  if (fault->remaining == 0)
    {
      cso_sim_fault_free (fault);
      return;
    }
  g_ptr_array_add (self->faults, fault);
}

void
cso_sim_server_set_row_delay_ms (CsoSimServer *self,
                                 guint         row_delay_ms)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  self->row_delay_ms = row_delay_ms;
  self->row_delay_us = row_delay_ms * 1000;
}

void
cso_sim_server_set_row_delay_us (CsoSimServer *self,
                                 guint         row_delay_us)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  self->row_delay_us = row_delay_us;
  self->row_delay_ms = row_delay_us / 1000;
}

void
cso_sim_server_set_pending_style (CsoSimServer       *self,
                                  CsoSimPendingStyle  style)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  self->pending_style = style;
}

void
cso_sim_server_set_retry_after (CsoSimServer *self,
                                guint         seconds)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  self->retry_after = seconds;
}

void
cso_sim_server_set_slow_ms (CsoSimServer *self,
                            guint         slow_ms)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  self->slow_ms = slow_ms;
}

void
cso_sim_server_set_redirect_to (CsoSimServer *self,
                                const char   *url)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  g_return_if_fail (url != NULL);
  g_free (self->redirect_to);
  self->redirect_to = g_strdup (url);
}

gboolean
cso_sim_server_set_assignments_file (CsoSimServer  *self,
                                     const char    *path,
                                     GError       **error)
{
  g_return_val_if_fail (CSO_SIM_IS_SERVER (self), FALSE);

  g_clear_pointer (&self->assignments, fclose);
  self->assignments = fopen (path, "a");
  if (self->assignments == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot open %s: %s"),
                   path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

void
cso_sim_server_set_quiet (CsoSimServer *self,
                          gboolean      quiet)
{
  g_return_if_fail (CSO_SIM_IS_SERVER (self));
  self->quiet = !!quiet;
}

gboolean
cso_sim_server_listen (CsoSimServer     *self,
                       const char       *host,
                       guint             port,
                       GTlsCertificate  *certificate,
                       GError          **error)
{
  g_return_val_if_fail (CSO_SIM_IS_SERVER (self), FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  return cso_sim_listen_loopback (self->soup, host, port, certificate, &self->url, error);
}

const char *
cso_sim_server_get_url (CsoSimServer *self)
{
  g_return_val_if_fail (CSO_SIM_IS_SERVER (self), NULL);
  return self->url;
}
