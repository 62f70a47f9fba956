/* crrc-store.c: the local SQLite cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "crrc-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "crrc-store-private.h"

struct _CrrcStore
{
  GObject  parent_instance;

  /* Opened with SQLITE_OPEN_NOMUTEX: one thread at a time uses it. */
  sqlite3 *db;
  char    *path;
  char    *recovered_path;
  guint    version;

  /* The one writer: every write (sync, import, the analyst's edits) holds
   * it while it uses @db, and crrc_store_write_async() runs its functions
   * one after the other, in the order they were queued. */
  GRecMutex     writer_lock;
  GThreadPool  *write_queue;
  /* Cancelled by crrc_store_shutdown(): stops the running write. */
  GCancellable *closing;
};

G_DEFINE_FINAL_TYPE (CrrcStore, crrc_store, G_TYPE_OBJECT)

static void write_queue_run (gpointer item,
                             gpointer user_data);

G_DEFINE_QUARK (crrc-store-error-quark, crrc_store_error)

static const char * const companion_suffixes[] = { "-wal", "-shm" };

/* Whether the cache file or its log has reached the file size limit, or
 * the file system of the cache has (almost) no room left. */
static gboolean
limits_reached (sqlite3 *db)
{
  const char *path = sqlite3_db_filename (db, "main");
  g_autofree char *wal = NULL;
  struct statvfs fs;
  struct rlimit limit;
  GStatBuf st;

  if (path == NULL || *path == '\0')
    return FALSE;

  if (getrlimit (RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
    {
      guint64 margin = 64 * 1024;

      wal = g_strconcat (path, "-wal", NULL);
      if ((g_stat (path, &st) == 0 && (guint64) st.st_size + margin >= limit.rlim_cur) ||
          (g_stat (wal, &st) == 0 && (guint64) st.st_size + margin >= limit.rlim_cur))
        return TRUE;
    }

  return statvfs (path, &fs) == 0 && (guint64) fs.f_bavail * fs.f_frsize < 256 * 1024;
}

/**
 * _crrc_store_db_is_full:
 * @db: a connection whose last call failed
 *
 * Returns: whether that failure means the disk, a quota or the file size
 *   limit is full (of the cache, its write-ahead log or a temporary file)
 */
gboolean
_crrc_store_db_is_full (sqlite3 *db)
{
  int rc = sqlite3_extended_errcode (db);
  int system_errno;

  if ((rc & 0xff) == SQLITE_FULL)
    return TRUE;
  if ((rc & 0xff) != SQLITE_IOERR)
    return FALSE;

  system_errno = sqlite3_system_errno (db);
  if (system_errno == ENOSPC || system_errno == EFBIG
#ifdef EDQUOT
      || system_errno == EDQUOT
#endif
      )
    return TRUE;

  /* SQLite does not always keep the errno of a failed write: look at
   * the limits themselves. */
  if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_TRUNCATE || rc == SQLITE_IOERR_SHMSIZE)
    return limits_reached (db);

  return FALSE;
}

/* g_set_error() in CRRC_STORE_ERROR, whose message is always valid UTF-8:
 * a cache path whose bytes are not (a folder named in another encoding) is
 * shown with U+FFFD for them, as g_filename_display_name() would. */
static void store_set_error (GError     **error,
                             int          code,
                             const char  *format,
                             ...) G_GNUC_PRINTF (3, 4);

static void
store_set_error (GError     **error,
                 int          code,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (!g_utf8_validate (message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (message, -1);

      g_free (message);
      message = valid;
    }
  g_set_error_literal (error, CRRC_STORE_ERROR, code, message);
}

static const char *
db_path (sqlite3 *db)
{
  const char *path = sqlite3_db_filename (db, "main");

  return path != NULL && *path != '\0' ? path : "?";
}

void
_crrc_store_set_no_space_error (sqlite3  *db,
                                GError  **error)
{
  store_set_error (error, CRRC_STORE_ERROR_NO_SPACE,
               _("The disk is full: the cache file “%s” could not be written. "
                 "Nothing was changed: the cache is as it was. Free some disk space and try again."),
               db_path (db));
}

void
_crrc_store_release_space (sqlite3 *db)
{
  /* Only the frames of committed transactions are left in the log: they
   * go into the file, and the log is cut to nothing. When the disk is too
   * full even for that, the log stays, committed and valid. */
  if (sqlite3_get_autocommit (db))
    sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
}

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *path)
{
  if (_crrc_store_db_is_full (db))
    {
      _crrc_store_set_no_space_error (db, error);
      return;
    }

  store_set_error (error, CRRC_STORE_ERROR_SQLITE,
               _("The cache file “%s” reported an error: %s."),
               path, sqlite3_errmsg (db));
}

static gboolean
db_exec (sqlite3     *db,
         const char  *path,
         const char  *sql,
         GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      set_sqlite_error (error, db, path);
      return FALSE;
    }

  return TRUE;
}

