/* test-chart-radial.c: radars, department tile maps and KPI tiles drawn with
 * no display
 *
 * Geometry is read from the layout a draw fills (items and text boxes),
 * colours from image surfaces and ink from recording surfaces. Renders are
 * saved as /tmp/radial-*.png to be looked at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "chart-test-utils.h"
#include "crrc-chart-map-layout.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define MINUS "\xe2\x88\x92" /* U+2212 MINUS SIGN */

/* The ten maturity domains, as long as their French names get. */
static const char *domains[] = {
  "Gouvernance et pilotage de la sécurité des systèmes d'information",
  "Gestion des risques et conformité réglementaire",
  "Protection des données de santé à caractère personnel",
  "Sensibilisation et formation de l'ensemble des personnels",
  "Gestion des identités et des accès privilégiés",
  "Sécurité du réseau et cloisonnement des systèmes",
  "Maintien en condition de sécurité des équipements biomédicaux",
  "Sauvegardes et restauration",
  "Détection et réponse aux incidents de sécurité",
  "Continuité et reprise d'activité après un incident majeur",
};

/* An opaque render to look at, as /tmp/radial-NAME-THEME.png: the card's
 * colour behind the chart, decorated in print as on a slide. */
static void
save_render (CrrcChartModel     *model,
             int                 width,
             int                 height,
             ChartTestThemeKind  kind,
             const char         *name)
{
  cairo_surface_t *surface;

  surface = chart_test_render (model, width, height, kind,
                               kind == CHART_TEST_THEME_PRINT ? CRRC_CHART_DRAW_DECORATED
                                                              : CRRC_CHART_DRAW_PLOT,
                               -1, NULL);
  chart_test_save_png (surface, "radial-%s-%s", name, chart_test_theme_name (kind));
  cairo_surface_destroy (surface);
}

/* Map */

static const char *bfc[] = { "21", "25", "39", "58", "70", "71", "89", "90", NULL };

/* Every metropolitan department but "48" (Lozère: no data), with values
 * growing along the table, the maximum on Paris and the minimum on Nord. */
static CrrcChartModel *
map_model (void)
{
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_MAP, "Incidents par département");
  const CrrcChartMapTile *tiles;
  guint n;

  tiles = _crrc_chart_map_layout_get (&n);
  crrc_chart_model_set_subtitle (model, "France — 2023");
  crrc_chart_model_set_source (model, "Source : CERT Santé — synchronisé le 21/05/2024");
  crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < n; i++)
    {
      guint category;
      double value;

      if (tiles[i].overseas && g_strcmp0 (tiles[i].code, "974") != 0)
        continue;
      if (g_strcmp0 (tiles[i].code, "48") == 0)
        continue;

      category = crrc_chart_model_add_category (model, tiles[i].code, tiles[i].name);
      if (g_strcmp0 (tiles[i].code, "75") == 0)
        value = 1500;
      else if (g_strcmp0 (tiles[i].code, "59") == 0)
        value = 2;
      else if (g_strcmp0 (tiles[i].code, "33") == 0)
        value = 751;
      else
        value = 10 + (i * 37) % 900;
      crrc_chart_model_set_value (model, 0, category, value);
    }

  return model;
}

