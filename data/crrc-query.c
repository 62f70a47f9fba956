/* crrc-query.c: aggregates over the cache (dashboard, report, exports)
 *
 * Every figure is one constant SQL statement with bound values: the year
 * (?1), the region (?2), the sector (?3) and the department (?4) of the
 * establishment, and the origin of an incident (?5), each NULL for "all"
 * (crrc_query_report() leaves ?4 and ?5 unbound, which is NULL). Events join the registry on the FINESS number (LEFT JOIN: an
 * incident of an establishment the cache does not know counts nationally,
 * in no region and no sector). Percentages are whole numbers rounded half
 * up, computed in integers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-query"

#include "config.h"

#include "crrc-query.h"
#include "crrc-store-private.h"

#define FILTER \
  " (?2 IS NULL OR e.region = ?2) AND (?3 IS NULL OR e.sector = ?3)" \
  " AND (?4 IS NULL OR e.department = ?4)"

#define INCIDENTS_WHERE \
  " FROM incidents i LEFT JOIN establishments e ON e.finess = i.finess" \
  " WHERE (?1 IS NULL OR i.year = ?1) AND (?5 IS NULL OR i.origin = ?5) AND" FILTER

/* The column of each dimension: constant text, never data. */
#define COLUMN_YEAR "i.year"
#define COLUMN_MONTH "printf ('%02d', i.month)"
#define COLUMN_REGION "e.region"
#define COLUMN_DEPARTMENT "e.department"
#define COLUMN_SECTOR "e.sector"
#define COLUMN_ORIGIN "i.origin"
#define COLUMN_TYPE "i.type"
#define COLUMN_FUNCTIONING_IMPACT "i.functioning_impact"
#define COLUMN_SEVERITY "i.severity"

#define COUNT_BY(column) \
  "SELECT " column ", count(*)" INCIDENTS_WHERE " GROUP BY 1 ORDER BY 1"

static const char * const count_sql[] = {
  [CRRC_QUERY_BY_YEAR] = COUNT_BY (COLUMN_YEAR),
  [CRRC_QUERY_BY_MONTH] = COUNT_BY (COLUMN_MONTH),
  [CRRC_QUERY_BY_REGION] = COUNT_BY (COLUMN_REGION),
  [CRRC_QUERY_BY_DEPARTMENT] = COUNT_BY (COLUMN_DEPARTMENT),
  [CRRC_QUERY_BY_SECTOR] = COUNT_BY (COLUMN_SECTOR),
  [CRRC_QUERY_BY_ORIGIN] = COUNT_BY (COLUMN_ORIGIN),
  [CRRC_QUERY_BY_TYPE] = COUNT_BY (COLUMN_TYPE),
  [CRRC_QUERY_BY_FUNCTIONING_IMPACT] = COUNT_BY (COLUMN_FUNCTIONING_IMPACT),
  [CRRC_QUERY_BY_SEVERITY] = COUNT_BY (COLUMN_SEVERITY),
};

static const char * const dimension_columns[] = {
  [CRRC_QUERY_BY_YEAR] = COLUMN_YEAR,
  [CRRC_QUERY_BY_MONTH] = COLUMN_MONTH,
  [CRRC_QUERY_BY_REGION] = COLUMN_REGION,
  [CRRC_QUERY_BY_DEPARTMENT] = COLUMN_DEPARTMENT,
  [CRRC_QUERY_BY_SECTOR] = COLUMN_SECTOR,
  [CRRC_QUERY_BY_ORIGIN] = COLUMN_ORIGIN,
  [CRRC_QUERY_BY_TYPE] = COLUMN_TYPE,
  [CRRC_QUERY_BY_FUNCTIONING_IMPACT] = COLUMN_FUNCTIONING_IMPACT,
  [CRRC_QUERY_BY_SEVERITY] = COLUMN_SEVERITY,
};

G_STATIC_ASSERT (G_N_ELEMENTS (count_sql) == G_N_ELEMENTS (dimension_columns));

