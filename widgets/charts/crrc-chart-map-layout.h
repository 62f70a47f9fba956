/* crrc-chart-map-layout.h: where each French department sits on the tile map
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One department on a grid of square tiles laid out roughly like the map of
 * France: column 0 is the west, row 0 the north. */
typedef struct
{
  const char *code;  /* INSEE code: "01", "2A", "75", "971" */
  const char *name;  /* "Ain", "Corse-du-Sud" */
  guint       col;
  guint       row;
  gboolean    overseas;
} CrrcChartMapTile;

/* The 101 departments, in the order of the table (north to south). */
const CrrcChartMapTile *_crrc_chart_map_layout_get      (guint      *n);
/* The size of the grid, in tiles. */
void                    _crrc_chart_map_layout_get_size (guint      *n_cols,
                                                         guint      *n_rows);
/* The tile of @code, or NULL. */
const CrrcChartMapTile *_crrc_chart_map_layout_find     (const char *code);

G_END_DECLS
