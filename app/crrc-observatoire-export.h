/* crrc-observatoire-export.h: the Observatoire page's exports and printing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "crrc-chart-export.h"

G_BEGIN_DECLS

/* Every export takes @charts, a GPtrArray of CrrcChartModel as the page
 * shows them (subtitle: the filters applied; source: the data freshness),
 * and draws off the main thread. */

/* The 16:9 slide deck (crrc_chart_export_slides). */
void     crrc_observatoire_export_slides_async  (GPtrArray             *charts,
                                                 const CrrcSlidesCover *cover,
                                                 GFile                 *file,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean crrc_observatoire_export_slides_finish (GAsyncResult          *result,
                                                 GError               **error);

/* Every chart into @folder as <id>.<ext> at 1920×1080; the number of files
 * written. */
void     crrc_observatoire_export_folder_async  (GPtrArray             *charts,
                                                 GFile                 *folder,
                                                 CrrcChartFormat        format,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
guint    crrc_observatoire_export_folder_finish (GAsyncResult          *result,
                                                 GError               **error);

/* The figures behind every chart (and KPI) as one CSV file, UTF-8, with
 * @separator ',' or ';' (French spreadsheets), one row per value: chart,
 * scope, category, series, value — plus the data freshness. */
gboolean crrc_observatoire_export_csv           (GPtrArray             *charts,
                                                 GFile                 *file,
                                                 char                   separator,
                                                 GError               **error);

/* GtkPrintOperation, one chart per page, print theme. */
void     crrc_observatoire_print                (GtkWindow             *parent,
                                                 GPtrArray             *charts);

/* The operation crrc_observatoire_print() runs (landscape, one chart per
 * page), for a test or a caller that exports it to a file. */
GtkPrintOperation *crrc_observatoire_print_operation_new (GPtrArray   *charts);

G_END_DECLS
