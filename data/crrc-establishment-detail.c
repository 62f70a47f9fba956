/* crrc-establishment-detail.c: everything the cache knows about one establishment
 *
 * One establishment's page joins the registry (its row, its legal entity and
 * the entity's other establishments, its GHT and the GHT's support), its
 * events (incidents, audits with their findings and the CERT-FR bulletins
 * naming a finding's CVE or product, alerts, exercises, funding), the
 * campaigns that target it with the analyst's stage changes over the synced
 * stage, its diagnostics scored against the referential with the peers'
 * medians, and the analyst's notes.
 *
 * Every query is keyed on the FINESS number (or a campaign, a CVE, a
 * product) and walks an index of the schema: one establishment loads in a
 * few milliseconds whatever the size of the registry. Event tables have no
 * foreign key to the registry, so nothing here assumes that an incident's
 * establishment exists, or the reverse.
 *
 * Notes live in the `notes` table, which no import and no sync writes: see
 * the FEEDS.md "Writing" rules and crrc_demo_remove(), which list the
 * tables they touch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-establishment-detail"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crrc-establishment-detail.h"
#include "crrc-finess.h"
#include "crrc-geo.h"
#include "crrc-query.h"
#include "crrc-store-private.h"

/* Bulletins listed per finding at most: a product such as a common web
 * server may be named by hundreds of bulletins; the newest are the ones
 * that matter. */
#define MAX_BULLETINS_PER_FINDING 20

G_DEFINE_QUARK (crrc-establishment-detail-error-quark, crrc_establishment_detail_error)

static const char establishment_sql[] =
  "SELECT e.finess, e.name, e.long_name, e.legal_finess, l.name, e.category,"
  " e.category_label, e.sector, e.public, e.address, e.postal_line, e.commune,"
  " e.department, e.region, e.phone, e.opened_on, e.closed_on, e.ght, g.name,"
  " e.ght_role"
  " FROM establishments AS e"
  " LEFT JOIN legal_entities AS l ON l.finess = e.legal_finess"
  " LEFT JOIN ght AS g ON g.code = e.ght"
  " WHERE e.finess = ?1";

static const char siblings_sql[] =
  "SELECT finess, name, category, category_label FROM establishments"
  " WHERE legal_finess = ?1 AND finess <> ?2"
  " ORDER BY name COLLATE NOCASE, finess";

static const char ght_support_sql[] =
  "SELECT finess, name, category, category_label FROM establishments"
  " WHERE ght = ?1 AND ght_role = 'support'"
  " ORDER BY finess LIMIT 1";

static const char incidents_sql[] =
  "SELECT id, declared_at, origin, type, functioning_impact, patient_care_impact,"
  " severity, support_requested, cert_support, summary"
  " FROM incidents WHERE finess = ?1"
  " ORDER BY declared_at DESC, id DESC";

static const char audits_sql[] =
  "SELECT a.id, a.date, a.kind, f.position, f.service, f.product, f.cve,"
  " f.severity, f.resolved_on"
  " FROM audits AS a"
  " LEFT JOIN audit_findings AS f ON f.audit_id = a.id"
  " WHERE a.finess = ?1"
  " ORDER BY a.date DESC, a.id DESC, f.position";

/* The bulletins naming a CVE (?1) or a product (?2), each once, those
 * matched on the CVE first, then the newest. */
static const char bulletins_sql[] =
  "SELECT b.reference, b.kind, b.title, b.published_on, min (m.by_cve_rank)"
  " FROM (SELECT reference, 0 AS by_cve_rank FROM certfr_bulletin_cves WHERE cve = ?1"
  "       UNION ALL"
  "       SELECT reference, 1 FROM certfr_bulletin_products"
  "        WHERE product = ?2 COLLATE NOCASE) AS m"
  " JOIN certfr_bulletins AS b ON b.reference = m.reference"
  " GROUP BY b.reference"
  " ORDER BY min (m.by_cve_rank), b.published_on DESC, b.reference DESC"
  " LIMIT " G_STRINGIFY (MAX_BULLETINS_PER_FINDING);

static const char alerts_sql[] =
  "SELECT id, sent_at, kind, reference, cve, acknowledged_at"
  " FROM alerts WHERE finess = ?1"
  " ORDER BY sent_at DESC, id DESC";

static const char exercises_sql[] =
  "SELECT id, date, kind, kit FROM exercises WHERE finess = ?1"
  " ORDER BY date DESC, id DESC";

