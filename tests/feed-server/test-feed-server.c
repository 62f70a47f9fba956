/* test-feed-server.c: the reference feed server, seen by a plain SoupSession
 *
 * The server runs in its own thread; these tests run a blocking client on
 * the test thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "crrc-test-feed-server.h"

typedef struct
{
  CrrcTestFeedServer *server;
  SoupSession        *session;
  char               *dir;       /* a copy of the sample directory */
} Fixture;

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static char *
sample_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "feed-server", "sample", NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *sample = sample_dir ();
  g_autoptr(GError) error = NULL;

  fixture->dir = crrc_test_feed_dir_copy (sample, &error);
  g_assert_no_error (error);
  fixture->server = crrc_test_feed_server_new (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->server);

  /* Bodies as sent: no transparent decoding, no automatic headers. */
  fixture->session = soup_session_new ();
  soup_session_remove_feature_by_type (fixture->session, SOUP_TYPE_CONTENT_DECODER);
  soup_session_set_timeout (fixture->session, 20);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->server, crrc_test_feed_server_free);
  crrc_test_feed_dir_remove (fixture->dir);
  g_free (fixture->dir);
}

static char *
url_for (Fixture    *fixture,
         const char *relative)
{
  return g_uri_resolve_relative (crrc_test_feed_server_get_base_url (fixture->server),
                                 relative, G_URI_FLAGS_NONE, NULL);
}

/* GET @relative (to the base URL) with optional headers (name, value, …,
 * NULL); redirects are not followed. */
static Response *
fetch (Fixture    *fixture,
       const char *relative,
       ...)
{
  g_autofree char *url = url_for (fixture, relative);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  Response *response = g_new0 (Response, 1);
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  va_start (args, relative);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), name,
                                 va_arg (args, const char *));
  va_end (args);

  response->body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return response;
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  json_parser_load_from_data (parser, data, (gssize) size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const char *
item_id (JsonArray *items,
         guint      index)
{
  return json_object_get_string_member (json_array_get_object_element (items, index), "id");
}

static void
assert_ids (JsonObject         *page,
            const char * const *ids)
{
  JsonArray *items = json_object_get_array_member (page, "items");

  g_assert_cmpuint (json_array_get_length (items), ==, g_strv_length ((char **) ids));
  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_cmpstr (item_id (items, i), ==, ids[i]);
}

static GBytes *
gunzip (GBytes *compressed)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) memory = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  memory = g_memory_input_stream_new_from_bytes (compressed);
  input = g_converter_input_stream_new (memory, G_CONVERTER (decompressor));
  output = g_memory_output_stream_new_resizable ();
  g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (output));
}

static void
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Documents */

static void
test_manifest (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "manifest.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(Response) response = fetch (fixture, "manifest.json", NULL);
  g_autoptr(Response) root = fetch (fixture, "", NULL);
  g_autoptr(JsonObject) manifest = NULL;
  gsize length;

  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body),
                   contents, length);

  manifest = parse_object (response->body);
  g_assert_cmpstr (json_object_get_string_member (manifest, "format"), ==, "crrc-feed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (manifest, "feeds")),
                    ==, 8);

  /* The base URL itself serves the manifest too. */
  g_assert_cmpuint (root->status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (root->body, response->body));
}

/* Every feed of the sample is served, valid pages with records. */
static void
test_sample_feeds (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Response) response = fetch (fixture, "manifest.json", NULL);
  g_autoptr(JsonObject) manifest = parse_object (response->body);
  JsonArray *feeds = json_object_get_array_member (manifest, "feeds");

  for (guint i = 0; i < json_array_get_length (feeds); i++)
    {
      JsonObject *feed = json_array_get_object_element (feeds, i);
      const char *name = json_object_get_string_member (feed, "name");
      g_autoptr(Response) page_response = NULL;
      g_autoptr(JsonObject) page = NULL;

      g_test_message ("%s", name);
      page_response = fetch (fixture, json_object_get_string_member (feed, "href"), NULL);
      g_assert_cmpuint (page_response->status, ==, SOUP_STATUS_OK);
      page = parse_object (page_response->body);
      g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, name);
      g_assert_cmpint (json_object_get_int_member (page, "version"), ==, 1);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "items")),
                        >=, 1);
      g_assert_true (json_object_get_null_member (page, "next"));
      g_assert_nonnull (json_object_get_string_member (page, "cursor"));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (page, "deleted")));
      g_assert_cmpint (json_object_get_boolean_member (page, "snapshot"), ==,
                       g_str_equal (name, "establishments"));
    }
}

