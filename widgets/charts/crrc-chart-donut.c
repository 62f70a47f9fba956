/* crrc-chart-donut.c: the first series as slices of a ring, with a legend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-chart-donut"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "crrc-chart-draw-private.h"
#include "crrc-format.h"

#define INNER_RATIO 0.6

/* Past the palette, colours come round again, lighter (darker on a dark
 * theme) so that no two slices look alike. */
static GdkRGBA
slice_color (CrrcChartContext *ctx,
             guint             category)
{
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA black = { 0, 0, 0, 1 };
  GdkRGBA color = *_crrc_chart_category_color (ctx, category);
  guint round = category / CRRC_CHART_PALETTE_SIZE;

  if (round > 0)
    color = _crrc_chart_mix (&color, ctx->theme->dark ? &black : &white,
                             MIN (0.3 * round, 0.6));

  return color;
}

/* "@label — @figures", the label ellipsised so that the figures always
 * show within @max_width. */
static char *
legend_label (CrrcChartContext *ctx,
              const char       *label,
              const char       *figures,
              double            max_width)
{
  g_autofree char *full = g_strdup_printf ("%s — %s", label, figures);
  glong n_chars = g_utf8_strlen (label, -1);
  glong low = 0, high = n_chars;
  double width;

  _crrc_chart_text_size (ctx, full, CRRC_CHART_TEXT_SMALL, &width, NULL);
  if (width <= max_width)
    return g_steal_pointer (&full);

  /* The longest prefix that fits, found by bisection. */
  while (low < high)
    {
      glong middle = (low + high + 1) / 2;
      g_autofree char *prefix = g_utf8_substring (label, 0, middle);
      g_autofree char *candidate = g_strdup_printf ("%s… — %s", g_strchomp (prefix), figures);

      _crrc_chart_text_size (ctx, candidate, CRRC_CHART_TEXT_SMALL, &width, NULL);
      if (width <= max_width)
        low = middle;
      else
        high = middle - 1;
    }

  {
    g_autofree char *prefix = g_utf8_substring (label, 0, low);

    return g_strdup_printf ("%s… — %s", g_strchomp (prefix), figures);
  }
}

/* The outline of a slice between @a0 and @a1, a little gap on each side
 * so that neighbouring slices read apart on any background. */
static void
slice_path (cairo_t *cr,
            double   cx,
            double   cy,
            double   outer,
            double   inner,
            double   a0,
            double   a1,
            double   gap)
{
  double outer_pad = MIN (gap / 2 / outer, (a1 - a0) / 4);
  double inner_pad = MIN (gap / 2 / inner, (a1 - a0) / 4);

  cairo_new_path (cr);
  cairo_arc (cr, cx, cy, outer, a0 + outer_pad, a1 - outer_pad);
  cairo_arc_negative (cr, cx, cy, inner, a1 - inner_pad, a0 + inner_pad);
  cairo_close_path (cr);
}

