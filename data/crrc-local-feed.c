/* crrc-local-feed.c: the analyst's own work as a CRRC feed directory
 *
 * The directory holds `manifest.json`, `diagnostics/page-N.json` and
 * `campaigns/page-N.json` (FEED-PROTOCOL.md, version 1): delta pages
 * (`snapshot: false`), so a client that syncs them adds or updates these
 * records and removes nothing. Campaigns are whole records: the analyst's
 * own campaigns with their targets, and the synced campaigns the analyst
 * added targets to or moved targets of, with every target at the stage the
 * analyst sees (a local change over the synced stage). A stage change's
 * comment travels as an extra `comment` field of its target, which readers
 * of version 1 ignore.
 *
 * The files are written into a private temporary directory next to the
 * destination, which is renamed into place at the end: a failure leaves
 * nothing behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "crrc-local-feed"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "crrc-geo.h"
#include "crrc-local-feed.h"
#include "crrc-store-private.h"

/* Records per page: small pages keep a server's responses short. */
#define PAGE_SIZE 500

typedef struct
{
  const char *root;       /* the temporary directory */
  const char *feed;       /* "diagnostics" */
  const char *cursor;     /* generated_at */
  JsonArray  *items;      /* of the page being filled */
  guint       page;
  guint       count;
} PageWriter;

static void
set_write_error (GError     **error,
                 const char  *path,
                 GError      *cause)
{
  g_set_error (error, G_IO_ERROR, cause != NULL && cause->domain == G_IO_ERROR ? cause->code : G_IO_ERROR_FAILED,
               _("The file “%s” could not be written: %s"),
               path, cause != NULL ? cause->message : g_strerror (errno));
}

static gboolean
write_json_file (const char  *path,
                 JsonNode    *root,
                 GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, FALSE);
  text = json_generator_to_data (generator, &length);
  if (!g_file_set_contents_full (path, text, (gssize) length,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      set_write_error (error, path, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
page_writer_flush (PageWriter  *writer,
                   gboolean     last,
                   GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  writer->page++;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "feed");
  json_builder_add_string_value (builder, writer->feed);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "snapshot");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_string_value (builder, writer->cursor);
  json_builder_set_member_name (builder, "next");
  if (last)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *next = g_strdup_printf ("page-%u.json", writer->page + 1);

      json_builder_add_string_value (builder, next);
    }
  json_builder_set_member_name (builder, "items");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), writer->items));
  json_builder_set_member_name (builder, "deleted");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  g_clear_pointer (&writer->items, json_array_unref);
  writer->items = json_array_new ();

  root = json_builder_get_root (builder);
  name = g_strdup_printf ("page-%u.json", writer->page);
  path = g_build_filename (writer->root, writer->feed, name, NULL);
  return write_json_file (path, root, error);
}

static gboolean
page_writer_begin (PageWriter  *writer,
                   const char  *root,
                   const char  *feed,
                   const char  *cursor,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (root, feed, NULL);

  writer->root = root;
  writer->feed = feed;
  writer->cursor = cursor;
  writer->items = json_array_new ();
  writer->page = 0;
  writer->count = 0;
  if (g_mkdir (path, 0700) != 0)
    {
      set_write_error (error, path, NULL);
      return FALSE;
    }
  return TRUE;
}

static gboolean
page_writer_add (PageWriter  *writer,
                 JsonNode    *item,
                 GError     **error)
{
  /* A full page is written once the next record shows there is more. */
  if (json_array_get_length (writer->items) == PAGE_SIZE
      && !page_writer_flush (writer, FALSE, error))
    {
      json_node_unref (item);
      return FALSE;
    }
  json_array_add_element (writer->items, item);
  writer->count++;
  return TRUE;
}

