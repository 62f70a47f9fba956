/* crrc-campaigns.h: medico-social diagnostic campaigns, their targets and
 * stages, and the analyst's own campaigns and stage changes
 *
 * MATURITY.md "Campaign pipeline". A target's effective stage is the
 * analyst's latest stage change (local_stage_changes, latest created_at
 * then id) over the synced stage (campaign_targets); a target the analyst
 * added and never moved is `targeted` since the day it was added. No sync
 * touches the analyst's rows (local_*).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-establishments.h"
#include "crrc-store.h"

G_BEGIN_DECLS

#define CRRC_CAMPAIGNS_ERROR (crrc_campaigns_error_quark ())

typedef enum
{
  CRRC_CAMPAIGNS_ERROR_INVALID,         /* a field of a write is not acceptable */
  CRRC_CAMPAIGNS_ERROR_NOT_FOUND,       /* no such campaign or target */
  CRRC_CAMPAIGNS_ERROR_UNKNOWN_FINESS,  /* FINESS numbers the registry does not have */
  CRRC_CAMPAIGNS_ERROR_NOT_LOCAL,       /* synced data cannot be removed here */
} CrrcCampaignsError;

GQuark crrc_campaigns_error_quark (void);

/* The stages, in MATURITY.md's order. */
typedef enum
{
  CRRC_CAMPAIGN_STAGE_TARGETED,
  CRRC_CAMPAIGN_STAGE_CONTACTED,
  CRRC_CAMPAIGN_STAGE_SCHEDULED,
  CRRC_CAMPAIGN_STAGE_DIAGNOSED,
  CRRC_CAMPAIGN_STAGE_REPORT_SENT,
  CRRC_CAMPAIGN_STAGE_ACTION_PLAN,
  CRRC_CAMPAIGN_STAGE_EXERCISE_DONE,
  CRRC_CAMPAIGN_STAGE_REDIAGNOSED,
} CrrcCampaignStage;

#define CRRC_CAMPAIGN_N_STAGES (CRRC_CAMPAIGN_STAGE_REDIAGNOSED + 1)
/* No stage: a filter that takes any, a target with no synced stage. */
#define CRRC_CAMPAIGN_STAGE_NONE (-1)

/* "targeted" … "rediagnosed"; NULL out of range. */
const char *crrc_campaign_stage_get_key   (int         stage);
/* "Targeted" … "Re-diagnosed", translated ("Ciblé" … "Re-diagnostic");
 * "—" out of range. */
const char *crrc_campaign_stage_get_label (int         stage);
/* The stage of @key, or CRRC_CAMPAIGN_STAGE_NONE. */
int         crrc_campaign_stage_from_key  (const char *key);

/* One campaign, synced or the analyst's. */
typedef struct
{
  char     *id;
  char     *name;
  char     *region;        /* INSEE region code */
  char     *sector;        /* sanitaire, medico_social */
  char     *start;         /* YYYY-MM-DD */
  char     *due;           /* YYYY-MM-DD */
  gboolean  local;         /* the analyst's own campaign */
  guint     n_targets;
  guint     stage_counts[CRRC_CAMPAIGN_N_STAGES];  /* by effective stage */
  guint     n_diagnosed;   /* targets at `diagnosed` or beyond */
  double    progress;      /* n_diagnosed / n_targets, 0 … 1; 0 without target */
  int       days_left;     /* due − today, negative when past due */
  gboolean  overdue;       /* past due and progress below 100 % */
  gboolean  finished;      /* it has targets, all at `diagnosed` or beyond */
} CrrcCampaign;

void          crrc_campaign_free      (CrrcCampaign *campaign);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcCampaign, crrc_campaign_free)

/* Every campaign (synced and the analyst's), as of @today (YYYY-MM-DD, or
 * NULL for the local date of today): running ones first, the nearest due
 * date first, then the finished ones, the latest due date first. A
 * GPtrArray of CrrcCampaign. */
GPtrArray    *crrc_campaigns_list     (CrrcStore   *store,
                                       const char  *today,
                                       GError     **error);
/* One campaign; NULL with CRRC_CAMPAIGNS_ERROR_NOT_FOUND if none. */
CrrcCampaign *crrc_campaigns_get      (CrrcStore   *store,
                                       const char  *campaign_id,
                                       const char  *today,
                                       GError     **error);

/* One target of a campaign and where it stands. */
typedef struct
{
  char     *finess;
  char     *name;               /* NULL when the registry does not have it */
  char     *category_label;     /* or NULL */
  char     *department;         /* INSEE code, or NULL */
  char     *commune;            /* INSEE code, or NULL */
  int       synced_stage;       /* CrrcCampaignStage, or CRRC_CAMPAIGN_STAGE_NONE */
  char     *synced_stage_date;  /* or NULL */
  CrrcCampaignStage stage;      /* the effective stage */
  char     *stage_date;         /* or NULL */
  char     *stage_comment;      /* the local change's comment, or NULL */
  gboolean  stage_local;        /* @stage comes from a local change */
  gboolean  local_target;       /* added by the analyst (not in the feed) */
  char     *diagnostic_date;    /* its latest diagnostic, or NULL */
  int       diagnostic_score;   /* that diagnostic's overall score, or -1 */
} CrrcCampaignTarget;

