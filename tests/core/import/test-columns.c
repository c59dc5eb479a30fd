/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-columns"

#include "config.h"

#include "eo-column-guess.h"
#include "eo-column-map.h"
#include "eo-test-import.h"

/* Which column is which: the header names MDMs use, files without a
 * header, columns recognised by their content, columns chosen by the
 * admin (EoColumnMap), and values a spreadsheet program damaged. */

#define EID2 "89049032123451234512345678901332"

/* TRUE when one of the list's notes contains @text. */
static gboolean
has_note (EoDeviceList *list,
          const char   *text)
{
  const char * const *notes = eo_device_list_get_notes (list);

  for (guint i = 0; notes[i] != NULL; i++)
    if (strstr (notes[i], text) != NULL)
      return TRUE;
  return FALSE;
}

static EoDeviceList *
load_with_map (const char         *text,
               const EoColumnMap  *map,
               GError            **error)
{
  return eo_device_list_new_from_data_full (text, strlen (text), map, error);
}

/* Header names */

static void
test_aliases (void)
{
  static const struct { const char *name; EoColumn column; } cases[] = {
    { "EID", EO_COLUMN_EID }, { "eUICC ID", EO_COLUMN_EID }, { "EUICC", EO_COLUMN_EID },
    { "EIDOne", EO_COLUMN_EID }, { "esimIdentifier", EO_COLUMN_EID },
    { "network.eid", EO_COLUMN_EID },
    { "Name", EO_COLUMN_NAME }, { "Device Name", EO_COLUMN_NAME },
    { "Display Name", EO_COLUMN_NAME }, { "Mobile Device Name", EO_COLUMN_NAME },
    { "Device", EO_COLUMN_NAME }, { "Friendly Name", EO_COLUMN_NAME },
    { "ICCID", EO_COLUMN_ICCID }, { "ICCIDOne", EO_COLUMN_ICCID }, { "SIM ICCID", EO_COLUMN_ICCID },
    /* Case, spaces, _ - . and quotes do not count. */
    { "euicc_id", EO_COLUMN_EID }, { "E-U-I-C-C I.D.", EO_COLUMN_EID },
    { "\"eUICC ID\"", EO_COLUMN_EID }, { "'EID'", EO_COLUMN_EID },
    { "NETWORK_EID", EO_COLUMN_EID }, { "\xef\xbb\xbf" "EID", EO_COLUMN_EID },
    { "  mobile_device_name  ", EO_COLUMN_NAME }, { "MOBILE-DEVICE-NAME", EO_COLUMN_NAME },
    { "friendly.name", EO_COLUMN_NAME }, { "sim_iccid", EO_COLUMN_ICCID },
    { "\xe2\x80\x9c" "ICCID" "\xe2\x80\x9d", EO_COLUMN_ICCID },
    /* Not a known name. */
    { "Serial Number", EO_COLUMN_NONE }, { "EIDs", EO_COLUMN_NONE }, { "", EO_COLUMN_NONE },
    { "Device ID", EO_COLUMN_NONE }, { "ICC", EO_COLUMN_NONE },
    { "mobiledevicenamemobiledevicenamemobiledevicename", EO_COLUMN_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (eo_column_for_header_name (cases[i].name), ==, cases[i].column);
    }
}

static void
test_header_key (void)
{
  g_autofree char *a = eo_column_header_key ("\"Mobile_Device-Name.\"");
  g_autofree char *b = eo_column_header_key ("Serial Number");

  g_assert_cmpstr (a, ==, "mobiledevicename");
  g_assert_cmpstr (b, ==, "serialnumber");
}

/* Every alias opens a file, in every role. */
static void
test_aliases_load (void)
{
  static const char * const eids[] = {
    "EID", "eUICC ID", "EUICC", "EIDOne", "esimIdentifier", "network.eid", "\"e_uicc-id\"",
  };
  static const char * const names[] = {
    "Name", "Device Name", "Display Name", "Mobile Device Name", "Device", "Friendly Name",
    "FRIENDLY_NAME",
  };
  static const char * const iccids[] = { "ICCID", "ICCIDOne", "SIM ICCID", "sim-iccid" };

  for (guint e = 0; e < G_N_ELEMENTS (eids); e++)
    for (guint n = 0; n < G_N_ELEMENTS (names); n++)
      for (guint c = 0; c < G_N_ELEMENTS (iccids); c++)
        {
          g_autofree char *text = g_strdup_printf ("%s,Serial,%s,%s\nPhone,S1," EO_TEST_EID "," EO_TEST_ICCID "\n",
                                                   names[n], eids[e], iccids[c]);
          g_autoptr(EoDeviceList) list = eo_test_load_ok (text);

          g_test_message ("%s", text);
          g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 1);
          g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
          g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone");
          g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
          g_assert_true (eo_device_list_has_iccid_column (list));
        }
}

