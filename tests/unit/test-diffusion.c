/* test-diffusion.c: the "Diffusion" mode — the small-count rule, its
 * suppression in chart models (descriptions, tooltips, CSV), the
 * Observatoire's charts and key figures on the demonstration data, and the
 * CSV exports of establishments and tables without identifying columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "crrc-diffusion.h"
#include "crrc-establishments.h"
#include "crrc-export.h"
#include "crrc-observatoire-charts.h"
#include "crrc-observatoire-export.h"
#include "crrc-private-file.h"
#include "crrc-test-utils.h"

#define SMALL "<\u00a05"

static char *test_dir;
static CrrcStore *demo_store;

static void
test_rule (void)
{
  g_assert_false (crrc_diffusion_count_is_suppressed (0));
  for (gint64 n = 1; n <= 4; n++)
    g_assert_true (crrc_diffusion_count_is_suppressed (n));
  g_assert_false (crrc_diffusion_count_is_suppressed (5));
  g_assert_false (crrc_diffusion_count_is_suppressed (592));
  g_assert_false (crrc_diffusion_count_is_suppressed (-1));

  /* A share: its part, its whole or its complement. */
  g_assert_true (crrc_diffusion_share_is_suppressed (3, 100));
  g_assert_true (crrc_diffusion_share_is_suppressed (3, 4));
  g_assert_true (crrc_diffusion_share_is_suppressed (17, 20));
  g_assert_false (crrc_diffusion_share_is_suppressed (10, 20));
  g_assert_false (crrc_diffusion_share_is_suppressed (0, 20));
  g_assert_false (crrc_diffusion_share_is_suppressed (20, 20));

  g_assert_true (crrc_diffusion_column_is_identifying ("finess"));
  g_assert_true (crrc_diffusion_column_is_identifying ("legal_finess"));
  g_assert_true (crrc_diffusion_column_is_identifying ("name"));
  g_assert_true (crrc_diffusion_column_is_identifying ("commune"));
  g_assert_false (crrc_diffusion_column_is_identifying ("department"));
  g_assert_false (crrc_diffusion_column_is_identifying ("category"));
}

static CrrcChartModel *
new_bars (const double *values,
          guint         n)
{
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_BARS, "Types");
  guint series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i);

      crrc_chart_model_add_category (model, key, key);
      crrc_chart_model_set_value (model, series, i, values[i]);
    }
  return model;
}

static void
test_model_counts (void)
{
  const double values[] = { 120, 3, 0, 4, 37 };
  g_autoptr(CrrcChartModel) model = new_bars (values, G_N_ELEMENTS (values));
  g_autofree char *description = NULL;
  g_autofree char *item = NULL;
  g_autofree char *text = NULL;

  crrc_diffusion_suppress_counts (model);
  crrc_diffusion_mark (model);

  g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, 0), ==, CRRC_CHART_VALUE_SHOWN);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, 1), ==, CRRC_CHART_VALUE_SMALL);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, 2), ==, CRRC_CHART_VALUE_SHOWN);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, 3), ==, CRRC_CHART_VALUE_SMALL);
  g_assert_true (isnan (crrc_chart_model_get_value (model, 0, 1)));
  g_assert_true (isnan (crrc_chart_model_get_value (model, 0, 3)));
  /* 0 stays 0; two suppressed counts need no other one hidden. */
  g_assert_cmpfloat (crrc_chart_model_get_value (model, 0, 2), ==, 0);
  g_assert_cmpfloat (crrc_chart_model_get_value (model, 0, 4), ==, 37);

  description = crrc_chart_model_describe (model);
  g_assert_nonnull (strstr (description, "k1: " SMALL));
  g_assert_nonnull (strstr (description, "k3: " SMALL));
  g_assert_nonnull (strstr (description, "k2: 0"));
  g_assert_null (strstr (description, "k1: —"));
  item = crrc_chart_model_describe_item (model, 1, 0);
  g_assert_cmpstr (item, ==, "k1: " SMALL);
  text = crrc_chart_model_format_item (model, 0, 3);
  g_assert_cmpstr (text, ==, SMALL);

  g_assert_true (g_str_has_suffix (crrc_chart_model_get_source (model), crrc_diffusion_get_note ()));
}

