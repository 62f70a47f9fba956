/* test-establishment-detail.c: one establishment's whole record
 *
 * On the demonstration feed (seed CRRC_DEMO_SEED, scale 1), synced into a
 * temporary cache as the application does. The demonstration data has no
 * legal entity, GHT table, CERT-FR bulletin, finding with a CVE or product,
 * nor an establishment with two diagnostics: the test adds them as rows of
 * its own source around one establishment that has an incident and a
 * diagnostic (picked by SQL), then checks every section of its detail
 * against direct SQL. Notes are added, changed and deleted, and must still
 * be there after the demonstration feed is synced again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-establishment-detail"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crrc-demo.h"
#include "crrc-establishment-detail.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"
#include "crrc-test-utils.h"

#define FIXTURE_SOURCE "test:establishment-detail"
#define LEGAL_FINESS "259999990"
#define GHT_CODE "T2701"
#define SUPPORT_FINESS "259999997"

static char *tmp_dir;
static CrrcStore *store;
/* The establishment of the tests, picked by SQL. */
static char *finess;

static void
exec (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_crrc_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
}

/* Runs @sql with ?1 = @key and returns its one integer. */
static gint64
query_int (const char *sql,
           const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* Runs @sql with ?1 = @key and returns the first column of every row. */
static GPtrArray *
query_column (const char *sql,
              const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return values;
}

static void
add_fixtures (void)
{
  g_autofree char *sql = NULL;

  /* An establishment with an incident and a diagnostic, in a category and
   * region where at least 5 others have one. */
  finess = g_strdup_printf ("%09" G_GINT64_MODIFIER "d", query_int (
    "SELECT CAST (d.finess AS INTEGER) FROM diagnostics AS d"
    " JOIN establishments AS e ON e.finess = d.finess"
    " WHERE e.department = '25'"
    "  AND EXISTS (SELECT 1 FROM incidents AS i WHERE i.finess = d.finess)"
    "  AND (SELECT count (DISTINCT d2.finess) FROM diagnostics AS d2"
    "       JOIN establishments AS e2 ON e2.finess = d2.finess"
    "       WHERE e2.category = e.category AND e2.region = e.region AND d2.finess <> d.finess) >= 5"
    " ORDER BY d.finess LIMIT 1", NULL));
  g_test_message ("Establishment: %s", finess);

  sql = g_strdup_printf (
    /* Its legal entity, two other establishments of it, its GHT and the
     * GHT's support. */
    "UPDATE establishments SET legal_finess = '" LEGAL_FINESS "', ght = '" GHT_CODE "',"
    " ght_role = 'member', address = '3 rue des Tilleuls', postal_line = '25000 BESANCON',"
    " phone = '0381000000', hash = 0 WHERE finess = '%1$s';"
    "INSERT INTO legal_entities (finess, name, source) VALUES ('" LEGAL_FINESS "', 'Association Tilleuls', '" FIXTURE_SOURCE "');"
    "INSERT INTO establishments (finess, legal_finess, name, category, category_label, sector, department, region, source)"
    " VALUES ('259999998', '" LEGAL_FINESS "', 'Foyer Bellevue', '252', 'Foyer', 'medico_social', '25', '27', '" FIXTURE_SOURCE "'),"
    "        ('259999999', '" LEGAL_FINESS "', 'Accueil de jour Arc-en-ciel', '207', NULL, 'medico_social', '25', '27', '" FIXTURE_SOURCE "'),"
    "        ('" SUPPORT_FINESS "', NULL, 'CHU Test', '101', 'CHR', 'sanitaire', '25', '27', '" FIXTURE_SOURCE "');"
    "UPDATE establishments SET ght = '" GHT_CODE "', ght_role = 'support' WHERE finess = '" SUPPORT_FINESS "';"
    "INSERT INTO ght (code, name, source) VALUES ('" GHT_CODE "', 'GHT Test Doubs', '" FIXTURE_SOURCE "');"
    /* An older diagnostic, with other answers. */
    "INSERT INTO diagnostics (id, finess, date, referential, source)"
    " VALUES ('TEST-DIAG-OLD', '%1$s', '2021-06-01', 'crrc-maturity-1', '" FIXTURE_SOURCE "');"
    "INSERT INTO diagnostic_answers (diagnostic_id, question, answer)"
    " SELECT 'TEST-DIAG-OLD', question, CASE answer WHEN '3' THEN '1' WHEN '2' THEN '0' ELSE answer END"
    " FROM diagnostic_answers WHERE diagnostic_id = (SELECT id FROM diagnostics WHERE finess = '%1$s'"
    "  AND id <> 'TEST-DIAG-OLD' ORDER BY date DESC LIMIT 1);"
    /* An audit with findings that CERT-FR bulletins name. */
    "INSERT INTO audits (id, finess, date, kind, source)"
    " VALUES ('TEST-AUD-1', '%1$s', '2024-02-10', 'exposure', '" FIXTURE_SOURCE "');"
    "INSERT INTO audit_findings (audit_id, position, service, product, cve, severity, resolved_on)"
    " VALUES ('TEST-AUD-1', 0, 'vpn', 'FortiOS', 'CVE-2024-21762', 'critical', NULL),"
    "        ('TEST-AUD-1', 1, 'web_portal', 'Citrix NetScaler', NULL, 'high', '2024-03-01'),"
    "        ('TEST-AUD-1', 2, 'mail', NULL, NULL, 'low', NULL);"
    "INSERT INTO certfr_bulletins (reference, kind, title, published_on, source)"
    " VALUES ('CERTFR-2024-ALE-005', 'alerte', 'Vulnérabilité dans Fortinet FortiOS', '2024-02-09', '" FIXTURE_SOURCE "'),"
    "        ('CERTFR-2024-AVI-0100', 'avis', 'Multiples vulnérabilités dans les produits Fortinet', '2024-02-14', '" FIXTURE_SOURCE "'),"
    "        ('CERTFR-2023-AVI-0500', 'avis', 'Vulnérabilité dans Citrix NetScaler', '2023-07-18', '" FIXTURE_SOURCE "'),"
    "        ('CERTFR-2024-AVI-0999', 'avis', 'Sans rapport', '2024-05-01', '" FIXTURE_SOURCE "');"
    "INSERT INTO certfr_bulletin_cves (reference, cve)"
    " VALUES ('CERTFR-2024-ALE-005', 'CVE-2024-21762'), ('CERTFR-2024-AVI-0100', 'CVE-2024-21762'),"
    "        ('CERTFR-2024-AVI-0999', 'CVE-2024-00001');"
    "INSERT INTO certfr_bulletin_products (reference, position, vendor, product)"
    " VALUES ('CERTFR-2024-AVI-0100', 0, 'Fortinet', 'fortios'),"
    "        ('CERTFR-2023-AVI-0500', 0, 'Citrix', 'Citrix NetScaler'),"
    "        ('CERTFR-2024-AVI-0999', 0, 'Other', 'Other');"
    "INSERT INTO alerts (id, finess, sent_at, kind, reference, cve, source)"
    " VALUES ('TEST-ALR-1', '%1$s', '2024-02-08T09:00:00Z', 'vulnerability', 'CERTFR-2024-ALE-005', 'CVE-2024-21762', '" FIXTURE_SOURCE "');"
    "INSERT INTO exercises (id, finess, date, kind, kit, source)"
    " VALUES ('TEST-EXE-1', '%1$s', '2024-04-02', 'tabletop', 'pcra', '" FIXTURE_SOURCE "');"
    "INSERT INTO funding (id, finess, programme, domain, year, amount_eur, status, source)"
    " VALUES ('TEST-FUN-1', '%1$s', 'care', 'd1', 2024, 12000, 'validated', '" FIXTURE_SOURCE "');"
    /* A local stage change over the synced stage, and a local campaign. */
    "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at)"
    " SELECT campaign_id, finess, 'report_sent', '2024-01-10', 'Restitution envoyée par courriel', '2024-01-10T10:00:00Z'"
    " FROM campaign_targets WHERE finess = '%1$s';"
    "INSERT INTO local_campaigns (id, name, region, sector, start, due, created_at)"
    " VALUES ('LOCAL-1', 'Campagne locale 2025', '27', 'medico_social', '2025-01-06', '2025-06-30', '2025-01-06T08:00:00Z');"
    "INSERT INTO local_campaign_targets (campaign_id, finess, added_at)"
    " VALUES ('LOCAL-1', '%1$s', '2025-01-06T08:00:00Z');",
    finess);
  exec (sql);
}

static void
setup (void)
{
  tmp_dir = crrc_test_make_dir ("crrc-detail");
  store = crrc_test_open_demo_store (tmp_dir, "crrc.db");
  add_fixtures ();
}

static void
teardown (void)
{
  g_clear_object (&store);
  crrc_test_remove_tree (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&finess, g_free);
}

static CrrcEstablishmentDetail *
load (const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (store, &error);
  CrrcEstablishmentDetail *detail;
  gint64 start;

  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  detail = crrc_establishment_detail_load (reader, number, &error);
  g_test_message ("Loaded %s in %.2f ms", number, (g_get_monotonic_time () - start) / 1000.0);
  g_assert_no_error (error);
  g_assert_nonnull (detail);

  return detail;
}

static void
test_identity (void)
{
  g_autoptr(CrrcEstablishmentDetail) detail = NULL;
  g_autofree char *spaced = g_strdup_printf ("%.2s %.3s %.3s %.1s", finess, finess + 2, finess + 5, finess + 8);
  g_autoptr(GPtrArray) names = query_column ("SELECT name FROM establishments WHERE finess = ?1", finess);

  /* With the spaces a person types. */
  detail = load (spaced);
  g_assert_cmpstr (detail->finess, ==, finess);
  g_assert_cmpstr (detail->name, ==, g_ptr_array_index (names, 0));
  g_assert_cmpstr (detail->address, ==, "3 rue des Tilleuls");
  g_assert_cmpstr (detail->postal_line, ==, "25000 BESANCON");
  g_assert_cmpstr (detail->phone, ==, "0381000000");
  g_assert_cmpstr (detail->department, ==, "25");
  g_assert_cmpstr (detail->department_name, ==, "Doubs");
  g_assert_cmpstr (detail->region, ==, "27");
  g_assert_cmpstr (detail->region_name, ==, "Bourgogne-Franche-Comté");
  g_assert_cmpstr (detail->sector, ==, "medico_social");
  g_assert_cmpint (query_int ("SELECT public FROM establishments WHERE finess = ?1", finess), ==, detail->public);

  g_assert_cmpstr (detail->legal_finess, ==, LEGAL_FINESS);
  g_assert_cmpstr (detail->legal_name, ==, "Association Tilleuls");
  /* The other establishments of the entity, by name. */
  g_assert_cmpuint (detail->n_siblings, ==, 2);
  g_assert_cmpuint (detail->siblings->len, ==, 2);
  g_assert_cmpstr (((CrrcDetailSibling *) g_ptr_array_index (detail->siblings, 0))->finess, ==, "259999999");
  g_assert_cmpstr (((CrrcDetailSibling *) g_ptr_array_index (detail->siblings, 0))->name, ==, "Accueil de jour Arc-en-ciel");
  g_assert_cmpstr (((CrrcDetailSibling *) g_ptr_array_index (detail->siblings, 1))->finess, ==, "259999998");
  g_assert_cmpstr (((CrrcDetailSibling *) g_ptr_array_index (detail->siblings, 1))->category_label, ==, "Foyer");

  g_assert_cmpstr (detail->ght, ==, GHT_CODE);
  g_assert_cmpstr (detail->ght_name, ==, "GHT Test Doubs");
  g_assert_cmpstr (detail->ght_role, ==, "member");
  g_assert_nonnull (detail->ght_support);
  g_assert_cmpstr (detail->ght_support->finess, ==, SUPPORT_FINESS);
  g_assert_cmpstr (detail->ght_support->name, ==, "CHU Test");
}

static void
test_events (void)
{
  g_autoptr(CrrcEstablishmentDetail) detail = load (finess);
  g_autoptr(GPtrArray) incident_ids = query_column ("SELECT id FROM incidents WHERE finess = ?1"
                                                    " ORDER BY declared_at DESC", finess);
  g_autoptr(GPtrArray) alert_ids = query_column ("SELECT id FROM alerts WHERE finess = ?1"
                                                 " ORDER BY sent_at DESC", finess);
  g_autoptr(GPtrArray) audit_ids = query_column ("SELECT id FROM audits WHERE finess = ?1"
                                                 " ORDER BY date DESC", finess);
  CrrcDetailAudit *audit;
  CrrcDetailFinding *finding;
  CrrcDetailBulletin *bulletin;
  CrrcDetailIncident *incident;

  /* Incidents, newest first, each with its columns. */
  g_assert_cmpuint (incident_ids->len, >, 0);
  g_assert_cmpuint (detail->incidents->len, ==, incident_ids->len);
  for (guint i = 0; i < incident_ids->len; i++)
    g_assert_cmpstr (((CrrcDetailIncident *) g_ptr_array_index (detail->incidents, i))->id, ==,
                     g_ptr_array_index (incident_ids, i));
  incident = g_ptr_array_index (detail->incidents, 0);
  g_assert_cmpint (incident->patient_care_impact, ==,
                   query_int ("SELECT patient_care_impact FROM incidents WHERE id = ?1", incident->id));
  g_assert_cmpint (incident->support_requested, ==,
                   query_int ("SELECT coalesce (support_requested, -1) FROM incidents WHERE id = ?1", incident->id));
  g_assert_cmpint (incident->cert_support, ==,
                   query_int ("SELECT coalesce (cert_support, -1) FROM incidents WHERE id = ?1", incident->id));
  g_assert_cmpint (crrc_establishment_detail_count_incidents (detail, (int) query_int (
                     "SELECT year FROM incidents WHERE id = ?1", incident->id)), ==,
                   query_int ("SELECT count (*) FROM incidents WHERE finess = ?1 AND year ="
                              " (SELECT year FROM incidents WHERE finess = ?1 ORDER BY declared_at DESC LIMIT 1)",
                              finess));
  g_assert_cmpint (detail->latest_year, ==, query_int ("SELECT max (year) FROM incidents", NULL));

  /* Audits and their findings, each linked to the bulletins naming its CVE
   * (first) or its product (any case). */
  g_assert_cmpuint (detail->audits->len, ==, audit_ids->len);
  audit = g_ptr_array_index (detail->audits, 0);
  g_assert_cmpstr (audit->id, ==, g_ptr_array_index (audit_ids, 0));
  g_assert_cmpstr (audit->id, ==, "TEST-AUD-1");
  g_assert_cmpstr (audit->kind, ==, "exposure");
  g_assert_cmpuint (audit->findings->len, ==, 3);

  finding = g_ptr_array_index (audit->findings, 0);
  g_assert_cmpstr (finding->service, ==, "vpn");
  g_assert_cmpstr (finding->cve, ==, "CVE-2024-21762");
  g_assert_cmpstr (finding->severity, ==, "critical");
  g_assert_null (finding->resolved_on);
  g_assert_cmpuint (finding->bulletins->len, ==, 2);
  bulletin = g_ptr_array_index (finding->bulletins, 0);
  g_assert_cmpstr (bulletin->reference, ==, "CERTFR-2024-AVI-0100");
  g_assert_true (bulletin->by_cve);
  g_assert_cmpstr (bulletin->url, ==, "https://www.cert.ssi.gouv.fr/avis/CERTFR-2024-AVI-0100/");
  bulletin = g_ptr_array_index (finding->bulletins, 1);
  g_assert_cmpstr (bulletin->reference, ==, "CERTFR-2024-ALE-005");
  g_assert_true (bulletin->by_cve);
  g_assert_cmpstr (bulletin->title, ==, "Vulnérabilité dans Fortinet FortiOS");
  g_assert_cmpstr (bulletin->published_on, ==, "2024-02-09");
  g_assert_cmpstr (bulletin->url, ==, "https://www.cert.ssi.gouv.fr/alerte/CERTFR-2024-ALE-005/");

  finding = g_ptr_array_index (audit->findings, 1);
  g_assert_cmpstr (finding->product, ==, "Citrix NetScaler");
  g_assert_cmpstr (finding->resolved_on, ==, "2024-03-01");
  g_assert_cmpuint (finding->bulletins->len, ==, 1);
  bulletin = g_ptr_array_index (finding->bulletins, 0);
  g_assert_cmpstr (bulletin->reference, ==, "CERTFR-2023-AVI-0500");
  g_assert_false (bulletin->by_cve);

  finding = g_ptr_array_index (audit->findings, 2);
  g_assert_cmpuint (finding->bulletins->len, ==, 0);

  /* Alerts, exercises, funding. */
  g_assert_cmpuint (detail->alerts->len, ==, alert_ids->len);
  g_assert_cmpstr (((CrrcDetailAlert *) g_ptr_array_index (detail->alerts, 0))->id, ==,
                   g_ptr_array_index (alert_ids, 0));
  g_assert_cmpuint (detail->exercises->len, ==, query_int ("SELECT count (*) FROM exercises WHERE finess = ?1", finess));
  g_assert_cmpstr (((CrrcDetailExercise *) g_ptr_array_index (detail->exercises, 0))->kind, ==, "tabletop");
  g_assert_cmpuint (detail->funding->len, ==, query_int ("SELECT count (*) FROM funding WHERE finess = ?1", finess));
  g_assert_cmpfloat (((CrrcDetailFunding *) g_ptr_array_index (detail->funding, 0))->amount_eur, ==, 12000);
}

static void
test_campaigns (void)
{
  g_autoptr(CrrcEstablishmentDetail) detail = load (finess);
  g_autoptr(GPtrArray) synced = query_column ("SELECT campaign_id FROM campaign_targets WHERE finess = ?1", finess);
  gboolean seen_local = FALSE, seen_synced = FALSE;

  g_assert_cmpuint (detail->campaigns->len, ==, synced->len + 1);
  for (guint i = 0; i < detail->campaigns->len; i++)
    {
      CrrcDetailCampaign *campaign = g_ptr_array_index (detail->campaigns, i);

      if (g_str_equal (campaign->id, "LOCAL-1"))
        {
          seen_local = TRUE;
          g_assert_true (campaign->local_campaign);
          g_assert_true (campaign->local_target);
          g_assert_cmpstr (campaign->name, ==, "Campagne locale 2025");
          g_assert_cmpstr (campaign->stage, ==, "targeted");
          /* Targeted on the day the analyst added it. */
          g_assert_cmpstr (campaign->stage_date, ==, "2025-01-06");
          g_assert_false (campaign->stage_local);
          /* The newest campaign first. */
          g_assert_cmpuint (i, ==, 0);
        }
      else
        {
          g_autofree char *sql = g_strdup_printf ("SELECT stage FROM campaign_targets"
                                                  " WHERE finess = ?1 AND campaign_id = '%s'", campaign->id);
          g_autoptr(GPtrArray) stage = query_column (sql, finess);

          seen_synced = TRUE;
          g_assert_false (campaign->local_campaign);
          g_assert_false (campaign->local_target);
          g_assert_cmpstr (campaign->synced_stage, ==, g_ptr_array_index (stage, 0));
          /* The local change shows over the synced stage. */
          g_assert_cmpstr (campaign->stage, ==, "report_sent");
          g_assert_cmpstr (campaign->stage_date, ==, "2024-01-10");
          g_assert_cmpstr (campaign->stage_comment, ==, "Restitution envoyée par courriel");
          g_assert_true (campaign->stage_local);
        }
    }
  g_assert_true (seen_local);
  g_assert_true (seen_synced);
}

static void
test_maturity (void)
{
  g_autoptr(CrrcEstablishmentDetail) detail = load (finess);
  g_autoptr(GPtrArray) dates = query_column ("SELECT date FROM diagnostics WHERE finess = ?1 ORDER BY date DESC", finess);
  CrrcMaturityDiagnostic *latest, *previous;
  guint n_domains;
  gint64 n_peers;

  g_assert_nonnull (detail->referential);
  n_domains = crrc_referential_get_n_domains (detail->referential);
  g_assert_cmpuint (n_domains, ==, 10);

  g_assert_cmpuint (dates->len, ==, 2);
  g_assert_cmpuint (detail->diagnostics->len, ==, 2);
  latest = crrc_establishment_detail_get_latest_diagnostic (detail);
  previous = g_ptr_array_index (detail->diagnostics, 1);
  g_assert_cmpstr (latest->date, ==, g_ptr_array_index (dates, 0));
  g_assert_cmpstr (previous->date, ==, "2021-06-01");

  /* Peers: the other establishments of the category and region with a
   * diagnostic. */
  n_peers = query_int ("SELECT count (DISTINCT d.finess) FROM diagnostics AS d"
                       " JOIN establishments AS e ON e.finess = d.finess"
                       " JOIN establishments AS me ON me.finess = ?1"
                       " WHERE e.category = me.category AND e.region = me.region AND d.finess <> me.finess",
                       finess);
  g_assert_cmpint (n_peers, >=, 5);
  g_assert_cmpuint (detail->n_peers, ==, n_peers);
  for (guint d = 0; d < n_domains; d++)
    {
      if (detail->peer_medians[d] < 0)
        continue;
      g_assert_cmpint (detail->peer_low[d], <=, detail->peer_medians[d]);
      g_assert_cmpint (detail->peer_medians[d], <=, detail->peer_high[d]);
    }

  /* Progress between the last two, as the maturity module computes it:
   * the old answers were lower, so no domain went down. */
  g_assert_nonnull (detail->progress);
  for (guint d = 0; d < n_domains; d++)
    {
      int expected = latest->scores->domain_scores[d] >= 0 && previous->scores->domain_scores[d] >= 0
                     ? latest->scores->domain_scores[d] - previous->scores->domain_scores[d] : -1000;

      g_assert_cmpint (detail->progress[d], ==, expected);
      if (expected != -1000)
        g_assert_cmpint (expected, >=, 0);
    }
  g_assert_cmpint (latest->scores->overall, >, previous->scores->overall);
}

static void
resync_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autofree char *cache = g_build_filename (tmp_dir, "crrc.db", NULL);
  g_autofree char *feed_dir = crrc_demo_get_directory (cache);
  g_autofree char *url = crrc_demo_get_url (cache);

  g_assert_true (crrc_demo_write_feed (feed_dir, CRRC_DEMO_SEED, 1, &error));
  g_assert_no_error (error);
  sync = crrc_sync_new (store, url);
  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crrc_sync_report_has_failures (report));
  crrc_test_remove_tree (feed_dir);
}

