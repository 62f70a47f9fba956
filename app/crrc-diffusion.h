/* crrc-diffusion.h: the "Diffusion" mode applied to charts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-chart-model.h"
#include "crrc-diffusion-rule.h"

G_BEGIN_DECLS

/* Suppresses the counts of 1 to 4 of the DATA and REFERENCE series of
 * @model (which must hold counts, not scores or rates), then what would
 * give them away:
 * - in a 100 % stacked bar, every other segment of a category with a
 *   suppressed segment (its shares are of a total that includes it);
 * - elsewhere, when a series has exactly one suppressed count, its
 *   smallest other positive count ("hidden"), since the series often adds
 *   up to a total shown elsewhere (incidents by origin, type, month or
 *   department add up to the year's incidents).
 * Donuts and stacks with a suppressed value show no total or shares
 * (widgets/charts). 0 is never suppressed. */
void        crrc_diffusion_suppress_counts (CrrcChartModel *model);

/* Marks @model as published in diffusion mode: the threshold of its
 * "< 5" and the footnote after its source line. */
void        crrc_diffusion_mark            (CrrcChartModel *model);

/* "Counts below 5 are suppressed (diffusion mode)." */
const char *crrc_diffusion_get_note        (void);

/* A suppressed count as the charts write it: "< 5". */
char       *crrc_diffusion_format_small    (void);

/* The application-wide mode, from GSettings (key "diffusion-mode"). */
gboolean    crrc_diffusion_get_mode        (void);

G_END_DECLS
