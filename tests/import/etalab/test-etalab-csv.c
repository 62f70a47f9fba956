/* test-etalab-csv.c: importing the FINESS extract in Etalab CSV
 *
 * Each fixture (fixtures/, written by make-fixtures.py) holds one family of
 * quirks of the format. The tests go through the public API, then read the
 * cache with SQL and check the values themselves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-etalab-csv"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crrc-import.h"
#include "crrc-store-private.h"
#include "crrc-test-utils.h"

typedef struct
{
  char      *dir;
  CrrcStore *store;
} Fixture;

/* Every column but `source`, which names the file. */
#define ESTABLISHMENT_COLUMNS \
  "finess, legal_finess, name, long_name, category, category_label, aggregate_category," \
  " sector, department, region, commune, address, postal_line, phone, siret, ght, ght_role," \
  " public, x, y, epsg, lat, lon, opened_on, closed_on, key_checked, extracted_on, updated_at"

typedef struct
{
  guint64 done;
  guint64 total;
} ProgressCall;

typedef struct
{
  GArray       *calls;
  GCancellable *cancel_on_first;
} ProgressLog;

/* Helpers */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = crrc_test_make_dir ("crrc-etalab");
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
  return g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "import", "etalab",
                                                   "fixtures", name, NULL));
}

static CrrcImportReport *
import_fixture (Fixture    *f,
                const char *name)
{
  g_autoptr(GFile) file = fixture_file (name);
  g_autoptr(GError) error = NULL;
  CrrcImportReport *report;

  report = crrc_import_file (f->store, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (crrc_import_report_get_format (report), ==, CRRC_IMPORT_FORMAT_ETALAB_CSV);

  return report;
}

static sqlite3 *
fixture_db (Fixture *f)
{
  return _crrc_store_get_db (f->store);
}

/* One value of an establishment, as text; NULL for SQL NULL. */
static char *
column_text (Fixture    *f,
             const char *finess,
             const char *column)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM establishments WHERE finess = ?",
                                          column);
  const unsigned char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture_db (f), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = sqlite3_column_text (stmt, 0);

  return g_strdup ((const char *) text);
}

static void
assert_column (Fixture    *f,
               const char *finess,
               const char *column,
               const char *expected)
{
  g_autofree char *value = column_text (f, finess, column);

  if (g_strcmp0 (value, expected) != 0)
    g_error ("%s.%s: expected “%s”, got “%s”", finess, column,
             expected != NULL ? expected : "(null)", value != NULL ? value : "(null)");
}

static void
assert_column_type (Fixture    *f,
                    const char *finess,
                    const char *column,
                    int         type)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM establishments WHERE finess = ?",
                                          column);

  g_assert_cmpint (sqlite3_prepare_v2 (fixture_db (f), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (stmt, 0), ==, type);
}

static gint64
query_int64 (Fixture    *f,
             const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture_db (f), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The rows of @sql, one line each with typed values, sorted. */
static void
append_rows (GString    *out,
             sqlite3    *db,
             const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          int type = sqlite3_column_type (stmt, i);

          if (type == SQLITE_NULL)
            g_string_append (row, "NULL");
          else
            g_string_append_printf (row, "%d:%s", type, sqlite3_column_text (stmt, i));
          g_string_append_c (row, '|');
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);

  g_ptr_array_sort (rows, compare_strings);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (rows, i));
}

/* Every row of every table. */
static char *
dump_cache (Fixture *f)
{
  g_autoptr(sqlite3_stmt) tables = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (fixture_db (f),
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\"", name);

      g_string_append_printf (out, "== %s\n", name);
      append_rows (out, fixture_db (f), sql);
    }

  return g_string_free (out, FALSE);
}

static char *
dump_establishments (Fixture *f)
{
  GString *out = g_string_new (NULL);

  append_rows (out, fixture_db (f), "SELECT " ESTABLISHMENT_COLUMNS " FROM establishments");

  return g_string_free (out, FALSE);
}

static void
assert_reject (CrrcImportReport *report,
               guint             index,
               const char       *location,
               const char       *record,
               const char       *field,
               CrrcRejectReason  reason)
{
  const CrrcImportReject *reject = crrc_import_report_get_reject (report, index);

  g_assert_nonnull (reject);
  g_assert_cmpstr (reject->location, ==, location);
  g_assert_cmpstr (reject->record, ==, record);
  g_assert_cmpstr (reject->field, ==, field);
  g_assert_cmpstr (crrc_reject_reason_to_string (reject->reason), ==,
                   crrc_reject_reason_to_string (reason));
  g_assert_nonnull (reject->detail);
  g_assert_cmpuint (strlen (reject->detail), >, 10);
  g_assert_true (g_utf8_validate (reject->detail, -1, NULL));
}

