/* bench-establishments.c: the Établissements list at national scale
 *
 *   bench-establishments [--scale=N] [--cache=PATH]
 *
 * Generates the demonstration feed at scale 3 (≈ 114 000 establishments)
 * in a temporary folder and syncs it into a fresh cache, then measures on
 * a read-only connection, as the application does:
 *
 *  (a) a search keystroke: the count and the first page of 100 rows, for
 *      each prefix of two common words of names ("résidence", "ehpad"),
 *      against a baseline `SELECT finess, name FROM establishments LIMIT
 *      100` measured in the same run. Target: under 16 ms (one frame).
 *  (b) opening a detail page: crrc_establishment_detail_load() for 50
 *      establishments (those with the most incidents, some with a
 *      diagnostic, arbitrary ones), against a baseline `SELECT * FROM
 *      establishments WHERE finess = ?` for the same ones. Median and
 *      maximum over the sample of each one's median load. Target: under
 *      100 ms.
 *  (c) the memory of the list model (CrrcEstablishmentList) while every
 *      row is fetched, page after page: the growth of the resident memory
 *      over what it was after the first page. Target: flat (under 8 MiB,
 *      SQLite's page cache included), the pages held bounded.
 *
 * Medians of repeated runs; a missed target is printed, not failed.
 * --cache=PATH keeps the cache there (and reuses it when it exists), to
 * study the queries with the sqlite3 shell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "bench-establishments"

#include "config.h"

#include <glib/gstdio.h>

#include "crrc-demo.h"
#include "crrc-establishment-detail.h"
#include "crrc-establishment-list.h"
#include "crrc-establishments.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"

#define TARGET_MS 16.0
#define TARGET_DETAIL_MS 100.0
#define DETAIL_RUNS 5
#define TARGET_GROWTH_MIB 8.0
#define RUNS 15

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*) (const void *, const void *)) compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
baseline_ms (CrrcStore *reader)
{
  double times[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gint64 start = g_get_monotonic_time ();
      guint n = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (reader),
                                           "SELECT finess, name FROM establishments LIMIT 100",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        n += sqlite3_column_bytes (stmt, 1) > 0;
      g_assert_cmpuint (n, ==, 100);
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  return median (times, RUNS);
}

/* One keystroke: the count and the first page, as the list's worker. */
static double
keystroke_ms (CrrcStore  *reader,
              const char *text,
              gint64     *count)
{
  g_autoptr(CrrcEstablishmentsFilter) filter = crrc_establishments_filter_new ();
  double times[RUNS];

  filter->text = g_strdup (text);
  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_true (crrc_establishments_count (reader, filter, count, &error));
      rows = crrc_establishments_fetch (reader, filter, CRRC_ESTABLISHMENTS_SORT_NAME, FALSE, 0, 100, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, MIN (*count, 100));
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  return median (times, RUNS);
}

/* The FINESS numbers @sql selects, appended to @sample unless already in. */
static guint
add_sample (CrrcStore  *reader,
            const char *sql,
            GPtrArray  *sample)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  guint added = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (reader), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *finess = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_ptr_array_find_with_equal_func (sample, finess, g_str_equal, NULL))
        {
          g_ptr_array_add (sample, g_strdup (finess));
          added++;
        }
    }

  return added;
}

