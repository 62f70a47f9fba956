/* crrc-chart-radar.c: the maturity radar
 *
 * One axis per category (a maturity domain) from the centre, scores from 0
 * at the centre to the top of the scale on the outer ring. Behind the data:
 * the peer band (between the BAND_LOW and BAND_HIGH series) as a muted ring
 * and the peer median (the REFERENCE series) as a dashed outline. Each DATA
 * series is a translucent polygon with a point, and an item, per scored
 * domain. The domain labels sit outside the polygon, placed by their angle;
 * the radius shrinks to make room for them and they wrap onto two lines or
 * are ellipsised rather than leave the plot or overlap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-radar"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "crrc-chart-draw-private.h"
#include "crrc-format.h"

/* Labels wrap onto at most this many lines, then are ellipsised. */
#define LABEL_LINES 2

typedef struct
{
  PangoLayout *layout;
  double       natural;      /* width on one line */
  int          lines;        /* at most */
  double       angle;
  double       x, y, width, height;
} Label;

static double
line_height_px (CrrcChartContext *ctx,
                double            px)
{
  g_autoptr(PangoLayout) layout = _crrc_chart_text_layout_px (ctx, "0", px, FALSE);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
axis_angle (guint i,
            guint n)
{
  /* The first domain points up, the others follow clockwise. */
  return -G_PI / 2 + 2 * G_PI * i / n;
}

static double
compute_top (CrrcChartContext *ctx,
             double           *step)
{
  CrrcChartModel *model = ctx->model;
  double top = crrc_chart_model_get_value_max (model);
  double max = 0;

  if (isfinite (top) && top > 0)
    {
      *step = top <= 10 ? 1 : top / 5;
      if (top <= 10 && fabs (top - round (top)) > 1e-9)
        *step = top / 5;
      return top;
    }

  if (crrc_chart_model_get_unit (model) == CRRC_CHART_UNIT_SCORE)
    {
      *step = 1;
      return 5;
    }

  for (guint s = 0; s < crrc_chart_model_get_n_series (model); s++)
    for (guint c = 0; c < crrc_chart_model_get_n_categories (model); c++)
      {
        double value = crrc_chart_model_get_value (model, s, c);

        if (isfinite (value))
          max = MAX (max, value);
      }

  _crrc_chart_nice_ticks (max, 5, FALSE, step, &top);
  return top;
}

/* The box of a label whose anchor is at distance @reach from the centre:
 * labels on the right start at the anchor, those on the left end there,
 * those at the top and the bottom are centred on it; vertically they slide
 * smoothly from above the anchor (top) to below it (bottom). */
static void
place_label (Label  *label,
             double  cx,
             double  cy,
             double  reach)
{
  double c = cos (label->angle), s = sin (label->angle);
  double ax = cx + reach * c, ay = cy + reach * s;

  if (c > 0.3)
    label->x = ax;
  else if (c < -0.3)
    label->x = ax - label->width;
  else
    label->x = ax - label->width / 2;
  label->y = ay - label->height * (1 - s) / 2;
}

/* Sets the width @label may take, wrapping and ellipsising its text, and
 * reads its size back. */
static void
fit_label (Label  *label,
           double  max_width)
{
  PangoRectangle logical;

  max_width = MAX (max_width, 1);
  pango_layout_set_width (label->layout, (int) floor (max_width * PANGO_SCALE));
  pango_layout_set_height (label->layout, -label->lines);
  pango_layout_get_extents (label->layout, NULL, &logical);
  /* A word longer than the width overflows a wrapped line: one ellipsised
   * line instead. */
  if ((double) logical.width / PANGO_SCALE > max_width + 0.5)
    {
      pango_layout_set_height (label->layout, -1);
      pango_layout_get_extents (label->layout, NULL, &logical);
    }
  label->width = MIN ((double) logical.width / PANGO_SCALE, max_width);
  label->height = (double) logical.height / PANGO_SCALE;
}

static gboolean
boxes_overlap (const Label *a,
               const Label *b,
               double       gap)
{
  return a->x < b->x + b->width + gap && b->x < a->x + a->width + gap &&
         a->y < b->y + b->height + gap && b->y < a->y + a->height + gap;
}

/* Lays the labels out for a polygon of radius @radius centred in the plot;
 * returns whether they all fit without leaving (x0, y0, w, h) or overlap. */
static gboolean
layout_labels (Label  *labels,
               guint   n,
               double  cx,
               double  cy,
               double  radius,
               double  pad,
               double  cap,
               double  x0,
               double  y0,
               double  w,
               double  h,
               double  min_width)
{
  double reach = radius + pad;
  gboolean fits = TRUE;

  for (guint i = 0; i < n; i++)
    {
      Label *label = &labels[i];
      double c = cos (label->angle);
      double ax = cx + reach * c;
      double budget;

      if (c > 0.3)
        budget = x0 + w - ax;
      else if (c < -0.3)
        budget = ax - x0;
      else
        {
          /* Centred labels share the width with their neighbours, which
           * start a step of the polygon away. */
          double spacing = n > 4 ? reach * fabs (sin (2 * G_PI / n)) : w;

          budget = 2 * MIN (MIN (ax - x0, x0 + w - ax), MAX (spacing - pad, 0));
        }
      budget = MIN (budget, cap);
      if (budget < MIN (min_width, label->natural))
        fits = FALSE;
      fit_label (label, budget);
      place_label (label, cx, cy, reach);

      if (label->y < y0 - 0.5 || label->y + label->height > y0 + h + 0.5)
        fits = FALSE;
    }

  for (guint i = 0; i < n && fits; i++)
    for (guint j = i + 1; j < n && fits; j++)
      if (boxes_overlap (&labels[i], &labels[j], pad / 2))
        fits = FALSE;

  return fits;
}

/* The outline through the finite values of @series, NAN domains skipped
 * (see _crrc_chart_draw_radar()). Returns the number of points. */
static guint
series_path (CrrcChartContext *ctx,
             guint             series,
             guint             n,
             double            cx,
             double            cy,
             double            radius,
             double            top)
{
  guint points = 0;

  cairo_new_sub_path (ctx->cr);
  for (guint i = 0; i < n; i++)
    {
      double value = crrc_chart_model_get_value (ctx->model, series, i);
      double r, a = axis_angle (i, n);

      if (!isfinite (value))
        continue;

      r = radius * CLAMP (value, 0, top) / top;
      cairo_line_to (ctx->cr, cx + r * cos (a), cy + r * sin (a));
      points++;
    }
  if (points > 0)
    cairo_close_path (ctx->cr);

  return points;
}

static void
ring_path (cairo_t *cr,
           guint    n,
           double   cx,
           double   cy,
           double   r)
{
  cairo_new_sub_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double a = axis_angle (i, n);

      cairo_line_to (cr, cx + r * cos (a), cy + r * sin (a));
    }
  cairo_close_path (cr);
}

