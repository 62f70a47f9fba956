/* crrc-query-establishments.c: the establishments behind a figure
 *
 * The drill-down of the Observatoire: which establishments a bar, a
 * department or a key figure counts. One constant statement per kind of
 * event (incidents, some of them, audits, alerts), grouped by FINESS
 * number, with every value bound: the year (?1), the region (?2), the
 * sector (?3) and the department (?4) of the establishment, the origin
 * (?5), month (?6), type (?7) and functioning impact (?8) of an incident,
 * "unknown establishments only" (?9), the audit target (?10) and the
 * limit (?11); NULL for "all". The conditions are those of crrc-query.c,
 * so that the counts of the list add up to the figure drilled into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-query"

#include "config.h"

#include "crrc-query-establishments.h"
#include "crrc-store-private.h"

/* Hospital centres: categories 355 (C.H.) and 101 (C.H.R.), as in
 * crrc-query.c. */
#define IS_CH "e.category IN ('355', '101')"

#define ESTABLISHMENT_WHERE \
  " (?2 IS NULL OR e.region = ?2) AND (?3 IS NULL OR e.sector = ?3)" \
  " AND (?4 IS NULL OR e.department = ?4) AND (?9 = 0 OR e.finess IS NULL)" \
  " AND (?10 IS NULL" \
  "  OR (?10 = 'centre_hospitalier' AND " IS_CH ")" \
  "  OR (?10 = 'sanitaire_autre' AND e.sector = 'sanitaire' AND NOT " IS_CH ")" \
  "  OR (?10 = 'medico_social' AND e.sector = 'medico_social')" \
  "  OR (?10 = 'grades' AND e.sector = 'grades'))"

#define INCIDENTS_FROM(condition) \
  " FROM incidents x LEFT JOIN establishments e ON e.finess = x.finess" \
  " WHERE (?1 IS NULL OR x.year = ?1) AND (?5 IS NULL OR x.origin = ?5)" \
  " AND (?6 IS NULL OR x.month = ?6) AND (?7 IS NULL OR x.type = ?7)" \
  " AND (?8 IS NULL OR x.functioning_impact = ?8)" condition " AND" ESTABLISHMENT_WHERE

#define AUDITS_FROM \
  " FROM audits x LEFT JOIN establishments e ON e.finess = x.finess" \
  " WHERE (?1 IS NULL OR x.year = ?1) AND x.kind = 'cybersurveillance' AND" ESTABLISHMENT_WHERE

#define ALERTS_FROM \
  " FROM alerts x LEFT JOIN establishments e ON e.finess = x.finess" \
  " WHERE (?1 IS NULL OR x.year = ?1) AND" ESTABLISHMENT_WHERE

#define ROWS(from) \
  "SELECT x.finess, e.name, e.category, e.category_label, e.department, e.commune," \
  " e.postal_line, e.sector, count(*) AS n" from \
  " GROUP BY x.finess" \
  " ORDER BY n DESC, e.name IS NULL, e.name COLLATE NOCASE, x.finess LIMIT ?11"

#define TOTAL(from) \
  "SELECT count(*), coalesce (sum (n), 0) FROM (SELECT count(*) AS n" from " GROUP BY x.finess)"

#define PATIENT_CARE " AND x.patient_care_impact = 1"
#define SUPPORT_REQUESTED " AND x.support_requested = 1"
#define CERT_SUPPORTED " AND x.cert_support = 1"

static const char * const rows_sql[] = {
  [CRRC_QUERY_DRILL_INCIDENTS] = ROWS (INCIDENTS_FROM ("")),
  [CRRC_QUERY_DRILL_PATIENT_CARE] = ROWS (INCIDENTS_FROM (PATIENT_CARE)),
  [CRRC_QUERY_DRILL_SUPPORT_REQUESTS] = ROWS (INCIDENTS_FROM (SUPPORT_REQUESTED)),
  [CRRC_QUERY_DRILL_CERT_SUPPORTED] = ROWS (INCIDENTS_FROM (CERT_SUPPORTED)),
  [CRRC_QUERY_DRILL_AUDITS] = ROWS (AUDITS_FROM),
  [CRRC_QUERY_DRILL_ALERTS] = ROWS (ALERTS_FROM),
};

static const char * const total_sql[] = {
  [CRRC_QUERY_DRILL_INCIDENTS] = TOTAL (INCIDENTS_FROM ("")),
  [CRRC_QUERY_DRILL_PATIENT_CARE] = TOTAL (INCIDENTS_FROM (PATIENT_CARE)),
  [CRRC_QUERY_DRILL_SUPPORT_REQUESTS] = TOTAL (INCIDENTS_FROM (SUPPORT_REQUESTED)),
  [CRRC_QUERY_DRILL_CERT_SUPPORTED] = TOTAL (INCIDENTS_FROM (CERT_SUPPORTED)),
  [CRRC_QUERY_DRILL_AUDITS] = TOTAL (AUDITS_FROM),
  [CRRC_QUERY_DRILL_ALERTS] = TOTAL (ALERTS_FROM),
};

G_STATIC_ASSERT (G_N_ELEMENTS (rows_sql) == CRRC_QUERY_DRILL_N_KINDS);
G_STATIC_ASSERT (G_N_ELEMENTS (total_sql) == CRRC_QUERY_DRILL_N_KINDS);

