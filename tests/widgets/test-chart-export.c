/* test-chart-export.c: charts written as PNG, SVG, PDF, decks and textures
 *
 * Runs with no display, in French. Checks the files themselves: PNG
 * signature and size, well-formed SVG with its size, PDF pages and their
 * MediaBox, mode 0600, atomic replacement, errors that name the file, and
 * the pixels of three charts against golden images.
 *
 * Golden images are rendered in the C locale ("1234", "35%"), whatever the
 * locale the test runs in. To regenerate them after a deliberate change of
 * the drawing:
 *
 *   CRRC_TEST_UPDATE_GOLDEN=1 meson test -C BUILDDIR chart-export
 *
 * and look at the PNG files in tests/widgets/golden/ before committing them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "chart-test-utils.h"
#include "crrc-chart-export.h"
#include "crrc-chart-model.h"

/* Golden images: a pixel matches when no channel differs by more than
 * this, and an image matches when nearly all of its pixels do. */
#define GOLDEN_TOLERANCE      24
#define GOLDEN_MIN_MATCHING   0.995
#define GOLDEN_WIDTH          640
#define GOLDEN_HEIGHT         360

/* Models. */

/* A category of a test model and its value in the model's one series. */
typedef struct
{
  const char *key;    /* NULL: the label */
  const char *label;
  double      value;
} Entry;

/* A new model of @kind titled @title, with @subtitle and @source unless
 * they are NULL, and the data series "Incidents": for each of the
 * @n_entries @entries, a category holding its value. */
static CrrcChartModel *
new_incidents_model (CrrcChartKind  kind,
                     const char    *title,
                     const char    *subtitle,
                     const char    *source,
                     const Entry   *entries,
                     guint          n_entries)
{
  CrrcChartModel *model = crrc_chart_model_new (kind, title);
  guint series;

  if (subtitle != NULL)
    crrc_chart_model_set_subtitle (model, subtitle);
  if (source != NULL)
    crrc_chart_model_set_source (model, source);
  series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < n_entries; i++)
    {
      const char *key = entries[i].key != NULL ? entries[i].key : entries[i].label;
      guint category = crrc_chart_model_add_category (model, key, entries[i].label);

      crrc_chart_model_set_value (model, series, category, entries[i].value);
    }

  return model;
}

/* Incidents declared a year. */
static const Entry yearly_incidents[] = {
  { NULL, "2019", 392 },
  { NULL, "2020", 369 },
  { NULL, "2021", 533 },
  { NULL, "2022", 592 },
  { NULL, "2023", 581 },
};

static CrrcChartModel *
make_bars (void)
{
  CrrcChartModel *model;

  model = new_incidents_model (CRRC_CHART_BARS, "Incidents déclarés par année",
                               "Bourgogne-Franche-Comté — tous secteurs",
                               "Source : CERT Santé — synchronisé le 21/05/2024",
                               yearly_incidents, G_N_ELEMENTS (yearly_incidents));
  crrc_chart_model_set_id (model, "incidents-par-annee");

  return model;
}

static CrrcChartModel *
make_line (void)
{
  static const char * const months[] = {
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
  };
  static const int current[] = { 41, 38, 52, 47, 55, 49, 36, 29, 51, 58, 62, 63 };
  static const int previous[] = { 45, 40, 47, 50, 48, 52, 39, 33, 44, 50, 57, 87 };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_LINE, "Incidents par mois");
  guint reference, data;

  crrc_chart_model_set_subtitle (model, "2023 comparé à 2022");
  crrc_chart_model_set_source (model, "Source : CERT Santé");
  reference = crrc_chart_model_add_series (model, "2022", CRRC_CHART_SERIES_REFERENCE);
  data = crrc_chart_model_add_series (model, "2023", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; i < G_N_ELEMENTS (months); i++)
    {
      g_autofree char *key = g_strdup_printf ("2023-%02u", i + 1);
      guint category = crrc_chart_model_add_category (model, key, months[i]);

      crrc_chart_model_set_value (model, reference, category, previous[i]);
      crrc_chart_model_set_value (model, data, category, current[i]);
    }

  return model;
}

