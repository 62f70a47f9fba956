/* fuzz-common.c: what the fuzz targets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-fuzz"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "crrc-store-private.h"
#include "fuzz-common.h"

static char *fuzz_dir;
static CrrcStore *fuzz_store;
static GPtrArray *fuzz_tables;
/* Of each table: "DELETE FROM" and "SELECT * FROM", prepared once. */
static GPtrArray *fuzz_deletes;
static GPtrArray *fuzz_selects;

static GLogWriterOutput
quiet_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  /* Debug and info messages would only slow the fuzzer down. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
crrc_fuzz_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}

gboolean
crrc_fuzz_verbose (void)
{
  static int verbose = -1;

  if (verbose < 0)
    verbose = g_getenv ("CRRC_FUZZ_VERBOSE") != NULL;

  return verbose;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static void
cleanup_at_exit (void)
{
  g_clear_pointer (&fuzz_deletes, g_ptr_array_unref);
  g_clear_pointer (&fuzz_selects, g_ptr_array_unref);
  g_clear_object (&fuzz_store);
  g_clear_pointer (&fuzz_tables, g_ptr_array_unref);
  if (fuzz_dir != NULL)
    remove_tree (fuzz_dir);
  g_clear_pointer (&fuzz_dir, g_free);
}

const char *
crrc_fuzz_get_dir (void)
{
  if (fuzz_dir == NULL)
    {
      g_autofree char *template = NULL;
      const char *base = g_getenv ("CRRC_FUZZ_TMPDIR");

      crrc_fuzz_init ();

      /* Memory-backed when possible: the inputs are written for every run. */
      if (base == NULL && g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
        base = "/dev/shm";
      if (base == NULL)
        base = g_get_tmp_dir ();

      template = g_build_filename (base, "crrc-fuzz-XXXXXX", NULL);
      fuzz_dir = g_mkdtemp (template) != NULL ? g_steal_pointer (&template) : NULL;
      if (fuzz_dir == NULL)
        g_error ("Cannot create a temporary folder in %s: %s", base, g_strerror (errno));
      atexit (cleanup_at_exit);
    }

  return fuzz_dir;
}

CrrcStore *
crrc_fuzz_get_store (void)
{
  if (fuzz_store == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (crrc_fuzz_get_dir (), "cache.db", NULL);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      sqlite3 *db;

      fuzz_store = crrc_store_open (path, NULL, &error);
      if (fuzz_store == NULL)
        g_error ("Cannot open the cache %s: %s", path, error->message);

      /* Every table of the schema but `meta`, which holds the schema's
       * own rows; virtual tables are emptied through their own triggers. */
      db = _crrc_store_get_db (fuzz_store);
      fuzz_tables = g_ptr_array_new_with_free_func (g_free);
      if (sqlite3_prepare_v2 (db,
                              "SELECT name FROM sqlite_schema WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite_%' AND name <> 'meta'"
                              " AND sql NOT LIKE 'CREATE VIRTUAL%'",
                              -1, &stmt, NULL) != SQLITE_OK)
        g_error ("Cannot list the tables of the cache: %s", sqlite3_errmsg (db));
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (fuzz_tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));

      /* Table names come from the schema itself, not from any input. */
      fuzz_deletes = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_finalize);
      fuzz_selects = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_finalize);
      for (guint i = 0; i < fuzz_tables->len; i++)
        {
          const char *table = g_ptr_array_index (fuzz_tables, i);
          g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM \"%s\"", table);
          g_autofree char *select_sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
          sqlite3_stmt *delete = NULL;
          sqlite3_stmt *select = NULL;

          if (sqlite3_prepare_v3 (db, delete_sql, -1, SQLITE_PREPARE_PERSISTENT, &delete, NULL) != SQLITE_OK ||
              sqlite3_prepare_v3 (db, select_sql, -1, SQLITE_PREPARE_PERSISTENT, &select, NULL) != SQLITE_OK)
            g_error ("Cannot prepare the statements of %s: %s", table, sqlite3_errmsg (db));
          g_ptr_array_add (fuzz_deletes, delete);
          g_ptr_array_add (fuzz_selects, select);
        }

      /* Nothing here needs to survive a power cut. */
      sqlite3_exec (db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
    }

  return fuzz_store;
}