void
crrc_query_establishment_free (CrrcQueryEstablishment *establishment)
{
  if (establishment == NULL)
    return;

  g_free (establishment->finess);
  g_free (establishment->name);
  g_free (establishment->category);
  g_free (establishment->category_label);
  g_free (establishment->department);
  g_free (establishment->commune);
  g_free (establishment->postal_line);
  g_free (establishment->sector);
  g_free (establishment);
}

static int
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static int
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  int           value)
{
  if (value == 0)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_int (stmt, index, value);
}

#define OR_DEFAULT(drill_value, filter_value) ((drill_value) ? (drill_value) : (filter_value))

/* Prepares @sql with the filter and the drill bound; the limit (?11) only
 * when the statement has it. */
static sqlite3_stmt *
prepare (CrrcStore              *store,
         const char             *sql,
         const CrrcQueryFilter  *filter,
         const CrrcQueryDrill   *drill,
         gint64                  limit,
         GError                **error)
{
  static const CrrcQueryFilter no_filter = { 0 };
  static const CrrcQueryDrill no_drill = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc = SQLITE_OK;

  if (filter == NULL)
    filter = &no_filter;
  if (drill == NULL)
    drill = &no_drill;

  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  if (rc == SQLITE_OK)
    rc = bind_int_or_null (stmt, 1, OR_DEFAULT (drill->year, filter->year));
  if (rc == SQLITE_OK)
    rc = bind_text (stmt, 2, filter->region);
  if (rc == SQLITE_OK)
    rc = bind_text (stmt, 3, OR_DEFAULT (drill->sector, filter->sector));
  if (rc == SQLITE_OK)
    rc = bind_text (stmt, 4, OR_DEFAULT (drill->department, filter->department));
  if (rc == SQLITE_OK)
    rc = bind_text (stmt, 5, OR_DEFAULT (drill->origin, filter->origin));
  if (rc == SQLITE_OK)
    rc = bind_int_or_null (stmt, 6, drill->month);
  if (rc == SQLITE_OK)
    rc = bind_text (stmt, 7, drill->type);
  if (rc == SQLITE_OK)
    rc = bind_text (stmt, 8, drill->functioning_impact);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_int (stmt, 9, drill->unknown_establishments ? 1 : 0);
  if (rc == SQLITE_OK)
    rc = bind_text (stmt, 10, drill->audit_target);
  if (rc == SQLITE_OK && sqlite3_bind_parameter_count (stmt) >= 11)
    rc = sqlite3_bind_int64 (stmt, 11, limit);
  if (rc != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&stmt);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * crrc_query_establishments:
 * @store: the cache (from the thread that owns it)
 * @filter: (nullable): the page's scope, or %NULL for everything
 * @drill: (nullable): what was activated, or %NULL for all incidents
 * @limit: the most rows to return, or 0 for all of them
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full) (element-type CrrcQueryEstablishment): the
 *   establishments by count, descending, or %NULL on error
 */
GPtrArray *
crrc_query_establishments (CrrcStore             *store,
                           const CrrcQueryFilter *filter,
                           const CrrcQueryDrill  *drill,
                           guint                  limit,
                           GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CrrcQueryDrillKind kind = drill != NULL ? drill->kind : CRRC_QUERY_DRILL_INCIDENTS;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail ((guint) kind < CRRC_QUERY_DRILL_N_KINDS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A negative limit is "no limit" to SQLite. */
  stmt = prepare (store, rows_sql[kind], filter, drill, limit > 0 ? (gint64) limit : -1, error);
  if (stmt == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_query_establishment_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcQueryEstablishment *row = g_new0 (CrrcQueryEstablishment, 1);

      row->finess = column_dup (stmt, 0);
      row->name = column_dup (stmt, 1);
      row->category = column_dup (stmt, 2);
      row->category_label = column_dup (stmt, 3);
      row->department = column_dup (stmt, 4);
      row->commune = column_dup (stmt, 5);
      row->postal_line = column_dup (stmt, 6);
      row->sector = column_dup (stmt, 7);
      row->count = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/**
 * crrc_query_establishments_total:
 * @store: the cache (from the thread that owns it)
 * @filter: (nullable): the page's scope, or %NULL for everything
 * @drill: (nullable): what was activated, or %NULL for all incidents
 * @total: (out caller-allocates): the number of establishments and events
 * @error: return location for a SQLite error
 *
 * The size of crrc_query_establishments()'s list without a limit.
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_query_establishments_total (CrrcStore                    *store,
                                 const CrrcQueryFilter        *filter,
                                 const CrrcQueryDrill         *drill,
                                 CrrcQueryEstablishmentsTotal *total,
                                 GError                      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  CrrcQueryDrillKind kind = drill != NULL ? drill->kind : CRRC_QUERY_DRILL_INCIDENTS;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail ((guint) kind < CRRC_QUERY_DRILL_N_KINDS, FALSE);
  g_return_val_if_fail (total != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = prepare (store, total_sql[kind], filter, drill, -1, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  total->establishments = sqlite3_column_int64 (stmt, 0);
  total->events = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}
