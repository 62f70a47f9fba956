/* crrc-feed-state.h: what the cache remembers of each feed of a source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-feed-records.h"
#include "crrc-store.h"

G_BEGIN_DECLS

/* Rejected records kept in a CrrcFeedState; n_rejected counts them all. */
#define CRRC_FEED_STATE_MAX_REJECTS 200

/* One row of the `feed_state` table, as the sync engine left it, with the
 * records of the feed that the last recorded sync of the source rejected. */
typedef struct
{
  char      *feed;             /* "incidents" */
  char      *url;              /* first page last requested, or NULL */
  char      *status;           /* "updated", "unchanged", "failed", "postponed",
                                * "discontinued", or NULL before the first sync */
  gint64     records;          /* rows of this feed in the cache, -1 if unknown */
  guint      http_status;      /* of the last response, 0 if none */
  char      *last_error;       /* or NULL */
  GDateTime *last_attempt_at;  /* in UTC, or NULL */
  GDateTime *last_success_at;  /* in UTC, or NULL */
  GDateTime *postponed_until;  /* in UTC, or NULL */
  gboolean   discontinued;
  guint      n_rejected;
  GPtrArray *rejects;          /* of CrrcFeedReject, the first
                                * CRRC_FEED_STATE_MAX_REJECTS */
} CrrcFeedState;

void           crrc_feed_state_free        (CrrcFeedState        *state);
/* Frees a CrrcFeedReject allocated with g_new(), as in CrrcFeedState. */
void           crrc_feed_state_reject_free (CrrcFeedReject       *reject);
CrrcFeedReject *crrc_feed_state_reject_copy (const CrrcFeedReject *reject);
CrrcFeedState *crrc_feed_state_copy        (const CrrcFeedState  *state);

/* "feed:" and the manifest URL of the feed whose base URL is @url. */
char          *crrc_feed_source_for_url    (const char           *url);

/*
 * The feeds of @source, in the order of the protocol's table (unknown
 * names last, by name): a GPtrArray of CrrcFeedState, empty when nothing
 * was synchronised from @source yet. Blocking: call it from the thread that
 * uses @store at that moment.
 */
GPtrArray     *crrc_feed_state_load        (CrrcStore            *store,
                                            const char           *source,
                                            GError              **error);
/* The same in a worker thread. The caller makes sure that nothing else
 * uses @store until @callback runs. */
void           crrc_feed_state_load_async  (CrrcStore            *store,
                                            const char           *source,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GPtrArray     *crrc_feed_state_load_finish (GAsyncResult         *result,
                                            GError              **error);

/* The latest last_success_at of @states, or NULL. */
GDateTime     *crrc_feed_state_get_latest_success (GPtrArray     *states);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcFeedState, crrc_feed_state_free)

G_END_DECLS
