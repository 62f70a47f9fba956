/* crrc-feed-client.c: fetching feed documents over HTTP(S) or from local URIs
 *
 * The transport rules of the feed protocol (FEED-PROTOCOL.md, "Transport" and
 * "HTTP behaviour"), for one document at a time, from a worker thread:
 *
 * - every address, the first and each redirect target, passes
 *   crrc_feed_url_check() before a connection is made; redirects are followed
 *   here, not by libsoup, so that none escapes that check;
 * - a whole request (connecting, the headers, the body) has one deadline,
 *   kept by a watchdog thread that cancels it: a server dripping bytes is cut
 *   as surely as a silent one;
 * - the body is decompressed here (the session has no content decoder), so
 *   that the size limit counts the bytes the consumer receives and a gzip
 *   bomb stops after the limit, never allocated;
 * - libsoup's authentication manager is removed too: the only credential is
 *   the bearer token, sent to the origin the fetch started from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "crrc-feed-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "crrc-feed-client.h"
#include "crrc-feed-url.h"

#define MAX_REDIRECTS         5
#define MAX_TRIES             3
#define CHUNK_SIZE            (64 * 1024)
#define DEFAULT_TIMEOUT       30
#define DEFAULT_MAX_BODY_SIZE (G_GUINT64_CONSTANT (64) * 1024 * 1024)
#define DEFAULT_BACKOFF_BASE  1000
/* A Retry-After further away than this is taken as this. */
#define MAX_RETRY_AFTER       (7 * 24 * 60 * 60)
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

struct _CrrcFeedClient
{
  GObject       parent_instance;

  SoupSession  *session;
  /* Pushed as the thread-default context while a fetch runs, so that
   * libsoup never touches the context of the calling thread. */
  GMainContext *context;

  /* The settings may be changed from another thread than the one fetching;
   * a fetch takes a copy when it starts. */
  GMutex        mutex;
  char         *token;
  guint64       max_body_size;
  guint         timeout;
  guint         backoff_base;
};

/* Cancels a request when its deadline passes. One thread per fetch: the
 * fetching thread is blocked in I/O and cannot watch the clock itself. */
typedef struct
{
  GMutex        mutex;
  GCond         cond;
  GThread      *thread;
  GCancellable *cancellable;
  gint64        deadline;   /* monotonic time; 0 while disarmed */
  gboolean      fired;
  gboolean      quit;
} Watchdog;

typedef struct
{
  CrrcFeedClient      *self;
  const char          *etag;
  const char          *last_modified;
  CrrcFeedBodyFunc     body_func;
  CrrcFeedRestartFunc  restart_func;
  gpointer             body_data;
  CrrcFeedResponse    *response;
  GCancellable        *cancellable;

  /* The settings, as they were when the fetch started. */
  char                *token;
  guint64              max_body_size;
  guint                timeout;
  guint                backoff_base;

  Watchdog             watchdog;
  guint8              *buffer;
  gboolean             send_token;   /* still on the origin of the first URL */
  gboolean             delivered;    /* body bytes reached body_func since the last restart */
  gboolean             passthrough;  /* the error is the consumer's, unchanged */
} Fetch;

/* What one HTTP request leads to. */
typedef enum
{
  STEP_DONE,
  STEP_REDIRECT,
  STEP_RETRY,
  STEP_FAILED,
} Step;

G_DEFINE_FINAL_TYPE (CrrcFeedClient, crrc_feed_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (crrc-feed-error-quark, crrc_feed_error)

/* The address as messages show it: no user name or password, no query
 * string, no fragment, which may all carry secrets. */
static char *
display_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return g_strdup ("…");

  if (g_strcmp0 (g_uri_get_scheme (uri), "file") == 0)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);

      return g_file_get_parse_name (file);
    }

  return g_uri_to_string_partial (uri,
                                  G_URI_HIDE_USERINFO |
                                  G_URI_HIDE_QUERY |
                                  G_URI_HIDE_FRAGMENT);
}

