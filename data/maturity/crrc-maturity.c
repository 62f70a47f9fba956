/* crrc-maturity.c: the scoring of maturity diagnostics
 *
 * The rules are those of MATURITY.md ("Scoring"). A domain's score is the
 * weighted mean of its questions answered 0–3, as 0–100, rounded half up;
 * the overall score is the mean of the unrounded domain scores that exist,
 * rounded half up. Half-up rounding adds a tolerance of 1e-9 so that a mean
 * that is .5 on paper but .49999… in binary still rounds up.
 *
 * Peers are the other establishments of the same category and region with
 * a diagnostic against the referential; each counts through its latest one
 * (by date, then a local one before a synced one, then by id). A median, or
 * a quartile, is taken as in R's default (type 7): between two values, their
 * interpolation rounded half up, so the median of an even count is the mean
 * of the two middle values rounded half up. The small-cell rule hides the
 * whole comparison below 5 peers, and a domain in which fewer than 5 peers
 * have a score.
 *
 * The analyst's own diagnostics (`local_diagnostics`) count once their
 * `status` is 'validated'; drafts never do. Diagnostics answered against
 * another referential than the one scoring them are left out, and so are
 * answers to questions the referential does not know (a newer feed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-maturity"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crrc-maturity.h"
#include "crrc-store-private.h"

#define SMALL_CELL 5
#define N_MEASURES 6
#define HALF_UP_TOLERANCE 1e-9

/* Answers as small integers: 0–3, or one of these. */
enum
{
  ANSWER_NA = -1,
  ANSWER_UNKNOWN = -2,
  ANSWER_INVALID = -3,
};

G_DEFINE_QUARK (crrc-maturity-error-quark, crrc_maturity_error)

static int
parse_answer (const char *value)
{
  if (value == NULL)
    return ANSWER_INVALID;
  if (value[0] >= '0' && value[0] <= '3' && value[1] == '\0')
    return value[0] - '0';
  if (g_str_equal (value, "na"))
    return ANSWER_NA;
  if (g_str_equal (value, "unknown"))
    return ANSWER_UNKNOWN;
  return ANSWER_INVALID;
}

static int
round_half_up (double value)
{
  return (int) floor (value + 0.5 + HALF_UP_TOLERANCE);
}

/* The unrounded 0–100 score of every domain, NAN when none of its questions
 * is answered 0–3; @answers has one value per question of the referential. */
static void
compute_domain_means (CrrcReferential *referential,
                      const gint8     *answers,
                      double          *means)
{
  guint n_domains = crrc_referential_get_n_domains (referential);

  for (guint d = 0; d < n_domains; d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (referential, d);
      double sum = 0, weights = 0;

      for (guint q = domain->first_question; q < domain->first_question + domain->n_questions; q++)
        if (answers[q] >= 0)
          {
            double weight = crrc_referential_get_question (referential, q)->weight;

            sum += answers[q] * weight;
            weights += weight;
          }
      /* One division, so that a .5 exactly on paper is a .5 in binary
       * whenever the weights are halves. */
      means[d] = weights > 0 ? (100.0 * sum) / (3.0 * weights) : NAN;
    }
}

/* Measures are added in the referential's order and g_array_sort() is
 * stable: ties keep that order. */
static int
compare_measures (gconstpointer a,
                  gconstpointer b)
{
  const CrrcMaturityMeasure *ma = a, *mb = b;

  if (ma->priority != mb->priority)
    return ma->priority < mb->priority ? -1 : 1;
  return (ma->answer > mb->answer) - (ma->answer < mb->answer);
}

