/* crrc-campaigns.c: campaigns, their targets and stages
 *
 * The targets of a campaign are the feed's (campaign_targets) and the
 * analyst's (local_campaign_targets) that the feed does not list; each
 * one's stage is the analyst's latest change (local_stage_changes, latest
 * created_at then id), else the synced stage, else `targeted` since the
 * day it was added — the rule of CrrcDetailCampaign in
 * crrc-establishment-detail.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-campaigns"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crrc-campaigns.h"
#include "crrc-finess.h"
#include "crrc-geo.h"
#include "crrc-maturity.h"
#include "crrc-store-private.h"

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* The analyst's latest stage of target (c, f), or NULL. */
#define LOCAL_STAGE_SQL(c, f, column) \
  "(SELECT l." column " FROM local_stage_changes AS l" \
  " WHERE l.campaign_id = " c " AND l.finess = " f \
  " ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"

/* Every target: campaign, FINESS number, synced stage and date, whether
 * the analyst added it, and when. */
#define TARGETS_CTE \
  "targets (campaign_id, finess, synced_stage, synced_date, local_target, added_at) AS (" \
  " SELECT campaign_id, finess, stage, stage_date, 0, NULL FROM campaign_targets" \
  " UNION ALL" \
  " SELECT lt.campaign_id, lt.finess, NULL, NULL, 1, lt.added_at FROM local_campaign_targets AS lt" \
  "  WHERE NOT EXISTS (SELECT 1 FROM campaign_targets AS ct" \
  "                     WHERE ct.campaign_id = lt.campaign_id AND ct.finess = lt.finess))"

static const char campaigns_sql[] =
  "SELECT id, name, region, sector, start, due,"
  "  EXISTS (SELECT 1 FROM local_campaigns AS lc WHERE lc.id = c.id)"
  " FROM campaigns AS c"
  " WHERE ?1 IS NULL OR id = ?1"
  " UNION ALL"
  " SELECT id, name, region, sector, start, due, 1 FROM local_campaigns AS lc"
  " WHERE (?1 IS NULL OR id = ?1) AND NOT EXISTS (SELECT 1 FROM campaigns AS c WHERE c.id = lc.id)";

static const char stages_sql[] =
  "WITH " TARGETS_CTE
  " SELECT t.campaign_id,"
  "  coalesce (" LOCAL_STAGE_SQL ("t.campaign_id", "t.finess", "stage") ", t.synced_stage, 'targeted')"
  " FROM targets AS t WHERE ?1 IS NULL OR t.campaign_id = ?1";

static const char targets_sql[] =
  "WITH " TARGETS_CTE
  " SELECT t.finess, e.name, e.category_label, e.department, e.commune,"
  "  t.synced_stage, t.synced_date, t.local_target, substr (t.added_at, 1, 10),"
  "  l.stage, l.stage_date, l.comment"
  " FROM targets AS t"
  " LEFT JOIN establishments AS e ON e.finess = t.finess"
  " LEFT JOIN local_stage_changes AS l ON l.id = "
  LOCAL_STAGE_SQL ("t.campaign_id", "t.finess", "id")
  " WHERE t.campaign_id = ?1"
  " ORDER BY e.name IS NULL, e.name COLLATE NOCASE, t.finess";

G_DEFINE_QUARK (crrc-campaigns-error-quark, crrc_campaigns_error)

/* Stages */

static const struct
{
  const char *key;
  const char *label;
} stages[CRRC_CAMPAIGN_N_STAGES] = {
  { "targeted", N_("Targeted") },
  { "contacted", N_("Contacted") },
  { "scheduled", N_("Meeting scheduled") },
  { "diagnosed", N_("Diagnosed") },
  { "report_sent", N_("Report sent") },
  { "action_plan", N_("Action plan approved") },
  { "exercise_done", N_("Crisis exercise done") },
  { "rediagnosed", N_("Re-diagnosed") },
};

const char *
crrc_campaign_stage_get_key (int stage)
{
  if (stage < 0 || stage >= CRRC_CAMPAIGN_N_STAGES)
    return NULL;

  return stages[stage].key;
}

const char *
crrc_campaign_stage_get_label (int stage)
{
  if (stage < 0 || stage >= CRRC_CAMPAIGN_N_STAGES)
    return "—";

  return _(stages[stage].label);
}