static void
test_notes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(CrrcEstablishmentDetail) detail = NULL;
  gint64 first, second, third;

  first = crrc_establishment_note_add (store, finess, "  Appeler le directeur avant la visite.\n", &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);
  second = crrc_establishment_note_add (store, finess, "Sauvegardes <b>non testées</b> & PCA absent", &error);
  g_assert_no_error (error);
  third = crrc_establishment_note_add (store, finess, "À supprimer", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int ("SELECT count (*) FROM notes WHERE finess = ?1", finess), ==, 3);

  /* Stored as given, but for the surrounding white space. */
  {
    g_autofree char *sql = g_strdup_printf ("SELECT text FROM notes WHERE id = %" G_GINT64_FORMAT, first);
    g_autoptr(GPtrArray) text = query_column (sql, NULL);

    g_assert_cmpstr (g_ptr_array_index (text, 0), ==, "Appeler le directeur avant la visite.");
  }

  g_assert_true (crrc_establishment_note_update (store, second, "Sauvegardes testées le 3 mars", &error));
  g_assert_no_error (error);
  g_assert_true (crrc_establishment_note_delete (store, third, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int ("SELECT count (*) FROM notes WHERE finess = ?1", finess), ==, 2);

  /* What cannot be done. */
  g_assert_false (crrc_establishment_note_update (store, third, "Encore", &error));
  g_assert_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crrc_establishment_note_delete (store, third, &error));
  g_assert_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (crrc_establishment_note_add (store, finess, " \n\t ", &error), ==, 0);
  g_assert_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (crrc_establishment_note_update (store, first, "", &error));
  g_assert_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID);
  g_clear_error (&error);

  detail = load (finess);
  g_assert_cmpuint (detail->notes->len, ==, 2);

  /* A sync of the demonstration feed again rewrites the establishment's
   * row (the test changed it, and its hash, so the sync sees the change)
   * and leaves the notes alone. */
  resync_demo ();
  g_clear_pointer (&detail, crrc_establishment_detail_free);
  g_assert_cmpint (query_int ("SELECT legal_finess IS NULL FROM establishments WHERE finess = ?1", finess), ==, 1);

  notes = crrc_establishment_notes_load (store, finess, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 2);
  /* Newest first: the second was added after the first. */
  g_assert_cmpint (((CrrcDetailNote *) g_ptr_array_index (notes, 0))->id, ==, second);
  g_assert_cmpstr (((CrrcDetailNote *) g_ptr_array_index (notes, 0))->text, ==, "Sauvegardes testées le 3 mars");
  g_assert_cmpint (((CrrcDetailNote *) g_ptr_array_index (notes, 1))->id, ==, first);
  g_assert_cmpstr (((CrrcDetailNote *) g_ptr_array_index (notes, 1))->text, ==,
                   "Appeler le directeur avant la visite.");

  detail = load (finess);
  g_assert_cmpuint (detail->notes->len, ==, 2);
}

