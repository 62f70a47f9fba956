/* crrc-test-feed-server.h: a loopback CRRC feed server for tests and demos
 *
 * The server reads a feed directory (README.md beside this file):
 *
 *   manifest.json              served as is at /manifest.json (and at /)
 *   <name>.records.json        the records of the feed <name>, served as
 *                              pages at the href the manifest gives it:
 *     {"snapshot": false,      true: the first pages of a sync (no since)
 *                              say "snapshot": true
 *      "cursor": "…",          optional: a fixed cursor; otherwise the
 *                              greatest updated_at of all items
 *      "items": [ … ],         records, as the protocol's table says
 *      "deleted": [ "id" ]}    ids listed in "deleted" on the first page
 *   anything else *.json       served as is (a second manifest, …)
 *
 * Files are read again on each request, so a test may rewrite a records
 * file between two syncs. The server runs on 127.0.0.1 in a thread of its
 * own, with its own GMainContext: a test may run a blocking client on its
 * own thread. Every function here may be called from any thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Page size when none is set. */
#define CRRC_TEST_FEED_DEFAULT_PAGE_SIZE 100
/* Interval between two bytes of SLOW_DRIP when none is set, in ms. */
#define CRRC_TEST_FEED_DEFAULT_DRIP_INTERVAL 100
/* Size of the OVERSIZED body when none is set: one byte over the
 * protocol's default limit. */
#define CRRC_TEST_FEED_DEFAULT_OVERSIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024 + 1)
/* What the GZIP_BOMB body inflates to: spaces. */
#define CRRC_TEST_FEED_BOMB_SIZE (G_GUINT64_CONSTANT (200) * 1024 * 1024)
/* Number of '[' of DEEP_NESTING. */
#define CRRC_TEST_FEED_NESTING_DEPTH 100000
/* Retry-After of STATUS_503_RETRY_AFTER and STATUS_429, in seconds. */
#define CRRC_TEST_FEED_RETRY_AFTER_503 120
#define CRRC_TEST_FEED_RETRY_AFTER_429 60
/* Requests under this prefix serve what the path without it serves: where
 * MOVED_PERMANENTLY points ("/incidents.json" → "/moved/incidents.json"). */
#define CRRC_TEST_FEED_MOVED_PREFIX "/moved"
/* Where REDIRECT_TO_HTTP_ELSEWHERE points (TEST-NET-1, never routed). */
#define CRRC_TEST_FEED_ELSEWHERE "http://192.0.2.1"
/* Number of records BAD_RECORDS adds to a page. */
#define CRRC_TEST_FEED_N_BAD_RECORDS 5

