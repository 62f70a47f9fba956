/* test-local-feed.c: "Exporter mes saisies" — the analyst's work as a feed
 *
 * An analyst's cache gets validated and draft diagnostics, a campaign of
 * their own with targets and stage changes, and a stage change on a synced
 * campaign. The exported folder is then checked as files (manifest, pages,
 * permissions) and synced, through the real sync engine and a file://
 * address, into an empty cache: nothing is rejected and every diagnostic
 * has the same scores there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "crrc-local-feed.h"
#include "crrc-maturity.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"
#include "crrc-test-utils.h"

/* More validated diagnostics than a page holds (500). */
#define N_BULK_DIAGNOSTICS 1100

static char *tmp_dir;

static void
exec_sql (CrrcStore  *store,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_crrc_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (CrrcStore  *store,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (CrrcStore  *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* The analyst's work, written as the application writes it. FINESS numbers
 * carry a valid key (they are checked again by the sync). */
static void
add_local_work (CrrcStore *store)
{
  CrrcReferential *referential = crrc_referential_get_default (NULL);
  g_autoptr(GString) sql = g_string_new ("BEGIN;");

  /* Two validated diagnostics with answers of every kind, one draft. */
  g_string_append (sql,
    "INSERT INTO local_diagnostics (id, finess, date, referential, campaign, status, created_at, updated_at, validated_at) VALUES"
    " ('LOCAL-DIAG-A', '210000014', '2024-03-04', 'crrc-maturity-1', 'LOCAL-CAMP-1', 'validated',"
    "  '2024-03-04T09:00:00Z', '2024-03-04T10:00:00Z', '2024-03-04T10:00:00Z'),"
    " ('LOCAL-DIAG-B', '250000015', '2024-04-10', 'crrc-maturity-1', NULL, 'validated',"
    "  '2024-04-10T09:00:00Z', '2024-04-10T11:00:00Z', '2024-04-10T11:00:00Z'),"
    " ('LOCAL-DIAG-DRAFT', '210000022', '2024-05-02', 'crrc-maturity-1', NULL, 'draft',"
    "  '2024-05-02T09:00:00Z', '2024-05-02T09:30:00Z', NULL);");
  for (guint q = 0; q < crrc_referential_get_n_questions (referential); q++)
    {
      const char *id = crrc_referential_get_question (referential, q)->id;
      static const char * const values[] = { "0", "1", "2", "3", "na", "unknown", "2", "3" };

      g_string_append_printf (sql,
        "INSERT INTO local_diagnostic_answers VALUES ('LOCAL-DIAG-A', '%s', '%s');", id, values[q % 8]);
      if (q % 3 != 0)
        g_string_append_printf (sql,
          "INSERT INTO local_diagnostic_answers VALUES ('LOCAL-DIAG-B', '%s', '%s');", id, values[(q * 5) % 8]);
      g_string_append_printf (sql,
        "INSERT INTO local_diagnostic_answers VALUES ('LOCAL-DIAG-DRAFT', '%s', '1');", id);
    }

  /* The analyst's campaign: three targets, two of them moved on (the
   * latest change wins), one with a comment holding JSON's special
   * characters. */
  g_string_append (sql,
    "INSERT INTO local_campaigns VALUES ('LOCAL-CAMP-1', 'Diagnostics EHPAD Côte-d''Or', '27', 'medico_social',"
    " '2024-01-15', '2024-12-15', '2024-01-10T08:00:00Z');"
    "INSERT INTO local_campaign_targets VALUES"
    " ('LOCAL-CAMP-1', '210000014', '2024-01-10T08:00:00Z'),"
    " ('LOCAL-CAMP-1', '210000022', '2024-01-11T08:00:00Z'),"
    " ('LOCAL-CAMP-1', '250000015', '2024-01-12T08:00:00Z');"
    "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at) VALUES"
    " ('LOCAL-CAMP-1', '210000014', 'contacted', '2024-02-01', NULL, '2024-02-01T08:00:00Z'),"
    " ('LOCAL-CAMP-1', '210000014', 'diagnosed', '2024-03-04', 'Directeur \"présent\"\\ et RSSI', '2024-03-04T10:00:00Z'),"
    " ('LOCAL-CAMP-1', '250000015', 'scheduled', '2024-04-01', NULL, '2024-04-01T08:00:00Z');");

  /* A synced campaign: one of its targets moved by the analyst, one target
   * added by the analyst; another synced campaign left alone. */
  g_string_append (sql,
    "INSERT INTO campaigns (id, name, region, sector, start, due, source, updated_at) VALUES"
    " ('CAMP-NAT-1', 'Campagne nationale', '27', 'medico_social', '2023-03-01', '2023-12-15', 'test', '2023-03-01T08:00:00Z'),"
    " ('CAMP-NAT-2', 'Autre campagne', '84', 'medico_social', '2023-03-01', '2023-12-15', 'test', '2023-03-01T08:00:00Z');"
    "INSERT INTO campaign_targets VALUES"
    " ('CAMP-NAT-1', '210000030', 'targeted', '2023-03-02'),"
    " ('CAMP-NAT-1', '210000048', 'contacted', '2023-03-05'),"
    " ('CAMP-NAT-2', '690000013', 'targeted', '2023-03-02');"
    "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at) VALUES"
    " ('CAMP-NAT-1', '210000048', 'report_sent', '2023-06-01', 'Envoyée par courriel', '2023-06-01T08:00:00Z');"
    "INSERT INTO local_campaign_targets VALUES ('CAMP-NAT-1', '210000055', '2023-04-01T08:00:00Z');");

  /* Many more validated diagnostics, so the feed has several pages. */
  for (guint i = 0; i < N_BULK_DIAGNOSTICS; i++)
    {
      g_string_append_printf (sql,
        "INSERT INTO local_diagnostics (id, finess, date, referential, status, created_at, updated_at, validated_at)"
        " VALUES ('LOCAL-BULK-%04u', '210000014', '2022-%02u-%02u', 'crrc-maturity-1', 'validated',"
        " '2022-01-01T00:00:00Z', '2022-01-01T00:00:00Z', '2022-01-01T00:00:00Z');"
        "INSERT INTO local_diagnostic_answers VALUES ('LOCAL-BULK-%04u', 'governance.mapping', '%u');",
        i, 1 + i % 12, 1 + i % 28, i, i % 4);
    }
  g_string_append (sql, "COMMIT;");
  exec_sql (store, sql->str);
}

static JsonNode *
read_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  /* Sensitive: readable by the user only. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* Reads every page of @feed, following `next`, and returns the items. */
static JsonArray *
read_feed (const char *directory,
           const char *feed,
           guint      *n_pages)
{
  JsonArray *items = json_array_new ();
  g_autofree char *next = g_strdup ("page-1.json");

  *n_pages = 0;
  while (next != NULL)
    {
      g_autofree char *path = g_build_filename (directory, feed, next, NULL);
      g_autoptr(JsonNode) root = read_json (path);
      JsonObject *page = json_node_get_object (root);
      JsonArray *page_items = json_object_get_array_member (page, "items");

      g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, feed);
      g_assert_cmpint (json_object_get_int_member (page, "version"), ==, 1);
      g_assert_false (json_object_get_boolean_member (page, "snapshot"));
      g_assert_cmpuint (json_array_get_length (page_items), <=, 500);
      for (guint i = 0; i < json_array_get_length (page_items); i++)
        json_array_add_element (items, json_array_dup_element (page_items, i));
      g_clear_pointer (&next, g_free);
      if (!json_object_get_null_member (page, "next"))
        next = g_strdup (json_object_get_string_member (page, "next"));
      (*n_pages)++;
    }
  return items;
}

static JsonObject *
find_item (JsonArray  *items,
           const char *id)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), id) == 0)
        return item;
    }
  return NULL;
}

