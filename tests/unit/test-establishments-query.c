/* test-establishments-query.c: search, filters, sorts, paging and CSV of
 * the registry, on the demonstration cache, checked against direct SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "crrc-establishments.h"
#include "crrc-finess.h"
#include "crrc-store-private.h"
#include "crrc-test-utils.h"

static char *dir;
static CrrcStore *store;

/* Every FINESS number of the list, paged through 100 at a time. */
static GPtrArray *
page_through (const CrrcEstablishmentsFilter *filter,
              CrrcEstablishmentsSort          sort,
              gboolean                        descending)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_establishments_row_free);

  for (guint offset = 0; ; offset += 100)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) page = crrc_establishments_fetch (store, filter, sort, descending,
                                                             offset, 100, &error);

      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_cmpuint (page->len, <=, 100);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (all, g_steal_pointer (&page->pdata[i]));
      if (page->len < 100)
        break;
    }

  return all;
}

static gint64
count (const CrrcEstablishmentsFilter *filter)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (crrc_establishments_count (store, filter, &n, &error));
  g_assert_no_error (error);

  return n;
}

static int
compare_pointed_strings (gconstpointer a,
                         gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

/* The sorted FINESS numbers that a direct SQL query gives. */
static GPtrArray *
sql_finess (const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (all, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_ptr_array_sort (all, compare_pointed_strings);

  return all;
}

static gint64
sql_count (const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

/* The list under @filter is exactly the set @sql selects, and its count. */
static void
assert_same_set (const CrrcEstablishmentsFilter *filter,
                 const char                     *sql)
{
  g_autoptr(GPtrArray) rows = page_through (filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE);
  g_autoptr(GPtrArray) expected = sql_finess (sql);
  g_autoptr(GPtrArray) got = g_ptr_array_new ();

  g_test_message ("%s: %u rows", sql, expected->len);
  g_assert_cmpuint (expected->len, >, 0);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (got, ((CrrcEstablishmentsRow *) rows->pdata[i])->finess);
  g_ptr_array_sort (got, compare_pointed_strings);

  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpstr (got->pdata[i], ==, expected->pdata[i]);
  g_assert_cmpint (count (filter), ==, (gint64) expected->len);
}

static void
test_search_words (void)
{
  struct { const char *text; const char *words; } cases[] = {
    { "chateau", "chateau" },
    { "CHÂTEAU", "chateau" },
    { "  Saint-Jean  d’Angély ", "saint jean d angely" },
    { "Œuvre ÇA", "oeuvre ca" },
    { "\"", NULL },
    { "*", NULL },
    { "NEAR(", "near" },
    { "' OR 1=1 --", "or 1 1" },
    { "name:foo^ bar}", "name foo bar" },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) words = crrc_establishments_search_words (cases[i].text);
      g_autofree char *joined = words != NULL ? g_strjoinv (" ", words) : NULL;

      g_assert_cmpstr (joined, ==, cases[i].words);
    }
}

static void
test_search_name (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  gint64 chenaie = sql_count ("SELECT count(*) FROM establishments WHERE name LIKE '%Chênaie%'");
  gint64 cedres = sql_count ("SELECT count(*) FROM establishments WHERE name LIKE '%Cèdres%'");
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_cmpint (chenaie, >, 500);
  /* Accents and case folded, each way, and prefixes as one types. */
  for (guint i = 0; i < 4; i++)
    {
      const char *texts[] = { "chenaie", "CHÊNAIE", "Chênaie", "chen" };

      g_free (filter->text);
      filter->text = g_strdup (texts[i]);
      if (i < 3)
        g_assert_cmpint (count (filter), ==, chenaie);
      else
        g_assert_cmpint (count (filter), >=, chenaie);
    }

  g_free (filter->text);
  filter->text = g_strdup ("cedres");
  g_assert_cmpint (count (filter), ==, cedres);

  /* Several words narrow: all are required. */
  g_free (filter->text);
  filter->text = g_strdup ("ssiad chenaie");
  rows = page_through (filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE);
  g_assert_cmpint (rows->len, ==,
                   sql_count ("SELECT count(*) FROM establishments WHERE name = 'SSIAD La Chênaie'"));
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpstr (((CrrcEstablishmentsRow *) rows->pdata[i])->name, ==, "SSIAD La Chênaie");

  /* One establishment, by its whole name. */
  g_free (filter->text);
  filter->text = g_strdup ("centre hospitalier residence du parc haute loire");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = page_through (filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((CrrcEstablishmentsRow *) rows->pdata[0])->finess, ==, "430000018");
}

static void
test_search_finess (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  g_autofree char *formatted = crrc_finess_format ("430000018");
  g_autoptr(GPtrArray) rows = NULL;

  /* "43 000 001 8", as the application shows it, and typed by hand. */
  g_assert_nonnull (strchr (formatted, ' '));
  for (guint i = 0; i < 3; i++)
    {
      const char *texts[] = { formatted, "430000018", "43 000 001 8" };

      g_free (filter->text);
      filter->text = g_strdup (texts[i]);
      g_clear_pointer (&rows, g_ptr_array_unref);
      rows = page_through (filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE);
      g_assert_cmpuint (rows->len, ==, 1);
      g_assert_cmpstr (((CrrcEstablishmentsRow *) rows->pdata[0])->finess, ==, "430000018");
    }

  /* Its beginning: the department's numbers, and communes whose code
   * begins so. */
  g_free (filter->text);
  filter->text = g_strdup ("43 0");
  assert_same_set (filter,
                   "SELECT finess FROM establishments WHERE finess LIKE '430%'");
}

static void
test_search_commune (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();

  filter->text = g_strdup ("15062");
  assert_same_set (filter,
                   "SELECT finess FROM establishments WHERE commune LIKE '15062%' OR finess LIKE '15062%'");
}

static void
test_hostile (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  g_autoptr(GString) long_text = g_string_new (NULL);
  gint64 all = sql_count ("SELECT count(*) FROM establishments");
  const char *texts[] = {
    "\"", "*", "NEAR(", "' OR 1=1 --", "\"Chênaie\" OR \"x", "chen*aie", "a:b", "-", "(((",
    "NOT", "\\", "%", "_", "'; DROP TABLE establishments; --", NULL,
  };

  for (guint i = 0; i < 2000; i++)
    g_string_append (long_text, "Chênaie ");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GError) error = NULL;
      const char *text = texts[i] != NULL ? texts[i] : long_text->str;
      gint64 n;

      g_free (filter->text);
      filter->text = g_strdup (text);
      n = count (filter);
      page = crrc_establishments_fetch (store, filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE, 0, 100, &error);
      g_assert_no_error (error);
      g_assert_nonnull (page);
      g_assert_cmpint (MIN (n, 100), ==, (gint64) page->len);
      /* Nothing but words: "' OR 1=1 --" is the words OR, 1 and 1; only
       * punctuation is no search at all. */
      {
        g_auto(GStrv) words = crrc_establishments_search_words (text);

        if (words == NULL)
          g_assert_cmpint (n, ==, all);
        else
          g_assert_cmpint (n, <, all);
      }
      if (g_str_equal (text, "' OR 1=1 --") || g_str_equal (text, "NEAR("))
        g_assert_cmpint (n, ==, 0);
    }

  /* Only punctuation is no search at all: the whole registry. */
  g_free (filter->text);
  filter->text = g_strdup ("\"*(");
  g_assert_cmpint (count (filter), ==, all);
  g_assert_cmpint (sql_count ("SELECT count(*) FROM establishments"), ==, all);

  /* The long text is cut, still as literal words. */
  g_free (filter->text);
  filter->text = g_strdup (long_text->str);
  g_assert_cmpint (count (filter),
                   ==, sql_count ("SELECT count(*) FROM establishments WHERE name LIKE '%Chênaie%'"));
}

