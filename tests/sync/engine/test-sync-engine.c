/* test-sync-engine.c: the sync engine against the loopback reference server
 *
 * Each test writes a feed directory of its own (manifest.json and
 * <feed>.records.json files), serves it with the reference server
 * (tests/feed-server) and synchronises a fresh cache from it. The cache is
 * compared as text dumps of its tables: a feed that fails must leave every
 * table exactly as it was, and the analyst's tables are never touched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sync-engine"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crrc-feed-records.h"
#include "crrc-feed-state.h"
#include "crrc-finess.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"
#include "crrc-test-feed-server.h"

/* Records per feed, and per page: three pages. */
#define N_RECORDS 12
#define PAGE_SIZE 5
/* Version 2 of a feed changes the even records and adds one: a delta of
 * two pages. */
#define N_CHANGED (N_RECORDS / 2)

typedef struct
{
  char               *dir;
  char               *feed_dir;
  char               *cache_path;
  CrrcTestFeedServer *server;
  CrrcStore          *store;
  char               *url;
  char               *source;
  /* Version of the records: 1 at first, 2 after rewrite_feed(). */
  guint               version[8];
} Fixture;

/* The feeds of the test manifest, in its order, with their tables. */
static const struct {
  const char         *name;
  const char         *href;
  const char * const  tables[3];
} feeds[] = {
  { "incidents", "incidents.json", { "incidents", NULL } },
  { "audits", "audits/page-1.json", { "audits", "audit_findings", NULL } },
  { "alerts", "alerts.json", { "alerts", NULL } },
  { "diagnostics", "diagnostics.json", { "diagnostics", "diagnostic_answers", NULL } },
  { "exercises", "exercises.json", { "exercises", NULL } },
};

static const char * const bookkeeping_tables[] = {
  "feed_state", "sync_runs", "sync_rejects",
};

static guint
feed_index (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    if (g_str_equal (feeds[i].name, name))
      return i;

  g_assert_not_reached ();
}

/* Feed directory */

/* A valid FINESS number of the Côte-d'Or for @n. */
static char *
make_finess (guint n)
{
  for (guint key = 0; key < 10; key++)
    {
      g_autofree char *finess = g_strdup_printf ("21%06u%u", n % 1000000, key);
      char out[CRRC_FINESS_LENGTH + 1];

      if (crrc_finess_parse (finess, out) == CRRC_FINESS_VALID)
        return g_steal_pointer (&finess);
    }

  g_assert_not_reached ();
}

/* Version 2 changes the even records and adds record N_RECORDS + 1;
 * record 3 is listed in "deleted". */
static char *
make_record (const char *feed,
             guint       i,
             guint       version)
{
  g_autofree char *finess = make_finess (1000 + i);
  gboolean changed = version >= 2 && (i % 2 == 0 || i > N_RECORDS);
  const char *updated_at = changed ? "2024-06-01T08:00:00Z" : "2024-05-01T08:00:00Z";
  const char *note = changed ? "revised" : "first";

  if (g_str_equal (feed, "incidents"))
    return g_strdup_printf ("{\"id\": \"INC-%04u\", \"finess\": \"%s\", \"declared_at\": \"2024-03-%02uT08:00:00Z\","
                            " \"origin\": \"malicious\", \"type\": \"ransomware\", \"patient_care_impact\": %s,"
                            " \"functioning_impact\": \"degraded\", \"data_impact\": [\"availability\", \"integrity\"],"
                            " \"severity\": \"%s\", \"support_requested\": true, \"cert_support\": false,"
                            " \"summary\": \"Incident %u, %s, \\\"quoted\\\", caf\\u00e9\", \"updated_at\": \"%s\"}",
                            i, finess, 1 + i % 28, i % 2 ? "true" : "false",
                            changed ? "extreme" : "medium", i, note, updated_at);
  if (g_str_equal (feed, "audits"))
    return g_strdup_printf ("{\"id\": \"AUD-%04u\", \"finess\": \"%s\", \"date\": \"2024-02-%02u\", \"kind\": \"exposure\","
                            " \"findings\": [{\"service\": \"rdp\", \"severity\": \"high\", \"cve\": \"CVE-2019-0708\"},"
                            " {\"service\": \"vpn\", \"product\": \"Gateway %s\", \"severity\": \"%s\", \"resolved_on\": null}],"
                            " \"updated_at\": \"%s\"}",
                            i, finess, 1 + i % 28, note, changed ? "critical" : "low", updated_at);
  if (g_str_equal (feed, "alerts"))
    return g_strdup_printf ("{\"id\": \"ALR-%04u\", \"finess\": \"%s\", \"sent_at\": \"2024-04-%02uT10:00:00Z\","
                            " \"kind\": \"%s\", \"reference\": \"CERTFR-2024-ALE-%03u\", \"cve\": \"CVE-2024-3400\","
                            " \"updated_at\": \"%s\"}",
                            i, finess, 1 + i % 28, changed ? "compromise" : "vulnerability", i, updated_at);
  if (g_str_equal (feed, "diagnostics"))
    return g_strdup_printf ("{\"id\": \"DIAG-%04u\", \"finess\": \"%s\", \"date\": \"2024-01-%02u\","
                            " \"referential\": \"crrc-maturity-1\", \"answers\": {\"governance.mapping\": %u,"
                            " \"identities.mfa\": \"na\"}, \"updated_at\": \"%s\"}",
                            i, finess, 1 + i % 28, changed ? 3 : 1, updated_at);
  if (g_str_equal (feed, "exercises"))
    return g_strdup_printf ("{\"id\": \"EXE-%04u\", \"finess\": \"%s\", \"date\": \"2024-01-%02u\","
                            " \"kind\": \"tabletop\", \"kit\": \"Kit %s\", \"updated_at\": \"%s\"}",
                            i, finess, 1 + i % 28, note, updated_at);

  g_assert_not_reached ();
}

static const char *
record_prefix (const char *feed)
{
  if (g_str_equal (feed, "incidents"))
    return "INC";
  if (g_str_equal (feed, "audits"))
    return "AUD";
  if (g_str_equal (feed, "alerts"))
    return "ALR";
  if (g_str_equal (feed, "diagnostics"))
    return "DIAG";
  return "EXE";
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
write_records (Fixture    *fx,
               const char *feed,
               guint       version,
               gboolean    snapshot,
               guint       first,
               guint       last)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = g_strconcat (feed, ".records.json", NULL);

  g_string_append_printf (text, "{\"snapshot\": %s, \"items\": [\n", snapshot ? "true" : "false");
  for (guint i = first; i <= last; i++)
    {
      g_autofree char *record = make_record (feed, i, version);

      g_string_append_printf (text, "%s%s\n", record, i < last ? "," : "");
    }
  g_string_append (text, "]");
  if (version >= 2)
    g_string_append_printf (text, ", \"deleted\": [\"%s-0003\"]", record_prefix (feed));
  g_string_append (text, "}\n");

  write_file (fx->feed_dir, name, text->str);
  fx->version[feed_index (feed)] = version;
}

