/* test-feed-client.c: the feed client against loopback servers
 *
 * Two servers run in threads of their own while the client blocks the test
 * thread: a SoupServer for the HTTP behaviour table, and a raw TCP server for
 * the faults an HTTP server library will not produce (a body cut short, a
 * reset, a server dripping bytes or saying nothing).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-feed-client"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/socket.h>

#include "crrc-feed-client.h"

#define DOC           "{\"feed\": \"incidents\", \"version\": 1, \"items\": []}"
#define ETAG          "\"v1\""
#define LAST_MODIFIED "Tue, 21 May 2024 08:00:00 GMT"
#define TOKEN         "s3cret-Token.42"
#define BIG_SIZE      (300 * 1024)
#define BOMB_SIZE     (10 * 1024 * 1024)

/* ------------------------------------------------------------------------
 * What the servers saw
 */

typedef struct
{
  GMutex      mutex;
  guint       n_requests;
  GPtrArray  *paths;
  char       *if_none_match;
  char       *if_modified_since;
  char       *authorization;
  char       *user_agent;
  char       *accept_encoding;
  GHashTable *hits;        /* path → count, for the flaky routes */
} Seen;

static Seen seen;

static void
seen_reset (void)
{
  g_mutex_lock (&seen.mutex);
  seen.n_requests = 0;
  g_ptr_array_set_size (seen.paths, 0);
  g_clear_pointer (&seen.if_none_match, g_free);
  g_clear_pointer (&seen.if_modified_since, g_free);
  g_clear_pointer (&seen.authorization, g_free);
  g_clear_pointer (&seen.user_agent, g_free);
  g_clear_pointer (&seen.accept_encoding, g_free);
  g_hash_table_remove_all (seen.hits);
  g_mutex_unlock (&seen.mutex);
}

/* Records a request; returns how many times @path was requested before. */
static guint
seen_request (const char *path,
              const char *if_none_match,
              const char *if_modified_since,
              const char *authorization,
              const char *user_agent,
              const char *accept_encoding)
{
  guint before;

  g_mutex_lock (&seen.mutex);
  seen.n_requests++;
  g_ptr_array_add (seen.paths, g_strdup (path));
  g_free (seen.if_none_match);
  seen.if_none_match = g_strdup (if_none_match);
  g_free (seen.if_modified_since);
  seen.if_modified_since = g_strdup (if_modified_since);
  g_free (seen.authorization);
  seen.authorization = g_strdup (authorization);
  g_free (seen.user_agent);
  seen.user_agent = g_strdup (user_agent);
  g_free (seen.accept_encoding);
  seen.accept_encoding = g_strdup (accept_encoding);
  before = GPOINTER_TO_UINT (g_hash_table_lookup (seen.hits, path));
  g_hash_table_insert (seen.hits, g_strdup (path), GUINT_TO_POINTER (before + 1));
  g_mutex_unlock (&seen.mutex);

  return before;
}

static guint
seen_n_requests (void)
{
  guint n;

  g_mutex_lock (&seen.mutex);
  n = seen.n_requests;
  g_mutex_unlock (&seen.mutex);

  return n;
}

static char *
seen_path (guint index)
{
  char *path;

  g_mutex_lock (&seen.mutex);
  g_assert_cmpuint (index, <, seen.paths->len);
  path = g_strdup (g_ptr_array_index (seen.paths, index));
  g_mutex_unlock (&seen.mutex);

  return path;
}

/* A header of the last request, e.g. seen_header (&seen.user_agent). */
static char *
seen_header (char **field)
{
  char *value;

  g_mutex_lock (&seen.mutex);
  value = g_strdup (*field);
  g_mutex_unlock (&seen.mutex);

  return value;
}

/* ------------------------------------------------------------------------
 * The SoupServer, in a thread with its own main context
 */

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *base;
  GMutex        mutex;
  GCond         cond;
  GBytes       *big;
  GBytes       *gzip_big;
  GBytes       *gzip_bomb;
} HttpServer;

static HttpServer http;
static char *raw_base;

static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  gsize written;

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  memory = g_memory_output_stream_new_resizable ();
  out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                             &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    body, strlen (body));
}

static void
respond_bytes (SoupServerMessage *msg,
               GBytes            *bytes,
               const char        *encoding)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  if (encoding != NULL)
    soup_message_headers_replace (headers, "Content-Encoding", encoding);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, data, size);
}

static void
redirect (SoupServerMessage *msg,
          guint              status,
          const char        *location)
{
  soup_server_message_set_redirect (msg, status, location);
}

static void
handle_chain (SoupServerMessage *msg,
              const char        *path)
{
  /* /chain/302/303/end: the first code redirects to the rest. */
  const char *rest = path + strlen ("/chain/");
  const char *slash = strchr (rest, '/');
  g_autofree char *code = NULL;
  g_autofree char *location = NULL;

  if (slash == NULL)
    {
      respond (msg, SOUP_STATUS_OK, DOC);
      return;
    }

  code = g_strndup (rest, (gsize) (slash - rest));
  location = g_strconcat ("/chain", slash, NULL);
  redirect (msg, (guint) g_ascii_strtoull (code, NULL, 10), location);
}