/* The filters, one at a time (and two combinations), with the direct SQL
 * that selects the same establishments. */
static const char *
set_filter_case (guint                     i,
                 CrrcEstablishmentsFilter *filter)
{
  switch (i)
    {
    case 0:
      filter->region = g_strdup ("27");
      return "SELECT finess FROM establishments WHERE region = '27'";
    case 1:
      filter->department = g_strdup ("21");
      return "SELECT finess FROM establishments WHERE department = '21'";
    case 2:
      filter->sector = g_strdup ("sanitaire");
      return "SELECT finess FROM establishments WHERE sector = 'sanitaire'";
    case 3:
      filter->category = g_strdup ("355");
      return "SELECT finess FROM establishments WHERE category = '355'";
    case 4:
      filter->ght = g_strdup ("84101");
      return "SELECT finess FROM establishments WHERE ght = '84101'";
    case 5:
      filter->year = 2023;
      filter->incidents = CRRC_ESTABLISHMENTS_YES;
      return "SELECT finess FROM establishments WHERE finess IN (SELECT finess FROM incidents WHERE year = 2023)";
    case 6:
      filter->region = g_strdup ("27");
      filter->incidents = CRRC_ESTABLISHMENTS_NO;
      return "SELECT finess FROM establishments WHERE region = '27'"
             " AND finess NOT IN (SELECT finess FROM incidents)";
    case 7:
      filter->audited = CRRC_ESTABLISHMENTS_YES;
      return "SELECT finess FROM establishments WHERE finess IN (SELECT finess FROM audits)";
    case 8:
      filter->year = 2022;
      filter->alerted = CRRC_ESTABLISHMENTS_YES;
      return "SELECT finess FROM establishments WHERE finess IN (SELECT finess FROM alerts WHERE year = 2022)";
    case 9:
      filter->stage = g_strdup ("scheduled");
      return "SELECT finess FROM establishments WHERE finess IN"
             " (SELECT finess FROM campaign_targets WHERE stage = 'scheduled')";
    case 10:
      filter->maturity_band = CRRC_MATURITY_BAND_PARTIAL;
      return "SELECT finess FROM temp.crrc_maturity WHERE score >= 25 AND score < 50";
    case 11:
      filter->open = CRRC_ESTABLISHMENTS_NO;
      return "SELECT finess FROM establishments WHERE closed_on IS NOT NULL AND closed_on <= date ('now')";
    case 12:
      filter->department = g_strdup ("21");
      filter->text = g_strdup ("ehpad");
      return "SELECT finess FROM establishments WHERE department = '21' AND name LIKE 'EHPAD %'";
    default:
      return NULL;
    }
}

