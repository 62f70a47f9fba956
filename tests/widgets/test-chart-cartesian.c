/* test-chart-cartesian.c: bars, lines and donuts drawn with no display
 *
 * Geometry is read from the layout a draw fills (items and text boxes),
 * pixels from image surfaces and ink from recording surfaces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "chart-test-utils.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */

static const char *long_labels[] = {
  "Établissements d'hébergement pour personnes âgées dépendantes",
  "Centres hospitaliers universitaires et régionaux",
  "Centres hospitaliers de proximité",
  "Cliniques privées de médecine, chirurgie et obstétrique",
  "Établissements de soins de suite et de réadaptation",
  "Centres de lutte contre le cancer",
  "Laboratoires de biologie médicale",
  "Groupements hospitaliers de territoire",
  "Établissements de santé mentale",
  "Maisons de santé pluriprofessionnelles",
  "Services d'aide et de soins infirmiers à domicile",
  "Instituts médico-éducatifs",
};

static CrrcChartModel *
bars_model (CrrcChartOrientation  orientation,
            CrrcChartStacking     stacking,
            guint                 n_series,
            const double         *values,
            guint                 n_categories)
{
  static const char *names[] = { "Malveillant", "Accidentel", "Inconnu" };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_BARS, "Incidents");

  crrc_chart_model_set_orientation (model, orientation);
  crrc_chart_model_set_stacking (model, stacking);
  for (guint c = 0; c < n_categories; c++)
    {
      g_autofree char *key = g_strdup_printf ("%u", 2019 + c);

      crrc_chart_model_add_category (model, key, key);
    }
  for (guint s = 0; s < n_series; s++)
    {
      crrc_chart_model_add_series (model, names[s], CRRC_CHART_SERIES_DATA);
      for (guint c = 0; c < n_categories; c++)
        crrc_chart_model_set_value (model, s, c, values[s * n_categories + c]);
    }

  return model;
}

static void
test_vertical_bars (void)
{
  static const double values[] = { 130, 260, 65, 430 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                1, values, 4);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 480, 320, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  double per_unit;

  g_assert_cmpuint (layout->items->len, ==, 4);
  per_unit = chart_test_item_at (layout, 3)->height / 430;
  g_assert_cmpfloat (per_unit, >, 0.2);

  for (guint i = 0; i < 4; i++)
    {
      CrrcChartItem *item = chart_test_item_at (layout, i);
      CrrcChartItem *first = chart_test_item_at (layout, 0);

      g_assert_cmpint (item->category, ==, (int) i);
      g_assert_cmpint (item->series, ==, 0);
      chart_test_assert_close (item->height, values[i] * per_unit, 0.01);
      chart_test_assert_close (item->y + item->height, first->y + first->height, 0.01);
      chart_test_assert_close (item->width, first->width, 0.01);
      if (i > 0)
        g_assert_cmpfloat (item->x, >, first->x);
    }

  /* One series: its values above the bars. */
  g_assert_nonnull (chart_test_find_text (layout, "430"));
  g_assert_nonnull (chart_test_find_text (layout, "2022"));
  g_assert_cmpfloat (chart_test_find_text (layout, "430")->y +
                     chart_test_find_text (layout, "430")->height,
                     <=, chart_test_item_at (layout, 3)->y + 0.01);
}

static void
test_horizontal_bars (void)
{
  static const double values[] = { 287, 143, 81, 23 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_HORIZONTAL, CRRC_CHART_GROUPED,
                                                1, values, 4);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 480, 320, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  double per_unit;

  g_assert_cmpuint (layout->items->len, ==, 4);
  per_unit = chart_test_item_at (layout, 0)->width / 287;

  for (guint i = 0; i < 4; i++)
    {
      CrrcChartItem *item = chart_test_item_at (layout, i);
      CrrcChartTextBox *label =
        chart_test_find_text (layout, crrc_chart_model_get_category_label (model, i));
      g_autofree char *value = crrc_chart_model_format_value (model, values[i]);
      CrrcChartTextBox *value_box = chart_test_find_text (layout, value);

      g_assert_cmpint (item->category, ==, (int) i);
      chart_test_assert_close (item->width, values[i] * per_unit, 0.01);
      chart_test_assert_close (item->x, chart_test_item_at (layout, 0)->x, 0.01);
      if (i > 0)
        g_assert_cmpfloat (item->y, >=, chart_test_item_at (layout, i - 1)->y +
                                        chart_test_item_at (layout, i - 1)->height);

      /* The label at the left of its bar, the value at its end. */
      g_assert_nonnull (label);
      g_assert_cmpfloat (label->x + label->width, <=, item->x);
      g_assert_cmpfloat (label->y, <, item->y + item->height);
      g_assert_cmpfloat (label->y + label->height, >, item->y);
      g_assert_nonnull (value_box);
      g_assert_cmpfloat (value_box->x, >=, item->x + item->width);
    }
}

