/* test-demo.c: the built-in demonstration feed and the headline report
 *
 * The demo feed is written once (seed CRRC_DEMO_SEED, scale 1) and synced
 * into a temporary cache through a file:// URL, the normal sync path; the
 * tests then read that cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crrc-demo.h"
#include "crrc-feed-records.h"
#include "crrc-geo.h"
#include "crrc-query.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"

static char *tmp_dir;
static CrrcStore *store;
static CrrcSyncReport *sync_report;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_remove (path);
}

/* The relative paths of the files under @path, sorted. */
static void
list_files (const char *root,
            const char *relative,
            GPtrArray  *out)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_ptr_array_add (out, g_strdup (relative));
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (relative, name, NULL);
      list_files (root, child, out);
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GPtrArray *
sorted_files (const char *root)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);

  list_files (root, "", files);
  g_ptr_array_sort (files, compare_paths);
  return files;
}

static void
test_deterministic (void)
{
  g_autofree char *a = g_build_filename (tmp_dir, "det-a", NULL);
  g_autofree char *b = g_build_filename (tmp_dir, "det-b", NULL);
  g_autofree char *c = g_build_filename (tmp_dir, "det-c", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files_a = NULL;
  g_autoptr(GPtrArray) files_b = NULL;
  g_autoptr(GPtrArray) files_c = NULL;
  gboolean all_same = TRUE;

  g_assert_true (crrc_demo_write_feed (a, CRRC_DEMO_SEED, 1, &error));
  g_assert_no_error (error);
  g_assert_true (crrc_demo_write_feed (b, CRRC_DEMO_SEED, 1, &error));
  g_assert_no_error (error);
  g_assert_true (crrc_demo_write_feed (c, CRRC_DEMO_SEED + 1, 1, &error));
  g_assert_no_error (error);

  files_a = sorted_files (a);
  files_b = sorted_files (b);
  files_c = sorted_files (c);
  g_assert_cmpuint (files_a->len, ==, files_b->len);
  g_assert_cmpuint (files_a->len, >, 40);
  for (guint i = 0; i < files_a->len; i++)
    {
      g_autofree char *pa = g_build_filename (a, files_a->pdata[i], NULL);
      g_autofree char *pb = g_build_filename (b, files_b->pdata[i], NULL);
      g_autofree char *pc = g_build_filename (c, files_a->pdata[i], NULL);
      g_autofree char *ca = NULL, *cb = NULL, *cc = NULL;
      gsize la, lb, lc = 0;

      g_assert_cmpstr (files_a->pdata[i], ==, files_b->pdata[i]);
      g_assert_true (g_file_get_contents (pa, &ca, &la, NULL));
      g_assert_true (g_file_get_contents (pb, &cb, &lb, NULL));
      g_assert_cmpmem (ca, la, cb, lb);
      if (g_file_get_contents (pc, &cc, &lc, NULL) && lc == la && memcmp (ca, cc, la) == 0)
        continue;
      all_same = FALSE;
    }
  /* Another seed gives other data. */
  g_assert_false (all_same);

  remove_tree (a);
  remove_tree (b);
  remove_tree (c);
}

static void
test_sync_clean (void)
{
  guint n = crrc_sync_report_get_n_feeds (sync_report);

  g_assert_cmpuint (n, ==, 8);
  g_assert_false (crrc_sync_report_has_failures (sync_report));
  for (guint i = 0; i < n; i++)
    {
      const CrrcFeedResult *result = crrc_sync_report_get_feed (sync_report, i);

      if (result->rejects->len > 0)
        {
          const CrrcFeedReject *reject = g_ptr_array_index (result->rejects, 0);
          g_test_message ("%s: %s %s %s", result->feed, reject->record, reject->field, reject->reason);
        }
      g_assert_cmpuint (result->rejected, ==, 0);
      g_assert_cmpint (result->outcome, ==, CRRC_FEED_OUTCOME_UPDATED);
      g_assert_cmpuint (result->records, >, 0);
    }
  g_assert_cmpuint (crrc_sync_report_lookup_feed (sync_report, "establishments")->records, >, 38000);
}

/* Counts of a table (constant SQL). */
static gint64
scalar (const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_universe (void)
{
  g_assert_cmpint (scalar ("SELECT count(*) FROM establishments WHERE sector = 'sanitaire'"), ==, 3306);
  g_assert_cmpint (scalar ("SELECT count(*) FROM establishments WHERE sector = 'medico_social'"), ==, 35000);
  g_assert_cmpint (scalar ("SELECT count(*) FROM establishments WHERE sector = 'grades'"), ==, 18);
  g_assert_cmpint (scalar ("SELECT count(DISTINCT region) FROM establishments WHERE sector = 'grades'"), ==, 18);
  g_assert_cmpint (scalar ("SELECT count(DISTINCT ght) FROM establishments"), ==, 135);
  g_assert_cmpint (scalar ("SELECT count(*) FROM establishments WHERE ght_role = 'support'"), ==, 135);
  g_assert_cmpint (scalar ("SELECT count(*) FROM establishments WHERE region IS NULL"), ==, 0);
  g_assert_cmpint (scalar ("SELECT count(*) FROM incidents i WHERE NOT EXISTS"
                           " (SELECT 1 FROM establishments e WHERE e.finess = i.finess)"), ==, 0);
  g_assert_cmpint (scalar ("SELECT count(*) FROM campaigns"), ==, 3);
  g_assert_cmpint (scalar ("SELECT count(*) FROM diagnostics"), >, 0);
  g_assert_cmpint (scalar ("SELECT count(*) FROM exercises"), >, 0);
  g_assert_cmpint (scalar ("SELECT count(*) FROM funding"), >, 0);
}

typedef struct
{
  int    year;
  gint64 incidents, malicious_pct, no_functioning_pct, patient_pct, support, support_pct;
  gint64 severe, ransomware, cert;
} Expected;

#define NA (-2)   /* not given by the Observatory: not checked */

static const Expected expected[] = {
  { 2019, 392, NA, NA, NA, NA, NA, NA, NA, NA },
  { 2020, 369, 60, 35, NA, NA, NA, NA, NA, NA },
  { 2021, 733, NA, 38, NA, NA, 26, NA, NA, NA },
  { 2022, 592, 50, 58, 35, NA, 29, 22, NA, NA },
  { 2023, 581, 50, 53, 35, 165, 28, 17, 32, 93 },
};

#define CHECK(field, value) \
  G_STMT_START { if ((value) != NA) g_assert_cmpint ((field), ==, (value)); } G_STMT_END

static void
test_reference_figures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const Expected *x = &expected[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(CrrcReport) r = crrc_query_report (store, x->year, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (r);
      g_test_message ("year %d", x->year);
      CHECK (r->incidents, x->incidents);
      CHECK (r->malicious_pct, x->malicious_pct);
      CHECK (r->no_functioning_impact_pct, x->no_functioning_pct);
      CHECK (r->patient_care_impact_pct, x->patient_pct);
      CHECK (r->support_requests, x->support);
      CHECK (r->support_requests_pct, x->support_pct);
      CHECK (r->severe_incidents, x->severe);
      CHECK (r->ransomware_incidents, x->ransomware);
      CHECK (r->cert_supported_establishments, x->cert);
      if (i > 0)
        g_assert_cmpint (r->incidents_previous_year, ==, expected[i - 1].incidents);
    }

  {
    g_autoptr(CrrcReport) r = crrc_query_report (store, 2023, NULL, NULL, NULL);
    g_autofree char *json = crrc_report_to_json (r);
    gint64 months = 0;

    g_assert_true (r->has_change);
    g_assert_cmpfloat_with_epsilon (r->incidents_change_pct, -1.9, 1e-9);
    g_assert_nonnull (strstr (json, "\"incidents_change_pct\": -1.9,"));
    g_assert_cmpint (r->audits, ==, 529);
    g_assert_cmpint (r->audits_centre_hospitalier, ==, 432);
    g_assert_cmpint (r->audits_sanitaire_autre, ==, 77);
    g_assert_cmpint (r->audits_medico_social, ==, 18);
    g_assert_cmpint (r->audits_grades, ==, 2);
    g_assert_cmpint (r->audited_ght, ==, 105);
    g_assert_cmpint (r->ght_majority_audited, ==, 72);
    g_assert_cmpint (r->alerted_structures, ==, 451);
    g_assert_nonnull (r->data_freshness);
    for (guint m = 0; m < 12; m++)
      {
        g_assert_cmpint (r->incidents_by_month[m], >, 0);
        months += r->incidents_by_month[m];
      }
    g_assert_cmpint (months, ==, 581);
  }
}

static gint64
lookup_count (GArray     *counts,
              const char *key)
{
  for (guint i = 0; i < counts->len; i++)
    {
      const CrrcQueryCount *c = &g_array_index (counts, CrrcQueryCount, i);
      if (g_strcmp0 (c->key, key) == 0)
        return c->count;
    }
  return 0;
}

static void
test_2021_details (void)
{
  static const struct { const char *type; gint64 count; } typology[] = {
    { "compromise", 98 }, { "ransomware", 59 }, { "malicious_email", 51 }, { "data_leak", 21 },
    { "theft", 11 }, { "denial_of_service", 9 }, { "defacement", 3 },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) types = crrc_query_count_incidents (store, CRRC_QUERY_BY_TYPE, 2021, NULL,
                                                        NULL, &error);
  g_autoptr(GArray) sectors = crrc_query_count_incidents (store, CRRC_QUERY_BY_SECTOR, 2021, NULL, NULL, &error);
  g_autoptr(GArray) years = crrc_query_count_incidents (store, CRRC_QUERY_BY_YEAR, 0, NULL, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (typology); i++)
    g_assert_cmpint (lookup_count (types, typology[i].type), ==, typology[i].count);
  g_assert_cmpint (crrc_query_percent (lookup_count (sectors, "sanitaire"), 733), ==, 65);
  g_assert_cmpint (crrc_query_percent (lookup_count (sectors, "medico_social"), 733), ==, 25);
  g_assert_cmpint (lookup_count (years, "2019"), ==, 392);
  g_assert_cmpint (lookup_count (years, "2024"), >, 0);
  g_assert_cmpint (crrc_query_percent (1, 2), ==, 50);
  g_assert_cmpint (crrc_query_percent (1, 8), ==, 13);
  g_assert_cmpint (crrc_query_percent (0, 0), ==, -1);
}

static void
add_report (CrrcReport *sum,
            const CrrcReport *r)
{
  sum->incidents += r->incidents;
  sum->support_requests += r->support_requests;
  sum->cert_supported_establishments += r->cert_supported_establishments;
  sum->severe_incidents += r->severe_incidents;
  sum->ransomware_incidents += r->ransomware_incidents;
  sum->audits += r->audits;
  sum->audits_centre_hospitalier += r->audits_centre_hospitalier;
  sum->audited_ght += r->audited_ght;
  sum->ght_majority_audited += r->ght_majority_audited;
  sum->alerted_structures += r->alerted_structures;
  sum->declaring_structures += r->declaring_structures;
}

static void
assert_same_sums (const CrrcReport *sum,
                  const CrrcReport *national)
{
  g_assert_cmpint (sum->incidents, ==, national->incidents);
  g_assert_cmpint (sum->support_requests, ==, national->support_requests);
  g_assert_cmpint (sum->cert_supported_establishments, ==, national->cert_supported_establishments);
  g_assert_cmpint (sum->severe_incidents, ==, national->severe_incidents);
  g_assert_cmpint (sum->ransomware_incidents, ==, national->ransomware_incidents);
  g_assert_cmpint (sum->audits, ==, national->audits);
  g_assert_cmpint (sum->audits_centre_hospitalier, ==, national->audits_centre_hospitalier);
  g_assert_cmpint (sum->alerted_structures, ==, national->alerted_structures);
  g_assert_cmpint (sum->declaring_structures, ==, national->declaring_structures);
}

static void
test_filters (void)
{
  for (int year = 2019; year <= 2023; year++)
    {
      g_autoptr(CrrcReport) national = crrc_query_report (store, year, NULL, NULL, NULL);
      CrrcReport by_region = { 0 }, by_sector = { 0 };
      static const char * const sectors[] = { "sanitaire", "medico_social", "grades", "other" };
      guint n_regions;
      const CrrcRegion *regions = crrc_geo_get_regions (&n_regions);

      g_assert_cmpuint (n_regions, ==, 18);
      for (guint i = 0; i < n_regions; i++)
        {
          g_autoptr(CrrcReport) r = crrc_query_report (store, year, regions[i].code, NULL, NULL);
          g_assert_nonnull (r);
          g_assert_cmpstr (r->region, ==, regions[i].code);
          add_report (&by_region, r);
        }
      /* Establishments of no region (975, 986) and unknown ones: none here. */
      g_assert_cmpint (scalar ("SELECT count(*) FROM incidents i LEFT JOIN establishments e"
                               " ON e.finess = i.finess WHERE e.region IS NULL"), ==, 0);
      assert_same_sums (&by_region, national);
      /* GHT are regional: their counts add up too. */
      g_assert_cmpint (by_region.audited_ght, ==, national->audited_ght);
      g_assert_cmpint (by_region.ght_majority_audited, ==, national->ght_majority_audited);

      for (guint i = 0; i < G_N_ELEMENTS (sectors); i++)
        {
          g_autoptr(CrrcReport) r = crrc_query_report (store, year, NULL, sectors[i], NULL);
          g_assert_nonnull (r);
          add_report (&by_sector, r);
        }
      assert_same_sums (&by_sector, national);
    }
}

/* Scale 2 doubles the universe and the events; the shares stay. */
static void
test_scale (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "scale-2", NULL);
  g_autofree char *path = g_build_filename (tmp_dir, "scale-2.db", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) scaled = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(CrrcReport) r = NULL;

  g_assert_true (crrc_demo_write_feed (dir, CRRC_DEMO_SEED, 2, &error));
  g_assert_no_error (error);
  scaled = crrc_store_open (path, NULL, &error);
  g_assert_no_error (error);
  uri = g_filename_to_uri (dir, NULL, &error);
  base = g_strconcat (uri, "/", NULL);
  sync = crrc_sync_new (scaled, base);
  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crrc_sync_report_has_failures (report));
  for (guint i = 0; i < crrc_sync_report_get_n_feeds (report); i++)
    g_assert_cmpuint (crrc_sync_report_get_feed (report, i)->rejected, ==, 0);
  g_assert_cmpuint (crrc_sync_report_lookup_feed (report, "establishments")->records, ==,
                    2 * crrc_sync_report_lookup_feed (sync_report, "establishments")->records);

  r = crrc_query_report (scaled, 2023, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->incidents, ==, 2 * 581);
  g_assert_cmpint (r->malicious_pct, ==, 50);
  g_assert_cmpint (r->support_requests, ==, 2 * 165);
  g_assert_cmpint (r->cert_supported_establishments, ==, 2 * 93);
  g_assert_cmpint (r->audits, ==, 2 * 529);
  g_assert_cmpint (r->audited_ght, ==, 2 * 105);
  g_assert_cmpint (r->ght_majority_audited, ==, 2 * 72);
  g_assert_cmpint (r->alerted_structures, ==, 2 * 451);

  g_clear_object (&report);
  g_clear_object (&sync);
  g_clear_object (&scaled);
  remove_tree (dir);
  g_remove (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_remove (wal);
    g_remove (shm);
  }
}

