/* crrc-sync.c: bringing the cache up to date from a CRRC feed
 *
 * One run reads the manifest, then each feed it lists, in its order. A feed
 * is applied in one BEGIN IMMEDIATE transaction that spans all of its pages:
 * each page streams from the client into a JSON splitter, whose `items` go
 * one by one to the record applier (crrc-feed-records.c) and whose
 * `deleted` ids are removed; `next` is followed until it is null. Only when
 * the last page was read to its end does the feed's state (cursor, ETag,
 * Last-Modified) join the same transaction and commit. Anything that goes
 * wrong before — a client error, a page that is not acceptable, a SQLite
 * error, a cancellation — rolls the whole feed back, so its rows and its
 * cursor are exactly as they were; the failure is then recorded in a small
 * transaction of its own, which never touches the cursor or the validators.
 *
 * data/FEEDS.md describes the behaviour for publishers and users.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "crrc-feed-records.h"
#include "crrc-feed-state.h"
#include "crrc-feed-token.h"
#include "crrc-feed-url.h"
#include "crrc-json-splitter.h"
#include "crrc-store-private.h"
#include "crrc-sync.h"

/* The protocol's limit of nesting, for pages and manifests alike. */
#define MAX_DEPTH 64
/* The largest single value (one record, one member) handed to a parser. */
#define MAX_VALUE_SIZE (16 * 1024 * 1024)
/* A feed longer than this is taken for a server that never ends it. */
#define MAX_PAGES 10000
#define MAX_MANIFEST_FEEDS 1000
/* Rejected records kept per feed in the report and in sync_rejects; the
 * count goes on beyond. */
#define MAX_REJECTS_KEPT 1000
#define PROGRESS_INTERVAL_US (100 * G_TIME_SPAN_MILLISECOND)
/* A 429 or 503 whose Retry-After is missing or past postpones this long; a
 * Retry-After further than the maximum is shortened to it. */
#define DEFAULT_POSTPONE_S (15 * 60)
#define MAX_POSTPONE_S (7 * 24 * 60 * 60)

struct _CrrcSyncReport
{
  GObject     parent_instance;

  char       *url;
  char       *moved_url;
  GPtrArray  *feeds;          /* of CrrcFeedResult */
  GPtrArray  *unknown_feeds;  /* of char *, NULL-terminated */
  gint64      started_at;     /* unix time */
  gint64      finished_at;
  gboolean    cancelled;
};

struct _CrrcSync
{
  GObject         parent_instance;

  CrrcStore      *store;
  char           *url;           /* as given */
  char           *manifest_url;
  char           *source;        /* "feed:" + manifest URL */
  CrrcFeedClient *client;
  gint            running;       /* atomic */
  gboolean        use_keyring;
};