static void
test_pagination (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) third = NULL;
  g_autoptr(Response) audits = NULL;
  g_autoptr(Response) audits_next = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) page2 = NULL;
  g_autoptr(JsonObject) audits_page = NULL;
  g_autofree char *next_url = NULL;
  g_autofree char *page_url = NULL;
  JsonArray *deleted;

  crrc_test_feed_server_set_page_size (fixture->server, 2);

  first = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpuint (first->status, ==, SOUP_STATUS_OK);
  page = parse_object (first->body);
  assert_ids (page, (const char *[]) { "INC-2024-0001", "INC-2024-0002", NULL });
  g_assert_cmpstr (json_object_get_string_member (page, "next"), ==, "incidents.json?page=2");
  g_assert_cmpstr (json_object_get_string_member (page, "cursor"), ==, "2024-05-07T16:30:00Z");
  deleted = json_object_get_array_member (page, "deleted");
  g_assert_cmpuint (json_array_get_length (deleted), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (deleted, 0), ==, "INC-2023-0042");

  /* `next` is relative to the page's URL. */
  page_url = url_for (fixture, "incidents.json");
  next_url = g_uri_resolve_relative (page_url, json_object_get_string_member (page, "next"),
                                     G_URI_FLAGS_NONE, NULL);
  second = fetch (fixture, next_url, NULL);
  page2 = parse_object (second->body);
  assert_ids (page2, (const char *[]) { "INC-2024-0003", "INC-2024-0004", NULL });
  g_assert_true (json_object_get_null_member (page2, "next"));
  g_assert_cmpstr (json_object_get_string_member (page2, "cursor"), ==, "2024-05-07T16:30:00Z");
  /* Removals come once, on the first page. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page2, "deleted")),
                    ==, 0);

  /* Past the end: an empty last page; a bad page number: 400. */
  g_clear_pointer (&page2, json_object_unref);
  third = fetch (fixture, "incidents.json?page=9", NULL);
  page2 = parse_object (third->body);
  assert_ids (page2, (const char *[]) { NULL });
  g_assert_true (json_object_get_null_member (page2, "next"));
  g_clear_pointer (&third, response_free);
  third = fetch (fixture, "incidents.json?page=0", NULL);
  g_assert_cmpuint (third->status, ==, SOUP_STATUS_BAD_REQUEST);
  g_clear_pointer (&third, response_free);
  third = fetch (fixture, "incidents.json?page=two", NULL);
  g_assert_cmpuint (third->status, ==, SOUP_STATUS_BAD_REQUEST);

  /* An href in a folder: the next link stays in the folder. */
  audits = fetch (fixture, "audits/page-1.json", NULL);
  audits_page = parse_object (audits->body);
  assert_ids (audits_page, (const char *[]) { "AUD-2024-0001", "AUD-2024-0002", NULL });
  g_assert_cmpstr (json_object_get_string_member (audits_page, "next"), ==,
                   "page-1.json?page=2");
  audits_next = fetch (fixture, "audits/page-1.json?page=2", NULL);
  g_clear_pointer (&audits_page, json_object_unref);
  audits_page = parse_object (audits_next->body);
  assert_ids (audits_page, (const char *[]) { "AUD-2024-0003", NULL });
}

static void
test_since (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *relative = NULL;
  const char *next;

  response = fetch (fixture, "incidents.json?since=2024-04-01T00:00:00Z", NULL);
  page = parse_object (response->body);
  assert_ids (page, (const char *[]) { "INC-2024-0002", "INC-2024-0003", "INC-2024-0004",
                                       NULL });
  /* The cursor is the newest of all records, whatever was asked. */
  g_assert_cmpstr (json_object_get_string_member (page, "cursor"), ==, "2024-05-07T16:30:00Z");
  g_assert_false (json_object_get_boolean_member (page, "snapshot"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "deleted")),
                    ==, 1);

  /* Strictly newer than the cursor: nothing left. */
  g_clear_pointer (&response, response_free);
  g_clear_pointer (&page, json_object_unref);
  response = fetch (fixture, "incidents.json?since=2024-05-07T16:30:00Z", NULL);
  page = parse_object (response->body);
  assert_ids (page, (const char *[]) { NULL });
  g_assert_cmpstr (json_object_get_string_member (page, "cursor"), ==, "2024-05-07T16:30:00Z");

  /* The next link carries `since`, escaped ('+' of an offset too). */
  crrc_test_feed_server_set_page_size (fixture->server, 1);
  escaped = g_uri_escape_string ("2024-04-01T02:00:00+02:00", NULL, FALSE);
  relative = g_strconcat ("incidents.json?since=", escaped, NULL);
  g_clear_pointer (&response, response_free);
  g_clear_pointer (&page, json_object_unref);
  response = fetch (fixture, relative, NULL);
  page = parse_object (response->body);
  assert_ids (page, (const char *[]) { "INC-2024-0002", NULL });
  next = json_object_get_string_member (page, "next");
  g_assert_cmpstr (next, ==, "incidents.json?page=2&since=2024-04-01T02%3A00%3A00%2B02%3A00");

  g_clear_pointer (&response, response_free);
  g_clear_pointer (&page, json_object_unref);
  response = fetch (fixture, "incidents.json?page=3&since=2024-04-01T02%3A00%3A00%2B02%3A00",
                    NULL);
  page = parse_object (response->body);
  assert_ids (page, (const char *[]) { "INC-2024-0004", NULL });
  g_assert_true (json_object_get_null_member (page, "next"));

  /* An unescaped '+' (read as a space by form decoding) is understood. */
  g_clear_pointer (&response, response_free);
  g_clear_pointer (&page, json_object_unref);
  response = fetch (fixture, "incidents.json?page=3&since=2024-04-01T02:00:00+02:00", NULL);
  page = parse_object (response->body);
  assert_ids (page, (const char *[]) { "INC-2024-0004", NULL });
}