/* The shapes: Jamf Pro's export (BOM, every header quoted),
 * “Mobile Device Name,EID”, “Device name,eUICC ID”, Mosyle's EIDOne. */
static void
test_mdm_exports (void)
{
  static const char * const texts[] = {
    "\xef\xbb\xbf\"Display Name\",\"Serial Number\",\"Model\",\"EID\",\"ICCID\"\n"
    "\"Phone\",\"S1\",\"iPhone\",\"" EO_TEST_EID "\",\"" EO_TEST_ICCID "\"\n",
    "Mobile Device Name,EID\nPhone," EO_TEST_EID "\n",
    "Device name,eUICC ID\nPhone," EO_TEST_EID "\n",
    "EIDOne;Device\n" EO_TEST_EID ";Phone\n",
    "\xef\xbb\xbf" "eid\tfriendly name\n" EO_TEST_EID "\tPhone\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(EoDeviceList) list = eo_test_load_ok (texts[i]);

      g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 1);
      g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
      g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone");
    }
}

/* Files without a header */

static void
test_headerless (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok (EO_TEST_EID ",Phone 1\n" EID2 ",Phone 2\n");

  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 2);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 2);
  g_assert_cmpuint (eo_device_list_get_row (list, 0)->line, ==, 1);
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
  g_assert_cmpstr (eo_device_list_row_get_name (list, 1), ==, "Phone 2");
  g_assert_false (eo_device_list_has_iccid_column (list));
  g_assert_true (has_note (list, "no header"));
}

/* Columns found by their content, in any order; the name is the first
 * other column of text (not the serial number of digits). */
static void
test_headerless_content (void)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok ("12345," EO_TEST_ICCID ",Phone 1," EO_TEST_EID ",x\n"
                                                  "12346,,Phone 2," EID2 ",y\n"
                                                  "12347,8910042348144559379,Phone 3,,z\n");

  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 3);
  g_assert_true (eo_device_list_has_iccid_column (list));
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone 1");
  g_assert_cmpstr (eo_device_list_row_get_iccid (list, 0), ==, EO_TEST_ICCID);
  g_assert_nonnull (eo_test_find_problem (list, 2, EO_PROBLEM_EID_MISSING));
}

/* A header that names the EID column is not a device. */
static void
test_headerless_guard (void)
{
  g_autoptr(EoDeviceList) a = eo_test_load_ok ("EID,Name\n" EO_TEST_EID ",Phone\n");
  const char *invalid = "89049032123451234512345678901299,Phone\n" EO_TEST_EID ",Phone 2\n";
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (eo_device_list_get_n_rows (a), ==, 1);
  g_assert_false (has_note (a, "no header"));
  /* An invalid EID in the first row: a header (with unknown names). */
  error = eo_test_load_fails (invalid, strlen (invalid), EO_ERROR_FILE_MISSING_COLUMNS);
}

