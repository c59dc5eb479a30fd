/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A command's state as the MDM reports it. */
typedef enum
{
  EO_MDM_COMMAND_PENDING,
  EO_MDM_COMMAND_ACKNOWLEDGED,
  EO_MDM_COMMAND_NOT_NOW,
  EO_MDM_COMMAND_ERROR,
} EoMdmCommandState;

/* "PENDING", "ACKNOWLEDGED", "NOT_NOW", "ERROR" and back; an unknown word
 * reads PENDING (the command is not known to be final). */
const char        *eo_mdm_command_state_to_string   (EoMdmCommandState  state);
EoMdmCommandState  eo_mdm_command_state_from_string (const char        *word);
/* ACKNOWLEDGED, NOT_NOW and ERROR are final: the phone answered. */
gboolean           eo_mdm_command_state_is_final    (EoMdmCommandState  state);

/**
 * EoMdmDevice:
 * One phone of the MDM's inventory. Texts are cleaned (UTF-8, no control
 * characters, bounded); @eid is NULL when the phone reports none (no eSIM);
 * @iccids holds every ICCID the phone reports (NULL-terminated, may be
 * empty).
 */
typedef struct
{
  char  *device_id;
  char  *management_id;
  char  *name;
  char  *serial;
  char  *model;
  char  *eid;
  GStrv  iccids;
} EoMdmDevice;

#define EO_TYPE_MDM_DEVICE (eo_mdm_device_get_type ())
GType        eo_mdm_device_get_type    (void) G_GNUC_CONST;
EoMdmDevice *eo_mdm_device_copy        (const EoMdmDevice *device);
void         eo_mdm_device_free        (EoMdmDevice       *device);
gboolean     eo_mdm_device_has_iccid   (const EoMdmDevice *device,
                                        const char        *iccid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoMdmDevice, eo_mdm_device_free)

/**
 * EoMdmCommand:
 * One command as read back: its ID, the device it went to, its state and,
 * for ERROR, the MDM's reason (or NULL).
 */
typedef struct
{
  char              *command_id;
  char              *management_id;
  EoMdmCommandState  state;
  char              *reason;
  gint64             sent_unix;   /* 0 when unknown */
} EoMdmCommand;

#define EO_TYPE_MDM_COMMAND (eo_mdm_command_get_type ())
GType         eo_mdm_command_get_type  (void) G_GNUC_CONST;
EoMdmCommand *eo_mdm_command_copy      (const EoMdmCommand *command);
void          eo_mdm_command_free      (EoMdmCommand       *command);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EoMdmCommand, eo_mdm_command_free)

/* Called after each page of the inventory: the page's devices (borrowed),
 * how many were read so far and how many there are. */
typedef void (*EoMdmPageFunc) (GPtrArray *page,
                               guint      n_read,
                               guint      n_total,
                               gpointer   user_data);

#define EO_TYPE_MDM_CONNECTOR (eo_mdm_connector_get_type ())
G_DECLARE_INTERFACE (EoMdmConnector, eo_mdm_connector, EO, MDM_CONNECTOR, GObject)

/**
 * EoMdmConnectorInterface:
 * @get_max_batch: most devices one push may name
 * @list_devices_async: every device, page by page (@page_func after each)
 * @push_async: one batch (at most get_max_batch() management IDs): sends
 *   the SM-DP+ address; finishes with the command IDs (char *) the MDM
 *   created, one per device, in no promised order. An error in
 *   EO_ERROR_OUTCOME_UNKNOWN means the MDM may have created them.
 * @read_commands_async: the commands of these IDs (any number; the
 *   connector batches), as EoMdmCommand
 * @find_commands_async: the Refresh Cellular Plans commands of one device,
 *   as EoMdmCommand (to learn what an interrupted push did)
 */
struct _EoMdmConnectorInterface
{
  GTypeInterface parent_iface;

  guint      (*get_max_batch)          (EoMdmConnector      *self);
  void       (*list_devices_async)     (EoMdmConnector      *self,
                                        EoMdmPageFunc        page_func,
                                        gpointer             page_data,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GPtrArray *(*list_devices_finish)    (EoMdmConnector      *self,
                                        GAsyncResult        *result,
                                        GError             **error);
  void       (*push_async)             (EoMdmConnector      *self,
                                        const char          *server_url,
                                        const char * const  *management_ids,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GPtrArray *(*push_finish)            (EoMdmConnector      *self,
                                        GAsyncResult        *result,
                                        GError             **error);
  void       (*read_commands_async)    (EoMdmConnector      *self,
                                        const char * const  *command_ids,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GPtrArray *(*read_commands_finish)   (EoMdmConnector      *self,
                                        GAsyncResult        *result,
                                        GError             **error);
  void       (*find_commands_async)    (EoMdmConnector      *self,
                                        const char          *management_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
  GPtrArray *(*find_commands_finish)   (EoMdmConnector      *self,
                                        GAsyncResult        *result,
                                        GError             **error);
};

guint      eo_mdm_connector_get_max_batch        (EoMdmConnector      *self);
void       eo_mdm_connector_list_devices_async   (EoMdmConnector      *self,
                                                  EoMdmPageFunc        page_func,
                                                  gpointer             page_data,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *eo_mdm_connector_list_devices_finish  (EoMdmConnector      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void       eo_mdm_connector_push_async           (EoMdmConnector      *self,
                                                  const char          *server_url,
                                                  const char * const  *management_ids,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *eo_mdm_connector_push_finish          (EoMdmConnector      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void       eo_mdm_connector_read_commands_async  (EoMdmConnector      *self,
                                                  const char * const  *command_ids,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *eo_mdm_connector_read_commands_finish (EoMdmConnector      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
void       eo_mdm_connector_find_commands_async  (EoMdmConnector      *self,
                                                  const char          *management_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray *eo_mdm_connector_find_commands_finish (EoMdmConnector      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
