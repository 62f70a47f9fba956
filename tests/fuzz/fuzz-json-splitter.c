/* fuzz-json-splitter.c: the JSON splitter, the depth and size pre-check
 * that every JSON reader of feeds and national files goes through
 *
 * Input: two bytes of parameters, then the document.
 *  - byte 0: the size of the chunks the document is fed in (0: whole);
 *  - byte 1: bits 0–1 choose the depth limit (1, 2, 8 or 64, the limit of
 *    the sync and the importers), bits 2–3 the value size limit (16 bytes,
 *    256 bytes, 4 KiB or 16 MiB, the sync's).
 * Each top-level member is skipped, handed on whole or split into its
 * elements, by a hash of its name ("items" and "pmej" are always split, as
 * the sync and the FiNESS+ reader do).
 *
 * Checked, beyond the absence of crashes and leaks:
 *  - what the splitter hands on keeps its promises: NUL-terminated, valid
 *    UTF-8, within the size limit, and JSON that json-glib (which recurses
 *    without limit on Debian 12) parses, nested within the depth limit,
 *    into strings and member names that are valid UTF-8;
 *  - the chunks do not matter: fed whole and fed in chunks, the document
 *    gives the same values and the same outcome.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-fuzz"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "crrc-json-splitter.h"
#include "fuzz-common.h"

typedef struct
{
  guint       max_depth;
  gsize       max_size;
  GString    *log;
  JsonParser *parser;
} Run;

static const guint depth_limits[] = { 1, 2, 8, 64 };
static const gsize size_limits[] = { 16, 256, 4096, 16 * 1024 * 1024 };

/* The depth of @node; every string and member name in it must be valid
 * UTF-8 (json-glib makes invalid UTF-8 of an escaped lone surrogate). */
static guint
node_depth (JsonNode *node)
{
  guint deepest = 0;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;
        const char *name;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            guint depth = node_depth (member);

            g_assert_true (g_utf8_validate (name, -1, NULL));
            deepest = MAX (deepest, depth);
          }
        return deepest + 1;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            guint depth = node_depth (json_array_get_element (array, i));

            deepest = MAX (deepest, depth);
          }
        return deepest + 1;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_assert_true (g_utf8_validate (json_node_get_string (node), -1, NULL));
      return 0;
    case JSON_NODE_NULL:
    default:
      return 0;
    }
}

static CrrcJsonSplitterAction
member_cb (const char *key,
           gpointer    user_data)
{
  Run *run = user_data;

  g_assert_true (g_utf8_validate (key, -1, NULL));
  g_string_append_printf (run->log, "member %s\n", key);

  if (g_str_equal (key, "items") || g_str_equal (key, "pmej"))
    return CRRC_JSON_SPLITTER_ELEMENTS;

  return (CrrcJsonSplitterAction) (g_str_hash (key) % 3);
}

static gboolean
value_cb (const char  *key,
          gint64       index,
          const char  *json,
          gsize        length,
          gpointer     user_data,
          GError     **error)
{
  Run *run = user_data;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;

  g_assert_cmpuint (strlen (json), ==, length);
  g_assert_cmpuint (length, >, 0);
  g_assert_cmpuint (length, <=, run->max_size);
  g_assert_true (g_utf8_validate (json, (gssize) length, NULL));
  g_assert_cmpint (index, >=, -1);

  /* The pre-check must be enough for json-glib, as the readers use it:
   * it parses, not too deep, into text that is all valid UTF-8. */
  if (!json_parser_load_from_data (run->parser, json, (gssize) length, &parse_error))
    g_error ("The splitter handed on JSON that json-glib refuses (%s): %s", parse_error->message, json);
  root = json_parser_get_root (run->parser);
  g_assert_nonnull (root);
  g_assert_cmpuint (node_depth (root), <=, run->max_depth);

  g_string_append_printf (run->log, "value %s[%" G_GINT64_FORMAT "] %s\n", key, index, json);

  return TRUE;
}

/* Feeds @body in chunks of @chunk bytes (0: at once); returns the outcome
 * and the values seen in @run->log. */
static void
split (Run        *run,
       const char *body,
       gsize       length,
       gsize       chunk,
       int        *outcome)
{
  g_autoptr(CrrcJsonSplitter) splitter = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  splitter = crrc_json_splitter_new (run->max_depth, run->max_size, member_cb, value_cb, run);
  if (chunk == 0)
    chunk = MAX (length, 1);

  for (gsize offset = 0; ok && offset < length; offset += chunk)
    ok = crrc_json_splitter_feed (splitter, body + offset, MIN (chunk, length - offset), &error);
  if (ok)
    ok = crrc_json_splitter_finish (splitter, &error);

  if (ok)
    {
      g_assert_no_error (error);
      *outcome = -1;
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == CRRC_JSON_SPLITTER_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      *outcome = error->code;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Run whole = { 0, 0, NULL, NULL };
  Run chunked;
  int whole_outcome = 0;
  int chunked_outcome = 0;
  gsize chunk;

  if (size < 2)
    return 0;

  crrc_fuzz_init ();

  chunk = data[0];
  whole.max_depth = depth_limits[data[1] & 3];
  whole.max_size = size_limits[(data[1] >> 2) & 3];
  whole.parser = json_parser_new_immutable ();
  chunked = whole;
  whole.log = g_string_new (NULL);
  chunked.log = g_string_new (NULL);

  split (&whole, (const char *) data + 2, size - 2, 0, &whole_outcome);
  if (chunk > 0)
    {
      split (&chunked, (const char *) data + 2, size - 2, chunk, &chunked_outcome);
      g_assert_cmpint (chunked_outcome, ==, whole_outcome);
      g_assert_cmpstr (chunked.log->str, ==, whole.log->str);
    }

  g_string_free (whole.log, TRUE);
  g_string_free (chunked.log, TRUE);
  g_object_unref (whole.parser);

  return 0;
}