static const char funding_sql[] =
  "SELECT id, programme, domain, year, amount_eur, status FROM funding"
  " WHERE finess = ?1 ORDER BY year DESC, id DESC";

/* Synced targets, then the analyst's own (of a synced or a local
 * campaign) that the feed does not list. */
static const char campaigns_sql[] =
  "SELECT c.id, c.name, c.region, c.sector, c.start, c.due, 0, 0, t.stage, t.stage_date, NULL"
  " FROM campaign_targets AS t"
  " JOIN campaigns AS c ON c.id = t.campaign_id"
  " WHERE t.finess = ?1"
  " UNION ALL"
  " SELECT lt.campaign_id, coalesce (c.name, lc.name), coalesce (c.region, lc.region),"
  "  coalesce (c.sector, lc.sector), coalesce (c.start, lc.start), coalesce (c.due, lc.due),"
  "  c.id IS NULL, 1, NULL, NULL, substr (lt.added_at, 1, 10)"
  " FROM local_campaign_targets AS lt"
  " LEFT JOIN campaigns AS c ON c.id = lt.campaign_id"
  " LEFT JOIN local_campaigns AS lc ON lc.id = lt.campaign_id"
  " WHERE lt.finess = ?1 AND (c.id IS NOT NULL OR lc.id IS NOT NULL)"
  "  AND NOT EXISTS (SELECT 1 FROM campaign_targets AS t"
  "                   WHERE t.campaign_id = lt.campaign_id AND t.finess = lt.finess)"
  " ORDER BY 5 DESC, 1";

static const char stage_change_sql[] =
  "SELECT stage, stage_date, comment FROM local_stage_changes"
  " WHERE campaign_id = ?1 AND finess = ?2"
  " ORDER BY created_at DESC, id DESC LIMIT 1";

static const char notes_sql[] =
  "SELECT id, text, created_at, updated_at FROM notes WHERE finess = ?1"
  " ORDER BY created_at DESC, id DESC";

static const char note_insert_sql[] =
  "INSERT INTO notes (finess, text, created_at, updated_at)"
  " VALUES (?1, ?2, strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'),"
  "  strftime ('%Y-%m-%dT%H:%M:%SZ', 'now'))";

static const char note_update_sql[] =
  "UPDATE notes SET text = ?2, updated_at = strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')"
  " WHERE id = ?1";

static const char note_delete_sql[] =
  "DELETE FROM notes WHERE id = ?1";

/* Freeing */

static void
sibling_free (CrrcDetailSibling *sibling)
{
  g_free (sibling->finess);
  g_free (sibling->name);
  g_free (sibling->category);
  g_free (sibling->category_label);
  g_free (sibling);
}

static void
incident_free (CrrcDetailIncident *incident)
{
  g_free (incident->id);
  g_free (incident->declared_at);
  g_free (incident->origin);
  g_free (incident->type);
  g_free (incident->functioning_impact);
  g_free (incident->severity);
  g_free (incident->summary);
  g_free (incident);
}

static void
bulletin_free (CrrcDetailBulletin *bulletin)
{
  g_free (bulletin->reference);
  g_free (bulletin->kind);
  g_free (bulletin->title);
  g_free (bulletin->published_on);
  g_free (bulletin->url);
  g_free (bulletin);
}

static void
finding_free (CrrcDetailFinding *finding)
{
  g_free (finding->service);
  g_free (finding->product);
  g_free (finding->cve);
  g_free (finding->severity);
  g_free (finding->resolved_on);
  g_clear_pointer (&finding->bulletins, g_ptr_array_unref);
  g_free (finding);
}

static void
audit_free (CrrcDetailAudit *audit)
{
  g_free (audit->id);
  g_free (audit->date);
  g_free (audit->kind);
  g_clear_pointer (&audit->findings, g_ptr_array_unref);
  g_free (audit);
}

static void
alert_free (CrrcDetailAlert *alert)
{
  g_free (alert->id);
  g_free (alert->sent_at);
  g_free (alert->kind);
  g_free (alert->reference);
  g_free (alert->cve);
  g_free (alert->acknowledged_at);
  g_free (alert);
}

static void
exercise_free (CrrcDetailExercise *exercise)
{
  g_free (exercise->id);
  g_free (exercise->date);
  g_free (exercise->kind);
  g_free (exercise->kit);
  g_free (exercise);
}

static void
funding_free (CrrcDetailFunding *funding)
{
  g_free (funding->id);
  g_free (funding->programme);
  g_free (funding->domain);
  g_free (funding->status);
  g_free (funding);
}