static const char incidents_sql[] =
  "SELECT count(*),"
  " coalesce (sum (i.origin = 'malicious'), 0),"
  " coalesce (sum (i.origin = 'non_malicious'), 0),"
  " coalesce (sum (i.patient_care_impact), 0),"
  " coalesce (sum (i.functioning_impact = 'none'), 0),"
  " coalesce (sum (i.support_requested = 1), 0),"
  " count (DISTINCT CASE WHEN i.cert_support = 1 THEN i.finess END),"
  " coalesce (sum (i.severity IN ('important', 'extreme')), 0),"
  " coalesce (sum (i.type = 'ransomware'), 0),"
  " count (DISTINCT i.finess)"
  INCIDENTS_WHERE;

/* Hospital centres: categories 355 (C.H.) and 101 (C.H.R.). */
#define IS_CH "e.category IN ('355', '101')"

static const char audits_sql[] =
  "SELECT count(*),"
  " coalesce (sum (" IS_CH "), 0),"
  " coalesce (sum (e.sector = 'sanitaire' AND NOT " IS_CH "), 0),"
  " coalesce (sum (e.sector = 'medico_social'), 0),"
  " coalesce (sum (e.sector = 'grades'), 0),"
  " count (DISTINCT CASE WHEN " IS_CH " THEN e.ght END)"
  " FROM audits a LEFT JOIN establishments e ON e.finess = a.finess"
  " WHERE (?1 IS NULL OR a.year = ?1) AND a.kind = 'cybersurveillance' AND" FILTER;

/* GHT more than half of whose establishments were audited in the year. */
static const char ght_majority_sql[] =
  "SELECT count(*) FROM ("
  "  SELECT e.ght AS ght, count (DISTINCT a.finess) AS audited"
  "  FROM audits a JOIN establishments e ON e.finess = a.finess"
  "  WHERE (?1 IS NULL OR a.year = ?1) AND a.kind = 'cybersurveillance' AND e.ght IS NOT NULL AND" FILTER
  "  GROUP BY e.ght) x"
  " WHERE x.audited * 2 > (SELECT count(*) FROM establishments g WHERE g.ght = x.ght)";

static const char alerts_sql[] =
  "SELECT count (DISTINCT a.finess)"
  " FROM alerts a LEFT JOIN establishments e ON e.finess = a.finess"
  " WHERE (?1 IS NULL OR a.year = ?1) AND" FILTER;

static const char audited_sql[] =
  "SELECT count (DISTINCT a.finess)"
  " FROM audits a LEFT JOIN establishments e ON e.finess = a.finess"
  " WHERE (?1 IS NULL OR a.year = ?1) AND a.kind = 'cybersurveillance' AND" FILTER;

static const char establishments_by_department_sql[] =
  "SELECT e.department, count(*) FROM establishments e"
  " WHERE e.closed_on IS NULL AND" FILTER
  " GROUP BY 1 ORDER BY 1";

static const char declarants_by_sector_sql[] =
  "SELECT e.sector, count (DISTINCT i.finess)" INCIDENTS_WHERE " GROUP BY 1 ORDER BY 1";

static const char latest_year_sql[] =
  "SELECT coalesce (max (year), 0) FROM incidents";

/* A year is complete once it has incidents in December. */
static const char latest_complete_year_sql[] =
  "SELECT coalesce ((SELECT max (year) FROM incidents WHERE month = 12),"
  "                 (SELECT max (year) FROM incidents), 0)";

static const char has_source_sql[] =
  "SELECT EXISTS (SELECT 1 FROM incidents WHERE source = ?1)"
  " OR EXISTS (SELECT 1 FROM establishments WHERE source = ?1)";

static const char freshness_sql[] =
  "SELECT max (last_success_at) FROM feed_state";

static const char empty_sql[] =
  "SELECT NOT EXISTS (SELECT 1 FROM establishments) AND NOT EXISTS (SELECT 1 FROM incidents)";