static void
test_stacked_bars (void)
{
  static const double values[] = { 100, 200, 50,
                                    300, 100, 50 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_STACKED,
                                                2, values, 3);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 480, 320, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  double per_unit;

  g_assert_cmpuint (layout->items->len, ==, 6);
  per_unit = (chart_test_item_at (layout, 0)->height +
              chart_test_item_at (layout, 1)->height) / 400;

  for (guint c = 0; c < 3; c++)
    {
      CrrcChartItem *low = chart_test_item_at (layout, c * 2);
      CrrcChartItem *high = chart_test_item_at (layout, c * 2 + 1);

      g_assert_cmpint (low->category, ==, (int) c);
      g_assert_cmpint (low->series, ==, 0);
      g_assert_cmpint (high->category, ==, (int) c);
      g_assert_cmpint (high->series, ==, 1);
      /* The second series sits on the first, in the same column. */
      chart_test_assert_close (high->y + high->height, low->y, 0.01);
      chart_test_assert_close (high->x, low->x, 0.01);
      chart_test_assert_close (low->height + high->height,
                    (values[c] + values[3 + c]) * per_unit, 0.01);
    }

  /* Several series: a legend. */
  g_assert_nonnull (chart_test_find_text (layout, "Malveillant"));
  g_assert_nonnull (chart_test_find_text (layout, "Accidentel"));
}

static void
test_percent_bars (void)
{
  static const double values[] = { 100, 200, 50, 10,
                                   300, 100, 50, NAN };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_PERCENT,
                                                2, values, 4);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 480, 320, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  CrrcChartTextBox *hundred = chart_test_find_text (layout, "100" NNBSP "%");
  CrrcChartTextBox *zero = chart_test_find_text (layout, "0" NNBSP "%");
  cairo_surface_t *surface;
  double top, bottom;

  g_assert_nonnull (hundred);
  g_assert_nonnull (zero);
  top = hundred->y + hundred->height / 2;
  bottom = zero->y + zero->height / 2;

  /* The NAN value of the last category draws nothing. */
  g_assert_cmpuint (layout->items->len, ==, 7);
  for (guint c = 0; c < 4; c++)
    {
      double min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE, sum = 0;

      for (guint i = 0; i < layout->items->len; i++)
        {
          CrrcChartItem *item = chart_test_item_at (layout, i);

          if (item->category != (int) c)
            continue;
          min_y = MIN (min_y, item->y);
          max_y = MAX (max_y, item->y + item->height);
          sum += item->height;
        }

      /* Every category fills the axis from 0 to 100 %. */
      chart_test_assert_close (sum, bottom - top, 1.0);
      chart_test_assert_close (min_y, top, 1.0);
      chart_test_assert_close (max_y, bottom, 1.0);
    }
  g_assert_cmpint (chart_test_item_at (layout, 6)->category, ==, 3);
  g_assert_cmpint (chart_test_item_at (layout, 6)->series, ==, 0);

  /* Across, the same: every category as wide as the 0–100 % axis. */
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);
  surface = chart_test_render (model, 480, 320, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_DECORATED,
                               -1, layout);
  chart_test_save_png (surface, "cartesian-percent-horizontal");
  cairo_surface_destroy (surface);
  hundred = chart_test_find_text (layout, "100" NNBSP "%");
  zero = chart_test_find_text (layout, "0" NNBSP "%");
  g_assert_nonnull (hundred);
  g_assert_nonnull (zero);
  g_assert_cmpuint (layout->items->len, ==, 7);
  for (guint c = 0; c < 4; c++)
    {
      double sum = 0;

      for (guint i = 0; i < layout->items->len; i++)
        if (chart_test_item_at (layout, i)->category == (int) c)
          sum += chart_test_item_at (layout, i)->width;
      chart_test_assert_close (sum, (hundred->x + hundred->width / 2) - (zero->x + zero->width / 2),
                               1.0);
    }
}

