/* crrc-test-feed-server.c: a loopback CRRC feed server for tests and demos
 *
 * A SoupServer on 127.0.0.1 that serves a feed directory the way
 * FEED-PROTOCOL.md says a publisher does: the manifest as is, and the
 * records of each feed as pages it builds on each request (page size,
 * `since` filtering, cursor, `next` links, snapshot flag), with strong
 * ETags, Last-Modified and 304 answers, and optional gzip and bearer
 * token. Faults can be switched on per path to play every failure the
 * client and the sync engine must survive.
 *
 * Threads: the SoupServer and everything it touches live in the server's
 * thread, which runs its own GMainContext. The test API runs on any
 * thread; what both sides share (settings, faults, request records) is
 * behind `mutex`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-test-feed-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "crrc-test-feed-server.h"

typedef struct
{
  char              *glob;
  CrrcTestFeedFault  fault;
  guint              remaining;  /* 0: until cleared */
} Fault;

typedef struct
{
  guint               count;
  SoupMessageHeaders *headers;
  char               *query;
} PathRecord;

/* The settings one request is answered with, copied under the lock. */
typedef struct
{
  guint              page_size;
  gboolean           gzip;
  guint              drip_interval;
  guint64            oversize;
  gboolean           verbose;
  char              *token;
  CrrcTestFeedFault  fault;
} Settings;

/* A body sent bit by bit (SLOW_DRIP, OVERSIZED); owned by its message. */
typedef struct
{
  CrrcTestFeedServer *server;
  SoupServerMessage  *msg;       /* not owned: the stream is its data */
  GBytes             *body;      /* SLOW_DRIP: the whole body */
  char               *feed;      /* OVERSIZED: for the document's "feed" */
  guint64             size;
  guint64             appended;
  GSource            *timeout;   /* SLOW_DRIP */
  gboolean            done;
} Stream;

/* A connection taken from the server to be cut (TRUNCATED_BODY,
 * RESET_MID_BODY). A GRcBox: the server's set and a pending write hold
 * references. */
typedef struct
{
  CrrcTestFeedServer *server;
  GIOStream          *stream;
  GSocket            *socket;
  GBytes             *half;
  gboolean            reset;
  GSource            *timeout;
} Cut;

struct _CrrcTestFeedServer
{
  char          *feed_dir;
  guint16        requested_port;
  guint16        port;
  char          *base_url;

  GThread       *thread;
  GMainContext  *context;
  GMainLoop     *loop;

  /* Server thread only. */
  SoupServer    *soup;
  GCancellable  *cancellable;
  GHashTable    *streams;      /* Stream set */
  GHashTable    *cuts;         /* Cut set */

  GMutex         mutex;
  GCond          cond;
  gboolean       started;
  GError        *start_error;

  guint          page_size;
  gboolean       gzip;
  char          *token;
  guint          drip_interval;
  guint64        oversize;
  gboolean       verbose;
  GPtrArray     *faults;       /* of Fault */
  GHashTable    *requests;     /* path → PathRecord */
  GPtrArray     *log;          /* of char * */
  guint          n_requests;
};

/* What a path of the server is. */
typedef enum
{
  DOCUMENT_NONE,
  DOCUMENT_MANIFEST,
  DOCUMENT_PAGE,
  DOCUMENT_FILE,
} DocumentKind;

/* A document ready to send with status 200. */
typedef struct
{
  DocumentKind  kind;
  char         *feed;       /* DOCUMENT_PAGE */
  GBytes       *body;
  GDateTime    *modified;
} Document;

#define CONTENT_TYPE "application/json"
#define LONG_STRING_LENGTH (64 * 1024 + 1)
#define STREAM_CHUNK_SIZE (1024 * 1024)
#define DRIP_MINIMUM_SIZE 1024
#define RESET_DELAY_MS 100
/* Not named in libsoup 3.2. */
#define STATUS_TOO_MANY_REQUESTS 429

static const char * const fault_names[] = {
  [CRRC_TEST_FEED_FAULT_NONE] = "none",
  [CRRC_TEST_FEED_FAULT_TRUNCATED_BODY] = "truncated-body",
  [CRRC_TEST_FEED_FAULT_RESET_MID_BODY] = "reset-mid-body",
  [CRRC_TEST_FEED_FAULT_STATUS_500] = "status-500",
  [CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER] = "status-503-retry-after",
  [CRRC_TEST_FEED_FAULT_STATUS_429] = "status-429",
  [CRRC_TEST_FEED_FAULT_STATUS_404] = "status-404",
  [CRRC_TEST_FEED_FAULT_STATUS_410] = "status-410",
  [CRRC_TEST_FEED_FAULT_STATUS_401] = "status-401",
  [CRRC_TEST_FEED_FAULT_STATUS_403] = "status-403",
  [CRRC_TEST_FEED_FAULT_SLOW_DRIP] = "slow-drip",
  [CRRC_TEST_FEED_FAULT_INVALID_JSON] = "invalid-json",
  [CRRC_TEST_FEED_FAULT_DEEP_NESTING] = "deep-nesting",
  [CRRC_TEST_FEED_FAULT_INVALID_UTF8] = "invalid-utf8",
  [CRRC_TEST_FEED_FAULT_GZIP_BOMB] = "gzip-bomb",
  [CRRC_TEST_FEED_FAULT_OVERSIZED] = "oversized",
  [CRRC_TEST_FEED_FAULT_REDIRECT_LOOP] = "redirect-loop",
  [CRRC_TEST_FEED_FAULT_REDIRECT_TO_HTTP_ELSEWHERE] = "redirect-to-http-elsewhere",
  [CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY] = "moved-permanently",
  [CRRC_TEST_FEED_FAULT_BAD_RECORDS] = "bad-records",
  [CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME] = "wrong-feed-name",
  [CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT] = "not-an-object",
};

G_STATIC_ASSERT (G_N_ELEMENTS (fault_names) == CRRC_TEST_FEED_N_FAULTS);

/*
 * BAD_RECORDS: one valid record per feed, and where its FINESS number, an
 * enumerated value, a date and a free string are ('/' separates the steps
 * of a path). Each injected record breaks exactly one of them.
 */
