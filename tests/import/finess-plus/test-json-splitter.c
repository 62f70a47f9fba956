/* test-json-splitter.c: the streaming splitter of large JSON objects
 *
 * Every document is fed whole, one byte at a time, and in chunks of
 * pseudo-random sizes: what is handed on, and where it fails, must not
 * depend on where the reads end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-json-splitter"

#include "config.h"

#include <string.h>

#include "crrc-json-splitter.h"

typedef enum
{
  FEED_WHOLE,
  FEED_BYTES,
  FEED_CHUNKS,
  N_FEEDS,
} Feed;

typedef struct
{
  GPtrArray *members;   /* "key" for each member seen */
  GString   *values;    /* "key[index]=json\n" for each value handed on */
  guint      fail_at;   /* make the value function fail on this value (1-based) */
  guint      n_values;
} Collector;

static CrrcJsonSplitterAction
member_cb (const char *key,
           gpointer    user_data)
{
  Collector *collector = user_data;

  g_ptr_array_add (collector->members, g_strdup (key));

  if (g_str_has_prefix (key, "items"))
    return CRRC_JSON_SPLITTER_ELEMENTS;
  if (g_str_has_prefix (key, "skip"))
    return CRRC_JSON_SPLITTER_SKIP;

  return CRRC_JSON_SPLITTER_VALUE;
}

static gboolean
value_cb (const char  *key,
          gint64       index,
          const char  *json,
          gsize        length,
          gpointer     user_data,
          GError     **error)
{
  Collector *collector = user_data;

  g_assert_cmpuint (strlen (json), ==, length);

  if (++collector->n_values == collector->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "stop");
      return FALSE;
    }

  if (index >= 0)
    g_string_append_printf (collector->values, "%s[%" G_GINT64_FORMAT "]=%s\n", key, index, json);
  else
    g_string_append_printf (collector->values, "%s=%s\n", key, json);

  return TRUE;
}

/* Splits @document (@length bytes, or up to its NUL) as @feed says; the
 * values and members seen go to @values and @members. */
static gboolean
split (const char  *document,
       gssize       length,
       Feed         feed,
       guint        max_depth,
       gsize        max_size,
       guint        fail_at,
       char       **values,
       char       **members,
       GError     **error)
{
  g_autoptr(CrrcJsonSplitter) splitter = NULL;
  g_autoptr(GPtrArray) member_list = g_ptr_array_new_with_free_func (g_free);
  Collector collector = { member_list, g_string_new (NULL), fail_at, 0 };
  gsize size = length < 0 ? strlen (document) : (gsize) length;
  gboolean ok = TRUE;
  gsize offset = 0;
  GRand *rand = g_rand_new_with_seed (42);

  splitter = crrc_json_splitter_new (max_depth, max_size, member_cb, value_cb, &collector);

  while (ok && offset < size)
    {
      gsize chunk;

      switch (feed)
        {
        case FEED_WHOLE:
          chunk = size;
          break;
        case FEED_BYTES:
          chunk = 1;
          break;
        case FEED_CHUNKS:
          chunk = (gsize) g_rand_int_range (rand, 1, 9);
          break;
        case N_FEEDS:
        default:
          g_assert_not_reached ();
        }
      chunk = MIN (chunk, size - offset);
      ok = crrc_json_splitter_feed (splitter, document + offset, chunk, error);
      offset += chunk;
    }
  if (ok)
    {
      ok = crrc_json_splitter_finish (splitter, error);
      g_assert_cmpuint (crrc_json_splitter_get_offset (splitter), ==, size);
    }

  g_rand_free (rand);
  g_ptr_array_add (member_list, NULL);
  if (members != NULL)
    *members = g_strjoinv (",", (char **) member_list->pdata);
  if (values != NULL)
    *values = g_string_free (collector.values, FALSE);
  else
    g_string_free (collector.values, TRUE);

  return ok;
}