static CrrcChartModel *
make_donut (void)
{
  static const Entry slices[] = {
    { "malveillant", "Malveillant", 290 },
    { "accidentel", "Accidentel", 174 },
    { "inconnu", "Origine inconnue", 117 },
  };

  return new_incidents_model (CRRC_CHART_DONUT, "Origine des incidents", "2023",
                              "Source : CERT Santé", slices, G_N_ELEMENTS (slices));
}

static CrrcChartModel *
make_ranked (void)
{
  static const Entry types[] = {
    { NULL, "Rançongiciel", 61 },
    { NULL, "Hameçonnage et usurpation d'identité", 48 },
    { NULL, "Défaillance d'un prestataire informatique", 35 },
    { NULL, "Fuite de données", 22 },
  };
  CrrcChartModel *model;

  model = new_incidents_model (CRRC_CHART_BARS, "Types d'incidents", NULL, NULL,
                               types, G_N_ELEMENTS (types));
  crrc_chart_model_set_orientation (model, CRRC_CHART_HORIZONTAL);

  return model;
}

static CrrcChartModel *
make_radar (void)
{
  static const char * const domains[] = {
    "Gouvernance", "Sauvegardes", "Gestion des accès", "Sensibilisation", "Continuité",
  };
  static const double scores[] = { 3.2, 2.5, 1.8, 4.0, NAN };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_RADAR, "Maturité par domaine");
  guint series, median;

  crrc_chart_model_set_unit (model, CRRC_CHART_UNIT_SCORE);
  crrc_chart_model_set_value_max (model, 5);
  series = crrc_chart_model_add_series (model, "CH de Dijon", CRRC_CHART_SERIES_DATA);
  median = crrc_chart_model_add_series (model, "Médiane des pairs", CRRC_CHART_SERIES_REFERENCE);
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      guint category = crrc_chart_model_add_category (model, domains[i], domains[i]);

      crrc_chart_model_set_value (model, series, category, scores[i]);
      crrc_chart_model_set_value (model, median, category, 2.6);
    }

  return model;
}

static CrrcChartModel *
make_map (void)
{
  static const char * const region[] = { "21", "25", "39", "58", "70", "71", "89", "90", NULL };
  CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_MAP, "Incidents par département");
  guint series;

  series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
  for (guint i = 0; region[i] != NULL; i++)
    {
      guint category = crrc_chart_model_add_category (model, region[i], region[i]);

      crrc_chart_model_set_value (model, series, category, 10 + 7 * i);
    }
  crrc_chart_model_set_emphasis (model, region);

  return model;
}

static CrrcChartModel *
make_kpi (void)
{
  CrrcChartModel *model;

  model = new_incidents_model (CRRC_CHART_KPI, "Incidents déclarés", NULL, NULL,
                               yearly_incidents, G_N_ELEMENTS (yearly_incidents));
  crrc_chart_model_set_kpi (model, 581, 592, CRRC_CHART_RISE_BAD);
  crrc_chart_model_set_kpi_reference (model, "vs 2022");

  return model;
}

/* Every kind, for the exports that must simply work with all of them. */
static GPtrArray *
make_all (void)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (models, make_bars ());
  g_ptr_array_add (models, make_line ());
  g_ptr_array_add (models, make_donut ());
  g_ptr_array_add (models, make_ranked ());
  g_ptr_array_add (models, make_radar ());
  g_ptr_array_add (models, make_map ());
  g_ptr_array_add (models, make_kpi ());

  return models;
}

/* Files. */

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("crrc-test-export-XXXXXX", &error);

  g_assert_no_error (error);

  return dir;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, joined by spaces: "" when empty. */
