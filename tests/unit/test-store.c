/* test-store.c: opening, creating, upgrading and recovering the cache file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "crrc-store-private.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

#define STEP_1 \
  "CREATE TABLE log (step INTEGER NOT NULL);" \
  "CREATE TABLE a (x INTEGER NOT NULL);" \
  "INSERT INTO a VALUES (10);" \
  "INSERT INTO log VALUES (1);"
#define STEP_2 \
  "CREATE TABLE b (y TEXT NOT NULL);" \
  "INSERT INTO b VALUES ('kept');" \
  "INSERT INTO log VALUES (2);"
#define STEP_3 \
  "CREATE TABLE c AS SELECT x * 2 AS z FROM a;" \
  "INSERT INTO log VALUES (3);"
#define STEP_BROKEN \
  "CREATE TABLE broken (z INTEGER);" \
  "INSERT INTO broken VALUES (1);" \
  "INSERT INTO missing_table VALUES (1);"
#define STEP_DANGLING_KEY \
  "CREATE TABLE parent (id INTEGER PRIMARY KEY);" \
  "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id));" \
  "INSERT INTO child VALUES (42);"

static const CrrcMigration two_steps[] = {
  { 1, STEP_1 },
  { 2, STEP_2 },
};

static const CrrcMigration three_steps[] = {
  { 1, STEP_1 },
  { 2, STEP_2 },
  { 3, STEP_3 },
};

static const CrrcMigration broken_third_step[] = {
  { 1, STEP_1 },
  { 2, STEP_2 },
  { 3, STEP_BROKEN },
};

static const CrrcMigration broken_second_step[] = {
  { 1, STEP_1 },
  { 2, STEP_BROKEN },
  { 3, STEP_3 },
};

static const CrrcMigration dangling_key_step[] = {
  { 1, STEP_1 },
  { 2, STEP_DANGLING_KEY },
};

/* Helpers */