static void
campaign_free (CrrcDetailCampaign *campaign)
{
  g_free (campaign->id);
  g_free (campaign->name);
  g_free (campaign->region);
  g_free (campaign->sector);
  g_free (campaign->start);
  g_free (campaign->due);
  g_free (campaign->synced_stage);
  g_free (campaign->synced_stage_date);
  g_free (campaign->stage);
  g_free (campaign->stage_date);
  g_free (campaign->stage_comment);
  g_free (campaign);
}

void
crrc_detail_note_free (CrrcDetailNote *note)
{
  if (note == NULL)
    return;

  g_free (note->text);
  g_free (note->created_at);
  g_free (note->updated_at);
  g_free (note);
}

/**
 * crrc_establishment_detail_free:
 * @detail: (nullable): what crrc_establishment_detail_load() returned
 */
void
crrc_establishment_detail_free (CrrcEstablishmentDetail *detail)
{
  if (detail == NULL)
    return;

  g_free (detail->finess);
  g_free (detail->name);
  g_free (detail->long_name);
  g_free (detail->legal_finess);
  g_free (detail->legal_name);
  g_clear_pointer (&detail->siblings, g_ptr_array_unref);
  g_free (detail->category);
  g_free (detail->category_label);
  g_free (detail->sector);
  g_free (detail->address);
  g_free (detail->postal_line);
  g_free (detail->commune);
  g_free (detail->department);
  g_free (detail->region);
  g_free (detail->phone);
  g_free (detail->opened_on);
  g_free (detail->closed_on);
  g_free (detail->ght);
  g_free (detail->ght_name);
  g_free (detail->ght_role);
  g_clear_pointer (&detail->ght_support, sibling_free);
  g_clear_pointer (&detail->incidents, g_ptr_array_unref);
  g_clear_pointer (&detail->audits, g_ptr_array_unref);
  g_clear_pointer (&detail->alerts, g_ptr_array_unref);
  g_clear_pointer (&detail->exercises, g_ptr_array_unref);
  g_clear_pointer (&detail->funding, g_ptr_array_unref);
  g_clear_pointer (&detail->campaigns, g_ptr_array_unref);
  g_clear_pointer (&detail->notes, g_ptr_array_unref);
  g_clear_pointer (&detail->diagnostics, g_ptr_array_unref);
  g_free (detail->peer_medians);
  g_free (detail->peer_low);
  g_free (detail->peer_high);
  g_free (detail->progress);
  g_free (detail);
}

/* Statements */

/* A nullable boolean column: 1, 0, or -1 for NULL. */
static int
column_tristate (sqlite3_stmt *stmt,
                 int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return -1;

  return sqlite3_column_int (stmt, column) != 0;
}

/* Steps @stmt to its end, calling @read on each row; FALSE with @error on
 * an SQLite error. */
typedef void (*RowFunc) (sqlite3_stmt *stmt,
                         gpointer      user_data);

static gboolean
read_rows (CrrcStore     *store,
           sqlite3_stmt  *stmt,
           RowFunc        read,
           gpointer       user_data,
           GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    read (stmt, user_data);

  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  return TRUE;
}

/* Runs @sql with the one text parameter @key, appending each row that
 * @read makes to @out. */
static gboolean
load_list (CrrcStore   *store,
           const char  *sql,
           const char  *key,
           RowFunc      read,
           GPtrArray   *out,
           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);

  return read_rows (store, stmt, read, out, error);
}

/* Rows */

static CrrcDetailSibling *
sibling_from_row (sqlite3_stmt *stmt)
{
  CrrcDetailSibling *sibling = g_new0 (CrrcDetailSibling, 1);

  sibling->finess = _crrc_column_dup (stmt, 0);
  sibling->name = _crrc_column_dup (stmt, 1);
  sibling->category = _crrc_column_dup (stmt, 2);
  sibling->category_label = _crrc_column_dup (stmt, 3);

  return sibling;
}

static void
read_incident (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CrrcDetailIncident *incident = g_new0 (CrrcDetailIncident, 1);

  incident->id = _crrc_column_dup (stmt, 0);
  incident->declared_at = _crrc_column_dup (stmt, 1);
  incident->origin = _crrc_column_dup (stmt, 2);
  incident->type = _crrc_column_dup (stmt, 3);
  incident->functioning_impact = _crrc_column_dup (stmt, 4);
  incident->patient_care_impact = sqlite3_column_int (stmt, 5) != 0;
  incident->severity = _crrc_column_dup (stmt, 6);
  incident->support_requested = column_tristate (stmt, 7);
  incident->cert_support = column_tristate (stmt, 8);
  incident->summary = _crrc_column_dup (stmt, 9);

  g_ptr_array_add (user_data, incident);
}

