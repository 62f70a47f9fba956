/* crrc-maturity.h: the maturity referential and the scoring of diagnostics
 *
 * The rules are those of ../shared/design/MATURITY.md ("Scoring"): weighted
 * means of the answers 0–3 per domain (`na` and `unknown` left out), shown
 * 0–100; bands; overall score; completeness; six priority measures; peer
 * medians with the 5-peer rule; progress between two diagnostics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-store.h"

G_BEGIN_DECLS

#define CRRC_MATURITY_ERROR (crrc_maturity_error_quark ())

typedef enum
{
  CRRC_MATURITY_ERROR_INVALID,      /* a referential that breaks its rules */
  CRRC_MATURITY_ERROR_UNKNOWN_REFERENTIAL,
} CrrcMaturityError;

GQuark crrc_maturity_error_quark (void);

/* The referential, immutable once loaded; texts are in the language of the
 * locale (French or English). */
typedef struct _CrrcReferential CrrcReferential;

typedef struct
{
  const char *id;        /* "governance.critical_activities" */
  const char *domain_id; /* "governance" */
  double      weight;    /* 0.5 … 3 */
  const char *text;
  const char *help;
  const char *measure;   /* recommended when the answer is below 3 */
  int         priority;  /* 1 is the most urgent */
} CrrcReferentialQuestion;

typedef struct
{
  const char *id;        /* "governance" */
  const char *title;     /* "Gouvernance et pilotage" */
  guint       first_question;  /* index of its first question … */
  guint       n_questions;     /* … and how many (3 to 6) */
} CrrcReferentialDomain;

/* The built-in `crrc-maturity-1`, loaded and validated once (thread-safe);
 * NULL with @error when the built-in file is broken (a bug). Not freed. */
CrrcReferential               *crrc_referential_get_default   (GError         **error);
/* A referential from its JSON text (MATURITY.md "Its shape"), validated:
 * unique ids, 10 domains… the messages name what is wrong. */
CrrcReferential               *crrc_referential_new_from_data (const char      *json,
                                                               gssize           length,
                                                               GError         **error);
/* The same, with its texts in @language ("fr" or "en") rather than the
 * locale's. */
CrrcReferential               *crrc_referential_new_from_data_for_language (const char  *json,
                                                                            gssize       length,
                                                                            const char  *language,
                                                                            GError     **error);
/* The JSON text of the built-in referential (a GResource of data/). */
GBytes                        *crrc_referential_get_default_data (GError   **error);
/* "fr" or "en": the language of the texts. */
const char                    *crrc_referential_get_language  (CrrcReferential *self);
void                           crrc_referential_free          (CrrcReferential *self);
const char                    *crrc_referential_get_id        (CrrcReferential *self);
const char                    *crrc_referential_get_title     (CrrcReferential *self);
guint                          crrc_referential_get_n_domains (CrrcReferential *self);
const CrrcReferentialDomain   *crrc_referential_get_domain    (CrrcReferential *self,
                                                               guint            domain);
guint                          crrc_referential_get_n_questions (CrrcReferential *self);
const CrrcReferentialQuestion *crrc_referential_get_question  (CrrcReferential *self,
                                                               guint            question);
const CrrcReferentialQuestion *crrc_referential_lookup_question (CrrcReferential *self,
                                                                 const char      *id);
int                            crrc_referential_find_domain   (CrrcReferential *self,
                                                               const char      *domain_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcReferential, crrc_referential_free)

typedef enum
{
  CRRC_MATURITY_BAND_NONE = -1,  /* no score */
  CRRC_MATURITY_BAND_INITIAL,    /* [0, 25) */
  CRRC_MATURITY_BAND_PARTIAL,    /* [25, 50) "Partiel" */
  CRRC_MATURITY_BAND_MANAGED,    /* [50, 75) "Maîtrisé" */
  CRRC_MATURITY_BAND_OPTIMISED,  /* [75, 100] "Optimisé" */
} CrrcMaturityBand;

