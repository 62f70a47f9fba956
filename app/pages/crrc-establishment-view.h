/* crrc-establishment-view.h: everything known about one establishment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-chart.h"
#include "crrc-establishment-detail.h"

G_BEGIN_DECLS

#define CRRC_TYPE_ESTABLISHMENT_VIEW (crrc_establishment_view_get_type ())
G_DECLARE_FINAL_TYPE (CrrcEstablishmentView, crrc_establishment_view, CRRC, ESTABLISHMENT_VIEW, GtkWidget)

GtkWidget       *crrc_establishment_view_new             (void);
CrrcApplication *crrc_establishment_view_get_application (CrrcEstablishmentView *self);
/* The store, and ::data-changed to reload what is shown. */
void             crrc_establishment_view_set_application (CrrcEstablishmentView *self,
                                                          CrrcApplication       *application);
/* Shows @finess (loaded off the main thread, on a read-only connection). */
void             crrc_establishment_view_show            (CrrcEstablishmentView *self,
                                                          const char            *finess);
const char      *crrc_establishment_view_get_finess      (CrrcEstablishmentView *self);
/* The establishment's name once loaded (the page's title), or NULL. */
const char      *crrc_establishment_view_get_title       (CrrcEstablishmentView *self);
gboolean         crrc_establishment_view_get_loading     (CrrcEstablishmentView *self);
/* Writes the one-page "Fiche établissement" PDF of what is shown. */
void             crrc_establishment_view_export_fiche    (CrrcEstablishmentView *self);
/* Writes the fiche to @file without asking (in a thread; a toast says
 * how it went). */
void             crrc_establishment_view_write_fiche     (CrrcEstablishmentView *self,
                                                          GFile                 *file);

/* For the tests: the radar shown (NULL without a diagnostic), the detail
 * shown, and how many note writes are queued or running. */
CrrcChart       *crrc_establishment_view_get_radar       (CrrcEstablishmentView *self);
CrrcEstablishmentDetail *crrc_establishment_view_get_detail (CrrcEstablishmentView *self);
guint            crrc_establishment_view_get_n_pending_writes (CrrcEstablishmentView *self);

/* Signals:
 * ::open-establishment (const char *finess): the user asked for another
 *   establishment (one of the same legal entity, the GHT's support…).
 * notify::title, notify::loading. */

G_END_DECLS
