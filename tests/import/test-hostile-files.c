/* test-hostile-files.c: files that are not UTF-8, or whose names are not
 *
 * Each importer refuses text that is not UTF-8 with a message that says
 * where: the CSV file's line (the record is left out, the others are
 * imported), the CERT-FR file's line (the file is refused whole), the
 * FINESS JSON file's record. A file whose name on disk is not UTF-8 is
 * named in the messages and in the report with U+FFFD for the bytes that
 * cannot be read, never with the raw bytes; the cache keeps only valid
 * UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crrc-store-private.h"
#include "crrc-test-utils.h"

/* "\xff\xfe" on disk, as g_filename_display_name() shows it. */
#define SHOWN_BYTES "\uFFFD\uFFFD"

typedef struct
{
  char      *dir;
  CrrcStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = crrc_test_make_dir ("crrc-hostile-files");
  fixture->store = crrc_test_open_store (fixture->dir, "crrc.db");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  crrc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *content,
            gsize       length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, content, (gssize) length, &error));
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (haystack == NULL || strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* Every text of the cache is valid UTF-8: SQLite would store any bytes. */
static void
assert_cache_valid (Fixture    *fixture,
                    const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      {
        const char *text = (const char *) sqlite3_column_text (stmt, i);

        if (text != NULL)
          g_assert_true (g_utf8_validate (text, -1, NULL));
      }
}

/* The national registry's CSV: line 2 is UTF-8 (the file's encoding is
 * decided there), line 3 holds a byte that is not, line 4 is fine. */
static void
test_csv_line (Fixture       *fixture,
               gconstpointer  data)
{
  static const char csv[] =
    "finess;etalab;93;2024-07-11\n"
    "structureet;010000024;;CH DE FLEYRIAT ÉTÉ;;;;;;;;;451;01;AIN;01440 VIRIAT;;;355;Centre Hospitalier (C.H.);"
    "1102;;;;;;;;1979-02-13;;2020-02-04;\n"
    "structureet;690000039;;EHPAD LES \xff TILLEULS;;;;;;;;;381;69;RHONE;69003 LYON;;;500;EHPAD;4401;;;;;;;;"
    "2010-06-30;;2024-01-15;\n"
    "structureet;330000209;;CENTRE A;;;;;;;;;063;33;GIRONDE;33000 BORDEAUX;;;109;SSR;;;;;;;;;1999-12-31;;"
    "2021-01-01;\n";
  g_autoptr(GFile) file = write_file (fixture, "registre-\xff\xfe.csv", csv, sizeof csv - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = crrc_import_file (fixture->store, file, NULL, NULL, NULL, &error);
  const CrrcImportReject *reject;

  g_assert_no_error (error);
  g_assert_nonnull (report);
  crrc_test_assert_counts (report, 3, 2, 0, 0, 1);
  g_assert_cmpstr (crrc_import_report_get_file_name (report), ==, "registre-" SHOWN_BYTES ".csv");
  reject = crrc_import_report_get_reject (report, 0);
  g_assert_cmpint (reject->reason, ==, CRRC_REJECT_ENCODING);
  g_assert_cmpstr (reject->location, ==, "line 3");
  g_assert_cmpstr (reject->record, ==, "690000039");
  g_assert_true (g_utf8_validate (reject->detail, -1, NULL));
  assert_cache_valid (fixture, "SELECT * FROM establishments");
  assert_cache_valid (fixture, "SELECT * FROM import_runs");
  assert_cache_valid (fixture, "SELECT * FROM import_rejects");
}

/* A CERT-FR bulletin with a Windows-1252 "é" on its fourth line: refused
 * whole, the message names the file and the line. */
static void
test_certfr_line (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char json[] =
    "{\n"
    "  \"reference\": \"CERTFR-2024-AVI-0099\",\n"
    "  \"summary\": \"Une vuln\xc3\xa9rabilit\xc3\xa9\",\n"
    "  \"title\": \"Vuln\xe9rabilit\xe9 dans un produit\",\n"
    "  \"revisions\": [{\"description\": \"Version initiale\", \"revision_date\": \"2024-02-01T00:00:00.000000\"}]\n"
    "}\n";
  g_autoptr(GFile) file = write_file (fixture, "avis-\xff\xfe.json", json, sizeof json - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = crrc_import_file (fixture->store, file, NULL, NULL, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
  assert_contains (error->message, "avis-" SHOWN_BYTES ".json");
  assert_contains (error->message, "UTF-8");
  /* "(line 4)", or its translation: the number, right after a space. */
  assert_contains (error->message, " 4)");
  assert_cache_valid (fixture, "SELECT * FROM certfr_bulletins");
}

/* The FINESS JSON file with a byte that is not UTF-8 in its first legal
 * entity: refused whole, the message names the record. */
static void
test_finess_plus_record (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *content = NULL;
  gsize length = 0;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = NULL;

  g_assert_true (g_file_get_contents (FINESS_PLUS_BROKEN_UTF8, &content, &length, &error));
  g_assert_no_error (error);
  file = write_file (fixture, "finess-\xff\xfe.json", content, length);
  report = crrc_import_file (fixture->store, file, NULL, NULL, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
  assert_contains (error->message, "pmej[0]");
  assert_contains (error->message, "UTF-8");
  assert_contains (error->message, "finess-" SHOWN_BYTES ".json");
}

/* Refusals that name the file before reading any record: an empty file, a
 * file of no known format. */
static void
test_file_name (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) empty = write_file (fixture, "\xff\xfe.csv", "", 0);
  g_autoptr(GFile) unknown = write_file (fixture, "inconnu-\xff\xfe.txt", "bonjour\n", 8);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = NULL;

  report = crrc_import_file (fixture->store, empty, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  assert_contains (error->message, SHOWN_BYTES ".csv");
  g_clear_error (&error);

  g_assert_cmpint (crrc_import_detect_format (unknown, NULL, &error), ==, CRRC_IMPORT_FORMAT_UNKNOWN);
  if (error != NULL)
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_clear_error (&error);
    }
  report = crrc_import_file (fixture->store, unknown, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);
  assert_contains (error->message, "inconnu-" SHOWN_BYTES ".txt");
  assert_cache_valid (fixture, "SELECT * FROM import_runs");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import/hostile-files/csv-line", Fixture, NULL, fixture_setup, test_csv_line, fixture_teardown);
  g_test_add ("/import/hostile-files/certfr-line", Fixture, NULL, fixture_setup, test_certfr_line,
              fixture_teardown);
  g_test_add ("/import/hostile-files/finess-plus-record", Fixture, NULL, fixture_setup, test_finess_plus_record,
              fixture_teardown);
  g_test_add ("/import/hostile-files/file-name", Fixture, NULL, fixture_setup, test_file_name, fixture_teardown);

  return g_test_run ();
}