static const struct {
  const char *feed;
  const char *template;
  const char *finess_path;
  const char *enum_path;
  const char *enum_value;
  const char *date_path;
  const char *date_value;
  const char *long_path;
} bad_records[] = {
  {
    "establishments",
    "{\"id\": \"210000097\", \"finess\": \"210000097\","
    " \"name\": \"Centre hospitalier injecte\", \"category\": \"355\","
    " \"sector\": \"sanitaire\", \"department\": \"21\", \"region\": \"27\","
    " \"commune\": \"21231\", \"public\": true, \"lat\": 47.32, \"lon\": 5.04,"
    " \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "finess", "sector", "hospital", "closed_on", "2024-02-30", "name",
  },
  {
    "incidents",
    "{\"id\": \"\", \"finess\": \"210000014\", \"declared_at\": \"2024-05-01T10:00:00Z\","
    " \"origin\": \"malicious\", \"type\": \"ransomware\", \"patient_care_impact\": false,"
    " \"functioning_impact\": \"degraded\", \"severity\": \"medium\","
    " \"summary\": \"Injected by the test feed server\","
    " \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "finess", "origin", "alien", "declared_at", "2024-02-30T10:00:00Z", "summary",
  },
  {
    "audits",
    "{\"id\": \"\", \"finess\": \"210000014\", \"date\": \"2024-05-01\","
    " \"kind\": \"exposure\", \"findings\": [{\"service\": \"rdp\","
    " \"product\": \"Remote desktop\", \"severity\": \"high\"}],"
    " \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "finess", "kind", "pentest", "date", "2024-02-30", "findings/0/product",
  },
  {
    "alerts",
    "{\"id\": \"\", \"finess\": \"210000014\", \"sent_at\": \"2024-05-01T10:00:00Z\","
    " \"kind\": \"vulnerability\", \"reference\": \"CERTFR-2024-ALE-012\","
    " \"cve\": \"CVE-2024-21887\", \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "finess", "kind", "rumour", "sent_at", "2024-02-30T10:00:00Z", "reference",
  },
  {
    "diagnostics",
    "{\"id\": \"\", \"finess\": \"210000014\", \"date\": \"2024-05-01\","
    " \"referential\": \"crrc-maturity-1\","
    " \"answers\": {\"governance.critical_activities\": 2, \"exposure.internet_services\": \"na\"},"
    " \"campaign\": \"CAMP-2024-BFC-MS\", \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "finess", "answers/governance.critical_activities", "maybe", "date", "2024-02-30",
    "campaign",
  },
  {
    "campaigns",
    "{\"id\": \"\", \"name\": \"Injected campaign\", \"region\": \"27\","
    " \"sector\": \"medico_social\", \"start\": \"2024-01-15\", \"due\": \"2024-12-15\","
    " \"targets\": [{\"finess\": \"390000040\", \"stage\": \"contacted\","
    " \"stage_date\": \"2024-02-01\"}], \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "targets/0/finess", "targets/0/stage", "abandoned", "due", "2024-02-30", "name",
  },
  {
    "exercises",
    "{\"id\": \"\", \"finess\": \"210000014\", \"date\": \"2024-05-01\","
    " \"kind\": \"tabletop\", \"kit\": \"Kit\", \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "finess", "kind", "drill", "date", "2024-02-30", "kit",
  },
  {
    "funding",
    "{\"id\": \"\", \"finess\": \"210000014\", \"programme\": \"care\", \"domain\": \"d1\","
    " \"year\": 2024, \"amount_eur\": 1000, \"status\": \"applied\","
    " \"updated_at\": \"2024-05-20T12:00:00Z\"}",
    "finess", "status", "refused", "year", "2024-02-30", "programme",
  },
};

/* The ids of the injected records, in order; the FINESS numbers of
 * establishments (whose id is their FINESS number). */
static const char * const bad_record_ids[CRRC_TEST_FEED_N_BAD_RECORDS] = {
  "BAD-MISSING-FINESS", "BAD-FINESS-KEY", "BAD-ENUM", "BAD-DATE", "BAD-LONG-STRING",
};
static const char * const bad_establishment_ids[CRRC_TEST_FEED_N_BAD_RECORDS] = {
  NULL, "210000015", "210000097", "210000105", "210000113",
};
/* 210000014 with a wrong key. */
#define BAD_KEY_FINESS "210000015"

static void stream_free    (gpointer data);
static void cut_unref      (gpointer data);
static void server_handler (SoupServer        *soup,
                            SoupServerMessage *msg,
                            const char        *path,
                            GHashTable        *query,
                            gpointer           user_data);

static void
fault_free (gpointer data)
{
  Fault *fault = data;

  g_free (fault->glob);
  g_free (fault);
}

static void
path_record_free (gpointer data)
{
  PathRecord *record = data;

  g_clear_pointer (&record->headers, soup_message_headers_unref);
  g_free (record->query);
  g_free (record);
}

static void
settings_clear (Settings *settings)
{
  g_clear_pointer (&settings->token, g_free);
}

static void
document_clear (Document *document)
{
  g_clear_pointer (&document->feed, g_free);
  g_clear_pointer (&document->body, g_bytes_unref);
  g_clear_pointer (&document->modified, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Settings, settings_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Document, document_clear)

/* Helpers: documents */

static void
replace_str (char       **pointer,
             const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*pointer);
  *pointer = copy;
}

/* A string member, or NULL when absent or of another type. */
static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static GBytes *
json_node_to_bytes (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

static GBytes *
gzip_bytes (GBytes *body)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (body, &size);

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  memory = g_memory_output_stream_new_resizable ();
  output = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  if (!g_output_stream_write_all (output, data, size, NULL, NULL, &error) ||
      !g_output_stream_close (output, NULL, &error))
    g_error ("Cannot compress a body in memory: %s", error->message);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static gpointer
build_gzip_bomb (gpointer data)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *spaces = g_malloc (STREAM_CHUNK_SIZE);

  /* Compressed a chunk at a time: the inflated size is never held. */
  memset (spaces, ' ', STREAM_CHUNK_SIZE);
  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  memory = g_memory_output_stream_new_resizable ();
  output = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  for (guint64 written = 0; written < CRRC_TEST_FEED_BOMB_SIZE; written += STREAM_CHUNK_SIZE)
    {
      if (!g_output_stream_write_all (output, spaces, STREAM_CHUNK_SIZE, NULL, NULL, &error))
        g_error ("Cannot build the gzip bomb: %s", error->message);
    }
  if (!g_output_stream_close (output, NULL, &error))
    g_error ("Cannot build the gzip bomb: %s", error->message);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static GBytes *
get_gzip_bomb (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, build_gzip_bomb, NULL);

  return g_bytes_ref (once.retval);
}

/* A strong ETag: the body's SHA-256, shortened. */
static char *
make_etag (GBytes *body,
           gboolean gzipped)
{
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, body);

  return g_strdup_printf ("\"%.32s%s\"", digest, gzipped ? "-gzip" : "");
}

static GDateTime *
file_mtime (const char *path)
{
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return g_date_time_new_now_utc ();

  return g_date_time_new_from_unix_utc (buf.st_mtime);
}

static gboolean
load_json_file (const char  *path,
                JsonNode   **root,
                GDateTime  **modified,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, contents, (gssize) length, error))
    return FALSE;
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "%s: not a JSON object", path);
      return FALSE;
    }

  *root = json_parser_steal_root (parser);
  if (modified != NULL)
    *modified = file_mtime (path);

  return TRUE;
}

static gboolean
path_is_safe (const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, "/", -1);

  if (strchr (path, '\\') != NULL)
    return FALSE;
  for (guint i = 0; segments[i] != NULL; i++)
    {
      if (g_str_equal (segments[i], "..") || g_str_equal (segments[i], "."))
        return FALSE;
    }

  return TRUE;
}

/* The feed the manifest serves at @path ("/incidents.json"), or NULL. */
static char *
lookup_feed (const char *feed_dir,
             const char *path)
{
  g_autofree char *manifest_path = g_build_filename (feed_dir, "manifest.json", NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *manifest;
  JsonArray *feeds;

  if (!load_json_file (manifest_path, &root, NULL, NULL))
    return NULL;

  manifest = json_node_get_object (root);
  if (!json_object_has_member (manifest, "feeds") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (manifest, "feeds")))
    return NULL;

  feeds = json_object_get_array_member (manifest, "feeds");
  for (guint i = 0; i < json_array_get_length (feeds); i++)
    {
      JsonNode *node = json_array_get_element (feeds, i);
      JsonObject *feed;
      const char *name, *href;
      g_autofree char *href_path = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      feed = json_node_get_object (node);
      name = get_string_member (feed, "name");
      href = get_string_member (feed, "href");
      if (name == NULL || href == NULL)
        continue;

      if (g_str_has_prefix (href, "./"))
        href += 2;
      href_path = g_strndup (href, strcspn (href, "?#"));
      if (g_str_equal (path + 1, href_path))
        return g_strdup (name);
    }

  return NULL;
}

