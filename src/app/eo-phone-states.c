/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-phone-states"

#include "config.h"

#include <glib/gi18n.h>

#include "eo-phone-states.h"

struct _EoPhoneStates
{
  GObject     parent_instance;

  GHashTable *by_eid;   /* char * -> EoPhoneInfo * */
  guint       counts[EO_PHONE_N_STATES];
};

G_DEFINE_FINAL_TYPE (EoPhoneStates, eo_phone_states, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
phone_info_free (gpointer data)
{
  EoPhoneInfo *info = data;

  g_free (info->reason);
  g_free (info);
}

static EoPhoneState
entry_state (const EoPushEntry *entry)
{
  switch (entry->state)
    {
    case EO_MDM_COMMAND_ACKNOWLEDGED:
      return entry->installed ? EO_PHONE_STATE_INSTALLED : EO_PHONE_STATE_ACKNOWLEDGED;
    case EO_MDM_COMMAND_NOT_NOW:
      return EO_PHONE_STATE_NOT_NOW;
    case EO_MDM_COMMAND_ERROR:
      return EO_PHONE_STATE_ERROR;
    case EO_MDM_COMMAND_PENDING:
    default:
      return EO_PHONE_STATE_WAITING;
    }
}

/* Sets @eid's state: TRUE when it changed. */
static gboolean
set_state (EoPhoneStates *self,
           const char    *eid,
           EoPhoneState   state,
           const char    *reason,
           const char   **key_out)
{
  gpointer key = NULL, value = NULL;
  EoPhoneInfo *info;

  if (g_hash_table_lookup_extended (self->by_eid, eid, &key, &value))
    {
      info = value;
      if (info->state == state && g_strcmp0 (info->reason, reason) == 0)
        return FALSE;
      self->counts[info->state]--;
    }
  else
    {
      info = g_new0 (EoPhoneInfo, 1);
      key = g_strdup (eid);
      g_hash_table_insert (self->by_eid, key, info);
    }
  if (state == EO_PHONE_STATE_ACKNOWLEDGED && info->acknowledged_us == 0)
    info->acknowledged_us = g_get_real_time ();
  info->state = state;
  g_free (info->reason);
  info->reason = g_strdup (reason);
  self->counts[state]++;
  *key_out = key;
  return TRUE;
}

static void
eo_phone_states_finalize (GObject *object)
{
  EoPhoneStates *self = EO_PHONE_STATES (object);

  g_hash_table_unref (self->by_eid);
  G_OBJECT_CLASS (eo_phone_states_parent_class)->finalize (object);
}

static void
eo_phone_states_class_init (EoPhoneStatesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = eo_phone_states_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
eo_phone_states_init (EoPhoneStates *self)
{
  self->by_eid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, phone_info_free);
}

EoPhoneStates *
eo_phone_states_new (void)
{
  return g_object_new (EO_TYPE_PHONE_STATES, NULL);
}

void
eo_phone_states_update (EoPhoneStates *self,
                        GPtrArray     *entries)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_return_if_fail (EO_IS_PHONE_STATES (self));

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const EoPushEntry *entry = g_ptr_array_index (entries, i);
      const char *key = NULL;

      if (entry->eid == NULL || entry->batch == 0)
        continue;
      if (set_state (self, entry->eid, entry_state (entry), entry->reason, &key))
        g_ptr_array_add (changed, (gpointer) key);
    }
  if (changed->len > 0)
    g_signal_emit (self, signals[CHANGED], 0, changed);
}

void
eo_phone_states_add_not_in_mdm (EoPhoneStates *self,
                                GPtrArray     *eids)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();

  g_return_if_fail (EO_IS_PHONE_STATES (self));

  for (guint i = 0; eids != NULL && i < eids->len; i++)
    {
      const char *key = NULL;

      if (set_state (self, g_ptr_array_index (eids, i), EO_PHONE_STATE_NOT_IN_MDM, NULL, &key))
        g_ptr_array_add (changed, (gpointer) key);
    }
  if (changed->len > 0)
    g_signal_emit (self, signals[CHANGED], 0, changed);
}

const EoPhoneInfo *
eo_phone_states_lookup (EoPhoneStates *self,
                        const char    *eid)
{
  g_return_val_if_fail (EO_IS_PHONE_STATES (self), NULL);

  return eid != NULL ? g_hash_table_lookup (self->by_eid, eid) : NULL;
}