/**
 * CrrcTestFeedFault:
 * @CRRC_TEST_FEED_FAULT_NONE: no fault
 * @CRRC_TEST_FEED_FAULT_TRUNCATED_BODY: 200 with a Content-Length larger
 *   than the body sent (half of it), then the connection is closed
 * @CRRC_TEST_FEED_FAULT_RESET_MID_BODY: 200, half of the body, then the
 *   connection is reset (TCP RST)
 * @CRRC_TEST_FEED_FAULT_STATUS_500: 500
 * @CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER: 503 with Retry-After: 120
 * @CRRC_TEST_FEED_FAULT_STATUS_429: 429 with Retry-After: 60
 * @CRRC_TEST_FEED_FAULT_STATUS_404: 404
 * @CRRC_TEST_FEED_FAULT_STATUS_410: 410
 * @CRRC_TEST_FEED_FAULT_STATUS_401: 401 with WWW-Authenticate: Bearer
 * @CRRC_TEST_FEED_FAULT_STATUS_403: 403
 * @CRRC_TEST_FEED_FAULT_SLOW_DRIP: the document (padded with spaces to at
 *   least 1 KiB), one byte every drip interval, with its full
 *   Content-Length, until it is sent or the client gives up
 * @CRRC_TEST_FEED_FAULT_INVALID_JSON: 200, a page with a missing comma
 * @CRRC_TEST_FEED_FAULT_DEEP_NESTING: 200, a page whose items are
 *   %CRRC_TEST_FEED_NESTING_DEPTH nested arrays (well formed otherwise)
 * @CRRC_TEST_FEED_FAULT_INVALID_UTF8: 200, the page with a Latin-1 string
 *   ("caf\xe9") in an extra first member
 * @CRRC_TEST_FEED_FAULT_GZIP_BOMB: 200, Content-Encoding: gzip, about
 *   200 KiB that inflate to %CRRC_TEST_FEED_BOMB_SIZE spaces
 * @CRRC_TEST_FEED_FAULT_OVERSIZED: 200, a JSON object of the oversize
 *   (crrc_test_feed_server_set_oversize()) with its Content-Length, sent
 *   in chunks
 * @CRRC_TEST_FEED_FAULT_REDIRECT_LOOP: 302 to the same URL
 * @CRRC_TEST_FEED_FAULT_REDIRECT_TO_HTTP_ELSEWHERE: 302 to
 *   %CRRC_TEST_FEED_ELSEWHERE + the path, a plain-http URL of another host
 * @CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY: 301 to
 *   %CRRC_TEST_FEED_MOVED_PREFIX + the path, which serves the same thing
 *   (the fault never applies under that prefix)
 * @CRRC_TEST_FEED_FAULT_BAD_RECORDS: the page, plus
 *   %CRRC_TEST_FEED_N_BAD_RECORDS invalid records of its feed: ids
 *   "BAD-MISSING-FINESS", "BAD-FINESS-KEY", "BAD-ENUM", "BAD-DATE",
 *   "BAD-LONG-STRING" (establishments: no id, then the FINESS numbers
 *   210000015, 210000097, 210000105 and 210000113)
 * @CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME: the page names another feed
 *   ("incidents", or "audits" for the incidents feed); on the manifest,
 *   "format" is "other-format"
 * @CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT: 200, the page inside an array
 *
 * Faults that change a page (BAD_RECORDS, WRONG_FEED_NAME) serve other
 * documents unchanged.
 */
typedef enum
{
  CRRC_TEST_FEED_FAULT_NONE,
  CRRC_TEST_FEED_FAULT_TRUNCATED_BODY,
  CRRC_TEST_FEED_FAULT_RESET_MID_BODY,
  CRRC_TEST_FEED_FAULT_STATUS_500,
  CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER,
  CRRC_TEST_FEED_FAULT_STATUS_429,
  CRRC_TEST_FEED_FAULT_STATUS_404,
  CRRC_TEST_FEED_FAULT_STATUS_410,
  CRRC_TEST_FEED_FAULT_STATUS_401,
  CRRC_TEST_FEED_FAULT_STATUS_403,
  CRRC_TEST_FEED_FAULT_SLOW_DRIP,
  CRRC_TEST_FEED_FAULT_INVALID_JSON,
  CRRC_TEST_FEED_FAULT_DEEP_NESTING,
  CRRC_TEST_FEED_FAULT_INVALID_UTF8,
  CRRC_TEST_FEED_FAULT_GZIP_BOMB,
  CRRC_TEST_FEED_FAULT_OVERSIZED,
  CRRC_TEST_FEED_FAULT_REDIRECT_LOOP,
  CRRC_TEST_FEED_FAULT_REDIRECT_TO_HTTP_ELSEWHERE,
  CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY,
  CRRC_TEST_FEED_FAULT_BAD_RECORDS,
  CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME,
  CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT,
  CRRC_TEST_FEED_N_FAULTS
} CrrcTestFeedFault;

typedef struct _CrrcTestFeedServer CrrcTestFeedServer;

/* "truncated-body", "status-503-retry-after", … ; from_name also accepts
 * the enum's spelling ("TRUNCATED_BODY"). */
const char         *crrc_test_feed_fault_to_name          (CrrcTestFeedFault    fault);
gboolean            crrc_test_feed_fault_from_name        (const char          *name,
                                                           CrrcTestFeedFault   *fault);