static JsonNode *
node_at_path (JsonNode   *root,
              const char *path,
              char      **last)
{
  g_auto(GStrv) steps = g_strsplit (path, "/", -1);
  JsonNode *node = root;
  guint n = g_strv_length (steps);

  for (guint i = 0; i + 1 < n; i++)
    {
      if (JSON_NODE_HOLDS_ARRAY (node))
        node = json_array_get_element (json_node_get_array (node),
                                       (guint) g_ascii_strtoull (steps[i], NULL, 10));
      else
        node = json_object_get_member (json_node_get_object (node), steps[i]);
    }
  *last = g_strdup (steps[n - 1]);

  return node;
}

/* Sets (@value not NULL) or removes a member of a nested object. */
static void
set_at_path (JsonNode   *root,
             const char *path,
             const char *value)
{
  g_autofree char *last = NULL;
  JsonObject *object = json_node_get_object (node_at_path (root, path, &last));

  if (value != NULL)
    json_object_set_string_member (object, last, value);
  else
    json_object_remove_member (object, last);
}

static void
append_bad_records (JsonArray  *items,
                    const char *feed)
{
  guint index = G_N_ELEMENTS (bad_records);

  for (guint i = 0; i < G_N_ELEMENTS (bad_records); i++)
    {
      if (g_str_equal (bad_records[i].feed, feed))
        index = i;
    }
  if (index == G_N_ELEMENTS (bad_records))
    return;

  for (guint variant = 0; variant < CRRC_TEST_FEED_N_BAD_RECORDS; variant++)
    {
      g_autoptr(JsonNode) record = json_from_string (bad_records[index].template, NULL);
      gboolean establishment = g_str_equal (feed, "establishments");
      g_autofree char *long_string = NULL;

      g_assert (record != NULL);
      if (establishment)
        {
          const char *finess = bad_establishment_ids[variant];

          set_at_path (record, "id", finess);
          set_at_path (record, "finess", finess);
        }
      else
        {
          set_at_path (record, "id", bad_record_ids[variant]);
        }

      switch (variant)
        {
        case 0:
          set_at_path (record, bad_records[index].finess_path, NULL);
          break;
        case 1:
          set_at_path (record, bad_records[index].finess_path, BAD_KEY_FINESS);
          break;
        case 2:
          set_at_path (record, bad_records[index].enum_path, bad_records[index].enum_value);
          break;
        case 3:
          set_at_path (record, bad_records[index].date_path, bad_records[index].date_value);
          break;
        default:
          long_string = g_strnfill (LONG_STRING_LENGTH, 'x');
          set_at_path (record, bad_records[index].long_path, long_string);
          break;
        }

      json_array_add_element (items, g_steal_pointer (&record));
    }
}

static const char *
other_feed_name (const char *feed)
{
  return g_str_equal (feed, "incidents") ? "audits" : "incidents";
}

/*
 * Builds one page of @feed for a request of @path. Returns FALSE with the
 * status to answer (400, 404, 500) and a message.
 */
static gboolean
build_page (const char         *feed_dir,
            const char         *feed,
            const char         *path,
            GHashTable         *query,
            guint               page_size,
            CrrcTestFeedFault   fault,
            Document           *document,
            guint              *status,
            char              **message)
{
  g_autofree char *records_name = g_strconcat (feed, ".records.json", NULL);
  g_autofree char *records_path = g_build_filename (feed_dir, records_name, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) selected = json_array_new ();
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonArray) deleted = json_array_new ();
  g_autoptr(JsonObject) page_object = json_object_new ();
  g_autoptr(JsonNode) page_node = NULL;
  g_autofree char *since = NULL;
  g_autofree char *next = NULL;
  g_autofree char *max_updated_at = NULL;
  const char *page_text = NULL;
  const char *cursor;
  const char *base_name;
  JsonObject *records;
  JsonNode *member;
  guint64 page = 1;
  guint n_selected, first, n_pages;
  gboolean snapshot;

  if (query != NULL)
    {
      const char *since_text = g_hash_table_lookup (query, "since");

      page_text = g_hash_table_lookup (query, "page");
      if (page_text != NULL &&
          !g_ascii_string_to_unsigned (page_text, 10, 1, G_MAXUINT32, &page, NULL))
        {
          *status = SOUP_STATUS_BAD_REQUEST;
          *message = g_strdup_printf ("Invalid page number ‘%s’", page_text);
          return FALSE;
        }
      /* A client that did not escape '+' in a timestamp sent a space. */
      if (since_text != NULL && *since_text != '\0')
        since = g_strdelimit (g_strdup (since_text), " ", '+');
    }

  if (!g_file_test (records_path, G_FILE_TEST_IS_REGULAR))
    {
      *status = SOUP_STATUS_NOT_FOUND;
      *message = g_strdup_printf ("No records file %s for the feed %s", records_name, feed);
      return FALSE;
    }
  if (!load_json_file (records_path, &root, &modified, &error))
    {
      *status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      *message = g_strdup_printf ("Cannot read %s: %s", records_name, error->message);
      return FALSE;
    }

  records = json_node_get_object (root);
  member = json_object_get_member (records, "snapshot");
  snapshot = member != NULL && json_node_get_value_type (member) == G_TYPE_BOOLEAN &&
             json_node_get_boolean (member);

  member = json_object_get_member (records, "items");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *all = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (all); i++)
        {
          JsonNode *item = json_array_get_element (all, i);
          const char *updated_at = NULL;

          if (JSON_NODE_HOLDS_OBJECT (item))
            updated_at = get_string_member (json_node_get_object (item), "updated_at");
          if (updated_at != NULL &&
              (max_updated_at == NULL || strcmp (updated_at, max_updated_at) > 0))
            replace_str (&max_updated_at, updated_at);

          /* Items without a timestamp are always sent: the client cannot
           * be assumed to have them. */
          if (since == NULL || updated_at == NULL || strcmp (updated_at, since) > 0)
            json_array_add_element (selected, json_node_copy (item));
        }
    }

  cursor = get_string_member (records, "cursor");
  if (cursor == NULL)
    cursor = max_updated_at != NULL ? max_updated_at : since;

  n_selected = json_array_get_length (selected);
  n_pages = MAX (1, (n_selected + page_size - 1) / page_size);
  first = (guint) MIN ((page - 1) * page_size, (guint64) n_selected);
  for (guint i = first; i < n_selected && i < first + page_size; i++)
    json_array_add_element (items, json_node_copy (json_array_get_element (selected, i)));

  if (page < n_pages)
    {
      g_autofree char *escaped = since != NULL ? g_uri_escape_string (since, NULL, FALSE) : NULL;

      /* Relative to the page's own URL: its last segment. */
      base_name = strrchr (path, '/') + 1;
      next = g_strdup_printf ("%s?page=%" G_GUINT64_FORMAT "%s%s", base_name, page + 1,
                              escaped != NULL ? "&since=" : "",
                              escaped != NULL ? escaped : "");
    }

  member = json_object_get_member (records, "deleted");
  if (page == 1 && member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *ids = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (ids); i++)
        json_array_add_element (deleted, json_node_copy (json_array_get_element (ids, i)));
    }

  if (fault == CRRC_TEST_FEED_FAULT_BAD_RECORDS)
    append_bad_records (items, feed);

  json_object_set_string_member (page_object, "feed",
                                 fault == CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME
                                 ? other_feed_name (feed) : feed);
  json_object_set_int_member (page_object, "version", 1);
  json_object_set_boolean_member (page_object, "snapshot", snapshot && since == NULL);
  if (cursor != NULL)
    json_object_set_string_member (page_object, "cursor", cursor);
  else
    json_object_set_null_member (page_object, "cursor");
  if (next != NULL)
    json_object_set_string_member (page_object, "next", next);
  else
    json_object_set_null_member (page_object, "next");
  json_object_set_array_member (page_object, "items", g_steal_pointer (&items));
  json_object_set_array_member (page_object, "deleted", g_steal_pointer (&deleted));

  page_node = json_node_init_object (json_node_alloc (), page_object);
  document->body = json_node_to_bytes (page_node);
  document->modified = g_steal_pointer (&modified);

  return TRUE;
}