static void
remove_recursively (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_recursively (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GError *error = NULL;

  f->dir = g_dir_make_tmp ("crrc-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "crrc.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_recursively (f->dir);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);

  return st.st_mode & 07777;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path,
            const void *contents,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
assert_same_bytes (GBytes *a,
                   GBytes *b)
{
  g_assert_true (g_bytes_equal (a, b));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Names in a folder, sorted and joined with spaces. */
static char *
list_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static gint64
query_int64 (sqlite3    *db,
             const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gboolean
has_table (sqlite3    *db,
           const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int (stmt, 0) == 1;
}

/* A connection that bypasses CrrcStore, to look at or prepare a file. */
static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);

  return db;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  g_autoptr(sqlite3) db = raw_open (path);

  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

static gint64
raw_user_version (const char *path)
{
  g_autoptr(sqlite3) db = raw_open (path);

  return query_int64 (db, "PRAGMA user_version");
}

static void
create_store (const char          *path,
              const CrrcMigration *migrations,
              guint                n_migrations)
{
  g_autoptr(GError) error = NULL;
  CrrcStore *store;

  if (migrations != NULL)
    store = _crrc_store_open_with_migrations (path, migrations, n_migrations, NULL, &error);
  else
    store = crrc_store_open (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_finalize_object (store);
}

static GBytes *
garbage (gsize length)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240229);
  guint8 *data = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    data[i] = g_rand_int_range (rand, 0, 256);

  return g_bytes_new_take (data, length);
}

/* A store that crrc_store_open() gave must be complete and usable. */
static void
assert_store_works (CrrcStore  *store,
                    const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *created_by = NULL;
  sqlite3 *db;

  g_assert_true (CRRC_IS_STORE (store));
  g_assert_cmpstr (crrc_store_get_path (store), ==, path);
  g_assert_cmpuint (crrc_store_get_version (store), ==, crrc_store_get_latest_version ());

  db = _crrc_store_get_db (store);
  g_assert_nonnull (db);
  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, crrc_store_get_latest_version ());
  created_by = query_text (db, "SELECT value FROM meta WHERE key = 'created_by'");
  g_assert_cmpstr (created_by, ==, PACKAGE_VERSION);

  _crrc_store_exec (store, "INSERT INTO meta (key, value) VALUES ('test', 'written')", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM meta WHERE key = 'test'"), ==, 1);
}

/* Tests */

static void
test_default_path (void)
{
  g_autofree char *path = crrc_store_get_default_path ();

  g_assert_cmpstr (path, ==, "/nonexistent/crrc-test-data/crrc-dashboard/crrc.db");
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "new", "folder", NULL);
  g_autofree char *path = g_build_filename (folder, "crrc.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal_mode = NULL;
  g_autofree char *created_at = NULL;
  sqlite3 *db;
  mode_t old_umask;
  int value = -1;

  /* The modes must come from the store, not from a permissive umask. */
  old_umask = umask (0);
  store = crrc_store_open (path, NULL, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpuint (crrc_store_get_latest_version (), >=, 1);
  g_assert_null (crrc_store_get_recovered_path (store));
  assert_store_works (store, path);

  g_assert_cmphex (file_mode (folder), ==, 0700);
  g_assert_cmphex (file_mode (path), ==, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_cmphex (file_mode (wal), ==, 0600);
  g_assert_cmphex (file_mode (shm), ==, 0600);

  db = _crrc_store_get_db (store);
  journal_mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (query_int64 (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int64 (db, "PRAGMA synchronous"), ==, 1);
  g_assert_cmpint (query_int64 (db, "PRAGMA busy_timeout"), ==, 5000);
  g_assert_cmpint (query_int64 (db, "PRAGMA trusted_schema"), ==, 0);
  g_assert_cmpint (sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, -1, &value), ==, SQLITE_OK);
  g_assert_cmpint (value, ==, 1);

  created_at = query_text (db, "SELECT value FROM meta WHERE key = 'created_at'");
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                                       created_at, 0, 0));
  created = g_date_time_new_from_iso8601 (created_at, NULL);
  g_assert_nonnull (created);
  now = g_date_time_new_now_utc ();
  g_assert_cmpint (ABS (g_date_time_difference (now, created)), <, 60 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM meta"), ==, 3);

  g_assert_finalize_object (g_steal_pointer (&store));

  /* Closing checkpoints: the companions go away, the data stays. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (raw_user_version (path), ==, crrc_store_get_latest_version ());
  g_assert_cmphex (file_mode (path), ==, 0600);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autofree char *created_at = NULL;

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  _crrc_store_exec (store, "INSERT INTO meta (key, value) VALUES ('marker', 'kept')", &error);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* A date that a step running again could not write by chance. */
  raw_exec (f->path, "UPDATE meta SET value = '2000-01-01T00:00:00Z' WHERE key = 'created_at'");

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_null (crrc_store_get_recovered_path (store));
  g_assert_cmpuint (crrc_store_get_version (store), ==, crrc_store_get_latest_version ());
  created_at = query_text (_crrc_store_get_db (store),
                           "SELECT value FROM meta WHERE key = 'created_at'");
  g_assert_cmpstr (created_at, ==, "2000-01-01T00:00:00Z");
  g_assert_cmpint (query_int64 (_crrc_store_get_db (store),
                                "SELECT count(*) FROM meta WHERE key = 'marker'"), ==, 1);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* With a table that logs its steps: each ran exactly once. */
  g_remove (f->path);
  create_store (f->path, two_steps, G_N_ELEMENTS (two_steps));
  store = _crrc_store_open_with_migrations (f->path, two_steps, G_N_ELEMENTS (two_steps), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_store_get_version (store), ==, 2);
  g_assert_cmpint (query_int64 (_crrc_store_get_db (store), "SELECT count(*) FROM log"), ==, 2);
  g_assert_cmpint (query_int64 (_crrc_store_get_db (store), "SELECT count(*) FROM a"), ==, 1);
}

static void
test_empty_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;

  write_file (f->path, "", 0);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_null (crrc_store_get_recovered_path (store));
  assert_store_works (store, f->path);
  g_assert_cmphex (file_mode (f->path), ==, 0600);
}

static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *steps = NULL;
  sqlite3 *db;

  create_store (f->path, two_steps, G_N_ELEMENTS (two_steps));
  g_assert_cmpint (raw_user_version (f->path), ==, 2);
  raw_exec (f->path, "INSERT INTO a VALUES (20)");

  store = _crrc_store_open_with_migrations (f->path, three_steps, G_N_ELEMENTS (three_steps), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpuint (crrc_store_get_version (store), ==, 3);

  db = _crrc_store_get_db (store);
  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, 3);
  steps = query_text (db, "SELECT group_concat (step, ',') FROM (SELECT step FROM log ORDER BY rowid)");
  g_assert_cmpstr (steps, ==, "1,2,3");
  g_assert_cmpint (query_int64 (db, "SELECT sum (x) FROM a"), ==, 30);
  kept = query_text (db, "SELECT y FROM b");
  g_assert_cmpstr (kept, ==, "kept");
  g_assert_cmpint (query_int64 (db, "SELECT sum (z) FROM c"), ==, 60);
  g_assert_cmpint (query_int64 (db, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_migration_failure (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *expected = NULL;

  /* From version 2, step 3 fails. */
  create_store (f->path, two_steps, G_N_ELEMENTS (two_steps));

  store = _crrc_store_open_with_migrations (f->path, broken_third_step, G_N_ELEMENTS (broken_third_step),
                                            NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_MIGRATION);
  expected = g_strdup_printf ("The cache file “%s” could not be upgraded to version 3 and was left at version 2: no such table: missing_table.",
                              f->path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  db = raw_open (f->path);
  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, 2);
  g_assert_false (has_table (db, "broken"));
  g_assert_true (has_table (db, "b"));
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM log"), ==, 2);
  g_clear_pointer (&db, sqlite3_close_v2);

  /* The file still opens, and a good step 3 then runs. */
  store = _crrc_store_open_with_migrations (f->path, three_steps, G_N_ELEMENTS (three_steps), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_store_get_version (store), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* From a new file, step 1 is kept and step 2 rolls back; step 3 never runs. */
  remove_recursively (f->path);
  store = _crrc_store_open_with_migrations (f->path, broken_second_step, G_N_ELEMENTS (broken_second_step),
                                            NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "to version 2 and was left at version 1"));
  g_clear_error (&error);

  db = raw_open (f->path);
  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, 1);
  g_assert_true (has_table (db, "a"));
  g_assert_false (has_table (db, "broken"));
  g_assert_false (has_table (db, "c"));
}

static void
test_migration_foreign_keys (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(sqlite3) db = NULL;

  store = _crrc_store_open_with_migrations (f->path, dangling_key_step, G_N_ELEMENTS (dangling_key_step),
                                            NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "to version 2 and was left at version 1"));
  g_assert_nonnull (strstr (error->message, "“child”"));

  db = raw_open (f->path);
  g_assert_cmpint (query_int64 (db, "PRAGMA user_version"), ==, 1);
  g_assert_false (has_table (db, "child"));
}

static void
test_too_new (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *listing_before = NULL;
  g_autofree char *listing_after = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *expected = NULL;
  guint too_new = crrc_store_get_latest_version () + 1;

  create_store (f->path, NULL, 0);
  sql = g_strdup_printf ("PRAGMA user_version = %u", too_new);
  raw_exec (f->path, sql);
  before = read_file (f->path);
  listing_before = list_folder (f->dir);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_TOO_NEW);
  expected = g_strdup_printf ("The cache file “%s” was written by a newer version of CRRC Dashboard (schema version %u, this version knows up to %u). It has been left untouched.",
                              f->path, too_new, crrc_store_get_latest_version ());
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  after = read_file (f->path);
  assert_same_bytes (before, after);
  listing_after = list_folder (f->dir);
  g_assert_cmpstr (listing_after, ==, listing_before);

  /* Through the private entry point as well: a file at version 3 is too new
   * for a table that ends at 2. */
  remove_recursively (f->path);
  create_store (f->path, three_steps, G_N_ELEMENTS (three_steps));
  g_clear_pointer (&before, g_bytes_unref);
  g_clear_pointer (&after, g_bytes_unref);
  before = read_file (f->path);
  store = _crrc_store_open_with_migrations (f->path, two_steps, G_N_ELEMENTS (two_steps), NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_TOO_NEW);
  after = read_file (f->path);
  assert_same_bytes (before, after);
}

static void
test_foreign_database (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *listing_before = NULL;
  g_autofree char *listing_after = NULL;

  raw_exec (f->path, "CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('https://example.org');");
  before = read_file (f->path);
  listing_before = list_folder (f->dir);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_CANNOT_OPEN);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "another program"));

  after = read_file (f->path);
  assert_same_bytes (before, after);
  listing_after = list_folder (f->dir);
  g_assert_cmpstr (listing_after, ==, listing_before);
}