/* Returns an SQLite result code; the message stays in sqlite3_errmsg(). */
static int
db_query_int64 (sqlite3    *db,
                const char *sql,
                gint64     *out_value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return SQLITE_ERROR;
  if (rc != SQLITE_ROW)
    return rc;

  *out_value = sqlite3_column_int64 (stmt, 0);

  return SQLITE_OK;
}

static gboolean
path_is_taken (const char *path)
{
  GStatBuf st;

  /* Anything but “no such file” (a dangling link, a permission error)
   * counts as taken: a name is only used when it is certainly free. */
  return g_lstat (path, &st) == 0 || errno != ENOENT;
}

/* Creates the folder and the file ourselves, so that they get their modes
 * from us and not from SQLite's defaults. SQLite gives the -wal and -shm
 * files the mode of the database file, even when they exist already. */
static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  struct stat st;
  int saved_errno;
  int fd;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      saved_errno = errno;
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” cannot be opened because its folder “%s” cannot be created: %s."),
                   path, folder, g_strerror (saved_errno));
      return FALSE;
    }

  /* O_NONBLOCK only keeps a FIFO in the way from blocking us; it does
   * nothing to a regular file. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NONBLOCK, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” cannot be opened: %s."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      g_close (fd, NULL);
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” cannot be opened: %s."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” cannot be opened: it is not a regular file."),
                   path);
      return FALSE;
    }

  /* An existing file loses the permissions it should not have. */
  if ((st.st_mode & 0777 & ~0600) != 0 && fchmod (fd, 0600) != 0)
    {
      saved_errno = errno;
      g_close (fd, NULL);
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The permissions of the file “%s” cannot be restricted to its owner: %s."),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  g_close (fd, NULL);

  return TRUE;
}

/* Opens and checks the file. On failure, either @out_corrupt is set (and
 * the connection is closed, @error untouched) or @error is. */
static sqlite3 *
open_connection (const char  *path,
                 gboolean    *out_corrupt,
                 gint64      *out_user_version,
                 gint64      *out_n_objects,
                 GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  int rc;

  *out_corrupt = FALSE;

  if (!prepare_file (path, error))
    return NULL;

  /* NOMUTEX: the store is used from one thread at a time (its worker
   * thread), so SQLite's per-connection mutex would be pure overhead. The
   * file exists already, so no SQLITE_OPEN_CREATE: SQLite never creates it
   * with the umask's mode. */
  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK)
    {
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” cannot be opened: %s."),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK
      || sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) != SQLITE_OK
      || sqlite3_db_config (db, SQLITE_DBCONFIG_DQS_DDL, 0, NULL) != SQLITE_OK
      || sqlite3_db_config (db, SQLITE_DBCONFIG_DQS_DML, 0, NULL) != SQLITE_OK
      || sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL) != SQLITE_OK
      || sqlite3_busy_timeout (db, 5000) != SQLITE_OK)
    {
      set_sqlite_error (error, db, path);
      return NULL;
    }

  /* SQLite reads the header and the schema lazily: these two queries are
   * the first to touch the file. Until they succeed, closing the connection
   * must not checkpoint: the journal of a damaged file goes aside with it,
   * as it is. */
  rc = db_query_int64 (db, "SELECT count(*) FROM sqlite_master", out_n_objects);
  if (rc == SQLITE_OK)
    rc = db_query_int64 (db, "PRAGMA user_version", out_user_version);

  switch (rc & 0xff)
    {
    case SQLITE_OK:
      if (sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL) != SQLITE_OK)
        {
          set_sqlite_error (error, db, path);
          return NULL;
        }
      return g_steal_pointer (&db);

    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_debug ("“%s” is damaged: %s", path, sqlite3_errmsg (db));
      *out_corrupt = TRUE;
      return NULL;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” is in use by another program, perhaps another CRRC Dashboard: %s."),
                   path, sqlite3_errmsg (db));
      return NULL;

    default:
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” cannot be read: %s."),
                   path, sqlite3_errmsg (db));
      return NULL;
    }
}

