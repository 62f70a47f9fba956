/* crrc-banner.h: a message strip under the header bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CRRC_TYPE_BANNER (crrc_banner_get_type ())
G_DECLARE_FINAL_TYPE (CrrcBanner, crrc_banner, CRRC, BANNER, GtkWidget)

GtkWidget  *crrc_banner_new              (void);
const char *crrc_banner_get_title        (CrrcBanner *self);
void        crrc_banner_set_title        (CrrcBanner *self,
                                          const char *title);
const char *crrc_banner_get_button_label (CrrcBanner *self);
void        crrc_banner_set_button_label (CrrcBanner *self,
                                          const char *label);
const char *crrc_banner_get_secondary_button_label (CrrcBanner *self);
void        crrc_banner_set_secondary_button_label (CrrcBanner *self,
                                                    const char *label);
gboolean    crrc_banner_get_revealed     (CrrcBanner *self);
void        crrc_banner_set_revealed     (CrrcBanner *self,
                                          gboolean    revealed);
gboolean    crrc_banner_get_error        (CrrcBanner *self);
void        crrc_banner_set_error        (CrrcBanner *self,
                                          gboolean    error);

G_END_DECLS
