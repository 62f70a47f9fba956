/* test-sync-token.c: a sync that needs the access token finds it in the
 * keyring, and the token appears nowhere else
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE /* memmem */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "crrc-feed-token.h"
#include "crrc-sync.h"
#include "crrc-test-feed-server.h"

#define TOKEN "sentinel-9d2e71c4b8"

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *content = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &content, &length, NULL))
    return FALSE;

  return memmem (content, length, needle, strlen (needle)) != NULL;
}

static CrrcSyncReport *
sync_into (const char  *cache_path,
           const char  *url,
           GError     **error)
{
  g_autoptr(CrrcStore) store = crrc_store_open (cache_path, NULL, error);
  g_autoptr(CrrcSync) sync = NULL;

  if (store == NULL)
    return NULL;

  sync = crrc_sync_new (store, url);
  return crrc_sync_run (sync, NULL, error);
}

static void
test_token_from_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("crrc-sync-token-XXXXXX", &error);
  g_autofree char *feed_dir = crrc_test_feed_dir_copy (SAMPLE_DIR, &error);
  g_autofree char *with_token = g_build_filename (dir, "with-token.db", NULL);
  g_autofree char *without_token = g_build_filename (dir, "without-token.db", NULL);
  g_autoptr(CrrcTestFeedServer) server = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(CrrcSyncReport) refused = NULL;
  g_autofree char *text = NULL;
  g_autofree char *refused_text = NULL;
  const char *url;

  g_assert_no_error (error);
  server = crrc_test_feed_server_new (feed_dir, &error);
  g_assert_no_error (error);
  crrc_test_feed_server_set_token (server, TOKEN);
  url = crrc_test_feed_server_get_base_url (server);

  /* Without the token in the keyring: every feed needs authentication. */
  refused = sync_into (without_token, url, &error);
  if (refused == NULL)
    {
      g_assert_nonnull (strstr (error->message, "authentication"));
      g_clear_error (&error);
    }
  else
    {
      refused_text = crrc_sync_report_to_text (refused);
      g_assert_true (crrc_sync_report_has_failures (refused));
      g_assert_null (strstr (refused_text, TOKEN));
    }

  /* With it: every feed is read. */
  g_assert_true (crrc_feed_token_store (url, TOKEN, NULL, &error));
  g_assert_no_error (error);
  report = sync_into (with_token, url, &error);
  g_assert_no_error (error);
  g_assert_false (crrc_sync_report_has_failures (report));
  g_assert_cmpuint (crrc_sync_report_get_n_feeds (report), ==, 8);
  text = crrc_sync_report_to_text (report);
  g_assert_null (strstr (text, TOKEN));

  /* The secret is in no file the sync wrote. */
  {
    g_autoptr(GDir) files = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (files)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_assert_false (file_contains (path, TOKEN));
        g_remove (path);
      }
  }

  g_assert_true (crrc_feed_token_clear (url, NULL, NULL));
  g_rmdir (dir);
  crrc_test_feed_dir_remove (feed_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-token/from-keyring", test_token_from_keyring);

  return g_test_run ();
}