static void
test_grouped_bars (void)
{
  static const double values[] = { 100, 200, 50,
                                   300, 100, 50 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                2, values, 3);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 480, 320, CHART_TEST_THEME_DARK,
                                                            CRRC_CHART_DRAW_PLOT);
  double per_unit = chart_test_item_at (layout, 1)->height / 300;

  g_assert_cmpuint (layout->items->len, ==, 6);
  for (guint c = 0; c < 3; c++)
    {
      CrrcChartItem *left = chart_test_item_at (layout, c * 2);
      CrrcChartItem *right = chart_test_item_at (layout, c * 2 + 1);

      g_assert_cmpint (left->series, ==, 0);
      g_assert_cmpint (right->series, ==, 1);
      g_assert_cmpfloat (right->x, >=, left->x + left->width - 0.01);
      g_assert_cmpfloat (right->x - (left->x + left->width), <, left->width);
      chart_test_assert_close (left->y + left->height, right->y + right->height, 0.01);
      chart_test_assert_close (left->height, values[c] * per_unit, 0.01);
      chart_test_assert_close (right->height, values[3 + c] * per_unit, 0.01);
      if (c > 0)
        g_assert_cmpfloat (left->x, >, chart_test_item_at (layout, c * 2 - 1)->x +
                                       chart_test_item_at (layout, c * 2 - 1)->width);
    }
}

static CrrcChartModel *
line_model (void)
{
  static const char *months[] = { "janv.", "févr.", "mars", "avr.", "mai", "juin" };
  static const double current[] = { 40, 60, NAN, 20, 80, 50 };
  static const double previous[] = { 30, 35, 50, 45, 40, 38 };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_LINE, "Incidents par mois");

  for (guint c = 0; c < G_N_ELEMENTS (months); c++)
    crrc_chart_model_add_category (model, months[c], months[c]);
  crrc_chart_model_add_series (model, "2023", CRRC_CHART_SERIES_DATA);
  crrc_chart_model_add_series (model, "2022", CRRC_CHART_SERIES_REFERENCE);
  for (guint c = 0; c < G_N_ELEMENTS (months); c++)
    {
      crrc_chart_model_set_value (model, 0, c, current[c]);
      crrc_chart_model_set_value (model, 1, c, previous[c]);
    }

  return model;
}

static void
test_line_points (void)
{
  static const double current[] = { 40, 60, NAN, 20, 80, 50 };
  g_autoptr(CrrcChartModel) model = line_model ();
  g_autoptr(CrrcChartLayout) layout = NULL;
  cairo_surface_t *surface;
  double y0, y1, per_unit;
  guint i = 0;

  crrc_chart_model_set_area (model, TRUE);
  layout = crrc_chart_layout_new ();
  surface = chart_test_render (model, 480, 320, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_DECORATED,
                               4, layout);
  chart_test_save_png (surface, "cartesian-line");
  cairo_surface_destroy (surface);

  /* One point per finite value of the data series; the reference has none. */
  g_assert_cmpuint (layout->items->len, ==, 5);
  y0 = chart_test_item_at (layout, 0)->y + chart_test_item_at (layout, 0)->height / 2;
  y1 = chart_test_item_at (layout, 1)->y + chart_test_item_at (layout, 1)->height / 2;
  per_unit = (y0 - y1) / (60 - 40);
  g_assert_cmpfloat (per_unit, >, 0.5);

  for (guint c = 0; c < G_N_ELEMENTS (current); c++)
    {
      CrrcChartItem *item;
      double cy;

      if (isnan (current[c]))
        continue;

      item = chart_test_item_at (layout, i++);
      g_assert_cmpint (item->category, ==, (int) c);
      g_assert_cmpint (item->series, ==, 0);
      cy = item->y + item->height / 2;
      chart_test_assert_close (y0 - cy, (current[c] - 40) * per_unit, 0.01);
      /* A generous hit shape. */
      g_assert_cmpfloat (item->width, >=, 16 - 0.01);
      g_assert_cmpint (crrc_chart_layout_hit (layout, item->x + item->width / 2, cy), ==,
                       (int) i - 1);
      if (i > 1)
        g_assert_cmpfloat (item->x, >, chart_test_item_at (layout, i - 2)->x);
    }

  /* Two series: both in the legend. */
  g_assert_nonnull (chart_test_find_text (layout, "2023"));
  g_assert_nonnull (chart_test_find_text (layout, "2022"));
}

