/* crrc-chart-bars.c: vertical and horizontal bars, grouped or stacked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-bars"

#include "config.h"

#include <math.h>

#include "crrc-chart-axis.h"
#include "crrc-chart-draw-private.h"

typedef struct
{
  CrrcChartContext  *ctx;
  CrrcChartModel    *model;
  CrrcChartStacking  stacking;
  guint              n_categories;
  guint             *series;     /* indices of the DATA series */
  guint              n_series;
  gboolean           show_values;
} Bars;

static double
line_height (CrrcChartContext  *ctx,
             CrrcChartTextRole  role)
{
  double width, height;

  _crrc_chart_text_size (ctx, "0", role, &width, &height);

  return height;
}

/* A value as it is stacked: NAN and negative values take no room. */
static double
bar_value (Bars  *bars,
           guint  series,
           guint  category)
{
  double value = crrc_chart_model_get_value (bars->model, bars->series[series], category);

  if (!isfinite (value))
    return NAN;

  return MAX (value, 0);
}

static double
stack_total (Bars  *bars,
             guint  category)
{
  double total = 0;

  for (guint s = 0; s < bars->n_series; s++)
    {
      double value = bar_value (bars, s, category);

      if (isfinite (value))
        total += value;
    }

  return total;
}

/* The largest value the axis must reach. */
static double
bars_max (Bars *bars)
{
  double max = 0;

  for (guint c = 0; c < bars->n_categories; c++)
    {
      if (bars->stacking == CRRC_CHART_GROUPED)
        {
          for (guint s = 0; s < bars->n_series; s++)
            {
              double value = bar_value (bars, s, c);

              if (isfinite (value))
                max = MAX (max, value);
            }
        }
      else
        {
          max = MAX (max, stack_total (bars, c));
        }
    }

  return max;
}

/* The label at the end of a bar: its value, or a stack's total. */
static char *
end_label (Bars  *bars,
           guint  category,
           guint  series)
{
  double value;

  if (bars->stacking == CRRC_CHART_GROUPED)
    value = bar_value (bars, series, category);
  else if (crrc_chart_model_has_suppressed (bars->model, (int) category))
    /* The total of the values shown is not the category's total. */
    value = NAN;
  else
    value = stack_total (bars, category);

  if (!isfinite (value))
    return NULL;

  return crrc_chart_model_format_value (bars->model, value);
}

static double
widest_end_label (Bars *bars)
{
  double widest = 0;

  for (guint c = 0; c < bars->n_categories; c++)
    {
      g_autofree char *text = end_label (bars, c, 0);
      double width, height;

      if (text == NULL)
        continue;
      _crrc_chart_text_size (bars->ctx, text, CRRC_CHART_TEXT_SMALL, &width, &height);
      widest = MAX (widest, ceil (width));
    }

  return widest;
}

/* Fill a bar segment and record it as an item. */
static void
draw_segment (Bars   *bars,
              guint   category,
              guint   series,
              double  x,
              double  y,
              double  width,
              double  height)
{
  CrrcChartContext *ctx = bars->ctx;
  const GdkRGBA *color = _crrc_chart_series_color (ctx, bars->series[series]);
  guint item;

  item = _crrc_chart_add_item_rect (ctx, category, bars->series[series],
                                    x, y, width, height);
  if (_crrc_chart_is_hovered (ctx, item))
    {
      GdkRGBA hover = _crrc_chart_hover_color (ctx, color);

      _crrc_chart_set_color (ctx->cr, &hover);
    }
  else
    {
      _crrc_chart_set_color (ctx->cr, color);
    }

  cairo_rectangle (ctx->cr, x, y, width, height);
  cairo_fill (ctx->cr);
}

/* Along the value axis, the segments of a category: start and length of
 * each as a fraction of the axis, NAN for those not drawn. */
static void
category_segments (Bars   *bars,
                   guint   category,
                   double  top,
                   double *start,
                   double *length)
{
  double total = stack_total (bars, category);
  double base = 0;

  for (guint s = 0; s < bars->n_series; s++)
    {
      double value = bar_value (bars, s, category);

      start[s] = length[s] = NAN;
      if (!isfinite (value))
        continue;

      if (bars->stacking == CRRC_CHART_GROUPED)
        {
          start[s] = 0;
          length[s] = value / top;
          continue;
        }

      if (value <= 0)
        continue;

      if (bars->stacking == CRRC_CHART_PERCENT)
        value = total > 0 ? value / total * 100 : 0;

      start[s] = base / top;
      length[s] = value / top;
      base += value;
    }
}

