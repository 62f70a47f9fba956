/* test-observatoire-export.c: the Observatoire's CSV, folder and slide exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "crrc-observatoire-export.h"

static char *test_dir;

static GPtrArray *
build_models (void)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_object_unref);
  CrrcChartModel *model;
  guint series;

  model = crrc_chart_model_new (CRRC_CHART_BARS, "Incidents par année");
  crrc_chart_model_set_id (model, "incidents-par-annee");
  crrc_chart_model_set_subtitle (model, "France entière — 2023");
  crrc_chart_model_set_source (model, "Source : CERT Santé");
  crrc_chart_model_add_category (model, "2022", "2022");
  crrc_chart_model_add_category (model, "2023", "2023");
  series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  crrc_chart_model_set_value (model, series, 0, 392);
  crrc_chart_model_set_value (model, series, 1, 369.5);
  series = crrc_chart_model_add_series (model, "Année précédente", CRRC_CHART_SERIES_REFERENCE);
  crrc_chart_model_set_value (model, series, 0, 380);
  crrc_chart_model_set_value (model, series, 1, NAN);
  g_ptr_array_add (models, model);

  /* Text from the data that a spreadsheet must not interpret. */
  model = crrc_chart_model_new (CRRC_CHART_DONUT, "Origine \"déclarée\", 2023");
  crrc_chart_model_set_id (model, "origine");
  crrc_chart_model_set_subtitle (model, "Scope; with semicolon");
  crrc_chart_model_set_source (model, "Source : CERT Santé");
  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_PERCENT);
  crrc_chart_model_add_category (model, "x", "=cmd|' /C calc'!A0");
  crrc_chart_model_add_category (model, "y", "Line\nbreak");
  crrc_chart_model_add_category (model, "z", "-12");
  crrc_chart_model_add_category (model, "w", "-2+3");
  series = crrc_chart_model_add_series (model, "@SUM(A1)", CRRC_CHART_SERIES_DATA);
  crrc_chart_model_set_value (model, series, 0, 35);
  crrc_chart_model_set_value (model, series, 1, -1.5);
  crrc_chart_model_set_value (model, series, 2, 0.125);
  crrc_chart_model_set_value (model, series, 3, 1e6);
  g_ptr_array_add (models, model);

  model = crrc_chart_model_new (CRRC_CHART_KPI, "Incidents");
  crrc_chart_model_set_id (model, "kpi-incidents");
  crrc_chart_model_set_subtitle (model, "France entière — 2023");
  crrc_chart_model_set_source (model, "Source : autre");
  crrc_chart_model_set_kpi (model, 412, 390, CRRC_CHART_RISE_BAD);
  g_ptr_array_add (models, model);

  model = crrc_chart_model_new (CRRC_CHART_MAP, "Carte");
  crrc_chart_model_set_id (model, "carte");
  crrc_chart_model_add_category (model, "21", "Côte-d'Or");
  crrc_chart_model_add_category (model, "2A", "Corse-du-Sud");
  series = crrc_chart_model_add_series (model, "\tIncidents", CRRC_CHART_SERIES_DATA);
  crrc_chart_model_set_value (model, series, 0, 12);
  crrc_chart_model_set_value (model, series, 1, NAN);
  g_ptr_array_add (models, model);

  return models;
}

static const char expected_comma[] =
  "Chart,Scope,Category,Series,Value,Unit\r\n"
  "Incidents par année,France entière — 2023,2022,Incidents,392,count\r\n"
  "Incidents par année,France entière — 2023,2022,Année précédente,380,count\r\n"
  "Incidents par année,France entière — 2023,2023,Incidents,369.5,count\r\n"
  "\"Origine \"\"déclarée\"\", 2023\",Scope; with semicolon,'=cmd|' /C calc'!A0,'@SUM(A1),35,%\r\n"
  "\"Origine \"\"déclarée\"\", 2023\",Scope; with semicolon,\"Line\nbreak\",'@SUM(A1),-1.5,%\r\n"
  "\"Origine \"\"déclarée\"\", 2023\",Scope; with semicolon,-12,'@SUM(A1),0.125,%\r\n"
  "\"Origine \"\"déclarée\"\", 2023\",Scope; with semicolon,'-2+3,'@SUM(A1),1000000,%\r\n"
  "Incidents,France entière — 2023,Current period,,412,count\r\n"
  "Incidents,France entière — 2023,Previous period,,390,count\r\n"
  "Carte,,21 Côte-d'Or,'\tIncidents,12,count\r\n"
  "Data freshness,Source : CERT Santé,,,,\r\n"
  "Data freshness,Source : autre,,,,\r\n";

