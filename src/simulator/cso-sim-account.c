/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-account"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cso-sim-account.h"
#include "cso-sim-util.h"

#define ICCID_BODY_LENGTH 18

struct _CsoSimAccount
{
  GObject     parent_instance;

  char       *customer_id;
  char       *api_key;
  char       *server_url;

  GPtrArray  *pool;        /* ICCIDs, in assignment order */
  GHashTable *pool_index;  /* ICCID -> index + 1 */
  GArray     *used;        /* gboolean per pool entry */
  guint       n_used;
  guint       cursor;      /* no free eSIM before this index */
  GHashTable *bound_eids;  /* EID -> ICCID */
};

G_DEFINE_FINAL_TYPE (CsoSimAccount, cso_sim_account, G_TYPE_OBJECT)

static void
mark_used (CsoSimAccount *self,
           guint          index)
{
  g_array_index (self->used, gboolean, index) = TRUE;
  self->n_used++;
  while (self->cursor < self->pool->len && g_array_index (self->used, gboolean, self->cursor))
    self->cursor++;
}

static void
cso_sim_account_finalize (GObject *object)
{
  CsoSimAccount *self = CSO_SIM_ACCOUNT (object);

  g_free (self->customer_id);
  if (self->api_key != NULL)
    {
      memset (self->api_key, 0, strlen (self->api_key));
      g_free (self->api_key);
    }
  g_free (self->server_url);
  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->pool_index, g_hash_table_unref);
  g_clear_pointer (&self->used, g_array_unref);
  g_clear_pointer (&self->bound_eids, g_hash_table_unref);

  G_OBJECT_CLASS (cso_sim_account_parent_class)->finalize (object);
}

static void
cso_sim_account_class_init (CsoSimAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cso_sim_account_finalize;
}

static void
cso_sim_account_init (CsoSimAccount *self)
{
  self->pool = g_ptr_array_new_with_free_func (g_free);
  self->pool_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->used = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->bound_eids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

CsoSimAccount *
cso_sim_account_new (const char  *customer_id,
                     const char  *api_key,
                     const char  *pool_prefix,
                     guint        pool_size,
                     const char  *server_url,
                     GError     **error)
{
  g_autoptr(CsoSimAccount) self = NULL;
  gsize prefix_len;
  gsize serial_len;
  guint64 capacity = 1;
  gsize i;

  g_return_val_if_fail (pool_prefix != NULL, NULL);

  if (customer_id == NULL || customer_id[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("An account has no customer_id"));
      return NULL;
    }
  if (api_key == NULL || api_key[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Account “%s” has no api_key"), customer_id);
      return NULL;
    }

  prefix_len = strlen (pool_prefix);
  for (i = 0; i < prefix_len; i++)
    if (!g_ascii_isdigit (pool_prefix[i]))
      break;
  if (prefix_len < 2 || prefix_len > ICCID_BODY_LENGTH - 1 || i != prefix_len ||
      !g_str_has_prefix (pool_prefix, "89"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Account “%s”: pool_prefix must be 2 to 17 digits starting with 89"),
                   customer_id);
      return NULL;
    }

  serial_len = ICCID_BODY_LENGTH - prefix_len;
  for (i = 0; i < serial_len && capacity <= G_MAXUINT; i++)
    capacity *= 10;
  if ((guint64) pool_size + 1 > capacity)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Account “%s”: pool_prefix leaves no room for %u eSIMs"),
                   customer_id, pool_size);
      return NULL;
    }

  self = g_object_new (CSO_SIM_TYPE_ACCOUNT, NULL);
  self->customer_id = g_strdup (customer_id);
  self->api_key = g_strdup (api_key);
  self->server_url = g_strdup (server_url != NULL ? server_url : CSO_SIM_DEFAULT_SERVER_URL);

  g_array_set_size (self->used, pool_size);
  for (i = 0; i < pool_size; i++)
    {
      char iccid[ICCID_BODY_LENGTH + 2];

      /* Serial numbers start at 1: the ICCID body is prefix + serial. */
      g_snprintf (iccid, sizeof iccid, "%s%0*" G_GSIZE_FORMAT,
                  pool_prefix, (int) serial_len, i + 1);
      iccid[ICCID_BODY_LENGTH] = cso_sim_luhn_digit (iccid, ICCID_BODY_LENGTH);
      iccid[ICCID_BODY_LENGTH + 1] = '\0';
      g_ptr_array_add (self->pool, g_strdup (iccid));
      g_hash_table_insert (self->pool_index,
                           g_ptr_array_index (self->pool, self->pool->len - 1),
                           GSIZE_TO_POINTER (i + 1));
    }

  return g_steal_pointer (&self);
}

CsoSimAccount *
cso_sim_account_new_demo (void)
{
  return cso_sim_account_new ("demo", "demo-key", "8901990", 5000, NULL, NULL);
}

static gboolean
get_string_member (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   const char **value,
                   guint        index,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Account number %u has no “%s”"), index + 1, member);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Account number %u: “%s” must be a string"), index + 1, member);
      return FALSE;
    }
  *value = json_node_get_string (node);
  return TRUE;
}