/* A FINESS number with its Luhn key, from eight digits. */
static void
finess_with_key (guint  number,
                 char   out[10])
{
  g_snprintf (out, 10, "%08u", number);
  out[9] = '\0';
  for (int key = 0; key < 10; key++)
    {
      guint sum = 0;

      out[8] = (char) ('0' + key);
      for (int i = 8, position = 0; i >= 0; i--, position++)
        {
          guint digit = (guint) (out[i] - '0');

          if (position % 2 == 1)
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
          sum += digit;
        }
      if (sum % 10 == 0)
        return;
    }
  g_assert_not_reached ();
}

/* An extract of @n establishments in Loire-Atlantique, with coordinates. */
static GFile *
write_large_extract (Fixture *f,
                     guint    n)
{
  g_autoptr(GString) text = g_string_new ("finess;etalab;93;2024-07-11\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "large.csv", NULL);
  char finess[10];

  for (guint i = 0; i < n; i++)
    {
      finess_with_key (44000000 + i, finess);
      g_string_append_printf (text,
                              "structureet;%s;;\"EHPAD \"\"N° %u\"\"\";;;;;;;;;109;44;"
                              "LOIRE ATLANTIQUE;44000 NANTES;;;500;EHPAD;4401;;;;;;;;"
                              "2000-01-01;;2024-01-01;\n",
                              finess, i);
    }
  for (guint i = 0; i < n; i++)
    {
      finess_with_key (44000000 + i, finess);
      g_string_append_printf (text, "geolocalisation;%s;%u.5;6700000;1,ATLASANTE,96,BAN,"
                              "EPSG:2154 RGF93 / Lambert-93 (Métropole);2024-07-10\n",
                              finess, 350000 + i);
    }

  g_file_set_contents (path, text->str, (gssize) text->len, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  ProgressLog *log = user_data;
  ProgressCall call = { done, total };

  g_array_append_val (log->calls, call);
  if (log->cancel_on_first != NULL)
    g_cancellable_cancel (log->cancel_on_first);
}

/* Tests */

static void
test_basic (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, "basic.csv");
  const char * const *unknown;

  crrc_test_assert_counts (report, 8, 8, 0, 0, 0);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2024-07-11");
  unknown = crrc_import_report_get_unknown_categories (report);
  g_assert_nonnull (unknown);
  g_assert_cmpstr (unknown[0], ==, "999");
  g_assert_null (unknown[1]);
  g_assert_cmpint (query_int64 (f, "SELECT count(*) FROM establishments"), ==, 8);

  /* The real line of the specification. */
  assert_column (f, "010000024", "legal_finess", "010780054");
  assert_column (f, "010000024", "name", "CH DE FLEYRIAT");
  assert_column (f, "010000024", "long_name", "CENTRE HOSPITALIER DE BOURG-EN-BRESSE FLEYRIAT");
  assert_column (f, "010000024", "address", "900 RTE DE PARIS");
  assert_column (f, "010000024", "commune", "01451");
  assert_column (f, "010000024", "department", "01");
  assert_column (f, "010000024", "region", "84");
  assert_column (f, "010000024", "postal_line", "01440 VIRIAT");
  assert_column (f, "010000024", "phone", "0474454647");
  assert_column (f, "010000024", "category", "355");
  assert_column (f, "010000024", "category_label", "Centre Hospitalier (C.H.)");
  assert_column (f, "010000024", "aggregate_category", "1102");
  assert_column (f, "010000024", "sector", "sanitaire");
  assert_column (f, "010000024", "siret", "26010004500012");
  assert_column (f, "010000024", "public", "1");
  assert_column (f, "010000024", "opened_on", "1979-02-13");
  assert_column (f, "010000024", "closed_on", NULL);
  assert_column (f, "010000024", "updated_at", "2020-02-04");
  assert_column (f, "010000024", "key_checked", "1");
  assert_column (f, "010000024", "x", "869565.6");
  assert_column (f, "010000024", "y", "6571000.4");
  assert_column (f, "010000024", "epsg", "2154");
  assert_column_type (f, "010000024", "x", SQLITE_FLOAT);
  assert_column_type (f, "010000024", "epsg", SQLITE_INTEGER);
  assert_column (f, "010000024", "lat", NULL);
  assert_column (f, "010000024", "ght", NULL);
  assert_column (f, "010000024", "source", "etalab-csv:basic.csv");
  assert_column (f, "010000024", "extracted_on", "2024-07-11");

  /* Doubled quotes; La Réunion is 9D in the file, 974 for INSEE. */
  assert_column (f, "970462008", "name", "LIEU DE VIE \"MAVOUNA MEMA 1\"");
  assert_column (f, "970462008", "legal_finess", "970400016");
  assert_column (f, "970462008", "department", "974");
  assert_column (f, "970462008", "region", "04");
  assert_column (f, "970462008", "commune", "97411");
  assert_column (f, "970462008", "address", "12 CHE DES LATANIERS");
  assert_column (f, "970462008", "sector", "medico_social");
  assert_column (f, "970462008", "category_label", "Lieu de vie et d'accueil");
  assert_column (f, "970462008", "public", "0");
  assert_column (f, "970462008", "epsg", "32740");
  assert_column (f, "970462008", "x", "338254.8");

  /* Excel's ="…" */
  assert_column (f, "690000039", "legal_finess", "690780002");
  assert_column (f, "690000039", "name", "EHPAD LES TILLEULS");
  assert_column (f, "690000039", "phone", "0472000000");
  assert_column (f, "690000039", "siret", "26690000000015");
  assert_column (f, "690000039", "commune", "69381");
  assert_column (f, "690000039", "epsg", "2154");

  /* Corsica: no key rule. */
  assert_column (f, "2A0000031", "key_checked", "0");
  assert_column (f, "2A0000031", "department", "2A");
  assert_column (f, "2A0000031", "region", "94");
  assert_column (f, "2A0000031", "commune", "2A004");
  assert_column (f, "2A0000031", "address", "27 AV IMPERATRICE EUGENIE");
  assert_column (f, "2A0000031", "legal_finess", NULL);

  /* No geolocalisation, no aggregate, an unknown category, no dates. */
  assert_column (f, "750000101", "x", NULL);
  assert_column (f, "750000101", "y", NULL);
  assert_column (f, "750000101", "epsg", NULL);
  assert_column (f, "750000101", "sector", "other");
  assert_column (f, "750000101", "category", "999");
  assert_column (f, "750000101", "category_label", "Catégorie inconnue");
  assert_column (f, "750000101", "aggregate_category", NULL);
  assert_column (f, "750000101", "long_name", NULL);
  assert_column (f, "750000101", "address", "BP 12");
  assert_column (f, "750000101", "opened_on", NULL);
  assert_column (f, "750000101", "updated_at", NULL);
  assert_column (f, "750000101", "public", "0");

  /* A quoted value over two lines; the sector from the category table. */
  assert_column (f, "330000209", "name", "CENTRE \"A\"");
  assert_column (f, "330000209", "long_name", "CENTRE \"A\"\nSUITE SUR DEUX LIGNES");
  assert_column (f, "330000209", "sector", "sanitaire");
  assert_column (f, "330000209", "epsg", "2154");
  assert_column (f, "330000209", "x", "417000.0");

  /* Guadeloupe (9A); Wallis-et-Futuna (9J) is in no region. */
  assert_column (f, "971000500", "department", "971");
  assert_column (f, "971000500", "region", "01");
  assert_column (f, "971000500", "commune", "97120");
  assert_column (f, "971000500", "epsg", "32620");
  assert_column (f, "986000602", "department", "986");
  assert_column (f, "986000602", "region", NULL);
  assert_column (f, "986000602", "commune", "98613");
  assert_column (f, "986000602", "x", "600000.0");
  assert_column (f, "986000602", "epsg", NULL);
}

static void
test_reimport (Fixture       *f,
               gconstpointer  data)
{
  gint64 cache_size = query_int64 (f, "PRAGMA cache_size");
  g_autoptr(CrrcImportReport) first = import_fixture (f, "basic.csv");
  g_autofree char *before = dump_establishments (f);
  g_autoptr(CrrcImportReport) second = import_fixture (f, "basic.csv");
  g_autofree char *after = dump_establishments (f);

  /* The importer enlarges the page cache while it runs, then gives it back. */
  g_assert_cmpint (query_int64 (f, "PRAGMA cache_size"), ==, cache_size);

  crrc_test_assert_counts (first, 8, 8, 0, 0, 0);
  crrc_test_assert_counts (second, 8, 0, 0, 8, 0);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (query_int64 (f, "SELECT count(*) FROM import_runs"), ==, 2);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrrcImportReport) first = import_fixture (f, "basic.csv");
  g_autoptr(CrrcImportReport) second = import_fixture (f, "basic-v2.csv");

  /* One name changed, one position changed, one establishment added. */
  crrc_test_assert_counts (second, 9, 1, 2, 6, 0);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (second), ==, "2024-08-11");
  assert_column (f, "2A0000031", "name", "CH NOTRE DAME DE LA MISERICORDE");
  assert_column (f, "2A0000031", "x", "1178500.5");
  assert_column (f, "971000500", "x", "657100.1");
  assert_column (f, "971000500", "name", "CHU DE POINTE A PITRE");
  assert_column (f, "130000706", "name", "CLINIQUE NOUVELLE");
  assert_column (f, "130000706", "sector", "sanitaire");
  assert_column (f, "130000706", "x", NULL);
  /* Unchanged rows keep what they were written with. */
  assert_column (f, "010000024", "extracted_on", "2024-07-11");
  assert_column (f, "750000101", "x", NULL);
}

