/* test-diagnostics.c: the analyst's local diagnostics, their results and
 * their CSV columns, on a real cache file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "crrc-diagnostics.h"
#include "crrc-export.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"
#include "crrc-test-utils.h"

static char *tmp_dir;
static CrrcStore *demo;   /* the demonstration cache, shared */

/* An establishment of the demonstration with a synced diagnostic, and a
 * category and region with at least 5 diagnosed peers. */
static char *finess;

static int
query_int (CrrcStore  *store,
           const char *sql,
           const char *arg)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static char *
query_text (CrrcStore  *store,
            const char *sql,
            const char *arg)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static void
assert_text (CrrcStore  *store,
             const char *sql,
             const char *arg,
             const char *expected)
{
  g_autofree char *text = query_text (store, sql, arg);

  g_assert_cmpstr (text, ==, expected);
}

static void
exec (CrrcStore  *store,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_crrc_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static void
test_create_and_find (void)
{
  g_autoptr(CrrcStore) store = crrc_test_open_store (tmp_dir, "create.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *found = NULL;
  g_autoptr(CrrcLocalDiagnostic) diagnostic = NULL;

  found = crrc_local_diagnostic_find_draft (store, "750000010", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  id = crrc_local_diagnostic_create (store, "750 000 010", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  g_assert_true (g_str_has_prefix (id, "LOCAL-DIAG-"));
  g_assert_true (g_uuid_string_is_valid (id + strlen ("LOCAL-DIAG-")));

  diagnostic = crrc_local_diagnostic_load (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (diagnostic->finess, ==, "750000010");
  g_assert_cmpstr (diagnostic->date, ==, today);
  g_assert_cmpstr (diagnostic->referential, ==, "crrc-maturity-1");
  g_assert_null (diagnostic->campaign);
  g_assert_false (diagnostic->validated);
  g_assert_null (diagnostic->validated_at);
  g_assert_nonnull (diagnostic->created_at);
  g_assert_cmpuint (g_hash_table_size (diagnostic->answers), ==, 0);

  found = crrc_local_diagnostic_find_draft (store, "750000010", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, id);
  g_clear_pointer (&found, g_free);

  other = crrc_local_diagnostic_create (store, "750000028", "CAMP-1", "2024-03-15", &error);
  g_assert_no_error (error);
  g_clear_pointer (&diagnostic, crrc_local_diagnostic_free);
  diagnostic = crrc_local_diagnostic_load (store, other, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (diagnostic->campaign, ==, "CAMP-1");
  g_assert_cmpstr (diagnostic->date, ==, "2024-03-15");

  /* Refusals name what was wrong, and write nothing. */
  g_assert_null (crrc_local_diagnostic_create (store, "75-ABC", NULL, NULL, &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "75-ABC"));
  g_clear_error (&error);
  g_assert_null (crrc_local_diagnostic_create (store, "750000010", NULL, "2024-02-30", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2024-02-30"));
  g_clear_error (&error);
  g_assert_null (crrc_local_diagnostic_create (store, "750000010", NULL, "15/03/2024", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_diagnostics", NULL), ==, 2);

  g_assert_null (crrc_local_diagnostic_load (store, "LOCAL-DIAG-nope", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "LOCAL-DIAG-nope"));
}

static void
test_set_answer (void)
{
  g_autoptr(CrrcStore) store = crrc_test_open_store (tmp_dir, "answers.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcLocalDiagnostic) diagnostic = NULL;
  g_autofree char *id = crrc_local_diagnostic_create (store, "750000010", NULL, "2024-01-10", &error);
  g_autofree char *updated = NULL;

  g_assert_no_error (error);

  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", "2", &error));
  g_assert_no_error (error);
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", "3", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "exposure.cert_audit", "na", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "watch.cert_alerts", "unknown", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "crisis.exercise", "0", &error));
  g_assert_no_error (error);

  /* Cleared. */
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "crisis.exercise", NULL, &error));
  g_assert_no_error (error);

  /* updated_at moves with every change. */
  exec (store, "UPDATE local_diagnostics SET updated_at = '2000-01-01T00:00:00Z'");
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "awareness.training", "1", &error));
  updated = query_text (store, "SELECT updated_at FROM local_diagnostics WHERE id = ?1", id);
  g_assert_cmpstr (updated, >, "2020-01-01");

  diagnostic = crrc_local_diagnostic_load (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (diagnostic->answers), ==, 4);
  g_assert_cmpstr (g_hash_table_lookup (diagnostic->answers, "governance.mapping"), ==, "3");
  g_assert_cmpstr (g_hash_table_lookup (diagnostic->answers, "exposure.cert_audit"), ==, "na");
  g_assert_cmpstr (g_hash_table_lookup (diagnostic->answers, "watch.cert_alerts"), ==, "unknown");
  g_assert_cmpstr (g_hash_table_lookup (diagnostic->answers, "awareness.training"), ==, "1");
  g_assert_false (g_hash_table_contains (diagnostic->answers, "crisis.exercise"));
  g_assert_cmpuint (crrc_diagnostic_count_answered (crrc_referential_get_default (NULL), diagnostic->answers, -1), ==, 4);
  g_assert_cmpuint (crrc_diagnostic_count_answered (crrc_referential_get_default (NULL), diagnostic->answers, 0), ==, 1);

  /* Refusals. */
  g_assert_false (crrc_local_diagnostic_set_answer (store, id, "governance.coffee", "2", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "governance.coffee"));
  g_clear_error (&error);
  g_assert_false (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", "4", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“4”"));
  g_clear_error (&error);
  g_assert_false (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", "NA", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (crrc_local_diagnostic_set_answer (store, "LOCAL-DIAG-missing", "governance.mapping", "1", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "LOCAL-DIAG-missing"));
  g_clear_error (&error);
  assert_text (store, "SELECT answer FROM local_diagnostic_answers WHERE question = 'governance.mapping'", NULL, "3");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_diagnostic_answers", NULL), ==, 4);

  /* The date of a draft. */
  g_assert_true (crrc_local_diagnostic_set_date (store, id, "2024-02-29", &error));
  g_assert_no_error (error);
  g_assert_false (crrc_local_diagnostic_set_date (store, id, "2023-02-29", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&diagnostic, crrc_local_diagnostic_free);
  diagnostic = crrc_local_diagnostic_load (store, id, &error);
  g_assert_cmpstr (diagnostic->date, ==, "2024-02-29");
  /* No transaction left open by a refusal. */
  g_assert_true (sqlite3_get_autocommit (_crrc_store_get_db (store)));
}

static void
test_validate_and_delete (void)
{
  g_autoptr(CrrcStore) store = crrc_test_open_store (tmp_dir, "validate.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcLocalDiagnostic) diagnostic = NULL;
  g_autofree char *id = crrc_local_diagnostic_create (store, "750000010", NULL, "2024-01-10", &error);
  g_autofree char *draft = NULL;
  g_autofree char *found = NULL;

  g_assert_no_error (error);

  /* Nothing answered: refused. */
  g_assert_false (crrc_local_diagnostic_validate (store, id, &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, id));
  g_clear_error (&error);
  assert_text (store, "SELECT status FROM local_diagnostics WHERE id = ?1", id, "draft");

  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", "2", &error));
  g_assert_true (crrc_local_diagnostic_validate (store, id, &error));
  g_assert_no_error (error);

  diagnostic = crrc_local_diagnostic_load (store, id, &error);
  g_assert_true (diagnostic->validated);
  g_assert_nonnull (diagnostic->validated_at);

  found = crrc_local_diagnostic_find_draft (store, "750000010", &error);
  g_assert_no_error (error);
  g_assert_null (found);

  /* A validated diagnostic no longer changes. */
  g_assert_false (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", "3", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_VALIDATED);
  g_assert_nonnull (strstr (error->message, id));
  g_clear_error (&error);
  g_assert_false (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", NULL, &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_VALIDATED);
  g_clear_error (&error);
  g_assert_false (crrc_local_diagnostic_set_date (store, id, "2024-01-11", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_VALIDATED);
  g_clear_error (&error);
  g_assert_false (crrc_local_diagnostic_validate (store, id, &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_VALIDATED);
  g_clear_error (&error);
  g_assert_false (crrc_local_diagnostic_delete (store, id, &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_VALIDATED);
  g_clear_error (&error);
  assert_text (store, "SELECT answer FROM local_diagnostic_answers WHERE diagnostic_id = ?1", id, "2");

  /* A draft is deleted with its answers. */
  draft = crrc_local_diagnostic_create (store, "750000010", NULL, "2024-05-10", &error);
  g_assert_true (crrc_local_diagnostic_set_answer (store, draft, "governance.mapping", "1", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (store, draft, "crisis.exercise", "0", &error));
  g_assert_no_error (error);
  g_assert_true (crrc_local_diagnostic_delete (store, draft, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_diagnostics WHERE id = ?1", draft), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_diagnostic_answers WHERE diagnostic_id = ?1", draft), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_diagnostics", NULL), ==, 1);
  g_assert_false (crrc_local_diagnostic_delete (store, draft, &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_NOT_FOUND);
  g_assert_true (sqlite3_get_autocommit (_crrc_store_get_db (store)));
}

static void
test_list (void)
{
  g_autoptr(CrrcStore) store = crrc_test_open_store (tmp_dir, "list.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *a = crrc_local_diagnostic_create (store, "750000010", NULL, "2024-01-10", &error);
  g_autofree char *b = crrc_local_diagnostic_create (store, "750000010", NULL, "2024-03-10", &error);
  g_autofree char *c = crrc_local_diagnostic_create (store, "750000028", NULL, "2024-02-10", &error);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;
  CrrcLocalDiagnostic *first;

  g_assert_no_error (error);
  g_assert_true (crrc_local_diagnostic_set_answer (store, b, "governance.mapping", "1", &error));
  g_assert_true (crrc_local_diagnostic_validate (store, b, &error));

  all = crrc_local_diagnostic_list (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  first = g_ptr_array_index (all, 0);
  g_assert_cmpstr (first->id, ==, b);
  g_assert_true (first->validated);
  g_assert_cmpstr (g_hash_table_lookup (first->answers, "governance.mapping"), ==, "1");
  g_assert_cmpstr (((CrrcLocalDiagnostic *) g_ptr_array_index (all, 1))->id, ==, c);
  g_assert_cmpstr (((CrrcLocalDiagnostic *) g_ptr_array_index (all, 2))->id, ==, a);

  one = crrc_local_diagnostic_list (store, "750 000 028", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (((CrrcLocalDiagnostic *) g_ptr_array_index (one, 0))->id, ==, c);
}

static void
test_draft_survives_restart (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcLocalDiagnostic) diagnostic = NULL;
  g_autofree char *id = NULL;
  g_autofree char *found = NULL;
  CrrcStore *store = crrc_test_open_store (tmp_dir, "restart.db");

  id = crrc_local_diagnostic_create (store, "750000010", NULL, "2024-01-10", &error);
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "governance.mapping", "2", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "identities.mfa", "na", &error));
  g_assert_no_error (error);
  /* The application quits: the connection is closed. */
  g_assert_finalize_object (store);

  store = crrc_test_open_store (tmp_dir, "restart.db");
  found = crrc_local_diagnostic_find_draft (store, "750000010", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, id);
  diagnostic = crrc_local_diagnostic_load (store, id, &error);
  g_assert_no_error (error);
  g_assert_false (diagnostic->validated);
  g_assert_cmpuint (g_hash_table_size (diagnostic->answers), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (diagnostic->answers, "governance.mapping"), ==, "2");
  g_assert_cmpstr (g_hash_table_lookup (diagnostic->answers, "identities.mfa"), ==, "na");
  /* And it goes on. */
  g_assert_true (crrc_local_diagnostic_set_answer (store, id, "crisis.exercise", "1", &error));
  g_assert_no_error (error);
  g_assert_finalize_object (store);
}

/* A feed of one synced diagnostic for @finess_id, newer than everything. */
static char *
write_feed (const char *name,
            const char *finess_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *manifest = g_build_filename (dir, "manifest.json", NULL);
  g_autofree char *page = g_build_filename (dir, "diagnostics.json", NULL);
  g_autofree char *items = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (manifest,
                                      "{\"format\": \"crrc-feed\", \"version\": 1, \"publisher\": \"test\","
                                      " \"generated_at\": \"2025-01-01T08:00:00Z\","
                                      " \"feeds\": [{\"name\": \"diagnostics\", \"href\": \"diagnostics.json\"}]}",
                                      -1, &error));
  items = g_strdup_printf ("{\"feed\": \"diagnostics\", \"version\": 1, \"snapshot\": false,"
                           " \"cursor\": \"c1\", \"next\": null, \"items\": ["
                           " {\"id\": \"DIAG-NEW-1\", \"finess\": \"%s\", \"date\": \"2025-01-01\","
                           "  \"referential\": \"crrc-maturity-1\", \"updated_at\": \"2025-01-01T08:00:00Z\","
                           "  \"answers\": {\"governance.mapping\": 3, \"crisis.exercise\": 3}}],"
                           " \"deleted\": []}", finess_id);
  g_assert_true (g_file_set_contents (page, items, -1, &error));
  g_assert_no_error (error);

  return g_filename_to_uri (dir, NULL, NULL);
}

static void
test_local_work_survives_sync (void)
{
  g_autoptr(CrrcStore) store = crrc_test_open_demo_store (tmp_dir, "sync.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(CrrcLocalDiagnostic) validated_after = NULL;
  g_autoptr(CrrcLocalDiagnostic) draft_after = NULL;
  g_autofree char *target = query_text (store, "SELECT finess FROM diagnostics ORDER BY id LIMIT 1", NULL);
  g_autofree char *validated = NULL;
  g_autofree char *draft = NULL;
  g_autofree char *validated_at = NULL;
  g_autofree char *draft_updated = NULL;
  g_autofree char *url = NULL;
  int synced_before;
  const CrrcFeedResult *result;

  g_assert_nonnull (target);
  synced_before = query_int (store, "SELECT count(*) FROM diagnostics WHERE finess = ?1", target);

  validated = crrc_local_diagnostic_create (store, target, NULL, "2024-06-01", &error);
  g_assert_true (crrc_local_diagnostic_set_answer (store, validated, "governance.mapping", "1", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (store, validated, "crisis.exercise", "2", &error));
  g_assert_true (crrc_local_diagnostic_validate (store, validated, &error));
  draft = crrc_local_diagnostic_create (store, target, NULL, "2024-07-01", &error);
  g_assert_true (crrc_local_diagnostic_set_answer (store, draft, "watch.cert_alerts", "0", &error));
  g_assert_no_error (error);
  validated_at = query_text (store, "SELECT validated_at FROM local_diagnostics WHERE id = ?1", validated);
  draft_updated = query_text (store, "SELECT updated_at FROM local_diagnostics WHERE id = ?1", draft);

  url = write_feed ("feed-new", target);
  sync = crrc_sync_new (store, url);
  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crrc_sync_report_has_failures (report));
  result = crrc_sync_report_lookup_feed (report, "diagnostics");
  g_assert_nonnull (result);
  g_assert_cmpuint (result->added, ==, 1);
  g_assert_cmpuint (result->rejected, ==, 0);

  /* The sync brought a new synced diagnostic for the same establishment… */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM diagnostics WHERE finess = ?1", target), ==, synced_before + 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM diagnostics WHERE id = 'DIAG-NEW-1'", NULL), ==, 1);

  /* … and left the analyst's work exactly as it was. */
  validated_after = crrc_local_diagnostic_load (store, validated, &error);
  g_assert_no_error (error);
  g_assert_true (validated_after->validated);
  g_assert_cmpstr (validated_after->validated_at, ==, validated_at);
  g_assert_cmpuint (g_hash_table_size (validated_after->answers), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (validated_after->answers, "governance.mapping"), ==, "1");
  g_assert_cmpstr (g_hash_table_lookup (validated_after->answers, "crisis.exercise"), ==, "2");
  draft_after = crrc_local_diagnostic_load (store, draft, &error);
  g_assert_no_error (error);
  g_assert_false (draft_after->validated);
  g_assert_cmpstr (draft_after->updated_at, ==, draft_updated);
  g_assert_cmpuint (g_hash_table_size (draft_after->answers), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (draft_after->answers, "watch.cert_alerts"), ==, "0");
  g_clear_pointer (&draft_after, crrc_local_diagnostic_free);

  /* A second sync of the same feed (unchanged or replayed) neither. */
  g_clear_object (&report);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM local_diagnostics WHERE finess = ?1", target), ==, 2);
  draft_after = crrc_local_diagnostic_load (store, draft, &error);
  g_assert_cmpuint (g_hash_table_size (draft_after->answers), ==, 1);
}

/* The answers of a synced diagnostic, straight from the table. */
static GHashTable *
synced_answers (CrrcStore  *store,
                const char *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store),
                                       "SELECT question, answer FROM diagnostic_answers WHERE diagnostic_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (answers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  return answers;
}

static void
test_results (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcDiagnosticResults) synced = NULL;
  g_autoptr(CrrcDiagnosticResults) local = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(CrrcMaturityScores) expected = NULL;
  g_autofree char *synced_id = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *name = NULL;
  g_autofree int *medians = NULL;
  g_autofree int *progress = NULL;
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  guint n_domains = crrc_referential_get_n_domains (referential);
  guint n_peers = 0;

  /* The latest synced diagnostic of the establishment. */
  synced_id = query_text (demo, "SELECT id FROM diagnostics WHERE finess = ?1 ORDER BY date DESC, id DESC LIMIT 1",
                          finess);
  synced = crrc_diagnostic_results_load (demo, synced_id, &error);
  g_assert_no_error (error);
  g_assert_false (synced->local);
  g_assert_true (synced->validated);
  g_assert_cmpstr (synced->finess, ==, finess);
  name = query_text (demo, "SELECT name FROM establishments WHERE finess = ?1", finess);
  g_assert_cmpstr (synced->name, ==, name);
  g_assert_nonnull (synced->region);
  g_assert_nonnull (synced->category);

  answers = synced_answers (demo, synced_id);
  expected = crrc_maturity_score (referential, answers, &error);
  g_assert_no_error (error);
  g_assert_cmpint (synced->scores->overall, ==, expected->overall);
  g_assert_cmpint (synced->scores->completeness, ==, expected->completeness);
  for (guint d = 0; d < n_domains; d++)
    g_assert_cmpint (synced->scores->domain_scores[d], ==, expected->domain_scores[d]);

  medians = g_new (int, n_domains);
  g_assert_true (crrc_maturity_peer_medians (demo, referential, synced->category, synced->region, finess,
                                             medians, NULL, NULL, &n_peers, &error));
  g_assert_cmpuint (synced->n_peers, ==, n_peers);
  g_assert_cmpuint (n_peers, >=, 5);
  for (guint d = 0; d < n_domains; d++)
    g_assert_cmpint (synced->peer_medians[d], ==, medians[d]);

  /* A local diagnostic, newer: its progress is against that synced one. */
  local_id = crrc_local_diagnostic_create (demo, finess, NULL, "2099-01-01", &error);
  g_assert_true (crrc_local_diagnostic_set_answer (demo, local_id, "governance.mapping", "3", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (demo, local_id, "crisis.exercise", "0", &error));
  g_assert_true (crrc_local_diagnostic_validate (demo, local_id, &error));
  g_assert_no_error (error);

  local = crrc_diagnostic_results_load (demo, local_id, &error);
  g_assert_no_error (error);
  g_assert_true (local->local);
  g_assert_true (local->validated);
  g_assert_cmpstr (local->previous_date, ==, synced->date);
  g_assert_nonnull (local->progress);
  progress = g_new (int, n_domains);
  crrc_maturity_progress (local->scores, synced->scores, progress);
  for (guint d = 0; d < n_domains; d++)
    g_assert_cmpint (local->progress[d], ==, progress[d]);
  g_assert_cmpint (local->scores->domain_scores[crrc_referential_find_domain (referential, "governance")], ==, 100);
  g_assert_cmpint (local->scores->domain_scores[crrc_referential_find_domain (referential, "identities")], ==, -1);
  g_assert_cmpuint (local->scores->measures->len, >=, 1);

  g_clear_pointer (&local, crrc_diagnostic_results_free);
  g_assert_null (crrc_diagnostic_results_load (demo, "DIAG-nothing", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Another referential: refused, naming it. */
  exec (demo, "INSERT INTO diagnostics (id, finess, date, referential, source)"
              " VALUES ('DIAG-OTHER', '750000010', '2024-01-01', 'crrc-maturity-9', 'test')");
  g_assert_null (crrc_diagnostic_results_load (demo, "DIAG-OTHER", &error));
  g_assert_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "crrc-maturity-9"));
  exec (demo, "DELETE FROM diagnostics WHERE id = 'DIAG-OTHER'");
  exec (demo, "DELETE FROM local_diagnostic_answers");
  exec (demo, "DELETE FROM local_diagnostics");
}

static void
test_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CrrcMaturityScores) scores = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *draft_id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  const char *header = NULL, *row = NULL;
  guint rows = 0, n_rows = 0, n_synced;

  local_id = crrc_local_diagnostic_create (demo, finess, NULL, "2099-02-01", &error);
  g_assert_true (crrc_local_diagnostic_set_answer (demo, local_id, "governance.mapping", "2", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (demo, local_id, "identities.mfa", "1", &error));
  g_assert_true (crrc_local_diagnostic_set_answer (demo, local_id, "watch.cert_alerts", "na", &error));
  g_assert_true (crrc_local_diagnostic_validate (demo, local_id, &error));
  draft_id = crrc_local_diagnostic_create (demo, finess, NULL, "2099-03-01", &error);
  g_assert_true (crrc_local_diagnostic_set_answer (demo, draft_id, "governance.mapping", "0", &error));
  g_assert_no_error (error);

  g_assert_true (crrc_export_csv (demo, "diagnostics", output, &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (output, NULL, NULL));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
  lines = g_strsplit (text, "\r\n", -1);
  header = lines[0];
  g_assert_cmpstr (header, ==, "id,finess,date,referential,answers,campaign,updated_at,local,overall,band,completeness,"
                               "governance,exposure,identities,remote_access,workstations,infrastructure,continuity,"
                               "crisis,awareness,watch");
  n_synced = (guint) query_int (demo, "SELECT count(*) FROM diagnostics", NULL);
  g_assert_cmpuint (n_rows, ==, n_synced + 1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] == '\0')
        continue;
      rows++;
      if (g_str_has_prefix (lines[i], local_id))
        row = lines[i];
      g_assert_false (g_str_has_prefix (lines[i], draft_id));
    }
  g_assert_cmpuint (rows, ==, n_rows);
  g_assert_nonnull (row);

  g_hash_table_insert (answers, (char *) "governance.mapping", (char *) "2");
  g_hash_table_insert (answers, (char *) "identities.mfa", (char *) "1");
  g_hash_table_insert (answers, (char *) "watch.cert_alerts", (char *) "na");
  scores = crrc_maturity_score (referential, answers, &error);
  g_string_append_printf (expected, ",true,%d,%s,%d", scores->overall,
                          crrc_maturity_band_get_key (scores->overall_band), scores->completeness);
  for (guint d = 0; d < scores->n_domains; d++)
    {
      g_string_append_c (expected, ',');
      if (scores->domain_scores[d] >= 0)
        g_string_append_printf (expected, "%d", scores->domain_scores[d]);
    }
  g_assert_true (g_str_has_suffix (row, expected->str));
  /* governance 100·2/3 = 67, identities 33, the rest empty. */
  g_assert_true (g_str_has_suffix (row, ",true,50,managed,7,67,,33,,,,,,,"));

  exec (demo, "DELETE FROM local_diagnostic_answers");
  exec (demo, "DELETE FROM local_diagnostics");
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = crrc_test_make_dir ("crrc-diagnostics");
  demo = crrc_test_open_demo_store (tmp_dir, "demo.db");
  /* An establishment with a diagnostic and at least 5 diagnosed peers. */
  finess = query_text (demo,
                       "SELECT e.finess FROM establishments e JOIN diagnostics d ON d.finess = e.finess"
                       " WHERE (SELECT count(DISTINCT p.finess) FROM establishments p JOIN diagnostics pd"
                       "        ON pd.finess = p.finess WHERE p.category = e.category AND p.region = e.region"
                       "        AND p.finess <> e.finess) >= 6"
                       " ORDER BY e.finess LIMIT 1", NULL);
  g_assert_nonnull (finess);

  g_test_add_func ("/diagnostics/create-and-find", test_create_and_find);
  g_test_add_func ("/diagnostics/set-answer", test_set_answer);
  g_test_add_func ("/diagnostics/validate-and-delete", test_validate_and_delete);
  g_test_add_func ("/diagnostics/list", test_list);
  g_test_add_func ("/diagnostics/draft-survives-restart", test_draft_survives_restart);
  g_test_add_func ("/diagnostics/local-work-survives-sync", test_local_work_survives_sync);
  g_test_add_func ("/diagnostics/results", test_results);
  g_test_add_func ("/diagnostics/csv", test_csv);

  status = g_test_run ();

  g_clear_object (&demo);
  g_clear_pointer (&finess, g_free);
  crrc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
