/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EO_EID_LENGTH 32

/* TRUE when @eid is exactly 32 ASCII digits forming a valid EID
 * (last two digits in 02..98, whole number mod 97 == 1). */
gboolean eo_eid_is_valid          (const char *eid,
                                   gsize       len);
/* Given the first 30 digits, the two check digits as an integer 2..98. */
guint    eo_eid_compute_check     (const char *first30);
/* TRUE when @iccid is 19 or 20 ASCII digits, starts with 89, Luhn valid. */
gboolean eo_iccid_is_valid        (const char *iccid,
                                   gsize       len);
/* Luhn check digit (0..9) for the @len digits of @digits. */
guint    eo_luhn_compute_check    (const char *digits,
                                   gsize       len);

/* Remainder modulo 97 of the decimal number written by the @len ASCII
 * digits of @digits (any length; computed in 64-bit chunks). The digits
 * must have been checked by the caller. */
guint    eo_digits_mod97          (const char *digits,
                                   gsize       len);
/* TRUE when the @len digits of @digits end in a correct Luhn check digit. */
gboolean eo_luhn_is_valid         (const char *digits,
                                   gsize       len);

G_END_DECLS
