/* crrc-cli.c: commands that run without a window
 *
 * `--import` and `--export-csv` work with no display and no D-Bus session:
 * they open the cache themselves, do their work on this thread and exit with
 * 0 (done), 1 (refused: nothing changed) or 2 (usage error). SIGINT and
 * SIGTERM interrupt them (status 1): the import is rolled back, the file
 * being exported keeps its previous content. `--export-work` finishes first.
 *
 * `--sync` and `--sync=URL` synchronise the cache from the configured feed
 * (GSettings key feed-url) or from URL, print one line per feed and a
 * summary, and exit with 0 (no feed failed; postponed and discontinued feeds
 * are not failures), 1 (a feed failed, or the feed could not be read at all)
 * or 2 (usage or configuration error: no feed configured, an address refused
 * before any connection). SIGINT and SIGTERM cancel the sync: the feed being
 * read is rolled back.
 *
 * `--report=YEAR [--region=CODE] [--sector=SECTOR] [--json]` prints the
 * headline figures of a year (crrc-query.h), as text in the user's language
 * or as one JSON object. On an empty cache it first loads the demonstration
 * data the way the window does: the demo feed is written next to the cache
 * and synchronised through its file:// address. Exit status 0, 1 when the
 * cache cannot be read or the demo data cannot be loaded, 2 for a bad year,
 * region or sector.
 *
 * `--export=DIR [--year=YEAR] [--region=CODE] [--format=png|svg|pdf]
 * [--size=WIDTHxHEIGHT]` writes every chart of the Observatoire for that
 * scope into DIR (created if missing), one file `<id>.<ext>` per chart
 * (crrc-observatoire-charts.h), and prints each file written.
 * `--slides=FILE [--year=YEAR] [--region=CODE]` writes them as a 16:9 PDF
 * deck after a cover. The year defaults to the latest complete year (one
 * with incidents in December); an empty cache first gets the demonstration
 * data, as for `--report`.
 * Exit status 0, 1 when the cache cannot be read or a file cannot be
 * written, 2 for a bad year, region, format or size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "crrc-cli"

#include "config.h"

#include <errno.h>

#include <gio/gunixoutputstream.h>
#include <json-glib/json-glib.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <unistd.h>

#include "crrc-chart-export.h"
#include "crrc-cli.h"
#include "crrc-demo.h"
#include "crrc-diffusion.h"
#include "crrc-export.h"
#include "crrc-feed-records.h"
#include "crrc-feed-url.h"
#include "crrc-geo.h"
#include "crrc-import.h"
#include "crrc-local-feed.h"
#include "crrc-observatoire-charts.h"
#include "crrc-private-file.h"
#include "crrc-query.h"
#include "crrc-store.h"
#include "crrc-sync.h"

/* Rejected records listed on the standard error, per feed. */
#define MAX_REJECTS_SHOWN 20

/* The largest side of an exported chart, in pixels or points. */
#define MAX_EXPORT_SIDE 16384

/* Options that GApplication cannot hold in its GVariantDict: `--sync` takes
 * an optional argument, which only a callback of an option group can. */
typedef struct
{
  gboolean  sync;
  char     *sync_url;  /* NULL: the configured feed */
} CliState;

#define CLI_STATE_KEY "crrc-cli-state"

static const GOptionEntry cli_entries[] = {
  { "import", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import FILE into the cache and print a summary: a FINESS extract (Etalab CSV), "
       "a FiNESS+ JSON file or CERT-FR bulletins, possibly gzip-compressed"), N_("FILE") },
  { "export-csv", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write TABLE of the cache as CSV (establishments, incidents, audits, alerts, diagnostics)"),
    N_("TABLE") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --export-csv: write to FILE instead of the standard output"), N_("FILE") },
  { "diffusion", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --export, --slides, --export-csv or --report: diffusion mode, for presentations outside "
       "the centre: no establishment names or FINESS numbers, counts below 5 suppressed"), NULL },
  { "export-work", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write your own work (validated diagnostics, campaigns, stage changes) as a CRRC feed "
       "into the new or empty folder DIR, for a regional or national server"), N_("DIR") },
  { NULL }
};

static const GOptionEntry report_entries[] = {
  { "report", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Print the headline figures of YEAR: incidents, their origin and impact, support, "
       "audits and alerts (loads the demonstration data when the cache is empty)"), N_("YEAR") },
  { "region", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --report, --export or --slides: only the establishments of the region CODE "
       "(INSEE code, e.g. 27)"), N_("CODE") },
  { "sector", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --report: only the sector SECTOR (sanitaire or medico_social)"), N_("SECTOR") },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("With --report: print the figures as one JSON object"), NULL },
  { NULL }
};

static const GOptionEntry chart_entries[] = {
  { "export", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write every chart of the Observatoire into the folder DIR, one file per chart, and print "
       "the files written (loads the demonstration data when the cache is empty)"), N_("DIR") },
  { "slides", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the charts of the Observatoire as a 16:9 PDF slide deck to FILE"), N_("FILE") },
  { "year", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export or --slides: the year YEAR (default: the latest complete year)"), N_("YEAR") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: png (the default), svg or pdf"), N_("FORMAT") },
  { "size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --export: the size of each chart in pixels (points for SVG and PDF), "
       "default 1920x1080"), N_("WIDTHxHEIGHT") },
  { NULL }
};

