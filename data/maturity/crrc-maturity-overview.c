/* crrc-maturity-overview.c: the maturity of a region's establishments at a glance
 *
 * Two statements read a scope. The first lists the open establishments of
 * the scope (through the index on the region, or one pass over the
 * registry for the whole of France), counted here by department and
 * category: grouping in SQLite sorts them, which costs more. The second
 * goes through the diagnostics — far fewer than the establishments — each
 * joined to its establishment by its key, keeps the latest one of each
 * establishment (as crrc_maturity_load_diagnostics() orders them: by
 * date, a local one before a synced one, then by id) and gives its
 * answers, gathered here by establishment (rather than sorted by SQLite)
 * and scored with crrc_maturity_score(). Medians are R's type 7, rounded
 * half up, as crrc_maturity_peer_medians() takes them, and hidden below
 * five scores (small-cell rule). At scale 3 of the demonstration (116 000
 * establishments, 3 300 diagnostics) the whole of France reads in about
 * 90 ms, a region in about 15 ms.
 *
 * The drill-down lists run the same reading and keep the establishments
 * behind the item; the never diagnosed are listed by SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-maturity-overview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "crrc-maturity-overview.h"
#include "crrc-store-private.h"

/* The open establishments of the scope; the conditions on the region and
 * the sector are only there when set, so that the index on them serves. */
#define COUNTS_SQL \
  "SELECT department, category, category_label FROM establishments WHERE closed_on IS NULL"
#define REGION_SQL " AND region = ?1"
#define SECTOR_SQL " AND sector = ?2"

/* ?1 the referential, ?2 the region, ?3 the sector. */
#define LATEST_SQL \
  "WITH candidates AS (" \
  "  SELECT d.id, d.finess, d.date, 0 AS local, e.department, e.category" \
  "  FROM diagnostics d CROSS JOIN establishments e ON e.finess = d.finess" \
  "  WHERE d.referential = ?1 AND e.closed_on IS NULL" \
  "   AND (?2 IS NULL OR e.region = ?2) AND (?3 IS NULL OR e.sector = ?3)" \
  "  UNION ALL" \
  "  SELECT d.id, d.finess, d.date, 1, e.department, e.category" \
  "  FROM local_diagnostics d CROSS JOIN establishments e ON e.finess = d.finess" \
  "  WHERE d.referential = ?1 AND d.status = 'validated' AND e.closed_on IS NULL" \
  "   AND (?2 IS NULL OR e.region = ?2) AND (?3 IS NULL OR e.sector = ?3))," \
  " latest AS (" \
  "  SELECT id, finess, local, department, category FROM (" \
  "    SELECT id, finess, local, department, category," \
  "     row_number () OVER (PARTITION BY finess ORDER BY date DESC, local DESC, id DESC) AS rank" \
  "    FROM candidates)" \
  "  WHERE rank = 1)" \
  " SELECT l.finess, l.department, l.category, a.question, a.answer" \
  " FROM latest l LEFT JOIN diagnostic_answers a ON a.diagnostic_id = l.id WHERE l.local = 0" \
  " UNION ALL" \
  " SELECT l.finess, l.department, l.category, a.question, a.answer" \
  " FROM latest l LEFT JOIN local_diagnostic_answers a ON a.diagnostic_id = l.id WHERE l.local = 1"

/* The never diagnosed of the scope (?1 region, ?2 sector, ?3 referential),
 * of category ?4 ("none" for those without one) or all, or of none of the
 * categories of the JSON array ?5; with their number. */
#define NEVER_SQL \
  "SELECT e.finess, e.name, e.category, e.category_label, e.department, e.commune, e.postal_line," \
  "  e.sector, count (*) OVER ()" \
  " FROM establishments e" \
  " WHERE e.closed_on IS NULL" \
  "  %s%s" \
  "  AND (?4 IS NULL OR coalesce (e.category, 'none') = ?4)" \
  "  AND (?5 IS NULL OR coalesce (e.category, 'none') NOT IN (SELECT value FROM json_each (?5)))" \
  "  AND NOT EXISTS (SELECT 1 FROM diagnostics d WHERE d.finess = e.finess AND d.referential = ?3)" \
  "  AND NOT EXISTS (SELECT 1 FROM local_diagnostics d" \
  "                  WHERE d.finess = e.finess AND d.referential = ?3 AND d.status = 'validated')" \
  " ORDER BY e.name COLLATE NOCASE, e.finess" \
  " LIMIT ?6"