static gboolean
is_local_scheme (const char *scheme)
{
  return scheme != NULL &&
         (g_ascii_strcasecmp (scheme, "file") == 0 ||
          g_ascii_strcasecmp (scheme, "resource") == 0);
}

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (const char *a,
             const char *b)
{
  g_autoptr(GUri) ua = g_uri_parse (a, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GUri) ub = g_uri_parse (b, G_URI_FLAGS_NONE, NULL);
  int port_a, port_b;

  if (ua == NULL || ub == NULL ||
      g_uri_get_host (ua) == NULL || g_uri_get_host (ub) == NULL)
    return FALSE;

  port_a = g_uri_get_port (ua);
  if (port_a < 0)
    port_a = default_port (g_uri_get_scheme (ua));
  port_b = g_uri_get_port (ub);
  if (port_b < 0)
    port_b = default_port (g_uri_get_scheme (ub));

  return g_ascii_strcasecmp (g_uri_get_scheme (ua), g_uri_get_scheme (ub)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (ua), g_uri_get_host (ub)) == 0 &&
         port_a == port_b;
}

/* RFC 6750 b64token, which is all a header value can safely carry. */
static gboolean
token_is_valid (const char *token)
{
  for (const char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("-._~+/=", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

/* Seconds, or an HTTP date; the unix time it names, between now and
 * MAX_RETRY_AFTER from now. */
static gboolean
parse_retry_after (const char *value,
                   gint64      now,
                   gint64     *retry_after)
{
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  if (value == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (value));
  if (trimmed[0] == '\0')
    return FALSE;

  if (g_ascii_isdigit (trimmed[0]))
    {
      if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT64, &seconds, NULL))
        return FALSE;
      *retry_after = now + (gint64) MIN (seconds, (guint64) MAX_RETRY_AFTER);
      return TRUE;
    }
  else
    {
      g_autoptr(GDateTime) date = soup_date_time_new_from_http_string (trimmed);

      if (date == NULL)
        return FALSE;
      *retry_after = CLAMP (g_date_time_to_unix (date), now, now + MAX_RETRY_AFTER);
      return TRUE;
    }
}

/* The reason phrase of a status, in English as HTTP has it. libsoup 3.2
 * knows most; the server's own is used, if it is plain text, for the others. */
static const char *
status_phrase (SoupMessage *msg)
{
  guint status = soup_message_get_status (msg);
  const char *phrase = soup_message_get_reason_phrase (msg);

  if (status == HTTP_TOO_MANY_REQUESTS)
    return "Too Many Requests";

  if (g_strcmp0 (soup_status_get_phrase (status), "Unknown Error") != 0)
    return soup_status_get_phrase (status);

  if (phrase == NULL || phrase[0] == '\0' || strlen (phrase) > 64)
    return soup_status_get_phrase (status);

  for (const char *p = phrase; *p != '\0'; p++)
    {
      if (!g_ascii_isprint (*p))
        return soup_status_get_phrase (status);
    }

  return phrase;
}

static void
take_header (char               **field,
             SoupMessageHeaders  *headers,
             const char          *name,
             const char          *fallback)
{
  const char *value = soup_message_headers_get_one (headers, name);

  g_free (*field);
  *field = g_strdup (value != NULL ? value : fallback);
}

/* The token never appears in a message, even when a server echoes it back
 * into an address. */
static void
scrub_token (GError     *error,
             const char *token)
{
  g_autoptr(GString) message = NULL;

  if (error == NULL || token == NULL || token[0] == '\0' ||
      strstr (error->message, token) == NULL)
    return;

  message = g_string_new (error->message);
  g_string_replace (message, token, "…", 0);
  g_free (error->message);
  error->message = g_string_free (g_steal_pointer (&message), FALSE);
}

static gboolean
sleep_cancellable (gint64         usec,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint64 end = g_get_monotonic_time () + usec;
  GPollFD pollfd;
  gboolean have_fd;
  gboolean ret = TRUE;

  have_fd = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pollfd);

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ret = FALSE;
          break;
        }
      if (now >= end)
        break;

      if (have_fd)
        g_poll (&pollfd, 1, (int) MIN ((end - now + 999) / 1000, G_MAXINT));
      else
        g_usleep ((gulong) (end - now));
    }

  if (have_fd)
    g_cancellable_release_fd (cancellable);

  return ret;
}

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *watchdog = data;

  g_mutex_lock (&watchdog->mutex);

  while (!watchdog->quit)
    {
      if (watchdog->deadline == 0)
        {
          g_cond_wait (&watchdog->cond, &watchdog->mutex);
        }
      else if (!g_cond_wait_until (&watchdog->cond, &watchdog->mutex, watchdog->deadline) &&
               watchdog->deadline != 0 &&
               g_get_monotonic_time () >= watchdog->deadline)
        {
          g_autoptr(GCancellable) cancellable = g_object_ref (watchdog->cancellable);

          watchdog->fired = TRUE;
          watchdog->deadline = 0;

          /* Cancelling runs handlers: never under the lock. */
          g_mutex_unlock (&watchdog->mutex);
          g_cancellable_cancel (cancellable);
          g_mutex_lock (&watchdog->mutex);
        }
    }

  g_mutex_unlock (&watchdog->mutex);

  return NULL;
}