guint
eo_phone_states_count (EoPhoneStates *self,
                       EoPhoneState   state)
{
  g_return_val_if_fail (EO_IS_PHONE_STATES (self), 0);
  g_return_val_if_fail (state < EO_PHONE_N_STATES, 0);

  return self->counts[state];
}

guint
eo_phone_states_get_n_pushed (EoPhoneStates *self)
{
  g_return_val_if_fail (EO_IS_PHONE_STATES (self), 0);

  return self->counts[EO_PHONE_STATE_WAITING] + self->counts[EO_PHONE_STATE_ACKNOWLEDGED] +
         self->counts[EO_PHONE_STATE_NOT_NOW] + self->counts[EO_PHONE_STATE_ERROR] +
         self->counts[EO_PHONE_STATE_INSTALLED];
}

gboolean
eo_phone_states_all_final (EoPhoneStates *self)
{
  g_return_val_if_fail (EO_IS_PHONE_STATES (self), FALSE);

  return eo_phone_states_get_n_pushed (self) > 0 && self->counts[EO_PHONE_STATE_WAITING] == 0;
}

static char *
format_since (gint64 since_us,
              gint64 now_us)
{
  gint64 minutes = since_us > 0 && now_us > since_us ? (now_us - since_us) / G_USEC_PER_SEC / 60 : 0;

  if (since_us == 0)
    return g_strdup (_("Acknowledged, not yet in inventory"));
  if (minutes < 1)
    return g_strdup (_("Acknowledged, not yet in inventory (less than a minute)"));
  if (minutes < 120)
    /* Translators: %d is a number of minutes since the phone acknowledged */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Acknowledged, not yet in inventory (%d min)",
                                         "Acknowledged, not yet in inventory (%d min)", (gulong) minutes),
                            (int) minutes);
  /* Translators: %d is a number of hours since the phone acknowledged */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Acknowledged, not yet in inventory (%d hour)",
                                       "Acknowledged, not yet in inventory (%d hours)", (gulong) (minutes / 60)),
                          (int) (minutes / 60));
}

char *
eo_phone_info_format (const EoPhoneInfo *info,
                      gint64             now_us)
{
  if (info == NULL)
    return g_strdup ("");
  switch (info->state)
    {
    case EO_PHONE_STATE_WAITING:
      return g_strdup (_("Waiting"));
    case EO_PHONE_STATE_ACKNOWLEDGED:
      return format_since (info->acknowledged_us, now_us);
    case EO_PHONE_STATE_NOT_NOW:
      return g_strdup (_("Not Now: the phone was busy or locked"));
    case EO_PHONE_STATE_ERROR:
      if (info->reason != NULL && *info->reason != '\0')
        /* Translators: %s is Jamf Pro's reason */
        return g_strdup_printf (_("Error: %s"), info->reason);
      return g_strdup (_("Error"));
    case EO_PHONE_STATE_INSTALLED:
      return g_strdup (_("eSIM Installed"));
    case EO_PHONE_STATE_NOT_IN_MDM:
      return g_strdup (_("Not in Jamf Pro"));
    case EO_PHONE_STATE_NONE:
    case EO_PHONE_N_STATES:
    default:
      return g_strdup ("");
    }
}

static void
append_count (GString    *text,
              const char *format,
              guint       n,
              gboolean    always)
{
  if (n == 0 && !always)
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append_printf (text, format, n);
}

char *
eo_phone_states_format_counts (EoPhoneStates *self)
{
  GString *text = g_string_new (NULL);
  guint *c;

  g_return_val_if_fail (EO_IS_PHONE_STATES (self), NULL);

  c = self->counts;
  /* Translators: the counts of "Pushed 20 · Acknowledged 18 · Not Now 1 · Error 1 · Installed 12" */
  append_count (text, _("Pushed %'u"), eo_phone_states_get_n_pushed (self), TRUE);
  append_count (text, _("Acknowledged %'u"), c[EO_PHONE_STATE_ACKNOWLEDGED] + c[EO_PHONE_STATE_INSTALLED], FALSE);
  append_count (text, _("Not Now %'u"), c[EO_PHONE_STATE_NOT_NOW], FALSE);
  append_count (text, _("Error %'u"), c[EO_PHONE_STATE_ERROR], FALSE);
  append_count (text, _("Installed %'u"), c[EO_PHONE_STATE_INSTALLED], FALSE);
  append_count (text, _("Not in Jamf Pro %'u"), c[EO_PHONE_STATE_NOT_IN_MDM], FALSE);
  return g_string_free (text, FALSE);
}
