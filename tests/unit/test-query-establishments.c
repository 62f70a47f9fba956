/* test-query-establishments.c: the establishments behind a figure
 *
 * On the demonstration feed (seed CRRC_DEMO_SEED, scale 1), synced into a
 * temporary cache as the application does: every drill lists only the
 * establishments it should, and their counts add up to the figure drilled
 * into, as the Observatoire's aggregates (crrc-query.h) give it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-query-establishments"

#include "config.h"

#include <glib/gstdio.h>

#include "crrc-demo.h"
#include "crrc-geo.h"
#include "crrc-query.h"
#include "crrc-query-establishments.h"
#include "crrc-store-private.h"
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

static GPtrArray *
list (const CrrcQueryFilter *filter,
      const CrrcQueryDrill  *drill,
      guint                  limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = crrc_query_establishments (store, filter, drill, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static CrrcQueryEstablishmentsTotal
total_of (const CrrcQueryFilter *filter,
          const CrrcQueryDrill  *drill)
{
  g_autoptr(GError) error = NULL;
  CrrcQueryEstablishmentsTotal total = { -1, -1 };

  g_assert_true (crrc_query_establishments_total (store, filter, drill, &total, &error));
  g_assert_no_error (error);
  return total;
}

static gint64
sum_rows (GPtrArray *rows)
{
  gint64 total = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      const CrrcQueryEstablishment *row = g_ptr_array_index (rows, i);

      g_assert_cmpint (row->count, >, 0);
      total += row->count;
    }
  return total;
}

/* The whole list agrees with its total, is sorted by count then name, and
 * names each FINESS number once. Returns the sum of its counts. */
static gint64
check_list (const CrrcQueryFilter *filter,
            const CrrcQueryDrill  *drill)
{
  g_autoptr(GPtrArray) rows = list (filter, drill, 0);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  CrrcQueryEstablishmentsTotal total = total_of (filter, drill);
  gint64 sum = sum_rows (rows);

  g_assert_cmpint (total.establishments, ==, rows->len);
  g_assert_cmpint (total.events, ==, sum);
  for (guint i = 0; i < rows->len; i++)
    {
      const CrrcQueryEstablishment *row = g_ptr_array_index (rows, i);

      g_assert_nonnull (row->finess);
      g_assert_true (g_hash_table_add (seen, row->finess));
      if (i > 0)
        {
          const CrrcQueryEstablishment *previous = g_ptr_array_index (rows, i - 1);

          g_assert_cmpint (previous->count, >=, row->count);
          if (previous->count == row->count && previous->name != NULL && row->name != NULL)
            g_assert_cmpint (g_ascii_strcasecmp (previous->name, row->name), <=, 0);
        }
    }
  return sum;
}

/* Incidents of @finess in @year, counted apart from the queries. */
static gint64
incidents_of (const char *finess,
              int         year)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store),
                                       "SELECT count(*) FROM incidents WHERE finess = ?1 AND year = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, year);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_department (void)
{
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcQueryDrill drill = { .department = "21" };
  g_autoptr(GArray) departments = count_by (CRRC_QUERY_BY_DEPARTMENT, &filter);
  g_autoptr(GPtrArray) rows = list (&filter, &drill, 0);
  gint64 expected = lookup (departments, "21");

  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (check_list (&filter, &drill), ==, expected);
  for (guint i = 0; i < rows->len; i++)
    {
      const CrrcQueryEstablishment *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row->department, ==, "21");
      g_assert_nonnull (row->name);
      g_assert_nonnull (row->sector);
      g_assert_true (g_str_has_prefix (row->commune, "21"));
      g_assert_cmpint (row->count, ==, incidents_of (row->finess, 2023));
    }

  /* Every department of the map, and within a region. */
  for (guint i = 0; i < departments->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (departments, CrrcQueryCount, i);
      CrrcQueryFilter in_region = { .year = 2023 };
      CrrcQueryDrill one = { .department = count->key };

      if (count->key == NULL)
        continue;
      in_region.region = crrc_geo_region_for_department (count->key);
      g_assert_cmpint (total_of (&filter, &one).events, ==, count->count);
      g_assert_cmpint (total_of (&in_region, &one).events, ==, count->count);
    }

  /* The drill's department replaces the filter's. */
  filter.department = "25";
  g_assert_cmpint (total_of (&filter, &drill).events, ==, expected);

  /* A department of another region than the filter's has nothing in it. */
  filter.department = NULL;
  filter.region = "11";
  g_assert_cmpint (total_of (&filter, &drill).establishments, ==, 0);
}