static void
read_alert (sqlite3_stmt *stmt,
            gpointer      user_data)
{
  CrrcDetailAlert *alert = g_new0 (CrrcDetailAlert, 1);

  alert->id = _crrc_column_dup (stmt, 0);
  alert->sent_at = _crrc_column_dup (stmt, 1);
  alert->kind = _crrc_column_dup (stmt, 2);
  alert->reference = _crrc_column_dup (stmt, 3);
  alert->cve = _crrc_column_dup (stmt, 4);
  alert->acknowledged_at = _crrc_column_dup (stmt, 5);

  g_ptr_array_add (user_data, alert);
}

static void
read_exercise (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CrrcDetailExercise *exercise = g_new0 (CrrcDetailExercise, 1);

  exercise->id = _crrc_column_dup (stmt, 0);
  exercise->date = _crrc_column_dup (stmt, 1);
  exercise->kind = _crrc_column_dup (stmt, 2);
  exercise->kit = _crrc_column_dup (stmt, 3);

  g_ptr_array_add (user_data, exercise);
}

static void
read_funding (sqlite3_stmt *stmt,
              gpointer      user_data)
{
  CrrcDetailFunding *funding = g_new0 (CrrcDetailFunding, 1);

  funding->id = _crrc_column_dup (stmt, 0);
  funding->programme = _crrc_column_dup (stmt, 1);
  funding->domain = _crrc_column_dup (stmt, 2);
  funding->year = sqlite3_column_int (stmt, 3);
  funding->amount_eur = sqlite3_column_double (stmt, 4);
  funding->status = _crrc_column_dup (stmt, 5);

  g_ptr_array_add (user_data, funding);
}

static void
read_campaign (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CrrcDetailCampaign *campaign = g_new0 (CrrcDetailCampaign, 1);

  campaign->id = _crrc_column_dup (stmt, 0);
  campaign->name = _crrc_column_dup (stmt, 1);
  campaign->region = _crrc_column_dup (stmt, 2);
  campaign->sector = _crrc_column_dup (stmt, 3);
  campaign->start = _crrc_column_dup (stmt, 4);
  campaign->due = _crrc_column_dup (stmt, 5);
  campaign->local_campaign = sqlite3_column_int (stmt, 6) != 0;
  campaign->local_target = sqlite3_column_int (stmt, 7) != 0;
  campaign->synced_stage = _crrc_column_dup (stmt, 8);
  campaign->synced_stage_date = _crrc_column_dup (stmt, 9);
  /* Until a stage change says otherwise, an added target was targeted on
   * the day it was added. */
  campaign->stage_date = _crrc_column_dup (stmt, 10);

  g_ptr_array_add (user_data, campaign);
}

static void
read_note (sqlite3_stmt *stmt,
           gpointer      user_data)
{
  CrrcDetailNote *note = g_new0 (CrrcDetailNote, 1);

  note->id = sqlite3_column_int64 (stmt, 0);
  note->text = _crrc_column_dup (stmt, 1);
  note->created_at = _crrc_column_dup (stmt, 2);
  note->updated_at = _crrc_column_dup (stmt, 3);

  g_ptr_array_add (user_data, note);
}

/* The page of a CERT-FR bulletin: the agency publishes alerts and advisories
 * at addresses made from their reference. */
static char *
bulletin_url (const char *kind,
              const char *reference)
{
  if (reference == NULL || !g_str_has_prefix (reference, "CERTFR-"))
    return NULL;

  if (g_strcmp0 (kind, "alerte") == 0)
    return g_strdup_printf ("https://www.cert.ssi.gouv.fr/alerte/%s/", reference);
  if (g_strcmp0 (kind, "avis") == 0)
    return g_strdup_printf ("https://www.cert.ssi.gouv.fr/avis/%s/", reference);

  return NULL;
}