static void
test_gzip (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, "basic.csv.gz");
  g_autofree char *gunzipped = NULL;
  g_autofree char *plain = NULL;

  crrc_test_assert_counts (report, 8, 8, 0, 0, 0);
  assert_column (f, "010000024", "source", "etalab-csv:basic.csv.gz");
  gunzipped = dump_establishments (f);

  g_assert_cmpint (sqlite3_exec (fixture_db (f), "DELETE FROM establishments", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_clear_object (&report);
  report = import_fixture (f, "basic.csv");
  crrc_test_assert_counts (report, 8, 8, 0, 0, 0);
  plain = dump_establishments (f);

  g_assert_cmpstr (gunzipped, ==, plain);
}

static void
test_windows_1252 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, "windows-1252.csv");

  /* CRLF line ends: line 1 would not be read otherwise. */
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2024-07-11");
  crrc_test_assert_counts (report, 4, 3, 0, 0, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_ENCODING), ==, 1);
  assert_reject (report, 0, "line 5", "350001004", NULL, CRRC_REJECT_ENCODING);

  assert_column (f, "010000024", "name", "CH DE FLEYRIAT");
  assert_column (f, "010000024", "updated_at", "2020-02-04");
  assert_column (f, "210000808", "name", "EHPAD SAINTE-HÉLÈNE");
  assert_column (f, "210000808", "long_name", "MAISON DU CŒUR À DIJON");
  assert_column (f, "210000808", "address", "RUE DE L’ÉGLISE");
  assert_column (f, "210000808", "category_label",
                 "Établissement d’hébergement pour personnes âgées dépendantes");
  assert_column (f, "210000808", "commune", "21231");
  assert_column (f, "210000808", "x", "853000.0");
  assert_column (f, "210000808", "epsg", "2154");
  assert_column (f, "290000900", "name", "MAISON D'ACCUEIL SPÉCIALISÉE \"KER ANNA\"");
  assert_column (f, "290000900", "region", "53");
  assert_column (f, "290000900", "y", "6840000.0");
  g_assert_cmpint (query_int64 (f, "SELECT count(*) FROM establishments"
                                  " WHERE finess = '350001004'"), ==, 0);
}

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, "invalid-utf8.csv");

  crrc_test_assert_counts (report, 2, 1, 0, 0, 1);
  assert_reject (report, 0, "line 3", "440001105", NULL, CRRC_REJECT_ENCODING);
  assert_column (f, "010000024", "x", "869565.6");
  g_assert_cmpint (query_int64 (f, "SELECT count(*) FROM establishments"), ==, 1);
}

