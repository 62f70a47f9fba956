/* crrc-chart-axis.c: value and category axes shared by bars and lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-axis"

#include "config.h"

#include <math.h>

#include "crrc-chart-axis.h"
#include "crrc-format.h"

#define SIN_45 0.70710678118654752

static double
line_height (CrrcChartContext  *ctx,
             CrrcChartTextRole  role)
{
  double width, height;

  _crrc_chart_text_size (ctx, "0", role, &width, &height);

  return height;
}

double
_crrc_chart_axis_gap (CrrcChartContext *ctx)
{
  return round (ctx->theme->text_size * 0.5);
}

guint
_crrc_chart_count_data_series (CrrcChartModel *model)
{
  guint n_series = crrc_chart_model_get_n_series (model);
  guint n = 0;

  for (guint i = 0; i < n_series; i++)
    if (crrc_chart_model_get_series_role (model, i) == CRRC_CHART_SERIES_DATA)
      n++;

  return n;
}

static guint
decimals_of (double step)
{
  guint decimals = 0;

  while (decimals < 4)
    {
      double scaled = step * pow (10, decimals);

      if (fabs (scaled - round (scaled)) < 1e-6 * MAX (1.0, scaled))
        break;
      decimals++;
    }

  return decimals;
}

char *
_crrc_chart_value_axis_format (CrrcChartContext   *ctx,
                               CrrcChartValueAxis *axis,
                               double              value)
{
  (void) ctx;

  if (axis->percent)
    return crrc_format_percent (value, axis->decimals);
  if (axis->decimals == 0)
    return crrc_format_count ((gint64) llround (value));

  return crrc_format_decimal (value, axis->decimals);
}

static void
compute_ticks (CrrcChartContext   *ctx,
               CrrcChartValueAxis *axis,
               double              max,
               guint               max_ticks,
               gboolean            percent_stack)
{
  CrrcChartUnit unit = crrc_chart_model_get_unit (ctx->model);
  gboolean integers = !percent_stack && unit == CRRC_CHART_UNIT_COUNT;

  if (percent_stack)
    max = 100;

  axis->n_steps = _crrc_chart_nice_ticks (max, MAX (max_ticks, 1), integers,
                                          &axis->step, &axis->top);
  if (axis->n_steps == 0 || !(axis->top > 0) || !(axis->step > 0))
    {
      axis->step = integers ? 1 : max;
      axis->top = axis->step;
      axis->n_steps = 1;
    }
  axis->decimals = integers ? 0 : decimals_of (axis->step);

  axis->label_width = 0;
  axis->label_height = line_height (ctx, CRRC_CHART_TEXT_SMALL);
  for (guint i = 0; i <= axis->n_steps; i++)
    {
      g_autofree char *text = _crrc_chart_value_axis_format (ctx, axis, axis->step * i);
      double width, height;

      _crrc_chart_text_size (ctx, text, CRRC_CHART_TEXT_SMALL, &width, &height);
      axis->label_width = MAX (axis->label_width, ceil (width));
    }
}

void
_crrc_chart_value_axis_init (CrrcChartContext   *ctx,
                             CrrcChartValueAxis *axis,
                             double              max,
                             double              length,
                             gboolean            vertical,
                             gboolean            percent_stack)
{
  double value_max = crrc_chart_model_get_value_max (ctx->model);
  double th = line_height (ctx, CRRC_CHART_TEXT_SMALL);
  guint max_ticks;

  axis->percent = percent_stack ||
                  crrc_chart_model_get_unit (ctx->model) == CRRC_CHART_UNIT_PERCENT;

  if (!percent_stack && isfinite (value_max) && value_max > 0)
    max = MAX (max, value_max);
  if (!isfinite (max) || max <= 0)
    max = 1;

  max_ticks = (guint) CLAMP (floor (length / (th * 3)), 1, 6);
  compute_ticks (ctx, axis, max, max_ticks, percent_stack);

  /* Across the plot, tick labels need their own width and some air. */
  while (!vertical && max_ticks > 1 &&
         length / axis->n_steps < axis->label_width + 2 * th)
    {
      max_ticks--;
      compute_ticks (ctx, axis, max, max_ticks, percent_stack);
    }
}

