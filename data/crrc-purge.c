/* crrc-purge.c: deleting every piece of data the cache holds
 *
 * "Delete Local Data" in the preferences: the synced national data, the
 * imports, the analyst's own work (notes, diagnostics, campaigns, stage
 * changes) and the history of syncs and imports all go, in one transaction.
 * Deleted rows stay readable in the file's free pages and in the write-ahead
 * log until they are overwritten, so the file is then rebuilt (VACUUM) and
 * the log truncated: what was deleted cannot be read back from the disk
 * through the cache file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-purge"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "crrc-purge.h"
#include "crrc-store-private.h"

/* Every table that holds data, children before parents (foreign keys are
 * on). `meta` (when and by which version the cache was created) and the
 * schema stay. tests/unit/test-purge.c checks that no table of the schema
 * is forgotten here. */
static const char purge_sql[] =
  "DELETE FROM local_stage_changes;"
  "DELETE FROM local_campaign_targets;"
  "DELETE FROM local_campaigns;"
  "DELETE FROM local_diagnostic_answers;"
  "DELETE FROM local_diagnostics;"
  "DELETE FROM notes;"
  "DELETE FROM campaign_targets;"
  "DELETE FROM campaigns;"
  "DELETE FROM diagnostic_answers;"
  "DELETE FROM diagnostics;"
  "DELETE FROM audit_findings;"
  "DELETE FROM audits;"
  "DELETE FROM alerts;"
  "DELETE FROM incidents;"
  "DELETE FROM exercises;"
  "DELETE FROM funding;"
  "DELETE FROM certfr_bulletin_cves;"
  "DELETE FROM certfr_bulletin_products;"
  "DELETE FROM certfr_bulletins;"
  "DELETE FROM establishment_words_stage;"
  "DELETE FROM establishment_prefixes;"
  "DELETE FROM establishment_words;"
  "DELETE FROM establishments;"
  "DELETE FROM legal_entities;"
  "DELETE FROM ght;"
  "DELETE FROM sync_rejects;"
  "DELETE FROM sync_runs;"
  "DELETE FROM import_rejects;"
  "DELETE FROM import_runs;"
  "DELETE FROM feed_state;";

/**
 * crrc_store_purge_locked:
 * @store: the cache, its writer lock held
 *
 * crrc_store_purge() for the write queue: a #CrrcStoreWriteFunc (@data is
 * unused).
 *
 * Returns: %TRUE when every table is empty and the file rebuilt
 */
gboolean
crrc_store_purge_locked (CrrcStore     *store,
                         gpointer       data,
                         GCancellable  *cancellable,
                         GError       **error)
{
  sqlite3 *db;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  db = _crrc_store_get_db (store);

  if (!_crrc_store_exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (sqlite3_exec (db, purge_sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  if (!_crrc_store_exec (store, "COMMIT", error))
    {
      (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  /* The rows are gone; now their bytes. A reader in the middle of a query
   * only delays the truncation of the log: the data are deleted anyway. */
  if (!_crrc_store_exec (store, "VACUUM", error))
    return FALSE;
  if (!_crrc_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", error))
    return FALSE;

  return TRUE;
}

/**
 * crrc_store_purge:
 * @store: the cache
 *
 * Deletes every row of every table of the cache — synced and imported data,
 * the analyst's notes, diagnostics and campaigns, the history of syncs and
 * imports — in one transaction, then rebuilds the file so that the deleted
 * data do not stay in it. Waits for a running sync or import. Blocks: call
 * it from a worker thread, or queue crrc_store_purge_locked() with
 * crrc_store_write_async().
 *
 * Returns: %TRUE on success; on failure the cache is as it was
 */
gboolean
crrc_store_purge (CrrcStore     *store,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);

  _crrc_store_lock_writer (store);
  ok = crrc_store_purge_locked (store, NULL, cancellable, error);
  _crrc_store_unlock_writer (store);

  return ok;
}
