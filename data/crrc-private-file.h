/* crrc-private-file.h: write a file atomically, readable by its owner only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _CrrcPrivateFile CrrcPrivateFile;

/* Creates a hidden temporary file (mode 0600) next to @file; what is
 * written to crrc_private_file_get_stream() replaces @file only on
 * crrc_private_file_commit(). Errors name @file. */
CrrcPrivateFile *crrc_private_file_open       (GFile            *file,
                                               GCancellable     *cancellable,
                                               GError          **error);
GOutputStream   *crrc_private_file_get_stream (CrrcPrivateFile  *self);
/* Closes the temporary file and renames it over the destination; on
 * failure the destination keeps its previous content. Frees @self. */
gboolean         crrc_private_file_commit     (CrrcPrivateFile  *self,
                                               GCancellable     *cancellable,
                                               GError          **error);
/* Removes the temporary file and frees @self. */
void             crrc_private_file_abort      (CrrcPrivateFile  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrrcPrivateFile, crrc_private_file_abort)

G_END_DECLS
