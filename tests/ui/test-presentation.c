/* test-presentation.c: the presentation window, driven with real keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "crrc-chart-model.h"
#include "crrc-observatoire-export.h"
#include "crrc-presentation-window.h"
#include "ui-test-utils.h"

static const char *titles[] = {
  "Incidents par année",
  "Origine des incidents",
  "Types d'incidents",
};

static GPtrArray *
build_models (void)
{
  GPtrArray *models = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      CrrcChartModel *model = crrc_chart_model_new (CRRC_CHART_BARS, titles[i]);
      guint series;

      crrc_chart_model_set_subtitle (model, "Bourgogne-Franche-Comté — 2023");
      crrc_chart_model_set_source (model, "Source : CERT Santé");
      for (guint year = 2019; year <= 2023; year++)
        {
          g_autofree char *key = g_strdup_printf ("%u", year);

          crrc_chart_model_add_category (model, key, key);
        }
      series = crrc_chart_model_add_series (model, "Incidents", CRRC_CHART_SERIES_DATA);
      for (guint c = 0; c < 5; c++)
        crrc_chart_model_set_value (model, series, c, 1234 * (i + 1) + 100 * c);
      g_ptr_array_add (models, model);
    }

  return models;
}

static GtkWidget *
find_drawing_area (GtkWidget *widget)
{
  if (GTK_IS_DRAWING_AREA (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_drawing_area (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
assert_showing (CrrcPresentationWindow *window,
                GtkWidget              *slide,
                GPtrArray              *models,
                guint                   index)
{
  CrrcChartModel *model = g_ptr_array_index (models, index);
  g_autofree char *description = crrc_chart_model_describe (model);

  g_assert_cmpuint (crrc_presentation_window_get_index (window), ==, index);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (slide), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       titles[index]);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (slide), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       description);
}

/* Types @keys and waits for chart @index. */
static void
press (CrrcPresentationWindow *window,
       GtkWidget              *slide,
       GPtrArray              *models,
       const char             *keys,
       guint                   index)
{
  ui_test_type_keys (GTK_WINDOW (window), keys);
  WAIT_FOR (crrc_presentation_window_get_index (window) == index);
  ui_test_settle ();
  assert_showing (window, slide, models, index);
}

/* The pixel at (@x, @y) of @widget as drawn, as 0xRRGGBB. */
static guint32
widget_pixel (GtkWidget *widget,
              int        x,
              int        y)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint32 *pixels;
  guint32 pixel;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);

  if (g_getenv ("CRRC_PRESENTATION_PNG") != NULL && x == 0 && y == 0)
    gdk_texture_save_to_png (texture, g_getenv ("CRRC_PRESENTATION_PNG"));

  pixels = g_new (guint32, (gsize) width * height);
  gdk_texture_download (texture, (guchar *) pixels, width * 4);
  pixel = pixels[(gsize) y * width + x] & 0xffffff;
  g_free (pixels);

  return pixel;
}