int
crrc_campaign_stage_from_key (const char *key)
{
  if (key == NULL)
    return CRRC_CAMPAIGN_STAGE_NONE;

  for (int i = 0; i < CRRC_CAMPAIGN_N_STAGES; i++)
    if (g_str_equal (stages[i].key, key))
      return i;

  return CRRC_CAMPAIGN_STAGE_NONE;
}

/* A stage key of the cache as a stage; the feed's validation keeps
 * unknown keys out, but a stage is always shown. */
static CrrcCampaignStage
stage_or_targeted (const char *key)
{
  int stage = crrc_campaign_stage_from_key (key);

  return stage == CRRC_CAMPAIGN_STAGE_NONE ? CRRC_CAMPAIGN_STAGE_TARGETED : (CrrcCampaignStage) stage;
}

/* Helpers */

gboolean
crrc_campaigns_is_valid_date (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  return year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  if (!crrc_campaigns_is_valid_date (text))
    return FALSE;

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_ascii_strtoull (text + 8, NULL, 10),
                  (GDateMonth) g_ascii_strtoull (text + 5, NULL, 10),
                  (GDateYear) g_ascii_strtoull (text, NULL, 10));
  return TRUE;
}

static char *
today_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
begin (CrrcStore  *store,
       GError    **error)
{
  return _crrc_store_exec (store, "BEGIN IMMEDIATE", error);
}

static gboolean
commit (CrrcStore  *store,
        GError    **error)
{
  return _crrc_store_exec (store, "COMMIT", error);
}