static void
test_filters (void)
{
  gint64 all = sql_count ("SELECT count(*) FROM establishments");
  g_autoptr(GError) error = NULL;
  const char *sql;

  /* Three closed establishments, and the maturity computed. */
  g_assert_true (_crrc_store_exec (store,
                                   "UPDATE establishments SET closed_on = '2020-01-01'"
                                   " WHERE finess IN (SELECT finess FROM establishments"
                                   "                  WHERE department = '21' LIMIT 3)",
                                   &error));
  g_assert_no_error (error);
  g_assert_true (crrc_establishments_refresh_maturity (store, &error));
  g_assert_no_error (error);

  for (guint i = 0; ; i++)
    {
      g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();

      sql = set_filter_case (i, filter);
      if (sql == NULL)
        break;
      g_assert_false (crrc_establishments_filter_is_empty (filter));
      assert_same_set (filter, sql);
      g_assert_cmpint (count (filter), <, all);
    }

  {
    g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();

    g_assert_true (crrc_establishments_filter_is_empty (filter));
    filter->open = CRRC_ESTABLISHMENTS_YES;
    g_assert_cmpint (count (filter), ==, all - 3);
  }
}

/* Each row's key, for checking an order. */
static int
compare_rows (CrrcEstablishmentsRow  *a,
              CrrcEstablishmentsRow  *b,
              CrrcEstablishmentsSort  sort)
{
  switch (sort)
    {
    case CRRC_ESTABLISHMENTS_SORT_FINESS:
      return g_strcmp0 (a->finess, b->finess);
    case CRRC_ESTABLISHMENTS_SORT_CATEGORY:
      return g_strcmp0 (a->category_label, b->category_label);
    case CRRC_ESTABLISHMENTS_SORT_DEPARTMENT:
      return g_strcmp0 (a->department, b->department);
    case CRRC_ESTABLISHMENTS_SORT_MATURITY:
      return (a->maturity < 0) != (b->maturity < 0) ? 0 : (a->maturity > b->maturity) - (a->maturity < b->maturity);
    case CRRC_ESTABLISHMENTS_SORT_INCIDENTS:
      return (a->incidents > b->incidents) - (a->incidents < b->incidents);
    case CRRC_ESTABLISHMENTS_SORT_LAST_AUDIT:
      return (a->last_audit == NULL) != (b->last_audit == NULL) ? 0 : g_strcmp0 (a->last_audit, b->last_audit);
    case CRRC_ESTABLISHMENTS_SORT_NAME:
    default:
      return g_ascii_strcasecmp (a->name, b->name);
    }
}