static void
draw_vertical (Bars                       *bars,
               const CrrcChartLegendEntry *entries,
               guint                       n_entries)
{
  CrrcChartContext *ctx = bars->ctx;
  CrrcChartCartesian frame;
  double th = line_height (ctx, CRRC_CHART_TEXT_SMALL);
  double gap = _crrc_chart_axis_gap (ctx);
  g_autofree double *start = g_new (double, bars->n_series);
  g_autofree double *length = g_new (double, bars->n_series);
  double group, bar_width, inner_gap;
  gboolean show_values = bars->show_values;

  _crrc_chart_cartesian_draw_frame (ctx, &frame, bars_max (bars),
                                    bars->stacking == CRRC_CHART_PERCENT,
                                    entries, n_entries,
                                    show_values ? th + gap / 2 : 0);

  group = MIN (frame.categories.slot * (bars->n_series > 1 ? 0.8 : 0.66),
               ctx->theme->text_size * (bars->n_series > 1 ? 2.5 * bars->n_series : 5));
  inner_gap = bars->stacking == CRRC_CHART_GROUPED && bars->n_series > 1 ?
              MIN (ctx->theme->text_size / 6, group / bars->n_series / 4) : 0;
  bar_width = bars->stacking == CRRC_CHART_GROUPED ?
              (group - inner_gap * (bars->n_series - 1)) / bars->n_series : group;

  if (show_values && widest_end_label (bars) > frame.categories.slot - gap / 2)
    show_values = FALSE;

  for (guint c = 0; c < bars->n_categories; c++)
    {
      double x0 = frame.plot_x + c * frame.categories.slot +
                  (frame.categories.slot - group) / 2;
      double bottom = frame.plot_y + frame.plot_h;
      double label_top = bottom;

      category_segments (bars, c, frame.values.top, start, length);

      for (guint s = 0; s < bars->n_series; s++)
        {
          double x = x0;
          double y, height;

          if (!isfinite (length[s]))
            continue;

          if (bars->stacking == CRRC_CHART_GROUPED)
            x += s * (bar_width + inner_gap);

          height = length[s] * frame.plot_h;
          y = bottom - (start[s] * frame.plot_h) - height;
          draw_segment (bars, c, s, x, y, bar_width, height);
          label_top = MIN (label_top, y);
        }

      if (show_values)
        {
          g_autofree char *text = end_label (bars, c, 0);

          if (text != NULL)
            _crrc_chart_draw_text (ctx, text, CRRC_CHART_TEXT_SMALL,
                                   &ctx->theme->foreground,
                                   frame.plot_x + c * frame.categories.slot,
                                   label_top - th - gap / 4,
                                   frame.categories.slot, PANGO_ALIGN_CENTER);
        }
    }
}