static void
assert_recovered (Fixture    *f,
                  CrrcStore  *store,
                  GBytes     *damaged)
{
  g_autoptr(GBytes) moved = NULL;
  g_autofree char *prefix = g_strconcat (f->path, ".corrupt-", NULL);
  const char *recovered;

  g_assert_nonnull (store);
  recovered = crrc_store_get_recovered_path (store);
  g_assert_nonnull (recovered);
  g_assert_true (g_str_has_prefix (recovered, prefix));
  g_assert_true (g_regex_match_simple ("^[0-9]{8}-[0-9]{6}(-[0-9]+)?$", recovered + strlen (prefix), 0, 0));

  moved = read_file (recovered);
  assert_same_bytes (moved, damaged);

  assert_store_works (store, f->path);
}

static void
test_corrupt_garbage (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) damaged = garbage (8192);
  g_autofree char *listing = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *recovered_name = NULL;

  write_file (f->path, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_recovered (f, store, damaged);

  /* Nothing else was left in the folder. */
  recovered_name = g_path_get_basename (crrc_store_get_recovered_path (store));
  g_assert_finalize_object (g_steal_pointer (&store));
  listing = list_folder (f->dir);
  expected = g_strdup_printf ("crrc.db %s", recovered_name);
  g_assert_cmpstr (listing, ==, expected);
}