static JsonObject *
find_target (JsonObject *campaign,
             const char *finess)
{
  JsonArray *targets = json_object_get_array_member (campaign, "targets");

  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *target = json_array_get_object_element (targets, i);

      if (g_strcmp0 (json_object_get_string_member (target, "finess"), finess) == 0)
        return target;
    }
  return NULL;
}

static void
assert_same_scores (const CrrcMaturityScores *a,
                    const CrrcMaturityScores *b)
{
  g_assert_cmpuint (a->n_domains, ==, b->n_domains);
  for (guint d = 0; d < a->n_domains; d++)
    g_assert_cmpint (a->domain_scores[d], ==, b->domain_scores[d]);
  g_assert_cmpint (a->overall, ==, b->overall);
  g_assert_cmpint (a->completeness, ==, b->completeness);
  g_assert_cmpuint (a->measures->len, ==, b->measures->len);
  for (guint i = 0; i < a->measures->len; i++)
    g_assert_cmpstr (g_array_index (a->measures, CrrcMaturityMeasure, i).question_id, ==,
                     g_array_index (b->measures, CrrcMaturityMeasure, i).question_id);
}

static void
test_export_and_resync (void)
{
  g_autoptr(CrrcStore) store = crrc_test_open_store (tmp_dir, "analyst.db");
  g_autoptr(CrrcStore) reader = NULL;
  g_autoptr(CrrcStore) upstream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *feed_dir = g_build_filename (tmp_dir, "mes-saisies", NULL);
  g_autofree char *manifest_path = g_build_filename (feed_dir, "manifest.json", NULL);
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(JsonArray) diagnostics = NULL;
  g_autoptr(JsonArray) campaigns = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autofree char *url = NULL;
  CrrcLocalFeedCounts counts = { 0 };
  JsonObject *item, *target;
  GStatBuf st;
  guint n_pages;

  add_local_work (store);
  reader = crrc_store_open_reader (store, &error);
  g_assert_no_error (error);

  g_assert_true (crrc_local_feed_export (reader, feed_dir, "CRRC Bourgogne-Franche-Comté", &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.diagnostics, ==, 2 + N_BULK_DIAGNOSTICS);
  g_assert_cmpuint (counts.campaigns, ==, 2);      /* LOCAL-CAMP-1 and CAMP-NAT-1 */
  g_assert_cmpuint (counts.targets, ==, 3 + 3);
  g_assert_cmpuint (counts.stage_changes, ==, 2 + 1);

  g_assert_cmpint (g_stat (feed_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  manifest = read_json (manifest_path);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (manifest), "format"), ==, "crrc-feed");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (manifest), "publisher"), ==,
                   "CRRC Bourgogne-Franche-Comté");

  /* The drafts stay home; the pages follow each other. */
  diagnostics = read_feed (feed_dir, "diagnostics", &n_pages);
  g_assert_cmpuint (json_array_get_length (diagnostics), ==, 2 + N_BULK_DIAGNOSTICS);
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_null (find_item (diagnostics, "LOCAL-DIAG-DRAFT"));
  item = find_item (diagnostics, "LOCAL-DIAG-A");
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (item, "campaign"), ==, "LOCAL-CAMP-1");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (item, "answers"),
                                               "governance.critical_activities"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (item, "answers"),
                                               "governance.supplier_clauses"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "answers"),
                                                  "governance.gdpr_register"), ==, "na");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "answers"),
                                                  "exposure.internet_services"), ==, "unknown");

  campaigns = read_feed (feed_dir, "campaigns", &n_pages);
  g_assert_cmpuint (json_array_get_length (campaigns), ==, 2);
  g_assert_null (find_item (campaigns, "CAMP-NAT-2"));
  item = find_item (campaigns, "LOCAL-CAMP-1");
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "Diagnostics EHPAD Côte-d'Or");
  target = find_target (item, "210000014");
  g_assert_cmpstr (json_object_get_string_member (target, "stage"), ==, "diagnosed");
  g_assert_cmpstr (json_object_get_string_member (target, "stage_date"), ==, "2024-03-04");
  g_assert_cmpstr (json_object_get_string_member (target, "comment"), ==, "Directeur \"présent\"\\ et RSSI");
  target = find_target (item, "210000022");
  g_assert_cmpstr (json_object_get_string_member (target, "stage"), ==, "targeted");
  g_assert_cmpstr (json_object_get_string_member (target, "stage_date"), ==, "2024-01-11");
  item = find_item (campaigns, "CAMP-NAT-1");
  g_assert_cmpstr (json_object_get_string_member (find_target (item, "210000030"), "stage"), ==, "targeted");
  g_assert_cmpstr (json_object_get_string_member (find_target (item, "210000048"), "stage"), ==, "report_sent");
  g_assert_cmpstr (json_object_get_string_member (find_target (item, "210000055"), "stage"), ==, "targeted");

  /* Served as it is: an empty cache syncs it without rejecting anything. */
  upstream = crrc_test_open_store (tmp_dir, "upstream.db");
  url = g_filename_to_uri (feed_dir, NULL, &error);
  g_assert_no_error (error);
  sync = crrc_sync_new (upstream, url);
  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crrc_sync_report_has_failures (report));
  g_assert_cmpuint (crrc_sync_report_lookup_feed (report, "diagnostics")->rejected, ==, 0);
  g_assert_cmpuint (crrc_sync_report_lookup_feed (report, "diagnostics")->added, ==, 2 + N_BULK_DIAGNOSTICS);
  g_assert_cmpuint (crrc_sync_report_lookup_feed (report, "campaigns")->rejected, ==, 0);
  g_assert_cmpuint (crrc_sync_report_lookup_feed (report, "campaigns")->added, ==, 2);

  /* The same diagnostics, with the same scores. */
  {
    static const char * const establishments[] = { "210000014", "250000015" };

    for (guint e = 0; e < G_N_ELEMENTS (establishments); e++)
      {
        g_autoptr(GPtrArray) mine = crrc_maturity_load_diagnostics (store, establishments[e], &error);
        g_autoptr(GPtrArray) theirs = NULL;

        g_assert_no_error (error);
        theirs = crrc_maturity_load_diagnostics (upstream, establishments[e], &error);
        g_assert_no_error (error);
        g_assert_cmpuint (mine->len, ==, theirs->len);
        g_assert_cmpuint (mine->len, >, 0);
        for (guint i = 0; i < mine->len; i++)
          {
            CrrcMaturityDiagnostic *a = g_ptr_array_index (mine, i);
            CrrcMaturityDiagnostic *b = g_ptr_array_index (theirs, i);

            g_assert_cmpstr (a->id, ==, b->id);
            g_assert_cmpstr (a->date, ==, b->date);
            g_assert_true (a->local);
            g_assert_false (b->local);
            assert_same_scores (a->scores, b->scores);
          }
      }
  }
  g_assert_cmpint (query_int (upstream, "SELECT count (*) FROM diagnostic_answers WHERE diagnostic_id = 'LOCAL-DIAG-A'"),
                   ==, query_int (store, "SELECT count (*) FROM local_diagnostic_answers WHERE diagnostic_id = 'LOCAL-DIAG-A'"));

  /* And the stages the analyst sees. */
  {
    g_autofree char *stage = query_text (upstream, "SELECT stage FROM campaign_targets"
                                         " WHERE campaign_id = 'CAMP-NAT-1' AND finess = '210000048'");
    g_autofree char *name = query_text (upstream, "SELECT name FROM campaigns WHERE id = 'LOCAL-CAMP-1'");

    g_assert_cmpstr (stage, ==, "report_sent");
    g_assert_cmpstr (name, ==, "Diagnostics EHPAD Côte-d'Or");
    g_assert_cmpint (query_int (upstream, "SELECT count (*) FROM campaign_targets WHERE campaign_id = 'LOCAL-CAMP-1'"), ==, 3);
  }

  /* Syncing it again changes nothing. */
  g_clear_object (&report);
  g_clear_object (&sync);
  sync = crrc_sync_new (upstream, url);
  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_sync_report_lookup_feed (report, "diagnostics")->added, ==, 0);
  g_assert_cmpuint (crrc_sync_report_lookup_feed (report, "diagnostics")->rejected, ==, 0);

  crrc_test_remove_tree (feed_dir);
}