static void
watchdog_start (Watchdog *watchdog)
{
  g_mutex_init (&watchdog->mutex);
  g_cond_init (&watchdog->cond);
  watchdog->thread = g_thread_new ("crrc-feed-watchdog", watchdog_thread, watchdog);
}

static void
watchdog_stop (Watchdog *watchdog)
{
  g_mutex_lock (&watchdog->mutex);
  watchdog->quit = TRUE;
  g_cond_signal (&watchdog->cond);
  g_mutex_unlock (&watchdog->mutex);

  g_thread_join (g_steal_pointer (&watchdog->thread));
  g_clear_object (&watchdog->cancellable);
  g_cond_clear (&watchdog->cond);
  g_mutex_clear (&watchdog->mutex);
}

static void
watchdog_arm (Watchdog     *watchdog,
              GCancellable *cancellable,
              guint         seconds)
{
  g_mutex_lock (&watchdog->mutex);
  g_set_object (&watchdog->cancellable, cancellable);
  watchdog->deadline = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
  watchdog->fired = FALSE;
  g_cond_signal (&watchdog->cond);
  g_mutex_unlock (&watchdog->mutex);
}

static void
watchdog_disarm (Watchdog *watchdog)
{
  g_mutex_lock (&watchdog->mutex);
  watchdog->deadline = 0;
  g_clear_object (&watchdog->cancellable);
  g_mutex_unlock (&watchdog->mutex);
}

static gboolean
watchdog_fired (Watchdog *watchdog)
{
  gboolean fired;

  g_mutex_lock (&watchdog->mutex);
  fired = watchdog->fired;
  g_mutex_unlock (&watchdog->mutex);

  return fired;
}

static void
cancel_request_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/*
 * Why a request or a read failed. Connection failures are retried, but not a
 * body cut after some of it reached the consumer when it cannot restart.
 */
static Step
transport_error (Fetch        *f,
                 const char   *shown,
                 const GError *cause,
                 gboolean      in_body,
                 GError      **error)
{
  if (g_cancellable_set_error_if_cancelled (f->cancellable, error))
    return STEP_FAILED;

  if (watchdog_fired (&f->watchdog) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TIMEOUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Fetching %s took longer than %u second: "
                                "the server is too slow or does not answer.",
                                "Fetching %s took longer than %u seconds: "
                                "the server is too slow or does not answer.",
                                f->timeout),
                   shown, f->timeout);
      return STEP_FAILED;
    }

  if (cause->domain == G_TLS_ERROR)
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION,
                   _("Could not make a secure connection to %s: %s."),
                   shown, cause->message);
      return STEP_FAILED;
    }

  if (g_error_matches (cause, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION,
                   _("Could not find the server of %s: %s."),
                   shown, cause->message);
      return STEP_FAILED;
    }

  if (in_body)
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION,
                   _("The connection was cut before the end of %s: %s."),
                   shown, cause->message);
      return f->delivered && f->restart_func == NULL ? STEP_FAILED : STEP_RETRY;
    }

  g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION,
               _("Could not fetch %s: %s."), shown, cause->message);
  return STEP_RETRY;
}