static const char expected_semicolon[] =
  "\xEF\xBB\xBF"
  "Chart;Scope;Category;Series;Value;Unit\r\n"
  "Incidents par année;France entière — 2023;2022;Incidents;392;count\r\n"
  "Incidents par année;France entière — 2023;2022;Année précédente;380;count\r\n"
  "Incidents par année;France entière — 2023;2023;Incidents;369,5;count\r\n"
  "\"Origine \"\"déclarée\"\", 2023\";\"Scope; with semicolon\";'=cmd|' /C calc'!A0;'@SUM(A1);35;%\r\n"
  "\"Origine \"\"déclarée\"\", 2023\";\"Scope; with semicolon\";\"Line\nbreak\";'@SUM(A1);-1,5;%\r\n"
  "\"Origine \"\"déclarée\"\", 2023\";\"Scope; with semicolon\";-12;'@SUM(A1);0,125;%\r\n"
  "\"Origine \"\"déclarée\"\", 2023\";\"Scope; with semicolon\";'-2+3;'@SUM(A1);1000000;%\r\n"
  "Incidents;France entière — 2023;Current period;;412;count\r\n"
  "Incidents;France entière — 2023;Previous period;;390;count\r\n"
  "Carte;;21 Côte-d'Or;'\tIncidents;12;count\r\n"
  "Data freshness;Source : CERT Santé;;;;\r\n"
  "Data freshness;Source : autre;;;;\r\n";

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
count_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      remove_tree (child);
    }

  g_rmdir (path);
}

static char *
make_folder (const char *name)
{
  char *folder = g_build_filename (test_dir, name, NULL);

  remove_tree (folder);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  return folder;
}