static double
grid_line_width (CrrcChartContext *ctx)
{
  return MAX (1.0, round (ctx->theme->text_size / 13.0));
}

/* Lines one unit wide are crisp on pixel centres. */
static double
snap (double coordinate,
      double line_width)
{
  if (((int) line_width) % 2 == 1)
    return floor (coordinate) + 0.5;

  return round (coordinate);
}

void
_crrc_chart_value_axis_draw (CrrcChartContext   *ctx,
                             CrrcChartValueAxis *axis,
                             gboolean            vertical,
                             double              plot_x,
                             double              plot_y,
                             double              plot_w,
                             double              plot_h)
{
  cairo_t *cr = ctx->cr;
  double lw = grid_line_width (ctx);
  double gap = _crrc_chart_axis_gap (ctx);
  double th = axis->label_height;
  GdkRGBA baseline = _crrc_chart_mix (&ctx->theme->grid, &ctx->theme->dim, 0.5);

  cairo_save (cr);
  cairo_set_line_width (cr, lw);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  for (guint i = 0; i <= axis->n_steps; i++)
    {
      g_autofree char *text = _crrc_chart_value_axis_format (ctx, axis, axis->step * i);
      double fraction = (double) i / axis->n_steps;

      _crrc_chart_set_color (cr, i == 0 ? &baseline : &ctx->theme->grid);

      if (vertical)
        {
          double y = snap (plot_y + plot_h - fraction * plot_h, lw);

          cairo_move_to (cr, plot_x, y);
          cairo_line_to (cr, plot_x + plot_w, y);
          cairo_stroke (cr);
          _crrc_chart_draw_text (ctx, text, CRRC_CHART_TEXT_SMALL, &ctx->theme->dim,
                                 plot_x - gap - axis->label_width - 1, y - th / 2,
                                 axis->label_width + 1, PANGO_ALIGN_RIGHT);
        }
      else
        {
          double x = snap (plot_x + fraction * plot_w, lw);

          cairo_move_to (cr, x, plot_y);
          cairo_line_to (cr, x, plot_y + plot_h);
          cairo_stroke (cr);
          _crrc_chart_draw_text (ctx, text, CRRC_CHART_TEXT_SMALL, &ctx->theme->dim,
                                 x - axis->label_width / 2 - 1, plot_y + plot_h + gap,
                                 axis->label_width + 2, PANGO_ALIGN_CENTER);
        }
    }

  cairo_restore (cr);
}

void
_crrc_chart_category_axis_fit (CrrcChartContext      *ctx,
                               CrrcChartCategoryAxis *axis,
                               double                 plot_w,
                               double                 max_height)
{
  double th = line_height (ctx, CRRC_CHART_TEXT_SMALL);
  double gap = _crrc_chart_axis_gap (ctx);
  double widest = 0;

  axis->n = crrc_chart_model_get_n_categories (ctx->model);
  axis->slot = axis->n > 0 ? plot_w / axis->n : plot_w;
  axis->stride = 1;
  axis->rotated = FALSE;

  for (guint i = 0; i < axis->n; i++)
    {
      const char *label = crrc_chart_model_get_category_label (ctx->model, i);
      double width, height;

      _crrc_chart_text_size (ctx, label, CRRC_CHART_TEXT_SMALL, &width, &height);
      widest = MAX (widest, width);
    }

  axis->max_length = widest;
  axis->height = th;

  if (widest + gap <= axis->slot)
    return;

  /* Rotated labels run parallel: a slot apart along the axis, they are
   * slot × sin 45° apart across their baselines. */
  axis->rotated = TRUE;
  while (axis->slot * axis->stride * SIN_45 < th * 1.15 && axis->stride < axis->n)
    axis->stride++;

  axis->max_length = MIN (widest, (max_height - th * SIN_45) / SIN_45);
  axis->max_length = MAX (axis->max_length, th * 2);
  axis->height = ceil ((axis->max_length + th) * SIN_45);
}