void crrc_campaign_target_free (CrrcCampaignTarget *target);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcCampaignTarget, crrc_campaign_target_free)

/* @stage: a CrrcCampaignStage or CRRC_CAMPAIGN_STAGE_NONE for any;
 * @department: an INSEE code or NULL for any. */
typedef struct
{
  int         stage;
  const char *department;
} CrrcCampaignTargetsFilter;

/* The targets of @campaign_id matching @filter (NULL: all), sorted by name
 * then FINESS number; a GPtrArray of CrrcCampaignTarget. An unknown
 * campaign has no target. */
GPtrArray *crrc_campaigns_list_targets  (CrrcStore                       *store,
                                         const char                      *campaign_id,
                                         const CrrcCampaignTargetsFilter *filter,
                                         GError                         **error);

/* How many of @targets are at each stage (the pipeline). */
void       crrc_campaigns_count_stages  (GPtrArray *targets,
                                         guint      counts[CRRC_CAMPAIGN_N_STAGES]);

typedef struct
{
  char  *department;  /* INSEE code */
  guint  targets;
  guint  diagnosed;   /* at `diagnosed` or beyond */
} CrrcCampaignCoverage;

void       crrc_campaign_coverage_free  (CrrcCampaignCoverage *coverage);

/* Coverage of @targets per department, sorted by code; targets without a
 * department are left out. A GPtrArray of CrrcCampaignCoverage. */
GPtrArray *crrc_campaigns_coverage      (GPtrArray *targets);

/* A stage a target went through. */
typedef struct
{
  gint64             id;          /* the local change's id, 0 otherwise */
  CrrcCampaignStage  stage;
  char              *date;        /* or NULL */
  char              *comment;     /* or NULL */
  char              *created_at;  /* when the analyst entered it, or NULL */
  gboolean           local;       /* the analyst's (a change, or the addition) */
} CrrcCampaignStageChange;

void       crrc_campaign_stage_change_free (CrrcCampaignStageChange *change);

/* The analyst's changes, newest first, then where the target started:
 * its synced stage, or `targeted` on the day the analyst added it. */
GPtrArray *crrc_campaigns_stage_history (CrrcStore   *store,
                                         const char  *campaign_id,
                                         const char  *finess,
                                         GError     **error);

/* Writes: each in one transaction, refused as a whole with an error that
 * names what is wrong. */

/* A campaign of the analyst's: @name not empty, @region an INSEE region
 * code, @sector "sanitaire" or "medico_social", @start and @due valid
 * dates (YYYY-MM-DD) with @due on or after @start. Returns its id
 * ("LOCAL-CAMP-<uuid>"). */
char      *crrc_campaigns_create        (CrrcStore   *store,
                                         const char  *name,
                                         const char  *region,
                                         const char  *sector,
                                         const char  *start,
                                         const char  *due,
                                         GError     **error);

/* Adds @finess (FINESS numbers, spaces allowed) to @campaign_id, synced or
 * local. Refused if one is not a FINESS number or not in the registry (the
 * message lists them); ones already targeted are skipped. */
gboolean   crrc_campaigns_add_targets   (CrrcStore          *store,
                                         const char         *campaign_id,
                                         const char * const *finess,
                                         guint              *n_added,
                                         guint              *n_skipped,
                                         GError            **error);

/* Adds every establishment that the Établissements list shows for
 * @filter. */
gboolean   crrc_campaigns_add_matching  (CrrcStore                      *store,
                                         const char                     *campaign_id,
                                         const CrrcEstablishmentsFilter *filter,
                                         guint                          *n_added,
                                         guint                          *n_skipped,
                                         GError                        **error);

/* Moves a target of @campaign_id to @stage on @date (YYYY-MM-DD) with an
 * optional @comment: a new row of local_stage_changes. */
gboolean   crrc_campaigns_move_target   (CrrcStore          *store,
                                         const char         *campaign_id,
                                         const char         *finess,
                                         CrrcCampaignStage   stage,
                                         const char         *date,
                                         const char         *comment,
                                         GError            **error);

/* Removes a target the analyst added, with its stage changes; a synced
 * target is refused (CRRC_CAMPAIGNS_ERROR_NOT_LOCAL). */
gboolean   crrc_campaigns_remove_target (CrrcStore          *store,
                                         const char         *campaign_id,
                                         const char         *finess,
                                         GError            **error);

/* Deletes one of the analyst's campaigns with its targets and stage
 * changes; a synced campaign is refused (CRRC_CAMPAIGNS_ERROR_NOT_LOCAL). */
gboolean   crrc_campaigns_delete        (CrrcStore          *store,
                                         const char         *campaign_id,
                                         GError            **error);

/* Whether @text is a valid date YYYY-MM-DD. */
gboolean   crrc_campaigns_is_valid_date (const char         *text);

G_END_DECLS
