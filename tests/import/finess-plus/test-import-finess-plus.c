/* test-import-finess-plus.c: importing the FiNESS+ structures feed, JSON
 *
 * The main fixture (fixtures/, written by make-fixtures.py) holds the quirks
 * of the feed: GHT and their roles, padded strings, nulls and absent fields,
 * closed establishments and legal entities, both coordinate layouts,
 * Corsica, overseas, and one establishment per reason of rejection. The
 * broken fixtures must be refused whole. The tests go through the public
 * API, then read the cache with SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-import-finess-plus"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crrc-import.h"
#include "crrc-store-private.h"
#include "crrc-test-utils.h"

#define MAIN_FIXTURE "finess-structures-mensuel-202603.json"

/* The establishments of the main fixture. */
#define FLEYRIAT   "010000024"
#define EHPAD      "010009306"
#define CLOSED     "010001105"
#define CORSICA    "2A0000029"
#define REUNION    "970400131"
#define STAR       "130780083"

typedef struct
{
  char      *dir;
  CrrcStore *store;
} Fixture;

/* Helpers */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = crrc_test_make_dir ("crrc-finess-plus");
  f->store = crrc_test_open_store (f->dir, "crrc.db");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
  crrc_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static GFile *
fixture_file (const char *name)
{
  return g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "import", "finess-plus",
                                                   "fixtures", name, NULL));
}

static GFile *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static CrrcImportReport *
import_file (CrrcStore *store,
             GFile     *file)
{
  g_autoptr(GError) error = NULL;
  CrrcImportReport *report;

  report = crrc_import_file (store, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (crrc_import_report_get_format (report), ==, CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON);

  return report;
}

static CrrcImportReport *
import_fixture (Fixture    *f,
                const char *name)
{
  g_autoptr(GFile) file = fixture_file (name);

  return import_file (f->store, file);
}

/* Imports @file, which must be refused as broken with a message holding
 * each of @expected (NULL-terminated). */
static void
assert_refused (Fixture *f,
                GFile   *file,
                ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  const char *expected;
  va_list args;

  report = crrc_import_file (f->store, file, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN);
  g_test_message ("%s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, "Nothing was imported"));

  va_start (args, file);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      if (strstr (error->message, expected) == NULL)
        g_error ("“%s” does not say “%s”", error->message, expected);
    }
  va_end (args);
}

static void
exec (CrrcStore  *store,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (_crrc_store_get_db (store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* One value, as text; NULL for SQL NULL. The row must exist. */
static char *
query_text (CrrcStore  *store,
            const char *sql,
            const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (key != NULL)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("no row for %s (%s)", sql, key);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static gint64
query_int (CrrcStore  *store,
           const char *sql)
{
  g_autofree char *text = query_text (store, sql, NULL);

  g_assert_nonnull (text);

  return g_ascii_strtoll (text, NULL, 10);
}

static void
assert_value (CrrcStore  *store,
              const char *table,
              const char *key_column,
              const char *key,
              const char *column,
              const char *expected)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ?", column, table, key_column);
  g_autofree char *value = query_text (store, sql, key);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s %s.%s: expected “%s”, got “%s”", table, key, column,
             expected != NULL ? expected : "(null)", value != NULL ? value : "(null)");
}

static void
assert_column (Fixture    *f,
               const char *finess,
               const char *column,
               const char *expected)
{
  assert_value (f->store, "establishments", "finess", finess, column, expected);
}

static void
assert_double (Fixture    *f,
               const char *finess,
               const char *column,
               double      expected)
{
  g_autofree char *sql = g_strdup_printf ("SELECT typeof (%s) || ' ' || %s FROM establishments"
                                          " WHERE finess = ?", column, column);
  g_autofree char *value = query_text (f->store, sql, finess);

  g_assert_true (g_str_has_prefix (value, "real "));
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (value + 5, NULL), expected, 1e-9);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The rows of @table, one line each with typed values, sorted; @skip
 * names a column left out. */
static void
append_table (GString    *out,
              CrrcStore  *store,
              const char *table,
              const char *skip)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          int type = sqlite3_column_type (stmt, i);

          if (g_strcmp0 (sqlite3_column_name (stmt, i), skip) == 0)
            continue;
          if (type == SQLITE_NULL)
            g_string_append (row, "NULL|");
          else
            g_string_append_printf (row, "%d:%s|", type, sqlite3_column_text (stmt, i));
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  g_ptr_array_sort (rows, compare_strings);
  g_string_append_printf (out, "== %s\n", table);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (rows, i));
}

/* Every row of every table. */
static char *
dump_cache (CrrcStore *store)
{
  g_autoptr(sqlite3_stmt) tables = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store),
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    append_table (out, store, (const char *) sqlite3_column_text (tables, 0), NULL);

  return g_string_free (out, FALSE);
}