/*
 * Finds and builds what @path (without the moved prefix) serves. Returns
 * FALSE with the status to answer and a message.
 */
static gboolean
build_document (const char         *feed_dir,
                const char         *path,
                GHashTable         *query,
                guint               page_size,
                CrrcTestFeedFault   fault,
                Document           *document,
                guint              *status,
                char              **message)
{
  g_autofree char *file_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  if (g_str_equal (path, "/") || g_str_equal (path, "/manifest.json"))
    {
      document->kind = DOCUMENT_MANIFEST;
      file_path = g_build_filename (feed_dir, "manifest.json", NULL);
    }
  else if ((document->feed = lookup_feed (feed_dir, path)) != NULL)
    {
      document->kind = DOCUMENT_PAGE;
      return build_page (feed_dir, document->feed, path, query, page_size, fault,
                         document, status, message);
    }
  else if (g_str_has_suffix (path, ".json") && !g_str_has_suffix (path, ".records.json") &&
           path_is_safe (path))
    {
      document->kind = DOCUMENT_FILE;
      file_path = g_build_filename (feed_dir, path + 1, NULL);
    }

  if (file_path == NULL || !g_file_test (file_path, G_FILE_TEST_IS_REGULAR))
    {
      *status = SOUP_STATUS_NOT_FOUND;
      *message = g_strdup_printf ("Nothing is served at %s", path);
      return FALSE;
    }
  if (!g_file_get_contents (file_path, &contents, &length, &error))
    {
      *status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      *message = g_strdup (error->message);
      return FALSE;
    }

  document->modified = file_mtime (file_path);
  document->body = g_bytes_new_take (g_steal_pointer (&contents), length);

  /* The manifest's counterpart of a page naming another feed. */
  if (document->kind == DOCUMENT_MANIFEST && fault == CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME)
    {
      g_autoptr(JsonNode) root = json_from_string (g_bytes_get_data (document->body, NULL), NULL);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        {
          json_object_set_string_member (json_node_get_object (root), "format", "other-format");
          g_clear_pointer (&document->body, g_bytes_unref);
          document->body = json_node_to_bytes (root);
        }
    }

  return TRUE;
}

/* The document's kind of body, broken in one way. */
static GBytes *
build_broken_body (const Document    *document,
                   CrrcTestFeedFault  fault)
{
  const char *feed = document->feed != NULL ? document->feed : "incidents";
  gsize size;
  const char *body = g_bytes_get_data (document->body, &size);
  GString *text = g_string_new (NULL);

  switch ((int) fault)
    {
    case CRRC_TEST_FEED_FAULT_INVALID_JSON:
      /* A comma missing between two members: no JSON parser accepts it. */
      if (document->kind == DOCUMENT_PAGE)
        g_string_append_printf (text,
                                "{\"feed\": \"%s\", \"version\": 1 \"snapshot\": false, "
                                "\"cursor\": null, \"next\": null, \"items\": [], "
                                "\"deleted\": []}", feed);
      else
        g_string_append (text, "{\"format\": \"crrc-feed\", \"version\": 1 \"feeds\": []}");
      break;

    case CRRC_TEST_FEED_FAULT_DEEP_NESTING:
      g_string_append_printf (text,
                              "{\"feed\": \"%s\", \"version\": 1, \"snapshot\": false, "
                              "\"cursor\": null, \"next\": null, \"items\": ", feed);
      for (guint i = 0; i < CRRC_TEST_FEED_NESTING_DEPTH; i++)
        g_string_append_c (text, '[');
      for (guint i = 0; i < CRRC_TEST_FEED_NESTING_DEPTH; i++)
        g_string_append_c (text, ']');
      g_string_append (text, ", \"deleted\": []}");
      break;

    case CRRC_TEST_FEED_FAULT_INVALID_UTF8:
      /* "café" in Latin-1, in an extra first member of the document. */
      g_string_append (text, "{\"note\": \"caf\xe9\", ");
      if (size > 0 && body[0] == '{')
        g_string_append_len (text, body + 1, (gssize) size - 1);
      else
        g_string_append (text, "\"version\": 1}");
      break;

    case CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT:
      g_string_append_c (text, '[');
      g_string_append_len (text, body, (gssize) size);
      g_string_append_c (text, ']');
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free_to_bytes (text);
}

/* Helpers: requests */

static CrrcTestFeedFault
take_fault (CrrcTestFeedServer *self,
            const char         *path)
{
  for (guint i = 0; i < self->faults->len; i++)
    {
      Fault *fault = g_ptr_array_index (self->faults, i);
      CrrcTestFeedFault kind = fault->fault;

      if (fault->glob != NULL && !g_pattern_match_simple (fault->glob, path))
        continue;

      if (fault->remaining > 0 && --fault->remaining == 0)
        g_ptr_array_remove_index (self->faults, i);

      return kind;
    }

  return CRRC_TEST_FEED_FAULT_NONE;
}

/* Records the request and copies what answering it needs. */
static void
begin_request (CrrcTestFeedServer *self,
               SoupServerMessage  *msg,
               const char         *path,
               const char         *query,
               Settings           *settings)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  PathRecord *record;

  g_mutex_lock (&self->mutex);

  record = g_hash_table_lookup (self->requests, path);
  if (record == NULL)
    {
      record = g_new0 (PathRecord, 1);
      g_hash_table_insert (self->requests, g_strdup (path), record);
    }
  record->count++;
  g_clear_pointer (&record->headers, soup_message_headers_unref);
  record->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (record->headers, name, value);
  replace_str (&record->query, query);

  self->n_requests++;
  g_ptr_array_add (self->log, g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg),
                                               path, query != NULL ? "?" : "",
                                               query != NULL ? query : ""));

  settings->page_size = self->page_size;
  settings->gzip = self->gzip;
  settings->drip_interval = self->drip_interval;
  settings->oversize = self->oversize;
  settings->verbose = self->verbose;
  settings->token = g_strdup (self->token);
  settings->fault = take_fault (self, path);

  g_mutex_unlock (&self->mutex);
}