static void
page_writer_clear (PageWriter *writer)
{
  g_clear_pointer (&writer->items, json_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PageWriter, page_writer_clear)

static void
add_string_member (JsonBuilder  *builder,
                   const char   *name,
                   sqlite3_stmt *stmt,
                   int           column)
{
  const char *value = (const char *) sqlite3_column_text (stmt, column);

  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Validated diagnostics, oldest first; their answers come from a second
 * statement ordered the same way, read alongside. */
static const char diagnostics_sql[] =
  "SELECT id, finess, date, referential, campaign, updated_at FROM local_diagnostics"
  " WHERE status = 'validated' ORDER BY date, id";
static const char answers_sql[] =
  "SELECT a.diagnostic_id, a.question, a.answer FROM local_diagnostic_answers AS a"
  " JOIN local_diagnostics AS d ON d.id = a.diagnostic_id"
  " WHERE d.status = 'validated' ORDER BY d.date, d.id, a.question";

static gboolean
write_diagnostics (CrrcStore            *store,
                   const char           *root,
                   const char           *cursor,
                   CrrcLocalFeedCounts  *counts,
                   GError              **error)
{
  g_auto(PageWriter) writer = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) answers = NULL;
  int rc, answer_rc;

  if (!page_writer_begin (&writer, root, "diagnostics", cursor, error)
      || (stmt = _crrc_store_prepare (store, diagnostics_sql, error)) == NULL
      || (answers = _crrc_store_prepare (store, answers_sql, error)) == NULL)
    return FALSE;

  answer_rc = sqlite3_step (answers);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char *updated_at = (const char *) sqlite3_column_text (stmt, 5);

      json_builder_begin_object (builder);
      add_string_member (builder, "id", stmt, 0);
      add_string_member (builder, "finess", stmt, 1);
      add_string_member (builder, "date", stmt, 2);
      add_string_member (builder, "referential", stmt, 3);
      add_string_member (builder, "campaign", stmt, 4);
      json_builder_set_member_name (builder, "answers");
      json_builder_begin_object (builder);
      while (answer_rc == SQLITE_ROW
             && g_strcmp0 ((const char *) sqlite3_column_text (answers, 0), id) == 0)
        {
          const char *question = (const char *) sqlite3_column_text (answers, 1);
          const char *answer = (const char *) sqlite3_column_text (answers, 2);

          json_builder_set_member_name (builder, question);
          if (answer[0] >= '0' && answer[0] <= '3' && answer[1] == '\0')
            json_builder_add_int_value (builder, answer[0] - '0');
          else
            json_builder_add_string_value (builder, answer);
          answer_rc = sqlite3_step (answers);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, updated_at != NULL ? updated_at : cursor);
      json_builder_end_object (builder);

      if (!page_writer_add (&writer, json_builder_get_root (builder), error))
        return FALSE;
    }
  if (rc != SQLITE_DONE || (answer_rc != SQLITE_ROW && answer_rc != SQLITE_DONE))
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  counts->diagnostics = writer.count;
  return page_writer_flush (&writer, TRUE, error);
}

/* The campaigns the analyst created or changed, and the targets of each
 * at the stage the analyst sees: the latest local change, else the synced
 * stage, else (a target the analyst added) "targeted" on the day it was
 * added. */
static const char campaigns_sql[] =
  "WITH changed (id) AS ("
  "   SELECT campaign_id FROM local_campaign_targets"
  "   UNION SELECT campaign_id FROM local_stage_changes),"
  " chosen (id, name, region, sector, start, due, updated_at) AS ("
  "   SELECT id, name, region, sector, start, due, created_at FROM local_campaigns"
  "   UNION ALL"
  "   SELECT c.id, c.name, c.region, c.sector, c.start, c.due, c.updated_at FROM campaigns AS c"
  "   WHERE c.id IN (SELECT id FROM changed) AND c.id NOT IN (SELECT id FROM local_campaigns))"
  " SELECT id, name, region, sector, start, due, updated_at FROM chosen ORDER BY id";