static void
test_year_and_month (void)
{
  static const struct { int year; gint64 incidents; } published[] = {
    { 2019, 392 }, { 2020, 369 }, { 2021, 733 }, { 2022, 592 }, { 2023, 581 },
  };
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcQueryFilter year_2022 = { .year = 2022 };
  g_autoptr(GArray) months = count_by (CRRC_QUERY_BY_MONTH, &year_2022);

  for (guint i = 0; i < G_N_ELEMENTS (published); i++)
    {
      CrrcQueryDrill drill = { .year = published[i].year };
      CrrcQueryFilter year_only = { .year = published[i].year };

      g_assert_cmpint (check_list (&filter, &drill), ==, published[i].incidents);
      /* Each structure that declared once. */
      g_assert_cmpint (total_of (&filter, &drill).establishments, ==,
                       totals_of (&year_only).declaring_structures);
    }

  /* The previous year's series of the month chart. */
  for (int month = 1; month <= 12; month++)
    {
      CrrcQueryDrill drill = { .year = 2022, .month = month };
      char key[4];

      g_snprintf (key, sizeof key, "%02d", month);
      g_assert_cmpint (check_list (&filter, &drill), ==, lookup (months, key));
    }
}

static void
test_origin_type_impact (void)
{
  CrrcQueryFilter filter = { .year = 2023, .region = "27" };
  CrrcQueryFilter all_years = { .region = "27" };
  g_autoptr(GArray) origins = count_by (CRRC_QUERY_BY_ORIGIN, &filter);
  g_autoptr(GArray) types = count_by (CRRC_QUERY_BY_TYPE, &filter);
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (origins->len, >=, 2);
  for (guint i = 0; i < origins->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (origins, CrrcQueryCount, i);
      CrrcQueryDrill drill = { .origin = count->key };

      g_assert_cmpint (check_list (&filter, &drill), ==, count->count);
    }

  g_assert_cmpuint (types->len, >=, 3);
  for (guint i = 0; i < types->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (types, CrrcQueryCount, i);
      CrrcQueryDrill drill = { .type = count->key };

      g_assert_cmpint (check_list (&filter, &drill), ==, count->count);
    }

  /* A year of the impact chart and one of its series. */
  cells = crrc_query_count_incidents_2d (store, CRRC_QUERY_BY_YEAR, CRRC_QUERY_BY_FUNCTIONING_IMPACT,
                                         &all_years, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cells->len, >, 3);
  for (guint i = 0; i < cells->len; i++)
    {
      const CrrcQueryCount2 *cell = &g_array_index (cells, CrrcQueryCount2, i);
      CrrcQueryDrill drill = {
        .year = (int) g_ascii_strtoll (cell->row, NULL, 10),
        .functioning_impact = cell->column,
      };

      g_assert_cmpint (total_of (&filter, &drill).events, ==, cell->count);
    }

  /* Under an origin filter, a type drill counts only that origin's. */
  filter.origin = "malicious";
  g_clear_pointer (&types, g_array_unref);
  types = count_by (CRRC_QUERY_BY_TYPE, &filter);
  for (guint i = 0; i < types->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (types, CrrcQueryCount, i);
      CrrcQueryDrill drill = { .type = count->key };

      g_assert_cmpint (total_of (&filter, &drill).events, ==, count->count);
    }
}

static void
test_sectors (void)
{
  CrrcQueryFilter filter = { .year = 2021 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sectors = crrc_query_declarants_by_sector (store, &filter, &error);
  static const char * const keys[] = { "sanitaire", "medico_social", "grades", "other" };
  CrrcQueryDrill unknown = { .unknown_establishments = TRUE };
  g_autoptr(GPtrArray) unknown_rows = list (&filter, &unknown, 0);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      CrrcQueryDrill drill = { .sector = keys[i] };
      g_autoptr(GPtrArray) rows = list (&filter, &drill, 0);

      g_assert_cmpint (rows->len, ==, lookup (sectors, keys[i]));
      for (guint j = 0; j < rows->len; j++)
        g_assert_cmpstr (((CrrcQueryEstablishment *) g_ptr_array_index (rows, j))->sector, ==, keys[i]);
    }

  /* The demonstration data knows every establishment that declared. */
  g_assert_cmpint (unknown_rows->len, ==, lookup (sectors, NULL));
  g_assert_cmpuint (unknown_rows->len, ==, 0);
}

/* Incidents of a FINESS number the registry does not know: listed by
 * number, in no department, and counted nationally. They are added in a
 * year the demonstration data does not have, then removed. */