static void
rollback (CrrcStore *store)
{
  sqlite3 *db = _crrc_store_get_db (store);

  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/* Campaigns */

void
crrc_campaign_free (CrrcCampaign *campaign)
{
  if (campaign == NULL)
    return;

  g_free (campaign->id);
  g_free (campaign->name);
  g_free (campaign->region);
  g_free (campaign->sector);
  g_free (campaign->start);
  g_free (campaign->due);
  g_free (campaign);
}

static void
finish_campaign (CrrcCampaign *campaign,
                 const GDate  *today)
{
  GDate due;

  for (guint s = CRRC_CAMPAIGN_STAGE_DIAGNOSED; s < CRRC_CAMPAIGN_N_STAGES; s++)
    campaign->n_diagnosed += campaign->stage_counts[s];
  campaign->progress = campaign->n_targets > 0 ? (double) campaign->n_diagnosed / campaign->n_targets : 0.0;
  campaign->finished = campaign->n_targets > 0 && campaign->n_diagnosed == campaign->n_targets;

  if (parse_date (campaign->due, &due))
    campaign->days_left = g_date_days_between (today, &due);
  else
    campaign->days_left = 0;
  campaign->overdue = campaign->days_left < 0 && !campaign->finished;
}

static int
compare_campaigns (gconstpointer a,
                   gconstpointer b)
{
  const CrrcCampaign *x = *(CrrcCampaign * const *) a;
  const CrrcCampaign *y = *(CrrcCampaign * const *) b;
  int order;

  if (x->finished != y->finished)
    return x->finished ? 1 : -1;

  order = g_strcmp0 (x->due, y->due);
  if (x->finished)
    order = -order;
  if (order != 0)
    return order;

  return g_strcmp0 (x->name, y->name);
}

static GPtrArray *
load_campaigns (CrrcStore   *store,
                const char  *campaign_id,
                const char  *today,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) campaigns = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_campaign_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *today_owned = NULL;
  GDate today_date;
  int rc;

  if (today == NULL)
    today = today_owned = today_string ();
  if (!parse_date (today, &today_date))
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("“%s” is not a valid date (YYYY-MM-DD)"), today);
      return NULL;
    }

  if ((stmt = _crrc_store_prepare (store, campaigns_sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcCampaign *campaign = g_new0 (CrrcCampaign, 1);

      campaign->id = _crrc_column_dup (stmt, 0);
      campaign->name = _crrc_column_dup (stmt, 1);
      campaign->region = _crrc_column_dup (stmt, 2);
      campaign->sector = _crrc_column_dup (stmt, 3);
      campaign->start = _crrc_column_dup (stmt, 4);
      campaign->due = _crrc_column_dup (stmt, 5);
      campaign->local = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (campaigns, campaign);
      g_hash_table_insert (by_id, campaign->id, campaign);
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  if ((stmt = _crrc_store_prepare (store, stages_sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcCampaign *campaign = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));

      /* Targets of a campaign that is in neither table are left out. */
      if (campaign == NULL)
        continue;
      campaign->n_targets++;
      campaign->stage_counts[stage_or_targeted ((const char *) sqlite3_column_text (stmt, 1))]++;
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  for (guint i = 0; i < campaigns->len; i++)
    finish_campaign (g_ptr_array_index (campaigns, i), &today_date);
  g_ptr_array_sort (campaigns, compare_campaigns);

  return g_steal_pointer (&campaigns);
}

GPtrArray *
crrc_campaigns_list (CrrcStore   *store,
                     const char  *today,
                     GError     **error)
{
  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_campaigns (store, NULL, today, error);
}

CrrcCampaign *
crrc_campaigns_get (CrrcStore   *store,
                    const char  *campaign_id,
                    const char  *today,
                    GError     **error)
{
  g_autoptr(GPtrArray) campaigns = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (campaign_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  campaigns = load_campaigns (store, campaign_id, today, error);
  if (campaigns == NULL)
    return NULL;
  if (campaigns->len == 0)
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND,
                   _("There is no campaign “%s” in the cache"), campaign_id);
      return NULL;
    }

  return g_ptr_array_steal_index (campaigns, 0);
}

/* Targets */

void
crrc_campaign_target_free (CrrcCampaignTarget *target)
{
  if (target == NULL)
    return;

  g_free (target->finess);
  g_free (target->name);
  g_free (target->category_label);
  g_free (target->department);
  g_free (target->commune);
  g_free (target->synced_stage_date);
  g_free (target->stage_date);
  g_free (target->stage_comment);
  g_free (target->diagnostic_date);
  g_free (target);
}

static CrrcCampaignTarget *
read_target (sqlite3_stmt *stmt)
{
  CrrcCampaignTarget *target = g_new0 (CrrcCampaignTarget, 1);

  target->finess = _crrc_column_dup (stmt, 0);
  target->name = _crrc_column_dup (stmt, 1);
  target->category_label = _crrc_column_dup (stmt, 2);
  target->department = _crrc_column_dup (stmt, 3);
  target->commune = _crrc_column_dup (stmt, 4);
  target->synced_stage = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                         ? CRRC_CAMPAIGN_STAGE_NONE
                         : (int) stage_or_targeted ((const char *) sqlite3_column_text (stmt, 5));
  target->synced_stage_date = _crrc_column_dup (stmt, 6);
  target->local_target = sqlite3_column_int (stmt, 7) != 0;
  target->diagnostic_score = -1;

  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    {
      target->stage = stage_or_targeted ((const char *) sqlite3_column_text (stmt, 9));
      target->stage_date = _crrc_column_dup (stmt, 10);
      target->stage_comment = _crrc_column_dup (stmt, 11);
      target->stage_local = TRUE;
    }
  else if (target->synced_stage != CRRC_CAMPAIGN_STAGE_NONE)
    {
      target->stage = target->synced_stage;
      target->stage_date = g_strdup (target->synced_stage_date);
    }
  else
    {
      /* Added by the analyst and never moved: targeted since then. */
      target->stage = CRRC_CAMPAIGN_STAGE_TARGETED;
      target->stage_date = _crrc_column_dup (stmt, 8);
    }

  return target;
}

GPtrArray *
crrc_campaigns_list_targets (CrrcStore                       *store,
                             const char                      *campaign_id,
                             const CrrcCampaignTargetsFilter *filter,
                             GError                         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_campaign_target_free);
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (campaign_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((stmt = _crrc_store_prepare (store, targets_sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CrrcCampaignTarget) target = read_target (stmt);

      if (filter != NULL && filter->stage != CRRC_CAMPAIGN_STAGE_NONE && (int) target->stage != filter->stage)
        continue;
      if (filter != NULL && filter->department != NULL && g_strcmp0 (target->department, filter->department) != 0)
        continue;
      g_ptr_array_add (targets, g_steal_pointer (&target));
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* The latest diagnostic of each, scored as everywhere else. */
  for (guint i = 0; i < targets->len; i++)
    {
      CrrcCampaignTarget *target = g_ptr_array_index (targets, i);
      g_autoptr(GPtrArray) diagnostics = crrc_maturity_load_diagnostics (store, target->finess, error);

      if (diagnostics == NULL)
        return NULL;
      if (diagnostics->len > 0)
        {
          CrrcMaturityDiagnostic *latest = g_ptr_array_index (diagnostics, 0);

          target->diagnostic_date = g_strdup (latest->date);
          target->diagnostic_score = latest->scores != NULL ? latest->scores->overall : -1;
        }
    }

  return g_steal_pointer (&targets);
}

void
crrc_campaigns_count_stages (GPtrArray *targets,
                             guint      counts[CRRC_CAMPAIGN_N_STAGES])
{
  g_return_if_fail (targets != NULL);

  memset (counts, 0, sizeof (guint) * CRRC_CAMPAIGN_N_STAGES);
  for (guint i = 0; i < targets->len; i++)
    {
      CrrcCampaignTarget *target = g_ptr_array_index (targets, i);

      counts[target->stage]++;
    }
}

void
crrc_campaign_coverage_free (CrrcCampaignCoverage *coverage)
{
  if (coverage == NULL)
    return;

  g_free (coverage->department);
  g_free (coverage);
}

static int
compare_coverage (gconstpointer a,
                  gconstpointer b)
{
  const CrrcCampaignCoverage *x = *(CrrcCampaignCoverage * const *) a;
  const CrrcCampaignCoverage *y = *(CrrcCampaignCoverage * const *) b;

  return g_strcmp0 (x->department, y->department);
}

GPtrArray *
crrc_campaigns_coverage (GPtrArray *targets)
{
  g_autoptr(GHashTable) by_department = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *coverage = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_campaign_coverage_free);

  g_return_val_if_fail (targets != NULL, coverage);

  for (guint i = 0; i < targets->len; i++)
    {
      CrrcCampaignTarget *target = g_ptr_array_index (targets, i);
      CrrcCampaignCoverage *department;

      if (target->department == NULL)
        continue;
      department = g_hash_table_lookup (by_department, target->department);
      if (department == NULL)
        {
          department = g_new0 (CrrcCampaignCoverage, 1);
          department->department = g_strdup (target->department);
          g_hash_table_insert (by_department, department->department, department);
          g_ptr_array_add (coverage, department);
        }
      department->targets++;
      if (target->stage >= CRRC_CAMPAIGN_STAGE_DIAGNOSED)
        department->diagnosed++;
    }
  g_ptr_array_sort (coverage, compare_coverage);

  return coverage;
}

/* History */

void
crrc_campaign_stage_change_free (CrrcCampaignStageChange *change)
{
  if (change == NULL)
    return;

  g_free (change->date);
  g_free (change->comment);
  g_free (change->created_at);
  g_free (change);
}

GPtrArray *
crrc_campaigns_stage_history (CrrcStore   *store,
                              const char  *campaign_id,
                              const char  *finess,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_campaign_stage_change_free);
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (campaign_id != NULL, NULL);
  g_return_val_if_fail (finess != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _crrc_store_prepare (store,
                              "SELECT id, stage, stage_date, comment, created_at, 1, 0 FROM local_stage_changes"
                              " WHERE campaign_id = ?1 AND finess = ?2"
                              " UNION ALL"
                              " SELECT 0, stage, stage_date, NULL, NULL, 0, 1 FROM campaign_targets"
                              " WHERE campaign_id = ?1 AND finess = ?2"
                              " UNION ALL"
                              " SELECT 0, 'targeted', substr (added_at, 1, 10), NULL, added_at, 1, 2"
                              " FROM local_campaign_targets AS lt"
                              " WHERE campaign_id = ?1 AND finess = ?2"
                              "  AND NOT EXISTS (SELECT 1 FROM campaign_targets AS ct"
                              "                   WHERE ct.campaign_id = lt.campaign_id AND ct.finess = lt.finess)"
                  " ORDER BY 7, 5 DESC, 1 DESC",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, finess, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcCampaignStageChange *change = g_new0 (CrrcCampaignStageChange, 1);

      change->id = sqlite3_column_int64 (stmt, 0);
      change->stage = stage_or_targeted ((const char *) sqlite3_column_text (stmt, 1));
      change->date = _crrc_column_dup (stmt, 2);
      change->comment = _crrc_column_dup (stmt, 3);
      change->created_at = _crrc_column_dup (stmt, 4);
      change->local = sqlite3_column_int (stmt, 5) != 0;
      g_ptr_array_add (history, change);
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&history);
}

/* Writes */

/* Whether @campaign_id is a campaign of the cache (synced or local), and
 * whether it is the analyst's. */
static gboolean
lookup_campaign (CrrcStore   *store,
                 const char  *campaign_id,
                 gboolean    *local,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _crrc_store_prepare (store,
                              "SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = ?1),"
                              " EXISTS (SELECT 1 FROM local_campaigns WHERE id = ?1)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 0) && !sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND,
                   _("There is no campaign “%s” in the cache"), campaign_id);
      return FALSE;
    }
  if (local != NULL)
    *local = sqlite3_column_int (stmt, 1) != 0;

  return TRUE;
}

char *
crrc_campaigns_create (CrrcStore   *store,
                       const char  *name,
                       const char  *region,
                       const char  *sector,
                       const char  *start,
                       const char  *due,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (name != NULL ? name : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                           _("The campaign needs a name"));
      return NULL;
    }
  if (region == NULL || crrc_geo_lookup_region (region) == NULL)
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("“%s” is not the INSEE code of a region"), region != NULL ? region : "");
      return NULL;
    }
  if (g_strcmp0 (sector, "sanitaire") != 0 && g_strcmp0 (sector, "medico_social") != 0)
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("“%s” is not a sector of campaigns (sanitaire or medico_social)"),
                   sector != NULL ? sector : "");
      return NULL;
    }
  if (!crrc_campaigns_is_valid_date (start))
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("The start date “%s” is not a valid date (YYYY-MM-DD)"), start != NULL ? start : "");
      return NULL;
    }
  if (!crrc_campaigns_is_valid_date (due))
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("The due date “%s” is not a valid date (YYYY-MM-DD)"), due != NULL ? due : "");
      return NULL;
    }
  if (strcmp (due, start) < 0)
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("The due date (%s) is before the start date (%s)"), due, start);
      return NULL;
    }

  uuid = g_uuid_string_random ();
  id = g_strconcat ("LOCAL-CAMP-", uuid, NULL);

  stmt = _crrc_store_prepare (store,
                              "INSERT INTO local_campaigns (id, name, region, sector, start, due, created_at)"
                              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, " NOW_SQL ")",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, trimmed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, region, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, sector, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, due, -1, SQLITE_STATIC);
  if (!_crrc_store_step_done (store, stmt, error))
    return NULL;

  return g_steal_pointer (&id);
}

