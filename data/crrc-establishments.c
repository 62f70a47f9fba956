/* crrc-establishments.c: the registry searched, filtered, sorted and paged
 *
 * The search runs on `establishment_words` (schema step 5): every word of
 * the names and communes, folded (so "chateau" finds "Château"), kept up
 * to date by triggers; each word typed is a range of its primary key (so
 * that each keystroke is a prefix query). A FINESS number, or its
 * beginning, is a range of the establishments' primary key.
 *
 * The maturity of an establishment is the overall score of its latest
 * diagnostic, scored by crrc-maturity.c. Scores are not stored in the cache
 * (the rules may change with the referential, and local diagnostics change
 * them): each connection computes them once into a TEMP table, which a
 * read-only connection may write. Only establishments with a diagnostic
 * have a row, a few thousand at most, so that takes a few milliseconds and
 * happens once after each change of the cache, off the main thread.
 *
 * All SQL binds its values: the user's words are never SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-establishments"

#include "config.h"

#include <string.h>

#include "crrc-diffusion-rule.h"
#include "crrc-establishments.h"
#include "crrc-establishments-private.h"
#include "crrc-finess.h"
#include "crrc-private-file.h"
#include "crrc-store-private.h"

/* Beyond these, a query is cut: nobody types more, and FTS5 would spend
 * time on words that match nothing anyway. */
#define MAX_TEXT_LENGTH 200
#define MAX_WORDS 12
#define MAX_WORD_LENGTH 40

#define MATURITY_KEY "crrc-establishments-maturity"
#define TOTAL_KEY "crrc-establishments-total"
#define HINT_KEY "crrc-establishments-count"

CrrcEstablishmentsFilter *
crrc_establishments_filter_new (void)
{
  CrrcEstablishmentsFilter *filter = g_new0 (CrrcEstablishmentsFilter, 1);

  filter->maturity_band = CRRC_ESTABLISHMENTS_ANY_BAND;

  return filter;
}

CrrcEstablishmentsFilter *
crrc_establishments_filter_copy (const CrrcEstablishmentsFilter *filter)
{
  CrrcEstablishmentsFilter *copy;

  if (filter == NULL)
    return crrc_establishments_filter_new ();

  copy = g_memdup2 (filter, sizeof *filter);
  copy->text = g_strdup (filter->text);
  copy->region = g_strdup (filter->region);
  copy->department = g_strdup (filter->department);
  copy->sector = g_strdup (filter->sector);
  copy->category = g_strdup (filter->category);
  copy->ght = g_strdup (filter->ght);
  copy->stage = g_strdup (filter->stage);

  return copy;
}

void
crrc_establishments_filter_free (CrrcEstablishmentsFilter *filter)
{
  if (filter == NULL)
    return;

  g_free (filter->text);
  g_free (filter->region);
  g_free (filter->department);
  g_free (filter->sector);
  g_free (filter->category);
  g_free (filter->ght);
  g_free (filter->stage);
  g_free (filter);
}

gboolean
crrc_establishments_filter_equal (const CrrcEstablishmentsFilter *a,
                                  const CrrcEstablishmentsFilter *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strcmp0 (a->text, b->text) == 0
    && g_strcmp0 (a->region, b->region) == 0
    && g_strcmp0 (a->department, b->department) == 0
    && g_strcmp0 (a->sector, b->sector) == 0
    && g_strcmp0 (a->category, b->category) == 0
    && g_strcmp0 (a->ght, b->ght) == 0
    && a->maturity_band == b->maturity_band
    && a->year == b->year
    && a->incidents == b->incidents
    && a->audited == b->audited
    && a->alerted == b->alerted
    && g_strcmp0 (a->stage, b->stage) == 0
    && a->open == b->open;
}

static gboolean finess_prefix (const char *text,
                               char        prefix[CRRC_FINESS_LENGTH + 1]);

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

gboolean
crrc_establishments_filter_is_empty (const CrrcEstablishmentsFilter *filter)
{
  g_auto(GStrv) words = NULL;
  char prefix[CRRC_FINESS_LENGTH + 1];

  if (filter == NULL)
    return TRUE;

  words = crrc_establishments_search_words (filter->text);

  return words == NULL && !finess_prefix (filter->text, prefix)
    && !is_set (filter->region) && !is_set (filter->department)
    && !is_set (filter->sector) && !is_set (filter->category)
    && !is_set (filter->ght) && !is_set (filter->stage)
    && filter->maturity_band == CRRC_ESTABLISHMENTS_ANY_BAND
    && filter->incidents == CRRC_ESTABLISHMENTS_ANY
    && filter->audited == CRRC_ESTABLISHMENTS_ANY
    && filter->alerted == CRRC_ESTABLISHMENTS_ANY
    && filter->open == CRRC_ESTABLISHMENTS_ANY;
}