static char *
list_dir (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) handle = g_dir_open (dir, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A temporary folder, removed with what it holds after the test, and the
 * path of a file to write in it. */
typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

/* Makes the folder and, unless @data is NULL, names the file @data in it. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = make_dir ();
  if (data != NULL)
    {
      fixture->path = g_build_filename (fixture->dir, data, NULL);
      fixture->file = g_file_new_for_path (fixture->path);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->file);
  g_free (fixture->path);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);

  return buf.st_mode & 0777;
}

static guint32
read_be32 (const guint8 *data)
{
  return ((guint32) data[0] << 24) | ((guint32) data[1] << 16) | ((guint32) data[2] << 8) | data[3];
}

/* Checks the PNG signature and reads the size from the IHDR chunk. */
static void
assert_png_size (const char *path,
                 guint       width,
                 guint       height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GBytes) bytes = read_file (path);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpuint (length, >, 33);
  g_assert_cmpmem (data, sizeof signature, signature, sizeof signature);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (read_be32 (data + 16), ==, width);
  g_assert_cmpuint (read_be32 (data + 20), ==, height);
}

static cairo_surface_t *
load_png (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);

  return surface;
}

/* The share of pixels that are not white: how much was drawn. */
static double
ink_ratio (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint64 ink = 0;

  cairo_surface_flush (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      ink += chart_test_pixel (surface, x, y) != 0xffffffff;

  return (double) ink / ((double) width * height);
}

/* PDF (cairo 1.16 writes page dictionaries uncompressed). */

/* Like strstr() over binary data: PDF streams hold NUL bytes. */
static const char *
find_bytes (const char *data,
            gsize       length,
            const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    {
      if (data[i] == needle[0] && memcmp (data + i, needle, needle_length) == 0)
        return data + i;
    }

  return NULL;
}

static guint
count_pdf_pages (const char *data,
                 gsize       length)
{
  static const char needle[] = "/Type /Page";
  guint pages = 0;

  for (const char *p = data; (p = find_bytes (p, length - (p - data), needle)) != NULL; )
    {
      char next;

      p += strlen (needle);
      next = (gsize) (p - data) < length ? *p : ' ';
      /* "/Type /Pages" is the page tree, not a page. */
      if (!g_ascii_isalnum (next))
        pages++;
    }

  return pages;
}

/* Every page's MediaBox must be [ 0 0 @width @height ]. Returns how many
 * there were. */
static guint
assert_pdf_media_boxes (const char *data,
                        gsize       length,
                        double      width,
                        double      height)
{
  static const char needle[] = "/MediaBox [";
  guint boxes = 0;

  for (const char *p = data; (p = find_bytes (p, length - (p - data), needle)) != NULL; )
    {
      g_autofree char *box = NULL;
      g_auto(GStrv) numbers = NULL;
      const char *end;

      p += strlen (needle);
      end = memchr (p, ']', length - (p - data));
      g_assert_nonnull (end);
      box = g_strndup (p, end - p);
      numbers = g_strsplit_set (g_strstrip (box), " \n", -1);
      g_assert_cmpuint (g_strv_length (numbers), ==, 4);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (numbers[0], NULL), 0, 0.01);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (numbers[1], NULL), 0, 0.01);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (numbers[2], NULL), width, 0.01);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (numbers[3], NULL), height, 0.01);
      boxes++;
    }

  return boxes;
}

static void
assert_pdf (const char *path,
            guint       n_pages,
            double      width,
            double      height)
{
  g_autoptr(GBytes) bytes = read_file (path);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_assert_cmpuint (length, >, 100);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  /* A complete file: the trailer was written. */
  g_assert_nonnull (find_bytes (data + length - 32, 32, "%%EOF"));
  g_assert_cmpuint (count_pdf_pages (data, length), ==, n_pages);
  /* The page tree may carry a default MediaBox too. */
  g_assert_cmpuint (assert_pdf_media_boxes (data, length, width, height), >=, n_pages);
  g_assert_nonnull (find_bytes (data, length, "/Creator (CRRC Dashboard)"));
  g_assert_cmpuint (file_mode (path), ==, 0600);
}

/* Exports. */

/* Exports @model to @file, which must succeed. */
static void
assert_exported (CrrcChartModel  *model,
                 CrrcChartFormat  format,
                 GFile           *file,
                 int              width,
                 int              height,
                 double           scale)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crrc_chart_export_file (model, format, file, width, height, scale, NULL, &error));
  g_assert_no_error (error);
}

/* Checks that an export failed (@result is FALSE) with the G_IO_ERROR
 * @code in @error, whose message names @path unless @path is NULL. */