static void
test_snapshot (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonObject) page = NULL;

  crrc_test_feed_server_set_page_size (fixture->server, 4);

  response = fetch (fixture, "establishments.json", NULL);
  page = parse_object (response->body);
  g_assert_true (json_object_get_boolean_member (page, "snapshot"));
  g_assert_cmpstr (json_object_get_string_member (page, "next"), ==,
                   "establishments.json?page=2");
  g_clear_pointer (&response, response_free);
  g_clear_pointer (&page, json_object_unref);
  response = fetch (fixture, "establishments.json?page=2", NULL);
  page = parse_object (response->body);
  g_assert_true (json_object_get_boolean_member (page, "snapshot"));
  assert_ids (page, (const char *[]) { "580000057", "710000068", "890000078", NULL });

  /* With `since`, a delta. */
  g_clear_pointer (&response, response_free);
  g_clear_pointer (&page, json_object_unref);
  response = fetch (fixture, "establishments.json?since=2024-05-04T08:00:00Z", NULL);
  page = parse_object (response->body);
  g_assert_false (json_object_get_boolean_member (page, "snapshot"));
  assert_ids (page, (const char *[]) { "710000068", "890000078", NULL });

  /* A fixed cursor and items of any shape come from the records file. */
  write_file (fixture, "exercises.records.json",
              "{\"snapshot\": true, \"cursor\": \"opaque#42\","
              " \"items\": [{\"id\": \"EXE-1\"}, 7], \"deleted\": [\"EXE-0\"]}");
  g_clear_pointer (&response, response_free);
  g_clear_pointer (&page, json_object_unref);
  response = fetch (fixture, "exercises.json", NULL);
  page = parse_object (response->body);
  g_assert_true (json_object_get_boolean_member (page, "snapshot"));
  g_assert_cmpstr (json_object_get_string_member (page, "cursor"), ==, "opaque#42");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "items")), ==, 2);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "funding.records.json", NULL);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonObject) manifest = NULL;

  response = fetch (fixture, "nothing.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&response, response_free);

  /* Records files are not served as such. */
  response = fetch (fixture, "incidents.records.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&response, response_free);

  /* A feed of the manifest without its records file. */
  g_assert_cmpint (g_remove (path), ==, 0);
  response = fetch (fixture, "funding.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&response, response_free);

  /* A broken records file: 500. */
  write_file (fixture, "alerts.records.json", "{\"items\": [");
  response = fetch (fixture, "alerts.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  g_clear_pointer (&response, response_free);

  /* Other JSON files of the directory are served as they are. */
  write_file (fixture, "manifest-v2.json", "{\"format\": \"crrc-feed\", \"version\": 2}");
  response = fetch (fixture, "manifest-v2.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  manifest = parse_object (response->body);
  g_assert_cmpint (json_object_get_int_member (manifest, "version"), ==, 2);
}

static void
test_conditional (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Response) first = fetch (fixture, "incidents.json", NULL);
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "incidents.records.json", NULL);
  g_autoptr(GDateTime) mtime = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) earlier = NULL;
  g_autofree char *later_text = NULL;
  g_autofree char *earlier_text = NULL;
  GStatBuf buf;

  g_assert_cmpuint (first->status, ==, SOUP_STATUS_OK);
  etag = g_strdup (soup_message_headers_get_one (first->headers, "ETag"));
  last_modified = g_strdup (soup_message_headers_get_one (first->headers, "Last-Modified"));
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"' && g_str_has_suffix (etag, "\""));
  g_assert_nonnull (last_modified);

  /* Last-Modified is the records file's time. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  mtime = soup_date_time_new_from_http_string (last_modified);
  g_assert_nonnull (mtime);
  g_assert_cmpint (g_date_time_to_unix (mtime), ==, buf.st_mtime);

  /* Same ETag for the same document; another one for another page. */
  response = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), ==, etag);
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "incidents.json?since=2024-04-01T00:00:00Z", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), !=, etag);
  g_clear_pointer (&response, response_free);

  response = fetch (fixture, "incidents.json", "If-None-Match", etag, NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_MODIFIED);
  g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), ==, etag);
  g_clear_pointer (&response, response_free);

  response = fetch (fixture, "incidents.json", "If-None-Match", "\"other\"", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_clear_pointer (&response, response_free);

  response = fetch (fixture, "incidents.json", "If-Modified-Since", last_modified, NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_MODIFIED);
  g_clear_pointer (&response, response_free);

  earlier = g_date_time_add_seconds (mtime, -10);
  earlier_text = soup_date_time_to_string (earlier, SOUP_DATE_HTTP);
  response = fetch (fixture, "incidents.json", "If-Modified-Since", earlier_text, NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_clear_pointer (&response, response_free);

  /* If-None-Match decides when both are sent. */
  later = g_date_time_add_seconds (mtime, 10);
  later_text = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  response = fetch (fixture, "incidents.json", "If-None-Match", "\"other\"",
                    "If-Modified-Since", later_text, NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_clear_pointer (&response, response_free);

  /* The records file is read on each request: a rewrite is seen at once,
   * even within the same second. */
  write_file (fixture, "incidents.records.json",
              "{\"items\": [{\"id\": \"INC-NEW\", \"updated_at\": \"2024-06-01T00:00:00Z\"}]}");
  response = fetch (fixture, "incidents.json", "If-None-Match", etag,
                    "If-Modified-Since", last_modified, NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), !=, etag);
  page = parse_object (response->body);
  assert_ids (page, (const char *[]) { "INC-NEW", NULL });
  g_assert_cmpstr (json_object_get_string_member (page, "cursor"), ==, "2024-06-01T00:00:00Z");
}

static void
test_gzip (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(Response) identity = fetch (fixture, "incidents.json", NULL);
  g_autoptr(Response) response = NULL;
  g_autoptr(GBytes) inflated = NULL;
  const char *etag;

  /* Off by default, even when the client accepts it. */
  response = fetch (fixture, "incidents.json", "Accept-Encoding", "gzip", NULL);
  g_assert_null (soup_message_headers_get_one (response->headers, "Content-Encoding"));
  g_assert_true (g_bytes_equal (response->body, identity->body));
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_gzip (fixture->server, TRUE);
  response = fetch (fixture, "incidents.json", "Accept-Encoding", "deflate, gzip;q=0.8", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Content-Encoding"), ==,
                   "gzip");
  g_assert_cmpuint (g_bytes_get_size (response->body), <, g_bytes_get_size (identity->body));
  inflated = gunzip (response->body);
  g_assert_true (g_bytes_equal (inflated, identity->body));
  etag = soup_message_headers_get_one (response->headers, "ETag");
  g_assert_cmpstr (etag, !=, soup_message_headers_get_one (identity->headers, "ETag"));

  /* Either form of the ETag validates the document. */
  {
    g_autoptr(Response) not_modified = fetch (fixture, "incidents.json",
                                              "Accept-Encoding", "gzip",
                                              "If-None-Match",
                                              soup_message_headers_get_one (identity->headers,
                                                                            "ETag"),
                                              NULL);

    g_assert_cmpuint (not_modified->status, ==, SOUP_STATUS_NOT_MODIFIED);
  }
  g_clear_pointer (&response, response_free);

  /* Not without Accept-Encoding, nor when gzip is refused. */
  response = fetch (fixture, "incidents.json", NULL);
  g_assert_null (soup_message_headers_get_one (response->headers, "Content-Encoding"));
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "incidents.json", "Accept-Encoding", "gzip;q=0", NULL);
  g_assert_null (soup_message_headers_get_one (response->headers, "Content-Encoding"));
}