static void
test_unknown_establishments (void)
{
  sqlite3 *db = _crrc_store_get_db (store);
  CrrcQueryFilter filter = { .year = 2017 };
  CrrcQueryDrill unknown = { .unknown_establishments = TRUE };
  CrrcQueryDrill department = { .department = "21" };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const CrrcQueryEstablishment *row;

  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO incidents (id, finess, declared_at, origin, type,"
                                 " patient_care_impact, functioning_impact, source) VALUES"
                                 " ('test-unknown-1', '210987654', '2017-03-02', 'malicious', 'ransomware',"
                                 "  0, 'none', 'test'),"
                                 " ('test-unknown-2', '210987654', '2017-05-12', 'undetermined', 'other',"
                                 "  1, 'degraded', 'test');"
                                 "INSERT INTO incidents (id, finess, declared_at, origin, type,"
                                 " patient_care_impact, functioning_impact, source)"
                                 " SELECT 'test-known', finess, '2017-05-12', 'malicious', 'theft', 0, 'none', 'test'"
                                 " FROM establishments WHERE department = '21' ORDER BY finess LIMIT 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  rows = list (&filter, &unknown, 0);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->finess, ==, "210987654");
  g_assert_null (row->name);
  g_assert_null (row->department);
  g_assert_null (row->sector);
  g_assert_cmpint (row->count, ==, 2);

  /* Nationally, after the known one (more incidents first). */
  g_assert_cmpint (check_list (&filter, NULL), ==, 3);
  g_assert_cmpint (totals_of (&filter).incidents, ==, 3);
  all = list (&filter, NULL, 0);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpstr (((CrrcQueryEstablishment *) g_ptr_array_index (all, 0))->finess, ==, "210987654");
  g_assert_nonnull (((CrrcQueryEstablishment *) g_ptr_array_index (all, 1))->name);

  /* In no department, no region, no sector. */
  g_assert_cmpint (check_list (&filter, &department), ==, 1);
  filter.region = "27";
  g_assert_cmpint (total_of (&filter, &unknown).establishments, ==, 0);

  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM incidents WHERE source = 'test'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (total_of (NULL, &unknown).establishments, ==, 0);
}

static void
test_kinds (void)
{
  CrrcQueryFilter filter = { .year = 2023 };
  CrrcQueryIncidentTotals t = totals_of (&filter);
  CrrcQueryAudits audits = { 0 };
  CrrcQueryFunnel funnel = { 0 };
  g_autoptr(GError) error = NULL;
  CrrcQueryDrill drill = { 0 };
  static const char * const targets[] = { "centre_hospitalier", "sanitaire_autre", "medico_social", "grades" };
  gint64 target_counts[G_N_ELEMENTS (targets)];

  g_assert_true (crrc_query_audits_by_target (store, &filter, &audits, &error));
  g_assert_true (crrc_query_prevention_funnel (store, &filter, &funnel, &error));
  g_assert_no_error (error);

  g_assert_cmpint (check_list (&filter, NULL), ==, 581);
  g_assert_cmpint (total_of (&filter, NULL).establishments, ==, t.declaring_structures);

  drill.kind = CRRC_QUERY_DRILL_PATIENT_CARE;
  g_assert_cmpint (check_list (&filter, &drill), ==, t.patient_care_impact);
  drill.kind = CRRC_QUERY_DRILL_SUPPORT_REQUESTS;
  g_assert_cmpint (check_list (&filter, &drill), ==, 165);
  drill.kind = CRRC_QUERY_DRILL_CERT_SUPPORTED;
  check_list (&filter, &drill);
  g_assert_cmpint (total_of (&filter, &drill).establishments, ==, 93);

  drill.kind = CRRC_QUERY_DRILL_AUDITS;
  g_assert_cmpint (check_list (&filter, &drill), ==, 529);
  g_assert_cmpint (total_of (&filter, &drill).establishments, ==, funnel.audited);
  drill.kind = CRRC_QUERY_DRILL_ALERTS;
  check_list (&filter, &drill);
  g_assert_cmpint (total_of (&filter, &drill).establishments, ==, 451);
  g_assert_cmpint (total_of (&filter, &drill).establishments, ==, funnel.alerted);

  /* Audits and alerts ignore the incidents' origin. */
  filter.origin = "malicious";
  g_assert_cmpint (total_of (&filter, &drill).establishments, ==, 451);
  filter.origin = NULL;

  target_counts[0] = audits.centre_hospitalier;
  target_counts[1] = audits.sanitaire_autre;
  target_counts[2] = audits.medico_social;
  target_counts[3] = audits.grades;
  drill.kind = CRRC_QUERY_DRILL_AUDITS;
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(GPtrArray) rows = NULL;

      drill.audit_target = targets[i];
      g_assert_cmpint (target_counts[i], >, 0);
      g_assert_cmpint (check_list (&filter, &drill), ==, target_counts[i]);
      rows = list (&filter, &drill, 0);
      for (guint j = 0; j < rows->len; j++)
        {
          const CrrcQueryEstablishment *row = g_ptr_array_index (rows, j);
          gboolean ch = g_strcmp0 (row->category, "355") == 0 || g_strcmp0 (row->category, "101") == 0;

          if (i == 0)
            g_assert_true (ch);
          else if (i == 1)
            g_assert_true (!ch && g_str_equal (row->sector, "sanitaire"));
          else
            g_assert_cmpstr (row->sector, ==, targets[i]);
        }
    }
}