static void
assert_export_error (gboolean       result,
                     GError *const *error,
                     GIOErrorEnum   code,
                     const char    *path)
{
  g_assert_false (result);
  g_assert_error (*error, G_IO_ERROR, code);
  if (path != NULL)
    g_assert_nonnull (strstr ((*error)->message, path));
}

/* Tests. */

static void
test_format_names (void)
{
  CrrcChartFormat format = CRRC_CHART_FORMAT_PDF;

  g_assert_true (crrc_chart_format_from_string ("png", &format));
  g_assert_cmpint (format, ==, CRRC_CHART_FORMAT_PNG);
  g_assert_true (crrc_chart_format_from_string ("SVG", &format));
  g_assert_cmpint (format, ==, CRRC_CHART_FORMAT_SVG);
  g_assert_true (crrc_chart_format_from_string ("Pdf", &format));
  g_assert_cmpint (format, ==, CRRC_CHART_FORMAT_PDF);

  format = CRRC_CHART_FORMAT_SVG;
  g_assert_false (crrc_chart_format_from_string ("jpeg", &format));
  g_assert_false (crrc_chart_format_from_string ("", &format));
  g_assert_false (crrc_chart_format_from_string (".png", &format));
  g_assert_false (crrc_chart_format_from_string ("pngx", &format));
  g_assert_false (crrc_chart_format_from_string (NULL, &format));
  g_assert_cmpint (format, ==, CRRC_CHART_FORMAT_SVG);

  g_assert_cmpstr (crrc_chart_format_to_extension (CRRC_CHART_FORMAT_PNG), ==, "png");
  g_assert_cmpstr (crrc_chart_format_to_extension (CRRC_CHART_FORMAT_SVG), ==, "svg");
  g_assert_cmpstr (crrc_chart_format_to_extension (CRRC_CHART_FORMAT_PDF), ==, "pdf");
}

static void
test_png (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) models = make_all ();

  for (guint i = 0; i < models->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (models, i);
      g_autofree char *name = g_strdup_printf ("chart-%u.png", i);
      g_autofree char *name2 = g_strdup_printf ("chart-%u@2.png", i);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *path2 = g_build_filename (fixture->dir, name2, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) file2 = g_file_new_for_path (path2);
      cairo_surface_t *surface;
      double ink;

      g_test_message ("%s", crrc_chart_model_get_title (model));

      assert_exported (model, CRRC_CHART_FORMAT_PNG, file, 640, 360, 1);
      assert_png_size (path, 640, 360);
      g_assert_cmpuint (file_mode (path), ==, 0600);

      /* The print theme: opaque white around the chart, and a chart. */
      surface = load_png (path);
      g_assert_cmphex (chart_test_pixel (surface, 0, 0), ==, 0xffffffff);
      g_assert_cmphex (chart_test_pixel (surface, 639, 359), ==, 0xffffffff);
      ink = ink_ratio (surface);
      g_assert_cmpfloat (ink, >, 0.01);
      g_assert_cmpfloat (ink, <, 0.8);
      cairo_surface_destroy (surface);

      /* A HiDPI copy: the same drawing at twice the pixels. */
      assert_exported (model, CRRC_CHART_FORMAT_PNG, file2, 640, 360, 2);
      assert_png_size (path2, 1280, 720);
      surface = load_png (path2);
      g_assert_cmpfloat_with_epsilon (ink_ratio (surface), ink, ink * 0.35);
      cairo_surface_destroy (surface);
    }
}

/* The PNG file holds exactly the pixels drawn: the same as the texture,
 * drawn the same way, byte for byte. */
static void
test_png_pixels (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) models = make_all ();

  for (guint i = 0; i < models->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (models, i);
      g_autoptr(GdkTexture) texture = crrc_chart_export_texture (model, 333, 201, 1);
      g_autofree guint32 *expected = g_new (guint32, 333 * 201);
      cairo_surface_t *surface;
      guint differing = 0;

      assert_exported (model, CRRC_CHART_FORMAT_PNG, fixture->file, 333, 201, 1);
      gdk_texture_download (texture, (guint8 *) expected, 333 * 4);
      surface = load_png (fixture->path);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 333);
      g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 201);
      for (int y = 0; y < 201; y++)
        for (int x = 0; x < 333; x++)
          differing += chart_test_pixel (surface, x, y) != expected[y * 333 + x];
      g_assert_cmpuint (differing, ==, 0);
      cairo_surface_destroy (surface);
    }
}