/* Renames the damaged file and its -wal and -shm companions to
 * <path>.corrupt-YYYYMMDD-HHMMSS[-N] (local time, as the user sees it in a
 * file manager), the companions keeping their suffix after it, so that
 * SQLite tools opening the moved file still find its journal. Nothing is
 * ever deleted. Returns the new name of the main file. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      g_autofree char *target = NULL;
      gboolean moved[G_N_ELEMENTS (companion_suffixes)] = { FALSE, };
      gboolean taken;
      int saved_errno;

      if (attempt == 0)
        target = g_strdup_printf ("%s.corrupt-%s", path, stamp);
      else
        target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, attempt);

      taken = path_is_taken (target);
      for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes) && !taken; i++)
        {
          g_autofree char *companion = g_strconcat (target, companion_suffixes[i], NULL);

          taken = path_is_taken (companion);
        }

      if (taken)
        continue;

      if (g_rename (path, target) != 0)
        {
          saved_errno = errno;
          store_set_error (error, CRRC_STORE_ERROR_CORRUPT,
                       _("The cache file “%s” is damaged and could not be moved aside to “%s”: %s."),
                       path, target, g_strerror (saved_errno));
          return NULL;
        }

      for (guint i = 0; i < G_N_ELEMENTS (companion_suffixes); i++)
        {
          g_autofree char *from = g_strconcat (path, companion_suffixes[i], NULL);
          g_autofree char *to = g_strconcat (target, companion_suffixes[i], NULL);

          if (!path_is_taken (from))
            continue;

          if (g_rename (from, to) == 0)
            {
              moved[i] = TRUE;
              continue;
            }

          /* A journal left behind would be replayed into the fresh file:
           * put everything back as it was and give up. */
          saved_errno = errno;
          for (guint j = 0; j < i; j++)
            {
              g_autofree char *back_from = g_strconcat (target, companion_suffixes[j], NULL);
              g_autofree char *back_to = g_strconcat (path, companion_suffixes[j], NULL);

              if (moved[j])
                (void) g_rename (back_from, back_to);
            }
          (void) g_rename (target, path);

          store_set_error (error, CRRC_STORE_ERROR_CORRUPT,
                       _("The cache file “%s” is damaged and its journal “%s” could not be moved aside to “%s”: %s."),
                       path, from, to, g_strerror (saved_errno));
          return NULL;
        }

      g_message ("The damaged cache file “%s” was moved to “%s”", path, target);

      return g_steal_pointer (&target);
    }

  store_set_error (error, CRRC_STORE_ERROR_CORRUPT,
               _("The cache file “%s” is damaged and could not be moved aside: too many damaged copies are already next to it."),
               path);
  return NULL;
}

static gboolean
set_journal_mode_wal (sqlite3     *db,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *mode;

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL) != SQLITE_OK
      || sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (error, db, path);
      return FALSE;
    }

  mode = (const char *) sqlite3_column_text (stmt, 0);
  if (mode == NULL || g_ascii_strcasecmp (mode, "wal") != 0)
    {
      store_set_error (error, CRRC_STORE_ERROR_SQLITE,
                   _("The cache file “%s” cannot use write-ahead logging (its journal mode stayed “%s”); its folder may be on a file system that does not support it."),
                   path, mode != NULL ? mode : "");
      return FALSE;
    }

  return TRUE;
}

static gboolean
migration_failed (sqlite3     *db,
                  const char  *path,
                  guint        version,
                  guint        previous_version,
                  const char  *reason,
                  GError     **error)
{
  g_autofree char *message = g_strdup (reason != NULL ? reason : sqlite3_errmsg (db));

  if (!sqlite3_get_autocommit (db))
    (void) sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  store_set_error (error, CRRC_STORE_ERROR_MIGRATION,
               _("The cache file “%s” could not be upgraded to version %u and was left at version %u: %s."),
               path, version, previous_version, message);
  return FALSE;
}

