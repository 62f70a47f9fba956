/* crrc-chart-map-layout.c: where each French department sits on the tile map
 *
 * A tile map trades the shapes of the departments for equal areas: every
 * department gets one square, so a small one (Paris, the inner suburbs) is
 * as visible as a large one. The grid keeps the neighbours roughly where
 * they are on a map: Nord at the top, Finistère far left, Alpes-Maritimes
 * bottom right with Corsica offshore, the Paris departments together, and
 * the five overseas departments on their own row below, after a gap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-map"

#include "config.h"

#include <string.h>

#include "crrc-chart-map-layout.h"

#define N_COLS 12
#define N_ROWS 15

/* Names are proper nouns, shown as they are in both languages. */
static const CrrcChartMapTile tiles[] = {
  { "59", "Nord", 5, 0, FALSE },
  { "62", "Pas-de-Calais", 4, 1, FALSE },
  { "80", "Somme", 5, 1, FALSE },
  { "02", "Aisne", 6, 1, FALSE },
  { "76", "Seine-Maritime", 4, 2, FALSE },
  { "60", "Oise", 5, 2, FALSE },
  { "08", "Ardennes", 6, 2, FALSE },
  { "50", "Manche", 2, 3, FALSE },
  { "14", "Calvados", 3, 3, FALSE },
  { "27", "Eure", 4, 3, FALSE },
  { "95", "Val-d'Oise", 5, 3, FALSE },
  { "51", "Marne", 6, 3, FALSE },
  { "55", "Meuse", 7, 3, FALSE },
  { "54", "Meurthe-et-Moselle", 8, 3, FALSE },
  { "57", "Moselle", 9, 3, FALSE },
  { "67", "Bas-Rhin", 10, 3, FALSE },
  { "29", "Finistère", 0, 4, FALSE },
  { "22", "Côtes-d'Armor", 1, 4, FALSE },
  { "61", "Orne", 2, 4, FALSE },
  { "28", "Eure-et-Loir", 3, 4, FALSE },
  { "78", "Yvelines", 4, 4, FALSE },
  { "93", "Seine-Saint-Denis", 5, 4, FALSE },
  { "77", "Seine-et-Marne", 6, 4, FALSE },
  { "10", "Aube", 7, 4, FALSE },
  { "52", "Haute-Marne", 8, 4, FALSE },
  { "88", "Vosges", 9, 4, FALSE },
  { "68", "Haut-Rhin", 10, 4, FALSE },
  { "56", "Morbihan", 0, 5, FALSE },
  { "35", "Ille-et-Vilaine", 1, 5, FALSE },
  { "53", "Mayenne", 2, 5, FALSE },
  { "72", "Sarthe", 3, 5, FALSE },
  { "92", "Hauts-de-Seine", 4, 5, FALSE },
  { "75", "Paris", 5, 5, FALSE },
  { "94", "Val-de-Marne", 6, 5, FALSE },
  { "89", "Yonne", 7, 5, FALSE },
  { "21", "Côte-d'Or", 8, 5, FALSE },
  { "70", "Haute-Saône", 9, 5, FALSE },
  { "90", "Territoire de Belfort", 10, 5, FALSE },
  { "44", "Loire-Atlantique", 2, 6, FALSE },
  { "49", "Maine-et-Loire", 3, 6, FALSE },
  { "37", "Indre-et-Loire", 4, 6, FALSE },
  { "91", "Essonne", 5, 6, FALSE },
  { "45", "Loiret", 6, 6, FALSE },
  { "58", "Nièvre", 7, 6, FALSE },
  { "39", "Jura", 8, 6, FALSE },
  { "25", "Doubs", 9, 6, FALSE },
  { "85", "Vendée", 2, 7, FALSE },
  { "79", "Deux-Sèvres", 3, 7, FALSE },
  { "86", "Vienne", 4, 7, FALSE },
  { "41", "Loir-et-Cher", 5, 7, FALSE },
  { "18", "Cher", 6, 7, FALSE },
  { "03", "Allier", 7, 7, FALSE },
  { "71", "Saône-et-Loire", 8, 7, FALSE },
  { "17", "Charente-Maritime", 2, 8, FALSE },
  { "16", "Charente", 3, 8, FALSE },
  { "87", "Haute-Vienne", 4, 8, FALSE },
  { "36", "Indre", 5, 8, FALSE },
  { "23", "Creuse", 6, 8, FALSE },
  { "42", "Loire", 7, 8, FALSE },
  { "69", "Rhône", 8, 8, FALSE },
  { "01", "Ain", 9, 8, FALSE },
  { "74", "Haute-Savoie", 10, 8, FALSE },
  { "33", "Gironde", 3, 9, FALSE },
  { "24", "Dordogne", 4, 9, FALSE },
  { "19", "Corrèze", 5, 9, FALSE },
  { "63", "Puy-de-Dôme", 6, 9, FALSE },
  { "43", "Haute-Loire", 7, 9, FALSE },
  { "07", "Ardèche", 8, 9, FALSE },
  { "38", "Isère", 9, 9, FALSE },
  { "73", "Savoie", 10, 9, FALSE },
  { "40", "Landes", 2, 10, FALSE },
  { "47", "Lot-et-Garonne", 3, 10, FALSE },
  { "46", "Lot", 4, 10, FALSE },
  { "15", "Cantal", 5, 10, FALSE },
  { "48", "Lozère", 6, 10, FALSE },
  { "26", "Drôme", 7, 10, FALSE },
  { "84", "Vaucluse", 8, 10, FALSE },
  { "05", "Hautes-Alpes", 9, 10, FALSE },
  { "64", "Pyrénées-Atlantiques", 2, 11, FALSE },
  { "32", "Gers", 3, 11, FALSE },
  { "82", "Tarn-et-Garonne", 4, 11, FALSE },
  { "12", "Aveyron", 5, 11, FALSE },
  { "81", "Tarn", 6, 11, FALSE },
  { "34", "Hérault", 7, 11, FALSE },
  { "30", "Gard", 8, 11, FALSE },
  { "04", "Alpes-de-Haute-Provence", 9, 11, FALSE },
  { "06", "Alpes-Maritimes", 10, 11, FALSE },
  { "65", "Hautes-Pyrénées", 2, 12, FALSE },
  { "31", "Haute-Garonne", 3, 12, FALSE },
  { "09", "Ariège", 4, 12, FALSE },
  { "11", "Aude", 5, 12, FALSE },
  { "66", "Pyrénées-Orientales", 6, 12, FALSE },
  { "13", "Bouches-du-Rhône", 8, 12, FALSE },
  { "83", "Var", 9, 12, FALSE },
  { "2B", "Haute-Corse", 11, 12, FALSE },
  { "2A", "Corse-du-Sud", 11, 13, FALSE },
  { "971", "Guadeloupe", 0, 14, TRUE },
  { "972", "Martinique", 1, 14, TRUE },
  { "973", "Guyane", 2, 14, TRUE },
  { "974", "La Réunion", 3, 14, TRUE },
  { "976", "Mayotte", 4, 14, TRUE },
};

const CrrcChartMapTile *
_crrc_chart_map_layout_get (guint *n)
{
  if (n != NULL)
    *n = G_N_ELEMENTS (tiles);

  return tiles;
}

void
_crrc_chart_map_layout_get_size (guint *n_cols,
                                 guint *n_rows)
{
  if (n_cols != NULL)
    *n_cols = N_COLS;
  if (n_rows != NULL)
    *n_rows = N_ROWS;
}

const CrrcChartMapTile *
_crrc_chart_map_layout_find (const char *code)
{
  if (code == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tiles); i++)
    {
      if (strcmp (tiles[i].code, code) == 0)
        return &tiles[i];
    }

  return NULL;
}