/* Checks that exporting @model to @file fails in every format with @code,
 * the message naming @path and then, unless it is NULL, @also. */
static void
assert_files_fail (CrrcChartModel *model,
                   GFile          *file,
                   GCancellable   *cancellable,
                   GIOErrorEnum    code,
                   const char     *path,
                   const char     *also)
{
  for (CrrcChartFormat format = CRRC_CHART_FORMAT_PNG; format <= CRRC_CHART_FORMAT_PDF; format++)
    {
      g_autoptr(GError) error = NULL;

      assert_export_error (crrc_chart_export_file (model, format, file, 640, 360, 1,
                                                   cancellable, &error),
                           &error, code, path);
      if (also != NULL)
        g_assert_nonnull (strstr (strstr (error->message, path) + strlen (path), also));
    }
}

/* Checks that exporting @models to @file as A4 pages and as slides after
 * @cover both fail with @code, the message naming @path unless it is
 * NULL. */
static void
assert_decks_fail (GPtrArray             *models,
                   const CrrcSlidesCover *cover,
                   GFile                 *file,
                   GCancellable          *cancellable,
                   GIOErrorEnum           code,
                   const char            *path)
{
  g_autoptr(GError) error = NULL;

  assert_export_error (crrc_chart_export_pdf_pages (models, file, 842, 595, cancellable, &error),
                       &error, code, path);
  g_clear_error (&error);
  assert_export_error (crrc_chart_export_slides (models, cover, file, cancellable, &error),
                       &error, code, path);
}

static void
test_missing_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "absent", NULL);
  g_autofree char *path = g_build_filename (missing, "chart.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(CrrcChartModel) model = make_bars ();
  g_autoptr(GPtrArray) models = make_all ();
  CrrcSlidesCover cover = { "Observatoire", "Bourgogne-Franche-Comté — 2023", NULL, FALSE };
  g_autofree char *listing = NULL;

  /* The messages name the file, and a single chart's the missing folder
   * after it. */
  assert_files_fail (model, file, NULL, G_IO_ERROR_NOT_FOUND, path, missing);
  assert_decks_fail (models, &cover, file, NULL, G_IO_ERROR_NOT_FOUND, path);

  /* Nothing was created, not even the folder. */
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "");
}

static void
test_replace (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CrrcChartModel) model = make_donut ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *listing = NULL;
  GStatBuf before, after;

  g_file_set_contents (fixture->path, "old", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  g_assert_cmpint (g_stat (fixture->path, &before), ==, 0);

  assert_exported (model, CRRC_CHART_FORMAT_PNG, fixture->file, 320, 180, 1);

  /* Replaced by a rename: a new inode, private, no temporary file left. */
  assert_png_size (fixture->path, 320, 180);
  g_assert_cmpuint (file_mode (fixture->path), ==, 0600);
  g_assert_cmpint (g_stat (fixture->path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, !=, after.st_ino);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "chart.png");

  /* Replaced again, in another format under the same name. */
  assert_exported (model, CRRC_CHART_FORMAT_PDF, fixture->file, 320, 180, 1);
  bytes = read_file (fixture->path);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (bytes, NULL), "%PDF-"));
}

