/* test-campaigns.c: campaigns, targets, stages and the analyst's work
 *
 * On the demonstration feed synced into a temporary cache. The test adds
 * campaigns of its own (source "test") whose figures it knows, checks the
 * list (progress, days left, overdue at the boundaries, order), the
 * effective stage rule, filters, coverage, every write and its refusals,
 * and that the analyst's campaigns, targets and stage changes survive a
 * sync of a feed (written by the test, read through file://) that brings
 * new campaigns and stages for the same establishments, and a sync of the
 * demonstration feed again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-campaigns"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crrc-campaigns.h"
#include "crrc-demo.h"
#include "crrc-establishments.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"
#include "crrc-test-utils.h"

static char *tmp_dir;
static CrrcStore *store;
/* Four medico-social establishments of the registry, in two departments. */
static char *est[4];
static char *dep[2];

static void
exec (const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_crrc_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static CrrcCampaign *
find_campaign (GPtrArray  *campaigns,
               const char *id,
               guint      *index)
{
  for (guint i = 0; i < campaigns->len; i++)
    {
      CrrcCampaign *campaign = g_ptr_array_index (campaigns, i);

      if (g_str_equal (campaign->id, id))
        {
          if (index != NULL)
            *index = i;
          return campaign;
        }
    }

  return NULL;
}

static CrrcCampaignTarget *
find_target (GPtrArray  *targets,
             const char *finess)
{
  for (guint i = 0; i < targets->len; i++)
    {
      CrrcCampaignTarget *target = g_ptr_array_index (targets, i);

      if (g_str_equal (target->finess, finess))
        return target;
    }

  return NULL;
}

/* Two establishments in each of two departments, none a target of a
 * demonstration campaign, one with a diagnostic. */
static void
pick_establishments (void)
{
  g_autofree char *first_dep = query_text (
    "SELECT department FROM establishments WHERE sector = 'medico_social'"
    " GROUP BY department HAVING count(*) >= 2 ORDER BY department LIMIT 1");
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint n = 0;

  g_assert_nonnull (first_dep);
  sql = g_strdup_printf ("SELECT department FROM establishments WHERE sector = 'medico_social'"
                         " AND department > '%s' GROUP BY department HAVING count(*) >= 2"
                         " ORDER BY department LIMIT 1", first_dep);
  dep[0] = g_strdup (first_dep);
  dep[1] = query_text (sql);
  g_assert_nonnull (dep[1]);

  for (guint d = 0; d < 2; d++)
    {
      g_autofree char *pick = g_strdup_printf (
        "SELECT finess FROM establishments WHERE sector = 'medico_social' AND department = '%s'"
        " AND finess NOT IN (SELECT finess FROM campaign_targets) ORDER BY finess LIMIT 2", dep[d]);

      g_clear_pointer (&stmt, sqlite3_finalize);
      g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), pick, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        est[n++] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_assert_cmpuint (n, ==, 2 * (d + 1));
    }
}

/* TEST-A: due 2024-06-30, est 0 diagnosed, est 1 targeted (50 %).
 * TEST-B: due 2024-06-29, est 2 and 3 at report_sent (100 %).
 * TEST-C: due 2024-09-01, no target. */
static void
add_fixtures (void)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO campaigns (id, name, region, sector, start, due, source) VALUES"
    " ('TEST-A', 'Campagne A', '27', 'medico_social', '2024-01-01', '2024-06-30', 'test'),"
    " ('TEST-B', 'Campagne B', '27', 'medico_social', '2024-01-01', '2024-06-29', 'test'),"
    " ('TEST-C', 'Campagne C', '27', 'medico_social', '2024-01-01', '2024-09-01', 'test');"
    "INSERT INTO campaign_targets (campaign_id, finess, stage, stage_date) VALUES"
    " ('TEST-A', '%1$s', 'diagnosed', '2024-03-01'),"
    " ('TEST-A', '%2$s', 'targeted', '2024-01-02'),"
    " ('TEST-B', '%3$s', 'report_sent', '2024-04-01'),"
    " ('TEST-B', '%4$s', 'report_sent', '2024-04-02');",
    est[0], est[1], est[2], est[3]);

  exec (sql);
}