/* @document splits into @expected in every way of feeding it. */
static void
assert_split (const char *document,
              const char *expected_values,
              const char *expected_members)
{
  for (Feed feed = 0; feed < N_FEEDS; feed++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *values = NULL;
      g_autofree char *members = NULL;

      split (document, -1, feed, 64, 1024, 0, &values, &members, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (values, ==, expected_values);
      if (expected_members != NULL)
        g_assert_cmpstr (members, ==, expected_members);
    }
}

/* @document fails with @code, and a message holding @expected (or NULL),
 * in every way of feeding it. */
static void
assert_fails (const char            *document,
              gssize                 length,
              guint                  max_depth,
              gsize                  max_size,
              CrrcJsonSplitterError  code,
              const char            *expected)
{
  for (Feed feed = 0; feed < N_FEEDS; feed++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (split (document, length, feed, max_depth, max_size, 0, NULL, NULL, &error));
      g_assert_error (error, CRRC_JSON_SPLITTER_ERROR, (gint) code);
      if (expected != NULL && strstr (error->message, expected) == NULL)
        g_error ("“%s” does not say “%s”", error->message, expected);
    }
}

static void
test_elements (void)
{
  assert_split ("{\"a\": 1, \"items\": [ {\"x\": \"a\\\"]}\"}, [1, [2]], \"s\\\\\", -1.5e+3,"
                " true, null, 0, 0.5E-2, {} ], \"skip\": {\"deep\": [[[\"]\"]]], \"n\": -0},"
                " \"v\": {\"k\": \"v\"}, \"items2\": []}",
                "a=1\n"
                "items[0]={\"x\": \"a\\\"]}\"}\n"
                "items[1]=[1, [2]]\n"
                "items[2]=\"s\\\\\"\n"
                "items[3]=-1.5e+3\n"
                "items[4]=true\n"
                "items[5]=null\n"
                "items[6]=0\n"
                "items[7]=0.5E-2\n"
                "items[8]={}\n"
                "v={\"k\": \"v\"}\n",
                "a,items,skip,v,items2");
}

static void
test_whole_values (void)
{
  /* ELEMENTS on something else than an array hands it on whole. */
  assert_split ("{\"items\": {\"a\": [1]}, \"items2\": null, \"s\": \"x\", \"n\": 12e3, \"f\": false}",
                "items={\"a\": [1]}\n"
                "items2=null\n"
                "s=\"x\"\n"
                "n=12e3\n"
                "f=false\n",
                NULL);
}

static void
test_whitespace (void)
{
  assert_split ("\xef\xbb\xbf \r\n\t{ \"items\" \n:\t[ \n 1 , \"two\" ,\r\n{ \"three\" : 3 } ] \n} \n",
                "items[0]=1\n"
                "items[1]=\"two\"\n"
                "items[2]={ \"three\" : 3 }\n",
                "items");
  assert_split ("{}", "", "");
  assert_split ("{\"items\": []}", "", "items");
}

static void
test_keys (void)
{
  /* Keys are unescaped; keys inside values are not members. */
  assert_split ("{\"it\\u0065ms\": [{\"skip\": 1}], \"sk\\/ip\\n\": 1, \"caf\\u00e9\\ud83d\\ude00\": 2}",
                "items[0]={\"skip\": 1}\n"
                "sk/ip\n=1\n"
                "caf\xc3\xa9\xf0\x9f\x98\x80=2\n",
                "items,sk/ip\n,caf\xc3\xa9\xf0\x9f\x98\x80");
}

static void
test_unicode_values (void)
{
  /* UTF-8 and escapes are handed on as written. */
  assert_split ("{\"items\": [\"Côte d'Or\", \"\\u00e9\\t\"]}",
                "items[0]=\"Côte d'Or\"\n"
                "items[1]=\"\\u00e9\\t\"\n",
                NULL);
}

static void
test_syntax_errors (void)
{
  static const struct {
    const char            *document;
    CrrcJsonSplitterError  code;
    const char            *expected;
  } cases[] = {
    { "[1]", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "not a JSON object" },
    { "\"a\"", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "not a JSON object" },
    { "\xef\xbb{}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "not a JSON object" },
    { "{\"a\": 01}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "byte 7." },
    { "{\"items\": [1, 2,]}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "byte 16, in items." },
    { "{\"items\": [1 2]}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "byte 13, in items." },
    { "{\"items\": [{\"a\" 1}]}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "in items[0]." },
    { "{\"items\": [0, {\"a\": tru}]}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "in items[1]." },
    { "{\"a\": nul}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": 1} x", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "after the end" },
    { "{\"a\": 1}}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "after the end" },
    { "{\"a\": \"\\x\"}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": \"\\u12G4\"}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": \"line\nbreak\"}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\" 1}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, "byte 5." },
    { "{\"a\": [1}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": {]}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": 1,}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{,}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{1: 2}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": -}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": 1.}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": 1.5.2}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": 1e}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": 1e+}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": +1}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": 'x'}", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "{\"a\": [1, 2]]", CRRC_JSON_SPLITTER_ERROR_SYNTAX, NULL },
    { "", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, "byte 0." },
    { "  ", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, "byte 2." },
    { "{\"a\": \"x", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, "byte 8, in a." },
    { "{\"items\": [1, 2", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, "in items[1]." },
    { "{\"items\": [1, 2, ", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, "byte 17, in items." },
    { "{\"items\": [1, {\"b\": [", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, "in items[1]." },
    { "{\"a\": 12", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, NULL },
    { "{\"a\": tr", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, NULL },
    { "{\"a\"", CRRC_JSON_SPLITTER_ERROR_TRUNCATED, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = g_strescape (cases[i].document, NULL);

      g_test_message ("%s", escaped);
      assert_fails (cases[i].document, -1, 64, 1024, cases[i].code, cases[i].expected);
    }
}

static char *
nested (const char *prefix,
        guint       depth,
        const char *suffix)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, i % 2 == 0 ? "[" : "{\"k\": ");
  g_string_append (text, "0");
  for (guint i = depth; i > 0; i--)
    g_string_append (text, (i - 1) % 2 == 0 ? "]" : "}");
  g_string_append (text, suffix);

  return g_string_free (text, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *element_ok = nested ("{\"items\": [1, ", 8, "]}");
  g_autofree char *element_deep = nested ("{\"items\": [1, ", 9, "]}");
  g_autofree char *value_ok = nested ("{\"v\": ", 8, "}");
  g_autofree char *value_deep = nested ("{\"v\": ", 9, "}");
  g_autofree char *skipped_ok = nested ("{\"skip\": ", 8, "}");
  g_autofree char *skipped_deep = nested ("{\"skip\": ", 9, "}");
  g_autofree char *huge = nested ("{\"items\": [", 100000, "]}");

  for (Feed feed = 0; feed < N_FEEDS; feed++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (split (element_ok, -1, feed, 8, 1 << 20, 0, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (split (value_ok, -1, feed, 8, 1 << 20, 0, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (split (skipped_ok, -1, feed, 8, 1 << 20, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  assert_fails (element_deep, -1, 8, 1 << 20, CRRC_JSON_SPLITTER_ERROR_TOO_DEEP,
                "items[1] nests arrays and objects deeper than 8 levels");
  assert_fails (value_deep, -1, 8, 1 << 20, CRRC_JSON_SPLITTER_ERROR_TOO_DEEP, "v nests");
  assert_fails (skipped_deep, -1, 8, 1 << 20, CRRC_JSON_SPLITTER_ERROR_TOO_DEEP, "skip nests");
  assert_fails (huge, -1, 64, 1 << 20, CRRC_JSON_SPLITTER_ERROR_TOO_DEEP,
                "items[0] nests arrays and objects deeper than 64 levels (byte 235).");
}

static void
test_size (void)
{
  /* The limit counts the bytes of the value as written. */
  const char *exact = "{\"items\": [\"0123456789abcd\", 1], \"v\": [1, 2, 3, 4, 5, 6, 7]}";
  const char *too_big = "{\"items\": [1, \"0123456789abcde\"]}";
  const char *too_big_value = "{\"v\": [1, 2, 3, 4, 5, 6, 7, 8]}";
  const char *big_skipped = "{\"skip\": \"0123456789abcdefghijklmnopqrstuvwxyz\", \"items\": [2]}";
  g_autofree char *long_key = NULL;
  g_autoptr(GString) key = g_string_new ("{\"");

  assert_split (exact, "items[0]=\"0123456789abcd\"\nitems[1]=1\nv=[1, 2, 3, 4, 5, 6, 7]\n", NULL);
  assert_fails (too_big, -1, 64, 16, CRRC_JSON_SPLITTER_ERROR_TOO_BIG, "items[1] is larger than 16 bytes");
  assert_fails (too_big_value, -1, 64, 16, CRRC_JSON_SPLITTER_ERROR_TOO_BIG, "v is larger than");

  for (Feed feed = 0; feed < N_FEEDS; feed++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *values = NULL;

      g_assert_true (split (exact, -1, feed, 64, 21, 0, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (split (big_skipped, -1, feed, 64, 16, 0, &values, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (values, ==, "items[0]=2\n");
    }

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (key, 'k');
  g_string_append (key, "\": 1}");
  long_key = g_string_free (g_steal_pointer (&key), FALSE);
  assert_fails (long_key, -1, 64, 16, CRRC_JSON_SPLITTER_ERROR_TOO_BIG, "key is longer");
}

static void
test_encoding (void)
{
  /* Checked in what is handed on, not in what is skipped. */
  assert_fails ("{\"items\": [\"ok\", \"caf\xe9\"]}", -1, 64, 1024,
                CRRC_JSON_SPLITTER_ERROR_ENCODING, "items[1] is not valid UTF-8");
  assert_fails ("{\"caf\xe9\": 1}", -1, 64, 1024, CRRC_JSON_SPLITTER_ERROR_ENCODING, "key");
  assert_split ("{\"skip\": \"caf\xe9\", \"items\": [1]}", "items[0]=1\n", NULL);
  /* A NUL byte is not JSON. */
  assert_fails ("{\"items\": [\"a\0b\"]}", sizeof ("{\"items\": [\"a\0b\"]}") - 1, 64, 1024, CRRC_JSON_SPLITTER_ERROR_SYNTAX, "items[0]");
  assert_fails ("{\"items\": [1]}\0", 15, 64, 1024, CRRC_JSON_SPLITTER_ERROR_SYNTAX, "after the end");

  /* Found by fuzz-json-splitter: json-glib turns an escaped lone UTF-16
   * surrogate into invalid UTF-8, so it is refused like invalid UTF-8. */
  assert_fails ("{\"items\": [\"ok\", \"caf\\udc00\"]}", -1, 64, 1024,
                CRRC_JSON_SPLITTER_ERROR_ENCODING, "items[1] is not valid UTF-8");
  assert_fails ("{\"items\": [{\"k\\ud800\": 1}]}", -1, 64, 1024,
                CRRC_JSON_SPLITTER_ERROR_ENCODING, "items[0] is not valid UTF-8");
  assert_fails ("{\"items\": [\"\\ud800\\u0041\"]}", -1, 64, 1024,
                CRRC_JSON_SPLITTER_ERROR_ENCODING, "items[0] is not valid UTF-8");
  assert_split ("{\"skip\": \"\\udc00\", \"items\": [\"\\ud83d\\ude00\", \"\\\\udc00\"]}",
                "items[0]=\"\\ud83d\\ude00\"\n"
                "items[1]=\"\\\\udc00\"\n",
                NULL);
  /* json-glib reads escapes JSON does not have, "\\200" as the byte 0x80
   * (not UTF-8) and "\\q" as "q": the splitter refuses them first. */
  assert_fails ("{\"items\": [\"fuzz\\20000\"]}", -1, 64, 1024,
                CRRC_JSON_SPLITTER_ERROR_SYNTAX, "Invalid JSON at byte 17, in items[0]");
  assert_fails ("{\"items\": [{\"a\\q\": 1}]}", -1, 64, 1024,
                CRRC_JSON_SPLITTER_ERROR_SYNTAX, "in items[0]");
  assert_split ("{\"items\": [\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\"]}",
                "items[0]=\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\"\n", NULL);
  g_assert_false (crrc_json_escapes_are_standard ("\"a\\", 3));
  g_assert_true (crrc_json_has_nul_escape ("\"a\\u0000\"", 9));
  g_assert_false (crrc_json_has_nul_escape ("\"a\\\\u0000\"", 10));
  g_assert_true (crrc_json_escapes_are_valid ("\"\\uD83D\\uDE00\"", 14));
  g_assert_false (crrc_json_escapes_are_valid ("\"\\uDBFF\"", 8));
  g_assert_false (crrc_json_escapes_are_valid ("\"\\ud800", 7));
}

static void
test_callback_error (void)
{
  for (Feed feed = 0; feed < N_FEEDS; feed++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *values = NULL;

      g_assert_false (split ("{\"items\": [1, 2, 3, 4]}", -1, feed, 64, 1024, 3,
                             &values, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_assert_cmpstr (values, ==, "items[0]=1\nitems[1]=2\n");
    }
}

/* Large elements span many reads, and the buffer is given back after an
 * unusually large one. */
static void
test_stream (void)
{
  g_autoptr(GString) document = g_string_new ("{\"items\": [");
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(CrrcJsonSplitter) splitter = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  Collector collector = { members, g_string_new (NULL), 0, 0 };
  g_autoptr(GString) expected = g_string_new (NULL);
  gsize size;

  for (guint i = 0; i < 4; i++)
    {
      GString *element = g_string_new ("\"");

      for (guint j = 0; j < 300000 * (i + 1); j++)
        g_string_append_c (element, (char) ('a' + (i + j) % 26));
      g_string_append_c (element, '"');
      g_string_append_printf (document, "%s%s", i > 0 ? "," : "", element->str);
      g_string_append_printf (expected, "items[%u]=%s\n", i, element->str);
      g_string_free (element, TRUE);
    }
  g_string_append (document, "]}");
  size = document->len;
  input = g_memory_input_stream_new_from_data (g_string_free (g_steal_pointer (&document), FALSE),
                                               (gssize) size, g_free);

  splitter = crrc_json_splitter_new (64, 4 * 1024 * 1024, member_cb, value_cb, &collector);
  g_assert_true (crrc_json_splitter_read_stream (splitter, input, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (crrc_json_splitter_get_offset (splitter), ==, size);
  g_assert_cmpstr (collector.values->str, ==, expected->str);

  g_string_free (collector.values, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-splitter/elements", test_elements);
  g_test_add_func ("/json-splitter/whole-values", test_whole_values);
  g_test_add_func ("/json-splitter/whitespace", test_whitespace);
  g_test_add_func ("/json-splitter/keys", test_keys);
  g_test_add_func ("/json-splitter/unicode-values", test_unicode_values);
  g_test_add_func ("/json-splitter/syntax-errors", test_syntax_errors);
  g_test_add_func ("/json-splitter/depth", test_depth);
  g_test_add_func ("/json-splitter/size", test_size);
  g_test_add_func ("/json-splitter/encoding", test_encoding);
  g_test_add_func ("/json-splitter/callback-error", test_callback_error);
  g_test_add_func ("/json-splitter/stream", test_stream);

  return g_test_run ();
}
