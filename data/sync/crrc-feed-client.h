/* crrc-feed-client.h: fetching feed documents over HTTP(S) or from local URIs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRRC_FEED_ERROR (crrc_feed_error_quark ())

/**
 * CrrcFeedError:
 * @CRRC_FEED_ERROR_INSECURE: a plain http:// URL to another computer, or a
 *   redirect from https to http: refused before any connection
 * @CRRC_FEED_ERROR_AUTH_REQUIRED: 401
 * @CRRC_FEED_ERROR_FORBIDDEN: 403
 * @CRRC_FEED_ERROR_NOT_FOUND: 404 (or a missing local file)
 * @CRRC_FEED_ERROR_GONE: 410: the feed is discontinued
 * @CRRC_FEED_ERROR_POSTPONED: 429 or 503 with Retry-After: see
 *   crrc_feed_response_get_retry_after() of the error's response, or the
 *   `retry_after` out argument of crrc_feed_client_fetch()
 * @CRRC_FEED_ERROR_HTTP: another HTTP status, after the retries
 * @CRRC_FEED_ERROR_CONNECTION: the connection failed or was cut, after the
 *   retries (including a body cut before its end)
 * @CRRC_FEED_ERROR_TIMEOUT: the server was slower than the per-request timeout
 * @CRRC_FEED_ERROR_TOO_MANY_REDIRECTS: more than 5 redirects, or a loop
 * @CRRC_FEED_ERROR_TOO_LARGE: the body (decompressed) is over the size limit
 * @CRRC_FEED_ERROR_INVALID_DOCUMENT: not UTF-8, not JSON, nested too deep,
 *   not an object, or not the expected document (wrong feed or version)
 */
typedef enum
{
  CRRC_FEED_ERROR_INSECURE,
  CRRC_FEED_ERROR_AUTH_REQUIRED,
  CRRC_FEED_ERROR_FORBIDDEN,
  CRRC_FEED_ERROR_NOT_FOUND,
  CRRC_FEED_ERROR_GONE,
  CRRC_FEED_ERROR_POSTPONED,
  CRRC_FEED_ERROR_HTTP,
  CRRC_FEED_ERROR_CONNECTION,
  CRRC_FEED_ERROR_TIMEOUT,
  CRRC_FEED_ERROR_TOO_MANY_REDIRECTS,
  CRRC_FEED_ERROR_TOO_LARGE,
  CRRC_FEED_ERROR_INVALID_DOCUMENT,
} CrrcFeedError;

/* How a fetched document ended. */
typedef enum
{
  CRRC_FEED_FETCH_OK,            /* 200 (or a local file): the body was read */
  CRRC_FEED_FETCH_NOT_MODIFIED,  /* 304: nothing was read */
} CrrcFeedFetchStatus;

/* What the client learnt while fetching one URL. */
typedef struct
{
  CrrcFeedFetchStatus  status;
  guint                http_status;      /* 0 for file:// and resource:// */
  char                *final_url;        /* after redirects */
  gboolean             moved_permanently; /* only 301 or 308 redirects were followed:
                                            final_url is the new address */
  char                *etag;             /* of the final response, or NULL */
  char                *last_modified;    /* of the final response, or NULL */
  gint64               retry_after;      /* unix time; set with CRRC_FEED_ERROR_POSTPONED */
  guint64              body_size;        /* decompressed bytes read */
} CrrcFeedResponse;

void crrc_feed_response_clear (CrrcFeedResponse *response);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CrrcFeedResponse, crrc_feed_response_clear)

/*
 * Receives the body, decompressed, as it arrives; returning FALSE stops the
 * fetch with @error (which is passed through unchanged). Called only for a
 * response that is going to be accepted (200, local file).
 */
typedef gboolean (*CrrcFeedBodyFunc) (const char  *data,
                                      gsize        length,
                                      gpointer     user_data,
                                      GError     **error);

#define CRRC_TYPE_FEED_CLIENT (crrc_feed_client_get_type ())
G_DECLARE_FINAL_TYPE (CrrcFeedClient, crrc_feed_client, CRRC, FEED_CLIENT, GObject)

GQuark          crrc_feed_error_quark                 (void);

CrrcFeedClient *crrc_feed_client_new                  (void);
/* Default 30 s per request. */
void            crrc_feed_client_set_timeout          (CrrcFeedClient   *self,
                                                       guint             seconds);
/* Default 64 MiB per document, decompressed. */
void            crrc_feed_client_set_max_body_size    (CrrcFeedClient   *self,
                                                       guint64           size);
/* Base of the jittered backoff between tries (1 s, 2 s, 4 s by default);
 * tests shorten it. */
void            crrc_feed_client_set_backoff_base     (CrrcFeedClient   *self,
                                                       guint             milliseconds);
/* The bearer token sent with every HTTP request, or NULL. Never logged,
 * never part of an error message. */
void            crrc_feed_client_set_token            (CrrcFeedClient   *self,
                                                       const char       *token);

/*
 * Fetches @url from a worker thread (blocking): https://, http:// to this
 * computer, file:// or resource://. Sends If-None-Match / If-Modified-Since
 * when @etag / @last_modified are given; accepts gzip; follows redirects as
 * the protocol says; retries 5xx and connection errors up to 3 times with
 * jittered backoff; enforces the timeout and the size limit while reading;
 * hands the body to @body_func as it arrives.
 *
 * Returns FALSE with CRRC_FEED_ERROR (or G_IO_ERROR_CANCELLED, or the
 * error set by @body_func) on failure; @response is filled either way as
 * far as it got (e.g. http_status, retry_after).
 */
gboolean        crrc_feed_client_fetch                (CrrcFeedClient    *self,
                                                       const char        *url,
                                                       const char        *etag,
                                                       const char        *last_modified,
                                                       CrrcFeedBodyFunc   body_func,
                                                       gpointer           body_data,
                                                       CrrcFeedResponse  *response,
                                                       GCancellable      *cancellable,
                                                       GError           **error);

/*
 * Called before the body of a retried request reaches @body_func again from
 * its start: the consumer drops what it received so far. Returning FALSE
 * stops the fetch with @error (passed through unchanged).
 */
typedef gboolean (*CrrcFeedRestartFunc) (gpointer   user_data,
                                         GError   **error);

/*
 * crrc_feed_client_fetch() with a @restart_func, called with @body_data.
 * Without one (crrc_feed_client_fetch()), a body cut by the connection after
 * some of it reached @body_func is not retried: it fails with
 * CRRC_FEED_ERROR_CONNECTION at once.
 */
gboolean        crrc_feed_client_fetch_full           (CrrcFeedClient      *self,
                                                       const char          *url,
                                                       const char          *etag,
                                                       const char          *last_modified,
                                                       CrrcFeedBodyFunc     body_func,
                                                       CrrcFeedRestartFunc  restart_func,
                                                       gpointer             body_data,
                                                       CrrcFeedResponse    *response,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

/*
 * Whether a redirect from @from_url to @to_url may be followed: the target
 * is https://, or http:// to this computer from an http:// page; never a
 * local URI, never from https:// to http://. Fails with
 * CRRC_FEED_ERROR_INSECURE.
 */
gboolean        crrc_feed_client_check_redirect       (const char          *from_url,
                                                       const char          *to_url,
                                                       GError             **error);

G_END_DECLS
