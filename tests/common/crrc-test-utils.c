/* crrc-test-utils.c: what the data tests share — temporary folders and caches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "crrc-demo.h"
#include "crrc-sync.h"
#include "crrc-test-utils.h"

char *
crrc_test_make_dir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);

  return dir;
}

void
crrc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        {
          crrc_test_remove_tree (child);
          continue;
        }

      /* A connection closing in a worker thread (the last reference of
       * an async task's store) may delete its -wal and -shm files
       * meanwhile: gone already is removed. */
      if (g_remove (child) != 0)
        g_assert_cmpint (errno, ==, ENOENT);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

CrrcStore *
crrc_test_open_store (const char *dir,
                      const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  CrrcStore *store = crrc_store_open (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

CrrcStore *
crrc_test_open_demo_store (const char *dir,
                           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autofree char *cache = g_build_filename (dir, name, NULL);
  g_autofree char *feed_dir = crrc_demo_get_directory (cache);
  g_autofree char *url = crrc_demo_get_url (cache);
  CrrcStore *store = crrc_test_open_store (dir, name);

  g_assert_true (crrc_demo_write_feed (feed_dir, CRRC_DEMO_SEED, 1, &error));
  g_assert_no_error (error);
  sync = crrc_sync_new (store, url);
  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (crrc_sync_report_has_failures (report));
  crrc_test_remove_tree (feed_dir);

  return store;
}

void
crrc_test_assert_counts (CrrcImportReport *report,
                         guint             read,
                         guint             added,
                         guint             updated,
                         guint             unchanged,
                         guint             rejected)
{
  g_assert_cmpuint (crrc_import_report_get_read (report), ==, read);
  g_assert_cmpuint (crrc_import_report_get_added (report), ==, added);
  g_assert_cmpuint (crrc_import_report_get_updated (report), ==, updated);
  g_assert_cmpuint (crrc_import_report_get_unchanged (report), ==, unchanged);
  g_assert_cmpuint (crrc_import_report_get_rejected (report), ==, rejected);
}