/* The registry, without `source` (it names the file). */
static char *
dump_registry (CrrcStore *store)
{
  GString *out = g_string_new (NULL);

  append_table (out, store, "establishments", "source");
  append_table (out, store, "legal_entities", "source");
  append_table (out, store, "ght", "source");

  return g_string_free (out, FALSE);
}

static const CrrcImportReject *
find_reject (CrrcImportReport *report,
             const char       *location)
{
  for (guint i = 0; i < crrc_import_report_get_n_rejects (report); i++)
    {
      const CrrcImportReject *reject = crrc_import_report_get_reject (report, i);

      if (g_strcmp0 (reject->location, location) == 0)
        return reject;
    }

  g_error ("no reject at %s", location);
}

static void
assert_reject (CrrcImportReport *report,
               const char       *location,
               const char       *record,
               const char       *field,
               CrrcRejectReason  reason)
{
  const CrrcImportReject *reject = find_reject (report, location);

  g_assert_cmpstr (reject->record, ==, record);
  g_assert_cmpstr (reject->field, ==, field);
  g_assert_cmpstr (crrc_reject_reason_to_string (reject->reason), ==,
                   crrc_reject_reason_to_string (reason));
  g_assert_nonnull (reject->detail);
  g_assert_cmpuint (strlen (reject->detail), >, 10);
  g_assert_true (g_utf8_validate (reject->detail, -1, NULL));
}

/* A minimal establishment of the feed. */
#define EGE(finess, name, commune) \
  "{\"informationsGeneralesEGE\": {\"numFinessEge\": \"" finess "\", \"nomEgeCourt\": \"" name "\"}," \
  " \"categorieentiteGeographiqueExercice\": \"355\", \"adresse\": [{\"cogCommune\": \"" commune "\"}]," \
  " \"etatObjet\": \"A\", \"dateDerniereMaj\": \"2024-01-01 00:00:00\"}"

/* Tests */