static void
set_json_response (SoupServerMessage *msg,
                   guint              status,
                   GBytes            *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status,
                                  status == STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
  soup_message_headers_replace (headers, "Content-Type", CONTENT_TYPE);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static void
set_error_response (SoupServerMessage *msg,
                    guint              status,
                    const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message != NULL ? message
                                 : status == STATUS_TOO_MANY_REQUESTS ? "Too Many Requests"
                                 : soup_status_get_phrase (status));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_node_to_bytes (root);

  set_json_response (msg, status, body);
}

static gboolean
accepts_gzip (SoupServerMessage *msg)
{
  const char *header;
  GSList *codings;
  gboolean found = FALSE;

  header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                          "Accept-Encoding");
  if (header == NULL)
    return FALSE;

  codings = soup_header_parse_quality_list (header, NULL);
  for (GSList *l = codings; l != NULL; l = l->next)
    {
      if (g_ascii_strcasecmp (l->data, "gzip") == 0 ||
          g_ascii_strcasecmp (l->data, "x-gzip") == 0 ||
          g_str_equal (l->data, "*"))
        found = TRUE;
    }
  soup_header_free_list (codings);

  return found;
}

static gboolean
etag_matches (const char *if_none_match,
              const char *etag,
              const char *other_etag)
{
  GSList *tags = soup_header_parse_list (if_none_match);
  gboolean matches = FALSE;

  /* Weak comparison (RFC 9110, 13.1.2): W/ is ignored, and the gzip and
   * identity forms of one document are the same document. */
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *tag = l->data;

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag) || g_str_equal (tag, other_etag))
        matches = TRUE;
    }
  soup_header_free_list (tags);

  return matches;
}

static gboolean
is_not_modified (SoupServerMessage *msg,
                 const char        *etag,
                 const char        *other_etag,
                 GDateTime         *modified)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *if_none_match = soup_message_headers_get_list (headers, "If-None-Match");
  const char *if_modified_since;
  g_autoptr(GDateTime) since = NULL;

  /* If-None-Match wins over If-Modified-Since (RFC 9110, 13.1.3). */
  if (if_none_match != NULL)
    return etag_matches (if_none_match, etag, other_etag);

  if_modified_since = soup_message_headers_get_one (headers, "If-Modified-Since");
  if (if_modified_since == NULL ||
      (since = soup_date_time_new_from_http_string (if_modified_since)) == NULL)
    return FALSE;

  return g_date_time_to_unix (modified) <= g_date_time_to_unix (since);
}

/* A document, 200 or 304, with its validators; gzip when agreed. */
static void
send_document (SoupServerMessage *msg,
               GBytes            *body,
               GDateTime         *modified,
               gboolean           gzip)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) sent = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *other_etag = NULL;
  g_autofree char *last_modified = soup_date_time_to_string (modified, SOUP_DATE_HTTP);
  gboolean gzipped = gzip && accepts_gzip (msg);

  etag = make_etag (body, gzipped);
  other_etag = make_etag (body, !gzipped);
  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Last-Modified", last_modified);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  if (gzip)
    soup_message_headers_replace (headers, "Vary", "Accept-Encoding");

  if (is_not_modified (msg, etag, other_etag, modified))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }

  if (gzipped)
    {
      sent = gzip_bytes (body);
      soup_message_headers_replace (headers, "Content-Encoding", "gzip");
    }
  else
    {
      sent = g_bytes_ref (body);
    }
  set_json_response (msg, SOUP_STATUS_OK, sent);
}

static void
send_redirect (SoupServerMessage  *msg,
               guint               status,
               const char         *base,
               const char         *path)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *location = NULL;

  location = g_strdup_printf ("%s%s%s%s", base, path, query != NULL ? "?" : "",
                              query != NULL ? query : "");
  soup_server_message_set_redirect (msg, status, location);
}

/* Helpers: bodies sent bit by bit */

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  if (stream->timeout != NULL)
    {
      g_source_destroy (stream->timeout);
      g_source_unref (stream->timeout);
    }
  g_hash_table_remove (stream->server->streams, stream);
  g_clear_pointer (&stream->body, g_bytes_unref);
  g_free (stream->feed);
  g_free (stream);
}

/* The message is over (sent, or the client went away): stop feeding it. */
static void
stream_stop (Stream *stream)
{
  stream->done = TRUE;
  if (stream->timeout != NULL)
    {
      g_source_destroy (stream->timeout);
      g_clear_pointer (&stream->timeout, g_source_unref);
    }
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    Stream            *stream)
{
  stream_stop (stream);
}

static Stream *
stream_new (CrrcTestFeedServer *self,
            SoupServerMessage  *msg,
            guint64             size)
{
  Stream *stream = g_new0 (Stream, 1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  stream->server = self;
  stream->msg = msg;
  stream->size = size;
  g_object_set_data_full (G_OBJECT (msg), "crrc-test-feed-stream", stream, stream_free);
  g_hash_table_add (self->streams, stream);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);
  g_signal_connect (msg, "disconnected", G_CALLBACK (stream_finished_cb), stream);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", CONTENT_TYPE);
  soup_message_headers_set_content_length (headers, (goffset) size);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  return stream;
}

static gboolean
drip_cb (gpointer user_data)
{
  Stream *stream = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  g_autoptr(GBytes) byte = NULL;

  if (stream->done)
    return G_SOURCE_REMOVE;

  byte = g_bytes_new_from_bytes (stream->body, stream->appended, 1);
  soup_message_body_append_bytes (body, byte);
  stream->appended++;
  if (stream->appended == stream->size)
    {
      soup_message_body_complete (body);
      g_clear_pointer (&stream->timeout, g_source_unref);
    }
  soup_server_message_unpause (stream->msg);

  return stream->timeout != NULL ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
start_drip (CrrcTestFeedServer *self,
            SoupServerMessage  *msg,
            GBytes             *body,
            guint               interval)
{
  gsize size = g_bytes_get_size (body);
  g_autoptr(GByteArray) padded = g_byte_array_sized_new (MAX (size, DRIP_MINIMUM_SIZE));
  Stream *stream;

  /* Padded with spaces (JSON whitespace after the document) so that even
   * a small page outlasts a client's timeout. */
  g_byte_array_append (padded, g_bytes_get_data (body, NULL), size);
  while (padded->len < DRIP_MINIMUM_SIZE)
    g_byte_array_append (padded, (const guint8 *) " ", 1);

  stream = stream_new (self, msg, padded->len);
  stream->body = g_byte_array_free_to_bytes (g_steal_pointer (&padded));
  stream->timeout = g_timeout_source_new (MAX (interval, 1));
  g_source_set_callback (stream->timeout, drip_cb, stream, NULL);
  g_source_attach (stream->timeout, self->context);
}

/* The next chunk of the OVERSIZED document: a page with a long padding
 * string, exactly stream->size bytes. */
static void
append_oversized_chunk (Stream *stream)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  g_autofree char *prefix = NULL;
  const char *suffix = "\"}";
  gsize prefix_length, suffix_length = strlen (suffix);
  guint64 offset = stream->appended;
  gsize length = (gsize) MIN ((guint64) STREAM_CHUNK_SIZE, stream->size - offset);
  char *chunk = g_malloc (length);

  prefix = g_strdup_printf ("{\"feed\": \"%s\", \"version\": 1, \"snapshot\": false, "
                            "\"cursor\": null, \"next\": null, \"items\": [], "
                            "\"deleted\": [], \"padding\": \"", stream->feed);
  prefix_length = strlen (prefix);

  if (stream->size < prefix_length + suffix_length)
    {
      memset (chunk, ' ', length);
    }
  else
    {
      for (gsize i = 0; i < length; i++)
        {
          guint64 position = offset + i;

          if (position < prefix_length)
            chunk[i] = prefix[position];
          else if (position >= stream->size - suffix_length)
            chunk[i] = suffix[position - (stream->size - suffix_length)];
          else
            chunk[i] = 'x';
        }
    }

  soup_message_body_append_take (body, (guchar *) chunk, length);
  stream->appended += length;
  if (stream->appended == stream->size)
    soup_message_body_complete (body);
}

