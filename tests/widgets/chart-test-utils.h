/* chart-test-utils.h: what the chart tests share — themes, renders, layouts,
 * text boxes, ink and pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crrc-chart-draw.h"

G_BEGIN_DECLS

/* Sets the locale from the environment (warning when it is not available:
 * numbers are then in the C format), binds the program's translations to
 * the build's, and initialises GTest with @argc and @argv. */
void              chart_test_init                (int                *argc,
                                                  char             ***argv);

/* The three themes a chart is drawn in: on a light or a dark card on
 * screen, or on a white page or slide. */
typedef enum
{
  CHART_TEST_THEME_LIGHT,
  CHART_TEST_THEME_DARK,
  CHART_TEST_THEME_PRINT,
} ChartTestThemeKind;

/* Initialises @theme as @kind: the screen themes at a 13-pixel text size,
 * the print theme scaled to a page of @width × @height. Clear it with
 * crrc_chart_theme_clear(). */
void              chart_test_theme_init          (CrrcChartTheme     *theme,
                                                  ChartTestThemeKind  kind,
                                                  double              width,
                                                  double              height);
/* Returns the name of @kind, "light", "dark" or "print", for file names. */
const char       *chart_test_theme_name          (ChartTestThemeKind  kind);

/* Draws @model with @flags onto a new image surface of @width × @height,
 * over the colour of the card the screen themes sit on (white, or the dark
 * card's grey), and returns the surface. @hover is the hovered item, or -1;
 * @layout, when not NULL, receives the items and text boxes drawn. */
cairo_surface_t  *chart_test_render              (CrrcChartModel     *model,
                                                  int                 width,
                                                  int                 height,
                                                  ChartTestThemeKind  kind,
                                                  CrrcChartDrawFlags  flags,
                                                  int                 hover,
                                                  CrrcChartLayout    *layout);
/* Draws @model like chart_test_render(), nothing hovered, but over a
 * transparent surface, so that the alpha of every pixel is the chart's
 * own. */
cairo_surface_t  *chart_test_render_transparent  (CrrcChartModel     *model,
                                                  int                 width,
                                                  int                 height,
                                                  ChartTestThemeKind  kind,
                                                  CrrcChartDrawFlags  flags,
                                                  CrrcChartLayout    *layout);
/* Returns a new layout holding what drawing @model with @flags at
 * @width × @height, nothing hovered, puts where. */
CrrcChartLayout  *chart_test_layout_of           (CrrcChartModel     *model,
                                                  int                 width,
                                                  int                 height,
                                                  ChartTestThemeKind  kind,
                                                  CrrcChartDrawFlags  flags);
/* Writes @surface to the file named by @format and what follows it, with
 * ".png" added, in the temporary folder, to be looked at; the test fails if
 * it cannot be written. */
void              chart_test_save_png            (cairo_surface_t    *surface,
                                                  const char         *format,
                                                  ...) G_GNUC_PRINTF (2, 3);

/* Returns the item at @index of @layout; the test fails if there is none. */
CrrcChartItem    *chart_test_item_at             (CrrcChartLayout    *layout,
                                                  guint               index);
/* Sets @x and @y to the centre of @item's box. */
void              chart_test_centre_of           (CrrcChartItem      *item,
                                                  double             *x,
                                                  double             *y);
/* Returns the first text box of @layout whose text is @text, or NULL. */
CrrcChartTextBox *chart_test_find_text           (CrrcChartLayout    *layout,
                                                  const char         *text);
/* Returns whether a text box of @layout has @needle in its text. */
gboolean          chart_test_has_text_containing (CrrcChartLayout    *layout,
                                                  const char         *needle);

/* Fails the test if @a and @b differ by more than @tolerance. */
void              chart_test_assert_close        (double              a,
                                                  double              b,
                                                  double              tolerance);
/* Returns whether the boxes a and b overlap by more than @slack across and
 * down alike. */
gboolean          chart_test_boxes_overlap       (double ax, double ay, double aw, double ah,
                                                  double bx, double by, double bw, double bh,
                                                  double              slack);
/* Fails the test unless @layout has text boxes and every one lies within
 * @width × @height, give or take @tolerance. */
void              chart_test_assert_text_inside  (CrrcChartLayout    *layout,
                                                  double              width,
                                                  double              height,
                                                  double              tolerance);
/* Fails the test if two text boxes of @layout overlap by more than @slack.
 * With @rotated_strips, two boxes much taller than the thinnest one, with
 * the same top, pass as labels rotated by −45° when their right ends are at
 * least a line's height apart across their baselines. */
void              chart_test_assert_text_apart   (CrrcChartLayout    *layout,
                                                  double              slack,
                                                  gboolean            rotated_strips);
/* Fails the test unless drawing @model with @flags (but no background) at
 * @width × @height, the first item hovered, leaves some ink and all of it
 * within the drawing, give or take half a pixel. */
void              chart_test_assert_ink_inside   (CrrcChartModel     *model,
                                                  double              width,
                                                  double              height,
                                                  ChartTestThemeKind  kind,
                                                  CrrcChartDrawFlags  flags);

/* Returns the pixel of @surface at (@x, @y) as cairo stores it: ARGB,
 * premultiplied; an RGB24 surface's pixels are given opaque. */
guint32           chart_test_pixel               (cairo_surface_t    *surface,
                                                  int                 x,
                                                  int                 y);
/* Sets @rgba to the pixel of @surface at (@x, @y), unpremultiplied, with
 * components from 0 to 255; the test fails if the point is off the
 * surface. */
void              chart_test_pixel_rgba          (cairo_surface_t    *surface,
                                                  double              x,
                                                  double              y,
                                                  double              rgba[4]);
/* Returns whether every component of @rgba, as chart_test_pixel_rgba()
 * gives it, is within @tolerance (out of 255) of @color's. */
gboolean          chart_test_pixel_is            (const double        rgba[4],
                                                  const GdkRGBA      *color,
                                                  double              tolerance);
/* Returns how many pixels of @surface are @color, within 3 out of 255. */
guint             chart_test_count_pixels        (cairo_surface_t    *surface,
                                                  const GdkRGBA      *color);
/* Returns the sum of the differences between the red, green and blue of
 * @pixel, as chart_test_pixel() gives it, and those of @color, from 0 to 3. */
double            chart_test_color_distance      (guint32             pixel,
                                                  const GdkRGBA      *color);
/* Fails the test unless the pixel of @surface at (@x, @y) is opaque and
 * @color, within 2 out of 255 a component. */
void              chart_test_assert_pixel        (cairo_surface_t    *surface,
                                                  double              x,
                                                  double              y,
                                                  const GdkRGBA      *color);

G_END_DECLS