/* Hands the body to the consumer, counting it. */
static Step
read_body (Fetch         *f,
           GInputStream  *stream,
           GCancellable  *cancellable,
           const char    *shown,
           gboolean       local,
           GError       **error)
{
  CrrcFeedResponse *response = f->response;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n;

      n = g_input_stream_read (stream, f->buffer, CHUNK_SIZE, cancellable, &local_error);
      if (n == 0)
        return STEP_DONE;

      if (n < 0)
        {
          if (g_cancellable_set_error_if_cancelled (f->cancellable, error))
            return STEP_FAILED;

          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
            {
              g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT,
                           _("%s is not valid compressed data: %s."),
                           shown, local_error->message);
              return STEP_FAILED;
            }

          if (local)
            {
              g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION,
                           _("Could not read %s: %s."), shown, local_error->message);
              return STEP_FAILED;
            }

          return transport_error (f, shown, local_error, TRUE, error);
        }

      if ((guint64) n > f->max_body_size - response->body_size)
        {
          g_autofree char *limit = g_format_size (f->max_body_size);

          g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_LARGE,
                       _("%s is larger than the limit of %s."), shown, limit);
          return STEP_FAILED;
        }

      response->body_size += (guint64) n;
      f->delivered = TRUE;

      if (f->body_func != NULL &&
          !f->body_func ((const char *) f->buffer, (gsize) n, f->body_data, error))
        {
          f->passthrough = TRUE;
          return STEP_FAILED;
        }
    }
}

static Step
read_http_body (Fetch         *f,
                SoupMessage   *msg,
                GInputStream  *stream,
                GCancellable  *cancellable,
                const char    *shown,
                GError       **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *encoding = soup_message_headers_get_one (headers, "Content-Encoding");
  g_autoptr(GInputStream) body = NULL;
  Step step;

  if (encoding == NULL || g_ascii_strcasecmp (encoding, "identity") == 0)
    {
      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
          (guint64) soup_message_headers_get_content_length (headers) > f->max_body_size)
        {
          g_autofree char *limit = g_format_size (f->max_body_size);

          g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_LARGE,
                       _("%s is larger than the limit of %s."), shown, limit);
          return STEP_FAILED;
        }

      body = g_object_ref (stream);
    }
  else if (g_ascii_strcasecmp (encoding, "gzip") == 0 ||
           g_ascii_strcasecmp (encoding, "x-gzip") == 0)
    {
      g_autoptr(GZlibDecompressor) decompressor = NULL;

      decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
      body = g_converter_input_stream_new (stream, G_CONVERTER (decompressor));
      g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (body), FALSE);
    }
  else
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT,
                   _("%s is sent compressed in a way the dashboard does not support."),
                   shown);
      return STEP_FAILED;
    }

  step = read_body (f, body, cancellable, shown, FALSE, error);

  /* libsoup 3.2 ends a body cut short without an error; a gzip stream cut
   * short fails in the decompressor, but a plain chunked one cannot be told
   * from a complete one: the JSON splitter finds it incomplete. */
  if (step == STEP_DONE &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      guint64 expected = (guint64) soup_message_headers_get_content_length (headers);
      SoupMessageMetrics *metrics = soup_message_get_metrics (msg);
      guint64 received = soup_message_metrics_get_response_body_size (metrics);

      if (received < expected)
        {
          g_autofree char *received_text = g_format_size (received);
          g_autofree char *expected_text = g_format_size (expected);
          g_autoptr(GError) cause = NULL;

          cause = g_error_new (G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                               _("only %s of %s arrived"), received_text, expected_text);
          step = transport_error (f, shown, cause, TRUE, error);
        }
    }

  return step;
}

/* Reads what is left of a small body so that the connection can serve the
 * next request; anything larger, or a failed transfer, is cut. Without this,
 * closing the stream would read the rest of the body whatever its size. */
static void
finish_stream (GInputStream *stream,
               GCancellable *cancellable,
               guint8       *buffer,
               gboolean      drain)
{
  if (drain && !g_cancellable_is_cancelled (cancellable))
    {
      gssize n = g_input_stream_read (stream, buffer, CHUNK_SIZE, cancellable, NULL);

      if (n != 0)
        g_cancellable_cancel (cancellable);
    }
  else
    {
      g_cancellable_cancel (cancellable);
    }

  g_input_stream_close (stream, cancellable, NULL);
}