#define NEVER_REGION_SQL " AND e.region = ?1"
#define NEVER_SECTOR_SQL " AND e.sector = ?2"

#define ESTABLISHMENT_SQL \
  "SELECT name, category_label, commune, postal_line, sector FROM establishments WHERE finess = ?1"

/* The latest diagnostic of an establishment, scored. */
typedef struct
{
  char  *finess;
  char  *department;
  char  *category;  /* key: the code, or "none" */
  gint8 *answers;   /* per question of the referential: 0–3, or one of
                     * the ANSWER_ values, while reading */
  int    overall;
  int   *domains;   /* one score per domain of the referential, -1 for none */
} Scored;

enum
{
  ANSWER_NA = 4,
  ANSWER_UNKNOWN = 5,
};

static void
scored_free (gpointer data)
{
  Scored *scored = data;

  g_free (scored->finess);
  g_free (scored->department);
  g_free (scored->category);
  g_free (scored->answers);
  g_free (scored->domains);
  g_free (scored);
}

static void
department_free (gpointer data)
{
  CrrcMaturityOverviewDepartment *department = data;

  g_free (department->code);
  g_free (department);
}

static void
category_free (gpointer data)
{
  CrrcMaturityOverviewCategory *category = data;

  g_free (category->key);
  g_free (category->label);
  g_free (category);
}

void
crrc_maturity_overview_free (CrrcMaturityOverview *overview)
{
  if (overview == NULL)
    return;
  g_free (overview->region);
  g_free (overview->sector);
  g_clear_pointer (&overview->departments, g_ptr_array_unref);
  g_clear_pointer (&overview->categories, g_ptr_array_unref);
  g_clear_pointer (&overview->never_categories, g_ptr_array_unref);
  g_clear_pointer (&overview->domains, g_array_unref);
  g_free (overview);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int ia = *(const int *) a, ib = *(const int *) b;

  return (ia > ib) - (ia < ib);
}

/* The median of @scores (R's type 7, rounded half up), sorting them; -1
 * below the small-cell threshold. Scores are 0–100: integers are exact. */
static int
median_of (GArray *scores)
{
  guint n = scores->len;
  int *sorted = (int *) (gpointer) scores->data;

  if (n < CRRC_MATURITY_OVERVIEW_SMALL_CELL)
    return -1;
  qsort (sorted, n, sizeof (int), compare_ints);
  if (n % 2 == 1)
    return sorted[n / 2];
  return (sorted[n / 2 - 1] + sorted[n / 2] + 1) / 2;
}

static int
parse_answer (const char *answer)
{
  if (answer == NULL)
    return -1;
  if (answer[0] >= '0' && answer[0] <= '3' && answer[1] == '\0')
    return answer[0] - '0';
  if (g_str_equal (answer, "na"))
    return ANSWER_NA;
  if (g_str_equal (answer, "unknown"))
    return ANSWER_UNKNOWN;
  return -1;
}

/* Scores @scored's answers with crrc_maturity_score(). */
static gboolean
score_answers (CrrcReferential  *referential,
               GHashTable       *answers,
               Scored           *scored,
               GError          **error)
{
  static const char * const texts[] = { "0", "1", "2", "3", "na", "unknown" };
  g_autoptr(CrrcMaturityScores) scores = NULL;
  guint n_questions = crrc_referential_get_n_questions (referential);

  g_hash_table_remove_all (answers);
  for (guint q = 0; q < n_questions; q++)
    if (scored->answers[q] != ANSWER_UNKNOWN)
      g_hash_table_insert (answers, (gpointer) crrc_referential_get_question (referential, q)->id,
                           (gpointer) texts[scored->answers[q]]);

  scores = crrc_maturity_score (referential, answers, error);
  if (scores == NULL)
    return FALSE;
  scored->overall = scores->overall;
  scored->domains = g_memdup2 (scores->domain_scores, sizeof (int) * scores->n_domains);
  g_clear_pointer (&scored->answers, g_free);
  return TRUE;
}

