/* crrc-diagnostics.c: the analyst's own maturity diagnostics, and the
 * results of any diagnostic
 *
 * The analyst's diagnostics live in `local_diagnostics` and
 * `local_diagnostic_answers`, which no sync and no import writes. A draft
 * changes one answer at a time, each change in its own short BEGIN
 * IMMEDIATE transaction that also refreshes `updated_at`, so that closing
 * the window (or the application) loses nothing. Once validated, a
 * diagnostic no longer changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-diagnostics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "crrc-diagnostics.h"
#include "crrc-finess.h"
#include "crrc-store-private.h"

#define NOW_SQL "strftime ('%Y-%m-%dT%H:%M:%SZ', 'now')"

G_DEFINE_QUARK (crrc-diagnostics-error-quark, crrc_diagnostics_error)

/* Helpers */

static void
rollback (CrrcStore *store)
{
  (void) sqlite3_exec (_crrc_store_get_db (store), "ROLLBACK", NULL, NULL, NULL);
}

static gboolean
commit (CrrcStore  *store,
        GError    **error)
{
  if (!_crrc_store_exec (store, "COMMIT", error))
    {
      rollback (store);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_date (const char  *date,
            GError     **error)
{
  int y, m, d;

  if (date != NULL && strlen (date) == 10 && date[4] == '-' && date[7] == '-' &&
      sscanf (date, "%4d-%2d-%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    return TRUE;

  g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID,
               _("“%s” is not a date: a diagnostic’s date is written YYYY-MM-DD."),
               date != NULL ? date : "");
  return FALSE;
}

static void
set_not_found (GError     **error,
               const char  *id)
{
  g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_NOT_FOUND,
               _("There is no diagnostic “%s” in the cache."), id);
}

/* Within a transaction: FALSE with @error unless @id is a draft. */
static gboolean
check_draft (CrrcStore   *store,
             const char  *id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, "SELECT status FROM local_diagnostics WHERE id = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error, id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "draft") != 0)
    {
      g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_VALIDATED,
                   _("The diagnostic “%s” is validated: it can no longer be changed."), id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
touch (CrrcStore   *store,
       const char  *id,
       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, "UPDATE local_diagnostics SET updated_at = " NOW_SQL
                                                 " WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return _crrc_store_step_done (store, stmt, error);
}

gboolean
crrc_diagnostic_answer_is_valid (const char *value)
{
  static const char * const values[] = { "0", "1", "2", "3", "na", "unknown" };

  if (value == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (value, values[i]))
      return TRUE;
  return FALSE;
}

/**
 * crrc_diagnostic_count_answered:
 * @referential: the referential
 * @answers: question id → answer
 * @domain: a domain's index, or -1 for all of them
 *
 * Returns: how many questions (of @domain) have an answer, whatever it is
 *   ("unknown" is a choice too)
 */
guint
crrc_diagnostic_count_answered (CrrcReferential *referential,
                                GHashTable      *answers,
                                int              domain)
{
  guint first = 0, n, count = 0;

  g_return_val_if_fail (referential != NULL, 0);
  g_return_val_if_fail (answers != NULL, 0);

  n = crrc_referential_get_n_questions (referential);
  if (domain >= 0)
    {
      const CrrcReferentialDomain *d = crrc_referential_get_domain (referential, (guint) domain);

      first = d->first_question;
      n = d->n_questions;
    }
  for (guint q = first; q < first + n; q++)
    if (g_hash_table_contains (answers, crrc_referential_get_question (referential, q)->id))
      count++;
  return count;
}

/* Local diagnostics */

void
crrc_local_diagnostic_free (CrrcLocalDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->id);
  g_free (diagnostic->finess);
  g_free (diagnostic->date);
  g_free (diagnostic->referential);
  g_free (diagnostic->campaign);
  g_free (diagnostic->created_at);
  g_free (diagnostic->updated_at);
  g_free (diagnostic->validated_at);
  g_clear_pointer (&diagnostic->answers, g_hash_table_unref);
  g_free (diagnostic);
}

static GHashTable *
new_answers (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * crrc_local_diagnostic_create:
 * @store: the writable cache
 * @finess: the establishment's FINESS number, spaces allowed
 * @campaign: (nullable): the campaign the diagnostic belongs to
 * @date: (nullable): YYYY-MM-DD, or %NULL for today
 *
 * Returns: (transfer full) (nullable): the new draft's id
 */
char *
crrc_local_diagnostic_create (CrrcStore   *store,
                              const char  *finess,
                              const char  *campaign,
                              const char  *date,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = NULL;
  g_autofree char *id = NULL;
  g_autofree char *uuid = NULL;
  char parsed[CRRC_FINESS_LENGTH + 1];
  CrrcReferential *referential;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (finess != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (crrc_finess_parse (finess, parsed) == CRRC_FINESS_INVALID)
    {
      g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID,
                   _("“%s” is not a FINESS number: it has nine characters, digits but for a Corsican A or B in the second place."),
                   finess);
      return NULL;
    }
  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      date = today = g_date_time_format (now, "%Y-%m-%d");
    }
  if (!check_date (date, error))
    return NULL;
  if (campaign != NULL && *campaign == '\0')
    campaign = NULL;

  referential = crrc_referential_get_default (error);
  if (referential == NULL)
    return NULL;

  stmt = _crrc_store_prepare (store,
                              "INSERT INTO local_diagnostics (id, finess, date, referential, campaign, status,"
                              " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 'draft', " NOW_SQL ", " NOW_SQL ")",
                  error);
  if (stmt == NULL)
    return NULL;

  uuid = g_uuid_string_random ();
  id = g_strconcat ("LOCAL-DIAG-", uuid, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, parsed, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, crrc_referential_get_id (referential), -1, SQLITE_STATIC);
  if (campaign != NULL)
    sqlite3_bind_text (stmt, 5, campaign, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);

  /* One statement: its own transaction. */
  if (!_crrc_store_step_done (store, stmt, error))
    return NULL;

  return g_steal_pointer (&id);
}

/**
 * crrc_local_diagnostic_set_answer:
 * @store: the writable cache
 * @id: a draft
 * @question: a question id of the built-in referential
 * @answer: (nullable): "0".."3", "na", "unknown", or %NULL to clear it
 *
 * Returns: %TRUE when written
 */
gboolean
crrc_local_diagnostic_set_answer (CrrcStore   *store,
                                  const char  *id,
                                  const char  *question,
                                  const char  *answer,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CrrcReferential *referential;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (question != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  referential = crrc_referential_get_default (error);
  if (referential == NULL)
    return FALSE;
  if (crrc_referential_lookup_question (referential, question) == NULL)
    {
      g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID,
                   _("The referential %s has no question “%s”."),
                   crrc_referential_get_id (referential), question);
      return FALSE;
    }
  if (answer != NULL && !crrc_diagnostic_answer_is_valid (answer))
    {
      g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID,
                   _("“%s” is not an answer to “%s”: the answers are 0, 1, 2, 3, na and unknown."),
                   answer, question);
      return FALSE;
    }

  if (!_crrc_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!check_draft (store, id, error))
    goto fail;

  if (answer != NULL)
    stmt = _crrc_store_prepare (store, "INSERT INTO local_diagnostic_answers (diagnostic_id, question, answer)"
                           " VALUES (?1, ?2, ?3) ON CONFLICT (diagnostic_id, question)"
                           " DO UPDATE SET answer = excluded.answer", error);
  else
    stmt = _crrc_store_prepare (store, "DELETE FROM local_diagnostic_answers WHERE diagnostic_id = ?1 AND question = ?2",
                                error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, question, -1, SQLITE_STATIC);
  if (answer != NULL)
    sqlite3_bind_text (stmt, 3, answer, -1, SQLITE_STATIC);
  if (!_crrc_store_step_done (store, stmt, error) || !touch (store, id, error))
    goto fail;

  return commit (store, error);

fail:
  rollback (store);
  return FALSE;
}

/**
 * crrc_local_diagnostic_set_date:
 * @store: the writable cache
 * @id: a draft
 * @date: YYYY-MM-DD
 *
 * Returns: %TRUE when written
 */
gboolean
crrc_local_diagnostic_set_date (CrrcStore   *store,
                                const char  *id,
                                const char  *date,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_date (date, error))
    return FALSE;

  if (!_crrc_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!check_draft (store, id, error))
    goto fail;
  stmt = _crrc_store_prepare (store, "UPDATE local_diagnostics SET date = ?2, updated_at = " NOW_SQL " WHERE id = ?1",
                              error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_STATIC);
  if (!_crrc_store_step_done (store, stmt, error))
    goto fail;

  return commit (store, error);

fail:
  rollback (store);
  return FALSE;
}

/**
 * crrc_local_diagnostic_validate:
 * @store: the writable cache
 * @id: a draft with at least one answer
 *
 * Returns: %TRUE when validated
 */
gboolean
crrc_local_diagnostic_validate (CrrcStore   *store,
                                const char  *id,
                                GError     **error)
{
  g_autoptr(sqlite3_stmt) count = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_crrc_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!check_draft (store, id, error))
    goto fail;

  count = _crrc_store_prepare (store, "SELECT count(*) FROM local_diagnostic_answers WHERE diagnostic_id = ?1", error);
  if (count == NULL)
    goto fail;
  sqlite3_bind_text (count, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      goto fail;
    }
  if (sqlite3_column_int (count, 0) == 0)
    {
      g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_EMPTY,
                   _("The diagnostic “%s” has no answer yet: answer at least one question before validating it."),
                   id);
      goto fail;
    }

  stmt = _crrc_store_prepare (store, "UPDATE local_diagnostics SET status = 'validated', validated_at = " NOW_SQL ","
                         " updated_at = " NOW_SQL " WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (!_crrc_store_step_done (store, stmt, error))
    goto fail;

  return commit (store, error);

fail:
  rollback (store);
  return FALSE;
}

