/* test-import.c: the import framework — format detection, refusals, dates
 *
 * Each format's importer has its own tests beside its fixtures; these cover
 * what they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "crrc-import-private.h"
#include "crrc-test-utils.h"

typedef struct
{
  char      *dir;
  CrrcStore *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = crrc_test_make_dir ("crrc-import");
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
            gssize      length,
            gboolean    gzip)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (length < 0)
    length = (gssize) strlen (content);

  if (gzip)
    {
      g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
      g_autoptr(GInputStream) memory = g_memory_input_stream_new_from_data (content, length, NULL);
      g_autoptr(GInputStream) compressed = g_converter_input_stream_new (memory, G_CONVERTER (compressor));
      g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();

      g_output_stream_splice (sink, compressed,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, &error);
      g_assert_no_error (error);
      bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
      g_file_set_contents (path, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), &error);
    }
  else
    g_file_set_contents (path, content, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static const char etalab_head[] = "finess;etalab;100;2024-01-01\n";
static const char finess_plus_head[] =
  "{\"schemaVersion\": \"v1.0.0\", \"generatedAt\": \"2026-03-09T15:49:37.6156113Z\", \"gcc\": [], \"pmej\": []}";
static const char certfr_object[] =
  "{\"reference\": \"CERTFR-2024-ALE-012\", \"title\": \"Vulnérabilité\"}";
static const char certfr_array[] =
  "\xef\xbb\xbf  [ {\"title\": \"Multiples vulnérabilités\", \"reference\": \"CERTFR-2026-AVI-0133\"} ]";

/* The format is read from the content, never the name. */
static void
test_detect (Fixture       *fixture,
             gconstpointer  data)
{
  static const struct {
    const char       *name;
    const char       *content;
    gboolean          gzip;
    CrrcImportFormat  format;
  } cases[] = {
    { "extract.csv", etalab_head, FALSE, CRRC_IMPORT_FORMAT_ETALAB_CSV },
    { "extract.json", etalab_head, FALSE, CRRC_IMPORT_FORMAT_ETALAB_CSV },
    { "extract-no-suffix", etalab_head, TRUE, CRRC_IMPORT_FORMAT_ETALAB_CSV },
    { "finess.json", finess_plus_head, FALSE, CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON },
    { "finess.json.gz", finess_plus_head, TRUE, CRRC_IMPORT_FORMAT_FINESS_PLUS_JSON },
    { "bulletin.csv", certfr_object, FALSE, CRRC_IMPORT_FORMAT_CERTFR_JSON },
    { "bulletins.json", certfr_array, FALSE, CRRC_IMPORT_FORMAT_CERTFR_JSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = write_file (fixture, cases[i].name, cases[i].content, -1, cases[i].gzip);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (crrc_import_detect_format (file, NULL, &error), ==, cases[i].format);
      g_assert_no_error (error);
    }
}

static gint64
count_rows (Fixture    *fixture,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* Files that are not an import are refused with a message naming them, and
 * the cache keeps no trace of the attempt. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct {
    const char      *name;
    const char      *content;
    gssize           length;
    CrrcImportError  code;
    const char      *message_part;
  } cases[] = {
    { "empty.csv", "", 0, CRRC_IMPORT_ERROR_UNKNOWN_FORMAT, "empty" },
    { "letter.txt", "Dear analyst,\n", -1, CRRC_IMPORT_ERROR_UNKNOWN_FORMAT, "known format" },
    { "other.json", "{\"hello\": \"world\"}", -1, CRRC_IMPORT_ERROR_UNKNOWN_FORMAT, "known format" },
    { "image.png", "\x89PNG\r\n\x1a\n\0\0\0", 11, CRRC_IMPORT_ERROR_UNKNOWN_FORMAT, "known format" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = write_file (fixture, cases[i].name, cases[i].content, cases[i].length, FALSE);
      g_autoptr(GError) error = NULL;
      g_autoptr(CrrcImportReport) report = NULL;

      g_test_message ("%s", cases[i].name);
      report = crrc_import_file (fixture->store, file, NULL, NULL, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, CRRC_IMPORT_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].name));
      g_assert_nonnull (strstr (error->message, cases[i].message_part));
    }

  g_assert_cmpint (count_rows (fixture, "import_runs"), ==, 0);
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *missing_path = g_build_filename (fixture->dir, "missing.csv", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = NULL;

  report = crrc_import_file (fixture->store, missing, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "missing.csv"));
  g_clear_error (&error);

  report = crrc_import_file (fixture->store, folder, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_READ);
}