static void
bind_nullable (sqlite3_stmt *stmt,
               int           position,
               const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, position, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, position);
}

/* The latest diagnostic of every diagnosed establishment of @scope, scored:
 * a GPtrArray of Scored, in no particular order. The rows of an
 * establishment are gathered here rather than sorted by SQLite: sorting
 * the answers of the whole of France costs more than the rest. */
static GPtrArray *
read_latest (CrrcStore               *store,
             CrrcReferential         *referential,
             const CrrcMaturityScope *scope,
             GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (scored_free);
  g_autoptr(GHashTable) by_finess = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  const CrrcReferentialQuestion *first = crrc_referential_get_question (referential, 0);
  guint n_questions = crrc_referential_get_n_questions (referential);
  int rc;

  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), LATEST_SQL, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, crrc_referential_get_id (referential), -1, SQLITE_STATIC);
  bind_nullable (stmt, 2, scope->region);
  bind_nullable (stmt, 3, scope->sector);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *finess = (const char *) sqlite3_column_text (stmt, 0);
      const char *question_id = (const char *) sqlite3_column_text (stmt, 3);
      Scored *current = g_hash_table_lookup (by_finess, finess);
      const CrrcReferentialQuestion *question;
      int answer;

      if (current == NULL)
        {
          const char *category = (const char *) sqlite3_column_text (stmt, 2);

          current = g_new0 (Scored, 1);
          current->finess = g_strdup (finess);
          current->department = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          current->category = g_strdup (category != NULL ? category : CRRC_MATURITY_OVERVIEW_NO_CATEGORY);
          current->overall = -1;
          current->answers = g_new (gint8, n_questions);
          memset (current->answers, ANSWER_UNKNOWN, n_questions);
          g_ptr_array_add (result, current);
          g_hash_table_insert (by_finess, current->finess, current);
        }

      /* Answers to questions of another version of the referential are
       * left out, as crrc_maturity_load_diagnostics() does. */
      question = question_id != NULL ? crrc_referential_lookup_question (referential, question_id) : NULL;
      answer = parse_answer ((const char *) sqlite3_column_text (stmt, 4));
      if (question != NULL && answer >= 0)
        current->answers[question - first] = (gint8) answer;
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  for (guint i = 0; i < result->len; i++)
    if (!score_answers (referential, answers, g_ptr_array_index (result, i), error))
      return NULL;

  return g_steal_pointer (&result);
}

static CrrcMaturityOverviewCategory *
ensure_category (GHashTable *categories,
                 const char *key)
{
  CrrcMaturityOverviewCategory *category = g_hash_table_lookup (categories, key);

  if (category == NULL)
    {
      category = g_new0 (CrrcMaturityOverviewCategory, 1);
      category->key = g_strdup (key);
      g_hash_table_insert (categories, category->key, category);
    }
  return category;
}

static CrrcMaturityOverviewDepartment *
ensure_department (GHashTable *departments,
                   const char *code)
{
  CrrcMaturityOverviewDepartment *department = g_hash_table_lookup (departments, code);

  if (department == NULL)
    {
      department = g_new0 (CrrcMaturityOverviewDepartment, 1);
      department->code = g_strdup (code);
      department->median = -1;
      g_hash_table_insert (departments, department->code, department);
    }
  return department;
}

static int
compare_departments (gconstpointer a,
                     gconstpointer b)
{
  const CrrcMaturityOverviewDepartment *da = *(CrrcMaturityOverviewDepartment * const *) a;
  const CrrcMaturityOverviewDepartment *db = *(CrrcMaturityOverviewDepartment * const *) b;

  /* "2A" and "2B" after "19", "971" after "95": codes of equal length
   * compare as text, shorter ones first. */
  if (strlen (da->code) != strlen (db->code))
    return strlen (da->code) < strlen (db->code) ? -1 : 1;
  return strcmp (da->code, db->code);
}

