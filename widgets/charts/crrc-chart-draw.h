/* crrc-chart-draw.h: draw a chart model onto any cairo context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "crrc-chart-model.h"
#include "crrc-chart-theme.h"

G_BEGIN_DECLS

typedef enum
{
  CRRC_CHART_DRAW_PLOT        = 0,       /* the chart alone (the widget: its
                                          * card shows title and source) */
  CRRC_CHART_DRAW_TITLE       = 1 << 0,  /* title and subtitle above */
  CRRC_CHART_DRAW_SOURCE      = 1 << 1,  /* source line below */
  CRRC_CHART_DRAW_BACKGROUND  = 1 << 2,  /* fill with the theme background */
  CRRC_CHART_DRAW_DECORATED   = CRRC_CHART_DRAW_TITLE | CRRC_CHART_DRAW_SOURCE |
                                CRRC_CHART_DRAW_BACKGROUND,  /* exports */
} CrrcChartDrawFlags;

/* One thing the user can point at, focus and activate: a bar, a point, a
 * slice, a department tile, a radar vertex, the KPI tile. Coordinates are
 * in the user space the chart was drawn in. */
typedef struct
{
  int     category;  /* category index, or -1 */
  int     series;    /* series index, or -1 */
  double  x, y, width, height;  /* bounding box (focus ring, tooltip) */
  cairo_path_t *shape;          /* exact outline for hit tests */
} CrrcChartItem;

/* Text that was drawn, for tests: no label leaves the chart, none overlap. */
typedef struct
{
  char   *text;
  double  x, y, width, height;
} CrrcChartTextBox;

/* What drawing produced. Items are in keyboard order (reading order:
 * category by category, series within a category). */
typedef struct
{
  GPtrArray *items;      /* of CrrcChartItem */
  GPtrArray *text_boxes; /* of CrrcChartTextBox */
} CrrcChartLayout;

CrrcChartLayout *crrc_chart_layout_new     (void);
void             crrc_chart_layout_free    (CrrcChartLayout *layout);
/* The item under (@x, @y), topmost first, or -1. */
int              crrc_chart_layout_hit     (CrrcChartLayout *layout,
                                            double           x,
                                            double           y);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcChartLayout, crrc_chart_layout_free)

/* Draw @model in the rectangle (0, 0, @width, @height) of @cr's user space.
 * @hover and @focus are item indices (of the layout of a previous draw at
 * the same size) to highlight and to ring, or -1. @layout, when not NULL,
 * is cleared and filled. Pure: no display, no global state. */
void             crrc_chart_draw           (CrrcChartModel       *model,
                                            cairo_t              *cr,
                                            double                width,
                                            double                height,
                                            const CrrcChartTheme *theme,
                                            CrrcChartDrawFlags    flags,
                                            int                   hover,
                                            int                   focus,
                                            CrrcChartLayout      *layout);

G_END_DECLS
