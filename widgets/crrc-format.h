/* crrc-format.h: numbers and dates as the user's locale writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *crrc_format_count   (gint64     value);
char *crrc_format_decimal (double     value,
                           guint      decimals);
char *crrc_format_percent (double     value,
                           guint      decimals);
char *crrc_format_change  (double     percent,
                           guint      decimals);
char *crrc_format_date    (GDateTime *datetime);

G_END_DECLS
