/* bench-chart-map-redraw.c: redrawing the department map
 *
 *   bench-chart-map-redraw [N]
 *
 * Measures the median of N runs (201 by default) of:
 *  - crrc_chart_draw() of a map of the 101 departments, each with a value,
 *    one region emphasised, as the widget redraws it (light theme, plot
 *    only, with a layout for hit tests) onto a 900×800 image surface;
 *  - the baseline: filling 101 rectangles on the same surface with cairo.
 * Prints both times, their ratio, and whether the redraw meets its target
 * of 8 ms (a frame leaves room for the rest of the window). A missed target
 * is printed, not failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-chart-map-redraw"

#include "config.h"

#include <math.h>

#include "crrc-chart-draw.h"

#define N_RUNS_DEFAULT 201
#define TARGET_MS 8.0
#define WIDTH 900
#define HEIGHT 800

/* Bourgogne-Franche-Comté. */
static const char * const region[] = { "21", "25", "39", "58", "70", "71", "89", "90", NULL };

static CrrcChartModel *
make_model (void)
{
  static const char * const overseas[] = { "2A", "2B", "971", "972", "973", "974", "976" };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_MAP, "Incidents par département");
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  guint series;

  for (guint i = 1; i <= 95; i++)
    {
      if (i != 20)
        g_ptr_array_add (codes, g_strdup_printf ("%02u", i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (overseas); i++)
    g_ptr_array_add (codes, g_strdup (overseas[i]));
  g_assert (codes->len == 101);

  series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      guint category = crrc_chart_model_add_category (model, code, code);

      /* Spread values, a few departments without data. */
      crrc_chart_model_set_value (model, series, category,
                                  i % 17 == 5 ? NAN : (double) ((i * 37) % 90 + 3));
    }
  crrc_chart_model_set_emphasis (model, region);

  return model;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);

  return g_array_index (times, double, times->len / 2);
}

static double
time_redraw (CrrcChartModel       *model,
             cairo_t              *cr,
             const CrrcChartTheme *theme,
             CrrcChartLayout      *layout)
{
  gint64 start = g_get_monotonic_time ();

  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_restore (cr);
  crrc_chart_draw (model, cr, WIDTH, HEIGHT, theme, CRRC_CHART_DRAW_PLOT, -1, -1, layout);
  cairo_surface_flush (cairo_get_target (cr));

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* 101 rectangles of a 12 × 15 grid, as many as there are tiles. */
static double
time_baseline (cairo_t *cr)
{
  gint64 start = g_get_monotonic_time ();
  double size = MIN (WIDTH / 12.0, HEIGHT / 15.0);

  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_restore (cr);
  for (guint i = 0; i < 101; i++)
    {
      cairo_set_source_rgb (cr, 0.9, 0.5 + (i % 10) / 25.0, 0.2);
      cairo_rectangle (cr, (i % 12) * size + 1, (i / 12) * size + 1, size - 2, size - 2);
      cairo_fill (cr);
    }
  cairo_surface_flush (cairo_get_target (cr));

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CrrcChartModel) model = make_model ();
  g_autoptr(CrrcChartLayout) layout = crrc_chart_layout_new ();
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) baseline = g_array_new (FALSE, FALSE, sizeof (double));
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;
  double ours_ms, baseline_ms;
  guint n_runs = N_RUNS_DEFAULT;

  if (argc > 1)
    n_runs = MAX (1, (guint) g_ascii_strtoull (argv[1], NULL, 10));

  crrc_chart_theme_init_light (&theme, 13);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);

  /* Warm up: fonts, glyph caches. */
  time_redraw (model, cr, &theme, layout);
  time_baseline (cr);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("cairo: %s\n", cairo_status_to_string (cairo_status (cr)));
      return 1;
    }
  if (layout->items->len < 101)
    {
      g_printerr ("The map drew %u items, not one per department\n", layout->items->len);
      return 1;
    }

  for (guint i = 0; i < n_runs; i++)
    {
      double redraw_ms = time_redraw (model, cr, &theme, layout);
      double baseline_run_ms = time_baseline (cr);

      g_array_append_val (ours, redraw_ms);
      g_array_append_val (baseline, baseline_run_ms);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  crrc_chart_theme_clear (&theme);

  ours_ms = median (ours);
  baseline_ms = median (baseline);
  g_print ("Department map redraw, %dx%d, 101 departments (median of %u runs):\n",
           WIDTH, HEIGHT, n_runs);
  g_print ("  crrc_chart_draw:                %.2f ms (fastest %.2f, slowest %.2f)\n", ours_ms,
           g_array_index (ours, double, 0), g_array_index (ours, double, ours->len - 1));
  g_print ("  baseline, 101 rectangles:       %.3f ms\n", baseline_ms);
  g_print ("  ratio: %.1fx the baseline\n", ours_ms / baseline_ms);
  g_print ("  target: under %.0f ms: %s\n", TARGET_MS, ours_ms < TARGET_MS ? "met" : "MISSED");

  return 0;
}
