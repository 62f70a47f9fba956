/* crrc-chart-kpi.c: a key figure tile
 *
 * The label (the model's title: the frame leaves it to the tile), the big
 * figure, its change against the previous period with an arrow coloured by
 * what a rise means, and a sparkline of the first series with its last
 * point marked. The whole tile is one item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-kpi"

#include "config.h"

#include <math.h>

#include "crrc-chart-draw-private.h"
#include "crrc-format.h"

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static const GdkRGBA *
change_color (CrrcChartContext *ctx,
              double            change)
{
  CrrcChartRiseMeaning meaning = crrc_chart_model_get_kpi_meaning (ctx->model);
  gboolean rise = change > 0;

  if (meaning == CRRC_CHART_RISE_NEUTRAL || change == 0)
    return &ctx->theme->dim;
  if (meaning == CRRC_CHART_RISE_BAD)
    return rise ? &ctx->theme->bad : &ctx->theme->good;
  return rise ? &ctx->theme->good : &ctx->theme->bad;
}

/* ▲ or ▼ (a flat bar when rounded to no change) of @size, its box at
 * (@x, @y). Drawn as a path so it needs no glyph in the font. */
static void
draw_arrow (cairo_t       *cr,
            double         change,
            const GdkRGBA *color,
            double         x,
            double         y,
            double         size)
{
  double h = size * 0.8;
  double top = y + (size - h) / 2;

  cairo_new_path (cr);
  if (change > 0)
    {
      cairo_move_to (cr, x + size / 2, top);
      cairo_line_to (cr, x + size, top + h);
      cairo_line_to (cr, x, top + h);
    }
  else if (change < 0)
    {
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x + size, top);
      cairo_line_to (cr, x + size / 2, top + h);
    }
  else
    cairo_rectangle (cr, x, y + size * 0.4, size, size * 0.2);
  cairo_close_path (cr);
  _crrc_chart_set_color (cr, color);
  cairo_fill (cr);
}

static void
draw_sparkline (CrrcChartContext *ctx,
                double            x,
                double            y,
                double            w,
                double            h,
                double            scale)
{
  CrrcChartModel *model = ctx->model;
  cairo_t *cr = ctx->cr;
  guint n = crrc_chart_model_get_n_categories (model);
  double unit = ctx->theme->text_size * scale / 13.0;
  double min = INFINITY, max = -INFINITY, point = 3 * unit;
  const GdkRGBA *color = &ctx->theme->accent;
  GdkRGBA fill;
  double first_x = 0, last_x = 0, last_y = 0;
  gboolean started = FALSE, have_first = FALSE;
  guint count = 0;

  if (n < 2 || crrc_chart_model_get_n_series (model) == 0)
    return;

  for (guint i = 0; i < n; i++)
    {
      double value = crrc_chart_model_get_value (model, 0, i);

      if (!isfinite (value))
        continue;
      min = MIN (min, value);
      max = MAX (max, value);
      count++;
    }
  if (count < 2)
    return;

  /* Room for the last point's dot inside the box. */
  x += point;
  w -= 2 * point;
  y += point;
  h -= 2 * point;
  if (w <= 0 || h <= 0)
    return;

  /* A flat series sits in the middle rather than on the floor. */
  if (max - min < 1e-9)
    {
      min -= 1;
      max += 1;
    }

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double value = crrc_chart_model_get_value (model, 0, i);
      double px, py;

      /* A gap in the data is a gap in the line. */
      if (!isfinite (value))
        {
          started = FALSE;
          continue;
        }
      px = x + w * i / (n - 1);
      py = y + h - h * (value - min) / (max - min);
      if (!started)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
      if (!have_first)
        first_x = px;
      have_first = TRUE;
      started = TRUE;
      last_x = px;
      last_y = py;
    }

  cairo_set_line_width (cr, 2 * unit);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  _crrc_chart_set_color (cr, color);
  cairo_stroke_preserve (cr);

  /* A light area under the line, down to the box's floor, when the line
   * has no gap. */
  if (count == n)
    {
      cairo_line_to (cr, last_x, y + h + point);
      cairo_line_to (cr, first_x, y + h + point);
      cairo_close_path (cr);
      fill = *color;
      fill.alpha *= 0.15;
      _crrc_chart_set_color (cr, &fill);
      cairo_fill (cr);
    }
  cairo_new_path (cr);

  /* The latest value, emphasised. */
  if (isfinite (crrc_chart_model_get_value (model, 0, n - 1)))
    {
      cairo_arc (cr, last_x, last_y, point * 1.3, 0, 2 * G_PI);
      _crrc_chart_set_color (cr, color);
      cairo_fill (cr);
    }
}

/* The layout of the tile's text at @scale × the theme's sizes. */
typedef struct
{
  PangoLayout *title;
  PangoLayout *figure;
  PangoLayout *change;
  PangoLayout *reference;
  double       text;      /* body text size */
  double       height;    /* of the text block */
} Block;