/* Starts serving @feed_dir on 127.0.0.1, on an ephemeral port (or @port). */
CrrcTestFeedServer *crrc_test_feed_server_new             (const char          *feed_dir,
                                                           GError             **error);
CrrcTestFeedServer *crrc_test_feed_server_new_on_port     (const char          *feed_dir,
                                                           guint16              port,
                                                           GError             **error);
/* Stops serving, closes the connections and joins the server's thread. */
void                crrc_test_feed_server_free            (CrrcTestFeedServer  *self);

/* "http://127.0.0.1:PORT/" */
const char         *crrc_test_feed_server_get_base_url    (CrrcTestFeedServer  *self);
guint16             crrc_test_feed_server_get_port        (CrrcTestFeedServer  *self);
const char         *crrc_test_feed_server_get_feed_dir    (CrrcTestFeedServer  *self);

/* Items per page (default %CRRC_TEST_FEED_DEFAULT_PAGE_SIZE, at least 1). */
void                crrc_test_feed_server_set_page_size   (CrrcTestFeedServer  *self,
                                                           guint                page_size);
/* Gzip bodies when the request accepts it (default off). */
void                crrc_test_feed_server_set_gzip        (CrrcTestFeedServer  *self,
                                                           gboolean             gzip);
/* Require "Authorization: Bearer @token" (else 401); NULL: none required. */
void                crrc_test_feed_server_set_token       (CrrcTestFeedServer  *self,
                                                           const char          *token);
void                crrc_test_feed_server_set_drip_interval (CrrcTestFeedServer *self,
                                                           guint                milliseconds);
void                crrc_test_feed_server_set_oversize    (CrrcTestFeedServer  *self,
                                                           guint64              size);
/* One line per request on stderr (default off). */
void                crrc_test_feed_server_set_verbose     (CrrcTestFeedServer  *self,
                                                           gboolean             verbose);

/*
 * Makes requests whose path (without the query) matches @path_glob
 * (g_pattern_match_simple(): "/audits*"; NULL or "*" for all) answer with
 * @fault, @times times (0: until cleared). When several faults match, the
 * one set first applies. Faults apply after the token check.
 */
void                crrc_test_feed_server_set_fault       (CrrcTestFeedServer  *self,
                                                           const char          *path_glob,
                                                           CrrcTestFeedFault    fault,
                                                           guint                times);
void                crrc_test_feed_server_clear_faults    (CrrcTestFeedServer  *self);

/* Requests received for @path (without the query), whatever the answer;
 * NULL: all paths. */
guint               crrc_test_feed_server_get_request_count (CrrcTestFeedServer *self,
                                                           const char          *path);
/* A header of the last request for @path, or NULL (transfer full). */
char               *crrc_test_feed_server_get_last_header (CrrcTestFeedServer  *self,
                                                           const char          *path,
                                                           const char          *name);
/* The query of the last request for @path ("page=2&since=…", as sent), or
 * NULL when it had none or there was no request (transfer full). */
char               *crrc_test_feed_server_get_last_query  (CrrcTestFeedServer  *self,
                                                           const char          *path);
/* Every request so far, in order: "GET /incidents.json?page=2" (transfer
 * full, NULL-terminated). */
char              **crrc_test_feed_server_dup_request_log (CrrcTestFeedServer  *self);
/* Forgets counts, headers, queries and the log. */
void                crrc_test_feed_server_reset_requests  (CrrcTestFeedServer  *self);

/*
 * Helpers for tests that rewrite a feed: copies the regular files of
 * @source_dir into a new temporary directory (returned, transfer full);
 * removes such a directory and its files.
 */
char               *crrc_test_feed_dir_copy               (const char          *source_dir,
                                                           GError             **error);
void                crrc_test_feed_dir_remove             (const char          *dir);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcTestFeedServer, crrc_test_feed_server_free)

G_END_DECLS
