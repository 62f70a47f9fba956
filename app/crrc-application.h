/* crrc-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-store.h"

G_BEGIN_DECLS

#define CRRC_TYPE_APPLICATION (crrc_application_get_type ())
G_DECLARE_FINAL_TYPE (CrrcApplication, crrc_application, CRRC, APPLICATION, AdwApplication)

CrrcApplication *crrc_application_new            (void);
const char      *crrc_application_get_cache_path (CrrcApplication *self);
CrrcStore       *crrc_application_get_store      (CrrcApplication *self);
const GError    *crrc_application_get_store_error (CrrcApplication *self);
/* Tells every page that the cache's content changed (a sync, an import, the
 * demonstration data removed): emits ::data-changed. */
void             crrc_application_data_changed    (CrrcApplication *self);
void             crrc_application_set_session_token (CrrcApplication *self,
                                                     const char      *feed_url,
                                                     const char      *token);
const char      *crrc_application_get_session_token (CrrcApplication *self,
                                                     const char      *feed_url);

G_END_DECLS