void
_crrc_chart_draw_donut (CrrcChartContext *ctx)
{
  CrrcChartModel *model = ctx->model;
  cairo_t *cr = ctx->cr;
  guint n = crrc_chart_model_get_n_categories (model);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree CrrcChartLegendEntry *entries = g_new0 (CrrcChartLegendEntry, MAX (n, 1));
  g_autofree guint *slices = g_new0 (guint, MAX (n, 1));
  g_autofree GdkRGBA *colors = g_new0 (GdkRGBA, MAX (n, 1));
  double size = ctx->theme->text_size;
  double gap = round (size * 0.8);
  double offset = size * 0.4;
  double total = 0;
  double legend_w = 0, legend_h, swatch, cx, cy, outer, inner, angle;
  guint n_slices = 0, n_entries;
  gboolean side;
  gboolean suppressed = crrc_chart_model_has_suppressed (model, -1);

  if (n == 0 || crrc_chart_model_get_n_series (model) == 0)
    return;

  for (guint c = 0; c < n; c++)
    {
      double value = crrc_chart_model_get_value (model, 0, c);

      if (isfinite (value) && value > 0)
        {
          slices[n_slices++] = c;
          total += value;
        }
    }

  if (n_slices == 0)
    return;

  /* The legend at the right of a wide chart, below a tall one. */
  side = ctx->w > ctx->h;
  swatch = ceil (_crrc_chart_text_px (ctx, CRRC_CHART_TEXT_SMALL) * 1.25) + 1;
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_slices; i++)
      {
        guint c = slices[i];
        double value = crrc_chart_model_get_value (model, 0, c);
        g_autofree char *text = crrc_chart_model_format_value (model, value);
        g_autofree char *share = crrc_format_percent (value / total * 100, 0);
        /* TRANSLATORS: a donut's legend: a value and its share, after the
         * category: "Malveillant — 290 (50 %)". Without the share when a
         * value is suppressed: it would be a share of the values shown. */
        g_autofree char *figures = suppressed ? g_strdup (text)
                                              : g_strdup_printf (_("%s (%s)"), text, share);
        const char *label = crrc_chart_model_get_category_label (model, c);
        double width;

        if (pass == 0)
          {
            /* How wide the legend would like to be. */
            g_autofree char *full = g_strdup_printf ("%s — %s", label, figures);

            _crrc_chart_text_size (ctx, full, CRRC_CHART_TEXT_SMALL, &width, NULL);
            legend_w = MAX (legend_w, ceil (width) + swatch);
            if (i == n_slices - 1)
              legend_w = MIN (legend_w, floor (ctx->w * 0.5));
            continue;
          }

        colors[i] = slice_color (ctx, c);
        g_ptr_array_add (labels, legend_label (ctx, label, figures,
                                               (side ? legend_w : ctx->w) - swatch));
        entries[i].label = g_ptr_array_index (labels, i);
        entries[i].color = &colors[i];
        entries[i].style = CRRC_CHART_LEGEND_SWATCH;
      }

  /* Entries that do not fit are left out of the legend (their slices keep
   * their tooltips). */
  n_entries = n_slices;
  while (n_entries > 1 &&
         _crrc_chart_legend_height (ctx, entries, n_entries, side ? legend_w : ctx->w,
                                    side) > (side ? ctx->h : ctx->h / 2))
    n_entries--;

  if (side)
    {
      legend_h = _crrc_chart_legend_height (ctx, entries, n_entries, legend_w, TRUE);
      outer = MIN (ctx->h, ctx->w - legend_w - gap * 2) / 2 - offset;
      cx = ctx->x + outer + offset;
      cy = ctx->y + ctx->h / 2;
      /* Ring and legend together, centred in the plot. */
      cx += MAX (0, (ctx->w - (2 * (outer + offset) + gap * 2 + legend_w)) / 2);
      _crrc_chart_draw_legend (ctx, entries, n_entries,
                               cx + outer + offset + gap * 2,
                               cy - legend_h / 2, legend_w, TRUE);
    }
  else
    {
      legend_h = _crrc_chart_legend_height (ctx, entries, n_entries, ctx->w, FALSE);
      outer = MIN (ctx->w, ctx->h - legend_h - gap) / 2 - offset;
      cx = ctx->x + ctx->w / 2;
      cy = ctx->y + (ctx->h - legend_h - gap) / 2;
      _crrc_chart_draw_legend (ctx, entries, n_entries, ctx->x,
                               ctx->y + ctx->h - legend_h, ctx->w, FALSE);
    }

  if (outer < size)
    return;
  inner = outer * INNER_RATIO;

  angle = -G_PI / 2;
  for (guint i = 0; i < n_slices; i++)
    {
      guint c = slices[i];
      double value = crrc_chart_model_get_value (model, 0, c);
      double sweep = value / total * 2 * G_PI;
      const GdkRGBA *color = &colors[i];
      double sx = cx, sy = cy;
      guint item;

      slice_path (cr, cx, cy, outer, inner, angle, angle + sweep,
                  n_slices > 1 ? MAX (1, size * 0.15) : 0);
      if (n_slices == 1)
        {
          cairo_new_path (cr);
          cairo_arc (cr, cx, cy, outer, 0, 2 * G_PI);
          cairo_new_sub_path (cr);
          cairo_arc_negative (cr, cx, cy, inner, 2 * G_PI, 0);
        }
      item = _crrc_chart_add_item (ctx, c, 0);

      if (_crrc_chart_is_hovered (ctx, item))
        {
          GdkRGBA hover = _crrc_chart_hover_color (ctx, color);
          double middle = angle + sweep / 2;

          /* The hovered slice moves out a little along its middle. */
          if (n_slices > 1)
            {
              sx += cos (middle) * offset;
              sy += sin (middle) * offset;
            }
          cairo_new_path (cr);
          cairo_save (cr);
          cairo_translate (cr, sx - cx, sy - cy);
          slice_path (cr, cx, cy, outer, inner, angle, angle + sweep,
                      n_slices > 1 ? MAX (1, size * 0.15) : 0);
          if (n_slices == 1)
            {
              cairo_new_path (cr);
              cairo_arc (cr, cx, cy, outer, 0, 2 * G_PI);
              cairo_new_sub_path (cr);
              cairo_arc_negative (cr, cx, cy, inner, 2 * G_PI, 0);
            }
          cairo_restore (cr);
          _crrc_chart_set_color (cr, &hover);
        }
      else
        {
          _crrc_chart_set_color (cr, color);
        }
      cairo_fill (cr);

      angle += sweep;
    }

  /* The total in the hole when it fits; none when a value is suppressed
   * (with the others, it would give the suppressed one away). */
  if (suppressed)
    return;

  {
    g_autofree char *figure = crrc_chart_model_format_value (model, total);
    const char *caption = _("Total");
    double figure_w, figure_h, caption_w, caption_h;
    double room = inner * 2 * 0.8;
    double px = _crrc_chart_text_px (ctx, CRRC_CHART_TEXT_FIGURE);
    g_autoptr(PangoLayout) layout = NULL;
    PangoRectangle logical;

    /* Smaller than a KPI's figure when the hole is small. */
    px = MIN (px, inner * 0.6);
    layout = _crrc_chart_text_layout_px (ctx, figure, px, TRUE);
    pango_layout_get_pixel_extents (layout, NULL, &logical);
    figure_w = logical.width;
    figure_h = logical.height;
    _crrc_chart_text_size (ctx, caption, CRRC_CHART_TEXT_SMALL, &caption_w, &caption_h);

    if (figure_w <= room && figure_h + caption_h <= room && px >= size)
      {
        double top = cy - (figure_h + caption_h) / 2;

        _crrc_chart_show_layout (ctx, layout, &ctx->theme->foreground,
                                 cx - figure_w / 2, top, 0);
        _crrc_chart_draw_text (ctx, caption, CRRC_CHART_TEXT_SMALL, &ctx->theme->dim,
                               cx - room / 2, top + figure_h, room, PANGO_ALIGN_CENTER);
      }
  }
}