static void
test_model_complement (void)
{
  /* One suppressed count in a series that adds up to a total shown
   * elsewhere: the smallest other one is hidden too. */
  const double values[] = { 291, 272, 3, 18 };
  g_autoptr(CrrcChartModel) model = new_bars (values, G_N_ELEMENTS (values));
  g_autofree char *description = NULL;

  crrc_diffusion_suppress_counts (model);

  g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, 2), ==, CRRC_CHART_VALUE_SMALL);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, 3), ==, CRRC_CHART_VALUE_HIDDEN);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, 0, 0), ==, CRRC_CHART_VALUE_SHOWN);
  description = crrc_chart_model_describe (model);
  g_assert_null (strstr (description, "18"));
  g_assert_nonnull (strstr (description, "k3: hidden"));
}

static void
test_model_donut_share (void)
{
  g_autoptr(CrrcChartModel) model = crrc_chart_model_new (CRRC_CHART_DONUT, "Origin");
  guint series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  g_autofree char *item = NULL;
  g_autofree char *before = NULL;

  crrc_chart_model_add_category (model, "a", "A");
  crrc_chart_model_add_category (model, "b", "B");
  crrc_chart_model_add_category (model, "c", "C");
  crrc_chart_model_set_value (model, series, 0, 50);
  crrc_chart_model_set_value (model, series, 1, 46);
  crrc_chart_model_set_value (model, series, 2, 4);

  before = crrc_chart_model_describe_item (model, 0, 0);
  g_assert_cmpstr (before, ==, "A: 50 (50%)");

  crrc_diffusion_suppress_counts (model);
  /* The share of the slices shown would be of a total without the
   * suppressed slice: no share at all. */
  item = crrc_chart_model_describe_item (model, 0, 0);
  g_assert_cmpstr (item, ==, "A: 50");
  g_assert_true (crrc_chart_model_has_suppressed (model, -1));
}

static void
test_model_percent_stack (void)
{
  g_autoptr(CrrcChartModel) model = crrc_chart_model_new (CRRC_CHART_BARS, "Impact");
  guint none, degraded;
  g_autofree char *description = NULL;

  crrc_chart_model_set_stacking (model, CRRC_CHART_PERCENT);
  crrc_chart_model_add_category (model, "2022", "2022");
  crrc_chart_model_add_category (model, "2023", "2023");
  none = crrc_chart_model_add_series (model, "None", CRRC_CHART_SERIES_DATA);
  degraded = crrc_chart_model_add_series (model, "Degraded", CRRC_CHART_SERIES_DATA);
  crrc_chart_model_set_value (model, none, 0, 10);
  crrc_chart_model_set_value (model, degraded, 0, 2);
  crrc_chart_model_set_value (model, none, 1, 10);
  crrc_chart_model_set_value (model, degraded, 1, 12);

  crrc_diffusion_suppress_counts (model);

  /* 2022: a 100 % bar with a small segment says nothing at all. */
  g_assert_cmpint (crrc_chart_model_get_value_state (model, degraded, 0), ==, CRRC_CHART_VALUE_SMALL);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, none, 0), ==, CRRC_CHART_VALUE_HIDDEN);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, none, 1), ==, CRRC_CHART_VALUE_SHOWN);
  g_assert_cmpint (crrc_chart_model_get_value_state (model, degraded, 1), ==, CRRC_CHART_VALUE_SHOWN);
  description = crrc_chart_model_describe (model);
  g_assert_nonnull (strstr (description, "2022: " SMALL));
}