/* gzip data that stops half-way is a broken file, not a short one. */
static void
test_broken_gzip (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) whole = write_file (fixture, "whole.csv.gz", etalab_head, -1, TRUE);
  g_autofree char *content = NULL;
  g_autoptr(GFile) cut = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_load_contents (whole, NULL, &content, &length, NULL, &error);
  g_assert_no_error (error);
  /* Keep the header, garble the deflate data. */
  memset (content + 12, 0xff, length - 12);
  cut = write_file (fixture, "garbled.csv.gz", content, (gssize) length, FALSE);

  g_assert_cmpint (crrc_import_detect_format (cut, NULL, &error), ==, CRRC_IMPORT_FORMAT_UNKNOWN);
  g_assert_error (error, CRRC_IMPORT_ERROR, CRRC_IMPORT_ERROR_BROKEN);
  g_assert_nonnull (strstr (error->message, "garbled.csv.gz"));
}

/* A valid Etalab extract of @n establishments, with correct FINESS keys. */
static char *
make_extract (guint n)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "finess;etalab;%u;2024-01-01\n", n);
  for (guint i = 0; i < n; i++)
    {
      char finess[10];
      guint sum = 0;

      /* 21 + a 6-digit serial, then the Luhn key. */
      g_snprintf (finess, sizeof finess, "21%06u0", i);
      for (int d = 8, position = 0; d >= 0; d--, position++)
        {
          guint digit = (guint) (finess[d] - '0');

          if (position % 2 == 1)
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
          sum += digit;
        }
      finess[8] = (char) ('0' + (10 - sum % 10) % 10);

      g_string_append_printf (text,
                              "structureet;%s;;EHPAD NUMERO %u;;;;;;;;;231;21;COTE D OR;21000 DIJON;;;"
                              "500;EHPAD;4401;EHPAD;;;;;0;;2001-01-01;2001-01-01;2020-01-01;\n",
                              finess, i);
    }

  return g_string_free (text, FALSE);
}

typedef struct
{
  guint64   last_done;
  guint64   total;
  guint     calls;
  GThread  *thread;
} ProgressRecord;

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  ProgressRecord *record = user_data;

  g_assert_true (g_thread_self () == record->thread);
  g_assert_cmpuint (done, <=, total);
  record->last_done = done;
  record->total = total;
  record->calls++;
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CrrcImportReport **report = user_data;
  g_autoptr(GError) error = NULL;

  *report = crrc_import_file_finish (result, &error);
  g_assert_no_error (error);
}

/* The asynchronous import works in a thread and reports its progress in
 * the caller's main context, ending at the file's size. */
static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *content = make_extract (20000);
  g_autoptr(GFile) file = write_file (fixture, "extract.csv", content, -1, FALSE);
  g_autoptr(CrrcImportReport) report = NULL;
  ProgressRecord record = { 0, 0, 0, g_thread_self () };

  crrc_import_file_async (fixture->store, file, progress_cb, &record, NULL, NULL,
                          import_done_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The last figures may arrive just after the result. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (crrc_import_report_get_read (report), ==, 20000);
  g_assert_cmpuint (crrc_import_report_get_added (report), ==, 20000);
  g_assert_cmpuint (record.calls, >=, 1);
  g_assert_cmpuint (record.total, ==, strlen (content));
  g_assert_cmpuint (record.last_done, ==, record.total);
  g_assert_cmpint (count_rows (fixture, "establishments"), ==, 20000);
  g_assert_cmpint (count_rows (fixture, "import_runs"), ==, 1);
}

/* A cancelled import leaves nothing behind. */
static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *content = make_extract (2000);
  g_autoptr(GFile) file = write_file (fixture, "extract.csv", content, -1, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  report = crrc_import_file (fixture->store, file, NULL, NULL, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_rows (fixture, "establishments"), ==, 0);
  g_assert_cmpint (count_rows (fixture, "import_runs"), ==, 0);
}

