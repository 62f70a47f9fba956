/* test-maturity-overview.c: the maturity overview of a region, on a hand-built cache
 *
 * Every diagnostic of the fixture answers all the questions of a domain
 * with one value v, so that the domain's score is v × 100 / 3 (0, 33, 67,
 * 100) and an overall score over n domains of values summing to S is
 * 100 S / 3n, rounded half up. The expectations below are worked out by
 * hand from that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "crrc-maturity-overview.h"
#include "crrc-store-private.h"
#include "crrc-test-utils.h"

#define N_DOMAINS 10
#define NONE -1

static CrrcStore *store;
static CrrcReferential *referential;

static void
exec_sql (const char *sql)
{
  g_autoptr(GError) error = NULL;

  _crrc_store_exec (store, sql, &error);
  g_assert_no_error (error);
}

static void
add_establishment (const char *finess,
                   const char *department,
                   const char *region,
                   const char *sector,
                   const char *category,
                   const char *closed_on)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *name = g_strdup_printf ("Établissement %s", finess);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store),
                                       "INSERT INTO establishments (finess, name, category, category_label, sector,"
                                       " department, region, commune, closed_on, source)"
                                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'test')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  if (category != NULL)
    {
      sqlite3_bind_text (stmt, 3, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, g_str_equal (category, "500") ? "EHPAD" :
                                  g_str_equal (category, "202") ? "Résidence autonomie" : "SSIAD",
                         -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, 5, sector, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, department, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, region, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, department, -1, SQLITE_STATIC);
  if (closed_on != NULL)
    sqlite3_bind_text (stmt, 9, closed_on, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

/* A diagnostic answering every question of domain d with values[d] (none
 * when NONE); @status NULL for a synced one, else a local one. */