void
crrc_fuzz_reset_store (void)
{
  sqlite3 *db = _crrc_store_get_db (crrc_fuzz_get_store ());
  char *message = NULL;

  if (sqlite3_exec (db, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;", NULL, NULL, &message) != SQLITE_OK)
    g_error ("Cannot empty the cache: %s", message);

  for (guint i = 0; i < fuzz_deletes->len; i++)
    {
      sqlite3_stmt *delete = g_ptr_array_index (fuzz_deletes, i);

      if (sqlite3_step (delete) != SQLITE_DONE)
        g_error ("Cannot empty the cache: %s", sqlite3_errmsg (db));
      sqlite3_reset (delete);
    }

  if (sqlite3_exec (db,
                    "DELETE FROM meta WHERE key LIKE 'feed\\_%' ESCAPE '\\';"
                    "COMMIT; PRAGMA foreign_keys = ON;",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("Cannot empty the cache: %s", message);
}

void
crrc_fuzz_check_cache_text (void)
{
  sqlite3 *db = _crrc_store_get_db (crrc_fuzz_get_store ());

  for (guint i = 0; i < fuzz_selects->len; i++)
    {
      sqlite3_stmt *stmt = g_ptr_array_index (fuzz_selects, i);
      const char *table = g_ptr_array_index (fuzz_tables, i);
      int rc;

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        for (int column = 0; column < sqlite3_column_count (stmt); column++)
          {
            const char *text;
            int length;

            if (sqlite3_column_type (stmt, column) != SQLITE_TEXT)
              continue;
            text = (const char *) sqlite3_column_text (stmt, column);
            length = sqlite3_column_bytes (stmt, column);
            if (!g_utf8_validate_len (text, (gsize) length, NULL) || memchr (text, '\0', (gsize) length) != NULL)
              g_error ("%s.%s holds text that is not valid UTF-8: “%s”",
                       table, sqlite3_column_name (stmt, column), g_strescape (text, NULL));
          }
      if (rc != SQLITE_DONE)
        g_error ("Cannot read the table %s: %s", table, sqlite3_errmsg (db));
      sqlite3_reset (stmt);
    }
}

char *
crrc_fuzz_write_file (const char    *name,
                      const uint8_t *data,
                      size_t         size)
{
  char *path = g_build_filename (crrc_fuzz_get_dir (), name, NULL);
  FILE *file = fopen (path, "wb");

  /* Not g_file_set_contents_full(): GLib 2.74 does not truncate a file it
   * writes in place (G_FILE_SET_CONTENTS_NONE), and its other modes sync. */
  if (file == NULL ||
      (size > 0 && fwrite (data, 1, size, file) != size) ||
      fclose (file) != 0)
    g_error ("Cannot write %s: %s", path, g_strerror (errno));

  return path;
}

void
crrc_fuzz_import (const char    *name,
                  const uint8_t *data,
                  size_t         size)
{
  g_autofree char *path = crrc_fuzz_write_file (name, data, size);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = crrc_import_file (crrc_fuzz_get_store (), file, NULL, NULL, NULL, &error);
  if (report != NULL)
    {
      g_autofree char *text = crrc_import_report_to_text (report);

      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (text, -1, NULL));
      if (crrc_fuzz_verbose ())
        g_print ("%s\n", text);
      for (guint i = 0; i < crrc_import_report_get_n_rejects (report); i++)
        {
          const CrrcImportReject *reject = crrc_import_report_get_reject (report, i);

          g_assert_true (reject->detail == NULL || g_utf8_validate (reject->detail, -1, NULL));
          g_assert_true (reject->record == NULL || g_utf8_validate (reject->record, -1, NULL));
        }
    }
  else
    {
      /* Refused: a message that names what was wrong, in valid UTF-8. */
      g_assert_nonnull (error);
      g_assert_true (error->message[0] != '\0');
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (crrc_fuzz_verbose ())
        g_print ("refused: %s\n", error->message);
    }

  crrc_fuzz_check_cache_text ();
  crrc_fuzz_reset_store ();
}
