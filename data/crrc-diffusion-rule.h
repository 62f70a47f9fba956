/* crrc-diffusion-rule.h: the small-count rule of the "Diffusion" mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts from 1 to CRRC_DIFFUSION_THRESHOLD − 1 are suppressed in
 * diffusion mode; 0 is not (nothing happened: no one can be recognised
 * in it). */
#define CRRC_DIFFUSION_THRESHOLD 5

gboolean crrc_diffusion_count_is_suppressed (gint64 count);

/* Whether a share @part / @whole must be suppressed: when @part, @whole or
 * the complement @whole − @part is a suppressed count (a share of 85 % of
 * 20 incidents gives away the 3 others). */
gboolean crrc_diffusion_share_is_suppressed (gint64 part,
                                             gint64 whole);

/* The columns of a CSV export that name or identify an establishment
 * (FINESS numbers, names, legal entity, address and commune) or hold free
 * text that may (an incident's summary); diffusion mode drops them. */
gboolean crrc_diffusion_column_is_identifying (const char *column);

G_END_DECLS
