/* test-certfr.c: importing CERT-FR bulletins (JSON)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-certfr"

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

/* Helpers */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = crrc_test_make_dir ("test-certfr");
  fixture->store = crrc_test_open_store (fixture->dir, "cache.sqlite");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->store);
  crrc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GFile *
get_fixture_file (const char *name)
{
  return g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "import", "certfr", "fixtures",
                                                   name, NULL));
}

static CrrcImportReport *
import_file (Fixture *fixture,
             GFile   *file)
{
  g_autoptr(GError) error = NULL;
  CrrcImportReport *report;

  report = crrc_import_file (fixture->store, file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (crrc_import_report_get_format (report), ==, CRRC_IMPORT_FORMAT_CERTFR_JSON);

  return report;
}

static CrrcImportReport *
import_fixture (Fixture    *fixture,
                const char *name)
{
  g_autoptr(GFile) file = get_fixture_file (name);

  return import_file (fixture, file);
}

static sqlite3 *
get_db (Fixture *fixture)
{
  return _crrc_store_get_db (fixture->store);
}

/* The text in the first column of the first row of @sql, bound to @param
 * (when not NULL); NULL when that value is NULL. */
static char *
query_text (Fixture    *fixture,
            const char *sql,
            const char *param)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *text;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (get_db (fixture), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  g_assert_cmpint (rc, ==, SQLITE_ROW);
  text = (const char *) sqlite3_column_text (stmt, 0);

  return g_strdup (text);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql,
           const char *param)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (get_db (fixture), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

#define assert_query_text(fixture, sql, param, expected) \
  G_STMT_START { \
    g_autofree char *_value = query_text (fixture, sql, param); \
    g_assert_cmpstr (_value, ==, expected); \
  } G_STMT_END

/* One bulletin's row, CVEs and products, "|"-separated, NULL as "∅". */
static char *
dump_bulletin (Fixture    *fixture,
               const char *reference)
{
  return query_text (fixture,
                     "SELECT reference || '|' || kind || '|' || title || '|' ||"
                     " ifnull (summary, '∅') || '|' || ifnull (published_on, '∅') || '|' ||"
                     " ifnull (revised_on, '∅') || '|' || ifnull (risks, '∅') || '|' || source"
                     " FROM certfr_bulletins WHERE reference = ?1",
                     reference);
}

static char *
dump_cves (Fixture    *fixture,
           const char *reference)
{
  return query_text (fixture,
                     "SELECT ifnull (group_concat (cve, ','), '') FROM"
                     " (SELECT cve FROM certfr_bulletin_cves WHERE reference = ?1 ORDER BY cve)",
                     reference);
}

static char *
dump_products (Fixture    *fixture,
               const char *reference)
{
  return query_text (fixture,
                     "SELECT ifnull (group_concat (line, '\n'), '') FROM"
                     " (SELECT position || '|' || ifnull (vendor, '∅') || '|' ||"
                     "  ifnull (product, '∅') || '|' || ifnull (description, '∅') AS line"
                     "  FROM certfr_bulletin_products WHERE reference = ?1 ORDER BY position)",
                     reference);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every row of every table, sorted; the import bookkeeping (import_runs,
 * import_rejects) only when @bookkeeping. */
static char *
dump_cache (Fixture  *fixture,
            gboolean  bookkeeping)
{
  g_autoptr(sqlite3_stmt) tables = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) dump = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (get_db (fixture),
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autoptr(sqlite3_stmt) rows = NULL;
      g_autofree char *sql = NULL;

      if (!bookkeeping && g_str_has_prefix (table, "import_"))
        continue;

      /* Table names come from the schema itself. */
      sql = g_strdup_printf ("SELECT * FROM \"%s\"", table);
      g_assert_cmpint (sqlite3_prepare_v2 (get_db (fixture), sql, -1, &rows, NULL), ==, SQLITE_OK);

      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          GString *line = g_string_new (table);

          for (int i = 0; i < sqlite3_column_count (rows); i++)
            {
              const char *value = (const char *) sqlite3_column_text (rows, i);

              g_string_append_printf (line, "|%s", value != NULL ? value : "∅");
            }
          g_ptr_array_add (lines, g_string_free (line, FALSE));
        }
    }

  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (dump, "%s\n", (const char *) g_ptr_array_index (lines, i));

  return g_string_free (g_steal_pointer (&dump), FALSE);
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
  g_assert_cmpint (reject->reason, ==, reason);
  g_assert_nonnull (reject->detail);
  g_assert_cmpstr (reject->detail, !=, "");
}

/* Imports @file, which must be refused with @code, and checks that the
 * cache did not change at all. */
static void
assert_refused (Fixture         *fixture,
                GFile           *file,
                CrrcImportError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *before = dump_cache (fixture, TRUE);
  g_autofree char *after = NULL;

  report = crrc_import_file (fixture->store, file, NULL, NULL, NULL, &error);
  g_assert_error (error, CRRC_IMPORT_ERROR, (int) code);
  g_test_message ("%s", error->message);
  g_assert_null (report);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  after = dump_cache (fixture, TRUE);
  g_assert_cmpstr (after, ==, before);
}

/* Tests */

static void
test_alert (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (fixture, "alert.json");
  g_autofree char *cves = NULL;
  g_autofree char *products = NULL;

  crrc_test_assert_counts (report, 1, 1, 0, 0, 0);
  g_assert_cmpuint (crrc_import_report_get_n_rejects (report), ==, 0);
  /* The newest revision of the file. */
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2024-02-01");

  assert_query_text (fixture, "SELECT kind FROM certfr_bulletins WHERE reference = ?1",
                     "CERTFR-2024-ALE-012", "alerte");
  assert_query_text (fixture, "SELECT title FROM certfr_bulletins WHERE reference = ?1",
                     "CERTFR-2024-ALE-012", "Multiples vulnérabilités dans les produits Ivanti");
  assert_query_text (fixture, "SELECT summary FROM certfr_bulletins WHERE reference = ?1",
                     "CERTFR-2024-ALE-012",
                     "Le 10 janvier 2024, Ivanti a publié un avis de sécurité concernant deux "
                     "vulnérabilités affectant Ivanti Connect Secure et Ivanti Policy Secure. "
                     "Leur exploitation conjointe permet à un attaquant non authentifié "
                     "d'exécuter du code arbitraire à distance.");
  assert_query_text (fixture, "SELECT published_on FROM certfr_bulletins WHERE reference = ?1",
                     "CERTFR-2024-ALE-012", "2024-01-11");
  assert_query_text (fixture, "SELECT revised_on FROM certfr_bulletins WHERE reference = ?1",
                     "CERTFR-2024-ALE-012", "2024-02-01");
  assert_query_text (fixture, "SELECT risks FROM certfr_bulletins WHERE reference = ?1",
                     "CERTFR-2024-ALE-012",
                     "Exécution de code arbitraire à distance; "
                     "Contournement de la politique de sécurité");
  assert_query_text (fixture, "SELECT source FROM certfr_bulletins WHERE reference = ?1",
                     "CERTFR-2024-ALE-012", "certfr-json:alert.json");

  cves = dump_cves (fixture, "CERTFR-2024-ALE-012");
  g_assert_cmpstr (cves, ==, "CVE-2023-46805,CVE-2024-21887");

  products = dump_products (fixture, "CERTFR-2024-ALE-012");
  g_assert_cmpstr (products, ==,
                   "0|Ivanti|Connect Secure|Ivanti Connect Secure versions 9.x et 22.x\n"
                   "1|Ivanti|Policy Secure|Ivanti Policy Secure versions 9.x et 22.x\n"
                   "2|Ivanti|Neurons for ZTA|Ivanti Neurons for ZTA toutes versions");

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM certfr_bulletins", NULL), ==, 1);

  /* The run is recorded. */
  assert_query_text (fixture, "SELECT format || '|' || file || '|' || extracted_on || '|' ||"
                     " read || '|' || added || '|' || rejected FROM import_runs", NULL,
                     "certfr-json|alert.json|2024-02-01|1|1|0");

}

static void
test_advisories (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (fixture, "advisories.json");
  g_autofree char *roundcube = NULL;
  g_autofree char *patient = NULL;
  g_autofree char *windows = NULL;
  g_autofree char *cves = NULL;
  g_autofree char *products = NULL;

  crrc_test_assert_counts (report, 3, 3, 0, 0, 0);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2026-02-09");

  /* A single revision: published and revised the same day; an empty CVE
   * list; the same product twice, in the file's order. */
  roundcube = dump_bulletin (fixture, "CERTFR-2026-AVI-0133");
  g_assert_cmpstr (roundcube, ==,
                   "CERTFR-2026-AVI-0133|avis|Multiples vulnérabilités dans Roundcube|"
                   "De multiples vulnérabilités ont été découvertes dans Roundcube. Elles "
                   "permettent à un attaquant de provoquer une exécution de code arbitraire à "
                   "distance et un contournement de la politique de sécurité.|"
                   "2026-02-09|2026-02-09|"
                   "Exécution de code arbitraire à distance; "
                   "Contournement de la politique de sécurité|"
                   "certfr-json:advisories.json");
  cves = dump_cves (fixture, "CERTFR-2026-AVI-0133");
  g_assert_cmpstr (cves, ==, "");
  products = dump_products (fixture, "CERTFR-2026-AVI-0133");
  g_assert_cmpstr (products, ==,
                   "0|Roundcube|Roundcube Webmail|"
                   "Roundcube Webmail versions 1.5.x antérieures à 1.5.13\n"
                   "1|Roundcube|Roundcube Webmail|"
                   "Roundcube Webmail versions 1.6.x antérieures à 1.6.13");
  g_clear_pointer (&cves, g_free);
  g_clear_pointer (&products, g_free);

  /* Null summary, no CVE list, empty risks, a date without a time, a null
   * vendor and a null product, a title with blanks around it. */
  patient = dump_bulletin (fixture, "CERTFR-2025-AVI-0457");
  g_assert_cmpstr (patient, ==,
                   "CERTFR-2025-AVI-0457|avis|Vulnérabilité dans un logiciel de dossier patient|"
                   "∅|2025-05-27|2025-05-27|∅|certfr-json:advisories.json");
  cves = dump_cves (fixture, "CERTFR-2025-AVI-0457");
  g_assert_cmpstr (cves, ==, "");
  products = dump_products (fixture, "CERTFR-2025-AVI-0457");
  g_assert_cmpstr (products, ==,
                   "0|∅|Dossier patient informatisé|"
                   "Dossier patient informatisé versions antérieures à 4.2.7\n"
                   "1|∅|∅|Toutes les versions du connecteur HL7");
  g_clear_pointer (&cves, g_free);
  g_clear_pointer (&products, g_free);

  /* A CVE listed twice is stored once, a lowercase one in capitals; a null
   * risk is left out; a "YYYY-MM-DD HH:MM:SS" revision keeps its date. */
  windows = dump_bulletin (fixture, "CERTFR-2025-AVI-1032");
  g_assert_cmpstr (windows, ==,
                   "CERTFR-2025-AVI-1032|avis|Multiples vulnérabilités dans Microsoft Windows|"
                   "De multiples vulnérabilités ont été découvertes dans Microsoft Windows. "
                   "Certaines d'entre elles permettent à un attaquant de provoquer une exécution "
                   "de code arbitraire à distance.|2025-11-12|2025-11-14|"
                   "Élévation de privilèges; Exécution de code arbitraire à distance|"
                   "certfr-json:advisories.json");
  cves = dump_cves (fixture, "CERTFR-2025-AVI-1032");
  g_assert_cmpstr (cves, ==, "CVE-2025-59505,CVE-2025-60724");
  products = dump_products (fixture, "CERTFR-2025-AVI-1032");
  g_assert_cmpstr (products, ==,
                   "0|Microsoft|Windows|Windows Server 2022 sans le correctif de sécurité du "
                   "11 novembre 2025");

  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM certfr_bulletins", NULL), ==, 3);
}

static void
test_rejects (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = import_fixture (fixture, "rejects.json");
  g_autofree char *openssh = NULL;
  g_autofree char *citrix = NULL;
  g_autofree char *news = NULL;
  g_autofree char *cves = NULL;

  crrc_test_assert_counts (report, 11, 3, 0, 0, 8);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_MISSING_FIELD), ==, 2);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_INVALID_VALUE), ==, 3);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_DUPLICATE), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_INVALID_DATE), ==, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_ENCODING), ==, 1);

  g_assert_cmpuint (crrc_import_report_get_n_rejects (report), ==, 8);
  assert_reject (report, 0, "bulletin 2", "CERTFR-2025-AVI-0601", "title",
                 CRRC_REJECT_MISSING_FIELD);
  assert_reject (report, 1, "bulletin 3", "CERTFR-25-AVI-602", "reference",
                 CRRC_REJECT_INVALID_VALUE);
  assert_reject (report, 2, "bulletin 4", "CERTFR-2025-AVI-0600", "reference",
                 CRRC_REJECT_DUPLICATE);
  assert_reject (report, 3, "bulletin 5", "CERTFR-2025-AVI-0604", "cves[1].name",
                 CRRC_REJECT_INVALID_VALUE);
  assert_reject (report, 4, "bulletin 6", "CERTFR-2025-AVI-0605", "revisions[0].revision_date",
                 CRRC_REJECT_INVALID_DATE);
  assert_reject (report, 5, "bulletin 7", NULL, "reference", CRRC_REJECT_MISSING_FIELD);
  assert_reject (report, 6, "bulletin 8", "CERTFR-2025-AVI-0607", "title",
                 CRRC_REJECT_INVALID_VALUE);
  /* A lone UTF-16 surrogate escape: json-glib makes invalid UTF-8 of it. */
  assert_reject (report, 7, "bulletin 11", "CERTFR-2025-AVI-0611", "title", CRRC_REJECT_ENCODING);

  /* The bad values are named in the details. */
  g_assert_nonnull (strstr (crrc_import_report_get_reject (report, 1)->detail,
                            "CERTFR-25-AVI-602"));
  g_assert_nonnull (strstr (crrc_import_report_get_reject (report, 3)->detail, "CVE-2025-12"));
  g_assert_nonnull (strstr (crrc_import_report_get_reject (report, 4)->detail, "2025-02-30"));

  /* The rejects are recorded with the run. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM import_rejects", NULL), ==, 8);
  assert_query_text (fixture, "SELECT group_concat (reason, ',') FROM"
                     " (SELECT reason FROM import_rejects ORDER BY rowid)", NULL,
                     "missing-field,invalid-value,duplicate,invalid-value,invalid-date,"
                     "missing-field,invalid-value,encoding");

  /* Only the valid ones are in the cache; the first of a duplicated
   * reference is kept. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM certfr_bulletins", NULL), ==, 3);
  openssh = dump_bulletin (fixture, "CERTFR-2025-AVI-0600");
  g_assert_cmpstr (openssh, ==,
                   "CERTFR-2025-AVI-0600|avis|Vulnérabilité dans OpenSSH|Une vulnérabilité a été "
                   "découverte dans OpenSSH. Elle permet à un attaquant de provoquer un déni de "
                   "service à distance.|2025-07-02|2025-07-02|Déni de service à distance|"
                   "certfr-json:rejects.json");
  cves = dump_cves (fixture, "CERTFR-2025-AVI-0600");
  g_assert_cmpstr (cves, ==, "CVE-2025-26466");

  citrix = dump_bulletin (fixture, "CERTFR-2025-ALE-003");
  g_assert_cmpstr (citrix, ==,
                   "CERTFR-2025-ALE-003|alerte|Vulnérabilité dans Citrix NetScaler ADC et "
                   "NetScaler Gateway|Une vulnérabilité activement exploitée a été découverte "
                   "dans NetScaler ADC et NetScaler Gateway.|2025-06-26|2025-06-26|"
                   "Exécution de code arbitraire à distance; Déni de service à distance|"
                   "certfr-json:rejects.json");

  /* Neither an alert nor an advisory. */
  news = dump_bulletin (fixture, "CERTFR-2025-ACT-027");
  g_assert_cmpstr (news, ==,
                   "CERTFR-2025-ACT-027|other|Bulletin d'actualité CERTFR-2025-ACT-027|∅|"
                   "2025-07-07|2025-07-07|∅|certfr-json:rejects.json");

  /* Nothing of the rejected bulletins was written. */
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM certfr_bulletin_cves"
                              " WHERE reference = ?1", "CERTFR-2025-AVI-0604"), ==, 0);
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM certfr_bulletin_cves", NULL), ==, 2);

  /* The newest revision among the imported bulletins. */
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2025-07-07");
}