static void
test_main_fixture (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, MAIN_FIXTURE);
  const char * const *unknown;

  /* 14 establishments: 6 imported, 8 rejected. Legal entities and GHT are
   * written but not counted. */
  crrc_test_assert_counts (report, 14, 6, 0, 0, 8);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2026-03-09");

  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_BAD_FINESS_KEY), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_MISSING_FIELD), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_UNKNOWN_DEPARTMENT), ==, 2);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_INVALID_FINESS), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_DUPLICATE), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_INVALID_DATE), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_INVALID_VALUE), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_ENCODING), ==, 0);

  assert_reject (report, "pmej[0].ege[1]", "010000025", "numFinessEge", CRRC_REJECT_BAD_FINESS_KEY);
  assert_reject (report, "pmej[0].ege[2]", "010001402", "nomEgeCourt", CRRC_REJECT_MISSING_FIELD);
  assert_reject (report, "pmej[3].ege[1]", "970400214", "cogCommune", CRRC_REJECT_UNKNOWN_DEPARTMENT);
  assert_reject (report, "pmej[3].ege[2]", "970400396", "cogCommune", CRRC_REJECT_UNKNOWN_DEPARTMENT);
  assert_reject (report, "pmej[3].ege[3]", "12345", "numFinessEge", CRRC_REJECT_INVALID_FINESS);
  assert_reject (report, "pmej[3].ege[4]", FLEYRIAT, "numFinessEge", CRRC_REJECT_DUPLICATE);
  assert_reject (report, "pmej[3].ege[5]", "970400479", "dateOuverture", CRRC_REJECT_INVALID_DATE);
  assert_reject (report, "pmej[3].ege[6]", NULL, NULL, CRRC_REJECT_INVALID_VALUE);
  g_assert_nonnull (strstr (find_reject (report, "pmej[3].ege[5]")->detail, "2021-02-30"));
  g_assert_nonnull (strstr (find_reject (report, "pmej[3].ege[1]")->detail, "98735"));

  unknown = crrc_import_report_get_unknown_categories (report);
  g_assert_nonnull (unknown);
  g_assert_cmpstr (unknown[0], ==, "999");
  g_assert_null (unknown[1]);

  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM establishments"), ==, 6);

  /* A hospital, support of its GHT: names trimmed, WGS 84 from direction*,
   * the projected pair put the right way round. */
  assert_column (f, FLEYRIAT, "name", "CH DE FLEYRIAT");
  assert_column (f, FLEYRIAT, "long_name", "CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT");
  assert_column (f, FLEYRIAT, "legal_finess", "010780054");
  assert_column (f, FLEYRIAT, "category", "355");
  assert_column (f, FLEYRIAT, "category_label", NULL);
  assert_column (f, FLEYRIAT, "sector", "sanitaire");
  assert_column (f, FLEYRIAT, "department", "01");
  assert_column (f, FLEYRIAT, "region", "84");
  assert_column (f, FLEYRIAT, "commune", "01451");
  assert_column (f, FLEYRIAT, "address", "900 RTE DE PARIS");
  assert_column (f, FLEYRIAT, "postal_line", "01440 VIRIAT");
  assert_column (f, FLEYRIAT, "phone", "0474454647");
  assert_column (f, FLEYRIAT, "siret", "26010004500012");
  assert_column (f, FLEYRIAT, "public", "1");
  assert_column (f, FLEYRIAT, "ght", "27103");
  assert_column (f, FLEYRIAT, "ght_role", "support");
  assert_double (f, FLEYRIAT, "lat", 46.2336);
  assert_double (f, FLEYRIAT, "lon", 5.228);
  assert_double (f, FLEYRIAT, "x", 873766.07);
  assert_double (f, FLEYRIAT, "y", 6570414.61);
  assert_column (f, FLEYRIAT, "epsg", NULL);
  assert_column (f, FLEYRIAT, "opened_on", "1979-02-13");
  assert_column (f, FLEYRIAT, "closed_on", NULL);
  assert_column (f, FLEYRIAT, "updated_at", "2020-02-04");
  assert_column (f, FLEYRIAT, "key_checked", "1");
  assert_column (f, FLEYRIAT, "source", "finess-plus-json:" MAIN_FIXTURE);
  assert_column (f, FLEYRIAT, "extracted_on", "2026-03-09");

  /* Inactive with no closing date: closed on its last update. A member of
   * the GHT through its (inactive) legal entity. Nulls; degrees in X/Y and
   * metres in direction*. */
  assert_column (f, EHPAD, "name", "EHPAD LES TILLEULS");
  assert_column (f, EHPAD, "long_name", NULL);
  assert_column (f, EHPAD, "siret", NULL);
  assert_column (f, EHPAD, "legal_finess", "010000990");
  assert_column (f, EHPAD, "closed_on", "2019-03-04");
  assert_column (f, EHPAD, "sector", "medico_social");
  assert_column (f, EHPAD, "public", "0");
  assert_column (f, EHPAD, "ght", "27103");
  assert_column (f, EHPAD, "ght_role", "member");
  assert_column (f, EHPAD, "postal_line", "01000 BOURG EN BRESSE");
  assert_column (f, EHPAD, "address", NULL);
  assert_column (f, EHPAD, "phone", NULL);
  assert_double (f, EHPAD, "lat", 46.211257);
  assert_double (f, EHPAD, "lon", 5.254203);
  assert_double (f, EHPAD, "x", 939642.76);
  assert_double (f, EHPAD, "y", 6577813.0);

  /* Closed with its own date; a category the table does not know; no
   * coordinates at all. */
  assert_column (f, CLOSED, "closed_on", "2002-07-10");
  assert_column (f, CLOSED, "sector", "other");
  assert_column (f, CLOSED, "category", "999");
  assert_column (f, CLOSED, "lat", NULL);
  assert_column (f, CLOSED, "x", NULL);
  assert_column (f, CLOSED, "ght", "27103");

  /* Corsica: key not checked, the address of use (the second), projected
   * coordinates only. */
  assert_column (f, CORSICA, "department", "2A");
  assert_column (f, CORSICA, "region", "94");
  assert_column (f, CORSICA, "commune", "2A004");
  assert_column (f, CORSICA, "postal_line", "20000 AJACCIO");
  assert_column (f, CORSICA, "key_checked", "0");
  assert_column (f, CORSICA, "legal_finess", "2A0000011");
  assert_column (f, CORSICA, "ght", "94001");
  assert_column (f, CORSICA, "ght_role", "support");
  assert_column (f, CORSICA, "lat", NULL);
  assert_double (f, CORSICA, "x", 1177000);
  assert_double (f, CORSICA, "y", 6105000);

  /* La Réunion: a three-character department; a decimal comma. */
  assert_column (f, REUNION, "department", "974");
  assert_column (f, REUNION, "region", "04");
  assert_column (f, REUNION, "commune", "97411");
  assert_column (f, REUNION, "sector", "sanitaire");
  assert_column (f, REUNION, "ght", NULL);
  assert_double (f, REUNION, "lat", -20.8823);
  assert_double (f, REUNION, "lon", 55.4504);
  assert_double (f, REUNION, "x", 338000.5);
  assert_double (f, REUNION, "y", 7690000.2);

  /* Escapes decoded; no legal entity; the memberships of a group that is
   * not a GHT, and of an inactive GHT, are not applied. */
  assert_column (f, STAR, "name", "CENTRE \"L'ÉTOILE\" [SUD] {2}");
  assert_column (f, STAR, "legal_finess", NULL);
  assert_column (f, STAR, "ght", NULL);
  assert_column (f, STAR, "ght_role", NULL);
  assert_column (f, STAR, "address", "1 R DE LA REPUBLIQUE");
  assert_column (f, STAR, "department", "13");
  assert_column (f, STAR, "region", "93");

  /* Legal entities: every valid number, inactive ones closed. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM legal_entities"), ==, 6);
  assert_value (f->store, "legal_entities", "finess", "010780054", "name", "CH DE BOURG EN BRESSE");
  assert_value (f->store, "legal_entities", "finess", "010780054", "long_name",
                "CENTRE HOSPITALIER DE BOURG EN BRESSE");
  assert_value (f->store, "legal_entities", "finess", "010780054", "legal_status", "13");
  assert_value (f->store, "legal_entities", "finess", "010780054", "closed", "0");
  assert_value (f->store, "legal_entities", "finess", "010780054", "extracted_on", "2026-03-09");
  assert_value (f->store, "legal_entities", "finess", "010780054", "source",
                "finess-plus-json:" MAIN_FIXTURE);
  assert_value (f->store, "legal_entities", "finess", "010000990", "closed", "1");
  assert_value (f->store, "legal_entities", "finess", "2A0000011", "name", "CH D AJACCIO");
  assert_value (f->store, "legal_entities", "finess", "750000010", "long_name", NULL);

  /* GHT: type 001 only; names trimmed; inactive ones closed. */
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM ght"), ==, 3);
  assert_value (f->store, "ght", "code", "27103", "name", "21-52 Côte d'Or-Haute-Marne");
  assert_value (f->store, "ght", "code", "27103", "closed", "0");
  assert_value (f->store, "ght", "code", "27103", "extracted_on", "2026-03-09");
  assert_value (f->store, "ght", "code", "11101", "closed", "1");
  assert_value (f->store, "ght", "code", "94001", "name", "GHT de Corse");
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM ght WHERE code = '55501'"), ==, 0);

  /* The run is recorded with its rejects. */
  {
    g_autofree char *run = query_text (f->store, "SELECT read || '/' || added || '/' || rejected"
                                                 " FROM import_runs WHERE format = 'finess-plus-json'", NULL);

    g_assert_cmpstr (run, ==, "14/6/8");
  }
  g_assert_cmpint (query_int (f->store, "SELECT count(*) FROM import_rejects"), ==, 8);
}