static void
test_map_layout_table (void)
{
  const CrrcChartMapTile *tiles;
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) cells = g_hash_table_new (NULL, NULL);
  guint n, n_cols, n_rows, overseas_row = G_MAXUINT, n_overseas = 0;
  guint max_metro_row = 0, max_metro_col = 0;
  const CrrcChartMapTile *nord, *finistere, *maritimes, *paris;

  tiles = _crrc_chart_map_layout_get (&n);
  _crrc_chart_map_layout_get_size (&n_cols, &n_rows);
  g_assert_cmpuint (n, ==, 101);

  for (guint i = 0; i < n; i++)
    {
      guint cell = tiles[i].row * 1000 + tiles[i].col;

      g_assert_cmpuint (tiles[i].col, <, n_cols);
      g_assert_cmpuint (tiles[i].row, <, n_rows);
      g_assert_false (g_hash_table_contains (codes, tiles[i].code));
      g_hash_table_add (codes, (gpointer) tiles[i].code);
      g_assert_false (g_hash_table_contains (cells, GUINT_TO_POINTER (cell + 1)));
      g_hash_table_add (cells, GUINT_TO_POINTER (cell + 1));
      g_assert_true (tiles[i].name != NULL && tiles[i].name[0] != '\0');
      g_assert_true (_crrc_chart_map_layout_find (tiles[i].code) == &tiles[i]);

      if (tiles[i].overseas)
        {
          g_assert_cmpuint (strlen (tiles[i].code), ==, 3);
          if (overseas_row == G_MAXUINT)
            overseas_row = tiles[i].row;
          g_assert_cmpuint (tiles[i].row, ==, overseas_row);
          n_overseas++;
        }
      else
        {
          max_metro_row = MAX (max_metro_row, tiles[i].row);
          max_metro_col = MAX (max_metro_col, tiles[i].col);
        }
    }

  /* 01…95 without 20, Corsica split in two, five overseas. */
  for (guint i = 1; i <= 95; i++)
    {
      g_autofree char *code = g_strdup_printf ("%02u", i);

      g_assert_true (g_hash_table_contains (codes, code) == (i != 20));
    }
  for (guint i = 0; i < 7; i++)
    {
      static const char *others[] = { "2A", "2B", "971", "972", "973", "974", "976" };

      g_assert_true (g_hash_table_contains (codes, others[i]));
    }
  g_assert_null (_crrc_chart_map_layout_find ("20"));
  g_assert_null (_crrc_chart_map_layout_find ("975"));

  /* The overseas row is below the rest, with an empty row between. */
  g_assert_cmpuint (n_overseas, ==, 5);
  g_assert_cmpuint (overseas_row, >, max_metro_row);
  for (guint i = 0; i < n; i++)
    {
      if (tiles[i].overseas || tiles[i].row + 1 != overseas_row)
        continue;
      for (guint j = 0; j < n; j++)
        if (tiles[j].overseas)
          g_assert_cmpuint (abs ((int) tiles[i].col - (int) tiles[j].col), >, 1);
    }

  /* Roughly geographic. */
  nord = _crrc_chart_map_layout_find ("59");
  finistere = _crrc_chart_map_layout_find ("29");
  maritimes = _crrc_chart_map_layout_find ("06");
  paris = _crrc_chart_map_layout_find ("75");
  for (guint i = 0; i < n; i++)
    {
      if (tiles[i].overseas)
        continue;
      g_assert_cmpuint (nord->row, <=, tiles[i].row);
      g_assert_cmpuint (finistere->col, <=, tiles[i].col);
      if (tiles[i].code[0] != '2' || g_ascii_isdigit (tiles[i].code[1]))
        g_assert_cmpuint (maritimes->col, >=, tiles[i].col);
    }
  g_assert_cmpuint (maritimes->row, >=, max_metro_row - 2);
  g_assert_cmpuint (_crrc_chart_map_layout_find ("2A")->col, ==, max_metro_col);
  g_assert_cmpuint (_crrc_chart_map_layout_find ("2B")->col, >, maritimes->col);
  g_assert_cmpuint (_crrc_chart_map_layout_find ("2B")->row, <,
                    _crrc_chart_map_layout_find ("2A")->row);
  g_assert_cmpuint (paris->row, <, n_rows / 2);
  for (guint i = 0; i < 3; i++)
    {
      static const char *petite_couronne[] = { "92", "93", "94" };
      const CrrcChartMapTile *tile = _crrc_chart_map_layout_find (petite_couronne[i]);

      g_assert_cmpuint (abs ((int) tile->col - (int) paris->col) + abs ((int) tile->row - (int) paris->row), ==, 1);
    }
}