static CrrcChartModel *
donut_model (void)
{
  static const char *origins[] = { "Malveillant", "Accidentel", "Inconnu", "Sans valeur" };
  static const double values[] = { 290, 145, 145, NAN };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_DONUT, "Origine des incidents");

  crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint c = 0; c < G_N_ELEMENTS (origins); c++)
    {
      crrc_chart_model_add_category (model, origins[c], origins[c]);
      crrc_chart_model_set_value (model, 0, c, values[c]);
    }

  return model;
}

static void
test_donut_angles (void)
{
  g_autoptr(CrrcChartModel) model = donut_model ();
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (model, 480, 320, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double cx, cy, radius;
  /* Angles clockwise from the right; the first slice starts at the top. */
  static const struct { double degrees; int item; } probes[] = {
    { -80, 0 }, { 0, 0 }, { 80, 0 }, { 100, 1 }, { 170, 1 }, { 190, 2 }, { 260, 2 },
  };

  g_assert_cmpuint (layout->items->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      CrrcChartItem *item = chart_test_item_at (layout, i);

      g_assert_cmpint (item->category, ==, (int) i);
      min_x = MIN (min_x, item->x);
      min_y = MIN (min_y, item->y);
      max_x = MAX (max_x, item->x + item->width);
      max_y = MAX (max_y, item->y + item->height);
    }
  cx = (min_x + max_x) / 2;
  cy = (min_y + max_y) / 2;
  radius = (max_x - min_x) / 2;
  chart_test_assert_close (max_y - min_y, max_x - min_x, 1.0);

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      double angle = probes[i].degrees * G_PI / 180;
      double r = radius * 0.8;

      g_assert_cmpint (crrc_chart_layout_hit (layout, cx + r * cos (angle), cy + r * sin (angle)),
                       ==, probes[i].item);
    }
  /* The hole is no slice. */
  g_assert_cmpint (crrc_chart_layout_hit (layout, cx, cy), ==, -1);

  /* A wide chart: the legend at the right, with values and shares; the
   * total in the hole. */
  g_assert_nonnull (chart_test_find_text (layout, "Malveillant — 290 (50" NNBSP "%)"));
  g_assert_cmpfloat (chart_test_find_text (layout, "Malveillant — 290 (50" NNBSP "%)")->x, >,
                     max_x);
  g_assert_nonnull (chart_test_find_text (layout, "580"));
  chart_test_assert_close (chart_test_find_text (layout, "580")->x +
                           chart_test_find_text (layout, "580")->width / 2, cx, 1.0);
  g_assert_false (chart_test_has_text_containing (layout, "Sans valeur"));
}

static void
test_donut_tall (void)
{
  g_autoptr(CrrcChartModel) model = donut_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *surface;
  CrrcChartTextBox *legend;

  /* Hovering the first slice moves it out; it stays hit where it was. */
  surface = chart_test_render (model, 320, 480, CHART_TEST_THEME_DARK, CRRC_CHART_DRAW_PLOT, 0,
                               layout);
  chart_test_save_png (surface, "cartesian-donut-tall");
  cairo_surface_destroy (surface);

  legend = chart_test_find_text (layout, "Inconnu — 145 (25" NNBSP "%)");
  g_assert_nonnull (legend);
  g_assert_cmpuint (layout->items->len, ==, 3);
  g_assert_cmpfloat (legend->y, >=, chart_test_item_at (layout, 2)->y +
                                    chart_test_item_at (layout, 2)->height);
}