G_DEFINE_FINAL_TYPE (CrrcSyncReport, crrc_sync_report, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (CrrcSync, crrc_sync, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The first bytes of a character cut between two chunks. */
typedef struct
{
  char  pending[4];
  guint n_pending;
} Utf8Check;

typedef struct
{
  char *name;  /* NULL when the entry has none */
  char *href;  /* NULL when the entry has none */
} ManifestFeed;

typedef struct
{
  CrrcJsonSplitter *splitter;
  JsonParser       *parser;
  char             *format;
  gboolean          have_version;
  gint64            version;
  gboolean          have_feeds;
  gboolean          feeds_repeated;
  GPtrArray        *feeds;     /* of ManifestFeed */
  Utf8Check         utf8;
} Manifest;

/* One feed being synchronised: what crosses the page callbacks. */
typedef struct
{
  CrrcSync         *sync;
  GTask            *task;         /* of the async variant, or NULL */
  GCancellable     *cancellable;
  CrrcFeedKind      kind;
  CrrcFeedResult   *result;
  CrrcFeedApplier  *applier;

  guint             page;         /* 1-based, the one being read */
  guint64           items;        /* items read so far, all pages */
  guint64           bytes;        /* body bytes read so far, all pages */
  guint64           page_bytes;
  gint64            last_progress;

  gboolean          snapshot;     /* of the first page */
  char             *cursor;       /* of the latest page that had one */

  /* The page being read. */
  CrrcJsonSplitter *splitter;
  Utf8Check         utf8;
  /* What the page being read started from, for a restart. */
  guint             start_added;
  guint             start_updated;
  guint             start_deleted;
  guint             start_rejected;
  guint             start_rejects_kept;
  guint64           start_items;
  char             *start_cursor;

  guint             seen;         /* of the members of page_members */
  const char       *repeated;     /* a member that appears twice */
  char             *next;
} FeedRun;

/* The members of a page that the engine reads. */
static const char * const page_members[] = {
  "feed", "version", "snapshot", "cursor", "next", "items", "deleted",
};

enum {
  SEEN_FEED = 1 << 0,
  SEEN_VERSION = 1 << 1,
  SEEN_ITEMS = 1 << 5,
};

/* Outcomes, as stored in feed_state.status and sync_runs. */
static const char * const outcome_ids[] = {
  [CRRC_FEED_OUTCOME_UPDATED] = "updated",
  [CRRC_FEED_OUTCOME_UNCHANGED] = "unchanged",
  [CRRC_FEED_OUTCOME_FAILED] = "failed",
  [CRRC_FEED_OUTCOME_POSTPONED] = "postponed",
  [CRRC_FEED_OUTCOME_DISCONTINUED] = "discontinued",
};

/**
 * crrc_feed_outcome_to_string:
 *
 * Returns: the outcome's identifier: "updated", "unchanged", "failed",
 *   "postponed" or "discontinued" (as stored in `feed_state.status`)
 */
const char *
crrc_feed_outcome_to_string (CrrcFeedOutcome outcome)
{
  g_return_val_if_fail ((guint) outcome < G_N_ELEMENTS (outcome_ids), NULL);

  return outcome_ids[outcome];
}

/* Results and rejects */

static void
feed_reject_free (gpointer data)
{
  CrrcFeedReject *reject = data;

  crrc_feed_reject_clear (reject);
  g_free (reject);
}

static CrrcFeedResult *
feed_result_new (const char *feed)
{
  CrrcFeedResult *result = g_new0 (CrrcFeedResult, 1);

  result->feed = g_strdup (feed);
  result->rejects = g_ptr_array_new_with_free_func (feed_reject_free);

  return result;
}

static void
feed_result_free (gpointer data)
{
  CrrcFeedResult *result = data;

  g_free (result->feed);
  g_free (result->url);
  g_free (result->error);
  g_clear_pointer (&result->rejects, g_ptr_array_unref);
  g_free (result);
}

static void
feed_result_set_error (CrrcFeedResult *result,
                       char           *message)
{
  g_free (result->error);
  result->error = message;
}

/* Counts and rejects of a failed feed were rolled back with it. */
static void
feed_result_forget_changes (CrrcFeedResult *result)
{
  result->added = 0;
  result->updated = 0;
  result->deleted = 0;
  result->rejected = 0;
  g_ptr_array_set_size (result->rejects, 0);
}

/* Manifest */

static void
manifest_feed_free (gpointer data)
{
  ManifestFeed *feed = data;

  g_free (feed->name);
  g_free (feed->href);
  g_free (feed);
}

static void
manifest_clear (Manifest *manifest)
{
  g_clear_pointer (&manifest->splitter, crrc_json_splitter_free);
  g_clear_object (&manifest->parser);
  g_clear_pointer (&manifest->format, g_free);
  g_clear_pointer (&manifest->feeds, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Manifest, manifest_clear)

static void
feed_run_clear (FeedRun *run)
{
  g_clear_pointer (&run->applier, crrc_feed_applier_free);
  g_clear_pointer (&run->splitter, crrc_json_splitter_free);
  g_clear_pointer (&run->cursor, g_free);
  g_clear_pointer (&run->start_cursor, g_free);
  g_clear_pointer (&run->next, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FeedRun, feed_run_clear)

/* Small JSON values
 *
 * The splitter hands on only valid JSON text of bounded size and depth, so
 * scalars are read here directly; objects go to json-glib. */

static gboolean
json_is_null (const char *json)
{
  return g_str_equal (json, "null");
}

static gboolean
json_read_boolean (const char *json,
                   gboolean   *value)
{
  if (g_str_equal (json, "true"))
    *value = TRUE;
  else if (g_str_equal (json, "false"))
    *value = FALSE;
  else
    return FALSE;

  return TRUE;
}

/* An integer written without fraction or exponent. */
static gboolean
json_read_integer (const char *json,
                   gint64     *value)
{
  return g_ascii_string_to_signed (json, 10, G_MININT64, G_MAXINT64, value, NULL);
}

/* The text of a JSON string, or NULL when @json is another kind of value
 * or holds U+0000 (it could not be stored as text). */
static char *
json_read_string (const char *json,
                  gsize       length)
{
  if (length < 2 || json[0] != '"' || json[length - 1] != '"')
    return NULL;

  return crrc_json_unescape (json + 1, length - 2);
}

/* UTF-8 of a whole document
 *
 * The splitter checks the values it hands on; members it skips must be
 * UTF-8 too (a page that is not UTF-8 is refused whole). Chunks may cut a
 * character: its first bytes wait for the next chunk. */

/* The length of the sequence that @lead starts, or 0 if it starts none. */
static guint
utf8_sequence_length (guchar lead)
{
  if (lead < 0x80)
    return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    return 2;
  if (lead >= 0xE0 && lead <= 0xEF)
    return 3;
  if (lead >= 0xF0 && lead <= 0xF4)
    return 4;

  return 0;
}

static gboolean
utf8_check_feed (Utf8Check  *check,
                 const char *data,
                 gsize       length)
{
  const char *end = NULL;
  gsize rest;

  if (check->n_pending > 0)
    {
      guint needed = utf8_sequence_length ((guchar) check->pending[0]);

      while (check->n_pending < needed && length > 0)
        {
          check->pending[check->n_pending++] = *data++;
          length--;
        }
      if (check->n_pending < needed)
        return TRUE;
      if (!g_utf8_validate_len (check->pending, check->n_pending, NULL))
        return FALSE;
      check->n_pending = 0;
    }

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  /* Only an incomplete sequence at the very end may wait. */
  rest = length - (gsize) (end - data);
  if (rest >= utf8_sequence_length ((guchar) *end) || rest >= 4)
    return FALSE;
  for (gsize i = 1; i < rest; i++)
    if (((guchar) end[i] & 0xC0) != 0x80)
      return FALSE;

  memcpy (check->pending, end, rest);
  check->n_pending = (guint) rest;

  return TRUE;
}

static gboolean
utf8_check_finish (Utf8Check *check)
{
  return check->n_pending == 0;
}

/* Addresses */

static gboolean
is_scheme (const char *url,
           const char *scheme)
{
  gsize n = strlen (scheme);

  return g_ascii_strncasecmp (url, scheme, n) == 0 && url[n] == ':';
}

static gboolean
is_remote (const char *url)
{
  return is_scheme (url, "https") || is_scheme (url, "http");
}

/*
 * Whether a document at @from may send the client to @to (a feed's href, a
 * page's next): the rules of redirects for a document read from the network
 * (never into local files, never from https to http), the rules of feed
 * addresses for a local one.
 */
static gboolean
check_link (const char  *from,
            const char  *to,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (is_remote (from))
    return crrc_feed_client_check_redirect (from, to, error);

  if (!crrc_feed_url_check (to, &local_error))
    {
      g_set_error_literal (error, CRRC_FEED_ERROR,
                           g_error_matches (local_error, CRRC_FEED_URL_ERROR, CRRC_FEED_URL_ERROR_INSECURE)
                           ? CRRC_FEED_ERROR_INSECURE : CRRC_FEED_ERROR_INVALID_DOCUMENT,
                           local_error->message);
      return FALSE;
    }

  return TRUE;
}

static char *
resolve_link (const char  *base,
              const char  *href,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *resolved;

  resolved = g_uri_resolve_relative (base, href, G_URI_FLAGS_ENCODED, &local_error);
  if (resolved == NULL)
    g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT,
                 _("“%s” is not a valid address: %s"), href, local_error->message);

  return resolved;
}

/* @url with `since=<cursor>` added to its query, before any fragment. */
static char *
add_since (const char *url,
           const char *cursor)
{
  g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);
  const char *fragment = strchr (url, '#');
  gsize base_length = fragment != NULL ? (gsize) (fragment - url) : strlen (url);
  g_autofree char *base = g_strndup (url, base_length);

  return g_strconcat (base, strchr (base, '?') != NULL ? "&" : "?",
                      "since=", escaped, fragment, NULL);
}

/* Time */

static char *
format_timestamp (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gint64
parse_timestamp (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return 0;

  dt = g_date_time_new_from_iso8601 (text, utc);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Progress */

typedef struct
{
  GTask   *task;
  char    *feed;
  guint    page;
  guint64  records;
  guint64  bytes;
} ProgressCall;

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_clear_object (&call->task);
  g_free (call->feed);
  g_free (call);
}

static gboolean
progress_in_main_context_cb (gpointer user_data)
{
  ProgressCall *call = user_data;

  g_signal_emit (g_task_get_source_object (call->task), signals[PROGRESS], 0,
                 call->feed, call->page, call->records, call->bytes);

  return G_SOURCE_REMOVE;
}

/* From the thread that runs the sync: emitted there for crrc_sync_run(),
 * handed to the caller's main context for the async variant, keeping the
 * task (and so the CrrcSync) alive until it is delivered. */
static void
emit_progress (FeedRun *run)
{
  run->last_progress = g_get_monotonic_time ();

  if (run->task != NULL)
    {
      ProgressCall *call = g_new0 (ProgressCall, 1);

      call->task = g_object_ref (run->task);
      call->feed = g_strdup (run->result->feed);
      call->page = run->page;
      call->records = run->items;
      call->bytes = run->bytes;
      g_main_context_invoke_full (g_task_get_context (run->task), G_PRIORITY_DEFAULT,
                                  progress_in_main_context_cb, call, progress_call_free);
    }
  else
    {
      g_signal_emit (run->sync, signals[PROGRESS], 0,
                     run->result->feed, run->page, run->items, run->bytes);
    }
}

static void
maybe_emit_progress (FeedRun *run)
{
  if (g_get_monotonic_time () - run->last_progress >= PROGRESS_INTERVAL_US)
    emit_progress (run);
}

/* Reading a page */

static gboolean
page_invalid (FeedRun     *run,
              GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (3, 4);

/* Always returns FALSE. */
static gboolean
page_invalid (FeedRun     *run,
              GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT, detail);

  return FALSE;
}

static CrrcJsonSplitterAction
page_member_cb (const char *key,
                gpointer    user_data)
{
  FeedRun *run = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (page_members); i++)
    {
      if (!g_str_equal (key, page_members[i]))
        continue;

      if (run->seen & (1u << i))
        run->repeated = page_members[i];
      run->seen |= 1u << i;

      if (g_str_equal (key, "items") || g_str_equal (key, "deleted"))
        return CRRC_JSON_SPLITTER_ELEMENTS;

      return CRRC_JSON_SPLITTER_VALUE;
    }

  return CRRC_JSON_SPLITTER_SKIP;
}

static gboolean
page_item (FeedRun     *run,
           const char  *json,
           gsize        length,
           GError     **error)
{
  CrrcFeedRecordOutcome outcome = CRRC_FEED_RECORD_UNCHANGED;
  CrrcFeedReject reject = { NULL, NULL, NULL };
  CrrcFeedResult *result = run->result;

  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return FALSE;

  if (!crrc_feed_applier_apply (run->applier, json, length, run->items,
                                &outcome, &reject, error))
    {
      crrc_feed_reject_clear (&reject);
      return FALSE;
    }

  run->items++;

  switch (outcome)
    {
    case CRRC_FEED_RECORD_ADDED:
      result->added++;
      break;
    case CRRC_FEED_RECORD_UPDATED:
      result->updated++;
      break;
    case CRRC_FEED_RECORD_UNCHANGED:
      break;
    case CRRC_FEED_RECORD_REJECTED:
      result->rejected++;
      if (result->rejects->len < MAX_REJECTS_KEPT)
        {
          CrrcFeedReject *kept = g_new0 (CrrcFeedReject, 1);

          *kept = reject;
          reject = (CrrcFeedReject) { NULL, NULL, NULL };
          if (kept->record == NULL)
            kept->record = g_strdup_printf ("#%" G_GUINT64_FORMAT, run->items - 1);
          if (kept->reason == NULL)
            kept->reason = g_strdup (_("invalid record"));
          g_ptr_array_add (result->rejects, kept);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  crrc_feed_reject_clear (&reject);
  maybe_emit_progress (run);

  return TRUE;
}

static gboolean
page_value_cb (const char  *key,
               gint64       index,
               const char  *json,
               gsize        length,
               gpointer     user_data,
               GError     **error)
{
  FeedRun *run = user_data;
  const char *name = run->result->feed;

  /* Items may come before "feed" and "version": they are checked when the
   * page ends, and a wrong page rolls its items back with the feed. */
  if (run->repeated != NULL)
    return page_invalid (run, error, _("“%s” appears twice"), run->repeated);

  if (g_str_equal (key, "items"))
    {
      if (index < 0)
        return page_invalid (run, error, _("“items” is not an array"));
      return page_item (run, json, length, error);
    }

  if (g_str_equal (key, "deleted"))
    {
      g_autofree char *id = NULL;
      gboolean deleted = FALSE;

      if (index < 0)
        {
          if (json_is_null (json))
            return TRUE;
          return page_invalid (run, error, _("“deleted” is not an array of record ids"));
        }

      id = json_read_string (json, length);
      if (id == NULL)
        return page_invalid (run, error, _("“deleted” is not an array of record ids"));
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (!crrc_feed_applier_delete (run->applier, id, &deleted, error))
        return FALSE;
      if (deleted)
        run->result->deleted++;
      return TRUE;
    }

  if (g_str_equal (key, "feed"))
    {
      g_autofree char *feed = json_read_string (json, length);

      if (feed == NULL)
        return page_invalid (run, error, _("“feed” is not text"));
      if (!g_str_equal (feed, name))
        return page_invalid (run, error, _("it is a page of the feed “%s”, not “%s”"), feed, name);
    }
  else if (g_str_equal (key, "version"))
    {
      gint64 version = 0;

      if (!json_read_integer (json, &version) || version != 1)
        return page_invalid (run, error, _("it is of version %s of the protocol, not 1"), json);
    }
  else if (g_str_equal (key, "snapshot"))
    {
      gboolean snapshot = FALSE;

      if (!json_read_boolean (json, &snapshot))
        return page_invalid (run, error, _("“snapshot” is neither true nor false"));
      /* Only the first page says whether the pages make a snapshot. */
      if (run->page == 1)
        run->snapshot = snapshot;
    }
  else if (g_str_equal (key, "cursor"))
    {
      if (!json_is_null (json))
        {
          char *cursor = json_read_string (json, length);

          if (cursor == NULL || cursor[0] == '\0')
            {
              g_free (cursor);
              return page_invalid (run, error, _("“cursor” is neither text nor null"));
            }
          g_free (run->cursor);
          run->cursor = cursor;
        }
    }
  else if (g_str_equal (key, "next"))
    {
      if (!json_is_null (json))
        {
          run->next = json_read_string (json, length);
          if (run->next == NULL || run->next[0] == '\0')
            return page_invalid (run, error, _("“next” is neither an address nor null"));
        }
    }

  return TRUE;
}

static gboolean
page_body_cb (const char  *data,
              gsize        length,
              gpointer     user_data,
              GError     **error)
{
  FeedRun *run = user_data;

  run->page_bytes += length;
  run->bytes += length;

  if (!utf8_check_feed (&run->utf8, data, length))
    return page_invalid (run, error, _("it is not UTF-8 text"));

  if (!crrc_json_splitter_feed (run->splitter, data, length, error))
    return FALSE;

  maybe_emit_progress (run);

  return TRUE;
}

/* Gets ready to read a page from its start. */
static void
page_reset (FeedRun *run)
{
  run->seen = 0;
  run->repeated = NULL;
  run->page_bytes = 0;
  run->utf8.n_pending = 0;
  g_clear_pointer (&run->next, g_free);
  g_clear_pointer (&run->splitter, crrc_json_splitter_free);
  run->splitter = crrc_json_splitter_new (MAX_DEPTH, MAX_VALUE_SIZE,
                                          page_member_cb, page_value_cb, run);
}

/* The client retries a page whose body was cut: what the first try wrote
 * goes back to the page's savepoint, and its counts with it. */
static gboolean
page_restart_cb (gpointer   user_data,
                 GError   **error)
{
  FeedRun *run = user_data;
  CrrcFeedResult *result = run->result;

  if (!_crrc_store_exec (run->sync->store, "ROLLBACK TO page", error))
    return FALSE;
  crrc_feed_applier_rollback_to_savepoint (run->applier);
  g_debug ("Page %u of the feed “%s” is read again from its start", run->page, result->feed);

  result->added = run->start_added;
  result->updated = run->start_updated;
  result->deleted = run->start_deleted;
  result->rejected = run->start_rejected;
  g_ptr_array_set_size (result->rejects, run->start_rejects_kept);
  run->items = run->start_items;
  run->bytes -= run->page_bytes;
  g_free (run->cursor);
  run->cursor = g_strdup (run->start_cursor);
  if (run->page == 1)
    run->snapshot = FALSE;
  page_reset (run);

  return TRUE;
}

/* Messages */

/*
 * What went wrong with a feed, as a short phrase for the report's line
 * "feed: failed: <phrase>", from the error of the page being read.
 */
static char *
describe_failure (FeedRun      *run,
                  const GError *error,
                  guint         http_status)
{
  guint page = run->page;

  if (error->domain == CRRC_FEED_ERROR)
    {
      switch ((CrrcFeedError) error->code)
        {
        case CRRC_FEED_ERROR_INSECURE:
          return g_strdup_printf (_("refused an insecure address on page %u: %s"), page, error->message);
        case CRRC_FEED_ERROR_AUTH_REQUIRED:
          return g_strdup_printf (_("authentication required (%u)"), http_status != 0 ? http_status : 401);
        case CRRC_FEED_ERROR_FORBIDDEN:
          return g_strdup_printf (_("access refused (%u)"), http_status != 0 ? http_status : 403);
        case CRRC_FEED_ERROR_NOT_FOUND:
          if (http_status != 0)
            return g_strdup_printf (_("page %u not found (%u)"), page, http_status);
          return g_strdup_printf (_("page %u not found: %s"), page, error->message);
        case CRRC_FEED_ERROR_GONE:
          return g_strdup_printf (_("the publisher discontinued this feed (%u)"), http_status != 0 ? http_status : 410);
        case CRRC_FEED_ERROR_POSTPONED:
          return g_strdup_printf (_("the server asked to retry later (%u)"), http_status);
        case CRRC_FEED_ERROR_HTTP:
          return g_strdup_printf (_("the server answered %u to page %u"), http_status, page);
        case CRRC_FEED_ERROR_CONNECTION:
          if (run->page_bytes > 0)
            return g_strdup_printf (_("connection closed before the end of page %u"), page);
          return g_strdup_printf (_("connection failed on page %u: %s"), page, error->message);
        case CRRC_FEED_ERROR_TIMEOUT:
          return g_strdup_printf (_("timed out on page %u"), page);
        case CRRC_FEED_ERROR_TOO_MANY_REDIRECTS:
          return g_strdup_printf (_("too many redirects on page %u"), page);
        case CRRC_FEED_ERROR_TOO_LARGE:
          return g_strdup_printf (_("page %u is too large: %s"), page, error->message);
        case CRRC_FEED_ERROR_INVALID_DOCUMENT:
          return g_strdup_printf (_("page %u is not the expected document: %s"), page, error->message);
        default:
          break;
        }
    }
  else if (error->domain == CRRC_JSON_SPLITTER_ERROR)
    {
      if (error->code == CRRC_JSON_SPLITTER_ERROR_TRUNCATED)
        return g_strdup_printf (_("page %u ends before the end of its JSON document"), page);
      return g_strdup_printf (_("page %u is not valid JSON: %s"), page, error->message);
    }
  else if (error->domain == CRRC_STORE_ERROR)
    {
      return g_strdup_printf (_("the cache refused the data: %s"), error->message);
    }

  return g_strdup_printf (_("page %u: %s"), page, error->message);
}

/* Statements */

static gboolean
exec_sql (CrrcSync    *self,
          const char  *sql,
          GError     **error)
{
  return _crrc_store_exec (self->store, sql, error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static gboolean
prepare (CrrcSync      *self,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  if (sqlite3_prepare_v2 (_crrc_store_get_db (self->store), sql, -1, stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (self->store, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
step_done (CrrcSync      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _crrc_store_set_error (self->store, error);
      return FALSE;
    }

  return TRUE;
}

/* What the cache remembers of a feed, as far as a run needs it. */
typedef struct
{
  char     *url;
  char     *etag;
  char     *last_modified;
  char     *cursor;
  gint64    postponed_until;  /* unix time, 0 if none */
  gboolean  discontinued;
  guint     http_status;
} StoredState;

static void
stored_state_clear (StoredState *state)
{
  g_clear_pointer (&state->url, g_free);
  g_clear_pointer (&state->etag, g_free);
  g_clear_pointer (&state->last_modified, g_free);
  g_clear_pointer (&state->cursor, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoredState, stored_state_clear)

static gboolean
load_state (CrrcSync     *self,
            const char   *feed,
            StoredState  *state,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!prepare (self,
                "SELECT url, etag, last_modified, cursor, postponed_until, discontinued, http_status"
                " FROM feed_state WHERE source = ?1 AND feed = ?2",
                &stmt, error))
    return FALSE;

  bind_text (stmt, 1, self->source);
  bind_text (stmt, 2, feed);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->url = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      state->etag = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      state->last_modified = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      state->cursor = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      state->postponed_until = parse_timestamp ((const char *) sqlite3_column_text (stmt, 4));
      state->discontinued = sqlite3_column_int (stmt, 5) != 0;
      state->http_status = (guint) sqlite3_column_int (stmt, 6);
    }
  else if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (self->store, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
count_records (CrrcSync      *self,
               CrrcFeedKind   kind,
               guint         *count,
               GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  /* The tables are named after their feeds. */
  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE source = ?1", crrc_feed_kind_to_name (kind));
  if (!prepare (self, sql, &stmt, error))
    return FALSE;

  bind_text (stmt, 1, self->source);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _crrc_store_set_error (self->store, error);
      return FALSE;
    }

  *count = (guint) sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* After a 200 (@response of the first page) or a 304: inside the feed's
 * transaction for a 200, on its own for a 304. */
static gboolean
store_success (CrrcSync               *self,
               const CrrcFeedResult   *result,
               const char             *url,
               const CrrcFeedResponse *response,
               const char             *cursor,
               gboolean                not_modified,
               GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = format_timestamp (now_unix ());

  /* A 304 keeps the cursor; its validators replace the stored ones only
   * when it sends some. */
  if (!prepare (self,
                not_modified
                ? "INSERT INTO feed_state (source, feed, url, etag, last_modified, status, records,"
                  "  http_status, last_error, last_attempt_at, last_success_at, postponed_until, discontinued)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?8, ?9, NULL, ?10, ?10, NULL, 0)"
                  " ON CONFLICT (source, feed) DO UPDATE SET url = excluded.url,"
                  "  etag = coalesce (excluded.etag, etag),"
                  "  last_modified = coalesce (excluded.last_modified, last_modified),"
                  "  status = excluded.status, records = excluded.records,"
                  "  http_status = excluded.http_status, last_error = NULL,"
                  "  last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,"
                  "  postponed_until = NULL, discontinued = 0"
                : "INSERT INTO feed_state (source, feed, url, etag, last_modified, cursor, status, records,"
                  "  http_status, last_error, last_attempt_at, last_success_at, postponed_until, discontinued)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?10, NULL, 0)"
                  " ON CONFLICT (source, feed) DO UPDATE SET url = excluded.url,"
                  "  etag = excluded.etag, last_modified = excluded.last_modified,"
                  "  cursor = excluded.cursor, status = excluded.status, records = excluded.records,"
                  "  http_status = excluded.http_status, last_error = NULL,"
                  "  last_attempt_at = excluded.last_attempt_at, last_success_at = excluded.last_success_at,"
                  "  postponed_until = NULL, discontinued = 0",
                &stmt, error))
    return FALSE;

  bind_text (stmt, 1, self->source);
  bind_text (stmt, 2, result->feed);
  bind_text (stmt, 3, url);
  bind_text (stmt, 4, response->etag);
  bind_text (stmt, 5, response->last_modified);
  if (!not_modified)
    bind_text (stmt, 6, cursor);
  bind_text (stmt, 7, crrc_feed_outcome_to_string (result->outcome));
  sqlite3_bind_int64 (stmt, 8, result->records);
  if (response->http_status != 0)
    sqlite3_bind_int (stmt, 9, (int) response->http_status);
  else
    sqlite3_bind_null (stmt, 9);
  bind_text (stmt, 10, now);

  return step_done (self, stmt, error);
}

/* After a failure, in a transaction of its own: never the cursor, the
 * validators or the URL they belong to — except that a 410 remembers the
 * URL that is gone, so that it is not requested again. */
static void
store_failure (CrrcSync             *self,
               const CrrcFeedResult *result,
               const char           *gone_url,
               gint64                postponed_until)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = format_timestamp (now_unix ());
  g_autofree char *until = postponed_until > 0 ? format_timestamp (postponed_until) : NULL;

  if (!exec_sql (self, "BEGIN IMMEDIATE", &error))
    goto failed;

  if (!prepare (self,
                "INSERT INTO feed_state (source, feed, url, status, records, http_status, last_error,"
                "  last_attempt_at, postponed_until, discontinued)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                " ON CONFLICT (source, feed) DO UPDATE SET url = coalesce (excluded.url, url),"
                "  status = excluded.status, records = excluded.records,"
                "  http_status = excluded.http_status, last_error = excluded.last_error,"
                "  last_attempt_at = excluded.last_attempt_at,"
                "  postponed_until = excluded.postponed_until, discontinued = excluded.discontinued",
                &stmt, &error))
    goto failed;

  bind_text (stmt, 1, self->source);
  bind_text (stmt, 2, result->feed);
  bind_text (stmt, 3, gone_url);
  bind_text (stmt, 4, crrc_feed_outcome_to_string (result->outcome));
  sqlite3_bind_int64 (stmt, 5, result->records);
  if (result->http_status != 0)
    sqlite3_bind_int (stmt, 6, (int) result->http_status);
  else
    sqlite3_bind_null (stmt, 6);
  bind_text (stmt, 7, result->error);
  bind_text (stmt, 8, now);
  bind_text (stmt, 9, until);
  sqlite3_bind_int (stmt, 10, result->outcome == CRRC_FEED_OUTCOME_DISCONTINUED);

  if (!step_done (self, stmt, &error))
    goto failed;
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!exec_sql (self, "COMMIT", &error))
    goto failed;

  return;

failed:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_exec (_crrc_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);
  /* On a full disk, the report says so already. */
  if (g_error_matches (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_NO_SPACE))
    g_message ("The state of the feed “%s” could not be recorded: %s", result->feed, error->message);
  else
    g_warning ("The state of the feed “%s” could not be recorded: %s", result->feed, error->message);
}

/* A feed that the manifest no longer lists is not discontinued anymore: it
 * is requested again when a manifest lists it anew. */
static gboolean
clear_unlisted_discontinued (CrrcSync   *self,
                             GPtrArray  *listed,
                             GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new ("UPDATE feed_state SET discontinued = 0"
                                         " WHERE source = ?1 AND discontinued = 1"
                                         " AND feed NOT IN (''");

  for (guint i = 0; i < listed->len; i++)
    g_string_append_printf (sql, ", ?%u", i + 2);
  g_string_append_c (sql, ')');

  if (!prepare (self, sql->str, &stmt, error))
    return FALSE;

  bind_text (stmt, 1, self->source);
  for (guint i = 0; i < listed->len; i++)
    bind_text (stmt, (int) i + 2, g_ptr_array_index (listed, i));

  return step_done (self, stmt, error);
}

static gboolean
store_moved_url (CrrcSync    *self,
                 const char  *moved_url,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = g_strconcat ("feed_url_moved:", self->manifest_url, NULL);

  if (!prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", &stmt, error))
    return FALSE;

  bind_text (stmt, 1, key);
  bind_text (stmt, 2, moved_url);

  return step_done (self, stmt, error);
}

/* The manifest */

static CrrcJsonSplitterAction
manifest_member_cb (const char *key,
                    gpointer    user_data)
{
  Manifest *manifest = user_data;

  /* An empty array hands nothing on: it is seen here. */
  if (g_str_equal (key, "feeds"))
    {
      manifest->feeds_repeated |= manifest->have_feeds;
      manifest->have_feeds = TRUE;
      return CRRC_JSON_SPLITTER_ELEMENTS;
    }
  if (g_str_equal (key, "format") || g_str_equal (key, "version"))
    return CRRC_JSON_SPLITTER_VALUE;

  return CRRC_JSON_SPLITTER_SKIP;
}

static gboolean
manifest_invalid (GError     **error,
                  const char  *detail)
{
  g_set_error_literal (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT, detail);
  return FALSE;
}

static gboolean
manifest_value_cb (const char  *key,
                   gint64       index,
                   const char  *json,
                   gsize        length,
                   gpointer     user_data,
                   GError     **error)
{
  Manifest *manifest = user_data;

  if (g_str_equal (key, "format"))
    {
      if (manifest->format != NULL)
        return manifest_invalid (error, _("“format” appears twice"));
      manifest->format = json_read_string (json, length);
      if (manifest->format == NULL)
        return manifest_invalid (error, _("“format” is not text"));
    }
  else if (g_str_equal (key, "version"))
    {
      if (manifest->have_version)
        return manifest_invalid (error, _("“version” appears twice"));
      manifest->have_version = TRUE;
      if (!json_read_integer (json, &manifest->version) || manifest->version < 1)
        return manifest_invalid (error, _("“version” is not a version number"));
    }
  else if (g_str_equal (key, "feeds"))
    {
      g_autoptr(GError) parse_error = NULL;
      ManifestFeed *feed;
      JsonObject *object;
      JsonNode *node;

      if (manifest->feeds_repeated)
        return manifest_invalid (error, _("“feeds” appears twice"));
      if (index < 0)
        return manifest_invalid (error, _("“feeds” is not an array"));
      if (manifest->feeds->len >= MAX_MANIFEST_FEEDS)
        return manifest_invalid (error, _("it lists too many feeds"));

      /* Checked for size, depth and syntax by the splitter. */
      if (!json_parser_load_from_data (manifest->parser, json, (gssize) length, &parse_error))
        return manifest_invalid (error, parse_error->message);

      node = json_parser_get_root (manifest->parser);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return manifest_invalid (error, _("an entry of “feeds” is not an object"));

      object = json_node_get_object (node);
      node = json_object_get_member (object, "name");
      if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
        return manifest_invalid (error, _("an entry of “feeds” has no name"));

      feed = g_new0 (ManifestFeed, 1);
      feed->name = g_strdup (json_node_get_string (node));
      node = json_object_get_member (object, "href");
      if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
        feed->href = g_strdup (json_node_get_string (node));
      g_ptr_array_add (manifest->feeds, feed);
    }

  return TRUE;
}

static gboolean
manifest_body_cb (const char  *data,
                  gsize        length,
                  gpointer     user_data,
                  GError     **error)
{
  Manifest *manifest = user_data;

  if (!utf8_check_feed (&manifest->utf8, data, length))
    return manifest_invalid (error, _("it is not UTF-8 text"));

  return crrc_json_splitter_feed (manifest->splitter, data, length, error);
}

/* Fetches and checks the manifest; on success @response tells where it
 * ended up. */
static gboolean
read_manifest (CrrcSync          *self,
               Manifest          *manifest,
               CrrcFeedResponse  *response,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  manifest->parser = json_parser_new_immutable ();
  manifest->feeds = g_ptr_array_new_with_free_func (manifest_feed_free);
  manifest->splitter = crrc_json_splitter_new (MAX_DEPTH, MAX_VALUE_SIZE,
                                               manifest_member_cb, manifest_value_cb, manifest);

  ok = crrc_feed_client_fetch (self->client, self->manifest_url, NULL, NULL,
                               manifest_body_cb, manifest, response,
                               cancellable, &local_error);
  if (ok && response->status == CRRC_FEED_FETCH_OK)
    {
      if (!utf8_check_finish (&manifest->utf8))
        ok = manifest_invalid (&local_error, _("it is not UTF-8 text"));
      else
        ok = crrc_json_splitter_finish (manifest->splitter, &local_error);
    }

  if (!ok)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (local_error->domain == CRRC_JSON_SPLITTER_ERROR ||
          g_error_matches (local_error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT))
        g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT,
                     _("“%s” is not a CRRC feed manifest: %s"),
                     self->manifest_url, local_error->message);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("The feed manifest “%s” cannot be read: %s"),
                     self->manifest_url, local_error->message);
      return FALSE;
    }

  if (response->status != CRRC_FEED_FETCH_OK)
    {
      /* No validators were sent: a 304 is the server's mistake. */
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP,
                   _("The feed manifest “%s” cannot be read: the server answered %u."),
                   self->manifest_url, response->http_status);
      return FALSE;
    }

  if (manifest->feeds_repeated)
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT,
                   _("“%s” is not a CRRC feed manifest: %s"),
                   self->manifest_url, _("“feeds” appears twice"));
      return FALSE;
    }

  if (manifest->format == NULL || !g_str_equal (manifest->format, "crrc-feed") ||
      !manifest->have_version || !manifest->have_feeds)
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT,
                   _("“%s” is not a CRRC feed manifest: it needs “format”: “crrc-feed”, "
                     "a “version” and a list of “feeds”."),
                   self->manifest_url);
      return FALSE;
    }

  if (manifest->version > 1)
    {
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, manifest->version);

      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT,
                   /* Translators: an address, then a version number. */
                   _("The feed “%s” uses version %s of the CRRC feed protocol; "
                     "this version of the application reads version 1 only. "
                     "Please update the application."),
                   self->manifest_url, version);
      return FALSE;
    }

  return TRUE;
}

