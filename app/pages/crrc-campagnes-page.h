/* crrc-campagnes-page.h: the Campagnes page — campaigns, their pipeline,
 * coverage and targets; the maturity overview beside them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-campaigns.h"

G_BEGIN_DECLS

#define CRRC_TYPE_CAMPAGNES_PAGE (crrc_campagnes_page_get_type ())

G_DECLARE_FINAL_TYPE (CrrcCampagnesPage, crrc_campagnes_page, CRRC, CAMPAGNES_PAGE, GtkWidget)

/* Follows the application's store, reloads on ::data-changed; loads the
 * first time the page is shown. */
void        crrc_campagnes_page_set_application   (CrrcCampagnesPage *self,
                                                   CrrcApplication   *application);

/* The campaigns listed (of CrrcCampaign, transfer none), NULL before the
 * first load. */
GPtrArray  *crrc_campagnes_page_get_campaigns     (CrrcCampagnesPage *self);
/* Whether a list or a campaign is being read. */
gboolean    crrc_campagnes_page_get_loading       (CrrcCampagnesPage *self);

/* Shows a campaign's detail (Alt+Left or the back button come back). */
void        crrc_campagnes_page_open_campaign     (CrrcCampagnesPage *self,
                                                   const char        *campaign_id);
/* The campaign shown, or NULL on the list. */
const char *crrc_campagnes_page_get_campaign_id   (CrrcCampagnesPage *self);
/* The campaign shown as read (transfer none), or NULL. */
const CrrcCampaign *crrc_campagnes_page_get_campaign (CrrcCampagnesPage *self);
/* Every target of the campaign shown (of CrrcCampaignTarget, transfer
 * none), whatever the filters; NULL on the list. */
GPtrArray  *crrc_campagnes_page_get_targets       (CrrcCampagnesPage *self);
/* The count the pipeline shows for @stage. */
guint       crrc_campagnes_page_get_stage_count   (CrrcCampagnesPage *self,
                                                   CrrcCampaignStage  stage);
/* Filters of the targets: a stage or CRRC_CAMPAIGN_STAGE_NONE, a
 * department code or NULL. */
void        crrc_campagnes_page_set_target_filter (CrrcCampagnesPage *self,
                                                   int                stage,
                                                   const char        *department);
/* The target chosen in the list (transfer none), or NULL. */
CrrcCampaignTarget *crrc_campagnes_page_get_selected_target (CrrcCampagnesPage *self);
/* The targets' list. */
GtkColumnView *crrc_campagnes_page_get_target_view (CrrcCampagnesPage *self);
gboolean    crrc_campagnes_page_go_back           (CrrcCampagnesPage *self);
gboolean    crrc_campagnes_page_get_showing_detail (CrrcCampagnesPage *self);
/* Opens the New Campaign dialog. */
void        crrc_campagnes_page_new_campaign      (CrrcCampagnesPage *self);

G_END_DECLS