/* Version 2 of @feed: even records changed, one added, record 3 deleted. */
static void
rewrite_feed (Fixture    *fx,
              const char *feed)
{
  write_records (fx, feed, 2, FALSE, 1, N_RECORDS + 1);
}

static void
write_manifest (Fixture     *fx,
                const char  *extra_member,
                const char **skip)
{
  g_autoptr(GString) text = g_string_new ("{\"format\": \"crrc-feed\", \"version\": 1,"
                                          " \"publisher\": \"Tests\", \"feeds\": [\n");

  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    {
      if (skip != NULL && g_strv_contains (skip, feeds[i].name))
        continue;
      g_string_append_printf (text, "  {\"name\": \"%s\", \"href\": \"%s\"},\n", feeds[i].name, feeds[i].href);
    }
  /* Forward compatibility: a feed of a later version. */
  g_string_append (text, "  {\"name\": \"weather\", \"href\": \"weather.json\"}\n]");
  if (extra_member != NULL)
    g_string_append_printf (text, ", %s", extra_member);
  g_string_append (text, "}\n");

  write_file (fx->feed_dir, "manifest.json", text->str);
}

static gboolean
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return g_remove (path) == 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }

  return g_rmdir (path) == 0;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = g_dir_make_tmp ("crrc-sync-engine-XXXXXX", &error);
  g_assert_no_error (error);
  fx->feed_dir = g_build_filename (fx->dir, "feed", NULL);
  g_assert_cmpint (g_mkdir (fx->feed_dir, 0700), ==, 0);
  fx->cache_path = g_build_filename (fx->dir, "crrc.db", NULL);

  write_manifest (fx, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    write_records (fx, feeds[i].name, 1, FALSE, 1, N_RECORDS);

  fx->server = crrc_test_feed_server_new (fx->feed_dir, &error);
  g_assert_no_error (error);
  crrc_test_feed_server_set_page_size (fx->server, PAGE_SIZE);
  fx->url = g_strdup (crrc_test_feed_server_get_base_url (fx->server));
  fx->source = crrc_feed_source_for_url (fx->url);

  fx->store = crrc_store_open (fx->cache_path, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->server, crrc_test_feed_server_free);
  g_assert_true (remove_tree (fx->dir));
  g_free (fx->dir);
  g_free (fx->feed_dir);
  g_free (fx->cache_path);
  g_free (fx->url);
  g_free (fx->source);
}

/* The cache */

static sqlite3 *
fixture_db (Fixture *fx)
{
  return _crrc_store_get_db (fx->store);
}

static void
exec_sql (Fixture    *fx,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (fixture_db (fx), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
query_text (Fixture    *fx,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture_db (fx), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  return text;
}

static gint64
query_int (Fixture    *fx,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture_db (fx), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
feed_state_column (Fixture    *fx,
                   const char *feed,
                   const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM feed_state WHERE source = '%s' AND feed = '%s'",
                                          column, fx->source, feed);

  return query_text (fx, sql);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every row of @table, one line each, sorted. */
static void
dump_table (sqlite3    *db,
            const char *table,
            GString    *out)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = g_string_new (table);

      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          g_string_append_printf (row, "|%s=", sqlite3_column_name (stmt, c));
          if (sqlite3_column_type (stmt, c) == SQLITE_NULL)
            g_string_append (row, "NULL");
          else
            g_string_append_printf (row, "'%s'", (const char *) sqlite3_column_text (stmt, c));
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (rows, i));
}

/* All tables but the bookkeeping of syncs and @except. */
static char *
dump_cache (Fixture            *fx,
            const char * const *except)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture_db (fx),
                                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      gboolean skip = FALSE;

      for (guint b = 0; b < G_N_ELEMENTS (bookkeeping_tables); b++)
        skip |= g_str_equal (table, bookkeeping_tables[b]);
      if (except != NULL && g_strv_contains (except, table))
        skip = TRUE;
      if (!skip)
        dump_table (fixture_db (fx), table, out);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
dump_feed (Fixture    *fx,
           const char *feed)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint f = feed_index (feed);

  for (guint t = 0; feeds[f].tables[t] != NULL; t++)
    dump_table (fixture_db (fx), feeds[f].tables[t], out);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Syncing */

typedef struct
{
  guint       signals;
  char       *cancel_feed;   /* cancel when this feed reaches cancel_page */
  guint       cancel_page;
  GCancellable *cancellable;
  GThread    *thread;        /* where the signal must come from */
  gboolean    wrong_thread;
} ProgressWatch;

static void
progress_cb (CrrcSync   *sync,
             const char *feed,
             guint       page,
             guint64     records,
             guint64     bytes,
             gpointer    user_data)
{
  ProgressWatch *watch = user_data;

  watch->signals++;
  if (watch->thread != NULL && g_thread_self () != watch->thread)
    watch->wrong_thread = TRUE;
  g_assert_cmpuint (page, >=, 1);

  if (watch->cancel_feed != NULL && g_str_equal (feed, watch->cancel_feed) &&
      page >= watch->cancel_page)
    g_cancellable_cancel (watch->cancellable);
}

static CrrcSync *
make_sync (Fixture *fx)
{
  CrrcSync *sync = crrc_sync_new (fx->store, fx->url);

  /* Retries of 5xx and cut connections, quickly. */
  crrc_feed_client_set_backoff_base (crrc_sync_get_client (sync), 5);

  return sync;
}

static CrrcSyncReport *
sync_ok (Fixture *fx)
{
  g_autoptr(CrrcSync) sync = make_sync (fx);
  g_autoptr(GError) error = NULL;
  CrrcSyncReport *report;

  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);

  return report;
}

static const CrrcFeedResult *
lookup (CrrcSyncReport *report,
        const char     *feed)
{
  const CrrcFeedResult *result = crrc_sync_report_lookup_feed (report, feed);

  g_assert_nonnull (result);
  return result;
}

static void
assert_counts (CrrcSyncReport  *report,
               const char      *feed,
               CrrcFeedOutcome  outcome,
               guint            records,
               guint            added,
               guint            updated,
               guint            deleted,
               guint            rejected)
{
  const CrrcFeedResult *result = lookup (report, feed);

  if (result->outcome != outcome)
    g_error ("%s: %s (%s), expected %s", feed, crrc_feed_outcome_to_string (result->outcome),
             result->error, crrc_feed_outcome_to_string (outcome));
  g_assert_cmpuint (result->records, ==, records);
  g_assert_cmpuint (result->added, ==, added);
  g_assert_cmpuint (result->updated, ==, updated);
  g_assert_cmpuint (result->deleted, ==, deleted);
  g_assert_cmpuint (result->rejected, ==, rejected);
}