void
crrc_establishments_row_free (CrrcEstablishmentsRow *row)
{
  if (row == NULL)
    return;

  g_free (row->finess);
  g_free (row->name);
  g_free (row->category_label);
  g_free (row->department);
  g_free (row->commune);
  g_free (row->last_audit);
  g_free (row);
}

static const struct
{
  const char *from;
  const char *to;
} folds[] = {
#define FOLD_ENTRY(from, to) { from, to },
  CRRC_SEARCH_FOLDS (FOLD_ENTRY)
#undef FOLD_ENTRY
};

/* The same fold as the schema's triggers, then words are runs of letters
 * and digits: no character of the user's reaches SQL but as a bound
 * value. */
char **
crrc_establishments_search_words (const char *text)
{
  g_autoptr(GString) folded = NULL;
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GString) word = g_string_new (NULL);
  const char *end;

  if (text == NULL || !g_utf8_validate (text, -1, &end))
    return NULL;
  if (end - text > MAX_TEXT_LENGTH)
    end = g_utf8_find_prev_char (text, text + MAX_TEXT_LENGTH + 1);

  folded = g_string_new (NULL);
  for (const char *p = text; p < end; )
    {
      gboolean done = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (folds) && !done; i++)
        if (strncmp (p, folds[i].from, strlen (folds[i].from)) == 0)
          {
            g_string_append (folded, folds[i].to);
            p += strlen (folds[i].from);
            done = TRUE;
          }
      if (done)
        continue;
      if ((guchar) *p < 0x80)
        {
          g_string_append_c (folded, g_ascii_tolower (*p));
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (folded, p, next - p);
          p = next;
        }
    }

  words = g_ptr_array_new_with_free_func (g_free);
  for (const char *p = folded->str; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          if (g_utf8_strlen (word->str, word->len) < MAX_WORD_LENGTH)
            g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0 && words->len < MAX_WORDS)
        g_ptr_array_add (words, g_strdup (word->str));
      g_string_truncate (word, 0);

      if (c == 0)
        break;
    }

  if (words->len == 0)
    return NULL;

  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

/* A FINESS number or its beginning, spaces (and dots, dashes) allowed:
 * "21 078 001 2", "2A0000", "210780". Fills @prefix (upper case). */
static gboolean
finess_prefix (const char *text,
               char        prefix[CRRC_FINESS_LENGTH + 1])
{
  guint n = 0;
  gboolean digit = FALSE;

  if (text == NULL)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '.' || c == '-')
        continue;
      if (n >= 9)
        return FALSE;
      if (g_ascii_isdigit (c))
        digit = TRUE;
      else if (!(n == 1 && (c == 'A' || c == 'B')))
        return FALSE;
      prefix[n++] = c;
    }
  prefix[n] = '\0';

  return digit && n > 0;
}

/* The query's text, the SQL it needs and what to bind. */
typedef struct
{
  GString    *where;
  gboolean    maturity;      /* the maturity table must be joined */
  char      **words;
  char        finess_low[CRRC_FINESS_LENGTH + 1];
  char        finess_high[CRRC_FINESS_LENGTH + 1 + 1];
  gboolean    finess;
  guint       exact;         /* bit i: words[i] is the one word of its range */
} Query;

static void
query_clear (Query *query)
{
  if (query->where != NULL)
    g_string_free (query->where, TRUE);
  g_strfreev (query->words);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Query, query_clear)

static gboolean
has_inner_space (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return strpbrk (stripped, " .-") != NULL;
}

static void
append_choice (GString                  *where,
               CrrcEstablishmentsChoice  choice,
               const char               *exists)
{
  if (choice == CRRC_ESTABLISHMENTS_YES)
    g_string_append_printf (where, " AND EXISTS (%s)", exists);
  else if (choice == CRRC_ESTABLISHMENTS_NO)
    g_string_append_printf (where, " AND NOT EXISTS (%s)", exists);
}

/* The effective stage of a target: the analyst's latest change, else the
 * synced stage (a local target starts at `targeted`). */
#define LOCAL_STAGE(campaign, finess) \
  "(SELECT l.stage FROM local_stage_changes l" \
  " WHERE l.campaign_id = " campaign " AND l.finess = " finess \
  " ORDER BY l.created_at DESC, l.id DESC LIMIT 1)"

static char *
word_end (const char *word)
{
  /* U+10FFFF sorts after every character a word may have. */
  return g_strconcat (word, "\xf4\x8f\xbf\xbf", NULL);
}