static CrrcMaturityScores *
score_answers (CrrcReferential *referential,
               const gint8     *answers)
{
  CrrcMaturityScores *scores = g_new0 (CrrcMaturityScores, 1);
  guint n_questions = crrc_referential_get_n_questions (referential);
  guint n_known = 0, n_scored = 0;
  double total = 0;

  scores->referential = referential;
  scores->n_domains = crrc_referential_get_n_domains (referential);
  scores->domain_scores = g_new (int, scores->n_domains);
  scores->domain_means = g_new (double, scores->n_domains);
  scores->measures = g_array_new (FALSE, FALSE, sizeof (CrrcMaturityMeasure));

  compute_domain_means (referential, answers, scores->domain_means);
  for (guint d = 0; d < scores->n_domains; d++)
    {
      if (isnan (scores->domain_means[d]))
        {
          scores->domain_scores[d] = -1;
          continue;
        }
      scores->domain_scores[d] = round_half_up (scores->domain_means[d]);
      total += scores->domain_means[d];
      n_scored++;
    }
  scores->overall = n_scored > 0 ? round_half_up (total / n_scored) : -1;
  scores->overall_band = crrc_maturity_band_for_score (scores->overall);

  for (guint q = 0; q < n_questions; q++)
    {
      if (answers[q] != ANSWER_UNKNOWN)
        n_known++;
      if (answers[q] >= 0 && answers[q] < 3)
        {
          const CrrcReferentialQuestion *question = crrc_referential_get_question (referential, q);
          CrrcMaturityMeasure measure = {
            question->id, question->domain_id, question->measure, question->priority, answers[q],
          };

          g_array_append_val (scores->measures, measure);
        }
    }
  /* A whole percentage, half up, in integers. */
  scores->completeness = n_questions > 0 ? (int) ((200 * n_known + n_questions) / (2 * n_questions)) : 0;

  g_array_sort (scores->measures, compare_measures);
  if (scores->measures->len > N_MEASURES)
    g_array_set_size (scores->measures, N_MEASURES);

  return scores;
}

/**
 * crrc_maturity_score:
 * @referential: the referential the answers were given against
 * @answers: (element-type utf8 utf8) (nullable): question ids to "0", "1",
 *   "2", "3", "na" or "unknown"
 * @error: where to say which answer is wrong
 *
 * Returns: (transfer full) (nullable): the scores, or %NULL when a question
 *   id is not one of @referential's or an answer is not a valid value
 */
CrrcMaturityScores *
crrc_maturity_score (CrrcReferential  *referential,
                     GHashTable       *answers,
                     GError          **error)
{
  g_autofree gint8 *values = NULL;
  const CrrcReferentialQuestion *first;
  GHashTableIter iter;
  gpointer key, value;
  guint n_questions;

  g_return_val_if_fail (referential != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n_questions = crrc_referential_get_n_questions (referential);
  values = g_new (gint8, n_questions);
  memset (values, ANSWER_UNKNOWN, n_questions);
  first = crrc_referential_get_question (referential, 0);

  if (answers != NULL)
    {
      g_hash_table_iter_init (&iter, answers);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const CrrcReferentialQuestion *question = crrc_referential_lookup_question (referential, key);
          int answer = parse_answer (value);

          if (question == NULL)
            {
              g_set_error (error, CRRC_MATURITY_ERROR, CRRC_MATURITY_ERROR_INVALID,
                           _("“%s” is not a question of the referential “%s”."),
                           (const char *) key, crrc_referential_get_id (referential));
              return NULL;
            }
          if (answer == ANSWER_INVALID)
            {
              g_set_error (error, CRRC_MATURITY_ERROR, CRRC_MATURITY_ERROR_INVALID,
                           _("The answer to “%s” is not 0, 1, 2, 3, “na” or “unknown”."),
                           (const char *) key);
              return NULL;
            }
          values[question - first] = (gint8) answer;
        }
    }

  return score_answers (referential, values);
}

void
crrc_maturity_scores_free (CrrcMaturityScores *scores)
{
  if (scores == NULL)
    return;
  g_free (scores->domain_scores);
  g_free (scores->domain_means);
  g_clear_pointer (&scores->measures, g_array_unref);
  g_free (scores);
}

/**
 * crrc_maturity_band_for_score:
 * @score: a score 0–100, or -1 for none
 *
 * Returns: its band: [0, 25) initial, [25, 50) partial, [50, 75) managed,
 *   [75, 100] optimised
 */
CrrcMaturityBand
crrc_maturity_band_for_score (int score)
{
  g_return_val_if_fail (score >= -1 && score <= 100, CRRC_MATURITY_BAND_NONE);

  if (score < 0)
    return CRRC_MATURITY_BAND_NONE;
  if (score < 25)
    return CRRC_MATURITY_BAND_INITIAL;
  if (score < 50)
    return CRRC_MATURITY_BAND_PARTIAL;
  if (score < 75)
    return CRRC_MATURITY_BAND_MANAGED;
  return CRRC_MATURITY_BAND_OPTIMISED;
}