/* Requests and headers */

static void
test_requests (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autofree char *header = NULL;
  g_autofree char *query = NULL;
  g_auto(GStrv) log = NULL;

  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, NULL), ==, 0);

  response = fetch (fixture, "manifest.json", "X-Crrc-Test", "one", NULL);
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "incidents.json?since=2024-01-01T00:00:00Z",
                    "If-None-Match", "\"abc\"", NULL);
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "incidents.json?page=2", NULL);
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "nothing.json", NULL);

  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, NULL), ==, 4);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, "/manifest.json"),
                    ==, 1);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, "/incidents.json"),
                    ==, 2);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, "/nothing.json"),
                    ==, 1);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, "/audits.json"),
                    ==, 0);

  header = crrc_test_feed_server_get_last_header (fixture->server, "/manifest.json",
                                                  "x-crrc-test");
  g_assert_cmpstr (header, ==, "one");
  g_clear_pointer (&header, g_free);
  /* The last request of the path counts: the second one sent no ETag. */
  header = crrc_test_feed_server_get_last_header (fixture->server, "/incidents.json",
                                                  "If-None-Match");
  g_assert_null (header);
  query = crrc_test_feed_server_get_last_query (fixture->server, "/incidents.json");
  g_assert_cmpstr (query, ==, "page=2");
  g_clear_pointer (&query, g_free);
  query = crrc_test_feed_server_get_last_query (fixture->server, "/manifest.json");
  g_assert_null (query);

  log = crrc_test_feed_server_dup_request_log (fixture->server);
  g_assert_cmpuint (g_strv_length (log), ==, 4);
  g_assert_cmpstr (log[0], ==, "GET /manifest.json");
  g_assert_cmpstr (log[1], ==, "GET /incidents.json?since=2024-01-01T00:00:00Z");
  g_assert_cmpstr (log[2], ==, "GET /incidents.json?page=2");

  crrc_test_feed_server_reset_requests (fixture->server);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, NULL), ==, 0);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, "/incidents.json"),
                    ==, 0);
}