static void
test_corrupt_short (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) damaged = g_bytes_new_static ("hello", 5);

  write_file (f->path, "hello", 5);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_recovered (f, store, damaged);
}

/* A valid header, then a damaged schema page: SQLite itself has to tell. */
static void
test_corrupt_schema (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GBytes) valid = NULL;
  guint8 *bytes;
  gsize length;

  raw_exec (f->path, "CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA user_version = 1;");
  valid = read_file (f->path);
  bytes = g_bytes_unref_to_data (g_steal_pointer (&valid), &length);
  g_assert_cmpuint (length, >, 140);
  memset (bytes + 100, 'X', 40);
  damaged = g_bytes_new_take (bytes, length);
  write_file (f->path, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_recovered (f, store, damaged);
}

/* The same in WAL mode with a journal: SQLite opens the journal before it
 * finds the damage, and must not checkpoint nor delete it when closing. */
static void
test_corrupt_schema_wal (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GBytes) valid = NULL;
  g_autoptr(GBytes) wal_bytes = garbage (4096);
  g_autoptr(GBytes) moved_wal = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *recovered_wal = NULL;
  guint8 *bytes;
  gsize length;

  raw_exec (f->path, "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1); PRAGMA user_version = 1;");
  valid = read_file (f->path);
  bytes = g_bytes_unref_to_data (g_steal_pointer (&valid), &length);
  g_assert_cmpuint (length, >, 140);
  g_assert_cmpuint (bytes[18], ==, 2);
  memset (bytes + 100, 'X', 40);
  damaged = g_bytes_new_take (bytes, length);
  write_file (f->path, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));
  write_file (wal, g_bytes_get_data (wal_bytes, NULL), g_bytes_get_size (wal_bytes));

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_recovered (f, store, damaged);

  recovered_wal = g_strconcat (crrc_store_get_recovered_path (store), "-wal", NULL);
  moved_wal = read_file (recovered_wal);
  assert_same_bytes (moved_wal, wal_bytes);
}

