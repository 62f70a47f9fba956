/* test-finess.c: FINESS numbers, departments, communes and sectors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crrc-finess.h"

static void
test_parse (void)
{
  /* Real numbers, checked by hand against the Luhn rule. */
  static const char *valid[] = { "010000024", "010780054", "750712184", "970400024", "980501506" };
  char out[CRRC_FINESS_LENGTH + 1];

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_assert_cmpint (crrc_finess_parse (valid[i], out), ==, CRRC_FINESS_VALID);
      g_assert_cmpstr (out, ==, valid[i]);
    }

  /* Spaces as displayed, and any single wrong digit breaks the key. */
  g_assert_cmpint (crrc_finess_parse ("01 000 002 4", out), ==, CRRC_FINESS_VALID);
  g_assert_cmpstr (out, ==, "010000024");
  g_assert_cmpint (crrc_finess_parse ("010000025", out), ==, CRRC_FINESS_BAD_KEY);
  g_assert_cmpint (crrc_finess_parse ("010000124", out), ==, CRRC_FINESS_BAD_KEY);
  g_assert_cmpint (crrc_finess_parse ("750712185", out), ==, CRRC_FINESS_BAD_KEY);

  /* Corsica: accepted, key not checked; a letter elsewhere is invalid. */
  g_assert_cmpint (crrc_finess_parse ("2A0000014", out), ==, CRRC_FINESS_KEY_NOT_CHECKED);
  g_assert_cmpstr (out, ==, "2A0000014");
  g_assert_cmpint (crrc_finess_parse ("2b0000019", out), ==, CRRC_FINESS_KEY_NOT_CHECKED);
  g_assert_cmpstr (out, ==, "2B0000019");
  g_assert_cmpint (crrc_finess_parse ("3A0000014", out), ==, CRRC_FINESS_INVALID);
  g_assert_cmpint (crrc_finess_parse ("2C0000014", out), ==, CRRC_FINESS_INVALID);
  g_assert_cmpint (crrc_finess_parse ("01000002", out), ==, CRRC_FINESS_INVALID);
  g_assert_cmpint (crrc_finess_parse ("0100000240", out), ==, CRRC_FINESS_INVALID);
  g_assert_cmpint (crrc_finess_parse ("01000002X", out), ==, CRRC_FINESS_INVALID);
  g_assert_cmpint (crrc_finess_parse ("", out), ==, CRRC_FINESS_INVALID);
  g_assert_cmpint (crrc_finess_parse ("A10000024", out), ==, CRRC_FINESS_INVALID);
}

static void
test_format (void)
{
  g_autofree char *text = crrc_finess_format ("010000024");

  g_assert_cmpstr (text, ==, "01 000 002 4");
}

static void
test_department (void)
{
  char department[4];

  g_assert_true (crrc_finess_department ("010000024", department));
  g_assert_cmpstr (department, ==, "01");
  g_assert_true (crrc_finess_department ("2A0000014", department));
  g_assert_cmpstr (department, ==, "2A");
  g_assert_true (crrc_finess_department ("970400024", department));
  g_assert_cmpstr (department, ==, "974");
  g_assert_true (crrc_finess_department ("980501506", department));
  g_assert_cmpstr (department, ==, "976");
  g_assert_true (crrc_finess_department ("980600016", department));
  g_assert_cmpstr (department, ==, "986");
  g_assert_true (crrc_finess_department ("986000016", department));
  g_assert_cmpstr (department, ==, "986");
  g_assert_true (crrc_finess_department ("971000016", department));
  g_assert_cmpstr (department, ==, "971");
  g_assert_true (crrc_finess_department ("970211207", department));
  g_assert_cmpstr (department, ==, "972");
  g_assert_false (crrc_finess_department ("979000016", department));
  g_assert_false (crrc_finess_department ("970900016", department));
}

