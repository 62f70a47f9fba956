/* crrc-export.c: the cache's tables as CSV
 *
 * UTF-8, comma-separated, RFC 4180 quoting, a header row, "\r\n" line ends;
 * booleans as true/false, absent values as empty fields. The columns are
 * fixed per table, whatever the cache's internal layout.
 *
 * Feed records (incidents, audits, alerts, diagnostics) come one row per
 * record, with the protocol's field names as columns (data/FEEDS.md):
 * arrays as ";"-joined text; an audit's findings as
 * "service|product|cve|severity|resolved_on" each, and a diagnostic's
 * answers as "question=answer" each, sorted by question.
 *
 * Diagnostics also list the analyst's validated local diagnostics (the
 * column `local` says which), and are scored against the built-in
 * referential (MATURITY.md): `overall` (0–100), `band` (its key),
 * `completeness` (a whole percentage) and one column per domain, named by
 * the domain's id, empty when the domain has no score (or when the
 * diagnostic was answered against another referential).
 *
 * In diffusion mode (CRRC_EXPORT_DIFFUSION, for presentations outside the
 * centre) the columns that identify an establishment are left out — FINESS
 * numbers, names, legal entity, commune (crrc-diffusion-rule.h) — and so
 * are record ids and an incident's free-text summary, which may name one;
 * the rest (dates, kinds, department, region, scores) stays. These tables
 * hold one row per record: they have no counts to suppress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crrc-diffusion-rule.h"
#include "crrc-export.h"
#include "crrc-maturity.h"
#include "crrc-store-private.h"

typedef enum
{
  COLUMN_TEXT,
  COLUMN_BOOLEAN,
} ColumnKind;

typedef struct
{
  const char *name;
  ColumnKind  kind;
} Column;

typedef struct
{
  const char   *name;
  const char   *query;
  const Column *columns;
  guint         n_columns;
  gboolean      scored;   /* a diagnostic: scores after the columns */
} Export;

static const Column establishment_columns[] = {
  { "finess", COLUMN_TEXT },
  { "legal_finess", COLUMN_TEXT },
  { "name", COLUMN_TEXT },
  { "category", COLUMN_TEXT },
  { "sector", COLUMN_TEXT },
  { "department", COLUMN_TEXT },
  { "region", COLUMN_TEXT },
  { "commune", COLUMN_TEXT },
  { "ght", COLUMN_TEXT },
  { "public", COLUMN_BOOLEAN },
  { "closed_on", COLUMN_TEXT },
};

static const Column incident_columns[] = {
  { "id", COLUMN_TEXT },
  { "finess", COLUMN_TEXT },
  { "declared_at", COLUMN_TEXT },
  { "origin", COLUMN_TEXT },
  { "type", COLUMN_TEXT },
  { "patient_care_impact", COLUMN_BOOLEAN },
  { "functioning_impact", COLUMN_TEXT },
  { "data_impact", COLUMN_TEXT },
  { "severity", COLUMN_TEXT },
  { "support_requested", COLUMN_BOOLEAN },
  { "cert_support", COLUMN_BOOLEAN },
  { "summary", COLUMN_TEXT },
  { "updated_at", COLUMN_TEXT },
};

static const Column audit_columns[] = {
  { "id", COLUMN_TEXT },
  { "finess", COLUMN_TEXT },
  { "date", COLUMN_TEXT },
  { "kind", COLUMN_TEXT },
  { "findings", COLUMN_TEXT },
  { "updated_at", COLUMN_TEXT },
};

static const Column alert_columns[] = {
  { "id", COLUMN_TEXT },
  { "finess", COLUMN_TEXT },
  { "sent_at", COLUMN_TEXT },
  { "kind", COLUMN_TEXT },
  { "reference", COLUMN_TEXT },
  { "cve", COLUMN_TEXT },
  { "acknowledged_at", COLUMN_TEXT },
  { "updated_at", COLUMN_TEXT },
};

static const Column diagnostic_columns[] = {
  { "id", COLUMN_TEXT },
  { "finess", COLUMN_TEXT },
  { "date", COLUMN_TEXT },
  { "referential", COLUMN_TEXT },
  { "answers", COLUMN_TEXT },
  { "campaign", COLUMN_TEXT },
  { "updated_at", COLUMN_TEXT },
  { "local", COLUMN_BOOLEAN },
};