/* A failed export leaves the previous file as it was and nothing else. */
static void
test_failure_keeps_old_file (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "folder.pdf", NULL);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(CrrcChartModel) model = make_line ();
  g_autoptr(GPtrArray) models = make_all ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CrrcSlidesCover cover = { "Observatoire", NULL, NULL, TRUE };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  g_file_set_contents (fixture->path, "old", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  g_cancellable_cancel (cancellable);
  assert_files_fail (model, fixture->file, cancellable, G_IO_ERROR_CANCELLED, fixture->path, NULL);
  assert_decks_fail (models, &cover, fixture->file, cancellable, G_IO_ERROR_CANCELLED, NULL);

  /* A size no image can have. */
  assert_export_error (crrc_chart_export_file (model, CRRC_CHART_FORMAT_PNG, fixture->file,
                                               40000, 360, 1, NULL, &error),
                       &error, G_IO_ERROR_INVALID_ARGUMENT, fixture->path);
  g_clear_error (&error);

  /* A folder in the way: written in full, then refused by the rename. */
  g_assert_false (crrc_chart_export_file (model, CRRC_CHART_FORMAT_PDF, folder_file, 640, 360, 1,
                                          NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, folder));
  g_clear_error (&error);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));

  g_file_get_contents (fixture->path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "old");
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "chart.svg folder.pdf");

  g_assert_cmpint (g_rmdir (folder), ==, 0);
}

typedef struct
{
  guint  elements;
  guint  drawn;       /* path, use, image, rect: what shows something */
  char  *root;
  char  *width;
  char  *height;
  char  *view_box;
} SvgInfo;

static void
svg_start_element (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              user_data,
                   GError              **error)
{
  SvgInfo *info = user_data;

  if (info->elements++ == 0)
    {
      info->root = g_strdup (element);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (strcmp (names[i], "width") == 0)
            info->width = g_strdup (values[i]);
          else if (strcmp (names[i], "height") == 0)
            info->height = g_strdup (values[i]);
          else if (strcmp (names[i], "viewBox") == 0)
            info->view_box = g_strdup (values[i]);
        }
    }

  if (g_str_equal (element, "path") || g_str_equal (element, "use") ||
      g_str_equal (element, "image") || g_str_equal (element, "rect"))
    info->drawn++;
}

/* The <?xml ?> declaration and comments arrive here: accept them. */
static void
svg_passthrough (GMarkupParseContext  *context,
                 const char           *text,
                 gsize                 length,
                 gpointer              user_data,
                 GError              **error)
{
}

static void
test_svg (Fixture       *fixture,
          gconstpointer  data)
{
  static const GMarkupParser parser = { svg_start_element, NULL, NULL, svg_passthrough, NULL };
  g_autoptr(GPtrArray) models = make_all ();

  for (guint i = 0; i < models->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (models, i);
      g_autoptr(GMarkupParseContext) context = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      SvgInfo info = { 0 };
      const char *contents;
      gsize length;

      g_test_message ("%s", crrc_chart_model_get_title (model));

      assert_exported (model, CRRC_CHART_FORMAT_SVG, fixture->file, 640, 360, 1);
      g_assert_cmpuint (file_mode (fixture->path), ==, 0600);

      bytes = read_file (fixture->path);
      contents = g_bytes_get_data (bytes, &length);
      context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &info, NULL);
      g_markup_parse_context_parse (context, contents, length, &error);
      g_assert_no_error (error);
      g_markup_parse_context_end_parse (context, &error);
      g_assert_no_error (error);

      g_assert_cmpstr (info.root, ==, "svg");
      g_assert_cmpstr (info.width, ==, "640pt");
      g_assert_cmpstr (info.height, ==, "360pt");
      g_assert_cmpstr (info.view_box, ==, "0 0 640 360");
      /* The background, the text's glyphs and the chart's shapes. */
      g_assert_cmpuint (info.drawn, >, 10);

      g_free (info.root);
      g_free (info.width);
      g_free (info.height);
      g_free (info.view_box);
    }
}

static void
test_pdf (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(CrrcChartModel) model = make_bars ();

  assert_exported (model, CRRC_CHART_FORMAT_PDF, fixture->file, 640, 360, 1);
  assert_pdf (fixture->path, 1, 640, 360);
}

static void
test_pdf_pages (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) models = make_all ();
  g_autoptr(GError) error = NULL;

  /* A4 landscape. */
  g_assert_true (crrc_chart_export_pdf_pages (models, fixture->file, 842, 595, NULL, &error));
  g_assert_no_error (error);
  assert_pdf (fixture->path, models->len, 842, 595);

  g_ptr_array_set_size (models, 2);
  g_assert_true (crrc_chart_export_pdf_pages (models, fixture->file, 595, 842, NULL, &error));
  g_assert_no_error (error);
  assert_pdf (fixture->path, 2, 595, 842);
}

