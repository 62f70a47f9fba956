/* test-geo.c: regions and departments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-geo"

#include "config.h"

#include <string.h>

#include "crrc-geo.h"

/* NATIONAL-FORMATS.md section 5, as written there: "region name departments"
 * groups separated by “·”. The test reads the table from this text rather
 * than from a second copy of the C table. */
static const char national_formats_regions[] =
  "11 Île-de-France 75 77 78 91 92 93 94 95 · 24 Centre-Val de Loire 18 28 36 37 41 45 ·"
  "27 Bourgogne-Franche-Comté 21 25 39 58 70 71 89 90 · 28 Normandie 14 27 50 61 76 ·"
  "32 Hauts-de-France 02 59 60 62 80 · 44 Grand Est 08 10 51 52 54 55 57 67 68 88 ·"
  "52 Pays de la Loire 44 49 53 72 85 · 53 Bretagne 22 29 35 56 ·"
  "75 Nouvelle-Aquitaine 16 17 19 23 24 33 40 47 64 79 86 87 ·"
  "76 Occitanie 09 11 12 30 31 32 34 46 48 65 66 81 82 ·"
  "84 Auvergne-Rhône-Alpes 01 03 07 15 26 38 42 43 63 69 73 74 ·"
  "93 Provence-Alpes-Côte d'Azur 04 05 06 13 83 84 · 94 Corse 2A 2B ·"
  "01 Guadeloupe 971 · 02 Martinique 972 · 03 Guyane 973 · 04 La Réunion 974 · 06 Mayotte 976";

static gboolean
is_code (const char *token)
{
  gsize len = strlen (token);

  if (g_str_equal (token, "2A") || g_str_equal (token, "2B"))
    return TRUE;

  if (len < 2 || len > 3)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (token[i]))
        return FALSE;
    }

  return TRUE;
}

static void
test_regions (void)
{
  static const char * const expected_order[] = {
    "84", "27", "53", "24", "94", "44", "01", "03", "32",
    "11", "04", "02", "06", "28", "75", "76", "52", "93",
  };
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  const CrrcRegion *regions;
  guint n_regions = 0;

  regions = crrc_geo_get_regions (&n_regions);
  g_assert_nonnull (regions);
  g_assert_cmpuint (n_regions, ==, 18);

  for (guint i = 0; i < n_regions; i++)
    {
      g_assert_nonnull (regions[i].code);
      g_assert_nonnull (regions[i].name);
      g_assert_true (g_utf8_validate (regions[i].name, -1, NULL));
      g_assert_cmpuint (strlen (regions[i].code), ==, 2);
      g_assert_true (g_hash_table_add (codes, (gpointer) regions[i].code));
      g_assert_cmpstr (regions[i].code, ==, expected_order[i]);
      g_assert_true (crrc_geo_lookup_region (regions[i].code) == &regions[i]);
    }

  g_assert_cmpstr (crrc_geo_lookup_region ("84")->name, ==, "Auvergne-Rhône-Alpes");
  g_assert_cmpstr (crrc_geo_lookup_region ("94")->name, ==, "Corse");
  g_assert_cmpstr (crrc_geo_lookup_region ("01")->name, ==, "Guadeloupe");
  g_assert_cmpstr (crrc_geo_lookup_region ("02")->name, ==, "Martinique");
  g_assert_cmpstr (crrc_geo_lookup_region ("03")->name, ==, "Guyane");
  g_assert_cmpstr (crrc_geo_lookup_region ("04")->name, ==, "La Réunion");
  g_assert_cmpstr (crrc_geo_lookup_region ("06")->name, ==, "Mayotte");
  g_assert_cmpstr (crrc_geo_lookup_region ("11")->name, ==, "Île-de-France");
  g_assert_cmpstr (crrc_geo_lookup_region ("93")->name, ==, "Provence-Alpes-Côte d'Azur");
}

