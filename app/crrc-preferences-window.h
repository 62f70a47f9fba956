/* crrc-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CRRC_TYPE_PREFERENCES_WINDOW (crrc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CrrcPreferencesWindow, crrc_preferences_window, CRRC, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *crrc_preferences_window_new (void);

G_END_DECLS