/* One feed */

/* Reads every page of the feed from @first_url inside the caller's
 * transaction. @first_response is filled from the first page. */
static gboolean
read_pages (CrrcSync          *self,
            FeedRun           *run,
            const char        *first_url,
            const StoredState *state,
            CrrcFeedResponse  *first_response,
            gboolean          *not_modified,
            GError           **error)
{
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *url = g_strdup (first_url);

  *not_modified = FALSE;

  for (run->page = 1; ; run->page++)
    {
      g_auto(CrrcFeedResponse) page_response = { 0 };
      CrrcFeedResponse *response = run->page == 1 ? first_response : &page_response;
      gboolean same_url = run->page == 1 && g_strcmp0 (url, state->url) == 0;
      g_autofree char *page_url = NULL;
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (run->page > MAX_PAGES)
        return page_invalid (run, error, _("the feed has more than %u pages"), (guint) MAX_PAGES);
      if (!g_hash_table_add (visited, g_strdup (url)))
        return page_invalid (run, error, _("its pages lead back to “%s”"), url);

      page_reset (run);
      run->start_added = run->result->added;
      run->start_updated = run->result->updated;
      run->start_deleted = run->result->deleted;
      run->start_rejected = run->result->rejected;
      run->start_rejects_kept = run->result->rejects->len;
      run->start_items = run->items;
      g_free (run->start_cursor);
      run->start_cursor = g_strdup (run->cursor);
      if (!_crrc_store_exec (self->store, "SAVEPOINT page", error))
        return FALSE;
      crrc_feed_applier_set_savepoint (run->applier);
      emit_progress (run);

      ok = crrc_feed_client_fetch_full (self->client, url,
                                        same_url ? state->etag : NULL,
                                        same_url ? state->last_modified : NULL,
                                        page_body_cb, page_restart_cb, run, response,
                                        run->cancellable, &local_error);

      if (response->http_status != 0)
        run->result->http_status = response->http_status;

      if (ok && response->status == CRRC_FEED_FETCH_NOT_MODIFIED)
        {
          if (run->page == 1 && same_url)
            {
              *not_modified = TRUE;
              return TRUE;
            }
          return page_invalid (run, error, _("the server answered 304 to a request that was not conditional"));
        }

      if (ok && !utf8_check_finish (&run->utf8))
        return page_invalid (run, error, _("it is not UTF-8 text"));
      if (ok)
        ok = crrc_json_splitter_finish (run->splitter, &local_error);

      if (!ok)
        {
          if (g_error_matches (local_error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_POSTPONED) ||
              g_error_matches (local_error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_GONE))
            {
              /* Only the first page says something of the whole feed. */
              if (run->page > 1)
                {
                  g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP, "%s", local_error->message);
                  return FALSE;
                }
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (run->repeated != NULL)
        return page_invalid (run, error, _("“%s” appears twice"), run->repeated);
      if ((run->seen & (SEEN_FEED | SEEN_VERSION)) != (SEEN_FEED | SEEN_VERSION))
        return page_invalid (run, error, _("it has no “feed” and “version”"));
      if (!(run->seen & SEEN_ITEMS))
        return page_invalid (run, error, _("it has no “items”"));

      if (!_crrc_store_exec (self->store, "RELEASE page", error))
        return FALSE;

      run->result->http_status = response->http_status;
      emit_progress (run);

      if (run->next == NULL)
        return TRUE;

      page_url = g_strdup (response->final_url != NULL ? response->final_url : url);
      g_free (url);
      url = resolve_link (page_url, run->next, error);
      if (url == NULL || !check_link (page_url, url, error))
        return FALSE;
    }
}

static void
sync_feed (CrrcSync          *self,
           GTask             *task,
           CrrcFeedKind       kind,
           const char        *href,
           CrrcFeedResult    *result,
           GCancellable      *cancellable,
           GError           **cancel_error)
{
  g_auto(StoredState) state = { 0 };
  g_auto(FeedRun) run = { 0 };
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean not_modified = FALSE;
  gint64 now = now_unix ();
  gint64 postponed_until = 0;
  const char *gone_url = NULL;
  gboolean disk_full = FALSE;

  if (!load_state (self, result->feed, &state, &error))
    goto failed_outside;

  url = state.cursor != NULL ? add_since (href, state.cursor) : g_strdup (href);
  result->url = g_strdup (url);

  /* Not requested: the report tells why, with the answer that said so. */
  if (state.postponed_until > now)
    {
      result->outcome = CRRC_FEED_OUTCOME_POSTPONED;
      result->postponed_until = state.postponed_until;
      result->http_status = state.http_status;
      result->error = g_strdup_printf (_("the server asked to retry later (%u)"), state.http_status);
      count_records (self, kind, &result->records, NULL);
      return;
    }

  if (state.discontinued && g_strcmp0 (state.url, url) == 0)
    {
      result->outcome = CRRC_FEED_OUTCOME_DISCONTINUED;
      result->http_status = state.http_status;
      result->error = g_strdup_printf (_("the publisher discontinued this feed (%u)"), state.http_status);
      count_records (self, kind, &result->records, NULL);
      return;
    }

  run.sync = self;
  run.task = task;
  run.cancellable = cancellable;
  run.kind = kind;
  run.result = result;

  if (!exec_sql (self, "BEGIN IMMEDIATE", &error))
    goto failed_outside;

  run.applier = crrc_feed_applier_new (_crrc_store_get_db (self->store), kind, self->source);

  if (!read_pages (self, &run, url, &state, &response, &not_modified, &error))
    goto failed;

  if (not_modified)
    {
      /* Nothing was written: the transaction only has to end. */
      g_clear_pointer (&run.applier, crrc_feed_applier_free);
      sqlite3_exec (_crrc_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);

      result->outcome = CRRC_FEED_OUTCOME_UNCHANGED;
      if (!count_records (self, kind, &result->records, &error) ||
          !exec_sql (self, "BEGIN IMMEDIATE", &error))
        goto failed_outside;
      if (!store_success (self, result, url, &response, NULL, TRUE, &error))
        goto failed;
      if (!exec_sql (self, "COMMIT", &error))
        goto failed;
      return;
    }

  if (run.snapshot)
    {
      guint n_deleted = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !crrc_feed_applier_finish_snapshot (run.applier, &n_deleted, &error))
        goto failed;
      result->deleted += n_deleted;
    }

  g_clear_pointer (&run.applier, crrc_feed_applier_free);

  /* Rejected records change nothing in the cache. */
  result->outcome = result->added + result->updated + result->deleted > 0
                    ? CRRC_FEED_OUTCOME_UPDATED : CRRC_FEED_OUTCOME_UNCHANGED;

  if (!count_records (self, kind, &result->records, &error) ||
      !store_success (self, result, url, &response, run.cursor, FALSE, &error))
    goto failed;

  /* The last moment a cancellation undoes the feed. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    goto failed;

  if (!exec_sql (self, "COMMIT", &error))
    goto failed;

  emit_progress (&run);

  return;

failed:
  /* Read before the rollback, which resets the connection's last error. */
  disk_full = g_error_matches (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_NO_SPACE) ||
              (error != NULL && error->domain == CRRC_STORE_ERROR &&
               _crrc_store_db_is_full (_crrc_store_get_db (self->store)));
  g_clear_pointer (&run.applier, crrc_feed_applier_free);
  g_clear_pointer (&run.splitter, crrc_json_splitter_free);
  sqlite3_exec (_crrc_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);
  if (disk_full)
    _crrc_store_release_space (_crrc_store_get_db (self->store));

failed_outside:
  feed_result_forget_changes (result);
  count_records (self, kind, &result->records, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Nothing of this feed is recorded: the cache is as it was. */
      result->outcome = CRRC_FEED_OUTCOME_FAILED;
      feed_result_set_error (result, g_strdup (_("cancelled")));
      g_propagate_error (cancel_error, g_steal_pointer (&error));
      return;
    }

  if (g_error_matches (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_POSTPONED))
    {
      gint64 retry_after = response.retry_after;

      if (retry_after <= now)
        retry_after = now + DEFAULT_POSTPONE_S;
      postponed_until = MIN (retry_after, now + MAX_POSTPONE_S);
      result->outcome = CRRC_FEED_OUTCOME_POSTPONED;
      result->postponed_until = postponed_until;
    }
  else if (g_error_matches (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_GONE))
    {
      result->outcome = CRRC_FEED_OUTCOME_DISCONTINUED;
      gone_url = url;
    }
  else
    {
      result->outcome = CRRC_FEED_OUTCOME_FAILED;
    }

  if (disk_full)
    /* Translators: %s is the path of the cache file. */
    feed_result_set_error (result, g_strdup_printf (_("the disk is full: the cache file “%s” could not be "
                                                      "written, so this feed was left as it was"),
                                                    crrc_store_get_path (self->store)));
  else
    feed_result_set_error (result, run.result != NULL
                                   ? describe_failure (&run, error, result->http_status)
                                   : g_strdup_printf (_("the cache refused the data: %s"), error->message));
  store_failure (self, result, gone_url, postponed_until);
}