static void
test_model_kpi (void)
{
  g_autoptr(CrrcChartModel) model = crrc_chart_model_new (CRRC_CHART_KPI, "Incidents");
  g_autofree char *description = NULL;
  g_autofree char *figure = NULL;

  crrc_chart_model_set_kpi (model, 3, 12, CRRC_CHART_RISE_BAD);
  crrc_chart_model_suppress_kpi (model, CRRC_CHART_VALUE_SMALL, CRRC_CHART_VALUE_SHOWN);

  g_assert_true (isnan (crrc_chart_model_get_kpi_value (model)));
  /* No change from a suppressed figure. */
  g_assert_true (isnan (crrc_chart_model_get_kpi_change (model)));
  figure = crrc_chart_model_format_kpi_value (model);
  g_assert_cmpstr (figure, ==, SMALL);
  description = crrc_chart_model_describe (model);
  g_assert_cmpstr (description, ==, "Incidents: " SMALL);
}

static void
test_model_csv (void)
{
  const double values[] = { 120, 3, 40, 2 };
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CrrcChartModel) kpi = crrc_chart_model_new (CRRC_CHART_KPI, "Supported");
  g_autofree char *path = g_build_filename (test_dir, "charts.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  CrrcChartModel *bars = new_bars (values, G_N_ELEMENTS (values));

  crrc_diffusion_suppress_counts (bars);
  crrc_diffusion_mark (bars);
  g_ptr_array_add (models, bars);
  crrc_chart_model_set_kpi (kpi, 4, 7, CRRC_CHART_RISE_NEUTRAL);
  crrc_chart_model_suppress_kpi (kpi, CRRC_CHART_VALUE_SMALL, CRRC_CHART_VALUE_SHOWN);
  g_ptr_array_add (models, g_object_ref (kpi));

  g_assert_true (crrc_observatoire_export_csv (models, file, ',', &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  g_assert_nonnull (strstr (contents, "k1,Incidents," SMALL ",count"));
  g_assert_nonnull (strstr (contents, "k3,Incidents," SMALL ",count"));
  g_assert_nonnull (strstr (contents, "Current period,," SMALL ","));
  g_assert_nonnull (strstr (contents, "Previous period,,7,"));
  g_assert_nonnull (strstr (contents, crrc_diffusion_get_note ()));

  /* No cell holds a count from 1 to 4. */
  lines = g_strsplit (contents, "\r\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      for (guint c = 0; cells[c] != NULL; c++)
        g_assert_false (g_regex_match_simple ("^[1-4]$", cells[c], 0, 0));
    }
}

/* The demonstration data: a small department has small counts. */
static void
test_observatoire_demo (void)
{
  CrrcQueryFilter filter = { .year = 2023, .department = "21" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plain = crrc_observatoire_kpis_build_full (demo_store, &filter, FALSE, &error);
  g_autoptr(GPtrArray) kpis = crrc_observatoire_kpis_build_full (demo_store, &filter, TRUE, &error);
  g_autoptr(GPtrArray) charts = crrc_observatoire_charts_build_full (demo_store, &filter, TRUE, &error);
  CrrcChartModel *incidents = NULL, *malicious = NULL, *plain_incidents = NULL;
  guint n_small = 0;

  g_assert_no_error (error);
  g_assert_nonnull (kpis);
  g_assert_nonnull (charts);

  for (guint i = 0; i < kpis->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (kpis, i);

      if (g_str_equal (crrc_chart_model_get_id (model), "kpi-incidents"))
        incidents = model;
      else if (g_str_equal (crrc_chart_model_get_id (model), "kpi-malicious"))
        malicious = model;
      g_assert_true (g_str_has_suffix (crrc_chart_model_get_source (model), crrc_diffusion_get_note ()));
    }
  for (guint i = 0; i < plain->len; i++)
    if (g_str_equal (crrc_chart_model_get_id (g_ptr_array_index (plain, i)), "kpi-incidents"))
      plain_incidents = g_ptr_array_index (plain, i);
  g_assert_nonnull (incidents);
  g_assert_nonnull (malicious);
  g_assert_nonnull (plain_incidents);

  /* Côte-d'Or had 1 to 4 incidents in 2023 in the demonstration data. */
  g_assert_true (crrc_diffusion_count_is_suppressed ((gint64) crrc_chart_model_get_kpi_value (plain_incidents)));
  g_assert_cmpint (crrc_chart_model_get_kpi_state (incidents), ==, CRRC_CHART_VALUE_SMALL);
  /* The share of malicious incidents among fewer than 5 goes too. */
  g_assert_cmpint (crrc_chart_model_get_kpi_state (malicious), ==, CRRC_CHART_VALUE_HIDDEN);
  g_assert_true (isnan (crrc_chart_model_get_kpi_value (malicious)));

  /* No chart shows a count from 1 to 4. */
  for (guint i = 0; i < charts->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (charts, i);

      for (guint s = 0; s < crrc_chart_model_get_n_series (model); s++)
        for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
          {
            double value = crrc_chart_model_get_value (model, s, c);

            g_assert_false (isfinite (value) && value >= 1 && value <= 4);
            if (crrc_chart_model_get_value_state (model, s, c) == CRRC_CHART_VALUE_SMALL)
              n_small++;
          }
    }
  g_assert_cmpuint (n_small, >, 0);
}

static void
test_map_rates (void)
{
  CrrcQueryFilter filter = { .year = 2023, .region = "27" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) charts = crrc_observatoire_charts_build_full (demo_store, &filter, TRUE, &error);
  g_autoptr(CrrcChartModel) rates = NULL;
  CrrcChartModel *map = NULL;
  guint n_suppressed = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < charts->len; i++)
    if (g_str_equal (crrc_chart_model_get_id (g_ptr_array_index (charts, i)), "carte-des-departements"))
      map = g_ptr_array_index (charts, i);
  g_assert_nonnull (map);

  rates = crrc_observatoire_map_per_establishment (demo_store, map, &filter, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < crrc_chart_model_get_n_categories (map); c++)
    {
      CrrcChartValueState state = crrc_chart_model_get_value_state (map, 0, c);

      /* A rate from fewer than 5 incidents is hidden. */
      g_assert_cmpint (crrc_chart_model_get_value_state (rates, 0, c), ==,
                       state == CRRC_CHART_VALUE_SHOWN ? CRRC_CHART_VALUE_SHOWN : CRRC_CHART_VALUE_HIDDEN);
      if (state != CRRC_CHART_VALUE_SHOWN)
        {
          g_assert_true (isnan (crrc_chart_model_get_value (rates, 0, c)));
          n_suppressed++;
        }
    }
  g_assert_cmpuint (n_suppressed, >, 0);
}

static void
test_establishments_csv (void)
{
  g_autofree char *path = g_build_filename (test_dir, "establishments.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GStatBuf st;
  guint n_rows = 0;
  gboolean seen_small = FALSE;

  g_assert_true (crrc_establishments_export_csv_full (demo_store, NULL, CRRC_ESTABLISHMENTS_SORT_FINESS, FALSE,
                                                      TRUE, file, ';', &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, >, 100);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "category;department;maturity_score;maturity_band;incidents;last_audit");

  /* No FINESS number or name of the cache appears. */
  rows = crrc_establishments_fetch (demo_store, NULL, CRRC_ESTABLISHMENTS_SORT_FINESS, FALSE, 0, 200, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CrrcEstablishmentsRow *row = g_ptr_array_index (rows, i);

      g_assert_null (strstr (contents, row->finess));
      if (row->name != NULL && strlen (row->name) > 8)
        g_assert_null (strstr (contents, row->name));
    }

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ";", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 6);
      g_assert_false (g_regex_match_simple ("^[1-4]$", cells[4], 0, 0));
      if (g_str_equal (cells[4], "<5"))
        seen_small = TRUE;
    }
  g_assert_true (seen_small);
}

static void
test_tables_csv (void)
{
  const char * const tables[] = { "establishments", "incidents", "audits", "alerts", "diagnostics" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = crrc_establishments_fetch (demo_store, NULL, CRRC_ESTABLISHMENTS_SORT_FINESS,
                                                         FALSE, 0, 50, &error);

  g_assert_no_error (error);
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autoptr(GOutputStream) plain_out = g_memory_output_stream_new_resizable ();
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autofree char *plain = NULL;
      g_autofree char *text = NULL;
      g_autofree char *header = NULL;
      guint n_plain = 0, n = 0;

      g_assert_true (crrc_export_csv_full (demo_store, tables[t], CRRC_EXPORT_NONE, plain_out, &n_plain,
                                           NULL, &error));
      g_assert_true (crrc_export_csv_full (demo_store, tables[t], CRRC_EXPORT_DIFFUSION, out, &n, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (n, ==, n_plain);
      g_output_stream_write_all (plain_out, "", 1, NULL, NULL, NULL);
      g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
      g_output_stream_close (plain_out, NULL, NULL);
      g_output_stream_close (out, NULL, NULL);
      plain = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (plain_out));
      text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));

      header = g_strndup (text, strcspn (text, "\r"));
      g_assert_null (strstr (header, "finess"));
      g_assert_null (strstr (header, "name"));
      g_assert_false (g_str_has_prefix (header, "id,"));
      /* The identifiers were there without diffusion mode. */
      g_assert_nonnull (strstr (plain, "finess"));
      for (guint i = 0; i < rows->len; i++)
        {
          CrrcEstablishmentsRow *row = g_ptr_array_index (rows, i);

          g_assert_null (strstr (text, row->finess));
        }
    }
}