static void
cli_state_free (gpointer data)
{
  CliState *state = data;

  g_free (state->sync_url);
  g_free (state);
}

static gboolean
sync_option_cb (const char  *option_name,
                const char  *value,
                gpointer     data,
                GError     **error)
{
  CliState *state = data;

  state->sync = TRUE;
  g_free (state->sync_url);
  state->sync_url = g_strdup (value);

  return TRUE;
}

static const GOptionEntry sync_entries[] = {
  { "sync", 0, G_OPTION_FLAG_OPTIONAL_ARG | G_OPTION_FLAG_IN_MAIN, G_OPTION_ARG_CALLBACK, (gpointer) sync_option_cb,
    N_("Synchronise the cache from the configured feed, or from the feed at URL (--sync=URL), "
       "and print one line per feed. Exit status: 0 when no feed failed, 1 when one failed, "
       "2 when no feed is configured or the address is refused"), N_("URL") },
  { NULL }
};

void
crrc_cli_add_options (GApplication *app)
{
  CliState *state = g_new0 (CliState, 1);
  GOptionGroup *group;

  g_object_set_data_full (G_OBJECT (app), CLI_STATE_KEY, state, cli_state_free);

  g_application_add_main_option_entries (app, cli_entries);
  g_application_add_main_option_entries (app, report_entries);
  g_application_add_main_option_entries (app, chart_entries);

  group = g_option_group_new ("sync", _("Synchronisation options:"),
                              _("Show the synchronisation options"), state, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, sync_entries);
  g_application_add_option_group (app, group);
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

/* While a command works on this thread, SIGINT and SIGTERM cancel its
 * cancellable: their sources run on a thread of their own, so the command
 * needs no main loop. The write being cancelled rolls back, the command
 * exits with a message, and the cache stays as it was. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GSource      *sources[2];
} SignalWatch;

static gboolean
signal_watch_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));

  return G_SOURCE_CONTINUE;
}

static gboolean
signal_watch_quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

static gpointer
signal_watch_thread (gpointer user_data)
{
  SignalWatch *watch = user_data;

  g_main_context_push_thread_default (watch->context);
  g_main_loop_run (watch->loop);
  g_main_context_pop_thread_default (watch->context);

  return NULL;
}

static SignalWatch *
signal_watch_new (GCancellable *cancellable)
{
  static const int signals[] = { SIGINT, SIGTERM };
  SignalWatch *watch = g_new0 (SignalWatch, 1);

  watch->context = g_main_context_new ();
  watch->loop = g_main_loop_new (watch->context, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      watch->sources[i] = g_unix_signal_source_new (signals[i]);
      g_source_set_callback (watch->sources[i], signal_watch_cb,
                             g_object_ref (cancellable), g_object_unref);
      g_source_attach (watch->sources[i], watch->context);
    }
  watch->thread = g_thread_new ("crrc-signals", signal_watch_thread, watch);

  return watch;
}

static void
signal_watch_free (SignalWatch *watch)
{
  g_autoptr(GSource) quit = g_idle_source_new ();

  /* A source, not g_main_loop_quit(): the loop may not run yet. */
  g_source_set_callback (quit, signal_watch_quit_cb, watch->loop, NULL);
  g_source_attach (quit, watch->context);
  g_thread_join (watch->thread);

  for (guint i = 0; i < G_N_ELEMENTS (watch->sources); i++)
    {
      g_source_destroy (watch->sources[i]);
      g_source_unref (watch->sources[i]);
    }
  g_main_loop_unref (watch->loop);
  g_main_context_unref (watch->context);
  g_free (watch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignalWatch, signal_watch_free)

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

  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SignalWatch) watch = NULL;

  watch = signal_watch_new (cancellable);
  store = open_store (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  report = crrc_import_file (store, file,
                             show_progress ? import_progress_cb : NULL, NULL,
                             cancellable, &error);
  g_clear_pointer (&watch, signal_watch_free);
  if (show_progress)
    g_printerr ("\r\033[K");

  if (report == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr (_("crrc-dashboard: the import was interrupted; the cache is as it was.\n"));
      else
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
            gboolean    diffusion,
            const char *cache_path)
{
  g_autoptr(CrrcPrivateFile) private_file = NULL;
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(SignalWatch) watch = NULL;
  guint n_rows = 0;

  if (!g_strv_contains (crrc_export_get_tables (), table))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) crrc_export_get_tables ());
      g_autofree char *message = g_strdup_printf (_("--export-csv does not know “%s”; it exports: %s."),
                                                  table, known);

      return usage_error (message);
    }

  cancellable = g_cancellable_new ();
  watch = signal_watch_new (cancellable);
  store = open_store (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  if (output_path != NULL)
    {
      /* Written beside the destination and renamed on success, readable by
       * the user only: the registry joined with incidents is sensitive. */
      file = g_file_new_for_commandline_arg (output_path);
      private_file = crrc_private_file_open (file, NULL, &error);
      if (private_file == NULL)
        {
          g_printerr ("crrc-dashboard: %s\n", error->message);
          return CRRC_CLI_EXIT_REFUSED;
        }
      output = g_object_ref (crrc_private_file_get_stream (private_file));
    }
  else
    {
      output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    }

  if (!crrc_export_csv_full (store, table, diffusion ? CRRC_EXPORT_DIFFUSION : CRRC_EXPORT_NONE,
                             output, &n_rows, cancellable, &error) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_clear_pointer (&watch, signal_watch_free);
      /* Removing the temporary file keeps the previous file. */
      g_cancellable_cancel (abandon);
      if (private_file != NULL)
        crrc_private_file_abort (g_steal_pointer (&private_file));
      else
        g_output_stream_close (output, abandon, NULL);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr (_("crrc-dashboard: the export was interrupted; nothing was written.\n"));
      else
        g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }

  /* From here on, a signal waits until the file is in place. */
  if (private_file != NULL ? !crrc_private_file_commit (g_steal_pointer (&private_file), NULL, &error)
                           : !g_output_stream_close (output, NULL, &error))
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

/* A string of the application's settings, or NULL without its schema. */
static char *
configured_string (const char *key)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);

  return g_settings_get_string (settings, key);
}