static void
test_slides (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) models = make_all ();
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  /* Text from data with markup characters: plain text, never parsed. */
  CrrcSlidesCover cover = {
    "Observatoire des incidents de sécurité <b>R&D</b>",
    "Bourgogne-Franche-Comté — 2023",
    "Données synchronisées le 21 mai 2024",
    TRUE,
  };
  g_autoptr(GBytes) bytes = NULL;
  const char *contents;
  gsize length;

  g_assert_true (crrc_chart_export_slides (models, &cover, fixture->file, NULL, &error));
  g_assert_no_error (error);
  /* The cover, then one slide per chart, 16:9. */
  assert_pdf (fixture->path, 1 + models->len, 960, 540);
  g_assert_cmpfloat_with_epsilon (960.0 / 540.0, 16.0 / 9.0, 1e-9);

  /* The deck's title is in its metadata, in UTF-16 as it is not ASCII:
   * "Ob…". */
  bytes = read_file (fixture->path);
  contents = g_bytes_get_data (bytes, &length);
  g_assert_nonnull (find_bytes (contents, length, "/Title <FEFF004F0062"));

  /* Without freshness, demonstration mark or charts: the cover alone. */
  cover.freshness = NULL;
  cover.demo = FALSE;
  g_assert_true (crrc_chart_export_slides (empty, &cover, fixture->file, NULL, &error));
  g_assert_no_error (error);
  assert_pdf (fixture->path, 1, 960, 540);
}

static void
test_texture (void)
{
  g_autoptr(GPtrArray) models = make_all ();

  for (guint i = 0; i < models->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (models, i);
      g_autoptr(GdkTexture) texture = NULL;
      g_autofree guint8 *pixels = NULL;
      gsize stride;
      guint ink = 0;
      int width, height;

      texture = crrc_chart_export_texture (model, 320, 180, 2);
      g_assert_nonnull (texture);
      width = gdk_texture_get_width (texture);
      height = gdk_texture_get_height (texture);
      g_assert_cmpint (width, ==, 640);
      g_assert_cmpint (height, ==, 360);

      /* gdk_texture_download() gives cairo's ARGB32: white, opaque
       * corners, and a drawn chart. */
      stride = (gsize) width * 4;
      pixels = g_malloc (stride * height);
      gdk_texture_download (texture, pixels, stride);
      g_assert_cmphex (*(guint32 *) pixels, ==, 0xffffffff);
      g_assert_cmphex (*(guint32 *) (pixels + stride * (height - 1) + (width - 1) * 4), ==,
                       0xffffffff);
      for (int p = 0; p < width * height; p++)
        ink += ((guint32 *) pixels)[p] != 0xffffffff;
      g_assert_cmpuint (ink, >, width * height / 100);
    }

}

static void
test_texture_scale_one (void)
{
  g_autoptr(CrrcChartModel) model = make_bars ();
  g_autoptr(GdkTexture) texture = crrc_chart_export_texture (model, 300, 200, 1);

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 300);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 200);
}

/* Golden images. */

static gboolean
update_golden (void)
{
  return g_strcmp0 (g_getenv ("CRRC_TEST_UPDATE_GOLDEN"), "1") == 0;
}

/* The share of pixels of @actual within the tolerance of @expected. */
static double
matching_ratio (cairo_surface_t *actual,
                cairo_surface_t *expected)
{
  int width = cairo_image_surface_get_width (actual);
  int height = cairo_image_surface_get_height (actual);
  guint64 matching = 0;

  g_assert_cmpint (cairo_image_surface_get_width (expected), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (expected), ==, height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 a = chart_test_pixel (actual, x, y);
        guint32 b = chart_test_pixel (expected, x, y);
        int worst = 0;

        for (int shift = 0; shift < 32; shift += 8)
          worst = MAX (worst, ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)));
        matching += worst <= GOLDEN_TOLERANCE;
      }

  return (double) matching / ((double) width * height);
}