static gboolean
text_has_line (const char *text,
               const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

/* Tests */

static void
test_full_sync (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autofree char *text = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *status = NULL;
  g_autofree char *url = NULL;
  g_autofree char *summary = NULL;
  const char * const *unknown;

  report = sync_ok (fx);

  g_assert_cmpuint (crrc_sync_report_get_n_feeds (report), ==, G_N_ELEMENTS (feeds));
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    {
      const CrrcFeedResult *result = crrc_sync_report_get_feed (report, i);

      /* In the manifest's order. */
      g_assert_cmpstr (result->feed, ==, feeds[i].name);
      assert_counts (report, feeds[i].name, CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, N_RECORDS, 0, 0, 0);
      g_assert_cmpuint (result->http_status, ==, 200);
      g_assert_null (result->error);
    }
  g_assert_false (crrc_sync_report_has_failures (report));
  g_assert_false (crrc_sync_report_get_cancelled (report));
  g_assert_null (crrc_sync_report_get_moved_url (report));
  unknown = crrc_sync_report_get_unknown_feeds (report);
  g_assert_cmpuint (g_strv_length ((char **) unknown), ==, 1);
  g_assert_cmpstr (unknown[0], ==, "weather");

  text = crrc_sync_report_to_text (report);
  g_test_message ("%s", text);
  g_assert_true (text_has_line (text, "incidents: updated, 12 records (12 added, 0 updated, 0 deleted, 0 rejected)"));
  g_assert_true (text_has_line (text, "Skipped, unknown to this version: weather"));
  g_assert_true (text_has_line (text, "5 feeds: 5 updated, 0 unchanged, 0 failed, 0 postponed, 0 discontinued."));

  /* Three pages each, relative to the manifest and to each page. */
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, "/incidents.json"), ==, 3);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, "/audits/page-1.json"), ==, 3);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, "/weather.json"), ==, 0);

  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM incidents"), ==, N_RECORDS);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM audit_findings"), ==, 2 * N_RECORDS);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM diagnostic_answers"), ==, 2 * N_RECORDS);

  cursor = feed_state_column (fx, "incidents", "cursor");
  g_assert_cmpstr (cursor, ==, "2024-05-01T08:00:00Z");
  status = feed_state_column (fx, "incidents", "status");
  g_assert_cmpstr (status, ==, "updated");
  url = feed_state_column (fx, "incidents", "url");
  g_assert_true (g_str_has_suffix (url, "/incidents.json"));
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM feed_state WHERE etag IS NOT NULL"
                                  " AND last_success_at IS NOT NULL AND records = 12"), ==, 5);

  summary = query_text (fx, "SELECT status || ': ' || summary FROM sync_runs");
  g_assert_cmpstr (summary, ==, "done: 5 feeds: 5 updated, 0 unchanged, 0 failed, 0 postponed, 0 discontinued.");
}

static void
test_idempotent (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(CrrcSyncReport) first = NULL;
  g_autoptr(CrrcSyncReport) second = NULL;
  g_autoptr(CrrcSyncReport) third = NULL;
  g_autofree char *dump1 = NULL;
  g_autofree char *dump2 = NULL;
  g_autofree char *dump3 = NULL;
  g_autofree char *query = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *if_none_match = NULL;
  g_autofree char *text = NULL;

  first = sync_ok (fx);
  dump1 = dump_cache (fx, NULL);

  /* The cursor is sent as since; nothing is newer. */
  crrc_test_feed_server_reset_requests (fx->server);
  second = sync_ok (fx);
  dump2 = dump_cache (fx, NULL);
  g_assert_cmpstr (dump1, ==, dump2);
  query = crrc_test_feed_server_get_last_query (fx->server, "/incidents.json");
  g_assert_cmpstr (query, ==, "since=2024-05-01T08%3A00%3A00Z");
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    assert_counts (second, feeds[i].name, CRRC_FEED_OUTCOME_UNCHANGED, N_RECORDS, 0, 0, 0, 0);

  /* Same URL as last time: validators are sent, 304. */
  crrc_test_feed_server_reset_requests (fx->server);
  etag = feed_state_column (fx, "incidents", "etag");
  third = sync_ok (fx);
  dump3 = dump_cache (fx, NULL);
  g_assert_cmpstr (dump1, ==, dump3);
  if_none_match = crrc_test_feed_server_get_last_header (fx->server, "/incidents.json", "If-None-Match");
  g_assert_cmpstr (if_none_match, ==, etag);
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    {
      assert_counts (third, feeds[i].name, CRRC_FEED_OUTCOME_UNCHANGED, N_RECORDS, 0, 0, 0, 0);
      g_assert_cmpuint (lookup (third, feeds[i].name)->http_status, ==, 304);
    }
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM feed_state WHERE http_status = 304"
                                  " AND status = 'unchanged' AND cursor = '2024-05-01T08:00:00Z'"), ==, 5);

  text = crrc_sync_report_to_text (third);
  g_assert_true (text_has_line (text, "alerts: unchanged, 12 records"));
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sync_runs WHERE status = 'done'"), ==, 3);
}

static void
test_delta (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(CrrcSyncReport) first = NULL;
  g_autoptr(CrrcSyncReport) second = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *severity = NULL;
  g_autofree char *finding = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *query = NULL;
  g_autofree char *cursor = NULL;
  g_auto(GStrv) log = NULL;

  first = sync_ok (fx);

  rewrite_feed (fx, "incidents");
  rewrite_feed (fx, "audits");
  rewrite_feed (fx, "diagnostics");
  crrc_test_feed_server_reset_requests (fx->server);
  second = sync_ok (fx);

  assert_counts (second, "incidents", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1, 0);
  assert_counts (second, "audits", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1, 0);
  assert_counts (second, "diagnostics", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1, 0);
  assert_counts (second, "alerts", CRRC_FEED_OUTCOME_UNCHANGED, N_RECORDS, 0, 0, 0, 0);

  /* Only the newer records came, since the stored cursor, in two pages. */
  log = crrc_test_feed_server_dup_request_log (fx->server);
  g_assert_true (g_strv_contains ((const char * const *) log, "GET /incidents.json?since=2024-05-01T08%3A00%3A00Z"));
  query = crrc_test_feed_server_get_last_query (fx->server, "/incidents.json");
  g_assert_cmpstr (query, ==, "page=2&since=2024-05-01T08%3A00%3A00Z");
  cursor = feed_state_column (fx, "incidents", "cursor");
  g_assert_cmpstr (cursor, ==, "2024-06-01T08:00:00Z");

  summary = query_text (fx, "SELECT summary FROM incidents WHERE id = 'INC-0002'");
  g_assert_cmpstr (summary, ==, "Incident 2, revised, \"quoted\", café");
  severity = query_text (fx, "SELECT severity || ' ' || patient_care_impact || ' ' || data_impact"
                             " FROM incidents WHERE id = 'INC-0013'");
  g_assert_cmpstr (severity, ==, "extreme 1 integrity,availability");
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM incidents WHERE id = 'INC-0003'"), ==, 0);
  finding = query_text (fx, "SELECT product || ' ' || severity FROM audit_findings"
                            " WHERE audit_id = 'AUD-0002' AND position = 1");
  g_assert_cmpstr (finding, ==, "Gateway revised critical");
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM audit_findings WHERE audit_id = 'AUD-0003'"), ==, 0);
  answer = query_text (fx, "SELECT answer FROM diagnostic_answers"
                           " WHERE diagnostic_id = 'DIAG-0002' AND question = 'governance.mapping'");
  g_assert_cmpstr (answer, ==, "3");
}