/* The address of --sync, or the configured one. */
static char *
configured_feed_url (void)
{
  return configured_string ("feed-url");
}

static int
run_export_work (const char *directory,
                 const char *cache_path)
{
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *region = configured_string ("region");
  g_autofree char *publisher = crrc_local_feed_get_publisher (region);
  CrrcLocalFeedCounts counts = { 0 };

  g_autoptr(GCancellable) deferred = g_cancellable_new ();
  g_autoptr(SignalWatch) watch = NULL;
  gboolean ok;

  store = open_store (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  /* The export is short and written in a hidden folder renamed at the end:
   * a signal waits until it is over rather than leave that folder. */
  watch = signal_watch_new (deferred);
  ok = crrc_local_feed_export (store, directory, publisher, &counts, &error);
  g_clear_pointer (&watch, signal_watch_free);

  if (!ok)
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "%u diagnostic", "%u diagnostics", counts.diagnostics), counts.diagnostics);
  g_print ("\n");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u campaign", "%u campaigns", counts.campaigns), counts.campaigns);
  g_print ("\n");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u target", "%u targets", counts.targets), counts.targets);
  g_print ("\n");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u stage change", "%u stage changes", counts.stage_changes),
           counts.stage_changes);
  g_print ("\n");
  /* Translators: %s is a folder. */
  g_print (_("Written to “%s”.\n"), directory);

  return CRRC_CLI_EXIT_OK;
}

typedef struct
{
  GMainLoop      *loop;
  CrrcSyncReport *report;
  GError         *error;
  GCancellable   *cancellable;
  gboolean        show_progress;
} SyncCommand;

static void
sync_progress_cb (CrrcSync   *sync,
                  const char *feed,
                  guint       page,
                  guint64     records,
                  guint64     bytes,
                  gpointer    user_data)
{
  g_autofree char *size = g_format_size (bytes);
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, records);

  g_printerr ("\r\033[K");
  /* Translators: a feed's name, a page number, a number of records and a
   * size ("1.2 MB"). */
  g_printerr (_("%s: page %u, %s records, %s…"), feed, page, count, size);
}

static gboolean
sync_signal_cb (gpointer user_data)
{
  SyncCommand *command = user_data;

  g_cancellable_cancel (command->cancellable);

  return G_SOURCE_CONTINUE;
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncCommand *command = user_data;

  command->report = crrc_sync_run_finish (CRRC_SYNC (object), result, &command->error);
  g_main_loop_quit (command->loop);
}

static void
print_rejects (CrrcSyncReport *report)
{
  for (guint i = 0; i < crrc_sync_report_get_n_feeds (report); i++)
    {
      const CrrcFeedResult *result = crrc_sync_report_get_feed (report, i);
      guint shown = MIN (result->rejects->len, MAX_REJECTS_SHOWN);

      for (guint j = 0; j < shown; j++)
        {
          const CrrcFeedReject *reject = g_ptr_array_index (result->rejects, j);

          if (reject->field != NULL)
            /* Translators: a feed's name, a record's id, a field and why it
             * was rejected. */
            g_printerr (_("crrc-dashboard: %s: record %s rejected, %s: %s\n"),
                        result->feed, reject->record, reject->field, reject->reason);
          else
            g_printerr (_("crrc-dashboard: %s: record %s rejected: %s\n"),
                        result->feed, reject->record, reject->reason);
        }

      if (result->rejected > shown)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "crrc-dashboard: %s: %u more record rejected\n",
                                 "crrc-dashboard: %s: %u more records rejected\n",
                                 result->rejected - shown),
                    result->feed, result->rejected - shown);
    }
}