static void
test_reimport (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct {
    const char *name;
    guint       read;
    guint       imported;
    guint       rejected;
  } files[] = {
    { "alert.json", 1, 1, 0 },
    { "advisories.json", 3, 3, 0 },
    { "rejects.json", 11, 3, 8 },
  };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(CrrcImportReport) report = import_fixture (fixture, files[i].name);

      crrc_test_assert_counts (report, files[i].read, files[i].imported, 0, 0, files[i].rejected);
    }

  first = dump_cache (fixture, FALSE);
  g_assert_nonnull (strstr (first, "certfr_bulletin_products|CERTFR-2024-ALE-012|2|"));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(CrrcImportReport) report = import_fixture (fixture, files[i].name);

      crrc_test_assert_counts (report, files[i].read, 0, 0, files[i].imported, files[i].rejected);
    }

  second = dump_cache (fixture, FALSE);
  g_assert_cmpstr (second, ==, first);
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(CrrcImportReport) report = NULL;
  g_autofree char *bulletin = NULL;
  g_autofree char *cves = NULL;
  g_autofree char *products = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *again = NULL;

  report = import_fixture (fixture, "alert.json");
  crrc_test_assert_counts (report, 1, 1, 0, 0, 0);
  g_clear_object (&report);

  /* A new revision, one more CVE and one more risk. */
  report = import_fixture (fixture, "alert-updated.json");
  crrc_test_assert_counts (report, 1, 0, 1, 0, 0);
  g_assert_cmpstr (crrc_import_report_get_extracted_on (report), ==, "2024-02-09");
  g_clear_object (&report);

  bulletin = dump_bulletin (fixture, "CERTFR-2024-ALE-012");
  g_assert_cmpstr (bulletin, ==,
                   "CERTFR-2024-ALE-012|alerte|Multiples vulnérabilités dans les produits Ivanti|"
                   "Le 10 janvier 2024, Ivanti a publié un avis de sécurité concernant deux "
                   "vulnérabilités affectant Ivanti Connect Secure et Ivanti Policy Secure. "
                   "Leur exploitation conjointe permet à un attaquant non authentifié "
                   "d'exécuter du code arbitraire à distance.|2024-01-11|2024-02-09|"
                   "Exécution de code arbitraire à distance; "
                   "Contournement de la politique de sécurité; "
                   "Atteinte à la confidentialité des données|"
                   "certfr-json:alert-updated.json");
  cves = dump_cves (fixture, "CERTFR-2024-ALE-012");
  g_assert_cmpstr (cves, ==, "CVE-2023-46805,CVE-2024-21887,CVE-2024-21893");
  products = dump_products (fixture, "CERTFR-2024-ALE-012");
  g_assert_cmpstr (products, ==,
                   "0|Ivanti|Connect Secure|Ivanti Connect Secure versions 9.x et 22.x\n"
                   "1|Ivanti|Policy Secure|Ivanti Policy Secure versions 9.x et 22.x\n"
                   "2|Ivanti|Neurons for ZTA|Ivanti Neurons for ZTA toutes versions");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM certfr_bulletins", NULL), ==, 1);

  updated = dump_cache (fixture, FALSE);

  /* The same file again changes nothing; neither does the older copy. */
  report = import_fixture (fixture, "alert-updated.json");
  crrc_test_assert_counts (report, 1, 0, 0, 1, 0);
  g_clear_object (&report);

  report = import_fixture (fixture, "alert.json");
  crrc_test_assert_counts (report, 1, 0, 0, 1, 0);
  g_clear_object (&report);

  again = dump_cache (fixture, FALSE);
  g_assert_cmpstr (again, ==, updated);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct {
    const char      *name;
    CrrcImportError  code;
  } files[] = {
    { "truncated.json", CRRC_IMPORT_ERROR_BROKEN },
    /* The first bulletin is written, then the second does not parse: the
     * import is rolled back. */
    { "syntax-error.json", CRRC_IMPORT_ERROR_BROKEN },
    /* Found by fuzz-certfr: json-glib quotes "\udc00" as invalid UTF-8 in
     * its message. */
    { "syntax-error-surrogate.json", CRRC_IMPORT_ERROR_BROKEN },
    { "mismatched.json", CRRC_IMPORT_ERROR_BROKEN },
    { "trailing-comma.json", CRRC_IMPORT_ERROR_BROKEN },
    /* 100 nested arrays: refused before json-glib sees them. */
    { "deep-nesting.json", CRRC_IMPORT_ERROR_BROKEN },
    /* Windows-1252 text. */
    { "invalid-utf8.json", CRRC_IMPORT_ERROR_BROKEN },
    /* Not strict JSON; a quote in a comment would hide the nesting. */
    { "comment.json", CRRC_IMPORT_ERROR_BROKEN },
    /* An array, but not of objects. */
    { "strings.json", CRRC_IMPORT_ERROR_BROKEN },
    /* A number at the top level is not even taken for CERT-FR JSON. */
    { "number.json", CRRC_IMPORT_ERROR_UNKNOWN_FORMAT },
  };
  g_autoptr(CrrcImportReport) report = import_fixture (fixture, "alert.json");

  crrc_test_assert_counts (report, 1, 1, 0, 0, 0);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GFile) file = get_fixture_file (files[i].name);

      g_test_message ("%s", files[i].name);
      assert_refused (fixture, file, files[i].code);
    }
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  static const char head[] =
    "[{\"reference\": \"CERTFR-2024-AVI-0001\", \"title\": \"Un très gros bulletin\","
    " \"content\": \"";
  static const char tail[] = "\"}]\n";
  const gsize size = 64 * 1024 * 1024 + 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcImportReport) report = import_fixture (fixture, "alert.json");
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "huge.json", NULL);
  g_autofree char *content = g_malloc (size);

  memset (content, 'a', size);
  memcpy (content, head, strlen (head));
  memcpy (content + size - strlen (tail), tail, strlen (tail));
  g_file_set_contents (path, content, (gssize) size, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  assert_refused (fixture, file, CRRC_IMPORT_ERROR_BROKEN);
}