static void
test_corrupt_companions (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) damaged = garbage (4096);
  g_autoptr(GBytes) wal_bytes = g_bytes_new_static ("old journal", 11);
  g_autoptr(GBytes) moved_wal = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *recovered_wal = NULL;
  g_autofree char *recovered_shm = NULL;
  g_autofree char *journal_mode = NULL;

  write_file (f->path, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));
  write_file (wal, "old journal", 11);
  write_file (shm, "old index", 9);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_recovered (f, store, damaged);

  recovered_wal = g_strconcat (crrc_store_get_recovered_path (store), "-wal", NULL);
  recovered_shm = g_strconcat (crrc_store_get_recovered_path (store), "-shm", NULL);
  moved_wal = read_file (recovered_wal);
  assert_same_bytes (moved_wal, wal_bytes);
  g_assert_true (g_file_test (recovered_shm, G_FILE_TEST_IS_REGULAR));

  /* The new file has a journal of its own, not the old one. */
  journal_mode = query_text (_crrc_store_get_db (store), "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

/* The -N suffix when the name of this second (or the next ones) is taken. */
static void
test_corrupt_name_taken (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) damaged = garbage (1024);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) decoys = g_ptr_array_new_with_free_func (g_free);

  /* Take the plain name and “-1” for the next ten seconds. */
  for (int seconds = 0; seconds < 10; seconds++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_seconds (now, seconds);
      g_autofree char *stamp = g_date_time_format (then, "%Y%m%d-%H%M%S");
      char *decoy = g_strdup_printf ("%s.corrupt-%s", f->path, stamp);
      char *decoy_companion = g_strdup_printf ("%s.corrupt-%s-1-wal", f->path, stamp);

      write_file (decoy, "decoy", 5);
      write_file (decoy_companion, "decoy", 5);
      g_ptr_array_add (decoys, decoy);
      g_ptr_array_add (decoys, decoy_companion);
    }

  write_file (f->path, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  assert_recovered (f, store, damaged);
  g_assert_true (g_str_has_suffix (crrc_store_get_recovered_path (store), "-2"));

  for (guint i = 0; i < decoys->len; i++)
    {
      g_autoptr(GBytes) decoy = read_file (g_ptr_array_index (decoys, i));

      g_assert_cmpuint (g_bytes_get_size (decoy), ==, 5);
    }
}

/* When the damaged file cannot be moved, nothing happens to it. */
static void
test_corrupt_cannot_move (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GBytes) damaged = garbage (2048);
  g_autoptr(GBytes) after = NULL;
  g_autofree char *listing_before = NULL;
  g_autofree char *listing_after = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("A read-only folder does not stop root from renaming files in it");
      return;
    }

  write_file (f->path, g_bytes_get_data (damaged, NULL), g_bytes_get_size (damaged));
  listing_before = list_folder (f->dir);
  g_assert_cmpint (g_chmod (f->dir, 0500), ==, 0);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, f->path));

  after = read_file (f->path);
  assert_same_bytes (after, damaged);
  listing_after = list_folder (f->dir);
  g_assert_cmpstr (listing_after, ==, listing_before);
}

static void
assert_cannot_open (Fixture    *f,
                    const char *path,
                    const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autofree char *listing_before = list_folder (f->dir);
  g_autofree char *listing_after = NULL;

  store = crrc_store_open (path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_CANNOT_OPEN);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));

  /* Nothing was moved aside nor created. */
  listing_after = list_folder (f->dir);
  g_assert_cmpstr (listing_after, ==, listing_before);
}

static void
test_cannot_open_directory (Fixture       *f,
                            gconstpointer  data)
{
  g_assert_cmpint (g_mkdir (f->path, 0700), ==, 0);

  assert_cannot_open (f, f->path, g_strerror (EISDIR));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_DIR));
}

static void
test_cannot_open_parent_is_file (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *parent = g_build_filename (f->dir, "not-a-folder", NULL);
  g_autofree char *path = g_build_filename (parent, "crrc.db", NULL);
  g_autofree char *deeper = g_build_filename (parent, "sub", "crrc.db", NULL);

  write_file (parent, "a file", 6);

  assert_cannot_open (f, path, g_strerror (ENOTDIR));
  assert_cannot_open (f, deeper, g_strerror (ENOTDIR));
}

