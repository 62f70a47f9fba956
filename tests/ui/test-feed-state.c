/* test-feed-state.c: reading back what the cache keeps of each feed
 *
 * The Synchronisation page's query, on a real cache in a temporary folder;
 * no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "crrc-feed-state.h"
#include "crrc-store-private.h"

#define SOURCE "feed:https://feeds.example.org/crrc/manifest.json"

typedef struct
{
  char      *dir;
  CrrcStore *store;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }

  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("crrc-feed-state-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "crrc.db", NULL);
  fixture->store = crrc_store_open (path, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
exec (Fixture    *fixture,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  _crrc_store_exec (fixture->store, sql, &error);
  g_assert_no_error (error);
}

static void
fill (Fixture *fixture)
{
  exec (fixture,
        "INSERT INTO feed_state (source, feed, url, status, records, http_status, last_error,"
        "  last_attempt_at, last_success_at, postponed_until, discontinued) VALUES"
        " ('" SOURCE "', 'audits', 'https://feeds.example.org/crrc/audits.json', 'failed', 0, 404,"
        "  'page 1 not found (404)', '2024-05-21T08:00:00Z', NULL, NULL, 0),"
        " ('" SOURCE "', 'incidents', 'https://feeds.example.org/crrc/incidents.json', 'updated', 581, 200,"
        "  NULL, '2024-05-21T08:00:00Z', '2024-05-21T08:00:05Z', NULL, 0),"
        " ('" SOURCE "', 'weather', NULL, 'unchanged', NULL, NULL, NULL, NULL, '2024-05-20T08:00:00Z', NULL, 0),"
        " ('" SOURCE "', 'alerts', NULL, 'postponed', 3, 503, 'later', '2024-05-21T08:00:00Z',"
        "  '2024-05-19T08:00:00Z', '2024-05-21T08:02:00Z', 0),"
        " ('" SOURCE "', 'establishments', NULL, 'discontinued', 12, 410, NULL, NULL, NULL, NULL, 1),"
        " ('feed:file:///elsewhere/manifest.json', 'incidents', NULL, 'updated', 1, 0, NULL, NULL,"
        "  '2030-01-01T00:00:00Z', NULL, 0);"
        /* An older run, then the last one, and another source's. */
        "INSERT INTO sync_runs (id, url, started_at, status) VALUES"
        " (1, 'https://feeds.example.org/crrc/manifest.json', '2024-05-20T08:00:00Z', 'done'),"
        " (2, 'https://feeds.example.org/crrc/manifest.json', '2024-05-21T08:00:00Z', 'done'),"
        " (3, 'file:///elsewhere/manifest.json', '2024-05-22T08:00:00Z', 'done');"
        "INSERT INTO sync_rejects (run_id, feed, record, field, reason) VALUES"
        " (1, 'incidents', 'OLD', 'finess', 'old'),"
        " (2, 'incidents', 'INC-1', 'finess', 'The check key is wrong.'),"
        " (2, 'incidents', '#4', NULL, 'No id.'),"
        " (3, 'incidents', 'OTHER', 'type', 'other');");
}

