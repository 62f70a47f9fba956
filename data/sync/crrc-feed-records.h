/* crrc-feed-records.h: validating feed records and writing them to the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* The feeds of protocol version 1 (FEED-PROTOCOL.md, "Feeds and records"). */
typedef enum
{
  CRRC_FEED_ESTABLISHMENTS,
  CRRC_FEED_INCIDENTS,
  CRRC_FEED_AUDITS,
  CRRC_FEED_ALERTS,
  CRRC_FEED_DIAGNOSTICS,
  CRRC_FEED_CAMPAIGNS,
  CRRC_FEED_EXERCISES,
  CRRC_FEED_FUNDING,
  CRRC_N_FEEDS
} CrrcFeedKind;

typedef enum
{
  CRRC_FEED_RECORD_ADDED,
  CRRC_FEED_RECORD_UPDATED,
  CRRC_FEED_RECORD_UNCHANGED,
  CRRC_FEED_RECORD_REJECTED,
} CrrcFeedRecordOutcome;

/* Why a record was rejected: which field, and a sentence for people. */
typedef struct
{
  char *record;  /* the record's id, or "#<index>" when it has none */
  char *field;   /* e.g. "finess", "findings[2].severity", or NULL */
  char *reason;  /* translated sentence */
} CrrcFeedReject;

void        crrc_feed_reject_clear      (CrrcFeedReject *reject);

gboolean    crrc_feed_kind_from_name    (const char     *name,
                                         CrrcFeedKind   *kind);
const char *crrc_feed_kind_to_name      (CrrcFeedKind    kind);

/*
 * Writes the records of one feed inside the caller's transaction on @db.
 * @source is stored in each row's `source` column (e.g. "feed:<manifest
 * URL>"): a snapshot removes only rows of that source, and imported or
 * local rows are never touched.
 */
typedef struct _CrrcFeedApplier CrrcFeedApplier;

CrrcFeedApplier *crrc_feed_applier_new          (sqlite3                *db,
                                                 CrrcFeedKind            kind,
                                                 const char             *source);
void             crrc_feed_applier_free         (CrrcFeedApplier        *self);

/*
 * Validates one element of a page's `items` (@json: its JSON text, already
 * checked for UTF-8, depth and size) and, when valid, inserts or updates
 * it with its child rows. @index is its position among all items of the
 * feed, for reject messages. A record breaking the protocol's table gives
 * CRRC_FEED_RECORD_REJECTED and fills @reject. Returns FALSE only on a
 * SQLite error (CRRC_STORE_ERROR_SQLITE): the feed then fails.
 */
gboolean         crrc_feed_applier_apply        (CrrcFeedApplier        *self,
                                                 const char             *json,
                                                 gsize                   length,
                                                 guint64                 index,
                                                 CrrcFeedRecordOutcome  *outcome,
                                                 CrrcFeedReject         *reject,
                                                 GError                **error);

/* Removes the record @id of this feed and source, if it is there. */
gboolean         crrc_feed_applier_delete       (CrrcFeedApplier        *self,
                                                 const char             *id,
                                                 gboolean               *deleted,
                                                 GError                **error);

/* Optional, for a caller that rolls a page back to a savepoint and reads
 * it again: the snapshot then forgets the ids applied since the
 * savepoint (they count again when applied again). */
void             crrc_feed_applier_set_savepoint         (CrrcFeedApplier *self);
void             crrc_feed_applier_rollback_to_savepoint (CrrcFeedApplier *self);

/* After the last page of a snapshot: removes the rows of this feed and
 * source that no page listed. */
gboolean         crrc_feed_applier_finish_snapshot (CrrcFeedApplier     *self,
                                                    guint               *n_deleted,
                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcFeedApplier, crrc_feed_applier_free)

G_END_DECLS
