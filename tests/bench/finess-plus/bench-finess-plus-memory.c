/* bench-finess-plus-memory.c: peak memory of a FiNESS+ import, by file size
 *
 *   bench-finess-plus-memory PYTHON3 GENERATOR
 *
 * Generates three FiNESS+ files with GENERATOR (generate-finess-plus.py):
 * a baseline with the GHT and groupements but no legal entity, then 10 000
 * and 100 000 establishments. Each is imported by a child process (this
 * program, run with --child) into a fresh cache; the parent reads the
 * child's peak resident memory from wait4() (ru_maxrss) and the child
 * reports its own VmHWM as a check.
 *
 * The importer streams the file, so its peak must not grow with the file:
 * the target is a ratio 100k / 10k of at most 1.2, and a peak under 150 MiB.
 * A missed target is printed, not failed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-finess-plus-memory"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "crrc-import.h"

#define TARGET_RATIO 1.2
#define TARGET_PEAK_MIB 150.0

typedef struct
{
  const char *label;
  guint       n_establishments;
  char       *path;
  guint64     size;
  guint64     peak_kib;     /* ru_maxrss of the child */
  guint64     hwm_kib;      /* VmHWM, as the child read it */
  guint       read;
  guint       rejected;
  double      seconds;
} Run;

/* The child: one import into a fresh cache, then its figures on stdout. */

static guint64
read_vm_hwm_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;

  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("VmHWM:"), NULL, 10);
}

static int
child_main (const char *path,
            const char *cache)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 start;

  store = crrc_store_open (cache, NULL, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  start = g_get_monotonic_time ();
  report = crrc_import_file (store, file, NULL, NULL, NULL, &error);
  if (report == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("%u %u %.3f %" G_GUINT64_FORMAT "\n",
           crrc_import_report_get_read (report),
           crrc_import_report_get_rejected (report),
           (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC,
           read_vm_hwm_kib ());

  return 0;
}

/* The parent */

static gboolean
generate (const char  *python,
          const char  *generator,
          Run         *run,
          GError     **error)
{
  g_autofree char *count = g_strdup_printf ("%u", run->n_establishments);
  const char *argv[] = { python, generator, run->path, count, NULL };
  g_autofree char *standard_error = NULL;
  GStatBuf st;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                     &standard_error, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: %s", generator, standard_error);
      return FALSE;
    }

  if (g_stat (run->path, &st) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s",
                   run->path, g_strerror (errno));
      return FALSE;
    }
  run->size = (guint64) st.st_size;

  return TRUE;
}

static gboolean
measure (const char  *self_path,
         const char  *dir,
         Run         *run,
         GError     **error)
{
  g_autofree char *cache = g_build_filename (dir, "crrc.db", NULL);
  g_autofree char *wal = g_strconcat (cache, "-wal", NULL);
  g_autofree char *shm = g_strconcat (cache, "-shm", NULL);
  const char *argv[] = { self_path, "--child", run->path, cache, NULL };
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *output = NULL;
  struct rusage usage;
  GPid pid;
  int out_fd;
  int status;

  g_unlink (cache);
  g_unlink (wal);
  g_unlink (shm);

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, error))
    return FALSE;

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  if (g_io_channel_read_to_end (channel, &output, NULL, error) != G_IO_STATUS_NORMAL)
    return FALSE;

  if (wait4 (pid, &status, 0, &usage) != pid)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "wait4: %s", g_strerror (errno));
      return FALSE;
    }
  g_spawn_close_pid (pid);
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "import of %s: ", run->path);
      return FALSE;
    }

  if (sscanf (output, "%u %u %lf %" G_GUINT64_FORMAT, &run->read, &run->rejected,
              &run->seconds, &run->hwm_kib) != 4)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "unexpected output of the child: %s", output);
      return FALSE;
    }
  run->peak_kib = (guint64) usage.ru_maxrss;

  g_unlink (cache);
  g_unlink (wal);
  g_unlink (shm);

  return TRUE;
}

static double
mib (guint64 kib)
{
  return (double) kib / 1024.0;
}

static char *
format_size (guint64 bytes)
{
  if (bytes < 1024 * 1024)
    return g_strdup_printf ("%.1f KiB", (double) bytes / 1024.0);

  return g_strdup_printf ("%.1f MiB", (double) bytes / (1024.0 * 1024.0));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *self_path = NULL;
  Run runs[] = {
    { "baseline: GHT, no legal entity", 0 },
    { "10,000 establishments", 10000 },
    { "100,000 establishments", 100000 },
  };
  double ratio, peak;
  gboolean ratio_met, peak_met;

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], argv[3]);

  if (argc != 3)
    {
      g_printerr ("Usage: %s PYTHON3 GENERATOR\n", argv[0]);
      return 2;
    }

  self_path = g_file_read_link ("/proc/self/exe", &error);
  if (self_path == NULL)
    goto failed;

  dir = g_dir_make_tmp ("crrc-bench-finess-plus-XXXXXX", &error);
  if (dir == NULL)
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *name = g_strdup_printf ("finess-structures-%u.json", runs[i].n_establishments);

      runs[i].path = g_build_filename (dir, name, NULL);
      if (!generate (argv[1], argv[2], &runs[i], &error) ||
          !measure (self_path, dir, &runs[i], &error))
        goto failed;
      g_unlink (runs[i].path);
    }

  g_print ("FiNESS+ JSON import: peak resident memory of the importing process\n"
           "(each file imported by its own process into a fresh cache;"
           " peak = ru_maxrss from wait4)\n");
#if defined(__SANITIZE_ADDRESS__)
  g_print ("Note: built with AddressSanitizer, whose shadow memory and quarantine inflate every figure.\n");
#endif
  g_print ("\n  %-32s %10s %8s %9s %10s %10s\n", "file", "size", "read", "time", "peak", "VmHWM");
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *size = format_size (runs[i].size);

      g_print ("  %-32s %10s %8u %7.2f s %6.1f MiB %6.1f MiB\n", runs[i].label, size,
               runs[i].read, runs[i].seconds, mib (runs[i].peak_kib), mib (runs[i].hwm_kib));
      if (runs[i].read != runs[i].n_establishments || runs[i].rejected != 0)
        g_print ("    (expected %u read and none rejected: %u read, %u rejected)\n",
                 runs[i].n_establishments, runs[i].read, runs[i].rejected);
    }

  ratio = (double) runs[2].peak_kib / (double) runs[1].peak_kib;
  peak = mib (MAX (runs[1].peak_kib, runs[2].peak_kib));
  ratio_met = ratio <= TARGET_RATIO;
  peak_met = peak < TARGET_PEAK_MIB;

  g_print ("\n  above the baseline: 10k %+.1f MiB, 100k %+.1f MiB\n",
           mib (runs[1].peak_kib) - mib (runs[0].peak_kib),
           mib (runs[2].peak_kib) - mib (runs[0].peak_kib));
  g_print ("  ratio 100k / 10k: %.2f (target at most %.1f): %s\n",
           ratio, TARGET_RATIO, ratio_met ? "target met" : "target MISSED");
  g_print ("  largest peak: %.1f MiB (target under %.0f MiB): %s\n",
           peak, TARGET_PEAK_MIB, peak_met ? "target met" : "target MISSED");

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    g_free (runs[i].path);
  g_rmdir (dir);

  return 0;

failed:
  g_printerr ("bench-finess-plus-memory: %s\n", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      if (runs[i].path != NULL)
        g_unlink (runs[i].path);
      g_free (runs[i].path);
    }
  if (dir != NULL)
    g_rmdir (dir);

  return 1;
}