static void
test_empty_cache (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) empty_store = crrc_store_open (path, NULL, &error);
  g_autoptr(CrrcReport) r = NULL;
  g_autofree char *json = NULL;
  gboolean empty = FALSE;

  g_assert_no_error (error);
  g_assert_true (crrc_query_cache_is_empty (empty_store, &empty, &error));
  g_assert_true (empty);
  g_assert_true (crrc_query_cache_is_empty (store, &empty, &error));
  g_assert_false (empty);

  r = crrc_query_report (empty_store, 2023, "27", "sanitaire", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r->incidents, ==, 0);
  g_assert_cmpint (r->malicious_pct, ==, -1);
  g_assert_false (r->has_change);
  json = crrc_report_to_json (r);
  g_assert_cmpstr (json, ==,
                   "{\"year\": 2023, \"region\": \"27\", \"sector\": \"sanitaire\", \"incidents\": 0,"
                   " \"incidents_previous_year\": 0, \"incidents_change_pct\": null,"
                   " \"malicious_pct\": null, \"non_malicious_pct\": null,"
                   " \"patient_care_impact_pct\": null, \"no_functioning_impact_pct\": null,"
                   " \"support_requests\": 0, \"support_requests_pct\": null,"
                   " \"cert_supported_establishments\": 0, \"severe_incidents\": 0,"
                   " \"ransomware_incidents\": 0, \"audits\": 0, \"audits_by_target\":"
                   " {\"centre_hospitalier\": 0, \"sanitaire_autre\": 0, \"medico_social\": 0,"
                   " \"grades\": 0}, \"audited_ght\": 0, \"ght_majority_audited\": 0,"
                   " \"alerted_structures\": 0, \"declaring_structures\": 0,"
                   " \"incidents_by_month\": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],"
                   " \"incidents_by_type\": {}, \"data_freshness\": null}\n");
  g_clear_object (&empty_store);
  g_remove (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *feed_dir = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *base = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  gint64 start;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("crrc-demo-XXXXXX", &error);
  g_assert_no_error (error);
  feed_dir = g_build_filename (tmp_dir, "feed", NULL);
  cache = g_build_filename (tmp_dir, "crrc.db", NULL);

  start = g_get_monotonic_time ();
  g_assert_true (crrc_demo_write_feed (feed_dir, CRRC_DEMO_SEED, 1, &error));
  g_assert_no_error (error);
  g_test_message ("demo feed written in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  store = crrc_store_open (cache, NULL, &error);
  g_assert_no_error (error);
  uri = g_filename_to_uri (feed_dir, NULL, &error);
  g_assert_no_error (error);
  base = g_strconcat (uri, "/", NULL);
  sync = crrc_sync_new (store, base);
  crrc_sync_set_use_keyring (sync, FALSE);
  start = g_get_monotonic_time ();
  sync_report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("demo feed synced in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  g_test_add_func ("/demo/generator/deterministic", test_deterministic);
  g_test_add_func ("/demo/generator/sync-without-rejects", test_sync_clean);
  g_test_add_func ("/demo/generator/universe", test_universe);
  g_test_add_func ("/demo/report/reference-figures", test_reference_figures);
  g_test_add_func ("/demo/report/2021-details", test_2021_details);
  g_test_add_func ("/demo/report/filters-add-up", test_filters);
  g_test_add_func ("/demo/report/empty-cache", test_empty_cache);
  g_test_add_func ("/demo/generator/scale", test_scale);

  status = g_test_run ();

  g_clear_object (&sync_report);
  g_clear_object (&sync);
  g_clear_object (&store);
  remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