static void
test_reimport (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CrrcImportReport) first = import_fixture (f, MAIN_FIXTURE);
  g_autofree char *before = dump_registry (f->store);
  g_autoptr(CrrcImportReport) second = import_fixture (f, MAIN_FIXTURE);
  g_autofree char *after = dump_registry (f->store);

  crrc_test_assert_counts (first, 14, 6, 0, 0, 8);
  crrc_test_assert_counts (second, 14, 0, 0, 6, 8);
  g_assert_cmpstr (before, ==, after);
}

static void
test_gzip (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CrrcStore) other = crrc_test_open_store (f->dir, "other.db");
  g_autoptr(GFile) plain = fixture_file (MAIN_FIXTURE);
  g_autoptr(GFile) gzipped = fixture_file (MAIN_FIXTURE ".gz");
  g_autoptr(CrrcImportReport) plain_report = import_file (f->store, plain);
  g_autoptr(CrrcImportReport) gzip_report = import_file (other, gzipped);
  g_autofree char *plain_dump = dump_registry (f->store);
  g_autofree char *gzip_dump = dump_registry (other);

  crrc_test_assert_counts (gzip_report, 14, 6, 0, 0, 8);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (gzip_report), ==, "2026-03-09");
  g_assert_cmpstr (plain_dump, ==, gzip_dump);

  g_assert_finalize_object (g_steal_pointer (&other));
}