static void
add_diagnostic (const char *id,
                const char *finess,
                const char *date,
                const char *status,
                const int   values[N_DOMAINS])
{
  g_autoptr(sqlite3_stmt) diagnostic = NULL;
  g_autoptr(sqlite3_stmt) answer = NULL;
  sqlite3 *db = _crrc_store_get_db (store);

  if (status == NULL)
    g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO diagnostics (id, finess, date, referential, source)"
                                         " VALUES (?1, ?2, ?3, 'crrc-maturity-1', 'test')",
                                         -1, &diagnostic, NULL), ==, SQLITE_OK);
  else
    g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO local_diagnostics (id, finess, date, referential, status,"
                                         " created_at, updated_at) VALUES (?1, ?2, ?3, 'crrc-maturity-1', ?4,"
                                         " '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')",
                                         -1, &diagnostic, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (diagnostic, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (diagnostic, 2, finess, -1, SQLITE_STATIC);
  sqlite3_bind_text (diagnostic, 3, date, -1, SQLITE_STATIC);
  if (status != NULL)
    sqlite3_bind_text (diagnostic, 4, status, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (diagnostic), ==, SQLITE_DONE);

  g_assert_cmpint (sqlite3_prepare_v2 (db, status == NULL
                                       ? "INSERT INTO diagnostic_answers (diagnostic_id, question, answer) VALUES (?1, ?2, ?3)"
                                       : "INSERT INTO local_diagnostic_answers (diagnostic_id, question, answer) VALUES (?1, ?2, ?3)",
                                       -1, &answer, NULL), ==, SQLITE_OK);
  for (guint d = 0; d < N_DOMAINS; d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (referential, d);

      for (guint q = domain->first_question; q < domain->first_question + domain->n_questions; q++)
        {
          char value[2] = { (char) ('0' + values[d]), '\0' };

          sqlite3_reset (answer);
          sqlite3_bind_text (answer, 1, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (answer, 2, crrc_referential_get_question (referential, q)->id, -1, SQLITE_STATIC);
          /* A domain without value is answered "unknown": no score. */
          sqlite3_bind_text (answer, 3, values[d] == NONE ? "unknown" : value, -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (answer), ==, SQLITE_DONE);
        }
    }
}

static const int *
uniform (int value)
{
  static int values[4][N_DOMAINS];

  for (guint d = 0; d < N_DOMAINS; d++)
    values[value][d] = value;
  return values[value];
}

/* An establishment of region 27 with one synced diagnostic of uniform
 * answers. */
static void
add_uniform (const char *finess,
             const char *department,
             const char *category,
             int         value)
{
  g_autofree char *id = g_strdup_printf ("d-%s", finess);

  add_establishment (finess, department, "27", "medico_social", category, NULL);
  add_diagnostic (id, finess, "2024-02-01", NULL, uniform (value));
}

/*
 * Region 27, medico-social, open:
 *   21: 6 diagnosed (category 500) — 0 (a local validated one over a synced
 *       100 of the same date; a later draft ignored), 33 (over an older
 *       100), 67, 100, 100, 100 — and 2 never diagnosed (500);
 *       median of 0 33 67 100 100 100: (67 + 100) / 2 = 83.5 → 84.
 *   25: the band boundaries 24 25 48 (category 202) 50 74 75 (500);
 *       median (48 + 50) / 2 = 49 → 49.
 *   39: 5 diagnosed (209): 0 33 33 67 100 → 33; 1 never, no category.
 *   58: 4 diagnosed (500): 100 × 4 → hidden; 3 never (209).
 * 39's never diagnosed one has a diagnostic against another referential.
 * Outside the scope: a closed establishment of 21 with a diagnostic, a
 * sanitaire one of 21 (category 355, 100), one of region 11 (0).
 */
static void
fill_region (void)
{
  /* 24 = 100 × 5 / 21 (7 domains); 25 = 100 × 3 / 12; 48 = 100 × 10 / 21;
   * 50 = 100 × 3 / 6; 74 = 100 × 20 / 27; 75 = 100 × 9 / 12. */
  static const int score_24[N_DOMAINS] = { 1, 1, 1, 1, 1, 0, 0, NONE, NONE, NONE };
  static const int score_25[N_DOMAINS] = { 1, 1, 1, 0, NONE, NONE, NONE, NONE, NONE, NONE };
  static const int score_48[N_DOMAINS] = { 2, 2, 2, 1, 1, 1, 1, NONE, NONE, NONE };
  static const int score_50[N_DOMAINS] = { 2, 1, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE };
  static const int score_74[N_DOMAINS] = { 3, 3, 2, 2, 2, 2, 2, 2, 2, NONE };
  static const int score_75[N_DOMAINS] = { 3, 3, 3, 0, NONE, NONE, NONE, NONE, NONE, NONE };

  exec_sql ("BEGIN");

  /* 21 */
  add_establishment ("210000001", "21", "27", "medico_social", "500", NULL);
  add_diagnostic ("s-21-1", "210000001", "2024-03-01", NULL, uniform (3));
  add_diagnostic ("l-21-1", "210000001", "2024-03-01", "validated", uniform (0));
  add_diagnostic ("draft-21-1", "210000001", "2024-06-01", "draft", uniform (3));
  add_establishment ("210000002", "21", "27", "medico_social", "500", NULL);
  add_diagnostic ("old-21-2", "210000002", "2022-05-01", NULL, uniform (3));
  add_diagnostic ("new-21-2", "210000002", "2024-05-01", NULL, uniform (1));
  add_uniform ("210000003", "21", "500", 2);
  add_uniform ("210000004", "21", "500", 3);
  add_uniform ("210000005", "21", "500", 3);
  add_uniform ("210000006", "21", "500", 3);
  add_establishment ("210000007", "21", "27", "medico_social", "500", NULL);
  add_establishment ("210000008", "21", "27", "medico_social", "500", NULL);
  /* Only a draft: never diagnosed. */
  add_diagnostic ("draft-21-8", "210000008", "2024-06-01", "draft", uniform (3));
  add_establishment ("210000009", "21", "27", "medico_social", "500", "2023-12-31");
  add_diagnostic ("closed-21-9", "210000009", "2023-01-01", NULL, uniform (0));
  add_establishment ("210000010", "21", "27", "sanitaire", "355", NULL);
  add_diagnostic ("s-21-10", "210000010", "2024-01-01", NULL, uniform (3));

  /* 25 */
  add_establishment ("250000001", "25", "27", "medico_social", "202", NULL);
  add_diagnostic ("d-25-1", "250000001", "2024-01-01", NULL, score_24);
  add_establishment ("250000002", "25", "27", "medico_social", "202", NULL);
  add_diagnostic ("d-25-2", "250000002", "2024-01-01", NULL, score_25);
  add_establishment ("250000003", "25", "27", "medico_social", "202", NULL);
  add_diagnostic ("d-25-3", "250000003", "2024-01-01", NULL, score_48);
  add_establishment ("250000004", "25", "27", "medico_social", "500", NULL);
  add_diagnostic ("d-25-4", "250000004", "2024-01-01", "validated", score_50);
  /* An answer to a question of a newer referential: left out. */
  exec_sql ("INSERT INTO local_diagnostic_answers (diagnostic_id, question, answer)"
            " VALUES ('d-25-4', 'governance.from_a_newer_version', '0')");
  add_establishment ("250000005", "25", "27", "medico_social", "500", NULL);
  add_diagnostic ("d-25-5", "250000005", "2024-01-01", NULL, score_74);
  add_establishment ("250000006", "25", "27", "medico_social", "500", NULL);
  add_diagnostic ("d-25-6", "250000006", "2024-01-01", NULL, score_75);

  /* 39 */
  add_uniform ("390000001", "39", "209", 0);
  add_uniform ("390000002", "39", "209", 1);
  add_uniform ("390000003", "39", "209", 1);
  add_uniform ("390000004", "39", "209", 2);
  add_uniform ("390000005", "39", "209", 3);
  add_establishment ("390000006", "39", "27", "medico_social", NULL, NULL);
  /* Against another referential: never diagnosed still. */
  exec_sql ("INSERT INTO diagnostics (id, finess, date, referential, source)"
            " VALUES ('other-39-6', '390000006', '2024-01-01', 'another-referential', 'test');"
            "INSERT INTO diagnostic_answers (diagnostic_id, question, answer)"
            " VALUES ('other-39-6', 'governance.something', '3');");

  /* 58 */
  add_uniform ("580000001", "58", "500", 3);
  add_uniform ("580000002", "58", "500", 3);
  add_uniform ("580000003", "58", "500", 3);
  add_uniform ("580000004", "58", "500", 3);
  add_establishment ("580000005", "58", "27", "medico_social", "209", NULL);
  add_establishment ("580000006", "58", "27", "medico_social", "209", NULL);
  add_establishment ("580000007", "58", "27", "medico_social", "209", NULL);

  /* Region 11 */
  add_establishment ("750000001", "75", "11", "medico_social", "500", NULL);
  add_diagnostic ("d-75-1", "750000001", "2024-01-01", NULL, uniform (0));

  exec_sql ("COMMIT");
}

static CrrcMaturityOverview *
load (const char *region,
      const char *sector)
{
  g_autoptr(GError) error = NULL;
  CrrcMaturityScope scope = { region, sector };
  CrrcMaturityOverview *overview = crrc_maturity_overview_load (store, &scope, &error);

  g_assert_no_error (error);
  g_assert_nonnull (overview);
  return overview;
}

static GPtrArray *
list (const char              *region,
      const char              *sector,
      const CrrcMaturityDrill *drill,
      guint                    limit,
      guint                   *total)
{
  g_autoptr(GError) error = NULL;
  CrrcMaturityScope scope = { region, sector };
  GPtrArray *rows = crrc_maturity_overview_list (store, &scope, drill, limit, total, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static void
assert_department (CrrcMaturityOverview *overview,
                   const char           *code,
                   guint                 n_establishments,
                   guint                 n_diagnosed,
                   int                   median)
{
  const CrrcMaturityOverviewDepartment *department = crrc_maturity_overview_lookup_department (overview, code);

  g_assert_nonnull (department);
  g_assert_cmpuint (department->n_establishments, ==, n_establishments);
  g_assert_cmpuint (department->n_diagnosed, ==, n_diagnosed);
  g_assert_cmpint (department->median, ==, median);
}

static void
test_departments (void)
{
  g_autoptr(CrrcMaturityOverview) overview = load ("27", "medico_social");
  const CrrcMaturityOverviewDepartment *first;

  g_assert_cmpuint (overview->n_establishments, ==, 27);
  g_assert_cmpuint (overview->n_diagnosed, ==, 21);
  g_assert_cmpuint (overview->n_scored, ==, 21);
  g_assert_cmpuint (overview->n_never, ==, 6);
  /* 0 0 24 25 33 33 33 48 50 67 [67] 74 75 100 × 8 */
  g_assert_cmpint (overview->median, ==, 67);

  g_assert_cmpuint (overview->departments->len, ==, 4);
  first = g_ptr_array_index (overview->departments, 0);
  g_assert_cmpstr (first->code, ==, "21");
  /* Even count: (67 + 100) / 2 = 83.5, half up. */
  assert_department (overview, "21", 8, 6, 84);
  /* (48 + 50) / 2 = 49. */
  assert_department (overview, "25", 6, 6, 49);
  /* Odd count, exactly five: the small cell is shown. */
  assert_department (overview, "39", 6, 5, 33);
  /* Four: hidden. */
  assert_department (overview, "58", 7, 4, -1);
  g_assert_null (crrc_maturity_overview_lookup_department (overview, "75"));
}

static void
assert_bands (const CrrcMaturityOverviewCategory *category,
              guint                               initial,
              guint                               partial,
              guint                               managed,
              guint                               optimised)
{
  g_assert_nonnull (category);
  g_assert_cmpuint (category->bands[CRRC_MATURITY_BAND_INITIAL], ==, initial);
  g_assert_cmpuint (category->bands[CRRC_MATURITY_BAND_PARTIAL], ==, partial);
  g_assert_cmpuint (category->bands[CRRC_MATURITY_BAND_MANAGED], ==, managed);
  g_assert_cmpuint (category->bands[CRRC_MATURITY_BAND_OPTIMISED], ==, optimised);
  g_assert_cmpuint (category->n_diagnosed, ==, initial + partial + managed + optimised);
}

static void
test_bands (void)
{
  g_autoptr(CrrcMaturityOverview) overview = load ("27", "medico_social");
  const CrrcMaturityOverviewCategory *category;

  /* Most diagnosed first: 500 (13), 209 (5), 202 (3). */
  g_assert_cmpuint (overview->categories->len, ==, 3);
  category = g_ptr_array_index (overview->categories, 0);
  g_assert_cmpstr (category->key, ==, "500");
  g_assert_cmpstr (category->label, ==, "EHPAD");
  g_assert_cmpuint (category->n_establishments, ==, 15);
  /* 21: 0 33 67 100 100 100; 25: 50 74 75; 58: 100 × 4. */
  assert_bands (category, 1, 1, 3, 8);
  category = g_ptr_array_index (overview->categories, 1);
  g_assert_cmpstr (category->key, ==, "209");
  /* 0 33 33 67 100 */
  assert_bands (category, 1, 2, 1, 1);
  category = g_ptr_array_index (overview->categories, 2);
  g_assert_cmpstr (category->key, ==, "202");
  /* The boundaries: 24 Initial, 25 and 48 Partiel. */
  assert_bands (category, 1, 2, 0, 0);

  /* Sanitaire too: 355 (1 diagnosed, 100) comes last. */
  {
    g_autoptr(CrrcMaturityOverview) all = load ("27", NULL);

    g_assert_cmpuint (all->n_establishments, ==, 28);
    g_assert_cmpuint (all->n_diagnosed, ==, 22);
    assert_bands (crrc_maturity_overview_lookup_category (all, "355"), 0, 0, 0, 1);
    assert_department (all, "21", 9, 7, 100);
  }
}

static void
test_never (void)
{
  g_autoptr(CrrcMaturityOverview) overview = load ("27", "medico_social");
  const CrrcMaturityOverviewCategory *category;
  g_autoptr(GPtrArray) rows = NULL;
  CrrcMaturityDrill drill = { CRRC_MATURITY_DRILL_NEVER };
  guint total = 0;

  /* 209 (3), 500 (2), no category (1). */
  g_assert_cmpuint (overview->never_categories->len, ==, 3);
  category = g_ptr_array_index (overview->never_categories, 0);
  g_assert_cmpstr (category->key, ==, "209");
  g_assert_cmpuint (category->n_never, ==, 3);
  category = g_ptr_array_index (overview->never_categories, 1);
  g_assert_cmpstr (category->key, ==, "500");
  g_assert_cmpuint (category->n_never, ==, 2);
  category = g_ptr_array_index (overview->never_categories, 2);
  g_assert_cmpstr (category->key, ==, CRRC_MATURITY_OVERVIEW_NO_CATEGORY);
  g_assert_cmpuint (category->n_never, ==, 1);

  rows = list ("27", "medico_social", &drill, 0, &total);
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpuint (total, ==, 6);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Limited, the total stays. */
  rows = list ("27", "medico_social", &drill, 4, &total);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpuint (total, ==, 6);
  g_clear_pointer (&rows, g_ptr_array_unref);

  drill.category = "500";
  rows = list ("27", "medico_social", &drill, 0, &total);
  g_assert_cmpuint (total, ==, 2);
  g_assert_cmpstr (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 0))->finess, ==, "210000007");
  /* The one with only a draft. */
  g_assert_cmpstr (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 1))->finess, ==, "210000008");
  g_clear_pointer (&rows, g_ptr_array_unref);

  drill.category = CRRC_MATURITY_OVERVIEW_NO_CATEGORY;
  rows = list ("27", "medico_social", &drill, 0, &total);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpstr (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 0))->finess, ==, "390000006");
  g_assert_null (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 0))->category);
}

