/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-identifiers"

#include "config.h"

#include <string.h>

#include "eo-test-import.h"


/* A slow, obviously right remainder, one digit at a time. */
static guint
naive_mod97 (const char *digits,
             gsize       len)
{
  guint rem = 0;

  for (gsize i = 0; i < len; i++)
    rem = (rem * 10 + (guint) (digits[i] - '0')) % 97;
  return rem;
}

static void
test_eid_valid (void)
{
  g_assert_true (eo_eid_is_valid (EO_TEST_EID, strlen (EO_TEST_EID)));
  g_assert_cmpuint (eo_eid_compute_check (EO_TEST_EID), ==, 35);
  g_assert_cmpuint (eo_digits_mod97 (EO_TEST_EID, 32), ==, 1);
}

static void
test_eid_check_digits_wrong (void)
{
  const char *eid = "89049032123451234512345678901236";

  g_assert_false (eo_eid_is_valid (eid, strlen (eid)));
  g_assert_cmpuint (eo_eid_compute_check (eid), ==, 35);

  /* One digit changed in the body. */
  g_assert_false (eo_eid_is_valid ("89049032123451234512345678911235", 32));
}

static void
test_eid_check_digits_range (void)
{
  /* Find a body whose check is 02: then "99" is congruent (99 = 2 mod 97)
   * but outside 02..98, so it must be refused. */
  char eid[33];

  for (guint n = 0; n < 1000; n++)
    {
      g_snprintf (eid, sizeof eid, "890490321234512345%012u00", n);
      if (eo_eid_compute_check (eid) == 2)
        break;
    }
  g_assert_cmpuint (eo_eid_compute_check (eid), ==, 2);
  eid[30] = '0';
  eid[31] = '2';
  g_assert_true (eo_eid_is_valid (eid, 32));
  eid[30] = '9';
  eid[31] = '9';
  g_assert_cmpuint (eo_digits_mod97 (eid, 32), ==, 1);
  g_assert_false (eo_eid_is_valid (eid, 32));
}

static void
test_eid_length (void)
{
  g_assert_false (eo_eid_is_valid (EO_TEST_EID, 31));
  g_assert_false (eo_eid_is_valid ("890490321234512345123456789012350", 33));
  g_assert_false (eo_eid_is_valid ("", 0));
  g_assert_false (eo_eid_is_valid (NULL, 0));
}

static void
test_eid_not_digits (void)
{
  g_assert_false (eo_eid_is_valid ("8904903212345123451234567890123O", 32));
  g_assert_false (eo_eid_is_valid ("89049032 23451234512345678901235", 32));
}

static void
test_mod97_chunks (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (97);
  char digits[80];

  /* Every length from 0 to 79 (chunks of 8 and the rest), random digits,
   * compared with the digit-by-digit remainder. */
  for (guint round = 0; round < 2000; round++)
    {
      gsize len = round % G_N_ELEMENTS (digits);

      for (gsize i = 0; i < len; i++)
        digits[i] = (char) ('0' + g_rand_int_range (rand, 0, 10));
      g_assert_cmpuint (eo_digits_mod97 (digits, len), ==, naive_mod97 (digits, len));
    }

  memset (digits, '9', sizeof digits);
  g_assert_cmpuint (eo_digits_mod97 (digits, 32), ==, naive_mod97 (digits, 32));
}

static void
test_eid_compute_makes_valid (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (32);
  char eid[33];

  for (guint round = 0; round < 1000; round++)
    {
      guint check;

      for (gsize i = 0; i < 30; i++)
        eid[i] = (char) ('0' + g_rand_int_range (rand, 0, 10));
      check = eo_eid_compute_check (eid);
      g_assert_cmpuint (check, >=, 2);
      g_assert_cmpuint (check, <=, 98);
      eid[30] = (char) ('0' + check / 10);
      eid[31] = (char) ('0' + check % 10);
      eid[32] = '\0';
      g_assert_true (eo_eid_is_valid (eid, 32));
      eid[31] = (char) ('0' + (check + 1) % 10);
      g_assert_false (eo_eid_is_valid (eid, 32));
    }
}

static void
test_iccid_valid (void)
{
  char iccid[21];

  g_assert_true (eo_iccid_is_valid (EO_TEST_ICCID, strlen (EO_TEST_ICCID)));

  /* A 20-digit one. */
  memcpy (iccid, "8944500102198304826", 19);
  iccid[19] = (char) ('0' + eo_luhn_compute_check (iccid, 19));
  iccid[20] = '\0';
  g_assert_true (eo_iccid_is_valid (iccid, 20));
}

static void
test_iccid_luhn_wrong (void)
{
  g_assert_false (eo_iccid_is_valid ("8910042348144559362", 19));
  g_assert_cmpuint (eo_luhn_compute_check (EO_TEST_ICCID, 18), ==, 1);
  /* Two neighbours swapped. */
  g_assert_false (eo_iccid_is_valid ("8910042348144595361", 19));
}

static void
test_iccid_prefix (void)
{
  char iccid[20] = "7910042348144559361";

  /* Luhn-valid but not starting with 89. */
  iccid[18] = (char) ('0' + eo_luhn_compute_check (iccid, 18));
  g_assert_true (eo_luhn_is_valid (iccid, 19));
  g_assert_false (eo_iccid_is_valid (iccid, 19));
}

static void
test_iccid_length (void)
{
  char iccid[22] = "89100423481445593";

  /* 18 and 21 digits with a right Luhn digit: still refused. */
  iccid[17] = (char) ('0' + eo_luhn_compute_check (iccid, 17));
  g_assert_true (eo_luhn_is_valid (iccid, 18));
  g_assert_false (eo_iccid_is_valid (iccid, 18));

  memcpy (iccid, "89100423481445593610", 20);
  iccid[20] = (char) ('0' + eo_luhn_compute_check (iccid, 20));
  g_assert_false (eo_iccid_is_valid (iccid, 21));
  g_assert_false (eo_iccid_is_valid (NULL, 0));
}

static void
test_luhn_known (void)
{
  /* The usual textbook example: 7992739871 + 3. */
  g_assert_cmpuint (eo_luhn_compute_check ("7992739871", 10), ==, 3);
  g_assert_true (eo_luhn_is_valid ("79927398713", 11));
  g_assert_false (eo_luhn_is_valid ("79927398710", 11));
  g_assert_false (eo_luhn_is_valid ("7992739871a", 11));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/eid/valid", test_eid_valid);
  g_test_add_func ("/eid/check-digits/wrong", test_eid_check_digits_wrong);
  g_test_add_func ("/eid/check-digits/range", test_eid_check_digits_range);
  g_test_add_func ("/eid/check-digits/compute-makes-valid", test_eid_compute_makes_valid);
  g_test_add_func ("/eid/length", test_eid_length);
  g_test_add_func ("/eid/not-digits", test_eid_not_digits);
  g_test_add_func ("/eid/mod97/chunks", test_mod97_chunks);
  g_test_add_func ("/iccid/valid", test_iccid_valid);
  g_test_add_func ("/iccid/luhn/wrong", test_iccid_luhn_wrong);
  g_test_add_func ("/iccid/prefix", test_iccid_prefix);
  g_test_add_func ("/iccid/length", test_iccid_length);
  g_test_add_func ("/luhn/known", test_luhn_known);

  return g_test_run ();
}