static int
run_sync (const char *url,
          const char *cache_path)
{
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *configured = NULL;
  g_autofree char *text = NULL;
  SyncCommand command = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  if (url == NULL)
    {
      configured = configured_feed_url ();
      if (configured == NULL || configured[0] == '\0')
        return usage_error (_("No feed address is configured: set one in the preferences, "
                              "or give one with --sync=URL."));
      url = configured;
    }
  else if (url[0] == '\0')
    {
      return usage_error (_("--sync= needs the address of a feed."));
    }

  /* Refused before the cache is opened or anything is sent. */
  if (!crrc_feed_url_check (url, &error))
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_USAGE;
    }

  store = open_store (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  sync = crrc_sync_new (store, url);
  loop = g_main_loop_new (NULL, FALSE);
  cancellable = g_cancellable_new ();

  command.loop = loop;
  command.cancellable = cancellable;
  command.show_progress = isatty (STDERR_FILENO);
  if (command.show_progress)
    g_signal_connect (sync, "progress", G_CALLBACK (sync_progress_cb), &command);

  sigint_id = g_unix_signal_add (SIGINT, sync_signal_cb, &command);
  sigterm_id = g_unix_signal_add (SIGTERM, sync_signal_cb, &command);

  crrc_sync_run_async (sync, cancellable, sync_done_cb, &command);
  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (command.show_progress)
    {
      g_signal_handlers_disconnect_by_func (sync, sync_progress_cb, &command);
      g_printerr ("\r\033[K");
    }

  if (command.report == NULL)
    {
      if (g_error_matches (command.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr (_("crrc-dashboard: the synchronisation was cancelled; the cache is as it was.\n"));
      else
        g_printerr ("crrc-dashboard: %s\n", command.error->message);
      g_clear_error (&command.error);
      return CRRC_CLI_EXIT_REFUSED;
    }

  text = crrc_sync_report_to_text (command.report);
  g_print ("%s", text);
  print_rejects (command.report);
  if (crrc_sync_report_get_cancelled (command.report))
    g_printerr (_("crrc-dashboard: the synchronisation was interrupted; the feed being read was "
                  "rolled back, the cache is as it was before it.\n"));

  status = crrc_sync_report_has_failures (command.report) ? CRRC_CLI_EXIT_REFUSED : CRRC_CLI_EXIT_OK;
  g_clear_object (&command.report);

  return status;
}

/* Loads the demonstration data into an empty cache through the normal sync
 * path: the feed is written next to the cache, synchronised from its file://
 * address, then removed (the rows keep that address as their source). */
static gboolean
load_demo_data (CrrcStore   *store,
                GError     **error)
{
  g_autofree char *directory = crrc_demo_get_directory (crrc_store_get_path (store));
  g_autofree char *base = crrc_demo_get_url (crrc_store_get_path (store));
  g_autoptr(CrrcSync) sync = NULL;
  g_autoptr(CrrcSyncReport) report = NULL;
  g_autoptr(GFile) root = NULL;
  gboolean ok;

  if (!crrc_demo_write_feed (directory, CRRC_DEMO_SEED, 1, error))
    return FALSE;

  if (base == NULL)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_BAD_URI,
                   "%s", directory);
      return FALSE;
    }
  sync = crrc_sync_new (store, base);
  crrc_sync_set_use_keyring (sync, FALSE);
  report = crrc_sync_run (sync, NULL, error);
  ok = report != NULL;
  if (ok && crrc_sync_report_has_failures (report))
    {
      g_autofree char *text = crrc_sync_report_to_text (report);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", text);
      ok = FALSE;
    }

  /* The feed's files are not needed once synchronised. */
  root = g_file_new_for_path (directory);
  {
    g_autoptr(GFileEnumerator) feeds = g_file_enumerate_children (root, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                  G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                  NULL, NULL);
    GFileInfo *info;
    GFile *child;

    while (feeds != NULL && g_file_enumerator_iterate (feeds, &info, &child, NULL, NULL) && info != NULL)
      {
        g_autoptr(GFileEnumerator) pages = g_file_enumerate_children (child, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                      G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                      NULL, NULL);
        GFileInfo *page_info;
        GFile *page;

        while (pages != NULL && g_file_enumerator_iterate (pages, &page_info, &page, NULL, NULL)
               && page_info != NULL)
          g_file_delete (page, NULL, NULL);
        g_file_delete (child, NULL, NULL);
      }
    g_file_delete (root, NULL, NULL);
  }

  return ok;
}

static char *
format_percent (gint64 value)
{
  if (value < 0)
    return g_strdup (_("n/a"));
  /* Translators: a whole percentage, e.g. "53 %" (with a no-break space in French). */
  return g_strdup_printf (_("%d %%"), (int) value);
}

/* Diffusion mode for --report: a count from 1 to 4 is suppressed, and so is
 * a whole percentage of @whole that may stand for a part or a complement
 * from 1 to 4 (the report keeps only the rounded percentage: every part it
 * may round from is considered). */
static gboolean
report_percent_is_suppressed (gint64 percent,
                              gint64 whole)
{
  if (percent < 0)
    return FALSE;
  if (crrc_diffusion_count_is_suppressed (whole))
    return TRUE;
  for (int side = 0; side < 2; side++)
    {
      double p = side == 0 ? (double) percent : 100.0 - (double) percent;
      double low = (p - 0.5) * (double) whole / 100.0;
      double high = (p + 0.5) * (double) whole / 100.0;

      if (high >= 1 && low < CRRC_DIFFUSION_THRESHOLD)
        return TRUE;
    }
  return FALSE;
}

