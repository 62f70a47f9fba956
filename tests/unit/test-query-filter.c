/* test-query-filter.c: the Observatoire's aggregates under a filter
 *
 * The demonstration feed (seed CRRC_DEMO_SEED, scale 1) is written next to
 * a temporary cache, as the application does, and synced through its
 * file:// address; its national figures are those of REFERENCE-FIGURES.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-query-filter"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crrc-demo.h"
#include "crrc-feed-state.h"
#include "crrc-geo.h"
#include "crrc-query.h"
#include "crrc-sync.h"
#include "crrc-test-utils.h"

static char *tmp_dir;
static CrrcStore *store;

static gint64
lookup (GArray     *counts,
        const char *key)
{
  for (guint i = 0; i < counts->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (counts, CrrcQueryCount, i);

      if (g_strcmp0 (count->key, key) == 0)
        return count->count;
    }
  return 0;
}

static gint64
sum (GArray *counts)
{
  gint64 total = 0;

  for (guint i = 0; i < counts->len; i++)
    total += g_array_index (counts, CrrcQueryCount, i).count;
  return total;
}

static GArray *
count_by (CrrcQueryDimension     dimension,
          const CrrcQueryFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GArray *counts = crrc_query_count_incidents_filtered (store, dimension, filter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (counts);
  return counts;
}

static CrrcQueryIncidentTotals
totals_of (const CrrcQueryFilter *filter)
{
  g_autoptr(GError) error = NULL;
  CrrcQueryIncidentTotals totals = { 0 };

  g_assert_true (crrc_query_incident_totals (store, filter, &totals, &error));
  g_assert_no_error (error);
  return totals;
}

static void
test_years (void)
{
  static const struct { const char *year; gint64 incidents; } published[] = {
    { "2019", 392 }, { "2020", 369 }, { "2021", 733 }, { "2022", 592 }, { "2023", 581 },
  };
  g_autoptr(GArray) all = count_by (CRRC_QUERY_BY_YEAR, NULL);
  CrrcQueryFilter year_2023 = { .year = 2023 };
  g_autoptr(GArray) only_2023 = count_by (CRRC_QUERY_BY_YEAR, &year_2023);

  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    g_assert_cmpint (lookup (all, published[i].year), ==, published[i].incidents);
  /* Sorted by key. */
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpstr (g_array_index (all, CrrcQueryCount, i - 1).key, <,
                     g_array_index (all, CrrcQueryCount, i).key);

  g_assert_cmpuint (only_2023->len, ==, 1);
  g_assert_cmpstr (g_array_index (only_2023, CrrcQueryCount, 0).key, ==, "2023");
  g_assert_cmpint (g_array_index (only_2023, CrrcQueryCount, 0).count, ==, 581);
}