static void
handle_retry_after (SoupServerMessage *msg,
                    const char        *path)
{
  /* /retry/<status>/<seconds|date|bad>/<value> */
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint status;

  g_assert_cmpuint (g_strv_length (parts), ==, 5);
  status = (guint) g_ascii_strtoull (parts[2], NULL, 10);

  if (g_str_equal (parts[3], "seconds"))
    {
      soup_message_headers_replace (headers, "Retry-After", parts[4]);
    }
  else if (g_str_equal (parts[3], "date"))
    {
      gint64 offset = g_ascii_strtoll (parts[4], NULL, 10);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (double) offset);
      g_autofree char *date = soup_date_time_to_string (then, SOUP_DATE_HTTP);

      soup_message_headers_replace (headers, "Retry-After", date);
    }
  else
    {
      soup_message_headers_replace (headers, "Retry-After", "soon, maybe");
    }

  respond (msg, status, "{}");
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *if_none_match = soup_message_headers_get_one (request, "If-None-Match");
  const char *if_modified_since = soup_message_headers_get_one (request, "If-Modified-Since");
  const char *authorization = soup_message_headers_get_one (request, "Authorization");
  guint before;

  before = seen_request (path, if_none_match, if_modified_since, authorization,
                         soup_message_headers_get_one (request, "User-Agent"),
                         soup_message_headers_get_one (request, "Accept-Encoding"));

  if (g_str_equal (path, "/doc"))
    {
      soup_message_headers_replace (headers, "ETag", ETAG);
      soup_message_headers_replace (headers, "Last-Modified", LAST_MODIFIED);
      if (g_strcmp0 (if_none_match, ETAG) == 0 ||
          (if_none_match == NULL && g_strcmp0 (if_modified_since, LAST_MODIFIED) == 0))
        soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      else
        respond (msg, SOUP_STATUS_OK, DOC);
    }
  else if (g_str_equal (path, "/not-modified"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
    }
  else if (g_str_equal (path, "/big"))
    {
      respond_bytes (msg, http.big, NULL);
    }
  else if (g_str_equal (path, "/big-chunked"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      gsize size;
      const char *data = g_bytes_get_data (http.big, &size);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      for (gsize offset = 0; offset < size; offset += 30 * 1024)
        soup_message_body_append (body, SOUP_MEMORY_COPY, data + offset,
                                  MIN (size - offset, 30 * 1024));
      soup_message_body_complete (body);
    }
  else if (g_str_equal (path, "/gzip"))
    {
      respond_bytes (msg, http.gzip_big, "gzip");
    }
  else if (g_str_equal (path, "/gzip-doc"))
    {
      g_autoptr(GBytes) doc = g_bytes_new_static (DOC, strlen (DOC));
      g_autoptr(GBytes) compressed = gzip_bytes (doc);

      respond_bytes (msg, compressed, "gzip");
    }
  else if (g_str_equal (path, "/gzip-bomb"))
    {
      respond_bytes (msg, http.gzip_bomb, "gzip");
    }
  else if (g_str_equal (path, "/gzip-invalid"))
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static ("this is not gzip at all", 23);

      respond_bytes (msg, bytes, "gzip");
    }
  else if (g_str_equal (path, "/brotli"))
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static ("\x0b\x03\x80{}\x03", 6);

      respond_bytes (msg, bytes, "br");
    }
  else if (g_str_has_prefix (path, "/chain/"))
    {
      handle_chain (msg, path);
    }
  else if (g_str_equal (path, "/loop/a"))
    {
      redirect (msg, SOUP_STATUS_FOUND, "/loop/b");
    }
  else if (g_str_equal (path, "/loop/b"))
    {
      redirect (msg, SOUP_STATUS_FOUND, "/loop/a");
    }
  else if (g_str_equal (path, "/self"))
    {
      redirect (msg, SOUP_STATUS_TEMPORARY_REDIRECT, "/self");
    }
  else if (g_str_equal (path, "/relative/dir/page"))
    {
      redirect (msg, SOUP_STATUS_FOUND, "../doc-elsewhere");
    }
  else if (g_str_equal (path, "/relative/doc-elsewhere"))
    {
      respond (msg, SOUP_STATUS_OK, DOC);
    }
  else if (g_str_equal (path, "/to-insecure"))
    {
      redirect (msg, SOUP_STATUS_FOUND, "http://192.0.2.1/feed.json");
    }
  else if (g_str_equal (path, "/to-file"))
    {
      redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, "file:///etc/passwd");
    }
  else if (g_str_equal (path, "/to-raw-auth"))
    {
      g_autofree char *location = g_strconcat (raw_base, "/echo-auth", NULL);

      redirect (msg, SOUP_STATUS_FOUND, location);
    }
  else if (g_str_equal (path, "/to-auth"))
    {
      redirect (msg, SOUP_STATUS_FOUND, "/auth");
    }
  else if (g_str_equal (path, "/reflect-token"))
    {
      /* A hostile server copying the credential into the address. */
      g_autofree char *location = NULL;

      location = g_strdup_printf ("http://192.0.2.1/%s/feed.json?token=%s",
                                  authorization != NULL ? authorization + 7 : "none",
                                  authorization != NULL ? authorization + 7 : "none");
      redirect (msg, SOUP_STATUS_FOUND, location);
    }
  else if (g_str_equal (path, "/no-location"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_FOUND, NULL);
    }
  else if (g_str_equal (path, "/auth"))
    {
      if (g_strcmp0 (authorization, "Bearer " TOKEN) == 0)
        {
          respond (msg, SOUP_STATUS_OK, DOC);
        }
      else
        {
          soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"crrc\"");
          respond (msg, SOUP_STATUS_UNAUTHORIZED, "{}");
        }
    }
  else if (g_str_has_prefix (path, "/status/"))
    {
      respond (msg, (guint) g_ascii_strtoull (path + strlen ("/status/"), NULL, 10), "{}");
    }
  else if (g_str_has_prefix (path, "/retry/"))
    {
      handle_retry_after (msg, path);
    }
  else if (g_str_has_prefix (path, "/flaky/"))
    {
      /* /flaky/<n>: n failures, then the document. */
      guint failures = (guint) g_ascii_strtoull (path + strlen ("/flaky/"), NULL, 10);

      if (before < failures)
        respond (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "{\"error\": true}");
      else
        respond (msg, SOUP_STATUS_OK, DOC);
    }
  else
    {
      respond (msg, SOUP_STATUS_NOT_FOUND, "{}");
    }
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (http.loop);
  return G_SOURCE_REMOVE;
}

static gpointer
http_thread (gpointer user_data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (http.context);

  http.server = soup_server_new ("server-header", "crrc-test", NULL);
  soup_server_add_handler (http.server, NULL, handle_cb, NULL, NULL);
  soup_server_listen_local (http.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (http.server);
  g_assert_nonnull (uris);

  g_mutex_lock (&http.mutex);
  http.base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&http.cond);
  g_mutex_unlock (&http.mutex);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (http.loop);

  soup_server_disconnect (http.server);
  g_clear_object (&http.server);
  while (g_main_context_iteration (http.context, FALSE))
    ;

  g_main_context_pop_thread_default (http.context);

  return NULL;
}

static void
http_start (void)
{
  GString *big = g_string_sized_new (BIG_SIZE);
  g_autofree char *zeros = g_malloc0 (BOMB_SIZE);
  g_autoptr(GBytes) zero_bytes = NULL;

  g_string_append (big, "{\"items\": [");
  while (big->len < BIG_SIZE - 64)
    g_string_append_printf (big, "{\"id\": \"INC-%06u\"},", (guint) big->len);
  g_string_append (big, "{}]}");
  http.big = g_string_free_to_bytes (big);
  http.gzip_big = gzip_bytes (http.big);
  zero_bytes = g_bytes_new_take (g_steal_pointer (&zeros), BOMB_SIZE);
  http.gzip_bomb = gzip_bytes (zero_bytes);
  g_assert_cmpuint (g_bytes_get_size (http.gzip_bomb), <, 64 * 1024);

  g_mutex_init (&http.mutex);
  g_cond_init (&http.cond);
  http.context = g_main_context_new ();
  http.loop = g_main_loop_new (http.context, FALSE);

  g_mutex_lock (&http.mutex);
  http.thread = g_thread_new ("http-server", http_thread, NULL);
  while (http.base == NULL)
    g_cond_wait (&http.cond, &http.mutex);
  g_mutex_unlock (&http.mutex);
}

static void
http_stop (void)
{
  g_main_context_invoke (http.context, quit_cb, NULL);
  g_thread_join (http.thread);
  g_main_loop_unref (http.loop);
  g_main_context_unref (http.context);
  g_free (http.base);
  g_bytes_unref (http.big);
  g_bytes_unref (http.gzip_big);
  g_bytes_unref (http.gzip_bomb);
  g_cond_clear (&http.cond);
  g_mutex_clear (&http.mutex);
}

