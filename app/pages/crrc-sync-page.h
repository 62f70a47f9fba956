/* crrc-sync-page.h: the Synchronisation page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"

G_BEGIN_DECLS

#define CRRC_TYPE_SYNC_PAGE (crrc_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (CrrcSyncPage, crrc_sync_page, CRRC, SYNC_PAGE, AdwBin)

GtkWidget       *crrc_sync_page_new             (void);
CrrcApplication *crrc_sync_page_get_application (CrrcSyncPage    *self);
void             crrc_sync_page_set_application (CrrcSyncPage    *self,
                                                 CrrcApplication *application);
gboolean         crrc_sync_page_get_importing   (CrrcSyncPage    *self);
void             crrc_sync_page_choose_file     (CrrcSyncPage    *self);
gboolean         crrc_sync_page_import_file     (CrrcSyncPage    *self,
                                                 GFile           *file);
void             crrc_sync_page_cancel_import   (CrrcSyncPage    *self);

gboolean         crrc_sync_page_get_busy        (CrrcSyncPage    *self);
gboolean         crrc_sync_page_get_syncing     (CrrcSyncPage    *self);
gboolean         crrc_sync_page_get_can_sync    (CrrcSyncPage    *self);
gboolean         crrc_sync_page_start_sync      (CrrcSyncPage    *self,
                                                 gboolean         automatic);
void             crrc_sync_page_cancel_sync     (CrrcSyncPage    *self);
GDateTime       *crrc_sync_page_dup_last_success (CrrcSyncPage   *self);
GDateTime       *crrc_sync_page_dup_last_attempt (CrrcSyncPage   *self);
gboolean         crrc_sync_page_get_network_available (CrrcSyncPage *self);
void             crrc_sync_page_set_network_available (CrrcSyncPage *self,
                                                       gboolean      available);
gboolean         crrc_sync_page_get_needs_network (CrrcSyncPage  *self);
gboolean         crrc_sync_page_get_demo        (CrrcSyncPage    *self);
gboolean         crrc_sync_page_remove_demo_data (CrrcSyncPage   *self);

G_END_DECLS
