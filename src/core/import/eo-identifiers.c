/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-identifiers"

#include "config.h"

#include <string.h>

#include "eo-identifiers.h"

/* Checks for identifiers written on eSIMs and SIM cards:
 * - EID (GSMA SGP.29): 32 digits, the last two are check digits computed
 *   with ISO/IEC 7064 MOD 97-10 over the whole number, like an IBAN.
 * - ICCID (ITU-T E.118): "89" + issuer + account, 19 or 20 digits, the last
 *   one a Luhn check digit.
 * Everything here works on ASCII digits and never allocates. */

static inline gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) (s[i] - '0') > 9)
      return FALSE;
  return TRUE;
}

/* The value of 8 ASCII digits, parsed in one 64-bit word (little-endian
 * byte order assumed; a fallback loop is used otherwise). */
static inline guint64
parse8 (const char *s)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  guint64 v;

  memcpy (&v, s, sizeof v);
  v -= G_GUINT64_CONSTANT (0x3030303030303030);
  v = (v * 10 + (v >> 8)) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff);
  v = (v * 100 + (v >> 16)) & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
  v = (v * 10000 + (v >> 32)) & G_GUINT64_CONSTANT (0x00000000ffffffff);
  return v;
#else
  guint64 v = 0;

  for (int i = 0; i < 8; i++)
    v = v * 10 + (guint64) (s[i] - '0');
  return v;
#endif
}

guint
eo_digits_mod97 (const char *digits,
                 gsize       len)
{
  guint64 rem = 0;
  gsize i = 0;

  g_return_val_if_fail (digits != NULL || len == 0, 0);

  /* Eight digits at a time: rem < 97, so rem * 10^8 + 10^8 fits easily. */
  for (; i + 8 <= len; i += 8)
    rem = (rem * G_GUINT64_CONSTANT (100000000) + parse8 (digits + i)) % 97;
  for (; i < len; i++)
    rem = (rem * 10 + (guint64) (digits[i] - '0')) % 97;

  return (guint) rem;
}

guint
eo_eid_compute_check (const char *first30)
{
  g_return_val_if_fail (first30 != NULL, 0);

  /* Append "00", take the remainder, and choose the two digits that
   * make the whole number leave 1. */
  return 98 - (eo_digits_mod97 (first30, EO_EID_LENGTH - 2) * 100) % 97;
}

gboolean
eo_eid_is_valid (const char *eid,
                 gsize       len)
{
  guint check;

  if (eid == NULL || len != EO_EID_LENGTH || !all_digits (eid, len))
    return FALSE;

  check = (guint) (eid[30] - '0') * 10 + (guint) (eid[31] - '0');
  if (check < 2 || check > 98)
    return FALSE;

  return eo_digits_mod97 (eid, len) == 1;
}

static guint
luhn_sum (const char *digits,
          gsize       len,
          gboolean    double_last)
{
  static const guint8 doubled[10] = { 0, 2, 4, 6, 8, 1, 3, 5, 7, 9 };
  guint sum = 0;
  gsize i = len;

  /* From the right: every second digit is doubled (digit sums kept). */
  if (double_last && i > 0)
    {
      sum += doubled[(guchar) (digits[i - 1] - '0') % 10];
      i--;
    }
  while (i >= 2)
    {
      sum += (guint) (digits[i - 1] - '0') + doubled[(guchar) (digits[i - 2] - '0') % 10];
      i -= 2;
    }
  if (i == 1)
    sum += (guint) (digits[0] - '0');

  return sum;
}

guint
eo_luhn_compute_check (const char *digits,
                       gsize       len)
{
  g_return_val_if_fail (digits != NULL || len == 0, 0);

  /* The check digit will be appended, so the last payload digit is doubled. */
  return (10 - luhn_sum (digits, len, TRUE) % 10) % 10;
}

gboolean
eo_luhn_is_valid (const char *digits,
                  gsize       len)
{
  if (digits == NULL || len < 2 || !all_digits (digits, len))
    return FALSE;

  return luhn_sum (digits, len, FALSE) % 10 == 0;
}

gboolean
eo_iccid_is_valid (const char *iccid,
                   gsize       len)
{
  if (iccid == NULL || (len != 19 && len != 20))
    return FALSE;
  if (iccid[0] != '8' || iccid[1] != '9')
    return FALSE;

  return eo_luhn_is_valid (iccid, len);
}