static gboolean
run_migration (sqlite3              *db,
               const char           *path,
               const CrrcMigration  *migration,
               guint                 previous_version,
               GError              **error)
{
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autofree char *set_version = NULL;
  int rc;

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (db, migration->sql, NULL, NULL, NULL) != SQLITE_OK)
    return migration_failed (db, path, migration->version, previous_version, NULL, error);

  /* Foreign keys are off while a step runs, as SQLite's procedure for
   * rebuilding a table requires; the result must still be consistent. */
  if (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &check, NULL) != SQLITE_OK)
    return migration_failed (db, path, migration->version, previous_version, NULL, error);

  rc = sqlite3_step (check);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *reason = NULL;

      reason = g_strdup_printf (_("a foreign key in the table “%s” refers to a missing row"),
                                (const char *) sqlite3_column_text (check, 0));
      g_clear_pointer (&check, sqlite3_finalize);
      return migration_failed (db, path, migration->version, previous_version, reason, error);
    }
  else if (rc != SQLITE_DONE)
    {
      return migration_failed (db, path, migration->version, previous_version, NULL, error);
    }
  g_clear_pointer (&check, sqlite3_finalize);

  set_version = g_strdup_printf ("PRAGMA user_version = %u", migration->version);
  if (sqlite3_exec (db, set_version, NULL, NULL, NULL) != SQLITE_OK
      || sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    return migration_failed (db, path, migration->version, previous_version, NULL, error);

  g_debug ("Upgraded “%s” to version %u", path, migration->version);

  return TRUE;
}

static CrrcStore *
open_store (const char           *path,
            const CrrcMigration  *migrations,
            guint                 n_migrations,
            GCancellable         *cancellable,
            char                **out_recovered_path,
            GError              **error)
{
  g_autoptr(sqlite3) db = NULL;
  CrrcStore *self;
  gint64 user_version = 0;
  gint64 n_objects = 0;
  gboolean corrupt = FALSE;
  guint latest;
  guint version;

  latest = n_migrations > 0 ? migrations[n_migrations - 1].version : 0;

  db = open_connection (path, &corrupt, &user_version, &n_objects, error);
  if (db == NULL && corrupt)
    {
      *out_recovered_path = move_aside (path, error);
      if (*out_recovered_path == NULL)
        return NULL;

      db = open_connection (path, &corrupt, &user_version, &n_objects, error);
      if (db == NULL && corrupt)
        store_set_error (error, CRRC_STORE_ERROR_CORRUPT,
                     _("A new cache file “%s” was created in place of the damaged one, but it cannot be read either."),
                     path);
    }

  if (db == NULL)
    return NULL;

  if (user_version < 0 || user_version > latest)
    {
      store_set_error (error, CRRC_STORE_ERROR_TOO_NEW,
                   _("The cache file “%s” was written by a newer version of CRRC Dashboard (schema version %d, this version knows up to %u). It has been left untouched."),
                   path, (int) user_version, latest);
      return NULL;
    }

  /* Every step sets the version in its own transaction, so a file of ours
   * at version 0 is empty: anything else belongs to another program. */
  if (user_version == 0 && n_objects > 0)
    {
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The file “%s” is a database of another program, not a CRRC Dashboard cache. It has been left untouched."),
                   path);
      return NULL;
    }

  if (!set_journal_mode_wal (db, path, error)
      || !db_exec (db, path, "PRAGMA synchronous = NORMAL", error)
      || !db_exec (db, path, "PRAGMA foreign_keys = OFF", error))
    return NULL;

  version = (guint) user_version;
  for (guint i = 0; i < n_migrations; i++)
    {
      if (migrations[i].version <= version)
        continue;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (!run_migration (db, path, &migrations[i], version, error))
        return NULL;

      version = migrations[i].version;
    }

  if (!db_exec (db, path, "PRAGMA foreign_keys = ON", error))
    return NULL;

  self = g_object_new (CRRC_TYPE_STORE, NULL);
  self->db = g_steal_pointer (&db);
  self->path = g_strdup (path);
  self->version = version;

  return self;
}