static void
test_drill_diagnosed (void)
{
  g_autoptr(CrrcMaturityOverview) overview = load ("27", "medico_social");
  g_autoptr(GPtrArray) rows = NULL;
  CrrcMaturityDrill drill = { CRRC_MATURITY_DRILL_DIAGNOSED, .department = "21" };
  CrrcQueryEstablishment *row;
  guint total = 0;

  rows = list ("27", "medico_social", &drill, 0, &total);
  g_assert_cmpuint (total, ==, 6);
  g_assert_cmpuint (rows->len, ==, 6);
  /* Weakest first: the local validated diagnostic (0) won. */
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (row->finess, ==, "210000001");
  g_assert_cmpint (row->count, ==, 0);
  g_assert_cmpstr (row->name, ==, "Établissement 210000001");
  g_assert_cmpstr (row->category_label, ==, "EHPAD");
  /* The latest of two synced ones. */
  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (row->finess, ==, "210000002");
  g_assert_cmpint (row->count, ==, 33);
  row = g_ptr_array_index (rows, 5);
  g_assert_cmpint (row->count, ==, 100);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Every department's list has its count of diagnosed. */
  for (guint i = 0; i < overview->departments->len; i++)
    {
      const CrrcMaturityOverviewDepartment *department = g_ptr_array_index (overview->departments, i);

      drill.department = department->code;
      rows = list ("27", "medico_social", &drill, 0, &total);
      g_assert_cmpuint (total, ==, department->n_diagnosed);
      g_clear_pointer (&rows, g_ptr_array_unref);
    }

  drill.department = NULL;
  rows = list ("27", "medico_social", &drill, 3, &total);
  g_assert_cmpuint (total, ==, 21);
  g_assert_cmpuint (rows->len, ==, 3);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Every score is that of the establishment's latest diagnostic as its
   * page reads it. */
  rows = list ("27", "medico_social", &drill, 0, &total);
  g_assert_cmpuint (rows->len, ==, 21);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) diagnostics = NULL;
      CrrcMaturityDiagnostic *latest;

      row = g_ptr_array_index (rows, i);
      diagnostics = crrc_maturity_load_diagnostics (store, row->finess, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (diagnostics->len, >, 0);
      latest = g_ptr_array_index (diagnostics, 0);
      g_assert_cmpint (row->count, ==, latest->scores->overall);
    }
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Bands by category. */
  for (guint i = 0; i < overview->categories->len; i++)
    {
      const CrrcMaturityOverviewCategory *category = g_ptr_array_index (overview->categories, i);

      for (CrrcMaturityBand band = CRRC_MATURITY_BAND_INITIAL; band <= CRRC_MATURITY_BAND_OPTIMISED; band++)
        {
          CrrcMaturityDrill band_drill = { CRRC_MATURITY_DRILL_BAND, .category = category->key, .band = band };

          rows = list ("27", "medico_social", &band_drill, 0, &total);
          g_assert_cmpuint (total, ==, category->bands[band]);
          for (guint r = 0; r < rows->len; r++)
            {
              row = g_ptr_array_index (rows, r);
              g_assert_cmpint (crrc_maturity_band_for_score ((int) row->count), ==, band);
            }
          g_clear_pointer (&rows, g_ptr_array_unref);
        }
    }

  {
    CrrcMaturityDrill band_drill = { CRRC_MATURITY_DRILL_BAND, .category = "202",
                                     .band = CRRC_MATURITY_BAND_PARTIAL };

    rows = list ("27", "medico_social", &band_drill, 0, &total);
    g_assert_cmpuint (total, ==, 2);
    g_assert_cmpint (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 0))->count, ==, 25);
    g_assert_cmpint (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 1))->count, ==, 48);
  }
}

