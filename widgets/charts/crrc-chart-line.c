/* crrc-chart-line.c: lines (and areas) over ordered categories
 *
 * Reference series (the previous year) are drawn first, behind, as muted
 * areas; data series on top as lines with round points, one item each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-line"

#include "config.h"

#include <math.h>

#include "crrc-chart-axis.h"
#include "crrc-chart-draw-private.h"

typedef struct
{
  CrrcChartContext   *ctx;
  CrrcChartCartesian  frame;
} Line;

static double
point_x (Line  *line,
         guint  category)
{
  return line->frame.plot_x + (category + 0.5) * line->frame.categories.slot;
}

static double
point_y (Line   *line,
         double  value)
{
  double fraction = MAX (value, 0) / line->frame.values.top;

  return line->frame.plot_y + line->frame.plot_h * (1 - MIN (fraction, 1));
}

/* Append the runs of finite values of @series to the path: a line through
 * them, or closed areas down to the axis when @area. */
static void
append_runs (Line     *line,
             guint     series,
             gboolean  area)
{
  CrrcChartModel *model = line->ctx->model;
  cairo_t *cr = line->ctx->cr;
  guint n = crrc_chart_model_get_n_categories (model);
  double bottom = line->frame.plot_y + line->frame.plot_h;
  guint c = 0;

  while (c < n)
    {
      guint first, last;

      while (c < n && !isfinite (crrc_chart_model_get_value (model, series, c)))
        c++;
      if (c == n)
        break;

      first = c;
      while (c < n && isfinite (crrc_chart_model_get_value (model, series, c)))
        c++;
      last = c - 1;

      if (area)
        cairo_move_to (cr, point_x (line, first), bottom);
      for (guint i = first; i <= last; i++)
        {
          double y = point_y (line, crrc_chart_model_get_value (model, series, i));

          if (i == first && !area)
            cairo_move_to (cr, point_x (line, i), y);
          else
            cairo_line_to (cr, point_x (line, i), y);
        }
      if (area)
        {
          cairo_line_to (cr, point_x (line, last), bottom);
          cairo_close_path (cr);
        }
    }
}

static double
series_max (CrrcChartModel *model)
{
  guint n_series = crrc_chart_model_get_n_series (model);
  guint n = crrc_chart_model_get_n_categories (model);
  double max = 0;

  for (guint s = 0; s < n_series; s++)
    for (guint c = 0; c < n; c++)
      {
        double value = crrc_chart_model_get_value (model, s, c);

        if (isfinite (value))
          max = MAX (max, value);
      }

  return max;
}