static void
crrc_store_open_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(GError) error = NULL;
  CrrcStore *self;

  self = crrc_store_open (path, cancellable, &error);
  if (self == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, self, g_object_unref);
}

static void
crrc_store_finalize (GObject *object)
{
  CrrcStore *self = (CrrcStore *)object;

  /* Every queued write holds a reference: the queue is empty here (and
   * this may run on the queue's own thread, so do not wait for it). */
  g_thread_pool_free (self->write_queue, FALSE, FALSE);
  g_rec_mutex_clear (&self->writer_lock);
  g_clear_object (&self->closing);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovered_path, g_free);

  G_OBJECT_CLASS (crrc_store_parent_class)->finalize (object);
}

static void
crrc_store_class_init (CrrcStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crrc_store_finalize;
}

static void
crrc_store_init (CrrcStore *self)
{
  g_rec_mutex_init (&self->writer_lock);
  self->closing = g_cancellable_new ();
  /* Its one thread starts with the first write. */
  self->write_queue = g_thread_pool_new (write_queue_run, NULL, 1, FALSE, NULL);
}

/**
 * crrc_store_get_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/crrc-dashboard/crrc.db`
 */
char *
crrc_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "crrc-dashboard", "crrc.db", NULL);
}

/**
 * crrc_store_get_latest_version:
 *
 * Returns: the schema version that crrc_store_open() brings a file to
 */
guint
crrc_store_get_latest_version (void)
{
  return _crrc_schema_migrations[_crrc_schema_n_migrations - 1].version;
}

/**
 * _crrc_store_open_with_migrations:
 * @path: the database file
 * @migrations: (array length=n_migrations): the schema steps, in order
 * @n_migrations: the number of steps
 * @cancellable: (nullable): checked before each step
 * @error: a location for a #GError in %CRRC_STORE_ERROR, or %NULL
 *
 * Does what crrc_store_open() does, with @migrations as the schema.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
CrrcStore *
_crrc_store_open_with_migrations (const char           *path,
                                  const CrrcMigration  *migrations,
                                  guint                 n_migrations,
                                  GCancellable         *cancellable,
                                  GError              **error)
{
  g_autofree char *recovered_path = NULL;
  CrrcStore *self;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n_migrations; i++)
    {
      g_assert (migrations[i].sql != NULL);
      g_assert (migrations[i].version > (i > 0 ? migrations[i - 1].version : 0));
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  self = open_store (path, migrations, n_migrations, cancellable, &recovered_path, error);

  if (self == NULL && recovered_path != NULL)
    g_prefix_error (error, _("The damaged cache file was moved to “%s”. "), recovered_path);

  if (self != NULL)
    self->recovered_path = g_steal_pointer (&recovered_path);

  return self;
}

/**
 * crrc_store_open:
 * @path: the database file, usually crrc_store_get_default_path()
 * @cancellable: (nullable): a #GCancellable
 * @error: a location for a #GError in %CRRC_STORE_ERROR, or %NULL
 *
 * Opens the cache, creating it (mode 0600) and upgrading its schema as
 * needed. A damaged file is moved aside and replaced by a new one: see
 * crrc_store_get_recovered_path(). This blocks on disk I/O: the UI calls
 * crrc_store_open_async() instead.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
CrrcStore *
crrc_store_open (const char    *path,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _crrc_store_open_with_migrations (path, _crrc_schema_migrations,
                                           _crrc_schema_n_migrations,
                                           cancellable, error);
}

/**
 * crrc_store_open_async:
 * @path: the database file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs crrc_store_open() in a worker thread.
 */
void
crrc_store_open_async (const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL && *path != '\0');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, crrc_store_open_thread);
}

/**
 * crrc_store_open_finish:
 * @result: the result given to the callback of crrc_store_open_async()
 * @error: a location for a #GError, or %NULL
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
CrrcStore *
crrc_store_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crrc_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * crrc_store_open_reader:
 * @self: an open store
 * @error: a location for a #GError in %CRRC_STORE_ERROR, or %NULL
 *
 * Opens a second, read-only connection to the same cache, for queries that
 * run on their own worker thread while the store's connection writes (the
 * cache is in WAL mode: readers see the last committed state and never
 * block the writer). Like any store, it is used from one thread at a time.
 *
 * Returns: (transfer full) (nullable): a read-only store, or %NULL with
 *   @error set
 */