/* Region 84, department 01: five establishments whose domains are scored
 * so that medians and means differ. Per domain, the values of the five:
 *   d0 3 3 3 0 0 → 100   d1 0 0 0 3 3 → 0    d2 1 1 1 1 1 → 33
 *   d3 2 2 2 2 2 → 67    d4 1 2 2 3 3 → 67   d5 0 1 1 1 3 → 33
 *   d6 3 3 3 3 3 → 100   d7 2 2 2 2 1 → 67   d8 0 0 1 1 1 → 33
 *   d9 3 3 3 3 — → four scores: hidden
 * Weakest first (ties in the referential's order): d1, d2, d5, d8, d3, d4,
 * d7, d0, d6, then d9. */
static void
fill_domains (void)
{
  static const int values[5][N_DOMAINS] = {
    { 3, 0, 1, 2, 1, 0, 3, 2, 0, 3 },
    { 3, 0, 1, 2, 2, 1, 3, 2, 0, 3 },
    { 3, 0, 1, 2, 2, 1, 3, 2, 1, 3 },
    { 0, 3, 1, 2, 3, 1, 3, 2, 1, 3 },
    { 0, 3, 1, 2, 3, 3, 3, 1, 1, NONE },
  };

  exec_sql ("BEGIN");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *finess = g_strdup_printf ("01000000%u", i + 1);
      g_autofree char *id = g_strdup_printf ("d-01-%u", i + 1);

      add_establishment (finess, "01", "84", "medico_social", "500", NULL);
      add_diagnostic (id, finess, "2024-01-01", NULL, values[i]);
    }
  exec_sql ("COMMIT");
}

