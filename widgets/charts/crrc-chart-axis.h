/* crrc-chart-axis.h: value and category axes shared by bars and lines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crrc-chart-draw-private.h"

G_BEGIN_DECLS

/* A value axis from 0 to @top in @n_steps round steps. */
typedef struct
{
  double   top;
  double   step;
  guint    n_steps;
  guint    decimals;      /* digits of the tick labels */
  gboolean percent;       /* tick labels read "35 %" */
  double   label_width;   /* widest tick label */
  double   label_height;
} CrrcChartValueAxis;

/* Ticks for values up to @max along @length user units (up the plot when
 * @vertical, across it otherwise); @percent_stack makes a 0–100 % axis. */
void   _crrc_chart_value_axis_init      (CrrcChartContext   *ctx,
                                         CrrcChartValueAxis *axis,
                                         double              max,
                                         double              length,
                                         gboolean            vertical,
                                         gboolean            percent_stack);
char  *_crrc_chart_value_axis_format    (CrrcChartContext   *ctx,
                                         CrrcChartValueAxis *axis,
                                         double              value);
/* Grid lines across the plot rectangle and tick labels: at the left of
 * @plot_x for a vertical axis, below @plot_y + @plot_h for a horizontal one. */
void   _crrc_chart_value_axis_draw      (CrrcChartContext   *ctx,
                                         CrrcChartValueAxis *axis,
                                         gboolean            vertical,
                                         double              plot_x,
                                         double              plot_y,
                                         double              plot_w,
                                         double              plot_h);
/* Gap between tick labels and the plot. */
double _crrc_chart_axis_gap             (CrrcChartContext   *ctx);

/* Category labels under a horizontal axis: straight, or rotated by −45°
 * and ellipsised, and every @stride-th one only when even that is crowded. */
typedef struct
{
  guint    n;
  double   slot;          /* width of a category */
  gboolean rotated;
  guint    stride;
  double   max_length;    /* longest label along its baseline */
  double   height;        /* room the labels take below the axis */
} CrrcChartCategoryAxis;

void   _crrc_chart_category_axis_fit    (CrrcChartContext      *ctx,
                                         CrrcChartCategoryAxis *axis,
                                         double                 plot_w,
                                         double                 max_height);
/* Labels under the axis at @y; category i is centred on
 * @plot_x + (i + 0.5) × slot. Nothing is drawn left of ctx->x. */
void   _crrc_chart_category_axis_draw   (CrrcChartContext      *ctx,
                                         CrrcChartCategoryAxis *axis,
                                         double                 plot_x,
                                         double                 y);

/* The frame shared by vertical bars and lines: a legend on top (when
 * @n_entries > 0), the value axis at the left, the categories below. */
typedef struct
{
  CrrcChartValueAxis    values;
  CrrcChartCategoryAxis categories;
  double                plot_x, plot_y, plot_w, plot_h;
} CrrcChartCartesian;

/* Lays out and draws the legend, the grid, tick and category labels;
 * @headroom is room kept above the plot (for value labels). */
void   _crrc_chart_cartesian_draw_frame (CrrcChartContext           *ctx,
                                         CrrcChartCartesian         *frame,
                                         double                      max,
                                         gboolean                    percent_stack,
                                         const CrrcChartLegendEntry *entries,
                                         guint                       n_entries,
                                         double                      headroom);

/* The number of DATA series of the model. */
guint  _crrc_chart_count_data_series    (CrrcChartModel             *model);

G_END_DECLS