/* The report */

static CrrcSyncReport *
sync_report_new (const char *url)
{
  CrrcSyncReport *report = g_object_new (CRRC_TYPE_SYNC_REPORT, NULL);

  report->url = g_strdup (url);
  report->started_at = now_unix ();

  return report;
}

static const char *
run_status (CrrcSyncReport *report)
{
  if (report->cancelled)
    return "cancelled";

  return crrc_sync_report_has_failures (report) ? "failed" : "done";
}

static char *summary_line (CrrcSyncReport *report);

static void
record_run (CrrcSync       *self,
            CrrcSyncReport *report,
            const char     *status,
            const char     *summary)
{
  g_autoptr(sqlite3_stmt) run = NULL;
  g_autoptr(sqlite3_stmt) reject = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *started_at = format_timestamp (report->started_at);
  g_autofree char *finished_at = format_timestamp (report->finished_at);
  sqlite3_int64 run_id;

  if (!exec_sql (self, "BEGIN IMMEDIATE", &error) ||
      !prepare (self,
                "INSERT INTO sync_runs (url, started_at, finished_at, status, summary)"
                " VALUES (?1, ?2, ?3, ?4, ?5)",
                &run, &error))
    goto failed;

  bind_text (run, 1, report->url);
  bind_text (run, 2, started_at);
  bind_text (run, 3, finished_at);
  bind_text (run, 4, status);
  bind_text (run, 5, summary);
  if (!step_done (self, run, &error))
    goto failed;
  run_id = sqlite3_last_insert_rowid (_crrc_store_get_db (self->store));

  if (!prepare (self,
                "INSERT INTO sync_rejects (run_id, feed, record, field, reason)"
                " VALUES (?1, ?2, ?3, ?4, ?5)",
                &reject, &error))
    goto failed;

  for (guint i = 0; i < report->feeds->len; i++)
    {
      const CrrcFeedResult *result = g_ptr_array_index (report->feeds, i);

      for (guint j = 0; j < result->rejects->len; j++)
        {
          const CrrcFeedReject *r = g_ptr_array_index (result->rejects, j);

          sqlite3_reset (reject);
          sqlite3_bind_int64 (reject, 1, run_id);
          bind_text (reject, 2, result->feed);
          bind_text (reject, 3, r->record);
          bind_text (reject, 4, r->field);
          bind_text (reject, 5, r->reason);
          if (!step_done (self, reject, &error))
            goto failed;
        }
    }

  g_clear_pointer (&run, sqlite3_finalize);
  g_clear_pointer (&reject, sqlite3_finalize);
  if (!exec_sql (self, "COMMIT", &error))
    goto failed;

  return;

failed:
  g_clear_pointer (&run, sqlite3_finalize);
  g_clear_pointer (&reject, sqlite3_finalize);
  sqlite3_exec (_crrc_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);
  /* On a full disk, the report says so already. */
  if (g_error_matches (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_NO_SPACE))
    g_message ("The synchronisation could not be recorded: %s", error->message);
  else
    g_warning ("The synchronisation could not be recorded: %s", error->message);
}

