/* crrc-chart-card.h: a chart in a card, with its title, scope, source and menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "crrc-chart.h"

G_BEGIN_DECLS

#define CRRC_TYPE_CHART_CARD (crrc_chart_card_get_type ())
G_DECLARE_FINAL_TYPE (CrrcChartCard, crrc_chart_card, CRRC, CHART_CARD, GtkWidget)

GtkWidget      *crrc_chart_card_new       (CrrcChartModel *model);
CrrcChart      *crrc_chart_card_get_chart (CrrcChartCard  *self);
CrrcChartModel *crrc_chart_card_get_model (CrrcChartCard  *self);
void            crrc_chart_card_set_model (CrrcChartCard  *self,
                                           CrrcChartModel *model);
/* Adds @section (items whose actions the window or the application
 * resolves, e.g. "app.diffusion-mode") at the end of the card's menu. */
void            crrc_chart_card_add_menu_section (CrrcChartCard *self,
                                                  GMenuModel    *section);

G_END_DECLS
