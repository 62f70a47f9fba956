/* crrc-diagnostic-window.h: entering a maturity diagnostic, and its results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-chart.h"
#include "crrc-diagnostics.h"

G_BEGIN_DECLS

#define CRRC_TYPE_DIAGNOSTIC_WINDOW (crrc_diagnostic_window_get_type ())

G_DECLARE_FINAL_TYPE (CrrcDiagnosticWindow, crrc_diagnostic_window, CRRC, DIAGNOSTIC_WINDOW, AdwWindow)

/* Opens the questionnaire for @finess: the establishment's draft when it
 * has one (whatever its campaign), else a new draft dated today, tied to
 * @campaign_id (nullable). The window is transient for @parent and shows
 * the results once the diagnostic is validated. */
CrrcDiagnosticWindow *crrc_diagnostic_window_open (GtkWindow       *parent,
                                                   CrrcApplication *application,
                                                   const char      *finess,
                                                   const char      *campaign_id);

/* Shows the results of a validated diagnostic (local or synced). */
CrrcDiagnosticWindow *crrc_diagnostic_window_open_results (GtkWindow       *parent,
                                                           CrrcApplication *application,
                                                           const char      *diagnostic_id);

/* For the tests: the diagnostic shown (NULL until its draft exists), its
 * results as last loaded, "loading", "error", "questions" or "results",
 * the answers shown, the domain shown, how many writes are queued or
 * running, the results' radar and their group of priority measures. */
const char            *crrc_diagnostic_window_get_diagnostic_id    (CrrcDiagnosticWindow *self);
CrrcDiagnosticResults *crrc_diagnostic_window_get_results          (CrrcDiagnosticWindow *self);
const char            *crrc_diagnostic_window_get_view             (CrrcDiagnosticWindow *self);
GHashTable            *crrc_diagnostic_window_get_answers          (CrrcDiagnosticWindow *self);
int                    crrc_diagnostic_window_get_domain           (CrrcDiagnosticWindow *self);
guint                  crrc_diagnostic_window_get_n_pending_writes (CrrcDiagnosticWindow *self);
CrrcChart             *crrc_diagnostic_window_get_radar            (CrrcDiagnosticWindow *self);
GtkWidget             *crrc_diagnostic_window_get_measures_group   (CrrcDiagnosticWindow *self);

G_END_DECLS