/* ------------------------------------------------------------------------
 * The raw server: one connection at a time, in a thread of its own
 */

typedef struct
{
  GThread         *thread;
  GSocketListener *listener;
  GCancellable    *cancellable;
} RawServer;

static RawServer raw;
static int raw_busy;

#define RAW_HEAD_LENGTH \
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n" \
  "Connection: close\r\n\r\n"
#define RAW_HEAD_CHUNKED \
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n" \
  "Connection: close\r\n\r\n"
#define RAW_PARTIAL "{\"items\":["

static gboolean
raw_write (GSocketConnection *connection,
           const char        *text)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  return g_output_stream_write_all (out, text, strlen (text), NULL, raw.cancellable, NULL);
}

static void
raw_handle (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (in);
  g_autofree char *request_line = NULL;
  g_autofree char *path = NULL;
  g_autofree char *authorization = NULL;
  gboolean reset = FALSE;
  guint before;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  request_line = g_data_input_stream_read_line (data, NULL, raw.cancellable, NULL);
  if (request_line == NULL)
    return;
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (data, NULL, raw.cancellable, NULL);

      if (line == NULL || line[0] == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Authorization:", 14) == 0)
        authorization = g_strstrip (g_strdup (line + 14));
    }

  {
    g_auto(GStrv) words = g_strsplit (request_line, " ", 3);

    path = g_strdup (words[0] != NULL && words[1] != NULL ? words[1] : "/");
  }

  before = seen_request (path, NULL, NULL, authorization, NULL, NULL);

  if (g_str_equal (path, "/truncated"))
    {
      raw_write (connection, RAW_HEAD_LENGTH RAW_PARTIAL);
    }
  else if (g_str_equal (path, "/headers-only"))
    {
      raw_write (connection, RAW_HEAD_LENGTH);
    }
  else if (g_str_equal (path, "/gzip-cut"))
    {
      /* Chunked, gzip: the first half of the compressed document. */
      g_autoptr(GBytes) doc = g_bytes_new_static (DOC, strlen (DOC));
      g_autoptr(GBytes) compressed = gzip_bytes (doc);
      gsize size;
      const guint8 *bytes = g_bytes_get_data (compressed, &size);
      GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      g_autofree char *chunk = g_strdup_printf ("%zx\r\n", size / 2);

      raw_write (connection, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
                             "Connection: close\r\n\r\n");
      raw_write (connection, chunk);
      g_output_stream_write_all (out, bytes, size / 2, NULL, raw.cancellable, NULL);
      raw_write (connection, "\r\n");
    }
  else if (g_str_equal (path, "/reset"))
    {
      raw_write (connection, RAW_HEAD_LENGTH RAW_PARTIAL);
      reset = TRUE;
    }
  else if (g_str_equal (path, "/cut-once"))
    {
      if (before == 0)
        raw_write (connection, RAW_HEAD_LENGTH RAW_PARTIAL);
      else
        {
          g_autofree char *full = NULL;

          full = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
                                  "Connection: close\r\n\r\n%s", strlen (DOC), DOC);
          raw_write (connection, full);
        }
    }
  else if (g_str_equal (path, "/drip"))
    {
      /* One byte every 100 ms, for up to 6 s. */
      if (raw_write (connection, RAW_HEAD_CHUNKED))
        {
          for (guint i = 0; i < 60; i++)
            {
              if (!raw_write (connection, "1\r\n \r\n"))
                break;
              g_usleep (100 * 1000);
            }
        }
    }
  else if (g_str_equal (path, "/stall"))
    {
      /* Nothing at all, until the client gives up. */
      char buffer[256];

      while (g_input_stream_read (in, buffer, sizeof buffer, raw.cancellable, NULL) > 0)
        ;
    }
  else if (g_str_equal (path, "/echo-auth"))
    {
      g_autofree char *response = NULL;
      const char *body = authorization != NULL ? "{\"authorization\": true}"
                                               : "{\"authorization\": false}";

      response = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
                                  "Connection: close\r\n\r\n%s", strlen (body), body);
      raw_write (connection, response);
    }
  else
    {
      raw_write (connection, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                             "Connection: close\r\n\r\n");
    }

  if (reset)
    {
      /* A zero linger time makes close() send a reset. */
      GSocket *socket = g_socket_connection_get_socket (connection);
      struct linger linger = { 1, 0 };

      g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER,
                                   &linger, sizeof linger), ==, 0);
      g_socket_close (socket, NULL);
    }

  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static gpointer
raw_thread (gpointer user_data)
{
  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_listener_accept (raw.listener, NULL, raw.cancellable, NULL);
      if (connection == NULL)
        break;
      g_atomic_int_set (&raw_busy, TRUE);
      raw_handle (connection);
      g_clear_object (&connection);
      g_atomic_int_set (&raw_busy, FALSE);
    }

  return NULL;
}

static void
raw_start (void)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  raw.cancellable = g_cancellable_new ();
  raw.listener = g_socket_listener_new ();
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_listener_add_address (raw.listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);

  raw_base = g_strdup_printf ("http://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  raw.thread = g_thread_new ("raw-server", raw_thread, NULL);
}

static void
raw_stop (void)
{
  g_cancellable_cancel (raw.cancellable);
  g_thread_join (raw.thread);
  g_socket_listener_close (raw.listener);
  g_clear_object (&raw.listener);
  g_clear_object (&raw.cancellable);
  g_clear_pointer (&raw_base, g_free);
}

/* ------------------------------------------------------------------------
 * The client side
 */

typedef struct
{
  GByteArray *body;
  guint       n_chunks;
  gsize       max_chunk;
  guint       n_restarts;
  gboolean    fail;
} Sink;

static void
sink_init (Sink *sink)
{
  memset (sink, 0, sizeof *sink);
  sink->body = g_byte_array_new ();
}