static int
compare_labels (const CrrcMaturityOverviewCategory *a,
                const CrrcMaturityOverviewCategory *b)
{
  int order = g_utf8_collate (a->label, b->label);

  return order != 0 ? order : strcmp (a->key, b->key);
}

static int
compare_by_diagnosed (gconstpointer a,
                      gconstpointer b)
{
  const CrrcMaturityOverviewCategory *ca = *(CrrcMaturityOverviewCategory * const *) a;
  const CrrcMaturityOverviewCategory *cb = *(CrrcMaturityOverviewCategory * const *) b;

  if (ca->n_diagnosed != cb->n_diagnosed)
    return ca->n_diagnosed > cb->n_diagnosed ? -1 : 1;
  if (ca->n_establishments != cb->n_establishments)
    return ca->n_establishments > cb->n_establishments ? -1 : 1;
  return compare_labels (ca, cb);
}

static int
compare_by_never (gconstpointer a,
                  gconstpointer b)
{
  const CrrcMaturityOverviewCategory *ca = *(CrrcMaturityOverviewCategory * const *) a;
  const CrrcMaturityOverviewCategory *cb = *(CrrcMaturityOverviewCategory * const *) b;

  if (ca->n_never != cb->n_never)
    return ca->n_never > cb->n_never ? -1 : 1;
  return compare_labels (ca, cb);
}

static CrrcMaturityOverviewCategory *
copy_category (const CrrcMaturityOverviewCategory *category)
{
  CrrcMaturityOverviewCategory *copy = g_memdup2 (category, sizeof *category);

  copy->key = g_strdup (category->key);
  copy->label = g_strdup (category->label);
  return copy;
}

/* The categories of @all that @keep, sorted by @compare, the ones beyond
 * the first _MAX_CATEGORIES − 1 grouped when there are more than
 * _MAX_CATEGORIES. */