CrrcStore *
crrc_store_open_reader (CrrcStore  *self,
                        GError    **error)
{
  g_autoptr(sqlite3) db = NULL;
  CrrcStore *reader;
  int rc;

  g_return_val_if_fail (CRRC_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rc = sqlite3_open_v2 (self->path, &db,
                        SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                        NULL);
  if (rc != SQLITE_OK ||
      sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) != SQLITE_OK ||
      sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) != SQLITE_OK ||
      sqlite3_busy_timeout (db, 5000) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK)
    {
      store_set_error (error, CRRC_STORE_ERROR_CANNOT_OPEN,
                   _("The cache file “%s” cannot be opened: %s."),
                   self->path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      return NULL;
    }

  reader = g_object_new (CRRC_TYPE_STORE, NULL);
  reader->db = g_steal_pointer (&db);
  reader->path = g_strdup (self->path);
  reader->version = self->version;
  return reader;
}

const char *
crrc_store_get_path (CrrcStore *self)
{
  g_return_val_if_fail (CRRC_IS_STORE (self), NULL);

  return self->path;
}

guint
crrc_store_get_version (CrrcStore *self)
{
  g_return_val_if_fail (CRRC_IS_STORE (self), 0);

  return self->version;
}

/**
 * crrc_store_get_recovered_path:
 * @self: a #CrrcStore
 *
 * Returns: (nullable): where the damaged file found at opening was moved,
 *   or %NULL if the file was fine
 */
const char *
crrc_store_get_recovered_path (CrrcStore *self)
{
  g_return_val_if_fail (CRRC_IS_STORE (self), NULL);

  return self->recovered_path;
}

/**
 * crrc_store_shutdown:
 * @self: a #CrrcStore
 *
 * Stops writing, for an application that quits (on SIGTERM, say): the
 * running sync or import is cancelled and rolled back, and this waits
 * until it is; queued writes are refused as cancelled. Every committed
 * change stays. Call it from the thread that opened the store, with no
 * write of its own running.
 */
void
crrc_store_shutdown (CrrcStore *self)
{
  g_return_if_fail (CRRC_IS_STORE (self));

  g_cancellable_cancel (self->closing);

  /* The writer ends its transaction before it lets go of the lock. */
  _crrc_store_lock_writer (self);
  _crrc_store_unlock_writer (self);
}