static void
assert_map_tiles (CrrcChartModel     *model,
                  int                 width,
                  int                 height,
                  ChartTestThemeKind  theme_kind,
                  CrrcChartDrawFlags  flags)
{
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, width, height, theme_kind,
                                                            flags);
  const CrrcChartMapTile *tiles;
  guint n;
  double side;
  CrrcChartItem *first;

  tiles = _crrc_chart_map_layout_get (&n);

  g_assert_cmpuint (layout->items->len, ==, 101);
  first = chart_test_item_at (layout, 0);
  side = first->width;
  g_assert_cmpfloat (side, >, 4);

  for (guint i = 0; i < layout->items->len; i++)
    {
      CrrcChartItem *item = chart_test_item_at (layout, i);

      /* Square, all alike, inside the drawing. */
      g_assert_cmpfloat_with_epsilon (item->width, item->height, 0.01);
      g_assert_cmpfloat_with_epsilon (item->width, side, 0.01);
      g_assert_cmpfloat (item->x, >=, 0);
      g_assert_cmpfloat (item->y, >=, 0);
      g_assert_cmpfloat (item->x + item->width, <=, width);
      g_assert_cmpfloat (item->y + item->height, <=, height);

      /* Reading order: row by row, left to right. */
      if (i > 0)
        {
          CrrcChartItem *previous = chart_test_item_at (layout, i - 1);

          g_assert_true (item->y > previous->y + 0.01 ||
                         (fabs (item->y - previous->y) < 0.01 && item->x > previous->x));
        }

      for (guint j = i + 1; j < layout->items->len; j++)
        {
          CrrcChartItem *other = chart_test_item_at (layout, j);

          g_assert_false (chart_test_boxes_overlap (item->x, item->y, item->width, item->height,
                                                    other->x, other->y, other->width, other->height,
                                                    0.5));
        }

      /* A category index, or -1 for a department the model lacks. */
      if (item->category >= 0)
        {
          const char *key = crrc_chart_model_get_category_key (model, item->category);

          g_assert_nonnull (_crrc_chart_map_layout_find (key));
          g_assert_cmpint (item->series, ==, 0);
        }
    }

  /* Every department once. */
  for (guint t = 0; t < n; t++)
    {
      int category = crrc_chart_model_find_category (model, tiles[t].code);
      guint found = 0;

      for (guint i = 0; i < layout->items->len; i++)
        if (chart_test_item_at (layout, i)->category == category && category >= 0)
          found++;
      if (category >= 0)
        g_assert_cmpuint (found, ==, 1);
    }
}

static void
test_map_tiles (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();
  g_autoptr(CrrcChartLayout) layout = NULL;
  guint missing = 0;

  assert_map_tiles (model, 400, 300, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_PLOT);
  assert_map_tiles (model, 1920, 1080, CHART_TEST_THEME_PRINT, CRRC_CHART_DRAW_DECORATED);
  assert_map_tiles (model, 300, 700, CHART_TEST_THEME_DARK, CRRC_CHART_DRAW_PLOT);
  assert_map_tiles (model, 900, 250, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_PLOT);

  /* Lozère and four overseas departments are not in the model. */
  layout = chart_test_layout_of (model, 400, 300, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_PLOT);
  for (guint i = 0; i < layout->items->len; i++)
    if (chart_test_item_at (layout, i)->category < 0)
      missing++;
  g_assert_cmpuint (missing, ==, 5);

  /* The map is centred. */
  {
    double min_x = G_MAXDOUBLE, max_x = 0;

    for (guint i = 0; i < layout->items->len; i++)
      {
        min_x = MIN (min_x, chart_test_item_at (layout, i)->x);
        max_x = MAX (max_x, chart_test_item_at (layout, i)->x +
                            chart_test_item_at (layout, i)->width);
      }
    g_assert_cmpfloat (fabs (min_x - (400 - max_x)), <, 1.5);
  }
}

static CrrcChartItem *
tile_item (CrrcChartModel  *model,
           CrrcChartLayout *layout,
           const char      *code)
{
  int category = crrc_chart_model_find_category (model, code);

  for (guint i = 0; i < layout->items->len; i++)
    if (chart_test_item_at (layout, i)->category == category)
      return chart_test_item_at (layout, i);

  g_assert_not_reached ();
}