static GPtrArray *
rank_categories (GHashTable       *all,
                 gboolean        (*keep) (const CrrcMaturityOverviewCategory *),
                 GCompareFunc      compare)
{
  GPtrArray *ranked = g_ptr_array_new_with_free_func (category_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (keep (value))
      g_ptr_array_add (ranked, copy_category (value));
  g_ptr_array_sort (ranked, compare);

  if (ranked->len > CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES)
    {
      CrrcMaturityOverviewCategory *other = g_new0 (CrrcMaturityOverviewCategory, 1);

      other->key = g_strdup (CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES);
      other->label = g_strdup (_("Other categories"));
      for (guint i = CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES - 1; i < ranked->len; i++)
        {
          CrrcMaturityOverviewCategory *category = g_ptr_array_index (ranked, i);

          other->n_establishments += category->n_establishments;
          other->n_diagnosed += category->n_diagnosed;
          other->n_never += category->n_never;
          for (guint b = 0; b < G_N_ELEMENTS (other->bands); b++)
            other->bands[b] += category->bands[b];
        }
      g_ptr_array_set_size (ranked, CRRC_MATURITY_OVERVIEW_MAX_CATEGORIES - 1);
      g_ptr_array_add (ranked, other);
    }
  return ranked;
}

static gboolean
has_diagnosed (const CrrcMaturityOverviewCategory *category)
{
  return category->n_diagnosed > 0;
}

static gboolean
has_never (const CrrcMaturityOverviewCategory *category)
{
  return category->n_never > 0;
}

static int
compare_domains (gconstpointer a,
                 gconstpointer b)
{
  const CrrcMaturityOverviewDomain *da = a, *db = b;

  /* Hidden medians last. */
  if ((da->median < 0) != (db->median < 0))
    return da->median < 0 ? 1 : -1;
  if (da->median != db->median)
    return da->median < db->median ? -1 : 1;
  return (da->index > db->index) - (da->index < db->index);
}

static void
free_score_array (gpointer data)
{
  g_array_unref (data);
}

static GArray *
ensure_scores (GHashTable *scores_by_department,
               const char *code)
{
  GArray *scores = g_hash_table_lookup (scores_by_department, code);

  if (scores == NULL)
    {
      scores = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (scores_by_department, g_strdup (code), scores);
    }
  return scores;
}

/* The overview, and the scored latest diagnostics when @scored_out is
 * not NULL. */
static CrrcMaturityOverview *
load_overview (CrrcStore               *store,
               const CrrcMaturityScope *scope,
               GPtrArray              **scored_out,
               GError                 **error)
{
  g_autoptr(CrrcMaturityOverview) overview = g_new0 (CrrcMaturityOverview, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) scored = NULL;
  g_autoptr(GHashTable) departments = NULL;
  g_autoptr(GHashTable) categories = NULL;
  g_autoptr(GHashTable) scores_by_department = NULL;
  g_autoptr(GArray) overall_scores = NULL;
  g_autoptr(GPtrArray) domain_scores = NULL;
  g_autofree char *sql = NULL;
  CrrcMaturityOverviewDepartment *department = NULL;
  CrrcReferential *referential;
  GHashTableIter iter;
  gpointer key, value;
  guint n_domains;
  int rc;

  referential = crrc_referential_get_default (error);
  if (referential == NULL)
    return NULL;
  n_domains = crrc_referential_get_n_domains (referential);

  overview->region = g_strdup (scope->region);
  overview->sector = g_strdup (scope->sector);
  overview->median = -1;

  /* The departments own their entries, the categories theirs. */
  departments = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, department_free);
  categories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, category_free);
  scores_by_department = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_score_array);

  /* Counted here: grouping by SQLite sorts the whole registry. */
  sql = g_strconcat (COUNTS_SQL, scope->region != NULL ? REGION_SQL : "",
                     scope->sector != NULL ? SECTOR_SQL : "", NULL);
  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  if (scope->region != NULL)
    sqlite3_bind_text (stmt, 1, scope->region, -1, SQLITE_TRANSIENT);
  if (scope->sector != NULL)
    sqlite3_bind_text (stmt, 2, scope->sector, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);
      const char *category_code = (const char *) sqlite3_column_text (stmt, 1);
      CrrcMaturityOverviewCategory *category;

      if (department == NULL || !g_str_equal (department->code, code))
        department = ensure_department (departments, code);
      department->n_establishments++;
      category = ensure_category (categories,
                                  category_code != NULL ? category_code : CRRC_MATURITY_OVERVIEW_NO_CATEGORY);
      category->n_establishments++;
      if (category->label == NULL && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        category->label = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      overview->n_establishments++;
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  scored = read_latest (store, referential, scope, error);
  if (scored == NULL)
    return NULL;

  overall_scores = g_array_new (FALSE, FALSE, sizeof (int));
  domain_scores = g_ptr_array_new_with_free_func (free_score_array);
  for (guint d = 0; d < n_domains; d++)
    g_ptr_array_add (domain_scores, g_array_new (FALSE, FALSE, sizeof (int)));

  for (guint i = 0; i < scored->len; i++)
    {
      Scored *one = g_ptr_array_index (scored, i);
      CrrcMaturityOverviewCategory *category = ensure_category (categories, one->category);

      department = ensure_department (departments, one->department);
      department->n_diagnosed++;
      category->n_diagnosed++;
      overview->n_diagnosed++;
      if (one->overall >= 0)
        {
          department->n_scored++;
          overview->n_scored++;
          category->bands[crrc_maturity_band_for_score (one->overall)]++;
          g_array_append_val (ensure_scores (scores_by_department, one->department), one->overall);
          g_array_append_val (overall_scores, one->overall);
        }
      for (guint d = 0; d < n_domains; d++)
        if (one->domains[d] >= 0)
          g_array_append_val (g_ptr_array_index (domain_scores, d), one->domains[d]);
    }
  overview->n_never = overview->n_establishments - MIN (overview->n_diagnosed, overview->n_establishments);
  overview->median = median_of (overall_scores);

  /* Departments, by code. */
  overview->departments = g_ptr_array_new_with_free_func (department_free);
  g_hash_table_iter_init (&iter, departments);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GArray *scores = g_hash_table_lookup (scores_by_department, key);

      department = value;
      if (scores != NULL)
        department->median = median_of (scores);
      g_hash_table_iter_steal (&iter);
      g_ptr_array_add (overview->departments, department);
    }
  g_ptr_array_sort (overview->departments, compare_departments);

  /* Categories, labelled. */
  g_hash_table_iter_init (&iter, categories);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      CrrcMaturityOverviewCategory *category = value;

      category->n_never = category->n_establishments - MIN (category->n_diagnosed, category->n_establishments);
      if (category->label == NULL)
        category->label = g_strdup (g_str_equal (category->key, CRRC_MATURITY_OVERVIEW_NO_CATEGORY)
                                    ? _("No category") : category->key);
    }
  overview->categories = rank_categories (categories, has_diagnosed, compare_by_diagnosed);
  overview->never_categories = rank_categories (categories, has_never, compare_by_never);

  /* Domains, weakest first. */
  overview->domains = g_array_sized_new (FALSE, TRUE, sizeof (CrrcMaturityOverviewDomain), n_domains);
  for (guint d = 0; d < n_domains; d++)
    {
      const CrrcReferentialDomain *domain = crrc_referential_get_domain (referential, d);
      GArray *scores = g_ptr_array_index (domain_scores, d);
      CrrcMaturityOverviewDomain entry = { d, domain->id, domain->title, -1, scores->len, 0 };

      for (guint i = 0; i < scores->len; i++)
        if (g_array_index (scores, int, i) < CRRC_MATURITY_OVERVIEW_WEAK_SCORE)
          entry.n_weak++;
      entry.median = median_of (scores);
      g_array_append_val (overview->domains, entry);
    }
  g_array_sort (overview->domains, compare_domains);

  if (scored_out != NULL)
    *scored_out = g_steal_pointer (&scored);
  return g_steal_pointer (&overview);
}