/**
 * crrc_local_diagnostic_delete:
 * @store: the writable cache
 * @id: a draft
 *
 * Returns: %TRUE when deleted
 */
gboolean
crrc_local_diagnostic_delete (CrrcStore   *store,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(sqlite3_stmt) answers = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_crrc_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!check_draft (store, id, error))
    goto fail;

  /* Whether or not foreign keys are enforced on this connection. */
  answers = _crrc_store_prepare (store, "DELETE FROM local_diagnostic_answers WHERE diagnostic_id = ?1", error);
  stmt = answers != NULL ? _crrc_store_prepare (store, "DELETE FROM local_diagnostics WHERE id = ?1", error) : NULL;
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (answers, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (!_crrc_store_step_done (store, answers, error) || !_crrc_store_step_done (store, stmt, error))
    goto fail;

  return commit (store, error);

fail:
  rollback (store);
  return FALSE;
}

/**
 * crrc_local_diagnostic_find_draft:
 * @store: the cache
 * @finess: the establishment's FINESS number, spaces allowed
 *
 * Returns: (transfer full) (nullable): the id of its draft, or %NULL
 *   (without @error) when it has none
 */
char *
crrc_local_diagnostic_find_draft (CrrcStore   *store,
                                  const char  *finess,
                                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char parsed[CRRC_FINESS_LENGTH + 1];
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (finess != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (crrc_finess_parse (finess, parsed) == CRRC_FINESS_INVALID)
    return NULL;

  stmt = _crrc_store_prepare (store, "SELECT id FROM local_diagnostics WHERE finess = ?1 AND status = 'draft'"
                         " ORDER BY updated_at DESC, created_at DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, parsed, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _crrc_column_dup (stmt, 0);
  if (rc != SQLITE_DONE)
    _crrc_store_set_error (store, error);
  return NULL;
}

#define LOCAL_COLUMNS \
  "SELECT id, finess, date, referential, campaign, status, created_at, updated_at, validated_at" \
  " FROM local_diagnostics"

static CrrcLocalDiagnostic *
read_local (sqlite3_stmt *stmt)
{
  CrrcLocalDiagnostic *diagnostic = g_new0 (CrrcLocalDiagnostic, 1);

  diagnostic->id = _crrc_column_dup (stmt, 0);
  diagnostic->finess = _crrc_column_dup (stmt, 1);
  diagnostic->date = _crrc_column_dup (stmt, 2);
  diagnostic->referential = _crrc_column_dup (stmt, 3);
  diagnostic->campaign = _crrc_column_dup (stmt, 4);
  diagnostic->validated = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), "validated") == 0;
  diagnostic->created_at = _crrc_column_dup (stmt, 6);
  diagnostic->updated_at = _crrc_column_dup (stmt, 7);
  diagnostic->validated_at = _crrc_column_dup (stmt, 8);
  diagnostic->answers = new_answers ();
  return diagnostic;
}

