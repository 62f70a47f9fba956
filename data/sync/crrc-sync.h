/* crrc-sync.h: bringing the cache up to date from a CRRC feed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-feed-client.h"
#include "crrc-store.h"

G_BEGIN_DECLS

typedef enum
{
  CRRC_FEED_OUTCOME_UPDATED,
  CRRC_FEED_OUTCOME_UNCHANGED,
  CRRC_FEED_OUTCOME_FAILED,
  CRRC_FEED_OUTCOME_POSTPONED,
  CRRC_FEED_OUTCOME_DISCONTINUED,
} CrrcFeedOutcome;

typedef struct
{
  char            *feed;         /* "incidents" */
  char            *url;          /* first page requested */
  CrrcFeedOutcome  outcome;
  guint            records;      /* rows of this feed in the cache afterwards */
  guint            added;
  guint            updated;
  guint            deleted;
  guint            rejected;
  guint            http_status;  /* of the last response, 0 if none */
  char            *error;        /* why it failed or was postponed, or NULL */
  GPtrArray       *rejects;      /* of CrrcFeedReject (crrc-feed-records.h), at most
                                  * the first 1000; @rejected counts them all */
  gint64           postponed_until; /* unix time, for CRRC_FEED_OUTCOME_POSTPONED */
} CrrcFeedResult;

#define CRRC_TYPE_SYNC_REPORT (crrc_sync_report_get_type ())
G_DECLARE_FINAL_TYPE (CrrcSyncReport, crrc_sync_report, CRRC, SYNC_REPORT, GObject)

const char           *crrc_feed_outcome_to_string        (CrrcFeedOutcome  outcome);

const char           *crrc_sync_report_get_url           (CrrcSyncReport  *self);
guint                 crrc_sync_report_get_n_feeds       (CrrcSyncReport  *self);
const CrrcFeedResult *crrc_sync_report_get_feed          (CrrcSyncReport  *self,
                                                          guint            index);
const CrrcFeedResult *crrc_sync_report_lookup_feed       (CrrcSyncReport  *self,
                                                          const char      *feed);
/* Feeds the manifest named that this version does not know (skipped). */
const char * const   *crrc_sync_report_get_unknown_feeds (CrrcSyncReport  *self);
gboolean              crrc_sync_report_has_failures      (CrrcSyncReport  *self);
/* Where the manifest moved permanently (301/308), or NULL; also kept in the
 * cache's `meta` table under "feed_url_moved:<manifest URL>". */
const char           *crrc_sync_report_get_moved_url     (CrrcSyncReport  *self);
/* Whether the run was cancelled: its last feed is the one being read, left
 * as it was (outcome failed); the feeds before it were committed. */
gboolean              crrc_sync_report_get_cancelled     (CrrcSyncReport  *self);
/* One line per feed, then a summary, in the user's language. */
char                 *crrc_sync_report_to_text           (CrrcSyncReport  *self);

#define CRRC_TYPE_SYNC (crrc_sync_get_type ())
G_DECLARE_FINAL_TYPE (CrrcSync, crrc_sync, CRRC, SYNC, GObject)

/*
 * A sync of @store from the feed whose manifest is at @url (its base URL,
 * "manifest.json" appended when it does not end with ".json"). Emits
 * ::progress (feed, page, records, bytes) — from the thread that runs it
 * for crrc_sync_run(), in the caller's main context for the async variant.
 */
CrrcSync       *crrc_sync_new        (CrrcStore            *store,
                                      const char           *url);
/* The client of the run: set the access token (from the keyring), the
 * timeout or the size limit here before running. */
CrrcFeedClient *crrc_sync_get_client (CrrcSync             *self);
void            crrc_sync_set_use_keyring (CrrcSync        *self,
                                           gboolean         use_keyring);

/*
 * Runs the sync on the calling thread (a worker, or the command line).
 * Returns NULL with an error only when no feed could be tried at all: the
 * URL is refused (CRRC_FEED_ERROR_INSECURE, before any connection) or the
 * manifest could not be fetched or is not a CRRC feed manifest. Feeds that
 * fail are in the report; the others are applied. Cancelling leaves every
 * feed not yet committed exactly as it was.
 */
CrrcSyncReport *crrc_sync_run        (CrrcSync             *self,
                                      GCancellable         *cancellable,
                                      GError              **error);
void            crrc_sync_run_async  (CrrcSync             *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
CrrcSyncReport *crrc_sync_run_finish (CrrcSync             *self,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