/* Sets @rgba to the colour of @item's tile in the middle across, @down of
 * its height from its top. */
static void
tile_colour (cairo_surface_t *surface,
             CrrcChartItem   *item,
             double           down,
             double           rgba[4])
{
  chart_test_pixel_rgba (surface, item->x + item->width / 2, item->y + item->height * down, rgba);
}

static void
test_map_colours (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  CrrcChartItem *item = NULL;
  double high[4], low[4], mid[4], none[4];

  for (ChartTestThemeKind kind = CHART_TEST_THEME_LIGHT; kind <= CHART_TEST_THEME_PRINT; kind++)
    {
      chart_test_theme_init (&theme, kind, 1000, 800);
      surface = chart_test_render_transparent (model, 1000, 800, kind, CRRC_CHART_DRAW_PLOT, layout);

      /* Near the top of the tile, clear of its labels. */
      tile_colour (surface, tile_item (model, layout, "75"), 0.12, high);
      tile_colour (surface, tile_item (model, layout, "59"), 0.12, low);
      tile_colour (surface, tile_item (model, layout, "33"), 0.12, mid);

      g_assert_true (chart_test_pixel_is (high, &theme.scale_high, 2));
      g_assert_true (chart_test_pixel_is (low, &theme.scale_low, 2));
      g_assert_false (chart_test_pixel_is (mid, &theme.scale_low, 20));
      g_assert_false (chart_test_pixel_is (mid, &theme.scale_high, 20));

      /* Lozère has no data. */
      for (guint i = 0; i < layout->items->len; i++)
        {
          item = chart_test_item_at (layout, i);
          if (item->category < 0 && item->y < chart_test_item_at (layout, 100)->y)
            break;
        }
      g_assert_cmpint (item->category, <, 0);
      tile_colour (surface, item, 0.12, none);
      g_assert_true (chart_test_pixel_is (none, &theme.empty, 2));

      /* Labels: the code on each tile, the value on big ones, the
       * extremes of the scale and "no data" in the legend. */
      g_assert_nonnull (chart_test_find_text (layout, "75"));
      g_assert_nonnull (chart_test_find_text (layout, "2A"));
      g_assert_nonnull (chart_test_find_text (layout, "1" NNBSP "500"));
      g_assert_nonnull (chart_test_find_text (layout, g_dgettext (GETTEXT_PACKAGE, "No data")));
      chart_test_assert_text_inside (layout, 1000, 800, 0.5);
      chart_test_assert_text_apart (layout, 0.5, FALSE);

      cairo_surface_destroy (surface);
      crrc_chart_theme_clear (&theme);
    }
}

static void
test_map_emphasis (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *plain, *emphasised;
  CrrcChartItem *inside, *outside;
  double a[4], b[4], edge_plain[4], edge_emphasised[4];

  crrc_chart_model_set_value (model, 0, crrc_chart_model_find_category (model, "21"), 500);
  crrc_chart_model_set_value (model, 0, crrc_chart_model_find_category (model, "44"), 500);
  plain = chart_test_render_transparent (model, 1000, 800, CHART_TEST_THEME_LIGHT,
                                         CRRC_CHART_DRAW_PLOT, layout);
  crrc_chart_model_set_emphasis (model, bfc);
  emphasised = chart_test_render_transparent (model, 1000, 800, CHART_TEST_THEME_LIGHT,
                                              CRRC_CHART_DRAW_PLOT, layout);
  save_render (model, 1000, 800, CHART_TEST_THEME_LIGHT, "map-emphasis");

  inside = tile_item (model, layout, "21");
  outside = tile_item (model, layout, "44");

  /* Same value, same colour without emphasis… */
  tile_colour (plain, inside, 0.2, a);
  tile_colour (plain, outside, 0.2, b);
  g_assert_cmpfloat (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]) +
                     fabs (a[3] - b[3]), <, 3);

  /* …but the region stays opaque while the rest fades, */
  tile_colour (emphasised, inside, 0.2, a);
  tile_colour (emphasised, outside, 0.2, b);
  g_assert_cmpfloat (a[3], >, 250);
  g_assert_cmpfloat (b[3], <, 160);

  /* and the region's tiles have a strong outline. */
  chart_test_pixel_rgba (plain, inside->x + inside->width / 2, inside->y + 1.5, edge_plain);
  chart_test_pixel_rgba (emphasised, inside->x + inside->width / 2, inside->y + 1.5,
                         edge_emphasised);
  g_assert_cmpfloat (fabs (edge_plain[0] - edge_emphasised[0]) +
                     fabs (edge_plain[1] - edge_emphasised[1]) +
                     fabs (edge_plain[2] - edge_emphasised[2]), >, 100);

  cairo_surface_destroy (plain);
  cairo_surface_destroy (emphasised);
}

