/* test-feed-records.c: validating feed records and writing them to the cache
 *
 * Every test opens a real cache file and applies records inside BEGIN and
 * COMMIT, as the sync engine does. JSON is written with single quotes in
 * this file for legibility; apply() turns them into double quotes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-feed-records"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crrc-feed-records.h"
#include "crrc-store-private.h"

#define SOURCE "feed:https://feed.example/manifest.json"
#define OTHER_SOURCE "feed:https://other.example/manifest.json"

typedef struct
{
  char      *dir;
  char      *path;
  CrrcStore *store;
  sqlite3   *db;
} Fixture;

/* Helpers */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("crrc-feed-records-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "crrc.db", NULL);
  f->store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  f->db = _crrc_store_get_db (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);

  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

static void
exec_sql (Fixture    *f,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (f->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The rows of @sql, one line each, columns separated by "|", NULL as
 * "NULL". */
static char *
dump (Fixture    *f,
      const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out = g_string_new (NULL);
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", text != NULL ? text : "NULL");
        }
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  return g_string_free (out, FALSE);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* Every row of the tables whose name matches @like, table by table. */
static char *
dump_tables (Fixture    *f,
             const char *like)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (f->db,
                                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name LIKE ?1 ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, like, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1, 2", table);
      g_autofree char *rows = dump (f, sql);

      g_string_append_printf (out, "[%s]\n%s\n", table, rows);
    }

  return g_string_free (out, FALSE);
}

static char *
json_from (const char *single_quoted)
{
  char *json = g_strdup (single_quoted);

  g_strdelimit (json, "'", '"');

  return json;
}

static const char *
outcome_name (CrrcFeedRecordOutcome outcome)
{
  switch (outcome)
    {
    case CRRC_FEED_RECORD_ADDED:
      return "added";
    case CRRC_FEED_RECORD_UPDATED:
      return "updated";
    case CRRC_FEED_RECORD_UNCHANGED:
      return "unchanged";
    case CRRC_FEED_RECORD_REJECTED:
      return "rejected";
    default:
      g_assert_not_reached ();
    }
}

/* Applies one record; a reject's details go to @reject when not NULL, and
 * fail the test otherwise. */
static CrrcFeedRecordOutcome
apply_full (CrrcFeedApplier *applier,
            const char      *single_quoted,
            guint64          index,
            CrrcFeedReject  *reject)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = json_from (single_quoted);
  CrrcFeedReject local = { NULL, NULL, NULL };
  CrrcFeedRecordOutcome outcome = CRRC_FEED_RECORD_ADDED;

  g_assert_true (crrc_feed_applier_apply (applier, json, strlen (json), index, &outcome,
                                          reject != NULL ? reject : &local, &error));
  g_assert_no_error (error);

  if (reject == NULL && outcome == CRRC_FEED_RECORD_REJECTED)
    g_error ("%s rejected: %s: %s", json, local.field, local.reason);
  crrc_feed_reject_clear (&local);

  return outcome;
}

static const char *
apply (CrrcFeedApplier *applier,
       const char      *single_quoted)
{
  return outcome_name (apply_full (applier, single_quoted, 0, NULL));
}

static CrrcFeedApplier *
begin (Fixture      *f,
       CrrcFeedKind  kind,
       const char   *source)
{
  exec_sql (f, "BEGIN IMMEDIATE");

  return crrc_feed_applier_new (f->db, kind, source);
}

static void
commit (Fixture         *f,
        CrrcFeedApplier *applier)
{
  crrc_feed_applier_free (applier);
  exec_sql (f, "COMMIT");
}

static gboolean
delete_id (CrrcFeedApplier *applier,
           const char      *id)
{
  g_autoptr(GError) error = NULL;
  gboolean deleted = FALSE;

  g_assert_true (crrc_feed_applier_delete (applier, id, &deleted, &error));
  g_assert_no_error (error);

  return deleted;
}

static guint
finish_snapshot (CrrcFeedApplier *applier)
{
  g_autoptr(GError) error = NULL;
  guint n_deleted = G_MAXUINT;

  g_assert_true (crrc_feed_applier_finish_snapshot (applier, &n_deleted, &error));
  g_assert_no_error (error);

  return n_deleted;
}

#define assert_dump(f, sql, expected) \
  G_STMT_START { \
    g_autofree char *dumped_ = dump ((f), (sql)); \
    g_assert_cmpstr (dumped_, ==, (expected)); \
  } G_STMT_END

/* Records, valid */

#define ESTABLISHMENT \
  "{'finess': '010000024', 'legal_finess': '010780054', 'name': 'CH DE FLEYRIAT'," \
  " 'category': '355', 'category_label': 'Centre Hospitalier (C.H.)', 'sector': 'sanitaire'," \
  " 'department': '01', 'region': '84', 'commune': '01451', 'ght': '84-01'," \
  " 'ght_role': 'support', 'public': true, 'lat': 46.2, 'lon': 5.21, 'closed_on': null," \
  " 'updated_at': '2024-05-21T10:00:00+02:00'}"
#define ESTABLISHMENT_REORDERED \
  "{'updated_at': '2024-05-21T08:00:00Z', 'lon': 5.21, 'lat': 46.2, 'public': true," \
  " 'ght_role': 'support', 'ght': '84-01', 'commune': '01451', 'region': '84'," \
  " 'department': '01', 'sector': 'sanitaire', 'category_label': 'Centre Hospitalier (C.H.)'," \
  " 'category': '355', 'name': 'CH DE FLEYRIAT', 'legal_finess': '010780054'," \
  " 'finess': '010000024', 'id': '010000024', 'unknown_field': {'nested': [1, 2, 3]}}"
#define ESTABLISHMENT_CHANGED \
  "{'finess': '010000024', 'legal_finess': '010780054', 'name': 'CH FLEYRIAT'," \
  " 'category': '355', 'category_label': 'Centre Hospitalier (C.H.)', 'sector': 'sanitaire'," \
  " 'department': '01', 'commune': '01451', 'ght': null, 'public': false," \
  " 'closed_on': '2024-06-30'}"
#define ESTABLISHMENT_QUERY \
  "SELECT finess, legal_finess, name, long_name, category, category_label," \
  " aggregate_category, sector, department, region, commune, ght, ght_role, public, lat," \
  " lon, closed_on, key_checked, source, extracted_on, updated_at FROM establishments" \
  " ORDER BY finess"

#define INCIDENT \
  "{'id': 'INC-2024-0001', 'finess': '010000024', 'declared_at': '2024-05-21'," \
  " 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true," \
  " 'functioning_impact': 'degraded'," \
  " 'data_impact': ['availability', 'confidentiality', 'availability']," \
  " 'severity': 'important', 'support_requested': true, 'cert_support': false," \
  " 'summary': 'Chiffrement des serveurs de l’imagerie', 'updated_at': '2024-05-22'}"
#define INCIDENT_REORDERED \
  "{'updated_at': '2024-05-22', 'summary': 'Chiffrement des serveurs de l’imagerie'," \
  " 'cert_support': false, 'support_requested': true, 'severity': 'important'," \
  " 'data_impact': ['confidentiality', 'availability'], 'functioning_impact': 'degraded'," \
  " 'patient_care_impact': true, 'type': 'ransomware', 'origin': 'malicious'," \
  " 'declared_at': '2024-05-21', 'finess': '010000024', 'id': 'INC-2024-0001'," \
  " 'comment': 'ignored', 'score': 12}"
#define INCIDENT_CHANGED \
  "{'id': 'INC-2024-0001', 'finess': '2A0000001', 'declared_at': '2024-01-01T00:30:00+01:00'," \
  " 'origin': 'undetermined', 'type': 'other', 'patient_care_impact': false," \
  " 'functioning_impact': 'none', 'data_impact': []}"
#define INCIDENT_QUERY \
  "SELECT id, finess, declared_at, year, month, origin, type, patient_care_impact," \
  " functioning_impact, data_impact, severity, support_requested, cert_support, summary," \
  " source, updated_at FROM incidents ORDER BY id"

#define AUDIT \
  "{'id': 'AUD-1', 'finess': '010000024', 'date': '2024-03-01', 'kind': 'exposure'," \
  " 'findings': [{'service': 'rdp', 'product': 'Microsoft RDS', 'cve': 'CVE-2019-0708'," \
  "               'severity': 'critical'}," \
  "              {'service': 'vpn', 'severity': 'high', 'resolved_on': '2024-03-15'}]}"
#define AUDIT_REORDERED \
  "{'findings': [{'severity': 'critical', 'cve': 'CVE-2019-0708', 'product': 'Microsoft RDS'," \
  "               'service': 'rdp', 'resolved_on': null, 'note': 'x'}," \
  "              {'resolved_on': '2024-03-15', 'severity': 'high', 'service': 'vpn'}]," \
  " 'kind': 'exposure', 'date': '2024-03-01', 'finess': '010000024', 'id': 'AUD-1'}"
/* Only a finding differs. */
#define AUDIT_CHANGED \
  "{'id': 'AUD-1', 'finess': '010000024', 'date': '2024-03-01', 'kind': 'exposure'," \
  " 'findings': [{'service': 'mail', 'severity': 'low'}]}"
#define AUDIT_QUERY \
  "SELECT id, finess, date, year, kind, source, updated_at FROM audits ORDER BY id"
#define FINDINGS_QUERY \
  "SELECT audit_id, position, service, product, cve, severity, resolved_on" \
  " FROM audit_findings ORDER BY audit_id, position"

#define ALERT \
  "{'id': 'ALR-1', 'finess': '750712184', 'sent_at': '2024-02-01T09:15:00Z'," \
  " 'kind': 'vulnerability', 'reference': 'CERTFR-2024-ALE-001', 'cve': 'CVE-2024-21887'," \
  " 'acknowledged_at': '2024-02-02'}"
#define ALERT_REORDERED \
  "{'acknowledged_at': '2024-02-02', 'cve': 'CVE-2024-21887'," \
  " 'reference': 'CERTFR-2024-ALE-001', 'kind': 'vulnerability'," \
  " 'sent_at': '2024-02-01t10:15:00.250+01:00', 'finess': '750712184', 'id': 'ALR-1'}"
#define ALERT_CHANGED \
  "{'id': 'ALR-1', 'finess': '750712184', 'sent_at': '2024-02-01T09:15:00Z'," \
  " 'kind': 'vulnerability', 'reference': 'CERTFR-2024-ALE-001', 'cve': 'CVE-2024-21887'," \
  " 'acknowledged_at': '2024-02-03T08:00:00Z', 'updated_at': '2024-02-03'}"
#define ALERT_QUERY \
  "SELECT id, finess, sent_at, year, kind, reference, cve, acknowledged_at, source," \
  " updated_at FROM alerts ORDER BY id"

#define DIAGNOSTIC \
  "{'id': 'DIAG-1', 'finess': '010000024', 'date': '2024-04-10'," \
  " 'referential': 'crrc-maturity-1', 'campaign': 'CAMP-1'," \
  " 'answers': {'governance.critical_activities': 2, 'exposure.internet': 0," \
  "             'identities.mfa': 'na', 'watch.cert': 'unknown', 'crisis.exercise': 3}}"
#define DIAGNOSTIC_REORDERED \
  "{'answers': {'crisis.exercise': 3, 'watch.cert': 'unknown', 'identities.mfa': 'na'," \
  "             'exposure.internet': 0, 'governance.critical_activities': 2.0}," \
  " 'campaign': 'CAMP-1', 'referential': 'crrc-maturity-1', 'date': '2024-04-10'," \
  " 'finess': '010000024', 'id': 'DIAG-1', 'score': 55}"
#define DIAGNOSTIC_CHANGED \
  "{'id': 'DIAG-1', 'finess': '010000024', 'date': '2024-04-10'," \
  " 'referential': 'crrc-maturity-1', 'answers': {'governance.critical_activities': 3}}"
#define DIAGNOSTIC_QUERY \
  "SELECT id, finess, date, referential, campaign, source, updated_at FROM diagnostics" \
  " ORDER BY id"
#define ANSWERS_QUERY \
  "SELECT diagnostic_id, question, answer FROM diagnostic_answers" \
  " ORDER BY diagnostic_id, question"

#define CAMPAIGN \
  "{'id': 'CAMP-1', 'name': 'Campagne EHPAD 2024', 'region': '84', 'sector': 'medico_social'," \
  " 'start': '2024-01-15', 'due': '2024-12-31'," \
  " 'targets': [{'finess': '010000032', 'stage': 'contacted', 'stage_date': '2024-02-01'}," \
  "             {'finess': '010000024', 'stage': 'diagnosed'}]}"
#define CAMPAIGN_REORDERED \
  "{'targets': [{'stage': 'diagnosed', 'finess': '010000024'}," \
  "             {'stage_date': '2024-02-01', 'stage': 'contacted', 'finess': '010000032'}]," \
  " 'due': '2024-12-31', 'start': '2024-01-15', 'sector': 'medico_social', 'region': '84'," \
  " 'name': 'Campagne EHPAD 2024', 'id': 'CAMP-1', 'progress': 50}"
#define CAMPAIGN_CHANGED \
  "{'id': 'CAMP-1', 'name': 'Campagne EHPAD 2024', 'region': '84', 'sector': 'medico_social'," \
  " 'start': '2024-01-15', 'due': '2024-12-31'," \
  " 'targets': [{'finess': '010000040', 'stage': 'rediagnosed', 'stage_date': '2024-11-02'}," \
  "             {'finess': '010000024', 'stage': 'report_sent', 'stage_date': '2024-05-01'}]}"
#define CAMPAIGN_QUERY \
  "SELECT id, name, region, sector, start, due, source, updated_at FROM campaigns ORDER BY id"
#define TARGETS_QUERY \
  "SELECT campaign_id, finess, stage, stage_date FROM campaign_targets" \
  " ORDER BY campaign_id, finess"

#define EXERCISE \
  "{'id': 'EX-1', 'finess': '010000024', 'date': '2024-06-01', 'kind': 'tabletop'," \
  " 'kit': 'Kit CERT Santé 2024'}"
#define EXERCISE_REORDERED \
  "{'kit': 'Kit CERT Santé 2024', 'kind': 'tabletop', 'date': '2024-06-01'," \
  " 'finess': '010000024', 'id': 'EX-1', 'participants': ['a', 'b']}"
#define EXERCISE_CHANGED \
  "{'id': 'EX-1', 'finess': '010000024', 'date': '2024-06-01', 'kind': 'full_scale'}"
#define EXERCISE_QUERY \
  "SELECT id, finess, date, kind, kit, source, updated_at FROM exercises ORDER BY id"

#define FUNDING \
  "{'id': 'FUND-1', 'finess': '010000024', 'programme': 'care', 'domain': 'd2'," \
  " 'year': 2024, 'amount_eur': 15000.5, 'status': 'validated'}"
#define FUNDING_REORDERED \
  "{'status': 'validated', 'amount_eur': 1.50005e4, 'year': 2024.0, 'domain': 'd2'," \
  " 'programme': 'care', 'finess': '010000024', 'id': 'FUND-1'}"
#define FUNDING_CHANGED \
  "{'id': 'FUND-1', 'finess': '010000024', 'programme': 'care', 'domain': 'd2'," \
  " 'year': 2024, 'amount_eur': 0, 'status': 'paid', 'updated_at': '2024-09-01'}"
#define FUNDING_QUERY \
  "SELECT id, finess, programme, domain, year, amount_eur, status, source, updated_at" \
  " FROM funding ORDER BY id"

typedef struct
{
  CrrcFeedKind  kind;
  const char   *id;
  const char   *valid;
  const char   *reordered;        /* the same record: keys in another order, extras */
  const char   *changed;
  const char   *query;
  const char   *expected;
  const char   *expected_changed;
  const char   *children_query;   /* NULL when the feed has no child rows */
  const char   *expected_children;
  const char   *expected_changed_children;
} KindCase;

static const KindCase kind_cases[] = {
  {
    CRRC_FEED_ESTABLISHMENTS, "010000024",
    ESTABLISHMENT, ESTABLISHMENT_REORDERED, ESTABLISHMENT_CHANGED, ESTABLISHMENT_QUERY,
    "010000024|010780054|CH DE FLEYRIAT|NULL|355|Centre Hospitalier (C.H.)|NULL|sanitaire|01|84"
    "|01451|84-01|support|1|46.2|5.21|NULL|1|" SOURCE "|NULL|2024-05-21T08:00:00Z",
    /* The region follows the department when the record has none. */
    "010000024|010780054|CH FLEYRIAT|NULL|355|Centre Hospitalier (C.H.)|NULL|sanitaire|01|84"
    "|01451|NULL|NULL|0|NULL|NULL|2024-06-30|1|" SOURCE "|NULL|NULL",
    NULL, NULL, NULL,
  },
  {
    CRRC_FEED_INCIDENTS, "INC-2024-0001",
    INCIDENT, INCIDENT_REORDERED, INCIDENT_CHANGED, INCIDENT_QUERY,
    "INC-2024-0001|010000024|2024-05-21|2024|5|malicious|ransomware|1|degraded"
    "|confidentiality,availability|important|1|0|Chiffrement des serveurs de l’imagerie|"
    SOURCE "|2024-05-22",
    /* A timestamp is stored in UTC: this one falls in the previous year. */
    "INC-2024-0001|2A0000001|2023-12-31T23:30:00Z|2023|12|undetermined|other|0|none|"
    "|NULL|NULL|NULL|NULL|" SOURCE "|NULL",
    NULL, NULL, NULL,
  },
  {
    CRRC_FEED_AUDITS, "AUD-1",
    AUDIT, AUDIT_REORDERED, AUDIT_CHANGED, AUDIT_QUERY,
    "AUD-1|010000024|2024-03-01|2024|exposure|" SOURCE "|NULL",
    "AUD-1|010000024|2024-03-01|2024|exposure|" SOURCE "|NULL",
    FINDINGS_QUERY,
    "AUD-1|0|rdp|Microsoft RDS|CVE-2019-0708|critical|NULL\n"
    "AUD-1|1|vpn|NULL|NULL|high|2024-03-15",
    "AUD-1|0|mail|NULL|NULL|low|NULL",
  },
  {
    CRRC_FEED_ALERTS, "ALR-1",
    ALERT, ALERT_REORDERED, ALERT_CHANGED, ALERT_QUERY,
    "ALR-1|750712184|2024-02-01T09:15:00Z|2024|vulnerability|CERTFR-2024-ALE-001"
    "|CVE-2024-21887|2024-02-02|" SOURCE "|NULL",
    "ALR-1|750712184|2024-02-01T09:15:00Z|2024|vulnerability|CERTFR-2024-ALE-001"
    "|CVE-2024-21887|2024-02-03T08:00:00Z|" SOURCE "|2024-02-03",
    NULL, NULL, NULL,
  },
  {
    CRRC_FEED_DIAGNOSTICS, "DIAG-1",
    DIAGNOSTIC, DIAGNOSTIC_REORDERED, DIAGNOSTIC_CHANGED, DIAGNOSTIC_QUERY,
    "DIAG-1|010000024|2024-04-10|crrc-maturity-1|CAMP-1|" SOURCE "|NULL",
    "DIAG-1|010000024|2024-04-10|crrc-maturity-1|NULL|" SOURCE "|NULL",
    ANSWERS_QUERY,
    "DIAG-1|crisis.exercise|3\n"
    "DIAG-1|exposure.internet|0\n"
    "DIAG-1|governance.critical_activities|2\n"
    "DIAG-1|identities.mfa|na\n"
    "DIAG-1|watch.cert|unknown",
    "DIAG-1|governance.critical_activities|3",
  },
  {
    CRRC_FEED_CAMPAIGNS, "CAMP-1",
    CAMPAIGN, CAMPAIGN_REORDERED, CAMPAIGN_CHANGED, CAMPAIGN_QUERY,
    "CAMP-1|Campagne EHPAD 2024|84|medico_social|2024-01-15|2024-12-31|" SOURCE "|NULL",
    "CAMP-1|Campagne EHPAD 2024|84|medico_social|2024-01-15|2024-12-31|" SOURCE "|NULL",
    TARGETS_QUERY,
    "CAMP-1|010000024|diagnosed|NULL\n"
    "CAMP-1|010000032|contacted|2024-02-01",
    "CAMP-1|010000024|report_sent|2024-05-01\n"
    "CAMP-1|010000040|rediagnosed|2024-11-02",
  },
  {
    CRRC_FEED_EXERCISES, "EX-1",
    EXERCISE, EXERCISE_REORDERED, EXERCISE_CHANGED, EXERCISE_QUERY,
    "EX-1|010000024|2024-06-01|tabletop|Kit CERT Santé 2024|" SOURCE "|NULL",
    "EX-1|010000024|2024-06-01|full_scale|NULL|" SOURCE "|NULL",
    NULL, NULL, NULL,
  },
  {
    CRRC_FEED_FUNDING, "FUND-1",
    FUNDING, FUNDING_REORDERED, FUNDING_CHANGED, FUNDING_QUERY,
    "FUND-1|010000024|care|d2|2024|15000.5|validated|" SOURCE "|NULL",
    "FUND-1|010000024|care|d2|2024|0.0|paid|" SOURCE "|2024-09-01",
    NULL, NULL, NULL,
  },
};

/* Tests */

static void
test_kind_names (void)
{
  CrrcFeedKind kind = CRRC_N_FEEDS;
  const char * const names[] = {
    "establishments", "incidents", "audits", "alerts", "diagnostics", "campaigns",
    "exercises", "funding",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == CRRC_N_FEEDS);

  for (guint i = 0; i < CRRC_N_FEEDS; i++)
    {
      g_assert_cmpstr (crrc_feed_kind_to_name ((CrrcFeedKind) i), ==, names[i]);
      g_assert_true (crrc_feed_kind_from_name (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
    }

  g_assert_true (crrc_feed_kind_from_name ("funding", NULL));
  g_assert_false (crrc_feed_kind_from_name ("bulletins", &kind));
  g_assert_false (crrc_feed_kind_from_name ("Incidents", &kind));
  g_assert_false (crrc_feed_kind_from_name ("", &kind));
}

static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  const char * const tables[] = {
    "establishments", "incidents", "audits", "alerts", "diagnostics", "campaigns",
    "exercises", "funding",
  };

  g_assert_cmpuint (crrc_store_get_version (f->store), >=, 4);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql =
        g_strdup_printf ("SELECT count(*) FROM pragma_table_info ('%s') WHERE name = 'hash'", tables[i]);

      g_assert_cmpint (query_int (f, sql), ==, 1);
    }
}

/* For one feed: added with exact values, sent again (as is, and with its
 * keys in another order and extra fields) unchanged with nothing written,
 * changed, deleted with its child rows. */
static void
test_kind (Fixture       *f,
           gconstpointer  data)
{
  const KindCase *c = data;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  CrrcFeedApplier *applier;
  int changes;

  applier = begin (f, c->kind, SOURCE);
  g_assert_cmpstr (apply (applier, c->valid), ==, "added");
  commit (f, applier);

  assert_dump (f, c->query, c->expected);
  if (c->children_query != NULL)
    assert_dump (f, c->children_query, c->expected_children);

  /* Sent again: nothing written at all. */
  before = dump_tables (f, "%");
  changes = sqlite3_total_changes (f->db);
  applier = begin (f, c->kind, SOURCE);
  g_assert_cmpstr (apply (applier, c->valid), ==, "unchanged");
  g_assert_cmpstr (apply (applier, c->reordered), ==, "unchanged");
  g_assert_cmpstr (apply (applier, c->valid), ==, "unchanged");
  commit (f, applier);
  g_assert_cmpint (sqlite3_total_changes (f->db), ==, changes);
  after = dump_tables (f, "%");
  g_assert_cmpstr (after, ==, before);

  applier = begin (f, c->kind, SOURCE);
  g_assert_cmpstr (apply (applier, c->changed), ==, "updated");
  g_assert_cmpstr (apply (applier, c->changed), ==, "unchanged");
  commit (f, applier);

  assert_dump (f, c->query, c->expected_changed);
  if (c->children_query != NULL)
    assert_dump (f, c->children_query, c->expected_changed_children);

  /* Back to the first version. */
  applier = begin (f, c->kind, SOURCE);
  g_assert_cmpstr (apply (applier, c->reordered), ==, "updated");
  commit (f, applier);
  assert_dump (f, c->query, c->expected);
  if (c->children_query != NULL)
    assert_dump (f, c->children_query, c->expected_children);

  /* Another feed does not delete this one's rows. */
  applier = begin (f, c->kind, OTHER_SOURCE);
  g_assert_false (delete_id (applier, c->id));
  commit (f, applier);
  assert_dump (f, c->query, c->expected);

  applier = begin (f, c->kind, SOURCE);
  g_assert_false (delete_id (applier, "no-such-record"));
  g_assert_true (delete_id (applier, c->id));
  g_assert_false (delete_id (applier, c->id));
  commit (f, applier);
  assert_dump (f, c->query, "");
  if (c->children_query != NULL)
    assert_dump (f, c->children_query, "");

  /* Added again after the deletion. */
  applier = begin (f, c->kind, SOURCE);
  g_assert_cmpstr (apply (applier, c->valid), ==, "added");
  commit (f, applier);
  assert_dump (f, c->query, c->expected);
}

typedef struct
{
  CrrcFeedKind  kind;
  const char   *json;     /* single-quoted */
  const char   *record;   /* expected */
  const char   *field;    /* expected, or NULL */
} RejectCase;

#define E_BASE "'finess': '010000024', 'name': 'CH', 'category': '355', 'sector': 'sanitaire'"
#define I_BASE \
  "'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious'," \
  " 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'"
#define A_BASE "'id': 'AUD-9', 'finess': '010000024', 'date': '2024-03-01', 'kind': 'directory'"
#define AL_BASE "'id': 'ALR-9', 'finess': '010000024', 'sent_at': '2024-02-01', 'kind': 'exposure'"
#define D_BASE "'id': 'DIAG-9', 'finess': '010000024', 'date': '2024-04-10', 'referential': 'crrc-maturity-1'"
#define C_BASE \
  "'id': 'CAMP-9', 'name': 'C', 'region': '84', 'sector': 'medico_social'," \
  " 'start': '2024-01-15', 'due': '2024-12-31'"
#define X_BASE "'id': 'EX-9', 'finess': '010000024', 'date': '2024-06-01', 'kind': 'tabletop'"
#define F_BASE \
  "'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd1', 'year': 2024," \
  " 'amount_eur': 100"
#define T_OK "{'finess': '010000024', 'stage': 'targeted'}"
#define FIND_OK "{'service': 'rdp', 'severity': 'low'}"

static const RejectCase reject_cases[] = {
  /* Not a record at all. */
  { CRRC_FEED_INCIDENTS, "[1, 2]", "#7", NULL },
  { CRRC_FEED_INCIDENTS, "'INC-1'", "#7", NULL },
  { CRRC_FEED_INCIDENTS, "null", "#7", NULL },
  { CRRC_FEED_INCIDENTS, "", "#7", NULL },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-1', ", "#7", NULL },

  /* Establishments. */
  { CRRC_FEED_ESTABLISHMENTS, "{'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "#7", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': 10000024, 'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "#7", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '', 'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "#7", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000025', 'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "010000025", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '01000002', 'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "01000002", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '01 000 002 4', 'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "01 000 002 4", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '2a0000001', 'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '2A'}", "2a0000001", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '3A0000001', 'name': 'CH', 'category': '355', 'sector': 'sanitaire', 'department': '2A'}", "3A0000001", "finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE "}", "010000024", "department" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '20'}", "010000024", "department" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '1'}", "010000024", "department" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': 1}", "010000024", "department" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "010000024", "name" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': null, 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "010000024", "name" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': '', 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "010000024", "name" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': ['CH'], 'category': '355', 'sector': 'sanitaire', 'department': '01'}", "010000024", "name" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': 'CH', 'category': '35', 'sector': 'sanitaire', 'department': '01'}", "010000024", "category" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': 'CH', 'category': 355, 'sector': 'sanitaire', 'department': '01'}", "010000024", "category" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': 'CH', 'sector': 'sanitaire', 'department': '01'}", "010000024", "category" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': 'CH', 'category': '355', 'sector': 'hospital', 'department': '01'}", "010000024", "sector" },
  { CRRC_FEED_ESTABLISHMENTS, "{'finess': '010000024', 'name': 'CH', 'category': '355', 'department': '01'}", "010000024", "sector" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'legal_finess': '010780055'}", "010000024", "legal_finess" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'region': '11'}", "010000024", "region" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'region': '99'}", "010000024", "region" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '975', 'region': '01'}", "010000024", "region" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'commune': '75056'}", "010000024", "commune" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'commune': '451'}", "010000024", "commune" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'ght_role': 'leader'}", "010000024", "ght_role" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'ght': 42}", "010000024", "ght" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'public': 'yes'}", "010000024", "public" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'public': 1}", "010000024", "public" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'lat': 90.5, 'lon': 5}", "010000024", "lat" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'lat': 46, 'lon': -180.1}", "010000024", "lon" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'lat': '46.2', 'lon': 5}", "010000024", "lat" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'lat': 46.2}", "010000024", "lon" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'lon': 5.2, 'lat': null}", "010000024", "lat" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'closed_on': '2023-02-29'}", "010000024", "closed_on" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'closed_on': '2024-1-01'}", "010000024", "closed_on" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'closed_on': '2024-01-01T00:00:00Z'}", "010000024", "closed_on" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'updated_at': 'yesterday'}", "010000024", "updated_at" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'id': '010780054'}", "010000024", "id" },
  { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'id': 10000024}", "010000024", "id" },

  /* Incidents. */
  { CRRC_FEED_INCIDENTS, "{'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "#7", "id" },
  { CRRC_FEED_INCIDENTS, "{'id': 42, 'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "#7", "id" },
  { CRRC_FEED_INCIDENTS, "{'id': '', 'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "#7", "id" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "finess" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000042', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "finess" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "declared_at" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-13-01', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "declared_at" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21T08:00:00', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "declared_at" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21 08:00:00Z', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "declared_at" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21T24:00:00Z', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "declared_at" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': 20240521, 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "declared_at" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'origin': 'evil'}", "INC-9", "origin" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'virus', 'patient_care_impact': true, 'functioning_impact': 'none'}", "INC-9", "type" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'functioning_impact': 'none'}", "INC-9", "patient_care_impact" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': 'false', 'functioning_impact': 'none'}", "INC-9", "patient_care_impact" },
  { CRRC_FEED_INCIDENTS, "{'id': 'INC-9', 'finess': '010000024', 'declared_at': '2024-05-21', 'origin': 'malicious', 'type': 'ransomware', 'patient_care_impact': true, 'functioning_impact': 'partial'}", "INC-9", "functioning_impact" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'data_impact': 'confidentiality'}", "INC-9", "data_impact" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'data_impact': ['confidentiality', 'secrecy']}", "INC-9", "data_impact[1]" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'data_impact': [1]}", "INC-9", "data_impact[0]" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'severity': 'critical'}", "INC-9", "severity" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'support_requested': 1}", "INC-9", "support_requested" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'cert_support': 'no'}", "INC-9", "cert_support" },
  { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'summary': {'text': 'x'}}", "INC-9", "summary" },

  /* Audits. */
  { CRRC_FEED_AUDITS, "{'id': 'AUD-9', 'finess': '010000024', 'date': '2024/03/01', 'kind': 'directory'}", "AUD-9", "date" },
  { CRRC_FEED_AUDITS, "{'id': 'AUD-9', 'finess': '010000024', 'kind': 'directory'}", "AUD-9", "date" },
  { CRRC_FEED_AUDITS, "{'id': 'AUD-9', 'finess': '010000024', 'date': '2024-03-01', 'kind': 'pentest'}", "AUD-9", "kind" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': {}}", "AUD-9", "findings" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [1]}", "AUD-9", "findings[0]" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [{'severity': 'high'}]}", "AUD-9", "findings[0].service" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [" FIND_OK ", " FIND_OK ", {'service': 'rdp', 'severity': 'urgent'}]}", "AUD-9", "findings[2].severity" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [" FIND_OK ", {'service': 'telnet', 'severity': 'low'}]}", "AUD-9", "findings[1].service" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [{'service': 'rdp', 'severity': 'low', 'cve': 'CVE-24-1'}]}", "AUD-9", "findings[0].cve" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [{'service': 'rdp', 'severity': 'low', 'product': 12}]}", "AUD-9", "findings[0].product" },
  { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [{'service': 'rdp', 'severity': 'low', 'resolved_on': 'soon'}]}", "AUD-9", "findings[0].resolved_on" },

  /* Alerts. */
  { CRRC_FEED_ALERTS, "{'id': 'ALR-9', 'finess': '010000024', 'kind': 'exposure'}", "ALR-9", "sent_at" },
  { CRRC_FEED_ALERTS, "{'id': 'ALR-9', 'finess': '010000024', 'sent_at': '2024-02-01', 'kind': 'other'}", "ALR-9", "kind" },
  { CRRC_FEED_ALERTS, "{" AL_BASE ", 'cve': 'cve-2024-21887'}", "ALR-9", "cve" },
  { CRRC_FEED_ALERTS, "{" AL_BASE ", 'reference': ['CERTFR']}", "ALR-9", "reference" },
  { CRRC_FEED_ALERTS, "{" AL_BASE ", 'acknowledged_at': '2024-02-01T08:00:00+2:00'}", "ALR-9", "acknowledged_at" },

  /* Diagnostics. */
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE "}", "DIAG-9", "answers" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': [1, 2]}", "DIAG-9", "answers" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'q1': 4}}", "DIAG-9", "answers.q1" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'q1': 1, 'q2': 'n/a'}}", "DIAG-9", "answers.q2" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'q1': 1.5}}", "DIAG-9", "answers.q1" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'q1': '2'}}", "DIAG-9", "answers.q1" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'q1': -1}}", "DIAG-9", "answers.q1" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'q1': null}}", "DIAG-9", "answers.q1" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'': 1}}", "DIAG-9", "answers" },
  { CRRC_FEED_DIAGNOSTICS, "{'id': 'DIAG-9', 'finess': '010000024', 'date': '2024-04-10', 'referential': '', 'answers': {}}", "DIAG-9", "referential" },
  { CRRC_FEED_DIAGNOSTICS, "{'id': 'DIAG-9', 'finess': '010000024', 'date': '2024-04-10', 'answers': {}}", "DIAG-9", "referential" },
  { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'campaign': 7, 'answers': {}}", "DIAG-9", "campaign" },

  /* Campaigns. */
  { CRRC_FEED_CAMPAIGNS, "{'id': 'CAMP-9', 'name': 'C', 'region': '840', 'sector': 'medico_social', 'start': '2024-01-15', 'due': '2024-12-31'}", "CAMP-9", "region" },
  { CRRC_FEED_CAMPAIGNS, "{'id': 'CAMP-9', 'name': 'C', 'sector': 'medico_social', 'start': '2024-01-15', 'due': '2024-12-31'}", "CAMP-9", "region" },
  { CRRC_FEED_CAMPAIGNS, "{'id': 'CAMP-9', 'name': 'C', 'region': '84', 'sector': 'medical', 'start': '2024-01-15', 'due': '2024-12-31'}", "CAMP-9", "sector" },
  { CRRC_FEED_CAMPAIGNS, "{'id': 'CAMP-9', 'name': 'C', 'region': '84', 'sector': 'medico_social', 'start': '15/01/2024', 'due': '2024-12-31'}", "CAMP-9", "start" },
  { CRRC_FEED_CAMPAIGNS, "{'id': 'CAMP-9', 'name': 'C', 'region': '84', 'sector': 'medico_social', 'start': '2024-01-15'}", "CAMP-9", "due" },
  { CRRC_FEED_CAMPAIGNS, "{'id': 'CAMP-9', 'region': '84', 'sector': 'medico_social', 'start': '2024-01-15', 'due': '2024-12-31'}", "CAMP-9", "name" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': {}}", "CAMP-9", "targets" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': ['010000024']}", "CAMP-9", "targets[0]" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': [{'finess': '010000025', 'stage': 'targeted'}]}", "CAMP-9", "targets[0].finess" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': [{'stage': 'targeted'}]}", "CAMP-9", "targets[0].finess" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': [" T_OK ", {'finess': '010000032', 'stage': 'done'}]}", "CAMP-9", "targets[1].stage" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': [{'finess': '010000032'}]}", "CAMP-9", "targets[0].stage" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': [{'finess': '010000032', 'stage': 'targeted', 'stage_date': '2024-02-30'}]}", "CAMP-9", "targets[0].stage_date" },
  { CRRC_FEED_CAMPAIGNS, "{" C_BASE ", 'targets': [{'finess': '010000032', 'stage': 'targeted'}, " T_OK ", {'finess': '010000032', 'stage': 'diagnosed'}]}", "CAMP-9", "targets[2].finess" },

  /* Exercises. */
  { CRRC_FEED_EXERCISES, "{'id': 'EX-9', 'finess': '010000024', 'date': '2024-06-01', 'kind': 'drill'}", "EX-9", "kind" },
  { CRRC_FEED_EXERCISES, "{'id': 'EX-9', 'finess': '010000024', 'kind': 'tabletop'}", "EX-9", "date" },
  { CRRC_FEED_EXERCISES, "{" X_BASE ", 'kit': 3}", "EX-9", "kit" },

  /* Funding. */
  { CRRC_FEED_FUNDING, "{" F_BASE ", 'status': 'refused'}", "FUND-9", "status" },
  { CRRC_FEED_FUNDING, "{" F_BASE "}", "FUND-9", "status" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'other', 'domain': 'd1', 'year': 2024, 'amount_eur': 100, 'status': 'paid'}", "FUND-9", "programme" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd6', 'year': 2024, 'amount_eur': 100, 'status': 'paid'}", "FUND-9", "domain" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'D1', 'year': 2024, 'amount_eur': 100, 'status': 'paid'}", "FUND-9", "domain" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd1', 'year': '2024', 'amount_eur': 100, 'status': 'paid'}", "FUND-9", "year" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd1', 'year': 2024.5, 'amount_eur': 100, 'status': 'paid'}", "FUND-9", "year" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd1', 'year': 24, 'amount_eur': 100, 'status': 'paid'}", "FUND-9", "year" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd1', 'year': 2024, 'amount_eur': -0.01, 'status': 'paid'}", "FUND-9", "amount_eur" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd1', 'year': 2024, 'amount_eur': '100', 'status': 'paid'}", "FUND-9", "amount_eur" },
  { CRRC_FEED_FUNDING, "{'id': 'FUND-9', 'finess': '010000024', 'programme': 'care', 'domain': 'd1', 'year': 2024, 'status': 'paid'}", "FUND-9", "amount_eur" },
};