static CrrcChartModel *
long_labels_model (CrrcChartKind        kind,
                   CrrcChartOrientation orientation,
                   guint                n_series)
{
  CrrcChartModel *model = crrc_chart_model_new (kind, "Incidents par type d'établissement");

  crrc_chart_model_set_subtitle (model, "Bourgogne-Franche-Comté — 2023");
  crrc_chart_model_set_source (model, "Source : CERT Santé — synchronisé le 21/05/2024");
  crrc_chart_model_set_orientation (model, orientation);
  crrc_chart_model_set_stacking (model, CRRC_CHART_STACKED);
  for (guint c = 0; c < G_N_ELEMENTS (long_labels); c++)
    {
      g_autofree char *key = g_strdup_printf ("type-%u", c);

      crrc_chart_model_add_category (model, key, long_labels[c]);
    }
  for (guint s = 0; s < n_series; s++)
    {
      g_autofree char *name = g_strdup_printf ("Série numéro %u, assez longue", s + 1);

      crrc_chart_model_add_series (model, name, CRRC_CHART_SERIES_DATA);
      for (guint c = 0; c < G_N_ELEMENTS (long_labels); c++)
        crrc_chart_model_set_value (model, s, c, 1234 - 97.0 * c + 13 * s);
    }

  return model;
}

static void
check_long_labels (CrrcChartModel *model,
                   const char     *name)
{
  static const struct { int width, height; ChartTestThemeKind theme; } sizes[] = {
    { 480, 320, CHART_TEST_THEME_LIGHT },
    { 1920, 1080, CHART_TEST_THEME_PRINT },
    { 300, 500, CHART_TEST_THEME_DARK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int decorated = 0; decorated < 2; decorated++)
      {
        CrrcChartDrawFlags flags = decorated ? CRRC_CHART_DRAW_DECORATED : CRRC_CHART_DRAW_PLOT;
        g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
        cairo_surface_t *surface;

        surface = chart_test_render (model, sizes[i].width, sizes[i].height, sizes[i].theme,
                          flags, -1, layout);
        if (decorated)
          {
            chart_test_save_png (surface, "cartesian-%s-%dx%d", name,
                                 sizes[i].width, sizes[i].height);
          }
        cairo_surface_destroy (surface);

        g_test_message ("%s at %d × %d, %s", name, sizes[i].width, sizes[i].height,
                        decorated ? "decorated" : "plot");
        chart_test_assert_text_inside (layout, sizes[i].width, sizes[i].height, 0.01);
        chart_test_assert_text_apart (layout, 0, TRUE);
        chart_test_assert_ink_inside (model, sizes[i].width, sizes[i].height, sizes[i].theme,
                                      flags);
        g_assert_cmpuint (layout->items->len, >, 0);
      }
}

static void
test_long_labels_vertical (void)
{
  g_autoptr(CrrcChartModel) single = long_labels_model (CRRC_CHART_BARS, CRRC_CHART_VERTICAL, 1);
  g_autoptr(CrrcChartModel) stacked = long_labels_model (CRRC_CHART_BARS, CRRC_CHART_VERTICAL, 3);

  check_long_labels (single, "bars-vertical");
  check_long_labels (stacked, "bars-stacked");
}

static void
test_long_labels_horizontal (void)
{
  g_autoptr(CrrcChartModel) single = long_labels_model (CRRC_CHART_BARS, CRRC_CHART_HORIZONTAL, 1);
  g_autoptr(CrrcChartModel) stacked = long_labels_model (CRRC_CHART_BARS, CRRC_CHART_HORIZONTAL, 2);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (single, 480, 320, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  gboolean ellipsised = FALSE;

  check_long_labels (single, "bars-horizontal");
  check_long_labels (stacked, "bars-horizontal-stacked");

  /* Labels take at most a fair part of the width, ellipsised. */
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (g_str_has_prefix (box->text, "Établissements d'hébergement"))
        {
          g_assert_cmpfloat (box->width, <=, 480 * 0.45);
          ellipsised = TRUE;
        }
    }
  g_assert_true (ellipsised);
}

static void
test_long_labels_line_donut (void)
{
  g_autoptr(CrrcChartModel) line = long_labels_model (CRRC_CHART_LINE, CRRC_CHART_VERTICAL, 2);
  g_autoptr(CrrcChartModel) donut = long_labels_model (CRRC_CHART_DONUT, CRRC_CHART_VERTICAL, 1);

  check_long_labels (line, "line-long");
  check_long_labels (donut, "donut-long");
}

static void
test_crowded_categories (void)
{
  g_autoptr(CrrcChartModel) model = crrc_chart_model_new (CRRC_CHART_LINE, "Incidents par mois");
  g_autoptr(CrrcChartLayout) layout = NULL;
  cairo_surface_t *surface;
  guint n_labels = 0;
  int previous = -1, stride = -1;

  crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint c = 0; c < 60; c++)
    {
      g_autofree char *label = g_strdup_printf ("%02u/%u", c % 12 + 1, 2019 + c / 12);

      crrc_chart_model_add_category (model, label, label);
      crrc_chart_model_set_value (model, 0, c, 40 + 30 * sin (c / 3.0));
    }

  layout = chart_test_layout_of (model, 480, 320, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_PLOT);
  chart_test_assert_text_inside (layout, 480, 320, 0.01);
  chart_test_assert_text_apart (layout, 0, TRUE);
  chart_test_assert_ink_inside (model, 480, 320, CHART_TEST_THEME_LIGHT, CRRC_CHART_DRAW_PLOT);
  g_assert_cmpuint (layout->items->len, ==, 60);

  /* Every n-th month is labelled, n the same throughout. */
  for (guint c = 0; c < 60; c++)
    {
      const char *label = crrc_chart_model_get_category_label (model, c);

      if (chart_test_find_text (layout, label) == NULL)
        continue;
      n_labels++;
      if (previous >= 0 && stride < 0)
        stride = (int) c - previous;
      else if (previous >= 0)
        g_assert_cmpint ((int) c - previous, ==, stride);
      previous = (int) c;
    }
  g_assert_cmpuint (n_labels, >, 5);
  g_assert_cmpuint (n_labels, <, 60);

  surface = chart_test_render (model, 480, 320, CHART_TEST_THEME_DARK, CRRC_CHART_DRAW_DECORATED,
                               10, NULL);
  chart_test_save_png (surface, "cartesian-crowded");
  cairo_surface_destroy (surface);
}