static Step
handle_response (Fetch         *f,
                 SoupMessage   *msg,
                 GInputStream  *stream,
                 GCancellable  *cancellable,
                 const char    *url,
                 const char    *shown,
                 char         **location,
                 gboolean      *permanent,
                 GError       **error)
{
  CrrcFeedResponse *response = f->response;
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  guint status = soup_message_get_status (msg);
  const char *phrase = status_phrase (msg);
  g_autoptr(GError) local_error = NULL;
  const char *value;
  Step step;

  response->http_status = status;

  switch (status)
    {
    case SOUP_STATUS_OK:
      take_header (&response->etag, headers, "ETag", NULL);
      take_header (&response->last_modified, headers, "Last-Modified", NULL);
      step = read_http_body (f, msg, stream, cancellable, shown, error);
      if (step == STEP_DONE)
        response->status = CRRC_FEED_FETCH_OK;
      return step;

    case SOUP_STATUS_NOT_MODIFIED:
      if (f->etag == NULL && f->last_modified == NULL)
        {
          g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP,
                       _("The server answered that %s was not modified (%u %s), "
                         "but the dashboard had not asked for a comparison."),
                       shown, status, phrase);
          return STEP_FAILED;
        }
      /* A 304 should repeat the validators; when it does not, those sent
       * are still the right ones. */
      take_header (&response->etag, headers, "ETag", f->etag);
      take_header (&response->last_modified, headers, "Last-Modified", f->last_modified);
      response->status = CRRC_FEED_FETCH_NOT_MODIFIED;
      return STEP_DONE;

    case SOUP_STATUS_MOVED_PERMANENTLY:
    case SOUP_STATUS_PERMANENT_REDIRECT:
    case SOUP_STATUS_FOUND:
    case SOUP_STATUS_SEE_OTHER:
    case SOUP_STATUS_TEMPORARY_REDIRECT:
      value = soup_message_headers_get_one (headers, "Location");
      if (value != NULL)
        *location = g_uri_resolve_relative (url, value, SOUP_HTTP_URI_FLAGS, &local_error);
      if (*location == NULL)
        {
          g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP,
                       _("The server redirected %s (%u %s) without a valid new address."),
                       shown, status, phrase);
          return STEP_FAILED;
        }
      *permanent = status == SOUP_STATUS_MOVED_PERMANENTLY ||
                   status == SOUP_STATUS_PERMANENT_REDIRECT;
      return STEP_REDIRECT;

    case SOUP_STATUS_UNAUTHORIZED:
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_AUTH_REQUIRED,
                   _("The server requires authentication for %s (%u %s). "
                     "Check the access token of the feed."),
                   shown, status, phrase);
      return STEP_FAILED;

    case SOUP_STATUS_FORBIDDEN:
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_FORBIDDEN,
                   _("The server refused access to %s (%u %s)."),
                   shown, status, phrase);
      return STEP_FAILED;

    case SOUP_STATUS_NOT_FOUND:
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_NOT_FOUND,
                   _("%s was not found on the server (%u %s)."),
                   shown, status, phrase);
      return STEP_FAILED;

    case SOUP_STATUS_GONE:
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_GONE,
                   _("%s is no longer published (%u %s)."),
                   shown, status, phrase);
      return STEP_FAILED;

    case HTTP_TOO_MANY_REQUESTS:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      if (parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"),
                             g_get_real_time () / G_USEC_PER_SEC,
                             &response->retry_after))
        {
          g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_POSTPONED,
                       _("The server asked to fetch %s again later (%u %s)."),
                       shown, status, phrase);
          return STEP_FAILED;
        }
      break;

    default:
      break;
    }

  if (SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP,
                   _("The server failed to provide %s (%u %s)."),
                   shown, status, phrase);
      return STEP_RETRY;
    }

  g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP,
               _("The server could not provide %s (%u %s)."),
               shown, status, phrase);
  return STEP_FAILED;
}

