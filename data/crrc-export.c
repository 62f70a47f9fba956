/* crrc-export.c: the cache's tables as CSV
 *
 * UTF-8, comma-separated, RFC 4180 quoting, a header row, "\r\n" line ends;
 * booleans as true/false, absent values as empty fields. The columns are
 * fixed per table, whatever the cache's internal layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "crrc-export.h"
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

static const Export exports[] = {
  {
    "establishments",
    "SELECT finess, legal_finess, name, category, sector, department, region,"
    " commune, ght, public, closed_on FROM establishments ORDER BY finess",
    establishment_columns, G_N_ELEMENTS (establishment_columns),
  },
};

static const char *table_names[G_N_ELEMENTS (exports) + 1] = {
  "establishments",
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
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const Export *export = NULL;
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

  db = _crrc_store_get_db (store);
  if (sqlite3_prepare_v2 (db, export->query, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  for (guint c = 0; c < export->n_columns; c++)
    {
      if (c > 0)
        g_string_append_c (line, ',');
      g_string_append (line, export->columns[c].name);
    }
  g_string_append (line, "\r\n");

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint c = 0; c < export->n_columns; c++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, (int) c);

          if (c > 0)
            g_string_append_c (line, ',');
          if (export->columns[c].kind == COLUMN_BOOLEAN && value != NULL)
            value = sqlite3_column_int (stmt, (int) c) ? "true" : "false";
          append_field (line, value);
        }
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
