/* crrc-a11y.h: what screen readers are told, where GTK 4.8 says it twice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void crrc_a11y_fix_mnemonic_button  (GtkButton  *button);
void crrc_a11y_fix_mnemonic_buttons (GtkWidget  *root);
void crrc_a11y_watch_toplevels      (void);

G_END_DECLS