/* The first or last word of the cache in the range of @prefix, or NULL. */
static char *
range_word (CrrcStore  *store,
            const char *prefix,
            gboolean    last)
{
  g_autofree char *end = word_end (prefix);
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store,
                                                      last ? "SELECT word FROM establishment_words WHERE word >= ?1"
                                                             " AND word < ?2 ORDER BY word DESC LIMIT 1"
                                                           : "SELECT word FROM establishment_words WHERE word >= ?1"
                                                             " AND word < ?2 ORDER BY word LIMIT 1",
                                                      NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* A prefix that only one word of the cache has ("ehp": "ehpad") is that
 * word: an equality, which finds an establishment's word by the primary
 * key, and counts without removing duplicates. Two lookups in the index. */
static gboolean query_int64 (CrrcStore   *store,
                             const char  *sql,
                             const char  *text1,
                             const char  *text2,
                             gint64      *value,
                             GError     **error);

/* Roughly how many establishments have a word beginning with words[i]. */
static gint64
estimate_word (Query     *query,
               CrrcStore *store,
               guint      i)
{
  g_autofree char *end = word_end (query->words[i]);
  gint64 n = G_MAXINT64;

  if (query->exact & (1u << i))
    query_int64 (store, "SELECT count(*) FROM establishment_words WHERE word = ?1",
                 query->words[i], NULL, &n, NULL);
  else if (g_utf8_strlen (query->words[i], -1) <= 2)
    query_int64 (store, "SELECT count(*) FROM establishment_prefixes WHERE prefix = ?1",
                 query->words[i], NULL, &n, NULL);
  else
    query_int64 (store, "SELECT count(*) FROM establishment_words WHERE word >= ?1 AND word < ?2",
                 query->words[i], end, &n, NULL);

  return n;
}

static void
resolve_words (Query     *query,
               CrrcStore *store)
{
  for (guint i = 0; query->words != NULL && query->words[i] != NULL && i < 32; i++)
    {
      g_autofree char *first = range_word (store, query->words[i], FALSE);
      g_autofree char *last = first != NULL ? range_word (store, query->words[i], TRUE) : NULL;

      if (first != NULL && g_strcmp0 (first, last) == 0)
        {
          g_free (query->words[i]);
          query->words[i] = g_steal_pointer (&first);
          query->exact |= 1u << i;
        }
    }

  /* Several words: the rarest first, which the others are probed for. */
  if (query->words != NULL && query->words[0] != NULL && query->words[1] != NULL)
    {
      guint n = g_strv_length (query->words);
      g_autofree gint64 *estimates = g_new (gint64, n);

      for (guint i = 0; i < n; i++)
        estimates[i] = estimate_word (query, store, i);
      for (guint i = 1; i < n; i++)
        if (estimates[i] < estimates[0])
          {
            char *word = query->words[0];
            guint bit_i = (query->exact >> i) & 1;
            guint bit_0 = query->exact & 1;
            gint64 estimate = estimates[0];

            query->words[0] = query->words[i];
            query->words[i] = word;
            estimates[0] = estimates[i];
            estimates[i] = estimate;
            query->exact = (query->exact & ~(1u | (1u << i))) | bit_i | (bit_0 << i);
          }
    }
}

/* @probe: each word an EXISTS on the establishment's words, for a list
 * read in the order of an index (names, FINESS numbers) when many
 * establishments match, so that the first page needs only a few hundred
 * probes; otherwise the matching establishments are collected once from
 * the words' index (IN), cheaper when they are few or must all be sorted. */
static void
query_init (Query                          *query,
            const CrrcEstablishmentsFilter *filter,
            CrrcStore                      *store,
            gboolean                        probe)
{
  GString *where = g_string_new ("1");
  gboolean year = filter->year > 0;

  memset (query, 0, sizeof *query);
  query->where = where;

  query->finess = finess_prefix (filter->text, query->finess_low);
  /* "21 078 001 2" is a FINESS number in groups, not four words; one
   * run of digits may be a FINESS number or a commune code. */
  if (!query->finess || !has_inner_space (filter->text))
    query->words = crrc_establishments_search_words (filter->text);
  if (store != NULL)
    resolve_words (query, store);
  if (query->finess)
    {
      g_strlcpy (query->finess_high, query->finess_low, sizeof query->finess_high);
      /* '~' sorts after every digit and letter of a FINESS number. */
      strcat (query->finess_high, "~");
    }

  if (query->words != NULL)
    {
      g_autoptr(GString) match = g_string_new (NULL);

      /* Each word a range of the index (or one word of it): the
       * establishments having a word that begins so; all words required.
       * Collected (IN) from the first word, the rarest, each other word
       * probed for each of them. */
      if (!probe)
        {
          if (query->exact & 1)
            g_string_append (match, "e.rowid IN (SELECT w0.establishment FROM establishment_words w0"
                                    " WHERE w0.word = :word0");
          else
            g_string_append (match, "e.rowid IN (SELECT w0.establishment FROM establishment_words w0"
                                    " WHERE w0.word >= :word0 AND w0.word < :word_end0");
        }
      for (guint i = probe ? 0 : 1; query->words[i] != NULL; i++)
        {
          const char *owner = probe ? "e.rowid" : "w0.establishment";

          if (match->len > 0)
            g_string_append (match, " AND ");
          if (query->exact & (1u << i))
            g_string_append_printf (match,
                                    "EXISTS (SELECT 1 FROM establishment_words w"
                                    " WHERE w.word = :word%u AND w.establishment = %s)",
                                    i, owner);
          else
            g_string_append_printf (match,
                                    "EXISTS (SELECT 1 FROM establishment_words w"
                                    " WHERE w.establishment = %s"
                                    " AND w.word >= :word%u AND w.word < :word_end%u)",
                                    owner, i, i);
        }
      if (!probe)
        g_string_append_c (match, ')');
      if (query->finess)
        g_string_append_printf (where,
                                " AND ((%s)"
                                "      OR (e.finess >= :finess_low AND e.finess < :finess_high))",
                                match->str);
      else
        g_string_append_printf (where, " AND (%s)", match->str);
    }
  else if (query->finess)
    {
      g_string_append (where, " AND e.finess >= :finess_low AND e.finess < :finess_high");
    }

  if (is_set (filter->region))
    g_string_append (where, " AND e.region = :region");
  if (is_set (filter->department))
    g_string_append (where, " AND e.department = :department");
  if (is_set (filter->sector))
    g_string_append (where, " AND e.sector = :sector");
  if (is_set (filter->category))
    g_string_append (where, " AND e.category = :category");
  if (is_set (filter->ght))
    g_string_append (where, " AND e.ght = :ght");

  if (filter->maturity_band == CRRC_MATURITY_BAND_NONE)
    {
      g_string_append (where, " AND m.finess IS NULL");
      query->maturity = TRUE;
    }
  else if (filter->maturity_band >= 0)
    {
      g_string_append (where, " AND m.band = :band");
      query->maturity = TRUE;
    }

  append_choice (where, filter->incidents,
                 year ? "SELECT 1 FROM incidents i WHERE i.finess = e.finess AND i.year = :year"
                      : "SELECT 1 FROM incidents i WHERE i.finess = e.finess");
  append_choice (where, filter->audited,
                 year ? "SELECT 1 FROM audits a WHERE a.finess = e.finess AND a.year = :year"
                      : "SELECT 1 FROM audits a WHERE a.finess = e.finess");
  append_choice (where, filter->alerted,
                 year ? "SELECT 1 FROM alerts a WHERE a.finess = e.finess AND a.year = :year"
                      : "SELECT 1 FROM alerts a WHERE a.finess = e.finess");

  if (is_set (filter->stage))
    g_string_append (where,
                     " AND (EXISTS (SELECT 1 FROM campaign_targets t WHERE t.finess = e.finess"
                     "              AND coalesce (" LOCAL_STAGE ("t.campaign_id", "t.finess") ", t.stage) = :stage)"
                     "      OR EXISTS (SELECT 1 FROM local_campaign_targets t WHERE t.finess = e.finess"
                     "              AND coalesce (" LOCAL_STAGE ("t.campaign_id", "t.finess") ", 'targeted') = :stage))");

  if (filter->open == CRRC_ESTABLISHMENTS_YES)
    g_string_append (where, " AND (e.closed_on IS NULL OR e.closed_on > date ('now'))");
  else if (filter->open == CRRC_ESTABLISHMENTS_NO)
    g_string_append (where, " AND e.closed_on IS NOT NULL AND e.closed_on <= date ('now')");
}

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_int (sqlite3_stmt *stmt,
          const char   *name,
          gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
query_bind (Query                          *query,
            const CrrcEstablishmentsFilter *filter,
            sqlite3_stmt                   *stmt)
{
  for (guint i = 0; query->words != NULL && query->words[i] != NULL; i++)
    {
      char name[32];
      g_autofree char *end = word_end (query->words[i]);

      g_snprintf (name, sizeof name, ":word%u", i);
      bind_text (stmt, name, query->words[i]);
      g_snprintf (name, sizeof name, ":word_end%u", i);
      bind_text (stmt, name, end);
    }
  bind_text (stmt, ":finess_low", query->finess_low);
  bind_text (stmt, ":finess_high", query->finess_high);
  bind_text (stmt, ":region", filter->region);
  bind_text (stmt, ":department", filter->department);
  bind_text (stmt, ":sector", filter->sector);
  bind_text (stmt, ":category", filter->category);
  bind_text (stmt, ":ght", filter->ght);
  bind_text (stmt, ":stage", filter->stage);
  bind_int (stmt, ":band", filter->maturity_band);
  bind_int (stmt, ":year", filter->year);
}

/* The latest diagnostic's overall score of every establishment that has
 * one. A read-only connection runs with `query_only`: lifted for the TEMP
 * table only (the main database stays read-only). */
gboolean
crrc_establishments_refresh_maturity (CrrcStore  *store,
                                      GError    **error)
{
  sqlite3 *db;
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GPtrArray) finess = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);

  db = _crrc_store_get_db (store);

  list = _crrc_store_prepare (store,
                              "SELECT finess FROM diagnostics"
                              " UNION SELECT finess FROM local_diagnostics WHERE status = 'validated'",
                              error);
  if (list == NULL)
    return FALSE;
  while ((rc = sqlite3_step (list)) == SQLITE_ROW)
    g_ptr_array_add (finess, g_strdup ((const char *) sqlite3_column_text (list, 0)));
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  g_clear_pointer (&list, sqlite3_finalize);

  /* Scoring reads the cache: done before the TEMP table is written. */
  {
    g_autoptr(GArray) scores = g_array_sized_new (FALSE, FALSE, sizeof (int), finess->len);

    for (guint i = 0; i < finess->len; i++)
      {
        g_autoptr(GPtrArray) diagnostics = crrc_maturity_load_diagnostics (store, finess->pdata[i], error);
        int score = -1;

        if (diagnostics == NULL)
          return FALSE;
        if (diagnostics->len > 0)
          {
            CrrcMaturityDiagnostic *latest = diagnostics->pdata[0];

            if (latest->scores != NULL)
              score = latest->scores->overall;
          }
        g_array_append_val (scores, score);
      }

    sqlite3_exec (db, "PRAGMA query_only = 0", NULL, NULL, NULL);
    if (sqlite3_exec (db,
                      "CREATE TEMP TABLE IF NOT EXISTS crrc_maturity ("
                      "  finess TEXT PRIMARY KEY NOT NULL,"
                      "  score  INTEGER NOT NULL,"
                      "  band   INTEGER NOT NULL"
                      ") WITHOUT ROWID;"
                      "CREATE INDEX IF NOT EXISTS temp.crrc_maturity_by_band ON crrc_maturity (band);"
                      "BEGIN; DELETE FROM temp.crrc_maturity;",
                      NULL, NULL, NULL) != SQLITE_OK
        || (insert = _crrc_store_prepare (store, "INSERT INTO temp.crrc_maturity (finess, score, band) VALUES (?1, ?2, ?3)",
                                          error)) == NULL)
      goto out;

    for (guint i = 0; i < finess->len; i++)
      {
        int score = g_array_index (scores, int, i);

        if (score < 0)
          continue;
        sqlite3_reset (insert);
        sqlite3_bind_text (insert, 1, finess->pdata[i], -1, SQLITE_STATIC);
        sqlite3_bind_int (insert, 2, score);
        sqlite3_bind_int (insert, 3, crrc_maturity_band_for_score (score));
        if (sqlite3_step (insert) != SQLITE_DONE)
          goto out;
      }

    if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
      goto out;
    ok = TRUE;
  }

out:
  if (!ok)
    {
      if (error != NULL && *error == NULL)
        _crrc_store_set_error (store, error);
      if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
    }
  g_clear_pointer (&insert, sqlite3_finalize);
  if (sqlite3_db_readonly (db, "main") == 1)
    sqlite3_exec (db, "PRAGMA query_only = 1", NULL, NULL, NULL);
  if (ok)
    g_object_set_data (G_OBJECT (store), MATURITY_KEY, GINT_TO_POINTER (1));
  g_object_set_data (G_OBJECT (store), TOTAL_KEY, NULL);
  g_object_set_data (G_OBJECT (store), HINT_KEY, NULL);

  return ok;
}