/* Each rule: the record is rejected, with the field and a reason, and
 * nothing is written. */
static void
test_rejects (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int changes;

  /* Stored versions of the records below must stay as they are. */
  for (guint k = 0; k < G_N_ELEMENTS (kind_cases); k++)
    {
      CrrcFeedApplier *applier = begin (f, kind_cases[k].kind, SOURCE);

      g_assert_cmpstr (apply (applier, kind_cases[k].valid), ==, "added");
      commit (f, applier);
    }

  before = dump_tables (f, "%");
  changes = sqlite3_total_changes (f->db);

  for (guint i = 0; i < G_N_ELEMENTS (reject_cases); i++)
    {
      const RejectCase *c = &reject_cases[i];
      CrrcFeedReject reject = { NULL, NULL, NULL };
      CrrcFeedRecordOutcome outcome;
      g_autofree char *got = NULL;
      g_autofree char *expected = NULL;
      CrrcFeedApplier *applier;

      applier = begin (f, c->kind, SOURCE);
      outcome = apply_full (applier, c->json, 7, &reject);
      commit (f, applier);

      /* The record is in both strings, to tell which case failed. */
      got = g_strdup_printf ("%s → %s %s %s", c->json, outcome_name (outcome),
                             reject.record, reject.field != NULL ? reject.field : "(none)");
      expected = g_strdup_printf ("%s → rejected %s %s", c->json, c->record,
                                  c->field != NULL ? c->field : "(none)");
      g_assert_cmpstr (got, ==, expected);
      g_assert_nonnull (reject.reason);
      g_assert_cmpuint (strlen (reject.reason), >, 10);
      g_assert_true (g_utf8_validate (reject.reason, -1, NULL));
      g_test_message ("%s: %s", reject.field, reject.reason);

      crrc_feed_reject_clear (&reject);
      g_assert_null (reject.record);
      g_assert_null (reject.field);
      g_assert_null (reject.reason);

      g_assert_cmpint (sqlite3_total_changes (f->db), ==, changes);
    }

  after = dump_tables (f, "%");
  g_assert_cmpstr (after, ==, before);
}