static void
read_bulletin (sqlite3_stmt *stmt,
               gpointer      user_data)
{
  CrrcDetailBulletin *bulletin = g_new0 (CrrcDetailBulletin, 1);

  bulletin->reference = _crrc_column_dup (stmt, 0);
  bulletin->kind = _crrc_column_dup (stmt, 1);
  bulletin->title = _crrc_column_dup (stmt, 2);
  bulletin->published_on = _crrc_column_dup (stmt, 3);
  bulletin->by_cve = sqlite3_column_int (stmt, 4) == 0;
  bulletin->url = bulletin_url (bulletin->kind, bulletin->reference);

  g_ptr_array_add (user_data, bulletin);
}

/* Sections */

static gboolean
load_identity (CrrcStore                *store,
               CrrcEstablishmentDetail  *detail,
               const char               *finess,
               GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, establishment_sql, error);
  const CrrcDepartment *department;
  const CrrcRegion *region;
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_autofree char *shown = crrc_finess_format (finess);

      g_set_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_NOT_FOUND,
                   _("No establishment has the FINESS number %s in the cache."), shown);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  detail->finess = _crrc_column_dup (stmt, 0);
  detail->name = _crrc_column_dup (stmt, 1);
  detail->long_name = _crrc_column_dup (stmt, 2);
  detail->legal_finess = _crrc_column_dup (stmt, 3);
  detail->legal_name = _crrc_column_dup (stmt, 4);
  detail->category = _crrc_column_dup (stmt, 5);
  detail->category_label = _crrc_column_dup (stmt, 6);
  detail->sector = _crrc_column_dup (stmt, 7);
  detail->public = sqlite3_column_int (stmt, 8) != 0;
  detail->address = _crrc_column_dup (stmt, 9);
  detail->postal_line = _crrc_column_dup (stmt, 10);
  detail->commune = _crrc_column_dup (stmt, 11);
  detail->department = _crrc_column_dup (stmt, 12);
  detail->region = _crrc_column_dup (stmt, 13);
  detail->phone = _crrc_column_dup (stmt, 14);
  detail->opened_on = _crrc_column_dup (stmt, 15);
  detail->closed_on = _crrc_column_dup (stmt, 16);
  detail->ght = _crrc_column_dup (stmt, 17);
  detail->ght_name = _crrc_column_dup (stmt, 18);
  detail->ght_role = _crrc_column_dup (stmt, 19);

  department = detail->department != NULL ? crrc_geo_lookup_department (detail->department) : NULL;
  if (department != NULL)
    {
      detail->department_name = department->name;
      /* Rows written before regions were stored name only a department. */
      if (detail->region == NULL && department->region_code != NULL)
        detail->region = g_strdup (department->region_code);
    }
  region = detail->region != NULL ? crrc_geo_lookup_region (detail->region) : NULL;
  if (region != NULL)
    detail->region_name = region->name;

  return TRUE;
}

