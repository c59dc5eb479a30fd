/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "eo-message.h"

G_BEGIN_DECLS

#define EO_ERROR (eo_error_quark ())

/**
 * EoError:
 * Every failure the core reports is a GError in this domain, with a
 * message a person can act on. Messages never contain the API key.
 */
typedef enum
{
  /* Reading a device list */
  EO_ERROR_FILE_UNREADABLE,      /* cannot open / read the file */
  EO_ERROR_FILE_EMPTY,           /* zero bytes or only blank lines */
  EO_ERROR_FILE_TOO_LARGE,       /* over the size limit */
  EO_ERROR_FILE_NOT_TEXT,        /* binary data or invalid UTF-8 */
  EO_ERROR_FILE_HEADER_ONLY,     /* header but no device rows */
  EO_ERROR_FILE_MISSING_COLUMNS, /* no EID or no Name column */
  EO_ERROR_FILE_MALFORMED,       /* e.g. unterminated quote */

  /* Talking to the CSO */
  EO_ERROR_INVALID_SERVER,       /* not https:// and not loopback, bad URL */
  EO_ERROR_NO_CREDENTIALS,       /* customer id or API key missing */
  EO_ERROR_KEY_REFUSED,          /* 401 / 403 */
  EO_ERROR_UNKNOWN_CUSTOMER,     /* 404 on upload */
  EO_ERROR_UNKNOWN_REQUEST,      /* 404 on status */
  EO_ERROR_FILE_REFUSED,         /* 400 / 422 on upload, with server text */
  EO_ERROR_THROTTLED,            /* 429 (retry-after kept by the client) */
  EO_ERROR_SERVER,               /* 5xx */
  EO_ERROR_NETWORK,              /* connection refused, DNS, reset */
  EO_ERROR_TIMEOUT,              /* connect or answer too slow */
  EO_ERROR_TLS,                  /* certificate not trusted, handshake */
  EO_ERROR_BAD_ANSWER,           /* not JSON, wrong shape */
  EO_ERROR_REDIRECT,             /* a 3xx: not followed */
  EO_ERROR_OUTCOME_UNKNOWN,      /* upload may have reached the server */

  /* Keyring and settings */
  EO_ERROR_KEYRING_UNAVAILABLE,  /* no Secret Service */
  EO_ERROR_KEYRING_LOCKED,
  EO_ERROR_KEYRING_TIMEOUT,

  /* History */
  EO_ERROR_STORE,
} EoError;

GQuark           eo_error_quark       (void);

/* An error whose text is @message (taken) said in the language of the
 * moment; the message stays attached, so that whoever keeps the error
 * (the history) keeps its code and parameters, not the text. */
GError          *eo_error_new_message (EoError          code,
                                       EoMessage       *message);
/* The message attached to @error, or NULL (an error of another domain,
 * or made with a plain text). */
const EoMessage *eo_error_get_message (const GError     *error);

G_END_DECLS