static sqlite3_stmt *
prepare (CrrcStore   *store,
         const char  *sql,
         int          year,
         const char  *region,
         const char  *sector,
         GError     **error)
{
  sqlite3 *db = _crrc_store_get_db (store);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    {
      if (year != 0)
        sqlite3_bind_int (stmt, 1, year);
      else
        sqlite3_bind_null (stmt, 1);
    }
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    {
      sqlite3_bind_text (stmt, 2, region, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, sector, -1, SQLITE_TRANSIENT);
    }
  return stmt;
}

/* Runs a one-row statement; the caller reads the columns. */
static sqlite3_stmt *
query_row (CrrcStore   *store,
           const char  *sql,
           int          year,
           const char  *region,
           const char  *sector,
           GError     **error)
{
  sqlite3_stmt *stmt = prepare (store, sql, year, region, sector, error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static sqlite3_stmt *
prepare_filter (CrrcStore             *store,
                const char            *sql,
                const CrrcQueryFilter *filter,
                GError               **error)
{
  static const CrrcQueryFilter all = { 0 };
  sqlite3_stmt *stmt;
  int n_parameters;

  if (filter == NULL)
    filter = &all;

  stmt = prepare (store, sql, filter->year, filter->region, filter->sector, error);
  if (stmt == NULL)
    return NULL;

  n_parameters = sqlite3_bind_parameter_count (stmt);
  if (n_parameters >= 4)
    sqlite3_bind_text (stmt, 4, filter->department, -1, SQLITE_TRANSIENT);
  if (n_parameters >= 5)
    sqlite3_bind_text (stmt, 5, filter->origin, -1, SQLITE_TRANSIENT);

  return stmt;
}

static sqlite3_stmt *
query_row_filter (CrrcStore             *store,
                  const char            *sql,
                  const CrrcQueryFilter *filter,
                  GError               **error)
{
  sqlite3_stmt *stmt = prepare_filter (store, sql, filter, error);

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static void
clear_count (gpointer data)
{
  CrrcQueryCount *count = data;

  g_free (count->key);
}

static void
clear_count2 (gpointer data)
{
  CrrcQueryCount2 *count = data;

  g_free (count->row);
  g_free (count->column);
}

/* Reads (key, count) rows until the end; takes @stmt. */
static GArray *
read_counts (CrrcStore     *store,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) owned = stmt;
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (CrrcQueryCount));
  int rc;

  g_array_set_clear_func (counts, clear_count);
  while ((rc = sqlite3_step (owned)) == SQLITE_ROW)
    {
      CrrcQueryCount count = {
        g_strdup ((const char *) sqlite3_column_text (owned, 0)),
        sqlite3_column_int64 (owned, 1),
      };

      g_array_append_val (counts, count);
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

GArray *
crrc_query_count_incidents (CrrcStore           *store,
                            CrrcQueryDimension   dimension,
                            int                  year,
                            const char          *region,
                            const char          *sector,
                            GError             **error)
{
  CrrcQueryFilter filter = { year, region, NULL, sector, NULL };

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail ((guint) dimension < G_N_ELEMENTS (count_sql), NULL);

  return crrc_query_count_incidents_filtered (store, dimension, &filter, error);
}

/**
 * crrc_query_count_incidents_filtered:
 * @store: the cache
 * @dimension: what the incidents are counted by
 * @filter: (nullable): the scope, or %NULL for everything
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full): a GArray of CrrcQueryCount sorted by key, or
 *   %NULL on error
 */
GArray *
crrc_query_count_incidents_filtered (CrrcStore             *store,
                                     CrrcQueryDimension     dimension,
                                     const CrrcQueryFilter *filter,
                                     GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail ((guint) dimension < G_N_ELEMENTS (count_sql), NULL);

  stmt = prepare_filter (store, count_sql[dimension], filter, error);
  if (stmt == NULL)
    return NULL;

  return read_counts (store, stmt, error);
}

/**
 * crrc_query_count_incidents_2d:
 * @store: the cache
 * @rows: the first dimension
 * @columns: the second dimension
 * @filter: (nullable): the scope, or %NULL for everything
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full): a GArray of CrrcQueryCount2 sorted by row then
 *   column, or %NULL on error
 */
GArray *
crrc_query_count_incidents_2d (CrrcStore             *store,
                               CrrcQueryDimension     rows,
                               CrrcQueryDimension     columns,
                               const CrrcQueryFilter *filter,
                               GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail ((guint) rows < G_N_ELEMENTS (dimension_columns), NULL);
  g_return_val_if_fail ((guint) columns < G_N_ELEMENTS (dimension_columns), NULL);

  /* Assembled from the constant columns above only; the data is bound. */
  sql = g_strconcat ("SELECT ", dimension_columns[rows], ", ", dimension_columns[columns], ", count(*)",
                     INCIDENTS_WHERE " GROUP BY 1, 2 ORDER BY 1, 2", NULL);
  stmt = prepare_filter (store, sql, filter, error);
  if (stmt == NULL)
    return NULL;

  counts = g_array_new (FALSE, FALSE, sizeof (CrrcQueryCount2));
  g_array_set_clear_func (counts, clear_count2);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcQueryCount2 count = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (counts, count);
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}

gint64
crrc_query_percent (gint64 part,
                    gint64 whole)
{
  if (whole <= 0)
    return -1;
  return (200 * part + whole) / (2 * whole);
}

void
crrc_report_free (CrrcReport *report)
{
  if (report == NULL)
    return;
  g_free (report->region);
  g_free (report->sector);
  g_clear_pointer (&report->incidents_by_type, g_array_unref);
  g_free (report->data_freshness);
  g_free (report);
}

/**
 * crrc_query_report:
 * @store: the cache
 * @year: the year of the report
 * @region: (nullable): an INSEE region code, or %NULL for the whole country
 * @sector: (nullable): a sector (`sanitaire`, `medico_social`…), or %NULL
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full): the report, or %NULL on error
 */
CrrcReport *
crrc_query_report (CrrcStore   *store,
                   int          year,
                   const char  *region,
                   const char  *sector,
                   GError     **error)
{
  g_autoptr(CrrcReport) report = g_new0 (CrrcReport, 1);
  g_autoptr(GArray) months = NULL;
  sqlite3_stmt *stmt;
  gint64 previous;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (year > 0, NULL);

  report->year = year;
  report->region = g_strdup (region);
  report->sector = g_strdup (sector);

  if ((stmt = query_row (store, incidents_sql, year, region, sector, error)) == NULL)
    return NULL;
  report->incidents = sqlite3_column_int64 (stmt, 0);
  report->malicious_pct = crrc_query_percent (sqlite3_column_int64 (stmt, 1), report->incidents);
  report->non_malicious_pct = crrc_query_percent (sqlite3_column_int64 (stmt, 2), report->incidents);
  report->patient_care_impact_pct = crrc_query_percent (sqlite3_column_int64 (stmt, 3), report->incidents);
  report->no_functioning_impact_pct = crrc_query_percent (sqlite3_column_int64 (stmt, 4), report->incidents);
  report->support_requests = sqlite3_column_int64 (stmt, 5);
  report->support_requests_pct = crrc_query_percent (report->support_requests, report->incidents);
  report->cert_supported_establishments = sqlite3_column_int64 (stmt, 6);
  report->severe_incidents = sqlite3_column_int64 (stmt, 7);
  report->ransomware_incidents = sqlite3_column_int64 (stmt, 8);
  report->declaring_structures = sqlite3_column_int64 (stmt, 9);
  sqlite3_finalize (stmt);

  /* (Year 0 would be bound as NULL, "all years".) */
  previous = 0;
  if (year > 1)
    {
      if ((stmt = query_row (store, incidents_sql, year - 1, region, sector, error)) == NULL)
        return NULL;
      previous = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  report->incidents_previous_year = previous;
  report->has_change = previous > 0;
  if (report->has_change)
    {
      /* One decimal, half away from zero, from integers: tenths of a percent. */
      gint64 diff = report->incidents - previous;
      gint64 tenths = (2000 * (diff < 0 ? -diff : diff) + previous) / (2 * previous);

      report->incidents_change_pct = (double) (diff < 0 ? -tenths : tenths) / 10.0;
    }

  if ((stmt = query_row (store, audits_sql, year, region, sector, error)) == NULL)
    return NULL;
  report->audits = sqlite3_column_int64 (stmt, 0);
  report->audits_centre_hospitalier = sqlite3_column_int64 (stmt, 1);
  report->audits_sanitaire_autre = sqlite3_column_int64 (stmt, 2);
  report->audits_medico_social = sqlite3_column_int64 (stmt, 3);
  report->audits_grades = sqlite3_column_int64 (stmt, 4);
  report->audited_ght = sqlite3_column_int64 (stmt, 5);
  sqlite3_finalize (stmt);

  if ((stmt = query_row (store, ght_majority_sql, year, region, sector, error)) == NULL)
    return NULL;
  report->ght_majority_audited = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if ((stmt = query_row (store, alerts_sql, year, region, sector, error)) == NULL)
    return NULL;
  report->alerted_structures = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if ((stmt = query_row (store, freshness_sql, 0, NULL, NULL, error)) == NULL)
    return NULL;
  report->data_freshness = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  months = crrc_query_count_incidents (store, CRRC_QUERY_BY_MONTH, year, region, sector, error);
  if (months == NULL)
    return NULL;
  for (guint i = 0; i < months->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (months, CrrcQueryCount, i);
      guint64 month = count->key != NULL ? g_ascii_strtoull (count->key, NULL, 10) : 0;

      if (month >= 1 && month <= 12)
        report->incidents_by_month[month - 1] = count->count;
    }

  report->incidents_by_type = crrc_query_count_incidents (store, CRRC_QUERY_BY_TYPE, year, region,
                                                          sector, error);
  if (report->incidents_by_type == NULL)
    return NULL;

  return g_steal_pointer (&report);
}

static void
append_string_or_null (GString    *out,
                       const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_number_or_null (GString *out,
                       gint64   value)
{
  if (value < 0)
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

char *
crrc_report_to_json (const CrrcReport *r)
{
  GString *out = g_string_new ("{");

  g_return_val_if_fail (r != NULL, NULL);

#define KEY(name) g_string_append (out, (out->len > 1 ? ", \"" name "\": " : "\"" name "\": "))
  KEY ("year"); g_string_append_printf (out, "%d", r->year);
  KEY ("region"); append_string_or_null (out, r->region);
  KEY ("sector"); append_string_or_null (out, r->sector);
  KEY ("incidents"); append_number_or_null (out, r->incidents);
  KEY ("incidents_previous_year"); append_number_or_null (out, r->incidents_previous_year);
  KEY ("incidents_change_pct");
  if (r->has_change)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.1f", r->incidents_change_pct));
    }
  else
    g_string_append (out, "null");
  KEY ("malicious_pct"); append_number_or_null (out, r->malicious_pct);
  KEY ("non_malicious_pct"); append_number_or_null (out, r->non_malicious_pct);
  KEY ("patient_care_impact_pct"); append_number_or_null (out, r->patient_care_impact_pct);
  KEY ("no_functioning_impact_pct"); append_number_or_null (out, r->no_functioning_impact_pct);
  KEY ("support_requests"); append_number_or_null (out, r->support_requests);
  KEY ("support_requests_pct"); append_number_or_null (out, r->support_requests_pct);
  KEY ("cert_supported_establishments"); append_number_or_null (out, r->cert_supported_establishments);
  KEY ("severe_incidents"); append_number_or_null (out, r->severe_incidents);
  KEY ("ransomware_incidents"); append_number_or_null (out, r->ransomware_incidents);
  KEY ("audits"); append_number_or_null (out, r->audits);
  KEY ("audits_by_target");
  g_string_append_printf (out, "{\"centre_hospitalier\": %" G_GINT64_FORMAT
                          ", \"sanitaire_autre\": %" G_GINT64_FORMAT
                          ", \"medico_social\": %" G_GINT64_FORMAT
                          ", \"grades\": %" G_GINT64_FORMAT "}",
                          r->audits_centre_hospitalier, r->audits_sanitaire_autre,
                          r->audits_medico_social, r->audits_grades);
  KEY ("audited_ght"); append_number_or_null (out, r->audited_ght);
  KEY ("ght_majority_audited"); append_number_or_null (out, r->ght_majority_audited);
  KEY ("alerted_structures"); append_number_or_null (out, r->alerted_structures);
  KEY ("declaring_structures"); append_number_or_null (out, r->declaring_structures);
  KEY ("incidents_by_month");
  g_string_append_c (out, '[');
  for (guint m = 0; m < 12; m++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, m > 0 ? ", " : "", r->incidents_by_month[m]);
  g_string_append_c (out, ']');
  KEY ("incidents_by_type");
  g_string_append_c (out, '{');
  for (guint i = 0; r->incidents_by_type != NULL && i < r->incidents_by_type->len; i++)
    {
      const CrrcQueryCount *count = &g_array_index (r->incidents_by_type, CrrcQueryCount, i);

      if (i > 0)
        g_string_append (out, ", ");
      append_string_or_null (out, count->key != NULL ? count->key : "");
      g_string_append_printf (out, ": %" G_GINT64_FORMAT, count->count);
    }
  g_string_append_c (out, '}');
  KEY ("data_freshness"); append_string_or_null (out, r->data_freshness);
#undef KEY
  g_string_append (out, "}\n");

  return g_string_free (out, FALSE);
}

gboolean
crrc_query_cache_is_empty (CrrcStore  *store,
                           gboolean   *empty,
                           GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);

  if ((stmt = query_row (store, empty_sql, 0, NULL, NULL, error)) == NULL)
    return FALSE;
  *empty = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_finalize (stmt);
  return TRUE;
}

/**
 * crrc_query_incident_totals:
 * @store: the cache
 * @filter: (nullable): the scope, or %NULL for everything
 * @totals: (out caller-allocates): the counts
 * @error: return location for a SQLite error
 *
 * The counts behind crrc_query_report()'s incident figures, from the same
 * statement, under any filter.
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_query_incident_totals (CrrcStore               *store,
                            const CrrcQueryFilter   *filter,
                            CrrcQueryIncidentTotals *totals,
                            GError                 **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  if ((stmt = query_row_filter (store, incidents_sql, filter, error)) == NULL)
    return FALSE;
  totals->incidents = sqlite3_column_int64 (stmt, 0);
  totals->malicious = sqlite3_column_int64 (stmt, 1);
  totals->non_malicious = sqlite3_column_int64 (stmt, 2);
  totals->patient_care_impact = sqlite3_column_int64 (stmt, 3);
  totals->no_functioning_impact = sqlite3_column_int64 (stmt, 4);
  totals->support_requests = sqlite3_column_int64 (stmt, 5);
  totals->cert_supported_establishments = sqlite3_column_int64 (stmt, 6);
  totals->severe_incidents = sqlite3_column_int64 (stmt, 7);
  totals->ransomware_incidents = sqlite3_column_int64 (stmt, 8);
  totals->declaring_structures = sqlite3_column_int64 (stmt, 9);
  sqlite3_finalize (stmt);

  return TRUE;
}

/**
 * crrc_query_audits_by_target:
 * @store: the cache
 * @filter: (nullable): the scope (its origin is ignored), or %NULL
 * @audits: (out caller-allocates): the counts
 * @error: return location for a SQLite error
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_query_audits_by_target (CrrcStore             *store,
                             const CrrcQueryFilter *filter,
                             CrrcQueryAudits       *audits,
                             GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (audits != NULL, FALSE);

  if ((stmt = query_row_filter (store, audits_sql, filter, error)) == NULL)
    return FALSE;
  audits->audits = sqlite3_column_int64 (stmt, 0);
  audits->centre_hospitalier = sqlite3_column_int64 (stmt, 1);
  audits->sanitaire_autre = sqlite3_column_int64 (stmt, 2);
  audits->medico_social = sqlite3_column_int64 (stmt, 3);
  audits->grades = sqlite3_column_int64 (stmt, 4);
  audits->audited_ght = sqlite3_column_int64 (stmt, 5);
  sqlite3_finalize (stmt);

  return TRUE;
}

/**
 * crrc_query_prevention_funnel:
 * @store: the cache
 * @filter: (nullable): the scope, or %NULL
 * @funnel: (out caller-allocates): the counts
 * @error: return location for a SQLite error
 *
 * Structures alerted, audited and supported by CERT Santé. The origin of
 * the filter only narrows the incidents behind "supported".
 *
 * Returns: %TRUE on success
 */
gboolean
crrc_query_prevention_funnel (CrrcStore             *store,
                              const CrrcQueryFilter *filter,
                              CrrcQueryFunnel       *funnel,
                              GError               **error)
{
  CrrcQueryIncidentTotals totals;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (funnel != NULL, FALSE);

  if ((stmt = query_row_filter (store, alerts_sql, filter, error)) == NULL)
    return FALSE;
  funnel->alerted = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if ((stmt = query_row_filter (store, audited_sql, filter, error)) == NULL)
    return FALSE;
  funnel->audited = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (!crrc_query_incident_totals (store, filter, &totals, error))
    return FALSE;
  funnel->supported = totals.cert_supported_establishments;

  return TRUE;
}

/**
 * crrc_query_establishments_by_department:
 * @store: the cache
 * @filter: (nullable): the scope (region, department, sector), or %NULL
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full): a GArray of CrrcQueryCount: open
 *   establishments by department code, or %NULL on error
 */
GArray *
crrc_query_establishments_by_department (CrrcStore             *store,
                                         const CrrcQueryFilter *filter,
                                         GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);

  stmt = prepare_filter (store, establishments_by_department_sql, filter, error);
  if (stmt == NULL)
    return NULL;

  return read_counts (store, stmt, error);
}

/**
 * crrc_query_declarants_by_sector:
 * @store: the cache
 * @filter: (nullable): the scope, or %NULL
 * @error: return location for a SQLite error
 *
 * Returns: (transfer full): a GArray of CrrcQueryCount: the distinct
 *   structures that declared an incident, by sector, or %NULL on error
 */
GArray *
crrc_query_declarants_by_sector (CrrcStore             *store,
                                 const CrrcQueryFilter *filter,
                                 GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);

  stmt = prepare_filter (store, declarants_by_sector_sql, filter, error);
  if (stmt == NULL)
    return NULL;

  return read_counts (store, stmt, error);
}

gboolean
crrc_query_latest_year (CrrcStore  *store,
                        int        *year,
                        GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (year != NULL, FALSE);

  if ((stmt = query_row (store, latest_year_sql, 0, NULL, NULL, error)) == NULL)
    return FALSE;
  *year = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

gboolean
crrc_query_latest_complete_year (CrrcStore  *store,
                                 int        *year,
                                 GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (year != NULL, FALSE);

  if ((stmt = query_row (store, latest_complete_year_sql, 0, NULL, NULL, error)) == NULL)
    return FALSE;
  *year = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return TRUE;
}

gboolean
crrc_query_data_freshness (CrrcStore  *store,
                           char      **freshness,
                           GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (freshness != NULL, FALSE);

  if ((stmt = query_row (store, freshness_sql, 0, NULL, NULL, error)) == NULL)
    return FALSE;
  *freshness = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return TRUE;
}

gboolean
crrc_query_has_source (CrrcStore   *store,
                       const char  *source,
                       gboolean    *found,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (found != NULL, FALSE);

  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), has_source_sql, -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_bind_text (stmt, 1, source, -1, SQLITE_TRANSIENT) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }
  *found = sqlite3_column_int (stmt, 0) != 0;

  return TRUE;
}
