/* crrc-chart.h: a chart on screen, drawn from a CrrcChartModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "crrc-chart-export.h"
#include "crrc-chart-model.h"
#include "crrc-chart-theme.h"

G_BEGIN_DECLS

#define CRRC_TYPE_CHART (crrc_chart_get_type ())
G_DECLARE_FINAL_TYPE (CrrcChart, crrc_chart, CRRC, CHART, GtkWidget)

GtkWidget      *crrc_chart_new             (CrrcChartModel *model);
CrrcChartModel *crrc_chart_get_model       (CrrcChart      *self);
void            crrc_chart_set_model       (CrrcChart      *self,
                                            CrrcChartModel *model);
/* The keyboard-focused item (index in drawing order), or -1. */
int             crrc_chart_get_focus_item  (CrrcChart      *self);
void            crrc_chart_set_focus_item  (CrrcChart      *self,
                                            int             item);
guint           crrc_chart_get_n_items     (CrrcChart      *self);
/* The category and series of an item; FALSE when @item is out of range. */
gboolean        crrc_chart_get_item        (CrrcChart      *self,
                                            int             item,
                                            int            *category,
                                            int            *series);
/* Where an item is, in the widget's coordinates. */
gboolean        crrc_chart_get_item_area   (CrrcChart       *self,
                                            int              item,
                                            graphene_rect_t *area);
/* The menu shown on right click, Menu key or Shift+F10, and by a card's
 * menu button: "Copy image", "Save as PNG…", "Save as SVG…", "Save as PDF…"
 * (actions chart.copy, chart.save-png, chart.save-svg, chart.save-pdf). */
GMenuModel     *crrc_chart_get_menu_model  (CrrcChart      *self);
void            crrc_chart_copy_image      (CrrcChart      *self);
/* Ask where to save, then export in @format; reports in a toast. */
void            crrc_chart_save            (CrrcChart      *self,
                                            CrrcChartFormat format);
/* The theme the widget draws with now (style, accent, font size). */
void            crrc_chart_get_theme       (CrrcChart      *self,
                                            CrrcChartTheme *theme);

G_END_DECLS