/* A summary people can read, with every count. */
static void
test_report_text (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *content = make_extract (3);
  g_autofree char *broken = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* Line 3 gets a wrong key. */
  broken = g_strdup (content);
  *(strstr (strstr (broken, "\nstructureet;") + 1, "\nstructureet;") + 21) ^= 1;
  file = write_file (fixture, "extract.csv", broken, -1, FALSE);

  report = crrc_import_file (fixture->store, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  text = crrc_import_report_to_text (report);
  g_assert_nonnull (strstr (text, "File: extract.csv (FINESS extract, Etalab CSV)"));
  g_assert_nonnull (strstr (text, "Extracted on: 2024-01-01"));
  g_assert_nonnull (strstr (text, "Read: 3, added: 2, updated: 0, unchanged: 0, rejected: 1"));
  g_assert_nonnull (strstr (text, "wrong FINESS check key: 1"));
  g_assert_nonnull (strstr (text, "line 3"));
  g_assert_cmpint (count_rows (fixture, "import_rejects"), ==, 1);
}

static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (fixture->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* Each format writes what it knows and keeps what another format wrote:
 * FiNESS+ after an Etalab extract renames, but keeps the category labels
 * and projected coordinates that only the extract has. */
static void
test_formats_complement (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char extract[] =
    "finess;etalab;1;2024-01-01\n"
    "structureet;210000006;;EHPAD LES TILLEULS;;;;;;;;;231;21;COTE D OR;21000 DIJON;;;"
    "500;EHPAD;4401;Etab. et Services d'Hébergement pour Personnes Agées;;;;;0;;2001-01-01;2001-01-01;2020-01-01;\n"
    "geolocalisation;210000006;853000.5;6694000.25;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / Lambert-93 (Métropole);2024-01-01\n";
  static const char finess_plus[] =
    "{\"schemaVersion\": \"v1.0.0\", \"generatedAt\": \"2026-03-09T15:49:37Z\", \"gcc\": [],"
    " \"pmej\": [{\"informationsGeneralesPMEJ\": {\"pmSmsseId\": \"1\", \"numFinessPm\": null},"
    "  \"ege\": [{\"informationsGeneralesEGE\": {\"egeId\": \"9\", \"numFinessEge\": \"210000006\","
    "   \"nomEgeCourt\": \"EHPAD LES TILLEULS ET LES CHENES\", \"dateOuverture\": \"2001-01-01\"},"
    "   \"categorieentiteGeographiqueExercice\": \"500\","
    "   \"adresse\": [{\"cogCommune\": \"21231\"}], \"etatObjet\": \"A\"}]}]}";
  g_autoptr(GFile) csv = write_file (fixture, "extract.csv", extract, -1, FALSE);
  g_autoptr(GFile) json = write_file (fixture, "structures.json", finess_plus, -1, FALSE);
  g_autoptr(CrrcImportReport) first = NULL;
  g_autoptr(CrrcImportReport) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;
  g_autofree char *aggregate = NULL;
  g_autofree char *x = NULL;

  first = crrc_import_file (fixture->store, csv, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_import_report_get_added (first), ==, 1);

  second = crrc_import_file (fixture->store, json, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_import_report_get_updated (second), ==, 1);

  name = query_text (fixture, "SELECT name FROM establishments WHERE finess = '210000006'");
  label = query_text (fixture, "SELECT category_label FROM establishments WHERE finess = '210000006'");
  aggregate = query_text (fixture, "SELECT aggregate_category FROM establishments WHERE finess = '210000006'");
  x = query_text (fixture, "SELECT printf ('%.2f %.2f %d', x, y, epsg) FROM establishments WHERE finess = '210000006'");
  g_assert_cmpstr (name, ==, "EHPAD LES TILLEULS ET LES CHENES");
  g_assert_cmpstr (label, ==, "EHPAD");
  g_assert_cmpstr (aggregate, ==, "4401");
  g_assert_cmpstr (x, ==, "853000.50 6694000.25 2154");
}

static void
test_dates (void)
{
  static const struct {
    const char *text;
    const char *date;
  } cases[] = {
    { "2024-05-21", "2024-05-21" },
    { "2024-02-29", "2024-02-29" },
    { "2000-02-29", "2000-02-29" },
    { "2024-05-21 08:00:00", "2024-05-21" },
    { "2024-05-21T08:00:00Z", "2024-05-21" },
    { "2023-02-29", NULL },
    { "1900-02-29", NULL },
    { "2024-13-01", NULL },
    { "2024-04-31", NULL },
    { "2024-00-10", NULL },
    { "2024-5-21", NULL },
    { "21/05/2024", NULL },
    { "2024-05-21x", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char out[11] = "";

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (_crrc_import_parse_date (cases[i].text, out), ==, cases[i].date != NULL);
      if (cases[i].date != NULL)
        g_assert_cmpstr (out, ==, cases[i].date);
    }
  g_assert_false (_crrc_import_parse_date (NULL, NULL));
}

static void
test_labels (void)
{
  for (guint i = 0; i < CRRC_N_REJECT_REASONS; i++)
    {
      g_assert_nonnull (crrc_reject_reason_to_string (i));
      g_assert_nonnull (crrc_reject_reason_get_label (i));
    }
  g_assert_cmpstr (crrc_import_format_to_string (CRRC_IMPORT_FORMAT_ETALAB_CSV), ==, "etalab-csv");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/import/detect", Fixture, NULL, fixture_setup, test_detect, fixture_teardown);
  g_test_add ("/import/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add ("/import/unreadable", Fixture, NULL, fixture_setup, test_unreadable, fixture_teardown);
  g_test_add ("/import/broken-gzip", Fixture, NULL, fixture_setup, test_broken_gzip, fixture_teardown);
  g_test_add ("/import/async", Fixture, NULL, fixture_setup, test_async, fixture_teardown);
  g_test_add ("/import/cancelled", Fixture, NULL, fixture_setup, test_cancelled, fixture_teardown);
  g_test_add ("/import/report-text", Fixture, NULL, fixture_setup, test_report_text, fixture_teardown);
  g_test_add ("/import/formats-complement", Fixture, NULL, fixture_setup, test_formats_complement, fixture_teardown);
  g_test_add_func ("/import/dates", test_dates);
  g_test_add_func ("/import/labels", test_labels);

  return g_test_run ();
}