static void
test_cannot_open_permission (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *inside = g_build_filename (locked, "crrc.db", NULL);

  if (geteuid () == 0)
    {
      g_test_skip ("File permissions do not stop root");
      return;
    }

  create_store (f->path, NULL, 0);
  before = read_file (f->path);
  g_assert_cmpint (g_chmod (f->path, 0000), ==, 0);
  assert_cannot_open (f, f->path, g_strerror (EACCES));
  g_assert_cmpint (g_chmod (f->path, 0600), ==, 0);
  after = read_file (f->path);
  assert_same_bytes (before, after);

  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  assert_cannot_open (f, inside, g_strerror (EACCES));
}

static void
test_permissions_tightened (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  /* An existing store readable by everyone, with a journal and an index
   * left over from a crash (empty, so valid), just as open. */
  create_store (f->path, NULL, 0);
  g_assert_cmpint (g_chmod (f->path, 0666), ==, 0);
  write_file (wal, "", 0);
  g_assert_cmpint (g_chmod (wal, 0644), ==, 0);
  write_file (shm, "", 0);
  g_assert_cmpint (g_chmod (shm, 0755), ==, 0);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (f->path), ==, 0600);
  g_assert_cmphex (file_mode (wal), ==, 0600);
  g_assert_cmphex (file_mode (shm), ==, 0600);
  assert_store_works (store, f->path);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* An empty file. */
  remove_recursively (f->path);
  write_file (f->path, "", 0);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (f->path), ==, 0600);
  g_assert_cmphex (file_mode (wal), ==, 0600);
  assert_store_works (store, f->path);
}

/* A file that another program holds locked is busy, not damaged: it is
 * never moved aside. This waits for the 5 s busy timeout. */
static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(sqlite3) holder = NULL;
  g_autofree char *listing_before = NULL;
  g_autofree char *listing_after = NULL;
  gint64 start;

  create_store (f->path, NULL, 0);
  holder = raw_open (f->path);
  g_assert_cmpint (sqlite3_exec (holder, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;", NULL, NULL, NULL), ==, SQLITE_OK);
  listing_before = list_folder (f->dir);

  start = g_get_monotonic_time ();
  store = crrc_store_open (f->path, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_CANNOT_OPEN);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "in use by another program"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 4 * G_TIME_SPAN_SECOND);

  listing_after = list_folder (f->dir);
  g_assert_cmpstr (listing_after, ==, listing_before);
  g_assert_cmpint (sqlite3_exec (holder, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrrcStore) store = NULL;

  g_cancellable_cancel (cancellable);
  store = crrc_store_open (f->path, cancellable, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out_result = user_data;

  g_assert_null (object);
  *out_result = g_object_ref (result);
}

static GAsyncResult *
wait_for_open (const char   *path,
               GCancellable *cancellable)
{
  GAsyncResult *result = NULL;

  crrc_store_open_async (path, cancellable, open_cb, &result);
  /* The callback never runs before the main loop does. */
  g_assert_null (result);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return result;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  result = wait_for_open (f->path, NULL);
  store = crrc_store_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  assert_store_works (store, f->path);
  g_assert_cmphex (file_mode (f->path), ==, 0600);
  g_clear_object (&result);
  g_assert_finalize_object (g_steal_pointer (&store));

  /* Errors come back through the callback too. */
  remove_recursively (f->path);
  g_assert_cmpint (g_mkdir (f->path, 0700), ==, 0);
  result = wait_for_open (f->path, NULL);
  store = crrc_store_open_finish (result, &error);
  g_assert_null (store);
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_CANNOT_OPEN);
}

static void
test_async_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CrrcStore) store = NULL;

  g_cancellable_cancel (cancellable);
  result = wait_for_open (f->path, cancellable);
  store = crrc_store_open_finish (result, &error);
  g_assert_null (store);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_exec_error (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) set_error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autofree char *expected = NULL;

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (_crrc_store_exec (store, "INSERT INTO meta (key) VALUES ('no value')", &error));
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_SQLITE);
  expected = g_strdup_printf ("The cache file “%s” reported an error: NOT NULL constraint failed: meta.value.",
                              f->path);
  g_assert_cmpstr (error->message, ==, expected);

  _crrc_store_set_error (store, &set_error);
  g_assert_error (set_error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_SQLITE);
  g_assert_cmpstr (set_error->message, ==, expected);
}