/* A string of more than 64 KiB, anywhere in the table of the protocol. */
/* json-glib cuts a string at an escaped NUL without a word: such a record
 * is refused, and a literal backslash before "u0000" is plain text. */
static void
test_reject_nul (Fixture       *f,
                 gconstpointer  data)
{
  CrrcFeedReject reject = { NULL, NULL, NULL };
  int changes = sqlite3_total_changes (f->db);
  CrrcFeedApplier *applier;
  sqlite3_stmt *stmt = NULL;

  applier = begin (f, CRRC_FEED_INCIDENTS, SOURCE);
  g_assert_cmpint (apply_full (applier, "{" I_BASE ", 'summary': 'Ransomware\\u0000 hidden tail'}", 4, &reject),
                   ==, CRRC_FEED_RECORD_REJECTED);
  commit (f, applier);
  g_assert_cmpstr (reject.record, ==, "#4");
  g_assert_nonnull (strstr (reject.reason, "NUL"));
  crrc_feed_reject_clear (&reject);
  g_assert_cmpint (sqlite3_total_changes (f->db), ==, changes);

  applier = begin (f, CRRC_FEED_INCIDENTS, SOURCE);
  g_assert_cmpstr (apply (applier, "{" I_BASE ", 'summary': 'C:\\\\u0000 is a path'}"), ==, "added");
  commit (f, applier);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT summary FROM incidents", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "C:\\u0000 is a path");
  sqlite3_finalize (stmt);
}