static const Export exports[] = {
  {
    "establishments",
    "SELECT finess, legal_finess, name, category, sector, department, region,"
    " commune, ght, public, closed_on FROM establishments ORDER BY finess",
    establishment_columns, G_N_ELEMENTS (establishment_columns),
  },
  {
    /* The cache keeps data_impact as "a,b". */
    "incidents",
    "SELECT id, finess, declared_at, origin, type, patient_care_impact, functioning_impact,"
    " replace (data_impact, ',', ';'), severity, support_requested, cert_support, summary,"
    " updated_at FROM incidents ORDER BY declared_at, id",
    incident_columns, G_N_ELEMENTS (incident_columns),
  },
  {
    "audits",
    "SELECT a.id, a.finess, a.date, a.kind,"
    " (SELECT group_concat (finding, ';') FROM"
    "   (SELECT service || '|' || coalesce (product, '') || '|' || coalesce (cve, '') || '|'"
    "      || severity || '|' || coalesce (resolved_on, '') AS finding"
    "    FROM audit_findings WHERE audit_id = a.id ORDER BY position)),"
    " a.updated_at FROM audits AS a ORDER BY a.date, a.id",
    audit_columns, G_N_ELEMENTS (audit_columns),
  },
  {
    "alerts",
    "SELECT id, finess, sent_at, kind, reference, cve, acknowledged_at, updated_at"
    " FROM alerts ORDER BY sent_at, id",
    alert_columns, G_N_ELEMENTS (alert_columns),
  },
  {
    "diagnostics",
    "SELECT d.id, d.finess, d.date, d.referential,"
    " (SELECT group_concat (answer, ';') FROM"
    "   (SELECT question || '=' || answer AS answer FROM diagnostic_answers"
    "    WHERE diagnostic_id = d.id ORDER BY question)),"
    " d.campaign, d.updated_at, 0 FROM diagnostics AS d"
    " UNION ALL"
    " SELECT d.id, d.finess, d.date, d.referential,"
    " (SELECT group_concat (answer, ';') FROM"
    "   (SELECT question || '=' || answer AS answer FROM local_diagnostic_answers"
    "    WHERE diagnostic_id = d.id ORDER BY question)),"
    " d.campaign, d.updated_at, 1 FROM local_diagnostics AS d WHERE d.status = 'validated'"
    " ORDER BY 3, 8, 1",
    diagnostic_columns, G_N_ELEMENTS (diagnostic_columns), TRUE,
  },
};

static const char *table_names[G_N_ELEMENTS (exports) + 1] = {
  "establishments",
  "incidents",
  "audits",
  "alerts",
  "diagnostics",
  NULL,
};

/**
 * crrc_export_get_tables:
 *
 * Returns: (transfer none): the names crrc_export_csv() accepts
 */
const char * const *
crrc_export_get_tables (void)
{
  return table_names;
}

static void
append_field (GString    *line,
              const char *value)
{
  if (value == NULL)
    return;

  if (strpbrk (value, ",\"\r\n") == NULL && value[0] != ' ' &&
      (value[0] == '\0' || value[strlen (value) - 1] != ' '))
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

/* The scores of a diagnostic row (referential in column 3, answers as
 * "question=answer;…" in column 4), appended as fields. */
static void
append_scores (GString         *line,
               sqlite3_stmt    *stmt,
               CrrcReferential *referential)
{
  g_autoptr(GHashTable) answers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CrrcMaturityScores) scores = NULL;
  g_auto(GStrv) pairs = NULL;
  const char *text = (const char *) sqlite3_column_text (stmt, 4);
  guint n_domains = crrc_referential_get_n_domains (referential);

  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 3), crrc_referential_get_id (referential)) == 0)
    {
      pairs = g_strsplit (text != NULL ? text : "", ";", -1);
      for (guint i = 0; pairs[i] != NULL; i++)
        {
          char *equal = strchr (pairs[i], '=');

          if (equal == NULL)
            continue;
          *equal = '\0';
          /* Answers to questions of another referential are left out. */
          if (crrc_referential_lookup_question (referential, pairs[i]) != NULL)
            g_hash_table_insert (answers, pairs[i], equal + 1);
        }
      scores = crrc_maturity_score (referential, answers, NULL);
    }

  if (scores != NULL && scores->overall >= 0)
    g_string_append_printf (line, ",%d,%s", scores->overall,
                            crrc_maturity_band_get_key (scores->overall_band));
  else
    g_string_append (line, ",,");
  if (scores != NULL)
    g_string_append_printf (line, ",%d", scores->completeness);
  else
    g_string_append_c (line, ',');
  for (guint d = 0; d < n_domains; d++)
    {
      g_string_append_c (line, ',');
      if (scores != NULL && scores->domain_scores[d] >= 0)
        g_string_append_printf (line, "%d", scores->domain_scores[d]);
    }
}