static void
test_destination (void)
{
  g_autoptr(CrrcStore) store = crrc_test_open_store (tmp_dir, "destination.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *busy = g_build_filename (tmp_dir, "occupied", NULL);
  g_autofree char *kept = g_build_filename (busy, "rapport.pdf", NULL);
  g_autofree char *file = g_build_filename (tmp_dir, "a-file", NULL);
  g_autofree char *empty = g_build_filename (tmp_dir, "empty", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  CrrcLocalFeedCounts counts = { 1, 1, 1, 1 };
  const char *name;

  /* A folder with files in it is refused and left as it was. */
  g_assert_cmpint (g_mkdir (busy, 0700), ==, 0);
  g_assert_true (g_file_set_contents (kept, "%PDF", -1, NULL));
  g_assert_false (crrc_local_feed_export (store, busy, "CRRC", &counts, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_EMPTY);
  g_assert_nonnull (strstr (error->message, busy));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "%PDF");
  {
    g_autofree char *manifest = g_build_filename (busy, "manifest.json", NULL);

    g_assert_false (g_file_test (manifest, G_FILE_TEST_EXISTS));
  }

  /* So is a file. */
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  g_assert_false (crrc_local_feed_export (store, file, "CRRC", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* An empty folder takes an empty feed: a manifest and two empty pages,
   * and nothing is left behind beside it. */
  g_assert_cmpint (g_mkdir (empty, 0755), ==, 0);
  g_assert_true (crrc_local_feed_export (store, empty, "CRRC", &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.diagnostics, ==, 0);
  g_assert_cmpuint (counts.campaigns, ==, 0);
  g_assert_cmpuint (counts.targets, ==, 0);
  g_assert_cmpuint (counts.stage_changes, ==, 0);
  {
    g_autofree char *page = g_build_filename (empty, "campaigns", "page-1.json", NULL);
    g_autoptr(JsonNode) root = read_json (page);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "items")), ==, 0);
  }
  dir = g_dir_open (tmp_dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_null (strstr (name, "partial"));

  crrc_test_remove_tree (busy);
  crrc_test_remove_tree (empty);
  g_unlink (file);
}

static void
test_publisher (void)
{
  g_autofree char *region = crrc_local_feed_get_publisher ("27");
  g_autofree char *national = crrc_local_feed_get_publisher ("FR");
  g_autofree char *none = crrc_local_feed_get_publisher (NULL);

  g_assert_cmpstr (region, ==, "CRRC Bourgogne-Franche-Comté");
  g_assert_cmpstr (national, ==, "CRRC");
  g_assert_cmpstr (none, ==, "CRRC");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  tmp_dir = crrc_test_make_dir ("local-feed");
  g_test_add_func ("/local-feed/export-and-resync", test_export_and_resync);
  g_test_add_func ("/local-feed/destination", test_destination);
  g_test_add_func ("/local-feed/publisher", test_publisher);
  status = g_test_run ();
  crrc_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return status;
}