/* One bulletin too large to be parsed is rejected; the others are
 * imported. */
static void
test_large_bulletin (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "large-bulletin.json", NULL);
  g_autofree char *bulletin = NULL;

  g_string_append (json,
                   "[{\"reference\": \"CERTFR-2025-AVI-0800\","
                   " \"title\": \"Vulnérabilité dans Zimbra\"},\n"
                   " {\"reference\": \"CERTFR-2025-AVI-0801\", \"title\": \"Un bulletin démesuré\","
                   " \"content\": \"");
  for (guint i = 0; i < 1024 * 1024 / 8; i++)
    g_string_append (json, "Correctif");
  g_string_append (json, "\"}]\n");
  g_file_set_contents (path, json->str, (gssize) json->len, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  report = import_file (fixture, file);
  crrc_test_assert_counts (report, 2, 1, 0, 0, 1);
  g_assert_cmpuint (crrc_import_report_get_rejected_for (report, CRRC_REJECT_INVALID_VALUE), ==, 1);
  assert_reject (report, 0, "bulletin 2", NULL, NULL, CRRC_REJECT_INVALID_VALUE);
  /* No revision: no extraction date. */
  g_assert_null (crrc_import_report_get_extracted_on (report));

  bulletin = dump_bulletin (fixture, "CERTFR-2025-AVI-0800");
  g_assert_cmpstr (bulletin, ==,
                   "CERTFR-2025-AVI-0800|avis|Vulnérabilité dans Zimbra|∅|∅|∅|∅|"
                   "certfr-json:large-bulletin.json");
  g_assert_cmpint (query_int (fixture, "SELECT count(*) FROM certfr_bulletins", NULL), ==, 1);
}