static void
test_french_numbers (void)
{
  static const double values[] = { 1234, 5678, 9012 };
  g_autoptr(CrrcChartModel) vertical = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                   1, values, 3);
  g_autoptr(CrrcChartModel) horizontal = bars_model (CRRC_CHART_HORIZONTAL, CRRC_CHART_GROUPED,
                                                     1, values, 3);
  g_autoptr(CrrcChartLayout) layout = chart_test_layout_of (vertical, 640, 400, CHART_TEST_THEME_LIGHT,
                                                            CRRC_CHART_DRAW_PLOT);
  g_autoptr(CrrcChartLayout) layout2 = chart_test_layout_of (horizontal, 640, 400,
                                                             CHART_TEST_THEME_LIGHT,
                                                             CRRC_CHART_DRAW_PLOT);

  /* Value labels and ticks, grouped by a narrow no-break space. */
  g_assert_nonnull (chart_test_find_text (layout, "1" NNBSP "234"));
  g_assert_nonnull (chart_test_find_text (layout, "10" NNBSP "000"));
  g_assert_nonnull (chart_test_find_text (layout2, "9" NNBSP "012"));
  g_assert_nonnull (chart_test_find_text (layout2, "0"));
}

static void
test_themes_and_hover (void)
{
  static const double values[] = { 100, 200, 50, 400 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                1, values, 4);

  for (ChartTestThemeKind kind = CHART_TEST_THEME_LIGHT; kind <= CHART_TEST_THEME_PRINT; kind++)
    {
      g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
      CrrcChartTheme theme;
      cairo_surface_t *surface;
      double cx, cy;

      chart_test_theme_init (&theme, kind, 640, 360);
      surface = chart_test_render (model, 640, 360, kind, CRRC_CHART_DRAW_DECORATED, 1, layout);
      chart_test_save_png (surface, "cartesian-bars-%s", chart_test_theme_name (kind));

      /* A bar has the accent colour; the hovered one does not. */
      chart_test_centre_of (chart_test_item_at (layout, 3), &cx, &cy);
      chart_test_assert_pixel (surface, cx, cy, &theme.accent);
      g_assert_cmpint (crrc_chart_layout_hit (layout, cx, cy), ==, 3);

      chart_test_centre_of (chart_test_item_at (layout, 1), &cx, &cy);
      g_assert_cmpint (crrc_chart_layout_hit (layout, cx, cy), ==, 1);
      g_assert_cmpfloat (chart_test_color_distance (chart_test_pixel (surface, (int) cx, (int) cy),
                                                    &theme.accent), >, 0.05);

      /* Outside every bar, nothing. */
      g_assert_cmpint (crrc_chart_layout_hit (layout, 1, 1), ==, -1);

      cairo_surface_destroy (surface);
      crrc_chart_theme_clear (&theme);
    }
}