/* The baseline of (b): the establishment's registry row alone. */
static double
row_ms (CrrcStore  *reader,
        const char *finess)
{
  double times[DETAIL_RUNS];

  for (guint r = 0; r < DETAIL_RUNS; r++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      gint64 start = g_get_monotonic_time ();
      guint n = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (reader),
                                           "SELECT * FROM establishments WHERE finess = ?",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, finess, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          n += sqlite3_column_bytes (stmt, c) > 0;
      g_assert_cmpuint (n, >, 0);
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  return median (times, DETAIL_RUNS);
}

/* Opening a detail page: the median of DETAIL_RUNS loads, and the first
 * (cold) one in @first_ms. */
static double
detail_ms (CrrcStore  *reader,
           const char *finess,
           double     *first_ms,
           guint      *n_incidents,
           guint      *n_diagnostics)
{
  double times[DETAIL_RUNS];

  for (guint r = 0; r < DETAIL_RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrrcEstablishmentDetail) detail = NULL;
      gint64 start = g_get_monotonic_time ();

      detail = crrc_establishment_detail_load (reader, finess, &error);
      times[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpstr (detail->finess, ==, finess);
      *n_incidents = detail->incidents->len;
      *n_diagnostics = detail->diagnostics->len;
    }
  *first_ms = times[0];

  return median (times, DETAIL_RUNS);
}

static double
status_mib (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat (field, ":", NULL);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return 0;

  return g_ascii_strtod (line + strlen (key), NULL) / 1024.0;
}

static gboolean
row_loaded (CrrcEstablishmentList *list,
            guint                  position)
{
  g_autoptr(CrrcEstablishmentRow) row = g_list_model_get_item (G_LIST_MODEL (list), position);

  return row != NULL && !crrc_establishment_row_get_loading (row);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  if (dir != NULL)
    g_rmdir (path);
  else
    g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-establishments-XXXXXX", &error);
  g_autofree char *cache = NULL;
  g_autofree char *feed_dir = NULL;
  g_autofree char *url = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(CrrcStore) reader = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(CrrcEstablishmentList) list = NULL;
  const char *words[] = { "residence", "ehpad" };
  guint scale = 3;
  const char *keep = NULL;
  gboolean reuse = FALSE;
  gint64 all = 0;
  double base;
  double worst = 0;
  double first_rss, peak_rss = 0, growth;
  guint max_pages = 0;
  gint64 start;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--scale="))
      scale = (guint) g_ascii_strtoull (argv[i] + 8, NULL, 10);
    else if (g_str_has_prefix (argv[i], "--cache="))
      keep = argv[i] + 8;
  g_assert_no_error (error);

  cache = keep != NULL ? g_strdup (keep) : g_build_filename (dir, "crrc.db", NULL);
  reuse = keep != NULL && g_file_test (keep, G_FILE_TEST_EXISTS);
  feed_dir = crrc_demo_get_directory (cache);
  url = crrc_demo_get_url (cache);

  start = g_get_monotonic_time ();
  store = crrc_store_open (cache, NULL, &error);
  g_assert_no_error (error);
  if (!reuse)
    {
      g_assert_true (crrc_demo_write_feed (feed_dir, CRRC_DEMO_SEED, scale, &error));
      g_assert_no_error (error);
      sync = crrc_sync_new (store, url);
      crrc_sync_set_use_keyring (sync, FALSE);
      report = crrc_sync_run (sync, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (crrc_sync_report_has_failures (report));
    }

  reader = crrc_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_assert_true (crrc_establishments_count (reader, NULL, &all, &error));
  g_assert_true (crrc_establishments_refresh_maturity (reader, &error));
  g_print ("Demonstration cache at scale %u: %" G_GINT64_FORMAT " establishments (%.1f s to generate and sync)\n\n",
           scale, all, (g_get_monotonic_time () - start) / 1e6);

  /* (a) */
  base = baseline_ms (reader);
  g_print ("(a) A search keystroke: count + first page of 100 rows sorted by name (median of %d)\n", RUNS);
  g_print ("    baseline SELECT finess, name FROM establishments LIMIT 100: %.3f ms\n", base);
  for (guint w = 0; w < G_N_ELEMENTS (words); w++)
    {
      glong n = g_utf8_strlen (words[w], -1);

      for (glong l = 1; l <= n; l++)
        {
          g_autofree char *prefix = g_utf8_substring (words[w], 0, l);
          gint64 count = 0;
          double ms = keystroke_ms (reader, prefix, &count);

          worst = MAX (worst, ms);
          g_print ("    %-12s %7" G_GINT64_FORMAT " matches  %7.3f ms  x%.0f baseline  %s\n",
                   prefix, count, ms, ms / base, ms < TARGET_MS ? "ok" : "MISSED");
        }
    }
  /* Rarer words, two words, a FINESS number in groups, a commune code. */
  {
    const char *texts[] = { "chenaie", "saint", "ehpad chen", "21 078 001 2", "21231" };

    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      {
        gint64 count = 0;
        double ms = keystroke_ms (reader, texts[i], &count);

        worst = MAX (worst, ms);
        g_print ("    %-12s %7" G_GINT64_FORMAT " matches  %7.3f ms  x%.0f baseline  %s\n",
                 texts[i], count, ms, ms / base, ms < TARGET_MS ? "ok" : "MISSED");
      }
  }
  g_print ("    worst %.3f ms: target < %.0f ms %s\n\n", worst, TARGET_MS, worst < TARGET_MS ? "met" : "MISSED");

  /* (b) */
  {
    g_autoptr(GPtrArray) sample = g_ptr_array_new_with_free_func (g_free);
    g_autofree double *loads = NULL;
    g_autofree double *rows = NULL;
    g_autofree char *arbitrary = NULL;
    guint with_incidents, with_diagnostic, others;
    guint n_with_incidents = 0, n_with_diagnostic = 0;
    double first_worst = 0, load_median, load_max = 0, row_median;
    const char *slowest = NULL;

    with_incidents = add_sample (reader,
                                 "SELECT finess FROM incidents GROUP BY finess"
                                 " ORDER BY count(*) DESC, finess LIMIT 20", sample);
    with_diagnostic = add_sample (reader,
                                  "SELECT finess FROM diagnostics GROUP BY finess"
                                  " ORDER BY count(*) DESC, finess LIMIT 15", sample);
    /* Spread over the whole registry, whatever they have. */
    arbitrary = g_strdup_printf ("SELECT finess FROM establishments WHERE rowid %% %" G_GINT64_FORMAT " = 7"
                                 " ORDER BY rowid LIMIT %u",
                                 MAX (all / 15, 1), 50 - sample->len);
    others = add_sample (reader, arbitrary, sample);
    g_assert_cmpuint (sample->len, >, 0);

    loads = g_new0 (double, sample->len);
    rows = g_new0 (double, sample->len);
    for (guint i = 0; i < sample->len; i++)
      {
        const char *finess = g_ptr_array_index (sample, i);
        guint n_incidents = 0, n_diagnostics = 0;
        double first = 0;

        rows[i] = row_ms (reader, finess);
        loads[i] = detail_ms (reader, finess, &first, &n_incidents, &n_diagnostics);
        n_with_incidents += n_incidents > 0;
        n_with_diagnostic += n_diagnostics > 0;
        first_worst = MAX (first_worst, first);
        if (loads[i] >= load_max)
          {
            load_max = loads[i];
            slowest = finess;
          }
      }
    load_median = median (loads, sample->len);
    row_median = median (rows, sample->len);

    g_print ("(b) Opening a detail page: crrc_establishment_detail_load() for %u establishments"
             " (median of %d loads each)\n", sample->len, DETAIL_RUNS);
    g_print ("    sample: %u with the most incidents, %u with the most diagnostics, %u arbitrary;"
             " %u with incidents, %u with a diagnostic\n",
             with_incidents, with_diagnostic, others, n_with_incidents, n_with_diagnostic);
    g_print ("    baseline SELECT * FROM establishments WHERE finess = ?: %.3f ms\n", row_median);
    g_print ("    detail load: median %.3f ms (x%.0f baseline), max %.3f ms (%s), first loads at most %.3f ms\n",
             load_median, load_median / row_median, load_max, slowest, first_worst);
    g_print ("    worst %.3f ms: target < %.0f ms %s\n\n",
             MAX (load_max, first_worst), TARGET_DETAIL_MS,
             MAX (load_max, first_worst) < TARGET_DETAIL_MS ? "met" : "MISSED");
  }

  if (g_getenv ("BENCH_SKIP_MEMORY") != NULL)
    goto out;

  /* (c) */
  list = crrc_establishment_list_new ();
  crrc_establishment_list_set_store (list, store);
  crrc_establishment_list_wait (list);
  g_assert_cmpint (crrc_establishment_list_get_count (list), ==, all);
  first_rss = status_mib ("VmRSS");
  start = g_get_monotonic_time ();
  for (guint position = 0; position < all; position += CRRC_ESTABLISHMENT_LIST_PAGE_SIZE)
    {
      if (!row_loaded (list, position))
        crrc_establishment_list_wait (list);
      g_assert_true (row_loaded (list, position));
      /* Every row of the page, as a scrolling view binds them. */
      for (guint i = position; i < MIN (all, position + CRRC_ESTABLISHMENT_LIST_PAGE_SIZE); i++)
        g_assert_true (row_loaded (list, i));
      peak_rss = MAX (peak_rss, status_mib ("VmRSS"));
      max_pages = MAX (max_pages, crrc_establishment_list_get_n_cached_pages (list));
    }
  growth = peak_rss - first_rss;
  g_print ("(c) Memory of the list model, scrolled through %" G_GINT64_FORMAT " rows (%.1f s, %.2f ms a page)\n",
           all, (g_get_monotonic_time () - start) / 1e6,
           (g_get_monotonic_time () - start) / 1000.0 / ((all + 99) / 100));
  g_print ("    resident after the first page %.1f MiB, peak while scrolling %.1f MiB: growth %.1f MiB (x%.2f)\n",
           first_rss, peak_rss, growth, peak_rss / first_rss);
  g_print ("    pages held at most: %u of %u rows\n", max_pages, CRRC_ESTABLISHMENT_LIST_PAGE_SIZE);
  g_print ("    target: growth < %.0f MiB %s\n", TARGET_GROWTH_MIB, growth < TARGET_GROWTH_MIB ? "met" : "MISSED");

out:
  g_clear_object (&list);
  g_clear_object (&reader);
  g_clear_object (&store);
  if (keep != NULL)
    remove_tree (feed_dir);
  remove_tree (dir);

  return 0;
}