static void
test_domains (void)
{
  g_autoptr(CrrcMaturityOverview) overview = load ("84", NULL);
  static const guint order[N_DOMAINS] = { 1, 2, 5, 8, 3, 4, 7, 0, 6, 9 };
  static const int medians[N_DOMAINS] = { 0, 33, 33, 33, 67, 67, 67, 100, 100, -1 };
  static const guint weak[N_DOMAINS] = { 3, 5, 4, 5, 0, 1, 1, 2, 0, 0 };
  g_autoptr(GPtrArray) rows = NULL;
  guint total = 0;

  g_assert_cmpuint (overview->domains->len, ==, N_DOMAINS);
  for (guint i = 0; i < N_DOMAINS; i++)
    {
      const CrrcMaturityOverviewDomain *domain = &g_array_index (overview->domains, CrrcMaturityOverviewDomain, i);

      g_assert_cmpuint (domain->index, ==, order[i]);
      g_assert_cmpstr (domain->id, ==, crrc_referential_get_domain (referential, order[i])->id);
      g_assert_cmpint (domain->median, ==, medians[i]);
      g_assert_cmpuint (domain->n_scored, ==, order[i] == 9 ? 4 : 5);
      g_assert_cmpuint (domain->n_weak, ==, weak[i]);
    }

  /* d5: 0 33 33 33 below 50, weakest first. */
  {
    CrrcMaturityDrill drill = { CRRC_MATURITY_DRILL_DOMAIN,
                                .domain = crrc_referential_get_domain (referential, 5)->id };

    rows = list ("84", NULL, &drill, 0, &total);
    g_assert_cmpuint (total, ==, 4);
    g_assert_cmpint (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 0))->count, ==, 0);
    g_assert_cmpstr (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 0))->finess, ==, "010000001");
    g_assert_cmpint (((CrrcQueryEstablishment *) g_ptr_array_index (rows, 3))->count, ==, 33);
  }

  /* Region 27's d9: only the 15 uniform diagnostics scored it. */
  {
    g_autoptr(CrrcMaturityOverview) region = load ("27", "medico_social");

    g_assert_cmpuint (crrc_maturity_overview_lookup_domain (region,
                                                            crrc_referential_get_domain (referential, 9)->id)->n_scored,
                      ==, 15);
    g_assert_cmpuint (crrc_maturity_overview_lookup_domain (region,
                                                            crrc_referential_get_domain (referential, 0)->id)->n_scored,
                      ==, 21);
  }
}