/* One HTTP request and, when it is accepted, its body. */
static Step
request_once (Fetch       *f,
              const char  *url,
              char       **location,
              gboolean    *permanent,
              GError     **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = display_url (url);
  SoupMessageHeaders *headers;
  gulong cancelled_id = 0;
  Step step;

  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE,
                   _("%s is not a valid address."), shown);
      return STEP_FAILED;
    }

  /* The metrics give the size of the body as received, before decompression. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_COLLECT_METRICS);

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Accept-Encoding", "gzip");
  if (f->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", f->etag);
  if (f->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", f->last_modified);
  if (f->send_token && f->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", f->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  /* The request has a cancellable of its own, cancelled by the caller's and
   * by the watchdog; cancelling it also cuts the connection. */
  cancellable = g_cancellable_new ();
  if (f->cancellable != NULL)
    cancelled_id = g_cancellable_connect (f->cancellable, G_CALLBACK (cancel_request_cb),
                                          cancellable, NULL);
  watchdog_arm (&f->watchdog, cancellable, f->timeout);

  stream = soup_session_send (f->self->session, msg, cancellable, &local_error);
  if (stream == NULL)
    step = transport_error (f, shown, local_error, FALSE, error);
  else
    step = handle_response (f, msg, stream, cancellable, url, shown,
                            location, permanent, error);

  if (stream != NULL)
    finish_stream (stream, cancellable, f->buffer,
                   step == STEP_DONE || step == STEP_REDIRECT);

  watchdog_disarm (&f->watchdog);
  if (cancelled_id != 0)
    g_cancellable_disconnect (f->cancellable, cancelled_id);

  return step;
}

static gboolean
fetch_http (Fetch   *f,
            GError **error)
{
  CrrcFeedResponse *response = f->response;
  g_autoptr(GHashTable) visited = NULL;
  g_autofree char *current = g_strdup (response->final_url);
  gboolean all_permanent = TRUE;
  guint n_redirects = 0;
  guint tries = 0;

  visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (visited, g_strdup (current));

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *location = NULL;
      g_autofree char *shown = NULL;
      gboolean permanent = FALSE;
      gint64 delay;

      tries++;

      switch (request_once (f, current, &location, &permanent, &local_error))
        {
        case STEP_DONE:
          response->moved_permanently = n_redirects > 0 && all_permanent;
          return TRUE;

        case STEP_FAILED:
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;

        case STEP_REDIRECT:
          shown = display_url (response->final_url);
          if (g_hash_table_contains (visited, location))
            {
              g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_MANY_REDIRECTS,
                           _("%s redirects in a loop."), shown);
              return FALSE;
            }
          if (n_redirects == MAX_REDIRECTS)
            {
              g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_MANY_REDIRECTS,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%s is redirected more than %u time.",
                                        "%s is redirected more than %u times.",
                                        MAX_REDIRECTS),
                           shown, MAX_REDIRECTS);
              return FALSE;
            }
          if (!crrc_feed_client_check_redirect (current, location, error))
            return FALSE;

          /* Like browsers: the token is for the publisher's server only. */
          if (!same_origin (current, location))
            f->send_token = FALSE;

          n_redirects++;
          all_permanent = all_permanent && permanent;
          g_hash_table_add (visited, g_strdup (location));
          g_free (response->final_url);
          response->final_url = g_strdup (location);
          g_free (current);
          current = g_steal_pointer (&location);
          break;

        case STEP_RETRY:
          if (tries >= MAX_TRIES)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          scrub_token (local_error, f->token);
          g_debug ("Try %u failed, retrying: %s", tries, local_error->message);

          delay = (gint64) f->backoff_base * 1000 * (1 << (tries - 1));
          delay = (gint64) (delay * g_random_double_range (0.75, 1.25));
          if (!sleep_cancellable (delay, f->cancellable, error))
            return FALSE;

          if (f->delivered)
            {
              if (!f->restart_func (f->body_data, error))
                {
                  f->passthrough = TRUE;
                  return FALSE;
                }
              f->delivered = FALSE;
              response->body_size = 0;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static gboolean
fetch_local (Fetch   *f,
             GError **error)
{
  const char *url = f->response->final_url;
  g_autoptr(GFile) file = g_file_new_for_uri (url);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *shown = display_url (url);

  stream = g_file_read (file, f->cancellable, &local_error);
  if (stream == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_NOT_FOUND,
                     _("%s does not exist."), shown);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_NOT_FOUND,
                     _("%s is a folder, not a document."), shown);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_FORBIDDEN,
                     _("You are not allowed to read %s."), shown);
      else
        g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION,
                     _("Could not read %s: %s."), shown, local_error->message);
      return FALSE;
    }

  if (read_body (f, G_INPUT_STREAM (stream), f->cancellable, shown, TRUE, error) != STEP_DONE)
    return FALSE;

  f->response->status = CRRC_FEED_FETCH_OK;

  return TRUE;
}