static void
test_departments (void)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) used_regions = g_hash_table_new (g_str_hash, g_str_equal);
  const CrrcDepartment *departments;
  guint n_departments = 0;
  guint n_regions = 0;
  guint next = 0;

  departments = crrc_geo_get_departments (&n_departments);
  g_assert_nonnull (departments);
  g_assert_cmpuint (n_departments, ==, 101 + 2);

  /* The documented order: 01…19, 2A, 2B, 21…95, 971…976, 986. */
  for (guint number = 1; number <= 95; number++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", number);

      if (number == 20)
        {
          g_assert_cmpstr (departments[next++].code, ==, "2A");
          g_assert_cmpstr (departments[next++].code, ==, "2B");
          continue;
        }
      g_assert_cmpstr (departments[next++].code, ==, code);
    }
  for (guint number = 971; number <= 976; number++)
    {
      g_autofree char *code = g_strdup_printf ("%u", number);

      g_assert_cmpstr (departments[next++].code, ==, code);
    }
  g_assert_cmpstr (departments[next++].code, ==, "986");
  g_assert_cmpuint (next, ==, n_departments);

  for (guint i = 0; i < n_departments; i++)
    {
      const CrrcDepartment *department = &departments[i];

      g_assert_true (g_hash_table_add (codes, (gpointer) department->code));
      g_assert_nonnull (department->name);
      g_assert_cmpstr (department->name, !=, "");
      g_assert_true (g_utf8_validate (department->name, -1, NULL));
      g_assert_true (crrc_geo_lookup_department (department->code) == department);
      g_assert_true (crrc_geo_region_for_department (department->code) == department->region_code);

      if (department->region_code == NULL)
        {
          g_assert_true (g_str_equal (department->code, "975") || g_str_equal (department->code, "986"));
          continue;
        }

      /* Every department's region exists. */
      g_assert_nonnull (crrc_geo_lookup_region (department->region_code));
      g_hash_table_add (used_regions, (gpointer) department->region_code);
    }

  /* And every region has departments. */
  crrc_geo_get_regions (&n_regions);
  g_assert_cmpuint (g_hash_table_size (used_regions), ==, n_regions);

  g_assert_cmpstr (crrc_geo_lookup_department ("21")->name, ==, "Côte-d'Or");
  g_assert_cmpstr (crrc_geo_lookup_department ("2A")->name, ==, "Corse-du-Sud");
  g_assert_cmpstr (crrc_geo_lookup_department ("2B")->name, ==, "Haute-Corse");
  g_assert_cmpstr (crrc_geo_lookup_department ("90")->name, ==, "Territoire de Belfort");
  g_assert_cmpstr (crrc_geo_lookup_department ("95")->name, ==, "Val-d'Oise");
  g_assert_cmpstr (crrc_geo_lookup_department ("974")->name, ==, "La Réunion");
  g_assert_cmpstr (crrc_geo_lookup_department ("975")->name, ==, "Saint-Pierre-et-Miquelon");
  g_assert_cmpstr (crrc_geo_lookup_department ("986")->name, ==, "Wallis-et-Futuna");
}

static void
test_mapping (void)
{
  g_auto(GStrv) groups = g_strsplit (national_formats_regions, "·", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const CrrcDepartment *departments;
  guint n_departments = 0;
  guint n_groups = 0;

  g_assert_cmpstr (crrc_geo_region_for_department ("21"), ==, "27");
  g_assert_cmpstr (crrc_geo_region_for_department ("2A"), ==, "94");
  g_assert_cmpstr (crrc_geo_region_for_department ("2B"), ==, "94");
  g_assert_cmpstr (crrc_geo_region_for_department ("976"), ==, "06");
  g_assert_cmpstr (crrc_geo_region_for_department ("974"), ==, "04");
  g_assert_cmpstr (crrc_geo_region_for_department ("75"), ==, "11");
  g_assert_null (crrc_geo_region_for_department ("975"));
  g_assert_null (crrc_geo_region_for_department ("986"));

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) tokens = g_strsplit_set (g_strstrip (groups[i]), " ", -1);
      g_autoptr(GString) name = g_string_new (NULL);
      const CrrcRegion *region;
      guint t = 1;

      g_assert_true (is_code (tokens[0]));
      region = crrc_geo_lookup_region (tokens[0]);
      g_assert_nonnull (region);

      for (; tokens[t] != NULL && !is_code (tokens[t]); t++)
        g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", tokens[t]);
      g_assert_cmpstr (region->name, ==, name->str);

      for (; tokens[t] != NULL; t++)
        {
          g_assert_true (is_code (tokens[t]));
          g_assert_cmpstr (crrc_geo_region_for_department (tokens[t]), ==, region->code);
          g_assert_true (g_hash_table_add (seen, g_strdup (tokens[t])));
        }

      n_groups++;
    }
  g_assert_cmpuint (n_groups, ==, 18);

  /* The document lists every department that has a region. */
  departments = crrc_geo_get_departments (&n_departments);
  for (guint i = 0; i < n_departments; i++)
    {
      g_assert_cmpint (departments[i].region_code != NULL, ==,
                       g_hash_table_contains (seen, departments[i].code));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 101);
}

static void
test_unknown (void)
{
  static const char * const unknown_departments[] = {
    "", "1", "001", "20", "2a", "2C", "96", "970", "977", "98", "984", "99", "00", "01 ", " 01",
  };
  static const char * const unknown_regions[] = {
    "", "1", "05", "00", "12", "84 ", "971", "NA",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unknown_departments); i++)
    {
      g_assert_null (crrc_geo_lookup_department (unknown_departments[i]));
      g_assert_null (crrc_geo_region_for_department (unknown_departments[i]));
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown_regions); i++)
    g_assert_null (crrc_geo_lookup_region (unknown_regions[i]));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geo/regions", test_regions);
  g_test_add_func ("/geo/departments", test_departments);
  g_test_add_func ("/geo/mapping", test_mapping);
  g_test_add_func ("/geo/unknown", test_unknown);

  return g_test_run ();
}