static void
test_snapshot (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(CrrcSyncReport) first = NULL;
  g_autoptr(CrrcSyncReport) second = NULL;
  g_autofree char *query = NULL;
  g_autofree char *sql = NULL;

  first = sync_ok (fx);

  /* A row of another source (an import) with an id the feed no longer
   * lists: a snapshot leaves it. */
  exec_sql (fx, "INSERT INTO incidents (id, finess, declared_at, origin, type, patient_care_impact,"
                " functioning_impact, source) VALUES ('OTHER-0001', '210000014', '2024-01-01',"
                " 'malicious', 'theft', 0, 'none', 'import:other.json')");

  /* The complete set, without 10, 11 and 12; and without a cursor (the
   * publisher starts again): the server says snapshot. */
  write_records (fx, "incidents", 1, TRUE, 1, 9);
  sql = g_strdup_printf ("UPDATE feed_state SET cursor = NULL WHERE source = '%s' AND feed = 'incidents'",
                         fx->source);
  exec_sql (fx, sql);

  crrc_test_feed_server_reset_requests (fx->server);
  second = sync_ok (fx);
  query = crrc_test_feed_server_get_last_query (fx->server, "/incidents.json");
  g_assert_cmpstr (query, ==, "page=2");

  assert_counts (second, "incidents", CRRC_FEED_OUTCOME_UPDATED, 9, 0, 0, 3, 0);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM incidents WHERE id IN ('INC-0010', 'INC-0011', 'INC-0012')"), ==, 0);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM incidents WHERE id = 'OTHER-0001'"), ==, 1);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM incidents"), ==, 10);
  assert_counts (second, "alerts", CRRC_FEED_OUTCOME_UNCHANGED, N_RECORDS, 0, 0, 0, 0);
}

/* Rows of the analyst's own tables, before anything is synced. */
static void
insert_analyst_rows (Fixture *fx)
{
  exec_sql (fx,
            "INSERT INTO local_diagnostics (id, finess, date, referential, status, created_at, updated_at)"
            " VALUES ('DIAG-0001', '210010001', '2024-05-01', 'crrc-maturity-1', 'draft',"
            "         '2024-05-01T08:00:00Z', '2024-05-01T08:00:00Z');"
            "INSERT INTO local_diagnostic_answers (diagnostic_id, question, answer)"
            " VALUES ('DIAG-0001', 'governance.mapping', '2');"
            "INSERT INTO local_campaigns (id, name, region, sector, start, due, created_at)"
            " VALUES ('CAMP-LOCAL', 'Local', '27', 'sanitaire', '2024-01-01', '2024-12-31', '2024-01-01T08:00:00Z');"
            "INSERT INTO local_campaign_targets (campaign_id, finess, added_at)"
            " VALUES ('CAMP-LOCAL', '210010001', '2024-01-02T08:00:00Z');"
            "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, created_at)"
            " VALUES ('CAMP-LOCAL', '210010001', 'contacted', '2024-01-03', '2024-01-03T08:00:00Z');"
            "INSERT INTO notes (finess, text, created_at, updated_at)"
            " VALUES ('210010001', 'INC-0003 was a false alarm', '2024-01-04T08:00:00Z', '2024-01-04T08:00:00Z');");
}

