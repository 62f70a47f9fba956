/* crrc-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"
#include "crrc-sync-scheduler.h"

G_BEGIN_DECLS

#define CRRC_TYPE_WINDOW (crrc_window_get_type ())
G_DECLARE_FINAL_TYPE (CrrcWindow, crrc_window, CRRC, WINDOW, AdwApplicationWindow)

CrrcWindow *crrc_window_new                  (CrrcApplication *application);
const char *crrc_window_get_visible_page     (CrrcWindow      *self);
void        crrc_window_set_visible_page     (CrrcWindow      *self,
                                              const char      *name);
CrrcSyncScheduler *crrc_window_get_sync_scheduler (CrrcWindow *self);

G_END_DECLS