static char *
report_count (gint64   value,
              gboolean diffusion)
{
  if (diffusion && crrc_diffusion_count_is_suppressed (value))
    return crrc_diffusion_format_small ();
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

static char *
report_percent (gint64   value,
                gint64   whole,
                gboolean diffusion)
{
  if (diffusion && report_percent_is_suppressed (value, whole))
    return g_strdup (C_("suppressed value", "hidden"));
  return format_percent (value);
}

/* Whether exactly one kind of audit is suppressed: the total must go too. */
static gboolean
report_audits_give_away (const CrrcReport *r)
{
  const gint64 kinds[] = {
    r->audits_centre_hospitalier, r->audits_sanitaire_autre, r->audits_medico_social, r->audits_grades,
  };
  guint n_small = 0;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (crrc_diffusion_count_is_suppressed (kinds[i]))
      n_small++;
  return n_small == 1;
}

/* The JSON report in diffusion mode: suppressed figures become null, and
 * "suppressed_below" says why. */
static char *
report_json_diffusion (const CrrcReport  *r,
                       const char        *text,
                       GError           **error)
{
  static const char * const counts[] = {
    "incidents", "incidents_previous_year", "support_requests", "cert_supported_establishments",
    "severe_incidents", "ransomware_incidents", "audits", "audited_ght", "ght_majority_audited",
    "alerted_structures", "declaring_structures",
  };
  const struct { const char *name; gint64 whole; } percents[] = {
    { "malicious_pct", r->incidents },
    { "non_malicious_pct", r->incidents },
    { "patient_care_impact_pct", r->incidents },
    { "no_functioning_impact_pct", r->incidents },
    { "support_requests_pct", r->incidents },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *root;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (json_object_has_member (root, counts[i]) &&
        crrc_diffusion_count_is_suppressed (json_object_get_int_member_with_default (root, counts[i], 0)))
      json_object_set_null_member (root, counts[i]);
  for (guint i = 0; i < G_N_ELEMENTS (percents); i++)
    if (json_object_has_member (root, percents[i].name) &&
        report_percent_is_suppressed (json_object_get_int_member_with_default (root, percents[i].name, -1),
                                      percents[i].whole))
      json_object_set_null_member (root, percents[i].name);
  if (crrc_diffusion_count_is_suppressed (r->incidents) ||
      crrc_diffusion_count_is_suppressed (r->incidents_previous_year))
    json_object_set_null_member (root, "incidents_change_pct");

  /* The breakdowns: their members and elements are counts. */
  for (const char * const *name = (const char * const[]) { "audits_by_target", "incidents_by_type", NULL };
       *name != NULL; name++)
    {
      JsonObject *object = json_object_get_object_member (root, *name);
      g_autoptr(GList) members = object != NULL ? json_object_get_members (object) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        if (crrc_diffusion_count_is_suppressed (json_object_get_int_member_with_default (object, l->data, 0)))
          json_object_set_null_member (object, l->data);
    }
  {
    JsonArray *months = json_object_get_array_member (root, "incidents_by_month");
    JsonArray *kept = json_array_new ();

    for (guint m = 0; months != NULL && m < json_array_get_length (months); m++)
      {
        gint64 count = json_array_get_int_element (months, m);

        if (crrc_diffusion_count_is_suppressed (count))
          json_array_add_null_element (kept);
        else
          json_array_add_int_element (kept, count);
      }
    json_object_set_array_member (root, "incidents_by_month", kept);
  }
  if (report_audits_give_away (r))
    json_object_set_null_member (root, "audits");
  json_object_set_int_member (root, "suppressed_below", CRRC_DIFFUSION_THRESHOLD);

  node = json_parser_get_root (parser);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
print_report_text (const CrrcReport *r,
                   gboolean          diffusion)
{
  g_autofree char *malicious = report_percent (r->malicious_pct, r->incidents, diffusion);
  g_autofree char *no_impact = report_percent (r->no_functioning_impact_pct, r->incidents, diffusion);
  g_autofree char *patient = report_percent (r->patient_care_impact_pct, r->incidents, diffusion);
  g_autofree char *support = report_percent (r->support_requests_pct, r->incidents, diffusion);
  const CrrcRegion *region = r->region != NULL ? crrc_geo_lookup_region (r->region) : NULL;
  const char *scope = region != NULL ? region->name : _("France");
  g_autofree char *incidents = report_count (r->incidents, diffusion);
  g_autofree char *previous = report_count (r->incidents_previous_year, diffusion);
  g_autofree char *support_requests = report_count (r->support_requests, diffusion);
  g_autofree char *supported = report_count (r->cert_supported_establishments, diffusion);
  g_autofree char *severe = report_count (r->severe_incidents, diffusion);
  g_autofree char *ransomware = report_count (r->ransomware_incidents, diffusion);
  g_autofree char *audits = report_count (r->audits, diffusion);
  g_autofree char *audits_ch = report_count (r->audits_centre_hospitalier, diffusion);
  g_autofree char *audits_other = report_count (r->audits_sanitaire_autre, diffusion);
  g_autofree char *audits_ms = report_count (r->audits_medico_social, diffusion);
  g_autofree char *audits_grades = report_count (r->audits_grades, diffusion);
  g_autofree char *ght = report_count (r->audited_ght, diffusion);
  g_autofree char *ght_majority = report_count (r->ght_majority_audited, diffusion);
  g_autofree char *alerted = report_count (r->alerted_structures, diffusion);
  g_autofree char *declaring = report_count (r->declaring_structures, diffusion);

  /* One suppressed kind of audit and the total would give it away. */
  if (diffusion && report_audits_give_away (r))
    {
      g_free (audits);
      audits = g_strdup (C_("suppressed value", "hidden"));
    }

  if (r->sector == NULL)
    /* Translators: a year and a region ("France" for the whole country). */
    g_print (_("Report %d, %s, all sectors\n"), r->year, scope);
  else if (g_str_equal (r->sector, "sanitaire"))
    g_print (_("Report %d, %s, health establishments\n"), r->year, scope);
  else
    g_print (_("Report %d, %s, medico-social establishments\n"), r->year, scope);

  g_print (_("Incidents declared: %s\n"), incidents);
  if (r->has_change && !(diffusion && (crrc_diffusion_count_is_suppressed (r->incidents) ||
                                       crrc_diffusion_count_is_suppressed (r->incidents_previous_year))))
    /* Translators: the number of the year before, the year before, and a change
     * with one decimal and its sign, e.g. "592 in 2022, -1.9 %". */
    g_print (_("Previous year: %s in %d, change %+.1f %%\n"),
             previous, r->year - 1, r->incidents_change_pct);
  else if (r->has_change)
    /* Translators: the number of the year before and the year before. */
    g_print (_("Previous year: %s in %d\n"), previous, r->year - 1);
  g_print (_("Malicious origin: %s\n"), malicious);
  g_print (_("No impact on functioning: %s\n"), no_impact);
  g_print (_("Patient care affected: %s\n"), patient);
  g_print (_("Support requests: %s (%s)\n"), support_requests, support);
  g_print (_("Establishments supported by CERT Santé: %s\n"), supported);
  g_print (_("Severe incidents: %s\n"), severe);
  g_print (_("Ransomware incidents: %s\n"), ransomware);
  /* Translators: audits in all, then by kind of establishment. */
  g_print (_("Cybersurveillance audits: %s (hospital centres %s, other health establishments %s, "
             "medico-social %s, GRADeS %s)\n"),
           audits, audits_ch, audits_other, audits_ms, audits_grades);
  g_print (_("GHT audited: %s, more than half of their establishments in %s\n"), ght, ght_majority);
  g_print (_("Structures alerted: %s\n"), alerted);
  g_print (_("Declaring structures: %s\n"), declaring);
  if (diffusion)
    g_print ("%s\n", crrc_diffusion_get_note ());
  g_print (_("Data as of: %s\n"), r->data_freshness != NULL ? r->data_freshness : _("never synchronised"));
}

static int
run_report (const char *year_text,
            const char *region,
            const char *sector,
            gboolean    json,
            gboolean    diffusion,
            const char *cache_path)
{
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(CrrcReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gint64 year = 0;
  gboolean empty = FALSE;

  if (!g_ascii_string_to_signed (year_text, 10, 1900, 2999, &year, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("--report needs a year, not “%s”."), year_text);
      return usage_error (message);
    }
  if (region != NULL && crrc_geo_lookup_region (region) == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("--region: “%s” is not the INSEE code of a region."), region);
      return usage_error (message);
    }
  if (sector != NULL && !g_str_equal (sector, "sanitaire") && !g_str_equal (sector, "medico_social"))
    {
      g_autofree char *message =
        g_strdup_printf (_("--sector: “%s” is not a sector (sanitaire or medico_social)."), sector);
      return usage_error (message);
    }

  store = open_store (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  if (!crrc_query_cache_is_empty (store, &empty, &error))
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }
  if (empty)
    {
      g_printerr (_("crrc-dashboard: the cache is empty: loading the demonstration data…\n"));
      if (!load_demo_data (store, &error))
        {
          g_printerr (_("crrc-dashboard: the demonstration data could not be loaded: %s\n"),
                      error->message);
          return CRRC_CLI_EXIT_REFUSED;
        }
    }

  report = crrc_query_report (store, (int) year, region, sector, &error);
  if (report == NULL)
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }

  if (json)
    {
      g_autofree char *text = crrc_report_to_json (report);

      if (diffusion)
        {
          g_autofree char *suppressed = report_json_diffusion (report, text, &error);

          if (suppressed == NULL)
            {
              g_printerr ("crrc-dashboard: %s\n", error->message);
              return CRRC_CLI_EXIT_REFUSED;
            }
          g_print ("%s\n", suppressed);
        }
      else
        {
          g_print ("%s", text);
        }
    }
  else
    {
      print_report_text (report, diffusion);
    }

  return CRRC_CLI_EXIT_OK;
}

/* "1920x1080" → 1920, 1080. */
static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", -1);
  gint64 w, h;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_signed (parts[0], 10, 1, MAX_EXPORT_SIDE, &w, NULL)
      || !g_ascii_string_to_signed (parts[1], 10, 1, MAX_EXPORT_SIDE, &h, NULL))
    return FALSE;

  *width = (int) w;
  *height = (int) h;
  return TRUE;
}