void
_crrc_chart_draw_radar (CrrcChartContext *ctx)
{
  CrrcChartModel *model = ctx->model;
  const CrrcChartTheme *theme = ctx->theme;
  cairo_t *cr = ctx->cr;
  guint n = crrc_chart_model_get_n_categories (model);
  guint n_series = crrc_chart_model_get_n_series (model);
  double unit = theme->text_size / 13.0;
  double px = _crrc_chart_text_px (ctx, CRRC_CHART_TEXT_SMALL);
  double step, top, radius, pad, cap, cx, cy, plot_h, legend_h, legend_gap;
  double min_radius, min_width;
  int band_low = -1, band_high = -1;
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (CrrcChartLegendEntry));
  g_autofree char *band_label = NULL;
  g_autofree Label *labels = NULL;
  GdkRGBA band_color, median_color;

  if (n == 0)
    return;

  top = compute_top (ctx, &step);

  for (guint s = 0; s < n_series; s++)
    {
      CrrcChartSeriesRole role = crrc_chart_model_get_series_role (model, s);

      if (role == CRRC_CHART_SERIES_BAND_LOW && band_low < 0)
        band_low = (int) s;
      else if (role == CRRC_CHART_SERIES_BAND_HIGH && band_high < 0)
        band_high = (int) s;
    }

  band_color = theme->reference;
  band_color.alpha *= 0.7;
  median_color = theme->dim;

  /* The legend: data series, then the peers. */
  for (guint s = 0; s < n_series; s++)
    {
      CrrcChartLegendEntry entry = { crrc_chart_model_get_series_name (model, s),
                                     _crrc_chart_series_color (ctx, s),
                                     CRRC_CHART_LEGEND_SWATCH };

      if (crrc_chart_model_get_series_role (model, s) == CRRC_CHART_SERIES_DATA)
        g_array_append_val (entries, entry);
    }
  for (guint s = 0; s < n_series; s++)
    {
      CrrcChartLegendEntry entry = { crrc_chart_model_get_series_name (model, s),
                                     &median_color, CRRC_CHART_LEGEND_DASHED };

      if (crrc_chart_model_get_series_role (model, s) == CRRC_CHART_SERIES_REFERENCE)
        g_array_append_val (entries, entry);
    }
  if (band_low >= 0 && band_high >= 0)
    {
      CrrcChartLegendEntry entry = { NULL, &band_color, CRRC_CHART_LEGEND_SWATCH };

      /* Translators: the peer band's legend, from its lower bound's name to
       * its upper bound's: "1er quartile – 3e quartile". */
      band_label = g_strdup_printf (_("%s – %s"),
                                    crrc_chart_model_get_series_name (model, band_low),
                                    crrc_chart_model_get_series_name (model, band_high));
      entry.label = band_label;
      g_array_append_val (entries, entry);
    }

  legend_h = _crrc_chart_legend_height (ctx, (CrrcChartLegendEntry *) entries->data,
                                        entries->len, ctx->w, FALSE);
  legend_gap = legend_h > 0 ? round (px * 1.0) : 0;
  plot_h = MAX (ctx->h - legend_h - legend_gap, 0);

  /* Labels: one line if there is room, else two, else ellipsised. The
   * radius shrinks until they fit, down to a third of the plot; below that
   * the labels give way instead. */
  labels = g_new0 (Label, n);
  for (guint i = 0; i < n; i++)
    {
      PangoRectangle logical;

      labels[i].layout = _crrc_chart_text_layout (ctx,
                                                  crrc_chart_model_get_category_label (model, i),
                                                  CRRC_CHART_TEXT_SMALL);
      pango_layout_get_extents (labels[i].layout, NULL, &logical);
      labels[i].natural = (double) logical.width / PANGO_SCALE;
      labels[i].angle = axis_angle (i, n);
      pango_layout_set_wrap (labels[i].layout, PANGO_WRAP_WORD);
      pango_layout_set_ellipsize (labels[i].layout, PANGO_ELLIPSIZE_END);
      labels[i].lines = LABEL_LINES;
    }

  pad = round (px * 0.6);
  cap = MAX (ctx->w * 0.26, px * 6);
  min_width = px * 7;
  cx = ctx->x + ctx->w / 2;
  cy = ctx->y + plot_h / 2;
  min_radius = MIN (ctx->w, plot_h) / 6;
  radius = MIN (ctx->w, plot_h) / 2 - pad;
  while (radius > min_radius &&
         !layout_labels (labels, n, cx, cy, radius, pad, cap,
                         ctx->x, ctx->y, ctx->w, plot_h, min_width))
    radius -= MAX (1.0, radius * 0.03);
  if (radius <= min_radius)
    {
      radius = MAX (min_radius, 1);
      /* No room to spare: labels take whatever space there is, on as
       * many lines as fit, and one line if two would collide. */
      if (!layout_labels (labels, n, cx, cy, radius, pad, cap,
                          ctx->x, ctx->y, ctx->w, plot_h, 0))
        {
          for (guint i = 0; i < n; i++)
            labels[i].lines = 1;
          layout_labels (labels, n, cx, cy, radius, pad, cap,
                         ctx->x, ctx->y, ctx->w, plot_h, 0);
        }
    }

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* Grid: a ring at each step of the scale, a spoke per domain. */
  _crrc_chart_set_color (cr, &theme->grid);
  cairo_set_line_width (cr, MAX (1.0, unit));
  for (double v = step; v <= top + step * 1e-6; v += step)
    ring_path (cr, n, cx, cy, radius * v / top);
  for (guint i = 0; i < n; i++)
    {
      double a = axis_angle (i, n);

      cairo_move_to (cr, cx, cy);
      cairo_line_to (cr, cx + radius * cos (a), cy + radius * sin (a));
    }
  cairo_stroke (cr);

  /* The peer band: the ring between its bounds, filled even-odd. */
  if (band_low >= 0 && band_high >= 0)
    {
      cairo_save (cr);
      cairo_new_path (cr);
      if (series_path (ctx, band_high, n, cx, cy, radius, top) > 0)
        {
          series_path (ctx, band_low, n, cx, cy, radius, top);
          cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
          _crrc_chart_set_color (cr, &band_color);
          cairo_fill (cr);
        }
      cairo_new_path (cr);
      cairo_restore (cr);
    }

  /* The peer median, dashed. */
  for (guint s = 0; s < n_series; s++)
    {
      double dash[] = { 4 * unit, 3 * unit };

      if (crrc_chart_model_get_series_role (model, s) != CRRC_CHART_SERIES_REFERENCE)
        continue;

      cairo_new_path (cr);
      if (series_path (ctx, s, n, cx, cy, radius, top) < 2)
        {
          cairo_new_path (cr);
          continue;
        }
      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1.5 * unit);
      _crrc_chart_set_color (cr, &median_color);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  /* Data: the polygon, then the points. A domain without a score (NAN)
   * has no point, and the polygon skips it, joining its neighbours
   * directly: running through the centre would read as a score of 0. */
  for (guint s = 0; s < n_series; s++)
    {
      const GdkRGBA *color;
      GdkRGBA fill;

      if (crrc_chart_model_get_series_role (model, s) != CRRC_CHART_SERIES_DATA)
        continue;

      color = _crrc_chart_series_color (ctx, s);
      fill = *color;
      fill.alpha *= 0.22;

      cairo_new_path (cr);
      if (series_path (ctx, s, n, cx, cy, radius, top) > 0)
        {
          _crrc_chart_set_color (cr, &fill);
          cairo_fill_preserve (cr);
          _crrc_chart_set_color (cr, color);
          cairo_set_line_width (cr, 2 * unit);
          cairo_stroke (cr);
        }
      cairo_new_path (cr);
    }

  for (guint i = 0; i < n; i++)
    for (guint s = 0; s < n_series; s++)
      {
        double value = crrc_chart_model_get_value (model, s, i);
        double a = axis_angle (i, n);
        double r, vx, vy, point = 3.5 * unit;
        GdkRGBA color;
        guint item;

        if (crrc_chart_model_get_series_role (model, s) != CRRC_CHART_SERIES_DATA ||
            !isfinite (value))
          continue;

        r = radius * CLAMP (value, 0, top) / top;
        vx = cx + r * cos (a);
        vy = cy + r * sin (a);

        /* A generous target around the point. */
        cairo_new_path (cr);
        cairo_arc (cr, vx, vy, MAX (point * 2.2, 6), 0, 2 * G_PI);
        item = _crrc_chart_add_item (ctx, (int) i, (int) s);
        cairo_new_path (cr);

        color = *_crrc_chart_series_color (ctx, s);
        if (_crrc_chart_is_hovered (ctx, item))
          {
            color = _crrc_chart_hover_color (ctx, &color);
            point *= 1.5;
          }
        cairo_arc (cr, vx, vy, point, 0, 2 * G_PI);
        _crrc_chart_set_color (cr, &color);
        cairo_fill (cr);
      }

  /* Scale: the score of each ring along the first spoke, as many as fit
   * one above the other (always the outer one). */
  {
    double tick_px = px * 0.85;
    double tick_h = line_height_px (ctx, tick_px);
    guint n_rings = (guint) round (top / step);
    guint every = 1;

    while (every < n_rings && radius * step * every / top < tick_h * 1.2)
      every++;
    for (guint r = n_rings; r > 0; r--)
      {
        double v = step * r;
        g_autofree char *text = NULL;
        g_autoptr(PangoLayout) layout = NULL;
        double ry = cy - radius * v / top;

        if ((n_rings - r) % every != 0)
          continue;
        if (fabs (v - round (v)) < 1e-9)
          text = crrc_format_count ((gint64) round (v));
        else
          text = crrc_chart_model_format_value (model, v);
        layout = _crrc_chart_text_layout_px (ctx, text, tick_px, FALSE);
        _crrc_chart_show_layout (ctx, layout, &theme->dim, cx + 3 * unit, ry - tick_h * 0.1, 0);
      }
  }

  for (guint i = 0; i < n; i++)
    {
      Label *label = &labels[i];
      double c = cos (label->angle);

      pango_layout_set_alignment (label->layout, c > 0.3 ? PANGO_ALIGN_LEFT
                                                 : c < -0.3 ? PANGO_ALIGN_RIGHT
                                                 : PANGO_ALIGN_CENTER);
      /* The layout's width is the budget; the box is where the text is. */
      {
        PangoRectangle logical;

        pango_layout_get_extents (label->layout, NULL, &logical);
        _crrc_chart_show_layout (ctx, label->layout, &theme->foreground,
                                 label->x - (double) logical.x / PANGO_SCALE, label->y, 0);
      }
      g_clear_object (&label->layout);
    }

  if (legend_h > 0)
    {
      double legend_w = 0;

      /* Centre a one-line legend under the radar. */
      for (double trial = ctx->w * 0.3; trial <= ctx->w; trial += ctx->w * 0.05)
        if (_crrc_chart_legend_height (ctx, (CrrcChartLegendEntry *) entries->data,
                                       entries->len, trial, FALSE) <= legend_h + 0.5)
          {
            legend_w = trial;
            break;
          }
      if (legend_w <= 0)
        legend_w = ctx->w;
      _crrc_chart_draw_legend (ctx, (CrrcChartLegendEntry *) entries->data, entries->len,
                               ctx->x + (ctx->w - legend_w) / 2, ctx->y + plot_h + legend_gap,
                               legend_w, FALSE);
    }
}
