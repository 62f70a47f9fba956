/* crrc-observatoire-page.h: the Observatoire page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-chart.h"

G_BEGIN_DECLS

#define CRRC_TYPE_OBSERVATOIRE_PAGE (crrc_observatoire_page_get_type ())
G_DECLARE_FINAL_TYPE (CrrcObservatoirePage, crrc_observatoire_page, CRRC, OBSERVATOIRE_PAGE, AdwBin)

GtkWidget       *crrc_observatoire_page_new             (void);
CrrcApplication *crrc_observatoire_page_get_application (CrrcObservatoirePage *self);
void             crrc_observatoire_page_set_application (CrrcObservatoirePage *self,
                                                         CrrcApplication      *application);

/* The filters. The year is 0 until the cache says which is the latest;
 * NULL region, department, sector or origin mean "all". */
int              crrc_observatoire_page_get_year        (CrrcObservatoirePage *self);
void             crrc_observatoire_page_set_year        (CrrcObservatoirePage *self,
                                                         int                   year);
const char      *crrc_observatoire_page_get_region      (CrrcObservatoirePage *self);
void             crrc_observatoire_page_set_region      (CrrcObservatoirePage *self,
                                                         const char           *region);
const char      *crrc_observatoire_page_get_department  (CrrcObservatoirePage *self);
void             crrc_observatoire_page_set_department  (CrrcObservatoirePage *self,
                                                         const char           *department);
const char      *crrc_observatoire_page_get_sector      (CrrcObservatoirePage *self);
void             crrc_observatoire_page_set_sector      (CrrcObservatoirePage *self,
                                                         const char           *sector);
const char      *crrc_observatoire_page_get_origin      (CrrcObservatoirePage *self);
void             crrc_observatoire_page_set_origin      (CrrcObservatoirePage *self,
                                                         const char           *origin);
void             crrc_observatoire_page_reset_filters   (CrrcObservatoirePage *self);
/* "count" or "per-establishment". */
const char      *crrc_observatoire_page_get_map_mode    (CrrcObservatoirePage *self);
void             crrc_observatoire_page_set_map_mode    (CrrcObservatoirePage *self,
                                                         const char           *map_mode);

/* Whether the last synchronisation of the session failed: a banner says
 * the figures may be out of date. */
void             crrc_observatoire_page_set_sync_failed (CrrcObservatoirePage *self,
                                                         gboolean              failed);

/* Whether figures are being read from the cache. */
gboolean         crrc_observatoire_page_get_loading     (CrrcObservatoirePage *self);
/* Reads the figures again (the cache changed). */
void             crrc_observatoire_page_reload          (CrrcObservatoirePage *self);

/* The KPI tile (ids "kpi-incidents", …) or the chart of a card
 * ("incidents-par-annee", …) as shown, or NULL for an unknown id. */
CrrcChart       *crrc_observatoire_page_get_kpi_chart   (CrrcObservatoirePage *self,
                                                         const char           *id);
CrrcChart       *crrc_observatoire_page_get_chart       (CrrcObservatoirePage *self,
                                                         const char           *id);
/* The chart models shown (GPtrArray of CrrcChartModel, page order), or
 * NULL before the first load. */
GPtrArray       *crrc_observatoire_page_get_charts      (CrrcObservatoirePage *self);
GPtrArray       *crrc_observatoire_page_get_kpis        (CrrcObservatoirePage *self);
/* "results", "no-results", "empty", "error" or "loading": what the page shows. */
const char      *crrc_observatoire_page_get_state       (CrrcObservatoirePage *self);

/* The page's menu entries, also the window's F5, Ctrl+E and Ctrl+P. */
void             crrc_observatoire_page_present         (CrrcObservatoirePage *self);
void             crrc_observatoire_page_export_slides   (CrrcObservatoirePage *self);
void             crrc_observatoire_page_print           (CrrcObservatoirePage *self);

G_END_DECLS
