/* Fixture for check-sql.py: SQL outside data/. Not compiled. */
#define G_LOG_DOMAIN "fixture"

#include "config.h"

#include <sqlite3.h> /* BAD */

static void
fixture_refresh (sqlite3 *db)
{
  const char *list = "SELECT finess FROM establishments"; /* BAD */

  sqlite3_exec (db, "PRAGMA optimize", NULL, NULL, NULL); /* BAD */
  fixture_store_prepare (db, list); /* BAD */
}