static char *
dump_analyst_tables (Fixture *fx)
{
  static const char * const tables[] = {
    "local_diagnostics", "local_diagnostic_answers", "local_campaigns",
    "local_campaign_targets", "local_stage_changes", "notes",
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    dump_table (fixture_db (fx), tables[i], out);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_analyst_tables (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;

  insert_analyst_rows (fx);
  before = dump_analyst_tables (fx);
  g_assert_cmpuint (strlen (before), >, 0);

  /* A full sync, a delta with deletions, a snapshot, a failed feed. */
  g_object_unref (sync_ok (fx));
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    rewrite_feed (fx, feeds[i].name);
  g_object_unref (sync_ok (fx));
  write_records (fx, "diagnostics", 1, TRUE, 2, 5);
  sql = g_strdup_printf ("UPDATE feed_state SET cursor = NULL WHERE source = '%s'", fx->source);
  exec_sql (fx, sql);
  crrc_test_feed_server_set_fault (fx->server, "/alerts*", CRRC_TEST_FEED_FAULT_TRUNCATED_BODY, 0);
  g_object_unref (sync_ok (fx));

  after = dump_analyst_tables (fx);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM diagnostics"), ==, 4);
}

/* Faults */

typedef enum
{
  SETUP_NONE,
  SETUP_TIMEOUT,       /* a 1-second timeout, a slow drip */
  SETUP_SMALL_LIMIT,   /* a 1 MiB limit, a 2 MiB body */
} FaultSetup;

typedef struct
{
  const char        *name;
  CrrcTestFeedFault  fault;
  guint              times;          /* 0: every request */
  CrrcFeedOutcome    outcome;
  const char        *message;        /* a part of the reason */
  guint              http_status;
  FaultSetup         setup;
  guint              requests;       /* of the first page; 0: not checked */
} FaultCase;

static const FaultCase fault_cases[] = {
  { "truncated-body", CRRC_TEST_FEED_FAULT_TRUNCATED_BODY, 0, CRRC_FEED_OUTCOME_FAILED,
    "connection closed before the end of page 1", 200, SETUP_NONE, 3 },
  { "reset-mid-body", CRRC_TEST_FEED_FAULT_RESET_MID_BODY, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1", 200, SETUP_NONE, 3 },
  { "truncated-once", CRRC_TEST_FEED_FAULT_TRUNCATED_BODY, 1, CRRC_FEED_OUTCOME_UPDATED,
    NULL, 200, SETUP_NONE, 2 },
  { "status-500-then-ok", CRRC_TEST_FEED_FAULT_STATUS_500, 2, CRRC_FEED_OUTCOME_UPDATED,
    NULL, 200, SETUP_NONE, 3 },
  { "status-500", CRRC_TEST_FEED_FAULT_STATUS_500, 0, CRRC_FEED_OUTCOME_FAILED,
    "the server answered 500 to page 1", 500, SETUP_NONE, 3 },
  { "status-503", CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER, 0, CRRC_FEED_OUTCOME_POSTPONED,
    "the server asked to retry later (503)", 503, SETUP_NONE, 1 },
  { "status-429", CRRC_TEST_FEED_FAULT_STATUS_429, 0, CRRC_FEED_OUTCOME_POSTPONED,
    "the server asked to retry later (429)", 429, SETUP_NONE, 1 },
  { "status-404", CRRC_TEST_FEED_FAULT_STATUS_404, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1 not found (404)", 404, SETUP_NONE, 1 },
  { "status-410", CRRC_TEST_FEED_FAULT_STATUS_410, 0, CRRC_FEED_OUTCOME_DISCONTINUED,
    "the publisher discontinued this feed (410)", 410, SETUP_NONE, 1 },
  { "status-401", CRRC_TEST_FEED_FAULT_STATUS_401, 0, CRRC_FEED_OUTCOME_FAILED,
    "authentication required (401)", 401, SETUP_NONE, 1 },
  { "status-403", CRRC_TEST_FEED_FAULT_STATUS_403, 0, CRRC_FEED_OUTCOME_FAILED,
    "access refused (403)", 403, SETUP_NONE, 1 },
  { "slow-drip", CRRC_TEST_FEED_FAULT_SLOW_DRIP, 0, CRRC_FEED_OUTCOME_FAILED,
    "timed out on page 1", 0, SETUP_TIMEOUT, 0 },
  { "invalid-json", CRRC_TEST_FEED_FAULT_INVALID_JSON, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1 is not valid JSON", 200, SETUP_NONE, 1 },
  { "deep-nesting", CRRC_TEST_FEED_FAULT_DEEP_NESTING, 0, CRRC_FEED_OUTCOME_FAILED,
    "deeper than 64 levels", 200, SETUP_NONE, 1 },
  { "invalid-utf8", CRRC_TEST_FEED_FAULT_INVALID_UTF8, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1 is not the expected document: it is not UTF-8 text", 200, SETUP_NONE, 1 },
  { "gzip-bomb", CRRC_TEST_FEED_FAULT_GZIP_BOMB, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1 is too large", 200, SETUP_NONE, 1 },
  { "oversized", CRRC_TEST_FEED_FAULT_OVERSIZED, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1 is too large", 200, SETUP_SMALL_LIMIT, 1 },
  { "redirect-loop", CRRC_TEST_FEED_FAULT_REDIRECT_LOOP, 0, CRRC_FEED_OUTCOME_FAILED,
    "too many redirects on page 1", 0, SETUP_NONE, 0 },
  { "redirect-to-http-elsewhere", CRRC_TEST_FEED_FAULT_REDIRECT_TO_HTTP_ELSEWHERE, 0, CRRC_FEED_OUTCOME_FAILED,
    "refused an insecure address on page 1", 0, SETUP_NONE, 1 },
  { "bad-records", CRRC_TEST_FEED_FAULT_BAD_RECORDS, 0, CRRC_FEED_OUTCOME_UPDATED,
    NULL, 200, SETUP_NONE, 1 },
  { "wrong-feed-name", CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1 is not the expected document: it is a page of the feed “incidents”, not “audits”", 200, SETUP_NONE, 1 },
  { "not-an-object", CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT, 0, CRRC_FEED_OUTCOME_FAILED,
    "page 1 is not valid JSON: The document is not a JSON object.", 200, SETUP_NONE, 1 },
};

/*
 * After a first sync, two feeds change (audits and alerts); audits answers
 * with the fault. Whatever the fault, alerts is applied, and unless the
 * fault lets audits through, every table but those of alerts is exactly as
 * it was, and the cursor and validators of audits too.
 */
static void
test_fault (Fixture       *fx,
            gconstpointer  data)
{
  const FaultCase *fc = data;
  g_autoptr(CrrcSyncReport) first = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *state_before = NULL;
  g_autofree char *state_after = NULL;
  g_autofree char *last_error = NULL;
  g_autofree char *status = NULL;
  static const char * const state_sql =
    "SELECT url || ' ' || etag || ' ' || cursor FROM feed_state WHERE feed = 'audits'";
  static const char * const alerts_tables[] = { "alerts", NULL };
  const CrrcFeedResult *result;
  gint64 started = g_get_real_time () / G_USEC_PER_SEC;

  first = sync_ok (fx);
  rewrite_feed (fx, "audits");
  rewrite_feed (fx, "alerts");

  before = dump_cache (fx, alerts_tables);
  state_before = query_text (fx, state_sql);
  crrc_test_feed_server_reset_requests (fx->server);
  crrc_test_feed_server_set_fault (fx->server, "/audits*", fc->fault, fc->times);

  sync = make_sync (fx);
  if (fc->setup == SETUP_TIMEOUT)
    {
      crrc_feed_client_set_timeout (crrc_sync_get_client (sync), 1);
      crrc_test_feed_server_set_drip_interval (fx->server, 20);
    }
  else if (fc->setup == SETUP_SMALL_LIMIT)
    {
      crrc_feed_client_set_max_body_size (crrc_sync_get_client (sync), 1024 * 1024);
      crrc_test_feed_server_set_oversize (fx->server, 2 * 1024 * 1024);
    }

  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  text = crrc_sync_report_to_text (report);
  g_test_message ("%s", text);

  result = lookup (report, "audits");
  g_assert_cmpint (result->outcome, ==, fc->outcome);
  if (fc->message != NULL)
    {
      g_assert_nonnull (result->error);
      if (strstr (result->error, fc->message) == NULL)
        g_error ("“%s” does not say “%s”", result->error, fc->message);
    }
  if (fc->http_status != 0)
    g_assert_cmpuint (result->http_status, ==, fc->http_status);
  /* Requests of the first page (and of the second when it got there). */
  if (fc->requests != 0)
    g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, "/audits/page-1.json"),
                      ==, fc->outcome == CRRC_FEED_OUTCOME_UPDATED ? fc->requests + 1 : fc->requests);

  /* The other feeds: applied or unchanged. */
  assert_counts (report, "alerts", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1, 0);
  assert_counts (report, "incidents", CRRC_FEED_OUTCOME_UNCHANGED, N_RECORDS, 0, 0, 0, 0);
  g_assert_cmpuint (crrc_sync_report_get_n_feeds (report), ==, G_N_ELEMENTS (feeds));
  g_assert_cmpint (crrc_sync_report_has_failures (report), ==, fc->outcome == CRRC_FEED_OUTCOME_FAILED);

  after = dump_cache (fx, alerts_tables);
  state_after = query_text (fx, state_sql);

  if (fc->outcome == CRRC_FEED_OUTCOME_UPDATED)
    {
      g_assert_cmpstr (before, !=, after);
      if (fc->fault == CRRC_TEST_FEED_FAULT_BAD_RECORDS)
        {
          static const char * const bad_ids[] = {
            "BAD-MISSING-FINESS", "BAD-FINESS-KEY", "BAD-ENUM", "BAD-DATE", "BAD-LONG-STRING",
          };

          /* Each of the two pages has the bad records. */
          assert_counts (report, "audits", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1,
                         2 * CRRC_TEST_FEED_N_BAD_RECORDS);
          for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
            {
              const CrrcFeedReject *reject = g_ptr_array_index (result->rejects, i);

              g_assert_cmpstr (reject->record, ==, bad_ids[i]);
              g_assert_nonnull (reject->field);
              g_assert_nonnull (reject->reason);
            }
          g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sync_rejects WHERE feed = 'audits'"
                                          " AND run_id = (SELECT max (id) FROM sync_runs)"),
                           ==, 2 * CRRC_TEST_FEED_N_BAD_RECORDS);
          g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sync_rejects WHERE record = 'BAD-ENUM'"
                                          " AND field = 'kind'"), ==, 2);
          g_assert_cmpint (query_int (fx, "SELECT count(*) FROM audits WHERE id LIKE 'BAD-%'"), ==, 0);
          line = g_strdup ("audits: updated, 12 records (1 added, 6 updated, 1 deleted, 10 rejected)");
          g_assert_true (text_has_line (text, line));
        }
      else
        {
          assert_counts (report, "audits", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1, 0);
        }
      return;
    }

  /* The failed feed: the whole cache as it was, cursor and validators too. */
  g_assert_cmpstr (before, ==, after);
  if (fc->outcome != CRRC_FEED_OUTCOME_DISCONTINUED)
    g_assert_cmpstr (state_before, ==, state_after);
  g_assert_cmpuint (result->records, ==, N_RECORDS);
  g_assert_cmpuint (result->added + result->updated + result->deleted + result->rejected, ==, 0);
  last_error = feed_state_column (fx, "audits", "last_error");
  g_assert_cmpstr (last_error, ==, result->error);
  status = feed_state_column (fx, "audits", "status");
  g_assert_cmpstr (status, ==, crrc_feed_outcome_to_string (fc->outcome));

  if (fc->outcome == CRRC_FEED_OUTCOME_POSTPONED)
    {
      g_autoptr(CrrcSyncReport) later = NULL;
      gint64 retry = fc->fault == CRRC_TEST_FEED_FAULT_STATUS_429
                     ? CRRC_TEST_FEED_RETRY_AFTER_429 : CRRC_TEST_FEED_RETRY_AFTER_503;

      g_assert_cmpint (result->postponed_until, >=, started + retry - 1);
      g_assert_cmpint (result->postponed_until, <=, g_get_real_time () / G_USEC_PER_SEC + retry + 1);
      g_assert_nonnull (strstr (text, "audits: postponed until "));
      g_assert_false (crrc_sync_report_has_failures (report));

      /* Not requested again before the time, even though it would work. */
      crrc_test_feed_server_clear_faults (fx->server);
      crrc_test_feed_server_reset_requests (fx->server);
      later = sync_ok (fx);
      g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, "/audits/page-1.json"), ==, 0);
      g_assert_cmpint (lookup (later, "audits")->outcome, ==, CRRC_FEED_OUTCOME_POSTPONED);
      g_assert_cmpint (lookup (later, "audits")->postponed_until, ==, result->postponed_until);
    }
  else if (fc->outcome == CRRC_FEED_OUTCOME_DISCONTINUED)
    {
      g_autoptr(CrrcSyncReport) later = NULL;
      g_autoptr(CrrcSyncReport) unlisted = NULL;
      g_autoptr(CrrcSyncReport) relisted = NULL;
      static const char *skip_audits[] = { "audits", NULL };

      g_assert_true (text_has_line (text, "audits: discontinued: the publisher discontinued this feed (410)"));
      g_assert_false (crrc_sync_report_has_failures (report));

      /* Not requested again while the manifest lists it at that address. */
      crrc_test_feed_server_clear_faults (fx->server);
      crrc_test_feed_server_reset_requests (fx->server);
      later = sync_ok (fx);
      g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, "/audits/page-1.json"), ==, 0);
      g_assert_cmpint (lookup (later, "audits")->outcome, ==, CRRC_FEED_OUTCOME_DISCONTINUED);

      /* A manifest without it clears the mark; listed anew, it is read. */
      write_manifest (fx, NULL, skip_audits);
      unlisted = sync_ok (fx);
      g_assert_null (crrc_sync_report_lookup_feed (unlisted, "audits"));
      g_assert_cmpint (query_int (fx, "SELECT discontinued FROM feed_state WHERE feed = 'audits'"), ==, 0);
      write_manifest (fx, NULL, NULL);
      relisted = sync_ok (fx);
      assert_counts (relisted, "audits", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1, 0);
    }
  else
    {
      g_assert_true (crrc_sync_report_has_failures (report));
      line = g_strdup_printf ("audits: failed: %s", result->error);
      g_assert_true (text_has_line (text, line));
      g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sync_runs WHERE status = 'failed'"), ==, 1);
    }
}