/* The run */

/* The feed's bearer token, kept in the keyring under the URL as configured.
 * Without a keyring the sync goes on without a token: a feed that needs one
 * then fails with "authentication required", which says what to do. */
static void
load_token (CrrcSync     *self,
            GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *token;

  token = crrc_feed_token_lookup (self->url, cancellable, &error);
  if (error != NULL)
    {
      g_debug ("No access token from the keyring: %s", error->message);
      return;
    }

  if (token != NULL)
    {
      crrc_feed_client_set_token (self->client, token);
      memset (token, 0, strlen (token));
      g_free (token);
    }
}

static CrrcSyncReport *
sync_run_locked (CrrcSync      *self,
                 GTask         *task,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(CrrcSyncReport) report = NULL;
  g_auto(Manifest) manifest = { 0 };
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) cancel_error = NULL;
  g_autofree char *summary = NULL;
  const char *base;

  /* Refused before any connection. */
  if (!crrc_feed_url_check (self->manifest_url, &local_error))
    {
      if (g_error_matches (local_error, CRRC_FEED_URL_ERROR, CRRC_FEED_URL_ERROR_INSECURE))
        g_set_error_literal (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (self->use_keyring)
    load_token (self, cancellable);

  report = sync_report_new (self->manifest_url);

  if (!read_manifest (self, &manifest, &response, cancellable, &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          report->finished_at = now_unix ();
          record_run (self, report, "failed", local_error->message);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  base = response.final_url != NULL ? response.final_url : self->manifest_url;

  if (response.moved_permanently && response.final_url != NULL &&
      !g_str_equal (response.final_url, self->manifest_url))
    {
      report->moved_url = g_strdup (response.final_url);
      if (!exec_sql (self, "BEGIN IMMEDIATE", &local_error) ||
          !store_moved_url (self, report->moved_url, &local_error) ||
          !exec_sql (self, "COMMIT", &local_error))
        {
          sqlite3_exec (_crrc_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);
          g_warning ("The new address of the feed could not be recorded: %s", local_error->message);
          g_clear_error (&local_error);
        }
    }

  for (guint i = 0; i < manifest.feeds->len; i++)
    {
      ManifestFeed *feed = g_ptr_array_index (manifest.feeds, i);
      CrrcFeedKind kind;

      if (!crrc_feed_kind_from_name (feed->name, &kind))
        {
          /* The array ends with NULL. */
          if (!g_strv_contains ((const char * const *) report->unknown_feeds->pdata, feed->name))
            g_ptr_array_insert (report->unknown_feeds, (gint) report->unknown_feeds->len - 1,
                                g_strdup (feed->name));
          continue;
        }
      if (!g_ptr_array_find_with_equal_func (listed, feed->name, g_str_equal, NULL))
        g_ptr_array_add (listed, feed->name);
    }

  if (!exec_sql (self, "BEGIN IMMEDIATE", &local_error) ||
      !clear_unlisted_discontinued (self, listed, &local_error) ||
      !exec_sql (self, "COMMIT", &local_error))
    {
      sqlite3_exec (_crrc_store_get_db (self->store), "ROLLBACK", NULL, NULL, NULL);
      g_warning ("Discontinued feeds could not be updated: %s", local_error->message);
      g_clear_error (&local_error);
    }

  for (guint i = 0; i < manifest.feeds->len; i++)
    {
      ManifestFeed *feed = g_ptr_array_index (manifest.feeds, i);
      g_autofree char *href = NULL;
      CrrcFeedResult *result;
      CrrcFeedKind kind;

      if (!crrc_feed_kind_from_name (feed->name, &kind) ||
          crrc_sync_report_lookup_feed (report, feed->name) != NULL)
        continue;

      result = feed_result_new (feed->name);
      g_ptr_array_add (report->feeds, result);

      if (feed->href == NULL)
        {
          result->outcome = CRRC_FEED_OUTCOME_FAILED;
          result->error = g_strdup (_("the manifest gives no address for it"));
        }
      else if ((href = resolve_link (base, feed->href, &local_error)) == NULL ||
               !check_link (base, href, &local_error))
        {
          result->outcome = CRRC_FEED_OUTCOME_FAILED;
          result->url = g_strdup (href != NULL ? href : feed->href);
          result->error = g_strdup_printf (_("the manifest gives an address that is refused: %s"),
                                           local_error->message);
          g_clear_error (&local_error);
        }

      if (result->outcome == CRRC_FEED_OUTCOME_FAILED)
        {
          count_records (self, kind, &result->records, NULL);
          store_failure (self, result, NULL, 0);
          continue;
        }

      sync_feed (self, task, kind, href, result, cancellable, &cancel_error);
      if (cancel_error != NULL)
        {
          report->cancelled = TRUE;
          break;
        }
    }

  report->finished_at = now_unix ();
  summary = summary_line (report);
  record_run (self, report, run_status (report), summary);

  return g_steal_pointer (&report);
}

/* The whole sync holds the store's writer lock: the analyst's queued
 * writes wait for it (crrc_store_write_async()). */
static CrrcSyncReport *
sync_run (CrrcSync      *self,
          GTask         *task,
          GCancellable  *cancellable,
          GError       **error)
{
  CrrcStoreCancellable chain = { NULL };
  CrrcSyncReport *report;

  /* Quitting the application (crrc_store_shutdown()) cancels the run. */
  _crrc_store_lock_writer (self->store);
  _crrc_store_cancellable_init (&chain, self->store, cancellable);
  report = sync_run_locked (self, task, chain.cancellable, error);
  _crrc_store_cancellable_clear (&chain);
  _crrc_store_unlock_writer (self->store);

  return report;
}

/* CrrcSyncReport */

static void
crrc_sync_report_finalize (GObject *object)
{
  CrrcSyncReport *self = CRRC_SYNC_REPORT (object);

  g_free (self->url);
  g_free (self->moved_url);
  g_ptr_array_unref (self->feeds);
  g_ptr_array_unref (self->unknown_feeds);

  G_OBJECT_CLASS (crrc_sync_report_parent_class)->finalize (object);
}

static void
crrc_sync_report_class_init (CrrcSyncReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = crrc_sync_report_finalize;
}

static void
crrc_sync_report_init (CrrcSyncReport *self)
{
  self->feeds = g_ptr_array_new_with_free_func (feed_result_free);
  self->unknown_feeds = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->unknown_feeds, NULL);
}

/**
 * crrc_sync_report_get_url:
 *
 * Returns: the manifest URL that was synchronised
 */
const char *
crrc_sync_report_get_url (CrrcSyncReport *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), NULL);

  return self->url;
}