static void
test_reject_long_strings (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (64 * 1024 + 1, 'x');
  g_autofree char *just_fits = g_strnfill (64 * 1024, 'x');
  const struct {
    CrrcFeedKind  kind;
    const char   *before;   /* the long string goes between */
    const char   *after;
    const char   *record;
    const char   *field;
  } cases[] = {
    { CRRC_FEED_INCIDENTS, "{" I_BASE ", 'summary': '", "'}", "INC-9", "summary" },
    { CRRC_FEED_INCIDENTS, "{'id': '", "', 'finess': '010000024'}", "#3", "id" },
    { CRRC_FEED_ESTABLISHMENTS, "{" E_BASE ", 'department': '01', 'category_label': '", "'}", "010000024", "category_label" },
    { CRRC_FEED_AUDITS, "{" A_BASE ", 'findings': [{'service': 'rdp', 'severity': 'low', 'product': '", "'}]}", "AUD-9", "findings[0].product" },
    { CRRC_FEED_DIAGNOSTICS, "{" D_BASE ", 'answers': {'", "': 1}}", "DIAG-9", "answers" },
  };
  int changes = sqlite3_total_changes (f->db);
  CrrcFeedApplier *applier;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CrrcFeedReject reject = { NULL, NULL, NULL };
      g_autofree char *json = g_strconcat (cases[i].before, long_text, cases[i].after, NULL);

      applier = begin (f, cases[i].kind, SOURCE);
      g_assert_cmpint (apply_full (applier, json, 3, &reject), ==, CRRC_FEED_RECORD_REJECTED);
      commit (f, applier);
      g_assert_cmpstr (reject.record, ==, cases[i].record);
      g_assert_cmpstr (reject.field, ==, cases[i].field);
      g_assert_nonnull (reject.reason);
      crrc_feed_reject_clear (&reject);
    }
  g_assert_cmpint (sqlite3_total_changes (f->db), ==, changes);

  /* 64 KiB exactly is accepted. */
  {
    g_autofree char *json = g_strdup_printf ("{" I_BASE ", 'summary': '%s'}", just_fits);

    applier = begin (f, CRRC_FEED_INCIDENTS, SOURCE);
    g_assert_cmpstr (apply (applier, json), ==, "added");
    commit (f, applier);
    g_assert_cmpint (query_int (f, "SELECT length (summary) FROM incidents WHERE id = 'INC-9'"), ==, 64 * 1024);
  }
}

