/* bench-etalab-csv.c: importing a national-size Etalab CSV extract
 *
 *   bench-etalab-csv PYTHON3 GENERATOR SQLITE3 [N]
 *
 * Generates an extract of N establishments (100 000 by default) with
 * GENERATOR (generate-etalab.py), then measures, best of three runs each:
 *  - crrc_import_file() of the extract into a fresh cache;
 *  - the sqlite3 shell's `.import` of the same `structureet` rows into a
 *    table with the same columns as the file, the same PRAGMAs and
 *    equivalent indexes (the baseline).
 * Prints both times and their ratio against the target (at most 1.5 times
 * the baseline). A missed target is printed, not failed: times depend on
 * the machine, the ratio is what to watch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-etalab-csv"

#include "config.h"

#include <glib/gstdio.h>

#include "crrc-import.h"

#define N_RUNS 3
#define TARGET_RATIO 1.5

/* The baseline's table: the 32 fields of a structureet line. */
static const char baseline_schema[] =
  "PRAGMA journal_mode = WAL;"
  "CREATE TABLE establishments_raw ("
  "  type TEXT, nofinesset TEXT PRIMARY KEY NOT NULL, nofinessej TEXT, rs TEXT NOT NULL,"
  "  rslongue TEXT, complrs TEXT, compldistrib TEXT, numvoie TEXT, typvoie TEXT, voie TEXT,"
  "  compvoie TEXT, lieuditbp TEXT, commune TEXT, departement TEXT NOT NULL,"
  "  libdepartement TEXT, ligneacheminement TEXT, telephone TEXT, telecopie TEXT,"
  "  categetab TEXT, libcategetab TEXT, categagretab TEXT, libcategagretab TEXT, siret TEXT,"
  "  codeape TEXT, codemft TEXT, libmft TEXT, codesph TEXT, libsph TEXT, dateouv TEXT,"
  "  dateautor TEXT, datemaj TEXT, numuai TEXT"
  ") STRICT;"
  /* One index for each of the cache's establishment indexes. */
  "CREATE INDEX raw_by_region ON establishments_raw (libdepartement, categagretab);"
  "CREATE INDEX raw_by_department ON establishments_raw (departement, categagretab);"
  "CREATE INDEX raw_by_category ON establishments_raw (categetab);"
  "CREATE INDEX raw_by_legal_entity ON establishments_raw (nofinessej);"
  "CREATE INDEX raw_by_ght ON establishments_raw (numuai, compvoie);"
  "CREATE INDEX raw_by_commune ON establishments_raw (commune);"
  "CREATE INDEX raw_by_name ON establishments_raw (rs COLLATE NOCASE);";

static void
remove_cache (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

static gboolean
run (const char * const  *argv,
     GError             **error)
{
  g_autofree char *standard_error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, &standard_error, &status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", argv[0], standard_error);
      return FALSE;
    }
  if (standard_error != NULL && *standard_error != '\0')
    g_printerr ("%s: %s", argv[0], standard_error);

  return TRUE;
}

static double
time_import (const char  *dir,
             GFile       *extract,
             guint        n,
             GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "crrc.db", NULL);
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  gint64 start;
  double seconds = -1;

  remove_cache (path);
  store = crrc_store_open (path, NULL, error);
  if (store == NULL)
    goto out;

  start = g_get_monotonic_time ();
  report = crrc_import_file (store, extract, NULL, NULL, NULL, error);
  if (report == NULL)
    goto out;
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  if (crrc_import_report_get_added (report) != n || crrc_import_report_get_rejected (report) != 0)
    {
      g_autofree char *text = crrc_import_report_to_text (report);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected report:\n%s", text);
      seconds = -1;
    }

out:
  g_clear_object (&store);
  remove_cache (path);

  return seconds;
}

static double
time_baseline (const char  *dir,
               const char  *sqlite3,
               const char  *structures,
               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "baseline.db", NULL);
  g_autofree char *import = g_strdup_printf (".import '%s' establishments_raw", structures);
  const char *create[] = { sqlite3, "-batch", path, baseline_schema, NULL };
  const char *load[] = {
    sqlite3, "-batch",
    "-cmd", "PRAGMA synchronous = NORMAL",
    "-cmd", ".mode csv",
    "-cmd", ".separator ;",
    path, import, NULL
  };
  gint64 start;
  double seconds = -1;

  remove_cache (path);
  if (run (create, error))
    {
      start = g_get_monotonic_time ();
      if (run (load, error))
        seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
    }
  remove_cache (path);

  return seconds;
}

/* Generates the extract, then times both imports; FALSE with @error when
 * one of the steps failed. */
static gboolean
measure (char       **argv,
         const char  *dir,
         guint        n,
         double      *out_ours,
         double      *out_baseline,
         GError     **error)
{
  g_autofree char *extract_path = g_build_filename (dir, "etalab-cs1100507-stock-20240711-0400.csv",
                                                    NULL);
  g_autofree char *structures_path = g_build_filename (dir, "structureet.csv", NULL);
  g_autofree char *count = g_strdup_printf ("%u", n);
  const char *generate[] = { argv[1], argv[2], extract_path, structures_path, count, NULL };
  g_autoptr(GFile) extract = g_file_new_for_path (extract_path);
  gint64 start = g_get_monotonic_time ();
  gboolean ok = FALSE;

  *out_ours = *out_baseline = G_MAXDOUBLE;

  if (!run (generate, error))
    {
      g_prefix_error (error, "Generating the extract failed: ");
      goto out;
    }
  g_print ("Generated %u establishments in %.1f s\n", n,
           (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);

  for (guint i = 0; i < N_RUNS; i++)
    {
      double seconds = time_import (dir, extract, n, error);

      if (seconds < 0)
        {
          g_prefix_error (error, "The import failed: ");
          goto out;
        }
      g_print ("  crrc_import_file, run %u: %.3f s\n", i + 1, seconds);
      *out_ours = MIN (*out_ours, seconds);
    }

  for (guint i = 0; i < N_RUNS; i++)
    {
      double seconds = time_baseline (dir, argv[3], structures_path, error);

      if (seconds < 0)
        {
          g_prefix_error (error, "The sqlite3 baseline failed: ");
          goto out;
        }
      g_print ("  sqlite3 .import, run %u: %.3f s\n", i + 1, seconds);
      *out_baseline = MIN (*out_baseline, seconds);
    }

  ok = TRUE;

out:
  g_unlink (extract_path);
  g_unlink (structures_path);

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  double ours;
  double baseline;
  double ratio;
  guint n = 100000;
  gboolean ok;

  if (argc < 4)
    {
      g_printerr ("Usage: %s PYTHON3 GENERATOR SQLITE3 [N]\n", argv[0]);
      return 2;
    }
  if (argc > 4)
    n = (guint) g_ascii_strtoull (argv[4], NULL, 10);

  dir = g_dir_make_tmp ("crrc-bench-etalab-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  ok = measure (argv, dir, n, &ours, &baseline, &error);
  g_rmdir (dir);
  if (!ok)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  ratio = ours / baseline;
  g_print ("Etalab CSV, %u establishments (best of %u):\n", n, N_RUNS);
  g_print ("  crrc_import_file: %.3f s (%.0f establishments/s)\n", ours, n / ours);
  g_print ("  sqlite3 .import:  %.3f s\n", baseline);
  g_print ("  ratio: %.2fx (target <= %.1fx): target %s\n", ratio, TARGET_RATIO,
           ratio <= TARGET_RATIO ? "met" : "MISSED");

  return 0;
}