/**
 * crrc_sync_report_get_moved_url:
 *
 * Returns: (nullable): where the manifest moved permanently (it answered
 *   301 or 308), or %NULL. Also kept in the cache's `meta` table under
 *   "feed_url_moved:<manifest URL>".
 */
const char *
crrc_sync_report_get_moved_url (CrrcSyncReport *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), NULL);

  return self->moved_url;
}

/**
 * crrc_sync_report_get_cancelled:
 *
 * Returns: whether the run was cancelled; the last feed of the report is
 *   then the one that was being read, failed, and left as it was
 */
gboolean
crrc_sync_report_get_cancelled (CrrcSyncReport *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), FALSE);

  return self->cancelled;
}

guint
crrc_sync_report_get_n_feeds (CrrcSyncReport *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), 0);

  return self->feeds->len;
}

/**
 * crrc_sync_report_get_feed:
 * @index: from 0, in the order of the manifest
 *
 * Returns: (transfer none): the result of a feed
 */
const CrrcFeedResult *
crrc_sync_report_get_feed (CrrcSyncReport *self,
                           guint           index)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), NULL);
  g_return_val_if_fail (index < self->feeds->len, NULL);

  return g_ptr_array_index (self->feeds, index);
}

/**
 * crrc_sync_report_lookup_feed:
 *
 * Returns: (transfer none) (nullable): the result of the feed @feed, or
 *   %NULL when it was not tried
 */