GPtrArray *
cso_sim_account_load_file (const char  *path,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *root;
  JsonNode *list;
  JsonArray *array;
  guint i;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "accounts")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: expected an object with an “accounts” array"), path);
      return NULL;
    }

  array = json_node_get_array (list);
  for (i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *size_node;
      const char *customer_id, *api_key, *prefix, *server_url;
      gint64 pool_size = 0;
      CsoSimAccount *account;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Account number %u is not an object"), i + 1);
          return NULL;
        }
      object = json_node_get_object (node);

      if (!get_string_member (object, "customer_id", TRUE, &customer_id, i, error) ||
          !get_string_member (object, "api_key", TRUE, &api_key, i, error) ||
          !get_string_member (object, "pool_prefix", FALSE, &prefix, i, error) ||
          !get_string_member (object, "server_url", FALSE, &server_url, i, error))
        return NULL;

      size_node = json_object_get_member (object, "pool_size");
      if (size_node != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (size_node) ||
              json_node_get_value_type (size_node) != G_TYPE_INT64 ||
              (pool_size = json_node_get_int (size_node)) < 0 || pool_size > 10000000)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Account number %u: “pool_size” must be a whole number from 0 to 10000000"),
                           i + 1);
              return NULL;
            }
        }

      account = cso_sim_account_new (customer_id, api_key,
                                     prefix != NULL ? prefix : "8901234",
                                     (guint) pool_size, server_url, error);
      if (account == NULL)
        return NULL;
      g_ptr_array_add (accounts, account);
    }

  return g_steal_pointer (&accounts);
}

const char *
cso_sim_account_get_customer_id (CsoSimAccount *self)
{
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (self), NULL);
  return self->customer_id;
}

const char *
cso_sim_account_get_server_url (CsoSimAccount *self)
{
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (self), NULL);
  return self->server_url;
}

gboolean
cso_sim_account_check_key (CsoSimAccount *self,
                           const char    *api_key)
{
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (self), FALSE);
  return cso_sim_secret_equal (api_key, self->api_key);
}

gboolean
cso_sim_account_same_key (CsoSimAccount *self,
                          CsoSimAccount *other)
{
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (other), FALSE);
  return cso_sim_secret_equal (self->api_key, other->api_key);
}

guint
cso_sim_account_get_pool_size (CsoSimAccount *self)
{
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (self), 0);
  return self->pool->len;
}

guint
cso_sim_account_get_pool_free (CsoSimAccount *self)
{
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (self), 0);
  return self->pool->len - self->n_used;
}

const char *
cso_sim_account_get_pool_iccid (CsoSimAccount *self,
                                guint          index)
{
  g_return_val_if_fail (CSO_SIM_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (index < self->pool->len, NULL);
  return g_ptr_array_index (self->pool, index);
}

static void
set_outcome (CsoSimRow      *row,
             CsoSimRowState  state,
             const char     *iccid,
             char           *message)
{
  row->state = state;
  g_free (row->iccid);
  row->iccid = g_strdup (iccid);
  g_free (row->message);
  row->message = message;
}

void
cso_sim_account_process_row (CsoSimAccount *self,
                             CsoSimRow     *row)
{
  guint index;

  g_return_if_fail (CSO_SIM_IS_ACCOUNT (self));
  g_return_if_fail (row != NULL);

  if (!cso_sim_eid_is_valid (row->eid))
    {
      set_outcome (row, CSO_SIM_ROW_ERROR, row->requested_iccid,
                   g_strdup_printf ("EID %s is not valid (32 digits with MOD 97 check digits)",
                                    row->eid));
      return;
    }

  if (row->name == NULL || row->name[0] == '\0')
    {
      set_outcome (row, CSO_SIM_ROW_ERROR, row->requested_iccid,
                   g_strdup ("Name is empty"));
      return;
    }

  if (g_hash_table_contains (self->bound_eids, row->eid))
    {
      set_outcome (row, CSO_SIM_ROW_FAILED, row->requested_iccid,
                   g_strdup_printf ("EID %s already has an eSIM", row->eid));
      return;
    }

  if (row->requested_iccid != NULL)
    {
      index = GPOINTER_TO_UINT (g_hash_table_lookup (self->pool_index, row->requested_iccid));
      if (index == 0)
        {
          set_outcome (row, CSO_SIM_ROW_FAILED, row->requested_iccid,
                       g_strdup_printf ("ICCID %s is not in this account's pool",
                                        row->requested_iccid));
          return;
        }
      index--;
      if (g_array_index (self->used, gboolean, index))
        {
          set_outcome (row, CSO_SIM_ROW_FAILED, row->requested_iccid,
                       g_strdup_printf ("ICCID %s is already in use", row->requested_iccid));
          return;
        }
    }
  else
    {
      if (self->cursor >= self->pool->len)
        {
          set_outcome (row, CSO_SIM_ROW_FAILED, "", g_strdup ("No eSIM left in the pool"));
          return;
        }
      index = self->cursor;
    }

  mark_used (self, index);
  g_hash_table_insert (self->bound_eids, g_strdup (row->eid),
                       g_strdup (g_ptr_array_index (self->pool, index)));
  set_outcome (row, CSO_SIM_ROW_SUCCESS, g_ptr_array_index (self->pool, index), NULL);
}
