/* crrc-export.h: the cache's tables as CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "crrc-store.h"

G_BEGIN_DECLS

const char * const *crrc_export_get_tables  (void);
gboolean            crrc_export_csv         (CrrcStore      *store,
                                             const char     *table,
                                             GOutputStream  *output,
                                             guint          *n_rows,
                                             GCancellable   *cancellable,
                                             GError        **error);

typedef enum
{
  CRRC_EXPORT_NONE      = 0,
  /* Diffusion mode: leave out the columns that identify an establishment
   * (FINESS numbers, names, commune), record ids and free text. */
  CRRC_EXPORT_DIFFUSION = 1 << 0,
} CrrcExportFlags;

gboolean            crrc_export_csv_full    (CrrcStore      *store,
                                             const char     *table,
                                             CrrcExportFlags flags,
                                             GOutputStream  *output,
                                             guint          *n_rows,
                                             GCancellable   *cancellable,
                                             GError        **error);

G_END_DECLS