/* At most this many refused numbers are named in a message. */
#define MAX_NAMED 10

static char *
name_list (GPtrArray *numbers)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < numbers->len && i < MAX_NAMED; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (numbers, i));
    }
  if (numbers->len > MAX_NAMED)
    g_string_append (text, ", …");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
crrc_campaigns_add_targets (CrrcStore          *store,
                            const char         *campaign_id,
                            const char * const *finess,
                            guint              *n_added,
                            guint              *n_skipped,
                            GError            **error)
{
  g_autoptr(sqlite3_stmt) known = NULL;
  g_autoptr(sqlite3_stmt) targeted = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GPtrArray) invalid = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unknown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint added = 0, skipped = 0;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (campaign_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_added != NULL)
    *n_added = 0;
  if (n_skipped != NULL)
    *n_skipped = 0;

  for (guint i = 0; finess != NULL && finess[i] != NULL; i++)
    {
      char number[CRRC_FINESS_LENGTH + 1];

      if (crrc_finess_parse (finess[i], number) == CRRC_FINESS_INVALID)
        g_ptr_array_add (invalid, g_strdup (finess[i]));
      else
        g_ptr_array_add (numbers, g_strdup (number));
    }
  if (invalid->len > 0)
    {
      g_autofree char *list = name_list (invalid);

      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "Not a FINESS number: %s", "Not FINESS numbers: %s",
                                invalid->len),
                   list);
      return FALSE;
    }

  if (!begin (store, error))
    return FALSE;

  if (!lookup_campaign (store, campaign_id, NULL, error)
      || (known = _crrc_store_prepare (store, "SELECT 1 FROM establishments WHERE finess = ?1", error)) == NULL
      || (targeted = _crrc_store_prepare (store,
                                          "SELECT 1 FROM campaign_targets WHERE campaign_id = ?1 AND finess = ?2"
                                          " UNION ALL SELECT 1 FROM local_campaign_targets WHERE campaign_id = ?1 AND finess = ?2",
                                          error)) == NULL
      || (insert = _crrc_store_prepare (store,
                                        "INSERT INTO local_campaign_targets (campaign_id, finess, added_at)"
                                        " VALUES (?1, ?2, " NOW_SQL ")",
                                        error)) == NULL)
    goto fail;

  for (guint i = 0; i < numbers->len; i++)
    {
      const char *number = g_ptr_array_index (numbers, i);
      int rc;

      sqlite3_reset (known);
      sqlite3_bind_text (known, 1, number, -1, SQLITE_STATIC);
      rc = sqlite3_step (known);
      if (rc == SQLITE_DONE)
        g_ptr_array_add (unknown, g_strdup (number));
      else if (rc != SQLITE_ROW)
        goto sqlite_fail;
    }
  if (unknown->len > 0)
    {
      g_autofree char *list = name_list (unknown);

      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_UNKNOWN_FINESS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The registry has no establishment with the FINESS number %s",
                                "The registry has no establishment with the FINESS numbers %s",
                                unknown->len),
                   list);
      goto fail;
    }

  for (guint i = 0; i < numbers->len; i++)
    {
      const char *number = g_ptr_array_index (numbers, i);
      int rc;

      if (!g_hash_table_add (seen, (gpointer) number))
        {
          skipped++;
          continue;
        }

      sqlite3_reset (targeted);
      sqlite3_bind_text (targeted, 1, campaign_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (targeted, 2, number, -1, SQLITE_STATIC);
      rc = sqlite3_step (targeted);
      if (rc == SQLITE_ROW)
        {
          skipped++;
          continue;
        }
      if (rc != SQLITE_DONE)
        goto sqlite_fail;

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, campaign_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, number, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        goto sqlite_fail;
      added++;
    }

  if (!commit (store, error))
    goto fail;

  if (n_added != NULL)
    *n_added = added;
  if (n_skipped != NULL)
    *n_skipped = skipped;
  return TRUE;

sqlite_fail:
  _crrc_store_set_error (store, error);
fail:
  rollback (store);
  return FALSE;
}