static gboolean
load_relations (CrrcStore                *store,
                CrrcEstablishmentDetail  *detail,
                GError                  **error)
{
  detail->siblings = g_ptr_array_new_with_free_func ((GDestroyNotify) sibling_free);

  if (detail->legal_finess != NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, siblings_sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, detail->legal_finess, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, detail->finess, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          if (detail->siblings->len < CRRC_ESTABLISHMENT_DETAIL_MAX_SIBLINGS)
            g_ptr_array_add (detail->siblings, sibling_from_row (stmt));
          detail->n_siblings++;
        }
      if (rc != SQLITE_DONE)
        {
          _crrc_store_set_error (store, error);
          return FALSE;
        }
    }

  if (detail->ght != NULL)
    {
      g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, ght_support_sql, error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, detail->ght, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        detail->ght_support = sibling_from_row (stmt);
      else if (rc != SQLITE_DONE)
        {
          _crrc_store_set_error (store, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_bulletins (CrrcStore          *store,
                sqlite3_stmt       *stmt,
                CrrcDetailFinding  *finding,
                GError            **error)
{
  finding->bulletins = g_ptr_array_new_with_free_func ((GDestroyNotify) bulletin_free);

  if (finding->cve == NULL && finding->product == NULL)
    return TRUE;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, finding->cve, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, finding->product, -1, SQLITE_STATIC);

  return read_rows (store, stmt, read_bulletin, finding->bulletins, error);
}

static gboolean
load_audits (CrrcStore                *store,
             CrrcEstablishmentDetail  *detail,
             GError                  **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, audits_sql, error);
  g_autoptr(sqlite3_stmt) bulletins = NULL;
  CrrcDetailAudit *audit = NULL;
  int rc;

  detail->audits = g_ptr_array_new_with_free_func ((GDestroyNotify) audit_free);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, detail->finess, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      CrrcDetailFinding *finding;

      if (audit == NULL || g_strcmp0 (audit->id, id) != 0)
        {
          audit = g_new0 (CrrcDetailAudit, 1);
          audit->id = g_strdup (id);
          audit->date = _crrc_column_dup (stmt, 1);
          audit->kind = _crrc_column_dup (stmt, 2);
          audit->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
          g_ptr_array_add (detail->audits, audit);
        }

      /* An audit without findings comes once, with NULL columns. */
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        continue;

      finding = g_new0 (CrrcDetailFinding, 1);
      finding->position = sqlite3_column_int (stmt, 3);
      finding->service = _crrc_column_dup (stmt, 4);
      finding->product = _crrc_column_dup (stmt, 5);
      finding->cve = _crrc_column_dup (stmt, 6);
      finding->severity = _crrc_column_dup (stmt, 7);
      finding->resolved_on = _crrc_column_dup (stmt, 8);
      g_ptr_array_add (audit->findings, finding);
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  for (guint i = 0; i < detail->audits->len; i++)
    {
      CrrcDetailAudit *a = g_ptr_array_index (detail->audits, i);

      for (guint j = 0; j < a->findings->len; j++)
        {
          CrrcDetailFinding *finding = g_ptr_array_index (a->findings, j);

          if (bulletins == NULL && (finding->cve != NULL || finding->product != NULL))
            {
              bulletins = _crrc_store_prepare (store, bulletins_sql, error);
              if (bulletins == NULL)
                return FALSE;
            }
          if (!load_bulletins (store, bulletins, finding, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_campaigns (CrrcStore                *store,
                CrrcEstablishmentDetail  *detail,
                GError                  **error)
{
  g_autoptr(sqlite3_stmt) change = NULL;

  detail->campaigns = g_ptr_array_new_with_free_func ((GDestroyNotify) campaign_free);
  if (!load_list (store, campaigns_sql, detail->finess, read_campaign, detail->campaigns, error))
    return FALSE;

  for (guint i = 0; i < detail->campaigns->len; i++)
    {
      CrrcDetailCampaign *campaign = g_ptr_array_index (detail->campaigns, i);
      int rc;

      if (change == NULL && (change = _crrc_store_prepare (store, stage_change_sql, error)) == NULL)
        return FALSE;

      sqlite3_reset (change);
      sqlite3_bind_text (change, 1, campaign->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (change, 2, detail->finess, -1, SQLITE_STATIC);
      rc = sqlite3_step (change);
      if (rc == SQLITE_ROW)
        {
          campaign->stage = _crrc_column_dup (change, 0);
          g_free (campaign->stage_date);
          campaign->stage_date = _crrc_column_dup (change, 1);
          campaign->stage_comment = _crrc_column_dup (change, 2);
          campaign->stage_local = TRUE;
        }
      else if (rc == SQLITE_DONE)
        {
          /* A target the analyst added and never moved is only targeted. */
          campaign->stage = g_strdup (campaign->synced_stage != NULL ? campaign->synced_stage : "targeted");
          if (campaign->synced_stage != NULL)
            {
              g_free (campaign->stage_date);
              campaign->stage_date = g_strdup (campaign->synced_stage_date);
            }
        }
      else
        {
          _crrc_store_set_error (store, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_maturity (CrrcStore                *store,
               CrrcEstablishmentDetail  *detail,
               GError                  **error)
{
  CrrcMaturityDiagnostic *latest;
  guint n_domains;

  detail->referential = crrc_referential_get_default (error);
  if (detail->referential == NULL)
    return FALSE;

  detail->diagnostics = crrc_maturity_load_diagnostics (store, detail->finess, error);
  if (detail->diagnostics == NULL)
    return FALSE;

  n_domains = crrc_referential_get_n_domains (detail->referential);
  detail->peer_medians = g_new (int, n_domains);
  detail->peer_low = g_new (int, n_domains);
  detail->peer_high = g_new (int, n_domains);
  for (guint i = 0; i < n_domains; i++)
    detail->peer_medians[i] = detail->peer_low[i] = detail->peer_high[i] = -1;

  if (detail->diagnostics->len == 0)
    return TRUE;

  /* Peers are only compared with a diagnostic of this establishment. */
  latest = g_ptr_array_index (detail->diagnostics, 0);
  if (detail->category != NULL && detail->region != NULL &&
      !crrc_maturity_peer_medians (store, detail->referential, detail->category, detail->region,
                                   detail->finess, detail->peer_medians, detail->peer_low,
                                   detail->peer_high, &detail->n_peers, error))
    return FALSE;

  if (detail->diagnostics->len >= 2)
    {
      CrrcMaturityDiagnostic *previous = g_ptr_array_index (detail->diagnostics, 1);

      detail->progress = g_new (int, n_domains);
      crrc_maturity_progress (latest->scores, previous->scores, detail->progress);
    }

  return TRUE;
}

/**
 * crrc_establishment_detail_load:
 * @store: a connection to the cache (a reader, in a worker thread)
 * @finess: a FINESS number, spaces allowed
 * @error: return location for an error
 *
 * Returns: (transfer full): the establishment's detail, or %NULL with
 *   @error set (%CRRC_ESTABLISHMENT_DETAIL_ERROR_NOT_FOUND when the registry
 *   does not have it)
 */
CrrcEstablishmentDetail *
crrc_establishment_detail_load (CrrcStore   *store,
                                const char  *finess,
                                GError     **error)
{
  g_autoptr(CrrcEstablishmentDetail) detail = NULL;
  char parsed[CRRC_FINESS_LENGTH + 1];

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (finess != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (crrc_finess_parse (finess, parsed) == CRRC_FINESS_INVALID)
    {
      g_set_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID,
                   _("“%s” is not a FINESS number: it has nine characters, digits but for a Corsican A or B in the second place."),
                   finess);
      return NULL;
    }

  detail = g_new0 (CrrcEstablishmentDetail, 1);
  detail->incidents = g_ptr_array_new_with_free_func ((GDestroyNotify) incident_free);
  detail->alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) alert_free);
  detail->exercises = g_ptr_array_new_with_free_func ((GDestroyNotify) exercise_free);
  detail->funding = g_ptr_array_new_with_free_func ((GDestroyNotify) funding_free);
  detail->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_detail_note_free);

  /* One read transaction: every section sees the same state of the cache,
   * even while a sync commits. */
  if (!_crrc_store_exec (store, "BEGIN", error))
    return NULL;

  if (!load_identity (store, detail, parsed, error) ||
      !load_relations (store, detail, error) ||
      !load_list (store, incidents_sql, detail->finess, read_incident, detail->incidents, error) ||
      !load_audits (store, detail, error) ||
      !load_list (store, alerts_sql, detail->finess, read_alert, detail->alerts, error) ||
      !load_list (store, exercises_sql, detail->finess, read_exercise, detail->exercises, error) ||
      !load_list (store, funding_sql, detail->finess, read_funding, detail->funding, error) ||
      !load_campaigns (store, detail, error) ||
      !load_list (store, notes_sql, detail->finess, read_note, detail->notes, error) ||
      !crrc_query_latest_year (store, &detail->latest_year, error))
    {
      (void) _crrc_store_exec (store, "ROLLBACK", NULL);
      return NULL;
    }

  (void) _crrc_store_exec (store, "COMMIT", NULL);

  /* Outside the transaction: the maturity module reads on its own terms. */
  if (!load_maturity (store, detail, error))
    return NULL;

  return g_steal_pointer (&detail);
}

/**
 * crrc_establishment_detail_get_latest_diagnostic:
 *
 * Returns: (transfer none) (nullable): the newest diagnostic
 */
CrrcMaturityDiagnostic *
crrc_establishment_detail_get_latest_diagnostic (CrrcEstablishmentDetail *detail)
{
  g_return_val_if_fail (detail != NULL, NULL);

  if (detail->diagnostics == NULL || detail->diagnostics->len == 0)
    return NULL;

  return g_ptr_array_index (detail->diagnostics, 0);
}

guint
crrc_establishment_detail_count_incidents (CrrcEstablishmentDetail *detail,
                                           int                      year)
{
  char prefix[8];
  guint n = 0;

  g_return_val_if_fail (detail != NULL, 0);

  g_snprintf (prefix, sizeof prefix, "%04d-", year);
  for (guint i = 0; i < detail->incidents->len; i++)
    {
      CrrcDetailIncident *incident = g_ptr_array_index (detail->incidents, i);

      if (g_str_has_prefix (incident->declared_at, prefix))
        n++;
    }

  return n;
}

/* Notes */

/**
 * crrc_establishment_notes_load:
 * @store: a connection to the cache
 * @finess: a FINESS number as stored (nine characters)
 *
 * Returns: (transfer container) (element-type CrrcDetailNote): the notes,
 *   newest first, or %NULL with @error set
 */
GPtrArray *
crrc_establishment_notes_load (CrrcStore   *store,
                               const char  *finess,
                               GError     **error)
{
  g_autoptr(GPtrArray) notes = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (finess != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  notes = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_detail_note_free);
  if (!load_list (store, notes_sql, finess, read_note, notes, error))
    return NULL;

  return g_steal_pointer (&notes);
}

/* The text of a note without its surrounding white space, or NULL with
 * @error when nothing is left. */
static char *
note_text (const char  *text,
           GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (stripped[0] == '\0')
    {
      g_set_error_literal (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID,
                           _("A note cannot be empty."));
      return NULL;
    }
  if (!g_utf8_validate (stripped, -1, NULL))
    {
      g_set_error_literal (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID,
                           _("A note must be text (UTF-8)."));
      return NULL;
    }

  return g_steal_pointer (&stripped);
}

/* Runs @stmt, already bound, in its own BEGIN IMMEDIATE transaction;
 * returns the number of rows changed, or -1 with @error. */
static int
write_one (CrrcStore     *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  sqlite3 *db = _crrc_store_get_db (store);
  int changes;

  if (!_crrc_store_exec (store, "BEGIN IMMEDIATE", error))
    return -1;

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return -1;
    }
  changes = sqlite3_changes (db);

  if (!_crrc_store_exec (store, "COMMIT", error))
    {
      (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return -1;
    }

  return changes;
}

static void
set_note_not_found (GError **error,
                    gint64   id)
{
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);

  g_set_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_NOT_FOUND,
               _("The note %s no longer exists."), id_text);
}

/**
 * crrc_establishment_note_add:
 * @store: a writable connection to the cache
 * @finess: the establishment's FINESS number, spaces allowed
 * @text: the note, plain text
 *
 * Returns: the id of the new note, or 0 with @error set
 */
gint64
crrc_establishment_note_add (CrrcStore   *store,
                             const char  *finess,
                             const char  *text,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stripped = NULL;
  char parsed[CRRC_FINESS_LENGTH + 1];
  gint64 id;

  g_return_val_if_fail (CRRC_IS_STORE (store), 0);
  g_return_val_if_fail (finess != NULL, 0);
  g_return_val_if_fail (text != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (crrc_finess_parse (finess, parsed) == CRRC_FINESS_INVALID)
    {
      g_set_error (error, CRRC_ESTABLISHMENT_DETAIL_ERROR, CRRC_ESTABLISHMENT_DETAIL_ERROR_INVALID,
                   _("“%s” is not a FINESS number: it has nine characters, digits but for a Corsican A or B in the second place."),
                   finess);
      return 0;
    }

  stripped = note_text (text, error);
  if (stripped == NULL)
    return 0;

  stmt = _crrc_store_prepare (store, note_insert_sql, error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, parsed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, stripped, -1, SQLITE_STATIC);
  if (write_one (store, stmt, error) < 0)
    return 0;

  /* The connection is used by this thread alone, so the last rowid is the
   * insert's own, even after the COMMIT. */
  id = sqlite3_last_insert_rowid (_crrc_store_get_db (store));

  return id;
}

/**
 * crrc_establishment_note_update:
 * @store: a writable connection to the cache
 * @id: the note
 * @text: its new text, plain text
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_establishment_note_update (CrrcStore   *store,
                                gint64       id,
                                const char  *text,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *stripped = NULL;
  int changes;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = note_text (text, error);
  if (stripped == NULL)
    return FALSE;

  stmt = _crrc_store_prepare (store, note_update_sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, stripped, -1, SQLITE_STATIC);
  changes = write_one (store, stmt, error);
  if (changes < 0)
    return FALSE;
  if (changes == 0)
    {
      set_note_not_found (error, id);
      return FALSE;
    }

  return TRUE;
}

/**
 * crrc_establishment_note_delete:
 * @store: a writable connection to the cache
 * @id: the note
 *
 * Returns: %TRUE on success; %FALSE with NOT_FOUND when there was no such
 *   note
 */
gboolean
crrc_establishment_note_delete (CrrcStore   *store,
                                gint64       id,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int changes;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = _crrc_store_prepare (store, note_delete_sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  changes = write_one (store, stmt, error);
  if (changes < 0)
    return FALSE;
  if (changes == 0)
    {
      set_note_not_found (error, id);
      return FALSE;
    }

  return TRUE;
}