static void
test_map_renders (void)
{
  g_autoptr(CrrcChartModel) model = map_model ();

  crrc_chart_model_set_emphasis (model, bfc);
  for (ChartTestThemeKind kind = CHART_TEST_THEME_LIGHT; kind <= CHART_TEST_THEME_PRINT; kind++)
    {
      save_render (model, kind == CHART_TEST_THEME_PRINT ? 1920 : 640,
                   kind == CHART_TEST_THEME_PRINT ? 1080 : 480, kind, "map");
      chart_test_assert_ink_inside (model, 400, 300, kind, CRRC_CHART_DRAW_DECORATED);
      chart_test_assert_ink_inside (model, 1920, 1080, kind, CRRC_CHART_DRAW_DECORATED);
    }
  save_render (model, 400, 300, CHART_TEST_THEME_LIGHT, "map-small");
}

/* Radar */

static CrrcChartModel *
radar_model (gboolean with_peers)
{
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_RADAR, "Maturité par domaine");
  static const double scores[] = { 3.5, 2, 4, 1.5, 5, 2.5, 0.5, 3, 4.5, 1 };

  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_SCORE);
  crrc_chart_model_set_subtitle (model, "CH de Dole — diagnostic 2024");
  crrc_chart_model_set_source (model, "Source : diagnostic de maturité CRRC");
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autofree char *key = g_strdup_printf ("d%u", i + 1);

      crrc_chart_model_add_category (model, key, domains[i]);
    }
  crrc_chart_model_add_series (model, "Établissement", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    crrc_chart_model_set_value (model, 0, i, scores[i]);

  if (with_peers)
    {
      guint median = crrc_chart_model_add_series (model, "Médiane des pairs",
                                                  CRRC_CHART_SERIES_REFERENCE);
      guint low = crrc_chart_model_add_series (model, "1er quartile", CRRC_CHART_SERIES_BAND_LOW);
      guint high = crrc_chart_model_add_series (model, "3e quartile", CRRC_CHART_SERIES_BAND_HIGH);

      for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
        {
          crrc_chart_model_set_value (model, median, i, 2.5 + 0.1 * i);
          crrc_chart_model_set_value (model, low, i, 1.8 + 0.05 * i);
          crrc_chart_model_set_value (model, high, i, 3.4 + 0.08 * i);
        }
    }

  return model;
}

