/* crrc-feed-state.c: what the cache remembers of each feed of a source
 *
 * The sync engine keeps one `feed_state` row per source and feed (schema
 * version 3). This reads them back for the Synchronisation page and the
 * automatic synchronisation, in a worker thread when asked to: the window
 * never waits on SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-feed-state"

#include "config.h"

#include <string.h>

#include "crrc-feed-state.h"
#include "crrc-store-private.h"

/* The rejects of the last sync of the source, in their order. */
#define REJECTS_SQL \
  "SELECT feed, record, field, reason FROM sync_rejects" \
  "  WHERE run_id = (SELECT max(id) FROM sync_runs WHERE url = ?1)" \
  "  ORDER BY rowid"

/* Protocol order (FEED-PROTOCOL.md, "Feeds and records"), then by name. */
#define LOAD_SQL \
  "SELECT feed, url, status, records, http_status, last_error," \
  "       last_attempt_at, last_success_at, postponed_until, discontinued" \
  "  FROM feed_state WHERE source = ?1" \
  "  ORDER BY CASE feed" \
  "    WHEN 'establishments' THEN 0 WHEN 'incidents' THEN 1" \
  "    WHEN 'audits' THEN 2 WHEN 'alerts' THEN 3" \
  "    WHEN 'diagnostics' THEN 4 WHEN 'campaigns' THEN 5" \
  "    WHEN 'exercises' THEN 6 WHEN 'funding' THEN 7" \
  "    ELSE 8 END, feed"

void
crrc_feed_state_free (CrrcFeedState *state)
{
  if (state == NULL)
    return;

  g_free (state->feed);
  g_free (state->url);
  g_free (state->status);
  g_free (state->last_error);
  g_clear_pointer (&state->last_attempt_at, g_date_time_unref);
  g_clear_pointer (&state->last_success_at, g_date_time_unref);
  g_clear_pointer (&state->postponed_until, g_date_time_unref);
  g_clear_pointer (&state->rejects, g_ptr_array_unref);
  g_free (state);
}

void
crrc_feed_state_reject_free (CrrcFeedReject *reject)
{
  if (reject == NULL)
    return;

  crrc_feed_reject_clear (reject);
  g_free (reject);
}

CrrcFeedReject *
crrc_feed_state_reject_copy (const CrrcFeedReject *reject)
{
  CrrcFeedReject *copy;

  g_return_val_if_fail (reject != NULL, NULL);

  copy = g_new0 (CrrcFeedReject, 1);
  copy->record = g_strdup (reject->record);
  copy->field = g_strdup (reject->field);
  copy->reason = g_strdup (reject->reason);

  return copy;
}

static GPtrArray *
new_reject_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_feed_state_reject_free);
}

CrrcFeedState *
crrc_feed_state_copy (const CrrcFeedState *state)
{
  CrrcFeedState *copy;

  g_return_val_if_fail (state != NULL, NULL);

  copy = g_memdup2 (state, sizeof *state);
  copy->feed = g_strdup (state->feed);
  copy->url = g_strdup (state->url);
  copy->status = g_strdup (state->status);
  copy->last_error = g_strdup (state->last_error);
  if (state->last_attempt_at != NULL)
    copy->last_attempt_at = g_date_time_ref (state->last_attempt_at);
  if (state->last_success_at != NULL)
    copy->last_success_at = g_date_time_ref (state->last_success_at);
  if (state->postponed_until != NULL)
    copy->postponed_until = g_date_time_ref (state->postponed_until);
  copy->rejects = new_reject_array ();
  for (guint i = 0; state->rejects != NULL && i < state->rejects->len; i++)
    g_ptr_array_add (copy->rejects, crrc_feed_state_reject_copy (g_ptr_array_index (state->rejects, i)));

  return copy;
}

/**
 * crrc_feed_source_for_url:
 * @url: the base URL of a feed, as configured
 *
 * The value of the `source` column for the rows that the feed at @url
 * writes: "feed:" and its manifest URL, which is @url itself when it ends
 * with ".json", else @url with "manifest.json" appended (after a slash).
 *
 * Returns: (transfer full): the source
 */
char *
crrc_feed_source_for_url (const char *url)
{
  g_return_val_if_fail (url != NULL, NULL);

  if (g_str_has_suffix (url, ".json"))
    return g_strconcat ("feed:", url, NULL);

  if (g_str_has_suffix (url, "/"))
    return g_strconcat ("feed:", url, "manifest.json", NULL);

  return g_strconcat ("feed:", url, "/manifest.json", NULL);
}

/* RFC 3339 text in UTC, or NULL for NULL or unreadable text. */
static GDateTime *
column_datetime (sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL)
    return NULL;

  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