static void
crrc_feed_client_finalize (GObject *object)
{
  CrrcFeedClient *self = (CrrcFeedClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->token, g_free);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (crrc_feed_client_parent_class)->finalize (object);
}

static void
crrc_feed_client_class_init (CrrcFeedClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crrc_feed_client_finalize;
}

static void
crrc_feed_client_init (CrrcFeedClient *self)
{
  g_mutex_init (&self->mutex);
  self->timeout = DEFAULT_TIMEOUT;
  self->max_body_size = DEFAULT_MAX_BODY_SIZE;
  self->backoff_base = DEFAULT_BACKOFF_BASE;
  self->context = g_main_context_new ();

  /* The deadline is the watchdog's; libsoup's own I/O timeout is off. */
  self->session = soup_session_new_with_options ("user-agent", "crrc-dashboard/" PACKAGE_VERSION,
                                                 "timeout", 0,
                                                 NULL);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_remove_feature_by_type (self->session, SOUP_TYPE_AUTH_MANAGER);
}

/**
 * crrc_feed_response_clear:
 * @response: a response, zero-initialised or filled by a fetch
 *
 * Frees the strings of @response and zeroes it.
 */
void
crrc_feed_response_clear (CrrcFeedResponse *response)
{
  g_return_if_fail (response != NULL);

  g_free (response->final_url);
  g_free (response->etag);
  g_free (response->last_modified);
  memset (response, 0, sizeof *response);
}

/**
 * crrc_feed_client_new:
 *
 * A client may be created in any thread; one fetch runs at a time.
 *
 * Returns: (transfer full): a new client
 */
CrrcFeedClient *
crrc_feed_client_new (void)
{
  return g_object_new (CRRC_TYPE_FEED_CLIENT, NULL);
}

void
crrc_feed_client_set_timeout (CrrcFeedClient *self,
                              guint           seconds)
{
  g_return_if_fail (CRRC_IS_FEED_CLIENT (self));
  g_return_if_fail (seconds > 0);

  g_mutex_lock (&self->mutex);
  self->timeout = seconds;
  g_mutex_unlock (&self->mutex);
}

void
crrc_feed_client_set_max_body_size (CrrcFeedClient *self,
                                    guint64         size)
{
  g_return_if_fail (CRRC_IS_FEED_CLIENT (self));

  g_mutex_lock (&self->mutex);
  self->max_body_size = size;
  g_mutex_unlock (&self->mutex);
}

void
crrc_feed_client_set_backoff_base (CrrcFeedClient *self,
                                   guint           milliseconds)
{
  g_return_if_fail (CRRC_IS_FEED_CLIENT (self));

  g_mutex_lock (&self->mutex);
  self->backoff_base = milliseconds;
  g_mutex_unlock (&self->mutex);
}

void
crrc_feed_client_set_token (CrrcFeedClient *self,
                            const char     *token)
{
  g_return_if_fail (CRRC_IS_FEED_CLIENT (self));

  if (token != NULL && token[0] == '\0')
    token = NULL;

  g_mutex_lock (&self->mutex);
  g_free (self->token);
  self->token = g_strdup (token);
  g_mutex_unlock (&self->mutex);
}

/**
 * crrc_feed_client_check_redirect:
 * @from_url: the address that answered with a redirect
 * @to_url: the absolute address it redirects to
 * @error: where to say why the redirect is refused
 *
 * Returns: %TRUE when the redirect may be followed
 */
gboolean
crrc_feed_client_check_redirect (const char  *from_url,
                                 const char  *to_url,
                                 GError     **error)
{
  g_autofree char *from_shown = NULL;
  g_autofree char *to_shown = NULL;
  const char *from_scheme;
  const char *to_scheme;

  g_return_val_if_fail (from_url != NULL, FALSE);
  g_return_val_if_fail (to_url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  from_scheme = g_uri_peek_scheme (from_url);
  to_scheme = g_uri_peek_scheme (to_url);
  from_shown = display_url (from_url);
  to_shown = display_url (to_url);

  if (to_scheme == NULL ||
      (strcmp (to_scheme, "https") != 0 && strcmp (to_scheme, "http") != 0))
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE,
                   _("%s redirects to %s, which is refused: a feed may only be "
                     "redirected to another web address."),
                   from_shown, to_shown);
      return FALSE;
    }

  if (g_strcmp0 (from_scheme, "https") == 0 && strcmp (to_scheme, "http") == 0)
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE,
                   _("%s redirects to %s, which is refused: it would leave https:// "
                     "for plain http:// and send health data unencrypted."),
                   from_shown, to_shown);
      return FALSE;
    }

  if (!crrc_feed_url_check (to_url, NULL))
    {
      g_set_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE,
                   _("%s redirects to %s, which is refused: plain http:// is only "
                     "allowed to this computer, so that health data never cross a "
                     "network unencrypted."),
                   from_shown, to_shown);
      return FALSE;
    }

  return TRUE;
}