static void
draw_horizontal (Bars                       *bars,
                 const CrrcChartLegendEntry *entries,
                 guint                       n_entries)
{
  CrrcChartContext *ctx = bars->ctx;
  CrrcChartValueAxis axis;
  double th_small = line_height (ctx, CRRC_CHART_TEXT_SMALL);
  double th = line_height (ctx, CRRC_CHART_TEXT_BODY);
  double gap = _crrc_chart_axis_gap (ctx);
  double top = ctx->y;
  double bottom = ctx->y + ctx->h;
  double label_w = 0, value_w = 0;
  double plot_x, plot_y, plot_w, plot_h, row, thickness, bar_width, inner_gap;
  g_autofree double *start = g_new (double, bars->n_series);
  g_autofree double *length = g_new (double, bars->n_series);
  CrrcChartTextRole role = CRRC_CHART_TEXT_BODY;
  guint stride = 1;

  if (n_entries > 0)
    top += _crrc_chart_draw_legend (ctx, entries, n_entries, ctx->x, ctx->y,
                                    ctx->w, FALSE) + th_small;

  for (guint c = 0; c < bars->n_categories; c++)
    {
      const char *label = crrc_chart_model_get_category_label (bars->model, c);
      double width, height;

      _crrc_chart_text_size (ctx, label, CRRC_CHART_TEXT_BODY, &width, &height);
      label_w = MAX (label_w, ceil (width));
    }
  label_w = MIN (label_w, ctx->w * 0.38);

  if (bars->show_values)
    value_w = widest_end_label (bars) + gap;

  /* The value axis runs along the bottom, its labels below the plot. */
  plot_h = bottom - top - th_small - gap;
  plot_x = ctx->x + label_w + gap;
  plot_w = ctx->x + ctx->w - plot_x - value_w;
  _crrc_chart_value_axis_init (ctx, &axis, bars_max (bars), plot_w, FALSE,
                               bars->stacking == CRRC_CHART_PERCENT);
  plot_x = MAX (plot_x, ctx->x + axis.label_width / 2 + 1);
  plot_w = ctx->x + ctx->w - plot_x - MAX (value_w, axis.label_width / 2 + 1);
  plot_w = MAX (plot_w, 1);
  plot_y = top;
  plot_h = MAX (plot_h, 1);

  _crrc_chart_value_axis_draw (ctx, &axis, FALSE, plot_x, plot_y, plot_w, plot_h);

  /* Crowded rows take smaller labels, then every other one. */
  row = bars->n_categories > 0 ? plot_h / bars->n_categories : plot_h;
  if (row < th)
    {
      role = CRRC_CHART_TEXT_SMALL;
      th = th_small;
    }
  while (row * stride < th && stride < bars->n_categories)
    stride++;

  thickness = MIN (row * 0.7, th * (bars->n_series > 1 &&
                                    bars->stacking == CRRC_CHART_GROUPED ?
                                    1.2 * bars->n_series : 1.8));
  inner_gap = bars->stacking == CRRC_CHART_GROUPED && bars->n_series > 1 ?
              MIN (ctx->theme->text_size / 8, thickness / bars->n_series / 4) : 0;
  bar_width = bars->stacking == CRRC_CHART_GROUPED ?
              (thickness - inner_gap * (bars->n_series - 1)) / bars->n_series :
              thickness;

  for (guint c = 0; c < bars->n_categories; c++)
    {
      double cy = plot_y + (c + 0.5) * row;
      double y0 = cy - thickness / 2;
      double end = plot_x;

      category_segments (bars, c, axis.top, start, length);

      for (guint s = 0; s < bars->n_series; s++)
        {
          double y = y0;
          double x, width;

          if (!isfinite (length[s]))
            continue;

          if (bars->stacking == CRRC_CHART_GROUPED)
            y += s * (bar_width + inner_gap);

          x = plot_x + start[s] * plot_w;
          width = length[s] * plot_w;
          draw_segment (bars, c, s, x, y, width, bar_width);
          end = MAX (end, x + width);
        }

      if (c % stride != 0)
        continue;

      _crrc_chart_draw_text (ctx, crrc_chart_model_get_category_label (bars->model, c),
                             role, &ctx->theme->foreground,
                             ctx->x, cy - th / 2, label_w, PANGO_ALIGN_LEFT);

      if (bars->show_values && stride == 1)
        {
          g_autofree char *text = end_label (bars, c, 0);

          if (text != NULL)
            _crrc_chart_draw_text (ctx, text, CRRC_CHART_TEXT_SMALL,
                                   &ctx->theme->foreground,
                                   end + gap / 2, cy - th_small / 2,
                                   value_w, PANGO_ALIGN_LEFT);
        }
    }
}

void
_crrc_chart_draw_bars (CrrcChartContext *ctx)
{
  Bars bars = { 0, };
  guint n_series = crrc_chart_model_get_n_series (ctx->model);
  g_autofree guint *series = g_new0 (guint, MAX (n_series, 1));
  g_autofree CrrcChartLegendEntry *entries = g_new0 (CrrcChartLegendEntry, MAX (n_series, 1));
  guint n_entries = 0;

  bars.ctx = ctx;
  bars.model = ctx->model;
  bars.stacking = crrc_chart_model_get_stacking (ctx->model);
  bars.n_categories = crrc_chart_model_get_n_categories (ctx->model);
  bars.series = series;

  for (guint i = 0; i < n_series; i++)
    if (crrc_chart_model_get_series_role (ctx->model, i) == CRRC_CHART_SERIES_DATA)
      series[bars.n_series++] = i;

  if (bars.n_series == 0 || bars.n_categories == 0)
    return;

  if (bars.n_series > 1)
    {
      for (guint s = 0; s < bars.n_series; s++)
        {
          entries[s].label = crrc_chart_model_get_series_name (ctx->model, series[s]);
          entries[s].color = _crrc_chart_series_color (ctx, series[s]);
          entries[s].style = CRRC_CHART_LEGEND_SWATCH;
        }
      n_entries = bars.n_series;
    }

  /* One label per bar: the value of a single series, a stack's total. */
  bars.show_values = bars.n_series == 1 || bars.stacking == CRRC_CHART_STACKED;

  if (crrc_chart_model_get_orientation (ctx->model) == CRRC_CHART_HORIZONTAL)
    draw_horizontal (&bars, entries, n_entries);
  else
    draw_vertical (&bars, entries, n_entries);
}
