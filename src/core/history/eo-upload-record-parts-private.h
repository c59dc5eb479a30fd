/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "eo-upload-record.h"

G_BEGIN_DECLS

/* For tests: how many devices' parts of the file the record keeps in
 * memory (the others are in the file it last wrote, or not made yet). */
guint eo_upload_record_count_kept_parts (EoUploadRecord *self);

G_END_DECLS