/* Dates and timestamps: what is accepted, and how it is stored. */
static void
test_timestamps (Fixture       *f,
                 gconstpointer  data)
{
  const struct {
    const char *given;
    const char *stored;   /* NULL: rejected */
  } cases[] = {
    { "2024-05-21", "2024-05-21" },
    { "2024-02-29", "2024-02-29" },
    { "2024-05-21T08:00:00Z", "2024-05-21T08:00:00Z" },
    { "2024-05-21t08:00:00z", "2024-05-21T08:00:00Z" },
    { "2024-05-21T08:00:00.123456Z", "2024-05-21T08:00:00Z" },
    { "2024-05-21T10:00:00+02:00", "2024-05-21T08:00:00Z" },
    { "2024-05-21T08:00:00+00:00", "2024-05-21T08:00:00Z" },
    { "2024-05-21T08:00:00-00:00", "2024-05-21T08:00:00Z" },
    { "2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z" },
    { "2024-12-31T23:00:00-02:30", "2025-01-01T01:30:00Z" },
    { "2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z" },
    { "2023-02-29", NULL },
    { "2024-05-21T08:00Z", NULL },
    { "2024-05-21T08:00:00", NULL },
    { "2024-05-21 08:00:00Z", NULL },
    { "2024-05-21T08:00:00 Z", NULL },
    { "2024-05-21T08:00:00Z ", NULL },
    { " 2024-05-21", NULL },
    { "2024-02-30T08:00:00Z", NULL },
    { "2024-05-21T24:00:00Z", NULL },
    { "2024-05-21T08:60:00Z", NULL },
    { "2024-05-21T08:00:61Z", NULL },
    { "2024-05-21T08:00:00+2:00", NULL },
    { "2024-05-21T08:00:00+02", NULL },
    { "2024-05-21T08:00:00+24:00", NULL },
    { "2024-05-21T08:00:00.Z", NULL },
    { "21/05/2024", NULL },
    { "20240521", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json =
        g_strdup_printf ("{'id': 'INC-%u', 'finess': '010000024', 'declared_at': '%s',"
                         " 'origin': 'malicious', 'type': 'ransomware',"
                         " 'patient_care_impact': true, 'functioning_impact': 'none'}",
                         i, cases[i].given);
      g_autofree char *sql = g_strdup_printf ("SELECT declared_at FROM incidents WHERE id = 'INC-%u'", i);
      CrrcFeedReject reject = { NULL, NULL, NULL };
      CrrcFeedRecordOutcome outcome;
      CrrcFeedApplier *applier;

      applier = begin (f, CRRC_FEED_INCIDENTS, SOURCE);
      outcome = apply_full (applier, json, i, &reject);
      commit (f, applier);

      if (cases[i].stored != NULL)
        {
          g_autofree char *got = g_strdup_printf ("%s → %s %s", cases[i].given,
                                                  outcome_name (outcome), reject.reason);
          g_autofree char *expected = g_strdup_printf ("%s → added (null)", cases[i].given);

          g_assert_cmpstr (got, ==, expected);
          assert_dump (f, sql, cases[i].stored);
        }
      else
        {
          g_autofree char *got = g_strdup_printf ("%s → %s %s", cases[i].given,
                                                  outcome_name (outcome), reject.field);
          g_autofree char *expected = g_strdup_printf ("%s → rejected declared_at", cases[i].given);

          g_assert_cmpstr (got, ==, expected);
          assert_dump (f, sql, "");
        }
      crrc_feed_reject_clear (&reject);
    }
}

/* Other establishments: Corsica (key not checked), a department in no
 * region. */
static void
test_establishment_cases (Fixture       *f,
                          gconstpointer  data)
{
  CrrcFeedApplier *applier;

  applier = begin (f, CRRC_FEED_ESTABLISHMENTS, SOURCE);
  g_assert_cmpstr (apply (applier, "{'finess': '2A0000001', 'name': 'EHPAD', 'category': '500',"
                                   " 'sector': 'medico_social', 'department': '2A', 'commune': '2A004'}"),
                   ==, "added");
  g_assert_cmpstr (apply (applier, "{'finess': '970400024', 'name': 'CH', 'category': '355',"
                                   " 'sector': 'sanitaire', 'department': '975', 'region': null}"),
                   ==, "added");
  g_assert_cmpstr (apply (applier, "{'finess': '974000010', 'name': 'CHU', 'category': '101',"
                                   " 'sector': 'sanitaire', 'department': '974', 'region': '04',"
                                   " 'commune': '97411', 'ght_role': 'member', 'lat': -21.0, 'lon': 55.5}"),
                   ==, "added");
  commit (f, applier);

  assert_dump (f, "SELECT finess, department, region, commune, ght_role, public, lat, lon, key_checked"
                  " FROM establishments ORDER BY finess",
               "2A0000001|2A|94|2A004|NULL|0|NULL|NULL|0\n"
               "970400024|975|NULL|NULL|NULL|0|NULL|NULL|1\n"
               "974000010|974|04|97411|member|0|-21.0|55.5|1");
}

/* An establishment an import wrote, then sent by a feed: the feed's record
 * replaces the columns it carries and takes the row's source; the others
 * stay. */
static void
test_establishment_from_import (Fixture       *f,
                                gconstpointer  data)
{
  CrrcFeedApplier *applier;

  exec_sql (f, "INSERT INTO establishments (finess, name, long_name, category, category_label,"
               " aggregate_category, sector, department, region, commune, address, postal_line,"
               " phone, siret, public, x, y, epsg, opened_on, key_checked, source, extracted_on)"
               " VALUES ('010000024', 'CH DE FLEYRIAT', 'CENTRE HOSPITALIER DE BOURG-EN-BRESSE',"
               " '355', 'Centre Hospitalier (C.H.)', '1102', 'sanitaire', '01', '84', '01451',"
               " '900 RTE DE PARIS', '01440 VIRIAT', '0474454647', '26010004500012', 1,"
               " 871234.5, 6571234.5, 2154, '1979-02-13', 1, 'etalab-csv:extract.csv', '2024-01-01')");

  applier = begin (f, CRRC_FEED_ESTABLISHMENTS, SOURCE);
  g_assert_cmpstr (apply (applier, "{'finess': '010000024', 'name': 'CH FLEYRIAT', 'category': '355',"
                                   " 'sector': 'sanitaire', 'department': '01', 'public': true}"),
                   ==, "updated");
  g_assert_cmpstr (apply (applier, "{'finess': '010000024', 'name': 'CH FLEYRIAT', 'category': '355',"
                                   " 'sector': 'sanitaire', 'department': '01', 'public': true}"),
                   ==, "unchanged");
  commit (f, applier);

  assert_dump (f, "SELECT name, long_name, category, category_label, aggregate_category, address,"
                  " postal_line, phone, siret, x, y, epsg, opened_on, commune, source, extracted_on"
                  " FROM establishments",
               "CH FLEYRIAT|CENTRE HOSPITALIER DE BOURG-EN-BRESSE|355|Centre Hospitalier (C.H.)|1102"
               "|900 RTE DE PARIS|01440 VIRIAT|0474454647|26010004500012|871234.5|6571234.5|2154"
               "|1979-02-13|NULL|" SOURCE "|NULL");

  /* Another category: the aggregate and the label of the old one go. */
  applier = begin (f, CRRC_FEED_ESTABLISHMENTS, SOURCE);
  g_assert_cmpstr (apply (applier, "{'finess': '010000024', 'name': 'CH FLEYRIAT', 'category': '106',"
                                   " 'sector': 'sanitaire', 'department': '01', 'public': true}"),
                   ==, "updated");
  commit (f, applier);
  assert_dump (f, "SELECT category, category_label, aggregate_category, long_name FROM establishments",
               "106|NULL|NULL|CENTRE HOSPITALIER DE BOURG-EN-BRESSE");

  /* The row is the feed's now: its snapshot may remove it. */
  applier = begin (f, CRRC_FEED_ESTABLISHMENTS, SOURCE);
  g_assert_cmpuint (finish_snapshot (applier), ==, 1);
  commit (f, applier);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM establishments"), ==, 0);
}

/* A snapshot removes the rows of its feed and source that no record named;
 * rows of other sources, of imports and of the other feeds stay. */
static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  CrrcFeedReject reject = { NULL, NULL, NULL };
  CrrcFeedApplier *applier;

  exec_sql (f, "INSERT INTO establishments (finess, name, sector, department, source)"
               " VALUES ('750000010', 'Imported', 'other', '75', 'etalab-csv:extract.csv')");
  exec_sql (f, "INSERT INTO audits (id, finess, date, kind, source)"
               " VALUES ('AUD-DEMO', '750000010', '2023-01-01', 'exposure', 'demo')");

  applier = begin (f, CRRC_FEED_ESTABLISHMENTS, SOURCE);
  g_assert_cmpstr (apply (applier, ESTABLISHMENT), ==, "added");
  g_assert_cmpstr (apply (applier, "{'finess': '010000032', 'name': 'B', 'category': '500',"
                                   " 'sector': 'medico_social', 'department': '01'}"), ==, "added");
  g_assert_cmpstr (apply (applier, "{'finess': '010000040', 'name': 'C', 'category': '500',"
                                   " 'sector': 'medico_social', 'department': '01'}"), ==, "added");
  commit (f, applier);

  applier = begin (f, CRRC_FEED_ESTABLISHMENTS, OTHER_SOURCE);
  g_assert_cmpstr (apply (applier, "{'finess': '330000019', 'name': 'D', 'category': '500',"
                                   " 'sector': 'medico_social', 'department': '33'}"), ==, "added");
  commit (f, applier);

  applier = begin (f, CRRC_FEED_AUDITS, SOURCE);
  g_assert_cmpstr (apply (applier, AUDIT), ==, "added");
  g_assert_cmpstr (apply (applier, "{'id': 'AUD-2', 'finess': '010000032', 'date': '2024-03-02',"
                                   " 'kind': 'directory', 'findings': [" FIND_OK ", " FIND_OK "]}"), ==, "added");
  commit (f, applier);

  applier = begin (f, CRRC_FEED_AUDITS, OTHER_SOURCE);
  g_assert_cmpstr (apply (applier, "{'id': 'AUD-3', 'finess': '330000019', 'date': '2024-03-03',"
                                   " 'kind': 'directory', 'findings': [" FIND_OK "]}"), ==, "added");
  commit (f, applier);

  /* The snapshot lists the first establishment unchanged, and the third
   * in a version that is rejected: it keeps its stored version. */
  applier = begin (f, CRRC_FEED_ESTABLISHMENTS, SOURCE);
  g_assert_cmpstr (apply (applier, ESTABLISHMENT), ==, "unchanged");
  g_assert_cmpint (apply_full (applier, "{'finess': '010000040', 'name': 'C', 'category': '500',"
                                        " 'sector': 'medico_social', 'department': '99'}", 1, &reject),
                   ==, CRRC_FEED_RECORD_REJECTED);
  g_assert_cmpstr (reject.field, ==, "department");
  crrc_feed_reject_clear (&reject);
  g_assert_cmpuint (finish_snapshot (applier), ==, 1);
  /* Nothing more to remove. */
  g_assert_cmpuint (finish_snapshot (applier), ==, 0);
  commit (f, applier);

  assert_dump (f, "SELECT finess, source FROM establishments ORDER BY finess",
               "010000024|" SOURCE "\n"
               "010000040|" SOURCE "\n"
               "330000019|" OTHER_SOURCE "\n"
               "750000010|etalab-csv:extract.csv");

  applier = begin (f, CRRC_FEED_AUDITS, SOURCE);
  g_assert_cmpstr (apply (applier, AUDIT), ==, "unchanged");
  g_assert_cmpuint (finish_snapshot (applier), ==, 1);
  commit (f, applier);

  assert_dump (f, "SELECT id, source FROM audits ORDER BY id",
               "AUD-1|" SOURCE "\n"
               "AUD-3|" OTHER_SOURCE "\n"
               "AUD-DEMO|demo");
  assert_dump (f, "SELECT audit_id, count(*) FROM audit_findings GROUP BY audit_id ORDER BY audit_id",
               "AUD-1|2\n"
               "AUD-3|1");

  /* An empty snapshot empties the feed of this source only. */
  applier = begin (f, CRRC_FEED_AUDITS, SOURCE);
  g_assert_cmpuint (finish_snapshot (applier), ==, 1);
  commit (f, applier);
  assert_dump (f, "SELECT id FROM audits ORDER BY id", "AUD-3\nAUD-DEMO");
  assert_dump (f, "SELECT audit_id FROM audit_findings", "AUD-3");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM establishments"), ==, 4);
}