/* A tone overrides the palette: bad news is red, good news green, in every
 * theme; a series without tone keeps the palette. */
static void
test_tones (void)
{
  static const double values[] = { 10, 20, 30, 40, 50, 60 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_STACKED,
                                                3, values, 2);

  crrc_chart_model_set_series_tone (model, 0, CRRC_CHART_TONE_GOOD);
  crrc_chart_model_set_series_tone (model, 2, CRRC_CHART_TONE_BAD);
  g_assert_cmpint (crrc_chart_model_get_series_tone (model, 1), ==, CRRC_CHART_TONE_AUTO);

  for (ChartTestThemeKind kind = CHART_TEST_THEME_LIGHT; kind <= CHART_TEST_THEME_PRINT; kind++)
    {
      g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
      CrrcChartTheme theme;
      cairo_surface_t *surface;

      chart_test_theme_init (&theme, kind, 640, 360);
      surface = chart_test_render (model, 640, 360, kind, CRRC_CHART_DRAW_PLOT, -1, layout);

      for (guint i = 0; i < layout->items->len; i++)
        {
          CrrcChartItem *item = chart_test_item_at (layout, i);
          const GdkRGBA *expected = item->series == 0 ? &theme.palette[2]
                                    : item->series == 2 ? &theme.palette[5]
                                    : &theme.palette[1];

          chart_test_assert_pixel (surface, item->x + item->width / 2, item->y + item->height / 2,
                                   expected);
        }

      cairo_surface_destroy (surface);
      crrc_chart_theme_clear (&theme);
    }
}

static void
test_text_scales (void)
{
  static const double values[] = { 100, 200, 50, 400 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                1, values, 4);
  g_autoptr(CrrcChartLayout) small = chart_test_layout_of (model, 960, 540, CHART_TEST_THEME_PRINT,
                                                           CRRC_CHART_DRAW_PLOT);
  g_autoptr(CrrcChartLayout) big = chart_test_layout_of (model, 1920, 1080, CHART_TEST_THEME_PRINT,
                                                         CRRC_CHART_DRAW_PLOT);

  /* A slide twice as large draws everything twice as large. */
  chart_test_assert_close (chart_test_item_at (big, 3)->height /
                           chart_test_item_at (small, 3)->height, 2, 0.1);
  chart_test_assert_close (chart_test_item_at (big, 3)->width /
                           chart_test_item_at (small, 3)->width, 2, 0.1);
  chart_test_assert_close (chart_test_find_text (big, "2022")->height /
                           chart_test_find_text (small, "2022")->height, 2, 0.1);
}

int
main (int argc, char **argv)
{
  chart_test_init (&argc, &argv);

  g_test_add_func ("/chart/bars/vertical", test_vertical_bars);
  g_test_add_func ("/chart/bars/horizontal", test_horizontal_bars);
  g_test_add_func ("/chart/bars/stacked", test_stacked_bars);
  g_test_add_func ("/chart/bars/percent", test_percent_bars);
  g_test_add_func ("/chart/bars/grouped", test_grouped_bars);
  g_test_add_func ("/chart/bars/french-numbers", test_french_numbers);
  g_test_add_func ("/chart/bars/themes-and-hover", test_themes_and_hover);
  g_test_add_func ("/chart/bars/text-scales", test_text_scales);
  g_test_add_func ("/chart/bars/tones", test_tones);
  g_test_add_func ("/chart/line/points", test_line_points);
  g_test_add_func ("/chart/donut/angles", test_donut_angles);
  g_test_add_func ("/chart/donut/tall", test_donut_tall);
  g_test_add_func ("/chart/long-labels/vertical", test_long_labels_vertical);
  g_test_add_func ("/chart/long-labels/horizontal", test_long_labels_horizontal);
  g_test_add_func ("/chart/long-labels/line-donut", test_long_labels_line_donut);
  g_test_add_func ("/chart/long-labels/crowded", test_crowded_categories);

  return g_test_run ();
}