/**
 * crrc_maturity_overview_load:
 * @store: the cache, used from this thread only
 * @scope: which establishments
 * @error: where to put a SQLite error
 *
 * Returns: (transfer full) (nullable): the overview of @scope
 */
CrrcMaturityOverview *
crrc_maturity_overview_load (CrrcStore                *store,
                             const CrrcMaturityScope  *scope,
                             GError                  **error)
{
  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_overview (store, scope, NULL, error);
}

const CrrcMaturityOverviewDepartment *
crrc_maturity_overview_lookup_department (CrrcMaturityOverview *overview,
                                          const char           *code)
{
  g_return_val_if_fail (overview != NULL, NULL);

  for (guint i = 0; code != NULL && i < overview->departments->len; i++)
    {
      CrrcMaturityOverviewDepartment *department = g_ptr_array_index (overview->departments, i);

      if (g_str_equal (department->code, code))
        return department;
    }
  return NULL;
}

static const CrrcMaturityOverviewCategory *
lookup_category (GPtrArray  *categories,
                 const char *key)
{
  for (guint i = 0; key != NULL && i < categories->len; i++)
    {
      CrrcMaturityOverviewCategory *category = g_ptr_array_index (categories, i);

      if (g_str_equal (category->key, key))
        return category;
    }
  return NULL;
}

const CrrcMaturityOverviewCategory *
crrc_maturity_overview_lookup_category (CrrcMaturityOverview *overview,
                                        const char           *key)
{
  g_return_val_if_fail (overview != NULL, NULL);

  return lookup_category (overview->categories, key);
}

const CrrcMaturityOverviewCategory *
crrc_maturity_overview_lookup_never_category (CrrcMaturityOverview *overview,
                                              const char           *key)
{
  g_return_val_if_fail (overview != NULL, NULL);

  return lookup_category (overview->never_categories, key);
}