/* A page rolled back to a savepoint and read again, as the engine does
 * after a connection error: what the first attempt applied does not count
 * for the snapshot. */
static void
test_snapshot_savepoint (Fixture       *f,
                         gconstpointer  data)
{
  CrrcFeedApplier *applier;

  applier = begin (f, CRRC_FEED_EXERCISES, SOURCE);
  g_assert_cmpstr (apply (applier, EXERCISE), ==, "added");
  g_assert_cmpstr (apply (applier, "{'id': 'EX-2', 'finess': '010000024', 'date': '2024-06-02',"
                                   " 'kind': 'tabletop'}"), ==, "added");
  commit (f, applier);

  applier = begin (f, CRRC_FEED_EXERCISES, SOURCE);
  exec_sql (f, "SAVEPOINT page");
  crrc_feed_applier_set_savepoint (applier);
  g_assert_cmpstr (apply (applier, EXERCISE_CHANGED), ==, "updated");
  g_assert_cmpstr (apply (applier, "{'id': 'EX-2', 'finess': '010000024', 'date': '2024-06-02',"
                                   " 'kind': 'tabletop'}"), ==, "unchanged");
  exec_sql (f, "ROLLBACK TO page");
  crrc_feed_applier_rollback_to_savepoint (applier);
  exec_sql (f, "RELEASE page");

  /* The page again, as the server now sends it: EX-2 is gone. */
  exec_sql (f, "SAVEPOINT page");
  crrc_feed_applier_set_savepoint (applier);
  g_assert_cmpstr (apply (applier, EXERCISE_CHANGED), ==, "updated");
  exec_sql (f, "RELEASE page");
  g_assert_cmpuint (finish_snapshot (applier), ==, 1);
  commit (f, applier);

  assert_dump (f, "SELECT id, kind FROM exercises", "EX-1|full_scale");

  /* Ids seen before the savepoint stay seen. */
  applier = begin (f, CRRC_FEED_EXERCISES, SOURCE);
  g_assert_cmpstr (apply (applier, EXERCISE_CHANGED), ==, "unchanged");
  crrc_feed_applier_set_savepoint (applier);
  crrc_feed_applier_rollback_to_savepoint (applier);
  g_assert_cmpuint (finish_snapshot (applier), ==, 0);
  commit (f, applier);
}