/* Fills @answers with those of @id, in @table. */
static gboolean
load_answers (CrrcStore   *store,
              const char  *table,
              const char  *id,
              GHashTable  *answers,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT question, answer FROM %s WHERE diagnostic_id = ?1", table);
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (answers, _crrc_column_dup (stmt, 0), _crrc_column_dup (stmt, 1));
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  return TRUE;
}

/**
 * crrc_local_diagnostic_load:
 * @store: the cache
 * @id: a local diagnostic
 *
 * Returns: (transfer full) (nullable): the diagnostic and its answers
 */
CrrcLocalDiagnostic *
crrc_local_diagnostic_load (CrrcStore   *store,
                            const char  *id,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(CrrcLocalDiagnostic) diagnostic = NULL;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _crrc_store_prepare (store, LOCAL_COLUMNS " WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error, id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  diagnostic = read_local (stmt);
  if (!load_answers (store, "local_diagnostic_answers", id, diagnostic->answers, error))
    return NULL;

  return g_steal_pointer (&diagnostic);
}

/**
 * crrc_local_diagnostic_list:
 * @store: the cache
 * @finess: (nullable): an establishment, or %NULL for all
 *
 * Returns: (transfer full) (element-type CrrcLocalDiagnostic) (nullable):
 *   the local diagnostics, newest first
 */
GPtrArray *
crrc_local_diagnostic_list (CrrcStore   *store,
                            const char  *finess,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) list = NULL;
  char parsed[CRRC_FINESS_LENGTH + 1];
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _crrc_store_prepare (store, LOCAL_COLUMNS " WHERE ?1 IS NULL OR finess = ?1"
                         " ORDER BY date DESC, updated_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;
  if (finess != NULL)
    {
      if (crrc_finess_parse (finess, parsed) == CRRC_FINESS_INVALID)
        g_strlcpy (parsed, "", sizeof parsed);
      sqlite3_bind_text (stmt, 1, parsed, -1, SQLITE_STATIC);
    }
  else
    sqlite3_bind_null (stmt, 1);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_local_diagnostic_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, read_local (stmt));
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      CrrcLocalDiagnostic *diagnostic = g_ptr_array_index (list, i);

      if (!load_answers (store, "local_diagnostic_answers", diagnostic->id, diagnostic->answers, error))
        return NULL;
    }

  return g_steal_pointer (&list);
}