/* A reader sees what the store committed, even while the store holds a
 * write transaction open, and can never write. */
static void
test_reader (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(CrrcStore) reader = NULL;
  sqlite3 *db;

  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);
  _crrc_store_exec (store, "INSERT INTO meta (key, value) VALUES ('marker', 'committed')", &error);
  g_assert_no_error (error);

  reader = crrc_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crrc_store_get_path (reader), ==, f->path);
  db = _crrc_store_get_db (reader);
  g_assert_true (db != _crrc_store_get_db (store));
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM meta WHERE key = 'marker'"), ==, 1);

  /* The writer's open transaction is invisible to the reader and does not
   * block it (WAL). */
  _crrc_store_exec (store, "BEGIN IMMEDIATE; INSERT INTO meta (key, value) VALUES ('pending', 'x')", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM meta WHERE key = 'pending'"), ==, 0);
  _crrc_store_exec (store, "COMMIT", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM meta WHERE key = 'pending'"), ==, 1);

  g_assert_false (_crrc_store_exec (reader, "INSERT INTO meta (key, value) VALUES ('no', 'write')", &error));
  g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_SQLITE);
  g_clear_error (&error);
  g_assert_cmpint (query_int64 (_crrc_store_get_db (store), "SELECT count(*) FROM meta WHERE key = 'no'"), ==, 0);

  /* Either may go first. */
  g_assert_finalize_object (g_steal_pointer (&store));
  g_assert_cmpint (query_int64 (db, "SELECT count(*) FROM meta WHERE key = 'marker'"), ==, 1);
}

/* The write queue: writes run one at a time, in the order they were
 * queued, on one thread that is not the caller's, and wait while a sync or
 * an import holds the writer lock. */
typedef struct
{
  GMutex     mutex;
  GPtrArray *order;      /* of char *: the writes as they ran */
  GThread   *thread;     /* the thread of the last write */
  guint      finished;
  guint      failed;
} QueueState;

typedef struct
{
  QueueState *state;
  char       *value;
} QueuedWrite;

static void
queued_write_free (QueuedWrite *write)
{
  g_free (write->value);
  g_free (write);
}

static gboolean
queued_write_run (CrrcStore     *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  QueuedWrite *write = data;
  g_autofree char *sql = NULL;

  g_mutex_lock (&write->state->mutex);
  g_ptr_array_add (write->state->order, g_strdup (write->value));
  write->state->thread = g_thread_self ();
  g_mutex_unlock (&write->state->mutex);

  /* A value of "fail" breaks the CHECK-less primary key: a second row
   * with the same key. */
  if (g_str_equal (write->value, "fail"))
    return _crrc_store_exec (store, "INSERT INTO meta (key, value) VALUES ('dup', 'a');"
                                    "INSERT INTO meta (key, value) VALUES ('dup', 'b')", error);
  sql = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('queued-%s', '%s')",
                         write->value, write->value);
  return _crrc_store_exec (store, sql, error);
}

static void
queued_write_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  QueueState *state = user_data;
  g_autoptr(GError) error = NULL;

  if (!crrc_store_write_finish (CRRC_STORE (source), result, &error))
    {
      g_assert_error (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_SQLITE);
      state->failed++;
    }
  state->finished++;
}

static void
queue_write (CrrcStore  *store,
             QueueState *state,
             const char *value)
{
  QueuedWrite *write = g_new0 (QueuedWrite, 1);

  write->state = state;
  write->value = g_strdup (value);
  crrc_store_write_async (store, queued_write_run, write, (GDestroyNotify) queued_write_free,
                          NULL, queued_write_done, state);
}