/* A record of another source with the same id is taken over (the cache
 * keeps one row per id); an unchanged record of another source is still
 * written, to take its source. */
static void
test_other_source (Fixture       *f,
                   gconstpointer  data)
{
  CrrcFeedApplier *applier;

  applier = begin (f, CRRC_FEED_EXERCISES, OTHER_SOURCE);
  g_assert_cmpstr (apply (applier, EXERCISE), ==, "added");
  commit (f, applier);

  applier = begin (f, CRRC_FEED_EXERCISES, SOURCE);
  g_assert_cmpstr (apply (applier, EXERCISE), ==, "updated");
  g_assert_cmpstr (apply (applier, EXERCISE), ==, "unchanged");
  commit (f, applier);

  assert_dump (f, "SELECT id, source FROM exercises", "EX-1|" SOURCE);
}

/* The analyst's own tables: local_* and notes. */
static char *
dump_local (Fixture *f)
{
  g_autofree char *local = dump_tables (f, "local%");
  g_autofree char *notes = dump (f, "SELECT * FROM notes");

  return g_strconcat (local, "[notes]\n", notes, NULL);
}

/* No applier ever writes to the analyst's own tables. */
static void
test_local_untouched (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  exec_sql (f, "INSERT INTO local_diagnostics (id, finess, date, referential, campaign, status,"
               " created_at, updated_at) VALUES ('DIAG-1', '010000024', '2024-04-01',"
               " 'crrc-maturity-1', 'CAMP-1', 'draft', '2024-04-01T08:00:00Z', '2024-04-01T08:00:00Z');"
               "INSERT INTO local_diagnostic_answers VALUES ('DIAG-1', 'governance.critical_activities', '1');"
               "INSERT INTO local_campaigns VALUES ('CAMP-1', 'Local', '84', 'medico_social',"
               " '2024-01-01', '2024-12-31', '2024-01-01T08:00:00Z');"
               "INSERT INTO local_campaign_targets VALUES ('CAMP-1', '010000024', '2024-01-02T08:00:00Z');"
               "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at)"
               " VALUES ('CAMP-1', '010000024', 'scheduled', '2024-03-01', 'RDV', '2024-03-01T08:00:00Z');"
               "INSERT INTO notes (finess, text, created_at, updated_at)"
               " VALUES ('010000024', 'Appeler le RSSI', '2024-03-01T08:00:00Z', '2024-03-01T08:00:00Z');");
  before = dump_local (f);
  g_assert_nonnull (strstr (before, "scheduled"));
  g_assert_nonnull (strstr (before, "Appeler le RSSI"));

  for (guint k = 0; k < G_N_ELEMENTS (kind_cases); k++)
    {
      CrrcFeedApplier *applier = begin (f, kind_cases[k].kind, SOURCE);

      g_assert_cmpstr (apply (applier, kind_cases[k].valid), ==, "added");
      g_assert_cmpstr (apply (applier, kind_cases[k].changed), ==, "updated");
      g_assert_true (delete_id (applier, kind_cases[k].id));
      g_assert_cmpstr (apply (applier, kind_cases[k].valid), ==, "added");
      commit (f, applier);

      applier = begin (f, kind_cases[k].kind, SOURCE);
      g_assert_cmpuint (finish_snapshot (applier), ==, 1);
      commit (f, applier);
    }

  after = dump_local (f);
  g_assert_cmpstr (after, ==, before);
}