static void
oversized_wrote_chunk_cb (SoupServerMessage *msg,
                          Stream            *stream)
{
  if (!stream->done && stream->appended < stream->size)
    append_oversized_chunk (stream);
}

static void
start_oversized (CrrcTestFeedServer *self,
                 SoupServerMessage  *msg,
                 const char         *feed,
                 guint64             size)
{
  Stream *stream = stream_new (self, msg, size);

  stream->feed = g_strdup (feed != NULL ? feed : "incidents");
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (oversized_wrote_chunk_cb), stream);
  if (size > 0)
    append_oversized_chunk (stream);
  else
    soup_message_body_complete (soup_server_message_get_response_body (msg));
}

/* Helpers: connections cut mid-body */

static void
cut_clear (gpointer data)
{
  Cut *cut = data;

  if (cut->timeout != NULL)
    {
      g_source_destroy (cut->timeout);
      g_source_unref (cut->timeout);
    }
  g_clear_object (&cut->stream);
  g_clear_object (&cut->socket);
  g_clear_pointer (&cut->half, g_bytes_unref);
}

static void
cut_unref (gpointer data)
{
  g_rc_box_release_full (data, cut_clear);
}

static void
cut_close (Cut *cut)
{
  if (cut->reset && cut->socket != NULL)
    {
      struct linger linger = { .l_onoff = 1, .l_linger = 0 };

      /* With a zero linger time, closing sends a RST instead of a FIN. */
      if (setsockopt (g_socket_get_fd (cut->socket), SOL_SOCKET, SO_LINGER,
                      &linger, sizeof linger) != 0)
        g_warning ("Cannot set SO_LINGER: %s", g_strerror (errno));
      g_socket_close (cut->socket, NULL);
    }
  g_io_stream_close (cut->stream, NULL, NULL);
  g_hash_table_remove (cut->server->cuts, cut);
}

static gboolean
cut_reset_cb (gpointer user_data)
{
  Cut *cut = user_data;

  g_clear_pointer (&cut->timeout, g_source_unref);
  cut_close (cut);

  return G_SOURCE_REMOVE;
}

static void
cut_wrote_half_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Cut *cut = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Shutting down: the server drops the cut. */
      cut_unref (cut);
      return;
    }

  if (cut->reset)
    {
      /* Let the half reach the client before the reset. */
      cut->timeout = g_timeout_source_new (RESET_DELAY_MS);
      g_source_set_callback (cut->timeout, cut_reset_cb, cut, NULL);
      g_source_attach (cut->timeout, cut->server->context);
    }
  else
    {
      cut_close (cut);
    }
  cut_unref (cut);
}

static void
cut_wrote_headers_cb (SoupServerMessage *msg,
                      Cut               *cut)
{
  GSocket *socket;

  g_signal_handlers_disconnect_by_func (msg, cut_wrote_headers_cb, cut);

  /* The full Content-Length is promised; half of the body follows. */
  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    cut->socket = g_object_ref (socket);
  cut->stream = soup_server_message_steal_connection (msg);
  if (cut->stream == NULL)
    {
      g_hash_table_remove (cut->server->cuts, cut);
      return;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (cut->stream),
                                   g_bytes_get_data (cut->half, NULL),
                                   g_bytes_get_size (cut->half),
                                   G_PRIORITY_DEFAULT, cut->server->cancellable,
                                   cut_wrote_half_cb, g_rc_box_acquire (cut));
}

static void
start_cut (CrrcTestFeedServer *self,
           SoupServerMessage  *msg,
           GBytes             *body,
           gboolean            reset)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize size = g_bytes_get_size (body);
  Cut *cut = g_rc_box_new0 (Cut);

  cut->server = self;
  cut->reset = reset;
  cut->half = g_bytes_new_from_bytes (body, 0, size / 2);
  g_hash_table_add (self->cuts, cut);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", CONTENT_TYPE);
  soup_message_headers_set_content_length (headers, (goffset) size);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (cut_wrote_headers_cb), cut);
}

/* Answers with a fault; FALSE when the fault needs the document. */
static gboolean
answer_fault_without_document (CrrcTestFeedServer *self,
                               SoupServerMessage  *msg,
                               const char         *path,
                               CrrcTestFeedFault   fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *retry_after = NULL;

  switch (fault)
    {
    case CRRC_TEST_FEED_FAULT_STATUS_500:
      set_error_response (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_STATUS_503_RETRY_AFTER:
      retry_after = g_strdup_printf ("%u", CRRC_TEST_FEED_RETRY_AFTER_503);
      soup_message_headers_replace (headers, "Retry-After", retry_after);
      set_error_response (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, NULL);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_STATUS_429:
      retry_after = g_strdup_printf ("%u", CRRC_TEST_FEED_RETRY_AFTER_429);
      soup_message_headers_replace (headers, "Retry-After", retry_after);
      set_error_response (msg, STATUS_TOO_MANY_REQUESTS, NULL);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_STATUS_404:
      set_error_response (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_STATUS_410:
      set_error_response (msg, SOUP_STATUS_GONE, NULL);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_STATUS_401:
      soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"crrc-feed\"");
      set_error_response (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_STATUS_403:
      set_error_response (msg, SOUP_STATUS_FORBIDDEN, NULL);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_REDIRECT_LOOP:
      send_redirect (msg, SOUP_STATUS_FOUND, self->base_url, path + 1);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_REDIRECT_TO_HTTP_ELSEWHERE:
      send_redirect (msg, SOUP_STATUS_FOUND, CRRC_TEST_FEED_ELSEWHERE, path);
      return TRUE;

    case CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY:
      {
        g_autofree char *base = g_strconcat (self->base_url, CRRC_TEST_FEED_MOVED_PREFIX + 1,
                                             NULL);

        send_redirect (msg, SOUP_STATUS_MOVED_PERMANENTLY, base, path);
      }
      return TRUE;

    case CRRC_TEST_FEED_FAULT_GZIP_BOMB:
      {
        g_autoptr(GBytes) bomb = get_gzip_bomb ();

        soup_message_headers_replace (headers, "Content-Encoding", "gzip");
        set_json_response (msg, SOUP_STATUS_OK, bomb);
      }
      return TRUE;

    case CRRC_TEST_FEED_FAULT_NONE:
    case CRRC_TEST_FEED_FAULT_TRUNCATED_BODY:
    case CRRC_TEST_FEED_FAULT_RESET_MID_BODY:
    case CRRC_TEST_FEED_FAULT_SLOW_DRIP:
    case CRRC_TEST_FEED_FAULT_INVALID_JSON:
    case CRRC_TEST_FEED_FAULT_DEEP_NESTING:
    case CRRC_TEST_FEED_FAULT_INVALID_UTF8:
    case CRRC_TEST_FEED_FAULT_OVERSIZED:
    case CRRC_TEST_FEED_FAULT_BAD_RECORDS:
    case CRRC_TEST_FEED_FAULT_WRONG_FEED_NAME:
    case CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT:
    case CRRC_TEST_FEED_N_FAULTS:
    default:
      return FALSE;
    }
}

static gboolean
token_accepted (SoupServerMessage *msg,
                const char        *token)
{
  const char *authorization;

  if (token == NULL)
    return TRUE;

  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                "Authorization");

  return authorization != NULL &&
         g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0 &&
         g_str_equal (authorization + 7, token);
}

static void
log_answer (SoupServerMessage *msg,
            const char        *path,
            const char        *query,
            CrrcTestFeedFault  fault)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  g_printerr ("%s %s%s%s → %u, %" G_GOFFSET_FORMAT " bytes%s%s\n",
              soup_server_message_get_method (msg), path,
              query != NULL ? "?" : "", query != NULL ? query : "",
              soup_server_message_get_status (msg),
              length > 0 ? length : soup_server_message_get_response_body (msg)->length,
              fault != CRRC_TEST_FEED_FAULT_NONE ? ", fault " : "",
              fault != CRRC_TEST_FEED_FAULT_NONE ? fault_names[fault] : "");
}