static void
test_stages (void)
{
  static const char * const keys[] = {
    "targeted", "contacted", "scheduled", "diagnosed", "report_sent", "action_plan",
    "exercise_done", "rediagnosed",
  };

  g_assert_cmpint (CRRC_CAMPAIGN_N_STAGES, ==, G_N_ELEMENTS (keys));
  for (int i = 0; i < CRRC_CAMPAIGN_N_STAGES; i++)
    {
      g_assert_cmpstr (crrc_campaign_stage_get_key (i), ==, keys[i]);
      g_assert_cmpint (crrc_campaign_stage_from_key (keys[i]), ==, i);
      g_assert_nonnull (crrc_campaign_stage_get_label (i));
    }
  g_assert_cmpint (CRRC_CAMPAIGN_STAGE_DIAGNOSED, ==, 3);
  g_assert_cmpstr (crrc_campaign_stage_get_label (CRRC_CAMPAIGN_STAGE_SCHEDULED), ==, "Meeting scheduled");
  g_assert_cmpstr (crrc_campaign_stage_get_label (CRRC_CAMPAIGN_STAGE_ACTION_PLAN), ==, "Action plan approved");
  g_assert_cmpint (crrc_campaign_stage_from_key ("done"), ==, CRRC_CAMPAIGN_STAGE_NONE);
  g_assert_cmpint (crrc_campaign_stage_from_key (NULL), ==, CRRC_CAMPAIGN_STAGE_NONE);
  g_assert_null (crrc_campaign_stage_get_key (CRRC_CAMPAIGN_N_STAGES));
  g_assert_null (crrc_campaign_stage_get_key (-1));

  g_assert_true (crrc_campaigns_is_valid_date ("2024-02-29"));
  g_assert_false (crrc_campaigns_is_valid_date ("2023-02-29"));
  g_assert_false (crrc_campaigns_is_valid_date ("2024-13-01"));
  g_assert_false (crrc_campaigns_is_valid_date ("2024-1-01"));
  g_assert_false (crrc_campaigns_is_valid_date ("24-01-2024"));
  g_assert_false (crrc_campaigns_is_valid_date (""));
  g_assert_false (crrc_campaigns_is_valid_date (NULL));
}