const char *
crrc_maturity_band_get_label (CrrcMaturityBand band)
{
  switch (band)
    {
    case CRRC_MATURITY_BAND_INITIAL:
      return C_("maturity band", "Initial");
    case CRRC_MATURITY_BAND_PARTIAL:
      return C_("maturity band", "Partial");
    case CRRC_MATURITY_BAND_MANAGED:
      return C_("maturity band", "Managed");
    case CRRC_MATURITY_BAND_OPTIMISED:
      return C_("maturity band", "Optimised");
    case CRRC_MATURITY_BAND_NONE:
    default:
      return "—";
    }
}

const char *
crrc_maturity_band_get_key (CrrcMaturityBand band)
{
  switch (band)
    {
    case CRRC_MATURITY_BAND_INITIAL:
      return "initial";
    case CRRC_MATURITY_BAND_PARTIAL:
      return "partial";
    case CRRC_MATURITY_BAND_MANAGED:
      return "managed";
    case CRRC_MATURITY_BAND_OPTIMISED:
      return "optimised";
    case CRRC_MATURITY_BAND_NONE:
    default:
      return NULL;
    }
}

void
crrc_maturity_diagnostic_free (CrrcMaturityDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->id);
  g_free (diagnostic->finess);
  g_free (diagnostic->date);
  g_free (diagnostic->campaign);
  g_clear_pointer (&diagnostic->scores, crrc_maturity_scores_free);
  g_free (diagnostic);
}

/* Records @text (a question id) and @answer into @values, ignoring
 * questions of another referential and invalid answers. */
static void
set_answer (CrrcReferential *referential,
            gint8           *values,
            const char      *question_id,
            const char      *answer)
{
  const CrrcReferentialQuestion *question;
  int value;

  if (question_id == NULL)
    return;
  question = crrc_referential_lookup_question (referential, question_id);
  value = parse_answer (answer);
  if (question == NULL || value == ANSWER_INVALID)
    {
      g_debug ("Answer “%s” to “%s” left out: not in %s", answer, question_id,
               crrc_referential_get_id (referential));
      return;
    }
  values[question - crrc_referential_get_question (referential, 0)] = (gint8) value;
}

/* Rows of every diagnostic of ?1 against ?2, one row per answer (NULL
 * question when it has none), newest diagnostic first and its rows
 * together. */
#define DIAGNOSTICS_SQL \
  "SELECT d.id, d.date, d.campaign, 0 AS local, a.question, a.answer" \
  " FROM diagnostics d LEFT JOIN diagnostic_answers a ON a.diagnostic_id = d.id" \
  " WHERE d.finess = ?1 AND d.referential = ?2" \
  " UNION ALL" \
  " SELECT d.id, d.date, d.campaign, 1, a.question, a.answer" \
  " FROM local_diagnostics d LEFT JOIN local_diagnostic_answers a ON a.diagnostic_id = d.id" \
  " WHERE d.finess = ?1 AND d.referential = ?2 AND d.status = 'validated'" \
  " ORDER BY 2 DESC, 4 DESC, 1 DESC"

/**
 * crrc_maturity_load_diagnostics:
 * @store: the cache, used from this thread only
 * @finess: an establishment's FINESS number
 * @error: where to put a SQLite error
 *
 * Returns: (transfer full) (element-type CrrcMaturityDiagnostic) (nullable):
 *   the diagnostics of @finess against the built-in referential, newest
 *   first, synced and validated local ones, scored
 */
