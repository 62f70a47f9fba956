/* crrc-chart-map.c: the department tile map
 *
 * One square per department (crrc-chart-map-layout.c places them), filled on
 * a sequential scale from the theme's low colour to its high colour, with the
 * department code — and the value when the tile is big enough — written on
 * it. A chosen region stands out with a strong outline while the other
 * tiles fade. A gradient bar with the extreme values and a "no data" swatch
 * explain the colours below the map.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-map"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "crrc-chart-draw-private.h"
#include "crrc-chart-map-layout.h"

/* How opaque the tiles outside the emphasised region are. */
#define FADED_ALPHA 0.4

/* OKLab (Björn Ottosson, 2020): mixing there keeps the steps of the scale
 * evenly spaced to the eye, where mixing sRGB values goes muddy in the
 * middle. */
typedef struct
{
  double l, a, b;
} Lab;

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
linear_to_srgb (double c)
{
  c = CLAMP (c, 0.0, 1.0);
  return c <= 0.0031308 ? c * 12.92 : 1.055 * pow (c, 1 / 2.4) - 0.055;
}

static Lab
rgba_to_oklab (const GdkRGBA *color)
{
  double r = srgb_to_linear (color->red);
  double g = srgb_to_linear (color->green);
  double b = srgb_to_linear (color->blue);
  double l = cbrt (0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  double m = cbrt (0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  double s = cbrt (0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);

  return (Lab) {
    0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s,
  };
}

static GdkRGBA
oklab_to_rgba (Lab    lab,
               double alpha)
{
  double l = lab.l + 0.3963377774 * lab.a + 0.2158037573 * lab.b;
  double m = lab.l - 0.1055613458 * lab.a - 0.0638541728 * lab.b;
  double s = lab.l - 0.0894841775 * lab.a - 1.2914855480 * lab.b;

  l = l * l * l;
  m = m * m * m;
  s = s * s * s;

  return (GdkRGBA) {
    linear_to_srgb (4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    linear_to_srgb (-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    linear_to_srgb (-0.0041960863 * l - 0.7034186168 * m + 1.7076147010 * s),
    alpha,
  };
}

/* The high end of the scale: the theme's (more is worse, or neutral), or
 * the colour of the data series' tone when it says more is good (maturity
 * scores: accent or success). */
static const GdkRGBA *
scale_high (CrrcChartContext *ctx)
{
  switch (crrc_chart_model_get_series_tone (ctx->model, 0))
    {
    case CRRC_CHART_TONE_GOOD:
      return &ctx->theme->good;
    case CRRC_CHART_TONE_ACCENT:
      return &ctx->theme->accent;
    case CRRC_CHART_TONE_AUTO:
    case CRRC_CHART_TONE_NEUTRAL:
    case CRRC_CHART_TONE_WARNING:
    case CRRC_CHART_TONE_BAD:
    default:
      return &ctx->theme->scale_high;
    }
}

static GdkRGBA
scale_color (CrrcChartContext *ctx,
             double            t)
{
  const CrrcChartTheme *theme = ctx->theme;
  const GdkRGBA *high_rgba = scale_high (ctx);
  Lab low = rgba_to_oklab (&theme->scale_low);
  Lab high = rgba_to_oklab (high_rgba);
  Lab mixed;

  /* A single-hue scale for a tone: from a pale tint of it (over a light
   * page, or a dark one when the text is light) to the tone itself. */
  if (high_rgba != &theme->scale_high)
    {
      Lab text = rgba_to_oklab (&theme->foreground);
      double page_l = text.l > 0.6 ? 0.25 : 0.97;

      low.l = page_l + (high.l - page_l) * 0.15;
      low.a = high.a * 0.15;
      low.b = high.b * 0.15;
    }

  t = CLAMP (t, 0.0, 1.0);
  mixed.l = low.l + (high.l - low.l) * t;
  mixed.a = low.a + (high.a - low.a) * t;
  mixed.b = low.b + (high.b - low.b) * t;

  return oklab_to_rgba (mixed, theme->scale_low.alpha +
                               (high_rgba->alpha - theme->scale_low.alpha) * t);
}

/* Black or white text, whichever reads better on an opaque @fill (WCAG
 * relative luminance). */
static GdkRGBA
contrasting_text (const GdkRGBA *fill)
{
  double y = 0.2126 * srgb_to_linear (fill->red) +
             0.7152 * srgb_to_linear (fill->green) +
             0.0722 * srgb_to_linear (fill->blue);

  /* The contrast ratios against white and against black cross at 0.179. */
  if (y > 0.179)
    return (GdkRGBA) { 0.0, 0.0, 0.0, 0.85 };

  return (GdkRGBA) { 1.0, 1.0, 1.0, 0.95 };
}

static int
first_data_series (CrrcChartModel *model)
{
  for (guint i = 0; i < crrc_chart_model_get_n_series (model); i++)
    {
      if (crrc_chart_model_get_series_role (model, i) == CRRC_CHART_SERIES_DATA)
        return (int) i;
    }

  return -1;
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
rounded_square (cairo_t *cr,
                double   x,
                double   y,
                double   size,
                double   radius)
{
  rounded_rectangle (cr, x, y, size, size, radius);
}

/* Text centred in a box, recorded like every other label. */
static void
draw_centred (CrrcChartContext *ctx,
              const char       *text,
              double            px,
              gboolean          bold,
              const GdkRGBA    *color,
              double            cx,
              double            top,
              double            max_width)
{
  g_autoptr(PangoLayout) layout = _crrc_chart_text_layout_px (ctx, text, px, bold);

  pango_layout_set_width (layout, (int) floor (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  _crrc_chart_show_layout (ctx, layout, color, cx - max_width / 2, top, 0);
}

static double
line_height (CrrcChartContext *ctx,
             double            px,
             gboolean          bold)
{
  g_autoptr(PangoLayout) layout = _crrc_chart_text_layout_px (ctx, "0", px, bold);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
text_width (CrrcChartContext *ctx,
            const char       *text,
            CrrcChartTextRole role)
{
  double width;

  _crrc_chart_text_size (ctx, text, role, &width, NULL);
  return width;
}

/* The colour scale: "min [gradient] max   [swatch] No data", centred under
 * the map. Returns nothing; the caller reserved @height. */
static void
draw_scale_legend (CrrcChartContext *ctx,
                   double            min,
                   double            max,
                   gboolean          has_values,
                   double            top,
                   double            height)
{
  cairo_t *cr = ctx->cr;
  const CrrcChartTheme *theme = ctx->theme;
  double px = _crrc_chart_text_px (ctx, CRRC_CHART_TEXT_SMALL);
  double gap = round (px * 0.5);
  double bar_height = round (px * 0.8);
  double no_data_width, min_width = 0, max_width = 0, bar_width = 0, total, x;
  g_autofree char *min_text = NULL;
  g_autofree char *max_text = NULL;
  const char *no_data = _("No data");
  double line = height;
  double swatch = bar_height;

  no_data_width = swatch + gap + text_width (ctx, no_data, CRRC_CHART_TEXT_SMALL);
  total = no_data_width;

  if (has_values)
    {
      min_text = crrc_chart_model_format_value (ctx->model, min);
      max_text = crrc_chart_model_format_value (ctx->model, max);
      min_width = text_width (ctx, min_text, CRRC_CHART_TEXT_SMALL);
      max_width = text_width (ctx, max_text, CRRC_CHART_TEXT_SMALL);
      bar_width = CLAMP (ctx->w * 0.3, px * 4, px * 14);
      total += min_width + max_width + bar_width + 2 * gap + 3 * gap;
      /* A narrow plot gets a shorter bar before anything is cut. */
      if (total > ctx->w)
        {
          bar_width = MAX (px * 2, bar_width - (total - ctx->w));
          total = no_data_width + min_width + max_width + bar_width + 5 * gap;
        }
    }

  x = ctx->x + MAX ((ctx->w - total) / 2, 0);

  if (has_values)
    {
      cairo_pattern_t *pattern;
      const guint steps = 16;

      _crrc_chart_draw_text (ctx, min_text, CRRC_CHART_TEXT_SMALL, &theme->dim,
                             x, top, 0, PANGO_ALIGN_LEFT);
      x += min_width + gap;

      pattern = cairo_pattern_create_linear (x, 0, x + bar_width, 0);
      for (guint i = 0; i <= steps; i++)
        {
          GdkRGBA color = scale_color (ctx, (double) i / steps);

          cairo_pattern_add_color_stop_rgba (pattern, (double) i / steps,
                                             color.red, color.green, color.blue, color.alpha);
        }
      rounded_rectangle (cr, x, top + (line - bar_height) / 2, bar_width, bar_height,
                         bar_height / 4);
      cairo_set_source (cr, pattern);
      cairo_fill (cr);
      cairo_pattern_destroy (pattern);
      x += bar_width + gap;

      _crrc_chart_draw_text (ctx, max_text, CRRC_CHART_TEXT_SMALL, &theme->dim,
                             x, top, 0, PANGO_ALIGN_LEFT);
      x += max_width + 3 * gap;
    }

  rounded_square (cr, x, top + (line - swatch) / 2, swatch, swatch / 5);
  _crrc_chart_set_color (cr, &theme->empty);
  cairo_fill_preserve (cr);
  _crrc_chart_set_color (cr, &theme->grid);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  x += swatch + gap;
  _crrc_chart_draw_text (ctx, no_data, CRRC_CHART_TEXT_SMALL, &theme->dim,
                         x, top, MAX (ctx->x + ctx->w - x, px), PANGO_ALIGN_LEFT);
}

typedef struct
{
  const CrrcChartMapTile *tile;
  int                     category;
  double                  value;
} Placed;

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b)
{
  const Placed *pa = a, *pb = b;

  if (pa->tile->row != pb->tile->row)
    return pa->tile->row < pb->tile->row ? -1 : 1;
  if (pa->tile->col != pb->tile->col)
    return pa->tile->col < pb->tile->col ? -1 : 1;
  return 0;
}

void
_crrc_chart_draw_map (CrrcChartContext *ctx)
{
  CrrcChartModel *model = ctx->model;
  const CrrcChartTheme *theme = ctx->theme;
  cairo_t *cr = ctx->cr;
  const CrrcChartMapTile *tiles;
  g_autofree Placed *placed = NULL;
  guint n_tiles, n_cols, n_rows;
  int series = first_data_series (model);
  double min = INFINITY, max = -INFINITY;
  gboolean emphasis = crrc_chart_model_has_emphasis (model);
  double small_px = _crrc_chart_text_px (ctx, CRRC_CHART_TEXT_SMALL);
  double legend_height, legend_gap, map_height, pitch, gap, side, radius;
  double origin_x, origin_y, code_px, value_px;
  gboolean show_code, show_value;

  tiles = _crrc_chart_map_layout_get (&n_tiles);
  _crrc_chart_map_layout_get_size (&n_cols, &n_rows);
  placed = g_new0 (Placed, n_tiles);

  for (guint i = 0; i < n_tiles; i++)
    {
      placed[i].tile = &tiles[i];
      placed[i].category = crrc_chart_model_find_category (model, tiles[i].code);
      placed[i].value = NAN;
      if (placed[i].category >= 0 && series >= 0)
        placed[i].value = crrc_chart_model_get_value (model, series, placed[i].category);
      if (isfinite (placed[i].value))
        {
          min = MIN (min, placed[i].value);
          max = MAX (max, placed[i].value);
        }
    }
  /* A fixed scale (scores out of 100, shares out of 1) runs from 0 to its
   * top, so equal values are not all drawn at full colour. */
  if (isfinite (crrc_chart_model_get_value_max (model)) && isfinite (min))
    {
      min = MIN (0, min);
      max = MAX (crrc_chart_model_get_value_max (model), max);
    }
  qsort (placed, n_tiles, sizeof *placed, compare_reading_order);

  /* The legend takes one line under the map; the map takes the rest, its
   * tiles square and the whole centred. */
  legend_height = line_height (ctx, small_px, FALSE);
  legend_gap = round (small_px * 0.8);
  map_height = MAX (ctx->h - legend_height - legend_gap, 0);
  pitch = floor (MIN (ctx->w / n_cols, map_height / n_rows) * 4) / 4;
  if (pitch <= 1)
    return;
  gap = MAX (1.0, round (pitch * 0.08));
  side = pitch - gap;
  radius = MIN (side * 0.12, theme->text_size * 0.3);
  origin_x = ctx->x + (ctx->w - (n_cols * pitch - gap)) / 2;
  origin_y = ctx->y + (ctx->h - (n_rows * pitch - gap + legend_gap + legend_height)) / 2;

  /* Labels only where they can be read: the code when it fits across the
   * tile at a legible size, the value under it on big tiles. */
  code_px = MIN (small_px, side * 0.34);
  show_code = code_px >= MAX (7.0, theme->text_size * 0.45);
  value_px = MIN (small_px * 0.9, side * 0.26);
  show_value = show_code && side >= (line_height (ctx, code_px, TRUE) +
                                     line_height (ctx, value_px, FALSE)) * 1.35 &&
               value_px >= MAX (7.0, theme->text_size * 0.4);

  for (guint i = 0; i < n_tiles; i++)
    {
      const Placed *p = &placed[i];
      double tx = origin_x + p->tile->col * pitch;
      double ty = origin_y + p->tile->row * pitch;
      gboolean has_value = isfinite (p->value);
      gboolean emphasised = emphasis && crrc_chart_model_is_emphasised (model, p->tile->code);
      gboolean faded = emphasis && !emphasised;
      GdkRGBA fill, text_color;
      guint item;

      if (has_value)
        fill = scale_color (ctx, max > min ? (p->value - min) / (max - min) : 1.0);
      else
        fill = theme->empty;

      if (has_value)
        text_color = contrasting_text (&fill);
      else
        text_color = theme->dim;

      rounded_square (cr, tx, ty, side, radius);
      item = _crrc_chart_add_item (ctx, p->category, p->category >= 0 ? series : -1);
      if (_crrc_chart_is_hovered (ctx, item))
        {
          fill = _crrc_chart_hover_color (ctx, &fill);
          if (has_value)
            text_color = contrasting_text (&fill);
        }
      if (faded)
        {
          fill.alpha *= FADED_ALPHA;
          text_color.alpha *= 0.7;
          /* On a faded tile the text sits on a mix of the tile and
           * whatever is behind: the theme's own text colour is safer. */
          if (has_value)
            text_color = theme->dim;
        }
      _crrc_chart_set_color (cr, &fill);
      cairo_fill (cr);

      if (emphasised)
        {
          double width = MAX (1.5, side * 0.07);

          rounded_square (cr, tx + width / 2, ty + width / 2, side - width,
                          MAX (radius - width / 2, 0));
          _crrc_chart_set_color (cr, &theme->foreground);
          cairo_set_line_width (cr, width);
          cairo_stroke (cr);
        }

      if (show_code)
        {
          double code_height = line_height (ctx, code_px, TRUE);
          double block = code_height;
          g_autofree char *value_text = NULL;

          if (show_value && has_value)
            {
              value_text = crrc_chart_model_format_value (model, p->value);
              block += line_height (ctx, value_px, FALSE);
            }

          draw_centred (ctx, p->tile->code, code_px, TRUE, &text_color,
                        tx + side / 2, ty + (side - block) / 2, side * 0.92);
          if (value_text != NULL)
            draw_centred (ctx, value_text, value_px, FALSE, &text_color,
                          tx + side / 2, ty + (side - block) / 2 + code_height, side * 0.92);
        }
    }

  draw_scale_legend (ctx, min, max, isfinite (min),
                     origin_y + n_rows * pitch - gap + legend_gap, legend_height);
}