/* Callbacks */

static void
server_handler (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  CrrcTestFeedServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *raw_query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(Settings) settings = { 0 };
  g_auto(Document) document = { 0 };
  g_autofree char *message = NULL;
  g_autoptr(GBytes) broken = NULL;
  const char *document_path = path;
  CrrcTestFeedFault fault;
  guint status = 0;

  begin_request (self, msg, path, raw_query, &settings);
  fault = settings.fault;

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, HEAD");
      set_error_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      goto out;
    }

  if (!token_accepted (msg, settings.token))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer realm=\"crrc-feed\"");
      set_error_response (msg, SOUP_STATUS_UNAUTHORIZED, "A bearer token is required");
      goto out;
    }

  if (g_str_has_prefix (path, CRRC_TEST_FEED_MOVED_PREFIX "/"))
    {
      document_path = path + strlen (CRRC_TEST_FEED_MOVED_PREFIX);
      if (fault == CRRC_TEST_FEED_FAULT_MOVED_PERMANENTLY)
        fault = CRRC_TEST_FEED_FAULT_NONE;
    }

  if (answer_fault_without_document (self, msg, document_path, fault))
    goto out;

  if (!build_document (self->feed_dir, document_path, query, MAX (settings.page_size, 1),
                       fault, &document, &status, &message))
    {
      set_error_response (msg, status, message);
      goto out;
    }

  switch ((int) fault)
    {
    case CRRC_TEST_FEED_FAULT_TRUNCATED_BODY:
    case CRRC_TEST_FEED_FAULT_RESET_MID_BODY:
      start_cut (self, msg, document.body, fault == CRRC_TEST_FEED_FAULT_RESET_MID_BODY);
      break;

    case CRRC_TEST_FEED_FAULT_SLOW_DRIP:
      start_drip (self, msg, document.body, settings.drip_interval);
      break;

    case CRRC_TEST_FEED_FAULT_OVERSIZED:
      start_oversized (self, msg, document.feed, settings.oversize);
      break;

    case CRRC_TEST_FEED_FAULT_INVALID_JSON:
    case CRRC_TEST_FEED_FAULT_DEEP_NESTING:
    case CRRC_TEST_FEED_FAULT_INVALID_UTF8:
    case CRRC_TEST_FEED_FAULT_NOT_AN_OBJECT:
      broken = build_broken_body (&document, fault);
      send_document (msg, broken, document.modified, settings.gzip);
      break;

    default:
      /* No fault, or one the document already carries. */
      send_document (msg, document.body, document.modified, settings.gzip);
      break;
    }

out:
  if (settings.verbose)
    log_answer (msg, path, raw_query, fault);
}

static gboolean
started_cb (gpointer user_data)
{
  CrrcTestFeedServer *self = user_data;

  g_mutex_lock (&self->mutex);
  self->started = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  return G_SOURCE_REMOVE;
}

