/* crrc-store-private.h: the SQLite cache, for data/ code and the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "crrc-store.h"

G_BEGIN_DECLS

/*
 * One step of the schema: @sql runs in its own BEGIN IMMEDIATE transaction,
 * together with `PRAGMA user_version = @version`. Versions start at 1 and
 * strictly increase along a table. Foreign keys are not enforced while a step
 * runs (so a step may rebuild a table); `PRAGMA foreign_key_check` must be
 * clean before the step commits.
 */
typedef struct
{
  guint       version;
  const char *sql;
} CrrcMigration;

/* The built-in schema, oldest step first (crrc-schema.c). */
extern const CrrcMigration _crrc_schema_migrations[];
extern const guint         _crrc_schema_n_migrations;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close_v2)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

CrrcStore *_crrc_store_open_with_migrations (const char           *path,
                                             const CrrcMigration  *migrations,
                                             guint                 n_migrations,
                                             GCancellable         *cancellable,
                                             GError              **error);

/*
 * The connection is opened with SQLITE_OPEN_NOMUTEX: it may be used from any
 * thread, but from one thread at a time (the store's worker thread).
 */
sqlite3   *_crrc_store_get_db               (CrrcStore            *self);

gboolean   _crrc_store_exec                 (CrrcStore            *self,
                                             const char           *sql,
                                             GError              **error);
void       _crrc_store_set_error            (CrrcStore            *self,
                                             GError              **error);

/* A statement of @sql on the store's connection, or NULL with @error. */
sqlite3_stmt *_crrc_store_prepare           (CrrcStore            *self,
                                             const char           *sql,
                                             GError              **error);
/* Runs @stmt to its end; FALSE with @error on a SQLite error. */
gboolean   _crrc_store_step_done            (CrrcStore            *self,
                                             sqlite3_stmt         *stmt,
                                             GError              **error);
/* A copy of a text column, or NULL. */
char      *_crrc_column_dup                 (sqlite3_stmt         *stmt,
                                             int                   column);

/* The writer lock (see crrc_store_write_async()): held by a sync or an
 * import for as long as it writes through the connection. */
void       _crrc_store_lock_writer          (CrrcStore            *self);
void       _crrc_store_unlock_writer        (CrrcStore            *self);

/* Whether the last error of @db means that the disk (or the file size
 * limit) is full: SQLITE_FULL, or an I/O error with ENOSPC, EFBIG or
 * EDQUOT. Call it before anything else runs on @db (a ROLLBACK). */
gboolean   _crrc_store_db_is_full           (sqlite3              *db);
/* The one message for a full disk, naming the cache file of @db. */
void       _crrc_store_set_no_space_error   (sqlite3              *db,
                                             GError              **error);
/* After a write that failed on a full disk was rolled back: gives the
 * space of the write-ahead log back to the file system. */
void       _crrc_store_release_space        (sqlite3              *db);

/*
 * A cancellable for one sync or import: cancelled by the caller's
 * @cancellable and by crrc_store_shutdown(). Clear it when the write is
 * over.
 */
typedef struct
{
  GCancellable *cancellable;
  GCancellable *parent;
  GCancellable *closing;
  gulong        parent_id;
  gulong        closing_id;
} CrrcStoreCancellable;

void       _crrc_store_cancellable_init     (CrrcStoreCancellable *chain,
                                             CrrcStore            *self,
                                             GCancellable         *cancellable);
void       _crrc_store_cancellable_clear    (CrrcStoreCancellable *chain);

G_END_DECLS