static void
sink_clear (Sink *sink)
{
  g_clear_pointer (&sink->body, g_byte_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sink, sink_clear)

static gboolean
sink_body (const char  *data,
           gsize        length,
           gpointer     user_data,
           GError     **error)
{
  Sink *sink = user_data;

  g_assert_cmpuint (length, >, 0);

  if (sink->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the consumer stopped");
      return FALSE;
    }

  g_byte_array_append (sink->body, (const guint8 *) data, (guint) length);
  sink->n_chunks++;
  sink->max_chunk = MAX (sink->max_chunk, length);

  return TRUE;
}

static gboolean
sink_restart (gpointer   user_data,
              GError   **error)
{
  Sink *sink = user_data;

  sink->n_restarts++;
  g_byte_array_set_size (sink->body, 0);

  return TRUE;
}

static gboolean
sink_equals (Sink       *sink,
             const char *text)
{
  return sink->body->len == strlen (text) &&
         memcmp (sink->body->data, text, sink->body->len) == 0;
}

static CrrcFeedClient *
new_client (void)
{
  CrrcFeedClient *client = crrc_feed_client_new ();

  crrc_feed_client_set_backoff_base (client, 5);
  crrc_feed_client_set_timeout (client, 10);

  /* A drip of an earlier test may still be running: its connection is
   * closed, it stops at its next write. */
  for (guint i = 0; i < 500 && g_atomic_int_get (&raw_busy); i++)
    g_usleep (10 * 1000);
  g_assert_false (g_atomic_int_get (&raw_busy));

  seen_reset ();

  return client;
}

static char *
url_for (const char *path)
{
  if (path[0] == '/')
    return g_strconcat (http.base, path, NULL);

  return g_strdup (path);
}

static gboolean
fetch (CrrcFeedClient    *client,
       const char        *path,
       const char        *etag,
       const char        *last_modified,
       Sink              *sink,
       CrrcFeedResponse  *response,
       GError           **error)
{
  g_autofree char *url = url_for (path);

  return crrc_feed_client_fetch (client, url, etag, last_modified,
                                 sink != NULL ? sink_body : NULL, sink,
                                 response, NULL, error);
}

static gboolean
fetch_restartable (CrrcFeedClient    *client,
                   const char        *path,
                   Sink              *sink,
                   CrrcFeedResponse  *response,
                   GError           **error)
{
  g_autofree char *url = url_for (path);

  return crrc_feed_client_fetch_full (client, url, NULL, NULL, sink_body, sink_restart, sink,
                                      response, NULL, error);
}

static double
seconds_since (gint64 start)
{
  return (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
}

/* Cancels a cancellable from another thread after a delay. */
typedef struct
{
  GCancellable *cancellable;
  guint         milliseconds;
} CancelLater;

static gpointer
cancel_later_thread (gpointer data)
{
  CancelLater *later = data;

  g_usleep (later->milliseconds * 1000);
  g_cancellable_cancel (later->cancellable);

  return NULL;
}

/* ------------------------------------------------------------------------
 * 200, 304
 */

static void
test_ok (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for ("/doc");
  g_autofree char *user_agent = NULL;
  g_autofree char *accept_encoding = NULL;
  g_autofree char *inm = NULL;
  g_autofree char *ims = NULL;
  g_autofree char *authorization = NULL;

  sink_init (&sink);
  g_assert_true (fetch (client, "/doc", NULL, NULL, &sink, &response, &error));
  g_assert_no_error (error);

  g_assert_cmpint (response.status, ==, CRRC_FEED_FETCH_OK);
  g_assert_cmpuint (response.http_status, ==, 200);
  g_assert_cmpstr (response.final_url, ==, url);
  g_assert_false (response.moved_permanently);
  g_assert_cmpstr (response.etag, ==, ETAG);
  g_assert_cmpstr (response.last_modified, ==, LAST_MODIFIED);
  g_assert_cmpuint (response.body_size, ==, strlen (DOC));
  g_assert_true (sink_equals (&sink, DOC));
  g_assert_cmpuint (seen_n_requests (), ==, 1);

  user_agent = seen_header (&seen.user_agent);
  accept_encoding = seen_header (&seen.accept_encoding);
  inm = seen_header (&seen.if_none_match);
  ims = seen_header (&seen.if_modified_since);
  authorization = seen_header (&seen.authorization);
  g_assert_cmpstr (user_agent, ==, "crrc-dashboard/" PACKAGE_VERSION);
  g_assert_cmpstr (accept_encoding, ==, "gzip");
  g_assert_null (inm);
  g_assert_null (ims);
  g_assert_null (authorization);

  /* The response is cleared by the next fetch, not leaked. */
  g_assert_true (fetch (client, "/doc", NULL, NULL, NULL, &response, &error));
  g_assert_cmpstr (response.etag, ==, ETAG);
}

static void
test_not_modified_etag (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *inm = NULL;
  g_autofree char *ims = NULL;

  sink_init (&sink);
  g_assert_true (fetch (client, "/doc", ETAG, NULL, &sink, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpint (response.status, ==, CRRC_FEED_FETCH_NOT_MODIFIED);
  g_assert_cmpuint (response.http_status, ==, 304);
  g_assert_cmpstr (response.etag, ==, ETAG);
  g_assert_cmpuint (response.body_size, ==, 0);
  g_assert_cmpuint (sink.n_chunks, ==, 0);

  inm = seen_header (&seen.if_none_match);
  ims = seen_header (&seen.if_modified_since);
  g_assert_cmpstr (inm, ==, ETAG);
  g_assert_null (ims);

  /* Another validator: the document comes again. */
  g_clear_pointer (&inm, g_free);
  g_assert_true (fetch (client, "/doc", "\"v0\"", NULL, &sink, &response, &error));
  g_assert_cmpint (response.status, ==, CRRC_FEED_FETCH_OK);
  g_assert_true (sink_equals (&sink, DOC));
  inm = seen_header (&seen.if_none_match);
  g_assert_cmpstr (inm, ==, "\"v0\"");
}

static void
test_not_modified_date (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *inm = NULL;
  g_autofree char *ims = NULL;

  sink_init (&sink);
  g_assert_true (fetch (client, "/doc", NULL, LAST_MODIFIED, &sink, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpint (response.status, ==, CRRC_FEED_FETCH_NOT_MODIFIED);
  g_assert_cmpuint (response.http_status, ==, 304);
  g_assert_cmpstr (response.last_modified, ==, LAST_MODIFIED);
  g_assert_cmpuint (sink.n_chunks, ==, 0);

  inm = seen_header (&seen.if_none_match);
  ims = seen_header (&seen.if_modified_since);
  g_assert_null (inm);
  g_assert_cmpstr (ims, ==, LAST_MODIFIED);
}

static void
test_not_modified_bare (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;

  /* A 304 that does not repeat the validators: those sent still hold. */
  g_assert_true (fetch (client, "/not-modified", "\"v7\"", LAST_MODIFIED, NULL,
                        &response, &error));
  g_assert_no_error (error);
  g_assert_cmpint (response.status, ==, CRRC_FEED_FETCH_NOT_MODIFIED);
  g_assert_cmpstr (response.etag, ==, "\"v7\"");
  g_assert_cmpstr (response.last_modified, ==, LAST_MODIFIED);
}

static void
test_not_modified_unsolicited (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (fetch (client, "/not-modified", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP);
  g_assert_cmpuint (response.http_status, ==, 304);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

/* ------------------------------------------------------------------------
 * Bodies: gzip, size limit, consumer errors
 */

static void
test_gzip (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *big = g_bytes_get_data (http.big, &size);

  sink_init (&sink);
  g_assert_true (fetch (client, "/gzip", NULL, NULL, &sink, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response.body_size, ==, size);
  g_assert_cmpuint (sink.body->len, ==, size);
  g_assert_true (memcmp (sink.body->data, big, size) == 0);
  /* Streamed in chunks of at most 64 KiB. */
  g_assert_cmpuint (sink.max_chunk, <=, 64 * 1024);
  g_assert_cmpuint (sink.n_chunks, >=, size / (64 * 1024));
}

static void
test_gzip_invalid (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (fetch (client, "/gzip-invalid", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
  g_clear_error (&error);

  g_assert_false (fetch (client, "/brotli", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INVALID_DOCUMENT);
}

static void
test_gzip_bomb (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  gint64 start;

  sink_init (&sink);
  crrc_feed_client_set_max_body_size (client, 1024 * 1024);

  start = g_get_monotonic_time ();
  g_assert_false (fetch (client, "/gzip-bomb", NULL, NULL, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_LARGE);
  g_assert_cmpfloat (seconds_since (start), <, 2.0);
  g_assert_cmpuint (sink.body->len, <=, 1024 * 1024);
  g_assert_cmpuint (response.body_size, <=, 1024 * 1024);
  g_assert_cmpuint (response.body_size, >, 1024 * 1024 - 64 * 1024);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

static void
test_too_large (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;

  sink_init (&sink);
  crrc_feed_client_set_max_body_size (client, 100 * 1024);

  /* Content-Length says it: refused before reading. */
  g_assert_false (fetch (client, "/big", NULL, NULL, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_LARGE);
  g_assert_cmpuint (sink.n_chunks, ==, 0);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
  g_clear_error (&error);

  /* Chunked: refused while reading, before the limit is passed. */
  g_assert_false (fetch (client, "/big-chunked", NULL, NULL, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_LARGE);
  g_assert_cmpuint (sink.n_chunks, >, 0);
  g_assert_cmpuint (sink.body->len, <=, 100 * 1024);
  g_assert_cmpuint (seen_n_requests (), ==, 2);
  g_clear_error (&error);

  /* Exactly at the limit is accepted, one byte less is not. */
  crrc_feed_client_set_max_body_size (client, strlen (DOC));
  g_assert_true (fetch (client, "/doc", NULL, NULL, NULL, &response, &error));
  g_assert_no_error (error);
  crrc_feed_client_set_max_body_size (client, strlen (DOC) - 1);
  g_assert_false (fetch (client, "/doc", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_LARGE);
}

static void
test_body_func_error (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;

  sink_init (&sink);
  sink.fail = TRUE;
  g_assert_false (fetch (client, "/doc", NULL, NULL, &sink, &response, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "the consumer stopped");
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

/* ------------------------------------------------------------------------
 * Redirects
 */

static void
check_chain (const char *path,
             guint       n_requests,
             gboolean    moved_permanently)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *final_url = url_for ("/chain/end");

  sink_init (&sink);
  g_assert_true (fetch (client, path, NULL, NULL, &sink, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpint (response.status, ==, CRRC_FEED_FETCH_OK);
  g_assert_cmpuint (response.http_status, ==, 200);
  g_assert_cmpstr (response.final_url, ==, final_url);
  g_assert_cmpint (response.moved_permanently, ==, moved_permanently);
  g_assert_true (sink_equals (&sink, DOC));
  g_assert_cmpuint (seen_n_requests (), ==, n_requests);
}

static void
test_redirect_permanent (void)
{
  check_chain ("/chain/301/end", 2, TRUE);
  check_chain ("/chain/308/end", 2, TRUE);
  check_chain ("/chain/301/308/end", 3, TRUE);
  /* A temporary step before or after a permanent one: the address reached
   * is not the new address of the first. */
  check_chain ("/chain/301/302/end", 3, FALSE);
  check_chain ("/chain/302/301/end", 3, FALSE);
}

static void
test_redirect_temporary (void)
{
  g_autofree char *path = NULL;

  check_chain ("/chain/302/end", 2, FALSE);
  check_chain ("/chain/303/end", 2, FALSE);
  check_chain ("/chain/307/end", 2, FALSE);
  check_chain ("/chain/302/303/307/end", 4, FALSE);

  path = seen_path (1);
  g_assert_cmpstr (path, ==, "/chain/303/307/end");
  g_clear_pointer (&path, g_free);
  path = seen_path (3);
  g_assert_cmpstr (path, ==, "/chain/end");
}

static void
test_redirect_relative (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *final_url = url_for ("/relative/doc-elsewhere");

  g_assert_true (fetch (client, "/relative/dir/page", NULL, NULL, NULL, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (response.final_url, ==, final_url);
}

static void
test_redirect_five (void)
{
  check_chain ("/chain/302/302/302/302/302/end", 6, FALSE);
}

static void
test_redirect_too_many (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (fetch (client, "/chain/302/302/302/302/302/302/end", NULL, NULL, NULL,
                         &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_MANY_REDIRECTS);
  /* The sixth redirect is not followed. */
  g_assert_cmpuint (seen_n_requests (), ==, 6);
}

static void
test_redirect_loop (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (fetch (client, "/loop/a", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_MANY_REDIRECTS);
  g_assert_cmpuint (seen_n_requests (), ==, 2);
  g_clear_error (&error);

  seen_reset ();
  g_assert_false (fetch (client, "/self", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_MANY_REDIRECTS);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

static void
test_redirect_insecure (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *first = url_for ("/to-insecure");
  gint64 start;

  /* 192.0.2.1 (TEST-NET-1) is never contacted: a connection attempt would
   * take far longer than this, or fail with another error. */
  start = g_get_monotonic_time ();
  g_assert_false (fetch (client, "/to-insecure", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE);
  g_assert_cmpfloat (seconds_since (start), <, 1.0);
  g_assert_nonnull (strstr (error->message, "192.0.2.1"));
  g_assert_cmpuint (seen_n_requests (), ==, 1);
  g_assert_cmpuint (response.http_status, ==, 302);
  g_assert_cmpstr (response.final_url, ==, first);
  g_clear_error (&error);

  /* Nor to a local file. */
  seen_reset ();
  g_assert_false (fetch (client, "/to-file", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

static void
test_redirect_rule (void)
{
  static const struct
  {
    const char *from;
    const char *to;
    gboolean    allowed;
  } cases[] = {
    { "https://feeds.example.org/a.json", "https://cdn.example.org/a.json", TRUE },
    { "https://feeds.example.org/a.json", "http://feeds.example.org/a.json", FALSE },
    { "https://feeds.example.org/a.json", "http://127.0.0.1:8080/a.json", FALSE },
    { "https://feeds.example.org/a.json", "http://localhost/a.json", FALSE },
    { "HTTPS://feeds.example.org/a.json", "HTTP://[::1]/a.json", FALSE },
    { "http://127.0.0.1:8080/a.json", "http://127.0.0.1:9090/b.json", TRUE },
    { "http://127.0.0.1:8080/a.json", "http://[::1]/b.json", TRUE },
    { "http://127.0.0.1:8080/a.json", "https://feeds.example.org/a.json", TRUE },
    { "http://127.0.0.1:8080/a.json", "http://192.0.2.1/a.json", FALSE },
    { "http://127.0.0.1:8080/a.json", "http://feeds.example.org/a.json", FALSE },
    { "https://feeds.example.org/a.json", "file:///etc/passwd", FALSE },
    { "https://feeds.example.org/a.json", "resource:///fr/crrc/Dashboard/a.json", FALSE },
    { "https://feeds.example.org/a.json", "ftp://feeds.example.org/a.json", FALSE },
    { "https://feeds.example.org/a.json", "data:,{}", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean allowed;

      allowed = crrc_feed_client_check_redirect (cases[i].from, cases[i].to, &error);
      g_test_message ("%s → %s", cases[i].from, cases[i].to);
      g_assert_cmpint (allowed, ==, cases[i].allowed);
      if (allowed)
        g_assert_no_error (error);
      else
        g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE);
    }
}

static void
test_redirect_no_location (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (fetch (client, "/no-location", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

/* ------------------------------------------------------------------------
 * Addresses refused before connecting
 */

static void
test_insecure (void)
{
  static const char * const urls[] = {
    "http://192.0.2.1/feed.json",
    "http://feeds.example.org/feed.json",
    "ftp://127.0.0.1/feed.json",
    "not an address",
  };
  g_autoptr(CrrcFeedClient) client = new_client ();

  for (gsize i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_auto(CrrcFeedResponse) response = { 0 };
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      g_assert_false (crrc_feed_client_fetch (client, urls[i], NULL, NULL, NULL, NULL,
                                              &response, NULL, &error));
      g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_INSECURE);
      g_assert_cmpfloat (seconds_since (start), <, 0.5);
      g_assert_cmpuint (response.http_status, ==, 0);
    }
}

/* ------------------------------------------------------------------------
 * Statuses
 */

static void
check_status (const char   *path,
              CrrcFeedError code,
              guint         status,
              guint         n_requests)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_for (path);
  g_autofree char *status_text = g_strdup_printf ("(%u ", status);

  g_assert_false (fetch (client, path, NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, (int) code);
  g_test_message ("%s: %s", path, error->message);
  g_assert_cmpuint (response.http_status, ==, status);
  g_assert_cmpuint (seen_n_requests (), ==, n_requests);
  /* The message names the address and the status. */
  g_assert_nonnull (strstr (error->message, url));
  g_assert_nonnull (strstr (error->message, status_text));
}

static void
test_statuses (void)
{
  check_status ("/status/401", CRRC_FEED_ERROR_AUTH_REQUIRED, 401, 1);
  check_status ("/status/403", CRRC_FEED_ERROR_FORBIDDEN, 403, 1);
  check_status ("/status/404", CRRC_FEED_ERROR_NOT_FOUND, 404, 1);
  check_status ("/status/410", CRRC_FEED_ERROR_GONE, 410, 1);
  check_status ("/status/400", CRRC_FEED_ERROR_HTTP, 400, 1);
  check_status ("/status/418", CRRC_FEED_ERROR_HTTP, 418, 1);
  check_status ("/status/204", CRRC_FEED_ERROR_HTTP, 204, 1);
  /* Without Retry-After, 429 is an ordinary client error, 503 a server one. */
  check_status ("/status/429", CRRC_FEED_ERROR_HTTP, 429, 1);
  check_status ("/status/503", CRRC_FEED_ERROR_HTTP, 503, 3);
  check_status ("/retry/429/bad/x", CRRC_FEED_ERROR_HTTP, 429, 1);
  check_status ("/retry/503/bad/x", CRRC_FEED_ERROR_HTTP, 503, 3);
}

static void
check_postponed (const char *path,
                 guint       status,
                 gint64      expected_delay)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_false (fetch (client, path, NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_POSTPONED);
  g_assert_null (strstr (error->message, "Unknown"));
  g_assert_cmpuint (response.http_status, ==, status);
  g_assert_cmpint (response.retry_after, >=, now + expected_delay - 2);
  g_assert_cmpint (response.retry_after, <=, now + expected_delay + 2);
  /* No retry inside this sync. */
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

static void
test_postponed (void)
{
  check_postponed ("/retry/429/seconds/120", 429, 120);
  check_postponed ("/retry/503/seconds/120", 503, 120);
  check_postponed ("/retry/429/date/3600", 429, 3600);
  check_postponed ("/retry/503/date/3600", 503, 3600);
  check_postponed ("/retry/503/seconds/0", 503, 0);
  /* A date in the past means now; one years away is capped to a week. */
  check_postponed ("/retry/503/date/-3600", 503, 0);
  check_postponed ("/retry/429/seconds/31536000", 429, 7 * 24 * 3600);
}

static void
test_retry_recovers (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;

  sink_init (&sink);
  g_assert_true (fetch (client, "/flaky/1", NULL, NULL, &sink, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response.http_status, ==, 200);
  g_assert_true (sink_equals (&sink, DOC));
  g_assert_cmpuint (seen_n_requests (), ==, 2);

  seen_reset ();
  g_assert_true (fetch (client, "/flaky/2", NULL, NULL, NULL, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen_n_requests (), ==, 3);
}

static void
test_retry_gives_up (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start;

  check_status ("/status/500", CRRC_FEED_ERROR_HTTP, 500, 3);
  check_status ("/status/502", CRRC_FEED_ERROR_HTTP, 502, 3);

  seen_reset ();
  g_assert_false (fetch (client, "/flaky/3", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_HTTP);
  g_assert_cmpuint (seen_n_requests (), ==, 3);
  g_clear_error (&error);

  /* The backoff is there: base, then twice the base, each ±25 %. */
  crrc_feed_client_set_backoff_base (client, 100);
  seen_reset ();
  start = g_get_monotonic_time ();
  g_assert_false (fetch (client, "/status/500", NULL, NULL, NULL, &response, &error));
  g_assert_cmpfloat (seconds_since (start), >=, 0.3 * 0.75);
  g_assert_cmpfloat (seconds_since (start), <, 0.3 * 1.25 + 0.5);
  g_assert_cmpuint (seen_n_requests (), ==, 3);
}

/* ------------------------------------------------------------------------
 * Connection faults
 */

static void
test_connection_refused (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  /* A port that was free a moment ago, closed again. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/doc",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  g_assert_false (crrc_feed_client_fetch (client, url, NULL, NULL, NULL, NULL,
                                          &response, NULL, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION);
  g_assert_cmpuint (response.http_status, ==, 0);
}

static void
test_truncated (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (raw_base, "/truncated", NULL);

  sink_init (&sink);

  /* Part of the body reached the consumer, which cannot start again: no
   * retry, which would hand it the beginning twice. */
  g_assert_false (fetch (client, url, NULL, NULL, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
  g_assert_true (sink_equals (&sink, RAW_PARTIAL));
  g_clear_error (&error);

  /* A consumer that can restart gets the retries. */
  seen_reset ();
  g_byte_array_set_size (sink.body, 0);
  g_assert_false (fetch_restartable (client, url, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION);
  g_assert_cmpuint (seen_n_requests (), ==, 3);
  g_assert_cmpuint (sink.n_restarts, ==, 2);
  g_assert_true (sink_equals (&sink, RAW_PARTIAL));
}

static void
test_truncated_before_body (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (raw_base, "/headers-only", NULL);

  sink_init (&sink);

  /* Nothing reached the consumer: retried even without a restart function. */
  g_assert_false (fetch (client, url, NULL, NULL, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION);
  g_assert_cmpuint (seen_n_requests (), ==, 3);
  g_assert_cmpuint (sink.n_chunks, ==, 0);
}

static void
test_truncated_gzip (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (raw_base, "/gzip-cut", NULL);

  sink_init (&sink);
  g_assert_false (fetch_restartable (client, url, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION);
  g_assert_cmpuint (seen_n_requests (), ==, 3);
}

static void
test_reset (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (raw_base, "/reset", NULL);

  sink_init (&sink);
  g_assert_false (fetch_restartable (client, url, &sink, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_CONNECTION);
  g_assert_cmpuint (seen_n_requests (), ==, 3);
}

static void
test_cut_then_complete (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (raw_base, "/cut-once", NULL);

  sink_init (&sink);
  g_assert_true (fetch_restartable (client, url, &sink, &response, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seen_n_requests (), ==, 2);
  g_assert_cmpuint (sink.n_restarts, ==, 1);
  g_assert_true (sink_equals (&sink, DOC));
  g_assert_cmpuint (response.body_size, ==, strlen (DOC));
}

/* ------------------------------------------------------------------------
 * Timeouts and cancellation
 */

static void
check_timeout (const char *path)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (raw_base, path, NULL);
  gint64 start;
  double elapsed;

  crrc_feed_client_set_timeout (client, 1);

  start = g_get_monotonic_time ();
  g_assert_false (fetch (client, url, NULL, NULL, NULL, &response, &error));
  elapsed = seconds_since (start);
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TIMEOUT);
  g_assert_cmpfloat (elapsed, >=, 0.9);
  g_assert_cmpfloat (elapsed, <, 2.5);
  /* A timeout is not retried. */
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

static void
test_timeout_drip (void)
{
  check_timeout ("/drip");
}

static void
test_timeout_stall (void)
{
  check_timeout ("/stall");
}

static void
test_cancel_backoff (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = url_for ("/status/500");
  CancelLater later = { cancellable, 200 };
  GThread *thread;
  gint64 start;

  crrc_feed_client_set_backoff_base (client, 3000);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later_thread, &later);
  g_assert_false (crrc_feed_client_fetch (client, url, NULL, NULL, NULL, NULL,
                                          &response, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds_since (start), <, 1.0);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

static void
test_cancel_body (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = g_strconcat (raw_base, "/drip", NULL);
  CancelLater later = { cancellable, 300 };
  GThread *thread;
  gint64 start;

  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later_thread, &later);
  g_assert_false (crrc_feed_client_fetch (client, url, NULL, NULL, NULL, NULL,
                                          &response, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (seconds_since (start), <, 1.5);
  g_assert_cmpuint (seen_n_requests (), ==, 1);
}

static void
test_cancel_before (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = url_for ("/doc");

  g_cancellable_cancel (cancellable);
  g_assert_false (crrc_feed_client_fetch (client, url, NULL, NULL, NULL, NULL,
                                          &response, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (seen_n_requests (), ==, 0);
}

/* ------------------------------------------------------------------------
 * The bearer token
 */

static void
test_token_sent (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;

  g_assert_false (fetch (client, "/auth", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_AUTH_REQUIRED);
  g_clear_error (&error);

  crrc_feed_client_set_token (client, TOKEN);
  g_assert_true (fetch (client, "/auth", NULL, NULL, NULL, &response, &error));
  g_assert_no_error (error);
  authorization = seen_header (&seen.authorization);
  g_assert_cmpstr (authorization, ==, "Bearer " TOKEN);

  /* Kept on a redirect to the same server. */
  g_assert_true (fetch (client, "/to-auth", NULL, NULL, NULL, &response, &error));
  g_assert_no_error (error);

  crrc_feed_client_set_token (client, NULL);
  g_assert_false (fetch (client, "/auth", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_AUTH_REQUIRED);
}

static void
test_token_not_forwarded (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;

  sink_init (&sink);
  crrc_feed_client_set_token (client, TOKEN);

  /* Another origin (the raw server's port) does not get the token. */
  g_assert_true (fetch (client, "/to-raw-auth", NULL, NULL, &sink, &response, &error));
  g_assert_no_error (error);
  g_assert_true (sink_equals (&sink, "{\"authorization\": false}"));
  authorization = seen_header (&seen.authorization);
  g_assert_null (authorization);
}

static void
test_token_invalid (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_autoptr(GError) error = NULL;

  crrc_feed_client_set_token (client, "abc\r\nX-Injected: 1");
  g_assert_false (fetch (client, "/doc", NULL, NULL, NULL, &response, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_AUTH_REQUIRED);
  g_assert_null (strstr (error->message, "X-Injected"));
  g_assert_cmpuint (seen_n_requests (), ==, 0);
}

static void
test_token_not_in_errors (void)
{
  static const char * const paths[] = {
    "/status/401",
    "/status/403",
    "/status/404",
    "/status/410",
    "/status/500",
    "/retry/429/seconds/60",
    "/chain/302/302/302/302/302/302/end",
    "/loop/a",
    "/to-insecure",
    "/reflect-token",
    "/no-location",
    "/gzip-invalid",
  };
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_autofree char *truncated = g_strconcat (raw_base, "/truncated", NULL);
  g_autofree char *drip = g_strconcat (raw_base, "/drip", NULL);

  crrc_feed_client_set_token (client, TOKEN);
  crrc_feed_client_set_max_body_size (client, 4);

  for (gsize i = 0; i < G_N_ELEMENTS (paths) + 3; i++)
    {
      g_auto(CrrcFeedResponse) response = { 0 };
      g_autoptr(GError) error = NULL;
      const char *path;

      if (i < G_N_ELEMENTS (paths))
        path = paths[i];
      else if (i == G_N_ELEMENTS (paths))
        path = "/doc";  /* over the size limit */
      else if (i == G_N_ELEMENTS (paths) + 1)
        path = truncated;
      else
        path = "http://192.0.2.1/feed.json";

      g_assert_false (fetch (client, path, NULL, NULL, NULL, &response, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == CRRC_FEED_ERROR);
      g_test_message ("%s: %s", path, error->message);
      g_assert_null (strstr (error->message, TOKEN));
      g_assert_null (strstr (error->message, "Bearer"));
    }

  /* And the time-out. */
  {
    g_auto(CrrcFeedResponse) response = { 0 };
    g_autoptr(GError) error = NULL;

    crrc_feed_client_set_timeout (client, 1);
    crrc_feed_client_set_max_body_size (client, 1024);
    g_assert_false (fetch (client, drip, NULL, NULL, NULL, &response, &error));
    g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TIMEOUT);
    g_assert_null (strstr (error->message, TOKEN));
  }
}

/* ------------------------------------------------------------------------
 * Threads: created in one, used from others, as the sync engine does
 */

typedef struct
{
  CrrcFeedClient *client;
  const char     *path;
  guint           n_ok;
} ThreadFetch;

static gpointer
thread_fetch (gpointer data)
{
  ThreadFetch *job = data;

  for (guint i = 0; i < 5; i++)
    {
      g_auto(CrrcFeedResponse) response = { 0 };
      g_auto(Sink) sink;
      g_autoptr(GError) error = NULL;

      sink_init (&sink);
      if (fetch (job->client, job->path, NULL, NULL, &sink, &response, &error) &&
          sink_equals (&sink, DOC))
        job->n_ok++;
    }

  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  ThreadFetch jobs[] = {
    { client, "/doc", 0 },
    { client, "/chain/302/end", 0 },
    { client, "/gzip-doc", 0 },
  };
  GThread *threads[G_N_ELEMENTS (jobs)];

  /* At the same time, then one after the other. */
  for (guint round = 0; round < 2; round++)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
        {
          threads[i] = g_thread_new ("fetch", thread_fetch, &jobs[i]);
          if (round == 1)
            g_thread_join (threads[i]);
        }
      if (round == 0)
        {
          for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
            g_thread_join (threads[i]);
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (jobs); i++)
    g_assert_cmpuint (jobs[i].n_ok, ==, 10);
}

/* ------------------------------------------------------------------------
 * Local URIs
 */

static void
test_file (void)
{
  g_autoptr(CrrcFeedClient) client = new_client ();
  g_auto(CrrcFeedResponse) response = { 0 };
  g_auto(Sink) sink;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *dir_url = NULL;
  gsize size;
  const char *big = g_bytes_get_data (http.big, &size);

  sink_init (&sink);
  dir = g_dir_make_tmp ("crrc-feed-client-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "manifest.json", NULL);
  g_file_set_contents (path, big, (gssize) size, &error);
  g_assert_no_error (error);
  url = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (crrc_feed_client_fetch (client, url, NULL, NULL, sink_body, &sink,
                                         &response, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (response.status, ==, CRRC_FEED_FETCH_OK);
  g_assert_cmpuint (response.http_status, ==, 0);
  g_assert_cmpstr (response.final_url, ==, url);
  g_assert_cmpuint (response.body_size, ==, size);
  g_assert_cmpuint (sink.body->len, ==, size);
  g_assert_true (memcmp (sink.body->data, big, size) == 0);
  g_assert_cmpuint (sink.max_chunk, <=, 64 * 1024);

  /* The size limit holds for files too. */
  crrc_feed_client_set_max_body_size (client, 1000);
  g_assert_false (crrc_feed_client_fetch (client, url, NULL, NULL, NULL, NULL,
                                          &response, NULL, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_TOO_LARGE);
  g_clear_error (&error);

  missing = g_strconcat (url, ".missing", NULL);
  g_assert_false (crrc_feed_client_fetch (client, missing, NULL, NULL, NULL, NULL,
                                          &response, NULL, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_NOT_FOUND);
  g_assert_cmpuint (response.http_status, ==, 0);
  g_clear_error (&error);

  dir_url = g_filename_to_uri (dir, NULL, NULL);
  g_assert_false (crrc_feed_client_fetch (client, dir_url, NULL, NULL, NULL, NULL,
                                          &response, NULL, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (crrc_feed_client_fetch (client, "resource:///fr/crrc/Dashboard/missing.json",
                                          NULL, NULL, NULL, NULL, &response, NULL, &error));
  g_assert_error (error, CRRC_FEED_ERROR, CRRC_FEED_ERROR_NOT_FOUND);

  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_mutex_init (&seen.mutex);
  seen.paths = g_ptr_array_new_with_free_func (g_free);
  seen.hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  http_start ();
  raw_start ();

  g_test_add_func ("/feed-client/ok", test_ok);
  g_test_add_func ("/feed-client/not-modified/etag", test_not_modified_etag);
  g_test_add_func ("/feed-client/not-modified/date", test_not_modified_date);
  g_test_add_func ("/feed-client/not-modified/bare", test_not_modified_bare);
  g_test_add_func ("/feed-client/not-modified/unsolicited", test_not_modified_unsolicited);
  g_test_add_func ("/feed-client/body/gzip", test_gzip);
  g_test_add_func ("/feed-client/body/gzip-invalid", test_gzip_invalid);
  g_test_add_func ("/feed-client/body/gzip-bomb", test_gzip_bomb);
  g_test_add_func ("/feed-client/body/too-large", test_too_large);
  g_test_add_func ("/feed-client/body/consumer-error", test_body_func_error);
  g_test_add_func ("/feed-client/redirect/permanent", test_redirect_permanent);
  g_test_add_func ("/feed-client/redirect/temporary", test_redirect_temporary);
  g_test_add_func ("/feed-client/redirect/relative", test_redirect_relative);
  g_test_add_func ("/feed-client/redirect/five", test_redirect_five);
  g_test_add_func ("/feed-client/redirect/too-many", test_redirect_too_many);
  g_test_add_func ("/feed-client/redirect/loop", test_redirect_loop);
  g_test_add_func ("/feed-client/redirect/insecure", test_redirect_insecure);
  g_test_add_func ("/feed-client/redirect/rule", test_redirect_rule);
  g_test_add_func ("/feed-client/redirect/no-location", test_redirect_no_location);
  g_test_add_func ("/feed-client/insecure", test_insecure);
  g_test_add_func ("/feed-client/status/errors", test_statuses);
  g_test_add_func ("/feed-client/status/postponed", test_postponed);
  g_test_add_func ("/feed-client/retry/recovers", test_retry_recovers);
  g_test_add_func ("/feed-client/retry/gives-up", test_retry_gives_up);
  g_test_add_func ("/feed-client/connection/refused", test_connection_refused);
  g_test_add_func ("/feed-client/connection/truncated", test_truncated);
  g_test_add_func ("/feed-client/connection/truncated-before-body", test_truncated_before_body);
  g_test_add_func ("/feed-client/connection/truncated-gzip", test_truncated_gzip);
  g_test_add_func ("/feed-client/connection/reset", test_reset);
  g_test_add_func ("/feed-client/connection/cut-then-complete", test_cut_then_complete);
  g_test_add_func ("/feed-client/timeout/drip", test_timeout_drip);
  g_test_add_func ("/feed-client/timeout/stall", test_timeout_stall);
  g_test_add_func ("/feed-client/cancel/backoff", test_cancel_backoff);
  g_test_add_func ("/feed-client/cancel/body", test_cancel_body);
  g_test_add_func ("/feed-client/cancel/before", test_cancel_before);
  g_test_add_func ("/feed-client/token/sent", test_token_sent);
  g_test_add_func ("/feed-client/token/not-forwarded", test_token_not_forwarded);
  g_test_add_func ("/feed-client/token/invalid", test_token_invalid);
  g_test_add_func ("/feed-client/token/not-in-errors", test_token_not_in_errors);
  g_test_add_func ("/feed-client/threads", test_threads);
  g_test_add_func ("/feed-client/local/file", test_file);

  ret = g_test_run ();

  raw_stop ();
  http_stop ();
  seen_reset ();
  g_ptr_array_unref (seen.paths);
  g_hash_table_unref (seen.hits);
  g_mutex_clear (&seen.mutex);

  return ret;
}
