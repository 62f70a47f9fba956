/* test-store-shutdown.c: crrc_store_shutdown() in the middle of a sync
 *
 * What the window does when it gets SIGTERM: a sync from the loopback
 * reference server is running; once it has written pages, the server is
 * made to trickle, and crrc_store_shutdown() must cancel the sync, wait
 * until it has rolled back, and refuse the writes queued after it. The
 * cache is then exactly as before the sync: no row of the feed, no cursor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-store-shutdown"

#include "config.h"

#include <glib/gstdio.h>

#include "crrc-store-private.h"
#include "crrc-sync.h"
#include "crrc-test-feed-server.h"
#include "crrc-test-utils.h"

#define N_RECORDS 3000
#define PAGE_SIZE 100

typedef struct
{
  char               *dir;
  char               *feed_dir;
  CrrcTestFeedServer *server;
  CrrcStore          *store;
  CrrcSyncReport     *report;
  GError             *error;
  guint               page;
  gboolean            done;
} Fixture;

/* A valid FINESS number: eight digits and their Luhn key. */
static char *
finess (guint serial)
{
  g_autofree char *body = g_strdup_printf ("21%06u", serial);

  for (guint key = 0; key < 10; key++)
    {
      g_autofree char *number = g_strdup_printf ("%s%u", body, key);
      guint total = 0;

      for (guint i = 0; i < 9; i++)
        {
          guint digit = (guint) (number[8 - i] - '0');

          if (i % 2 == 1)
            digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
          total += digit;
        }
      if (total % 10 == 0)
        return g_steal_pointer (&number);
    }

  g_assert_not_reached ();
}

static void
write_feed (const char *dir)
{
  g_autoptr(GString) records = g_string_new ("{\"snapshot\": false, \"items\": [\n");
  g_autofree char *manifest_path = g_build_filename (dir, "manifest.json", NULL);
  g_autofree char *records_path = g_build_filename (dir, "establishments.records.json", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N_RECORDS; i++)
    {
      g_autofree char *number = finess (10000 + i);

      g_string_append_printf (records,
                              "%s{\"id\": \"%s\", \"finess\": \"%s\", \"legal_finess\": null,"
                              " \"name\": \"Établissement de test %u\", \"category\": \"500\","
                              " \"category_label\": \"EHPAD\", \"sector\": \"medico_social\","
                              " \"department\": \"21\", \"region\": \"27\", \"commune\": \"21231\","
                              " \"public\": false, \"closed_on\": null,"
                              " \"updated_at\": \"2024-07-01T08:00:00Z\"}\n",
                              i > 0 ? "," : "", number, number, i);
    }
  g_string_append (records, "]}\n");

  g_file_set_contents (records_path, records->str, (gssize) records->len, &error);
  g_assert_no_error (error);
  g_file_set_contents (manifest_path,
                       "{\"format\": \"crrc-feed\", \"version\": 1, \"publisher\": \"Test\","
                       " \"generated_at\": \"2024-07-01T08:00:00Z\","
                       " \"feeds\": [{\"name\": \"establishments\", \"href\": \"establishments.json\"}]}",
                       -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->dir = crrc_test_make_dir ("store-shutdown");
  fx->feed_dir = g_build_filename (fx->dir, "feed", NULL);
  g_assert_cmpint (g_mkdir (fx->feed_dir, 0700), ==, 0);
  write_feed (fx->feed_dir);

  fx->server = crrc_test_feed_server_new (fx->feed_dir, &error);
  g_assert_no_error (error);
  crrc_test_feed_server_set_page_size (fx->server, PAGE_SIZE);

  fx->store = crrc_test_open_store (fx->dir, "crrc.db");
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->report);
  g_clear_error (&fx->error);
  g_clear_object (&fx->store);
  g_clear_pointer (&fx->server, crrc_test_feed_server_free);
  crrc_test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->feed_dir);
}

static gint64
query_int (CrrcStore  *store,
           const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (_crrc_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);

  return sqlite3_column_int64 (stmt, 0);
}