static void
test_private_file (void)
{
  g_autofree char *path = g_build_filename (test_dir, "private.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  CrrcPrivateFile *writer;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "before", -1, NULL));
  g_chmod (path, 0644);

  /* Abandoned: the previous content stays, no temporary file is left. */
  writer = crrc_private_file_open (file, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (crrc_private_file_get_stream (writer), "half", 4, NULL, NULL, NULL);
  crrc_private_file_abort (writer);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "before");
  g_clear_pointer (&contents, g_free);

  writer = crrc_private_file_open (file, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (crrc_private_file_get_stream (writer), "after", 5, NULL, NULL, NULL);
  g_assert_true (crrc_private_file_commit (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "after");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  {
    g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".tmp"));
  }

  /* A missing folder is an error naming the file. */
  {
    g_autoptr(GFile) missing = g_file_new_build_filename (test_dir, "no-such-folder", "x.csv", NULL);

    g_assert_null (crrc_private_file_open (missing, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "x.csv"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");

  test_dir = crrc_test_make_dir ("crrc-diffusion");
  demo_store = crrc_test_open_demo_store (test_dir, "demo.db");

  g_test_add_func ("/diffusion/rule", test_rule);
  g_test_add_func ("/diffusion/model/counts", test_model_counts);
  g_test_add_func ("/diffusion/model/complement", test_model_complement);
  g_test_add_func ("/diffusion/model/donut-share", test_model_donut_share);
  g_test_add_func ("/diffusion/model/percent-stack", test_model_percent_stack);
  g_test_add_func ("/diffusion/model/kpi", test_model_kpi);
  g_test_add_func ("/diffusion/model/csv", test_model_csv);
  g_test_add_func ("/diffusion/observatoire/demo", test_observatoire_demo);
  g_test_add_func ("/diffusion/observatoire/map-rates", test_map_rates);
  g_test_add_func ("/diffusion/export/establishments", test_establishments_csv);
  g_test_add_func ("/diffusion/export/tables", test_tables_csv);
  g_test_add_func ("/diffusion/private-file", test_private_file);

  status = g_test_run ();

  g_clear_object (&demo_store);
  crrc_test_remove_tree (test_dir);
  g_free (test_dir);

  return status;
}