const CrrcFeedResult *
crrc_sync_report_lookup_feed (CrrcSyncReport *self,
                              const char     *feed)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), NULL);
  g_return_val_if_fail (feed != NULL, NULL);

  for (guint i = 0; i < self->feeds->len; i++)
    {
      const CrrcFeedResult *result = g_ptr_array_index (self->feeds, i);

      if (g_str_equal (result->feed, feed))
        return result;
    }

  return NULL;
}

/**
 * crrc_sync_report_get_unknown_feeds:
 *
 * Returns: (transfer none): the names of feeds that the manifest listed
 *   and this version does not know, in the manifest's order
 */
const char * const *
crrc_sync_report_get_unknown_feeds (CrrcSyncReport *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), NULL);

  return (const char * const *) self->unknown_feeds->pdata;
}

/**
 * crrc_sync_report_has_failures:
 *
 * Postponed and discontinued feeds are not failures.
 *
 * Returns: whether a feed failed (or the run was cancelled)
 */
gboolean
crrc_sync_report_has_failures (CrrcSyncReport *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), FALSE);

  if (self->cancelled)
    return TRUE;

  for (guint i = 0; i < self->feeds->len; i++)
    {
      const CrrcFeedResult *result = g_ptr_array_index (self->feeds, i);

      if (result->outcome == CRRC_FEED_OUTCOME_FAILED)
        return TRUE;
    }

  return FALSE;
}