static void
test_sorts (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  gint64 n;

  /* Bourgogne-Franche-Comté: every kind of key, a few thousand rows. */
  filter->region = g_strdup ("27");
  n = count (filter);
  g_assert_cmpint (n, >, 1000);

  for (CrrcEstablishmentsSort sort = CRRC_ESTABLISHMENTS_SORT_NAME;
       sort <= CRRC_ESTABLISHMENTS_SORT_LAST_AUDIT; sort++)
    for (int descending = 0; descending < 2; descending++)
      {
        g_autoptr(GPtrArray) rows = page_through (filter, sort, descending);
        g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
        guint differ = 0;

        /* Count = rows paged through, each once. */
        g_assert_cmpint (rows->len, ==, n);
        for (guint i = 0; i < rows->len; i++)
          g_assert_true (g_hash_table_add (seen, ((CrrcEstablishmentsRow *) rows->pdata[i])->finess));

        for (guint i = 1; i < rows->len; i++)
          {
            CrrcEstablishmentsRow *a = rows->pdata[i - 1];
            CrrcEstablishmentsRow *b = rows->pdata[i];
            int c = compare_rows (a, b, sort);

            g_assert_cmpint (descending ? -c : c, <=, 0);
            differ += c != 0;
            /* Rows without a value come last, either way. */
            if (sort == CRRC_ESTABLISHMENTS_SORT_MATURITY)
              g_assert_false (a->maturity < 0 && b->maturity >= 0);
            if (sort == CRRC_ESTABLISHMENTS_SORT_LAST_AUDIT)
              g_assert_false (a->last_audit == NULL && b->last_audit != NULL);
          }
        /* The key does vary: the order is not vacuous. */
        if (sort != CRRC_ESTABLISHMENTS_SORT_MATURITY)
          g_assert_cmpuint (differ, >, 0);
      }

  /* The incidents counted are those of the year, when one is set. */
  {
    g_autoptr(GPtrArray) rows = NULL;
    g_autoptr(GString) sql = g_string_new (NULL);
    CrrcEstablishmentsRow *top;

    filter->year = 2023;
    rows = crrc_establishments_fetch (store, filter, CRRC_ESTABLISHMENTS_SORT_INCIDENTS, TRUE, 0, 1, NULL);
    top = rows->pdata[0];
    g_string_printf (sql, "SELECT count(*) FROM incidents WHERE finess = '%s' AND year = 2023", top->finess);
    g_assert_cmpint (top->incidents, ==, sql_count (sql->str));
    g_assert_cmpint (top->incidents, >, 0);
  }
}