static void
test_write_queue (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  QueueState state = { 0 };
  guint n = 0;

  g_mutex_init (&state.mutex);
  state.order = g_ptr_array_new_with_free_func (g_free);
  store = crrc_store_open (f->path, NULL, &error);
  g_assert_no_error (error);

  /* While a sync holds the lock, queued writes wait … */
  _crrc_store_lock_writer (store);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *value = g_strdup_printf ("%02u", i);

      queue_write (store, &state, value);
    }
  queue_write (store, &state, "fail");
  queue_write (store, &state, "after");
  g_usleep (100 * 1000);
  g_mutex_lock (&state.mutex);
  g_assert_cmpuint (state.order->len, ==, 0);
  g_mutex_unlock (&state.mutex);
  g_assert_cmpint (query_int64 (_crrc_store_get_db (store), "SELECT count(*) FROM meta WHERE key LIKE 'queued-%'"), ==, 0);
  _crrc_store_unlock_writer (store);

  /* … then run in order, off the caller's thread; a failing one fails its
   * own task only. */
  while (state.finished < 22)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (state.failed, ==, 1);
  g_assert_cmpuint (state.order->len, ==, 22);
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *value = g_strdup_printf ("%02u", i);

      g_assert_cmpstr (g_ptr_array_index (state.order, i), ==, value);
    }
  g_assert_cmpstr (g_ptr_array_index (state.order, 20), ==, "fail");
  g_assert_cmpstr (g_ptr_array_index (state.order, 21), ==, "after");
  g_assert_true (state.thread != g_thread_self ());
  n = (guint) query_int64 (_crrc_store_get_db (store), "SELECT count(*) FROM meta WHERE key LIKE 'queued-%'");
  g_assert_cmpuint (n, ==, 21);

  /* The queue's thread lets go of its last task soon after it returned:
   * the store is then finalized with its queue. */
  {
    CrrcStore *weak = store;
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_clear_object (&store);
    while (weak != NULL && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    g_assert_null (weak);
  }
  g_ptr_array_unref (state.order);
  g_mutex_clear (&state.mutex);
}

int
main (int   argc,
      char *argv[])
{
  /* Set before anything reads it: GLib caches the user folders. Nothing
   * is created there. (G_TEST_OPTION_ISOLATE_DIRS would do, but it leaks by
   * design and leak detection is on.) */
  g_setenv ("XDG_DATA_HOME", "/nonexistent/crrc-test-data", TRUE);

  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/store/default-path", test_default_path);
  ADD ("create", test_create);
  ADD ("reopen", test_reopen);
  ADD ("empty-file", test_empty_file);
  ADD ("migrate", test_migrate);
  ADD ("migration/failure", test_migration_failure);
  ADD ("migration/foreign-keys", test_migration_foreign_keys);
  ADD ("too-new", test_too_new);
  ADD ("foreign-database", test_foreign_database);
  ADD ("corrupt/garbage", test_corrupt_garbage);
  ADD ("corrupt/short", test_corrupt_short);
  ADD ("corrupt/schema", test_corrupt_schema);
  ADD ("corrupt/schema-wal", test_corrupt_schema_wal);
  ADD ("corrupt/companions", test_corrupt_companions);
  ADD ("corrupt/name-taken", test_corrupt_name_taken);
  ADD ("corrupt/cannot-move", test_corrupt_cannot_move);
  ADD ("cannot-open/directory", test_cannot_open_directory);
  ADD ("cannot-open/parent-is-file", test_cannot_open_parent_is_file);
  ADD ("cannot-open/permission", test_cannot_open_permission);
  ADD ("permissions-tightened", test_permissions_tightened);
  ADD ("busy", test_busy);
  ADD ("cancelled", test_cancelled);
  ADD ("async", test_async);
  ADD ("async/cancelled", test_async_cancelled);
  ADD ("exec-error", test_exec_error);
  ADD ("reader", test_reader);
  ADD ("write-queue", test_write_queue);

#undef ADD

  return g_test_run ();
}