static void
test_radar_geometry (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (TRUE);
  static const double scores[] = { 3.5, 2, 4, 1.5, 5, 2.5, 0.5, 3, 4.5, 1 };
  double sizes[][2] = { { 400, 300 }, { 800, 600 }, { 1920, 1080 } };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, sizes[s][0], sizes[s][1],
                                                                CHART_TEST_THEME_LIGHT,
                                                                CRRC_CHART_DRAW_PLOT);
      double top_x, top_y, bottom_x, bottom_y, k, cx, cy;

      /* One item per scored vertex of the data series only. */
      g_assert_cmpuint (layout->items->len, ==, 10);
      for (guint i = 0; i < 10; i++)
        {
          g_assert_cmpint (chart_test_item_at (layout, i)->category, ==, (int) i);
          g_assert_cmpint (chart_test_item_at (layout, i)->series, ==, 0);
        }

      /* The first axis points up, the sixth down: they give the centre
       * and the scale; every other vertex must then sit at its score's
       * distance on its axis. */
      chart_test_centre_of (chart_test_item_at (layout, 0), &top_x, &top_y);
      chart_test_centre_of (chart_test_item_at (layout, 5), &bottom_x, &bottom_y);
      g_assert_cmpfloat (fabs (top_x - bottom_x), <, 0.01);
      k = (bottom_y - top_y) / (scores[0] + scores[5]);
      cx = top_x;
      cy = top_y + k * scores[0];
      g_assert_cmpfloat (k, >, 10);

      for (guint i = 0; i < 10; i++)
        {
          double x, y, angle = -G_PI / 2 + 2 * G_PI * i / 10;

          chart_test_centre_of (chart_test_item_at (layout, i), &x, &y);
          g_assert_cmpfloat (fabs (hypot (x - cx, y - cy) - k * scores[i]), <, 0.05);
          g_assert_cmpfloat (fabs (x - (cx + k * scores[i] * cos (angle))), <, 0.05);
          g_assert_cmpfloat (fabs (y - (cy + k * scores[i] * sin (angle))), <, 0.05);
        }
    }
}

static void
test_radar_missing (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (TRUE);
  g_autoptr(CrrcChartLayout) layout = NULL;

  crrc_chart_model_set_value (model, 0, 3, NAN);
  layout = chart_test_layout_of (model, 600, 450, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_PLOT);

  g_assert_cmpuint (layout->items->len, ==, 9);
  for (guint i = 0; i < layout->items->len; i++)
    g_assert_cmpint (chart_test_item_at (layout, i)->category, !=, 3);
  /* The domain keeps its label. */
  g_assert_true (chart_test_has_text_containing (layout, "Sensibilisation"));
}

/* The distance down from the first vertex of @model's radar, at the top,
 * to the sixth, at the bottom, drawn at 600 × 450. */
static double
radar_height (CrrcChartModel *model)
{
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 600, 450, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  double top_x, top_y, bottom_y;

  chart_test_centre_of (chart_test_item_at (layout, 0), &top_x, &top_y);
  chart_test_centre_of (chart_test_item_at (layout, 5), &top_x, &bottom_y);

  return bottom_y - top_y;
}

static void
test_radar_scale (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (FALSE);
  double k5, k4;

  k5 = radar_height (model) / 6;

  /* The full score sits on the outer ring: a smaller top stretches. */
  crrc_chart_model_set_value_max (model, 10);
  k4 = radar_height (model) / 6;
  g_assert_cmpfloat (fabs (k4 * 2 - k5), <, 0.05);
}

static void
test_radar_labels (void)
{
  g_autoptr(CrrcChartModel) model = radar_model (TRUE);
  struct { double width, height; ChartTestThemeKind theme; } sizes[] = {
    { 400, 300, CHART_TEST_THEME_LIGHT },
    { 400, 300, CHART_TEST_THEME_DARK },
    { 1920, 1080, CHART_TEST_THEME_PRINT },
    { 640, 480, CHART_TEST_THEME_LIGHT },
    { 300, 500, CHART_TEST_THEME_LIGHT },
    { 1000, 320, CHART_TEST_THEME_LIGHT },
  };

  save_render (model, 400, 300, CHART_TEST_THEME_LIGHT, "radar-small");
  save_render (model, 400, 300, CHART_TEST_THEME_PRINT, "radar-small");
  save_render (model, 640, 480, CHART_TEST_THEME_LIGHT, "radar");
  save_render (model, 640, 480, CHART_TEST_THEME_DARK, "radar");
  save_render (model, 1920, 1080, CHART_TEST_THEME_PRINT, "radar");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (guint decorated = 0; decorated < 2; decorated++)
      {
        CrrcChartDrawFlags flags = decorated ? CRRC_CHART_DRAW_DECORATED : CRRC_CHART_DRAW_PLOT;
        g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, sizes[i].width,
                                                                  sizes[i].height, sizes[i].theme,
                                                                  flags);

        chart_test_assert_text_inside (layout, sizes[i].width, sizes[i].height, 0.5);
        chart_test_assert_text_apart (layout, 0.5, FALSE);
        chart_test_assert_ink_inside (model, sizes[i].width, sizes[i].height, sizes[i].theme,
                                      flags);

        /* Every domain has its label, whole or ellipsised. */
        for (guint d = 0; d < G_N_ELEMENTS (domains); d++)
          g_assert_nonnull (chart_test_find_text (layout, domains[d]));
        /* The legend names the series and the band. */
        g_assert_nonnull (chart_test_find_text (layout, "Médiane des pairs"));
        g_assert_true (chart_test_has_text_containing (layout, "1er quartile"));
      }

}