static void
check_states (GPtrArray *states)
{
  const CrrcFeedState *state;
  g_autoptr(GDateTime) latest = NULL;
  g_autofree char *latest_text = NULL;

  /* The protocol's order, unknown feeds last; the other source's apart. */
  g_assert_cmpuint (states->len, ==, 5);
  g_assert_cmpstr (((CrrcFeedState *) states->pdata[0])->feed, ==, "establishments");
  g_assert_cmpstr (((CrrcFeedState *) states->pdata[1])->feed, ==, "incidents");
  g_assert_cmpstr (((CrrcFeedState *) states->pdata[2])->feed, ==, "audits");
  g_assert_cmpstr (((CrrcFeedState *) states->pdata[3])->feed, ==, "alerts");
  g_assert_cmpstr (((CrrcFeedState *) states->pdata[4])->feed, ==, "weather");

  state = states->pdata[0];
  g_assert_true (state->discontinued);
  g_assert_cmpuint (state->http_status, ==, 410);
  g_assert_null (state->last_success_at);

  state = states->pdata[1];
  g_assert_cmpstr (state->status, ==, "updated");
  g_assert_cmpint (state->records, ==, 581);
  g_assert_cmpuint (state->http_status, ==, 200);
  g_assert_null (state->last_error);
  g_assert_nonnull (state->last_success_at);
  g_assert_cmpint (g_date_time_to_unix (state->last_success_at), ==, 1716278405);
  g_assert_false (state->discontinued);
  g_assert_cmpuint (state->n_rejected, ==, 2);
  g_assert_cmpuint (state->rejects->len, ==, 2);
  g_assert_cmpstr (((CrrcFeedReject *) state->rejects->pdata[0])->record, ==, "INC-1");
  g_assert_cmpstr (((CrrcFeedReject *) state->rejects->pdata[0])->field, ==, "finess");
  g_assert_cmpstr (((CrrcFeedReject *) state->rejects->pdata[0])->reason, ==, "The check key is wrong.");
  g_assert_cmpstr (((CrrcFeedReject *) state->rejects->pdata[1])->record, ==, "#4");
  g_assert_null (((CrrcFeedReject *) state->rejects->pdata[1])->field);

  state = states->pdata[2];
  g_assert_cmpstr (state->status, ==, "failed");
  g_assert_cmpstr (state->last_error, ==, "page 1 not found (404)");
  g_assert_cmpuint (state->http_status, ==, 404);
  g_assert_nonnull (state->last_attempt_at);
  g_assert_cmpuint (state->n_rejected, ==, 0);
  g_assert_cmpuint (state->rejects->len, ==, 0);

  state = states->pdata[3];
  g_assert_nonnull (state->postponed_until);
  g_assert_cmpint (g_date_time_to_unix (state->postponed_until), ==, 1716278520);

  state = states->pdata[4];
  g_assert_cmpint (state->records, ==, -1);
  g_assert_cmpuint (state->http_status, ==, 0);
  g_assert_null (state->url);

  latest = crrc_feed_state_get_latest_success (states);
  latest_text = g_date_time_format_iso8601 (latest);
  g_assert_cmpstr (latest_text, ==, "2024-05-21T08:00:05Z");
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  CrrcFeedState *copy;

  fill (fixture);

  states = crrc_feed_state_load (fixture->store, SOURCE, &error);
  g_assert_no_error (error);
  check_states (states);

  copy = crrc_feed_state_copy (states->pdata[1]);
  g_assert_cmpstr (copy->feed, ==, "incidents");
  g_assert_cmpuint (copy->rejects->len, ==, 2);
  g_assert_true (g_date_time_equal (copy->last_success_at,
                                    ((CrrcFeedState *) states->pdata[1])->last_success_at));
  crrc_feed_state_free (copy);

  none = crrc_feed_state_load (fixture->store, "feed:https://nowhere.example/manifest.json", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_null (crrc_feed_state_get_latest_success (none));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **states = user_data;
  g_autoptr(GError) error = NULL;

  *states = crrc_feed_state_load_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) states = NULL;

  fill (fixture);

  crrc_feed_state_load_async (fixture->store, SOURCE, NULL, loaded_cb, &states);
  while (states == NULL)
    g_main_context_iteration (NULL, TRUE);

  check_states (states);
}

static void
test_source (void)
{
  static const struct
  {
    const char *url;
    const char *source;
  } cases[] = {
    { "https://feeds.example.org/crrc/", "feed:https://feeds.example.org/crrc/manifest.json" },
    { "https://feeds.example.org/crrc", "feed:https://feeds.example.org/crrc/manifest.json" },
    { "https://feeds.example.org/crrc/v1.json", "feed:https://feeds.example.org/crrc/v1.json" },
    { "http://127.0.0.1:8080/", "feed:http://127.0.0.1:8080/manifest.json" },
    { "file:///srv/feed/", "feed:file:///srv/feed/manifest.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *source = crrc_feed_source_for_url (cases[i].url);

      g_assert_cmpstr (source, ==, cases[i].source);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feed-state/source", test_source);
  g_test_add ("/feed-state/load", Fixture, NULL, fixture_set_up, test_load, fixture_tear_down);
  g_test_add ("/feed-state/load-async", Fixture, NULL, fixture_set_up, test_load_async, fixture_tear_down);

  return g_test_run ();
}
