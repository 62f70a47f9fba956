/* crrc-private-file.c: write a file atomically, readable by its owner only
 *
 * The data goes to a hidden file created exclusively with mode 0600 in the
 * destination's folder (so the rename stays on one file system), then is
 * renamed over the destination: a failed or cancelled export never leaves
 * half a file, and exported figures are never readable by other users.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-private-file"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crrc-private-file.h"

struct _CrrcPrivateFile
{
  GFile         *file;
  GFile         *tmp;
  GOutputStream *stream;
};

static void
set_file_error (GError **error,
                GFile   *file,
                GError  *cause)
{
  g_autofree char *name = g_file_get_parse_name (file);

  /* Translators: the first %s is a file name, the second why it failed. */
  g_set_error (error, cause->domain, cause->code, _("Could not write “%s”: %s"), name, cause->message);
}

static void
private_file_free (CrrcPrivateFile *self)
{
  g_clear_object (&self->stream);
  g_clear_object (&self->tmp);
  g_clear_object (&self->file);
  g_free (self);
}

CrrcPrivateFile *
crrc_private_file_open (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GFile) tmp = NULL;
  CrrcPrivateFile *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  parent = g_file_get_parent (file);
  basename = g_file_get_basename (file);
  if (parent == NULL || basename == NULL)
    {
      g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                                                     _("Not a file name"));

      set_file_error (error, file, cause);
      return NULL;
    }

  for (guint attempt = 0; attempt < 8 && stream == NULL; attempt++)
    {
      g_autofree char *tmp_name = g_strdup_printf (".%s.%08x.tmp", basename, g_random_int ());

      g_clear_error (&local_error);
      g_clear_object (&tmp);
      tmp = g_file_get_child (parent, tmp_name);
      stream = g_file_create (tmp, G_FILE_CREATE_PRIVATE, cancellable, &local_error);
      if (stream == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        break;
    }
  if (stream == NULL)
    {
      set_file_error (error, file, local_error);
      return NULL;
    }

  self = g_new0 (CrrcPrivateFile, 1);
  self->file = g_object_ref (file);
  self->tmp = g_steal_pointer (&tmp);
  self->stream = g_buffered_output_stream_new_sized (G_OUTPUT_STREAM (stream), 64 * 1024);
  return self;
}

GOutputStream *
crrc_private_file_get_stream (CrrcPrivateFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->stream;
}

void
crrc_private_file_abort (CrrcPrivateFile *self)
{
  g_autoptr(GCancellable) cancelled = NULL;

  if (self == NULL)
    return;

  /* Closing with a cancelled cancellable skips flushing the buffer. */
  cancelled = g_cancellable_new ();
  g_cancellable_cancel (cancelled);
  g_output_stream_close (self->stream, cancelled, NULL);
  g_file_delete (self->tmp, NULL, NULL);
  private_file_free (self);
}

gboolean
crrc_private_file_commit (CrrcPrivateFile  *self,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error) ||
      !g_output_stream_close (self->stream, cancellable, &local_error) ||
      !g_file_move (self->tmp, self->file,
                    G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                    cancellable, NULL, NULL, &local_error))
    {
      set_file_error (error, self->file, local_error);
      crrc_private_file_abort (self);
      return FALSE;
    }

  private_file_free (self);
  return TRUE;
}