static void
check_csv (char        separator,
           const char *expected)
{
  g_autoptr(GPtrArray) models = build_models ();
  g_autofree char *folder = make_folder (separator == ',' ? "csv-comma" : "csv-semicolon");
  g_autofree char *path = g_build_filename (folder, "figures.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf info;

  /* An existing, world-readable file is replaced by a private one. */
  write_file (path, "previous\n");
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  g_assert_true (crrc_observatoire_export_csv (models, file, separator, &error));
  g_assert_no_error (error);

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_true (g_utf8_validate (contents, -1, NULL));

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  /* No temporary file left behind. */
  g_assert_cmpuint (count_entries (folder), ==, 1);
}

static void
test_csv_comma (void)
{
  check_csv (',', expected_comma);
}

static void
test_csv_semicolon (void)
{
  check_csv (';', expected_semicolon);
}

static void
test_csv_new_file_private (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  g_autofree char *folder = make_folder ("csv-new");
  g_autofree char *path = g_build_filename (folder, "new.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf info;

  g_assert_true (crrc_observatoire_export_csv (models, file, ',', &error));
  g_assert_no_error (error);
  contents = read_file (path);
  /* No byte order mark with ','. */
  g_assert_true (g_str_has_prefix (contents, "Chart,Scope,"));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
}

/* A write that fails half-way (the file size limit stands for a full disk)
 * leaves the previous file as it was, and no partial file. */
static void
test_csv_atomic (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  g_autofree char *folder = make_folder ("csv-atomic");
  g_autofree char *path = g_build_filename (folder, "figures.csv", NULL);
  g_autofree char *new_path = g_build_filename (folder, "new.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) new_file = g_file_new_for_path (new_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *file_name = NULL;
  struct rlimit saved, limit;
  void (*saved_handler) (int);
  gboolean written;

  write_file (path, "previous\n");

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 64;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  written = crrc_observatoire_export_csv (models, file, ',', &error);

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (written);
  g_assert_nonnull (error);
  file_name = g_filename_display_name (path);
  g_assert_nonnull (strstr (error->message, file_name));

  contents = read_file (path);
  g_assert_cmpstr (contents, ==, "previous\n");
  g_assert_cmpuint (count_entries (folder), ==, 1);
  g_clear_error (&error);

  /* The same failure on a new file leaves nothing. */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  signal (SIGXFSZ, SIG_IGN);
  written = crrc_observatoire_export_csv (models, new_file, ';', &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (written);
  g_assert_nonnull (error);
  g_assert_false (g_file_test (new_path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (folder), ==, 1);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

/* Width and height of a PNG, from its IHDR chunk. */
static void
png_size (const char *path,
          guint      *width,
          guint      *height)
{
  g_autofree guchar *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  *width = (guint) data[16] << 24 | (guint) data[17] << 16 | (guint) data[18] << 8 | data[19];
  *height = (guint) data[20] << 24 | (guint) data[21] << 16 | (guint) data[22] << 8 | data[23];
}

static void
test_folder (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  g_autofree char *parent = make_folder ("folder");
  /* Created with its parents. */
  g_autofree char *folder = g_build_filename (parent, "charts", "2023", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "incidents-par-annee", "origine", "kpi-incidents", "carte" };
  guint written;

  crrc_observatoire_export_folder_async (models, file, CRRC_CHART_FORMAT_PNG, NULL,
                                         store_result_cb, &result);
  written = crrc_observatoire_export_folder_finish (wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (written, ==, models->len);
  g_assert_cmpuint (count_entries (folder), ==, models->len);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strconcat (ids[i], ".png", NULL);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      guint width, height;
      GStatBuf info;

      png_size (path, &width, &height);
      g_assert_cmpuint (width, ==, CRRC_CHART_EXPORT_WIDTH);
      g_assert_cmpuint (height, ==, CRRC_CHART_EXPORT_HEIGHT);
      g_assert_cmpint (g_stat (path, &info), ==, 0);
      g_assert_cmpint (info.st_mode & 0777, ==, 0600);
    }
}

/* The first failure stops the export, and names its file. */
static void
test_folder_error (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  g_autofree char *folder = make_folder ("folder-error");
  g_autofree char *blocker = g_build_filename (folder, "origine.svg", NULL);
  g_autofree char *first = g_build_filename (folder, "incidents-par-annee.svg", NULL);
  g_autofree char *third = g_build_filename (folder, "kpi-incidents.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint written;

  /* A folder where the second chart's file should go. */
  g_assert_cmpint (g_mkdir (blocker, 0700), ==, 0);

  crrc_observatoire_export_folder_async (models, file, CRRC_CHART_FORMAT_SVG, NULL,
                                         store_result_cb, &result);
  written = crrc_observatoire_export_folder_finish (wait_for_result (&result), &error);
  g_assert_nonnull (error);
  g_assert_cmpuint (written, ==, 0);
  g_assert_nonnull (strstr (error->message, "origine.svg"));

  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
}

static guint
count_pdf_pages (const char *contents,
                 gsize       length)
{
  const char *needle = "/Type /Page";
  gsize needle_length = strlen (needle);
  guint pages = 0;

  for (gsize i = 0; i + needle_length < length; i++)
    if (memcmp (contents + i, needle, needle_length) == 0 && contents[i + needle_length] != 's')
      pages++;

  return pages;
}

static void
test_slides (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  g_autofree char *folder = make_folder ("slides");
  g_autofree char *path = g_build_filename (folder, "deck.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  CrrcSlidesCover cover = {
    .title = "Observatoire des incidents de sécurité",
    .scope = "France entière — 2023",
    .freshness = "Données synchronisées le 21 mai 2024",
    .demo = TRUE,
  };

  crrc_observatoire_export_slides_async (models, &cover, file, NULL, store_result_cb, &result);
  /* The cover is copied: the caller's strings may go at once. */
  cover.title = NULL;
  g_assert_true (crrc_observatoire_export_slides_finish (wait_for_result (&result), &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (count_pdf_pages (contents, length), ==, models->len + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Numbers in the CSV must not follow the locale (French writes "369,5"
   * with printf): the separator decides. Messages stay in English. */
  setlocale (LC_NUMERIC, "fr_FR.UTF-8");

  test_dir = g_dir_make_tmp ("crrc-export-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/observatoire-export/csv/comma", test_csv_comma);
  g_test_add_func ("/observatoire-export/csv/semicolon", test_csv_semicolon);
  g_test_add_func ("/observatoire-export/csv/new-file-private", test_csv_new_file_private);
  g_test_add_func ("/observatoire-export/csv/atomic", test_csv_atomic);
  g_test_add_func ("/observatoire-export/folder", test_folder);
  g_test_add_func ("/observatoire-export/folder-error", test_folder_error);
  g_test_add_func ("/observatoire-export/slides", test_slides);

  status = g_test_run ();

  remove_tree (test_dir);
  g_free (test_dir);

  return status;
}
