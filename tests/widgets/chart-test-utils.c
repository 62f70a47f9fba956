/* chart-test-utils.c: what the chart tests share — themes, renders, layouts,
 * text boxes, ink and pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "chart-test-utils"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "chart-test-utils.h"

#define SIN_45 0.70710678118654752

void
chart_test_init (int    *argc,
                 char ***argv)
{
  if (setlocale (LC_ALL, "") == NULL)
    g_warning ("The locale is not available; numbers are in the C format");
  bindtextdomain (GETTEXT_PACKAGE, TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (argc, argv, NULL);
}

void
chart_test_theme_init (CrrcChartTheme     *theme,
                       ChartTestThemeKind  kind,
                       double              width,
                       double              height)
{
  switch (kind)
    {
    case CHART_TEST_THEME_LIGHT:
      crrc_chart_theme_init_light (theme, 13);
      break;
    case CHART_TEST_THEME_DARK:
      crrc_chart_theme_init_dark (theme, 13);
      break;
    case CHART_TEST_THEME_PRINT:
    default:
      crrc_chart_theme_init_print (theme, width, height);
      break;
    }
}

const char *
chart_test_theme_name (ChartTestThemeKind kind)
{
  static const char *names[] = { "light", "dark", "print" };

  g_assert_cmpuint (kind, <, G_N_ELEMENTS (names));

  return names[kind];
}

static cairo_surface_t *
render (CrrcChartModel     *model,
        int                 width,
        int                 height,
        ChartTestThemeKind  kind,
        CrrcChartDrawFlags  flags,
        int                 hover,
        gboolean            on_card,
        CrrcChartLayout    *layout)
{
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;

  chart_test_theme_init (&theme, kind, width, height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  /* The screen themes are transparent: paint the card they sit on. */
  if (on_card)
    {
      if (theme.dark)
        cairo_set_source_rgb (cr, 0x36 / 255.0, 0x36 / 255.0, 0x36 / 255.0);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  crrc_chart_draw (model, cr, width, height, &theme, flags, hover, -1, layout);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  crrc_chart_theme_clear (&theme);
  cairo_surface_flush (surface);

  return surface;
}

cairo_surface_t *
chart_test_render (CrrcChartModel     *model,
                   int                 width,
                   int                 height,
                   ChartTestThemeKind  kind,
                   CrrcChartDrawFlags  flags,
                   int                 hover,
                   CrrcChartLayout    *layout)
{
  return render (model, width, height, kind, flags, hover, TRUE, layout);
}

cairo_surface_t *
chart_test_render_transparent (CrrcChartModel     *model,
                               int                 width,
                               int                 height,
                               ChartTestThemeKind  kind,
                               CrrcChartDrawFlags  flags,
                               CrrcChartLayout    *layout)
{
  return render (model, width, height, kind, flags, -1, FALSE, layout);
}

CrrcChartLayout *
chart_test_layout_of (CrrcChartModel     *model,
                      int                 width,
                      int                 height,
                      ChartTestThemeKind  kind,
                      CrrcChartDrawFlags  flags)
{
  CrrcChartLayout *layout = crrc_chart_layout_new ();

  cairo_surface_destroy (chart_test_render (model, width, height, kind, flags, -1, layout));

  return layout;
}

void
chart_test_save_png (cairo_surface_t *surface,
                     const char      *format,
                     ...)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  va_list args;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  path = g_strdup_printf ("%s/%s.png", g_get_tmp_dir (), name);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}

CrrcChartItem *
chart_test_item_at (CrrcChartLayout *layout,
                    guint            index)
{
  g_assert_cmpuint (index, <, layout->items->len);
  return g_ptr_array_index (layout->items, index);
}

void
chart_test_centre_of (CrrcChartItem *item,
                      double        *x,
                      double        *y)
{
  *x = item->x + item->width / 2;
  *y = item->y + item->height / 2;
}

CrrcChartTextBox *
chart_test_find_text (CrrcChartLayout *layout,
                      const char      *text)
{
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (g_strcmp0 (box->text, text) == 0)
        return box;
    }

  return NULL;
}