static void
test_france (void)
{
  g_autoptr(CrrcMaturityOverview) overview = load (NULL, NULL);

  /* 28 in region 27, 1 in 11, 5 in 84. */
  g_assert_cmpuint (overview->n_establishments, ==, 34);
  g_assert_cmpuint (overview->n_diagnosed, ==, 28);
  g_assert_cmpuint (overview->n_never, ==, 6);
  assert_department (overview, "75", 1, 1, -1);
}

/* More than eight categories: seven listed, the others grouped. */
static void
test_other_categories (void)
{
  g_autoptr(CrrcMaturityOverview) overview = NULL;
  const CrrcMaturityOverviewCategory *other;
  g_autoptr(GPtrArray) rows = NULL;
  guint total = 0;
  guint grouped = 0;

  exec_sql ("BEGIN");
  for (guint c = 0; c < 10; c++)
    for (guint i = 0; i <= c; i++)
      {
        g_autofree char *finess = g_strdup_printf ("9710%02u%03u", c, i);
        g_autofree char *category = g_strdup_printf ("6%02u", c);
        g_autofree char *id = g_strdup_printf ("d-%s", finess);

        add_establishment (finess, "971", "01", "medico_social", category, NULL);
        /* The first of each category never diagnosed. */
        if (i > 0)
          add_diagnostic (id, finess, "2024-01-01", NULL, uniform (i % 4));
      }
  exec_sql ("COMMIT");

  overview = load ("01", NULL);
  /* Categories 601…609 have 1…9 diagnosed. */
  g_assert_cmpuint (overview->categories->len, ==, CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES);
  g_assert_cmpstr (((CrrcMaturityOverviewCategory *) g_ptr_array_index (overview->categories, 0))->key, ==, "609");
  other = g_ptr_array_index (overview->categories, CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES - 1);
  g_assert_cmpstr (other->key, ==, CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES);
  /* 602 + 601 = 2 + 1 diagnosed. */
  g_assert_cmpuint (other->n_diagnosed, ==, 3);
  for (CrrcMaturityBand band = CRRC_MATURITY_BAND_INITIAL; band <= CRRC_MATURITY_BAND_OPTIMISED; band++)
    {
      CrrcMaturityDrill drill = { CRRC_MATURITY_DRILL_BAND, .category = CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES,
                                  .band = band };

      rows = list ("01", NULL, &drill, 0, &total);
      g_assert_cmpuint (total, ==, other->bands[band]);
      grouped += total;
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  g_assert_cmpuint (grouped, ==, 3);

  /* Never diagnosed: one per category, ten categories. */
  g_assert_cmpuint (overview->n_never, ==, 10);
  g_assert_cmpuint (overview->never_categories->len, ==, CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES);
  other = g_ptr_array_index (overview->never_categories, CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES - 1);
  g_assert_cmpstr (other->key, ==, CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES);
  g_assert_cmpuint (other->n_never, ==, 3);
  {
    CrrcMaturityDrill drill = { CRRC_MATURITY_DRILL_NEVER, .category = CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES };

    rows = list ("01", NULL, &drill, 0, &total);
    g_assert_cmpuint (total, ==, 3);
    g_assert_cmpuint (rows->len, ==, 3);
  }
}

static void
test_empty (void)
{
  g_autoptr(CrrcMaturityOverview) overview = load ("93", NULL);

  g_assert_cmpuint (overview->n_establishments, ==, 0);
  g_assert_cmpuint (overview->n_diagnosed, ==, 0);
  g_assert_cmpint (overview->median, ==, -1);
  g_assert_cmpuint (overview->departments->len, ==, 0);
  g_assert_cmpuint (overview->categories->len, ==, 0);
  g_assert_cmpuint (overview->domains->len, ==, N_DOMAINS);
  for (guint i = 0; i < N_DOMAINS; i++)
    g_assert_cmpint (g_array_index (overview->domains, CrrcMaturityOverviewDomain, i).median, ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp_dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  referential = crrc_referential_get_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_referential_get_n_domains (referential), ==, N_DOMAINS);

  tmp_dir = crrc_test_make_dir ("crrc-maturity-overview");
  store = crrc_test_open_store (tmp_dir, "crrc.db");
  fill_region ();
  fill_domains ();

  g_test_add_func ("/maturity-overview/departments", test_departments);
  g_test_add_func ("/maturity-overview/bands", test_bands);
  g_test_add_func ("/maturity-overview/never", test_never);
  g_test_add_func ("/maturity-overview/drill-diagnosed", test_drill_diagnosed);
  g_test_add_func ("/maturity-overview/domains", test_domains);
  g_test_add_func ("/maturity-overview/france", test_france);
  g_test_add_func ("/maturity-overview/empty", test_empty);
  /* Last: it adds establishments. */
  g_test_add_func ("/maturity-overview/other-categories", test_other_categories);

  status = g_test_run ();

  g_clear_object (&store);
  crrc_test_remove_tree (tmp_dir);
  return status;
}
