/* test-observatoire-charts.c: the chart and KPI models behind --export
 *
 * Built on the demonstration data, synced next to a temporary cache as the
 * application does, so the figures are those of REFERENCE-FIGURES.md. No
 * display: models are plain objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-observatoire-charts"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "crrc-demo.h"
#include "crrc-geo.h"
#include "crrc-observatoire-charts.h"
#include "crrc-sync.h"
#include "crrc-test-utils.h"

static char *tmp_dir;
static CrrcStore *store;

static const char * const chart_ids[] = {
  "incidents-par-annee", "incidents-par-mois", "origine", "types-d-incidents",
  "impact-sur-le-fonctionnement", "declarants-par-secteur", "carte-des-departements",
  "audits-par-cible", "entonnoir-de-prevention",
};

static GPtrArray *
build (int         year,
       const char *region)
{
  CrrcQueryFilter filter = { .year = year, .region = region };
  g_autoptr(GError) error = NULL;
  GPtrArray *charts = crrc_observatoire_charts_build (store, &filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (charts);
  g_assert_cmpuint (charts->len, ==, G_N_ELEMENTS (chart_ids));
  return charts;
}

static CrrcChartModel *
find (GPtrArray  *models,
      const char *id)
{
  for (guint i = 0; i < models->len; i++)
    if (g_strcmp0 (crrc_chart_model_get_id (models->pdata[i]), id) == 0)
      return models->pdata[i];
  g_assert_not_reached ();
}

static double
value_of (CrrcChartModel *model,
          guint           series,
          const char     *key)
{
  int c = crrc_chart_model_find_category (model, key);

  g_assert_cmpint (c, >=, 0);
  return crrc_chart_model_get_value (model, series, c);
}

static double
series_sum (CrrcChartModel *model,
            guint           series)
{
  double total = 0;

  for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
    {
      double value = crrc_chart_model_get_value (model, series, c);

      if (isfinite (value))
        total += value;
    }
  return total;
}

static void
test_national_2023 (void)
{
  g_autoptr(GPtrArray) charts = build (2023, NULL);
  static const struct { const char *year; double incidents; } years[] = {
    { "2019", 392 }, { "2020", 369 }, { "2021", 733 }, { "2022", 592 }, { "2023", 581 },
  };
  CrrcChartModel *model;

  for (guint i = 0; i < charts->len; i++)
    {
      model = charts->pdata[i];
      g_assert_cmpstr (crrc_chart_model_get_id (model), ==, chart_ids[i]);
      g_assert_cmpstr (crrc_chart_model_get_title (model), !=, "");
      g_assert_true (g_str_has_prefix (crrc_chart_model_get_source (model), "Source: CERT Santé"));
      g_assert_nonnull (strstr (crrc_chart_model_get_source (model), "demonstration data"));
    }

  model = find (charts, "incidents-par-annee");
  g_assert_cmpint (crrc_chart_model_get_kind (model), ==, CRRC_CHART_BARS);
  g_assert_cmpstr (crrc_chart_model_get_subtitle (model), ==, "All of France — 2019–2023");
  g_assert_cmpuint (crrc_chart_model_get_n_categories (model), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_assert_cmpstr (crrc_chart_model_get_category_key (model, i), ==, years[i].year);
      g_assert_cmpfloat (crrc_chart_model_get_value (model, 0, i), ==, years[i].incidents);
    }

  model = find (charts, "incidents-par-mois");
  g_assert_cmpint (crrc_chart_model_get_kind (model), ==, CRRC_CHART_LINE);
  g_assert_cmpstr (crrc_chart_model_get_subtitle (model), ==, "All of France — 2023");
  g_assert_true (crrc_chart_model_get_area (model));
  g_assert_cmpuint (crrc_chart_model_get_n_categories (model), ==, 12);
  g_assert_cmpstr (crrc_chart_model_get_category_key (model, 0), ==, "01");
  g_assert_cmpstr (crrc_chart_model_get_category_label (model, 0), ==, "Jan");
  g_assert_cmpint (crrc_chart_model_get_series_role (model, 0), ==, CRRC_CHART_SERIES_DATA);
  g_assert_cmpstr (crrc_chart_model_get_series_name (model, 0), ==, "2023");
  g_assert_cmpint (crrc_chart_model_get_series_role (model, 1), ==, CRRC_CHART_SERIES_REFERENCE);
  g_assert_cmpstr (crrc_chart_model_get_series_name (model, 1), ==, "2022");
  g_assert_cmpfloat (series_sum (model, 0), ==, 581);
  g_assert_cmpfloat (series_sum (model, 1), ==, 592);

  model = find (charts, "origine");
  g_assert_cmpint (crrc_chart_model_get_kind (model), ==, CRRC_CHART_DONUT);
  g_assert_cmpuint (crrc_chart_model_get_n_categories (model), ==, 3);
  g_assert_cmpstr (crrc_chart_model_get_category_label (model, 0), ==, "Malicious");
  g_assert_cmpint (crrc_query_percent ((gint64) value_of (model, 0, "malicious"), 581), ==, 50);
  g_assert_cmpfloat (series_sum (model, 0), ==, 581);

  model = find (charts, "types-d-incidents");
  g_assert_cmpint (crrc_chart_model_get_orientation (model), ==, CRRC_CHART_HORIZONTAL);
  g_assert_cmpfloat (value_of (model, 0, "ransomware"), ==, 32);
  g_assert_cmpstr (crrc_chart_model_get_category_label (model, crrc_chart_model_find_category (model, "ransomware")),
                   ==, "Ransomware");
  g_assert_cmpfloat (series_sum (model, 0), ==, 581);
  for (guint c = 1; c < crrc_chart_model_get_n_categories (model); c++)
    g_assert_cmpfloat (crrc_chart_model_get_value (model, 0, c - 1), >=, crrc_chart_model_get_value (model, 0, c));

  model = find (charts, "impact-sur-le-fonctionnement");
  g_assert_cmpint (crrc_chart_model_get_stacking (model), ==, CRRC_CHART_PERCENT);
  g_assert_cmpuint (crrc_chart_model_get_n_series (model), ==, 3);
  g_assert_cmpuint (crrc_chart_model_get_n_categories (model), ==, 5);
  g_assert_cmpfloat (crrc_chart_model_get_category_total (model, 4), ==, 581);
  g_assert_cmpint (crrc_query_percent ((gint64) value_of (model, 0, "2023"), 581), ==, 53);
  g_assert_cmpint (crrc_query_percent ((gint64) value_of (model, 0, "2022"), 592), ==, 58);

  model = find (charts, "carte-des-departements");
  g_assert_cmpint (crrc_chart_model_get_kind (model), ==, CRRC_CHART_MAP);
  g_assert_false (crrc_chart_model_has_emphasis (model));
  g_assert_cmpfloat (series_sum (model, 0), ==, 581);
  g_assert_cmpstr (crrc_chart_model_get_category_label (model, crrc_chart_model_find_category (model, "21")),
                   ==, "Côte-d'Or");

  model = find (charts, "audits-par-cible");
  g_assert_cmpfloat (value_of (model, 0, "centre_hospitalier"), ==, 432);
  g_assert_cmpfloat (value_of (model, 0, "sanitaire_autre"), ==, 77);
  g_assert_cmpfloat (value_of (model, 0, "medico_social"), ==, 18);
  g_assert_cmpfloat (value_of (model, 0, "grades"), ==, 2);

  model = find (charts, "entonnoir-de-prevention");
  g_assert_cmpint (crrc_chart_model_get_orientation (model), ==, CRRC_CHART_HORIZONTAL);
  g_assert_cmpfloat (value_of (model, 0, "alerted"), ==, 451);
  g_assert_cmpfloat (value_of (model, 0, "supported"), ==, 93);
}

static void
test_region (void)
{
  g_autoptr(GPtrArray) charts = build (2023, "27");
  g_autoptr(GPtrArray) national = build (2023, NULL);
  CrrcChartModel *map = find (charts, "carte-des-departements");
  CrrcChartModel *national_map = find (national, "carte-des-departements");
  guint n_departments;

  crrc_geo_get_departments (&n_departments);
  g_assert_cmpstr (crrc_chart_model_get_subtitle (map), ==, "Bourgogne-Franche-Comté — 2023");
  g_assert_cmpstr (crrc_chart_model_get_subtitle (find (charts, "incidents-par-annee")), ==,
                   "Bourgogne-Franche-Comté — 2019–2023");
  g_assert_cmpuint (crrc_chart_model_get_n_categories (map), ==, n_departments);
  g_assert_true (crrc_chart_model_has_emphasis (map));
  g_assert_true (crrc_chart_model_is_emphasised (map, "21"));
  g_assert_true (crrc_chart_model_is_emphasised (map, "90"));
  g_assert_false (crrc_chart_model_is_emphasised (map, "75"));
  g_assert_true (isnan (value_of (map, 0, "75")));
  g_assert_cmpfloat (value_of (map, 0, "21"), ==, value_of (national_map, 0, "21"));
  g_assert_cmpfloat (series_sum (map, 0), ==, series_sum (find (charts, "origine"), 0));
  g_assert_cmpfloat (series_sum (map, 0), ==, value_of (find (charts, "incidents-par-annee"), 0, "2023"));
  g_assert_cmpfloat (series_sum (map, 0), <, 581);
}

static void
test_latest_year_months (void)
{
  g_autoptr(GPtrArray) charts = build (2024, NULL);
  CrrcChartModel *months = find (charts, "incidents-par-mois");

  /* The demo's 2024 stops in May: later months have no value yet. */
  g_assert_true (isfinite (value_of (months, 0, "05")));
  g_assert_true (isnan (value_of (months, 0, "06")));
  g_assert_true (isnan (value_of (months, 0, "12")));
  g_assert_cmpfloat (value_of (months, 1, "12"), >, 0);
  g_assert_cmpfloat (series_sum (months, 0), ==, 240);
}