gboolean
chart_test_has_text_containing (CrrcChartLayout *layout,
                                const char      *needle)
{
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (strstr (box->text, needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

void
chart_test_assert_close (double a,
                         double b,
                         double tolerance)
{
  if (fabs (a - b) > tolerance)
    g_error ("%g and %g differ by more than %g", a, b, tolerance);
}

gboolean
chart_test_boxes_overlap (double ax, double ay, double aw, double ah,
                          double bx, double by, double bw, double bh,
                          double slack)
{
  return ax < bx + bw - slack && bx < ax + aw - slack &&
         ay < by + bh - slack && by < ay + ah - slack;
}

void
chart_test_assert_text_inside (CrrcChartLayout *layout,
                               double           width,
                               double           height,
                               double           tolerance)
{
  g_assert_cmpuint (layout->text_boxes->len, >, 0);
  for (guint i = 0; i < layout->text_boxes->len; i++)
    {
      CrrcChartTextBox *box = g_ptr_array_index (layout->text_boxes, i);

      if (box->x < -tolerance || box->y < -tolerance ||
          box->x + box->width > width + tolerance || box->y + box->height > height + tolerance)
        g_error ("“%s” (%g, %g, %g × %g) leaves %g × %g",
                 box->text, box->x, box->y, box->width, box->height, width, height);
    }
}

void
chart_test_assert_text_apart (CrrcChartLayout *layout,
                              double           slack,
                              gboolean         rotated_strips)
{
  double thinnest = G_MAXDOUBLE;

  for (guint i = 0; i < layout->text_boxes->len; i++)
    thinnest = MIN (thinnest, ((CrrcChartTextBox *) g_ptr_array_index (layout->text_boxes, i))->height);

  for (guint i = 0; i < layout->text_boxes->len; i++)
    for (guint j = i + 1; j < layout->text_boxes->len; j++)
      {
        CrrcChartTextBox *a = g_ptr_array_index (layout->text_boxes, i);
        CrrcChartTextBox *b = g_ptr_array_index (layout->text_boxes, j);

        if (!chart_test_boxes_overlap (a->x, a->y, a->width, a->height,
                                       b->x, b->y, b->width, b->height, slack))
          continue;

        /* Labels rotated by −45° have boxes much taller than a line, their
         * tops on one row: parallel strips, apart when their ends are a
         * line's height apart across their baselines. */
        if (rotated_strips &&
            a->height > 1.5 * thinnest && b->height > 1.5 * thinnest &&
            fabs (a->y - b->y) < 0.5 &&
            fabs ((a->x + a->width) - (b->x + b->width)) * SIN_45 >= thinnest * 0.95)
          continue;

        g_error ("“%s” (%g, %g, %g × %g) overlaps “%s” (%g, %g, %g × %g)",
                 a->text, a->x, a->y, a->width, a->height,
                 b->text, b->x, b->y, b->width, b->height);
      }
}

void
chart_test_assert_ink_inside (CrrcChartModel     *model,
                              double              width,
                              double              height,
                              ChartTestThemeKind  kind,
                              CrrcChartDrawFlags  flags)
{
  CrrcChartTheme theme;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x, y, w, h;

  /* A painted background is unbounded ink on an unbounded surface: leave
   * it out. */
  flags &= ~CRRC_CHART_DRAW_BACKGROUND;
  chart_test_theme_init (&theme, kind, width, height);
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  crrc_chart_draw (model, cr, width, height, &theme, flags, 0, -1, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_recording_surface_ink_extents (surface, &x, &y, &w, &h);
  cairo_surface_destroy (surface);
  crrc_chart_theme_clear (&theme);

  g_assert_cmpfloat (w, >, 0);
  if (x < -0.5 || y < -0.5 || x + w > width + 0.5 || y + h > height + 0.5)
    g_error ("ink (%g, %g, %g × %g) leaves %g × %g", x, y, w, h, width, height);
}

guint32
chart_test_pixel (cairo_surface_t *surface,
                  int              x,
                  int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);

  /* RGB24 leaves the alpha byte undefined. */
  if (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_RGB24)
    pixel |= 0xff000000;

  return pixel;
}

void
chart_test_pixel_rgba (cairo_surface_t *surface,
                       double           x,
                       double           y,
                       double           rgba[4])
{
  int ix = (int) floor (x), iy = (int) floor (y);
  guint32 value;
  double a;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));

  value = chart_test_pixel (surface, ix, iy);
  a = (value >> 24) & 0xff;
  rgba[3] = a;
  rgba[0] = a > 0 ? ((value >> 16) & 0xff) * 255.0 / a : 0;
  rgba[1] = a > 0 ? ((value >> 8) & 0xff) * 255.0 / a : 0;
  rgba[2] = a > 0 ? (value & 0xff) * 255.0 / a : 0;
}

gboolean
chart_test_pixel_is (const double   rgba[4],
                     const GdkRGBA *color,
                     double         tolerance)
{
  return fabs (rgba[0] - color->red * 255) <= tolerance &&
         fabs (rgba[1] - color->green * 255) <= tolerance &&
         fabs (rgba[2] - color->blue * 255) <= tolerance &&
         fabs (rgba[3] - color->alpha * 255) <= tolerance;
}

guint
chart_test_count_pixels (cairo_surface_t *surface,
                         const GdkRGBA   *color)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  guint count = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double rgba[4];

        chart_test_pixel_rgba (surface, x, y, rgba);
        if (chart_test_pixel_is (rgba, color, 3))
          count++;
      }

  return count;
}

double
chart_test_color_distance (guint32        pixel,
                           const GdkRGBA *color)
{
  return fabs (((pixel >> 16) & 0xff) / 255.0 - color->red) +
         fabs (((pixel >> 8) & 0xff) / 255.0 - color->green) +
         fabs ((pixel & 0xff) / 255.0 - color->blue);
}

void
chart_test_assert_pixel (cairo_surface_t *surface,
                         double           x,
                         double           y,
                         const GdkRGBA   *color)
{
  guint32 pixel = chart_test_pixel (surface, (int) x, (int) y);
  double alpha = ((pixel >> 24) & 0xff) / 255.0;

  /* Premultiplied ARGB. */
  g_assert_cmpfloat (alpha, >, 0.99);
  chart_test_assert_close (((pixel >> 16) & 0xff) / 255.0, color->red, 2.0 / 255);
  chart_test_assert_close (((pixel >> 8) & 0xff) / 255.0, color->green, 2.0 / 255);
  chart_test_assert_close ((pixel & 0xff) / 255.0, color->blue, 2.0 / 255);
}
