/* test-chart-cartesian.c: bars, lines and donuts drawn with no display
 *
 * Geometry is read from the layout a draw fills (items and text boxes),
 * pixels from image surfaces and ink from recording surfaces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "crrc-chart-draw.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define SIN_45 0.70710678118654752

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

typedef enum
{
  THEME_LIGHT,
  THEME_DARK,
  THEME_PRINT,
} ThemeKind;

static void
theme_init (CrrcChartTheme *theme,
            ThemeKind       kind,
            double          width,
            double          height)
{
  switch (kind)
    {
    case THEME_LIGHT:
      crrc_chart_theme_init_light (theme, 13);
      break;
    case THEME_DARK:
      crrc_chart_theme_init_dark (theme, 13);
      break;
    case THEME_PRINT:
    default:
      crrc_chart_theme_init_print (theme, width, height);
      break;
    }
}

/* Draws @model onto an image surface of @width × @height. */
static cairo_surface_t *
render (CrrcChartModel     *model,
        int                 width,
        int                 height,
        ThemeKind           theme_kind,
        CrrcChartDrawFlags  flags,
        int                 hover,
        CrrcChartLayout    *layout)
{
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;

  theme_init (&theme, theme_kind, width, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  /* The screen themes are transparent: paint the card they sit on. */
  if (theme.dark)
    cairo_set_source_rgb (cr, 0x36 / 255.0, 0x36 / 255.0, 0x36 / 255.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  crrc_chart_draw (model, cr, width, height, &theme, flags, hover, -1, layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  crrc_chart_theme_clear (&theme);
  cairo_surface_flush (surface);

  return surface;
}

static CrrcChartLayout *
layout_of (CrrcChartModel *model,
           int             width,
           int             height,
           ThemeKind       theme_kind)
{
  CrrcChartLayout *layout = crrc_chart_layout_new ();
  cairo_surface_t *surface;

  surface = render (model, width, height, theme_kind, CRRC_CHART_DRAW_PLOT, -1, layout);
  cairo_surface_destroy (surface);

  return layout;
}

static void
save_png (cairo_surface_t *surface,
          const char      *name)
{
  g_autofree char *path = g_strdup_printf ("%s/cartesian-%s.png", g_get_tmp_dir (), name);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}

static CrrcChartItem *
item_at (CrrcChartLayout *layout,
         guint            index)
{
  g_assert_cmpuint (index, <, layout->items->len);
  return g_ptr_array_index (layout->items, index);
}

static CrrcChartTextBox *
find_text (CrrcChartLayout *layout,
           const char      *text)
{
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (g_strcmp0 (box->text, text) == 0)
        return box;
    }

  return NULL;
}

static gboolean
has_text_containing (CrrcChartLayout *layout,
                     const char      *needle)
{
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (strstr (box->text, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

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
assert_close (double a,
              double b,
              double tolerance)
{
  if (fabs (a - b) > tolerance)
    g_error ("%g and %g differ by more than %g", a, b, tolerance);
}

static void
test_vertical_bars (void)
{
  static const double values[] = { 130, 260, 65, 430 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                1, values, 4);
  g_autoptr(CrrcChartLayout) layout = layout_of (model, 480, 320, THEME_LIGHT);
  double per_unit;

  g_assert_cmpuint (layout->items->len, ==, 4);
  per_unit = item_at (layout, 3)->height / 430;
  g_assert_cmpfloat (per_unit, >, 0.2);

  for (guint i = 0; i < 4; i++)
    {
      CrrcChartItem *item = item_at (layout, i);
      CrrcChartItem *first = item_at (layout, 0);

      g_assert_cmpint (item->category, ==, (int) i);
      g_assert_cmpint (item->series, ==, 0);
      assert_close (item->height, values[i] * per_unit, 0.01);
      assert_close (item->y + item->height, first->y + first->height, 0.01);
      assert_close (item->width, first->width, 0.01);
      if (i > 0)
        g_assert_cmpfloat (item->x, >, first->x);
    }

  /* One series: its values above the bars. */
  g_assert_nonnull (find_text (layout, "430"));
  g_assert_nonnull (find_text (layout, "2022"));
  g_assert_cmpfloat (find_text (layout, "430")->y + find_text (layout, "430")->height,
                     <=, item_at (layout, 3)->y + 0.01);
}

static void
test_horizontal_bars (void)
{
  static const double values[] = { 287, 143, 81, 23 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_HORIZONTAL, CRRC_CHART_GROUPED,
                                                1, values, 4);
  g_autoptr(CrrcChartLayout) layout = layout_of (model, 480, 320, THEME_LIGHT);
  double per_unit;

  g_assert_cmpuint (layout->items->len, ==, 4);
  per_unit = item_at (layout, 0)->width / 287;

  for (guint i = 0; i < 4; i++)
    {
      CrrcChartItem *item = item_at (layout, i);
      CrrcChartTextBox *label = find_text (layout, crrc_chart_model_get_category_label (model, i));
      g_autofree char *value = crrc_chart_model_format_value (model, values[i]);
      CrrcChartTextBox *value_box = find_text (layout, value);

      g_assert_cmpint (item->category, ==, (int) i);
      assert_close (item->width, values[i] * per_unit, 0.01);
      assert_close (item->x, item_at (layout, 0)->x, 0.01);
      if (i > 0)
        g_assert_cmpfloat (item->y, >=, item_at (layout, i - 1)->y + item_at (layout, i - 1)->height);

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
  g_autoptr(CrrcChartLayout) layout = layout_of (model, 480, 320, THEME_LIGHT);
  double per_unit;

  g_assert_cmpuint (layout->items->len, ==, 6);
  per_unit = (item_at (layout, 0)->height + item_at (layout, 1)->height) / 400;

  for (guint c = 0; c < 3; c++)
    {
      CrrcChartItem *low = item_at (layout, c * 2);
      CrrcChartItem *high = item_at (layout, c * 2 + 1);

      g_assert_cmpint (low->category, ==, (int) c);
      g_assert_cmpint (low->series, ==, 0);
      g_assert_cmpint (high->category, ==, (int) c);
      g_assert_cmpint (high->series, ==, 1);
      /* The second series sits on the first, in the same column. */
      assert_close (high->y + high->height, low->y, 0.01);
      assert_close (high->x, low->x, 0.01);
      assert_close (low->height + high->height,
                    (values[c] + values[3 + c]) * per_unit, 0.01);
    }

  /* Several series: a legend. */
  g_assert_nonnull (find_text (layout, "Malveillant"));
  g_assert_nonnull (find_text (layout, "Accidentel"));
}

static void
test_percent_bars (void)
{
  static const double values[] = { 100, 200, 50, 10,
                                   300, 100, 50, NAN };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_PERCENT,
                                                2, values, 4);
  g_autoptr(CrrcChartLayout) layout = layout_of (model, 480, 320, THEME_LIGHT);
  CrrcChartTextBox *hundred = find_text (layout, "100" NNBSP "%");
  CrrcChartTextBox *zero = find_text (layout, "0" NNBSP "%");
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
          CrrcChartItem *item = item_at (layout, i);

          if (item->category != (int) c)
            continue;
          min_y = MIN (min_y, item->y);
          max_y = MAX (max_y, item->y + item->height);
          sum += item->height;
        }

      /* Every category fills the axis from 0 to 100 %. */
      assert_close (sum, bottom - top, 1.0);
      assert_close (min_y, top, 1.0);
      assert_close (max_y, bottom, 1.0);
    }
  g_assert_cmpint (item_at (layout, 6)->category, ==, 3);
  g_assert_cmpint (item_at (layout, 6)->series, ==, 0);

  /* Across, the same: every category as wide as the 0–100 % axis. */
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);
  surface = render (model, 480, 320, THEME_LIGHT, CRRC_CHART_DRAW_DECORATED, -1, layout);
  save_png (surface, "percent-horizontal");
  cairo_surface_destroy (surface);
  hundred = find_text (layout, "100" NNBSP "%");
  zero = find_text (layout, "0" NNBSP "%");
  g_assert_nonnull (hundred);
  g_assert_nonnull (zero);
  g_assert_cmpuint (layout->items->len, ==, 7);
  for (guint c = 0; c < 4; c++)
    {
      double sum = 0;

      for (guint i = 0; i < layout->items->len; i++)
        if (item_at (layout, i)->category == (int) c)
          sum += item_at (layout, i)->width;
      assert_close (sum, (hundred->x + hundred->width / 2) - (zero->x + zero->width / 2), 1.0);
    }
}

static void
test_grouped_bars (void)
{
  static const double values[] = { 100, 200, 50,
                                   300, 100, 50 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                2, values, 3);
  g_autoptr(CrrcChartLayout) layout = layout_of (model, 480, 320, THEME_DARK);
  double per_unit = item_at (layout, 1)->height / 300;

  g_assert_cmpuint (layout->items->len, ==, 6);
  for (guint c = 0; c < 3; c++)
    {
      CrrcChartItem *left = item_at (layout, c * 2);
      CrrcChartItem *right = item_at (layout, c * 2 + 1);

      g_assert_cmpint (left->series, ==, 0);
      g_assert_cmpint (right->series, ==, 1);
      g_assert_cmpfloat (right->x, >=, left->x + left->width - 0.01);
      g_assert_cmpfloat (right->x - (left->x + left->width), <, left->width);
      assert_close (left->y + left->height, right->y + right->height, 0.01);
      assert_close (left->height, values[c] * per_unit, 0.01);
      assert_close (right->height, values[3 + c] * per_unit, 0.01);
      if (c > 0)
        g_assert_cmpfloat (left->x, >, item_at (layout, c * 2 - 1)->x + item_at (layout, c * 2 - 1)->width);
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
  surface = render (model, 480, 320, THEME_LIGHT, CRRC_CHART_DRAW_DECORATED, 4, layout);
  save_png (surface, "line");
  cairo_surface_destroy (surface);

  /* One point per finite value of the data series; the reference has none. */
  g_assert_cmpuint (layout->items->len, ==, 5);
  y0 = item_at (layout, 0)->y + item_at (layout, 0)->height / 2;
  y1 = item_at (layout, 1)->y + item_at (layout, 1)->height / 2;
  per_unit = (y0 - y1) / (60 - 40);
  g_assert_cmpfloat (per_unit, >, 0.5);

  for (guint c = 0; c < G_N_ELEMENTS (current); c++)
    {
      CrrcChartItem *item;
      double cy;

      if (isnan (current[c]))
        continue;

      item = item_at (layout, i++);
      g_assert_cmpint (item->category, ==, (int) c);
      g_assert_cmpint (item->series, ==, 0);
      cy = item->y + item->height / 2;
      assert_close (y0 - cy, (current[c] - 40) * per_unit, 0.01);
      /* A generous hit shape. */
      g_assert_cmpfloat (item->width, >=, 16 - 0.01);
      g_assert_cmpint (crrc_chart_layout_hit (layout, item->x + item->width / 2, cy), ==, (int) i - 1);
      if (i > 1)
        g_assert_cmpfloat (item->x, >, item_at (layout, i - 2)->x);
    }

  /* Two series: both in the legend. */
  g_assert_nonnull (find_text (layout, "2023"));
  g_assert_nonnull (find_text (layout, "2022"));
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
  g_autoptr(CrrcChartLayout) layout = layout_of (model, 480, 320, THEME_LIGHT);
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double cx, cy, radius;
  /* Angles clockwise from the right; the first slice starts at the top. */
  static const struct { double degrees; int item; } probes[] = {
    { -80, 0 }, { 0, 0 }, { 80, 0 }, { 100, 1 }, { 170, 1 }, { 190, 2 }, { 260, 2 },
  };

  g_assert_cmpuint (layout->items->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      CrrcChartItem *item = item_at (layout, i);

      g_assert_cmpint (item->category, ==, (int) i);
      min_x = MIN (min_x, item->x);
      min_y = MIN (min_y, item->y);
      max_x = MAX (max_x, item->x + item->width);
      max_y = MAX (max_y, item->y + item->height);
    }
  cx = (min_x + max_x) / 2;
  cy = (min_y + max_y) / 2;
  radius = (max_x - min_x) / 2;
  assert_close (max_y - min_y, max_x - min_x, 1.0);

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
  g_assert_nonnull (find_text (layout, "Malveillant — 290 (50" NNBSP "%)"));
  g_assert_cmpfloat (find_text (layout, "Malveillant — 290 (50" NNBSP "%)")->x, >, max_x);
  g_assert_nonnull (find_text (layout, "580"));
  assert_close (find_text (layout, "580")->x + find_text (layout, "580")->width / 2, cx, 1.0);
  g_assert_false (has_text_containing (layout, "Sans valeur"));
}

static void
test_donut_tall (void)
{
  g_autoptr(CrrcChartModel) model = donut_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  cairo_surface_t *surface;
  CrrcChartTextBox *legend;

  /* Hovering the first slice moves it out; it stays hit where it was. */
  surface = render (model, 320, 480, THEME_DARK, CRRC_CHART_DRAW_PLOT, 0, layout);
  save_png (surface, "donut-tall");
  cairo_surface_destroy (surface);

  legend = find_text (layout, "Inconnu — 145 (25" NNBSP "%)");
  g_assert_nonnull (legend);
  g_assert_cmpuint (layout->items->len, ==, 3);
  g_assert_cmpfloat (legend->y, >=, item_at (layout, 2)->y + item_at (layout, 2)->height);
}

static void
assert_inside (CrrcChartLayout *layout,
               double           width,
               double           height)
{
  double thinnest = G_MAXDOUBLE;

  g_assert_cmpuint (layout->text_boxes->len, >, 0);
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (box->x < -0.01 || box->y < -0.01 ||
          box->x + box->width > width + 0.01 || box->y + box->height > height + 0.01)
        g_error ("“%s” (%g, %g, %g × %g) leaves %g × %g",
                 box->text, box->x, box->y, box->width, box->height, width, height);
      thinnest = MIN (thinnest, box->height);
    }

  for (guint i = 0; i < layout->text_boxes->len; i++)
    for (guint j = i + 1; j < layout->text_boxes->len; j++)
      {
        CrrcChartTextBox *a = g_ptr_array_index (layout->text_boxes, i);
        CrrcChartTextBox *b = g_ptr_array_index (layout->text_boxes, j);

        if (a->x >= b->x + b->width || b->x >= a->x + a->width ||
            a->y >= b->y + b->height || b->y >= a->y + a->height)
          continue;

        /* Labels rotated by −45° have boxes much taller than a line, their
         * tops on one row: parallel strips, apart when their ends are a
         * line's height apart across their baselines. */
        if (a->height > 1.5 * thinnest && b->height > 1.5 * thinnest &&
            fabs (a->y - b->y) < 0.5 &&
            fabs ((a->x + a->width) - (b->x + b->width)) * SIN_45 >= thinnest * 0.95)
          continue;

        g_error ("“%s” (%g, %g, %g × %g) overlaps “%s” (%g, %g, %g × %g)",
                 a->text, a->x, a->y, a->width, a->height,
                 b->text, b->x, b->y, b->width, b->height);
      }
}

static void
assert_ink_inside (CrrcChartModel     *model,
                   double              width,
                   double              height,
                   ThemeKind           theme_kind,
                   CrrcChartDrawFlags  flags)
{
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x, y, w, h;

  /* A painted background has no bounds on an unbounded surface. */
  flags &= ~CRRC_CHART_DRAW_BACKGROUND;
  theme_init (&theme, theme_kind, width, height);
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  crrc_chart_draw (model, cr, width, height, &theme, flags, 0, -1, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (surface, &x, &y, &w, &h);
  cairo_surface_destroy (surface);
  crrc_chart_theme_clear (&theme);

  g_assert_cmpfloat (w, >, 0);
  if (x < -0.5 || y < -0.5 || x + w > width + 0.5 || y + h > height + 0.5)
    g_error ("ink (%g, %g, %g × %g) leaves %g × %g", x, y, w, h, width, height);
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
  static const struct { int width, height; ThemeKind theme; } sizes[] = {
    { 480, 320, THEME_LIGHT },
    { 1920, 1080, THEME_PRINT },
    { 300, 500, THEME_DARK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int decorated = 0; decorated < 2; decorated++)
      {
        CrrcChartDrawFlags flags = decorated ? CRRC_CHART_DRAW_DECORATED : CRRC_CHART_DRAW_PLOT;
        g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
        cairo_surface_t *surface;

        surface = render (model, sizes[i].width, sizes[i].height, sizes[i].theme,
                          flags, -1, layout);
        if (decorated)
          {
            g_autofree char *png = g_strdup_printf ("%s-%dx%d", name,
                                                    sizes[i].width, sizes[i].height);
            save_png (surface, png);
          }
        cairo_surface_destroy (surface);

        g_test_message ("%s at %d × %d, %s", name, sizes[i].width, sizes[i].height,
                        decorated ? "decorated" : "plot");
        assert_inside (layout, sizes[i].width, sizes[i].height);
        assert_ink_inside (model, sizes[i].width, sizes[i].height, sizes[i].theme, flags);
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
  g_autoptr(CrrcChartLayout) layout = layout_of (single, 480, 320, THEME_LIGHT);
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

  layout = layout_of (model, 480, 320, THEME_LIGHT);
  assert_inside (layout, 480, 320);
  assert_ink_inside (model, 480, 320, THEME_LIGHT, CRRC_CHART_DRAW_PLOT);
  g_assert_cmpuint (layout->items->len, ==, 60);

  /* Every n-th month is labelled, n the same throughout. */
  for (guint c = 0; c < 60; c++)
    {
      const char *label = crrc_chart_model_get_category_label (model, c);

      if (find_text (layout, label) == NULL)
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

  surface = render (model, 480, 320, THEME_DARK, CRRC_CHART_DRAW_DECORATED, 10, NULL);
  save_png (surface, "crowded");
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
  g_autoptr(CrrcChartLayout) layout = layout_of (vertical, 640, 400, THEME_LIGHT);
  g_autoptr(CrrcChartLayout) layout2 = layout_of (horizontal, 640, 400, THEME_LIGHT);

  /* Value labels and ticks, grouped by a narrow no-break space. */
  g_assert_nonnull (find_text (layout, "1" NNBSP "234"));
  g_assert_nonnull (find_text (layout, "10" NNBSP "000"));
  g_assert_nonnull (find_text (layout2, "9" NNBSP "012"));
  g_assert_nonnull (find_text (layout2, "0"));
}

static void
assert_pixel (cairo_surface_t *surface,
              double           x,
              double           y,
              const GdkRGBA   *color)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(const guint32 *) (data + (int) y * stride + (int) x * 4);
  double alpha = ((pixel >> 24) & 0xff) / 255.0;

  /* Premultiplied ARGB. */
  g_assert_cmpfloat (alpha, >, 0.99);
  assert_close (((pixel >> 16) & 0xff) / 255.0, color->red, 2.0 / 255);
  assert_close (((pixel >> 8) & 0xff) / 255.0, color->green, 2.0 / 255);
  assert_close ((pixel & 0xff) / 255.0, color->blue, 2.0 / 255);
}

static void
test_themes_and_hover (void)
{
  static const double values[] = { 100, 200, 50, 400 };
  g_autoptr(CrrcChartModel) model = bars_model (CRRC_CHART_VERTICAL, CRRC_CHART_GROUPED,
                                                1, values, 4);
  ThemeKind kinds[] = { THEME_LIGHT, THEME_DARK, THEME_PRINT };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
      CrrcChartTheme theme;
      cairo_surface_t *surface;
      CrrcChartItem *item;
      double cx, cy;

      theme_init (&theme, kinds[k], 640, 360);
      surface = render (model, 640, 360, kinds[k], CRRC_CHART_DRAW_DECORATED, 1, layout);
      save_png (surface, kinds[k] == THEME_DARK ? "bars-dark" :
                         kinds[k] == THEME_PRINT ? "bars-print" : "bars-light");

      /* A bar has the accent colour; the hovered one does not. */
      item = item_at (layout, 3);
      cx = item->x + item->width / 2;
      cy = item->y + item->height / 2;
      assert_pixel (surface, cx, cy, &theme.accent);
      g_assert_cmpint (crrc_chart_layout_hit (layout, cx, cy), ==, 3);

      item = item_at (layout, 1);
      cx = item->x + item->width / 2;
      cy = item->y + item->height / 2;
      g_assert_cmpint (crrc_chart_layout_hit (layout, cx, cy), ==, 1);
      {
        const guint8 *data = cairo_image_surface_get_data (surface);
        guint32 pixel = *(const guint32 *) (data + (int) cy * cairo_image_surface_get_stride (surface)
                                            + (int) cx * 4);

        g_assert_cmpfloat (fabs (((pixel >> 16) & 0xff) / 255.0 - theme.accent.red) +
                           fabs (((pixel >> 8) & 0xff) / 255.0 - theme.accent.green) +
                           fabs ((pixel & 0xff) / 255.0 - theme.accent.blue), >, 0.05);
      }

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
  ThemeKind kinds[] = { THEME_LIGHT, THEME_DARK, THEME_PRINT };

  crrc_chart_model_set_series_tone (model, 0, CRRC_CHART_TONE_GOOD);
  crrc_chart_model_set_series_tone (model, 2, CRRC_CHART_TONE_BAD);
  g_assert_cmpint (crrc_chart_model_get_series_tone (model, 1), ==, CRRC_CHART_TONE_AUTO);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
      CrrcChartTheme theme;
      cairo_surface_t *surface;

      theme_init (&theme, kinds[k], 640, 360);
      surface = render (model, 640, 360, kinds[k], CRRC_CHART_DRAW_PLOT, -1, layout);

      for (guint i = 0; i < layout->items->len; i++)
        {
          CrrcChartItem *item = item_at (layout, i);
          const GdkRGBA *expected = item->series == 0 ? &theme.palette[2]
                                    : item->series == 2 ? &theme.palette[5]
                                    : &theme.palette[1];

          assert_pixel (surface, item->x + item->width / 2, item->y + item->height / 2, expected);
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
  g_autoptr(CrrcChartLayout) small = layout_of (model, 960, 540, THEME_PRINT);
  g_autoptr(CrrcChartLayout) big = layout_of (model, 1920, 1080, THEME_PRINT);

  /* A slide twice as large draws everything twice as large. */
  assert_close (item_at (big, 3)->height / item_at (small, 3)->height, 2, 0.1);
  assert_close (item_at (big, 3)->width / item_at (small, 3)->width, 2, 0.1);
  assert_close (find_text (big, "2022")->height / find_text (small, "2022")->height, 2, 0.1);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

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