static void
test_kpis (void)
{
  static const char * const ids[] = {
    "kpi-incidents", "kpi-malicious", "kpi-patient-care", "kpi-no-functioning-impact",
    "kpi-support-requests", "kpi-cert-supported", "kpi-audits", "kpi-alerted",
  };
  static const double values[] = { 581, 50, 35, 53, 165, 93, 529, 451 };
  CrrcQueryFilter filter = { .year = 2023 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kpis = crrc_observatoire_kpis_build (store, &filter, &error);
  CrrcChartModel *incidents;

  g_assert_no_error (error);
  g_assert_cmpuint (kpis->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < kpis->len; i++)
    {
      CrrcChartModel *kpi = kpis->pdata[i];

      g_assert_cmpstr (crrc_chart_model_get_id (kpi), ==, ids[i]);
      g_assert_cmpint (crrc_chart_model_get_kind (kpi), ==, CRRC_CHART_KPI);
      g_assert_cmpfloat (crrc_chart_model_get_kpi_value (kpi), ==, values[i]);
      g_assert_cmpstr (crrc_chart_model_get_kpi_reference (kpi), ==, "vs 2022");
      g_assert_cmpuint (crrc_chart_model_get_n_categories (kpi), ==, CRRC_OBSERVATOIRE_N_YEARS);
      g_assert_cmpfloat (crrc_chart_model_get_value (kpi, 0, CRRC_OBSERVATOIRE_N_YEARS - 1), ==, values[i]);
    }

  incidents = kpis->pdata[0];
  g_assert_cmpint (crrc_chart_model_get_kpi_meaning (incidents), ==, CRRC_CHART_RISE_BAD);
  g_assert_cmpfloat (crrc_chart_model_get_kpi_previous (incidents), ==, 592);
  g_assert_cmpfloat_with_epsilon (crrc_chart_model_get_kpi_change (incidents), -1.858, 0.001);
  g_assert_cmpfloat (crrc_chart_model_get_value (incidents, 0, 0), ==, 392);
  g_assert_cmpint (crrc_chart_model_get_unit (kpis->pdata[1]), ==, CRRC_CHART_UNIT_PERCENT);
  g_assert_cmpfloat (crrc_chart_model_get_kpi_previous (kpis->pdata[3]), ==, 58);
  g_assert_cmpint (crrc_chart_model_get_kpi_meaning (kpis->pdata[3]), ==, CRRC_CHART_RISE_GOOD);
}

static void
test_scope_words (void)
{
  CrrcQueryFilter filter = { .year = 2023, .region = "27", .department = "21",
                             .sector = "medico_social", .origin = "malicious" };
  g_autofree char *full = crrc_observatoire_describe_scope (&filter, 2023);
  g_autofree char *freshness = crrc_observatoire_describe_freshness ("2024-05-21T08:00:00Z");
  g_autofree char *bad = crrc_observatoire_describe_freshness ("yesterday");

  g_assert_cmpstr (full, ==,
                   "Bourgogne-Franche-Comté — Côte-d'Or (21) — Medico-social establishments — Malicious — 2023");
  g_assert_nonnull (strstr (freshness, "2024"));
  g_assert_null (bad);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* English strings, whatever the environment. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  tmp_dir = crrc_test_make_dir ("crrc-observatoire");
  store = crrc_test_open_demo_store (tmp_dir, "crrc.db");

  g_test_add_func ("/observatoire/charts/national-2023", test_national_2023);
  g_test_add_func ("/observatoire/charts/region", test_region);
  g_test_add_func ("/observatoire/charts/latest-year-months", test_latest_year_months);
  g_test_add_func ("/observatoire/kpis", test_kpis);
  g_test_add_func ("/observatoire/scope-words", test_scope_words);

  status = g_test_run ();

  g_clear_object (&store);
  crrc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
