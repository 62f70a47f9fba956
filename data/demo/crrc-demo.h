/* crrc-demo.h: the built-in demonstration feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "crrc-store.h"

G_BEGIN_DECLS

/* The seed of the demonstration data the application ships. */
#define CRRC_DEMO_SEED 2023u

gboolean crrc_demo_write_feed (const char  *directory,
                               guint32      seed,
                               guint        scale,
                               GError     **error);

char    *crrc_demo_get_directory (const char  *cache_path);
char    *crrc_demo_get_url       (const char  *cache_path);
gboolean crrc_demo_remove        (CrrcStore   *store,
                                  const char  *source,
                                  GError     **error);

G_END_DECLS