typedef struct
{
  const char *export_dir;
  const char *slides_path;
  const char *year;
  const char *region;
  const char *format;
  const char *size;
  gboolean    diffusion;
} ChartCommand;

/* Opens the cache, with the demonstration data when it is empty. */
static CrrcStore *
open_store_with_data (const char *cache_path)
{
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean empty = FALSE;

  store = open_store (cache_path);
  if (store == NULL)
    return NULL;

  if (!crrc_query_cache_is_empty (store, &empty, &error))
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return NULL;
    }
  if (empty)
    {
      g_printerr (_("crrc-dashboard: the cache is empty: loading the demonstration data…\n"));
      if (!load_demo_data (store, &error))
        {
          g_printerr (_("crrc-dashboard: the demonstration data could not be loaded: %s\n"),
                      error->message);
          return NULL;
        }
    }

  return g_steal_pointer (&store);
}

static int
export_charts (GPtrArray       *charts,
               const char      *directory,
               CrrcChartFormat  format,
               int              width,
               int              height)
{
  const char *extension = crrc_chart_format_to_extension (format);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      /* Translators: a folder and why it could not be made. */
      g_printerr (_("crrc-dashboard: cannot create the folder “%s”: %s\n"),
                  directory, g_strerror (saved_errno));
      return CRRC_CLI_EXIT_REFUSED;
    }

  for (guint i = 0; i < charts->len; i++)
    {
      CrrcChartModel *model = g_ptr_array_index (charts, i);
      g_autofree char *name = g_strconcat (crrc_chart_model_get_id (model), ".", extension, NULL);
      g_autofree char *path = g_build_filename (directory, name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      if (!crrc_chart_export_file (model, format, file, width, height, 1.0, NULL, &error))
        {
          g_printerr ("crrc-dashboard: %s\n", error->message);
          return CRRC_CLI_EXIT_REFUSED;
        }
      g_print ("%s\n", path);
    }

  return CRRC_CLI_EXIT_OK;
}

