/* crrc-geo.c: French regions and departments (INSEE codes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "crrc-geo"

#include "config.h"

#include "crrc-geo.h"

/* The 18 regions since 2016, with their names in the INSEE Code officiel
 * géographique. They are in the order a French reader expects in a list:
 * alphabetical, ignoring case, accents and hyphens, so that “Île-de-France”
 * sorts with the I and “La Réunion” with the L (its official name), and the
 * overseas regions mixed with the others. A list shows them in this order
 * as they are; no locale-dependent sort is needed. */
static const CrrcRegion regions[] = {
  { "84", "Auvergne-Rhône-Alpes" },
  { "27", "Bourgogne-Franche-Comté" },
  { "53", "Bretagne" },
  { "24", "Centre-Val de Loire" },
  { "94", "Corse" },
  { "44", "Grand Est" },
  { "01", "Guadeloupe" },
  { "03", "Guyane" },
  { "32", "Hauts-de-France" },
  { "11", "Île-de-France" },
  { "04", "La Réunion" },
  { "02", "Martinique" },
  { "06", "Mayotte" },
  { "28", "Normandie" },
  { "75", "Nouvelle-Aquitaine" },
  { "76", "Occitanie" },
  { "52", "Pays de la Loire" },
  { "93", "Provence-Alpes-Côte d'Azur" },
};

/* The departments in INSEE order (that of their codes, with 2A and 2B in
 * the place of 20), then Saint-Pierre-et-Miquelon and Wallis-et-Futuna,
 * which are overseas collectivities in no region. */
static const CrrcDepartment departments[] = {
  { "01", "Ain", "84" },
  { "02", "Aisne", "32" },
  { "03", "Allier", "84" },
  { "04", "Alpes-de-Haute-Provence", "93" },
  { "05", "Hautes-Alpes", "93" },
  { "06", "Alpes-Maritimes", "93" },
  { "07", "Ardèche", "84" },
  { "08", "Ardennes", "44" },
  { "09", "Ariège", "76" },
  { "10", "Aube", "44" },
  { "11", "Aude", "76" },
  { "12", "Aveyron", "76" },
  { "13", "Bouches-du-Rhône", "93" },
  { "14", "Calvados", "28" },
  { "15", "Cantal", "84" },
  { "16", "Charente", "75" },
  { "17", "Charente-Maritime", "75" },
  { "18", "Cher", "24" },
  { "19", "Corrèze", "75" },
  { "2A", "Corse-du-Sud", "94" },
  { "2B", "Haute-Corse", "94" },
  { "21", "Côte-d'Or", "27" },
  { "22", "Côtes-d'Armor", "53" },
  { "23", "Creuse", "75" },
  { "24", "Dordogne", "75" },
  { "25", "Doubs", "27" },
  { "26", "Drôme", "84" },
  { "27", "Eure", "28" },
  { "28", "Eure-et-Loir", "24" },
  { "29", "Finistère", "53" },
  { "30", "Gard", "76" },
  { "31", "Haute-Garonne", "76" },
  { "32", "Gers", "76" },
  { "33", "Gironde", "75" },
  { "34", "Hérault", "76" },
  { "35", "Ille-et-Vilaine", "53" },
  { "36", "Indre", "24" },
  { "37", "Indre-et-Loire", "24" },
  { "38", "Isère", "84" },
  { "39", "Jura", "27" },
  { "40", "Landes", "75" },
  { "41", "Loir-et-Cher", "24" },
  { "42", "Loire", "84" },
  { "43", "Haute-Loire", "84" },
  { "44", "Loire-Atlantique", "52" },
  { "45", "Loiret", "24" },
  { "46", "Lot", "76" },
  { "47", "Lot-et-Garonne", "75" },
  { "48", "Lozère", "76" },
  { "49", "Maine-et-Loire", "52" },
  { "50", "Manche", "28" },
  { "51", "Marne", "44" },
  { "52", "Haute-Marne", "44" },
  { "53", "Mayenne", "52" },
  { "54", "Meurthe-et-Moselle", "44" },
  { "55", "Meuse", "44" },
  { "56", "Morbihan", "53" },
  { "57", "Moselle", "44" },
  { "58", "Nièvre", "27" },
  { "59", "Nord", "32" },
  { "60", "Oise", "32" },
  { "61", "Orne", "28" },
  { "62", "Pas-de-Calais", "32" },
  { "63", "Puy-de-Dôme", "84" },
  { "64", "Pyrénées-Atlantiques", "75" },
  { "65", "Hautes-Pyrénées", "76" },
  { "66", "Pyrénées-Orientales", "76" },
  { "67", "Bas-Rhin", "44" },
  { "68", "Haut-Rhin", "44" },
  { "69", "Rhône", "84" },
  { "70", "Haute-Saône", "27" },
  { "71", "Saône-et-Loire", "27" },
  { "72", "Sarthe", "52" },
  { "73", "Savoie", "84" },
  { "74", "Haute-Savoie", "84" },
  { "75", "Paris", "11" },
  { "76", "Seine-Maritime", "28" },
  { "77", "Seine-et-Marne", "11" },
  { "78", "Yvelines", "11" },
  { "79", "Deux-Sèvres", "75" },
  { "80", "Somme", "32" },
  { "81", "Tarn", "76" },
  { "82", "Tarn-et-Garonne", "76" },
  { "83", "Var", "93" },
  { "84", "Vaucluse", "93" },
  { "85", "Vendée", "52" },
  { "86", "Vienne", "75" },
  { "87", "Haute-Vienne", "75" },
  { "88", "Vosges", "44" },
  { "89", "Yonne", "27" },
  { "90", "Territoire de Belfort", "27" },
  { "91", "Essonne", "11" },
  { "92", "Hauts-de-Seine", "11" },
  { "93", "Seine-Saint-Denis", "11" },
  { "94", "Val-de-Marne", "11" },
  { "95", "Val-d'Oise", "11" },
  { "971", "Guadeloupe", "01" },
  { "972", "Martinique", "02" },
  { "973", "Guyane", "03" },
  { "974", "La Réunion", "04" },
  { "975", "Saint-Pierre-et-Miquelon", NULL },
  { "976", "Mayotte", "06" },
  { "986", "Wallis-et-Futuna", NULL },
};

