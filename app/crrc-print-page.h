/* crrc-print-page.h: text on the pages of the PDF documents
 *
 * The fact sheet and the restitution are drawn with cairo on A4 pages; both
 * lay out their text (plain text: it comes from data, never Pango markup)
 * the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pangocairo.h>

#include "crrc-chart-theme.h"

G_BEGIN_DECLS

typedef struct
{
  cairo_t        *cr;
  CrrcChartTheme  theme;  /* the print theme: colours and font family */
  double          x;      /* left edge of the text column */
  double          width;  /* of the text column */
  double          y;      /* where the next block goes */
  double          limit;  /* where blocks must end */
} CrrcPrintPage;

/* @text in the theme's font at @px, wrapped to @width (-1: one line) and
 * ellipsized after @max_lines. */
PangoLayout *crrc_print_page_layout     (CrrcPrintPage *page,
                                         const char    *text,
                                         double         px,
                                         gboolean       bold,
                                         double         width,
                                         int            max_lines);
/* Draws @text at (@x, @y) and returns its height. */
double       crrc_print_page_draw_text  (CrrcPrintPage *page,
                                         const char    *text,
                                         double         px,
                                         gboolean       bold,
                                         const GdkRGBA *color,
                                         double         x,
                                         double         y,
                                         double         width,
                                         int            max_lines);
/* The width of @text on one line. */
double       crrc_print_page_text_width (CrrcPrintPage *page,
                                         const char    *text,
                                         double         px,
                                         gboolean       bold);
/* A paragraph across the text column, at the page's @y, which it moves
 * down. */
void         crrc_print_page_paragraph  (CrrcPrintPage *page,
                                         const char    *text,
                                         double         px,
                                         gboolean       bold,
                                         const GdkRGBA *color,
                                         int            max_lines);

G_END_DECLS