static int
export_slides (CrrcStore             *store,
               GPtrArray             *charts,
               const CrrcQueryFilter *filter,
               const char            *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *scope = crrc_observatoire_describe_scope (filter, filter->year);
  g_autofree char *freshness = NULL;
  g_autofree char *freshness_text = NULL;
  CrrcSlidesCover cover = { 0 };
  gboolean demo = FALSE;

  if (!crrc_query_data_freshness (store, &freshness, &error)
      || !crrc_observatoire_is_demo (store, &demo, &error))
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }
  freshness_text = crrc_observatoire_describe_freshness (freshness);

  cover.title = _("Observatory of security incidents in the health and medico-social sectors");
  cover.scope = scope;
  cover.freshness = freshness_text;
  cover.demo = demo;

  if (!crrc_chart_export_slides (charts, &cover, file, NULL, &error))
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }
  g_print ("%s\n", path);

  return CRRC_CLI_EXIT_OK;
}

static int
run_charts (const ChartCommand *command,
            const char         *cache_path)
{
  g_autoptr(CrrcStore) store = NULL;
  g_autoptr(GPtrArray) charts = NULL;
  g_autoptr(GError) error = NULL;
  CrrcChartFormat format = CRRC_CHART_FORMAT_PNG;
  CrrcQueryFilter filter = { 0 };
  int width = CRRC_CHART_EXPORT_WIDTH;
  int height = CRRC_CHART_EXPORT_HEIGHT;
  gint64 year = 0;
  int status = CRRC_CLI_EXIT_OK;

  if (command->export_dir != NULL && command->export_dir[0] == '\0')
    return usage_error (_("--export needs the path of a folder."));
  if (command->slides_path != NULL && command->slides_path[0] == '\0')
    return usage_error (_("--slides needs the path of a file."));
  if (command->export_dir == NULL && (command->format != NULL || command->size != NULL))
    return usage_error (_("--format and --size go with --export."));
  if (command->year != NULL && !g_ascii_string_to_signed (command->year, 10, 1900, 2999, &year, NULL))
    {
      g_autofree char *message =
        g_strdup_printf (_("--year needs a year, not “%s”."), command->year);
      return usage_error (message);
    }
  if (command->region != NULL && crrc_geo_lookup_region (command->region) == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("--region: “%s” is not the INSEE code of a region."), command->region);
      return usage_error (message);
    }
  if (command->format != NULL && !crrc_chart_format_from_string (command->format, &format))
    {
      g_autofree char *message =
        g_strdup_printf (_("--format: “%s” is not a format (png, svg or pdf)."), command->format);
      return usage_error (message);
    }
  if (command->size != NULL && !parse_size (command->size, &width, &height))
    {
      g_autofree char *message =
        g_strdup_printf (_("--size expects WIDTHxHEIGHT, e.g. 1920x1080, not “%s”."), command->size);
      return usage_error (message);
    }

  store = open_store_with_data (cache_path);
  if (store == NULL)
    return CRRC_CLI_EXIT_REFUSED;

  if (year == 0)
    {
      int latest = 0;

      if (!crrc_query_latest_complete_year (store, &latest, &error))
        {
          g_printerr ("crrc-dashboard: %s\n", error->message);
          return CRRC_CLI_EXIT_REFUSED;
        }
      if (latest == 0)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();

          latest = g_date_time_get_year (now);
        }
      year = latest;
    }
  filter.year = (int) year;
  filter.region = command->region;

  charts = crrc_observatoire_charts_build_full (store, &filter, command->diffusion, &error);
  if (charts == NULL)
    {
      g_printerr ("crrc-dashboard: %s\n", error->message);
      return CRRC_CLI_EXIT_REFUSED;
    }

  if (command->export_dir != NULL)
    status = export_charts (charts, command->export_dir, format, width, height);
  if (status == CRRC_CLI_EXIT_OK && command->slides_path != NULL)
    status = export_slides (store, charts, &filter, command->slides_path);

  return status;
}