/* KPI */

static CrrcChartModel *
kpi_model (double               value,
           double               previous,
           CrrcChartRiseMeaning meaning)
{
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_KPI, "Incidents déclarés");
  static const double history[] = { 392, 369, 455, 592, 581 };

  crrc_chart_model_set_kpi (model, value, previous, meaning);
  crrc_chart_model_set_kpi_reference (model, "vs 2022");
  crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < G_N_ELEMENTS (history); i++)
    {
      g_autofree char *year = g_strdup_printf ("%u", 2019 + i);
      guint category = crrc_chart_model_add_category (model, year, year);

      crrc_chart_model_set_value (model, 0, category, history[i]);
    }

  return model;
}

static void
assert_arrow (double                value,
              double                previous,
              CrrcChartRiseMeaning  meaning,
              int                   expect)  /* 1 bad, -1 good, 0 dim */
{
  g_autoptr(CrrcChartModel) model = kpi_model (value, previous, meaning);
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  guint bad, good;

  chart_test_theme_init (&theme, CHART_TEST_THEME_LIGHT, 320, 180);
  surface = chart_test_render_transparent (model, 320, 180, CHART_TEST_THEME_LIGHT,
                                           CRRC_CHART_DRAW_PLOT, NULL);
  bad = chart_test_count_pixels (surface, &theme.bad);
  good = chart_test_count_pixels (surface, &theme.good);
  cairo_surface_destroy (surface);
  crrc_chart_theme_clear (&theme);

  /* The arrow is a solid triangle of some forty pixels, half of them
   * untouched by antialiasing. */
  if (expect > 0)
    {
      g_assert_cmpuint (bad, >, 15);
      g_assert_cmpuint (good, ==, 0);
    }
  else if (expect < 0)
    {
      g_assert_cmpuint (good, >, 15);
      g_assert_cmpuint (bad, ==, 0);
    }
  else
    {
      g_assert_cmpuint (good, ==, 0);
      g_assert_cmpuint (bad, ==, 0);
    }
}

static void
test_kpi_arrow (void)
{
  assert_arrow (620, 581, CRRC_CHART_RISE_BAD, 1);
  assert_arrow (570, 581, CRRC_CHART_RISE_BAD, -1);
  assert_arrow (620, 581, CRRC_CHART_RISE_GOOD, -1);
  assert_arrow (570, 581, CRRC_CHART_RISE_GOOD, 1);
  assert_arrow (620, 581, CRRC_CHART_RISE_NEUTRAL, 0);
  assert_arrow (620, NAN, CRRC_CHART_RISE_BAD, 0);
}

