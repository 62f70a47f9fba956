/* crrc-restitution-export.h: the "restitution" PDF of a maturity diagnostic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "crrc-chart-model.h"
#include "crrc-diagnostics.h"

G_BEGIN_DECLS

/* The radar of @results: one axis per domain, the scores (0–100) as the
 * DATA series, and with 5 peers or more the peers' median (REFERENCE) and
 * quartiles (BAND_LOW, BAND_HIGH). */
CrrcChartModel *crrc_restitution_radar_new (CrrcDiagnosticResults *results);

/* "restitution-<FINESS>-<date>.pdf" */
char           *crrc_restitution_default_name (const char *finess,
                                               const char *date);

/* Writes the restitution of @results, A4 portrait, one or two pages:
 * establishment, date and referential, overall score with its band and
 * completeness, radar against peers (or the note that the comparison is
 * hidden below 5 peers), the domain table with bands, the six priority
 * measures with their domain, a footer with page n/N. Replaces @file
 * atomically, mode 0600; errors name @file. Blocks: call it from a worker
 * thread. Returns the number of pages in @n_pages when not NULL. */
gboolean        crrc_restitution_export    (CrrcDiagnosticResults *results,
                                            GFile                 *file,
                                            guint                 *n_pages,
                                            GError               **error);

/* Loads the diagnostic @diagnostic_id on a reader of @store and writes its
 * restitution to @file, in a worker thread. */
void            crrc_restitution_write_async  (CrrcStore            *store,
                                               const char           *diagnostic_id,
                                               GFile                *file,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean        crrc_restitution_write_finish (GAsyncResult         *result,
                                               GError              **error);

/* Asks where to save the restitution of @diagnostic_id (a save dialog
 * transient for @parent, named after @finess and @date), then writes it
 * as crrc_restitution_write_async() does. The result gives the file
 * written, or NULL without an error when the user cancelled. */
void            crrc_restitution_save         (GtkWindow            *parent,
                                               CrrcStore            *store,
                                               const char           *diagnostic_id,
                                               const char           *finess,
                                               const char           *date,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GFile          *crrc_restitution_save_finish  (GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