void
_crrc_chart_draw_line (CrrcChartContext *ctx)
{
  CrrcChartModel *model = ctx->model;
  cairo_t *cr = ctx->cr;
  Line line = { ctx, };
  guint n_series = crrc_chart_model_get_n_series (model);
  guint n = crrc_chart_model_get_n_categories (model);
  g_autofree CrrcChartLegendEntry *entries = g_new0 (CrrcChartLegendEntry, MAX (n_series, 1));
  g_autofree int *items = NULL;
  double size = ctx->theme->text_size;
  double line_width = MAX (1.5, size * 0.17);
  double radius = MAX (3, size * 0.28);
  double hit_radius = MAX (8, size / 2);
  gboolean area = crrc_chart_model_get_area (model);
  gboolean show_points;
  guint n_entries = 0;

  if (n == 0 || n_series == 0)
    return;

  /* Data series in the legend first, the reference after them. */
  for (int pass = 0; pass < 2; pass++)
    for (guint s = 0; s < n_series; s++)
      {
        CrrcChartSeriesRole role = crrc_chart_model_get_series_role (model, s);

        if ((pass == 0) != (role == CRRC_CHART_SERIES_DATA) ||
            (role != CRRC_CHART_SERIES_DATA && role != CRRC_CHART_SERIES_REFERENCE))
          continue;

        entries[n_entries].label = crrc_chart_model_get_series_name (model, s);
        entries[n_entries].color = _crrc_chart_series_color (ctx, s);
        entries[n_entries].style = role == CRRC_CHART_SERIES_DATA ?
                                   CRRC_CHART_LEGEND_LINE : CRRC_CHART_LEGEND_AREA;
        n_entries++;
      }

  _crrc_chart_cartesian_draw_frame (ctx, &line.frame, series_max (model), FALSE,
                                    entries, n_entries > 1 ? n_entries : 0,
                                    radius + line_width);

  /* Items first, in reading order: category by category. */
  items = g_new (int, n * n_series);
  for (guint c = 0; c < n; c++)
    for (guint s = 0; s < n_series; s++)
      {
        double value = crrc_chart_model_get_value (model, s, c);

        items[c * n_series + s] = -1;
        if (!isfinite (value) ||
            crrc_chart_model_get_series_role (model, s) != CRRC_CHART_SERIES_DATA)
          continue;

        cairo_new_path (cr);
        cairo_arc (cr, point_x (&line, c), point_y (&line, value), hit_radius, 0, 2 * G_PI);
        items[c * n_series + s] = (int) _crrc_chart_add_item (ctx, c, s);
        cairo_new_path (cr);
      }

  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* The reference behind everything, muted. */
  for (guint s = 0; s < n_series; s++)
    {
      const GdkRGBA *color;
      GdkRGBA fill, outline;

      if (crrc_chart_model_get_series_role (model, s) != CRRC_CHART_SERIES_REFERENCE)
        continue;

      /* The theme's reference colour is translucent already. */
      color = _crrc_chart_series_color (ctx, s);
      fill = *color;
      fill.alpha *= 0.6;
      outline = *color;
      outline.alpha = MIN (1, outline.alpha * 2);
      cairo_new_path (cr);
      append_runs (&line, s, TRUE);
      _crrc_chart_set_color (cr, &fill);
      cairo_fill (cr);
      append_runs (&line, s, FALSE);
      _crrc_chart_set_color (cr, &outline);
      cairo_set_line_width (cr, MAX (1, line_width / 2));
      cairo_stroke (cr);
    }

  for (guint s = 0; s < n_series; s++)
    {
      const GdkRGBA *color;

      if (crrc_chart_model_get_series_role (model, s) != CRRC_CHART_SERIES_DATA)
        continue;

      color = _crrc_chart_series_color (ctx, s);
      if (area)
        {
          GdkRGBA fill = *color;

          fill.alpha *= 0.15;
          cairo_new_path (cr);
          append_runs (&line, s, TRUE);
          _crrc_chart_set_color (cr, &fill);
          cairo_fill (cr);
        }

      cairo_new_path (cr);
      append_runs (&line, s, FALSE);
      _crrc_chart_set_color (cr, color);
      cairo_set_line_width (cr, line_width);
      cairo_stroke (cr);
    }

  /* Points on top, a hovered one larger and lighter. */
  show_points = line.frame.categories.slot >= radius * 5;
  for (guint c = 0; c < n; c++)
    for (guint s = 0; s < n_series; s++)
      {
        int item = items[c * n_series + s];
        double value = crrc_chart_model_get_value (model, s, c);
        const GdkRGBA *color;
        double r = radius;

        if (item < 0)
          continue;

        /* Points closer than a few radii clutter the line: only the
         * hovered one is drawn then. */
        if (!_crrc_chart_is_hovered (ctx, item) && !show_points)
          continue;

        color = _crrc_chart_series_color (ctx, s);
        if (_crrc_chart_is_hovered (ctx, item))
          {
            GdkRGBA hover = _crrc_chart_hover_color (ctx, color);

            r = radius * 1.6;
            _crrc_chart_set_color (cr, &hover);
          }
        else
          {
            _crrc_chart_set_color (cr, color);
          }

        cairo_new_path (cr);
        cairo_arc (cr, point_x (&line, c), point_y (&line, value), r, 0, 2 * G_PI);
        cairo_fill_preserve (cr);
        if (ctx->theme->background.alpha > 0)
          {
            _crrc_chart_set_color (cr, &ctx->theme->background);
            cairo_set_line_width (cr, MAX (1, line_width / 2));
            cairo_stroke (cr);
          }
        cairo_new_path (cr);
      }

  cairo_restore (cr);
}