static void
cancel_chained (GCancellable *parent,
                gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * _crrc_store_cancellable_init:
 * @chain: where to set up the cancellable
 * @self: the store written to
 * @cancellable: (nullable): the caller's cancellable
 *
 * Sets up @chain->cancellable, cancelled when @cancellable is or when
 * crrc_store_shutdown() is called (also when either happened already).
 */
void
_crrc_store_cancellable_init (CrrcStoreCancellable *chain,
                              CrrcStore            *self,
                              GCancellable         *cancellable)
{
  g_return_if_fail (chain != NULL);
  g_return_if_fail (CRRC_IS_STORE (self));

  chain->cancellable = g_cancellable_new ();
  chain->closing = g_object_ref (self->closing);
  chain->closing_id = g_cancellable_connect (chain->closing, G_CALLBACK (cancel_chained),
                                             chain->cancellable, NULL);
  if (cancellable != NULL)
    {
      chain->parent = g_object_ref (cancellable);
      chain->parent_id = g_cancellable_connect (chain->parent, G_CALLBACK (cancel_chained),
                                                chain->cancellable, NULL);
    }
}

void
_crrc_store_cancellable_clear (CrrcStoreCancellable *chain)
{
  g_return_if_fail (chain != NULL);

  if (chain->closing != NULL)
    g_cancellable_disconnect (chain->closing, chain->closing_id);
  if (chain->parent != NULL)
    g_cancellable_disconnect (chain->parent, chain->parent_id);
  g_clear_object (&chain->closing);
  g_clear_object (&chain->parent);
  g_clear_object (&chain->cancellable);
  chain->closing_id = chain->parent_id = 0;
}

sqlite3 *
_crrc_store_get_db (CrrcStore *self)
{
  g_return_val_if_fail (CRRC_IS_STORE (self), NULL);

  return self->db;
}

/**
 * _crrc_store_exec:
 * @self: a #CrrcStore
 * @sql: one or more SQL statements, without parameters
 * @error: a location for a #GError in %CRRC_STORE_ERROR_SQLITE, or %NULL
 *
 * Returns: %TRUE if every statement ran
 */
gboolean
_crrc_store_exec (CrrcStore   *self,
                  const char  *sql,
                  GError     **error)
{
  g_return_val_if_fail (CRRC_IS_STORE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return db_exec (self->db, self->path, sql, error);
}

/**
 * _crrc_store_set_error:
 * @self: a #CrrcStore
 * @error: a location for a #GError, or %NULL
 *
 * Sets @error to %CRRC_STORE_ERROR_SQLITE with the last message of the
 * connection, for code that runs its own prepared statements.
 */
void
_crrc_store_set_error (CrrcStore  *self,
                       GError    **error)
{
  g_return_if_fail (CRRC_IS_STORE (self));

  set_sqlite_error (error, self->db, self->path);
}

/**
 * _crrc_store_lock_writer:
 *
 * Takes the store's writer lock: held by whatever writes through the
 * connection (a sync, an import, a queued write) for as long as it uses it.
 */
void
_crrc_store_lock_writer (CrrcStore *self)
{
  g_return_if_fail (CRRC_IS_STORE (self));

  g_rec_mutex_lock (&self->writer_lock);
}

void
_crrc_store_unlock_writer (CrrcStore *self)
{
  g_return_if_fail (CRRC_IS_STORE (self));

  g_rec_mutex_unlock (&self->writer_lock);
}

typedef struct
{
  CrrcStoreWriteFunc func;
  gpointer           data;
  GDestroyNotify     data_free;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  if (job->data_free != NULL)
    g_clear_pointer (&job->data, job->data_free);
  g_free (job);
}

static void
write_queue_run (gpointer item,
                 gpointer user_data)
{
  g_autoptr(GTask) task = item;
  CrrcStore *self = g_task_get_source_object (task);
  WriteJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (g_cancellable_is_cancelled (self->closing))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The application is quitting: the change was not written."));
      return;
    }

  _crrc_store_lock_writer (self);
  ok = job->func (self, job->data, g_task_get_cancellable (task), &error);
  if (!ok && g_error_matches (error, CRRC_STORE_ERROR, CRRC_STORE_ERROR_NO_SPACE))
    _crrc_store_release_space (self->db);
  _crrc_store_unlock_writer (self);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, CRRC_STORE_ERROR, CRRC_STORE_ERROR_SQLITE,
                             _("The cache file “%s” could not be written."), self->path);
}

/**
 * crrc_store_write_async:
 * @self: the application's (writable) store
 * @func: what to write; runs on the store's writer thread holding the
 *   writer lock, and returns %FALSE with an error to fail the task
 * @data: passed to @func
 * @data_free: (nullable): frees @data once the write is over
 *
 * Queues a write. Writes run one after the other in the order they were
 * queued, never at the same time as a sync or an import (which wait for
 * the lock, or make the write wait), on the store's one connection.
 */
void
crrc_store_write_async (CrrcStore           *self,
                        CrrcStoreWriteFunc   func,
                        gpointer             data,
                        GDestroyNotify       data_free,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  WriteJob *job;

  g_return_if_fail (CRRC_IS_STORE (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (WriteJob, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, crrc_store_write_async);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);

  /* The pool holds the task (and so the store) until the job has run. */
  g_thread_pool_push (self->write_queue, task, NULL);
}

gboolean
crrc_store_write_finish (CrrcStore     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CRRC_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

sqlite3_stmt *
_crrc_store_prepare (CrrcStore   *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (CRRC_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _crrc_store_set_error (self, error);
      g_clear_pointer (&stmt, sqlite3_finalize);
    }

  return stmt;
}

gboolean
_crrc_store_step_done (CrrcStore     *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  g_return_val_if_fail (CRRC_IS_STORE (self), FALSE);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _crrc_store_set_error (self, error);
      return FALSE;
    }

  return TRUE;
}

char *
_crrc_column_dup (sqlite3_stmt *stmt,
                  int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}