static void
test_token (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Response) response = NULL;

  crrc_test_feed_server_set_token (fixture->server, "s3cret");

  response = fetch (fixture, "manifest.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "WWW-Authenticate"));
  g_clear_pointer (&response, response_free);

  response = fetch (fixture, "incidents.json", "Authorization", "Bearer wrong", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_clear_pointer (&response, response_free);

  response = fetch (fixture, "incidents.json", "Authorization", "Basic czNjcmV0", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_clear_pointer (&response, response_free);

  response = fetch (fixture, "incidents.json", "Authorization", "Bearer s3cret", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_token (fixture->server, NULL);
  response = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
}

/* Faults */

static void
test_fault_names (void)
{
  CrrcTestFeedFault fault;

  for (guint i = 0; i < CRRC_TEST_FEED_N_FAULTS; i++)
    {
      const char *name = crrc_test_feed_fault_to_name ((CrrcTestFeedFault) i);

      g_assert_nonnull (name);
      g_assert_true (crrc_test_feed_fault_from_name (name, &fault));
      g_assert_cmpint (fault, ==, i);
    }

  g_assert_true (crrc_test_feed_fault_from_name ("STATUS_503_RETRY_AFTER", &fault));
  g_assert_cmpint (fault, ==, CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER);
  g_assert_true (crrc_test_feed_fault_from_name ("gzip_bomb", &fault));
  g_assert_cmpint (fault, ==, CRRC_TEST_FEED_FAULT_GZIP_BOMB);
  g_assert_false (crrc_test_feed_fault_from_name ("flood", &fault));
}

static void
test_fault_statuses (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct {
    CrrcTestFeedFault fault;
    guint status;
    const char *header;
    const char *value;
  } cases[] = {
    { CRRC_TEST_FEED_FAULT_STATUS_500, 500, NULL, NULL },
    { CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER, 503, "Retry-After", "120" },
    { CRRC_TEST_FEED_FAULT_STATUS_429, 429, "Retry-After", "60" },
    { CRRC_TEST_FEED_FAULT_STATUS_404, 404, NULL, NULL },
    { CRRC_TEST_FEED_FAULT_STATUS_410, 410, NULL, NULL },
    { CRRC_TEST_FEED_FAULT_STATUS_401, 401, "WWW-Authenticate", "Bearer realm=\"crrc-feed\"" },
    { CRRC_TEST_FEED_FAULT_STATUS_403, 403, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = NULL;
      g_autoptr(Response) other = NULL;
      g_autoptr(JsonObject) error = NULL;

      g_test_message ("%s", crrc_test_feed_fault_to_name (cases[i].fault));
      crrc_test_feed_server_clear_faults (fixture->server);
      crrc_test_feed_server_set_fault (fixture->server, "/incidents*", cases[i].fault, 0);

      response = fetch (fixture, "incidents.json?since=2024-01-01T00:00:00Z", NULL);
      g_assert_cmpuint (response->status, ==, cases[i].status);
      if (cases[i].header != NULL)
        g_assert_cmpstr (soup_message_headers_get_one (response->headers, cases[i].header), ==,
                         cases[i].value);
      error = parse_object (response->body);
      g_assert_true (json_object_has_member (error, "error"));

      /* Other paths are not touched. */
      other = fetch (fixture, "audits/page-1.json", NULL);
      g_assert_cmpuint (other->status, ==, SOUP_STATUS_OK);
    }
}

static void
test_fault_times (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Response) response = NULL;

  /* Twice, then the page again. */
  crrc_test_feed_server_set_fault (fixture->server, "/audits/*",
                                   CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER, 2);
  for (guint i = 0; i < 2; i++)
    {
      response = fetch (fixture, "audits/page-1.json", NULL);
      g_assert_cmpuint (response->status, ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
      g_clear_pointer (&response, response_free);
    }
  response = fetch (fixture, "audits/page-1.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_clear_pointer (&response, response_free);

  /* The first fault set applies first; NULL matches every path. */
  crrc_test_feed_server_set_fault (fixture->server, NULL, CRRC_TEST_FEED_FAULT_STATUS_500, 1);
  crrc_test_feed_server_set_fault (fixture->server, "*", CRRC_TEST_FEED_FAULT_STATUS_404, 0);
  response = fetch (fixture, "manifest.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_INTERNAL_SERVER_ERROR);
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "funding.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "manifest.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_clear_faults (fixture->server);
  response = fetch (fixture, "manifest.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);

  /* Faulty answers are counted like the others. */
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server,
                                                             "/audits/page-1.json"), ==, 3);
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server,
                                                             "/manifest.json"), ==, 3);
}

/* Reads a response body to its end or to an error. */
static guint64
read_body (Fixture     *fixture,
           const char  *relative,
           goffset     *content_length,
           GError     **error)
{
  g_autofree char *url = url_for (fixture, relative);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *buffer = g_malloc (64 * 1024);
  SoupMessageHeaders *headers;
  guint64 total = 0;
  gssize n;

  stream = soup_session_send (fixture->session, msg, NULL, error);
  if (stream == NULL)
    return 0;

  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  headers = soup_message_get_response_headers (msg);
  *content_length = soup_message_headers_get_content_length (headers);
  while ((n = g_input_stream_read (stream, buffer, 64 * 1024, NULL, error)) > 0)
    total += (guint64) n;
  g_input_stream_close (stream, NULL, NULL);

  return total;
}

static void
test_fault_cut (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(Response) whole = fetch (fixture, "incidents.json", NULL);
  gsize size = g_bytes_get_size (whole->body);
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) after = NULL;
  goffset content_length = 0;
  guint64 received;

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_TRUNCATED_BODY, 1);
  received = read_body (fixture, "incidents.json", &content_length, &error);
  g_assert_nonnull (error);
  g_test_message ("truncated: %s", error->message);
  g_assert_cmpint (content_length, ==, (goffset) size);
  g_assert_cmpuint (received, ==, size / 2);
  g_clear_error (&error);

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_RESET_MID_BODY, 1);
  received = read_body (fixture, "incidents.json", &content_length, &error);
  g_assert_nonnull (error);
  g_test_message ("reset: %s", error->message);
  g_assert_cmpint (content_length, ==, (goffset) size);
  g_assert_cmpuint (received, <=, size / 2);
  g_clear_error (&error);

  /* The server goes on serving. */
  after = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpuint (after->status, ==, SOUP_STATUS_OK);
  g_assert_true (g_bytes_equal (after->body, whole->body));
  g_assert_cmpuint (crrc_test_feed_server_get_request_count (fixture->server, "/incidents.json"),
                    ==, 4);
}

