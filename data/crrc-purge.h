/* crrc-purge.h: deleting every piece of data the cache holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "crrc-store.h"

G_BEGIN_DECLS

gboolean crrc_store_purge          (CrrcStore     *store,
                                    GCancellable  *cancellable,
                                    GError       **error);
gboolean crrc_store_purge_locked   (CrrcStore     *store,
                                    gpointer       data,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