CrrcMaturityBand crrc_maturity_band_for_score (int              score);
/* "Initial", "Partial", "Managed", "Optimised" (translated: Initial,
 * Partiel, Maîtrisé, Optimisé); "—" for NONE. */
const char      *crrc_maturity_band_get_label (CrrcMaturityBand band);
/* "initial", "partial", "managed", "optimised", NULL for NONE. */
const char      *crrc_maturity_band_get_key   (CrrcMaturityBand band);

typedef struct
{
  const char *question_id;
  const char *domain_id;
  const char *measure;   /* in the referential's language, owned by it */
  int         priority;
  int         answer;    /* 0, 1 or 2 */
} CrrcMaturityMeasure;

/* The scores of one set of answers. */
typedef struct
{
  CrrcReferential *referential;   /* not owned */
  guint            n_domains;
  int             *domain_scores; /* 0–100, or -1 when the domain has no
                                   * answered question */
  double          *domain_means;  /* unrounded 0–100, NAN when none */
  int              overall;       /* 0–100, or -1 */
  CrrcMaturityBand overall_band;
  int              completeness;  /* whole percentage */
  GArray          *measures;      /* of CrrcMaturityMeasure: the first six */
} CrrcMaturityScores;

/* @answers maps question ids to "0", "1", "2", "3", "na" or "unknown";
 * unknown question ids are an error, missing ones count as unknown. */
CrrcMaturityScores *crrc_maturity_score      (CrrcReferential  *referential,
                                              GHashTable       *answers,
                                              GError          **error);
void                crrc_maturity_scores_free (CrrcMaturityScores *scores);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcMaturityScores, crrc_maturity_scores_free)

/* One diagnostic of the cache (synced `diagnostics`, or the analyst's
 * `local_diagnostics` when @local), with its answers scored. */
typedef struct
{
  char               *id;
  char               *finess;
  char               *date;       /* YYYY-MM-DD */
  char               *campaign;   /* or NULL */
  gboolean            local;
  CrrcMaturityScores *scores;
} CrrcMaturityDiagnostic;

void crrc_maturity_diagnostic_free (CrrcMaturityDiagnostic *diagnostic);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcMaturityDiagnostic, crrc_maturity_diagnostic_free)

/* The diagnostics of @finess, newest first (synced and local, validated
 * local ones only), scored; a GPtrArray of CrrcMaturityDiagnostic. Only
 * diagnostics against the built-in referential are listed (scored with it);
 * answers to questions it does not know are left out. Same date: a local
 * diagnostic comes before a synced one. */
GPtrArray *crrc_maturity_load_diagnostics (CrrcStore   *store,
                                           const char  *finess,
                                           GError     **error);

/* Median of each domain score over the latest diagnostic of every other
 * establishment of @category in @region; @medians (n_domains ints, -1 when
 * fewer than 5 peers have a score in that domain). With fewer than 5 peers
 * (@n_peers) the comparison is hidden (small-cell rule): every median is
 * then -1. Also gives the first and third quartiles when @low / @high are
 * not NULL (for a radar band). Medians and quartiles interpolate as R's
 * type 7 and round half up: the median of an even count is the mean of the
 * two middle scores, rounded half up. FALSE only on a SQLite error. */
gboolean   crrc_maturity_peer_medians     (CrrcStore        *store,
                                           CrrcReferential  *referential,
                                           const char       *category,
                                           const char       *region,
                                           const char       *exclude_finess,
                                           int              *medians,
                                           int              *low,
                                           int              *high,
                                           guint            *n_peers,
                                           GError          **error);

/* Per-domain difference (newer − older), -1000 where either has no score. */
void       crrc_maturity_progress         (const CrrcMaturityScores *newer,
                                           const CrrcMaturityScores *older,
                                           int                      *differences);

G_END_DECLS