static gboolean
server_listen (CrrcTestFeedServer  *self,
        GError             **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  GSList *uris;

  address = g_inet_socket_address_new_from_string ("127.0.0.1", self->requested_port);
  if (!soup_server_listen (self->soup, address, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  g_assert (uris != NULL);
  self->port = (guint16) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

static gpointer
server_thread (gpointer user_data)
{
  CrrcTestFeedServer *self = user_data;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;

  g_main_context_push_thread_default (self->context);

  self->soup = soup_server_new ("server-header", "crrc-test-feed-server ", NULL);
  soup_server_add_handler (self->soup, NULL, server_handler, self, NULL);

  if (!server_listen (self, &error))
    {
      g_mutex_lock (&self->mutex);
      self->start_error = g_steal_pointer (&error);
      self->started = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->mutex);
    }
  else
    {
      g_autoptr(GSource) idle = g_idle_source_new ();

      /* Only once the loop runs can _free() quit it: the constructor
       * returns from an idle callback of the loop. */
      self->base_url = g_strdup_printf ("http://127.0.0.1:%u/", self->port);
      g_source_set_callback (idle, started_cb, self, NULL);
      g_source_attach (idle, self->context);
      g_main_loop_run (self->loop);
    }

  /* Streams stop before their connections close; then the connections
   * taken from the server are cut, and the server's are closed. */
  g_hash_table_iter_init (&iter, self->streams);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    stream_stop (key);
  g_cancellable_cancel (self->cancellable);
  soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_hash_table_remove_all (self->cuts);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

/* Public API */

/**
 * crrc_test_feed_fault_to_name:
 * @fault: a fault
 *
 * Returns: its name for the command line, e.g. "truncated-body"
 */
const char *
crrc_test_feed_fault_to_name (CrrcTestFeedFault fault)
{
  g_return_val_if_fail (fault < CRRC_TEST_FEED_N_FAULTS, NULL);

  return fault_names[fault];
}

/**
 * crrc_test_feed_fault_from_name:
 * @name: "truncated-body", "TRUNCATED_BODY", "truncated_body", …
 * @fault: (out): the fault
 *
 * Returns: whether @name names a fault
 */
gboolean
crrc_test_feed_fault_from_name (const char        *name,
                                CrrcTestFeedFault *fault)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (fault != NULL, FALSE);

  normal = g_ascii_strdown (name, -1);
  g_strdelimit (normal, "_", '-');
  for (guint i = 0; i < CRRC_TEST_FEED_N_FAULTS; i++)
    {
      if (g_str_equal (normal, fault_names[i]))
        {
          *fault = (CrrcTestFeedFault) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * crrc_test_feed_server_new_on_port:
 * @feed_dir: the feed directory
 * @port: a TCP port, or 0 for any free one
 * @error: return location for an error
 *
 * Starts serving @feed_dir on 127.0.0.1 in a new thread.
 *
 * Returns: (transfer full): the server, or %NULL when it cannot listen
 */
CrrcTestFeedServer *
crrc_test_feed_server_new_on_port (const char  *feed_dir,
                                   guint16      port,
                                   GError     **error)
{
  CrrcTestFeedServer *self;
  GError *start_error;

  g_return_val_if_fail (feed_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (CrrcTestFeedServer, 1);
  self->feed_dir = g_canonicalize_filename (feed_dir, NULL);
  self->requested_port = port;
  self->page_size = CRRC_TEST_FEED_DEFAULT_PAGE_SIZE;
  self->drip_interval = CRRC_TEST_FEED_DEFAULT_DRIP_INTERVAL;
  self->oversize = CRRC_TEST_FEED_DEFAULT_OVERSIZE;
  self->faults = g_ptr_array_new_with_free_func (fault_free);
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, path_record_free);
  self->log = g_ptr_array_new_with_free_func (g_free);
  self->streams = g_hash_table_new (NULL, NULL);
  self->cuts = g_hash_table_new_full (NULL, NULL, cut_unref, NULL);
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("feed-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->started)
    g_cond_wait (&self->cond, &self->mutex);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->mutex);

  if (start_error != NULL)
    {
      g_propagate_prefixed_error (error, start_error, "Cannot listen on 127.0.0.1:%u: ", port);
      crrc_test_feed_server_free (self);
      return NULL;
    }

  return self;
}

/**
 * crrc_test_feed_server_new:
 * @feed_dir: the feed directory
 * @error: return location for an error
 *
 * Starts serving @feed_dir on 127.0.0.1, on a free port, in a new thread.
 *
 * Returns: (transfer full): the server, or %NULL when it cannot listen
 */
CrrcTestFeedServer *
crrc_test_feed_server_new (const char  *feed_dir,
                           GError     **error)
{
  return crrc_test_feed_server_new_on_port (feed_dir, 0, error);
}

void
crrc_test_feed_server_free (CrrcTestFeedServer *self)
{
  if (self == NULL)
    return;

  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->streams);
  g_hash_table_unref (self->cuts);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->faults);
  g_hash_table_unref (self->requests);
  g_ptr_array_unref (self->log);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self->token);
  g_free (self->base_url);
  g_free (self->feed_dir);
  g_free (self);
}

const char *
crrc_test_feed_server_get_base_url (CrrcTestFeedServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->base_url;
}

guint16
crrc_test_feed_server_get_port (CrrcTestFeedServer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

const char *
crrc_test_feed_server_get_feed_dir (CrrcTestFeedServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->feed_dir;
}

void
crrc_test_feed_server_set_page_size (CrrcTestFeedServer *self,
                                     guint               page_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (page_size > 0);

  g_mutex_lock (&self->mutex);
  self->page_size = page_size;
  g_mutex_unlock (&self->mutex);
}

void
crrc_test_feed_server_set_gzip (CrrcTestFeedServer *self,
                                gboolean            gzip)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->gzip = !!gzip;
  g_mutex_unlock (&self->mutex);
}

void
crrc_test_feed_server_set_token (CrrcTestFeedServer *self,
                                 const char         *token)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  replace_str (&self->token, token);
  g_mutex_unlock (&self->mutex);
}

void
crrc_test_feed_server_set_drip_interval (CrrcTestFeedServer *self,
                                         guint               milliseconds)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (milliseconds > 0);

  g_mutex_lock (&self->mutex);
  self->drip_interval = milliseconds;
  g_mutex_unlock (&self->mutex);
}

void
crrc_test_feed_server_set_oversize (CrrcTestFeedServer *self,
                                    guint64             size)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->oversize = size;
  g_mutex_unlock (&self->mutex);
}

void
crrc_test_feed_server_set_verbose (CrrcTestFeedServer *self,
                                   gboolean            verbose)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->verbose = !!verbose;
  g_mutex_unlock (&self->mutex);
}

void
crrc_test_feed_server_set_fault (CrrcTestFeedServer *self,
                                 const char         *path_glob,
                                 CrrcTestFeedFault   fault,
                                 guint               times)
{
  Fault *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (fault < CRRC_TEST_FEED_N_FAULTS);

  if (fault == CRRC_TEST_FEED_FAULT_NONE)
    return;

  entry = g_new0 (Fault, 1);
  entry->glob = g_strdup (path_glob);
  entry->fault = fault;
  entry->remaining = times;

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->faults, entry);
  g_mutex_unlock (&self->mutex);
}

void
crrc_test_feed_server_clear_faults (CrrcTestFeedServer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->faults, 0);
  g_mutex_unlock (&self->mutex);
}

guint
crrc_test_feed_server_get_request_count (CrrcTestFeedServer *self,
                                         const char         *path)
{
  PathRecord *record;
  guint count;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  if (path == NULL)
    {
      count = self->n_requests;
    }
  else
    {
      record = g_hash_table_lookup (self->requests, path);
      count = record != NULL ? record->count : 0;
    }
  g_mutex_unlock (&self->mutex);

  return count;
}

char *
crrc_test_feed_server_get_last_header (CrrcTestFeedServer *self,
                                       const char         *path,
                                       const char         *name)
{
  PathRecord *record;
  char *value = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  g_mutex_lock (&self->mutex);
  record = g_hash_table_lookup (self->requests, path);
  if (record != NULL)
    value = g_strdup (soup_message_headers_get_list (record->headers, name));
  g_mutex_unlock (&self->mutex);

  return value;
}

char *
crrc_test_feed_server_get_last_query (CrrcTestFeedServer *self,
                                      const char         *path)
{
  PathRecord *record;
  char *query = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  g_mutex_lock (&self->mutex);
  record = g_hash_table_lookup (self->requests, path);
  if (record != NULL)
    query = g_strdup (record->query);
  g_mutex_unlock (&self->mutex);

  return query;
}

char **
crrc_test_feed_server_dup_request_log (CrrcTestFeedServer *self)
{
  GStrvBuilder *builder;
  char **log;

  g_return_val_if_fail (self != NULL, NULL);

  builder = g_strv_builder_new ();
  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->log->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->log, i));
  g_mutex_unlock (&self->mutex);
  log = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return log;
}

void
crrc_test_feed_server_reset_requests (CrrcTestFeedServer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_hash_table_remove_all (self->requests);
  g_ptr_array_set_size (self->log, 0);
  self->n_requests = 0;
  g_mutex_unlock (&self->mutex);
}

char *
crrc_test_feed_dir_copy (const char  *source_dir,
                         GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *copy = NULL;
  const char *name;

  g_return_val_if_fail (source_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_dir_open (source_dir, 0, error);
  if (dir == NULL)
    return NULL;
  copy = g_dir_make_tmp ("crrc-feed-XXXXXX", error);
  if (copy == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source_dir, name, NULL);
      g_autofree char *to = g_build_filename (copy, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (from, &contents, &length, error) ||
          !g_file_set_contents (to, contents, (gssize) length, error))
        {
          crrc_test_feed_dir_remove (copy);
          return NULL;
        }
    }

  return g_steal_pointer (&copy);
}

void
crrc_test_feed_dir_remove (const char *dir)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  g_return_if_fail (dir != NULL);

  handle = g_dir_open (dir, 0, NULL);
  if (handle != NULL)
    {
      while ((name = g_dir_read_name (handle)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          g_remove (path);
        }
    }
  g_rmdir (dir);
}
