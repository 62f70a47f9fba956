/* crrc-toast.h: a toast of plain text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

gboolean crrc_toast_show_plain (GtkWidget        *from,
                                const char       *text,
                                AdwToastPriority  priority);

G_END_DECLS