static void
test_fault_slow_drip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *url = url_for (fixture, "alerts.json");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(Response) whole = fetch (fixture, "alerts.json", NULL);
  gint64 start;
  goffset content_length;
  char byte;

  crrc_test_feed_server_set_drip_interval (fixture->server, 20);
  crrc_test_feed_server_set_fault (fixture->server, "/alerts.json",
                                   CRRC_TEST_FEED_FAULT_SLOW_DRIP, 0);

  stream = soup_session_send (fixture->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  content_length = soup_message_headers_get_content_length (soup_message_get_response_headers
                                                            (msg));
  g_assert_cmpint (content_length, >=, MAX (1024, (goffset) g_bytes_get_size (whole->body)));

  /* A byte at a time, for 400 ms: then the client gives up. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 400 * G_TIME_SPAN_MILLISECOND)
    {
      g_assert_cmpint (g_input_stream_read (stream, &byte, 1, NULL, &error), ==, 1);
      g_byte_array_append (received, (const guint8 *) &byte, 1);
    }
  g_test_message ("%u bytes in 400 ms", received->len);
  g_assert_cmpuint (received->len, >=, 2);
  g_assert_cmpuint (received->len, <=, 40);
  /* What arrived is the page, in order. */
  g_assert_cmpmem (received->data, received->len,
                   g_bytes_get_data (whole->body, NULL), received->len);
  g_input_stream_close (stream, NULL, NULL);
  g_clear_object (&stream);
  g_clear_object (&msg);

  /* Other paths answer meanwhile. */
  {
    g_autoptr(Response) other = fetch (fixture, "incidents.json", NULL);

    g_assert_cmpuint (other->status, ==, SOUP_STATUS_OK);
  }
}

static void
test_fault_documents (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;
  gsize size, depth = 0, max_depth = 0;

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_INVALID_JSON, 1);
  response = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  body = g_bytes_get_data (response->body, &size);
  g_assert_false (json_parser_load_from_data (parser, body, (gssize) size, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_DEEP_NESTING, 1);
  response = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  body = g_bytes_get_data (response->body, &size);
  /* Never given to json-glib: it would crash. Counted by hand. */
  for (gsize i = 0; i < size; i++)
    {
      if (body[i] == '[' || body[i] == '{')
        {
          depth++;
          max_depth = MAX (max_depth, depth);
        }
      else if (body[i] == ']' || body[i] == '}')
        depth--;
    }
  g_assert_cmpuint (depth, ==, 0);
  g_assert_cmpuint (max_depth, >, CRRC_TEST_FEED_NESTING_DEPTH);
  g_assert_true (g_str_has_prefix (body, "{\"feed\": \"incidents\""));
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_INVALID_UTF8, 1);
  response = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  body = g_bytes_get_data (response->body, &size);
  g_assert_false (g_utf8_validate (body, (gssize) size, NULL));
  g_assert_nonnull (g_strstr_len (body, (gssize) size, "INC-2024-0001"));
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT, 1);
  response = fetch (fixture, "incidents.json", NULL);
  body = g_bytes_get_data (response->body, &size);
  g_assert_true (json_parser_load_from_data (parser, body, (gssize) size, NULL));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME, 1);
  response = fetch (fixture, "incidents.json", NULL);
  page = parse_object (response->body);
  g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, "audits");
  g_clear_pointer (&page, json_object_unref);
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_fault (fixture->server, "/audits*",
                                   CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME, 1);
  response = fetch (fixture, "audits/page-1.json", NULL);
  page = parse_object (response->body);
  g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, "incidents");
  g_clear_pointer (&page, json_object_unref);
  g_clear_pointer (&response, response_free);

  /* On the manifest: another format. */
  crrc_test_feed_server_set_fault (fixture->server, "/manifest.json",
                                   CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME, 1);
  response = fetch (fixture, "manifest.json", NULL);
  page = parse_object (response->body);
  g_assert_cmpstr (json_object_get_string_member (page, "format"), ==, "other-format");
  g_clear_pointer (&page, json_object_unref);
  g_clear_pointer (&response, response_free);

  /* Broken documents are gzipped too when agreed. */
  crrc_test_feed_server_set_gzip (fixture->server, TRUE);
  crrc_test_feed_server_set_fault (fixture->server, "/manifest.json",
                                   CRRC_TEST_FEED_FAULT_INVALID_UTF8, 1);
  response = fetch (fixture, "manifest.json", "Accept-Encoding", "gzip", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Content-Encoding"), ==,
                   "gzip");
  {
    g_autoptr(GBytes) inflated = gunzip (response->body);

    body = g_bytes_get_data (inflated, &size);
    g_assert_false (g_utf8_validate (body, (gssize) size, NULL));
  }
}