static void
test_golden (Fixture       *fixture,
             gconstpointer  data)
{
  const char *golden_name = data;
  const char *golden_dir = g_getenv ("CRRC_TEST_GOLDEN_DIR");
  g_autofree char *name = g_strndup (golden_name, strlen (golden_name) - strlen (".png"));
  g_autofree char *golden = NULL;
  g_autoptr(CrrcChartModel) model = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_locale = g_strdup (setlocale (LC_ALL, NULL));
  cairo_surface_t *actual, *expected;
  double ratio;

  if (golden_dir == NULL)
    {
      g_test_skip ("CRRC_TEST_GOLDEN_DIR is not set");
      return;
    }
  golden = g_build_filename (golden_dir, golden_name, NULL);

  if (g_str_equal (name, "bars"))
    model = make_bars ();
  else if (g_str_equal (name, "line"))
    model = make_line ();
  else
    model = make_donut ();

  /* Golden images are in the C locale's number format, whatever the
   * locale the tests run in ("581" and "35%" rather than "35 %"). */
  setlocale (LC_ALL, "C");
  g_assert_true (crrc_chart_export_file (model, CRRC_CHART_FORMAT_PNG, fixture->file,
                                         GOLDEN_WIDTH, GOLDEN_HEIGHT, 1, NULL, &error));
  setlocale (LC_ALL, saved_locale);
  g_assert_no_error (error);

  if (update_golden ())
    {
      g_autoptr(GFile) golden_file = g_file_new_for_path (golden);

      g_assert_true (g_file_copy (fixture->file, golden_file, G_FILE_COPY_OVERWRITE,
                                  NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (golden, 0644), ==, 0);
      g_test_message ("Wrote %s", golden);
      return;
    }

  if (!g_file_test (golden, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf ("%s is missing: run with CRRC_TEST_UPDATE_GOLDEN=1",
                                                  golden);

      g_test_fail_printf ("%s", message);
      return;
    }

  actual = load_png (fixture->path);
  expected = load_png (golden);
  ratio = matching_ratio (actual, expected);
  g_test_message ("%s: %.2f %% of the pixels match", name, ratio * 100);
  if (ratio < GOLDEN_MIN_MATCHING)
    {
      /* Keep the image to look at. */
      g_autofree char *kept = g_strdup_printf ("%s/crrc-golden-%s-actual.png",
                                               g_get_tmp_dir (), name);

      g_assert_cmpint (cairo_surface_write_to_png (actual, kept), ==, CAIRO_STATUS_SUCCESS);
      g_test_fail_printf ("%s differs from %s: %.2f %% of the pixels match (%s)",
                          golden_name, golden, ratio * 100, kept);
    }
  cairo_surface_destroy (actual);
  cairo_surface_destroy (expected);
}

/* A test run in a fresh folder (the Fixture), exporting to @file_name in
 * it unless that is NULL. */
#define add_export_test(name, file_name, func) \
  g_test_add ("/chart-export/" name, Fixture, file_name, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  chart_test_init (&argc, &argv);

  g_test_add_func ("/chart-export/format-names", test_format_names);
  add_export_test ("png", NULL, test_png);
  add_export_test ("png-pixels", "chart.png", test_png_pixels);
  add_export_test ("missing-folder", NULL, test_missing_folder);
  add_export_test ("replace", "chart.png", test_replace);
  add_export_test ("failure-keeps-old-file", "chart.svg", test_failure_keeps_old_file);
  add_export_test ("svg", "chart.svg", test_svg);
  add_export_test ("pdf", "chart.pdf", test_pdf);
  add_export_test ("pdf-pages", "charts.pdf", test_pdf_pages);
  add_export_test ("slides", "deck.pdf", test_slides);
  g_test_add_func ("/chart-export/texture", test_texture);
  g_test_add_func ("/chart-export/texture-scale-one", test_texture_scale_one);
  add_export_test ("golden/bars", "bars.png", test_golden);
  add_export_test ("golden/line", "line.png", test_golden);
  add_export_test ("golden/donut", "donut.png", test_golden);

  return g_test_run ();
}
