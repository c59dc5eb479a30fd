/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "eo-identifiers"

#include "config.h"

#include "eo-identifiers.h"

/* Checks for identifiers written on eSIMs and SIM cards:
 * - EID (GSMA SGP.29): 32 digits, the last two are check digits computed
 *   with ISO/IEC 7064 MOD 97-10 over the whole number, like an IBAN.
 * - ICCID (ITU-T E.118): "89" + issuer + account, 19 or 20 digits, the last
 *   one a Luhn check digit.
 * Everything here works on ASCII digits and never allocates. */

/* 10^16 fits comfortably: remainder (< 97) * 10^16 + 16 digits < 2^64. */
#define CHUNK_DIGITS 16

static inline gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) (s[i] - '0') > 9)
      return FALSE;
  return TRUE;
}

guint
eo_digits_mod97 (const char *digits,
                 gsize       len)
{
  guint64 rem = 0;
  gsize i = 0;

  g_return_val_if_fail (digits != NULL || len == 0, 0);

  while (i < len)
    {
      gsize n = MIN (CHUNK_DIGITS, len - i);
      guint64 chunk = 0;
      guint64 scale = 1;

      for (gsize k = 0; k < n; k++)
        {
          chunk = chunk * 10 + (guint64) (digits[i + k] - '0');
          scale *= 10;
        }
      rem = (rem * scale + chunk) % 97;
      i += n;
    }

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
  guint sum = 0;
  gboolean dbl = double_last;

  /* From the right: every second digit is doubled. */
  for (gsize i = len; i > 0; i--)
    {
      guint d = (guint) (digits[i - 1] - '0');

      if (dbl)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
      dbl = !dbl;
    }

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