static void
progress_cb (CrrcSync   *sync,
             const char *feed,
             guint       page,
             guint64     records,
             guint64     bytes,
             gpointer    user_data)
{
  Fixture *fx = user_data;

  fx->page = MAX (fx->page, page);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fx = user_data;

  fx->report = crrc_sync_run_finish (CRRC_SYNC (object), result, &fx->error);
  fx->done = TRUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Timed out: %s", (const char *) user_data);

  return G_SOURCE_REMOVE;
}

#define WAIT_FOR(condition)                                                       \
  G_STMT_START {                                                                  \
    guint timeout_id_ = g_timeout_add_seconds (60, timeout_cb, (gpointer) #condition); \
    while (!(condition))                                                          \
      g_main_context_iteration (NULL, TRUE);                                      \
    g_source_remove (timeout_id_);                                                \
  } G_STMT_END

static gboolean
never_write (CrrcStore     *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  g_assert_not_reached ();
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (crrc_store_write_finish (CRRC_STORE (object), result, error));
}

static void
test_shutdown_during_sync (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(CrrcSync) sync = crrc_sync_new (fx->store, crrc_test_feed_server_get_base_url (fx->server));
  g_autoptr(GError) write_error = NULL;
  const CrrcFeedResult *result;

  crrc_sync_set_use_keyring (sync, FALSE);
  g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), fx);
  crrc_sync_run_async (sync, NULL, sync_done_cb, fx);

  /* Two pages are in the open transaction; the next ones trickle. */
  WAIT_FOR (fx->page >= 2 || fx->done);
  g_assert_false (fx->done);
  crrc_test_feed_server_set_drip_interval (fx->server, 50);
  crrc_test_feed_server_set_fault (fx->server, "/establishments.json", CRRC_TEST_FEED_FAULT_SLOW_DRIP, 0);

  /* Returns once the sync has rolled back and let go of the connection. */
  crrc_store_shutdown (fx->store);
  g_assert_true (sqlite3_get_autocommit (_crrc_store_get_db (fx->store)));
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM establishments"), ==, 0);
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM feed_state WHERE cursor IS NOT NULL"), ==, 0);

  WAIT_FOR (fx->done);
  g_assert_no_error (fx->error);
  g_assert_nonnull (fx->report);
  g_assert_true (crrc_sync_report_get_cancelled (fx->report));
  result = crrc_sync_report_lookup_feed (fx->report, "establishments");
  g_assert_nonnull (result);
  g_assert_cmpint (result->outcome, ==, CRRC_FEED_OUTCOME_FAILED);
  g_assert_cmpuint (result->records, ==, 0);

  /* A write queued after the shutdown is refused, never run. */
  crrc_store_write_async (fx->store, never_write, NULL, NULL, NULL, write_done_cb, &write_error);
  WAIT_FOR (write_error != NULL);
  g_assert_error (write_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM establishments"), ==, 0);
  crrc_test_feed_server_clear_faults (fx->server);
}

/* With nothing running, the shutdown returns at once and keeps the data. */
static void
test_shutdown_idle (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(CrrcSync) sync = crrc_sync_new (fx->store, crrc_test_feed_server_get_base_url (fx->server));
  gint64 start;

  crrc_sync_set_use_keyring (sync, FALSE);
  crrc_sync_run_async (sync, NULL, sync_done_cb, fx);
  WAIT_FOR (fx->done);
  g_assert_no_error (fx->error);
  g_assert_false (crrc_sync_report_get_cancelled (fx->report));

  start = g_get_monotonic_time ();
  crrc_store_shutdown (fx->store);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpint (query_int (fx->store, "SELECT count(*) FROM establishments"), ==, N_RECORDS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/limits/shutdown/during-sync", Fixture, NULL,
              fixture_set_up, test_shutdown_during_sync, fixture_tear_down);
  g_test_add ("/limits/shutdown/idle", Fixture, NULL,
              fixture_set_up, test_shutdown_idle, fixture_tear_down);

  return g_test_run ();
}
