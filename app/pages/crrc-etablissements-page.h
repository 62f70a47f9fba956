/* crrc-etablissements-page.h: the Établissements page, list and detail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-establishment-list.h"
#include "crrc-establishment-view.h"
#include "crrc-establishments.h"

G_BEGIN_DECLS

#define CRRC_TYPE_ETABLISSEMENTS_PAGE (crrc_etablissements_page_get_type ())
G_DECLARE_FINAL_TYPE (CrrcEtablissementsPage, crrc_etablissements_page, CRRC, ETABLISSEMENTS_PAGE, GtkWidget)

void                            crrc_etablissements_page_set_application (CrrcEtablissementsPage         *self,
                                                                          CrrcApplication                *application);
/* The text searched (the search entry's) and the filters. */
void                            crrc_etablissements_page_set_query       (CrrcEtablissementsPage         *self,
                                                                          const char                     *text);
const char                     *crrc_etablissements_page_get_query       (CrrcEtablissementsPage         *self);
void                            crrc_etablissements_page_set_filter      (CrrcEtablissementsPage         *self,
                                                                          const CrrcEstablishmentsFilter *filter);
const CrrcEstablishmentsFilter *crrc_etablissements_page_get_filter      (CrrcEtablissementsPage         *self);
/* Opens the detail of @finess; go_back() returns to the list as it was
 * (or to the previous detail). */
void                            crrc_etablissements_page_show_establishment (CrrcEtablissementsPage      *self,
                                                                             const char                  *finess);
gboolean                        crrc_etablissements_page_go_back         (CrrcEtablissementsPage         *self);
gboolean                        crrc_etablissements_page_get_showing_detail (CrrcEtablissementsPage      *self);
void                            crrc_etablissements_page_focus_search    (CrrcEtablissementsPage         *self);
CrrcEstablishmentList          *crrc_etablissements_page_get_list_model  (CrrcEtablissementsPage         *self);
GtkColumnView                  *crrc_etablissements_page_get_view        (CrrcEtablissementsPage         *self);
CrrcEstablishmentView          *crrc_etablissements_page_get_detail      (CrrcEtablissementsPage         *self);
/* The count shown, e.g. "1 234 establishments". */
const char                     *crrc_etablissements_page_get_count_text  (CrrcEtablissementsPage         *self);

G_END_DECLS