gboolean
crrc_campaigns_add_matching (CrrcStore                      *store,
                             const char                     *campaign_id,
                             const CrrcEstablishmentsFilter *filter,
                             guint                          *n_added,
                             guint                          *n_skipped,
                             GError                        **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  gint64 count = 0;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (campaign_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!lookup_campaign (store, campaign_id, NULL, error)
      || !crrc_establishments_count (store, filter, &count, error))
    return FALSE;

  rows = crrc_establishments_fetch (store, filter, CRRC_ESTABLISHMENTS_SORT_FINESS, FALSE,
                                    0, (guint) MAX (count, 1), error);
  if (rows == NULL)
    return FALSE;

  numbers = g_ptr_array_new_full (rows->len + 1, NULL);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (numbers, ((CrrcEstablishmentsRow *) g_ptr_array_index (rows, i))->finess);
  g_ptr_array_add (numbers, NULL);

  return crrc_campaigns_add_targets (store, campaign_id, (const char * const *) numbers->pdata,
                                     n_added, n_skipped, error);
}

/* Whether (@campaign_id, @finess) is a target, and whether the feed has
 * it. */
static gboolean
lookup_target (CrrcStore   *store,
               const char  *campaign_id,
               const char  *finess,
               gboolean    *synced,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _crrc_store_prepare (store,
                              "SELECT EXISTS (SELECT 1 FROM campaign_targets WHERE campaign_id = ?1 AND finess = ?2),"
                              " EXISTS (SELECT 1 FROM local_campaign_targets WHERE campaign_id = ?1 AND finess = ?2)",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, campaign_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, finess, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  if (!sqlite3_column_int (stmt, 0) && !sqlite3_column_int (stmt, 1))
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND,
                   _("The establishment %s is not a target of this campaign"), finess);
      return FALSE;
    }
  if (synced != NULL)
    *synced = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}