/* No text column: the name cannot be found; pasted EIDs may go without. */
static void
test_headerless_no_name (void)
{
  const char *text = EO_TEST_EID "\n" EID2 "\n";
  g_autoptr(GError) error = eo_test_load_fails (text, strlen (text), EO_ERROR_FILE_MISSING_COLUMNS);
  g_autoptr(EoColumnMap) map = eo_column_map_new ();
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GError) none = NULL;
  const EoProblem *p;

  eo_column_map_set_name_optional (map, TRUE);
  list = load_with_map (text, map, &none);
  g_assert_no_error (none);
  g_assert_cmpuint (eo_device_list_get_n_rows (list), ==, 2);
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 0);
  p = eo_test_find_problem (list, 1, EO_PROBLEM_NAME_MISSING);
  g_assert_nonnull (p);
  g_assert_cmpstr (eo_test_problem_text (p), ==, "Name missing: type a name for this device.");
}

static void
test_sample_content (void)
{
  const char *text = "Id;Thing;Other\n"
                     "1;Phone;" EO_TEST_EID "\n"
                     "2;Phone 2;8.9049E+31\n"
                     "3;Phone 3;" EID2 "\n";
  g_autoptr(EoColumnSample) sample = eo_column_sample_new (text, strlen (text), 0);

  g_assert_true (sample->has_header);
  g_assert_cmpint (sample->separator, ==, ';');
  g_assert_cmpuint (sample->n_columns, ==, 3);
  g_assert_cmpuint (sample->n_rows, ==, 3);
  g_assert_cmpstr (sample->headers[1], ==, "Thing");
  g_assert_cmpstr (sample->values[2 * EO_COLUMN_SAMPLE_N_VALUES + 1], ==, "8.9049E+31");
  g_assert_cmpint (sample->by_header[EO_COLUMN_EID], ==, -1);
  /* Two of three rows look like EIDs: a majority. */
  g_assert_cmpint (sample->by_content[EO_COLUMN_EID], ==, 2);
  g_assert_cmpint (sample->by_content[EO_COLUMN_NAME], ==, 1);
  g_assert_cmpint (sample->by_content[EO_COLUMN_ICCID], ==, -1);
  g_assert_nonnull (sample->signature);
}

/* The same header, however written, has the same signature. */
static void
test_sample_signature (void)
{
  g_autoptr(EoColumnSample) a = eo_column_sample_new ("Id,Thing\n1,2\n", 13, 0);
  g_autoptr(EoColumnSample) b = eo_column_sample_new ("\xef\xbb\xbf\"ID\",\"thing\"\n1,2\n", 20, 0);
  g_autoptr(EoColumnSample) c = eo_column_sample_new ("Id,Other\n1,2\n", 13, 0);
  g_autoptr(EoColumnSample) d = eo_column_sample_new (EO_TEST_EID ",x\n", 35, 0);

  g_assert_cmpstr (a->signature, ==, b->signature);
  g_assert_cmpstr (a->signature, !=, c->signature);
  g_assert_false (d->has_header);
  g_assert_null (d->signature);
}

/* Only the start of a big text is looked at. */
static void
test_sample_bounded (void)
{
  g_autoptr(GString) text = g_string_new ("Id,Thing\n");
  g_autoptr(EoColumnSample) sample = NULL;

  for (guint i = 0; text->len < 4 * EO_COLUMN_SAMPLE_MAX_BYTES; i++)
    g_string_append_printf (text, "%u,Phone %u\n", i, i);
  sample = eo_column_sample_new (text->str, text->len, 0);
  g_assert_cmpuint (sample->n_rows, ==, EO_COLUMN_SAMPLE_MAX_ROWS);
  g_assert_cmpstr (sample->values[EO_COLUMN_SAMPLE_N_VALUES + 2], ==, "Phone 2");
}

/* Column maps */

