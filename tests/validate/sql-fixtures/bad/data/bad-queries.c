/* Fixture for check-sql.py: SQL built from data. Not compiled. */
#define G_LOG_DOMAIN "fixture"

#include "config.h"

#include <sqlite3.h>

#define NAME_FROM_ENV g_getenv ("FIXTURE_TABLE")

static const char * const statements[] = {
  "SELECT 1",
  NAME_FROM_ENV,
};

/* A wrapper: its callers are checked. */
sqlite3_stmt *
fixture_store_prepare (sqlite3    *db,
                       const char *statement)
{
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, statement, -1, &stmt, NULL);
  return stmt;
}

static gboolean
run (sqlite3    *db,
     const char *text)
{
  return sqlite3_exec (db, text, NULL, NULL, NULL) == SQLITE_OK;
}

static gint64
count_in (sqlite3    *db,
          const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table); /* BAD */
  g_autoptr(sqlite3_stmt) stmt = fixture_store_prepare (db, sql);

  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

void
fixture_find_by_name (sqlite3    *db,
                      const char *name)
{
  sqlite3_stmt *stmt = NULL;
  char *sql;

  sql = g_strdup_printf ("SELECT * FROM t WHERE name = '%s'", name); /* BAD */
  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  g_free (sql);
  sqlite3_finalize (stmt);
}

void
fixture_filter (sqlite3    *db,
                const char *region,
                int         limit)
{
  g_autoptr(GString) where = g_string_new ("SELECT finess FROM establishments WHERE 1");
  g_autofree char *sql = NULL;
  g_autofree char *quoted = sqlite3_mprintf ("SELECT 1 WHERE x = %q", region); /* BAD */

  g_string_append (where, " AND region = ");
  g_string_append (where, region); /* BAD */
  g_string_append_printf (where, " LIMIT %d", limit); /* BAD */
  sql = g_string_free (g_steal_pointer (&where), FALSE);
  fixture_store_prepare (db, sql);
  run (db, quoted);
}

void
fixture_misc (sqlite3    *db,
              const char *id,
              const char *user_text,
              const char *format,
              guint       n)
{
  g_autofree char *remove = g_strconcat ("DELETE FROM notes WHERE id = ", id, NULL); /* BAD */
  g_autoptr(GString) sql = g_string_new ("UPDATE t SET a = 1 WHERE id IN (");

  run (db, remove);
  /* This makes fixture_misc() a wrapper: its callers are checked (and
   * none may be outside data/). */
  run (db, user_text);
  sqlite3_exec (db, statements[n], NULL, NULL, NULL); /* BAD */
  sqlite3_exec (db, g_getenv ("FIXTURE_SQL"), NULL, NULL, NULL); /* BAD */
  g_string_append_printf (sql, format, n); /* BAD */
  run (db, sql->str);
  count_in (db, "establishments");
  count_in (db, id);
}

char *
fixture_va (const char *format,
            va_list     args)
{
  return g_strdup_vprintf ("UPDATE t SET a = %s", args); /* BAD */
}

void
fixture_pragmas (sqlite3 *db,
                 int      size)
{
  g_autofree char *cache = g_strdup_printf ("PRAGMA cache_size = %d", size); /* REVIEWED */
  g_autofree char *page = g_strdup_printf ("PRAGMA page_size = %d", size); /* BAD */

  run (db, cache);
  run (db, page);
}