static void
test_moved_manifest (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;

  crrc_test_feed_server_set_fault (fx->server, "/manifest.json", CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY, 0);
  report = sync_ok (fx);

  moved = g_strconcat (fx->url, "moved/manifest.json", NULL);
  g_assert_cmpstr (crrc_sync_report_get_moved_url (report), ==, moved);
  sql = g_strdup_printf ("SELECT value FROM meta WHERE key = 'feed_url_moved:%smanifest.json'", fx->url);
  stored = query_text (fx, sql);
  g_assert_cmpstr (stored, ==, moved);

  /* The run goes on from the new address; rows keep the configured source. */
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    assert_counts (report, feeds[i].name, CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, N_RECORDS, 0, 0, 0);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, "/moved/incidents.json"), ==, 3);
  key = g_strdup_printf ("SELECT count(*) FROM incidents WHERE source = '%s'", fx->source);
  g_assert_cmpint (query_int (fx, key), ==, N_RECORDS);

  text = crrc_sync_report_to_text (report);
  line = g_strdup_printf ("The feed has moved permanently to %s; please update its address in the preferences.",
                          moved);
  g_assert_true (text_has_line (text, line));
}

static void
test_manifest_refused (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autofree char *before = dump_cache (fx, NULL);
  g_autofree char *after = NULL;
  CrrcSyncReport *report;

  /* Not a CRRC manifest. */
  crrc_test_feed_server_set_fault (fx->server, "/manifest.json", CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME, 1);
  sync = make_sync (fx);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT);
  g_assert_nonnull (strstr (error->message, "is not a CRRC feed manifest"));
  g_clear_error (&error);

  /* A later version of the protocol. */
  write_file (fx->feed_dir, "manifest.json",
              "{\"format\": \"crrc-feed\", \"version\": 2, \"feeds\": []}");
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT);
  g_assert_nonnull (strstr (error->message, "version 2"));
  g_clear_error (&error);

  /* Unreachable. */
  crrc_test_feed_server_set_fault (fx->server, "/manifest.json", CRRC_TEST_FEED_FAULT_STATUS_404, 1);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = dump_cache (fx, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sync_runs WHERE status = 'failed'"), ==, 3);
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM feed_state"), ==, 0);
}