/* A SQLite failure fails the feed (FALSE and an error), not the record. */
static void
test_sqlite_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = json_from (INCIDENT);
  CrrcFeedReject reject = { NULL, NULL, NULL };
  CrrcFeedRecordOutcome outcome;
  CrrcFeedApplier *applier;

  exec_sql (f, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.incidents"
               " BEGIN SELECT RAISE (ABORT, 'database or disk is full'); END");

  applier = begin (f, CRRC_FEED_INCIDENTS, SOURCE);
  g_assert_false (crrc_feed_applier_apply (applier, json, strlen (json), 0, &outcome, &reject, &error));
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_SQLITE);
  g_assert_nonnull (strstr (error->message, "database or disk is full"));
  g_assert_null (reject.reason);
  crrc_feed_applier_free (applier);
  exec_sql (f, "ROLLBACK");

  exec_sql (f, "DROP TRIGGER refuse");
  applier = begin (f, CRRC_FEED_INCIDENTS, SOURCE);
  g_assert_cmpstr (apply (applier, INCIDENT), ==, "added");
  commit (f, applier);
}

/* Rolled back with the caller's transaction, like the rest of the feed. */
static void
test_rollback (Fixture       *f,
               gconstpointer  data)
{
  CrrcFeedApplier *applier;

  applier = begin (f, CRRC_FEED_CAMPAIGNS, SOURCE);
  g_assert_cmpstr (apply (applier, CAMPAIGN), ==, "added");
  crrc_feed_applier_free (applier);
  exec_sql (f, "ROLLBACK");

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM campaigns"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM campaign_targets"), ==, 0);

  applier = begin (f, CRRC_FEED_CAMPAIGNS, SOURCE);
  g_assert_cmpstr (apply (applier, CAMPAIGN), ==, "added");
  commit (f, applier);
}

/* Many records through one applier: statements are reused, and the second
 * pass writes nothing. */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  const guint n = 2000;
  CrrcFeedApplier *applier;
  int changes;

  for (guint pass = 0; pass < 2; pass++)
    {
      applier = begin (f, CRRC_FEED_DIAGNOSTICS, SOURCE);
      changes = sqlite3_total_changes (f->db);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *json =
            g_strdup_printf ("{'id': 'D-%u', 'finess': '010000024', 'date': '2024-04-10',"
                             " 'referential': 'crrc-maturity-1',"
                             " 'answers': {'a': %u, 'b': 'na', 'c': %u}}", i, i % 4, (i + 1) % 4);

          g_assert_cmpstr (apply (applier, json), ==, pass == 0 ? "added" : "unchanged");
        }
      if (pass == 1)
        g_assert_cmpint (sqlite3_total_changes (f->db), ==, changes);
      commit (f, applier);
    }

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM diagnostic_answers"), ==, 3 * n);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("XDG_DATA_HOME", "/nonexistent/crrc-test-data", TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func, data) \
  g_test_add ("/feed-records/" name, Fixture, data, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/feed-records/kind-names", test_kind_names);
  ADD ("schema", test_schema, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kind_cases); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/feed-records/apply/%s", crrc_feed_kind_to_name (kind_cases[i].kind));

      g_test_add (path, Fixture, &kind_cases[i], fixture_set_up, test_kind, fixture_tear_down);
    }
  ADD ("rejects", test_rejects, NULL);
  ADD ("rejects/long-strings", test_reject_long_strings, NULL);
  ADD ("rejects/nul", test_reject_nul, NULL);
  ADD ("timestamps", test_timestamps, NULL);
  ADD ("establishments/cases", test_establishment_cases, NULL);
  ADD ("establishments/from-import", test_establishment_from_import, NULL);
  ADD ("snapshot", test_snapshot, NULL);
  ADD ("snapshot/savepoint", test_snapshot_savepoint, NULL);
  ADD ("other-source", test_other_source, NULL);
  ADD ("local-untouched", test_local_untouched, NULL);
  ADD ("sqlite-error", test_sqlite_error, NULL);
  ADD ("rollback", test_rollback, NULL);
  ADD ("many", test_many, NULL);

#undef ADD

  return g_test_run ();
}
