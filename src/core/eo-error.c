/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-error"

#include "config.h"

#include "eo-error.h"

G_DEFINE_QUARK (eo-error-quark, eo_error)