static void
test_etalab_codes (void)
{
  g_autofree char *ain = crrc_commune_from_finess ("01", "451");
  g_autofree char *reunion = crrc_commune_from_finess ("9D", "411");
  g_autofree char *wallis = crrc_commune_from_finess ("9J", "612");
  g_autofree char *corsica = crrc_commune_from_finess ("2A", "004");
  g_autofree char *unknown = crrc_commune_from_finess ("9Z", "411");

  g_assert_cmpstr (crrc_department_from_finess_code ("9A"), ==, "971");
  g_assert_cmpstr (crrc_department_from_finess_code ("9E"), ==, "975");
  g_assert_cmpstr (crrc_department_from_finess_code ("9F"), ==, "976");
  g_assert_cmpstr (crrc_department_from_finess_code ("9J"), ==, "986");
  g_assert_cmpstr (crrc_department_from_finess_code ("21"), ==, "21");
  g_assert_cmpstr (crrc_department_from_finess_code ("2B"), ==, "2B");
  g_assert_null (crrc_department_from_finess_code ("20"));
  g_assert_null (crrc_department_from_finess_code ("96"));
  g_assert_null (crrc_department_from_finess_code (""));

  g_assert_cmpstr (ain, ==, "01451");
  g_assert_cmpstr (reunion, ==, "97411");
  g_assert_cmpstr (wallis, ==, "98612");
  g_assert_cmpstr (corsica, ==, "2A004");
  g_assert_null (unknown);
}

static void
test_sectors (void)
{
  gboolean known = FALSE;
  CrrcSector sector = CRRC_SECTOR_OTHER;

  g_assert_cmpint (crrc_sector_from_aggregate_category ("1102"), ==, CRRC_SECTOR_SANITAIRE);
  g_assert_cmpint (crrc_sector_from_aggregate_category ("1201"), ==, CRRC_SECTOR_SANITAIRE);
  g_assert_cmpint (crrc_sector_from_aggregate_category ("4101"), ==, CRRC_SECTOR_MEDICO_SOCIAL);
  g_assert_cmpint (crrc_sector_from_aggregate_category ("4601"), ==, CRRC_SECTOR_MEDICO_SOCIAL);
  g_assert_cmpint (crrc_sector_from_aggregate_category ("4701"), ==, CRRC_SECTOR_OTHER);
  g_assert_cmpint (crrc_sector_from_aggregate_category ("1301"), ==, CRRC_SECTOR_OTHER);
  g_assert_cmpint (crrc_sector_from_aggregate_category ("3101"), ==, CRRC_SECTOR_OTHER);
  g_assert_cmpint (crrc_sector_from_aggregate_category ("110"), ==, CRRC_SECTOR_OTHER);

  g_assert_cmpint (crrc_sector_from_category ("355", &known), ==, CRRC_SECTOR_SANITAIRE);
  g_assert_true (known);
  g_assert_cmpint (crrc_sector_from_category ("500", &known), ==, CRRC_SECTOR_MEDICO_SOCIAL);
  g_assert_true (known);
  g_assert_cmpint (crrc_sector_from_category ("246", &known), ==, CRRC_SECTOR_MEDICO_SOCIAL);
  g_assert_cmpint (crrc_sector_from_category ("101", &known), ==, CRRC_SECTOR_SANITAIRE);
  g_assert_cmpint (crrc_sector_from_category ("603", &known), ==, CRRC_SECTOR_OTHER);
  g_assert_false (known);

  g_assert_cmpstr (crrc_sector_to_string (CRRC_SECTOR_MEDICO_SOCIAL), ==, "medico_social");
  g_assert_true (crrc_sector_from_string ("grades", &sector));
  g_assert_cmpint (sector, ==, CRRC_SECTOR_GRADES);
  g_assert_false (crrc_sector_from_string ("hospital", &sector));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/finess/parse", test_parse);
  g_test_add_func ("/finess/format", test_format);
  g_test_add_func ("/finess/department", test_department);
  g_test_add_func ("/finess/etalab-codes", test_etalab_codes);
  g_test_add_func ("/finess/sectors", test_sectors);

  return g_test_run ();
}