static char *
format_until (gint64 until)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (until);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (then) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (now))
    return g_date_time_format (then, "%H:%M");

  return g_date_time_format (then, "%Y-%m-%d %H:%M");
}

static char *
records_text (guint records)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", records), records);
}

static char *
result_line (const CrrcFeedResult *result)
{
  g_autofree char *records = records_text (result->records);

  switch (result->outcome)
    {
    case CRRC_FEED_OUTCOME_UPDATED:
      /* Translators: the feed's name (not translated), a number of records
       * ("581 records"), then counts. */
      return g_strdup_printf (_("%s: updated, %s (%u added, %u updated, %u deleted, %u rejected)"),
                              result->feed, records, result->added, result->updated,
                              result->deleted, result->rejected);
    case CRRC_FEED_OUTCOME_UNCHANGED:
      if (result->rejected > 0)
        /* Translators: the feed's name, a number of records ("451
         * records"), then a count of rejected ones. */
        return g_strdup_printf (_("%s: unchanged, %s (%u rejected)"), result->feed, records, result->rejected);
      /* Translators: the feed's name, then a number of records. */
      return g_strdup_printf (_("%s: unchanged, %s"), result->feed, records);
    case CRRC_FEED_OUTCOME_FAILED:
      /* Translators: the feed's name, then why it failed. */
      return g_strdup_printf (_("%s: failed: %s"), result->feed, result->error);
    case CRRC_FEED_OUTCOME_POSTPONED:
      {
        g_autofree char *until = format_until (result->postponed_until);

        /* Translators: the feed's name, a time ("14:05", or a date and a
         * time), then why. */
        return g_strdup_printf (_("%s: postponed until %s: %s"), result->feed, until, result->error);
      }
    case CRRC_FEED_OUTCOME_DISCONTINUED:
      /* Translators: the feed's name, then why. */
      return g_strdup_printf (_("%s: discontinued: %s"), result->feed, result->error);
    default:
      g_assert_not_reached ();
    }
}

static char *
summary_line (CrrcSyncReport *report)
{
  guint counts[G_N_ELEMENTS (outcome_ids)] = { 0 };
  guint n = report->feeds->len;

  for (guint i = 0; i < n; i++)
    {
      const CrrcFeedResult *result = g_ptr_array_index (report->feeds, i);

      counts[result->outcome]++;
    }

  if (report->cancelled)
    return g_strdup (_("Cancelled: the feed being read was left as it was."));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u feed: %u updated, %u unchanged, %u failed, %u postponed, %u discontinued.",
                                       "%u feeds: %u updated, %u unchanged, %u failed, %u postponed, %u discontinued.",
                                       n),
                          n,
                          counts[CRRC_FEED_OUTCOME_UPDATED], counts[CRRC_FEED_OUTCOME_UNCHANGED],
                          counts[CRRC_FEED_OUTCOME_FAILED], counts[CRRC_FEED_OUTCOME_POSTPONED],
                          counts[CRRC_FEED_OUTCOME_DISCONTINUED]);
}

/**
 * crrc_sync_report_to_text:
 *
 * One line per feed ("incidents: updated, 581 records (12 added, 3 updated,
 * 1 deleted, 2 rejected)"), a line for the feeds skipped as unknown and one
 * for a manifest that moved, if any, then a summary line; in the user's
 * language, each line ending with "\n".
 *
 * Returns: (transfer full): the text
 */
char *
crrc_sync_report_to_text (CrrcSyncReport *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *summary = NULL;

  g_return_val_if_fail (CRRC_IS_SYNC_REPORT (self), NULL);

  for (guint i = 0; i < self->feeds->len; i++)
    {
      g_autofree char *line = result_line (g_ptr_array_index (self->feeds, i));

      g_string_append_printf (text, "%s\n", line);
    }

  if (self->unknown_feeds->len > 1)
    {
      g_autofree char *names = g_strjoinv (", ", (char **) self->unknown_feeds->pdata);

      /* Translators: a list of feed names. */
      g_string_append_printf (text, _("Skipped, unknown to this version: %s\n"), names);
    }

  if (self->moved_url != NULL)
    g_string_append_printf (text, _("The feed has moved permanently to %s; "
                                    "please update its address in the preferences.\n"),
                            self->moved_url);

  summary = summary_line (self);
  g_string_append_printf (text, "%s\n", summary);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* CrrcSync */

static void
crrc_sync_finalize (GObject *object)
{
  CrrcSync *self = CRRC_SYNC (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_free (self->url);
  g_free (self->manifest_url);
  g_free (self->source);

  G_OBJECT_CLASS (crrc_sync_parent_class)->finalize (object);
}

static void
crrc_sync_class_init (CrrcSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crrc_sync_finalize;

  /**
   * CrrcSync::progress:
   * @self: the sync
   * @feed: the feed being read ("incidents")
   * @page: its page being read, from 1
   * @records: items of the feed read so far
   * @bytes: bytes of the feed read so far
   *
   * At the start and end of each page, and at most every 100 ms in between.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
crrc_sync_init (CrrcSync *self)
{
  self->client = crrc_feed_client_new ();
  self->use_keyring = TRUE;
}

/**
 * crrc_sync_set_use_keyring:
 * @use_keyring: whether to look the feed's access token up in the keyring
 *   before the run (the default); %FALSE when the caller sets the token on
 *   crrc_sync_get_client() itself, or wants none
 */
void
crrc_sync_set_use_keyring (CrrcSync *self,
                           gboolean  use_keyring)
{
  g_return_if_fail (CRRC_IS_SYNC (self));

  self->use_keyring = !!use_keyring;
}

/**
 * crrc_sync_new:
 * @store: the cache to bring up to date
 * @url: the feed's base URL, or its manifest's URL (ending with ".json")
 *
 * Returns: (transfer full): a sync, to run with crrc_sync_run() or
 *   crrc_sync_run_async()
 */
CrrcSync *
crrc_sync_new (CrrcStore  *store,
               const char *url)
{
  CrrcSync *self;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (CRRC_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->url = g_strdup (url);
  self->source = crrc_feed_source_for_url (url);
  self->manifest_url = g_strdup (self->source + strlen ("feed:"));

  return self;
}

/**
 * crrc_sync_get_client:
 *
 * The client that fetches the manifest and the pages. This is the place to
 * set the access token (crrc_feed_client_set_token(), from the keyring), a
 * timeout or a size limit before running.
 *
 * Returns: (transfer none): the client
 */
CrrcFeedClient *
crrc_sync_get_client (CrrcSync *self)
{
  g_return_val_if_fail (CRRC_IS_SYNC (self), NULL);

  return self->client;
}

static gboolean
begin_running (CrrcSync  *self,
               GError   **error)
{
  if (!g_atomic_int_compare_and_exchange (&self->running, 0, 1))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                           _("A synchronisation of this feed is already running."));
      return FALSE;
    }

  return TRUE;
}

/**
 * crrc_sync_run:
 * @cancellable: (nullable): cancels the run; the feed being read is rolled
 *   back and the report comes back with crrc_sync_report_get_cancelled()
 *
 * See crrc-sync.h. Must run on the thread that uses the store's connection
 * at that moment (a worker, or the command line).
 *
 * Returns: (transfer full): the report, or %NULL with @error when no feed
 *   could be tried
 */
CrrcSyncReport *
crrc_sync_run (CrrcSync      *self,
               GCancellable  *cancellable,
               GError       **error)
{
  CrrcSyncReport *report;

  g_return_val_if_fail (CRRC_IS_SYNC (self), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!begin_running (self, error))
    return NULL;

  report = sync_run (self, NULL, cancellable, error);
  g_atomic_int_set (&self->running, 0);

  return report;
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CrrcSync *self = source_object;
  GError *error = NULL;
  CrrcSyncReport *report;

  report = sync_run (self, task, cancellable, &error);
  g_atomic_int_set (&self->running, 0);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, g_object_unref);
}

/**
 * crrc_sync_run_async:
 *
 * Runs the sync in a worker thread; ::progress is emitted in the
 * thread-default main context of the caller. The caller must not use the
 * store's connection until the sync has finished.
 */
void
crrc_sync_run_async (CrrcSync            *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CRRC_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_sync_run_async);
  /* A cancellation after the last commit must not hide the report: the
   * run decides whether it was cancelled. */
  g_task_set_check_cancellable (task, FALSE);

  if (!begin_running (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (task, sync_thread);
}

/**
 * crrc_sync_run_finish:
 *
 * Returns: (transfer full): the report, or %NULL with @error
 */
CrrcSyncReport *
crrc_sync_run_finish (CrrcSync      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (CRRC_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crrc_sync_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
