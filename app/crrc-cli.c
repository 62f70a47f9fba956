/* crrc-cli.c: commands that run without a window
 *
 * `--import` and `--export-csv` work with no display and no D-Bus session:
 * they open the cache themselves, do their work on this thread and exit with
 * 0 (done), 1 (refused: nothing changed) or 2 (usage error).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <unistd.h>

#include "crrc-cli.h"
#include "crrc-export.h"
#include "crrc-import.h"
#include "crrc-store.h"

static const GOptionEntry cli_entries[] = {
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import FILE into the cache and print a summary: a FINESS extract (Etalab CSV), "
       "a FiNESS+ JSON file or CERT-FR bulletins, possibly gzip-compressed"), N_("FILE") },
  { "export-csv", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write TABLE of the cache as CSV (establishments)"), N_("TABLE") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --export-csv: write to FILE instead of the standard output"), N_("FILE") },
  { NULL }
};

void
crrc_cli_add_options (GApplication *app)
{
  g_application_add_main_option_entries (app, cli_entries);
}

static int
usage_error (const char *message)
{
  g_printerr ("crrc-dashboard: %s\n", message);
  g_printerr (_("Run “crrc-dashboard --help” to see the options.\n"));
  return CRRC_CLI_EXIT_USAGE;
}

static CrrcStore *
open_store (const char *cache_path)
{
  g_autoptr(GError) error = NULL;
  CrrcStore *store;

  store = crrc_store_open (cache_path, NULL, &error);
  if (store == NULL)
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return NULL;
    }

  if (crrc_store_get_recovered_path (store) != NULL)
    g_printerr (_("crrc-dashboard: the cache file was damaged; it was kept as “%s” and a new, empty cache was created.\n"),
                crrc_store_get_recovered_path (store));

  return store;
}

static void
import_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  if (total > 0)
    g_printerr ("\r%s %3u %%", _("Importing…"), (guint) (done * 100 / total));
}

static int
run_import (const char *path,
            const char *cache_path)
{
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(CrrcImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gboolean show_progress = isatty (STDERR_FILENO);

  store = open_store (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  report = crrc_import_file (store, file,
                             show_progress ? import_progress_cb : NULL, NULL,
                             NULL, &error);
  if (show_progress)
    g_printerr ("\r\033[K");

  if (report == NULL)
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }

  summary = crrc_import_report_to_text (report);
  g_print ("%s", summary);

  return CRRC_CLI_EXIT_OK;
}

static int
run_export (const char *table,
            const char *output_path,
            const char *cache_path)
{
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  guint n_rows = 0;

  if (!g_strv_contains (crrc_export_get_tables (), table))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) crrc_export_get_tables ());
      g_autofree char *message = g_strdup_printf (_("--export-csv does not know “%s”; it exports: %s."),
                                                  table, known);

      return usage_error (message);
    }

  store = open_store (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  if (output_path != NULL)
    {
      /* Written beside the destination and renamed on success, readable by
       * the user only: the registry joined with incidents is sensitive. */
      file = g_file_new_for_commandline_arg (output_path);
      output = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                                G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                                NULL, &error));
      if (output == NULL)
        {
          g_printerr ("crrc-dashboard: %s\n", error->message);
          return CRRC_CLI_EXIT_REFUSED;
        }
    }
  else
    {
      output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    }

  if (!crrc_export_csv (store, table, output, &n_rows, NULL, &error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing a cancelled replacement keeps the previous file. */
      g_cancellable_cancel (abandon);
      g_output_stream_close (output, abandon, NULL);
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }

  if (!g_output_stream_close (output, NULL, &error))
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }

  if (file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "Wrote %u row to “%s”.\n",
                               "Wrote %u rows to “%s”.\n",
                               n_rows),
                  n_rows, name);
    }

  return CRRC_CLI_EXIT_OK;
}

/**
 * crrc_cli_run:
 * @options: the parsed command line
 * @cache_path: the cache file to use
 *
 * Returns: an exit status, or -1 when the command line asks for the window
 */
int
crrc_cli_run (GVariantDict *options,
              const char   *cache_path)
{
  const char *import_path = NULL;
  const char *export_table = NULL;
  const char *output_path = NULL;

  g_variant_dict_lookup (options, "import", "^&ay", &import_path);
  g_variant_dict_lookup (options, "export-csv", "&s", &export_table);
  g_variant_dict_lookup (options, "output", "^&ay", &output_path);

  if (import_path != NULL && export_table != NULL)
    return usage_error (_("--import and --export-csv cannot be used together."));

  if (output_path != NULL && export_table == NULL)
    return usage_error (_("--output goes with --export-csv."));

  if (import_path != NULL)
    {
      if (import_path[0] == '\0')
        return usage_error (_("--import needs the path of a file."));
      return run_import (import_path, cache_path);
    }

  if (export_table != NULL)
    {
      if (output_path != NULL && output_path[0] == '\0')
        return usage_error (_("--output needs the path of a file."));
      return run_export (export_table, output_path, cache_path);
    }

  return -1;
}
