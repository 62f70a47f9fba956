/* crrc-presentation-window.h: presenting the Observatoire's charts full screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CRRC_TYPE_PRESENTATION_WINDOW (crrc_presentation_window_get_type ())
G_DECLARE_FINAL_TYPE (CrrcPresentationWindow, crrc_presentation_window, CRRC, PRESENTATION_WINDOW, AdwWindow)

/* A full-screen window showing one chart of @charts (GPtrArray of
 * CrrcChartModel) at a time at slide size, starting at @first. Right, Down,
 * Page Down and Space go forward; Left, Up, Page Up back; Home and End to
 * the ends; Escape closes it. */
CrrcPresentationWindow *crrc_presentation_window_new      (GtkWindow              *parent,
                                                           GPtrArray              *charts,
                                                           guint                   first);
guint                   crrc_presentation_window_get_index (CrrcPresentationWindow *self);
void                    crrc_presentation_window_set_index (CrrcPresentationWindow *self,
                                                            guint                   index);
guint                   crrc_presentation_window_get_n_charts (CrrcPresentationWindow *self);

G_END_DECLS