gboolean
crrc_campaigns_move_target (CrrcStore          *store,
                            const char         *campaign_id,
                            const char         *finess,
                            CrrcCampaignStage   stage,
                            const char         *date,
                            const char         *comment,
                            GError            **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (campaign_id != NULL, FALSE);
  g_return_val_if_fail (finess != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((int) stage < 0 || stage >= CRRC_CAMPAIGN_N_STAGES)
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("%d is not a campaign stage"), (int) stage);
      return FALSE;
    }
  if (!crrc_campaigns_is_valid_date (date))
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID,
                   _("The date of the stage “%s” is not a valid date (YYYY-MM-DD)"), date != NULL ? date : "");
      return FALSE;
    }
  if (comment != NULL)
    {
      trimmed = g_strstrip (g_strdup (comment));
      if (*trimmed == '\0')
        g_clear_pointer (&trimmed, g_free);
    }

  if (!begin (store, error))
    return FALSE;
  if (!lookup_campaign (store, campaign_id, NULL, error)
      || !lookup_target (store, campaign_id, finess, NULL, error)
      || (insert = _crrc_store_prepare (store,
                                        "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at)"
                                        " VALUES (?1, ?2, ?3, ?4, ?5, " NOW_SQL ")",
                                        error)) == NULL)
    goto fail;
  sqlite3_bind_text (insert, 1, campaign_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, finess, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, crrc_campaign_stage_get_key (stage), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, trimmed, -1, SQLITE_STATIC);
  if (!_crrc_store_step_done (store, insert, error) || !commit (store, error))
    goto fail;

  return TRUE;

