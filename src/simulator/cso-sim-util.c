/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cso-sim-util"

#include "config.h"

#include <string.h>

#include "cso-sim-util.h"

gboolean
cso_sim_eid_is_valid (const char *eid)
{
  guint rem = 0;
  guint check;
  gsize i;

  if (eid == NULL || strlen (eid) != 32)
    return FALSE;

  for (i = 0; i < 32; i++)
    {
      if (!g_ascii_isdigit (eid[i]))
        return FALSE;
      rem = (rem * 10 + (guint) (eid[i] - '0')) % 97;
    }

  check = (guint) (eid[30] - '0') * 10 + (guint) (eid[31] - '0');

  return rem == 1 && check >= 2 && check <= 98;
}

char
cso_sim_luhn_digit (const char *digits,
                    gsize       len)
{
  guint sum = 0;
  gboolean twice = TRUE;
  gsize i;

  /* The check digit goes to the right, so the rightmost payload digit is
   * the first to be doubled. */
  for (i = len; i > 0; i--)
    {
      guint d = (guint) (digits[i - 1] - '0');

      if (twice)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
      twice = !twice;
    }

  return (char) ('0' + (10 - sum % 10) % 10);
}

gboolean
cso_sim_secret_equal (const char *a,
                      const char *b)
{
  gsize la, lb, i;
  guint diff;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  diff = (guint) (la ^ lb);

  for (i = 0; i < lb; i++)
    diff |= (guint) ((guchar) b[i] ^ (guchar) (i < la ? a[i] : 0));

  return diff == 0;
}

char *
cso_sim_json_to_string (JsonNode *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, owned);

  return json_generator_to_data (gen, NULL);
}