/**
 * crrc_feed_client_fetch:
 *
 * See the header. @response must be zero-initialised or already filled by
 * a fetch: it is cleared first.
 */
gboolean
crrc_feed_client_fetch (CrrcFeedClient    *self,
                        const char        *url,
                        const char        *etag,
                        const char        *last_modified,
                        CrrcFeedBodyFunc   body_func,
                        gpointer           body_data,
                        CrrcFeedResponse  *response,
                        GCancellable      *cancellable,
                        GError           **error)
{
  return crrc_feed_client_fetch_full (self, url, etag, last_modified,
                                      body_func, NULL, body_data,
                                      response, cancellable, error);
}

gboolean
crrc_feed_client_fetch_full (CrrcFeedClient      *self,
                             const char          *url,
                             const char          *etag,
                             const char          *last_modified,
                             CrrcFeedBodyFunc     body_func,
                             CrrcFeedRestartFunc  restart_func,
                             gpointer             body_data,
                             CrrcFeedResponse    *response,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  Fetch f = { 0 };
  gboolean ret;

  g_return_val_if_fail (CRRC_IS_FEED_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  crrc_feed_response_clear (response);
  response->final_url = g_strdup (url);

  f.self = self;
  f.etag = etag != NULL && etag[0] != '\0' ? etag : NULL;
  f.last_modified = last_modified != NULL && last_modified[0] != '\0' ? last_modified : NULL;
  f.body_func = body_func;
  f.restart_func = restart_func;
  f.body_data = body_data;
  f.response = response;
  f.cancellable = cancellable;
  f.send_token = TRUE;

  g_mutex_lock (&self->mutex);
  f.token = g_strdup (self->token);
  f.max_body_size = self->max_body_size;
  f.timeout = self->timeout;
  f.backoff_base = self->backoff_base;
  g_mutex_unlock (&self->mutex);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      ret = FALSE;
    }
  else if (!crrc_feed_url_check (url, &local_error))
    {
      g_set_error_literal (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE,
                           local_error->message);
      ret = FALSE;
    }
  else if (is_local_scheme (g_uri_peek_scheme (url)))
    {
      f.buffer = g_malloc (CHUNK_SIZE);
      ret = fetch_local (&f, error);
    }
  else if (f.token != NULL && !token_is_valid (f.token))
    {
      g_set_error_literal (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_AUTH_REQUIRED,
                           _("The access token of the feed contains characters that "
                             "cannot be sent to a server. Enter it again."));
      ret = FALSE;
    }
  else
    {
      g_autoptr(GMainContext) context = NULL;
      gboolean acquired;

      /* The client's own context, unless another thread is fetching with it:
       * then one for this fetch (its connections are not shared). */
      acquired = g_main_context_acquire (self->context);
      context = acquired ? g_main_context_ref (self->context) : g_main_context_new ();

      f.buffer = g_malloc (CHUNK_SIZE);
      g_main_context_push_thread_default (context);
      watchdog_start (&f.watchdog);

      ret = fetch_http (&f, error);

      watchdog_stop (&f.watchdog);
      g_main_context_pop_thread_default (context);
      if (acquired)
        g_main_context_release (self->context);
    }

  if (!ret && !f.passthrough && error != NULL && *error != NULL &&
      (*error)->domain == CRRC_FEED_ERROR)
    scrub_token (*error, f.token);

  g_free (f.buffer);
  if (f.token != NULL)
    memset (f.token, 0, strlen (f.token));
  g_free (f.token);

  return ret;
}