static void
test_fault_gzip_bomb (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) memory = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = g_malloc (1024 * 1024);
  guint64 inflated = 0;
  gboolean all_spaces = TRUE;
  gssize n;

  crrc_test_feed_server_set_fault (fixture->server, "/diagnostics.json",
                                   CRRC_TEST_FEED_FAULT_GZIP_BOMB, 0);
  /* Sent whether or not the client asked for gzip. */
  response = fetch (fixture, "diagnostics.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Content-Encoding"), ==,
                   "gzip");
  g_test_message ("%" G_GSIZE_FORMAT " bytes sent", g_bytes_get_size (response->body));
  g_assert_cmpuint (g_bytes_get_size (response->body), <, 1024 * 1024);

  /* Counted a megabyte at a time, never held. */
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  memory = g_memory_input_stream_new_from_bytes (response->body);
  input = g_converter_input_stream_new (memory, G_CONVERTER (decompressor));
  while ((n = g_input_stream_read (input, buffer, 1024 * 1024, NULL, &error)) > 0)
    {
      if (all_spaces && (buffer[0] != ' ' || buffer[n - 1] != ' '))
        all_spaces = FALSE;
      inflated += (guint64) n;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (inflated, ==, CRRC_TEST_FEED_BOMB_SIZE);
  g_assert_cmpuint (inflated, >, CRRC_TEST_FEED_DEFAULT_OVERSIZE);
  g_assert_true (all_spaces);

  /* Built once: the second one is the same. */
  {
    g_autoptr(Response) again = fetch (fixture, "diagnostics.json", NULL);

    g_assert_true (g_bytes_equal (again->body, response->body));
  }
}

static void
test_fault_oversized (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  goffset content_length = 0;
  guint64 received;

  /* The default: one byte over 64 MiB, streamed. */
  crrc_test_feed_server_set_fault (fixture->server, "/funding.json",
                                   CRRC_TEST_FEED_FAULT_OVERSIZED, 0);
  received = read_body (fixture, "funding.json", &content_length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (content_length, ==, (goffset) CRRC_TEST_FEED_DEFAULT_OVERSIZE);
  g_assert_cmpuint (received, ==, CRRC_TEST_FEED_DEFAULT_OVERSIZE);

  /* A smaller one is a whole JSON document of exactly that size. */
  crrc_test_feed_server_set_oversize (fixture->server, 3 * 1024 * 1024 + 7);
  {
    g_autoptr(Response) response = fetch (fixture, "funding.json", NULL);
    g_autoptr(JsonObject) page = NULL;

    g_assert_cmpuint (g_bytes_get_size (response->body), ==, 3 * 1024 * 1024 + 7);
    page = parse_object (response->body);
    g_assert_cmpstr (json_object_get_string_member (page, "feed"), ==, "funding");
  }

  /* A client that gives up after the headers leaves the server well. */
  crrc_test_feed_server_set_oversize (fixture->server, CRRC_TEST_FEED_DEFAULT_OVERSIZE);
  {
    g_autofree char *url = url_for (fixture, "funding.json");
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
    g_autoptr(GInputStream) stream = soup_session_send (fixture->session, msg, NULL, &error);
    SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
    g_autoptr(Response) other = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (soup_message_headers_get_content_length (headers), ==,
                     (goffset) CRRC_TEST_FEED_DEFAULT_OVERSIZE);
    g_input_stream_close (stream, NULL, NULL);

    other = fetch (fixture, "incidents.json", NULL);
    g_assert_cmpuint (other->status, ==, SOUP_STATUS_OK);
  }
}

static void
test_fault_redirects (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) moved = NULL;
  g_autoptr(Response) normal = NULL;
  g_autofree char *self_url = url_for (fixture, "incidents.json?since=2024-01-01T00:00:00Z");
  g_autofree char *moved_url = url_for (fixture, "moved/incidents.json?page=2");
  const char *location;

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_REDIRECT_LOOP, 1);
  response = fetch (fixture, "incidents.json?since=2024-01-01T00:00:00Z", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_FOUND);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Location"), ==, self_url);
  g_clear_pointer (&response, response_free);

  crrc_test_feed_server_set_fault (fixture->server, "/incidents.json",
                                   CRRC_TEST_FEED_FAULT_REDIRECT_TO_HTTP_ELSEWHERE, 1);
  response = fetch (fixture, "incidents.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_FOUND);
  location = soup_message_headers_get_one (response->headers, "Location");
  g_assert_cmpstr (location, ==, "http://192.0.2.1/incidents.json");
  g_clear_pointer (&response, response_free);

  /* 301 to a path that serves the same pages, the fault never applying
   * there even when it matches every path. */
  crrc_test_feed_server_set_fault (fixture->server, "*",
                                   CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY, 0);
  response = fetch (fixture, "incidents.json?page=2", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_MOVED_PERMANENTLY);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Location"), ==, moved_url);
  moved = fetch (fixture, moved_url, NULL);
  g_assert_cmpuint (moved->status, ==, SOUP_STATUS_OK);
  crrc_test_feed_server_clear_faults (fixture->server);
  normal = fetch (fixture, "incidents.json?page=2", NULL);
  g_assert_true (g_bytes_equal (moved->body, normal->body));

  /* The manifest moves too, and its hrefs then resolve under the prefix. */
  crrc_test_feed_server_set_fault (fixture->server, "/manifest.json",
                                   CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY, 0);
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "manifest.json", NULL);
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (response->headers, "Location"),
                                   "/moved/manifest.json"));
  g_clear_pointer (&response, response_free);
  response = fetch (fixture, "moved/audits/page-1.json", NULL);
  g_assert_cmpuint (response->status, ==, SOUP_STATUS_OK);
}

