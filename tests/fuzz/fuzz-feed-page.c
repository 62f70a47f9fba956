/* fuzz-feed-page.c: a CRRC feed page, read as a synchronisation reads it
 *
 * The input is the body of one page. A real synchronisation (CrrcSync,
 * no keyring, no network) reads a local manifest that lists the feeds of
 * the protocol the page mentions (all eight when it mentions none), all at
 * page.json, the input. Each feed checks the page's UTF-8, its depth and
 * size through the JSON splitter, gives its `items` to the record
 * validation of crrc-feed-records.c (json-glib, then the protocol's table)
 * and writes them to the cache in the feed's transaction, removes the
 * `deleted` ids, and follows `next` when there is one. The cache is emptied
 * after each input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-fuzz"

#include "config.h"

#include <string.h>

#include "crrc-feed-records.h"
#include "crrc-sync.h"
#include "fuzz-common.h"

static CrrcSync *sync_engine;

/* Whether @name appears in the input as a JSON string, "name". */
static gboolean
mentions (const uint8_t *data,
          size_t         size,
          const char    *name)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", name);
  gsize length = strlen (quoted);

  for (size_t i = 0; i + length <= size; i++)
    if (memcmp (data + i, quoted, length) == 0)
      return TRUE;

  return FALSE;
}

/* The manifest lists the feeds whose name the page mentions, all at
 * page.json (only the feed the page names reads more than its start, and
 * eight feeds would make each input eight times slower); all eight when it
 * mentions none, e.g. "feed": "incid\u0065nts". */
static CrrcSync *
get_sync (const uint8_t *data,
          size_t         size)
{
  g_autoptr(GString) manifest = g_string_new ("{\"format\": \"crrc-feed\", \"version\": 1, \"feeds\": [");
  g_autofree char *path = NULL;
  gboolean any = FALSE;

  for (guint pass = 0; pass < 2 && !any; pass++)
    for (guint i = 0; i < CRRC_N_FEEDS; i++)
      {
        const char *name = crrc_feed_kind_to_name (i);

        if (pass == 0 && !mentions (data, size, name))
          continue;
        g_string_append_printf (manifest, "%s{\"name\": \"%s\", \"href\": \"page.json\"}",
                                any ? ", " : "", name);
        any = TRUE;
      }
  g_string_append (manifest, "]}");
  path = crrc_fuzz_write_file ("manifest.json", (const uint8_t *) manifest->str, manifest->len);

  if (sync_engine == NULL)
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

      sync_engine = crrc_sync_new (crrc_fuzz_get_store (), uri);
      crrc_sync_set_use_keyring (sync_engine, FALSE);
    }

  return sync_engine;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *text = NULL;
  CrrcSync *sync = get_sync (data, size);

  page = crrc_fuzz_write_file ("page.json", data, size);

  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (crrc_sync_report_get_n_feeds (report), >=, 1);

  for (guint i = 0; i < crrc_sync_report_get_n_feeds (report); i++)
    {
      const CrrcFeedResult *result = crrc_sync_report_get_feed (report, i);

      g_assert_true (result->outcome == CRRC_FEED_OUTCOME_UPDATED ||
                     result->outcome == CRRC_FEED_OUTCOME_UNCHANGED ||
                     result->outcome == CRRC_FEED_OUTCOME_FAILED);
      if (result->outcome == CRRC_FEED_OUTCOME_FAILED)
        {
          /* A failed feed is rolled back whole. */
          g_assert_nonnull (result->error);
          g_assert_true (g_utf8_validate (result->error, -1, NULL));
          g_assert_cmpuint (result->records, ==, 0);
        }
      else
        {
          /* The cache was empty: what is there was added, less what the
           * page deleted again. */
          g_assert_null (result->error);
          g_assert_cmpuint (result->records, ==, result->added - result->deleted);
        }
      g_assert_cmpuint (result->rejects->len, <=, result->rejected);
      for (guint j = 0; j < result->rejects->len; j++)
        {
          const CrrcFeedReject *reject = g_ptr_array_index (result->rejects, j);

          g_assert_true (g_utf8_validate (reject->record, -1, NULL));
          g_assert_true (reject->field == NULL || g_utf8_validate (reject->field, -1, NULL));
          g_assert_true (g_utf8_validate (reject->reason, -1, NULL));
        }
    }

  text = crrc_sync_report_to_text (report);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  if (crrc_fuzz_verbose ())
    g_print ("%s\n", text);

  crrc_fuzz_check_cache_text ();
  crrc_fuzz_reset_store ();

  return 0;
}
