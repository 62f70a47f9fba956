/* Fixture for check-sql.py: SQL from constants only, values bound. Not
 * compiled. */
#define G_LOG_DOMAIN "fixture"

#include "config.h"

#include <sqlite3.h>

#define CACHE_KIB 65536
#define COUNTS_SQL "SELECT department, count(*) FROM establishments WHERE closed_on IS NULL"
#define REGION_SQL " AND region = ?1"
#define STAGE(campaign) "(SELECT stage FROM local_stage_changes WHERE campaign_id = " campaign ")"
#define ROWS(from) "SELECT x.finess" from " ORDER BY x.finess LIMIT ?2"
#define FROM_INCIDENTS(condition) " FROM incidents x WHERE x.year = ?1" condition

static const char * const rows_sql[] = {
  [0] = ROWS (FROM_INCIDENTS ("")),
  [1] = ROWS (FROM_INCIDENTS (" AND x.patient_care_impact = 1")),
};

static const char note_sql[] =
  "INSERT INTO notes (finess, body) VALUES (?1, ?2)";

typedef struct
{
  const char *name;
  const char *query;
} Export;

static const Export exports[] = {
  { "incidents", "SELECT * FROM incidents ORDER BY id" },
  { "audits", "SELECT * FROM audits ORDER BY id" },
};

typedef struct
{
  const char *sql[2];
} Spec;

static const Spec specs[] = {
  { .sql = { "INSERT INTO a VALUES (?1)", "DELETE FROM a WHERE id = ?1" } },
};

typedef struct
{
  sqlite3    *db;
  const Spec *spec;
} Applier;

static const char * const feed_names[] = { "establishments", "incidents" };

const char *
fixture_kind_to_name (guint kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (feed_names), NULL);

  return feed_names[kind];
}

static const char *
order_by (int      sort,
          gboolean descending)
{
  switch (sort)
    {
    case 1:
      return descending ? "e.finess DESC" : "e.finess";
    default:
      return descending ? "e.name DESC" : "e.name";
    }
}

static gboolean
exec_sql (sqlite3    *db,
          const char *sql)
{
  return sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  return stmt;
}

static void
append_choice (GString    *where,
               gboolean    yes,
               const char *exists)
{
  if (yes)
    g_string_append_printf (where, " AND EXISTS (%s)", exists);
  else
    g_string_append_printf (where, " AND NOT EXISTS (%s)", exists);
}

static char *
build_where (const char * const *words,
             gboolean            year,
             gboolean            probe)
{
  GString *where = g_string_new ("1");
  g_autoptr(GString) match = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *owner = probe ? "e.rowid" : "w0.establishment";

      if (match->len > 0)
        g_string_append (match, " AND ");
      g_string_append_printf (match,
                              "EXISTS (SELECT 1 FROM words w WHERE w.word = :word%u AND w.establishment = %s)",
                              i, owner);
    }
  g_string_append_printf (where, " AND (%s)", match->str);
  g_string_append (where, " AND e.region = :region");
  g_string_append (where, " AND coalesce (" STAGE ("t.campaign_id") ", 'targeted') = :stage");
  g_string_append_c (where, ' ');
  append_choice (where, TRUE,
                 year ? "SELECT 1 FROM incidents i WHERE i.finess = e.finess AND i.year = :year"
                      : "SELECT 1 FROM incidents i WHERE i.finess = e.finess");
  append_choice (where, FALSE, "SELECT 1 FROM audits a WHERE a.finess = e.finess");

  return g_string_free (where, FALSE);
}

void
fixture_list (sqlite3            *db,
              const char * const *words,
              const char         *region,
              int                 sort,
              gboolean            descending)
{
  g_autofree char *where = build_where (words, TRUE, FALSE);
  g_autofree char *sql = g_strdup_printf ("SELECT e.finess FROM establishments e WHERE %s ORDER BY %s",
                                          where, order_by (sort, descending));
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql);

  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":region"), region, -1, SQLITE_TRANSIENT);
}

void
fixture_misc (sqlite3    *db,
              Applier    *applier,
              GPtrArray  *listed,
              const char *region,
              guint       kind,
              const char *table,
              gint64      saved)
{
  g_autoptr(GString) update = g_string_new ("UPDATE feed_state SET discontinued = 0 WHERE feed NOT IN (''");
  g_autofree char *counts = NULL;
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GString) json = g_string_new ("[");
  const Export *export = NULL;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < listed->len; i++)
    g_string_append_printf (update, ", ?%u", i + 1);
  g_string_append_c (update, ')');
  stmt = prepare (db, update->str);
  for (guint i = 0; i < listed->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, g_ptr_array_index (listed, i), -1, SQLITE_TRANSIENT);

  counts = g_strconcat (COUNTS_SQL, region != NULL ? REGION_SQL : "", " GROUP BY department", NULL);
  prepare (db, counts);

  count = g_strdup_printf ("SELECT count(*) FROM %s WHERE source = ?1", fixture_kind_to_name (kind));
  prepare (db, count);

  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    if (g_str_equal (table, exports[i].name))
      export = &exports[i];
  if (export != NULL && g_strcmp0 (*&export->name, table) == 0)
    prepare (db, export->query);

  applier->spec = &specs[0];
  prepare (applier->db, applier->spec->sql[1]);
  prepare (db, rows_sql[kind % 2]);
  prepare (db, note_sql);

  exec_sql (db, "PRAGMA cache_size = -" G_STRINGIFY (CACHE_KIB));
  exec_sql (db, kind > 0 ? "BEGIN IMMEDIATE" : "BEGIN");

  /* Not SQL: a message and a JSON list (bound as a value). */
  message = g_strdup_printf (_("The table “%s” has no rows."), table);
  g_string_append_printf (json, "\"%s\"", region);

  {
    g_autofree char *restore = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, saved); /* REVIEWED */

    exec_sql (db, restore);
  }
}