static void
test_fault_bad_records (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const feeds[] = {
    "establishments", "incidents", "audits/page-1", "alerts", "diagnostics", "campaigns",
    "exercises", "funding",
  };
  static const char * const ids[] = {
    "BAD-MISSING-FINESS", "BAD-FINESS-KEY", "BAD-ENUM", "BAD-DATE", "BAD-LONG-STRING",
  };
  static const char * const establishment_ids[] = {
    NULL, "210000015", "210000097", "210000105", "210000113",
  };

  crrc_test_feed_server_set_fault (fixture->server, NULL, CRRC_TEST_FEED_FAULT_BAD_RECORDS, 0);

  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    {
      g_autofree char *href = g_strconcat (feeds[i], ".json", NULL);
      g_autoptr(Response) response = fetch (fixture, href, NULL);
      g_autoptr(JsonObject) page = parse_object (response->body);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      JsonArray *items = json_object_get_array_member (page, "items");
      guint n = json_array_get_length (items);
      guint first = n - CRRC_TEST_FEED_N_BAD_RECORDS;
      g_autofree char *long_record = NULL;

      g_test_message ("%s", feeds[i]);
      g_assert_cmpuint (n, >, CRRC_TEST_FEED_N_BAD_RECORDS);
      for (guint j = 0; j < CRRC_TEST_FEED_N_BAD_RECORDS; j++)
        {
          JsonObject *record = json_array_get_object_element (items, first + j);

          /* Establishments are known by their FINESS number. */
          if (i == 0)
            g_assert_cmpstr (json_object_get_string_member_with_default (record, "id", NULL), ==,
                             establishment_ids[j]);
          else
            g_assert_cmpstr (item_id (items, first + j), ==, ids[j]);

          /* Campaigns carry FINESS numbers in their targets. */
          if (i == 5)
            record = json_array_get_object_element (json_object_get_array_member (record,
                                                                                  "targets"), 0);
          if (j == 0)
            g_assert_false (json_object_has_member (record, "finess"));
          else if (j == 1)
            g_assert_cmpstr (json_object_get_string_member (record, "finess"), ==, "210000015");
          else
            g_assert_true (json_object_has_member (record, "finess"));
        }

      /* The last one holds a string over 64 KiB. */
      json_generator_set_root (generator, json_array_get_element (items, n - 1));
      long_record = json_generator_to_data (generator, NULL);
      g_assert_cmpuint (strlen (long_record), >, 64 * 1024);
    }
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(CrrcTestFeedServer) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  second = crrc_test_feed_server_new_on_port (fixture->dir,
                                              crrc_test_feed_server_get_port (fixture->server),
                                              &error);
  g_assert_null (second);
  g_assert_nonnull (error);

  expected = g_strdup_printf ("http://127.0.0.1:%u/",
                              crrc_test_feed_server_get_port (fixture->server));
  g_assert_cmpstr (crrc_test_feed_server_get_base_url (fixture->server), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/feed-server/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("manifest", test_manifest);
  ADD ("sample-feeds", test_sample_feeds);
  ADD ("pagination", test_pagination);
  ADD ("since", test_since);
  ADD ("snapshot", test_snapshot);
  ADD ("not-found", test_not_found);
  ADD ("conditional", test_conditional);
  ADD ("gzip", test_gzip);
  ADD ("requests", test_requests);
  ADD ("token", test_token);
  g_test_add_func ("/feed-server/fault/names", test_fault_names);
  ADD ("fault/statuses", test_fault_statuses);
  ADD ("fault/times", test_fault_times);
  ADD ("fault/cut", test_fault_cut);
  ADD ("fault/slow-drip", test_fault_slow_drip);
  ADD ("fault/documents", test_fault_documents);
  ADD ("fault/gzip-bomb", test_fault_gzip_bomb);
  ADD ("fault/oversized", test_fault_oversized);
  ADD ("fault/redirects", test_fault_redirects);
  ADD ("fault/bad-records", test_fault_bad_records);
  ADD ("port-in-use", test_port_in_use);

#undef ADD

  return g_test_run ();
}