void
_crrc_chart_category_axis_draw (CrrcChartContext      *ctx,
                                CrrcChartCategoryAxis *axis,
                                double                 plot_x,
                                double                 y)
{
  double th = line_height (ctx, CRRC_CHART_TEXT_SMALL);
  double gap = _crrc_chart_axis_gap (ctx);

  for (guint i = 0; i < axis->n; i += axis->stride)
    {
      const char *label = crrc_chart_model_get_category_label (ctx->model, i);
      double cx = plot_x + (i + 0.5) * axis->slot;

      if (!axis->rotated)
        {
          _crrc_chart_draw_text (ctx, label, CRRC_CHART_TEXT_SMALL, &ctx->theme->dim,
                                 cx - (axis->slot - gap) / 2, y, axis->slot - gap,
                                 PANGO_ALIGN_CENTER);
        }
      else
        {
          /* The text runs down to the left from its end, which is centred
           * on the category: keep it right of the chart's left edge, and
           * its top corner at @y. */
          double room = (cx - ctx->x) / SIN_45 - th / 2 - 1;
          double length = MIN (axis->max_length, room);

          if (length < th)
            continue;

          _crrc_chart_draw_text_rotated (ctx, label, CRRC_CHART_TEXT_SMALL,
                                         &ctx->theme->dim, cx, y + th * SIN_45 / 2,
                                         -G_PI / 4, length);
        }
    }
}

void
_crrc_chart_cartesian_draw_frame (CrrcChartContext           *ctx,
                                  CrrcChartCartesian         *frame,
                                  double                      max,
                                  gboolean                    percent_stack,
                                  const CrrcChartLegendEntry *entries,
                                  guint                       n_entries,
                                  double                      headroom)
{
  double th = line_height (ctx, CRRC_CHART_TEXT_SMALL);
  double gap = _crrc_chart_axis_gap (ctx);
  double top = ctx->y;
  double bottom = ctx->y + ctx->h;
  double label_gap = MAX (gap, th / 2 + 2);
  double plot_h_guess;

  if (n_entries > 0)
    {
      double legend_h = _crrc_chart_draw_legend (ctx, entries, n_entries,
                                                 ctx->x, ctx->y, ctx->w, FALSE);

      top += legend_h + th;
    }

  top += MAX (th / 2, headroom);

  /* Tick labels, plot width and category labels depend on each other:
   * settle them in two rounds. */
  plot_h_guess = bottom - top - th - label_gap;
  for (int round = 0; round < 2; round++)
    {
      _crrc_chart_value_axis_init (ctx, &frame->values, max, MAX (plot_h_guess, th),
                                   TRUE, percent_stack);

      frame->plot_x = ctx->x + frame->values.label_width + gap;
      frame->plot_w = MAX (ctx->x + ctx->w - frame->plot_x, 1);
      _crrc_chart_category_axis_fit (ctx, &frame->categories, frame->plot_w,
                                     (bottom - top) * 0.4);

      /* Rotated labels run left of their category: give the first one
       * some room, up to a fifth of the width. */
      if (frame->categories.rotated)
        {
          double needed = SIN_45 * (frame->categories.max_length + th / 2) -
                          frame->categories.slot / 2 + 1;
          double extra = MIN (needed, ctx->w * 0.2) - (frame->plot_x - ctx->x);

          if (extra > 0)
            {
              frame->plot_x += extra;
              frame->plot_w = MAX (frame->plot_w - extra, 1);
              _crrc_chart_category_axis_fit (ctx, &frame->categories, frame->plot_w,
                                             (bottom - top) * 0.4);
            }
        }
      plot_h_guess = bottom - top - frame->categories.height - label_gap;
    }

  frame->plot_y = top;
  frame->plot_h = MAX (plot_h_guess, 1);

  _crrc_chart_value_axis_draw (ctx, &frame->values, TRUE,
                               frame->plot_x, frame->plot_y,
                               frame->plot_w, frame->plot_h);
  _crrc_chart_category_axis_draw (ctx, &frame->categories, frame->plot_x,
                                  frame->plot_y + frame->plot_h + label_gap);
}