static void
test_map_positions (void)
{
  g_autoptr(EoColumnMap) map = eo_column_map_new ();
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (eo_column_map_parse_option (map, "eid=3", &error));
  g_assert_true (eo_column_map_parse_option (map, "name=Thing", &error));
  g_assert_no_error (error);
  list = load_with_map ("Id,Thing,Other\n1,Phone," EO_TEST_EID "\n", map, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (eo_device_list_row_get_eid (list, 0), ==, EO_TEST_EID);
  g_assert_cmpstr (eo_device_list_row_get_name (list, 0), ==, "Phone");
}

static void
test_map_errors (void)
{
  static const char * const bad_options[] = {
    "eid", "serial=2", "eid=", "eid=0", "eid=99999",
  };
  const char *text = "Id,Thing,Other\n1,Phone," EO_TEST_EID "\n";

  for (guint i = 0; i < G_N_ELEMENTS (bad_options); i++)
    {
      g_autoptr(EoColumnMap) map = eo_column_map_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (eo_column_map_parse_option (map, bad_options[i], &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
    }

  {
    g_autoptr(EoColumnMap) map = eo_column_map_new ();
    g_autoptr(GError) error = NULL;

    g_assert_true (eo_column_map_parse_option (map, "eid=1", NULL));
    g_assert_false (eo_column_map_parse_option (map, "EID=2", &error));
    g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  }

  /* Applied to the file: no such header, no such column, one column twice. */
  {
    static const char * const options[][2] = {
      { "eid=Serial", "name=Thing" }, { "eid=7", "name=2" }, { "eid=3", "name=3" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (options); i++)
      {
        g_autoptr(EoColumnMap) map = eo_column_map_new ();
        g_autoptr(GError) error = NULL;
        g_autoptr(EoDeviceList) list = NULL;

        g_assert_true (eo_column_map_parse_option (map, options[i][0], NULL));
        g_assert_true (eo_column_map_parse_option (map, options[i][1], NULL));
        list = load_with_map (text, map, &error);
        g_assert_null (list);
        g_assert_error (error, EO_ERROR, EO_ERROR_FILE_MISSING_COLUMNS);
        g_test_message ("%s", error->message);
      }
  }
}

static void
test_map_string (void)
{
  g_autoptr(EoColumnMap) map = eo_column_map_new ();
  g_autoptr(EoColumnMap) back = NULL;
  g_autofree char *text = NULL;

  eo_column_map_set_position (map, EO_COLUMN_EID, 4);
  eo_column_map_set_position (map, EO_COLUMN_NAME, 0);
  eo_column_map_set_position (map, EO_COLUMN_ICCID, EO_COLUMN_MAP_ABSENT);
  text = eo_column_map_to_string (map);
  g_assert_cmpstr (text, ==, "eid=5;name=1;iccid=-");
  back = eo_column_map_new_from_string (text);
  g_assert_nonnull (back);
  g_assert_cmpint (eo_column_map_get_position (back, EO_COLUMN_EID), ==, 4);
  g_assert_cmpint (eo_column_map_get_position (back, EO_COLUMN_ICCID), ==, EO_COLUMN_MAP_ABSENT);
  g_assert_null (eo_column_map_new_from_string ("eid=0"));
  g_assert_null (eo_column_map_new_from_string ("name=1"));
  g_assert_null (eo_column_map_new_from_string ("eid=1;eid=2"));
  g_assert_null (eo_column_map_new_from_string ("eid=x"));
}

/* An absent ICCID column is not read even when a header names one. */
static void
test_map_absent_iccid (void)
{
  g_autoptr(EoColumnMap) map = eo_column_map_new ();
  g_autoptr(EoDeviceList) list = NULL;
  g_autoptr(GError) error = NULL;

  eo_column_map_set_position (map, EO_COLUMN_ICCID, EO_COLUMN_MAP_ABSENT);
  list = load_with_map ("EID,Name,ICCID\n" EO_TEST_EID ",Phone,12\n", map, &error);
  g_assert_no_error (error);
  g_assert_false (eo_device_list_has_iccid_column (list));
  g_assert_cmpuint (eo_device_list_get_n_valid (list), ==, 1);
}

/* Spreadsheet damage */

static void
test_scientific (void)
{
  static const char * const yes[] = { "8.9049E+31", "8,9049E+31", "8.9049e+31", "8.9049e31", "89E30", "8,91E+18" };
  static const char * const no[] = { "8.9049", "E+31", "8.E+31", "8.9049E+", "8.9049E+31x", "89049", "8.9E+1234" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (eo_text_is_scientific (yes[i], strlen (yes[i])));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (eo_text_is_scientific (no[i], strlen (no[i])));
}

static void
assert_damaged (const char    *text,
                guint          row,
                EoProblemCode  code,
                EoProblemCode  not_code)
{
  g_autoptr(EoDeviceList) list = eo_test_load_ok (text);
  const EoProblem *p = eo_test_find_problem (list, row, code);

  g_test_message ("%s", text);
  g_assert_nonnull (p);
  g_assert_cmpint (p->severity, ==, EO_SEVERITY_ERROR);
  g_assert_nonnull (strstr (eo_test_problem_text (p), "spreadsheet program, which keeps only 15 digits"));
  g_assert_null (eo_test_find_problem (list, row, not_code));
}

static void
test_damage_eid (void)
{
  assert_damaged ("EID,Name\n8.9049E+31,Phone\n", 0, EO_PROBLEM_EID_SPREADSHEET, EO_PROBLEM_EID_NOT_DIGITS);
  assert_damaged ("EID;Name\n8,9049e+31;Phone\n", 0, EO_PROBLEM_EID_SPREADSHEET, EO_PROBLEM_EID_NOT_DIGITS);
  assert_damaged ("EID,Name\n\"8,90490321234512E+31\",Phone\n", 0, EO_PROBLEM_EID_SPREADSHEET, EO_PROBLEM_EID_NOT_DIGITS);
  /* 15 digits kept, 17 zeros: the check digits fail. */
  assert_damaged ("EID,Name\n89049032123451200000000000000000,Phone\n", 0, EO_PROBLEM_EID_SPREADSHEET,
                  EO_PROBLEM_EID_CHECK_DIGITS);
}

static void
test_damage_iccid (void)
{
  assert_damaged ("EID,Name,ICCID\n" EO_TEST_EID ",Phone,8.91004E+18\n", 0, EO_PROBLEM_ICCID_SPREADSHEET,
                  EO_PROBLEM_ICCID_NOT_DIGITS);
  assert_damaged ("EID,Name,ICCID\n" EO_TEST_EID ",Phone,8910042348144550000\n", 0, EO_PROBLEM_ICCID_SPREADSHEET,
                  EO_PROBLEM_ICCID_LUHN);
  assert_damaged ("EID,Name,ICCID\n" EO_TEST_EID ",Phone,89100423481445500000\n", 0, EO_PROBLEM_ICCID_SPREADSHEET,
                  EO_PROBLEM_ICCID_LUHN);
}

/* Real identifiers that end in zeros, check digits right: not damage. */
static void
test_damage_not_valid (void)
{
  char eid[EO_EID_LENGTH + 1] = "890490321234512000000000000000";
  char iccid[20] = "";
  guint check = eo_eid_compute_check (eid);
  g_autofree char *text = NULL;
  g_autoptr(EoDeviceList) list = NULL;

  g_snprintf (eid + 30, 3, "%02u", check);
  g_assert_true (eo_eid_is_valid (eid, 32));
  /* 15 digits, three zeros and a Luhn check digit of 0. */
  for (guint n = 0; iccid[0] == '\0'; n++)
    {
      char candidate[20];

      g_snprintf (candidate, sizeof candidate, "891004234%06u000", n);
      if (eo_luhn_compute_check (candidate, 18) == 0)
        g_snprintf (iccid, sizeof iccid, "%s0", candidate);
    }
  g_assert_true (eo_iccid_is_valid (iccid, 19));

  text = g_strdup_printf ("EID,Name,ICCID\n%s,Phone,%s\n", eid, iccid);
  list = eo_test_load_ok (text);
  g_assert_cmpuint (eo_device_list_get_n_problems (list), ==, 0);
  g_assert_cmpuint (eo_device_list_get_n_spreadsheet_damaged (list, EO_COLUMN_EID), ==, 0);
  /* A mistyped EID with a short tail of zeros is a typo, not damage. */
  {
    g_autoptr(EoDeviceList) typo = eo_test_load_ok ("EID,Name\n89049032123451234512345678900000,Phone\n");

    g_assert_nonnull (eo_test_find_problem (typo, 0, EO_PROBLEM_EID_CHECK_DIGITS));
    g_assert_null (eo_test_find_problem (typo, 0, EO_PROBLEM_EID_SPREADSHEET));
  }
}

/* Counted once for the file, and not duplicates of one another. */
static void
test_damage_summary (void)
{
  g_autoptr(GString) text = g_string_new ("EID,Name,ICCID\n");
  g_autoptr(EoDeviceList) list = NULL;

  for (guint i = 0; i < 41; i++)
    g_string_append_printf (text, "8.9049E+31,Phone %u,\n", i);
  g_string_append (text, "89049032123451200000000000000000,Phone x,8.91004E+18\n");
  g_string_append (text, EO_TEST_EID ",Phone y,\n");
  list = eo_test_load_ok (text->str);

  g_assert_cmpuint (eo_device_list_get_n_spreadsheet_damaged (list, EO_COLUMN_EID), ==, 42);
  g_assert_cmpuint (eo_device_list_get_n_spreadsheet_damaged (list, EO_COLUMN_ICCID), ==, 1);
  g_assert_cmpuint (eo_device_list_get_n_errors (list), ==, 42);
  g_assert_true (has_note (list, "42 EIDs were damaged by a spreadsheet"));
  g_assert_true (has_note (list, "1 ICCID was damaged by a spreadsheet"));
  for (guint i = 0; i < 42; i++)
    g_assert_null (eo_test_find_problem (list, i, EO_PROBLEM_EID_DUPLICATE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/columns/aliases", test_aliases);
  g_test_add_func ("/columns/header-key", test_header_key);
  g_test_add_func ("/columns/aliases/load", test_aliases_load);
  g_test_add_func ("/columns/mdm-exports", test_mdm_exports);
  g_test_add_func ("/columns/headerless", test_headerless);
  g_test_add_func ("/columns/headerless/content", test_headerless_content);
  g_test_add_func ("/columns/headerless/guard", test_headerless_guard);
  g_test_add_func ("/columns/headerless/no-name", test_headerless_no_name);
  g_test_add_func ("/columns/sample/content", test_sample_content);
  g_test_add_func ("/columns/sample/signature", test_sample_signature);
  g_test_add_func ("/columns/sample/bounded", test_sample_bounded);
  g_test_add_func ("/columns/map/positions", test_map_positions);
  g_test_add_func ("/columns/map/errors", test_map_errors);
  g_test_add_func ("/columns/map/string", test_map_string);
  g_test_add_func ("/columns/map/absent-iccid", test_map_absent_iccid);
  g_test_add_func ("/spreadsheet/scientific", test_scientific);
  g_test_add_func ("/spreadsheet/eid", test_damage_eid);
  g_test_add_func ("/spreadsheet/iccid", test_damage_iccid);
  g_test_add_func ("/spreadsheet/valid-zeros", test_damage_not_valid);
  g_test_add_func ("/spreadsheet/summary", test_damage_summary);

  return g_test_run ();
}