const CrrcMaturityOverviewDomain *
crrc_maturity_overview_lookup_domain (CrrcMaturityOverview *overview,
                                      const char           *id)
{
  g_return_val_if_fail (overview != NULL, NULL);

  for (guint i = 0; id != NULL && i < overview->domains->len; i++)
    {
      const CrrcMaturityOverviewDomain *domain = &g_array_index (overview->domains,
                                                                 CrrcMaturityOverviewDomain, i);

      if (g_str_equal (domain->id, id))
        return domain;
    }
  return NULL;
}

/* Whether @key is one of the categories listed by name in @categories
 * (not the grouped ones). */
static gboolean
is_listed_category (GPtrArray  *categories,
                    const char *key)
{
  const CrrcMaturityOverviewCategory *category = lookup_category (categories, key);

  return category != NULL && !g_str_equal (category->key, CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES);
}

static gboolean
category_matches (GPtrArray  *categories,
                  const char *wanted,
                  const char *key)
{
  if (wanted == NULL)
    return TRUE;
  if (g_str_equal (wanted, CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES))
    return !is_listed_category (categories, key);
  return g_str_equal (wanted, key);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const CrrcQueryEstablishment *ra = *(CrrcQueryEstablishment * const *) a;
  const CrrcQueryEstablishment *rb = *(CrrcQueryEstablishment * const *) b;
  int order;

  if (ra->count != rb->count)
    return ra->count < rb->count ? -1 : 1;
  order = g_utf8_collate (ra->name != NULL ? ra->name : "", rb->name != NULL ? rb->name : "");
  return order != 0 ? order : g_strcmp0 (ra->finess, rb->finess);
}

static GPtrArray *
list_diagnosed (CrrcStore               *store,
                const CrrcMaturityScope *scope,
                const CrrcMaturityDrill *drill,
                guint                    limit,
                guint                   *total,
                GError                 **error)
{
  g_autoptr(CrrcMaturityOverview) overview = NULL;
  g_autoptr(GPtrArray) scored = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_query_establishment_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int domain = -1;

  overview = load_overview (store, scope, &scored, error);
  if (overview == NULL)
    return NULL;

  if (drill->kind == CRRC_MATURITY_DRILL_DOMAIN)
    {
      const CrrcMaturityOverviewDomain *entry = crrc_maturity_overview_lookup_domain (overview, drill->domain);

      if (entry == NULL)
        {
          if (total != NULL)
            *total = 0;
          return g_steal_pointer (&rows);
        }
      domain = (int) entry->index;
    }

  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), ESTABLISHMENT_SQL, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  for (guint i = 0; i < scored->len; i++)
    {
      Scored *one = g_ptr_array_index (scored, i);
      CrrcQueryEstablishment *row;
      gint64 score;
      int rc;

      switch (drill->kind)
        {
        case CRRC_MATURITY_DRILL_DIAGNOSED:
          if (drill->department != NULL && g_strcmp0 (one->department, drill->department) != 0)
            continue;
          score = one->overall;
          break;
        case CRRC_MATURITY_DRILL_BAND:
          if (one->overall < 0 || crrc_maturity_band_for_score (one->overall) != drill->band ||
              !category_matches (overview->categories, drill->category, one->category))
            continue;
          score = one->overall;
          break;
        case CRRC_MATURITY_DRILL_DOMAIN:
          if (one->domains[domain] < 0 || one->domains[domain] >= CRRC_MATURITY_OVERVIEW_WEAK_SCORE)
            continue;
          score = one->domains[domain];
          break;
        case CRRC_MATURITY_DRILL_NEVER:
        default:
          g_assert_not_reached ();
        }

      row = g_new0 (CrrcQueryEstablishment, 1);
      row->finess = g_strdup (one->finess);
      row->department = g_strdup (one->department);
      row->category = g_str_equal (one->category, CRRC_MATURITY_OVERVIEW_NO_CATEGORY)
                      ? NULL : g_strdup (one->category);
      /* No score (every answer unknown) lists last. */
      row->count = score >= 0 ? score : G_MAXINT;
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, one->finess, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          row->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          row->category_label = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          row->commune = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          row->postal_line = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          row->sector = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
        }
      else if (rc != SQLITE_DONE)
        {
          crrc_query_establishment_free (row);
          _crrc_store_set_error (store, error);
          return NULL;
        }
      g_ptr_array_add (rows, row);
    }

  g_ptr_array_sort (rows, compare_rows);
  for (guint i = 0; i < rows->len; i++)
    {
      CrrcQueryEstablishment *row = g_ptr_array_index (rows, i);

      if (row->count == G_MAXINT)
        row->count = -1;
    }
  if (total != NULL)
    *total = rows->len;
  if (limit > 0 && rows->len > limit)
    g_ptr_array_set_size (rows, limit);

  return g_steal_pointer (&rows);
}