/* What FiNESS+ does not provide stays as another import wrote it. */
static void
test_keeps_other_columns (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = NULL;

  exec (f->store,
        "INSERT INTO establishments (finess, name, sector, department, x, y, epsg, lat, lon,"
        " ght, ght_role, source) VALUES"
        " ('" CLOSED "', 'OLD', 'other', '01', 880000, 6570000, 2154, 46.0, 5.3, '27103', 'member', 'etalab-csv:x.csv'),"
        " ('" STAR "', 'OLD', 'other', '13', NULL, NULL, NULL, NULL, NULL, '93001', 'member', 'etalab-csv:x.csv')");

  report = import_fixture (f, MAIN_FIXTURE);
  crrc_test_assert_counts (report, 14, 4, 2, 0, 8);

  /* No coordinates in the feed: the projected and WGS 84 ones are kept. */
  assert_column (f, CLOSED, "name", "SMUR FERME");
  assert_double (f, CLOSED, "x", 880000);
  assert_double (f, CLOSED, "y", 6570000);
  assert_column (f, CLOSED, "epsg", "2154");
  assert_double (f, CLOSED, "lat", 46.0);
  assert_double (f, CLOSED, "lon", 5.3);
  assert_column (f, CLOSED, "source", "finess-plus-json:" MAIN_FIXTURE);

  /* The feed lists the GHT: an establishment in none has none. */
  assert_column (f, STAR, "ght", NULL);
  assert_column (f, STAR, "ght_role", NULL);
}