static const char targets_sql[] =
  "WITH targets (finess, stage, stage_date) AS ("
  "   SELECT finess, stage, stage_date FROM campaign_targets WHERE campaign_id = ?1"
  "   UNION ALL"
  "   SELECT finess, 'targeted', substr (added_at, 1, 10) FROM local_campaign_targets"
  "   WHERE campaign_id = ?1"
  "     AND finess NOT IN (SELECT finess FROM campaign_targets WHERE campaign_id = ?1))"
  " SELECT t.finess, coalesce (l.stage, t.stage), coalesce (l.stage_date, t.stage_date),"
  "        l.comment, l.stage IS NOT NULL"
  " FROM targets AS t"
  " LEFT JOIN local_stage_changes AS l ON l.id = ("
  "   SELECT id FROM local_stage_changes AS s"
  "   WHERE s.campaign_id = ?1 AND s.finess = t.finess"
  "   ORDER BY s.created_at DESC, s.id DESC LIMIT 1)"
  " ORDER BY t.finess";

static gboolean
write_campaigns (CrrcStore            *store,
                 const char           *root,
                 const char           *cursor,
                 CrrcLocalFeedCounts  *counts,
                 GError              **error)
{
  g_auto(PageWriter) writer = { 0 };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) targets = NULL;
  int rc;

  if (!page_writer_begin (&writer, root, "campaigns", cursor, error)
      || (stmt = _crrc_store_prepare (store, campaigns_sql, error)) == NULL
      || (targets = _crrc_store_prepare (store, targets_sql, error)) == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const char *updated_at = (const char *) sqlite3_column_text (stmt, 6);
      int target_rc;

      json_builder_begin_object (builder);
      add_string_member (builder, "id", stmt, 0);
      add_string_member (builder, "name", stmt, 1);
      add_string_member (builder, "region", stmt, 2);
      add_string_member (builder, "sector", stmt, 3);
      add_string_member (builder, "start", stmt, 4);
      add_string_member (builder, "due", stmt, 5);
      json_builder_set_member_name (builder, "targets");
      json_builder_begin_array (builder);

      sqlite3_reset (targets);
      if (sqlite3_bind_text (targets, 1, (const char *) sqlite3_column_text (stmt, 0), -1,
                             SQLITE_TRANSIENT) != SQLITE_OK)
        {
          _crrc_store_set_error (store, error);
          return FALSE;
        }
      while ((target_rc = sqlite3_step (targets)) == SQLITE_ROW)
        {
          json_builder_begin_object (builder);
          add_string_member (builder, "finess", targets, 0);
          add_string_member (builder, "stage", targets, 1);
          add_string_member (builder, "stage_date", targets, 2);
          add_string_member (builder, "comment", targets, 3);
          json_builder_end_object (builder);
          counts->targets++;
          if (sqlite3_column_int (targets, 4))
            counts->stage_changes++;
        }
      if (target_rc != SQLITE_DONE)
        {
          _crrc_store_set_error (store, error);
          return FALSE;
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "updated_at");
      json_builder_add_string_value (builder, updated_at != NULL ? updated_at : cursor);
      json_builder_end_object (builder);

      if (!page_writer_add (&writer, json_builder_get_root (builder), error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      _crrc_store_set_error (store, error);
      return FALSE;
    }

  counts->campaigns = writer.count;
  return page_writer_flush (&writer, TRUE, error);
}

static gboolean
write_manifest (const char  *root,
                const char  *publisher,
                const char  *generated_at,
                GError     **error)
{
  static const char * const feeds[] = { "diagnostics", "campaigns" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = g_build_filename (root, "manifest.json", NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "crrc-feed");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "publisher");
  json_builder_add_string_value (builder, publisher);
  json_builder_set_member_name (builder, "generated_at");
  json_builder_add_string_value (builder, generated_at);
  json_builder_set_member_name (builder, "feeds");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (feeds); i++)
    {
      g_autofree char *href = g_strdup_printf ("%s/page-1.json", feeds[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, feeds[i]);
      json_builder_set_member_name (builder, "href");
      json_builder_add_string_value (builder, href);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  return write_json_file (path, node, error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The destination must be free: absent, or an empty directory (removed
 * here so the finished tree can take its place). */
static gboolean
claim_destination (const char  *directory,
                   GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (directory, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("“%s” already exists and is not a folder: choose a new or empty folder."),
                   directory);
      return FALSE;
    }
  dir = g_dir_open (directory, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("The folder “%s” cannot be read: %s"), directory, local_error->message);
      return FALSE;
    }
  if (g_dir_read_name (dir) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_EMPTY,
                   _("The folder “%s” is not empty: choose a new or empty folder, so that no file is overwritten."),
                   directory);
      return FALSE;
    }
  return TRUE;
}

/**
 * crrc_local_feed_export:
 * @store: the cache (a reader connection will do)
 * @directory: where to write the feed: a new or empty folder
 * @publisher: who publishes it, for the manifest ("CRRC Bourgogne-Franche-Comté")
 * @counts: (out) (optional): what was written
 * @error: why nothing was written
 *
 * See crrc-local-feed.h. The records are read in one read transaction, so
 * they are consistent with each other even while the analyst keeps working.
 *
 * Returns: whether the feed was written
 */
gboolean
crrc_local_feed_export (CrrcStore            *store,
                        const char           *directory,
                        const char           *publisher,
                        CrrcLocalFeedCounts  *counts,
                        GError              **error)
{
  CrrcLocalFeedCounts written = { 0 };
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *generated_at = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  g_autofree char *root = NULL;
  gboolean ok;

  g_return_val_if_fail (CRRC_IS_STORE (store), FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (publisher != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!claim_destination (directory, error))
    return FALSE;

  now = g_date_time_new_now_utc ();
  generated_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  /* A private folder beside the destination, renamed into place. */
  parent = g_path_get_dirname (directory);
  base = g_path_get_basename (directory);
  template = g_strdup_printf ("%s/.%s-partial-XXXXXX", parent, base);
  root = g_mkdtemp_full (template, 0700);
  if (root == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The folder “%s” could not be written: %s"), parent, g_strerror (saved_errno));
      return FALSE;
    }
  template = NULL; /* g_mkdtemp_full() returned it as @root */

  if (!_crrc_store_exec (store, "BEGIN", error))
    {
      remove_tree (root);
      return FALSE;
    }
  ok = write_diagnostics (store, root, generated_at, &written, error)
       && write_campaigns (store, root, generated_at, &written, error)
       && write_manifest (root, publisher, generated_at, error);
  (void) sqlite3_exec (_crrc_store_get_db (store), "COMMIT", NULL, NULL, NULL);

  if (ok && g_file_test (directory, G_FILE_TEST_IS_DIR) && g_rmdir (directory) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The folder “%s” could not be replaced: %s"), directory, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (ok && g_rename (root, directory) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The folder “%s” could not be written: %s"), directory, g_strerror (saved_errno));
      ok = FALSE;
    }
  if (!ok)
    {
      remove_tree (root);
      return FALSE;
    }

  if (counts != NULL)
    *counts = written;
  return TRUE;
}

/**
 * crrc_local_feed_get_publisher:
 * @region_code: (nullable): the centre's region
 *
 * Returns: (transfer full): the name of the centre, for a manifest
 */
char *
crrc_local_feed_get_publisher (const char *region_code)
{
  const CrrcRegion *region = region_code != NULL ? crrc_geo_lookup_region (region_code) : NULL;

  /* Translators: the publisher of a feed, "CRRC Bourgogne-Franche-Comté". */
  return region != NULL ? g_strdup_printf (_("CRRC %s"), region->name) : g_strdup ("CRRC");
}
