/* crrc-chart-draw-private.h: shared by the drawing code of each chart kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "crrc-chart-draw.h"

G_BEGIN_DECLS

/* Everything a kind needs to draw. The kind draws inside the plot rectangle
 * (x, y, w, h) only: title, subtitle and source are drawn around it by
 * crrc_chart_draw(), and the focus ring after it. */
typedef struct
{
  CrrcChartModel       *model;
  cairo_t              *cr;
  const CrrcChartTheme *theme;
  double                width, height;   /* the whole drawing */
  double                x, y, w, h;      /* the plot rectangle */
  int                   hover;           /* item index, or -1 */
  int                   focus;           /* item index, or -1 */
  CrrcChartLayout      *layout;          /* never NULL here */

  /* Private to crrc-chart-draw.c. */
  PangoContext         *pango;
  PangoFontDescription *fonts[5];
} CrrcChartContext;

typedef enum
{
  CRRC_CHART_TEXT_BODY,      /* labels, values: theme->text_size */
  CRRC_CHART_TEXT_SMALL,     /* ticks, legends, source: 0.85 × */
  CRRC_CHART_TEXT_TITLE,     /* chart title: 1.35 ×, bold */
  CRRC_CHART_TEXT_SUBTITLE,  /* chart subtitle: 1.0 × */
  CRRC_CHART_TEXT_FIGURE,    /* a KPI's big figure: 2.4 ×, bold */
} CrrcChartTextRole;

/* Kinds, one file each. Paths must be built in the untransformed user space
 * of ctx->cr (items keep a copy of them for hit tests). */
void         _crrc_chart_draw_bars   (CrrcChartContext *ctx);  /* crrc-chart-bars.c */
void         _crrc_chart_draw_line   (CrrcChartContext *ctx);  /* crrc-chart-line.c */
void         _crrc_chart_draw_donut  (CrrcChartContext *ctx);  /* crrc-chart-donut.c */
void         _crrc_chart_draw_radar  (CrrcChartContext *ctx);  /* crrc-chart-radar.c */
void         _crrc_chart_draw_map    (CrrcChartContext *ctx);  /* crrc-chart-map.c */
void         _crrc_chart_draw_kpi    (CrrcChartContext *ctx);  /* crrc-chart-kpi.c */

/* Text is always plain text (never Pango markup: it comes from data). */
double       _crrc_chart_text_px     (CrrcChartContext   *ctx,
                                      CrrcChartTextRole   role);
/* A layout of @text at @role's size, single paragraph, no wrapping; for
 * another size, _crrc_chart_text_layout_px(). Free with g_object_unref(). */
PangoLayout *_crrc_chart_text_layout (CrrcChartContext   *ctx,
                                      const char         *text,
                                      CrrcChartTextRole   role);
PangoLayout *_crrc_chart_text_layout_px (CrrcChartContext *ctx,
                                         const char       *text,
                                         double            px,
                                         gboolean          bold);
/* Logical size of @text at @role, in user units. */
void         _crrc_chart_text_size   (CrrcChartContext   *ctx,
                                      const char         *text,
                                      CrrcChartTextRole   role,
                                      double             *width,
                                      double             *height);
/* Draw @layout with its top-left at (@x, @y) in @color and record its box.
 * When @max_width > 0 the text is ellipsised to fit. Returns the width drawn. */
double       _crrc_chart_show_layout (CrrcChartContext   *ctx,
                                      PangoLayout        *layout,
                                      const GdkRGBA      *color,
                                      double              x,
                                      double              y,
                                      double              max_width);
/* Draw @text in the box starting at @x, @y of @max_width, aligned left,
 * centred or right within it, ellipsised when too long. Returns the height
 * of the line. */
double       _crrc_chart_draw_text   (CrrcChartContext   *ctx,
                                      const char         *text,
                                      CrrcChartTextRole   role,
                                      const GdkRGBA      *color,
                                      double              x,
                                      double              y,
                                      double              max_width,
                                      PangoAlignment      align);
/* Draw @text rotated by @angle radians (e.g. -G_PI / 4) so that its END is
 * at (@x, @y) — for category labels under a crowded axis. The text is
 * ellipsised to @max_length along its baseline. Records its bounding box. */
void         _crrc_chart_draw_text_rotated (CrrcChartContext *ctx,
                                            const char       *text,
                                            CrrcChartTextRole role,
                                            const GdkRGBA    *color,
                                            double            x,
                                            double            y,
                                            double            angle,
                                            double            max_length);

/* Round ticks for a value axis starting at 0: a step of 1, 2, 2.5 or 5 × 10ⁿ
 * giving at most @max_ticks intervals, and the top (a multiple of the step,
 * ≥ @max). Returns the number of intervals. With @integers, step ≥ 1. */
guint        _crrc_chart_nice_ticks  (double              max,
                                      guint               max_ticks,
                                      gboolean            integers,
                                      double             *step,
                                      double             *top);

void         _crrc_chart_set_color   (cairo_t            *cr,
                                      const GdkRGBA      *color);
/* @color mixed with @other by @amount (0: @color, 1: @other). */
GdkRGBA      _crrc_chart_mix         (const GdkRGBA      *color,
                                      const GdkRGBA      *other,
                                      double              amount);
/* The colour of series @series: the accent when there is one data series,
 * the palette otherwise; the reference colour for reference series. */
const GdkRGBA *_crrc_chart_series_color (CrrcChartContext *ctx,
                                         guint             series);
/* The colour of category @category when categories are coloured (donut). */
const GdkRGBA *_crrc_chart_category_color (CrrcChartContext *ctx,
                                           guint             category);
/* Lighter (dark theme: brighter) version of @color for a hovered item. */
GdkRGBA      _crrc_chart_hover_color (CrrcChartContext   *ctx,
                                      const GdkRGBA      *color);

/* Record the current path of ctx->cr (not consumed) as an item; returns
 * its index. Call before filling so you can ask whether it is hovered. */
guint        _crrc_chart_add_item    (CrrcChartContext   *ctx,
                                      int                 category,
                                      int                 series);
/* Same with an explicit rectangle as shape. */
guint        _crrc_chart_add_item_rect (CrrcChartContext *ctx,
                                        int               category,
                                        int               series,
                                        double            x,
                                        double            y,
                                        double            width,
                                        double            height);
gboolean     _crrc_chart_is_hovered  (CrrcChartContext   *ctx,
                                      guint               item);

/* Legends: swatches (or line samples) with labels, wrapped in rows. */
typedef enum
{
  CRRC_CHART_LEGEND_SWATCH,
  CRRC_CHART_LEGEND_LINE,
  CRRC_CHART_LEGEND_DASHED,
  CRRC_CHART_LEGEND_AREA,
} CrrcChartLegendStyle;

typedef struct
{
  const char          *label;
  const GdkRGBA       *color;
  CrrcChartLegendStyle style;
} CrrcChartLegendEntry;

/* Height the legend takes at @max_width (0 when there are no entries). */
double       _crrc_chart_legend_height (CrrcChartContext           *ctx,
                                        const CrrcChartLegendEntry *entries,
                                        guint                       n_entries,
                                        double                      max_width,
                                        gboolean                    vertical);
/* Draw it; returns its height. With @vertical, one entry per line (a donut's
 * side legend); entries are ellipsised to @max_width. */
double       _crrc_chart_draw_legend   (CrrcChartContext           *ctx,
                                        const CrrcChartLegendEntry *entries,
                                        guint                       n_entries,
                                        double                      x,
                                        double                      y,
                                        double                      max_width,
                                        gboolean                    vertical);

G_END_DECLS
