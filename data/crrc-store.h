/* crrc-store.h: the local SQLite cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CRRC_STORE_ERROR (crrc_store_error_quark ())

/**
 * CrrcStoreError:
 * @CRRC_STORE_ERROR_CANNOT_OPEN: the file or its folder cannot be read or
 *   created (permissions, a folder in the way, a full disk)
 * @CRRC_STORE_ERROR_CORRUPT: the file is not a usable SQLite database and
 *   could not be moved aside
 * @CRRC_STORE_ERROR_TOO_NEW: the file was written by a newer version of the
 *   application; it is left untouched
 * @CRRC_STORE_ERROR_MIGRATION: upgrading the schema failed; the file is left
 *   at its previous version
 * @CRRC_STORE_ERROR_SQLITE: any other SQLite failure
 * @CRRC_STORE_ERROR_NO_SPACE: the disk (or the file size limit) is full:
 *   the write was rolled back and the cache is as it was
 */
typedef enum
{
  CRRC_STORE_ERROR_CANNOT_OPEN,
  CRRC_STORE_ERROR_CORRUPT,
  CRRC_STORE_ERROR_TOO_NEW,
  CRRC_STORE_ERROR_MIGRATION,
  CRRC_STORE_ERROR_SQLITE,
  CRRC_STORE_ERROR_NO_SPACE,
} CrrcStoreError;

#define CRRC_TYPE_STORE (crrc_store_get_type ())
G_DECLARE_FINAL_TYPE (CrrcStore, crrc_store, CRRC, STORE, GObject)

GQuark      crrc_store_error_quark             (void);
char       *crrc_store_get_default_path        (void);
guint       crrc_store_get_latest_version      (void);

CrrcStore  *crrc_store_open                    (const char           *path,
                                                GCancellable         *cancellable,
                                                GError              **error);
void        crrc_store_open_async              (const char           *path,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
CrrcStore  *crrc_store_open_finish             (GAsyncResult         *result,
                                                GError              **error);

CrrcStore  *crrc_store_open_reader             (CrrcStore            *self,
                                                GError              **error);
const char *crrc_store_get_path                (CrrcStore            *self);
guint       crrc_store_get_version             (CrrcStore            *self);
const char *crrc_store_get_recovered_path      (CrrcStore            *self);
void        crrc_store_shutdown                (CrrcStore            *self);


/**
 * CrrcStoreWriteFunc:
 * @store: the store, its writer lock held
 * @data: the data given to crrc_store_write_async()
 *
 * One queued write, on the store's writer thread. Use the data/ functions
 * that write (they take @store) and return %FALSE with @error set to fail.
 */
typedef gboolean (*CrrcStoreWriteFunc) (CrrcStore     *store,
                                        gpointer       data,
                                        GCancellable  *cancellable,
                                        GError       **error);

void        crrc_store_write_async             (CrrcStore            *self,
                                                CrrcStoreWriteFunc    func,
                                                gpointer              data,
                                                GDestroyNotify        data_free,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean    crrc_store_write_finish            (CrrcStore            *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