static GPtrArray *
list_never (CrrcStore               *store,
            const CrrcMaturityScope *scope,
            const CrrcMaturityDrill *drill,
            guint                    limit,
            guint                   *total,
            GError                 **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_query_establishment_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *sql = NULL;
  CrrcReferential *referential;
  gint64 count = 0;
  int rc;

  referential = crrc_referential_get_default (error);
  if (referential == NULL)
    return NULL;

  if (g_strcmp0 (drill->category, CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES) == 0)
    {
      g_autoptr(CrrcMaturityOverview) overview = load_overview (store, scope, NULL, error);
      g_autoptr(GString) json = g_string_new ("[");

      if (overview == NULL)
        return NULL;
      for (guint i = 0; i < overview->never_categories->len; i++)
        {
          CrrcMaturityOverviewCategory *category = g_ptr_array_index (overview->never_categories, i);

          if (g_str_equal (category->key, CRRC_MATURITY_OVERVIEW_OTHER_CATEGORIES))
            continue;
          /* Keys are category codes: digits and letters, nothing to
           * escape; quote them anyway. */
          g_string_append_printf (json, "%s\"", json->len > 1 ? "," : "");
          for (const char *c = category->key; *c != '\0'; c++)
            if (*c != '"' && *c != '\\')
              g_string_append_c (json, *c);
          g_string_append_c (json, '"');
        }
      g_string_append_c (json, ']');
      listed = g_string_free (g_steal_pointer (&json), FALSE);
    }

  sql = g_strdup_printf (NEVER_SQL, scope->region != NULL ? NEVER_REGION_SQL : "",
                         scope->sector != NULL ? NEVER_SECTOR_SQL : "");
  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  if (scope->region != NULL)
    sqlite3_bind_text (stmt, 1, scope->region, -1, SQLITE_TRANSIENT);
  if (scope->sector != NULL)
    sqlite3_bind_text (stmt, 2, scope->sector, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, crrc_referential_get_id (referential), -1, SQLITE_STATIC);
  bind_nullable (stmt, 4, listed == NULL ? drill->category : NULL);
  bind_nullable (stmt, 5, listed);
  sqlite3_bind_int64 (stmt, 6, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcQueryEstablishment *row = g_new0 (CrrcQueryEstablishment, 1);

      row->finess = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->category = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      row->category_label = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      row->department = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      row->commune = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      row->postal_line = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      row->sector = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      count = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  if (total != NULL)
    *total = (guint) count;
  return g_steal_pointer (&rows);
}

/**
 * crrc_maturity_overview_list:
 * @store: the cache, used from this thread only
 * @scope: which establishments
 * @drill: the item
 * @limit: the most rows, 0 for all
 * @total: (out) (optional): how many establishments, whatever the limit
 * @error: where to put a SQLite error
 *
 * Returns: (transfer full) (element-type CrrcQueryEstablishment) (nullable):
 *   the establishments behind @drill
 */
GPtrArray *
crrc_maturity_overview_list (CrrcStore                *store,
                             const CrrcMaturityScope  *scope,
                             const CrrcMaturityDrill  *drill,
                             guint                     limit,
                             guint                    *total,
                             GError                  **error)
{
  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (scope != NULL, NULL);
  g_return_val_if_fail (drill != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (total != NULL)
    *total = 0;
  if (drill->kind == CRRC_MATURITY_DRILL_NEVER)
    return list_never (store, scope, drill, limit, total, error);
  return list_diagnosed (store, scope, drill, limit, total, error);
}