static void
test_maturity (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 scored = sql_count ("SELECT count(*) FROM temp.crrc_maturity");
  gint64 with_diagnostic = sql_count ("SELECT count(DISTINCT finess) FROM diagnostics");

  g_assert_cmpint (scored, >, 0);
  g_assert_cmpint (scored, <=, with_diagnostic);
  rows = crrc_establishments_fetch (store, filter, CRRC_ESTABLISHMENTS_SORT_MATURITY, TRUE, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (((CrrcEstablishmentsRow *) rows->pdata[0])->maturity, ==,
                   sql_count ("SELECT max (score) FROM temp.crrc_maturity"));
  g_assert_cmpint (((CrrcEstablishmentsRow *) rows->pdata[0])->band, ==,
                   crrc_maturity_band_for_score (((CrrcEstablishmentsRow *) rows->pdata[0])->maturity));

  filter->maturity_band = CRRC_MATURITY_BAND_NONE;
  g_assert_cmpint (count (filter), ==, sql_count ("SELECT count(*) FROM establishments") - scored);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  return contents;
}

static void
test_csv (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  g_autofree char *path = g_build_filename (dir, "list.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GStatBuf st;
  guint n_rows = 0;

  filter->department = g_strdup ("43");
  g_assert_true (crrc_establishments_export_csv (store, filter, CRRC_ESTABLISHMENTS_SORT_FINESS, FALSE,
                                                 file, ';', &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_rows, ==, count (filter));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  contents = read_file (path);
  lines = g_strsplit (contents, "\r\n", -1);
  /* The header, one line per row, and the empty string after the last. */
  g_assert_cmpuint (g_strv_length (lines), ==, n_rows + 2);
  g_assert_cmpstr (lines[0], ==,
                   "finess;name;category;department;commune;maturity_score;maturity_band;incidents;last_audit");
  g_assert_true (g_str_has_prefix (lines[1], "430000018;Centre hospitalier Résidence du Parc (Haute-Loire);"
                                             "Centre Hospitalier (C.H.);43;43086;"));
  g_assert_cmpstr (lines[n_rows + 1], ==, "");

  /* Commas: a name with one is quoted. */
  g_assert_true (_crrc_store_exec (store,
                                   "UPDATE establishments SET name = 'Clinique \"du\" Lac, Puy' WHERE finess = '430000018'",
                                   &error));
  g_assert_no_error (error);
  g_assert_true (crrc_establishments_export_csv (store, filter, CRRC_ESTABLISHMENTS_SORT_FINESS, FALSE,
                                                 file, ',', &n_rows, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_clear_pointer (&lines, g_strfreev);
  contents = read_file (path);
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "finess,name,category,"));
  g_assert_true (g_str_has_prefix (lines[1], "430000018,\"Clinique \"\"du\"\" Lac, Puy\",Centre Hospitalier (C.H.),43,"));

  /* The search index followed the change of name. */
  g_free (filter->text);
  filter->text = g_strdup ("clinique du lac");
  g_assert_cmpint (count (filter), ==, 1);

  /* Cancelled: the file stays as it was. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *before = g_strdup (contents);
    g_autofree char *after = NULL;

    g_cancellable_cancel (cancellable);
    g_clear_pointer (&filter->text, g_free);
    g_assert_false (crrc_establishments_export_csv (store, filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE,
                                                    file, ';', NULL, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    after = read_file (path);
    g_assert_cmpstr (after, ==, before);
  }
}

/* The triggers keep the index in step with deletes and inserts. */
static void
test_index_follows (void)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  g_autoptr(GError) error = NULL;

  filter->text = g_strdup ("zyxwvu");
  g_assert_cmpint (count (filter), ==, 0);
  g_assert_true (_crrc_store_exec (store,
                                   "INSERT INTO establishments (finess, name, sector, department, source)"
                                   " VALUES ('990000001', 'Zyxwvu Clinic', 'other', '99', 'test')",
                                   &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (filter), ==, 1);
  g_assert_true (_crrc_store_exec (store, "DELETE FROM establishments WHERE finess = '990000001'", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (filter), ==, 0);
  g_assert_cmpint (sql_count ("SELECT count(*) FROM establishment_words WHERE word = 'zyxwvu'"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = crrc_test_make_dir ("establishments-query");
  store = crrc_test_open_demo_store (dir, "crrc.db");

  g_test_add_func ("/establishments/search-words", test_search_words);
  g_test_add_func ("/establishments/search-name", test_search_name);
  g_test_add_func ("/establishments/search-finess", test_search_finess);
  g_test_add_func ("/establishments/search-commune", test_search_commune);
  g_test_add_func ("/establishments/search-hostile", test_hostile);
  g_test_add_func ("/establishments/filters", test_filters);
  g_test_add_func ("/establishments/sorts", test_sorts);
  g_test_add_func ("/establishments/maturity", test_maturity);
  g_test_add_func ("/establishments/csv", test_csv);
  g_test_add_func ("/establishments/index-follows", test_index_follows);

  status = g_test_run ();

  g_clear_object (&store);
  crrc_test_remove_tree (dir);
  g_free (dir);

  return status;
}