static void
test_rejects (Fixture       *f,
              gconstpointer  data)
{
  static const guint expected_by_reason[CRRC_N_REJECT_REASONS] = {
    [CRRC_REJECT_INVALID_FINESS] = 2,
    [CRRC_REJECT_BAD_FINESS_KEY] = 2,
    [CRRC_REJECT_MISSING_FIELD] = 2,
    [CRRC_REJECT_UNKNOWN_DEPARTMENT] = 1,
    [CRRC_REJECT_FIELD_COUNT] = 2,
    [CRRC_REJECT_INVALID_DATE] = 2,
    [CRRC_REJECT_INVALID_VALUE] = 4,
    [CRRC_REJECT_ENCODING] = 0,
    [CRRC_REJECT_UNKNOWN_ESTABLISHMENT] = 2,
    [CRRC_REJECT_DUPLICATE] = 2,
  };
  g_autoptr(CrrcImportReport) report = import_fixture (f, "rejects.csv");
  g_autofree char *text = crrc_import_report_to_text (report);
  guint i = 0;

  g_test_message ("%s", text);

  crrc_test_assert_counts (report, 14, 2, 0, 0, 19);
  for (guint reason = 0; reason < CRRC_N_REJECT_REASONS; reason++)
    g_assert_cmpuint (crrc_import_report_get_rejected_for (report, reason), ==,
                      expected_by_reason[reason]);
  g_assert_cmpuint (crrc_import_report_get_n_rejects (report), ==, 19);

  assert_reject (report, i++, "line 3", "590001301", NULL, CRRC_REJECT_FIELD_COUNT);
  assert_reject (report, i++, "line 4", "590001203", "nofinesset", CRRC_REJECT_BAD_FINESS_KEY);
  assert_reject (report, i++, "line 5", "59000012", "nofinesset", CRRC_REJECT_INVALID_FINESS);
  assert_reject (report, i++, "line 6", "590001400", "dateouv", CRRC_REJECT_INVALID_DATE);
  assert_reject (report, i++, "line 7", "990001505", "departement", CRRC_REJECT_UNKNOWN_DEPARTMENT);
  assert_reject (report, i++, "line 8", "590001608", "rs", CRRC_REJECT_MISSING_FIELD);
  assert_reject (report, i++, "line 9", "590001202", "nofinesset", CRRC_REJECT_DUPLICATE);
  assert_reject (report, i++, "line 10", NULL, NULL, CRRC_REJECT_INVALID_VALUE);
  assert_reject (report, i++, "line 11", "590001707", "nofinessej", CRRC_REJECT_INVALID_FINESS);
  assert_reject (report, i++, "line 12", "590001806", "datemaj", CRRC_REJECT_INVALID_DATE);
  assert_reject (report, i++, "line 13", "590001905", NULL, CRRC_REJECT_INVALID_VALUE);
  assert_reject (report, i++, "line 15", "590002200", "commune", CRRC_REJECT_INVALID_VALUE);
  assert_reject (report, i++, "line 17", "590002101", "nofinesset",
                 CRRC_REJECT_UNKNOWN_ESTABLISHMENT);
  assert_reject (report, i++, "line 19", "590001400", "nofinesset",
                 CRRC_REJECT_UNKNOWN_ESTABLISHMENT);
  assert_reject (report, i++, "line 20", "590002002", "x", CRRC_REJECT_INVALID_VALUE);
  assert_reject (report, i++, "line 21", "590001202", "nofinesset", CRRC_REJECT_DUPLICATE);
  assert_reject (report, i++, "line 22", "590002002", "x", CRRC_REJECT_MISSING_FIELD);
  assert_reject (report, i++, "line 23", "590001203", "nofinesset", CRRC_REJECT_BAD_FINESS_KEY);
  assert_reject (report, i++, "line 24", "590002002", NULL, CRRC_REJECT_FIELD_COUNT);

  /* The first of two lines for one FINESS wins, and its first position. */
  assert_column (f, "590001202", "name", "CH DE LILLE 590001202");
  assert_column (f, "590001202", "legal_finess", "590781209");
  assert_column (f, "590001202", "x", "704000.5");
  assert_column (f, "590001202", "epsg", "2154");
  /* Read again after an unclosed quote; its coordinates were rejected. */
  assert_column (f, "590002002", "name", "CH DE LILLE 590002002");
  assert_column (f, "590002002", "x", NULL);
  g_assert_cmpint (query_int64 (f, "SELECT count(*) FROM establishments"), ==, 2);

  /* The framework keeps the rejects with the run. */
  g_assert_cmpint (query_int64 (f, "SELECT count(*) FROM import_rejects"), ==, 19);
}

