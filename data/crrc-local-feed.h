/* crrc-local-feed.h: the analyst's own work as a CRRC feed directory
 *
 * "Exporter mes saisies": validated local diagnostics, the analyst's
 * campaigns and the stage changes of their targets are written as a feed
 * directory (manifest.json and pages, FEED-PROTOCOL.md) that a regional or
 * national server can serve unchanged, and that this application syncs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint diagnostics;    /* validated local diagnostics */
  guint campaigns;      /* campaigns written (the analyst's, and synced
                         * ones the analyst changed) */
  guint targets;        /* their targets */
  guint stage_changes;  /* targets whose stage is a local change */
} CrrcLocalFeedCounts;

/* Writes the feed into @directory, which must not exist or be empty; it is
 * created user-only (0700, files 0600). @publisher names the centre in the
 * manifest. On error nothing is left in @directory. @store may be a reader
 * connection. */
gboolean crrc_local_feed_export (CrrcStore            *store,
                                 const char           *directory,
                                 const char           *publisher,
                                 CrrcLocalFeedCounts  *counts,
                                 GError              **error);

/* The publisher of the centre of @region_code (INSEE code, "FR" or NULL):
 * "CRRC Bourgogne-Franche-Comté", or "CRRC". */
char    *crrc_local_feed_get_publisher (const char *region_code);

G_END_DECLS