static void
test_limit (void)
{
  CrrcQueryFilter filter = { .year = 2023 };
  g_autoptr(GPtrArray) all = list (&filter, NULL, 0);
  g_autoptr(GPtrArray) first = list (&filter, NULL, 10);
  g_autoptr(GPtrArray) more = list (&filter, NULL, all->len + 100);
  CrrcQueryEstablishmentsTotal total = total_of (&filter, NULL);

  g_assert_cmpuint (all->len, >, 10);
  g_assert_cmpuint (first->len, ==, 10);
  g_assert_cmpuint (more->len, ==, all->len);
  g_assert_cmpint (total.establishments, ==, all->len);
  g_assert_cmpint (total.events, ==, 581);
  for (guint i = 0; i < first->len; i++)
    {
      const CrrcQueryEstablishment *a = g_ptr_array_index (all, i);
      const CrrcQueryEstablishment *b = g_ptr_array_index (first, i);

      g_assert_cmpstr (a->finess, ==, b->finess);
      g_assert_cmpint (a->count, ==, b->count);
    }
  /* The busiest first. */
  g_assert_cmpint (((CrrcQueryEstablishment *) g_ptr_array_index (first, 0))->count, >,
                   ((CrrcQueryEstablishment *) g_ptr_array_index (all, all->len - 1))->count);
}

static void
test_hostile_keys (void)
{
  static const char * const hostile[] = {
    "21' OR 1=1 --", "21\" OR \"1\"=\"1", "21; DROP TABLE incidents; --", "%", "", "2A\n",
  };
  CrrcQueryFilter filter = { .year = 2023 };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      CrrcQueryDrill drills[] = {
        { .department = hostile[i] },
        { .origin = hostile[i] },
        { .type = hostile[i] },
        { .functioning_impact = hostile[i] },
        { .sector = hostile[i] },
        { .kind = CRRC_QUERY_DRILL_AUDITS, .audit_target = hostile[i] },
        { .kind = CRRC_QUERY_DRILL_ALERTS, .department = hostile[i] },
      };
      CrrcQueryFilter hostile_region = { .year = 2023, .region = hostile[i] };

      for (guint d = 0; d < G_N_ELEMENTS (drills); d++)
        {
          g_autoptr(GPtrArray) rows = list (&filter, &drills[d], 0);
          CrrcQueryEstablishmentsTotal total = total_of (&filter, &drills[d]);

          g_assert_cmpuint (rows->len, ==, 0);
          g_assert_cmpint (total.establishments, ==, 0);
          g_assert_cmpint (total.events, ==, 0);
        }
      g_assert_cmpint (total_of (&hostile_region, NULL).events, ==, 0);
    }

  /* Nothing was broken. */
  g_assert_cmpint (total_of (&filter, NULL).events, ==, 581);
  g_assert_cmpint (totals_of (&filter).incidents, ==, 581);
}

static void
test_empty_cache (void)
{
  g_autoptr(CrrcStore) empty = crrc_test_open_store (tmp_dir, "empty.db");
  g_autoptr(GError) error = NULL;
  CrrcQueryDrill drill = { .kind = CRRC_QUERY_DRILL_AUDITS };
  g_autoptr(GPtrArray) rows = crrc_query_establishments (empty, NULL, &drill, 500, &error);
  CrrcQueryEstablishmentsTotal total = { -1, -1 };

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_true (crrc_query_establishments_total (empty, NULL, NULL, &total, &error));
  g_assert_no_error (error);
  g_assert_cmpint (total.establishments, ==, 0);
  g_assert_cmpint (total.events, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = crrc_test_make_dir ("crrc-query-establishments");
  store = crrc_test_open_demo_store (tmp_dir, "crrc.db");

  g_test_add_func ("/query/establishments/department", test_department);
  g_test_add_func ("/query/establishments/year-and-month", test_year_and_month);
  g_test_add_func ("/query/establishments/origin-type-impact", test_origin_type_impact);
  g_test_add_func ("/query/establishments/sectors", test_sectors);
  g_test_add_func ("/query/establishments/unknown", test_unknown_establishments);
  g_test_add_func ("/query/establishments/kinds", test_kinds);
  g_test_add_func ("/query/establishments/limit", test_limit);
  g_test_add_func ("/query/establishments/hostile-keys", test_hostile_keys);
  g_test_add_func ("/query/establishments/empty-cache", test_empty_cache);

  status = g_test_run ();

  g_clear_object (&store);
  crrc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