static gboolean
ensure_maturity (CrrcStore  *store,
                 GError    **error)
{
  if (g_object_get_data (G_OBJECT (store), MATURITY_KEY) != NULL)
    return TRUE;

  return crrc_establishments_refresh_maturity (store, error);
}

static gboolean
query_int64 (CrrcStore   *store,
             const char  *sql,
             const char  *text1,
             const char  *text2,
             gint64      *value,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (text1 != NULL)
    sqlite3_bind_text (stmt, 1, text1, -1, SQLITE_TRANSIENT);
  if (text2 != NULL)
    sqlite3_bind_text (stmt, 2, text2, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  *value = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* The establishments of the cache, counted once per connection (and again
 * when the maturity is refreshed, after a change of the cache). */
static gint64
get_total (CrrcStore *store)
{
  gint64 *total = g_object_get_data (G_OBJECT (store), TOTAL_KEY);

  if (total == NULL)
    {
      total = g_new0 (gint64, 1);
      if (!query_int64 (store, "SELECT count(*) FROM establishments", NULL, NULL, total, NULL))
        *total = 0;
      g_object_set_data_full (G_OBJECT (store), TOTAL_KEY, total, g_free);
    }

  return *total;
}

/* The count of one word alone, the first keystrokes of a search, without
 * joining the establishments: a prefix that only one word has from
 * establishment_words (one row per establishment and word); the first one
 * or two letters from establishment_prefixes (one row per establishment);
 * otherwise the establishments of the range without duplicates. */
static gboolean
count_one_word (CrrcStore   *store,
                Query       *query,
                gint64      *count,
                GError     **error)
{
  g_autofree char *end = word_end (query->words[0]);

  if (query->exact & 1)
    return query_int64 (store, "SELECT count(*) FROM establishment_words WHERE word = ?1",
                        query->words[0], NULL, count, error);
  if (g_utf8_strlen (query->words[0], -1) <= 2)
    return query_int64 (store, "SELECT count(*) FROM establishment_prefixes WHERE prefix = ?1",
                        query->words[0], NULL, count, error);

  return query_int64 (store,
                      "SELECT count(DISTINCT establishment) FROM establishment_words"
                      " WHERE word >= ?1 AND word < ?2",
                      query->words[0], end, count, error);
}

/* What the last count was, so that the page that follows it knows how
 * many establishments match (crrc_establishments_fetch()). */
typedef struct
{
  CrrcEstablishmentsFilter *filter;
  gint64                    count;
} CountHint;

static void
count_hint_free (CountHint *hint)
{
  crrc_establishments_filter_free (hint->filter);
  g_free (hint);
}

gboolean
crrc_establishments_count (CrrcStore                      *store,
                           const CrrcEstablishmentsFilter *filter,
                           gint64                         *count,
                           GError                        **error)
{
  g_auto(Query) query = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(CrrcEstablishmentsFilter) empty = NULL;
  g_autoptr(CrrcEstablishmentsFilter) others = NULL;
  CountHint *hint;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  if (filter == NULL)
    filter = empty = crrc_establishments_filter_new ();

  query_init (&query, filter, store, FALSE);
  others = crrc_establishments_filter_copy (filter);
  g_clear_pointer (&others->text, g_free);

  if (query.words != NULL && query.words[1] == NULL && !query.finess
      && crrc_establishments_filter_is_empty (others))
    {
      if (!count_one_word (store, &query, count, error))
        return FALSE;
    }
  else
    {
      if (query.maturity && !ensure_maturity (store, error))
        return FALSE;

      sql = g_strdup_printf ("SELECT count(*) FROM establishments e%s WHERE %s",
                             query.maturity ? " LEFT JOIN temp.crrc_maturity m ON m.finess = e.finess" : "",
                             query.where->str);
      stmt = _crrc_store_prepare (store, sql, error);
      if (stmt == NULL)
        return FALSE;
      query_bind (&query, filter, stmt);

      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          _crrc_store_set_error (store, error);
          return FALSE;
        }
      *count = sqlite3_column_int64 (stmt, 0);
    }

  hint = g_new0 (CountHint, 1);
  hint->filter = crrc_establishments_filter_copy (filter);
  hint->count = *count;
  g_object_set_data_full (G_OBJECT (store), HINT_KEY, hint, (GDestroyNotify) count_hint_free);

  return TRUE;
}

static const char *
order_by (CrrcEstablishmentsSort sort,
          gboolean               descending)
{
  switch (sort)
    {
    case CRRC_ESTABLISHMENTS_SORT_FINESS:
      return descending ? "e.finess DESC" : "e.finess";
    case CRRC_ESTABLISHMENTS_SORT_CATEGORY:
      return descending ? "e.category_label IS NULL, e.category_label DESC, e.name COLLATE NOCASE, e.finess"
                        : "e.category_label IS NULL, e.category_label, e.name COLLATE NOCASE, e.finess";
    case CRRC_ESTABLISHMENTS_SORT_DEPARTMENT:
      return descending ? "e.department DESC, e.name COLLATE NOCASE, e.finess"
                        : "e.department, e.name COLLATE NOCASE, e.finess";
    case CRRC_ESTABLISHMENTS_SORT_MATURITY:
      return descending ? "m.score IS NULL, m.score DESC, e.name COLLATE NOCASE, e.finess"
                        : "m.score IS NULL, m.score, e.name COLLATE NOCASE, e.finess";
    case CRRC_ESTABLISHMENTS_SORT_INCIDENTS:
      return descending ? "incidents DESC, e.name COLLATE NOCASE, e.finess"
                        : "incidents, e.name COLLATE NOCASE, e.finess";
    case CRRC_ESTABLISHMENTS_SORT_LAST_AUDIT:
      return descending ? "last_audit IS NULL, last_audit DESC, e.name COLLATE NOCASE, e.finess"
                        : "last_audit IS NULL, last_audit, e.name COLLATE NOCASE, e.finess";
    case CRRC_ESTABLISHMENTS_SORT_NAME:
    default:
      /* Ties by rowid: the order of the index on names, which then
       * serves the first page without sorting. */
      return descending ? "e.name COLLATE NOCASE DESC, e.rowid DESC"
                        : "e.name COLLATE NOCASE, e.rowid";
    }
}

static sqlite3_stmt *
prepare_rows (CrrcStore                      *store,
              const CrrcEstablishmentsFilter *filter,
              CrrcEstablishmentsSort          sort,
              gboolean                        descending,
              gint64                          offset,
              gint64                          limit,
              GError                        **error)
{
  g_auto(Query) query = { 0 };
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gboolean join;

  /* Read in the order of an index, with many matches (a twentieth of the
   * registry, as the count just before said): probe each row's words. */
  {
    CountHint *hint = g_object_get_data (G_OBJECT (store), HINT_KEY);
    gboolean indexed = sort == CRRC_ESTABLISHMENTS_SORT_NAME || sort == CRRC_ESTABLISHMENTS_SORT_FINESS;

    query_init (&query, filter, store,
                indexed && hint != NULL && crrc_establishments_filter_equal (hint->filter, filter)
                && hint->count * 20 > get_total (store));
  }
  if (!ensure_maturity (store, error))
    return NULL;

  /* The maturity joined only when it filters or sorts: otherwise read
   * for the rows of the page only, not for those OFFSET skips. */
  join = query.maturity || sort == CRRC_ESTABLISHMENTS_SORT_MATURITY;
  sql = g_strdup_printf ("SELECT e.finess, e.name, e.category_label, e.department, e.commune,"
                         " %s,"
                         " (SELECT count(*) FROM incidents i WHERE i.finess = e.finess%s) AS incidents,"
                         " (SELECT max (a.date) FROM audits a WHERE a.finess = e.finess) AS last_audit"
                         " FROM establishments e%s"
                         " WHERE %s ORDER BY %s LIMIT :limit OFFSET :offset",
                         join ? "m.score, m.band"
                              : "(SELECT m.score FROM temp.crrc_maturity m WHERE m.finess = e.finess),"
                                " (SELECT m.band FROM temp.crrc_maturity m WHERE m.finess = e.finess)",
                         filter->year > 0 ? " AND i.year = :year" : "",
                         join ? " LEFT JOIN temp.crrc_maturity m ON m.finess = e.finess" : "",
                         query.where->str, order_by (sort, descending));
  stmt = _crrc_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  query_bind (&query, filter, stmt);
  bind_int (stmt, ":limit", limit);
  bind_int (stmt, ":offset", offset);

  return stmt;
}

static CrrcEstablishmentsRow *
read_row (sqlite3_stmt *stmt)
{
  CrrcEstablishmentsRow *row = g_new0 (CrrcEstablishmentsRow, 1);

  row->finess = _crrc_column_dup (stmt, 0);
  row->name = _crrc_column_dup (stmt, 1);
  row->category_label = _crrc_column_dup (stmt, 2);
  row->department = _crrc_column_dup (stmt, 3);
  row->commune = _crrc_column_dup (stmt, 4);
  if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
    {
      row->maturity = -1;
      row->band = CRRC_MATURITY_BAND_NONE;
    }
  else
    {
      row->maturity = sqlite3_column_int (stmt, 5);
      row->band = sqlite3_column_int (stmt, 6);
    }
  row->incidents = sqlite3_column_int64 (stmt, 7);
  row->last_audit = _crrc_column_dup (stmt, 8);

  return row;
}

GPtrArray *
crrc_establishments_fetch (CrrcStore                      *store,
                           const CrrcEstablishmentsFilter *filter,
                           CrrcEstablishmentsSort          sort,
                           gboolean                        descending,
                           guint                           offset,
                           guint                           limit,
                           GError                        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CrrcEstablishmentsFilter) empty = NULL;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);

  if (filter == NULL)
    filter = empty = crrc_establishments_filter_new ();

  stmt = prepare_rows (store, filter, sort, descending, offset, limit, error);
  if (stmt == NULL)
    return NULL;

  rows = g_ptr_array_new_full (limit, (GDestroyNotify) crrc_establishments_row_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* RFC 4180 quoting, when the field needs it. */
static void
append_field (GString    *line,
              const char *value,
              char        separator)
{
  if (value == NULL)
    return;

  if (strchr (value, separator) != NULL || strpbrk (value, "\"\r\n") != NULL)
    {
      g_string_append_c (line, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (line, '"');
          g_string_append_c (line, *p);
        }
      g_string_append_c (line, '"');
    }
  else
    {
      g_string_append (line, value);
    }
}

gboolean
crrc_establishments_export_csv (CrrcStore                      *store,
                                const CrrcEstablishmentsFilter *filter,
                                CrrcEstablishmentsSort          sort,
                                gboolean                        descending,
                                GFile                          *file,
                                char                            separator,
                                guint                          *n_rows,
                                GCancellable                   *cancellable,
                                GError                        **error)
{
  return crrc_establishments_export_csv_full (store, filter, sort, descending, FALSE, file, separator,
                                              n_rows, cancellable, error);
}

/* The file is written to a private temporary file (mode 0600) next to
 * @file and renamed over it once complete (crrc-private-file.h). In
 * diffusion mode the columns that identify an establishment (FINESS, name,
 * commune: crrc_diffusion_column_is_identifying()) are left out and a
 * number of incidents from 1 to 4 is written "<5". */
gboolean
crrc_establishments_export_csv_full (CrrcStore                      *store,
                                     const CrrcEstablishmentsFilter *filter,
                                     CrrcEstablishmentsSort          sort,
                                     gboolean                        descending,
                                     gboolean                        diffusion,
                                     GFile                          *file,
                                     char                            separator,
                                     guint                          *n_rows,
                                     GCancellable                   *cancellable,
                                     GError                        **error)
{
  static const char * const headers[] = {
    "finess", "name", "category", "department", "commune",
    "maturity_score", "maturity_band", "incidents", "last_audit",
  };
  gboolean dropped[G_N_ELEMENTS (headers)] = { FALSE };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CrrcPrivateFile) stream = NULL;
  gboolean first = TRUE;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(CrrcEstablishmentsFilter) empty = NULL;
  guint n = 0;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (separator == ';' || separator == ',', FALSE);

  if (filter == NULL)
    filter = empty = crrc_establishments_filter_new ();

  stmt = prepare_rows (store, filter, sort, descending, 0, -1, error);
  if (stmt == NULL)
    return FALSE;

  stream = crrc_private_file_open (file, cancellable, error);
  if (stream == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      dropped[i] = diffusion && crrc_diffusion_column_is_identifying (headers[i]);
      if (dropped[i])
        continue;
      if (!first)
        g_string_append_c (line, separator);
      first = FALSE;
      g_string_append (line, headers[i]);
    }
  g_string_append (line, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CrrcEstablishmentsRow) row = read_row (stmt);
      g_autofree char *score = row->maturity >= 0 ? g_strdup_printf ("%d", row->maturity) : NULL;
      g_autofree char *incidents = diffusion && crrc_diffusion_count_is_suppressed (row->incidents)
                                   ? g_strdup_printf ("<%d", CRRC_DIFFUSION_THRESHOLD)
                                   : g_strdup_printf ("%" G_GINT64_FORMAT, row->incidents);
      const char *values[] = {
        row->finess, row->name, row->category_label, row->department, row->commune,
        score, crrc_maturity_band_get_key (row->band), incidents, row->last_audit,
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (values) == G_N_ELEMENTS (headers));

      first = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (values); i++)
        {
          if (dropped[i])
            continue;
          if (!first)
            g_string_append_c (line, separator);
          first = FALSE;
          append_field (line, values[i], separator);
        }
      g_string_append (line, "\r\n");
      n++;

      if (line->len >= 64 * 1024)
        {
          if (!g_output_stream_write_all (crrc_private_file_get_stream (stream), line->str, line->len,
                                          NULL, cancellable, error))
            return FALSE;
          g_string_truncate (line, 0);
        }
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  /* On failure (the autoptr) the temporary file goes: @file keeps its
   * previous content. */
  if (!g_output_stream_write_all (crrc_private_file_get_stream (stream), line->str, line->len,
                                  NULL, cancellable, error)
      || !crrc_private_file_commit (g_steal_pointer (&stream), cancellable, error))
    return FALSE;

  if (n_rows != NULL)
    *n_rows = n;

  return TRUE;
}
