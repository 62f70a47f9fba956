/* test-purge.c: "Delete Local Data" empties every table and leaves nothing
 * readable in the cache's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "crrc-establishment-detail.h"
#include "crrc-purge.h"
#include "crrc-test-utils.h"
#include "maturity/crrc-diagnostics.h"

#define NOTE_TEXT "Sentinel note: the RSSI changes in March, call back 4412."

static gint64
count_rows (sqlite3    *db,
            const char *table)
{
  sqlite3_stmt *stmt = NULL;
  /* The table names come from sqlite_master of the test's own cache. */
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table);
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return count;
}

/* The data tables of the cache's schema, whatever their number. */
static GPtrArray *
list_tables (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  GPtrArray *tables = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_master WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' AND name <> 'meta'"
                                       " ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  return tables;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *content = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &content, &length, NULL))
    return FALSE;

  return memmem (content, length, needle, strlen (needle)) != NULL;
}

static void
test_purge_everything (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = crrc_test_make_dir ("crrc-purge");
  g_autofree char *path = g_build_filename (dir, "crrc.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *diagnostic = NULL;
  g_autoptr(CrrcStore) store = crrc_test_open_demo_store (dir, "crrc.db");
  g_autoptr(GPtrArray) tables = NULL;
  sqlite3 *db = NULL;
  guint non_empty = 0;
  gint64 note;

  /* The analyst's own work, on top of the synced demo data. */
  note = crrc_establishment_note_add (store, "750000010", NOTE_TEXT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (note, >, 0);
  diagnostic = crrc_local_diagnostic_create (store, "750000010", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (crrc_local_diagnostic_set_answer (store, diagnostic, "governance.mapping", "2", &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  tables = list_tables (db);
  g_assert_cmpuint (tables->len, >, 20);
  for (guint i = 0; i < tables->len; i++)
    non_empty += count_rows (db, g_ptr_array_index (tables, i)) > 0;
  /* Enough tables hold data for the test to mean something. */
  g_assert_cmpuint (non_empty, >=, 12);
  sqlite3_close (db);

  g_assert_true (crrc_store_purge (store, NULL, &error));
  g_assert_no_error (error);

  /* Every table of the schema is empty, including any added after this
   * test was written; the schema itself is intact. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);

      if (count_rows (db, table) != 0)
        g_error ("%s still has rows after the purge", table);
    }
  sqlite3_close (db);
  g_assert_cmpuint (crrc_store_get_version (store), >, 0);

  /* Nothing readable stays in the file or its log: not the note, not an
   * establishment's name. */
  g_assert_false (file_contains (path, "Sentinel note"));
  g_assert_false (file_contains (path, "750000010"));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS) && file_contains (wal, "Sentinel note"));

  g_clear_object (&store);
  crrc_test_remove_tree (dir);
}

static gboolean
purge_in_queue (CrrcStore     *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return crrc_store_purge_locked (store, data, cancellable, error);
}

static void
purged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (crrc_store_write_finish (CRRC_STORE (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_purge_queued (void)
{
  g_autofree char *dir = crrc_test_make_dir ("crrc-purge-queue");
  g_autofree char *path = g_build_filename (dir, "crrc.db", NULL);
  g_autoptr(CrrcStore) store = crrc_test_open_demo_store (dir, "crrc.db");
  sqlite3 *db = NULL;
  gboolean done = FALSE;

  crrc_store_write_async (store, purge_in_queue, NULL, NULL, NULL, purged_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (count_rows (db, "establishments"), ==, 0);
  g_assert_cmpint (count_rows (db, "feed_state"), ==, 0);
  sqlite3_close (db);

  g_clear_object (&store);
  crrc_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/purge/everything", test_purge_everything);
  g_test_add_func ("/purge/queued", test_purge_queued);

  return g_test_run ();
}