static void
test_insecure_url (Fixture       *fx,
                   gconstpointer  data)
{
  static const char * const urls[] = {
    "http://192.0.2.1/feed/", "http://example.org/manifest.json", "ftp://127.0.0.1/feed/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(CrrcSync) sync = crrc_sync_new (fx->store, urls[i]);
      g_autoptr(GError) error = NULL;
      CrrcSyncReport *report;

      report = crrc_sync_run (sync, NULL, &error);
      g_assert_null (report);
      g_assert_nonnull (error);
      if (i < 2)
        g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE);
    }

  /* Nothing was written, nothing asked. */
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sync_runs"), ==, 0);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fx->server, NULL), ==, 0);
}

static void
test_cancel (Fixture       *fx,
             gconstpointer  data)
{
  const char *cancel_feed = data;
  g_autoptr(CrrcSyncReport) first = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *feed_before = NULL;
  g_autofree char *feed_after = NULL;
  g_autofree char *state_before = NULL;
  g_autofree char *state_after = NULL;
  g_autofree char *all_before = NULL;
  g_autofree char *all_after = NULL;
  g_autofree char *state_sql = NULL;
  ProgressWatch watch = { 0 };
  const CrrcFeedResult *last;
  guint n;

  first = sync_ok (fx);
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    rewrite_feed (fx, feeds[i].name);

  all_before = dump_cache (fx, NULL);
  feed_before = dump_feed (fx, cancel_feed);
  state_sql = g_strdup_printf ("SELECT url || etag || cursor || status || last_success_at || coalesce (last_error, '')"
                               " FROM feed_state WHERE feed = '%s'", cancel_feed);
  state_before = query_text (fx, state_sql);

  /* Cancelled while reading the second page of the feed. */
  watch.cancel_feed = (char *) cancel_feed;
  watch.cancel_page = 2;
  watch.cancellable = cancellable;
  watch.thread = g_thread_self ();
  sync = make_sync (fx);
  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), &watch);
  report = crrc_sync_run (sync, cancellable, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_false (watch.wrong_thread);
  g_assert_cmpuint (watch.signals, >, 0);

  g_assert_true (crrc_sync_report_get_cancelled (report));
  g_assert_true (crrc_sync_report_has_failures (report));
  n = crrc_sync_report_get_n_feeds (report);
  last = crrc_sync_report_get_feed (report, n - 1);
  g_assert_cmpstr (last->feed, ==, cancel_feed);
  g_assert_cmpint (last->outcome, ==, CRRC_FEED_OUTCOME_FAILED);
  g_assert_cmpstr (last->error, ==, "cancelled");
  g_assert_cmpuint (n, ==, feed_index (cancel_feed) + 1);

  /* Feeds before were committed; this one is exactly as it was, state
   * included; the following ones were not requested. */
  for (guint i = 0; i + 1 < n; i++)
    assert_counts (report, feeds[i].name, CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, 1, N_CHANGED, 1, 0);
  feed_after = dump_feed (fx, cancel_feed);
  g_assert_cmpstr (feed_before, ==, feed_after);
  state_after = query_text (fx, state_sql);
  g_assert_cmpstr (state_before, ==, state_after);
  if (n == 1)
    {
      all_after = dump_cache (fx, NULL);
      g_assert_cmpstr (all_before, ==, all_after);
    }
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM sync_runs WHERE status = 'cancelled'"), ==, 1);

  /* The next run picks everything up. */
  g_clear_object (&report);
  report = sync_ok (fx);
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    assert_counts (report, feeds[i].name,
                   i + 1 < n ? CRRC_FEED_OUTCOME_UNCHANGED : CRRC_FEED_OUTCOME_UPDATED,
                   N_RECORDS, i + 1 < n ? 0 : 1, i + 1 < n ? 0 : N_CHANGED, i + 1 < n ? 0 : 1, 0);
}

typedef struct
{
  GMainLoop      *loop;
  CrrcSyncReport *report;
  GError         *error;
} AsyncWait;

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *wait = user_data;

  wait->report = crrc_sync_run_finish (CRRC_SYNC (object), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_async (Fixture       *fx,
            gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  AsyncWait wait = { 0 };
  ProgressWatch watch = { 0 };
  guint n;

  g_main_context_push_thread_default (context);
  loop = g_main_loop_new (context, FALSE);
  wait.loop = loop;

  /* Progress comes to this thread, in this context. */
  watch.thread = g_thread_self ();
  sync = make_sync (fx);
  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), &watch);
  crrc_sync_run_async (sync, NULL, async_done_cb, &wait);
  g_main_loop_run (loop);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.report);
  g_assert_false (crrc_sync_report_has_failures (wait.report));
  assert_counts (wait.report, "exercises", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, N_RECORDS, 0, 0, 0);
  g_assert_cmpuint (watch.signals, >=, 2 * 3 * G_N_ELEMENTS (feeds));
  g_assert_false (watch.wrong_thread);
  g_clear_object (&wait.report);

  /* Cancelled from the main context, while the worker waits for a slow
   * feed at the latest. */
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    rewrite_feed (fx, feeds[i].name);
  crrc_test_feed_server_set_fault (fx->server, "/exercises*", CRRC_TEST_FEED_FAULT_SLOW_DRIP, 0);
  watch.cancel_feed = (char *) "audits";
  watch.cancel_page = 1;
  watch.cancellable = cancellable;
  crrc_sync_run_async (sync, cancellable, async_done_cb, &wait);
  g_main_loop_run (loop);
  g_assert_no_error (wait.error);
  g_assert_true (crrc_sync_report_get_cancelled (wait.report));
  n = crrc_sync_report_get_n_feeds (wait.report);
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpstr (crrc_sync_report_get_feed (wait.report, n - 1)->error, ==, "cancelled");
  g_assert_cmpint (query_int (fx, "SELECT count(*) FROM exercises WHERE kit = 'Kit revised'"), ==, 0);
  g_assert_false (watch.wrong_thread);
  g_clear_object (&wait.report);

  /* Emissions still queued keep the sync alive; let them run. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
}

/* Pages that the reference server does not write: a local feed. */
static void
write_local_page (Fixture    *fx,
                  const char *name,
                  const char *page)
{
  write_file (fx->feed_dir, name, page);
}

