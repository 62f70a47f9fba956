/* crrc-campaign-dialogs.h: creating a campaign, adding targets, moving a
 * target to a stage
 *
 * Each dialog validates what is typed (messages in the dialog), writes
 * through crrc_store_write_async() on the application's store, tells the
 * pages (crrc_application_data_changed()) and calls @done on @owner (a
 * GObject held weakly: nothing is called once it is gone) before it
 * closes. Escape or Cancel close it and write nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-campaigns.h"
#include "crrc-establishments.h"

G_BEGIN_DECLS

/* @id: the campaign written to (a new campaign's id); @message: what was
 * done, for a toast, or NULL. */
typedef void (*CrrcCampaignDialogDone) (GObject    *owner,
                                        const char *id,
                                        const char *message);

/* "New Campaign": name, region, sector, start and due dates. */
GtkWindow *crrc_campaign_dialog_create        (GtkWindow              *parent,
                                               CrrcApplication        *application,
                                               CrrcCampaignDialogDone  done,
                                               GObject                *owner);

/* "Move to Stage": stage (the current one chosen), date (today), comment.
 * @name: the establishment's name, for the title. */
GtkWindow *crrc_campaign_dialog_move_target   (GtkWindow              *parent,
                                               CrrcApplication        *application,
                                               const char             *campaign_id,
                                               const char             *finess,
                                               const char             *name,
                                               int                     current_stage,
                                               CrrcCampaignDialogDone  done,
                                               GObject                *owner);

/* "Add Establishments": a search of the registry, several chosen, added.
 * @targeted: the FINESS numbers the campaign already has (shown, not
 * selectable). */
GtkWindow *crrc_campaign_dialog_add_targets   (GtkWindow              *parent,
                                               CrrcApplication        *application,
                                               const CrrcCampaign     *campaign,
                                               const char * const     *targeted,
                                               CrrcCampaignDialogDone  done,
                                               GObject                *owner);

/* "Add to a Campaign": every establishment of @filter (@count of them,
 * as the list says) added to a chosen campaign. */
GtkWindow *crrc_campaign_dialog_add_matching  (GtkWindow                      *parent,
                                               CrrcApplication                *application,
                                               const CrrcEstablishmentsFilter *filter,
                                               gint64                          count,
                                               CrrcCampaignDialogDone          done,
                                               GObject                        *owner);

/* Helpers shared with the Campagnes page. */

/* "21 mai 2024" from "2024-05-21"; NULL stays NULL, anything else is
 * returned as it is. */
char       *crrc_campaign_format_date        (const char *iso_date);
/* "Medico-social", "Health", or @sector itself. */
const char *crrc_campaign_sector_label       (const char *sector);
/* A date as typed ("2024-05-21", "21/05/2024", "21.5.2024") in ISO form,
 * or NULL when it is not a valid date. */
char       *crrc_campaign_parse_user_date    (const char *text);
/* Today (or @iso_date) as the dialogs show it in their date fields. */
char       *crrc_campaign_format_user_date   (const char *iso_date);

G_END_DECLS