static void
test_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  CrrcCampaign *a, *b, *c;
  guint ia = 0, ib = 0, ic = 0;

  /* Due today: 0 days left, not overdue. */
  campaigns = crrc_campaigns_list (store, "2024-06-30", &error);
  g_assert_no_error (error);
  /* The demonstration's three and the test's. */
  g_assert_cmpuint (campaigns->len, ==, 3 + query_int ("SELECT count(*) FROM campaigns WHERE source = 'test'"));
  a = find_campaign (campaigns, "TEST-A", &ia);
  b = find_campaign (campaigns, "TEST-B", &ib);
  c = find_campaign (campaigns, "TEST-C", &ic);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_nonnull (c);

  g_assert_cmpstr (a->name, ==, "Campagne A");
  g_assert_cmpstr (a->region, ==, "27");
  g_assert_cmpstr (a->sector, ==, "medico_social");
  g_assert_cmpstr (a->start, ==, "2024-01-01");
  g_assert_cmpstr (a->due, ==, "2024-06-30");
  g_assert_false (a->local);
  g_assert_cmpuint (a->n_targets, ==, 2);
  g_assert_cmpuint (a->stage_counts[CRRC_CAMPAIGN_STAGE_DIAGNOSED], ==, 1);
  g_assert_cmpuint (a->stage_counts[CRRC_CAMPAIGN_STAGE_TARGETED], ==, 1);
  g_assert_cmpuint (a->n_diagnosed, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->progress, 0.5, 1e-9);
  g_assert_cmpint (a->days_left, ==, 0);
  g_assert_false (a->overdue);
  g_assert_false (a->finished);

  /* Due yesterday at 100 %: past due, finished, not overdue. */
  g_assert_cmpint (b->days_left, ==, -1);
  g_assert_cmpfloat_with_epsilon (b->progress, 1.0, 1e-9);
  g_assert_true (b->finished);
  g_assert_false (b->overdue);
  g_assert_cmpuint (b->stage_counts[CRRC_CAMPAIGN_STAGE_REPORT_SENT], ==, 2);

  /* No target: 0 %, not finished. */
  g_assert_cmpuint (c->n_targets, ==, 0);
  g_assert_cmpfloat (c->progress, ==, 0.0);
  g_assert_false (c->finished);
  g_assert_cmpint (c->days_left, ==, 63);

  /* Running ones first by due date, then the finished ones. */
  g_assert_cmpuint (ia, <, ic);
  g_assert_cmpuint (ic, <, ib);
  for (guint i = 1; i < campaigns->len; i++)
    {
      CrrcCampaign *previous = g_ptr_array_index (campaigns, i - 1);
      CrrcCampaign *campaign = g_ptr_array_index (campaigns, i);

      g_assert_true (previous->finished <= campaign->finished);
      if (previous->finished == campaign->finished && !campaign->finished)
        g_assert_cmpstr (previous->due, <=, campaign->due);
      if (previous->finished == campaign->finished && campaign->finished)
        g_assert_cmpstr (previous->due, >=, campaign->due);
    }
  g_clear_pointer (&campaigns, g_ptr_array_unref);

  /* Due yesterday below 100 %: overdue by one day. */
  {
    g_autoptr(CrrcCampaign) late = crrc_campaigns_get (store, "TEST-A", "2024-07-01", &error);

    g_assert_no_error (error);
    g_assert_cmpint (late->days_left, ==, -1);
    g_assert_true (late->overdue);
  }
  /* Across a year end. */
  {
    g_autoptr(CrrcCampaign) early = crrc_campaigns_get (store, "TEST-A", "2023-12-31", &error);

    g_assert_no_error (error);
    g_assert_cmpint (early->days_left, ==, 182);
    g_assert_false (early->overdue);
  }

  g_assert_null (crrc_campaigns_get (store, "NO-SUCH", "2024-01-01", &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NO-SUCH"));
  g_clear_error (&error);
  g_assert_null (crrc_campaigns_list (store, "2024-02-30", &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID);
  g_clear_error (&error);

  /* The demonstration's campaigns, counted against SQL. */
  campaigns = crrc_campaigns_list (store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < campaigns->len; i++)
    {
      CrrcCampaign *campaign = g_ptr_array_index (campaigns, i);
      g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM campaign_targets WHERE campaign_id = '%s'",
                                                campaign->id);
      g_autofree char *diagnosed = g_strdup_printf (
        "SELECT count(*) FROM campaign_targets WHERE campaign_id = '%s'"
        " AND stage IN ('diagnosed', 'report_sent', 'action_plan', 'exercise_done', 'rediagnosed')",
        campaign->id);
      guint sum = 0;

      if (g_str_has_prefix (campaign->id, "TEST-"))
        continue;
      g_assert_cmpint (campaign->n_targets, ==, query_int (count));
      g_assert_cmpint (campaign->n_diagnosed, ==, query_int (diagnosed));
      for (guint s = 0; s < CRRC_CAMPAIGN_N_STAGES; s++)
        sum += campaign->stage_counts[s];
      g_assert_cmpuint (sum, ==, campaign->n_targets);
    }
}

static void
test_effective_stage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *sql = NULL;
  CrrcCampaignTarget *target;

  /* Two changes: the later entered wins, whatever their stage dates. */
  sql = g_strdup_printf (
    "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at) VALUES"
    " ('TEST-A', '%1$s', 'report_sent', '2024-05-01', 'first', '2024-05-01T10:00:00Z'),"
    " ('TEST-A', '%1$s', 'contacted', '2024-04-01', 'second', '2024-05-02T10:00:00Z');"
    /* Same time: the later row wins. */
    "INSERT INTO local_stage_changes (campaign_id, finess, stage, stage_date, comment, created_at) VALUES"
    " ('TEST-A', '%2$s', 'scheduled', '2024-05-03', NULL, '2024-05-03T10:00:00Z'),"
    " ('TEST-A', '%2$s', 'diagnosed', '2024-05-04', 'same second', '2024-05-03T10:00:00Z');"
    "INSERT INTO local_campaign_targets (campaign_id, finess, added_at) VALUES"
    " ('TEST-C', '%3$s', '2024-06-01T09:00:00Z');",
    est[0], est[1], est[2]);
  exec (sql);

  targets = crrc_campaigns_list_targets (store, "TEST-A", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 2);

  target = find_target (targets, est[0]);
  g_assert_cmpint (target->synced_stage, ==, CRRC_CAMPAIGN_STAGE_DIAGNOSED);
  g_assert_cmpstr (target->synced_stage_date, ==, "2024-03-01");
  g_assert_cmpint (target->stage, ==, CRRC_CAMPAIGN_STAGE_CONTACTED);
  g_assert_cmpstr (target->stage_date, ==, "2024-04-01");
  g_assert_cmpstr (target->stage_comment, ==, "second");
  g_assert_true (target->stage_local);
  g_assert_false (target->local_target);
  g_assert_nonnull (target->name);
  g_assert_cmpstr (target->department, ==, dep[0]);

  target = find_target (targets, est[1]);
  g_assert_cmpint (target->synced_stage, ==, CRRC_CAMPAIGN_STAGE_TARGETED);
  g_assert_cmpint (target->stage, ==, CRRC_CAMPAIGN_STAGE_DIAGNOSED);
  g_assert_cmpstr (target->stage_comment, ==, "same second");

  /* The campaign's figures follow the effective stages. */
  {
    g_autoptr(CrrcCampaign) a = crrc_campaigns_get (store, "TEST-A", "2024-06-30", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (a->stage_counts[CRRC_CAMPAIGN_STAGE_CONTACTED], ==, 1);
    g_assert_cmpuint (a->stage_counts[CRRC_CAMPAIGN_STAGE_DIAGNOSED], ==, 1);
    g_assert_cmpuint (a->n_diagnosed, ==, 1);
  }

  /* An added target: targeted since the day it was added. */
  g_clear_pointer (&targets, g_ptr_array_unref);
  targets = crrc_campaigns_list_targets (store, "TEST-C", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 1);
  target = g_ptr_array_index (targets, 0);
  g_assert_true (target->local_target);
  g_assert_false (target->stage_local);
  g_assert_cmpint (target->synced_stage, ==, CRRC_CAMPAIGN_STAGE_NONE);
  g_assert_cmpint (target->stage, ==, CRRC_CAMPAIGN_STAGE_TARGETED);
  g_assert_cmpstr (target->stage_date, ==, "2024-06-01");

  /* History: the changes newest first, then the synced stage. */
  history = crrc_campaigns_stage_history (store, "TEST-A", est[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpint (((CrrcCampaignStageChange *) history->pdata[0])->stage, ==, CRRC_CAMPAIGN_STAGE_CONTACTED);
  g_assert_true (((CrrcCampaignStageChange *) history->pdata[0])->local);
  g_assert_cmpint (((CrrcCampaignStageChange *) history->pdata[1])->stage, ==, CRRC_CAMPAIGN_STAGE_REPORT_SENT);
  g_assert_cmpint (((CrrcCampaignStageChange *) history->pdata[2])->stage, ==, CRRC_CAMPAIGN_STAGE_DIAGNOSED);
  g_assert_false (((CrrcCampaignStageChange *) history->pdata[2])->local);
  g_assert_cmpstr (((CrrcCampaignStageChange *) history->pdata[2])->date, ==, "2024-03-01");
  g_clear_pointer (&history, g_ptr_array_unref);
  history = crrc_campaigns_stage_history (store, "TEST-C", est[2], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpint (((CrrcCampaignStageChange *) history->pdata[0])->stage, ==, CRRC_CAMPAIGN_STAGE_TARGETED);
  g_assert_cmpstr (((CrrcCampaignStageChange *) history->pdata[0])->date, ==, "2024-06-01");

  /* The establishment's page computes the same stage: its Établissements
   * filter by stage finds est 1 as diagnosed. */
  {
    g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
    g_autoptr(GPtrArray) rows = NULL;
    gboolean found = FALSE;

    filter->stage = g_strdup ("diagnosed");
    filter->department = g_strdup (dep[0]);
    rows = crrc_establishments_fetch (store, filter, CRRC_ESTABLISHMENTS_SORT_FINESS, FALSE, 0, 1000, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < rows->len; i++)
      found |= g_str_equal (((CrrcEstablishmentsRow *) rows->pdata[i])->finess, est[1]);
    g_assert_true (found);
  }
}

static void
test_filters_coverage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) coverage = NULL;
  guint counts[CRRC_CAMPAIGN_N_STAGES];
  const char *campaign_id;
  guint sum = 0;

  /* The demonstration's largest campaign. */
  g_autofree char *id = query_text ("SELECT campaign_id FROM campaign_targets GROUP BY campaign_id"
                                    " ORDER BY count(*) DESC LIMIT 1");
  campaign_id = id;
  all = crrc_campaigns_list_targets (store, campaign_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 4);

  crrc_campaigns_count_stages (all, counts);
  for (guint s = 0; s < CRRC_CAMPAIGN_N_STAGES; s++)
    {
      CrrcCampaignTargetsFilter filter = { (int) s, NULL };
      g_autoptr(GPtrArray) some = crrc_campaigns_list_targets (store, campaign_id, &filter, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (some->len, ==, counts[s]);
      for (guint i = 0; i < some->len; i++)
        g_assert_cmpint (((CrrcCampaignTarget *) some->pdata[i])->stage, ==, s);
      sum += counts[s];
    }
  g_assert_cmpuint (sum, ==, all->len);

  /* Diagnosed targets of the demonstration have a diagnostic and score. */
  for (guint i = 0; i < all->len; i++)
    {
      CrrcCampaignTarget *target = g_ptr_array_index (all, i);

      if (target->stage >= CRRC_CAMPAIGN_STAGE_DIAGNOSED && !target->stage_local)
        {
          g_assert_nonnull (target->diagnostic_date);
          g_assert_cmpint (target->diagnostic_score, >=, 0);
          g_assert_cmpint (target->diagnostic_score, <=, 100);
        }
    }

  coverage = crrc_campaigns_coverage (all);
  g_assert_cmpuint (coverage->len, >, 0);
  sum = 0;
  for (guint i = 0; i < coverage->len; i++)
    {
      CrrcCampaignCoverage *department = g_ptr_array_index (coverage, i);
      CrrcCampaignTargetsFilter filter = { CRRC_CAMPAIGN_STAGE_NONE, department->department };
      g_autoptr(GPtrArray) some = crrc_campaigns_list_targets (store, campaign_id, &filter, &error);
      guint diagnosed = 0;

      g_assert_no_error (error);
      g_assert_cmpuint (some->len, ==, department->targets);
      for (guint t = 0; t < some->len; t++)
        diagnosed += ((CrrcCampaignTarget *) some->pdata[t])->stage >= CRRC_CAMPAIGN_STAGE_DIAGNOSED;
      g_assert_cmpuint (diagnosed, ==, department->diagnosed);
      g_assert_cmpuint (department->diagnosed, <=, department->targets);
      if (i > 0)
        g_assert_cmpstr (((CrrcCampaignCoverage *) coverage->pdata[i - 1])->department, <, department->department);
      sum += department->targets;
    }
  g_assert_cmpuint (sum, ==, all->len);

  /* Both criteria; an unknown campaign has no target. */
  {
    CrrcCampaignTarget *first = g_ptr_array_index (all, 0);
    CrrcCampaignTargetsFilter filter = { first->stage, first->department };
    g_autoptr(GPtrArray) some = crrc_campaigns_list_targets (store, campaign_id, &filter, &error);
    g_autoptr(GPtrArray) none = crrc_campaigns_list_targets (store, "NO-SUCH", NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (find_target (some, first->finess));
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_writes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *unknown = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  guint added = 99, skipped = 99;
  gint64 before;

  /* Refusals of create, each naming what is wrong. */
  g_assert_null (crrc_campaigns_create (store, "  ", "27", "medico_social", "2025-01-01", "2025-06-30", &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "name"));
  g_clear_error (&error);
  g_assert_null (crrc_campaigns_create (store, "X", "99", "medico_social", "2025-01-01", "2025-06-30", &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "99"));
  g_clear_error (&error);
  g_assert_null (crrc_campaigns_create (store, "X", "27", "grades", "2025-01-01", "2025-06-30", &error));
  g_assert_nonnull (strstr (error->message, "grades"));
  g_clear_error (&error);
  g_assert_null (crrc_campaigns_create (store, "X", "27", "medico_social", "2025-02-30", "2025-06-30", &error));
  g_assert_nonnull (strstr (error->message, "2025-02-30"));
  g_clear_error (&error);
  g_assert_null (crrc_campaigns_create (store, "X", "27", "medico_social", "2025-01-01", "30/06/2025", &error));
  g_assert_nonnull (strstr (error->message, "30/06/2025"));
  g_clear_error (&error);
  g_assert_null (crrc_campaigns_create (store, "X", "27", "medico_social", "2025-01-02", "2025-01-01", &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2025-01-01"));
  g_clear_error (&error);
  g_assert_cmpint (query_int ("SELECT count(*) FROM local_campaigns"), ==, 0);

  /* Due on the start day is fine; the name is trimmed. */
  id = crrc_campaigns_create (store, " Campagne locale ", "27", "medico_social", "2025-01-01", "2025-01-01", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "LOCAL-CAMP-"));
  g_assert_true (g_uuid_string_is_valid (id + strlen ("LOCAL-CAMP-")));
  {
    g_autoptr(CrrcCampaign) campaign = crrc_campaigns_get (store, id, "2025-01-01", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (campaign->name, ==, "Campagne locale");
    g_assert_true (campaign->local);
    g_assert_cmpuint (campaign->n_targets, ==, 0);
  }

  /* Add targets: refusals name the numbers, nothing is written. */
  {
    const char *bad[] = { est[0], "12345", NULL };

    g_assert_false (crrc_campaigns_add_targets (store, id, bad, &added, &skipped, &error));
    g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "12345"));
    g_clear_error (&error);
  }
  unknown = g_strdup ("999999999");
  g_assert_cmpint (query_int ("SELECT count(*) FROM establishments WHERE finess = '999999999'"), ==, 0);
  {
    const char *bad[] = { est[0], unknown, NULL };

    g_assert_false (crrc_campaigns_add_targets (store, id, bad, &added, &skipped, &error));
    g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_UNKNOWN_FINESS);
    g_assert_nonnull (strstr (error->message, unknown));
    g_assert_null (strstr (error->message, est[0]));
    g_clear_error (&error);
    g_assert_cmpint (query_int ("SELECT count(*) FROM local_campaign_targets WHERE campaign_id LIKE 'LOCAL-%'"), ==, 0);
  }
  {
    const char *none[] = { est[0], NULL };

    g_assert_false (crrc_campaigns_add_targets (store, "NO-SUCH", none, &added, &skipped, &error));
    g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autofree char *spaced = g_strdup_printf ("%.2s %.3s %.3s %.1s", est[0], est[0] + 2, est[0] + 5, est[0] + 8);
    const char *good[] = { spaced, est[1], est[0], NULL };

    g_assert_true (crrc_campaigns_add_targets (store, id, good, &added, &skipped, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 2);
    g_assert_cmpuint (skipped, ==, 1);
    g_assert_true (crrc_campaigns_add_targets (store, id, good, &added, &skipped, &error));
    g_assert_cmpuint (added, ==, 0);
    g_assert_cmpuint (skipped, ==, 3);
  }
  /* A synced campaign takes targets too; its own are skipped. */
  {
    const char *more[] = { est[0], est[2], NULL };

    g_assert_true (crrc_campaigns_add_targets (store, "TEST-A", more, &added, &skipped, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, 1);
    g_assert_cmpuint (skipped, ==, 1);
    targets = crrc_campaigns_list_targets (store, "TEST-A", NULL, &error);
    g_assert_cmpuint (targets->len, ==, 3);
    g_assert_true (find_target (targets, est[2])->local_target);
    g_assert_false (find_target (targets, est[0])->local_target);
    g_clear_pointer (&targets, g_ptr_array_unref);
  }

  /* Every establishment of a filter. */
  {
    g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
    g_autofree char *id2 = crrc_campaigns_create (store, "Par filtre", "27", "medico_social", "2025-01-01",
                                                  "2025-12-31", &error);
    gint64 count = 0;

    filter->department = g_strdup (dep[1]);
    filter->sector = g_strdup ("medico_social");
    g_assert_true (crrc_establishments_count (store, filter, &count, &error));
    g_assert_cmpint (count, >=, 2);
    g_assert_true (crrc_campaigns_add_matching (store, id2, filter, &added, &skipped, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (added, ==, count);
    g_assert_cmpuint (skipped, ==, 0);
    targets = crrc_campaigns_list_targets (store, id2, NULL, &error);
    g_assert_cmpuint (targets->len, ==, count);
    for (guint i = 0; i < targets->len; i++)
      g_assert_cmpstr (((CrrcCampaignTarget *) targets->pdata[i])->department, ==, dep[1]);
    g_clear_pointer (&targets, g_ptr_array_unref);
    g_assert_true (crrc_campaigns_add_matching (store, id2, filter, &added, &skipped, &error));
    g_assert_cmpuint (added, ==, 0);
    g_assert_cmpuint (skipped, ==, count);
    g_assert_true (crrc_campaigns_delete (store, id2, &error));
    g_assert_no_error (error);
  }

  /* Move: refusals, then a change. */
  before = query_int ("SELECT count(*) FROM local_stage_changes");
  g_assert_false (crrc_campaigns_move_target (store, id, est[0], 12, "2025-01-05", NULL, &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (crrc_campaigns_move_target (store, id, est[0], CRRC_CAMPAIGN_STAGE_CONTACTED, "2025-01-32",
                                              NULL, &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2025-01-32"));
  g_clear_error (&error);
  g_assert_false (crrc_campaigns_move_target (store, id, est[3], CRRC_CAMPAIGN_STAGE_CONTACTED, "2025-01-05",
                                              NULL, &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, est[3]));
  g_clear_error (&error);
  g_assert_false (crrc_campaigns_move_target (store, "NO-SUCH", est[0], CRRC_CAMPAIGN_STAGE_CONTACTED,
                                              "2025-01-05", NULL, &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int ("SELECT count(*) FROM local_stage_changes"), ==, before);

  g_assert_true (crrc_campaigns_move_target (store, id, est[0], CRRC_CAMPAIGN_STAGE_SCHEDULED, "2025-01-05",
                                             "  RDV le 12  ", &error));
  g_assert_no_error (error);
  g_assert_true (crrc_campaigns_move_target (store, id, est[1], CRRC_CAMPAIGN_STAGE_DIAGNOSED, "2025-01-06",
                                             "   ", &error));
  g_assert_no_error (error);
  targets = crrc_campaigns_list_targets (store, id, NULL, &error);
  g_assert_cmpint (find_target (targets, est[0])->stage, ==, CRRC_CAMPAIGN_STAGE_SCHEDULED);
  g_assert_cmpstr (find_target (targets, est[0])->stage_comment, ==, "RDV le 12");
  g_assert_true (find_target (targets, est[0])->stage_local);
  g_assert_null (find_target (targets, est[1])->stage_comment);
  g_clear_pointer (&targets, g_ptr_array_unref);
  {
    g_autoptr(CrrcCampaign) campaign = crrc_campaigns_get (store, id, "2025-01-02", &error);

    g_assert_cmpuint (campaign->n_targets, ==, 2);
    g_assert_cmpfloat_with_epsilon (campaign->progress, 0.5, 1e-9);
    /* Past due, below 100 %. */
    g_assert_true (campaign->overdue);
  }

  /* Remove: a synced target is refused; an added one goes with its
   * changes. */
  g_assert_false (crrc_campaigns_remove_target (store, "TEST-A", est[0], &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_LOCAL);
  g_assert_nonnull (strstr (error->message, est[0]));
  g_clear_error (&error);
  g_assert_false (crrc_campaigns_remove_target (store, id, est[3], &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (crrc_campaigns_remove_target (store, id, est[1], &error));
  g_assert_no_error (error);
  targets = crrc_campaigns_list_targets (store, id, NULL, &error);
  g_assert_cmpuint (targets->len, ==, 1);
  g_clear_pointer (&targets, g_ptr_array_unref);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM local_stage_changes WHERE campaign_id = '%s'"
                                            " AND finess = '%s'", id, est[1]);

    g_assert_cmpint (query_int (sql), ==, 0);
  }

  /* Delete: a synced campaign is refused; TEST-A keeps its targets. */
  g_assert_false (crrc_campaigns_delete (store, "TEST-A", &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_LOCAL);
  g_clear_error (&error);
  g_assert_false (crrc_campaigns_delete (store, "NO-SUCH", &error));
  g_assert_error (error, CRRC_CAMPAIGNS_ERROR, CRRC_CAMPAIGNS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autofree char *doomed = crrc_campaigns_create (store, "À supprimer", "84", "sanitaire", "2025-01-01",
                                                     "2025-03-01", &error);
    const char *one[] = { est[3], NULL };
    g_autofree char *sql = NULL;

    g_assert_true (crrc_campaigns_add_targets (store, doomed, one, NULL, NULL, &error));
    g_assert_true (crrc_campaigns_move_target (store, doomed, est[3], CRRC_CAMPAIGN_STAGE_CONTACTED,
                                               "2025-01-10", NULL, &error));
    g_assert_true (crrc_campaigns_delete (store, doomed, &error));
    g_assert_no_error (error);
    sql = g_strdup_printf ("SELECT (SELECT count(*) FROM local_campaigns WHERE id = '%1$s')"
                           " + (SELECT count(*) FROM local_campaign_targets WHERE campaign_id = '%1$s')"
                           " + (SELECT count(*) FROM local_stage_changes WHERE campaign_id = '%1$s')", doomed);
    g_assert_cmpint (query_int (sql), ==, 0);
  }
}

/* A feed of one campaigns page, in a folder of its own. */
static char *
write_feed (const char *items)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (tmp_dir, "feed", NULL);
  g_autofree char *manifest = g_build_filename (dir, "manifest.json", NULL);
  g_autofree char *page = g_build_filename (dir, "campaigns.json", NULL);
  g_autofree char *page_text = g_strdup_printf (
    "{\"feed\": \"campaigns\", \"version\": 1, \"snapshot\": false, \"cursor\": \"c1\", \"next\": null,"
    " \"items\": [%s], \"deleted\": []}", items);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (manifest,
                       "{\"format\": \"crrc-feed\", \"version\": 1, \"publisher\": \"Test\","
                       " \"generated_at\": \"2025-02-01T08:00:00Z\","
                       " \"feeds\": [{\"name\": \"campaigns\", \"href\": \"campaigns.json\"}]}",
                       -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (page, page_text, -1, &error);
  g_assert_no_error (error);

  return g_filename_to_uri (manifest, NULL, &error);
}

static void
sync_url (const char *url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcSync) sync = crrc_sync_new (store, url);
  g_autoptr(CrrcSyncReport) report = NULL;

  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crrc_sync_report_has_failures (report));
  {
    const CrrcFeedResult *result = crrc_sync_report_lookup_feed (report, "campaigns");

    if (result != NULL)
      g_assert_cmpuint (result->rejected, ==, 0);
  }
}

/* The key property: the analyst's campaigns, targets and stage changes
 * survive syncs that bring new campaigns and stages for the same
 * establishments. */
static void
test_survives_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autofree char *demo_campaign = query_text ("SELECT campaign_id FROM campaign_targets"
                                               " GROUP BY campaign_id ORDER BY campaign_id LIMIT 1");
  g_autofree char *demo_target = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *items = NULL;
  g_autofree char *url = NULL;
  g_autofree char *sql = NULL;
  gint64 local_campaigns, local_targets, local_changes;
  CrrcCampaignTarget *target;

  sql = g_strdup_printf ("SELECT finess FROM campaign_targets WHERE campaign_id = '%s' ORDER BY finess LIMIT 1",
                         demo_campaign);
  demo_target = query_text (sql);

  /* The analyst's work: a campaign with a target moved; a stage change on
   * a demonstration target; an establishment added to the demonstration
   * campaign and moved. */
  local_id = crrc_campaigns_create (store, "Ma campagne", "27", "medico_social", "2025-01-01", "2025-12-31", &error);
  g_assert_no_error (error);
  {
    const char *mine[] = { demo_target, est[3], NULL };
    const char *added[] = { est[3], NULL };

    g_assert_true (crrc_campaigns_add_targets (store, local_id, mine, NULL, NULL, &error));
    g_assert_true (crrc_campaigns_move_target (store, local_id, demo_target, CRRC_CAMPAIGN_STAGE_ACTION_PLAN,
                                               "2025-02-01", "Plan signé", &error));
    g_assert_true (crrc_campaigns_move_target (store, demo_campaign, demo_target, CRRC_CAMPAIGN_STAGE_REDIAGNOSED,
                                               "2025-02-02", "Re-diagnostic fait", &error));
    g_assert_true (crrc_campaigns_add_targets (store, demo_campaign, added, NULL, NULL, &error));
    g_assert_true (crrc_campaigns_move_target (store, demo_campaign, est[3], CRRC_CAMPAIGN_STAGE_CONTACTED,
                                               "2025-02-03", NULL, &error));
    g_assert_no_error (error);
  }
  local_campaigns = query_int ("SELECT count(*) FROM local_campaigns");
  local_targets = query_int ("SELECT count(*) FROM local_campaign_targets");
  local_changes = query_int ("SELECT count(*) FROM local_stage_changes");

  /* A new synced campaign over the same establishments, with stages of
   * its own, and the test's campaign TEST-A again with other stages. */
  items = g_strdup_printf (
    "{\"id\": \"FEED-CAMP-1\", \"name\": \"Campagne du flux\", \"region\": \"27\", \"sector\": \"medico_social\","
    " \"start\": \"2025-01-01\", \"due\": \"2025-06-30\", \"updated_at\": \"2025-02-01T08:00:00Z\","
    " \"targets\": [{\"finess\": \"%1$s\", \"stage\": \"diagnosed\", \"stage_date\": \"2025-01-20\"},"
    "               {\"finess\": \"%2$s\", \"stage\": \"report_sent\", \"stage_date\": \"2025-01-21\"}]}",
    demo_target, est[3]);
  url = write_feed (items);
  sync_url (url);
  g_assert_cmpint (query_int ("SELECT count(*) FROM campaigns WHERE id = 'FEED-CAMP-1'"), ==, 1);

  /* The demonstration campaign synced again with other stages (its rows
   * changed behind the sync's back, so that it writes them anew). */
  g_free (sql);
  sql = g_strdup_printf ("UPDATE campaigns SET hash = NULL, name = 'x' WHERE id = '%1$s';"
                         "UPDATE campaign_targets SET stage = 'targeted' WHERE campaign_id = '%1$s';"
                         "UPDATE feed_state SET etag = NULL, last_modified = NULL, cursor = NULL;",
                         demo_campaign);
  exec (sql);
  {
    g_autofree char *cache = g_build_filename (tmp_dir, "crrc.db", NULL);
    g_autofree char *feed_dir = crrc_demo_get_directory (cache);
    g_autofree char *demo_url = crrc_demo_get_url (cache);

    g_assert_true (crrc_demo_write_feed (feed_dir, CRRC_DEMO_SEED, 1, &error));
    g_assert_no_error (error);
    sync_url (demo_url);
    crrc_test_remove_tree (feed_dir);
  }
  g_free (sql);
  sql = g_strdup_printf ("SELECT name FROM campaigns WHERE id = '%s'", demo_campaign);
  {
    g_autofree char *name = query_text (sql);

    g_assert_cmpstr (name, !=, "x");
  }

  /* Nothing of the analyst's was lost. */
  g_assert_cmpint (query_int ("SELECT count(*) FROM local_campaigns"), ==, local_campaigns);
  g_assert_cmpint (query_int ("SELECT count(*) FROM local_campaign_targets"), ==, local_targets);
  g_assert_cmpint (query_int ("SELECT count(*) FROM local_stage_changes"), ==, local_changes);

  /* And it still shows over the synced stages. */
  targets = crrc_campaigns_list_targets (store, local_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 2);
  target = find_target (targets, demo_target);
  g_assert_cmpint (target->stage, ==, CRRC_CAMPAIGN_STAGE_ACTION_PLAN);
  g_assert_true (target->stage_local);
  g_assert_cmpint (find_target (targets, est[3])->stage, ==, CRRC_CAMPAIGN_STAGE_TARGETED);
  g_clear_pointer (&targets, g_ptr_array_unref);

  targets = crrc_campaigns_list_targets (store, demo_campaign, NULL, &error);
  g_assert_no_error (error);
  target = find_target (targets, demo_target);
  g_assert_cmpint (target->stage, ==, CRRC_CAMPAIGN_STAGE_REDIAGNOSED);
  g_assert_cmpstr (target->stage_comment, ==, "Re-diagnostic fait");
  g_assert_true (target->stage_local);
  g_assert_cmpint (target->synced_stage, !=, CRRC_CAMPAIGN_STAGE_NONE);
  target = find_target (targets, est[3]);
  g_assert_nonnull (target);
  g_assert_true (target->local_target);
  g_assert_cmpint (target->stage, ==, CRRC_CAMPAIGN_STAGE_CONTACTED);
  g_clear_pointer (&targets, g_ptr_array_unref);

  /* The feed's campaign shows its own stages for the same establishments. */
  targets = crrc_campaigns_list_targets (store, "FEED-CAMP-1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (find_target (targets, demo_target)->stage, ==, CRRC_CAMPAIGN_STAGE_DIAGNOSED);
  g_assert_false (find_target (targets, demo_target)->stage_local);
  g_assert_cmpint (find_target (targets, est[3])->stage, ==, CRRC_CAMPAIGN_STAGE_REPORT_SENT);

  {
    g_autoptr(CrrcCampaign) campaign = crrc_campaigns_get (store, local_id, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (campaign->local);
    g_assert_cmpstr (campaign->name, ==, "Ma campagne");
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("LANGUAGE", "C", TRUE);

  tmp_dir = crrc_test_make_dir ("campaigns");
  store = crrc_test_open_demo_store (tmp_dir, "crrc.db");
  pick_establishments ();
  add_fixtures ();

  g_test_add_func ("/campaigns/stages", test_stages);
  g_test_add_func ("/campaigns/list", test_list);
  g_test_add_func ("/campaigns/effective-stage", test_effective_stage);
  g_test_add_func ("/campaigns/filters-coverage", test_filters_coverage);
  g_test_add_func ("/campaigns/writes", test_writes);
  g_test_add_func ("/campaigns/survives-sync", test_survives_sync);

  status = g_test_run ();

  g_clear_object (&store);
  crrc_test_remove_tree (tmp_dir);
  for (guint i = 0; i < G_N_ELEMENTS (est); i++)
    g_free (est[i]);
  g_free (dep[0]);
  g_free (dep[1]);
  g_free (tmp_dir);

  return status;
}
