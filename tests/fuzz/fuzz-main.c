/* fuzz-main.c: replays a corpus through a fuzz target, without libFuzzer
 *
 * Usage: fuzz-NAME-replay PATH…  where each PATH is an input file or a
 * folder of them (read in name order, not recursively). Every input goes to
 * LLVMFuzzerTestOneInput() once; a crash, a failed assertion or, under
 * AddressSanitizer, a leak makes the program fail. The inputs are only read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static gboolean
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  uint8_t *copy;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  /* An exact copy, so that AddressSanitizer sees reads past the end. */
  copy = g_memdup2 (contents, length);
  LLVMFuzzerTestOneInput (copy, length);
  g_free (copy);

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  guint n_inputs = 0;

  crrc_fuzz_init ();

  if (argc < 2)
    {
      g_printerr ("usage: %s FILE-OR-FOLDER…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          GDir *dir = g_dir_open (argv[i], 0, &error);
          const char *name;

          if (dir == NULL)
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          while ((name = g_dir_read_name (dir)) != NULL)
            if (name[0] != '.')
              g_ptr_array_add (names, g_build_filename (argv[i], name, NULL));
          g_dir_close (dir);
          g_ptr_array_sort (names, compare_names);

          for (guint j = 0; j < names->len; j++)
            {
              const char *path = g_ptr_array_index (names, j);

              if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
                continue;
              g_print ("%s\n", path);
              if (!replay_file (path))
                return 1;
              n_inputs++;
            }
        }
      else
        {
          g_print ("%s\n", argv[i]);
          if (!replay_file (argv[i]))
            return 1;
          n_inputs++;
        }
    }

  if (n_inputs == 0)
    {
      g_printerr ("No input found.\n");
      return 1;
    }

  g_print ("%u inputs replayed\n", n_inputs);

  return 0;
}