static void
test_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) reader = crrc_store_open_reader (store, &error);
  CrrcEstablishmentDetail *detail;

  g_assert_no_error (error);

  /* A well-formed number that the registry does not have. */
  g_assert_cmpint (query_int ("SELECT count (*) FROM establishments WHERE finess = '999999999'", NULL), ==, 0);
  detail = crrc_establishment_detail_load (reader, "99 999 999 9", &error);
  g_assert_null (detail);
  g_assert_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "99 999 999 9"));
  g_clear_error (&error);

  detail = crrc_establishment_detail_load (reader, "not a number", &error);
  g_assert_null (detail);
  g_assert_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID);
}

/* One establishment with nothing but its registry row: every list is
 * empty, nothing is invented. */
static void
test_bare (void)
{
  g_autoptr(CrrcEstablishmentDetail) detail = load ("259999998");

  g_assert_cmpstr (detail->name, ==, "Foyer Bellevue");
  g_assert_cmpuint (detail->incidents->len, ==, 0);
  g_assert_cmpuint (detail->audits->len, ==, 0);
  g_assert_cmpuint (detail->alerts->len, ==, 0);
  g_assert_cmpuint (detail->campaigns->len, ==, 0);
  g_assert_cmpuint (detail->diagnostics->len, ==, 0);
  g_assert_null (crrc_establishment_detail_get_latest_diagnostic (detail));
  g_assert_null (detail->progress);
  g_assert_null (detail->ght_support);
  /* Its siblings: the test's establishment and the other one. */
  g_assert_cmpuint (detail->n_siblings, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  setup ();

  g_test_add_func ("/establishment-detail/identity", test_identity);
  g_test_add_func ("/establishment-detail/events", test_events);
  g_test_add_func ("/establishment-detail/campaigns", test_campaigns);
  g_test_add_func ("/establishment-detail/maturity", test_maturity);
  g_test_add_func ("/establishment-detail/unknown", test_unknown);
  g_test_add_func ("/establishment-detail/bare", test_bare);
  /* Last: the sync again undoes the test's changes to the demonstration
   * rows. */
  g_test_add_func ("/establishment-detail/notes", test_notes);

  status = g_test_run ();
  teardown ();

  return status;
}