static gboolean
import_path_given (GVariantDict *options)
{
  return g_variant_dict_contains (options, "import") || g_variant_dict_contains (options, "export-csv")
    || g_variant_dict_contains (options, "output") || g_variant_dict_contains (options, "export-work");
}

/**
 * crrc_cli_run:
 * @options: the parsed command line
 * @cache_path: the cache file to use
 *
 * Returns: an exit status, or -1 when the command line asks for the window
 */
int
crrc_cli_run (GApplication *app,
              GVariantDict *options,
              const char   *cache_path)
{
  CliState *state = g_object_get_data (G_OBJECT (app), CLI_STATE_KEY);
  const char *import_path = NULL;
  const char *export_table = NULL;
  const char *output_path = NULL;
  const char *work_dir = NULL;
  const char *report_year = NULL;
  const char *report_region = NULL;
  const char *report_sector = NULL;
  gboolean report_json = FALSE;
  gboolean diffusion = FALSE;
  ChartCommand chart = { NULL };

  g_variant_dict_lookup (options, "diffusion", "b", &diffusion);

  g_variant_dict_lookup (options, "report", "&s", &report_year);
  g_variant_dict_lookup (options, "region", "&s", &report_region);
  g_variant_dict_lookup (options, "sector", "&s", &report_sector);
  g_variant_dict_lookup (options, "json", "b", &report_json);

  g_variant_dict_lookup (options, "export", "^&ay", &chart.export_dir);
  g_variant_dict_lookup (options, "slides", "^&ay", &chart.slides_path);
  g_variant_dict_lookup (options, "year", "&s", &chart.year);
  g_variant_dict_lookup (options, "format", "&s", &chart.format);
  g_variant_dict_lookup (options, "size", "&s", &chart.size);
  chart.region = report_region;
  chart.diffusion = diffusion;

  if (chart.export_dir != NULL || chart.slides_path != NULL)
    {
      if (report_year != NULL || import_path_given (options) || (state != NULL && state->sync))
        return usage_error (_("--export and --slides cannot be used with --report, --import, "
                              "--export-csv or --sync."));
      if (report_sector != NULL || report_json)
        return usage_error (_("--sector and --json go with --report."));
      return run_charts (&chart, cache_path);
    }
  if (chart.year != NULL || chart.format != NULL || chart.size != NULL)
    return usage_error (_("--year, --format and --size go with --export or --slides."));

  if (report_year != NULL)
    {
      if (import_path_given (options) || (state != NULL && state->sync))
        return usage_error (_("--report cannot be used with --import, --export-csv or --sync."));
      return run_report (report_year, report_region, report_sector, report_json, diffusion, cache_path);
    }
  if (report_region != NULL || report_sector != NULL || report_json)
    return usage_error (_("--region, --sector and --json go with --report."));

  g_variant_dict_lookup (options, "import", "^&ay", &import_path);
  g_variant_dict_lookup (options, "export-csv", "&s", &export_table);
  g_variant_dict_lookup (options, "output", "^&ay", &output_path);
  g_variant_dict_lookup (options, "export-work", "^&ay", &work_dir);

  if (diffusion && (import_path != NULL || work_dir != NULL || (state != NULL && state->sync)))
    return usage_error (_("--diffusion goes with --export, --slides, --export-csv or --report."));

  if (work_dir != NULL)
    {
      if (import_path != NULL || export_table != NULL || output_path != NULL || (state != NULL && state->sync))
        return usage_error (_("--export-work cannot be used with --import, --export-csv, --output or --sync."));
      if (work_dir[0] == '\0')
        return usage_error (_("--export-work needs the path of a folder."));
      return run_export_work (work_dir, cache_path);
    }

  if (import_path != NULL && export_table != NULL)
    return usage_error (_("--import and --export-csv cannot be used together."));

  if (state != NULL && state->sync)
    {
      if (import_path != NULL || export_table != NULL)
        return usage_error (_("--sync cannot be used with --import or --export-csv."));
      if (output_path != NULL)
        return usage_error (_("--output goes with --export-csv."));
      return run_sync (state->sync_url, cache_path);
    }

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
      return run_export (export_table, output_path, diffusion, cache_path);
    }

  if (diffusion)
    return usage_error (_("--diffusion goes with --export, --slides, --export-csv or --report."));

  return -1;
}