static char *
column_string (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CrrcFeedState *
find_state (GPtrArray  *states,
            const char *feed)
{
  for (guint i = 0; i < states->len; i++)
    {
      CrrcFeedState *state = g_ptr_array_index (states, i);

      if (g_strcmp0 (state->feed, feed) == 0)
        return state;
    }

  return NULL;
}

/* The rejects of the last sync recorded for @source (sync_runs.url is the
 * manifest URL), each with its feed's state. */
static gboolean
load_rejects (CrrcStore   *store,
              const char  *source,
              GPtrArray   *states,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *manifest_url;
  int rc;

  if (!g_str_has_prefix (source, "feed:") || states->len == 0)
    return TRUE;
  manifest_url = source + strlen ("feed:");

  if (sqlite3_prepare_v2 (_crrc_store_get_db (store), REJECTS_SQL, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 1, manifest_url, -1, SQLITE_TRANSIENT) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcFeedState *state = find_state (states, (const char *) sqlite3_column_text (stmt, 0));
      CrrcFeedReject *reject;

      if (state == NULL)
        continue;

      state->n_rejected++;
      if (state->rejects->len >= CRRC_FEED_STATE_MAX_REJECTS)
        continue;

      reject = g_new0 (CrrcFeedReject, 1);
      reject->record = column_string (stmt, 1);
      reject->field = column_string (stmt, 2);
      reject->reason = column_string (stmt, 3);
      g_ptr_array_add (state->rejects, reject);
    }

  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * crrc_feed_state_load:
 * @store: the cache
 * @source: e.g. the result of crrc_feed_source_for_url()
 * @error: where to say why the cache could not be read
 *
 * Returns: (transfer full) (element-type CrrcFeedState): the feeds of
 *   @source, or %NULL with @error set
 */
GPtrArray *
crrc_feed_state_load (CrrcStore   *store,
                      const char  *source,
                      GError     **error)
{
  g_autoptr(GPtrArray) states = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (store), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  db = _crrc_store_get_db (store);

  if (sqlite3_prepare_v2 (db, LOAD_SQL, -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 1, source, -1, SQLITE_TRANSIENT) != SQLITE_OK)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  states = g_ptr_array_new_with_free_func ((GDestroyNotify) crrc_feed_state_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CrrcFeedState *state = g_new0 (CrrcFeedState, 1);
      gint64 http_status;

      state->feed = column_string (stmt, 0);
      state->url = column_string (stmt, 1);
      state->status = column_string (stmt, 2);
      state->records = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
      http_status = sqlite3_column_int64 (stmt, 4);
      state->http_status = http_status > 0 && http_status < 1000 ? (guint) http_status : 0;
      state->last_error = column_string (stmt, 5);
      state->last_attempt_at = column_datetime (stmt, 6);
      state->last_success_at = column_datetime (stmt, 7);
      state->postponed_until = column_datetime (stmt, 8);
      state->discontinued = sqlite3_column_int (stmt, 9) != 0;
      state->rejects = new_reject_array ();

      g_ptr_array_add (states, state);
    }

  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return NULL;
    }

  if (!load_rejects (store, source, states, error))
    return NULL;

  return g_steal_pointer (&states);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *states;

  states = crrc_feed_state_load (CRRC_STORE (source_object), task_data, &error);

  if (states == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, states, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * crrc_feed_state_load_async:
 *
 * Runs crrc_feed_state_load() in a worker thread.
 */
void
crrc_feed_state_load_async (CrrcStore           *store,
                            const char          *source,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CRRC_IS_STORE (store));
  g_return_if_fail (source != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_feed_state_load_async);
  g_task_set_task_data (task, g_strdup (source), g_free);
  g_task_run_in_thread (task, load_thread);
}

/**
 * crrc_feed_state_load_finish:
 *
 * Returns: (transfer full) (element-type CrrcFeedState): the feeds, or
 *   %NULL with @error set
 */
GPtrArray *
crrc_feed_state_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crrc_feed_state_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * crrc_feed_state_get_latest_success:
 * @states: (element-type CrrcFeedState): feeds of one source
 *
 * Returns: (transfer full) (nullable): when a feed was last brought up to
 *   date, or %NULL when none ever was
 */
GDateTime *
crrc_feed_state_get_latest_success (GPtrArray *states)
{
  GDateTime *latest = NULL;

  g_return_val_if_fail (states != NULL, NULL);

  for (guint i = 0; i < states->len; i++)
    {
      const CrrcFeedState *state = g_ptr_array_index (states, i);

      if (state->last_success_at == NULL)
        continue;

      if (latest == NULL || g_date_time_compare (state->last_success_at, latest) > 0)
        latest = state->last_success_at;
    }

  return latest != NULL ? g_date_time_ref (latest) : NULL;
}