static CrrcSyncReport *
sync_local (Fixture *fx)
{
  g_autofree char *url = g_filename_to_uri (fx->feed_dir, NULL, NULL);
  g_autofree char *base = g_strconcat (url, "/", NULL);
  g_autoptr(CrrcSync) sync = crrc_sync_new (fx->store, base);
  g_autoptr(GError) error = NULL;
  CrrcSyncReport *report;

  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);

  return report;
}

static void
test_local_pages (Fixture       *fx,
                  gconstpointer  data)
{
  static const struct {
    const char *page;
    const char *message;  /* NULL: accepted */
  } pages[] = {
    /* Items before "feed" and "version"; "deleted": null; extra members. */
    { "{\"items\": [@ITEM@], \"extra\": {\"a\": [1, 2]}, \"feed\": \"incidents\", \"version\": 1,"
      " \"deleted\": null, \"cursor\": null, \"next\": null}", NULL },
    { "{\"feed\": \"incidents\", \"version\": 1, \"items\": [@ITEM@], \"next\": \"incidents.json\"}",
      "its pages lead back to" },
    { "{\"feed\": \"incidents\", \"version\": 1, \"items\": [@ITEM@], \"feed\": \"incidents\"}",
      "“feed” appears twice" },
    { "{\"feed\": \"incidents\", \"version\": 2, \"items\": [@ITEM@]}",
      "it is of version 2 of the protocol, not 1" },
    { "{\"feed\": \"incidents\", \"version\": 1, \"item\": [@ITEM@]}",
      "it has no “items”" },
    { "{\"feed\": \"incidents\", \"version\": 1, \"items\": {\"a\": [@ITEM@]}}",
      "“items” is not an array" },
    { "{\"feed\": \"incidents\", \"version\": 1, \"items\": [@ITEM@], \"deleted\": [3]}",
      "“deleted” is not an array of record ids" },
    { "{\"feed\": \"incidents\", \"version\": 1, \"items\": [@ITEM@]} {}",
      "page 1 is not valid JSON" },
    { "{\"feed\": \"incidents\", \"version\": 1, \"items\": [@ITEM@], \"next\": \"http://192.0.2.1/x.json\"}",
      "refused an insecure address on page 1" },
    { "{\"feed\": \"incidents\", \"version\": 1, \"items\": [@ITEM@]", "page 1 ends before the end of its JSON document" },
  };
  g_autofree char *record = make_record ("incidents", 1, 1);
  g_autofree char *all_before = NULL;

  write_local_page (fx, "manifest.json",
                    "{\"format\": \"crrc-feed\", \"version\": 1, \"feeds\": ["
                    " {\"name\": \"incidents\", \"href\": \"incidents.json\"},"
                    " {\"name\": \"alerts\"}]}");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(CrrcSyncReport) report = NULL;
      g_autoptr(GString) text = g_string_new (pages[i].page);
      g_autofree char *page = NULL;
      g_autofree char *after = NULL;
      const CrrcFeedResult *result;

      g_string_replace (text, "@ITEM@", record, 0);
      page = g_strdup (text->str);
      g_test_message ("page %u: %s", i, page);
      write_local_page (fx, "incidents.json", page);
      report = sync_local (fx);
      result = lookup (report, "incidents");

      /* An entry without href fails its feed only. */
      g_assert_cmpint (lookup (report, "alerts")->outcome, ==, CRRC_FEED_OUTCOME_FAILED);
      g_assert_cmpstr (lookup (report, "alerts")->error, ==, "the manifest gives no address for it");

      if (pages[i].message == NULL)
        {
          g_assert_cmpint (result->outcome, ==, CRRC_FEED_OUTCOME_UPDATED);
          g_assert_cmpuint (result->records, ==, 1);
          g_assert_cmpuint (result->http_status, ==, 0);
          all_before = dump_cache (fx, NULL);
          continue;
        }

      g_assert_cmpint (result->outcome, ==, CRRC_FEED_OUTCOME_FAILED);
      if (strstr (result->error, pages[i].message) == NULL)
        g_error ("“%s” does not say “%s”", result->error, pages[i].message);
      after = dump_cache (fx, NULL);
      g_assert_cmpstr (all_before, ==, after);
    }
}

static void
test_refused_href (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(CrrcSyncReport) report = NULL;

  /* A feed on the network may not send the client to local files. */
  write_file (fx->feed_dir, "manifest.json",
              "{\"format\": \"crrc-feed\", \"version\": 1, \"feeds\": ["
              " {\"name\": \"incidents\", \"href\": \"file:///etc/passwd\"},"
              " {\"name\": \"alerts\", \"href\": \"alerts.json\"}]}");
  report = sync_ok (fx);
  g_assert_cmpint (lookup (report, "incidents")->outcome, ==, CRRC_FEED_OUTCOME_FAILED);
  g_assert_nonnull (strstr (lookup (report, "incidents")->error, "refused"));
  assert_counts (report, "alerts", CRRC_FEED_OUTCOME_UPDATED, N_RECORDS, N_RECORDS, 0, 0, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/engine/full", Fixture, NULL, fixture_set_up, test_full_sync, fixture_tear_down);
  g_test_add ("/sync/engine/idempotent", Fixture, NULL, fixture_set_up, test_idempotent, fixture_tear_down);
  g_test_add ("/sync/engine/delta", Fixture, NULL, fixture_set_up, test_delta, fixture_tear_down);
  g_test_add ("/sync/engine/snapshot", Fixture, NULL, fixture_set_up, test_snapshot, fixture_tear_down);
  g_test_add ("/sync/engine/analyst-tables", Fixture, NULL, fixture_set_up, test_analyst_tables, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (fault_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/engine/fault/%s", fault_cases[i].name);

      g_test_add (path, Fixture, &fault_cases[i], fixture_set_up, test_fault, fixture_tear_down);
    }
  g_test_add ("/sync/engine/moved-manifest", Fixture, NULL, fixture_set_up, test_moved_manifest, fixture_tear_down);
  g_test_add ("/sync/engine/manifest-refused", Fixture, NULL, fixture_set_up, test_manifest_refused, fixture_tear_down);
  g_test_add ("/sync/engine/insecure-url", Fixture, NULL, fixture_set_up, test_insecure_url, fixture_tear_down);
  g_test_add ("/sync/engine/refused-href", Fixture, NULL, fixture_set_up, test_refused_href, fixture_tear_down);
  g_test_add ("/sync/engine/cancel/first-feed", Fixture, "incidents", fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/sync/engine/cancel/third-feed", Fixture, "alerts", fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/sync/engine/async", Fixture, NULL, fixture_set_up, test_async, fixture_tear_down);
  g_test_add ("/sync/engine/local-pages", Fixture, NULL, fixture_set_up, test_local_pages, fixture_tear_down);

  return g_test_run ();
}