/**
 * crrc_export_csv:
 * @store: the cache
 * @table: one of crrc_export_get_tables()
 * @output: where to write
 * @n_rows: (out) (optional): how many rows were written, header excluded
 *
 * Returns: whether the whole table was written
 */
gboolean
crrc_export_csv (CrrcStore      *store,
                 const char     *table,
                 GOutputStream  *output,
                 guint          *n_rows,
                 GCancellable   *cancellable,
                 GError        **error)
{
  return crrc_export_csv_full (store, table, CRRC_EXPORT_NONE, output, n_rows, cancellable, error);
}

/* Whether diffusion mode leaves @column out. */
static gboolean
column_is_dropped (const Column     *column,
                   CrrcExportFlags   flags)
{
  if (!(flags & CRRC_EXPORT_DIFFUSION))
    return FALSE;
  return g_str_equal (column->name, "id") || crrc_diffusion_column_is_identifying (column->name);
}

/**
 * crrc_export_csv_full:
 * @store: the cache
 * @table: one of crrc_export_get_tables()
 * @flags: CRRC_EXPORT_DIFFUSION to leave identifying columns out
 * @output: where to write
 * @n_rows: (out) (optional): how many rows were written, header excluded
 *
 * Returns: whether the whole table was written
 */
gboolean
crrc_export_csv_full (CrrcStore        *store,
                      const char       *table,
                      CrrcExportFlags   flags,
                      GOutputStream    *output,
                      guint            *n_rows,
                      GCancellable     *cancellable,
                      GError          **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const Export *export = NULL;
  CrrcReferential *referential = NULL;
  sqlite3 *db;
  guint rows = 0;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    if (g_str_equal (table, exports[i].name))
      export = &exports[i];

  if (export == NULL)
    {
      g_autofree char *known = g_strjoinv (", ", (char **) table_names);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("There is no table “%s” to export; the tables are: %s."), table, known);
      return FALSE;
    }

  if (export->scored)
    {
      referential = crrc_referential_get_default (error);
      if (referential == NULL)
        return FALSE;
    }

  db = _crrc_store_get_db (store);
  if (sqlite3_prepare_v2 (db, export->query, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  {
    gboolean first = TRUE;

    for (guint c = 0; c < export->n_columns; c++)
      {
        if (column_is_dropped (&export->columns[c], flags))
          continue;
        if (!first)
          g_string_append_c (line, ',');
        first = FALSE;
        g_string_append (line, export->columns[c].name);
      }
  }
  if (referential != NULL)
    {
      g_string_append (line, ",overall,band,completeness");
      for (guint d = 0; d < crrc_referential_get_n_domains (referential); d++)
        g_string_append_printf (line, ",%s", crrc_referential_get_domain (referential, d)->id);
    }
  g_string_append (line, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean first = TRUE;

      for (guint c = 0; c < export->n_columns; c++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, (int) c);

          if (column_is_dropped (&export->columns[c], flags))
            continue;
          if (!first)
            g_string_append_c (line, ',');
          first = FALSE;
          if (export->columns[c].kind == COLUMN_BOOLEAN && value != NULL)
            value = sqlite3_column_int (stmt, (int) c) ? "true" : "false";
          append_field (line, value);
        }
      if (referential != NULL)
        append_scores (line, stmt, referential);
      g_string_append (line, "\r\n");
      rows++;

      if (line->len >= 64 * 1024)
        {
          if (!g_output_stream_write_all (output, line->str, line->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (line, 0);
        }
    }

  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  if (!g_output_stream_write_all (output, line->str, line->len, NULL, cancellable, error))
    return FALSE;

  if (n_rows != NULL)
    *n_rows = rows;

  return TRUE;
}