/* Results */

void
crrc_diagnostic_results_free (CrrcDiagnosticResults *results)
{
  if (results == NULL)
    return;
  g_free (results->id);
  g_free (results->finess);
  g_free (results->date);
  g_free (results->campaign);
  g_clear_pointer (&results->answers, g_hash_table_unref);
  g_clear_pointer (&results->scores, crrc_maturity_scores_free);
  g_free (results->name);
  g_free (results->category);
  g_free (results->category_label);
  g_free (results->commune);
  g_free (results->department);
  g_free (results->region);
  g_free (results->peer_medians);
  g_free (results->peer_low);
  g_free (results->peer_high);
  g_free (results->previous_date);
  g_free (results->progress);
  g_free (results);
}

/* The diagnostic @id: synced first, then local. */
#define RESULTS_SQL \
  "SELECT id, finess, date, referential, campaign, 0, 'validated' FROM diagnostics WHERE id = ?1" \
  " UNION ALL" \
  " SELECT id, finess, date, referential, campaign, 1, status FROM local_diagnostics WHERE id = ?1"

#define ESTABLISHMENT_SQL \
  "SELECT name, category, category_label, commune, department, region" \
  " FROM establishments WHERE finess = ?1"

static gboolean
load_establishment (CrrcStore              *store,
                    CrrcDiagnosticResults  *results,
                    GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = _crrc_store_prepare (store, ESTABLISHMENT_SQL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, results->finess, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      results->name = _crrc_column_dup (stmt, 0);
      results->category = _crrc_column_dup (stmt, 1);
      results->category_label = _crrc_column_dup (stmt, 2);
      results->commune = _crrc_column_dup (stmt, 3);
      results->department = _crrc_column_dup (stmt, 4);
      results->region = _crrc_column_dup (stmt, 5);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  return TRUE;
}

/* The progress since the diagnostic that comes after @results in the
 * establishment's history (newest first). */
static gboolean
load_progress (CrrcStore              *store,
               CrrcDiagnosticResults  *results,
               GError                **error)
{
  g_autoptr(GPtrArray) history = crrc_maturity_load_diagnostics (store, results->finess, error);
  guint n_domains = crrc_referential_get_n_domains (results->referential);

  if (history == NULL)
    return FALSE;

  for (guint i = 0; i + 1 < history->len; i++)
    {
      CrrcMaturityDiagnostic *diagnostic = g_ptr_array_index (history, i);
      CrrcMaturityDiagnostic *previous;

      if (diagnostic->local != results->local || g_strcmp0 (diagnostic->id, results->id) != 0)
        continue;
      previous = g_ptr_array_index (history, i + 1);
      results->previous_date = g_strdup (previous->date);
      results->progress = g_new (int, n_domains);
      crrc_maturity_progress (results->scores, previous->scores, results->progress);
      return TRUE;
    }

  /* A draft is not in the history: compare it with the latest one. */
  if (!results->validated && history->len > 0)
    {
      CrrcMaturityDiagnostic *previous = g_ptr_array_index (history, 0);

      results->previous_date = g_strdup (previous->date);
      results->progress = g_new (int, n_domains);
      crrc_maturity_progress (results->scores, previous->scores, results->progress);
    }
  return TRUE;
}

/**
 * crrc_diagnostic_results_load:
 * @store: the cache (a reader is fine)
 * @id: a synced or local diagnostic
 *
 * Returns: (transfer full) (nullable): its results
 */
CrrcDiagnosticResults *
crrc_diagnostic_results_load (CrrcStore   *store,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(CrrcDiagnosticResults) results = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) all = new_answers ();
  g_autofree char *referential_id = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_domains;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _crrc_store_prepare (store, RESULTS_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      set_not_found (error, id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  results = g_new0 (CrrcDiagnosticResults, 1);
  results->id = _crrc_column_dup (stmt, 0);
  results->finess = _crrc_column_dup (stmt, 1);
  results->date = _crrc_column_dup (stmt, 2);
  referential_id = _crrc_column_dup (stmt, 3);
  results->campaign = _crrc_column_dup (stmt, 4);
  results->local = sqlite3_column_int (stmt, 5) != 0;
  results->validated = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), "validated") == 0;
  g_clear_pointer (&stmt, sqlite3_finalize);

  results->referential = crrc_referential_get_default (error);
  if (results->referential == NULL)
    return NULL;
  if (g_strcmp0 (referential_id, crrc_referential_get_id (results->referential)) != 0)
    {
      g_set_error (error, CRRC_DIAGNOSTICS_ERROR, CRRC_DIAGNOSTICS_ERROR_INVALID,
                   _("The diagnostic “%s” was answered against the referential “%s”, which this version does not know (it knows %s)."),
                   id, referential_id, crrc_referential_get_id (results->referential));
      return NULL;
    }

  if (!load_answers (store, results->local ? "local_diagnostic_answers" : "diagnostic_answers",
                     results->id, all, error))
    return NULL;

  /* Answers to questions of a newer referential are left out. */
  results->answers = new_answers ();
  g_hash_table_iter_init (&iter, all);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (crrc_referential_lookup_question (results->referential, key) != NULL &&
        crrc_diagnostic_answer_is_valid (value))
      g_hash_table_insert (results->answers, g_strdup (key), g_strdup (value));

  results->scores = crrc_maturity_score (results->referential, results->answers, error);
  if (results->scores == NULL)
    return NULL;

  if (!load_establishment (store, results, error))
    return NULL;

  n_domains = crrc_referential_get_n_domains (results->referential);
  results->peer_medians = g_new (int, n_domains);
  results->peer_low = g_new (int, n_domains);
  results->peer_high = g_new (int, n_domains);
  if (!crrc_maturity_peer_medians (store, results->referential, results->category, results->region,
                                   results->finess, results->peer_medians, results->peer_low,
                                   results->peer_high, &results->n_peers, error))
    return NULL;

  if (!load_progress (store, results, error))
    return NULL;

  return g_steal_pointer (&results);
}