static void
assert_refused (Fixture    *f,
                const char *name,
                int         code,
                gboolean    names_line_1)
{
  g_autoptr(CrrcImportReport) first = import_fixture (f, "basic.csv");
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GFile) file = fixture_file (name);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_cache (f);
  g_autofree char *after = NULL;

  report = crrc_import_file (f->store, file, NULL, NULL, NULL, &error);
  g_assert_error (error, CRRC_IMPORT_ERROR, code);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, name));
  if (names_line_1)
    g_assert_nonnull (strstr (error->message, "line 1"));

  after = dump_cache (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_header (Fixture       *f,
                 gconstpointer  data)
{
  assert_refused (f, "bad-header.csv", CRRC_IMPORT_ERROR_BROKEN, TRUE);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  /* The framework refuses it before the importer: nothing to detect. */
  assert_refused (f, "empty.csv", CRRC_IMPORT_ERROR_UNKNOWN_FORMAT, FALSE);
}

static void
test_header_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, "header-only.csv");

  crrc_test_assert_counts (report, 0, 0, 0, 0, 0);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2024-07-11");
  g_assert_cmpint (query_int64 (f, "SELECT count(*) FROM establishments"), ==, 0);
}

static void
test_bom (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (f, "bom.csv");

  crrc_test_assert_counts (report, 1, 1, 0, 0, 0);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2024-07-11");
  assert_column (f, "010000024", "name", "CH DE FLEYRIAT");
}

