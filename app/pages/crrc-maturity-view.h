/* crrc-maturity-view.h: the region's maturity at a glance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "crrc-application.h"

G_BEGIN_DECLS

#define CRRC_TYPE_MATURITY_VIEW (crrc_maturity_view_get_type ())

G_DECLARE_FINAL_TYPE (CrrcMaturityView, crrc_maturity_view, CRRC, MATURITY_VIEW, AdwBin)

GtkWidget *crrc_maturity_view_new             (void);
/* Follows the application's store and reloads on ::data-changed; loads the
 * first time the view is mapped. */
void       crrc_maturity_view_set_application (CrrcMaturityView *self,
                                               CrrcApplication  *application);

G_END_DECLS