/* Without `gcc`, the file says nothing of GHT: they are kept. */
static void
test_no_gcc (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f, "no-gcc.json",
                                      "{\"schemaVersion\": \"v1.0.0\", \"generatedAt\": \"2026-04-01T00:00:00Z\","
                                      " \"pmej\": [{\"informationsGeneralesPMEJ\": {\"pmSmsseId\": \"10\"},"
                                      " \"ege\": [" EGE (FLEYRIAT, "CH", "01451") "]}]}", -1);
  g_autoptr(CrrcImportReport) report = NULL;

  exec (f->store,
        "INSERT INTO establishments (finess, name, sector, department, ght, ght_role, source)"
        " VALUES ('" FLEYRIAT "', 'OLD', 'other', '01', '27103', 'support', 'x')");

  report = import_file (f->store, file);
  crrc_test_assert_counts (report, 1, 0, 1, 0, 0);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2026-04-01");
  assert_column (f, FLEYRIAT, "name", "CH");
  assert_column (f, FLEYRIAT, "ght", "27103");
  assert_column (f, FLEYRIAT, "ght_role", "support");
  assert_column (f, FLEYRIAT, "extracted_on", "2026-04-01");
}

/* `gcc` after `pmej` comes too late for the establishments: their GHT is
 * kept, the GHT themselves are written. */
static void
test_gcc_after_pmej (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f, "late-gcc.json",
                                      "{\"pmej\": [{\"informationsGeneralesPMEJ\": {\"pmSmsseId\": \"10\"},"
                                      " \"ege\": [" EGE (FLEYRIAT, "CH", "01451") "]}],"
                                      " \"gcc\": [{\"typeGcc\": \"001\", \"gccIdentifiantExterne\": \"11101\","
                                      " \"nomGcc\": \"77 Nord\", \"etatObjet\": \"A\","
                                      " \"pmejDuGcc\": [{\"pmSmsseId\": \"10\", \"typeRoleEntiteGroupe\": \"S\"}]}]}",
                                      -1);
  g_autoptr(CrrcImportReport) report = NULL;

  exec (f->store,
        "INSERT INTO establishments (finess, name, sector, department, ght, ght_role, source)"
        " VALUES ('" FLEYRIAT "', 'OLD', 'other', '01', '27103', 'member', 'x')");

  report = import_file (f->store, file);
  crrc_test_assert_counts (report, 1, 0, 1, 0, 0);
  g_assert_null (crrc_import_report_get_extracted_on (report));
  assert_column (f, FLEYRIAT, "ght", "27103");
  assert_column (f, FLEYRIAT, "ght_role", "member");
  assert_value (f->store, "ght", "code", "11101", "name", "77 Nord");
}

static void
test_null_arrays (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (f, "nulls.json",
                                      "{\"gcc\": null, \"gco\": null, \"pmej\": null}", -1);
  g_autoptr(CrrcImportReport) report = import_file (f->store, file);

  crrc_test_assert_counts (report, 0, 0, 0, 0, 0);
}

