/* crrc-chart-theme.h: colours and text sizes a chart is drawn with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define CRRC_CHART_PALETTE_SIZE 8

typedef struct
{
  GdkRGBA background;   /* fully transparent on screen (the card shows through) */
  GdkRGBA foreground;   /* text, axis labels */
  GdkRGBA dim;          /* secondary text: legends, source line, ticks */
  GdkRGBA grid;         /* grid lines and axes */
  GdkRGBA accent;       /* the accent colour: single-series charts, focus ring */
  GdkRGBA reference;    /* muted reference series: previous year, peer median */
  GdkRGBA good;         /* libadwaita success colour */
  GdkRGBA bad;          /* libadwaita error colour */
  GdkRGBA warning;      /* libadwaita warning colour */
  GdkRGBA scale_low;    /* sequential scale of the map, lowest value… */
  GdkRGBA scale_high;   /* …to highest */
  GdkRGBA empty;        /* a map tile without value */
  GdkRGBA palette[CRRC_CHART_PALETTE_SIZE];  /* series / slices, in order */
  char   *font_family;  /* "Cantarell", "Sans" */
  double  text_size;    /* body text height in user units (pixels on screen) */
  gboolean dark;
} CrrcChartTheme;

/* The libadwaita light and dark styles, at @text_size. */
void            crrc_chart_theme_init_light (CrrcChartTheme       *theme,
                                             double                text_size);
void            crrc_chart_theme_init_dark  (CrrcChartTheme       *theme,
                                             double                text_size);
/* Exports and print: light on white whatever the UI style, text sized for a
 * slide of @width × @height (readable at 1920×1080 from the back of a room). */
void            crrc_chart_theme_init_print (CrrcChartTheme       *theme,
                                             double                width,
                                             double                height);
/* Replace the accent colour (and the first palette colour with it). */
void            crrc_chart_theme_set_accent (CrrcChartTheme       *theme,
                                             const GdkRGBA        *accent);
void            crrc_chart_theme_clear      (CrrcChartTheme       *theme);
void            crrc_chart_theme_copy       (CrrcChartTheme       *dest,
                                             const CrrcChartTheme *src);

G_END_DECLS