fail:
  rollback (store);
  return FALSE;
}

static gboolean
run_with_two (CrrcStore   *store,
              const char  *sql,
              const char  *first,
              const char  *second,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_STATIC);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_STATIC);

  return _crrc_store_step_done (store, stmt, error);
}

gboolean
crrc_campaigns_remove_target (CrrcStore   *store,
                              const char  *campaign_id,
                              const char  *finess,
                              GError     **error)
{
  gboolean synced = FALSE;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (campaign_id != NULL, FALSE);
  g_return_val_if_fail (finess != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin (store, error))
    return FALSE;
  if (!lookup_target (store, campaign_id, finess, &synced, error))
    goto fail;
  if (synced)
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_LOCAL,
                   _("The establishment %s is a target of the campaign in the synced data: "
                     "it cannot be removed here"), finess);
      goto fail;
    }
  if (!run_with_two (store, "DELETE FROM local_campaign_targets WHERE campaign_id = ?1 AND finess = ?2",
                     campaign_id, finess, error)
      || !run_with_two (store, "DELETE FROM local_stage_changes WHERE campaign_id = ?1 AND finess = ?2",
                        campaign_id, finess, error)
      || !commit (store, error))
    goto fail;

  return TRUE;

fail:
  rollback (store);
  return FALSE;
}

gboolean
crrc_campaigns_delete (CrrcStore   *store,
                       const char  *campaign_id,
                       GError     **error)
{
  gboolean local = FALSE;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (campaign_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin (store, error))
    return FALSE;
  if (!lookup_campaign (store, campaign_id, &local, error))
    goto fail;
  if (!local)
    {
      g_set_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_LOCAL,
                   _("The campaign “%s” comes from the synced data: it cannot be deleted here"), campaign_id);
      goto fail;
    }
  if (!run_with_two (store, "DELETE FROM local_stage_changes WHERE campaign_id = ?1", campaign_id, NULL, error)
      || !run_with_two (store, "DELETE FROM local_campaign_targets WHERE campaign_id = ?1", campaign_id, NULL, error)
      || !run_with_two (store, "DELETE FROM local_campaigns WHERE id = ?1", campaign_id, NULL, error)
      || !commit (store, error))
    goto fail;

  return TRUE;

fail:
  rollback (store);
  return FALSE;
}