static void
test_gzip (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) plain = get_fixture_file ("alert.json");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) gzip = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "alert.json.gz", NULL);
  g_autofree char *cves = NULL;

  bytes = g_file_load_bytes (plain, NULL, NULL, &error);
  g_assert_no_error (error);

  file = g_file_new_for_path (path);
  output = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  gzip = g_converter_output_stream_new (G_OUTPUT_STREAM (output), G_CONVERTER (compressor));
  g_output_stream_write_bytes (gzip, bytes, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (gzip, NULL, &error);
  g_assert_no_error (error);

  report = import_file (fixture, file);
  crrc_test_assert_counts (report, 1, 1, 0, 0, 0);
  cves = dump_cves (fixture, "CERTFR-2024-ALE-012");
  g_assert_cmpstr (cves, ==, "CVE-2023-46805,CVE-2024-21887");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/import/certfr/alert", test_alert);
  ADD_TEST ("/import/certfr/advisories", test_advisories);
  ADD_TEST ("/import/certfr/rejects", test_rejects);
  ADD_TEST ("/import/certfr/reimport", test_reimport);
  ADD_TEST ("/import/certfr/update", test_update);
  ADD_TEST ("/import/certfr/refused", test_refused);
  ADD_TEST ("/import/certfr/too-large", test_too_large);
  ADD_TEST ("/import/certfr/large-bulletin", test_large_bulletin);
  ADD_TEST ("/import/certfr/gzip", test_gzip);

#undef ADD_TEST

  return g_test_run ();
}