static void
test_totals_2023 (void)
{
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcQueryIncidentTotals t = totals_of (&filter);
  g_autoptr(CrrcReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (t.incidents, ==, 581);
  g_assert_cmpint (crrc_query_percent (t.malicious, t.incidents), ==, 50);
  g_assert_cmpint (crrc_query_percent (t.patient_care_impact, t.incidents), ==, 35);
  g_assert_cmpint (crrc_query_percent (t.no_functioning_impact, t.incidents), ==, 53);
  g_assert_cmpint (t.support_requests, ==, 165);
  g_assert_cmpint (t.cert_supported_establishments, ==, 93);
  g_assert_cmpint (t.severe_incidents, ==, 17);
  g_assert_cmpint (t.ransomware_incidents, ==, 32);

  /* The report reads the same statement. */
  report = crrc_query_report (store, 2023, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->incidents, ==, t.incidents);
  g_assert_cmpint (report->declaring_structures, ==, t.declaring_structures);
  g_assert_cmpint (report->cert_supported_establishments, ==, t.cert_supported_establishments);

  /* 2022 for the change of the KPI. */
  filter.year = 2022;
  t = totals_of (&filter);
  g_assert_cmpint (t.incidents, ==, 592);
  g_assert_cmpint (crrc_query_percent (t.patient_care_impact, t.incidents), ==, 35);
  g_assert_cmpint (crrc_query_percent (t.no_functioning_impact, t.incidents), ==, 58);
  g_assert_cmpint (t.severe_incidents, ==, 22);
}

static void
test_origin_and_type (void)
{
  CrrcQueryFilter filter = { .year = 2023 };
  g_autoptr(GArray) origins = count_by (CRRC_QUERY_BY_ORIGIN, &filter);
  g_autoptr(GArray) types = count_by (CRRC_QUERY_BY_TYPE, &filter);
  g_autoptr(GArray) malicious_types = NULL;
  g_autoptr(GArray) malicious_origins = NULL;
  gint64 malicious = lookup (origins, "malicious");

  g_assert_cmpint (sum (origins), ==, 581);
  g_assert_cmpint (crrc_query_percent (malicious, 581), ==, 50);
  g_assert_cmpint (sum (types), ==, 581);
  g_assert_cmpint (lookup (types, "ransomware"), ==, 32);

  filter.origin = "malicious";
  malicious_origins = count_by (CRRC_QUERY_BY_ORIGIN, &filter);
  g_assert_cmpuint (malicious_origins->len, ==, 1);
  g_assert_cmpint (sum (malicious_origins), ==, malicious);
  g_assert_cmpint (totals_of (&filter).incidents, ==, malicious);
  malicious_types = count_by (CRRC_QUERY_BY_TYPE, &filter);
  g_assert_cmpint (sum (malicious_types), ==, malicious);
  g_assert_cmpint (lookup (malicious_types, "ransomware"), ==, 32);
  /* Accidental types are not malicious. */
  g_assert_cmpint (lookup (malicious_types, "human_error"), ==, 0);
  g_assert_cmpint (lookup (types, "human_error"), >, 0);

  filter.origin = "no_such_origin";
  g_assert_cmpint (totals_of (&filter).incidents, ==, 0);
}

static void
test_two_dimensions (void)
{
  CrrcQueryFilter filter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cells = crrc_query_count_incidents_2d (store, CRRC_QUERY_BY_YEAR,
                                                           CRRC_QUERY_BY_FUNCTIONING_IMPACT,
                                                           &filter, &error);
  g_autoptr(GArray) months = NULL;
  gint64 year_2023 = 0, none_2023 = 0, none_2022 = 0;

  g_assert_no_error (error);
  g_assert_nonnull (cells);
  for (guint i = 0; i < cells->len; i++)
    {
      const CrrcQueryCount2 *cell = &g_array_index (cells, CrrcQueryCount2, i);

      g_assert_nonnull (cell->row);
      g_assert_true (g_strv_contains ((const char * const[]) { "none", "degraded", "interrupted", NULL },
                                      cell->column));
      if (i > 0)
        {
          const CrrcQueryCount2 *previous = &g_array_index (cells, CrrcQueryCount2, i - 1);
          int order = g_strcmp0 (previous->row, cell->row);

          g_assert_true (order < 0 || (order == 0 && g_strcmp0 (previous->column, cell->column) < 0));
        }
      if (g_str_equal (cell->row, "2023"))
        {
          year_2023 += cell->count;
          if (g_str_equal (cell->column, "none"))
            none_2023 = cell->count;
        }
      if (g_str_equal (cell->row, "2022") && g_str_equal (cell->column, "none"))
        none_2022 = cell->count;
    }
  g_assert_cmpint (year_2023, ==, 581);
  g_assert_cmpint (crrc_query_percent (none_2023, 581), ==, 53);
  g_assert_cmpint (crrc_query_percent (none_2022, 592), ==, 58);

  /* Months of a year under a filter: they add up to the year. */
  filter.year = 2023;
  filter.region = "27";
  months = crrc_query_count_incidents_2d (store, CRRC_QUERY_BY_YEAR, CRRC_QUERY_BY_MONTH, &filter, &error);
  g_assert_no_error (error);
  {
    gint64 total = 0;

    for (guint i = 0; i < months->len; i++)
      {
        const CrrcQueryCount2 *cell = &g_array_index (months, CrrcQueryCount2, i);

        g_assert_cmpstr (cell->row, ==, "2023");
        g_assert_cmpuint (strlen (cell->column), ==, 2);
        total += cell->count;
      }
    g_assert_cmpint (total, >, 0);
    g_assert_cmpint (total, ==, totals_of (&filter).incidents);
  }
}

static void
test_audits_and_funnel (void)
{
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcQueryAudits audits = { 0 };
  CrrcQueryFunnel funnel = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (crrc_query_audits_by_target (store, &filter, &audits, &error));
  g_assert_no_error (error);
  g_assert_cmpint (audits.audits, ==, 529);
  g_assert_cmpint (audits.centre_hospitalier, ==, 432);
  g_assert_cmpint (audits.sanitaire_autre, ==, 77);
  g_assert_cmpint (audits.medico_social, ==, 18);
  g_assert_cmpint (audits.grades, ==, 2);
  g_assert_cmpint (audits.audited_ght, ==, 105);

  g_assert_true (crrc_query_prevention_funnel (store, &filter, &funnel, &error));
  g_assert_no_error (error);
  g_assert_cmpint (funnel.alerted, ==, 451);
  g_assert_cmpint (funnel.audited, >, 0);
  g_assert_cmpint (funnel.audited, <=, 529);
  g_assert_cmpint (funnel.supported, ==, 93);

  /* The origin narrows the incidents only. */
  filter.origin = "malicious";
  g_assert_true (crrc_query_audits_by_target (store, &filter, &audits, &error));
  g_assert_cmpint (audits.audits, ==, 529);
  g_assert_true (crrc_query_prevention_funnel (store, &filter, &funnel, &error));
  g_assert_cmpint (funnel.alerted, ==, 451);
  g_assert_cmpint (funnel.supported, <=, 93);
}

/* Every region's figures add up to the national ones (the demo has no
 * establishment outside a region). */
static void
test_regions_add_up (void)
{
  guint n_regions;
  const CrrcRegion *regions = crrc_geo_get_regions (&n_regions);
  CrrcQueryFilter national = { .year = 2023 };
  CrrcQueryIncidentTotals nt = totals_of (&national);
  g_autoptr(GArray) national_departments = count_by (CRRC_QUERY_BY_DEPARTMENT, &national);
  g_autoptr(GArray) national_establishments = NULL;
  g_autoptr(GError) error = NULL;
  gint64 incidents = 0, malicious = 0, declarants = 0, audits = 0, alerted = 0, supported = 0;
  gint64 establishments = 0;

  national_establishments = crrc_query_establishments_by_department (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sum (national_establishments), ==, 3306 + 35000 + 18 + 300);

  g_assert_cmpuint (n_regions, ==, 18);
  for (guint i = 0; i < n_regions; i++)
    {
      CrrcQueryFilter filter = { .year = 2023, .region = regions[i].code };
      CrrcQueryIncidentTotals t = totals_of (&filter);
      g_autoptr(GArray) departments = count_by (CRRC_QUERY_BY_DEPARTMENT, &filter);
      g_autoptr(GArray) per_department = NULL;
      CrrcQueryAudits a = { 0 };
      CrrcQueryFunnel f = { 0 };

      incidents += t.incidents;
      malicious += t.malicious;
      declarants += t.declaring_structures;
      g_assert_true (crrc_query_audits_by_target (store, &filter, &a, &error));
      audits += a.audits;
      g_assert_true (crrc_query_prevention_funnel (store, &filter, &f, &error));
      alerted += f.alerted;
      supported += f.supported;

      /* The region's departments only, with the national counts. */
      g_assert_cmpint (sum (departments), ==, t.incidents);
      for (guint j = 0; j < departments->len; j++)
        {
          const CrrcQueryCount *count = &g_array_index (departments, CrrcQueryCount, j);
          CrrcQueryFilter one = { .year = 2023, .department = count->key };

          g_assert_cmpstr (crrc_geo_region_for_department (count->key), ==, regions[i].code);
          g_assert_cmpint (count->count, ==, lookup (national_departments, count->key));
          if (j == 0)
            g_assert_cmpint (totals_of (&one).incidents, ==, count->count);
        }

      per_department = crrc_query_establishments_by_department (store, &filter, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (per_department->len, >, 0);
      for (guint j = 0; j < per_department->len; j++)
        g_assert_cmpstr (crrc_geo_region_for_department (g_array_index (per_department, CrrcQueryCount, j).key),
                         ==, regions[i].code);
      establishments += sum (per_department);
    }
  g_assert_cmpint (incidents, ==, 581);
  g_assert_cmpint (malicious, ==, nt.malicious);
  /* A structure belongs to one region. */
  g_assert_cmpint (declarants, ==, nt.declaring_structures);
  g_assert_cmpint (audits, ==, 529);
  g_assert_cmpint (alerted, ==, 451);
  g_assert_cmpint (supported, ==, 93);
  g_assert_cmpint (establishments, ==, sum (national_establishments));
}

static void
test_declarants (void)
{
  CrrcQueryFilter filter = { .year = 2021 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sectors = crrc_query_declarants_by_sector (store, &filter, &error);
  CrrcQueryIncidentTotals t = totals_of (&filter);

  g_assert_no_error (error);
  g_assert_cmpint (sum (sectors), ==, t.declaring_structures);
  g_assert_cmpint (lookup (sectors, "sanitaire"), >, lookup (sectors, "medico_social"));
  g_assert_cmpint (lookup (sectors, "medico_social"), >, 0);
  /* No structure declares more incidents than there are. */
  g_assert_cmpint (t.declaring_structures, <=, 733);

  filter.sector = "medico_social";
  g_clear_pointer (&sectors, g_array_unref);
  sectors = crrc_query_declarants_by_sector (store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sectors->len, ==, 1);
  g_assert_cmpstr (g_array_index (sectors, CrrcQueryCount, 0).key, ==, "medico_social");
}

static void
test_cache_facts (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *freshness = NULL;
  g_autofree char *url = crrc_demo_get_url (crrc_store_get_path (store));
  g_autofree char *source = crrc_feed_source_for_url (url);
  gboolean found = FALSE;
  int year = 0;

  g_assert_true (crrc_query_latest_year (store, &year, &error));
  g_assert_no_error (error);
  /* The demo holds the first months of 2024. */
  g_assert_cmpint (year, ==, 2024);
  /* …so the last complete year is 2023. */
  g_assert_true (crrc_query_latest_complete_year (store, &year, &error));
  g_assert_no_error (error);
  g_assert_cmpint (year, ==, 2023);

  g_assert_true (crrc_query_data_freshness (store, &freshness, &error));
  g_assert_no_error (error);
  g_assert_nonnull (freshness);
  g_assert_true (g_str_has_suffix (freshness, "Z"));

  g_assert_true (crrc_query_has_source (store, source, &found, &error));
  g_assert_no_error (error);
  g_assert_true (found);
  g_assert_true (crrc_query_has_source (store, "feed:https://example.org/manifest.json", &found, &error));
  g_assert_false (found);
}

static void
test_empty_cache (void)
{
  g_autoptr(CrrcStore) empty = crrc_test_open_store (tmp_dir, "empty.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = crrc_query_count_incidents_filtered (empty, CRRC_QUERY_BY_YEAR, NULL, &error);
  g_autofree char *freshness = NULL;
  CrrcQueryFunnel funnel = { 1, 1, 1 };
  int year = -1;

  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, 0);
  g_assert_true (crrc_query_latest_year (empty, &year, &error));
  g_assert_cmpint (year, ==, 0);
  g_assert_true (crrc_query_latest_complete_year (empty, &year, &error));
  g_assert_cmpint (year, ==, 0);
  g_assert_true (crrc_query_data_freshness (empty, &freshness, &error));
  g_assert_null (freshness);
  g_assert_true (crrc_query_prevention_funnel (empty, NULL, &funnel, &error));
  g_assert_cmpint (funnel.alerted + funnel.audited + funnel.supported, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = crrc_test_make_dir ("crrc-query-filter");
  store = crrc_test_open_demo_store (tmp_dir, "crrc.db");

  g_test_add_func ("/query/filter/years", test_years);
  g_test_add_func ("/query/filter/totals-2023", test_totals_2023);
  g_test_add_func ("/query/filter/origin-and-type", test_origin_and_type);
  g_test_add_func ("/query/filter/two-dimensions", test_two_dimensions);
  g_test_add_func ("/query/filter/audits-and-funnel", test_audits_and_funnel);
  g_test_add_func ("/query/filter/regions-add-up", test_regions_add_up);
  g_test_add_func ("/query/filter/declarants", test_declarants);
  g_test_add_func ("/query/filter/cache-facts", test_cache_facts);
  g_test_add_func ("/query/filter/empty-cache", test_empty_cache);

  status = g_test_run ();

  g_clear_object (&store);
  crrc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