static void
test_refused_fixtures (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, MAIN_FIXTURE);
  g_autofree char *before = dump_cache (f->store);
  g_autofree char *after = NULL;
  g_autoptr(GFile) truncated = fixture_file ("broken-truncated.json");
  g_autoptr(GFile) invalid = fixture_file ("broken-invalid.json");
  g_autoptr(GFile) nested = fixture_file ("broken-nested.json");
  g_autoptr(GFile) utf8 = fixture_file ("broken-utf8.json");
  g_autoptr(GFile) not_object = fixture_file ("broken-not-object.json");

  assert_refused (f, truncated, "broken-truncated.json", "ends early", "pmej", NULL);
  assert_refused (f, invalid, "broken-invalid.json", "Invalid JSON at byte", "pmej[1]", NULL);
  assert_refused (f, nested, "pmej[1]", "deeper than 64 levels", NULL);
  assert_refused (f, utf8, "pmej[0]", "UTF-8", NULL);
  assert_refused (f, not_object, "not a JSON object", NULL);

  after = dump_cache (f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refused_structures (Fixture       *f,
                         gconstpointer  data)
{
  static const struct {
    const char *json;
    const char *expected;
  } cases[] = {
    { "{\"schemaVersion\": \"v1.0.0\", \"gcc\": []}", "pmej" },
    { "{\"pmej\": {\"ege\": []}}", "“pmej” is neither an array nor null" },
    { "{\"gcc\": 12, \"pmej\": []}", "“gcc” is neither an array nor null" },
    { "{\"pmej\": [{\"ege\": {}}]}", "pmej[0].ege is neither an array nor null" },
    { "{\"pmej\": [[]]}", "pmej[0] is not a JSON object" },
    { "{\"gcc\": [1], \"pmej\": []}", "gcc[0] is not a JSON object" },
    { "{\"pmej\": [{}] \"gcc\": []}", "Invalid JSON at byte 14" },
    { "{\"pmej\": [{}], \"gcc\": []} {}", "after the end" },
    { "{\"pmej\": [{\"a\": \"\\x\"}]}", "pmej[0]" },
  };
  g_autoptr(CrrcImportReport) report = import_fixture (f, MAIN_FIXTURE);
  g_autofree char *before = dump_cache (f->store);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("case-%u.json", i);
      g_autoptr(GFile) file = write_file (f, name, cases[i].json, -1);

      assert_refused (f, file, cases[i].expected, NULL);
    }

  after = dump_cache (f->store);
  g_assert_cmpstr (before, ==, after);
}

/* Far deeper than json-glib survives, in an element and in a skipped
 * member: refused by the splitter, no crash. */
static void
test_huge_depth (Fixture       *f,
                 gconstpointer  data)
{
  const guint depth = 200000;
  const char *members[] = { "pmej", "gco" };

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      g_autoptr(GString) json = g_string_new (NULL);
      g_autoptr(GFile) file = NULL;

      g_string_append_printf (json, "{\"gcc\": [], \"%s\": [", members[m]);
      for (guint i = 0; i < depth; i++)
        g_string_append_c (json, '[');
      for (guint i = 0; i < depth; i++)
        g_string_append_c (json, ']');
      g_string_append (json, "], \"pmej\": []}");

      file = write_file (f, "deep.json", json->str, (gssize) json->len);
      assert_refused (f, file, "deeper than 64 levels", members[m], NULL);
    }
}

static void
test_too_big (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{\"pmej\": [{}, {\"informationsGeneralesPMEJ\": {\"denominationPm\": \"");
  g_autoptr(GFile) file = NULL;

  for (guint i = 0; i < 17 * 1024 * 1024; i++)
    g_string_append_c (json, 'A');
  g_string_append (json, "\"}}]}");

  file = write_file (f, "big.json", json->str, (gssize) json->len);
  assert_refused (f, file, "pmej[1] is larger than 16.0", "byte 16777230", NULL);
}

static void
cancel_cb (guint64  done,
           guint64  total,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new ("{\"gcc\": [], \"pmej\": [{\"ege\": [");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *before = dump_cache (f->store);
  g_autofree char *after = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (json, "%s" EGE (FLEYRIAT, "CH", "01451"), i > 0 ? ", " : "");
  g_string_append (json, "]}]}");
  file = write_file (f, "cancel.json", json->str, (gssize) json->len);

  report = crrc_import_file (f->store, file, cancel_cb, cancellable, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  after = dump_cache (f->store);
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/import/finess-plus/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("main-fixture", test_main_fixture);
  ADD ("reimport", test_reimport);
  ADD ("gzip", test_gzip);
  ADD ("keeps-other-columns", test_keeps_other_columns);
  ADD ("no-gcc", test_no_gcc);
  ADD ("gcc-after-pmej", test_gcc_after_pmej);
  ADD ("null-arrays", test_null_arrays);
  ADD ("refused-fixtures", test_refused_fixtures);
  ADD ("refused-structures", test_refused_structures);
  ADD ("huge-depth", test_huge_depth);
  ADD ("too-big", test_too_big);
  ADD ("cancel", test_cancel);

#undef ADD

  return g_test_run ();
}