static void
test_keys (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  GtkWidget *parent = gtk_window_new ();
  CrrcPresentationWindow *window;
  GtkWidget *slide;
  int width, height;
  double slide_width, slide_height, x, y;

  gtk_window_present (GTK_WINDOW (parent));
  WAIT_FOR (gtk_widget_get_mapped (parent));

  window = crrc_presentation_window_new (GTK_WINDOW (parent), models, 0);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_cmpuint (crrc_presentation_window_get_n_charts (window), ==, models->len);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (parent));

  gtk_window_present (GTK_WINDOW (window));
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (window)));
  /* Full screen was asked for: the toplevel's state says so (there is no
   * window manager to refuse it). */
  WAIT_FOR (gtk_window_is_fullscreen (GTK_WINDOW (window)));
  ui_test_settle ();

  slide = find_drawing_area (GTK_WIDGET (window));
  g_assert_nonnull (slide);
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (slide), GTK_ACCESSIBLE_ROLE_IMG);
  assert_showing (window, slide, models, 0);

  /* Black around a 16:9 white slide. */
  width = gtk_widget_get_width (slide);
  height = gtk_widget_get_height (slide);
  g_assert_cmpint (width, >, 0);
  if (width * 9 > height * 16)
    {
      slide_height = height;
      slide_width = round (height * 16.0 / 9.0);
    }
  else
    {
      slide_width = width;
      slide_height = round (width * 9.0 / 16.0);
    }
  x = round ((width - slide_width) / 2);
  y = round ((height - slide_height) / 2);
  g_assert_true (x > 2 || y > 2);
  g_assert_cmphex (widget_pixel (slide, 0, 0), ==, 0x000000);
  g_assert_cmphex (widget_pixel (slide, width - 1, height - 1), ==, 0x000000);
  g_assert_cmphex (widget_pixel (slide, x + 3, y + 3), ==, 0xffffff);
  g_assert_cmphex (widget_pixel (slide, x + slide_width - 4, y + slide_height - 4), ==, 0xffffff);

  press (window, slide, models, "Right", 1);
  press (window, slide, models, "Next", 2);
  /* The last chart stays. */
  press (window, slide, models, "space", 2);
  press (window, slide, models, "Left", 1);
  press (window, slide, models, "Prior", 0);
  press (window, slide, models, "End", 2);
  press (window, slide, models, "Up", 1);
  press (window, slide, models, "Home", 0);
  press (window, slide, models, "Down", 1);
  press (window, slide, models, "space", 2);

  ui_test_type_keys (GTK_WINDOW (window), "Escape");
  WAIT_FOR (window == NULL);

  gtk_window_destroy (GTK_WINDOW (parent));
}

/* The description reads numbers as the locale writes them. */
static void
test_description_locale (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  CrrcPresentationWindow *window = crrc_presentation_window_new (NULL, models, 7);
  GtkWidget *slide = find_drawing_area (GTK_WIDGET (window));
  g_autofree char *description = crrc_chart_model_describe (g_ptr_array_index (models, 2));

  /* Clamped to the last chart. */
  g_assert_cmpuint (crrc_presentation_window_get_index (window), ==, 2);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (slide), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       description);
  if (ui_test_expect_french ())
    g_assert_nonnull (strstr (description, "3\u202f702"));
  else
    g_assert_nonnull (strstr (description, ": 3702"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Counts "/Type /Page" not followed by "s" (the page tree), and checks
 * that every "/MediaBox" is wider than tall. */
static guint
count_landscape_pages (const char *contents,
                       gsize       length)
{
  const char *page = "/Type /Page";
  const char *box = "/MediaBox [";
  guint pages = 0;

  for (gsize i = 0; i + strlen (page) < length; i++)
    {
      if (memcmp (contents + i, page, strlen (page)) == 0 && contents[i + strlen (page)] != 's')
        pages++;

      if (i + strlen (box) < length && memcmp (contents + i, box, strlen (box)) == 0)
        {
          const char *p = contents + i + strlen (box);
          double numbers[4];

          /* PDF numbers use '.', whatever the locale. */
          for (guint n = 0; n < 4; n++)
            {
              char *end = NULL;

              numbers[n] = g_ascii_strtod (p, &end);
              g_assert_true (end != p);
              p = end;
            }
          g_assert_cmpfloat (numbers[2] - numbers[0], >, numbers[3] - numbers[1]);
        }
    }

  return pages;
}

/* Printing, exported to a PDF instead of a printer: one landscape page per
 * chart. */
static void
test_print (void)
{
  g_autoptr(GPtrArray) models = build_models ();
  g_autoptr(GtkPrintOperation) operation = crrc_observatoire_print_operation_new (models);
  g_autofree char *path = g_build_filename (ui_test_dir, "print.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GtkPrintOperationResult result;

  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (count_landscape_pages (contents, length), ==, models->len);

  if (g_getenv ("CRRC_PRINT_PDF") != NULL)
    g_file_set_contents (g_getenv ("CRRC_PRINT_PDF"), contents, length, NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/presentation/keys", test_keys);
  g_test_add_func ("/ui/presentation/description-locale", test_description_locale);
  g_test_add_func ("/ui/presentation/print", test_print);

  return ui_test_run ();
}