/**
 * crrc_geo_get_regions:
 * @n_regions: (out): the number of regions
 *
 * Returns: (array length=n_regions) (transfer none): the regions, in the
 *   order of their names as a French reader expects them
 */
const CrrcRegion *
crrc_geo_get_regions (guint *n_regions)
{
  g_return_val_if_fail (n_regions != NULL, NULL);

  *n_regions = G_N_ELEMENTS (regions);

  return regions;
}

/**
 * crrc_geo_lookup_region:
 * @code: an INSEE region code, e.g. "27"
 *
 * Codes are compared exactly: "1" is not "01".
 *
 * Returns: (transfer none) (nullable): the region, or %NULL if @code is unknown
 */
const CrrcRegion *
crrc_geo_lookup_region (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      if (g_str_equal (regions[i].code, code))
        return &regions[i];
    }

  return NULL;
}

/**
 * crrc_geo_get_departments:
 * @n_departments: (out): the number of departments
 *
 * Returns: (array length=n_departments) (transfer none): the departments, in
 *   INSEE order: 01 to 19, 2A, 2B, 21 to 95, 971 to 976, 986
 */
const CrrcDepartment *
crrc_geo_get_departments (guint *n_departments)
{
  g_return_val_if_fail (n_departments != NULL, NULL);

  *n_departments = G_N_ELEMENTS (departments);

  return departments;
}

/**
 * crrc_geo_lookup_department:
 * @code: an INSEE department code, e.g. "2A" or "974"
 *
 * Codes are compared exactly: "1" is not "01", "2a" is not "2A".
 *
 * Returns: (transfer none) (nullable): the department, or %NULL if @code is
 *   unknown
 */
const CrrcDepartment *
crrc_geo_lookup_department (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (departments); i++)
    {
      if (g_str_equal (departments[i].code, code))
        return &departments[i];
    }

  return NULL;
}

/**
 * crrc_geo_region_for_department:
 * @department_code: an INSEE department code
 *
 * Returns: (transfer none) (nullable): the INSEE code of the region of the
 *   department, or %NULL if the department is unknown or in no region
 *   (975, 986)
 */
const char *
crrc_geo_region_for_department (const char *department_code)
{
  const CrrcDepartment *department;

  g_return_val_if_fail (department_code != NULL, NULL);

  department = crrc_geo_lookup_department (department_code);

  return department != NULL ? department->region_code : NULL;
}