/* A gzip file cut in the middle: the importer reads part of it, then the
 * stream fails; nothing is kept. */
static void
test_truncated_gzip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) plain = write_large_extract (f, 3000);
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GInputStream) source = NULL;
  g_autoptr(GInputStream) gzipped = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "truncated.csv.gz", NULL);
  g_autofree char *before = dump_cache (f);
  g_autofree char *after = NULL;

  source = G_INPUT_STREAM (g_file_read (plain, NULL, &error));
  g_assert_no_error (error);
  gzipped = g_converter_input_stream_new (source, G_CONVERTER (compressor));
  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (memory, gzipped, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 16 * 1024);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes) / 2,
                       &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  report = crrc_import_file (f->store, file, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_nonnull (error);
  g_assert_true (error->domain == CRRC_IMPORT_ERROR);
  g_assert_true (error->code == CRRC_IMPORT_ERROR_READ || error->code == CRRC_IMPORT_ERROR_BROKEN);
  g_assert_nonnull (strstr (error->message, "truncated.csv.gz"));

  after = dump_cache (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) file = write_large_extract (f, 3000);
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (ProgressCall));
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  ProgressLog log = { calls, NULL };
  const ProgressCall *last;

  report = crrc_import_file (f->store, file, progress_cb, &log, NULL, &error);
  g_assert_no_error (error);
  crrc_test_assert_counts (report, 3000, 3000, 0, 0, 0);
  assert_column (f, "440029999", "name", "EHPAD \"N° 2999\"");
  assert_column (f, "440029999", "x", "352999.5");

  g_assert_cmpuint (calls->len, >=, 2);
  for (guint i = 0; i < calls->len; i++)
    {
      const ProgressCall *call = &g_array_index (calls, ProgressCall, i);

      g_assert_cmpuint (call->done, <=, call->total);
      if (i > 0)
        {
          g_assert_cmpuint (call->done, >=, g_array_index (calls, ProgressCall, i - 1).done);
          g_assert_cmpuint (call->total, ==, g_array_index (calls, ProgressCall, i - 1).total);
        }
    }
  last = &g_array_index (calls, ProgressCall, calls->len - 1);
  g_assert_cmpuint (last->total, >, 0);
  g_assert_cmpuint (last->done, ==, last->total);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GFile) file = write_large_extract (f, 3000);
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (ProgressCall));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  ProgressLog log = { calls, cancellable };
  g_autofree char *before = dump_cache (f);
  g_autofree char *after = NULL;

  report = crrc_import_file (f->store, file, progress_cb, &log, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_assert_cmpuint (calls->len, >=, 1);

  after = dump_cache (f);
  g_assert_cmpstr (before, ==, after);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(name, func) \
  g_test_add ("/import/etalab/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("basic", test_basic);
  ADD_TEST ("reimport", test_reimport);
  ADD_TEST ("update", test_update);
  ADD_TEST ("gzip", test_gzip);
  ADD_TEST ("windows-1252", test_windows_1252);
  ADD_TEST ("invalid-utf8", test_invalid_utf8);
  ADD_TEST ("rejects", test_rejects);
  ADD_TEST ("bad-header", test_bad_header);
  ADD_TEST ("empty", test_empty);
  ADD_TEST ("header-only", test_header_only);
  ADD_TEST ("bom", test_bom);
  ADD_TEST ("truncated-gzip", test_truncated_gzip);
  ADD_TEST ("progress", test_progress);
  ADD_TEST ("cancel", test_cancel);

#undef ADD_TEST

  return g_test_run ();
}