GPtrArray *
crrc_maturity_load_diagnostics (CrrcStore   *store,
                                const char  *finess,
                                GError     **error)
{
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree gint8 *values = NULL;
  CrrcReferential *referential;
  CrrcMaturityDiagnostic *current = NULL;
  guint n_questions;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (finess != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  referential = crrc_referential_get_default (error);
  if (referential == NULL)
    return NULL;
  n_questions = crrc_referential_get_n_questions (referential);
  values = g_new (gint8, n_questions);

  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), DIAGNOSTICS_SQL, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, crrc_referential_get_id (referential), -1, SQLITE_STATIC);

  diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_maturity_diagnostic_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gboolean local = sqlite3_column_int (stmt, 3) != 0;

      if (current == NULL || current->local != local || g_strcmp0 (current->id, id) != 0)
        {
          if (current != NULL)
            current->scores = score_answers (referential, values);
          current = g_new0 (CrrcMaturityDiagnostic, 1);
          current->id = g_strdup (id);
          current->finess = g_strdup (finess);
          current->date = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          current->campaign = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          current->local = local;
          g_ptr_array_add (diagnostics, current);
          memset (values, ANSWER_UNKNOWN, n_questions);
        }
      set_answer (referential, values,
                  (const char *) sqlite3_column_text (stmt, 4),
                  (const char *) sqlite3_column_text (stmt, 5));
    }
  if (rc != SQLITE_DONE)
    {
      /* The last diagnostic has no scores yet: free it with the others. */
      _crrc_store_set_error (store, error);
      return NULL;
    }
  if (current != NULL)
    current->scores = score_answers (referential, values);

  return g_steal_pointer (&diagnostics);
}

/* The answers of the latest diagnostic of every peer against ?4: the
 * establishments of category ?1 in region ?2 other than ?3, one row per
 * answer (NULL question when it has none), each peer's rows together.
 * Diagnostics are far fewer than the establishments of a category (14,000
 * EHPAD in the national registry, 42,000 in the demonstration at scale
 * 3), and the registry has no (category, region) index: the statement goes
 * through the diagnostics, each joined to its establishment by its key. */
#define PEERS_SQL \
  "WITH candidates AS (" \
  "  SELECT d.id, d.finess, d.date, 0 AS local" \
  "  FROM diagnostics d CROSS JOIN establishments e ON e.finess = d.finess" \
  "  WHERE d.referential = ?4 AND e.category = ?1 AND e.region = ?2 AND (?3 IS NULL OR d.finess <> ?3)" \
  "  UNION ALL" \
  "  SELECT d.id, d.finess, d.date, 1" \
  "  FROM local_diagnostics d CROSS JOIN establishments e ON e.finess = d.finess" \
  "  WHERE d.referential = ?4 AND d.status = 'validated'" \
  "   AND e.category = ?1 AND e.region = ?2 AND (?3 IS NULL OR d.finess <> ?3))," \
  " latest AS (" \
  "  SELECT id, finess, local FROM (" \
  "    SELECT id, finess, local," \
  "     row_number () OVER (PARTITION BY finess ORDER BY date DESC, local DESC, id DESC) AS rank" \
  "    FROM candidates)" \
  "  WHERE rank = 1)" \
  " SELECT l.finess, a.question, a.answer" \
  " FROM latest l LEFT JOIN diagnostic_answers a ON a.diagnostic_id = l.id WHERE l.local = 0" \
  " UNION ALL" \
  " SELECT l.finess, a.question, a.answer" \
  " FROM latest l LEFT JOIN local_diagnostic_answers a ON a.diagnostic_id = l.id WHERE l.local = 1" \
  " ORDER BY 1"

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int ia = *(const int *) a, ib = *(const int *) b;

  return (ia > ib) - (ia < ib);
}

/* The quantile @quarters / 4 of @sorted (R's type 7), rounded half up;
 * values are 0–100, so integer arithmetic is exact. */
static int
quantile (const int *sorted,
          guint      n,
          guint      quarters)
{
  guint position = (n - 1) * quarters;   /* in quarters of a rank */
  guint i = position / 4, fraction = position % 4;

  if (fraction == 0)
    return sorted[i];
  return (4 * sorted[i] + (int) fraction * (sorted[i + 1] - sorted[i]) + 2) / 4;
}

static void
add_peer (CrrcReferential *referential,
          const gint8     *values,
          GArray         **per_domain)
{
  guint n_domains = crrc_referential_get_n_domains (referential);
  g_autofree double *means = g_new (double, n_domains);

  compute_domain_means (referential, values, means);
  for (guint d = 0; d < n_domains; d++)
    if (!isnan (means[d]))
      {
        int score = round_half_up (means[d]);

        g_array_append_val (per_domain[d], score);
      }
}