static void
test_kpi_text (void)
{
  g_autoptr(CrrcChartModel) model = kpi_model (1234, 1258, CRRC_CHART_RISE_BAD);
  g_autoptr(CrrcChartModel) first = kpi_model (1234, NAN, CRRC_CHART_RISE_BAD);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 320, 180, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_DECORATED);
  g_autoptr(CrrcChartLayout) first_layout = NULL;
  CrrcChartTextBox *figure, *label, *change;

  figure = chart_test_find_text (layout, "1" NNBSP "234");
  label = chart_test_find_text (layout, "Incidents déclarés");
  change = chart_test_find_text (layout, MINUS "1,9" NNBSP "%");
  g_assert_nonnull (figure);
  g_assert_nonnull (change);
  g_assert_nonnull (chart_test_find_text (layout, "vs 2022"));
  /* The label once, even with the frame's title, above the figure. */
  g_assert_nonnull (label);
  {
    guint labels = 0;

    for (guint i = 0; i < layout->text_boxes->len; i++)
      if (g_strcmp0 (((CrrcChartTextBox *) g_ptr_array_index (layout->text_boxes, i))->text,
                     "Incidents déclarés") == 0)
        labels++;
    g_assert_cmpuint (labels, ==, 1);
  }
  g_assert_cmpfloat (label->y + label->height, <=, figure->y + 0.5);
  g_assert_cmpfloat (figure->y + figure->height, <=, change->y + 0.5);
  chart_test_assert_text_inside (layout, 320, 180, 0.5);
  chart_test_assert_text_apart (layout, 0.5, FALSE);

  /* The tile is one item, on the latest category. */
  g_assert_cmpuint (layout->items->len, ==, 1);
  g_assert_cmpint (chart_test_item_at (layout, 0)->category, ==, 4);
  g_assert_cmpint (chart_test_item_at (layout, 0)->series, ==, 0);

  /* No previous value: no change row. */
  first_layout = chart_test_layout_of (first, 320, 180, CHART_TEST_THEME_LIGHT,
                                       CRRC_CHART_DRAW_PLOT);
  g_assert_nonnull (chart_test_find_text (first_layout, "1" NNBSP "234"));
  g_assert_false (chart_test_has_text_containing (first_layout, "%"));
  g_assert_false (chart_test_has_text_containing (first_layout, "vs 2022"));
}

static void
test_kpi_renders (void)
{
  g_autoptr(CrrcChartModel) model = kpi_model (581, 592.2, CRRC_CHART_RISE_BAD);
  g_autoptr(CrrcChartModel) rise = kpi_model (35, 31, CRRC_CHART_RISE_GOOD);

  crrc_chart_model_set_unit (rise, CRRC_CHART_UNIT_PERCENT);
  crrc_chart_model_set_title (rise, "Établissements ayant réalisé un exercice de crise");
  for (ChartTestThemeKind kind = CHART_TEST_THEME_LIGHT; kind <= CHART_TEST_THEME_PRINT; kind++)
    {
      save_render (model, kind == CHART_TEST_THEME_PRINT ? 1920 : 300,
                   kind == CHART_TEST_THEME_PRINT ? 1080 : 170, kind, "kpi");
      save_render (rise, 220, 170, kind, "kpi-narrow");
      chart_test_assert_ink_inside (model, 300, 170, kind, CRRC_CHART_DRAW_PLOT);
      chart_test_assert_ink_inside (rise, 160, 120, kind, CRRC_CHART_DRAW_DECORATED);
      chart_test_assert_ink_inside (model, 1920, 1080, kind, CRRC_CHART_DRAW_DECORATED);
    }
}

int
main (int argc, char **argv)
{
  chart_test_init (&argc, &argv);

  g_test_add_func ("/chart/map/layout-table", test_map_layout_table);
  g_test_add_func ("/chart/map/tiles", test_map_tiles);
  g_test_add_func ("/chart/map/colours", test_map_colours);
  g_test_add_func ("/chart/map/emphasis", test_map_emphasis);
  g_test_add_func ("/chart/map/renders", test_map_renders);
  g_test_add_func ("/chart/radar/geometry", test_radar_geometry);
  g_test_add_func ("/chart/radar/missing", test_radar_missing);
  g_test_add_func ("/chart/radar/scale", test_radar_scale);
  g_test_add_func ("/chart/radar/labels", test_radar_labels);
  g_test_add_func ("/chart/kpi/arrow", test_kpi_arrow);
  g_test_add_func ("/chart/kpi/text", test_kpi_text);
  g_test_add_func ("/chart/kpi/renders", test_kpi_renders);

  return g_test_run ();
}