static void
block_clear (Block *block)
{
  g_clear_object (&block->title);
  g_clear_object (&block->figure);
  g_clear_object (&block->change);
  g_clear_object (&block->reference);
}

static void
block_init (CrrcChartContext *ctx,
            Block            *block,
            double            scale,
            double            w)
{
  CrrcChartModel *model = ctx->model;
  double text = ctx->theme->text_size * scale;
  double figure_px = _crrc_chart_text_px (ctx, CRRC_CHART_TEXT_FIGURE) * scale;
  const char *title = crrc_chart_model_get_title (model);
  const char *reference = crrc_chart_model_get_kpi_reference (model);
  double change = crrc_chart_model_get_kpi_change (model);
  g_autofree char *figure = crrc_chart_model_format_kpi_value (model);

  block->text = text;
  block->height = 0;

  if (title != NULL && title[0] != '\0')
    {
      block->title = _crrc_chart_text_layout_px (ctx, title, text, FALSE);
      block->height += layout_height (block->title);
    }

  /* The figure shrinks rather than being cut. */
  block->figure = _crrc_chart_text_layout_px (ctx, figure, figure_px, TRUE);
  if (layout_width (block->figure) > w)
    {
      double px = MAX (figure_px * w / layout_width (block->figure) * 0.98, 1);

      g_clear_object (&block->figure);
      block->figure = _crrc_chart_text_layout_px (ctx, figure, px, TRUE);
    }
  block->height += layout_height (block->figure);

  /* No change row without a previous value. */
  if (isfinite (crrc_chart_model_get_kpi_previous (model)) && isfinite (change))
    {
      g_autofree char *change_text = crrc_format_change (change, 1);

      block->change = _crrc_chart_text_layout_px (ctx, change_text, text, FALSE);
      if (reference != NULL && reference[0] != '\0')
        block->reference = _crrc_chart_text_layout_px (ctx, reference, text, FALSE);
      block->height += round (text * 0.3) + layout_height (block->change);
    }
}

void
_crrc_chart_draw_kpi (CrrcChartContext *ctx)
{
  CrrcChartModel *model = ctx->model;
  const CrrcChartTheme *theme = ctx->theme;
  double x = ctx->x, y = ctx->y, w = ctx->w, h = ctx->h;
  double change = crrc_chart_model_get_kpi_change (model);
  guint n_categories = crrc_chart_model_get_n_categories (model);
  double scale, text, cursor, spark_gap, spark_h;
  Block block = { 0 };
  GdkRGBA hover;

  /* The tile is one item: hovering it lightens its background. */
  _crrc_chart_add_item_rect (ctx, n_categories > 0 ? (int) n_categories - 1 : -1, 0,
                             x, y, w, h);
  if (_crrc_chart_is_hovered (ctx, ctx->layout->items->len - 1))
    {
      hover = theme->foreground;
      hover.alpha = 0.05;
      _crrc_chart_set_color (ctx->cr, &hover);
      cairo_rectangle (ctx->cr, x, y, w, h);
      cairo_fill (ctx->cr);
    }

  /* A tile as big as a slide writes bigger, up to three times. */
  scale = CLAMP (MIN (w / (theme->text_size * 24), h / (theme->text_size * 12)), 1.0, 3.0);
  block_init (ctx, &block, scale, w);
  text = block.text;

  /* The sparkline under the text, as tall as a third of the text block;
   * the whole centred vertically when there is room to spare. */
  spark_gap = round (text * 0.6);
  spark_h = MIN (h - block.height - spark_gap, MAX (text * 4, block.height * 0.8));
  if (spark_h < theme->text_size * 1.5 || n_categories < 2)
    spark_h = spark_gap = 0;
  cursor = y;
  if (scale > 1.0)
    cursor += MAX ((h - block.height - spark_gap - spark_h) / 2, 0);

  if (block.title != NULL)
    {
      _crrc_chart_show_layout (ctx, block.title, &theme->dim, x, cursor, w);
      cursor += layout_height (block.title);
    }

  _crrc_chart_show_layout (ctx, block.figure, &theme->foreground, x, cursor, w);
  cursor += layout_height (block.figure);

  if (block.change != NULL)
    {
      const GdkRGBA *color = change_color (ctx, change);
      double line = layout_height (block.change);
      double arrow = round (text * 0.75);
      double cx = x;

      cursor += round (text * 0.3);
      draw_arrow (ctx->cr, change, color, cx, cursor + (line - arrow) / 2, arrow);
      cx += arrow + round (text * 0.35);
      cx += _crrc_chart_show_layout (ctx, block.change, color, cx, cursor, MAX (x + w - cx, 1));
      if (block.reference != NULL && x + w - cx > text * 2)
        {
          cx += round (text * 0.4);
          _crrc_chart_show_layout (ctx, block.reference, &theme->dim, cx, cursor, x + w - cx);
        }
      cursor += line;
    }

  if (spark_h > 0)
    draw_sparkline (ctx, x, scale > 1.0 ? cursor + spark_gap : y + h - spark_h, w, spark_h,
                    scale);

  block_clear (&block);
}