/**
 * crrc_maturity_peer_medians:
 * @store: the cache, used from this thread only
 * @referential: the referential whose domains are compared
 * @category: (nullable): the establishment's category code
 * @region: (nullable): its region code
 * @exclude_finess: (nullable): the establishment itself
 * @medians: (out caller-allocates) (array): one int per domain
 * @low: (out caller-allocates) (array) (optional): first quartiles
 * @high: (out caller-allocates) (array) (optional): third quartiles
 * @n_peers: (out) (optional): how many peers have a diagnostic
 * @error: where to put a SQLite error
 *
 * Every value is -1 where the comparison is hidden: fewer than 5 peers in
 * all, or fewer than 5 peers with a score in that domain. Without a
 * category or a region there is no peer.
 *
 * Returns: %FALSE only on a SQLite error
 */
gboolean
crrc_maturity_peer_medians (CrrcStore        *store,
                            CrrcReferential  *referential,
                            const char       *category,
                            const char       *region,
                            const char       *exclude_finess,
                            int              *medians,
                            int              *low,
                            int              *high,
                            guint            *n_peers,
                            GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree gint8 *values = NULL;
  g_autofree char *current = NULL;
  GArray **per_domain;
  guint n_domains, n_questions, peers = 0;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (referential != NULL, FALSE);
  g_return_val_if_fail (medians != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_domains = crrc_referential_get_n_domains (referential);
  n_questions = crrc_referential_get_n_questions (referential);
  for (guint d = 0; d < n_domains; d++)
    {
      medians[d] = -1;
      if (low != NULL)
        low[d] = -1;
      if (high != NULL)
        high[d] = -1;
    }
  if (n_peers != NULL)
    *n_peers = 0;
  if (category == NULL || region == NULL)
    return TRUE;

  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), PEERS_SQL, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, category, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, region, -1, SQLITE_TRANSIENT);
  if (exclude_finess != NULL)
    sqlite3_bind_text (stmt, 3, exclude_finess, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, crrc_referential_get_id (referential), -1, SQLITE_STATIC);

  values = g_new (gint8, n_questions);
  per_domain = g_new (GArray *, n_domains);
  for (guint d = 0; d < n_domains; d++)
    per_domain[d] = g_array_new (FALSE, FALSE, sizeof (int));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *finess = (const char *) sqlite3_column_text (stmt, 0);

      if (current == NULL || g_strcmp0 (current, finess) != 0)
        {
          if (current != NULL)
            add_peer (referential, values, per_domain);
          g_free (current);
          current = g_strdup (finess);
          memset (values, ANSWER_UNKNOWN, n_questions);
          peers++;
        }
      set_answer (referential, values,
                  (const char *) sqlite3_column_text (stmt, 1),
                  (const char *) sqlite3_column_text (stmt, 2));
    }
  if (rc == SQLITE_DONE && current != NULL)
    add_peer (referential, values, per_domain);

  if (rc == SQLITE_DONE && peers >= SMALL_CELL)
    for (guint d = 0; d < n_domains; d++)
      {
        GArray *scores = per_domain[d];
        int *sorted = (int *) (gpointer) scores->data;

        if (scores->len < SMALL_CELL)
          continue;
        qsort (sorted, scores->len, sizeof (int), compare_ints);
        medians[d] = quantile (sorted, scores->len, 2);
        if (low != NULL)
          low[d] = quantile (sorted, scores->len, 1);
        if (high != NULL)
          high[d] = quantile (sorted, scores->len, 3);
      }

  for (guint d = 0; d < n_domains; d++)
    g_array_unref (per_domain[d]);
  g_free (per_domain);

  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  if (n_peers != NULL)
    *n_peers = peers;
  return TRUE;
}

/**
 * crrc_maturity_progress:
 * @newer: the scores of the latest diagnostic
 * @older: those of the one before, against the same referential
 * @differences: (out caller-allocates) (array): one int per domain
 *
 * Gives newer − older per domain, -1000 where either has no score.
 */
void
crrc_maturity_progress (const CrrcMaturityScores *newer,
                        const CrrcMaturityScores *older,
                        int                      *differences)
{
  g_return_if_fail (newer != NULL);
  g_return_if_fail (older != NULL);
  g_return_if_fail (differences != NULL);
  g_return_if_fail (newer->n_domains == older->n_domains);

  for (guint d = 0; d < newer->n_domains; d++)
    {
      if (newer->domain_scores[d] < 0 || older->domain_scores[d] < 0)
        differences[d] = -1000;
      else
        differences[d] = newer->domain_scores[d] - older->domain_scores[d];
    }
}
