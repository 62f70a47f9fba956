/* bench-chart-export-png.c: exporting a chart as a 1920×1080 PNG
 *
 *   bench-chart-export-png [N]
 *
 * Measures the median of N runs (21 by default) of:
 *  - crrc_chart_export_file() of a stacked bar chart (five years, three
 *    origins, title, subtitle and source) to a 1920×1080 PNG file;
 *  - the baseline: a 1920×1080 cairo image surface filled with one colour,
 *    written to a PNG file in the same folder.
 * Prints both times, their ratio, and whether the export meets its target
 * of 50 ms. A missed target is printed, not failed: times depend on the
 * machine, the ratio is what to watch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-chart-export-png"

#include "config.h"

#include <glib/gstdio.h>

#include "crrc-chart-export.h"

#define N_RUNS_DEFAULT 21
#define TARGET_MS 50.0

static CrrcChartModel *
make_model (void)
{
  static const char * const origins[] = { "Malveillant", "Accidentel", "Origine inconnue" };
  static const double values[][3] = {
    { 190, 121, 81 }, { 172, 118, 79 }, { 268, 160, 105 }, { 301, 176, 115 }, { 290, 174, 117 },
  };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_BARS, "Incidents déclarés par année et par origine");

  crrc_chart_model_set_subtitle (model, "Bourgogne-Franche-Comté — tous secteurs, toutes catégories");
  crrc_chart_model_set_source (model, "Source : CERT Santé — synchronisé le 21/05/2024");
  crrc_chart_model_set_stacking (model, CRRC_CHART_STACKED);
  for (guint s = 0; s < G_N_ELEMENTS (origins); s++)
    crrc_chart_model_add_series (model, origins[s], CRRC_CHART_SERIES_DATA);
  for (guint c = 0; c < G_N_ELEMENTS (values); c++)
    {
      g_autofree char *year = g_strdup_printf ("%u", 2019 + c);

      crrc_chart_model_add_category (model, year, year);
      for (guint s = 0; s < G_N_ELEMENTS (origins); s++)
        crrc_chart_model_set_value (model, s, c, values[c][s]);
    }

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
time_export (CrrcChartModel  *model,
             GFile           *file,
             GError         **error)
{
  gint64 start = g_get_monotonic_time ();

  if (!crrc_chart_export_file (model, CRRC_CHART_FORMAT_PNG, file,
                               CRRC_CHART_EXPORT_WIDTH, CRRC_CHART_EXPORT_HEIGHT, 1,
                               NULL, error))
    return -1;

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The same size of image, one colour, straight to a PNG file. */
static double
time_baseline (const char  *path,
               GError     **error)
{
  gint64 start = g_get_monotonic_time ();
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                        CRRC_CHART_EXPORT_WIDTH, CRRC_CHART_EXPORT_HEIGHT);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path,
                   cairo_status_to_string (status));
      return -1;
    }

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcChartModel) model = make_model ();
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) baseline = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *baseline_path = NULL;
  double ours_ms, baseline_ms;
  guint n_runs = N_RUNS_DEFAULT;

  if (argc > 1)
    n_runs = MAX (1, (guint) g_ascii_strtoull (argv[1], NULL, 10));

  dir = g_dir_make_tmp ("crrc-bench-chart-export-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "chart.png", NULL);
  baseline_path = g_build_filename (dir, "baseline.png", NULL);
  file = g_file_new_for_path (path);

  /* One run of each first, to load fonts and warm the caches. */
  if (time_export (model, file, &error) < 0 || time_baseline (baseline_path, &error) < 0)
    goto failed;

  for (guint i = 0; i < n_runs; i++)
    {
      double export_ms = time_export (model, file, &error);
      double baseline_run_ms = time_baseline (baseline_path, &error);

      if (export_ms < 0 || baseline_run_ms < 0)
        goto failed;
      g_array_append_val (ours, export_ms);
      g_array_append_val (baseline, baseline_run_ms);
    }

  g_unlink (path);
  g_unlink (baseline_path);
  g_rmdir (dir);

  ours_ms = median (ours);
  baseline_ms = median (baseline);
  g_print ("PNG export, %dx%d, stacked bar chart (median of %u runs):\n",
           CRRC_CHART_EXPORT_WIDTH, CRRC_CHART_EXPORT_HEIGHT, n_runs);
  g_print ("  crrc_chart_export_file:         %.1f ms (fastest %.1f, slowest %.1f)\n", ours_ms,
           g_array_index (ours, double, 0), g_array_index (ours, double, ours->len - 1));
  g_print ("  baseline, plain fill to PNG:    %.1f ms\n", baseline_ms);
  g_print ("  ratio: %.2fx the baseline\n", ours_ms / baseline_ms);
  g_print ("  target: under %.0f ms: %s\n", TARGET_MS, ours_ms < TARGET_MS ? "met" : "MISSED");

  return 0;

failed:
  g_printerr ("%s\n", error->message);
  g_unlink (path);
  g_unlink (baseline_path);
  g_rmdir (dir);

  return 1;
}
